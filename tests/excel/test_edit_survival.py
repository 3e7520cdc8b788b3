"""Seller edits survive a refresh, as a property: random edits typed into the workbook, then a refresh.

Each example copies a small tracker, types random values into the seller's cells of
Order Tracking and Inventory (with openpyxl, as Excel would save them), adds columns
with values on random rows, order lines typed by hand, a sheet of the seller's own
(values and formulas), column widths, a freeze pane and a filter, then refreshes with
a report that adds orders and moves statuses forward, so rows are merged and re-sorted.
Every edit must come back, on its own line.
"""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pandas as pd
import pytest
from helpers import TODAY, header_row, headers, write_all_orders
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import FilterColumn, Filters

import amzsheet
from amzsheet.contract.schema import FBA, FBM, INVENTORY_COLUMNS, ORDER_COLUMNS, STATUSES, column_names

ORDERS = [f"111-{n:07d}" for n in range(12)]
SKUS = ["MUG", "BOWL", "VASE", "LAMP"]


def _line(order: str, n: int, status: str, hour: int) -> dict:
    return {
        "amazon-order-id": order,
        "purchase-date": f"2026-11-{10 + n % 10:02d}T10:00:00+00:00",
        "last-updated-date": f"2026-11-{10 + n % 10:02d}T{hour:02d}:00:00+00:00",
        "order-status": status,
        "fulfillment-channel": "Merchant" if n % 3 else "Amazon",
        "sku": SKUS[n % len(SKUS)],
        "product-name": f"Product {SKUS[n % len(SKUS)]}",
        "quantity": str(1 + n % 3),
        "item-price": f"{10 + n}.00",
    }


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A tracker of 12 pending orders, and a later report: 4 new orders, 6 of the old ones shipped."""
    folder = tmp_path_factory.mktemp("base")
    first = write_all_orders(folder / "first.txt", [_line(o, n, "Pending", 11) for n, o in enumerate(ORDERS)])
    amzsheet.refresh(folder / "tracker.xlsx", [first], today=TODAY)
    later = [_line(o, n, "Shipped", 20) for n, o in enumerate(ORDERS[:6])]
    later += [_line(f"222-{n:07d}", n, "Pending", 12) for n in range(4)]
    return folder / "tracker.xlsx", write_all_orders(folder / "later.txt", later)


_text = (
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABC0123456789-/#", min_size=1, max_size=12).map(str.strip).filter(bool)
)
_date = st.dates(dt.date(2026, 10, 1), dt.date(2026, 12, 31)).map(lambda d: dt.datetime(d.year, d.month, d.day))
_count = st.integers(0, 500).map(float)

ORDER_EDITS = {
    "Customer Name": _text,
    "Ship By": _date,
    "Shipped Date": _date,
    "Deliver By": _date,
    "Delivered Date": _date,
    "Carrier": _text,
    "Tracking Number": _text,
    "Notes": _text,
    "Restocked Qty": _count,
    "Review Requested": _date,
    "Order Status": st.sampled_from([s for s in STATUSES if s not in ("Pending", "Shipped")]),
}
INVENTORY_EDITS = {
    "Supplier": _text,
    "Unit Cost": st.integers(0, 10_000).map(lambda cents: cents / 100),
    "Stock Counted": _count,
    "Count Date": _date,
    "Received Since Count": _count,
    "Lead Time (days)": st.integers(0, 90).map(float),
    "Notes": _text,
}

order_edit = st.tuples(st.sampled_from(ORDERS), st.sampled_from(sorted(ORDER_EDITS))).flatmap(
    lambda key: st.tuples(st.just(key[0]), st.just(key[1]), ORDER_EDITS[key[1]])
)
inventory_edit = st.tuples(st.sampled_from(SKUS), st.sampled_from(sorted(INVENTORY_EDITS))).flatmap(
    lambda key: st.tuples(st.just(key[0]), st.just(key[1]), INVENTORY_EDITS[key[1]])
)
added_column = st.tuples(st.sampled_from(["Packed By", "Box", "Gift?"]), st.sampled_from(ORDERS), _text)
manual_row = st.tuples(_text.map(lambda t: "manual-" + t), st.sampled_from(SKUS), st.integers(1, 5))
# A sheet of the seller's own: values and formulas, some referring to the tracker's tables.
_formula = st.sampled_from(
    ["=SUM(B1:B3)", "='Order Tracking'!A2", "=SUM(Inventory[Total Cost])", "=COUNTA(Orders[Order ID])", "=B1*2"]
)
sheet_cell = st.tuples(
    st.sampled_from([f"{col}{row}" for col in "ABC" for row in range(1, 5)]),
    st.one_of(_text, st.integers(-1000, 1000).map(float), _formula),
)
_WIDTH_HEADERS = {
    "Order Tracking": ["SKU", "Product Name", "Customer Name", "Notes"],
    "Inventory": ["SKU", "Product Name", "Supplier", "Notes"],
}
width = st.sampled_from(sorted(_WIDTH_HEADERS)).flatmap(
    lambda sheet: st.tuples(st.just(sheet), st.sampled_from(_WIDTH_HEADERS[sheet]), st.integers(5, 60).map(float))
)
freeze = st.one_of(st.none(), st.sampled_from(["A2", "B2", "C3", "E2"]))
status_filter = st.one_of(
    st.none(), st.lists(st.sampled_from(["Pending", "Shipped", "Unshipped"]), min_size=1, unique=True)
)

EDIT_SEQUENCES = 40


@settings(max_examples=EDIT_SEQUENCES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    orders=st.lists(order_edit, max_size=8),
    inventory=st.lists(inventory_edit, max_size=6),
    columns=st.lists(added_column, max_size=4),
    manual=st.lists(manual_row, max_size=2, unique_by=lambda row: row[0]),
    sheet=st.lists(sheet_cell, max_size=6, unique_by=lambda cell: cell[0]),
    widths=st.lists(width, max_size=4, unique_by=lambda w: w[:2]),
    pane=freeze,
    shown=status_filter,
)
def test_every_seller_edit_survives_a_refresh(
    base, tmp_path_factory, orders, inventory, columns, manual, sheet, widths, pane, shown
):
    workbook_base, later = base
    workbook = tmp_path_factory.mktemp("edit") / "tracker.xlsx"
    shutil.copyfile(workbook_base, workbook)
    expected_orders, expected_inventory, expected_added = _type_edits(workbook, orders, inventory, columns, manual)
    _set_up_layout(workbook, sheet, widths, pane, shown)

    amzsheet.refresh(workbook, [later], today=TODAY)

    tracker = amzsheet.open_workbook(workbook)
    lines = tracker.orders.set_index("Order ID")
    for (order, name), value in expected_orders.items():
        assert _same(lines.at[order, name], value), (order, name, lines.at[order, name], value)
    stock = tracker.inventory.set_index("SKU")
    for (sku, name), value in expected_inventory.items():
        assert _same(stock.at[sku, name], value), (sku, name, stock.at[sku, name], value)
    for (order, name), value in expected_added.items():
        assert lines.at[order, name] == value, (order, name)
    for order_id, sku, quantity in manual:
        assert (lines.at[order_id, "SKU"], lines.at[order_id, "Quantity"]) == (sku, quantity)
    assert set(ORDERS) | {f"222-{n:07d}" for n in range(4)} <= set(lines.index)  # nothing lost, the news added
    _check_layout(workbook, sheet, widths, pane, shown)


def _set_up_layout(workbook, cells, widths, pane, shown):
    """The seller's own sheet, column widths, a freeze pane and a filter on Order Status."""
    book = openpyxl.load_workbook(workbook)
    if cells:
        mine = book.create_sheet("My Notes")
        for address, value in cells:
            mine[address] = value
    for sheet_name, header, value in widths:
        sheet = book[sheet_name]
        sheet.column_dimensions[get_column_letter(_header_position(sheet, header))].width = value
    book["Order Tracking"].freeze_panes = pane
    if shown:
        table = book["Order Tracking"].tables["Orders"]
        column = _header_position(book["Order Tracking"], "Order Status") - 1
        table.autoFilter.filterColumn.append(FilterColumn(colId=column, filters=Filters(filter=shown)))
    book.save(workbook)


