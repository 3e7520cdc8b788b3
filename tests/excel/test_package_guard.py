"""check_workbook_package: every file that is not a safe, plain .xlsx tracker is refused with one sentence.

Each refusal is checked for its exact error class, a message that starts with the file's
path, and the fix it names. The hostile packages are built from the sample tracker with
:mod:`zipfile`, replacing or adding one part.
"""

from __future__ import annotations

import io
import json
import random
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from helpers import TODAY, make_inventory, make_orders

import amzsheet
from amzsheet.contract.archive import WORKBOOK_LINE_LIMIT
from amzsheet.contract.schema import ORDER_COLUMNS, Settings
from amzsheet.errors import CorruptWorkbookError, HostileWorkbookError, ProtectedWorkbookError, WorkbookError
from amzsheet.excel import grid_scan, package_guard
from amzsheet.excel.grid_scan import sheet_extent
from amzsheet.excel.package_guard import check_workbook_package

CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ORDERS_PART = "xl/worksheets/sheet2.xml"
RESTORE = "from a backup ('amzsheet restore"
BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10))
    + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)
XXE_STRINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
    "<si><t>&xxe;</t></si></sst>"
)
XXE_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fileVersion appName="&xxe;"/>'
    "</workbook>"
)


def refused(path: Path, error: type[Exception], *fixes: str) -> str:
    """Run the check, expecting exactly ``error`` with a message that starts with ``path`` and holds ``fixes``."""
    with pytest.raises(error) as caught:
        check_workbook_package(path)
    assert type(caught.value) is error
    message = str(caught.value)
    assert message.startswith(f"{path} ")
    assert "\n" not in message
    for fix in fixes:
        assert fix in message
    return message


def repack(source: Path, target: Path, replace: dict[str, bytes | str] | None = None, drop: tuple = ()) -> Path:
    """A copy of the ``source`` package with parts replaced or added (``replace``) and parts dropped."""
    replace = dict(replace or {})
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename not in drop:
                new.writestr(info.filename, replace.pop(info.filename, None) or old.read(info))
        for name, data in replace.items():
            new.writestr(name, data)
    return target


def compound_file(streams: list[str]) -> bytes:
    """An OLE compound file header and one directory sector naming ``streams`` ([MS-CFB] 2.2, 2.6)."""
    header = bytearray(512)
    header[:8] = CFB_MAGIC
    struct.pack_into("<H", header, 0x1E, 9)  # 512-byte sectors
    struct.pack_into("<I", header, 0x30, 0)  # the directory starts at sector 0
    directory = bytearray(512)
    for index, name in enumerate(["Root Entry", *streams]):
        raw = name.encode("utf-16-le") + b"\0\0"
        directory[index * 128 : index * 128 + len(raw)] = raw
        struct.pack_into("<H", directory, index * 128 + 0x40, len(raw))
    return bytes(header + directory)


def test_the_sample_tracker_passes(sample_workbook):
    assert check_workbook_package(sample_workbook) is None
    assert check_workbook_package(str(sample_workbook)) is None


@pytest.mark.parametrize(
    ("name", "fix"),
    [
        ("shop.xls", "save it as Excel Workbook (.xlsx)"),
        ("shop.XLS", "save it as Excel Workbook (.xlsx)"),
        ("shop.xlsm", "save a copy as Excel Workbook (.xlsx)"),
        ("shop.ods", "save it as Excel 2007-365 (.xlsx) in LibreOffice"),
        ("orders.csv", "give the path of your .xlsx tracker"),
        ("shop.numbers", "give the path of your .xlsx tracker or a new .xlsx file name"),
        ("shop", "give the path of your .xlsx tracker or a new .xlsx file name"),
    ],
)
def test_other_formats_are_refused_by_name(sample_workbook, tmp_path, name, fix):
    path = tmp_path / name
    path.write_bytes(sample_workbook.read_bytes())
    refused(path, CorruptWorkbookError, fix, "nothing was changed")


