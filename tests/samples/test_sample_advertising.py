"""The sample Advertised product and Monthly Storage Fees reports agree with the sample's SKUs and FBA stock."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from amzsheet.samples.advertising import ADVERTISING_HEADER, STORAGE_FEES_HEADER
from amzsheet.samples.exports import write_sample_exports

END = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ads")
    paths = write_sample_exports(folder, END, reports=["fba-inventory", "advertising", "storage-fees", "all-orders"])
    return {path.name: path for path in paths}


def rows(path, delimiter):
    with open(path, newline="", encoding="utf-8") as handle:
        header, *lines = csv.reader(handle, delimiter=delimiter, quoting=csv.QUOTE_NONE if delimiter == "\t" else 0)
    return header, [dict(zip(header, line)) for line in lines]


def test_ads_are_daily_rows_of_the_last_60_days_for_about_half_of_the_skus(reports):
    header, ads = rows(reports["Advertised-Product-2026-11-24.csv"], ",")
    assert tuple(header) == ADVERTISING_HEADER and "7 Day Total Sales " in header
    days = {dt.datetime.strptime(row["Date"], "%b %d, %Y").date() for row in ads}
    assert (min(days), max(days)) == (END - dt.timedelta(days=59), END)
    _, inventory = rows(reports["FBA-Inventory-2026-11-24.txt"], "\t")
    _, orders = rows(reports["All-Orders-2026-10-26-to-2026-11-24.txt"], "\t")
    asin_of = {row["sku"]: row["asin"] for row in orders}
    assert all(asin_of.get(row["Advertised SKU"], row["Advertised ASIN"]) == row["Advertised ASIN"] for row in ads)
    advertised = {row["Advertised SKU"] for row in ads}
    assert 0.3 < len(advertised) / len(asin_of) < 0.7
    assert len({row["Campaign Name"] for row in ads}) == 3
    assert all(row["Spend"].startswith("$") and row["Click-Thru Rate (CTR)"].endswith("%") for row in ads)


def test_storage_fees_of_october_carry_the_fnsku_and_asin_of_the_fba_inventory(reports):
    header, fees = rows(reports["Monthly-Storage-Fees-2026-10.txt"], "\t")
    assert tuple(header) == STORAGE_FEES_HEADER
    _, inventory = rows(reports["FBA-Inventory-2026-11-24.txt"], "\t")
    products = {(row["fnsku"], row["asin"]) for row in inventory}
    assert {(row["fnsku"], row["asin"]) for row in fees} == products  # every FBA SKU, in one or two centres
    assert {row["month_of_charge"] for row in fees} == {"2026-10-01"}
    assert any("E-" in row["estimated_monthly_storage_fee"] for row in fees)  # tiny fees in exponential notation
