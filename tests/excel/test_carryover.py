"""A refresh keeps what the seller set by hand: own sheets, widths, freeze panes, filters (amzsheet.excel.carryover).

Each test edits the sample tracker with openpyxl as a seller would in Excel, reads the
carry-over from it, writes a NEW workbook with XlsxWriter whose managed sheets have the
tracker's headers (some in another order), and checks the result with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from helpers import recalc
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.filters import FilterColumn, Filters
from openpyxl.worksheet.table import Table

from amzsheet.contract.schema import (
    DASHBOARD_SHEET,
    INVENTORY_COLUMNS,
    INVENTORY_SHEET,
    INVENTORY_TABLE,
    ORDER_COLUMNS,
    ORDERS_SHEET,
    ORDERS_TABLE,
    RETURNS_SHEET,
    column_names,
)
from amzsheet.contract.sheets import MANAGED_SHEETS
from amzsheet.errors import UnmanagedSheetsError
from amzsheet.excel import carryover
from amzsheet.excel.carryover import (
    Carryover,
    Cell,
    ExtraSheet,
    Pane,
    TableLayout,
    apply_carryover,
    apply_table_filters,
    read_carryover,
)
from amzsheet.excel.sheetxml import sheet_part

ORDER_HEADERS = column_names(ORDER_COLUMNS)
INVENTORY_HEADERS = column_names(INVENTORY_COLUMNS)
STATUS_COLUMN = ORDER_HEADERS.index("Order Status")  # 9 in the old workbook
# The new workbook moves columns: Inventory is reversed, Order Status goes last.
NEW_HEADERS = {
    ORDERS_SHEET: [name for name in ORDER_HEADERS if name != "Order Status"] + ["Order Status"],
    INVENTORY_SHEET: INVENTORY_HEADERS[::-1],
}
BUDGET_FORMULAS = {
    "B5": "=SUM(B2:B4)",
    "B6": "=B5*1.1",
    "E2": "='Order Tracking'!A2",
    "E3": "=Inventory!D2*2",
    "E4": "=SUM(Inventory[Total Cost])",
}


@pytest.fixture(scope="module")
def seller_workbook(sample_folder: Path, tmp_path_factory) -> Path:
    """The sample tracker after a seller's edits in Excel (made here with openpyxl); do not modify it."""
    path = tmp_path_factory.mktemp("seller") / "tracker.xlsx"
    book = openpyxl.load_workbook(sample_folder / "tracker.xlsx")
    _add_budget(book.create_sheet("Budget"))
    notes = book.create_sheet("Notes")
    notes.append(["Idea", "Votes"])
    notes.append(["Bigger boxes", 3])
    notes.append(["Cheaper tape", 5])
    notes["D1"] = "=COUNTA(Ideas[Idea])"
    notes.add_table(Table(displayName="Ideas", ref="A1:B3"))
    notes.sheet_state = "hidden"
    inventory = book[INVENTORY_SHEET]
    inventory.column_dimensions[_letter("Product Name")].width = 55
    inventory.column_dimensions[_letter("Unit Cost")].width = 17
    inventory.column_dimensions[_letter("Supplier")].hidden = True
    book[ORDERS_SHEET].freeze_panes = "C2"
    book[RETURNS_SHEET].freeze_panes = None
    criteria = FilterColumn(colId=STATUS_COLUMN, filters=Filters(filter=["Shipped", "Delivered"]))
    book[ORDERS_SHEET].tables[ORDERS_TABLE].autoFilter.filterColumn.append(criteria)
    book.defined_names["BoxBudget"] = DefinedName("BoxBudget", attr_text="Budget!$B$5")
    book.save(path)
    return path


def _letter(header: str) -> str:
    """The column letter of an Inventory header in the sample tracker."""
    return get_column_letter(INVENTORY_HEADERS.index(header) + 1)


