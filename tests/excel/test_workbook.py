"""The refreshed sample workbook: sheets, tables, formulas, cached values, formats and charts."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pandas as pd
import pytest
from helpers import TODAY, header_row, headers
from python_calamine import CalamineWorkbook

import amzsheet
from amzsheet.contract.schema import INVENTORY_COLUMNS, ORDER_COLUMNS, STATUSES, column_names
from amzsheet.excel.formulas import column_letter


@pytest.fixture(scope="module")
def book(sample_folder):
    return openpyxl.load_workbook(sample_folder / "tracker.xlsx")


@pytest.fixture(scope="module")
def values(sample_folder):
    return openpyxl.load_workbook(sample_folder / "tracker.xlsx", data_only=True)


def _column(sheet, name):
    return headers(sheet).index(name) + 1


def test_sheets_tables_and_headers_follow_the_contract(book):
    assert book.sheetnames == [
        "Dashboard",
        "Order Tracking",
        "Inventory",
        "Profit",
        "Purchase Orders",
        "Counts",
        "Returns",
        "Payments",
        "Settlements",
        "Advertising",
        "Storage Fees",
        "FBA Stock",
        "Messages",
        "Changes",
        "Settings",
        "Imports",
        "Stock History",
    ]
    assert book["Imports"].sheet_state == "hidden"  # the import ledger
    assert book["Stock History"].sheet_state == "hidden"  # the daily stock snapshot
    assert book["Changes"].sheet_state == "visible"  # what each refresh changed, for the seller to read
    orders, inventory = book["Order Tracking"], book["Inventory"]
    assert headers(orders) == column_names(ORDER_COLUMNS) and header_row(orders) == 2  # under the legend
    assert [c.value for c in inventory[1]] == column_names(INVENTORY_COLUMNS)
    assert orders.tables["Orders"].ref == f"A2:{column_letter(ORDER_COLUMNS, ORDER_COLUMNS[-1].name)}{orders.max_row}"
    assert inventory.tables["Inventory"].ref == (
        f"A1:{column_letter(INVENTORY_COLUMNS, INVENTORY_COLUMNS[-1].name)}{inventory.max_row}"
    )
    assert orders.freeze_panes == "D3"  # the legend and header rows; Order ID, Order Date and Alert


def test_settings_are_named_cells(book):
    names = {name: book.defined_names[name].attr_text for name in book.defined_names}
    assert names["ServiceLevelB"] == "'Settings'!$B$8"
    assert book["Settings"]["B8"].value == 0.95
    assert book["Settings"]["B4"].value == 30  # sales window
    assert names["ReviewPeriodDays"] == "'Settings'!$B$6"


def test_order_status_drop_down_offers_the_tool_statuses(book):
    sheet = book["Order Tracking"]
    status_col = openpyxl.utils.get_column_letter(_column(sheet, "Order Status"))
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list" and status_col in str(dv.sqref)]
    assert len(lists) == 1
    assert lists[0].formula1 == '"' + ",".join(STATUSES) + '"'


def test_feedback_takes_one_to_five_stars(book):
    sheet = book["Order Tracking"]
    col = openpyxl.utils.get_column_letter(_column(sheet, "Feedback"))
    (stars,) = [dv for dv in sheet.data_validations.dataValidation if str(dv.sqref).startswith(f"{col}3")]
    assert (stars.type, stars.formula1, stars.formula2) == ("whole", "1", "5")
    assert stars.operator in (None, "between")  # "between" is the default, left out of the file


def test_alert_column_is_a_formula_with_cached_value(book, values):
    sheet, cached = book["Order Tracking"], values["Order Tracking"]
    col = _column(sheet, "Alert")
    channel = column_letter(ORDER_COLUMNS, "Channel")
    assert sheet.cell(3, col).value.startswith(f'=IF(AND({channel}3<>"FBA"')
    assert "AsOfDate" in sheet.cell(3, col).value
    alerts = [cached.cell(row, col).value for row in range(3, sheet.max_row + 1)]
    assert alerts.count("OVERDUE") >= 2
    overdue_row = alerts.index("OVERDUE") + 3
    status = cached.cell(overdue_row, _column(sheet, "Order Status")).value
    assert status in ("Pending", "Unshipped") and cached.cell(overdue_row, _column(sheet, "Channel")).value == "FBM"


def test_overdue_and_reorder_colour_rules_cover_the_right_cells(book):
    rules = {
        str(rng.sqref): [(rule.formula[0], rule.dxf.fill.bgColor.rgb if rule.dxf.fill else None) for rule in rng.rules]
        for rng in book["Order Tracking"].conditional_formatting
    }
    rows = f"A3:{column_letter(ORDER_COLUMNS, ORDER_COLUMNS[-1].name)}1048576"
    alert = column_letter(ORDER_COLUMNS, "Alert")
    assert set(rules) == {rows, f"{alert}3:{alert}1048576"}  # LATE DELIVERY colours the Alert cell only
    overdue, fill = rules[rows][0]
    ship_by, channel = column_letter(ORDER_COLUMNS, "Ship By"), column_letter(ORDER_COLUMNS, "Channel")
    assert f"${ship_by}3<AsOfDate" in overdue and f'${channel}3<>"FBA"' in overdue and fill.endswith("FFC7CE")
    inventory = {str(rng.sqref): [r.formula[0] for r in rng.rules] for rng in book["Inventory"].conditional_formatting}
    available = column_letter(INVENTORY_COLUMNS, "Available Quantity")
    on_order = column_letter(INVENTORY_COLUMNS, "On Order")
    reorder_point = column_letter(INVENTORY_COLUMNS, "Reorder Point")
    # Available + On Order at or below the Reorder Point
    assert any(
        f"(${available}2+${on_order}2)<=${reorder_point}2" in f for f in inventory[f"{available}2:{available}1048576"]
    )
    next_count = column_letter(INVENTORY_COLUMNS, "Next Count")
    assert inventory[f"{next_count}2:{next_count}1048576"] == [
        f"AND(ISNUMBER(${next_count}2),${next_count}2<=AsOfDate)"
    ]
    cost = column_letter(INVENTORY_COLUMNS, "Unit Cost")
    assert inventory[f"{cost}2:{cost}1048576"] == [f'AND($A2<>"",NOT(ISNUMBER(${cost}2)))']  # missing Unit Cost


def test_inventory_formulas_are_live_and_refer_to_orders(book):
    sheet = book["Inventory"]
    row = {name: sheet.cell(2, _column(sheet, name)).value for name in column_names(INVENTORY_COLUMNS)}
    cell = {name: f"{column_letter(INVENTORY_COLUMNS, name)}2" for name in column_names(INVENTORY_COLUMNS)}
    assert row["Total Cost"] == (
        f"=IF(AND(ISNUMBER({cell['Unit Cost']}),ISNUMBER({cell['Available Quantity']})),"
        f'{cell["Unit Cost"]}*MAX(0,{cell["Available Quantity"]}),"")'
    )
    assert row["Available Quantity"] == (
        f"=IF(ISNUMBER({cell['Stock Counted']}),{cell['Stock Counted']}+N({cell['Received Since Count']})"
        f'+{cell["PO Received Since Count"]}+{cell["Returned Since Count"]}-{cell["Sold Since Count"]},"")'
    )
    assert row["Returned Since Count"].startswith(
        f"=IF(ISNUMBER({cell['Count Date']}),SUMIFS(Orders[Restocked Qty],Orders[SKU],"
    )
    exact_sku = '"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(A2,"~","~~"),"*","~*"),"?","~?")'  # wildcards are literal
    assert f"SUMIFS(Orders[Quantity],Orders[SKU],{exact_sku}" in row["Sold Since Count"]
    assert f"_xlfn.NORM.S.INV({cell['Service Level Used']})*SQRT(" in row["Safety Stock"]
    assert "PurchaseOrders[Open Qty]" in row["On Order"] and "PurchaseOrders[Expected Date]" in row["On Order"]
    for statistic in ("Demand Std Dev", "Forecast Daily", "In-Stock Days"):
        assert isinstance(row[statistic], (int, float)), statistic  # values computed by amzsheet, not formulas
    assert row["Forecast Method"] in ("SES", "Seasonal", "Croston-SBA", "No history")


def test_cached_values_are_real_numbers_for_pandas_and_calamine(sample_folder):
    path = sample_folder / "tracker.xlsx"
    inventory = pd.read_excel(path, sheet_name="Inventory", engine="openpyxl")
    counted = inventory.dropna(subset=["Stock Counted"])
    received = counted["Received Since Count"].fillna(0) + counted["PO Received Since Count"]
    received += counted["Returned Since Count"]
    expected = counted["Stock Counted"] + received - counted["Sold Since Count"]
    assert (counted["Available Quantity"] == expected).all()
    costed = counted.dropna(subset=["Unit Cost"])
    assert costed["Total Cost"].sum() == pytest.approx(
        (costed["Unit Cost"] * costed["Available Quantity"].clip(lower=0)).sum()
    )
    dashboard = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Dashboard").to_python()
    metrics = {row[0]: row[1] for row in dashboard if row and isinstance(row[0], str) and len(row) > 1}
    assert metrics["Inventory value (at cost)"] == pytest.approx(costed["Total Cost"].sum())
    assert metrics["SKUs to reorder (Reorder Qty above 0)"] == (inventory["Reorder Qty"] > 0).sum() > 0
    assert metrics["Purchase list (cost)"] == pytest.approx(inventory["Reorder Cost"].sum())
    assert metrics["Purchase list (cost)"] > 0
    due = (inventory["Next Count"] <= pd.Timestamp(TODAY)).sum()
    assert metrics["SKUs due for a count"] == due > 0  # the sample's SKUs counted 100 days ago


def test_export_text_starting_with_equals_is_stored_as_text(book):
    sheet = book["Order Tracking"]
    col = _column(sheet, "Product Name")
    names = [sheet.cell(row, col) for row in range(3, sheet.max_row + 1)]
    formula_like = [cell for cell in names if isinstance(cell.value, str) and cell.value.startswith("=")]
    assert formula_like and all(cell.data_type == "s" for cell in formula_like)


def test_dates_and_numbers_are_typed_cells_with_formats(book):
    sheet = book["Order Tracking"]
    order_date = sheet.cell(3, _column(sheet, "Order Date"))
    assert order_date.is_date and order_date.number_format == "yyyy-mm-dd hh:mm"
    total = sheet.cell(3, _column(sheet, "Item Total"))
    assert isinstance(total.value, float | int) and total.number_format == "#,##0.00"


def test_dashboard_has_four_native_charts_on_its_own_data(sample_folder):
    with zipfile.ZipFile(sample_folder / "tracker.xlsx") as package:
        charts = sorted(name for name in package.namelist() if re.match(r"xl/charts/chart\d+\.xml", name))
        xml = [package.read(name).decode() for name in charts]
    sheet = openpyxl.load_workbook(sample_folder / "tracker.xlsx")["Dashboard"]
    top = next(cell.row for cell in sheet["A"] if cell.value == "Product") + 1  # the first of the top 10
    assert len(charts) == 4
    assert all("<c:barChart>" in chart for chart in xml)  # native column and bar charts
    assert "Dashboard!$R$5:$R$94" in xml[0] and "Daily sales" in xml[0]  # 90 days of sales
    assert "Dashboard!$AT$2:$AT$13" in xml[1] and "Net profit, last 12 months" in xml[1]
    assert f"Dashboard!$D${top}:$D${top + 9}" in xml[2] and "Top 10 products" in xml[2]
    assert f"Dashboard!$G${top}:$G${top + 9}" in xml[3] and f"Dashboard!$H${top}:$H${top + 9}" in xml[3]
    assert "<c:lineChart>" in xml[3]  # the lead time as a line over the bars


def test_open_workbook_gives_typed_frames(sample_folder):
    tracker = amzsheet.open_workbook(sample_folder / "tracker.xlsx")
    orders = tracker.orders
    assert orders["Order Date"].dtype == "datetime64[ns]" and orders["Ship By"].dtype == "datetime64[ns]"
    assert orders["Order ID"].map(type).eq(str).all()
    assert orders["Quantity"].dtype == "Int64"  # nullable dtypes: see tests/test_notebook_api.py
    assert tracker.settings.service_level_b == 0.95
    assert len(tracker.inventory) == 40


def test_service_level_offers_the_presets_and_allows_any_value(book):
    sheet = book["Inventory"]
    letter = column_letter(INVENTORY_COLUMNS, "Service Level")
    (choices,) = [dv for dv in sheet.data_validations.dataValidation if letter + "2" in str(dv.sqref)]
    assert choices.formula1 == '"0.9,0.95,0.97,0.98,0.99"'
    assert not choices.showErrorMessage  # 0.985 may be typed too
