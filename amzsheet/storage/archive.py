"""The order archive beside a workbook: one Parquet file, written atomically and backed up with the workbook.

``tracker.xlsx`` keeps its archived order lines in ``tracker.archive/orders.parquet`` (see
:mod:`amzsheet.contract.archive`), with Order Tracking's columns and types: text as strings,
numbers as doubles, dates and times as naive timestamps in the time zone of Settings (stored in
the file's metadata). Any Parquet reader opens it: pandas, pyarrow, DuckDB, Spark.

The archive only grows: a save adds the lines that move and never drops one. A save writes
the archive first, then the workbook; killed in between, both hold the moved orders, and
:func:`amzsheet.model.archive.with_archive` counts each order once (the workbook's copy).
Before the archive is replaced, the old one is kept in the backups folder under the name of the
workbook backup taken by the same save, so that ``amzsheet restore`` brings both back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from amzsheet.contract.archive import ARCHIVE_BACKUP_SUFFIX, ARCHIVE_FILE, ARCHIVE_SUFFIX
from amzsheet.contract.schema import ORDER_COLUMNS
from amzsheet.errors import WorkbookError
from amzsheet.model.archive import SALES_HISTORY_COLUMNS, lines_to_archive
from amzsheet.model.dtypes import model_table, nullable_table
from amzsheet.model.tracker import Tracker

_TIME_ZONE_KEY = b"amzsheet.time_zone"


def archive_folder(workbook: Path) -> Path:
    """The folder beside ``workbook`` that holds its archive (``tracker.xlsx`` -> ``tracker.archive``)."""
    return workbook.with_suffix(ARCHIVE_SUFFIX)


def archive_file(workbook: Path) -> Path:
    """The archive's Parquet file (it may not exist: nothing archived yet)."""
    return archive_folder(workbook) / ARCHIVE_FILE


def read_archive(
    workbook: Path, columns: Sequence[str] | None = None, order_ids: Iterable[str] | None = None
) -> pd.DataFrame:
    """The archived order lines, with the package's nullable dtypes (empty, with Order Tracking's columns, if none).

    :param columns: read only these columns (those the file lacks are left out).
    :param order_ids: read only the lines of these orders.
    :raises WorkbookError: the archive cannot be read (damaged, or not an archive).
    """
    path = archive_file(workbook)
    names = [column.name for column in ORDER_COLUMNS]
    if not path.exists():
        empty = pd.DataFrame({name: pd.Series(dtype=object) for name in (columns or names)})
        return nullable_table(empty, ORDER_COLUMNS, "UTC")
    try:
        schema = pq.read_schema(path)
        wanted = None if columns is None else [name for name in columns if name in schema.names]
        filters = None if order_ids is None else [("Order ID", "in", sorted(set(order_ids)))]
        table = pq.read_table(path, columns=wanted, filters=filters)
    except (OSError, pa.ArrowException) as exc:
        raise _unreadable(workbook, exc) from None
    zone = (schema.metadata or {}).get(_TIME_ZONE_KEY, b"UTC").decode()
    return nullable_table(table.to_pandas(ignore_metadata=True), ORDER_COLUMNS, zone)


def archived_order_ids(workbook: Path) -> set[str]:
    """The Order IDs in the archive (an empty set when there is none)."""
    frame = read_archive(workbook, ["Order ID"])
    return set(frame["Order ID"].dropna())


def add_to_archive(workbook: Path, moved: pd.DataFrame, time_zone: str, paired_backup: Path | None) -> Path | None:
    """Add the order lines ``moved`` to the archive, atomically; keep the old archive beside the workbook backup.

    An order already in the archive is replaced by its copy in ``moved`` (it came back to the workbook,
    or a killed save archived it before). The old archive is read and merged as Arrow tables, never as
    a DataFrame.

    :param moved: whole orders, Order Tracking's columns first.
    :param time_zone: the time zone of the dates (Settings'), recorded in the file.
    :param paired_backup: the workbook backup the same save takes (see :func:`archive_backup_of`); None: keep
        no backup.
    :return: the backup made of the old archive (None: none).
    :raises WorkbookError: the archive cannot be read or written; nothing was changed.
    """
    table = archive_table(moved, time_zone)
    current = archive_file(workbook)
    if current.exists():
        old = _read_whole(workbook)
        kept = old.filter(pc.invert(pc.is_in(old["Order ID"], value_set=table["Order ID"])))
        table = _concatenated(kept, table)
    folder = archive_folder(workbook)
    try:
        folder.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".orders.", suffix=".tmp", dir=folder)
        os.close(handle)
    except OSError as exc:
        raise WorkbookError(f"{folder} cannot be written ({exc.strerror or exc}); nothing was changed") from None
    try:
        pq.write_table(table, temporary, compression="zstd")
        with open(temporary, "rb+") as stream:
            os.fsync(stream.fileno())
        backup = _back_up(workbook, paired_backup)
        os.replace(temporary, current)
    except OSError as exc:
        raise WorkbookError(f"{folder} cannot be written ({exc.strerror or exc}); nothing was changed") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    return backup


