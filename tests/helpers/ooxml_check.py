"""Check an .xlsx package the way Excel reads it: ECMA-376 schemas first, then the rules no schema states.

:func:`check_workbook` returns every problem as a sentence naming the part and the place,
and :func:`format_problems` turns them into a failure message. The schemas are the
ECMA-376 transitional ones in ``../shared/ooxml-schemas`` (see its SOURCE.txt), compiled
once per test session. The rules beyond the schemas live in :mod:`ooxml_rules`.

Every part is parsed with lxml, entities unresolved and the network off; nothing here
reads XML with regular expressions.
"""

from __future__ import annotations

import functools
import os
import posixpath
import struct
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "shared" / "ooxml-schemas"

XSD = "http://www.w3.org/2001/XMLSchema"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
CONTENT_TYPES = "[Content_Types].xml"

# The stand-ins SOURCE.txt describes for the schemas that live on w3.org and dublincore.org.
_STUBS = {
    XML_NS: "xml-stub.xsd",
    "http://purl.org/dc/elements/1.1/": "dc-stub.xsd",
    "http://purl.org/dc/terms/": "dcterms-stub.xsd",
}

_OFFICE = "application/vnd.openxmlformats-officedocument."
_SHEET = _OFFICE + "spreadsheetml."
# Content type -> the root element its schema declares.
ROOTS = {
    _SHEET + "sheet.main+xml": (SML, "workbook"),
    _SHEET + "template.main+xml": (SML, "workbook"),
    _SHEET + "worksheet+xml": (SML, "worksheet"),
    _SHEET + "chartsheet+xml": (SML, "chartsheet"),
    _SHEET + "styles+xml": (SML, "styleSheet"),
    _SHEET + "sharedStrings+xml": (SML, "sst"),
    _SHEET + "table+xml": (SML, "table"),
    _SHEET + "comments+xml": (SML, "comments"),
    _SHEET + "calcChain+xml": (SML, "calcChain"),
    _SHEET + "externalLink+xml": (SML, "externalLink"),
    _SHEET + "connections+xml": (SML, "connections"),
    _SHEET + "queryTable+xml": (SML, "queryTable"),
    _SHEET + "pivotTable+xml": (SML, "pivotTableDefinition"),
    _SHEET + "pivotCacheDefinition+xml": (SML, "pivotCacheDefinition"),
    _SHEET + "pivotCacheRecords+xml": (SML, "pivotCacheRecords"),
    _OFFICE + "drawing+xml": ("http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing", "wsDr"),
    _OFFICE + "drawingml.chart+xml": ("http://schemas.openxmlformats.org/drawingml/2006/chart", "chartSpace"),
    _OFFICE + "theme+xml": ("http://schemas.openxmlformats.org/drawingml/2006/main", "theme"),
    _OFFICE + "extended-properties+xml": (
        "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        "Properties",
    ),
    _OFFICE + "custom-properties+xml": (
        "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
        "Properties",
    ),
    "application/vnd.openxmlformats-package.core-properties+xml": (
        "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "coreProperties",
    ),
    "application/vnd.openxmlformats-package.relationships+xml": (PKG_REL, "Relationships"),
}
# Parts no schema here validates, and why; each one checked is listed in the result, never dropped silently.
SKIPPED = {
    # Legacy VML (comment boxes): Excel reads it leniently and writes it outside vml-main.xsd
    # itself (x:ClientData children in any order, o:/v: attributes the schema lacks), so a
    # schema error there says nothing about Excel. It must still be well-formed XML.
    _OFFICE + "vmlDrawing": "legacy VML, checked for well-formedness only",
    _SHEET + "printerSettings": "binary printer settings",
    "image/png": "binary image",
    "image/jpeg": "binary image",
}


@dataclass(frozen=True)
class Relationship:
    """One relationship of a part: ``target`` is the resolved part name (no leading slash) when internal."""

    source: str
    rel_id: str
    type: str
    target: str
    external: bool


