"""Write a tracker workbook: four sheets, formulas with cached values, formats, charts.

XlsxWriter cannot edit a file, so every save builds the whole workbook anew from a
:class:`~amzsheet.model.tracker.Tracker` whose computed columns are up to date. The large
Order Tracking rows are streamed by :mod:`amzsheet.excel.sheetxml`; everything else is
plain XlsxWriter.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
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
    SETTING_SPECS,
    SETTINGS_SHEET,
    STATUSES,
    Column,
    Settings,
    formulas_of,
)
from amzsheet.contract.sheets import SHEETS, TABLE_SHEETS
from amzsheet.errors import WorkbookError
from amzsheet.excel import styles
from amzsheet.excel.carryover import Carryover, apply_carryover, apply_table_filters
from amzsheet.excel.dashboard import write_dashboard
from amzsheet.excel.formulas import (
    AS_OF,
    AS_OF_FORMULA,
    INVENTORY_RULES,
    ORDER_RULES,
    RowFormula,
)
from amzsheet.excel.order_legend import FROZEN_COLUMNS, HEADER_ROW, fitted_panes, write_legend
from amzsheet.excel.properties import CUSTOM_PART, seal, write_properties
from amzsheet.excel.sheetxml import ColumnData, escape, excel_serials, insert_rows
from amzsheet.model.tracker import Tracker

_EXCEL_EPOCH = pd.Timestamp(1899, 12, 30)
_MAX_ROW = 1_048_575  # last row index of a worksheet (0-based)
#: The Service Level drop-down: the usual presets, any other value from 0.5 to 0.999 allowed too.
_SERVICE_LEVEL_CHOICES = {
    "validate": "list",
    "source": ["0.9", "0.95", "0.97", "0.98", "0.99"],
    "show_error": False,
    "input_title": "Service level",
    "input_message": "Pick a preset or type any value from 0.5 to 0.999. Blank: its ABC class's (Settings).",
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
_WORKBOOK_OPTIONS = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}


def write_workbook(path: str | os.PathLike, tracker: Tracker, today: dt.date, carry: Carryover | None = None) -> None:
    """Write ``tracker`` to a new .xlsx file at ``path`` (overwriting it).

    :param tracker: tables whose computed columns are up to date (see :meth:`Tracker.recompute`).
    :param today: the date the cached results of ``TODAY()`` formulas are computed for.
    :param carry: what the seller set up in the previous workbook and a rebuild must keep:
        extra sheets, column widths, freeze panes, table filters (see :mod:`amzsheet.excel.carryover`).
    """
    path = Path(path)
    book = xlsxwriter.Workbook(str(path), _WORKBOOK_OPTIONS)
    book.set_properties({"title": "Amazon seller tracker", "comments": f"Written by amzsheet {__version__}"})
    for name, value in write_properties(today).items():  # the layout, the day and, once sealed, the content
        book.set_custom_property(name, value)
    formats = _Formats(book)
    sheets = {sheet.name: book.add_worksheet(sheet.name) for sheet in SHEETS}
    _write_settings(book, sheets[SETTINGS_SHEET], tracker.settings, formats)
    _layout_orders(book, sheets[ORDERS_SHEET], tracker, formats)
    for sheet in TABLE_SHEETS:
        if sheet.name != ORDERS_SHEET:  # Order Tracking's rows are streamed in below
            frame = getattr(tracker, sheet.field)
            _write_table(sheets[sheet.name], sheet.table, frame, sheet.columns, formats, formulas_of(sheet.columns))
        if sheet.hidden:
            sheets[sheet.name].hide()
    inventory_sheet = sheets[INVENTORY_SHEET]
    _add_rules(inventory_sheet, INVENTORY_COLUMNS, INVENTORY_RULES, formats)
    service = _index(INVENTORY_COLUMNS, "Service Level")
    inventory_sheet.data_validation(1, service, _MAX_ROW, service, _SERVICE_LEVEL_CHOICES)
    write_dashboard(book, sheets[DASHBOARD_SHEET], tracker, today)
    sheets[DASHBOARD_SHEET].activate()
    carry = fitted_panes(carry or Carryover())
    headers = {sheet.name: list(getattr(tracker, sheet.field).columns) for sheet in TABLE_SHEETS}
    apply_carryover(book, sheets, headers, carry)
    book.close()
    apply_table_filters(path, carry)  # while the file is small: before the rows are streamed in
    first_row = HEADER_ROW + 2  # Excel's number of the first data row
    insert_rows(path, ORDERS_SHEET, _order_rows(tracker.orders, first_row), first_row, last={CUSTOM_PART: seal})


class _Formats:
    """The workbook's cell formats, created once per workbook."""

    def __init__(self, book: Workbook):
        self.by_kind = {
            kind: book.add_format(
                {"num_format": code, **({"align": styles.ALIGNMENTS[kind]} if kind in styles.ALIGNMENTS else {})}
            )
            for kind, code in styles.NUMBER_FORMATS.items()
        }
        self.header = book.add_format(styles.HEADER)
        self.input_header = book.add_format(styles.INPUT_HEADER)
        self.title = book.add_format(styles.TITLE)
        self.subtitle = book.add_format(styles.SUBTITLE)
        self.setting = book.add_format(styles.SETTING_VALUE)
        self.setting_date = book.add_format({**styles.SETTING_VALUE, "num_format": styles.NUMBER_FORMATS["date"]})
        self.rules = {name: book.add_format(spec) for name, spec in styles.RULE_FORMATS.items()}
        self.wrapped_text = book.add_format(styles.WRAPPED_TEXT)

    def for_column(self, column: Column | None):
        if column is not None and column.wrap:
            return self.wrapped_text
        return self.by_kind.get(column.kind) if column else None


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
        sheet.set_column(index, index, column.width, formats.for_column(column))
        if column.note:
            sheet.write_comment(header_row, index, column.note, {"x_scale": 2.2, "y_scale": 1.6})
    for offset, _ in enumerate(_extra_columns(frame, columns)):
        sheet.set_column(len(columns) + offset, len(columns) + offset, 14)
    sheet.set_row(header_row, 45)
    sheet.freeze_panes(header_row + 1, frozen_columns)


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


