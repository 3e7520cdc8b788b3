"""Pure pandas computations behind every computed cell. No file I/O.

Each function computes what the matching Excel formula computes (see
:mod:`amzsheet.excel.formulas`), so that the cached values amzsheet writes are the values
Excel shows. Excel's rules are followed on purpose: SKU matching ignores case (as
SUMIFS does), blanks count as 0 in sums, ROUNDUP rounds away from zero.

Dates are naive datetimes in the seller's time zone; ``today`` is a date.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import overload

import numpy as np
import pandas as pd

from amzsheet.contract.schema import (
    CANCELLED,
    FBA,
    LATE_DELIVERY,
    MCF,
    OPEN_STATUSES,
    OUT_OF_STOCK,
    OVERDUE,
    SHIP_TODAY,
    SHIPPED,
    Settings,
)
from amzsheet.model.scalars import accepts_numbers


def text_key(values: pd.Series) -> pd.Series:
    """Text as Excel compares it (``=``, SUMIFS, MATCH): blank is "", and case does not matter.

    Each distinct value is lowered once: a column of 100,000 order lines holds a few
    hundred SKUs and a handful of statuses.
    """
    codes, uniques = pd.factorize(values)
    texts = np.asarray(uniques, dtype=object)  # one conversion: iterating Arrow-backed uniques is slow
    lowered = np.array([str(value).lower() for value in texts] + [""], dtype=object)
    return pd.Series(lowered[codes], index=values.index, dtype=object)  # code -1 (blank) takes the last: ""


def owning_lines(orders: pd.DataFrame, rows: pd.DataFrame, *, order_level: bool = False) -> pd.Series:
    """For each of ``rows`` (with Order ID and SKU), the index of the order line it belongs to.

    That is the first line of its order with the same SKU (ignoring case); with
    ``order_level``, a row whose SKU no line has goes to its order's first line. NaN
    where no line matches.
    """
    order_ids = orders["Order ID"].fillna("").astype(str)
    by_line = pd.Series(orders.index, index=order_ids + "\t" + text_key(orders["SKU"]))
    row_ids = rows["Order ID"].fillna("").astype(str)
    target = (row_ids + "\t" + text_key(rows["SKU"])).map(by_line[~by_line.index.duplicated()])
    if order_level:
        by_order = pd.Series(orders.index, index=order_ids)
        target = target.where(target.notna(), row_ids.map(by_order[~by_order.index.duplicated()]))
    return target


def text_equals(values: pd.Series, text: str) -> pd.Series:
    """Excel's text ``=`` against one text: ``text_key(values) == text.lower()``, without a key per value.

    Each distinct value is compared once; blank equals "".
    """
    codes, uniques = pd.factorize(values)
    wanted = text.lower()
    equal = np.array([str(value).lower() == wanted for value in np.asarray(uniques, dtype=object)] + [wanted == ""])
    return pd.Series(equal[codes], index=values.index, dtype=bool)


def _eq(values: pd.Series, text: str) -> pd.Series:
    """Excel's text ``=``."""
    return text_equals(values, text)


def count_skus_to_reorder(inventory: pd.DataFrame) -> int:
    """SKUs to reorder: Inventory rows whose Reorder Qty is above 0, the rows of the purchase list.

    The one definition behind the refresh summary, the Dashboard and ``amzsheet reorder``. A SKU
    whose Alert says REORDER while its purchase orders already cover the need has Reorder Qty 0.
    """
    return int((inventory["Reorder Qty"].fillna(0) > 0).sum())


def to_ship(orders: pd.DataFrame) -> pd.Series:
    """Lines the seller still has to ship: open (Pending or Unshipped) and not shipped by Amazon (FBA, MCF)."""
    return _is_open(orders) & ~_eq(orders["Channel"], FBA) & ~_eq(orders["Channel"], MCF)


def _is_open(orders: pd.DataFrame) -> pd.Series:
    status = orders["Order Status"]
    return _eq(status, OPEN_STATUSES[0]) | _eq(status, OPEN_STATUSES[1])


def _not_cancelled(orders: pd.DataFrame) -> pd.Series:
    return ~_eq(orders["Order Status"], CANCELLED)


def _day(today: dt.date, offset: int = 0) -> pd.Timestamp:
    return pd.Timestamp(today) + pd.Timedelta(days=offset)


