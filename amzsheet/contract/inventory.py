"""The Inventory table, one declaration per column: what it holds, its header note, its
README sentence and, for a computed column, its Excel formula and its pandas twin side by side.

Adding a computed column is one :class:`~amzsheet.contract.columns.Column` here (a twin that
reads other tables calls a method of :class:`amzsheet.model.planning.InventoryFrame`) and its
test; the writer, the reader, the model, the README's column table and the checks of
``tests/test_docs.py`` follow from it.
"""

from __future__ import annotations

from amzsheet.contract.columns import Column
from amzsheet.contract.formula_text import NOT_CANCELLED, day_month_year, equals, orders_ref, purchase_ref, rounded
from amzsheet.contract.vocabulary import (
    NO_STOCK_COUNT,
    NO_UNIT_COST,
    ORDER_BY_HORIZON_DAYS,
    OUT_OF_STOCK,
    PENDING,
    REORDER,
    UNSHIPPED,
)

_SKU_UNITS = f"{orders_ref('Quantity')},{orders_ref('SKU')},{equals('{SKU}')}"
_SKU_RESTOCKED = f"{orders_ref('Restocked Qty')},{orders_ref('SKU')},{equals('{SKU}')}"
_SKU_PO = f"{purchase_ref('Quantity')},{purchase_ref('SKU')},{equals('{SKU}')}"
_LEAD = "IF(ISNUMBER({Lead Time (days)}),{Lead Time (days)},DefaultLeadTime)"
_POSITION = "({Available Quantity}+{On Order})"
#: Available + On Order at or below the Reorder Point: time to reorder.
AT_REORDER_POINT = f"{_POSITION}<={{Reorder Point}}"
_PACK = "MAX(1,N({Case Pack}))"
_NEED = f"ROUNDUP(N({{Forecast Daily}})*({_LEAD}+ReviewPeriodDays)+{{Safety Stock}}-{_POSITION},0)"
_STOCK_ALERT = (
    f'IF(ISNUMBER({{Available Quantity}}),IF({{Available Quantity}}<=0,"{OUT_OF_STOCK}",'
    f'IF({AT_REORDER_POINT},"{REORDER}","")),"{NO_STOCK_COUNT}")'
)
_CLASS_SETTING = 'IF({{ABC Class}}="A",{a},IF({{ABC Class}}="B",{b},{c}))'
#: The last sentence of the note of a statistic amzsheet stores as a value.
_REFRESHED = "Worked out by amzsheet at each refresh (a value, not a formula)."


_ON_ORDER_TEXT = 'IF({On Order}>0," − "&{On Order}&" on order","")'
_OVERSOLD = "{Available Quantity}<0"
# Units to order add up: what available stock takes away, oversold units (orders beyond the stock) add.
_STOCK_TAKEN = f'IF({_OVERSOLD}," + "&-{{Available Quantity}}&" oversold"," − "&{{Available Quantity}}&" available")'
# The stock told: "140 available + 20 on order", or "100 on order − 9 oversold".
_STOCK_TOLD = (
    f'IF({_OVERSOLD},IF({{On Order}}>0,{{On Order}}&" on order − ","")&-{{Available Quantity}}&" oversold",'
    '{Available Quantity}&" available"&IF({On Order}>0," + "&{On Order}&" on order",""))'
)
_WHY_REORDER = (
    '"Reorder "&{Reorder Qty}&" by "&'
    + day_month_year("{Order By}")
    + '&": "&'
    + rounded("N({Forecast Daily})")
    + f'&"/day × ("&{_LEAD}&" + "&ReviewPeriodDays&") days + "&{{Safety Stock}}&" safety"&{_STOCK_TAKEN}&'
    + _ON_ORDER_TEXT
    + f'&IF({_PACK}>1,", in cases of "&{_PACK},"")'
    + f'&IF(N({{Min Order Qty}})>{_NEED},", minimum order "&{{Min Order Qty}},"")'
)
_WHY_ENOUGH = (
    '"Enough"&IF(ISNUMBER({Order By})," until "&'
    + day_month_year("{Order By}")
    + f',"")&": "&{_STOCK_TOLD}&" above reorder point "&{{Reorder Point}}'
    + '&" ("&'
    + rounded("N({Forecast Daily})")
    + f'&"/day × "&{_LEAD}&" days + "&{{Safety Stock}}&" safety)"'
)
#: The Why sentence: the reorder decision with the numbers behind it.
WHY = (
    'IF(NOT(ISNUMBER({Available Quantity})),"Count it: type Stock Counted and Count Date, '
    'or import the FBA Manage Inventory report",'
    f"IF({AT_REORDER_POINT},IF({{Reorder Qty}}>0,{_WHY_REORDER},"
    f'"Nothing to order: "&{_POSITION}&" available and on order cover "&'
    + rounded("N({Forecast Daily})")
    + f'&"/day × ("&{_LEAD}&" + "&ReviewPeriodDays&") days + "&{{Safety Stock}}&" safety"),'
    f"{_WHY_ENOUGH}))"
)

