"""What the Dashboard's Profit block computes, in pandas: the twins of :mod:`amzsheet.excel.dashboard_profit`.

Two windows, each per currency (amounts in different currencies are never added together; the main
currency takes every line in no other currency, as the Dashboard's sales figures do):

* **Month to date** sums the Profit table's rows of the month of today (Month ``YYYY-MM``).
* **Last 30 days** (the 30 full days before today, as the sales figures) cannot come from monthly
  rows: it adds up the Payments lines of those days by the categories of the Profit table
  (:func:`amzsheet.model.money_lines.categorise`; bank transfers left out), COGS as the units sold in the
  window x each SKU's Unit Cost (as the Profit table's, per Inventory SKU), and Ad Spend as the
  Advertising spend of the window's days (a report over a period spread evenly over its days), less the
  ad invoices taken from payouts in the window's months that the Advertising sheet covers (as Profit
  does per month, so that no ad counts twice).

The 12-month chart sums the Profit table's Net Profit per month, in the main currency.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from amzsheet.contract.money import PROFIT_COLUMNS
from amzsheet.model.compute import DASHBOARD_DAYS, excel_round, text_key
from amzsheet.model.dashboard import in_currency
from amzsheet.model.money_lines import ORDER_TYPES, categorise, is_ad_invoice, is_transfer
from amzsheet.model.profit import ProfitFrame

#: Months of the net profit chart, the current month last.
CHART_MONTHS = 12


@dataclass(frozen=True)
class ProfitFigures:
    """The Profit block's figures of one currency and window (Sales: the denominator of Margin)."""

    sales: float
    net_proceeds: float
    cogs: float
    ad_spend: float
    net_profit: float

    @property
    def margin(self) -> float | None:
        """Net Profit / Sales; None without sales (the cell is blank)."""
        return self.net_profit / self.sales if self.sales > 0 else None


def profit_currencies(codes: Sequence[str], *tables: pd.DataFrame) -> tuple[str, ...]:
    """The block's currencies: the Dashboard's main one first, then every other currency of ``codes`` and of the
    ``tables``' Currency columns (upper case), alphabetically. Without any, ``()``."""
    seen = {str(code).upper() for code in codes[1:]}
    for table in tables:
        values = table["Currency"].dropna().astype(str).str.strip().str.upper()
        seen |= set(values[values != ""])
    main = codes[0] if codes else (min(seen) if seen else "")
    others = sorted(seen - {main})
    return (main, *others) if main or others else ()


def month_text(day: dt.date) -> str:
    """``YYYY-MM`` of ``day``, as the Profit table's Month."""
    return f"{day.year:04d}-{day.month:02d}"


def chart_months(today: dt.date, count: int = CHART_MONTHS) -> list[str]:
    """The ``count`` months up to the month of ``today``, oldest first."""
    last = pd.Period(today, freq="M")
    return [str(last - back) for back in range(count - 1, -1, -1)]


def _in(table: pd.DataFrame, codes: Sequence[str], code: str) -> pd.Series:
    return in_currency(table, codes, code) if codes else pd.Series(True, index=table.index)


def _total(values: pd.Series, rows: pd.Series) -> float:
    return float(pd.to_numeric(values[rows], errors="coerce").fillna(0.0).sum())


def _cents(value: float) -> float:
    return float(excel_round(pd.Series([value]), 2).iloc[0])


def month_to_date(profit: pd.DataFrame, codes: Sequence[str], code: str, today: dt.date) -> ProfitFigures:
    """The Profit rows of the month of ``today`` in ``code``, added up (Net Profit: the sum of the rows')."""
    rows = (profit["Month"].fillna("").astype(str) == month_text(today)) & _in(profit, codes, code)
    sums = {
        name: _cents(_total(profit[name], rows)) for name in ("Sales", "Net Proceeds", "COGS", "Ad Spend", "Net Profit")
    }
    return ProfitFigures(sums["Sales"], sums["Net Proceeds"], sums["COGS"], sums["Ad Spend"], sums["Net Profit"])


def monthly_net_profit(profit: pd.DataFrame, codes: Sequence[str], today: dt.date) -> pd.DataFrame:
    """Net Profit of each chart month in the main currency (0 for a month without rows)."""
    months = chart_months(today)
    main = profit[_in(profit, codes, codes[0] if codes else "")]
    sums = pd.to_numeric(main["Net Profit"], errors="coerce").fillna(0.0).groupby(main["Month"]).sum()
    return pd.DataFrame({"Month": months, "Net Profit": [_cents(float(sums.get(month, 0.0))) for month in months]})


