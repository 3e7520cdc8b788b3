"""Worked numbers for inventory planning: safety stock, reorder point and quantity, classes, counts, stock history.

Each test names the case its numbers come from. Where a textbook's own figures are
quoted, amzsheet's result differs only by Excel's ROUNDUP (a whole unit, rounded up).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from helpers import TODAY, make_inventory, make_orders

import amzsheet
from amzsheet.contract.schema import COUNT_COLUMNS, PURCHASE_ORDER_COLUMNS, STOCK_HISTORY_COLUMNS, Settings
from amzsheet.contract.tables import conform, empty_table
from amzsheet.model import classes, counts, planning, purchase_orders, stock_history, why

T = pd.Timestamp(TODAY)
DAY = pd.Timedelta(days=1)


def _one(value: float) -> pd.Series:
    return pd.Series([float(value)])


# --- Safety stock and reorder point -----------------------------------------------------------


def test_safety_stock_with_demand_uncertainty_only_lego_case():
    """Chopra & Meindl, Supply Chain Management, "Managing uncertainty: safety inventory", the Lego-at-Walmart case.

    Weekly demand 2,500 boxes, standard deviation 500, lead time 2 weeks, cycle service level 90 %:
    σ over the lead time = √2 × 500 = 707.1; safety inventory = NORMSINV(0.9) × 707.1 = 906.2 (the book: 906).
    Reorder point = 2 × 2,500 + safety inventory.
    """
    safety = planning.safety_stock(_one(0.90), _one(2), _one(500), _one(2500), pd.Series([np.nan]))
    assert safety.iloc[0] == 907  # 906.2, rounded up to a whole box
    assert planning.reorder_point(_one(2500), _one(2), safety).iloc[0] == 5907


def test_safety_stock_with_lead_time_uncertainty_dell_case():
    """Chopra & Meindl, the Dell case of the same chapter: demand and lead time both uncertain.

    Daily demand 2,500, σd = 500, lead time 7 days with σL = 7 days, CSL 90 %:
    σ = √(L·σd² + d²·σL²) = √(7 × 500² + 2,500² × 7²) = 17,550; safety = 1.2816 × 17,550 = 22,491.
    With σL = 0 (a reliable supplier): σ = √7 × 500 = 1,323 and safety = 1,695.
    """
    late = planning.safety_stock(_one(0.90), _one(7), _one(500), _one(2500), _one(7))
    reliable = planning.safety_stock(_one(0.90), _one(7), _one(500), _one(2500), _one(0))
    assert late.iloc[0] == 22492  # the book's 22,491.2 rounded up
    assert reliable.iloc[0] == 1696  # the book's 1,695.3 rounded up


@pytest.mark.parametrize(
    ("level", "z"), [(0.90, 1.2816), (0.95, 1.6449), (0.97, 1.8808), (0.98, 2.0537), (0.99, 2.3263)]
)
def test_service_level_presets_give_the_z_of_normal_tables(level, z):
    safety = planning.safety_stock(_one(level), _one(1), _one(10000), _one(0), _one(0))
    assert safety.iloc[0] / 10000 == pytest.approx(z, abs=1.5e-4)  # σ = 10,000 shows z to four decimals


def test_service_level_comes_from_the_sku_or_its_abc_class():
    inventory = make_inventory([{"SKU": s} for s in "ABCD"])
    inventory["ABC Class"] = ["A", "B", "C", "A"]
    inventory.loc[3, "Service Level"] = 0.9
    used = planning.service_level_used(inventory, Settings(service_level_a=0.98, service_level_b=0.95))
    assert used.tolist() == [0.98, 0.95, 0.90, 0.9]


# --- Reorder quantity, order-by date and the Why sentence --------------------------------------


def _planned(**values) -> pd.DataFrame:
    """One SKU at the numbers of the issue's example: 2.8/day, 21 days lead time, 24 safety, 47 available."""
    row = {
        "SKU": "MUG",
        "Available Quantity": 47.0,
        "On Order": 0.0,
        "Forecast Daily": 2.8,
        "Avg Daily Sales": 2.8,
        "Safety Stock": 24.0,
        "Reorder Point": 83.0,  # 2.8 × 21 + 24 = 82.8, rounded up
        "Lead Time (days)": 21.0,
    }
    frame = make_inventory([{**row, **values}])
    return frame


