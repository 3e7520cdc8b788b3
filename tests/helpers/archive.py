"""A tracker with orders old enough to move to the archive."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pandas as pd

import amzsheet

_DATES = ("Order Date", "Ship By", "Deliver By", "Shipped Date", "Delivered Date", "Last Updated", "Return Date")
_YEARS_BACK = pd.Timedelta(days=3 * 365)


def older(tracker: amzsheet.Tracker, byte: int = 0) -> amzsheet.Tracker:
    """``tracker`` with about half its orders (whole orders, chosen by a hash of the id) 3 years older.

    Open orders are left as they are; payments and returns keep their dates (an order paid in the
    last 180 days stays in the workbook).
    """
    orders = tracker.orders.copy()
    ids = orders["Order ID"].fillna("")
    chosen = ids.map(lambda text: hashlib.sha256(text.encode()).digest()[byte] % 2 == 0).to_numpy(dtype=bool)
    chosen &= ~orders["Order Status"].isin(["Pending", "Unshipped"]).to_numpy(dtype=bool)
    for name in _DATES:
        orders.loc[chosen, name] = orders.loc[chosen, name] - _YEARS_BACK
    return replace(tracker, orders=orders, source=None)
