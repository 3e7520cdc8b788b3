"""Backups of the workbook: one before every save, the last N kept, any of them restorable.

A backup is the previous workbook, kept under ``backups/`` beside it as
``<name>-<YYYYMMDD-HHMMSS>.xlsx``. It is made as a hard link to the old file just
before the new one is renamed over it (no copy, so it costs nothing however large the
workbook), or as a copy where the file system has no hard links.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from amzsheet.contract.archive import ARCHIVE_BACKUP_SUFFIX
from amzsheet.errors import WorkbookError

BACKUP_FOLDER = "backups"
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class Backup:
    """A backup of a workbook.

    :param path: the backup file.
    :param taken_at: when it was taken (from its name).
    :param size: its size in bytes.
    """

    path: Path
    taken_at: dt.datetime
    size: int


def backup_folder(workbook: Path) -> Path:
    """The folder holding ``workbook``'s backups."""
    return workbook.parent / BACKUP_FOLDER


def list_backups(workbook: Path) -> list[Backup]:
    """The backups of ``workbook``, newest first."""
    pattern = re.compile(rf"^{re.escape(workbook.stem)}-(\d{{8}}-\d{{6}})(?:-(\d+))?\.xlsx$")
    found = []
    folder = backup_folder(workbook)
    if not folder.is_dir():
        return []
    for path in folder.iterdir():
        match = pattern.match(path.name)
        if match and path.is_file():
            taken = dt.datetime.strptime(match.group(1), _STAMP)
            found.append((taken, int(match.group(2) or 1), Backup(path, taken, path.stat().st_size)))
    return [backup for *_, backup in sorted(found, key=lambda item: item[:2], reverse=True)]


def back_up(workbook: Path, keep: int, now: dt.datetime | None = None) -> Path | None:
    """Keep the current ``workbook`` as a backup (old backups are deleted later, by :func:`prune`).

    :param keep: backups to keep; 0 makes none.
    :return: the backup made (None when ``keep`` is 0 or there is no workbook yet).
    :raises WorkbookError: the backup cannot be written (the caller then leaves the workbook as it is).
    """
    if keep <= 0 or not workbook.exists():
        return None
    folder = backup_folder(workbook)
    try:
        folder.mkdir(exist_ok=True)
        target = next_backup(workbook, now)
        try:
            os.link(workbook, target)
        except OSError:
            shutil.copy2(workbook, target)
    except OSError as exc:
        raise WorkbookError(
            f"{workbook}: no backup could be written to {folder} ({exc.strerror or exc}), so the workbook was not "
            "changed; make that folder writable (or set Backups to keep to 0 in Settings) and run again"
        ) from None
    return target


def next_backup(workbook: Path, now: dt.datetime | None = None) -> Path:
    """The name the next backup of ``workbook`` taken at ``now`` gets (``<name>-<YYYYMMDD-HHMMSS>[-n].xlsx``)."""
    folder = backup_folder(workbook)
    stamp = (now or dt.datetime.now()).strftime(_STAMP)
    names = (f"{workbook.stem}-{stamp}{'' if n == 1 else f'-{n}'}.xlsx" for n in itertools.count(1))
    return next(folder / name for name in names if not (folder / name).exists())


def prune(workbook: Path, keep: int) -> None:
    """Delete all but the newest ``keep`` backups of ``workbook`` (none when ``keep`` is 0 or less).

    The archive backup taken with a workbook backup (see :mod:`amzsheet.storage.archive`) goes with it.
    """
    for old in list_backups(workbook)[max(keep, 0) :]:
        old.path.unlink(missing_ok=True)
        old.path.with_name(old.path.stem + ARCHIVE_BACKUP_SUFFIX).unlink(missing_ok=True)


def find_backup(workbook: Path, name: str) -> Backup:
    """The backup of ``workbook`` called ``name`` (a file name in the backups folder, or a path).

    :raises WorkbookError: there is no such backup.
    """
    for backup in list_backups(workbook):
        if name in (backup.path.name, str(backup.path)) or Path(name).expanduser().resolve() == backup.path.resolve():
            return backup
    raise WorkbookError(
        f"{workbook} has no backup called {name!r}; 'amzsheet restore {workbook} --list' shows the backups"
    )
