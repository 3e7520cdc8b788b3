"""Parse the date and time texts of Amazon reports into the seller's local time.

Amazon writes dates differently in every report and marketplace: ISO 8601 with an offset in
the flat files (``2017-08-10T08:49:31-07:00``), ``Dec 1, 2017 12:38:23 AM PST`` in the US Date
Range report, ``01.01.2015 20:29:20 GMT+00:00`` in the German one, ``2017/12/01 12:38:23 JST``
in the Japanese one, ``10-Jul-2025`` in the returns report. :func:`parse_datetimes` reads them
all and returns naive datetimes in one IANA time zone, the way the tracker stores them.

ISO 8601 values, nearly all of a flat file, are parsed by pandas in one vectorised call; every
other form is parsed once per distinct text.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from functools import lru_cache

import numpy as np
import pandas as pd

__all__ = ["ZONE_OFFSETS", "carries_zone", "parse_datetimes"]

#: Zone abbreviations Amazon writes after a time, and their offsets from UTC in minutes.
ZONE_OFFSETS: dict[str, int] = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
    "PST": -8 * 60, "PDT": -7 * 60, "MST": -7 * 60, "MDT": -6 * 60, "CST": -6 * 60, "CDT": -5 * 60,
    "EST": -5 * 60, "EDT": -4 * 60, "AKST": -9 * 60, "AKDT": -8 * 60, "HST": -10 * 60,
    "AST": -4 * 60, "ADT": -3 * 60, "NST": -(3 * 60 + 30), "NDT": -(2 * 60 + 30), "BRT": -3 * 60,
    "BST": 60, "CET": 60, "MEZ": 60, "WEST": 60, "CEST": 2 * 60, "MESZ": 2 * 60, "EET": 2 * 60, "SAST": 2 * 60,
    "EEST": 3 * 60, "GST": 4 * 60, "IST": 5 * 60 + 30, "AWST": 8 * 60, "SGT": 8 * 60, "JST": 9 * 60,
    "AEST": 10 * 60, "AEDT": 11 * 60,
}  # fmt: skip

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
            ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
            ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip

# ISO 8601 forms pandas parses in one call; group 1 is the offset. The year is limited to 1700-2199,
# so that neither the nanosecond range nor a time-zone conversion can overflow; other years go the
# slow way.
_ISO = re.compile(r"(?:1[7-9]|2[01])\d\d-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)?)?")
_OTHER, _ISO_LOCAL, _ISO_WITH_OFFSET = 0, 1, 2

# The date part of every other form, at the start of the text.
_DATE_FORMS = (
    # 2025-07-10, 2017/12/01, 2017/12/1: year first, then month and day.
    re.compile(r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"),
    # 01.01.2015: day first (German, Italian...).
    re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"),
    # 10-Jul-2025, 15 Mar 2026.
    re.compile(r"(?P<day>\d{1,2})(?:-|\s+)(?P<name>[a-z]+)\.?(?:-|\s+)(?P<year>\d{4})", re.IGNORECASE),
    # Dec 1, 2017; September 4 2026.
    re.compile(r"(?P<name>[a-z]+)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})", re.IGNORECASE),
)
# What may follow the date: a time with optional AM/PM (a.m./p.m. in Canada), then a zone
# abbreviation and/or an offset (Z, PST, GMT+01:00, UTC+9, +09:00, -0700).
_TIME_AND_ZONE = re.compile(
    r"""
    (?:
        (?:T|\s+|,\s*)
        (?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?
        (?:\s*(?P<half>[ap])\.?\s?m\.?(?![a-z]))?
        (?:\s*(?P<zone>[a-z]{1,5}))?
        (?:\s*(?P<offset>[+-]\d{1,2}(?::?\d{2})?))?
    )?
    \s*
    """,
    re.IGNORECASE | re.VERBOSE,
)
_OFFSET = re.compile(r"(?P<sign>[+-])(?P<hours>\d{1,2}):?(?P<minutes>\d{2})?")

_NANOSECONDS_PER_SECOND = 1_000_000_000
_NANOSECONDS_PER_MINUTE = 60 * _NANOSECONDS_PER_SECOND
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
# Values closer than two days to the limits of datetime64[ns] (1677-09-21 to 2262-04-11) are NaT,
# so that converting them to another time zone cannot overflow.
_MARGIN = 2 * 24 * 60 * _NANOSECONDS_PER_MINUTE
_LOWEST = pd.Timestamp.min.value + _MARGIN
_HIGHEST = pd.Timestamp.max.value - _MARGIN
_NAT = np.iinfo(np.int64).min  # NaT as int64


def parse_datetimes(values: pd.Series, time_zone: str) -> pd.Series:
    """Parse date and time texts into naive datetimes in ``time_zone``.

    Values with an offset or a zone abbreviation (``Z``, ``+09:00``, ``PST``, ``GMT-05:00``; see
    :data:`ZONE_OFFSETS`) are converted to ``time_zone``. Values without one (``10-Jul-2025``,
    ``2017/12/01 12:38:23``) are taken as already in ``time_zone`` and kept as written.

    Forms read (English month names, full or abbreviated, in any case):

    * ISO 8601 with ``T`` or a space, optional seconds and fraction, optional ``Z`` or offset:
      ``2020-06-16T04:29:28+00:00``, ``2025-07-10``, ``2023-01-01 00:00:00 UTC``.
    * ``Dec 1, 2017 12:38:23 AM PST``, ``Dec 1, 2017 12:38:23 a.m. PST`` (Canada).
    * ``15 Mar 2026 3:22:08 PM UTC``, ``10-Jul-2025``.
    * Day first with dots: ``01.01.2015 20:29:20 GMT+00:00`` (also ``GMT+01:00``, ``UTC+9``).
    * Year first with slashes: ``2017/12/01 12:38:23 JST``, ``2017/12/1 0:05:07``.

    Forms whose day and month order is a guess (``04/05/22``, ``04-30-22``, ``12/01/2017``) are not
    read.

    :param values: stripped texts, ``""`` when blank (None and NaN count as blank).
    :param time_zone: IANA time zone of the result, e.g. ``"America/Los_Angeles"`` or ``"UTC"``.
    :returns: ``datetime64[ns]`` values with the index of ``values``: NaT for blank and for
        unreadable texts (also impossible dates and dates outside 1677-09-23 to 2262-04-09), so
        ``(values != "") & result.isna()`` finds the unreadable ones.
    :raises ValueError: when ``time_zone`` is not an IANA time zone.
    """
    _check_time_zone(time_zone)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = np.array([_text(value) for value in uniques], dtype=object)
    kinds = np.array([_iso_kind(text) for text in texts], dtype=np.int8)
    nanoseconds = np.full(len(texts), _NAT, dtype="int64")
    with_offset, local = kinds == _ISO_WITH_OFFSET, kinds == _ISO_LOCAL
    if with_offset.any():
        moments = pd.to_datetime(texts[with_offset], format="ISO8601", utc=True, errors="coerce")
        nanoseconds[with_offset] = _to_local(moments.as_unit("ns").asi8, time_zone)
    if local.any():
        moments = pd.to_datetime(texts[local], format="ISO8601", errors="coerce")
        nanoseconds[local] = moments.as_unit("ns").asi8
    others = np.flatnonzero((kinds == _OTHER) & (texts != ""))
    if len(others):
        nanoseconds[others] = _parse_others(texts[others].tolist(), time_zone)
    result = np.full(len(codes), _NAT, dtype="int64")
    known = codes >= 0
    result[known] = nanoseconds[codes[known]]
    return pd.Series(result.view("datetime64[ns]"), index=values.index, name=values.name)


def carries_zone(values: pd.Series) -> pd.Series:
    """Whether each date text states its offset or zone (``Z``, ``+09:00``, ``PST``, ``GMT+01:00``).

    :func:`parse_datetimes` converts exactly these values; the others are wall times as written.

    :param values: texts as for :func:`parse_datetimes`.
    :returns: booleans with the index of ``values`` (False for blank and unreadable texts).
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    flags = np.array([_has_zone(_text(value)) for value in uniques], dtype=bool)
    result = np.zeros(len(codes), dtype=bool)
    known = codes >= 0
    result[known] = flags[codes[known]]
    return pd.Series(result, index=values.index, name=values.name)


def _has_zone(text: str) -> bool:
    kind = _iso_kind(text)
    if kind != _OTHER:
        return kind == _ISO_WITH_OFFSET
    parsed = _parse_one(text) if text else None
    return parsed is not None and parsed[1] is not None


def _check_time_zone(time_zone: str) -> None:
    try:
        zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"{time_zone!r} is not an IANA time zone such as 'Europe/Berlin'") from None


