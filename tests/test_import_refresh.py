"""A refresh with every report type: what lands in which cell, the import ledger, bad rows, privacy."""

from __future__ import annotations

import os
import zipfile

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import TODAY, write_all_orders
from test_reports import AFS_HEADER, FBA_RETURNS_HEADER, _write

import amzsheet
from amzsheet import sample_reports
from amzsheet.cli import cli
from amzsheet.errors import ExportError

MYI_HEADER = list(sample_reports.FBA_INVENTORY_HEADER)
# The 23 columns of the real 2017 US file (newer files have 28).
DATE_RANGE_2017_HEADER = [
    "date/time",
    "settlement id",
    "type",
    "order id",
    "sku",
    "description",
    "quantity",
    "marketplace",
    "fulfillment",
    "order city",
    "order state",
    "order postal",
    "product sales",
    "shipping credits",
    "gift wrap credits",
    "promotional rebates",
    "sales tax collected",
    "Marketplace Facilitator Tax",
    "selling fees",
    "fba fees",
    "other transaction fees",
    "other",
    "total",
]


def _orders(tmp_path):
    """An FBA order (two units of MUG) and an FBM order (one BOWL), both shipped."""
    return write_all_orders(
        tmp_path / "all-orders.txt",
        [
            {"amazon-order-id": "111-0000001-0000001", "purchase-date": "2026-11-10T15:00:00+00:00",
             "last-updated-date": "2026-11-11T15:00:00+00:00", "order-status": "Shipped",
             "fulfillment-channel": "Amazon", "sku": "MUG", "product-name": "Mug", "quantity": "2",
             "item-price": "20.00", "ship-city": "SEATTLE", "ship-state": "WA", "ship-country": "US"},
            {"amazon-order-id": "111-0000002-0000002", "purchase-date": "2026-11-12T15:00:00+00:00",
             "last-updated-date": "2026-11-13T15:00:00+00:00", "order-status": "Shipped",
             "sku": "BOWL", "product-name": "=Bowl+Plate", "quantity": "1", "item-price": "12.00"},
        ],
    )  # fmt: skip


def _line(tracker, order_id):
    orders = tracker.orders
    rows = orders[orders["Order ID"] == order_id]
    assert len(rows) == 1
    return rows.iloc[0]


def _sku(tracker, sku):
    rows = tracker.inventory[tracker.inventory["SKU"] == sku]
    assert len(rows) == 1
    return rows.iloc[0]


def test_shipments_fill_the_fba_line_without_adding_one(tmp_path):
    workbook = tmp_path / "tracker.xlsx"
    amzsheet.refresh(workbook, [_orders(tmp_path)], today=TODAY)
    shipment = {
        "amazon-order-id": "111-0000001-0000001", "amazon-order-item-id": "01234567890123", "shipment-id": "S1",
        "purchase-date": "2026-11-10T15:00:00+00:00", "shipment-date": "2026-11-10T22:00:00+00:00",
        "sku": "MUG", "product-name": "Mug (short name", "quantity-shipped": "2", "item-price": "20.00",
        "carrier": "AMZN_US", "tracking-number": "0012345678901234567890", "buyer-email": "buyer@example.com",
        "buyer-phone-number": "+1 555 0100", "ship-address-1": "1 Secret Street",
        "estimated-arrival-date": "2026-11-13T20:00:00+00:00", "fulfillment-channel": "AFN",
    }  # fmt: skip
    result = amzsheet.refresh(workbook, [_write(tmp_path / "afs.txt", AFS_HEADER, [shipment])], today=TODAY)
    assert (result.new_lines, result.updated_lines) == (0, 1)
    line = _line(result.tracker, "111-0000001-0000001")
    assert line["Shipped Date"] == pd.Timestamp("2026-11-10 22:00:00")
    assert (line["Carrier"], line["Tracking Number"]) == ("AMZN_US", "0012345678901234567890")
    assert line["Deliver By"] == pd.Timestamp("2026-11-13 20:00:00")
    assert line["Product Name"] == "Mug"  # the full name of All Orders is kept
    assert line["Order Item ID"] == "01234567890123"
    xml = _workbook_text(workbook)
    for private in ("buyer@example.com", "555 0100", "Secret Street", "SEATTLE"):
        assert private not in xml


