"""The Profit table as text: what ``amzsheet profit`` prints, month by month and SKU by SKU."""

from __future__ import annotations

import math

import pandas as pd

from amzsheet.contract.money import CATEGORIES

#: The columns printed, each with its heading and width (the CSV file has every column).
_SHOWN = (
    ("Units", "Units", 6),
    ("Sales", "Sales", 11),
    ("Amazon Fees", "Fees", 10),
    ("Storage Fees", "Storage", 8),
    ("Refunds", "Refunds", 9),
    ("Promotions", "Promos", 8),
    ("Other", "Other", 9),
    ("Net Proceeds", "Proceeds", 11),
    ("COGS", "COGS", 10),
    ("Ad Spend", "Ads", 9),
    ("Net Profit", "Profit", 11),
)
_NO_SKU = "(no SKU)"


def render_profit(profit: pd.DataFrame) -> str:
    """One block per month and currency, newest first: its totals, then a line per SKU, the blank SKU last."""
    if profit.empty:
        return "No profit figures: import a Date Range transaction report or a settlement report first."
    blocks = []
    for (month, currency), rows in profit.groupby(["Month", "Currency"], sort=False, dropna=False):
        blocks.append(_block(str(month), "" if _blank(currency) else str(currency), rows))
    return "\n\n".join(blocks)


def _block(month: str, currency: str, rows: pd.DataFrame) -> str:
    totals = rows[[name for name, _, _ in _SHOWN]].sum(min_count=1)
    sales, profit = _number(totals["Sales"]), _number(totals["Net Profit"])
    margin = f" ({profit / sales:.1%} of sales)" if sales > 0 else ""
    unit = f" {currency}" if currency else ""
    head = f"{month}{unit}: net profit {profit:,.2f}{margin}, net proceeds {_number(totals['Net Proceeds']):,.2f}"
    skus = [_NO_SKU if _blank(sku) else str(sku) for sku in rows["SKU"]]
    width = max(8, *(len(sku) for sku in skus))
    header = f"  {'SKU':<{width}}" + "".join(f"  {title:>{size}}" for _, title, size in _SHOWN) + "  Margin"
    lines = [head, header]
    for sku, (_, row) in zip(skus, rows.iterrows()):
        cells = "".join(f"  {_cell(row[name], name == 'Units'):>{size}}" for name, _, size in _SHOWN)
        lines.append(f"  {sku:<{width}}{cells}  {_share(row['Margin']):>6}")
    total_cells = "".join(f"  {_cell(totals[name], name == 'Units'):>{size}}" for name, _, size in _SHOWN)
    lines.append(f"  {'Total':<{width}}{total_cells}  {_share(profit / sales if sales > 0 else None):>6}")
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
