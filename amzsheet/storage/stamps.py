"""A workbook file as it was when read, to refuse saving over a later change."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class FileStamp:
    """A workbook file as it was when read: saving over it later is refused if it has changed since.

    :param path: the file's real path.
    :param modified_ns: its modification time, in nanoseconds.
    :param size: its size in bytes.
    """

    path: str
    modified_ns: int
    size: int

    @classmethod
    def of(cls, path: str | os.PathLike) -> FileStamp:
        """The stamp of the file at ``path`` now."""
        status = os.stat(path)
        return cls(os.path.realpath(path), status.st_mtime_ns, status.st_size)
