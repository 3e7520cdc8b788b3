"""Stream the data rows of every large block into the workbook XlsxWriter wrote, in one rewrite of the package.

XlsxWriter lays each sheet out (headers, tables with one placeholder row, column formats,
conditional formats, validation, comments); the rows of the tables and of the Dashboard's hidden
lists are then written here, as :class:`Block` s of columns (:mod:`amzsheet.excel.sheetxml`
renders their cells). A block's rows are merged into the rows XlsxWriter wrote (the Dashboard's
figures share rows with its hidden lists), each cell in its column's place.

The package is rewritten once: every part is copied, each streamed sheet is written with its rows,
its tables are made to end at their last row, and the parts of ``last`` (the seal of
:mod:`amzsheet.excel.properties`) are written after everything else. A sheet's XML is compressed in
a second thread while the next rows are rendered (zlib releases the GIL).
"""

from __future__ import annotations

import posixpath
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from defusedxml.ElementTree import fromstring
from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

from amzsheet.excel.sheet_layout import RowXml, SheetXml, parse_sheet, sheet_data_bounds
from amzsheet.excel.sheetxml import ColumnData, concatenated, row_cells, sheet_part

_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CHUNK_ROWS = 5000

#: Rewrites a part from its bytes and the entries of the parts written before it (names, CRC-32s, sizes).
LastPart = Callable[[bytes, list[zipfile.ZipInfo]], bytes]


@dataclass(frozen=True)
class Block:
    """Columns of rows to stream into a sheet, side by side.

    :param columns: one :class:`ColumnData` a column, all of the same length.
    :param first_row: the Excel row number (1-based) of the first row.
    :param first_col: the sheet column (0-based) of the first column.
    :param heights: the height in points of the rows (Excel row numbers) that need one.
    :param table: the sheet's tables end at this block's last row (its first row at least).
    """

    columns: Sequence[ColumnData]
    first_row: int = 2
    first_col: int = 0
    heights: Mapping[int, float] = field(default_factory=dict)
    table: bool = False

    @property
    def count(self) -> int:
        """The number of rows."""
        return len(self.columns[0].values) if self.columns else 0

    @property
    def last_row(self) -> int:
        """The Excel row number of the last row (the first row for an empty block)."""
        return self.first_row + max(self.count, 1) - 1


def insert_rows(
    path: Path, sheets: Mapping[str, Sequence[Block]], *, last: Mapping[str, LastPart] | None = None
) -> None:
    """Write the blocks of each sheet of ``sheets`` (by name) into the .xlsx at ``path``, rewritten in place.

    Each block's cells must be free in the sheet; a block flagged ``table`` resizes the sheet's tables.

    :param last: parts to write after every other one, each as its function makes it (how the writer
        records a digest of the finished package in ``docProps/custom.xml``).
    """
    staging = path.with_name(path.name + ".rows")
    try:
        try:
            _insert_rows(path, staging, sheets, last or {}, force_zip64=False)
        except RuntimeError as error:  # a sheet over 4 GiB of XML: written again with a ZIP64 header
            if "force_zip64" not in str(error):
                raise
            _insert_rows(path, staging, sheets, last or {}, force_zip64=True)
        shutil.move(staging, path)
    finally:
        staging.unlink(missing_ok=True)  # renamed into place on success; left over only on failure


