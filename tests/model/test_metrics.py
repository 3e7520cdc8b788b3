"""Seller metrics in pandas: exact figures on crafted orders (see tests/helpers/seller_metrics.py)."""

from __future__ import annotations

import datetime as dt
import json
import time

import numpy as np
import pandas as pd
import pytest
from helpers import TODAY
from helpers import seller_metrics as crafted

from amzsheet.model.metrics import METRICS, Metric, MetricSpec, meets_target, metrics_json, seller_metrics

KEYS = [
    "late_shipment_rate_10d",
    "late_shipment_rate_30d",
    "pre_fulfillment_cancel_rate_7d",
    "valid_tracking_rate_30d",
    "on_time_delivery_rate_14d",
    "order_defect_rate_60d",
]


def _figures(rows, key, today=TODAY) -> tuple[int, int]:
    metric = seller_metrics(crafted.orders(rows), today)[key]
    return metric.orders, metric.defects


def test_keys_labels_windows_and_targets():
    metrics = seller_metrics(crafted.orders([]), TODAY)
    assert list(metrics) == KEYS
    shown = [(m.label, m.days, m.target, m.above) for m in metrics.values()]
    assert shown == [
        ("Late Shipment Rate", 10, 0.04, False),
        ("Late Shipment Rate", 30, 0.04, False),
        ("Pre-fulfillment Cancel Rate", 7, 0.025, False),
        ("Valid Tracking Rate", 30, 0.95, True),
        ("On-Time Delivery Rate", 14, 0.90, True),
        ("Order Defect Rate", 60, 0.01, False),
    ]


def test_late_shipment_rate():
    """Late: shipped on a later day than Ship By, or still open; split orders once; FBA, MCF, cancelled out."""
    metrics = seller_metrics(crafted.orders(crafted.LATE), TODAY)
    ten, thirty = metrics["late_shipment_rate_10d"], metrics["late_shipment_rate_30d"]
    assert (ten.orders, ten.defects, ten.value, ten.ok) == (11, 6, 6 / 11, False)
    assert (thirty.orders, thirty.defects, thirty.value) == (12, 7, 7 / 12)


@pytest.mark.parametrize(
    ("line", "counted", "late"),
    [
        ({"ship_by": "2026-11-20", "shipped": "2026-11-20 23:59"}, 1, 0),  # the same day, late in the evening
        ({"ship_by": "2026-11-20", "shipped": "2026-11-21 00:00"}, 1, 1),  # the next day's first minute
        ({"ship_by": "2026-11-20", "shipped": "2026-11-19 08:00"}, 1, 0),  # early
        ({"ship_by": "2026-11-20"}, 1, 0),  # shipped, no Shipped Date: on time
        ({"status": "Delivered", "ship_by": "2026-11-20"}, 1, 0),
        ({"status": "Unshipped", "ship_by": "2026-11-20"}, 1, 1),
        ({"status": "pending", "ship_by": "2026-11-20"}, 1, 1),  # statuses compare as Excel does, ignoring case
        ({"status": "Unshipped", "ship_by": "2026-11-15"}, 1, 1),  # today - 10: in the window
        ({"status": "Unshipped", "ship_by": "2026-11-14"}, 0, 0),  # today - 11: before it
        ({"status": "Unshipped", "ship_by": "2026-11-25"}, 0, 0),  # today: after it
        ({"status": "Unshipped", "channel": "FBA", "ship_by": "2026-11-20"}, 0, 0),
        ({"status": "Unshipped", "channel": "mcf", "ship_by": "2026-11-20"}, 0, 0),
        ({"status": "Unshipped", "channel": None, "ship_by": "2026-11-20"}, 1, 1),  # blank channel: yours
        ({"status": "Cancelled", "ship_by": "2026-11-20"}, 0, 0),
    ],
)
def test_one_line_and_the_late_shipment_rule(line, counted, late):
    rows = [crafted._line("111-1", line.pop("status", "Shipped"), line.pop("channel", "FBM"), **line)]
    assert _figures(rows, "late_shipment_rate_10d") == (counted, late)


