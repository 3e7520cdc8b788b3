"""The Dashboard's Profit block: what a seller checks against the Profit sheet and the Payments lines.

The tracker (tests/helpers/profit_tracker.py) has Date Range lines in USD, settlement lines in GBP,
unit costs of 4.00 (A) and 7.50 (B), and ad spend; today is 25 Nov 2026, so the 30-day window runs
from 26 Oct to 24 Nov.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace

import openpyxl
import pytest
from helpers import TODAY, recalc
from helpers.profit_tracker import profit_block, profit_tracker, save

import amzsheet
from amzsheet.contract.schema import Settings


def _profit_rows(path, month: str, currency: str):
    profit = amzsheet.open_workbook(path).profit
    return profit[(profit["Month"] == month) & (profit["Currency"] == currency)]


def test_month_to_date_adds_up_the_profit_rows_of_the_month_in_each_currency(tmp_path):
    path = save(tmp_path)
    block = profit_block(path)
    usd, gbp = _profit_rows(path, "2026-11", "USD"), _profit_rows(path, "2026-11", "GBP")
    assert block["Net Profit in USD"][1] == pytest.approx(usd["Net Profit"].sum()) == pytest.approx(-29.99)
    assert block["Net Profit in GBP"][1] == pytest.approx(gbp["Net Profit"].sum()) == pytest.approx(16.5)
    assert block["Net Proceeds in USD"][1] == pytest.approx(usd["Net Proceeds"].sum())
    assert block["COGS in USD"][1] == pytest.approx(usd["COGS"].sum()) == 12.0  # 3 units of A at 4.00
    assert block["Ad Spend in USD"][1] == 6.0
    assert block["Margin in USD"][1] == pytest.approx(-29.99 / 60.0)  # Net Profit / Sales of the month


def test_the_last_30_days_leave_out_day_31_today_and_the_bank_transfer(tmp_path):
    block = profit_block(save(tmp_path))
    # USD: the sales of yesterday (30.00) and of day 30 (15.00), a subscription (-39.99) and a refund (-17.00);
    # not the sale of day 31 nor today's, nor the transfer of -500.
    assert block["Net Proceeds in USD"][0] == pytest.approx(-11.99)
    assert block["COGS in USD"][0] == 12.0  # 2 + 1 units of A at 4.00; the refunded B is not a sale
    assert block["Ad Spend in USD"][0] == 11.0  # 6.00 on one day, and 5 of the 10 days of a 10.00 period
    assert block["Net Profit in USD"][0] == pytest.approx(-34.99)
    assert block["Margin in USD"][0] == pytest.approx(-34.99 / 60.0)
    # GBP: a settlement's order (30 + 6 tax - 4.50 fees), ad invoices of -12 (November) and -5 (October) paid from
    # payouts; COGS 3 x 4.00; ad spend 3.00 in November less November's invoice, already in Net Proceeds: nothing
    # counted twice. October has no GBP ad on the Advertising sheet: its invoice is the only record of its ads.
    assert block["Net Profit in GBP"][0] == pytest.approx((30.0 + 6.0 - 4.5 - 12.0 - 5.0) - 12.0 - (3.0 - 12.0))
    assert block["Net Profit in GBP"][1] == 16.5  # November's rows only


def test_a_new_tracker_shows_zero_profit_and_no_margin(tmp_path):
    path = tmp_path / "new.xlsx"
    amzsheet.init_workbook(path, Settings(time_zone="UTC"), TODAY)
    block = profit_block(path)
    assert block["Net Profit"] == (0, 0) and block["COGS"] == (0, 0)
    assert block["Margin"] == ("", "")


def test_amounts_carry_their_currency_and_a_single_currency_has_plain_labels(tmp_path):
    path = save(tmp_path)
    sheet = openpyxl.load_workbook(path)["Dashboard"]
    formats = {row[0].value: row[1].number_format for row in sheet.iter_rows(max_col=2)}
    assert formats["Net Profit in USD"] == '"$"#,##0.00' and formats["Net Profit in GBP"] == '"£"#,##0.00'
    assert formats["Margin in USD"] == "0.0%"
    tracker = profit_tracker()
    usd = {name: getattr(tracker, name) for name in ("orders", "payments", "advertising")}
    usd = {name: frame[frame["Currency"] != "GBP"] for name, frame in usd.items()}
    block = profit_block(save(tmp_path, replace(tracker, **usd), "usd.xlsx"))
    assert "Net Profit" in block and "Net Profit in GBP" not in block


def test_the_chart_plots_the_last_12_months_net_profit_in_the_main_currency(tmp_path):
    path = save(tmp_path)
    cached = openpyxl.load_workbook(path, data_only=True)["Dashboard"]
    months = [(cached.cell(row, 45).value, cached.cell(row, 46).value) for row in range(2, 14)]
    assert [month for month, _ in months] == ["2025-12"] + [f"2026-{m:02d}" for m in range(1, 12)]
    october = _profit_rows(path, "2026-10", "USD")["Net Profit"].sum()
    assert dict(months)["2026-10"] == pytest.approx(october) == pytest.approx(11.0 + 32.5)
    with zipfile.ZipFile(path) as package:
        charts = [package.read(n).decode() for n in package.namelist() if re.match(r"xl/charts/chart\d+\.xml", n)]
    chart = next(chart for chart in charts if "Net profit, last 12 months" in chart)
    assert "$AS$2:$AS$13" in chart and "$AT$2:$AT$13" in chart
    assert "Net profit (USD)" in chart and "Month (this month to date)" in chart


def test_the_month_is_built_without_text_format_codes(tmp_path):
    sheet = openpyxl.load_workbook(save(tmp_path))["Dashboard"]
    first = "DATE(YEAR(AsOfDate),MONTH(AsOfDate)-11,1)"
    assert sheet["AS2"].value == f'=YEAR({first})&"-"&RIGHT("0"&MONTH({first}),2)'
    assert "TEXT(" not in str([cell.value for row in sheet.iter_rows() for cell in row])


@pytest.mark.libreoffice
def test_the_profit_block_matches_libreoffice(soffice, tmp_path):
    path = save(tmp_path)
    checked, mismatches = recalc.compare(path, recalc.recalculate(path, tmp_path))
    report = "\n".join(f"{m.sheet}!{m.cell} {m.formula[:200]}: {m.cached!r} vs {m.recalculated!r}" for m in mismatches)
    assert not mismatches, report
    assert checked > 100
