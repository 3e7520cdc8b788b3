"""Dates after today in a report: told in a note, and no stock count dated after today.

A report's dates of things that happened (an order placed, a shipment, a return, a
transaction) cannot lie after today; when they do, the file, the computer's clock or
``--today`` is wrong. Such lines are imported as they are (nothing is dropped) and a
note names the first of them, with its line and column.

The FBA Manage Inventory report is dated by the time its file was saved. A count dated
after today would stand for a moment still to come: every sale until then would be
taken as already in the count, so the stock would not go down. Such a report's counts
are taken as of the end of today (23:59:59), and a note says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from amzsheet.reports.raw import RawReport

#: The column of stock counts dated by the report's time (see :mod:`amzsheet.reports.stock`).
COUNT_DATE = "Count Date"


def end_of_day(today: dt.date) -> pd.Timestamp:
    """The last second of ``today``: 23:59:59."""
    return pd.Timestamp(today) + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)


def check_dates_after_today(
    raw: RawReport, lines: pd.DataFrame, event_dates: Mapping[str, str], today: dt.date
) -> tuple[pd.DataFrame, list[str]]:
    """Return ``lines`` with stock counts dated at most the end of today, and notes on dates after today.

    :param raw: the report, for line numbers and column headers (its rows with problems are not in ``lines``).
    :param lines: the parsed rows, one per row of ``raw`` without problems, before they are combined.
    :param event_dates: tracker column of ``lines`` -> canonical report column it was read from, for the
        dates that cannot be after today; the first column named is the one a note names first.
    :param today: the reference date, in the seller's time zone (as the dates of ``lines``).
    """
    notes = _late_lines_note(raw, lines, event_dates, today)
    lines, count_notes = _counts_as_of_today(lines, today)
    return lines, notes + count_notes


def _late_lines_note(raw: RawReport, lines: pd.DataFrame, event_dates: Mapping[str, str], today: dt.date) -> list[str]:
    """One sentence on the lines dated after today, naming the first one's line, column and date."""
    limit = pd.Timestamp(today) + pd.Timedelta(days=1)
    late = np.zeros(len(lines), dtype=bool)
    first: tuple[int, str, pd.Timestamp] | None = None
    for column, report_column in event_dates.items():
        if column not in lines:
            continue
        after = (lines[column] >= limit).to_numpy()
        late |= after
        if after.any() and (first is None or int(np.argmax(after)) < first[0]):
            position = int(np.argmax(after))
            first = (position, report_column, lines[column].iloc[position])
    if first is None:
        return []
    position, report_column, value = first
    line = _line_numbers(raw)[position]
    count = int(late.sum())
    return [
        f"{count:,} line{' is' if count == 1 else 's are'} dated after today ({today:%Y-%m-%d}), the first on line "
        f"{line}, column {raw.label(report_column)}: {value:%Y-%m-%d %H:%M}; imported as "
        f"{'it is' if count == 1 else 'they are'}: check the dates in the file, the computer's clock and --today."
    ]


def _line_numbers(raw: RawReport) -> list[int]:
    """The file line number of each row without problems, in order."""
    bad = {problem.position for problem in raw.problems}
    return [number for position, number in enumerate(raw.line_numbers) if position not in bad]


def _counts_as_of_today(lines: pd.DataFrame, today: dt.date) -> tuple[pd.DataFrame, list[str]]:
    """Stock counts dated after today are dated the end of today instead."""
    if COUNT_DATE not in lines:
        return lines, []
    end = end_of_day(today)
    late = lines[COUNT_DATE] > end
    if not late.any():
        return lines, []
    saved = lines.loc[late, COUNT_DATE].max()
    dated = lines.assign(**{COUNT_DATE: lines[COUNT_DATE].where(~late, end)})
    note = (
        f"The file was saved on {saved:%Y-%m-%d %H:%M}, after today ({today:%Y-%m-%d}): its stock counts are taken "
        f"as of the end of today ({end:%Y-%m-%d %H:%M:%S}), so that no count stands for a moment still to come; "
        "check the computer's clock and --today."
    )
    return dated, [note]
