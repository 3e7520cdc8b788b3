"""FBA Manage Inventory and Restock Inventory: what Amazon holds and what it suggests sending."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from amzsheet.contract.schema import Settings
from amzsheet.reports.base import ReportKind, distinct, quantities, text
from amzsheet.reports.numbers import parse_numbers
from amzsheet.reports.raw import RawReport

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
    "asin": ("ASIN",),
    "afn-listing-exists": ("AFN Listing Exists",),
    "mfn-listing-exists": ("MFN Listing Exists",),
    **{name: (name.removesuffix("-quantity") + " qty",) for name in _QUANTITIES},
}
#: Columns that tell Amazon holds units of a SKU even when none is fulfillable (reserved, unsellable).
_HELD = ("afn-warehouse-quantity", "afn-total-quantity")
_YES = {"yes", "y", "true", "1", "是", "はい", "ja", "oui", "si", "sì", "sí", "sim"}


def report_time(raw: RawReport, settings: Settings) -> dt.datetime:
    """When an inventory report was taken: the time its file was saved, in the seller's time zone.

    The FBA Manage Inventory report carries no date of its own; Seller Central
    builds it when you download it.
    """
    saved = dt.datetime.fromtimestamp(raw.path.stat().st_mtime, ZoneInfo(settings.time_zone))
    return saved.replace(tzinfo=None, microsecond=0)


def parse_fba_inventory(raw: RawReport, settings: Settings) -> pd.DataFrame:
    """One row per SKU: Amazon's fulfillable units become the stock count at the report's time.

    A SKU is counted when its FBA listing is active, and also when it is not (``afn-listing-exists``
    blank or No) but Amazon holds units of it: stock is stock. A SKU without an active listing and
    without any unit at Amazon is one you ship yourself, and you count its stock. How many counted
    SKUs have no active listing is told in a note. Each row keeps the SKU's FNSKU and ASIN, which
    tie the Monthly Storage Fees report's rows to SKUs.
    """
    count = len(raw.rows)
    fulfillable = quantities(raw, "afn-fulfillable-quantity")
    inbound = [quantities(raw, name) for name in _INBOUND if raw.has(name)]
    inbound_total = pd.concat(inbound, axis=1).sum(axis=1, min_count=1) if inbound else pd.Series(np.nan, range(count))
    listed = _listed(raw)
    counted = fulfillable.notna().to_numpy() & (listed | _held(raw, fulfillable, inbound_total))
    _note_unlisted_stock(raw, counted & ~listed, fulfillable)
    taken = pd.Timestamp(report_time(raw, settings))
    return pd.DataFrame(
        {
            "SKU": text(raw, "sku"),
            "Product Name": text(raw, "product-name"),
            "Stock Counted": fulfillable.where(counted),
            "Count Date": pd.Series(np.where(counted, taken, pd.NaT), dtype="datetime64[ns]"),  # type: ignore[call-overload]  # stubs: where of Timestamps
            "FBA Inbound": inbound_total.where(counted),
            "FNSKU": text(raw, "fnsku"),
            "ASIN": text(raw, "asin"),
        }
    )


def _listed(raw: RawReport) -> np.ndarray:
    """Whether each SKU's FBA listing is active (all are when the report has no ``afn-listing-exists``)."""
    if not raw.has("afn-listing-exists"):
        return np.ones(len(raw.rows), dtype=bool)
    return raw.column("afn-listing-exists").str.casefold().isin(_YES).to_numpy()


def _held(raw: RawReport, fulfillable: pd.Series, inbound: pd.Series) -> np.ndarray:
    """Whether Amazon holds, or is receiving, units of each SKU: fulfillable, in its warehouses or inbound."""
    held = (fulfillable.fillna(0) > 0) | (inbound.fillna(0) > 0)
    for name in _HELD:  # read for this only: an unreadable value here refuses nothing
        if raw.has(name):
            held |= parse_numbers(raw.column(name)).fillna(0).to_numpy() > 0
    return held.to_numpy()


def _note_unlisted_stock(raw: RawReport, unlisted: np.ndarray, fulfillable: pd.Series) -> None:
    """Tell how many counted SKUs have no active FBA listing, and how many units Amazon holds of them."""
    skus = raw.column("sku")[unlisted]
    if skus.empty:
        return
    kinds = skus.str.casefold().nunique()
    units = fulfillable[unlisted].sum()
    one = kinds == 1
    raw.notes.append(
        f"{kinds:,} SKU{'' if one else 's'} without an active FBA listing ({raw.label('afn-listing-exists')} "
        f"blank or No) hold{'s' if one else ''} {units:,.0f} fulfillable unit{'' if units == 1 else 's'} at "
        f"Amazon; {'its' if one else 'their'} stock is counted all the same."
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
