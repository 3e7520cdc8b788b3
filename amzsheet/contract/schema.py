"""The workbook contract: sheet names, table names, columns and the Settings.

Sheet names and column headers are public: notebooks and other tools read them, so
they are defined once here and never repeated as literals elsewhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from amzsheet.contract.template import SettingSpec, load_template

ORDERS_SHEET = "Order Tracking"
INVENTORY_SHEET = "Inventory"
SETTINGS_SHEET = "Settings"
DASHBOARD_SHEET = "Dashboard"
ORDERS_TABLE = "Orders"
INVENTORY_TABLE = "Inventory"
RETURNS_SHEET = "Returns"
RETURNS_TABLE = "Returns"
PAYMENTS_SHEET = "Payments"
PAYMENTS_TABLE = "Payments"
IMPORTS_SHEET = "Imports"
IMPORTS_TABLE = "Imports"
PURCHASE_ORDERS_SHEET = "Purchase Orders"
PURCHASE_ORDERS_TABLE = "PurchaseOrders"
COUNTS_SHEET = "Counts"
COUNTS_TABLE = "Counts"
STOCK_HISTORY_SHEET = "Stock History"
STOCK_HISTORY_TABLE = "StockHistory"
FBA_STOCK_SHEET = "FBA Stock"
FBA_STOCK_TABLE = "FbaStock"
#: Version of the workbook layout: 1 = the first release, 2 = columns for returns, fees,
#: FBA stock and Amazon's restock advice, plus the Payments and Imports sheets, 3 = inventory
#: planning: forecast, classes, purchase orders, counts and the daily stock history, 4 = FBA
#: stock per marketplace (the FBA Stock sheet), 5 = seller metrics: Order Tracking's Feedback and
#: Claim columns.
LAYOUT_VERSION = 5
#: Amazon marketplaces a seller can name with ``--marketplace`` (Seller Central's country codes).
MARKETPLACES = (
    "US", "CA", "MX", "BR", "UK", "DE", "FR", "IT", "ES", "NL", "SE",
    "PL", "BE", "IE", "TR", "AE", "SA", "EG", "IN", "JP", "AU", "SG",
)  # fmt: skip
#: The workbook's custom document property that records its layout version.
LAYOUT_PROPERTY = "amzsheet layout"

#: How a column's values are typed in the DataFrames and formatted in Excel.
Kind = Literal["text", "datetime", "date", "int", "number", "money"]
#: Who writes a column: an Amazon export, the seller, an Excel formula, or amzsheet
#: itself at refresh time (a statistic stored as a value).
Owner = Literal["amazon", "seller", "formula", "amzsheet"]


@dataclass(frozen=True)
class Column:
    """One column of a tracker table.

    :param name: header text, part of the public contract.
    :param kind: value type (see :data:`Kind`).
    :param owner: who writes the values (see :data:`Owner`).
    :param width: Excel column width in characters.
    :param note: header comment shown in Excel.
    :param minimum: smallest value a seller may type (numbers only).
    :param maximum: largest value a seller may type (numbers only).
    :param added_in: the layout version that added the column; workbooks of older layouts may lack it.
    :param description: one sentence for the README's column table (``templates/tracker.toml``).
    """

    name: str
    kind: Kind
    owner: Owner
    width: float = 12
    note: str = ""
    minimum: float | None = None
    added_in: int = 1
    maximum: float | None = None
    description: str = ""


# Order statuses the tool uses; the Order Status drop-down offers exactly these.
PENDING, UNSHIPPED, SHIPPED, DELIVERED, RETURNED, CANCELLED = (
    "Pending",
    "Unshipped",
    "Shipped",
    "Delivered",
    "Returned",
    "Cancelled",
)
STATUSES = (PENDING, UNSHIPPED, SHIPPED, DELIVERED, RETURNED, CANCELLED)
#: Statuses of an order line that still has to be shipped by the seller.
OPEN_STATUSES = (PENDING, UNSHIPPED)
#: A status only moves forward: a later export never moves it to a lower rank.
STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}

FBA, FBM = "FBA", "FBM"
#: Multi-Channel Fulfillment: Amazon shipped, from your FBA stock, an order of another sales channel
#: (your own shop). Its units leave your stock, but it is not an Amazon sale.
MCF = "MCF"
#: The values of Order Tracking's Channel column (its drop-down offers exactly these).
CHANNELS = (FBA, FBM, MCF)
#: The ``sales-channel`` of Multi-Channel Fulfillment lines in Amazon's order and shipment reports.
MCF_SALES_CHANNEL = "Non-Amazon"

# Alert texts.
OVERDUE, SHIP_TODAY, LATE_DELIVERY = "OVERDUE", "SHIP TODAY", "LATE DELIVERY"
OUT_OF_STOCK, REORDER, NO_STOCK_COUNT, NO_UNIT_COST = (
    "OUT OF STOCK",
    "REORDER",
    "NO STOCK COUNT",
    "NO UNIT COST",
)


def _with_notes(sheet: str, *columns: Column) -> tuple[Column, ...]:
    """Attach the header comments and descriptions of ``templates/tracker.toml`` to a sheet's columns."""
    template = load_template()
    notes, descriptions = template.notes.get(sheet, {}), template.descriptions.get(sheet, {})
    return tuple(
        dataclasses.replace(column, note=notes.get(column.name, ""), description=descriptions.get(column.name, ""))
        for column in columns
    )


