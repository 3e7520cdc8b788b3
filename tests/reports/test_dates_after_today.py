"""Dates after today: lines are kept and told in a note; no stock count is dated after today."""

from __future__ import annotations

import datetime as dt
import os

import pandas as pd
import pytest
from click.testing import CliRunner
from helpers import TODAY, write_all_orders
from helpers.report_files import FBA_RETURNS_HEADER
from helpers.report_files import write_report as _write

import amzsheet
from amzsheet import read_report
from amzsheet.cli import cli
from amzsheet.contract.schema import Settings
from amzsheet.samples import reports as sample_reports

UTC = Settings(time_zone="UTC")
MYI_HEADER = list(sample_reports.FBA_INVENTORY_HEADER)


def _returns(tmp_path, *dates: str):
    rows = [
        {"return-date": date, "order-id": f"111-{n}", "sku": "MUG", "product-name": "Mug", "quantity": "1",
         "detailed-disposition": "SELLABLE", "license-plate-number": f"LPN{n}"}
        for n, date in enumerate(dates)
    ]  # fmt: skip
    return _write(tmp_path / "returns.txt", FBA_RETURNS_HEADER, rows, line_end="\r\n")


def _inventory(tmp_path, saved: pd.Timestamp, units: str = "30"):
    path = _write(tmp_path / f"inventory-{saved:%d%H}.txt", MYI_HEADER, [
        {"sku": "MUG", "product-name": "Mug", "afn-listing-exists": "Yes", "afn-fulfillable-quantity": units},
    ])  # fmt: skip
    os.utime(path, (saved.timestamp(), saved.timestamp()))
    return path


def test_a_return_dated_after_today_is_kept_and_told(tmp_path):
    path = _returns(tmp_path, "2026-11-20T10:00:00+00:00", "2050-01-01T10:00:00+00:00", "2050-02-01T10:00:00+00:00")
    export = read_report(path, UTC, today=TODAY)
    assert export.lines["Return Date"].tolist()[1] == pd.Timestamp("2050-01-01 10:00")  # nothing is dropped
    assert export.notes == (
        "2 lines are dated after today (2026-11-25), the first on line 3, column return-date: 2050-01-01 10:00; "
        "imported as they are: check the dates in the file, the computer's clock and --today.",
    )


@pytest.mark.parametrize(
    ("moment", "notes"),
    [
        ("2026-11-25T23:59:59+00:00", 0),  # the end of today is today
        ("2026-11-26T00:00:00+00:00", 1),
        ("2026-11-26T07:00:00+09:00", 0),  # 25 Nov 22:00 in UTC, the time zone of Settings
    ],
)
def test_after_today_means_after_the_end_of_today_in_the_settings_time_zone(tmp_path, moment, notes):
    assert len(read_report(_returns(tmp_path, moment), UTC, today=TODAY).notes) == notes


def test_without_today_dates_are_not_checked(tmp_path):
    assert read_report(_returns(tmp_path, "2050-01-01T10:00:00+00:00"), UTC).notes == ()


def test_orders_dated_after_today_name_the_column_as_in_the_file(tmp_path):
    line = {"amazon-order-id": "111-1", "purchase-date": "2026-11-20T10:00:00+00:00", "order-status": "Shipped",
            "last-updated-date": "2026-12-01T10:00:00+00:00", "sku": "MUG", "product-name": "Mug", "quantity": "1",
            "item-price": "5"}  # fmt: skip
    export = read_report(write_all_orders(tmp_path / "orders.txt", [line]), UTC, today=TODAY)
    assert export.notes == (
        "1 line is dated after today (2026-11-25), the first on line 2, column last-updated-date: 2026-12-01 10:00; "
        "imported as it is: check the dates in the file, the computer's clock and --today.",
    )


def test_an_inventory_report_saved_after_today_counts_as_of_the_end_of_today(tmp_path):
    export = read_report(_inventory(tmp_path, pd.Timestamp("2026-11-27 08:30", tz="UTC")), UTC, today=TODAY)
    assert export.lines["Count Date"].tolist() == [pd.Timestamp("2026-11-25 23:59:59")]
    assert export.lines["Stock Counted"].tolist() == [30]
    assert export.notes == (
        "The file was saved on 2026-11-27 08:30, after today (2026-11-25): its stock counts are taken as of the "
        "end of today (2026-11-25 23:59:59), so that no count stands for a moment still to come; check the "
        "computer's clock and --today.",
    )
    on_time = read_report(_inventory(tmp_path, pd.Timestamp("2026-11-25 08:30", tz="UTC")), UTC, today=TODAY)
    assert (on_time.lines["Count Date"].tolist(), on_time.notes) == ([pd.Timestamp("2026-11-25 08:30")], ())


def _sale(order_id: str, day: str, units: int) -> dict:
    return {"amazon-order-id": order_id, "purchase-date": f"{day}T15:00:00+00:00", "order-status": "Shipped",
            "last-updated-date": f"{day}T16:00:00+00:00", "fulfillment-channel": "Amazon", "sku": "MUG",
            "product-name": "Mug", "quantity": str(units), "item-price": "10"}  # fmt: skip


def test_a_count_saved_after_today_never_hides_the_sales_of_the_next_days(tmp_path):
    """A clock set three days ahead: the sales of the next day must still come off the count."""
    workbook = tmp_path / "tracker.xlsx"
    inventory = _inventory(tmp_path, pd.Timestamp("2026-11-28 09:00", tz="UTC"))
    first = amzsheet.refresh(workbook, [inventory], today=TODAY)
    mug = first.tracker.inventory.set_index("SKU").loc["MUG"]
    assert (mug["Count Date"], mug["Available Quantity"]) == (pd.Timestamp("2026-11-25 23:59:59"), 30)
    assert [note for _, note in first.notes][0].startswith("The file was saved on 2026-11-28 09:00, after today")
    sales = [_sale("111-1", "2026-11-24", 3), _sale("111-2", "2026-11-26", 2)]
    orders = write_all_orders(tmp_path / "orders.txt", sales)
    second = amzsheet.refresh(workbook, [orders], today=TODAY + dt.timedelta(days=1))
    mug = second.tracker.inventory.set_index("SKU").loc["MUG"]
    assert (mug["Sold Since Count"], mug["Available Quantity"]) == (2, 28)  # the sale of 26 Nov, not that of 24 Nov
    assert amzsheet.open_workbook(workbook).inventory.set_index("SKU").loc["MUG", "Count Date"] == pd.Timestamp(
        "2026-11-25 23:59:59"
    )


def test_the_cli_prints_the_note_under_the_file(tmp_path):
    path = _returns(tmp_path, "2050-01-01T10:00:00+00:00")
    workbook = tmp_path / "tracker.xlsx"
    result = CliRunner().invoke(cli, ["refresh", str(workbook), str(path), "--today", "2026-11-25"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:3] == [
        "  returns.txt  FBA Customer Returns              1 lines",
        "    Note: 1 line is dated after today (2026-11-25), the first on line 2, column return-date: 2050-01-01 "
        "10:00; imported as it is: check the dates in the file, the computer's clock and --today.",
    ]
