"""Write a tracker workbook: four sheets, formulas with cached values, formats, charts.

XlsxWriter cannot edit a file, so every save builds the whole workbook anew from a
:class:`~amzsheet.model.tracker.Tracker` whose computed columns are up to date. XlsxWriter
lays the sheets out (headers, tables with one placeholder row, formats, rules, validation,
comments, the Dashboard's figures); the rows of every table and of the Dashboard's long hidden
lists are then streamed into the file in one rewrite (:mod:`amzsheet.excel.streaming`).
"""

from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from amzsheet._version import __version__
from amzsheet.contract.schema import (
    CHANNELS,
    DASHBOARD_SHEET,
    INVENTORY_COLUMNS,
    INVENTORY_SHEET,
    ORDER_COLUMNS,
    ORDERS_SHEET,
    ORDERS_TABLE,
    PROFIT_COLUMNS,
    PROFIT_SHEET,
    SETTINGS_SHEET,
    SETTLEMENT_COLUMNS,
    SETTLEMENTS_SHEET,
    STATUSES,
    Column,
)
from amzsheet.contract.sheets import SHEETS, TABLE_SHEETS, Sheet
from amzsheet.errors import WorkbookError
from amzsheet.excel import styles
from amzsheet.excel.carryover import Carryover, apply_carryover, apply_table_filters
from amzsheet.excel.dashboard import write_dashboard
from amzsheet.excel.fit import row_heights
from amzsheet.excel.formulas import (
    AS_OF,
    AS_OF_FORMULA,
    INVENTORY_RULES,
    ORDER_RULES,
    PROFIT_RULES,
    SETTLEMENT_RULES,
    RowFormula,
)
from amzsheet.excel.layout_upgrade import fitted_to_layout
from amzsheet.excel.order_legend import FROZEN_COLUMNS, HEADER_ROW, write_legend
from amzsheet.excel.printing import set_print_columns, set_print_layout
from amzsheet.excel.properties import CUSTOM_PART, seal, write_properties
from amzsheet.excel.settings_sheet import write_settings
from amzsheet.excel.streaming import Block, insert_rows
from amzsheet.excel.table_rows import table_block
from amzsheet.excel.xml_safe_sheet import XmlSafeWorksheet
from amzsheet.model.briefing import Briefing
from amzsheet.model.tracker import Tracker

_EXCEL_EPOCH = pd.Timestamp(1899, 12, 30)
_MAX_ROW = 1_048_575  # last row index of a worksheet (0-based)
#: The Service Level drop-down: the usual presets, any other value from 0.5 to 0.999 allowed too.
_SERVICE_LEVEL_CHOICES = {
    "validate": "list",
    "source": ["0.9", "0.95", "0.97", "0.98", "0.99"],
    "show_error": False,
    "input_title": "Service level",
    "input_message": "Pick a preset (0.98 is 98%) or type a share from 50% to 99.9%. Blank: its ABC class's "
    "(Settings).",
}
#: Order Tracking's Feedback: the buyer's stars, a whole number from 1 to 5.
_FEEDBACK_STARS = {
    "validate": "integer",
    "criteria": "between",
    "minimum": 1,
    "maximum": 5,
    "input_title": "Feedback",
    "input_message": "The stars the buyer gave, 1 to 5 (1 or 2: negative feedback).",
    "error_message": "Type the buyer's stars: a whole number from 1 to 5.",
}
_WORKBOOK_OPTIONS = {
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "in_memory": True,  # no temporary file per part: the parts are small, the rows are streamed in afterwards
}


