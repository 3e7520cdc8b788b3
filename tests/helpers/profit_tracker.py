"""A small tracker for the Dashboard's Profit block: Payments lines in USD and GBP, settlement and Date Range ones,
unit costs, ad spend, and the block as a workbook holds it."""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pandas as pd

import amzsheet
from amzsheet.contract.money import ADVERTISING_COLUMNS
from amzsheet.contract.schema import PAYMENT_COLUMNS, Settings
from amzsheet.contract.tables import empty_table

from . import TODAY, make_inventory, make_orders

T, DAY = pd.Timestamp(TODAY), pd.Timedelta(days=1)


def table(columns, rows: list[dict]) -> pd.DataFrame:
    """A table of ``columns`` from partial rows (missing columns are blank)."""
    frame = empty_table(columns)
    if not rows:
        return frame
    return pd.DataFrame(rows).reindex(columns=frame.columns).astype(frame.dtypes.to_dict())


def sale(when: pd.Timestamp, sku: str, quantity: int, price: float, fees: float, currency: str = "USD") -> dict:
    """A Date Range Order transaction."""
    return {"Date/Time": when, "Type": "Order", "Order ID": f"111-{when:%m%d%H}-{sku}", "SKU": sku,
            "Quantity": quantity, "Product Sales": price, "Fees": fees, "Total": price + fees,
            "Currency": currency}  # fmt: skip


def settled(when: pd.Timestamp, sku: str | None, amount_type: str, description: str, amount: float, **more) -> dict:
    """A settlement report line (Amount Type filled)."""
    return {"Date/Time": when, "Settlement ID": "S1", "Type": "Order", "SKU": sku, "Amount Type": amount_type,
            "Description": description, "Total": amount, "Currency": "GBP", **more}  # fmt: skip


def payments() -> list[dict]:
    """USD Date Range lines around the 30-day window and this month; GBP settlement lines; a transfer."""
    return [
        sale(T - 1 * DAY, "A", 2, 40.0, -10.0),  # in both windows
        sale(T - 30 * DAY + pd.Timedelta(hours=1), "A", 1, 20.0, -5.0),  # day 30: in the window, October
        sale(T - 31 * DAY + pd.Timedelta(hours=23), "B", 5, 100.0, -20.0),  # day 31: outside the window
        sale(T + pd.Timedelta(hours=3), "A", 1, 20.0, -5.0),  # today: outside the window, in the month
        {"Date/Time": T - 3 * DAY, "Type": "Transfer", "Total": -500.0, "Currency": "USD"},
        {"Date/Time": T - 4 * DAY, "Type": "Service Fee", "Description": "Subscription", "Total": -39.99},
        {
            "Date/Time": T - 5 * DAY,
            "Type": "Refund",
            "Order ID": "111-9",
            "SKU": "B",
            "Quantity": 1,
            "Product Sales": -20.0,
            "Fees": 3.0,
            "Total": -17.0,
            "Currency": "USD",
        },  # fmt: skip
        settled(T - 2 * DAY, "A", "ItemPrice", "Principal", 30.0, Quantity=3, **{"Product Sales": 30.0}),
        settled(T - 2 * DAY, "A", "ItemPrice", "Tax", 6.0, Quantity=3),
        settled(T - 2 * DAY, "A", "ItemFees", "Commission", -4.5, Quantity=3, Fees=-4.5),
        settled(T - 2 * DAY, None, "other-transaction", "Cost of Advertising", -12.0, Type="Cost of Advertising"),
        settled(T - 40 * DAY, "A", "ItemPrice", "Principal", 10.0, Quantity=1, **{"Product Sales": 10.0}),
        # In the window, in October: no GBP ad of October on the Advertising sheet, so it stays the only record.
        settled(T - 28 * DAY, None, "other-transaction", "Cost of Advertising", -5.0, Type="Cost of Advertising"),
    ]


def advertising() -> list[dict]:
    """USD spend: a day in the window, a 10-day period half in it; GBP: a day in the window."""
    return [
        {"Date": T - 2 * DAY, "Currency": "USD", "SKU": "A", "Spend": 6.0},
        {"Date": T - 35 * DAY, "End Date": T - 26 * DAY, "Currency": "USD", "SKU": "B", "Spend": 10.0},
        {"Date": T - 2 * DAY, "Currency": "GBP", "SKU": "A", "Spend": 3.0},
    ]


def order(order_id: str, sku: str, quantity: int, total: float, currency: str) -> dict:
    """A shipped FBA order line of two days ago."""
    return {"Order ID": order_id, "Order Date": T - 2 * DAY, "SKU": sku, "Quantity": quantity, "Item Total": total,
            "Currency": currency, "Channel": "FBA", "Order Status": "Shipped"}  # fmt: skip


def profit_tracker():
    """The tracker (orders in USD, most; one in GBP), not yet recomputed."""
    orders = make_orders([order("111-1", "A", 1, 20.0, "USD"), order("111-2", "B", 1, 20.0, "USD"),
                          order("202-1", "A", 3, 30.0, "GBP")])  # fmt: skip
    inventory = make_inventory(
        [
            {"SKU": "A", "Product Name": "Apron", "Unit Cost": 4.0},
            {"SKU": "B", "Product Name": "Bowl", "Unit Cost": 7.5},
        ]
    )
    return replace(
        amzsheet.new_tracker(Settings(time_zone="UTC")),
        orders=orders,
        inventory=inventory,
        payments=table(PAYMENT_COLUMNS, payments()),
        advertising=table(ADVERTISING_COLUMNS, advertising()),
    )


def save(tmp_path, tracker=None, name: str = "profit.xlsx"):
    """The profit tracker written for TODAY; its path."""
    path = tmp_path / name
    amzsheet.save_workbook(path, tracker if tracker is not None else profit_tracker(), TODAY)
    return path


def profit_block(path) -> dict[str, tuple]:
    """The Profit block as the workbook holds it: label -> (last 30 days, month to date)."""
    sheet = openpyxl.load_workbook(path, data_only=True)["Dashboard"]
    rows = list(sheet.iter_rows(max_col=3, values_only=True))
    start = next(number for number, row in enumerate(rows) if row[0] == "Profit") + 2
    block = {}
    for label, window, month in rows[start:]:
        if label is None or label.startswith("Last 30 days:"):  # the notes under the block
            break
        block[label] = (window if window is not None else "", month if month is not None else "")
    return block
