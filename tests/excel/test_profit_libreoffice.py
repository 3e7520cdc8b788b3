"""The Profit and Settlements formulas, recalculated by LibreOffice, agree with amzsheet's cached values.

The tracker holds the awkward cases: purchase orders with and without a Unit Cost, received or not, a SKU
listed twice on Inventory, SKUs with wildcard characters or only digits, a month in another currency, and a
settlement whose lines are not all on Payments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import openpyxl
import pandas as pd
import pytest
from helpers import header_row, headers, make_inventory, recalc

import amzsheet
from amzsheet.contract.schema import PAYMENT_COLUMNS, PURCHASE_ORDER_COLUMNS, SETTLEMENT_COLUMNS, Settings
from amzsheet.contract.tables import conform

pytestmark = pytest.mark.libreoffice

TODAY = dt.date(2026, 12, 3)


def _sale(sku: str, day: str, units: int, amount: float, currency: str = "USD", settlement: str = "S-1") -> list:
    when = pd.Timestamp(day)
    base = {"Date/Time": when, "Settlement ID": settlement, "Type": "Order", "Order ID": f"111-{sku}-{day}",
            "SKU": sku, "Quantity": units, "Currency": currency}  # fmt: skip
    return [
        {**base, "Amount Type": "ItemPrice", "Description": "Principal", "Product Sales": amount, "Total": amount},
        {
            **base,
            "Amount Type": "ItemFees",
            "Description": "Commission",
            "Fees": -0.15 * amount,
            "Total": round(-0.15 * amount, 2),
        },  # fmt: skip
    ]


def _tracker() -> amzsheet.Tracker:
    rows = [
        *_sale("A*B", "2026-11-03", 3, 30.0),
        *_sale("AXB", "2026-11-04", 1, 12.5),
        *_sale("00123", "2026-11-05", 2, 19.98),
        *_sale("123", "2026-11-06", 1, 9.99),
        *_sale("mug", "2026-11-07", 7, 70.0),
        *_sale("MUG", "2026-10-07", 3, 30.0, settlement="S-0"),
        *_sale("mug", "2026-10-08", 2, 18.0, currency="EUR", settlement="S-EU"),
        {
            "Date/Time": pd.Timestamp("2026-11-10"),
            "Settlement ID": "S-1",
            "Type": "other-transaction",
            "Amount Type": "other-transaction",
            "Description": "Subscription Fee",
            "Total": -39.99,
            "Currency": "USD",
        },  # fmt: skip
    ]
    payments = conform(pd.DataFrame(rows), PAYMENT_COLUMNS)
    settlements = conform(
        pd.DataFrame(
            [
                {"Settlement ID": "S-1", "Currency": "USD", "Total Amount": 81.1},
                {"Settlement ID": "S-0", "Currency": "USD", "Total Amount": 30.0},  # a line is missing
                {"Settlement ID": "S-EU", "Currency": "EUR", "Total Amount": 15.3},
            ]
        ),
        SETTLEMENT_COLUMNS,
    )
    received = pd.Timestamp("2026-10-01")
    purchases = conform(
        pd.DataFrame(
            [
                {"SKU": "mug", "Quantity": 100, "Unit Cost": 2.0, "Received Date": received},
                {"SKU": "MUG", "Quantity": 300, "Unit Cost": 3.125, "Received Date": received},
                {"SKU": "mug", "Quantity": 50, "Unit Cost": 9.0},  # not received yet
                {"SKU": "A*B", "Quantity": 10, "Received Date": received},  # no Unit Cost
                {"SKU": "AXB", "Quantity": 5, "Unit Cost": 4.0, "Received Date": received},
            ]
        ),
        PURCHASE_ORDER_COLUMNS,
    )
    inventory = make_inventory(
        [
            {"SKU": "A*B", "Unit Cost": 1.5},
            {"SKU": "00123", "Unit Cost": 0.333},
            {"SKU": "123", "Unit Cost": 0.5},
            {"SKU": "123", "Unit Cost": 0.75},  # listed twice: their average
            {"SKU": "mug", "Unit Cost": 8.0},
        ]
    )
    tracker = amzsheet.new_tracker(Settings(time_zone="UTC"))
    return replace(tracker, payments=payments, settlements=settlements, purchase_orders=purchases, inventory=inventory)


def test_profit_and_settlement_formulas_match_libreoffice(soffice, tmp_path):
    workbook = tmp_path / "profit.xlsx"
    amzsheet.save_workbook(workbook, _tracker(), TODAY)
    checked, mismatches = recalc.compare(workbook, recalc.recalculate(workbook, tmp_path))
    report = "\n".join(
        f"{m.sheet}!{m.cell} {m.formula}: amzsheet {m.cached!r}, LibreOffice {m.recalculated!r}"
        for m in mismatches[:20]
        if m.sheet in ("Profit", "Settlements")
    )
    assert not [m for m in mismatches if m.sheet in ("Profit", "Settlements")], report
    assert checked > 60

    values = openpyxl.load_workbook(workbook, data_only=True)
    profit = values["Profit"]
    names = headers(profit)
    rows = [dict(zip(names, row)) for row in profit.iter_rows(min_row=header_row(profit) + 1, values_only=True)]
    by_key = {(row["Month"], row["Currency"], row["SKU"]): row for row in rows}
    november_mug = by_key[("2026-11", "USD", "mug")]
    assert november_mug["Unit Cost"] == pytest.approx(2.8438)  # (100 x 2 + 300 x 3.125) / 400, to 4 decimals
    assert november_mug["COGS"] == pytest.approx(19.91)  # 7 x 2.8438
    assert by_key[("2026-11", "USD", "A*B")]["Unit Cost"] == 1.5  # its purchase order has no cost: Inventory's
    assert by_key[("2026-11", "USD", "AXB")]["Unit Cost"] == 4.0  # not A*B's: no wildcard
    assert by_key[("2026-11", "USD", "123")]["Unit Cost"] == pytest.approx(0.625)
    assert by_key[("2026-11", "USD", "00123")]["Unit Cost"] == pytest.approx(0.333)
    settlements = values["Settlements"]
    differences = {row[0]: row[7] for row in settlements.iter_rows(min_row=2, values_only=True)}
    assert differences == {"S-1": 0, "S-0": pytest.approx(4.5), "S-EU": 0}
