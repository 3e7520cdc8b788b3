"""FBA Manage Inventory and Restock Inventory: what Amazon holds and what it suggests sending."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from ..rawreport import RawReport
from ..schema import Settings
from .base import ReportKind, distinct, quantities, text

_INBOUND = ("afn-inbound-working-quantity", "afn-inbound-shipped-quantity", "afn-inbound-receiving-quantity")
_QUANTITIES = (
    "mfn-fulfillable-quantity",
    "afn-warehouse-quantity",
    "afn-fulfillable-quantity",
    "afn-unsellable-quantity",
    "afn-reserved-quantity",
    "afn-total-quantity",
    *_INBOUND,
    "afn-researching-quantity",
)
# Seller Central's own download has readable headers: "Merchant SKU", "Product Name", "AFN Listing
# Exists", "AFN Fulfillable Qty" or "AFN Fulfillable Quantity", "Fulfillment Network SKU" or, on
# amazon.co.uk and other English marketplaces, "Fulfilment Network SKU" (case, spaces and hyphens
# are ignored when headers are compared).
_ALIASES: dict[str, tuple[str, ...]] = {
    "sku": ("Merchant SKU",),
    "fnsku": ("Fulfillment Network SKU", "Fulfilment Network SKU"),
    "product-name": ("Product Name",),
    "afn-listing-exists": ("AFN Listing Exists",),
    "mfn-listing-exists": ("MFN Listing Exists",),
    **{name: (name.removesuffix("-quantity") + " qty",) for name in _QUANTITIES},
}
_YES = {"yes", "y", "true", "1", "是", "はい", "ja", "oui", "si", "sì", "sí", "sim"}


def report_time(raw: RawReport, settings: Settings) -> dt.datetime:
    """When an inventory report was taken: the time its file was saved, in the seller's time zone.

    The FBA Manage Inventory report carries no date of its own; Seller Central
    builds it when you download it.
    """
    saved = dt.datetime.fromtimestamp(raw.path.stat().st_mtime, ZoneInfo(settings.time_zone))
    return saved.replace(tzinfo=None, microsecond=0)


def parse_fba_inventory(raw: RawReport, settings: Settings) -> pd.DataFrame:
    """One row per SKU: Amazon's fulfillable units become the stock count at the report's time."""
    count = len(raw.rows)
    fulfillable = quantities(raw, "afn-fulfillable-quantity")
    at_amazon = fulfillable.notna().to_numpy()
    if raw.has("afn-listing-exists"):
        at_amazon = at_amazon & raw.column("afn-listing-exists").str.casefold().isin(_YES).to_numpy()
    inbound = [quantities(raw, name) for name in _INBOUND if raw.has(name)]
    inbound_total = pd.concat(inbound, axis=1).sum(axis=1, min_count=1) if inbound else pd.Series(np.nan, range(count))
    taken = pd.Timestamp(report_time(raw, settings))
    return pd.DataFrame(
        {
            "SKU": text(raw, "sku"),
            "Product Name": text(raw, "product-name"),
            "Stock Counted": fulfillable.where(at_amazon),
            "Count Date": pd.Series(np.where(at_amazon, taken, pd.NaT), dtype="datetime64[ns]"),
            "FBA Inbound": inbound_total.where(at_amazon),
        }
    )


def parse_restock(raw: RawReport, settings: Settings) -> pd.DataFrame:
    """One row per SKU and country: Amazon's recommended replenishment quantity and alert."""
    return pd.DataFrame(
        {
            "SKU": text(raw, "Merchant SKU"),
            "Product Name": text(raw, "Product Name"),
            "Amazon Restock Qty": quantities(raw, "Recommended replenishment qty"),
            "Amazon Restock Alert": text(raw, "Alert").map(_readable_alert, na_action="ignore"),
        }
    )


def _readable_alert(value: str) -> str:
    return value.replace("_", " ").upper()


def combine_by_sku(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per SKU: quantities added up (several countries), texts listed once."""
    if rows.empty:
        return rows
    groups = rows.groupby(rows["SKU"].rename("_sku"), sort=False)
    combined = groups.first()
    for name in rows.columns:
        if name in ("Amazon Restock Qty", "Stock Counted", "FBA Inbound"):
            combined[name] = groups[name].sum(min_count=1)
        elif name == "Amazon Restock Alert":
            combined[name] = groups[name].agg(distinct)
    return combined.reset_index(drop=True).reindex(columns=rows.columns)


FBA_INVENTORY = ReportKind(
    name="FBA Manage Inventory",
    target="inventory",
    signature=frozenset({"sku", "afn-fulfillable-quantity"}),
    required=("sku", "afn-fulfillable-quantity"),
    parse=parse_fba_inventory,
    aliases=_ALIASES,
    identity=("sku",),
    combine=combine_by_sku,
)

RESTOCK = ReportKind(
    name="Restock Inventory",
    target="inventory",
    signature=frozenset({"Merchant SKU", "Recommended replenishment qty"}),
    required=("Merchant SKU", "Recommended replenishment qty"),
    parse=parse_restock,
    identity=("Merchant SKU",),
    combine=combine_by_sku,
)
