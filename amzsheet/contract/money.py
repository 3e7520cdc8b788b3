"""The money tables: Settlements, Advertising, Storage Fees and Profit, one declaration per column.

Where the money comes from (see the README's "Profit" section):

* **Payments** holds every amount Amazon paid or charged: the Date Range transactions and the
  lines of the settlement reports (Flat File V2). A settlement report replaces the Date Range
  transactions of its settlement, so that no amount is counted twice.
* **Settlements** holds one row per settlement report: what Amazon says it deposited, against the
  sum of that settlement's lines on Payments.
* **Advertising** holds the Sponsored Products "Advertised product" report, one row per day, ad
  group and SKU; **Storage Fees** the Monthly Storage Fees report, one row per month, product and
  fulfilment centre.
* **Profit** sums Payments per month, currency and SKU, and takes off what each SKU cost (from
  Purchase Orders or Inventory) and its advertising.
"""

from __future__ import annotations

from amzsheet.contract.columns import Column
from amzsheet.contract.formula_text import equals
from amzsheet.contract.vocabulary import INVENTORY_TABLE, PAYMENTS_TABLE, PURCHASE_ORDERS_TABLE

#: The money categories of a Payments line, each a Profit column (see :mod:`amzsheet.model.profit`).
CATEGORIES = ("Sales", "Amazon Fees", "Storage Fees", "Refunds", "Promotions", "Other")

SETTLEMENT_COLUMNS: tuple[Column, ...] = (
    Column("Settlement ID", "text", "amazon", 14, note="Amazon's number of the settlement (the payout)."),
    Column("Start", "datetime", "amazon", 16, note="Start of the settlement period, in the time zone of Settings."),
    Column("End", "datetime", "amazon", 16, note="End of the settlement period, in the time zone of Settings."),
    Column(
        "Deposit Date",
        "datetime",
        "amazon",
        16,
        note="When Amazon sent the money to your bank, in the time zone of Settings.",
    ),
    Column("Currency", "text", "amazon", 9),
    Column(
        "Total Amount",
        "money",
        "amazon",
        12,
        note="What Amazon says it paid you for this settlement (the settlement report's total-amount).",
    ),
    Column(
        "Lines Total",
        "money",
        "formula",
        12,
        note="Formula: the sum of this settlement's lines on the Payments sheet.",
        formula=f"SUMIFS({PAYMENTS_TABLE}[Total],{PAYMENTS_TABLE}[Settlement ID],{equals('{Settlement ID}')})",
        twin=lambda c: c.lines_total(),
    ),
    Column(
        "Difference",
        "money",
        "formula",
        11,
        note="Formula: Total Amount - Lines Total. 0 when every line of the settlement is on Payments.",
        formula="ROUND({Total Amount}-{Lines Total},2)",
        twin=lambda c: c.difference(),
    ),
    Column("Report", "text", "amazon", 40, note="The settlement report file the row comes from."),
)

ADVERTISING_COLUMNS: tuple[Column, ...] = (
    Column("Date", "date", "amazon", 11, note="The day of the clicks (the first day, for a report over a period)."),
    Column("End Date", "date", "amazon", 11, note="Last day of a report over a period; blank for a daily report."),
    Column("Currency", "text", "amazon", 9),
    Column("Campaign Name", "text", "amazon", 28),
    Column("Ad Group Name", "text", "amazon", 20),
    Column("SKU", "text", "amazon", 18, note="The Advertised SKU."),
    Column("ASIN", "text", "amazon", 12, note="The Advertised ASIN."),
    Column("Impressions", "int", "amazon", 11),
    Column("Clicks", "int", "amazon", 8),
    Column("Spend", "money", "amazon", 10, note="What the clicks cost you."),
    Column("Sales", "money", "amazon", 11, note="7 Day Total Sales: sales Amazon attributes to the ads."),
    Column("Orders", "int", "amazon", 8, note="7 Day Total Orders."),
)

