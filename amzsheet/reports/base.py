"""What a report kind is, and the column readers every report parser shares.

A :class:`ReportKind` says how to recognise a report (its signature, matched on
header names after aliases), which columns it needs, how to turn its rows into
tracker data (one output row per file row, so that a bad row can be dropped), and
where that data goes: Order Tracking, Inventory or Payments.

The column readers record unreadable values on the :class:`~amzsheet.rawreport.RawReport`
instead of raising, so that ``--skip-bad-rows`` can drop just those rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from ..datetimes import parse_datetimes
from ..numbers import parse_numbers
from ..rawreport import RawReport, header_key
from ..schema import Settings

#: Where a report's data goes.
Target = Literal["orders", "inventory", "payments"]
#: How order lines merge: "update" (the report is Amazon's record of the line: newer values win)
#: or "fill" (the report adds facts: it fills blanks, moves the status and sets its own columns).
MergeMode = Literal["update", "fill"]


@dataclass(frozen=True)
class ReportKind:
    """A kind of Amazon report amzsheet imports.

    :param name: the report's name in Seller Central.
    :param target: the table its data goes to.
    :param signature: canonical header names that together identify the report.
    :param required: canonical names the parser needs.
    :param parse: turns a :class:`RawReport` into a DataFrame with one row per file row.
    :param aliases: canonical name -> other header texts that mean it (human-readable or translated).
    :param identity: canonical columns every row must fill.
    :param id_columns: id columns that Excel would turn into numbers (checked for that damage).
    :param combine: optional step after bad rows are dropped (e.g. adding up split shipments).
    :param merge: how its order lines merge (see :data:`MergeMode`).
    :param replaces: tracker columns whose report values replace what a matched line holds.
    """

    name: str
    target: Target
    signature: frozenset[str]
    required: tuple[str, ...]
    parse: Callable[[RawReport, Settings], pd.DataFrame]
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    identity: tuple[str, ...] = ()
    id_columns: tuple[str, ...] = ()
    combine: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    merge: MergeMode = "update"
    replaces: tuple[str, ...] = ()

    def alias_map(self) -> dict[str, str]:
        """Header key -> canonical name, for every name and alias of this report."""
        names = {header_key(name): name for name in (*self.signature, *self.required, *self.aliases)}
        for canonical, others in self.aliases.items():
            names.update({header_key(other): canonical for other in others})
        return names


def text(raw: RawReport, name: str) -> pd.Series:
    """Column ``name`` as text, None where blank or absent."""
    if not raw.has(name):
        return pd.Series([None] * len(raw.rows), dtype=object)
    column = raw.column(name)
    return column.where(column != "", None)


def dates(raw: RawReport, name: str, settings: Settings) -> pd.Series:
    """Column ``name`` as naive datetimes in the seller's time zone; unreadable values are rejected."""
    if not raw.has(name):
        return pd.Series(pd.NaT, index=range(len(raw.rows)), dtype="datetime64[ns]")
    values = raw.column(name)
    parsed = parse_datetimes(values, settings.time_zone).reset_index(drop=True)
    _reject_unparsed(raw, name, values, parsed, "is not a date and time amzsheet can read")
    return parsed.astype("datetime64[ns]")


def numbers(raw: RawReport, name: str, decimal: str = ".") -> pd.Series:
    """Column ``name`` as numbers (blank is NaN, not 0); unreadable values are rejected."""
    if not raw.has(name):
        return pd.Series(np.nan, index=range(len(raw.rows)), dtype="float64")
    values = raw.column(name)
    parsed = parse_numbers(values, decimal).reset_index(drop=True)
    _reject_unparsed(raw, name, values, parsed, "is not a number")
    return parsed.astype("float64")


def quantities(raw: RawReport, name: str) -> pd.Series:
    """Column ``name`` as a count of units: a whole number of at least 0."""
    parsed = numbers(raw, name)
    bad = parsed.notna() & ((parsed < 0) | (parsed % 1 != 0))
    raw.reject(np.flatnonzero(bad.to_numpy()), name, lambda value: f"{value!r} is not a number of units")
    return parsed.where(~bad)


def first_of(raw: RawReport, *names: str) -> str | None:
    """The first of ``names`` the report has."""
    return next((name for name in names if raw.has(name)), None)


def _reject_unparsed(raw: RawReport, name: str, values: pd.Series, parsed: pd.Series, problem: str) -> None:
    bad = (values.to_numpy() != "") & parsed.isna().to_numpy()
    raw.reject(np.flatnonzero(bad), name, lambda value: f"{value!r} {problem}; check the file or download it again")