def safe_parser() -> etree.XMLParser:
    """An lxml parser that resolves no entities, loads no DTD and never touches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def parse_xml(data: bytes) -> etree._Element:
    """Parse one part with :func:`safe_parser`."""
    return etree.fromstring(data, safe_parser())


def require_schema_dir() -> Path:
    """The schema folder; skip the test locally when it is missing, fail it in CI (``CI`` set)."""
    if not SCHEMA_DIR.is_dir():
        message = f"the OOXML schemas ({SCHEMA_DIR}) are not available"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return SCHEMA_DIR


class Package:
    """An opened .xlsx: its members, content types and relationships, each part parsed once."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.zip = zipfile.ZipFile(self.path)
        self.parts = [name for name in self.zip.namelist() if not name.endswith("/")]
        self._by_lower = {name.lower(): name for name in self.parts}
        self._trees: dict[str, etree._Element] = {}

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def exists(self, name: str) -> bool:
        """Whether a part exists (OPC part names compare case-insensitively)."""
        return name.lower() in self._by_lower

    def read(self, name: str) -> bytes:
        return self.zip.read(self._by_lower[name.lower()])

    def xml(self, name: str) -> etree._Element:
        """The parsed part (cached; do not modify it)."""
        if name not in self._trees:
            self._trees[name] = parse_xml(self.read(name))
        return self._trees[name]

    @functools.cached_property
    def content_types(self) -> dict[str, str]:
        """Part name (no leading slash) -> content type, from the Defaults and Overrides."""
        root = self.xml(CONTENT_TYPES)
        defaults = {d.get("Extension", "").lower(): d.get("ContentType") for d in root.iter(f"{{{CT}}}Default")}
        overrides = {
            o.get("PartName", "").lstrip("/").lower(): o.get("ContentType") for o in root.iter(f"{{{CT}}}Override")
        }
        types = {}
        for name in self.parts:
            extension = posixpath.basename(name).rpartition(".")[2].lower()  # ".rels" too
            found = overrides.get(name.lower()) or defaults.get(extension)
            if found:
                types[name] = found
        return types

    def parts_of_type(self, content_type: str) -> list[str]:
        return [name for name, found in self.content_types.items() if found == content_type]

    def relationships(self, source: str) -> list[Relationship]:
        """The relationships of ``source`` ("" for the package), targets resolved to part names."""
        folder, base = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if not self.exists(rels):
            return []
        found = []
        for rel in self.xml(rels).iter(f"{{{PKG_REL}}}Relationship"):
            target, external = unquote(rel.get("Target", "")), rel.get("TargetMode") == "External"
            if not external:
                joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                target = posixpath.normpath(joined)
            found.append(Relationship(source, rel.get("Id", ""), rel.get("Type", ""), target, external))
        return found

    def related(self, source: str, type_suffix: str) -> list[str]:
        """Internal targets of ``source`` whose relationship type ends with ``/type_suffix``."""
        return [r.target for r in self.relationships(source) if r.type.endswith("/" + type_suffix) and not r.external]

    @functools.cached_property
    def workbook_part(self) -> str:
        return next(iter(self.related("", "officeDocument")), "xl/workbook.xml")

    @functools.cached_property
    def sheets(self) -> list[tuple[str, str]]:
        """(sheet name, worksheet part) in workbook order; chartsheets are left out."""
        targets = {r.rel_id: r.target for r in self.relationships(self.workbook_part)}
        found = []
        for sheet in self.xml(self.workbook_part).iter(f"{{{SML}}}sheet"):
            part = targets.get(sheet.get(f"{{{REL}}}id"))
            if part and self.exists(part) and self.content_types.get(part) == _SHEET + "worksheet+xml":
                found.append((sheet.get("name", ""), part))
        return found


# --- Schemas ------------------------------------------------------------------------------------


def _patched_schemas(source: Path, into: Path) -> list[tuple[str, str]]:
    """Copy every .xsd into ``into`` with the w3.org/dublincore imports pointed at the stubs.

    :return: (target namespace, file name) of every schema copied.
    """
    schemas = []
    for xsd in sorted(source.glob("*.xsd")):
        tree = etree.parse(str(xsd), safe_parser())
        for imported in tree.getroot().iter(f"{{{XSD}}}import"):
            stub = _STUBS.get(imported.get("namespace"))
            if stub and xsd.name != stub:
                imported.set("schemaLocation", stub)
        tree.write(str(into / xsd.name), xml_declaration=True, encoding="utf-8")
        schemas.append((tree.getroot().get("targetNamespace", ""), xsd.name))
    return schemas


