"""Shared fixtures: a fixed reference date, generated sample exports and a refreshed workbook."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from helpers import SHARED_SAMPLES, TODAY, recalc

from amzsheet.samples.workbook import build_sample_workbook

# New trackers take the computer's time zone; the tests' expected dates are in UTC.
os.environ["TZ"] = "UTC"


@pytest.fixture(scope="session")
def today() -> dt.date:
    return TODAY


@pytest.fixture(scope="session")
def sample_folder(tmp_path_factory) -> Path:
    """Generated exports (ending the day before TODAY) and the sample tracker built from them."""
    folder = tmp_path_factory.mktemp("sample")
    build_sample_workbook(folder, TODAY - dt.timedelta(days=1), TODAY)
    return folder


@pytest.fixture
def sample_workbook(sample_folder, tmp_path) -> Path:
    """A private copy of the sample tracker, free to modify."""
    copy = tmp_path / "tracker.xlsx"
    copy.write_bytes((sample_folder / "tracker.xlsx").read_bytes())
    return copy


@pytest.fixture(scope="session")
def shared_samples() -> Path:
    if not SHARED_SAMPLES.is_dir():
        pytest.skip("the shared real-export samples (../shared/samples) are not available")
    return SHARED_SAMPLES


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice's soffice; a test needing it is skipped locally without it, and fails in CI (CI is set)."""
    path = recalc.soffice()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed: .ci/run must install libreoffice-calc")
        pytest.skip("LibreOffice is not installed")
    return path
