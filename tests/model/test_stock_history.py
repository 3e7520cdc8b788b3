"""The stock history's array arithmetic against its rules applied one SKU, one day, one flow at a time.

:func:`amzsheet.model.stock_history.in_stock_by_day` and ``record_snapshot`` answer every SKU and day
with a few sorted-array searches. The reference below applies the module's rules literally, with
loops: a morning's stock is the last snapshot on or before the day moved on by the flows since,
or the count moved on, when there is no snapshot or the count is newer. Generated catalogues
(fixed seeds) mix case in SKUs, counts before, between and after snapshots, several rows a day,
returns, purchase orders and lines without a date.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import TODAY, make_inventory, make_orders

from amzsheet.contract.schema import PURCHASE_ORDER_COLUMNS, STOCK_HISTORY_COLUMNS
from amzsheet.contract.tables import conform
from amzsheet.model import stock_history

T = pd.Timestamp(TODAY)
DAY = pd.Timedelta(days=1)
SKUS = ["MUG-1", "mug-1", "TEA-2", "LAMP-3", "NEVER-SOLD", "GONE-9"]


def _catalogue(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Inventory, orders, purchase orders and stock history of a small generated catalogue."""
    rng = np.random.default_rng(seed)

    def moment(days_back: int) -> pd.Timestamp:
        return T - int(rng.integers(0, days_back)) * DAY + pd.Timedelta(minutes=int(rng.integers(0, 1440)))

    orders = make_orders(
        [
            {
                "Order ID": str(n),
                "SKU": str(rng.choice(SKUS[:4] + ["GONE-9"])),
                "Quantity": int(rng.integers(1, 4)),
                "Order Date": moment(60) if rng.random() > 0.05 else pd.NaT,
                "Order Status": "Cancelled" if rng.random() < 0.1 else "Shipped",
                "Restocked Qty": float(rng.integers(1, 3)) if rng.random() < 0.1 else np.nan,
                "Return Date": moment(40),
            }
            for n in range(300)
        ]
    )
    purchases = conform(
        pd.DataFrame(
            {
                "SKU": rng.choice(SKUS[:4], 8),
                "Quantity": rng.integers(10, 50, 8).astype(float),
                "Received Date": [moment(50) if rng.random() < 0.7 else pd.NaT for _ in range(8)],
            }
        ),
        PURCHASE_ORDER_COLUMNS,
    )
    history = conform(
        pd.DataFrame(
            {
                "Date": [moment(45) if k % 3 else (moment(45).normalize()) for k in range(40)],
                "SKU": rng.choice(SKUS, 40),
                "Morning Stock": rng.integers(-2, 60, 40).astype(float),
            }
        ),
        STOCK_HISTORY_COLUMNS,
    )
    inventory = make_inventory(
        [
            {
                "SKU": sku,
                "Stock Counted": float(rng.integers(0, 80)) if rng.random() < 0.8 else np.nan,
                "Count Date": (T - int(rng.integers(0, 50)) * DAY) if rng.random() < 0.85 else pd.NaT,
                "Received Since Count": float(rng.integers(0, 5)) if rng.random() < 0.5 else np.nan,
                "Available Quantity": float(rng.integers(0, 40)) if rng.random() < 0.9 else np.nan,
            }
            for sku in ["MUG-1", "TEA-2", "tea-2", "LAMP-3", "NEVER-SOLD", "NEW-4", None]
        ]
    )
    return inventory, orders, purchases, history


def _flows(orders: pd.DataFrame, purchases: pd.DataFrame, key: str) -> list[tuple[pd.Timestamp, float]]:
    """(moment, units) of every flow of ``key``: sales out, restocked returns and received purchase orders in."""
    flows = []
    for line in orders.to_dict("records"):
        if ("" if pd.isna(line["SKU"]) else line["SKU"].lower()) != key:
            continue
        if str(line["Order Status"]).lower() != "cancelled" and pd.notna(line["Order Date"]):
            flows.append((line["Order Date"], -float(line["Quantity"])))
        if pd.notna(line["Restocked Qty"]) and pd.notna(line["Return Date"]):
            flows.append((line["Return Date"], float(line["Restocked Qty"])))
    for po in purchases.to_dict("records"):
        if str(po["SKU"]).lower() == key and pd.notna(po["Received Date"]):
            flows.append((po["Received Date"], float(po["Quantity"])))
    return flows


