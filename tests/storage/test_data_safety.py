"""Never lose a seller's data: killed refreshes, backups, Excel's lock file, concurrent runs, upgrades."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from helpers import TODAY, write_all_orders
from python_calamine import CalamineWorkbook

import amzsheet
from amzsheet.cli import cli
from amzsheet.contract.schema import LAYOUT_VERSION, ORDER_COLUMNS, column_names
from amzsheet.errors import UncachedValuesWarning, WorkbookBusyError, WorkbookError
from amzsheet.excel.reader import layout_version
from amzsheet.storage.saving import temporary_files

DATA = Path(__file__).parents[1] / "data"
KILL_POINTS = 20


def _new_orders(path: Path, prefix: str, count: int) -> Path:
    lines = [
        {
            "amazon-order-id": f"{prefix}-{n:07d}",
            "purchase-date": "2026-11-24T10:00:00+00:00",
            "last-updated-date": "2026-11-24T10:00:00+00:00",
            "order-status": "Pending",
            "sku": f"NEW-{n % 7}",
            "product-name": "New product",
            "quantity": "1",
            "item-price": "10.00",
        }
        for n in range(count)
    ]
    return write_all_orders(path, lines)


def _refresh_command(workbook: Path, *exports: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "amzsheet",
        "refresh",
        str(workbook),
        *map(str, exports),
        "--today",
        TODAY.isoformat(),
    ]


def test_a_refresh_killed_at_any_moment_leaves_the_old_or_the_new_workbook(sample_workbook, tmp_path):
    outcomes = _kill_refreshes(sample_workbook, tmp_path, _order_lines, KILL_POINTS)
    assert "old" in outcomes and "new" in outcomes, outcomes  # the kill points straddle the save


def test_a_refresh_killed_while_archiving_keeps_every_order_once(sample_workbook, tmp_path):
    """The refresh moves the older half of the orders to the archive: killed anywhere, history() counts each once."""
    tracker = amzsheet.open_workbook(sample_workbook)
    orders = tracker.orders.copy()
    old = (orders.index % 2 == 0) & ~orders["Order Status"].isin(["Pending", "Unshipped"]).to_numpy(dtype=bool)
    old &= ~orders["Order ID"].duplicated(keep=False).to_numpy(dtype=bool)  # orders of one line: whole orders
    for name in ("Order Date", "Ship By", "Deliver By", "Shipped Date", "Delivered Date", "Last Updated"):
        orders.loc[old, name] = orders.loc[old, name] - pd.Timedelta(days=3 * 365)
    settings = replace(tracker.settings, archive_after_months=1200)  # nothing moves yet
    amzsheet.save_workbook(sample_workbook, replace(tracker, orders=orders, settings=settings), TODAY)
    _set_archive_months(sample_workbook, 24)  # the seller shortens it in Excel: the next refresh archives
    outcomes = _kill_refreshes(sample_workbook, tmp_path, _every_line, KILL_POINTS // 2)
    assert "new" in outcomes, outcomes


def _order_lines(workbook: Path) -> int:
    return len(amzsheet.open_workbook(workbook).orders)


def _every_line(workbook: Path) -> int:
    lines = amzsheet.history(workbook)
    assert not lines.duplicated(["Order ID", "SKU", "Order Item ID"]).any()
    return len(lines)


def _set_archive_months(workbook: Path, months: int) -> None:
    book = openpyxl.load_workbook(workbook)
    sheet = book["Settings"]
    row = next(row for row in sheet.iter_rows() if row[0].value == "Archive orders after (months)")
    row[1].value = months
    book.save(workbook)


def _kill_refreshes(workbook: Path, tmp_path: Path, count: Callable[[Path], int], points: int) -> list[str]:
    """Kill a refresh at ``points`` moments; each time the lines counted are the old or the new ones, then a
    refresh runs normally. Return "old" or "new" for each kill."""
    original = workbook.read_bytes()
    archive = workbook.with_suffix(".archive")
    before = count(workbook)
    export = _new_orders(tmp_path / "new.txt", "900", 400)
    first = tmp_path / "first" / "tracker.xlsx"
    first.parent.mkdir()
    first.write_bytes(original)
    duration = _timed_refresh(first, export)
    expected = count(first)
    assert expected == before + 400
    outcomes = []
    for point in range(points):
        folder = tmp_path / f"kill-{point}"
        folder.mkdir()
        copy = folder / "tracker.xlsx"
        copy.write_bytes(original)
        if archive.exists():
            shutil.copytree(archive, copy.with_suffix(".archive"))
        process = subprocess.Popen(_refresh_command(copy, export), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if point % 5 == 4:
            _wait_for_the_save(process, copy)  # in the middle of writing the temporary file
        else:
            # From a quarter of a run (Python and pandas loaded) to past its end: reading, merging,
            # saving, renaming. The length of a run is re-measured on every full run below, so a
            # machine that slows down during the test still gets kills on both sides of the rename.
            time.sleep(duration * (0.25 + point / (points - 1)))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if copy.read_bytes() == original:
            outcomes.append("old")
            assert count(copy) == before, f"kill point {point}"
        else:
            assert count(copy) == expected, f"kill point {point}"
            outcomes.append("new")
        # The next refresh runs normally: no lock is left behind, leftovers are cleaned up.
        took = _timed_refresh(copy, export)
        if outcomes[-1] == "old":  # a full import, as long as the killed one would have been
            duration = took
        assert count(copy) == expected
        assert not temporary_files(copy)
    print(f"kill points: {len(outcomes)}, old kept: {outcomes.count('old')}, new: {outcomes.count('new')}")
    return outcomes


def _timed_refresh(workbook: Path, export: Path) -> float:
    started = time.monotonic()
    subprocess.run(_refresh_command(workbook, export), check=True, capture_output=True, timeout=120)
    return time.monotonic() - started


def _wait_for_the_save(process: subprocess.Popen, workbook: Path) -> None:
    """Return as soon as the refresh has started writing its temporary file (or has ended)."""
    while process.poll() is None and not temporary_files(workbook):
        time.sleep(0.002)


def test_each_save_keeps_a_backup_and_only_the_last_ones(sample_workbook, tmp_path):
    tracker = amzsheet.open_workbook(sample_workbook)
    amzsheet.save_workbook(sample_workbook, replace(tracker, settings=replace(tracker.settings, backups_to_keep=2)))
    versions = [sample_workbook.read_bytes()]
    for day in range(3):
        amzsheet.refresh(sample_workbook, [_new_orders(tmp_path / f"day{day}.txt", f"80{day}", 5)], today=TODAY)
        versions.append(sample_workbook.read_bytes())
        time.sleep(1.05)  # backups are named to the second
    kept = amzsheet.workbook_backups(sample_workbook)
    assert len(kept) == 2  # Backups to keep = 2
    assert [backup.path.read_bytes() for backup in kept] == [versions[2], versions[1]]  # newest first
    assert kept[0].path.parent == sample_workbook.parent / "backups"


def test_restore_brings_a_backup_back_and_keeps_the_current_version(sample_workbook, tmp_path):
    first = sample_workbook.read_bytes()
    result = amzsheet.refresh(sample_workbook, [_new_orders(tmp_path / "more.txt", "700", 3)], today=TODAY)
    assert result.backup is not None and result.backup.read_bytes() == first
    listing = CliRunner().invoke(cli, ["restore", str(sample_workbook), "--list"])
    assert result.backup.name in listing.output
    time.sleep(1.05)
    outcome = CliRunner().invoke(cli, ["restore", str(sample_workbook), result.backup.name])
    assert outcome.exit_code == 0, outcome.output
    assert sample_workbook.read_bytes() == first
    newest = amzsheet.workbook_backups(sample_workbook)[0]
    assert "700-0000000" in set(amzsheet.open_workbook(newest.path).orders["Order ID"])  # the undo
    damaged = sample_workbook.parent / "backups" / "tracker-20200101-000000.xlsx"
    damaged.write_bytes(b"not a workbook")
    with pytest.raises(WorkbookError):
        amzsheet.restore_backup(sample_workbook, damaged.name)


@pytest.mark.parametrize("lock_name", ["~$tracker.xlsx", "~$acker.xlsx", ".~lock.tracker.xlsx#"])
def test_a_workbook_open_in_excel_is_left_alone(sample_workbook, tmp_path, lock_name):
    (sample_workbook.parent / lock_name).write_bytes(b"owner")
    before = sample_workbook.read_bytes()
    outcome = CliRunner().invoke(cli, ["refresh", str(sample_workbook), str(_new_orders(tmp_path / "n.txt", "1", 2))])
    assert outcome.exit_code == 1
    assert outcome.output.startswith(f"Error: {sample_workbook} is open in Excel or LibreOffice (its lock file ")
    assert sample_workbook.read_bytes() == before


def test_a_refresh_waits_for_another_and_gives_up_after_the_limit(sample_workbook, monkeypatch):
    from amzsheet.storage import locking

    told = []
    with locking.workbook_lock(sample_workbook):
        monkeypatch.setattr(locking, "WAIT_SECONDS", 0.3)
        with pytest.raises(WorkbookBusyError, match="another amzsheet run"):
            amzsheet.refresh(sample_workbook, today=TODAY, on_wait=told.append)
    assert told == [f"Waiting for another amzsheet run on {sample_workbook} to finish (up to 0 s)..."]


def test_two_refreshes_started_together_keep_both_sets_of_orders(sample_workbook, tmp_path):
    first = _new_orders(tmp_path / "a.txt", "501", 300)
    second = _new_orders(tmp_path / "b.txt", "502", 300)
    runs = [
        subprocess.Popen(_refresh_command(sample_workbook, export), stderr=subprocess.PIPE)
        for export in (first, second)
    ]
    for run in runs:
        assert run.wait(timeout=300) == 0, run.stderr.read().decode()
    ids = set(amzsheet.open_workbook(sample_workbook).orders["Order ID"])
    assert {"501-0000299", "502-0000299"} <= ids


def test_a_workbook_of_the_first_layout_is_upgraded_with_a_backup(tmp_path):
    old = tmp_path / "tracker.xlsx"
    shutil.copyfile(DATA / "tracker-layout-1.xlsx", old)
    before = amzsheet.open_workbook(old)
    assert layout_version(old) == 1
    result = amzsheet.refresh(old, today=TODAY)
    assert (result.upgraded_from, layout_version(old)) == (1, LAYOUT_VERSION)
    assert result.backup.read_bytes() == (DATA / "tracker-layout-1.xlsx").read_bytes()
    after = amzsheet.open_workbook(old)
    assert {"Returns", "Payments", "Imports"} <= set(CalamineWorkbook.from_path(str(old)).sheet_names)
    seller = ["Order ID", "Customer Name", "Order Status", "Ship By", "Notes", "Carrier", "Tracking Number"]
    pd.testing.assert_frame_equal(after.orders[seller], before.orders[seller])
    inputs = ["SKU", "Supplier", "Unit Cost", "Stock Counted", "Count Date", "Received Since Count", "Lead Time (days)"]
    pd.testing.assert_frame_equal(after.inventory[inputs], before.inventory[inputs])
    again = amzsheet.refresh(old, today=TODAY)
    assert again.upgraded_from is None


def test_a_workbook_of_layout_2_keeps_its_settings_and_gains_the_planning_sheets(tmp_path):
    import openpyxl

    old = tmp_path / "tracker.xlsx"
    shutil.copyfile(DATA / "tracker-layout-2.xlsx", old)  # the sample tracker committed at the end of issue 4
    book = openpyxl.load_workbook(old)
    labels = {book["Settings"].cell(row, 1).value: row for row in range(1, 20)}
    book["Settings"].cell(labels["Service level"], 2, 0.97)  # layout 2 had one service level
    book["Settings"].cell(labels["Coverage days"], 2, 21)  # now called the review period
    book.save(old)
    with pytest.warns(UncachedValuesWarning, match="without their results"):  # openpyxl kept no results
        before = amzsheet.open_workbook(old)  # only the seller's inputs are compared: no figure of today
    assert layout_version(old) == 2
    result = amzsheet.refresh(old, today=TODAY)
    assert (result.upgraded_from, layout_version(old)) == (2, LAYOUT_VERSION) and result.backup.exists()
    after = amzsheet.open_workbook(old)
    settings = after.settings
    assert (settings.service_level_a, settings.service_level_b, settings.service_level_c) == (0.97, 0.97, 0.97)
    assert settings.review_period_days == 21
    sheets = set(CalamineWorkbook.from_path(str(old)).sheet_names)
    assert {"Purchase Orders", "Counts", "Stock History"} <= sheets
    inputs = ["SKU", "Supplier", "Unit Cost", "Stock Counted", "Count Date", "Received Since Count", "Lead Time (days)"]
    pd.testing.assert_frame_equal(after.inventory[inputs], before.inventory[inputs])
    assert after.inventory["Why"].notna().all() and after.inventory["Forecast Method"].notna().all()
    assert len(after.stock_history) == after.inventory["Available Quantity"].notna().sum()  # today's snapshot


def test_a_workbook_of_layout_4_gains_feedback_and_claim_before_the_sellers_own_columns(tmp_path):
    """tracker-layout-4.xlsx: written by amzsheet at layout 4, with seller edits and a column of the seller's."""
    import openpyxl

    old = tmp_path / "tracker.xlsx"
    shutil.copyfile(DATA / "tracker-layout-4.xlsx", old)
    before = amzsheet.open_workbook(old)
    assert layout_version(old) == 4
    result = amzsheet.refresh(old, today=TODAY)
    assert (result.upgraded_from, layout_version(old)) == (4, LAYOUT_VERSION) and LAYOUT_VERSION == 8
    assert result.backup.read_bytes() == (DATA / "tracker-layout-4.xlsx").read_bytes()
    orders = openpyxl.load_workbook(old)["Order Tracking"]
    header = [cell.value for cell in orders[2]]  # layout 6: under the legend of the alert colours
    # The tracker's columns in their new order, the seller's column after them.
    assert header == [*column_names(ORDER_COLUMNS), "Gift note"]
    assert orders["A1"].value == "Alert colours:" and orders.freeze_panes == "D3"  # the old default pane gives way
    after = amzsheet.open_workbook(old)
    seller = ["Order ID", "Customer Name", "Order Status", "Ship By", "Notes", "Carrier", "Tracking Number"]
    seller += ["Gift note"]
    pd.testing.assert_frame_equal(after.orders[seller], before.orders[seller])
    assert after.orders["Feedback"].isna().all() and after.orders["Claim"].isna().all()
    # Feedback typed in the upgraded workbook is the seller's: a refresh keeps it.
    book = openpyxl.load_workbook(old)
    sheet = book["Order Tracking"]
    sheet.cell(3, header.index("Feedback") + 1, 1)
    rated = sheet.cell(3, header.index("Order ID") + 1).value
    book.save(old)
    again = amzsheet.refresh(old, today=TODAY)
    assert again.upgraded_from is None
    feedback = again.tracker.orders.set_index("Order ID")["Feedback"].dropna()
    assert feedback.to_dict() == {rated: 1}


