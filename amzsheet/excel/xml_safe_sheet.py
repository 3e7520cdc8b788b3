"""XlsxWriter's worksheet, with the characters XML 1.0 cannot hold dropped from formulas and their results.

XlsxWriter turns control characters of a text cell into Excel's ``_xHHHH_`` escapes, but writes a
formula and its cached result as they are: a SKU or product name holding one (``"Mug\\x0b12 oz"``,
seen in real reports) made a sheet that no XML parser, Excel included, can read. The workbook's
sheets are made with :class:`XmlSafeWorksheet` (``Workbook.worksheet_class``), which drops them, as
the streamed rows do (:func:`amzsheet.excel.sheetxml.xml_text`, which :func:`~amzsheet.excel.sheetxml.escape`
shares the characters with).
"""

from __future__ import annotations

from typing import Any, Literal

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from amzsheet.excel.sheetxml import xml_text


def _cleaned(value: Any) -> Any:
    return xml_text(value) if isinstance(value, str) else value


class XmlSafeWorksheet(Worksheet):
    """A worksheet whose formulas and cached results hold only characters XML can."""

    def _write_formula(
        self, row: int, col: int, formula: str, cell_format: Format | None = None, value: Any = 0
    ) -> Literal[0, -1, -2]:
        return super()._write_formula(row, col, _cleaned(formula), cell_format, _cleaned(value))

    def _write_array_formula(
        self,
        first_row: int,
        first_col: int,
        last_row: int,
        last_col: int,
        formula: str,
        cell_format: Format | None = None,
        value: Any = 0,
        atype: str = "static",
    ) -> Literal[0, -1]:
        return super()._write_array_formula(
            first_row, first_col, last_row, last_col, _cleaned(formula), cell_format, _cleaned(value), atype
        )
