"""The purchase list: what to order from each supplier today, with quantities and costs.

It is Inventory's own answer (Reorder Qty, Reorder Cost, Order By, Why), recomputed
for the day asked, so it matches what Excel shows once the workbook is refreshed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from amzsheet.errors import AmzsheetError
from amzsheet.model.compute import text_key
from amzsheet.model.tracker import Tracker

#: Supplier name shown for SKUs whose Supplier is blank.
NO_SUPPLIER = "(no supplier)"
#: Columns of the purchase list, in order.
COLUMNS = (
    "Supplier",
    "SKU",
    "Product Name",
    "Reorder Qty",
    "Case Pack",
    "Min Order Qty",
    "Unit Cost",
    "Reorder Cost",
    "Order By",
    "Amazon Restock Qty",
    "Why",
)


class UnknownSupplierError(AmzsheetError):
    """No SKU of the workbook has the supplier asked for."""


def purchase_list(tracker: Tracker, today: dt.date, supplier: str | None = None) -> pd.DataFrame:
    """The SKUs to reorder, grouped by supplier (A to Z, blank last), then by Order By and SKU.

    :param tracker: the workbook's content; its computed columns are recomputed for ``today``.
    :param supplier: keep only this supplier's SKUs (ignoring case and surrounding spaces);
        ``"(no supplier)"`` keeps the SKUs without one.
    :raises UnknownSupplierError: no SKU of Inventory has ``supplier``.
    """
    inventory = tracker.recompute(today).inventory
    key = _supplier_key(inventory["Supplier"])
    if supplier is not None:
        wanted = _supplier_key(pd.Series([None if supplier.strip() in ("", NO_SUPPLIER) else supplier])).iloc[0]
        if not (key == wanted).any():
            known = inventory["Supplier"].dropna().astype(str).str.strip()
            names = ", ".join(sorted(set(known[known != ""]), key=str.lower)) or "none yet"
            raise UnknownSupplierError(
                f"no SKU in Inventory has the supplier {supplier!r} (suppliers: {names}); "
                "check the spelling, or type the supplier in Inventory's Supplier column"
            )
        inventory, key = inventory[key == wanted], key[key == wanted]
    rows = inventory[inventory["Reorder Qty"].fillna(0) > 0].copy()
    rows["_key"] = key[rows.index]
    # One heading per supplier, spelled as on its first row; blank suppliers last.
    spelling = rows.groupby("_key", sort=False)["Supplier"].first().str.strip()
    rows["Supplier"] = rows["_key"].map(spelling).where(rows["_key"] != "", NO_SUPPLIER)
    rows["_blank"] = rows["_key"] == ""
    rows = rows.sort_values(["_blank", "_key", "Order By", "SKU"], kind="stable")
    return rows[list(COLUMNS)].reset_index(drop=True)


def _supplier_key(suppliers: pd.Series) -> pd.Series:
    """A supplier as the list matches it: case and surrounding spaces do not matter; blank is ""."""
    return text_key(suppliers.map(lambda name: name.strip() if isinstance(name, str) else name))


def supplier_totals(items: pd.DataFrame) -> pd.DataFrame:
    """Per supplier of a purchase list: SKUs, units and cost (cost of the SKUs with a unit cost)."""
    grouped = items.groupby("Supplier", sort=False)
    return pd.DataFrame(
        {
            "SKUs": grouped.size(),
            "Units": grouped["Reorder Qty"].sum(),
            "Cost": grouped["Reorder Cost"].sum(min_count=1).fillna(0.0),
            "Missing Cost": grouped["Unit Cost"].apply(lambda costs: int(costs.isna().sum())),
        }
    )
