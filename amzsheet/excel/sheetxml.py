"""Stream a large table's rows straight into a worksheet of an .xlsx file.

XlsxWriter spends about 4 microseconds on each value cell and about 50 on each
formula cell (measured here: 100,000 rows of 17 values took 6.9 s, one formula
column 4.9 s more), which made a 100,000-line Order Tracking sheet the slowest part
of a refresh. So the writer lets XlsxWriter lay out that sheet (header, table, column
formats, conditional formats, validation, comments) with no data rows, and this
module then writes the rows into the sheet's ``<sheetData>`` directly, as
SpreadsheetML (ECMA-376 part 1, 18.3.1): inline strings for text, numbers with the
column's cell style, formulas with their cached result.

Cell styles are not guessed: they are read from the ``<col style=...>`` entries
XlsxWriter wrote for the sheet's column formats.
"""

from __future__ import annotations

import datetime as dt
import math
import posixpath
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import SupportsFloat, cast
from xml.etree import ElementTree

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
# XML 1.0 forbids most control characters and U+FFFE/U+FFFF; they are dropped from text.
_XML_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", 0xFFFE: "", 0xFFFF: ""}
_XML_ESCAPES.update({code: "" for code in range(32) if code not in (9, 10, 13)})
# Excel reads "_x0041_" in cell text as an escaped character; a literal one is written "_x005F_x0041_".
_EXCEL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
MAX_CELL_TEXT = 32_767  # Excel's limit on the characters of a cell
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
_CHUNK_ROWS = 5000


@dataclass(frozen=True)
class ColumnData:
    """One column of rows to stream.

    :param kind: "text", "number" (any numeric, dates already as Excel serials),
        "formula", or "mixed" (each value written by its Python type: a column the
        seller added).
    :param values: one value per row; None or NaN leaves the cell empty. For
        "formula", the cached results.
    :param formulas: for "formula" columns, the formula of each row without ``=``,
        already escaped with :func:`escape` (escape the template once, not each row).
    :param dates_like: for "mixed" columns, the 0-based index of a column whose cell
        style date values take (so that they show as dates).
    """

    kind: str
    values: Sequence | np.ndarray
    formulas: Sequence[str] | None = None
    dates_like: int | None = None


def escape(text: str) -> str:
    """Escape text for an XML element, dropping characters XML cannot hold.

    Also protects a literal ``_xHHHH_`` from Excel's own escape syntax.
    """
    if _NEEDS_ESCAPE.search(text) is None:  # the common case, and much faster than translate()
        return text
    return _EXCEL_ESCAPE.sub("_x005F_", text).translate(_XML_ESCAPES)


def excel_serials(values: pd.Series) -> np.ndarray:
    """Excel date serial numbers (days since 1899-12-30) of datetimes; NaN for NaT."""
    return ((pd.to_datetime(values) - _EXCEL_EPOCH) / pd.Timedelta(days=1)).to_numpy(dtype="float64")


