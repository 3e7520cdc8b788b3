"""The Dashboard sheet: key figures as formulas, top products, chart data and charts."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from amzsheet.contract.schema import DASHBOARD_SHEET, OUT_OF_STOCK
from amzsheet.excel import formulas, metric_formulas, styles
from amzsheet.excel.sheetxml import excel_serials
from amzsheet.model import compute
from amzsheet.model.metrics import METRICS, Metric, MetricSpec, seller_metrics
from amzsheet.model.tracker import Tracker

_METRICS_ROW = 4  # first metric (0-based row)
_TOP_ROW = 41  # header row of the top products table
_DAILY_COL = 13  # column N: daily sales chart data
_DAILY_ROW = 3
_INDEX_COL = 30  # column AE, hidden: the sorted Order IDs the order counts look up
_SELLER_ROW = _TOP_ROW - 1  # title of the seller metrics, beside the top products table
_SELLER_COL = 7  # column H: label, days, rate, orders, defects, target (H to M)


def _cell(row: int, col: int) -> str:
    return xl_rowcol_to_cell(row, col)


def _value(number: float | None) -> float | str:
    return "" if number is None or (isinstance(number, float) and math.isnan(number)) else number


_FIXED_DATE = "a fixed date: the Reference date in Settings (blank it to follow today)"


def write_dashboard(book: Workbook, sheet: Worksheet, tracker: Tracker, today: dt.date) -> None:
    """Write the Dashboard: figures, a top-10 table and three native charts.

    :param tracker: recomputed tables (alerts and inventory figures up to date).
    :param today: the date the cached values are computed for.
    """
    fmt = _formats(book)
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
        f"Figures cover the {compute.DASHBOARD_DAYS} full days before today; cancelled lines and MCF lines "
        "(Multi-Channel Fulfillment: orders of your own shop) are left out.",
        fmt["note"],
    )
    summary = compute.dashboard_summary(tracker.orders, tracker.inventory, today)
    index = _write_order_index(sheet, tracker.orders)
    _write_metrics(sheet, summary, index, fmt)
    top = compute.top_products(tracker.orders, tracker.inventory, today)
    _write_top_products(sheet, top, fmt)
    _write_seller_metrics(book, sheet, tracker.orders, today, index, fmt)
    daily = compute.daily_sales(tracker.orders, today)
    _write_daily_sales(sheet, daily, fmt)
    _insert_charts(book, sheet, len(top), len(daily))
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 18)
    sheet.set_column(2, _SELLER_COL + 5, 11)
    sheet.set_column(_SELLER_COL, _SELLER_COL, 28)
    sheet.set_column(_DAILY_COL, _DAILY_COL, 11)
    sheet.set_column(_DAILY_COL + 1, _DAILY_COL + 2, 10)
    sheet.hide_gridlines(2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 1)
    sheet.print_area(0, 0, _TOP_ROW + compute.TOP_PRODUCTS, _SELLER_COL + 5)


def _formats(book: Workbook) -> dict:
    return {
        "title": book.add_format(styles.TITLE),
        "section": book.add_format(styles.SECTION),
        "label": book.add_format(styles.METRIC_LABEL),
        "note": book.add_format(styles.SUBTITLE),
        "money": book.add_format({**styles.METRIC_VALUE, "num_format": styles.NUMBER_FORMATS["money"]}),
        "count": book.add_format({**styles.METRIC_VALUE, "num_format": styles.NUMBER_FORMATS["int"]}),
        "date": book.add_format({"num_format": styles.NUMBER_FORMATS["date"], "bold": True, "align": "left"}),
        "header": book.add_format(styles.HEADER | {"bottom": 1}),
        "number_header": book.add_format(styles.HEADER | {"bottom": 1, "align": "right", "text_wrap": False}),
        "cell_money": book.add_format({"num_format": styles.NUMBER_FORMATS["money"]}),
        "cell_int": book.add_format({"num_format": styles.NUMBER_FORMATS["int"]}),
        "cell_date": book.add_format({"num_format": "ddd d mmm"}),
        "cell_percent": book.add_format({"num_format": "0.0%"}),
        "off_target": book.add_format(styles.RED),
    }


def _serial(day: dt.date) -> float:
    return float(excel_serials(pd.Series([pd.Timestamp(day)]))[0])


def _write_order_index(sheet: Worksheet, orders: pd.DataFrame) -> formulas.OrderIndex:
    """Write the sorted Order IDs and their numbers in two hidden columns, for the order counts.

    A refresh rewrites them; an Order ID typed since is still counted, more slowly (see
    :func:`amzsheet.excel.formulas.count_distinct_orders`).
    """
    ids = compute.order_index(orders)
    sheet.write_string(0, _INDEX_COL, "Order IDs (sorted; the order counts look them up)")
    sheet.write_string(0, _INDEX_COL + 1, "Number")
    for offset, order_id in enumerate(ids):
        sheet.write_string(offset + 1, _INDEX_COL, order_id)
        sheet.write_number(offset + 1, _INDEX_COL + 1, offset + 1)
    if not ids:  # FREQUENCY needs a number among its bins
        sheet.write_number(1, _INDEX_COL + 1, 1)
    sheet.set_column(_INDEX_COL, _INDEX_COL + 1, None, None, {"hidden": True})
    last = max(len(ids), 1)
    return formulas.OrderIndex(
        ids=xl_range_abs(1, _INDEX_COL, last, _INDEX_COL),
        numbers=xl_range_abs(1, _INDEX_COL + 1, last, _INDEX_COL + 1),
        size=len(ids),
    )


def _write_metrics(sheet: Worksheet, summary: compute.DashboardSummary, index: formulas.OrderIndex, fmt: dict) -> None:
    row = _METRICS_ROW
    sales_cell, orders_cell = _cell(row + 1, 1), _cell(row + 2, 1)
    sections: list[tuple[str, list[tuple[str, str, float | str, str]]]] = [  # title; label, formula, value, format
        (
            f"Last {compute.DASHBOARD_DAYS} days",
            [
                ("Sales", formulas.sum_last_days("Item Total"), summary.sales, "money"),
                ("Orders", formulas.count_distinct_orders(formulas.in_last_days, index), summary.orders, "count"),
                ("Units sold", formulas.sum_last_days("Quantity"), summary.units, "count"),
                (
                    "Average order value",
                    f'IF({orders_cell}>0,{sales_cell}/{orders_cell},"")',
                    _value(summary.average_order_value),
                    "money",
                ),
            ],
        ),
        (
            "Right now",
            [
                (
                    "Orders to ship (FBM)",
                    formulas.count_distinct_orders(formulas.is_to_ship, index),
                    summary.orders_to_ship,
                    "count",
                ),
                (
                    "Overdue orders",
                    formulas.count_distinct_orders(formulas.is_overdue, index),
                    summary.overdue_orders,
                    "count",
                ),
                (
                    "SKUs to reorder (Reorder Qty above 0)",
                    formulas.count_skus_to_reorder(),
                    summary.skus_to_reorder,
                    "count",
                ),
                ("Out-of-stock SKUs", formulas.count_inventory_alert(OUT_OF_STOCK), summary.skus_out_of_stock, "count"),
                (
                    "Inventory value (at cost)",
                    f"SUM({formulas.inventory_ref('Total Cost')})",
                    summary.inventory_value,
                    "money",
                ),
                (
                    "Purchase list (cost)",
                    f"SUM({formulas.inventory_ref('Reorder Cost')})",
                    summary.purchase_cost,
                    "money",
                ),
                (
                    "SKUs due for a count",
                    f'COUNTIFS({formulas.inventory_ref("Next Count")},"<="&{formulas.AS_OF})',
                    summary.skus_to_count,
                    "count",
                ),
            ],
        ),
    ]
    for title, metrics in sections:
        sheet.write_string(row, 0, title, fmt["section"])
        sheet.write_blank(row, 1, None, fmt["section"])
        for label, formula, value, kind in metrics:
            row += 1
            sheet.write_string(row, 0, label, fmt["label"])
            if isinstance(formula, formulas.ArrayFormula):
                sheet.write_array_formula(row, 1, row, 1, "{=" + formula + "}", fmt[kind], value)
            else:
                sheet.write_formula(row, 1, "=" + formula, fmt[kind], value)
        row += 2


def _write_top_products(sheet: Worksheet, top: pd.DataFrame, fmt: dict) -> None:
    sheet.write_string(
        _TOP_ROW - 1,
        0,
        f"Top {compute.TOP_PRODUCTS} products by sales, last {compute.DASHBOARD_DAYS} days",
        fmt["section"],
    )
    headers = ("Product", "SKU", "Units", "Sales", "Available", "Reorder at")
    for col, header in enumerate(headers):
        sheet.write_string(_TOP_ROW, col, header, fmt["header" if col < 2 else "number_header"])
    for offset, product in enumerate(top.itertuples(index=False)):
        row = _TOP_ROW + 1 + offset
        sku_cell = _cell(row, 1)
        sheet.write_string(row, 0, "" if pd.isna(product[1]) else str(product[1]))
        sheet.write_string(row, 1, product.SKU)
        sheet.write_formula(
            row, 2, "=" + formulas.sku_sum_last_days("Quantity", sku_cell), fmt["cell_int"], product.Units
        )
        sheet.write_formula(
            row, 3, "=" + formulas.sku_sum_last_days("Item Total", sku_cell), fmt["cell_money"], product.Sales
        )
        available = formulas.inventory_lookup("Available Quantity", sku_cell)
        sheet.write_formula(row, 4, "=" + available, fmt["cell_int"], _value(product[4]))
        reorder = formulas.inventory_lookup("Reorder Point", sku_cell)
        sheet.write_formula(row, 5, "=" + reorder, fmt["cell_int"], _value(product[5]))


def _write_seller_metrics(
    book: Workbook, sheet: Worksheet, orders: pd.DataFrame, today: dt.date, index: formulas.OrderIndex, fmt: dict
) -> None:
    """Amazon's seller metrics, estimated from Order Tracking: one row each, the rate red when off target.

    Rate, orders and defects are formulas over the Orders table (:mod:`amzsheet.excel.metric_formulas`)
    whose cached values are :func:`amzsheet.model.metrics.seller_metrics`.
    """
    metrics = seller_metrics(orders, today)
    col = _SELLER_COL
    sheet.write_string(_SELLER_ROW, col, "Seller metrics (estimated)", fmt["section"])
    for offset in range(1, 6):
        sheet.write_blank(_SELLER_ROW, col + offset, None, fmt["section"])
    for offset, header in enumerate(("Metric", "Days", "Rate", "Orders", "Defects", "Target")):
        sheet.write_string(_SELLER_ROW + 1, col + offset, header, fmt["header" if offset == 0 else "number_header"])
    targets = {spec.key: book.add_format({"num_format": metric_formulas.target_format(spec)}) for spec in METRICS}
    for number, spec in enumerate(METRICS):
        _write_metric_row(
            sheet, _SELLER_ROW + 2 + number, spec, metrics[spec.key], index, fmt | {"target": targets[spec.key]}
        )
    notes = (
        "Orders you ship yourself (FBM); Order Defect Rate: all but MCF.",
        "Red: off Amazon's target. Estimates: see the README.",
    )
    for offset, note in enumerate(notes):
        sheet.write_string(_SELLER_ROW + 2 + len(METRICS) + offset, col, note, fmt["note"])


def _write_metric_row(
    sheet: Worksheet, row: int, spec: MetricSpec, metric: Metric, index: formulas.OrderIndex, fmt: dict
) -> None:
    """Label, days, rate, orders, defects and target of one metric, the rate's colour rule."""
    col = _SELLER_COL
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


