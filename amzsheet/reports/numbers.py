"""Parse the amounts and quantities of Amazon reports.

English reports write ``-1,052.64`` (decimal point, comma thousands); German, French, Italian
and Spanish ones write ``-1.052,64`` (decimal comma, dot or space thousands). A thousands
separator is only read between groups of three digits, so a value that fits neither rule
(``1,05.2``) is unreadable rather than silently wrong. Blank is never zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["detect_decimal_mark", "parse_numbers"]

# "(?=[.,]?\d)": at least one digit; exponents are allowed, "inf" and "nan" are not.
_NUMBER_PATTERNS = {
    ".": re.compile(r"[+-]?(?=\.?\d)(?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?"),
    ",": re.compile(
        r"[+-]?(?=,?\d)(?:\d{1,3}(?P<sep>[. \u00a0\u202f])\d{3}(?:(?P=sep)\d{3})*|\d*)(?:,\d+)?(?:[eE][+-]?\d+)?"
    ),
}
# Thousands separators to drop before the decimal mark becomes ".".
_THOUSANDS = {".": r",", ",": r"[. \u00a0\u202f]"}


def parse_numbers(values: pd.Series, decimal: str = ".") -> pd.Series:
    """Parse number texts written with the decimal mark ``decimal``.

    With ``decimal="."``: ``"1,052.64"``, ``"-1,052.64"``, ``"14.0"``, ``"+3"``. Commas are read as
    thousands separators only between groups of three digits (``"1,05.2"`` is unreadable).
    With ``decimal=","``: ``"1.052,64"``, ``"-1.052,64"``, ``"12,5"``, ``"1 052,64"``; the thousands
    separator is a dot, a space, a no-break space (U+00A0) or a narrow no-break space (U+202F), the
    same one throughout a value, so ``"1.234"`` is 1234.

    :param values: stripped texts, ``""`` when blank (None and NaN count as blank).
    :param decimal: the decimal mark, ``"."`` or ``","``.
    :returns: float64 values with the index of ``values``: NaN for blank and for unreadable texts, so
        ``(values != "") & result.isna()`` finds the unreadable ones. Infinite results (``"1e400"``)
        are NaN too.
    :raises ValueError: when ``decimal`` is neither ``"."`` nor ``","``.
    """
    if decimal not in _NUMBER_PATTERNS:
        raise ValueError(f"the decimal mark must be '.' or ',', not {decimal!r}")
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = pd.Series(_texts(uniques), dtype=object)
    readable = texts.map(_NUMBER_PATTERNS[decimal].fullmatch).notna()
    plain = texts[readable].str.replace(_THOUSANDS[decimal], "", regex=True)
    if decimal == ",":
        plain = plain.str.replace(",", ".", regex=False)
    parsed = np.full(len(texts), np.nan)
    parsed[readable.to_numpy()] = pd.to_numeric(plain, errors="coerce").to_numpy(dtype="float64")
    parsed[~np.isfinite(parsed)] = np.nan
    result = np.full(len(codes), np.nan)
    known = codes >= 0
    result[known] = parsed[codes[known]]
    return pd.Series(result, index=values.index, name=values.name, dtype="float64")


def detect_decimal_mark(values: Iterable[str]) -> str | None:
    """Tell which decimal mark a column of number texts uses.

    A value decides when it reads as a number with one mark but not with the other (see
    :func:`parse_numbers`): ``"12,5"``, ``"1.234,56"`` and ``"1.234.567"`` decide ``","``;
    ``"14.0"``, ``"1,052.64"`` and ``"1,234,567"`` decide ``"."``. Integers and ``"1,234"`` read
    both ways, and text that reads neither way (``"n/a"``) is ignored.

    :param values: number texts; non-strings (None, NaN) are ignored.
    :returns: ``","`` or ``"."``, or None when no value decides.
    :raises ValueError: when some values decide ``","`` and others ``"."``.
    """
    texts = pd.Series(list(dict.fromkeys(value.strip() for value in values if isinstance(value, str))), dtype=object)
    if texts.empty:
        return None
    comma = texts.map(_NUMBER_PATTERNS[","].fullmatch).notna()
    point = texts.map(_NUMBER_PATTERNS["."].fullmatch).notna()
    comma_only, point_only = texts[comma & ~point], texts[point & ~comma]
    if not comma_only.empty and not point_only.empty:
        raise ValueError(
            f"the numbers disagree on the decimal mark: {comma_only.iloc[0]!r} has a decimal comma "
            f"but {point_only.iloc[0]!r} a decimal point"
        )
    if not comma_only.empty:
        return ","
    if not point_only.empty:
        return "."
    return None


def _texts(uniques: Iterable[object]) -> list[str]:
    """Stripped texts of the unique values (non-strings become their ``str``)."""
    return [value.strip() if isinstance(value, str) else str(value).strip() for value in uniques]


#: A number typed as text that can mean only one number (see :func:`parse_typed_number`).
_TYPED_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_TYPED_GROUPED = {
    # Groups of three after a first group of 1-3 digits (not a leading 0), then the decimal part.
    ".": re.compile(r"[+-]?[1-9]\d{0,2}(?P<groups>(?:,\d{3})+)(?P<decimals>\.\d+)?"),
    ",": re.compile(r"[+-]?[1-9]\d{0,2}(?P<groups>(?:\.\d{3})+)(?P<decimals>,\d+)?"),
}
#: A lone dot before three digits, ``1.335``: a decimal point, or a thousands dot as in much of Europe.
_TYPED_DOT_OR_GROUP = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}")
#: Marks a text that could mean two numbers (see :func:`parse_typed_number`).
AMBIGUOUS = "ambiguous"


def parse_typed_number(text: str) -> float | str | None:
    """Read a number the seller typed as text into a number cell, when it can mean one number only.

    One reading:

    - digits with at most one decimal point and no comma (``12.5``, ``13.35``, ``0.125``, ``1e3``),
      except a dot followed by exactly three digits after one to three digits (``1.335``, ``12.500``);
    - a comma and a dot: the last one is the decimal mark and the other separates groups of three
      digits (``1,234.50``, ``1.234,50``, ``1.234.567,8``);
    - several commas, or several dots, between groups of three digits (``1,234,567``, ``1.234.567``).

    Two readings (:data:`AMBIGUOUS`): a lone comma (``13,35``, ``12,5``, ``1,335``: a decimal comma, or
    a thousands separator) and a lone dot before three digits (``1.335``: 1.335, or 1,335 in Europe).

    :param text: the cell's text; spaces around it are ignored.
    :returns: the number; :data:`AMBIGUOUS`; or None for text that is not a number (``n/a``, ``1,23.5``,
        ``inf``, ``1e400``).
    """
    text = text.strip()
    if _TYPED_DOT_OR_GROUP.fullmatch(text) or re.fullmatch(r"[+-]?\d*,\d+", text):
        return AMBIGUOUS
    if _TYPED_PLAIN.fullmatch(text):
        return _finite(float(text))
    for decimal, pattern in _TYPED_GROUPED.items():
        match = pattern.fullmatch(text)
        if match and (match["decimals"] or match["groups"].count(match["groups"][0]) > 1):
            grouping = "," if decimal == "." else "."
            return _finite(float(text.replace(grouping, "").replace(decimal, ".")))
    return None


def _finite(number: float) -> float | None:
    return number if np.isfinite(number) else None
