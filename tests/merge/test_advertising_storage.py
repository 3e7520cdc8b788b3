"""Advertising and Storage Fees through a refresh: each day's spend once, each month's fees once, both in Profit."""

from __future__ import annotations

import os

import pandas as pd
import pytest
from helpers import TODAY, write_all_orders
from helpers.ooxml_check import check_workbook, format_problems, require_schema_dir
from helpers.report_files import write_report

import amzsheet
from amzsheet.contract.money import ADVERTISING_COLUMNS
from amzsheet.contract.tables import conform
from amzsheet.merge.advertising import merge_advertising
from amzsheet.samples import reports as sample_reports

AD_HEADER = ["Date", "Currency", "Campaign Name", "Ad Group Name", "Advertised SKU", "Advertised ASIN", "Impressions",
             "Clicks", "Spend ", "7 Day Total Sales ", "7 Day Total Orders (#)"]  # fmt: skip
STORAGE_HEADER = ["asin", "fnsku", "product_name", "fulfillment_center", "country_code", "average_quantity_on_hand",
                  "month_of_charge", "currency", "estimated_monthly_storage_fee"]  # fmt: skip
DATE_RANGE_HEADER = ["date/time", "settlement id", "type", "order id", "sku", "description", "quantity",
                     "product sales", "selling fees", "fba fees", "other transaction fees", "other",
                     "total"]  # fmt: skip


def ad(day, sku, spend, campaign="SP - Mugs", group="Auto"):
    asin = {"MUG": "B0MUG00001", "CUP": "B0CUP00001"}[sku]
    return {"Date": day, "Currency": "USD", "Campaign Name": campaign, "Ad Group Name": group, "Advertised SKU": sku,
            "Advertised ASIN": asin, "Impressions": "500", "Clicks": "7", "Spend ": spend,
            "7 Day Total Sales ": "$20.00", "7 Day Total Orders (#)": "1"}  # fmt: skip


def ads_file(path, rows, saved):
    """An Advertised product report saved at ``saved`` (seconds): a newer download has a later time."""
    write_report(path, AD_HEADER, rows, line_end="\r\n", delimiter="\t")
    os.utime(path, (saved, saved))
    return path


def orders(tmp_path):
    return write_all_orders(
        tmp_path / "all-orders.txt",
        [{"amazon-order-id": f"111-000000{n}-000000{n}", "purchase-date": "2026-11-10T15:00:00+00:00",
          "last-updated-date": "2026-11-11T15:00:00+00:00", "order-status": "Shipped", "fulfillment-channel": "Amazon",
          "sku": sku, "product-name": sku.title(), "quantity": "1", "item-price": "20.00"}
         for n, sku in enumerate(("MUG", "CUP"), start=1)],
    )  # fmt: skip


def fba_inventory(tmp_path):
    products = (("MUG", "X00MUG0001", "B0MUG00001"), ("CUP", "X00CUP0001", "B0CUP00001"))
    rows = [{"sku": sku, "fnsku": fnsku, "asin": asin, "product-name": sku.title(), "afn-listing-exists": "Yes",
             "afn-fulfillable-quantity": "30"} for sku, fnsku, asin in products]  # fmt: skip
    return write_report(tmp_path / "myi.txt", list(sample_reports.FBA_INVENTORY_HEADER), rows)


def storage_report(tmp_path, name="storage.txt", mug_fee="3.0E0"):
    """October's fees: MUG in two fulfilment centres (4.00 in all), CUP 2.00, a product not sold any more."""
    fees = [("B0MUG00001", "X00MUG0001", "PHX6", mug_fee), ("B0MUG00001", "X00MUG0001", "ONT8", "1"),
            ("B0CUP00001", "", "PHX6", "2.0"), ("B0GONE0001", "X00GONE001", "PHX6", "5E-5")]  # fmt: skip
    rows = [
        {"asin": asin, "fnsku": fnsku, "fulfillment_center": center, "estimated_monthly_storage_fee": fee,
         "country_code": "US", "month_of_charge": "2026-10", "currency": "USD"}
        for asin, fnsku, center, fee in fees
    ]  # fmt: skip
    return write_report(tmp_path / name, STORAGE_HEADER, rows, line_end="\r\n")


def date_range(tmp_path):
    """November's storage charge (for October) of 10.01, without a SKU, as the Date Range report lists it."""
    charge = {"date/time": "Nov 15, 2026 2:00:00 AM PST", "settlement id": "9", "type": "FBA Inventory Fee",
              "description": "FBA storage fee", "other transaction fees": "-10.01", "total": "-10.01"}  # fmt: skip
    preamble = ['"Includes Amazon Marketplace transactions"', '"All amounts in USD, unless specified"']
    header = ",".join(f'"{name}"' for name in DATE_RANGE_HEADER)
    body = ",".join(f'"{charge.get(name, "")}"' for name in DATE_RANGE_HEADER)
    path = tmp_path / "range.csv"
    path.write_text("\n".join([*preamble, header, body]) + "\n", encoding="utf-8")
    return path


def profit_row(tracker, month, sku):
    profit = tracker.profit
    found = profit[(profit["Month"] == month) & (profit["SKU"] == sku)]
    assert len(found) == 1, profit
    return found.iloc[0]


