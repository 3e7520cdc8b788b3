"""The Sponsored Products "Advertised product" report, in the shapes the Amazon Ads console downloads it."""

from __future__ import annotations

import pandas as pd
import pytest

from amzsheet.contract.schema import Settings
from amzsheet.errors import ReportError
from amzsheet.reports.reading import detect_kind, read_report

SETTINGS = Settings(time_zone="America/Los_Angeles")
# The daily report's header as downloaded: trailing spaces after some names.
DAILY_HEADER = [
    "Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Advertised SKU", "Advertised ASIN",
    "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Spend ", "7 Day Total Sales ",
    "Total Advertising Cost of Sales (ACOS) ", "Total Return on Advertising Spend (ROAS)", "7 Day Total Orders (#)",
    "7 Day Total Units (#)", "7 Day Conversion Rate", "7 Day Advertised SKU Units (#)", "7 Day Other SKU Units (#)",
]  # fmt: skip
SUMMARY_HEADER = ["Start Date", "End Date", *DAILY_HEADER[1:]]


def csv_report(path, header, rows, *, bom=True, line_end="\r\n"):
    """A CSV as the console writes it: every field quoted, a BOM, CRLF."""
    lines = [",".join(f'"{cell}"' for cell in header)]
    lines += [",".join(f'"{row.get(name.strip(), "")}"' for name in header) for row in rows]
    path.write_bytes(("\ufeff" if bom else "").encode() + (line_end.join(lines) + line_end).encode())
    return path


def ad_row(date, sku="MUG-01", spend="$12.30", **more):
    row = {
        "Date": date, "Start Date": date, "Portfolio name": "Kitchen", "Currency": "USD", "Campaign Name": "SP - Mugs",
        "Ad Group Name": "Auto", "Advertised SKU": sku, "Advertised ASIN": "B0MUG00001", "Impressions": "1,234",
        "Clicks": "15", "Click-Thru Rate (CTR)": "1.2156%", "Cost Per Click (CPC)": "$0.82", "Spend": spend,
        "7 Day Total Sales": "$59.97", "Total Advertising Cost of Sales (ACOS)": "20.51%",
        "Total Return on Advertising Spend (ROAS)": "4.88", "7 Day Total Orders (#)": "3", "7 Day Total Units (#)": "3",
        "7 Day Conversion Rate": "20.0000%",
    }  # fmt: skip
    return {**row, **more}


def test_a_daily_csv_with_currency_signs_and_trailing_spaces_in_headers(tmp_path):
    path = csv_report(tmp_path / "ads.csv", DAILY_HEADER, [ad_row("Nov 24, 2026"), ad_row("Nov 23, 2026", "CUP")])
    assert detect_kind(path).name == "Sponsored Products Advertised Product"
    report = read_report(path, SETTINGS)
    assert report.target == "advertising"
    first = report.lines.iloc[0]
    assert first["Date"] == pd.Timestamp("2026-11-24")  # the day as written: no time-zone shift
    assert pd.isna(first["End Date"])
    assert (first["Campaign Name"], first["Ad Group Name"], first["SKU"], first["ASIN"]) == (
        "SP - Mugs", "Auto", "MUG-01", "B0MUG00001"
    )  # fmt: skip
    assert (first["Impressions"], first["Clicks"], first["Orders"]) == (1234, 15, 3)
    assert (first["Spend"], first["Sales"], first["Currency"]) == (12.30, 59.97, "USD")
    assert report.lines["SKU"].tolist() == ["MUG-01", "CUP"]


@pytest.mark.parametrize(
    ("written", "day"),
    [("2026-11-24", "2026-11-24"), ("11/24/2026", "2026-11-24"), ("11/04/2026", "2026-11-04"),
     ("Nov 24, 2026", "2026-11-24"), ("24.11.2026", "2026-11-24")],
)  # fmt: skip
def test_dates_in_the_forms_the_console_writes(tmp_path, written, day):
    path = csv_report(tmp_path / "ads.csv", DAILY_HEADER, [ad_row(written)])
    assert read_report(path, SETTINGS).lines["Date"].tolist() == [pd.Timestamp(day)]


def test_slashed_dates_are_day_first_when_a_value_of_the_column_says_so(tmp_path):
    path = csv_report(tmp_path / "ads.csv", DAILY_HEADER, [ad_row("04/11/2026"), ad_row("24/11/2026")])
    assert read_report(path, SETTINGS).lines["Date"].tolist() == [
        pd.Timestamp("2026-11-04"),
        pd.Timestamp("2026-11-24"),
    ]


def test_a_summary_report_over_a_period_in_tab_separated_text_and_european_amounts(tmp_path):
    rows = [ad_row("2026-11-01", spend="1.234,50 €", **{"End Date": "2026-11-30", "7 Day Total Sales": "€18,00"}),
            ad_row("2026-11-05", sku="CUP", spend="€0,75",
                   **{"End Date": "2026-11-05", "Currency": "eur", "7 Day Total Sales": "€1.059,97"})]  # fmt: skip
    lines = ["\t".join(SUMMARY_HEADER)] + ["\t".join(row.get(n.strip(), "") for n in SUMMARY_HEADER) for row in rows]
    path = tmp_path / "summary.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = read_report(path, SETTINGS).lines
    assert report["Date"].tolist() == [pd.Timestamp("2026-11-01"), pd.Timestamp("2026-11-05")]
    assert report["End Date"].iloc[0] == pd.Timestamp("2026-11-30")
    assert pd.isna(report["End Date"].iloc[1])  # a period of one day is that day
    assert report["Spend"].tolist() == [1234.50, 0.75]
    assert report["Sales"].iloc[0] == 18.0
    assert report["Currency"].iloc[1] == "EUR"


def test_an_unreadable_spend_names_its_line_unless_skipped(tmp_path):
    path = csv_report(tmp_path / "ads.csv", DAILY_HEADER, [ad_row("2026-11-24"), ad_row("2026-11-23", spend="n/a")])
    with pytest.raises(ReportError, match=r"line 3.*'n/a' is not an amount"):
        read_report(path, SETTINGS)
    report = read_report(path, SETTINGS, skip_bad_rows=True)
    assert report.lines["Spend"].tolist() == [12.30]
    assert [line.line for line in report.rejected] == [3]


def test_a_report_without_spend_is_refused_by_name(tmp_path):
    header = [name for name in DAILY_HEADER if name.strip() != "Spend"]
    path = csv_report(tmp_path / "ads.csv", header, [ad_row("2026-11-24")])
    with pytest.raises(ReportError):
        read_report(path, SETTINGS)
