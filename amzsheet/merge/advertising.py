"""The Advertising table: the Sponsored Products "Advertised product" reports, each day's spend counted once.

Sellers download the report again and again over overlapping days, and Amazon corrects the
spend of the last days (invalid clicks are credited back), so a newer report wins:

- A row of the report replaces the table's rows of the same ad (Campaign Name, Ad Group Name,
  SKU and ASIN) whose days it covers: the same day or period, or the days of a period (a
  summary report over a month replaces that month's daily rows).
- A row whose days lie inside a longer period the table already holds for the ad (a daily row
  after a monthly summary) is left out: the period counts those days already.
- Every other row is kept, so a report of last week leaves the weeks before it alone. The same
  report imported twice changes nothing.
"""

from __future__ import annotations

import pandas as pd

from amzsheet.contract.money import ADVERTISING_COLUMNS
from amzsheet.contract.tables import conform
from amzsheet.model.compute import text_key

#: The columns that name one ad: a SKU advertised in an ad group of a campaign.
AD = ("Campaign Name", "Ad Group Name", "SKU", "ASIN")
_ORDER = ["Date", "Campaign Name", "Ad Group Name", "SKU", "ASIN"]


def merge_advertising(advertising: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The Advertising table with a report's ``rows`` in, replacing the rows they correct.

    :param advertising: the Advertising table.
    :param rows: from :func:`amzsheet.reports.reading.read_report` of an Advertised product report.
    """
    table = conform(advertising, ADVERTISING_COLUMNS)
    new = conform(rows, ADVERTISING_COLUMNS).reindex(columns=table.columns)
    if new.empty:
        return table
    old_rows = _periods(table)
    new_rows = _periods(new)
    pairs = old_rows.reset_index().merge(new_rows.reset_index(), on="ad", suffixes=("_old", "_new"))
    covered = (pairs["start_new"] <= pairs["start_old"]) & (pairs["end_old"] <= pairs["end_new"])
    inside = (pairs["start_old"] <= pairs["start_new"]) & (pairs["end_new"] <= pairs["end_old"]) & ~covered
    replaced = set(pairs.loc[covered, "index_old"])
    left_out = set(pairs.loc[inside, "index_new"])
    kept = table.drop(index=list(replaced))
    added = new.drop(index=list(left_out)).astype(table.dtypes.to_dict())
    merged = pd.concat([kept, added], ignore_index=True) if len(kept) else added.reset_index(drop=True)
    return merged.sort_values(_ORDER, kind="stable", ignore_index=True, na_position="last")


def _periods(table: pd.DataFrame) -> pd.DataFrame:
    """Each row's ad (one text key) and its first and last day."""
    start = pd.to_datetime(table["Date"])
    end = pd.to_datetime(table["End Date"])
    ad = text_key(table["Campaign Name"])
    for name in AD[1:]:
        ad = ad + "\t" + text_key(table[name])
    return pd.DataFrame({"ad": ad, "start": start, "end": end.where(end.notna(), start)}, index=table.index)
