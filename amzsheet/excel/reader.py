"""Read a tracker workbook into typed DataFrames (python-calamine, read-only).

Only the tables' values are read; computed columns come back as the values Excel
(or amzsheet) cached, and a refresh recomputes them. A value the seller typed that
does not fit its column (text in Unit Cost, say) stops the refresh with the cell's
address rather than being dropped.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
from python_calamine import CalamineSheet, CalamineWorkbook
from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

from amzsheet.contract.schema import (
    INVENTORY_COLUMNS,
    INVENTORY_SHEET,
    LAYOUT_PROPERTY,
    ORDER_COLUMNS,
    ORDERS_SHEET,
    ORDERS_TABLE,
    SETTING_SPECS,
    SETTINGS_SHEET,
    Column,
    Settings,
)
from amzsheet.contract.sheets import MANAGED_SHEETS, SHEETS, TABLE_SHEETS
from amzsheet.contract.tables import conform, empty_table, table_headers
from amzsheet.contract.template import SettingSpec
from amzsheet.errors import CorruptWorkbookError, NotATrackerError, WorkbookError
from amzsheet.excel.order_legend import HEADER_ROW, LEGEND_ADDED_IN
from amzsheet.excel.package_guard import check_workbook_package
from amzsheet.excel.properties import custom_properties, table_refs
from amzsheet.excel.typed_columns import TWO_NUMBERS, as_datetime, as_number, typed_values
from amzsheet.model.tracker import Tracker
from amzsheet.storage.stamps import FileStamp
from amzsheet.storage.timezone import local_time_zone


def read_workbook(path: str | os.PathLike, *, known_orders: pd.DataFrame | None = None) -> Tracker:
    """Read the tracker workbook at ``path``.

    :param known_orders: Order Tracking as amzsheet wrote it in this very file, byte for byte (a snapshot
        whose digest matches, see :mod:`amzsheet.storage.table_snapshot`): taken instead of reading the sheet,
        and the package check, which guards against files amzsheet did not write, is skipped.
    :raises CorruptWorkbookError: the file is not a readable .xlsx workbook (:class:`HostileWorkbookError`:
        it looks built to exhaust memory or time).
    :raises ProtectedWorkbookError: the workbook is password-protected.
    :raises NotATrackerError: sheets or headers of the tracker are missing.
    :raises WorkbookError: a cell holds a value that does not fit its column.
    """
    path = Path(path).expanduser()
    stamp = FileStamp.of(path) if path.exists() else None  # before reading: a later change is a change
    book = _open(path, checked=known_orders is not None)
    for sheet in (ORDERS_SHEET, INVENTORY_SHEET):
        if sheet not in book.sheet_names:
            raise NotATrackerError(
                f"{path} is not an amzsheet tracker (it has no '{sheet}' sheet); "
                "give the path of your tracker, or a new file name to create one"
            )
    layout = layout_version(path)
    _refuse_name_clashes(path, book.sheet_names, layout)
    _refuse_missing_seller_sheets(path, book.sheet_names, layout)
    problems: dict[str, list[str]] = {}  # every cell that does not fit its column, named in one error

    with ThreadPoolExecutor(1) as pool:
        # Order Tracking, much the largest sheet, is parsed in a second thread (python-calamine releases the GIL)
        # while the other tables are read.
        orders_sheet = pool.submit(_parse_sheet, path, ORDERS_SHEET) if known_orders is None else None

        def table(sheet: str, columns: tuple[Column, ...], *, blank_ok: bool = False) -> pd.DataFrame:
            parsed = orders_sheet.result() if orders_sheet and sheet == ORDERS_SHEET else book.get_sheet_by_name(sheet)
            found = problems.setdefault(sheet, [])
            return _read_table(path, parsed, sheet, columns, blank_ok=blank_ok, problems=found)

        inventory = table(INVENTORY_SHEET, INVENTORY_COLUMNS)
        read: dict[str, Any] = {
            spec.field: table(spec.name, spec.columns, blank_ok=spec.seller_rows)
            for spec in TABLE_SHEETS
            if spec.added_in > 1 and spec.name in book.sheet_names  # older layouts lack it: the table stays empty
        }
        orders = table(ORDERS_SHEET, ORDER_COLUMNS) if known_orders is None else known_orders
    tracker = replace(Tracker(orders, inventory, Settings(), source=stamp), **read)
    order = [ORDERS_SHEET, INVENTORY_SHEET, *(spec.name for spec in TABLE_SHEETS)]  # the sheets' order, as before
    _refuse_problems(path, [problem for sheet in dict.fromkeys(order) for problem in problems.get(sheet, [])])
    if SETTINGS_SHEET in book.sheet_names:
        tracker = replace(tracker, settings=_read_settings(path, book))
    return tracker


def _refuse_name_clashes(path: Path, names: list[str], layout: int) -> None:
    """Stop before a sheet of the seller's would be taken for one of amzsheet's, or collide with it.

    Excel compares sheet names ignoring case, so "returns" and "Returns" cannot both exist.
    """
    for name in names:
        managed = next((m for m in MANAGED_SHEETS if m.casefold() == name.casefold()), None)
        if managed is not None and managed != name:
            raise WorkbookError(
                f"{path} has a sheet named '{name}', which Excel takes for amzsheet's '{managed}' sheet; rename it "
                f"to '{managed}' if it is that sheet, or give it another name, and run again; nothing was changed"
            )
    for sheet in SHEETS:
        if layout < sheet.added_in and (name := sheet.name) in names:
            raise WorkbookError(
                f"{path} has a sheet of yours named '{name}', a name this version of amzsheet needs for its own "
                f"sheet; rename your sheet (for example to 'My {name}') and run again; nothing was changed"
            )


def layout_version(path: str | os.PathLike) -> int:
    """The layout version a workbook was written with (1: before amzsheet recorded it).

    See :func:`recorded_layout`, which tells a workbook without the property apart. When the property
    is gone (a tool that strips document properties, or a layout-1 workbook), the tables tell: the
    newest layout whose amzsheet tables it holds, so that its own sheets are never taken for the seller's
    (at least layout 6 when the Orders table starts under the legend).
    """
    recorded = recorded_layout(path)
    if recorded:
        return recorded
    tables = table_refs(path)
    newest = max((sheet.added_in for sheet in TABLE_SHEETS if sheet.table in tables), default=1)
    newest = max(newest, _newest_setting(path))  # a layout may add only a Settings row
    orders = tables.get(ORDERS_TABLE, "")
    if orders and xl_cell_to_rowcol(orders.split(":")[0])[0] == HEADER_ROW:  # under the legend
        return max(newest, LEGEND_ADDED_IN)
    return newest


def _newest_setting(path: str | os.PathLike) -> int:
    """The newest layout that added a row the Settings sheet holds (1: none, or no readable Settings sheet)."""
    try:
        check_workbook_package(path)  # python-calamine reads only what the check let through
        book = CalamineWorkbook.from_path(str(path))
        rows = book.get_sheet_by_name(SETTINGS_SHEET).to_python() if SETTINGS_SHEET in book.sheet_names else []
    except Exception:  # the check and python-calamine raise several types; the caller reads the workbook next
        return 1
    labels = {row[0].strip() for row in rows if row and isinstance(row[0], str)}
    return max((spec.added_in for spec in SETTING_SPECS if spec.label in labels), default=1)


def recorded_layout(path: str | os.PathLike) -> int | None:
    """The layout version recorded in a workbook by amzsheet, or None (not an amzsheet tracker, or layout 1).

    It is the custom document property ``amzsheet layout``, whichever way it was written: Excel and
    XlsxWriter write ``<vt:i4>3</vt:i4>``, LibreOffice ``<vt:r8>3</vt:r8>``, openpyxl with lxml
    ``<vt:i4 xmlns:vt="...">3</vt:i4>`` (see :mod:`amzsheet.excel.properties`).
    """
    value = custom_properties(path).get(LAYOUT_PROPERTY)
    try:
        return int(float(value)) if value else None
    except (ValueError, OverflowError):
        return None


def _open(path: Path, *, checked: bool = False) -> CalamineWorkbook:
    """python-calamine's workbook, after the package check (``checked``: the file is known to be amzsheet's)."""
    if not checked:
        check_workbook_package(path)  # other formats, password-protected, macro, damaged and hostile files
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # python-calamine raises several unrelated types
        raise CorruptWorkbookError(f"{path} cannot be read as a workbook ({exc}); restore it from a backup") from None


def _parse_sheet(path: Path, sheet: str) -> CalamineSheet:
    """python-calamine's parse of one sheet, through a workbook of its own (for a second thread); the caller has
    checked the package."""
    return _open(path, checked=True).get_sheet_by_name(sheet)


def _rows(book: CalamineWorkbook, sheet: str) -> list[list]:
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def _refuse_missing_seller_sheets(path: Path, names: list[str], layout: int) -> None:
    """A sheet of the seller's own rows that was deleted or renamed stops the refresh instead of coming back empty."""
    for sheet in SHEETS:
        if sheet.seller_rows and layout >= sheet.added_in and sheet.name not in names:
            raise WorkbookError(
                f"{path} has no '{sheet.name}' sheet, which holds your {sheet.name.lower()}; rename it back if you "
                f"renamed it, bring it back with amzsheet restore (--list shows the backups), or add an empty sheet "
                f"named '{sheet.name}' to start it afresh, and run again; nothing was changed"
            )


