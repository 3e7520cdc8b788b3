"""A tour of the library, as an analyst would use it in a notebook.

Run it from the repository root:  python examples/notebook_tour.py [WORKBOOK]
(default: the bundled sample tracker).
"""

from __future__ import annotations

import sys

import amzsheet
from amzsheet.model import compute, planning

workbook = sys.argv[1] if len(sys.argv) > 1 else "sample_workbooks/tracker.xlsx"
tracker = amzsheet.open_workbook(workbook)
orders, inventory = tracker.orders, tracker.inventory

# Nullable dtypes: text is "string", counts "Int64", amounts "Float64", a blank pd.NA; datetimes are the
# workbook's wall-clock times in the time zone of Settings.
print(tracker)
print(f"Times are in {tracker.time_zone}; {orders['Alert'].str.contains('OVERDUE').sum()} overdue order lines")

# Sales by month and channel, from the typed Order Tracking table.
sold = orders[orders["Order Status"] != "Cancelled"]
monthly = sold.groupby([sold["Order Date"].dt.to_period("M"), "Channel"])["Item Total"].sum().unstack()
print(monthly.round(2))

# The SKUs to reorder, with the figures behind the alert.
to_reorder = inventory[inventory["Alert"].str.contains("REORDER")]  # a blank Alert (<NA>) is left out
print(to_reorder[["SKU", "Available Quantity", "Forecast Daily", "Reorder Point", "Reorder Qty", "Why"]].to_string())

# How each SKU's forecast was chosen, and how far it missed on the last weeks of history.
print(inventory.groupby(["ABC Class", "Forecast Method"]).size().unstack(fill_value=0))

# The pure computations work on any DataFrame: what if lead times doubled?
lead = compute.effective_lead_time(inventory, tracker.settings) * 2
safety = planning.safety_stock(
    inventory["Service Level Used"],
    lead,
    inventory["Demand Std Dev"],
    inventory["Forecast Daily"],
    inventory["Lead Time Spread (days)"],
)
what_if = planning.reorder_point(inventory["Forecast Daily"], lead, safety)
print((what_if - inventory["Reorder Point"]).describe())