@pytest.mark.parametrize(
    ("values", "quantity"),
    [
        ({}, 120),  # 2.8 × (21 + 30) + 24 − 47 = 119.8 → 120
        ({"Case Pack": 12.0}, 120),  # exactly 10 cartons
        ({"Case Pack": 25.0}, 125),  # 5 cartons of 25
        ({"Min Order Qty": 200.0}, 200),  # the supplier's minimum
        ({"Min Order Qty": 100.0, "Case Pack": 12.0}, 120),  # 120 needed: above the minimum, 10 cartons
        ({"Min Order Qty": 130.0, "Case Pack": 12.0}, 132),  # the minimum, rounded up to whole cartons
        ({"On Order": 30.0}, 90),  # 30 units arriving within the lead time
        ({"On Order": 30.0, "Case Pack": 12.0}, 96),
        ({"Available Quantity": 90.0}, 0),  # above the reorder point: nothing yet
    ],
)
def test_reorder_quantity_covers_lead_time_and_review_period_in_whole_cases(values, quantity):
    inventory = _planned(**values)
    assert planning.reorder_quantity(inventory, _one(21), 30).iloc[0] == quantity


def test_reorder_quantity_is_blank_without_a_count():
    inventory = _planned(**{"Available Quantity": np.nan})
    assert np.isnan(planning.reorder_quantity(inventory, _one(21), 30).iloc[0])


def test_order_by_is_when_stock_reaches_the_reorder_point():
    # 100 available + 20 on order, reorder point 40, 3 a day: (120 − 40) / 3 = 26.7 → in 26 days.
    day = planning.order_by(_one(120), _one(40), _one(3), TODAY)
    assert day.iloc[0] == T + 26 * DAY
    assert planning.order_by(_one(30), _one(40), _one(3), TODAY).iloc[0] == T  # already below: today
    assert pd.isna(planning.order_by(_one(120), _one(40), _one(0), TODAY).iloc[0])  # no sales: no date


def test_why_says_the_issue_example_sentence():
    inventory = _planned()
    inventory["Reorder Qty"] = planning.reorder_quantity(inventory, _one(21), 30)
    inventory["Order By"] = pd.Timestamp(2026, 12, 2)
    assert why.why(inventory, _one(21), 30, TODAY).iloc[0] == (
        "Reorder 120 by 2 Dec: 2.8/day × (21 + 30) days + 24 safety − 47 available"
    )


def test_why_explains_cases_minimums_and_enough_stock():
    packed = _planned(**{"Case Pack": 25.0, "On Order": 10.0, "Min Order Qty": 150.0})
    packed["Reorder Qty"] = planning.reorder_quantity(packed, _one(21), 30)
    packed["Order By"] = T
    assert packed["Reorder Qty"].iloc[0] == 150
    assert why.why(packed, _one(21), 30, TODAY).iloc[0] == (
        "Reorder 150 by 25 Nov: 2.8/day × (21 + 30) days + 24 safety − 47 available − 10 on order, "
        "in cases of 25, minimum order 150"
    )
    enough = _planned(**{"Available Quantity": 140.0, "Reorder Qty": 0.0, "Order By": T + 20 * DAY})
    assert why.why(enough, _one(21), 30, TODAY).iloc[0] == (
        "Enough until 15 Dec: 140 available above reorder point 83 (2.8/day × 21 days + 24 safety)"
    )
    covered = _planned(**{"Available Quantity": 83.0, "Forecast Daily": 0.0, "Reorder Qty": 0.0, "Order By": T})
    assert why.why(covered, _one(21), 0, TODAY).iloc[0] == (
        "Nothing to order: 83 available and on order cover 0/day × (21 + 0) days + 24 safety"
    )
    uncounted = _planned(**{"Available Quantity": np.nan})
    assert why.why(uncounted, _one(21), 30, TODAY).iloc[0].startswith("Count it")


