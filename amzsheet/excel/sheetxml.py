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
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import SupportsFloat, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from defusedxml.ElementTree import fromstring
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import re_dynamic_function

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
# XML 1.0 forbids most control characters and U+FFFE/U+FFFF; they are dropped from text.
_NOT_XML_CLASS = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
_NOT_XML = re.compile(f"[{_NOT_XML_CLASS}]")
_NOT_XML_DROPPED: dict[int, None] = {code: None for code in range(32) if code not in (9, 10, 13)}
_NOT_XML_DROPPED.update({0xFFFE: None, 0xFFFF: None})
_XML_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", **_NOT_XML_DROPPED}
# Excel reads "_x0041_" in cell text as an escaped character; a literal one is written "_x005F_x0041_".
_EXCEL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
MAX_CELL_TEXT = 32_767  # Excel's limit on the characters of a cell
_NEEDS_ESCAPE = re.compile(f"[&<>{_NOT_XML_CLASS}]|_x[0-9A-Fa-f]{{4}}_")
#: A function called in a formula (a name before "(", as ``\bNAME\(`` finds it), and the dynamic-array ones.
_FUNCTION_CALL = re.compile(r"(?<![A-Za-z0-9_])([A-Z][A-Z0-9_]*)\(")
_DYNAMIC_FUNCTIONS = frozenset(re.findall(r"([A-Z][A-Z0-9_.]*)\\\(", re_dynamic_function.pattern))
_NEEDS_ESCAPE_RE2 = r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\x{fffe}\x{ffff}]|_x[0-9A-Fa-f]{4}_"  # the same, in RE2


@dataclass(frozen=True)
class ColumnData:
    """One column of rows to stream.

    :param kind: "text" (made by :func:`text_column`), "number" (any numeric, dates already
        as Excel serials), "formula", or "mixed" (each value written by its Python type: a
        column the seller added).
    :param values: one value per row; None or NaN leaves the cell empty. For
        "formula", the cached results; for "text", the number of each row's text in
        ``labels`` (-1 for an empty cell).
    :param formulas: for "formula" columns, the formula of each row without ``=``,
        already escaped with :func:`escape` (escape the template once, not each row).
    :param date_style: for "mixed" columns, the cell style index date values take (so that they
        show as dates).
    :param labels: for "text", what follows the reference and style of the cell of each distinct text.
    :param shared: for "formula" columns, ``formulas`` holds the first row's formula alone, and every row below
        has it moved down as many rows (a shared formula: written once, which makes a long column's XML a
        third or less; see :func:`shareable`).
    """

    kind: str
    values: Sequence | np.ndarray
    formulas: Sequence[str] | None = None
    date_style: int | None = None
    labels: pa.Array | None = None
    shared: bool = False


