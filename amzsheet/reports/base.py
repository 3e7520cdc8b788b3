"""What a report kind is, and the column readers every report parser shares.

A :class:`ReportKind` says how to recognise a report (its signature, matched on
header names after aliases), which columns it needs, how to turn its rows into
tracker data (one output row per file row, so that a bad row can be dropped), and
where that data goes: Order Tracking, Inventory or Payments.

The column readers record unreadable values on the :class:`~amzsheet.reports.raw.RawReport`
instead of raising, so that ``--skip-bad-rows`` can drop just those rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from amzsheet.contract.schema import Settings
from amzsheet.reports.datetimes import carries_zone, parse_datetimes
from amzsheet.reports.marketplaces import deadline_dates, marketplace_time_zones
from amzsheet.reports.numbers import parse_numbers
from amzsheet.reports.raw import RawReport, header_key

#: How a report's value overrides a line's: "replace" it, keep the "earliest" date, or "join" the
#: distinct texts (a split shipment's tracking numbers arrive in different reports).
Override = Literal["replace", "earliest", "join"]
#: Amounts and quantities at or above this are refused: no order line is worth a trillion.
LARGEST_NUMBER = 1e12
#: Report columns holding buyers' contact details: never stored, not even in the rejected-lines file.
PRIVATE_COLUMNS = frozenset(
    {
        "buyer-email",
        "buyer-phone-number",
        "ship-phone-number",
        "ship-address-1",
        "ship-address-2",
        "ship-address-3",
        "ship-postal-code",
        "bill-address-1",
        "bill-address-2",
        "bill-address-3",
        "bill-city",
        "bill-state",
        "bill-postal-code",
        "bill-country",
    }
)
#: Where a report's data goes.
Target = Literal["orders", "inventory", "returns", "payments", "advertising", "storage_fees"]
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
    :param overrides: tracker columns the report sets on a matched line even where it holds a value,
        each with its rule (see :data:`Override`).
    :param event_dates: tracker column -> canonical report column, for the dates of things that have
        happened (an order, a shipment, a return), which cannot be after today (see :mod:`.future`).
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
    overrides: Mapping[str, Override] = field(default_factory=dict)
    event_dates: Mapping[str, str] = field(default_factory=dict)

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


def deadlines(raw: RawReport, name: str, settings: Settings) -> pd.Series:
    """Column ``name`` as the days Amazon states (ship by, deliver by), as midnight.

    A deadline is a day in the marketplace's time zone, which ``sales-channel`` or ``currency``
    tell, or the value itself when it reads 23:59:59 in its offset; the seller's time zone
    decides the rest (see :func:`amzsheet.reports.marketplaces.deadline_dates`). Unreadable values are
    rejected.
    """
    if not raw.has(name):
        return pd.Series(pd.NaT, index=range(len(raw.rows)), dtype="datetime64[ns]")
    values = raw.column(name)
    instants = parse_datetimes(values, "UTC").reset_index(drop=True).astype("datetime64[ns]")
    _reject_unparsed(raw, name, values, instants, "is not a date and time amzsheet can read")
    zones, guessed = marketplace_time_zones(text(raw, "sales-channel"), text(raw, "currency"))
    zoned = carries_zone(values).reset_index(drop=True)
    return deadline_dates(instants, zoned, zones, guessed, settings.time_zone)


def numbers(raw: RawReport, name: str, decimal: str = ".") -> pd.Series:
    """Column ``name`` as numbers (blank is NaN, not 0); unreadable values are rejected."""
    if not raw.has(name):
        return pd.Series(np.nan, index=range(len(raw.rows)), dtype="float64")
    values = raw.column(name)
    parsed = parse_numbers(values, decimal).reset_index(drop=True)
    _reject_unparsed(raw, name, values, parsed, "is not a number")
    huge = (parsed.abs() >= LARGEST_NUMBER).to_numpy()
    raw.reject(np.flatnonzero(huge), name, lambda value: f"{value!r} is too large for an amount or a quantity")
    return parsed.where(~huge).astype("float64")


def quantities(raw: RawReport, name: str) -> pd.Series:
    """Column ``name`` as a count of units: a whole number of at least 0."""
    parsed = numbers(raw, name)
    bad = parsed.notna() & ((parsed < 0) | (parsed % 1 != 0))
    raw.reject(np.flatnonzero(bad.to_numpy()), name, lambda value: f"{value!r} is not a number of units")
    return parsed.where(~bad)


def distinct(values: pd.Series, separator: str = ", ") -> str | None:
    """The distinct non-blank texts of ``values`` joined in order of appearance (None when none)."""
    seen = list(dict.fromkeys(value for value in values if isinstance(value, str) and value))
    return separator.join(seen) or None


def _reject_unparsed(raw: RawReport, name: str, values: pd.Series, parsed: pd.Series, problem: str) -> None:
    bad = (values.to_numpy() != "") & parsed.isna().to_numpy()
    raw.reject(np.flatnonzero(bad), name, lambda value: f"{value!r} {problem}; check the file or download it again")
