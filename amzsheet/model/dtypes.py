"""The dtypes of the tables amzsheet hands to pandas, and the ones its model computes with.

What :func:`amzsheet.open_workbook`, :func:`amzsheet.save_workbook` and :func:`amzsheet.refresh` return
uses pandas' nullable dtypes (what ``pd.read_csv(..., dtype_backend="numpy_nullable")`` gives), so that
a blank cell is ``pd.NA`` (``NaT`` for a date) in every column:

* text: ``"string"`` (``tracker.orders["Alert"].str.contains("OVERDUE")`` is ``<NA>`` on a blank Alert,
  which a mask takes as False);
* whole numbers (column kind ``int``: quantities, counts, days): ``"Int64"``; a column holding a
  fraction someone typed (2.5 in Case Pack) stays ``"Float64"`` rather than lose it;
* numbers, money, shares (Service Level) and Days of Cover: ``"Float64"``;
* dates and times: ``datetime64[ns]``, ``NaT`` for a blank, naive: a day-only column (Ship By) at
  midnight, and a datetime column (Order Date) in the time zone of Settings, as the workbook shows
  it. That zone is in each table's ``attrs["time_zone"]`` and
  :attr:`Tracker.time_zone <amzsheet.model.tracker.Tracker.time_zone>`.

A column of the seller's own (not one amzsheet declares) gets ``DataFrame.convert_dtypes``.

Inside amzsheet (merging, the twins, the writer) numbers are ``float64`` and text is ``object`` holding
``str`` or None: :func:`model_table` turns a table back, and :meth:`Tracker.recompute
<amzsheet.model.tracker.Tracker.recompute>` does so first, so a tracker changed in pandas can be saved.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from pandas.api.types import is_datetime64_dtype, is_extension_array_dtype

from amzsheet.contract.columns import Column

#: The nullable dtype of each column kind in what amzsheet returns (dates and times stay ``datetime64[ns]``).
NULLABLE_DTYPES = {
    "text": "string",
    "int": "Int64",
    "number": "Float64",
    "money": "Float64",
    "percent": "Float64",
    "days": "Float64",
}
#: The kinds whose values are numbers (float64 in the model).
_NUMERIC = frozenset(kind for kind, dtype in NULLABLE_DTYPES.items() if dtype in ("Int64", "Float64"))


def nullable_table(table: pd.DataFrame, columns: tuple[Column, ...], time_zone: str) -> pd.DataFrame:
    """``table`` with the nullable dtypes of the module's description, and ``attrs["time_zone"]`` set.

    :param columns: the table's declared columns; any other column gets ``convert_dtypes``.
    :param time_zone: the IANA name of the zone its datetimes are in (the time zone of Settings).
    """
    kinds = {column.name: column.kind for column in columns}
    result = _each_column(table, lambda name, values: _nullable(values, kinds.get(name)))
    result.attrs["time_zone"] = time_zone
    return result


def _nullable(values: pd.Series, kind: str | None) -> pd.Series:
    if kind is None:
        return values.convert_dtypes()
    if kind in ("date", "datetime"):
        return values if isinstance(values.dtype, pd.DatetimeTZDtype) else values.astype("datetime64[ns]")
    if kind == "text":  # "" (a formula's blank result) is blank too, as the workbook reads
        blank = values.to_numpy(dtype=object) == ""
        text = values.astype("string")
        return text.mask(blank) if blank.any() else text
    numbers = values.astype("Float64")
    if kind == "int" and bool((numbers.dropna() % 1 == 0).all()):
        return numbers.astype("Int64")
    return numbers


def model_table(table: pd.DataFrame, columns: tuple[Column, ...], time_zone: str) -> pd.DataFrame:
    """``table`` with the dtypes amzsheet's model computes with: the inverse of :func:`nullable_table`.

    Nullable numbers become ``float64`` (``pd.NA``: NaN), nullable text and any other nullable column
    ``object`` holding None for a blank, and time-zone-aware datetimes naive times in ``time_zone``; the
    datetimes of a column amzsheet does not declare become ``object``, None for ``NaT``, as the reader gives them.
    Columns already of the model's dtypes are left as they are.
    """
    kinds = {column.name: column.kind for column in columns}
    result = _each_column(table, lambda name, values: _for_model(values, kinds.get(name), time_zone))
    result.attrs.pop("time_zone", None)
    return result


def _for_model(values: pd.Series, kind: str | None, time_zone: str) -> pd.Series:
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert(time_zone).dt.tz_localize(None).astype("datetime64[ns]")
    if kind is None and is_datetime64_dtype(values.dtype):  # the seller's own dates: as the reader gives them
        return values.astype(object).where(values.notna(), None)
    if not is_extension_array_dtype(values.dtype):
        return values
    if kind in _NUMERIC:
        numbers = values.astype("Float64").to_numpy(dtype="float64", na_value=float("nan"))
        return pd.Series(numbers, index=values.index, name=values.name)
    return values.astype(object).where(values.notna(), None)


def _each_column(table: pd.DataFrame, convert: Callable[[str, pd.Series], pd.Series]) -> pd.DataFrame:
    """A new table of ``table``'s columns, each converted (by position: a repeated name stays two columns)."""
    result = table.copy(deep=False)  # copy-on-write: the columns are not copied until replaced
    for position, name in enumerate(table.columns):
        values = table.iloc[:, position]
        converted = convert(name, values)
        if converted is not values:
            result.isetitem(position, converted)  # type: ignore[arg-type]  # a Series keeps its dtype
    return result
