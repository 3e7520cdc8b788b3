"""Invented advertising and storage reports of the simulated seller of :mod:`amzsheet.samples.reports`.

* ``advertising``: the Sponsored Products "Advertised product" report as the Amazon Ads console
  downloads it (time unit Daily): a quoted CSV, CRLF, headers with their trailing spaces
  (``"7 Day Total Sales "``), amounts with a dollar sign and rates with a percent sign. One row per
  day of the last 60 days, campaign, ad group and SKU for about half of the SKUs, in three
  campaigns; days without impressions are left out, as Amazon does.
* ``storage-fees``: the Monthly Storage Fees report (``GET_FBA_STORAGE_FEE_CHARGES_DATA``) for the
  month before the last month of the history: one tab-separated row per FBA SKU and fulfilment
  centre, with the FNSKU and ASIN of the FBA inventory report and fees in exponential notation when
  they are tiny (``3.1E-03``).

Campaign names, click rates, costs per click and the storage rate are invented [INF].
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
from collections.abc import Collection

import numpy as np

from amzsheet.samples.reports import History, Listing, _Facts, write_tsv

__all__ = ["ADVERTISING_HEADER", "AD_REPORTS", "STORAGE_FEES_HEADER", "write_ad_reports"]

#: The reports this module writes, by their names in :data:`amzsheet.samples.exports.REPORTS`.
AD_REPORTS: tuple[str, ...] = ("advertising", "storage-fees")
ADVERTISING_HEADER: tuple[str, ...] = (
    "Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Advertised SKU", "Advertised ASIN",
    "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Spend", "7 Day Total Sales ",
    "Total Advertising Cost of Sales (ACOS) ", "Total Return on Advertising Spend (ROAS)", "7 Day Total Orders (#)",
    "7 Day Total Units (#)", "7 Day Conversion Rate", "7 Day Advertised SKU Units (#)", "7 Day Other SKU Units (#)",
    "7 Day Advertised SKU Sales ", "7 Day Other SKU Sales ",
)  # fmt: skip
STORAGE_FEES_HEADER: tuple[str, ...] = (
    "asin", "fnsku", "product_name", "fulfillment_center", "country_code", "longest_side", "median_side",
    "shortest_side", "measurement_units", "weight", "weight_units", "item_volume", "volume_units",
    "product_size_tier", "average_quantity_on_hand", "average_quantity_pending_removal",
    "estimated_total_item_volume", "month_of_charge", "storage_utilization_ratio", "storage_utilization_ratio_units",
    "base_rate", "utilization_surcharge_rate", "currency", "estimated_monthly_storage_fee",
    "dangerous_goods_storage_type", "eligible_for_inventory_discount", "qualifies_for_inventory_discount",
    "total_incentive_fee_amount", "breakdown_incentive_fee_amount", "average_quantity_customer_orders",
)  # fmt: skip

_AD_DAYS = 60
_CAMPAIGNS = (("SP - Auto - All Products", "Auto"), ("SP - Exact - Bestsellers", "Exact"),
              ("SP - Broad - Home & Kitchen", "Broad"))  # fmt: skip
_FCS = ("ABE8", "BFI4", "CVG3", "DFW7", "IND9", "LAS2", "MDW2", "ONT8", "PHX6", "TPA1")
# Dollars per cubic foot and month, standard size: January-September and October-December [INF].
_RATES = {False: 0.78, True: 2.40}


def write_ad_reports(
    folder: pathlib.Path, history: History, names: Collection[str], *, seed: int
) -> list[pathlib.Path]:
    """Write the reports of :data:`AD_REPORTS` that are in ``names``, for the SKUs of ``history``."""
    paths = []
    if "advertising" in names:
        paths.append(_write_advertising(folder, history, np.random.default_rng([seed, 3, 0])))
    if "storage-fees" in names:
        paths.append(_write_storage_fees(folder, history, seed))
    return paths


def _write_advertising(folder: pathlib.Path, history: History, rng: np.random.Generator) -> pathlib.Path:
    listings = sorted(history.listings, key=lambda listing: listing.sku)
    advertised = [listing for listing in listings if rng.random() < 0.5] or listings[:1]
    ads = [(listing, campaign) for listing in advertised for campaign in _CAMPAIGNS if rng.random() < 0.6]
    first = history.end - dt.timedelta(days=_AD_DAYS - 1)
    rows = []
    for offset in range(_AD_DAYS):
        day = first + dt.timedelta(days=offset)
        rows += [row for listing, campaign in ads if (row := _ad_row(rng, day, listing, campaign))]
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows([ADVERTISING_HEADER, *rows])
    path = folder / f"Advertised-Product-{history.end.isoformat()}.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def _ad_row(rng: np.random.Generator, day: dt.date, listing: Listing, campaign: tuple[str, str]) -> list[str] | None:
    """One day of one ad, or None when it had no impression."""
    impressions = int(rng.poisson(rng.uniform(20, 500)))
    if impressions == 0:
        return None
    clicks = int(rng.binomial(impressions, rng.uniform(0.002, 0.008)))
    spend = sum(int(rng.integers(45, 160)) for _ in range(clicks))  # cents
    orders = int(rng.binomial(clicks, 0.11))
    units = orders + int(rng.binomial(orders, 0.15))
    sales = units * listing.unit_price
    name, group = campaign
    return [
        f"{day:%b} {day.day}, {day.year}", "Kitchen & Home", "USD", name, group, listing.sku, listing.asin,
        str(impressions), str(clicks), _percent(clicks, impressions), _dollars(spend // clicks if clicks else 0),
        _dollars(spend), _dollars(sales), _percent(spend, sales), f"{sales / spend:.2f}" if spend else "0.00",
        str(orders), str(units), _percent(orders, clicks), str(units), "0", _dollars(sales), "$0.00",
    ]  # fmt: skip


def _write_storage_fees(folder: pathlib.Path, history: History, seed: int) -> pathlib.Path:
    """The fees of the month before the history's last month, for the FBA stock of the inventory report."""
    rng = np.random.default_rng([seed, 3, 1])
    last = history.end.replace(day=1) - dt.timedelta(days=1)
    month = f"{last.year}-{last.month:02d}"
    rate = _RATES[last.month >= 10]
    rows = []
    for stock in _Facts.build(history, seed).stock:
        on_hand = max(stock.fulfillable + stock.reserved, 1) * float(rng.uniform(0.7, 1.4))
        centres = sorted(rng.choice(len(_FCS), size=int(rng.integers(1, 3)), replace=False).tolist())
        for share, centre in zip(rng.dirichlet(np.ones(len(centres))), centres):
            # Out of stock: the last unit left in the first hours of the month.
            quantity = on_hand * float(share) if stock.fulfillable else int(rng.integers(1, 7)) / (24 * last.day)
            rows.append(_storage_row(stock.listing, stock.item.fnsku, stock.item.volume, _FCS[centre], quantity,
                                     month, rate))  # fmt: skip
    path = folder / f"Monthly-Storage-Fees-{month}.txt"
    write_tsv(path, STORAGE_FEES_HEADER, rows, "\r\n")
    return path


def _storage_row(
    listing: Listing, fnsku: str, volume: float, centre: str, quantity: float, month: str, rate: float
) -> list[str]:
    side = (volume * 1728) ** (1 / 3)
    total_volume = quantity * volume
    return [
        listing.asin, fnsku, listing.name, centre, "US", f"{side * 1.6:.2f}", f"{side:.2f}", f"{side / 1.6:.2f}",
        "inches", f"{volume * 9:.2f}", "pounds", f"{volume:.4f}", "cubic feet", "Standard", f"{quantity:.4f}", "0",
        _small(total_volume), f"{month}-01", "", "", f"{rate:.2f}", "0", "USD", _small(total_volume * rate), "--",
        "N", "N", "0", "0", f"{quantity * 0.1:.4f}",
    ]  # fmt: skip


def _small(value: float) -> str:
    """4 decimals, or exponential notation below 0.01 (``3.1E-03``), as the report writes tiny numbers."""
    return f"{value:.1E}" if 0 < value < 0.01 else f"{value:.4f}"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.4f}%" if whole else "0.0000%"


def _dollars(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"
