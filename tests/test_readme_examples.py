"""Every example of the README runs as written: its Python, and each ``$ amzsheet ...`` command.

Each fenced block runs in a fresh folder, with a HOME whose Downloads holds the sample reports
(and ``All-Orders.txt``, the name the Python example uses). The files the examples name as the
seller's own (``settlement.txt``, ``notes.txt``, a report with a bad line) are written there too. A
command's shown output must appear in what it prints, in order, except ``...`` lines and the
clock's timestamps; a shown ``Error:`` line means exit code 1 and exactly that line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from helpers import TODAY, write_all_orders
from helpers.archive import older

import amzsheet
from amzsheet.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
_FENCE = re.compile(r"^( *)```(python|console)\n(.*?)^\1```$", re.M | re.S)
#: Console lines that are not amzsheet commands: installing, running the tests, the developer scripts.
_NOT_RUN = ("pip install -e", "python -m pytest", "python -m amzsheet.samples.workbook", "python benchmarks/")
_TIMESTAMP = re.compile(r"\d{8}-\d{6}")
#: An FBA inventory report's time is when its file was saved: the checkout's time for the sample reports.
_SAVED = re.compile(r"saved on \d{4}-\d\d-\d\d \d\d:\d\d,")
#: When the refresh that made the sample tracker ran, as `status` shows its Changes row (text and JSON).
_REFRESHED = re.compile(r'(Last refresh |"refreshed_at": ")\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?')
#: When the test's copies of the sample reports were "downloaded": 2026-12-03 09:26 UTC.
_DOWNLOADED = dt.datetime(2026, 12, 3, 9, 26, tzinfo=dt.timezone.utc).timestamp()


def _blocks(kind: str) -> list[str]:
    return [
        "\n".join(line[len(indent) :] for line in body.splitlines())
        for indent, found, body in _FENCE.findall(README)
        if found == kind
    ]


def _commands(block: str) -> list[tuple[str, list[str]]]:
    """The ``$`` commands of a console block, each with the output lines shown below it."""
    commands: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            command = line[2:]
            commands.append((command.split("pip install . && ", 1)[-1], []))  # the Quick start installs first
        elif commands:
            commands[-1][1].append(line)
    return commands


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A HOME whose Downloads holds the sample reports, and a working folder with the seller's files."""
    downloads = tmp_path / "home" / "Downloads"
    downloads.mkdir(parents=True)
    exports = ROOT / "sample_workbooks" / "exports"
    for report in exports.iterdir():
        shutil.copy(report, downloads / report.name)
    latest = exports / "All-Orders-2026-10-26-to-2026-11-24.txt"
    for name in ("All-Orders-2026-11-25.txt", "All-Orders.txt"):
        shutil.copy(latest, downloads / name)
    for marketplace in ("US", "CA"):  # the FBA inventory report of each marketplace
        shutil.copy(exports / "FBA-Inventory-2026-11-24.txt", downloads / f"FBA-Inventory-{marketplace}.txt")
    work = tmp_path / "work"
    shutil.copytree(ROOT / "sample_workbooks", work / "sample_workbooks")
    # A report's file time is when it was downloaded (a checkout's time for the samples): fix it, after the
    # README's --today as on any day after a fresh clone, so that no output depends on the clock.
    for report in [*downloads.iterdir(), *(work / "sample_workbooks" / "exports").iterdir()]:
        os.utime(report, (_DOWNLOADED, _DOWNLOADED))
    (work / "settlement.txt").write_text(
        "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\t"
        "transaction-type\torder-id\tprice-type\tprice-amount\titem-related-fee-type\titem-related-fee-amount\n"
        "1234\t2026-11-01\t2026-11-15\t2026-11-17\t812.40\tUSD\n"  # the older wide layout
    )
    (work / "notes.txt").write_text("Shopping list\nmilk\n")
    order = {"purchase-date": "2026-11-20T10:00:00+00:00", "last-updated-date": "2026-11-20T10:00:00+00:00",
             "order-status": "Pending", "sku": "MUG", "product-name": "Mug", "item-price": "10"}  # fmt: skip
    lines = [{**order, "amazon-order-id": "111-3", "quantity": "1"}, {**order, "amazon-order-id": "111-4"}]
    write_all_orders(work / "All-Orders.txt", [lines[0], {**lines[1], "quantity": "one"}])  # line 3: 'one'
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(work)
    return work


def _tracker_with_a_backup(work: Path) -> None:
    """tracker.xlsx made from the sample reports, as in the Quick start, then saved once more (a backup).

    (Refreshing it again on the same day would leave it as it was, and keep no backup.)
    """
    tracker = work / "tracker.xlsx"
    amzsheet.refresh(tracker, [work / "sample_workbooks" / "exports"], today=TODAY)
    amzsheet.save_workbook(tracker, amzsheet.open_workbook(tracker), TODAY)


def _normal(line: str, work: Path) -> str:
    """A line without what depends on the run: timestamps, when a file was saved or a refresh ran, the folder."""
    line = _SAVED.sub("saved on <time>,", _TIMESTAMP.sub("<time>", line))
    line = _REFRESHED.sub(r"\1<time>", line)
    return line.replace(str(work), "/home/you/amzsheet")


