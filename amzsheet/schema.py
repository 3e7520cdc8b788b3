"""The workbook contract: sheet names, table names, columns and the Settings.

Sheet names and column headers are public: notebooks and other tools read them, so
they are defined once here and never repeated as literals elsewhere.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

ORDERS_SHEET = "Order Tracking"
INVENTORY_SHEET = "Inventory"
SETTINGS_SHEET = "Settings"
DASHBOARD_SHEET = "Dashboard"
ORDERS_TABLE = "Orders"
INVENTORY_TABLE = "Inventory"

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
    """

    name: str
    kind: Kind
    owner: Owner
    width: float = 12
    note: str = ""


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

# Alert texts.
OVERDUE, SHIP_TODAY, LATE_DELIVERY = "OVERDUE", "SHIP TODAY", "LATE DELIVERY"
OUT_OF_STOCK, REORDER, NO_STOCK_COUNT, NO_UNIT_COST = (
    "OUT OF STOCK",
    "REORDER",
    "NO STOCK COUNT",
    "NO UNIT COST",
)

ORDER_COLUMNS: tuple[Column, ...] = (
    Column("Order ID", "text", "amazon", 21),
    Column("Order Date", "datetime", "amazon", 16, "Purchase date in the time zone of Settings."),
    Column("Customer Name", "text", "seller", 20, "Filled from reports that carry a name; your own text is kept."),
    Column("SKU", "text", "amazon", 16),
    Column("Product Name", "text", "amazon", 40),
    Column("Quantity", "int", "amazon", 9),
    Column("Item Total", "money", "amazon", 11, "Line total (unit price x quantity), before tax."),
    Column("Currency", "text", "amazon", 9),
    Column("Channel", "text", "amazon", 9, "FBA: shipped by Amazon. FBM: shipped by you."),
    Column("Order Status", "text", "seller", 12, "Moved forward by each refresh; a status you set by hand is kept."),
    Column("Ship By", "date", "seller", 11, "From the report; otherwise Order Date + handling days (Settings)."),
    Column("Shipped Date", "date", "seller", 12),
    Column("Deliver By", "date", "seller", 11, "Ship By + delivery days (Settings) unless a report gives it."),
    Column("Delivered Date", "date", "seller", 13),
    Column("Carrier", "text", "seller", 10),
    Column("Tracking Number", "text", "seller", 22),
    Column(
        "Alert",
        "text",
        "formula",
        14,
        "Formula. OVERDUE: FBM line not shipped and Ship By before today. SHIP TODAY: Ship By is "
        "today. LATE DELIVERY: FBM line shipped, not delivered, Deliver By before today.",
    ),
    Column("Notes", "text", "seller", 30),
    Column("Order Item ID", "text", "amazon", 16, "Amazon's id of the line, when the report has one."),
    Column("Last Updated", "datetime", "amazon", 16, "Last update of the line in the newest report imported."),
    Column(
        "Amazon Status",
        "text",
        "amazon",
        13,
        "The status from the newest report. When Order Status differs, you set it by hand and "
        "refreshes leave it alone.",
    ),
)

