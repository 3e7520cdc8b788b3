"""Shared fixtures: a fixed reference date, generated sample exports and a refreshed workbook."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest

import amzsheet
from amzsheet.merge.orders import empty_inventory, empty_orders
from amzsheet.samples.workbook import build_sample_workbook

# New trackers take the computer's time zone; the tests' expected dates are in UTC.
os.environ["TZ"] = "UTC"

TODAY = dt.date(2026, 11, 25)
# The real Amazon export samples live beside the repository (../shared/samples).
SHARED_SAMPLES = Path(
    os.environ.get("AMZSHEET_SHARED_SAMPLES", Path(__file__).resolve().parents[2] / "shared" / "samples")
)


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


def make_orders(rows: list[dict]) -> pd.DataFrame:
    """An Order Tracking table from partial rows (missing columns are blank)."""
    frame = empty_orders()
    if not rows:
        return frame
    filled = pd.DataFrame(rows).reindex(columns=frame.columns)
    return filled.astype(frame.dtypes.to_dict())


def make_inventory(rows: list[dict]) -> pd.DataFrame:
    """An Inventory table from partial rows (missing columns are blank)."""
    frame = empty_inventory()
    filled = pd.DataFrame(rows).reindex(columns=frame.columns)
    return filled.astype(frame.dtypes.to_dict())


def write_all_orders(path: Path, lines: list[dict]) -> Path:
    """Write an All Orders report (tab-separated, the real 32-column header) with ``lines``."""
    from amzsheet.samples.exports import ALL_ORDERS_HEADER

    defaults = {"fulfillment-channel": "Merchant", "currency": "USD", "sales-channel": "Amazon.com"}
    rows = ["\t".join(ALL_ORDERS_HEADER)]
    for line in lines:
        values = {**defaults, **line}
        rows.append("\t".join(str(values.get(name, "")) for name in ALL_ORDERS_HEADER))
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    return path


__all__ = ["TODAY", "amzsheet", "make_inventory", "make_orders", "write_all_orders"]
