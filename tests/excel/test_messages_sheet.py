"""The Messages sheet and the Review Requested column: defaults, the seller's edits kept, long text, upgrades.

``tests/data/tracker-layout-4-small.xlsx`` was written by amzsheet at layout 4 (before both existed) from
four order lines, with a seller's edits typed in: a customer name, a delivered date, a carrier, a tracking
number and a note on order 111-0000001-0000001 (two lines), and purchase order PO-7.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers import TODAY, headers, write_all_orders
from python_calamine import CalamineWorkbook

import amzsheet
from amzsheet.contract.messages import DEFAULT_MESSAGES
from amzsheet.contract.schema import LAYOUT_VERSION, MESSAGE_COLUMNS, MESSAGES_SHEET, ORDERS_SHEET, column_names
from amzsheet.excel.reader import layout_version

LAYOUT_4 = Path(__file__).parents[1] / "data" / "tracker-layout-4-small.xlsx"
DEFAULT_ROWS = [[row[name] for name in column_names(MESSAGE_COLUMNS)] for row in DEFAULT_MESSAGES]
#: A template as a seller types it in Excel: line breaks (Alt+Enter), a text starting with "=".
MINE = ["Thanks", "=Thank you!", "Hello {Customer Name},\n\nThanks for your order {Order ID}.\n\nJo", "my own"]


@pytest.fixture
def workbook(tmp_path) -> Path:
    path = tmp_path / "tracker.xlsx"
    amzsheet.init_workbook(path, today=TODAY)
    return path


def _rows(path: Path) -> list[list]:
    sheet = openpyxl.load_workbook(path)[MESSAGES_SHEET]
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_col=len(MESSAGE_COLUMNS))]


def test_a_new_tracker_has_the_default_templates_wrapped_as_text(workbook):
    sheet = openpyxl.load_workbook(workbook)[MESSAGES_SHEET]
    assert [cell.value for cell in sheet[1]] == ["Template", "Subject", "Text", "Notes"]
    assert _rows(workbook) == DEFAULT_ROWS
    assert [row[0] for row in DEFAULT_ROWS] == ["Tracking", "Delay", "Review request"]
    text = sheet.cell(2, 3)
    assert "\n\n" in text.value and text.alignment.wrap_text and text.number_format == "@"
    assert sheet.column_dimensions["C"].width == pytest.approx(80, abs=1)
    assert list(sheet.tables) == ["Messages"] and sheet.tables["Messages"].ref == "A1:D4"


def test_the_default_review_request_is_neutral_and_offers_nothing():
    (request,) = [row for row in DEFAULT_MESSAGES if row["Template"] == "Review request"]
    words = (request["Subject"] + " " + request["Text"]).lower()
    for forbidden in ("positive", "5 star", "five star", "free", "discount", "refund", "gift", "coupon", "http"):
        assert forbidden not in words, forbidden
    assert "{Customer Name}" not in request["Text"]  # FBA orders have no name: the request works for them too


def test_the_sellers_templates_are_kept_as_typed_on_every_refresh(workbook):
    book = openpyxl.load_workbook(workbook)
    sheet = book[MESSAGES_SHEET]
    sheet.cell(4, 3).value = "Hello,\n\nHow is your {Product Name}?\nA review would help us."  # Review request edited
    sheet.delete_rows(3)  # Delay deleted
    for column, value in enumerate(MINE, start=1):
        cell = sheet.cell(4, column, value)
        cell.data_type = "s"  # typed into a Text cell: "=Thank you!" is text, not a formula
    sheet.tables["Messages"].ref = "A1:D4"
    book.save(workbook)
    expected = [DEFAULT_ROWS[0], [*DEFAULT_ROWS[2][:2], sheet.cell(3, 3).value, DEFAULT_ROWS[2][3]], MINE]

    for _ in range(2):  # a refresh that upgrades nothing, and the next one
        amzsheet.refresh(workbook, today=TODAY)
        assert _rows(workbook) == expected
    cells = openpyxl.load_workbook(workbook)[MESSAGES_SHEET]
    assert cells["B4"].data_type == "s" and cells["C4"].alignment.wrap_text
    calamine = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_name(MESSAGES_SHEET).to_python()
    assert calamine[3][:4] == MINE
    assert amzsheet.open_workbook(workbook).messages.values.tolist() == expected


def test_an_emptied_messages_sheet_stays_empty(workbook):
    book = openpyxl.load_workbook(workbook)
    book[MESSAGES_SHEET].delete_rows(2, 3)
    book.save(workbook)
    amzsheet.refresh(workbook, today=TODAY)
    assert amzsheet.open_workbook(workbook).messages.empty  # the defaults do not come back


def test_review_requested_is_the_sellers_and_a_report_leaves_it(tmp_path):
    line = {"amazon-order-id": "111-0000009-0000009", "purchase-date": "2026-11-01T10:00:00+00:00",
            "sku": "MUG", "product-name": "Mug", "quantity": "1", "item-price": "9"}  # fmt: skip
    workbook = tmp_path / "tracker.xlsx"
    shipped = {**line, "order-status": "Shipped", "last-updated-date": "2026-11-03T10:00:00+00:00"}
    first = write_all_orders(tmp_path / "a.txt", [shipped])
    amzsheet.refresh(workbook, [first], today=TODAY)
    book = openpyxl.load_workbook(workbook)
    sheet = book[ORDERS_SHEET]
    column = headers(sheet).index("Review Requested") + 1
    assert sheet.cell(3, column).value is None  # row 3: the first line, under the legend and the header
    sheet.cell(3, column).value = dt.datetime(2026, 11, 20)
    book.save(workbook)
    delivered = {**shipped, "order-status": "Shipped - Delivered to Buyer"}
    delivered["last-updated-date"] = "2026-11-10T10:00:00+00:00"
    amzsheet.refresh(workbook, [write_all_orders(tmp_path / "b.txt", [delivered])], today=TODAY)
    (order,) = amzsheet.open_workbook(workbook).orders.to_dict("records")
    assert (order["Order Status"], order["Review Requested"]) == ("Delivered", pd.Timestamp("2026-11-20"))
    assert openpyxl.load_workbook(workbook)[ORDERS_SHEET].cell(3, column).number_format == "yyyy-mm-dd"


def test_a_workbook_of_layout_4_is_upgraded_with_a_backup_and_keeps_the_sellers_data(tmp_path):
    old = tmp_path / "tracker.xlsx"
    shutil.copyfile(LAYOUT_4, old)
    assert layout_version(old) == 4 and MESSAGES_SHEET not in CalamineWorkbook.from_path(str(old)).sheet_names
    before = amzsheet.open_workbook(old)

    result = amzsheet.refresh(old, today=TODAY)

    assert (result.upgraded_from, layout_version(old), LAYOUT_VERSION) == (4, 8, 8)
    assert result.backup.read_bytes() == LAYOUT_4.read_bytes()
    after = amzsheet.open_workbook(old)
    seller = ["Order ID", "SKU", "Customer Name", "Order Status", "Delivered Date", "Tracking Number", "Notes"]
    pd.testing.assert_frame_equal(after.orders[seller], before.orders[seller])
    assert after.orders.loc[after.orders["Notes"].notna(), "Customer Name"].tolist() == ["Ada Lovelace"] * 2
    assert after.orders["Review Requested"].isna().all()
    pd.testing.assert_frame_equal(after.purchase_orders, before.purchase_orders)
    assert after.purchase_orders["PO Number"].tolist() == ["PO-7"]
    assert _rows(old) == DEFAULT_ROWS
    assert amzsheet.refresh(old, today=TODAY).upgraded_from is None
