"""Print setup: every sheet amzsheet writes prints landscape, one page wide, its header row on every page."""

from __future__ import annotations

import zipfile

import openpyxl
from defusedxml import ElementTree

from amzsheet.contract.sheets import SHEETS

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def test_every_sheet_prints_landscape_one_page_wide(sample_workbook):
    book = openpyxl.load_workbook(sample_workbook)
    for sheet in SHEETS:
        ws = book[sheet.name]
        assert ws.page_setup.orientation == "landscape", sheet.name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, sheet.name
        assert ws.page_setup.fitToWidth in (None, 1), sheet.name  # absent: the schema's default, 1 page wide
        assert ws.page_setup.fitToHeight == 0, sheet.name  # as many pages tall as it takes
        assert ws.oddFooter.right.text == "Page &P of &N", sheet.name
        expected_titles = ("$1:$2" if sheet.name == "Order Tracking" else "$1:$1") if sheet.table else None
        assert ws.print_title_rows == expected_titles, sheet.name


def _print_areas(workbook) -> dict[str, str]:
    """Each sheet's print area as workbook.xml defines it (openpyxl does not read whole-column areas)."""
    with zipfile.ZipFile(workbook) as package:
        book = ElementTree.fromstring(package.read("xl/workbook.xml"))
    sheets = [sheet.get("name") for sheet in book.iter(f"{_MAIN}sheet")]
    return {
        sheets[int(name.get("localSheetId"))]: name.text
        for name in book.iter(f"{_MAIN}definedName")
        if name.get("name") == "_xlnm.Print_Area"
    }


def test_the_wide_tables_print_the_columns_a_seller_works_from(sample_workbook):
    areas = _print_areas(sample_workbook)
    book = openpyxl.load_workbook(sample_workbook)
    lines, skus = book["Order Tracking"].max_row, book["Inventory"].max_row  # under the legend and header
    assert areas["Order Tracking"] == f"'Order Tracking'!$A$1:$K${lines}"  # Order ID to Shipped Date, every line
    assert areas["Inventory"] == f"Inventory!$A$1:$L${skus}"  # SKU to Reorder Cost: the decision and the stock
    assert (lines, skus) == (2 + 2985, 1 + 40)
    assert "Settings" not in areas  # a narrow sheet prints whole
    assert (book["Order Tracking"]["K2"].value, book["Inventory"]["L1"].value) == ("Shipped Date", "Reorder Cost")


def test_order_tracking_keeps_its_print_setup_after_the_rows_are_streamed_in(sample_workbook):
    """The streamed rows of Order Tracking go in before pageSetup, where the schema wants them."""
    with zipfile.ZipFile(sample_workbook) as package:
        names = ElementTree.fromstring(package.read("xl/workbook.xml"))
        sheets = [sheet.get("name") for sheet in names.iter(f"{_MAIN}sheet")]
        part = f"xl/worksheets/sheet{sheets.index('Order Tracking') + 1}.xml"
        root = ElementTree.fromstring(package.read(part))
    children = [child.tag.removeprefix(_MAIN) for child in root]
    assert children.index("sheetData") < children.index("pageSetup")
    assert len(root.find(f"{_MAIN}sheetData")) > 1000  # every order line, below the header
    assert root.find(f"{_MAIN}pageSetup").get("orientation") == "landscape"
