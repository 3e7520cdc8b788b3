"""Print a benchmark run's results: the jobs, their phases and peak memory, the targets, the verification."""

from __future__ import annotations

from typing import Any

_VERDICT_NAMES = {
    "ratio": "plain way / amzsheet, at least {target:g}x: {measured:.2f}x",
    "ratio_without_snapshot": "plain way / amzsheet without the snapshot, at least {target:g}x: {measured:.2f}x",
    "peak_mib": "amzsheet's peak memory under {target:.0f} MiB: {measured:.0f} MiB",
    "time_factor": "amzsheet at most {target:g}x the reference refresh's time: {measured:.2f}x",
}


def print_report(results: dict[str, Any]) -> None:
    """The jobs' table, each job's phases, the verdicts against the targets and the verification."""
    config, export = results["config"], results["export"]
    print(f"\n{results['scenario']}: {config['lines']} lines, {config['skus']} SKUs, today {config['today']}")
    print("setup (not timed as a job): " + ", ".join(f"{k} {v:.1f} s" for k, v in results["setup_seconds"].items()))
    print(f"base.xlsx {results['base_xlsx_mib']:.1f} MiB, base.archive {results['base_archive_mib']:.1f} MiB; "
          f"export {export['lines']} lines ({export['new_lines']} new, {export['updates']} updates)\n")  # fmt: skip
    print(f"{'job':<28}{'seconds':>9}{'wall s':>9}{'peak MiB':>10}")
    for name, job in results["jobs"].items():
        print(f"{name:<28}{job['seconds']:>9.2f}{job['wall_seconds']:>9.2f}{job['peak_rss_mib']:>10.0f}")
    print()
    for name, verdict in results["targets"].items():
        print(f"{'PASS' if verdict['pass'] else 'FAIL'}  {_VERDICT_NAMES[name].format(**verdict)}")
    for name, job in results["jobs"].items():
        print(f"\nphases of {name}:")
        for step, seconds in job["phases"]:
            print(f"  {step:<46}{seconds:>8.2f} s")
    _print_checks(results["verification"], results["jobs"].get("libreoffice"))


def _print_checks(checks: dict[str, Any], libreoffice: dict[str, Any] | None) -> None:
    print(f"\nverification of a.xlsx: {'OK' if checks['ok'] else 'FAILED'}")
    print(f"  lines {checks['all_lines']} (expected {checks['expected_lines']}): {checks['workbook_lines']} in the "
          f"workbook, {checks['archived_lines']} in the archive; refresh reported {checks['reported_new_lines']} "
          f"new (expected {checks['expected_new_lines']}), {checks['reported_updated_lines']} updated (expected "
          f"{checks['expected_updated_lines']}); new ids missing {checks['new_ids_missing']}; updates with a "
          f"wrong status {checks['updates_with_wrong_status']}")  # fmt: skip
    print(f"  written: {', '.join(checks['reasons']) or 'no'}")
    if libreoffice is not None:
        print(f"  LibreOffice: {libreoffice['formulas_differing']} of {libreoffice['formulas_checked']} formula cells "
              f"differ from amzsheet's cached values (compared in {libreoffice['compare_seconds']:.0f} s)")  # fmt: skip
        for difference in libreoffice["differences"]:
            print(f"    {difference}")
