"""The README's column tables, generated from the column declarations.

Each column's sentence lives once, in its declaration beside its header note and its formula
(:mod:`amzsheet.contract.inventory`); the README shows it between two markers, and
``tests/test_docs.py`` fails when the README drifts.
Regenerate with ``python docs/regenerate_readme.py`` (this module only builds the text).
"""

from __future__ import annotations

from amzsheet.contract.schema import INVENTORY_COLUMNS, PROFIT_COLUMNS, Column

#: Marker name -> the columns whose table stands between ``<!-- name:start -->`` and ``<!-- name:end -->``.
TABLES: dict[str, tuple[Column, ...]] = {"inventory-columns": INVENTORY_COLUMNS, "profit-columns": PROFIT_COLUMNS}


def column_table(columns: tuple[Column, ...]) -> str:
    """A Markdown table: each column's name and its one-sentence description."""
    lines = ["| Column | What it tells you |", "|---|---|"]
    lines += [f"| {column.name} | {column.description} |" for column in columns]
    return "\n".join(lines)


def render(text: str) -> str:
    """``text`` (the README) with every marked column table regenerated."""
    for name, columns in TABLES.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        head, found, rest = text.partition(start)
        if not found:
            raise ValueError(f"the marker {start} is missing")
        _, found, tail = rest.partition(end)
        if not found:
            raise ValueError(f"the marker {end} is missing")
        text = f"{head}{start}\n{column_table(columns)}\n{end}{tail}"
    return text
