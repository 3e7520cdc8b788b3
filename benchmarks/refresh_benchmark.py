"""Benchmark: the refresh of a large tracker workbook, against the plain openpyxl way.

This is a benchmark script, not a test. It measures the goals of issue 13, one scenario per run::

    python benchmarks/refresh_benchmark.py [--scenario daily|catalogue|archive] [--lines N] [--skus N]
        [--daily N] [--years N] [--reference-lines N] [--libreoffice] [--workdir DIR] [--keep]

Scenarios (each job runs in a fresh Python process, ``bench_jobs.py``, that reports its own time,
phases and peak memory):

- ``daily`` (default; 100,000 lines, 60 SKUs): ``amzsheet.refresh`` with a daily All Orders export of
  ``--daily`` lines (75 % new lines, 25 % status updates), against openpyxl's load, append the
  export's rows, save. Target: the plain way takes at least 6x as long with fewer than 2,000 SKUs,
  at least 8x from 2,000 SKUs up (``--skus 2000``).
- ``catalogue`` (130,000 lines, 7,000 SKUs): a morning refresh with no new report, the day after
  the workbook was written (``amzsheet.refresh(workbook, [], today=TODAY + 1 day)``, which writes the
  workbook again), against openpyxl's load and save. Target: at least 8x.
- ``archive`` (1,100,000 lines, 2,000 SKUs): the daily refresh of a tracker whose older lines live in
  the order archive beside it (``base.archive/``, written by ``amzsheet.save_workbook``), and, in the
  same run, the daily refresh of a ``--reference-lines`` (100,000) line tracker with the same SKUs.
  Targets: peak memory under 2 GiB, and at most 11x the reference refresh's time. The lines are
  counted with ``amzsheet.history`` (every line, workbook and archive).

amzsheet's job runs on a copy of the base workbook as amzsheet's save left it, the snapshot of Order
Tracking beside it (see ``amzsheet.storage.table_snapshot``); in ``daily`` and ``catalogue`` it runs
again on a copy without the snapshot, as after Excel saved the workbook, and both ratios are reported.

``--libreoffice`` also times LibreOffice opening the refreshed workbook and recalculating every
formula (a stand-in for Excel opening it), and checks that its results agree with amzsheet's.

The trackers are deterministic (seed 20261125): ``--years`` (3) of order history up to TODAY
(2026-11-25) and an Inventory with the seller's inputs filled in. Results are printed and stored in
``WORKDIR/results.json``, one entry per scenario and size (a later run into the same folder adds
or replaces its own entry). The workbooks are removed at the end unless ``--keep`` is given;
without ``--workdir`` a temporary folder is used (and removed, results.json with it, unless ``--keep``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from bench_export import EXPORT_NAME, UPDATE_SHARE, Daily, daily_export, pick_updates, write_export
from bench_report import print_report
from bench_tracker import (
    DAY,
    SEED,
    SNAPSHOT_HOUR_UTC,
    TODAY,
    Ids,
    build_catalog,
    inventory_frame,
    order_ids,
    orders_frame,
    plan_lines,
    state_at,
    utc_ns,
)
from bench_verify import verify

import amzsheet
from amzsheet.contract.archive import ARCHIVE_SUFFIX
from amzsheet.contract.schema import SETTING_SPECS
from amzsheet.storage.table_snapshot import snapshot_path

JOBS_SCRIPT = Path(__file__).resolve().with_name("bench_jobs.py")
#: The name of amzsheet's job run again on a copy without the snapshot of Order Tracking (c.xlsx) adds this.
WITHOUT_SNAPSHOT = " without snapshot"
MEMORY_LIMIT_MIB = 2048.0
ARCHIVE_TIME_FACTOR = 11.0


@dataclass(frozen=True)
class Scenario:
    """What one scenario runs: its default size, its timed jobs, and the day they take as today."""

    lines: int
    skus: int
    jobs: tuple[str, ...]  # the first is amzsheet's, the second (if any) the plain way's
    today: dt.date


#: The most months Settings allows before an order is archived: the daily and catalogue trackers keep every line.
NEVER_ARCHIVE_MONTHS = int(next(spec.maximum or 0 for spec in SETTING_SPECS if spec.field == "archive_after_months"))

SCENARIOS = {
    "daily": Scenario(100_000, 60, ("refresh", "plain"), TODAY),
    "catalogue": Scenario(130_000, 7_000, ("morning", "plain-resave"), TODAY + dt.timedelta(days=1)),
    "archive": Scenario(1_100_000, 2_000, ("refresh",), TODAY),
}


def target_ratio(scenario: str, skus: int) -> float | None:
    """How many times as long the plain way must take: the issue's goal for this scenario and SKU count."""
    if scenario == "archive":
        return None
    return 8.0 if scenario == "catalogue" or skus >= 2_000 else 6.0


