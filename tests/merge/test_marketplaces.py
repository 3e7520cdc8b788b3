"""FBA stock per marketplace: --marketplace, the FBA Stock sheet, and reports that must not be settled by file order.

The FBA Manage Inventory report does not say which marketplace it describes. The
fixtures are US and Canadian files in the real layout (hyphenated headers, LF line
ends), of one SKU held in both marketplaces and one held only in the US.
"""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from helpers import TODAY

import amzsheet
from amzsheet.cli import cli
from amzsheet.contract.schema import Settings
from amzsheet.errors import ReportError, UsageError
from amzsheet.samples import reports as sample_reports

MYI_HEADER = list(sample_reports.FBA_INVENTORY_HEADER)
US_STOCK = {"MUG-12OZ": "912", "TOWEL-BATH": "40"}
CA_STOCK = {"MUG-12OZ": "75"}


def _inventory_report(path: Path, stock: dict[str, str], taken: str) -> Path:
    lines = ["\t".join(MYI_HEADER)]
    for sku, units in stock.items():
        row = {"sku": sku, "product-name": f"Product {sku}", "afn-listing-exists": "Yes",
               "afn-fulfillable-quantity": units, "afn-inbound-shipped-quantity": "0"}  # fmt: skip
        lines.append("\t".join(row.get(name, "") for name in MYI_HEADER))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    moment = pd.Timestamp(taken, tz="UTC").timestamp()
    os.utime(path, (moment, moment))
    return path


def _new_tracker(path: Path) -> Path:
    """A tracker in UTC, so that the report times below do not depend on the machine's time zone."""
    amzsheet.init_workbook(path, Settings(time_zone="UTC"), today=TODAY)
    return path


def _stock(tracker, sku: str) -> tuple[float, pd.Timestamp]:
    row = tracker.inventory[tracker.inventory["SKU"] == sku].iloc[0]
    return row["Stock Counted"], row["Count Date"]


def test_each_marketplace_keeps_its_stock_and_a_sku_counts_the_sum(tmp_path):
    workbook = _new_tracker(tmp_path / "tracker.xlsx")
    us = _inventory_report(tmp_path / "FBA-Inventory-US.txt", US_STOCK, "2026-11-24 07:00")
    ca = _inventory_report(tmp_path / "FBA-Inventory-CA.txt", CA_STOCK, "2026-11-24 08:00")
    amzsheet.refresh(workbook, [us], today=TODAY, marketplace="US")
    result = amzsheet.refresh(workbook, [ca], today=TODAY, marketplace="ca")
    assert _stock(result.tracker, "MUG-12OZ") == (987, pd.Timestamp("2026-11-24 07:00"))  # 912 + 75, the earlier
    assert _stock(result.tracker, "TOWEL-BATH")[0] == 40
    sheet = openpyxl.load_workbook(workbook)["FBA Stock"]
    rows = [tuple(cell.value for cell in row[:4]) for row in sheet.iter_rows(min_row=2)]
    assert rows == [("CA", "MUG-12OZ", 75, 0), ("US", "MUG-12OZ", 912, 0), ("US", "TOWEL-BATH", 40, 0)]

    # A newer Canadian report replaces only Canada's figure, whichever order the files come in.
    newer = _inventory_report(tmp_path / "FBA-Inventory-CA-2.txt", {"MUG-12OZ": "60"}, "2026-11-25 07:00")
    result = amzsheet.refresh(workbook, [newer], today=TODAY, marketplace="CA")
    assert _stock(result.tracker, "MUG-12OZ")[0] == 972


def test_the_order_of_the_files_does_not_change_the_stock(tmp_path):
    us = _inventory_report(tmp_path / "a-us.txt", US_STOCK, "2026-11-24 07:00")
    ca = _inventory_report(tmp_path / "b-ca.txt", CA_STOCK, "2026-11-24 07:00")
    counted = []
    for first, second in ((us, ca), (ca, us)):
        workbook = _new_tracker(tmp_path / f"tracker-{first.stem}.xlsx")
        amzsheet.refresh(workbook, [first], today=TODAY, marketplace="US" if first == us else "CA")
        result = amzsheet.refresh(workbook, [second], today=TODAY, marketplace="CA" if first == us else "US")
        counted.append(_stock(result.tracker, "MUG-12OZ")[0])
    assert counted == [987, 987]


