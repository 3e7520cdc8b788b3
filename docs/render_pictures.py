"""Render what one laptop screen shows of the Dashboard, Order Tracking, Inventory and Profit to PNG pictures.

    python docs/render_pictures.py [sample_workbooks/tracker.xlsx] [docs/]

For each sheet a copy of the workbook is made in which that sheet alone is visible and its print
area is the part a laptop screen shows at 100 % zoom (about 1,300 pixels of columns, the first
rows); LibreOffice prints it to PDF on one page, with the workbook's own formats, conditional
colours and charts, and ``pdftoppm`` turns the page into a PNG. The workbook itself is not changed.
The sample tracker carries its Reference date, so the pictures do not depend on the day they are
rendered. Needs LibreOffice (``soffice``) and poppler-utils (``pdftoppm``); with the Carlito font
(Debian: fonts-crosextra-carlito, metric-compatible with Excel's Calibri) texts wrap as in Excel.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from defusedxml import ElementTree
from xlsxwriter.utility import xl_col_to_name

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
#: The sheets pictured, with the number of rows a laptop screen shows of each.
PICTURES = {"Dashboard": 46, "Order Tracking": 30, "Inventory": 30, "Profit": 30}
#: Pixels of columns a laptop screen (1,366 or 1,440 wide) shows beside Excel's row numbers.
SCREEN_WIDTH_PX = 1300
_DEFAULT_WIDTH = 9.140625  # Excel's default column width as stored (8.43 characters, 64 pixels)


def main(argv: list[str]) -> int:
    workbook = Path(argv[0]) if argv else Path("sample_workbooks/tracker.xlsx")
    out = Path(argv[1]) if len(argv) > 1 else Path("docs")
    for sheet, rows in PICTURES.items():
        picture = out / f"{_slug(sheet)}.png"
        render_screen(workbook, sheet, rows, picture)
        print(f"{picture}: the first screen of {sheet}")
    return 0


def render_screen(workbook: Path, sheet: str, rows: int, picture: Path) -> None:
    """Render the first screen (``rows`` rows, :data:`SCREEN_WIDTH_PX` of columns) of ``sheet`` to ``picture``."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / f"{_slug(sheet)}.xlsx"
        copy.write_bytes(_screen_copy(workbook.read_bytes(), sheet, rows))
        env = {**os.environ, "TZ": "UTC", "LC_ALL": "C.UTF-8", "HOME": scratch}
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", scratch, str(copy)],
            check=True,
            capture_output=True,
            env=env,
            timeout=600,
        )
        pdf = copy.with_suffix(".pdf")
        # LibreOffice still prints the first sheet when it is hidden: the sheet's own page is the last.
        last = _page_count(pdf)
        if int(last) > 2:  # another sheet was printed too: the last page would not be this sheet's
            raise RuntimeError(f"LibreOffice printed {last} pages for {sheet}; expected its one page")
        page = str(Path(scratch) / "page")
        pages = ["-f", last, "-l", last, "-singlefile"]
        subprocess.run(["pdftoppm", "-png", "-r", "110", *pages, str(pdf), page], check=True)
        picture.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(scratch) / "page.png", picture)


def _page_count(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))


