"""Excel formulas: row templates compiled to A1 references, conditional formats, the Dashboard's.

A column's formula is declared with the column (:mod:`amzsheet.contract.inventory`,
:mod:`amzsheet.contract.schema`) as a template in which ``{Column Name}`` stands for the
cell of that column in the same row; :class:`RowFormula` turns it into A1
references once, then renders any row cheaply. Formulas refer to other tables by
whole-column structured references (``Orders[Quantity]``), which Excel and
LibreOffice both evaluate; same-row references are plain A1 references because
LibreOffice 7 mis-reads ``[#This Row]``.

Each column's pandas twin (:mod:`amzsheet.model`) computes the same values for the cached results.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

from amzsheet.contract.formula_text import (
    AMAZON_SALES,
    IS_LATE_DELIVERY,
    IS_OVERDUE,
    IS_SHIP_TODAY,
    equals,
    exact_text,
    inventory_ref,
    orders_ref,
)
from amzsheet.contract.inventory import AT_REORDER_POINT
from amzsheet.contract.schema import (
    CANCELLED,
    COUNT_COLUMNS,
    FBA,
    INVENTORY_COLUMNS,
    MCF,
    OUT_OF_STOCK,
    OVERDUE,
    PENDING,
    PURCHASE_ORDER_COLUMNS,
    REORDER,
    UNSHIPPED,
    Column,
    formulas_of,
)
from amzsheet.model.compute import DASHBOARD_DAYS

#: The defined name every formula takes as today: Settings' Reference date, or TODAY() when it is blank.
#: (Formula texts below spell it out, since ``{...}`` in them names a column.)
AS_OF = "AsOfDate"
#: What :data:`AS_OF` stands for.
AS_OF_FORMULA = "IF(ISNUMBER(ReferenceDate),INT(ReferenceDate),TODAY())"

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_ROW = "\x00"


def column_letter(columns: tuple[Column, ...], name: str) -> str:
    """Return the Excel column letter of header ``name`` in a table starting at column A."""
    return xl_col_to_name([column.name for column in columns].index(name))


class RowFormula:
    """A same-row formula template compiled to A1 references.

    :param template: formula text without ``=``; ``{Header}`` is the same row's cell.
    :param columns: the table's columns (the table starts in column A).
    :param absolute_columns: write ``$A2`` instead of ``A2`` (for conditional formats).
    """

    def __init__(self, template: str, columns: tuple[Column, ...], *, absolute_columns: bool = False):
        dollar = "$" if absolute_columns else ""
        compiled = _PLACEHOLDER.sub(lambda m: dollar + column_letter(columns, m.group(1)) + _ROW, template)
        self._parts = compiled.split(_ROW)

    def render(self, row: int) -> str:
        """Return the formula for Excel row ``row`` (1-based), without the leading ``=``."""
        return str(row).join(self._parts)


# --- Order Tracking -------------------------------------------------------------------------

#: Conditional formats of Order Tracking, most urgent first: (rule name, the column it colours or None for the
#: whole row, template). LATE DELIVERY, for information only, colours its Alert cell alone.
ORDER_RULES = (
    ("overdue", None, IS_OVERDUE),
    ("ship_today", None, IS_SHIP_TODAY),
    ("late_delivery", "Alert", IS_LATE_DELIVERY),
)

# --- Inventory ------------------------------------------------------------------------------

#: The formula of each computed Inventory column (declared in :mod:`amzsheet.contract.inventory`).
INVENTORY_FORMULAS: dict[str, str] = formulas_of(INVENTORY_COLUMNS)
#: Conditional formats of Inventory: (rule name, column the format applies to, template).
INVENTORY_RULES = (
    ("out_of_stock", "Available Quantity", "AND(ISNUMBER({Available Quantity}),{Available Quantity}<=0)"),
    ("reorder", "Available Quantity", f"AND(ISNUMBER({{Available Quantity}}),{AT_REORDER_POINT})"),
    ("count_due", "Next Count", "AND(ISNUMBER({Next Count}),{Next Count}<=AsOfDate)"),
    ("missing_cost", "Unit Cost", 'AND({SKU}<>"",NOT(ISNUMBER({Unit Cost})))'),
    ("out_of_stock", "Alert", f'ISNUMBER(SEARCH("{OUT_OF_STOCK}",{{Alert}}))'),
    ("reorder", "Alert", f'ISNUMBER(SEARCH("{REORDER}",{{Alert}}))'),
)


#: Conditional formats of Profit: a SKU that lost money in the month.
PROFIT_RULES = (("loss", "Net Profit", "AND(ISNUMBER({Net Profit}),{Net Profit}<0)"),)
#: Conditional formats of Settlements: a deposit its lines on Payments do not add up to (a line is missing).
SETTLEMENT_RULES = (("unreconciled", "Difference", "AND(ISNUMBER({Difference}),ABS({Difference})>=0.005)"),)


def inventory_formula(name: str) -> RowFormula:
    """The compiled formula of computed Inventory column ``name``."""
    return RowFormula(INVENTORY_FORMULAS[name], INVENTORY_COLUMNS)


# --- Purchase Orders and Counts ---------------------------------------------------------------

PURCHASE_ORDER_FORMULAS: dict[str, str] = formulas_of(PURCHASE_ORDER_COLUMNS)
COUNT_FORMULAS: dict[str, str] = formulas_of(COUNT_COLUMNS)


# --- Dashboard --------------------------------------------------------------------------------


def _window(date_ref: str, days: int) -> str:
    return f'{date_ref},">="&(AsOfDate-{days}),{date_ref},"<"&AsOfDate'


def sum_last_days(column: str, days: int = DASHBOARD_DAYS, criteria: str = "") -> str:
    """SUMIFS of an Orders column over the Amazon sales (not cancelled, not MCF) of the last ``days`` full days.

    :param criteria: more criteria pairs, starting with a comma (a currency).
    """
    return f"SUMIFS({orders_ref(column)},{AMAZON_SALES},{_window(orders_ref('Order Date'), days)}{criteria})"


def sum_on_day(column: str, day_cell: str, criteria: str = "") -> str:
    """SUMIFS of an Orders column over the Amazon sales (not cancelled, not MCF) placed on the date in ``day_cell``."""
    date = orders_ref("Order Date")
    day = f'{date},">="&{day_cell},{date},"<"&({day_cell}+1)'
    return f"SUMIFS({orders_ref(column)},{AMAZON_SALES},{day}{criteria})"


def sku_sum_last_days(column: str, sku_cell: str, days: int = DASHBOARD_DAYS, criteria: str = "") -> str:
    """Like :func:`sum_last_days` for the one SKU in ``sku_cell``."""
    window = _window(orders_ref("Order Date"), days)
    sku = f"{orders_ref('SKU')},{equals(sku_cell)}"
    return f"SUMIFS({orders_ref(column)},{sku},{AMAZON_SALES},{window}{criteria})"


class ArrayFormula(str):
    """A formula to be entered as an array formula (Ctrl+Shift+Enter in older Excel)."""


@dataclass(frozen=True)
class OrderIndex:
    """The Dashboard's sorted list of the Order IDs a refresh saw, which the order counts look up.

    :param ids: absolute reference to the sorted, distinct Order IDs (one cell at least).
    :param numbers: absolute reference to their numbers 1, 2, ... beside them.
    :param size: how many Order IDs the list holds.
    """

    ids: str
    numbers: str
    size: int


def count_distinct_orders(condition: Callable[[Callable[[str], str]], str], index: OrderIndex) -> ArrayFormula:
    """Count the distinct Order IDs with a line meeting ``condition``, whatever the order of the rows.

    Each line gets its Order ID's place in ``index`` by binary search (LOOKUP), and FREQUENCY counts
    the distinct places among the lines that meet ``condition``: it sorts, so 100,000 lines take a
    moment, not the hours of a COUNTIFS or MATCH per line. A line whose Order ID is not in ``index``
    (typed by hand since the last refresh, which lists it) counts as an order of its own until then.
    Lines without an Order ID are no order. See :func:`amzsheet.model.compute.count_orders`.

    :param condition: builds a 0/1 array expression from a function that names an Orders column.
    :param index: the Dashboard's list of Order IDs.
    """
    ids = orders_ref("Order ID")
    lines = f'({ids}<>"")*{condition(orders_ref)}'
    listed = f'(IFERROR(LOOKUP({ids},{index.ids}),"")={ids})'
    places = f"FREQUENCY(IF({lines}*{listed},LOOKUP({ids},{index.ids},{index.numbers})),{index.numbers})"
    # FREQUENCY of no number at all is an error (LibreOffice) or counts FALSE as 0: no listed line, no order.
    distinct = f"IF(SUM({lines}*{listed})=0,0,SUM(--({places}>0)))"
    return ArrayFormula(f"{distinct}+SUM({lines}*(1-{listed}))")


def within_last_days(col: Callable[[str], str], name: str, days: int) -> str:
    """0/1 array: line whose date in column ``name`` falls in the ``days`` full days before today."""
    return f"({col(name)}>=AsOfDate-{days})*({col(name)}<AsOfDate)"


def is_not_cancelled(col: Callable[[str], str]) -> str:
    """0/1 array: line whose Order Status is not Cancelled."""
    return f'({col("Order Status")}<>"{CANCELLED}")'


def is_fbm(col: Callable[[str], str]) -> str:
    """0/1 array: line the seller ships (neither FBA nor MCF: Amazon ships those)."""
    return f'({col("Channel")}<>"{FBA}")*({col("Channel")}<>"{MCF}")'


def in_last_days(col: Callable[[str], str], days: int = DASHBOARD_DAYS) -> str:
    """0/1 array: Amazon sale (not cancelled, not MCF) placed in the last ``days`` full days."""
    return f'{within_last_days(col, "Order Date", days)}*{is_not_cancelled(col)}*({col("Channel")}<>"{MCF}")'


def is_open(col: Callable[[str], str]) -> str:
    """0/1 array: line still to ship."""
    return f'(({col("Order Status")}="{PENDING}")+({col("Order Status")}="{UNSHIPPED}"))'


def is_to_ship(col: Callable[[str], str]) -> str:
    """0/1 array: line the seller still has to ship (open, not FBA or MCF).

    See :func:`amzsheet.model.compute.to_ship`.
    """
    return f"{is_open(col)}*{is_fbm(col)}"


def count_skus_to_reorder() -> str:
    """SKUs whose Reorder Qty is above 0; see :func:`amzsheet.model.compute.count_skus_to_reorder`."""
    return f'COUNTIF({inventory_ref("Reorder Qty")},">0")'


def is_overdue(col: Callable[[str], str]) -> str:
    """0/1 array: line whose Alert is OVERDUE."""
    return f'({col("Alert")}="{OVERDUE}")'


def count_inventory_alert(text: str) -> str:
    """Number of SKUs whose Alert contains ``text``."""
    return f'SUMPRODUCT(--ISNUMBER(SEARCH("{text}",{inventory_ref("Alert")})))'


def inventory_lookup(column: str, sku_cell: str) -> str:
    """The Inventory value of ``column`` for the SKU in ``sku_cell``, or "" when absent."""
    return f'IFERROR(INDEX({inventory_ref(column)},MATCH({exact_text(sku_cell)},{inventory_ref("SKU")},0)),"")'
