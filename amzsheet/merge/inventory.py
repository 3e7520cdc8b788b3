"""Apply Amazon's inventory reports (FBA Manage Inventory, Restock) to the Inventory table.

SKUs match ignoring case, as the Inventory formulas do; every Inventory row of a
SKU is updated. A SKU the table lacks gets a new row.

- FBA Manage Inventory: for the SKUs it counts (FBA SKUs, and any SKU Amazon holds
  units of), Stock Counted becomes Amazon's fulfillable units, Count Date the report's
  time, and Received Since Count 0 (the new count includes whatever was received);
  FBA Inbound is Amazon's inbound quantity.
- Restock Inventory: Amazon Restock Qty and Alert are replaced, blanks included.
- A blank Product Name is filled from the report.
"""

from __future__ import annotations

import pandas as pd

from amzsheet.model.compute import text_key

#: Columns set for a SKU only where the report counted it (see :func:`amzsheet.reports.stock.parse_fba_inventory`).
_COUNT_COLUMNS = ("Stock Counted", "Count Date", "FBA Inbound")
#: Columns a report replaces for every SKU it lists, blanks included.
_ADVICE_COLUMNS = ("Amazon Restock Qty", "Amazon Restock Alert")


def merge_inventory(inventory: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Return ``inventory`` updated with one inventory report's rows (one per SKU).

    :param inventory: the Inventory table.
    :param rows: from :func:`amzsheet.reports.reading.read_report` of an inventory report.
    """
    result = inventory.copy()
    keys = text_key(result["SKU"])
    incoming = rows.assign(_key=text_key(rows["SKU"])).drop_duplicates("_key", keep="last").set_index("_key")
    new = incoming[~incoming.index.isin(set(keys))]
    if len(new):
        added = new.reset_index(drop=True).reindex(columns=result.columns)
        result = pd.concat([result, added.astype(result.dtypes.to_dict())], ignore_index=True)
        keys = text_key(result["SKU"])
    present = keys.isin(incoming.index)
    matched = incoming.reindex(keys[present])
    index = result.index[present]
    counted = matched["Stock Counted"].notna().to_numpy() if "Stock Counted" in matched else None
    for name in _COUNT_COLUMNS:
        if name in matched and counted is not None:
            result.loc[index[counted], name] = matched[name].to_numpy()[counted]
    if counted is not None:
        result.loc[index[counted], "Received Since Count"] = 0.0
    for name in _ADVICE_COLUMNS:
        if name in matched:
            result.loc[index, name] = matched[name].to_numpy()
    if "Product Name" in matched:
        blank = result.loc[index, "Product Name"].isna().to_numpy()
        result.loc[index[blank], "Product Name"] = matched["Product Name"].to_numpy()[blank]
    return result.astype(inventory.dtypes.to_dict())
