"""The benchmark's daily All Orders export: new order lines and status updates of recent ones.

About 75 % of the export's lines are new, 25 % move recent lines of the base tracker forward
(Pending -> Shipped, Shipped -> Delivered...), in Amazon's exact format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from bench_tracker import DAY, SECOND, SNAPSHOT_HOUR_UTC, TODAY, Catalog, Ids, Plan, State, state_at, utc_ns

from amzsheet.samples.exports import ALL_ORDERS_HEADER, write_tsv

EXPORT_NAME = f"All-Orders-{TODAY.isoformat()}.txt"
UPDATE_SHARE = 0.25
_PLACES = (("AUSTIN", "TX", "78704"), ("Denver", "CO", "80205"), ("Portland", "OR", "97214"), ("Tampa", "FL", "33606"))
# Tracker status -> (Amazon order-status, item-status) in an All Orders report.
_AMAZON_STATUS = {
    "Pending": ("Pending", "Unshipped"),
    "Unshipped": ("Unshipped", "Unshipped"),
    "Shipped": ("Shipped", "Shipped"),
    "Delivered": ("Shipped - Delivered to Buyer", "Shipped"),
    "Returned": ("Shipped - Returned to Seller", "Shipped"),
    "Cancelled": ("Cancelled", "Cancelled"),
}


@dataclass(frozen=True)
class Daily:
    """What the daily export holds, for writing it and checking the refresh."""

    rows: list[list[str]]
    new_ids: set[str]
    new_lines: int
    updates: dict[tuple[str, str], str]  # (order id, sku) -> tracker status after the refresh


def pick_updates(plan: Plan, before: State, wanted: int) -> np.ndarray:
    """Indices of recent base lines whose status can move forward, by order, newest order first.

    Open lines (Pending/Unshipped, except those that stay unshipped) come first,
    then Shipped lines shipped at least 2 days before the base snapshot. Only the
    last order picked may be cut short to give exactly ``wanted`` lines.
    """
    base_moment = utc_ns(TODAY - dt.timedelta(days=1), SNAPSHOT_HOUR_UTC)
    is_open = np.isin(before.status, ["Pending", "Unshipped"]) & ~(
        plan.holds & (base_moment - plan.purchased < 3 * DAY)
    )
    in_transit = (before.status == "Shipped") & (before.shipped <= base_moment - 2 * DAY)
    picked: list[int] = []
    for group in (is_open, in_transit):
        orders = np.unique(plan.line_order[group])[::-1]  # newest order first
        lines = np.flatnonzero(np.isin(plan.line_order, orders[: wanted + 1]) & group)
        lines = lines[np.lexsort((plan.position[lines], -plan.line_order[lines]))]
        picked.extend(lines[: wanted - len(picked)].tolist())
        if len(picked) >= wanted:
            break
    return np.array(picked, dtype=np.int64)


def moved_forward(rng: np.random.Generator, status: np.ndarray, line_order: np.ndarray) -> np.ndarray:
    """Next status of each picked line; the lines of one order move together."""
    _, order_index = np.unique(line_order, return_inverse=True)
    roll = rng.random(order_index.max() + 1 if len(order_index) else 0)[order_index]
    from_open = np.where(roll < 0.03, "Cancelled", "Shipped")
    from_shipped = np.where(roll < 0.05, "Returned", "Delivered")
    return np.where(np.isin(status, ["Pending", "Unshipped"]), from_open, from_shipped).astype(object)


def export_rows(
    plan: Plan, lines: np.ndarray, status: np.ndarray, updated: np.ndarray, ids: np.ndarray, catalog: Catalog
) -> list[list[str]]:
    """All Orders report rows (ALL_ORDERS_HEADER order) of ``plan``'s ``lines``."""

    def iso(ns: np.ndarray) -> list[str]:
        return pd.to_datetime(ns, unit="ns").strftime("%Y-%m-%dT%H:%M:%S+00:00").tolist()

    purchased, last = iso(plan.purchased[lines]), iso(updated)
    rows = []
    for k, line in enumerate(lines.tolist()):
        order_id, sku, fba = ids[plan.line_order[line]], int(plan.sku[line]), bool(plan.fba[line])
        order_status, item_status = _AMAZON_STATUS[status[k]]
        cancelled = status[k] == "Cancelled"
        cents = int(catalog.cents[sku]) * int(plan.quantity[line])
        city, state, postal = _PLACES[int(plan.line_order[line]) % len(_PLACES)]
        rows.append([
            order_id, order_id if fba else "", purchased[k], last[k], order_status, "Amazon" if fba else "Merchant",
            "Amazon.com", "" if fba else "WebsiteOrderChannel", "", "Standard", catalog.names[sku],
            catalog.skus[sku], catalog.asins[sku], item_status, "0" if cancelled else str(plan.quantity[line]), "USD",
            "" if cancelled else f"{cents // 100}.{cents % 100:02d}", "", "", "", "", "", "", "",
            city, state, postal, "US", "", "false", "", "",
        ])  # fmt: skip
    return rows


def daily_export(
    rng: np.random.Generator, base: Plan, before: State, picked: np.ndarray, new: Plan, ids: Ids, catalog: Catalog
) -> Daily:
    """The export's rows: the picked base lines moved forward, and the new lines; newest order first."""
    start = utc_ns(TODAY - dt.timedelta(days=1), SNAPSHOT_HOUR_UTC)
    end = utc_ns(TODAY, SNAPSHOT_HOUR_UTC)
    status = moved_forward(rng, before.status[picked], base.line_order[picked])
    moment = rng.integers(start + 1, end, size=len(picked)) // SECOND * SECOND
    update_rows = export_rows(base, picked, status, moment, ids.base, catalog)
    after = state_at(new, end)
    new_rows = export_rows(new, np.arange(len(new.sku)), after.status, after.last_updated, ids.new, catalog)
    updates = {(row[0], row[11]): str(s) for row, s in zip(update_rows, status)}
    rows = sorted(update_rows + new_rows, key=lambda row: (row[2], row[0]), reverse=True)
    return Daily(rows, set(ids.new.tolist()), len(new_rows), updates)


def write_export(path: Path, rows: list[list[str]]) -> None:
    """Write an All Orders report: UTF-8, tab-separated, unquoted, CRLF line ends."""
    write_tsv(path, ALL_ORDERS_HEADER, rows, "\r\n")
