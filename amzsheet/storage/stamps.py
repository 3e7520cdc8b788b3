"""A file as it was when read: its stamp, to refuse saving over a later change, and its SHA-256."""

from __future__ import annotations

import hashlib
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


def file_sha256(path: str | os.PathLike) -> str:
    """The SHA-256 of the file's bytes, in hex.

    :raises OSError: the file cannot be read.
    """
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()
