"""The order archive beside the workbook: what moves, that no figure changes, history, restore, bad archives."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from helpers import TODAY, write_all_orders
from helpers.archive import older
from python_calamine import CalamineWorkbook

import amzsheet
from amzsheet.contract.schema import INVENTORY_SHEET, PROFIT_SHEET
from amzsheet.errors import UsageError, WorkbookError
from amzsheet.model.archive import lines_to_archive
from amzsheet.storage.archive import archive_file


@pytest.fixture
def old_tracker(sample_workbook) -> amzsheet.Tracker:
    return older(amzsheet.open_workbook(sample_workbook))


def _months(tracker: amzsheet.Tracker, months: int) -> amzsheet.Tracker:
    return replace(tracker, settings=replace(tracker.settings, archive_after_months=months))


def _cells(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_settled_orders_move_and_no_figure_changes(old_tracker, tmp_path):
    kept = amzsheet.save_workbook(tmp_path / "all.xlsx", _months(old_tracker, 1200), TODAY)
    moved = amzsheet.save_workbook(tmp_path / "tracker.xlsx", old_tracker, TODAY)
    assert not archive_file(tmp_path / "all.xlsx").exists()
    assert len(kept.orders) == len(old_tracker.orders)
    # The old half moves, less the orders with a payment or a return in the last 180 days (not made older here).
    assert 500 < len(moved.archived_orders) < len(old_tracker.orders) // 2 + 1
    assert len(moved.orders) + len(moved.archived_orders) == len(old_tracker.orders)
    cutoff = pd.Timestamp(TODAY) - pd.DateOffset(months=24)
    assert (moved.archived_orders["Order Date"] < cutoff).all()
    # Every figure of Inventory and Profit is the same, cached values and all.
    for sheet in (INVENTORY_SHEET, PROFIT_SHEET):
        assert _cells(tmp_path / "tracker.xlsx", sheet) == _cells(tmp_path / "all.xlsx", sheet), sheet
    figures = ["Forecast Daily", "Forecast Method", "ABC Class", "XYZ Class", "In-Stock Days", "Demand Std Dev"]
    pd.testing.assert_frame_equal(moved.inventory[figures], kept.inventory[figures])
    # history() gives back every line, as it was.
    every = amzsheet.history(tmp_path / "all.xlsx")
    both = amzsheet.history(tmp_path / "tracker.xlsx")
    assert len(both) == len(every) == len(old_tracker.orders)
    key = ["Order ID", "SKU", "Order Item ID"]
    pd.testing.assert_frame_equal(
        both.sort_values(key, ignore_index=True), every.sort_values(key, ignore_index=True), check_like=False
    )
    assert both["Order Date"].is_monotonic_decreasing


def test_a_refresh_moves_nothing_again_and_the_figures_stay(old_tracker, tmp_path):
    path = tmp_path / "tracker.xlsx"
    first = amzsheet.save_workbook(path, old_tracker, TODAY)
    result = amzsheet.refresh(path, [], today=TODAY + dt.timedelta(days=1))
    assert result.written and result.archived_lines == 0
    assert len(amzsheet.history(path)) == len(old_tracker.orders)
    assert len(result.tracker.orders) == len(first.orders)
    reopened = amzsheet.open_workbook(path)
    assert len(reopened.archived_orders) == len(first.archived_orders)


def test_open_orders_recent_activity_and_counted_lines_stay():
    today = pd.Timestamp(TODAY)
    old = today - pd.DateOffset(years=3)
    orders = pd.DataFrame(
        {
            "Order ID": ["A", "B", "B", "C", "D", "E", ""],
            "Order Date": [old] * 7,
            "Order Status": ["Delivered", "Delivered", "Unshipped", "Delivered", "Delivered", "Shipped", "Delivered"],
            "SKU": ["S1", "S1", "S1", "S1", "S2", "S1", "S1"],
            "Last Updated": [old, old, old, today - pd.Timedelta(days=10), old, old, old],
            "Return Date": [pd.NaT] * 7,
        }
    )
    inventory = pd.DataFrame({"SKU": ["S1", "S2"], "Count Date": [today, old - pd.Timedelta(days=1)]})
    returns = pd.DataFrame({"Order ID": ["E"], "Return Date": [today - pd.Timedelta(days=30)]})
    payments = pd.DataFrame({"Order ID": [], "Date/Time": []})
    moving = lines_to_archive(orders, inventory, returns, payments, TODAY, 24)
    # A moves; B has an open line (the whole order stays); C changed 10 days ago; D was sold after S2's count;
    # E had a return 30 days ago; a line without an Order ID never moves.
    assert moving.tolist() == [True, False, False, False, False, False, False]


def test_the_row_limit_moves_the_oldest_whole_orders_first():
    today = pd.Timestamp(TODAY)
    dates = [today - pd.Timedelta(days=days) for days in (400, 300, 300, 200, 190)]
    orders = pd.DataFrame(
        {
            "Order ID": ["A", "B", "B", "C", "D"],
            "Order Date": dates,
            "Order Status": ["Delivered"] * 5,
            "SKU": ["S1"] * 5,
            "Return Date": [pd.NaT] * 5,
        }
    )
    inventory = pd.DataFrame({"SKU": ["S1"], "Count Date": [pd.NaT]})
    empty = pd.DataFrame({"Order ID": [], "Date/Time": [], "Return Date": []})
    # Nothing is 24 months old; a limit of 3 lines moves A, then B whole (2 lines), never half an order.
    assert (
        lines_to_archive(orders, inventory, empty, empty, TODAY, 24, limit=3).tolist()
        == [True, True, True] + [False] * 2
    )
    assert not lines_to_archive(orders, inventory, empty, empty, TODAY, 24, limit=10).any()


def test_a_report_naming_an_archived_order_brings_it_back_updated(old_tracker, tmp_path):
    path = tmp_path / "tracker.xlsx"
    saved = amzsheet.save_workbook(path, old_tracker, TODAY)
    archived = saved.archived_orders
    line = archived[archived["Order Status"] == "Delivered"].iloc[0]
    order_id, sku = str(line["Order ID"]), str(line["SKU"])
    export = write_all_orders(
        tmp_path / "late.txt",
        [
            {
                "amazon-order-id": order_id,
                "purchase-date": pd.Timestamp(line["Order Date"]).strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                "last-updated-date": "2026-11-24T10:00:00+00:00",
                "order-status": "Shipped - Returned to Seller",
                "sku": sku,
                "product-name": "Returned long after",
                "quantity": str(int(line["Quantity"])),
                "item-price": "10.00",
            }
        ],
    )
    result = amzsheet.refresh(path, [export], today=TODAY)
    assert result.recalled_lines >= 1 and result.new_lines == 0
    lines = amzsheet.history(path)
    this = lines[lines["Order ID"] == order_id]
    assert len(this) == (saved.archived_orders["Order ID"] == order_id).sum()  # once, not twice
    assert this.loc[this["SKU"] == sku, "Order Status"].tolist() == ["Returned"]
    assert order_id in set(result.tracker.orders["Order ID"])  # active again: it changed today


def test_an_old_report_naming_an_archived_order_moves_it_back_once(old_tracker, tmp_path):
    """Re-downloaded old report: the order comes back, nothing in it is new, and it moves to the archive again;
    the tracker the refresh returns holds it once among its archived lines, as the archive file does."""
    path = tmp_path / "tracker.xlsx"
    saved = amzsheet.save_workbook(path, old_tracker, TODAY)
    line = saved.archived_orders[saved.archived_orders["Order Status"] == "Delivered"].iloc[0]
    order_id = str(line["Order ID"])
    placed = pd.Timestamp(line["Order Date"]).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    export = write_all_orders(
        tmp_path / "old.txt",
        [
            {
                "amazon-order-id": order_id,
                "purchase-date": placed,
                "last-updated-date": placed,
                "order-status": "Shipped",
                "sku": str(line["SKU"]),
                "quantity": str(int(line["Quantity"])),
                "item-price": "10.00",
            }
        ],
    )
    result = amzsheet.refresh(path, [export], today=TODAY)
    assert result.recalled_lines >= 1 and result.archived_lines >= 1
    lines = (saved.archived_orders["Order ID"] == order_id).sum()
    assert (result.computed.archived_orders["Order ID"] == order_id).sum() == lines
    assert (pd.read_parquet(archive_file(path))["Order ID"] == order_id).sum() == lines


def test_history_in_some_columns_is_every_line_in_those_columns(old_tracker, tmp_path):
    path = tmp_path / "tracker.xlsx"
    amzsheet.save_workbook(path, old_tracker, TODAY)
    every = amzsheet.history(path)
    some = amzsheet.history(path, ["SKU", "Quantity"])
    assert list(some.columns) == ["SKU", "Quantity"]
    pd.testing.assert_frame_equal(some, every[["SKU", "Quantity"]])
    with pytest.raises(UsageError, match=r"'Nope' is not a column of Order Tracking in .*tracker\.xlsx"):
        amzsheet.history(path, ["Order ID", "Nope"])


def test_a_tracker_saved_under_another_name_takes_its_archive_along(old_tracker, tmp_path):
    first = tmp_path / "tracker.xlsx"
    amzsheet.save_workbook(first, old_tracker, TODAY)
    copy = tmp_path / "copy" / "tracker-2027.xlsx"
    copy.parent.mkdir()
    amzsheet.save_workbook(copy, amzsheet.open_workbook(first), TODAY)
    assert archive_file(copy).read_bytes() == archive_file(first).read_bytes()
    assert len(amzsheet.history(copy)) == len(amzsheet.history(first)) == len(old_tracker.orders)


def test_restore_brings_back_the_workbook_and_its_archive(old_tracker, tmp_path):
    path = tmp_path / "tracker.xlsx"
    amzsheet.save_workbook(path, _months(old_tracker, 1200), TODAY)  # nothing archived yet
    amzsheet.save_workbook(path, amzsheet.open_workbook(path), TODAY)  # a plain save: still nothing
    opened = amzsheet.open_workbook(path)
    amzsheet.save_workbook(path, _months(opened, 24), TODAY)  # now the old orders move
    archived = pd.read_parquet(archive_file(path))
    assert len(archived) > 500
    before_move = amzsheet.workbook_backups(path)[0]
    assert before_move.path.with_name(before_move.path.stem + ".archive.parquet").exists() is False  # no archive then
    # Another move (more orders made old) changes the archive: its backup pairs with that save's workbook backup.
    amzsheet.save_workbook(path, older(amzsheet.open_workbook(path), byte=1), TODAY)
    grown = pd.read_parquet(archive_file(path))
    assert len(grown) > len(archived)
    pair = amzsheet.workbook_backups(path)[0]
    assert pd.read_parquet(pair.path.with_name(pair.path.stem + ".archive.parquet")).shape == archived.shape
    amzsheet.restore_backup(path, pair.path.name)
    assert pd.read_parquet(archive_file(path)).shape == archived.shape
    assert len(amzsheet.history(path)) == len(old_tracker.orders)
    assert len(amzsheet.open_workbook(path).orders) == len(old_tracker.orders) - len(archived)


def test_a_restore_that_fails_loses_no_line_of_the_archive(old_tracker, tmp_path, monkeypatch):
    """The workbook goes back first: a restore stopped by a full disk leaves both files as they were."""
    path = tmp_path / "tracker.xlsx"
    amzsheet.save_workbook(path, _months(old_tracker, 1200), TODAY)
    amzsheet.save_workbook(path, _months(amzsheet.open_workbook(path), 24), TODAY)  # the old orders move
    amzsheet.save_workbook(path, older(amzsheet.open_workbook(path), byte=1), TODAY)  # more move: a paired backup
    lines, archive = len(amzsheet.history(path)), archive_file(path).read_bytes()
    backups = sorted(p.name for p in path.parent.joinpath("backups").iterdir())

    def full_disk(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("amzsheet.api.shutil.copyfile", full_disk)
    with pytest.raises(WorkbookError, match="No space left on device"):
        amzsheet.restore_backup(path, amzsheet.workbook_backups(path)[0].path.name)
    assert archive_file(path).read_bytes() == archive
    assert len(amzsheet.history(path)) == lines == len(old_tracker.orders)
    assert sorted(p.name for p in path.parent.joinpath("backups").iterdir()) == backups  # no orphan archive backup


def test_a_seller_column_that_changes_kind_between_archivings_is_kept_as_text(old_tracker, tmp_path):
    """Box numbers first (archived as numbers), then text in the same column: the next archiving keeps both."""
    path = tmp_path / "tracker.xlsx"
    orders = old_tracker.orders.copy()
    orders["Box"] = pd.Series([7] * len(orders), dtype=object)
    amzsheet.save_workbook(path, replace(old_tracker, orders=orders), TODAY)
    opened = amzsheet.open_workbook(path)
    orders = opened.orders.astype({"Box": object})
    orders["Box"] = "B-12"
    amzsheet.save_workbook(path, older(replace(opened, orders=orders), byte=1), TODAY)
    boxes = amzsheet.history(path)["Box"]
    assert set(boxes) == {"7", "B-12"} and len(boxes) == len(old_tracker.orders)
    assert set(pd.read_parquet(archive_file(path))["Box"]) == {"7", "B-12"}  # pandas reads the file as it is


def test_a_damaged_archive_is_one_sentence_and_the_workbook_is_left_alone(old_tracker, tmp_path):
    path = tmp_path / "tracker.xlsx"
    amzsheet.save_workbook(path, old_tracker, TODAY)
    archive_file(path).write_bytes(b"PAR1 not really")
    before = path.read_bytes()
    with pytest.raises(WorkbookError, match=r"orders\.parquet cannot be read .*amzsheet restore"):
        amzsheet.refresh(path, [], today=TODAY + dt.timedelta(days=1))
    assert path.read_bytes() == before


def test_text_that_looks_like_a_formula_stays_text_in_the_archive(old_tracker, tmp_path):
    orders = old_tracker.orders.copy()
    orders["Product Name"] = orders["Product Name"].astype(object)
    orders.loc[:, "Product Name"] = "=HYPERLINK(1)"
    path = tmp_path / "tracker.xlsx"
    amzsheet.save_workbook(path, replace(old_tracker, orders=orders), TODAY)
    archived = pd.read_parquet(archive_file(path))
    assert set(archived["Product Name"]) == {"=HYPERLINK(1)"}


def test_duckdb_reads_the_archive_with_the_workbook_time_zone_recorded(old_tracker, tmp_path):
    path = tmp_path / "tracker.xlsx"
    saved = amzsheet.save_workbook(path, old_tracker, TODAY)
    query = f"SELECT SKU, SUM(Quantity) AS units FROM read_parquet('{archive_file(path)}') GROUP BY SKU ORDER BY SKU"
    units = duckdb.sql(query).df().set_index("SKU")["units"]
    expected = saved.archived_orders.groupby("SKU")["Quantity"].sum().astype("float64").sort_index()
    np.testing.assert_allclose(units.to_numpy(dtype="float64"), expected.to_numpy())
