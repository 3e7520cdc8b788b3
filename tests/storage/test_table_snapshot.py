"""Order Tracking kept beside the workbook by a save: read back only while the workbook is that file, and
always the table the workbook itself reads as."""

from __future__ import annotations

import datetime as dt
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest
from helpers import TODAY, make_inventory, make_orders
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import amzsheet
from amzsheet.contract.schema import ORDER_COLUMNS, Settings
from amzsheet.errors import HostileWorkbookError
from amzsheet.excel.read_back import table_as_read
from amzsheet.excel.reader import read_workbook
from amzsheet.storage.table_snapshot import read_snapshot, snapshot_path

ORDERS = "Order Tracking"


def _refreshed(workbook):
    """The workbook after a morning refresh with nothing new (which writes it, and its snapshot)."""
    result = amzsheet.refresh(workbook, [], today=TODAY + dt.timedelta(days=1))
    assert result.written
    return workbook


def test_a_save_keeps_order_tracking_as_the_workbook_reads_it(sample_workbook):
    workbook = _refreshed(sample_workbook)
    kept = read_snapshot(workbook)
    assert kept is not None and snapshot_path(workbook).name == ".tracker.xlsx.orders.arrow"
    cold = read_workbook(workbook)  # from the workbook's cells
    pd.testing.assert_frame_equal(kept, cold.orders)
    assert kept["Order ID"].dtype == object and kept["Item Total"].dtype == "float64"
    pd.testing.assert_frame_equal(amzsheet.open_workbook(workbook).orders, cold.with_nullable_dtypes().orders)


@pytest.mark.filterwarnings("ignore::amzsheet.UncachedValuesWarning")  # openpyxl keeps no formula results
def test_a_workbook_saved_by_another_program_is_read_from_its_cells(sample_workbook):
    workbook = _refreshed(sample_workbook)
    book = openpyxl.load_workbook(workbook)
    book[ORDERS]["R5"] = "Left at the back door"  # Notes, as the seller would type it in Excel
    book.save(workbook)
    assert read_snapshot(workbook) is None
    orders = amzsheet.open_workbook(workbook).orders
    assert orders["Notes"].iloc[2] == "Left at the back door"


@pytest.mark.parametrize("damage", [b"", b"not an arrow file", None])
def test_a_damaged_or_missing_snapshot_is_passed_over(sample_workbook, damage):
    workbook = _refreshed(sample_workbook)
    kept = snapshot_path(workbook)
    if damage is None:
        kept.unlink()
    else:
        kept.write_bytes(damage)
    assert read_snapshot(workbook) is None
    pd.testing.assert_frame_equal(
        amzsheet.open_workbook(workbook).orders, read_workbook(workbook).with_nullable_dtypes().orders
    )


def test_another_file_in_the_workbooks_place_gets_the_package_check(sample_workbook, tmp_path):
    """The snapshot vouches for the bytes it was made with only: a hostile file put in the workbook's place is
    refused as it would be without a snapshot."""
    workbook = _refreshed(sample_workbook)
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet6.xml":
                data = data.replace(
                    b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
                )
            target.writestr(info, data)
    workbook.write_bytes(hostile.read_bytes())
    assert snapshot_path(workbook).exists()
    with pytest.raises(HostileWorkbookError):
        amzsheet.open_workbook(workbook)


def _one_line(**values) -> pd.DataFrame:
    line = {"Order ID": "111-0000001-0000001", "Order Date": pd.Timestamp("2026-11-20 10:30:15"), "SKU": "MUG-1"}
    return make_orders([{**line, **values}])


@pytest.mark.parametrize(
    "values",
    [
        {"Product Name": "Mug\r\n12 oz"},  # XML reads the carriage return as a line feed
        {"Product Name": "Mug\x0b12 oz"},  # dropped by the writer: XML cannot hold it
        {"Notes": "_x0041_"},  # Excel's escape syntax, written escaped
        {"Notes": "x" * 40_000},  # cut at Excel's 32,767 characters
        {"Order Date": pd.Timestamp("2026-11-20 10:30:15.000123")},  # finer than the millisecond a serial keeps
        {"Ship By": pd.Timestamp("1900-02-01")},  # before Excel's 1900 leap day
        {"Item Total": 1e20},  # Amazon's value the reader refuses, naming the cell
    ],
)
def test_a_value_that_does_not_read_back_the_same_leaves_the_table_to_the_workbook(values):
    orders = _one_line(**values)
    assert table_as_read(orders, ORDER_COLUMNS) is None


def test_a_computed_value_out_of_its_columns_range_reads_back_blank():
    orders = _one_line(**{"Fees": 2e16})
    read = table_as_read(orders, ORDER_COLUMNS)
    assert read is not None and np.isnan(read["Fees"].iloc[0])


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_MOMENT = st.datetimes(dt.datetime(1899, 6, 1), dt.datetime(2100, 1, 1)).map(pd.Timestamp)
_LINE = st.fixed_dictionaries(
    {
        "Order ID": st.text("0123456789-", min_size=1, max_size=19),
        "Order Date": _MOMENT,
        "SKU": _TEXT,
        "Product Name": _TEXT,
        "Notes": st.one_of(st.none(), _TEXT),
        "Quantity": st.one_of(st.none(), st.integers(-2, 10**6).map(float)),
        "Item Total": st.one_of(st.none(), st.floats(-1e16, 1e16, allow_nan=False)),
        "Ship By": st.one_of(st.none(), _MOMENT.map(lambda moment: moment.normalize())),
        "My Column": st.one_of(st.none(), _TEXT),
    }
)


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,  # the same lines on every run
    phases=[Phase.generate],  # a failing example is shown as found (shrinking one takes minutes of saves)
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(lines=st.lists(_LINE, min_size=1, max_size=6))
def test_whenever_a_table_is_kept_it_is_what_the_workbook_reads(tmp_path_factory, lines):
    """Generated lines (any text, times and numbers, a column of the seller's): saved, then read from the cells."""
    workbook = tmp_path_factory.mktemp("snapshot") / "tracker.xlsx"
    tracker = amzsheet.Tracker(make_orders(lines), make_inventory([]), Settings(time_zone="UTC"))
    try:
        amzsheet.save_workbook(workbook, tracker, TODAY)
    except (ValueError, amzsheet.WorkbookError):
        return  # a value no workbook can hold: nothing is written, nothing kept
    kept = read_snapshot(workbook)
    try:
        cold = read_workbook(workbook)
    except amzsheet.WorkbookError:
        assert kept is None  # a value the reader refuses is never vouched for
        return
    if kept is not None:
        pd.testing.assert_frame_equal(kept, cold.orders)


def test_a_snapshot_that_cannot_be_written_leaves_the_save_done_and_no_file(sample_workbook, monkeypatch):
    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("amzsheet.storage.table_snapshot.pa.ipc.new_file", full_disk)
    workbook = _refreshed(sample_workbook)
    assert not snapshot_path(workbook).exists()
    assert sorted(p.name for p in workbook.parent.iterdir() if p.name.startswith(".")) == [".tracker.xlsx.lock"]
    assert len(amzsheet.open_workbook(workbook).orders) > 0
