"""The daily stock snapshot, and the days each SKU was in stock.

Each refresh records every counted SKU's Available Quantity for its day on the hidden
Stock History sheet (a later refresh on the same day replaces it). A day of the sales
window counts as in stock when the SKU sold that day, or when its stock that morning
was above 0: the snapshot of that day, else the last one before it, else, for days
before the first snapshot, the stock rebuilt from the SKU's count and the dated sales,
returns and purchase-order receipts since. Days before a SKU's Count Date without any
snapshot count as in stock: nothing is known about them.
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
    keys = text_key(inventory["SKU"])
    sold = _daily(orders[~_cancelled(orders)], "Order Date", "Quantity", keys, days)
    stock = _snapshots(history, keys, days)
    rebuilt = _rebuilt_stock(inventory, orders, purchase_orders, days)
    known = stock.notna()
    first_snapshot = known.to_numpy().argmax(axis=1)
    has_snapshot = known.to_numpy().any(axis=1)
    before_first = np.arange(window_days)[None, :] < np.where(has_snapshot, first_snapshot, window_days)[:, None]
    filled = stock.ffill(axis=1).to_numpy()
    morning = np.where(before_first, rebuilt, filled)
    in_stock = (sold > 0) | ~(morning <= 0)  # NaN (unknown) counts as in stock
    return pd.Series(in_stock.sum(axis=1), index=inventory.index, dtype="float64")


def _cancelled(orders: pd.DataFrame) -> pd.Series:
    return text_key(orders["Order Status"]) == CANCELLED.lower()


def _daily(frame: pd.DataFrame, date: str, units: str, keys: pd.Series, days: pd.DatetimeIndex) -> np.ndarray:
    """Units per SKU (rows in the order of ``keys``) and day (columns ``days``)."""
    day = frame[date].dt.normalize()
    inside = day.isin(days)
    grouped = frame.loc[inside, units].fillna(0).groupby([text_key(frame.loc[inside, "SKU"]), day[inside]]).sum()
    table = grouped.unstack(fill_value=0.0).reindex(columns=days, fill_value=0.0)
    return table.reindex(keys.to_numpy(), fill_value=0.0).fillna(0.0).to_numpy()


def _snapshots(history: pd.DataFrame, keys: pd.Series, days: pd.DatetimeIndex) -> pd.DataFrame:
    """Snapshot stock per SKU and day; the last snapshot before the window stands for its first day."""
    rows = history.dropna(subset=["Date", "Available Quantity"])
    rows = rows.assign(key=text_key(rows["SKU"]), day=rows["Date"].dt.normalize()).sort_values("Date", kind="stable")
    earlier = rows["day"] < days[0]
    carried = rows[earlier].groupby("key")["Available Quantity"].last()
    inside = rows[~earlier & rows["day"].isin(days)]
    table = inside.groupby(["key", "day"])["Available Quantity"].last().unstack()
    table = table.reindex(index=keys.to_numpy(), columns=days)
    table[days[0]] = table[days[0]].fillna(carried.reindex(table.index))
    return table.set_axis(keys.index)


def _rebuilt_stock(
    inventory: pd.DataFrame, orders: pd.DataFrame, purchase_orders: pd.DataFrame, days: pd.DatetimeIndex
) -> np.ndarray:
    """Stock of each SKU on the morning of each day, rebuilt from its count; NaN before the count or without one.

    Morning of day d = Stock Counted + Received Since Count + dated receipts and restocked
    returns - sold units, all after the Count Date and before d.
    """
    keys = text_key(inventory["SKU"]).to_numpy()
    count = inventory["Count Date"].to_numpy(dtype="datetime64[ns]")
    base = (inventory["Stock Counted"] + inventory["Received Since Count"].fillna(0)).to_numpy(dtype="float64")
    flows = [
        _Flow(orders[~_cancelled(orders)], "Order Date", "Quantity", -1.0),
        _Flow(orders[orders["Restocked Qty"].notna()], "Return Date", "Restocked Qty", 1.0),
        _Flow(purchase_orders[purchase_orders["Received Date"].notna()], "Received Date", "Quantity", 1.0),
    ]
    mornings = days.to_numpy(dtype="datetime64[ns]")
    result = np.full((len(keys), len(days)), np.nan)
    for row, (key, counted_on, stock) in enumerate(zip(keys, count, base)):
        if np.isnan(stock) or np.isnat(counted_on):
            continue
        level = np.full(len(days), stock)
        for flow in flows:
            when, amount = flow.of(key)
            after = when > counted_on
            when, amount = when[after], amount[after]
            # units dated after the count and before each morning
            order = np.argsort(when, kind="stable")
            running = np.concatenate([[0.0], np.cumsum(amount[order])])
            level += flow.sign * running[np.searchsorted(when[order], mornings, side="left")]
        level[mornings < counted_on] = np.nan
        result[row] = level
    return result


class _Flow:
    """Dated units of one kind (sales, returns, receipts), looked up by SKU key."""

    def __init__(self, frame: pd.DataFrame, date: str, units: str, sign: float):
        self.sign = sign
        self._when = frame[date].to_numpy(dtype="datetime64[ns]")
        self._amount = frame[units].fillna(0).to_numpy(dtype="float64")
        self._rows = pd.Series(range(len(frame))).groupby(text_key(frame["SKU"]).to_numpy()).indices

    def of(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        rows = self._rows.get(key, np.array([], dtype=int))
        return self._when[rows], self._amount[rows]
