"""A tour of the library, as an analyst would use it in a notebook.

Run it from the repository root:  python examples/notebook_tour.py [WORKBOOK]
(default: the bundled sample tracker).
"""

from __future__ import annotations

import sys

import amzsheet
from amzsheet import compute

workbook = sys.argv[1] if len(sys.argv) > 1 else "sample_workbooks/tracker.xlsx"
tracker = amzsheet.open_workbook(workbook)
orders, inventory = tracker.orders, tracker.inventory

# Sales by month and channel, from the typed Order Tracking table.
sold = orders[orders["Order Status"] != "Cancelled"]
monthly = sold.groupby([sold["Order Date"].dt.to_period("M"), "Channel"])["Item Total"].sum().unstack()
print(monthly.round(2))

# The SKUs to reorder, with the figures behind the alert.
to_reorder = inventory[inventory["Alert"].fillna("").str.contains("REORDER")]
print(to_reorder[["SKU", "Available Quantity", "Avg Daily Sales", "Reorder Point", "Reorder Qty"]])

# The pure computations work on any DataFrame: what if lead times doubled?
lead = compute.effective_lead_time(inventory, tracker.settings) * 2
safety = compute.safety_stock(inventory["Demand Std Dev"], lead, tracker.settings.service_level)
what_if = compute.reorder_point(inventory["Avg Daily Sales"], lead, safety)
print((what_if - inventory["Reorder Point"]).describe())
