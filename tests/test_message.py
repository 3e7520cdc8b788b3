"""amzsheet message: a template filled in for an order, printed to paste; read-only; one-sentence errors."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import TODAY, header_row, headers, write_all_orders

import amzsheet
from amzsheet.cli import cli
from amzsheet.contract.schema import MESSAGES_SHEET, ORDERS_SHEET

#: Two lines of one order the seller ships (FBM), not shipped yet, and an order Amazon shipped (FBA).
LINES = [
    {"amazon-order-id": "111-2820512-7532415", "sku": "HM-BASKET", "product-name": "Woven Basket, Large"},
    {"amazon-order-id": "111-2820512-7532415", "sku": "KT-KNIFE-8", "product-name": "8\" Chef's Knife"},
    {"amazon-order-id": "112-0000001-0000001", "sku": "MUG", "product-name": "Mug", "fulfillment-channel": "Amazon"},
]


@pytest.fixture
def workbook(tmp_path) -> Path:
    """A tracker of those orders; the seller typed the buyer's name on the first order's lines."""
    day = {"purchase-date": "2026-11-20T10:00:00+00:00", "last-updated-date": "2026-11-20T10:00:00+00:00",
           "order-status": "Unshipped", "quantity": "1", "item-price": "20"}  # fmt: skip
    path = tmp_path / "tracker.xlsx"
    amzsheet.refresh(
        path, [write_all_orders(tmp_path / "orders.txt", [{**day, **line} for line in LINES])], today=TODAY
    )
    book = openpyxl.load_workbook(path)
    sheet = book[ORDERS_SHEET]
    header = headers(sheet)
    for row in range(header_row(sheet) + 1, sheet.max_row + 1):
        if sheet.cell(row, 1).value == "111-2820512-7532415":
            sheet.cell(row, header.index("Customer Name") + 1).value = "Andrew Chen"
    book.save(path)
    return path


def test_message_prints_the_filled_text_and_changes_nothing(workbook):
    before = (workbook.read_bytes(), os.stat(workbook).st_mtime_ns, sorted(workbook.parent.iterdir()))
    result = CliRunner().invoke(cli, ["message", str(workbook), "111-2820512-7532415", "delay"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Subject: Your order 111-2820512-7532415 is delayed\n\n"
        "Hello,\n\n"
        "We are sorry that your order 111-2820512-7532415 (Woven Basket, Large; 8\" Chef's Knife) is delayed: it may "
        "reach you after 27 Nov 2026, the date promised. We are doing what we can to get it to you soon.\n\n"
        "If you have any question about the delay, please reply to this message.\n\n"
        "Kind regards\n"
    )
    assert (workbook.read_bytes(), os.stat(workbook).st_mtime_ns, sorted(workbook.parent.iterdir())) == before


def test_the_library_returns_the_same_text(workbook):
    text = amzsheet.message(workbook, "112-0000001-0000001", "Review request")
    assert text == (
        "Subject: Your order 112-0000001-0000001\n\nHello,\n\nYour order 112-0000001-0000001 (Mug) was delivered "
        "recently. If you have a moment, we would appreciate it if you reviewed the product on Amazon: every honest "
        "review helps other customers choose.\n\nKind regards"
    )


def test_a_template_the_seller_wrote_in_excel_is_used_as_typed(workbook):
    book = openpyxl.load_workbook(workbook)
    sheet = book[MESSAGES_SHEET]
    sheet.append(["Thanks", None, "=Hi {Customer Name}!\n\nYour {product name}."])
    sheet["C5"].data_type = "s"  # typed into a Text cell: text, not a formula
    sheet.tables["Messages"].ref = "A1:D5"
    book.save(workbook)
    result = CliRunner().invoke(cli, ["message", str(workbook), "111-2820512-7532415", "THANKS"])
    assert result.output == "=Hi Andrew Chen!\n\nYour Woven Basket, Large; 8\" Chef's Knife.\n"


@pytest.mark.parametrize(
    ("order_id", "template", "sentence"),
    [
        ("111-9999999-9999999", "Delay", "has no order '111-9999999-9999999' on Order Tracking; check the Order ID, "
         "or import the report that has the order first"),
        ("111-2820512-7532415", "Shipped", "has no message template named 'Shipped'; its Messages sheet has "
         "Tracking, Delay and Review request"),
        ("111-2820512-7532415", "Tracking", ": order 111-2820512-7532415 has no Carrier or Tracking Number on Order "
         "Tracking, and the template 'Tracking' needs them; type them on the order's line, or choose another template"),
    ],
)  # fmt: skip
def test_each_error_is_one_sentence_naming_the_file_and_exit_code_1(workbook, order_id, template, sentence):
    result = CliRunner().invoke(cli, ["message", str(workbook), order_id, template])
    assert (result.exit_code, result.output) == (1, f"Error: {workbook}{'' if sentence[0] == ':' else ' '}{sentence}\n")


def test_a_placeholder_the_order_leaves_blank_is_named(workbook):
    book = openpyxl.load_workbook(workbook)
    book[MESSAGES_SHEET]["C2"] = "Hello {Customer Name}"  # the Tracking template, as a seller may change it
    book.save(workbook)
    result = CliRunner().invoke(cli, ["message", str(workbook), "112-0000001-0000001", "Tracking"])
    assert (result.exit_code, result.output) == (1, f"Error: {workbook}: order 112-0000001-0000001 has no Customer "
        "Name on Order Tracking, and the template 'Tracking' needs it; type it on the order's line, or choose another "
        "template\n")  # fmt: skip


def test_an_unknown_placeholder_is_named(workbook):
    book = openpyxl.load_workbook(workbook)
    book[MESSAGES_SHEET]["C2"] = "Hello {Buyer Name}"
    book.save(workbook)
    result = CliRunner().invoke(cli, ["message", str(workbook), "111-2820512-7532415", "Tracking"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {workbook}, sheet 'Messages': the template 'Tracking' has the placeholder {{Buyer Name}}, which "
        "amzsheet does not know; use {Customer Name}, {Product Name}, {Order ID}, {Tracking Number}, {Carrier} and "
        "{Deliver By}\n"
    )


def test_a_missing_workbook_is_one_sentence(tmp_path):
    result = CliRunner().invoke(cli, ["message", str(tmp_path / "missing.xlsx"), "111-1", "Delay"])
    assert result.exit_code == 1 and result.output.startswith(f"Error: {tmp_path / 'missing.xlsx'} ")
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