@functools.cache
def compiled_schemas() -> tuple[etree.XMLSchema, frozenset[str]]:
    """One XMLSchema importing every schema of the folder, and the namespaces it understands."""
    source = require_schema_dir()
    with tempfile.TemporaryDirectory(prefix="ooxml-schemas-") as tmp:
        schemas = _patched_schemas(source, Path(tmp))
        driver = etree.Element(f"{{{XSD}}}schema", nsmap={"xsd": XSD})
        seen = set()
        for namespace, name in schemas:
            if namespace and namespace not in seen:
                seen.add(namespace)
                etree.SubElement(driver, f"{{{XSD}}}import", namespace=namespace, schemaLocation=name)
        (Path(tmp) / "driver.xsd").write_bytes(etree.tostring(driver))
        schema = etree.XMLSchema(etree.parse(str(Path(tmp) / "driver.xsd"), safe_parser()))
    return schema, frozenset(seen | {MC, XML_NS})


def _prefixes(element: etree._Element, attribute: str) -> set[str]:
    """The namespaces named by the whitespace-separated prefixes of ``attribute`` (a Clark name)."""
    return {element.nsmap.get(prefix, prefix) for prefix in (element.get(attribute) or "").split()}


def process_markup_compatibility(
    element: etree._Element, understood: frozenset[str], ignorable: frozenset[str] = frozenset()
) -> None:
    """Apply ECMA-376 Part 3 in place: choose AlternateContent branches, drop ignorable markup and mc:*.

    mc:ProcessContent and mc:MustUnderstand are not handled: no spreadsheet writer seen here uses them.
    """
    ignorable = ignorable | (_prefixes(element, f"{{{MC}}}Ignorable") - understood)
    for name in list(element.attrib):
        namespace = etree.QName(name).namespace
        if namespace == MC or namespace in ignorable:
            del element.attrib[name]
    for child in list(element):
        if not isinstance(child.tag, str):
            continue
        if child.tag == f"{{{MC}}}AlternateContent":
            for lifted in _lift_branch(child, understood):
                process_markup_compatibility(lifted, understood, ignorable)
        elif etree.QName(child).namespace in ignorable:
            element.remove(child)
        else:
            process_markup_compatibility(child, understood, ignorable)


def _lift_branch(alternate: etree._Element, understood: frozenset[str]) -> list[etree._Element]:
    """Replace mc:AlternateContent by the children of its first understood mc:Choice, else of mc:Fallback."""
    choices = [c for c in alternate.iterchildren(f"{{{MC}}}Choice") if _prefixes(c, "Requires") <= understood]
    branch = next(iter(choices), None)
    if branch is None:
        branch = next(alternate.iterchildren(f"{{{MC}}}Fallback"), None)
    parent = alternate.getparent()
    position = parent.index(alternate)
    parent.remove(alternate)
    lifted = [child for child in (branch if branch is not None else []) if isinstance(child.tag, str)]
    for offset, child in enumerate(lifted):
        parent.insert(position + offset, child)
    return lifted


def _drop_xml_space_on_text(root: etree._Element) -> None:
    """sml.xsd lacks the xml:space that Excel writes on <t> (SOURCE.txt)."""
    for text in root.iter(f"{{{SML}}}t"):
        text.attrib.pop(f"{{{XML_NS}}}space", None)


def unvalidated_parts(package: Package) -> list[str]:
    """The parts no schema here validates (see :data:`SKIPPED`), each with the reason."""
    return [f"{name}: {SKIPPED[found]}" for name, found in package.content_types.items() if found in SKIPPED]