def escape(text: str) -> str:
    """Escape text for an XML element, dropping characters XML cannot hold.

    Also protects a literal ``_xHHHH_`` from Excel's own escape syntax.
    """
    if _NEEDS_ESCAPE.search(text) is None:  # the common case, and much faster than translate()
        return text
    return _EXCEL_ESCAPE.sub("_x005F_", text).translate(_XML_ESCAPES)


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (every control character but tab, line feed and
    carriage return; U+FFFE and U+FFFF), for a writer that escapes ``&``, ``<`` and ``>`` itself."""
    return text.translate(_NOT_XML_DROPPED) if _NOT_XML.search(text) else text


def excel_serials(values: pd.Series) -> np.ndarray:
    """Excel date serial numbers (days since 1899-12-30) of datetimes; NaN for NaT."""
    return ((pd.to_datetime(values) - _EXCEL_EPOCH) / pd.Timedelta(days=1)).to_numpy(dtype="float64")


def _blank(value: object) -> bool:
    """Whether ``value`` leaves its cell empty: None, NaN, NA or NaT."""
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _text_cell(ref: str, value: object, style: str) -> str:
    return "" if _blank(value) else f'<c r="{ref}"{style}{_inline_string(str(value))}'


def _inline_string(value: str) -> str:
    """The part of an inline-string cell after its reference and style (cut at Excel's limit)."""
    text = escape(value[:MAX_CELL_TEXT])
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _number_text(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"{value} cannot be stored in a worksheet")
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(float(value))


def _column_cells(
    column: ColumnData, letter: str, rows: range, row_texts: pa.Array, style: str, date_style: str, formulas: pa.Array
) -> pa.Array:
    """The cells of a column, one string a row, null for an empty cell.

    :param formulas: for a formula column, the ``<f>`` element of each row.
    """
    reference = f'<c r="{letter}'
    if column.kind == "text":
        return _join(reference, row_texts, f'"{style}', _inline_strings(column))
    if column.kind == "number":
        return _join(reference, row_texts, f'"{style}><v>', _numbers(column.values), "</v></c>")
    if column.kind == "formula":
        return _formula_cells(column, letter, rows, row_texts, style, formulas)
    cells = [_mixed_cell(f"{letter}{row}", value, style, date_style) for row, value in zip(rows, column.values)]
    return pa.array([cell or None for cell in cells], pa.string())


def _join(*parts: str | pa.Array) -> pa.Array:
    """Concatenate, row by row, texts and columns of text; null where a column is null."""
    return pc.binary_join_element_wise(*parts, "")


def text_column(values: Sequence | np.ndarray | pd.Series) -> ColumnData:
    """A column of text (None, NaN or NA for an empty cell), each distinct text escaped once, at C speed."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    texts = pa.array([str(value) for value in uniques], pa.string())
    special = pc.or_(
        pc.match_substring_regex(texts, _NEEDS_ESCAPE_RE2), pc.greater(pc.utf8_length(texts), MAX_CELL_TEXT)
    )
    if pc.any(special).as_py():
        texts = pa.array(
            [
                escape(text[:MAX_CELL_TEXT]) if flag else text
                for text, flag in zip(texts.to_pylist(), special.to_pylist())
            ],
            pa.string(),
        )
    ends = (pc.utf8_slice_codeunits(texts, 0, 1), pc.utf8_slice_codeunits(texts, -1, MAX_CELL_TEXT + 1))
    spaced = pc.or_(pc.utf8_is_space(ends[0]), pc.utf8_is_space(ends[1]))
    space = pc.if_else(spaced, ' xml:space="preserve"', "")
    labels = _join(' t="inlineStr"><is><t', space, ">", texts, "</t></is></c>")
    return ColumnData("text", codes, labels=labels)


def _inline_strings(column: ColumnData) -> pa.Array:
    """What follows the reference and style of each inline-string cell of ``column``; null for an empty cell."""
    assert column.labels is not None  # made by text_column
    codes = np.asarray(column.values)
    return column.labels.take(pa.array(codes, mask=codes < 0))


def _numbers(values: Sequence | np.ndarray) -> pa.Array:
    """Numbers as a worksheet stores them (the shortest text that reads back the same); null for NaN."""
    numbers = np.asarray(values, dtype="float64")
    if np.isinf(numbers).any():
        raise ValueError(f"{numbers[np.isinf(numbers)][0]} cannot be stored in a worksheet")
    return pc.cast(pa.array(numbers, from_pandas=True), pa.string())


def _formula_cells(
    column: ColumnData, letter: str, rows: range, row_texts: pa.Array, style: str, formulas: pa.Array
) -> pa.Array:
    """Formulas (each row's ``<f>`` element) with their cached results: text (blank is empty text) or numbers at C
    speed, others one by one."""
    values = pd.Series(np.asarray(column.values, dtype=object), dtype=object)
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("string", "empty"):
        shown = _escaped(values)
        return _join(f'<c r="{letter}', row_texts, f'"{style} t="str">', formulas, "<v>", shown, "</v></c>")
    if kind in ("floating", "integer", "mixed-integer-float"):
        numbers = _numbers(pd.to_numeric(values).to_numpy(dtype="float64", na_value=math.nan))
        typed = pc.if_else(pc.is_null(numbers), ' t="str"', "")
        shown = pc.fill_null(numbers, "")
        return _join(f'<c r="{letter}', row_texts, f'"{style}', typed, ">", formulas, "<v>", shown, "</v></c>")
    cells = [
        _formula_cell(f"{letter}{row}", formula, value, style)
        for row, formula, value in zip(rows, formulas.to_pylist(), column.values)
    ]
    return pa.array(cells, pa.string())


def _escaped(values: pd.Series) -> pa.Array:
    """Text escaped for XML, each distinct value once; "" for a blank."""
    codes, uniques = pd.factorize(values)
    texts = pa.array([escape(str(value)) for value in uniques] + [""], pa.string())
    return texts.take(pa.array(np.where(codes < 0, len(uniques), codes)))


def _mixed_cell(ref: str, value: object, style: str, date_style: str) -> str:
    if _blank(value):
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return f'<c r="{ref}"{date_style}><v>{_number_text(_serial(value))}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float, np.number)):
        return f'<c r="{ref}"{style}><v>{_number_text(float(value))}</v></c>'
    return _text_cell(ref, value, style)


def _serial(value: dt.date) -> float:
    return float((pd.Timestamp(value) - _EXCEL_EPOCH) / pd.Timedelta(days=1))


def _formula_cell(ref: str, formula: str, value: object, style: str) -> str:
    """A formula (its ``<f>`` element) with its cached result: text, a number, a date, a truth value, or blank
    (empty text)."""
    if isinstance(value, str):
        return f'<c r="{ref}"{style} t="str">{formula}<v>{escape(value)}</v></c>'
    if _blank(value):
        return f'<c r="{ref}"{style} t="str">{formula}<v></v></c>'
    if isinstance(value, (bool, np.bool_)):
        return f'<c r="{ref}"{style} t="b">{formula}<v>{int(value)}</v></c>'
    number = _serial(value) if isinstance(value, (dt.datetime, dt.date)) else float(cast(SupportsFloat, value))
    return f'<c r="{ref}"{style}>{formula}<v>{_number_text(number)}</v></c>'


def row_cells(
    block: Sequence[ColumnData], styles: Mapping[int, int], first_col: int, first_row: int, start: int, stop: int
) -> pa.Array:
    """The cells of rows ``start`` to ``stop`` (0-based, stop excluded) of ``block``, one string a row ("" for a
    row whose cells are all empty), made with Arrow's string kernels.

    :param block: columns side by side, the first in sheet column ``first_col`` (0-based).
    :param styles: cell style index of each 0-based sheet column that has one.
    :param first_row: the Excel row number (1-based) of the block's first row.
    """
    rows = range(first_row + start, first_row + stop)
    row_texts = pc.cast(pa.array(np.arange(rows.start, rows.stop, dtype="int64")), pa.string())
    shared = [index for index, column in enumerate(block, start=first_col) if _is_shared(column)]
    cells = []
    for index, column in enumerate(block, start=first_col):
        style = f' s="{styles[index]}"' if index in styles else ""
        date_style = f' s="{column.date_style}"' if column.date_style is not None else style
        letter, part = xl_col_to_name(index), _slice(column, start, stop)
        formulas = None
        if _is_shared(column):
            last = first_row + len(column.values) - 1
            formulas = _shared_elements(part, f"{letter}{first_row}:{letter}{last}", shared.index(index), start == 0)
        elif column.kind == "formula":
            formulas = _join("<f>", pa.array(part.formulas, pa.string()), "</f>")
        cells.append(_column_cells(part, letter, rows, row_texts, style, date_style, formulas))
    if not cells:
        return pa.array([""] * len(rows), pa.string())
    return pc.binary_join_element_wise(*cells, "", null_handling="replace", null_replacement="")


def concatenated(texts: pa.Array) -> memoryview:
    """The UTF-8 bytes of a column of text without nulls, one after the other (no copy)."""
    validity, offsets, data = texts.buffers()
    assert validity is None or texts.null_count == 0
    bounds = np.frombuffer(offsets, dtype=np.int32, count=len(texts) + 1, offset=4 * texts.offset)
    return memoryview(data)[int(bounds[0]) : int(bounds[-1])]


def _is_shared(column: ColumnData) -> bool:
    """Whether a column is written as a shared formula (one of a single row is written as it is)."""
    return column.shared and len(column.values) > 1


def _shared_elements(part: ColumnData, ref: str, group: int, first: bool) -> pa.Array:
    """The ``<f>`` element of each row of a slice of a shared formula's column: the formula itself in the column's
    first row (``first``), with the range ``ref`` it fills; a reference to group ``group`` in the others."""
    assert part.formulas is not None and len(part.formulas) == 1  # a shared column holds its first row's formula
    elements = np.full(len(part.values), f'<f t="shared" si="{group}"/>', dtype=object)
    if first and len(elements):
        elements[0] = f'<f t="shared" ref="{ref}" si="{group}">{part.formulas[0]}</f>'
    return pa.array(elements, pa.string())


def _slice(column: ColumnData, start: int, stop: int) -> ColumnData:
    formulas = column.formulas
    if formulas is not None and not _is_shared(column):
        formulas = formulas[start:stop]
    return ColumnData(column.kind, column.values[start:stop], formulas, column.date_style, column.labels, column.shared)


def plain_formula(formula: str) -> str:
    """``formula`` as XlsxWriter's ``write_formula`` stores it in a cell (without ``=``), for a streamed cell.

    XlsxWriter (without ``use_future_functions``, which the writer leaves off) changes only formulas
    that call a dynamic-array function (FILTER, XLOOKUP...: those of its ``re_dynamic_function``): it
    writes them as dynamic-array formulas, which a streamed cell is not. The names called are found
    with one simple pattern (XlsxWriter's alternation of 29 names costs 26 µs a formula).

    :raises ValueError: ``formula`` calls a dynamic-array function.
    """
    maybe = any(name + "(" in formula for name in _DYNAMIC_FUNCTIONS)  # a quick look first: almost never
    if maybe and _DYNAMIC_FUNCTIONS.intersection(_FUNCTION_CALL.findall(formula)):
        raise ValueError(f"a dynamic-array formula cannot be streamed: {formula}")
    return formula


def shareable(formula: str) -> bool:
    """Whether a column may hold ``formula`` as a shared formula: it has no structured reference (``Table[Column]``).

    Excel writes shared formulas of A1 references and names when a formula is filled down; amzsheet shares
    only those, and writes a formula that names a table's column in every row, as before.
    """
    return "[" not in formula


def formula_column(texts: Sequence[str], values: Sequence) -> ColumnData:
    """A column of formulas (without "=", one a row, as for XlsxWriter's ``write_formula``) and their cached values.

    The formulas are checked with :func:`plain_formula` (all at once) and escaped (:func:`escape_formula`).
    """
    plain_formula("\n".join(texts))
    return ColumnData("formula", values, [escape_formula(text) for text in texts])


def escape_formula(formula: str) -> str:
    """A formula's text escaped for its ``<f>`` element, as XlsxWriter escapes it."""
    return formula.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sheet_part(xlsx: zipfile.ZipFile, sheet_name: str) -> str:
    """Return the zip member name of the worksheet called ``sheet_name``."""
    workbook = fromstring(xlsx.read("xl/workbook.xml"))
    rel_id = next(
        sheet.get(f"{_REL_NS}id") for sheet in workbook.iter(f"{_MAIN_NS}sheet") if sheet.get("name") == sheet_name
    )
    rels = fromstring(xlsx.read("xl/_rels/workbook.xml.rels"))
    target = next(rel.get("Target") for rel in rels.iter(f"{_PKG_REL_NS}Relationship") if rel.get("Id") == rel_id)
    assert target is not None  # the package schema requires it
    return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