STORAGE_FEE_COLUMNS: tuple[Column, ...] = (
    Column("Month", "text", "amazon", 9, note="The month the storage was charged for (month_of_charge), YYYY-MM."),
    Column("ASIN", "text", "amazon", 12),
    Column("FNSKU", "text", "amazon", 12),
    Column(
        "SKU",
        "text",
        "amzsheet",
        18,
        note=(
            "Written by amzsheet: your SKU of this FNSKU (from the FBA Manage Inventory report) or ASIN (from the "
            "Advertising sheet); blank when none is known."
        ),
    ),
    Column("Product Name", "text", "amazon", 30),
    Column("Fulfillment Center", "text", "amazon", 10),
    Column("Country", "text", "amazon", 8),
    Column("Average Quantity", "number", "amazon", 10, note="Average units on hand during the month."),
    Column("Currency", "text", "amazon", 9),
    Column("Fee", "money", "amazon", 10, note="Amazon's estimated monthly storage fee of the row."),
)

_PO_SKU = f"({PURCHASE_ORDERS_TABLE}[SKU]={{SKU}})"
_PO_COSTED = f"{_PO_SKU}*ISNUMBER({PURCHASE_ORDERS_TABLE}[Received Date])*ISNUMBER({PURCHASE_ORDERS_TABLE}[Unit Cost])"
_PO_UNITS = f"SUMPRODUCT({_PO_COSTED},{PURCHASE_ORDERS_TABLE}[Quantity])"
_PO_COST = f"SUMPRODUCT({_PO_COSTED},{PURCHASE_ORDERS_TABLE}[Quantity],{PURCHASE_ORDERS_TABLE}[Unit Cost])"
_INVENTORY_TYPED = f"({INVENTORY_TABLE}[SKU]={{SKU}})*ISNUMBER({INVENTORY_TABLE}[Unit Cost])"
_INVENTORY_COSTED = f"SUMPRODUCT({_INVENTORY_TYPED})"
_INVENTORY_COST = f"SUMPRODUCT({_INVENTORY_TYPED},{INVENTORY_TABLE}[Unit Cost])"
#: The SKU's unit cost: the average cost of its received purchase orders that carry a Unit Cost, weighted by
#: their quantities, else Inventory's Unit Cost (their average when the SKU is listed twice). Only numbers count:
#: a cost typed as text is no cost.
UNIT_COST = (
    f'IF({{SKU}}="","",IF({_PO_UNITS}>0,ROUND({_PO_COST}/{_PO_UNITS},4),'
    f'IF({_INVENTORY_COSTED}>0,{_INVENTORY_COST}/{_INVENTORY_COSTED},"")))'
)