def test_storage_charge_shared_to_the_cent_and_ad_spend_per_sku_and_month(tmp_path):
    require_schema_dir()
    workbook = tmp_path / "tracker.xlsx"
    ads = ads_file(tmp_path / "ads.txt", [ad("2026-11-20", "MUG", "$12.30"), ad("2026-11-21", "MUG", "$4.50"),
                                          ad("2026-11-21", "MUG", "$1.05", campaign="SP - Exact"),
                                          ad("2026-11-21", "CUP", "$3.00"), ad("Oct 31, 2026", "MUG", "$2.00")],
                   saved=1_700_000_000)  # fmt: skip
    reports = [orders(tmp_path), fba_inventory(tmp_path), storage_report(tmp_path), date_range(tmp_path), ads]
    tracker = amzsheet.refresh(workbook, reports, today=TODAY).tracker

    stock = tracker.fba_stock.set_index("SKU")
    assert stock.loc["MUG", ["FNSKU", "ASIN"]].tolist() == ["X00MUG0001", "B0MUG00001"]
    storage = tracker.storage_fees
    assert storage["SKU"].fillna("").tolist() == ["CUP", "", "MUG", "MUG"]  # CUP by its ASIN, the old product by none
    # 10.01 shared 4 : 2 between MUG and CUP, to the cent.
    mug, cup = profit_row(tracker, "2026-11", "MUG"), profit_row(tracker, "2026-11", "CUP")
    assert (mug["Storage Fees"], cup["Storage Fees"]) == (-6.67, -3.34)
    november = tracker.profit[tracker.profit["Month"] == "2026-11"]
    assert round(november["Storage Fees"].sum(), 2) == -10.01
    assert (mug["Ad Spend"], cup["Ad Spend"]) == (17.85, 3.00)
    assert profit_row(tracker, "2026-10", "MUG")["Ad Spend"] == 2.00

    reopened = amzsheet.open_workbook(workbook)
    assert len(reopened.advertising) == 5 and len(reopened.storage_fees) == 4
    assert reopened.advertising["Spend"].sum() == pytest.approx(22.85)
    problems = check_workbook(workbook)
    assert not problems, format_problems(workbook, problems)


def test_a_newer_download_corrects_the_spend_and_the_same_report_again_changes_nothing(tmp_path):
    workbook = tmp_path / "tracker.xlsx"
    first = ads_file(tmp_path / "ads-1.txt", [ad("2026-11-20", "MUG", "$12.30"), ad("2026-11-21", "MUG", "$4.50")],
                     saved=1_700_000_000)  # fmt: skip
    # Downloaded a day later: the 21st corrected (invalid clicks credited back), the 22nd added.
    second = ads_file(tmp_path / "ads-2.txt", [ad("2026-11-21", "MUG", "$3.90"), ad("2026-11-22", "MUG", "$5.00")],
                      saved=1_700_086_400)  # fmt: skip
    tracker = amzsheet.refresh(workbook, [orders(tmp_path), second, first], today=TODAY).tracker
    table = tracker.advertising
    assert table["Date"].dt.day.tolist() == [20, 21, 22]
    assert table["Spend"].tolist() == [12.30, 3.90, 5.00]
    again = tmp_path / "ads-2-again.txt"  # the same rows, another file (CRLF to LF)
    again.write_bytes(second.read_bytes().replace(b"\r\n", b"\n"))
    after = amzsheet.refresh(workbook, [again], today=TODAY).tracker.advertising
    pd.testing.assert_frame_equal(after.reset_index(drop=True), table.reset_index(drop=True), check_dtype=False)


def test_a_period_replaces_the_daily_rows_it_covers_and_a_day_inside_a_period_is_left_out():
    def rows(*days, end=None, spend=1.0):
        period = {} if end is None else {"End Date": pd.Timestamp(end)}
        ad = {"Campaign Name": "A", "SKU": "MUG", "Spend": spend}
        found = [{"Date": pd.Timestamp(day), **period, **ad} for day in days]
        return conform(pd.DataFrame(found), ADVERTISING_COLUMNS)

    daily = rows("2026-11-01", "2026-11-02", "2026-11-30")
    month = rows("2026-11-01", end="2026-11-30", spend=30.0)
    merged = merge_advertising(daily, month)
    assert merged["Spend"].tolist() == [30.0]
    other_ad = daily.assign(**{"Campaign Name": "B"})
    assert merge_advertising(other_ad, month)["Spend"].sum() == 33.0  # another campaign's days stay
    assert merge_advertising(month, daily)["Spend"].tolist() == [30.0]  # already counted in the month


def test_a_corrected_storage_report_replaces_its_month_only(tmp_path):
    workbook = tmp_path / "tracker.xlsx"
    october = storage_report(tmp_path)
    september = tmp_path / "september.txt"
    september.write_text(october.read_text().replace("2026-10", "2026-09"))
    amzsheet.refresh(workbook, [orders(tmp_path), october, september], today=TODAY)
    corrected = storage_report(tmp_path, "storage-corrected.txt", mug_fee="3.5")
    tracker = amzsheet.refresh(workbook, [corrected], today=TODAY).tracker
    fees = tracker.storage_fees.groupby("Month")["Fee"].sum().round(5).to_dict()
    assert fees == {"2026-09": 6.00005, "2026-10": 6.50005}
    assert len(tracker.storage_fees) == 8
