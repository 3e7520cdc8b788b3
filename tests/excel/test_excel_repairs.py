"""What made Excel offer to repair a tracker: table headers, ZIP64 headers, the layout property's forms.

Each test edits a tracker the way a seller's tools do (Excel via openpyxl, with or without
lxml), refreshes it, and reads the package the way Excel does: with an XML parser.
"""

from __future__ import annotations

import datetime as dt
import struct
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from defusedxml import ElementTree

import amzsheet
from amzsheet.contract.schema import LAYOUT_VERSION, ORDERS_SHEET
from amzsheet.excel.reader import layout_version
from amzsheet.excel.sheetxml import sheet_part

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# A seller's edit as an openpyxl script: typed headers with a tab and line breaks, a sheet of their own
# with a table whose header cells are a number and a text.
_SELLER_EDIT = textwrap.dedent(
    """
    import sys
    import openpyxl
    from openpyxl.worksheet.table import Table
    book = openpyxl.load_workbook(sys.argv[1])
    orders = book["Order Tracking"]
    extra = orders.max_column + 1
    orders.cell(2, extra, "Packed\\tby")  # the header row, under the legend
    orders.cell(2, extra + 1, "Box\\r\\nsize")
    orders.cell(3, extra, "Ann")
    plan = book.create_sheet("Plan")
    plan.append([2026, "Region", 2027.0])
    plan.append([10, "North", 12])
    plan.append([20, "South", 25])
    plan.add_table(Table(displayName="YearPlan", ref="A1:C3"))
    book.save(sys.argv[1])
    """
)


def _edit_with_openpyxl(workbook: Path, lxml: bool) -> None:
    env = {"OPENPYXL_LXML": "True" if lxml else "False", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", _SELLER_EDIT, str(workbook)], check=True, env=env, timeout=300)


def _shared_strings(package: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in package.namelist():
        return []
    root = ElementTree.fromstring(package.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{_MAIN}t")) for si in root.iter(f"{_MAIN}si")]


def _header_cells(package: zipfile.ZipFile, sheet_name: str) -> tuple[list[str], list[object]]:
    """The column names of the sheet's table and the values of its header cells, as an XML parser reads them."""
    part = sheet_part(package, sheet_name)
    folder, name = part.rsplit("/", 1)
    rels = ElementTree.fromstring(package.read(f"{folder}/_rels/{name}.rels"))
    target = next(r.get("Target") for r in rels.iter(f"{_REL}Relationship") if r.get("Type").endswith("/table"))
    table = ElementTree.fromstring(package.read("xl/" + target.replace("../", "")))
    names = [column.get("name") for column in table.iter(f"{_MAIN}tableColumn")]
    strings = _shared_strings(package)
    first = table.get("ref").split(":")[0].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")  # the header's row number
    row = next(r for r in ElementTree.fromstring(package.read(part)).iter(f"{_MAIN}row") if r.get("r") == first)
    values: list[object] = []
    for cell in row.iter(f"{_MAIN}c"):
        kind, value = cell.get("t"), cell.find(f"{_MAIN}v")
        if kind == "s":
            values.append(strings[int(value.text)])
        elif kind == "inlineStr":
            values.append("".join(t.text or "" for t in cell.iter(f"{_MAIN}t")))
        else:
            values.append(float(value.text) if value is not None else None)  # a number: not a valid header
    return names, values[: len(names)]


@pytest.mark.parametrize("lxml", [True, False], ids=["openpyxl-with-lxml", "openpyxl-without-lxml"])
def test_headers_typed_with_tabs_line_breaks_or_numbers_become_valid_table_headers(sample_workbook, today, lxml):
    _edit_with_openpyxl(sample_workbook, lxml)
    assert layout_version(sample_workbook) == LAYOUT_VERSION  # openpyxl's own form of the property
    amzsheet.refresh(sample_workbook, today=today)
    with zipfile.ZipFile(sample_workbook) as package:
        for sheet in (ORDERS_SHEET, "Plan"):
            names, cells = _header_cells(package, sheet)
            assert cells == names, f"{sheet}: header cells differ from the table's column names"
        orders, _ = _header_cells(package, ORDERS_SHEET)
        plan, _ = _header_cells(package, "Plan")
    assert orders[-2:] == ["Packed by", "Box\nsize"]  # the tab is a space, the line break stays
    assert plan == ["2026", "Region", "2027.0"]  # the names openpyxl gave the table; the cells follow them
    tracker = amzsheet.open_workbook(sample_workbook)
    assert tracker.orders["Packed by"].iloc[0] == "Ann"


def _package_with_custom_properties(path: Path, xml: str) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("docProps/custom.xml", xml)
    return path


_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_FORMS = {
    "Excel and XlsxWriter": f'<Properties xmlns="{_PROPERTIES}" xmlns:vt="{_VT}"><property fmtid="x" pid="2" '
    'name="amzsheet layout"><vt:i4>3</vt:i4></property></Properties>',
    "LibreOffice": f'<Properties xmlns="{_PROPERTIES}" xmlns:vt="{_VT}"><property fmtid="x" pid="2" '
    'name="amzsheet layout"><vt:r8>3</vt:r8></property></Properties>',
    "openpyxl with lxml": f'<ns0:Properties xmlns:ns0="{_PROPERTIES}"><ns0:property fmtid="x" pid="2" '
    f'name="amzsheet layout"><vt:i4 xmlns:vt="{_VT}">3</vt:i4></ns0:property></ns0:Properties>',
    "spread over lines": f'<Properties xmlns="{_PROPERTIES}" xmlns:v="{_VT}">\n <property name="other">'
    '<v:lpwstr>x</v:lpwstr></property>\n <property\n  name="amzsheet layout"\n  pid="3">\n'
    "  <v:i4> 3 </v:i4>\n </property>\n</Properties>",
}


@pytest.mark.parametrize("form", list(_FORMS))
def test_the_layout_version_is_read_in_every_form_tools_write(tmp_path, form):
    assert layout_version(_package_with_custom_properties(tmp_path / "t.xlsx", _FORMS[form])) == 3


def test_a_missing_or_damaged_layout_property_means_layout_1(tmp_path):
    assert layout_version(_package_with_custom_properties(tmp_path / "a.xlsx", "<Properties")) == 1
    other = f'<Properties xmlns="{_PROPERTIES}"><property name="Author"><vt:lpwstr xmlns:vt="{_VT}">me</vt:lpwstr>'
    assert layout_version(_package_with_custom_properties(tmp_path / "b.xlsx", other + "</property></Properties>")) == 1


def test_no_part_of_a_refreshed_tracker_has_a_zip64_header(sample_workbook, today):
    """Python's zipfile writes a ZIP64 local header for a part of unknown size; Excel offers to repair that."""
    assert amzsheet.refresh(sample_workbook, today=today + dt.timedelta(days=1)).written
    data = sample_workbook.read_bytes()
    with zipfile.ZipFile(sample_workbook) as package:
        members = package.infolist()
    assert any(member.filename == "xl/worksheets/sheet2.xml" for member in members)  # Order Tracking, streamed
    for member in members:
        version, *_ = struct.unpack_from("<H", data, member.header_offset + 4)
        compressed, size = struct.unpack_from("<II", data, member.header_offset + 18)
        assert version < 45 and 0xFFFFFFFF not in (compressed, size), member.filename
