"""Every supported report type, read from the real samples and from written variants."""

from __future__ import annotations

import json
import os

import pandas as pd
import pytest
from helpers.report_files import AFS_HEADER, FBA_RETURNS_HEADER
from helpers.report_files import mcf_shipments as _mcf_shipments
from helpers.report_files import write_report as _write

from amzsheet import read_report
from amzsheet.contract.schema import Settings
from amzsheet.errors import ReportError, UnknownReportError
from amzsheet.samples import reports as sample_reports

UTC = Settings(time_zone="UTC")
LA = Settings(time_zone="America/Los_Angeles")


# --- Amazon Fulfilled Shipments ------------------------------------------------------------


def test_real_fulfilled_shipments_keep_ids_and_tracking_as_text(shared_samples):
    export = read_report(shared_samples / "amazon_fulfilled_shipments_us_2013_redacted.tsv", LA)
    assert export.kind == "Amazon Fulfilled Shipments"
    line = export.lines.iloc[0]
    assert line["Order ID"] == "110-2162328-5179422"
    assert line["Order Item ID"] == "07664457044546"  # leading zero kept
    assert line["Carrier"] == "SMARTPOST"
    assert len(line["Tracking Number"]) == 22 and line["Tracking Number"].isdigit()
    assert (line["Channel"], line["Amazon Status"]) == ("FBA", "Shipped")
    # shipment-date 2013-01-17T05:06:24+00:00 is 16 Jan 21:06:24 in Los Angeles (PST).
    assert line["Shipped Date"] == pd.Timestamp("2013-01-16 21:06:24")


def test_fulfilled_shipments_saved_by_excel_are_refused(shared_samples):
    path = shared_samples / "amazon_fulfilled_shipments_jp_2017_excel_roundtrip_redacted.tsv"
    with pytest.raises(ReportError) as caught:
        read_report(path, Settings(time_zone="Asia/Tokyo"))
    message = str(caught.value)
    assert "turned into a number by Excel" in message and "download the report again" in message
    assert caught.value.line is not None and caught.value.column in ("amazon-order-item-id", "tracking-number")


def test_split_shipment_adds_up_to_one_line_with_both_tracking_numbers(tmp_path):
    common = {
        "amazon-order-id": "503-8346168-3395065",
        "amazon-order-item-id": "51014123456789",
        "purchase-date": "2017-05-01T10:42:45+09:00",
        "sku": "JP-1",
        "product-name": "シャンパンゴールド ネックレス",
        "currency": "JPY",
        "carrier": "YAMATO",
        "fulfillment-channel": "AFN",
    }
    rows = [
        {**common, "shipment-id": "A", "shipment-date": "2017-05-02T09:00:00+09:00", "quantity-shipped": "1",
         "item-price": "1200", "tracking-number": "443658000001",
         "estimated-arrival-date": "2017-05-03T20:00:00+09:00"},
        {**common, "shipment-id": "B", "shipment-date": "2017-05-04T09:00:00+09:00", "quantity-shipped": "2",
         "item-price": "2400", "tracking-number": "443658000002",
         "estimated-arrival-date": "2017-05-05T20:00:00+09:00"},
    ]  # fmt: skip
    path = _write(tmp_path / "afs.txt", AFS_HEADER, rows, encoding="cp932")
    export = read_report(path, Settings(time_zone="Asia/Tokyo"))
    assert export.encoding.lower() in ("cp932", "shift_jis")
    assert len(export.lines) == 1
    line = export.lines.iloc[0]
    assert line["Product Name"] == "シャンパンゴールド ネックレス"
    assert (line["Quantity"], line["Item Total"]) == (3, 3600)
    assert line["Tracking Number"] == "443658000001, 443658000002"
    assert line["Shipped Date"] == pd.Timestamp("2017-05-02 09:00:00")
    assert line["Deliver By"] == pd.Timestamp("2017-05-05")  # the later arrival, its day in Tokyo (JPY)


def test_multi_channel_fulfillment_lines_are_kept_as_mcf(tmp_path):
    export = read_report(_mcf_shipments(tmp_path), UTC)
    assert export.rejected == () and len(export.lines) == 2  # no purchase date, no price: still read
    sale, mcf = export.lines.iloc[0], export.lines.iloc[1]
    assert (sale["Channel"], sale["Order Date"]) == ("FBA", pd.Timestamp("2026-11-20 10:00"))
    assert (mcf["Order ID"], mcf["Channel"], mcf["Quantity"]) == ("S02-5550001-0001234", "MCF", 3)
    assert mcf["Order Date"] == mcf["Shipped Date"] == pd.Timestamp("2026-11-22 16:40")  # the day the units left
    assert pd.isna(mcf["Item Total"])


