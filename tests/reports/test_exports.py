"""Reading Amazon exports: the real samples, and bad files giving one clear sentence."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import write_all_orders

from amzsheet import read_report
from amzsheet.contract.schema import Settings
from amzsheet.errors import MissingColumnsError, ReportError, UnknownReportError
from amzsheet.reports.reading import find_reports

LA = Settings(time_zone="America/Los_Angeles")


def _values(**changes) -> dict:
    """The fields of one All Orders line, with ``changes``."""
    line = {
        "amazon-order-id": "111-1",
        "purchase-date": "2026-11-20T10:00:00+00:00",
        "last-updated-date": "2026-11-20T10:00:00+00:00",
        "order-status": "Shipped",
        "sku": "S1",
        "product-name": "Mug",
        "quantity": "1",
        "item-price": "7",
    }
    return {**line, **changes}


def _one_line(tmp_path, **changes):
    return write_all_orders(tmp_path / "orders.txt", [_values(**changes)])


def test_real_all_orders_cancelled_item_in_shipped_order(shared_samples):
    lines = read_report(shared_samples / "all_orders_it_2017_scrubbed.tsv", LA).lines
    line = lines.iloc[0]
    assert line["Amazon Status"] == "Cancelled"  # order-status Shipped, item-status Cancelled
    assert (line["Currency"], line["Item Total"], line["Channel"]) == ("EUR", 89.95, "FBA")
    # 2017-06-17T08:04:21+00:00 is 01:04:21 in Los Angeles (PDT).
    assert line["Order Date"] == pd.Timestamp("2017-06-17 01:04:21")


def test_real_unshipped_orders_keep_ids_as_text_and_promise_date(shared_samples):
    lines = read_report(
        shared_samples / "unshipped_orders_in_2025_redacted.tsv", Settings(time_zone="Asia/Kolkata")
    ).lines
    assert lines["Order Item ID"].tolist()[0] == "52336476957402"
    assert lines["Amazon Status"].unique().tolist() == ["Unshipped"]
    # promise-date 2025-08-21T18:29:59+00:00 is the end of 21 Aug in India: Ship By is that day.
    assert lines["Ship By"].iloc[0] == pd.Timestamp("2025-08-21")
    assert lines["Customer Name"].iloc[0] == "[REDACTED]"


def test_real_new_orders_with_local_offset_and_multi_item_order(shared_samples):
    lines = read_report(shared_samples / "new_orders_synthetic_fixture_2009.tsv", LA).lines
    assert lines["Order ID"].tolist().count("234-5678901-2345678") == 2
    assert lines["SKU"].tolist()[:3] == ["1", "1", "2"]  # numeric-looking SKUs stay text
    assert lines["Item Total"].iloc[0] == 1.29
    us = read_report(shared_samples / "new_orders_us_2017_redacted.tsv", LA).lines
    assert us["Order Date"].iloc[0] == pd.Timestamp("2017-09-23 14:18:23")  # -07:00 is already LA time


def test_report_without_header_is_refused_with_its_first_line(shared_samples):
    with pytest.raises(UnknownReportError) as error:
        read_report(shared_samples / "all_orders_us_fba_2020_rows_noheader.tsv")
    message = str(error.value)
    assert "is not an Amazon report amzsheet knows" in message or "not an Amazon report amzsheet knows" in message
    assert "(first line: '114-4892924-3377867" in message


def test_product_names_with_bare_quotes_and_formula_characters_stay_as_text(tmp_path):
    path = write_all_orders(
        tmp_path / "orders.txt",
        [
            _values(**{"product-name": 'Pillow 12" x 18", White', "item-price": "7.49"}),
            _values(**{"amazon-order-id": "111-2", "sku": "S2", "product-name": '=HYPERLINK("http://x")',
                       "quantity": "2", "item-price": "1,014.00"}),
        ],
    )  # fmt: skip
    lines = read_report(path).lines
    assert lines["Product Name"].tolist() == ['Pillow 12" x 18", White', '=HYPERLINK("http://x")']
    assert lines["Item Total"].tolist() == [7.49, 1014.0]


def test_bad_date_names_file_line_and_column(tmp_path):
    path = write_all_orders(
        tmp_path / "orders.txt", [_values(), _values(**{"amazon-order-id": "111-2", "purchase-date": "yesterday"})]
    )
    with pytest.raises(ReportError) as error:
        read_report(path)
    assert str(error.value) == (
        f"{path}, line 3, column 'purchase-date': 'yesterday' is not a date and time amzsheet can read; "
        "check the file or download it again"
    )


def test_ids_mangled_by_excel_are_refused(tmp_path):
    path = _one_line(tmp_path, **{"amazon-order-id": "1.14489E+16"})
    with pytest.raises(ReportError, match=r"line 2, column 'amazon-order-id'.*turned into a number by Excel"):
        read_report(path)


def test_unknown_status_is_a_clear_error(tmp_path):
    path = _one_line(tmp_path, **{"order-status": "Teleported"})
    with pytest.raises(ReportError, match=r"line 2, column 'order-status': the order status 'Teleported' is unknown"):
        read_report(path)


def test_missing_columns_are_named(tmp_path):
    path = tmp_path / "orders.txt"
    path.write_text(
        "amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\n1\t2026-01-01\tShipped\tAmazon\n"
    )
    with pytest.raises(MissingColumnsError, match="lacks the column\\(s\\) last-updated-date, product-name, sku"):
        read_report(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"PK\x03\x04\x00\x00binary", "is an Excel workbook, not a text report; download the report as .txt"),
        (b"\x00\x01\x02binary", "binary file"),
        (b"\n\n", "is empty"),
    ],
)
def test_empty_and_binary_files(tmp_path, content, expected):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    with pytest.raises(UnknownReportError, match=expected):
        read_report(path)


def test_latin1_file_is_read(tmp_path):
    path = _one_line(tmp_path, **{"product-name": "Crème brûlée"})
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    assert read_report(path).lines["Product Name"].iloc[0] == "Crème brûlée"


def test_folder_means_every_report_in_it(tmp_path, shared_samples):
    (tmp_path / "notes.txt").write_text("not a report\n")
    (tmp_path / "~$tracker.xlsx").write_bytes(b"lock")
    report = tmp_path / "a.txt"
    report.write_bytes((shared_samples / "unshipped_orders_in_2025_redacted.tsv").read_bytes())
    assert find_reports([tmp_path]) == [report]
    with pytest.raises(ReportError, match="no such file or folder"):
        find_reports([tmp_path / "missing.txt"])


@pytest.mark.parametrize(
    ("values", "column", "problem"),
    [
        ({"amazon-order-id": ""}, "amazon-order-id", "this line has no value"),
        ({"sku": ""}, "sku", "this line has no value"),
        ({"quantity": "inf"}, "quantity", "'inf' is not a number"),
        ({"item-price": "1e400"}, "item-price", "'1e400' is not a number"),
        ({"purchase-date": "9999-12-31T23:00:00-05:00"}, "purchase-date", "is not a date and time amzsheet can read"),
        ({"purchase-date": "1600-01-01T00:00:00+00:00"}, "purchase-date", "is not a date and time amzsheet can read"),
    ],
)
def test_impossible_values_are_refused_with_line_and_column(tmp_path, values, column, problem):
    path = _one_line(tmp_path, **values)
    with pytest.raises(ReportError) as error:
        read_report(path)
    assert str(error.value).startswith(f"{path}, line 2, column '{column}': ")
    assert problem in str(error.value)


def test_utf16_report_is_read(tmp_path):
    path = _one_line(tmp_path, **{"product-name": "Tasse à café"})
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert read_report(path).lines["Product Name"].iloc[0] == "Tasse à café"
    assert find_reports([tmp_path]) == [path]


def test_a_folder_without_reports_is_an_error(tmp_path):
    (tmp_path / "notes.txt").write_text("shopping list\n")
    expected = r"this folder holds no Amazon report amzsheet reads \(notes.txt: not an Amazon report\)"
    with pytest.raises(ReportError, match=expected):
        find_reports([tmp_path])