def _read_table(
    path: Path,
    data: CalamineSheet,
    sheet: str,
    columns: tuple[Column, ...],
    *,
    blank_ok: bool = False,
    problems: list[str] | None = None,
) -> pd.DataFrame:
    """Read one table; ``blank_ok``: a sheet left completely empty is an empty table.

    The sheet is turned into Python values :data:`CHUNK_ROWS` rows at a time, each chunk typed column
    by column (:mod:`amzsheet.excel.typed_columns`) before the next is read.

    :param problems: collects the cells that do not fit their column; without it, they stop the read at once.
    """
    collected = [] if problems is None else problems
    chunks: Iterator[np.ndarray] = _chunks(data)
    if blank_ok:  # a sheet of the seller's rows: small
        every = list(chunks)
        if all(((chunk == "") | pd.isna(chunk)).all() for chunk in every):
            return empty_table(columns)
        chunks = iter(every)
    first = next(chunks, np.empty((0, 0), dtype=object))
    top = _header_row(first[:_HEADER_SEARCH_ROWS].tolist(), columns)
    cells = first[top].tolist() if len(first) else []
    header = table_headers(cells, [column.name for column in columns])
    missing = _missing_columns(header, columns)
    if missing:
        raise NotATrackerError(
            f"{path}, sheet '{sheet}': the column(s) {', '.join(missing)} are missing from row {top + 1}; "
            "put the headers back (amzsheet finds columns by their header text)"
        )
    kinds = {column.name: column for column in columns}
    table = _TypedTable(sheet, [kinds.get(name) for name in header])
    table.add(first[top + 1 :], top + 1)
    row = len(first)
    for chunk in chunks:
        table.add(chunk, row)
        row += len(chunk)
    # A column without a header that holds nothing is left out.
    keep = [index for index, cell in enumerate(cells) if cell not in ("", None) or table.holds_values(index)]
    collected.extend(problem for index in keep for problem in table.problems[index])
    if problems is None:
        _refuse_problems(path, collected)
    frame = pd.DataFrame({header[index]: table.column(index) for index in keep}, copy=False)
    # A deleted computed column comes back empty (to be recomputed); the contract's columns go first.
    return conform(frame, columns).reset_index(drop=True)