def carry_archive(source_workbook: Path, workbook: Path) -> bool:
    """Copy the archive of ``source_workbook`` beside ``workbook`` (saved under another name), atomically.

    A tracker read from one workbook and saved as another holds the archived lines' figures but not the
    lines themselves, which stay in the file beside the first workbook. Nothing is copied when ``workbook``
    has an archive of its own, or the source has none.

    :return: whether the archive was copied.
    :raises WorkbookError: the archive cannot be written; nothing was changed.
    """
    source, target = archive_file(source_workbook), archive_file(workbook)
    if source_workbook == workbook or not source.exists() or target.exists():
        return False
    try:
        _put_archive(workbook, source, paired_backup=None)
    except OSError as exc:
        folder = archive_folder(workbook)
        raise WorkbookError(f"{folder} cannot be written ({exc.strerror or exc}); nothing was changed") from None
    return True


def _concatenated(old: pa.Table, new: pa.Table) -> pa.Table:
    """The archived lines ``old`` and ``new``; a column of the seller's whose values changed kind (box numbers
    at first, then text) is text in both."""
    try:
        return pa.concat_tables([old, new], promote_options="permissive")
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        for name in set(old.column_names) & set(new.column_names):
            if old.schema.field(name).type != new.schema.field(name).type:
                old, new = _as_text(old, name), _as_text(new, name)
        combined = pa.concat_tables([old, new], promote_options="permissive")
        # pandas' own metadata still gives the column its first kind, which pandas would then refuse to read.
        metadata = {key: value for key, value in (combined.schema.metadata or {}).items() if key != b"pandas"}
        return combined.replace_schema_metadata(metadata)


def _as_text(table: pa.Table, name: str) -> pa.Table:
    position = table.schema.get_field_index(name)
    return table.set_column(position, name, pc.cast(table[name], pa.large_string()))


def _read_whole(workbook: Path) -> pa.Table:
    path = archive_file(workbook)
    try:
        return pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        raise _unreadable(workbook, exc) from None


def _unreadable(workbook: Path, error: Exception) -> WorkbookError:
    return WorkbookError(
        f"{archive_file(workbook)} cannot be read ({error}); it is the archive of {workbook.name}'s older orders: "
        f"bring it back with 'amzsheet restore {workbook} --list' and a backup, or move it away to start a new "
        "archive; nothing was changed"
    )


def archive_table(lines: pd.DataFrame, time_zone: str) -> pa.Table:
    """``lines`` as an Arrow table of the archive's types (a seller's own column of mixed values as text)."""
    frame = nullable_table(lines, ORDER_COLUMNS, time_zone)
    for name in frame.columns:
        if frame[name].dtype == object:  # a seller's column mixing numbers, dates and text
            frame[name] = frame[name].map(lambda value: None if pd.isna(value) else str(value)).astype("string")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    return table.replace_schema_metadata({**(table.schema.metadata or {}), _TIME_ZONE_KEY: time_zone.encode()})


def _back_up(workbook: Path, paired_backup: Path | None) -> Path | None:
    """Hard-link the current archive beside ``paired_backup`` (a copy where links are not possible)."""
    current = archive_file(workbook)
    if paired_backup is None or not current.exists():
        return None
    paired_backup.parent.mkdir(exist_ok=True)
    target = archive_backup_of(paired_backup)
    target.unlink(missing_ok=True)
    try:
        os.link(current, target)
    except OSError:
        target.write_bytes(current.read_bytes())
    return target


