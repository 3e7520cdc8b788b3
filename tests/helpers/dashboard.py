"""A small tracker for the Dashboard's Today block, and the block as a workbook holds it."""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pandas as pd

import amzsheet
from amzsheet.contract.schema import Settings

from . import TODAY, make_inventory, make_orders

T, DAY = pd.Timestamp(TODAY), pd.Timedelta(days=1)


def line(order_id: str, sku: str, ship_by: pd.Timestamp, **more) -> dict:
    return {"Order ID": order_id, "Order Date": T - 2 * DAY, "SKU": sku, "Quantity": 1, "Item Total": 10.0,
            "Currency": "USD", "Channel": "FBM", "Order Status": "Unshipped", "Ship By": ship_by, **more}  # fmt: skip


def today_fixture() -> tuple[list[dict], list[dict]]:
    """Two orders to ship today (one on two lines), twelve overdue, an FBA order that never alerts; three SKUs."""
    lines = [
        line("111-0000002-0000002", "A", T + 10 * 3600 * pd.Timedelta(seconds=1)),
        line("111-0000001-0000001", "A", T + 2 * 3600 * pd.Timedelta(seconds=1)),
        line("111-0000001-0000001", "C", T + 2 * 3600 * pd.Timedelta(seconds=1)),
        line("222-0000000-0000000", "A", T - DAY, Channel="FBA"),
    ]
    lines += [line(f"113-0000000-00000{k:02d}", "C", T - (k % 3 + 1) * DAY) for k in range(12)]
    inventory = [
        {"SKU": "A", "Product Name": "Apron", "Unit Cost": 2.0, "Stock Counted": 0, "Count Date": T - 5 * DAY},
        {"SKU": "B", "Product Name": "Bowl", "Unit Cost": 1.0, "Stock Counted": 500, "Count Date": T - 5 * DAY},
        {"SKU": "C", "Product Name": "Cup", "Unit Cost": 3.0, "Stock Counted": 3, "Count Date": T - 5 * DAY},
    ]
    return lines, inventory


def save(tmp_path, lines: list[dict], inventory: list[dict], name: str = "tracker.xlsx"):
    """A tracker of ``lines`` and ``inventory`` written for TODAY; its path."""
    tracker = replace(
        amzsheet.new_tracker(Settings(time_zone="UTC")), orders=make_orders(lines), inventory=make_inventory(inventory)
    )
    path = tmp_path / name
    amzsheet.save_workbook(path, tracker, TODAY)
    return path


def today_block(path) -> dict[str, tuple]:
    """The Today block as the workbook holds it: label -> (count, list)."""
    sheet = openpyxl.load_workbook(path, data_only=True)["Dashboard"]
    rows = list(sheet.iter_rows(max_col=3, values_only=True))
    start = next(number for number, row in enumerate(rows) if row[0] == "Today") + 1
    block = {}
    for label, count, listed in rows[start:]:
        if label is None or count is None:
            break
        block[label] = (count, listed or "")
    return block


def expected_today() -> dict[str, tuple]:
    overdue = [f"113-0000000-00000{k:02d}" for k in range(10)]
    return {
        "Orders to ship today": (2, "111-0000001-0000001, 111-0000002-0000002"),
        "Overdue orders": (12, ", ".join(overdue) + " … and 2 more"),
        "SKUs to reorder (Reorder Qty above 0)": (2, "A, C"),
        "Out-of-stock SKUs": (2, "A, C"),  # C: 13 sold since a count of 3
        "SKUs due for a count": (0, ""),
    }
