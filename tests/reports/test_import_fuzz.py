"""Fuzzing the importer: random and mutated reports end in a result or one clear error, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import SHARED_SAMPLES, TODAY, write_all_orders
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amzsheet import read_report
from amzsheet.cli import cli
from amzsheet.contract.schema import Settings
from amzsheet.errors import ReportError


def _seed_reports() -> list[bytes]:
    """Real samples where available, else none; the generated All Orders report always."""
    seeds = []
    if SHARED_SAMPLES.is_dir():
        seeds += [path.read_bytes() for path in sorted(SHARED_SAMPLES.iterdir()) if path.suffix in (".tsv", ".csv")]
    return seeds


SEEDS = _seed_reports()

_tokens = st.sampled_from(
    [b"\t", b"\n", b"\r\n", b'"', b",", b"E+13", b"=cmd|' /C calc'!A0", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf",
     b"\x83\x41", b"\xe4", b"-", b"9" * 400, b"1e400", b"nan", b"2026-13-45T99:99:99+25:00",
     b"Dec 32, 2017 1:00:00 AM PST",
     b"order-status", b"amazon-order-id", b"sku", b"date/time", b"\xe3\x81\x82"]
)  # fmt: skip


@st.composite
def mutated(draw) -> bytes:
    """A seed report with a few random edits: cut, insert, overwrite, duplicate a line."""
    data = bytearray(draw(st.sampled_from(SEEDS)) if SEEDS else b"")
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, max(len(data), 0)))
        action = draw(st.sampled_from(["cut", "insert", "token", "truncate", "duplicate"]))
        if action == "cut":
            del data[where : where + draw(st.integers(1, 40))]
        elif action == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=20))
        elif action == "token":
            data[where:where] = draw(_tokens)
        elif action == "truncate":
            del data[where:]
        else:
            lines = bytes(data).split(b"\n")
            index = draw(st.integers(0, len(lines) - 1))
            lines.insert(index, lines[index])
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def _read(tmp_path: Path, content: bytes, name: str = "report.txt") -> None:
    path = tmp_path / name
    path.write_bytes(content)
    for skip in (False, True):
        try:
            export = read_report(path, Settings(time_zone="America/New_York"), skip_bad_rows=skip)
        except ReportError as exc:
            message = str(exc)
            assert message.startswith(str(path)) and "\n" not in message
        else:
            assert export.rows >= len(export.rejected)


FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(content=st.binary(max_size=600))
def test_random_bytes(tmp_path, content):
    _read(tmp_path, content)


@pytest.mark.skipif(not SEEDS, reason="the shared real-export samples are not available")
@FUZZ
@given(content=mutated())
def test_mutated_real_reports(tmp_path, content):
    _read(tmp_path, content, "mutated.txt")


@FUZZ
@given(fields=st.lists(st.text(max_size=30), min_size=1, max_size=12))
def test_random_field_values_in_a_known_layout(tmp_path, fields):
    from amzsheet.samples.exports import ALL_ORDERS_HEADER

    line = dict(zip(ALL_ORDERS_HEADER, fields))
    try:
        write_all_orders(tmp_path / "orders.txt", [line])
    except UnicodeEncodeError:  # lone surrogates cannot be saved as UTF-8
        return
    _read(tmp_path, (tmp_path / "orders.txt").read_bytes(), "orders.txt")


@pytest.mark.skipif(not SEEDS, reason="the shared real-export samples are not available")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=mutated())
def test_the_command_never_shows_a_traceback(tmp_path_factory, content):
    folder = tmp_path_factory.mktemp("cli")
    report = folder / "report.txt"
    report.write_bytes(content)
    workbook = folder / "tracker.xlsx"
    result = CliRunner().invoke(cli, ["refresh", str(workbook), str(report), "--today", TODAY.isoformat()])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    if result.exit_code:
        assert result.output.startswith("Error: ") and result.output.count("\n") == 1
        assert not workbook.exists()
