"""Purchase orders: units on their way from suppliers, as the Inventory formulas count them.

The seller keeps one row per SKU of each purchase order on the Purchase Orders sheet.
An order is open until its Received Date is typed; open units count as On Order when
they are expected within the SKU's lead time, received units count in Available
Quantity when they arrived after the SKU's Count Date. Each function computes what
the matching formula of :mod:`amzsheet.excel.formulas` computes.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from amzsheet.model.compute import text_key


def open_quantity(purchase_orders: pd.DataFrame) -> pd.Series:
    """Quantity of each purchase order row while its Received Date is blank, else 0."""
    return purchase_orders["Quantity"].fillna(0).where(purchase_orders["Received Date"].isna(), 0.0).astype("float64")


def on_order(purchase_orders: pd.DataFrame, inventory: pd.DataFrame, lead_time: pd.Series, today: dt.date) -> pd.Series:
    """Open units of each Inventory SKU expected by today + its lead time (undated orders do not count)."""
    rows = pd.DataFrame(
        {"key": text_key(inventory["SKU"]), "until": pd.Timestamp(today) + pd.to_timedelta(lead_time, unit="D")}
    )
    orders = pd.DataFrame(
        {
            "key": text_key(purchase_orders["SKU"]),
            "expected": purchase_orders["Expected Date"],
            "open": open_quantity(purchase_orders),
        }
    )
    pairs = rows.reset_index().merge(orders, on="key", how="inner")
    counted = pairs["expected"].notna() & (pairs["expected"] <= pairs["until"])
    totals = pairs.loc[counted, "open"].groupby(pairs.loc[counted, "index"]).sum()
    return totals.reindex(inventory.index, fill_value=0.0).astype("float64")


def received_since_count(purchase_orders: pd.DataFrame, inventory: pd.DataFrame) -> pd.Series:
    """Units of each SKU's purchase orders received after its Count Date (all received ones without a Count Date)."""
    received = purchase_orders[purchase_orders["Received Date"].notna()]
    orders = pd.DataFrame(
        {"key": text_key(received["SKU"]), "received": received["Received Date"], "units": received["Quantity"]}
    )
    rows = pd.DataFrame({"key": text_key(inventory["SKU"]), "count": inventory["Count Date"]})
    pairs = rows.reset_index().merge(orders, on="key", how="inner")
    counted = pairs["count"].isna() | (pairs["received"] > pairs["count"])
    totals = pairs.loc[counted, "units"].fillna(0).groupby(pairs.loc[counted, "index"]).sum()
    return totals.reindex(inventory.index, fill_value=0.0).astype("float64")


def add_ordered_skus(inventory: pd.DataFrame, purchase_orders: pd.DataFrame) -> pd.DataFrame:
    """``inventory`` with a row for each SKU ordered from a supplier that it does not list yet.

    A new product is often ordered before it first sells. The new rows (SKUs compared
    ignoring case, added in alphabetical order) take the Supplier of the SKU's first
    purchase order; every other column is left for the seller.
    """
    ordered = purchase_orders.dropna(subset=["SKU"])
    ordered = ordered[text_key(ordered["SKU"]) != ""]
    known = set(text_key(inventory["SKU"].dropna()))
    first = ordered[~text_key(ordered["SKU"]).duplicated()]
    new = first[~text_key(first["SKU"]).isin(known)].sort_values("SKU", key=lambda skus: skus.astype(str))
    if new.empty:
        return inventory
    added = pd.DataFrame({"SKU": new["SKU"].astype(str), "Supplier": new["Supplier"]}).reindex(
        columns=inventory.columns
    )
    return pd.concat([inventory, added.astype(inventory.dtypes.to_dict())], ignore_index=True)
