"""Independent check of every formula: LibreOffice recalculates, and must agree with amzsheet's cached values.

Every workbook here is written for a fixed date, which amzsheet stores as the Reference date
of Settings, so LibreOffice's results do not depend on the day the test runs. In CI (the CI
variable is set) a missing LibreOffice fails the test instead of skipping it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import openpyxl
import pandas as pd
import pytest
from helpers import TODAY, make_inventory, make_orders, recalc
from helpers.dashboard import expected_today, line, save, today_block, today_fixture
from openpyxl.utils import get_column_letter

import amzsheet
from amzsheet.contract.formula_text import ORDER_ALERT
from amzsheet.contract.schema import (
    COUNT_COLUMNS,
    LAYOUT_VERSION,
    ORDER_COLUMNS,
    PURCHASE_ORDER_COLUMNS,
    STOCK_HISTORY_COLUMNS,
    Settings,
)
from amzsheet.contract.tables import empty_table
from amzsheet.excel.formulas import RowFormula
from amzsheet.excel.reader import layout_version
from amzsheet.samples.workbook import build_sample_workbook

pytestmark = pytest.mark.libreoffice


def test_every_formula_cell_matches_libreoffice(soffice, tmp_path):
    today = TODAY
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
    stale_day = TODAY - dt.timedelta(days=7)
    workbook = build_sample_workbook(tmp_path, stale_day - dt.timedelta(days=1), stale_day)
    recalc.set_reference_date(workbook, TODAY)  # the cached values stay those of a week before
    checked, mismatches = recalc.compare(workbook, recalc.recalculate(workbook, tmp_path))
    assert any(m.sheet == "Dashboard" and m.formula == "=AsOfDate" for m in mismatches)
    assert any(m.sheet == "Inventory" for m in mismatches)


def test_awkward_seller_data_matches_libreoffice(soffice, tmp_path):
    """SKUs with wildcards or odd case, blank cells, manual rows, a copied Inventory row."""
    today = TODAY
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
    # Multi-Channel Fulfillment: sold units for the stock, no Amazon sale for the Dashboard, never an alert.
    rows.append({"Order ID": "S02-1", "Order Date": t - 3 * day, "SKU": "mug", "Quantity": 4, "Item Total": 11.0,
                 "Channel": "MCF", "Order Status": "Shipped", "Deliver By": t - 2 * day})  # fmt: skip
    rows.append({"Order ID": "S02-2", "Order Date": t - 2 * day, "SKU": "A*B", "Quantity": 2, "Channel": "mcf",
                 "Order Status": "Unshipped", "Ship By": t - day})  # fmt: skip
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


def test_an_empty_tracker_matches_libreoffice(soffice, tmp_path):
    workbook = tmp_path / "empty.xlsx"
    amzsheet.init_workbook(workbook, Settings(time_zone="UTC"), TODAY)
    checked, mismatches = recalc.compare(workbook, recalc.recalculate(workbook, tmp_path))
    assert not mismatches, mismatches[:5]
    assert checked > 200


def test_a_tracker_saved_by_libreoffice_refreshes_without_changes(soffice, sample_workbook, sample_folder, today):
    saved = recalc.recalculate(sample_workbook, sample_workbook.parent)  # opened and saved by LibreOffice
    assert layout_version(saved) == LAYOUT_VERSION  # LibreOffice writes the property as a real number
    result = amzsheet.refresh(saved, [sample_folder / "exports"], today=today)
    assert (result.new_lines, result.updated_lines, result.new_skus) == (0, 0, [])
    original, again = amzsheet.open_workbook(sample_workbook), amzsheet.open_workbook(saved)
    pd.testing.assert_frame_equal(again.orders, original.orders)
    pd.testing.assert_frame_equal(again.inventory, original.inventory)


def _table(columns, rows: list[dict]) -> pd.DataFrame:
    frame = empty_table(columns)
    return pd.DataFrame(rows).reindex(columns=frame.columns).astype(frame.dtypes.to_dict())


def test_awkward_planning_inputs_match_libreoffice(soffice, tmp_path):
    """Purchase orders, counts, case packs, minimums, spreads, service levels and snapshots at their edges."""
    today = TODAY
    t, day = pd.Timestamp(today), pd.Timedelta(days=1)
    rng = np.random.default_rng(1)
    skus = ["A*B", "AXB", "Q?1", "QZ1", "T~X", "=EQ", ">GT", "GT", "mug", "MUG", "00123", "123", "big", "slow", "neg"]
    rows = [
        {
            "Order ID": f"{k}-{j}",
            "Order Date": t - int(rng.integers(1, 120)) * day + pd.Timedelta(hours=int(rng.integers(0, 23))),
            "SKU": sku,
            "Quantity": int(rng.integers(1, 6)),
            "Item Total": 3.3 * (k + 1),
            "Channel": "FBM",
            "Order Status": ["Shipped", "Shipped", "Unshipped", "Cancelled"][j % 4],
            "Return Date": t - (j % 9) * day if j % 7 == 0 else None,
            "Restocked Qty": 1 if j % 7 == 0 else None,
        }
        for k, sku in enumerate(skus)
        for j in range(200 if sku == "big" else 3 if sku == "slow" else 60)
    ]
    inventory = make_inventory(
        [
            {"SKU": "A*B", "Unit Cost": 2.0, "Stock Counted": 50, "Count Date": t - 4.5 * day, "Lead Time (days)": 0,
             "Case Pack": 12, "Min Order Qty": 100},
            {"SKU": "AXB", "Unit Cost": 1.5, "Stock Counted": 0, "Count Date": t - 10 * day, "Min Order Qty": 7,
             "Lead Time Spread (days)": 3.5},
            {"SKU": "Q?1", "Stock Counted": 1, "Received Since Count": 3, "Service Level": 0.5},
            {"SKU": "QZ1", "Stock Counted": 5, "Count Date": t - 3 * day + pd.Timedelta(hours=13),
             "Service Level": 0.999, "Lead Time Spread (days)": 10},
            {"SKU": "T~X", "Unit Cost": 1.0, "Stock Counted": 5},
            {"SKU": "=EQ", "Stock Counted": 500, "Count Date": t - 60 * day, "Case Pack": 24},
            {"SKU": ">GT", "Stock Counted": 3, "Count Date": t - day, "Lead Time (days)": 200},
            {"SKU": "GT", "Stock Counted": 3, "Count Date": t, "Lead Time (days)": 1, "Min Order Qty": 1},
            {"SKU": "mug", "Unit Cost": 3.0, "Stock Counted": 10, "Count Date": t - 8 * day},
            {"SKU": "MUG", "Unit Cost": 3.0, "Stock Counted": 10, "Count Date": t - 2 * day, "Lead Time (days)": 3},
            {"SKU": "00123", "Stock Counted": 90, "Count Date": t - 20 * day, "Case Pack": 5, "Min Order Qty": 1000},
            {"SKU": "123", "Stock Counted": 90, "Count Date": t - 20 * day, "Case Pack": 5, "Min Order Qty": 1000},
            {"SKU": "big", "Unit Cost": 0.01, "Stock Counted": 60, "Count Date": t - 5 * day, "Case Pack": 7},
            {"SKU": "slow", "Unit Cost": 9.99, "Stock Counted": 2, "Count Date": t - 100 * day},
            {"SKU": "never-sold", "Unit Cost": 1, "Stock Counted": 0, "Count Date": t - day},
            {"SKU": "neg", "Stock Counted": 4000, "Count Date": t - 30 * day, "Lead Time (days)": 0},
            {"Notes": "a row with only a note"},
        ]
    )  # fmt: skip
    purchases = _table(
        PURCHASE_ORDER_COLUMNS,
        [
            {"SKU": "a*b", "Quantity": 20, "Expected Date": t + 3 * day},
            {"SKU": "AXB", "Quantity": 30, "Expected Date": t - 5 * day},  # late, still open
            {"SKU": "axb", "Quantity": 40, "Expected Date": t + 100 * day},  # after the lead time
            {"SKU": "Q?1", "Quantity": 9, "Received Date": t - 2 * day},
            {"SKU": "QZ1", "Quantity": 9, "Received Date": t - 3 * day},  # the count's day (counted at 13:00)
            {"SKU": "mug", "Quantity": 11},  # undated
            {"SKU": "MUG", "Quantity": 12, "Expected Date": t + 3 * day},
            {"SKU": ">GT", "Quantity": 5, "Expected Date": t + day},
            {"SKU": "=EQ", "Quantity": None, "Expected Date": t},
            {"SKU": None, "Quantity": 8, "Expected Date": t},
            {"SKU": "00123", "Quantity": 6, "Expected Date": t, "Received Date": t - day},
        ],
    )
    counts = _table(
        COUNT_COLUMNS,
        [
            {"Count Date": t - 3 * day, "SKU": "big", "Counted Qty": 40},
            {"Count Date": t - day, "SKU": "BIG", "Counted Qty": 35},
            {"Count Date": t - 200 * day, "SKU": "slow", "Counted Qty": 1},
            {"Count Date": t - 2 * day, "SKU": None, "Counted Qty": 77},
            {"Count Date": t + 2 * day, "SKU": "GT", "Counted Qty": 1},
        ],
    )
    history = _table(
        STOCK_HISTORY_COLUMNS,
        [
            {"Date": t - k * day, "SKU": sku, "Morning Stock": units}
            for k in (50, 40, 20, 10, 5)
            for sku, units in (("=EQ", 0 if k in (40, 20) else 9), ("a*b", 0), ("123", 5))
        ],
    )
    settings = Settings(time_zone="UTC", sales_window_days=60, review_period_days=10, service_level_c=0.75)
    tracker = replace(
        amzsheet.new_tracker(settings),
        orders=make_orders(rows),
        inventory=inventory,
        purchase_orders=purchases,
        counts=counts,
        stock_history=history,
    )
    workbook = tmp_path / "planning.xlsx"
    saved = amzsheet.save_workbook(workbook, tracker, today)
    checked, mismatches = recalc.compare(workbook, recalc.recalculate(workbook, tmp_path))
    report = "\n".join(
        f"{m.sheet}!{m.cell} {m.formula}: amzsheet {m.cached!r}, LibreOffice {m.recalculated!r}"
        for m in mismatches[:20]
    )
    assert not mismatches, f"{len(mismatches)} of {checked} formula cells differ:\n{report}"
    assert checked > 700
    planned = saved.inventory.set_index("SKU")
    assert planned.at["A*B", "On Order"] == 0  # lead time 0: an order due in 3 days is too late to count
    assert planned.at["AXB", "On Order"] == 30  # the late one counts, the one due in 100 days does not
    assert planned.at["mug", "On Order"] == 12  # the undated order does not count
    assert planned.loc["A*B", "Reorder Qty"] % 12 == 0 and planned.at["big", "Stock Counted"] == 35  # the newest count


def _dashboard_counts(workbook) -> dict[str, object]:
    """The Dashboard's order counts as the workbook holds them (cached or recalculated values)."""
    sheet = openpyxl.load_workbook(workbook, data_only=True)["Dashboard"]
    wanted = ("Orders", "Orders to ship (FBM)", "Overdue orders")
    return {row[0]: row[1] for row in sheet.iter_rows(max_col=2, values_only=True) if row[0] in wanted}


