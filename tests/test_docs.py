"""Docs that cannot rot: every command is documented, examples run, samples match the generator."""

from __future__ import annotations

import datetime as dt
import filecmp
import runpy
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import amzsheet
from amzsheet.cli import cli
from amzsheet.samples.workbook import build_sample_workbook

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_and_is_in_the_readme(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0 and "Example" in result.output
    assert f"amzsheet {name} " in README


def test_public_names_have_docstrings():
    for name in amzsheet.__all__:
        value = getattr(amzsheet, name)
        if callable(value):
            assert value.__doc__, name


def test_notebook_tour_runs_on_the_sample(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["notebook_tour.py", str(ROOT / "sample_workbooks" / "tracker.xlsx")])
    runpy.run_path(str(ROOT / "examples" / "notebook_tour.py"), run_name="__main__")
    assert "Reorder Qty" in capsys.readouterr().out


def test_bundled_samples_are_what_the_generator_makes(tmp_path):
    build_sample_workbook(tmp_path, dt.date(2026, 11, 24), dt.date(2026, 11, 25))
    bundled = ROOT / "sample_workbooks"
    names = sorted(p.name for p in (bundled / "exports").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "exports").iterdir())
    match, mismatch, errors = filecmp.cmpfiles(bundled / "exports", tmp_path / "exports", names, shallow=False)
    assert not mismatch and not errors
    ours, fresh = amzsheet.open_workbook(bundled / "tracker.xlsx"), amzsheet.open_workbook(tmp_path / "tracker.xlsx")
    pd.testing.assert_frame_equal(ours.orders, fresh.orders)
    pd.testing.assert_frame_equal(ours.inventory, fresh.inventory)
    pd.testing.assert_frame_equal(ours.payments, fresh.payments)
    assert ours.imports["SHA-256"].tolist() == fresh.imports["SHA-256"].tolist()  # the same files, imported once
    when = ["Refreshed At"]  # when the sample was made
    pd.testing.assert_frame_equal(ours.changes.drop(columns=when), fresh.changes.drop(columns=when))


def test_the_readme_column_table_is_generated_from_the_declarations():
    """Each column's sentence is declared once (templates/tracker.toml); the README shows it as generated."""
    from amzsheet.contract import docs

    expected = docs.render(README)
    assert expected == README, "the README's column table drifted: run python docs/regenerate_readme.py"
    assert all(column.description for columns in docs.TABLES.values() for column in columns)


def test_the_pictures_show_the_first_screen_of_each_sheet(tmp_path, soffice):
    """docs/render_pictures.py renders the sample tracker's sheets; the README and docs show each picture."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pictures = runpy.run_path(str(ROOT / "docs" / "render_pictures.py"))
    assert pictures["main"]([str(ROOT / "sample_workbooks" / "tracker.xlsx"), str(tmp_path)]) == 0
    docs = README + (ROOT / "docs" / "sheets.md").read_text(encoding="utf-8")
    for sheet in pictures["PICTURES"]:
        name = f"{sheet.lower().replace(' ', '_')}.png"
        png = (tmp_path / name).read_bytes()
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert png.startswith(b"\x89PNG") and width > height > 600  # one landscape page at 110 dpi
        assert f"docs/{name}" in README or f"({name})" in docs, name
        assert (ROOT / "docs" / name).is_file(), name
