"""Tables as CSV files that Excel opens directly: the purchase list, the profit table."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd

from amzsheet.excel.spreadsheet_text import inert
from amzsheet.model.purchase_list import COLUMNS


def write_csv(items: pd.DataFrame, path: str | os.PathLike, columns: list[str] | None = None) -> Path:
    """Write a table as CSV (UTF-8 with a byte-order mark, so Excel reads accents right).

    Text never starts like a formula; dates are written as YYYY-MM-DD; numbers with at most
    two decimals.

    :param items: a purchase list, or any table whose ``columns`` are given.
    :param columns: the header (default: the purchase list's); ``items`` holds these columns in this order.
    """
    path = Path(path).expanduser()
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS if columns is None else columns)
        for row in items.itertuples(index=False):
            writer.writerow([_cell(value) for value in row])
    return path


def _cell(value: object) -> str:
    if value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    return inert(str(value))
