"""Which order lines move from the workbook to the archive beside it, and the sales history of both.

A line moves when its whole order is done with (see :func:`lines_to_archive`); the Order
Tracking table then keeps the open and recent orders, and :func:`with_archive` puts the two
back together for the figures that read the whole history (forecasts, ABC classes, the days in
stock). The archive is read and written by :mod:`amzsheet.storage.archive`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from amzsheet.contract.archive import SETTLING_DAYS, WORKBOOK_LINE_LIMIT
from amzsheet.contract.vocabulary import OPEN_STATUSES
from amzsheet.model.compute import text_key

#: The columns of archived lines that the figures read (forecast, classes, days in stock, demand spread).
SALES_HISTORY_COLUMNS = (
    "Order ID", "Order Date", "Order Status", "Channel", "SKU", "Quantity", "Currency", "Item Total",
    "Return Date", "Returned Qty", "Restocked Qty",
)  # fmt: skip
#: Order Tracking's dates of things that happen to a line after it is ordered.
_EVENT_DATES = ("Order Date", "Last Updated", "Shipped Date", "Delivered Date", "Return Date")


def lines_to_archive(
    orders: pd.DataFrame,
    inventory: pd.DataFrame,
    returns: pd.DataFrame,
    payments: pd.DataFrame,
    today: dt.date,
    months: int,
    limit: int = WORKBOOK_LINE_LIMIT,
) -> np.ndarray:
    """Which lines of ``orders`` move to the archive: a boolean per line.

    Lines move a whole order at a time. An order may move when none of its lines is open (Pending,
    Unshipped), nothing happened to it in the last :data:`SETTLING_DAYS` days (on Order Tracking,
    Returns or Payments), and none of its lines counts in its SKU's stock (sold or returned after the
    SKU's Count Date). Of those, the orders placed more than ``months`` months before ``today`` move,
    and then the oldest others until Order Tracking keeps at most ``limit`` lines.
    """
    if orders.empty:
        return np.zeros(0, dtype=bool)
    ids = orders["Order ID"].fillna("").astype(str)
    codes, unique_ids = pd.factorize(ids)
    count = len(unique_ids)
    activity = _latest(codes, count, [_nanoseconds(orders[name]) for name in _EVENT_DATES if name in orders])
    for table, column in ((returns, "Return Date"), (payments, "Date/Time")):
        if not table.empty:
            when = pd.Series(_nanoseconds(table[column])).groupby(table["Order ID"].fillna("").astype(str).to_numpy())
            activity = np.maximum(activity, when.max().reindex(unique_ids, fill_value=_NAT).to_numpy())
    settled = (activity != _NAT) & (activity < _nanoseconds_of(pd.Timestamp(today) - pd.Timedelta(days=SETTLING_DAYS)))
    blocked = _is_open(orders) | _counted_in_stock(orders, inventory)
    movable = settled & (np.bincount(codes, weights=blocked, minlength=count) == 0) & (unique_ids != "")
    placed = _latest(codes, count, [_nanoseconds(orders["Order Date"])])
    cutoff = _nanoseconds_of(pd.Timestamp(today) - pd.DateOffset(months=months))
    moving = movable & (placed != _NAT) & (placed < cutoff)
    excess = len(orders) - int(np.bincount(codes, minlength=count)[moving].sum()) - limit
    if excess > 0:
        moving |= _oldest(placed, movable & ~moving, np.bincount(codes, minlength=count), excess)
    return moving[codes]


_NAT = np.iinfo(np.int64).min  # how NaT reads as int64 nanoseconds, below every date


def _nanoseconds(values: pd.Series) -> np.ndarray:
    return pd.to_datetime(values, errors="coerce").to_numpy(dtype="datetime64[ns]").view("int64")


def _nanoseconds_of(moment: pd.Timestamp) -> int:
    return int(moment.value)


def _latest(codes: np.ndarray, count: int, columns: list[np.ndarray]) -> np.ndarray:
    """The latest of ``columns`` per order (``_NAT`` where none has a date)."""
    latest = np.full(count, _NAT, dtype=np.int64)
    for values in columns:
        np.maximum.at(latest, codes, values)
    return latest


def _is_open(orders: pd.DataFrame) -> np.ndarray:
    status = text_key(orders["Order Status"])
    return status.isin([status.lower() for status in OPEN_STATUSES]).to_numpy(dtype=bool)


def _counted_in_stock(orders: pd.DataFrame, inventory: pd.DataFrame) -> np.ndarray:
    """Lines sold or returned after their SKU's Count Date: the Inventory stock formulas count them."""
    counted = pd.Series(_nanoseconds(inventory["Count Date"])).groupby(text_key(inventory["SKU"]).to_numpy()).max()
    count_date = text_key(orders["SKU"]).map(counted).fillna(_NAT).to_numpy(dtype=np.int64)
    counted_sku = count_date != _NAT
    sold_after = _nanoseconds(orders["Order Date"]) > count_date
    returned_after = _nanoseconds(orders["Return Date"]) > count_date
    return counted_sku & (sold_after | returned_after)


def _oldest(placed: np.ndarray, candidates: np.ndarray, sizes: np.ndarray, lines: int) -> np.ndarray:
    """The oldest orders among ``candidates`` (one flag per order) whose lines add up to at least ``lines``."""
    chosen = np.zeros(len(placed), dtype=bool)
    order = np.flatnonzero(candidates)[np.argsort(placed[candidates], kind="stable")]
    enough = int(np.searchsorted(np.cumsum(sizes[order]), lines)) + 1
    chosen[order[:enough]] = True
    return chosen


def with_archive(orders: pd.DataFrame, archived: pd.DataFrame) -> pd.DataFrame:
    """Order Tracking's lines and the archived ones, each order once, in the columns of ``orders``.

    The workbook's copy of an order wins. An order is in both only after a refresh stopped between
    writing the archive and the workbook, or when a report brought an archived order back; the
    workbook then holds it whole.
    """
    if archived.empty:
        return orders
    kept = archived[~archived["Order ID"].isin(set(orders["Order ID"].dropna()))]
    if kept.empty:
        return orders
    return pd.concat([orders, kept.reindex(columns=orders.columns)], ignore_index=True)


def sales_history(orders: pd.DataFrame, archived: pd.DataFrame) -> pd.DataFrame:
    """:func:`with_archive` in the columns the figures read (:data:`SALES_HISTORY_COLUMNS`), no others.

    Order Tracking's other columns would be copied for every archived line only to stay blank.
    """
    columns = [name for name in SALES_HISTORY_COLUMNS if name in orders.columns]
    return with_archive(orders[columns], archived)  # a view of the lines until written to (copy-on-write)