def _screen_copy(data: bytes, sheet: str, rows: int) -> bytes:
    """The workbook with ``sheet`` alone visible and printing its first screen on one landscape page."""
    source = zipfile.ZipFile(io.BytesIO(data))
    book = ElementTree.fromstring(source.read("xl/workbook.xml"))
    names = [entry.get("name") for entry in book.iter(f"{{{_MAIN}}}sheet")]
    index = names.index(sheet)
    part = _sheet_part(source, book, index)
    worksheet = ElementTree.fromstring(source.read(part))
    area = f"'{sheet}'!$A$1:${_last_column(worksheet)}${rows}"
    changed = {"xl/workbook.xml": _only_sheet(book, index, area), part: _one_page(worksheet)}
    for other in range(len(names)):  # LibreOffice prints a hidden sheet that is still selected
        other_part = _sheet_part(source, book, other)
        if other != index:
            changed[other_part] = _unselected(ElementTree.fromstring(source.read(other_part)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, changed.get(item.filename, source.read(item.filename)))
    return buffer.getvalue()


def _sheet_part(source: zipfile.ZipFile, book: Element, index: int) -> str:
    sheet = list(book.iter(f"{{{_MAIN}}}sheet"))[index]
    rel_id = sheet.get(f"{{{_REL}}}id")
    rels = ElementTree.fromstring(source.read("xl/_rels/workbook.xml.rels"))
    target = next(rel.get("Target") for rel in rels.iter(f"{{{_PACKAGE_REL}}}Relationship") if rel.get("Id") == rel_id)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _last_column(worksheet: Element) -> str:
    """The letter of the last column that still fits on the screen (hidden columns take no room)."""
    widths: dict[int, float] = {}
    for col in worksheet.iter(f"{{{_MAIN}}}col"):
        for number in range(int(col.get("min", "1")), min(int(col.get("max", "1")), 200) + 1):
            hidden = col.get("hidden") in ("1", "true")
            widths[number] = 0.0 if hidden else float(col.get("width", _DEFAULT_WIDTH))
    used, number = 0.0, 0
    while True:
        width = widths.get(number + 1, _DEFAULT_WIDTH)
        pixels = round(width * 7)  # a stored width (11.7109375 for 11) is 7 pixels a unit, padding included
        if used + pixels > SCREEN_WIDTH_PX:
            break
        used, number = used + pixels, number + 1
    return xl_col_to_name(max(number, 1) - 1)


def _only_sheet(book: Element, index: int, area: str) -> bytes:
    for position, entry in enumerate(book.iter(f"{{{_MAIN}}}sheet")):
        entry.set("state", "visible" if position == index else "hidden")
    for view in book.iter(f"{{{_MAIN}}}workbookView"):
        view.set("activeTab", str(index))
        view.set("firstSheet", str(index))
    names = book.find(f"{{{_MAIN}}}definedNames")
    if names is None:
        names = SubElement(book, f"{{{_MAIN}}}definedNames")
    for name in list(names):  # LibreOffice also prints a hidden sheet that has a print area
        if name.get("name", "").startswith("_xlnm.Print_Area") or (
            name.get("name", "").startswith("_xlnm.Print") and name.get("localSheetId") == str(index)
        ):
            names.remove(name)
    printed = SubElement(names, f"{{{_MAIN}}}definedName", {"name": "_xlnm.Print_Area", "localSheetId": str(index)})
    printed.text = area
    return _serialize(book)


def _unselected(worksheet: Element) -> bytes:
    for view in worksheet.iter(f"{{{_MAIN}}}sheetView"):
        view.attrib.pop("tabSelected", None)
    return _serialize(worksheet)


def _one_page(worksheet: Element) -> bytes:
    """Print the area on one landscape page, without the page header and footer."""
    main = f"{{{_MAIN}}}"
    for view in worksheet.iter(f"{main}sheetView"):
        view.set("tabSelected", "1")
    properties = worksheet.find(f"{main}sheetPr")
    if properties is None:
        properties = Element(f"{main}sheetPr")
        worksheet.insert(0, properties)
    setup_properties = properties.find(f"{main}pageSetUpPr")
    if setup_properties is None:
        setup_properties = SubElement(properties, f"{main}pageSetUpPr")
    setup_properties.set("fitToPage", "1")
    for tag in ("headerFooter",):
        for element in worksheet.findall(f"{main}{tag}"):
            worksheet.remove(element)
    setup = worksheet.find(f"{main}pageSetup")
    if setup is not None:
        setup.set("orientation", "landscape")
        setup.set("fitToWidth", "1")
        setup.set("fitToHeight", "1")
    return _serialize(worksheet)


def _serialize(element: Element) -> bytes:
    register_namespace("", _MAIN)
    register_namespace("r", _REL)
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + tostring(element)


def _slug(sheet: str) -> str:
    return sheet.lower().replace(" ", "_")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
