"""The tracker as data: its tables and its settings, ready for pandas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

import pandas as pd

from amzsheet.contract.schema import (
    ADVERTISING_COLUMNS,
    CHANGE_COLUMNS,
    COUNT_COLUMNS,
    FBA_STOCK_COLUMNS,
    IMPORT_COLUMNS,
    INVENTORY_COLUMNS,
    MESSAGE_COLUMNS,
    ORDER_COLUMNS,
    PAYMENT_COLUMNS,
    PROFIT_COLUMNS,
    PURCHASE_ORDER_COLUMNS,
    RETURN_COLUMNS,
    SETTLEMENT_COLUMNS,
    STOCK_HISTORY_COLUMNS,
    STORAGE_FEE_COLUMNS,
    Column,
    Settings,
)
from amzsheet.contract.sheets import TABLE_SHEETS
from amzsheet.contract.tables import conform, empty_table
from amzsheet.merge.payments import line_proceeds
from amzsheet.merge.returns import apply_returns
from amzsheet.model import compute, planning
from amzsheet.model.archive import sales_history
from amzsheet.model.columns import OrdersFrame, PurchaseOrdersFrame, TableFrame
from amzsheet.model.counts import apply_counts
from amzsheet.model.dtypes import model_table, nullable_table
from amzsheet.model.messages import default_messages
from amzsheet.model.profit import ProfitFrame, profit_values, storage_fee_skus, with_seller_columns
from amzsheet.model.purchase_orders import add_ordered_skus
from amzsheet.model.settlements import SettlementsFrame
from amzsheet.model.stock_history import record_snapshot

if TYPE_CHECKING:
    from amzsheet.storage.stamps import FileStamp


@dataclass(frozen=True)
class Tracker:
    """The content of a tracker workbook.

    What :func:`amzsheet.open_workbook` and the other functions of the package return has pandas'
    nullable dtypes (``string``, ``Int64``, ``Float64``, ``pd.NA`` for a blank) and naive datetimes
    in :attr:`time_zone`: see :mod:`amzsheet.model.dtypes`.

    :param orders: Order Tracking, one row per order line (columns as in the workbook).
    :param inventory: Inventory, one row per SKU.
    :param settings: the Settings sheet.
    :param returns: Returns, one row per return (from the returns reports).
    :param payments: Payments, one row per amount Amazon paid or charged (Date Range transactions and
        settlement report lines).
    :param imports: the import ledger: one row per report file imported.
    :param purchase_orders: Purchase Orders, one row per SKU of each order to a supplier (typed by the seller).
    :param counts: Counts, one row per physical count (typed by the seller).
    :param stock_history: Stock History, counted SKUs' stock on the mornings it was news (see :mod:`.stock_history`).
    :param fba_stock: FBA Stock, Amazon's fulfillable units per marketplace and SKU (see :mod:`.fba_stock`).
    :param changes: Changes, one row per refresh that wrote the workbook, the newest last (see :mod:`.changes`).
    :param messages: Messages, the seller's message templates (see :mod:`.messages`); a new tracker starts with
        :data:`~amzsheet.contract.messages.DEFAULT_MESSAGES`.
    :param profit: Profit, one row per month, currency and SKU (see :mod:`amzsheet.model.profit`).
    :param settlements: Settlements, one row per settlement report imported.
    :param advertising: Advertising, the Sponsored Products "Advertised product" report's rows.
    :param storage_fees: Storage Fees, the Monthly Storage Fees report's rows.
    :param archived_orders: order lines moved to the archive beside the workbook (see :mod:`amzsheet.model.archive`),
        or the columns of them the figures read; not a sheet. Forecasts, classes and days in stock read them
        with :attr:`orders`.
    :param source: the workbook file this was read from, as it was then (None: not read from a file).
    :param nullable_dtypes: the tables have the package's nullable dtypes (set by :meth:`with_nullable_dtypes`);
        :meth:`recompute` then returns them too.
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
    profit: pd.DataFrame = field(default_factory=lambda: empty_table(PROFIT_COLUMNS))
    settlements: pd.DataFrame = field(default_factory=lambda: empty_table(SETTLEMENT_COLUMNS))
    advertising: pd.DataFrame = field(default_factory=lambda: empty_table(ADVERTISING_COLUMNS))
    storage_fees: pd.DataFrame = field(default_factory=lambda: empty_table(STORAGE_FEE_COLUMNS))
    archived_orders: pd.DataFrame = field(default_factory=lambda: empty_table(ORDER_COLUMNS))
    source: FileStamp | None = None
    nullable_dtypes: bool = field(default=False, repr=False)

    @property
    def time_zone(self) -> str:
        """The IANA time zone (Settings' *Time zone*) of every datetime in the tables: Order Date, Last Updated...

        They are naive wall-clock times, as the workbook shows them; ``orders["Order Date"].dt.tz_localize(
        tracker.time_zone)`` makes them aware. Day-only columns (Ship By) are days, in no zone.
        """
        return self.settings.time_zone

    def __repr__(self) -> str:
        """One line: the file and how many rows each table holds, never the tables themselves."""
        where = PurePath(self.source.path).name if self.source is not None else "not saved"
        sizes = ", ".join(f"{len(getattr(self, field)):,} {noun}" for field, noun in _COUNTED)
        return f"<Tracker {where}: {sizes}; times in {self.time_zone}>"

    def with_nullable_dtypes(self) -> Tracker:
        """This tracker with the dtypes the package returns (see :mod:`amzsheet.model.dtypes`)."""
        return self._retyped(nullable_table, nullable=True)

    def with_model_dtypes(self) -> Tracker:
        """This tracker with the dtypes the model computes with (float64, object text with None)."""
        return self._retyped(model_table, nullable=False)

    def _retyped(
        self, convert: Callable[[pd.DataFrame, tuple[Column, ...], str], pd.DataFrame], nullable: bool
    ) -> Tracker:
        tables: dict[str, Any] = {
            sheet.field: convert(getattr(self, sheet.field), sheet.columns, self.time_zone) for sheet in TABLE_SHEETS
        }
        tables["archived_orders"] = convert(self.archived_orders, ORDER_COLUMNS, self.time_zone)
        return replace(self, **tables, nullable_dtypes=nullable)

    def recompute(self, today: dt.date) -> Tracker:
        """Return a copy whose computed columns (alerts, stock, planning) are up to date.

        New counts on the Counts sheet become Stock Counted, and today's stock is recorded
        in the stock history.

        :param today: the reference date (what Excel's ``TODAY()`` returns).
        :return: the tracker recomputed, with the dtypes of this one (see :attr:`nullable_dtypes`).
        """
        tracker = self.with_model_dtypes()
        returns = conform(tracker.returns, RETURN_COLUMNS)
        orders = apply_returns(conform(tracker.orders, ORDER_COLUMNS), returns)
        orders = OrdersFrame(orders, ORDER_COLUMNS, today, tracker.settings.late_delivery_window_days).fill()
        payments = conform(tracker.payments, PAYMENT_COLUMNS)
        orders["Fees"], orders["Net Proceeds"] = line_proceeds(orders, payments)
        purchases = stripped(conform(tracker.purchase_orders, PURCHASE_ORDER_COLUMNS), "SKU", "Supplier")
        purchases = PurchaseOrdersFrame(purchases, PURCHASE_ORDER_COLUMNS, today).fill()
        inventory = add_ordered_skus(add_missing_skus(conform(tracker.inventory, INVENTORY_COLUMNS), orders), purchases)
        counts = stripped(conform(tracker.counts, COUNT_COLUMNS), "SKU")
        inventory, counts = apply_counts(inventory, counts, orders, purchases, today)
        counts = TableFrame(counts, COUNT_COLUMNS, today).fill()
        history = conform(tracker.stock_history, STOCK_HISTORY_COLUMNS)
        sales = sales_history(orders, tracker.archived_orders)
        inventory = planning.compute_inventory(inventory, orders, tracker.settings, today, purchases, history, sales)
        settlements = SettlementsFrame(
            conform(tracker.settlements, SETTLEMENT_COLUMNS), SETTLEMENT_COLUMNS, today, payments
        ).fill()
        advertising = conform(tracker.advertising, ADVERTISING_COLUMNS)
        fba_stock = conform(tracker.fba_stock, FBA_STOCK_COLUMNS)
        storage_fees = conform(tracker.storage_fees, STORAGE_FEE_COLUMNS)
        storage_fees["SKU"] = storage_fee_skus(storage_fees, fba_stock, advertising)
        profit = profit_values(payments, advertising, storage_fees, inventory, main_currency(orders), PROFIT_COLUMNS)
        profit = ProfitFrame(profit, PROFIT_COLUMNS, today, inventory, purchases).fill()
        profit = with_seller_columns(profit, tracker.profit, PROFIT_COLUMNS)
        computed = replace(
            tracker,
            orders=orders,
            inventory=inventory,
            returns=returns,
            payments=payments,
            imports=conform(tracker.imports, IMPORT_COLUMNS),
            purchase_orders=purchases,
            counts=counts,
            stock_history=record_snapshot(history, inventory, orders, purchases, today),
            messages=conform(tracker.messages, MESSAGE_COLUMNS),
            profit=profit,
            settlements=settlements,
            advertising=advertising,
            fba_stock=fba_stock,
            storage_fees=storage_fees,
        )
        return computed.with_nullable_dtypes() if self.nullable_dtypes else computed


#: What :meth:`Tracker.__repr__` counts: each table with the noun for its rows.
_COUNTED = (
    ("orders", "order lines"),
    ("inventory", "SKUs"),
    ("returns", "returns"),
    ("payments", "payments"),
    ("purchase_orders", "purchase order lines"),
    ("counts", "counts"),
)


def main_currency(orders: pd.DataFrame) -> str:
    """The main currency, the Dashboard's: the first of :func:`amzsheet.model.compute.currencies` ("" when none)."""
    return next(iter(compute.currencies(orders)), "")


def lacks_computed_values(tracker: Tracker) -> bool:
    """Whether no formula column of any table holds a value, though some table has rows for them.

    That is a workbook saved by a program that keeps formulas but not their results (openpyxl); an
    amzsheet tracker with SKUs always has values (Available Quantity, Why).
    """
    formulas = [
        getattr(tracker, sheet.field)[column.name]
        for sheet in TABLE_SHEETS
        for column in sheet.columns
        if column.owner == "formula" and column.name in getattr(tracker, sheet.field).columns
    ]
    return any(len(values) for values in formulas) and not any(values.notna().any() for values in formulas)


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
