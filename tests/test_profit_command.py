"""``amzsheet profit`` and ``amzsheet.profit``: a month's net profit by SKU, on screen and as CSV."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from click.testing import CliRunner
from helpers import make_inventory
from helpers.money import settlement

import amzsheet
from amzsheet.cli import cli
from amzsheet.contract.money import PROFIT_COLUMNS
from amzsheet.contract.schema import Settings
from amzsheet.profit_text import render_profit

TODAY = dt.date(2026, 12, 3)


@pytest.fixture
def workbook(tmp_path):
    october = settlement().assign(**{"Date/Time": pd.Timestamp("2026-10-15 12:00")}, **{"Settlement ID": "S-OCT"})
    tracker = amzsheet.new_tracker(Settings(time_zone="UTC"))
    tracker = replace(
        tracker,
        payments=pd.concat([settlement(), october], ignore_index=True),
        inventory=make_inventory([{"SKU": "MUG-01", "Unit Cost": 5.0, "Product Name": '=HYPERLINK("x")'}]),
    )
    path = tmp_path / "tracker.xlsx"
    amzsheet.save_workbook(path, tracker, TODAY)
    return path


def test_the_newest_month_by_sku_with_its_totals(workbook):
    result = CliRunner().invoke(cli, ["profit", str(workbook), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "2026-11 USD: net profit -101.56 (-169.4% of sales), net proceeds -86.56"
    mug = next(line for line in lines if line.strip().startswith("MUG-01")).split()
    # Units, Sales, Fees, Storage, Refunds, Promos, Other, Proceeds, COGS, Profit, Margin (no ads)
    assert mug[1:] == ["3", "59.97", "-15.44", "0.00", "-17.59", "-2.00", "4.99", "29.93", "15.00", "14.93", "24.9%"]
    assert any(line.strip().startswith("(no SKU)") for line in lines)
    assert "  None this month: Ads." in lines  # no Advertising rows: the column is left out
    assert "2026-10" not in result.output


def test_a_month_and_a_csv_file_with_every_column(workbook, tmp_path):
    target = tmp_path / "october.csv"
    result = CliRunner().invoke(cli, ["profit", str(workbook), "--month", "2026-10", "--csv", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2026-10 USD:")
    with open(target, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert {row["Month"] for row in rows} == {"2026-10"}
    mug = next(row for row in rows if row["SKU"] == "MUG-01")
    assert (mug["Net Proceeds"], mug["COGS"], mug["Net Profit"], mug["Margin"]) == ("29.93", "15", "14.93", "24.9%")
    assert mug["Product Name"] == '\'=HYPERLINK("x")'  # a name from a report is never a formula


def test_every_month_and_the_library_function(workbook):
    result = CliRunner().invoke(cli, ["profit", str(workbook), "--all"])
    assert "2026-11 USD:" in result.output and "2026-10 USD:" in result.output
    table = amzsheet.profit(workbook, "2026-10")
    assert table["Month"].unique().tolist() == ["2026-10"]
    assert str(table["Net Profit"].dtype) == "Float64"
    assert table["Net Proceeds"].sum() == pytest.approx(settlement()["Total"].sum())


def test_a_wrong_month_is_one_sentence(workbook):
    result = CliRunner().invoke(cli, ["profit", str(workbook), "--month", "11/2026"])
    assert result.exit_code == 1
    assert result.output == "Error: '11/2026' is not a month; give it as YYYY-MM, such as 2026-11\n"


def test_a_sku_that_lost_money_is_red_and_a_settlement_short_of_its_deposit_too(workbook):
    import openpyxl

    from amzsheet.contract.schema import PROFIT_COLUMNS, SETTLEMENT_COLUMNS
    from amzsheet.excel.formulas import column_letter

    book = openpyxl.load_workbook(workbook)
    for sheet, columns, name, test in (
        ("Profit", PROFIT_COLUMNS, "Net Profit", "<0"),
        ("Settlements", SETTLEMENT_COLUMNS, "Difference", ">=0.005"),
    ):
        letter = column_letter(columns, name)
        formats = book[sheet].conditional_formatting
        rules = {str(area.sqref): rule for area in formats for rule in area.rules}
        rule = rules[f"{letter}2:{letter}1048576"]
        assert test in rule.formula[0] and rule.dxf.fill.bgColor.rgb.endswith("FFC7CE")  # Excel's light red


def test_a_month_of_ads_without_payments_says_its_payments_are_missing():
    """The Advertised product report reaches further back than the transactions: that month is not a loss."""
    columns = [column.name for column in PROFIT_COLUMNS]
    row = dict.fromkeys(columns, 0.0) | {"Month": "2026-09", "Currency": "USD", "SKU": "MUG-01"}
    september = pd.DataFrame([row | {"Ad Spend": 12.5, "Net Profit": -12.5, "Margin": None, "Unit Cost": 5.0}])
    text = render_profit(september)
    assert "No payments of 2026-09 in the workbook, only ads: import its Date Range or settlement reports." in text
    october = september.assign(Month="2026-10", Sales=20.0, **{"Net Proceeds": 20.0})
    assert "No payments" not in render_profit(october)
