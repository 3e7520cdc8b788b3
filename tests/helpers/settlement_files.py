"""Settlement reports (Flat File V2) in the shape of real ones, written for the tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from amzsheet.samples.settlements import write_settlement

UTC = dt.timezone.utc
SETTLEMENT_ID = "11542617511"
ORDER = "111-4433221-1234567"
REFUNDED = "112-9988776-7654321"
CHARGEBACK = "113-5550001-0000003"
#: A SKU that looks like a number, as real files have: it must stay text.
NUMERIC_SKU = "43110"


def at(day: int, hour: int = 10) -> dt.datetime:
    """A moment of November 2026, in UTC."""
    return dt.datetime(2026, 11, day, hour, tzinfo=UTC)


def _item(kind: str, order: str, sku: str, quantity: int, posted: dt.datetime) -> dict:
    return {"transaction-type": kind, "order-id": order, "sku": sku, "quantity-purchased": quantity,
            "marketplace-name": "Amazon.com", "fulfillment-id": "AFN", "posted": posted}  # fmt: skip


def _amount(amount_type: str, description: str, amount: str) -> dict:
    return {"amount-type": amount_type, "amount-description": description, "amount": Decimal(amount)}


def settlement_lines(sku: str = NUMERIC_SKU) -> list[dict]:
    """Orders, a promotion, a refund, a chargeback, a reimbursement and account-level lines (one without a date)."""
    sale = _item("Order", ORDER, sku, 2, at(3))
    other = _item("Order", REFUNDED, "MUG-01", 1, at(4))
    refund = _item("Refund", REFUNDED, "MUG-01", 1, at(8))
    chargeback = _item("Chargeback Refund", CHARGEBACK, "MUG-01", 1, at(9))
    account = {"transaction-type": "other-transaction", "posted": at(10)}
    return [
        sale | _amount("ItemPrice", "Principal", "1234.56"),
        sale | _amount("ItemPrice", "Tax", "98.76"),
        sale | _amount("ItemPrice", "Shipping", "4.99"),
        sale | _amount("ItemWithheldTax", "MarketplaceFacilitatorTax-Principal", "-98.76"),
        sale | _amount("ItemFees", "Commission", "-185.93"),
        sale | _amount("ItemFees", "FBAPerUnitFulfillmentFee", "-12.88"),
        sale | _amount("Promotion", "Principal", "-20.00") | {"promotion-id": "PRM-2026-11"},
        other | _amount("ItemPrice", "Principal", "19.99"),
        other | _amount("ItemFees", "Commission", "-3.00"),
        refund | _amount("ItemPrice", "Principal", "-19.99"),
        refund | _amount("ItemFees", "Commission", "2.40"),
        chargeback | _amount("ItemPrice", "Principal", "-19.99"),
        account | _amount("other-transaction", "Subscription Fee", "-39.99"),
        account | _amount("other-transaction", "Storage Fee", "-10.00"),
        account | {"sku": "LAMP-02", "quantity-purchased": 1} | _amount(
            "FBA Inventory Reimbursement", "REVERSAL_REIMBURSEMENT", "8.50"),
        {"transaction-type": "other-transaction"} | _amount("other-transaction", "Current Reserve Amount", "-50.00"),
    ]  # fmt: skip


#: total-amount of :func:`settlement_lines`: the sum of its amounts.
DEPOSIT = sum((line["amount"] for line in settlement_lines()), Decimal(0))


def settlement_file(
    path: Path,
    *,
    settlement_id: str = SETTLEMENT_ID,
    lines: list[dict] | None = None,
    currency: str = "USD",
    european: bool = False,
    line_end: str = "\n",
    bom: bool = False,
) -> Path:
    """Write the settlement of 1-15 November 2026 (deposited on the 17th) in the real layout."""
    summary = {"settlement-id": settlement_id, "settlement-start-date": at(1, 0), "settlement-end-date": at(15, 0),
               "deposit-date": at(17, 0), "currency": currency}  # fmt: skip
    rows = [{"settlement-id": settlement_id} | line for line in (lines or settlement_lines())]
    return write_settlement(path, summary, rows, european=european, line_end=line_end, bom=bom)
