"""The Dashboard's top products, ranked by formulas so they stay in order as the figures recalculate.

A hidden block lists every Inventory SKU (the candidates, by SKU) with its units and sales of the
last 30 full days and its rank (SUMPRODUCT: by sales to the cent, then units, then SKU). The
visible table looks the first ten ranks up, so on any day Excel and LibreOffice show the top
products of that day's window, in order, without a refresh.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from amzsheet.excel import dashboard_formulas as df
from amzsheet.excel import formulas
from amzsheet.excel.sheetxml import formula_column, text_column
from amzsheet.excel.streaming import Block
from amzsheet.model.compute import DASHBOARD_DAYS, TOP_PRODUCTS, text_key
from amzsheet.model.tracker import Tracker

#: Hidden columns of the candidates: SKU, Units, Sales, Rank (AN to AQ).
CANDIDATE_COL = 39
#: Headers of the visible table, from column A.
HEADERS = ("Product", "SKU", "Units", "Sales", "Available", "Reorder at", "Days of cover", "Lead time (days)")


def write_candidates(
    sheet: Worksheet, ranked: pd.DataFrame, codes: Sequence[str], streamed: list[Block]
) -> tuple[str, str, str, str]:
    """Write the hidden candidates block's headers, add its rows to ``streamed``; return the absolute ranges of its
    SKU, Units, Sales and Rank columns."""
    col = CANDIDATE_COL
    for offset, header in enumerate(("Top products: SKU", "Units", "Sales", "Rank")):
        sheet.write_string(0, col + offset, header)
    last = max(len(ranked), 1)
    ranges = tuple(xl_range_abs(1, col + offset, last, col + offset) for offset in range(4))
    skus = [xl_rowcol_to_cell(row, col) for row in range(1, len(ranked) + 1)]
    units = [xl_rowcol_to_cell(row, col + 1) for row in range(1, len(ranked) + 1)]
    sales = [xl_rowcol_to_cell(row, col + 2) for row in range(1, len(ranked) + 1)]
    columns = [
        text_column(ranked["SKU"].tolist()),
        formula_column([formulas.sku_sum_last_days("Quantity", sku) for sku in skus], ranked["Units"].tolist()),
        formula_column([df.sku_sales(codes, sku) for sku in skus], ranked["Sales"].tolist()),
        formula_column(
            [df.rank(ranges[2], ranges[1], cell, unit) for cell, unit in zip(sales, units)],
            [_number(rank) for rank in ranked["Rank"].tolist()],
        ),
    ]
    streamed.append(Block(columns, first_row=2, first_col=col))
    sheet.set_column(col, col + 3, None, None, {"hidden": True})
    return ranges[0], ranges[1], ranges[2], ranges[3]


def write_top_products(
    sheet: Worksheet,
    tracker: Tracker,
    top: pd.DataFrame,
    ranges: tuple[str, str, str, str],
    row: int,
    fmt: dict,
    product_chars: int,
) -> int:
    """Write the title, headers and ten rows of the top products table from ``row``; return the first data row.

    Product names wrap in column A (``product_chars`` wide); every row is as tall as the longest name of any
    SKU needs (up to :data:`MAX_NAME_LINES` lines), so a name that climbs into the top 10 later still fits.
    """
    sheet.write_string(row, 0, f"Top {TOP_PRODUCTS} products by sales, last {DASHBOARD_DAYS} days", fmt["section"])
    for col in range(1, len(HEADERS)):
        sheet.write_blank(row, col, None, fmt["section"])
    for col, header in enumerate(HEADERS):
        sheet.write_string(row + 1, col, header, fmt["header" if col < 2 else "number_header"])
    sheet.set_row(row + 1, 30)  # headers on two lines
    values = _cached_rows(tracker, top)
    height = 15 * _name_lines(tracker.inventory["Product Name"], product_chars) + 3
    for place in range(1, TOP_PRODUCTS + 1):
        _write_row(sheet, row + 1 + place, place, ranges, values[place - 1], fmt)
        sheet.set_row(row + 1 + place, height)
    return row + 2


def _write_row(sheet: Worksheet, row: int, place: int, ranges: tuple[str, ...], values: list, fmt: dict) -> None:
    sku = xl_rowcol_to_cell(row, 1)
    cells = [
        (df.sku_lookup("Product Name", sku), "product"),
        (df.ranked(ranges[0], ranges[3], place), "cell_text"),
        (df.ranked(ranges[1], ranges[3], place), "cell_int"),
        (df.ranked(ranges[2], ranges[3], place), "cell_money"),
        (f'IF({sku}="","",{formulas.inventory_lookup("Available Quantity", sku)})', "cell_int"),
        (f'IF({sku}="","",{formulas.inventory_lookup("Reorder Point", sku)})', "cell_int"),
        (f'IF({sku}="","",{formulas.inventory_lookup("Days of Cover", sku)})', "cell_int"),
        (df.lead_time(sku), "cell_int"),
    ]
    for col, ((formula, kind), value) in enumerate(zip(cells, values, strict=True)):
        sheet.write_formula(row, col, "=" + formula, fmt[kind], value)


#: Lines a product name may take in the top products table.
MAX_NAME_LINES = 4


def _name_lines(names: pd.Series, chars: int) -> int:
    longest = int(names.dropna().astype(str).str.len().max()) if names.notna().any() else 0
    return max(1, min(MAX_NAME_LINES, math.ceil(longest / chars)))


def _cached_rows(tracker: Tracker, top: pd.DataFrame) -> list[list]:
    """The values of the ten rows as the formulas compute them ("" where there is no product)."""
    inventory = tracker.inventory
    first = inventory[~text_key(inventory["SKU"]).duplicated()].assign(key=text_key(inventory["SKU"]))
    by_key = first.set_index("key")
    rows: list[list] = []
    for item in top.to_dict("records"):
        found: dict[Any, Any] = by_key.loc[str(item["SKU"]).lower()].to_dict()
        lead = _number(found["Lead Time (days)"])
        rows.append(
            [
                _text(found["Product Name"]),
                item["SKU"],
                item["Units"],
                item["Sales"],
                _number(found["Available Quantity"]),
                _number(found["Reorder Point"]),
                _number(found["Days of Cover"]),
                tracker.settings.default_lead_time if lead == "" else lead,
            ]
        )
    return rows + [[""] * len(HEADERS)] * (TOP_PRODUCTS - len(rows))


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _number(value: Any) -> float | str:
    """A number as the formulas show it: "" for a blank or text."""
    if value is None or isinstance(value, str) or pd.isna(value):
        return ""
    number = float(value)
    return "" if math.isnan(number) else number