def test_why_gives_the_year_of_a_date_in_another_year():
    """21 Dec 2028 is not 21 Dec: a date outside the reference date's year carries its year, this year's does not."""
    far = _planned(**{"Available Quantity": 16.0, "On Order": 192.0, "Reorder Qty": 0.0})
    far["Order By"] = pd.Timestamp(2028, 12, 21)
    assert why.why(far, _one(21), 30, TODAY).iloc[0] == (
        "Enough until 21 Dec 2028: 16 available + 192 on order above reorder point 83 (2.8/day × 21 days + 24 safety)"
    )
    far["Order By"] = pd.Timestamp(2027, 1, 4)  # six weeks away, but next year
    assert why.why(far, _one(21), 30, TODAY).iloc[0].startswith("Enough until 4 Jan 2027: ")
    far["Order By"] = pd.Timestamp(2026, 12, 21)
    assert why.why(far, _one(21), 30, TODAY).iloc[0].startswith("Enough until 21 Dec: ")


def test_why_says_oversold_stock_instead_of_a_negative_available():
    """9 units sold beyond the stock: the order covers them too, said as "+ 9 oversold", never "− -9 available"."""
    oversold = _planned(**{"Available Quantity": -9.0, "Safety Stock": 8.0, "Reorder Point": 67.0})
    oversold["Reorder Qty"] = planning.reorder_quantity(oversold, _one(21), 30)
    oversold["Order By"] = T
    assert oversold["Reorder Qty"].iloc[0] == 160  # 2.8 × 51 + 8 + 9 = 159.8
    assert why.why(oversold, _one(21), 30, TODAY).iloc[0] == (
        "Reorder 160 by 25 Nov: 2.8/day × (21 + 30) days + 8 safety + 9 oversold"
    )
    arriving = _planned(**{"Available Quantity": -9.0, "On Order": 200.0, "Reorder Qty": 0.0, "Order By": T + DAY})
    assert why.why(arriving, _one(21), 30, TODAY).iloc[0] == (
        "Enough until 26 Nov: 200 on order − 9 oversold above reorder point 83 (2.8/day × 21 days + 24 safety)"
    )


def test_next_count_comes_sooner_for_class_a():
    inventory = make_inventory([{"SKU": "A", "Count Date": T - 10 * DAY}, {"SKU": "C", "Count Date": T - 10 * DAY}])
    inventory = inventory.assign(**{"ABC Class": ["A", "C"]})
    due = planning.next_count(inventory, Settings(count_every_a=30, count_every_c=90), TODAY)
    assert due.tolist() == [T + 20 * DAY, T + 80 * DAY]


# --- Velocity adjusted for days out of stock ----------------------------------------------------


def test_a_sku_that_sold_30_in_the_10_days_it_was_in_stock_sells_3_a_day():
    """The issue's case: 30 units in a 30-day window, but in stock only for 10 of those days."""
    orders = make_orders(
        [
            {
                "Order ID": f"1-{k}",
                "SKU": "MUG",
                "Quantity": 3,
                "Order Date": T - (30 - k) * DAY,
                "Order Status": "Shipped",
            }
            for k in range(10)
        ]
    )
    history = conform(
        pd.DataFrame({"Date": [T - 20 * DAY], "SKU": ["MUG"], "Morning Stock": [0.0]}), STOCK_HISTORY_COLUMNS
    )
    inventory = make_inventory([{"SKU": "MUG", "Stock Counted": 0.0, "Count Date": T - DAY}])
    result = planning.compute_inventory(inventory, orders, Settings(sales_window_days=30), TODAY, history=history)
    assert result["In-Stock Days"].iloc[0] == 10
    assert result["Avg Daily Sales"].iloc[0] == 3.0