def write_workbook(
    path: str | os.PathLike,
    tracker: Tracker,
    today: dt.date,
    carry: Carryover | None = None,
    briefing: Briefing | None = None,
) -> None:
    """Write ``tracker`` to a new .xlsx file at ``path`` (overwriting it).

    :param tracker: tables whose computed columns are up to date (see :meth:`Tracker.recompute`).
    :param today: the date the cached results of ``TODAY()`` formulas are computed for.
    :param carry: what the seller set up in the previous workbook and a rebuild must keep:
        extra sheets, column widths, freeze panes, table filters (see :mod:`amzsheet.excel.carryover`).
    :param briefing: the briefing of ``tracker`` for ``today`` when the caller has it (the Dashboard shows it);
        None: built here.
    """
    path = Path(path)
    tracker = tracker.with_model_dtypes()  # a tracker with the package's nullable dtypes is written the same
    book = xlsxwriter.Workbook(str(path), _WORKBOOK_OPTIONS)
    book.worksheet_class = XmlSafeWorksheet  # formulas and results XML can hold
    book.set_properties({"title": "Amazon seller tracker", "comments": f"Written by amzsheet {__version__}"})
    for name, value in write_properties(today).items():  # the layout, the day and, once sealed, the content
        book.set_custom_property(name, value)
    formats = _Formats(book)
    sheets = {sheet.name: book.add_worksheet(sheet.name) for sheet in SHEETS}
    write_settings(book, sheets[SETTINGS_SHEET], tracker.settings)
    book.define_name(AS_OF, f"={AS_OF_FORMULA}")
    _layout_orders(book, sheets[ORDERS_SHEET], tracker, formats)
    for sheet in TABLE_SHEETS:
        if sheet.name != ORDERS_SHEET:  # the rows of every table are streamed in below
            _add_table(sheets[sheet.name], sheet.table, getattr(tracker, sheet.field), sheet.columns, formats, rows=1)
        if sheet.hidden:
            sheets[sheet.name].hide()
    inventory_sheet = sheets[INVENTORY_SHEET]
    _add_rules(inventory_sheet, INVENTORY_COLUMNS, INVENTORY_RULES, formats)
    _add_rules(sheets[PROFIT_SHEET], PROFIT_COLUMNS, PROFIT_RULES, formats)
    _add_rules(sheets[SETTLEMENTS_SHEET], SETTLEMENT_COLUMNS, SETTLEMENT_RULES, formats)
    service = _index(INVENTORY_COLUMNS, "Service Level")
    inventory_sheet.data_validation(1, service, _MAX_ROW, service, _SERVICE_LEVEL_CHOICES)
    blocks = {DASHBOARD_SHEET: write_dashboard(book, sheets[DASHBOARD_SHEET], tracker, today, briefing)}
    sheets[DASHBOARD_SHEET].activate()
    for sheet in SHEETS:
        set_print_layout(sheets[sheet.name], header_row=_header_row(sheet))
        if sheet.table:
            last_row = (_header_row(sheet) or 0) + max(len(getattr(tracker, sheet.field)), 1)
            set_print_columns(sheets[sheet.name], sheet.name, sheet.columns, last_row)
    carry = fitted_to_layout(carry or Carryover())
    headers = {sheet.name: list(getattr(tracker, sheet.field).columns) for sheet in TABLE_SHEETS}
    apply_carryover(book, sheets, headers, carry)
    for sheet in TABLE_SHEETS:
        _mark_collapsed(sheets[sheet.name], sheet.columns)
    book.close()
    apply_table_filters(path, carry)  # while the file is small: before the rows are streamed in
    blocks.update(_table_blocks(tracker, formats.by_kind["date"].xf_index))
    insert_rows(path, blocks, last={CUSTOM_PART: seal})


def _table_blocks(tracker: Tracker, date_style: int | None) -> dict[str, list[Block]]:
    """The rows of every table, each from the row under its header (Inventory's tall rows fitted to their text)."""
    blocks = {}
    for sheet in TABLE_SHEETS:
        first_row = (_header_row(sheet) or 0) + 2  # Excel's number of the first data row
        frame = getattr(tracker, sheet.field)
        heights = row_heights(frame, sheet.columns, first_row=first_row) if sheet.name == INVENTORY_SHEET else None
        blocks[sheet.name] = [table_block(frame, sheet.columns, first_row, date_style, heights)]
    return blocks