@pytest.mark.parametrize("content", [CFB_MAGIC + bytes(4096), compound_file(["EncryptionInfo", "EncryptedPackage"])])
def test_an_encrypted_workbook_is_password_protected(tmp_path, content):
    path = tmp_path / "shop.xlsx"
    path.write_bytes(content)
    refused(path, ProtectedWorkbookError, "remove the password in Excel (File > Info > Protect Workbook")


def test_an_xls_workbook_renamed_to_xlsx_is_told_apart_from_an_encrypted_one(tmp_path):
    path = tmp_path / "shop.xlsx"
    path.write_bytes(compound_file(["Workbook", "\x01CompObj"]))
    refused(path, CorruptWorkbookError, "old-format Excel workbook (.xls)", "save it as Excel Workbook (.xlsx)")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (random.Random(7).randbytes(4096), "it is not a zip package"),
        (b"", "it is empty"),
        (b"Date,Order ID,SKU\n2026-11-24,114-1,SKU-1\n", "it is not a zip package"),
    ],
)
def test_random_bytes_are_damaged(tmp_path, content, reason):
    path = tmp_path / "shop.xlsx"
    path.write_bytes(content)
    refused(path, CorruptWorkbookError, reason, RESTORE, "or give a new file name")


@pytest.mark.parametrize("fraction", [0.5, 0.999])
def test_a_truncated_workbook_is_damaged(sample_workbook, tmp_path, fraction):
    data = sample_workbook.read_bytes()
    path = tmp_path / "shop.xlsx"
    path.write_bytes(data[: int(len(data) * fraction)])
    refused(path, CorruptWorkbookError, "its zip structure is broken", RESTORE)


@pytest.mark.parametrize("part", ["xl/workbook.xml", "[Content_Types].xml"])
def test_a_package_without_its_index_parts_is_damaged(sample_workbook, tmp_path, part):
    path = repack(sample_workbook, tmp_path / "shop.xlsx", drop=(part,))
    refused(path, CorruptWorkbookError, f"it has no {part}", RESTORE)


def test_a_workbook_part_that_is_not_xml_is_damaged(sample_workbook, tmp_path):
    path = repack(sample_workbook, tmp_path / "shop.xlsx", {"xl/workbook.xml": b"<workbook><sheets>"})
    refused(path, CorruptWorkbookError, "xl/workbook.xml is not well-formed XML", RESTORE)


def test_a_missing_file_cannot_be_opened(tmp_path):
    refused(tmp_path / "shop.xlsx", WorkbookError, "cannot be opened", "check the path")


def test_a_billion_laughs_sheet_is_hostile(sample_workbook, tmp_path):
    path = repack(sample_workbook, tmp_path / "shop.xlsx", {ORDERS_PART: BILLION_LAUGHS})
    refused(path, HostileWorkbookError, f"{ORDERS_PART} declares a document type", "nothing was changed")


@pytest.mark.parametrize(
    ("part", "xml"),
    [("xl/sharedStrings.xml", XXE_STRINGS), ("xl/workbook.xml", XXE_WORKBOOK)],
)
def test_an_external_entity_is_hostile(sample_workbook, tmp_path, part, xml):
    path = repack(sample_workbook, tmp_path / "shop.xlsx", {part: xml})
    refused(path, HostileWorkbookError, f"{part} declares a document type", RESTORE)


def test_an_entity_in_utf16_is_hostile(sample_workbook, tmp_path):
    xml = XXE_STRINGS.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    path = repack(sample_workbook, tmp_path / "shop.xlsx", {"xl/sharedStrings.xml": xml})
    refused(path, HostileWorkbookError, "xl/sharedStrings.xml declares a document type")


def test_a_document_type_hidden_past_the_first_64_kib_is_hostile(sample_workbook, tmp_path):
    prolog = '<?xml version="1.0"?>\n<!--' + "x" * (70 << 10) + "-->"
    path = repack(sample_workbook, tmp_path / "shop.xlsx", {ORDERS_PART: prolog + BILLION_LAUGHS.split("\n", 1)[1]})
    refused(path, HostileWorkbookError, f"{ORDERS_PART} does not start its XML within its first 64 KiB")