#: Rows of a sheet turned into Python values at a time: python-calamine holds the sheet, amzsheet one chunk.
CHUNK_ROWS = 20_000


def _chunks(data: CalamineSheet) -> Iterator[np.ndarray]:
    """The rows of a sheet from row 1, :data:`CHUNK_ROWS` at a time, as object arrays from column A on."""
    if data.start is None:  # an empty sheet
        return
    left = data.start[1]
    rows = data.iter_rows()  # from row 1, from the sheet's first column that holds a value
    while chunk := list(islice(rows, CHUNK_ROWS)):
        block = np.empty((len(chunk), left + data.width), dtype=object)
        block[:, :left] = ""
        block[:, left:] = chunk
        yield block


class _TypedTable:
    """The typed columns of a table, chunk by chunk, and the cells that do not fit (with their addresses)."""

    def __init__(self, sheet: str, columns: list[Column | None]) -> None:
        self.sheet, self.columns = sheet, columns
        self.parts: list[list[np.ndarray]] = [[] for _ in columns]
        self.problems: list[list[str]] = [[] for _ in columns]
        self.values: list[bool] = [False for _ in columns]

    def add(self, chunk: np.ndarray, first_row: int) -> None:
        """Type the rows of ``chunk`` (0-based ``first_row`` on the sheet onwards), leaving out blank rows."""
        typed, blanks, filled = [], [], np.zeros(len(chunk), dtype=bool)
        for index, column in enumerate(self.columns):
            values, blank, misfits = typed_values(chunk[:, index], column)
            typed.append(values)
            blanks.append(blank)
            filled |= ~blank
            for position, why in misfits:
                cell = xl_rowcol_to_cell(first_row + position, index)
                self.problems[index].append(f"sheet '{self.sheet}', cell {cell} ({column.name}): {why}")  # type: ignore[union-attr]
        for index, values in enumerate(typed):
            self.parts[index].append(values[filled])
        for index, blank in enumerate(blanks):
            self.values[index] = self.values[index] or not blank.all()

    def holds_values(self, index: int) -> bool:
        """Whether column ``index`` holds a value in any row."""
        return self.values[index]

    def column(self, index: int) -> pd.Series:
        """The typed values of column ``index``, every chunk's (text stays Python str objects)."""
        parts = self.parts[index] or [typed_values(np.empty(0, dtype=object), self.columns[index])[0]]
        values = np.concatenate(parts)
        return pd.Series(values, dtype=values.dtype, copy=False)


