"""All Orders and Unshipped Orders: the reports that create and move order lines."""

from __future__ import annotations

import numpy as np
import pandas as pd

from amzsheet.contract.schema import CANCELLED, FBA, FBM, MCF, MCF_SALES_CHANNEL, UNSHIPPED, Settings
from amzsheet.merge.statuses import map_amazon_status
from amzsheet.reports.base import ReportKind, dates, deadlines, numbers, quantities, text
from amzsheet.reports.raw import RawReport


def ship_location(raw: RawReport, settings: Settings) -> dict[str, pd.Series]:
    """Ship City / State / Country columns, only when the seller turned that on in Settings.

    Street addresses, e-mail addresses and phone numbers are never read.
    """
    if not settings.store_ship_location:
        return {}
    return {
        "Ship City": text(raw, "ship-city"),
        "Ship State": text(raw, "ship-state"),
        "Ship Country": text(raw, "ship-country"),
    }


def _statuses(raw: RawReport) -> pd.Series:
    order_status = raw.column("order-status")
    item_status = raw.column("item-status") if raw.has("item-status") else pd.Series([""] * len(raw.rows))
    mapped = pd.Series([map_amazon_status(o, i) for o, i in zip(order_status, item_status)], dtype=object)
    raw.reject(
        np.flatnonzero(mapped.isna().to_numpy()),
        "order-status",
        lambda value: f"the order status {value!r} is unknown to amzsheet; please report it so it can be added",
    )
    return mapped


def _channels(raw: RawReport) -> pd.Series:
    """FBA or FBM from ``fulfillment-channel``; MCF for Multi-Channel Fulfillment lines (not Amazon sales)."""
    channel = raw.column("fulfillment-channel").str.lower()
    channels = pd.Series([FBA if value in ("amazon", "afn") else FBM for value in channel], dtype=object)
    return channels.where(~multi_channel(raw), MCF)


def multi_channel(raw: RawReport) -> pd.Series:
    """Whether each line is a Multi-Channel Fulfillment order: ``sales-channel`` is ``Non-Amazon``."""
    if not raw.has("sales-channel"):
        return pd.Series(False, index=range(len(raw.rows)))
    return raw.column("sales-channel").str.casefold() == MCF_SALES_CHANNEL.casefold()


def parse_all_orders(raw: RawReport, settings: Settings) -> pd.DataFrame:
    """All Orders: one line per order item and state, Amazon's status and line total."""
    status = _statuses(raw)
    quantity = quantities(raw, "quantity")
    return pd.DataFrame(
        {
            "Order ID": text(raw, "amazon-order-id"),
            "Order Date": dates(raw, "purchase-date", settings),
            "SKU": text(raw, "sku"),
            "Product Name": text(raw, "product-name"),
            # Amazon writes 0 as the quantity of a cancelled line: keep the ordered quantity unknown.
            "Quantity": quantity.where(~((status == CANCELLED) & (quantity == 0))),
            "Item Total": numbers(raw, "item-price"),
            "Currency": text(raw, "currency"),
            "Channel": _channels(raw),
            "Last Updated": dates(raw, "last-updated-date", settings),
            "Amazon Status": status,
            **ship_location(raw, settings),
        }
    )


def parse_unshipped(raw: RawReport, settings: Settings) -> pd.DataFrame:
    """Unshipped Orders (and the older New Orders): lines still to ship, keyed by order-item-id."""
    count = len(raw.rows)
    customer = text(raw, "buyer-name")
    customer = customer.where(customer.notna(), text(raw, "recipient-name"))
    reported = "reporting-date" if raw.has("reporting-date") else "purchase-date"
    lines = pd.DataFrame(
        {
            "Order ID": text(raw, "order-id"),
            "Order Date": dates(raw, "purchase-date", settings),
            "Customer Name": customer,
            "SKU": text(raw, "sku"),
            "Product Name": text(raw, "product-name"),
            "Quantity": quantities(raw, "quantity-purchased"),
            "Channel": pd.Series([FBM] * count, dtype=object),
            "Order Item ID": text(raw, "order-item-id"),
            "Last Updated": dates(raw, reported, settings),
            "Amazon Status": pd.Series([UNSHIPPED] * count, dtype=object),
            **ship_location(raw, settings),
        }
    )
    if raw.has("promise-date"):
        lines["Ship By"] = deadlines(raw, "promise-date", settings)
    if raw.has("latest-delivery-date") or raw.has("delivery-end-date"):
        latest = deadlines(raw, "latest-delivery-date", settings)
        lines["Deliver By"] = latest.where(latest.notna(), deadlines(raw, "delivery-end-date", settings))
    if raw.has("item-price"):
        lines["Item Total"] = numbers(raw, "item-price")
        lines["Currency"] = text(raw, "currency")
    return lines


ALL_ORDERS = ReportKind(
    name="All Orders",
    target="orders",
    signature=frozenset({"amazon-order-id", "purchase-date", "order-status", "fulfillment-channel"}),
    required=(
        "amazon-order-id",
        "purchase-date",
        "last-updated-date",
        "order-status",
        "fulfillment-channel",
        "product-name",
        "sku",
        "quantity",
        "currency",
        "item-price",
    ),
    parse=parse_all_orders,
    identity=("amazon-order-id", "sku", "purchase-date"),
    id_columns=("amazon-order-id",),
    event_dates={"Order Date": "purchase-date", "Last Updated": "last-updated-date"},
)

UNSHIPPED_ORDERS = ReportKind(
    name="Unshipped Orders",
    target="orders",
    signature=frozenset({"order-id", "order-item-id", "purchase-date", "quantity-purchased"}),
    required=("order-id", "order-item-id", "purchase-date", "sku", "product-name", "quantity-purchased"),
    parse=parse_unshipped,
    identity=("order-id", "order-item-id", "sku", "purchase-date"),
    id_columns=("order-id", "order-item-id"),
    event_dates={"Order Date": "purchase-date"},
)
