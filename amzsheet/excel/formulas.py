"""The Excel formulas of every computed cell, built from the column contract.

A row formula is written as a template in which ``{Column Name}`` stands for the
cell of that column in the same row; :class:`RowFormula` turns it into A1
references once, then renders any row cheaply. Formulas refer to other tables by
whole-column structured references (``Orders[Quantity]``), which Excel and
LibreOffice both evaluate; same-row references are plain A1 references because
LibreOffice 7 mis-reads ``[#This Row]``.

:mod:`amzsheet.model.compute` computes the same values in pandas for the cached results.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

from amzsheet.contract.schema import (
    CANCELLED,
    FBA,
    INVENTORY_COLUMNS,
    INVENTORY_TABLE,
    LATE_DELIVERY,
    MCF,
    NO_STOCK_COUNT,
    NO_UNIT_COST,
    ORDERS_TABLE,
    OUT_OF_STOCK,
    OVERDUE,
    PENDING,
    PURCHASE_ORDERS_TABLE,
    REORDER,
    SHIP_TODAY,
    SHIPPED,
    UNSHIPPED,
    Column,
)
from amzsheet.model.compute import DASHBOARD_DAYS, MONTH_ABBREVIATIONS, ORDER_BY_HORIZON_DAYS

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


def exact_text(cell: str) -> str:
    """``cell``'s text with the criteria wildcards ``*``, ``?`` and ``~`` escaped.

    SUMIFS and MATCH read ``*`` and ``?`` in a criterion as wildcards; a SKU such as
    ``A*B`` must match only itself.
    """
    return f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({cell},"~","~~"),"*","~*"),"?","~?")'


def equals(cell: str) -> str:
    """A SUMIFS criterion matching exactly the text of ``cell`` (ignoring case, as Excel does).

    The leading ``=`` keeps a SKU such as ``>5`` or ``=A`` from being read as a comparison.
    """
    return f'"="&{exact_text(cell)}'


def orders_ref(name: str) -> str:
    """Structured reference to a whole column of the Orders table."""
    return f"{ORDERS_TABLE}[{name}]"


def purchase_ref(name: str) -> str:
    """Structured reference to a whole column of the Purchase Orders table."""
    return f"{PURCHASE_ORDERS_TABLE}[{name}]"


def inventory_ref(name: str) -> str:
    """Structured reference to a whole column of the Inventory table."""
    return f"{INVENTORY_TABLE}[{name}]"


# --- Order Tracking -------------------------------------------------------------------------

_FBM = f'{{Channel}}<>"{FBA}",{{Channel}}<>"{MCF}"'  # conditions inside AND(): Amazon ships FBA and MCF lines
_OPEN = f'OR({{Order Status}}="{PENDING}",{{Order Status}}="{UNSHIPPED}")'
_OVERDUE = f"AND({_FBM},{_OPEN},ISNUMBER({{Ship By}}),{{Ship By}}<AsOfDate)"
_SHIP_TODAY = f"AND({_FBM},{_OPEN},ISNUMBER({{Ship By}}),{{Ship By}}>=AsOfDate,{{Ship By}}<AsOfDate+1)"
_LATE = f'AND({_FBM},{{Order Status}}="{SHIPPED}",ISNUMBER({{Deliver By}}),{{Deliver By}}<AsOfDate)'

ORDER_ALERT = f'IF({_OVERDUE},"{OVERDUE}",IF({_SHIP_TODAY},"{SHIP_TODAY}",IF({_LATE},"{LATE_DELIVERY}","")))'
#: Conditional-format rules of Order Tracking rows, most urgent first: (name, template).
ORDER_ROW_RULES = (("overdue", _OVERDUE), ("ship_today", _SHIP_TODAY), ("late_delivery", _LATE))

# --- Inventory ------------------------------------------------------------------------------

_NOT_CANCELLED = f'{orders_ref("Order Status")},"<>{CANCELLED}"'
# Amazon sales: not cancelled, and not Multi-Channel Fulfillment (its units leave the stock, but no Amazon sale).
_AMAZON_SALES = f'{_NOT_CANCELLED},{orders_ref("Channel")},"<>{MCF}"'
_SKU_UNITS = f"{orders_ref('Quantity')},{orders_ref('SKU')},{equals('{SKU}')}"
_SKU_RESTOCKED = f"{orders_ref('Restocked Qty')},{orders_ref('SKU')},{equals('{SKU}')}"
_SKU_PO = f"{purchase_ref('Quantity')},{purchase_ref('SKU')},{equals('{SKU}')}"
_LEAD = "IF(ISNUMBER({Lead Time (days)}),{Lead Time (days)},DefaultLeadTime)"
_POSITION = "({Available Quantity}+{On Order})"
_AT_REORDER_POINT = f"{_POSITION}<={{Reorder Point}}"
_PACK = "MAX(1,N({Case Pack}))"
_NEED = f"ROUNDUP(N({{Forecast Daily}})*({_LEAD}+ReviewPeriodDays)+{{Safety Stock}}-{_POSITION},0)"
_STOCK_ALERT = (
    f'IF(ISNUMBER({{Available Quantity}}),IF({{Available Quantity}}<=0,"{OUT_OF_STOCK}",'
    f'IF({_AT_REORDER_POINT},"{REORDER}","")),"{NO_STOCK_COUNT}")'
)
_CLASS_SETTING = 'IF({{ABC Class}}="A",{a},IF({{ABC Class}}="B",{b},{c}))'
_MONTHS = ",".join(f'"{month}"' for month in MONTH_ABBREVIATIONS)


def _number(expression: str) -> str:
    """Text of a number rounded to two decimals, as Excel's General format writes it (2.8, 3)."""
    return f"ROUND({expression},2)"