def _text_cell(ref: str, value: object, style: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return f'<c r="{ref}"{style}{_inline_string(str(value))}'


def _inline_string(value: str) -> str:
    """The part of an inline-string cell after its reference and style (cut at Excel's limit)."""
    text = escape(value[:MAX_CELL_TEXT])
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _text_cells(refs: list[str], values: Sequence | np.ndarray, style: str) -> list[str]:
    """Inline-string cells; each distinct value is escaped once (SKUs, statuses repeat a lot)."""
    fragments: dict[str, str] = {}
    cells = []
    for ref, value in zip(refs, values):
        if value is None or (isinstance(value, float) and value != value):
            cells.append("")
            continue
        fragment = fragments.get(value)
        if fragment is None:
            fragment = fragments[value] = _inline_string(str(value))
        cells.append(f'<c r="{ref}"{style}{fragment}')
    return cells


def _number_text(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"{value} cannot be stored in a worksheet")
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(float(value))


def _column_cells(column: ColumnData, letter: str, rows: range, style: str, date_style: str) -> list[str]:
    refs = [f"{letter}{row}" for row in rows]
    if column.kind == "text":
        return _text_cells(refs, column.values, style)
    if column.kind == "number":
        numbers = np.asarray(column.values, dtype="float64")
        return [
            "" if value != value else f'<c r="{ref}"{style}><v>{_number_text(value)}</v></c>'
            for ref, value in zip(refs, numbers.tolist())
        ]
    if column.kind == "mixed":
        return [_mixed_cell(ref, value, style, date_style) for ref, value in zip(refs, column.values)]
    assert column.formulas is not None  # a "formula" column has them
    return [
        _formula_cell(ref, formula, value, style) for ref, formula, value in zip(refs, column.formulas, column.values)
    ]


def _mixed_cell(ref: str, value: object, style: str, date_style: str) -> str:
    if isinstance(value, (dt.datetime, dt.date)) and not (isinstance(value, pd.Timestamp) and pd.isna(value)):
        serial = excel_serials(pd.Series([pd.Timestamp(value)]))[0]
        return f'<c r="{ref}"{date_style}><v>{_number_text(float(serial))}</v></c>'
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return "" if value != value else f'<c r="{ref}"{style}><v>{_number_text(float(value))}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    return _text_cell(ref, value, style)


def _formula_cell(ref: str, formula: str, value: object, style: str) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}"{style} t="str"><f>{formula}</f><v>{escape(value)}</v></c>'
    if value is None or value != value:
        return f'<c r="{ref}"{style} t="str"><f>{formula}</f><v></v></c>'
    number = cast(SupportsFloat, value)  # neither text nor blank: a number
    return f'<c r="{ref}"{style}><f>{formula}</f><v>{_number_text(float(number))}</v></c>'


def render_rows(columns: Sequence[ColumnData], styles: dict[int, int], first_row: int) -> Iterator[str]:
    """Yield ``<row>`` elements, a chunk of rows at a time.

    :param columns: the table's columns, starting in column A.
    :param styles: cell style index of each 0-based column that has one.
    :param first_row: Excel row number (1-based) of the first data row.
    """
    count = len(columns[0].values) if columns else 0
    letters = [xl_col_to_name(index) for index in range(len(columns))]
    style_attrs = [f' s="{styles[index]}"' if index in styles else "" for index in range(len(columns))]
    date_attrs = [
        style_attrs[column.dates_like] if column.dates_like is not None else style_attrs[index]
        for index, column in enumerate(columns)
    ]
    for start in range(0, count, _CHUNK_ROWS):
        stop = min(start + _CHUNK_ROWS, count)
        rows = range(first_row + start, first_row + stop)
        sliced = [_slice(column, start, stop) for column in columns]
        cells = [
            _column_cells(column, letters[i], rows, style_attrs[i], date_attrs[i]) for i, column in enumerate(sliced)
        ]
        yield "".join(f'<row r="{row}">{"".join(parts)}</row>' for row, parts in zip(rows, zip(*cells)))


def _slice(column: ColumnData, start: int, stop: int) -> ColumnData:
    formulas = column.formulas[start:stop] if column.formulas is not None else None
    return ColumnData(column.kind, column.values[start:stop], formulas, column.dates_like)


def sheet_part(xlsx: zipfile.ZipFile, sheet_name: str) -> str:
    """Return the zip member name of the worksheet called ``sheet_name``."""
    workbook = ElementTree.fromstring(xlsx.read("xl/workbook.xml"))
    rel_id = next(
        sheet.get(f"{_REL_NS}id") for sheet in workbook.iter(f"{_MAIN_NS}sheet") if sheet.get("name") == sheet_name
    )
    rels = ElementTree.fromstring(xlsx.read("xl/_rels/workbook.xml.rels"))
    target = next(rel.get("Target") for rel in rels.iter(f"{_PKG_REL_NS}Relationship") if rel.get("Id") == rel_id)
    assert target is not None  # the package schema requires it
    return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)


def column_styles(sheet_xml: str) -> dict[int, int]:
    """Map 0-based column index to the style index of its ``<col>`` entry."""
    styles: dict[int, int] = {}
    for match in re.finditer(r"<col ([^>]*)/>", sheet_xml):
        attributes = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
        if "style" in attributes:
            for index in range(int(attributes["min"]) - 1, int(attributes["max"])):
                styles[index] = int(attributes["style"])
    return styles


