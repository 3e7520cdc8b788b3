"""The Dashboard's charts and the daily sales they plot: native Excel charts with titled axes.

* Daily sales of the last 90 days, in the main currency.
* The top products by sales (a bar each).
* Days of cover of the top products against their lead time: days are comparable whatever a SKU
  sells, so one SKU with a thousand units in stock no longer flattens the others, and a bar below
  the lead-time line is a SKU that runs out before a new batch can arrive.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from amzsheet.contract.schema import DASHBOARD_SHEET
from amzsheet.excel import dashboard_formulas as df
from amzsheet.excel import formulas, styles
from amzsheet.excel.sheetxml import excel_serials
from amzsheet.model.compute import TOP_PRODUCTS

_GRID = {"major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}


def write_daily_sales(
    sheet: Worksheet, daily: pd.DataFrame, codes: Sequence[str], row: int, col: int, fmt: dict
) -> None:
    """Write the chart data (date, sales, units), its title at ``row - 1``, headers at ``row``."""
    sheet.write_string(row - 1, col, "Daily sales (chart data)", fmt["section"])
    for offset, header in enumerate(("Date", "Sales", "Units")):
        sheet.write_string(row, col + offset, header, fmt["header"])
    serials = excel_serials(daily["Date"])
    days = len(daily)
    for offset in range(days):
        at = row + 1 + offset
        date_cell = xl_rowcol_to_cell(at, col)
        sheet.write_formula(at, col, f"={formulas.AS_OF}-{days - offset}", fmt["cell_date"], float(serials[offset]))
        sales = df.sales_on_day(codes, date_cell)
        sheet.write_formula(at, col + 1, "=" + sales, fmt["cell_money"], float(daily["Sales"].iloc[offset]))
        units = formulas.sum_on_day("Quantity", date_cell)
        sheet.write_formula(at, col + 2, "=" + units, fmt["cell_int"], float(daily["Units"].iloc[offset]))


def daily_chart(book: Workbook, data_row: int, col: int, days: int, money: str, currency: str):  # noqa: ANN201
    """The column chart of daily sales (data from ``data_row``, dates in ``col``)."""
    chart = _columns(book, "Sales", (data_row, data_row + days - 1), col, 30)
    chart.set_title({"name": f"Daily sales, last {days} days"})
    chart.set_x_axis(
        {"name": "Order date", "date_axis": True, "num_format": "d mmm", "major_unit": 14, "major_unit_type": "days"}
    )
    chart.set_y_axis({"name": _in("Sales", currency), "num_format": money, **_GRID})
    chart.set_legend({"none": True})
    return chart


def top_charts(book: Workbook, first_row: int, money: str, currency: str) -> tuple:
    """The bar chart of the top products' sales and the chart of their days of cover (table from ``first_row``)."""
    last = first_row + TOP_PRODUCTS - 1

    def series(name: str, col: int, **style: object) -> dict:
        skus = [DASHBOARD_SHEET, first_row, 1, last, 1]
        return {"name": name, "categories": skus, "values": [DASHBOARD_SHEET, first_row, col, last, col], **style}

    blue = {"color": styles.CHART_BLUE}
    bar = book.add_chart({"type": "bar"})
    bar.add_series(series("Sales", 3, fill=blue, data_labels={"value": True, "num_format": money}))
    bar.set_title({"name": f"Top {TOP_PRODUCTS} products by sales"})
    bar.set_y_axis({"name": "SKU", "reverse": True})
    bar.set_x_axis({"name": _in("Sales, last 30 days", currency), "num_format": money, **_GRID})
    bar.set_legend({"none": True})
    cover = book.add_chart({"type": "column"})
    cover.add_series(series("Days of cover", 6, fill=blue))
    lead = book.add_chart({"type": "line"})
    line = {"color": styles.CHART_ORANGE, "width": 2.25}
    lead.add_series(series("Lead time (days)", 7, line=line, marker={"type": "none"}))
    cover.combine(lead)
    cover.set_title({"name": "Days of cover against lead time (top products)"})
    cover.set_x_axis({"name": "SKU"})
    cover.set_y_axis({"name": "Days", "num_format": "#,##0", **_GRID})
    cover.set_legend({"position": "bottom"})
    return bar, cover


def _in(title: str, currency: str) -> str:
    return f"{title} ({currency})" if currency else title


def profit_chart(book: Workbook, rows: tuple[int, int], col: int, money: str, currency: str):  # noqa: ANN201
    """The column chart of the net profit of the last 12 months (months in ``col``, Net Profit beside them)."""
    chart = _columns(book, "Net profit", rows, col, 50)
    chart.set_title({"name": f"Net profit, last {rows[1] - rows[0] + 1} months"})
    chart.set_x_axis({"name": "Month (this month to date)", "label_position": "low"})
    chart.set_y_axis({"name": _in("Net profit", currency), "num_format": money, **_GRID})
    chart.set_legend({"none": True})
    return chart


def _columns(book: Workbook, name: str, rows: tuple[int, int], col: int, gap: int):  # noqa: ANN202
    """A column chart of the Dashboard's ``rows`` (first, last): categories in ``col``, values beside them."""
    first, last = rows
    chart = book.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": name,
            "categories": [DASHBOARD_SHEET, first, col, last, col],
            "values": [DASHBOARD_SHEET, first, col + 1, last, col + 1],
            "fill": {"color": styles.CHART_BLUE},
            "gap": gap,
        }
    )
    return chart
