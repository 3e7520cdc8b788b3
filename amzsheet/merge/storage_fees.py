"""The Storage Fees table: the Monthly Storage Fees reports, one month's rows from one report.

A month's report is complete (every product Amazon stored that month, in every fulfilment
centre), so its rows replace the rows of the same month and leave the other months alone: a
corrected download replaces the month, and the same report imported twice changes nothing.
The SKU column is amzsheet's: it is filled on every refresh from FBA Stock and Advertising
(see :func:`amzsheet.model.profit.storage_fee_skus`).
"""

from __future__ import annotations

import pandas as pd

from amzsheet.contract.money import STORAGE_FEE_COLUMNS
from amzsheet.contract.tables import conform

_ORDER = ["Month", "ASIN", "FNSKU", "Fulfillment Center"]


def merge_storage_fees(storage_fees: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The Storage Fees table with the months of ``rows`` replaced by them.

    :param storage_fees: the Storage Fees table.
    :param rows: from :func:`amzsheet.reports.reading.read_report` of a Monthly Storage Fees report.
    """
    table = conform(storage_fees, STORAGE_FEE_COLUMNS)
    new = conform(rows, STORAGE_FEE_COLUMNS).reindex(columns=table.columns)
    if new.empty:
        return table
    kept = table[~table["Month"].isin(set(new["Month"].dropna()))]
    added = new.astype(table.dtypes.to_dict())
    merged = pd.concat([kept, added], ignore_index=True) if len(kept) else added.reset_index(drop=True)
    return merged.sort_values(_ORDER, ascending=[False, True, True, True], kind="stable", ignore_index=True)
