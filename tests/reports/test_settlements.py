"""Reading the settlement report (Flat File V2): one Payments row per amount, the summary on every row."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from helpers.settlement_files import (
    CHARGEBACK,
    DEPOSIT,
    NUMERIC_SKU,
    ORDER,
    SETTLEMENT_ID,
    settlement_file,
    settlement_lines,
)

from amzsheet.contract.schema import Settings
from amzsheet.errors import ReportError, UnsupportedReportError
from amzsheet.reports.reading import detect_kind, read_report
from amzsheet.samples.exports import write_sample_exports
from amzsheet.samples.reports import write_date_range_variant

LOS_ANGELES = Settings(time_zone="America/Los_Angeles")


def test_every_line_is_one_amount_and_they_add_up_to_the_deposit(tmp_path):
    report = read_report(settlement_file(tmp_path / "settlement.txt"), LOS_ANGELES)
    lines = report.lines
    assert report.kind == "Settlement" and report.target == "payments"
    assert len(lines) == 1 + len(settlement_lines())  # the summary line and every amount
    assert pd.isna(lines.loc[0, "Total"])  # the summary has no amount
    assert round(lines["Total"].sum(), 2) == float(DEPOSIT) == lines.loc[0, "Total Amount"]
    assert (lines["Settlement ID"] == SETTLEMENT_ID).all() and (lines["Currency"] == "USD").all()
    assert set(lines["Report"]) == {"settlement.txt"}
    # The dates, in the seller's time zone: 1 Nov 00:00 UTC is 31 Oct 17:00 in Los Angeles.
    assert lines.loc[5, "Start"] == pd.Timestamp("2026-10-31 17:00")
    assert lines.loc[5, "Deposit Date"] == pd.Timestamp("2026-11-16 16:00")


def test_sales_fees_and_promotions_are_in_their_columns(tmp_path):
    lines = read_report(settlement_file(tmp_path / "settlement.txt"), LOS_ANGELES).lines
    sale = lines[lines["Order ID"] == ORDER]
    assert sale["Product Sales"].sum() == 1234.56  # only the Principal of ItemPrice is a sale
    assert round(sale["Fees"].sum(), 2) == -198.81  # Commission + FBA fee
    assert sale["Promotions"].sum() == -20.00
    assert sale["SKU"].unique().tolist() == [NUMERIC_SKU]  # a numeric-looking SKU stays text
    assert sale["Quantity"].iloc[0] == 2
    assert sale["Date/Time"].iloc[0] == pd.Timestamp("2026-11-03 02:00")  # posted-date-time, 10:00 UTC
    assert lines[lines["Order ID"] == CHARGEBACK]["Type"].tolist() == ["Chargeback Refund"]


def test_an_account_line_without_a_posted_date_takes_the_settlement_end(tmp_path):
    lines = read_report(settlement_file(tmp_path / "settlement.txt"), LOS_ANGELES).lines
    reserve = lines[lines["Description"] == "Current Reserve Amount"].iloc[0]
    assert reserve["Date/Time"] == pd.Timestamp("2026-11-14 16:00")  # 15 Nov 00:00 UTC
    assert pd.isna(reserve["SKU"]) and reserve["Amount Type"] == "other-transaction"


@pytest.mark.parametrize(
    "variant",
    [
        {"line_end": "\r\n"},
        {"bom": True},
        {"european": True},
        {"european": True, "line_end": "\r\n", "bom": True},
    ],
    ids=["crlf", "bom", "european", "european-crlf-bom"],
)
def test_every_variant_reads_as_the_plain_file(tmp_path, variant):
    plain = read_report(settlement_file(tmp_path / "plain.txt"), LOS_ANGELES).lines
    other = read_report(settlement_file(tmp_path / "other.txt", **variant), LOS_ANGELES).lines
    pd.testing.assert_frame_equal(other.drop(columns="Report"), plain.drop(columns="Report"))


def test_a_european_file_has_decimal_commas_and_day_first_dates(tmp_path):
    path = settlement_file(tmp_path / "de.txt", european=True, currency="EUR")
    text = path.read_text(encoding="utf-8")
    assert "\t1.234,56\t" in text and "\t-3,00\t" in text and "01.11.2026 00:00:00 UTC" in text
    assert "\t03.11.2026\t03.11.2026 10:00:00 UTC\t" in text
    lines = read_report(path, Settings(time_zone="Europe/Berlin")).lines
    assert lines["Product Sales"].max() == 1234.56
    assert lines.loc[0, "Total Amount"] == float(DEPOSIT)
    assert lines.loc[1, "Date/Time"] == pd.Timestamp("2026-11-03 11:00")  # 10:00 UTC, CET
    assert set(lines["Currency"]) == {"EUR"}


def test_an_only_posted_date_is_read_day_first(tmp_path):
    path = settlement_file(tmp_path / "de.txt", european=True)
    text = path.read_text(encoding="utf-8").replace("\t03.11.2026 10:00:00 UTC\t", "\t\t")
    path.write_text(text, encoding="utf-8")
    lines = read_report(path, Settings(time_zone="UTC")).lines
    assert lines.loc[1, "Date/Time"] == pd.Timestamp("2026-11-03")


@pytest.mark.parametrize(("column", "damaged"), [("settlement-id", "1.15426E+10"), ("order-id", "1.11443E+17")])
def test_a_copy_saved_by_excel_is_refused_with_its_line_and_column(tmp_path, column, damaged):
    path = settlement_file(tmp_path / "excel.txt")
    lines = path.read_text().splitlines()
    header = lines[0].split("\t")
    fields = lines[2].split("\t")
    fields[header.index(column)] = damaged
    lines[2] = "\t".join(fields)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ReportError) as caught:
        read_report(path, LOS_ANGELES)
    assert (caught.value.line, caught.value.column) == (3, column)
    assert "turned into a number by Excel" in str(caught.value)


def test_the_old_wide_flat_file_is_named_with_advice(shared_samples):
    path = shared_samples / "airbyte_fixture_GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_synthetic.tsv"
    with pytest.raises(UnsupportedReportError) as caught:
        detect_kind(path)
    assert "settlement report in the old Flat File layout" in str(caught.value)
    assert 'download it again as "Flat File V2"' in str(caught.value)


def test_date_range_transactions_carry_their_currency_and_promotions(tmp_path):
    row = {"date/time": "Nov 3, 2026 10:00:00 AM PST", "settlement id": "9", "type": "Order", "order id": ORDER,
           "sku": "MUG-01", "quantity": 1, "product sales": "19.99", "promotional rebates": "-2.00",
           "selling fees": "-3.00", "total": "14.99"}  # fmt: skip
    us = write_date_range_variant(tmp_path / "us.csv", [row | {"marketplace": "amazon.com"}], locale="en_US")
    de = write_date_range_variant(tmp_path / "de.csv", [row | {"marketplace": "Amazon.de"}], locale="de_DE")
    first = read_report(us, LOS_ANGELES).lines.iloc[0]
    assert (first["Currency"], first["Promotions"]) == ("USD", -2.00)
    german = read_report(de, LOS_ANGELES).lines.iloc[0]
    assert (german["Currency"], german["Promotions"], german["Total"]) == ("EUR", -2.00, 14.99)


def test_the_sample_settlements_hold_the_date_range_money_in_more_detail(tmp_path):
    paths = write_sample_exports(tmp_path, dt.date(2026, 11, 24), reports=("date-range", "settlements"))
    date_range, *settlements = (read_report(path, LOS_ANGELES).lines for path in paths)
    assert len(settlements) == 2
    for lines in settlements:
        assert round(lines["Total"].sum(), 2) == lines["Total Amount"].iloc[0]  # total-amount: the sum of the lines
    last = settlements[-1]  # the settlement the Date Range report covers in full
    ids = set(last["Settlement ID"])
    ranged = date_range[date_range["Settlement ID"].isin(ids) & date_range["Order ID"].notna()]
    orders = last[last["Order ID"].notna() & last["Promotions"].isna()]  # the promotion is the settlement's own
    by_order = orders.groupby("Order ID")["Total"].sum().round(2)
    pd.testing.assert_series_equal(by_order, ranged.groupby("Order ID")["Total"].sum().round(2))
    assert {"Storage Fee", "Current Reserve Amount", "Previous Reserve Amount Balance"} <= set(last["Description"])


@pytest.mark.parametrize("cut", ["lines", "mid-line"])
def test_a_settlement_cut_short_is_refused_with_its_totals(tmp_path, cut):
    """Imported, a cut file would replace the complete settlement's lines, and the complete file be skipped."""
    path = settlement_file(tmp_path / "cut.txt")
    lines = path.read_text().splitlines()
    kept = lines[:-3] if cut == "lines" else [*lines[:-1], lines[-1][: lines[-1].index("-50") + 2]]  # "-5" of -50.00
    path.write_text("\n".join(kept) + "\n")
    with pytest.raises(ReportError) as caught:
        read_report(path, LOS_ANGELES)
    assert (caught.value.line, caught.value.column) == (2, "total-amount")
    found = float(DEPOSIT) - (8.50 - 50.00 - 10.00 if cut == "lines" else -45.00)  # -5 read for -50
    assert f"add up to {found:,.2f}, not its total-amount {float(DEPOSIT):,.2f}" in str(caught.value)
    assert "incomplete or damaged; download it again" in str(caught.value)
