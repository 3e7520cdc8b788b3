"""Amazon marketplaces and their clocks: which day a ship-by or deliver-by deadline falls on.

Amazon states a promise as the end of a day in the marketplace's time zone:
``2026-11-25T07:59:59+00:00`` is 24 November, 23:59:59 Pacific, "Ship by Nov 24" in
Seller Central. The tracker keeps that day, whatever the seller's own time zone, so that
its SHIP TODAY and OVERDUE agree with Seller Central (a seller east of the marketplace may
see OVERDUE a few hours early, never late).

A line's marketplace comes from the report's ``sales-channel`` (``Amazon.co.uk``), else
from its ``currency`` (``GBP``), else the deadline itself tells its day when it reads
23:59:59 in some offset (:func:`end_of_day_dates`), else the seller's time zone decides
(:func:`deadline_dates` does all this). The codes are those of
:data:`amzsheet.contract.schema.MARKETPLACES`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from amzsheet.contract.marketplaces import AMAZON_DOMAINS
from amzsheet.contract.schema import MARKETPLACES

__all__ = [
    "CURRENCIES",
    "MARKETPLACE_TIME_ZONES",
    "SALES_CHANNELS",
    "deadline_dates",
    "end_of_day_dates",
    "marketplace_time_zones",
]

_PACIFIC, _CENTRAL_EUROPEAN = "America/Los_Angeles", "Europe/Berlin"

#: Marketplace code -> the IANA time zone of its deadlines. Seller Central states the dates of
#: the US, Canada and Mexico in Pacific time, and of every euro marketplace but Ireland in
#: Central European time.
MARKETPLACE_TIME_ZONES: dict[str, str] = {
    "US": _PACIFIC, "CA": _PACIFIC, "MX": _PACIFIC, "BR": "America/Sao_Paulo", "UK": "Europe/London",
    "DE": _CENTRAL_EUROPEAN, "FR": _CENTRAL_EUROPEAN, "IT": _CENTRAL_EUROPEAN, "ES": _CENTRAL_EUROPEAN,
    "NL": _CENTRAL_EUROPEAN, "SE": _CENTRAL_EUROPEAN, "PL": _CENTRAL_EUROPEAN, "BE": _CENTRAL_EUROPEAN,
    "IE": "Europe/Dublin", "TR": "Europe/Istanbul", "AE": "Asia/Dubai", "SA": "Asia/Riyadh", "EG": "Africa/Cairo",
    "IN": "Asia/Kolkata", "JP": "Asia/Tokyo", "AU": "Australia/Sydney", "SG": "Asia/Singapore",
}  # fmt: skip

#: A report's ``sales-channel`` (the marketplace's domain, compared case-insensitively) -> code.
SALES_CHANNELS: dict[str, str] = {domain: code for code, domain in AMAZON_DOMAINS.items()}

#: A report's ``currency`` -> code. The euro stands for the Central European marketplaces (DE and
#: the others on its clock); Ireland's euro deadlines are told apart by their own end of day.
CURRENCIES: dict[str, str] = {
    "USD": "US", "CAD": "CA", "MXN": "MX", "BRL": "BR", "GBP": "UK", "EUR": "DE", "SEK": "SE",
    "PLN": "PL", "TRY": "TR", "AED": "AE", "SAR": "SA", "EGP": "EG", "INR": "IN", "JPY": "JP",
    "AUD": "AU", "SGD": "SG",
}  # fmt: skip

_DAY_SECONDS = 86_400
_LAST_SECOND = _DAY_SECONDS - 1
# Offsets from UTC (in seconds) go from -12:00 to +14:00, in steps of 15 minutes.
_WESTMOST, _OFFSET_STEP = -12 * 3600, 15 * 60

assert set(MARKETPLACE_TIME_ZONES) == set(MARKETPLACES), "every marketplace code needs its time zone"


def marketplace_time_zones(sales_channels: pd.Series, currencies: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The time zone of each line's marketplace, and whether it is only the currency's guess.

    :param sales_channels: ``sales-channel`` texts (``Amazon.com``, ``amazon.co.jp``; None or
        ``Non-Amazon`` where unknown).
    :param currencies: ``currency`` texts (``USD``), used where the sales channel names no marketplace.
    :returns: (IANA zone or None per line, True where the zone comes from the currency).
    """
    by_channel = _lookup(sales_channels, SALES_CHANNELS, str.casefold)
    by_currency = _lookup(currencies, CURRENCIES, str.upper)
    codes = by_channel.where(by_channel.notna(), by_currency)
    zones = codes.map(MARKETPLACE_TIME_ZONES).astype(object)
    return zones.where(zones.notna(), None), by_channel.isna() & by_currency.notna()