def test_stock_is_rebuilt_from_the_count_before_the_first_snapshot():
    # Counted 6 units 10 days ago; sold 2 a day on days −10, −9, −8: empty from the morning of day −7.
    orders = make_orders(
        [
            {
                "Order ID": f"1-{k}",
                "SKU": "MUG",
                "Quantity": 2,
                "Order Date": T - (10 - k) * DAY + pd.Timedelta(hours=9),
            }
            for k in range(3)
        ]
    )
    inventory = make_inventory([{"SKU": "MUG", "Stock Counted": 6.0, "Count Date": T - 10 * DAY}])
    empty = empty_table(STOCK_HISTORY_COLUMNS)
    days = stock_history.in_stock_days(
        inventory, orders, conform(pd.DataFrame(), PURCHASE_ORDER_COLUMNS), empty, TODAY, 30
    )
    assert days.iloc[0] == 30 - 7  # the 7 days from −7 to −1 were out of stock


def test_the_stock_history_writes_a_row_only_when_it_is_news():
    orders = make_orders(
        [
            {"Order ID": "1", "SKU": "MUG", "Quantity": 2, "Order Date": T - DAY + pd.Timedelta(hours=10)},
            {"Order ID": "2", "SKU": "MUG", "Quantity": 1, "Order Date": T + pd.Timedelta(hours=7)},  # this morning
            {"Order ID": "3", "SKU": "CUP", "Quantity": 1, "Order Date": T - DAY + pd.Timedelta(hours=10)},
        ]
    )
    no_purchases = conform(pd.DataFrame(), PURCHASE_ORDER_COLUMNS)
    old = pd.DataFrame(
        {
            "Date": [T - 500 * DAY, T - 450 * DAY, T - DAY, T - DAY, T],
            "SKU": ["MUG", "MUG", "MUG", "CUP", "MUG"],
            "Morning Stock": [1.0, 3.0, 10.0, 10.0, 99.0],
        }
    )
    inventory = make_inventory([{"SKU": "MUG"}, {"SKU": "CUP"}, {"SKU": "NEW"}, {"SKU": "UNCOUNTED"}])
    # MUG: 10 yesterday morning − 2 sold yesterday = 8 this morning; 1 more sold today: 7 available. No news.
    # CUP: 10 − 1 = 9 expected, but a count says 20: news. NEW: its first row. UNCOUNTED: no stock known.
    inventory["Available Quantity"] = [7.0, 20.0, 4.0, np.nan]
    history = stock_history.record_snapshot(conform(old, STOCK_HISTORY_COLUMNS), inventory, orders, no_purchases, TODAY)
    assert history[["Date", "SKU", "Morning Stock"]].values.tolist() == [
        [T - 450 * DAY, "MUG", 3.0],  # older than 400 days, but MUG's newest such row: kept
        [T - DAY, "CUP", 10.0],
        [T - DAY, "MUG", 10.0],
        [T, "CUP", 20.0],
        [T, "NEW", 4.0],
    ]  # today's earlier MUG row (99) is replaced by nothing: 7 available is what the history predicts


# --- Purchase orders ----------------------------------------------------------------------------


def test_only_open_orders_expected_within_the_lead_time_count_as_on_order():
    purchases = conform(
        pd.DataFrame(
            {
                "SKU": ["MUG", "MUG", "MUG", "mug", "MUG"],
                "Quantity": [10.0, 20.0, 40.0, 80.0, 160.0],
                "Expected Date": [T + 5 * DAY, T + 30 * DAY, pd.NaT, T - 2 * DAY, T + DAY],
                "Received Date": [pd.NaT, pd.NaT, pd.NaT, pd.NaT, T - 3 * DAY],
            }
        ),
        PURCHASE_ORDER_COLUMNS,
    )
    inventory = make_inventory([{"SKU": "MUG", "Count Date": T - 5 * DAY}])
    # within 14 days: 10 (in 5 days) + 80 (late, still open); not 20 (in 30 days), 40 (no date), 160 (received)
    assert purchase_orders.on_order(purchases, inventory, _one(14), TODAY).iloc[0] == 90
    assert purchase_orders.received_since_count(purchases, inventory).iloc[0] == 160
    assert purchase_orders.open_quantity(purchases).tolist() == [10, 20, 40, 80, 0]


