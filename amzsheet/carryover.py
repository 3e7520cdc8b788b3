"""Carry what the seller set by hand in Excel over a refresh.

A refresh rebuilds the whole workbook with XlsxWriter (:mod:`amzsheet.writer`), so
anything amzsheet does not write itself would be lost. This module reads it from the
OLD file before it is replaced, and writes it into the new one.

What is kept:

* sheets the seller added (any sheet not in ``managed``): every cell's value, its
  formula as written (so ``='Order Tracking'!A2``, ``SUM(Inventory!K:K)`` and
  ``Inventory[Total Cost]`` keep working; shared formulas are expanded, array and
  dynamic-array formulas stay array formulas) with its cached result, and its number
  format; column widths, column number formats and hidden columns; row heights and
  hidden rows; freeze panes; merged cells; zoom; hidden gridlines; the sheet's
  visibility (visible, hidden, very hidden); its tables and its filter, criteria
  included. The sheets come back at the end of the workbook, in their old order.
* on the managed sheets: column widths and hidden columns, matched by header text so
  that a width follows its column when columns move (by position on a sheet without a
  table, such as Dashboard, and right of a table), and freeze panes (a freeze the
  seller removed stays removed).
* filters of tables (managed or not): the criteria of each filtered column, matched
  by header. They come back in the filter drop-downs, but amzsheet does not evaluate
  criteria, so the rows of a managed table all show until the seller re-applies the
  filter (Data > Reapply, Ctrl+Alt+L in Excel). Rows hidden on a sheet the seller
  added stay hidden, because their hidden state is kept.
* the workbook's defined names that amzsheet does not define itself.

Not kept: cell styles other than the number format (fonts, fills, borders,
alignment), conditional formats, data validation, comments, hyperlinks, charts,
images and shapes, pivot tables, sparklines, chart sheets, print settings, sheet
protection, tab colours, sort state, split (unfrozen) panes, the selected cell, the
hidden flag of defined names, colour and icon filters, filters on a managed sheet
outside its table. A constant error value (``#N/A`` typed as such) comes back as the
formula ``=#N/A``. XlsxWriter writes a formula that uses a dynamic-array function
(XLOOKUP, FILTER, UNIQUE...) as a dynamic-array formula, as Excel 365 does.

Reading uses :mod:`zipfile` and ``defusedxml``, never the whole workbook: a managed
sheet's XML is read only up to ``<sheetData>``, and its header names come from its
table part (a table's header row holds its column names), so a 100,000-line Order
Tracking costs a few milliseconds. A sheet the seller added is read in full and may
hold up to :data:`MAX_EXTRA_CELLS` cells; the text of its shared strings comes from
python-calamine, which reads the shared-string table ten times faster than XML
parsing in Python.

Wiring, in this order::

    carry = read_carryover(path, MANAGED_SHEETS)  # the OLD workbook, before it is replaced
    book = xlsxwriter.Workbook(tmp_path, options)
    sheets = {name: book.add_worksheet(name) for name in MANAGED_SHEETS}
    ...                                           # write the managed sheets, tables, defined names
    apply_carryover(book, sheets, {ORDERS_SHEET: list(orders.columns), ...}, carry)
    book.close()
    apply_table_filters(tmp_path, carry)          # before sheetxml.insert_rows: the file is small then
    insert_rows(tmp_path, ORDERS_SHEET, ...)

A new workbook has nothing to carry: pass ``Carryover()``.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import shutil
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse
from python_calamine import CalamineWorkbook
from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .errors import CorruptWorkbookError, HostileWorkbookError, UnmanagedSheetsError

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
    """

    first: int
    last: int
    width: float | None
    hidden: bool = False
    header: str | None = None
    number_format: str | int | None = None


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
        return tuple(t for sheet in (*self.layouts, *self.extra_sheets) for t in sheet.tables)