def _lookup(values: pd.Series, table: dict[str, str], fold) -> pd.Series:
    """Marketplace code of each text in ``table`` (after stripping and ``fold``), None where unknown."""
    keys = [fold(value.strip()).removeprefix("www.") if isinstance(value, str) else "" for value in values]
    return pd.Series([table.get(key) for key in keys], index=values.index, dtype=object)


def end_of_day_dates(instants: pd.Series) -> pd.Series:
    """The day that ends at each UTC instant, when it is 23:59:59 in some offset from UTC.

    Amazon's deadlines are the last second of a day in the marketplace's time zone, so the
    instant tells the day: ``2025-08-21T18:29:59Z`` is 23:59:59 at +05:30 (21 August),
    ``2026-11-25T07:59:59Z`` is 23:59:59 at -08:00 (24 November). Offsets are -12:00 to
    +14:00 in steps of 15 minutes; fractions of a second are ignored. Instants from 09:59:59
    to 11:59:59 UTC fit two offsets 24 hours apart (-10:00 and +14:00, -12:00 and +12:00):
    no Amazon marketplace keeps any of them, and the western one, the earlier day, is
    taken, so that a deadline is never shown later than it is.

    :param instants: naive datetimes in UTC.
    :returns: midnight of the day, NaT where the instant is not 23:59:59 in any offset.
    """
    seconds = (instants - instants.dt.normalize()) // pd.Timedelta(seconds=1)
    east = (_LAST_SECOND - seconds) % _DAY_SECONDS  # the offset at or east of UTC (0 to 24 hours)
    # West of UTC where that offset exists (the earlier day): then every offset is within the limits.
    offset = east.where(east - _DAY_SECONDS < _WESTMOST, east - _DAY_SECONDS)
    fits = offset % _OFFSET_STEP == 0
    local = instants + pd.to_timedelta(offset.where(fits), unit="s")
    return local.dt.normalize()


def deadline_dates(
    instants: pd.Series, zoned: pd.Series, zones: pd.Series, guessed: pd.Series, time_zone: str
) -> pd.Series:
    """The day of each deadline in its marketplace's time zone, as midnight.

    * a value without offset (``2026-11-24``) keeps the day written;
    * a line whose marketplace is known takes the day in its time zone; when only the currency
      tells it and the value reads 23:59:59 in an offset that gives an earlier day, that day
      (the euro is Ireland's too);
    * otherwise the day the value ends (:func:`end_of_day_dates`), or else its day in ``time_zone``.

    :param instants: naive datetimes: UTC where ``zoned``, else the wall time written.
    :param zoned: whether each value carried an offset or a zone.
    :param zones: IANA zone of each line's marketplace, None where unknown (see
        :func:`marketplace_time_zones`).
    :param guessed: where the zone is only the currency's guess.
    :param time_zone: the seller's IANA time zone (Settings), for the remaining values.
    """
    ended = end_of_day_dates(instants)
    zones = zones.where(zones.notna() | ended.notna(), time_zone)
    days = instants.dt.normalize()
    for zone in zones[zoned].dropna().unique():
        these = (zoned & (zones == zone)).to_numpy()
        days[these] = _local_dates(instants[these], zone).to_numpy()
    earlier = (zoned & ended.notna() & (zones.isna() | (guessed & (ended < days)))).to_numpy()
    days[earlier] = ended[earlier].to_numpy()
    return days


def _local_dates(instants: pd.Series, zone: str) -> pd.Series:
    """Midnight of the day each UTC instant falls on in ``zone``."""
    local = instants.dt.tz_localize("UTC").dt.tz_convert(zone).dt.tz_localize(None)
    return local.dt.normalize().astype(np.dtype("datetime64[ns]"))