#: How far down a table's header row may be: Order Tracking's is row 2, under its legend.
_HEADER_SEARCH_ROWS = 5


def _header_row(grid: list[list], columns: tuple[Column, ...]) -> int:
    """The 0-based row of the table's header: the first row of the top few holding every column it needs.

    Order Tracking's header is row 2 (layout 6, under the legend), every other one row 1; failing
    that, the row holding the most of them (the first of equals), whose missing headers the error
    then names: a renamed header is named alone, never the legend row above it.
    """
    names = [column.name for column in columns]
    missing = [len(_missing_columns(table_headers(row, names), columns)) for row in grid[:_HEADER_SEARCH_ROWS]]
    if not missing:
        return 0
    return missing.index(min(missing))


def _missing_columns(header: list[str], columns: tuple[Column, ...]) -> list[str]:
    """The columns holding data that ``header`` lacks (computed ones are rebuilt by every refresh)."""
    return [
        column.name
        for column in columns
        if column.name not in header and column.owner in ("amazon", "seller") and column.added_in == 1
    ]


#: How many wrong cells one error lists; the rest are counted.
MAX_LISTED_CELLS = 10


def _refuse_problems(path: Path, problems: list[str]) -> None:
    """Stop with one error naming every cell (up to :data:`MAX_LISTED_CELLS`) that does not fit its column."""
    if not problems:
        return
    if len(problems) == 1:
        raise WorkbookError(f"{path}, {problems[0]}; correct it in Excel (or clear it) and run again")
    listed = "; ".join(problems[:MAX_LISTED_CELLS])
    more = f"; and {len(problems) - MAX_LISTED_CELLS} more" if len(problems) > MAX_LISTED_CELLS else ""
    raise WorkbookError(
        f"{path}: {len(problems)} cells hold a value that does not fit their column: {listed}{more}; "
        "correct them in Excel (or clear them) and run again"
    )


