"""A refresh is never stale: it recomputes on a new day and after the seller saved the workbook elsewhere.

Only the same workbook, on the day it was last computed for, with nothing new to import, is left
as it was. The day is always given (``today=`` or a fixed clock), never the machine's.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from helpers import TODAY, recalc

import amzsheet
from amzsheet import api
from amzsheet.cli import cli
from amzsheet.excel.properties import (
    COMPUTED_FOR_PROPERTY,
    CONTENT_PROPERTY,
    CUSTOM_PART,
    WriteStamp,
    custom_properties,
    read_write_stamp,
)
from amzsheet.excel.reader import recorded_layout

DATA = Path(__file__).parent / "data"
NEXT_WEEK = TODAY + dt.timedelta(days=7)
#: What amzsheet computes in Python for a day (not Excel formulas): they go stale when the day moves.
COMPUTED_IN_PYTHON = ["In-Stock Days", "Demand Std Dev", "Forecast Daily", "Forecast Error"]


def _refresh(workbook: Path, *args: str) -> str:
    outcome = CliRunner().invoke(cli, ["refresh", str(workbook), *args])
    assert outcome.exit_code == 0, outcome.output
    return outcome.output


def _column(workbook: Path, sheet: str, name: str) -> list:
    """The values of column ``name`` of ``sheet`` as cached in the file (what Excel shows before it recalculates)."""
    rows = list(openpyxl.load_workbook(workbook, data_only=True, read_only=True)[sheet].iter_rows(values_only=True))
    index = rows[0].index(name)
    return [row[index] for row in rows[1:] if any(value is not None for value in row)]


def _set_cell(workbook: Path, sheet: str, row: int, values: dict) -> None:
    """Type ``values`` (header: value) into row ``row`` of ``sheet`` with openpyxl, as a seller's script would."""
    book = openpyxl.load_workbook(workbook)
    header = [cell.value for cell in book[sheet][1]]
    for name, value in values.items():
        book[sheet].cell(row, header.index(name) + 1, value)
    book.save(workbook)


# --- Left as it was: the same day, nothing new ------------------------------------------------------------------


def test_the_same_day_with_nothing_new_leaves_the_workbook_as_it_was(sample_workbook, sample_folder):
    before, modified = sample_workbook.read_bytes(), sample_workbook.stat().st_mtime_ns
    result = amzsheet.refresh(sample_workbook, [sample_folder / "exports"], today=TODAY)  # every report: imported
    assert (result.written, result.reasons, result.backup) == (False, (), None)
    assert (result.computed_for, result.last_computed_for) == (TODAY, TODAY)
    assert len(result.skipped) == 15 and not result.reports
    output = _refresh(sample_workbook, "--today", TODAY.isoformat())  # no report at all
    assert output.startswith(f"Nothing new since the last refresh today (2026-11-25): {sample_workbook} was left ")
    assert sample_workbook.read_bytes() == before and sample_workbook.stat().st_mtime_ns == modified
    assert not (sample_workbook.parent / "backups").exists()


def test_a_workbook_saved_by_the_library_is_as_written(sample_workbook):
    amzsheet.save_workbook(sample_workbook, amzsheet.open_workbook(sample_workbook), TODAY)
    assert read_write_stamp(sample_workbook) == WriteStamp(TODAY, True)
    assert not amzsheet.refresh(sample_workbook, today=TODAY).written


# --- A new day ------------------------------------------------------------------------------------------------


def test_a_new_day_recomputes_what_python_computes_and_the_dashboard_date(sample_workbook):
    stale = {name: _column(sample_workbook, "Inventory", name) for name in COMPUTED_IN_PYTHON}
    stored = amzsheet.open_workbook(sample_workbook)
    fixed = replace(stored, settings=replace(stored.settings, reference_date=NEXT_WEEK))
    expected = fixed.recompute(NEXT_WEEK).inventory
    output = _refresh(sample_workbook, "--today", NEXT_WEEK.isoformat())
    assert output.startswith(
        f"Recomputed {sample_workbook} for 2026-12-02 (last computed for 2026-11-25); no reports imported.\n"
    )
    dashboard = openpyxl.load_workbook(sample_workbook, data_only=True)["Dashboard"]
    assert (dashboard["A2"].value, dashboard["B2"].value) == ("As of", dt.datetime(2026, 12, 2))
    for name in COMPUTED_IN_PYTHON:
        cached = pd.Series(_column(sample_workbook, "Inventory", name), dtype="float64")
        pd.testing.assert_series_equal(
            cached, expected[name].astype("float64").reset_index(drop=True), check_names=False
        )
    changed = [name for name in COMPUTED_IN_PYTHON if _column(sample_workbook, "Inventory", name) != stale[name]]
    assert {"In-Stock Days", "Forecast Daily"} <= set(changed)
    assert read_write_stamp(sample_workbook) == WriteStamp(NEXT_WEEK, True)
    assert amzsheet.workbook_backups(sample_workbook)  # the previous day's workbook is kept


