"""amzsheet reorder: the purchase list by supplier, from the workbook's own reorder figures."""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest
from click.testing import CliRunner
from conftest import TODAY

import amzsheet
from amzsheet.cli import cli
from amzsheet.purchase_list import COLUMNS


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


def test_nothing_to_reorder(runner, tmp_path):
    workbook = tmp_path / "t.xlsx"
    amzsheet.init_workbook(workbook)
    result = runner.invoke(cli, ["reorder", str(workbook)])
    assert result.exit_code == 0 and result.output.strip() == f"Nothing to reorder in {workbook}."
