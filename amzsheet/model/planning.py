"""Inventory planning: every computed Inventory column, as its Excel formula computes it.

:func:`compute_inventory` fills the stock columns (see :mod:`amzsheet.model.compute`), the
statistics amzsheet stores as values (in-stock days, demand spread, forecast, ABC and
XYZ classes) and then the planning columns whose formulas the seller's inputs drive:
service level, safety stock, reorder point, order-by date, reorder quantity and cost,
the sentence that explains them, and the next count date.

The numbers follow the textbook continuous-review policy: safety stock
``z × √(L·σd² + d²·σL²)`` (demand and lead time both uncertain), reorder point
``d·L + safety stock``, order up to ``d·(L + review period) + safety stock``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import cast

import numpy as np
import pandas as pd

from amzsheet.contract.schema import (
    NO_STOCK_COUNT,
    NO_UNIT_COST,
    OUT_OF_STOCK,
    PURCHASE_ORDER_COLUMNS,
    REORDER,
    STOCK_HISTORY_COLUMNS,
    Settings,
)
from amzsheet.contract.tables import empty_table
from amzsheet.model import classes, compute, forecast, purchase_orders, stock_history
from amzsheet.model.compute import MONTH_ABBREVIATIONS, ORDER_BY_HORIZON_DAYS, roundup, text_key
from amzsheet.model.scalars import accepts_numbers

#: Weeks of sales history the forecast looks at, at most.
HISTORY_WEEKS = 156
#: A week's sales are scaled up to seven days in stock as if it had been in stock this many days at least.
MIN_DAYS_TO_SCALE = 3


def compute_inventory(
    inventory: pd.DataFrame,
    orders: pd.DataFrame,
    settings: Settings,
    today: dt.date,
    purchases: pd.DataFrame | None = None,
    history: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return ``inventory`` with every computed column filled in.

    :param inventory: Inventory table (seller inputs are read, computed columns replaced).
    :param orders: Order Tracking table.
    :param settings: the Settings sheet.
    :param today: the reference date (Excel's ``TODAY()``).
    :param purchases: the Purchase Orders table (None: no purchase orders).
    :param history: the Stock History table (None: no snapshots yet).
    """
    purchases = empty_table(PURCHASE_ORDER_COLUMNS) if purchases is None else purchases
    history = empty_table(STOCK_HISTORY_COLUMNS) if history is None else history
    inv = inventory.copy()
    skus = inv["SKU"]
    window = settings.sales_window_days
    lead = compute.effective_lead_time(inv, settings)
    inv["PO Received Since Count"] = purchase_orders.received_since_count(purchases, inv)
    inv["Sold Since Count"] = compute.sold_since_count(orders, inv)
    inv["Returned Since Count"] = compute.returned_since_count(orders, inv)
    inv["Available Quantity"] = compute.available_quantity(inv)
    inv["Ordered Quantity"] = compute.ordered_quantity(orders, skus)
    inv["On Order"] = purchase_orders.on_order(purchases, inv, lead, today)
    inv["Total Cost"] = compute.total_cost(inv["Unit Cost"], inv["Available Quantity"])
    # One day-by-day in-stock table serves the sales window and the forecast's weeks: both end yesterday.
    span = max(window, 7 * HISTORY_WEEKS)
    days = pd.date_range(pd.Timestamp(today) - pd.Timedelta(days=span), periods=span)
    in_stock_by_day = stock_history.in_stock_by_day(inv, orders, purchases, history, days)
    in_stock = in_stock_by_day[:, span - window :]
    inv["In-Stock Days"] = pd.Series(in_stock.sum(axis=1), index=inv.index, dtype="float64")
    inv["Avg Daily Sales"] = compute.average_daily_sales(orders, skus, today, window, inv["In-Stock Days"])
    inv["Demand Std Dev"] = compute.demand_std(orders, skus, today, window, in_stock)
    inv = _add_statistics(inv, orders, settings, today, lead, in_stock_by_day[:, span - 7 * HISTORY_WEEKS :])
    inv["Service Level Used"] = service_level_used(inv, settings)
    inv["Safety Stock"] = safety_stock(
        inv["Service Level Used"], lead, inv["Demand Std Dev"], inv["Forecast Daily"], inv["Lead Time Spread (days)"]
    )
    inv["Reorder Point"] = reorder_point(inv["Forecast Daily"], lead, inv["Safety Stock"])
    inv["Days of Cover"] = compute.days_of_cover(inv["Available Quantity"], inv["Avg Daily Sales"])
    position = inv["Available Quantity"] + inv["On Order"]
    inv["Order By"] = order_by(position, inv["Reorder Point"], inv["Avg Daily Sales"], today)
    inv["Reorder Qty"] = reorder_quantity(inv, lead, settings.review_period_days)
    inv["Reorder Cost"] = inv["Reorder Qty"] * inv["Unit Cost"]
    inv["Why"] = why(inv, lead, settings.review_period_days)
    inv["Next Count"] = next_count(inv, settings, today)
    inv["Alert"] = inventory_alerts(inv["Available Quantity"], position, inv["Reorder Point"], inv["Unit Cost"])
    return inv