def _iso_kind(text: str) -> int:
    """Tell whether pandas can parse ``text`` as ISO 8601, and whether it has an offset."""
    match = _ISO.fullmatch(text)
    if match is None:
        return _OTHER
    return _ISO_LOCAL if match.lastindex is None else _ISO_WITH_OFFSET


def _text(value: object) -> str:
    """The stripped text of one value; blank for None and NaN."""
    if isinstance(value, str):
        return value.strip()
    return "" if pd.isna(value) else str(value).strip()  # type: ignore[call-overload]  # pandas-stubs: isna of any object


def _to_local(utc_nanoseconds: np.ndarray, time_zone: str) -> np.ndarray:
    """Naive local times (int64 nanoseconds) of UTC instants; NaT stays NaT."""
    instants = pd.DatetimeIndex(utc_nanoseconds.view("datetime64[ns]")).tz_localize("UTC")
    return instants.tz_convert(time_zone).tz_localize(None).asi8


def _parse_others(texts: list[str], time_zone: str) -> np.ndarray:
    """Parse the texts that are not plain ISO 8601, each with :func:`_parse_one`."""
    parsed = [_parse_one(text) for text in texts]
    wall = np.array([_NAT if moment is None else moment[0] for moment in parsed], dtype="int64")
    offsets = np.array([0 if moment is None or moment[1] is None else moment[1] for moment in parsed], dtype="int64")
    zoned = np.array([moment is not None and moment[1] is not None for moment in parsed], dtype=bool)
    if zoned.any():
        wall[zoned] = _to_local(wall[zoned] - offsets[zoned], time_zone)
    return wall


