"""Read the layout XlsxWriter wrote for a worksheet: where its rows and cells are, its column styles.

The writer streams the data rows into worksheets that XlsxWriter has laid out
(:mod:`amzsheet.excel.streaming`). To merge them with what XlsxWriter wrote (headers, the
Dashboard's figures beside its hidden lists), it needs the byte offsets of the existing
``<row>`` and ``<c>`` elements, which an XML parser that reports positions gives: expat
(:mod:`xml.parsers.expat`), with document type declarations refused as ``defusedxml`` does.
The parts read are XlsxWriter's, small once the large tables are streamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat

from defusedxml import DTDForbidden, EntitiesForbidden
from xlsxwriter.utility import xl_cell_to_rowcol


@dataclass
class RowXml:
    """An existing ``<row>``: its number, attributes, cells and where it lies in the sheet XML.

    :param cells: (0-based column, offset of its ``<c``) of each cell, in order.
    :param close: offset of its ``</row>``; None for an empty element (``<row .../>``).
    """

    number: int
    attributes: dict[str, str]
    start: int
    end: int = 0
    close: int | None = None
    cells: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class SheetXml:
    """A worksheet part as XlsxWriter wrote it, with the offsets the streaming needs (UTF-8 bytes).

    :param dimension: start and end offsets of ``<dimension .../>`` and its ``ref``; None when absent.
    :param styles: the cell style index of each 0-based column that has a ``<col style>``.
    :param data: offsets of the start of ``<sheetData`` and of its ``</sheetData>``, or of the end of
        ``<sheetData/>`` with ``empty_data``.
    """

    text: bytes
    dimension: tuple[int, int, str] | None = None
    styles: dict[int, int] = field(default_factory=dict)
    data: tuple[int, int] = (0, 0)
    empty_data: bool = False
    rows: list[RowXml] = field(default_factory=list)


def parse_sheet(text: bytes) -> SheetXml:
    """Parse a worksheet part (``xl/worksheets/sheetN.xml``) for :class:`SheetXml`."""
    sheet = SheetXml(text)
    parser = expat.ParserCreate()
    depth: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        at = parser.CurrentByteIndex
        if name == "row":
            sheet.rows.append(RowXml(int(attributes["r"]), attributes, at))
        elif name == "c" and depth[-1:] == ["row"]:
            sheet.rows[-1].cells.append((xl_cell_to_rowcol(attributes["r"])[1], at))
        elif name == "col" and "style" in attributes:
            for index in range(int(attributes["min"]) - 1, int(attributes["max"])):
                sheet.styles[index] = int(attributes["style"])
        elif name == "dimension":
            sheet.dimension = (at, at, attributes["ref"])
        elif name == "sheetData":
            sheet.data = (at, at)
        depth.append(name)

    def end(name: str) -> None:
        at = parser.CurrentByteIndex
        depth.pop()
        closing = text.startswith(b"</", at)  # else the end of an empty element: the offset is past its "/>"
        if name == "row":
            row = sheet.rows[-1]
            row.close, row.end = (at, at + len(b"</row>")) if closing else (None, at)
        elif name == "dimension" and sheet.dimension is not None:
            sheet.dimension = (sheet.dimension[0], at if not closing else at + len(b"</dimension>"), sheet.dimension[2])
        elif name == "sheetData":
            sheet.data, sheet.empty_data = (sheet.data[0], at), not closing

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_entity
    parser.Parse(text, True)
    return sheet


def _refuse_dtd(name: str, *_: object) -> None:
    raise DTDForbidden(name, None, None)


def _refuse_entity(name: str, *_: object) -> None:
    raise EntitiesForbidden(name, None, None, None, None, None)


def sheet_data_bounds(sheet: SheetXml) -> tuple[bytes, bytes]:
    """The sheet XML up to its first row (``<sheetData>`` opened), and from ``</sheetData>`` on.

    An empty ``<sheetData/>`` is opened and closed around where the rows go.
    """
    start, end = sheet.data
    if sheet.empty_data:
        return sheet.text[:start] + b"<sheetData>", b"</sheetData>" + sheet.text[end:]
    first = sheet.rows[0].start if sheet.rows else end
    return sheet.text[:first], sheet.text[end:]
