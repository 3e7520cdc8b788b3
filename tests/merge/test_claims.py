"""Order Tracking's Claim: from Date Range transactions and the seller-fulfilled Returns report's A-to-Z Claim.

The fixtures are in the real layouts: the Date Range CSV of the US 2020s (quoted, preamble lines
before the header) and the real seller-fulfilled returns row of the shared samples, its A-to-Z
Claim flag set to Y.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from helpers import TODAY, make_orders, write_all_orders

import amzsheet
from amzsheet.merge.claims import fill_claims, payment_claims, returns_claims
from amzsheet.samples.reports import DATE_RANGE_HEADER, DATE_RANGE_PREAMBLE


def _orders(tmp_path):
    """Three FBM orders; the first has two lines."""
    base = {"purchase-date": "2026-11-10T15:00:00+00:00", "last-updated-date": "2026-11-12T15:00:00+00:00",
            "order-status": "Shipped", "quantity": "1", "item-price": "12.00"}  # fmt: skip
    lines = [
        {**base, "amazon-order-id": "111-0000001-0000001", "sku": "MUG", "product-name": "Mug"},
        {**base, "amazon-order-id": "111-0000001-0000001", "sku": "LID", "product-name": "Lid"},
        {**base, "amazon-order-id": "111-0000002-0000002", "sku": "BOWL", "product-name": "Bowl"},
        {**base, "amazon-order-id": "111-0000003-0000003", "sku": "PLATE", "product-name": "Plate"},
    ]
    return write_all_orders(tmp_path / "all-orders.txt", lines)


def _date_range(path, rows):
    quoted = [",".join(f'"{value}"' for value in values) for values in [DATE_RANGE_HEADER]]
    body = [",".join(f'"{row.get(name, "")}"' for name in DATE_RANGE_HEADER) for row in rows]
    preamble = [f'"{line}"' for line in DATE_RANGE_PREAMBLE]
    path.write_text("\r\n".join([*preamble, *quoted, *body]) + "\r\n", encoding="utf-8")
    return path


def _transaction(order_id: str, kind: str, total: str) -> dict:
    return {"date/time": "Nov 20, 2026 8:00:00 AM PST", "settlement id": "9", "type": kind, "order id": order_id,
            "sku": "MUG", "quantity": "1", "marketplace": "amazon.com", "product sales": total,
            "total": total}  # fmt: skip


def _claims(tracker) -> dict[tuple[str, str], object]:
    orders = tracker.orders
    return {(o, s): c for o, s, c in zip(orders["Order ID"], orders["SKU"], orders["Claim"]) if isinstance(c, str)}


def test_date_range_claims_and_chargebacks_mark_every_line_of_their_order(tmp_path):
    report = _date_range(
        tmp_path / "Nov1-Nov24CustomTransaction.csv",
        [
            _transaction("111-0000001-0000001", "Order", "12.00"),
            _transaction("111-0000001-0000001", "A-to-z Guarantee Claim", "-12.00"),
            _transaction("111-0000002-0000002", "Chargeback Refund", "-12.00"),
            _transaction("111-0000003-0000003", "Refund", "-12.00"),  # a plain refund is no claim
            _transaction("111-0000009-0000009", "A-to-z Guarantee Claim", "-5.00"),  # an order not in the tracker
        ],
    )
    workbook = tmp_path / "tracker.xlsx"
    result = amzsheet.refresh(workbook, [_orders(tmp_path), report], today=TODAY)
    assert _claims(result.tracker) == {
        ("111-0000001-0000001", "MUG"): "A-to-z",
        ("111-0000001-0000001", "LID"): "A-to-z",
        ("111-0000002-0000002", "BOWL"): "Chargeback",
    }
    assert len(result.tracker.orders) == 4  # a transaction adds no line
    assert amzsheet.open_workbook(workbook).orders["Claim"].notna().sum() == 3  # written to the workbook


def test_a_claim_the_seller_typed_is_kept(tmp_path):
    workbook = tmp_path / "tracker.xlsx"
    amzsheet.refresh(workbook, [_orders(tmp_path)], today=TODAY)
    tracker = amzsheet.open_workbook(workbook)
    orders = tracker.orders.copy()
    first = orders["Order ID"] == "111-0000001-0000001"
    orders.loc[first & (orders["SKU"] == "MUG"), "Claim"] = "Withdrawn"  # decided in the seller's favour
    amzsheet.save_workbook(workbook, replace(tracker, orders=orders), TODAY)
    report = _date_range(tmp_path / "dr.csv", [_transaction("111-0000001-0000001", "A-to-z Guarantee Claim", "-9")])
    result = amzsheet.refresh(workbook, [report], today=TODAY)
    assert _claims(result.tracker) == {
        ("111-0000001-0000001", "MUG"): "Withdrawn",
        ("111-0000001-0000001", "LID"): "A-to-z",  # the blank line of the same order is filled
    }


def test_the_returns_reports_a_to_z_claim_column(tmp_path, shared_samples):
    real = (shared_samples / "returns_flat_file_us_2025_from_markdown.tsv").read_text(encoding="utf-8")
    header, row = real.splitlines()[:2]
    names = header.rstrip().split("\t")
    assert names[12] == "A-to-Z Claim"
    fields = row.split("\t")
    assert fields[12] == "N"  # as Amazon wrote it
    claimed = list(fields)
    claimed[0], claimed[15], claimed[12] = "111-0000001-0000001", "MUG", "Y"  # Order ID, Merchant SKU, A-to-Z Claim
    plain = list(fields)
    plain[0], plain[15], plain[4] = "111-0000002-0000002", "BOWL", "OTHER-RMA"
    report = tmp_path / "returns.txt"
    report.write_text("\n".join([header, "\t".join(claimed), "\t".join(plain)]) + "\n", encoding="utf-8")
    workbook = tmp_path / "tracker.xlsx"
    result = amzsheet.refresh(workbook, [_orders(tmp_path), report], today=TODAY)
    assert _claims(result.tracker) == {
        ("111-0000001-0000001", "MUG"): "A-to-z",
        ("111-0000001-0000001", "LID"): "A-to-z",
    }
    assert set(result.tracker.returns.columns) == set(amzsheet.new_tracker().returns.columns)  # no new column


@pytest.mark.parametrize(
    ("kinds", "claim"),
    [
        (["a-to-z guarantee claim"], "A-to-z"),  # ignoring case
        (["Chargeback Refund", "A-to-z Guarantee Claim"], "A-to-z"),  # both: the A-to-z claim
        (["Chargeback Refund"], "Chargeback"),
        (["Refund", "Order", "Adjustment"], None),
    ],
)
def test_payment_claims(kinds, claim):
    payments = pd.DataFrame({"Type": kinds, "Order ID": ["111-1"] * len(kinds)})
    found = payment_claims(payments)
    assert found.to_dict("records") == ([{"Order ID": "111-1", "Claim": claim}] if claim else [])


def test_fill_claims_fills_only_blank_claims():
    orders = make_orders(
        [{"Order ID": "A", "SKU": "X"}, {"Order ID": "A", "SKU": "Y", "Claim": "Mine"}, {"Order ID": "B", "SKU": "X"},
         {"Order ID": None, "SKU": "Z"}]
    )  # fmt: skip
    claims = pd.DataFrame({"Order ID": ["A"], "Claim": ["Chargeback"]})
    filled = fill_claims(orders, claims)["Claim"]
    assert filled.where(filled.notna(), None).tolist() == ["Chargeback", "Mine", None, None]
    assert returns_claims(pd.DataFrame({"Order ID": ["A"]})).empty  # a returns report without the column
