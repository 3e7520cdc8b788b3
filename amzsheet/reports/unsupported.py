"""Amazon reports amzsheet recognises but does not import, so that a folder refresh can say what they are.

A seller's Downloads folder holds more than the reports amzsheet reads. Naming a
settlement report in an older layout "not an Amazon report" would make a report that was not
read look like no report at all; these signatures let the summary say which report it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from amzsheet.reports.raw import header_key


@dataclass(frozen=True)
class UnsupportedReport:
    """An Amazon report that amzsheet knows by its header but does not import.

    :param name: what the seller calls it, with an article ("a settlement report").
    :param signature: header names that together identify it (compared as :func:`header_key` does).
    :param advice: what to do instead, as the end of a sentence.
    """

    name: str
    signature: frozenset[str]
    advice: str

    def matches(self, cells: list[str]) -> bool:
        """Tell whether a header line (its cells) is this report's."""
        return {header_key(name) for name in self.signature} <= {header_key(cell) for cell in cells}


UNSUPPORTED_REPORTS: tuple[UnsupportedReport, ...] = (
    # The settlement report amzsheet imports is "Flat File V2" (amzsheet.reports.settlements), whose header is
    # matched first; any other settlement header is the older wide "Flat File" (price-type, item-related-fee-type...).
    UnsupportedReport(
        "a settlement report in the old Flat File layout (Payments > All Statements)",
        frozenset({"settlement-id", "settlement-start-date", "total-amount"}),
        'download it again as "Flat File V2" instead',
    ),
    UnsupportedReport(
        "a Business Report (sales and traffic)",
        frozenset({"(Parent) ASIN", "Sessions"}),
        "import the All Orders report for sales",
    ),
    UnsupportedReport(
        "an Inventory Ledger report",
        frozenset({"FNSKU", "MSKU", "Event Type"}),
        "import the FBA Manage Inventory report for stock",
    ),
    UnsupportedReport(
        "a Fee Preview report",
        frozenset({"sku", "fnsku", "estimated-fee-total"}),
        "the Date Range transaction report brings the fees Amazon charged",
    ),
    UnsupportedReport(
        "a listings report (All Listings or Active Listings)",
        frozenset({"seller-sku", "item-name", "open-date"}),
        "import the FBA Manage Inventory report for stock",
    ),
    UnsupportedReport(
        "a Reimbursements report",
        frozenset({"reimbursement-id", "approval-date"}),
        "the Date Range transaction report lists reimbursements as transactions",
    ),
)


def unsupported_report(cells: list[str]) -> UnsupportedReport | None:
    """The unsupported report whose header ``cells`` are, or None."""
    return next((report for report in UNSUPPORTED_REPORTS if report.matches(cells)), None)
