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

The arithmetic runs on arrays, with no Python loop per SKU: the flows and the rows are sorted by
SKU key, then moment (:class:`_Grouped`), so that what moved before a moment is a difference of
running totals, and the days of a few hundred SKUs at a time are worked out together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np
import pandas as pd

from amzsheet.contract.schema import CANCELLED
from amzsheet.model.compute import text_equals, text_key

#: Rows older than this many days are dropped, except each SKU's newest one (the sales window is at most 365 days).
KEEP_DAYS = 400
_CHUNK_ROWS = 512  # Inventory rows whose daily stock is worked out at once
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
    all_keys = text_key(counted["SKU"])
    counted, keys = counted[~all_keys.duplicated()], all_keys[~all_keys.duplicated()].to_numpy()
    today_ns = np.full(len(keys), day.to_datetime64().astype("datetime64[ns]"))
    morning = counted["Available Quantity"].to_numpy(dtype="float64") - flows.since(keys, today_ns)
    last, known = snapshots.last_on_or_before(keys, today_ns)
    predicted = snapshots.stock[last] + flows.between(keys, snapshots.days[last], today_ns)
    news = ~known | ~(np.abs(predicted - morning) < 1e-6)
    rows = pd.DataFrame({"Date": day, "SKU": counted["SKU"].to_numpy()[news], STOCK: morning[news]})
    rows = rows.astype({"Date": "datetime64[ns]", STOCK: "float64"})
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
    """Whether each Inventory row's SKU (rows) was in stock on each of ``days`` (consecutive, the columns)."""
    keys = text_key(inventory["SKU"]).to_numpy()
    flows, snapshots = StockFlows(orders, purchase_orders), _Snapshots(history)
    in_stock = np.empty((len(keys), len(days)), dtype=bool)
    for rows, stock, sold in _daily_chunks(inventory, keys, flows, snapshots, days):
        in_stock[rows] = (sold > 0) | ~(stock <= 0)  # NaN (unknown) counts as in stock
    return in_stock


def morning_stock(
    inventory: pd.DataFrame,
    keys: np.ndarray,
    flows: StockFlows,
    snapshots: _Snapshots,
    days: pd.DatetimeIndex,
) -> np.ndarray:
    """Each Inventory row's stock (rows) on the morning of each of ``days`` (consecutive, the columns).

    From the row's last snapshot on or before the day, moved on by the flows since; else, or when the
    SKU was counted after that snapshot and by that morning, from its count moved on the same way.
    NaN where neither is known.

    :param keys: the rows' SKU keys (:func:`amzsheet.model.compute.text_key`).
    """
    stock = np.empty((len(keys), len(days)))
    for rows, chunk, _ in _daily_chunks(inventory, keys, flows, snapshots, days):
        stock[rows] = chunk
    return stock


def _daily_chunks(
    inventory: pd.DataFrame,
    keys: np.ndarray,
    flows: StockFlows,
    snapshots: _Snapshots,
    days: pd.DatetimeIndex,
) -> Iterator[tuple[slice, np.ndarray, np.ndarray]]:
    """:func:`morning_stock`, and the units sold each day, a slice of rows at a time.

    7,000 SKUs over three years are 7.6 million days: a slice's arrays are small enough to be reused.
    """
    mornings = days.to_numpy(dtype="datetime64[ns]")
    flow_codes, snapshot_codes = flows.codes(keys), snapshots.codes(keys)
    snapshot_moved = snapshots.moved(flows)
    count_day = inventory["Count Date"].to_numpy(dtype="datetime64[ns]")
    counted = (inventory["Stock Counted"] + inventory["Received Since Count"].fillna(0)).to_numpy(dtype="float64")
    has_count = ~(np.isnat(count_day) | np.isnan(counted))
    count_day = np.where(has_count, count_day, np.datetime64(0, "ns"))  # any day: rows without a count are NaN
    at_count = flows.before(keys, count_day, inclusive=True)
    for start in range(0, len(keys), _CHUNK_ROWS):
        rows = slice(start, start + _CHUNK_ROWS)
        moved, sold = flows.by_day(flow_codes[rows], mornings)
        counted_on = count_day[rows, None]
        stock = counted[rows, None] + moved - at_count[rows, None]
        stock[~has_count[rows, None] | (mornings < counted_on)] = np.nan
        last = snapshots.last_by_morning(snapshot_codes[rows], mornings)
        day = snapshots.days[last]
        newer_count = has_count[rows, None] & (counted_on > day) & (counted_on <= mornings)
        use = (last >= 0) & ~newer_count
        stock[use] = (snapshots.stock[last] + moved - snapshot_moved[last])[use]
        yield rows, stock, sold


