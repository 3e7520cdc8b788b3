"""The registry of sheets is the one list the reader, the writer and the Tracker follow."""

from __future__ import annotations

import dataclasses

import openpyxl
from helpers import headers

import amzsheet
from amzsheet.contract.schema import LAYOUT_VERSION, SETTING_SPECS, column_names
from amzsheet.contract.sheets import MANAGED_SHEETS, SHEETS, TABLE_SHEETS, sheets_added_by
from amzsheet.model.tracker import Tracker


def test_every_table_sheet_is_a_tracker_table_empty_by_default():
    fields = {field.name for field in dataclasses.fields(Tracker)}
    tracker = amzsheet.new_tracker()
    for sheet in TABLE_SHEETS:
        assert sheet.field in fields, sheet.name
        assert list(getattr(tracker, sheet.field).columns) == column_names(sheet.columns)


def test_names_are_unique_and_each_layout_adds_its_sheets_or_columns():
    assert len({sheet.name.casefold() for sheet in SHEETS}) == len(SHEETS)
    assert len({sheet.table.casefold() for sheet in TABLE_SHEETS}) == len(TABLE_SHEETS)
    added = {sheet.added_in for sheet in SHEETS} | {c.added_in for sheet in TABLE_SHEETS for c in sheet.columns}
    added |= {setting.added_in for setting in SETTING_SPECS}
    assert added == set(range(1, LAYOUT_VERSION + 1))  # each layout added something
    assert [setting.label for setting in SETTING_SPECS if setting.added_in == 6] == ["Late delivery window (days)"]
    assert sheets_added_by(4) == ("FBA Stock",)
    assert sheets_added_by(5) == ("Messages", "Changes")
    added_by_5 = [(sheet.name, c.name) for sheet in TABLE_SHEETS for c in sheet.columns if c.added_in == 5]
    assert added_by_5 == [("Order Tracking", name) for name in ("Review Requested", "Claim", "Feedback")]


def test_the_workbook_follows_the_registry(tmp_path, today):
    workbook = tmp_path / "t.xlsx"
    amzsheet.init_workbook(workbook, today=today)
    book = openpyxl.load_workbook(workbook)
    assert tuple(book.sheetnames) == MANAGED_SHEETS
    for sheet in TABLE_SHEETS:
        worksheet = book[sheet.name]
        assert list(worksheet.tables) == [sheet.table]
        assert (worksheet.sheet_state == "hidden") == sheet.hidden
        assert headers(worksheet) == column_names(sheet.columns)
