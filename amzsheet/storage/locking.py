"""Keep two writers off one workbook: Excel (its lock file) and another amzsheet run.

Excel marks an open workbook with an owner file beside it (``~$tracker.xlsx``, or
``~$acker.xlsx`` for longer names), LibreOffice with ``.~lock.tracker.xlsx#``. While
one exists a refresh refuses to run: Excel would keep its own copy and overwrite ours.

Two amzsheet runs on one workbook take turns: each holds an operating-system lock on
a small ``.<name>.lock`` file beside the workbook from before it reads the workbook
until after it has replaced it. The second run waits for the first (up to a limit),
then reads what the first wrote, so neither loses the other's orders. The lock dies
with its process, so a killed run never leaves the workbook locked.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from amzsheet.errors import WorkbookBusyError

#: How long a run waits for another run on the same workbook before giving up.
WAIT_SECONDS = 120.0
_POLL_SECONDS = 0.1


def office_lock_files(workbook: Path) -> list[Path]:
    """The lock files Excel or LibreOffice leave beside ``workbook`` while it is open."""
    name = workbook.name
    candidates = {f"~${name}", f"~${name[2:]}", f".~lock.{name}#"}
    return sorted(workbook.with_name(candidate) for candidate in candidates if workbook.with_name(candidate).exists())


def refuse_if_open_in_office(workbook: Path) -> None:
    """Raise :class:`WorkbookBusyError` when Excel or LibreOffice has ``workbook`` open."""
    found = office_lock_files(workbook)
    if found:
        raise WorkbookBusyError(
            f"{workbook} is open in Excel or LibreOffice (its lock file {found[0].name} exists); close it and run "
            f"again (if no spreadsheet program is running, delete {found[0].name}); nothing was changed"
        )


@contextlib.contextmanager
def workbook_lock(
    workbook: Path, wait_seconds: float | None = None, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the amzsheet lock of ``workbook`` for the duration of the block.

    :param wait_seconds: how long to wait for another run (default :data:`WAIT_SECONDS`).
    :param on_wait: told once, with a sentence, when another run holds the lock and this one waits.
    :raises WorkbookBusyError: another run still holds the lock after that time.
    """
    wait_seconds = WAIT_SECONDS if wait_seconds is None else wait_seconds
    lock_path = workbook.with_name(f".{workbook.name}.lock")
    try:
        handle = open(lock_path, "a+b")  # noqa: SIM115 - held open for the whole block
    except OSError as exc:
        raise WorkbookBusyError(
            f"{workbook}: the lock file {lock_path.name} cannot be created ({exc.strerror or exc}); "
            "make the folder writable and run again"
        ) from None
    with handle:
        deadline = time.monotonic() + wait_seconds
        told = False
        while not _locked(workbook, lock_path, handle):
            if on_wait is not None and not told:
                on_wait(f"Waiting for another amzsheet run on {workbook} to finish (up to {wait_seconds:.0f} s)...")
                told = True
            if time.monotonic() >= deadline:
                raise WorkbookBusyError(
                    f"{workbook} is being refreshed by another amzsheet run that has not finished after "
                    f"{wait_seconds:.0f} s; wait for it and run again; nothing was changed"
                )
            time.sleep(_POLL_SECONDS)
        try:
            yield
        finally:
            _unlock(handle)


def _locked(workbook: Path, lock_path: Path, handle) -> bool:
    """Try to take the lock once: False while another run holds it."""
    try:
        return _try_lock(handle)
    except OSError as exc:  # e.g. a network drive without locks: not "busy", say what it is
        raise WorkbookBusyError(
            f"{workbook}: the lock file {lock_path.name} cannot be locked ({exc.strerror or exc}), so amzsheet "
            "cannot make sure no other run writes the workbook at the same time; move the workbook to a local "
            "folder and run again; nothing was changed"
        ) from None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle) -> bool:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle) -> None:
        handle.seek(0)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another run holds it
            return False
        return True

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


__all__ = ["WAIT_SECONDS", "office_lock_files", "refuse_if_open_in_office", "workbook_lock"]
