"""The Returns table, and the return columns of each order line.

Returns reports overlap (a seller may download the last 30 days every week), so a
return already in the table is not added again. Each refresh then sets, for every
order line with returns, its Return Date (the latest), Return Reason (every reason),
Returned Qty (the sum) and, for FBA returns, Restocked Qty (the sellable units
Amazon reports). A line without returns on the sheet keeps what was typed.
"""

from __future__ import annotations

import pandas as pd

from amzsheet.contract.schema import RETURN_COLUMNS
from amzsheet.contract.tables import append_new_rows, conform
from amzsheet.model.compute import owning_lines
from amzsheet.reports.base import distinct

_IDENTITY = ("Return Date", "Order ID", "SKU", "Return ID", "Quantity", "Reason", "Status")


def merge_returns(returns: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Append the returns that ``returns`` does not hold yet.

    :param returns: the Returns table.
    :param rows: from :func:`amzsheet.reports.reading.read_report` of a returns report.
    """
    return append_new_rows(conform(returns, RETURN_COLUMNS), rows, _IDENTITY)


def apply_returns(orders: pd.DataFrame, returns: pd.DataFrame) -> pd.DataFrame:
    """Return ``orders`` with the return columns of every line that has returns on the sheet.

    A return belongs to the first line of its order with the same SKU (ignoring case).
    """
    if returns.empty or orders.empty:
        return orders
    result = orders.copy()
    target = owning_lines(result, returns)
    found = returns[target.notna()]
    groups = found.groupby(target[target.notna()].astype("int64").to_numpy())
    rows = groups.size().index
    result.loc[rows, "Return Date"] = groups["Return Date"].max().to_numpy()
    result.loc[rows, "Return Reason"] = groups["Reason"].agg(distinct, separator="; ").to_numpy()
    result.loc[rows, "Returned Qty"] = groups["Quantity"].sum(min_count=1).to_numpy()
    sellable = groups["Sellable"].sum(min_count=1)
    known = sellable.dropna()  # only FBA returns say what went back on sale
    result.loc[known.index, "Restocked Qty"] = known.to_numpy()
    return result
