"""The document properties recording amzsheet's last write: the day, and a digest of the package as written."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import TODAY, make_orders

from amzsheet.api import new_tracker
from amzsheet.contract.schema import LAYOUT_VERSION
from amzsheet.excel.properties import (
    COMPUTED_FOR_PROPERTY,
    CONTENT_PROPERTY,
    CUSTOM_PART,
    UNSEALED,
    WriteStamp,
    content_digest,
    custom_properties,
    read_write_stamp,
)
from amzsheet.excel.writer import write_workbook


@pytest.fixture
def written(tmp_path) -> Path:
    """A small tracker written by amzsheet for TODAY."""
    path = tmp_path / "tracker.xlsx"
    orders = make_orders([{"Order ID": "111-1", "SKU": "MUG", "Quantity": 1, "Order Status": "Pending"}])
    write_workbook(path, replace(new_tracker(), orders=orders).recompute(TODAY), TODAY)
    return path


def _rewrite(path: Path, part: str, change) -> None:
    """Rewrite one part of the package with ``change(bytes) -> bytes``, every other part as it was."""
    copy = path.with_suffix(".copy")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, change(data) if info.filename == part else data)
    copy.replace(path)


def test_the_writer_records_the_day_and_seals_the_package_last(written):
    with zipfile.ZipFile(written) as package:
        entries = package.infolist()
    assert entries[-1].filename == CUSTOM_PART  # written once every other part is final
    properties = custom_properties(written)
    assert properties["amzsheet layout"] == str(LAYOUT_VERSION)
    assert properties[COMPUTED_FOR_PROPERTY] == "2026-11-25"
    assert properties[CONTENT_PROPERTY] == content_digest(entries) != UNSEALED
    assert read_write_stamp(written) == WriteStamp(TODAY, True)


def test_any_part_rewritten_is_a_change_but_the_document_properties_are_not(written):
    _rewrite(written, "docProps/core.xml", lambda xml: xml.replace(b"Amazon seller tracker", b"My shop"))
    assert read_write_stamp(written) == WriteStamp(TODAY, True)  # a title typed in File > Properties
    _rewrite(written, "xl/styles.xml", lambda xml: xml + b" ")  # the same XML, one byte longer
    assert read_write_stamp(written) == WriteStamp(TODAY, False)


_OPENPYXL_SAVE = """
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
book.save(sys.argv[2])
"""


@pytest.mark.parametrize("lxml", [True, False], ids=["openpyxl-lxml", "openpyxl-etree"])
def test_openpyxl_keeps_the_properties_and_its_save_is_a_change(written, tmp_path, lxml):
    """Saved without an edit, in the same second: the digest, not the time of saving, tells it apart."""
    saved = tmp_path / "saved.xlsx"
    env = {**os.environ, "OPENPYXL_LXML": str(lxml)}
    done = subprocess.run(
        [sys.executable, "-c", _OPENPYXL_SAVE, str(written), str(saved)], env=env, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert custom_properties(saved) == custom_properties(written)
    assert read_write_stamp(saved) == WriteStamp(TODAY, False)


_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
#: The forms measured: XlsxWriter and LibreOffice 7.4 (as XlsxWriter), openpyxl 3.1 with lxml, a form spread out.
_FORMS = {
    "XlsxWriter": f'<Properties xmlns="{_PROPERTIES}" xmlns:vt="{_VT}"><property fmtid="x" pid="3" '
    f'name="{COMPUTED_FOR_PROPERTY}"><vt:lpwstr>2026-11-25</vt:lpwstr></property></Properties>',
    "openpyxl with lxml": f'<Properties xmlns="{_PROPERTIES}"><property name="{COMPUTED_FOR_PROPERTY}" fmtid="x" '
    f'pid="3"><vt:lpwstr xmlns:vt="{_VT}">2026-11-25</vt:lpwstr></property></Properties>',
    "a date and time": f'<Properties xmlns="{_PROPERTIES}" xmlns:vt="{_VT}"><property fmtid="x" pid="3" '
    f'name="{COMPUTED_FOR_PROPERTY}"><vt:filetime>2026-11-25T00:00:00Z</vt:filetime></property></Properties>',
    "spread over lines": f'<Properties xmlns="{_PROPERTIES}" xmlns:v="{_VT}">\n <property\n  name="'
    f'{COMPUTED_FOR_PROPERTY}"\n  pid="3">\n  <v:lpwstr> 2026-11-25 </v:lpwstr>\n </property>\n</Properties>',
}


def _package(path: Path, custom_xml: str | None) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
        if custom_xml is not None:
            package.writestr(CUSTOM_PART, custom_xml)
    return path


@pytest.mark.parametrize("form", list(_FORMS))
def test_the_day_is_read_in_every_form_tools_write(tmp_path, form):
    assert read_write_stamp(_package(tmp_path / "t.xlsx", _FORMS[form])).computed_for == TODAY


@pytest.mark.parametrize(
    "custom_xml",
    [
        None,  # no custom properties at all
        "<Properties",  # damaged
        '<!DOCTYPE x [<!ENTITY e "2026-11-25">]><Properties>&e;</Properties>',  # refused by defusedxml
        f'<Properties xmlns="{_PROPERTIES}" xmlns:vt="{_VT}"><property name="{COMPUTED_FOR_PROPERTY}"/></Properties>',
        "x" * 70_000,  # too large to be amzsheet's
    ],
    ids=["missing", "damaged", "dtd", "no value", "huge"],
)
def test_an_unreadable_record_reads_as_nothing_recorded(tmp_path, custom_xml):
    stamp = read_write_stamp(_package(tmp_path / "t.xlsx", custom_xml))
    assert stamp == WriteStamp(None, None) and not stamp.recorded


def test_a_file_that_is_not_a_package_reads_as_nothing_recorded(tmp_path):
    (tmp_path / "t.xlsx").write_bytes(b"not a zip file")
    assert read_write_stamp(tmp_path / "t.xlsx") == WriteStamp(None, None)
    assert read_write_stamp(tmp_path / "missing.xlsx") == WriteStamp(None, None)


def _without_part(source: Path, target: Path, dropped: str) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename != dropped:
                new.writestr(item, old.read(item.filename))
    return target


def test_a_tracker_whose_document_properties_were_stripped_keeps_every_table(sample_workbook, tmp_path):
    """Without docProps/custom.xml (a tool that removes document properties) the tables tell the layout:
    the tracker is not taken for a layout-1 workbook whose newer sheets would be the seller's."""
    import amzsheet
    from amzsheet.excel.reader import layout_version

    stripped = _without_part(sample_workbook, tmp_path / "stripped.xlsx", CUSTOM_PART)
    before = amzsheet.open_workbook(sample_workbook)
    assert layout_version(stripped) == LAYOUT_VERSION
    assert len(amzsheet.status(stripped, TODAY).reorder) == len(amzsheet.status(sample_workbook, TODAY).reorder)
    result = amzsheet.refresh(stripped, today=TODAY)
    assert result.written and result.reasons == ("unrecorded",) and result.upgraded_from is None
    after = amzsheet.open_workbook(stripped)
    assert len(after.purchase_orders) == len(before.purchase_orders) > 0
    assert len(after.imports) == len(before.imports) > 0 and len(after.counts) == len(before.counts)


def test_a_part_that_does_not_inflate_is_one_sentence(sample_workbook, tmp_path):
    """A damaged compressed part: the library's one sentence, never a zlib traceback."""
    from click.testing import CliRunner

    from amzsheet.cli import cli

    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(sample_workbook.read_bytes())
    with zipfile.ZipFile(damaged) as package:
        info = package.getinfo(CUSTOM_PART)
    data = bytearray(damaged.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start : start + 8] = b"\xff" * 8  # the deflate stream no longer decodes
    damaged.write_bytes(bytes(data))
    assert read_write_stamp(damaged).computed_for is None  # unreadable: not recorded, never an error
    for command in (
        ["status", str(damaged), "--today", "2026-11-25"],
        ["refresh", str(damaged), "--today", "2026-11-25"],
    ):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert result.output.startswith("Error: ") and result.output.count("\n") == 1