def archive_backup_of(workbook_backup: Path) -> Path:
    """The archive backup taken with the workbook backup ``workbook_backup`` (it may not exist)."""
    return workbook_backup.with_name(workbook_backup.stem + ARCHIVE_BACKUP_SUFFIX)


def restore_archive(workbook: Path, workbook_backup: Path, paired_backup: Path | None) -> Path | None:
    """Put back the archive taken with ``workbook_backup``, if that save had one; keep the current one as a backup.

    Without an archive backup of that save, the archive did not change then, and the current one
    (which only grew since) stays.

    :param paired_backup: the backup the restore takes of the current workbook; the current archive is kept
        beside it.
    :return: the backup made of the current archive (None: none).
    """
    source = archive_backup_of(workbook_backup)
    if not source.exists():
        return None
    return _put_archive(workbook, source, paired_backup)


def _put_archive(workbook: Path, source: Path, paired_backup: Path | None) -> Path | None:
    """Make a copy of the archive file ``source`` the archive of ``workbook``, atomically; keep the current one
    beside ``paired_backup`` (None: no backup).

    :return: the backup made of the current archive (None: none).
    :raises OSError: the archive folder cannot be written; the archive is as it was.
    """
    folder = archive_folder(workbook)
    folder.mkdir(exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".orders.", suffix=".tmp", dir=folder)
    os.close(handle)
    try:
        shutil.copyfile(source, temporary)
        backup = _back_up(workbook, paired_backup)
        os.replace(temporary, archive_file(workbook))
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    return backup


def with_archived_sales(workbook: Path, tracker: Tracker) -> Tracker:
    """``tracker`` with the archive's lines (the columns the figures read) as :attr:`Tracker.archived_orders`."""
    if not archive_file(workbook).exists():
        return tracker
    archived = read_archive(workbook, SALES_HISTORY_COLUMNS)
    if not tracker.nullable_dtypes:
        archived = model_table(archived, ORDER_COLUMNS, tracker.time_zone)
    return replace(tracker, archived_orders=archived)


def recall_orders(workbook: Path, tracker: Tracker, order_ids: Iterable[str]) -> tuple[Tracker, int]:
    """Bring the archived lines of ``order_ids`` back to Order Tracking, so that a report can update them.

    The archive keeps its copy; the workbook's copy wins (see :func:`amzsheet.model.archive.with_archive`)
    and the order moves again, updated, once it is settled.

    :return: the tracker and the number of lines brought back.
    """
    if not archive_file(workbook).exists():
        return tracker, 0
    wanted = set(order_ids) - set(tracker.orders["Order ID"].dropna())
    back = read_archive(workbook, order_ids=wanted) if wanted else None
    if back is None or back.empty:
        return tracker, 0
    back = back.reindex(columns=tracker.orders.columns)
    if not tracker.nullable_dtypes:
        back = model_table(back, ORDER_COLUMNS, tracker.time_zone)
    orders = pd.concat([tracker.orders, back], ignore_index=True)
    return replace(tracker, orders=orders), len(back)


def move_settled_orders(
    workbook: Path, tracker: Tracker, today: dt.date, paired_backup: Path | None
) -> tuple[Tracker, int]:
    """Move the settled orders of a recomputed ``tracker`` to the archive (see :func:`lines_to_archive`).

    The archive is written here, before the workbook; the tracker returned keeps the other lines.

    :return: the tracker and the number of lines moved.
    """
    months = tracker.settings.archive_after_months
    moving = lines_to_archive(tracker.orders, tracker.inventory, tracker.returns, tracker.payments, today, months)
    if not moving.any():
        return tracker, 0
    orders = tracker.orders
    add_to_archive(workbook, orders[moving], tracker.time_zone, paired_backup)
    moved = orders[moving].reindex(columns=tracker.archived_orders.columns)
    before = tracker.archived_orders  # less the orders moving again (recalled, or left in both by a killed save)
    before = before[~before["Order ID"].isin(set(moved["Order ID"].dropna()))]
    archived = pd.concat([before, moved], ignore_index=True)
    return replace(tracker, orders=orders[~moving].reset_index(drop=True), archived_orders=archived), int(moving.sum())