def _resort_by_sku(workbook, typed: list[dict]) -> None:
    """Sort Order Tracking by SKU as a seller would in Excel (no refresh), then type ``typed`` lines below.

    The Alert formulas stay in their rows (a sort keeps a same-row reference on its row); typed lines
    get the Alert formula of their row, as Excel fills a table's formula column.
    """
    book = openpyxl.load_workbook(workbook)
    sheet = book["Order Tracking"]
    header = [cell.value for cell in sheet[2]]  # under the legend
    alert = header.index("Alert")
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    rows.sort(key=lambda row: str(row[header.index("SKU")]))
    rows += [[line.get(name) for name in header] for line in typed]
    formula = RowFormula(ORDER_ALERT, ORDER_COLUMNS)
    for number, values in enumerate(rows, start=3):
        for col, value in enumerate(values):
            sheet.cell(number, col + 1, f"={formula.render(number)}" if col == alert else value)
    table = sheet.tables["Orders"]
    table.ref = f"A2:{get_column_letter(len(header))}{len(rows) + 2}"
    book.save(workbook)


def test_order_counts_count_each_order_once_whatever_the_row_order(soffice, tmp_path):
    """An order's lines apart (a cancelled line between them, a re-sort, a line typed by hand): counted once."""
    t, day = pd.Timestamp(TODAY), pd.Timedelta(days=1)

    def line(order: str, sku: str, status: str, placed: int, ship_by: int) -> dict:
        return {"Order ID": order, "Order Date": t - placed * day, "SKU": sku, "Quantity": 1, "Item Total": 10.0,
                "Channel": "FBM", "Order Status": status, "Ship By": t + ship_by * day}  # fmt: skip

    orders = make_orders(
        [
            line("111-0000001-0000001", "ZZ", "Shipped", 2, -1),
            line("111-0000001-0000001", "AA", "Cancelled", 2, -1),
            line("111-0000001-0000001", "MM", "Shipped", 2, -1),
            line("111-0000002-0000002", "ZZ", "Unshipped", 5, -3),  # overdue
            line("111-0000002-0000002", "BB", "Cancelled", 5, -3),
            line("111-0000002-0000002", "CC", "Unshipped", 5, -3),
            line("111-0000003-0000003", "AA", "Pending", 1, 2),  # open, not overdue
            line("111-0000003-0000003", "ZZ", "Pending", 1, 2),
            line("111-0000004-0000004", "MM", "Shipped", 3, -1),
            line("111-0000005-0000005", "AA", "Cancelled", 3, -1),
            line("111-0000006-0000006", "AA", "Shipped", 60, -57),  # before the 30 days
            line("111-0000006-0000006", "BB", "Cancelled", 60, -57),
            line("111-0000006-0000006", "CC", "Shipped", 60, -57),
        ]
    )
    tracker = replace(amzsheet.new_tracker(Settings(time_zone="UTC")), orders=orders)
    workbook = tmp_path / "orders.xlsx"
    amzsheet.save_workbook(workbook, tracker, TODAY)
    expected = {"Orders": 4, "Orders to ship (FBM)": 2, "Overdue orders": 1}
    assert _dashboard_counts(workbook) == expected  # amzsheet's cached values
    checked, mismatches = recalc.compare(workbook, recalc.recalculate(workbook, tmp_path / "as-written"))
    assert not mismatches and checked > 13

    typed = {"Channel": "FBM", "Quantity": 1, "Item Total": 5.0, "Order Date": t - day, "Ship By": t - day}
    _resort_by_sku(
        workbook,
        [
            {**typed, "Order ID": "WEB-7", "SKU": "AA", "Order Status": "Pending"},  # an order typed by hand
            {**typed, "Order ID": "111-0000004-0000004", "SKU": "ZZ", "Order Status": "Shipped"},  # a line of order 4
            {**typed, "Order ID": "web-7", "SKU": "BB", "Order Status": "Pending"},
        ],
    )
    recalculated = recalc.recalculate(workbook, tmp_path / "resorted")
    # The order typed by hand on two lines is not in the Dashboard's list yet: each line counts until a refresh.
    assert _dashboard_counts(recalculated) == {"Orders": 6, "Orders to ship (FBM)": 4, "Overdue orders": 3}
    amzsheet.refresh(workbook, today=TODAY)
    assert _dashboard_counts(workbook) == {"Orders": 5, "Orders to ship (FBM)": 3, "Overdue orders": 2}
    checked, mismatches = recalc.compare(workbook, recalc.recalculate(workbook, tmp_path / "refreshed"))
    assert not mismatches and checked > 16


