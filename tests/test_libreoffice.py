"""Independent check of every formula: LibreOffice recalculates, and must agree with amzsheet's cached values.

The sample workbook is built for the real today, because LibreOffice's TODAY() is the
machine's date. In CI (the CI variable is set) a missing LibreOffice fails the test
instead of skipping it.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace

import pandas as pd
import pytest
import recalc
from conftest import make_inventory, make_orders

import amzsheet
from amzsheet.reader import layout_version
from amzsheet.sample_workbook import build_sample_workbook
from amzsheet.schema import LAYOUT_VERSION, Settings

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def soffice():
    path = recalc.soffice()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed: .ci/run must install libreoffice-calc")
        pytest.skip("LibreOffice is not installed")
    return path


def test_every_formula_cell_matches_libreoffice(soffice, tmp_path):
    today = dt.date.today()
    workbook = build_sample_workbook(tmp_path, today - dt.timedelta(days=1), today)
    recalculated = recalc.recalculate(workbook, tmp_path)
    checked, mismatches = recalc.compare(workbook, recalculated)
    report = "\n".join(
        f"{m.sheet}!{m.cell} {m.formula}: amzsheet {m.cached!r}, LibreOffice {m.recalculated!r}"
        for m in mismatches[:20]
    )
    assert not mismatches, f"{len(mismatches)} of {checked} formula cells differ:\n{report}"
    assert checked > 3000  # every Alert, every Inventory formula, every Dashboard figure


def test_the_check_notices_a_wrong_cached_value(soffice, tmp_path):
    """The comparison is not vacuous: a workbook cached for another day disagrees with LibreOffice."""
    stale_day = dt.date.today() - dt.timedelta(days=7)
    workbook = build_sample_workbook(tmp_path, stale_day - dt.timedelta(days=1), stale_day)
    checked, mismatches = recalc.compare(workbook, recalc.recalculate(workbook, tmp_path))
    assert any(m.sheet == "Dashboard" and m.formula == "=TODAY()" for m in mismatches)
    assert any(m.sheet == "Inventory" for m in mismatches)


def test_awkward_seller_data_matches_libreoffice(soffice, tmp_path):
    """SKUs with wildcards or odd case, blank cells, manual rows, a copied Inventory row."""
    today = dt.date.today()
    t = pd.Timestamp(today)
    day = pd.Timedelta(days=1)
    rows = []
    for k, sku in enumerate(["A*B", "AXB", "Q?1", "QZ1", "T~X", "=EQ", ">GT", "GT", "mug", "MUG", "00123", "123"]):
        for j in range(3):
            rows.append(
                {
                    "Order ID": f"1{k:02d}-{j}",
                    "Order Date": t - (j + 1) * day - k * pd.Timedelta(hours=3),
                    "SKU": sku,
                    "Quantity": k + 1,
                    "Item Total": 2.5 * (k + 1),
                    "Channel": "FBM",
                    "Order Status": ["Shipped", "Unshipped", "Cancelled"][j],
                    # returns put back on sale, dated before and after the counts below
                    "Return Date": t - (k % 4 + 1) * 2 * day if j == 0 else None,
                    "Restocked Qty": k % 3 if j == 0 else None,
                }
            )
    rows.append({"Order ID": "manual-1", "SKU": "A*B", "Quantity": 4, "Order Status": "Pending"})  # no date
    rows.append({"Order ID": "manual-2", "Order Date": t - 2 * day, "Quantity": 2, "Order Status": "Shipped"})  # no SKU
    orders = make_orders(rows)
    inventory = make_inventory(
        [
            {"SKU": "A*B", "Unit Cost": 2.0, "Stock Counted": 50, "Count Date": t - 4.5 * day, "Lead Time (days)": 0},
            {"SKU": "Q?1", "Stock Counted": 1, "Received Since Count": 3},
            {"SKU": "T~X", "Unit Cost": 1.0, "Stock Counted": -5},
            {"SKU": "mug", "Unit Cost": 3.0, "Stock Counted": 10, "Count Date": t - 8 * day},
            {"SKU": "MUG", "Unit Cost": 3.0, "Stock Counted": 10, "Count Date": t - 2 * day},  # a copied row
            {"Notes": "a row with only a note"},
        ]
    )
    tracker = amzsheet.new_tracker(Settings(time_zone="UTC", sales_window_days=7))
    workbook = tmp_path / "awkward.xlsx"
    amzsheet.save_workbook(workbook, replace(tracker, orders=orders, inventory=inventory), today)
    checked, mismatches = recalc.compare(workbook, recalc.recalculate(workbook, tmp_path))
    report = "\n".join(
        f"{m.sheet}!{m.cell} {m.formula}: amzsheet {m.cached!r}, LibreOffice {m.recalculated!r}"
        for m in mismatches[:20]
    )
    assert not mismatches, f"{len(mismatches)} of {checked} formula cells differ:\n{report}"


def test_a_tracker_saved_by_libreoffice_refreshes_without_changes(soffice, sample_workbook, sample_folder, today):
    saved = recalc.recalculate(sample_workbook, sample_workbook.parent)  # opened and saved by LibreOffice
    assert layout_version(saved) == LAYOUT_VERSION  # LibreOffice writes the property as a real number
    result = amzsheet.refresh(saved, [sample_folder / "exports"], today=today)
    assert (result.new_lines, result.updated_lines, result.new_skus) == (0, 0, [])
    original, again = amzsheet.open_workbook(sample_workbook), amzsheet.open_workbook(saved)
    pd.testing.assert_frame_equal(again.orders, original.orders)
    pd.testing.assert_frame_equal(again.inventory, original.inventory)
