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
import functools
from typing import cast

import numpy as np
import pandas as pd

from amzsheet.contract.inventory import INVENTORY_COLUMNS
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
from amzsheet.contract.vocabulary import ORDER_BY_HORIZON_DAYS
from amzsheet.model import classes, compute, forecast, purchase_orders, stock_history
from amzsheet.model.columns import TableFrame
from amzsheet.model.compute import roundup, text_key
from amzsheet.model.scalars import accepts_numbers
from amzsheet.model.why import why

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
    sales: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return ``inventory`` with every computed column filled in, each by the twin its declaration names.

    :param inventory: Inventory table (seller inputs are read, computed columns replaced).
    :param orders: Order Tracking table.
    :param settings: the Settings sheet.
    :param today: the reference date (Excel's ``TODAY()``).
    :param purchases: the Purchase Orders table (None: no purchase orders).
    :param history: the Stock History table (None: no snapshots yet).
    :param sales: the order lines of the workbook and the archive (see :func:`amzsheet.model.archive.with_archive`),
        which the forecast, the classes, the days in stock and the demand's spread read (None: ``orders``). The
        formulas' twins read ``orders``, as Excel's formulas read Order Tracking.
    """
    return InventoryFrame(inventory, orders, settings, today, purchases, history, sales).fill()


#: The computed columns the reorder quantity and its Why sentence read.
_REORDER_INPUTS = ("Available Quantity", "On Order", "Forecast Daily", "Safety Stock", "Reorder Point")


class InventoryFrame(TableFrame):
    """Inventory being recomputed: what the twins of :data:`~amzsheet.contract.inventory.INVENTORY_COLUMNS` read.

    Each method computes one column (or, for :attr:`statistics`, the forecast and the classes
    together) from the other tables and from the columns it asks ``self[...]`` for.

    :param purchases: the Purchase Orders table (None: no purchase orders).
    :param history: the Stock History table (None: no snapshots yet).
    :param sales: order lines of the workbook and the archive (None: ``orders``); see :func:`compute_inventory`.
    """

    def __init__(
        self,
        inventory: pd.DataFrame,
        orders: pd.DataFrame,
        settings: Settings,
        today: dt.date,
        purchases: pd.DataFrame | None = None,
        history: pd.DataFrame | None = None,
        sales: pd.DataFrame | None = None,
    ):
        super().__init__(inventory, INVENTORY_COLUMNS, today)
        self.orders = orders
        self.sales = orders if sales is None else sales
        self.settings = settings
        self.purchases = empty_table(PURCHASE_ORDER_COLUMNS) if purchases is None else purchases
        self.history = empty_table(STOCK_HISTORY_COLUMNS) if history is None else history

    @functools.cached_property
    def lead_time(self) -> pd.Series:
        """Each SKU's lead time, or the default of Settings."""
        return compute.effective_lead_time(self.table, self.settings)

    @functools.cached_property
    def _span(self) -> int:
        return max(self.settings.sales_window_days, 7 * HISTORY_WEEKS)

    @functools.cached_property
    def _in_stock_by_day(self) -> np.ndarray:
        """Whether each row's SKU was in stock on each day up to yesterday (sales window and forecast weeks)."""
        span = self._span
        days = pd.date_range(pd.Timestamp(self.today) - pd.Timedelta(days=span), periods=span)
        return stock_history.in_stock_by_day(self.table, self.sales, self.purchases, self.history, days)

    @property
    def _in_stock_window(self) -> np.ndarray:
        return self._in_stock_by_day[:, self._span - self.settings.sales_window_days :]

    def po_received_since_count(self) -> pd.Series:
        """See :func:`amzsheet.model.purchase_orders.received_since_count`."""
        return purchase_orders.received_since_count(self.purchases, self.table)

    def sold_since_count(self) -> pd.Series:
        """See :func:`amzsheet.model.compute.sold_since_count`."""
        return compute.sold_since_count(self.orders, self.table)

    def returned_since_count(self) -> pd.Series:
        """See :func:`amzsheet.model.compute.returned_since_count`."""
        return compute.returned_since_count(self.orders, self.table)

    def available_quantity(self) -> pd.Series:
        """See :func:`amzsheet.model.compute.available_quantity`."""
        return compute.available_quantity(
            self._with("PO Received Since Count", "Returned Since Count", "Sold Since Count")
        )

    def ordered_quantity(self) -> pd.Series:
        """See :func:`amzsheet.model.compute.ordered_quantity`."""
        return compute.ordered_quantity(self.orders, self.table["SKU"])

    def on_order(self) -> pd.Series:
        """See :func:`amzsheet.model.purchase_orders.on_order`."""
        return purchase_orders.on_order(self.purchases, self.table, self.lead_time, self.today)

    def total_cost(self) -> pd.Series:
        """See :func:`amzsheet.model.compute.total_cost`."""
        return compute.total_cost(self["Unit Cost"], self["Available Quantity"])

    def in_stock_days(self) -> pd.Series:
        """Days of the sales window the SKU was in stock."""
        return pd.Series(self._in_stock_window.sum(axis=1), index=self.table.index, dtype="float64")

    def avg_daily_sales(self) -> pd.Series:
        """See :func:`amzsheet.model.compute.average_daily_sales`."""
        window = self.settings.sales_window_days
        return compute.average_daily_sales(self.orders, self["SKU"], self.today, window, self["In-Stock Days"])

    def demand_std_dev(self) -> pd.Series:
        """See :func:`amzsheet.model.compute.demand_std`."""
        window = self.settings.sales_window_days
        return compute.demand_std(self.sales, self["SKU"], self.today, window, self._in_stock_window)

    @functools.cached_property
    def statistics(self) -> pd.DataFrame:
        """Forecast, demand pattern and ABC/XYZ classes: values amzsheet computes from the sales history."""
        keys = text_key(self.table["SKU"])
        first = ~keys.duplicated()
        unique_keys = pd.Index(keys[first])
        weekly = classes.weekly_units(self.sales, self.today, HISTORY_WEEKS).reindex(unique_keys, fill_value=0.0)
        in_stock = self._in_stock_by_day[:, self._span - 7 * HISTORY_WEEKS :]
        weeks_in_stock = in_stock[first.to_numpy()].reshape(len(unique_keys), HISTORY_WEEKS, 7).sum(axis=2)
        demand = weekly_demand(weekly, pd.DataFrame(weeks_in_stock, index=unique_keys, columns=weekly.columns))
        lead = self.lead_time.groupby(keys.to_numpy()).first().reindex(unique_keys)
        horizons = np.ceil((lead + self.settings.review_period_days).clip(lower=1) / 7).astype(int)
        forecasts = forecast.forecast_table(demand, horizons)
        revenue = classes.revenue_by_sku(self.sales, self.today).reindex(unique_keys, fill_value=0.0)
        abc = classes.abc_classes(revenue, self.settings.class_a_share, self.settings.class_b_share)
        return pd.DataFrame(
            {
                "Demand Pattern": keys.map(forecasts["pattern"]).replace("", None),
                "Forecast Method": keys.map(forecasts["method"]),
                "Forecast Daily": keys.map(forecasts["per_week"]).astype("float64") / 7,
                "Forecast Error": keys.map(forecasts["error"]).astype("float64") / 7,
                "ABC Class": keys.map(abc),
                "XYZ Class": keys.map(classes.xyz_classes(demand.iloc[:, -classes.XYZ_WEEKS :])),
            },
            index=self.table.index,
        )

    def service_level_used(self) -> pd.Series:
        """See :func:`service_level_used`."""
        return service_level_used(self._with("ABC Class"), self.settings)

    def safety_stock(self) -> pd.Series:
        """See :func:`safety_stock`."""
        return safety_stock(
            self["Service Level Used"],
            self.lead_time,
            self["Demand Std Dev"],
            self["Forecast Daily"],
            self["Lead Time Spread (days)"],
        )

    def reorder_point(self) -> pd.Series:
        """See :func:`reorder_point`."""
        return reorder_point(self["Forecast Daily"], self.lead_time, self["Safety Stock"])

    def days_of_cover(self) -> pd.Series:
        """See :func:`amzsheet.model.compute.days_of_cover`."""
        return compute.days_of_cover(self["Available Quantity"], self["Avg Daily Sales"])

    def position(self) -> pd.Series:
        """Available Quantity + On Order."""
        return self["Available Quantity"] + self["On Order"]

    def order_by(self) -> pd.Series:
        """See :func:`order_by`."""
        return order_by(self.position(), self["Reorder Point"], self["Avg Daily Sales"], self.today)

    def reorder_qty(self) -> pd.Series:
        """See :func:`reorder_quantity`."""
        return reorder_quantity(self._with(*_REORDER_INPUTS), self.lead_time, self.settings.review_period_days)

    def why(self) -> pd.Series:
        """See :func:`amzsheet.model.why.why`."""
        table = self._with(*_REORDER_INPUTS, "Reorder Qty", "Order By")
        return why(table, self.lead_time, self.settings.review_period_days, self.today)

    def next_count(self) -> pd.Series:
        """See :func:`next_count`."""
        return next_count(self._with("ABC Class"), self.settings, self.today)

    def alert(self) -> pd.Series:
        """See :func:`inventory_alerts`."""
        return inventory_alerts(self["Available Quantity"], self.position(), self["Reorder Point"], self["Unit Cost"])

    def _with(self, *names: str) -> pd.DataFrame:
        """The table once the computed columns ``names`` are computed."""
        for name in names:
            self[name]
        return self.table


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
