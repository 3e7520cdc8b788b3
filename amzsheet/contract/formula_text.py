"""Pieces of Excel formula text that several declarations share.

A formula is a template: ``{Header}`` stands for the same row's cell of that column (the
writer turns it into an A1 reference); whole columns of other tables are structured
references (``Orders[Quantity]``), which Excel and LibreOffice both evaluate. Every formula
takes "today" from the defined name ``AsOfDate`` (Settings' Reference date, or TODAY()).
"""

from __future__ import annotations

from amzsheet.contract.vocabulary import (
    CANCELLED,
    FBA,
    INVENTORY_TABLE,
    LATE_DELIVERY,
    MCF,
    MONTH_ABBREVIATIONS,
    ORDERS_TABLE,
    OVERDUE,
    PENDING,
    PURCHASE_ORDERS_TABLE,
    SHIP_TODAY,
    SHIPPED,
    UNSHIPPED,
)


def exact_text(cell: str) -> str:
    """``cell``'s text with the criteria wildcards ``*``, ``?`` and ``~`` escaped.

    SUMIFS and MATCH read ``*`` and ``?`` in a criterion as wildcards; a SKU such as
    ``A*B`` must match only itself.
    """
    return f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({cell},"~","~~"),"*","~*"),"?","~?")'


def equals(cell: str) -> str:
    """A SUMIFS criterion matching exactly the text of ``cell`` (ignoring case, as Excel does).

    The leading ``=`` keeps a SKU such as ``>5`` or ``=A`` from being read as a comparison.
    """
    return f'"="&{exact_text(cell)}'


def orders_ref(name: str) -> str:
    """Structured reference to a whole column of the Orders table."""
    return f"{ORDERS_TABLE}[{name}]"


def purchase_ref(name: str) -> str:
    """Structured reference to a whole column of the Purchase Orders table."""
    return f"{PURCHASE_ORDERS_TABLE}[{name}]"


def inventory_ref(name: str) -> str:
    """Structured reference to a whole column of the Inventory table."""
    return f"{INVENTORY_TABLE}[{name}]"


def rounded(expression: str) -> str:
    """Text of a number rounded to two decimals, as Excel's General format writes it (2.8, 3)."""
    return f"ROUND({expression},2)"


def day_month(date: str) -> str:
    """``2 Dec``: built from DAY and MONTH, as TEXT's date codes differ between Excel languages."""
    months = ",".join(f'"{month}"' for month in MONTH_ABBREVIATIONS)
    return f'DAY({date})&" "&CHOOSE(MONTH({date}),{months})'


def day_month_year(date: str) -> str:
    """``2 Dec`` in the year of ``AsOfDate``, ``2 Dec 2028`` in another year (see :func:`day_month`)."""
    return f'{day_month(date)}&IF(YEAR({date})<>YEAR(AsOfDate)," "&YEAR({date}),"")'


# --- Order Tracking rows -----------------------------------------------------------------------

_FBM = f'{{Channel}}<>"{FBA}",{{Channel}}<>"{MCF}"'  # conditions inside AND(): Amazon ships FBA and MCF lines
_OPEN = f'OR({{Order Status}}="{PENDING}",{{Order Status}}="{UNSHIPPED}")'
#: An FBM line not shipped whose Ship By is before today.
IS_OVERDUE = f"AND({_FBM},{_OPEN},ISNUMBER({{Ship By}}),{{Ship By}}<AsOfDate)"
#: An FBM line not shipped whose Ship By is today.
IS_SHIP_TODAY = f"AND({_FBM},{_OPEN},ISNUMBER({{Ship By}}),{{Ship By}}>=AsOfDate,{{Ship By}}<AsOfDate+1)"
#: The defined name of Settings' late delivery window (days).
LATE_DELIVERY_WINDOW = "LateDeliveryWindow"
#: An FBM line shipped, not delivered, whose Deliver By is before today and within the late delivery window.
IS_LATE_DELIVERY = (
    f'AND({_FBM},{{Order Status}}="{SHIPPED}",ISNUMBER({{Deliver By}}),{{Deliver By}}<AsOfDate,'
    f"{{Deliver By}}>=AsOfDate-{LATE_DELIVERY_WINDOW})"
)
#: The Alert of an order line, most urgent first.
ORDER_ALERT = (
    f'IF({IS_OVERDUE},"{OVERDUE}",IF({IS_SHIP_TODAY},"{SHIP_TODAY}",IF({IS_LATE_DELIVERY},"{LATE_DELIVERY}","")))'
)

# --- Criteria over the Orders table --------------------------------------------------------------

#: SUMIFS criteria: lines not cancelled.
NOT_CANCELLED = f'{orders_ref("Order Status")},"<>{CANCELLED}"'
#: SUMIFS criteria: Amazon sales, not cancelled and not Multi-Channel Fulfillment (its units leave the stock,
#: but it is no Amazon sale).
AMAZON_SALES = f'{NOT_CANCELLED},{orders_ref("Channel")},"<>{MCF}"'