class _Formats:
    """The workbook's cell formats, created once per workbook."""

    def __init__(self, book: Workbook):
        # Top-aligned, so that a row a wrapped text makes taller reads along its first line; dates centred.
        self.by_kind = {
            kind: book.add_format({"num_format": code, **styles.TOP, **_alignment(kind)})
            for kind, code in styles.NUMBER_FORMATS.items()
        }
        self.text = book.add_format(styles.TOP)
        self.header = book.add_format(styles.HEADER)
        self.input_header = book.add_format(styles.INPUT_HEADER)
        self.rules = {name: book.add_format(spec) for name, spec in styles.RULE_FORMATS.items()}
        self.wrapped_text = book.add_format(styles.WRAPPED_TEXT)
        self.wrapped = book.add_format(styles.WRAPPED)

    def for_column(self, column: Column | None):
        if column is not None and column.wrap:
            return self.wrapped_text if column.owner == "seller" else self.wrapped
        return self.by_kind.get(column.kind, self.text) if column else None


def _alignment(kind: str) -> dict[str, str]:
    return {"align": styles.ALIGNMENTS[kind]} if kind in styles.ALIGNMENTS else {}


def _header_row(sheet: Sheet) -> int | None:
    """The row of a sheet's table header (Order Tracking's is under its legend); None for no table."""
    if not sheet.table:
        return None
    return HEADER_ROW if sheet.name == ORDERS_SHEET else 0


def _extra_columns(frame: pd.DataFrame, columns: tuple[Column, ...]) -> list[str]:
    known = {column.name for column in columns}
    return [name for name in frame.columns if name not in known]


def _table_columns(frame: pd.DataFrame, columns: tuple[Column, ...], formats: _Formats) -> list[dict]:
    header = []
    for column in columns:
        is_input = column.owner == "seller"
        header.append({"header": column.name, "header_format": formats.input_header if is_input else formats.header})
    header += [{"header": name, "header_format": formats.input_header} for name in _extra_columns(frame, columns)]
    return header


def _add_table(
    sheet: Worksheet,
    name: str,
    frame: pd.DataFrame,
    columns: tuple[Column, ...],
    formats: _Formats,
    *,
    rows: int,
    header_row: int = 0,
    frozen_columns: int = 1,
) -> None:
    """Lay out a table's header, widths, formats and comments (the rows are written separately).

    :param rows: data rows the table spans (at least 1, as Excel requires).
    :param header_row: the table's header row (0-based); the rows above it stay in view with it.
    :param frozen_columns: columns that stay in view when scrolling right.
    """
    header = _table_columns(frame, columns, formats)
    last_row = header_row + max(rows, 1)
    options = {"name": name, "columns": header, "style": styles.TABLE_STYLE}
    if sheet.add_table(header_row, 0, last_row, len(header) - 1, options) == -1:  # XlsxWriter only warns
        raise WorkbookError(f"the {name} table cannot be written (its headers: {[h['header'] for h in header]})")
    for index, column in enumerate(columns):
        grouped = {"level": 1, "hidden": True} if column.detail else None  # see _mark_collapsed
        sheet.set_column(index, index, column.width, formats.for_column(column), grouped)
        if column.note:
            sheet.write_comment(header_row, index, column.note, _comment_size(column.note))
    for offset, _ in enumerate(_extra_columns(frame, columns)):
        sheet.set_column(len(columns) + offset, len(columns) + offset, 14)
    sheet.set_row(header_row, 45)
    sheet.freeze_panes(header_row + 1, frozen_columns)


def _comment_size(note: str) -> dict[str, float]:
    """A header note's box, tall enough for its text (42 characters a line at most, in 2.2 times the default width)."""
    lines = math.ceil(len(note) / 42) + 1
    return {"x_scale": 2.2, "y_scale": max(1.6, lines * 12.5 / 74)}


