"""amzsheet reorder: the purchase list by supplier, from the workbook's own reorder figures."""

from __future__ import annotations

import csv
from dataclasses import replace

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import TODAY

import amzsheet
from amzsheet.cli import cli
from amzsheet.model.purchase_list import COLUMNS


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _to_reorder(workbook):
    inventory = amzsheet.open_workbook(workbook).inventory
    return inventory[inventory["Reorder Qty"] > 0]


def test_the_list_groups_the_skus_to_reorder_by_supplier_with_their_costs(runner, sample_workbook):
    before = sample_workbook.read_bytes()
    result = runner.invoke(cli, ["reorder", str(sample_workbook), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    expected = _to_reorder(sample_workbook)
    assert len(expected) >= 5  # the sample has SKUs to reorder from several suppliers
    for supplier, group in expected.groupby("Supplier"):
        units, cost = group["Reorder Qty"].sum(), group["Reorder Cost"].sum()
        assert f"{supplier}: {len(group)} SKU(s), {units:,.0f} units, {cost:,.2f}" in result.output
    for sku in expected["SKU"]:
        assert sku in result.output
    total = expected["Reorder Cost"].sum()
    assert f"Total: {len(expected)} SKU(s), {expected['Reorder Qty'].sum():,.0f} units, {total:,.2f}" in result.output
    assert sample_workbook.read_bytes() == before  # the workbook is only read


def test_one_supplier_to_a_csv_file(runner, sample_workbook, tmp_path):
    expected = _to_reorder(sample_workbook)
    supplier = expected["Supplier"].value_counts().index[0]
    target = tmp_path / "order.csv"
    result = runner.invoke(
        cli,
        [
            "reorder",
            str(sample_workbook),
            "--supplier",
            supplier.upper(),
            "--csv",
            str(target),
            "--today",
            "2026-11-25",
        ],
    )
    assert result.exit_code == 0, result.output
    with open(target, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    mine = expected[expected["Supplier"] == supplier]
    assert [row["SKU"] for row in rows] == sorted(mine["SKU"])  # all due today: by SKU
    assert list(rows[0]) == list(COLUMNS)
    by_sku = mine.set_index("SKU")
    for row in rows:
        assert float(row["Reorder Qty"]) == by_sku.at[row["SKU"], "Reorder Qty"]
        assert float(row["Reorder Cost"]) == pytest.approx(by_sku.at[row["SKU"], "Reorder Cost"])
        assert row["Why"].startswith(f"Reorder {row['Reorder Qty']} by 25 Nov: ")
        assert row["Supplier"] == supplier


def test_text_in_the_csv_never_runs_as_a_formula(sample_workbook, tmp_path):
    tracker = amzsheet.open_workbook(sample_workbook)
    inventory = tracker.inventory.copy()
    row = inventory.index[inventory["Reorder Qty"] > 0][0]
    inventory.loc[row, "Product Name"] = '=HYPERLINK("http://evil.example","click")'
    inventory.loc[row, "Supplier"] = "@Supplier"
    amzsheet.save_workbook(sample_workbook, replace(tracker, inventory=inventory), TODAY)
    target = tmp_path / "order.csv"
    CliRunner().invoke(cli, ["reorder", str(sample_workbook), "--csv", str(target), "--today", "2026-11-25"])
    with open(target, encoding="utf-8-sig", newline="") as stream:
        rows = [row for row in csv.DictReader(stream) if row["Supplier"] == "'@Supplier"]
    assert rows and rows[0]["Product Name"] == '\'=HYPERLINK("http://evil.example","click")'


def test_an_unknown_supplier_is_one_sentence(runner, sample_workbook):
    result = runner.invoke(cli, ["reorder", str(sample_workbook), "--supplier", "Nobody Ltd"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no SKU in Inventory has the supplier 'Nobody Ltd' (suppliers: ")
    assert "Traceback" not in result.output


def test_a_tracker_without_orders_says_so_instead_of_nothing_to_reorder(runner, tmp_path):
    workbook = tmp_path / "t.xlsx"
    amzsheet.init_workbook(workbook, today=TODAY)
    result = runner.invoke(cli, ["reorder", str(workbook)])
    assert result.exit_code == 0
    assert result.output.strip() == (
        f"{workbook} has no orders yet, so nothing can be worked out; "
        f"import your reports first: amzsheet refresh {workbook} ~/Downloads/"
    )


def test_nothing_to_reorder(runner, sample_workbook):
    tracker = amzsheet.open_workbook(sample_workbook)
    covered = replace(tracker, inventory=tracker.inventory.assign(**{"Stock Counted": 100000.0}))
    amzsheet.save_workbook(sample_workbook, covered, TODAY)
    result = runner.invoke(cli, ["reorder", str(sample_workbook), "--today", "2026-11-25"])
    assert result.exit_code == 0 and result.output.strip() == f"Nothing to reorder in {sample_workbook}."


def test_skus_to_reorder_is_one_figure_in_the_summary_the_dashboard_and_the_purchase_list(tmp_path, sample_folder):
    """The refresh summary, the Dashboard (cached and as Excel recomputes it) and ``reorder`` count the same SKUs."""
    workbook = tmp_path / "tracker.xlsx"
    workbook.write_bytes((sample_folder / "tracker.xlsx").read_bytes())
    result = amzsheet.refresh(workbook, today=TODAY)
    listed = amzsheet.reorder_list(workbook, today=TODAY)
    dashboard = openpyxl.load_workbook(workbook, data_only=True)["Dashboard"]
    cached = {row[0]: row[1] for row in dashboard.iter_rows(values_only=True) if row and isinstance(row[0], str)}
    formulas = {r[0].value: r[1].value for r in openpyxl.load_workbook(workbook)["Dashboard"].iter_rows() if r[0].value}
    assert formulas["SKUs to reorder (Reorder Qty above 0)"] == '=COUNTIF(Inventory[Reorder Qty],">0")'
    assert result.skus_to_reorder == cached["SKUs to reorder (Reorder Qty above 0)"] == len(listed) > 0
    out_of_stock = (result.tracker.inventory["Available Quantity"] <= 0).sum()
    assert result.skus_out_of_stock == cached["Out-of-stock SKUs"] == out_of_stock > 0


def test_orders_to_ship_are_the_sellers_own(tmp_path, sample_folder):
    """Amazon ships FBA and MCF orders: the Dashboard counts the open orders the seller ships (FBM)."""
    workbook = tmp_path / "tracker.xlsx"
    workbook.write_bytes((sample_folder / "tracker.xlsx").read_bytes())
    orders = amzsheet.open_workbook(workbook).orders
    is_open = orders["Order Status"].isin(["Pending", "Unshipped"])
    fbm = orders.loc[is_open & (orders["Channel"] == "FBM"), "Order ID"].nunique()
    assert orders.loc[is_open & (orders["Channel"] == "FBA"), "Order ID"].nunique() > 0  # would have been counted
    dashboard = openpyxl.load_workbook(workbook, data_only=True)["Dashboard"]
    cached = {row[0]: row[1] for row in dashboard.iter_rows(values_only=True) if row and isinstance(row[0], str)}
    assert cached["Orders to ship (FBM)"] == fbm > 0