def test_all_orders_lines_of_another_sales_channel_are_mcf(tmp_path):
    from helpers import write_all_orders

    line = {"amazon-order-id": "S02-5550001-0001234", "merchant-order-id": "#11423.3", "order-status": "Shipped",
            "purchase-date": "2026-11-22T10:00:00+00:00", "last-updated-date": "2026-11-22T16:40:00+00:00",
            "fulfillment-channel": "Amazon", "sku": "MUG", "product-name": "Mug", "quantity": "3"}  # fmt: skip
    sale = {**line, "amazon-order-id": "111-1", "sales-channel": "Amazon.com"}
    lines = [{**line, "sales-channel": "Non-Amazon"}, sale]
    export = read_report(write_all_orders(tmp_path / "orders.txt", lines))
    assert export.lines["Channel"].tolist() == ["MCF", "FBA"]


# --- Returns -----------------------------------------------------------------------------------


def test_real_seller_returns_short_row_and_day_month_year_dates(shared_samples):
    export = read_report(shared_samples / "returns_flat_file_us_2025_from_markdown.tsv", UTC)
    assert export.kind == "Seller Fulfilled Returns"
    assert len(export.lines) == 1
    line = export.lines.iloc[0]
    assert line["Order ID"] == "113-6277818-6289068"
    assert (line["SKU"], line["Return ID"], line["Status"]) == ("PANEC-925SS-IT", "DfqRyqfBRRMA", "Approved")
    assert line["Order Date"] == pd.Timestamp("2025-07-10")
    assert line["Return Date"] == pd.Timestamp("2025-07-14")
    assert (line["Quantity"], line["Reason"]) == (2, "AMZ-PG-WJ-TOO-SMALL")
    assert pd.isna(line["Sellable"])  # your own return: you say what goes back on the shelf


def test_fba_returns_count_only_sellable_units_back(shared_samples, tmp_path):
    real_header = (shared_samples / "airbyte_fixture_GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA_header.tsv").read_text()
    assert real_header.strip().split("\t") == FBA_RETURNS_HEADER
    base = {"order-id": "111-1", "sku": "MUG", "product-name": "Mug", "status": "Unit returned to inventory"}
    rows = [
        {**base, "return-date": "2026-11-02T10:00:00+00:00", "quantity": "2", "detailed-disposition": "SELLABLE",
         "reason": "UNWANTED_ITEM", "license-plate-number": "LPN1"},
        {**base, "return-date": "2026-11-05T10:00:00+00:00", "quantity": "1",
         "detailed-disposition": "CUSTOMER_DAMAGED", "reason": "DEFECTIVE", "license-plate-number": "LPN2"},
    ]  # fmt: skip
    export = read_report(_write(tmp_path / "returns.txt", FBA_RETURNS_HEADER, rows), UTC)
    assert (export.kind, export.target) == ("FBA Customer Returns", "returns")
    assert export.lines[["Quantity", "Sellable", "Return ID"]].values.tolist() == [[2, 2, "LPN1"], [1, 0, "LPN2"]]
    assert export.lines["Return Date"].tolist() == [pd.Timestamp("2026-11-02 10:00"), pd.Timestamp("2026-11-05 10:00")]


# --- FBA inventory and restock -------------------------------------------------------------------


def test_fba_inventory_sets_the_count_at_the_file_time(shared_samples, tmp_path):
    header = (shared_samples / "airbyte_fixture_GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA_header.tsv").read_text()
    header = header.strip().split("\t")
    rows = [
        {"sku": "MUG", "product-name": "Mug", "afn-listing-exists": "Yes", "mfn-listing-exists": "No",
         "afn-fulfillable-quantity": "40", "afn-inbound-working-quantity": "5", "afn-inbound-shipped-quantity": "7",
         "afn-inbound-receiving-quantity": "0"},
        {"sku": "OWN", "product-name": "Shipped by me", "afn-listing-exists": "No", "mfn-listing-exists": "Yes",
         "mfn-fulfillable-quantity": "9", "afn-fulfillable-quantity": "0"},
    ]  # fmt: skip
    path = _write(tmp_path / "inventory.txt", header, rows, line_end="\r\n")
    moment = pd.Timestamp("2026-11-24 06:30:00", tz="UTC").timestamp()
    os.utime(path, (moment, moment))
    export = read_report(path, LA)
    assert (export.kind, export.target) == ("FBA Manage Inventory", "inventory")
    mug, own = export.lines.iloc[0], export.lines.iloc[1]
    assert (mug["Stock Counted"], mug["FBA Inbound"]) == (40, 12)
    assert mug["Count Date"] == pd.Timestamp("2026-11-23 22:30:00")  # the download time in Los Angeles
    assert pd.isna(own["Stock Counted"]) and pd.isna(own["Count Date"])  # you count your own stock


