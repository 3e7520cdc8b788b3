"""Check that a tracker file is a safe, plain .xlsx package before anything reads it.

An .xlsx workbook is a zip package of XML parts (ECMA-376 part 2). Before amzsheet
hands a file to python-calamine, :func:`check_workbook_package` refuses, with one
sentence naming the file and the fix, anything that is not a plain .xlsx tracker:
another format (whatever its name), a password-protected (encrypted) workbook, a macro
workbook whose macros a refresh would drop, a damaged package, and a package built to
exhaust memory or time: a zip bomb, XML entity declarations, oversized parts.

The check reads no more than it must. Sizes and compression ratios are taken from the
zip's central directory before anything is unpacked; then at most :data:`XML_HEAD_BYTES` of
each XML part is unpacked, plus ``[Content_Types].xml`` and ``xl/workbook.xml`` (a few kB each,
read up to :data:`MAX_INDEX_PART_BYTES`), and every XML part, wherever it lies and whatever its
name (the workbook's relationships may name any part as a worksheet), is scanned for the grid its
cells span in chunks of a few MiB (:mod:`amzsheet.excel.grid_scan`), never held whole. Every read is
bounded, so a part whose header understates its size cannot make the check unpack more. (The
zip reader of python-calamine also stops at a part's declared size.)

Every limit lets through the largest workbook amzsheet writes: ``WORKBOOK_LINE_LIMIT``
order lines (the archive keeps the rest) with every column filled and columns of the seller's.

The limits are module constants, so that tests can lower them.
"""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from amzsheet.contract.archive import WORKBOOK_LINE_LIMIT
from amzsheet.contract.schema import ORDER_COLUMNS
from amzsheet.errors import (
    AmzsheetError,
    CorruptWorkbookError,
    HostileWorkbookError,
    ProtectedWorkbookError,
    WorkbookError,
)
from amzsheet.excel.grid_scan import RunOnTagError, sheet_extent
from amzsheet.excel.order_legend import HEADER_ROW

#: Rows of a worksheet in Excel.
EXCEL_ROWS = 1 << 20

#: Most parts (zip entries) a package may hold; a tracker has about 40.
MAX_ENTRIES = 10_000
#: Rows of Order Tracking at its largest: the legend, the header, and WORKBOOK_LINE_LIMIT order lines.
ORDER_ROWS = HEADER_ROW + 1 + WORKBOOK_LINE_LIMIT
#: Columns the seller may add to a table of amzsheet's (notes, a second cost...).
SELLER_COLUMNS = 20
#: Most bytes an order line takes in Order Tracking's part, every column and SELLER_COLUMNS / 4 of the
#: seller's own filled with long values (a 200-character product name, notes, a city...); its formulas
#: and styles included. A 100,000-line benchmark tracker takes 1.4 kB a line; the test
#: (tests/excel/test_package_guard.py) measures a tracker filled with long values against this bound.
ORDER_LINE_BYTES = 4_000
#: Most bytes one part may unpack to: the largest Order Tracking amzsheet writes, 4.0 GB.
MAX_PART_BYTES = ORDER_ROWS * ORDER_LINE_BYTES
#: Most bytes all parts together may unpack to: Order Tracking and as much again for the other sheets
#: (Payments grows with the orders too); a 100,000-line tracker unpacks to 166 MB.
MAX_TOTAL_BYTES = 2 * MAX_PART_BYTES
#: Highest unpacked/packed size ratio of a part over RATIO_FLOOR_BYTES. Tracker XML packs 5 to 15
#: times; deflate cannot pass about 1,032, which only long runs of one byte or pattern (a bomb) reach.
MAX_RATIO = 1_000
#: Parts up to this size may pack any amount (a small, blank styles.xml can pack 130 times).
RATIO_FLOOR_BYTES = 1 << 20
#: Bytes unpacked from the start of each XML part; a document type declaration must come before the root element.
XML_HEAD_BYTES = 64 << 10
#: Most bytes read of [Content_Types].xml and xl/workbook.xml, which are read whole.
MAX_INDEX_PART_BYTES = 16 << 20
#: Largest grid (rows x columns, from the first to the last cell) a worksheet may span: Excel's
#: 1,048,576 rows by Order Tracking's columns and SELLER_COLUMNS, 55.6 million. A spreadsheet reader
#: allocates the whole grid, so one cell at XFD1048576 in a small file would ask for 17 billion cells.
#: A 100,000-line tracker spans 3.3 million.
MAX_GRID_CELLS = EXCEL_ROWS * (len(ORDER_COLUMNS) + SELLER_COLUMNS)