def read_carryover(path: str | os.PathLike, managed: Sequence[str]) -> Carryover:
    """Read what a refresh must carry over from the workbook at ``path``.

    :param managed: names of the sheets amzsheet writes; every other worksheet is kept whole.
    :raises UnmanagedSheetsError: (a ValueError) a sheet the seller added has more than
        :data:`MAX_EXTRA_CELLS` cells.
    :raises CorruptWorkbookError: the file is not a readable .xlsx package.
    :raises HostileWorkbookError: the file holds XML entity declarations or an oversized part.
    """
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as xlsx:
            return _Reader(path, xlsx).read(frozenset(managed))
    except DefusedXmlException as exc:
        raise HostileWorkbookError(
            f"{path} holds XML amzsheet refuses to read ({exc!r}); nothing was changed"
        ) from None
    except (ParseError, zipfile.BadZipFile, ValueError) as exc:
        if isinstance(exc, UnmanagedSheetsError | CorruptWorkbookError):
            raise
        raise CorruptWorkbookError(f"{path} is damaged ({exc}); restore it from a backup") from None


@dataclass
class _Scan:
    """What one pass over a worksheet's XML found (cells as lists of :class:`Cell` fields)."""

    pane: Pane | None = None
    cols: list[dict[str, str]] = field(default_factory=list)
    rows: list[RowHeight] = field(default_factory=list)
    cells: list[list] = field(default_factory=list)
    shared_strings: list[list] = field(default_factory=list)  # cells whose value is an index into the sst
    merged: list[str] = field(default_factory=list)
    autofilter: str | None = None
    filters: list[str] = field(default_factory=list)
    zoom: int = 100
    gridlines: bool = True
    last_row: int = -1
    views: int = 0


