"""The custom document properties amzsheet writes into a workbook, and what they tell when read back.

Excel shows them in File > Info > Properties > Advanced Properties > Custom:

* ``amzsheet layout``: the layout version, so that a workbook of an older layout is upgraded;
* ``amzsheet computed for``: the day (ISO, ``2026-12-03``) the computed values were computed for, so
  that a refresh on another day recomputes them;
* ``amzsheet content``: a SHA-256 of the package as amzsheet wrote it: the name, CRC-32 and size of
  every part except the document properties (``docProps/``), read from the zip's directory without
  unpacking anything. A workbook saved by another program no longer matches, so a refresh
  recomputes it; the document properties are left out, because they hold this digest and the time
  of saving (a title typed in File > Properties alone is no reason to recompute).

Measured here: openpyxl 3.1 (with and without lxml) and LibreOffice 7.4 (``soffice --convert-to
xlsx``) rewrite every part, renaming and renumbering some, and keep the custom properties (LibreOffice
as the same ``vt:lpwstr`` text). Excel could not be run here: it is assumed to keep custom properties
(it shows and saves them in File > Info > Properties) and to write every part anew when it saves
(its own XML: shared strings for the inline strings amzsheet writes, ``x14ac``/``xr`` attributes,
a calculation chain), so that its save never matches; a property it dropped would only mean
"not recorded", which recomputes too.

Why not compare ``dcterms:modified`` (docProps/core.xml) with the time amzsheet wrote: it has whole
seconds, so an openpyxl edit in the second after a refresh keeps the same time, and LibreOffice's
``soffice --convert-to xlsx`` keeps the time it read (measured with LibreOffice 7.4 and openpyxl 3.1).

A property that is missing, damaged or of an unexpected form reads as "not recorded", which makes a
refresh recompute: never an error. Every form the tools write is read: ``<vt:i4>`` (Excel,
XlsxWriter), ``<vt:r8>`` for numbers (LibreOffice), ``<vt:lpwstr>`` for text, a namespace declared
on the value itself (openpyxl with lxml).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree

from amzsheet.contract.schema import LAYOUT_PROPERTY, LAYOUT_VERSION

#: The part holding the custom document properties.
CUSTOM_PART = "docProps/custom.xml"
#: The day the workbook's computed values were computed for.
COMPUTED_FOR_PROPERTY = "amzsheet computed for"
#: The digest of the package as amzsheet wrote it (see :func:`content_digest`).
CONTENT_PROPERTY = "amzsheet content"
#: What the writer puts in ``amzsheet content`` until the package is sealed (never a real digest).
UNSEALED = "sha256:" + "0" * 64

_LIMIT = 64 * 1024  # a larger custom.xml is not read (it is not one amzsheet wrote)
_CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


@dataclass(frozen=True)
class WriteStamp:
    """What a workbook records of amzsheet's last write, and whether it is still as written.

    :param computed_for: the day its computed values were computed for (None: not recorded, or not a date).
    :param as_written: its parts are the ones amzsheet wrote (False: saved since by another program;
        None: no digest recorded).
    """

    computed_for: dt.date | None
    as_written: bool | None

    @property
    def recorded(self) -> bool:
        """Whether the workbook records amzsheet's last write (not: an older amzsheet, or the properties removed)."""
        return self.computed_for is not None and self.as_written is not None


def write_properties(today: dt.date) -> dict[str, int | str]:
    """The custom properties the writer gives XlsxWriter: name -> value.

    ``amzsheet content`` is :data:`UNSEALED` until :func:`seal` replaces it, once every other part is written.
    """
    return {LAYOUT_PROPERTY: LAYOUT_VERSION, COMPUTED_FOR_PROPERTY: today.isoformat(), CONTENT_PROPERTY: UNSEALED}


def seal(custom_xml: bytes, entries: Iterable[zipfile.ZipInfo]) -> bytes:
    """``custom_xml`` as XlsxWriter wrote it, with the digest of ``entries`` (the package's other parts)
    in place of :data:`UNSEALED`.

    :raises ValueError: ``custom_xml`` does not hold the placeholder exactly once (not the writer's).
    """
    placeholder = UNSEALED.encode("ascii")
    if custom_xml.count(placeholder) != 1:
        raise ValueError(f"{CUSTOM_PART} does not hold the {CONTENT_PROPERTY!r} placeholder once")
    return custom_xml.replace(placeholder, content_digest(entries).encode("ascii"))


def content_digest(entries: Iterable[zipfile.ZipInfo]) -> str:
    """``sha256:`` and the SHA-256 of the name, CRC-32 and size of each part outside ``docProps/``, by name."""
    listing = sorted(
        f"{entry.filename}\t{entry.CRC:08x}\t{entry.file_size}\n"
        for entry in entries
        if not entry.filename.startswith("docProps/")
    )
    return "sha256:" + hashlib.sha256("".join(listing).encode("utf-8")).hexdigest()


#: What reading a damaged package may raise (a bad header, a part that does not inflate, a cut-off file).
_UNREADABLE = (OSError, zipfile.BadZipFile, zlib.error, EOFError, ValueError, RuntimeError, NotImplementedError)


def table_names(path: str | os.PathLike) -> set[str]:
    """The names of the Excel tables in the workbook at ``path`` (empty when unreadable)."""
    return set(table_refs(path))


def table_refs(path: str | os.PathLike) -> dict[str, str]:
    """The range (``A2:AG881``) of each Excel table in the workbook at ``path``, by name (empty when unreadable)."""
    found: dict[str, str] = {}
    try:
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                if name.startswith("xl/tables/") and name.endswith(".xml"):
                    with package.open(name) as part:
                        root = SafeElementTree.fromstring(part.read(_LIMIT + 1)[:_LIMIT], forbid_dtd=True)
                    found[root.get("name") or ""] = root.get("ref") or ""
    except (KeyError, ParseError, DefusedXmlException, *_UNREADABLE):
        pass
    found.pop("", None)
    return found


def read_write_stamp(path: str | os.PathLike) -> WriteStamp:
    """What the workbook at ``path`` records of amzsheet's last write (nothing recorded when unreadable)."""
    try:
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
    except _UNREADABLE:
        return WriteStamp(None, None)
    properties = custom_properties(path)
    digest = properties.get(CONTENT_PROPERTY)
    as_written = None if not digest else digest != UNSEALED and digest == content_digest(entries)
    return WriteStamp(_iso_date(properties.get(COMPUTED_FOR_PROPERTY)), as_written)


def custom_properties(path: str | os.PathLike) -> dict[str, str]:
    """The workbook's custom document properties: name -> its value's text, stripped (empty when unreadable)."""
    try:
        with zipfile.ZipFile(path) as package, package.open(CUSTOM_PART) as part:
            root = SafeElementTree.fromstring(part.read(_LIMIT + 1)[:_LIMIT], forbid_dtd=True)
    except (KeyError, ParseError, DefusedXmlException, *_UNREADABLE):
        return {}
    found: dict[str, str] = {}
    for prop in root.iter(f"{_CUSTOM_NS}property"):
        name, value = prop.get("name"), next(iter(prop), None)
        if name is not None and value is not None and name not in found:
            found[name] = (value.text or "").strip()
    return found


def _iso_date(text: str | None) -> dt.date | None:
    """The day of an ISO date (``2026-12-03``), or of a date and time a program may have made of it; else None."""
    text = text or ""
    if len(text) < 10 or text[4] + text[7] != "--" or text[10:11] not in ("", "T"):
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