class _Grouped:
    """Moments grouped by SKU key, ordered within each key, and searchable for many keys at once.

    A key and a moment become one integer, the key's code times the number of distinct moments plus
    the moment's rank among them, so that one ``searchsorted`` answers every (key, moment) question.
    """

    def __init__(self, keys: np.ndarray, moments: np.ndarray):
        codes, uniques = pd.factorize(keys)
        self.size = len(uniques)
        self._index = pd.Index(uniques)
        self._moments = np.unique(moments)
        self._stride = len(self._moments) + 1
        combined = codes.astype("int64") * self._stride + np.searchsorted(self._moments, moments)
        #: The positions of the moments sorted by key code, then moment.
        self.order = np.argsort(combined, kind="stable")
        self._combined = combined[self.order]
        #: The key code of each sorted moment, and the moment.
        self.sorted_codes, self.sorted_moments = codes[self.order], moments[self.order]
        self._starts = np.searchsorted(self._combined, np.arange(self.size + 1, dtype="int64") * self._stride)

    def codes(self, keys: np.ndarray) -> np.ndarray:
        """Each key's code; -1 for a key without moments."""
        keys = np.asarray(keys, dtype=object)
        return self._index.get_indexer(keys.ravel()).reshape(keys.shape)

    def members(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The moments of each code of ``codes`` (-1: none): their row in ``codes`` and their sorted position."""
        known = np.maximum(codes, 0)
        first = np.where(codes >= 0, self._starts[known], 0)
        count = np.where(codes >= 0, self._starts[np.minimum(known + 1, self.size)] - first, 0)
        rows = np.repeat(np.arange(len(codes)), count)
        within = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
        return rows, np.repeat(first, count) + within

    def positions(
        self, keys: np.ndarray, moments: np.ndarray | np.datetime64, side: str
    ) -> tuple[np.ndarray, np.ndarray]:
        """For each (key, moment), the sorted position of its key's first moment and that past its moments before
        it (``side="left"``) or at or before it (``"right"``); -1, -1 for an unknown key. Arrays broadcast."""
        codes = self.codes(keys)  # each key looked up once, before broadcasting
        ranks = np.searchsorted(self._moments, moments, side=side)  # type: ignore[call-overload]
        codes, ranks = np.broadcast_arrays(codes, ranks)
        found = codes >= 0
        starts = np.where(found, self._starts[np.maximum(codes, 0)], -1)
        ends = np.where(found, np.searchsorted(self._combined, codes * self._stride + ranks), -1)
        return starts, ends


class StockFlows:
    """Dated units that move a SKU's stock: sales (out), restocked returns and received purchase orders (in).

    Built once per recompute and asked about many SKU keys (see :func:`amzsheet.model.compute.text_key`) at once.
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
        )
        frame["sold"] = np.where(np.arange(len(frame)) < len(sold), -frame["units"], 0.0)  # the sales' quantity
        frame = frame.dropna(subset=["when"])
        self._groups = _Grouped(frame["key"].to_numpy(), frame["when"].to_numpy(dtype="datetime64[ns]"))
        self._units = frame["units"].to_numpy(dtype="float64")[self._groups.order]
        self._sold = frame["sold"].to_numpy(dtype="float64")[self._groups.order]
        self._running = np.concatenate([[0.0], np.cumsum(self._units)])  # units of the sorted flows before each
        self.codes = self._groups.codes

    def before(self, keys: np.ndarray, moments: np.ndarray | np.datetime64, *, inclusive: bool = False) -> np.ndarray:
        """Net units of each key dated before its moment (or at it, with ``inclusive``); arrays broadcast."""
        starts, ends = self._groups.positions(keys, moments, "right" if inclusive else "left")
        return np.where(starts >= 0, self._running[ends] - self._running[np.maximum(starts, 0)], 0.0)

    def by_day(self, codes: np.ndarray, mornings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each key code of ``codes`` (rows; -1: a key without flows), the net units dated before each of
        ``mornings`` (consecutive days, the columns), and the units sold on each of those days."""
        rows, flows = self._groups.members(codes)
        bounds = np.append(mornings, mornings[-1:] + np.timedelta64(1, "D"))
        width = len(bounds) + 1  # a flow's column: the bounds on or before it, from 0 to len(bounds)
        cells = rows * width + np.searchsorted(bounds, self._groups.sorted_moments[flows], "right")
        moved = np.bincount(cells, weights=self._units[flows], minlength=len(codes) * width).reshape(-1, width)
        sold = np.bincount(cells, weights=self._sold[flows], minlength=len(codes) * width).reshape(-1, width)
        return np.cumsum(moved[:, : len(mornings)], axis=1), sold[:, 1 : len(mornings) + 1]

    def since(self, keys: np.ndarray, moments: np.ndarray) -> np.ndarray:
        """Net units of each key dated at or after its moment."""
        latest = np.datetime64(np.iinfo(np.int64).max, "ns")
        return self.before(keys, latest, inclusive=True) - self.before(keys, moments)

    def between(self, keys: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Net units of each key dated from its start (included) to its end (excluded)."""
        return self.before(keys, ends) - self.before(keys, starts)

    def after_until(self, key: str, since: pd.Timestamp, until: pd.Timestamp) -> float:
        """Net units of ``key`` dated after ``since`` (NaT: from the first) and at or before ``until``."""
        moments = np.array([np.datetime64(pd.Timestamp(until), "ns")])
        counted = self.before(np.array([key]), moments, inclusive=True)[0]
        if pd.isna(since):
            return float(counted)
        moments = np.array([np.datetime64(pd.Timestamp(since), "ns")])
        return float(counted - self.before(np.array([key]), moments, inclusive=True)[0])


class _Snapshots:
    """The snapshot days and stock of each SKU key; the last snapshot of a day counts.

    Snapshots are numbered by key, then day; :attr:`days` and :attr:`stock` have one more, for "no
    snapshot" (index -1): NaT and NaN.
    """

    def __init__(self, history: pd.DataFrame):
        rows = history.dropna(subset=["Date", STOCK])
        rows = rows.assign(key=text_key(rows["SKU"]), day=rows["Date"].dt.normalize())
        last = rows.sort_values("Date", kind="stable").groupby(["key", "day"])[STOCK].last()  # sorted by key, day
        keys = last.index.get_level_values("key").to_numpy()
        days = last.index.get_level_values("day").to_numpy(dtype="datetime64[ns]")
        self._groups = _Grouped(keys, days)
        self.days = np.append(self._groups.sorted_moments, np.datetime64("NaT", "ns"))
        self.stock = np.append(last.to_numpy("float64")[self._groups.order], np.nan)
        self._keys = keys[self._groups.order]
        self.codes = self._groups.codes

    def moved(self, flows: StockFlows) -> np.ndarray:
        """The flows' net units of each snapshot's key dated before its day (and 0 for no snapshot)."""
        return np.append(flows.before(self._keys, self.days[:-1]), 0.0)

    def last_on_or_before(self, keys: np.ndarray, moments: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each (key, moment), its key's last snapshot on or before the moment (-1: none), and whether there is
        one."""
        starts, ends = self._groups.positions(keys, moments, "right")
        known = ends > starts
        return np.where(known, ends - 1, -1), known

    def last_by_morning(self, codes: np.ndarray, mornings: np.ndarray) -> np.ndarray:
        """For each key code of ``codes`` (rows; -1: a key without snapshots), its last snapshot on or before each of
        ``mornings`` (ascending, the columns); -1 for none."""
        rows, snapshots = self._groups.members(codes)
        width = len(mornings) + 1  # a snapshot counts from the first morning on or after its day
        table = np.full((len(codes), width), -1, dtype="int64")
        columns = np.searchsorted(mornings, self.days[snapshots], "left")
        np.maximum.at(table, (rows, columns), snapshots)  # numbered by day within a key: the latest is the largest
        return np.maximum.accumulate(table, axis=1)[:, :-1]

    def of(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """The snapshot days (ascending) and stock of ``key``."""
        rows = self._keys == key
        return self.days[:-1][rows], self.stock[:-1][rows]


def _cancelled(orders: pd.DataFrame) -> pd.Series:
    return text_equals(orders["Order Status"], CANCELLED)