class _Reader:
    def __init__(self, path: Path, xlsx: zipfile.ZipFile):
        self.path, self.xlsx = path, xlsx
        self.number_formats: list[str | int | None] | None = None
        self.parts: dict[str, str] = {}

    def read(self, managed: frozenset[str]) -> Carryover:
        book = self._xml("xl/workbook.xml")
        rels = {rel_id: (kind, target) for kind, rel_id, target in _rels(self.xlsx, "xl/workbook.xml")}
        self.parts = {kind: target for kind, target in rels.values() if kind in ("styles", "sharedStrings")}
        sheets = [
            (s.get("name", ""), s.get("state", "visible"), s.get(_REL_ID, "")) for s in book.iter(_MAIN + "sheet")
        ]
        scans, tables = {}, {}
        for name, _, rel_id in sheets:
            kind, part = rels.get(rel_id, ("", ""))
            if kind != "worksheet":  # chart sheets are not kept
                continue
            tables[name] = tuple(self._table(t, name) for k, _, t in _rels(self.xlsx, part) if k == "table")
            scans[name] = self._scan(name, part, whole=name not in managed)
        self._resolve_shared_strings(scans)
        layouts = [
            _layout(name, scans[name], tables[name]) for name, _, _ in sheets if name in managed and name in scans
        ]
        extras = [
            self._extra(name, state, scans[name], tables[name])
            for name, state, _ in sheets
            if name not in managed and name in scans
        ]
        return Carryover(tuple(layouts), tuple(extras), tuple(_defined_names(book, [s[0] for s in sheets])))

    def _xml(self, part: str) -> Element:
        info = _member(self.xlsx, self.path, part)
        if info.file_size > _MAX_PART:
            raise HostileWorkbookError(f"{self.path}: its part {part} is oversized ({info.file_size:,} bytes)")
        return fromstring(self.xlsx.read(info))

    def _table(self, part: str, sheet: str) -> TableLayout:
        root = self._xml(part)
        columns = tuple(_unescape(c.get("name", "")) for c in root.iter(_MAIN + "tableColumn"))
        auto = root.find(_MAIN + "autoFilter")
        filters = []
        for column in auto.iter(_MAIN + "filterColumn") if auto is not None else ():
            index = int(column.get("colId", "-1"))
            if 0 <= index < len(columns) and any(child.tag in _KEPT_FILTERS for child in column):
                filters.append((columns[index], _serialize(column)))
        info = root.find(_MAIN + "tableStyleInfo")
        style = dict(info.attrib) if info is not None else {}
        return TableLayout(
            name=root.get("displayName") or root.get("name", ""),
            sheet=sheet,
            ref=root.get("ref", ""),
            columns=columns,
            filters=tuple(filters),
            style=style.get("name"),
            header_row=root.get("headerRowCount", "1") != "0",
            totals_row=root.get("totalsRowCount", "0") != "0",
            autofilter=auto is not None,
            banded_rows=_true(style.get("showRowStripes")),
            banded_columns=_true(style.get("showColumnStripes")),
            first_column=_true(style.get("showFirstColumn")),
            last_column=_true(style.get("showLastColumn")),
        )

    def _scan(self, name: str, part: str, whole: bool) -> _Scan:
        """Read a worksheet whole, or (a managed sheet) only up to ``<sheetData>``."""
        scan = _Scan()
        with self.xlsx.open(_member(self.xlsx, self.path, part)) as stream:
            if not whole:
                for event, elem in iterparse(stream, events=("start", "end")):
                    if elem.tag == _SHEET_DATA:
                        break
                    if event == "end":
                        _layout_element(elem, scan)
                return scan
            count, shared, rows_done = 0, {}, False
            for _, elem in iterparse(stream):  # "end" events only: half the work of a full parse
                if elem.tag == _ROW:
                    count += len(elem) or 1
                    if count > MAX_EXTRA_CELLS:
                        raise UnmanagedSheetsError(
                            f"{self.path}, sheet '{name}': the sheet has more than {MAX_EXTRA_CELLS:,} cells, and a "
                            "refresh keeps a sheet you added only up to that size; move it to another workbook and "
                            "run again (nothing was changed)"
                        )
                    self._row(elem, scan, shared)
                    elem.clear()
                elif elem.tag == _SHEET_DATA:
                    rows_done = True
                elif (scan.last_row < 0 and not rows_done) or elem.tag in _AFTER_DATA:  # after the rows: merges, filter
                    _layout_element(elem, scan)
        return scan

    def _row(self, row: Element, scan: _Scan, shared: dict[str, list]) -> None:
        index = int(row.get("r")) - 1 if row.get("r") else scan.last_row + 1
        scan.last_row = index
        hidden, custom = _true(row.get("hidden")), _true(row.get("customHeight"))
        if hidden or custom:
            scan.rows.append(RowHeight(index, float(row.get("ht")) if custom and row.get("ht") else None, hidden))
        col = -1
        for c in row.iter(_C):
            ref = c.get("r")
            col = _column(ref) if ref else col + 1
            raw = self._cell(c, index, col, shared)
            if raw is not None:
                scan.cells.append(raw)
                if c.get("t") == "s" and raw[2] is not None:
                    scan.shared_strings.append(raw)

    def _cell(self, c: Element, row: int, col: int, shared: dict[str, list]) -> list | None:
        """The fields of a :class:`Cell`; a shared string's value is its index until resolved."""
        kind, style, text = c.get("t", "n"), c.get("s"), c.findtext(_V)
        number_format = self._number_format(int(style)) if style else None
        if kind == "s":
            value = int(text) if text else None
        elif kind == "inlineStr":
            value = _string(c.find(_IS))
        elif kind == "b":
            value = _true(text)
        elif kind in ("str", "e"):
            value = text or ""
        elif kind == "d":
            value = _date_serial(text) if text else None
        else:
            value = float(text) if text else None
        f = c.find(_F)
        formula, array_ref = _formula(f, row, col, shared) if f is not None else (None, None)
        if value is None and formula is None and number_format is None:
            return None
        return [row, col, value, formula, number_format, array_ref, c.get("cm") is not None, kind == "e"]

    def _number_format(self, xf: int) -> str | int | None:
        if self.number_formats is None:
            styles = self.parts.get("styles")
            self.number_formats = _number_formats(self._xml(styles)) if styles in self.xlsx.NameToInfo else []
        return self.number_formats[xf] if 0 <= xf < len(self.number_formats) else None

    def _resolve_shared_strings(self, scans: Mapping[str, _Scan]) -> None:
        """Replace shared-string indices by their text.

        python-calamine reads the shared-string table (Rust: 40 ms for the 6 MB table of a
        100,000-line tracker saved by an office suite, ten times faster than XML parsing here).
        """
        pending = {name: scan.shared_strings for name, scan in scans.items() if scan.shared_strings}
        if not pending:
            return
        try:
            book = CalamineWorkbook.from_path(str(self.path))
            grids = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in pending}
        except Exception as exc:  # python-calamine raises several unrelated types
            raise CorruptWorkbookError(
                f"{self.path} cannot be read as a workbook ({exc}); restore it from a backup"
            ) from None
        for name, cells in pending.items():
            rows = grids[name]
            for raw in cells:
                row, col = raw[0], raw[1]
                value = rows[row][col] if row < len(rows) and col < len(rows[row]) else ""
                raw[2] = value if isinstance(value, str) else str(value)

    def _extra(self, name: str, state: str, scan: _Scan, tables: tuple[TableLayout, ...]) -> ExtraSheet:
        widths = []
        for col in scan.cols:
            width = float(col["width"]) if _true(col.get("customWidth")) and col.get("width") else None
            number_format = self._number_format(int(col["style"])) if col.get("style") else None
            if width is not None or number_format is not None or _true(col.get("hidden")):
                first, last = int(col["min"]) - 1, int(col["max"]) - 1
                widths.append(ColumnWidth(first, last, width, _true(col.get("hidden")), None, number_format))
        return ExtraSheet(
            name=name,
            state=state,
            cells=tuple(map(Cell._make, scan.cells)),
            widths=tuple(widths),
            rows=tuple(scan.rows),
            pane=scan.pane,
            merged=tuple(scan.merged),
            tables=tables,
            autofilter=scan.autofilter,
            filters=tuple(scan.filters),
            zoom=scan.zoom,
            gridlines=scan.gridlines,
        )