def test_returns_mark_the_line_and_sellable_units_go_back_into_stock(tmp_path):
    workbook = tmp_path / "tracker.xlsx"
    amzsheet.refresh(workbook, [_orders(tmp_path)], today=TODAY)
    returned = {
        "return-date": "2026-11-20T10:00:00+00:00", "order-id": "111-0000001-0000001", "sku": "MUG",
        "product-name": "Mug", "quantity": "1", "detailed-disposition": "SELLABLE", "reason": "UNWANTED_ITEM",
    }  # fmt: skip
    returns = _write(tmp_path / "returns.txt", FBA_RETURNS_HEADER, [returned])
    inventory = _write(tmp_path / "inventory.txt", MYI_HEADER, [
        {"sku": "MUG", "product-name": "Mug", "afn-listing-exists": "Yes", "afn-fulfillable-quantity": "30",
         "afn-inbound-shipped-quantity": "6"},
    ])  # fmt: skip
    counted_at = pd.Timestamp("2026-11-15 06:00:00", tz="UTC").timestamp()
    os.utime(inventory, (counted_at, counted_at))
    result = amzsheet.refresh(workbook, [returns, inventory], today=TODAY)
    line = _line(result.tracker, "111-0000001-0000001")
    assert (line["Order Status"], line["Return Reason"], line["Returned Qty"], line["Restocked Qty"]) == (
        "Returned",
        "UNWANTED_ITEM",
        1,
        1,
    )
    mug = _sku(result.tracker, "MUG")
    assert mug["Count Date"] == pd.Timestamp("2026-11-15 06:00:00")
    assert (mug["Stock Counted"], mug["FBA Inbound"], mug["Received Since Count"]) == (30, 6, 0)
    # The order of 10 Nov was before the count; the return of 20 Nov came after it.
    assert (mug["Sold Since Count"], mug["Returned Since Count"], mug["Available Quantity"]) == (0, 1, 31)


def test_date_range_fees_and_net_proceeds_are_not_counted_twice(tmp_path):
    workbook = tmp_path / "tracker.xlsx"
    order = {"date/time": "Nov 12, 2026 8:00:00 AM PST", "settlement id": "9", "type": "Order",
             "order id": "111-0000002-0000002", "sku": "BOWL", "quantity": "1", "product sales": "12.00",
             "selling fees": "-1.80", "total": "10.20"}  # fmt: skip
    refund = {**order, "date/time": "Nov 20, 2026 9:00:00 AM PST", "type": "Refund", "product sales": "-12.00",
              "selling fees": "1.44", "total": "-10.56"}  # fmt: skip
    transfer = {"date/time": "Nov 21, 2026 9:00:00 AM PST", "settlement id": "9", "type": "Transfer", "total": "-500"}
    first = _date_range(tmp_path / "nov1.csv", [order])
    overlapping = _date_range(tmp_path / "nov2.csv", [order, refund, transfer])
    result = amzsheet.refresh(workbook, [_orders(tmp_path), first, overlapping], today=TODAY)
    assert len(result.tracker.payments) == 3
    line = _line(result.tracker, "111-0000002-0000002")
    assert line["Fees"] == pytest.approx(-0.36)
    assert line["Net Proceeds"] == pytest.approx(-0.36)
    reopened = amzsheet.open_workbook(workbook)
    assert reopened.payments["Type"].tolist() == ["Order", "Refund", "Transfer"]


def _date_range(path, rows):
    preamble = ['"Includes Amazon Marketplace transactions"', '"All amounts in USD, unless specified"']
    header = ",".join(f'"{name}"' for name in DATE_RANGE_2017_HEADER)
    body = [",".join(f'"{row.get(name, "")}"' for name in DATE_RANGE_2017_HEADER) for row in rows]
    path.write_text("\n".join([*preamble, header, *body]) + "\n", encoding="utf-8")
    return path


def test_restock_advice_sits_beside_our_reorder_quantity(tmp_path, shared_samples):
    workbook = tmp_path / "tracker.xlsx"
    header = ["Country", "Product Name", "Merchant SKU", "Recommended replenishment qty", "Alert"]
    restock = _write(tmp_path / "restock.txt", header, [
        {"Country": "US", "Product Name": "Mug", "Merchant SKU": "mug", "Recommended replenishment qty": "25",
         "Alert": "reorder_now"},
        {"Country": "US", "Product Name": "Vase", "Merchant SKU": "VASE", "Recommended replenishment qty": "0"},
    ])  # fmt: skip
    result = amzsheet.refresh(workbook, [_orders(tmp_path), restock], today=TODAY)
    mug = _sku(result.tracker, "MUG")  # SKUs match ignoring case
    assert (mug["Amazon Restock Qty"], mug["Amazon Restock Alert"]) == (25, "REORDER NOW")
    assert _sku(result.tracker, "VASE")["Amazon Restock Qty"] == 0
    assert "VASE" in result.new_skus


def test_the_same_file_twice_is_imported_once(tmp_path):
    workbook = tmp_path / "tracker.xlsx"
    orders = _orders(tmp_path)
    amzsheet.refresh(workbook, [orders], today=TODAY)
    copy = tmp_path / "downloads" / "renamed.txt"
    copy.parent.mkdir()
    copy.write_bytes(orders.read_bytes())
    outcome = CliRunner().invoke(cli, ["refresh", str(workbook), str(copy.parent), "--today", TODAY.isoformat()])
    assert outcome.exit_code == 0, outcome.output
    assert "nothing new to import" in outcome.output
    assert "renamed.txt  already imported on " in outcome.output
    ledger = amzsheet.open_workbook(workbook).imports
    assert ledger[["File", "Report", "Rows", "Rejected"]].values.tolist() == [["all-orders.txt", "All Orders", 2, 0]]


