"""Every kind of workbook amzsheet writes opens in Excel without "We found a problem with some content".

Each workbook is checked against the ECMA-376 transitional schemas and the rules Excel
applies beyond them (tests/helpers/ooxml_check.py, tests/helpers/ooxml_rules.py). The checker itself is
tested too: files written from scratch by openpyxl and LibreOffice pass, and deliberately
broken copies of one are caught, so a failure here means a real problem in amzsheet's file.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import recalc
from helpers.ooxml_check import (
    SML,
    Package,
    check_workbook,
    compiled_schemas,
    format_problems,
    parse_xml,
    process_markup_compatibility,
    schema_problems,
    unvalidated_parts,
)
from helpers.ooxml_rules import function_names, prefix_problem
from lxml import etree
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

import amzsheet
from amzsheet.cli import cli
from amzsheet.errors import AmzsheetError

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="session")
def schemas():
    """The compiled schemas (skipped locally, failed in CI, when ../shared/ooxml-schemas is missing)."""
    return compiled_schemas()


def assert_opens_cleanly(path: Path) -> None:
    """Fail with every problem found (the first 30) in ``path``; print the parts no schema checked."""
    with Package(path) as package:
        print(f"Not schema-validated in {path.name}:", *unvalidated_parts(package), sep="\n  ")
    problems = check_workbook(path)
    if problems:
        pytest.fail(format_problems(path, problems), pytrace=False)


# --- a. The workbooks amzsheet writes -------------------------------------------------------------


def test_the_sample_tracker_is_valid(schemas, sample_folder):
    assert_opens_cleanly(sample_folder / "tracker.xlsx")


def test_the_committed_sample_tracker_is_valid(schemas):
    assert_opens_cleanly(REPO / "sample_workbooks" / "tracker.xlsx")


def test_a_new_empty_tracker_is_valid(schemas, tmp_path):
    path = tmp_path / "new.xlsx"
    result = CliRunner().invoke(cli, ["init", str(path), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert_opens_cleanly(path)


def test_a_tracker_with_profit_in_two_currencies_is_valid(schemas, tmp_path):
    from helpers.profit_tracker import save

    assert_opens_cleanly(save(tmp_path))


# --- b. Refreshed after a seller's edits saved by openpyxl ----------------------------------------

# Run in a fresh interpreter: openpyxl reads OPENPYXL_LXML once, at import.
_SELLER_EDITS = r"""
import sys, warnings
import openpyxl
from openpyxl.worksheet.table import Table
from openpyxl.xml import LXML

source, target, lxml_wanted = sys.argv[1], sys.argv[2], sys.argv[3] == "True"
assert LXML == lxml_wanted, f"openpyxl.xml.LXML is {LXML}"
book = openpyxl.load_workbook(source)
inventory = book["Inventory"]
inventory.cell(2, [c.value for c in inventory[1]].index("Unit Cost") + 1, 4.25)
orders = book["Order Tracking"]
extra = orders.max_column + 1
for offset, (header, value) in enumerate([("Packed\tby", "Sam"), ("Box\rsize", "M")]):
    orders.cell(2, extra + offset, header)  # the header row, under the legend
    orders.cell(3, extra + offset, value)
plans = book.create_sheet("Plans")
for row in ([2026, "Target"], [1, "More boxes"], [2, "Less tape"]):
    plans.append(row)
plans.add_table(Table(displayName="SellerPlans", ref="A1:B3"))
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # "column headings must be strings": the seller typed 2026
    book.save(target)
"""


def _refresh(path: Path, what: str) -> amzsheet.RefreshResult:
    """Refresh ``path`` with no new report; fail with amzsheet's sentence when it refuses the file."""
    try:
        return amzsheet.refresh(path, [], today=TODAY)
    except AmzsheetError as exc:
        message = f"amzsheet.refresh refused {what}: {exc}"
    pytest.fail(message, pytrace=False)