_ZIP_MAGIC = b"PK\x03\x04"
_CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # OLE compound file: .xls, or an encrypted .xlsx
_CONTENT_TYPES = "[Content_Types].xml"
_WORKBOOK = "xl/workbook.xml"
_XML_SUFFIXES = frozenset({".xml", ".rels", ".vml"})
# Images are never parsed as XML, and an SVG may legitimately carry a document type declaration.
_IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg"})
_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    struct.error,
    zlib.error,
)
_NOTHING_CHANGED = "; nothing was changed"

_OTHER_FORMATS = {
    ".xls": "is an old-format Excel workbook (.xls); open it in Excel, save it as Excel Workbook (.xlsx) "
    "and run again with the .xlsx file",
    ".xlsm": "is a macro-enabled workbook (.xlsm) and amzsheet writes plain .xlsx files, which would drop "
    "its macros; save a copy as Excel Workbook (.xlsx) in Excel and run again with the copy",
    ".xlsb": "is an Excel binary workbook (.xlsb); open it in Excel, save it as Excel Workbook (.xlsx) "
    "and run again with the .xlsx file",
    ".ods": "is an OpenDocument spreadsheet (.ods); save it as Excel 2007-365 (.xlsx) in LibreOffice "
    "and run again with the .xlsx file",
    ".csv": "is a text file (.csv), not a tracker workbook; give the path of your .xlsx tracker, "
    "or a new .xlsx file name to create one",
}


def check_workbook_package(path: str | os.PathLike) -> None:
    """Refuse a file that is not a safe, plain .xlsx workbook, before anything reads it.

    Call it before opening the workbook with python-calamine; it returns ``None`` when
    the file may be read. Besides the start of each XML part and the two index parts, it
    unpacks every XML part in chunks to measure the grid of any cells it holds: about 0.5 s for a
    100,000-line tracker, in little memory.

    :param path: the tracker workbook; only a name ending in ``.xlsx`` is accepted.
    :raises CorruptWorkbookError: another format (.xls, .xlsm, .ods, ...) or a macro
        workbook, or a damaged package (not a zip, truncated, ``xl/workbook.xml`` missing).
    :raises ProtectedWorkbookError: the workbook is encrypted with a password.
    :raises HostileWorkbookError: a zip bomb, XML entity or document type declarations,
        too many parts, or parts larger than the limits of this module.
    :raises WorkbookError: the file cannot be opened (missing, a folder, no permission).
    """
    path = Path(path)
    hint = _OTHER_FORMATS.get(path.suffix.lower())
    if hint or path.suffix.lower() != ".xlsx":
        hint = hint or (
            "is not an .xlsx workbook; amzsheet reads and writes .xlsx files only, "
            "so give the path of your .xlsx tracker or a new .xlsx file name"
        )
        raise CorruptWorkbookError(f"{path} {hint}{_NOTHING_CHANGED}")
    _check_file_type(path)
    try:
        with zipfile.ZipFile(path) as package:
            _check_package(path, package)
    except AmzsheetError:
        raise
    except _ZIP_ERRORS as exc:
        raise CorruptWorkbookError(_damaged(path, f"its zip structure is broken: {exc}")) from None


def _check_file_type(path: Path) -> None:
    """Tell a zip package from an OLE compound file (.xls, encrypted .xlsx) or anything else."""
    try:
        with open(path, "rb") as file:
            magic = file.read(len(_CFB_MAGIC))
            streams = _cfb_stream_names(file) if magic == _CFB_MAGIC else set()
    except OSError as exc:
        raise WorkbookError(
            f"{path} cannot be opened ({exc.strerror or exc}); check the path and that you may read the file, "
            f"then run again{_NOTHING_CHANGED}"
        ) from None
    if magic == _CFB_MAGIC and streams & {"Workbook", "Book"} and "EncryptedPackage" not in streams:
        raise CorruptWorkbookError(
            f"{path} is an old-format Excel workbook (.xls) with an .xlsx name; open it in Excel, save it as "
            f"Excel Workbook (.xlsx) and run again{_NOTHING_CHANGED}"
        )
    if magic == _CFB_MAGIC:
        raise ProtectedWorkbookError(
            f"{path} is password-protected; remove the password in Excel (File > Info > Protect Workbook > "
            f"Encrypt with Password, clear it) and run again{_NOTHING_CHANGED}"
        )
    if not magic.startswith(_ZIP_MAGIC):
        raise CorruptWorkbookError(_damaged(path, "it is empty" if not magic else "it is not a zip package"))