_AFTER_DATA = {_MAIN + tag for tag in ("mergeCell", "autoFilter")}


def _formula(f: Element, row: int, col: int, shared: dict[str, list]) -> tuple[str | None, str | None]:
    """The formula of a cell (a shared one translated to the cell), and the range of an array formula."""
    kind, text = f.get("t"), f.text
    if kind == "shared":
        key = f.get("si", "")
        if text:
            shared[key] = [text, xl_rowcol_to_cell(row, col), None]
            return text, None
        if key not in shared:
            return None, None
        master = shared[key]
        if master[2] is None:  # openpyxl's tokenizer, imported only for a sheet with shared formulas
            from openpyxl.formula.translate import Translator

            master[2] = Translator("=" + master[0], master[1])
        return master[2].translate_formula(xl_rowcol_to_cell(row, col))[1:], None
    if kind == "dataTable" or not text:  # what-if data tables are kept as their values
        return None, None
    return text, f.get("ref") if kind == "array" else None


_COLUMNS: dict[str, int] = {}  # column letters -> 0-based index, filled as met


def _column(ref: str) -> int:
    """0-based column of a cell reference such as "AB12" (faster than xl_cell_to_rowcol on 200,000 cells)."""
    letters = ref.rstrip("0123456789")
    index = _COLUMNS.get(letters)
    if index is None:
        index = _COLUMNS[letters] = xl_cell_to_rowcol(letters + "1")[1]
    return index


def _layout_element(elem: Element, scan: _Scan) -> None:
    """Take what ``elem``, a worksheet element outside ``<sheetData>``, says about the layout."""
    tag = elem.tag.removeprefix(_MAIN)
    if tag == "pane" and not scan.views and elem.get("state") in ("frozen", "frozenSplit"):
        rows, cols = int(float(elem.get("ySplit", "0"))), int(float(elem.get("xSplit", "0")))
        top, left = xl_cell_to_rowcol(elem.get("topLeftCell") or xl_rowcol_to_cell(rows, cols))
        scan.pane = Pane(rows, cols, top, left)
    elif tag == "sheetView":
        if not scan.views:
            scan.zoom = int(elem.get("zoomScale", "100"))
            scan.gridlines = _true(elem.get("showGridLines", "1"))
        scan.views += 1
    elif tag == "col":
        scan.cols.append(dict(elem.attrib))
    elif tag == "mergeCell" and elem.get("ref"):
        scan.merged.append(elem.get("ref"))
    elif tag == "autoFilter" and scan.autofilter is None:
        scan.autofilter = elem.get("ref")
        kept = (c for c in elem.iter(_MAIN + "filterColumn") if any(x.tag in _KEPT_FILTERS for x in c))
        scan.filters.extend(_serialize(column) for column in kept)