def test_the_same_inputs_give_the_same_cell_values(sample_folder, tmp_path):
    results = []
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        amzsheet.refresh(folder / "tracker.xlsx", [sample_folder / "exports"], today=TODAY)
        book = CalamineWorkbook.from_path(str(folder / "tracker.xlsx"))
        sheets = {sheet: book.get_sheet_by_name(sheet).to_python() for sheet in book.sheet_names}
        imports = sheets.pop("Imports")
        stamp = imports[0].index("Imported At")
        sheets["Imports"] = [row[:stamp] + row[stamp + 1 :] for row in imports]  # when the run happened
        assert sheets["Changes"][0][0] == "Refreshed At"  # the same clock
        sheets["Changes"] = [row[1:] for row in sheets["Changes"]]
        results.append(sheets)
    assert results[0] == results[1]  # every sheet, the Dashboard included


@pytest.mark.parametrize(
    ("source", "sheet", "message"),
    [
        ("layout-2", "returns", "has a sheet named 'returns', which Excel takes for amzsheet's 'Returns' sheet"),
        ("layout-1", "Payments", "has a sheet of yours named 'Payments', a name this version of amzsheet needs"),
    ],
)
def test_a_sheet_named_like_one_of_amzsheets_is_a_clear_sentence(sample_workbook, tmp_path, source, sheet, message):
    import openpyxl

    workbook = sample_workbook
    if source == "layout-1":
        workbook = tmp_path / "old.xlsx"
        shutil.copyfile(DATA / "tracker-layout-1.xlsx", workbook)
    if source == "layout-2":  # amzsheet's sheet renamed in other letters (openpyxl would refuse to)
        _rename_sheet(workbook, "Returns", sheet)
    else:  # the seller's own sheet, before layout 2 existed
        book = openpyxl.load_workbook(workbook)
        book.create_sheet(sheet)["A1"] = "mine"
        book.save(workbook)
    before = workbook.read_bytes()
    with pytest.raises(WorkbookError, match=message):
        amzsheet.refresh(workbook, today=TODAY)
    assert workbook.read_bytes() == before