def test_the_real_today_moves_on_without_any_option(sample_workbook, monkeypatch):
    """A plain ``amzsheet refresh`` each morning: today is the clock's (here a fixed one), in Settings' time zone."""
    clock = {"now": dt.datetime(2026, 11, 25, 7, 30)}
    monkeypatch.setattr(api, "_now", lambda settings: clock["now"])
    output = _refresh(sample_workbook)  # the sample's Reference date (2026-11-25) is cleared
    assert output.startswith(
        f"Recomputed {sample_workbook} for 2026-11-25 (the Reference date was cleared: the formulas follow the real "
        "today); no reports imported.\n"
    )
    assert amzsheet.open_workbook(sample_workbook).settings.reference_date is None
    later = amzsheet.refresh(sample_workbook)  # later the same morning
    assert (later.written, later.reasons, later.computed_for) == (False, (), TODAY)
    clock["now"] = dt.datetime(2026, 11, 26, 0, 5)  # after midnight
    after_midnight = amzsheet.refresh(sample_workbook)
    assert (after_midnight.reasons, after_midnight.last_computed_for) == (("new day",), TODAY)
    dashboard = openpyxl.load_workbook(sample_workbook, data_only=True)["Dashboard"]
    assert dashboard["B2"].value == dt.datetime(2026, 11, 26)


def test_fixing_the_day_again_is_a_reason_of_its_own(sample_workbook, monkeypatch):
    monkeypatch.setattr(api, "_now", lambda settings: dt.datetime(2026, 11, 25, 7, 30))
    amzsheet.refresh(sample_workbook)  # follows the (fixed) clock: the Reference date is blank
    result = amzsheet.refresh(sample_workbook, today=TODAY)  # the same day, now fixed in Settings
    assert (result.reasons, result.tracker.settings.reference_date) == (("reference date",), TODAY)
    amzsheet.refresh(sample_workbook)
    output = _refresh(sample_workbook, "--today", TODAY.isoformat())
    assert output.startswith(f"Recomputed {sample_workbook} for 2026-11-25 (the Reference date is now 2026-11-25); ")


# --- Changed since amzsheet wrote it ----------------------------------------------------------------------------


def test_a_unit_cost_typed_with_openpyxl_is_kept_and_the_costs_recomputed(sample_workbook):
    inventory = amzsheet.open_workbook(sample_workbook).inventory
    row = 2 + int(inventory.index[inventory["Available Quantity"] > 0][0])
    sku = inventory.at[row - 2, "SKU"]
    _set_cell(sample_workbook, "Inventory", row, {"Unit Cost": 12.34})  # a second after the refresh, or less
    assert _column(sample_workbook, "Inventory", "Total Cost")[row - 2] is None  # openpyxl drops cached values
    output = _refresh(sample_workbook, "--today", TODAY.isoformat())
    assert output.startswith(
        f"Recomputed {sample_workbook} for 2026-11-25 (the workbook was changed in Excel or another program since "
        "the last refresh); no reports imported.\n"
    )
    after = amzsheet.open_workbook(sample_workbook).inventory.set_index("SKU")
    assert after.at[sku, "Unit Cost"] == 12.34  # the seller's edit is kept
    total = _column(sample_workbook, "Inventory", "Total Cost")[row - 2]
    assert total == pytest.approx(12.34 * after.at[sku, "Available Quantity"])
    assert read_write_stamp(sample_workbook).as_written


def test_a_count_typed_with_openpyxl_gets_its_expected_quantity(sample_workbook):
    counts = amzsheet.open_workbook(sample_workbook).counts
    row = len(counts) + 2
    _set_cell(sample_workbook, "Counts", row, {"Count Date": dt.datetime(2026, 11, 24), "SKU": "HM-BASKET-WOVEN",
                                               "Counted Qty": 12})  # fmt: skip
    result = amzsheet.refresh(sample_workbook, today=TODAY)
    assert result.reasons == ("edited",) and result.backup is not None
    expected = _column(sample_workbook, "Counts", "Expected Qty")[row - 2]
    assert isinstance(expected, int | float) and expected == result.tracker.counts["Expected Qty"].iloc[row - 2]
    assert _column(sample_workbook, "Counts", "Counted Qty")[row - 2] == 12


@pytest.mark.libreoffice
def test_a_workbook_saved_by_libreoffice_is_recomputed(soffice, sample_workbook, tmp_path):
    saved = recalc.recalculate(sample_workbook, tmp_path)  # soffice --convert-to xlsx, TZ and locale fixed
    assert read_write_stamp(saved).computed_for == TODAY  # LibreOffice keeps the properties (as text)
    result = amzsheet.refresh(saved, today=TODAY)
    assert (result.written, result.reasons) == (True, ("edited",))
    assert read_write_stamp(saved).as_written and not amzsheet.refresh(saved, today=TODAY).written


