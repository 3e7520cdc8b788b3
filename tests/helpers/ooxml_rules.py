"""The rules Excel applies when it opens a workbook that no ECMA-376 schema states.

Each rule takes an :class:`ooxml_check.Package` and returns problem sentences that name
the part and the place; a file that breaks one makes Excel offer to "recover" it. Rule 5
(no ZIP64 on small members) reads raw bytes and lives in :mod:`ooxml_check`.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterator

from lxml import etree

from helpers.ooxml_check import CONTENT_TYPES, SML, Package

S = f"{{{SML}}}"
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)$")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_NOT_TEXT = {"n": "a number", "b": "a boolean", "e": "an error", "d": "a date"}

# Functions newer than Excel 2007, stored with the _xlfn. prefix (XlsxWriter's list, worksheet.py).
_FUTURE_NAMES = """ACOT ACOTH AGGREGATE ANCHORARRAY ARABIC ARRAYTOTEXT BASE BETA.DIST BETA.INV BINOM.DIST
    BINOM.DIST.RANGE BINOM.INV BITAND BITLSHIFT BITOR BITRSHIFT BITXOR BYCOL BYROW CEILING.MATH
    CEILING.PRECISE CHISQ.DIST CHISQ.DIST.RT CHISQ.INV CHISQ.INV.RT CHISQ.TEST CHOOSECOLS CHOOSEROWS
    COMBINA CONCAT CONFIDENCE.NORM CONFIDENCE.T COT COTH COVARIANCE.P COVARIANCE.S CSC CSCH DAYS
    DECIMAL DROP ERF.PRECISE ERFC.PRECISE EXPAND EXPON.DIST F.DIST F.DIST.RT F.INV F.INV.RT F.TEST
    FILTERXML FLOOR.MATH FLOOR.PRECISE FORECAST.ETS FORECAST.ETS.CONFINT FORECAST.ETS.SEASONALITY
    FORECAST.ETS.STAT FORECAST.LINEAR FORMULATEXT GAMMA GAMMA.DIST GAMMA.INV GAMMALN.PRECISE GAUSS
    HSTACK HYPGEOM.DIST IFNA IFS IMAGE IMCOSH IMCOT IMCSC IMCSCH IMSEC IMSECH IMSINH IMTAN ISFORMULA
    ISOMITTED ISOWEEKNUM LAMBDA LET LOGNORM.DIST LOGNORM.INV MAKEARRAY MAP MAXIFS MINIFS MODE.MULT
    MODE.SNGL MUNIT NEGBINOM.DIST NORM.DIST NORM.INV NORM.S.DIST NORM.S.INV NUMBERVALUE PDURATION
    PERCENTILE.EXC PERCENTILE.INC PERCENTRANK.EXC PERCENTRANK.INC PERMUTATIONA PHI POISSON.DIST
    QUARTILE.EXC QUARTILE.INC QUERYSTRING RANDARRAY RANK.AVG RANK.EQ REDUCE RRI SCAN SEC SECH SEQUENCE
    SHEET SHEETS SINGLE SKEW.P SORTBY STDEV.P STDEV.S SWITCH T.DIST T.DIST.2T T.DIST.RT T.INV T.INV.2T
    T.TEST TAKE TEXTAFTER TEXTBEFORE TEXTJOIN TEXTSPLIT TOCOL TOROW UNICHAR UNICODE UNIQUE VALUETOTEXT
    VAR.P VAR.S VSTACK WEBSERVICE WEIBULL.DIST WRAPCOLS WRAPROWS XLOOKUP XMATCH XOR Z.TEST"""
FUTURE_FUNCTIONS = frozenset(_FUTURE_NAMES.split())
WORKSHEET_FUNCTIONS = frozenset({"FILTER", "SORT"})  # _xlfn._xlws.


def cell_position(ref: str) -> tuple[int, int] | None:
    """(row, column), both from 1, of a reference such as ``"AB12"``; None when it is not one."""
    match = _CELL.match(ref or "")
    if not match:
        return None
    column = 0
    for letter in match[1].upper():
        column = column * 26 + ord(letter) - 64
    return int(match[2]), column


def area(ref: str) -> tuple[int, int, int, int] | None:
    """(first row, first column, last row, last column) of ``"A1:C9"`` or ``"A1"``."""
    first, _, last = (ref or "").partition(":")
    start, end = cell_position(first), cell_position(last or first)
    return (*start, *end) if start and end else None


def decode_xstring(text: str) -> str:
    """Excel's ST_Xstring escapes (``_x0009_`` is a tab), as Excel reads them."""
    return _ESCAPE.sub(lambda match: chr(int(match[1], 16)), text)


