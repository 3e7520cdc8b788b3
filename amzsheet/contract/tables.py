"""Shape a DataFrame into a tracker table: contract columns first, typed, unique headers."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from amzsheet.contract.schema import Column


def empty_table(columns: tuple[Column, ...]) -> pd.DataFrame:
    """An empty table with the contract's columns, typed by their kind."""
    return pd.DataFrame({column.name: pd.Series([], dtype=_dtype(column)) for column in columns})


def _dtype(column: Column) -> str:
    if column.kind in ("date", "datetime"):
        return "datetime64[ns]"
    return "object" if column.kind == "text" else "float64"


_CONTROL_CHARACTERS = dict.fromkeys(i for i in range(32) if i != 10)


def header_text(cell: object) -> str:
    """A header cell as the text of a table column name ("" when blank).

    Excel requires a table's header cells to be text equal to its column names. A number
    becomes its text (``2026``, not ``2026.0``); a line break stays a line break (``\r\n``
    and ``\r`` become ``\n``, which an XML attribute can hold); a tab becomes a space and other
    control characters are left out, since an XML parser would read them as spaces in the
    column name while the cell keeps them.
    """
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return text.translate(_CONTROL_CHARACTERS).strip()


def table_headers(cells: Sequence[object], contract: Sequence[str] = ()) -> list[str]:
    """Header names as an Excel table needs them: text (see :func:`header_text`), non-blank, unique ignoring case.

    A header matching a ``contract`` name exactly is that column; failing that, the
    first header matching it ignoring case is (and takes its exact spelling). A blank
    header becomes ``Column<N>``, as Excel names it; any other repeat gets `` (2)``,
    `` (3)``... so that no column, and no value under it, is lost.
    """
    names = [header_text(cell) or f"Column{i + 1}" for i, cell in enumerate(cells)]
    claimed: dict[int, str] = {}
    for name in contract:
        exact = [i for i, header in enumerate(names) if header == name and i not in claimed]
        loose = [i for i, header in enumerate(names) if header.casefold() == name.casefold() and i not in claimed]
        if exact or loose:
            claimed[(exact or loose)[0]] = name
    seen = {name.casefold() for name in claimed.values()}
    result = []
    for index, base in enumerate(names):
        if index in claimed:
            result.append(claimed[index])
            continue
        name, copy = base, 2
        while name.casefold() in seen:
            name, copy = f"{base} ({copy})", copy + 1
        seen.add(name.casefold())
        result.append(name)
    return result


def conform(frame: pd.DataFrame, columns: tuple[Column, ...]) -> pd.DataFrame:
    """Return ``frame`` laid out as the table: the contract's columns first, in order, then the rest.

    Missing contract columns are added empty; other columns keep their order, with
    names made unique ignoring case (the formulas rely on the contract's positions).
    Blank text is None.
    """
    names = table_headers(list(frame.columns), [column.name for column in columns])
    shaped = frame.set_axis(names, axis=1)
    for column in columns:
        if column.name not in shaped.columns:
            shaped[column.name] = pd.Series(None, index=shaped.index, dtype=_dtype(column))
    for column in columns:  # text columns: None for blank, as the reader gives them
        if column.kind == "text":
            values = shaped[column.name].astype(object)
            shaped[column.name] = values.where(values.notna(), None)
    contract = [column.name for column in columns]
    return shaped[contract + [name for name in shaped.columns if name not in contract]]


def append_new_rows(table: pd.DataFrame, rows: pd.DataFrame, identity: Sequence[str]) -> pd.DataFrame:
    """Append the ``rows`` that ``table`` does not hold yet.

    A row is identified by its values in the ``identity`` columns plus its position
    among rows with the same values, so that two genuinely identical rows of one
    report are both kept while a report imported twice adds nothing.
    """
    known = set(_identities(table, identity))
    fresh = [key not in known for key in _identities(rows, identity)]
    added = rows.loc[fresh].reindex(columns=table.columns)
    if added.empty:
        return table
    return pd.concat([table, added.astype(table.dtypes.to_dict())], ignore_index=True)


def _identities(frame: pd.DataFrame, identity: Sequence[str]) -> list[tuple]:
    parts = frame.reindex(columns=list(identity)).astype(object)
    rows = [tuple(None if pd.isna(value) else value for value in row) for row in parts.itertuples(False, None)]
    occurrence = pd.Series(range(len(rows))).groupby(pd.Series([repr(row) for row in rows]), sort=False).cumcount()
    return [(*row, int(n)) for row, n in zip(rows, occurrence)]
