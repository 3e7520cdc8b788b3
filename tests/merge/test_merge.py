"""Merging exports into Order Tracking: idempotent, forward-only, and never losing edits."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from helpers import TODAY, headers, write_all_orders
from xlsxwriter.utility import xl_col_to_name

import amzsheet
from amzsheet.contract.schema import ORDER_COLUMNS

UNSHIPPED_HEADER = (
    "order-id\torder-item-id\tpurchase-date\tpayments-date\treporting-date\tpromise-date\tdays-past-promise\t"
    "buyer-email\tbuyer-name\tbuyer-phone-number\tsku\tproduct-name\tquantity-purchased\tquantity-shipped\t"
    "quantity-to-ship\tship-service-level\trecipient-name"
)


def _line(order_id: str, status: str, updated: str, **extra) -> dict:
    line = {
        "amazon-order-id": order_id,
        "purchase-date": "2026-11-20T15:00:00+00:00",
        "last-updated-date": updated,
        "order-status": status,
        "sku": "MUG-1",
        "product-name": "Coffee Mug",
        "quantity": "2",
        "item-price": "19.98",
        "item-status": "Shipped" if status.startswith("Shipped") else "",
    }
    return {**line, **extra}


def _unshipped_report(path, reported: str):
    """An Unshipped Orders report with one line of order 111-1 (ship by 23 Nov, 07:59:59 UTC)."""
    fields = [
        "111-1", "00012345678901", "2026-11-20T15:00:00+00:00", "2026-11-20T15:00:00+00:00", reported,
        "2026-11-23T07:59:59+00:00", "-2", "x@marketplace.amazon.com", "Grace Hopper", "", "MUG-1", "Coffee Mug",
        "2", "0", "2", "Standard", "G. H.",
    ]  # fmt: skip
    path.write_text(UNSHIPPED_HEADER + "\n" + "\t".join(fields) + "\n")
    return path


def _two_pending_orders(tmp_path, workbook, second_day="2026-11-20"):
    """Refresh ``workbook`` with two pending orders; return it opened in openpyxl, and Order Tracking."""
    lines = [
        _line("111-1", "Pending", "2026-11-20T16:00:00+00:00"),
        _line("111-2", "Pending", f"{second_day}T16:00:00+00:00"),
    ]
    _refresh(workbook, write_all_orders(tmp_path / "a.txt", lines))
    book = openpyxl.load_workbook(workbook)
    return book, book["Order Tracking"]


@pytest.fixture
def workbook(tmp_path):
    return tmp_path / "tracker.xlsx"


def _refresh(workbook, *exports):
    return amzsheet.refresh(workbook, exports, today=TODAY)


def _orders(workbook) -> pd.DataFrame:
    return amzsheet.open_workbook(workbook).orders.set_index("Order ID")


def test_same_file_twice_changes_nothing(tmp_path, workbook):
    export = write_all_orders(tmp_path / "a.txt", [_line("111-1", "Pending", "2026-11-20T16:00:00+00:00")])
    first = _refresh(workbook, export)
    before = _orders(workbook)
    second = _refresh(workbook, export)
    assert (first.new_lines, second.new_lines, second.updated_lines) == (1, 0, 0)
    pd.testing.assert_frame_equal(before, _orders(workbook))


def test_status_moves_forward_and_never_back(tmp_path, workbook):
    pending = write_all_orders(tmp_path / "1.txt", [_line("111-1", "Pending", "2026-11-20T16:00:00+00:00")])
    shipped = write_all_orders(tmp_path / "2.txt", [_line("111-1", "Shipped", "2026-11-21T09:30:00+00:00")])
    _refresh(workbook, pending)
    result = _refresh(workbook, shipped)
    assert result.updated_lines == 1
    line = _orders(workbook).loc["111-1"]
    assert line["Order Status"] == "Shipped"
    assert line["Shipped Date"] == pd.Timestamp("2026-11-21 09:30")  # from the report's last update
    _refresh(workbook, pending)  # an older report again
    assert _orders(workbook).loc["111-1", "Order Status"] == "Shipped"


def test_one_file_with_several_states_of_a_line(tmp_path, workbook):
    export = write_all_orders(
        tmp_path / "a.txt",
        [
            _line("111-1", "Shipped - Delivered to Buyer", "2026-11-23T10:00:00+00:00"),
            _line("111-1", "Pending", "2026-11-20T16:00:00+00:00"),
            _line("111-1", "Shipped", "2026-11-21T09:30:00+00:00"),
        ],
    )
    result = _refresh(workbook, export)
    assert result.new_lines == 1
    line = _orders(workbook).loc["111-1"]
    assert line["Order Status"] == "Delivered"
    assert line["Shipped Date"] == pd.Timestamp("2026-11-21 09:30")
    assert line["Delivered Date"] == pd.Timestamp("2026-11-23 10:00")


def test_seller_edits_are_kept(tmp_path, workbook):
    book, sheet = _two_pending_orders(tmp_path, workbook)
    header = headers(sheet)
    rows = {sheet.cell(row, 1).value: row for row in range(3, sheet.max_row + 1)}  # under the legend and header
    edits = {"Order Status": "Cancelled", "Notes": "customer called", "Customer Name": "Ada Lovelace"}
    for name, value in edits.items():
        sheet.cell(rows["111-1"], header.index(name) + 1, value)
    inventory = book["Inventory"]
    inv_header = [cell.value for cell in inventory[1]]
    inventory.cell(2, inv_header.index("Unit Cost") + 1, 4.25)
    inventory.cell(2, inv_header.index("Stock Counted") + 1, 30)
    inventory.cell(2, inv_header.index("Lead Time (days)") + 1, 9)
    book.save(workbook)

    later = write_all_orders(
        tmp_path / "b.txt",
        [
            _line("111-1", "Shipped", "2026-11-22T09:00:00+00:00"),
            _line("111-2", "Shipped", "2026-11-22T09:00:00+00:00"),
        ],
    )
    _refresh(workbook, later)
    tracker = amzsheet.open_workbook(workbook)
    orders = tracker.orders.set_index("Order ID")
    assert orders.loc["111-1", "Order Status"] == "Cancelled"  # set by hand, kept
    assert orders.loc["111-1", "Amazon Status"] == "Shipped"  # Amazon's view is still recorded
    assert orders.loc["111-1", "Notes"] == "customer called"
    assert orders.loc["111-1", "Customer Name"] == "Ada Lovelace"
    assert orders.loc["111-2", "Order Status"] == "Shipped"
    item = tracker.inventory.iloc[0]
    assert (item["Unit Cost"], item["Stock Counted"], item["Lead Time (days)"]) == (4.25, 30, 9)
    # 30 counted, no count date: 2 units of the non-cancelled line sold -> 28 available, worth 28 * 4.25.
    assert item["Available Quantity"] == 28 and item["Total Cost"] == pytest.approx(119.0)


def test_orders_are_never_deleted(tmp_path, workbook):
    _refresh(workbook, write_all_orders(tmp_path / "a.txt", [_line("111-1", "Shipped", "2026-11-21T09:00:00+00:00")]))
    _refresh(workbook, write_all_orders(tmp_path / "b.txt", [_line("111-2", "Pending", "2026-11-22T09:00:00+00:00")]))
    assert sorted(_orders(workbook).index) == ["111-1", "111-2"]


def test_unshipped_report_matches_all_orders_line_and_sets_ship_by(tmp_path, workbook):
    all_orders = write_all_orders(tmp_path / "a.txt", [_line("111-1", "Pending", "2026-11-20T16:00:00+00:00")])
    unshipped = _unshipped_report(tmp_path / "u.txt", reported="2026-11-21T06:00:00+00:00")
    _refresh(workbook, all_orders)
    default = _orders(workbook).loc["111-1"]
    assert default["Ship By"] == pd.Timestamp("2026-11-22")  # order date + 2 handling days
    assert default["Deliver By"] == pd.Timestamp("2026-11-27")  # + 5 delivery days
    result = _refresh(workbook, unshipped)
    assert (result.new_lines, result.updated_lines) == (0, 1)
    line = _orders(workbook).loc["111-1"]
    assert line["Order Item ID"] == "00012345678901"  # leading zeros kept
    assert line["Customer Name"] == "Grace Hopper"
    assert line["Order Status"] == "Unshipped"
    assert line["Ship By"] == pd.Timestamp("2026-11-22")  # 23:59:59 Pacific on 22 Nov: that day
    assert line["Deliver By"] == pd.Timestamp("2026-11-27")


def test_overdue_fbm_order_is_flagged_and_fba_is_not(tmp_path, workbook):
    late = "2026-11-10T15:00:00+00:00"
    export = write_all_orders(
        tmp_path / "a.txt",
        [
            _line("111-1", "Pending", late, **{"purchase-date": late}),
            _line("111-2", "Pending", late, **{"purchase-date": late, "fulfillment-channel": "Amazon"}),
        ],
    )
    result = _refresh(workbook, export)
    assert result.overdue_orders == 1
    assert _orders(workbook)["Alert"].fillna("").to_dict() == {"111-1": "OVERDUE", "111-2": ""}


def test_refresh_without_exports_recomputes_for_a_new_day(tmp_path, workbook):
    export = write_all_orders(tmp_path / "a.txt", [_line("111-1", "Pending", "2026-11-20T16:00:00+00:00")])
    amzsheet.refresh(workbook, [export], today=dt.date(2026, 11, 21))
    assert pd.isna(_orders(workbook).loc["111-1", "Alert"])
    amzsheet.refresh(workbook, [], today=dt.date(2026, 11, 22))
    assert _orders(workbook).loc["111-1", "Alert"] == "SHIP TODAY"
    amzsheet.refresh(workbook, [], today=dt.date(2026, 11, 23))
    assert _orders(workbook).loc["111-1", "Alert"] == "OVERDUE"


def test_columns_the_seller_added_keep_their_values_on_the_right_row(tmp_path, workbook):
    book, sheet = _two_pending_orders(tmp_path, workbook, second_day="2026-11-19")
    extra = sheet.max_column + 1
    sheet.cell(2, extra, "Packed By")  # the header row, under the legend
    sheet.cell(2, extra + 1, "Box Weight")
    sheet.cell(2, extra + 2, "Promised Call")
    rows = {sheet.cell(row, 1).value: row for row in range(3, sheet.max_row + 1)}
    sheet.cell(rows["111-2"], extra, "Sam")
    sheet.cell(rows["111-2"], extra + 1, 1.25)
    sheet.cell(rows["111-2"], extra + 2, dt.datetime(2026, 11, 26))
    book["Inventory"].cell(1, book["Inventory"].max_column + 1, "Shelf")
    book["Inventory"].cell(2, book["Inventory"].max_column, "B-7")
    book.save(workbook)

    newer = write_all_orders(tmp_path / "b.txt", [_line("111-3", "Pending", "2026-11-21T16:00:00+00:00")])
    _refresh(workbook, newer)  # the new order sorts first, moving the others down
    after = openpyxl.load_workbook(workbook)
    sheet = after["Order Tracking"]
    header = headers(sheet)
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == "111-2")
    assert sheet.cell(row, header.index("Packed By") + 1).value == "Sam"
    assert sheet.cell(row, header.index("Box Weight") + 1).value == 1.25
    call = sheet.cell(row, header.index("Promised Call") + 1)
    assert call.is_date and call.value == dt.datetime(2026, 11, 26)
    assert sheet.tables["Orders"].ref == f"A2:{xl_col_to_name(len(ORDER_COLUMNS) + 2)}{sheet.max_row}"  # 3 added
    inventory = after["Inventory"]
    assert inventory.cell(2, [c.value for c in inventory[1]].index("Shelf") + 1).value == "B-7"


def test_import_order_does_not_change_the_result(tmp_path, sample_folder):
    exports = sorted((sample_folder / "exports").iterdir())
    forward, backward = tmp_path / "forward.xlsx", tmp_path / "backward.xlsx"
    for export in exports:
        _refresh(forward, export)
    for export in reversed(exports):
        _refresh(backward, export)
    # Lines of one order may be listed in another order (the first report seen creates them).
    a, b = (_orders(path).reset_index().sort_values(["Order ID", "SKU"], kind="stable") for path in (forward, backward))
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


def test_older_report_fills_what_the_table_lacks(tmp_path, workbook):
    unshipped = _unshipped_report(tmp_path / "u.txt", reported="2026-11-22T06:00:00+00:00")
    _refresh(workbook, unshipped)  # no price in this report
    _refresh(workbook, write_all_orders(tmp_path / "a.txt", [_line("111-1", "Pending", "2026-11-20T16:00:00+00:00")]))
    line = _orders(workbook).loc["111-1"]
    assert (line["Item Total"], line["Currency"], line["Order Status"]) == (19.98, "USD", "Unshipped")


def test_same_sku_twice_in_one_order_keeps_each_line(tmp_path, workbook):
    def order(status_1, status_2, updated):
        return [
            _line("111-9", status_1, updated, quantity="2", **{"item-price": "20.00"}),
            _line("111-9", status_2, updated, quantity="1", **{"item-price": "10.00"}),
        ]

    _refresh(workbook, write_all_orders(tmp_path / "1.txt", order("Pending", "Pending", "2026-11-20T16:00:00+00:00")))
    two = order("Cancelled", "Shipped", "2026-11-21T09:00:00+00:00")
    two[0]["item-status"] = "Cancelled"
    _refresh(workbook, write_all_orders(tmp_path / "2.txt", two))
    three = order("Cancelled", "Shipped - Delivered to Buyer", "2026-11-23T09:00:00+00:00")
    three[0]["item-status"] = "Cancelled"
    _refresh(workbook, write_all_orders(tmp_path / "3.txt", three))
    lines = amzsheet.open_workbook(workbook).orders
    assert lines[["Order Status", "Quantity", "Item Total"]].values.tolist() == [
        ["Cancelled", 2.0, 20.0],
        ["Delivered", 1.0, 10.0],
    ]