def _day_month(date: str) -> str:
    """``2 Dec``: built from DAY and MONTH, as TEXT's date codes differ between Excel languages."""
    return f'DAY({date})&" "&CHOOSE(MONTH({date}),{_MONTHS})'


_ON_ORDER_TEXT = 'IF({On Order}>0," − "&{On Order}&" on order","")'
_WHY_REORDER = (
    '"Reorder "&{Reorder Qty}&" by "&'
    + _day_month("{Order By}")
    + '&": "&'
    + _number("N({Forecast Daily})")
    + f'&"/day × ("&{_LEAD}&" + "&ReviewPeriodDays&") days + "&{{Safety Stock}}&" safety − "&{{Available Quantity}}'
    + '&" available"&'
    + _ON_ORDER_TEXT
    + f'&IF({_PACK}>1,", in cases of "&{_PACK},"")'
    + f'&IF(N({{Min Order Qty}})>{_NEED},", minimum order "&{{Min Order Qty}},"")'
)
_WHY_ENOUGH = (
    '"Enough"&IF(ISNUMBER({Order By})," until "&'
    + _day_month("{Order By}")
    + ',"")&": "&{Available Quantity}'
    + '&" available"&IF({On Order}>0," + "&{On Order}&" on order","")&" above reorder point "&{Reorder Point}'
    + '&" ("&'
    + _number("N({Forecast Daily})")
    + f'&"/day × "&{_LEAD}&" days + "&{{Safety Stock}}&" safety)"'
)
WHY = (
    'IF(NOT(ISNUMBER({Available Quantity})),"Count it: type Stock Counted and Count Date, '
    'or import the FBA Manage Inventory report",'
    f"IF({_AT_REORDER_POINT},IF({{Reorder Qty}}>0,{_WHY_REORDER},"
    f'"Nothing to order: "&{_POSITION}&" available and on order cover "&'
    + _number("N({Forecast Daily})")
    + f'&"/day × ("&{_LEAD}&" + "&ReviewPeriodDays&") days + "&{{Safety Stock}}&" safety"),'
    f"{_WHY_ENOUGH}))"
)