def _check_layout(workbook, cells, widths, pane, shown):
    book = openpyxl.load_workbook(workbook)
    if cells:
        mine = book["My Notes"]
        for address, value in cells:
            assert mine[address].value == value, (address, mine[address].value, value)
    for sheet_name, header, value in widths:
        assert _width(book[sheet_name], _header_position(book[sheet_name], header)) == pytest.approx(value, abs=0.01)
    assert book["Order Tracking"].freeze_panes == pane
    if shown:
        table = book["Order Tracking"].tables["Orders"]
        (kept,) = table.autoFilter.filterColumn
        assert kept.colId == _header_position(book["Order Tracking"], "Order Status") - 1
        assert sorted(kept.filters.filter) == sorted(shown)


def _width(sheet, position: int) -> float | None:
    """The width of column ``position`` (openpyxl files equal neighbours under the first one's letter)."""
    return next((d.width for d in sheet.column_dimensions.values() if d.min <= position <= d.max), None)


def _header_position(sheet, header) -> int:
    return headers(sheet).index(header) + 1


def _type_edits(workbook, orders, inventory, columns, manual):
    """Type the edits with openpyxl; return what each edited cell must hold afterwards."""
    book = openpyxl.load_workbook(workbook)
    sheet, stock = book["Order Tracking"], book["Inventory"]
    top = header_row(sheet)  # Order Tracking's header is under the legend
    order_rows = {sheet.cell(r, 1).value: r for r in range(top + 1, sheet.max_row + 1)}
    sku_rows = {stock.cell(r, 1).value: r for r in range(2, stock.max_row + 1)}
    order_col = {name: i + 1 for i, name in enumerate(column_names(ORDER_COLUMNS))}
    stock_col = {name: i + 1 for i, name in enumerate(column_names(INVENTORY_COLUMNS))}
    expected_orders, expected_inventory, expected_added = {}, {}, {}
    for order, name, value in orders:
        sheet.cell(order_rows[order], order_col[name], value)
        expected_orders[(order, name)] = value
    for sku, name, value in inventory:
        stock.cell(sku_rows[sku], stock_col[name], value)
        expected_inventory[(sku, name)] = value
    next_col = sheet.max_column + 1
    added = {}
    for header, order, value in columns:
        if header not in added:
            added[header] = next_col
            sheet.cell(top, next_col, header)
            next_col += 1
        sheet.cell(order_rows[order], added[header], value)
        expected_added[(order, header)] = value
    row = sheet.max_row + 1
    for order_id, sku, quantity in manual:
        sheet.cell(row, order_col["Order ID"], order_id)
        sheet.cell(row, order_col["SKU"], sku)
        sheet.cell(row, order_col["Quantity"], quantity)
        sheet.cell(row, order_col["Channel"], FBM if quantity % 2 else FBA)
        row += 1
    book.save(workbook)
    return expected_orders, expected_inventory, expected_added


def _same(actual, expected) -> bool:
    if isinstance(expected, dt.datetime):
        return pd.Timestamp(actual) == pd.Timestamp(expected)
    if isinstance(expected, float):
        return actual == pytest.approx(expected)
    return actual == expected
