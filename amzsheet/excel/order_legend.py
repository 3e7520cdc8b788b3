"""Order Tracking's legend: the row above the Orders table that says what each alert colour means.

The Orders table starts in row 2 (its header) so that the legend stays in view with it in the
frozen rows: each alert's words in the very colours its conditional format gives the order lines.
The reader finds the table's header wherever it is (trackers of layout 5 and earlier have it in row 1);
:mod:`amzsheet.excel.layout_upgrade` moves such a tracker's frozen panes with the header.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from amzsheet.contract.formula_text import LATE_DELIVERY_WINDOW
from amzsheet.contract.schema import LATE_DELIVERY, OVERDUE, SHIP_TODAY, Settings
from amzsheet.excel import styles

#: The legend's row and the Orders table's header row (0-based); the data rows follow.
LEGEND_ROW, HEADER_ROW = 0, 1
#: The layout that put the legend above the Orders table.
LEGEND_ADDED_IN = 6
#: Columns kept in view when scrolling right: Order ID, Order Date and Alert.
FROZEN_COLUMNS = 3
#: Text of the legend's first cell (above Order ID).
LEGEND_LABEL = "Alert colours:"
_PADDING = 10  # pixels a merged range needs beyond its text


@dataclass(frozen=True)
class LegendItem:
    """One alert in the legend.

    :param rule: the name of its conditional format (:data:`amzsheet.excel.styles.RULE_FORMATS`).
    :param text: what the legend shows (for a formula, what it shows with the default Settings).
    :param formula: an Excel formula (without ``=``) that writes the text from the Settings; "" for a constant.
    """

    rule: str
    text: str
    formula: str = ""

    def shown(self, settings: Settings) -> str:
        """The text the legend shows with ``settings`` (a formula's cached value)."""
        if not self.formula:
            return self.text
        days = settings.late_delivery_window_days
        return _LATE_DELIVERY_OFF if days == 0 else _late_delivery_text(str(days), "" if days == 1 else "s")


#: The legend's LATE DELIVERY text when the window is 0: the alert is off.
_LATE_DELIVERY_OFF = f"{LATE_DELIVERY}: off (Late delivery window 0 in Settings)"


def _late_delivery_text(days: str, plural: str) -> str:
    return f"{LATE_DELIVERY} (Alert cell only): shipped, Deliver By passed in the last {days} day{plural}"


#: The legend, most urgent first (the order of :data:`amzsheet.excel.formulas.ORDER_RULES`).
LEGEND: tuple[LegendItem, ...] = (
    LegendItem("overdue", f"{OVERDUE}: Ship By passed"),
    LegendItem("ship_today", f"{SHIP_TODAY}: Ship By is today"),
    LegendItem(
        "late_delivery",
        _late_delivery_text(str(Settings().late_delivery_window_days), "s"),
        formula=(
            f'IF({LATE_DELIVERY_WINDOW}=0,"{_LATE_DELIVERY_OFF}","'
            + _late_delivery_text(f'"&{LATE_DELIVERY_WINDOW}&"', f'"&IF({LATE_DELIVERY_WINDOW}=1,"","s")&"')
            + '")'
        ),
    ),
)


def text_pixels(text: str) -> float:
    """About how many pixels ``text`` takes in Calibri 11, the workbook's font (capitals and digits are wider)."""
    return sum(8.0 if c.isupper() or c.isdigit() else 3.5 if not c.isalnum() else 6.3 for c in text)


def column_pixels(width: float) -> int:
    """Pixels of a column ``width`` characters wide, as Excel lays it out (Calibri 11)."""
    return int(width * 7 + 5)


def legend_spans(widths: Sequence[float], texts: Sequence[str]) -> list[tuple[int, int]]:
    """The columns (first, last, 0-based) each text of the legend spans, from column B on.

    Each takes as many columns as its text needs; one starting among the frozen columns ends with them,
    so that no merged range straddles the frozen pane's edge.
    """
    spans, first = [], 1
    for text in texts:
        last, room = first, column_pixels(widths[first])
        while room < text_pixels(text) + _PADDING and last + 1 < len(widths) and last + 1 != FROZEN_COLUMNS:
            last += 1
            room += column_pixels(widths[last])
        spans.append((first, last))
        first = last + 1
    return spans


def write_legend(book: Workbook, sheet: Worksheet, widths: Sequence[float], settings: Settings) -> None:
    """Write the legend row above the Orders table.

    :param widths: the width of each column of the table, in characters.
    :param settings: the Settings the formulas' cached values are computed with.
    """
    label = book.add_format({**styles.LEGEND_LABEL, "valign": "vcenter"})
    sheet.write_string(LEGEND_ROW, 0, LEGEND_LABEL, label)
    texts = [item.shown(settings) for item in LEGEND]
    for item, text, (first, last) in zip(LEGEND, texts, legend_spans(widths, texts)):
        cell = book.add_format({**styles.RULE_FORMATS[item.rule], "valign": "vcenter", "indent": 1})
        if last > first:
            sheet.merge_range(LEGEND_ROW, first, LEGEND_ROW, last, "", cell)
        if item.formula:
            sheet.write_formula(LEGEND_ROW, first, "=" + item.formula, cell, text)
        else:
            sheet.write_string(LEGEND_ROW, first, text, cell)
    sheet.set_row(LEGEND_ROW, 20)
