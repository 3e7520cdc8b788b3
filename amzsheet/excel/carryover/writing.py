"""Re-create what the seller set up in the new workbook: XlsxWriter calls, and table filters in the package."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from defusedxml.ElementTree import fromstring
from xlsxwriter.utility import xl_cell_to_rowcol
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from amzsheet.excel.carryover.model import (
    _DIGIT_PIXELS,
    _MAIN,
    _REL_ID,
    Carryover,
    Cell,
    ColumnWidth,
    DefinedName,
    ExtraSheet,
    SheetLayout,
    TableLayout,
)
from amzsheet.excel.carryover.reading import _rels, _unescape


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
        elif by_position or headers is None or width.first >= len(headers):  # right of the table: by position
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
    """Set a width on columns the writer laid out, keeping each column's format; one call for the rest.

    A column the writer grouped (an outline level) stays in its group; it keeps the seller's hidden
    state (a group opened or closed) when it was grouped in the old workbook too, else the writer's.
    """
    configured = max(sheet.col_info, default=-1)  # XlsxWriter's record of set_column(), by column
    runs = [(col, col) for col in range(first, min(last, configured) + 1)]
    if last > configured:
        runs.append((max(first, configured + 1), last))
    for run_first, run_last in runs:
        info = sheet.col_info.get(run_first)
        # a list [width, format, hidden, level, collapsed, ...] in older XlsxWriter
        cell_format, hidden, level, collapsed = (
            info[1:5] if isinstance(info, list) else _attributes(info, "column_format", "hidden", "level", "collapsed")
        )
        if not level or width.level:
            hidden = width.hidden
        pixels = _pixels(width.width) if width.width is not None else getattr(info, "width", None)
        options = {"hidden": hidden, "level": level or 0, "collapsed": bool(collapsed)}
        sheet.set_column_pixels(run_first, run_last, pixels, cell_format, options)


def _attributes(info: object, *names: str) -> list:
    """The attributes ``names`` of XlsxWriter's record of a column (None when it has none)."""
    return [getattr(info, name, None) for name in names]


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
    headers: set[tuple[int, int]] = set()
    for table in extra.tables:
        if table.name.casefold() not in tables:  # a name amzsheet now uses itself: the cells stay, as a range
            sheet.add_table(table.ref, _table_options(table))
            headers |= _header_cells(table)
    if extra.autofilter:
        sheet.autofilter(extra.autofilter)  # its criteria are added by apply_table_filters()
    for cell in extra.cells:
        if (cell.row, cell.col) not in headers:  # add_table wrote them, as text equal to the column names
            _write_cell(sheet, cell, _format(book, formats, cell.number_format))


def _header_cells(table: TableLayout) -> set[tuple[int, int]]:
    """(row, col) of a table's header cells, which Excel requires to be text equal to its column names."""
    if not table.header_row:
        return set()
    row, first = xl_cell_to_rowcol(table.ref.split(":")[0])
    return {(row, first + offset) for offset in range(len(table.columns))}


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
    :func:`amzsheet.excel.sheetxml.insert_rows`, while the package is still small.

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