def _add_budget(sheet) -> None:
    sheet.append(["Item", "Amount", "Paid on", "Note", "Linked"])
    for item, amount in (("Boxes", 10), ("Tape", 20.5), ("Labels", 30)):
        sheet.append([item, amount])
    for ref, formula in BUDGET_FORMULAS.items():
        sheet[ref] = formula
    sheet["B6"].number_format = "#,##0.00"
    sheet["C2"] = dt.datetime(2026, 11, 1)
    sheet["C2"].number_format = "yyyy-mm-dd"
    sheet["C3"] = dt.datetime(2026, 11, 2)
    sheet["C3"].number_format = "mm-dd-yy"  # Excel's built-in short date (id 14)
    sheet["D2"] = "=not a formula"
    sheet["D2"].data_type = "s"  # text the seller typed with a leading apostrophe
    sheet["A8"] = "Merged note"
    sheet.merge_cells("A8:C8")
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["F"].hidden = True
    sheet.row_dimensions[1].height = 30
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = "A1:B4"
    sheet.auto_filter.add_filter_column(0, ["Boxes", "Tape"])
    sheet.row_dimensions[4].hidden = True  # the row the filter hides


def _write_new_workbook(path: Path, carry: Carryover) -> int:
    """A new workbook laid out as the writer does it, then the carry-over: the filters restored."""
    book = xlsxwriter.Workbook(str(path))
    sheets = {name: book.add_worksheet(name) for name in MANAGED_SHEETS}
    money = book.add_format({"num_format": "$#,##0.00"})
    for sheet_name, table in ((ORDERS_SHEET, ORDERS_TABLE), (INVENTORY_SHEET, INVENTORY_TABLE)):
        headers = NEW_HEADERS[sheet_name]
        sheets[sheet_name].add_table(0, 0, 2, len(headers) - 1, {"name": table, "columns": _columns(headers)})
        sheets[sheet_name].set_column(0, len(headers) - 1, 12, money)
    for name in (ORDERS_SHEET, INVENTORY_SHEET, RETURNS_SHEET):
        sheets[name].freeze_panes(1, 1)
    sheets[ORDERS_SHEET].write_string(1, 0, "111-0000000-0000001")
    sheets[INVENTORY_SHEET].write_number(1, NEW_HEADERS[INVENTORY_SHEET].index("Unit Cost"), 4.25)
    apply_carryover(book, sheets, NEW_HEADERS, carry)
    book.close()
    return apply_table_filters(path, carry)


def _columns(headers: list[str]) -> list[dict]:
    return [{"header": name} for name in headers]


def _widths(sheet) -> dict[int, tuple[float | None, bool]]:
    """0-based column -> (width, hidden), from openpyxl's column ranges."""
    widths = {}
    for dimension in sheet.column_dimensions.values():
        for col in range(dimension.min - 1, dimension.max):
            widths[col] = (dimension.width if dimension.customWidth else None, bool(dimension.hidden))
    return widths


@pytest.fixture(scope="module")
def rebuilt(seller_workbook: Path, tmp_path_factory) -> tuple[Path, Path, int]:
    """(old workbook, new workbook, filter columns restored); do not modify them."""
    carry = read_carryover(seller_workbook, MANAGED_SHEETS)
    new = tmp_path_factory.mktemp("rebuilt") / "new.xlsx"
    restored = _write_new_workbook(new, carry)
    return seller_workbook, new, restored


def test_extra_sheets_come_back_after_the_managed_ones(rebuilt):
    _, new, _ = rebuilt
    book = openpyxl.load_workbook(new)
    assert book.sheetnames == [*MANAGED_SHEETS, "Budget", "Notes"]
    assert book["Budget"].sheet_state == "visible"
    assert book["Notes"].sheet_state == "hidden"