def test_stock_amazon_holds_is_counted_without_an_active_listing_and_said_so(tmp_path):
    header = list(sample_reports.FBA_INVENTORY_HEADER)
    rows = [
        {"sku": "MUG", "afn-listing-exists": "Yes", "afn-fulfillable-quantity": "40"},
        {"sku": "OLD-1", "afn-listing-exists": "No", "afn-fulfillable-quantity": "3000", "afn-total-quantity": "3000"},
        {"sku": "OLD-2", "afn-listing-exists": "", "afn-fulfillable-quantity": "46"},
        {"sku": "HELD", "afn-listing-exists": "No", "afn-fulfillable-quantity": "0", "afn-warehouse-quantity": "4",
         "afn-reserved-quantity": "4"},  # all reserved: Amazon holds it, none fulfillable
        {"sku": "OWN", "afn-listing-exists": "No", "mfn-listing-exists": "Yes", "mfn-fulfillable-quantity": "9",
         "afn-fulfillable-quantity": "0", "afn-total-quantity": "0"},  # you ship it yourself
    ]  # fmt: skip
    path = _write(tmp_path / "inventory.txt", header, rows)
    export = read_report(path, UTC)
    counted = export.lines.set_index("SKU")["Stock Counted"]
    assert counted.drop("OWN").tolist() == [40, 3000, 46, 0]
    assert pd.isna(counted["OWN"]) and export.lines["Count Date"].notna().tolist() == [True] * 4 + [False]
    assert export.notes == (
        "3 SKUs without an active FBA listing (afn-listing-exists blank or No) hold 3,046 fulfillable units at "
        "Amazon; their stock is counted all the same.",
    )
    readable = [READABLE_MYI_HEADER[header.index(name)] if name in header[:18] else name for name in header]
    rows = [{readable[header.index(name)]: value for name, value in row.items()} for row in rows[:2]]
    export = read_report(_write(tmp_path / "readable.txt", readable, rows), UTC)
    assert export.notes == (
        "1 SKU without an active FBA listing (AFN Listing Exists blank or No) holds 3,000 fulfillable units at "
        "Amazon; its stock is counted all the same.",
    )


def test_a_report_without_unlisted_stock_has_no_note(tmp_path):
    rows = [{"sku": "MUG", "afn-listing-exists": "Yes", "afn-fulfillable-quantity": "40"}]
    assert read_report(_write(tmp_path / "i.txt", list(sample_reports.FBA_INVENTORY_HEADER), rows), UTC).notes == ()


# Seller Central's own download of the report, with readable headers (US spelling and the British one).
READABLE_MYI_HEADER = [
    "Merchant SKU", "Fulfillment Network SKU", "ASIN", "Product Name", "Condition", "Your Price",
    "MFN Listing Exists", "MFN Fulfillable Qty", "AFN Listing Exists", "AFN Warehouse Qty", "AFN Fulfillable Qty",
    "AFN Unsellable Qty", "AFN Reserved Qty", "AFN Total Qty", "Per Unit Volume", "AFN Inbound Working Qty",
    "AFN Inbound Shipped Qty", "AFN Inbound Receiving Qty",
]  # fmt: skip
MYI_ROWS = [
    {"sku": "MUG", "fnsku": "X001ABC", "product-name": "Mug 12\" \"Grüße\"", "afn-listing-exists": "Yes",
     "mfn-listing-exists": "No", "afn-warehouse-quantity": "42", "afn-fulfillable-quantity": "40",
     "afn-reserved-quantity": "2", "afn-total-quantity": "54", "afn-inbound-working-quantity": "5",
     "afn-inbound-shipped-quantity": "7", "afn-inbound-receiving-quantity": "0"},
    {"sku": "BOWL", "fnsku": "X001DEF", "product-name": "Bowl", "afn-listing-exists": "Yes",
     "afn-fulfillable-quantity": "0", "afn-inbound-shipped-quantity": "12"},
]  # fmt: skip