@lru_cache(maxsize=65_536)
def _parse_one(text: str) -> tuple[int, int | None] | None:
    """Parse one date and time text.

    :returns: ``(wall-clock time as nanoseconds since 1970-01-01, offset from UTC in nanoseconds or
        None when the text has no zone)``, or None when the text is not a date amzsheet reads.
    """
    for form in _DATE_FORMS:
        date_match = form.match(text)
        rest = _TIME_AND_ZONE.fullmatch(text, date_match.end()) if date_match else None
        if date_match is None or rest is None:
            continue
        try:
            day, seconds, offset = _date(date_match), _seconds_of_day(rest), _offset_minutes(rest)
        except ValueError:
            return None
        wall = ((day.toordinal() - _EPOCH_ORDINAL) * 86_400 + seconds) * _NANOSECONDS_PER_SECOND
        wall += int((rest["fraction"] or "0").ljust(9, "0"))
        offset_nanoseconds = None if offset is None else offset * _NANOSECONDS_PER_MINUTE
        if not _LOWEST <= wall - (offset_nanoseconds or 0) <= _HIGHEST:
            return None
        return wall, offset_nanoseconds
    return None


def _date(match: re.Match[str]) -> dt.date:
    """The calendar date of a :data:`_DATE_FORMS` match; ValueError when it does not exist."""
    groups = match.groupdict()
    month = _MONTHS.get(groups["name"].lower(), 0) if groups.get("name") else int(groups["month"])
    return dt.date(int(groups["year"]), month, int(groups["day"]))


def _seconds_of_day(match: re.Match[str]) -> int:
    """Seconds since midnight of a :data:`_TIME_AND_ZONE` match (0 without a time); ValueError if impossible."""
    if match["hour"] is None:
        return 0
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
    if match["half"]:
        if not 1 <= hour <= 12:
            raise ValueError(f"{hour} is not an hour on a 12-hour clock")
        hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"{hour}:{minute}:{second} is not a time of day")
    return (hour * 60 + minute) * 60 + second


def _offset_minutes(match: re.Match[str]) -> int | None:
    """Offset from UTC in minutes of a :data:`_TIME_AND_ZONE` match; None when the text has no zone.

    :raises ValueError: when the zone is unknown or the offset impossible.
    """
    zone, offset = match["zone"], match["offset"]
    if zone is not None and zone.upper() not in ZONE_OFFSETS:
        raise ValueError(f"unknown time zone {zone!r}")
    if offset is None:
        return None if zone is None else ZONE_OFFSETS[zone.upper()]
    if zone is not None and zone.upper() not in ("UTC", "GMT"):
        raise ValueError(f"an offset only follows UTC or GMT, not {zone!r}")
    parts = _OFFSET.fullmatch(offset)
    assert parts is not None  # every offset _TIME_AND_ZONE matches is one
    hours, minutes = int(parts["hours"]), int(parts["minutes"] or 0)
    if hours > 14 or minutes > 59:
        raise ValueError(f"{offset!r} is not an offset from UTC")
    return (hours * 60 + minutes) * (-1 if parts["sign"] == "-" else 1)