@pytest.fixture(scope="module")
def zip_bomb(sample_folder, tmp_path_factory) -> Path:
    """The sample tracker with a 64 MiB part of zeros (it packs about 1,030 times, to 64 kB)."""
    path = repack(sample_folder / "tracker.xlsx", tmp_path_factory.mktemp("bomb") / "shop.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package, package.open("xl/bomb.xml", "w") as part:
        for _ in range(64):
            part.write(bytes(1 << 20))
    return path


@pytest.fixture
def no_unpacking_of_the_bomb(monkeypatch):
    """Fail the test if anything opens the bomb's part: sizes must be judged from the central directory."""
    original = zipfile.ZipFile.open

    def guarded_open(self, name, *args, **kwargs):
        assert getattr(name, "filename", name) != "xl/bomb.xml", "the bomb was unpacked"
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", guarded_open)


@pytest.mark.usefixtures("no_unpacking_of_the_bomb")
def test_a_zip_bomb_is_refused_by_its_ratio_without_being_unpacked(zip_bomb):
    refused(zip_bomb, HostileWorkbookError, "xl/bomb.xml would unpack to 1,0", "times its packed size", RESTORE)


@pytest.mark.usefixtures("no_unpacking_of_the_bomb")
def test_a_zip_bomb_under_the_ratio_is_refused_by_the_total_size(zip_bomb, monkeypatch):
    monkeypatch.setattr(package_guard, "MAX_RATIO", 10_000)
    monkeypatch.setattr(package_guard, "MAX_TOTAL_BYTES", 32 << 20)
    refused(zip_bomb, HostileWorkbookError, "is too large to read safely", "over 32.0 MiB", "move older orders")


@pytest.mark.usefixtures("no_unpacking_of_the_bomb")
def test_a_part_over_the_part_limit_is_too_large(zip_bomb, monkeypatch):
    monkeypatch.setattr(package_guard, "MAX_RATIO", 10_000)
    monkeypatch.setattr(package_guard, "MAX_PART_BYTES", 16 << 20)
    refused(zip_bomb, HostileWorkbookError, "xl/bomb.xml would unpack to 64.0 MiB, over 16.0 MiB")


def understate_size(path: Path, name: str, size: int) -> None:
    """Make the local and central headers of part ``name`` declare ``size`` unpacked bytes (APPNOTE 4.3.7, 4.3.12)."""
    with zipfile.ZipFile(path) as package:
        info, central = package.getinfo(name), package.start_dir
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, info.header_offset + 22, size)
    while data[central + 46 : central + 46 + len(name)] != name.encode():
        central += 46 + sum(struct.unpack_from("<HHH", data, central + 28))
    struct.pack_into("<I", data, central + 24, size)
    path.write_bytes(bytes(data))


def test_a_part_larger_than_its_header_says_is_read_no_further(sample_workbook):
    understate_size(sample_workbook, ORDERS_PART, 1000)
    refused(sample_workbook, CorruptWorkbookError, "Bad CRC-32 for file 'xl/worksheets/sheet2.xml'", RESTORE)


def test_too_many_parts_are_hostile(sample_workbook, monkeypatch):
    with zipfile.ZipFile(sample_workbook) as package:
        count = len(package.infolist())
    monkeypatch.setattr(package_guard, "MAX_ENTRIES", count - 1)
    refused(sample_workbook, HostileWorkbookError, f"it holds {count:,} parts, more than {count - 1:,}")


def test_a_part_packed_with_bzip2_is_refused(sample_workbook, tmp_path):
    path = repack(sample_workbook, tmp_path / "shop.xlsx")
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("xl/custom.xml", "<x/>", compress_type=zipfile.ZIP_BZIP2)
    refused(path, CorruptWorkbookError, "compression Excel does not use (xl/custom.xml)", "save it again")


