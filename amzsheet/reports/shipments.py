"""Amazon Fulfilled Shipments: when, how and with which tracking number Amazon shipped FBA lines.

The report also lists Multi-Channel Fulfillment shipments: orders of your own shop that
Amazon shipped from your FBA stock (``sales-channel`` is ``Non-Amazon``, the
``merchant-order-id`` is your shop's, such as ``#11423.3``, and there is no purchase date
or price). They become lines with Channel MCF: their units leave the stock, but they are
not Amazon sales. Their shipment date stands in for the missing order date, so that the
units count as sold on the day they left.
"""

from __future__ import annotations

import pandas as pd

from amzsheet.contract.schema import FBA, MCF, SHIPPED, Settings
from amzsheet.reports.base import ReportKind, dates, deadlines, distinct, numbers, quantities, text
from amzsheet.reports.orders import multi_channel, ship_location
from amzsheet.reports.raw import RawReport

# Seller Central's own downloads use readable headers, in English or in the display language.
_ALIASES = {
    "amazon-order-id": ("亚马逊订单编号",),
    "shipment-date": ("配送日期",),
    "sku": ("Merchant SKU", "卖家 SKU"),
    "quantity-shipped": ("Shipped Quantity", "已发货数量"),
    "currency": ("货币",),
    "item-price": ("商品价格",),
    "sales-channel": ("销售渠道",),
}


def parse_shipments(raw: RawReport, settings: Settings) -> pd.DataFrame:
    """One row per shipment of an order item (Multi-Channel Fulfillment ones with Channel MCF)."""
    count = len(raw.rows)
    customer = text(raw, "buyer-name")
    mcf = multi_channel(raw)
    shipped = dates(raw, "shipment-date", settings)
    ordered = dates(raw, "purchase-date", settings)
    return pd.DataFrame(
        {
            "Order ID": text(raw, "amazon-order-id"),
            "Order Item ID": text(raw, "amazon-order-item-id"),
            "Order Date": ordered.where(~(mcf & ordered.isna()), shipped),
            "Customer Name": customer.where(customer.notna(), text(raw, "recipient-name")),
            "SKU": text(raw, "sku"),
            "Product Name": text(raw, "product-name"),
            "Quantity": quantities(raw, "quantity-shipped"),
            "Item Total": numbers(raw, "item-price"),
            "Currency": text(raw, "currency"),
            "Channel": pd.Series([FBA] * count, dtype=object).where(~mcf, MCF),
            "Amazon Status": pd.Series([SHIPPED] * count, dtype=object),
            "Shipped Date": shipped,
            "Carrier": text(raw, "carrier"),
            "Tracking Number": text(raw, "tracking-number"),
            "Deliver By": deadlines(raw, "estimated-arrival-date", settings),
            **ship_location(raw, settings),
        }
    )


def combine_shipments(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per order item: a split shipment adds up its quantities and lists every tracking number."""
    if lines.empty:
        return lines
    item = lines["Order Item ID"].fillna("") + "\t" + lines["SKU"].fillna("")
    groups = lines.groupby([lines["Order ID"].rename("_order"), item.rename("_item")], sort=False)
    combined = groups.first()
    combined["Quantity"] = groups["Quantity"].sum(min_count=1)
    combined["Item Total"] = groups["Item Total"].sum(min_count=1)
    combined["Shipped Date"] = groups["Shipped Date"].min()
    combined["Deliver By"] = groups["Deliver By"].max()
    for name in ("Carrier", "Tracking Number"):
        combined[name] = groups[name].agg(distinct)
    return combined.reset_index(drop=True).reindex(columns=lines.columns)


FULFILLED_SHIPMENTS = ReportKind(
    name="Amazon Fulfilled Shipments",
    target="orders",
    signature=frozenset({"amazon-order-id", "shipment-date", "sku", "quantity-shipped"}),
    required=("amazon-order-id", "purchase-date", "shipment-date", "sku", "quantity-shipped"),
    parse=parse_shipments,
    aliases=_ALIASES,
    identity=("amazon-order-id", "sku", "shipment-date"),
    id_columns=("amazon-order-id", "amazon-order-item-id", "shipment-item-id", "tracking-number"),
    combine=combine_shipments,
    merge="fill",
    # Channel: every line here is Amazon's to ship, so FBA or MCF is Amazon's word on the line.
    overrides={
        "Shipped Date": "earliest",
        "Carrier": "join",
        "Tracking Number": "join",
        "Deliver By": "replace",
        "Channel": "replace",
    },
    event_dates={"Shipped Date": "shipment-date", "Order Date": "purchase-date"},
)
