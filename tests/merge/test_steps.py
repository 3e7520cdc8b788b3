"""Every report kind has its merge step, and reports are applied in a fixed order of kinds."""

from __future__ import annotations

from amzsheet.merge.steps import STEPS
from amzsheet.reports import REPORT_KINDS


def test_every_report_kind_has_a_merge_step():
    assert {kind.name for kind in REPORT_KINDS} == set(STEPS)


def test_order_reports_come_first_then_the_facts_they_gather_then_stock_then_money():
    rank = {name: step.rank for name, step in STEPS.items()}
    assert rank["All Orders"] == rank["Unshipped Orders"] < rank["Amazon Fulfilled Shipments"]
    assert rank["Amazon Fulfilled Shipments"] == rank["FBA Customer Returns"] < rank["FBA Manage Inventory"]
    assert rank["FBA Manage Inventory"] == rank["Restock Inventory"] < rank["Date Range Transactions"]
    assert [name for name, step in STEPS.items() if step.by_file_time] == ["FBA Manage Inventory", "Restock Inventory"]
