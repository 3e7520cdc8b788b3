"""The purchase list as a CSV file that Excel opens directly."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd

from amzsheet.excel.spreadsheet_text import inert
from amzsheet.model.purchase_list import COLUMNS


def write_csv(items: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a purchase list as CSV (UTF-8 with a byte-order mark, so Excel reads accents right).

    Text never starts like a formula; dates are written as YYYY-MM-DD.
    """
    path = Path(path).expanduser()
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        for row in items.itertuples(index=False):
            writer.writerow([_cell(value) for value in row])
    return path


def _cell(value: object) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    return inert(str(value))
