"""The notebook API as an analyst meets it: the tables' dtypes, the time zone, short reprs, the package's
docstring, and a workbook whose computed columns lost their values to an openpyxl save."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pydoc
import shutil
import warnings
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers import TODAY
from python_calamine import CalamineWorkbook

import amzsheet
from amzsheet.contract.sheets import TABLE_SHEETS
from amzsheet.excel.reader import read_workbook
from amzsheet.model.dtypes import NULLABLE_DTYPES, model_table, nullable_table

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_workbooks" / "tracker.xlsx"


@pytest.fixture
def workbook(tmp_path) -> Path:
    """A copy of the bundled sample tracker (computed for its Reference date, 2026-11-25)."""
    return Path(shutil.copy(SAMPLE, tmp_path / "tracker.xlsx"))


@pytest.fixture(scope="module")
def tracker() -> amzsheet.Tracker:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the sample has its computed values: no warning
        return amzsheet.open_workbook(SAMPLE)


def test_every_table_has_nullable_dtypes(tracker):
    for sheet in TABLE_SHEETS:
        table = getattr(tracker, sheet.field)
        for column in sheet.columns:
            expected = NULLABLE_DTYPES.get(column.kind, "datetime64[ns]")
            assert str(table[column.name].dtype) == expected, (sheet.name, column.name)
    orders, inventory = tracker.orders, tracker.inventory
    assert orders["Quantity"].dtype == "Int64" and inventory["Reorder Qty"].dtype == "Int64"
    assert orders["Item Total"].dtype == "Float64" and orders["Order ID"].dtype == "string"
    # A blank is pd.NA: a new SKU with no unit cost yet, a line without tracking number.
    assert inventory.loc[inventory["Unit Cost"].isna(), "Unit Cost"].iloc[0] is pd.NA
    assert orders.loc[orders["Tracking Number"].isna(), "Tracking Number"].iloc[0] is pd.NA


def test_alert_str_contains_works_with_blank_alerts(tracker):
    orders = tracker.orders
    assert orders["Alert"].isna().sum() > len(orders) / 2  # most lines have no alert
    overdue = orders[orders["Alert"].str.contains("OVERDUE")]  # a blank alert is <NA>, which a mask leaves out
    assert len(overdue) == orders["Alert"].str.contains("OVERDUE", na=False).sum() > 0
    briefing = amzsheet.status(SAMPLE)  # the morning briefing lists the same overdue orders
    assert sorted(set(overdue["Order ID"])) == sorted({line.order_id for line in briefing.overdue})
    quiet = orders[~orders["Alert"].str.contains("OVERDUE", na=False)]
    assert len(quiet) + len(overdue) == len(orders)


def test_the_time_zone_is_stated_and_datetimes_are_as_the_sheet_shows_them(tmp_path):
    settings = amzsheet.Settings(time_zone="America/New_York")
    orders = amzsheet.new_tracker(settings).orders
    line = {"Order ID": "111-0000001-0000001", "SKU": "MUG", "Quantity": 1, "Channel": "FBM"}
    orders = pd.concat([orders, pd.DataFrame([{**line, "Order Date": pd.Timestamp("2026-11-24 23:30")}])])
    path = tmp_path / "tracker.xlsx"
    amzsheet.save_workbook(path, dataclasses.replace(amzsheet.new_tracker(settings), orders=orders), TODAY)

    tracker = amzsheet.open_workbook(path)
    assert tracker.time_zone == "America/New_York"
    assert all(getattr(tracker, sheet.field).attrs["time_zone"] == "America/New_York" for sheet in TABLE_SHEETS)
    order_date = tracker.orders["Order Date"]
    assert order_date.dtype == "datetime64[ns]"  # naive: the wall-clock time the sheet shows
    assert order_date.iloc[0] == pd.Timestamp("2026-11-24 23:30")
    aware = order_date.dt.tz_localize(tracker.time_zone)
    assert aware.iloc[0] == pd.Timestamp("2026-11-25 04:30", tz="UTC")
    # Given back time-zone-aware, the time is written in the time zone of Settings.
    saved = amzsheet.save_workbook(path, dataclasses.replace(tracker, orders=tracker.orders.assign(**{
        "Order Date": aware.dt.tz_convert("Europe/Berlin"),
    })), TODAY)  # fmt: skip
    assert saved.orders["Order Date"].iloc[0] == pd.Timestamp("2026-11-24 23:30")
    assert amzsheet.open_workbook(path).orders["Order Date"].iloc[0] == pd.Timestamp("2026-11-24 23:30")
    assert tracker.orders["Ship By"].dt.time.dropna().eq(dt.time(0)).all()  # days, at midnight


def test_reprs_are_short(workbook, tmp_path):
    tracker = amzsheet.open_workbook(workbook)
    text = repr(tracker)
    assert "\n" not in text and len(text) < 200
    assert text.startswith(f"<Tracker tracker.xlsx: {len(tracker.orders):,} order lines, {len(tracker.inventory)} SKUs")
    assert "times in Etc/UTC" in text

    result = amzsheet.refresh(workbook, [ROOT / "sample_workbooks" / "exports"], today=dt.date(2026, 11, 26))
    text = repr(result)
    lines = text.splitlines()
    assert 4 <= len(lines) <= 6 and max(map(len, lines)) < 120
    assert lines[0] == "<RefreshResult tracker.xlsx: written (new day), computed for 2026-11-26"
    assert f"{len(result.skipped)} left alone (imported before)" in lines[1] and len(result.skipped) > 0
    assert "0 added, 0 updated" in lines[2]
    assert lines[-1].startswith("  backup: ") and text.endswith(">")
    again = repr(amzsheet.refresh(workbook, today=dt.date(2026, 11, 26)))
    assert again.splitlines()[0] == (
        "<RefreshResult tracker.xlsx: left as it was (nothing new, same day, not edited), computed for 2026-11-26"
    )


def test_the_package_docstring_lists_the_public_api():
    doc = amzsheet.__doc__ or ""
    for name in amzsheet.__all__:
        if name != "__version__":
            assert f"{name}(" in doc or f":class:`{name}`" in doc or f"``{name}``" in doc, name
    shown = pydoc.render_doc(amzsheet, renderer=pydoc.plaintext)
    contents = shown.split("PACKAGE CONTENTS")[1].split("\n\n")[0].split()
    assert len([word for word in contents if word != "(package)"]) < 15  # the stages, not every module


@pytest.mark.parametrize(
    ("reference_date", "day"), [(True, "its Reference date"), (False, "the day it was last computed for")]
)
def test_an_openpyxl_save_loses_the_cached_values_and_open_workbook_computes_them(workbook, reference_date, day):
    book = openpyxl.load_workbook(workbook)
    if not reference_date:  # the workbook still records the day amzsheet computed it for
        settings = book["Settings"]
        label = next(row[0] for row in settings.iter_rows(max_col=1) if row[0].value == "Reference date")
        settings.cell(label.row, 2).value = None
    book.save(workbook)  # openpyxl keeps the formulas but no values
    assert read_workbook(workbook).inventory["Available Quantity"].isna().all()

    with pytest.warns(amzsheet.UncachedValuesWarning) as caught:
        tracker = amzsheet.open_workbook(workbook)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "formulas without their results" in message and f"for 2026-11-25, {day};" in message
    assert caught[0].filename == __file__  # points at the caller's line
    expected = amzsheet.open_workbook(SAMPLE)
    for sheet in TABLE_SHEETS:
        pd.testing.assert_frame_equal(getattr(tracker, sheet.field), getattr(expected, sheet.field))


def test_a_workbook_whose_formulas_are_blank_by_right_gives_no_warning(tmp_path):
    path = tmp_path / "tracker.xlsx"
    amzsheet.init_workbook(path, amzsheet.Settings(time_zone="UTC"), TODAY)
    openpyxl.load_workbook(path).save(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert amzsheet.open_workbook(path).orders.empty


def test_a_tracker_from_open_workbook_saves_the_same_cells_as_before(workbook, tmp_path):
    model = Path(shutil.copy(workbook, tmp_path / "model.xlsx"))
    amzsheet.save_workbook(workbook, amzsheet.open_workbook(workbook), TODAY)
    amzsheet.save_workbook(model, read_workbook(model), TODAY)  # the tables as the model reads them
    assert _cells(workbook) == _cells(model)


def test_columns_added_in_pandas_are_saved_and_read_back(workbook):
    tracker = amzsheet.open_workbook(workbook)
    orders = tracker.orders.assign(
        Margin=(tracker.orders["Net Proceeds"] * 0.5).round(2),
        Tag=tracker.orders["Alert"].str.lower(),
        Paid=tracker.orders["Shipped Date"] + pd.Timedelta(days=14),  # NaT where not shipped
    )
    amzsheet.save_workbook(workbook, dataclasses.replace(tracker, orders=orders), TODAY)
    read = amzsheet.open_workbook(workbook).orders
    pd.testing.assert_series_equal(read["Tag"], orders["Tag"])
    pd.testing.assert_series_equal(read["Margin"], orders["Margin"], check_dtype=False)
    pd.testing.assert_series_equal(read["Paid"].astype("datetime64[ns]"), orders["Paid"])
    assert read["Margin"].dtype in ("Float64", "Int64") and read["Paid"].isna().any()


def test_the_sellers_own_columns_survive_a_notebook_save(workbook):
    book = openpyxl.load_workbook(workbook)
    sheet = book["Inventory"]
    added = {
        "Paid On": [dt.datetime(2026, 11, 1, 9), None, dt.datetime(2026, 11, 3, 14)],
        "Shelf": ["A3", 3, None],
        "Weight": [1.5, None, 2],
    }
    for offset, (header, values) in enumerate(added.items(), start=sheet.max_column + 1):
        for row, value in enumerate([header, *values], start=1):
            sheet.cell(row, offset, value)
    book.save(workbook)
    with pytest.warns(amzsheet.UncachedValuesWarning):
        amzsheet.save_workbook(workbook, amzsheet.open_workbook(workbook), TODAY)  # Excel's table grows
    before = read_workbook(workbook).inventory[list(added)]

    tracker = amzsheet.open_workbook(workbook)
    assert tracker.inventory["Weight"].dtype == "Float64" and tracker.inventory["Paid On"].isna().sum() > 0
    amzsheet.save_workbook(workbook, tracker, TODAY)
    pd.testing.assert_frame_equal(read_workbook(workbook).inventory[list(added)], before)
    assert before.iloc[:3].to_numpy().tolist() == [list(row) for row in zip(*added.values())]


def test_a_fraction_typed_in_a_whole_number_column_is_kept():
    columns = TABLE_SHEETS[1].columns  # Inventory
    table = pd.DataFrame({"SKU": ["MUG", None], "Case Pack": [2.5, None], "Min Order Qty": [12.0, None]})
    typed = nullable_table(table, columns, "UTC")
    assert typed["Case Pack"].dtype == "Float64" and typed["Case Pack"].iloc[0] == 2.5
    assert typed["Min Order Qty"].dtype == "Int64" and typed["Min Order Qty"].iloc[1] is pd.NA
    back = model_table(typed, columns, "UTC")
    assert back["Case Pack"].dtype == "float64" and back["SKU"].dtype == object
    assert back["SKU"].tolist() == ["MUG", None]
    assert "time_zone" not in back.attrs


def _cells(path: Path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_recompute_in_a_notebook_keeps_the_nullable_dtypes(tracker):
    again = tracker.recompute(TODAY)  # the day the sample was computed for: the same figures
    assert again.nullable_dtypes
    for sheet in TABLE_SHEETS:
        pd.testing.assert_frame_equal(getattr(again, sheet.field), getattr(tracker, sheet.field))
    model = tracker.with_model_dtypes()
    assert not model.nullable_dtypes and model.orders["Quantity"].dtype == "float64"
    assert model.recompute(TODAY).orders["Alert"].dtype == object


def test_the_pure_functions_take_the_notebook_tables(tracker):
    """seller_metrics on open_workbook's nullable tables gives what the briefing gives."""
    from amzsheet.model.metrics import seller_metrics

    metrics = seller_metrics(tracker.orders, dt.date(2026, 11, 25))
    assert metrics == amzsheet.status(SAMPLE).metrics
    assert (metrics["late_shipment_rate_10d"].orders, metrics["late_shipment_rate_10d"].defects) == (72, 11)