#: The Inventory table's columns, in the sheet's order.
INVENTORY_COLUMNS: tuple[Column, ...] = (
    # The decision, on the first screen: what to do about each product, and why.
    Column(
        "SKU",
        "text",
        "amazon",
        20,
        description="Your SKU, one row each (case does not matter, as in Excel's lookups).",
    ),
    Column(
        "Product Name",
        "text",
        "seller",
        30,
        description="From the reports; yours to change.",
        wrap=True,
    ),
    Column(
        "Alert",
        "text",
        "formula",
        17,
        note=(
            "Formula: OUT OF STOCK (none available), REORDER (Available + On Order at or below the Reorder Point), "
            "NO STOCK COUNT (type Stock Counted and Count Date), NO UNIT COST (type Unit Cost)."
        ),
        description=(
            "`OUT OF STOCK`, `REORDER` (Available + On Order at or below the reorder point), `NO STOCK COUNT`, `NO "
            "UNIT COST`."
        ),
        formula=f'{_STOCK_ALERT}&IF(ISNUMBER({{Unit Cost}}),"",IF({_STOCK_ALERT}="","",", ")&"{NO_UNIT_COST}")',
        twin=lambda c: c.alert(),
        wrap=True,
    ),
    Column(
        "Reorder Qty",
        "int",
        "formula",
        9,
        note=(
            "Formula: at or below the reorder point, Forecast Daily x (lead time + review period) + Safety Stock - "
            "Available - On Order, rounded up to whole Case Packs and at least the Min Order Qty; otherwise 0."
        ),
        description=(
            "At or below the reorder point: Forecast Daily × (lead time + review period) + Safety Stock − Available −"
            " On Order, rounded up to whole cartons and at least the Min Order Qty; otherwise 0."
        ),
        formula=(
            f"IF(ISNUMBER({{Available Quantity}}),IF({AT_REORDER_POINT},"
            f'IF({_NEED}>0,ROUNDUP(MAX({_NEED},N({{Min Order Qty}}))/{_PACK},0)*{_PACK},0),0),"")'
        ),
        twin=lambda c: c.reorder_qty(),
    ),
    Column(
        "Order By",
        "date",
        "formula",
        11,
        added_in=3,
        note=(
            "Formula: when Available + On Order reaches the Reorder Point at the current Avg Daily Sales (today when "
            "it already has). Blank without sales or count, or a century or more away."
        ),
        description=(
            "The day Available + On Order reaches the reorder point at Avg Daily Sales; today when it already has; "
            "blank without sales in the window (or a century or more away)."
        ),
        formula=(
            f"IF(ISNUMBER({{Available Quantity}}),IF({AT_REORDER_POINT},AsOfDate,IF({{Avg Daily Sales}}>0,"
            f"IF(({_POSITION}-{{Reorder Point}})/{{Avg Daily Sales}}<{ORDER_BY_HORIZON_DAYS},"
            f'AsOfDate+ROUNDDOWN(({_POSITION}-{{Reorder Point}})/{{Avg Daily Sales}},0),""),"")),"")'
        ),
        twin=lambda c: c.order_by(),
    ),
    Column(
        "Why",
        "text",
        "formula",
        52,
        added_in=3,
        note=(
            "Formula: the reorder decision in one sentence, with the numbers behind it: units a day (Forecast Daily) × "
            "(lead time + review period) + safety stock, less what is available and on order. Dates of another year "
            "than today's carry their year. Oversold: orders taken beyond the stock, which the next order must cover "
            "too."
        ),
        description=(
            "The decision in one sentence, e.g. `Reorder 120 by 2 Dec: 2.8/day × (21 + 30) days + 24 safety − 47 "
            "available`, or `Enough until 15 Dec: 140 available above reorder point 83 (2.8/day × 21 days + 24 "
            "safety)`; a date in another year than today's carries its year (`Enough until 21 Dec 2028`), and "
            "oversold stock reads `+ 9 oversold`."
        ),
        formula=WHY,
        twin=lambda c: c.why(),
        wrap=True,
    ),
    # The stock, at a glance.
    Column(
        "Available Quantity",
        "int",
        "formula",
        10,
        note=(
            "Formula: Stock Counted + Received Since Count + PO Received Since Count + Returned Since Count - Sold "
            "Since Count. Blank until you count."
        ),
        description="Stock Counted + both kinds of received + returned − sold. Blank until you count.",
        formula=(
            "IF(ISNUMBER({Stock Counted}),{Stock Counted}+N({Received Since Count})+{PO Received Since Count}"
            '+{Returned Since Count}-{Sold Since Count},"")'
        ),
        twin=lambda c: c.available_quantity(),
    ),
    Column(
        "On Order",
        "int",
        "formula",
        9,
        added_in=3,
        note=(
            "Formula: Open Qty of Purchase Orders expected within the lead time (Expected Date up to today + lead "
            "time). Later or undated orders do not count."
        ),
        description=(
            "Units on open purchase orders (no Received Date) expected within the lead time. A later or undated order"
            " does not count yet."
        ),
        formula=(
            f"SUMIFS({purchase_ref('Open Qty')},{purchase_ref('SKU')},{equals('{SKU}')},"
            f'{purchase_ref("Expected Date")},"<="&(AsOfDate+{_LEAD}))'
        ),
        twin=lambda c: c.on_order(),
    ),
    Column(
        "Days of Cover",
        "days",
        "formula",
        9,
        note="Formula: how many days Available Quantity lasts at Avg Daily Sales (Available / Avg Daily Sales).",
        description="How many days Available lasts at Avg Daily Sales, shown in whole days.",
        formula=(
            "IF(AND(ISNUMBER({Available Quantity}),{Avg Daily Sales}>0),"
            'MAX(0,{Available Quantity}/{Avg Daily Sales}),"")'
        ),
        twin=lambda c: c.days_of_cover(),
    ),
    Column(
        "Avg Daily Sales",
        "number",
        "formula",
        10,
        note=(
            "Formula: non-cancelled units of the last N full days (N = sales window, Settings) / In-Stock Days. A SKU"
            " that sold 30 units in the 10 days it was in stock sells 3 a day."
        ),
        description=(
            "Units sold in the sales window ÷ In-Stock Days: a SKU that sold 30 units in the 10 days it was in stock "
            "sells 3 a day, not 1."
        ),
        formula=(
            f'SUMIFS({_SKU_UNITS},{NOT_CANCELLED},{orders_ref("Order Date")},">="&(AsOfDate-SalesWindowDays),'
            f'{orders_ref("Order Date")},"<"&AsOfDate)'
            "/IF(ISNUMBER({In-Stock Days}),MAX(1,{In-Stock Days}),SalesWindowDays)"
        ),
        twin=lambda c: c.avg_daily_sales(),
    ),
    Column(
        "Reorder Point",
        "int",
        "formula",
        9,
        note=(
            "Formula: Forecast Daily x lead time + Safety Stock, rounded up. Reorder when Available + On Order falls "
            "to it."
        ),
        description="Forecast Daily × lead time + Safety Stock: reorder when Available + On Order falls to it.",
        formula=f"ROUNDUP(N({{Forecast Daily}})*{_LEAD}+{{Safety Stock}},0)",
        twin=lambda c: c.reorder_point(),
    ),
    Column(
        "Reorder Cost",
        "money",
        "formula",
        11,
        added_in=3,
        note="Formula: Reorder Qty x Unit Cost.",
        description="Reorder Qty × Unit Cost.",
        formula='IF(AND(ISNUMBER({Reorder Qty}),ISNUMBER({Unit Cost})),{Reorder Qty}*{Unit Cost},"")',
        twin=lambda c: c["Reorder Qty"] * c["Unit Cost"],
    ),
    # Yours to type (light blue headers): the supplier's terms, your targets, your counts.
    Column(
        "Supplier",
        "text",
        "seller",
        24,
        note="Who you buy this SKU from; amzsheet reorder groups the purchase list by it.",
        description="Who you buy the SKU from; `amzsheet reorder` groups the purchase list by it.",
        wrap=True,
    ),
    Column(
        "Unit Cost",
        "money",
        "seller",
        10,
        minimum=0,
        note="Your cost per unit (purchase + inbound shipping).",
        description="Your cost per unit, purchase plus inbound shipping.",
    ),
    Column(
        "Case Pack",
        "int",
        "seller",
        8,
        minimum=1,
        added_in=3,
        maximum=1e6,
        note="Units per carton from your supplier; Reorder Qty is rounded up to whole cartons. Blank: 1.",
        description="Units per carton; the reorder quantity is rounded up to whole cartons (blank: 1).",
    ),
    Column(
        "Min Order Qty",
        "int",
        "seller",
        9,
        minimum=0,
        added_in=3,
        maximum=1e9,
        note="Your supplier's minimum order quantity; Reorder Qty is never below it. Blank: none.",
        description="Your supplier's minimum; the reorder quantity is never below it (blank: none).",
    ),
    Column(
        "Lead Time (days)",
        "int",
        "seller",
        10,
        minimum=0,
        maximum=3650,
        note="Days from ordering to stock on hand. Blank: the default lead time of Settings.",
        description="Days from ordering to stock on hand (blank: Default lead time in Settings).",
    ),
    Column(
        "Lead Time Spread (days)",
        "number",
        "seller",
        10,
        minimum=0,
        added_in=3,
        maximum=3650,
        note=(
            "How many days your lead time usually varies by (its standard deviation). Blank: 0. Adds safety stock for"
            " late deliveries."
        ),
        description=(
            "How many days the lead time usually varies by (its standard deviation); adds safety stock for late "
            "deliveries."
        ),
    ),
    Column(
        "Service Level",
        "percent",
        "seller",
        9,
        minimum=0.5,
        added_in=3,
        maximum=0.999,
        note=(
            "Your own service level for this SKU, from 50% to 99.9%: how often a reorder should arrive before the "
            "stock runs out (98%: 49 times in 50). Blank: the one of its ABC class in Settings."
        ),
        description="Your own target for this SKU (50 %–99.9 %), instead of its class's.",
    ),
    Column(
        "Stock Counted",
        "int",
        "seller",
        10,
        minimum=0,
        note=(
            "Units you counted on Count Date. A count typed on the Counts sheet, and the FBA Manage Inventory report "
            "for FBA SKUs, set it."
        ),
        description=(
            "What you counted. A count on the Counts sheet fills it, and the FBA Manage Inventory report does for FBA"
            " SKUs (the sum of the marketplaces on the FBA Stock sheet)."
        ),
    ),
    Column(
        "Count Date",
        "date",
        "seller",
        11,
        note=(
            "When you counted (the FBA Manage Inventory report: when the file was downloaded). Orders placed after it"
            " count as sold since the count."
        ),
        description="When you counted; for FBA SKUs, when the FBA Manage Inventory report was downloaded.",
    ),
    Column(
        "Received Since Count",
        "int",
        "seller",
        11,
        minimum=0,
        note="Units received after the count that are not on the Purchase Orders sheet.",
        description="Units that arrived after the count and are not on the Purchase Orders sheet.",
    ),
    Column(
        "Next Count",
        "date",
        "formula",
        11,
        added_in=3,
        note=(
            "Formula: when to count this SKU next: Count Date + the count interval of its ABC class (Settings). Today"
            " when it was never counted."
        ),
        description=(
            "When to count the SKU again: Count Date + 30 days for class A, 60 for B, 90 for C (Settings); today if "
            "never counted. Yellow once due."
        ),
        formula=(
            'IF({SKU}="","",IF(ISNUMBER({Count Date}),INT({Count Date})+'
            + _CLASS_SETTING.format(a="CountEveryA", b="CountEveryB", c="CountEveryC")
            + ",AsOfDate))"
        ),
        twin=lambda c: c.next_count(),
    ),
    Column(
        "Notes",
        "text",
        "seller",
        30,
        description="Yours.",
        wrap=True,
    ),
    # How Available Quantity is counted, and what Amazon says.
    Column(
        "Sold Since Count",
        "int",
        "formula",
        10,
        note="Formula: units of non-cancelled orders placed after Count Date.",
        description="Units of orders placed after the count (cancelled ones left out).",
        formula=(
            f"IF(ISNUMBER({{Count Date}}),"
            f'SUMIFS({_SKU_UNITS},{NOT_CANCELLED},{orders_ref("Order Date")},">"&{{Count Date}}),'
            f"SUMIFS({_SKU_UNITS},{NOT_CANCELLED}))"
        ),
        twin=lambda c: c.sold_since_count(),
    ),
    Column(
        "Returned Since Count",
        "int",
        "formula",
        10,
        added_in=2,
        note="Formula: Restocked Qty of returns dated after Count Date.",
        description="Returned units put back on sale since the count.",
        formula=(
            f"IF(ISNUMBER({{Count Date}}),"
            f'SUMIFS({_SKU_RESTOCKED},{orders_ref("Return Date")},">"&{{Count Date}}),'
            f"SUMIFS({_SKU_RESTOCKED}))"
        ),
        twin=lambda c: c.returned_since_count(),
    ),
    Column(
        "PO Received Since Count",
        "int",
        "formula",
        11,
        added_in=3,
        note="Formula: units of Purchase Orders whose Received Date is after Count Date.",
        description="Units of purchase orders whose Received Date is after the Count Date.",
        formula=(
            f"IF(ISNUMBER({{Count Date}}),"
            f'SUMIFS({_SKU_PO},{purchase_ref("Received Date")},">"&{{Count Date}}),'
            f'SUMIFS({_SKU_PO},{purchase_ref("Received Date")},">0"))'
        ),
        twin=lambda c: c.po_received_since_count(),
    ),
    Column(
        "Ordered Quantity",
        "int",
        "formula",
        10,
        note="Formula: units in Pending or Unshipped orders (already taken out of Available).",
        description="Units in orders you still have to ship (already taken out of Available).",
        formula=(
            f'SUMIFS({_SKU_UNITS},{orders_ref("Order Status")},"{PENDING}")'
            f'+SUMIFS({_SKU_UNITS},{orders_ref("Order Status")},"{UNSHIPPED}")'
        ),
        twin=lambda c: c.ordered_quantity(),
    ),
    Column(
        "FBA Inbound",
        "int",
        "amazon",
        9,
        added_in=2,
        note="From the FBA Manage Inventory report: units on their way to Amazon (working, shipped, receiving).",
        description="From the FBA Manage Inventory report: units on their way to Amazon.",
    ),
    Column(
        "Total Cost",
        "money",
        "formula",
        11,
        note="Formula: Unit Cost x Available Quantity (never below 0).",
        description="Unit Cost × Available Quantity.",
        formula=(
            'IF(AND(ISNUMBER({Unit Cost}),ISNUMBER({Available Quantity})),{Unit Cost}*MAX(0,{Available Quantity}),"")'
        ),
        twin=lambda c: c.total_cost(),
    ),
    Column(
        "Amazon Restock Qty",
        "int",
        "amazon",
        10,
        added_in=2,
        note=(
            "From Amazon's Restock Inventory report: the replenishment quantity Amazon recommends, to compare with "
            "Reorder Qty."
        ),
        description=(
            "From Amazon's Restock Inventory report, when you import it: the quantity Amazon recommends, beside our "
            "Reorder Qty to compare."
        ),
    ),
    Column(
        "Amazon Restock Alert",
        "text",
        "amazon",
        16,
        added_in=2,
        note="From Amazon's Restock Inventory report: Amazon's alert for this SKU.",
        description="From the same report: Amazon's alert for the SKU.",
    ),
    # The analyst's statistics behind the decision: grouped, collapsed when the file opens (the + above
    # the sheet shows them). A note on each header tells what it means.
    Column(
        "Forecast Daily",
        "number",
        "amzsheet",
        10,
        added_in=3,
        note=(
            "How many units a day this SKU should sell over the lead time and review period, by the Forecast Method. "
            "The Why sentence, Safety Stock, Reorder Point and Reorder Qty use it. " + _REFRESHED
        ),
        description="Units a day the method expects over the lead time + review period. The reorder figures use it.",
        twin=lambda c: c.statistics["Forecast Daily"],
        detail=True,
    ),
    Column(
        "Safety Stock",
        "int",
        "formula",
        9,
        note=(
            "Extra units kept against a busy week or a late delivery, so that a reorder arrives before the shelf is "
            "empty as often as Service Level Used asks. Formula: z(service level) x square root of (lead time x "
            "Demand Std Dev squared + Forecast Daily squared x Lead Time Spread squared), rounded up; z is 2.05 for "
            "98%."
        ),
        description=(
            "Extra units against a busy week or a late delivery: z × √(lead time × Demand Std Dev² + Forecast Daily² "
            "× Lead Time Spread²), rounded up; z is 1.28 for 90 %, 1.64 for 95 %, 1.88 for 97 %, 2.05 for 98 %, 2.33 "
            "for 99 %."
        ),
        formula=(
            f"ROUNDUP(_xlfn.NORM.S.INV({{Service Level Used}})*SQRT({_LEAD}*N({{Demand Std Dev}})^2"
            "+N({Forecast Daily})^2*N({Lead Time Spread (days)})^2),0)"
        ),
        twin=lambda c: c.safety_stock(),
        detail=True,
    ),
    Column(
        "Service Level Used",
        "percent",
        "formula",
        9,
        added_in=3,
        note=(
            "Formula: the service level Safety Stock aims at: your Service Level for this SKU, or else the one of its "
            "ABC class in Settings (A 98%, B 95%, C 90% to start with)."
        ),
        description=(
            "This SKU's Service Level, or else its ABC class's from Settings (A 98 %, B 95 %, C 90 % to start with)."
        ),
        formula=(
            "IF(ISNUMBER({Service Level}),{Service Level},"
            + _CLASS_SETTING.format(a="ServiceLevelA", b="ServiceLevelB", c="ServiceLevelC")
            + ")"
        ),
        twin=lambda c: c.service_level_used(),
        detail=True,
    ),
    Column(
        "ABC Class",
        "text",
        "amzsheet",
        7,
        added_in=3,
        note=(
            "How much this SKU earns: A for the best sellers that bring the first 80% of the last 365 days' revenue, "
            "B the next 15%, C the rest (shares in Settings). Class A gets the highest service level and the most "
            "frequent counts. " + _REFRESHED
        ),
        description=(
            "A: the best sellers that bring the first 80 % of the last 365 days' revenue (Amazon sales, not MCF "
            "lines); B: the next 15 %; C: the rest and SKUs without sales (shares in Settings)."
        ),
        twin=lambda c: c.statistics["ABC Class"],
        detail=True,
    ),
    Column(
        "XYZ Class",
        "text",
        "amzsheet",
        7,
        added_in=3,
        note=(
            "How steady the weekly sales of the last 13 weeks are: X steady (a week's units vary by up to 50% around "
            "their average), Y varying (up to 100%), Z erratic or no sales. Blank under 4 weeks after the first "
            "sale. " + _REFRESHED
        ),
        description=(
            "X: steady weekly sales over the last 13 weeks (variation up to 50 %); Y: varying (up to 100 %); Z: "
            "erratic or none; blank under 4 weeks after the first sale."
        ),
        twin=lambda c: c.statistics["XYZ Class"],
        detail=True,
    ),
    Column(
        "Demand Pattern",
        "text",
        "amzsheet",
        11,
        added_in=3,
        note=(
            "How the SKU sells week by week: smooth (most weeks, similar amounts), erratic (most weeks, amounts that "
            "vary a lot), intermittent (now and then, similar amounts), lumpy (now and then, amounts that vary a "
            "lot). Most weeks: a sale every 1.32 weeks or more often; amounts that vary a lot: squared variation 0.49 "
            "or more. " + _REFRESHED
        ),
        description=(
            "*smooth*, *erratic*, *intermittent* or *lumpy*: how often (average weeks between sales, cut-off 1.32) "
            "and how evenly (squared variation of the sizes, cut-off 0.49) the SKU sells."
        ),
        twin=lambda c: c.statistics["Demand Pattern"],
        detail=True,
    ),
    Column(
        "Forecast Method",
        "text",
        "amzsheet",
        12,
        added_in=3,
        note=(
            "The forecast that missed least when tried on the last weeks of sales. SES: a running average that weighs "
            "recent weeks more. Seasonal: last years' pattern, for SKUs with two years and three months of sales. "
            "Croston-SBA: for SKUs that sell now and then; it averages the size of a sale and the weeks between "
            "sales. No history: under 4 weeks of sales, the plain average. " + _REFRESHED
        ),
        description=(
            "The forecast that missed least when tried on the last weeks of history: **SES** (a running average that "
            "weighs recent weeks more), **Seasonal** (last years' pattern, needs at least two years and three months "
            "of sales), **Croston-SBA** (for SKUs that sell now and then), or *No history* (under 4 weeks: the plain "
            "average)."
        ),
        twin=lambda c: c.statistics["Forecast Method"],
        detail=True,
    ),
    Column(
        "Forecast Error",
        "number",
        "amzsheet",
        10,
        added_in=3,
        note=(
            "How far the Forecast Method was off on average, in units a day, when tried on the last weeks of sales: "
            "small beside Forecast Daily, a forecast to trust. " + _REFRESHED
        ),
        description="How far that method was off on average, in units a day, on those weeks.",
        twin=lambda c: c.statistics["Forecast Error"],
        detail=True,
    ),
    Column(
        "Demand Std Dev",
        "number",
        "amzsheet",
        10,
        note=(
            "How much daily sales swing around their average (their standard deviation), over the days the SKU was "
            "in stock in the sales window. The bigger, the more Safety Stock. " + _REFRESHED
        ),
        description="How much daily sales vary around their average, over the days in stock of the sales window.",
        twin=lambda c: c.demand_std_dev(),
        detail=True,
    ),
    Column(
        "In-Stock Days",
        "int",
        "amzsheet",
        9,
        added_in=3,
        note=(
            "Of the days of the sales window (Settings), how many the SKU was in stock (the hidden Stock History "
            "sheet, or a sale that day). Avg Daily Sales divides by them, so days out of stock do not pull it down. "
            + _REFRESHED
        ),
        description="Of the sales window's days, how many the SKU was in stock (see below).",
        twin=lambda c: c.in_stock_days(),
        detail=True,
    ),
)
