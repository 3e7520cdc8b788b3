"""The daily stock history, and the days each SKU was in stock.

The hidden Stock History sheet holds each counted SKU's stock on the morning of a day
(its Available Quantity at the refresh, less what moved that day). A refresh writes a
row only when it is news: the SKU's first day, or a day its stock is not what the
previous row, moved on by the dated sales, restocked returns and purchase-order
receipts since, gives (a count, units typed in by hand, Amazon's inventory report, an
order cancelled later). Every other day follows from the rows, so the history is daily
without a row per SKU and day: a catalogue of 2,000 SKUs would otherwise write 800,000
rows a year.

A day of the sales window counts as in stock when the SKU sold that day, or when its
stock that morning was above 0: from the last row on or before that day, moved on; else
(or when the SKU was counted after that row) from the count, moved on the same way.
Days before the count without any row count as in stock: nothing is known about them.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from amzsheet.contract.schema import CANCELLED
from amzsheet.model.compute import text_equals, text_key

#: Rows older than this many days are dropped, except each SKU's newest one (the sales window is at most 365 days).
KEEP_DAYS = 400
STOCK = "Morning Stock"


def record_snapshot(
    history: pd.DataFrame,
    inventory: pd.DataFrame,
    orders: pd.DataFrame,
    purchase_orders: pd.DataFrame,
    today: dt.date,
) -> pd.DataFrame:
    """``history`` with today's morning stock of each counted SKU where it is news (see the module).

    Today's earlier rows are replaced; rows are ordered by date, then SKU.
    """
    day = pd.Timestamp(today)
    earlier = history[history["Date"].dt.normalize() != day]
    flows = StockFlows(orders, purchase_orders)
    snapshots = _Snapshots(earlier[earlier["Date"] < day])
    counted = inventory[inventory["Available Quantity"].notna() & inventory["SKU"].notna()]
    counted = counted[~text_key(counted["SKU"]).duplicated()]
    fresh = []
    for key, sku, available in zip(text_key(counted["SKU"]), counted["SKU"], counted["Available Quantity"]):
        morning = available - flows.since(key, day)
        taken_on, values = snapshots.of(key)
        if len(taken_on):
            predicted = values[-1] + flows.between(key, taken_on[-1], day)
            if abs(predicted - morning) < 1e-6:
                continue
        fresh.append({"Date": day, "SKU": sku, STOCK: float(morning)})
    rows = pd.DataFrame(fresh, columns=["Date", "SKU", STOCK]).astype({"Date": "datetime64[ns]", STOCK: "float64"})
    combined = pd.concat([_prune(earlier, day), rows], ignore_index=True) if len(earlier) else rows
    return combined.sort_values(["Date", "SKU"], kind="stable").reset_index(drop=True)


def _prune(history: pd.DataFrame, today: pd.Timestamp) -> pd.DataFrame:
    """Rows of the last :data:`KEEP_DAYS` days, and each SKU's newest older row (later days follow from it)."""
    recent = history["Date"] >= today - pd.Timedelta(days=KEEP_DAYS)
    old = history[~recent].sort_values("Date", kind="stable")
    newest_old = old[~text_key(old["SKU"]).duplicated(keep="last")]
    return pd.concat([newest_old, history[recent]])[["Date", "SKU", STOCK]]


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
    flows = StockFlows(orders, purchase_orders)
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
    flows: StockFlows,
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
        carried = value + moved[known] - flows.before(key, day)
        if has_count:  # a count after the row's morning, and by this morning, is newer news
            recount = (count_day > day) & (count_day <= mornings[known])
            carried = np.where(recount, stock[known], carried)
        stock[known] = carried
    return stock


class StockFlows:
    """Dated units that move a SKU's stock: sales (out), restocked returns and received purchase orders (in).

    Built once per recompute and looked up by SKU key (see :func:`amzsheet.model.compute.text_key`).
    """

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

    def since(self, key: str, moment: pd.Timestamp) -> float:
        """Net units of ``key`` dated at or after ``moment``."""
        return self._total(key) - self._at(key, moment)

    def between(self, key: str, start: np.datetime64, end: pd.Timestamp) -> float:
        """Net units of ``key`` dated from ``start`` (included) to ``end`` (excluded)."""
        return self._at(key, end) - self._at(key, start)

    def _at(self, key: str, moment: pd.Timestamp | np.datetime64) -> float:
        return float(self.before(key, np.array([np.datetime64(pd.Timestamp(moment), "ns")]))[0])

    def _total(self, key: str) -> float:
        rows = self._rows.get(key, np.array([], dtype=int))
        return float(self._units[rows].sum())

    def after_until(self, key: str, since: pd.Timestamp, until: pd.Timestamp) -> float:
        """Net units of ``key`` dated after ``since`` (NaT: from the first) and at or before ``until``."""
        counted = self.before(key, np.array([np.datetime64(pd.Timestamp(until), "ns")]), inclusive=True)[0]
        if pd.isna(since):
            return float(counted)
        earlier = self.before(key, np.array([np.datetime64(pd.Timestamp(since), "ns")]), inclusive=True)[0]
        return float(counted - earlier)

    def before(self, key: str, moments: np.ndarray, *, inclusive: bool = False) -> np.ndarray:
        """Net units of ``key`` dated before each of ``moments`` (or at it, with ``inclusive``)."""
        rows = self._rows.get(key, np.array([], dtype=int))
        when = self._when[rows]
        running = np.concatenate([[0.0], np.cumsum(self._units[rows])])
        return running[np.searchsorted(when, moments, side="right" if inclusive else "left")]


class _Snapshots:
    """The snapshot days (ascending) and stock of each SKU key; the last snapshot of a day counts."""

    def __init__(self, history: pd.DataFrame):
        rows = history.dropna(subset=["Date", STOCK])
        rows = rows.assign(key=text_key(rows["SKU"]), day=rows["Date"].dt.normalize())
        last = rows.sort_values("Date", kind="stable").groupby(["key", "day"])[STOCK].last()  # sorted by key, day
        keys = last.index.get_level_values("key").to_numpy()
        days = last.index.get_level_values("day").to_numpy(dtype="datetime64[ns]")
        stock = last.to_numpy("float64")
        starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]])) if len(keys) else np.array([], int)
        ends = np.append(starts[1:], len(keys))
        # One slice of the sorted arrays per key (a pandas group per key took a second for 7,000 SKUs).
        self._by_key = {keys[start]: (days[start:end], stock[start:end]) for start, end in zip(starts, ends)}

    def of(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        empty = (np.array([], dtype="datetime64[ns]"), np.array([], dtype="float64"))
        return self._by_key.get(key, empty)


def _cancelled(orders: pd.DataFrame) -> pd.Series:
    return text_equals(orders["Order Status"], CANCELLED)


def _daily(frame: pd.DataFrame, date: str, units: str, keys: pd.Series, days: pd.DatetimeIndex) -> np.ndarray:
    """Units per SKU (rows in the order of ``keys``) and day (columns ``days``, each day once)."""
    column = days.get_indexer(frame[date].dt.normalize())  # -1: not one of the days (or no date)
    skus = pd.Index(pd.unique(keys.to_numpy()))
    row = skus.get_indexer(text_key(frame["SKU"]))  # -1: a SKU none of the rows has
    inside = (column >= 0) & (row >= 0)
    table = np.zeros((len(skus), len(days)))
    np.add.at(table, (row[inside], column[inside]), frame[units].fillna(0).to_numpy(dtype="float64")[inside])
    return table[skus.get_indexer(keys.to_numpy())]
