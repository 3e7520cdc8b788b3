"""Read what the seller set up in a workbook (extra sheets, widths, panes, filters) without loading its rows."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse
from python_calamine import CalamineWorkbook
from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

from amzsheet.contract.tables import table_headers
from amzsheet.errors import CorruptWorkbookError, HostileWorkbookError, UnmanagedSheetsError
from amzsheet.excel.carryover.model import (
    _C,
    _ESCAPED,
    _F,
    _IS,
    _KEPT_FILTERS,
    _MAIN,
    _MAX_PART,
    _PKG,
    _R,
    _REL_ID,
    _ROW,
    _SHEET_DATA,
    _T,
    _V,
    MAX_EXTRA_CELLS,
    Carryover,
    Cell,
    ColumnWidth,
    DefinedName,
    ExtraSheet,
    Pane,
    RowHeight,
    SheetLayout,
    TableLayout,
)


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
        columns = tuple(table_headers([_unescape(c.get("name", "")) for c in root.iter(_MAIN + "tableColumn")]))
        auto = root.find(_MAIN + "autoFilter")
        filters = []
        for column in auto.iter(_MAIN + "filterColumn") if auto is not None else ():
            index = int(column.get("colId", "-1"))
            if 0 <= index < len(columns) and any(child.tag in _KEPT_FILTERS for child in column):
                filters.append((columns[index], _serialize(column)))
        info = root.find(_MAIN + "tableStyleInfo")
        style = dict(info.attrib) if info is not None else {}
        return TableLayout(
            name=root.get("displayName") or root.get("name") or "",
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
            count, rows_done = 0, False
            shared: dict[str, list] = {}
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
        r, height = row.get("r"), row.get("ht")
        index = int(r) - 1 if r else scan.last_row + 1
        scan.last_row = index
        hidden, custom = _true(row.get("hidden")), _true(row.get("customHeight"))
        if hidden or custom:
            scan.rows.append(RowHeight(index, float(height) if custom and height else None, hidden))
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
        value: float | bool | str | None
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
    elif tag == "mergeCell" and (ref := elem.get("ref")):
        scan.merged.append(ref)
    elif tag == "autoFilter" and scan.autofilter is None:
        scan.autofilter = elem.get("ref")
        kept = (c for c in elem.iter(_MAIN + "filterColumn") if any(x.tag in _KEPT_FILTERS for x in c))
        scan.filters.extend(_serialize(column) for column in kept)


def _headers_of(tables: Sequence[TableLayout]) -> dict[int, str]:
    """0-based column index -> header, from the sheet's table (wherever it starts: Order Tracking's in row 2)."""
    for table in tables:
        _, first_col = xl_cell_to_rowcol(table.ref.split(":")[0])
        if table.header_row:
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
        level = int(col.get("outlineLevel") or 0)
        for first, last, header in _split(int(col["min"]) - 1, int(col["max"]) - 1, headers):
            widths.append(ColumnWidth(first, last, width, hidden, header, level=level))
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
