"""How far the cells of a worksheet reach, read from its XML in bounded chunks (for the package check).

A spreadsheet reader allocates a sheet's whole grid, from the first cell to the last, so the
package check (:mod:`amzsheet.excel.package_guard`) measures the grid before python-calamine
reads it. The sheet's XML is unpacked :data:`CHUNK_BYTES` at a time and never held whole.

One regular expression goes over each chunk, starting with a literal (``<c``) so that it skips
from cell to cell quickly, and matching only what widens the grid seen so far: a cell in a
column right of the widest yet, or in a row below the highest yet. The highest row of a chunk
is taken from its last ``<row`` element before the scan, so a sheet whose rows come in order
(every spreadsheet program writes them so) yields almost no matches: one pass, no Python loop
over cells.

Spreadsheet programs write the reference first (``<c r="B7" s="3">``). A cell written otherwise,
or without a reference, switches the scan to a slower pattern that finds ``r`` among the other
attributes, and to scanning the row elements too.
Single-letter columns are not collected: a sheet is taken to be at least 26 columns wide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import IO

#: Bytes unpacked and scanned at a time.
CHUNK_BYTES = 16 << 20
#: Longest stretch without a ``>`` carried from one chunk to the next. A tag Excel writes is far
#: shorter, and so is a cell's text (at most 32,767 characters, 128 KiB in UTF-8).
MAX_CARRY_BYTES = 1 << 20

_NARROWEST = 26  # columns A to Z: single letters are not collected
_ROW_START = re.compile(rb"""<row\s[^>]*?\br\s*=\s*["']([0-9]+)["']""")


class RunOnTagError(ValueError):
    """A stretch of more than :data:`MAX_CARRY_BYTES` without ``>``: no tag Excel writes is that long."""


@dataclass
class Extent:
    """The grid a worksheet's cells span: its highest row and widest column (1-based), so far."""

    rows: int = 0
    columns: int = _NARROWEST

    @property
    def cells(self) -> int:
        """Rows times columns: the cells a reader allocates."""
        return self.rows * self.columns


def sheet_extent(part: IO[bytes], limit: int) -> Extent:
    """The grid the cells of a worksheet part span, reading at most ``limit`` + 1 bytes of it.

    :raises RunOnTagError: a stretch of the XML longer than :data:`MAX_CARRY_BYTES` holds no ``>``.
    """
    scan = _Scan()
    carry, read = b"", 0
    while read <= limit:
        chunk = part.read(min(CHUNK_BYTES, limit + 1 - read))
        if not chunk:
            break
        read += len(chunk)
        data = carry + chunk
        cut = data.rfind(b">") + 1  # no pattern spans a '>', so none is cut in two here
        if len(data) - cut > MAX_CARRY_BYTES:
            raise RunOnTagError(f"{len(data) - cut:,} bytes without '>'")
        scan.feed(data[:cut])
        carry = data[cut:]
    scan.feed(carry)
    return scan.extent


class _Scan:
    """The state of one sheet's scan: the extent so far and whether every cell starts with its reference."""

    def __init__(self) -> None:
        self.extent = Extent()
        self.references_first = True  # every <c> so far starts with its r attribute

    def feed(self, data: bytes) -> None:
        """Widen the extent by the cells (and rows) of ``data``, which ends at a tag's end.

        A cell with a reference is placed by it, whatever its row element says; only a cell without
        one (spreadsheet programs always write it) takes its row element's, so row elements are
        scanned only once such a cell, or one with another attribute first, has been seen.
        """
        last_row = data.rfind(b"<row")
        if last_row >= 0 and (number := _ROW_START.match(data, last_row)):
            self.extent.rows = max(self.extent.rows, int(number[1]))
        self._cells(data)
        if not self.references_first:
            self._rows(data)

    def _rows(self, data: bytes) -> None:
        position = 0
        while found := _row_pattern(self.extent.rows).search(data, position):
            self.extent.rows = max(self.extent.rows, int(found["row"]))
            position = found.end()

    def _cells(self, data: bytes) -> None:
        position = 0
        while found := _cell_pattern(self.references_first, self.extent.rows, self.extent.columns).search(
            data, position
        ):
            if found.lastgroup == "other":
                self.references_first, position = False, 0  # scan this chunk again with the slow pattern
                continue
            before = (self.extent.rows, self.extent.columns)
            if found.lastgroup == "column":
                self.extent.columns = max(self.extent.columns, column_number(found["column"]))
            else:
                self.extent.rows = max(self.extent.rows, int(found["row"]))
            # The same cell again, for its row once its column widened (even while no row is known, when the
            # number of cells stays 0); past it if nothing changed (leading zeros).
            widened = (self.extent.rows, self.extent.columns) != before
            position = found.start() if widened else found.end()


_QUOTE = "[\"']"
# Elements that do not start with their reference: r-less (<c>, <c/>), or another attribute first.
_OTHER = r'(?P<other>[\t\n\r/>]| (?!r="))'


@lru_cache(maxsize=64)
def _row_pattern(rows: int) -> re.Pattern[bytes]:
    """Row elements numbered above ``rows``, wherever their ``r`` attribute stands."""
    return re.compile(rf"<row\s[^>]*?\br\s*=\s*{_QUOTE}(?P<row>{_greater_number(rows)}){_QUOTE}".encode())


@lru_cache(maxsize=64)
def _cell_pattern(first: bool, rows: int, columns: int) -> re.Pattern[bytes]:
    """Cells right of column ``columns`` or below row ``rows``, and (``first``) cells not starting with ``r="``."""
    reference = rf"(?:(?P<column>{_greater_column(columns)})[0-9]|[A-Z]+(?P<row>{_greater_number(rows)}){_QUOTE})"
    if first:
        return re.compile(rf'<c(?: r="{reference}|{_OTHER})'.encode())
    return re.compile(rf"<c\s[^>]*?\br\s*=\s*{_QUOTE}{reference}".encode())


def _greater_number(number: int) -> str:
    """A pattern of the decimal numbers above ``number`` (and of longer ones with leading zeros, checked after)."""
    return _greater(str(number), "0123456789")


def _greater_column(number: int) -> str:
    """A pattern of the column letters right of column ``number`` (1-based)."""
    return _greater(column_letters(number), "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _greater(word: str, alphabet: str) -> str:
    """A pattern of the words over ``alphabet`` after ``word``: longer ones, or as long and greater at some place."""
    every = f"[{alphabet[0]}-{alphabet[-1]}]"
    longer = f"{every}{{{len(word) + 1},}}"
    same = [
        f"{word[:i]}[{alphabet[alphabet.index(char) + 1]}-{alphabet[-1]}]{every}{{{len(word) - i - 1}}}"
        for i, char in enumerate(word)
        if char != alphabet[-1]
    ]
    return "|".join([longer, *same])


def column_number(letters: bytes) -> int:
    """The 1-based number of a column from its letters (``b"AB"`` is 28)."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def column_letters(number: int) -> str:
    """The letters of a 1-based column number (28 is ``"AB"``)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
