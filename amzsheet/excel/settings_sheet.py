"""Write the Settings sheet: one named cell per setting, with its help, limits and drop-downs.

Each row of :data:`~amzsheet.contract.schema.SETTING_SPECS` becomes a label, a yellow value
cell named for the formulas (``ServiceLevelA``), a help sentence that wraps and a data validation
that says the limits before a wrong value reaches a refresh: shares are percentages, switches
are a Yes/No drop-down.
"""

from __future__ import annotations

import datetime as dt
import math

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from amzsheet.contract.schema import SETTING_SPECS, SETTINGS_SHEET, Settings
from amzsheet.contract.template import SettingSpec
from amzsheet.excel import styles

#: The words of a Yes/No setting, as its drop-down offers them.
YES, NO = "Yes", "No"
#: Widths of the columns: Setting, Value, What it does, Name in formulas.
_WIDTHS = (28, 16, 80, 18)
_HEADERS = ("Setting", "Value", "What it does", "Name in formulas")
_SUBTITLE = "Type in the yellow cells; the formulas use them by name. Click a cell to see its limits."
_FIRST_ROW = 3  # below the title, the subtitle and the header
_LINE_HEIGHT = 15.0  # points per line of 11-point text
_CHARS_PER_WIDTH = 1.1  # characters of prose per unit of column width (a unit is one "0")


def write_settings(book: Workbook, sheet: Worksheet, settings: Settings) -> None:
    """Fill ``sheet`` with ``settings`` and define each setting's name for the formulas."""
    formats = _formats(book)
    sheet.write_string(0, 0, "Settings", formats["title"])
    sheet.write_string(1, 0, _SUBTITLE, formats["subtitle"])
    for col, label in enumerate(_HEADERS):
        sheet.write_string(2, col, label, formats["header"])
    for offset, spec in enumerate(SETTING_SPECS):
        row = _FIRST_ROW + offset
        sheet.write_string(row, 0, spec.label, formats["text"])
        _write_value(sheet, row, spec, getattr(settings, spec.field), formats)
        sheet.write_string(row, 2, spec.help, formats["help"])
        sheet.write_string(row, 3, spec.defined_name, formats["text"])
        sheet.set_row(row, _height(spec.help))
        validation = _validation(spec)
        if validation:
            sheet.data_validation(row, 1, row, 1, validation)
        book.define_name(spec.defined_name, f"='{SETTINGS_SHEET}'!{xl_rowcol_to_cell(row, 1, True, True)}")
    for col, width in enumerate(_WIDTHS):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(_FIRST_ROW, 0)


def _formats(book: Workbook) -> dict:
    top = {"valign": "top"}
    value = {**styles.SETTING_VALUE, **top}
    return {
        "title": book.add_format(styles.TITLE),
        "subtitle": book.add_format(styles.SUBTITLE),
        "header": book.add_format(styles.HEADER),
        "text": book.add_format(top),
        "help": book.add_format({**top, "text_wrap": True}),
        "number": book.add_format(value),
        "percent": book.add_format({**value, "num_format": styles.PERCENT_FORMAT}),
        "date": book.add_format({**value, "num_format": styles.NUMBER_FORMATS["date"]}),
        "text_value": book.add_format({**value, "num_format": "@"}),
    }


def _write_value(sheet: Worksheet, row: int, spec: SettingSpec, value: object, formats: dict) -> None:
    if spec.kind == "date":
        if isinstance(value, dt.date):
            moment = dt.datetime(value.year, value.month, value.day)
            sheet.write_datetime(row, 1, moment, formats["date"])
        else:
            sheet.write_blank(row, 1, None, formats["date"])
    elif spec.kind == "yes_no":
        sheet.write_string(row, 1, YES if value else NO, formats["number"])
    elif isinstance(value, str):
        sheet.write_string(row, 1, value, formats["text_value"])
    else:
        assert isinstance(value, (int, float))
        sheet.write_number(row, 1, value, formats["percent" if spec.kind == "percent" else "number"])


def _validation(spec: SettingSpec) -> dict | None:
    """The data validation of a setting's value cell (None for the time zone, checked by a refresh)."""
    title = spec.label[:32]  # Excel's limit for an input title
    if spec.kind == "yes_no":
        return {"validate": "list", "source": [YES, NO], "input_title": title, "input_message": "Pick Yes or No."}
    if spec.kind == "date":
        return {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(1900, 1, 1),
            "maximum": dt.date(9999, 12, 31),
            "input_title": title,
            "input_message": "A date such as 2026-11-25, or blank for today.",
            "error_message": "Type a date, or leave the cell blank for today.",
        }
    if spec.minimum is None or spec.maximum is None:
        return None
    whole = isinstance(spec.default, int)
    limits = f"from {_shown(spec, spec.minimum)} to {_shown(spec, spec.maximum)}"
    what = "a whole number" if whole else ("a percentage" if spec.kind == "percent" else "a number")
    return {
        "validate": "integer" if whole else "decimal",
        "criteria": "between",
        "minimum": spec.minimum,
        "maximum": spec.maximum,
        "input_title": title,
        "input_message": f"{what.capitalize()} {limits}.",
        "error_message": f"Type {what} {limits}.",
    }


def _shown(spec: SettingSpec, limit: float) -> str:
    """A limit as the seller reads it: 99.9 % for a share, 365 for days."""
    return f"{limit * 100:g} %" if spec.kind == "percent" else f"{limit:g}"


def _height(text: str) -> float:
    """The height (points) of a row whose help ``text`` wraps in the help column."""
    per_line = int(_WIDTHS[2] * _CHARS_PER_WIDTH)
    return _LINE_HEIGHT * max(1, math.ceil(len(text) / per_line)) + 3
