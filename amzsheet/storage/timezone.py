"""The computer's time zone, as an IANA name for the Settings sheet."""

from __future__ import annotations

import tzlocal


def local_time_zone() -> str:
    """Return the IANA name of the computer's time zone (e.g. "Europe/Berlin"), or "UTC"."""
    try:
        return tzlocal.get_localzone_name() or "UTC"
    except Exception:  # tzlocal raises its own errors on unusual configurations
        return "UTC"
