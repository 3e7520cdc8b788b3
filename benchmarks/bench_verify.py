"""Check the refreshed workbook of a benchmark run: every line there, the new ones, the moved statuses.

The workbook's Order Tracking rows are read with python-calamine, streamed so that a million rows
need little memory. When amzsheet has an order archive (``amzsheet.history``), every line, in the
workbook and in the archive, is counted through it as well.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from python_calamine import CalamineWorkbook

import amzsheet
from amzsheet.contract.archive import WORKBOOK_LINE_LIMIT

if TYPE_CHECKING:
    from refresh_benchmark import Setup

ORDERS_SHEET = "Order Tracking"


@dataclass
class Lines:
    """What a benchmark checks in a set of order lines: how many, which new ids, the updated statuses."""

    count: int = 0
    new_ids: set[str] = field(default_factory=set)
    statuses: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, rows: Iterable[tuple[Any, Any, Any]], new_ids: set[str], updated: set[tuple[str, str]]) -> None:
        """Count ``rows`` of (order id, SKU, status), keeping the new ids and the updated lines' statuses."""
        for order_id, sku, status in rows:
            self.count += 1
            if order_id in new_ids:
                self.new_ids.add(order_id)
            if (order_id, sku) in updated:
                self.statuses[(order_id, sku)] = status


def workbook_lines(workbook: Path, new_ids: set[str], updated: set[tuple[str, str]]) -> Lines:
    """The Order Tracking rows of ``workbook`` (blank rows left out), read by python-calamine."""
    rows = iter(CalamineWorkbook.from_path(str(workbook)).get_sheet_by_name(ORDERS_SHEET).iter_rows())
    at: list[int] = []
    for row in rows:  # the header is under the legend of the alert colours
        if "Order ID" in row:
            at = [row.index(name) for name in ("Order ID", "SKU", "Order Status")]
            break
    found = Lines()
    picked = ((row[at[0]], row[at[1]], row[at[2]]) for row in rows)
    found.add((line for line in picked if any(value not in ("", None) for value in line)), new_ids, updated)
    return found


def history_lines(workbook: Path, new_ids: set[str], updated: set[tuple[str, str]]) -> Lines | None:
    """Every order line, workbook and archive, through ``amzsheet.history``; None before the archive exists."""
    history = getattr(amzsheet, "history", None)
    if history is None:
        return None
    frame = history(workbook)[["Order ID", "SKU", "Order Status"]].astype(object)
    found = Lines()
    found.add(frame.itertuples(index=False, name=None), new_ids, updated)
    return found


def verify(workbook: Path, prepared: Setup, job: dict[str, Any], scenario: str) -> dict[str, Any]:
    """Check the workbook ``job`` refreshed; ``ok`` says whether every check passed."""
    daily = prepared.daily
    morning = scenario == "catalogue"  # no report: nothing new, nothing updated
    updates = {} if morning else daily.updates
    new_ids = set() if morning else daily.new_ids
    in_workbook = workbook_lines(workbook, new_ids, set(updates))
    every = history_lines(workbook, new_ids, set(updates)) or in_workbook
    expected = prepared.base_lines + (0 if morning else daily.new_lines)
    checks = {
        "workbook_lines": in_workbook.count,
        "all_lines": every.count,
        "expected_lines": expected,
        "archived_lines": every.count - in_workbook.count,
        "new_ids_missing": len(new_ids - every.new_ids),
        "updates_with_wrong_status": sum(every.statuses.get(key) != status for key, status in updates.items()),
        "reported_new_lines": job["new_lines"],
        "reported_updated_lines": job["updated_lines"],
        "expected_new_lines": 0 if morning else daily.new_lines,
        "expected_updated_lines": len(updates),
        "written": job["written"],
        "reasons": job["reasons"],
    }
    checks["ok"] = (
        every.count == expected
        and in_workbook.count <= WORKBOOK_LINE_LIMIT
        and checks["new_ids_missing"] == 0
        and checks["updates_with_wrong_status"] == 0
        and job["new_lines"] == checks["expected_new_lines"]
        and job["updated_lines"] == len(updates)
        and job["written"]
        and (not morning or "new day" in job["reasons"])
    )
    return checks
