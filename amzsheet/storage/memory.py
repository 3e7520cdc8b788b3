"""Give the memory that a large read or save freed back to the operating system.

A refresh of a large tracker makes millions of short-lived Python strings and arrays; once freed,
glibc's allocator keeps most of that memory in the process for reuse instead of returning it, so
the process stays as large as its largest step (at 800,000 order lines, about 600 MiB more after
the save than the live objects need). ``malloc_trim`` returns the free pages. Elsewhere (macOS,
Windows, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable
from functools import cache


def release_free_memory() -> bool:
    """Return the allocator's free memory to the operating system; whether any was returned (glibc only)."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim else False


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # no C library by that name, or not glibc (musl has no malloc_trim)
        return None
