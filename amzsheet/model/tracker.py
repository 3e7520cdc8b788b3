"""The tracker as data: the two tables and the settings, ready for pandas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import pandas as pd

from amzsheet.contract.schema import (
    CHANGE_COLUMNS,
    COUNT_COLUMNS,
    FBA_STOCK_COLUMNS,
    IMPORT_COLUMNS,
    INVENTORY_COLUMNS,
    MESSAGE_COLUMNS,
    ORDER_COLUMNS,
    PAYMENT_COLUMNS,
    PURCHASE_ORDER_COLUMNS,
    RETURN_COLUMNS,
    STOCK_HISTORY_COLUMNS,
    Settings,
)
from amzsheet.contract.tables import conform, empty_table
from amzsheet.merge.payments import line_proceeds
from amzsheet.merge.returns import apply_returns
from amzsheet.model import compute, planning
from amzsheet.model.columns import OrdersFrame, PurchaseOrdersFrame, TableFrame
from amzsheet.model.counts import apply_counts
from amzsheet.model.messages import default_messages
from amzsheet.model.purchase_orders import add_ordered_skus
from amzsheet.model.stock_history import record_snapshot

if TYPE_CHECKING:
    from amzsheet.storage.stamps import FileStamp


@dataclass(frozen=True)
class Tracker:
    """The content of a tracker workbook.

    :param orders: Order Tracking, one row per order line (columns as in the workbook).
    :param inventory: Inventory, one row per SKU.
    :param settings: the Settings sheet.
    :param returns: Returns, one row per return (from the returns reports).
    :param payments: Payments, one row per Amazon transaction (from Date Range reports).
    :param imports: the import ledger: one row per report file imported.
    :param purchase_orders: Purchase Orders, one row per SKU of each order to a supplier (typed by the seller).
    :param counts: Counts, one row per physical count (typed by the seller).
    :param stock_history: Stock History, counted SKUs' stock on the mornings it was news (see :mod:`.stock_history`).
    :param fba_stock: FBA Stock, Amazon's fulfillable units per marketplace and SKU (see :mod:`.fba_stock`).
    :param changes: Changes, one row per refresh that wrote the workbook, the newest last (see :mod:`.changes`).
    :param messages: Messages, the seller's message templates (see :mod:`.messages`); a new tracker starts with
        :data:`~amzsheet.contract.messages.DEFAULT_MESSAGES`.
    :param source: the workbook file this was read from, as it was then (None: not read from a file).
    """

    orders: pd.DataFrame
    inventory: pd.DataFrame
    settings: Settings
    returns: pd.DataFrame = field(default_factory=lambda: empty_table(RETURN_COLUMNS))
    payments: pd.DataFrame = field(default_factory=lambda: empty_table(PAYMENT_COLUMNS))
    imports: pd.DataFrame = field(default_factory=lambda: empty_table(IMPORT_COLUMNS))
    purchase_orders: pd.DataFrame = field(default_factory=lambda: empty_table(PURCHASE_ORDER_COLUMNS))
    counts: pd.DataFrame = field(default_factory=lambda: empty_table(COUNT_COLUMNS))
    stock_history: pd.DataFrame = field(default_factory=lambda: empty_table(STOCK_HISTORY_COLUMNS))
    fba_stock: pd.DataFrame = field(default_factory=lambda: empty_table(FBA_STOCK_COLUMNS))
    changes: pd.DataFrame = field(default_factory=lambda: empty_table(CHANGE_COLUMNS))
    messages: pd.DataFrame = field(default_factory=default_messages)
    source: FileStamp | None = None

    def recompute(self, today: dt.date) -> Tracker:
        """Return a copy whose computed columns (alerts, stock, planning) are up to date.

        New counts on the Counts sheet become Stock Counted, and today's stock is recorded
        in the stock history.

        :param today: the reference date (what Excel's ``TODAY()`` returns).
        """
        returns = conform(self.returns, RETURN_COLUMNS)
        orders = apply_returns(conform(self.orders, ORDER_COLUMNS), returns)
        orders = OrdersFrame(orders, ORDER_COLUMNS, today, self.settings.late_delivery_window_days).fill()
        payments = conform(self.payments, PAYMENT_COLUMNS)
        orders["Fees"], orders["Net Proceeds"] = line_proceeds(orders, payments)
        purchases = stripped(conform(self.purchase_orders, PURCHASE_ORDER_COLUMNS), "SKU", "Supplier")
        purchases = PurchaseOrdersFrame(purchases, PURCHASE_ORDER_COLUMNS, today).fill()
        inventory = add_ordered_skus(add_missing_skus(conform(self.inventory, INVENTORY_COLUMNS), orders), purchases)
        counts = stripped(conform(self.counts, COUNT_COLUMNS), "SKU")
        inventory, counts = apply_counts(inventory, counts, orders, purchases, today)
        counts = TableFrame(counts, COUNT_COLUMNS, today).fill()
        history = conform(self.stock_history, STOCK_HISTORY_COLUMNS)
        inventory = planning.compute_inventory(inventory, orders, self.settings, today, purchases, history)
        return replace(
            self,
            orders=orders,
            inventory=inventory,
            returns=returns,
            payments=payments,
            imports=conform(self.imports, IMPORT_COLUMNS),
            purchase_orders=purchases,
            counts=counts,
            stock_history=record_snapshot(history, inventory, orders, purchases, today),
            messages=conform(self.messages, MESSAGE_COLUMNS),
        )


def stripped(table: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """``table`` with the text typed in ``columns`` stripped of spaces around it ("MUG " is "MUG"); blank is None.

    The seller types these on Purchase Orders and Counts; a stray space would
    otherwise make a SKU or a supplier that matches nothing.
    """
    table = table.copy()
    for column in columns:
        text = table[column].map(lambda value: value.strip() if isinstance(value, str) else value)
        table[column] = text.where(text.fillna("") != "", None).astype(object)
    return table


def add_missing_skus(inventory: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """Add an Inventory row for every SKU seen in orders, and fill blank product names.

    SKUs are compared ignoring case, as the Inventory formulas do. New SKUs are
    appended in alphabetical order; the product name is the one of the SKU's newest
    order line.
    """
    lines = orders.dropna(subset=["SKU"]).sort_values("Order Date", na_position="first", kind="stable")
    lines = lines.assign(key=compute.text_key(lines["SKU"]))
    latest_name = lines.dropna(subset=["Product Name"]).groupby("key")["Product Name"].last()
    known = set(compute.text_key(inventory["SKU"].dropna()))
    first_spelling = lines.drop_duplicates("key").set_index("key")["SKU"]
    new_skus = sorted(first_spelling[~first_spelling.index.isin(known)].tolist())
    result = inventory
    if new_skus:
        added = pd.DataFrame({"SKU": new_skus}).reindex(columns=inventory.columns)
        result = pd.concat([inventory, added.astype(inventory.dtypes.to_dict())], ignore_index=True)
    result = result.copy()
    blank = result["Product Name"].isna() & result["SKU"].notna()
    result.loc[blank, "Product Name"] = compute.text_key(result.loc[blank, "SKU"]).map(latest_name)
    return result
