"""Type one column of cell values as its declaration says, on the whole column at once.

python-calamine gives each cell as a Python value: ``""`` for a blank (never None or NaN),
a float, a str, a date or datetime, a bool. :func:`typed_values` turns a column of them into a numpy array of
the column's kind (float64, datetime64[ns] or object text), treating the usual case (every
value of the expected type) with whole-array operations and only the odd values one by
one. A value that does not fit the column (text in a number column, a number out of the
column's range, text that could mean two numbers) is named with the reason, so that the
reader can stop with the cell's address.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from amzsheet.contract.schema import Column
from amzsheet.reports.base import LARGEST_NUMBER
from amzsheet.reports.numbers import AMBIGUOUS, parse_typed_number

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
#: The first date a date column holds (Excel has none before it) and the day after its last (pandas' last).
FIRST_DATE = dt.datetime(1900, 1, 1)
LAST_DATE = dt.datetime(2262, 4, 11)

#: A misfit: the position of a value in its column, and why it does not fit.
Misfit = tuple[int, str]

#: What :func:`as_number` and :func:`as_datetime` give for a value that is not one.
NOT_A_VALUE = object()
#: What :func:`as_number` gives for text that could mean two numbers ("1,234": 1234 or 1.234).
TWO_NUMBERS = object()
_ALL_NUMBERS = frozenset({"floating", "integer", "mixed-integer-float", "empty"})
_ALL_DATES = frozenset({"date", "datetime", "empty"})


def typed_values(values: np.ndarray, column: Column | None) -> tuple[np.ndarray, np.ndarray, list[Misfit]]:
    """``values`` (an object array of cells) typed as ``column`` says (left as they are without one).

    :returns: the typed array; where the cells are blank; and the values that do not fit, by position
        in order, with why. Blanks and misfits are None, NaN or NaT in the typed array.
    """
    blank = values == ""  # python-calamine gives "" for an empty cell (and for an error such as #N/A)
    if column is None:
        return _blanked(values, blank), blank, []
    if column.kind == "text":
        return _texts(values, blank), blank, []
    convert = _dates if column.kind in ("date", "datetime") else _numbers
    typed, misfits = convert(values, blank, column)
    return typed, blank, misfits if refuses_misfits(column) else []


def refuses_misfits(column: Column) -> bool:
    """Whether a value of ``column`` that does not fit stops the read (the seller's and Amazon's columns); a
    computed column's is left blank, to be recomputed."""
    return column.owner in ("seller", "amazon")


def out_of_range(numbers: np.ndarray, column: Column) -> np.ndarray:
    """Where ``numbers`` (NaN for none) holds a number ``column`` does not take: infinite, too large, or outside
    the column's bounds."""
    with np.errstate(invalid="ignore"):
        wrong = np.isinf(numbers) | (np.abs(numbers) >= LARGEST_NUMBER)
        if column.minimum is not None:
            wrong |= numbers < column.minimum
        if column.maximum is not None:
            wrong |= numbers > column.maximum
    return wrong


def _blanked(values: np.ndarray, blank: np.ndarray) -> np.ndarray:
    """A copy of ``values`` with None where it is blank."""
    copy = values.copy()
    copy[blank] = None
    return copy


def _odd(values: np.ndarray, blank: np.ndarray, expected: frozenset[str], types: tuple[type, ...]) -> np.ndarray:
    """Where ``values`` holds a non-blank value whose type is not one of ``types`` (exactly: a bool is no int)."""
    if infer_dtype(values[~blank], skipna=True) in expected:
        return np.zeros(len(values), dtype=bool)
    return ~blank & np.fromiter((type(value) not in types for value in values), dtype=bool, count=len(values))


def _texts(values: np.ndarray, blank: np.ndarray) -> np.ndarray:
    """Text as the seller sees it (a whole number without ".0", a date in ISO form); each distinct text held once."""
    texts = _blanked(values, blank)
    for position in np.flatnonzero(_odd(values, blank, frozenset({"string", "empty"}), (str,))).tolist():
        texts[position] = _as_text(values[position])
    codes, uniques = pd.factorize(texts)  # a status or SKU repeated on 100,000 lines is one object, not 100,000
    shared = np.empty(len(uniques) + 1, dtype=object)
    shared[:-1] = uniques
    shared[-1] = None  # the code of a blank, -1
    return shared[codes]


def _numbers(values: np.ndarray, blank: np.ndarray, column: Column) -> tuple[np.ndarray, list[Misfit]]:
    numbers = np.full(len(values), np.nan)
    odd = _odd(values, blank, _ALL_NUMBERS, (float, int))
    plain = ~blank & ~odd
    numbers[plain] = values[plain].astype(float)
    unclear: dict[int, object] = {}
    for position in np.flatnonzero(odd).tolist():  # text, a bool, a date: one by one
        result = as_number(values[position])
        if isinstance(result, float):
            numbers[position] = result
        elif result is not None:
            unclear[position] = result
    wrong = (np.isnan(numbers) | out_of_range(numbers, column)) & ~blank  # NaN: a value that is no number
    misfits = {p: _why_not(values[p], unclear.get(p, NOT_A_VALUE), column) for p in np.flatnonzero(wrong).tolist()}
    numbers[wrong] = np.nan
    return numbers, sorted(misfits.items())