def test_two_unmarked_reports_of_one_day_that_disagree_stop_the_refresh(tmp_path, sample_workbook):
    us = _inventory_report(tmp_path / "FBA-Inventory-1.txt", US_STOCK, "2026-11-24 07:00")
    ca = _inventory_report(tmp_path / "FBA-Inventory-2.txt", CA_STOCK, "2026-11-24 07:05")
    before = sample_workbook.read_bytes()
    with pytest.raises(ReportError) as caught:
        amzsheet.refresh(sample_workbook, [us, ca], today=TODAY)
    assert str(caught.value) == (
        f"{ca}: this FBA inventory report and FBA-Inventory-1.txt were both taken on 2026-11-24 and imported "
        "without --marketplace, but they disagree (SKU MUG-12OZ: 912 and 75 units), so they are probably from two "
        "marketplaces; import each on its own with --marketplace (for example --marketplace US); nothing was changed"
    )
    assert sample_workbook.read_bytes() == before


def test_one_unmarked_report_works_as_before_and_an_identical_copy_is_no_conflict(tmp_path):
    workbook = _new_tracker(tmp_path / "tracker.xlsx")
    us = _inventory_report(tmp_path / "FBA-Inventory.txt", US_STOCK, "2026-11-24 07:00")
    copy = _inventory_report(tmp_path / "FBA-Inventory (1).txt", {**US_STOCK, "MUG-12OZ": "912"}, "2026-11-24 07:01")
    copy.write_text(copy.read_text() + "\n")  # another file, the same figures
    result = amzsheet.refresh(workbook, [us, copy], today=TODAY)
    assert _stock(result.tracker, "MUG-12OZ")[0] == 912
    assert result.tracker.fba_stock["Marketplace"].isna().all()


def test_an_unmarked_report_is_refused_once_stock_is_kept_per_marketplace(tmp_path):
    workbook = _new_tracker(tmp_path / "tracker.xlsx")
    amzsheet.refresh(
        workbook, [_inventory_report(tmp_path / "us.txt", US_STOCK, "2026-11-24 07:00")], today=TODAY, marketplace="US"
    )
    before = workbook.read_bytes()
    unmarked = _inventory_report(tmp_path / "ca.txt", CA_STOCK, "2026-11-24 08:00")
    with pytest.raises(ReportError, match=r"keeps FBA stock per marketplace \(US\), and this report does not say"):
        amzsheet.refresh(workbook, [unmarked], today=TODAY)
    assert workbook.read_bytes() == before


def test_a_marked_report_replaces_the_figures_of_unmarked_ones(tmp_path):
    workbook = _new_tracker(tmp_path / "tracker.xlsx")
    amzsheet.refresh(workbook, [_inventory_report(tmp_path / "old.txt", US_STOCK, "2026-11-23 07:00")], today=TODAY)
    result = amzsheet.refresh(
        workbook, [_inventory_report(tmp_path / "us.txt", {"MUG-12OZ": "900"}, "2026-11-24 07:00")],
        today=TODAY, marketplace="US",
    )  # fmt: skip
    assert _stock(result.tracker, "MUG-12OZ")[0] == 900  # not 912 + 900
    assert list(result.tracker.fba_stock["Marketplace"]) == ["US"]


def test_an_unknown_marketplace_is_one_sentence(tmp_path):
    with pytest.raises(UsageError, match="'XX' is not a marketplace amzsheet knows; use one of US, CA, MX"):
        amzsheet.refresh(tmp_path / "tracker.xlsx", today=TODAY, marketplace="XX")
    outcome = CliRunner().invoke(cli, ["refresh", str(tmp_path / "t.xlsx"), "--marketplace", "XX"])
    assert outcome.exit_code == 2 and "Invalid value for '--marketplace': 'XX' is not one of" in outcome.output
    assert not (tmp_path / "t.xlsx").exists()
