"""Row heights for wrapped text: how many lines a text takes in a column, as Excel wraps it.

Excel fits a row to its wrapped text only when the text is typed, and LibreOffice not at all
when it opens a file: a row with a long Why sentence or product name would show its first
line. The writer therefore sets the height of each row whose wrapped cells need more than one
line, from the cached texts and Calibri 11's character widths (XlsxWriter's table, which its
``autofit()`` uses too). A row sorted elsewhere by the seller keeps its height until the next
refresh fits it again.
"""

from __future__ import annotations

import math

import pandas as pd
from xlsxwriter.utility import xl_pixel_width

from amzsheet.contract.columns import Column

#: Height in points of one line of Calibri 11 (Excel's default row).
LINE_HEIGHT = 15.0
_PADDING = 6  # pixels of a cell's width that are not text (its margins and gridline)
_SPACE = xl_pixel_width(" ")


def column_pixels(width: float) -> int:
    """A column's width in pixels, as XlsxWriter converts Excel's character width (Calibri 11)."""
    return int(width * 7 + 0.5) + 5


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes, wrapped at spaces in a column ``width`` characters wide.

    A word longer than a line is broken over as many lines as it needs, as Excel does.
    """
    room = max(1, column_pixels(width) - _PADDING)
    lines = 0
    for paragraph in str(text).split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split(" "):
            size = xl_pixel_width(word)
            if used and used + _SPACE + size > room:
                lines += 1
                used = 0
            if size > room:  # one word wider than the column: Excel breaks it
                lines += math.ceil(size / room) - 1
                size = size % room or room
            used += (_SPACE if used else 0) + size
    return lines


def row_heights(frame: pd.DataFrame, columns: tuple[Column, ...], *, first_row: int = 2) -> dict[int, float]:
    """The height in points of each row of ``frame`` whose wrapped columns (``Column.wrap``) need several lines.

    :param first_row: the Excel row number (1-based) of the frame's first row.
    :return: Excel row number to height; a row that fits on one line is left out.
    """
    wrapped = [column for column in columns if column.wrap and column.name in frame.columns]
    heights = {}
    for offset, row in enumerate(zip(*(frame[column.name].tolist() for column in wrapped))):
        lines = max(
            (wrapped_lines(value, column.width) for value, column in zip(row, wrapped) if isinstance(value, str)),
            default=1,
        )
        if lines > 1:
            heights[first_row + offset] = lines * LINE_HEIGHT
    return heights
