"""Giving freed memory back to the operating system after a large save."""

from __future__ import annotations

import sys

import pytest

from amzsheet.storage.memory import release_free_memory


def _resident_mib() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim; elsewhere nothing to check")
def test_memory_freed_by_many_small_objects_goes_back_to_the_system():
    # Cells' XML of 1,000 characters: above the 512 bytes Python's own allocator serves, so from malloc.
    cells = [f"{number:08d}" * 125 for number in range(300_000)]  # about 300 MiB
    kept = cells[::1000]  # a few survivors scattered over the heap, as after a save
    del cells
    freed_but_held = _resident_mib()
    assert release_free_memory()
    assert len(kept) == 300
    assert _resident_mib() < freed_but_held - 200
