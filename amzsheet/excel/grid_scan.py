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

Spreadsheet programs write the reference first and in upper case (``<c r="B7" s="3">``), with no
namespace prefix. A cell written otherwise (without a reference, another attribute first, a
lower-case reference, a prefixed ``<x:c>``) switches the sheet to a slower scan that places each
row and cell as a reader does, one by one: by its reference, or after the one before it.
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
    """The state of one sheet's scan: the extent so far, and which scan it takes.

    The fast scan (:meth:`_cells`) holds while every cell starts with an unprefixed element name and an
    upper-case reference, as spreadsheet programs write them. Any other cell switches the sheet to the
    slow scan (:meth:`_elements`), which places every row and cell as a reader does: by its ``r``
    attribute, in either case, or else after the row or cell before it; and whatever its namespace prefix.
    """

    def __init__(self) -> None:
        self.extent = Extent()
        self.fast = True
        self.row = 0  # the slow scan's current row
        self.column = 0  # the slow scan's column of the current row's last cell

    def feed(self, data: bytes) -> None:
        """Widen the extent by the cells (and rows) of ``data``, which ends at a tag's end."""
        if self.fast and b":c" in data and _PREFIXED_CELL.search(data):
            self._slow_down()
        if self.fast:
            last_row = data.rfind(b"<row")
            if last_row >= 0 and (number := _ROW_START.match(data, last_row)):
                self.extent.rows = max(self.extent.rows, int(number[1]))
            if not self._cells(data):
                self._slow_down()
        if not self.fast:
            self._elements(data)

    def _slow_down(self) -> None:
        """Switch to the slow scan, taking a row begun before this chunk to start at the widest column seen."""
        self.fast = False
        self.row, self.column = self.extent.rows, self.extent.columns

    def _cells(self, data: bytes) -> bool:
        """The fast scan of ``data``: False when it meets a cell that only the slow scan places."""
        position = 0
        while found := _cell_pattern(self.extent.rows, self.extent.columns).search(data, position):
            if found.lastgroup == "other":
                return False
            before = (self.extent.rows, self.extent.columns)
            if found.lastgroup == "column":
                self.extent.columns = max(self.extent.columns, column_number(found["column"]))
            else:
                self.extent.rows = max(self.extent.rows, int(found["row"]))
            # The same cell again, for its row once its column widened (even while no row is known, when the
            # number of cells stays 0); past it if nothing changed (leading zeros).
            widened = (self.extent.rows, self.extent.columns) != before
            position = found.start() if widened else found.end()
        return True

    def _elements(self, data: bytes) -> None:
        """The slow scan of ``data``: every row and cell element, one by one."""
        extent = self.extent
        for found in _ELEMENT.finditer(data):
            attribute = _REFERENCE.search(found["attributes"])
            reference = attribute[1].strip() if attribute else b""
            if found["name"] == b"row":
                self.row = int(reference) if reference.isdigit() else self.row + 1
                self.column = 0
            else:
                place = _PLACE.fullmatch(reference)
                letters, digits = (place[1], place[2]) if place else (b"", b"")
                self.column = column_number(letters.upper()) if letters else self.column + 1
                if digits:
                    self.row = int(digits)
                extent.columns = max(extent.columns, self.column)
            extent.rows = max(extent.rows, self.row)


_QUOTE = "[\"']"
# Cells the fast scan cannot place: r-less (<c>, <c/>), another attribute first, or a reference
# that does not start with an upper-case letter.
_OTHER = r'(?P<other>[\t\n\r/>]| (?!r=")| r="(?![A-Z]))'
_PREFIX = rb"[A-Za-z_][\w.\-]*:"  # an element's namespace prefix, "x:"
# A cell element with a namespace prefix (<x:c r="A1">), which readers take for a cell as well.
_PREFIXED_CELL = re.compile(rb"<" + _PREFIX + rb"c[\s/>]")
# A row or cell element, whatever its prefix, with its attributes.
_ELEMENT = re.compile(rb"<(?:" + _PREFIX + rb")?(?P<name>row|c)(?=[\s/>])(?P<attributes>[^>]*)")
_REFERENCE = re.compile(rb"""(?:^|\s)r\s*=\s*["']([^"']*)["']""")
_PLACE = re.compile(rb"([A-Za-z]*)([0-9]*)")


@lru_cache(maxsize=64)
def _cell_pattern(rows: int, columns: int) -> re.Pattern[bytes]:
    """Cells right of column ``columns`` or below row ``rows``, and the cells the fast scan cannot place."""
    reference = rf"(?:(?P<column>{_greater_column(columns)})[0-9]|[A-Z]+(?P<row>{_greater_number(rows)}){_QUOTE})"
    return re.compile(rf'<c(?: r="{reference}|{_OTHER})'.encode())


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
