"""Physical counts typed on the Counts sheet become the SKU's Stock Counted.

A refresh takes each count it has not used yet (blank Status), oldest first. The
units Inventory expected on the count's day are written beside it (Expected Qty;
the Difference column is a formula), then the count becomes the SKU's Stock Counted
and Count Date, and Received Since Count goes back to 0: the count includes what was
received before it. A count older than the SKU's Count Date, without a SKU, date or
quantity, or of a SKU not in Inventory, is not used and says why.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

import numpy as np
import pandas as pd

from amzsheet.model.compute import text_key
from amzsheet.model.stock_history import StockFlows


def apply_counts(
    inventory: pd.DataFrame,
    counts: pd.DataFrame,
    orders: pd.DataFrame,
    purchase_orders: pd.DataFrame,
    today: dt.date,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Use the new counts: return the updated Inventory and Counts tables.

    :param counts: the Counts table; rows with a Status were used (or refused) before and stay as they are.
    :param today: counts dated after today wait, with a blank Status, for the refresh of their day.
    """
    inventory, counts = inventory.copy(), counts.copy()
    keys = text_key(inventory["SKU"])
    first_row = pd.Series(inventory.index, index=keys.to_numpy())
    first_row = first_row[~first_row.index.duplicated() & (first_row.index != "")]
    unused = counts["Status"].isna()
    counts.loc[unused & counts["Count Date"].isna(), "Status"] = "Not used: type the Count Date"
    counts.loc[unused & counts["Count Date"].notna() & counts["Counted Qty"].isna(), "Status"] = (
        "Not used: type the Counted Qty"
    )
    pending = counts[counts["Status"].isna() & (counts["Count Date"] < pd.Timestamp(today) + pd.Timedelta(days=1))]
    flows = StockFlows(orders, purchase_orders) if len(pending) else None  # most refreshes have no new count
    for index in pending.sort_values("Count Date", kind="stable").index:
        day = cast(pd.Timestamp, counts.at[index, "Count Date"])  # a datetime column: .at is typed as any scalar
        key = text_key(counts.loc[[index], "SKU"]).iloc[0]
        if not key:
            counts.at[index, "Status"] = "Not used: type the SKU you counted"
            continue
        if key not in first_row.index:
            counts.at[index, "Status"] = "Not used: this SKU is not in Inventory"
            continue
        row = first_row[key]
        previous = cast(pd.Timestamp, inventory.at[row, "Count Date"])
        if pd.notna(previous) and previous > day:
            counts.at[index, "Status"] = f"Not used: Inventory has a later count ({previous:%Y-%m-%d})"
            continue
        counts.at[index, "Expected Qty"] = expected_stock(inventory.loc[row], cast(StockFlows, flows), day)
        inventory.at[row, "Stock Counted"] = cast(float, counts.at[index, "Counted Qty"])
        inventory.at[row, "Count Date"] = day
        inventory.at[row, "Received Since Count"] = 0.0
        counts.at[index, "Status"] = f"Used as Stock Counted on {today:%Y-%m-%d}"
    return inventory, counts


def expected_stock(item: pd.Series, flows: StockFlows, day: pd.Timestamp) -> float:
    """Units one Inventory row expected on ``day``: its count plus what came in, minus what sold, since its Count Date.

    NaN when the SKU was never counted.
    """
    if pd.isna(item["Stock Counted"]):
        return np.nan
    base = item["Stock Counted"] + (0.0 if pd.isna(item["Received Since Count"]) else item["Received Since Count"])
    key = text_key(pd.Series([item["SKU"]])).iloc[0]
    return float(base + flows.after_until(key, item["Count Date"], day))
