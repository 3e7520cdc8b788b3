"""Each computed column is declared once, with its formula and its pandas twin, and both are used."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
from helpers import TODAY, make_inventory, make_orders

import amzsheet
from amzsheet.contract.columns import Column
from amzsheet.contract.sheets import TABLE_SHEETS
from amzsheet.excel.formulas import RowFormula
from amzsheet.model.columns import TableFrame
from amzsheet.model.planning import InventoryFrame

COLUMNS = [(sheet, column) for sheet in TABLE_SHEETS for column in sheet.columns]


@pytest.mark.parametrize(("sheet", "column"), COLUMNS, ids=[f"{s.name}.{c.name}" for s, c in COLUMNS])
def test_a_formula_column_declares_its_formula_and_its_twin(sheet, column):
    assert bool(column.formula) == (column.owner == "formula"), "only formula columns have a formula"
    if column.owner == "formula":
        assert column.twin is not None, f"{column.name} has no pandas twin"
        RowFormula(column.formula, sheet.columns)  # every {Header} names a column of the same table
    if column.owner in ("seller", "amazon"):
        assert column.twin is None, "amzsheet never computes what the seller or Amazon writes"


def test_every_value_amzsheet_writes_on_inventory_has_its_twin():
    inventory = next(sheet for sheet in TABLE_SHEETS if sheet.field == "inventory")
    assert all(column.twin is not None for column in inventory.columns if column.owner == "amzsheet")


def test_the_recompute_fills_every_computed_column_of_the_sample(sample_folder):
    """On the sample tracker every computed Inventory column gets values (LibreOffice checks they are right)."""
    tracker = amzsheet.open_workbook(sample_folder / "tracker.xlsx").recompute(dt.date(2026, 11, 25))
    computed = [column.name for column in amzsheet.contract.inventory.INVENTORY_COLUMNS if column.twin]
    filled = tracker.inventory[computed].notna().any()
    assert filled.all(), f"computed columns the recompute never fills: {sorted(filled[~filled].index)}"


def test_a_twin_gets_the_columns_it_asks_for_computed_first_whatever_their_order():
    columns = (
        Column("Doubled", "number", "formula", formula="{Base}*2", twin=lambda c: c["Base"] * 2),
        Column("Base", "number", "formula", formula="{Input}+1", twin=lambda c: c["Input"] + 1),
        Column("Input", "number", "seller"),
    )
    frame = TableFrame(pd.DataFrame({"Doubled": [None], "Base": [None], "Input": [4.0]}), columns, TODAY)
    assert frame.fill().iloc[0].tolist() == [10.0, 5.0, 4.0]


def test_twins_that_need_each_other_are_named():
    columns = (
        Column("A", "number", "formula", formula="{B}", twin=lambda c: c["B"]),
        Column("B", "number", "formula", formula="{A}", twin=lambda c: c["A"]),
    )
    with pytest.raises(ValueError, match="A -> B -> A"):
        TableFrame(pd.DataFrame({"A": [1.0], "B": [2.0]}), columns, TODAY).fill()


def test_a_twin_changed_in_its_declaration_changes_the_recompute(monkeypatch):
    """The model reads the twin from the declaration: no second copy of the wiring hides elsewhere."""
    import amzsheet.model.planning as planning

    changed = tuple(
        dataclasses.replace(column, twin=lambda c: c["Reorder Qty"] * 0 + 7)
        if column.name == "Reorder Cost"
        else column
        for column in planning.INVENTORY_COLUMNS
    )
    monkeypatch.setattr(planning, "INVENTORY_COLUMNS", changed)
    inventory = make_inventory([{"SKU": "MUG", "Stock Counted": 5, "Count Date": pd.Timestamp(TODAY), "Unit Cost": 2}])
    result = InventoryFrame(inventory, make_orders([]), amzsheet.Settings(), TODAY).fill()
    assert result["Reorder Cost"].tolist() == [7.0]