def _cfb_stream_names(file: BinaryIO) -> set[str]:
    """Names in the first directory sector of an OLE compound file ([MS-CFB] 2.2, 2.6); empty if unreadable.

    An encrypted .xlsx holds ``EncryptionInfo`` and ``EncryptedPackage`` ([MS-OFFCRYPTO] 2.3.4.1);
    an .xls holds ``Workbook`` (``Book`` before Excel 97).
    """
    file.seek(0)
    header = file.read(512)
    if len(header) < 512:
        return set()
    shift, directory = struct.unpack_from("<H", header, 0x1E)[0], struct.unpack_from("<I", header, 0x30)[0]
    if shift not in (9, 12) or directory >= 0xFFFFFFFA:
        return set()
    file.seek((directory + 1) << shift)
    sector = file.read(1 << shift)
    names = set()
    for start in range(0, len(sector) - 127, 128):
        length = min(struct.unpack_from("<H", sector, start + 0x40)[0], 64)
        names.add(sector[start : start + max(length - 2, 0)].decode("utf-16-le", "replace"))
    return names


def _check_package(path: Path, package: zipfile.ZipFile) -> None:
    """Check the central directory, then the XML parts, without trusting any declared size."""
    infos = package.infolist()
    _check_sizes(path, infos)
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        twice = next(name for name in names if names.count(name) > 1)
        raise CorruptWorkbookError(_damaged(path, f"two of its parts are named {twice}"))
    for required in (_CONTENT_TYPES, _WORKBOOK):
        if required not in names:
            raise CorruptWorkbookError(_damaged(path, f"it has no {required}"))
    content_types = _read_index_part(path, package, package.getinfo(_CONTENT_TYPES))
    if "xl/vbaproject.bin" in {name.lower() for name in names} or b"macroenabled" in content_types.lower():
        raise CorruptWorkbookError(
            f"{path} contains macros, which a refresh would drop because amzsheet writes plain .xlsx files; "
            f"save a copy without macros as Excel Workbook (.xlsx) in Excel and run again with the copy"
            f"{_NOTHING_CHANGED}"
        )
    markup = []  # every part a reader could take for a worksheet: any XML, whatever its name or path
    for info in infos:
        if not info.is_dir() and PurePosixPath(info.filename).suffix.lower() not in _IMAGE_SUFFIXES:
            with package.open(info) as part:
                head = part.read(XML_HEAD_BYTES)
            _check_xml_head(path, info, head)
            if PurePosixPath(info.filename).suffix.lower() in _XML_SUFFIXES or _starts_markup(head):
                markup.append(info)
    _check_workbook_xml(path, _read_index_part(path, package, package.getinfo(_WORKBOOK)))
    for info in markup:
        _check_grid(path, package, info)