@functools.lru_cache(maxsize=4)
def shared_strings(package: Package) -> list[str]:
    """The text of every shared string (phonetic runs left out)."""
    parts = package.related(package.workbook_part, "sharedStrings")
    if not parts or not package.exists(parts[0]):
        return []
    return [_rich_text(si) for si in package.xml(parts[0]).iterchildren(f"{S}si")]


def _rich_text(element: etree._Element) -> str:
    texts = (t.text or "" for t in element.iter(f"{S}t") if t.getparent().tag != f"{S}rPh")
    return decode_xstring("".join(texts))


def _styles(package: Package) -> etree._Element | None:
    parts = package.related(package.workbook_part, "styles")
    return package.xml(parts[0]) if parts and package.exists(parts[0]) else None


def rows(sheet: etree._Element) -> Iterator[tuple[int, etree._Element]]:
    """(row number, <row>) of sheetData, numbering rows without r after the previous one."""
    number = 0
    for row in sheet.iter(f"{S}row"):
        number = int(row.get("r")) if (row.get("r") or "").isdigit() else number + 1
        yield number, row


def tables(package: Package) -> Iterator[tuple[str, str, str, etree._Element]]:
    """(sheet name, worksheet part, table part, <table>) of every table."""
    for sheet_name, part in package.sheets:
        for table_part in package.related(part, "table"):
            if package.exists(table_part):
                yield sheet_name, part, table_part, package.xml(table_part)


def _header_cells(package: Package, part: str, row_number: int) -> dict[int, etree._Element]:
    for number, row in rows(package.xml(part)):
        if number == row_number:
            cells, column = {}, 0
            for cell in row.iterchildren(f"{S}c"):
                position = cell_position(cell.get("r", ""))
                column = position[1] if position else column + 1
                cells[column] = cell
            return cells
    return {}


def cell_text(package: Package, cell: etree._Element | None) -> tuple[str | None, str]:
    """(text as Excel reads it, or None when the cell holds no text; what it holds instead)."""
    if cell is None:
        return None, "no cell"
    kind, value = cell.get("t", "n"), cell.findtext(f"{S}v")
    if kind == "s":
        strings = shared_strings(package)
        index = int(value) if (value or "").isdigit() else -1
        return (strings[index], "text") if 0 <= index < len(strings) else (None, f"shared string {value!r}")
    if kind == "inlineStr":
        inline = cell.find(f"{S}is")
        return (_rich_text(inline), "text") if inline is not None else (None, "an empty inline string")
    if kind == "str":
        return decode_xstring(value or ""), "text"
    return None, f"{_NOT_TEXT.get(kind, kind)} {value!r}" if value is not None else "an empty cell"