def _readable(header: list[str], rows: list[dict]) -> list[dict]:
    """``rows`` (keyed by the hyphenated names) keyed by the readable ``header`` of the same columns."""
    names = dict(zip(sample_reports.FBA_INVENTORY_HEADER, header))
    return [{names[name]: value for name, value in row.items()} for row in rows]


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"AFN Fulfillable Qty": "AFN Fulfillable Quantity"},
        {"Fulfillment Network SKU": "Fulfilment Network SKU"},  # amazon.co.uk
    ],
)
def test_fba_inventory_with_readable_headers_reads_as_the_hyphenated_one(tmp_path, changes):
    header = [changes.get(name, name) for name in READABLE_MYI_HEADER]
    moment = pd.Timestamp("2026-11-24 06:30:00", tz="UTC").timestamp()
    paths = [
        _write(tmp_path / "myi.txt", list(sample_reports.FBA_INVENTORY_HEADER), MYI_ROWS),
        _write(tmp_path / "readable.txt", header, _readable(header, MYI_ROWS), line_end="\r\n"),
    ]
    for path in paths:
        os.utime(path, (moment, moment))
    expected, readable = (read_report(path, UTC) for path in paths)
    assert readable.kind == "FBA Manage Inventory"
    pd.testing.assert_frame_equal(readable.lines, expected.lines, check_exact=True)
    assert readable.lines["Stock Counted"].tolist() == [40, 0]
    assert readable.lines["FBA Inbound"].tolist() == [12, 12]


def test_both_spellings_of_the_fnsku_column_in_one_file(tmp_path):
    header = [*READABLE_MYI_HEADER, "Fulfilment Network SKU"]
    rows = _readable(READABLE_MYI_HEADER, MYI_ROWS)
    rows = [{**row, "Fulfilment Network SKU": row["Fulfillment Network SKU"]} for row in rows]
    export = read_report(_write(tmp_path / "readable.txt", header, rows), UTC)
    assert export.kind == "FBA Manage Inventory"
    assert export.lines["SKU"].tolist() == ["MUG", "BOWL"]


def test_restock_and_readable_fba_inventory_are_each_their_own_kind(tmp_path):
    """Both have ``Merchant SKU``; each file is read as the report it is."""
    restock = {"Country": "US", "Product Name": "Mug", "Merchant SKU": "MUG", "Available": "40", "Inbound": "12",
               "Working": "5", "Alert": "reorder_now", "Recommended replenishment qty": "60"}  # fmt: skip
    restock_export = read_report(_write(tmp_path / "restock.txt", list(sample_reports.RESTOCK_HEADER), [restock]), UTC)
    assert (restock_export.kind, restock_export.target) == ("Restock Inventory", "inventory")
    assert restock_export.lines[["SKU", "Amazon Restock Qty"]].values.tolist() == [["MUG", 60]]
    assert "Stock Counted" not in restock_export.lines  # Amazon's advice never sets the stock count
    rows = _readable(READABLE_MYI_HEADER, MYI_ROWS)
    inventory = read_report(_write(tmp_path / "myi.txt", READABLE_MYI_HEADER, rows), UTC)
    assert (inventory.kind, inventory.target) == ("FBA Manage Inventory", "inventory")
    assert "Amazon Restock Qty" not in inventory.lines


def test_real_restock_record_gives_amazons_advice(shared_samples, tmp_path):
    records = [json.loads(line) for line in (shared_samples / "airbyte_expected_records_subset.jsonl").open()]
    restock = [r["data"] for r in records if r["stream"] == "GET_RESTOCK_INVENTORY_RECOMMENDATIONS_REPORT"]
    header = [name for name in restock[0] if name != "dataEndTime"]
    export = read_report(_write(tmp_path / "restock.txt", header, restock), UTC)
    assert export.kind == "Restock Inventory"
    first = export.lines.iloc[0]
    assert (first["SKU"], first["Amazon Restock Qty"], first["Amazon Restock Alert"]) == (
        restock[0]["Merchant SKU"],
        float(restock[0]["Recommended replenishment qty"]),
        "OUT OF STOCK",
    )


# --- Date Range transactions -----------------------------------------------------------------------