@overload
def roundup(values: pd.Series) -> pd.Series: ...
@overload
def roundup(values: float) -> float: ...
def roundup(values: pd.Series | float) -> pd.Series | float:
    """Excel's ``ROUNDUP(x, 0)``: round away from zero to a whole number.

    Values within 1e-9 of a whole number are taken as that number first, as
    spreadsheet engines do with binary floating-point noise (0.1*3*10 is 3).
    """
    if isinstance(values, pd.Series):
        snapped = values.round(9)
        return np.sign(snapped) * np.ceil(snapped.abs())
    number = round(values, 9)
    return math.copysign(math.ceil(abs(number)), number) if number else 0.0


def excel_round(values: pd.Series, digits: int) -> pd.Series:
    """Excel's ``ROUND``: halves away from zero on the decimal value shown (7.125 is 7.13, not 7.12); NaN stays."""
    scale = 10.0**digits
    return np.sign(values) * np.floor(values.abs() * scale + 0.5 + 1e-9) / scale


def z_score(service_level: float) -> float:
    """Excel's ``NORM.S.INV``: the standard normal quantile of ``service_level``.

    >>> round(z_score(0.95), 4)
    1.6449
    """
    return NormalDist().inv_cdf(service_level)


# --- Order Tracking ---------------------------------------------------------------------


def order_alerts(
    orders: pd.DataFrame, today: dt.date, late_window_days: int = Settings.late_delivery_window_days
) -> pd.Series:
    """Return the Alert of each order line: OVERDUE, SHIP TODAY, LATE DELIVERY or "".

    FBA and MCF lines never alert: Amazon ships and delivers them. LATE DELIVERY only flags a
    line whose Deliver By is at most ``late_window_days`` days past (Settings' late delivery window).

    :param orders: Order Tracking table.
    :param today: the reference date (Excel's ``TODAY()``).
    :param late_window_days: Settings' late delivery window (0: no LATE DELIVERY).
    """
    fbm = ~_eq(orders["Channel"], FBA) & ~_eq(orders["Channel"], MCF)
    open_line = _is_open(orders)
    ship_by, deliver_by = orders["Ship By"], orders["Deliver By"]
    late = (deliver_by < _day(today)) & (deliver_by >= _day(today, -late_window_days))
    alerts = np.select(
        [
            fbm & open_line & (ship_by < _day(today)),
            fbm & open_line & (ship_by < _day(today, 1)),
            fbm & _eq(orders["Order Status"], SHIPPED) & late,
        ],
        [OVERDUE, SHIP_TODAY, LATE_DELIVERY],
        default="",
    )
    return pd.Series(alerts, index=orders.index, dtype=object)


# --- Inventory ----------------------------------------------------------------------------


def _units_by_sku(orders: pd.DataFrame, mask: pd.Series, skus: pd.Series, column: str = "Quantity") -> pd.Series:
    totals = orders.loc[mask, column].fillna(0).groupby(text_key(orders.loc[mask, "SKU"])).sum()
    return text_key(skus).map(totals).fillna(0.0).set_axis(skus.index).astype("float64")


def sold_since_count(orders: pd.DataFrame, inventory: pd.DataFrame) -> pd.Series:
    """Units of non-cancelled orders of each SKU placed after its Count Date.

    Each Inventory row uses its own Count Date (a SKU listed twice is computed twice);
    a row without a Count Date counts every order.
    """
    sold = orders.loc[_not_cancelled(orders), ["Order Date", "Quantity"]].assign(key=text_key(orders["SKU"]))
    rows = pd.DataFrame({"key": text_key(inventory["SKU"]), "count": inventory["Count Date"], "row": inventory.index})
    pairs = rows.merge(sold, on="key", how="inner")
    counted = pairs["count"].isna() | (pairs["Order Date"] > pairs["count"])
    totals = pairs.loc[counted, "Quantity"].fillna(0).groupby(pairs.loc[counted, "row"]).sum()
    return totals.reindex(inventory.index, fill_value=0.0).astype("float64")