def _dates(values: np.ndarray, blank: np.ndarray, column: Column) -> tuple[np.ndarray, list[Misfit]]:
    moments = np.empty(len(values), dtype=object)
    odd = _odd(values, blank, _ALL_DATES, (dt.datetime, dt.date))
    plain = ~blank & ~odd
    moments[plain] = values[plain]
    misfits = []
    for position in np.flatnonzero(odd).tolist():  # a serial number, text: one by one
        result = as_datetime(values[position])
        why = _why_not(values[position], result, column) if _outside_dates(result) else None
        if why is None:
            moments[position] = result
        else:
            misfits.append((position, why))
    present = pd.notna(moments)
    try:
        dates = pd.to_datetime(moments[present]).astype("datetime64[ns]")
    except (ValueError, TypeError):  # a cell's date past 2262, which a nanosecond time cannot hold: one by one
        for position in np.flatnonzero(present).tolist():
            if _outside_dates(moments[position]):
                misfits.append((position, _why_not(values[position], moments[position], column)))
                moments[position] = None
        present = pd.notna(moments)
        dates = pd.to_datetime(moments[present]).astype("datetime64[ns]")
        misfits.sort()
    typed = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[ns]")
    typed[present] = dates
    return typed, misfits


def _outside_dates(moment: object) -> bool:
    """Whether ``moment`` (from :func:`as_datetime`) is not a date a column can hold.

    A column holds naive dates from :data:`FIRST_DATE` to :data:`LAST_DATE`: Excel has no date
    before 1900, and a pandas date ends in April 2262. A time with a zone offset, typed as text,
    does not say which local day it is.
    """
    if isinstance(moment, dt.datetime):
        return moment.tzinfo is not None or not FIRST_DATE <= moment < LAST_DATE
    if isinstance(moment, dt.date):
        return not FIRST_DATE.date() <= moment < LAST_DATE.date()
    return moment is not None


def _why_not(value: object, result: object, column: Column) -> str:
    """Why a typed value does not fit ``column``, as the error shows it."""
    if result is TWO_NUMBERS:
        return (
            f"{value!r} is text that could mean two numbers (a decimal comma or a thousands separator); "
            "type the number as a number"
        )
    if isinstance(result, dt.datetime) and result.tzinfo is not None:
        return f"{value!r} has a time zone offset; type the local date and time without it"
    if column.kind in ("date", "datetime"):
        if isinstance(value, str) and result is NOT_A_VALUE:
            return f"{value!r} is not a date"
        shown = value.isoformat() if isinstance(value, (dt.date, dt.time)) else _shown_value(value)
        return f"{shown!r} is not a date from {FIRST_DATE:%Y-%m-%d} to {LAST_DATE - dt.timedelta(days=1):%Y-%m-%d}"
    what = "a number"
    if column.minimum is not None and column.maximum is not None:
        what += f" from {_shown(column.minimum)} to {_shown(column.maximum)}"
    elif column.minimum is not None:
        what += f" of at least {_shown(column.minimum)}"
    if isinstance(value, (int, float)) and abs(value) >= LARGEST_NUMBER and column.maximum is None:
        what += f" below {LARGEST_NUMBER:,.0f}"
    return f"{_shown_value(value)!r} is not {what}"


def _shown_value(value: object) -> object:
    """A cell's value as the error names it: a whole number without ".0"."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _shown(limit: float) -> str:
    """A limit as a seller reads it: 1,000,000,000 or 0.999."""
    return f"{int(limit):,}" if float(limit).is_integer() else f"{limit:g}"


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def as_number(value: object) -> float | None | object:
    """A cell's value as a number: a float, None (blank), :data:`NOT_A_VALUE` or :data:`TWO_NUMBERS`."""
    if value is None:
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else NOT_A_VALUE
    if isinstance(value, str):  # a number typed as text: read only when it can mean one number
        number = parse_typed_number(value)
        if number == AMBIGUOUS:
            return TWO_NUMBERS
        return NOT_A_VALUE if number is None else number  # "n/a", "inf", "nan", "1e400"
    return NOT_A_VALUE


def as_datetime(value: object) -> dt.datetime | None | object:
    """A cell's value as a datetime: a datetime, None (blank) or :data:`NOT_A_VALUE`."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return EXCEL_EPOCH + dt.timedelta(days=float(value))
        except (OverflowError, ValueError):  # a serial number past year 9999, or NaN
            return NOT_A_VALUE
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return NOT_A_VALUE
    return NOT_A_VALUE