@dataclass(frozen=True)
class Setup:
    """The files the jobs work on and what the refresh should do to them."""

    base: Path
    export: Path
    base_lines: int
    daily: Daily
    seconds: dict[str, float]


def setup(folder: Path, lines: int, daily_lines: int, skus: int, years: float, archive: bool = False) -> Setup:
    """Build and save the base workbook (and its archive) and write the daily export (not timed as a job).

    Without ``archive`` the workbook keeps every line (Archive orders after: the most months Settings
    allows), as the issue measures the daily and catalogue refreshes; with it, the default (24 months).
    """
    folder.mkdir(parents=True, exist_ok=True)
    clock = _Clock()
    rng = np.random.default_rng(SEED)
    catalog = build_catalog(rng, skus)
    base_moment = utc_ns(TODAY - dt.timedelta(days=1), SNAPSHOT_HOUR_UTC)
    base = plan_lines(rng, catalog, lines, base_moment - round(years * 365) * DAY, base_moment)
    before = state_at(base, base_moment)
    picked = pick_updates(base, before, round(UPDATE_SHARE * daily_lines))
    new = plan_lines(rng, catalog, daily_lines - len(picked), base_moment, utc_ns(TODAY, SNAPSHOT_HOUR_UTC))
    base_orders = int(base.line_order.max()) + 1
    every_id = order_ids(rng, base_orders + int(new.line_order.max()) + 1)
    ids = Ids(every_id[:base_orders], every_id[base_orders:])
    orders = orders_frame(base, before, ids.base, catalog, rng)
    settings = amzsheet.Settings(time_zone="UTC")
    if not archive:
        settings = replace(settings, archive_after_months=NEVER_ARCHIVE_MONTHS)
    tracker = amzsheet.Tracker(orders, inventory_frame(catalog, orders, rng), settings)
    del orders
    clock.mark("build tracker")
    amzsheet.save_workbook(folder / "base.xlsx", tracker, TODAY)
    clock.mark("save base.xlsx")
    daily = daily_export(rng, base, before, picked, new, ids, catalog)
    write_export(folder / EXPORT_NAME, daily.rows)
    clock.mark("write export")
    return Setup(folder / "base.xlsx", folder / EXPORT_NAME, lines, daily, clock.seconds)


class _Clock:
    """Durations of consecutive steps."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def mark(self, step: str) -> None:
        now = time.perf_counter()
        self.seconds[step] = now - self._last
        self._last = now


def archive_of(workbook: Path) -> Path:
    """The order archive folder beside ``workbook`` (``tracker.xlsx`` -> ``tracker.archive``)."""
    return workbook.with_suffix(ARCHIVE_SUFFIX)


def copy_tracker(source: Path, target: Path, *, snapshot: bool = True) -> None:
    """Copy a workbook and, when it has them, its archive folder and (``snapshot``) the snapshot of Order
    Tracking its save kept: the copy is then as amzsheet's last save left it. Without the snapshot, it is as
    after another program (Excel) saved it: the sheet is read from the workbook."""
    shutil.copyfile(source, target)
    if archive_of(source).is_dir():
        shutil.rmtree(archive_of(target), ignore_errors=True)
        shutil.copytree(archive_of(source), archive_of(target))
    snapshot_path(target).unlink(missing_ok=True)
    if snapshot and snapshot_path(source).exists():
        shutil.copyfile(snapshot_path(source), snapshot_path(target))


def run_job(job: str, workbook: Path, today: dt.date, export: Path | None = None) -> dict[str, Any]:
    """Run ``job`` on ``workbook`` in a fresh Python process; its measurements and the wall time."""
    command = [sys.executable, str(JOBS_SCRIPT), job, str(workbook), "--today", today.isoformat()]
    command += ["--export", str(export)] if export else []
    started = time.perf_counter()
    process = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"job {job} failed (exit {process.returncode}):\n{process.stderr[-4000:]}")
    result = json.loads(process.stdout.strip().splitlines()[-1])
    result["wall_seconds"] = wall
    result["stderr_lines"] = len(process.stderr.splitlines())
    return result


def run_jobs(args: argparse.Namespace, folder: Path, prepared: Setup) -> dict[str, dict[str, Any]]:
    """The scenario's jobs, each on its own copy of base.xlsx (a.xlsx, b.xlsx), one after the other; with a plain
    way to compare, amzsheet's job again on c.xlsx, a copy without the snapshot of Order Tracking."""
    scenario = SCENARIOS[args.scenario]
    jobs = {}
    for job, copy_name in zip(scenario.jobs, ("a.xlsx", "b.xlsx")):
        print(f"running job {job} on {copy_name} ...", flush=True)
        copy_tracker(prepared.base, folder / copy_name)
        jobs[job] = run_job(job, folder / copy_name, scenario.today, prepared.export)
    if len(scenario.jobs) > 1:  # amzsheet's job again, on a workbook that another program saved last
        job = scenario.jobs[0]
        print(f"running job {job} on c.xlsx, without the snapshot of Order Tracking ...", flush=True)
        copy_tracker(prepared.base, folder / "c.xlsx", snapshot=False)
        jobs[f"{job}{WITHOUT_SNAPSHOT}"] = run_job(job, folder / "c.xlsx", scenario.today, prepared.export)
    return jobs


