"""Replace a workbook safely: temporary file, flush, backup, rename, flush the folder.

A refresh killed at any moment (or a power cut) leaves either the old workbook or the
new one, never a mix: the new workbook is complete on disk before its name changes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from amzsheet.errors import WorkbookError, WorkbookLockedError
from amzsheet.excel.package_guard import check_workbook_package
from amzsheet.storage.backups import back_up, prune


def check_path(path: Path) -> None:
    """Refuse a workbook name that is not ``.xlsx`` (amzsheet reads and writes .xlsx only), or in no folder.

    An existing file in another format (.xls, .xlsm, .ods...) gets the sentence saying how to convert it.
    """
    if path.suffix.lower() != ".xlsx":
        if path.is_file():
            check_workbook_package(path)
        raise WorkbookError(f"{path}: a tracker is an .xlsx workbook; give a file name ending in .xlsx")
    folder = path.absolute().parent
    if not folder.is_dir():
        raise WorkbookError(f"{path}: the folder {folder} does not exist; check the path of the workbook")


def temporary_files(path: Path) -> list[Path]:
    """Temporary files a save of ``path`` that was killed may have left behind (with their staging copies)."""
    return sorted(path.parent.glob(f"{glob.escape(_TEMPORARY_PREFIX.format(name=path.name))}*.tmp*"))


#: Temporary files of a save are named after the workbook, so that cleaning up after one
#: workbook never touches another's (tracker.xlsx and tracker.2026.xlsx in one folder).
_TEMPORARY_PREFIX = ".{name}.amzsheet-"


def write_atomically(
    path: Path, write: Callable[[str], object], keep_backups: int, now: dt.datetime | None = None
) -> Path | None:
    """Write a new ``path`` with ``write(temporary_path)`` and swap it in.

    The old file, if any, becomes a backup (see :func:`amzsheet.storage.backups.back_up`) and
    lends the new file its permissions. On any failure the old file is left as it was
    and the temporary file is removed. Through a symbolic link, the file it points to
    is replaced.

    :param now: the time the backup is named after (default: now).
    :return: the backup made, or None.
    """
    check_path(path)
    path = Path(os.path.realpath(path))
    temporary: str | None = None
    backup: Path | None = None
    replaced = False
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=_TEMPORARY_PREFIX.format(name=path.name), suffix=".tmp", dir=path.parent
        )
        os.close(handle)
        write(temporary)
        with open(temporary, "rb+") as stream:
            os.fsync(stream.fileno())
        if path.exists():
            shutil.copymode(path, temporary)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        backup = back_up(path, keep_backups, now)
        os.replace(temporary, path)
        replaced = True
        with contextlib.suppress(OSError):  # the new workbook is in place; the flush only hastens it
            _sync_folder(path.parent)
        if keep_backups > 0:
            prune(path, keep_backups)  # only now: a failed save must not cost an old backup
        return backup
    except BaseException as exc:
        if not replaced and backup is not None:  # the workbook was not replaced: no new backup either
            backup.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _explain(path, exc) from None
        raise
    finally:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)


def _explain(path: Path, error: OSError) -> WorkbookError:
    """One sentence for a failed save."""
    if isinstance(error, PermissionError):
        return WorkbookLockedError(
            f"{path} cannot be written (is it open in Excel, or the folder read-only?); close it and run again"
        )
    return WorkbookError(f"{path} cannot be written ({error.strerror or error}); nothing was changed")


def _sync_folder(folder: Path) -> None:
    """Flush the rename itself to disk (POSIX; Windows has no directory handles for this)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
