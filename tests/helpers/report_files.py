"""Report files in the real layouts, written for the tests (tab-separated unless told otherwise)."""

from __future__ import annotations

from amzsheet.samples import reports as sample_reports

AFS_HEADER = [*sample_reports.AFS_HEADER, "points-granted"]  # the Japanese variant
FBA_RETURNS_HEADER = list(sample_reports.FBA_RETURNS_HEADER)


def write_report(path, header, rows, *, encoding="utf-8", line_end="\n", delimiter="\t"):
    """Write a report: ``header`` and one line per dict of ``rows`` (missing columns blank)."""
    lines = [delimiter.join(header)] + [delimiter.join(row.get(name, "") for name in header) for row in rows]
    path.write_bytes((line_end.join(lines) + line_end).encode(encoding))
    return path


def mcf_shipments(tmp_path):
    """A shipment report with an Amazon sale and a Multi-Channel Fulfillment line of the seller's own shop."""
    sale = {"amazon-order-id": "111-2162328-5179422", "amazon-order-item-id": "07664457044546",
            "purchase-date": "2026-11-20T10:00:00+00:00", "shipment-date": "2026-11-21T05:06:24+00:00",
            "sku": "MUG", "product-name": "Mug", "quantity-shipped": "1", "currency": "USD", "item-price": "19.99",
            "carrier": "UPS", "fulfillment-channel": "AFN", "sales-channel": "Amazon.com"}  # fmt: skip
    mcf = {"amazon-order-id": "S02-5550001-0001234", "merchant-order-id": "#11423.3", "amazon-order-item-id": "",
           "purchase-date": "", "shipment-date": "2026-11-22T16:40:00+00:00", "sku": "MUG", "product-name": "Mug",
           "quantity-shipped": "3", "currency": "", "item-price": "", "carrier": "USPS",
           "estimated-arrival-date": "2026-11-24T20:00:00+00:00", "fulfillment-channel": "AFN",
           "sales-channel": "Non-Amazon"}  # fmt: skip
    return write_report(tmp_path / "afs.txt", list(sample_reports.AFS_HEADER), [sale, mcf], line_end="\r\n")