def _add_statistics(
    inv: pd.DataFrame,
    orders: pd.DataFrame,
    settings: Settings,
    today: dt.date,
    lead: pd.Series,
    in_stock: np.ndarray,
) -> pd.DataFrame:
    """Forecast, demand pattern and ABC/XYZ classes: values amzsheet computes from the sales history.

    :param in_stock: whether each Inventory row's SKU was in stock on each day of the
        forecast's :data:`HISTORY_WEEKS` weeks (columns, oldest first).
    """
    keys = text_key(inv["SKU"])
    first = ~keys.duplicated()
    unique_keys = pd.Index(keys[first])
    weekly = classes.weekly_units(orders, today, HISTORY_WEEKS).reindex(unique_keys, fill_value=0.0)
    weeks_in_stock = in_stock[first.to_numpy()].reshape(len(unique_keys), HISTORY_WEEKS, 7).sum(axis=2)
    demand = weekly_demand(weekly, pd.DataFrame(weeks_in_stock, index=unique_keys, columns=weekly.columns))
    horizon_days = lead.groupby(keys.to_numpy()).first().reindex(unique_keys) + settings.review_period_days
    horizons = np.ceil(horizon_days.clip(lower=1) / 7).astype(int)
    forecasts = forecast.forecast_table(demand, horizons)
    inv["Demand Pattern"] = keys.map(forecasts["pattern"]).replace("", None)
    inv["Forecast Method"] = keys.map(forecasts["method"])
    inv["Forecast Daily"] = keys.map(forecasts["per_week"]).astype("float64") / 7
    inv["Forecast Error"] = keys.map(forecasts["error"]).astype("float64") / 7
    revenue = classes.revenue_by_sku(orders, today).reindex(unique_keys, fill_value=0.0)
    abc = classes.abc_classes(revenue, settings.class_a_share, settings.class_b_share)
    inv["ABC Class"] = keys.map(abc)
    inv["XYZ Class"] = keys.map(classes.xyz_classes(demand.iloc[:, -classes.XYZ_WEEKS :]))
    return inv


def weekly_demand(units: pd.DataFrame, days_in_stock: pd.DataFrame) -> pd.DataFrame:
    """Weekly demand for the forecast: what each week would have sold had the SKU been in stock all week.

    A week's units are scaled to 7 days in stock (8 units in the 4 days in stock: 14), counting
    at least :data:`MIN_DAYS_TO_SCALE` days so that one lucky day does not make a week; a week
    without a day in stock takes the demand of the week before. Weeks before the SKU's first
    sale are blank: it was not on sale yet, which is not a demand of zero.
    """
    scaled = units * 7 / days_in_stock.where(days_in_stock > 0).clip(lower=MIN_DAYS_TO_SCALE)
    started = units.gt(0).cummax(axis=1)
    return scaled.ffill(axis=1).where(started)


def service_level_used(inventory: pd.DataFrame, settings: Settings) -> pd.Series:
    """The SKU's own Service Level, else the one of its ABC class in Settings (class C when it has none)."""
    by_class = inventory["ABC Class"].map({"A": settings.service_level_a, "B": settings.service_level_b})
    return inventory["Service Level"].fillna(by_class.fillna(settings.service_level_c)).astype("float64")


@accepts_numbers
def safety_stock(
    service_level: pd.Series, lead_time: pd.Series, demand_std: pd.Series, demand: pd.Series, lead_spread: pd.Series
) -> pd.Series:
    """z(service level) × √(L·σd² + d²·σL²), rounded up (σL blank: 0, the demand-only form z·σd·√L)."""
    z = service_level.map(compute.z_score)
    spread = np.sqrt(lead_time * demand_std.fillna(0) ** 2 + demand.fillna(0) ** 2 * lead_spread.fillna(0) ** 2)
    return roundup(z * spread)


@accepts_numbers
def reorder_point(demand: pd.Series, lead_time: pd.Series, safety: pd.Series) -> pd.Series:
    """Forecast daily demand × lead time + safety stock, rounded up."""
    return roundup(demand.fillna(0) * lead_time + safety)


@accepts_numbers
def order_by(position: pd.Series, reorder_at: pd.Series, velocity: pd.Series, today: dt.date) -> pd.Series:
    """The day stock (available + on order) reaches the reorder point at the current velocity.

    Today when it already has; NaT without a count, without sales while above it, or a century or more away.
    """
    lasting = (position - reorder_at) / velocity.where(velocity > 0)
    days = cast(pd.Series, np.floor(lasting.round(9))).where(lasting < ORDER_BY_HORIZON_DAYS)  # a ufunc keeps a Series
    days = days.where(position > reorder_at, 0.0).where(position.notna())
    return pd.Timestamp(today) + pd.to_timedelta(days, unit="D")


