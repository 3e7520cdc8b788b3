"""The Profit table as text: what ``amzsheet profit`` prints, month by month and SKU by SKU."""

from __future__ import annotations

import math

import pandas as pd

from amzsheet.contract.money import CATEGORIES

#: The columns printed, each with its heading (the CSV file has every column).
_SHOWN = (
    ("Units", "Units"),
    ("Sales", "Sales"),
    ("Amazon Fees", "Fees"),
    ("Storage Fees", "Storage"),
    ("Refunds", "Refunds"),
    ("Promotions", "Promos"),
    ("Other", "Other"),
    ("Net Proceeds", "Proceeds"),
    ("COGS", "COGS"),
    ("Ad Spend", "Ads"),
    ("Net Profit", "Profit"),
)
#: Columns printed even when they hold nothing in a month; the others only when some SKU has an amount.
_ALWAYS = frozenset({"Units", "Sales", "Net Proceeds", "Net Profit"})
_NO_SKU = "(no SKU)"


def render_profit(profit: pd.DataFrame) -> str:
    """One block per month and currency, newest first: its totals, then a line per SKU, the blank SKU last.

    Each column is as wide as its widest figure; a column with nothing in the month (no storage fees, say) is
    left out of that month's block and named below it.
    """
    if profit.empty:
        return "No profit figures: import a Date Range transaction report or a settlement report first."
    blocks = []
    for (month, currency), rows in profit.groupby(["Month", "Currency"], sort=False, dropna=False):
        blocks.append(_block(str(month), "" if _blank(currency) else str(currency), rows))
    return "\n\n".join(blocks)


def _block(month: str, currency: str, rows: pd.DataFrame) -> str:
    totals = rows[[name for name, _ in _SHOWN]].sum(min_count=1)
    sales, profit = _number(totals["Sales"]), _number(totals["Net Profit"])
    margin = f" ({profit / sales:.1%} of sales)" if sales > 0 else ""
    unit = f" {currency}" if currency else ""
    head = f"{month}{unit}: net profit {profit:,.2f}{margin}, net proceeds {_number(totals['Net Proceeds']):,.2f}"
    shown = [(name, title) for name, title in _SHOWN if name in _ALWAYS or rows[name].fillna(0.0).ne(0).any()]
    left_out = [title for name, title in _SHOWN if (name, title) not in shown]
    skus = [_NO_SKU if _blank(sku) else str(sku) for sku in rows["SKU"]] + ["Total"]
    table = [[_cell(row[name], name == "Units") for name, _ in shown] for _, row in rows.iterrows()]
    table.append([_cell(totals[name], name == "Units") for name, _ in shown])
    shares = [_share(share) for share in rows["Margin"]] + [_share(profit / sales if sales > 0 else None)]
    widths = [max(len(title), *(len(line[i]) for line in table)) for i, (_, title) in enumerate(shown)]
    sku_width = max(8, *(len(sku) for sku in skus))
    header = f"  {'SKU':<{sku_width}}" + "".join(f"  {t:>{w}}" for (_, t), w in zip(shown, widths)) + "  Margin"
    lines = [head, header]
    for sku, cells, share in zip(skus, table, shares):
        line = f"  {sku:<{sku_width}}" + "".join(f"  {c:>{w}}" for c, w in zip(cells, widths)) + f"  {share:>6}"
        lines.append(line.rstrip())
    if left_out:
        lines.append(f"  None this month: {', '.join(left_out)}.")
    if any(_blank(row["Unit Cost"]) and not _blank(row["SKU"]) and _number(row["Units"]) for _, row in rows.iterrows()):
        lines.append("  A SKU without a Unit Cost has no COGS: type it on Inventory (or on Purchase Orders).")
    if not rows[list(CATEGORIES)].fillna(0.0).to_numpy().any():
        lines.append(
            f"  No payments of {month} in the workbook, only ads: import its Date Range or settlement reports."
        )
    return "\n".join(lines)


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _number(value: object) -> float:
    return 0.0 if _blank(value) else float(value)  # type: ignore[arg-type]  # a number when not blank


def _cell(value: object, whole: bool) -> str:
    if _blank(value):
        return ""
    number = _number(value)
    return f"{number:,.0f}" if whole else f"{number:,.2f}"


def _share(value: object) -> str:
    return "" if _blank(value) else f"{_number(value):.1%}"
