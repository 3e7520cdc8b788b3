"""Print setup of the sheets amzsheet writes: landscape, one page wide, the header row on every page.

A seller prints Order Tracking to pack the day's orders and Inventory to take to the stock room;
without a setup Excel prints them portrait, a few columns a page, hundreds of pages, the header on
the first only. Every sheet amzsheet writes gets the same setup; the seller's own sheets are left
as they are.
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from amzsheet.contract.columns import Column
from amzsheet.contract.schema import INVENTORY_SHEET, ORDERS_SHEET

#: The page header and footer: the sheet's name, then "Page 3 of 12" (Excel's codes: &A, &P, &N).
PAGE_HEADER = "&L&A"
PAGE_FOOTER = "&RPage &P of &N"
#: Margins in inches: narrow, so that wide tables keep a readable scale.
_MARGINS = {"left": 0.4, "right": 0.4, "top": 0.6, "bottom": 0.6}
#: The last column printed of the wide tables: the columns a seller works from fit one page wide at
#: a readable scale (about 75 %), where all of them would print at about 27 %. The rest stays on screen.
PRINTED_THROUGH = {ORDERS_SHEET: "Shipped Date", INVENTORY_SHEET: "Reorder Cost"}


def set_print_layout(sheet: Worksheet, *, header_row: int | None = 0) -> None:
    """Print ``sheet`` landscape, fitted to one page wide (as many pages tall as it takes).

    :param header_row: the (0-based) row of a table's header: it and the rows above it (Order
        Tracking's legend) are repeated at the top of every page; None for a sheet without a table.
    """
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(**_MARGINS)
    sheet.set_header(PAGE_HEADER)
    sheet.set_footer(PAGE_FOOTER)
    if header_row is not None:
        sheet.repeat_rows(0, header_row)


def set_print_columns(sheet: Worksheet, name: str, columns: tuple[Column, ...], last_row: int) -> None:
    """Print only the columns of ``sheet`` up to its :data:`PRINTED_THROUGH` column (all of them if none).

    :param last_row: the table's last row (0-based). The area is a range of cells, not whole
        columns, which openpyxl cannot read; the next refresh moves its end with the table.
    """
    through = PRINTED_THROUGH.get(name)
    names = [column.name for column in columns]
    if through in names:
        sheet.print_area(0, 0, last_row, names.index(through))
