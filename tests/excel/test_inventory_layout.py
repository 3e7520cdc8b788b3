"""What a seller sees on the Inventory sheet: the decision first, the statistics grouped and collapsed,
notes in plain words, formats she reads at a glance, texts that wrap instead of being cut off."""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pandas as pd
import pytest
from helpers import TODAY, make_inventory, make_orders, recalc
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import TableColumn

import amzsheet
from amzsheet.contract.schema import INVENTORY_COLUMNS, INVENTORY_SHEET, PURCHASE_ORDER_COLUMNS, Settings, column_names
from amzsheet.contract.tables import empty_table
from amzsheet.excel.fit import column_pixels, wrapped_lines
from amzsheet.excel.sheetxml import sheet_part

DATA = Path(__file__).resolve().parents[1] / "data"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
HEADERS = column_names(INVENTORY_COLUMNS)
DECISION = ["SKU", "Product Name", "Alert", "Reorder Qty", "Order By", "Why"]
STATISTICS = [
    *("Forecast Daily", "Safety Stock", "Service Level Used", "ABC Class", "XYZ Class", "Demand Pattern"),
    *("Forecast Method", "Forecast Error", "Demand Std Dev", "In-Stock Days"),
]
#: A laptop screen 1366 pixels wide shows about 1,300 pixels of columns (row numbers and scroll bar aside).
FIRST_SCREEN_PIXELS = 1300


def _columns(path: Path) -> tuple[dict[int, dict[str, str]], str]:
    """Each column's ``<col>`` attributes by 0-based index, and the sheet's outlineLevelCol."""
    with zipfile.ZipFile(path) as xlsx:
        xml = xlsx.read(sheet_part(xlsx, INVENTORY_SHEET)).split(b"<sheetData")[0] + b"</worksheet>"
    root = ElementTree.fromstring(xml)
    columns = {}
    for col in root.iter(_MAIN + "col"):
        for index in range(int(col.get("min", "0")) - 1, int(col.get("max", "0"))):
            columns[index] = dict(col.attrib)
    sheet_format = root.find(_MAIN + "sheetFormatPr")
    return columns, (sheet_format.get("outlineLevelCol", "0") if sheet_format is not None else "0")


def _header(path: Path) -> list[str]:
    return [cell.value for cell in openpyxl.load_workbook(path, read_only=True)[INVENTORY_SHEET][1]]


def _grouped(path: Path) -> dict[str, tuple[bool, bool]]:
    """(hidden, collapsed) of each column by header, for the columns at outline level 1."""
    columns, _ = _columns(path)
    header = _header(path)
    return {
        header[index]: (col.get("hidden") == "1", col.get("collapsed") == "1")
        for index, col in columns.items()
        if col.get("outlineLevel") == "1"
    }


def test_the_decision_comes_first_within_the_first_screen(sample_workbook):
    header = _header(sample_workbook)
    assert header[: len(DECISION)] == DECISION
    assert header[len(DECISION) : len(DECISION) + 2] == ["Available Quantity", "On Order"]
    widths = [column.width for column in INVENTORY_COLUMNS]
    assert sum(column_pixels(width) for width in widths[: len(DECISION)]) < 1050  # the decision: 1,003 pixels
    on_screen = [name for name, right in zip(HEADERS, _running_pixels(widths)) if right <= FIRST_SCREEN_PIXELS]
    assert on_screen == [*DECISION, "Available Quantity", "On Order", "Days of Cover", "Avg Daily Sales"]


def _running_pixels(widths: list[float]) -> list[int]:
    total, rights = 0, []
    for width in widths:
        total += column_pixels(width)
        rights.append(total)
    return rights


