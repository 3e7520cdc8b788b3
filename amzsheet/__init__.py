"""amzsheet: keep a small Amazon seller's Excel tracker up to date from Seller Central reports.

>>> import amzsheet
>>> tracker = amzsheet.open_workbook("tracker.xlsx")      # doctest: +SKIP
>>> tracker.orders.groupby("SKU")["Item Total"].sum()     # doctest: +SKIP

Functions:

- ``open_workbook(path)``: read a tracker into a :class:`Tracker` of DataFrames (the workbook is only read).
- ``refresh(workbook, reports)``: import Amazon reports into the workbook and recompute it; a :class:`RefreshResult`.
- ``save_workbook(path, tracker)``: recompute a tracker changed in pandas and write it.
- ``init_workbook(path)``: create an empty tracker workbook.
- ``new_tracker(settings)``: an empty :class:`Tracker`, to fill in pandas and save.
- ``status(path)``: the morning briefing (orders to ship, SKUs to reorder, counts due); a :class:`Briefing`.
- ``profit(path, month)``: the Profit table, net profit per month, currency and SKU, as a DataFrame.
- ``history(path)``: every order line, Order Tracking's and the archive's beside the workbook, as a DataFrame.
- ``reorder_list(path)``: the purchase list, SKUs to reorder with quantities and costs, as a DataFrame.
- ``message(path, order_id, template)``: a message to a buyer, filled in from a template of the Messages sheet.
- ``read_report(path, settings)``: one Amazon report read as a refresh reads it (its ``lines``: a DataFrame).
- ``workbook_backups(workbook)``: the backups kept of a workbook, newest first.
- ``restore_backup(workbook, backup)``: put a backup back in place of the workbook.

Classes:

- :class:`Tracker`: the workbook's tables (``orders``, ``inventory``, ``profit``, ``returns``, ``payments``,
  ``settlements``, ``advertising``, ``storage_fees``, ``purchase_orders``, ``counts``, ``fba_stock``,
  ``messages``, ``changes``, ``imports``, ``stock_history``), its ``settings`` and ``time_zone``.
- :class:`RefreshResult`: what a refresh did (reports imported, lines added, why it wrote, the tracker after it).
- :class:`Briefing`: what to do today, section by section.
- :class:`Settings`: the Settings sheet (sales window, lead time, service levels, time zone...).

Modules: ``compute`` and ``planning``, the pure pandas functions behind the computed columns.

Errors (all :class:`AmzsheetError`): :class:`ReportError` (an Amazon report cannot be read: file, line,
column), :class:`WorkbookError` (the tracker cannot be read or written), :class:`MessageError` (a message
cannot be filled in). Warnings (all :class:`AmzsheetWarning`): :class:`UncachedValuesWarning` (a workbook's
computed columns had no values, so :func:`open_workbook` computed them).

Tables have pandas' nullable dtypes (``string``, ``Int64``, ``Float64``, ``pd.NA`` for a blank); datetimes
are naive, in ``Tracker.time_zone`` (the time zone of Settings). See :mod:`amzsheet.model.dtypes`.
"""

from amzsheet._version import __version__
from amzsheet.api import (
    RefreshResult,
    history,
    init_workbook,
    message,
    new_tracker,
    open_workbook,
    profit,
    refresh,
    reorder_list,
    restore_backup,
    save_workbook,
    status,
    workbook_backups,
)
from amzsheet.contract.schema import Settings
from amzsheet.errors import (
    AmzsheetError,
    AmzsheetWarning,
    MessageError,
    ReportError,
    UncachedValuesWarning,
    WorkbookError,
)
from amzsheet.model import compute, planning
from amzsheet.model.briefing import Briefing
from amzsheet.model.tracker import Tracker
from amzsheet.reports.reading import read_report

__all__ = [
    "AmzsheetError",
    "AmzsheetWarning",
    "Briefing",
    "MessageError",
    "ReportError",
    "RefreshResult",
    "Settings",
    "Tracker",
    "UncachedValuesWarning",
    "WorkbookError",
    "__version__",
    "compute",
    "planning",
    "init_workbook",
    "message",
    "new_tracker",
    "open_workbook",
    "profit",
    "history",
    "read_report",
    "refresh",
    "reorder_list",
    "restore_backup",
    "save_workbook",
    "status",
    "workbook_backups",
]
