"""The library's main jobs: create, open, refresh and save a tracker workbook, brief the seller on it and
fill in the messages to buyers."""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

import pandas as pd

from amzsheet.contract.schema import LAYOUT_VERSION, MARKETPLACES, ORDER_COLUMNS, Settings
from amzsheet.contract.sheets import MANAGED_SHEETS
from amzsheet.errors import UncachedValuesWarning, UsageError, WorkbookError
from amzsheet.excel.carryover import Carryover, read_carryover
from amzsheet.excel.properties import WriteStamp, read_write_stamp
from amzsheet.excel.read_back import table_as_read
from amzsheet.excel.reader import layout_version, read_workbook, recorded_layout
from amzsheet.excel.writer import write_workbook
from amzsheet.merge.fba_stock import refuse_disagreeing_reports
from amzsheet.merge.orders import (
    empty_inventory,
    empty_orders,
)
from amzsheet.merge.origins import Origins, find_origins
from amzsheet.merge.steps import application_order, apply_reports
from amzsheet.model.archive import with_archive
from amzsheet.model.briefing import Briefing, build_briefing
from amzsheet.model.changes import RefreshChanges, last_change, record_changes
from amzsheet.model.compute import dashboard_summary
from amzsheet.model.messages import fill_message
from amzsheet.model.purchase_list import purchase_list
from amzsheet.model.tracker import Tracker, lacks_computed_values
from amzsheet.reports.reading import IgnoredFile, RejectedLine, Report, read_report, scan_reports
from amzsheet.storage.archive import (
    carry_archive,
    move_settled_orders,
    read_archive,
    recall_orders,
    restore_archive,
    with_archived_sales,
)
from amzsheet.storage.backups import Backup, find_backup, list_backups, next_backup
from amzsheet.storage.ledger import SkippedReport, file_digest, ledger_index, record_imports, write_rejected_lines
from amzsheet.storage.locking import refuse_if_open_in_office, workbook_lock
from amzsheet.storage.memory import release_free_memory
from amzsheet.storage.saving import check_path, temporary_files, write_atomically
from amzsheet.storage.stamps import FileStamp, file_sha256
from amzsheet.storage.table_snapshot import read_snapshot, write_snapshot
from amzsheet.storage.timezone import local_time_zone

#: Called with (step description, steps done, steps in all) as a refresh advances.
Progress = Callable[[str, int, int], None]

#: Why a refresh wrote the workbook (see :attr:`RefreshResult.reasons`):
#: ``created``: it did not exist; ``imported``: reports new to it were imported; ``upgraded``: it had an
#: older layout; ``edited``: it was saved by another program (Excel, LibreOffice, openpyxl...) since amzsheet
#: wrote it; ``new day``: its values were computed for another day; ``reference date``: the Reference date
#: of Settings is set, changed or cleared; ``unrecorded``: it does not record amzsheet's last write (an
#: older amzsheet wrote it, or its document properties were removed).
Reason = Literal["created", "imported", "upgraded", "edited", "new day", "reference date", "unrecorded"]


