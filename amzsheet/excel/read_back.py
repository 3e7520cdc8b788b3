"""A table as the reader will read it back from the cells the writer writes for it.

The writer streams Order Tracking from the tracker's table (:mod:`amzsheet.excel.table_rows`), and
:func:`amzsheet.excel.reader.read_workbook` types those cells back (:mod:`amzsheet.excel.typed_columns`).
For the values amzsheet's tables hold, that round trip is exact and can be done without the
workbook: text stays text (an empty text reads as blank), a number is written with every digit
Python gives it, a date or time is an Excel serial number that python-calamine turns back into the
same millisecond. :func:`table_as_read` does it on whole columns, so that a save can keep the table
beside the workbook (:mod:`amzsheet.storage.table_snapshot`) and the next read skip unpacking,
parsing and typing it.

Any value whose round trip is not exact by construction gives None instead (the table is then
read from the workbook): text the writer changes (control characters, a carriage return that XML
reads as a line feed, Excel's ``_xHHHH_`` escapes, more than 32,767 characters), a time finer than
a millisecond, a date the reader would refuse or one before March 1900 (Excel's 1900 leap day), a
number the reader would refuse, a column the seller added holding anything but text, and a row
the reader would skip as blank.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype, is_datetime64_dtype, is_numeric_dtype

from amzsheet.contract.schema import Column
from amzsheet.contract.tables import table_headers
from amzsheet.excel.sheetxml import MAX_CELL_TEXT
from amzsheet.excel.typed_columns import LAST_DATE, out_of_range, refuses_misfits

#: Text the writer does not write as it is, or XML does not read back as written (a carriage return, \x0d).
_CHANGED_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
#: Serial numbers before 61 (March 1900) go through Excel's 1900 leap day: not taken.
_FIRST_EXACT_DATE = np.datetime64("1900-03-01", "ns")
_LAST_DATE = np.datetime64(LAST_DATE, "ns")
_MILLISECOND = 1_000_000  # nanoseconds


def table_as_read(table: pd.DataFrame, columns: tuple[Column, ...]) -> pd.DataFrame | None:
    """``table`` (the model's dtypes, as the writer takes it) as the reader reads it back, or None when not exact.

    :param columns: the table's declared columns; every one is in ``table``, first and in order (as
        :func:`amzsheet.contract.tables.conform` lays it out), and any further column is the seller's.
    """
    names = [column.name for column in columns]
    headers = list(table.columns)
    if headers[: len(names)] != names or table_headers(headers, names) != headers:
        return None
    declared = {column.name: column for column in columns}
    read: dict[str, np.ndarray] = {}
    filled = np.zeros(len(table), dtype=bool)
    for name in headers:
        column = declared.get(name)
        values = table[name]
        if column is None or column.kind == "text":
            typed = _texts(values)
        elif column.kind in ("date", "datetime"):
            typed = _dates(values, column)
        else:
            typed = _numbers(values, column)
        if typed is None:
            return None
        read[name] = typed
        filled |= pd.notna(typed)
    if not filled.all():  # the reader leaves out a row with no value
        return None
    # Each array keeps its dtype, as the reader's do: text stays object (pandas would infer its string dtype).
    return pd.DataFrame({name: pd.Series(values, dtype=values.dtype, copy=False) for name, values in read.items()})


def _texts(values: pd.Series) -> np.ndarray | None:
    """Text, None for a blank or an empty text; None when a value is not text or would not read back the same."""
    if infer_dtype(values, skipna=True) not in ("string", "empty"):
        return None
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    texts = np.empty(len(uniques) + 1, dtype=object)
    texts[:-1] = uniques
    texts[-1] = None  # the code of a blank, -1
    for position, text in enumerate(uniques.tolist()):
        if len(text) > MAX_CELL_TEXT or _CHANGED_TEXT.search(text):
            return None
        if text == "":
            texts[position] = None
    return texts[codes]


def _dates(values: pd.Series, column: Column) -> np.ndarray | None:
    """Dates and times as ``datetime64[ns]``; None when a value is not one, or not exact to the millisecond."""
    if not is_datetime64_dtype(values.dtype):
        return None
    moments = values.to_numpy(dtype="datetime64[ns]")
    present = ~np.isnat(moments)
    if (moments[present].astype(np.int64) % _MILLISECOND).any():
        return None
    wrong = present & ((moments < _FIRST_EXACT_DATE) | (moments >= _LAST_DATE))
    if not wrong.any():
        return moments
    if refuses_misfits(column):  # the reader names the cell: the workbook must be read
        return None
    return np.where(wrong, np.datetime64("NaT", "ns"), moments)


def _numbers(values: pd.Series, column: Column) -> np.ndarray | None:
    """Numbers as ``float64``, NaN for a blank; None when a value is not one, or one the reader refuses."""
    if not is_numeric_dtype(values.dtype) or values.dtype == bool:
        return None
    numbers = values.to_numpy(dtype="float64", na_value=np.nan) + 0.0  # -0.0 is written, and read back, as 0
    wrong = out_of_range(numbers, column)
    if not wrong.any():
        return numbers
    if refuses_misfits(column):
        return None
    numbers[wrong] = np.nan
    return numbers
