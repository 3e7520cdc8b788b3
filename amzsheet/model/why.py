"""The Why sentence of Inventory: the reorder decision with the numbers behind it, as its formula writes it.

The formula is declared with the column (:data:`amzsheet.contract.inventory.WHY`); this is its
pandas twin, which must give the same text to the character (the LibreOffice tests compare them).

Two choices a seller reads:

* dates are ``21 Dec`` in the reference date's year and ``21 Dec 2028`` in any other year, even
  a January date a few weeks away;
* oversold stock (Available Quantity below 0, orders taken beyond the stock) is said as such:
  ``+ 9 oversold`` where the units to order add it up, ``9 oversold`` where the stock is told,
  never ``− -9 available``.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from amzsheet.contract.vocabulary import MONTH_ABBREVIATIONS
from amzsheet.model.compute import roundup

#: The sentence of a SKU nobody counted.
COUNT_IT = "Count it: type Stock Counted and Count Date, or import the FBA Manage Inventory report"


def why(inventory: pd.DataFrame, lead_time: pd.Series, review_days: int, today: dt.date) -> pd.Series:
    """One sentence per SKU: the reorder decision with the numbers behind it (the Why formula's text).

    :param inventory: the Inventory table with its reorder inputs, Reorder Qty and Order By computed.
    :param lead_time: each SKU's lead time in days (its own, else the default of Settings).
    :param review_days: the review period of Settings.
    :param today: the reference date; a date of another year is written with its year.
    """
    rows = zip(inventory.to_dict("records"), lead_time.tolist())
    sentences = [_sentence(row, lead, review_days, today.year) for row, lead in rows]
    return pd.Series(sentences, index=inventory.index, dtype=object)


def _sentence(row: dict, lead: float, review_days: int, year: int) -> str:
    available = row["Available Quantity"]
    if pd.isna(available):
        return COUNT_IT
    on_order = row["On Order"]
    demand = general(excel_round(_n(row["Forecast Daily"]), 2))
    safety, reorder_at = general(row["Safety Stock"]), general(row["Reorder Point"])
    cover = f"{demand}/day × ({general(lead)} + {review_days}) days + {safety} safety"
    if available + on_order <= row["Reorder Point"]:
        quantity = row["Reorder Qty"]
        if not quantity > 0:
            return f"Nothing to order: {general(available + on_order)} available and on order cover {cover}"
        pack = max(1.0, _n(row["Case Pack"]))
        minimum = _n(row["Min Order Qty"])
        need = roundup(_n(row["Forecast Daily"]) * (lead + review_days) + row["Safety Stock"] - available - on_order)
        stock = f" + {general(-available)} oversold" if available < 0 else f" − {general(available)} available"
        text = f"Reorder {general(quantity)} by {day_month(row['Order By'], year)}: {cover}{stock}"
        text += f" − {general(on_order)} on order" if on_order > 0 else ""
        text += f", in cases of {general(pack)}" if pack > 1 else ""
        text += f", minimum order {general(minimum)}" if minimum > need else ""
        return text
    until = f" until {day_month(row['Order By'], year)}" if pd.notna(row["Order By"]) else ""
    if available < 0:
        stock = (f"{general(on_order)} on order − " if on_order > 0 else "") + f"{general(-available)} oversold"
    else:
        stock = f"{general(available)} available" + (f" + {general(on_order)} on order" if on_order > 0 else "")
    during_lead = f"{demand}/day × {general(lead)} days + {safety} safety"
    return f"Enough{until}: {stock} above reorder point {reorder_at} ({during_lead})"


def _n(value: float | None) -> float:
    """Excel's ``N()``: a number, or 0 for a blank."""
    return 0.0 if value is None or pd.isna(value) else float(value)


def excel_round(value: float, digits: int) -> float:
    """Excel's ``ROUND``: halves away from zero, on the decimal value shown (0.15 → 0.2)."""
    scale = 10**digits
    return math.copysign(math.floor(abs(value) * scale + 0.5 + 1e-9) / scale, value)


def general(value: float) -> str:
    """A number as Excel's General format turns it into text in ``&``: 3, 2.8, -1.25."""
    number = float(value)
    if number.is_integer():
        return str(int(number))
    return f"{number:.15g}"


def day_month(value: pd.Timestamp, year: int) -> str:
    """``2 Dec`` in ``year``, ``2 Dec 2028`` in another: the day, the English month abbreviation, the year."""
    text = f"{value.day} {MONTH_ABBREVIATIONS[value.month - 1]}"
    return text if value.year == year else f"{text} {value.year}"
