"""The morning briefing: which lines and SKUs each section holds, in which order, and its JSON form."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pandas as pd
import pytest
from helpers import TODAY, make_inventory, make_orders

from amzsheet.contract.schema import PURCHASE_ORDER_COLUMNS, Settings
from amzsheet.contract.tables import conform
from amzsheet.model.briefing import (
    Briefing,
    CountDue,
    LateDelivery,
    OutOfStock,
    Reorder,
    ShipLine,
    build_briefing,
    distinct_orders,
)
from amzsheet.model.metrics import Metric, seller_metrics
from amzsheet.model.tracker import Tracker

D = pd.Timestamp
#: A line shipped with its carrier and tracking number, due yesterday.
LATE = {"Ship By": D("2026-11-19"), "Shipped Date": D("2026-11-19"), "Deliver By": D("2026-11-24"),
        "Carrier": "UPS", "Tracking Number": "1Z999"}  # fmt: skip


def _line(order_id: str, sku: str, status: str, channel: str = "FBM", **extra) -> dict:
    return {"Order ID": order_id, "Order Date": D("2026-11-18 10:00"), "SKU": sku, "Product Name": sku.title(),
            "Quantity": 1, "Item Total": 10.0, "Channel": channel, "Order Status": status, **extra}  # fmt: skip


@pytest.fixture(scope="module")
def tracker() -> Tracker:
    """A tracker with one line or SKU of every kind, recomputed for TODAY (2026-11-25)."""
    orders = make_orders(
        [
            _line("111-SHIP", "MUG", "Unshipped", **{"Ship By": D("2026-11-25")}),
            _line("111-TWO", "TEA", "Pending", **{"Ship By": D("2026-11-23")}),
            _line("111-two", "MUG", "Pending", **{"Ship By": D("2026-11-23")}),  # the same order, spelled otherwise
            _line("111-OLD", "MUG", "Unshipped", **{"Ship By": D("2026-11-20")}),
            _line("111-FBA", "MUG", "Unshipped", "FBA", **{"Ship By": D("2026-11-20")}),  # Amazon ships it
            _line("111-MCF", "MUG", "Unshipped", "MCF", **{"Ship By": D("2026-11-25")}),
            _line("111-CANC", "MUG", "Cancelled", **{"Ship By": D("2026-11-20")}),
            _line("111-TOMORROW", "MUG", "Unshipped", **{"Ship By": D("2026-11-26")}),
            _line("111-LATER", "TEA", "Shipped", **{"Ship By": D("2026-11-15"), "Deliver By": D("2026-11-20")}),
            _line("111-LATE", "MUG", "Shipped", **LATE),
            _line("111-DUE", "MUG", "Shipped", **{"Deliver By": D("2026-11-25")}),  # due today: not late yet
            _line("111-DONE", "MUG", "Delivered", **{"Deliver By": D("2026-11-20")}),
            _line("111-BULK", "MUG", "Delivered", "FBA", Quantity=10),
            {**_line("111-NEG", "NEG", "Delivered", Quantity=3), "Order Date": D("2026-11-10 09:00")},
        ]
    )
    inventory = make_inventory(
        [
            {"SKU": "MUG", "Stock Counted": 0, "Count Date": D("2026-11-24"), "Unit Cost": 2.0, "Case Pack": 500},
            {"SKU": "TEA", "Stock Counted": 100, "Count Date": D("2026-11-24"), "Unit Cost": 1.0},
            {"SKU": "KETTLE", "Product Name": "Kettle", "Unit Cost": 1.0},  # never counted: due today
            {"SKU": "OLD", "Product Name": "Old stock", "Stock Counted": 5, "Count Date": D("2026-06-01")},
            {"SKU": "NEG", "Stock Counted": 1, "Count Date": D("2026-11-01"), "Unit Cost": 1.0},  # 3 sold since
        ]
    )
    purchase = {"SKU": ["NEG"], "Quantity": [24.0], "Order Date": [D("2026-11-20")], "Expected Date": [D("2026-11-30")]}
    purchases = conform(pd.DataFrame(purchase), PURCHASE_ORDER_COLUMNS)
    return Tracker(orders, inventory, Settings(), purchase_orders=purchases).recompute(TODAY)


def test_every_section_holds_exactly_its_lines_and_skus_most_pressing_first(tracker):
    briefing = build_briefing(tracker, TODAY)
    assert dataclasses.replace(briefing, metrics=None) == Briefing(
        as_of=TODAY,
        ship_today=(ShipLine("111-SHIP", "MUG", dt.date(2026, 11, 25)),),
        overdue=(
            ShipLine("111-OLD", "MUG", dt.date(2026, 11, 20)),  # the longest overdue first
            ShipLine("111-TWO", "TEA", dt.date(2026, 11, 23)),
            ShipLine("111-two", "MUG", dt.date(2026, 11, 23)),
        ),
        late_delivery=(
            LateDelivery("111-LATE", "MUG", dt.date(2026, 11, 24), dt.date(2026, 11, 19), "UPS", "1Z999"),
            LateDelivery("111-LATER", "TEA", dt.date(2026, 11, 20), None, None, None),  # older: after
        ),
        reorder=(Reorder("MUG", 500, TODAY),),  # NEG's purchase order covers it
        out_of_stock=(
            OutOfStock("MUG", "Mug", 0, 0),  # sells more than NEG: first
            OutOfStock("NEG", "Neg", -2, 24),  # 1 counted, 3 sold since: count it; 24 on order
        ),
        count_due=(
            CountDue("OLD", "Old stock", dt.date(2026, 8, 30), dt.date(2026, 6, 1)),  # class C: 90 days
            CountDue("KETTLE", "Kettle", TODAY, None),
        ),
    )


def test_the_sections_agree_with_the_tracker_columns_they_come_from(tracker):
    briefing = build_briefing(tracker, TODAY)
    inventory = tracker.inventory.set_index("SKU")
    assert [item.qty for item in briefing.reorder] == [inventory.at["MUG", "Reorder Qty"]]
    assert inventory.at["NEG", "Alert"].startswith("OUT OF STOCK") and inventory.at["NEG", "Reorder Qty"] == 0
    assert distinct_orders(briefing.overdue) == 2  # 111-TWO and 111-two are one order, as on the Dashboard


def test_counts_due_follow_the_day_asked(tracker):
    """A SKU's count falls due on its Next Count (Count Date + 30 days for class A), not the day before."""
    due = tracker.inventory.set_index("SKU").at["MUG", "Next Count"]
    assert due == D("2026-12-24")
    assert "MUG" not in [item.sku for item in build_briefing(tracker, dt.date(2026, 12, 23)).count_due]
    assert "MUG" in [item.sku for item in build_briefing(tracker, dt.date(2026, 12, 24)).count_due]


