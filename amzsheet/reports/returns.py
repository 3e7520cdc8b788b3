"""Returns: FBA customer returns and the seller-fulfilled returns report.

Each return becomes a row of the Returns sheet (kept once, however many reports list
it), and its order line is marked Returned. FBA returns say whether a unit is
sellable, so sellable units count back into stock; for your own returns you type
Restocked Qty yourself once you have looked at the item.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from amzsheet.contract.schema import FBA, FBM, RETURNED, Settings
from amzsheet.reports.base import ReportKind, dates, quantities, text
from amzsheet.reports.raw import RawReport

#: Dispositions of FBA returns that go back into sellable stock.
SELLABLE = "SELLABLE"
#: Return request statuses that mean no return will happen.
_NO_RETURN = {"rejected", "cancelled", "canceled", "closed - rejected"}


def parse_fba_returns(raw: RawReport, settings: Settings) -> pd.DataFrame:
    """One row per returned unit group of an FBA order line (Returns sheet columns)."""
    count = len(raw.rows)
    returned = quantities(raw, "quantity")
    disposition = text(raw, "detailed-disposition")
    sellable = (disposition.fillna("").str.upper() == SELLABLE).to_numpy()
    return pd.DataFrame(
        {
            "Return Date": dates(raw, "return-date", settings),
            "Order ID": text(raw, "order-id"),
            "SKU": text(raw, "sku"),
            "Product Name": text(raw, "product-name"),
            "Quantity": returned,
            "Sellable": returned.where(sellable, 0.0),
            "Reason": text(raw, "reason"),
            "Status": disposition,
            "Return ID": text(raw, "license-plate-number"),
            "Channel": pd.Series([FBA] * count, dtype=object),
        }
    )


def parse_seller_returns(raw: RawReport, settings: Settings) -> pd.DataFrame:
    """One row per return request of a line you shipped yourself (Returns sheet columns)."""
    count = len(raw.rows)
    return pd.DataFrame(
        {
            "Return Date": dates(raw, "Return request date", settings),
            "Order ID": text(raw, "Order ID"),
            "SKU": text(raw, "Merchant SKU"),
            "Product Name": text(raw, "Item Name"),
            "Quantity": quantities(raw, "Return quantity"),
            "Sellable": pd.Series(np.nan, index=range(count), dtype="float64"),  # you check the item yourself
            "Reason": text(raw, "Return Reason"),
            "Status": text(raw, "Return request status"),
            "Return ID": text(raw, "Amazon RMA ID"),
            "Channel": pd.Series([FBM] * count, dtype=object),
            "Order Date": dates(raw, "Order date", settings),
            "A-to-Z Claim": text(raw, "A-to-Z Claim"),  # Y: the buyer filed an A-to-z claim (merge.claims)
        }
    )


def drop_refused_requests(rows: pd.DataFrame) -> pd.DataFrame:
    """Leave out return requests that were rejected or cancelled: no item comes back."""
    refused = rows["Status"].fillna("").str.casefold().isin(_NO_RETURN)
    return rows[~refused].reset_index(drop=True)


def returned_lines(rows: pd.DataFrame) -> pd.DataFrame:
    """The order lines the returns are about, marked Returned (one per Order ID + SKU)."""
    lines = rows.drop_duplicates(["Order ID", "SKU"]).reset_index(drop=True)
    columns = ["Order ID", "SKU", "Product Name", "Channel", "Order Date"]
    lines = lines.reindex(columns=columns)
    lines["Amazon Status"] = RETURNED
    return lines


FBA_RETURNS = ReportKind(
    name="FBA Customer Returns",
    target="returns",
    signature=frozenset({"return-date", "order-id", "sku", "detailed-disposition"}),
    required=("return-date", "order-id", "sku", "quantity", "detailed-disposition"),
    parse=parse_fba_returns,
    identity=("order-id", "sku", "return-date"),
    id_columns=("order-id",),
    event_dates={"Return Date": "return-date"},
    merge="fill",
)

SELLER_RETURNS = ReportKind(
    name="Seller Fulfilled Returns",
    target="returns",
    signature=frozenset({"Order ID", "Return request date", "Merchant SKU", "Return quantity"}),
    required=("Order ID", "Return request date", "Merchant SKU", "Return quantity"),
    parse=parse_seller_returns,
    identity=("Order ID", "Merchant SKU", "Return request date"),
    id_columns=("Order ID", "Amazon RMA ID"),
    event_dates={"Return Date": "Return request date", "Order Date": "Order date"},
    combine=drop_refused_requests,
    merge="fill",
)
