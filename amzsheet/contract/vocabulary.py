"""The words of the workbook: sheet and table names, order statuses, channels and alert texts.

They are public (notebooks and formulas use them), so each is spelt once, here.
"""

from __future__ import annotations

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
CHANGES_SHEET = "Changes"
CHANGES_TABLE = "Changes"
MESSAGES_SHEET = "Messages"
MESSAGES_TABLE = "Messages"
PROFIT_SHEET = "Profit"
PROFIT_TABLE = "Profit"
SETTLEMENTS_SHEET = "Settlements"
SETTLEMENTS_TABLE = "Settlements"
ADVERTISING_SHEET = "Advertising"
ADVERTISING_TABLE = "Advertising"
STORAGE_FEES_SHEET = "Storage Fees"
STORAGE_FEES_TABLE = "StorageFees"

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
#: Month names of the Why sentences, as the formula's CHOOSE writes them (not the computer's language).
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Order By stays blank when stock lasts this many days or more (a century: no date worth showing).
ORDER_BY_HORIZON_DAYS = 36500

#: The placeholders a template of the Messages sheet may hold, in braces (``{Order ID}``): each is
#: filled from the Order Tracking column of that name (``amzsheet message``).
MESSAGE_PLACEHOLDERS = ("Customer Name", "Product Name", "Order ID", "Tracking Number", "Carrier", "Deliver By")
