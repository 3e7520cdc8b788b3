"""The Payments table: Amazon's transactions, and the fees and net proceeds of each order line.

Date Range reports overlap (a seller may download the last 30 days every day), so
a transaction already in the table is not added again. A transaction is identified
by its time, settlement id, type, order id, SKU, description and total, plus its
position among identical transactions. Transactions of a settlement whose settlement report
is imported are left out (see :mod:`amzsheet.merge.settlements`).
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from amzsheet.contract.schema import PAYMENT_COLUMNS
from amzsheet.contract.tables import append_new_rows, conform
from amzsheet.merge.settlements import settlement_key
from amzsheet.model.compute import owning_lines

_IDENTITY = ("Date/Time", "Settlement ID", "Type", "Order ID", "SKU", "Description", "Total")


def merge_payments(
    payments: pd.DataFrame, transactions: pd.DataFrame, settled: Collection[str] = frozenset()
) -> pd.DataFrame:
    """Append the transactions that ``payments`` does not hold yet.

    :param payments: the Payments table.
    :param transactions: from :func:`amzsheet.reports.reading.read_report` of a Date Range report.
    :param settled: settlement ids whose settlement report is imported (see
        :func:`amzsheet.merge.settlements.settled_ids`): their transactions are left out, since the
        settlement's lines already hold that money.
    """
    if settled:
        transactions = transactions[~settlement_key(transactions["Settlement ID"]).isin(settled)]
    return append_new_rows(conform(payments, PAYMENT_COLUMNS), transactions, _IDENTITY)


def line_proceeds(orders: pd.DataFrame, payments: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Fees and Net Proceeds of each order line, from the transactions naming its order.

    A transaction goes to the first line of its order with the same SKU (ignoring
    case), or to the order's first line when no line has that SKU (an order-level
    charge). Lines of orders without any transaction are blank.

    :return: (fees, net proceeds), aligned with ``orders``.
    """
    fees = pd.Series(np.nan, index=orders.index, dtype="float64")
    net = fees.copy()
    charged = payments[payments["Order ID"].notna()]
    if charged.empty or orders.empty:
        return fees, net
    target = owning_lines(orders, charged, order_level=True)
    found = target.notna()
    rows = target[found].astype(np.int64)
    fees_sum = charged.loc[found, "Fees"].groupby(rows.to_numpy()).sum(min_count=1)
    net_sum = charged.loc[found, "Total"].groupby(rows.to_numpy()).sum(min_count=1)
    fees.loc[fees_sum.index] = fees_sum.to_numpy()
    net.loc[net_sum.index] = net_sum.to_numpy()
    return fees, net