PROFIT_COLUMNS: tuple[Column, ...] = (
    Column(
        "Month",
        "text",
        "amzsheet",
        9,
        note="The month of the money (the Payments line's date, in the time zone of Settings), YYYY-MM.",
        description="The month the amounts were posted (in the time zone of Settings), as `2026-11`.",
    ),
    Column(
        "Currency",
        "text",
        "amzsheet",
        9,
        note="Amounts in different currencies are never added together: each currency has rows of its own.",
        description="The currency of the amounts: each has rows of its own, never added to another.",
    ),
    Column(
        "SKU",
        "text",
        "amzsheet",
        18,
        note="Blank: money not tied to a SKU (subscription, storage, advertising, reserves, reimbursements...).",
        description=(
            "The SKU; a blank SKU holds money tied to no product (subscription, storage without the storage fee "
            "report, reserves, reimbursements of lost stock...)."
        ),
    ),
    Column(
        "Units",
        "int",
        "amzsheet",
        8,
        note="Units sold: the quantity of the month's Order lines of the SKU (refunded units are not taken off).",
        description="Units sold that month (the quantity of its Order lines; refunded units are not taken off).",
    ),
    Column(
        "Sales",
        "money",
        "amzsheet",
        11,
        note="What buyers paid for the products, before tax (shipping and gift wrap credits are in Other).",
        description="What buyers paid for the product, before tax (shipping and gift wrap credits are in Other).",
    ),
    Column(
        "Amazon Fees",
        "money",
        "amzsheet",
        11,
        note="Referral, FBA and other fees Amazon charged (negative). Blank SKU: subscription and service fees.",
        description="Referral, FBA and other fees (negative); on the blank SKU, subscription and service fees.",
    ),
    Column(
        "Storage Fees",
        "money",
        "amzsheet",
        11,
        note=(
            "FBA storage fees charged in the month (negative), shared out among SKUs by the Storage Fees sheet "
            "(each SKU's share of the month's estimated fees). Without that report, they stay on the blank SKU."
        ),
        description=(
            "FBA storage fees charged that month, shared among the SKUs by the Monthly Storage Fees report "
            "(without it, on the blank SKU)."
        ),
    ),
    Column(
        "Refunds",
        "money",
        "amzsheet",
        11,
        note="Refunds, chargebacks and A-to-z claims: the money returned, less the fees Amazon gave back.",
        description="Refunds, chargebacks and A-to-z claims: the money given back, less the fees Amazon returned.",
    ),
    Column(
        "Promotions",
        "money",
        "amzsheet",
        11,
        note="Promotion discounts you paid (negative).",
        description="Promotion discounts you paid (negative).",
    ),
    Column(
        "Other",
        "money",
        "amzsheet",
        11,
        note=(
            "Everything else: shipping and gift wrap credits, taxes collected and withheld, reimbursements, "
            "adjustments, reserves held and released, advertising invoices taken from payouts."
        ),
        description=(
            "Everything else: shipping and gift wrap credits, taxes collected and passed on, reimbursements, "
            "adjustments, reserves, ad invoices taken from payouts."
        ),
    ),
    Column(
        "Net Proceeds",
        "money",
        "formula",
        12,
        note=(
            "Formula: Sales + Amazon Fees + Storage Fees + Refunds + Promotions + Other, that is everything Amazon "
            "paid or charged for the SKU in the month."
        ),
        description=(
            "Everything Amazon paid or charged for the SKU that month: the sum of the six columns before it. The "
            "whole column adds up to every amount on Payments but bank transfers."
        ),
        formula="ROUND(SUM({Sales},{Amazon Fees},{Storage Fees},{Refunds},{Promotions},{Other}),2)",
        twin=lambda c: c.net_proceeds(),
    ),
    Column(
        "Unit Cost",
        "money",
        "formula",
        9,
        note=(
            "Formula: the average Unit Cost of the SKU's received purchase orders that carry one, weighted by their "
            "quantities; else the Unit Cost of Inventory. Blank: type a Unit Cost."
        ),
        description=(
            "What one unit cost you: the quantity-weighted average of the received purchase orders that carry a "
            "Unit Cost, else Inventory's Unit Cost."
        ),
        formula=UNIT_COST,
        twin=lambda c: c.unit_cost(),
    ),
    Column(
        "COGS",
        "money",
        "formula",
        11,
        note="Formula: Units x Unit Cost, the cost of the goods sold.",
        description="Cost of the goods sold: Units × Unit Cost.",
        formula='IF(ISNUMBER({Unit Cost}),ROUND(N({Units})*{Unit Cost},2),"")',
        twin=lambda c: c.cogs(),
    ),
    Column(
        "Ad Spend",
        "money",
        "amzsheet",
        10,
        note=(
            "Sponsored Products spend of the SKU in the month (Advertising sheet). Blank SKU: spend tied to no SKU, "
            "less the ad invoices Amazon took from your payouts that month (already in Other), so that no ad is "
            "counted twice."
        ),
        description=(
            "Sponsored Products spend (the Advertised product report); on the blank SKU, spend tied to no SKU less "
            "the ad invoices already taken from payouts."
        ),
    ),
    Column(
        "Net Profit",
        "money",
        "formula",
        11,
        note="Formula: Net Proceeds - COGS - Ad Spend.",
        description="What you kept: Net Proceeds − COGS − Ad Spend.",
        formula="ROUND({Net Proceeds}-N({COGS})-N({Ad Spend}),2)",
        twin=lambda c: c.net_profit(),
    ),
    Column(
        "Margin",
        "percent",
        "formula",
        8,
        note="Formula: Net Profit / Sales (blank without sales).",
        description="Net Profit as a share of Sales (blank without sales).",
        formula='IF(N({Sales})>0,{Net Profit}/{Sales},"")',
        twin=lambda c: c.margin(),
    ),
    Column("Product Name", "text", "amzsheet", 40, description="From Inventory (last: the figures fit on a screen)."),
)
