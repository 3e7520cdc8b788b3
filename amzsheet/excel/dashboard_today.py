"""The Dashboard's Today block: orders to ship today and overdue with their Order IDs, SKUs to reorder, out of stock
and due for a count, each with its count and its first few Order IDs or SKUs.

Every cell is a formula over Order Tracking and Inventory (:mod:`amzsheet.excel.dashboard_formulas`): the
lists follow the statuses and stock the seller types. The members come from :mod:`amzsheet.model.briefing`,
as ``amzsheet status`` lists them, so both agree; the counts are the Dashboard's distinct order counts.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from amzsheet.contract.formula_text import inventory_ref
from amzsheet.contract.schema import OUT_OF_STOCK, SHIP_TODAY
from amzsheet.excel import dashboard_formulas as df
from amzsheet.excel import formulas
from amzsheet.excel.formulas import OrderIndex
from amzsheet.model import dashboard as model
from amzsheet.model.briefing import Briefing, ShipLine, build_briefing, distinct_orders
from amzsheet.model.tracker import Tracker

#: Builds a 0/1 array over the Orders table from a function naming its columns.
Condition = Callable[[Callable[[str], str]], str]
#: Hidden column of the first list's helper cells (AH); each list takes the next column.
HELPER_COL = 33
#: Characters of a list per unit of column width: a unit is a digit of Calibri 11; hyphens and commas are narrower.
_NARROW_CHARS = 1.0
#: Columns the list texts are merged over: C to L.
LIST_FIRST_COL, LIST_LAST_COL = 2, 11


@dataclass(frozen=True)
class TodayRow:
    """One line of the Today block: its label, count and list, each as formula and cached value."""

    label: str
    count: str  # formula text, without "="
    count_value: int
    helper: str  # the multi-cell array formula of the list's places or sort keys
    helper_values: list[int]
    shown: int
    text: Callable[[list[str], str], str]  # (helper cells, count cell) -> the list formula
    text_value: str


def today_rows(
    tracker: Tracker, today: dt.date, index: OrderIndex, ids: list[str], brief: Briefing | None = None
) -> list[TodayRow]:
    """The Today lines of ``tracker`` (recomputed for ``today``), the Order ID list ``ids`` written at ``index``.

    :param brief: the briefing of ``tracker`` for ``today``; None: built here.
    """
    brief = brief if brief is not None else build_briefing(tracker, today)
    inventory = tracker.inventory
    rows = [
        _orders_row("Orders to ship today", _is_ship_today, brief.ship_today, index, ids),
        _orders_row("Overdue orders", formulas.is_overdue, brief.overdue, index, ids),
    ]
    reorder = inventory["Reorder Qty"].fillna(0) > 0
    out = model.out_of_stock(inventory)
    due = inventory["Next Count"] <= pd.Timestamp(today)
    skus = [
        ("SKUs to reorder (Reorder Qty above 0)", formulas.count_skus_to_reorder(), len(brief.reorder), reorder,
         f'ISNUMBER({inventory_ref("Reorder Qty")})*({inventory_ref("Reorder Qty")}>0)', "Order By"),
        ("Out-of-stock SKUs", formulas.count_inventory_alert(OUT_OF_STOCK), len(brief.out_of_stock), out,
         f'ISNUMBER(SEARCH("{OUT_OF_STOCK}",{inventory_ref("Alert")}))', None),
        ("SKUs due for a count", f'COUNTIFS({inventory_ref("Next Count")},"<="&{formulas.AS_OF})', len(brief.count_due),
         due, f'ISNUMBER({inventory_ref("Next Count")})*({inventory_ref("Next Count")}<=AsOfDate)', "Next Count"),
    ]  # fmt: skip
    for label, count, value, chosen, condition, key in skus:
        keys = model.first_rows(inventory, chosen, key)
        text = model.listing([model.sku_at(inventory, k) for k in keys], value)
        helper = df.inventory_rows(condition, key, model.SKUS_SHOWN)
        rows.append(TodayRow(label, count, value, helper, keys, model.SKUS_SHOWN, df.listed_skus, text))
    return rows


def _is_ship_today(col: Callable[[str], str]) -> str:
    return f'({col("Alert")}="{SHIP_TODAY}")'


def _orders_row(
    label: str, chosen: Condition, lines: tuple[ShipLine, ...], index: OrderIndex, ids: list[str]
) -> TodayRow:
    """A line of orders: the distinct orders of ``lines`` (a briefing section), those meeting ``chosen``."""
    count = distinct_orders(lines)
    places = model.order_places(lines, ids)
    text = model.listing([ids[place - 1] for place in places], count)
    return TodayRow(
        label,
        formulas.count_distinct_orders(chosen, index),
        count,
        df.order_places(chosen, index, model.ORDER_IDS_SHOWN),
        places,
        model.ORDER_IDS_SHOWN,
        lambda cells, count_cell: df.listed_orders(cells, index.ids, count_cell),
        text,
    )


def write_today(sheet: Worksheet, rows: list[TodayRow], first_row: int, fmt: dict, list_chars: float) -> int:
    """Write the block's lines from ``first_row`` (its title above it) and their hidden helper cells.

    :param list_chars: the width of the merged list cells, in characters (for the row heights).
    :return: the row after the block.
    """
    sheet.write_string(first_row - 1, 0, "Today", fmt["section"])
    for col in range(1, LIST_LAST_COL + 1):
        sheet.write_blank(first_row - 1, col, None, fmt["section"])
    for number, line in enumerate(rows):
        row, col = first_row + number, HELPER_COL + number
        sheet.write_string(0, col, line.label)
        cells = [xl_rowcol_to_cell(1 + k, col, row_abs=True, col_abs=True) for k in range(line.shown)]
        values = line.helper_values + [0] * (line.shown - len(line.helper_values))
        sheet.write_array_formula(1, col, line.shown, col, "{=" + line.helper + "}", None, values[0])
        for k in range(1, line.shown):
            sheet.write_number(1 + k, col, values[k])
        sheet.write_string(row, 0, line.label, fmt["today_label"])
        count_cell = xl_rowcol_to_cell(row, 1)
        if isinstance(line.count, formulas.ArrayFormula):
            sheet.write_array_formula(row, 1, row, 1, "{=" + line.count + "}", fmt["today_count"], line.count_value)
        else:
            sheet.write_formula(row, 1, "=" + line.count, fmt["today_count"], line.count_value)
        sheet.merge_range(row, LIST_FIRST_COL, row, LIST_LAST_COL, "", fmt["today_list"])
        sheet.write_formula(row, LIST_FIRST_COL, "=" + line.text(cells, count_cell), fmt["today_list"], line.text_value)
        lines = max(1, math.ceil(len(line.text_value) / (list_chars * _NARROW_CHARS)))
        sheet.set_row(row, 15 * lines + 3)
    sheet.set_column(HELPER_COL, HELPER_COL + len(rows) - 1, None, None, {"hidden": True})
    return first_row + len(rows)
