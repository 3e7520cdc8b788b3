"""Text written to files a spreadsheet may open (CSV, TSV): never read back as a formula."""

from __future__ import annotations

#: First characters that make Excel and LibreOffice read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")


def inert(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would otherwise run it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
