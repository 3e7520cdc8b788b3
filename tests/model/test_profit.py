"""Profit per month, currency and SKU, from Payments lines, the Advertising and Storage Fees sheets."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from helpers import make_inventory
from helpers.money import NOV, settlement, table

import amzsheet
from amzsheet.contract.schema import (
    ADVERTISING_COLUMNS,
    PAYMENT_COLUMNS,
    PURCHASE_ORDER_COLUMNS,
    STORAGE_FEE_COLUMNS,
    Settings,
)
from amzsheet.model.money_lines import categorise, is_transfer

TODAY = dt.date(2026, 12, 3)
OCT = pd.Timestamp("2026-10-20 14:00")


def recomputed(payments, *, advertising=None, storage=None, inventory=None, purchases=None, fba=None):
    tracker = amzsheet.new_tracker(Settings(time_zone="UTC"))
    tracker = replace(
        tracker,
        payments=payments,
        inventory=inventory if inventory is not None else make_inventory([]),
        advertising=advertising if advertising is not None else tracker.advertising,
        storage_fees=storage if storage is not None else tracker.storage_fees,
        purchase_orders=purchases if purchases is not None else tracker.purchase_orders,
    )
    if fba is not None:
        tracker = replace(tracker, fba_stock=fba)
    return tracker.recompute(TODAY).with_model_dtypes()


def row(profit: pd.DataFrame, month: str, sku: str | None, currency: str = "USD") -> pd.Series:
    found = profit[(profit["Month"] == month) & (profit["Currency"] == currency)]
    found = found[found["SKU"].isna()] if sku is None else found[found["SKU"] == sku]
    assert len(found) == 1, profit
    return found.iloc[0]


def test_a_settlement_falls_into_categories_that_add_up_to_its_lines():
    payments = settlement()
    parts = categorise(payments)
    assert parts.sum(axis=1).round(2).tolist() == payments["Total"].round(2).tolist()
    profit = recomputed(payments).profit
    mug = row(profit, "2026-11", "MUG-01")
    assert mug["Units"] == 3
    assert mug["Sales"] == pytest.approx(39.98 + 19.99)  # shipping is Other, as in the Date Range report
    assert mug["Amazon Fees"] == pytest.approx(-6.00 - 6.44 - 3.00)
    assert mug["Promotions"] == pytest.approx(-2.00)
    assert mug["Refunds"] == pytest.approx(-19.99 + 2.40)
    assert mug["Other"] == pytest.approx(4.99)  # shipping; the tax collected was withheld
    account = row(profit, "2026-11", None)
    assert account["Amazon Fees"] == pytest.approx(-39.99)
    assert account["Storage Fees"] == pytest.approx(-10.00)  # no storage fee report: stays without a SKU
    assert account["Other"] == pytest.approx(-50.00 - 25.00)
    assert row(profit, "2026-11", "LAMP-02")["Other"] == pytest.approx(8.50)
    assert profit["Net Proceeds"].sum() == pytest.approx(payments["Total"].sum(), abs=0.005)


def test_date_range_transactions_split_and_transfers_left_out():
    order = {"Type": "Order", "Order ID": "111-1", "SKU": "MUG-01", "Quantity": 1, "Currency": "USD"}
    payments = table(
        PAYMENT_COLUMNS,
        [
            {**order, "Date/Time": NOV, "Product Sales": 20.0, "Fees": -5.0, "Promotions": -1.0, "Total": 17.99},
            {**order, "Date/Time": NOV, "Type": "Refund", "Product Sales": -20.0, "Fees": 4.0, "Total": -16.0},
            {"Date/Time": NOV, "Type": "Service Fee", "Description": "Subscription", "Total": -39.99},
            {"Date/Time": NOV, "Type": "FBA Inventory Fee", "Description": "FBA storage fee", "Total": -7.5},
            {"Date/Time": NOV, "Type": "Transfer", "Description": "To account ending in 123", "Total": -500.0},
        ],
    ).assign(Currency="USD")  # the account-level lines have no marketplace: the orders' currency
    assert is_transfer(payments).tolist() == [False, False, False, False, True]
    profit = recomputed(payments).profit
    mug = row(profit, "2026-11", "MUG-01")
    assert (mug["Units"], mug["Sales"], mug["Amazon Fees"], mug["Promotions"]) == (1, 20.0, -5.0, -1.0)
    assert mug["Other"] == pytest.approx(3.99)  # shipping credits and the like: the rest of the Total
    assert mug["Refunds"] == -16.0
    account = row(profit, "2026-11", None)
    assert (account["Amazon Fees"], account["Storage Fees"]) == (-39.99, -7.5)
    assert profit["Net Proceeds"].sum() == pytest.approx(17.99 - 16.0 - 39.99 - 7.5)


def test_storage_charges_are_shared_among_skus_by_the_month_before_to_the_cent():
    storage = table(
        STORAGE_FEE_COLUMNS,
        [
            {"Month": "2026-10", "FNSKU": "X001", "Currency": "USD", "Fee": 2.0},
            {"Month": "2026-10", "FNSKU": "X002", "Currency": "USD", "Fee": 1.0},
            {"Month": "2026-10", "FNSKU": "X999", "Currency": "USD", "Fee": 0.5},  # a SKU nobody knows
            {"Month": "2026-09", "FNSKU": "X002", "Currency": "USD", "Fee": 100.0},  # another month: not used
        ],
    )
    from amzsheet.contract.schema import FBA_STOCK_COLUMNS

    fba = table(FBA_STOCK_COLUMNS, [{"SKU": "MUG-01", "FNSKU": "X001"}, {"SKU": "LAMP-02", "FNSKU": "x002"}])
    profit = recomputed(settlement(), storage=storage, fba=fba).profit
    shares = {sku: row(profit, "2026-11", sku)["Storage Fees"] for sku in ("MUG-01", "LAMP-02")}
    assert shares == {"MUG-01": -6.67, "LAMP-02": -3.33}  # 2:1 of the -10.00 charged in November
    assert profit["Storage Fees"].sum() == pytest.approx(-10.0)
    assert row(profit, "2026-11", None)["Storage Fees"] == 0


def test_ad_spend_per_sku_and_ad_invoices_from_payouts_are_not_counted_twice():
    advertising = table(
        ADVERTISING_COLUMNS,
        [
            {"Date": pd.Timestamp("2026-11-02"), "SKU": "MUG-01", "Currency": "USD", "Spend": 12.5},
            {"Date": pd.Timestamp("2026-11-03"), "SKU": "mug-01", "Currency": "USD", "Spend": 7.5},
            # a summary over two months: 10 days in October, 5 in November
            {
                "Date": pd.Timestamp("2026-10-22"),
                "End Date": pd.Timestamp("2026-11-05"),
                "SKU": "LAMP-02",
                "Currency": "USD",
                "Spend": 15.0,
            },
        ],
    )
    profit = recomputed(settlement(), advertising=advertising).profit
    assert row(profit, "2026-11", "MUG-01")["Ad Spend"] == 20.0
    assert row(profit, "2026-11", "LAMP-02")["Ad Spend"] == 5.0
    assert row(profit, "2026-10", "LAMP-02")["Ad Spend"] == 10.0
    # The -25.00 ad invoice taken from the November payout is in Other; Ad Spend gives it back.
    account = row(profit, "2026-11", None)
    assert account["Ad Spend"] == -25.0
    november = profit[profit["Month"] == "2026-11"]
    assert november["Net Profit"].sum() == pytest.approx(november["Net Proceeds"].sum() + 25.0 - 25.0)


def test_cogs_takes_received_purchase_orders_weighted_cost_else_inventory():
    purchases = table(
        PURCHASE_ORDER_COLUMNS,
        [
            {"SKU": "MUG-01", "Quantity": 100, "Unit Cost": 2.0, "Received Date": pd.Timestamp("2026-10-01")},
            {"SKU": "mug-01", "Quantity": 300, "Unit Cost": 3.0, "Received Date": pd.Timestamp("2026-11-01")},
            {"SKU": "MUG-01", "Quantity": 1000, "Unit Cost": 9.0},  # not received: not counted
            {"SKU": "LAMP-02", "Quantity": 50, "Received Date": pd.Timestamp("2026-11-01")},  # no cost
        ],
    )
    inventory = make_inventory([{"SKU": "MUG-01", "Unit Cost": 5.0}, {"SKU": "LAMP-02", "Unit Cost": 4.0}])
    profit = recomputed(settlement(), purchases=purchases, inventory=inventory).profit
    mug = row(profit, "2026-11", "MUG-01")
    assert mug["Unit Cost"] == 2.75  # (100 x 2 + 300 x 3) / 400
    assert mug["COGS"] == 8.25  # 3 units
    assert mug["Net Profit"] == pytest.approx(mug["Net Proceeds"] - 8.25)
    assert mug["Margin"] == pytest.approx(mug["Net Profit"] / mug["Sales"])
    assert row(profit, "2026-11", "LAMP-02")["Unit Cost"] == 4.0  # from Inventory
    assert pd.isna(row(profit, "2026-11", None)["Unit Cost"])


def test_currencies_are_never_added_together():
    euro = settlement().assign(Currency="EUR", **{"Date/Time": OCT})
    payments = pd.concat([settlement(), euro], ignore_index=True)
    profit = recomputed(payments).profit
    assert row(profit, "2026-10", "MUG-01", "EUR")["Sales"] == row(profit, "2026-11", "MUG-01", "USD")["Sales"]
    assert set(zip(profit["Month"], profit["Currency"])) == {("2026-11", "USD"), ("2026-10", "EUR")}
    assert profit["Month"].tolist() == sorted(profit["Month"], reverse=True)  # the newest month first


def test_a_column_the_seller_added_to_profit_keeps_its_notes_on_their_rows():
    first = recomputed(settlement())
    noted = first.profit.assign(**{"My Notes": [f"note {sku}" for sku in first.profit["SKU"].fillna("none")]})
    more = pd.concat([settlement(), settlement().assign(**{"Date/Time": OCT})], ignore_index=True)
    again = replace(first, profit=noted, payments=more).recompute(TODAY).with_model_dtypes().profit
    assert row(again, "2026-11", "MUG-01")["My Notes"] == "note MUG-01"
    assert row(again, "2026-11", None)["My Notes"] == "note none"
    assert pd.isna(row(again, "2026-10", "MUG-01")["My Notes"])  # a new row: nothing typed yet


def test_the_sample_trackers_net_proceeds_add_up_to_every_amount_but_transfers(sample_workbook):
    tracker = amzsheet.open_workbook(sample_workbook)
    payments = tracker.payments
    transfers = is_transfer(tracker.with_model_dtypes().payments)
    assert not tracker.profit.empty and tracker.settlements["Difference"].eq(0).all()
    assert float(tracker.profit["Net Proceeds"].sum()) == pytest.approx(
        float(payments.loc[~transfers.to_numpy(), "Total"].sum()), abs=0.005
    )
