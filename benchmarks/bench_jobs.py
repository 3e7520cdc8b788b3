"""The benchmark's timed jobs; each runs in a fresh Python process started by refresh_benchmark.py.

    python benchmarks/bench_jobs.py JOB WORKBOOK --today YYYY-MM-DD [--export FILE]

A job reports its elapsed time (library import included, interpreter start-up excluded), the time
of each of its phases and its peak memory as JSON on its last line of output. Only the standard
library is imported here: each job pays for its own library's import and no other.

- ``refresh``: ``amzsheet.refresh(workbook, [export], today=today)``, the daily refresh.
- ``morning``: ``amzsheet.refresh(workbook, [], today=today)``, a refresh with no new report on a new
  day (the workbook is written again because the day changed).
- ``plain``: openpyxl loads the workbook, appends the export's lines as rows (no merging), saves.
- ``plain-resave``: openpyxl loads the workbook and saves it.
- ``libreoffice``: headless LibreOffice opens the workbook, recalculates every formula and saves it,
  as ``tests/excel/test_libreoffice.py`` does (a new profile, TZ=UTC; the workbook carries its own
  Reference date); first on a one-cell workbook, so that the figure leaves out creating the profile.
  Its peak memory is LibreOffice's (its largest child process's).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ORDERS_SHEET = "Order Tracking"
# The plain job's column mapping: All Orders header -> Order Tracking header(s), matched by name.
_PLAIN_MAPPING = (
    ("amazon-order-id", "Order ID"), ("purchase-date", "Order Date"), ("sku", "SKU"),
    ("product-name", "Product Name"), ("quantity", "Quantity"), ("item-price", "Item Total"),
    ("currency", "Currency"), ("fulfillment-channel", "Channel"), ("order-status", "Order Status"),
    ("last-updated-date", "Last Updated"), ("order-status", "Amazon Status"),
)  # fmt: skip
_PLAIN_DATES = {"purchase-date", "last-updated-date"}
_PLAIN_NUMBERS = {"quantity", "item-price"}
_TESTS = Path(__file__).resolve().parents[1] / "tests"  # tests/helpers/recalc.py drives LibreOffice


class _Phases:
    """Durations of consecutive phases, from the moment the job started."""

    def __init__(self, first: str) -> None:
        self.started = time.perf_counter()
        self.marks: list[tuple[str, float]] = [(first, self.started)]

    def begin(self, phase: str) -> None:
        self.marks.append((phase, time.perf_counter()))

    def result(self, **extra: Any) -> dict[str, Any]:
        finished = time.perf_counter()
        ends = [moment for _, moment in self.marks[1:]] + [finished]
        phases = [[name, end - begin] for (name, begin), end in zip(self.marks, ends)]
        return {"seconds": finished - self.started, "phases": phases, **extra}


def _refresh(workbook: Path, reports: list[Path], today: dt.date) -> dict[str, Any]:
    clock = _Phases("import amzsheet")
    import amzsheet

    def progress(step: str, done: int, total: int) -> None:
        clock.begin(step)

    result = amzsheet.refresh(workbook, reports, today=today, progress=progress)
    return clock.result(
        new_lines=result.new_lines,
        updated_lines=result.updated_lines,
        written=result.written,
        reasons=[str(reason) for reason in result.reasons],
    )


def job_refresh(workbook: Path, export: Path | None, today: dt.date) -> dict[str, Any]:
    """The daily refresh: ``amzsheet.refresh`` with the day's export."""
    if export is None:
        raise SystemExit("the refresh job needs --export")
    return _refresh(workbook, [export], today)


def job_morning(workbook: Path, export: Path | None, today: dt.date) -> dict[str, Any]:
    """A morning refresh with nothing new: ``amzsheet.refresh`` without a report, for ``today``."""
    return _refresh(workbook, [], today)