def returned_since_count(orders: pd.DataFrame, inventory: pd.DataFrame) -> pd.Series:
    """Restocked Qty of each SKU's returns dated after its Count Date (every return without a Count Date)."""
    restocked = orders.loc[orders["Restocked Qty"].notna(), ["Return Date", "Restocked Qty"]]
    restocked = restocked.assign(key=text_key(orders.loc[restocked.index, "SKU"]))
    rows = pd.DataFrame({"key": text_key(inventory["SKU"]), "count": inventory["Count Date"], "row": inventory.index})
    pairs = rows.merge(restocked, on="key", how="inner")
    counted = pairs["count"].isna() | (pairs["Return Date"] > pairs["count"])
    totals = pairs.loc[counted, "Restocked Qty"].groupby(pairs.loc[counted, "row"]).sum()
    return totals.reindex(inventory.index, fill_value=0.0).astype("float64")


def ordered_quantity(orders: pd.DataFrame, skus: pd.Series) -> pd.Series:
    """Units of each SKU in order lines still to ship (Pending or Unshipped)."""
    return _units_by_sku(orders, _is_open(orders), skus)


def _in_window(orders: pd.DataFrame, today: dt.date, days: int) -> pd.Series:
    """Non-cancelled lines of the ``days`` full days before today: units that left the stock (MCF too)."""
    dates = orders["Order Date"]
    return (dates >= _day(today, -days)) & (dates < _day(today)) & _not_cancelled(orders)


def amazon_sales(orders: pd.DataFrame) -> pd.Series:
    """Lines that are Amazon sales: all but Multi-Channel Fulfillment (MCF) lines, orders of your own shop."""
    return ~_eq(orders["Channel"], MCF)


def _sales_in_window(orders: pd.DataFrame, today: dt.date, days: int) -> pd.Series:
    """Non-cancelled Amazon sales (not MCF) of the ``days`` full days before today: the Dashboard's figures."""
    return _in_window(orders, today, days) & amazon_sales(orders)


def average_daily_sales(
    orders: pd.DataFrame, skus: pd.Series, today: dt.date, window_days: int, in_stock_days: pd.Series | None = None
) -> pd.Series:
    """Non-cancelled units of each SKU over the ``window_days`` full days before today, per day in stock.

    :param in_stock_days: days of the window each SKU was in stock (at least 1 is used); None: all of them.
    """
    units = _units_by_sku(orders, _in_window(orders, today, window_days), skus)
    days = pd.Series(float(window_days), index=skus.index) if in_stock_days is None else in_stock_days
    return units / days.fillna(window_days).clip(lower=1)


def demand_std(
    orders: pd.DataFrame, skus: pd.Series, today: dt.date, window_days: int, in_stock: np.ndarray | None = None
) -> pd.Series:
    """Sample standard deviation of each SKU's daily units over the window's days in stock.

    Days without sales count (as 0) when the SKU was in stock; days out of stock are left
    out, since nothing could sell. Fewer than two days in stock: 0.

    :param in_stock: whether each SKU (rows, as ``skus``) was in stock on each window day
        (columns, oldest first); None: every day.
    """
    window = orders[_in_window(orders, today, window_days)]
    day = (window["Order Date"] - _day(today, -window_days)).dt.days
    daily = window["Quantity"].fillna(0).groupby([text_key(window["SKU"]), day]).sum().unstack(fill_value=0.0)  # type: ignore[arg-type]  # stubs: a float fill_value
    daily = daily.reindex(columns=range(window_days), fill_value=0.0)
    rows = daily.reindex(text_key(skus).to_numpy(), fill_value=0.0).fillna(0.0).set_axis(skus.index)
    if in_stock is not None:
        rows = rows.where(in_stock)
    std = rows.std(axis=1, ddof=1) if window_days > 1 else rows.sum(axis=1) * 0.0
    return std.fillna(0.0).astype("float64")


def available_quantity(inventory: pd.DataFrame) -> pd.Series:
    """Stock Counted + Received (by hand and on purchase orders) + Returned - Sold Since Count; NaN if not counted."""
    received = inventory["Received Since Count"].fillna(0) + inventory["PO Received Since Count"]
    return inventory["Stock Counted"] + received + inventory["Returned Since Count"] - inventory["Sold Since Count"]


@accepts_numbers
def total_cost(unit_cost: pd.Series, available: pd.Series) -> pd.Series:
    """Unit Cost x Available Quantity, never below 0; NaN where either is missing."""
    return unit_cost * available.clip(lower=0)