def schema_problems(package: Package) -> tuple[list[str], list[str]]:
    """Validate every part against the schema its content type names.

    :return: (problems, parts skipped with the reason); a part of an unknown type is a problem.
    """
    schema, understood = compiled_schemas()
    problems = []
    for name in package.parts:
        content_type = package.content_types.get(name, "")
        if name == CONTENT_TYPES:
            problems += _validate_part(package, name, (CT, "Types"), schema, understood)
        elif content_type in SKIPPED:
            problems += _well_formed(package, name) if content_type.endswith("vmlDrawing") else []
        elif content_type not in ROOTS:
            problems.append(f"{name}: no schema known for content type {content_type or '(none)'}")
        else:
            problems += _validate_part(package, name, ROOTS[content_type], schema, understood)
    return problems, unvalidated_parts(package)


def _well_formed(package: Package, name: str) -> list[str]:
    try:
        parse_xml(package.read(name))
    except etree.XMLSyntaxError as exc:
        return [f"{name}: not well-formed XML: {exc}"]
    return []


def _validate_part(
    package: Package, name: str, root_name: tuple[str, str], schema: etree.XMLSchema, understood: frozenset[str]
) -> list[str]:
    """Schema errors of one part (the first 10), after markup compatibility and the xml:space drop."""
    try:
        root = parse_xml(package.read(name))
    except etree.XMLSyntaxError as exc:
        return [f"{name}: not well-formed XML: {exc}"]
    if (etree.QName(root).namespace, etree.QName(root).localname) != root_name:
        return [f"{name}: root element {root.tag}, expected {{{root_name[0]}}}{root_name[1]}"]
    process_markup_compatibility(root, understood)
    _drop_xml_space_on_text(root)
    if schema.validate(root):
        return []
    return [f"{name}: line {error.line}: {error.message}" for error in list(schema.error_log)[:10]]


# --- The ZIP container ---------------------------------------------------------------------------

_ZIP64_EXTRA = 0x0001


def _extra_ids(extra: bytes) -> list[int]:
    ids, offset = [], 0
    while offset + 4 <= len(extra):
        header_id, size = struct.unpack_from("<HH", extra, offset)
        ids.append(header_id)
        offset += 4 + size
    return ids


def zip64_problems(package: Package) -> list[str]:
    """Rule 5: no ZIP64 local header or extra field on a member below 4 GiB (Excel calls the file corrupt)."""
    problems = []
    with open(package.path, "rb") as raw:
        for info in package.zip.infolist():
            if max(info.file_size, info.compress_size, info.header_offset) >= 0xFFFFFFFF:
                continue
            raw.seek(info.header_offset)
            header = raw.read(30)
            signature, version = header[:4], struct.unpack_from("<H", header, 4)[0]
            sizes = struct.unpack_from("<II", header, 18)
            name_length, extra_length = struct.unpack_from("<HH", header, 26)
            local_extra = raw.read(name_length + extra_length)[name_length:]
            where = f"{info.filename}: ZIP"
            if signature != b"PK\x03\x04":
                problems.append(f"{where} local header missing at offset {info.header_offset}")
            elif version >= 45 and 0xFFFFFFFF in sizes:
                problems.append(f"{where}64 local header (version {version}, sizes 0xFFFFFFFF) on a small member")
            if _ZIP64_EXTRA in _extra_ids(local_extra):
                problems.append(f"{where}64 extra field in the local header of a small member")
            if _ZIP64_EXTRA in _extra_ids(info.extra):
                problems.append(f"{where}64 extra field in the central directory entry of a small member")
    return problems


# --- Running everything --------------------------------------------------------------------------


def check_workbook(path: Path, rules: bool = True) -> list[str]:
    """Every problem Excel would repair in ``path``: schema errors, then (``rules``) the unwritten rules."""
    from helpers import ooxml_rules  # here, not at the top: ooxml_rules imports Package from this module

    with Package(path) as package:
        problems, _ = schema_problems(package)
        checks: list[Callable[[Package], list[str]]] = [zip64_problems, *(ooxml_rules.RULES if rules else [])]
        for check in checks:
            problems += check(package)
        return problems


def format_problems(path: Path, problems: list[str], limit: int = 30) -> str:
    """A failure message: the first ``limit`` problems, one a line, and how many more there are."""
    lines = [f"{len(problems)} problem(s) in {Path(path).name}:"] + problems[:limit]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more")
    return "\n".join(lines)
