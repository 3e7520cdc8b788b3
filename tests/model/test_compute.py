"""Worked numbers for every computation behind a computed cell."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from helpers import TODAY, make_inventory, make_orders

from amzsheet.contract.schema import Settings
from amzsheet.model import classes, compute, dashboard, planning

T = pd.Timestamp(TODAY)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2.1, 3), (2.0, 2), (0.0, 0), (-2.1, -3), (0.1 * 3 * 10, 3), (6.000000001, 7), (1e-12, 0)],
)
def test_roundup_rounds_away_from_zero_like_excel(value, expected):
    assert compute.roundup(value) == expected
    assert compute.roundup(pd.Series([value])).iloc[0] == expected


@pytest.mark.parametrize(("level", "z"), [(0.90, 1.2816), (0.95, 1.6449), (0.975, 1.9600), (0.99, 2.3263)])
def test_z_score_matches_normal_tables(level, z):
    assert compute.z_score(level) == pytest.approx(z, abs=1e-4)


def test_total_cost_and_days_of_cover():
    available = pd.Series([40.0, -3.0, np.nan, 200.0])
    daily = pd.Series([2.0, 2.0, 2.0, 0.0])
    assert compute.total_cost(pd.Series([2.5, 2.5, 2.5, np.nan]), available).tolist()[:2] == [100.0, 0.0]
    assert math.isnan(compute.total_cost(pd.Series([2.5]), pd.Series([np.nan])).iloc[0])
    cover = compute.days_of_cover(available, daily)
    assert cover.iloc[0] == 20 and cover.iloc[1] == 0 and cover.iloc[2:].isna().all()


def _order(**values) -> dict:
    base = {"Order ID": "111-0000000-0000001", "SKU": "A", "Channel": "FBM", "Order Status": "Unshipped"}
    return {**base, **values}


@pytest.mark.parametrize(
    ("row", "alert"),
    [
        (_order(**{"Ship By": T - pd.Timedelta(hours=1)}), "OVERDUE"),
        (_order(**{"Ship By": T + pd.Timedelta(hours=23)}), "SHIP TODAY"),
        (_order(**{"Ship By": T + pd.Timedelta(days=1)}), ""),
        (_order(**{"Channel": "FBA", "Ship By": T - pd.Timedelta(days=3)}), ""),
        (_order(**{"Channel": "MCF", "Ship By": T - pd.Timedelta(days=3)}), ""),  # Amazon ships MCF lines
        (_order(**{"Channel": "mcf", "Order Status": "Shipped", "Deliver By": T - pd.Timedelta(days=1)}), ""),
        (_order(**{"Order Status": "Cancelled", "Ship By": T - pd.Timedelta(days=3)}), ""),
        (_order(**{"Order Status": "pending", "Ship By": T - pd.Timedelta(days=3)}), "OVERDUE"),
        (_order(**{"Order Status": "Shipped", "Deliver By": T - pd.Timedelta(days=1)}), "LATE DELIVERY"),
        (_order(**{"Order Status": "Delivered", "Deliver By": T - pd.Timedelta(days=1)}), ""),
        (_order(), ""),
    ],
)
def test_order_alerts(row, alert):
    assert compute.order_alerts(make_orders([row]), TODAY).iloc[0] == alert


def test_sales_window_is_the_full_days_before_today():
    orders = make_orders(
        [
            _order(**{"Order Date": T - pd.Timedelta(days=30), "Quantity": 3}),  # first day of the window
            _order(**{"Order Date": T - pd.Timedelta(days=30, seconds=1), "Quantity": 100}),  # just before
            _order(**{"Order Date": T + pd.Timedelta(hours=2), "Quantity": 100}),  # today: not a full day yet
            _order(**{"Order Date": T - pd.Timedelta(days=1), "Quantity": 6, "Order Status": "Shipped"}),
            _order(**{"Order Date": T - pd.Timedelta(days=1), "Quantity": 50, "Order Status": "Cancelled"}),
            _order(**{"SKU": "a", "Order Date": T - pd.Timedelta(days=2), "Quantity": 6}),  # SKU case ignored
        ]
    )
    avg = compute.average_daily_sales(orders, pd.Series(["A", "B"]), TODAY, 30)
    assert avg.tolist() == [pytest.approx(15 / 30), 0.0]


def test_demand_std_counts_days_without_sales():
    orders = make_orders(
        [
            _order(**{"Order Date": T - pd.Timedelta(days=1), "Quantity": 4}),
            _order(**{"Order Date": T - pd.Timedelta(days=2, hours=-3), "Quantity": 2}),
        ]
    )
    # Daily units over 4 days: 0, 0, 2, 4 -> mean 1.5, sample variance (2.25+2.25+0.25+6.25)/3.
    std = compute.demand_std(orders, pd.Series(["A"]), TODAY, 4)
    assert std.iloc[0] == pytest.approx(math.sqrt(11 / 3))
    # Out of stock on the first day: 0, 2, 4 -> mean 2, sample variance (4+0+4)/2 = 4.
    in_stock = np.array([[False, True, True, True]])
    assert compute.demand_std(orders, pd.Series(["A"]), TODAY, 4, in_stock).iloc[0] == pytest.approx(2.0)


def test_sold_since_count_and_ordered_quantity():
    orders = make_orders(
        [
            _order(**{"Order Date": T - pd.Timedelta(days=5), "Quantity": 2, "Order Status": "Shipped"}),
            _order(**{"Order Date": T - pd.Timedelta(days=15), "Quantity": 7, "Order Status": "Shipped"}),
            _order(**{"Order Date": T - pd.Timedelta(days=1), "Quantity": 3, "Order Status": "Unshipped"}),
            _order(**{"Order Date": T - pd.Timedelta(days=1), "Quantity": 9, "Order Status": "Cancelled"}),
        ]
    )
    inventory = make_inventory([{"SKU": "A", "Count Date": T - pd.Timedelta(days=10)}, {"SKU": "B"}, {"SKU": "Z"}])
    assert compute.sold_since_count(orders, inventory).tolist() == [5.0, 0.0, 0.0]
    assert compute.ordered_quantity(orders, inventory["SKU"]).tolist() == [3.0, 0.0, 0.0]


def test_compute_inventory_end_to_end_numbers():
    day = pd.Timedelta(days=1)
    orders = make_orders(
        [_order(**{"Order Date": T - k * day, "Quantity": 2, "Order Status": "Shipped"}) for k in range(1, 31)]
    )
    inventory = make_inventory(
        [{"SKU": "A", "Unit Cost": 4.0, "Stock Counted": 100, "Count Date": T - 40 * day, "Received Since Count": 10}]
    )
    result = planning.compute_inventory(inventory, orders, Settings(), TODAY).iloc[0]
    assert result["Sold Since Count"] == 60
    assert result["Available Quantity"] == 50  # 100 + 10 - 60
    assert result["Total Cost"] == 200
    assert result["Avg Daily Sales"] == 2
    assert result["Demand Std Dev"] == 0 and result["Safety Stock"] == 0
    # Reorder Point = forecast × 14 days (the default lead time) + safety, rounded up. Two units a day for
    # 30 days are four full weeks of 14 and two days of a fifth: SES forecasts just below 2 a day.
    assert result["Forecast Method"] == "SES" and 1.8 < result["Forecast Daily"] <= 2
    assert result["Reorder Point"] == np.ceil(result["Forecast Daily"] * 14)
    assert result["Days of Cover"] == 25
    assert result["Reorder Qty"] == 0 and result["Alert"] == ""


def test_count_orders_counts_an_order_once():
    orders = make_orders(
        [
            {"Order ID": "1", "Order Status": "Shipped"},
            {"Order ID": "1", "Order Status": "Shipped"},
            {"Order ID": "2", "Order Status": "Cancelled"},
            {"Order ID": "3", "Order Status": "Shipped"},
        ]
    )
    assert compute.count_orders(orders, orders["Order Status"] == "Shipped") == 2


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([("A", "Shipped"), ("A", "Cancelled"), ("A", "Shipped")], 1),  # a cancelled line between two lines
        ([("A", "Shipped"), ("B", "Shipped"), ("A", "Shipped")], 2),  # re-sorted: the order's lines apart
        ([("A", "Shipped"), ("a", "Shipped"), ("B", "Cancelled")], 1),  # Excel ignores case
        ([("A", "Cancelled"), ("A", "Cancelled")], 0),
        ([(None, "Shipped"), (None, "Shipped"), ("B", "Shipped")], 1),  # a line without an Order ID is no order
    ],
)
def test_count_orders_counts_distinct_orders_whatever_the_row_order(lines, expected):
    orders = make_orders([{"Order ID": order_id, "Order Status": status} for order_id, status in lines])
    assert compute.count_orders(orders, orders["Order Status"] == "Shipped") == expected
    reversed_orders = orders.iloc[::-1].reset_index(drop=True)
    assert compute.count_orders(reversed_orders, reversed_orders["Order Status"] == "Shipped") == expected


def test_dashboard_summary_and_top_products():
    day = pd.Timedelta(days=1)
    orders = make_orders(
        [
            _order(**{"Order ID": "1", "Order Date": T - day, "Quantity": 1, "Item Total": 10.0}),
            _order(**{"Order ID": "1", "SKU": "B", "Order Date": T - day, "Quantity": 2, "Item Total": 30.0}),
            _order(
                **{
                    "Order ID": "2",
                    "Order Date": T - 2 * day,
                    "Quantity": 1,
                    "Item Total": 10.0,
                    "Order Status": "Shipped",
                }
            ),
            _order(
                **{
                    "Order ID": "3",
                    "Order Date": T - 40 * day,
                    "Quantity": 1,
                    "Item Total": 99.0,
                    "Order Status": "Shipped",
                }
            ),
        ]
    )
    orders["Alert"] = compute.order_alerts(orders, TODAY)
    inventory = planning.compute_inventory(make_inventory([{"SKU": "A"}, {"SKU": "B"}]), orders, Settings(), TODAY)
    summary = compute.dashboard_summary(orders, inventory, TODAY)
    assert (summary.sales, summary.orders, summary.units) == (50.0, 2, 4.0)
    assert summary.average_order_value == 25.0
    assert summary.orders_to_ship == 1
    ranked = dashboard.ranked_candidates(orders, dashboard.candidates(inventory), TODAY, ())
    top = dashboard.top_products(ranked)
    assert top["SKU"].tolist() == ["B", "A"] and top["Sales"].tolist() == [30.0, 20.0]
    daily = dashboard.daily_sales(orders, TODAY, ())
    assert len(daily) == 90 and daily["Date"].iloc[-1] == T - day and daily["Sales"].iloc[-1] == 40.0


def test_pure_functions_do_not_modify_their_input():
    inventory = make_inventory([{"SKU": "A"}])
    before = inventory.copy()
    planning.compute_inventory(inventory, make_orders([]), Settings(), dt.date(2026, 1, 1))
    pd.testing.assert_frame_equal(inventory, before)


def test_mcf_lines_are_sold_units_but_not_amazon_sales():
    """Multi-Channel Fulfillment: units leave the stock (velocity, Sold Since Count), no Amazon sale."""
    day = pd.Timedelta(days=1)
    orders = make_orders(
        [
            _order(**{"Order ID": "1", "Order Date": T - day, "Quantity": 2, "Item Total": 20.0,
                      "Channel": "FBA", "Order Status": "Shipped"}),
            _order(**{"Order ID": "S02-1", "Order Date": T - 2 * day, "Quantity": 5, "Channel": "MCF",
                      "Order Status": "Shipped", "Deliver By": T - day}),
            _order(**{"Order ID": "S02-2", "SKU": "B", "Order Date": T - 3 * day, "Quantity": 4, "Item Total": 8.0,
                      "Channel": "mcf", "Order Status": "Shipped"}),
        ]
    )  # fmt: skip
    orders["Alert"] = compute.order_alerts(orders, TODAY)
    assert orders["Alert"].tolist() == ["", "", ""]
    inventory = make_inventory([{"SKU": "A", "Stock Counted": 50, "Count Date": T - 10 * day}, {"SKU": "B"}])
    inventory = planning.compute_inventory(inventory, orders, Settings(sales_window_days=30), TODAY)
    assert inventory["Sold Since Count"].tolist() == [7.0, 4.0]
    assert inventory["Available Quantity"].iloc[0] == 43
    assert inventory["Avg Daily Sales"].tolist() == [pytest.approx(7 / 30), pytest.approx(4 / 30)]
    summary = compute.dashboard_summary(orders, inventory, TODAY)
    assert (summary.sales, summary.orders, summary.units, summary.average_order_value) == (20.0, 1, 2.0, 20.0)
    ranked = dashboard.ranked_candidates(orders, dashboard.candidates(inventory), TODAY, ())
    assert dashboard.top_products(ranked)["SKU"].tolist() == ["A"]
    daily = dashboard.daily_sales(orders, TODAY, ())
    assert (daily["Sales"].sum(), daily["Units"].sum()) == (20.0, 2.0)
    assert classes.revenue_by_sku(orders, TODAY).to_dict() == {"a": 20.0}
    assert inventory["ABC Class"].tolist() == ["A", "C"]


def test_currencies_main_first_and_ties_by_sales_units_then_sku():
    orders = make_orders(
        [
            _order(**{"Order ID": f"{k}", "SKU": sku, "Order Date": T - pd.Timedelta(days=1), "Quantity": units,
                      "Item Total": total, "Currency": currency})
            for k, (sku, units, total, currency) in enumerate(
                [("b", 1, 10.0, "usd"), ("A", 2, 10.0, "USD"), ("C", 1, 10.0, "USD"), ("D", 9, 99.0, "GBP"),
                 ("a", 1, 5.0, None)]
            )
        ]
    )  # fmt: skip
    codes = dashboard.currencies(orders)
    assert codes == ("USD", "GBP")
    assert dashboard.in_currency(orders, codes, "USD").tolist() == [True, True, True, False, True]  # blank: main
    ranked = dashboard.ranked_candidates(orders, ["A", "b", "C", "D"], TODAY, codes)
    # A: 15.00 in USD over 3 units; b and C tie on sales and units: by SKU; D sold in GBP only.
    assert dashboard.top_products(ranked)["SKU"].tolist() == ["A", "b", "C"]
    assert dashboard.sales_by_currency(orders, TODAY, codes) == {"USD": (35.0, 4), "GBP": (99.0, 1)}
    assert dashboard.listing(["x", "y"], 5) == "x, y … and 3 more" and dashboard.listing([], 0) == ""


@pytest.mark.parametrize("dtype", [object, "string"])
@pytest.mark.parametrize("text", ["Cancelled", "cancelled", "", "MCF"])
def test_text_equals_is_excels_equal_sign_ignoring_case_with_blank_as_empty(dtype, text):
    values = pd.Series(
        ["Cancelled", "CANCELLED", None, "", "Shipped", "mcf", "Cancelled "], dtype=dtype, index=range(5, 12)
    )
    expected = {
        "cancelled": [True, True, False, False, False, False, False],
        "": [False, False, True, True, False, False, False],
        "mcf": [False, False, False, False, False, True, False],
    }[text.lower()]
    equal = compute.text_equals(values, text)
    assert equal.tolist() == expected
    assert equal.index.equals(values.index)
    assert equal.tolist() == (compute.text_key(values) == text.lower()).tolist()