def _shown_in(shown: list[str], printed: list[str], work: Path) -> bool:
    """Whether the shown lines (``...`` skipped) appear in the printed ones, in order."""
    remaining = iter(_normal(line, work) for line in printed)
    return all(any(line == _normal(want, work) for line in remaining) for want in shown if want.strip() != "...")


CONSOLE = [block for block in _blocks("console") if any(c.startswith("amzsheet") for c, _ in _commands(block))]


def test_the_readme_has_its_examples():
    assert len(_blocks("python")) == 2 and len(CONSOLE) == 11


@pytest.mark.parametrize("block", CONSOLE, ids=[_commands(b)[0][0][:40] for b in CONSOLE])
def test_every_console_example_runs_as_shown(home, block):
    commands = [(command, shown) for command, shown in _commands(block) if not command.startswith(_NOT_RUN)]
    first = commands[0]
    if not first[0].startswith("amzsheet init") and not any(line.startswith("Created") for line in first[1]):
        _tracker_with_a_backup(home)
    runner = CliRunner()
    for command, shown in commands:
        args = shlex.split(command, comments=True)
        assert args[0] == "amzsheet", command
        if "restore" in args and len(args) == 4:  # the backup's name holds the time it was made
            args[3] = amzsheet.workbook_backups(home / "tracker.xlsx")[0].path.name
        result = runner.invoke(cli, args[1:])
        errors = [line for line in shown if line.startswith("Error: ")]
        expected_code = 1 if errors else 0
        assert result.exit_code == expected_code, f"{command}\n{result.output}"
        if errors:
            assert result.output == errors[0] + "\n"
        assert _shown_in(shown, result.output.splitlines(), home), (
            f"{command}\nshown:\n" + "\n".join(shown) + (f"\nprinted:\n{result.output}")
        )


def test_the_python_example_runs_as_written(home):
    _tracker_with_a_backup(home)
    python = _blocks("python")[0]
    namespace: dict[str, object] = {}
    # The README's own example, run as a reader would paste it.
    exec(compile(python, "README.md", "exec"), namespace)  # noqa: S102
    refreshed = namespace["result"]
    assert len(refreshed.skipped) == 1 and not refreshed.reports  # ~/Downloads/All-Orders.txt, imported before
    assert amzsheet.model.planning.reorder_point(2.8, 21, 24) == 83.0  # as its comment says


def test_the_archive_example_runs_as_written(sample_workbook, monkeypatch):
    saved = amzsheet.save_workbook(sample_workbook, older(amzsheet.open_workbook(sample_workbook)), TODAY)
    assert len(saved.archived_orders) > 500
    monkeypatch.chdir(sample_workbook.parent)  # the example's tracker.xlsx
    namespace: dict[str, object] = {}
    exec(compile(_blocks("python")[1], "README.md", "exec"), namespace)  # noqa: S102
    lines = namespace["lines"]
    assert isinstance(lines, pd.DataFrame) and len(lines) == len(saved.orders) + len(saved.archived_orders)
    assert lines["Order Date"].min().year == 2023  # three years back: in the archive


def test_every_path_given_to_the_library_may_start_with_a_tilde(home):
    """Workbook, report, folder, backup and CSV paths: ``~`` is the HOME folder, as in a shell."""
    from amzsheet.storage.csv_files import write_csv

    result = amzsheet.refresh("~/tracker.xlsx", ["~/Downloads/All-Orders.txt", "~/Downloads/"], today=TODAY)
    assert result.created and len(result.reports) == 15
    tracker = amzsheet.open_workbook("~/tracker.xlsx")
    amzsheet.save_workbook("~/tracker.xlsx", tracker, TODAY)
    (backup,) = amzsheet.workbook_backups("~/tracker.xlsx")
    amzsheet.restore_backup("~/tracker.xlsx", f"~/backups/{backup.path.name}")
    assert amzsheet.read_report("~/Downloads/All-Orders.txt").kind == "All Orders"
    items = amzsheet.reorder_list("~/tracker.xlsx", today=TODAY)
    assert write_csv(items, "~/list.csv") == Path.home() / "list.csv" and (Path.home() / "list.csv").exists()
    assert not (home / "~").exists()


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: amzsheet.model.planning.reorder_point(2.8, 21, 24), 83.0),  # 2.8 × 21 = 58.8, + 24, rounded up
        (lambda: amzsheet.model.planning.safety_stock(0.95, 21, 1.2, 2.8, 0), 10.0),  # 1.645 × 1.2 × √21 = 9.04
        (lambda: amzsheet.model.planning.inventory_alerts(0, 0, 5, None), "OUT OF STOCK, NO UNIT COST"),
        (lambda: amzsheet.model.compute.days_of_cover(140, 2.8), 50.0),
        (lambda: amzsheet.model.compute.total_cost(2.5, -3), 0.0),  # never below 0
    ],
)
def test_the_pure_functions_take_plain_numbers(call, expected):
    assert call() == expected
