"""What a refresh carries from the old workbook into the new one: the data classes and XML names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

#: Most cells a sheet the seller added may hold; a larger one stops the refresh.
MAX_EXTRA_CELLS = 200_000
_MAX_PART = 64 * 2**20  # bytes of an XML part parsed whole (workbook, styles, tables, rels)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_C, _F, _V, _IS, _T, _R, _ROW = (_MAIN + tag for tag in ("c", "f", "v", "is", "t", "r", "row"))
_SHEET_DATA = _MAIN + "sheetData"
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_KEPT_FILTERS = {_MAIN + tag for tag in ("filters", "customFilters", "top10", "dynamicFilter")}
_DIGIT_PIXELS = 7  # width of "0" in Calibri 11: Excel's column width unit, as XlsxWriter counts it


@dataclass(frozen=True)
class Pane:
    """Frozen panes: ``rows`` rows and ``cols`` columns stay in view.

    ``top_row`` and ``left_col`` (0-based) are the first row and column shown below
    and right of them.
    """

    rows: int
    cols: int
    top_row: int
    left_col: int


@dataclass(frozen=True)
class ColumnWidth:
    """Width of a range of columns, 0-based ``first`` to ``last`` in the old sheet.

    :param width: as Excel stores it, in characters of "0" plus padding; None for the default width.
    :param header: managed sheets: the header text of the (single) column, which places it in the new sheet.
    :param number_format: sheets the seller added: the column's number format.
    :param level: managed sheets: the column's outline level (0: in no group).
    """

    first: int
    last: int
    width: float | None
    hidden: bool = False
    header: str | None = None
    number_format: str | int | None = None
    level: int = 0


@dataclass(frozen=True)
class RowHeight:
    """A row (0-based) with a height set by hand (in points) or hidden."""

    row: int
    height: float | None
    hidden: bool = False


class Cell(NamedTuple):
    """One cell of a sheet the seller added (a named tuple: 200,000 of them are made 5 times faster than dataclasses).

    :param value: the constant, or a formula's cached result; None for an empty, formatted cell.
    :param formula: the formula without ``=``, as stored in the file (``_xlfn.`` prefixes included).
    :param number_format: a format code, or the id of an Excel built-in format (14 is the
        short date of the reader's locale); None for General.
    :param array_ref: the range of an array formula (on its top-left cell only).
    :param dynamic: the array formula is a dynamic (spilling) one.
    :param error: ``value`` is an error such as ``#N/A``.
    """

    row: int
    col: int
    value: float | str | bool | None
    formula: str | None = None
    number_format: str | int | None = None
    array_ref: str | None = None
    dynamic: bool = False
    error: bool = False


@dataclass(frozen=True)
class TableLayout:
    """A table: its filter criteria, and what a sheet the seller added needs to re-create it.

    :param name: the name formulas use (``displayName``).
    :param filters: (header, ``<filterColumn>`` XML) of each filtered column.
    """

    name: str
    sheet: str
    ref: str
    columns: tuple[str, ...]
    filters: tuple[tuple[str, str], ...] = ()
    style: str | None = None
    header_row: bool = True
    totals_row: bool = False
    autofilter: bool = True
    banded_rows: bool = True
    banded_columns: bool = False
    first_column: bool = False
    last_column: bool = False


@dataclass(frozen=True)
class SheetLayout:
    """What the seller set on a managed sheet (its cells are amzsheet's)."""

    name: str
    widths: tuple[ColumnWidth, ...] = ()
    pane: Pane | None = None
    tables: tuple[TableLayout, ...] = ()


@dataclass(frozen=True)
class ExtraSheet:
    """A sheet the seller added, kept whole.

    :param state: "visible", "hidden" or "veryHidden".
    :param autofilter: the range of the sheet's filter, if any; ``filters`` are its ``<filterColumn>`` XML.
    """

    name: str
    state: str = "visible"
    cells: tuple[Cell, ...] = ()
    widths: tuple[ColumnWidth, ...] = ()
    rows: tuple[RowHeight, ...] = ()
    pane: Pane | None = None
    merged: tuple[str, ...] = ()
    tables: tuple[TableLayout, ...] = ()
    autofilter: str | None = None
    filters: tuple[str, ...] = ()
    zoom: int = 100
    gridlines: bool = True
    last_row: int = -1
    views: int = 0


@dataclass(frozen=True)
class DefinedName:
    """A defined name; ``sheet`` is set for a name local to one sheet."""

    name: str
    formula: str
    sheet: str | None = None


@dataclass(frozen=True)
class Carryover:
    """Everything a refresh carries from the old workbook to the new one (empty for a new workbook).

    :param layouts: the managed sheets the old workbook had, in its order.
    :param extra_sheets: the worksheets the seller added, in the old workbook's order.
    :param defined_names: the old workbook's defined names (Excel's own ``_xlnm.`` names left out).
    """

    layouts: tuple[SheetLayout, ...] = ()
    extra_sheets: tuple[ExtraSheet, ...] = ()
    defined_names: tuple[DefinedName, ...] = ()

    @property
    def tables(self) -> tuple[TableLayout, ...]:
        """Every table of the old workbook."""
        sheets: tuple[SheetLayout | ExtraSheet, ...] = (*self.layouts, *self.extra_sheets)
        return tuple(t for sheet in sheets for t in sheet.tables)