def reorder_quantity(inventory: pd.DataFrame, lead_time: pd.Series, review_days: int) -> pd.Series:
    """Units to order at or below the reorder point: at least the minimum order, in whole case packs.

    Need = forecast × (lead time + review period) + safety stock − available − on order, rounded up.
    """
    available = inventory["Available Quantity"]
    position = available + inventory["On Order"]
    need = roundup(
        inventory["Forecast Daily"].fillna(0) * (lead_time + review_days) + inventory["Safety Stock"] - position
    )
    pack = inventory["Case Pack"].fillna(0).clip(lower=1)
    packed = roundup(np.maximum(need, inventory["Min Order Qty"].fillna(0)) / pack) * pack
    quantity = packed.where(need > 0, 0.0).where(position <= inventory["Reorder Point"], 0.0)
    return quantity.where(available.notna())


def next_count(inventory: pd.DataFrame, settings: Settings, today: dt.date) -> pd.Series:
    """Count Date + the count interval of the SKU's ABC class; today when it was never counted (blank: no SKU)."""
    interval: pd.Series = inventory["ABC Class"].map({"A": settings.count_every_a, "B": settings.count_every_b})
    interval = interval.fillna(settings.count_every_c).astype("float64")
    due = inventory["Count Date"].dt.normalize() + pd.to_timedelta(interval, unit="D")
    return due.fillna(pd.Timestamp(today)).where(text_key(inventory["SKU"]) != "")


@accepts_numbers
def inventory_alerts(
    available: pd.Series, position: pd.Series, reorder_at: pd.Series, unit_cost: pd.Series
) -> pd.Series:
    """OUT OF STOCK, REORDER (available + on order at or below the reorder point), NO STOCK COUNT; NO UNIT COST."""
    stock = np.select(
        [available.isna(), available <= 0, position <= reorder_at], [NO_STOCK_COUNT, OUT_OF_STOCK, REORDER], default=""
    )
    cost = np.where(unit_cost.isna(), NO_UNIT_COST, "")
    joined = [", ".join(part for part in pair if part) for pair in zip(stock, cost)]
    return pd.Series(joined, index=available.index, dtype=object)


# --- The Why sentence ---------------------------------------------------------------------


def why(inventory: pd.DataFrame, lead_time: pd.Series, review_days: int) -> pd.Series:
    """One sentence per SKU: the reorder decision with the numbers behind it (the Why formula's text)."""
    sentences = [_sentence(row, lead, review_days) for (_, row), lead in zip(inventory.iterrows(), lead_time.tolist())]
    return pd.Series(sentences, index=inventory.index, dtype=object)


def _sentence(row: pd.Series, lead: float, review_days: int) -> str:
    available = row["Available Quantity"]
    if pd.isna(available):
        return "Count it: type Stock Counted and Count Date, or import the FBA Manage Inventory report"
    on_order = row["On Order"]
    demand = general(excel_round(_n(row["Forecast Daily"]), 2))
    safety, reorder_at = general(row["Safety Stock"]), general(row["Reorder Point"])
    cover = f"{demand}/day × ({general(lead)} + {review_days}) days + {safety} safety"
    if available + on_order <= row["Reorder Point"]:
        quantity = row["Reorder Qty"]
        if not quantity > 0:
            return f"Nothing to order: {general(available + on_order)} available and on order cover {cover}"
        pack = max(1.0, _n(row["Case Pack"]))
        minimum = _n(row["Min Order Qty"])
        need = roundup(_n(row["Forecast Daily"]) * (lead + review_days) + row["Safety Stock"] - available - on_order)
        text = f"Reorder {general(quantity)} by {day_month(row['Order By'])}: {cover} − {general(available)} available"
        text += f" − {general(on_order)} on order" if on_order > 0 else ""
        text += f", in cases of {general(pack)}" if pack > 1 else ""
        text += f", minimum order {general(minimum)}" if minimum > need else ""
        return text
    until = f" until {day_month(row['Order By'])}" if pd.notna(row["Order By"]) else ""
    text = f"Enough{until}: {general(available)} available"
    text += f" + {general(on_order)} on order" if on_order > 0 else ""
    return text + f" above reorder point {reorder_at} ({demand}/day × {general(lead)} days + {safety} safety)"


def _n(value: float | None) -> float:
    """Excel's ``N()``: a number, or 0 for a blank."""
    return 0.0 if value is None or pd.isna(value) else float(value)


def excel_round(value: float, digits: int) -> float:
    """Excel's ``ROUND``: halves away from zero, on the decimal value shown (0.15 → 0.2)."""
    scale = 10**digits
    return math.copysign(math.floor(abs(value) * scale + 0.5 + 1e-9) / scale, value)


def general(value: float) -> str:
    """A number as Excel's General format turns it into text in ``&``: 3, 2.8, -1.25."""
    number = float(value)
    if number.is_integer():
        return str(int(number))
    return f"{number:.15g}"


def day_month(value: pd.Timestamp) -> str:
    """``2 Dec``: the day and the English month abbreviation."""
    return f"{value.day} {MONTH_ABBREVIATIONS[value.month - 1]}"
