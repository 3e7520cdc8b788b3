"""The Dashboard's formulas of the Today block, currencies and top products (twins: :mod:`amzsheet.model.dashboard`).

Lists are built without dynamic arrays (LibreOffice 7 has none): a multi-cell array formula in
hidden cells returns the first places of a list with ``SMALL(..., {1;2;...})``, and a visible cell
joins their texts with ``&``. Order IDs come from the Dashboard's sorted Order ID list
(:class:`~amzsheet.excel.formulas.OrderIndex`), each distinct order once; SKUs from the Inventory
rows, the soonest due first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from amzsheet.contract.formula_text import exact_text, inventory_ref, orders_ref
from amzsheet.excel.formulas import ArrayFormula, OrderIndex, sku_sum_last_days, sum_last_days, sum_on_day
from amzsheet.model.dashboard import ROW_BASE

_NO_DATE = 2958465  # as amzsheet.model.dashboard: 31 Dec 9999, after every due date


def _criterion(code: str) -> str:
    return f'{orders_ref("Currency")},"{code}"'


def in_currency(sum_formula: Callable[[str], str], codes: Sequence[str], code: str) -> str:
    """A SUMIFS formula restricted to the lines in ``code`` (see :func:`amzsheet.model.dashboard.in_currency`).

    :param sum_formula: builds the SUMIFS from extra criteria ("" for none; else starting with a comma).
    :param codes: the tracker's currencies, the main one first (empty: no currency at all).
    """
    if not codes:
        return sum_formula("")
    if code != codes[0]:
        return sum_formula("," + _criterion(code))
    others = "".join(f"-{sum_formula(',' + _criterion(other))}" for other in codes[1:])
    return sum_formula("") + others


def sales_last_days(codes: Sequence[str], code: str) -> str:
    """Sales (Item Total) of the last 30 full days in currency ``code``."""
    return in_currency(lambda extra: sum_last_days("Item Total", criteria=extra), codes, code)


def sales_on_day(codes: Sequence[str], day_cell: str) -> str:
    """Sales in the main currency placed on the day in ``day_cell``."""
    return in_currency(
        lambda extra: sum_on_day("Item Total", day_cell, criteria=extra), codes, codes[0] if codes else ""
    )


def sku_sales(codes: Sequence[str], sku_cell: str) -> str:
    """Sales in the main currency of the SKU in ``sku_cell`` over the last 30 full days."""
    main = codes[0] if codes else ""
    return in_currency(lambda extra: sku_sum_last_days("Item Total", sku_cell, criteria=extra), codes, main)


def currency_lines(codes: Sequence[str], code: str) -> Callable[[Callable[[str], str]], str]:
    """0/1 array condition: lines in ``code`` (for the order count behind an average order value)."""

    def condition(col: Callable[[str], str]) -> str:
        if code != codes[0]:
            return f'({col("Currency")}="{code}")'
        return "(1" + "".join(f'-({col("Currency")}="{other}")' for other in codes[1:]) + ")"

    return condition


def order_places(condition: Callable[[Callable[[str], str]], str], index: OrderIndex, shown: int) -> ArrayFormula:
    """The places in ``index`` of the first ``shown`` distinct orders with a line meeting ``condition``; 0 after.

    Enter over ``shown`` cells of a column. Lines whose Order ID is not in the list are left out (they
    count in the order counts: the Today text says "… and N more").
    """
    ids = orders_ref("Order ID")
    lines = f'({ids}<>"")*{condition(orders_ref)}'
    listed = f'(IFERROR(LOOKUP({ids},{index.ids}),"")={ids})'
    places = f"FREQUENCY(IF({lines}*{listed},LOOKUP({ids},{index.ids},{index.numbers})),{index.numbers})"
    first = index.numbers.split(":")[0]
    bins = f"ROW({index.numbers.split(':')[0]}:{_below(index.numbers)})-ROW({first})+1"  # one more than the bins
    # FREQUENCY of no number at all is an error (LibreOffice) or counts FALSE as 0: no listed line, no order.
    return ArrayFormula(f"IF(SUM({lines}*{listed})=0,0,IFERROR(SMALL(IF({places}>0,{bins}),{_ks(shown)}),0))")


def _below(area: str) -> str:
    """The cell one row below the last cell of the absolute range ``area`` ($AF$2:$AF$9 -> $AF$10)."""
    last = area.split(":")[-1]
    column, row = last.rsplit("$", 1)
    return f"{column}${int(row) + 1}"


def _ks(count: int) -> str:
    return "{" + ";".join(str(k) for k in range(1, count + 1)) + "}"


def inventory_rows(condition: str, due: str | None, shown: int) -> ArrayFormula:
    """Sort keys (day x 100000 + row) of the first ``shown`` Inventory rows meeting ``condition``; 0 after.

    :param condition: 0/1 array over the Inventory table.
    :param due: the date column the rows are sorted by (blank dates last), or None: by row.
    """
    skus = inventory_ref("SKU")
    row = f"(ROW({skus})-MIN(ROW({skus}))+1)"
    if due is None:
        key = row
    else:
        date = inventory_ref(due)
        key = f"IF(ISNUMBER({date}),INT({date}),{_NO_DATE})*{ROW_BASE}+{row}"
    return ArrayFormula(f"IFERROR(SMALL(IF({condition},{key}),{_ks(shown)}),0)")


def listed_orders(places: Sequence[str], ids: str, count_cell: str) -> str:
    """The Order IDs at ``places`` joined by commas, then "… and N more" up to ``count_cell``."""
    return _listing([f"INDEX({ids},{cell})" for cell in places], places, count_cell)


def listed_skus(keys: Sequence[str], count_cell: str) -> str:
    """The SKUs of the Inventory rows of sort ``keys`` joined by commas, then "… and N more"."""
    sku = inventory_ref("SKU")
    return _listing([f'INDEX({sku},MOD({cell},{ROW_BASE}))&""' for cell in keys], keys, count_cell)


def _listing(texts: Sequence[str], cells: Sequence[str], count_cell: str) -> str:
    joined = "&".join(f'IF({cell}>0,", "&{text},"")' for cell, text in zip(cells, texts, strict=True))
    shown = f'COUNTIF({cells[0]}:{cells[-1]},">0")'
    more = f'IF({count_cell}>{shown}," … and "&({count_cell}-{shown})&" more","")'
    return f"MID({joined},3,32767)&{more}"


def inventory_value(column: str) -> str:
    """SUM of an Inventory cost column, or a sentence while no Unit Cost is typed (the sum would read 0)."""
    return f'IF(COUNT({inventory_ref("Unit Cost")})=0,"{NO_COST}",SUM({inventory_ref(column)}))'


#: What the Dashboard shows for an amount at cost while no SKU has a Unit Cost.
NO_COST = "Type Unit Cost on Inventory to see this"


def rank(sales: str, units: str, sales_cell: str, units_cell: str) -> str:
    """Rank of a candidate among those with sales: by Sales to the cent, then Units, then place (higher rows first).

    :param sales: absolute range of every candidate's Sales; ``units`` likewise.
    """
    cents, mine = f"ROUND({sales},2)", f"ROUND({sales_cell},2)"
    before = f"({cents}>{mine})+({cents}={mine})*(({units}>{units_cell})+({units}={units_cell})*(ROW({sales})<ROW()))"
    return f'IF({sales_cell}>0,1+SUMPRODUCT({before}),"")'


def ranked(column: str, rank_range: str, place: int) -> str:
    """The value in ``column`` (a hidden candidates column) of the candidate ranked ``place``, "" if none."""
    return f'IFERROR(INDEX({column},MATCH({place},{rank_range},0)),"")'


def sku_lookup(column: str, sku_cell: str) -> str:
    """The Inventory text of ``column`` for the SKU in ``sku_cell`` ("" when blank or absent)."""
    match = f"MATCH({exact_text(sku_cell)},{inventory_ref('SKU')},0)"
    return f'IF({sku_cell}="","",IFERROR(INDEX({inventory_ref(column)},{match})&"",""))'


def lead_time(sku_cell: str) -> str:
    """The lead time of the SKU in ``sku_cell``: its Lead Time (days), else the default of Settings."""
    match = f"MATCH({exact_text(sku_cell)},{inventory_ref('SKU')},0)"
    typed = f"INDEX({inventory_ref('Lead Time (days)')},{match})"
    return f'IF({sku_cell}="","",IFERROR(IF(ISNUMBER({typed}),{typed},DefaultLeadTime),""))'