# --- Nothing recorded -------------------------------------------------------------------------------------------


def test_a_workbook_of_an_older_layout_is_recomputed(tmp_path):
    old = tmp_path / "tracker.xlsx"
    shutil.copyfile(DATA / "tracker-layout-2.xlsx", old)
    result = amzsheet.refresh(old, today=TODAY)
    assert result.reasons == ("upgraded", "reference date", "unrecorded") and result.last_computed_for is None
    assert read_write_stamp(old) == WriteStamp(TODAY, True)


_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def _with_properties(workbook: Path, properties: dict[str, str]) -> None:
    """Replace the workbook's custom properties by the layout and ``properties`` (name: value element)."""
    layout = recorded_layout(workbook)
    rows = {"amzsheet layout": f"<vt:i4>{layout}</vt:i4>", **properties}
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org'
        f'/officeDocument/2006/custom-properties" xmlns:vt="{_VT}">'
        + "".join(
            f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{name}">{value}</property>'
            for pid, (name, value) in enumerate(rows.items(), start=2)
        )
        + "</Properties>"
    )
    copy = workbook.with_suffix(".copy")
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():  # every other part as it was (its CRC-32 and size too)
            target.writestr(info, xml.encode("utf-8") if info.filename == CUSTOM_PART else source.read(info))
    copy.replace(workbook)


def test_a_workbook_of_an_amzsheet_that_did_not_record_its_refresh_is_recomputed(sample_workbook):
    _with_properties(sample_workbook, {})  # the layout alone, as amzsheet wrote it before
    output = _refresh(sample_workbook, "--today", TODAY.isoformat())
    assert output.startswith(
        f"Recomputed {sample_workbook} for 2026-11-25 (the workbook has no record of its last refresh, as from an "
        "older amzsheet); no reports imported.\n"
    )
    assert read_write_stamp(sample_workbook) == WriteStamp(TODAY, True)


def _digest(workbook: Path) -> str:
    return custom_properties(workbook)[CONTENT_PROPERTY]


@pytest.mark.parametrize(
    ("computed_for", "content", "reasons"),
    [
        ("<vt:lpwstr>2026-11-25</vt:lpwstr>", "<vt:lpwstr>{digest}</vt:lpwstr>", ()),  # as amzsheet wrote them
        ("<vt:filetime>2026-11-25T00:00:00Z</vt:filetime>", "<vt:lpwstr>{digest}</vt:lpwstr>", ()),  # made a date
        ("<vt:lpwstr>2026-11-24</vt:lpwstr>", "<vt:lpwstr>{digest}</vt:lpwstr>", ("new day",)),
        ("<vt:lpwstr>2026-11-25</vt:lpwstr>", "<vt:lpwstr>sha256:0123</vt:lpwstr>", ("edited",)),
        ("<vt:lpwstr>yesterday</vt:lpwstr>", "<vt:lpwstr>{digest}</vt:lpwstr>", ("unrecorded",)),
        ("<vt:lpwstr>2026-02-30</vt:lpwstr>", "<vt:lpwstr>{digest}</vt:lpwstr>", ("unrecorded",)),
        ("<vt:lpwstr>2026-11-25 and more</vt:lpwstr>", "<vt:lpwstr>{digest}</vt:lpwstr>", ("unrecorded",)),
        ("<vt:i4>20261125</vt:i4>", "<vt:lpwstr>{digest}</vt:lpwstr>", ("unrecorded",)),
        ("<vt:lpwstr>2026-11-25</vt:lpwstr>", "<vt:lpwstr></vt:lpwstr>", ("unrecorded",)),
        ("<vt:lpwstr>2026-11-25</vt:lpwstr>", "<vt:i4>7</vt:i4>", ("edited",)),
        ("<vt:lpwstr>2026-11-25</vt:lpwstr>", None, ("unrecorded",)),
        (None, "<vt:lpwstr>{digest}</vt:lpwstr>", ("unrecorded",)),
    ],
)
def test_an_odd_or_missing_record_means_recompute_never_an_error(sample_workbook, computed_for, content, reasons):
    digest = _digest(sample_workbook)
    properties = {COMPUTED_FOR_PROPERTY: computed_for, CONTENT_PROPERTY: content}
    _with_properties(sample_workbook, {k: v.format(digest=digest) for k, v in properties.items() if v is not None})
    result = amzsheet.refresh(sample_workbook, today=TODAY)
    assert (result.written, result.reasons) == (bool(reasons), reasons)