def _headers_of(tables: Sequence[TableLayout]) -> dict[int, str]:
    """0-based column index -> header, from the sheet's table that starts in row 1."""
    for table in tables:
        first_row, first_col = xl_cell_to_rowcol(table.ref.split(":")[0])
        if table.header_row and first_row == 0:
            return {first_col + index: name for index, name in enumerate(table.columns)}
    return {}


def _layout(name: str, scan: _Scan, tables: tuple[TableLayout, ...]) -> SheetLayout:
    """A managed sheet's widths, by the header of its table (row 1 of a table holds its column names)."""
    headers = _headers_of(tables)
    widths = []
    for col in scan.cols:
        hidden = _true(col.get("hidden"))
        if not _true(col.get("customWidth")) and not hidden:
            continue
        width = float(col["width"]) if col.get("width") else None
        for first, last, header in _split(int(col["min"]) - 1, int(col["max"]) - 1, headers):
            widths.append(ColumnWidth(first, last, width, hidden, header))
    return SheetLayout(name, tuple(widths), scan.pane, tables)


def _split(first: int, last: int, headers: Mapping[int, str]) -> Iterator[tuple[int, int, str | None]]:
    """Split a column range into its single header columns and the runs between them."""
    start = first
    for index in sorted(i for i in headers if first <= i <= last):
        if index > start:
            yield start, index - 1, None
        yield index, index, headers[index]
        start = index + 1
    if start <= last:
        yield start, last, None


def _defined_names(book: Element, sheets: Sequence[str]) -> Iterator[DefinedName]:
    for name in book.iter(_MAIN + "definedName"):
        text, label = name.text or "", name.get("name", "")
        local = name.get("localSheetId")
        if not text or label.startswith("_xlnm.") or _true(name.get("function")):
            continue
        if local is None:
            yield DefinedName(label, text)
        elif int(local) < len(sheets):
            yield DefinedName(label, text, sheets[int(local)])


def _number_formats(styles: Element) -> list[str | int | None]:
    """Number format of each cell format (``cellXfs``): a code, a built-in id, or None for General."""
    codes = {n.get("numFmtId"): n.get("formatCode", "") for n in styles.iter(_MAIN + "numFmt")}
    xfs = styles.find(_MAIN + "cellXfs")
    formats: list[str | int | None] = []
    for xf in xfs.iter(_MAIN + "xf") if xfs is not None else ():
        ident = xf.get("numFmtId", "0")
        code = codes.get(ident)
        if code is None:
            formats.append(int(ident) if 0 < int(ident) < 164 else None)
        else:
            formats.append(code if code not in ("", "General") else None)
    return formats


def _true(value: str | None) -> bool:
    """An XML Schema boolean: Excel writes "1", LibreOffice "true"."""
    return value in ("1", "true")


def _string(elem: Element | None) -> str:
    """Text of a shared or inline string (``<t>``, or rich-text runs ``<r><t>``; phonetic runs left out)."""
    if elem is None:
        return ""
    texts = []
    for child in elem:
        if child.tag == _T:
            texts.append(child.text or "")
        elif child.tag == _R:
            texts.append(child.findtext(_T) or "")
    return _unescape("".join(texts))


