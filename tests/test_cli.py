"""The command line, through click's test runner (and once as a real process)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner
from helpers import TODAY, write_all_orders

import amzsheet
from amzsheet.cli import cli


@pytest.fixture
def runner():
    return CliRunner()


def _pending(order_id: str) -> dict:
    return {
        "amazon-order-id": order_id,
        "purchase-date": "2026-11-20T15:00:00+00:00",
        "last-updated-date": "2026-11-20T15:00:00+00:00",
        "order-status": "Pending",
        "sku": "MUG-1",
        "product-name": "Mug",
        "quantity": "1",
        "item-price": "9.99",
    }


def test_refresh_creates_the_workbook_and_prints_a_summary(runner, tmp_path):
    export = write_all_orders(tmp_path / "All-Orders.txt", [_pending("111-1"), _pending("111-2")])
    workbook = tmp_path / "tracker.xlsx"
    result = runner.invoke(cli, ["refresh", str(workbook), str(export), "--today", "2026-11-25"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Created a new tracker {workbook} from 1 report:\n"
        "  All-Orders.txt  All Orders                        2 lines\n"
        "New order lines: 2   updated: 0   new SKUs: 1\n"
        "Currencies: USD (2 report lines)\n"
        f"To do on 2026-11-25 (the list: amzsheet status {workbook}):\n"
        "  Ship today: none   Overdue: 2 orders   Late deliveries: none\n"
        "  Reorder: none   Out of stock: none   Counts due: 1 SKU\n"
        "  Review requests: none   Seller metrics off target: 2 of 6\n"
    )
    again = runner.invoke(cli, ["refresh", str(workbook), str(export), "--today", "2026-11-25"])
    assert "New order lines: 0   updated: 0   new SKUs: 0" in again.output


def test_refresh_of_the_bundled_style_sample_folder(runner, sample_folder, tmp_path):
    workbook = tmp_path / "tracker.xlsx"
    result = runner.invoke(cli, ["refresh", str(workbook), str(sample_folder / "exports"), "--today", "2026-11-25"])
    assert result.exit_code == 0, result.output
    assert re.search(r"\n  Unshipped-Orders-2026-11-24\.txt +Unshipped Orders +13 lines\n", result.output)
    assert "  Ship today: " in result.output and "new SKUs: 40" in result.output


def test_unknown_export_is_one_error_line_and_the_workbook_is_untouched(runner, sample_workbook, tmp_path):
    before = sample_workbook.read_bytes()
    bogus = tmp_path / "settlement.txt"
    bogus.write_text("settlement-id\tsettlement-start-date\ttotal-amount\n1\t2026-01-01\t5\n")
    result = runner.invoke(cli, ["refresh", str(sample_workbook), str(bogus)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {bogus} is a settlement report in the old Flat File layout (Payments > All Statements), which "
        'amzsheet does not import; download it again as "Flat File V2" instead\n'
    )
    stray = tmp_path / "list.txt"
    stray.write_text("sku\tcolour\nMUG-1\tblue\n")
    result = runner.invoke(cli, ["refresh", str(sample_workbook), str(stray)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {stray} is not an Amazon report amzsheet knows (first line: 'sku\\tcolour'); "
        "the README lists the reports it reads and where to download them\n"
    )
    assert sample_workbook.read_bytes() == before


def test_damaged_workbook_is_refused_without_traceback(runner, tmp_path):
    broken = tmp_path / "tracker.xlsx"
    broken.write_bytes(b"this is not a zip file")
    result = runner.invoke(cli, ["refresh", str(broken)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {broken} is damaged or not an .xlsx workbook")
    assert broken.read_bytes() == b"this is not a zip file"


def test_workbook_that_is_not_a_tracker(runner, tmp_path):
    import openpyxl

    other = tmp_path / "budget.xlsx"
    openpyxl.Workbook().save(other)
    result = runner.invoke(cli, ["refresh", str(other)])
    assert result.exit_code == 1
    assert "is not an amzsheet tracker (it has no 'Order Tracking' sheet)" in result.output


def test_bad_today_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(cli, ["refresh", str(tmp_path / "t.xlsx"), "--today", "25/11/2026"])
    assert result.exit_code == 2
    assert "'25/11/2026' is not a date like 2026-11-25" in result.output


def test_init_creates_an_empty_tracker_once(runner, tmp_path):
    workbook = tmp_path / "new.xlsx"
    first = runner.invoke(cli, ["init", str(workbook)])
    assert first.exit_code == 0 and workbook.exists()
    second = runner.invoke(cli, ["init", str(workbook)])
    assert second.exit_code == 1
    assert second.output == f"Error: {workbook} already exists; use 'amzsheet refresh' to update it\n"


def test_help_shows_examples(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "amzsheet refresh tracker.xlsx ~/Downloads/All-Orders-2026-11-25.txt" in result.output
    refresh_help = runner.invoke(cli, ["refresh", "--help"]).output
    assert "--today YYYY-MM-DD" in refresh_help and "Examples:" in refresh_help


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "amzsheet", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("amzsheet, version ")


def test_a_folder_refresh_names_every_file_it_left_alone_and_why(runner, sample_folder, tmp_path):
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    orders = sample_folder / "exports" / "Unshipped-Orders-2026-11-24.txt"
    (downloads / orders.name).write_bytes(orders.read_bytes())
    (downloads / "settlement-1234.txt").write_text(
        "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\n"
        "1234\t2026-11-01\t2026-11-15\t2026-11-17\t812.40\tUSD\n"
    )
    (downloads / "invoice.csv").write_text("Invoice,Total\n17,30.00\n")
    (downloads / "empty.txt").write_bytes(b"")
    (downloads / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (downloads / "old").mkdir()
    workbook = tmp_path / "tracker.xlsx"
    first = runner.invoke(cli, ["refresh", str(workbook), str(downloads), "--today", "2026-11-25"])
    assert first.exit_code == 0, first.output
    lines = first.output.splitlines()
    start = lines.index("Left alone (5):")
    assert [line.split(None, 1) for line in lines[start + 1 : start + 6]] == [
        [".DS_Store", "a hidden or temporary file"],
        ["empty.txt", "empty"],
        ["invoice.csv", "not an Amazon report"],
        ["old", "a folder (folders inside are not searched)"],
        [
            "settlement-1234.txt",
            "a settlement report in the old Flat File layout (Payments > All Statements), which amzsheet does not "
            "import",
        ],
    ]
    again = runner.invoke(cli, ["refresh", str(workbook), str(downloads), "--today", "2026-11-25"])
    assert re.search(r"\n  Unshipped-Orders-2026-11-24\.txt +already imported on \d{4}-\d\d-\d\d \d\d:\d\d; skipped\n",
                     again.output)  # fmt: skip
    assert "Left alone (5):" in again.output


def test_a_report_note_is_printed_under_its_file(runner, tmp_path):
    from amzsheet.samples.reports import FBA_INVENTORY_HEADER

    rows = [["OLD", "No", "5"], ["MUG", "Yes", "7"]]
    columns = ["sku", "afn-listing-exists", "afn-fulfillable-quantity"]
    lines = ["\t".join(FBA_INVENTORY_HEADER)]
    lines += ["\t".join(dict(zip(columns, row)).get(name, "") for name in FBA_INVENTORY_HEADER) for row in rows]
    export = tmp_path / "Inventory.txt"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.utime(export, (1_795_000_000, 1_795_000_000))  # 2026-11-18, before --today
    workbook = tmp_path / "tracker.xlsx"
    result = runner.invoke(cli, ["refresh", str(workbook), str(export), "--today", "2026-11-25"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:3] == [
        "  Inventory.txt  FBA Manage Inventory              2 lines",
        "    Note: 1 SKU without an active FBA listing (afn-listing-exists blank or No) holds 5 fulfillable units "
        "at Amazon; its stock is counted all the same.",
    ]


def test_a_refresh_from_the_wrong_folder_creates_no_tracker(runner, tmp_path, monkeypatch):
    """A typo must not give a false all-clear: no tracker is made from nothing, and a missing folder is named."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["refresh", "tracker.xlsx"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / 'tracker.xlsx'} does not exist, and a refresh without reports does not create a "
        "tracker; check the folder you are in, give the reports to import ('amzsheet refresh tracker.xlsx "
        "~/Downloads/'), or create an empty tracker with 'amzsheet init tracker.xlsx'\n"
    )
    assert not (tmp_path / "tracker.xlsx").exists()
    missing = tmp_path / "no-such-folder" / "tracker.xlsx"
    result = runner.invoke(cli, ["refresh", str(missing)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {missing}: the folder {missing.parent} does not exist; check the path of the workbook\n"
    )
    result = runner.invoke(cli, ["reorder", str(missing)])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_a_new_tracker_beside_another_one_is_pointed_out(runner, tmp_path):
    export = write_all_orders(tmp_path / "All-Orders.txt", [
        {"amazon-order-id": "1", "purchase-date": "2026-11-20T10:00:00+00:00", "order-status": "Shipped",
         "fulfillment-channel": "Merchant", "sku": "MUG", "quantity": "1", "item-price": "9.99"},
    ])  # fmt: skip
    amzsheet.init_workbook(tmp_path / "tracker.xlsx", today=TODAY)
    (tmp_path / "notes.xlsx").write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip: not a tracker
    typo = tmp_path / "traker.xlsx"
    result = runner.invoke(cli, ["refresh", str(typo), str(export), "--today", "2026-11-25"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Created a new tracker {typo} from 1 report:\n")
    assert (
        "Note: this folder already holds another amzsheet tracker (tracker.xlsx); if you meant it, refresh that "
        "one and delete traker.xlsx.\n"
    ) in result.output


def test_a_report_in_another_currency_is_named_and_warned_about(runner, tmp_path):
    """A UK report (GBP, Amazon.co.uk) in a USD tracker would add pounds to dollars without a word."""
    line = {"purchase-date": "2026-11-20T10:00:00+00:00", "last-updated-date": "2026-11-21T10:00:00+00:00",
            "order-status": "Shipped", "sku": "MUG", "quantity": "1", "item-price": "9.99"}  # fmt: skip
    us = write_all_orders(tmp_path / "All-Orders-US.txt", [{**line, "amazon-order-id": "111-1"}])
    uk = write_all_orders(
        tmp_path / "All-Orders-UK.txt",
        [{**line, "amazon-order-id": "202-1", "currency": "GBP", "sales-channel": "Amazon.co.uk"}],
    )
    workbook = tmp_path / "tracker.xlsx"
    first = runner.invoke(cli, ["refresh", str(workbook), str(us), "--today", "2026-11-25"])
    assert "Currencies: USD (1 report lines)\n" in first.output and "Warning" not in first.output
    second = runner.invoke(cli, ["refresh", str(workbook), str(uk), "--today", "2026-11-25"])
    assert second.exit_code == 0, second.output
    assert "Currencies: GBP (1 report lines)\n" in second.output
    assert (
        "Warning: GBP is new to this tracker; the Dashboard and Profit keep its amounts apart, but the Unit Costs, "
        "inventory value and ABC classes take every amount in one currency: keep one tracker per currency\n"
    ) in second.output