def effective_lead_time(inventory: pd.DataFrame, settings: Settings) -> pd.Series:
    """The SKU's lead time, or the default lead time of Settings where it has none."""
    return inventory["Lead Time (days)"].fillna(settings.default_lead_time)


@accepts_numbers
def days_of_cover(available: pd.Series, avg_daily: pd.Series) -> pd.Series:
    """Available / average daily sales, not below 0; NaN without sales or count."""
    return (available / avg_daily.where(avg_daily > 0)).clip(lower=0)


# --- Dashboard ------------------------------------------------------------------------------

DASHBOARD_DAYS = 30
CHART_DAYS = 90
TOP_PRODUCTS = 10


def count_orders(orders: pd.DataFrame, condition: pd.Series) -> int:
    """Count the distinct Order IDs (ignoring case, as Excel compares) among the lines meeting ``condition``.

    The order of the rows does not matter; lines without an Order ID are no order (the Dashboard
    formula, :func:`amzsheet.excel.formulas.count_distinct_orders`, counts the same).
    """
    chosen = condition.fillna(False).astype(bool)
    ids = text_key(orders.loc[chosen, "Order ID"])  # only the lines chosen are lowered
    return int(ids[ids != ""].nunique())


def order_index(orders: pd.DataFrame) -> list[str]:
    """The distinct Order IDs, one spelling of each, sorted as Excel's binary search (LOOKUP) expects."""
    ids = orders["Order ID"].dropna().astype(str)
    keys = text_key(ids)
    first = ids[~keys.duplicated() & (keys != "")]
    return first.iloc[np.argsort(text_key(first).to_numpy(), kind="stable")].tolist()


@dataclass(frozen=True)
class DashboardSummary:
    """The Dashboard's key figures, as its formulas compute them.

    ``sales`` and ``average_order_value`` add every currency together: they are right for a tracker in one
    currency only. The Dashboard shows each currency's (:func:`amzsheet.model.dashboard.sales_by_currency`).
    """

    sales: float
    orders: int
    units: float
    average_order_value: float | None
    orders_to_ship: int
    overdue_orders: int
    skus_to_reorder: int
    skus_out_of_stock: int
    inventory_value: float
    purchase_cost: float
    skus_to_count: int


def currencies(orders: pd.DataFrame) -> tuple[str, ...]:
    """The currencies of the order lines in upper case, the main one first, then the others alphabetically.

    Empty when no line has a Currency (figures then carry no currency).
    """
    codes = orders["Currency"].dropna().astype(str).str.upper()
    codes = codes[codes != ""]
    if codes.empty:
        return ()
    counted = codes.value_counts()
    main = min(counted.index[counted == counted.max()])
    return (main, *sorted(code for code in counted.index if code != main))


def dashboard_summary(orders: pd.DataFrame, inventory: pd.DataFrame, today: dt.date) -> DashboardSummary:
    """Compute the Dashboard's key figures over the last 30 full days (sales: Amazon sales, not MCF lines).

    :param orders: Order Tracking with its Alert column computed.
    :param inventory: Inventory with its computed columns (see :func:`compute_inventory`).
    """
    window = _sales_in_window(orders, today, DASHBOARD_DAYS)
    sales = float(orders.loc[window, "Item Total"].fillna(0).sum())
    order_count = count_orders(orders, window)
    alerts = inventory["Alert"].fillna("")
    return DashboardSummary(
        sales=sales,
        orders=order_count,
        units=float(orders.loc[window, "Quantity"].fillna(0).sum()),
        average_order_value=sales / order_count if order_count else None,
        orders_to_ship=count_orders(orders, to_ship(orders)),
        overdue_orders=count_orders(orders, _eq(orders["Alert"], OVERDUE)),
        skus_to_reorder=count_skus_to_reorder(inventory),
        skus_out_of_stock=int(alerts.str.contains(OUT_OF_STOCK, regex=False).sum()),
        inventory_value=float(inventory["Total Cost"].fillna(0).sum()),
        purchase_cost=float(inventory["Reorder Cost"].fillna(0).sum()),
        skus_to_count=int((inventory["Next Count"] <= _day(today)).sum()),
    )