def test_budget_values_formulas_and_number_formats_are_kept(rebuilt):
    old, new, _ = rebuilt
    before = openpyxl.load_workbook(old)["Budget"]
    after = openpyxl.load_workbook(new)["Budget"]
    cells = {cell.coordinate: cell for row in before.iter_rows() for cell in row if cell.value is not None}
    assert len(cells) == 20
    for ref, cell in cells.items():
        assert (after[ref].value, after[ref].data_type, after[ref].number_format) == (
            cell.value,
            cell.data_type,
            cell.number_format,
        ), ref
    for ref, formula in BUDGET_FORMULAS.items():
        assert after[ref].value == formula
    assert after["C2"].value == dt.datetime(2026, 11, 1)
    assert after["C2"].number_format == "yyyy-mm-dd"
    assert after["C3"].number_format == "mm-dd-yy"
    assert (after["D2"].value, after["D2"].data_type) == ("=not a formula", "s")
    assert after["B3"].value == 20.5


def test_budget_layout_is_kept(rebuilt):
    _, new, _ = rebuilt
    budget = openpyxl.load_workbook(new)["Budget"]
    widths = _widths(budget)
    assert widths[0] == (30, False)
    assert widths[5][1] is True
    assert budget.row_dimensions[1].height == 30
    assert budget.row_dimensions[4].hidden is True
    assert budget.freeze_panes == "B2"
    assert [str(merged) for merged in budget.merged_cells.ranges] == ["A8:C8"]
    assert budget.auto_filter.ref == "A1:B4"
    (criteria,) = budget.auto_filter.filterColumn
    assert (criteria.colId, criteria.filters.filter) == (0, ["Boxes", "Tape"])


def test_a_table_on_an_extra_sheet_is_recreated(rebuilt):
    _, new, _ = rebuilt
    notes = openpyxl.load_workbook(new)["Notes"]
    table = notes.tables["Ideas"]
    assert table.ref == "A1:B3"
    assert [column.name for column in table.tableColumns] == ["Idea", "Votes"]
    assert notes["D1"].value == "=COUNTA(Ideas[Idea])"
    assert [[cell.value for cell in row] for row in notes["A1:B3"]] == [
        ["Idea", "Votes"],
        ["Bigger boxes", 3],
        ["Cheaper tape", 5],
    ]


def test_widths_follow_their_header_to_its_new_column(rebuilt):
    _, new, _ = rebuilt
    inventory = openpyxl.load_workbook(new)[INVENTORY_SHEET]
    widths = _widths(inventory)
    new_headers = NEW_HEADERS[INVENTORY_SHEET]
    assert widths[new_headers.index("Product Name")] == (55, False)
    assert widths[new_headers.index("Unit Cost")] == (17, False)
    assert widths[new_headers.index("Supplier")][1] is True
    # A width amzsheet wrote by default in an older layout (SKU: 16 characters) gives way to this layout's 20.
    assert widths[new_headers.index("SKU")] == (20.7109375, False)


def test_a_resized_column_keeps_the_writers_number_format(rebuilt):
    _, new, _ = rebuilt
    inventory = openpyxl.load_workbook(new)[INVENTORY_SHEET]
    unit_cost = NEW_HEADERS[INVENTORY_SHEET].index("Unit Cost")
    dimension = next(d for d in inventory.column_dimensions.values() if d.min - 1 <= unit_cost <= d.max - 1)
    assert dimension.number_format == "$#,##0.00"
    assert inventory.cell(2, unit_cost + 1).value == 4.25


def test_sheets_without_headers_get_their_widths_by_position(rebuilt):
    _, new, _ = rebuilt
    dashboard = openpyxl.load_workbook(new)[DASHBOARD_SHEET]
    assert _widths(dashboard)[0] == (42.7109375, False)  # as amzsheet's writer set it in the old file


def test_freeze_panes_are_kept_and_a_removed_freeze_stays_removed(rebuilt):
    _, new, _ = rebuilt
    book = openpyxl.load_workbook(new)
    assert book[ORDERS_SHEET].freeze_panes == "C2"
    assert book[INVENTORY_SHEET].freeze_panes == "B2"
    assert book[RETURNS_SHEET].freeze_panes is None


