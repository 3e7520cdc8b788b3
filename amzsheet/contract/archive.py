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
