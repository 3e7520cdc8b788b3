"""The library's main jobs: create, open, refresh and save a tracker workbook."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .compute import dashboard_summary
from .errors import WorkbookError, WorkbookLockedError
from .exports import Export, find_exports, read_export
from .merge import MergeSummary, empty_inventory, empty_orders, merge_orders, sort_orders, summarise_changes
from .reader import read_workbook
from .schema import Settings
from .timezone import local_time_zone
from .tracker import Tracker
from .writer import write_workbook

#: Called with (step description, steps done, steps in all) as a refresh advances.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RefreshResult:
    """What a refresh did.

    :param path: the workbook written.
    :param created: True when the workbook did not exist before.
    :param exports: the reports imported, in the order applied.
    :param new_lines: order lines added.
    :param updated_lines: existing order lines with a changed value.
    :param new_skus: SKUs added to Inventory.
    :param overdue_orders: orders that are overdue after the refresh.
    :param skus_to_reorder: SKUs at or below their reorder point (or out of stock).
    :param tracker: the workbook's content after the refresh.
    """

    path: Path
    created: bool
    exports: list[Export]
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
) -> RefreshResult:
    """Import Amazon exports into the workbook and recompute everything.

    The workbook is created when it does not exist. Nothing is written when an
    export or the workbook cannot be read: the error names the file and line.

    :param workbook: path of the tracker .xlsx.
    :param exports: report files or folders (a folder means every report in it).
    :param today: reference date (default: today), so that a run can be reproduced.
    :param progress: optional callback, see :data:`Progress`.
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
    read = []
    for done, file in enumerate(files, start=1):
        report(f"Reading {file.name}", done, total)
        read.append(read_export(file, tracker.settings))
    read.sort(key=_newest_update)
    report("Merging orders", len(files) + 1, total)
    orders = tracker.orders
    for export in read:
        orders = merge_orders(orders, export.lines, tracker.settings)
    changes = summarise_changes(tracker.orders, orders)
    known_skus = set(tracker.inventory["SKU"].dropna())
    updated = Tracker(sort_orders(orders), tracker.inventory, tracker.settings)
    report("Saving workbook", len(files) + 2, total)
    computed = save_workbook(path, updated, today)
    report("Done", total, total)
    return _result(path, created, read, changes, known_skus, computed, today)


def _newest_update(export: Export) -> pd.Timestamp:
    newest = export.lines["Last Updated"].max() if len(export.lines) else pd.NaT
    return pd.Timestamp.min if pd.isna(newest) else newest


def _result(
    path: Path,
    created: bool,
    exports: list[Export],
    changes: MergeSummary,
    known_skus: set[str],
    tracker: Tracker,
    today: dt.date,
) -> RefreshResult:
    summary = dashboard_summary(tracker.orders, tracker.inventory, today)
    return RefreshResult(
        path=path,
        created=created,
        exports=exports,
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