# --- ABC and XYZ ----------------------------------------------------------------------------------


def test_abc_classes_by_revenue_share():
    """ABC (Pareto) analysis as in Silver, Pyke & Thomas, Inventory and Production Management in Supply Chains, ch. 2.

    Worked by hand: revenue 500, 300, 100, 50, 30, 20 (total 1,000). Share of the SKUs ranked above each:
    0 %, 50 % (A, below 80 %), 80 % (B), 90 % (B, below 95 %), 95 % (C), 98 % (C). No revenue: C.
    """
    revenue = pd.Series([100.0, 500.0, 20.0, 300.0, 50.0, 30.0, 0.0], index=list("cagbdfz"))
    result = classes.abc_classes(revenue, 0.80, 0.15)
    assert result.to_dict() == {"c": "B", "a": "A", "g": "C", "b": "A", "d": "B", "f": "C", "z": "C"}


def test_xyz_classes_by_variation_of_weekly_units():
    weekly = pd.DataFrame([[10, 10, 10, 10], [5, 15, 5, 15], [0, 20, 0, 20], [0, 0, 0, 40], [0, 0, 0, 0]], dtype=float)
    # coefficients of variation: 0, 0.5, 1.0, √3 = 1.73, none
    assert classes.xyz_classes(weekly).tolist() == ["X", "X", "Y", "Z", "Z"]


# --- Counts -----------------------------------------------------------------------------------------


def test_a_count_shows_the_difference_and_becomes_stock_counted():
    orders = make_orders(
        [
            {"Order ID": "1", "SKU": "MUG", "Quantity": 4, "Order Date": T - 8 * DAY, "Order Status": "Shipped"},
            {"Order ID": "2", "SKU": "MUG", "Quantity": 9, "Order Date": T - DAY, "Order Status": "Shipped"},
        ]
    )
    inventory = make_inventory(
        [
            {"SKU": "MUG", "Stock Counted": 50.0, "Count Date": T - 20 * DAY, "Received Since Count": 6.0},
            {"Notes": "a row with only a note"},
        ]
    )
    typed = conform(
        pd.DataFrame(
            {
                "Count Date": [T - 3 * DAY, T - 30 * DAY, T - 2 * DAY, T + DAY, T - DAY],
                "SKU": ["mug", "MUG", "NOPE", "MUG", None],
                "Counted Qty": [49.0, 1.0, 3.0, 7.0, 40.0],
            }
        ),
        COUNT_COLUMNS,
    )
    no_purchases = conform(pd.DataFrame(), PURCHASE_ORDER_COLUMNS)
    inventory, result = counts.apply_counts(inventory, typed, orders, no_purchases, TODAY)
    # Expected on day −3: 50 + 6 received − 4 sold on day −8 = 52; counted 49 → 3 missing.
    assert result["Expected Qty"].iloc[0] == 52
    assert result["Status"].iloc[0] == "Used as Stock Counted on 2026-11-25"
    assert result["Status"].iloc[1].startswith("Not used: Inventory has a later count")
    assert result["Status"].iloc[2] == "Not used: this SKU is not in Inventory"
    assert pd.isna(result["Status"].iloc[3])  # tomorrow's count waits for tomorrow
    assert result["Status"].iloc[4] == "Not used: type the SKU you counted"
    assert pd.isna(inventory["Stock Counted"].iloc[1])  # the blank count did not go to the blank row
    item = inventory.iloc[0]
    assert (item["Stock Counted"], item["Count Date"], item["Received Since Count"]) == (49, T - 3 * DAY, 0)
    # After the count, the 9 units sold yesterday come off: 40 available.
    planned = planning.compute_inventory(inventory, orders, Settings(), TODAY)
    assert planned["Available Quantity"].iloc[0] == 40