INVENTORY_COLUMNS: tuple[Column, ...] = (
    Column("SKU", "text", "amazon", 16),
    Column("Product Name", "text", "seller", 40),
    Column("Supplier", "text", "seller", 16),
    Column("Unit Cost", "money", "seller", 10, "Your cost per unit (purchase + inbound shipping)."),
    Column("Stock Counted", "int", "seller", 10, "Units you counted on Count Date."),
    Column("Count Date", "date", "seller", 11),
    Column("Received Since Count", "int", "seller", 11, "Units received after the count."),
    Column("Sold Since Count", "int", "formula", 10, "Formula: units of non-cancelled orders placed after Count Date."),
    Column("Available Quantity", "int", "formula", 10, "Formula: Stock Counted + Received Since Count - Sold Since Count."),
    Column("Ordered Quantity", "int", "formula", 10, "Formula: units in Pending or Unshipped orders."),
    Column("Total Cost", "money", "formula", 11, "Formula: Unit Cost x Available Quantity (never below 0)."),
    Column(
        "Avg Daily Sales",
        "number",
        "formula",
        10,
        "Formula: non-cancelled units of the last N full days (N = sales window, Settings) / N.",
    ),
    Column("Lead Time (days)", "int", "seller", 10, "Days from ordering to stock on hand; blank = default lead time (Settings)."),
    Column(
        "Safety Stock",
        "int",
        "formula",
        9,
        "Formula: z(service level) x demand std dev x sqrt(lead time), rounded up.",
    ),
    Column("Reorder Point", "int", "formula", 9, "Formula: Avg Daily Sales x lead time + Safety Stock, rounded up."),
    Column("Days of Cover", "number", "formula", 9, "Formula: Available Quantity / Avg Daily Sales."),
    Column(
        "Reorder Qty",
        "int",
        "formula",
        9,
        "Formula: at or below the reorder point, units to cover lead time + coverage days (Settings) "
        "+ safety stock - available; otherwise 0.",
    ),
    Column("Alert", "text", "formula", 22, "Formula: OUT OF STOCK, REORDER, NO STOCK COUNT, NO UNIT COST."),
    Column("Notes", "text", "seller", 30),
    Column(
        "Demand Std Dev",
        "number",
        "amzsheet",
        10,
        "Value computed by amzsheet at refresh, not a formula: standard deviation of daily units "
        "over the sales window (sample, zero days included).",
    ),
)


def column_names(columns: tuple[Column, ...]) -> list[str]:
    """Return the header names of ``columns`` in order."""
    return [column.name for column in columns]


def columns_owned_by(columns: tuple[Column, ...], *owners: Owner) -> list[str]:
    """Return the names of the columns written by one of ``owners``."""
    return [column.name for column in columns if column.owner in owners]


@dataclass(frozen=True)
class SettingSpec:
    """One row of the Settings sheet: a named cell the formulas use."""

    field: str
    label: str
    defined_name: str
    help: str


SETTING_SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("sales_window_days", "Sales window (days)", "SalesWindowDays", "Days of sales that Avg Daily Sales averages."),
    SettingSpec("default_lead_time", "Default lead time (days)", "DefaultLeadTime", "Used where a SKU has no lead time."),
    SettingSpec("service_level", "Service level", "ServiceLevel", "Share of lead times without a stock-out (0.5-0.999)."),
    SettingSpec("coverage_days", "Coverage days", "CoverageDays", "Days of sales a reorder covers beyond the lead time."),
    SettingSpec("handling_days", "Handling days", "HandlingDays", "Ship By = Order Date + this, when a report gives none."),
    SettingSpec("delivery_days", "Delivery days", "DeliveryDays", "Deliver By = Ship By + this, when a report gives none."),
    SettingSpec("time_zone", "Time zone", "TimeZone", "IANA name, e.g. America/New_York: order dates are shown in it."),
)


@dataclass(frozen=True)
class Settings:
    """The seller's settings, stored as named cells on the Settings sheet.

    :param sales_window_days: days of sales behind Avg Daily Sales.
    :param default_lead_time: lead time in days for SKUs without one.
    :param service_level: probability of no stock-out during a lead time.
    :param coverage_days: days of sales a reorder should cover beyond the lead time.
    :param handling_days: days from order to Ship By when a report gives no ship-by date.
    :param delivery_days: days from Ship By to Deliver By when a report gives none.
    :param time_zone: IANA time zone in which order dates are written.
    """

    sales_window_days: int = 30
    default_lead_time: int = 14
    service_level: float = 0.95
    coverage_days: int = 30
    handling_days: int = 2
    delivery_days: int = 5
    time_zone: str = "UTC"

    def replace(self, **changes: object) -> Settings:
        """Return a copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)
