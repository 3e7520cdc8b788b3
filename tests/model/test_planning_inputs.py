"""What the seller types on the planning sheets: bad values get one sentence, stray spaces do no harm."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import TODAY
from openpyxl.utils import get_column_letter

import amzsheet
from amzsheet.cli import cli
from amzsheet.errors import WorkbookError


def _type(workbook, sheet: str, row: int, values: dict) -> None:
    """Type ``values`` (header: value) into row ``row`` of ``sheet``, as a seller would in Excel."""
    book = openpyxl.load_workbook(workbook)
    header = [cell.value for cell in book[sheet][1]]
    for name, value in values.items():
        book[sheet].cell(row, header.index(name) + 1, value)
    book.save(workbook)


@pytest.mark.parametrize(
    ("sheet", "column", "value", "message"),
    [
        ("Counts", "Counted Qty", 4006381333931, "4006381333931 is not a number from 0 to 1,000,000,000"),  # a barcode
        ("Purchase Orders", "Quantity", "twelve", "'twelve' is not a number from 0 to 1,000,000,000"),
        ("Inventory", "Unit Cost", "inf", "'inf' is not a number of at least 0"),
        ("Inventory", "Stock Counted", 4006381333931, "4006381333931 is not a number of at least 0 below"),
        ("Inventory", "Case Pack", 0, "0 is not a number from 1 to 1,000,000"),
        ("Inventory", "Lead Time (days)", 99999, "99999 is not a number from 0 to 3,650"),
    ],
)
def test_a_value_that_cannot_be_right_names_its_cell(sample_workbook, sheet, column, value, message):
    _type(sample_workbook, sheet, 3, {column: value})
    before = sample_workbook.read_bytes()
    with pytest.raises(WorkbookError) as error:
        amzsheet.refresh(sample_workbook, today=TODAY)
    assert f"sheet '{sheet}', cell " in str(error.value) and f"({column}): {message}" in str(error.value)
    assert sample_workbook.read_bytes() == before


def _cell(workbook, sheet: str, row: int, column: str) -> str:
    header = [cell.value for cell in openpyxl.load_workbook(workbook, read_only=True)[sheet][1]]
    return f"{get_column_letter(header.index(column) + 1)}{row}"


@pytest.mark.parametrize(
    ("sheet", "column", "text", "expected"),
    [
        ("Inventory", "Unit Cost", "1,234.50", 1234.5),
        ("Inventory", "Unit Cost", "1.234,50", 1234.5),
        ("Inventory", "Unit Cost", " 13.35 ", 13.35),
        ("Inventory", "Stock Counted", "1,234,567", 1234567),
        ("Purchase Orders", "Quantity", "1.234.567", 1234567),
        ("Purchase Orders", "Quantity", "2,400.00", 2400),
        ("Counts", "Counted Qty", "1.250,0", 1250),
    ],
)
def test_a_number_typed_as_text_with_one_reading_is_read_as_that_number(sample_workbook, sheet, column, text, expected):
    _type(sample_workbook, sheet, 3, {column: text})  # openpyxl writes a str as a text cell, as Excel keeps it
    tracker = amzsheet.open_workbook(sample_workbook)
    table = {"Inventory": tracker.inventory, "Purchase Orders": tracker.purchase_orders, "Counts": tracker.counts}
    assert table[sheet][column].iloc[1] == expected


@pytest.mark.parametrize(
    ("sheet", "column", "text"),
    [
        ("Inventory", "Unit Cost", "13,35"),  # read as 1,335 before
        ("Inventory", "Unit Cost", "12,5"),  # read as 125
        ("Inventory", "Unit Cost", "1,335"),
        ("Inventory", "Unit Cost", "1.335"),
        ("Purchase Orders", "Quantity", "1,200"),
        ("Counts", "Counted Qty", "12,5"),
    ],
)
def test_a_number_typed_as_text_with_two_readings_is_refused_with_its_cell(sample_workbook, sheet, column, text):
    _type(sample_workbook, sheet, 3, {column: text})
    before = sample_workbook.read_bytes()
    with pytest.raises(WorkbookError) as error:
        amzsheet.refresh(sample_workbook, today=TODAY)
    cell = _cell(sample_workbook, sheet, 3, column)
    assert str(error.value) == (
        f"{sample_workbook}, sheet '{sheet}', cell {cell} ({column}): {text!r} is text that could mean two numbers "
        "(a decimal comma or a thousands separator); type the number as a number; "
        "correct it in Excel (or clear it) and run again"
    )
    assert sample_workbook.read_bytes() == before


def test_every_wrong_cell_is_named_in_one_error(sample_workbook):
    book = openpyxl.load_workbook(sample_workbook)
    costs = [cell.value for cell in book["Inventory"][1]].index("Unit Cost") + 1
    for row in range(2, 13):  # 11 Unit Costs with a decimal comma
        book["Inventory"].cell(row, costs, f"{row},5")
    quantity = [cell.value for cell in book["Purchase Orders"][1]].index("Quantity") + 1
    book["Purchase Orders"].cell(3, quantity, "n/a")
    book.save(sample_workbook)
    with pytest.raises(WorkbookError) as error:
        amzsheet.open_workbook(sample_workbook)
    message = str(error.value)
    letter = get_column_letter(costs)
    assert message.startswith(f"{sample_workbook}: 12 cells hold a value that does not fit their column: ")
    assert all(f"cell {letter}{row} (Unit Cost): '{row},5'" in message for row in range(2, 12))
    assert f"cell {letter}12 " not in message and "n/a" not in message  # the 11th and 12th are counted
    assert message.endswith("; and 2 more; correct them in Excel (or clear them) and run again")
    assert "\n" not in message


def test_a_count_without_its_date_says_so(sample_workbook):
    _type(sample_workbook, "Counts", 5, {"SKU": "HM-BASKET-WOVEN", "Counted Qty": 12})
    counts = amzsheet.refresh(sample_workbook, today=TODAY).tracker.counts
    assert counts["Status"].iloc[-1] == "Not used: type the Count Date"


def test_spaces_around_a_typed_sku_or_supplier_do_no_harm(sample_workbook):
    _type(sample_workbook, "Purchase Orders", 8, {"SKU": " hm-basket-woven ", "Quantity": 7, "Supplier": " Acme "})
    tracker = amzsheet.refresh(sample_workbook, today=TODAY).tracker
    assert len(tracker.inventory) == 40  # no new SKU "hm-basket-woven "
    assert tracker.purchase_orders["SKU"].iloc[-1] == "hm-basket-woven"
    assert tracker.purchase_orders["Supplier"].iloc[-1] == "Acme"


def test_a_deleted_purchase_orders_sheet_stops_the_refresh(sample_workbook):
    book = openpyxl.load_workbook(sample_workbook)
    del book["Purchase Orders"]
    book.save(sample_workbook)
    before = sample_workbook.read_bytes()
    with pytest.raises(WorkbookError, match="has no 'Purchase Orders' sheet, which holds your purchase orders"):
        amzsheet.refresh(sample_workbook, today=TODAY)
    assert sample_workbook.read_bytes() == before
    book = openpyxl.load_workbook(sample_workbook)
    book.create_sheet("Purchase Orders")  # an empty sheet: start afresh
    book.save(sample_workbook)
    tracker = amzsheet.refresh(sample_workbook, today=TODAY).tracker
    assert tracker.purchase_orders.empty and (tracker.inventory["On Order"] == 0).all()


def test_the_purchase_list_never_overwrites_the_workbook(sample_workbook):
    before = sample_workbook.read_bytes()
    for target in (str(sample_workbook), str(sample_workbook.with_name("list.xlsx"))):
        result = CliRunner().invoke(cli, ["reorder", str(sample_workbook), "--csv", target])
        assert result.exit_code == 1 and "is a workbook, not a CSV file" in result.output
    assert sample_workbook.read_bytes() == before


def test_one_supplier_spelled_two_ways_is_one_heading(sample_workbook):
    tracker = amzsheet.open_workbook(sample_workbook)
    to_order = tracker.inventory.index[tracker.inventory["Reorder Qty"] > 0]
    supplier = tracker.inventory.at[to_order[0], "Supplier"]
    _type(sample_workbook, "Inventory", int(to_order[0]) + 2, {"Supplier": f" {supplier.upper()} "})
    result = CliRunner().invoke(cli, ["reorder", str(sample_workbook), "--today", TODAY.isoformat()])
    headings = [line for line in result.output.splitlines() if line.endswith(tuple("0123456789")) and ": " in line]
    assert sum(line.lower().startswith(supplier.lower() + ":") for line in headings) == 1
    chosen = CliRunner().invoke(cli, ["reorder", str(sample_workbook), "--supplier", supplier.lower()])
    assert chosen.exit_code == 0 and tracker.inventory.at[to_order[0], "SKU"] in chosen.output


def test_the_sellers_rows_and_columns_on_the_planning_sheets_survive_refreshes(sample_workbook, sample_folder):
    book = openpyxl.load_workbook(sample_workbook)
    sheet = book["Purchase Orders"]
    sheet.cell(1, sheet.max_column + 1, "Invoice")  # a column of the seller's
    sheet.cell(3, sheet.max_column, "INV-77")
    book.save(sample_workbook)
    _type(sample_workbook, "Purchase Orders", 8, {"PO Number": "PO-8", "SKU": "KT-WHISK-SET", "Quantity": 30})
    before = amzsheet.open_workbook(sample_workbook).purchase_orders
    for day in (TODAY, TODAY.replace(day=26)):
        amzsheet.refresh(sample_workbook, [sample_folder / "exports"], today=day)
    after = amzsheet.open_workbook(sample_workbook).purchase_orders
    typed = ["PO Number", "Supplier", "SKU", "Quantity", "Order Date", "Expected Date", "Received Date", "Invoice"]
    assert after[typed].equals(before[typed])
    assert after["Invoice"].iloc[1] == "INV-77" and after["PO Number"].iloc[-1] == "PO-8"