def _check_grid(path: Path, package: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse a worksheet whose cells span more than :data:`MAX_GRID_CELLS` (see there), unpacking it in chunks."""
    try:
        with package.open(info) as part:
            extent = sheet_extent(part, MAX_PART_BYTES)
    except RunOnTagError as exc:
        raise HostileWorkbookError(_hostile(path, f"{info.filename} has {exc}, which Excel never writes")) from None
    if extent.cells > MAX_GRID_CELLS:
        detail = f"a sheet spans {extent.rows:,} rows by {extent.columns:,} columns, {extent.cells:,} cells"
        raise HostileWorkbookError(_hostile(path, detail))


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Bound the number of parts and what they unpack to, from the central directory alone."""
    if len(infos) > MAX_ENTRIES:
        raise HostileWorkbookError(_hostile(path, f"it holds {len(infos):,} parts, more than {MAX_ENTRIES:,}"))
    for info in infos:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # bzip2 and LZMA expand without bound even on a bounded read; Excel only deflates.
            raise CorruptWorkbookError(
                f"{path} is packed with a compression Excel does not use ({info.filename}); open it in Excel "
                f"and save it again as Excel Workbook (.xlsx), then run again{_NOTHING_CHANGED}"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            detail = f"{info.filename} would unpack to {ratio:,.0f} times its packed size, {_size(info.file_size)}"
            raise HostileWorkbookError(_hostile(path, detail))
        if info.file_size > MAX_PART_BYTES:
            detail = f"{info.filename} would unpack to {_size(info.file_size)}, over {_size(MAX_PART_BYTES)}"
            raise HostileWorkbookError(_too_large(path, detail))
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        detail = f"its parts would unpack to {_size(total)}, over {_size(MAX_TOTAL_BYTES)}"
        raise HostileWorkbookError(_too_large(path, detail))


def _check_xml_head(path: Path, info: zipfile.ZipInfo, head: bytes) -> None:
    """Refuse a document type or entity declaration: Excel never writes one, and it is how XML bombs work.

    NUL bytes are dropped first (:func:`_head_text`) so that UTF-16 text reads as ASCII. A part longer than
    ``head`` must begin its root element within ``head``, since a declaration may only come
    before it (XML 1.0, section 2.8).
    """
    text = _head_text(head)
    lowered = text.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        detail = f"{info.filename} declares a document type or XML entities, which Excel never writes"
        raise HostileWorkbookError(_hostile(path, detail))
    looks_like_xml = PurePosixPath(info.filename).suffix.lower() in _XML_SUFFIXES or text.lstrip()[:1] in (b"<", b"")
    if len(head) < XML_HEAD_BYTES or not looks_like_xml:
        return
    prolog = _PROLOG.match(text)
    assert prolog is not None  # the prolog may be empty: it always matches
    rest = text[prolog.end() :]
    if rest[:1] != b"<" or rest[1:2] in (b"!", b"?", b""):
        detail = f"{info.filename} does not start its XML within its first {XML_HEAD_BYTES // 1024} KiB"
        raise HostileWorkbookError(_hostile(path, detail))


def _starts_markup(head: bytes) -> bool:
    """Whether a part starting with ``head`` is XML to a reader: its first character, past a byte order mark and
    white space, is ``<`` (an image or printer settings part is binary, and no reader parses it as a sheet)."""
    return _head_text(head).lstrip()[:1] == b"<"


def _head_text(head: bytes) -> bytes:
    """The start of a part without NUL bytes (UTF-16 text then reads as ASCII) and without a byte order mark."""
    text = head.replace(b"\x00", b"")
    for bom in _BOMS:
        text = text.removeprefix(bom)
    return text


def _read_index_part(path: Path, package: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The whole of a part that Excel keeps small, read up to MAX_INDEX_PART_BYTES."""
    with package.open(info) as part:
        data = part.read(MAX_INDEX_PART_BYTES + 1)
    if len(data) > MAX_INDEX_PART_BYTES:
        detail = f"{info.filename} is larger than {_size(MAX_INDEX_PART_BYTES)}"
        raise HostileWorkbookError(_hostile(path, detail))
    return data


def _check_workbook_xml(path: Path, data: bytes) -> None:
    """Parse xl/workbook.xml, refusing DTDs and entities, and check that its root is a workbook."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        detail = f"{_WORKBOOK} declares a document type or XML entities, which Excel never writes"
        raise HostileWorkbookError(_hostile(path, detail)) from None
    except ParseError as exc:
        raise CorruptWorkbookError(_damaged(path, f"{_WORKBOOK} is not well-formed XML: {exc}")) from None
    if root.tag.rpartition("}")[2] != "workbook":
        raise CorruptWorkbookError(_damaged(path, f"{_WORKBOOK} does not describe a workbook"))


def _damaged(path: Path, detail: str) -> str:
    return (
        f"{path} is damaged or not an .xlsx workbook ({detail}); restore it from a backup "
        f"('amzsheet restore {path} --list' shows them) or give a new file name{_NOTHING_CHANGED}"
    )


def _hostile(path: Path, detail: str) -> str:
    return (
        f"{path} looks built to exhaust memory or to read other files ({detail}), so amzsheet will not open it; "
        f"restore your tracker from a backup ('amzsheet restore {path} --list' shows them) or give a new file name"
        f"{_NOTHING_CHANGED}"
    )


def _too_large(path: Path, detail: str) -> str:
    return (
        f"{path} is too large to read safely ({detail}); move older orders into another workbook, or restore "
        f"a backup ('amzsheet restore {path} --list' shows them), and run again{_NOTHING_CHANGED}"
    )


def _size(count: int) -> str:
    return f"{count / (1 << 30):,.1f} GiB" if count >= 1 << 30 else f"{count / (1 << 20):,.1f} MiB"
