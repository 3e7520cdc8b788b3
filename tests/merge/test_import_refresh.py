"""A refresh with every report type: what lands in which cell, the import ledger, bad rows, privacy."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import zipfile

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from helpers import TODAY, write_all_orders
from helpers.report_files import AFS_HEADER, FBA_RETURNS_HEADER
from helpers.report_files import write_report as _write

import amzsheet
from amzsheet.cli import cli
from amzsheet.errors import ReportError
from amzsheet.samples import reports as sample_reports

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
    assert line["Deliver By"] == pd.Timestamp("2026-11-13")  # a day: no sales channel, no currency, the seller's
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
    before = workbook.read_bytes()
    outcome = CliRunner().invoke(cli, ["refresh", str(workbook), str(copy.parent), "--today", TODAY.isoformat()])
    assert outcome.exit_code == 0, outcome.output
    assert f"Nothing new since the last refresh today (2026-11-25): {workbook} was left as it was." in outcome.output
    assert workbook.read_bytes() == before  # a no-op: not even rewritten
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
    tracker = amzsheet.init_workbook(workbook, today=TODAY)
    amzsheet.save_workbook(
        workbook, replace(tracker, settings=replace(tracker.settings, store_ship_location=True)), TODAY
    )
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
    assert amzsheet.refresh(workbook, today=TODAY + dt.timedelta(days=1)).written  # read back and written again
    line = _line(amzsheet.open_workbook(workbook), "111-5")
    assert (line["SKU"], line["Product Name"]) == (text, text)
    sheet = openpyxl.load_workbook(workbook)["Order Tracking"]
    cells = [cell for row in sheet.iter_rows(min_row=3) for cell in row if cell.value == text]
    assert len(cells) == 2 and {cell.data_type for cell in cells} == {"s"}  # text, not formulas


def _workbook_text(path) -> str:
    with zipfile.ZipFile(path) as package:
        return "".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())


def test_unknown_file_is_one_sentence(tmp_path):
    stray = tmp_path / "notes.txt"
    stray.write_text("Shopping list\nmilk\n", encoding="utf-8")
    with pytest.raises(ReportError) as caught:
        amzsheet.refresh(tmp_path / "tracker.xlsx", [stray], today=TODAY)
    assert str(caught.value).startswith(f"{stray} is not an Amazon report amzsheet knows (first line: 'Shopping list')")


def test_overlapping_returns_reports_count_each_return_once(tmp_path):
    workbook = tmp_path / "tracker.xlsx"
    amzsheet.refresh(workbook, [_orders(tmp_path)], today=TODAY)
    first = {"return-date": "2026-11-14T10:00:00+00:00", "order-id": "111-0000001-0000001", "sku": "MUG",
             "quantity": "1", "detailed-disposition": "SELLABLE", "reason": "UNWANTED_ITEM",
             "license-plate-number": "LPN1"}  # fmt: skip
    second = {**first, "return-date": "2026-11-18T10:00:00+00:00", "license-plate-number": "LPN2",
              "detailed-disposition": "DEFECTIVE", "reason": "NO_REASON"}  # fmt: skip
    week_1 = _write(tmp_path / "returns-1.txt", FBA_RETURNS_HEADER, [first])
    weeks_1_2 = _write(tmp_path / "returns-2.txt", FBA_RETURNS_HEADER, [first, second])
    week_2 = _write(tmp_path / "returns-3.txt", FBA_RETURNS_HEADER, [second])
    for report in (week_1, weeks_1_2, week_2):
        result = amzsheet.refresh(workbook, [report], today=TODAY)
    assert len(result.tracker.returns) == 2
    line = _line(result.tracker, "111-0000001-0000001")
    assert (line["Returned Qty"], line["Restocked Qty"]) == (2, 1)  # one sellable, one defective
    assert line["Return Reason"] == "UNWANTED_ITEM; NO_REASON"
    assert line["Return Date"] == pd.Timestamp("2026-11-18 10:00")


def test_rejected_return_requests_change_nothing(tmp_path, shared_samples):
    workbook = tmp_path / "tracker.xlsx"
    amzsheet.refresh(workbook, [_orders(tmp_path)], today=TODAY)
    real = (shared_samples / "returns_flat_file_us_2025_from_markdown.tsv").read_text(encoding="utf-8")
    header, row = real.splitlines()[:2]
    fields = row.split("\t")
    fields[0], fields[15] = "111-0000002-0000002", "BOWL"  # Order ID, Merchant SKU
    rejected = list(fields)
    rejected[3], rejected[4] = "Rejected", "OTHER-RMA"  # Return request status, Amazon RMA ID
    report = tmp_path / "returns.txt"
    report.write_text("\n".join([header, "\t".join(fields), "\t".join(rejected)]) + "\n", encoding="utf-8")
    result = amzsheet.refresh(workbook, [report], today=TODAY)
    line = _line(result.tracker, "111-0000002-0000002")
    assert (line["Order Status"], line["Returned Qty"]) == ("Returned", 2)  # the approved request only
    assert pd.isna(line["Restocked Qty"])  # you type it once you have checked the item
    assert result.tracker.returns["Return ID"].tolist() == ["DfqRyqfBRRMA"]


def test_a_split_shipment_in_two_reports_keeps_both_tracking_numbers(tmp_path):
    workbook = tmp_path / "tracker.xlsx"
    amzsheet.refresh(workbook, [_orders(tmp_path)], today=TODAY)
    parcel = {"amazon-order-id": "111-0000001-0000001", "amazon-order-item-id": "01234567890123",
              "purchase-date": "2026-11-10T15:00:00+00:00", "sku": "MUG", "quantity-shipped": "1",
              "fulfillment-channel": "AFN"}  # fmt: skip
    first = {**parcel, "shipment-id": "S1", "shipment-date": "2026-11-10T20:00:00+00:00", "carrier": "UPS",
             "tracking-number": "1Z111"}  # fmt: skip
    second = {**parcel, "shipment-id": "S2", "shipment-date": "2026-11-12T20:00:00+00:00", "carrier": "UPS",
              "tracking-number": "1Z222"}  # fmt: skip
    amzsheet.refresh(workbook, [_write(tmp_path / "afs-1.txt", AFS_HEADER, [first])], today=TODAY)
    result = amzsheet.refresh(workbook, [_write(tmp_path / "afs-2.txt", AFS_HEADER, [second])], today=TODAY)
    line = _line(result.tracker, "111-0000001-0000001")
    assert (line["Carrier"], line["Tracking Number"]) == ("UPS", "1Z111, 1Z222")
    assert line["Shipped Date"] == pd.Timestamp("2026-11-10 20:00")


def test_the_rejected_lines_file_holds_no_buyer_contact_details(tmp_path):
    workbook = tmp_path / "tracker.xlsx"
    bad = {
        "amazon-order-id": "111-9",
        "purchase-date": "2026-11-10T15:00:00+00:00",
        "sku": "MUG",
        "shipment-date": "2026-11-10T20:00:00+00:00",
        "quantity-shipped": "one",
        "buyer-email": "x@y.com",
        "ship-address-1": "1 Main St",
        "buyer-phone-number": "555-0100",
        "product-name": "=HYPERLINK(1)",
    }
    report = _write(tmp_path / "afs.txt", AFS_HEADER, [bad])  # fmt: skip
    result = amzsheet.refresh(workbook, [report], today=TODAY, skip_bad_rows=True)
    text = result.rejected_file.read_text(encoding="utf-8")
    assert "'one' is not a number" in text and "111-9" in text
    for private in ("x@y.com", "Main St", "555-0100"):
        assert private not in text
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter="\t") for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)  # nothing a spreadsheet would run


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"quantity": "1e300"}, "quantity", "'1e300' is too large for an amount or a quantity"),
        ({"item-price": "99999999999999"}, "item-price", "is too large for an amount or a quantity"),
        ({"sku": "1.23457E+11"}, "sku", "turned into a number by Excel"),
        ({"price-designation": "BusinessPrice\tB2B"}, None, "this line has 33 fields where the header has 32"),
        ({"product-name": "Mug\twith a tab"}, "item-price", "'USD' is not a number"),  # the shifted fields
    ],
)
def test_values_that_cannot_be_stored_are_named(tmp_path, change, column, message):
    line = {"amazon-order-id": "111-7", "purchase-date": "2026-11-10T15:00:00+00:00",
            "last-updated-date": "2026-11-10T15:00:00+00:00", "order-status": "Shipped", "sku": "MUG",
            "product-name": "Mug", "quantity": "1", "item-price": "5", **change}  # fmt: skip
    report = write_all_orders(tmp_path / "orders.txt", [line])
    with pytest.raises(ReportError) as caught:
        amzsheet.refresh(tmp_path / "tracker.xlsx", [report], today=TODAY)
    assert message in str(caught.value) and caught.value.line == 2 and caught.value.column == column
    assert not (tmp_path / "tracker.xlsx").exists()


def test_a_carriage_return_inside_a_product_name_is_data(tmp_path):
    line = {"amazon-order-id": "111-8", "purchase-date": "2026-11-10T15:00:00+00:00",
            "last-updated-date": "2026-11-10T15:00:00+00:00", "order-status": "Shipped", "sku": "MUG",
            "product-name": "Mug\rlarge", "quantity": "1", "item-price": "5"}  # fmt: skip
    export = amzsheet.read_report(write_all_orders(tmp_path / "orders.txt", [line]))
    assert export.lines["Product Name"].tolist() == ["Mug\rlarge"]


def test_a_date_range_line_with_a_missing_quote_is_refused(tmp_path):
    good = ",".join(f'"{name}"' for name in DATE_RANGE_2017_HEADER)
    broken = '"Nov 12, 2026 8:00:00 AM PST","9","Order","111-1","MUG,"Mug","1"' + ',"0"' * 16
    path = tmp_path / "range.csv"
    path.write_text("\n".join(['"All amounts in USD"', good, broken]) + "\n", encoding="utf-8")
    with pytest.raises(ReportError) as caught:
        amzsheet.read_report(path)
    assert caught.value.line == 3


def test_a_header_repeated_inside_the_file_is_skipped(tmp_path):
    report = _orders(tmp_path)
    lines = report.read_text(encoding="utf-8").splitlines()
    report.write_text("\r\n".join([lines[0], lines[1], lines[0], lines[2]]) + "\r\n", encoding="utf-8")
    assert len(amzsheet.read_report(report).lines) == 2


def test_stock_of_a_sku_without_an_active_listing_is_counted_and_the_refresh_says_so(tmp_path):
    inventory = _write(tmp_path / "inventory.txt", MYI_HEADER, [
        {"sku": "MUG", "product-name": "Mug", "afn-listing-exists": "Yes", "afn-fulfillable-quantity": "30"},
        {"sku": "OLD", "product-name": "Old mug", "afn-listing-exists": "No", "afn-fulfillable-quantity": "12"},
    ])  # fmt: skip
    counted_at = pd.Timestamp("2026-11-15 06:00:00", tz="UTC").timestamp()
    os.utime(inventory, (counted_at, counted_at))
    result = amzsheet.refresh(tmp_path / "tracker.xlsx", [inventory], today=TODAY)
    old = _sku(result.tracker, "OLD")
    assert (old["Stock Counted"], old["Available Quantity"], old["Alert"]) == (12, 12, "NO UNIT COST")
    assert result.notes == [
        (
            inventory,
            "1 SKU without an active FBA listing (afn-listing-exists blank or No) holds 12 fulfillable units at "
            "Amazon; its stock is counted all the same.",
        )
    ]


def test_mcf_shipments_count_as_sold_units_but_not_as_amazon_sales(tmp_path):
    from helpers.report_files import mcf_shipments as _mcf_shipments

    from amzsheet.model.compute import dashboard_summary

    workbook = tmp_path / "tracker.xlsx"
    inventory = _write(tmp_path / "inventory.txt", MYI_HEADER, [
        {"sku": "MUG", "product-name": "Mug", "afn-listing-exists": "Yes", "afn-fulfillable-quantity": "30"},
    ])  # fmt: skip
    counted_at = pd.Timestamp("2026-11-15 06:00:00", tz="UTC").timestamp()
    os.utime(inventory, (counted_at, counted_at))
    result = amzsheet.refresh(workbook, [inventory, _mcf_shipments(tmp_path)], today=TODAY)
    mcf = _line(result.tracker, "S02-5550001-0001234")
    assert (mcf["Channel"], mcf["Order Status"], mcf["Quantity"]) == ("MCF", "Shipped", 3)
    assert mcf["Alert"] is pd.NA  # no alert: a blank, as in every table amzsheet returns
    assert mcf["Order Date"] == pd.Timestamp("2026-11-22 16:40")
    mug = _sku(result.tracker, "MUG")
    assert (mug["Sold Since Count"], mug["Available Quantity"]) == (4, 26)  # 1 sold on Amazon, 3 for your shop
    summary = dashboard_summary(result.tracker.orders, result.tracker.inventory, TODAY)
    assert (summary.sales, summary.orders, summary.units) == (19.99, 1, 1)
    book = openpyxl.load_workbook(workbook)
    validations = book["Order Tracking"].data_validations.dataValidation
    (channels,) = [dv for dv in validations if dv.formula1 == '"FBA,FBM,MCF"']
    assert channels.type == "list"


def test_an_mcf_line_imported_as_fba_before_becomes_mcf(tmp_path):
    """Workbooks of earlier versions hold MCF shipments as FBA lines without an Order Date."""
    from helpers import make_orders
    from helpers.report_files import mcf_shipments as _mcf_shipments

    old = make_orders([{"Order ID": "S02-5550001-0001234", "SKU": "MUG", "Quantity": 3, "Channel": "FBA",
                        "Order Status": "Shipped", "Amazon Status": "Shipped"}])  # fmt: skip
    tracker = amzsheet.new_tracker(amzsheet.Settings(time_zone="UTC"))
    workbook = tmp_path / "tracker.xlsx"
    amzsheet.save_workbook(workbook, dataclasses.replace(tracker, orders=old), TODAY)
    result = amzsheet.refresh(workbook, [_mcf_shipments(tmp_path)], today=TODAY)
    mcf = _line(result.tracker, "S02-5550001-0001234")
    assert (mcf["Channel"], mcf["Order Date"]) == ("MCF", pd.Timestamp("2026-11-22 16:40"))