@dataclass(frozen=True)
class RefreshResult:
    """What a refresh did.

    :param path: the workbook written.
    :param created: True when the workbook did not exist before.
    :param written: False when the workbook was left as it was: nothing new to import, on the day it was
        last computed for, and not changed since amzsheet wrote it (see ``reasons``).
    :param backup: the backup of the previous workbook made before it was replaced (None: none made).
    :param upgraded_from: the layout version of a workbook written by an older amzsheet, now upgraded.
    :param reports: the reports imported, in the order applied.
    :param skipped: reports left alone because the ledger shows them imported before.
    :param ignored: files of the folders given that are not reports amzsheet imports, each with the reason.
    :param rejected: lines left out by ``skip_bad_rows``.
    :param rejected_file: where those lines were written (None when there were none).
    :param new_lines: order lines added.
    :param updated_lines: existing order lines with a changed value.
    :param new_skus: SKUs added to Inventory.
    :param overdue_orders: orders that are overdue after the refresh.
    :param skus_to_reorder: SKUs whose Reorder Qty is above 0: the rows ``amzsheet reorder`` lists.
    :param skus_out_of_stock: SKUs whose Available Quantity is 0 or less (Alert OUT OF STOCK).
    :param computed: the workbook's content after the refresh, in the model's dtypes; :attr:`tracker` is
        the same in the package's nullable dtypes, made when first asked for.
    :param marketplace: the marketplace the run's FBA inventory reports were imported for ("": none named).
    :param origins: the currencies and marketplaces of the lines imported, and which are new to the tracker.
    :param other_trackers: when the refresh created the workbook, the other amzsheet trackers in its folder
        (perhaps the one that was meant).
    :param computed_for: the day the figures were computed for (the formulas' today).
    :param last_computed_for: the day the workbook's figures had been computed for before (None: a new
        workbook, or one that does not record it).
    :param reasons: why the workbook was written, in the order of :data:`Reason` (empty: it was not).
    :param archived_lines: order lines moved to the archive beside the workbook (see :mod:`amzsheet.model.archive`).
    :param recalled_lines: archived order lines brought back to Order Tracking because a report names their order.
    :param changes: the row the refresh added to the Changes sheet: lines added, status moves, SKUs whose stock
        changed (None: it wrote nothing, so it added no row). See :mod:`amzsheet.model.changes`.
    """

    path: Path
    created: bool
    written: bool
    backup: Path | None
    upgraded_from: int | None
    reports: list[Report]
    skipped: list[SkippedReport]
    ignored: list[IgnoredFile]
    rejected: list[RejectedLine]
    rejected_file: Path | None
    new_lines: int
    updated_lines: int
    new_skus: list[str]
    overdue_orders: int
    skus_to_reorder: int
    skus_out_of_stock: int
    computed: Tracker = field(repr=False, compare=False)
    computed_for: dt.date
    last_computed_for: dt.date | None
    reasons: tuple[Reason, ...]
    marketplace: str = ""
    other_trackers: list[Path] = field(default_factory=list)
    origins: Origins = field(default_factory=Origins)
    changes: RefreshChanges | None = None
    archived_lines: int = 0
    recalled_lines: int = 0
    computed_briefing: Briefing | None = field(default=None, repr=False, compare=False)  # the Dashboard's, if written

    def __repr__(self) -> str:
        """A few lines: the workbook, whether and why it was written, the reports and lines (never the tables)."""
        if self.written:
            outcome = f"written ({', '.join(self.reasons)})"
        else:
            outcome = "left as it was (nothing new, same day, not edited)"
        lines = [
            f"<RefreshResult {self.path.name}: {outcome}, computed for {self.computed_for:%Y-%m-%d}",
            f"  reports: {len(self.reports)} imported, {len(self.skipped)} left alone (imported before), "
            f"{len(self.ignored)} not imported",
            f"  order lines: {self.new_lines:,} added, {self.updated_lines:,} updated, "
            f"{len(self.rejected):,} rejected; new SKUs: {len(self.new_skus)}",
            f"  now: {self.overdue_orders} overdue orders, {self.skus_to_reorder} SKUs to reorder, "
            f"{self.skus_out_of_stock} out of stock",
        ]
        if self.backup is not None:
            lines.append(f"  backup: {self.backup}")
        return "\n".join(lines) + ">"

    @functools.cached_property
    def tracker(self) -> Tracker:
        """The workbook's content after the refresh, with the package's nullable dtypes (see :func:`open_workbook`)."""
        return self.computed.with_nullable_dtypes()

    @property
    def briefing(self) -> Briefing:
        """What to do today in the refreshed tracker (as :func:`status` says), from :attr:`tracker`: no second read."""
        if self.computed_briefing is not None:
            return self.computed_briefing
        return build_briefing(self.tracker, self.computed_for)  # which takes the nullable dtypes too

    @property
    def notes(self) -> list[tuple[Path, str]]:
        """The notes of the reports imported (see :attr:`Report.notes`), each with its report's path."""
        return [(export.path, note) for export in self.reports for note in export.notes]


def new_tracker(settings: Settings | None = None) -> Tracker:
    """Return an empty tracker (no orders, no SKUs) with ``settings``.

    The default time zone is the computer's.
    """
    return _empty_tracker(settings).with_nullable_dtypes()