def _snapshots(history: pd.DataFrame, key: str) -> dict[pd.Timestamp, float]:
    """Each day's stock of ``key``: the day's latest row."""
    rows = history[history["SKU"].str.lower() == key].sort_values("Date", kind="stable")
    return {when.normalize(): float(stock) for when, stock in zip(rows["Date"], rows["Morning Stock"])}


def _reference_morning(item: pd.Series, flows, snapshots: dict, morning: pd.Timestamp) -> float:
    moved = sum(units for when, units in flows if when < morning)
    count_day = item["Count Date"]
    counted = item["Stock Counted"] + (0 if pd.isna(item["Received Since Count"]) else item["Received Since Count"])
    from_count = np.nan
    if pd.notna(count_day) and pd.notna(counted) and morning >= count_day:
        from_count = counted + moved - sum(units for when, units in flows if when <= count_day)
    taken = [day for day in snapshots if day <= morning]
    if not taken:
        return from_count
    day = max(taken)
    if pd.notna(count_day) and pd.notna(counted) and day < count_day <= morning:
        return from_count  # the count is newer news
    return snapshots[day] + moved - sum(units for when, units in flows if when < day)


@pytest.mark.parametrize("seed", range(6))
def test_each_mornings_stock_follows_the_rules_one_sku_and_day_at_a_time(seed):
    inventory, orders, purchases, history = _catalogue(seed)
    days = pd.date_range(T - 50 * DAY, periods=50)
    keys = inventory["SKU"].fillna("").str.lower().to_numpy(dtype=object)
    flows = stock_history.StockFlows(orders, purchases)
    computed = stock_history.morning_stock(inventory, keys, flows, stock_history._Snapshots(history), days)
    for row, (_, item) in enumerate(inventory.iterrows()):
        mine = _flows(orders, purchases, keys[row])
        taken = _snapshots(history, keys[row])
        expected = [_reference_morning(item, mine, taken, morning) for morning in days]
        np.testing.assert_allclose(computed[row], expected, err_msg=f"row {row} ({item['SKU']})")


@pytest.mark.parametrize("seed", range(6))
def test_todays_snapshot_rows_are_the_skus_whose_stock_is_news(seed):
    inventory, orders, purchases, history = _catalogue(seed)
    earlier = history[history["Date"] < T]
    recorded = stock_history.record_snapshot(earlier, inventory, orders, purchases, TODAY)
    today = recorded[recorded["Date"] == T]
    expected = []
    seen = set()
    for _, item in inventory.iterrows():
        key = "" if pd.isna(item["SKU"]) else item["SKU"].lower()
        if pd.isna(item["SKU"]) or pd.isna(item["Available Quantity"]) or key in seen:
            continue
        seen.add(key)
        flows = _flows(orders, purchases, key)
        morning = item["Available Quantity"] - sum(units for when, units in flows if when >= T)
        taken = _snapshots(earlier, key)
        if taken:
            day = max(taken)
            predicted = taken[day] + sum(units for when, units in flows if day <= when < T)
            if abs(predicted - morning) < 1e-6:
                continue
        expected.append((item["SKU"], morning))
    assert sorted(zip(today["SKU"], today["Morning Stock"])) == sorted(expected)
    assert len(expected) > 0  # the generated catalogues do have news


@pytest.mark.parametrize("seed", range(3))
def test_a_day_counts_as_in_stock_when_the_sku_sold_that_day_or_its_morning_stock_was_not_zero_or_less(seed):
    inventory, orders, purchases, history = _catalogue(seed)
    days = pd.date_range(T - 50 * DAY, periods=50)
    in_stock = stock_history.in_stock_by_day(inventory, orders, purchases, history, days)
    keys = inventory["SKU"].fillna("").str.lower().to_numpy(dtype=object)
    flows = stock_history.StockFlows(orders, purchases)
    stock = stock_history.morning_stock(inventory, keys, flows, stock_history._Snapshots(history), days)
    sold = np.zeros(stock.shape)
    for line in orders.to_dict("records"):
        key = "" if pd.isna(line["SKU"]) else line["SKU"].lower()
        if str(line["Order Status"]).lower() == "cancelled" or pd.isna(line["Order Date"]):
            continue
        for row in np.flatnonzero(keys == key):
            day = days.get_indexer([line["Order Date"].normalize()])[0]
            if day >= 0:
                sold[row, day] += line["Quantity"]
    expected = (sold > 0) | ~(stock <= 0)
    assert (in_stock == expected).all()
    assert not expected.all() and expected.any()  # both kinds of day occur
