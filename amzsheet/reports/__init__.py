"""Every Amazon report amzsheet imports, one module per report family.

:data:`REPORT_KINDS` is the registry :mod:`amzsheet.exports` detects reports with,
in the order their signatures are tried.
"""

from __future__ import annotations

from .base import ReportKind
from .orders import ALL_ORDERS, UNSHIPPED_ORDERS
from .payments import DATE_RANGE
from .returns import FBA_RETURNS, SELLER_RETURNS
from .shipments import FULFILLED_SHIPMENTS
from .stock import FBA_INVENTORY, RESTOCK

REPORT_KINDS: tuple[ReportKind, ...] = (
    ALL_ORDERS,
    UNSHIPPED_ORDERS,
    FULFILLED_SHIPMENTS,
    FBA_RETURNS,
    SELLER_RETURNS,
    FBA_INVENTORY,
    RESTOCK,
    DATE_RANGE,
)

__all__ = ["REPORT_KINDS", "ReportKind"]