INVENTORY_FORMULAS: dict[str, str] = {
    "PO Received Since Count": (
        f"IF(ISNUMBER({{Count Date}}),"
        f'SUMIFS({_SKU_PO},{purchase_ref("Received Date")},">"&{{Count Date}}),'
        f'SUMIFS({_SKU_PO},{purchase_ref("Received Date")},">0"))'
    ),
    "Sold Since Count": (
        f"IF(ISNUMBER({{Count Date}}),"
        f'SUMIFS({_SKU_UNITS},{_NOT_CANCELLED},{orders_ref("Order Date")},">"&{{Count Date}}),'
        f"SUMIFS({_SKU_UNITS},{_NOT_CANCELLED}))"
    ),
    "Returned Since Count": (
        f"IF(ISNUMBER({{Count Date}}),"
        f'SUMIFS({_SKU_RESTOCKED},{orders_ref("Return Date")},">"&{{Count Date}}),'
        f"SUMIFS({_SKU_RESTOCKED}))"
    ),
    "Available Quantity": (
        "IF(ISNUMBER({Stock Counted}),{Stock Counted}+N({Received Since Count})+{PO Received Since Count}"
        '+{Returned Since Count}-{Sold Since Count},"")'
    ),
    "Ordered Quantity": (
        f'SUMIFS({_SKU_UNITS},{orders_ref("Order Status")},"{PENDING}")'
        f'+SUMIFS({_SKU_UNITS},{orders_ref("Order Status")},"{UNSHIPPED}")'
    ),
    "On Order": (
        f"SUMIFS({purchase_ref('Open Qty')},{purchase_ref('SKU')},{equals('{SKU}')},"
        f'{purchase_ref("Expected Date")},"<="&(AsOfDate+{_LEAD}))'
    ),
    "Total Cost": (
        'IF(AND(ISNUMBER({Unit Cost}),ISNUMBER({Available Quantity})),{Unit Cost}*MAX(0,{Available Quantity}),"")'
    ),
    "Avg Daily Sales": (
        f'SUMIFS({_SKU_UNITS},{_NOT_CANCELLED},{orders_ref("Order Date")},">="&(AsOfDate-SalesWindowDays),'
        f'{orders_ref("Order Date")},"<"&AsOfDate)'
        "/IF(ISNUMBER({In-Stock Days}),MAX(1,{In-Stock Days}),SalesWindowDays)"
    ),
    "Service Level Used": (
        "IF(ISNUMBER({Service Level}),{Service Level},"
        + _CLASS_SETTING.format(a="ServiceLevelA", b="ServiceLevelB", c="ServiceLevelC")
        + ")"
    ),
    "Safety Stock": (
        f"ROUNDUP(_xlfn.NORM.S.INV({{Service Level Used}})*SQRT({_LEAD}*N({{Demand Std Dev}})^2"
        "+N({Forecast Daily})^2*N({Lead Time Spread (days)})^2),0)"
    ),
    "Reorder Point": f"ROUNDUP(N({{Forecast Daily}})*{_LEAD}+{{Safety Stock}},0)",
    "Days of Cover": (
        'IF(AND(ISNUMBER({Available Quantity}),{Avg Daily Sales}>0),MAX(0,{Available Quantity}/{Avg Daily Sales}),"")'
    ),
    "Order By": (
        f"IF(ISNUMBER({{Available Quantity}}),IF({_AT_REORDER_POINT},AsOfDate,IF({{Avg Daily Sales}}>0,"
        f"IF(({_POSITION}-{{Reorder Point}})/{{Avg Daily Sales}}<{ORDER_BY_HORIZON_DAYS},"
        f'AsOfDate+ROUNDDOWN(({_POSITION}-{{Reorder Point}})/{{Avg Daily Sales}},0),""),"")),"")'
    ),
    "Reorder Qty": (
        f"IF(ISNUMBER({{Available Quantity}}),IF({_AT_REORDER_POINT},"
        f'IF({_NEED}>0,ROUNDUP(MAX({_NEED},N({{Min Order Qty}}))/{_PACK},0)*{_PACK},0),0),"")'
    ),
    "Reorder Cost": 'IF(AND(ISNUMBER({Reorder Qty}),ISNUMBER({Unit Cost})),{Reorder Qty}*{Unit Cost},"")',
    "Why": WHY,
    "Next Count": (
        'IF({SKU}="","",IF(ISNUMBER({Count Date}),INT({Count Date})+'
        + _CLASS_SETTING.format(a="CountEveryA", b="CountEveryB", c="CountEveryC")
        + ",AsOfDate))"
    ),
    "Alert": (f'{_STOCK_ALERT}&IF(ISNUMBER({{Unit Cost}}),"",IF({_STOCK_ALERT}="","",", ")&"{NO_UNIT_COST}")'),
}