def run_reference(args: argparse.Namespace, folder: Path) -> tuple[Setup, dict[str, Any]]:
    """The archive scenario's yardstick: the daily refresh of a --reference-lines tracker, same SKUs."""
    print(f"setting up the reference: {args.reference_lines} lines ...", flush=True)
    prepared = setup(folder / "reference", args.reference_lines, args.daily, args.skus, args.years)
    print("running job refresh on reference/a.xlsx ...", flush=True)
    copy_tracker(prepared.base, prepared.base.with_name("a.xlsx"))
    return prepared, run_job("refresh", prepared.base.with_name("a.xlsx"), TODAY, prepared.export)


def run_libreoffice(folder: Path) -> dict[str, Any]:
    """Time LibreOffice recalculating the refreshed a.xlsx, and compare its results with amzsheet's."""
    sys.path.insert(0, str(JOBS_SCRIPT.parents[1] / "tests"))
    from helpers import recalc

    print("running job libreoffice on a.xlsx ...", flush=True)
    job = run_job("libreoffice", folder / "a.xlsx", TODAY)
    started = time.perf_counter()
    checked, mismatches = recalc.compare(folder / "a.xlsx", Path(job.pop("recalculated")))
    job["formulas_checked"], job["formulas_differing"] = checked, len(mismatches)
    job["differences"] = [f"{m.sheet}!{m.cell} {m.formula}: {m.cached!r} / {m.recalculated!r}" for m in mismatches[:5]]
    job["compare_seconds"] = time.perf_counter() - started
    return job


def judge(args: argparse.Namespace, jobs: dict[str, dict[str, Any]], reference: dict[str, Any] | None) -> dict:
    """The scenario's targets and whether they pass."""
    first = jobs[SCENARIOS[args.scenario].jobs[0]]
    names = SCENARIOS[args.scenario].jobs
    ratio = target_ratio(args.scenario, args.skus)
    if ratio is not None and len(names) > 1:
        measured = jobs[names[1]]["seconds"] / first["seconds"]
        verdicts = {"ratio": {"target": ratio, "measured": measured, "pass": measured >= ratio}}
        cold = jobs.get(f"{names[0]}{WITHOUT_SNAPSHOT}")
        if cold is not None:
            measured = jobs[names[1]]["seconds"] / cold["seconds"]
            verdicts["ratio_without_snapshot"] = {"target": ratio, "measured": measured, "pass": measured >= ratio}
        return verdicts
    verdicts: dict[str, Any] = {
        "peak_mib": {"target": MEMORY_LIMIT_MIB, "measured": first["peak_rss_mib"]},
    }
    verdicts["peak_mib"]["pass"] = first["peak_rss_mib"] < MEMORY_LIMIT_MIB
    if reference is not None:
        factor = first["seconds"] / reference["seconds"]
        verdicts["time_factor"] = {"target": ARCHIVE_TIME_FACTOR, "measured": factor}
        verdicts["time_factor"]["pass"] = factor <= ARCHIVE_TIME_FACTOR
    return verdicts


def run_key(args: argparse.Namespace) -> str:
    """The scenario's entry in results.json, e.g. "daily 100000 lines 2000 SKUs"."""
    return f"{args.scenario} {args.lines} lines {args.skus} SKUs"