def test_the_statistics_are_grouped_at_the_end_collapsed_behind_a_plus(sample_workbook):
    assert [column.name for column in INVENTORY_COLUMNS if column.detail] == STATISTICS
    assert HEADERS[-len(STATISTICS) :] == STATISTICS  # one group, at the end of the table
    assert _grouped(sample_workbook) == dict.fromkeys(STATISTICS, (True, False))
    columns, level = _columns(sample_workbook)
    assert level == "1"  # Excel draws the outline bar and its + button
    summary = columns[len(HEADERS)]  # the column right of the group carries the + (collapsed)
    assert summary.get("collapsed") == "1" and summary.get("outlineLevel") is None and summary.get("hidden") is None
    visible = [HEADERS[i] for i, col in columns.items() if i < len(HEADERS) and col.get("hidden") != "1"]
    assert visible == HEADERS[: -len(STATISTICS)]


def test_each_statistic_has_a_note_in_plain_words(sample_workbook):
    notes = {column.name: column.note for column in INVENTORY_COLUMNS}
    sheet = openpyxl.load_workbook(sample_workbook)[INVENTORY_SHEET]
    for name in STATISTICS:
        assert notes[name] and not notes[name].startswith("A value computed"), name
        comment = sheet.cell(1, HEADERS.index(name) + 1).comment
        assert comment is not None and comment.text == notes[name]
    method = notes["Forecast Method"]
    for value in ("SES", "Seasonal", "Croston-SBA", "No history"):
        assert f"{value}:" in method  # each value the column takes is explained
    assert "sell now and then" in method


def test_numbers_read_at_a_glance(sample_workbook):
    sheet = openpyxl.load_workbook(sample_workbook)[INVENTORY_SHEET]
    expected = {
        "Days of Cover": "#,##0",  # whole days
        "Service Level Used": "0.0%",
        "Service Level": "0.0%",
        "Unit Cost": "#,##0.00",
        "Reorder Cost": "#,##0.00",
        "Total Cost": "#,##0.00",
        "Avg Daily Sales": "#,##0.00",
        "Order By": "yyyy-mm-dd",
    }
    for name, code in expected.items():
        col = HEADERS.index(name) + 1
        dimension = next(d for d in sheet.column_dimensions.values() if d.min <= col <= d.max)
        assert dimension.number_format == code, name  # the column's format, for rows typed later too
        cells = [sheet.cell(row, col) for row in range(2, sheet.max_row + 1)]
        assert all(cell.number_format == code for cell in cells if cell.value is not None), name
    values = openpyxl.load_workbook(sample_workbook, data_only=True)[INVENTORY_SHEET]
    used = {values.cell(row, HEADERS.index("Service Level Used") + 1).value for row in range(2, sheet.max_row + 1)}
    assert 0.98 in used and all(0.5 <= share < 1 for share in used)  # shares, shown 98.0%


def test_long_texts_wrap_in_rows_tall_enough(sample_workbook):
    sheet = openpyxl.load_workbook(sample_workbook)[INVENTORY_SHEET]
    values = openpyxl.load_workbook(sample_workbook, data_only=True)[INVENTORY_SHEET]
    wrapped = {column.name: column for column in INVENTORY_COLUMNS if column.wrap}
    assert {"Why", "Alert", "Supplier", "Product Name"} <= set(wrapped)
    tall = 0
    for row in range(2, sheet.max_row + 1):
        needed = 1
        for name, column in wrapped.items():
            cell, value = sheet.cell(row, HEADERS.index(name) + 1), values.cell(row, HEADERS.index(name) + 1).value
            assert cell.value is None or cell.alignment.wrap_text, (name, row)
            if isinstance(value, str):
                needed = max(needed, wrapped_lines(value, column.width))
        height = sheet.row_dimensions[row].height or 15
        assert height >= 15 * needed, row
        tall += height > 15
    assert tall > 10  # most Why sentences take two lines


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("OUT OF STOCK", 17, 1),
        ("NO STOCK COUNT, NO UNIT COST", 17, 2),
        ("NO STOCK COUNT, NO UNIT COST", 16, 3),  # "NO STOCK COUNT," is 114 pixels, 111 fit
        ("Prairie Goods Wholesale", 24, 1),
        ("Reorder 120 by 2 Dec: 2.8/day × (21 + 30) days + 24 safety − 47 available", 52, 2),
        ("first\nsecond", 52, 2),
        ("W" * 80, 16, 10),  # one word wider than the column breaks over lines: 1,040 pixels, 111 a line
    ],
)
def test_wrapped_lines_counts_lines_as_excel_wraps(text, width, lines):
    assert wrapped_lines(text, width) == lines


