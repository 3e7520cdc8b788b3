"""Fit what a refresh carries from a tracker of an older layout to this layout's sheets.

The carry-over (:mod:`amzsheet.excel.carryover`) keeps the column widths and frozen panes of the
old workbook, since the seller may have set them. A workbook of layout 5 or before also holds
amzsheet's own former defaults, which would undo this layout's: Order Tracking's table now
starts under its legend, some columns were too narrow (or too wide) to read, and the Dashboard
was laid out anew. Here the defaults amzsheet wrote give way to the new ones; what the seller
set stays.
"""

from __future__ import annotations

from dataclasses import replace

from xlsxwriter.utility import xl_cell_to_rowcol

from amzsheet.contract.schema import DASHBOARD_SHEET, INVENTORY_SHEET, ORDERS_SHEET, ORDERS_TABLE
from amzsheet.excel.carryover import Carryover, ColumnWidth, Pane
from amzsheet.excel.order_legend import FROZEN_COLUMNS, HEADER_ROW

#: Widths (characters) columns had in layouts 1 to 5, by sheet and header, that this layout changed.
FORMER_WIDTHS: dict[str, dict[str, float]] = {
    ORDERS_SHEET: {
        "Order Date": 16,
        "Alert": 14,
        "SKU": 16,
        "Carrier": 10,
        "Tracking Number": 22,
        "Customer Name": 20,
        "Last Updated": 16,
    },
    INVENTORY_SHEET: {"SKU": 16, "Product Name": 40, "Supplier": 16, "Why": 60, "Alert": 22},
}
#: Widths (characters) of Dashboard columns in layout 6, by 0-based column, that layout 7 widened (column C
#: holds the Profit block's "Month to date").
FORMER_DASHBOARD_WIDTHS: dict[int, float] = {2: 11}


def fitted_to_layout(carry: Carryover) -> Carryover:
    """``carry`` with an older layout's defaults replaced by this layout's.

    A workbook whose Orders table starts in row 1 is of layout 5 or before. Its Order Tracking
    froze row 1 and Order ID, amzsheet's default then: that pane gives way to this layout's
    (legend and header rows, Order ID to Alert); a pane the seller set moves down with the
    header, and a freeze the seller removed stays removed. On every sheet a width still at its
    former default (:data:`FORMER_WIDTHS`) gives way to the new one, and the Dashboard, laid out
    anew, keeps no width of the old one.
    """
    carry = _without_former_dashboard_widths(carry)
    if not _before_legend(carry):
        return carry
    layouts = []
    for layout in carry.layouts:
        if layout.name == DASHBOARD_SHEET:
            layout = replace(layout, widths=())
        former = FORMER_WIDTHS.get(layout.name, {})
        layout = replace(layout, widths=tuple(width for width in layout.widths if not _is_former(width, former)))
        if layout.name == ORDERS_SHEET:
            layout = replace(layout, pane=_moved_pane(layout.pane))
        layouts.append(layout)
    return replace(carry, layouts=tuple(layouts))


def _without_former_dashboard_widths(carry: Carryover) -> Carryover:
    """``carry`` without the Dashboard widths still at a layout 6 default (:data:`FORMER_DASHBOARD_WIDTHS`).

    A range of columns amzsheet set together (C:L) goes as a whole: the new layout sets each of them.
    """
    layouts = []
    for layout in carry.layouts:
        if layout.name == DASHBOARD_SHEET:
            kept = tuple(
                width
                for width in layout.widths
                if not any(
                    width.first <= column <= width.last
                    and width.width is not None
                    and round(width.width * 7) == round(former * 7 + 5)
                    for column, former in FORMER_DASHBOARD_WIDTHS.items()
                )
            )
            layout = replace(layout, widths=kept)
        layouts.append(layout)
    return replace(carry, layouts=tuple(layouts))


def _before_legend(carry: Carryover) -> bool:
    """Whether the old workbook's Orders table starts above :data:`HEADER_ROW` (layout 5 or before)."""
    for layout in carry.layouts:
        for table in layout.tables:
            if layout.name == ORDERS_SHEET and table.name.casefold() == ORDERS_TABLE.casefold():
                return xl_cell_to_rowcol(table.ref.split(":")[0])[0] < HEADER_ROW
    return False


def _moved_pane(pane: Pane | None) -> Pane | None:
    if pane is None:
        return None
    if (pane.rows, pane.cols) == (1, 1):  # the old default
        return Pane(HEADER_ROW + 1, FROZEN_COLUMNS, HEADER_ROW + 1, FROZEN_COLUMNS)
    moved = HEADER_ROW  # the header moved from row 1 down to the header row
    return Pane(pane.rows + moved if pane.rows else 0, pane.cols, max(pane.top_row + moved, 0), pane.left_col)


def _is_former(width: ColumnWidth, former: dict[str, float]) -> bool:
    """A width amzsheet wrote by default in layout 5 or before, not one the seller set."""
    default = former.get(width.header or "")
    if default is None or width.width is None or width.hidden:
        return False
    return round(width.width * 7) == round(default * 7 + 5)  # as stored: 16 characters are 16.7109375