def _insert_rows(
    path: Path, staging: Path, sheets: Mapping[str, Sequence[Block]], last: Mapping[str, LastPart], force_zip64: bool
) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {sheet_part(source, name): blocks for name, blocks in sheets.items()}
        table_ends = {
            table: block.last_row
            for part, blocks in parts.items()
            for block in blocks
            if block.table
            for table in _sheet_tables(source, part)
        }
        with zipfile.ZipFile(staging, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
            for info in source.infolist():
                if info.filename in last:
                    continue
                if info.filename in table_ends:
                    target.writestr(info, _resize_table(source.read(info.filename), table_ends[info.filename]))
                elif info.filename in parts:
                    sheet = parse_sheet(source.read(info.filename))
                    chunks = _sheet_chunks(sheet, parts[info.filename])
                    _write_entry(target, _entry(info, target), chunks, force_zip64)
                else:
                    target.writestr(info, source.read(info.filename))
            for name, rewrite in last.items():
                target.writestr(source.getinfo(name), rewrite(source.read(name), target.infolist()))


def _entry(info: zipfile.ZipInfo, target: zipfile.ZipFile) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(info.filename, info.date_time)
    entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
    entry._compresslevel = target.compresslevel  # type: ignore[attr-defined]  # (3.13: compress_level)
    return entry


def _write_entry(
    target: zipfile.ZipFile, entry: zipfile.ZipInfo, chunks: Iterable[bytes | memoryview], force_zip64: bool
) -> None:
    """Write a part from ``chunks``, each compressed in a second thread while the next is made.

    The entry's size is unknown when its header is written: zipfile writes it without ZIP64 (as Excel
    does for a part under 4 GiB) and puts the sizes in afterwards; a larger part raises RuntimeError.
    """
    with target.open(entry, "w", force_zip64=force_zip64) as stream, ThreadPoolExecutor(1) as pool:
        pending: Future[int] | None = None
        for chunk in chunks:
            if pending is not None:
                pending.result()
            pending = pool.submit(stream.write, chunk)
        if pending is not None:
            pending.result()


def _sheet_chunks(sheet: SheetXml, blocks: Sequence[Block]) -> Iterator[bytes | memoryview]:
    """The sheet XML with the rows of ``blocks`` merged into its own, a chunk of rows at a time."""
    if sum(any(column.shared for column in block.columns) for block in blocks) > 1:
        raise ValueError("a sheet's shared formulas are numbered within their block: stream them in one block")
    head, tail = sheet_data_bounds(sheet)
    yield _with_dimension(head, sheet, blocks)
    first = min(block.first_row for block in blocks)
    existing = [row for row in sheet.rows if row.number >= first]
    yield b"".join(sheet.text[row.start : row.end] for row in sheet.rows if row.number < first)
    last = max([block.first_row + block.count - 1 for block in blocks] + [row.number for row in existing])
    by_number = {row.number: row for row in existing}
    for start in range(first, last + 1, _CHUNK_ROWS):
        yield _window(sheet, blocks, range(start, min(start + _CHUNK_ROWS, last + 1)), by_number)
    yield tail


def _window(
    sheet: SheetXml, blocks: Sequence[Block], rows: range, existing: Mapping[int, RowXml]
) -> bytes | memoryview:
    """The ``<row>`` elements of ``rows``: the blocks' cells, merged into the rows the sheet has."""
    active = []
    for block in blocks:
        start, stop = max(rows.start, block.first_row), min(rows.stop, block.first_row + block.count)
        if start < stop:
            offsets = (start - block.first_row, stop - block.first_row)
            cells = row_cells(block.columns, sheet.styles, block.first_col, block.first_row, *offsets)
            active.append((block, start, cells))
    if len(active) == 1 and not any(number in existing for number in rows):
        block, start, cells = active[0]
        numbers = range(start, start + len(cells))
        if block.heights and any(number in block.heights for number in numbers):
            openings = pa.array([_row_start(number, block.heights) for number in numbers], pa.string())
        else:
            openings = pc.binary_join_element_wise('<row r="', pc.cast(pa.array(numbers), pa.string()), '">', "")
        return concatenated(pc.binary_join_element_wise(openings, cells, "</row>", ""))
    return "".join(_merged_rows(sheet, rows, [(b, s, c.to_pylist()) for b, s, c in active], existing)).encode()


def _merged_rows(
    sheet: SheetXml, rows: range, active: list[tuple[Block, int, list[str]]], existing: Mapping[int, RowXml]
) -> Iterator[str]:
    for number in rows:
        pieces = [
            (block.first_col, len(block.columns), cells[number - start])
            for block, start, cells in active
            if start <= number < start + len(cells) and cells[number - start]
        ]
        row = existing.get(number)
        if row is not None:
            yield _merged(sheet, row, pieces)
        elif pieces:
            heights = next((block.heights for block, *_ in active if number in block.heights), {})
            yield _row_start(number, heights) + "".join(cells for _, _, cells in sorted(pieces)) + "</row>"


def _row_start(number: int, heights: Mapping[int, float]) -> str:
    height = heights.get(number)
    size = "" if height is None else f' ht="{height:.16g}" customHeight="1"'
    return f'<row r="{number}"{size}>'


def _merged(sheet: SheetXml, row: RowXml, pieces: list[tuple[int, int, str]]) -> str:
    """An existing row with the blocks' cells put among its own, in column order (its ``spans`` hint dropped)."""
    text = sheet.text
    if not pieces:
        return text[row.start : row.end].decode("utf-8")
    ends = [offset for _, offset in row.cells[1:]] + [row.close or row.end]
    own = [(col, 1, text[offset:end].decode("utf-8")) for (col, offset), end in zip(row.cells, ends)]
    for first, width, _ in pieces:
        if any(first <= col < first + width for col, _, _ in own):
            raise ValueError(f"row {row.number} already has a cell where a streamed block goes")
    attributes = "".join(f' {name}="{_attribute(value)}"' for name, value in row.attributes.items() if name != "spans")
    return f"<row{attributes}>{''.join(cells for _, _, cells in sorted(own + pieces))}</row>"


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _with_dimension(head: bytes, sheet: SheetXml, blocks: Sequence[Block]) -> bytes:
    """``head`` with its ``<dimension>`` covering the blocks' cells too."""
    if sheet.dimension is None:
        return head
    start, end, ref = sheet.dimension
    corners = [xl_cell_to_rowcol(cell) for cell in ref.split(":")]
    for block in blocks:
        corners += [
            (block.first_row - 1, block.first_col),
            (block.last_row - 1, block.first_col + len(block.columns) - 1),
        ]
    top, left = min(row for row, _ in corners), min(col for _, col in corners)
    bottom, right = max(row for row, _ in corners), max(col for _, col in corners)
    new = f'<dimension ref="{xl_rowcol_to_cell(top, left)}:{xl_rowcol_to_cell(bottom, right)}"/>'
    return head[:start] + new.encode("ascii") + head[end:]


def _sheet_tables(xlsx: zipfile.ZipFile, part: str) -> list[str]:
    """Zip member names of the tables (``xl/tables/tableN.xml``) of worksheet ``part``."""
    folder, name = part.rsplit("/", 1)
    rels_name = f"{folder}/_rels/{name}.rels"
    if rels_name not in xlsx.namelist():
        return []
    rels = fromstring(xlsx.read(rels_name))
    return [
        posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
        for rel in rels.iter(f"{_PKG_REL_NS}Relationship")
        if rel.get("Type", "").endswith("/table")
    ]


def _resize_table(table_xml: bytes, last_row: int) -> bytes:
    """Make a table (and its autofilter) end at ``last_row``, keeping its columns and its header row."""
    root = fromstring(table_xml)
    for element in (root, root.find(f"{_MAIN_NS}autoFilter")):
        ref = element.get("ref") if element is not None else None
        if ref:
            first, end = ref.split(":")
            row, col = xl_cell_to_rowcol(end)
            table_xml = table_xml.replace(
                f'ref="{ref}"'.encode(), f'ref="{first}:{xl_rowcol_to_cell(last_row - 1, col)}"'.encode()
            )
    return table_xml
