"""Each report kind's merge step and its place in the order reports are applied.

A refresh applies every report through :func:`apply_reports`: the step declared here for
the report's kind, in :func:`application_order`. Adding a report is its
:class:`~amzsheet.reports.base.ReportKind` plus one :class:`MergeStep` here;
``tests/merge/test_steps.py`` fails when a report kind has none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from amzsheet.merge.advertising import merge_advertising
from amzsheet.merge.claims import fill_claims, payment_claims, returns_claims
from amzsheet.merge.fba_stock import apply_fba_report
from amzsheet.merge.inventory import merge_inventory
from amzsheet.merge.orders import MergeSummary, merge_orders, sort_orders, summarise_changes
from amzsheet.merge.payments import merge_payments
from amzsheet.merge.returns import merge_returns
from amzsheet.merge.settlements import merge_settlement, settled_ids
from amzsheet.merge.storage_fees import merge_storage_fees
from amzsheet.model.tracker import Tracker, add_missing_skus
from amzsheet.reports.reading import Report
from amzsheet.reports.returns import returned_lines

#: Applies one report to the tracker's tables: (tracker, report, marketplace of the run) -> tracker.
Apply = Callable[[Tracker, Report, str], Tracker]


@dataclass(frozen=True)
class MergeStep:
    """How one kind of report is merged.

    :param rank: reports are applied by rank (lower first), then by their own time: order reports
        first, the reports that add facts to their lines next, then stock, then money: Date Range
        transactions, then settlement reports (which replace the transactions of their settlement).
    :param apply: the merge itself.
    :param by_file_time: order reports of this kind by the time their file was saved (inventory
        snapshots carry no date of their own) rather than by their newest line.
    """

    rank: int
    apply: Apply
    by_file_time: bool = False


def _orders(tracker: Tracker, export: Report, marketplace: str) -> Tracker:
    merged = merge_orders(tracker.orders, export.lines, tracker.settings, mode=export.merge, overrides=export.overrides)
    return replace(tracker, orders=merged)


def _returns(tracker: Tracker, export: Report, marketplace: str) -> Tracker:
    returns = merge_returns(tracker.returns, export.lines)
    orders = merge_orders(tracker.orders, returned_lines(export.lines), tracker.settings, mode="fill")
    return replace(tracker, returns=returns, orders=fill_claims(orders, returns_claims(export.lines)))


def _fba_inventory(tracker: Tracker, export: Report, marketplace: str) -> Tracker:
    # SKUs of the orders first, so that the Inventory keeps their spelling.
    inventory = add_missing_skus(tracker.inventory, tracker.orders)
    fba_stock, inventory = apply_fba_report(tracker.fba_stock, inventory, export, marketplace)
    return replace(tracker, inventory=inventory, fba_stock=fba_stock)


def _restock(tracker: Tracker, export: Report, marketplace: str) -> Tracker:
    inventory = merge_inventory(add_missing_skus(tracker.inventory, tracker.orders), export.lines)
    return replace(tracker, inventory=inventory)


def _payments(tracker: Tracker, export: Report, marketplace: str) -> Tracker:
    payments = merge_payments(tracker.payments, export.lines, settled_ids(tracker.settlements))
    # Every claim of the table, not only the report's: an order's lines may have come in since.
    return replace(tracker, payments=payments, orders=fill_claims(tracker.orders, payment_claims(payments)))


def _settlement(tracker: Tracker, export: Report, marketplace: str) -> Tracker:
    payments, settlements = merge_settlement(tracker.payments, tracker.settlements, export.lines)
    orders = fill_claims(tracker.orders, payment_claims(payments))
    return replace(tracker, payments=payments, settlements=settlements, orders=orders)


def _advertising(tracker: Tracker, export: Report, marketplace: str) -> Tracker:
    return replace(tracker, advertising=merge_advertising(tracker.advertising, export.lines))


def _storage_fees(tracker: Tracker, export: Report, marketplace: str) -> Tracker:
    return replace(tracker, storage_fees=merge_storage_fees(tracker.storage_fees, export.lines))


#: Report kind name -> its merge step.
STEPS: dict[str, MergeStep] = {
    "All Orders": MergeStep(0, _orders),
    "Unshipped Orders": MergeStep(0, _orders),
    "Amazon Fulfilled Shipments": MergeStep(1, _orders),
    "FBA Customer Returns": MergeStep(1, _returns),
    "Seller Fulfilled Returns": MergeStep(1, _returns),
    "FBA Manage Inventory": MergeStep(2, _fba_inventory, by_file_time=True),
    "Restock Inventory": MergeStep(2, _restock, by_file_time=True),
    "Date Range Transactions": MergeStep(3, _payments),
    # After the Date Range reports of the run, whose transactions of the same settlement it replaces.
    "Settlement": MergeStep(4, _settlement),
    # A newer download corrects an older one: applied in the order the files were saved.
    "Monthly Storage Fees": MergeStep(5, _storage_fees, by_file_time=True),
    "Sponsored Products Advertised Product": MergeStep(6, _advertising, by_file_time=True),
}


def application_order(export: Report) -> tuple[int, pd.Timestamp]:
    """Sort key of a report: its step's rank, then its time (the oldest first)."""
    step = STEPS[export.kind]
    if step.by_file_time:
        return step.rank, pd.Timestamp(export.path.stat().st_mtime_ns, unit="ns")
    newest = export.lines["Last Updated"].max() if "Last Updated" in export.lines and len(export.lines) else pd.NaT
    return step.rank, pd.Timestamp.min if pd.isna(newest) else newest


def apply_reports(tracker: Tracker, exports: list[Report], marketplace: str = "") -> tuple[MergeSummary, Tracker]:
    """Merge every report into the tables it updates, in the order given; Order Tracking is sorted at the end.

    :param exports: reports sorted by :func:`application_order`.
    :param marketplace: the marketplace of the run's FBA inventory reports ("" when none was named).
    :return: the order lines added and changed, and the tracker updated.
    """
    merged = tracker
    for export in exports:
        merged = STEPS[export.kind].apply(merged, export, marketplace)
    changes = summarise_changes(tracker.orders, merged.orders)  # before sorting: rows are compared in place
    return changes, replace(merged, orders=sort_orders(merged.orders))