def _write_daily_sales(sheet: Worksheet, daily: pd.DataFrame, fmt: dict) -> None:
    sheet.write_string(_DAILY_ROW - 1, _DAILY_COL, "Daily sales (chart data)", fmt["section"])
    for offset, header in enumerate(("Date", "Sales", "Units")):
        sheet.write_string(_DAILY_ROW, _DAILY_COL + offset, header, fmt["header"])
    serials = excel_serials(daily["Date"])
    days = len(daily)
    for offset in range(days):
        row = _DAILY_ROW + 1 + offset
        date_cell = _cell(row, _DAILY_COL)
        sheet.write_formula(
            row, _DAILY_COL, f"={formulas.AS_OF}-{days - offset}", fmt["cell_date"], float(serials[offset])
        )
        sales = formulas.sum_on_day("Item Total", date_cell)
        sheet.write_formula(row, _DAILY_COL + 1, "=" + sales, fmt["cell_money"], float(daily["Sales"].iloc[offset]))
        units = formulas.sum_on_day("Quantity", date_cell)
        sheet.write_formula(row, _DAILY_COL + 2, "=" + units, fmt["cell_int"], float(daily["Units"].iloc[offset]))


def _insert_charts(book: Workbook, sheet: Worksheet, top_count: int, days: int) -> None:
    first, last = _DAILY_ROW + 1, _DAILY_ROW + days
    daily = book.add_chart({"type": "column"})
    daily.add_series(
        {
            "name": "Sales",
            "categories": [DASHBOARD_SHEET, first, _DAILY_COL, last, _DAILY_COL],
            "values": [DASHBOARD_SHEET, first, _DAILY_COL + 1, last, _DAILY_COL + 1],
            "fill": {"color": styles.CHART_BLUE},
            "gap": 30,
        }
    )
    daily.set_title({"name": f"Daily sales, last {days} days"})
    daily.set_x_axis({"date_axis": True, "num_format": "d mmm", "major_unit": 14, "major_unit_type": "days"})
    daily.set_y_axis({"num_format": "#,##0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    daily.set_legend({"none": True})
    daily.set_size({"width": 720, "height": 320})
    sheet.insert_chart(_METRICS_ROW, 3, daily)
    if not top_count:
        return
    top_first, top_last = _TOP_ROW + 1, _TOP_ROW + top_count
    bar = book.add_chart({"type": "bar"})
    bar.add_series(
        {
            "name": "Sales",
            "categories": [DASHBOARD_SHEET, top_first, 1, top_last, 1],
            "values": [DASHBOARD_SHEET, top_first, 3, top_last, 3],
            "fill": {"color": styles.CHART_BLUE},
            "data_labels": {"value": True, "num_format": "#,##0"},
        }
    )
    bar.set_title({"name": f"Top {top_count} products by sales"})
    bar.set_y_axis({"reverse": True})
    bar.set_x_axis({"num_format": "#,##0"})
    bar.set_legend({"none": True})
    bar.set_size({"width": 520, "height": 340})
    sheet.insert_chart(_METRICS_ROW + 17, 0, bar)
    stock = book.add_chart({"type": "column"})
    for col, name, color in ((4, "Available", styles.CHART_BLUE), (5, "Reorder point", styles.CHART_ORANGE)):
        stock.add_series(
            {
                "name": name,
                "categories": [DASHBOARD_SHEET, top_first, 1, top_last, 1],
                "values": [DASHBOARD_SHEET, top_first, col, top_last, col],
                "fill": {"color": color},
            }
        )
    stock.set_title({"name": "Stock against reorder point (top products)"})
    stock.set_legend({"position": "bottom"})
    stock.set_size({"width": 620, "height": 340})
    sheet.insert_chart(_METRICS_ROW + 17, 4, stock, {"x_offset": 20})
