"""Saving never half-writes or loses the workbook; odd workbooks give one clear sentence."""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import replace

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import make_orders

import amzsheet
from amzsheet.cli import cli
from amzsheet.contract.schema import INVENTORY_COLUMNS, ORDER_COLUMNS, column_names
from amzsheet.errors import WorkbookError, WorkbookLockedError
from amzsheet.excel.formulas import column_letter


def test_failed_save_leaves_the_old_workbook_and_no_temporary_file(sample_workbook, monkeypatch, today):
    before = sample_workbook.read_bytes()

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WorkbookLockedError, match="is it open in Excel"):
        amzsheet.refresh(sample_workbook, today=today + dt.timedelta(days=1))  # a new day: the workbook is written
    assert sample_workbook.read_bytes() == before
    left = sorted(p.name for p in sample_workbook.parent.iterdir() if p.is_file())
    assert left == [".tracker.xlsx.lock", "tracker.xlsx"]  # no temporary file; the lock file stays, empty
    assert list((sample_workbook.parent / "backups").glob("*")) == []  # nothing replaced, nothing backed up


def test_disk_errors_are_one_sentence(sample_workbook, monkeypatch, today):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("amzsheet.api.write_workbook", full)
    result = CliRunner().invoke(cli, ["refresh", str(sample_workbook)])
    assert result.exit_code == 1
    assert (
        result.output == f"Error: {sample_workbook} cannot be written (No space left on device); nothing was changed\n"
    )


def test_refresh_keeps_the_file_permissions(sample_workbook, today):
    os.chmod(sample_workbook, 0o664)
    assert amzsheet.refresh(sample_workbook, today=today + dt.timedelta(days=1)).written
    assert stat.S_IMODE(os.stat(sample_workbook).st_mode) == 0o664


@pytest.mark.parametrize("name", ["tracker.xls", "tracker", "tracker.ods"])
def test_only_xlsx_trackers_are_created(tmp_path, name):
    with pytest.raises(WorkbookError, match="give a file name ending in .xlsx"):
        amzsheet.refresh(tmp_path / name)
    assert not (tmp_path / name).exists()


def _position(columns, name: str) -> int:
    """1-based column number of header ``name``."""
    return column_names(columns).index(name) + 1


def _edit(workbook, sheet_name, edits):
    book = openpyxl.load_workbook(workbook)
    sheet = book[sheet_name]
    for (row, col), value in edits.items():
        sheet.cell(row, col, value)
    book.save(workbook)
    return sheet


def test_negative_lead_time_is_refused_with_its_cell(sample_workbook, today):
    _edit(sample_workbook, "Inventory", {(3, _position(INVENTORY_COLUMNS, "Lead Time (days)")): -4})
    with pytest.raises(WorkbookError) as error:
        amzsheet.refresh(sample_workbook, today=today)
    assert str(error.value) == (
        f"{sample_workbook}, sheet 'Inventory', cell {column_letter(INVENTORY_COLUMNS, 'Lead Time (days)')}3 "
        "(Lead Time (days)): -4 is not a number from 0 to 3,650; "
        "correct it in Excel (or clear it) and run again"
    )


def test_repeated_and_blank_headers_keep_their_columns(sample_workbook, today):
    free = len(ORDER_COLUMNS) + 1
    # Row 2 is Order Tracking's header, under the legend of the alert colours.
    _edit(sample_workbook, "Order Tracking", {(2, free): "notes", (3, free): "call back", (3, free + 1): "no header"})
    amzsheet.refresh(sample_workbook, today=today)
    # and again, the next day (the same day would leave it as it was): the workbook is still a tracker
    assert amzsheet.refresh(sample_workbook, today=today + dt.timedelta(days=1)).written
    orders = amzsheet.open_workbook(sample_workbook).orders
    blank_header = f"Column{free + 1}"
    assert list(orders.columns[-2:]) == ["notes (2)", blank_header]
    assert orders["notes (2)"].dropna().tolist() == ["call back"]
    assert orders[blank_header].dropna().tolist() == ["no header"]


def test_blank_inventory_rows_and_sku_less_orders_do_not_break_the_dashboard(sample_workbook, today):
    _edit(sample_workbook, "Inventory", {(60, _position(INVENTORY_COLUMNS, "Notes")): "a note on a row without SKU"})
    _edit(sample_workbook, "Order Tracking", {(3002, 1): "manual-1", (3002, 6): 500, (3002, 7): 99999.0})
    result = amzsheet.refresh(sample_workbook, today=today)
    assert "manual-1" in set(result.tracker.orders["Order ID"])