def table_header_problems(package: Package) -> list[str]:
    """Rule 1: header cells are text equal to their tableColumn names; names unique within a table."""
    problems = []
    for sheet_name, part, table_part, table in tables(package):
        where = f"{table_part} (table {table.get('displayName')} on {sheet_name!r})"
        bounds, columns = area(table.get("ref")), list(table.iter(f"{S}tableColumn"))
        if bounds is None:
            problems.append(f"{where}: ref {table.get('ref')!r} is not a range")
            continue
        if len(columns) != bounds[3] - bounds[1] + 1:
            problems.append(f"{where}: {len(columns)} tableColumns for ref {table.get('ref')}")
        seen: dict[str, str] = {}
        for name in (decode_xstring(column.get("name", "")) for column in columns):
            if name.casefold() in seen:
                problems.append(f"{where}: column name {name!r} repeats {seen[name.casefold()]!r}")
            seen.setdefault(name.casefold(), name)
        if table.get("headerRowCount", "1") != "0":
            cells = _header_cells(package, part, bounds[0])
            for offset, column in enumerate(columns):
                name = decode_xstring(column.get("name", ""))
                text, holds = cell_text(package, cells.get(bounds[1] + offset))
                address = f"{part} row {bounds[0]} column {bounds[1] + offset}"
                if text is None:
                    problems.append(f"{where}: header cell ({address}) is {holds}, not the text {name!r}")
                elif text != name:
                    problems.append(f"{where}: tableColumn name {name!r} but header cell ({address}) reads {text!r}")
    return problems