def test_two_parts_with_one_name_are_damaged(sample_workbook, tmp_path):
    path = repack(sample_workbook, tmp_path / "shop.xlsx")
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(path, "a") as package:
        package.writestr(ORDERS_PART, BILLION_LAUGHS)
    refused(path, CorruptWorkbookError, f"two of its parts are named {ORDERS_PART}")


@pytest.mark.parametrize(
    "change",
    [
        {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros"},
        {"[Content_Types].xml": None},  # the main part's content type says macro-enabled
    ],
)
def test_a_macro_workbook_named_xlsx_is_refused(sample_workbook, tmp_path, change):
    if "[Content_Types].xml" in change:
        with zipfile.ZipFile(sample_workbook) as package:
            types = package.read("[Content_Types].xml").decode()
        change = {"[Content_Types].xml": types.replace("sheet.main+xml", "sheet.macroEnabled.main+xml")}
        assert change["[Content_Types].xml"] != types
    path = repack(sample_workbook, tmp_path / "shop.xlsx", change)
    refused(path, CorruptWorkbookError, "contains macros", "save a copy without macros as Excel Workbook (.xlsx)")


CALAMINE_CHILD = """
import json, sys
if sys.platform != "win32":
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
refused, longest = [], 0
for name in book.sheet_names:
    try:
        rows = book.get_sheet_by_name(name).to_python()
    except Exception as exc:
        refused.append(f"{name}: {exc}")
    else:
        longest = max([longest] + [len(str(value)) for row in rows for value in row])
print(json.dumps({"refused": refused, "longest": longest}))
"""


def test_calamine_does_not_expand_the_billion_laughs_either(sample_workbook, tmp_path):
    """A second line of defence: python-calamine refuses the entity instead of expanding it to 3 GB."""
    path = repack(sample_workbook, tmp_path / "shop.xlsx", {ORDERS_PART: BILLION_LAUGHS})
    done = subprocess.run(
        [sys.executable, "-c", CALAMINE_CHILD, str(path)], capture_output=True, text=True, timeout=60, check=True
    )
    seen = json.loads(done.stdout)
    assert seen["longest"] < 1000
    assert len(seen["refused"]) == 1
    assert "entity" in seen["refused"][0]


@pytest.mark.parametrize("attributes", ['r="XFD1048576"', 's="0" r="XFD1048576"'])
def test_one_cell_far_away_in_a_small_file_is_hostile(sample_workbook, tmp_path, attributes):
    """A reader allocates the whole grid up to the last cell: 17 billion cells for a 600 KB file."""
    with zipfile.ZipFile(sample_workbook) as package:
        settings = next(n for n in package.namelist() if n.startswith("xl/worksheets/") and n.endswith("sheet6.xml"))
        xml = package.read(settings).decode()
    bomb = xml.replace("</sheetData>", f'<row r="1048576"><c {attributes}><v>1</v></c></row></sheetData>')
    path = repack(sample_workbook, tmp_path / "far.xlsx", {settings: bomb})
    message = refused(path, HostileWorkbookError)
    assert "1,048,576 rows by 16,384 columns" in message


@pytest.mark.parametrize(
    "cells",
    [
        '<row><c r="XFD1048576"><v>1</v></c><c r="A1"><v>1</v></c></row>',  # the far cell first, no row number yet
        '<row r="1"><c r="A1"><v>1</v></c></row><row><c r="XFD1048576"><v>1</v></c></row>',  # in a row without r
    ],
)
def test_a_far_cell_counts_by_its_row_and_its_column_whatever_comes_before(cells):
    sheet = f"<worksheet><sheetData>{cells}</sheetData></worksheet>".encode()
    extent = sheet_extent(io.BytesIO(sheet), len(sheet))
    assert (extent.rows, extent.columns) == (1_048_576, 16_384)


@pytest.mark.parametrize(
    "cells",
    [
        '<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>',  # a lower-case reference
        '<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>',  # prefixed elements
        '<row r="1"><c r="A1"/></row><row r="1048576"><x:c r="XFD1"/></row>',  # a prefixed cell, its row unprefixed
        '<row r="1048576">' + "<c><v>1</v></c>" * 3_000 + "</row>",  # cells without references, one after another
        '<row r="1048576"><c r="B1048576"/>' + "<c/>" * 3_000 + "</row>",  # r-less cells after a reference
    ],
    ids=["lower-case", "prefixed", "prefixed-cell", "r-less", "r-less-after-reference"],
)
def test_a_grid_written_otherwise_than_excel_writes_it_is_measured_as_a_reader_places_it(cells):
    """python-calamine takes any namespace prefix and either case, and places a cell without a reference after the
    one before it; the scan, built for Excel's way, switches to placing every cell so."""
    sheet = f'<worksheet xmlns:x="urn:main"><sheetData>{cells}</sheetData></worksheet>'.encode()
    extent = sheet_extent(io.BytesIO(sheet), len(sheet))
    assert extent.rows == 1_048_576
    assert extent.columns >= 3_000


@pytest.mark.parametrize("target", ["other/data.xml", "/data/sheet.bin"])
def test_a_worksheet_anywhere_in_the_package_is_measured(sample_workbook, tmp_path, target):
    """The workbook's relationships may name any part as a worksheet, with any name; python-calamine reads it."""
    with zipfile.ZipFile(sample_workbook) as package:
        rels = package.read("xl/_rels/workbook.xml.rels").decode()
        xml = package.read(ORDERS_PART).decode()
    bomb = xml.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    part = target.removeprefix("/") if target.startswith("/") else f"xl/{target}"
    assert 'Target="worksheets/sheet2.xml"' in rels
    rels = rels.replace('Target="worksheets/sheet2.xml"', f'Target="{target}"')
    path = repack(
        sample_workbook, tmp_path / "moved.xlsx", {"xl/_rels/workbook.xml.rels": rels, part: bomb}, drop=(ORDERS_PART,)
    )
    message = refused(path, HostileWorkbookError)
    assert "1,048,576 rows by 16,384 columns" in message


def test_a_binary_part_is_not_measured(sample_workbook, tmp_path):
    """Printer settings and embedded objects are binary, long stretches without '>': no reader parses them as XML."""
    path = repack(
        sample_workbook,
        tmp_path / "printer.xlsx",
        {"xl/printerSettings/printerSettings1.bin": bytes(range(256)) * 8192},
    )
    check_workbook_package(path)


# The longest values a seller's order line plausibly holds: Amazon's 200-character product name and 40-character
# SKU, a 34-character tracking number, long notes, names and cities with accents (two bytes each in UTF-8).
LONG_TEXT = {
    "Order ID": "114-5327650-0455471",
    "Order Status": "Delivered",
    "Channel": "FBM",
    "SKU": "CN-CANISTER-AIRTIGHT-SET4-WHITE-LARGE-XL",
    "Product Name": ("Cozy Nest Airtight Food Storage Canisters & Lids, Set of 4, Crème Brûlée White – " * 3)[:200],
    "Carrier": "Amazon Shipping (Swiship)",
    "Tracking Number": "9261290100830364871234567890123456",
    "Customer Name": "Maria-José Castañeda-Villanueva de la Fuente Ortiz",
    "Currency": "USD",
    "Notes": ("Customer asked to leave the parcel with the neighbour at no. 12; called twice, no answer. " * 3)[:200],
    "Amazon Status": "Shipped - Delivered to Buyer",
    "Return Reason": "Item defective or doesn't work: the lid does not close, customer sent photos",
    "Claim": "A-to-z Guarantee claim granted",
    "Order Item ID": "12345678901234",
    "Ship City": "San Buenaventura (Ventura) Downtown Area",
    "Ship State": "Baja California Sur Municipality",
    "Ship Country": "US",
}
SELLER_TEXT = "Batch 2026-11 / supplier Shenzhen Homeware, re-checked & OK"


def long_orders(count: int) -> pd.DataFrame:
    """``count`` order lines, every column filled with a long value, plus SELLER_COLUMNS / 4 columns of the seller's."""
    moment = pd.Timestamp("2026-11-24 17:31:45.123")
    line = {**LONG_TEXT, "Order Date": moment, "Last Updated": moment, "Quantity": 12, "Item Total": 1234.56}
    line |= {"Returned Qty": 1, "Restocked Qty": 1, "Feedback": 5}
    for name in ("Ship By", "Deliver By", "Shipped Date", "Delivered Date", "Return Date", "Review Requested"):
        line[name] = pd.Timestamp("2026-11-20")
    orders = make_orders([line] * count)
    for number in range(package_guard.SELLER_COLUMNS // 4):
        orders[f"My Column {number + 1}"] = SELLER_TEXT
    return orders


def test_the_largest_tracker_amzsheet_writes_passes_every_limit(tmp_path):
    """Extrapolated from a tracker of long values to WORKBOOK_LINE_LIMIT lines, every limit lets it through."""
    sizes = {}
    for count in (100, 200):
        path = tmp_path / f"long-{count}.xlsx"
        amzsheet.save_workbook(path, amzsheet.Tracker(long_orders(count), make_inventory([]), Settings()), TODAY)
        check_workbook_package(path)
        with zipfile.ZipFile(path) as package:
            part = package.read(ORDERS_PART)
            sizes[count] = (len(part), sum(info.file_size for info in package.infolist()))
            extent = sheet_extent(io.BytesIO(part), len(part))
    # A line near the limit writes its row number with 7 digits, in every reference to it.
    last = re.search(rb'<row r="202".*?</row>', part)
    assert last is not None
    longer = len(re.sub(rb'(?<=[A-Z"])202(?![0-9])', str(package_guard.ORDER_ROWS).encode(), last[0]))
    line_bytes = (sizes[200][0] - sizes[100][0]) / 100 + longer - len(last[0])
    assert 2_000 < line_bytes < package_guard.ORDER_LINE_BYTES
    largest = sizes[200][0] + line_bytes * (WORKBOOK_LINE_LIMIT - 200)
    assert largest < package_guard.MAX_PART_BYTES
    total_line_bytes = (sizes[200][1] - sizes[100][1]) / 100 + longer - len(last[0])
    assert sizes[200][1] + total_line_bytes * (WORKBOOK_LINE_LIMIT - 200) < package_guard.MAX_TOTAL_BYTES
    assert extent.columns == len(ORDER_COLUMNS) + package_guard.SELLER_COLUMNS // 4
    assert package_guard.ORDER_ROWS * extent.columns < package_guard.MAX_GRID_CELLS
    assert package_guard.ORDER_ROWS < package_guard.EXCEL_ROWS


def test_a_far_cell_in_a_later_chunk_is_found(sample_workbook, tmp_path, monkeypatch):
    """The sheet is scanned in chunks: a far cell after the first chunk, past another attribute, is still seen."""
    monkeypatch.setattr(grid_scan, "CHUNK_BYTES", 4096)
    with zipfile.ZipFile(sample_workbook) as package:
        xml = package.read(ORDERS_PART).decode()
    bomb = xml.replace("</sheetData>", '<row r="9"><c s="0"\tr="XFD9000"><v>1</v></c></row></sheetData>')
    path = repack(sample_workbook, tmp_path / "far.xlsx", {ORDERS_PART: bomb})
    message = refused(path, HostileWorkbookError)
    assert "by 16,384 columns" in message


def test_a_tag_without_end_is_hostile(sample_workbook, tmp_path, monkeypatch):
    monkeypatch.setattr(grid_scan, "CHUNK_BYTES", 4096)
    monkeypatch.setattr(grid_scan, "MAX_CARRY_BYTES", 64 << 10)
    with zipfile.ZipFile(sample_workbook) as package:
        xml = package.read(ORDERS_PART).decode()
    bomb = xml.replace("</sheetData>", f'<row r="9"><c {" " * (100 << 10)} r="A9"/></row></sheetData>')
    path = repack(sample_workbook, tmp_path / "long.xlsx", {ORDERS_PART: bomb})
    refused(path, HostileWorkbookError, "xl/worksheets/sheet2.xml has", "bytes without '>'", RESTORE)
