"""The Dashboard a seller reads first: the Today block, amounts in their currency, a sentence where costs are
missing, the top products in order, charts with axis titles."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest
from helpers import TODAY
from helpers.dashboard import DAY, T, expected_today, line, save, today_block, today_fixture

import amzsheet
from amzsheet.contract.schema import Settings
from amzsheet.excel.dashboard_formulas import NO_COST


def test_the_today_block_lists_the_orders_to_ship_and_the_skus_to_reorder(tmp_path):
    path = save(tmp_path, *today_fixture())
    assert today_block(path) == expected_today()
    status = amzsheet.status(path, TODAY)
    assert len(status.ship_today) == 3 and len(status.overdue) == 12  # lines; the Dashboard counts orders
    assert [item.sku for item in status.reorder] == ["A", "C"]


def test_the_today_block_is_first_and_its_lists_are_formulas(tmp_path):
    path = save(tmp_path, *today_fixture())
    sheet = openpyxl.load_workbook(path)["Dashboard"]
    assert sheet["A5"].value == "Today" and sheet["A6"].value == "Orders to ship today"
    assert sheet["C6"].value.startswith("=MID(IF($AH$2>0") and "more" in sheet["C6"].value
    assert "C6:L6" in {str(area) for area in sheet.merged_cells.ranges}
    assert sheet["C6"].alignment.wrap_text


def test_amounts_carry_their_currency_and_currencies_are_never_added(tmp_path):
    lines, inventory = today_fixture()
    lines += [{**line("202-0000000-0000001", "B", T + DAY), "Currency": "GBP", "Item Total": 7.5}]
    path = save(tmp_path, lines, inventory)
    sheet = openpyxl.load_workbook(path)["Dashboard"]
    cached = openpyxl.load_workbook(path, data_only=True)["Dashboard"]
    figures = {
        row[0].value: (row[1].number_format, cached[row[1].coordinate].value) for row in sheet.iter_rows(max_col=2)
    }
    assert figures["Sales in USD"] == ('"$"#,##0.00', 160.0)
    assert figures["Sales in GBP"] == ('"£"#,##0.00', 7.5)
    assert figures["Average order value in GBP"] == ('"£"#,##0.00', 7.5)
    assert figures["Inventory value (at cost)"][0] == '"$"#,##0.00'
    top = {row[1].value: row[3] for row in cached.iter_rows(min_col=1, max_col=4) if row[1].value in ("A", "B", "C")}
    assert top["A"].value == 30.0 and top["A"].number_format == '"$"#,##0.00'
    assert "B" not in top  # sold only in GBP: no USD sales, not ranked


def test_a_new_tracker_says_to_type_unit_costs_instead_of_zero(tmp_path):
    path = tmp_path / "new.xlsx"
    amzsheet.init_workbook(path, Settings(time_zone="UTC"), TODAY)
    cached = openpyxl.load_workbook(path, data_only=True)["Dashboard"]
    figures = {row[0]: row[1] for row in cached.iter_rows(max_col=2, values_only=True)}
    assert figures["Inventory value (at cost)"] == NO_COST == "Type Unit Cost on Inventory to see this"
    assert figures["Purchase list (cost)"] == NO_COST
    formula = openpyxl.load_workbook(path)["Dashboard"]
    cell = next(row[1] for row in formula.iter_rows(max_col=2) if row[0].value == "Inventory value (at cost)")
    assert cell.value == f'=IF(COUNT(Inventory[Unit Cost])=0,"{NO_COST}",SUM(Inventory[Total Cost]))'


def test_every_chart_has_axis_titles(tmp_path):
    path = save(tmp_path, *today_fixture())
    with zipfile.ZipFile(path) as package:
        charts = [package.read(n).decode() for n in package.namelist() if re.match(r"xl/charts/chart\d+\.xml", n)]
    assert len(charts) == 4
    for chart in charts:
        axes = re.findall(r"<c:(?:valAx|catAx|dateAx)>.*?</c:(?:valAx|catAx|dateAx)>", chart, re.S)
        titled = [axis for axis in axes if "<c:title>" in axis]
        assert len(axes) >= 2 and len(titled) >= 2, chart[:300]
    titles = " ".join(re.findall(r"<a:t>([^<]*)</a:t>", "".join(charts)))
    for title in ("Sales (USD)", "Order date", "SKU", "Days", "Sales, last 30 days (USD)", "Net profit (USD)", "Month"):
        assert title in titles


@pytest.mark.parametrize("name_length", [20, 90])
def test_top_product_names_wrap_in_rows_tall_enough(tmp_path, name_length):
    lines, inventory = today_fixture()
    inventory[0]["Product Name"] = "x" * name_length
    sheet = openpyxl.load_workbook(save(tmp_path, lines, inventory))["Dashboard"]
    header = next(row[0].row for row in sheet.iter_rows(max_col=1) if row[0].value == "Product")
    first = sheet.cell(header + 1, 1)
    assert first.alignment.wrap_text
    assert sheet.row_dimensions[first.row].height == (18 if name_length == 20 else 48)
