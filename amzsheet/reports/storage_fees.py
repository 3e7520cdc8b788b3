"""The Monthly Storage Fees report: Amazon's estimated storage fee of each product and fulfilment centre.

Seller Central (Reports → Fulfillment → Inventory → Monthly Storage Fees;
``GET_FBA_STORAGE_FEE_CHARGES_DATA``) writes one tab-separated row per ASIN, FNSKU and
fulfilment centre for a month (``month_of_charge``, ``2026-10`` or ``2026-10-01``), with its
average quantity on hand, volume, rates and ``estimated_monthly_storage_fee``. Small numbers
come in exponential notation (``1.5E-4``). The columns are matched by name: the report's many
optional columns (dimensions, utilisation surcharge, incentive fees...) may be missing.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from amzsheet.contract.schema import Settings
from amzsheet.reports.advertising import amounts_decimal_mark
from amzsheet.reports.base import ReportKind, numbers, text
from amzsheet.reports.datetimes import parse_datetimes
from amzsheet.reports.raw import RawReport

#: A month written year first: ``2026-10``, ``2026-10-01``, ``2026/10``.
_YEAR_MONTH = re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})(?:[-/.]\d{1,2}(?:[T ].*)?)?")
_NUMBERS = (
    "average_quantity_on_hand",
    "estimated_total_item_volume",
    "item_volume",
    "weight",
    "base_rate",
    "estimated_monthly_storage_fee",
)


def months(raw: RawReport, name: str, settings: Settings) -> pd.Series:
    """Column ``name`` as ``YYYY-MM`` texts (None when blank); unreadable values are rejected."""
    values = raw.column(name)
    found = values.str.extract(f"^(?:{_YEAR_MONTH.pattern})$")
    month = pd.to_numeric(found["month"], errors="coerce")
    direct = found["year"].notna() & month.between(1, 12)
    texts = found["year"].where(direct) + "-" + month.where(direct).map("{:02.0f}".format, na_action="ignore")
    others = parse_datetimes(values.where(~direct, ""), settings.time_zone).dt.strftime("%Y-%m")
    result = texts.where(direct, others)
    bad = (values != "") & result.isna()
    raw.reject(np.flatnonzero(bad.to_numpy()), name, lambda value: f"{value!r} is not a month; check the file")
    return result.where(result.notna(), None).astype(object)


def parse_storage_fees(raw: RawReport, settings: Settings) -> pd.DataFrame:
    """One row per file row: the month, the product, the fulfilment centre and the estimated fee."""
    decimal = amounts_decimal_mark(raw, _NUMBERS)
    return pd.DataFrame(
        {
            "Month": months(raw, "month_of_charge", settings),
            "ASIN": text(raw, "asin"),
            "FNSKU": text(raw, "fnsku"),
            "Product Name": text(raw, "product_name"),
            "Fulfillment Center": text(raw, "fulfillment_center"),
            "Country": text(raw, "country_code"),
            "Average Quantity": numbers(raw, "average_quantity_on_hand", decimal),
            "Currency": text(raw, "currency").str.upper(),
            "Fee": numbers(raw, "estimated_monthly_storage_fee", decimal),
        }
    )


MONTHLY_STORAGE_FEES = ReportKind(
    name="Monthly Storage Fees",
    target="storage_fees",
    signature=frozenset({"month_of_charge", "estimated_monthly_storage_fee"}),
    required=("asin", "month_of_charge", "estimated_monthly_storage_fee"),
    parse=parse_storage_fees,
    aliases={
        "fnsku": ("fulfillment network sku",),
        **{name: () for name in ("product_name", "fulfillment_center", "country_code", "currency", *_NUMBERS)},
    },
    identity=("month_of_charge",),
)
