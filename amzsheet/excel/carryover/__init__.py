"""Carry what the seller set by hand in Excel over a refresh.

A refresh rebuilds the whole workbook with XlsxWriter (:mod:`amzsheet.excel.writer`), so
anything amzsheet does not write itself would be lost. This module reads it from the
OLD file before it is replaced, and writes it into the new one.

What is kept:

* sheets the seller added (any sheet not in ``managed``): every cell's value, its
  formula as written (so ``='Order Tracking'!A2``, ``SUM(Inventory!K:K)`` and
  ``Inventory[Total Cost]`` keep working; shared formulas are expanded, array and
  dynamic-array formulas stay array formulas) with its cached result, and its number
  format; column widths, column number formats and hidden columns; row heights and
  hidden rows; freeze panes; merged cells; zoom; hidden gridlines; the sheet's
  visibility (visible, hidden, very hidden); its tables and its filter, criteria
  included. The sheets come back at the end of the workbook, in their old order.
* on the managed sheets: column widths and hidden columns, matched by header text so
  that a width follows its column when columns move (by position on a sheet without a
  table, such as Dashboard, and right of a table), and freeze panes (a freeze the
  seller removed stays removed).
* filters of tables (managed or not): the criteria of each filtered column, matched
  by header. They come back in the filter drop-downs, but amzsheet does not evaluate
  criteria, so the rows of a managed table all show until the seller re-applies the
  filter (Data > Reapply, Ctrl+Alt+L in Excel). Rows hidden on a sheet the seller
  added stay hidden, because their hidden state is kept.
* the workbook's defined names that amzsheet does not define itself.

Not kept: cell styles other than the number format (fonts, fills, borders,
alignment), conditional formats, data validation, comments, hyperlinks, charts,
images and shapes, pivot tables, sparklines, chart sheets, print settings, sheet
protection, tab colours, sort state, split (unfrozen) panes, the selected cell, the
hidden flag of defined names, colour and icon filters, filters on a managed sheet
outside its table. A constant error value (``#N/A`` typed as such) comes back as the
formula ``=#N/A``. XlsxWriter writes a formula that uses a dynamic-array function
(XLOOKUP, FILTER, UNIQUE...) as a dynamic-array formula, as Excel 365 does.

Reading uses :mod:`zipfile` and ``defusedxml``, never the whole workbook: a managed
sheet's XML is read only up to ``<sheetData>``, and its header names come from its
table part (a table's header row holds its column names), so a 100,000-line Order
Tracking costs a few milliseconds. A sheet the seller added is read in full and may
hold up to :data:`MAX_EXTRA_CELLS` cells; the text of its shared strings comes from
python-calamine, which reads the shared-string table ten times faster than XML
parsing in Python.

Wiring, in this order::

    carry = read_carryover(path, MANAGED_SHEETS)  # the OLD workbook, before it is replaced
    book = xlsxwriter.Workbook(tmp_path, options)
    sheets = {name: book.add_worksheet(name) for name in MANAGED_SHEETS}
    ...                                           # write the managed sheets, tables, defined names
    apply_carryover(book, sheets, {ORDERS_SHEET: list(orders.columns), ...}, carry)
    book.close()
    apply_table_filters(tmp_path, carry)          # before sheetxml.insert_rows: the file is small then
    insert_rows(tmp_path, ORDERS_SHEET, ...)

A new workbook has nothing to carry: pass ``Carryover()``.
"""

from __future__ import annotations

from amzsheet.excel.carryover.model import (
    MAX_EXTRA_CELLS,
    Carryover,
    Cell,
    ColumnWidth,
    DefinedName,
    ExtraSheet,
    Pane,
    RowHeight,
    SheetLayout,
    TableLayout,
)
from amzsheet.excel.carryover.reading import read_carryover
from amzsheet.excel.carryover.writing import apply_carryover, apply_table_filters

__all__ = [
    "MAX_EXTRA_CELLS",
    "Carryover",
    "Cell",
    "ColumnWidth",
    "DefinedName",
    "ExtraSheet",
    "Pane",
    "RowHeight",
    "SheetLayout",
    "TableLayout",
    "apply_carryover",
    "apply_table_filters",
    "read_carryover",
]