def _read_settings(path: Path, book: CalamineWorkbook) -> Settings:
    # A label of an earlier layout may stand for several rows now: layout 2's one "Service level"
    # is the service level of every ABC class.
    by_label: dict[str, list[SettingSpec]] = {}
    for spec in SETTING_SPECS:
        for label in (*spec.old_labels, spec.label):
            by_label.setdefault(label, []).append(spec)
    values: dict[str, Any] = {}  # each a value of its Settings field's type (see _setting_value)
    for row_number, row in enumerate(_rows(book, SETTINGS_SHEET), start=1):
        if len(row) < 2 or not isinstance(row[0], str) or row[0].strip() not in by_label:
            continue
        for spec in by_label[row[0].strip()]:
            where = f"{path}, sheet '{SETTINGS_SHEET}', cell B{row_number} ({row[0].strip()})"
            values[spec.field] = _setting_value(where, spec, row[1])
    settings = Settings(**values)
    if settings.class_a_share + settings.class_b_share > 1:
        raise WorkbookError(
            f"{path}, sheet '{SETTINGS_SHEET}': Class A revenue share + Class B revenue share is more than 1 "
            f"({settings.class_a_share:g} + {settings.class_b_share:g}); lower one of them and run again"
        )
    return settings


def _setting_value(where: str, spec: SettingSpec, value: object) -> object:
    if spec.kind == "date":
        return _setting_date(where, value)
    if isinstance(spec.default, str):
        return _time_zone(where, "" if value is None else str(value).strip())
    if value in ("", None):
        return spec.default
    if spec.kind == "yes_no":
        return _yes_no(where, value)
    number = as_number(value)
    if number is TWO_NUMBERS:
        raise WorkbookError(
            f"{where}: {value!r} is text that could mean two numbers (a decimal comma or a thousands separator); "
            "type the number as a number in Excel and run again"
        )
    if not isinstance(number, float):  # NOT_A_VALUE (None is not reached: a blank is the default)
        raise WorkbookError(f"{where}: {value!r} is not a number; correct it in Excel and run again")
    low, high = spec.minimum, spec.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        raise WorkbookError(f"{where}: {number:g} is out of range; use a value from {low:g} to {high:g}")
    if isinstance(spec.default, int):
        if not float(number).is_integer():
            raise WorkbookError(f"{where}: {number:g} must be a whole number of days")
        return int(number)
    return number


#: What a Yes/No setting may hold: the drop-down's words, and the 1/0 of layouts before 6 (or TRUE/FALSE).
_YES_NO = {"yes": True, "no": False, "1": True, "0": False, "true": True, "false": False}


def _yes_no(where: str, value: object) -> bool:
    key = str(int(value)) if isinstance(value, (int, float)) and float(value).is_integer() else str(value)
    answer = _YES_NO.get(key.strip().casefold())
    if answer is None:
        raise WorkbookError(f"{where}: {value!r} is not Yes or No; pick one from the drop-down and run again")
    return answer


def _setting_date(where: str, value: object) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    moment = as_datetime(value)
    if not isinstance(moment, dt.datetime) or not 1900 <= moment.year <= 9999:
        raise WorkbookError(f"{where}: {value!r} is not a date; type one like 2026-11-25, or leave it blank for today")
    return moment.date()


def _time_zone(where: str, name: str) -> str:
    if not name:
        return local_time_zone()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise WorkbookError(f"{where}: {name!r} is not a time zone name; use one like America/New_York") from None
    return name