def _detail_runs(columns: tuple[Column, ...]) -> list[tuple[int, int]]:
    """First and last index of each run of detail columns (``Column.detail``)."""
    runs: list[tuple[int, int]] = []
    for index, column in enumerate(columns):
        if column.detail and runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        elif column.detail:
            runs.append((index, index))
    return runs


def _mark_collapsed(sheet: Worksheet, columns: tuple[Column, ...]) -> None:
    """Flag the column right of each run of detail columns (its summary column) collapsed while the run is hidden.

    Excel then shows a + above it that opens the group (a - once open). Called last, after the
    carryover, which keeps a group the seller opened open.
    """
    for first, last in _detail_runs(columns):
        hidden = all(_hidden(sheet.col_info.get(index)) for index in range(first, last + 1))
        summary = sheet.col_info.get(last + 1)
        if summary is None:
            if hidden:
                sheet.set_column_pixels(last + 1, last + 1, None, None, {"collapsed": True})
        elif isinstance(summary, list):  # older XlsxWriter: [width, format, hidden, level, collapsed, ...]
            summary[4] = hidden
        else:
            summary.collapsed = hidden


def _hidden(info: object) -> bool:
    """Whether XlsxWriter's record of a column (a list in older XlsxWriter) hides it."""
    return bool(info[2] if isinstance(info, list) else getattr(info, "hidden", False))


def _index(columns: tuple[Column, ...], name: str) -> int:
    return [column.name for column in columns].index(name)


def _layout_orders(book: Workbook, sheet: Worksheet, tracker: Tracker, formats: _Formats) -> None:
    """Order Tracking without its rows: the legend, the table's header, drop-downs and alert colours."""
    # One placeholder row: sheetxml.insert_rows streams the rows and resizes the table,
    # which spares XlsxWriter's per-cell overlap bookkeeping of a 100,000-row range.
    orders, first = tracker.orders, HEADER_ROW + 1
    _add_table(
        sheet,
        ORDERS_TABLE,
        orders,
        ORDER_COLUMNS,
        formats,
        rows=1,
        header_row=HEADER_ROW,
        frozen_columns=FROZEN_COLUMNS,
    )
    sheet.set_row(HEADER_ROW, 30)  # two lines of header text: one more line of orders on the screen
    write_legend(book, sheet, [column.width for column in ORDER_COLUMNS], tracker.settings)
    for name, validation in (
        ("Order Status", {"validate": "list", "source": list(STATUSES)}),
        ("Channel", {"validate": "list", "source": list(CHANNELS)}),
        ("Feedback", _FEEDBACK_STARS),
    ):
        sheet.data_validation(first, _index(ORDER_COLUMNS, name), _MAX_ROW, _index(ORDER_COLUMNS, name), validation)
    last_col = len(ORDER_COLUMNS) + len(_extra_columns(orders, ORDER_COLUMNS)) - 1
    for name, target, template in ORDER_RULES:
        criteria = RowFormula(template, ORDER_COLUMNS, absolute_columns=True).render(first + 1)
        left, right = (0, last_col) if target is None else (_index(ORDER_COLUMNS, target),) * 2
        sheet.conditional_format(
            first, left, _MAX_ROW, right, {"type": "formula", "criteria": "=" + criteria, "format": formats.rules[name]}
        )


def _add_rules(sheet: Worksheet, columns: tuple[Column, ...], rules: tuple, formats: _Formats) -> None:
    """Conditional formats: (rule name, column it colours, condition template) each."""
    for name, target, template in rules:
        col = _index(columns, target)
        criteria = RowFormula(template, columns, absolute_columns=True).render(2)
        sheet.conditional_format(
            1, col, _MAX_ROW, col, {"type": "formula", "criteria": "=" + criteria, "format": formats.rules[name]}
        )