def _order_rows(orders: pd.DataFrame, first_row: int) -> list[ColumnData]:
    # Each formula column's template compiled once, escaped once for the streamed XML.
    compiled = {
        name: RowFormula(escape(template), ORDER_COLUMNS) for name, template in formulas_of(ORDER_COLUMNS).items()
    }
    dates_like = _index(ORDER_COLUMNS, "Ship By")
    data = []
    for name in orders.columns:
        column = next((c for c in ORDER_COLUMNS if c.name == name), None)
        values = orders[name]
        if name in compiled:
            formulas = [compiled[name].render(row) for row in range(first_row, len(orders) + first_row)]
            data.append(ColumnData("formula", values.tolist(), formulas))
        elif column is not None and column.kind in ("date", "datetime"):
            data.append(ColumnData("number", excel_serials(values)))
        elif column is not None and column.kind != "text":
            data.append(ColumnData("number", values.to_numpy(dtype="float64", na_value=math.nan)))
        elif column is not None:
            data.append(ColumnData("text", values.tolist()))
        else:
            data.append(ColumnData("mixed", values.tolist(), dates_like=dates_like))
    return data


def _write_table(
    sheet: Worksheet,
    name: str,
    frame: pd.DataFrame,
    columns: tuple[Column, ...],
    formats: _Formats,
    formulas: dict[str, str] | None = None,
) -> None:
    """A table of values and, in the columns of ``formulas``, formulas with their cached results."""
    _add_table(sheet, name, frame, columns, formats, rows=len(frame))
    compiled = {column: RowFormula(template, columns) for column, template in (formulas or {}).items()}
    known = {column.name: column for column in columns}
    for index, column_name in enumerate(frame.columns):
        cell_format = formats.for_column(known.get(column_name))
        formula = compiled.get(column_name)
        for row, value in enumerate(frame[column_name].tolist(), start=1):
            if formula is not None:
                sheet.write_formula(row, index, "=" + formula.render(row + 1), cell_format, _cached(value))
            else:
                _write_value(sheet, row, index, value, cell_format, formats)


def _add_rules(sheet: Worksheet, columns: tuple[Column, ...], rules: tuple, formats: _Formats) -> None:
    """Conditional formats: (rule name, column it colours, condition template) each."""
    for name, target, template in rules:
        col = _index(columns, target)
        criteria = RowFormula(template, columns, absolute_columns=True).render(2)
        sheet.conditional_format(
            1, col, _MAX_ROW, col, {"type": "formula", "criteria": "=" + criteria, "format": formats.rules[name]}
        )


def _cached(value: object) -> object:
    """The cached result XlsxWriter writes beside a formula: a number, text, or "" for a blank."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        return (pd.Timestamp(value) - _EXCEL_EPOCH) / pd.Timedelta(days=1)
    return value


def _write_value(sheet: Worksheet, row: int, col: int, value: object, cell_format, formats: _Formats) -> None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        date_format = cell_format or formats.by_kind["date"]
        sheet.write_datetime(row, col, pd.Timestamp(value).to_pydatetime(), date_format)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        sheet.write_number(row, col, value, cell_format)
    else:
        sheet.write_string(row, col, str(value), cell_format)


def _write_settings(book: Workbook, sheet: Worksheet, settings: Settings, formats: _Formats) -> None:
    sheet.write_string(0, 0, "Settings", formats.title)
    sheet.write_string(1, 0, "Yellow cells are yours to change; the formulas use them by name.", formats.subtitle)
    for col, label in enumerate(("Setting", "Value", "What it does", "Name in formulas")):
        sheet.write_string(2, col, label, formats.header)
    for offset, spec in enumerate(SETTING_SPECS):
        row = 3 + offset
        value = getattr(settings, spec.field)
        sheet.write_string(row, 0, spec.label)
        if spec.kind == "date":
            _write_setting_date(sheet, row, value, formats)
        elif isinstance(value, str):
            sheet.write_string(row, 1, value, formats.setting)
        else:
            sheet.write_number(row, 1, value, formats.setting)
        sheet.write_string(row, 2, spec.help)
        sheet.write_string(row, 3, spec.defined_name)
        book.define_name(spec.defined_name, f"='{SETTINGS_SHEET}'!{xl_rowcol_to_cell(row, 1, True, True)}")
    book.define_name(AS_OF, f"={AS_OF_FORMULA}")
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 18)
    sheet.set_column(2, 2, 70)
    sheet.set_column(3, 3, 18)


def _write_setting_date(sheet: Worksheet, row: int, value: dt.date | None, formats: _Formats) -> None:
    if value is None:
        sheet.write_blank(row, 1, None, formats.setting_date)
    else:
        sheet.write_datetime(row, 1, dt.datetime(value.year, value.month, value.day), formats.setting_date)