def test_pre_fulfillment_cancel_rate_counts_orders_whose_every_line_is_cancelled():
    metric = seller_metrics(crafted.orders(crafted.CANCEL), TODAY)["pre_fulfillment_cancel_rate_7d"]
    assert (metric.orders, metric.defects, metric.value, metric.ok) == (6, 3, 0.5, False)


def test_a_line_at_23_30_local_the_evening_before_the_window_is_left_out():
    """Dates are naive local times (the time zone of Settings): the window starts at local midnight."""
    evening = [crafted._line("C-6", "Cancelled", placed="2026-11-17 23:30")]
    midnight = [crafted._line("C-5", "Cancelled", placed="2026-11-18 00:00")]
    assert _figures(evening, "pre_fulfillment_cancel_rate_7d") == (0, 0)
    assert _figures(midnight, "pre_fulfillment_cancel_rate_7d") == (1, 1)
    # The same instant seen from UTC (Pacific 23:30 is 07:30 UTC the next day) would have been in the window:
    # the metrics take the stored local time as it is.
    utc = pd.Timestamp("2026-11-17 23:30", tz="America/Los_Angeles").tz_convert("UTC").tz_localize(None)
    assert _figures([crafted._line("C-6", "Cancelled", placed=str(utc))], "pre_fulfillment_cancel_rate_7d") == (1, 1)


def test_valid_tracking_rate():
    metric = seller_metrics(crafted.orders(crafted.TRACKING), TODAY)["valid_tracking_rate_30d"]
    assert (metric.orders, metric.defects, metric.value, metric.ok) == (6, 2, 4 / 6, False)


def test_on_time_delivery_rate():
    metric = seller_metrics(crafted.orders(crafted.DELIVERY), TODAY)["on_time_delivery_rate_14d"]
    assert (metric.orders, metric.defects, metric.value, metric.ok) == (4, 2, 0.5, False)


def test_order_defect_rate_counts_fba_and_fbm_orders_with_a_claim_or_negative_feedback():
    metric = seller_metrics(crafted.orders(crafted.DEFECTS), TODAY)["order_defect_rate_60d"]
    assert (metric.orders, metric.defects, metric.value, metric.ok) == (9, 5, 5 / 9, False)


def test_every_scenario_together():
    metrics = seller_metrics(crafted.orders(crafted.ALL), TODAY)
    assert {key: (m.orders, m.defects) for key, m in metrics.items()} == crafted.EXPECTED_ALL


def test_the_order_of_the_rows_does_not_matter():
    rows = crafted.orders(crafted.ALL)
    shuffled = rows.sample(frac=1, random_state=3).reset_index(drop=True)
    assert seller_metrics(shuffled, TODAY) == seller_metrics(rows, TODAY)


def test_empty_windows_give_no_value():
    for rows in ([], crafted.ALL):
        metrics = seller_metrics(crafted.orders(rows), TODAY + dt.timedelta(days=400))
        for metric in metrics.values():
            assert (metric.value, metric.ok, metric.orders, metric.defects) == (None, None, 0, 0)


def test_a_tracker_of_an_older_layout_without_feedback_and_claim():
    rows = crafted.orders(crafted.DEFECTS).drop(columns=["Feedback", "Claim"])
    metric = seller_metrics(rows, TODAY)["order_defect_rate_60d"]
    assert (metric.orders, metric.defects) == (9, 0)


@pytest.mark.parametrize(
    ("key", "value", "ok"),
    [
        ("late_shipment_rate_10d", 0.0399, True),
        ("late_shipment_rate_10d", 1 / 25, False),  # at the target is not under it
        ("pre_fulfillment_cancel_rate_7d", 0.02, True),
        ("pre_fulfillment_cancel_rate_7d", 0.025, False),
        ("valid_tracking_rate_30d", 39 / 40, True),
        ("valid_tracking_rate_30d", 19 / 20, False),  # at the target is not above it
        ("on_time_delivery_rate_14d", 0.9, False),
        ("order_defect_rate_60d", 0.0, True),
        ("order_defect_rate_60d", None, None),
    ],
)
def test_meets_target(key, value, ok):
    spec = next(spec for spec in METRICS if spec.key == key)
    assert meets_target(spec, value) is ok