def test_the_table_filter_moves_with_its_column(rebuilt):
    _, new, restored = rebuilt
    assert restored == 2  # Order Status in Orders, Item in Budget
    table = openpyxl.load_workbook(new)[ORDERS_SHEET].tables[ORDERS_TABLE]
    (criteria,) = table.autoFilter.filterColumn
    assert criteria.colId == len(ORDER_HEADERS) - 1 != STATUS_COLUMN
    assert criteria.filters.filter == ["Shipped", "Delivered"]
    with zipfile.ZipFile(new) as package:
        assert package.testzip() is None


def test_defined_names_of_the_seller_are_kept(rebuilt):
    _, new, _ = rebuilt
    names = openpyxl.load_workbook(new).defined_names
    assert names["BoxBudget"].attr_text == "Budget!$B$5"


def test_read_carryover_describes_the_managed_sheets(seller_workbook):
    carry = read_carryover(seller_workbook, MANAGED_SHEETS)
    layouts = {layout.name: layout for layout in carry.layouts}
    assert layouts[ORDERS_SHEET].pane == Pane(rows=1, cols=2, top_row=1, left_col=2)
    assert layouts[RETURNS_SHEET].pane is None
    (orders,) = layouts[ORDERS_SHEET].tables
    assert orders.filters == (
        ("Order Status", f'<filterColumn colId="{STATUS_COLUMN}" hiddenButton="0" showButton="1"><filters>'
         '<filter val="Shipped"/><filter val="Delivered"/></filters></filterColumn>'),
    )  # fmt: skip
    product = next(width for width in layouts[INVENTORY_SHEET].widths if width.header == "Product Name")
    assert (product.first, product.width, product.hidden) == (1, 55, False)
    assert [sheet.name for sheet in carry.extra_sheets] == ["Budget", "Notes"]


def _edit_part(source_path: Path, target_path: Path, sheet: str, edit) -> Path:
    """Copy a workbook with the XML of ``sheet`` changed by ``edit`` (bytes -> bytes)."""
    with zipfile.ZipFile(source_path) as source, zipfile.ZipFile(target_path, "w") as target:
        part = sheet_part(source, sheet)
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, edit(data) if info.filename == part else data)
    return target_path


def test_managed_sheets_are_read_only_up_to_their_rows(seller_workbook, tmp_path):
    """Order Tracking's rows are never parsed: garbage after <sheetData> changes nothing."""
    broken = _edit_part(
        seller_workbook,
        tmp_path / "broken.xlsx",
        ORDERS_SHEET,
        lambda xml: xml.split(b"<sheetData>")[0] + b"<sheetData><row r='1'><c></nonsense",
    )
    carry = read_carryover(broken, MANAGED_SHEETS)
    assert next(layout for layout in carry.layouts if layout.name == ORDERS_SHEET).pane.cols == 2


def test_libreoffice_booleans_are_understood(seller_workbook, tmp_path):
    """LibreOffice writes customWidth="true" where Excel writes "1"."""
    saved = _edit_part(
        seller_workbook,
        tmp_path / "libreoffice.xlsx",
        INVENTORY_SHEET,
        lambda xml: xml.replace(b'customWidth="1"', b'customWidth="true"').replace(b'hidden="1"', b'hidden="true"'),
    )
    layout = next(layout for layout in read_carryover(saved, MANAGED_SHEETS).layouts if layout.name == INVENTORY_SHEET)
    widths = {width.header: (width.width, width.hidden) for width in layout.widths}
    assert widths["Product Name"] == (55, False)
    assert widths["Supplier"][1] is True


def test_a_table_name_amzsheet_now_uses_leaves_the_cells_as_a_range(tmp_path):
    extra = ExtraSheet("Mine", cells=(Cell(0, 0, "Order ID"), Cell(1, 0, "A-1")))
    extra = replace(extra, tables=(TableLayout(ORDERS_TABLE, "Mine", "A1:A2", ("Order ID",)),))
    path = tmp_path / "new.xlsx"
    _write_new_workbook(path, Carryover(extra_sheets=(extra,)))
    book = openpyxl.load_workbook(path)
    assert list(book["Mine"].tables) == []
    assert book["Mine"]["A2"].value == "A-1"


