"""The Dashboard's seller metrics: formulas over the Orders table that LibreOffice recalculates to amzsheet's figures.

The workbook holds the crafted orders of tests/helpers/seller_metrics.py and is written for TODAY,
stored as the Reference date, so nothing depends on the real clock.
"""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest
from helpers import TODAY, header_row, headers, recalc
from helpers import seller_metrics as crafted

import amzsheet
from amzsheet.contract.schema import Settings

pytestmark = pytest.mark.libreoffice

LABELS = [
    ("Late Shipment Rate", 10, 0.04),
    ("Late Shipment Rate", 30, 0.04),
    ("Pre-fulfillment Cancel Rate", 7, 0.025),
    ("Valid Tracking Rate", 30, 0.95),
    ("On-Time Delivery Rate", 14, 0.90),
    ("Order Defect Rate", 60, 0.01),
]


def _expected(figures: dict[str, tuple[int, int]]) -> list[tuple]:
    rows = []
    for (label, days, target), (key, (orders, defects)) in zip(LABELS, figures.items()):
        share = key.startswith(("valid_", "on_time_"))
        rate = ((orders - defects) if share else defects) / orders if orders else None
        rows.append((label, days, pytest.approx(rate) if rate is not None else None, orders, defects, target))
    return rows


def _workbook(tmp_path, rows):
    tracker = replace(amzsheet.new_tracker(Settings(time_zone="UTC")), orders=crafted.orders(rows))
    workbook = tmp_path / "metrics.xlsx"
    amzsheet.save_workbook(workbook, tracker, TODAY)
    return workbook


def _compare(workbook, workdir) -> tuple:
    recalculated = recalc.recalculate(workbook, workdir)
    checked, mismatches = recalc.compare(workbook, recalculated)
    report = "\n".join(f"{m.sheet}!{m.cell} {m.formula[:120]}: {m.cached!r} / {m.recalculated!r}" for m in mismatches)
    assert not mismatches, report
    return recalculated, checked


def test_every_metric_cell_is_a_formula_libreoffice_recalculates_to_our_figures(soffice, tmp_path):
    workbook = _workbook(tmp_path, crafted.ALL)
    expected = _expected(crafted.EXPECTED_ALL)
    assert crafted.dashboard_metrics(workbook) == expected  # amzsheet's cached values
    formulas = openpyxl.load_workbook(workbook)["Dashboard"]
    header = next(cell.row for cell in formulas["A"] if cell.value == "Metric")
    for row in range(header + 1, header + 7):  # the rate, orders and defects (C:E) of each metric
        assert all(str(formulas[f"{col}{row}"].value).startswith("=") or hasattr(formulas[f"{col}{row}"].value, "text")
                   for col in "CDE")  # fmt: skip
    recalculated, checked = _compare(workbook, tmp_path / "lo")
    assert crafted.dashboard_metrics(recalculated) == expected  # LibreOffice's own results
    assert checked > 18


def test_the_metrics_follow_what_the_seller_types_in_excel(soffice, tmp_path):
    """Tracking numbers, statuses, dates and feedback typed in Excel change the figures before any refresh."""
    workbook = _workbook(tmp_path, crafted.ALL)
    book = openpyxl.load_workbook(workbook)
    sheet = book["Order Tracking"]
    header = headers(sheet)
    column = {name: header.index(name) + 1 for name in header}
    for row in range(header_row(sheet) + 1, sheet.max_row + 1):
        order = sheet.cell(row, column["Order ID"]).value
        if order == "V-2":
            sheet.cell(row, column["Tracking Number"], "9400100000000000000001")  # tracking typed: valid
        if order == "L-C":  # shipped on its Ship By day: on time
            sheet.cell(row, column["Order Status"], "Shipped")
            sheet.cell(row, column["Shipped Date"], sheet.cell(row, column["Ship By"]).value)
        if order == "O-6":
            sheet.cell(row, column["Feedback"], 1)  # negative feedback
        if order == "C-4":
            sheet.cell(row, column["Order Status"], "Cancelled")  # a cancellation
    book.save(workbook)
    figures = dict(crafted.EXPECTED_ALL)
    figures["late_shipment_rate_10d"] = (11, 5)
    figures["late_shipment_rate_30d"] = (12, 6)
    figures["pre_fulfillment_cancel_rate_7d"] = (6, 4)
    figures["valid_tracking_rate_30d"] = (15, 2)  # V-2 has its number; L-C, shipped now, has none
    figures["order_defect_rate_60d"] = (17, 6)
    recalculated = recalc.recalculate(workbook, tmp_path / "edited")
    assert crafted.dashboard_metrics(recalculated) == _expected(figures)
    # A refresh reads the same edits and caches the same figures.
    amzsheet.refresh(workbook, today=TODAY)
    assert crafted.dashboard_metrics(workbook) == _expected(figures)


def test_empty_windows_show_a_blank_rate_and_no_colour(soffice, tmp_path):
    workbook = _workbook(tmp_path, [])
    expected = [(label, days, None, 0, 0, target) for label, days, target in LABELS]
    assert crafted.dashboard_metrics(workbook) == expected
    recalculated, _ = _compare(workbook, tmp_path / "lo")
    assert crafted.dashboard_metrics(recalculated) == expected


def test_the_rate_turns_red_off_target(tmp_path):
    workbook = _workbook(tmp_path, crafted.ALL)
    sheet = openpyxl.load_workbook(workbook)["Dashboard"]
    rules = {str(area.sqref): area.rules[0] for area in sheet.conditional_formatting}
    first = next(cell.row for cell in sheet["A"] if cell.value == "Metric") + 1  # Late Shipment Rate, 10 days
    rate, share = first, first + 3
    assert rules[f"C{rate}"].formula == [f"AND(ISNUMBER(C{rate}),C{rate}>=F{rate})"]  # red at or above the target
    assert rules[f"C{share}"].formula == [f"AND(ISNUMBER(C{share}),C{share}<=F{share})"]  # red at or below it
    assert rules[f"C{rate}"].dxf.fill.bgColor.rgb.endswith("FFC7CE")
    assert {f"C{row}" for row in range(first, first + 6)} <= set(rules)
    assert [sheet[f"F{row}"].number_format for row in range(first, first + 6)] == [
        '"< "0%', '"< "0%', '"< "0.0%', '"> "0%', '"> "0%', '"< "0%',
    ]  # fmt: skip
