"""The daily stock snapshot, and the days each SKU was in stock.

Each refresh records every counted SKU's Available Quantity for its day on the hidden
Stock History sheet (a later refresh on the same day replaces it). A day of the sales
window counts as in stock when the SKU sold that day, or when its stock that morning
was above 0. The morning stock is the snapshot of that day; else the last snapshot
before it, moved on by the dated sales, restocked returns and purchase-order receipts
since; else (or when the SKU was counted after that snapshot) the count, moved on the
same way. Days before the count without any snapshot count as in stock: nothing is
known about them.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .compute import text_key
from .schema import CANCELLED

#: Snapshots older than this many days are dropped (the sales window is at most 365 days).
KEEP_DAYS = 400


def record_snapshot(history: pd.DataFrame, inventory: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """``history`` with today's Available Quantity of every counted SKU, replacing today's earlier rows.

    Rows older than :data:`KEEP_DAYS` are dropped; rows are ordered by date, then SKU.
    """
    day = pd.Timestamp(today)
    counted = inventory[inventory["Available Quantity"].notna() & inventory["SKU"].notna()]
    counted = counted[~text_key(counted["SKU"]).duplicated()]
    fresh = pd.DataFrame(
        {
            "Date": pd.Series(day, index=counted.index, dtype="datetime64[ns]"),
            "SKU": counted["SKU"].astype(object),
            "Available Quantity": counted["Available Quantity"].astype("float64"),
        }
    )
    kept = history[(history["Date"] != day) & (history["Date"] >= day - pd.Timedelta(days=KEEP_DAYS))]
    combined = pd.concat([kept[fresh.columns], fresh], ignore_index=True) if len(kept) else fresh
    return combined.sort_values(["Date", "SKU"], kind="stable").reset_index(drop=True)


def in_stock_days(
    inventory: pd.DataFrame,
    orders: pd.DataFrame,
    purchase_orders: pd.DataFrame,
    history: pd.DataFrame,
    today: dt.date,
    window_days: int,
) -> pd.Series:
    """Days of the ``window_days`` full days before today on which each Inventory SKU was in stock."""
    start = pd.Timestamp(today) - pd.Timedelta(days=window_days)
    days = pd.date_range(start, periods=window_days, freq="D")
    in_stock = in_stock_by_day(inventory, orders, purchase_orders, history, days)
    return pd.Series(in_stock.sum(axis=1), index=inventory.index, dtype="float64")


def in_stock_by_day(
    inventory: pd.DataFrame,
    orders: pd.DataFrame,
    purchase_orders: pd.DataFrame,
    history: pd.DataFrame,
    days: pd.DatetimeIndex,
) -> np.ndarray:
    """Whether each Inventory row's SKU (rows) was in stock on each of ``days`` (columns)."""
    keys = text_key(inventory["SKU"])
    sold = _daily(orders[~_cancelled(orders)], "Order Date", "Quantity", keys, days)
    flows = _StockFlows(orders, purchase_orders)
    snapshots = _Snapshots(history)
    counted_on = inventory["Count Date"].to_numpy(dtype="datetime64[ns]")
    counted = (inventory["Stock Counted"] + inventory["Received Since Count"].fillna(0)).to_numpy(dtype="float64")
    mornings = days.to_numpy(dtype="datetime64[ns]")
    rows = [
        _morning_stock(key, count_day, units, flows, snapshots, mornings)
        for key, count_day, units in zip(keys.to_numpy(), counted_on, counted)
    ]
    stock = np.vstack(rows) if rows else np.empty((0, len(days)))
    return (sold > 0) | ~(stock <= 0)  # NaN (unknown) counts as in stock


