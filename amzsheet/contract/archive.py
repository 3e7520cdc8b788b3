"""The order archive beside a tracker workbook: its name and how many order lines the workbook keeps.

Order lines the workbook should no longer hold move to a Parquet archive in a folder beside the
workbook (``tracker.xlsx`` -> ``tracker.archive/``): lines older than Settings' *Archive after
(months)*, and always enough to keep Order Tracking within :data:`WORKBOOK_LINE_LIMIT` lines.
"""

from __future__ import annotations

#: Most order lines Order Tracking keeps. Excel's sheets end at row 1,048,576; Order Tracking's legend
#: and header take two rows, and the margin leaves room for the lines of a few months' reports
#: imported at once. Every limit of the package check (:mod:`amzsheet.excel.package_guard`) lets a
#: workbook this size through.
WORKBOOK_LINE_LIMIT = 1_000_000
#: The archive folder's suffix, in place of the workbook's ``.xlsx``.
ARCHIVE_SUFFIX = ".archive"
#: An archive backup's name ends so, after the name of the workbook backup taken by the same save.
ARCHIVE_BACKUP_SUFFIX = ".archive.parquet"
#: The archive file in that folder: every archived order line, with Order Tracking's columns.
ARCHIVE_FILE = "orders.parquet"
#: An order stays in the workbook while anything happened to it in this many days: a status change, a
#: shipment, a delivery, a return, a payment. Buyers may ask for a refund, file an A-to-z claim or a
#: chargeback for months after delivery, and Amazon's payments follow the events; 180 days also covers
#: every sales window Settings allows and the Dashboard's 90 days.
SETTLING_DAYS = 180
