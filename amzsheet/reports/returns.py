"""Returns: FBA customer returns and the seller-fulfilled returns report.

Both mark the order line Returned and record when, why and how many units came
back. FBA returns say whether a unit is sellable, so sellable units count back
into stock (Restocked Qty); for your own returns you type Restocked Qty yourself
once you have looked at the item.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..rawreport import RawReport
from ..schema import FBA, FBM, RETURNED, Settings
from .base import ReportKind, dates, quantities, text
from .shipments import distinct

#: Dispositions of FBA returns that go back into sellable stock.
SELLABLE = "SELLABLE"
#: Return request statuses that mean no return will happen.
_NO_RETURN = {"rejected", "cancelled", "canceled", "closed - rejected"}


def parse_fba_returns(raw: RawReport, settings: Settings) -> pd.DataFrame:
    """One row per returned unit group of an FBA order line."""
    count = len(raw.rows)
    returned = quantities(raw, "quantity")
    sellable = (raw.column("detailed-disposition").str.upper() == SELLABLE).to_numpy()
    return pd.DataFrame(
        {
            "Order ID": text(raw, "order-id"),
            "SKU": text(raw, "sku"),
            "Product Name": text(raw, "product-name"),
            "Channel": pd.Series([FBA] * count, dtype=object),
            "Amazon Status": pd.Series([RETURNED] * count, dtype=object),
            "Return Date": dates(raw, "return-date", settings),
            "Return Reason": text(raw, "reason"),
            "Returned Qty": returned,
            "Restocked Qty": returned.where(sellable, 0.0),
        }
    )


def parse_seller_returns(raw: RawReport, settings: Settings) -> pd.DataFrame:
    """One row per return request of a line you shipped yourself."""
    count = len(raw.rows)
    request = raw.column("Return request status").str.casefold() if raw.has("Return request status") else None
    happening = np.ones(count, dtype=bool) if request is None else ~request.isin(_NO_RETURN).to_numpy()
    return pd.DataFrame(
        {
            "Order ID": text(raw, "Order ID"),
            "Order Date": dates(raw, "Order date", settings),
            "SKU": text(raw, "Merchant SKU"),
            "Product Name": text(raw, "Item Name"),
            "Channel": pd.Series([FBM] * count, dtype=object),
            "Amazon Status": pd.Series(np.where(happening, RETURNED, None), dtype=object),
            "Return Date": dates(raw, "Return request date", settings),
            "Return Reason": text(raw, "Return Reason"),
            "Returned Qty": quantities(raw, "Return quantity"),
            "Restocked Qty": pd.Series(np.nan, index=range(count), dtype="float64"),
        }
    )


def combine_returns(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per order line (Order ID + SKU): quantities added up, the latest date, every reason."""
    if lines.empty:
        return lines
    groups = lines.groupby([lines["Order ID"].rename("_order"), lines["SKU"].rename("_sku")], sort=False)
    combined = groups.first()
    for name in ("Returned Qty", "Restocked Qty"):
        if name in lines:
            combined[name] = groups[name].sum(min_count=1)
    combined["Return Date"] = groups["Return Date"].max()
    combined["Return Reason"] = groups["Return Reason"].agg(distinct, separator="; ")
    return combined.reset_index(drop=True).reindex(columns=lines.columns)


_REPLACES = ("Return Date", "Return Reason", "Returned Qty")

FBA_RETURNS = ReportKind(
    name="FBA Customer Returns",
    target="orders",
    signature=frozenset({"return-date", "order-id", "sku", "detailed-disposition"}),
    required=("return-date", "order-id", "sku", "quantity", "detailed-disposition"),
    parse=parse_fba_returns,
    identity=("order-id", "sku", "return-date"),
    id_columns=("order-id",),
    combine=combine_returns,
    merge="fill",
    replaces=_REPLACES,
)

SELLER_RETURNS = ReportKind(
    name="Seller Fulfilled Returns",
    target="orders",
    signature=frozenset({"Order ID", "Return request date", "Merchant SKU", "Return quantity"}),
    required=("Order ID", "Return request date", "Merchant SKU", "Return quantity"),
    parse=parse_seller_returns,
    identity=("Order ID", "Merchant SKU", "Return request date"),
    id_columns=("Order ID",),
    combine=combine_returns,
    merge="fill",
    replaces=_REPLACES,
)
