"""What a refresh changed: one row of the Changes sheet for each refresh that writes the workbook.

A refresh compares the tracker as it read it, before merging the reports, with the tracker it
recomputed, and appends the row (:func:`record_changes`):

- **Order lines**: Lines Added and Lines Updated are the merge's own counts. Shipped, Delivered,
  Cancelled and Returned count the lines that were in the workbook before and whose Order Status
  moved to that status, each line matched as the merge matches it
  (:func:`amzsheet.merge.orders.match_lines`). A new line counts as added only, whatever its
  status, so that a first import of three months of orders is not three months of "delivered". A
  status the seller set in Excel before the refresh is not a change of the refresh.
- **Stock**: a SKU (case does not matter, as in Excel) new to Inventory counts as new; a SKU
  already there counts as changed when its Available Quantity differs from the value the
  workbook held (what the seller last saw), blank to a number included (its first count). A SKU
  counted before whose Available Quantity the workbook does not hold (a program that does not
  compute formulas saved it) is not counted: nothing says what it was.

The sheet keeps the newest row last and at most :data:`~amzsheet.contract.schema.MAX_CHANGE_ROWS`
rows; :func:`last_change` reads the newest back for the morning briefing. Pure: the refresh gives
the time (its clock is the import ledger's).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from amzsheet.contract.schema import (
    CANCELLED,
    CHANGE_COLUMNS,
    DELIVERED,
    MAX_CHANGE_ROWS,
    RETURNED,
    SHIPPED,
)
from amzsheet.contract.tables import conform
from amzsheet.merge.orders import match_lines
from amzsheet.model.compute import text_key
from amzsheet.model.tracker import Tracker

#: The statuses a row counts the moves to (each a column of the sheet, named as the status).
MOVES = (SHIPPED, DELIVERED, CANCELLED, RETURNED)
#: The most characters an Excel cell holds.
CELL_LIMIT = 32_767
#: Between two report names or SKUs in a cell.
SEPARATOR = ", "
_MORE = "… and {:,} more"


@dataclass(frozen=True)
class RefreshChanges:
    """What one refresh changed: a row of the Changes sheet.

    :param refreshed_at: when the refresh ran, in the time zone of Settings (None: the cell was cleared).
    :param as_of: the day its figures were computed for (None: the cell was cleared).
    :param reports: the file names of the reports it imported, in the order applied.
    :param lines_added: order lines new to Order Tracking.
    :param lines_updated: order lines that were there before, with a changed value.
    :param shipped: lines that were there before whose Order Status moved to Shipped.
    :param delivered: the same, to Delivered.
    :param cancelled: the same, to Cancelled.
    :param returned: the same, to Returned.
    :param new_skus: SKUs new to Inventory.
    :param stock_changed: the SKUs whose Available Quantity changed, A to Z (read back from the sheet: the
        ones its cell lists, which it cuts short past :data:`CELL_LIMIT` characters).
    :param stock_changed_count: how many SKUs' Available Quantity changed (the length of ``stock_changed``
        unless the cell was cut short).
    """

    refreshed_at: dt.datetime | None
    as_of: dt.date | None
    reports: tuple[str, ...] = ()
    lines_added: int = 0
    lines_updated: int = 0
    shipped: int = 0
    delivered: int = 0
    cancelled: int = 0
    returned: int = 0
    new_skus: int = 0
    stock_changed: tuple[str, ...] = ()
    stock_changed_count: int = 0


def record_changes(
    before: Tracker,
    after: Tracker,
    *,
    refreshed_at: dt.datetime,
    as_of: dt.date,
    reports: Sequence[str] = (),
    lines_added: int = 0,
    lines_updated: int = 0,
) -> Tracker:
    """``after`` with the row of what changed since ``before`` appended to its Changes table.

    :param before: the tracker as read, before the refresh merged its reports.
    :param after: the tracker merged and recomputed (:meth:`Tracker.recompute`).
    :param refreshed_at: when the refresh ran (the time zone of Settings).
    :param as_of: the day ``after`` was recomputed for.
    :param reports: the file names of the reports imported.
    :param lines_added: the merge's count of new order lines.
    :param lines_updated: the merge's count of changed order lines.
    """
    moves = status_moves(before.orders, after.orders)
    changed, new = stock_moves(before.inventory, after.inventory)
    change = RefreshChanges(
        refreshed_at=refreshed_at,
        as_of=as_of,
        reports=tuple(reports),
        lines_added=lines_added,
        lines_updated=lines_updated,
        shipped=moves[SHIPPED],
        delivered=moves[DELIVERED],
        cancelled=moves[CANCELLED],
        returned=moves[RETURNED],
        new_skus=len(new),
        stock_changed=tuple(changed),
        stock_changed_count=len(changed),
    )
    return replace(after, changes=append_change(after.changes, change))


def status_moves(before: pd.DataFrame, after: pd.DataFrame) -> dict[str, int]:
    """How many order lines of ``before`` have another Order Status in ``after``, for each status of :data:`MOVES`.

    :param before: Order Tracking before the refresh.
    :param after: Order Tracking after it (lines in any order: each is matched by its ids).
    """
    before, after = before.reset_index(drop=True), after.reset_index(drop=True)
    if _same_cells(before, after, ["Order ID", "SKU", "Order Item ID", "Order Status"]):
        return dict.fromkeys(MOVES, 0)  # the same lines in the same places (a refresh without orders): none moved
    rows = match_lines(after, before)
    found = rows >= 0
    old = before["Order Status"].fillna("").to_numpy(dtype=object)[found]
    new = after["Order Status"].fillna("").to_numpy(dtype=object)[rows[found]]
    moved = pd.Series(new[old != new], dtype=object).value_counts()
    return {status: int(moved.get(status, 0)) for status in MOVES}


def _same_cells(left: pd.DataFrame, right: pd.DataFrame, columns: list[str]) -> bool:
    """Whether two tables have the same rows, with the same text (blank as "") in ``columns``."""
    if len(left) != len(right):
        return False
    return all(
        np.array_equal(left[name].fillna("").to_numpy(dtype=object), right[name].fillna("").to_numpy(dtype=object))
        for name in columns
    )


def stock_moves(before: pd.DataFrame, after: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The SKUs whose Available Quantity changed, and the SKUs new to Inventory, each A to Z as ``after`` spells them.

    :param before: Inventory as the workbook held it (its Available Quantity as last computed).
    :param after: Inventory recomputed.
    """
    old, new = _by_sku(before), _by_sku(after)
    added = new.index.difference(old.index)
    kept = new.index.intersection(old.index)
    was, now = old.loc[kept, "Available Quantity"], new.loc[kept, "Available Quantity"]
    known = was.notna() | old.loc[kept, "Stock Counted"].isna()  # blank because never counted, not unknown
    differs = (was.isna() != now.isna()) | ((was - now).abs() > 1e-9)
    changed = new.loc[kept[(known & differs).to_numpy()], "SKU"]
    return _a_to_z(changed), _a_to_z(new.loc[added, "SKU"])


