"""The formulas of the Dashboard's Profit block (twins: :mod:`amzsheet.model.dashboard_profit`).

Month to date and the 12-month chart add up the Profit table's rows; the last 30 days add up the
Payments and Advertising lines of the 30 full days before ``AsOfDate``. Rows are chosen by array
formulas (``SUM(IF(...))``): they compare texts with ``=``, which never reads a Month such as
``2026-11`` as a date, as a SUMIFS criterion may.

Currencies as in the Dashboard's sales figures: the main currency takes every line in no other one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from amzsheet.contract.formula_text import equals
from amzsheet.contract.money import UNIT_COST
from amzsheet.contract.vocabulary import ADVERTISING_TABLE, PAYMENTS_TABLE, PROFIT_TABLE
from amzsheet.model.compute import DASHBOARD_DAYS
from amzsheet.model.money_lines import ADVERTISING_WORDS, ORDER_TYPES, REFUND_TYPES, SALE_PRICES, TRANSFER_TYPES

_FIRST = f"(AsOfDate-{DASHBOARD_DAYS})"  # the window's first day
_LAST = "(AsOfDate-1)"  # its last day


def _column(table: str) -> Callable[[str], str]:
    """Structured references to whole columns of ``table``."""
    return lambda name: f"{table}[{name}]"


_p, _a, _r = _column(PAYMENTS_TABLE), _column(ADVERTISING_TABLE), _column(PROFIT_TABLE)


def _texts(words: frozenset[str] | tuple[str, ...]) -> str:
    return "{" + ",".join(f'"{word}"' for word in sorted(words)) + "}"


def currency_is(ref: str, codes: Sequence[str], code: str) -> str:
    """0/1 array: the values of ``ref`` (a Currency column) in ``code``; the main currency takes all but the others."""
    if not codes:
        return "1"
    if code != codes[0]:
        return f'({ref}="{code}")'
    return "(1" + "".join(f'-({ref}="{other}")' for other in codes[1:]) + ")"


def _between(date: str, since: str, until: str) -> str:
    return f"ISNUMBER({date})*({date}>={since})*({date}<{until})"


_WINDOW = _between(_p("Date/Time"), _FIRST, "AsOfDate")
_NOT_TRANSFER = f'(1-ISNUMBER(MATCH({_p("Type")},{_texts(TRANSFER_TYPES)},0))*({_p("Amount Type")}=""))'
_NOT_REFUND = f"(1-ISNUMBER(MATCH({_p('Type')},{_texts(REFUND_TYPES)},0)))"


def net_proceeds(codes: Sequence[str], code: str) -> str:
    """Net Proceeds of the window: the Total of its Payments lines but bank transfers, to the cent (array)."""
    lines = f"{_WINDOW}*{currency_is(_p('Currency'), codes, code)}*{_NOT_TRANSFER}"
    return f"ROUND(SUM(IF({lines},{_p('Total')})),2)"


def sales(codes: Sequence[str], code: str) -> str:
    """Sales of the window, as the Profit table's (array): a settlement's Principal, Shipping and GiftWrap prices,
    a Date Range order's Product Sales; refunds left out."""
    lines = f"{_WINDOW}*{currency_is(_p('Currency'), codes, code)}*{_NOT_REFUND}"
    settled = f'({_p("Amount Type")}="ItemPrice")*ISNUMBER(MATCH({_p("Description")},{_texts(SALE_PRICES)},0))'
    ordered = f'({_p("Amount Type")}="")*{_NOT_TRANSFER}*({_p("Order ID")}<>"")'
    return f"SUM(IF({lines}*{settled},{_p('Total')}))+SUM(IF({lines}*{ordered},{_p('Product Sales')}))"


_START = _a("Date")
_END = f"IF(ISNUMBER({_a('End Date')}),IF({_a('End Date')}>={_START},{_a('End Date')},{_START}),{_START})"