def _overlap(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _inside(inner: tuple[int, ...], outer: tuple[int, ...]) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def table_identity_problems(package: Package) -> list[str]:
    """Rule 2: table names and ids unique, no defined name shared, no overlap, autoFilter inside the table."""
    problems: list[str] = []
    workbook = package.xml(package.workbook_part)
    defined = {(d.get("name") or "").casefold() for d in workbook.iter(f"{S}definedName")}
    names: dict[str, str] = {}
    ids: dict[str | None, str] = {}
    placed: list[tuple[str, str, tuple[int, ...]]] = []
    for sheet_name, _, table_part, table in tables(package):
        name, bounds = table.get("displayName", ""), area(table.get("ref"))
        if name.casefold() in names:
            problems.append(f"{table_part}: table name {name!r} is also used by {names[name.casefold()]}")
        if table.get("id") in ids:
            problems.append(f"{table_part}: table id {table.get('id')} is also used by {ids[table.get('id')]}")
        if name.casefold() in defined:
            problems.append(f"{table_part}: table name {name!r} is also a defined name")
        names.setdefault(name.casefold(), table_part)
        ids.setdefault(table.get("id"), table_part)
        for other_sheet, other_part, other in placed:
            if bounds and other_sheet == sheet_name and _overlap(bounds, other):
                problems.append(f"{table_part}: ref {table.get('ref')} overlaps {other_part} on {sheet_name!r}")
        if bounds:
            placed.append((sheet_name, table_part, bounds))
        problems += _autofilter_problems(table_part, table, bounds)
    return problems


def _autofilter_problems(table_part: str, table: etree._Element, bounds: tuple[int, ...] | None) -> list[str]:
    autofilter = table.find(f"{S}autoFilter")
    if autofilter is None:
        return []
    inner = area(autofilter.get("ref"))
    if inner and bounds and _inside(inner, bounds):
        return []
    return [f"{table_part}: autoFilter ref {autofilter.get('ref')} outside table ref {table.get('ref')}"]


def order_problems(package: Package) -> list[str]:
    """Rule 3: rows strictly ascending; cells in ascending columns, each on its own row."""
    problems = []
    for sheet_name, part in package.sheets:
        previous_row = 0
        for number, row in rows(package.xml(part)):
            if number <= previous_row:
                problems.append(f"{part} ({sheet_name}): row {number} after row {previous_row}")
            previous_row, previous_column = number, 0
            for cell in row.iterchildren(f"{S}c"):
                position = cell_position(cell.get("r")) if cell.get("r") else (number, previous_column + 1)
                if position is None or position[0] != number:
                    problems.append(f"{part} ({sheet_name}): cell {cell.get('r')!r} in row {number}")
                elif position[1] <= previous_column:
                    problems.append(f"{part} ({sheet_name}): cell {cell.get('r')} after column {previous_column}")
                previous_column = position[1] if position else previous_column
    return problems


def index_problems(package: Package) -> list[str]:
    """Rule 4: style, dxf and shared-string indices inside their lists."""
    styles = _styles(package)
    xfs = len(styles.findall(f"{S}cellXfs/{S}xf")) if styles is not None else 0
    dxfs = len(styles.findall(f"{S}dxfs/{S}dxf")) if styles is not None else 0
    strings, problems = len(shared_strings(package)), []

    def check(part: str, where: str, value: str | None, limit: int, what: str) -> None:
        if value is not None and not (value.isdigit() and int(value) < limit):
            problems.append(f"{part}: {where}: {what} {value!r}, but there are {limit}")

    for _, part in package.sheets:
        sheet = package.xml(part)
        for element in sheet.iter(f"{S}c", f"{S}row", f"{S}col"):
            where = f"{etree.QName(element).localname} {element.get('r') or element.get('min') or ''}"
            check(part, where, element.get("s"), xfs, "style index")
            if element.get("t") == "s":
                check(part, where, element.findtext(f"{S}v"), strings, "shared string index")
        for rule in sheet.iter(f"{S}cfRule"):
            check(part, f"conditional format priority {rule.get('priority')}", rule.get("dxfId"), dxfs, "dxfId")
    return problems


def _rels_source(rels_part: str) -> str:
    folder, base = posixpath.split(rels_part)
    return posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels"))


def package_problems(package: Package) -> list[str]:
    """Rule 6: every part has a content type and a relationship to it; every internal target exists."""
    problems, targets = [], set()
    for rels in (name for name in package.parts if name.endswith(".rels")):
        source = _rels_source(rels)
        if source and not package.exists(source):
            problems.append(f"{rels}: relationships of a missing part {source}")
        for rel in package.relationships(source):
            if not rel.external:
                targets.add(rel.target.lower())
                if not package.exists(rel.target):
                    problems.append(f"{rels}: relationship {rel.rel_id} targets missing part {rel.target}")
    for name in package.parts:
        if name != CONTENT_TYPES and name not in package.content_types:
            problems.append(f"{name}: no content type (no Default for its extension, no Override)")
        if name != CONTENT_TYPES and not name.endswith(".rels") and name.lower() not in targets:
            problems.append(f"{name}: no relationship targets this part")
    return problems


def formulas(package: Package) -> Iterator[tuple[str, str, str]]:
    """(part, place, formula) of every cell, defined-name, conditional-format and validation formula."""
    for defined in package.xml(package.workbook_part).iter(f"{S}definedName"):
        yield package.workbook_part, f"defined name {defined.get('name')}", defined.text or ""
    for _, part in package.sheets:
        sheet = package.xml(part)
        for formula in sheet.iter(f"{S}f"):
            if formula.text:
                yield part, f"cell {formula.getparent().get('r')}", formula.text
        for rule in sheet.iter(f"{S}cfRule"):
            for formula in rule.iterchildren(f"{S}formula"):
                yield part, f"conditional format priority {rule.get('priority')}", formula.text or ""
        for validation in sheet.iter(f"{S}dataValidation"):
            for formula in validation.iterchildren(f"{S}formula1", f"{S}formula2"):
                yield part, f"data validation {validation.get('sqref')}", formula.text or ""


def _skip_quoted(formula: str, start: int, quote: str) -> int:
    """Index after the literal opened at ``start`` (a doubled quote stays inside)."""
    i = start + 1
    while i < len(formula):
        if formula[i] == quote and formula[i + 1 : i + 2] != quote:
            return i + 1
        i += 2 if formula[i] == quote else 1
    return i


def _skip_brackets(formula: str, start: int) -> int:
    """Index after a structured or external reference ``[...]`` (nested; ``'`` escapes a character)."""
    depth, i = 0, start
    while i < len(formula):
        char = formula[i]
        depth += {"[": 1, "]": -1}.get(char, 0)
        i += 2 if char == "'" else 1
        if depth == 0:
            return i
    return i


def function_names(formula: str) -> Iterator[str]:
    """Every function called in ``formula``, as written (string literals, quoted sheets, [refs] skipped)."""
    i = 0
    while i < len(formula):
        char = formula[i]
        if char in "\"'":
            i = _skip_quoted(formula, i, char)
        elif char == "[":
            i = _skip_brackets(formula, i)
        elif char.isalpha() or char in "_\\":
            end = i
            while end < len(formula) and (formula[end].isalnum() or formula[end] in "._\\"):
                end += 1
            if formula[end : end + 1] == "(":
                yield formula[i:end]
            i = end
        else:
            i += 1


def prefix_problem(name: str) -> str | None:
    """What is wrong with how a called function is written, or None."""
    bare = name.upper().removeprefix("_XLFN.").removeprefix("_XLWS.")
    if bare in WORKSHEET_FUNCTIONS and name.upper() != f"_XLFN._XLWS.{bare}":
        return f"{name} must be written _xlfn._xlws.{bare}"
    if bare in FUTURE_FUNCTIONS and name.upper() != f"_XLFN.{bare}":
        return f"{name} must be written _xlfn.{bare}"
    return None


def function_prefix_problems(package: Package) -> list[str]:
    """Rule 7: functions newer than Excel 2007 carry their _xlfn. (and _xlws.) prefix."""
    problems = []
    for part, place, formula in formulas(package):
        for name in function_names(formula):
            problem = prefix_problem(name)
            if problem:
                problems.append(f"{part}: {place}: {problem} (formula {formula[:80]!r})")
    return problems


def validation_list_problems(package: Package) -> list[str]:
    """Rule 8: a data-validation list given as a literal holds at most 255 characters."""
    problems = []
    for _, part in package.sheets:
        for validation in package.xml(part).iter(f"{S}dataValidation"):
            literal = validation.findtext(f"{S}formula1") or ""
            length = len(literal) - 2
            if validation.get("type") == "list" and literal.startswith('"') and length > 255:
                problems.append(
                    f"{part}: data validation {validation.get('sqref')}: list of {length} characters (max 255)"
                )
    return problems


def shared_formula_problems(package: Package) -> list[str]:
    """Rule 9: each shared formula group of a sheet has one first cell with the formula and the range it fills,
    topped by that cell; every other cell of the group lies in that range. Groups are numbered 0, 1, 2... as
    Excel numbers them."""
    problems = []
    for sheet_name, part in package.sheets:
        groups: dict[str, tuple[int, ...]] = {}
        for formula in package.xml(part).iter(f"{S}f"):
            if formula.get("t") != "shared":
                continue
            cell, group = formula.getparent().get("r") or "", formula.get("si") or ""
            where = f"{part} ({sheet_name}): cell {cell}: shared formula {group!r}"
            position, bounds = cell_position(cell), area(formula.get("ref") or "")
            if formula.text:
                if group in groups:
                    problems.append(f"{where} starts a second time")
                elif bounds is None or position is None or position != bounds[:2]:
                    problems.append(f"{where} fills {formula.get('ref')!r}, which does not start at its cell")
                else:
                    groups[group] = bounds
            elif group not in groups:
                problems.append(f"{where} is used before its first cell")
            elif position is None or not _inside(position * 2, groups[group]):
                problems.append(f"{where} lies outside {formula.get('ref') or groups[group]}")
        if set(groups) != {str(number) for number in range(len(groups))}:
            problems.append(f"{part} ({sheet_name}): shared formulas numbered {sorted(groups)}, not from 0 on")
    return problems


RULES = [
    table_header_problems,
    table_identity_problems,
    order_problems,
    index_problems,
    package_problems,
    function_prefix_problems,
    validation_list_problems,
    shared_formula_problems,
]