def _recalculated(workbook, workdir):
    """LibreOffice's copy of ``workbook``, after checking every formula cell agrees with amzsheet's cached value."""
    recalculated = recalc.recalculate(workbook, workdir)
    checked, mismatches = recalc.compare(workbook, recalculated)
    assert not mismatches, mismatches[:5]
    return recalculated


def test_the_dashboards_today_block_matches_libreoffice(soffice, tmp_path):
    """Order IDs to ship today and overdue, SKUs to reorder: LibreOffice computes the lists amzsheet cached."""
    lines, inventory = today_fixture()
    workbook = save(tmp_path, lines, inventory)
    assert today_block(_recalculated(workbook, tmp_path / "lo")) == expected_today()
    # A week later nothing is shipped: every open order is overdue, none to ship today.
    recalc.set_reference_date(workbook, TODAY + dt.timedelta(days=7))
    later = today_block(recalc.recalculate(workbook, tmp_path / "later"))
    assert later["Orders to ship today"] == (0, "")
    assert later["Overdue orders"][0] == 14 and later["Overdue orders"][1].endswith(" … and 4 more")
    assert later["Overdue orders"][1].startswith("111-0000001-0000001, 111-0000002-0000002, 113-0000000-0000000")


def test_currencies_and_missing_costs_match_libreoffice(soffice, tmp_path):
    lines, inventory = today_fixture()
    lines.append({**line("202-0000000-0000001", "B", pd.Timestamp(TODAY)), "Currency": "GBP", "Item Total": 7.5})
    _recalculated(save(tmp_path, lines, inventory), tmp_path / "currencies")
    for item in inventory:
        item.pop("Unit Cost")
    workbook = save(tmp_path, lines, inventory, "no-costs.xlsx")
    costs = {row[0]: row[1] for row in _rows(_recalculated(workbook, tmp_path / "costs"))}
    assert costs["Inventory value (at cost)"] == "Type Unit Cost on Inventory to see this"
    book = openpyxl.load_workbook(workbook)  # the seller types a Unit Cost
    sheet = book["Inventory"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(4, header.index("Unit Cost") + 1, 2.5)  # C: 3 counted, 13 sold: nothing in stock to value
    sheet.cell(3, header.index("Unit Cost") + 1, 0.5)  # B: 500 in stock
    book.save(workbook)
    typed = {row[0]: row[1] for row in _rows(recalc.recalculate(workbook, tmp_path / "typed"))}
    assert typed["Inventory value (at cost)"] == 0.5 * 499  # B: 500 counted, 1 sold


def _rows(workbook):
    return openpyxl.load_workbook(workbook, data_only=True)["Dashboard"].iter_rows(max_col=2, values_only=True)


def test_the_top_products_stay_in_order_a_week_later(soffice, sample_workbook, tmp_path):
    """The Top 10 is ranked by formulas: a week after the refresh LibreOffice shows that week's order."""
    recalc.set_reference_date(sample_workbook, TODAY + dt.timedelta(days=7))
    sheet = openpyxl.load_workbook(recalc.recalculate(sample_workbook, tmp_path), data_only=True)["Dashboard"]
    header = next(row[0].row for row in sheet.iter_rows(max_col=1) if row[0].value == "Product")
    top = [[sheet.cell(row, col).value for col in (2, 3, 4)] for row in range(header + 1, header + 11)]
    sales = [row[2] for row in top if row[0]]
    assert len(sales) == 10 and sales == sorted(sales, reverse=True)
    cached = openpyxl.load_workbook(sample_workbook, data_only=True)["Dashboard"]
    before = [cached.cell(row, 4).value for row in range(header + 1, header + 11)]
    assert before != sales  # the week moved the figures: a list written at the refresh would be out of order now