def job_plain(workbook: Path, export: Path | None, today: dt.date) -> dict[str, Any]:
    """openpyxl: load, append the report's lines as rows (no merging), save."""
    if export is None:
        raise SystemExit("the plain job needs --export")
    clock = _Phases("import + load_workbook")
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    clock.begin("parse + append")
    sheet = book[ORDERS_SHEET]
    header = [cell.value for cell in sheet[2]]  # under the legend of the alert colours
    rows = plain_rows(export, header)
    for row in rows:
        sheet.append(row)
    clock.begin("save")
    book.save(workbook)
    return clock.result(appended=len(rows))


def job_plain_resave(workbook: Path, export: Path | None, today: dt.date) -> dict[str, Any]:
    """openpyxl: load the workbook and save it, unchanged."""
    clock = _Phases("import + load_workbook")
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    clock.begin("save")
    book.save(workbook)
    return clock.result()


def job_libreoffice(workbook: Path, export: Path | None, today: dt.date) -> dict[str, Any]:
    """LibreOffice opens ``workbook``, recalculates every formula and saves a copy (recalculated/)."""
    sys.path.insert(0, str(_TESTS))
    import openpyxl
    from helpers import recalc

    if recalc.soffice() is None:
        raise SystemExit("LibreOffice (soffice) is not installed")
    tiny = workbook.parent / "one-cell.xlsx"
    book = openpyxl.Workbook()
    book.worksheets[0]["A1"] = "=1+1"
    book.save(tiny)
    clock = _Phases("start with a new profile (one-cell workbook)")
    recalc.recalculate(tiny, workbook.parent)
    clock.begin("open, recalculate every formula, save")
    recalculated = recalc.recalculate(workbook, workbook.parent)
    return clock.result(recalculated=str(recalculated))


def plain_rows(export: Path, sheet_header: Sequence[object]) -> list[list[object]]:
    """The report's lines as Order Tracking rows, columns matched by name (dates and numbers converted)."""
    import csv

    with open(export, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        pairs = [(header.index(source), sheet_header.index(target)) for source, target in _PLAIN_MAPPING]
        converters = [_plain_converter(header[source]) for source, _ in pairs]
        rows = []
        for line in reader:
            row: list[object] = [None] * len(sheet_header)
            for (source, target), convert in zip(pairs, converters):
                row[target] = convert(line[source])
            rows.append(row)
    return rows


def _plain_converter(name: str) -> Callable[[str], object]:
    if name in _PLAIN_DATES:
        return lambda text: dt.datetime.fromisoformat(text).replace(tzinfo=None) if text else None
    if name in _PLAIN_NUMBERS:
        return lambda text: float(text) if text else None
    if name == "fulfillment-channel":
        return lambda text: "FBA" if text == "Amazon" else "FBM"
    return lambda text: text or None


JOBS: dict[str, Callable[[Path, Path | None, dt.date], dict[str, Any]]] = {
    "refresh": job_refresh,
    "morning": job_morning,
    "plain": job_plain,
    "plain-resave": job_plain_resave,
    "libreoffice": job_libreoffice,
}


def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MiB of this process (or of its largest child, ``RUSAGE_CHILDREN``).

    For this process, Linux's VmHWM: ``ru_maxrss`` would count the parent's peak too, because the kernel
    carries it over into the child when the child starts a new program (exec).
    """
    status = Path("/proc/self/status")
    if who == resource.RUSAGE_SELF and status.exists():
        match = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), re.MULTILINE)
        if match:
            return int(match.group(1)) / 2**10
    peak = resource.getrusage(who).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def main(argv: list[str] | None = None) -> int:
    """Run one job and print its measurements as JSON on the last line."""
    parser = argparse.ArgumentParser(description="One timed job of the refresh benchmark.")
    parser.add_argument("job", choices=sorted(JOBS))
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--today", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--export", type=Path)
    args = parser.parse_args(argv)
    result = JOBS[args.job](args.workbook, args.export, args.today)
    who = resource.RUSAGE_CHILDREN if args.job == "libreoffice" else resource.RUSAGE_SELF
    result["peak_rss_mib"] = peak_rss_mib(who)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
