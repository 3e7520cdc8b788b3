"""The Settings sheet: named cells from the template, read back and checked."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

import amzsheet
from amzsheet.contract.template import load_template
from amzsheet.errors import WorkbookError


def _set(workbook, label: str, value) -> str:
    book = openpyxl.load_workbook(workbook)
    sheet = book["Settings"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == label)
    sheet.cell(row, 2, value)
    book.save(workbook)
    return f"B{row}"


def test_new_tracker_settings_come_from_the_template(tmp_path):
    workbook = tmp_path / "t.xlsx"
    amzsheet.init_workbook(workbook)
    sheet = openpyxl.load_workbook(workbook)["Settings"]
    rows = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(4, sheet.max_row + 1)}
    for spec in load_template().settings:
        # a blank time zone is the computer's (UTC here)
        expected = "UTC" if spec.field == "time_zone" and not spec.default else spec.default
        if spec.kind == "yes_no":
            expected = "Yes" if spec.default else "No"
        assert rows[spec.label] == (None if spec.kind == "date" else expected)  # a blank Reference date: today


def test_today_fixes_the_reference_date_and_a_plain_refresh_clears_it(sample_workbook, today):
    """--today is stored where every formula reads it, so Excel shows what the refresh printed, on any day."""
    book = openpyxl.load_workbook(sample_workbook)
    assert book["Settings"][_cell_of(book, "Reference date")].value == dt.datetime(2026, 11, 25)
    alert = book["Order Tracking"]
    formulas = [cell.value for row in alert.iter_rows(min_row=3, max_row=3) for cell in row]  # the first line
    assert any("AsOfDate" in str(value) for value in formulas)
    assert not any("TODAY()" in str(value) for value in formulas)
    assert book.defined_names["AsOfDate"].attr_text == "IF(ISNUMBER(ReferenceDate),INT(ReferenceDate),TODAY())"
    dashboard = openpyxl.load_workbook(sample_workbook, data_only=True)["Dashboard"]
    assert dashboard["B2"].value == dt.datetime(2026, 11, 25)
    assert dashboard["C2"].value.startswith("a fixed date")

    result = amzsheet.refresh(sample_workbook)  # a plain refresh: today is the real today again
    assert result.written and result.tracker.settings.reference_date is None
    book = openpyxl.load_workbook(sample_workbook, data_only=True)
    assert book["Settings"][_cell_of(book, "Reference date")].value is None
    assert book["Dashboard"]["C2"].value in (None, "")


def test_a_reference_date_typed_in_settings_is_used(sample_workbook, today):
    _set(sample_workbook, "Reference date", dt.datetime(2026, 11, 20))
    assert amzsheet.open_workbook(sample_workbook).settings.reference_date == dt.date(2026, 11, 20)
    listed = amzsheet.reorder_list(sample_workbook)  # no --today: the workbook's Reference date
    assert listed.equals(amzsheet.reorder_list(sample_workbook, today=dt.date(2026, 11, 20)))


def _cell_of(book, label: str) -> str:
    sheet = book["Settings"]
    return f"B{next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == label)}"


def test_edited_settings_drive_the_next_refresh(sample_workbook, today):
    cell = _set(sample_workbook, "Service level, class A", 0.99)
    _set(sample_workbook, "Sales window (days)", 60)
    tracker = amzsheet.refresh(sample_workbook, today=today).tracker
    assert (tracker.settings.service_level_a, tracker.settings.sales_window_days) == (0.99, 60)
    book = openpyxl.load_workbook(sample_workbook, data_only=True)
    assert book["Settings"][cell].value == 0.99
    inventory = tracker.inventory
    class_a = inventory[(inventory["ABC Class"] == "A") & inventory["Service Level"].isna()]
    assert len(class_a) and (class_a["Service Level Used"] == 0.99).all()


@pytest.mark.parametrize(
    ("label", "value", "message"),
    [
        ("Service level, class B", 1.5, "1.5 is out of range; use a value from 0.5 to 0.999"),
        ("Service level, class C", "high", "'high' is not a number"),
        ("Sales window (days)", 7.5, "7.5 must be a whole number of days"),
        ("Time zone", "Mars/Olympus", "'Mars/Olympus' is not a time zone name"),
        ("Reference date", "next Monday", "'next Monday' is not a date"),
    ],
)
def test_bad_settings_name_the_cell_and_leave_the_workbook_alone(sample_workbook, label, value, message):
    cell = _set(sample_workbook, label, value)
    before = sample_workbook.read_bytes()
    with pytest.raises(WorkbookError) as error:
        amzsheet.refresh(sample_workbook)
    assert str(error.value) == f"{sample_workbook}, sheet 'Settings', cell {cell} ({label}): {message}" + (
        "; correct it in Excel and run again"
        if "not a number" in message
        else "; use one like America/New_York"
        if "time zone" in message
        else "; type one like 2026-11-25, or leave it blank for today"
        if "not a date" in message
        else ""
    )
    assert sample_workbook.read_bytes() == before


def test_blank_time_zone_means_the_computers(sample_workbook):
    _set(sample_workbook, "Time zone", None)
    assert amzsheet.open_workbook(sample_workbook).settings.time_zone == "UTC"


def test_class_shares_above_one_are_refused(sample_workbook):
    _set(sample_workbook, "Class A revenue share", 0.9)
    _set(sample_workbook, "Class B revenue share", 0.2)
    before = sample_workbook.read_bytes()
    with pytest.raises(
        WorkbookError, match=r"Class A revenue share \+ Class B revenue share is more than 1 \(0.9 \+ 0.2\)"
    ):
        amzsheet.refresh(sample_workbook)
    assert sample_workbook.read_bytes() == before


def test_a_service_level_typed_as_a_percentage_names_the_cell(sample_workbook):
    book = openpyxl.load_workbook(sample_workbook)
    sheet = book["Inventory"]
    column = [cell.value for cell in sheet[1]].index("Service Level") + 1
    sheet.cell(3, column, 95)
    book.save(sample_workbook)
    letter = openpyxl.utils.get_column_letter(column)
    with pytest.raises(WorkbookError) as error:
        amzsheet.refresh(sample_workbook)
    assert f"cell {letter}3 (Service Level): 95 is not a number from 0.5 to 0.999" in str(error.value)


def test_a_setting_typed_as_text_that_could_mean_two_numbers_is_refused(sample_workbook):
    """'12,5' is 12.5 or 125: the error says so instead of a TypeError comparing it with the range."""
    cell = _set(sample_workbook, "Sales window (days)", "12,5")
    before = sample_workbook.read_bytes()
    with pytest.raises(WorkbookError) as error:
        amzsheet.refresh(sample_workbook)
    assert str(error.value) == (
        f"{sample_workbook}, sheet 'Settings', cell {cell} (Sales window (days)): '12,5' is text that could mean "
        "two numbers (a decimal comma or a thousands separator); type the number as a number in Excel and run again"
    )
    assert sample_workbook.read_bytes() == before


def _cells(workbook) -> dict:
    sheet = openpyxl.load_workbook(workbook)["Settings"]
    return {sheet.cell(r, 1).value: sheet.cell(r, 2) for r in range(4, sheet.max_row + 1)}


def test_shares_show_as_percentages_and_switches_as_yes_or_no(tmp_path):
    workbook = tmp_path / "t.xlsx"
    amzsheet.init_workbook(workbook)
    cells = _cells(workbook)
    service = cells["Service level, class A"]
    assert (service.value, service.number_format) == (0.98, "0.0%")  # shows 98.0%
    assert cells["Class A revenue share"].number_format == "0.0%"
    assert cells["Sales window (days)"].number_format == "General"
    assert cells["Store ship-to location"].value == "No"
    sheet = openpyxl.load_workbook(workbook)["Settings"]
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    switch = rules[cells["Store ship-to location"].coordinate]
    assert (switch.type, switch.formula1) == ("list", '"Yes,No"')
    share = rules[service.coordinate]
    assert (share.type, share.formula1, share.formula2) == ("decimal", "0.5", "0.999")
    assert share.prompt == "A percentage from 50 % to 99.9 %."
    days = rules[cells["Sales window (days)"].coordinate]
    assert (days.type, days.formula1, days.formula2) == ("whole", "2", "365")
    assert days.error == "Type a whole number from 2 to 365."


def test_help_texts_wrap_on_rows_tall_enough_to_read(tmp_path):
    workbook = tmp_path / "t.xlsx"
    amzsheet.init_workbook(workbook)
    sheet = openpyxl.load_workbook(workbook)["Settings"]
    assert sheet.column_dimensions["C"].width >= 80
    for row in range(4, sheet.max_row + 1):
        help_text = sheet.cell(row, 3)
        assert help_text.alignment.wrap_text
        lines = -(-len(help_text.value) // 80)  # at least one line per 80 characters
        assert sheet.row_dimensions[row].height >= 15 * lines


@pytest.mark.parametrize(("typed", "stored"), [("Yes", True), ("no", False), (1, True), (0, False), (True, True)])
def test_store_ship_location_reads_yes_no_and_the_old_one_or_zero(tmp_path, typed, stored):
    workbook = tmp_path / "t.xlsx"
    amzsheet.init_workbook(workbook)
    _set(workbook, "Store ship-to location", typed)
    assert amzsheet.open_workbook(workbook).settings.store_ship_location is stored


def test_a_switch_that_is_neither_yes_nor_no_is_one_sentence(tmp_path):
    workbook = tmp_path / "t.xlsx"
    amzsheet.init_workbook(workbook)
    cell = _set(workbook, "Store ship-to location", "maybe")
    with pytest.raises(WorkbookError) as error:
        amzsheet.open_workbook(workbook)
    assert str(error.value) == (
        f"{workbook}, sheet 'Settings', cell {cell} (Store ship-to location): 'maybe' is not Yes or No; "
        "pick one from the drop-down and run again"
    )
