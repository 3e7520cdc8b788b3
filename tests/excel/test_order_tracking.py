"""Order Tracking as a seller runs her day from it: the Alert beside the order, a legend, colours apart.

What a seller checks on the sheet: the Alert on the first laptop screen and in the frozen columns,
each alert's colour explained in the legend above the table in the very colours of its rule, LATE
DELIVERY muted and only for recent deliveries (Settings' window, in Excel and in amzsheet alike),
and dates and SKUs that fit their columns.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers import TODAY, header_row, headers, make_orders, recalc

import amzsheet
from amzsheet.contract.schema import ORDER_COLUMNS, Settings, column_names
from amzsheet.excel.formulas import column_letter
from amzsheet.excel.order_legend import column_pixels, text_pixels
from amzsheet.model.briefing import build_briefing
from amzsheet.model.compute import order_alerts

DATA = Path(__file__).resolve().parents[1] / "data"
#: The width of a laptop screen's sheet area, in pixels, less the row numbers.
LAPTOP_SCREEN = 1300
T, DAY = pd.Timestamp(TODAY), pd.Timedelta(days=1)


@pytest.fixture(scope="module")
def orders(sample_folder) -> tuple:
    """The sample tracker's Order Tracking: with its formulas, and with the values they show."""
    path = sample_folder / "tracker.xlsx"
    formulas, shown = openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)
    return formulas["Order Tracking"], shown["Order Tracking"]


def _left_edges(sheet) -> dict[str, int]:
    """Pixels from the sheet's left edge to each column of the table, from the widths in the file."""
    edges, left = {}, 0
    for position, name in enumerate(headers(sheet), start=1):
        edges[name] = left
        width = sheet.column_dimensions[openpyxl.utils.get_column_letter(position)].width
        left += round(width * 7)  # XlsxWriter stores (characters * 7 + 5) / 7
    return edges


def test_the_alert_is_beside_the_order_on_the_first_laptop_screen_and_stays_in_view(orders):
    sheet, _ = orders
    assert headers(sheet)[:3] == ["Order ID", "Order Date", "Alert"]
    edges = _left_edges(sheet)
    assert edges["Alert"] < 400  # it was about 1,860 pixels from the left
    first_screen = {name for name, left in edges.items() if left + 60 < LAPTOP_SCREEN}  # at least partly shown
    # What a seller who ships her own orders reads first...
    assert {"Order Status", "Ship By", "Channel", "SKU", "Product Name", "Quantity", "Deliver By"} <= first_screen
    # ... and, further right, what she rarely reads.
    assert not {"Order Item ID", "Last Updated", "Fees", "Net Proceeds", "Ship City", "Amazon Status"} & first_screen
    assert sheet.freeze_panes == "D3"  # legend and header rows; Order ID, Order Date and Alert


def _rules(sheet) -> dict[str, tuple[str, str, str, bool]]:
    """Each conditional format of the sheet by the alert it shows: (range, fill, font colour, bold)."""
    ship_by, deliver_by = (f"${column_letter(ORDER_COLUMNS, name)}3" for name in ("Ship By", "Deliver By"))
    found = {}
    for area in sheet.conditional_formatting:
        for rule in area.rules:
            formula = rule.formula[0]
            if f"{deliver_by}<AsOfDate" in formula:
                alert = "LATE DELIVERY"
            else:
                alert = "SHIP TODAY" if f"{ship_by}>=AsOfDate" in formula else "OVERDUE"
            font = rule.dxf.font
            found[alert] = (str(area.sqref), rule.dxf.fill.bgColor.rgb[-6:], font.color.rgb[-6:], bool(font.b))
    return found


def test_the_legend_shows_each_alert_in_the_colours_of_its_rule(orders):
    sheet, shown = orders
    assert header_row(sheet) == 2 and shown["A1"].value == "Alert colours:"
    legend = {}
    for cell in shown[1][1:]:
        if cell.value:
            legend[cell.value.split(":")[0].split(" (")[0]] = (cell.value, cell.fill.fgColor.rgb[-6:], cell.font)
    assert list(legend) == ["OVERDUE", "SHIP TODAY", "LATE DELIVERY"]
    assert (
        legend["LATE DELIVERY"][0] == "LATE DELIVERY (Alert cell only): shipped, Deliver By passed in the last 14 days"
    )
    assert "LateDeliveryWindow" in sheet[legend_cell(sheet, "LATE DELIVERY")].value  # follows Settings in Excel

    rules = _rules(sheet)
    last = column_letter(ORDER_COLUMNS, ORDER_COLUMNS[-1].name)
    alert = column_letter(ORDER_COLUMNS, "Alert")
    assert set(rules) == set(legend)
    for word, area in (
        ("OVERDUE", f"A3:{last}1048576"),  # the whole line, from the first one
        ("SHIP TODAY", f"A3:{last}1048576"),
        ("LATE DELIVERY", f"{alert}3:{alert}1048576"),  # for information: the Alert cell only
    ):
        rule_area, fill, font_colour, bold = rules[word]
        text, legend_fill, legend_font = legend[word]
        assert rule_area == area, word
        assert (legend_fill, legend_font.color.rgb[-6:], bool(legend_font.b)) == (fill, font_colour, bold), word
    fills = {word: item[1] for word, item in legend.items()}
    assert len(set(fills.values())) == 3 and fills["LATE DELIVERY"] == "E7E6E6"  # a muted grey, not a peach
    assert legend["OVERDUE"][2].b and not legend["SHIP TODAY"][2].b  # told apart without colour too


