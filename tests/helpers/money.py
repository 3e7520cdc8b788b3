"""Payments tables in the shape the reports leave them, for the profit tests."""

from __future__ import annotations

import pandas as pd

from amzsheet.contract.schema import PAYMENT_COLUMNS
from amzsheet.contract.tables import conform

NOV = pd.Timestamp("2026-11-10 09:30")


def table(columns, rows: list[dict]) -> pd.DataFrame:
    """A tracker table of ``columns`` from partial rows (missing columns are blank)."""
    return conform(pd.DataFrame(rows), columns)


def settlement_line(kind: str, amount_type: str, description: str, amount: float, **more) -> dict:
    """A Payments row as a settlement report line puts it there."""
    row = {
        "Date/Time": NOV,
        "Settlement ID": "11542617511",
        "Type": kind,
        "Amount Type": amount_type,
        "Description": description,
        "Total": amount,
        "Currency": "USD",
    }
    if amount_type == "ItemPrice" and description == "Principal":
        row["Product Sales"] = amount
    if amount_type == "ItemFees":
        row["Fees"] = amount
    if amount_type == "Promotion":
        row["Promotions"] = amount
    return {**row, **more}


def settlement() -> pd.DataFrame:
    """One settlement: two sales of MUG-01 (one refunded), a promotion and account-level lines."""
    mug = {"Order ID": "111-0000001-0000001", "SKU": "MUG-01", "Quantity": 2}
    mug2 = {"Order ID": "111-0000002-0000002", "SKU": "MUG-01", "Quantity": 1}
    rows = [
        settlement_line("Order", "ItemPrice", "Principal", 39.98, **mug),
        settlement_line("Order", "ItemPrice", "Tax", 3.20, **mug),
        settlement_line("Order", "ItemPrice", "Shipping", 4.99, **mug),
        settlement_line("Order", "ItemWithheldTax", "MarketplaceFacilitatorTax-Principal", -3.20, **mug),
        settlement_line("Order", "ItemFees", "Commission", -6.00, **mug),
        settlement_line("Order", "ItemFees", "FBAPerUnitFulfillmentFee", -6.44, **mug),
        settlement_line("Order", "Promotion", "Principal", -2.00, **mug),
        settlement_line("Order", "ItemPrice", "Principal", 19.99, **mug2),
        settlement_line("Order", "ItemFees", "Commission", -3.00, **mug2),
        settlement_line("Refund", "ItemPrice", "Principal", -19.99, **mug2),
        settlement_line("Refund", "ItemFees", "Commission", 2.40, **mug2),
        settlement_line("other-transaction", "other-transaction", "Subscription Fee", -39.99),
        settlement_line("other-transaction", "other-transaction", "Storage Fee", -10.00),
        settlement_line("other-transaction", "other-transaction", "Current Reserve Amount", -50.00),
        settlement_line(
            "other-transaction", "FBA Inventory Reimbursement", "REVERSAL_REIMBURSEMENT", 8.50, SKU="LAMP-02"
        ),
        settlement_line("Cost of Advertising", "Cost of Advertising", "TransactionTotalAmount", -25.00),
    ]
    return table(PAYMENT_COLUMNS, rows)
