"""amzsheet: keep a small Amazon seller's Excel tracker up to date from Seller Central reports.

>>> import amzsheet
>>> tracker = amzsheet.open_workbook("tracker.xlsx")      # doctest: +SKIP
>>> tracker.orders.groupby("SKU")["Item Total"].sum()     # doctest: +SKIP
"""

from amzsheet._version import __version__
from amzsheet.api import (
    RefreshResult,
    init_workbook,
    message,
    new_tracker,
    open_workbook,
    refresh,
    reorder_list,
    restore_backup,
    save_workbook,
    status,
    workbook_backups,
)
from amzsheet.contract.schema import Settings
from amzsheet.errors import AmzsheetError, ReportError, WorkbookError
from amzsheet.model import compute, planning
from amzsheet.model.briefing import Briefing
from amzsheet.model.tracker import Tracker
from amzsheet.reports.reading import read_report

__all__ = [
    "AmzsheetError",
    "Briefing",
    "ReportError",
    "RefreshResult",
    "Settings",
    "Tracker",
    "WorkbookError",
    "__version__",
    "compute",
    "planning",
    "init_workbook",
    "message",
    "new_tracker",
    "open_workbook",
    "read_report",
    "refresh",
    "reorder_list",
    "restore_backup",
    "save_workbook",
    "status",
    "workbook_backups",
]
