"""The Dashboard's seller metrics as formulas over the Orders table.

Each rule of :mod:`amzsheet.model.metrics` is here twice over: the 0/1 array of the lines that
put their order in the window, and the 0/1 array of the lines that fail. The orders and the
defects are then distinct counts of Order IDs (:func:`amzsheet.excel.formulas.count_distinct_orders`,
which looks each line's Order ID up in the Dashboard's sorted list, so 100,000 lines take a
moment). The seller edits statuses, dates and tracking numbers in Excel, and the figures follow.

Dates are compared by day with ``INT`` inside ``IF(ISNUMBER(...))``, so that text typed into a
date cell is no date rather than an error spreading to the whole count.
"""

from __future__ import annotations

from collections.abc import Callable

from amzsheet.contract.schema import CANCELLED, MCF
from amzsheet.excel.formulas import (
    ArrayFormula,
    OrderIndex,
    count_distinct_orders,
    is_fbm,
    is_not_cancelled,
    is_open,
    within_last_days,
)
from amzsheet.model.metrics import CLAIMS, NEGATIVE_FEEDBACK, WHOLE_ORDER_RULES, MetricSpec

#: Names an Orders column (``Orders[Ship By]``).
Col = Callable[[str], str]
#: Builds a 0/1 array expression over the Orders table for a window of ``days`` days.
Condition = Callable[[Col, int], str]


def _day_after(col: Col, later: str, day: str) -> str:
    """Lines whose ``later`` date falls on a day after the day of ``day`` (both dates present)."""
    both = f"ISNUMBER({col(later)})*ISNUMBER({col(day)})"
    return f"IF({both},--(INT({col(later)})>INT({col(day)})),0)"


def _late_shipment(col: Col, days: int) -> tuple[str, str]:
    in_window = f"{is_fbm(col)}*{is_not_cancelled(col)}*{within_last_days(col, 'Ship By', days)}"
    return in_window, f"(({is_open(col)}+{_day_after(col, 'Shipped Date', 'Ship By')})>0)"


def _cancel(col: Col, days: int) -> tuple[str, str]:
    return f"{is_fbm(col)}*{within_last_days(col, 'Order Date', days)}", f'({col("Order Status")}="{CANCELLED}")'


def _valid_tracking(col: Col, days: int) -> tuple[str, str]:
    in_window = f"{is_fbm(col)}*{is_not_cancelled(col)}*{within_last_days(col, 'Shipped Date', days)}"
    return in_window, f'({col("Tracking Number")}="")'


def _on_time_delivery(col: Col, days: int) -> tuple[str, str]:
    in_window = f"{is_fbm(col)}*{within_last_days(col, 'Deliver By', days)}*ISNUMBER({col('Delivered Date')})"
    return in_window, _day_after(col, "Delivered Date", "Deliver By")


def _order_defect(col: Col, days: int) -> tuple[str, str]:
    claims = "+".join(f'({col("Claim")}="{claim}")' for claim in CLAIMS)
    feedback = col("Feedback")
    negative = f"({feedback}>=1)*({feedback}<={NEGATIVE_FEEDBACK})"
    return f'({col("Channel")}<>"{MCF}")*{within_last_days(col, "Order Date", days)}', f"(({claims}+{negative})>0)"


#: Each rule of :data:`amzsheet.model.metrics.RULES`: (lines in the window, lines that fail).
RULES: dict[str, Callable[[Col, int], tuple[str, str]]] = {
    "late_shipment": _late_shipment,
    "cancel": _cancel,
    "valid_tracking": _valid_tracking,
    "on_time_delivery": _on_time_delivery,
    "order_defect": _order_defect,
}


def orders_formula(spec: MetricSpec, index: OrderIndex) -> ArrayFormula:
    """The orders a metric counts: distinct Order IDs with a line in its window."""
    return count_distinct_orders(lambda col: RULES[spec.rule](col, spec.days)[0], index)


def defects_formula(spec: MetricSpec, index: OrderIndex, orders_cell: str) -> ArrayFormula:
    """The orders that fail: with a failing line in the window, or (cancellations) with no other line there.

    :param orders_cell: the cell holding :func:`orders_formula`.
    """

    def both(col: Col) -> str:
        in_window, failing = RULES[spec.rule](col, spec.days)
        return f"{in_window}*(1-{failing})" if spec.rule in WHOLE_ORDER_RULES else f"{in_window}*{failing}"

    counted = count_distinct_orders(both, index)
    return ArrayFormula(f"{orders_cell}-({counted})") if spec.rule in WHOLE_ORDER_RULES else counted


def value_formula(spec: MetricSpec, orders_cell: str, defects_cell: str) -> str:
    """The metric's fraction (see :func:`amzsheet.model.metrics.metric_value`), blank without orders."""
    good = f"({orders_cell}-{defects_cell})" if spec.above else defects_cell
    return f'IF({orders_cell}>0,{good}/{orders_cell},"")'


def off_target_formula(spec: MetricSpec, value_cell: str, target_cell: str) -> str:
    """Conditional-format condition: the value misses the target (see :func:`~amzsheet.model.metrics.meets_target`)."""
    return f"AND(ISNUMBER({value_cell}),{value_cell}{'<=' if spec.above else '>='}{target_cell})"


def target_format(spec: MetricSpec) -> str:
    """The number format showing the target as Seller Central does: ``< 4%``, ``> 95%``, ``< 2.5%``."""
    decimals = "" if round(spec.target * 100, 6).is_integer() else ".0"
    return f'"{">" if spec.above else "<"} "0{decimals}%'
