"""Recalculate a workbook in LibreOffice (headless) and compare it with the cached values.

LibreOffice is told to recalculate every formula on load (``OOXMLRecalcMode`` = 0,
"always"), through a throw-away user profile, then saves a copy whose cached values
are its own results. It runs with an explicit time zone and locale (UTC, C.UTF-8), so that
nothing it computes depends on the machine; the workbooks carry their own reference date.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from lxml import etree
from openpyxl.worksheet.formula import ArrayFormula

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    """Path of LibreOffice's soffice, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalculate(workbook: Path, workdir: Path) -> Path:
    """Return the path of a copy of ``workbook`` recalculated and saved by LibreOffice."""
    profile = workdir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
    out = workdir / "recalculated"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=600,
        env={**os.environ, "TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
    )
    result = out / workbook.name
    if not result.exists():
        raise RuntimeError(f"LibreOffice did not convert {workbook}")
    return result


@dataclass(frozen=True)
class Mismatch:
    sheet: str
    cell: str
    formula: str
    cached: object
    recalculated: object


def _normalise(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, dt.datetime):
        return (value - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1)
    if isinstance(value, dt.date):
        return float((value - dt.date(1899, 12, 30)).days)
    if isinstance(value, int):
        return float(value)
    return value


def _equal(a: object, b: object) -> bool:
    a, b = _normalise(a), _normalise(b)
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-7)
    return a == b


def compare(original: Path, recalculated: Path) -> tuple[int, list[Mismatch]]:
    """Compare every formula cell's cached value with LibreOffice's result.

    :return: the number of formula cells checked and the mismatches.
    """
    formulas = openpyxl.load_workbook(original, read_only=True)
    cached = openpyxl.load_workbook(original, read_only=True, data_only=True)
    fresh = openpyxl.load_workbook(recalculated, read_only=True, data_only=True)
    checked, mismatches = 0, []
    for sheet in formulas.sheetnames:
        fresh_rows = list(fresh[sheet].iter_rows())
        cached_rows = list(cached[sheet].iter_rows())
        for r, row in enumerate(formulas[sheet].iter_rows()):
            for c, cell in enumerate(row):
                formula = cell.value.text if isinstance(cell.value, ArrayFormula) else cell.value
                if not (isinstance(formula, str) and formula.startswith("=")):
                    continue
                checked += 1
                old = cached_rows[r][c].value
                new = fresh_rows[r][c].value if r < len(fresh_rows) and c < len(fresh_rows[r]) else None
                if not _equal(old, new):
                    mismatches.append(Mismatch(sheet, cell.coordinate, formula, old, new))
    return checked, mismatches


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def set_reference_date(workbook: Path, day: dt.date) -> None:
    """Change the Reference date on the Settings sheet in place, keeping every cached value as it is.

    (openpyxl would drop the cached values of formulas; this edits the one cell's XML.)
    """
    book = openpyxl.load_workbook(workbook, read_only=True)
    sheet_index = book.sheetnames.index("Settings") + 1
    settings = book["Settings"]
    row = next(r for r, (label, *_) in enumerate(settings.iter_rows(values_only=True), 1) if label == "Reference date")
    book.close()
    part = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(workbook) as package:
        members = {info: package.read(info.filename) for info in package.infolist()}
    info = next(info for info in members if info.filename == part)
    root = etree.fromstring(members[info], etree.XMLParser(resolve_entities=False, no_network=True))
    cell = root.find(f".//{{{_MAIN_NS}}}c[@r='B{row}']")
    for child in list(cell):
        cell.remove(child)
    cell.attrib.pop("t", None)
    etree.SubElement(cell, f"{{{_MAIN_NS}}}v").text = str((day - dt.date(1899, 12, 30)).days)
    members[info] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as package:
        for member, data in members.items():
            package.writestr(member, data)
