"""Fill a table's computed columns from their declarations, each by its pandas twin.

A :class:`TableFrame` holds one table while it is recomputed. ``frame["Header"]`` returns a
column of it; a computed column (one whose :class:`~amzsheet.contract.columns.Column` declares a
``twin``) is computed the first time it is asked for, so the twins run in the order their
dependencies need, whatever the order of the columns on the sheet.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from amzsheet.contract.columns import Column
from amzsheet.model.compute import order_alerts
from amzsheet.model.purchase_orders import open_quantity


class TableFrame:
    """One table being recomputed.

    :param table: the table (copied; read its result from :meth:`fill`).
    :param columns: the table's column declarations.
    :param today: the reference date (Excel's ``TODAY()``), for the twins that need it.
    """

    def __init__(self, table: pd.DataFrame, columns: tuple[Column, ...], today: dt.date):
        self.table = table.copy()
        self.today = today
        self._twins = {column.name: column.twin for column in columns if column.twin is not None}
        self._done: set[str] = set()
        self._asked: list[str] = []

    def __getitem__(self, name: str) -> pd.Series:
        """Column ``name`` of the table, computed first when it is a computed column not yet computed."""
        twin = self._twins.get(name)
        if twin is not None and name not in self._done:
            if name in self._asked:
                loop = " -> ".join([*self._asked[self._asked.index(name) :], name])
                raise ValueError(f"computed columns that need each other: {loop}")
            self._asked.append(name)
            try:
                self.table[name] = twin(self)
            finally:
                self._asked.pop()
            self._done.add(name)
        return self.table[name]

    def fill(self) -> pd.DataFrame:
        """The table with every computed column computed."""
        for name in self._twins:
            self[name]
        return self.table


class OrdersFrame(TableFrame):
    """Order Tracking being recomputed (what its twins read).

    :param late_window_days: Settings' late delivery window, which the Alert column uses.
    """

    def __init__(self, table: pd.DataFrame, columns: tuple[Column, ...], today: dt.date, late_window_days: int):
        super().__init__(table, columns, today)
        self.late_window_days = late_window_days

    def alerts(self) -> pd.Series:
        """The Alert column: see :func:`amzsheet.model.compute.order_alerts`."""
        return order_alerts(self.table, self.today, self.late_window_days)


class PurchaseOrdersFrame(TableFrame):
    """Purchase Orders being recomputed (what its twins read)."""

    def open_qty(self) -> pd.Series:
        """The Open Qty column: see :func:`amzsheet.model.purchase_orders.open_quantity`."""
        return open_quantity(self.table)
