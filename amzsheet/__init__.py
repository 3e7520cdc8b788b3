"""amzsheet: keep a small Amazon seller's Excel tracker up to date from Seller Central exports.

>>> import amzsheet
>>> tracker = amzsheet.open_workbook("tracker.xlsx")      # doctest: +SKIP
>>> tracker.orders.groupby("SKU")["Item Total"].sum()     # doctest: +SKIP
"""

__version__ = "0.1.0"

from . import compute, planning  # noqa: E402
from .api import (  # noqa: E402
    RefreshResult,
    init_workbook,
    new_tracker,
    open_workbook,
    refresh,
    reorder_list,
    restore_backup,
    save_workbook,
    workbook_backups,
)
from .errors import AmzsheetError, ExportError, WorkbookError  # noqa: E402
from .exports import read_export  # noqa: E402
from .schema import Settings  # noqa: E402
from .tracker import Tracker  # noqa: E402

__all__ = [
    "AmzsheetError",
    "ExportError",
    "RefreshResult",
    "Settings",
    "Tracker",
    "WorkbookError",
    "__version__",
    "compute",
    "planning",
    "init_workbook",
    "new_tracker",
    "open_workbook",
    "read_export",
    "refresh",
    "reorder_list",
    "restore_backup",
    "save_workbook",
    "workbook_backups",
]