ORDER_COLUMNS: tuple[Column, ...] = _with_notes(
    ORDERS_SHEET,
    Column("Order ID", "text", "amazon", 21),
    Column("Order Date", "datetime", "amazon", 16),
    Column("Customer Name", "text", "seller", 20),
    Column("SKU", "text", "amazon", 16),
    Column("Product Name", "text", "amazon", 40),
    Column("Quantity", "int", "amazon", 9),
    Column("Item Total", "money", "amazon", 11),
    Column("Currency", "text", "amazon", 9),
    Column("Channel", "text", "amazon", 9),
    Column("Order Status", "text", "seller", 12),
    Column("Ship By", "date", "seller", 11),
    Column("Shipped Date", "date", "seller", 12),
    Column("Deliver By", "date", "seller", 11),
    Column("Delivered Date", "date", "seller", 13),
    Column("Carrier", "text", "seller", 10),
    Column("Tracking Number", "text", "seller", 22),
    Column("Alert", "text", "formula", 14),
    Column("Notes", "text", "seller", 30),
    Column("Order Item ID", "text", "amazon", 16),
    Column("Last Updated", "datetime", "amazon", 16),
    Column("Amazon Status", "text", "amazon", 13),
    Column("Return Date", "date", "amazon", 11, added_in=2),
    Column("Return Reason", "text", "amazon", 18, added_in=2),
    Column("Returned Qty", "int", "amazon", 9, added_in=2),
    Column("Restocked Qty", "int", "seller", 9, minimum=0, added_in=2),
    Column("Fees", "money", "amzsheet", 10, added_in=2),
    Column("Net Proceeds", "money", "amzsheet", 11, added_in=2),
    Column("Ship City", "text", "amazon", 14, added_in=2),
    Column("Ship State", "text", "amazon", 10, added_in=2),
    Column("Ship Country", "text", "amazon", 9, added_in=2),
    Column("Feedback", "int", "seller", 9, minimum=1, added_in=5, maximum=5),
    Column("Claim", "text", "amazon", 11, added_in=5),
)

