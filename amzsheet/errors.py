"""Errors amzsheet raises on bad input. Every message is one sentence for the seller.

``AmzsheetError`` is the base. The input branch (:class:`ReportError` and its
children) is about an Amazon export; the file branch (:class:`WorkbookError` and
its children) is about the tracker workbook. The CLI prints ``Error: <message>``
and exits with code 1 for any of them.

Warnings derive from :class:`AmzsheetWarning`: ``warnings.simplefilter("error", AmzsheetWarning)`` turns
them into errors, ``"ignore"`` silences them.
"""

from __future__ import annotations

import os


class AmzsheetError(Exception):
    """Base class of every error amzsheet raises on purpose."""


class ReportError(AmzsheetError, ValueError):
    """An Amazon export could not be read: the message names file, line and column.

    :param path: the export file.
    :param message: what is wrong and what to do.
    :param line: 1-based line number in the file, when known.
    :param column: header name of the column, when known.
    """

    def __init__(self, path: str | os.PathLike, message: str, *, line: int | None = None, column: str | None = None):
        self.path = os.fspath(path)
        self.line = line
        self.column = column
        where = self.path
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}{self.joiner}{message}")

    #: What joins the file's place and the message.
    joiner = ": "


class UnknownReportError(ReportError):
    """The file is not an Amazon report amzsheet knows (recognised by its header).

    Its message reads as a sentence about the file: ``<file> is not an Amazon report ...``.
    """

    joiner = " "


class UnsupportedReportError(UnknownReportError):
    """The file is an Amazon report that amzsheet recognises but does not import (a settlement report, say)."""


class MissingColumnsError(ReportError):
    """The file looks like a known report but lacks columns amzsheet needs."""


class UsageError(AmzsheetError, ValueError):
    """An argument given to a command or function is not one amzsheet accepts (an unknown marketplace)."""


class MessageError(AmzsheetError, ValueError):
    """A customer message cannot be filled in: the workbook has no such order or template, or the template
    names a placeholder amzsheet does not know, or one the order leaves blank (see :mod:`amzsheet.model.messages`)."""


class WorkbookError(AmzsheetError):
    """The tracker workbook cannot be read or written."""


class NotATrackerError(WorkbookError, ValueError):
    """The workbook exists but is not an amzsheet tracker (sheets or headers missing)."""


class UnmanagedSheetsError(WorkbookError, ValueError):
    """The workbook has sheets a refresh would not keep (a refresh rebuilds the workbook)."""


class CorruptWorkbookError(WorkbookError, ValueError):
    """The workbook file is damaged or not an .xlsx file."""


class WorkbookLockedError(WorkbookError, PermissionError):
    """The workbook cannot be replaced: it is open in Excel or not writable."""


class ProtectedWorkbookError(WorkbookError, ValueError):
    """The workbook is password-protected (encrypted), so it cannot be read."""


class HostileWorkbookError(CorruptWorkbookError):
    """The file looks built to exhaust memory or time (a zip bomb, XML entity declarations, an oversized part)."""


class WorkbookBusyError(WorkbookError):
    """Excel or another refresh has the workbook open."""


class AmzsheetWarning(UserWarning):
    """Base class of the warnings amzsheet gives (with :func:`warnings.warn`); each message is one sentence."""


class UncachedValuesWarning(AmzsheetWarning):
    """A workbook's computed columns held no values, so :func:`amzsheet.open_workbook` computed them in pandas.

    A program that keeps formulas but does not compute them (openpyxl) saved the workbook without
    their results. The message names the day the values were computed for.
    """