def _covers(codes: Sequence[str], code: str, day: str) -> str:
    """Whether an Advertising row in ``code`` covers a day of the month of ``day``."""
    rows = f"ISNUMBER({_START})*{currency_is(_a('Currency'), codes, code)}"
    return f"SUM(IF({rows}*({_START}<=EOMONTH({day},0))*({_END}>=EOMONTH({day},-1)+1),1))>0"


def ad_spend(codes: Sequence[str], code: str) -> str:
    """Ad Spend of the window (array): the Advertising spend of its days, a period's spread evenly over its days,
    plus the (negative) ad invoices taken from payouts in each of its months that the Advertising sheet covers."""
    overlap = f"(IF({_END}<{_LAST},{_END},{_LAST})-IF({_START}>{_FIRST},{_START},{_FIRST})+1)"
    rows = f"ISNUMBER({_START})*{currency_is(_a('Currency'), codes, code)}*({overlap}>0)"
    spend = f"SUM(IF({rows},{_a('Spend')}*{overlap}/({_END}-{_START}+1)))"
    joined = f'{_p("Type")}&"|"&{_p("Amount Type")}&"|"&{_p("Description")}'
    named = "+".join(f'ISNUMBER(SEARCH("{word}",{joined}))' for word in ADVERTISING_WORDS)
    invoice = f'({_p("SKU")}="")*(({named})>0)*{currency_is(_p("Currency"), codes, code)}'
    split = f"(EOMONTH({_FIRST},0)+1)"
    parts = ((_FIRST, f"MIN(AsOfDate,{split})", _FIRST), (split, "AsOfDate", _LAST))
    invoices = "".join(
        f"+IF({_covers(codes, code, month)},SUM(IF({_between(_p('Date/Time'), since, until)}*{invoice},"
        f"{_p('Total')})),0)"
        for since, until, month in parts
    )
    return f"ROUND({spend}{invoices},2)"


def profit_sum(column: str, month_cell: str, codes: Sequence[str], code: str) -> str:
    """The sum of a Profit column over the rows of the month in ``month_cell`` in ``code``, to the cent (array)."""
    rows = f"({_r('Month')}={month_cell})*{currency_is(_r('Currency'), codes, code)}"
    return f"ROUND(SUM(IF({rows},{_r(column)})),2)"


def chart_month(back: int) -> str:
    """``YYYY-MM`` of the month ``back`` months before AsOfDate's (built from YEAR and MONTH, not TEXT)."""
    first = f"DATE(YEAR(AsOfDate),MONTH(AsOfDate)-{back},1)"
    return f'YEAR({first})&"-"&RIGHT("0"&MONTH({first}),2)'


def unit_cost(sku_cell: str) -> str:
    """The Unit Cost of the SKU in ``sku_cell``, as the Profit table's."""
    return UNIT_COST.replace("{SKU}", sku_cell)


def units_sold(sku_cell: str, codes: Sequence[str], code: str) -> str:
    """Units of the SKU in ``sku_cell`` sold in the window in ``code``: the Quantity of Order lines with Product
    Sales (a Date Range order, a settlement's Principal line)."""

    def units(currency: str) -> str:
        return (
            f"SUMPRODUCT(SUMIFS({_p('Quantity')},{_p('SKU')},{equals(sku_cell)},{_p('Type')},{_texts(ORDER_TYPES)},"
            f'{_p("Product Sales")},"<>",{_p("Date/Time")},">="&{_FIRST},{_p("Date/Time")},"<"&AsOfDate{currency}))'
        )

    def of(currency: str) -> str:
        return units(f',{_p("Currency")},"{currency}"')

    if not codes:
        return units("")
    if code != codes[0]:
        return of(code)
    return units("") + "".join(f"-{of(other)}" for other in codes[1:])


def cogs(units_cell: str, cost_cell: str) -> str:
    """Units x Unit Cost, to the cent; blank without a Unit Cost."""
    return f'IF(ISNUMBER({cost_cell}),ROUND({units_cell}*{cost_cell},2),"")'
