"""Generated variants of every report: each encoding, line ending (LF, CRLF, CR) and Seller Central language."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from amzsheet import read_report
from amzsheet.contract.schema import Settings
from amzsheet.samples import reports as sample_reports
from amzsheet.samples.exports import REPORTS, write_sample_exports

END = dt.date(2026, 11, 24)
UTC = Settings(time_zone="UTC")
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "cp932"]
KIND_OF_FILE = {
    "All-Orders": "All Orders",
    "Unshipped-Orders": "Unshipped Orders",
    "Amazon-Fulfilled-Shipments": "Amazon Fulfilled Shipments",
    "FBA-Inventory": "FBA Manage Inventory",
    "FBA-Returns": "FBA Customer Returns",
    "Returns": "Seller Fulfilled Returns",
    "Restock-Inventory": "Restock Inventory",
    "Advertised-Product": "Sponsored Products Advertised Product",
    "Monthly-Storage-Fees": "Monthly Storage Fees",
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """One sample of every report type, as written in UTF-8."""
    folder = tmp_path_factory.mktemp("reports")
    paths = write_sample_exports(folder, END, days=30, skus=12, seed=3, reports=REPORTS)
    return {path.name: path for path in paths}


def _expected_kind(name: str) -> str:
    if name.endswith("CustomTransaction.csv"):
        return "Date Range Transactions"
    if name.startswith("Settlement-"):
        return "Settlement"
    return next(kind for prefix, kind in KIND_OF_FILE.items() if name.startswith(prefix + "-2026"))


def _reencode(text: str, encoding: str, line_end: str) -> bytes | None:
    text = text.replace("\r\n", "\n").replace("\n", line_end)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:  # e.g. "Crème Brûlée" has no Shift_JIS form
        return None


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])  # "\r": Excel for Mac, older Mac tools
def test_every_report_in_every_encoding_reads_the_same(generated, tmp_path, encoding, line_end):
    for name, path in generated.items():
        reference = read_report(path, UTC)
        assert reference.kind == _expected_kind(name)
        text = path.read_text(encoding="utf-8")
        if encoding == "cp932":  # Japanese files hold Japanese text; keep only what Shift_JIS can write
            text = text.replace("Crème Brûlée", "クレームブリュレ")
        data = _reencode(text, encoding, line_end)
        if data is None:
            continue
        copy = tmp_path / name
        copy.write_bytes(data)
        shutil.copystat(path, copy)  # the FBA inventory count is dated by the file's time
        again = read_report(copy, UTC)
        assert again.kind == reference.kind
        expected = reference.lines
        if encoding == "cp932":
            expected = expected.replace("Crème Brûlée", "クレームブリュレ", regex=True)
        pd.testing.assert_frame_equal(again.lines, expected, check_exact=True)


LOCALE_SETTINGS = {
    "en_US": "America/Los_Angeles",
    "de_DE": "Europe/Berlin",
    "fr_FR": "Europe/Paris",
    "it_IT": "Europe/Rome",
    "es_ES": "Europe/Madrid",
    "es_MX": "America/Mexico_City",
    "pt_BR": "America/Sao_Paulo",
    "ja_JP": "Asia/Tokyo",
}
ROWS = [
    {"date/time": dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.timezone.utc), "settlement id": "12345678901",
     "type": "Order", "order id": "028-1234567-1234567", "sku": "MUG-01", "description": "Mug „Grüße“ — 350 ml",
     "quantity": 2, "product sales": 1052.64, "selling fees": -157.9, "fba fees": -6.2, "other transaction fees": 0,
     "other": 0, "total": 888.54},
    {"date/time": dt.datetime(2026, 11, 9, 18, 5, tzinfo=dt.timezone.utc), "settlement id": "12345678901",
     "type": "Refund", "order id": "028-1234567-1234567", "sku": "MUG-01", "description": "Mug „Grüße“ — 350 ml",
     "quantity": 1, "product sales": -526.32, "selling fees": 63.16, "total": -463.16},
]  # fmt: skip


# Each language in the encodings its files come in: Windows-1252 cannot write Japanese,
# Shift_JIS cannot write "Umsätze"; English headers fit every encoding.
LANGUAGE_ENCODINGS = [
    (locale, encoding)
    for locale in sorted(LOCALE_SETTINGS)
    for encoding in ("utf-8", "utf-8-sig", "cp1252", "cp932")
    if encoding.startswith("utf") or (encoding == "cp932") == (locale == "ja_JP") or locale == "en_US"
]


@pytest.mark.parametrize(("locale", "encoding"), LANGUAGE_ENCODINGS)
def test_date_range_report_in_every_language(tmp_path, locale, encoding):
    rows = ROWS
    if encoding == "cp932":
        rows = [{**row, "description": "マグカップ 350 ml"} for row in ROWS]
    path = tmp_path / "custom.csv"
    sample_reports.write_date_range_variant(path, rows, locale=locale, encoding=encoding)
    zone = LOCALE_SETTINGS[locale]
    export = read_report(path, Settings(time_zone=zone))
    lines = export.lines
    assert export.kind == "Date Range Transactions"
    assert lines["Order ID"].tolist() == ["028-1234567-1234567"] * 2
    assert lines["Product Sales"].tolist() == [1052.64, -526.32]
    assert lines["Total"].tolist() == [888.54, -463.16]
    assert lines["Quantity"].tolist() == [2, 1]
    assert lines["Description"].iloc[0] == rows[0]["description"]
    moment = pd.Timestamp(ROWS[0]["date/time"]).tz_convert(zone).tz_localize(None)
    assert lines["Date/Time"].iloc[0] == moment
    if locale in ("en_US", "es_MX", "de_DE", "fr_FR", "ja_JP"):  # languages whose fee headers are known
        assert lines["Fees"].tolist() == pytest.approx([-164.1, 63.16])