INVENTORY_COLUMNS: tuple[Column, ...] = _with_notes(
    INVENTORY_SHEET,
    Column("SKU", "text", "amazon", 16),
    Column("Product Name", "text", "seller", 40),
    Column("Supplier", "text", "seller", 16),
    Column("Unit Cost", "money", "seller", 10, minimum=0),
    Column("Case Pack", "int", "seller", 8, minimum=1, added_in=3, maximum=1e6),
    Column("Min Order Qty", "int", "seller", 9, minimum=0, added_in=3, maximum=1e9),
    Column("Stock Counted", "int", "seller", 10, minimum=0),
    Column("Count Date", "date", "seller", 11),
    Column("Received Since Count", "int", "seller", 11, minimum=0),
    Column("PO Received Since Count", "int", "formula", 11, added_in=3),
    Column("Returned Since Count", "int", "formula", 10, added_in=2),
    Column("Sold Since Count", "int", "formula", 10),
    Column("Available Quantity", "int", "formula", 10),
    Column("Ordered Quantity", "int", "formula", 10),
    Column("On Order", "int", "formula", 9, added_in=3),
    Column("Total Cost", "money", "formula", 11),
    Column("In-Stock Days", "int", "amzsheet", 9, added_in=3),
    Column("Avg Daily Sales", "number", "formula", 10),
    Column("Demand Std Dev", "number", "amzsheet", 10),
    Column("Demand Pattern", "text", "amzsheet", 11, added_in=3),
    Column("Forecast Method", "text", "amzsheet", 12, added_in=3),
    Column("Forecast Daily", "number", "amzsheet", 10, added_in=3),
    Column("Forecast Error", "number", "amzsheet", 10, added_in=3),
    Column("ABC Class", "text", "amzsheet", 7, added_in=3),
    Column("XYZ Class", "text", "amzsheet", 7, added_in=3),
    Column("Lead Time (days)", "int", "seller", 10, minimum=0, maximum=3650),
    Column("Lead Time Spread (days)", "number", "seller", 10, minimum=0, added_in=3, maximum=3650),
    Column("Service Level", "number", "seller", 9, minimum=0.5, added_in=3, maximum=0.999),
    Column("Service Level Used", "number", "formula", 9, added_in=3),
    Column("Safety Stock", "int", "formula", 9),
    Column("Reorder Point", "int", "formula", 9),
    Column("Days of Cover", "number", "formula", 9),
    Column("Order By", "date", "formula", 11, added_in=3),
    Column("Reorder Qty", "int", "formula", 9),
    Column("Amazon Restock Qty", "int", "amazon", 10, added_in=2),
    Column("Amazon Restock Alert", "text", "amazon", 16, added_in=2),
    Column("Reorder Cost", "money", "formula", 11, added_in=3),
    Column("Why", "text", "formula", 60, added_in=3),
    Column("Next Count", "date", "formula", 11, added_in=3),
    Column("Alert", "text", "formula", 22),
    Column("Notes", "text", "seller", 30),
    Column("FBA Inbound", "int", "amazon", 9, added_in=2),
)

PURCHASE_ORDER_COLUMNS: tuple[Column, ...] = _with_notes(
    PURCHASE_ORDERS_SHEET,
    Column("PO Number", "text", "seller", 12),
    Column("Supplier", "text", "seller", 16),
    Column("SKU", "text", "seller", 16),
    Column("Quantity", "int", "seller", 9, minimum=0, maximum=1e9),
    Column("Order Date", "date", "seller", 11),
    Column("Expected Date", "date", "seller", 11),
    Column("Received Date", "date", "seller", 11),
    Column("Open Qty", "int", "formula", 9),
    Column("Notes", "text", "seller", 30),
)

COUNT_COLUMNS: tuple[Column, ...] = _with_notes(
    COUNTS_SHEET,
    Column("Count Date", "date", "seller", 11),
    Column("SKU", "text", "seller", 16),
    Column("Counted Qty", "int", "seller", 10, minimum=0, maximum=1e9),
    Column("Expected Qty", "int", "amzsheet", 10),
    Column("Difference", "int", "formula", 10),
    Column("Status", "text", "amzsheet", 36),
    Column("Notes", "text", "seller", 30),
)

STOCK_HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("Date", "date", "amzsheet", 11),
    Column("SKU", "text", "amzsheet", 16),
    Column("Morning Stock", "int", "amzsheet", 10),
)

FBA_STOCK_COLUMNS: tuple[Column, ...] = _with_notes(
    FBA_STOCK_SHEET,
    Column("Marketplace", "text", "amazon", 12),
    Column("SKU", "text", "amazon", 18),
    Column("Fulfillable", "int", "amazon", 11),
    Column("Inbound", "int", "amazon", 10),
    Column("Report Time", "datetime", "amazon", 17),
    Column("Report", "text", "amazon", 40),
)

RETURN_COLUMNS: tuple[Column, ...] = _with_notes(
    RETURNS_SHEET,
    Column("Return Date", "datetime", "amazon", 16),
    Column("Order ID", "text", "amazon", 21),
    Column("SKU", "text", "amazon", 16),
    Column("Product Name", "text", "amazon", 36),
    Column("Quantity", "int", "amazon", 9),
    Column("Sellable", "int", "amazon", 9),
    Column("Reason", "text", "amazon", 22),
    Column("Status", "text", "amazon", 18),
    Column("Return ID", "text", "amazon", 16),
    Column("Channel", "text", "amazon", 9),
)