def legend_cell(sheet, word: str) -> str:
    """The address of the legend's cell for alert ``word``."""
    return next(cell.coordinate for cell in sheet[1] if isinstance(cell.value, str) and word in cell.value)


def test_each_legend_text_fits_its_merged_cells(orders):
    sheet, shown = orders
    for merged in sheet.merged_cells.ranges:
        assert merged.min_row == merged.max_row == 1
        room = sum(column_pixels(_characters(sheet, col)) for col in range(merged.min_col, merged.max_col + 1))
        text = shown.cell(1, merged.min_col).value
        assert text_pixels(text) < room, text
        assert merged.max_col < 4 or merged.min_col > 3  # none straddles the frozen columns' edge


def _characters(sheet, col: int) -> float:
    return round(sheet.column_dimensions[openpyxl.utils.get_column_letter(col)].width * 7 - 5) / 7


def test_dates_and_skus_fit_their_columns(orders):
    sheet, shown = orders
    width = {name: _characters(sheet, headers(sheet).index(name) + 1) for name in headers(sheet)}
    room = 10  # pixels between a value and the next column's
    assert text_pixels("2026-11-24 05:59") + room <= column_pixels(width["Order Date"])  # yyyy-mm-dd hh:mm
    assert text_pixels("2026-11-24 05:59") + room <= column_pixels(width["Last Updated"])
    for name in ("Ship By", "Deliver By", "Shipped Date", "Delivered Date", "Return Date", "Review Requested"):
        assert text_pixels("2026-11-24") + room <= column_pixels(width[name]), name
    column = headers(sheet).index("SKU") + 1
    skus = {shown.cell(row, column).value for row in range(3, sheet.max_row + 1)} - {None}
    assert max(text_pixels(sku) for sku in skus) + room <= column_pixels(width["SKU"])
    assert text_pixels("LATE DELIVERY") + room <= column_pixels(width["Alert"])
    assert sheet.cell(3, headers(sheet).index("Order Date") + 1).alignment.horizontal == "center"


def _shipped(order: str, deliver_by: pd.Timestamp) -> dict:
    return {"Order ID": order, "Order Date": deliver_by - 7 * DAY, "SKU": "MUG", "Quantity": 1, "Channel": "FBM",
            "Order Status": "Shipped", "Ship By": deliver_by - 5 * DAY, "Deliver By": deliver_by}  # fmt: skip


#: Shipped FBM lines not delivered, by days since their Deliver By.
LATE_LINES = [_shipped(f"L-{days}", T - days * DAY) for days in (0, 1, 7, 8, 14, 15, 90)]


@pytest.mark.parametrize(
    ("window", "flagged"), [(14, ["L-1", "L-7", "L-8", "L-14"]), (7, ["L-1", "L-7"]), (0, []), (3650, None)]
)
def test_late_delivery_flags_only_deliveries_due_within_the_window(window, flagged):
    orders = make_orders(LATE_LINES)
    alerts = order_alerts(orders, TODAY, window)
    late = orders.loc[alerts == "LATE DELIVERY", "Order ID"].tolist()
    assert late == (flagged if flagged is not None else ["L-1", "L-7", "L-8", "L-14", "L-15", "L-90"])