def test_planning_does_not_modify_its_input():
    inventory = make_inventory([{"SKU": "A"}])
    before = inventory.copy()
    planning.compute_inventory(inventory, make_orders([]), Settings(), dt.date(2026, 1, 1))
    pd.testing.assert_frame_equal(inventory, before)


def test_a_snapshot_is_moved_on_by_later_receipts_and_sales():
    """A refresh 20 days ago saw 0 units; 100 arrived the day after: the SKU was in stock from then on."""
    orders = make_orders(
        [
            {"Order ID": f"1-{k}", "SKU": "MUG", "Quantity": 1, "Order Date": T - k * DAY + pd.Timedelta(hours=9)}
            for k in (12, 5)
        ]
    )
    purchases = conform(
        pd.DataFrame({"SKU": ["MUG"], "Quantity": [100.0], "Received Date": [T - 19 * DAY]}), PURCHASE_ORDER_COLUMNS
    )
    history = conform(
        pd.DataFrame({"Date": [T - 20 * DAY], "SKU": ["MUG"], "Morning Stock": [0.0]}), STOCK_HISTORY_COLUMNS
    )
    inventory = make_inventory([{"SKU": "MUG", "Stock Counted": 0.0, "Count Date": T - 40 * DAY}])
    days = stock_history.in_stock_days(inventory, orders, purchases, history, TODAY, 30)
    # Out of stock from day -30 to day -19 (the receipt is dated day -19: in stock from the next morning).
    assert days.iloc[0] == 18
    # A recount after the snapshot wins over it: 5 units counted on day -25.
    recounted = inventory.assign(**{"Count Date": [T - 25 * DAY], "Stock Counted": [5.0]})
    history = conform(
        pd.DataFrame({"Date": [T - 28 * DAY], "SKU": ["MUG"], "Morning Stock": [0.0]}), STOCK_HISTORY_COLUMNS
    )
    days = stock_history.in_stock_days(recounted, orders, purchases, history, TODAY, 30)
    # Days -30 and -29: nothing known (in stock); -28 to -26: the snapshot's 0; from -25: the count's 5, then 100.
    assert days.iloc[0] == 30 - 3


def test_weeks_out_of_stock_do_not_pull_the_forecast_down():
    # 8 units in the 4 days in stock is a week of 14; a week with no day in stock takes the week before.
    units = pd.DataFrame([[0.0, 14.0, 8.0, 0.0, 14.0]])
    days = pd.DataFrame([[7, 7, 4, 0, 7]])
    assert planning.weekly_demand(units, days).values.tolist()[0][1:] == [14.0, 14.0, 14.0, 14.0]
    assert np.isnan(planning.weekly_demand(units, days).iloc[0, 0])  # before the first sale

    # Two a day for 20 weeks, then out of stock for the last 4 weeks (a count of 0 five weeks ago).
    orders = make_orders(
        [
            {"Order ID": f"1-{k}", "SKU": "MUG", "Quantity": 2, "Order Date": T - k * DAY + pd.Timedelta(hours=9)}
            for k in range(29, 29 + 140)
        ]
    )
    inventory = make_inventory([{"SKU": "MUG", "Stock Counted": 0.0, "Count Date": T - 29 * DAY}])
    planned = planning.compute_inventory(inventory, orders, Settings(), TODAY).iloc[0]
    assert planned["Forecast Daily"] == pytest.approx(2.0, rel=0.05)  # not dragged towards 0 by the empty weeks


def test_a_product_ordered_before_it_sells_gets_its_inventory_row(sample_workbook):
    tracker = amzsheet.open_workbook(sample_workbook)
    purchases = conform(
        pd.DataFrame(
            {
                "PO Number": ["PO-9", "PO-9"],
                "Supplier": ["Acme Imports", "Acme Imports"],
                "SKU": ["NEW-LAMP", "hm-basket-woven"],  # a new product, and a known one in other letters
                "Quantity": [60.0, 10.0],
                "Expected Date": [T + 5 * DAY, T + 5 * DAY],
            }
        ),
        PURCHASE_ORDER_COLUMNS,
    )
    before = len(tracker.inventory)
    inventory = replace(tracker, purchase_orders=purchases).recompute(TODAY).inventory
    assert len(inventory) == before + 1
    lamp = inventory.iloc[-1]
    assert (lamp["SKU"], lamp["Supplier"], lamp["On Order"]) == ("NEW-LAMP", "Acme Imports", 60)
    assert lamp["Why"].startswith("Count it")  # no stock count yet