def _empty_tracker(settings: Settings | None = None) -> Tracker:
    """An empty tracker with the dtypes the model computes with."""
    return Tracker(empty_orders(), empty_inventory(), settings or Settings(time_zone=local_time_zone()))


def real_path(path: str | os.PathLike) -> Path:
    """The workbook file itself when ``path`` is a symbolic link to it, since its lock, Excel's lock
    file and its backups sit beside the real file; otherwise ``path`` as given (``~`` expanded)."""
    path = os.path.expanduser(path)
    return Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)


def open_workbook(path: str | os.PathLike) -> Tracker:
    """Read a tracker workbook into a :class:`Tracker`: a DataFrame per table, and the settings.

    The DataFrames have pandas' nullable dtypes: ``string`` for text, ``Int64`` for whole numbers,
    ``Float64`` for numbers and money, ``pd.NA`` for a blank; ids are text. Datetimes (Order Date) are
    naive, in the time zone of Settings (:attr:`Tracker.time_zone`, and each table's
    ``attrs["time_zone"]``); day-only columns (Ship By) are days at midnight. See :mod:`amzsheet.model.dtypes`.

    Computed columns hold the values last saved with the workbook. A workbook saved by a program
    that keeps formulas but not their results (openpyxl) has none: they are then computed in pandas,
    as a refresh would, for the Reference date of Settings, else the day the workbook was last computed
    for (else today in the time zone of Settings), with an :class:`~amzsheet.errors.UncachedValuesWarning`
    naming that day. The workbook is only read.

    :raises WorkbookError: the workbook is missing, damaged or not a tracker.
    """
    tracker = with_archived_sales(real_path(path), _read(path))
    if lacks_computed_values(tracker):
        tracker = _computed_in_pandas(path, tracker)
    return tracker.with_nullable_dtypes()


def _read(path: str | os.PathLike) -> Tracker:
    """The tracker at ``path``; Order Tracking from the last save's snapshot while the workbook is the file it wrote.

    See :mod:`amzsheet.storage.table_snapshot`. Should the workbook change while it is read (Excel saving it),
    it is read again, whole.
    """
    workbook = real_path(path)
    before = FileStamp.of(workbook) if workbook.exists() else None
    orders = read_snapshot(workbook)
    tracker = read_workbook(workbook, known_orders=orders)
    if orders is not None and tracker.source != before:
        return read_workbook(workbook)
    return tracker


def _computed_in_pandas(path: str | os.PathLike, tracker: Tracker) -> Tracker:
    """``tracker`` recomputed, with a warning, if its formula columns lacked values that the workbook needs."""
    reference, recorded = tracker.settings.reference_date, read_write_stamp(Path(path).expanduser()).computed_for
    if reference is not None:
        day, why = reference, "its Reference date"
    elif recorded is not None:
        day, why = recorded, "the day it was last computed for"
    else:
        day, why = _as_of(tracker.settings), "today in its time zone"
    computed = tracker.recompute(day)
    if lacks_computed_values(computed):  # blank after all: nothing was missing
        return tracker
    warnings.warn(
        UncachedValuesWarning(
            f"{os.fspath(path)} holds formulas without their results (a program such as openpyxl saved it), so "
            f"amzsheet computed them for {day:%Y-%m-%d}, {why}; open and save it in Excel or run 'amzsheet "
            "refresh' to store them in the workbook"
        ),
        stacklevel=3,
    )
    return computed