def _edit_as_seller(source: Path, target: Path, lxml: bool) -> None:
    env = {**os.environ, "OPENPYXL_LXML": str(lxml)}
    command = [sys.executable, "-c", _SELLER_EDITS, str(source), str(target), str(lxml)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("lxml", [True, False], ids=["openpyxl-lxml", "openpyxl-etree"])
def test_a_tracker_refreshed_after_seller_edits_is_valid(schemas, sample_workbook, tmp_path, lxml):
    edited = tmp_path / "edited.xlsx"
    _edit_as_seller(sample_workbook, edited, lxml)
    assert _refresh(edited, f"the tracker openpyxl saved (OPENPYXL_LXML={lxml})").written
    with Package(edited) as package:
        assert "Plans" in [name for name, _ in package.sheets]  # the seller's sheet came back
    assert_opens_cleanly(edited)


# --- c. Saved by LibreOffice, then refreshed ----------------------------------------------------


@pytest.mark.libreoffice
def test_a_tracker_saved_by_libreoffice_then_refreshed_is_valid(schemas, soffice, sample_workbook, tmp_path):
    saved = recalc.recalculate(sample_workbook, tmp_path)
    assert _refresh(saved, "the tracker LibreOffice saved").written
    assert_opens_cleanly(saved)


# --- The checker accepts valid files --------------------------------------------------------------


def _scratch_workbook(path: Path) -> Path:
    """A small workbook written by openpyxl: a table (a tab in one header), formulas, styles, a comment."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data Sheet"
    sheet.append(["Item", "Qty", "Packed\tby", "Due"])
    sheet.append(["Boxes", 10, "Sam", dt.datetime(2026, 11, 1)])
    sheet.append(["Tape", 2, "Ann", dt.datetime(2026, 11, 2)])
    sheet.add_table(Table(displayName="Items", ref="A1:D3"))
    sheet["F1"] = '=_xlfn.NORM.S.INV(0.95)&"NORM.S.INV( in a literal"'
    sheet["F2"] = "=SUM(Items[Qty])+'Data Sheet'!B2"
    sheet["D2"].number_format = "yyyy-mm-dd"
    sheet["A2"].comment = Comment("Counted on Monday", "Sam")
    fill = PatternFill(start_color="FFC7CE", end_color="FFC7CE", fill_type="solid")
    sheet.conditional_formatting.add("B2:B3", CellIsRule(operator="lessThan", formula=["5"], fill=fill))
    choices = DataValidation(type="list", formula1='"Sam,Ann,Bo"')
    sheet.add_data_validation(choices)
    choices.add("C2:C3")
    sheet.freeze_panes = "A2"
    book.defined_names["Total"] = DefinedName("Total", attr_text="'Data Sheet'!$F$2")
    book.save(path)
    return path


def test_a_workbook_written_by_openpyxl_is_valid(schemas, tmp_path):
    assert_opens_cleanly(_scratch_workbook(tmp_path / "scratch.xlsx"))


@pytest.mark.libreoffice
def test_a_workbook_saved_by_libreoffice_is_valid(schemas, soffice, tmp_path):
    saved = recalc.recalculate(_scratch_workbook(tmp_path / "scratch.xlsx"), tmp_path)
    assert_opens_cleanly(saved)


def test_markup_compatibility_is_processed_before_validation(schemas):
    schema, understood = schemas
    worksheet = f"""<worksheet xmlns="{SML}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
        xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
        xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" mc:Ignorable="x14ac">
      <sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>
      <sheetData><row r="1" x14ac:dyDescent="0.25"><c r="A1"><v>1</v></c></row></sheetData>
      <mc:AlternateContent><mc:Choice Requires="x14"><x14:bogus/></mc:Choice>
        <mc:Fallback><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>
        </mc:Fallback></mc:AlternateContent>
      <x14ac:anything/></worksheet>"""
    root = parse_xml(worksheet.encode())
    assert not schema.validate(root)
    process_markup_compatibility(root, understood)
    assert schema.validate(root), schema.error_log
    assert [etree.QName(child).localname for child in root] == ["sheetFormatPr", "sheetData", "pageMargins"]


def test_xml_space_on_text_is_accepted(schemas, tmp_path):
    """Excel writes xml:space="preserve" on <t>, which sml.xsd lacks (SOURCE.txt): the check drops it."""
    path = _scratch_workbook(tmp_path / "spaces.xlsx")
    _rewrite(path, SHEET, _replace(b"<t>Boxes</t>", b'<t xml:space="preserve"> Boxes </t>'))
    with Package(path) as package:
        assert schema_problems(package)[0] == []


# --- The checker catches broken files -------------------------------------------------------------


def _rewrite(path: Path, member: str, change: Callable[[bytes], bytes | None], zip64: bool = False) -> None:
    """Rewrite one member of ``path`` (dropped when ``change`` returns None; ZIP64 header on request)."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            data = change(data) if info.filename == member else data
            if data is None:
                continue
            with target.open(info.filename, "w", force_zip64=zip64 and info.filename == member) as stream:
                stream.write(data)


def _replace(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        assert old in data, f"{old!r} is not in the part"
        return data.replace(old, new)

    return change


def _edit_cell(ref: str, **attributes: str) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        root = parse_xml(data)
        cell = next(c for c in root.iter(f"{{{SML}}}c") if c.get("r") == ref)
        for name, value in attributes.items():
            cell.set(name, value)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return change


def _swap_rows(data: bytes) -> bytes:
    root = parse_xml(data)
    first, second = list(root.iter(f"{{{SML}}}row"))[1:3]
    second.addnext(first)
    return etree.tostring(root)


SHEET, TABLE = "xl/worksheets/sheet1.xml", "xl/tables/table1.xml"
_ITEM_CELL = b'<c r="A1" t="inlineStr"><is><t>Item</t></is></c>'
BREAKS = {
    "raw tab in a tableColumn name": (TABLE, _replace(b"Packed_x0009_by", b"Packed\tby"), "reads 'Packed\\tby'"),
    "number in a header cell": (SHEET, _replace(_ITEM_CELL, b'<c r="A1"><v>2026</v></c>'), "is a number '2026'"),
    "out-of-range style index": (SHEET, _edit_cell("B2", s="999"), "style index '999'"),
    "unprefixed NORM.S.INV": (SHEET, _replace(b"_xlfn.NORM", b"NORM"), "NORM.S.INV must be written _xlfn."),
    "rows out of order": (SHEET, _swap_rows, "row 2 after row 3"),
    "attribute the schema lacks": (SHEET, _replace(b"<dimension ", b'<dimension bogus="1" '), "bogus"),
    "missing table part": (TABLE, lambda data: None, "targets missing part xl/tables/table1.xml"),
    "long validation list": (SHEET, _replace(b'"Sam,Ann,Bo"', b'"' + b"x," * 200 + b'"'), "max 255"),
    "ZIP64 local header": (SHEET, bytes, "ZIP64 local header"),
    "shared formula without its first cell": (
        SHEET,
        _replace(b"<f>SUM(Items[Qty])+'Data Sheet'!B2</f>", b'<f t="shared" si="0"/>'),
        "shared formula '0' is used before its first cell",
    ),
    "shared formula outside its range": (
        SHEET,
        _replace(b"<f>SUM(Items[Qty])+'Data Sheet'!B2</f>", b'<f t="shared" ref="F2:F3" si="1">1</f>'),
        "numbered ['1'], not from 0 on",
    ),
    "shared formula range away from its cell": (
        SHEET,
        _replace(b"<f>SUM(Items[Qty])+'Data Sheet'!B2</f>", b'<f t="shared" ref="F3:F4" si="0">1</f>'),
        "fills 'F3:F4', which does not start at its cell",
    ),
}


@pytest.mark.parametrize("member, change, expected", BREAKS.values(), ids=BREAKS.keys())
def test_a_broken_file_is_caught(schemas, tmp_path, member, change, expected):
    path = _scratch_workbook(tmp_path / "broken.xlsx")
    _rewrite(path, member, change, zip64=expected.startswith("ZIP64"))
    problems = check_workbook(path)
    assert any(expected in problem for problem in problems), format_problems(path, problems)


def test_unknown_content_types_are_reported(schemas, tmp_path):
    path = _scratch_workbook(tmp_path / "extra.xlsx")
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("xl/mystery.bin", b"\0")
    with Package(path) as package:
        problems, skipped = schema_problems(package)
    assert "xl/mystery.bin: no schema known for content type (none)" in problems
    assert skipped == ["xl/drawings/commentsDrawing1.vml: legacy VML, checked for well-formedness only"]


@pytest.mark.parametrize(
    "formula, names",
    [
        ("NORM.S.INV(0.9)*2", ["NORM.S.INV"]),
        ('"NORM.S.INV(" & A1', []),
        ('"say ""IFS(""" & LEN(A1)', ["LEN"]),
        ("'IFS(x) sheet'!A1+SUM(1)", ["SUM"]),
        ("SUM(Orders[[#This Row],[SORT(x)]])", ["SUM"]),
        ("_xlfn._xlws.FILTER(A:A,B:B)+_xlfn.IFS(A1,1)", ["_xlfn._xlws.FILTER", "_xlfn.IFS"]),
    ],
)
def test_function_names_skip_literals_sheets_and_table_columns(formula, names):
    assert list(function_names(formula)) == names


@pytest.mark.parametrize(
    "name, problem",
    [
        ("NORM.S.INV", "NORM.S.INV must be written _xlfn.NORM.S.INV"),
        ("_xlfn.NORM.S.INV", None),
        ("FILTER", "FILTER must be written _xlfn._xlws.FILTER"),
        ("_xlfn.SORT", "_xlfn.SORT must be written _xlfn._xlws.SORT"),
        ("_xlfn._xlws.SORT", None),
        ("SUM", None),
        ("maxifs", "maxifs must be written _xlfn.MAXIFS"),
    ],
)
def test_prefix_problems(name, problem):
    assert prefix_problem(name) == problem
