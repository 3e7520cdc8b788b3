"""Rows streamed into a workbook XlsxWriter laid out: merged with its own rows, texts and numbers kept exactly."""

from __future__ import annotations

import math
import zipfile

import numpy as np
import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook
from xlsxwriter.worksheet import Worksheet, re_dynamic_function

from amzsheet.contract.schema import formulas_of
from amzsheet.contract.sheets import TABLE_SHEETS
from amzsheet.excel.sheetxml import ColumnData, formula_column, plain_formula, sheet_part, text_column
from amzsheet.excel.streaming import Block, insert_rows


def _laid_out(path, rows: dict[int, dict[int, str]]) -> None:
    """A one-sheet workbook ("S") with text written by XlsxWriter at (0-based row, col)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("S")
    for row, cells in rows.items():
        for col, text in cells.items():
            sheet.write_string(row, col, text)
    book.close()


def _values(path) -> dict[str, object]:
    sheet = openpyxl.load_workbook(path)["S"]
    return {cell.coordinate: cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None}


def test_a_block_goes_among_the_cells_xlsxwriter_wrote_each_in_its_column(tmp_path):
    path = tmp_path / "book.xlsx"
    _laid_out(path, {0: {0: "Title", 5: "Header"}, 2: {0: "Total", 7: "Far right"}})
    block = Block([text_column(["a", None, "c", "d"]), ColumnData("number", np.array([1.0, 2.5, math.nan, 4.0]))], 2, 3)
    insert_rows(path, {"S": [block]})
    assert _values(path) == {
        "A1": "Title", "F1": "Header",
        "D2": "a", "E2": 1,
        "E3": 2.5, "A3": "Total", "H3": "Far right",
        "D4": "c",
        "D5": "d", "E5": 4,
    }  # fmt: skip
    with zipfile.ZipFile(path) as package:
        xml = package.read(sheet_part(package, "S")).decode()
    assert '<dimension ref="A1:H5"/>' in xml
    assert xml.index('r="A3"') < xml.index('r="E3"') < xml.index('r="H3"')  # column order within the row


def test_a_block_over_a_cell_xlsxwriter_wrote_is_refused(tmp_path):
    path = tmp_path / "book.xlsx"
    _laid_out(path, {1: {4: "taken"}})
    with pytest.raises(ValueError, match="row 2"):
        insert_rows(path, {"S": [Block([text_column(["x"]), text_column(["y"])], 2, 3)]})


def test_texts_keep_what_excel_would_read_as_markup_spaces_and_escapes(tmp_path):
    path = tmp_path / "book.xlsx"
    _laid_out(path, {0: {0: "Header"}})
    texts = ["Salt & Pepper <set>", " leading", "trailing ", "_x0041_ literal", "bell\x07gone", "x" * 40_000, ""]
    insert_rows(path, {"S": [Block([text_column(texts)], 2)]})
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python()  # reads Excel's _xHHHH_
    assert [row[0] for row in rows[1:7]] == [
        "Salt & Pepper <set>",
        " leading",
        "trailing ",
        "_x0041_ literal",
        "bellgone",
        "x" * 32_767,  # Excel's limit on a cell's text
    ]
    assert len(rows) == 8 and rows[7][0] == ""  # an empty text is a cell


def test_numbers_and_formula_results_read_back_exactly(tmp_path):
    path = tmp_path / "book.xlsx"
    _laid_out(path, {0: {0: "Header"}})
    numbers = np.array([46000.265416666664, 0.1, 1e15, -3.0, 2.5e-7])
    results = formula_column(["1+1", 'IF(A2<0,"less","")', "A2*2", 'A2&"x"', "A6"], [2, "", 92000.5, "7x", 2.5e-7])
    insert_rows(path, {"S": [Block([ColumnData("number", numbers), results], 2)]})
    sheet = openpyxl.load_workbook(path, data_only=True)["S"]
    assert [sheet.cell(row, 1).value for row in range(2, 7)] == numbers.tolist()
    assert [sheet.cell(row, 2).value for row in range(2, 7)] == [2, None, 92000.5, "7x", 2.5e-7]
    formulas = openpyxl.load_workbook(path)["S"]
    assert formulas["B3"].value == '=IF(A2<0,"less","")'


def test_every_table_formula_is_written_as_xlsxwriter_would_write_it():
    """No template uses a dynamic-array function: XlsxWriter (without future functions) leaves it as it is."""
    sheet = Worksheet()
    for table in TABLE_SHEETS:
        for template in formulas_of(table.columns).values():
            assert plain_formula(template) == sheet._prepare_formula(template) == template
    samples = ["XLOOKUP(A2,B:B,C:C)", "IF(1,SORT(A:A))", "x.SORTBY(1)", "MYSORT(1)", "A1SORT(2)", "SUM(A:A)"]
    for formula in samples:  # the functions XlsxWriter would write as a dynamic-array formula are refused
        if re_dynamic_function.search(formula):
            with pytest.raises(ValueError, match="dynamic-array"):
                plain_formula(formula)
        else:
            assert plain_formula(formula) == formula


def test_a_shared_formula_is_written_once_and_means_each_rows_own_formula(tmp_path):
    """The first row holds the formula and the range it fills; openpyxl and python-calamine read every row of it."""
    path = tmp_path / "book.xlsx"
    _laid_out(path, {0: {0: "Units", 1: "Twice"}})
    formulas = ['IF(ISNUMBER(A2),A2*2,"")']
    block = Block(
        [ColumnData("number", np.array([1.0, 2.0, 3.0])), ColumnData("formula", [2, 4, ""], formulas, shared=True)]
    )
    insert_rows(path, {"S": [block]})
    with zipfile.ZipFile(path) as package:
        xml = package.read(sheet_part(package, "S")).decode()
    assert xml.count("IF(ISNUMBER(") == 1 and xml.count('<f t="shared" si="0"/>') == 2
    assert '<f t="shared" ref="B2:B4" si="0">IF(ISNUMBER(A2),A2*2,"")</f>' in xml
    sheet = openpyxl.load_workbook(path)["S"]
    assert [sheet[f"B{row}"].value for row in (2, 3, 4)] == [f'=IF(ISNUMBER(A{row}),A{row}*2,"")' for row in (2, 3, 4)]
    assert CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python() == [
        ["Units", "Twice"], [1.0, 2.0], [2.0, 4.0], [3.0, ""]
    ]  # fmt: skip


def test_every_shared_table_formula_moved_down_is_the_formula_amzsheet_gives_that_row():
    """A shared formula's rows are its first row's formula moved down (openpyxl's Translator, as Excel reads them):
    for every template amzsheet shares, that is the formula it would write in the row itself."""
    from openpyxl.formula.translate import Translator

    from amzsheet.excel.formulas import RowFormula
    from amzsheet.excel.sheetxml import shareable

    checked = 0
    for table in TABLE_SHEETS:
        names = [column.name for column in table.columns]
        for name, template in formulas_of(table.columns).items():
            if not shareable(template):
                continue
            formula = RowFormula(template, table.columns)
            letter = xlsxwriter.utility.xl_col_to_name(names.index(name))
            first = Translator("=" + formula.render(3), origin=f"{letter}3")
            for row in (4, 57, 10_000, 1_048_576):
                assert first.translate_formula(f"{letter}{row}") == "=" + formula.render(row), (table.name, name)
            checked += 1
    assert checked >= 15  # Order Tracking's Alert, twelve of Inventory's columns, and others
