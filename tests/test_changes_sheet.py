"""The Changes sheet: a row per refresh that writes, its exact values, the upgrade adding it, status showing it."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from helpers import write_all_orders
from helpers.report_files import FBA_RETURNS_HEADER, write_report

import amzsheet
from amzsheet import api
from amzsheet.cli import cli
from amzsheet.contract.schema import CHANGE_COLUMNS, LAYOUT_VERSION, column_names
from amzsheet.contract.sheets import MANAGED_SHEETS
from amzsheet.errors import WorkbookError
from amzsheet.excel.reader import layout_version
from amzsheet.model.changes import RefreshChanges
from amzsheet.samples import reports as sample_reports

DATA = Path(__file__).parent / "data"
FIRST_DAY, SECOND_DAY = dt.date(2026, 11, 24), dt.date(2026, 11, 25)
FIRST_RUN, SECOND_RUN = dt.datetime(2026, 11, 24, 7, 15, 3), dt.datetime(2026, 11, 25, 6, 30)


def _line(order_id: str, sku: str, status: str, bought: str, updated: str, channel: str = "Merchant") -> dict:
    return {"amazon-order-id": order_id, "purchase-date": f"2026-11-{bought}:00+00:00",
            "last-updated-date": f"2026-11-{updated}:00+00:00", "order-status": status,
            "fulfillment-channel": channel, "sku": sku, "product-name": sku.title(), "quantity": "1",
            "item-price": "10.00"}  # fmt: skip


def _stock(path: Path, units: dict[str, int], saved: str) -> Path:
    """An FBA Manage Inventory report counting ``units``, saved (so counted) at ``saved`` UTC."""
    rows = [{"sku": sku, "product-name": sku.title(), "afn-listing-exists": "Yes",
             "afn-fulfillable-quantity": str(count)} for sku, count in units.items()]  # fmt: skip
    report = write_report(path, list(sample_reports.FBA_INVENTORY_HEADER), rows)
    moment = pd.Timestamp(saved, tz="UTC").timestamp()
    os.utime(report, (moment, moment))
    return report


UNCHANGED = _line("111-0000005", "CUP", "Unshipped", "22T10:00", "22T10:00")


def _first_reports(folder: Path) -> list[Path]:
    """Day 1: five lines (MUG to ship, BOWL shipped, MUG pending, TEA shipped by Amazon, CUP to ship) and FBA stock."""
    orders = write_all_orders(
        folder / "All-Orders-1.txt",
        [
            _line("111-0000001", "MUG", "Unshipped", "20T10:00", "20T10:00"),
            _line("111-0000002", "BOWL", "Shipped", "20T11:00", "21T10:00"),
            _line("111-0000003", "MUG", "Pending", "21T10:00", "21T10:00"),
            _line("111-0000004", "TEA", "Shipped", "21T12:00", "22T10:00", channel="Amazon"),
            UNCHANGED,
        ],
    )
    return [orders, _stock(folder / "FBA-Inventory-1.txt", {"MUG": 30, "TEA": 10, "CUP": 5}, "2026-11-23 06:00")]


def _second_reports(folder: Path) -> list[Path]:
    """Day 2: MUG shipped, BOWL delivered, the pending MUG cancelled, TEA returned, a new KETTLE line; new stock."""
    orders = write_all_orders(
        folder / "All-Orders-2.txt",
        [
            _line("111-0000001", "MUG", "Shipped", "20T10:00", "24T09:00"),
            _line("111-0000002", "BOWL", "Shipped - Delivered to Buyer", "20T11:00", "24T09:00"),
            _line("111-0000003", "MUG", "Cancelled", "21T10:00", "24T09:00"),
            UNCHANGED,
            _line("111-0000006", "KETTLE", "Unshipped", "24T10:00", "24T10:00"),
        ],
    )
    returned = {"return-date": "2026-11-23T10:00:00+00:00", "order-id": "111-0000004", "sku": "TEA",
                "product-name": "Tea", "quantity": "1", "detailed-disposition": "CUSTOMER_DAMAGED",
                "reason": "DEFECTIVE"}  # fmt: skip
    returns = write_report(folder / "FBA-Returns.txt", FBA_RETURNS_HEADER, [returned])
    # MUG and TEA change; CUP does not; BOWL (the seller's own, never counted) stays blank.
    stock = _stock(folder / "FBA-Inventory-2.txt", {"MUG": 25, "TEA": 12, "CUP": 5}, "2026-11-24 20:00")
    return [orders, returns, stock]


def _clock(monkeypatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(api, "_now", lambda settings: moment)


@pytest.fixture
def refreshed_twice(tmp_path, monkeypatch) -> Path:
    """A tracker refreshed on two mornings: ``_first_reports``, then those again with ``_second_reports``."""
    workbook = tmp_path / "tracker.xlsx"
    first = _first_reports(tmp_path)
    _clock(monkeypatch, FIRST_RUN)
    amzsheet.refresh(workbook, first, today=FIRST_DAY)
    _clock(monkeypatch, SECOND_RUN)
    result = amzsheet.refresh(workbook, [*first, *_second_reports(tmp_path)], today=SECOND_DAY)
    assert result.changes == SECOND
    return workbook


SECOND = RefreshChanges(
    refreshed_at=SECOND_RUN,
    as_of=SECOND_DAY,
    reports=("All-Orders-2.txt", "FBA-Returns.txt", "FBA-Inventory-2.txt"),  # as applied: orders, returns, stock
    lines_added=1,
    lines_updated=4,  # MUG shipped, BOWL delivered, MUG cancelled, TEA returned; CUP as it was
    shipped=1,
    delivered=1,
    cancelled=1,
    returned=1,
    new_skus=1,  # KETTLE
    stock_changed=("MUG", "TEA"),
    stock_changed_count=2,
)


def _sheet_rows(workbook: Path) -> list[list]:
    sheet = openpyxl.load_workbook(workbook)["Changes"]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_each_refresh_adds_its_row_with_exact_values(refreshed_twice):
    rows = _sheet_rows(refreshed_twice)
    assert rows == [
        column_names(CHANGE_COLUMNS),
        [FIRST_RUN, dt.datetime(2026, 11, 24), "All-Orders-1.txt, FBA-Inventory-1.txt", 5, 0, 0, 0, 0, 0, 4, 0, None],
        [SECOND_RUN, dt.datetime(2026, 11, 25), "All-Orders-2.txt, FBA-Returns.txt, FBA-Inventory-2.txt",
         1, 4, 1, 1, 1, 1, 1, 2, "MUG, TEA"],
    ]  # fmt: skip
    tracker = amzsheet.open_workbook(refreshed_twice)
    assert tracker.imports["Imported At"].iloc[-1] == tracker.changes["Refreshed At"].iloc[-1]  # the same clock
    book = openpyxl.load_workbook(refreshed_twice)
    assert book.sheetnames == list(MANAGED_SHEETS) and book["Changes"].sheet_state == "visible"
    assert book.sheetnames.index("Changes") == book.sheetnames.index("Settings") - 1
    assert book["Changes"]["A2"].number_format == "yyyy-mm-dd hh:mm" and book["Changes"]["B2"].number_format == (
        "yyyy-mm-dd"
    )


def test_a_refresh_that_writes_nothing_adds_no_row(refreshed_twice, tmp_path, monkeypatch):
    before = refreshed_twice.read_bytes()
    _clock(monkeypatch, dt.datetime(2026, 11, 25, 9, 0))
    again = amzsheet.refresh(refreshed_twice, [tmp_path], today=SECOND_DAY)  # every report imported before
    assert not again.written and again.changes is None
    assert refreshed_twice.read_bytes() == before
    assert not amzsheet.refresh(refreshed_twice, today=SECOND_DAY).written  # the same day, nothing new
    next_day = SECOND_DAY + dt.timedelta(days=1)
    recomputed = amzsheet.refresh(refreshed_twice, today=next_day)  # no report, a new day: a recompute, which writes
    assert recomputed.written and recomputed.changes == RefreshChanges(dt.datetime(2026, 11, 25, 9, 0), next_day)
    assert len(_sheet_rows(refreshed_twice)) == 1 + 3


def test_status_shows_what_the_last_refresh_changed(refreshed_twice):
    runner = CliRunner()
    result = runner.invoke(cli, ["status", str(refreshed_twice), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["changes"] == {
        "refreshed_at": "2026-11-25T06:30:00",
        "as_of": "2026-11-25",
        "reports": ["All-Orders-2.txt", "FBA-Returns.txt", "FBA-Inventory-2.txt"],
        "lines_added": 1,
        "lines_updated": 4,
        "shipped": 1,
        "delivered": 1,
        "cancelled": 1,
        "returned": 1,
        "new_skus": 1,
        "stock_changed": ["MUG", "TEA"],
        "stock_changed_count": 2,
    }
    text = runner.invoke(cli, ["status", str(refreshed_twice)]).output.splitlines()
    assert text[-2:] == [
        "Last refresh 2026-11-25 06:30, 3 reports: 1 new line, 1 shipped, 1 delivered, 1 cancelled, 1 returned, "
        "1 new SKU, stock changed for 2 SKUs",
        "  Stock changed: MUG, TEA",
    ]


def test_a_new_workbook_has_no_changes_to_show(tmp_path):
    workbook = tmp_path / "new.xlsx"
    amzsheet.init_workbook(workbook, today=SECOND_DAY)
    assert amzsheet.open_workbook(workbook).changes.empty
    assert json.loads(CliRunner().invoke(cli, ["status", str(workbook), "--json"]).output)["changes"] is None


def test_the_refresh_summary_says_the_status_moves_and_stock_changes(tmp_path, monkeypatch):
    workbook = tmp_path / "tracker.xlsx"
    _clock(monkeypatch, FIRST_RUN)
    runner = CliRunner()
    args = ["refresh", str(workbook), "--today", "2026-11-24", *map(str, _first_reports(tmp_path))]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0 and "Status changes" not in first.output  # new lines are not moves
    _clock(monkeypatch, SECOND_RUN)
    args = ["refresh", str(workbook), "--today", "2026-11-25", *map(str, _second_reports(tmp_path))]
    second = runner.invoke(cli, args)
    assert second.exit_code == 0, second.output
    lines = second.output.splitlines()
    moves = lines.index(
        "Status changes: 1 shipped, 1 delivered, 1 cancelled, 1 returned   stock changed: 2 SKUs (MUG, TEA)"
    )
    assert lines[moves - 1] == "New order lines: 1   updated: 4   new SKUs: 1"


def test_a_workbook_of_layout_4_gains_the_changes_sheet_and_keeps_the_sellers(tmp_path, monkeypatch):
    """tracker-layout-4.xlsx: written by amzsheet at layout 4, with seller edits and a column of the seller's."""
    old = tmp_path / "tracker.xlsx"
    shutil.copyfile(DATA / "tracker-layout-4.xlsx", old)
    book = openpyxl.load_workbook(old)
    book.create_sheet("My notes")["A1"] = "Call the supplier on Monday"
    book.save(old)
    original = old.read_bytes()
    before = amzsheet.open_workbook(old)
    assert layout_version(old) == 4 and LAYOUT_VERSION == 8
    _clock(monkeypatch, FIRST_RUN)
    result = amzsheet.refresh(old, today=SECOND_DAY)
    assert (result.upgraded_from, layout_version(old)) == (4, LAYOUT_VERSION)
    assert result.backup.read_bytes() == original
    upgraded = openpyxl.load_workbook(old)
    assert upgraded.sheetnames == [*MANAGED_SHEETS, "My notes"]
    assert upgraded["My notes"]["A1"].value == "Call the supplier on Monday"
    after = amzsheet.open_workbook(old)
    seller = ["Order ID", "Customer Name", "Order Status", "Ship By", "Notes", "Carrier", "Tracking Number"]
    seller += ["Gift note"]  # a column of the seller's
    pd.testing.assert_frame_equal(after.orders[seller], before.orders[seller])
    inputs = ["SKU", "Supplier", "Unit Cost", "Stock Counted", "Count Date", "Received Since Count", "Lead Time (days)"]
    pd.testing.assert_frame_equal(after.inventory[inputs], before.inventory[inputs])
    for sheet in ("Purchase Orders", "Counts", "Returns", "Payments", "FBA Stock", "Imports"):
        field = {"Purchase Orders": "purchase_orders", "FBA Stock": "fba_stock"}.get(sheet, sheet.lower())
        assert len(getattr(after, field)) == len(getattr(before, field)), sheet
    # The upgrade is a refresh that writes: its row, with nothing imported.
    assert _sheet_rows(old)[1] == [FIRST_RUN, dt.datetime(2026, 11, 25), None, 0, 0, 0, 0, 0, 0, 0, 0, None]
    assert amzsheet.refresh(old, today=SECOND_DAY).upgraded_from is None


def test_a_sellers_own_sheet_named_changes_stops_the_upgrade(tmp_path):
    old = tmp_path / "tracker.xlsx"
    shutil.copyfile(DATA / "tracker-layout-4.xlsx", old)
    book = openpyxl.load_workbook(old)
    book.create_sheet("Changes")["A1"] = "my own list"
    book.save(old)
    before = old.read_bytes()
    with pytest.raises(WorkbookError, match="has a sheet of yours named 'Changes', a name this version of amzsheet"):
        amzsheet.refresh(old, today=SECOND_DAY)
    assert old.read_bytes() == before
