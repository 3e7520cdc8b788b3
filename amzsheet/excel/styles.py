"""Cell formats and colours of the tracker (XlsxWriter format dictionaries)."""

from __future__ import annotations

from collections.abc import Mapping

from amzsheet.contract.schema import Kind

#: Number format of each column kind.
NUMBER_FORMATS: dict[Kind, str] = {
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "money": "#,##0.00",
    "int": "#,##0",
    "number": "#,##0.00",
    "percent": "0.0%",
    "days": "#,##0",
}
#: A share (a service level, a revenue share): 0.975 shows as 97.5%.
PERCENT_FORMAT = "0.0%"

#: Every cell of a table: at the top of a row that wrapped text makes taller.
TOP = {"valign": "top"}

#: Dates are centred: flush right, a date would run into the text of the column to its right.
ALIGNMENTS: dict[Kind, str] = {"date": "center", "datetime": "center"}

#: A column of long text the seller types (``Column.wrap``): wrapped, top-aligned, in Excel's Text format
#: ("@"), in which a text typed starting with "=" stays text instead of becoming a formula.
WRAPPED_TEXT = {"num_format": "@", "text_wrap": True, "valign": "top"}
#: A column of text amzsheet writes that may be long (a sentence, a name, combined alerts): wrapped, top-aligned.
#: No Text format: a formula typed in a Text cell would stay text.
WRAPPED = {"text_wrap": True, "valign": "top"}

TABLE_STYLE = "Table Style Medium 2"
HEADER = {"bold": True, "text_wrap": True, "valign": "top"}
INPUT_HEADER = {**HEADER, "bg_color": "#DDEBF7", "font_color": "#1F1F1F"}
TITLE = {"bold": True, "font_size": 16, "font_color": "#1F4E78"}
SUBTITLE = {"italic": True, "font_color": "#595959"}
SECTION = {"bold": True, "font_size": 12, "font_color": "#1F4E78", "bottom": 2, "bottom_color": "#1F4E78"}
METRIC_LABEL = {"font_color": "#404040"}
METRIC_VALUE = {"bold": True, "font_size": 14}
SETTING_VALUE = {"bg_color": "#FFF2CC", "border": 1, "border_color": "#BF9000"}

# Conditional formats: Excel's built-in "light red fill with dark red text" and friends.
RED = {"bg_color": "#FFC7CE", "font_color": "#9C0006"}
ORANGE = {"bg_color": "#FCD5B4", "font_color": "#974706"}
YELLOW = {"bg_color": "#FFEB9C", "font_color": "#9C5700"}
MISSING = {"bg_color": "#FFC7CE", "pattern": 1}
# Order Tracking's alerts differ in more than hue, for colour-blind readers: OVERDUE is red and bold,
# SHIP TODAY yellow, LATE DELIVERY (for information) a grey Alert cell only.
OVERDUE_ROW = {**RED, "bold": True}
SHIP_TODAY_ROW = YELLOW
LATE_DELIVERY_CELL = {"bg_color": "#E7E6E6", "font_color": "#404040"}
LEGEND_LABEL = {"bold": True, "font_color": "#404040", "align": "right"}

#: Conditional format of each rule name used in :mod:`amzsheet.excel.formulas`.
RULE_FORMATS: dict[str, Mapping[str, object]] = {
    "overdue": OVERDUE_ROW,
    "ship_today": SHIP_TODAY_ROW,
    "late_delivery": LATE_DELIVERY_CELL,
    "out_of_stock": RED,
    "reorder": ORANGE,
    "missing_cost": MISSING,
    "count_due": YELLOW,
    "loss": RED,
    "unreconciled": RED,
}

CHART_BLUE = "#2E75B6"
CHART_ORANGE = "#ED7D31"

#: Currency symbols Excel shows before an amount; other currencies show their ISO code.
CURRENCY_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥", "INR": "₹", "CAD": "CA$", "AUD": "A$",
                    "MXN": "MX$", "BRL": "R$", "SGD": "S$", "TRY": "₺", "PLN": "zł ", "SEK": "kr "}  # fmt: skip


def currency_format(code: str, decimals: int = 2) -> str:
    """Number format of an amount in ``code`` (ISO 4217): ``"$"#,##0.00``, ``"SAR "#,##0.00``; plain without a code.

    Yen have no decimals.
    """
    number = "#,##0" + ("." + "0" * decimals if decimals and code != "JPY" else "")
    if not code:
        return number
    return f'"{CURRENCY_SYMBOLS.get(code, code + " ")}"{number}'
