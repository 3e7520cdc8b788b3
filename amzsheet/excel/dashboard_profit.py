"""The Dashboard's Profit block: Net Proceeds, COGS, Ad Spend, Net Profit and Margin of the last 30 days and of the
month to date, per currency, and the data of the 12-month net profit chart. Every figure is a formula.

Hidden helper columns hold what the visible cells read (AS on): the chart's months and their Net Profit,
one row of figures per currency, and per Inventory SKU its Unit Cost, units sold in the window and COGS.
The twins are in :mod:`amzsheet.model.dashboard_profit`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from amzsheet.excel import profit_formulas as pf
from amzsheet.excel import styles
from amzsheet.excel.sheetxml import formula_column, text_column
from amzsheet.excel.streaming import Block
from amzsheet.model import dashboard_profit as model
from amzsheet.model.compute import DASHBOARD_DAYS
from amzsheet.model.dashboard import candidates
from amzsheet.model.tracker import Tracker

#: Hidden columns: the chart's months (AS) and their Net Profit (AT).
MONTH_COL = 44
#: Hidden columns: a row of figures per currency (AV to BE).
GRID_COL = 47
_GRID_HEADERS = (
    "Profit: currency",
    "Sales, 30 days",
    "Net Proceeds, 30 days",
    "COGS, 30 days",
    "Ad Spend, 30 days",
    "Sales, month",
    "Net Proceeds, month",
    "COGS, month",
    "Ad Spend, month",
    "Net Profit, month",
)
#: Hidden columns: each Inventory SKU, its Unit Cost, then units sold in the window and COGS per currency (BG on).
SKU_COL = 58
#: Rows of the visible block's figures, each (label, column of the 30 days' figure, the month's) in the grid.
_ROWS = (("Net Proceeds", 2, 6), ("COGS", 3, 7), ("Ad Spend", 4, 8))
NOTES = (
    f"Last {DASHBOARD_DAYS} days: the Payments and Advertising lines of those days; COGS: units sold x Unit Cost.",
    "Month to date: the Profit sheet's rows of this month. Bank transfers are left out.",
)


def _cell(row: int, col: int) -> str:
    return xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)


def _blank(value: float | None) -> float | str:
    return "" if value is None else value


def write_months(sheet: Worksheet, tracker: Tracker, codes: Sequence[str], today: dt.date) -> tuple[int, int, str]:
    """Write the chart's months and their Net Profit (main currency); return their first and last rows and the
    current month's cell."""
    sheet.write_string(0, MONTH_COL, "Month (net profit chart)")
    sheet.write_string(0, MONTH_COL + 1, "Net Profit")
    monthly = model.monthly_net_profit(tracker.profit, codes, today)
    count = len(monthly)
    main = codes[0] if codes else ""
    for offset, (month, amount) in enumerate(zip(monthly["Month"], monthly["Net Profit"])):
        row = 1 + offset
        sheet.write_formula(row, MONTH_COL, "=" + pf.chart_month(count - 1 - offset), None, month)
        total = pf.profit_sum("Net Profit", _cell(row, MONTH_COL), codes, main)
        sheet.write_array_formula(row, MONTH_COL + 1, row, MONTH_COL + 1, "{=" + total + "}", None, amount)
    sheet.set_column(MONTH_COL, MONTH_COL + 1, None, None, {"hidden": True})
    return 1, count, _cell(count, MONTH_COL)


def _write_costs(
    sheet: Worksheet, costs: model.SkuCosts, codes: Sequence[str], streamed: list[Block]
) -> dict[str, str]:
    """Write the headers of each SKU's Unit Cost, units sold and COGS, add their rows to ``streamed``; return the
    absolute range of each currency's COGS."""
    currencies = list(codes or ("",))
    sheet.write_string(0, SKU_COL, "Profit: SKU")
    sheet.write_string(0, SKU_COL + 1, "Unit Cost")
    rows = range(1, len(costs.skus) + 1)
    skus = [xl_rowcol_to_cell(row, SKU_COL) for row in rows]
    unit_costs = [xl_rowcol_to_cell(row, SKU_COL + 1) for row in rows]
    columns = [
        text_column(list(costs.skus)),
        formula_column([pf.unit_cost(sku) for sku in skus], [_blank(value) for value in costs.unit_cost]),
    ]
    for number, code in enumerate(currencies):
        col = SKU_COL + 2 + 2 * number
        sheet.write_string(0, col, f"Units sold, 30 days {code}".strip())
        sheet.write_string(0, col + 1, f"COGS, 30 days {code}".strip())
        units = [xl_rowcol_to_cell(row, col) for row in rows]
        columns.append(formula_column([pf.units_sold(sku, codes, code) for sku in skus], list(costs.units[code])))
        cogs = [pf.cogs(unit, cost) for unit, cost in zip(units, unit_costs)]
        columns.append(formula_column(cogs, [_blank(value) for value in costs.cogs[code]]))
    streamed.append(Block(columns, first_row=2, first_col=SKU_COL))
    last = max(len(costs.skus), 1)
    sheet.set_column(SKU_COL, SKU_COL + 1 + 2 * len(currencies), None, None, {"hidden": True})
    return {code: xl_range_abs(1, SKU_COL + 3 + 2 * n, last, SKU_COL + 3 + 2 * n) for n, code in enumerate(currencies)}