def test_an_oversized_extra_sheet_is_refused(seller_workbook, monkeypatch):
    monkeypatch.setattr(carryover.reading, "MAX_EXTRA_CELLS", 10)
    with pytest.raises(UnmanagedSheetsError, match=r"sheet 'Budget': the sheet has more than 10 cells") as error:
        read_carryover(seller_workbook, MANAGED_SHEETS)
    assert isinstance(error.value, ValueError)


def test_a_new_workbook_has_nothing_to_carry(tmp_path):
    path = tmp_path / "new.xlsx"
    assert _write_new_workbook(path, Carryover()) == 0
    assert openpyxl.load_workbook(path).sheetnames == list(MANAGED_SHEETS)


def _excel_saved_sheet(path: Path) -> None:
    """An extra sheet as Excel saves it: shared strings, rich text, cached results, shared formulas."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Calc")
    bold = book.add_format({"bold": True})
    sheet.write_column(0, 0, ["Qty", 1, 2, 3])
    for row in (1, 2, 3):
        sheet.write_formula(row, 1, f"=A{row + 1}*2", None, (row) * 2)
    sheet.write_rich_string(0, 2, bold, "Bold", " and plain")
    sheet.write_boolean(1, 2, True)
    sheet.write_formula(2, 2, "=1/0", None, "#DIV/0!")
    sheet.write_array_formula(1, 3, 2, 3, "{=A2:A3*10}", None, 10)
    sheet.write_number(2, 3, 20)
    sheet.write_string(3, 2, "literal _x0041_ stays")
    sheet.write_formula(4, 0, "=_xlfn.XLOOKUP(2,A2:A4,B2:B4)", None, 4)
    book.close()
    # Excel stores a filled-down formula once, as a shared formula.
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"].decode()
    sheet_xml = sheet_xml.replace("<f>A2*2</f>", '<f t="shared" ref="B2:B4" si="0">A2*2</f>')
    sheet_xml = sheet_xml.replace("<f>A3*2</f>", '<f t="shared" si="0"/>').replace(
        "<f>A4*2</f>", '<f t="shared" si="0"/>'
    )
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_cached_results_shared_formulas_and_strings_round_trip(tmp_path):
    old, new = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    _excel_saved_sheet(old)
    carry = read_carryover(old, MANAGED_SHEETS)
    book = xlsxwriter.Workbook(str(new))
    apply_carryover(book, {}, {}, carry)
    book.close()
    formulas = openpyxl.load_workbook(new)["Calc"]
    values = openpyxl.load_workbook(new, data_only=True)["Calc"]
    assert [formulas[f"B{row}"].value for row in (2, 3, 4)] == ["=A2*2", "=A3*2", "=A4*2"]
    assert [values[f"B{row}"].value for row in (2, 3, 4)] == [2, 4, 6]
    assert values["C1"].value == "Bold and plain"
    assert values["C2"].value is True
    assert values["C3"].value == "#DIV/0!"
    assert values["C4"].value == "literal _x0041_ stays"
    assert formulas["D2"].value.text == "=A2:A3*10"
    assert (values["D2"].value, values["D3"].value) == (10, 20)
    assert formulas["A5"].value.text == "=_xlfn.XLOOKUP(2,A2:A4,B2:B4)"  # a dynamic-array formula, as in Excel 365


@pytest.mark.libreoffice
def test_libreoffice_computes_the_kept_formulas(soffice, rebuilt, tmp_path):
    _, new, _ = rebuilt
    budget = openpyxl.load_workbook(recalc.recalculate(new, tmp_path), data_only=True)["Budget"]
    assert budget["B5"].value == 60.5
    assert budget["B6"].value == pytest.approx(66.55)
    assert budget["E2"].value == "111-0000000-0000001"
    assert budget["E3"].value == 0  # Inventory!D2 is empty in the new workbook (Unit Cost moved)
    assert budget["E4"].value == 0


def test_no_staging_file_is_left_behind(rebuilt):
    _, new, _ = rebuilt
    assert sorted(path.name for path in new.parent.iterdir() if path.name.startswith("new.xlsx")) == ["new.xlsx"]