def _edit_columns(path: Path, edit) -> None:
    """Rewrite the Inventory sheet's ``<cols>`` as Excel would after a click on the group's + or -."""
    with zipfile.ZipFile(path) as source:
        part = sheet_part(source, INVENTORY_SHEET)
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts[part] = re.sub(rb"<col [^>]*/>", lambda m: edit(m.group(0)), parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_a_refresh_keeps_the_group_closed_or_as_the_seller_opened_it(sample_workbook):
    amzsheet.refresh(sample_workbook, today=TODAY)
    assert _grouped(sample_workbook) == dict.fromkeys(STATISTICS, (True, False))
    # The seller clicks the + : Excel shows the columns and drops the collapsed flag.
    _edit_columns(sample_workbook, lambda col: col.replace(b' hidden="1"', b"").replace(b' collapsed="1"', b""))
    amzsheet.refresh(sample_workbook, today=TODAY)
    assert _grouped(sample_workbook) == dict.fromkeys(STATISTICS, (False, False))
    columns, _ = _columns(sample_workbook)
    assert columns.get(len(HEADERS), {}).get("collapsed") is None  # a -, not a +, above the open group
    # And the - closes it again.
    _edit_columns(sample_workbook, lambda col: col.replace(b'outlineLevel="1"', b'hidden="1" outlineLevel="1"'))
    amzsheet.refresh(sample_workbook, today=TODAY)
    assert _grouped(sample_workbook) == dict.fromkeys(STATISTICS, (True, False))
    assert _columns(sample_workbook)[0][len(HEADERS)].get("collapsed") == "1"


def _add_inventory_column(path: Path, name: str, values: list) -> None:
    """A column the seller added to the right of the Inventory table, inside the table, as Excel does."""
    book = openpyxl.load_workbook(path)
    sheet = book[INVENTORY_SHEET]
    table = next(iter(sheet.tables.values()))
    first, last = table.ref.split(":")
    col = len(table.tableColumns) + 1
    sheet.cell(1, col, name)
    for row, value in enumerate(values, start=2):
        sheet.cell(row, col, value)
    last_row = re.sub(r"[A-Z]+", "", last)
    table.ref = f"{first}:{get_column_letter(col)}{last_row}"
    table.autoFilter.ref = table.ref
    table.tableColumns.append(TableColumn(id=col, name=name))
    sheet.column_dimensions[get_column_letter(col)].width = 25
    book.save(path)


def test_an_old_tracker_with_a_column_of_its_own_refreshes_into_the_new_order(tmp_path):
    """tracker-layout-4.xlsx had Alert 40th and the statistics in the middle; the seller added a column."""
    old = tmp_path / "tracker.xlsx"
    shutil.copyfile(DATA / "tracker-layout-4.xlsx", old)
    before_header = _header(old)
    assert before_header.index("Alert") == 39 and before_header.index("Demand Std Dev") == 18
    _add_inventory_column(old, "Shelf", [f"A{n}" for n in range(1, 6)])
    before = amzsheet.open_workbook(old).inventory
    amzsheet.refresh(old, today=TODAY)
    header = _header(old)
    assert header == [*HEADERS, "Shelf"]  # the seller's column after the group
    assert _grouped(old) == dict.fromkeys(STATISTICS, (True, False))
    columns, _ = _columns(old)
    shelf = columns[len(HEADERS)]
    assert shelf.get("collapsed") == "1" and shelf.get("hidden") is None  # the + sits above the seller's column
    assert float(shelf["width"]) == 25  # its width kept
    after = amzsheet.open_workbook(old).inventory
    assert after["Shelf"].tolist()[:5] == ["A1", "A2", "A3", "A4", "A5"]
    inputs = ["SKU", "Supplier", "Unit Cost", "Stock Counted", "Count Date", "Lead Time (days)", "Notes"]
    assert after[inputs].equals(before[inputs])
    assert not after["Why"].str.contains("− -", regex=False).any()


@pytest.mark.libreoffice
def test_why_for_oversold_stock_and_far_dates_matches_libreoffice(soffice, tmp_path):
    """The Why formula and its pandas twin agree on oversold stock and on dates of other years."""
    t, day = pd.Timestamp(TODAY), pd.Timedelta(days=1)
    sold = {"OVERSOLD": 14, "OVERSOLD-PO": 14, "FAR": 12, "SOON": 60, "JANUARY": 30}
    orders = make_orders(
        [
            {"Order ID": f"{sku}-{n}", "Order Date": t - (n % 9 + 1) * day, "SKU": sku, "Quantity": 1,
             "Item Total": 9.5, "Channel": "FBM", "Order Status": "Shipped"}
            for sku, units in sold.items()
            for n in range(units)
        ]
    )  # fmt: skip
    counted = {"OVERSOLD": 5, "OVERSOLD-PO": 5, "FAR": 1000, "SOON": 180, "JANUARY": 120}
    inventory = make_inventory(
        [
            {"SKU": sku, "Unit Cost": 2.0, "Stock Counted": units, "Count Date": t - 10 * day}
            for sku, units in counted.items()
        ]
    )
    purchases = empty_table(PURCHASE_ORDER_COLUMNS)
    purchases = (
        pd.DataFrame([{"SKU": "OVERSOLD-PO", "Quantity": 500, "Expected Date": t + 3 * day}])
        .reindex(columns=purchases.columns)
        .astype(purchases.dtypes.to_dict())
    )
    tracker = replace(
        amzsheet.new_tracker(Settings(time_zone="UTC")), orders=orders, inventory=inventory, purchase_orders=purchases
    )
    workbook = tmp_path / "why.xlsx"
    saved = amzsheet.save_workbook(workbook, tracker, TODAY).inventory.set_index("SKU")
    recalculated = recalc.recalculate(workbook, tmp_path)
    checked, mismatches = recalc.compare(workbook, recalculated)
    assert not mismatches, [f"{m.cell}: {m.cached!r} != {m.recalculated!r}" for m in mismatches[:5]]
    assert checked > 100
    sheet = openpyxl.load_workbook(recalculated, data_only=True, read_only=True)[INVENTORY_SHEET]
    why = {sheet.cell(row, 1).value: sheet.cell(row, HEADERS.index("Why") + 1).value for row in range(2, 7)}
    assert why == saved["Why"].to_dict()  # LibreOffice's text, character for character
    assert saved.at["OVERSOLD", "Available Quantity"] == -9
    oversold = r"Reorder \d+ by 25 Nov: [\d.]+/day × \(14 \+ 30\) days \+ \d+ safety \+ 9 oversold"
    assert re.fullmatch(oversold, why["OVERSOLD"])
    assert re.fullmatch(
        r"Enough until \d+ \w{3} 2029: 500 on order − 9 oversold above reorder point \d+ .*", why["OVERSOLD-PO"]
    )
    for sku in ("FAR", "SOON", "JANUARY"):
        order_by = saved.at[sku, "Order By"]
        day_month = f"{order_by.day} {order_by:%b}"
        assert why[sku].startswith(
            f"Enough until {day_month}: "
            if order_by.year == TODAY.year
            else f"Enough until {day_month} {order_by.year}: "
        ), (sku, order_by)
    by = {sku: saved.at[sku, "Order By"] for sku in ("FAR", "SOON", "JANUARY")}
    assert (by["SOON"].year, by["JANUARY"].month, by["JANUARY"].year, by["FAR"].year) == (2026, 1, 2027, 2033), by
    assert not any("− -" in text for text in why.values())
