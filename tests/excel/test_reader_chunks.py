"""The reader types a table chunk by chunk, on whole columns: the same table, the same errors, as read whole."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

import amzsheet
from amzsheet.errors import WorkbookError
from amzsheet.excel import reader

ORDERS = "Order Tracking"


def _type(workbook, cells: dict[str, object]) -> None:
    """Type values into cells of Order Tracking (header row 2), as a seller would in Excel."""
    book = openpyxl.load_workbook(workbook)
    for address, value in cells.items():
        book[ORDERS][address] = value
    book.save(workbook)


@pytest.mark.filterwarnings("ignore::amzsheet.UncachedValuesWarning")
def test_a_table_read_in_chunks_is_the_table_read_whole(sample_workbook, monkeypatch):
    _type(
        sample_workbook,
        {
            "Q5": "1,234.50",  # Item Total typed as text with one reading
            "E6": "2026-11-20",  # Ship By typed as ISO text
            "K7": 46346,  # Shipped Date as a serial number without a date format
            "A8": 11459876543210,  # an Order ID typed as a number
            "I9": True,  # a Quantity of TRUE
            "AH2": None,
            "AH12": "my note",  # a column without a header, holding a value
        },
    )
    whole = amzsheet.open_workbook(sample_workbook)
    monkeypatch.setattr(reader, "CHUNK_ROWS", 4)
    chunked = amzsheet.open_workbook(sample_workbook)
    pd.testing.assert_frame_equal(chunked.orders, whole.orders)
    pd.testing.assert_frame_equal(chunked.inventory, whole.inventory)
    orders = chunked.orders
    assert orders["Item Total"].iloc[2] == 1234.5
    assert orders["Ship By"].iloc[3] == pd.Timestamp("2026-11-20")
    assert orders["Shipped Date"].iloc[4] == pd.Timestamp(dt.date(1899, 12, 30) + dt.timedelta(days=46346))
    assert orders["Order ID"].iloc[5] == "11459876543210"
    assert orders["Quantity"].iloc[6] == 1.0
    assert orders["Column34"].iloc[9] == "my note" and orders["Column34"].isna().sum() == len(orders) - 1


def _refusal(workbook, monkeypatch, chunk_rows: int) -> str:
    """The error reading ``workbook`` stops with, its sheets typed ``chunk_rows`` rows at a time."""
    monkeypatch.setattr(reader, "CHUNK_ROWS", chunk_rows)
    with pytest.raises(WorkbookError) as error:
        amzsheet.open_workbook(workbook)
    return str(error.value)


@pytest.mark.parametrize("chunk_rows", [4, 20_000])
def test_wrong_cells_of_every_chunk_are_named_in_sheet_order(sample_workbook, monkeypatch, chunk_rows):
    _type(sample_workbook, {"Q13": "twelve", "K4": "yesterday", "Q5": "12,5", "I9": "nine"})
    sheet = f"sheet '{ORDERS}', cell"
    assert _refusal(sample_workbook, monkeypatch, chunk_rows) == (
        f"{sample_workbook}: 4 cells hold a value that does not fit their column: "
        f"{sheet} I9 (Quantity): 'nine' is not a number; "
        f"{sheet} K4 (Shipped Date): 'yesterday' is not a date; "
        f"{sheet} Q5 (Item Total): '12,5' is text that could mean two numbers (a decimal comma or a thousands "
        "separator); type the number as a number; "
        f"{sheet} Q13 (Item Total): 'twelve' is not a number; "
        "correct them in Excel (or clear them) and run again"
    )


@pytest.mark.parametrize("chunk_rows", [4, 20_000])
def test_dates_no_column_can_hold_are_named_not_crashed_on(sample_workbook, monkeypatch, chunk_rows):
    _type(
        sample_workbook,
        {
            "K4": dt.datetime(2300, 1, 1),  # a real date cell, past the last date pandas holds
            "E6": 10**12,  # a 13-digit number in a date column: past year 9999
            "K7": "2026-11-20T10:00:00+05:30",  # ISO text with a zone offset: which local day?
            "E8": "1850-03-01",  # ISO text before Excel's first date
            "E9": 0.25,  # a time of day in a date column
        },
    )
    sheet = f"sheet '{ORDERS}', cell"
    assert _refusal(sample_workbook, monkeypatch, chunk_rows) == (
        f"{sample_workbook}: 5 cells hold a value that does not fit their column: "
        f"{sheet} E6 (Ship By): 1000000000000 is not a date from 1900-01-01 to 2262-04-10; "
        f"{sheet} E8 (Ship By): '1850-03-01' is not a date from 1900-01-01 to 2262-04-10; "
        f"{sheet} E9 (Ship By): '06:00:00' is not a date from 1900-01-01 to 2262-04-10; "
        f"{sheet} K4 (Shipped Date): '2300-01-01' is not a date from 1900-01-01 to 2262-04-10; "
        f"{sheet} K7 (Shipped Date): '2026-11-20T10:00:00+05:30' has a time zone offset; "
        "type the local date and time without it; "
        "correct them in Excel (or clear them) and run again"
    )