def test_a_bad_row_stops_everything_unless_skipped(tmp_path):
    workbook = tmp_path / "tracker.xlsx"
    amzsheet.refresh(workbook, [_orders(tmp_path)], today=TODAY)
    before = workbook.read_bytes()
    report = write_all_orders(
        tmp_path / "more.txt",
        [
            {"amazon-order-id": "111-3", "purchase-date": "2026-11-20T10:00:00+00:00",
             "last-updated-date": "2026-11-20T10:00:00+00:00", "order-status": "Pending", "sku": "MUG",
             "product-name": "Mug", "quantity": "1", "item-price": "10"},
            {"amazon-order-id": "111-4", "purchase-date": "2026-11-20T10:00:00+00:00",
             "last-updated-date": "2026-11-20T10:00:00+00:00", "order-status": "Pending", "sku": "MUG",
             "product-name": "Mug", "quantity": "one", "item-price": "10"},
        ],
    )  # fmt: skip
    strict = CliRunner().invoke(cli, ["refresh", str(workbook), str(report), "--today", TODAY.isoformat()])
    assert strict.exit_code == 1
    assert (
        strict.output
        == f"Error: {report}, line 3, column 'quantity': 'one' is not a number; check the file or download it again\n"
    )
    assert workbook.read_bytes() == before
    lenient = CliRunner().invoke(
        cli, ["refresh", str(workbook), str(report), "--skip-bad-rows", "--today", TODAY.isoformat()]
    )
    assert lenient.exit_code == 0, lenient.output
    assert "1 rejected" in lenient.output
    rejected = list(tmp_path.glob("tracker-rejected-*.tsv"))
    assert len(rejected) == 1
    lines = rejected[0].read_text(encoding="utf-8").splitlines()
    assert lines[1].split("\t")[:5] == [
        "more.txt",
        "3",
        "quantity",
        "one",
        "'one' is not a number; check the file or download it again",
    ]
    orders = amzsheet.open_workbook(workbook).orders
    assert "111-3" in orders["Order ID"].tolist() and "111-4" not in orders["Order ID"].tolist()


def test_ship_location_is_kept_only_when_the_seller_turns_it_on(tmp_path):
    from dataclasses import replace

    workbook = tmp_path / "tracker.xlsx"
    tracker = amzsheet.open_workbook(amzsheet.refresh(workbook, today=TODAY).path)
    amzsheet.save_workbook(workbook, replace(tracker, settings=replace(tracker.settings, store_ship_location=1)), TODAY)
    result = amzsheet.refresh(workbook, [_orders(tmp_path)], today=TODAY)
    line = _line(result.tracker, "111-0000001-0000001")
    assert (line["Ship City"], line["Ship State"], line["Ship Country"]) == ("SEATTLE", "WA", "US")


@pytest.mark.parametrize("text", ["=1+1", "+44 20", "-SKU", "@SUM(A1)", '=HYPERLINK("http://x")'])
def test_text_that_looks_like_a_formula_stays_text_after_two_refreshes(tmp_path, text):
    workbook = tmp_path / "tracker.xlsx"
    report = write_all_orders(tmp_path / "orders.txt", [
        {"amazon-order-id": "111-5", "purchase-date": "2026-11-20T10:00:00+00:00",
         "last-updated-date": "2026-11-20T10:00:00+00:00", "order-status": "Shipped", "sku": text,
         "product-name": text, "quantity": "1", "item-price": "10"},
    ])  # fmt: skip
    amzsheet.refresh(workbook, [report], today=TODAY)
    amzsheet.refresh(workbook, today=TODAY)
    line = _line(amzsheet.open_workbook(workbook), "111-5")
    assert (line["SKU"], line["Product Name"]) == (text, text)
    sheet = openpyxl.load_workbook(workbook)["Order Tracking"]
    cells = [cell for row in sheet.iter_rows(min_row=2, max_col=5) for cell in row if cell.value == text]
    assert len(cells) == 2 and {cell.data_type for cell in cells} == {"s"}  # text, not formulas


def _workbook_text(path) -> str:
    with zipfile.ZipFile(path) as package:
        return "".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())


def test_unknown_file_is_one_sentence(tmp_path):
    stray = tmp_path / "notes.txt"
    stray.write_text("Shopping list\nmilk\n", encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        amzsheet.refresh(tmp_path / "tracker.xlsx", [stray], today=TODAY)
    assert str(caught.value).startswith(f"{stray} is not an Amazon report amzsheet knows (first line: 'Shopping list')")