def history(path: str | os.PathLike, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """Every order line of the tracker: Order Tracking's and the archive's, newest first.

    The archive is the Parquet file beside the workbook (``tracker.archive/orders.parquet``) that
    holds the orders a refresh moved out of the workbook (see :mod:`amzsheet.model.archive`). An
    order in both (a report brought it back) is counted once, as the workbook has it.

    :param columns: only these of Order Tracking's columns (default: all, with the seller's own).
    :return: a DataFrame with Order Tracking's columns and the package's nullable dtypes (see
        :func:`open_workbook`).
    :raises UsageError: a column of ``columns`` is not one of Order Tracking's (nor the seller's).
    :raises WorkbookError: the workbook or its archive is missing, damaged or not a tracker.
    """
    path = real_path(path)
    wanted = list(columns) if columns is not None else None
    orders = _read(path).with_nullable_dtypes().orders
    if wanted is not None and (unknown := [name for name in wanted if name not in orders.columns]):
        raise UsageError(
            f"{', '.join(map(repr, unknown))} {'is not a column' if len(unknown) == 1 else 'are not columns'} of "
            f"Order Tracking in {path}; the columns are {', '.join(orders.columns)}"
        )
    # Order ID tells the workbook's copy of an order from the archive's, and Order Date sorts: read, then left out.
    needed = None if wanted is None else list(dict.fromkeys([*wanted, "Order ID", "Order Date"]))
    archived = read_archive(path, needed)
    lines = with_archive(orders if needed is None else orders[needed], archived)
    lines = lines.sort_values("Order Date", ascending=False, kind="stable", na_position="last")
    return (lines if wanted is None else lines[wanted]).reset_index(drop=True)


def reorder_list(path: str | os.PathLike, supplier: str | None = None, today: dt.date | None = None) -> pd.DataFrame:
    """The purchase list of the workbook at ``path``: SKUs to reorder with quantities and costs, by supplier.

    The workbook is only read; its figures are recomputed for ``today`` (default: today in
    the time zone of Settings). See :func:`amzsheet.model.purchase_list.purchase_list`.
    """
    tracker = _read(path)
    return purchase_list(tracker, today or _as_of(tracker.settings), supplier)


def profit(path: str | os.PathLike, month: str | None = None, today: dt.date | None = None) -> pd.DataFrame:
    """The Profit table of the workbook at ``path``: one row per month, currency and SKU, the newest month first.

    The workbook is only read; its figures are recomputed for ``today`` (default: the Reference date of
    Settings, else today in the time zone of Settings), so a Unit Cost typed since the last refresh counts.
    See :mod:`amzsheet.model.profit` for where each column comes from.

    :param month: ``YYYY-MM``: that month's rows only; None: every month.
    :raises UsageError: ``month`` is not of the form YYYY-MM.
    :raises WorkbookError: the workbook is missing, damaged or not a tracker.
    """
    if month is not None and not _is_month(month):
        raise UsageError(f"{month!r} is not a month; give it as YYYY-MM, such as 2026-11")
    tracker = _read(path)
    table = tracker.recompute(today or _as_of(tracker.settings)).with_nullable_dtypes().profit
    return table if month is None else table[table["Month"] == month].reset_index(drop=True)


def _is_month(text: str) -> bool:
    try:
        return dt.datetime.strptime(text, "%Y-%m").strftime("%Y-%m") == text
    except ValueError:
        return False


def status(path: str | os.PathLike, today: dt.date | None = None) -> Briefing:
    """The morning briefing of the workbook at ``path``: orders to ship, SKUs to reorder, counts due.

    The workbook is only read, and no lock is taken: it may be open in Excel, and a refresh running at
    the same time replaces the file whole, so the old or the new one is read. Its figures are
    recomputed in memory for ``today``, as :func:`reorder_list` does. See :mod:`amzsheet.model.briefing`
    for the sections; ``amzsheet status`` prints it.

    :param today: the day to brief for (default: the Reference date of Settings, else today in the time zone
        of Settings).
    :raises WorkbookError: the workbook is missing, damaged or not a tracker.
    """
    tracker = _read(path)
    day = today or _as_of(tracker.settings)
    return build_briefing(tracker.recompute(day), day)


def message(path: str | os.PathLike, order_id: str, template: str) -> str:
    """A message to a buyer: the template ``template`` of the Messages sheet filled in for the order ``order_id``.

    amzsheet never sends anything: the text is for the seller to paste into Buyer-Seller Messaging. The
    workbook is only read, and no lock is taken, as :func:`status` does. See :mod:`amzsheet.model.messages`
    for how each placeholder is filled.

    :param order_id: the order's Order ID on Order Tracking (case and spaces around it do not matter).
    :param template: the name of the template, in the Template column (case and spaces around it do not matter).
    :return: ``Subject: <subject>``, a blank line and the text, or the text alone when the subject is blank.
    :raises MessageError: no such order or template (the error lists the templates), a placeholder amzsheet does
        not know, or one the order leaves blank (the error names it).
    :raises WorkbookError: the workbook is missing, damaged or not a tracker.
    """
    tracker = _read(path)
    return fill_message(tracker.orders, tracker.messages, order_id, template, workbook=os.fspath(path))


def save_workbook(path: str | os.PathLike, tracker: Tracker, today: dt.date | None = None) -> Tracker:
    """Recompute every computed column and write the workbook atomically.

    :param path: where to write; the old file is replaced only once the new one is complete. A tracker read
        from another workbook takes that workbook's order archive along (unless ``path`` has its own).
    :param tracker: the content; computed columns are recomputed, never trusted.
    :param today: the date the formulas take as today; it is stored as the Reference date of Settings
        (default: the Reference date already there, or else the real today, left to Excel's TODAY()).
    :return: the recomputed tracker that was written (it may be changed and saved again).
    :raises WorkbookError: ``tracker`` was read from ``path`` and the file has changed since
        (a refresh ran in between): saving would undo that refresh.
    """
    path = real_path(path)
    check_path(path)
    refuse_if_open_in_office(path)
    with workbook_lock(path):
        _refuse_if_changed_since_read(path, tracker)
        tracker = _with_reference_date(tracker, today or tracker.settings.reference_date)
        if tracker.source is not None and not tracker.archived_orders.empty:  # saved under another name
            carry_archive(Path(tracker.source.path), Path(os.path.realpath(path)))
        computed, *_ = _save(path, tracker, _as_of(tracker.settings))
    return computed.with_nullable_dtypes()


def _refuse_if_changed_since_read(path: Path, tracker: Tracker) -> None:
    """Stop a notebook from saving over a refresh (or an Excel save) that happened after it read the file."""
    source = tracker.source
    if source is None or not path.exists() or source.path != os.path.realpath(path):
        return
    if FileStamp.of(path) != source:
        raise WorkbookError(
            f"{path} has changed since it was opened (a refresh or Excel saved it), so saving would undo those "
            "changes; open it again with amzsheet.open_workbook, redo your edits and save; nothing was changed"
        )


def _save(
    path: Path,
    tracker: Tracker,
    today: dt.date,
    keep: int | None = None,
    then: Callable[[Tracker], Tracker] | None = None,
) -> tuple[Tracker, Path | None, int, Briefing]:
    """Recompute and write ``tracker`` (the caller holds the lock); return it, the backup made, the order
    lines moved to the archive (see :mod:`amzsheet.storage.archive`) and its briefing (built once: the
    Dashboard's Today block shows it, a refresh's summary too).

    What the seller set up in the workbook being replaced (extra sheets, column widths,
    freeze panes, filters) is carried into the new one.

    :param keep: backups to keep (default: the Settings' Backups to keep).
    :param then: applied to the recomputed tracker before it is written (a refresh adds its Changes row).
    """
    computed = tracker.with_model_dtypes().recompute(today)  # what the writer takes
    computed = then(computed) if then else computed
    carry = read_carryover(path, MANAGED_SHEETS) if path.exists() else Carryover()
    keep = computed.settings.backups_to_keep if keep is None else keep
    now = dt.datetime.now()  # the archive's backup is named after the workbook's, taken by the same save
    paired = next_backup(path, now) if keep > 0 and path.exists() else None
    computed, moved = move_settled_orders(path, computed, today, paired)  # the archive first: see storage.archive
    brief = build_briefing(computed, today)
    written: dict[str, str] = {}

    def write(temporary: str) -> None:
        write_workbook(temporary, computed, today, carry, brief)
        written["digest"] = file_sha256(temporary)  # of the very bytes that become the workbook

    backup = write_atomically(path, write, keep, now)
    write_snapshot(path, table_as_read(computed.orders, ORDER_COLUMNS), written["digest"])
    release_free_memory()  # the save's cells and XML, freed but kept by the allocator
    return replace(computed, source=FileStamp.of(path)), backup, moved, brief


def init_workbook(path: str | os.PathLike, settings: Settings | None = None, today: dt.date | None = None) -> Tracker:
    """Create an empty tracker workbook at ``path``.

    :raises FileExistsError: a file already exists at ``path``.
    """
    path = real_path(path)
    check_path(path)
    if path.exists():
        raise FileExistsError(f"{path} already exists; use 'amzsheet refresh' to update it")
    return save_workbook(path, new_tracker(settings), today)


def refresh(
    workbook: str | os.PathLike,
    reports: Iterable[str | os.PathLike] = (),
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    skip_bad_rows: bool = False,
    on_wait: Callable[[str], None] | None = None,
    marketplace: str | None = None,
) -> RefreshResult:
    """Import Amazon reports into the workbook and recompute everything.

    The workbook is created when it does not exist and reports are given (without reports
    that is :func:`init_workbook`'s job, so a typo never makes an empty tracker). Nothing is
    written when a report or the workbook cannot be read: the error names the file and line. A
    report whose exact content was imported before (the workbook's import ledger
    knows its SHA-256) is skipped, so a whole Downloads folder can be given.

    Every figure amzsheet computes is recomputed and the workbook written whenever a report is new,
    the day differs from the one the workbook was last computed for, or the workbook was saved by
    another program (Excel, LibreOffice, openpyxl...) since amzsheet wrote it; only the same
    workbook on the same day with nothing new is left as it was (``written`` False). The workbook
    records the day and a digest of what amzsheet wrote (see :mod:`amzsheet.excel.properties`);
    :attr:`RefreshResult.reasons` says why it was written.

    :param workbook: path of the tracker .xlsx.
    :param reports: report files or folders (a folder means every report in it).
    :param today: the date to take as today, so that a run can be reproduced; it is stored as the Reference
        date of Settings, which every formula uses. Default: the real today, and the Reference date is cleared.
    :param progress: optional callback, see :data:`Progress`.
    :param skip_bad_rows: import the readable lines of a report with bad lines, and write the bad
        ones, with the reason, to a ``<workbook>-rejected-<time>.tsv`` file next to the workbook.
    :param on_wait: told once, with a sentence, if another refresh of the workbook is running and this one waits.
    :param marketplace: the marketplace (a code of :data:`amzsheet.contract.schema.MARKETPLACES`, e.g. "US") the FBA
        Manage Inventory reports of this run describe; their stock is kept per marketplace on the FBA Stock
        sheet (see :mod:`amzsheet.merge.fba_stock`). None: not said, for a seller with one marketplace.
    """
    path = real_path(workbook)
    check_path(path)
    market = _marketplace_code(marketplace)
    tell = progress or (lambda step, done, total: None)
    files, ignored = scan_reports(reports)
    total = len(files) + 3
    refuse_if_open_in_office(path)
    with workbook_lock(path, on_wait=on_wait):
        for leftover in temporary_files(path):  # from a save that was killed
            leftover.unlink(missing_ok=True)
        tell("Reading workbook", 0, total)
        created = not path.exists()
        if created:
            _refuse_to_create(path, files)
        layout = LAYOUT_VERSION if created else layout_version(path)
        stamp = None if created else read_write_stamp(path)  # before reading: a later change is a change
        stored = _empty_tracker() if created else with_archived_sales(path, _read(path))
        tracker = _with_reference_date(stored, today)
        today = _as_of(tracker.settings)
        read, skipped = _read_new_reports(files, tracker, skip_bad_rows, tell, today)
        tracker, recalled = recall_orders(path, tracker, _order_ids(read))
        tell("Merging reports", len(files) + 1, total)
        refuse_disagreeing_reports(read, market)
        changes, updated = apply_reports(tracker, read, market)
        now = _now(tracker.settings)
        updated = replace(updated, imports=record_imports(tracker.imports, read, now))
        tell("Saving workbook", len(files) + 2, total)
        rejected = [line for export in read for line in export.rejected]
        # Written first: if it cannot be, the workbook is not changed and the reports stay unrecorded.
        rejected_file = write_rejected_lines(path, rejected) if rejected else None
        references = (stored.settings.reference_date, tracker.settings.reference_date)
        reasons = _reasons_to_write(stamp, bool(read), layout, references, today)
        written = bool(reasons)
        # An upgrade always keeps the old layout's workbook, even with Backups to keep = 0.
        keep = max(updated.settings.backups_to_keep, 1) if layout < LAYOUT_VERSION else None
        # What changed, from the tracker as read to the one recomputed: a row of the Changes sheet.
        log = functools.partial(
            record_changes,
            tracker,
            refreshed_at=now,
            as_of=today,
            reports=[report.path.name for report in read],
            lines_added=changes.new_lines,
            lines_updated=changes.updated_lines,
        )
        computed, backup, archived, brief = (
            _save(path, updated, today, keep, log) if written else (updated.recompute(today), None, 0, None)
        )
    tell("Done", total, total)
    return RefreshResult(
        path=path,
        created=created,
        written=written,
        backup=backup,
        upgraded_from=layout if layout < LAYOUT_VERSION else None,
        reports=read,
        skipped=skipped,
        ignored=ignored,
        rejected=rejected,
        rejected_file=rejected_file,
        new_lines=changes.new_lines,
        updated_lines=changes.updated_lines,
        new_skus=sorted(set(computed.inventory["SKU"].dropna()) - set(tracker.inventory["SKU"].dropna())),
        **_alert_counts(computed, today),
        computed=computed,
        computed_for=today,
        last_computed_for=stamp.computed_for if stamp else None,
        reasons=reasons,
        marketplace=market,
        other_trackers=other_trackers(path) if created else [],
        origins=find_origins(tracker, read),
        changes=last_change(computed.changes) if written else None,
        archived_lines=archived,
        recalled_lines=recalled,
        computed_briefing=brief,
    )


def _reasons_to_write(
    stamp: WriteStamp | None,
    imported: bool,
    layout: int,
    references: tuple[dt.date | None, dt.date | None],
    today: dt.date,
) -> tuple[Reason, ...]:
    """Why a refresh must write the workbook (empty: it may be left as it was).

    :param stamp: what the workbook records of amzsheet's last write (None: the workbook is being created).
    :param references: the Reference date of Settings in the workbook, and the one the run gives it.
    :param today: the day the figures are computed for.
    """
    if stamp is None:
        return ("created", "imported")  # a workbook is only created with reports to put in it
    new_day = stamp.recorded and stamp.computed_for != today
    found: dict[Reason, bool] = {
        "imported": imported,
        "upgraded": layout < LAYOUT_VERSION,
        "edited": stamp.recorded and not stamp.as_written,
        "new day": new_day,
        # Moved to the new day by --today, it needs no reason of its own.
        "reference date": references[0] != references[1] and not (new_day and references[1] == today),
        "unrecorded": not stamp.recorded,
    }
    return tuple(reason for reason, applies in found.items() if applies)


def _refuse_to_create(path: Path, files: list[Path]) -> None:
    """Stop a refresh from creating a tracker where one was deleted, or without any report to put in it."""
    if list_backups(path):
        raise WorkbookError(
            f"{path} does not exist, but its backups do; bring the latest back with 'amzsheet restore {path} "
            f"--list' then 'amzsheet restore {path} <name>', or give a new file name; nothing was changed"
        )
    if not files:
        raise WorkbookError(
            f"{path.absolute()} does not exist, and a refresh without reports does not create a tracker; check the "
            f"folder you are in, give the reports to import ('amzsheet refresh {path.name} ~/Downloads/'), or "
            f"create an empty tracker with 'amzsheet init {path.name}'"
        )


def other_trackers(path: str | os.PathLike) -> list[Path]:
    """The amzsheet trackers other than ``path`` in its folder (to warn that a new one may be a typo).

    :param path: a workbook; Excel's lock files (``~$``) and hidden files are not looked at.
    """
    path = Path(path)
    found = []
    for other in sorted(path.absolute().parent.glob("*.xlsx")):
        if other.name.startswith(("~$", ".")) or other.name == path.name or not other.is_file():
            continue
        if recorded_layout(other) is not None:
            found.append(other)
    return found


def _read_new_reports(
    files: list[Path], tracker: Tracker, skip_bad_rows: bool, tell: Progress, today: dt.date
) -> tuple[list[Report], list[SkippedReport]]:
    """Read the reports the ledger does not know, in the order they are to be applied.

    Dates after ``today`` are told in each report's notes, and counts dated after it are taken as of its end.
    """
    imported = ledger_index(tracker.imports)
    read: list[Report] = []
    skipped: list[SkippedReport] = []
    for done, file in enumerate(files, start=1):
        tell(f"Reading {file.name}", done, len(files) + 3)
        digest = file_digest(file)
        if digest in imported:
            skipped.append(SkippedReport(file, imported[digest]))
            continue
        read.append(read_report(file, tracker.settings, skip_bad_rows=skip_bad_rows, today=today))
        imported[digest] = None  # the same content twice in one run is imported once
    read.sort(key=application_order)
    return read, skipped


def _order_ids(reports: list[Report]) -> set[str]:
    """The Order IDs the reports name (their lines may update an archived order)."""
    ids: set[str] = set()
    for report in reports:
        if "Order ID" in report.lines.columns:
            ids.update(report.lines["Order ID"].dropna().astype(str))
    return ids


def _alert_counts(tracker: Tracker, today: dt.date) -> dict[str, int]:
    summary = dashboard_summary(tracker.orders, tracker.inventory, today)
    return {
        "overdue_orders": summary.overdue_orders,
        "skus_to_reorder": summary.skus_to_reorder,
        "skus_out_of_stock": summary.skus_out_of_stock,
    }


def _marketplace_code(marketplace: str | None) -> str:
    """The marketplace code in upper case ("" for None), or an error naming the codes."""
    code = (marketplace or "").strip().upper()
    if code and code not in MARKETPLACES:
        raise UsageError(f"{marketplace!r} is not a marketplace amzsheet knows; use one of {', '.join(MARKETPLACES)}")
    return code


def _with_reference_date(tracker: Tracker, day: dt.date | None) -> Tracker:
    """``tracker`` whose Settings fix the formulas' today at ``day`` (None: follow the real today)."""
    if tracker.settings.reference_date == day:
        return tracker
    return replace(tracker, settings=replace(tracker.settings, reference_date=day))


def _as_of(settings: Settings) -> dt.date:
    """The date the formulas take as today: the Reference date, or today in the time zone of Settings."""
    return settings.reference_date or _now(settings).date()


def _now(settings: Settings) -> dt.datetime:
    return dt.datetime.now(ZoneInfo(settings.time_zone)).replace(tzinfo=None, microsecond=0)


def workbook_backups(workbook: str | os.PathLike) -> list[Backup]:
    """The backups of ``workbook`` (kept before each save), newest first."""
    return list_backups(real_path(workbook))


def restore_backup(workbook: str | os.PathLike, backup: str) -> Path | None:
    """Put the backup called ``backup`` back in place of ``workbook``.

    The backup is checked to be a readable tracker first. The current workbook is
    kept as a backup itself, so a restore can be undone the same way. The order archive
    beside the workbook comes back too when that save had changed it (see
    :mod:`amzsheet.storage.archive`); the current one is kept with the workbook's backup.

    :param backup: a backup's file name (as :func:`workbook_backups` lists them) or path.
    :return: the backup made of the workbook that was replaced (None when there was none).
    :raises WorkbookError: no such backup, the backup is not a readable tracker, or the workbook is busy.
    """
    path = real_path(workbook)
    check_path(path)
    chosen = find_backup(path, backup)
    read_workbook(chosen.path)  # refuse to bring back a damaged file
    refuse_if_open_in_office(path)
    with workbook_lock(path):
        keep = len(list_backups(path)) + 1  # restoring never deletes an older backup
        now = dt.datetime.now()
        paired = next_backup(path, now) if path.exists() else None
        # The workbook first: until the archive is back too, the current archive holds every line archived
        # since, and an order in both is counted once (as a killed save leaves them).
        made = write_atomically(path, lambda temporary: shutil.copyfile(chosen.path, temporary), keep, now)
        try:
            restore_archive(path, chosen.path, paired)
        except OSError as exc:
            raise WorkbookError(
                f"{path} was restored, but its order archive could not be ({exc.strerror or exc}); the current "
                "archive stays beside it, holding every order line archived since that backup; run the restore "
                "again once the problem is fixed"
            ) from None
        return made