def _unescape(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes (a control character, or ``_x005F_`` for a literal underscore) to text."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _date_serial(text: str) -> float:
    """Excel serial of an ISO 8601 date cell (``t="d"``)."""
    moment = dt.datetime.fromisoformat(text.replace("Z", ""))
    return (moment - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1)


def _serialize(elem: Element) -> str:
    """XML text of a SpreadsheetML element, in the default namespace (other namespaces dropped)."""
    if not elem.tag.startswith(_MAIN) or elem.tag == _MAIN + "extLst":
        return ""
    tag = elem.tag.removeprefix(_MAIN)
    attributes = "".join(f" {key}={quoteattr(value)}" for key, value in elem.attrib.items() if key[0] != "{")
    inner = escape(elem.text or "") + "".join(_serialize(child) for child in elem)
    return f"<{tag}{attributes}>{inner}</{tag}>" if inner else f"<{tag}{attributes}/>"


def _member(xlsx: zipfile.ZipFile, path: Path, part: str) -> zipfile.ZipInfo:
    try:
        return xlsx.getinfo(part)
    except KeyError:
        raise CorruptWorkbookError(
            f"{path} is damaged (its part {part} is missing); restore it from a backup"
        ) from None


def _rels(xlsx: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(type, id, target part) of the relationships of ``part``, e.g. ("table", "rId2", "xl/tables/table1.xml")."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in xlsx.NameToInfo:
        return []
    result = []
    for rel in fromstring(xlsx.read(rels)).iter(_PKG + "Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        result.append((rel.get("Type", "").rsplit("/", 1)[-1], rel.get("Id", ""), target))
    return result


def apply_carryover(
    book: Workbook, sheets: Mapping[str, Worksheet], headers: Mapping[str, Sequence[str]], carry: Carryover
) -> None:
    """Write ``carry`` into a workbook being built; call it after the managed sheets are written, before ``close()``.

    Sheets the seller added are appended to ``book`` (after the managed sheets). On
    each managed sheet, remembered widths go to the column with the same header
    (exact text first, then ignoring case) and the remembered freeze panes replace the
    writer's; a column's number format set by the writer is kept.

    :param sheets: the managed worksheets by name.
    :param headers: the header row (row 1, from column A) of each managed sheet that has
        one, as written; a sheet missing here gets its widths by column position.
    :param carry: from :func:`read_carryover` on the old workbook.
    """
    formats: dict[str | int, object] = {}
    for layout in carry.layouts:
        if layout.name in sheets:
            _apply_layout(sheets[layout.name], layout, headers.get(layout.name))
    tables = {table["name"].casefold() for sheet in book.worksheets() for table in sheet.tables if table.get("name")}
    for extra in carry.extra_sheets:
        _write_extra(book, book.add_worksheet(extra.name), extra, formats, tables)
    _define_names(book, carry.defined_names)


def _apply_layout(sheet: Worksheet, layout: SheetLayout, headers: Sequence[str] | None) -> None:
    by_position = headers is None or all(width.header is None for width in layout.widths)
    for width in layout.widths:
        if width.header is not None and headers is not None:
            index = _find(headers, width.header)
            target = None if index is None else (index, index)
        elif by_position or width.first >= len(headers):  # right of the table: by position
            target = (width.first, width.last)
        else:
            target = None
        if target is not None:
            _set_width(sheet, *target, width)
    if layout.pane is not None:
        sheet.freeze_panes(layout.pane.rows, layout.pane.cols, layout.pane.top_row, layout.pane.left_col)
    else:
        sheet.panes = []  # the seller removed the freeze; XlsxWriter has no call to undo freeze_panes()


def _set_width(sheet: Worksheet, first: int, last: int, width: ColumnWidth) -> None:
    """Set a width on columns the writer laid out, keeping each column's format; one call for the rest."""
    configured = max(sheet.col_info, default=-1)  # XlsxWriter's record of set_column(), by column
    runs = [(col, col) for col in range(first, min(last, configured) + 1)]
    if last > configured:
        runs.append((max(first, configured + 1), last))
    for run_first, run_last in runs:
        info = sheet.col_info.get(run_first)
        cell_format = (
            info[1] if isinstance(info, list) else getattr(info, "column_format", None)
        )  # a list in older XlsxWriter
        pixels = _pixels(width.width) if width.width is not None else getattr(info, "width", None)
        sheet.set_column_pixels(run_first, run_last, pixels, cell_format, {"hidden": width.hidden})


def _write_extra(book: Workbook, sheet: Worksheet, extra: ExtraSheet, formats: dict, tables: set[str]) -> None:
    if extra.state == "hidden":
        sheet.hide()
    elif extra.state == "veryHidden":
        sheet.very_hidden()
    for width in extra.widths:
        number_format = _format(book, formats, width.number_format)
        pixels = _pixels(width.width) if width.width is not None else None
        sheet.set_column_pixels(width.first, width.last, pixels, number_format, {"hidden": width.hidden})
    for row in extra.rows:
        sheet.set_row(row.row, row.height, None, {"hidden": row.hidden})
    if extra.pane is not None:
        sheet.freeze_panes(extra.pane.rows, extra.pane.cols, extra.pane.top_row, extra.pane.left_col)
    if extra.zoom != 100:
        sheet.set_zoom(extra.zoom)
    if not extra.gridlines:
        sheet.hide_gridlines(2)
    for ref in extra.merged:
        if ":" in ref and ref.split(":")[0] != ref.split(":")[1]:
            sheet.merge_range(ref, "")  # the value is written with the cells
    for table in extra.tables:
        if table.name.casefold() not in tables:  # a name amzsheet now uses itself: the cells stay, as a range
            sheet.add_table(table.ref, _table_options(table))
    if extra.autofilter:
        sheet.autofilter(extra.autofilter)  # its criteria are added by apply_table_filters()
    for cell in extra.cells:
        _write_cell(sheet, cell, _format(book, formats, cell.number_format))


def _table_options(table: TableLayout) -> dict:
    options = {
        "name": table.name,
        "columns": [{"header": name} for name in table.columns],
        "header_row": table.header_row,
        "total_row": table.totals_row,
        "autofilter": table.autofilter,
        "banded_rows": table.banded_rows,
        "banded_columns": table.banded_columns,
        "first_column": table.first_column,
        "last_column": table.last_column,
    }
    return options | ({"style": table.style} if table.style else {})


def _write_cell(sheet: Worksheet, cell: Cell, cell_format) -> None:
    row, col, value = cell.row, cell.col, cell.value
    if cell.formula is not None:
        cached = "" if value is None else value
        if cell.array_ref:
            first, _, last = cell.array_ref.partition(":")
            write = sheet.write_dynamic_array_formula if cell.dynamic else sheet.write_array_formula
            write(*xl_cell_to_rowcol(first), *xl_cell_to_rowcol(last or first), cell.formula, cell_format, cached)
        else:
            sheet.write_formula(row, col, cell.formula, cell_format, cached)
    elif cell.error:
        sheet.write_formula(row, col, str(value), cell_format, value)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, cell_format)
    elif isinstance(value, float):
        sheet.write_number(row, col, value, cell_format)
    elif isinstance(value, str):
        sheet.write_string(row, col, value, cell_format)
    else:
        sheet.write_blank(row, col, None, cell_format)


def _format(book: Workbook, formats: dict, number_format: str | int | None):
    if number_format is None:
        return None
    if number_format not in formats:
        formats[number_format] = book.add_format({"num_format": number_format})
    return formats[number_format]


def _pixels(width: float) -> int:
    """XlsxWriter pixels for a width as Excel stores it: ``set_column_pixels`` writes it back unchanged."""
    return round(width * _DIGIT_PIXELS)


def _find(names: Sequence[str], name: str) -> int | None:
    """Index of ``name`` in ``names``: exact text first, then ignoring case."""
    for index, candidate in enumerate(names):
        if candidate == name:
            return index
    folded = name.casefold()
    return next((index for index, candidate in enumerate(names) if str(candidate).casefold() == folded), None)


def _define_names(book: Workbook, names: Iterable[DefinedName]) -> None:
    """Define the old workbook's names that ``book`` does not define yet (the writer's own come first)."""
    taken = {(str(entry[0]).casefold(), entry[1]) for entry in book.defined_names}
    for name in names:
        sheet = book.get_worksheet_by_name(name.sheet) if name.sheet is not None else None
        if name.sheet is not None and sheet is None:
            continue
        scope = sheet.index if sheet is not None else -1
        if (name.name.casefold(), scope) not in taken and "!" not in (name.sheet or ""):
            book.define_name(f"'{name.sheet}'!{name.name}" if sheet is not None else name.name, "=" + name.formula)


def apply_table_filters(xlsx_path: str | os.PathLike, carry: Carryover) -> int:
    """Put the remembered filter criteria into the tables and sheet filters of a finished .xlsx file.

    XlsxWriter cannot write criteria into a table, so this rewrites each
    ``xl/tables/tableN.xml`` concerned (and the sheet XML of a sheet the seller added
    that had a filter) inside the zip package: parts are streamed into a temporary
    file that then replaces ``xlsx_path``; nothing is rewritten when there is no
    filter to restore. A table is found by its name, or else as the only table of its
    sheet; each ``<filterColumn colId>`` is renumbered to the column with the same
    header in the new table, read from the file itself.

    The criteria show in the filter drop-downs, but rows are not hidden: the seller
    sees every row of a managed table until the filter is re-applied (Data >
    Reapply in Excel). Call it after ``book.close()`` and before
    :func:`amzsheet.sheetxml.insert_rows`, while the package is still small.

    :return: the number of filter columns restored.
    """
    path = Path(xlsx_path)
    remembered = [table for table in carry.tables if table.filters]
    sheet_filters = {sheet.name: sheet.filters for sheet in carry.extra_sheets if sheet.filters}
    if not remembered and not sheet_filters:
        return 0
    edits: dict[str, str] = {}
    restored = 0
    with zipfile.ZipFile(path) as source:
        book = fromstring(source.read("xl/workbook.xml"))
        rels = {rel_id: target for _, rel_id, target in _rels(source, "xl/workbook.xml")}
        for sheet in book.iter(_MAIN + "sheet"):
            name, part = sheet.get("name", ""), rels.get(sheet.get(_REL_ID, ""), "")
            tables = [target for kind, _, target in _rels(source, part) if kind == "table"]
            for table_part in tables:
                xml = source.read(table_part).decode("utf-8")
                root = fromstring(xml)
                wanted = _match(remembered, name, root.get("displayName") or root.get("name"), len(tables))
                if wanted is not None:
                    columns = [_unescape(c.get("name", "")) for c in root.iter(_MAIN + "tableColumn")]
                    xml, count = _with_filters(xml, _renumbered(wanted.filters, columns))
                    edits[table_part], restored = xml, restored + count
            if name in sheet_filters and part:
                xml, count = _with_filters(source.read(part).decode("utf-8"), list(sheet_filters[name]))
                edits[part], restored = xml, restored + count
        if restored:
            _rewrite(path, source, edits)
    return restored


def _match(remembered: list[TableLayout], sheet: str, name: str | None, tables_on_sheet: int) -> TableLayout | None:
    by_name = [table for table in remembered if table.name == name]
    if by_name:
        return by_name[0]
    same_sheet = [table for table in remembered if table.sheet == sheet]
    return same_sheet[0] if tables_on_sheet == 1 and len(same_sheet) == 1 else None


def _renumbered(filters: Iterable[tuple[str, str]], columns: Sequence[str]) -> list[str]:
    """The ``<filterColumn>`` XML with ``colId`` pointing at the column of the same header, in column order."""
    placed = []
    for header, xml in filters:
        index = _find(columns, header)
        if index is not None:
            placed.append((index, re.sub(r'colId="\d+"', f'colId="{index}"', xml, count=1)))
    return [xml for _, xml in sorted(placed)]


def _with_filters(xml: str, columns: list[str]) -> tuple[str, int]:
    """Fill the empty ``<autoFilter ref="..."/>`` XlsxWriter wrote with ``columns``."""
    if not columns:
        return xml, 0
    pattern = re.compile(r'<autoFilter ref="([^"]*)"\s*/>')
    if pattern.search(xml) is None:
        return xml, 0
    filled = pattern.sub(lambda m: f'<autoFilter ref="{m.group(1)}">{"".join(columns)}</autoFilter>', xml, count=1)
    return filled, len(columns)


def _rewrite(path: Path, source: zipfile.ZipFile, edits: Mapping[str, str]) -> None:
    """Copy the package with ``edits`` applied to a temporary file, then replace ``path``."""
    staging = path.with_name(path.name + ".filters")
    try:
        with zipfile.ZipFile(staging, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                copy = zipfile.ZipInfo(info.filename, info.date_time)
                copy.compress_type, copy.external_attr = info.compress_type, info.external_attr
                if info.filename in edits:
                    target.writestr(copy, edits[info.filename].encode("utf-8"))
                    continue
                big = info.file_size >= zipfile.ZIP64_LIMIT
                with source.open(info) as reader, target.open(copy, "w", force_zip64=big) as writer:
                    shutil.copyfileobj(reader, writer, 1 << 20)
        source.close()
        os.replace(staging, path)
    finally:
        staging.unlink(missing_ok=True)
