"""Read Amazon Seller Central reports into tracker data.

A report is recognised by its header (found by content, also below a few lines of
explanation), never by its file name, and columns are matched by header name,
never by position. :func:`read_report` returns an :class:`Report`: the report's
rows turned into Order Tracking lines, Inventory rows or Payments transactions,
dates already in the seller's time zone. The supported reports are listed in
:mod:`amzsheet.reports`.

By default a file imports all or nothing: the first unreadable value stops the
import with its line and column. With ``skip_bad_rows=True`` the other rows are
imported and the bad ones are returned in :attr:`Report.rejected`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from amzsheet.contract.schema import Settings
from amzsheet.errors import MissingColumnsError, ReportError, UnknownReportError, UnsupportedReportError
from amzsheet.reports import REPORT_KINDS, ReportKind
from amzsheet.reports.base import PRIVATE_COLUMNS, MergeMode, Override, Target
from amzsheet.reports.encoding import decode_report
from amzsheet.reports.future import check_dates_after_today
from amzsheet.reports.raw import RawReport, canonical_names, header_candidates, split_report
from amzsheet.reports.unsupported import unsupported_report

_SNIFF_BYTES = 64 * 1024
_EXCEL_NUMBER = re.compile(r"^-?\d+(\.\d+)?E[+-]?\d+$", re.IGNORECASE)
# A SKU may legitimately read "2E5"; Excel's rendering of a long number is "1.23457E+11".
_EXCEL_SKU = re.compile(r"^\d\.\d+E\+\d{2}$")
_SKU_COLUMNS = ("sku", "Merchant SKU")


@dataclass(frozen=True)
class RejectedLine:
    """A line of a report left out by ``--skip-bad-rows``.

    :param path: the report.
    :param line: 1-based line number in the file.
    :param column: header of the offending column as written in the file ("" when the line as a whole).
    :param value: the offending value.
    :param reason: why it was left out.
    :param text: the line's fields, tab-separated, with buyers' contact details left out.
    """

    path: Path
    line: int
    column: str
    value: str
    reason: str
    text: str


@dataclass(frozen=True)
class Report:
    """An Amazon report that was read.

    :param path: the file.
    :param kind: the report's name, e.g. "All Orders".
    :param target: the table its data goes to: "orders", "inventory" or "payments".
    :param lines: the data, with the target table's column names (one row per order line, SKU or transaction).
    :param rows: data rows in the file.
    :param rejected: lines left out (only with ``skip_bad_rows``).
    :param digest: SHA-256 of the file's bytes (the import ledger's key).
    :param encoding: the text encoding the file was read with.
    :param merge: how order lines merge (see :data:`amzsheet.reports.base.MergeMode`).
    :param overrides: columns the report sets on a matched order line, with their rules.
    :param notes: sentences about the file worth telling the seller although it was imported in full,
        such as stock counted for SKUs without an active listing; the CLI prints them under the file.
    """

    path: Path
    kind: str
    target: Target
    lines: pd.DataFrame
    rows: int
    rejected: tuple[RejectedLine, ...]
    digest: str
    encoding: str
    merge: MergeMode = "update"
    overrides: Mapping[str, Override] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def read_report(
    path: str | os.PathLike,
    settings: Settings | None = None,
    *,
    skip_bad_rows: bool = False,
    today: dt.date | None = None,
) -> Report:
    """Read one Amazon report file.

    :param path: a report as downloaded from Seller Central (see the README's list).
    :param settings: the tracker settings; their time zone is used for dates.
    :param skip_bad_rows: leave out unreadable lines (listed in :attr:`Report.rejected`) instead of failing.
    :param today: the reference date: lines dated after it are told in :attr:`Report.notes`, and stock
        counts dated after it are taken as of its end (see :mod:`amzsheet.reports.future`). None: not checked.
    :raises UnknownReportError: the file is not a report amzsheet knows.
    :raises ReportError: a value cannot be read; the message names line, column and value.
    """
    settings = settings or Settings()
    path = Path(path).expanduser()
    data = _read_bytes(path)
    text, encoding = _decode(path, data)
    raw, kind = _parse_header(path, text, encoding)
    missing = [raw.label(name) for name in kind.required if not raw.has(name)]
    if missing:
        raise MissingColumnsError(
            path, f"this {kind.name} report lacks the column(s) {', '.join(missing)}; download the full report again"
        )
    _refuse_excel_damage(raw, kind)
    for name in kind.identity:
        blank = np.flatnonzero(raw.column(name).to_numpy() == "")
        raw.reject(blank, name, "this line has no value here; check the file or download it again")
    lines = kind.parse(raw, settings)
    rejected = _rejected_lines(raw)
    if rejected and not skip_bad_rows:
        first = rejected[0]
        raise ReportError(path, first.reason, line=first.line, column=first.column or None)
    if rejected:
        bad = sorted({problem.position for problem in raw.problems})
        lines = lines.drop(index=lines.index[bad]).reset_index(drop=True)
    notes = list(raw.notes)
    if today is not None:
        lines, late = check_dates_after_today(raw, lines, kind.event_dates, today)
        notes += late
    if kind.combine is not None:
        lines = kind.combine(lines)
    return Report(
        path=path,
        kind=kind.name,
        target=kind.target,
        lines=lines,
        rows=len(raw.rows),
        rejected=tuple(rejected),
        digest=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        merge=kind.merge,
        overrides=kind.overrides,
        notes=tuple(notes),
    )


def detect_kind(path: str | os.PathLike) -> ReportKind:
    """Return the kind of report in the file at ``path``, from its first lines.

    :raises UnknownReportError: no known report has this header.
    """
    path = Path(path)
    text, encoding = _decode(path, _read_bytes(path, _SNIFF_BYTES), partial=True)
    return _parse_header(path, text, encoding, header_only=True)[1]


@dataclass(frozen=True)
class IgnoredFile:
    """A file of a folder that a refresh left alone, and why.

    :param path: the file.
    :param reason: why it was not imported, as the end of a sentence ("not an Amazon report").
    """

    path: Path
    reason: str


def find_reports(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Expand folders into the report files they hold (see :func:`scan_reports`, which also says what it left)."""
    return scan_reports(paths)[0]


def scan_reports(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[IgnoredFile]]:
    """Expand folders into the report files they hold, and name every other file with the reason it is left.

    A file named on its own is always returned (and must be a known report); a folder
    contributes its files whose header is a known report's. Its other files (not an
    Amazon report, an Amazon report amzsheet does not import, empty, hidden) and its
    subfolders are returned as :class:`IgnoredFile`, so that a summary can name them.

    :raises ReportError: a path does not exist, or a folder holds no report.
    """
    found: list[Path] = []
    ignored: list[IgnoredFile] = []
    for item in (Path(path).expanduser() for path in paths):
        if not item.exists():
            raise ReportError(item, "no such file or folder")
        if not item.is_dir():
            found.append(item)
            continue
        entries = sorted(item.iterdir())
        reasons = {entry: _reason_to_leave(entry) for entry in entries}
        left = [IgnoredFile(entry, reason) for entry, reason in reasons.items() if reason is not None]
        reports = [entry for entry, reason in reasons.items() if reason is None]
        if not reports:
            raise ReportError(
                item, f"this folder holds no Amazon report amzsheet reads{_listing(left)}; download the reports into it"
            )
        found.extend(reports)
        ignored.extend(left)
    return found, ignored


def _reason_to_leave(path: Path) -> str | None:
    """Why a file of a folder is not imported (None: it is a report amzsheet reads)."""
    if path.is_dir():
        return "a folder (folders inside are not searched)"
    if path.name.startswith((".", "~$")):
        return "a hidden or temporary file"
    try:
        if path.stat().st_size == 0:
            return "empty"
        detect_kind(path)
    except UnsupportedReportError as exc:
        return str(exc).removeprefix(f"{path} is ").split("; ")[0]
    except UnknownReportError as exc:
        return "empty" if str(exc).endswith("is empty; download the report again") else "not an Amazon report"
    except ReportError as exc:
        return str(exc).removeprefix(f"{path}: ")
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return None


def _listing(ignored: list[IgnoredFile], shown: int = 5) -> str:
    """`` (a.txt: not an Amazon report; b.txt: empty)``, at most ``shown`` files."""
    if not ignored:
        return " (it is empty)"
    parts = [f"{entry.path.name}: {entry.reason}" for entry in ignored[:shown]]
    more = f"; and {len(ignored) - shown} more" if len(ignored) > shown else ""
    return f" ({'; '.join(parts)}{more})"


def _read_bytes(path: Path, limit: int | None = None) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(limit) if limit else stream.read()
    except OSError as exc:
        raise ReportError(path, f"cannot be read ({exc.strerror or exc})") from None


def _decode(path: Path, data: bytes, *, partial: bool = False) -> tuple[str, str]:
    try:
        return decode_report(data, partial=partial)
    except ValueError:
        if data.startswith(b"PK"):  # a zip: an Excel workbook (.xlsx), as the Advertising console offers
            advice = "is an Excel workbook, not a text report; download the report as .txt (as CSV from Advertising)"
        else:
            advice = "is a binary file, not an Amazon text report; download the .txt report"
        raise UnknownReportError(path, advice) from None


def _parse_header(path: Path, text: str, encoding: str, *, header_only: bool = False) -> tuple[RawReport, ReportKind]:
    """Find the header line of a known report among the first lines and split the file below it."""
    first_line = None
    others = []
    for index, delimiter, cells in header_candidates(text):
        if first_line is None:
            first_line = delimiter.join(cells)
        others.append(unsupported_report(cells))
        for kind in REPORT_KINDS:
            aliases = kind.alias_map()
            header = canonical_names(cells, aliases)
            if kind.signature <= set(header):
                labels: dict[str, str] = {}
                for name, cell in zip(header, cells):
                    labels.setdefault(name, cell.strip())  # a repeated column: the first one is read
                if header_only:
                    return RawReport(path, header, labels, [], [], [], encoding), kind
                return split_report(path, text, encoding, index, delimiter, header, labels), kind
    if first_line is None:
        raise UnknownReportError(path, "is empty; download the report again")
    other = next((report for report in others if report is not None), None)
    if other is not None:
        raise UnsupportedReportError(path, f"is {other.name}, which amzsheet does not import; {other.advice}")
    shown = first_line if len(first_line) <= 80 else first_line[:77] + "..."
    raise UnknownReportError(
        path,
        f"is not an Amazon report amzsheet knows (first line: {shown!r}); "
        "the README lists the reports it reads and where to download them",
    )


def _refuse_excel_damage(raw: RawReport, kind: ReportKind) -> None:
    """Refuse a file saved by Excel: long ids shown as ``5.80293E+13`` have lost their digits."""
    checks = [(name, _EXCEL_NUMBER) for name in kind.id_columns] + [(name, _EXCEL_SKU) for name in _SKU_COLUMNS]
    for name, pattern in checks:
        if not raw.has(name):
            continue
        for position, value in enumerate(raw.column(name)):
            if pattern.match(value):
                raise ReportError(
                    raw.path,
                    f"the id {value!r} was turned into a number by Excel, so digits are lost; "
                    "download the report again and import it without opening it in Excel",
                    line=raw.line_numbers[position],
                    column=raw.label(name),
                )


def _without_private_details(raw: RawReport, position: int) -> str:
    fields = raw.rows[position]
    return "\t".join("" if name in PRIVATE_COLUMNS else value for name, value in zip(raw.header, fields))


def _rejected_lines(raw: RawReport) -> list[RejectedLine]:
    """One entry per bad line (its first problem), in file order."""
    first: dict[int, RejectedLine] = {}
    for problem in raw.problems:
        if problem.position in first:
            continue
        column = raw.label(problem.column) if problem.column else ""
        value = raw.rows[problem.position][raw.header.index(problem.column)] if problem.column else ""
        first[problem.position] = RejectedLine(
            raw.path,
            raw.line_numbers[problem.position],
            column,
            value,
            problem.message,
            _without_private_details(raw, problem.position),
        )
    return [first[position] for position in sorted(first)]
