"""Every Amazon report amzsheet imports, one module per report family.

:data:`REPORT_KINDS` is the registry :mod:`amzsheet.reports.reading` detects reports with,
in the order their signatures are tried.
"""

from __future__ import annotations

from amzsheet.reports.advertising import ADVERTISED_PRODUCTS
from amzsheet.reports.base import ReportKind
from amzsheet.reports.orders import ALL_ORDERS, UNSHIPPED_ORDERS
from amzsheet.reports.payments import DATE_RANGE
from amzsheet.reports.returns import FBA_RETURNS, SELLER_RETURNS
from amzsheet.reports.settlements import SETTLEMENT
from amzsheet.reports.shipments import FULFILLED_SHIPMENTS
from amzsheet.reports.stock import FBA_INVENTORY, RESTOCK
from amzsheet.reports.storage_fees import MONTHLY_STORAGE_FEES

REPORT_KINDS: tuple[ReportKind, ...] = (
    ALL_ORDERS,
    UNSHIPPED_ORDERS,
    FULFILLED_SHIPMENTS,
    FBA_RETURNS,
    SELLER_RETURNS,
    FBA_INVENTORY,
    RESTOCK,
    DATE_RANGE,
    ADVERTISED_PRODUCTS,
    MONTHLY_STORAGE_FEES,
    SETTLEMENT,
)

__all__ = ["REPORT_KINDS", "ReportKind"]