def _sheet_tables(xlsx: zipfile.ZipFile, part: str) -> list[str]:
    """Zip member names of the tables (``xl/tables/tableN.xml``) of worksheet ``part``."""
    folder, name = part.rsplit("/", 1)
    rels_name = f"{folder}/_rels/{name}.rels"
    if rels_name not in xlsx.namelist():
        return []
    rels = ElementTree.fromstring(xlsx.read(rels_name))
    return [
        posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
        for rel in rels.iter(f"{_PKG_REL_NS}Relationship")
        if rel.get("Type", "").endswith("/table")
    ]


def _resize_table(table_xml: str, last_row: int) -> str:
    """Make a table (and its autofilter) end at ``last_row``, keeping its columns and its header row."""
    return re.sub(r'( ref="[A-Z]+\d+:[A-Z]+)\d+"', lambda m: f'{m.group(1)}{last_row}"', table_xml)


#: Rewrites a part from its bytes and the entries of the parts written before it (names, CRC-32s, sizes).
LastPart = Callable[[bytes, list[zipfile.ZipInfo]], bytes]


def insert_rows(
    path: Path,
    sheet_name: str,
    columns: Sequence[ColumnData],
    first_row: int = 2,
    *,
    last: Mapping[str, LastPart] | None = None,
) -> None:
    """Write ``columns`` as data rows into sheet ``sheet_name`` of the .xlsx at ``path``.

    The sheet must hold only rows above ``first_row``; its tables are resized to end
    at the last row written. The file is rewritten in place.

    :param last: parts to write after every other one, each as its function makes it (how the writer
        records a digest of the finished package in ``docProps/custom.xml``).
    """
    staging = path.with_name(path.name + ".rows")
    try:
        _insert_rows(path, staging, sheet_name, columns, first_row, last or {})
    finally:
        staging.unlink(missing_ok=True)  # renamed into place on success; left over only on failure


def _insert_rows(
    path: Path,
    staging: Path,
    sheet_name: str,
    columns: Sequence[ColumnData],
    first_row: int,
    last: Mapping[str, LastPart],
) -> None:
    count = len(columns[0].values) if columns else 0
    last_row = max(first_row + count - 1, first_row)
    with zipfile.ZipFile(path) as source:
        part = sheet_part(source, sheet_name)
        tables = _sheet_tables(source, part)
        head, tail = source.read(part).decode("utf-8").split("</sheetData>", 1)
        last_cell = f"{xl_col_to_name(len(columns) - 1)}{last_row}"
        head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last_cell}"/>', head, count=1)
        styles = column_styles(head)
        with zipfile.ZipFile(staging, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
            for info in source.infolist():
                if info.filename in last:
                    continue
                if info.filename in tables:
                    target.writestr(info, _resize_table(source.read(info.filename).decode("utf-8"), last_row))
                elif info.filename != part:
                    target.writestr(info, source.read(info.filename))
                else:
                    _write_sized(target, info, head, render_rows(columns, styles, first_row), tail, staging)
            for name, rewrite in last.items():
                target.writestr(source.getinfo(name), rewrite(source.read(name), target.infolist()))
    shutil.move(staging, path)


def _write_sized(
    target: zipfile.ZipFile, info: zipfile.ZipInfo, head: str, rows: Iterable[str], tail: str, staging: Path
) -> None:
    """Stream the sheet XML into a scratch file first, so that the zip entry is written with its size known.

    An entry of unknown size gets a ZIP64 local header whatever its size, which Excel offers to
    repair; with the size known, ZIP64 is used only for a part that needs it (as Excel does).
    """
    scratch = staging.with_name(staging.name + ".xml")
    try:
        with scratch.open("w+b") as buffer:
            buffer.write(head.encode("utf-8"))
            for chunk in rows:
                buffer.write(chunk.encode("utf-8"))
            buffer.write(b"</sheetData>" + tail.encode("utf-8"))
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            entry._compresslevel = target.compresslevel  # type: ignore[attr-defined]  # (3.13: compress_level)
            entry.file_size = buffer.tell()
            buffer.seek(0)
            with target.open(entry, "w") as stream:
                shutil.copyfileobj(buffer, stream, 1 << 20)
    finally:
        scratch.unlink(missing_ok=True)