def _by_sku(inventory: pd.DataFrame) -> pd.DataFrame:
    """Inventory's first row of each SKU, indexed by the SKU as Excel compares it (blank SKUs left out)."""
    keyed = inventory.assign(_key=text_key(inventory["SKU"]).to_numpy())
    keyed = keyed[keyed["_key"] != ""].drop_duplicates("_key")
    return keyed.set_index("_key")


def _a_to_z(skus: pd.Series) -> list[str]:
    return sorted((str(sku) for sku in skus), key=lambda sku: (sku.casefold(), sku))


def append_change(table: pd.DataFrame, change: RefreshChanges, keep: int = MAX_CHANGE_ROWS) -> pd.DataFrame:
    """The Changes table with ``change`` as its last row, and at most ``keep`` rows (the oldest go).

    The rows already there are put back in the order they were written (by Refreshed At), in case
    the table was sorted in Excel.
    """
    table = conform(table, CHANGE_COLUMNS)
    row: dict[str, Any] = {
        "Refreshed At": change.refreshed_at,
        "As Of": None if change.as_of is None else pd.Timestamp(change.as_of),
        "Reports": joined(change.reports),
        "Lines Added": change.lines_added,
        "Lines Updated": change.lines_updated,
        "Shipped": change.shipped,
        "Delivered": change.delivered,
        "Cancelled": change.cancelled,
        "Returned": change.returned,
        "New SKUs": change.new_skus,
        "Stock Changed": change.stock_changed_count,
        "SKUs": joined(change.stock_changed),
    }
    added = pd.DataFrame([row]).reindex(columns=table.columns).astype(table.dtypes.to_dict())
    written = table.sort_values("Refreshed At", kind="stable", na_position="first")
    result = pd.concat([written, added], ignore_index=True) if len(written) else added
    return result.tail(max(keep, 1)).reset_index(drop=True)


def last_change(table: pd.DataFrame) -> RefreshChanges | None:
    """The newest row of the Changes table (the latest Refreshed At; the last of equal ones), or None when empty."""
    if table.empty:
        return None
    row = conform(table, CHANGE_COLUMNS).sort_values("Refreshed At", kind="stable", na_position="first").iloc[-1]
    skus = split_joined(row["SKUs"])
    changed = row["Stock Changed"]
    return RefreshChanges(
        refreshed_at=None if pd.isna(row["Refreshed At"]) else pd.Timestamp(row["Refreshed At"]).to_pydatetime(),
        as_of=None if pd.isna(row["As Of"]) else pd.Timestamp(row["As Of"]).date(),
        reports=split_joined(row["Reports"]),
        lines_added=_count(row["Lines Added"]),
        lines_updated=_count(row["Lines Updated"]),
        shipped=_count(row["Shipped"]),
        delivered=_count(row["Delivered"]),
        cancelled=_count(row["Cancelled"]),
        returned=_count(row["Returned"]),
        new_skus=_count(row["New SKUs"]),
        stock_changed=skus,
        stock_changed_count=len(skus) if pd.isna(changed) else _count(changed),
    )


def _count(value: Any) -> int:
    return 0 if pd.isna(value) else int(value)


def joined(items: Sequence[str], limit: int = CELL_LIMIT) -> str | None:
    """``items`` as the text of one cell: joined by :data:`SEPARATOR`, at most ``limit`` characters (None: no items).

    A list too long for the cell keeps the items that fit and ends with "… and N more".
    """
    if not items:
        return None
    text = SEPARATOR.join(items)
    if len(text) <= limit:
        return text
    # ends[k]: the length of the first k items joined, with the separator before the tail.
    ends = [0, *itertools.accumulate(len(item) + len(SEPARATOR) for item in items)]
    fits = (k for k in range(len(items)) if ends[k] + len(_MORE.format(len(items) - k)) <= limit)
    shown = max(fits, default=0)
    return SEPARATOR.join([*items[:shown], _MORE.format(len(items) - shown)])


def split_joined(text: Any) -> tuple[str, ...]:
    """The items of a cell written by :func:`joined` (the "… and N more" tail left out); () for a blank cell."""
    if not isinstance(text, str) or not text.strip():
        return ()
    items = [item.strip() for item in text.split(SEPARATOR)]
    return tuple(item for item in items if item and not item.startswith("… and "))