def test_real_date_range_report_below_its_explanations(shared_samples):
    export = read_report(shared_samples / "date_range_transaction_us_2017.csv", UTC)
    assert (export.kind, export.target) == ("Date Range Transactions", "payments")
    row = export.lines.iloc[0]
    assert row["Date/Time"] == pd.Timestamp("2017-12-01 08:38:23")  # 12:38:23 AM PST
    assert (row["Order ID"], row["Type"], row["Product Sales"]) == ("113-0013318-7697855", "Order", 57.96)
    assert row["Fees"] == pytest.approx(-18.88)  # selling fees -8.69 + FBA fees -10.19
    assert row["Total"] == 39.08


GERMAN_HEADER = [
    "Datum/Uhrzeit",
    "Abrechnungsnummer",
    "Typ",
    "Bestellnummer",
    "SKU",
    "Beschreibung",
    "Menge",
    "Marketplace",
    "Versand",
    "Ort der Bestellung",
    "Bundesland",
    "Postleitzahl",
    "Umsätze",
    "Gutschrift für Versandkosten",
    "Gutschrift für Geschenkverpackung",
    "Rabatte aus Werbeaktionen",
    "Verkaufsgebühren",
    "Gebühren zu Versand durch Amazon",
    "Andere Transaktionsgebühren",
    "Andere",
    "Gesamt",
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_german_date_range_report_in_every_encoding(shared_samples, tmp_path, encoding):
    documented = (shared_samples / "date_range_transaction_de_header_docstring.txt").read_text(encoding="utf-8")
    assert all(f'"{name}"' in documented for name in GERMAN_HEADER)
    row = {
        "Datum/Uhrzeit": "01.01.2015 20:29:20 GMT+00:00",
        "Abrechnungsnummer": "123",
        "Typ": "Bestellung",
        "Bestellnummer": "302-1-2",
        "SKU": "TASSE",
        "Beschreibung": "Tasse „Grüße“",
        "Menge": "1",
        "Umsätze": "1.052,64",
        "Verkaufsgebühren": "-157,90",
        "Gebühren zu Versand durch Amazon": "-3,10",
        "Gesamt": "891,64",
    }
    quoted = [f'"{name}"' for name in GERMAN_HEADER]
    lines = ['"Alle Beträge in EUR"', ",".join(quoted), ",".join(f'"{row.get(name, "")}"' for name in GERMAN_HEADER)]
    path = tmp_path / "de.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    export = read_report(path, Settings(time_zone="Europe/Berlin"))
    line = export.lines.iloc[0]
    assert line["Date/Time"] == pd.Timestamp("2015-01-01 21:29:20")
    assert (line["Product Sales"], line["Fees"], line["Total"]) == (1052.64, -161.0, 891.64)
    assert line["Description"] == "Tasse „Grüße“"


# --- Anything else ------------------------------------------------------------------------------


def test_other_files_are_named_with_their_first_line(shared_samples):
    name = "kaggle_amazon_sale_report_in_2022_head.csv"
    with pytest.raises(UnknownReportError) as caught:
        read_report(shared_samples / name)
    message = str(caught.value)
    assert message.startswith(f"{shared_samples / name} is not an Amazon report amzsheet knows (first line: ")


def test_a_settlement_report_is_named_as_one_amzsheet_does_not_import(shared_samples):
    name = "airbyte_fixture_GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_synthetic.tsv"
    with pytest.raises(UnknownReportError) as caught:
        read_report(shared_samples / name)
    assert str(caught.value) == (
        f"{shared_samples / name} is a settlement report in the old Flat File layout (Payments > All Statements), "
        'which amzsheet does not import; download it again as "Flat File V2" instead'
    )


# --- All Orders layouts ------------------------------------------------------------------------


def test_real_2020_rows_under_the_32_column_header_with_url(shared_samples, tmp_path):
    from amzsheet.samples.exports import ALL_ORDERS_HEADER  # the 32 columns caponica/AmazonMwsComplete expects

    rows = (shared_samples / "all_orders_us_fba_2020_rows_noheader.tsv").read_bytes()
    path = tmp_path / "all-orders.txt"
    path.write_bytes("\t".join(ALL_ORDERS_HEADER).encode() + b"\r\n" + rows)
    lines = read_report(path, UTC).lines
    first = lines.iloc[0]
    assert first["Product Name"].startswith('Trendy Home 12" x 18" Premium')  # bare quotes kept
    assert (first["SKU"], first["Quantity"], first["Item Total"], first["Channel"]) == ("th1218", 1, 7.49, "FBA")
    assert lines["Amazon Status"].unique().tolist() == ["Shipped"]


def test_real_2022_layout_with_cpf_and_no_url(shared_samples, tmp_path):
    records = [json.loads(line) for line in (shared_samples / "airbyte_expected_records_subset.jsonl").open()]
    orders = [r["data"] for r in records if r["stream"] == "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL"]
    header = [name for name in orders[0] if name != "dataEndTime"]
    assert "cpf" in header and "signature-confirmation-recommended" in header and "url" not in header
    lines = read_report(_write(tmp_path / "orders.txt", header, orders, line_end="\r\n"), UTC).lines
    assert len(lines) == len(orders)
    assert lines["Amazon Status"].tolist() == ["Cancelled"] * len(orders)
    assert lines["Quantity"].isna().all()  # Amazon's 0 on a cancelled line is not an ordered quantity
    assert lines["Order ID"].tolist() == [order["amazon-order-id"] for order in orders]


# --- Line ends -----------------------------------------------------------------------------------

LINE_ENDS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}


