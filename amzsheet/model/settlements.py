"""The Settlements table's formulas in pandas: each settlement's lines on Payments against its deposit."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from amzsheet.contract.columns import Column
from amzsheet.model.columns import TableFrame
from amzsheet.model.compute import excel_round, text_key


class SettlementsFrame(TableFrame):
    """The Settlements table being recomputed.

    :param payments: the Payments table, whose lines the Lines Total adds up.
    """

    def __init__(self, table: pd.DataFrame, columns: tuple[Column, ...], today: dt.date, payments: pd.DataFrame):
        super().__init__(table, columns, today)
        self.payments = payments

    def lines_total(self) -> pd.Series:
        """The sum of the Totals of the Payments lines with the row's Settlement ID (0 when none), as SUMIFS."""
        totals = self.payments["Total"].fillna(0.0).groupby(text_key(self.payments["Settlement ID"])).sum()
        keys = text_key(self.table["Settlement ID"])
        return keys.map(totals).fillna(0.0).where(keys != "", 0.0).astype("float64")

    def difference(self) -> pd.Series:
        """Total Amount - Lines Total, to the cent: 0 when every line of the settlement is on Payments."""
        return excel_round(self.table["Total Amount"].fillna(0.0) - self["Lines Total"], 2)
