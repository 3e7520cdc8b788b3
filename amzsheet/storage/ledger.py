"""The import ledger (the hidden Imports sheet) and the rejected-lines file.

Every report imported adds a row to the ledger: file name, SHA-256 of its bytes,
report type, rows, rejected rows and when. A file whose SHA-256 is in the ledger
was imported before, so importing it again changes nothing, whatever its name.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from amzsheet.contract.schema import IMPORT_COLUMNS
from amzsheet.contract.tables import conform
from amzsheet.errors import ReportError, WorkbookError
from amzsheet.excel.spreadsheet_text import inert
from amzsheet.reports.reading import RejectedLine, Report
from amzsheet.storage.stamps import file_sha256


@dataclass(frozen=True)
class SkippedReport:
    """A report left alone because the ledger shows its exact content was imported before.

    :param path: the file given.
    :param imported_at: when it was imported (None: earlier in the same run).
    """

    path: Path
    imported_at: dt.datetime | None


def file_digest(path: str | os.PathLike) -> str:
    """SHA-256 of the file's bytes, in hex."""
    try:
        return file_sha256(path)
    except OSError as exc:
        raise ReportError(path, f"cannot be read ({exc.strerror or exc})") from None


def ledger_index(imports: pd.DataFrame) -> dict[str, dt.datetime | None]:
    """SHA-256 -> when that content was first imported, from the ledger table."""
    index: dict[str, dt.datetime | None] = {}
    for digest, when in zip(imports["SHA-256"], imports["Imported At"]):
        if isinstance(digest, str) and digest not in index:
            index[digest] = None if pd.isna(when) else pd.Timestamp(when).to_pydatetime()
    return index


def record_imports(imports: pd.DataFrame, exports: Sequence[Report], when: dt.datetime) -> pd.DataFrame:
    """The ledger with one row added per report in ``exports``."""
    rows = pd.DataFrame(
        {
            "File": [export.path.name for export in exports],
            "SHA-256": [export.digest for export in exports],
            "Report": [export.kind for export in exports],
            "Rows": [float(export.rows) for export in exports],
            "Rejected": [float(len(export.rejected)) for export in exports],
            "Imported At": pd.Series([when] * len(exports), dtype="datetime64[ns]"),
        }
    )
    ledger = conform(imports, IMPORT_COLUMNS)
    if rows.empty:
        return ledger
    return pd.concat([ledger, rows.reindex(columns=ledger.columns).astype(ledger.dtypes.to_dict())], ignore_index=True)


def write_rejected_lines(workbook: Path, rejected: Sequence[RejectedLine]) -> Path:
    """Write the lines ``--skip-bad-rows`` left out to a tab-separated file next to the workbook.

    :return: the file written, ``<workbook name>-rejected-<YYYYMMDD-HHMMSS>.tsv``.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    names = (f"{workbook.stem}-rejected-{stamp}{'' if n == 1 else f'-{n}'}.tsv" for n in itertools.count(1))
    target = next(workbook.with_name(name) for name in names if not workbook.with_name(name).exists())
    try:
        with open(target, "x", encoding="utf-8", newline="") as stream:  # never overwrite an earlier list
            writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
            writer.writerow(["file", "line", "column", "value", "reason", "fields (buyer contact details left out)"])
            for line in rejected:
                cells = [line.path.name, str(line.line), line.column, line.value, line.reason, line.text]
                writer.writerow([inert(cell) for cell in cells])
    except OSError as exc:
        raise WorkbookError(
            f"{target} cannot be written ({exc.strerror or exc}), so the workbook was not changed; "
            "make the folder writable and run again"
        ) from None
    return target
