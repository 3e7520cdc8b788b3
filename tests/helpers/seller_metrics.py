"""Crafted order lines for the seller metrics, with the figures each metric must give (TODAY = 25 Nov 2026).

Each scenario fills only the columns its rule reads, so that the union of all of them (``ALL``)
keeps the figures easy to work out by hand: ``EXPECTED_ALL`` says how the scenarios add up.
Dates are naive local times, as Order Tracking stores them.
"""

from __future__ import annotations

import openpyxl
import pandas as pd

from . import make_orders


def _t(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def _line(order_id: str | None, status: str = "Shipped", channel: str = "FBM", **fields) -> dict:
    names = {"ship_by": "Ship By", "shipped": "Shipped Date", "deliver_by": "Deliver By",
             "delivered": "Delivered Date", "tracking": "Tracking Number", "placed": "Order Date"}  # fmt: skip
    row = {"Order ID": order_id, "SKU": "MUG", "Quantity": 1, "Item Total": 10.0, "Channel": channel,
           "Order Status": status}  # fmt: skip
    for name, value in fields.items():
        row[names.get(name, name)] = _t(value) if name in names and name != "tracking" else value
    return row


# Late Shipment Rate. 10 days: Ship By from 15 Nov to 24 Nov; 30 days: from 26 Oct.
LATE = [
    _line("L-A", ship_by="2026-11-20", shipped="2026-11-20 15:00", tracking="1ZA"),  # on time
    _line("L-B", ship_by="2026-11-20", shipped="2026-11-21 09:00", tracking="1ZB"),  # shipped a day late
    _line("l-b", ship_by="2026-11-20", shipped="2026-11-20 09:00", tracking="1ZB2"),  # order L-B (case ignored)
    _line("L-C", "Unshipped", ship_by="2026-11-22"),  # still to ship: late
    _line("L-D", "Pending", ship_by="2026-11-22"),  # late
    _line("L-E", ship_by="2026-11-18", shipped="2026-11-18 10:00", tracking="1ZE1"),  # a split order...
    _line("L-E", ship_by="2026-11-18", shipped="2026-11-19 08:00", tracking="1ZE2"),  # ...one line late
    _line("L-F", ship_by="2026-11-18", shipped="2026-11-17 10:00", tracking="1ZF1"),  # split, both on time
    _line("L-F", ship_by="2026-11-18", shipped="2026-11-17 11:00", tracking="1ZF2"),
    _line("L-G", ship_by="2026-11-19"),  # shipped, no Shipped Date: on time
    _line("L-H", "Cancelled", ship_by="2026-11-20"),  # wholly cancelled: not counted
    _line("L-H", "Cancelled", ship_by="2026-11-20"),
    _line("L-I", "Cancelled", ship_by="2026-11-20"),  # the cancelled line does not make it late
    _line("L-I", ship_by="2026-11-20", shipped="2026-11-20 12:00", tracking="1ZI"),
    _line("L-J", "Unshipped", "FBA", ship_by="2026-11-20"),  # Amazon ships FBA and MCF lines
    _line("L-K", "Unshipped", "MCF", ship_by="2026-11-20"),
    _line("L-L", ship_by="2026-11-15", shipped="2026-11-16 10:00", tracking="1ZL"),  # first day of 10: late
    _line("L-M", "Unshipped", ship_by="2026-11-25"),  # due today: not in the window
    _line("L-N", "Pending", ship_by="2026-11-14"),  # before the 10 days, in the 30: late
    _line("L-O", "Delivered", ship_by="2026-11-16", shipped="2026-11-17 09:00", tracking="1ZO"),  # late
    _line("L-Q", ship_by="2026-11-21", shipped="2026-11-21 23:59", tracking="1ZQ"),  # on the day: on time
    _line(None, "Unshipped", ship_by="2026-11-20"),  # no Order ID: no order
]
LATE_10 = (11, 6)  # A B C D E F G I L O Q; late: B C D E L O
LATE_30 = (12, 7)  # and N, late

# Pre-fulfillment Cancel Rate: placed from 18 Nov 00:00 to 24 Nov 23:59.
CANCEL = [
    _line("C-1", "Cancelled", placed="2026-11-20 10:00"),  # cancelled
    _line("C-2", "Cancelled", placed="2026-11-20 11:00"),  # every line cancelled
    _line("C-2", "Cancelled", placed="2026-11-20 11:00"),
    _line("C-3", "Cancelled", placed="2026-11-21 10:00"),  # one line cancelled, one shipped: no defect
    _line("C-3", placed="2026-11-21 10:00"),
    _line("C-4", placed="2026-11-22 10:00"),
    _line("C-5", "Cancelled", placed="2026-11-18 00:00"),  # the window's first minute
    _line("C-6", "Cancelled", placed="2026-11-17 23:30"),  # 23:30 local the evening before: left out
    _line("C-7", "Cancelled", placed="2026-11-25 00:00"),  # today: left out
    _line("C-8", "Cancelled", "FBA", placed="2026-11-20 10:00"),
    _line("C-9", "Cancelled", "MCF", placed="2026-11-20 10:00"),
    _line("C-10", "Pending", placed="2026-11-24 23:59"),
]
CANCEL_7 = (6, 3)  # C-1 C-2 C-3 C-4 C-5 C-10; all cancelled: C-1 C-2 C-5

# Valid Tracking Rate: Shipped Date from 26 Oct to 24 Nov.
TRACKING = [
    _line("V-1", shipped="2026-11-20 10:00", tracking="1Z1"),
    _line("V-2", shipped="2026-11-20 10:00"),  # no tracking number
    _line("V-3", shipped="2026-11-21 10:00", tracking="1Z3"),  # split: one line without
    _line("V-3", shipped="2026-11-21 10:00"),
    _line("V-4", shipped="2026-11-21 10:00", tracking="1Z41"),
    _line("V-4", shipped="2026-11-21 10:00", tracking="1Z42"),
    _line("V-5", "Cancelled"),  # a cancelled line needs none
    _line("V-5", shipped="2026-11-22 10:00", tracking="1Z5"),
    _line("V-6", "Cancelled", shipped="2026-11-20 10:00"),  # wholly cancelled
    _line("V-7", shipped="2026-10-26 00:00", tracking="1Z7"),  # the window's first minute
    _line("V-8", shipped="2026-10-25 23:30"),  # the evening before
    _line("V-9", channel="FBA", shipped="2026-11-20 10:00"),
    _line("V-10", shipped="2026-11-25 08:00"),  # today
]
TRACKING_30 = (6, 2)  # V-1 V-2 V-3 V-4 V-5 V-7; without: V-2 V-3

# On-Time Delivery Rate: Deliver By from 11 Nov to 24 Nov, and delivered.
DELIVERY = [
    _line("D-1", "Delivered", deliver_by="2026-11-20", delivered="2026-11-20 18:00"),
    _line("D-2", "Delivered", deliver_by="2026-11-20", delivered="2026-11-21 07:00"),  # late
    _line("D-3", "Shipped", deliver_by="2026-11-20"),  # not delivered (yet): not counted
    _line("D-4", "Delivered", deliver_by="2026-11-20", delivered="2026-11-19 10:00"),  # split, one line late
    _line("D-4", "Delivered", deliver_by="2026-11-20", delivered="2026-11-22 10:00"),
    _line("D-5", "Delivered", deliver_by="2026-11-11", delivered="2026-11-10 10:00"),  # first day of 14
    _line("D-6", "Delivered", deliver_by="2026-11-25", delivered="2026-11-24 10:00"),  # today
    _line("D-7", "Delivered", "FBA", deliver_by="2026-11-20", delivered="2026-11-23 10:00"),
]
DELIVERY_14 = (4, 2)  # D-1 D-2 D-4 D-5; late: D-2 D-4

# Order Defect Rate: every order but MCF placed from 26 Sep to 24 Nov.
DEFECTS = [
    _line("O-1", channel="FBA", placed="2026-11-01 10:00", Claim="A-to-z"),
    _line("O-2", placed="2026-11-01 10:00", Claim="Chargeback"),
    _line("O-3", placed="2026-11-02 10:00", Feedback=1),
    _line("O-4", placed="2026-11-03 10:00"),
    _line("O-4", placed="2026-11-03 10:00", Feedback=2),  # negative feedback typed on its second line
    _line("O-5", channel="FBA", placed="2026-11-04 10:00", Feedback=3),
    _line("O-6", placed="2026-10-10 10:00", Feedback=5),
    _line("O-7", placed="2026-10-11 10:00", Claim="Withdrawn"),  # the seller's word: not counted
    _line("O-8", "Cancelled", placed="2026-10-12 10:00"),
    _line("O-9", channel="MCF", placed="2026-11-05 10:00", Claim="A-to-z"),  # not an Amazon order
    _line("O-10", placed="2026-09-25 23:30", Feedback=1),  # the evening before the 60 days
    _line("O-11", placed="2026-09-26 00:00", Claim="a-to-z"),  # Excel's = ignores case
]
DEFECTS_60 = (9, 5)  # O-1..O-8, O-11; defects: O-1 O-2 O-3 O-4 O-11

ALL = LATE + CANCEL + TRACKING + DELIVERY + DEFECTS
#: The scenarios together: the shipped lines of LATE count as valid tracking (8 orders: A B E F I L O Q),
#: the CANCEL orders placed in the 60 days as orders without a defect (C-1..C-6, C-8, C-10).
EXPECTED_ALL = {
    "late_shipment_rate_10d": LATE_10,
    "late_shipment_rate_30d": LATE_30,
    "pre_fulfillment_cancel_rate_7d": CANCEL_7,
    "valid_tracking_rate_30d": (TRACKING_30[0] + 8, TRACKING_30[1]),
    "on_time_delivery_rate_14d": DELIVERY_14,
    "order_defect_rate_60d": (DEFECTS_60[0] + 8, DEFECTS_60[1]),
}


def orders(rows: list[dict]) -> pd.DataFrame:
    """Order Tracking holding ``rows``."""
    return make_orders(rows)


def dashboard_metrics(workbook) -> list[tuple]:
    """The Dashboard's seller metrics rows as the workbook holds them: (label, days, rate, orders, defects, target)."""
    sheet = openpyxl.load_workbook(workbook, data_only=True)["Dashboard"]
    rows = [row for row in sheet.iter_rows(min_col=1, max_col=6, values_only=True)]
    start = next(number for number, row in enumerate(rows) if row[0] == "Metric") + 1
    return [row for row in rows[start : start + 6]]