def test_json_shape():
    metrics = seller_metrics(crafted.orders(crafted.ALL), TODAY)
    data = json.loads(json.dumps(metrics_json(metrics)))
    assert list(data) == KEYS
    assert data["late_shipment_rate_10d"] == {"value": round(6 / 11, 4), "orders": 11, "defects": 6, "target": 0.04,
                                              "ok": False}  # fmt: skip
    assert data["valid_tracking_rate_30d"] == {"value": round(12 / 14, 4), "orders": 14, "defects": 2, "target": 0.95,
                                               "ok": False}  # fmt: skip
    empty = metrics_json(seller_metrics(crafted.orders([]), TODAY))
    assert empty["order_defect_rate_60d"] == {"value": None, "orders": 0, "defects": 0, "target": 0.01, "ok": None}


def test_a_good_month():
    """Every FBM order shipped on time with tracking and delivered on time: every metric ok."""
    rows = [
        crafted._line(f"G-{n}", "Delivered", placed=f"2026-11-{n:02d} 09:00", ship_by=f"2026-11-{n + 1:02d}",
                      shipped=f"2026-11-{n + 1:02d} 16:00", tracking=f"1Z{n}", deliver_by=f"2026-11-{n + 4:02d}",
                      delivered=f"2026-11-{n + 3:02d} 12:00", Feedback=5)
        for n in range(1, 21)
    ]  # fmt: skip
    metrics = seller_metrics(crafted.orders(rows), TODAY)
    assert all(metric.ok for metric in metrics.values()), metrics
    assert metrics["valid_tracking_rate_30d"] == Metric("Valid Tracking Rate", 30, 1.0, 20, 0, 0.95, True, True)
    assert isinstance(METRICS[0], MetricSpec)


def test_fast_on_100000_lines():
    rng = np.random.default_rng(5)
    count = 100_000
    placed = pd.Timestamp(TODAY) - pd.to_timedelta(rng.integers(0, 90 * 24 * 60, count), unit="min")
    rows = pd.DataFrame(
        {
            "Order ID": [f"111-{n // 2:07d}" for n in range(count)],
            "Order Date": placed,
            "Channel": rng.choice(["FBA", "FBM", "MCF"], count),
            "Order Status": rng.choice(["Shipped", "Delivered", "Cancelled", "Unshipped"], count),
            "Ship By": placed.normalize() + pd.Timedelta(days=2),
            "Shipped Date": placed + pd.to_timedelta(rng.integers(0, 4 * 24 * 60, count), unit="min"),
            "Deliver By": placed.normalize() + pd.Timedelta(days=6),
            "Delivered Date": placed + pd.to_timedelta(rng.integers(2 * 24 * 60, 8 * 24 * 60, count), unit="min"),
            "Tracking Number": np.where(rng.random(count) < 0.97, "1Z", None),
            "Feedback": np.where(rng.random(count) < 0.05, rng.integers(1, 6, count), np.nan),
        }
    )
    table = crafted.orders([]).pipe(lambda empty: pd.concat([empty, rows]).astype(empty.dtypes.to_dict()))
    started = time.perf_counter()
    metrics = seller_metrics(table, TODAY)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"{elapsed:.2f} s"
    # Cross-check one figure with a plain groupby per order.
    window = table[(table["Channel"] == "FBM") & (table["Order Status"] != "Cancelled")]
    window = window[(window["Ship By"] >= pd.Timestamp(TODAY) - pd.Timedelta(days=30))
                    & (window["Ship By"] < pd.Timestamp(TODAY))]  # fmt: skip
    late = window["Order Status"].eq("Unshipped") | (window["Shipped Date"].dt.normalize() > window["Ship By"])
    per_order = late.groupby(window["Order ID"]).any()
    metric = metrics["late_shipment_rate_30d"]
    assert (metric.orders, metric.defects) == (len(per_order), int(per_order.sum()))