#: Conditional formats of Inventory: (rule name, column the format applies to, template).
INVENTORY_RULES = (
    ("out_of_stock", "Available Quantity", "AND(ISNUMBER({Available Quantity}),{Available Quantity}<=0)"),
    ("reorder", "Available Quantity", f"AND(ISNUMBER({{Available Quantity}}),{_AT_REORDER_POINT})"),
    ("count_due", "Next Count", "AND(ISNUMBER({Next Count}),{Next Count}<=AsOfDate)"),
    ("missing_cost", "Unit Cost", 'AND({SKU}<>"",NOT(ISNUMBER({Unit Cost})))'),
    ("out_of_stock", "Alert", f'ISNUMBER(SEARCH("{OUT_OF_STOCK}",{{Alert}}))'),
    ("reorder", "Alert", f'ISNUMBER(SEARCH("{REORDER}",{{Alert}}))'),
)


def inventory_formula(name: str) -> RowFormula:
    """The compiled formula of computed Inventory column ``name``."""
    return RowFormula(INVENTORY_FORMULAS[name], INVENTORY_COLUMNS)


# --- Purchase Orders and Counts ---------------------------------------------------------------

PURCHASE_ORDER_FORMULAS: dict[str, str] = {"Open Qty": "IF(ISNUMBER({Received Date}),0,N({Quantity}))"}
COUNT_FORMULAS: dict[str, str] = {
    "Difference": 'IF(AND(ISNUMBER({Counted Qty}),ISNUMBER({Expected Qty})),{Counted Qty}-{Expected Qty},"")'
}


# --- Dashboard --------------------------------------------------------------------------------


def _window(date_ref: str, days: int) -> str:
    return f'{date_ref},">="&(AsOfDate-{days}),{date_ref},"<"&AsOfDate'


def sum_last_days(column: str, days: int = DASHBOARD_DAYS) -> str:
    """SUMIFS of an Orders column over the Amazon sales (not cancelled, not MCF) of the last ``days`` full days."""
    return f"SUMIFS({orders_ref(column)},{_AMAZON_SALES},{_window(orders_ref('Order Date'), days)})"


def sum_on_day(column: str, day_cell: str) -> str:
    """SUMIFS of an Orders column over the Amazon sales (not cancelled, not MCF) placed on the date in ``day_cell``."""
    date = orders_ref("Order Date")
    return f'SUMIFS({orders_ref(column)},{_AMAZON_SALES},{date},">="&{day_cell},{date},"<"&({day_cell}+1))'


def sku_sum_last_days(column: str, sku_cell: str, days: int = DASHBOARD_DAYS) -> str:
    """Like :func:`sum_last_days` for the one SKU in ``sku_cell``."""
    window = _window(orders_ref("Order Date"), days)
    return f"SUMIFS({orders_ref(column)},{orders_ref('SKU')},{equals(sku_cell)},{_AMAZON_SALES},{window})"


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


def in_last_days(col: Callable[[str], str], days: int = DASHBOARD_DAYS) -> str:
    """0/1 array: Amazon sale (not cancelled, not MCF) placed in the last ``days`` full days."""
    date = col("Order Date")
    not_mcf = f'*({col("Channel")}<>"{MCF}")'
    return f'({date}>=AsOfDate-{days})*({date}<AsOfDate)*({col("Order Status")}<>"{CANCELLED}")' + not_mcf


def is_open(col: Callable[[str], str]) -> str:
    """0/1 array: line still to ship."""
    return f'(({col("Order Status")}="{PENDING}")+({col("Order Status")}="{UNSHIPPED}"))'


def is_to_ship(col: Callable[[str], str]) -> str:
    """0/1 array: line the seller still has to ship (open, not FBA or MCF).

    See :func:`amzsheet.model.compute.to_ship`.
    """
    return f'{is_open(col)}*({col("Channel")}<>"{FBA}")*({col("Channel")}<>"{MCF}")'


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