def in_window(dates: pd.Series, today: dt.date, days: int = DASHBOARD_DAYS) -> pd.Series:
    """Dates in the ``days`` full days before ``today``."""
    dates = pd.to_datetime(dates)
    return (dates >= pd.Timestamp(today) - pd.Timedelta(days=days)) & (dates < pd.Timestamp(today))


def units_in_window(payments: pd.DataFrame, codes: Sequence[str], code: str, today: dt.date) -> pd.Series:
    """Units sold in the window in ``code``, per SKU key (lower case): Order lines with Product Sales."""
    sold = in_window(payments["Date/Time"], today) & _in(payments, codes, code)
    sold &= text_key(payments["Type"]).isin(ORDER_TYPES) & payments["Product Sales"].notna()
    quantity = pd.to_numeric(payments["Quantity"], errors="coerce").fillna(0.0)
    return quantity[sold].groupby(text_key(payments["SKU"])[sold]).sum()


@dataclass(frozen=True)
class SkuCosts:
    """The hidden COGS block: each SKU, its Unit Cost and, per currency, its units sold in the window and COGS."""

    skus: list[str]
    unit_cost: list[float | None]
    units: dict[str, list[float]]
    cogs: dict[str, list[float | None]]


def sku_costs(
    skus: list[str],
    payments: pd.DataFrame,
    inventory: pd.DataFrame,
    purchase_orders: pd.DataFrame,
    codes: Sequence[str],
    today: dt.date,
) -> SkuCosts:
    """Unit Cost (as the Profit table's), units sold in the window and COGS (rounded to the cent) of each SKU."""
    table = pd.DataFrame({"SKU": pd.Series(skus, dtype=object)})
    cost = ProfitFrame(table, PROFIT_COLUMNS, today, inventory, purchase_orders).unit_cost()
    keys = text_key(table["SKU"])
    units, cogs = {}, {}
    for code in codes or ("",):
        sold = keys.map(units_in_window(payments, codes, code, today)).fillna(0.0)
        units[code] = sold.tolist()
        cogs[code] = [None if pd.isna(c) else c for c in excel_round(sold * cost, 2)]
    return SkuCosts(skus, [None if pd.isna(c) else float(c) for c in cost], units, cogs)


def last_days(
    payments: pd.DataFrame,
    advertising: pd.DataFrame,
    costs: SkuCosts,
    codes: Sequence[str],
    code: str,
    today: dt.date,
) -> ProfitFigures:
    """The Profit block's figures of the 30 full days before ``today`` in ``code``."""
    lines = in_window(payments["Date/Time"], today) & _in(payments, codes, code) & ~is_transfer(payments)
    sales = float(categorise(payments[lines])["Sales"].sum())
    proceeds = _cents(_total(payments["Total"], lines))
    cogs = _cents(sum(c for c in costs.cogs[code] if c is not None))
    ads = _cents(ad_spend(payments, advertising, codes, code, today))
    net = _cents(proceeds - cogs - ads)
    return ProfitFigures(sales, proceeds, cogs, ads, net)


def _ad_days(advertising: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """First and last day of each Advertising row (the last: its End Date, else its Date)."""
    start = pd.to_datetime(advertising["Date"])
    end = pd.to_datetime(advertising["End Date"])
    end = end.where(end.notna() & (end >= start), start)
    return start, end


def ad_spend(
    payments: pd.DataFrame, advertising: pd.DataFrame, codes: Sequence[str], code: str, today: dt.date
) -> float:
    """Ad Spend of the window: its days' Advertising spend, plus the (negative) ad invoices of covered months."""
    start, end = _ad_days(advertising)
    ads = start.notna() & _in(advertising, codes, code)
    first, last = pd.Timestamp(today) - pd.Timedelta(days=DASHBOARD_DAYS), pd.Timestamp(today) - pd.Timedelta(days=1)
    begins = start.where(start > first, first)
    overlap = ((end.where(end < last, last) - begins).dt.days + 1).clip(lower=0)
    spend = pd.to_numeric(advertising["Spend"], errors="coerce").fillna(0.0)
    total = float((spend * overlap / ((end - start).dt.days + 1))[ads].sum())
    invoices = is_ad_invoice(payments) & _in(payments, codes, code)
    dates = pd.to_datetime(payments["Date/Time"])
    split = first + pd.offsets.MonthEnd(0) + pd.Timedelta(days=1)  # the first day of the next month
    for since, until, month in ((first, min(split, pd.Timestamp(today)), first), (split, pd.Timestamp(today), last)):
        month_start = month.replace(day=1)
        covered = ads & (start <= month_start + pd.offsets.MonthEnd(0)) & (end >= month_start)
        if covered.any():
            total += _total(payments["Total"], invoices & (dates >= since) & (dates < until))
    return total
