"""Which currencies and marketplaces a refresh brought in, and which of them are new to the tracker.

A UK report (GBP, Amazon.co.uk) imported into a USD tracker adds pounds to the Dashboard's
dollars: the tracker sums amounts as they are. The refresh summary names what each run
brought in and warns when a currency or marketplace is new, so that this never happens
silently.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from amzsheet.model.tracker import Tracker
from amzsheet.reports.reading import Report


@dataclass(frozen=True)
class Origins:
    """Currencies and marketplaces of the lines a refresh imported.

    :param currencies: currency code -> lines (order lines and transactions) in it.
    :param marketplaces: marketplace (as the reports write it, e.g. ``amazon.com``) -> transactions of it.
    :param new_currencies: currencies the tracker held no line in before, while it held lines in others.
    :param new_marketplaces: marketplaces the tracker held no transaction of before, while it held others.
    """

    currencies: dict[str, int] = field(default_factory=dict)
    marketplaces: dict[str, int] = field(default_factory=dict)
    new_currencies: list[str] = field(default_factory=list)
    new_marketplaces: list[str] = field(default_factory=list)


def find_origins(tracker: Tracker, exports: list[Report]) -> Origins:
    """What ``exports`` brought in, compared with what ``tracker`` (before the refresh) held.

    :param tracker: the tracker as it was read, before the reports were merged.
    :param exports: the reports imported.
    """
    currencies: Counter[str] = Counter()
    marketplaces: Counter[str] = Counter()
    for export in exports:
        currencies.update(_codes(export.lines, "Currency", upper=True))
        marketplaces.update(_codes(export.lines, "Marketplace", upper=False))
    held_currencies = set(_codes(tracker.orders, "Currency", upper=True)) | set(
        _codes(tracker.payments, "Currency", upper=True)
    )
    held_marketplaces = set(_codes(tracker.payments, "Marketplace", upper=False))
    return Origins(
        currencies=dict(currencies.most_common()),
        marketplaces=dict(marketplaces.most_common()),
        new_currencies=_new(currencies, held_currencies),
        new_marketplaces=_new(marketplaces, held_marketplaces),
    )


def _codes(frame: pd.DataFrame, column: str, *, upper: bool) -> list[str]:
    if column not in frame:
        return []
    values = frame[column].dropna().astype(str).str.strip()
    values = values[values != ""]
    return list(values.str.upper() if upper else values.str.lower())


def _new(brought: Counter[str], held: set[str]) -> list[str]:
    """What was brought and not held, when something was held (a new tracker has nothing to compare with)."""
    return sorted(set(brought) - held) if held else []
