"""What the tests share: the fixed reference date, the real samples' folder and table builders."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd

from amzsheet.merge.orders import empty_inventory, empty_orders

TODAY = dt.date(2026, 11, 25)
# The real Amazon export samples live beside the repository (../shared/samples).
SHARED_SAMPLES = Path(
    os.environ.get("AMZSHEET_SHARED_SAMPLES", Path(__file__).resolve().parents[3] / "shared" / "samples")
)


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


def header_row(sheet) -> int:
    """The row number (1-based) of the table header on an openpyxl sheet of a tracker.

    Order Tracking's is row 2, under the legend of its alert colours (layout 6); every other table's,
    and Order Tracking's in older layouts, row 1.
    """
    from amzsheet.contract.sheets import TABLE_SHEETS

    first_columns = {spec.columns[0].name for spec in TABLE_SHEETS}
    for number, row in enumerate(sheet.iter_rows(max_row=5, max_col=1, values_only=True), start=1):
        if row and row[0] in first_columns:
            return number
    return 1


def headers(sheet) -> list:
    """The table header of an openpyxl sheet of a tracker (see :func:`header_row`)."""
    return [cell.value for cell in sheet[header_row(sheet)]]
