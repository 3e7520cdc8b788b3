"""The registry of the tracker's sheets: each declared once, in workbook order.

The reader, the writer, the :class:`~amzsheet.model.tracker.Tracker` and the upgrade path
iterate over :data:`SHEETS` and :data:`TABLE_SHEETS` instead of naming the sheets one by one,
so adding a sheet is one :class:`Sheet` here plus the functions that fill it.
"""

from __future__ import annotations

from dataclasses import dataclass

from amzsheet.contract.schema import (
    ADVERTISING_COLUMNS,
    ADVERTISING_SHEET,
    ADVERTISING_TABLE,
    CHANGE_COLUMNS,
    CHANGES_SHEET,
    CHANGES_TABLE,
    COUNT_COLUMNS,
    COUNTS_SHEET,
    COUNTS_TABLE,
    DASHBOARD_SHEET,
    FBA_STOCK_COLUMNS,
    FBA_STOCK_SHEET,
    FBA_STOCK_TABLE,
    IMPORT_COLUMNS,
    IMPORTS_SHEET,
    IMPORTS_TABLE,
    INVENTORY_COLUMNS,
    INVENTORY_SHEET,
    INVENTORY_TABLE,
    MESSAGE_COLUMNS,
    MESSAGES_SHEET,
    MESSAGES_TABLE,
    ORDER_COLUMNS,
    ORDERS_SHEET,
    ORDERS_TABLE,
    PAYMENT_COLUMNS,
    PAYMENTS_SHEET,
    PAYMENTS_TABLE,
    PROFIT_COLUMNS,
    PROFIT_SHEET,
    PROFIT_TABLE,
    PURCHASE_ORDER_COLUMNS,
    PURCHASE_ORDERS_SHEET,
    PURCHASE_ORDERS_TABLE,
    RETURN_COLUMNS,
    RETURNS_SHEET,
    RETURNS_TABLE,
    SETTINGS_SHEET,
    SETTLEMENT_COLUMNS,
    SETTLEMENTS_SHEET,
    SETTLEMENTS_TABLE,
    STOCK_HISTORY_COLUMNS,
    STOCK_HISTORY_SHEET,
    STOCK_HISTORY_TABLE,
    STORAGE_FEE_COLUMNS,
    STORAGE_FEES_SHEET,
    STORAGE_FEES_TABLE,
    Column,
)


@dataclass(frozen=True)
class Sheet:
    """One sheet of the tracker, with its Excel table when it has one.

    :param name: the sheet's name (part of the public contract).
    :param table: the name of its Excel table ("" for the Dashboard and Settings, which have none).
    :param columns: the table's columns, in order.
    :param field: the :class:`~amzsheet.model.tracker.Tracker` attribute holding the table ("" for none).
    :param added_in: the layout version that added the sheet; an older workbook may lack it, and a
        sheet of the seller's with this name is in the way of an upgrade.
    :param hidden: the sheet is hidden (the import ledger, the stock history).
    :param seller_rows: the seller types the rows (Purchase Orders, Counts, Messages): the table may be empty.
    """

    name: str
    table: str = ""
    columns: tuple[Column, ...] = ()
    field: str = ""
    added_in: int = 1
    hidden: bool = False
    seller_rows: bool = False


#: Every sheet of the tracker, in the workbook's order.
SHEETS: tuple[Sheet, ...] = (
    Sheet(DASHBOARD_SHEET),
    Sheet(ORDERS_SHEET, ORDERS_TABLE, ORDER_COLUMNS, "orders"),
    Sheet(INVENTORY_SHEET, INVENTORY_TABLE, INVENTORY_COLUMNS, "inventory"),
    Sheet(PROFIT_SHEET, PROFIT_TABLE, PROFIT_COLUMNS, "profit", 7),
    Sheet(PURCHASE_ORDERS_SHEET, PURCHASE_ORDERS_TABLE, PURCHASE_ORDER_COLUMNS, "purchase_orders", 3, seller_rows=True),
    Sheet(COUNTS_SHEET, COUNTS_TABLE, COUNT_COLUMNS, "counts", 3, seller_rows=True),
    Sheet(RETURNS_SHEET, RETURNS_TABLE, RETURN_COLUMNS, "returns", 2),
    Sheet(PAYMENTS_SHEET, PAYMENTS_TABLE, PAYMENT_COLUMNS, "payments", 2),
    Sheet(SETTLEMENTS_SHEET, SETTLEMENTS_TABLE, SETTLEMENT_COLUMNS, "settlements", 7),
    Sheet(ADVERTISING_SHEET, ADVERTISING_TABLE, ADVERTISING_COLUMNS, "advertising", 7),
    Sheet(STORAGE_FEES_SHEET, STORAGE_FEES_TABLE, STORAGE_FEE_COLUMNS, "storage_fees", 7),
    Sheet(FBA_STOCK_SHEET, FBA_STOCK_TABLE, FBA_STOCK_COLUMNS, "fba_stock", 4),
    Sheet(MESSAGES_SHEET, MESSAGES_TABLE, MESSAGE_COLUMNS, "messages", 5, seller_rows=True),
    Sheet(CHANGES_SHEET, CHANGES_TABLE, CHANGE_COLUMNS, "changes", 5),
    Sheet(SETTINGS_SHEET),
    Sheet(IMPORTS_SHEET, IMPORTS_TABLE, IMPORT_COLUMNS, "imports", 2, hidden=True),
    Sheet(STOCK_HISTORY_SHEET, STOCK_HISTORY_TABLE, STOCK_HISTORY_COLUMNS, "stock_history", 3, hidden=True),
)
#: The sheets that hold an Excel table of the tracker's data.
TABLE_SHEETS: tuple[Sheet, ...] = tuple(sheet for sheet in SHEETS if sheet.table)
#: The names of the sheets amzsheet writes (every other sheet is the seller's).
MANAGED_SHEETS: tuple[str, ...] = tuple(sheet.name for sheet in SHEETS)


def sheets_added_by(version: int) -> tuple[str, ...]:
    """The names of the sheets layout ``version`` added."""
    return tuple(sheet.name for sheet in SHEETS if sheet.added_in == version)
