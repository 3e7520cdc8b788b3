"""Map Amazon's order and item statuses to the short list the tracker uses."""

from __future__ import annotations

from amzsheet.contract.schema import CANCELLED, DELIVERED, PENDING, RETURNED, SHIPPED, UNSHIPPED

# Exact Amazon values (lower-cased) seen in All Orders reports; see COLUMNS.md in the samples.
_EXACT = {
    "pending": PENDING,
    "pending - waiting for pick up": PENDING,
    "pendingavailability": PENDING,
    "unshipped": UNSHIPPED,
    "partiallyshipped": UNSHIPPED,
    "partially shipped": UNSHIPPED,
    "shipping": UNSHIPPED,
    "shipped": SHIPPED,
    "shipped - out for delivery": SHIPPED,
    "shipped - lost in transit": SHIPPED,
    "shipped - undeliverable": SHIPPED,
    "shipped - damaged": SHIPPED,
    "shipped - delivered to buyer": DELIVERED,
    "shipped - picked up": DELIVERED,
    "complete": DELIVERED,
    "delivered": DELIVERED,
    "shipped - returned to seller": RETURNED,
    "shipped - returning to seller": RETURNED,
    "shipped - rejected by buyer": RETURNED,
    "returned": RETURNED,
    "cancelled": CANCELLED,
    "canceled": CANCELLED,
    "unfulfillable": CANCELLED,
}
# Amazon adds undocumented "Shipped - ..." and "Pending - ..." sub-states from time to time.
_PREFIXES = (("shipped", SHIPPED), ("pending", PENDING))


def map_amazon_status(order_status: str, item_status: str = "") -> str | None:
    """Return the tracker status for one report line, or None when it is unknown.

    A line whose item status is "Cancelled" is cancelled even when its order is
    "Shipped" (another item of the order shipped).

    :param order_status: the report's ``order-status`` value, e.g. "Shipped - Delivered to Buyer".
    :param item_status: the report's ``item-status`` value, possibly empty.
    """
    if _EXACT.get(item_status.strip().lower()) == CANCELLED:
        return CANCELLED
    key = order_status.strip().lower()
    if key in _EXACT:
        return _EXACT[key]
    for prefix, status in _PREFIXES:
        if key.startswith(prefix):
            return status
    return None