def test_each_skus_snapshots_are_its_days_in_order_with_the_last_row_of_a_day():
    """The snapshots of a SKU key (case ignored): its days ascending, each with the stock of its last row."""
    from amzsheet.model.stock_history import STOCK, _Snapshots

    history = pd.DataFrame(
        {
            "Date": pd.to_datetime(
                [
                    "2026-11-03 09:00",
                    "2026-11-01 08:00",
                    "2026-11-03 07:00",
                    "2026-11-02 00:00",
                    "2026-11-01 00:00",
                    None,
                ]
            ),
            "SKU": ["MUG-1", "mug-1", "mug-1", "TEA-2", "TEA-2", "TEA-2"],
            STOCK: [7.0, 10.0, 8.0, 4.0, 5.0, 1.0],
        }
    )
    snapshots = _Snapshots(history)
    days, stock = snapshots.of("mug-1")
    assert list(days) == list(pd.to_datetime(["2026-11-01", "2026-11-03"]).to_numpy())
    assert list(stock) == [10.0, 7.0]  # 09:00 is the day's last row, whatever the row order
    days, stock = snapshots.of("tea-2")
    assert list(stock) == [5.0, 4.0]
    assert len(snapshots.of("none")[0]) == 0
    assert len(_Snapshots(history.iloc[:0]).of("mug-1")[0]) == 0


def test_daily_units_sold_are_summed_per_sku_ignoring_case_and_per_day_of_the_window():
    from amzsheet.model.compute import text_key

    sales = make_orders(
        [
            {"SKU": sku, "Order Date": pd.Timestamp(when) if when else pd.NaT, "Quantity": quantity, **extra}
            for sku, when, quantity, extra in [
                ("MUG-1", "2026-11-01 08:00", 1.0, {}),
                ("mug-1", "2026-11-01 22:00", 2.0, {}),
                ("MUG-1", "2026-11-03 00:00", np.nan, {}),
                ("TEA-2", "2026-11-02 10:00", 4.0, {}),
                ("GONE", "2026-11-02 10:00", 9.0, {}),
                ("MUG-1", "2026-10-31 23:59", 5.0, {}),  # the day before the window
                ("MUG-1", "2026-11-04 00:00", 7.0, {}),  # the day after it
                ("TEA-2", None, 6.0, {}),
                ("TEA-2", "2026-11-03 09:00", 8.0, {"Order Status": "Cancelled"}),
                ("TEA-2", "2026-10-30 09:00", 1.0, {"Restocked Qty": 1.0, "Return Date": pd.Timestamp("2026-11-03")}),
            ]
        ]
    )
    days = pd.date_range("2026-11-01", periods=3)
    flows = stock_history.StockFlows(sales, conform(pd.DataFrame(), PURCHASE_ORDER_COLUMNS))
    keys = text_key(pd.Series(["TEA-2", "Mug-1", "NEW", "mug-1"], dtype=object)).to_numpy()
    moved, sold = flows.by_day(flows.codes(keys), days.to_numpy(dtype="datetime64[ns]"))
    # before or after the window, without a date, an unknown quantity (0), cancelled, a return, another SKU: left out
    assert sold.tolist() == [[0, 4, 0], [3, 0, 0], [0, 0, 0], [3, 0, 0]]
    # the stock moved before each morning: TEA-2 sold 1 on 30 October; MUG-1 5 on 31 October, then 3 on 1 November
    assert moved.tolist() == [[-1, -1, -5], [-5, -8, -8], [0, 0, 0], [-5, -8, -8]]
