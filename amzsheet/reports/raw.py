"""Split a report file into a header and rows of text, finding the header by its content.

Seller Central writes most reports as tab-separated text without quoting (product
names contain bare ``"``), and the Payments "Date Range" report as a fully quoted
comma-separated file with a few lines of explanation before the header. This module
turns either into a :class:`RawReport`: header names mapped to the report's
canonical names (so that ``Merchant SKU``, ``sku`` and ``卖家 SKU`` are one column),
rows padded to the header's width, and the line number of every row for messages.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from amzsheet.errors import ReportError

#: Lines scanned for a header before giving up (the Date Range report has up to 7 lines before it).
HEADER_SEARCH_LINES = 20
# In a file with line feeds a bare carriage return is data (it happens inside product names), not a
# line break; a file without any line feed (Excel for Mac, older Mac tools) breaks its lines with CR.
_LINE_BREAK = re.compile(r"\r?\n")
_CR_LINE_BREAK = re.compile(r"\r")
_SPACES = re.compile(r"\s+")


def header_key(name: str) -> str:
    """The form in which header names are compared: case, spaces, ``-``/``_`` and a final ``:`` ignored.

    ``amazon-order-id``, ``Amazon Order Id`` and ``amazon order id `` give the same key.
    """
    name = name.replace("\ufeff", "").strip().rstrip(":").replace("-", " ").replace("_", " ")
    return _SPACES.sub(" ", name).strip().casefold()


@dataclass(frozen=True)
class Problem:
    """A value of one row that cannot be imported.

    :param position: index of the row in :attr:`RawReport.rows`.
    :param column: canonical column name.
    :param message: what is wrong with the value and what to do.
    """

    position: int
    column: str | None
    message: str


@dataclass
class RawReport:
    """A report split into canonical header names and padded text rows.

    :param path: the file read.
    :param header: canonical column names (see the report's aliases), in file order.
    :param labels: canonical name -> the header text as written in the file (for messages).
    :param rows: data rows of stripped strings, padded or cut to the header's width; "" is blank.
    :param line_numbers: 1-based line number in the file of each row.
    :param lines: the text of each row as in the file (for the rejected-lines file).
    :param encoding: the text encoding the file was read with.
    :param problems: values found unreadable so far (filled by the report's parser).
    :param notes: sentences about the file worth telling the seller, although nothing was refused
        (filled by the report's parser; see :attr:`amzsheet.reports.reading.Report.notes`).
    """

    path: Path
    header: list[str]
    labels: dict[str, str]
    rows: list[list[str]]
    line_numbers: list[int]
    lines: list[str]
    encoding: str
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def has(self, name: str) -> bool:
        """Tell whether the report has the canonical column ``name``."""
        return name in self.header

    def column(self, name: str) -> pd.Series:
        """One column as a Series of strings ("" when blank)."""
        index = self.header.index(name)
        return pd.Series([row[index] for row in self.rows], dtype=object)

    def label(self, name: str) -> str:
        """The header text of canonical column ``name`` as written in the file."""
        return self.labels.get(name, name)

    def reject(self, positions: Iterable[int], column: str | None, message: Callable[[str], str] | str) -> None:
        """Record that the rows at ``positions`` cannot be imported because of ``column``.

        :param message: the reason, or a function of the cell's text giving it.
        """
        for position in positions:
            value = self.rows[position][self.header.index(column)] if column and self.has(column) else ""
            text = message(value) if callable(message) else message
            self.problems.append(Problem(int(position), column, text))


def canonical_names(cells: list[str], aliases: Mapping[str, str]) -> list[str]:
    """Map header cells to canonical names with ``aliases`` (header key -> canonical name).

    A cell without an alias keeps its own stripped text.
    """
    return [aliases.get(header_key(cell), cell.replace("\ufeff", "").strip()) for cell in cells]


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, with the line end decided once for the whole file.

    A file holding a line feed breaks lines at LF or CRLF, and a bare CR stays in the
    line as data. A file without any LF but with CRs (classic Mac line ends) breaks
    lines at each CR.
    """
    if "\n" not in text and "\r" in text:
        return _CR_LINE_BREAK.split(text)
    return _LINE_BREAK.split(text)


def split_fields(line: str, delimiter: str) -> list[str]:
    """The fields of one line: tab-separated without quoting, or one record of a quoted CSV."""
    if delimiter == "\t":
        return line.split("\t")
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:  # e.g. a bare carriage return: not a CSV header line
        return [line]


def header_candidates(text: str) -> Iterable[tuple[int, str, list[str]]]:
    """Yield (line index, delimiter, fields) for the first non-blank lines of ``text``."""
    seen = 0
    for index, line in enumerate(split_lines(text)):
        if not line.strip():
            continue
        delimiter = "\t" if "\t" in line else ","
        yield index, delimiter, split_fields(line, delimiter)
        seen += 1
        if seen >= HEADER_SEARCH_LINES:
            return


def split_report(
    path: Path, text: str, encoding: str, header_index: int, delimiter: str, header: list[str], labels: dict[str, str]
) -> RawReport:
    """Split ``text`` into rows below the header found at line ``header_index`` (0-based)."""
    width = len(header)
    rows: list[list[str]] = []
    numbers: list[int] = []
    originals: list[str] = []
    lines = split_lines(text)
    if delimiter == "\t":
        records: Iterable[tuple[int, list[str], str]] = (
            (number, line.split("\t"), line) for number, line in enumerate(lines[header_index + 1 :], header_index + 2)
        )
    else:
        records = _csv_records(path, lines[header_index + 1 :], header_index + 2, delimiter)
    header_text = [cell.strip() for cell in split_fields(lines[header_index], delimiter)]
    misfits: list[tuple[int, str]] = []
    for number, fields, original in records:
        cleaned = [value.strip() for value in fields]
        if not any(cleaned) or cleaned == header_text:  # blank, or the header again (files joined together)
            continue
        extra = any(cleaned[width:])
        if extra or (delimiter != "\t" and len(cleaned) < width):
            misfits.append((len(rows), f"this line has {len(cleaned)} fields where the header has {width}"))
        rows.append((cleaned + [""] * width)[:width])
        numbers.append(number)
        originals.append(original)
    report = RawReport(path, header, labels, rows, numbers, originals, encoding)
    for position, message in misfits:
        report.reject(
            [position], None, message + " (a tab or quote inside a value?); check the file or download it again"
        )
    return report


def _csv_records(
    path: Path, lines: list[str], first_number: int, delimiter: str
) -> Iterable[tuple[int, list[str], str]]:
    """Records of a quoted CSV with the line number each starts on (a quoted field may span lines)."""
    stream = io.StringIO("\n".join(lines))
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ReportError(
                path,
                f"this line cannot be read as CSV ({exc}); download the report again",
                line=first_number + start - 1,
            ) from None
        end = reader.line_num
        yield first_number + start - 1, fields, "\n".join(lines[start - 1 : end])
        start = end + 1
