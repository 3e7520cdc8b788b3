"""Amazon's seller performance metrics, estimated from Order Tracking. Pure pandas, no I/O.

Each metric counts orders, an order being one Order ID (ignoring case, as Excel compares
text), over the ``days`` full days before ``today``: the window is ``[today - days, today)``
on the metric's own date column. Order Tracking's dates are naive times in the time zone of
Settings, so a window's days are the seller's days: an order placed at 23:30 on the evening
before the window opens is left out, one placed at 00:00 on its first day is in.

Every metric but the Order Defect Rate counts the lines you ship yourself (Channel neither
FBA nor MCF); the Order Defect Rate counts every Amazon order (FBA too, MCF left out). An
order is in a metric's window through its lines in that window, and it is a defect when one
of those lines fails the metric's rule (see each ``_*`` function below). The Dashboard's
formulas (:mod:`amzsheet.excel.metric_formulas`) count the same lines the same way.

These are estimates: Amazon measures some metrics with data no download carries (carrier
scans, the moment a shipment was confirmed, claims decided in the seller's favour).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from amzsheet.contract.schema import CANCELLED, FBA, MCF, OPEN_STATUSES, ORDER_COLUMNS
from amzsheet.model.compute import text_key
from amzsheet.model.dtypes import model_table

#: Order Tracking's Claim values that count as a defect (a refresh writes them; other text the seller
#: types, such as "Withdrawn", does not count).
A_TO_Z, CHARGEBACK = "A-to-z", "Chargeback"
CLAIMS = (A_TO_Z, CHARGEBACK)
#: Feedback of at most this many stars (and at least 1) is negative.
NEGATIVE_FEEDBACK = 2


@dataclass(frozen=True)
class MetricSpec:
    """What one metric measures and Amazon's target for it.

    :param key: the metric's name in JSON (``late_shipment_rate_10d``).
    :param rule: which orders it counts and which are defects (:data:`RULES`, and the Dashboard's
        formulas of the same name in :mod:`amzsheet.excel.metric_formulas`).
    :param label: its name on the Dashboard, as Seller Central writes it.
    :param days: the full days before today it covers.
    :param target: Amazon's target, a fraction (0.04 is 4 %).
    :param above: the value must stay above the target (a share of good orders: valid tracking,
        on-time delivery); otherwise under it (a rate of defects).
    """

    key: str
    rule: str
    label: str
    days: int
    target: float
    above: bool = False


#: The metrics, in the Dashboard's order.
METRICS: tuple[MetricSpec, ...] = (
    MetricSpec("late_shipment_rate_10d", "late_shipment", "Late Shipment Rate", 10, 0.04),
    MetricSpec("late_shipment_rate_30d", "late_shipment", "Late Shipment Rate", 30, 0.04),
    MetricSpec("pre_fulfillment_cancel_rate_7d", "cancel", "Pre-fulfillment Cancel Rate", 7, 0.025),
    MetricSpec("valid_tracking_rate_30d", "valid_tracking", "Valid Tracking Rate", 30, 0.95, above=True),
    MetricSpec("on_time_delivery_rate_14d", "on_time_delivery", "On-Time Delivery Rate", 14, 0.90, above=True),
    MetricSpec("order_defect_rate_60d", "order_defect", "Order Defect Rate", 60, 0.01),
)


@dataclass(frozen=True)
class Metric:
    """One metric's figures for a day.

    :param label: the Dashboard's name of the metric.
    :param days: the full days before today it covers.
    :param value: a fraction: defects / orders for a rate, (orders - defects) / orders for a share
        (Valid Tracking Rate, On-Time Delivery Rate); None when the window has no orders.
    :param orders: the orders counted (distinct Order IDs).
    :param defects: the orders that fail the metric's rule (late, cancelled, without tracking,
        delivered late, with a claim or negative feedback).
    :param target: Amazon's target, a fraction.
    :param ok: whether ``value`` meets the target (strictly under it for a rate, strictly above it
        for a share); None when ``value`` is None.
    :param above: the value must stay above the target (see :class:`MetricSpec`).
    """

    label: str
    days: int
    value: float | None
    orders: int
    defects: int
    target: float
    ok: bool | None
    above: bool = False

    def as_json(self) -> dict[str, Any]:
        """``{"value", "orders", "defects", "target", "ok"}``, as ``amzsheet status --json`` prints it."""
        value = None if self.value is None else round(self.value, 4)  # 15.28 %: the orders and defects say the rest
        return {"value": value, "orders": self.orders, "defects": self.defects, "target": self.target,
                "ok": self.ok}  # fmt: skip


def metric_value(spec: MetricSpec, orders: int, defects: int) -> float | None:
    """The fraction a metric shows for ``orders`` orders of which ``defects`` failed; None without orders."""
    if not orders:
        return None
    return (orders - defects) / orders if spec.above else defects / orders


def meets_target(spec: MetricSpec, value: float | None) -> bool | None:
    """Whether ``value`` meets Amazon's target (None stays None)."""
    if value is None:
        return None
    return value > spec.target if spec.above else value < spec.target