def _morning_stock(
    key: str,
    count_day: np.datetime64,
    counted: float,
    flows: _StockFlows,
    snapshots: _Snapshots,
    mornings: np.ndarray,
) -> np.ndarray:
    """One SKU's stock on each morning: from the snapshots, else from its count; NaN where unknown."""
    moved = flows.before(key, mornings)  # net units in (+) and out (-) dated before each morning
    stock = np.full(len(mornings), np.nan)
    has_count = not (np.isnat(count_day) or np.isnan(counted))
    if has_count:
        stock = counted + moved - flows.before(key, np.array([count_day]), inclusive=True)[0]
        stock[mornings < count_day] = np.nan
    taken_on, values = snapshots.of(key)
    if len(taken_on):
        last = np.searchsorted(taken_on, mornings, side="right") - 1  # the last snapshot on or before each day
        known = last >= 0
        day, value = taken_on[last[known]], values[last[known]]
        next_morning = day + np.timedelta64(1, "D")
        carried = np.where(day == mornings[known], value, value + moved[known] - flows.before(key, next_morning))
        if has_count:  # a count after the snapshot's day, and by this morning, is newer news
            recount = (count_day >= next_morning) & (count_day <= mornings[known])
            carried = np.where(recount, stock[known], carried)
        stock[known] = carried
    return stock


class _StockFlows:
    """Dated units that move a SKU's stock: sales (out), restocked returns and received purchase orders (in)."""

    def __init__(self, orders: pd.DataFrame, purchase_orders: pd.DataFrame):
        sold = orders[~_cancelled(orders)]
        returned = orders[orders["Restocked Qty"].notna()]
        received = purchase_orders[purchase_orders["Received Date"].notna()]
        parts = [
            (sold["SKU"], sold["Order Date"], -sold["Quantity"].fillna(0)),
            (returned["SKU"], returned["Return Date"], returned["Restocked Qty"]),
            (received["SKU"], received["Received Date"], received["Quantity"].fillna(0)),
        ]
        frame = pd.DataFrame(
            {
                "key": pd.concat([text_key(sku) for sku, _, _ in parts], ignore_index=True),
                "when": pd.concat([when for _, when, _ in parts], ignore_index=True).astype("datetime64[ns]"),
                "units": pd.concat([units for _, _, units in parts], ignore_index=True).astype("float64"),
            }
        ).dropna(subset=["when"])
        frame = frame.sort_values("when", kind="stable")
        self._when = frame["when"].to_numpy(dtype="datetime64[ns]")
        self._units = frame["units"].to_numpy(dtype="float64")
        self._rows = pd.Series(range(len(frame))).groupby(frame["key"].to_numpy()).indices

    def before(self, key: str, moments: np.ndarray, *, inclusive: bool = False) -> np.ndarray:
        """Net units of ``key`` dated before each of ``moments`` (or at it, with ``inclusive``)."""
        rows = self._rows.get(key, np.array([], dtype=int))
        when = self._when[rows]
        running = np.concatenate([[0.0], np.cumsum(self._units[rows])])
        return running[np.searchsorted(when, moments, side="right" if inclusive else "left")]


class _Snapshots:
    """The snapshot days (ascending) and stock of each SKU key; the last snapshot of a day counts."""

    def __init__(self, history: pd.DataFrame):
        rows = history.dropna(subset=["Date", "Available Quantity"])
        rows = rows.assign(key=text_key(rows["SKU"]), day=rows["Date"].dt.normalize())
        last = rows.sort_values("Date", kind="stable").groupby(["key", "day"])["Available Quantity"].last()
        self._by_key = {
            key: (group.index.get_level_values("day").to_numpy(dtype="datetime64[ns]"), group.to_numpy("float64"))
            for key, group in last.groupby(level="key")
        }

    def of(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        empty = (np.array([], dtype="datetime64[ns]"), np.array([], dtype="float64"))
        return self._by_key.get(key, empty)


def _cancelled(orders: pd.DataFrame) -> pd.Series:
    return text_key(orders["Order Status"]) == CANCELLED.lower()


def _daily(frame: pd.DataFrame, date: str, units: str, keys: pd.Series, days: pd.DatetimeIndex) -> np.ndarray:
    """Units per SKU (rows in the order of ``keys``) and day (columns ``days``)."""
    day = frame[date].dt.normalize()
    inside = day.isin(days)
    grouped = frame.loc[inside, units].fillna(0).groupby([text_key(frame.loc[inside, "SKU"]), day[inside]]).sum()
    table = grouped.unstack(fill_value=0.0).reindex(columns=days, fill_value=0.0)
    return table.reindex(keys.to_numpy(), fill_value=0.0).fillna(0.0).to_numpy()
