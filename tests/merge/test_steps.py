"""Every report kind has its merge step, and reports are applied in a fixed order of kinds."""

from __future__ import annotations

import pandas as pd

from amzsheet.merge.steps import STEPS
from amzsheet.reports import REPORT_KINDS


def test_every_report_kind_has_a_merge_step():
    assert {kind.name for kind in REPORT_KINDS} == set(STEPS)


def test_order_reports_come_first_then_the_facts_they_gather_then_stock_then_money():
    rank = {name: step.rank for name, step in STEPS.items()}
    assert rank["All Orders"] == rank["Unshipped Orders"] < rank["Amazon Fulfilled Shipments"]
    assert rank["Amazon Fulfilled Shipments"] == rank["FBA Customer Returns"] < rank["FBA Manage Inventory"]
    assert rank["FBA Manage Inventory"] == rank["Restock Inventory"] < rank["Date Range Transactions"]
    # Each kind of its own rank, so that the summary lists them in one order whatever the files' times.
    ads = rank["Sponsored Products Advertised Product"]
    assert rank["Date Range Transactions"] < rank["Monthly Storage Fees"] < ads
    assert [name for name, step in STEPS.items() if step.by_file_time] == [
        "FBA Manage Inventory",
        "Restock Inventory",
        "Monthly Storage Fees",
        "Sponsored Products Advertised Product",  # a newer download corrects the spend
    ]


def test_the_lines_changed_are_counted_before_the_rows_are_sorted(tmp_path):
    """Sorting moves rows; a line counts as updated only when its values changed."""
    from dataclasses import replace

    from helpers import TODAY, make_orders, write_all_orders

    import amzsheet
    from amzsheet.merge.steps import apply_reports
    from amzsheet.reports.reading import read_report

    oldest_first = make_orders(
        [
            {"Order ID": f"111-{n}", "Order Date": pd.Timestamp(TODAY) - pd.Timedelta(days=10 - n), "SKU": "MUG",
             "Quantity": 1, "Channel": "FBM", "Order Status": "Unshipped", "Amazon Status": "Unshipped"}
            for n in range(3)
        ]
    )  # fmt: skip
    tracker = replace(amzsheet.new_tracker(amzsheet.Settings(time_zone="UTC")), orders=oldest_first)
    shipped = {
        "amazon-order-id": "111-1",
        "purchase-date": "2026-11-16T00:00:00+00:00",
        "last-updated-date": "2026-11-20T00:00:00+00:00",
        "order-status": "Shipped",
        "sku": "MUG",
        "quantity": "1",
    }
    report = read_report(write_all_orders(tmp_path / "all.txt", [shipped]), tracker.settings)
    changes, merged = apply_reports(tracker, [report])
    assert (changes.new_lines, changes.updated_lines) == (0, 1)
    assert list(merged.orders["Order ID"]) == ["111-2", "111-1", "111-0"]  # newest first