def _with_line_end(tmp_path, name: str, text: str, line_end: str):
    path = tmp_path / line_end.encode().hex() / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(text.replace("\r\n", "\n").replace("\n", line_end).encode("utf-8"))
    return path


@pytest.mark.parametrize(
    "name",
    [
        "returns_flat_file_us_2025_from_markdown.tsv",
        "date_range_transaction_us_2017.csv",  # quoted fields, seven lines of explanation
        "amazon_fulfilled_shipments_us_2013_redacted.tsv",
        "new_orders_us_2017_redacted.tsv",
        "all_orders_it_2017_scrubbed.tsv",
    ],
)
def test_real_samples_read_the_same_with_cr_crlf_and_lf_line_ends(shared_samples, tmp_path, name):
    text = (shared_samples / name).read_text(encoding="utf-8")
    exports = {label: read_report(_with_line_end(tmp_path, name, text, end), LA) for label, end in LINE_ENDS.items()}
    assert len(exports["LF"].lines) >= 1
    for label in ("CRLF", "CR"):
        assert (exports[label].kind, exports[label].rows) == (exports["LF"].kind, exports["LF"].rows), label
        pd.testing.assert_frame_equal(exports[label].lines, exports["LF"].lines, check_exact=True)


def test_fba_returns_read_the_same_with_cr_crlf_and_lf_line_ends(tmp_path):
    base = {"order-id": "111-1", "sku": "MUG", "product-name": 'Mug 12" "Grüße"', "detailed-disposition": "SELLABLE"}
    rows = [
        {**base, "return-date": f"2026-11-0{day}T10:00:00+00:00", "quantity": "1", "license-plate-number": f"LPN{day}"}
        for day in (2, 3, 4)
    ]
    exports = [read_report(_write(tmp_path / f"r{n}.txt", FBA_RETURNS_HEADER, rows, line_end=end), UTC) for n, end in
               enumerate(LINE_ENDS.values())]  # fmt: skip
    assert [len(export.lines) for export in exports] == [3, 3, 3]
    for export in exports[1:]:
        pd.testing.assert_frame_equal(export.lines, exports[0].lines, check_exact=True)


def test_a_quoted_line_break_in_a_date_range_field_reads_the_same_with_every_line_end(tmp_path):
    header = '"date/time","settlement id","type","order id","sku","description","quantity","total"'
    row = '"Nov 12, 2026 8:00:00 AM PST","9","Order","111-1","MUG","Mug\nlarge","1","5.00"'
    text = "\n".join(['"All amounts in USD, unless specified"', header, row, row.replace("111-1", "111-2")]) + "\n"
    exports = [read_report(_with_line_end(tmp_path, "range.csv", text, end), LA) for end in LINE_ENDS.values()]
    for export in exports:
        assert export.lines["Order ID"].tolist() == ["111-1", "111-2"]
        assert export.lines["Description"].tolist() == ["Mug\nlarge"] * 2


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_a_bare_carriage_return_in_a_file_with_line_feeds_is_data(tmp_path, line_end):
    rows = [{"order-id": "111-1", "sku": "MUG", "product-name": "Mug\rlarge", "quantity": "1",
             "return-date": "2026-11-02T10:00:00+00:00", "detailed-disposition": "SELLABLE"}]  # fmt: skip
    export = read_report(_write(tmp_path / "returns.txt", FBA_RETURNS_HEADER, rows, line_end=line_end), UTC)
    assert export.lines["Product Name"].tolist() == ["Mug\rlarge"]