def write_grid(
    sheet: Worksheet, tracker: Tracker, codes: Sequence[str], today: dt.date, month_cell: str, streamed: list[Block]
) -> dict[str, tuple[int, model.ProfitFigures, model.ProfitFigures]]:
    """Write a row of figures per currency; return each currency's row and its figures (30 days, month to date)."""
    costs = model.sku_costs(
        candidates(tracker.inventory), tracker.payments, tracker.inventory, tracker.purchase_orders, codes, today
    )
    cogs_ranges = _write_costs(sheet, costs, codes, streamed)
    for offset, header in enumerate(_GRID_HEADERS):
        sheet.write_string(0, GRID_COL + offset, header)
    rows = {}
    for number, code in enumerate(codes or ("",)):
        row = 1 + number
        window = model.last_days(tracker.payments, tracker.advertising, costs, codes, code, today)
        month = model.month_to_date(tracker.profit, codes, code, today)
        cells = [
            (pf.sales(codes, code), window.sales),
            (pf.net_proceeds(codes, code), window.net_proceeds),
            (f"ROUND(SUM({cogs_ranges[code]}),2)", window.cogs),
            (pf.ad_spend(codes, code), window.ad_spend),
            *(
                (pf.profit_sum(name, month_cell, codes, code), value)
                for name, value in (
                    ("Sales", month.sales),
                    ("Net Proceeds", month.net_proceeds),
                    ("COGS", month.cogs),
                    ("Ad Spend", month.ad_spend),
                    ("Net Profit", month.net_profit),
                )
            ),
        ]
        sheet.write_string(row, GRID_COL, code)
        for offset, (formula, value) in enumerate(cells, start=1):
            col = GRID_COL + offset
            sheet.write_array_formula(row, col, row, col, "{=" + formula + "}", None, value)
        rows[code] = (row, window, month)
    sheet.set_column(GRID_COL, GRID_COL + len(_GRID_HEADERS) - 1, None, None, {"hidden": True})
    return rows


def write_profit(
    book: Workbook,
    sheet: Worksheet,
    tracker: Tracker,
    today: dt.date,
    codes: Sequence[str],
    top: int,
    fmt: dict,
    streamed: list[Block],
) -> int:
    """Write the Profit block from row ``top`` (its title) and its hidden helpers; return the row after the block.

    The main currency's Net Proceeds, COGS, Ad Spend, Net Profit and Margin, then the Net Profit of each other
    currency on a line of its own.

    :param codes: the block's currencies (:func:`amzsheet.model.dashboard_profit.profit_currencies`).
    """
    _, _, month_cell = write_months(sheet, tracker, codes, today)
    rows = write_grid(sheet, tracker, codes, today, month_cell, streamed)
    money = {code: book.add_format({"bold": True, "num_format": styles.currency_format(code)}) for code in rows}
    sheet.write_string(top, 0, "Profit", fmt["section"])
    sheet.write_blank(top + 1, 0, None, fmt["header"])
    for col, header in ((1, f"Last {DASHBOARD_DAYS} days"), (2, "Month to date")):
        sheet.write_blank(top, col, None, fmt["section"])
        sheet.write_string(top + 1, col, header, fmt["number_header"])
    main, *others = rows
    suffix = f" in {main}" if others else ""
    grid_row, window, month = rows[main]
    row = top + 2
    for label, window_col, month_col in _ROWS:
        values = {"Net Proceeds": (window.net_proceeds, month.net_proceeds), "COGS": (window.cogs, month.cogs)}
        values["Ad Spend"] = (window.ad_spend, month.ad_spend)
        sheet.write_string(row, 0, label + suffix, fmt["label"])
        for col, grid_col, value in zip((1, 2), (window_col, month_col), values[label]):
            sheet.write_formula(row, col, "=" + _cell(grid_row, GRID_COL + grid_col), money[main], value)
        row += 1
    _write_net_profit(sheet, row, "Net Profit" + suffix, rows[main], money[main], fmt)
    percent = book.add_format({"bold": True, "num_format": "0.0%"})
    _write_margin(sheet, row + 1, "Margin" + suffix, rows[main], xl_rowcol_to_cell(row, 1), percent, fmt)
    row += 2
    for code in others:
        _write_net_profit(sheet, row, f"Net Profit in {code}", rows[code], money[code], fmt)
        row += 1
    for offset, note in enumerate(NOTES):
        sheet.write_string(row + offset, 0, note, fmt["note"])
    return row + len(NOTES)


_Figures = tuple[int, model.ProfitFigures, model.ProfitFigures]


def _write_net_profit(sheet: Worksheet, row: int, label: str, figures: _Figures, money: object, fmt: dict) -> None:
    """Net Profit: Net Proceeds - COGS - Ad Spend of the 30 days; the sum of the Profit rows' of the month."""
    grid_row, window, month = figures
    proceeds, cogs, ads = (_cell(grid_row, GRID_COL + col) for col in (2, 3, 4))
    sheet.write_string(row, 0, label, fmt["label"])
    sheet.write_formula(row, 1, f"=ROUND({proceeds}-{cogs}-{ads},2)", money, window.net_profit)
    sheet.write_formula(row, 2, "=" + _cell(grid_row, GRID_COL + 9), money, month.net_profit)


def _write_margin(
    sheet: Worksheet, row: int, label: str, figures: _Figures, net_cell: str, percent: object, fmt: dict
) -> None:
    """Margin: Net Profit / Sales, blank without sales."""
    grid_row, window, month = figures
    sheet.write_string(row, 0, label, fmt["label"])
    for col, net, sales_col, value in (
        (1, net_cell, 1, window.margin),
        (2, xl_rowcol_to_cell(row - 1, 2), 5, month.margin),
    ):
        sales = _cell(grid_row, GRID_COL + sales_col)
        sheet.write_formula(row, col, f'=IF({sales}>0,{net}/{sales},"")', percent, _blank(value))