def _rename_sheet(workbook: Path, old: str, new: str) -> None:
    copy = workbook.with_suffix(".renaming")
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(f'name="{old}"'.encode(), f'name="{new}"'.encode())
            target.writestr(info, data)
    copy.replace(workbook)


def test_a_deleted_tracker_is_not_silently_replaced_by_a_new_one(sample_workbook, tmp_path):
    amzsheet.refresh(sample_workbook, [_new_orders(tmp_path / "n.txt", "600", 2)], today=TODAY)
    sample_workbook.unlink()
    with pytest.raises(WorkbookError, match="does not exist, but its backups do"):
        amzsheet.refresh(sample_workbook, today=TODAY)
    assert not sample_workbook.exists()


def test_a_notebook_cannot_save_over_a_refresh_it_did_not_see(sample_workbook, tmp_path):
    tracker = amzsheet.open_workbook(sample_workbook)
    amzsheet.refresh(sample_workbook, [_new_orders(tmp_path / "n.txt", "400", 3)], today=TODAY)
    after_refresh = sample_workbook.read_bytes()
    with pytest.raises(WorkbookError, match="has changed since it was opened"):
        amzsheet.save_workbook(sample_workbook, tracker, TODAY)
    assert sample_workbook.read_bytes() == after_refresh  # the refresh's orders are still there
    again = amzsheet.open_workbook(sample_workbook)
    saved = amzsheet.save_workbook(sample_workbook, again, TODAY)  # read after the refresh: fine
    amzsheet.save_workbook(sample_workbook, saved, TODAY)  # and what a save returns can be saved again