def test_a_sheet_the_seller_added_is_kept_with_its_values_and_formulas(sample_workbook, today):
    book = openpyxl.load_workbook(sample_workbook)
    budget = book.create_sheet("Budget")
    budget["A1"], budget["B1"], budget["B2"] = "Ads", 120.5, "=B1*2"
    budget["C1"] = "=SUM(Inventory[Total Cost])"
    book.save(sample_workbook)
    amzsheet.refresh(sample_workbook, today=today)
    again = openpyxl.load_workbook(sample_workbook)
    assert again.sheetnames[-1] == "Budget"
    kept = again["Budget"]
    assert (kept["A1"].value, kept["B1"].value, kept["B2"].value) == ("Ads", 120.5, "=B1*2")
    assert kept["C1"].value == "=SUM(Inventory[Total Cost])"


def test_columns_moved_or_computed_columns_deleted_in_excel_are_put_back(sample_workbook, today):
    book = openpyxl.load_workbook(sample_workbook)
    sheet = book["Inventory"]
    sheet.move_range("A1:A100", cols=len(INVENTORY_COLUMNS) + 2)  # SKU moved to the far right
    sheet.delete_cols(_position(INVENTORY_COLUMNS, "Alert"))  # Alert deleted
    book["Order Tracking"].delete_cols(_position(ORDER_COLUMNS, "Alert"))  # Alert deleted
    book.save(sample_workbook)
    tracker = amzsheet.refresh(sample_workbook, today=today).tracker
    assert tracker.inventory.columns[0] == "SKU" and "Alert" in tracker.inventory.columns
    book = openpyxl.load_workbook(sample_workbook)
    assert [c.value for c in book["Inventory"][1]][:2] == ["SKU", "Product Name"]
    total_cost = book["Inventory"][column_letter(INVENTORY_COLUMNS, "Total Cost") + "2"].value
    available = column_letter(INVENTORY_COLUMNS, "Available Quantity")
    cost = column_letter(INVENTORY_COLUMNS, "Unit Cost")
    assert total_cost.startswith(f"=IF(AND(ISNUMBER({cost}2),ISNUMBER({available}2))")  # Total Cost again
    assert book["Order Tracking"][column_letter(ORDER_COLUMNS, "Alert") + "2"].value == "Alert"  # under the legend


def test_headers_differing_only_in_case_and_columns_inserted_by_a_notebook(sample_workbook, today):
    book = openpyxl.load_workbook(sample_workbook)
    book["Inventory"][column_letter(INVENTORY_COLUMNS, "Alert") + "1"] = "alert"  # the Alert header retyped
    book.save(sample_workbook)
    tracker = amzsheet.open_workbook(sample_workbook)
    assert "Alert" in tracker.inventory.columns and "alert" not in tracker.inventory.columns
    tracker.orders.insert(1, "Tag", "x")  # a column added in pandas, in the middle
    tracker.inventory["notes"] = "same name as Notes, other case"
    amzsheet.save_workbook(sample_workbook, tracker, today)
    orders = amzsheet.open_workbook(sample_workbook).orders
    assert list(orders.columns[:2]) == ["Order ID", "Order Date"] and orders.columns[-1] == "Tag"
    assert orders["Order Date"].dtype == "datetime64[ns]" and set(orders["Tag"]) == {"x"}
    assert amzsheet.open_workbook(sample_workbook).inventory.columns[-1] == "notes (2)"


def test_a_tracker_behind_a_symbolic_link_is_updated_in_place(sample_workbook, tmp_path, today):
    link = tmp_path / "link.xlsx"
    link.symlink_to(sample_workbook)
    before = sample_workbook.stat().st_mtime_ns
    amzsheet.refresh(link, today=today + dt.timedelta(days=1))
    assert link.is_symlink() and sample_workbook.stat().st_mtime_ns != before


def test_text_that_looks_like_an_excel_escape_survives_a_round_trip(tmp_path, today):
    orders = make_orders([{"Order ID": "1", "SKU": "SKU_x0042_", "Product Name": "_x005F_x0041_ & <b>"}])
    path = tmp_path / "t.xlsx"
    amzsheet.save_workbook(path, replace(amzsheet.new_tracker(), orders=orders), today)
    again = amzsheet.open_workbook(path).orders
    assert again[["SKU", "Product Name"]].values.tolist() == [["SKU_x0042_", "_x005F_x0041_ & <b>"]]
