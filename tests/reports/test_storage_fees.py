"""The Monthly Storage Fees report: months, exponent numbers, missing optional columns."""

from __future__ import annotations

import pandas as pd
import pytest

from amzsheet.contract.schema import Settings
from amzsheet.errors import ReportError
from amzsheet.reports.numbers import parse_numbers
from amzsheet.reports.reading import read_report
from amzsheet.samples.advertising import STORAGE_FEES_HEADER

SETTINGS = Settings(time_zone="UTC")
HEADER = list(STORAGE_FEES_HEADER)  # the documented layout, as the sample report writes it


def fee_row(asin, fnsku, center, fee, month="2026-10", **more):
    row = {
        "asin": asin, "fnsku": fnsku, "product_name": f"Product {asin}", "fulfillment_center": center,
        "country_code": "US", "longest_side": "11.2", "median_side": "8.1", "shortest_side": "3.4",
        "measurement_units": "inches", "weight": "1.3", "weight_units": "pounds", "item_volume": "0.1786",
        "volume_units": "cubic feet", "product_size_tier": "Standard", "average_quantity_on_hand": "12.5",
        "average_quantity_pending_removal": "0", "estimated_total_item_volume": "2.2325", "month_of_charge": month,
        "storage_utilization_ratio": "12.4", "storage_utilization_ratio_units": "weeks", "base_rate": "0.78",
        "utilization_surcharge_rate": "0", "currency": "USD", "estimated_monthly_storage_fee": fee,
        "dangerous_goods_storage_type": "--", "eligible_for_inventory_discount": "N",
        "qualifies_for_inventory_discount": "N", "total_incentive_fee_amount": "0",
        "breakdown_incentive_fee_amount": "0", "average_quantity_customer_orders": "0.3",
    }  # fmt: skip
    return {**row, **more}


def write(path, header, rows, line_end="\r\n"):
    lines = ["\t".join(header)] + ["\t".join(row.get(name, "") for name in header) for row in rows]
    path.write_bytes(("\ufeff" + line_end.join(lines) + line_end).encode("utf-8"))
    return path


def test_rows_with_exponent_fees_and_both_forms_of_month(tmp_path):
    rows = [fee_row("B0MUG00001", "X00MUG0001", "PHX6", "1.7414"),
            fee_row("B0MUG00001", "X00MUG0001", "ONT8", "1.5E-4", month="2026-10-01"),
            fee_row("B0CUP00001", "X00CUP0001", "PHX6", "0.000e+00")]  # fmt: skip
    report = read_report(write(tmp_path / "storage.txt", HEADER, rows), SETTINGS)
    assert (report.kind, report.target) == ("Monthly Storage Fees", "storage_fees")
    lines = report.lines
    assert lines["Month"].tolist() == ["2026-10"] * 3
    assert lines["Fee"].tolist() == [1.7414, 0.00015, 0.0]
    first = lines.iloc[0]
    assert (first["ASIN"], first["FNSKU"], first["Fulfillment Center"], first["Country"]) == (
        "B0MUG00001", "X00MUG0001", "PHX6", "US"
    )  # fmt: skip
    assert (first["Average Quantity"], first["Currency"], first["Product Name"]) == (12.5, "USD", "Product B0MUG00001")


def test_optional_columns_may_be_missing(tmp_path):
    header = ["asin", "month_of_charge", "currency", "estimated_monthly_storage_fee"]
    report = read_report(write(tmp_path / "short.txt", header, [fee_row("B0MUG00001", "", "", "2.5")]), SETTINGS)
    line = report.lines.iloc[0]
    assert (line["ASIN"], line["Fee"], line["Month"]) == ("B0MUG00001", 2.5, "2026-10")
    assert line["FNSKU"] is None and line["Fulfillment Center"] is None


def test_an_unreadable_month_is_refused_with_its_line(tmp_path):
    rows = [fee_row("B0MUG00001", "X00MUG0001", "PHX6", "1.0"), fee_row("B0CUP00001", "X", "PHX6", "1", month="soon")]
    with pytest.raises(ReportError, match=r"line 3.*'soon' is not a month"):
        read_report(write(tmp_path / "storage.txt", HEADER, rows), SETTINGS)


def test_amounts_read_exponents_in_both_decimal_marks():
    values = pd.Series(["1.5E-4", "2e3", "-3.25E+01", "1,5E-4"])
    assert parse_numbers(values[:3]).tolist() == [0.00015, 2000.0, -32.5]
    assert parse_numbers(values[3:], ",").tolist() == [0.00015]