def seller_metrics(orders: pd.DataFrame, today: dt.date) -> dict[str, Metric]:
    """Compute every metric of :data:`METRICS` for ``today``.

    :param orders: Order Tracking (Feedback and Claim may be missing, as in an older layout), of either
        dtypes: a notebook's nullable ones (:func:`amzsheet.open_workbook`) or the model's.
    :param today: the reference date; windows end at its midnight (local time, as the dates).
    :return: the metrics by key (``late_shipment_rate_10d``, ...), in :data:`METRICS` order.
    """
    lines = _Lines(model_table(orders, ORDER_COLUMNS, orders.attrs.get("time_zone", "UTC")), today)
    result = {}
    for spec in METRICS:
        in_window, failing = RULES[spec.rule](lines, spec.days)
        counted = lines.count(in_window)
        if spec.rule in WHOLE_ORDER_RULES:  # a defect when all its lines in the window fail
            defects = counted - lines.count(in_window & ~failing)
        else:  # a defect when one of them fails
            defects = lines.count(in_window & failing)
        value = metric_value(spec, counted, defects)
        result[spec.key] = Metric(
            spec.label, spec.days, value, counted, defects, spec.target, meets_target(spec, value), spec.above
        )
    return result


def metrics_json(metrics: dict[str, Metric]) -> dict[str, dict[str, Any]]:
    """The metrics as one JSON object: ``{"late_shipment_rate_10d": {"value": 0.031, ...}, ...}``."""
    return {key: metric.as_json() for key, metric in metrics.items()}


class _Lines:
    """Order Tracking's columns as the rules read them, each worked out once."""

    def __init__(self, orders: pd.DataFrame, today: dt.date):
        self.orders = orders
        self.today = pd.Timestamp(today)
        key = text_key(orders["Order ID"])
        self._codes, uniques = pd.factorize(key)
        self._size = len(uniques)
        self._has_id = (key != "").to_numpy()
        channel = text_key(orders["Channel"])
        status = text_key(orders["Order Status"])
        self.not_mcf = (channel != MCF.lower()).to_numpy()
        self.fbm = self.not_mcf & (channel != FBA.lower()).to_numpy()
        self.cancelled = (status == CANCELLED.lower()).to_numpy()
        self.open = status.isin([name.lower() for name in OPEN_STATUSES]).to_numpy()

    def column(self, name: str) -> pd.Series:
        """A column, or a blank one when the table lacks it (a workbook of an older layout)."""
        if name in self.orders.columns:
            return self.orders[name]
        return pd.Series(np.nan, index=self.orders.index)

    def within(self, name: str, days: int) -> np.ndarray:
        """Lines whose date in ``name`` falls in the ``days`` full days before today."""
        dates = self.column(name)
        start = self.today - pd.Timedelta(days=days)
        return ((dates >= start) & (dates < self.today)).to_numpy()

    def day_after(self, later: str, day: str) -> np.ndarray:
        """Lines whose ``later`` date falls on a day after the day of ``day`` (both dates present)."""
        return (self.column(later).dt.normalize() > self.column(day).dt.normalize()).to_numpy()

    def count(self, mask: np.ndarray) -> int:
        """Distinct Order IDs among the lines of ``mask`` (lines without an Order ID are no order)."""
        seen = np.zeros(self._size, dtype=bool)
        seen[self._codes[mask & self._has_id]] = True
        return int(seen.sum())


#: A rule: the lines that put their order in the window, and the lines that fail.
Rule = Callable[[_Lines, int], tuple[np.ndarray, np.ndarray]]


def _late_shipment(lines: _Lines, days: int) -> tuple[np.ndarray, np.ndarray]:
    """Lines not cancelled with a Ship By in the window; late: shipped on a day after Ship By, or still open.

    A shipped line without a Shipped Date counts as on time.
    """
    in_window = lines.fbm & ~lines.cancelled & lines.within("Ship By", days)
    return in_window, lines.open | lines.day_after("Shipped Date", "Ship By")


def _cancel(lines: _Lines, days: int) -> tuple[np.ndarray, np.ndarray]:
    """Lines placed in the window; the order is a defect when every one of them is Cancelled.

    (A rule of :data:`WHOLE_ORDER_RULES`: the orders with a line not cancelled are counted and taken away.)
    """
    return lines.fbm & lines.within("Order Date", days), lines.cancelled


def _valid_tracking(lines: _Lines, days: int) -> tuple[np.ndarray, np.ndarray]:
    """Lines not cancelled with a Shipped Date in the window; a defect: one without a Tracking Number."""
    in_window = lines.fbm & ~lines.cancelled & lines.within("Shipped Date", days)
    return in_window, (text_key(lines.column("Tracking Number")) == "").to_numpy()


def _on_time_delivery(lines: _Lines, days: int) -> tuple[np.ndarray, np.ndarray]:
    """Lines with a Deliver By in the window and a Delivered Date; a defect: delivered on a later day."""
    in_window = lines.fbm & lines.within("Deliver By", days) & lines.column("Delivered Date").notna().to_numpy()
    return in_window, lines.day_after("Delivered Date", "Deliver By")


def _order_defect(lines: _Lines, days: int) -> tuple[np.ndarray, np.ndarray]:
    """Every Amazon order (FBA and FBM, not MCF) placed in the window; a defect: a claim or 1-2 stars."""
    claim = text_key(lines.column("Claim").astype(object)).isin([name.lower() for name in CLAIMS]).to_numpy()
    feedback = lines.column("Feedback")
    negative = ((feedback >= 1) & (feedback <= NEGATIVE_FEEDBACK)).to_numpy()
    return lines.not_mcf & lines.within("Order Date", days), claim | negative


#: Each :attr:`MetricSpec.rule` and its lines.
RULES: dict[str, Rule] = {
    "late_shipment": _late_shipment,
    "cancel": _cancel,
    "valid_tracking": _valid_tracking,
    "on_time_delivery": _on_time_delivery,
    "order_defect": _order_defect,
}
#: Rules whose order is a defect only when every one of its lines in the window fails.
WHOLE_ORDER_RULES = frozenset({"cancel"})
