"""The Dashboard sheet: what to do today, key figures, seller metrics, top products and charts, all formulas.

From the top: the Today block (:mod:`.dashboard_today`), the sales of the last 30 days and the stock's
value beside the daily sales chart, Amazon's seller metrics, the top 10 products
(:mod:`.dashboard_top`) and their charts (:mod:`.dashboard_charts`). Hidden columns from AE hold
what the formulas look up: the sorted Order IDs, the Today lists' places, the top products' candidates.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from amzsheet.excel import (
    dashboard_charts,
    dashboard_profit,
    dashboard_today,
    dashboard_top,
    formulas,
    metric_formulas,
    styles,
)
from amzsheet.excel import dashboard_formulas as df
from amzsheet.excel.sheetxml import ColumnData, excel_serials, text_column
from amzsheet.excel.streaming import Block
from amzsheet.model import compute
from amzsheet.model import dashboard as model
from amzsheet.model.briefing import Briefing
from amzsheet.model.dashboard_profit import CHART_MONTHS, profit_currencies
from amzsheet.model.metrics import METRICS, Metric, MetricSpec, seller_metrics
from amzsheet.model.tracker import Tracker

_TODAY_ROW = 5  # first line of the Today block (its title above it)
_INDEX_COL = 30  # column AE, hidden: the sorted Order IDs the order counts look up
_DAILY_COL = 16  # column Q: daily sales chart data
_DAILY_ROW = 3
_WIDTHS = {0: 42, 1: 18, 2: 15}  # A: labels and product names; B: figures and SKUs; C: month to date; D to L: 11
_NARROW = 11
_CHART_ROWS = 15  # rows under the daily sales chart, right of the key figures
_PROFIT_CHART_ROWS = 14  # rows under the net profit chart, right of the Profit block
_LAST_COL = dashboard_today.LIST_LAST_COL  # column L: the right edge of what is printed


def _cell(row: int, col: int) -> str:
    return xl_rowcol_to_cell(row, col)


def _value(number: float | None) -> float | str:
    return "" if number is None or (isinstance(number, float) and math.isnan(number)) else number


_FIXED_DATE = "a fixed date: the Reference date in Settings (blank it to follow today)"


def write_dashboard(
    book: Workbook, sheet: Worksheet, tracker: Tracker, today: dt.date, briefing: Briefing | None = None
) -> list[Block]:
    """Write the Dashboard: the Today block, key figures, seller metrics, the top 10 and three native charts.

    :param tracker: recomputed tables (alerts and inventory figures up to date).
    :param today: the date the cached values are computed for.
    :param briefing: the briefing of ``tracker`` for ``today`` (None: built here), for the Today block.
    :return: the rows of its long hidden lists (the Order IDs, the SKUs' figures), to stream into the sheet
        (see :mod:`amzsheet.excel.streaming`).
    """
    streamed: list[Block] = []
    codes = model.currencies(tracker.orders)
    fmt = _formats(book, codes)
    _write_header(sheet, tracker, today, fmt)
    ids = compute.order_index(tracker.orders)
    index = _write_order_index(sheet, ids, streamed)
    list_chars = sum(_WIDTHS.get(col, _NARROW) for col in range(dashboard_today.LIST_FIRST_COL, _LAST_COL + 1))
    rows = dashboard_today.today_rows(tracker, today, index, ids, briefing)
    row = dashboard_today.write_today(sheet, rows, _TODAY_ROW, fmt, list_chars)
    sheet.write_string(row, 0, _TODAY_NOTE, fmt["note"])
    figures_row = row + 2
    row = _write_figures(sheet, tracker, today, codes, index, figures_row + 1, fmt)
    daily = model.daily_sales(tracker.orders, today, codes)
    dashboard_charts.write_daily_sales(sheet, daily, codes, _DAILY_ROW, _DAILY_COL, fmt)
    chart = dashboard_charts.daily_chart(book, _DAILY_ROW + 1, _DAILY_COL, len(daily), fmt["money_format"], fmt["code"])
    chart.set_size({"width": 560, "height": 20 * _CHART_ROWS})
    sheet.insert_chart(figures_row, 5, chart, {"x_offset": 10})  # F: room in C:E for the missing-cost sentence
    row = _write_profit(book, sheet, tracker, today, codes, (row + 1, figures_row + _CHART_ROWS + 1), fmt, streamed)
    metrics = briefing.metrics if briefing is not None else None  # computed once, for the briefing
    if metrics is None:
        metrics = seller_metrics(tracker.orders, today)
    row = _write_seller_metrics(book, sheet, metrics, index, row, fmt)
    ranked = model.ranked_candidates(tracker.orders, model.candidates(tracker.inventory), today, codes)
    ranges = dashboard_top.write_candidates(sheet, ranked, codes, streamed)
    first = dashboard_top.write_top_products(
        sheet, tracker, model.top_products(ranked), ranges, row + 1, fmt, _WIDTHS[0]
    )
    charts_row = first + compute.TOP_PRODUCTS + 1
    bar, cover = dashboard_charts.top_charts(book, first, fmt["money_format"], fmt["code"])
    bar.set_size({"width": 520, "height": 340})
    cover.set_size({"width": 600, "height": 340})
    sheet.insert_chart(charts_row, 0, bar)
    sheet.insert_chart(charts_row, 2, cover, {"x_offset": 100})
    _lay_out(sheet, charts_row + 18)
    return streamed


def _write_profit(
    book: Workbook,
    sheet: Worksheet,
    tracker: Tracker,
    today: dt.date,
    codes: tuple[str, ...],
    rows: tuple[int, int],
    fmt: dict,
    streamed: list[Block],
) -> int:
    """The Profit block from row ``top``, its 12-month chart from ``chart_row`` in F (``rows``: both); return the
    next block's row."""
    top, chart_row = rows
    currencies = profit_currencies(codes, tracker.profit, tracker.payments, tracker.advertising)
    end = dashboard_profit.write_profit(book, sheet, tracker, today, currencies, top, fmt, streamed)
    main = currencies[0] if currencies else ""
    money = styles.currency_format(main, 0)
    chart = dashboard_charts.profit_chart(book, (1, CHART_MONTHS), dashboard_profit.MONTH_COL, money, main)
    chart.set_size({"width": 560, "height": 20 * _PROFIT_CHART_ROWS})
    sheet.insert_chart(chart_row, 5, chart, {"x_offset": 10})
    return max(end + 1, chart_row + _PROFIT_CHART_ROWS + 1)


_TODAY_NOTE = (
    "Order IDs alphabetically, SKUs the soonest due first. The lists follow what you type in Order Tracking and "
    "Inventory; an order typed by hand is listed after the next refresh."
)


def _write_header(sheet: Worksheet, tracker: Tracker, today: dt.date, fmt: dict) -> None:
    sheet.write_string(0, 0, "Dashboard", fmt["title"])
    sheet.write_string(1, 0, "As of", fmt["label"])
    sheet.write_formula(1, 1, "=" + formulas.AS_OF, fmt["date"], _serial(today))
    fixed = tracker.settings.reference_date is not None
    sheet.write_formula(
        1, 2, f'=IF(ISNUMBER(ReferenceDate),"{_FIXED_DATE}","")', fmt["note"], _FIXED_DATE if fixed else ""
    )
    sheet.write_string(
        2,
        0,
        f"Sales figures cover the {compute.DASHBOARD_DAYS} full days before today; cancelled lines and MCF lines "
        "(Multi-Channel Fulfillment: orders of your own shop) are left out.",
        fmt["note"],
    )


def _lay_out(sheet: Worksheet, last_row: int) -> None:
    for col in range(_LAST_COL + 1):
        sheet.set_column(col, col, _WIDTHS.get(col, _NARROW))
    sheet.set_column(_DAILY_COL, _DAILY_COL + 2, 11)
    sheet.hide_gridlines(2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.print_area(0, 0, last_row, _LAST_COL)


def _formats(book: Workbook, codes: tuple[str, ...]) -> dict:
    code = codes[0] if codes else ""
    money = styles.currency_format(code)
    figure = styles.METRIC_VALUE  # General alignment: numbers right, the missing-cost sentence left (over C)
    return {
        "code": code,
        "money_of": {
            other: book.add_format({**figure, "num_format": styles.currency_format(other)}) for other in codes or ("",)
        },
        "money_format": styles.currency_format(code, 0),
        "title": book.add_format(styles.TITLE),
        "section": book.add_format(styles.SECTION),
        "label": book.add_format(styles.METRIC_LABEL),
        "note": book.add_format(styles.SUBTITLE),
        "money": book.add_format({**figure, "num_format": money}),
        "count": book.add_format({**figure, "num_format": styles.NUMBER_FORMATS["int"]}),
        "date": book.add_format({"num_format": styles.NUMBER_FORMATS["date"], "bold": True, "align": "left"}),
        "header": book.add_format(styles.HEADER | {"bottom": 1}),
        "number_header": book.add_format(styles.HEADER | {"bottom": 1, "align": "right"}),
        "cell_money": book.add_format({"num_format": money, "valign": "top"}),
        "cell_int": book.add_format({"num_format": styles.NUMBER_FORMATS["int"], "valign": "top"}),
        "cell_text": book.add_format({"valign": "top"}),
        "product": book.add_format({"text_wrap": True, "valign": "top"}),
        "cell_date": book.add_format({"num_format": "ddd d mmm"}),
        "cell_percent": book.add_format({"num_format": "0.0%"}),
        "off_target": book.add_format(styles.RED),
        "today_label": book.add_format({**styles.METRIC_LABEL, "bold": True, "valign": "top"}),
        "today_count": book.add_format(
            {**styles.METRIC_VALUE, "valign": "top", "align": "center", "num_format": "#,##0"}
        ),
        "today_list": book.add_format({"text_wrap": True, "valign": "top", "font_size": 11}),
    }


def _serial(day: dt.date) -> float:
    return float(excel_serials(pd.Series([pd.Timestamp(day)]))[0])


def _write_order_index(sheet: Worksheet, ids: list[str], streamed: list[Block]) -> formulas.OrderIndex:
    """Write the headers of two hidden columns, the sorted Order IDs and their numbers, for the order counts and
    lists; add their rows to ``streamed``.

    A refresh rewrites them; an Order ID typed since is still counted, more slowly (see
    :func:`amzsheet.excel.formulas.count_distinct_orders`).
    """
    sheet.write_string(0, _INDEX_COL, "Order IDs (sorted; the order counts look them up)")
    sheet.write_string(0, _INDEX_COL + 1, "Number")
    numbers = np.arange(1, len(ids) + 1, dtype="float64")
    streamed.append(Block([text_column(ids), ColumnData("number", numbers)], first_row=2, first_col=_INDEX_COL))
    if not ids:  # FREQUENCY needs a number among its bins
        sheet.write_number(1, _INDEX_COL + 1, 1)
    sheet.set_column(_INDEX_COL, _INDEX_COL + 1, None, None, {"hidden": True})
    last = max(len(ids), 1)
    return formulas.OrderIndex(
        ids=xl_range_abs(1, _INDEX_COL, last, _INDEX_COL),
        numbers=xl_range_abs(1, _INDEX_COL + 1, last, _INDEX_COL + 1),
        size=len(ids),
    )


#: A figure: label, formula (without "="), cached value, format name.
Figure = tuple[str, str, float | str, str]


def _write_figures(
    sheet: Worksheet,
    tracker: Tracker,
    today: dt.date,
    codes: tuple[str, ...],
    index: formulas.OrderIndex,
    row: int,
    fmt: dict,
) -> int:
    """Write the key figures from ``row`` (the first section's title); return the row after them."""
    summary = compute.dashboard_summary(tracker.orders, tracker.inventory, today)
    orders_cell = _cell(row + 1 + max(len(codes), 1), 1)
    sections: list[tuple[str, list[Figure]]] = [
        (
            f"Last {compute.DASHBOARD_DAYS} days",
            _sales_figures(tracker, today, codes, index, row, orders_cell, summary),
        ),
        ("Right now", _stock_figures(tracker, index, summary)),
    ]
    for title, figures in sections:
        sheet.write_string(row, 0, title, fmt["section"])
        sheet.write_blank(row, 1, None, fmt["section"])
        for figure in figures:
            row += 1
            _write_figure(sheet, row, figure, fmt)
        row += 2
    if codes:
        sheet.write_string(row - 1, 0, _currency_note(codes), fmt["note"])
    return row


def _stock_figures(tracker: Tracker, index: formulas.OrderIndex, summary: compute.DashboardSummary) -> list[Figure]:
    """Orders to ship, the stock's value and the purchase list's cost (a sentence while no Unit Cost is typed)."""
    costed = bool(tracker.inventory["Unit Cost"].notna().any())

    def cost(amount: float) -> float | str:
        return amount if costed else df.NO_COST

    to_ship = formulas.count_distinct_orders(formulas.is_to_ship, index)
    return [
        ("Orders to ship (FBM)", to_ship, summary.orders_to_ship, "count"),
        ("Inventory value (at cost)", df.inventory_value("Total Cost"), cost(summary.inventory_value), "money"),
        ("Purchase list (cost)", df.inventory_value("Reorder Cost"), cost(summary.purchase_cost), "money"),
    ]


def _write_figure(sheet: Worksheet, row: int, figure: Figure, fmt: dict) -> None:
    label, formula, value, kind = figure
    cell_format = fmt["money_of"][kind] if kind in fmt["money_of"] else fmt[kind]
    sheet.write_string(row, 0, label, fmt["label"])
    if isinstance(formula, formulas.ArrayFormula):
        sheet.write_array_formula(row, 1, row, 1, "{=" + formula + "}", cell_format, value)
    else:
        sheet.write_formula(row, 1, "=" + formula, cell_format, value)


def _sales_figures(
    tracker: Tracker,
    today: dt.date,
    codes: tuple[str, ...],
    index: formulas.OrderIndex,
    row: int,
    orders_cell: str,
    summary: compute.DashboardSummary,
) -> list[Figure]:
    """Sales in each currency, orders, units and the average order value in each currency."""
    by_currency = model.sales_by_currency(tracker.orders, today, codes)
    several = len(codes) > 1
    sales: list[Figure] = []
    averages: list[Figure] = []
    for number, (code, (amount, orders)) in enumerate(by_currency.items()):
        sales_cell = _cell(row + 1 + number, 1)
        sales.append((f"Sales in {code}" if several else "Sales", df.sales_last_days(codes, code), amount, code))
        if several:
            count = formulas.count_distinct_orders(_in_currency(codes, code), index)
            average: str = formulas.ArrayFormula(f'IF(({count})>0,{sales_cell}/({count}),"")')
        else:
            average = f'IF({orders_cell}>0,{sales_cell}/{orders_cell},"")'
        label = f"Average order value in {code}" if several else "Average order value"
        averages.append((label, average, _value(amount / orders if orders else None), code))
    counts: list[Figure] = [
        ("Orders", formulas.count_distinct_orders(formulas.in_last_days, index), summary.orders, "count"),
        ("Units sold", formulas.sum_last_days("Quantity"), summary.units, "count"),
    ]
    return sales + counts + averages


def _in_currency(codes: tuple[str, ...], code: str) -> Callable[[Callable[[str], str]], str]:
    """0/1 array condition: Amazon sales of the last 30 days in ``code``."""
    lines = df.currency_lines(codes, code)
    return lambda col: f"{formulas.in_last_days(col)}*{lines(col)}"


def _currency_note(codes: tuple[str, ...]) -> str:
    others = f"; {', '.join(codes[1:])} on their own lines" if len(codes) > 1 else ""
    return f"Amounts in {codes[0]}, the currency of most order lines (Unit Costs read as {codes[0]}){others}."


def _write_seller_metrics(
    book: Workbook,
    sheet: Worksheet,
    metrics: dict[str, Metric],
    index: formulas.OrderIndex,
    top: int,
    fmt: dict,
) -> int:
    """Amazon's seller metrics from row ``top``, estimated from Order Tracking: one row each, the rate red when off
    target. Return the row after the block.

    Rate, orders and defects are formulas over the Orders table (:mod:`amzsheet.excel.metric_formulas`)
    whose cached values are ``metrics`` (:func:`amzsheet.model.metrics.seller_metrics`).
    """
    col = 0
    sheet.write_string(top, col, "Seller metrics (estimated)", fmt["section"])
    for offset in range(1, 6):
        sheet.write_blank(top, col + offset, None, fmt["section"])
    for offset, header in enumerate(("Metric", "Days", "Rate", "Orders", "Defects", "Target")):
        sheet.write_string(top + 1, col + offset, header, fmt["header" if offset == 0 else "number_header"])
    targets = {spec.key: book.add_format({"num_format": metric_formulas.target_format(spec)}) for spec in METRICS}
    for number, spec in enumerate(METRICS):
        _write_metric_row(sheet, top + 2 + number, spec, metrics[spec.key], index, fmt | {"target": targets[spec.key]})
    notes = (
        "Orders you ship yourself (FBM); Order Defect Rate: all but MCF.",
        "Red: off Amazon's target. Estimates: see the README.",
    )
    for offset, note in enumerate(notes):
        sheet.write_string(top + 2 + len(METRICS) + offset, col, note, fmt["note"])
    return top + 2 + len(METRICS) + len(notes)


def _write_metric_row(
    sheet: Worksheet, row: int, spec: MetricSpec, metric: Metric, index: formulas.OrderIndex, fmt: dict
) -> None:
    """Label, days, rate, orders, defects and target of one metric, the rate's colour rule."""
    col = 0
    rate, orders_cell, defects_cell, target = (_cell(row, col + offset) for offset in (2, 3, 4, 5))
    sheet.write_string(row, col, spec.label)
    sheet.write_number(row, col + 1, spec.days, fmt["cell_int"])
    value = metric_formulas.value_formula(spec, orders_cell, defects_cell)
    sheet.write_formula(row, col + 2, "=" + value, fmt["cell_percent"], _value(metric.value))
    counted = metric_formulas.orders_formula(spec, index)
    sheet.write_array_formula(row, col + 3, row, col + 3, "{=" + counted + "}", fmt["cell_int"], metric.orders)
    defects = metric_formulas.defects_formula(spec, index, orders_cell)
    sheet.write_array_formula(row, col + 4, row, col + 4, "{=" + defects + "}", fmt["cell_int"], metric.defects)
    sheet.write_number(row, col + 5, spec.target, fmt["target"])
    off_target = "=" + metric_formulas.off_target_formula(spec, rate, target)
    sheet.conditional_format(
        row, col + 2, row, col + 2, {"type": "formula", "criteria": off_target, "format": fmt["off_target"]}
    )