PAYMENT_COLUMNS: tuple[Column, ...] = _with_notes(
    PAYMENTS_SHEET,
    Column("Date/Time", "datetime", "amazon", 16),
    Column("Settlement ID", "text", "amazon", 14),
    Column("Type", "text", "amazon", 12),
    Column("Order ID", "text", "amazon", 21),
    Column("SKU", "text", "amazon", 16),
    Column("Description", "text", "amazon", 36),
    Column("Quantity", "int", "amazon", 9),
    Column("Marketplace", "text", "amazon", 14),
    Column("Product Sales", "money", "amazon", 11),
    Column("Fees", "money", "amazon", 10),
    Column("Total", "money", "amazon", 10),
)

IMPORT_COLUMNS: tuple[Column, ...] = (
    Column("File", "text", "amzsheet", 40),
    Column("SHA-256", "text", "amzsheet", 20),
    Column("Report", "text", "amzsheet", 24),
    Column("Rows", "int", "amzsheet", 8),
    Column("Rejected", "int", "amzsheet", 9),
    Column("Imported At", "datetime", "amzsheet", 16),
)


def column_names(columns: tuple[Column, ...]) -> list[str]:
    """Return the header names of ``columns`` in order."""
    return [column.name for column in columns]


def columns_owned_by(columns: tuple[Column, ...], *owners: Owner) -> list[str]:
    """Return the names of the columns written by one of ``owners``."""
    return [column.name for column in columns if column.owner in owners]


#: The rows of the Settings sheet, from ``templates/tracker.toml``.
SETTING_SPECS: tuple[SettingSpec, ...] = load_template().settings
_DEFAULTS: dict[str, Any] = {spec.field: spec.default for spec in SETTING_SPECS}  # each of its field's type


@dataclass(frozen=True)
class Settings:
    """The seller's settings, stored as named cells on the Settings sheet.

    Defaults come from ``templates/tracker.toml``; a blank time zone means the
    computer's (see :func:`amzsheet.api.new_tracker`), and UTC where none is known.

    :param sales_window_days: days of sales behind Avg Daily Sales.
    :param default_lead_time: lead time in days for SKUs without one.
    :param review_period_days: days between two purchase orders; a reorder covers lead time + this.
    :param service_level_a: probability of no stock-out during a lead time, class A SKUs (also B, C).
    :param class_a_share: revenue share of the class A SKUs (class B: the next ``class_b_share``).
    :param count_every_a: days between two counts of a class A SKU (also B, C).
    :param handling_days: days from order to Ship By when a report gives no ship-by date.
    :param delivery_days: days from Ship By to Deliver By when a report gives none.
    :param reference_date: the date every formula takes as today; None (blank): the real today.
        ``amzsheet refresh --today`` sets it, a plain refresh clears it.
    :param time_zone: IANA time zone in which order dates are written.
    :param backups_to_keep: backups of earlier versions kept in the backups folder (0: none).
    :param store_ship_location: 1 to keep the ship-to city, state and country of new orders; 0 (default) not to.
    """

    sales_window_days: int = _DEFAULTS["sales_window_days"]
    default_lead_time: int = _DEFAULTS["default_lead_time"]
    review_period_days: int = _DEFAULTS["review_period_days"]
    service_level_a: float = _DEFAULTS["service_level_a"]
    service_level_b: float = _DEFAULTS["service_level_b"]
    service_level_c: float = _DEFAULTS["service_level_c"]
    class_a_share: float = _DEFAULTS["class_a_share"]
    class_b_share: float = _DEFAULTS["class_b_share"]
    count_every_a: int = _DEFAULTS["count_every_a"]
    count_every_b: int = _DEFAULTS["count_every_b"]
    count_every_c: int = _DEFAULTS["count_every_c"]
    handling_days: int = _DEFAULTS["handling_days"]
    delivery_days: int = _DEFAULTS["delivery_days"]
    reference_date: dt.date | None = None
    time_zone: str = _DEFAULTS["time_zone"] or "UTC"
    backups_to_keep: int = _DEFAULTS["backups_to_keep"]
    store_ship_location: int = _DEFAULTS["store_ship_location"]
