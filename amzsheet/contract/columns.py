"""What a column of a tracker table is: :class:`Column`, declared once with all it means.

A computed column carries its Excel formula and its pandas twin side by side: the writer puts
the formula in every row, the model fills the twin's values in as the formula's cached results,
and the LibreOffice tests check that the two agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

#: How a column's values are typed in the DataFrames and formatted in Excel: "percent" is a share
#: (0.98, shown as 98.0%), "days" a number of days shown whole (12.6 shows as 13); both are numbers.
Kind = Literal["text", "datetime", "date", "int", "number", "money", "percent", "days"]
#: Who writes a column: an Amazon report, the seller, an Excel formula, or amzsheet
#: itself at refresh time (a statistic stored as a value).
Owner = Literal["amazon", "seller", "formula", "amzsheet"]
#: A computed column's pandas twin: given the table being recomputed (a
#: :class:`amzsheet.model.columns.TableFrame`, whose ``frame["Header"]`` is a column of the same
#: rows, computed first when it is a computed column too), it returns the column's values.
Twin = Callable[[Any], pd.Series]


@dataclass(frozen=True)
class Column:
    """One column of a tracker table.

    :param name: header text, part of the public contract.
    :param kind: value type (see :data:`Kind`).
    :param owner: who writes the values (see :data:`Owner`).
    :param width: Excel column width in characters.
    :param note: header comment shown in Excel.
    :param minimum: smallest value a seller may type (numbers only).
    :param added_in: the layout version that added the column; workbooks of older layouts may lack it.
    :param maximum: largest value a seller may type (numbers only).
    :param description: one sentence for the README's column table.
    :param formula: the Excel formula of a formula column, without ``=``; ``{Header}`` stands for the
        same row's cell of that column (see :class:`amzsheet.excel.formulas.RowFormula`).
    :param twin: how the model computes the column in pandas (see :data:`Twin`): the formula's value
        for a formula column, the value itself for a column amzsheet writes.
    :param wrap: long text the seller types (a message template): the column is formatted as wrapped
        text in Excel's Text format, so that its line breaks show and a text starting with ``=`` stays text.
        On a column amzsheet writes (a formula's sentence), the text wraps in the kind's format.
    :param detail: an analyst's column: grouped with the detail columns beside it behind an Excel outline
        level, collapsed when the file opens (the + above the sheet shows them).
    """

    name: str
    kind: Kind
    owner: Owner
    width: float = 12
    note: str = ""
    minimum: float | None = None
    added_in: int = 1
    maximum: float | None = None
    description: str = ""
    formula: str = ""
    twin: Twin | None = None
    wrap: bool = False
    detail: bool = False


def column_names(columns: tuple[Column, ...]) -> list[str]:
    """Return the header names of ``columns`` in order."""
    return [column.name for column in columns]


def columns_owned_by(columns: tuple[Column, ...], *owners: Owner) -> list[str]:
    """Return the names of the columns written by one of ``owners``."""
    return [column.name for column in columns if column.owner in owners]


def formulas_of(columns: tuple[Column, ...]) -> dict[str, str]:
    """The formula template of each formula column of ``columns``, by name."""
    return {column.name: column.formula for column in columns if column.formula}
