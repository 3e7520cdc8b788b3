"""Independent check of every formula: LibreOffice recalculates, and must agree with amzsheet's cached values.

The sample workbook is built for the real today, because LibreOffice's TODAY() is the
machine's date. In CI (the CI variable is set) a missing LibreOffice fails the test
instead of skipping it.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
import recalc

from amzsheet.sample_workbook import build_sample_workbook

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def soffice():
    path = recalc.soffice()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed: .ci/run must install libreoffice-calc")
        pytest.skip("LibreOffice is not installed")
    return path


def test_every_formula_cell_matches_libreoffice(soffice, tmp_path):
    today = dt.date.today()
    workbook = build_sample_workbook(tmp_path, today - dt.timedelta(days=1), today)
    recalculated = recalc.recalculate(workbook, tmp_path)
    checked, mismatches = recalc.compare(workbook, recalculated)
    report = "\n".join(f"{m.sheet}!{m.cell} {m.formula}: amzsheet {m.cached!r}, LibreOffice {m.recalculated!r}"
                       for m in mismatches[:20])
    assert not mismatches, f"{len(mismatches)} of {checked} formula cells differ:\n{report}"
    assert checked > 3000  # every Alert, every Inventory formula, every Dashboard figure


def test_the_check_notices_a_wrong_cached_value(soffice, tmp_path):
    """The comparison is not vacuous: a workbook cached for another day disagrees with LibreOffice."""
    stale_day = dt.date.today() - dt.timedelta(days=7)
    workbook = build_sample_workbook(tmp_path, stale_day - dt.timedelta(days=1), stale_day)
    checked, mismatches = recalc.compare(workbook, recalc.recalculate(workbook, tmp_path))
    assert any(m.sheet == "Dashboard" and m.formula == "=TODAY()" for m in mismatches)
    assert any(m.sheet == "Inventory" for m in mismatches)
