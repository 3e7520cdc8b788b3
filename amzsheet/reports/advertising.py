"""The Sponsored Products "Advertised product" report: what the ads of each SKU cost, per day or per period.

Amazon Ads (Reports → Sponsored Products → Advertised product) writes one row per day, campaign,
ad group and advertised SKU (time unit "Daily", a ``Date`` column), or per period (time unit
"Summary", ``Start Date`` and ``End Date``). The console downloads it as a spreadsheet or a CSV,
whose headers may carry trailing spaces (``"7 Day Total Sales "``) and whose amounts may carry a
currency sign (``"$1.23"``, ``"€18,00"``); rates carry a percent sign (``"12.5%"``). Dates are
``Nov 24, 2026``, ``2026-11-24``, ``11/24/2026`` (``24/11/2026`` in the marketplaces that write the
day first; a column is read one way throughout) or ``24.11.2026``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from amzsheet.contract.schema import Settings
from amzsheet.reports.base import LARGEST_NUMBER, ReportKind, quantities, text
from amzsheet.reports.datetimes import parse_datetimes
from amzsheet.reports.numbers import detect_decimal_mark, parse_numbers
from amzsheet.reports.raw import RawReport

_ALIASES: dict[str, tuple[str, ...]] = {
    "Date": ("Start Date",),
    "Spend": ("Cost", "Total Spend"),
    "7 Day Total Sales": ("14 Day Total Sales", "Sales"),
    "7 Day Total Orders (#)": ("14 Day Total Orders (#)", "Orders"),
    **{name: () for name in ("End Date", "Currency", "Campaign Name", "Ad Group Name", "Advertised ASIN")},
    **{name: () for name in ("Impressions", "Clicks")},
}
#: Currency signs, percent signs and currency codes written around an amount (``US$1.23``, ``18,00 EUR``).
_AROUND_AMOUNT = re.compile(r"[$€£¥₹₩%]|\b[A-Z]{2,3}\b")
#: A date with slashes and the year last: month first (US) or day first, decided per column.
_SLASHED = re.compile(r"(?P<first>\d{1,2})/(?P<second>\d{1,2})/(?P<year>\d{4})")
_AMOUNTS = ("Spend", "7 Day Total Sales")


def amounts(raw: RawReport, name: str, decimal: str) -> pd.Series:
    """Column ``name`` as amounts, currency signs and codes left out; blank is NaN, unreadable values are rejected."""
    if not raw.has(name):
        return pd.Series(np.nan, index=range(len(raw.rows)), dtype="float64")
    values = raw.column(name)
    parsed = parse_numbers(amount_texts(values), decimal).reset_index(drop=True)
    bad = (values.to_numpy() != "") & (parsed.isna().to_numpy() | (parsed.abs() >= LARGEST_NUMBER).to_numpy())
    raw.reject(np.flatnonzero(bad), name, lambda value: f"{value!r} is not an amount; check the file")
    return parsed.where(~bad).astype("float64")


def amount_texts(values: pd.Series) -> pd.Series:
    """The texts of amounts without the currency sign, currency code or percent sign around them."""
    return values.fillna("").astype(str).str.replace(_AROUND_AMOUNT, "", regex=True).str.strip()


def amounts_decimal_mark(raw: RawReport, names: tuple[str, ...]) -> str:
    """The decimal mark of the amounts of columns ``names`` ("." when none tells, or when they disagree)."""
    values = [value for name in names if raw.has(name) for value in amount_texts(raw.column(name))]
    try:
        return detect_decimal_mark(values) or "."
    except ValueError:
        return "."  # contradicting amounts: each is then read, or rejected, with a decimal point


def days(raw: RawReport, name: str, settings: Settings) -> pd.Series:
    """Column ``name`` as days (midnight); unreadable values are rejected.

    ``11/24/2026`` is month first unless a value of the column can only be day first (``24/11/2026``).
    """
    if not raw.has(name):
        return pd.Series(pd.NaT, index=range(len(raw.rows)), dtype="datetime64[ns]")
    values = raw.column(name)
    parsed = parse_datetimes(iso_days(values), settings.time_zone).reset_index(drop=True).dt.normalize()
    bad = (values.to_numpy() != "") & parsed.isna().to_numpy()
    raw.reject(np.flatnonzero(bad), name, lambda value: f"{value!r} is not a date amzsheet can read; check the file")
    return parsed.astype("datetime64[ns]")


def iso_days(values: pd.Series) -> pd.Series:
    """Slashed dates with the year last (``11/24/2026``) as ISO dates; other texts as they are."""
    found = values.fillna("").astype(str).str.fullmatch(_SLASHED.pattern)
    if not found.any():
        return values
    parts = values[found].str.extract(_SLASHED.pattern).astype(int)
    day_first = bool((parts["first"] > 12).any())
    month, day = (parts["second"], parts["first"]) if day_first else (parts["first"], parts["second"])
    iso = parts["year"].map("{:04d}".format) + "-" + month.map("{:02d}".format) + "-" + day.map("{:02d}".format)
    return values.where(~found, iso)


def parse_advertised_products(raw: RawReport, settings: Settings) -> pd.DataFrame:
    """One row per file row: the day (or period), the ad group, the SKU, its clicks, spend and attributed sales."""
    decimal = amounts_decimal_mark(raw, _AMOUNTS)
    start = days(raw, "Date", settings)
    end = days(raw, "End Date", settings)
    return pd.DataFrame(
        {
            "Date": start,
            "End Date": end.where(end != start),  # a period of one day is that day
            "Currency": text(raw, "Currency").str.upper(),
            "Campaign Name": text(raw, "Campaign Name"),
            "Ad Group Name": text(raw, "Ad Group Name"),
            "SKU": text(raw, "Advertised SKU"),
            "ASIN": text(raw, "Advertised ASIN"),
            "Impressions": quantities(raw, "Impressions"),
            "Clicks": quantities(raw, "Clicks"),
            "Spend": amounts(raw, "Spend", decimal),
            "Sales": amounts(raw, "7 Day Total Sales", decimal),
            "Orders": quantities(raw, "7 Day Total Orders (#)"),
        }
    )


ADVERTISED_PRODUCTS = ReportKind(
    name="Sponsored Products Advertised Product",
    target="advertising",
    signature=frozenset({"Advertised SKU", "Spend"}),
    required=("Date", "Advertised SKU", "Spend"),
    parse=parse_advertised_products,
    aliases=_ALIASES,
    identity=("Date", "Advertised SKU"),
)
