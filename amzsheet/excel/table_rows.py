"""The rows of a table as a block of columns to stream (:mod:`amzsheet.excel.streaming`).

Each column goes by its declared kind: dates as Excel serial numbers, other numbers as
numbers, text as inline strings, a formula column's template compiled once
(:class:`~amzsheet.excel.formulas.RowFormula`) and escaped once, then rendered for each row
with its cached result. A column the seller added goes by each value's type.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from amzsheet.contract.columns import Column, formulas_of
from amzsheet.excel.formulas import RowFormula
from amzsheet.excel.sheetxml import ColumnData, escape_formula, excel_serials, plain_formula, shareable, text_column
from amzsheet.excel.streaming import Block


def table_block(
    frame: pd.DataFrame,
    columns: tuple[Column, ...],
    first_row: int,
    date_style: int | None,
    heights: Mapping[int, float] | None = None,
) -> Block:
    """The rows of ``frame`` from Excel row ``first_row`` in column A, as a block that ends the sheet's table.

    :param columns: the table's declared columns (a column of ``frame`` not among them is the seller's).
    :param date_style: the cell style of a date in a column the seller added.
    :param heights: the height of the rows (Excel row numbers) that need one.
    """
    templates = formulas_of(columns)
    compiled = {
        name: RowFormula(escape_formula(plain_formula(template)), columns) for name, template in templates.items()
    }
    known = {column.name: column for column in columns}
    rows = range(first_row, first_row + len(frame))
    data = []
    for name in frame.columns:
        values = frame[name]
        if name in compiled and shareable(templates[name]):  # one formula, filled down the column
            data.append(ColumnData("formula", values.tolist(), [compiled[name].render(first_row)], shared=True))
        elif name in compiled:
            render = compiled[name].render
            data.append(ColumnData("formula", values.tolist(), [render(row) for row in rows]))
        else:
            data.append(_values(known.get(name), values, date_style))
    return Block(data, first_row, heights=heights or {}, table=True)


def _values(column: Column | None, values: pd.Series, date_style: int | None) -> ColumnData:
    """A column of values by its declared kind, or by each value's type when its dtype does not fit the kind."""
    kind = column.kind if column is not None else None
    if kind in ("date", "datetime") and pd.api.types.is_datetime64_any_dtype(values):
        return ColumnData("number", excel_serials(values))
    if kind not in (None, "text", "date", "datetime") and _numeric(values):
        return ColumnData("number", values.to_numpy(dtype="float64", na_value=math.nan))
    if kind == "text" and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        return text_column(values)
    return ColumnData("mixed", values.tolist(), date_style=date_style)


def _numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
