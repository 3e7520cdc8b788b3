"""The library's main jobs: create, open, refresh and save a tracker workbook."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from .compute import dashboard_summary
from .errors import WorkbookError, WorkbookLockedError
from .exports import Export, RejectedLine, find_exports, read_export
from .inventory_updates import merge_inventory
from .ledger import SkippedReport, file_digest, ledger_index, record_imports, write_rejected_lines
from .merge import MergeSummary, empty_inventory, empty_orders, merge_orders, sort_orders, summarise_changes
from .payments import merge_payments
from .reader import read_workbook
from .reports.returns import returned_lines
from .returns import merge_returns
from .schema import Settings
from .timezone import local_time_zone
from .tracker import Tracker, add_missing_skus
from .writer import write_workbook

#: Called with (step description, steps done, steps in all) as a refresh advances.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RefreshResult:
    """What a refresh did.

    :param path: the workbook written.
    :param created: True when the workbook did not exist before.
    :param written: False when every report given had been imported before, so nothing was written.
    :param exports: the reports imported, in the order applied.
    :param skipped: reports left alone because the ledger shows them imported before.
    :param rejected: lines left out by ``skip_bad_rows``.
    :param rejected_file: where those lines were written (None when there were none).
    :param new_lines: order lines added.
    :param updated_lines: existing order lines with a changed value.
    :param new_skus: SKUs added to Inventory.
    :param overdue_orders: orders that are overdue after the refresh.
    :param skus_to_reorder: SKUs at or below their reorder point (or out of stock).
    :param tracker: the workbook's content after the refresh.
    """

    path: Path
    created: bool
    written: bool
    exports: list[Export]
    skipped: list[SkippedReport]
    rejected: list[RejectedLine]
    rejected_file: Path | None
    new_lines: int
    updated_lines: int
    new_skus: list[str]
    overdue_orders: int
    skus_to_reorder: int
    tracker: Tracker


def new_tracker(settings: Settings | None = None) -> Tracker:
    """Return an empty tracker (no orders, no SKUs) with ``settings``.

    The default time zone is the computer's.
    """
    return Tracker(empty_orders(), empty_inventory(), settings or Settings(time_zone=local_time_zone()))


def open_workbook(path: str | os.PathLike) -> Tracker:
    """Read a tracker workbook into DataFrames: ``orders``, ``inventory`` and ``settings``.

    Dates come back as datetimes, ids as strings, computed columns as last saved.
    """
    return read_workbook(path)


def save_workbook(path: str | os.PathLike, tracker: Tracker, today: dt.date | None = None) -> Tracker:
    """Recompute every computed column and write the workbook atomically.

    :param path: where to write; the old file is replaced only once the new one is complete.
    :param tracker: the content; computed columns are recomputed, never trusted.
    :param today: reference date for TODAY() (default: today).
    :return: the recomputed tracker that was written.
    """
    today = today or dt.date.today()
    computed = tracker.recompute(today)
    _write_atomically(Path(path), computed, today)
    return computed


def init_workbook(path: str | os.PathLike, settings: Settings | None = None, today: dt.date | None = None) -> Tracker:
    """Create an empty tracker workbook at ``path``.

    :raises FileExistsError: a file already exists at ``path``.
    """
    path = Path(path)
    _check_path(path)
    if path.exists():
        raise FileExistsError(f"{path} already exists; use 'amzsheet refresh' to update it")
    return save_workbook(path, new_tracker(settings), today)


def refresh(
    workbook: str | os.PathLike,
    exports: Iterable[str | os.PathLike] = (),
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    skip_bad_rows: bool = False,
) -> RefreshResult:
    """Import Amazon reports into the workbook and recompute everything.

    The workbook is created when it does not exist. Nothing is written when a
    report or the workbook cannot be read: the error names the file and line. A
    report whose exact content was imported before (the workbook's import ledger
    knows its SHA-256) is skipped, so a whole Downloads folder can be given; when
    every report given is skipped, the workbook is not written at all.

    :param workbook: path of the tracker .xlsx.
    :param exports: report files or folders (a folder means every report in it).
    :param today: reference date (default: today), so that a run can be reproduced.
    :param progress: optional callback, see :data:`Progress`.
    :param skip_bad_rows: import the readable lines of a report with bad lines, and write the bad
        ones, with the reason, to a ``<workbook>-rejected-<time>.tsv`` file next to the workbook.
    """
    path = Path(workbook)
    _check_path(path)
    today = today or dt.date.today()
    report = progress or (lambda step, done, total: None)
    files = find_exports(exports)
    total = len(files) + 3
    report("Reading workbook", 0, total)
    created = not path.exists()
    tracker = new_tracker() if created else read_workbook(path)
    imported = ledger_index(tracker.imports)
    read: list[Export] = []
    skipped: list[SkippedReport] = []
    for done, file in enumerate(files, start=1):
        report(f"Reading {file.name}", done, total)
        digest = file_digest(file)
        if digest in imported:
            skipped.append(SkippedReport(file, imported[digest]))
            continue
        export = read_export(file, tracker.settings, skip_bad_rows=skip_bad_rows)
        imported[digest] = None  # the same content twice in one run is imported once
        read.append(export)
    read.sort(key=_application_order)
    report("Merging reports", len(files) + 1, total)
    changes, updated = _apply(tracker, read)
    updated = replace(updated, imports=record_imports(tracker.imports, read, _now(tracker.settings)))
    known_skus = set(tracker.inventory["SKU"].dropna())
    report("Saving workbook", len(files) + 2, total)
    rejected = [line for export in read for line in export.rejected]
    # Written first: if it cannot be, the workbook is not changed and the reports stay unrecorded.
    rejected_file = write_rejected_lines(path, rejected) if rejected else None
    written = not (files and not read)  # every report given was imported before: a no-op
    computed = save_workbook(path, updated, today) if written else updated.recompute(today)
    report("Done", total, total)
    return _result(path, created, written, read, skipped, rejected, rejected_file, changes, known_skus, computed, today)


def _apply(tracker: Tracker, exports: list[Export]) -> tuple[MergeSummary, Tracker]:
    """Merge every report into the tables they update."""
    orders, inventory, returns, payments = tracker.orders, tracker.inventory, tracker.returns, tracker.payments
    for export in exports:
        if export.target == "orders":
            orders = merge_orders(orders, export.lines, tracker.settings, mode=export.merge, overrides=export.overrides)
        elif export.target == "returns":
            returns = merge_returns(returns, export.lines)
            orders = merge_orders(orders, returned_lines(export.lines), tracker.settings, mode="fill")
        elif export.target == "inventory":
            # SKUs of the orders first, so that the Inventory keeps their spelling.
            inventory = merge_inventory(add_missing_skus(inventory, orders), export.lines)
        else:
            payments = merge_payments(payments, export.lines)
    changes = summarise_changes(tracker.orders, orders)
    updated = replace(tracker, orders=sort_orders(orders), inventory=inventory, returns=returns, payments=payments)
    return changes, updated


def _application_order(export: Export) -> tuple[int, pd.Timestamp]:
    """Order reports first (oldest first), then the reports that add to their lines, then the rest."""
    rank = {"orders": 0 if export.merge == "update" else 1, "returns": 1, "inventory": 2, "payments": 3}[export.target]
    if export.target == "inventory":
        return rank, pd.Timestamp(export.path.stat().st_mtime_ns, unit="ns")
    newest = export.lines["Last Updated"].max() if "Last Updated" in export.lines and len(export.lines) else pd.NaT
    return rank, pd.Timestamp.min if pd.isna(newest) else newest


def _now(settings: Settings) -> dt.datetime:
    return dt.datetime.now(ZoneInfo(settings.time_zone)).replace(tzinfo=None, microsecond=0)


def _result(
    path: Path,
    created: bool,
    written: bool,
    exports: list[Export],
    skipped: list[SkippedReport],
    rejected: list[RejectedLine],
    rejected_file: Path | None,
    changes: MergeSummary,
    known_skus: set[str],
    tracker: Tracker,
    today: dt.date,
) -> RefreshResult:
    summary = dashboard_summary(tracker.orders, tracker.inventory, today)
    return RefreshResult(
        path=path,
        created=created,
        written=written,
        exports=exports,
        skipped=skipped,
        rejected=rejected,
        rejected_file=rejected_file,
        new_lines=changes.new_lines,
        updated_lines=changes.updated_lines,
        new_skus=sorted(set(tracker.inventory["SKU"].dropna()) - known_skus),
        overdue_orders=summary.overdue_orders,
        skus_to_reorder=summary.skus_to_reorder + summary.skus_out_of_stock,
        tracker=tracker,
    )


def _check_path(path: Path) -> None:
    if path.suffix.lower() != ".xlsx":
        raise WorkbookError(f"{path}: a tracker is an .xlsx workbook; give a file name ending in .xlsx")


def _write_atomically(path: Path, tracker: Tracker, today: dt.date) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename it over ``path``.

    The new file keeps the old file's permissions. On any failure the old file is
    left as it was and the temporary file is removed.
    """
    _check_path(path)
    path = Path(os.path.realpath(path))  # through a symbolic link, replace the file it points to
    folder = path.parent
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".xlsx.tmp", dir=folder)
        os.close(handle)
        write_workbook(temporary, tracker, today)
        with open(temporary, "rb+") as stream:
            os.fsync(stream.fileno())
        if path.exists():
            shutil.copymode(path, temporary)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except PermissionError:
        raise WorkbookLockedError(
            f"{path} cannot be written (is it open in Excel, or the folder read-only?); close it and run again"
        ) from None
    except OSError as exc:
        raise WorkbookError(f"{path} cannot be written ({exc.strerror or exc}); nothing was changed") from None
    finally:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