def test_an_empty_tracker_has_nothing_to_do():
    tracker = Tracker(make_orders([]), make_inventory([]), Settings()).recompute(TODAY)
    briefing = build_briefing(tracker, TODAY)
    assert dataclasses.replace(briefing, metrics=None) == Briefing(as_of=TODAY)
    no_orders = {"value": None, "orders": 0, "defects": 0}
    assert briefing.to_json_dict() == {
        "as_of": "2026-11-25",
        **dict.fromkeys(
            ["ship_today", "overdue", "late_delivery", "reorder", "out_of_stock", "count_due", "review_requests"], []
        ),
        "metrics": {
            key: {**no_orders, "target": metric.target, "ok": None} for key, metric in briefing.metrics.items()
        },
        "changes": None,
    }


def test_the_json_form_has_iso_dates_whole_numbers_as_ints_and_nulls(tracker):
    data = build_briefing(tracker, TODAY).to_json_dict()
    assert list(data) == [
        "as_of", "ship_today", "overdue", "late_delivery", "reorder", "out_of_stock", "count_due", "review_requests",
        "metrics", "changes",
    ]  # fmt: skip
    assert data["ship_today"] == [{"order_id": "111-SHIP", "sku": "MUG", "ship_by": "2026-11-25"}]
    assert data["reorder"] == [{"sku": "MUG", "qty": 500, "order_by": "2026-11-25"}]
    assert type(data["reorder"][0]["qty"]) is int
    assert data["out_of_stock"][1] == {"sku": "NEG", "product_name": "Neg", "available": -2, "on_order": 24}
    assert data["late_delivery"][1] == {"order_id": "111-LATER", "sku": "TEA", "deliver_by": "2026-11-20",
                                        "shipped_date": None, "carrier": None, "tracking_number": None}  # fmt: skip
    assert data["count_due"][1] == {"sku": "KETTLE", "product_name": "Kettle", "next_count": "2026-11-25",
                                    "last_count": None}  # fmt: skip
    assert json.loads(json.dumps(data)) == data  # nothing JSON cannot hold


def test_a_section_the_tracker_cannot_fill_is_null_in_the_json():
    """A section is None while its data is missing: its key is null, never an empty stand-in."""

    assert Briefing(as_of=TODAY).to_json_dict()["metrics"] is None
    found = Briefing(
        as_of=TODAY, metrics={"late_shipment_rate_10d": Metric("Late Shipment Rate", 10, 0.5, 2, 1, 0.04, False)}
    )
    assert found.to_json_dict()["metrics"] == {
        "late_shipment_rate_10d": {"value": 0.5, "orders": 2, "defects": 1, "target": 0.04, "ok": False}
    }


def test_the_metrics_are_the_seller_metrics_of_the_recomputed_orders(tracker):
    """Late Shipment Rate: of the 4 FBM orders with a Ship By from 15 to 24 Nov and not wholly cancelled
    (111-TWO, 111-OLD still open; 111-LATER, 111-LATE shipped on time), 2 are late."""
    metrics = build_briefing(tracker, TODAY).metrics
    assert metrics == seller_metrics(tracker.orders, TODAY)
    assert (metrics["late_shipment_rate_10d"].orders, metrics["late_shipment_rate_10d"].defects) == (4, 2)
    assert metrics["late_shipment_rate_10d"].value == 0.5 and metrics["late_shipment_rate_10d"].ok is False