def test_the_briefing_uses_the_same_window(tmp_path):
    tracker = replace(amzsheet.new_tracker(Settings(time_zone="UTC")), orders=make_orders(LATE_LINES))
    briefing = build_briefing(tracker.recompute(TODAY), TODAY)
    assert [line.order_id for line in briefing.late_delivery] == ["L-1", "L-7", "L-8", "L-14"]  # the 14-day default
    narrow = replace(tracker, settings=replace(tracker.settings, late_delivery_window_days=7))
    assert [line.order_id for line in build_briefing(narrow.recompute(TODAY), TODAY).late_delivery] == ["L-1", "L-7"]


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("window", "late", "legend_text"),
    [
        (7, ["L-1", "L-7"], "LATE DELIVERY (Alert cell only): shipped, Deliver By passed in the last 7 days"),
        (0, [], "LATE DELIVERY: off (Late delivery window 0 in Settings)"),
    ],
)
def test_the_window_typed_in_settings_gives_the_same_alerts_in_libreoffice(
    soffice, tmp_path, window, late, legend_text
):
    settings = Settings(time_zone="UTC", late_delivery_window_days=window)
    tracker = replace(amzsheet.new_tracker(settings), orders=make_orders(LATE_LINES))
    workbook = tmp_path / "late.xlsx"
    saved = amzsheet.save_workbook(workbook, tracker, TODAY)
    assert saved.orders.set_index("Order ID")["Alert"].eq("LATE DELIVERY").loc[lambda s: s].index.tolist() == late
    assert amzsheet.open_workbook(workbook).settings.late_delivery_window_days == window
    checked, mismatches = recalc.compare(workbook, recalc.recalculate(workbook, tmp_path))
    assert not mismatches and checked >= len(LATE_LINES) + 1  # every Alert, and the legend's sentence
    legend = openpyxl.load_workbook(workbook, data_only=True)["Order Tracking"]
    assert legend_text in [cell.value for cell in legend[1]]


def test_an_older_tracker_gets_the_default_window_and_the_new_layout(tmp_path):
    old = tmp_path / "tracker.xlsx"
    shutil.copyfile(DATA / "tracker-layout-4.xlsx", old)  # Order ID, Order Date, Customer Name, SKU...
    assert amzsheet.open_workbook(old).settings.late_delivery_window_days == 14
    book = openpyxl.load_workbook(old)
    book["Order Tracking"].column_dimensions["E"].width = 50  # Product Name, widened by the seller
    book.save(old)
    amzsheet.refresh(old, today=TODAY)
    book = openpyxl.load_workbook(old)
    settings = {row[0]: row[1] for row in book["Settings"].iter_rows(values_only=True) if row[0]}
    assert settings["Late delivery window (days)"] == 14
    sheet = book["Order Tracking"]
    assert headers(sheet) == [*column_names(ORDER_COLUMNS), "Gift note"]  # the seller's column stays last
    width = {name: _characters(sheet, position) for position, name in enumerate(headers(sheet), start=1)}
    assert (width["Order Date"], width["SKU"]) == (17, 20)  # the old defaults (16) give way to the new widths
    assert width["Product Name"] == pytest.approx(50, abs=1)  # the seller's own width stays
    assert book.defined_names["LateDeliveryWindow"].attr_text.startswith("'Settings'!$B$")
    inventory = book["Inventory"]
    width = {name: _characters(inventory, position) for position, name in enumerate(headers(inventory), start=1)}
    assert (width["Why"], width["Alert"], width["Product Name"]) == (52, 17, 30)  # not the old 60, 22, 40
    dashboard = book["Dashboard"]  # laid out anew: none of the old layout's widths or hidden columns
    assert dashboard.column_dimensions["A"].width == pytest.approx(42.7109375)
    assert not any(dashboard.column_dimensions[letter].hidden for letter in "ABCDEFGHIJKL")


def test_a_window_out_of_range_names_its_cell(sample_workbook):
    book = openpyxl.load_workbook(sample_workbook)
    sheet = book["Settings"]
    row = next(cell.row for cell in sheet["A"] if cell.value == "Late delivery window (days)")
    sheet.cell(row, 2, -1)
    book.save(sample_workbook)
    with pytest.raises(amzsheet.WorkbookError, match=rf"cell B{row} \(Late delivery window \(days\)\).*out of range"):
        amzsheet.open_workbook(sample_workbook)


def test_days_are_counted_from_the_reference_date():
    """Deliver By exactly at the window's edge counts; a time of day on Deliver By does not move it out."""
    orders = make_orders([_shipped("edge", T - 14 * DAY + pd.Timedelta(hours=9)), _shipped("out", T - 15 * DAY)])
    assert order_alerts(orders, TODAY, 14).tolist() == ["LATE DELIVERY", ""]
    assert order_alerts(orders, TODAY + dt.timedelta(days=1), 14).tolist() == ["", ""]


def test_a_renamed_header_is_named_alone_under_the_legend(sample_workbook):
    book = openpyxl.load_workbook(sample_workbook)
    sheet = book["Order Tracking"]
    for cell in sheet[header_row(sheet)]:
        if cell.value == "Customer Name":
            cell.value = "Buyer"
    for column in sheet.tables["Orders"].tableColumns:
        if column.name == "Customer Name":
            column.name = "Buyer"
    book.save(sample_workbook)
    with pytest.raises(amzsheet.WorkbookError) as error:
        amzsheet.refresh(sample_workbook, today=TODAY)
    assert "the column(s) Customer Name are missing from row 2;" in str(error.value)