def benchmark(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """Setup, the jobs, verification; returns the results (also stored in results.json)."""
    folder = workdir / run_key(args).replace(" ", "-")
    print(f"setting up in {folder}: {args.lines} lines over {args.years:g} years, {args.skus} SKUs, "
          f"daily export of {args.daily} lines ...", flush=True)  # fmt: skip
    prepared = setup(folder, args.lines, args.daily, args.skus, args.years, archive=args.scenario == "archive")
    reference = run_reference(args, folder) if args.scenario == "archive" else None
    jobs = run_jobs(args, folder, prepared)
    if reference is not None:
        jobs[f"refresh of {args.reference_lines} lines"] = reference[1]
    first = SCENARIOS[args.scenario].jobs[0]
    checks = verify(folder / "a.xlsx", prepared, jobs[first], args.scenario)
    if args.libreoffice:
        jobs["libreoffice"] = run_libreoffice(folder)
        checks["ok"] = checks["ok"] and jobs["libreoffice"]["formulas_differing"] == 0
    results = summarise(args, prepared, jobs, checks, reference[1] if reference else None)
    store(workdir / "results.json", run_key(args), results)
    return results


def summarise(
    args: argparse.Namespace,
    prepared: Setup,
    jobs: dict[str, dict[str, Any]],
    checks: dict[str, Any],
    reference: dict[str, Any] | None,
) -> dict[str, Any]:
    """Everything measured, as one JSON-ready dict."""
    archive = archive_of(prepared.base)
    return {
        "scenario": args.scenario,
        "config": {
            "lines": args.lines,
            "daily": args.daily,
            "skus": args.skus,
            "years": args.years,
            "today": SCENARIOS[args.scenario].today.isoformat(),
            "seed": SEED,
        },  # fmt: skip
        "measured_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "export": {
            "lines": len(prepared.daily.rows),
            "new_lines": prepared.daily.new_lines,
            "updates": len(prepared.daily.updates),
        },  # fmt: skip
        "base_xlsx_mib": prepared.base.stat().st_size / 2**20,
        "base_archive_mib": sum(f.stat().st_size for f in archive.rglob("*") if f.is_file()) / 2**20,
        "setup_seconds": prepared.seconds,
        "jobs": jobs,
        "targets": judge(args, jobs, reference),
        "verification": checks,
    }


def _commit() -> str | None:
    """The project's git commit (with "+changes" when the work tree differs), or None outside git."""
    root = Path(__file__).resolve().parents[1]
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()  # fmt: skip
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+changes" if dirty else "")


def store(path: Path, key: str, results: dict[str, Any]) -> None:
    """Add or replace ``key``'s entry in the results file."""
    stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    stored[key] = results
    path.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line; --lines and --skus default to the scenario's size."""
    parser = argparse.ArgumentParser(description="Benchmark amzsheet.refresh against the plain openpyxl way.")
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="daily", help="default: daily")
    parser.add_argument("--lines", type=int, help="order lines in the base workbook (default: the scenario's)")
    parser.add_argument("--skus", type=int, help="number of SKUs (default: the scenario's)")
    parser.add_argument("--daily", type=int, default=2_000, help="lines in the daily export (default 2000)")
    parser.add_argument("--years", type=float, default=3.0, help="years of order history (default 3)")
    parser.add_argument("--reference-lines", type=int, default=100_000, help="archive: the reference's lines")
    parser.add_argument("--libreoffice", action="store_true", help="also time LibreOffice recalculating a.xlsx")
    parser.add_argument("--workdir", type=Path, help="folder for the files (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the workbooks and the export")
    args = parser.parse_args(argv)
    scenario = SCENARIOS[args.scenario]
    args.lines = scenario.lines if args.lines is None else args.lines
    args.skus = scenario.skus if args.skus is None else args.skus
    return args


def main(argv: list[str] | None = None) -> int:
    """Run one scenario, print its report; exit status 1 when the verification fails."""
    args = parse_args(argv)
    temporary = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="amzsheet-bench-")) if temporary else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        results = benchmark(args, workdir)
        print_report(results)
    finally:
        _clean(workdir, workdir / run_key(args).replace(" ", "-"), temporary, args.keep)
    return 0 if results["verification"]["ok"] else 1


def _clean(workdir: Path, folder: Path, temporary: bool, keep: bool) -> None:
    if keep:
        print(f"\nfiles kept in {folder}")
    elif temporary:
        shutil.rmtree(workdir, ignore_errors=True)
        print(f"\n{workdir} removed (results.json with it); use --keep or --workdir to keep the results")
    else:
        shutil.rmtree(folder, ignore_errors=True)
        print(f"\nresults in {workdir / 'results.json'}")


if __name__ == "__main__":
    raise SystemExit(main())
