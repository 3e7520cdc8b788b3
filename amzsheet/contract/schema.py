"""The workbook contract: the columns of every table and the Settings.

Sheet names and column headers are public: notebooks and other tools read them, so each is
declared once (the words in :mod:`.vocabulary`, the Inventory table in :mod:`.inventory`, the
other tables here, each column with its header note and, when computed, its formula and pandas
twin) and importable from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

# Re-exported: notebooks and the stages import the whole contract from here.
from amzsheet.contract.columns import Column, Kind, Owner, column_names, columns_owned_by, formulas_of  # noqa: F401
from amzsheet.contract.formula_text import ORDER_ALERT
from amzsheet.contract.inventory import INVENTORY_COLUMNS  # noqa: F401
from amzsheet.contract.money import (  # noqa: F401
    ADVERTISING_COLUMNS,
    CATEGORIES,
    PROFIT_COLUMNS,
    SETTLEMENT_COLUMNS,
    STORAGE_FEE_COLUMNS,
)
from amzsheet.contract.template import SettingSpec, load_template
from amzsheet.contract.vocabulary import *  # noqa: F403
from amzsheet.contract.vocabulary import MESSAGE_PLACEHOLDERS

#: Version of the workbook layout: 1 = the first release, 2 = columns for returns, fees,
#: FBA stock and Amazon's restock advice, plus the Payments and Imports sheets, 3 = inventory
#: planning: forecast, classes, purchase orders, counts and the daily stock history, 4 = FBA
#: stock per marketplace (the FBA Stock sheet), 5 = the morning refresh: Order Tracking's Feedback, Claim
#: and Review Requested columns, what each refresh changed (the Changes sheet) and message templates
#: (the Messages sheet), 6 = Order Tracking to run a day from: its table under a legend of the alert colours
#: (header in row 2), the Alert beside the order's identity, and the late delivery window in Settings, 7 = profit:
#: settlement reports on Payments (its Currency, Amount Type and Promotions columns), the Settlements,
#: Advertising, Storage Fees and Profit sheets, a Unit Cost on Purchase Orders and FNSKU and ASIN on FBA Stock,
#: 8 = the order archive beside the workbook (Settings' Archive orders after (months)).
LAYOUT_VERSION = 8
#: Amazon marketplaces a seller can name with ``--marketplace`` (Seller Central's country codes).
MARKETPLACES = (
    "US", "CA", "MX", "BR", "UK", "DE", "FR", "IT", "ES", "NL", "SE",
    "PL", "BE", "IE", "TR", "AE", "SA", "EG", "IN", "JP", "AU", "SG",
)  # fmt: skip
#: The workbook's custom document property that records its layout version.
LAYOUT_PROPERTY = "amzsheet layout"

ORDER_COLUMNS: tuple[Column, ...] = (
    Column("Order ID", "text", "amazon", 21),
    Column("Order Date", "datetime", "amazon", 17, note="Purchase date, in the time zone of Settings."),
    Column(
        "Alert",
        "text",
        "formula",
        15,
        note=(
            "Formula. OVERDUE (red row): FBM line not shipped and Ship By before today. SHIP TODAY (yellow row): Ship "
            "By is today. LATE DELIVERY (grey cell, for your information): FBM line shipped, not delivered, Deliver By "
            "passed at most Late delivery window days ago (Settings; 14 unless you change it). FBA and MCF lines "
            "never alert: Amazon ships them."
        ),
        formula=ORDER_ALERT,
        twin=lambda c: c.alerts(),
    ),
    Column(
        "Order Status", "text", "seller", 12, note="Moved forward by each refresh. A status you set by hand is kept."
    ),
    Column(
        "Ship By",
        "date",
        "seller",
        11,
        note="From the Unshipped Orders report; otherwise Order Date + handling days (Settings).",
    ),
    Column(
        "Channel",
        "text",
        "amazon",
        9,
        note=(
            "FBA: shipped by Amazon. FBM: shipped by you. MCF: Multi-Channel Fulfillment, an order of your own shop "
            "that Amazon shipped from your FBA stock: its units leave the stock, but it is not an Amazon sale (left "
            "out of the Dashboard's sales and the ABC classes)."
        ),
    ),
    Column("SKU", "text", "amazon", 20),
    Column("Product Name", "text", "amazon", 40),
    Column("Quantity", "int", "amazon", 9),
    Column("Deliver By", "date", "seller", 11, note="Ship By + delivery days (Settings), unless a report gives it."),
    Column(
        "Shipped Date",
        "date",
        "seller",
        12,
        note="From the report's last update when the line became Shipped, unless you typed one.",
    ),
    Column("Carrier", "text", "seller", 12),
    Column("Tracking Number", "text", "seller", 24),
    Column(
        "Delivered Date",
        "date",
        "seller",
        13,
        note="From the report's last update when the line was delivered, unless you typed one.",
    ),
    Column("Customer Name", "text", "seller", 21, note="Filled from reports that carry a name; your own text is kept."),
    Column("Currency", "text", "amazon", 9),
    Column("Item Total", "money", "amazon", 11, note="Line total (unit price x quantity), before tax."),
    Column("Notes", "text", "seller", 30),
    Column(
        "Amazon Status",
        "text",
        "amazon",
        13,
        note=(
            "The status from the newest report. When Order Status differs, you set it by hand and refreshes leave it "
            "alone."
        ),
    ),
    Column(
        "Return Date",
        "date",
        "amazon",
        11,
        added_in=2,
        note="The latest return of this line on the Returns sheet (or the date you type when there is none).",
    ),
    Column("Return Reason", "text", "amazon", 18, added_in=2, note="The buyers' reasons, from the Returns sheet."),
    Column("Returned Qty", "int", "amazon", 9, added_in=2, note="Units returned, added up from the Returns sheet."),
    Column(
        "Restocked Qty",
        "int",
        "seller",
        9,
        minimum=0,
        added_in=2,
        note=(
            "Units of the return back on sale. FBA: the sellable units Amazon reports. Your own returns: type it once"
            " you have checked the item."
        ),
    ),
    Column(
        "Review Requested",
        "date",
        "seller",
        11,
        added_in=5,
        note=(
            "The day you asked the buyer for a review (Seller Central's Request a Review button, or a message). While "
            "it is blank, amzsheet status lists the order from 5 to 30 days after its Delivered Date, the window in "
            "which Amazon allows one request per order. A date on one line of an order counts for the whole order."
        ),
    ),
    Column(
        "Claim",
        "text",
        "amazon",
        11,
        added_in=5,
        note=(
            "A-to-z: the order had an A-to-z Guarantee claim; Chargeback: a credit card chargeback. Both are defects "
            "in the Dashboard's Order Defect Rate. A refresh fills it on every line of the order from the Date Range "
            "transactions (types A-to-z Guarantee Claim, Chargeback Refund) and the A-to-Z Claim column of your "
            "Returns report, only where it is blank: type another word (Withdrawn, say) to leave a claim out of the "
            "rate."
        ),
    ),
    Column(
        "Feedback",
        "int",
        "seller",
        9,
        minimum=1,
        added_in=5,
        maximum=5,
        note=(
            "Yours to type: the buyer's feedback rating of the order, 1 to 5 stars, as Seller Central's Feedback "
            "Manager shows it (amzsheet reads no feedback report). 1 or 2 stars is negative feedback, a defect in the"
            " Dashboard's Order Defect Rate. One line of the order is enough."
        ),
    ),
    Column(
        "Fees",
        "money",
        "amzsheet",
        10,
        added_in=2,
        note=(
            "A value computed by amzsheet at each refresh, not a formula: Amazon's fees for this line (selling, FBA "
            "and other transaction fees) from the Payments sheet."
        ),
    ),
    Column(
        "Net Proceeds",
        "money",
        "amzsheet",
        11,
        added_in=2,
        note=(
            "A value computed by amzsheet at each refresh, not a formula: what Amazon paid for this line after fees "
            "and refunds (the Total of its Payments rows)."
        ),
    ),
    Column("Last Updated", "datetime", "amazon", 17, note="Last update of the line in the newest report imported."),
    Column("Order Item ID", "text", "amazon", 16, note="Amazon's id of the line, when the report has one."),
    Column("Ship City", "text", "amazon", 14, added_in=2, note="Only when Store ship-to location is 1 in Settings."),
    Column("Ship State", "text", "amazon", 10, added_in=2, note="Only when Store ship-to location is 1 in Settings."),
    Column("Ship Country", "text", "amazon", 9, added_in=2, note="Only when Store ship-to location is 1 in Settings."),
)

PURCHASE_ORDER_COLUMNS: tuple[Column, ...] = (
    Column("PO Number", "text", "seller", 12, note="Your purchase order number (any text)."),
    Column("Supplier", "text", "seller", 16, note="Who the order is with."),
    Column("SKU", "text", "seller", 16, note="One row per SKU of the order."),
    Column("Quantity", "int", "seller", 9, minimum=0, maximum=1e9, note="Units ordered."),
    Column("Order Date", "date", "seller", 11, note="When you placed the order."),
    Column(
        "Expected Date",
        "date",
        "seller",
        11,
        note=(
            "When you expect the units in stock. Only orders expected within the SKU's lead time count as On Order in"
            " Inventory."
        ),
    ),
    Column(
        "Received Date",
        "date",
        "seller",
        11,
        note=(
            "Type it when the units arrive: they then count in Available Quantity (if after the Count Date) instead "
            "of On Order."
        ),
    ),
    Column(
        "Open Qty",
        "int",
        "formula",
        9,
        note="Formula: Quantity while Received Date is blank, else 0.",
        formula="IF(ISNUMBER({Received Date}),0,N({Quantity}))",
        twin=lambda c: c.open_qty(),
    ),
    Column("Notes", "text", "seller", 30),
    Column(
        "Unit Cost",
        "money",
        "seller",
        9,
        minimum=0,
        added_in=7,
        note=(
            "What one unit of this order cost you, landed (optional). Profit's COGS takes the average of the SKU's "
            "received orders that have one, weighted by quantity; without any, Inventory's Unit Cost."
        ),
    ),
)

COUNT_COLUMNS: tuple[Column, ...] = (
    Column(
        "Count Date",
        "date",
        "seller",
        11,
        note="The day you counted (before that day's sales; with a time, at that time).",
    ),
    Column("SKU", "text", "seller", 16, note="The SKU you counted."),
    Column("Counted Qty", "int", "seller", 10, minimum=0, maximum=1e9, note="Units you found on the shelf."),
    Column(
        "Expected Qty",
        "int",
        "amzsheet",
        10,
        note="A value written by amzsheet when it used the count: the units Inventory expected on that day.",
    ),
    Column(
        "Difference",
        "int",
        "formula",
        10,
        note="Formula: Counted Qty - Expected Qty. Negative: units missing.",
        formula='IF(AND(ISNUMBER({Counted Qty}),ISNUMBER({Expected Qty})),{Counted Qty}-{Expected Qty},"")',
        twin=lambda c: c["Counted Qty"] - c["Expected Qty"],
    ),
    Column(
        "Status",
        "text",
        "amzsheet",
        36,
        note="Written by amzsheet: when the count became the SKU's Stock Counted, or why it did not.",
    ),
    Column("Notes", "text", "seller", 30),
)

STOCK_HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("Date", "date", "amzsheet", 11),
    Column("SKU", "text", "amzsheet", 16),
    Column("Morning Stock", "int", "amzsheet", 10),
)

FBA_STOCK_COLUMNS: tuple[Column, ...] = (
    Column(
        "Marketplace",
        "text",
        "amazon",
        12,
        note=(
            "The marketplace the FBA Manage Inventory report was imported for (refresh --marketplace); blank: not "
            "said, for a seller with one marketplace."
        ),
    ),
    Column(
        "SKU",
        "text",
        "amazon",
        18,
        note="A SKU Amazon holds in that marketplace. Inventory's Stock Counted is the sum of its rows.",
    ),
    Column(
        "Fulfillable",
        "int",
        "amazon",
        11,
        note="Units Amazon can ship (afn-fulfillable-quantity) when the report was taken.",
    ),
    Column("Inbound", "int", "amazon", 10, note="Units on their way to Amazon (working, shipped and receiving)."),
    Column(
        "Report Time",
        "datetime",
        "amazon",
        17,
        note="When the report was downloaded. Inventory's Count Date is the earliest of a SKU's rows.",
    ),
    Column(
        "Report",
        "text",
        "amazon",
        40,
        note="The file the row comes from. A newer report of a marketplace replaces that marketplace's rows.",
    ),
    Column("FNSKU", "text", "amazon", 12, added_in=7, note="Amazon's id of the SKU's units in its warehouses."),
    Column("ASIN", "text", "amazon", 12, added_in=7),
)

RETURN_COLUMNS: tuple[Column, ...] = (
    Column(
        "Return Date",
        "datetime",
        "amazon",
        16,
        note="When the return was made (FBA) or requested (your own returns), in the time zone of Settings.",
    ),
    Column("Order ID", "text", "amazon", 21),
    Column("SKU", "text", "amazon", 16),
    Column("Product Name", "text", "amazon", 36),
    Column("Quantity", "int", "amazon", 9, note="Units returned."),
    Column(
        "Sellable",
        "int",
        "amazon",
        9,
        note=(
            "FBA: units Amazon put back on sale. Blank for your own returns: you type Restocked Qty on the order line."
        ),
    ),
    Column("Reason", "text", "amazon", 22),
    Column(
        "Status",
        "text",
        "amazon",
        18,
        note="FBA: Amazon's disposition (SELLABLE, CUSTOMER_DAMAGED...). Your own returns: the request status.",
    ),
    Column("Return ID", "text", "amazon", 16, note="FBA: license plate number. Your own returns: Amazon RMA ID."),
    Column("Channel", "text", "amazon", 9),
)

PAYMENT_COLUMNS: tuple[Column, ...] = (
    Column("Date/Time", "datetime", "amazon", 16, note="When the transaction happened, in the time zone of Settings."),
    Column("Settlement ID", "text", "amazon", 14),
    Column(
        "Type",
        "text",
        "amazon",
        12,
        note="Order, Refund, Service Fee, Transfer... as Amazon writes it (in your Seller Central language).",
    ),
    Column("Order ID", "text", "amazon", 21),
    Column("SKU", "text", "amazon", 16),
    Column("Description", "text", "amazon", 36),
    Column("Quantity", "int", "amazon", 9),
    Column("Marketplace", "text", "amazon", 14),
    Column("Product Sales", "money", "amazon", 11),
    Column(
        "Fees",
        "money",
        "amazon",
        10,
        note="Selling fees + FBA fees + other transaction fees (negative: charged to you).",
    ),
    Column("Total", "money", "amazon", 10, note="What the transaction added to (or took from) your payout."),
    Column(
        "Currency",
        "text",
        "amazon",
        9,
        added_in=7,
        note="The settlement's currency; for a Date Range transaction, the currency of its marketplace.",
    ),
    Column(
        "Amount Type",
        "text",
        "amazon",
        14,
        added_in=7,
        note=(
            "Settlement report lines only (ItemPrice, ItemFees, Promotion, other-transaction...); with Description, "
            "what the amount is. Blank: a Date Range transaction. A settlement report replaces the Date Range "
            "transactions of its settlement."
        ),
    ),
    Column(
        "Promotions",
        "money",
        "amazon",
        11,
        added_in=7,
        note="Promotion discounts in the amount (negative: paid by you).",
    ),
)

MESSAGE_COLUMNS: tuple[Column, ...] = (
    Column(
        "Template",
        "text",
        "seller",
        18,
        wrap=True,
        note="The template's name, which you give amzsheet message (case does not matter), such as Review request.",
    ),
    Column(
        "Subject",
        "text",
        "seller",
        34,
        wrap=True,
        note=(
            "The subject, for a message you send by e-mail through Buyer-Seller Messaging (blank: none). Placeholders "
            "work here too."
        ),
    ),
    Column(
        "Text",
        "text",
        "seller",
        80,
        wrap=True,
        note=(
            "The message. amzsheet message fills in the placeholders from the order: "
            + ", ".join(f"{{{name}}}" for name in MESSAGE_PLACEHOLDERS)
            + ". Alt+Enter starts a new line. amzsheet never sends anything: you paste the text into Seller Central."
        ),
    ),
    Column("Notes", "text", "seller", 40, wrap=True, note="When to send it. amzsheet does not read this column."),
)

IMPORT_COLUMNS: tuple[Column, ...] = (
    Column("File", "text", "amzsheet", 40),
    Column("SHA-256", "text", "amzsheet", 20),
    Column("Report", "text", "amzsheet", 24),
    Column("Rows", "int", "amzsheet", 8),
    Column("Rejected", "int", "amzsheet", 9),
    Column("Imported At", "datetime", "amzsheet", 16),
)

#: Most rows the Changes sheet keeps (the oldest go first): a year of mornings, and some more.
MAX_CHANGE_ROWS = 400
CHANGE_COLUMNS: tuple[Column, ...] = (
    Column(
        "Refreshed At",
        "datetime",
        "amzsheet",
        16,
        note=(
            "When the refresh ran, in the time zone of Settings (the Imports ledger's clock). Each refresh that writes "
            f"the workbook adds a row at the end; the last {MAX_CHANGE_ROWS} are kept."
        ),
    ),
    Column("As Of", "date", "amzsheet", 11, note="The day the refresh computed the figures for (the Reference date)."),
    Column("Reports", "text", "amzsheet", 40, note="The files the refresh imported. Blank: none (a recompute only)."),
    Column("Lines Added", "int", "amzsheet", 9, note="Order lines new to Order Tracking."),
    Column("Lines Updated", "int", "amzsheet", 9, note="Order lines that were there before, with a value changed."),
    Column(
        "Shipped",
        "int",
        "amzsheet",
        9,
        note="Order lines that were there before whose Order Status moved to Shipped (new lines count as added only).",
    ),
    Column("Delivered", "int", "amzsheet", 9, note="Order lines whose Order Status moved to Delivered."),
    Column("Cancelled", "int", "amzsheet", 9, note="Order lines whose Order Status moved to Cancelled."),
    Column("Returned", "int", "amzsheet", 9, note="Order lines whose Order Status moved to Returned."),
    Column("New SKUs", "int", "amzsheet", 9, note="SKUs new to Inventory."),
    Column(
        "Stock Changed",
        "int",
        "amzsheet",
        9,
        note=(
            "SKUs already in Inventory whose Available Quantity is not what the workbook showed before the refresh "
            "(blank to a number: a first count)."
        ),
    ),
    Column(
        "SKUs",
        "text",
        "amzsheet",
        40,
        note="The SKUs whose stock changed, A to Z (a very long list ends with '… and N more').",
    ),
)


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
    :param late_delivery_window_days: LATE DELIVERY flags a shipped line while its Deliver By is at most this
        many days past (0: never).
    :param reference_date: the date every formula takes as today; None (blank): the real today.
        ``amzsheet refresh --today`` sets it, a plain refresh clears it.
    :param time_zone: IANA time zone in which order dates are written.
    :param backups_to_keep: backups of earlier versions kept in the backups folder (0: none).
    :param store_ship_location: keep the ship-to city, state and country of new orders (Yes); default No.
    :param archive_after_months: order lines older than this many months move to the archive beside the
        workbook (see :mod:`amzsheet.model.archive`).
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
    late_delivery_window_days: int = _DEFAULTS["late_delivery_window_days"]
    reference_date: dt.date | None = None
    time_zone: str = _DEFAULTS["time_zone"] or "UTC"
    backups_to_keep: int = _DEFAULTS["backups_to_keep"]
    store_ship_location: bool = _DEFAULTS["store_ship_location"]
    archive_after_months: int = _DEFAULTS["archive_after_months"]
