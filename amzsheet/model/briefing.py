"""The morning briefing: what the seller has to do today, read from a recomputed tracker.

Each section is a tuple of small frozen dataclasses, one per order line or SKU, taken from the
computed columns the workbook shows for the same day (Order Tracking's Alert; Inventory's Reorder
Qty, Order By, Alert and Next Count), so the briefing, the Dashboard and ``amzsheet reorder``
agree. It is pure: ``amzsheet status`` and the refresh summary render it as text,
``amzsheet status --json`` prints :meth:`Briefing.to_json_dict`.

**Adding a section** is one field of :class:`Briefing` (its items, a tuple of frozen dataclasses
or a dict; ``None`` while the tracker cannot say: left out of the text, ``null`` in the JSON), filled by
:func:`build_briefing`, and one renderer in :data:`amzsheet.briefing_text.RENDERERS`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from amzsheet.contract.schema import LATE_DELIVERY, OUT_OF_STOCK, OVERDUE, SHIP_TODAY
from amzsheet.model.changes import RefreshChanges, last_change
from amzsheet.model.metrics import Metric, seller_metrics
from amzsheet.model.reviews import ReviewRequest, review_requests
from amzsheet.model.tracker import Tracker


@dataclass(frozen=True)
class ShipLine:
    """An order line the seller still has to ship (Alert SHIP TODAY or OVERDUE).

    :param order_id: Amazon's Order ID (None: a line typed without one).
    :param sku: the line's SKU.
    :param ship_by: the day it must ship by (the marketplace's day).
    """

    order_id: str | None
    sku: str | None
    ship_by: dt.date | None


@dataclass(frozen=True)
class LateDelivery:
    """A line shipped by the seller (FBM) and not marked Delivered after its Deliver By (Alert LATE DELIVERY).

    :param order_id: Amazon's Order ID.
    :param sku: the line's SKU.
    :param deliver_by: the day it was promised to arrive by.
    :param shipped_date: the day it shipped (None: not known).
    :param carrier: the carrier, to look the parcel up (None: not known).
    :param tracking_number: the tracking number (None: not known).
    """

    order_id: str | None
    sku: str | None
    deliver_by: dt.date | None
    shipped_date: dt.date | None
    carrier: str | None
    tracking_number: str | None


@dataclass(frozen=True)
class Reorder:
    """A SKU to reorder: its Inventory row has a Reorder Qty above 0 (a row of ``amzsheet reorder``).

    :param sku: the SKU.
    :param qty: units to order (Reorder Qty: whole cartons, at least the minimum order).
    :param order_by: the day to order by (Order By; None when Inventory leaves it blank).
    """

    sku: str | None
    qty: int | float
    order_by: dt.date | None


@dataclass(frozen=True)
class OutOfStock:
    """A SKU whose Available Quantity is 0 or less (Alert OUT OF STOCK).

    :param sku: the SKU.
    :param product_name: its Product Name (None: blank).
    :param available: Available Quantity (below 0 when more sold than was counted: count it).
    :param on_order: units on open purchase orders expected within the lead time (On Order).
    """

    sku: str | None
    product_name: str | None
    available: int | float
    on_order: int | float


@dataclass(frozen=True)
class CountDue:
    """A SKU due for a shelf count: its Next Count is today or earlier.

    :param sku: the SKU.
    :param product_name: its Product Name (None: blank).
    :param next_count: the day the count was due (today for a SKU never counted).
    :param last_count: the day of its last count (Count Date; None: never counted).
    """

    sku: str | None
    product_name: str | None
    next_count: dt.date | None
    last_count: dt.date | None


@dataclass(frozen=True)
class Briefing:
    """What to do on ``as_of``, section by section, each in the order the seller should work through it.

    :param as_of: the day the tracker was recomputed for (the formulas' today).
    :param ship_today: every line whose Alert is SHIP TODAY, by Ship By, Order ID and SKU.
    :param overdue: every line whose Alert is OVERDUE, the longest overdue first.
    :param late_delivery: every line whose Alert is LATE DELIVERY, the most recently due first (the ones
        still worth asking the carrier about).
    :param reorder: every SKU whose Reorder Qty is above 0, by Order By, then SKU.
    :param out_of_stock: every SKU out of stock, the best seller (Avg Daily Sales) first.
    :param count_due: every SKU whose Next Count is today or earlier, the longest due first.
    :param review_requests: every delivered order whose review request window is open and that has no Review
        Requested date (see :mod:`.reviews`), the window closing first first.
    :param metrics: Amazon's seller metrics estimated from Order Tracking, by key (see
        :func:`amzsheet.model.metrics.seller_metrics`); the text lists those off target.
    :param changes: what the last refresh changed: the newest row of the Changes sheet (None: the workbook has
        none yet: ``changes`` is null in the JSON). See :mod:`amzsheet.model.changes`.
    """

    as_of: dt.date
    ship_today: tuple[ShipLine, ...] = ()
    overdue: tuple[ShipLine, ...] = ()
    late_delivery: tuple[LateDelivery, ...] = ()
    reorder: tuple[Reorder, ...] = ()
    out_of_stock: tuple[OutOfStock, ...] = ()
    count_due: tuple[CountDue, ...] = ()
    review_requests: tuple[ReviewRequest, ...] = ()
    metrics: dict[str, Metric] | None = None
    changes: RefreshChanges | None = None

    def sections(self) -> dict[str, Any]:
        """The sections in the order of the fields, leaving out those the tracker could not fill (None)."""
        return {
            field.name: getattr(self, field.name)
            for field in dataclasses.fields(self)
            if field.name != "as_of" and getattr(self, field.name) is not None
        }

    def to_json_dict(self) -> dict[str, Any]:
        """The briefing as plain JSON values: dates as ISO strings, whole numbers as ints, items as objects."""
        sections = [field.name for field in dataclasses.fields(self) if field.name != "as_of"]
        # A section the tracker cannot fill yet (no Changes row) is null: every key is always there.
        return {"as_of": self.as_of.isoformat(), **{name: _plain(getattr(self, name)) for name in sections}}


def distinct_orders(lines: Iterable[ShipLine | LateDelivery]) -> int:
    """How many orders ``lines`` belong to: distinct Order IDs, ignoring case as the Dashboard does."""
    return len({line.order_id.lower() for line in lines if line.order_id})


def build_briefing(tracker: Tracker, today: dt.date) -> Briefing:
    """The briefing of ``tracker`` for ``today``.

    :param tracker: a tracker recomputed for ``today`` (:meth:`Tracker.recompute`): its computed columns are
        read as they are. Either dtypes do (a notebook's nullable ones, or the model's).
    :param today: the reference date the tracker was recomputed for.
    """
    tracker = tracker.with_model_dtypes()
    orders, inventory = tracker.orders, tracker.inventory
    return Briefing(
        as_of=today,
        ship_today=_ship_lines(orders, SHIP_TODAY),
        overdue=_ship_lines(orders, OVERDUE),
        late_delivery=_late_deliveries(orders),
        reorder=_reorders(inventory),
        out_of_stock=_out_of_stock(inventory),
        count_due=_counts_due(inventory, today),
        review_requests=review_requests(orders, tracker.payments, today),
        metrics=seller_metrics(orders, today),
        changes=last_change(tracker.changes),
    )


def _ship_lines(orders: pd.DataFrame, alert: str) -> tuple[ShipLine, ...]:
    lines = _with_alert(orders, alert).sort_values(["Ship By", "Order ID", "SKU"], na_position="last", kind="stable")
    return tuple(
        ShipLine(_text(order_id), _text(sku), _date(ship_by))
        for order_id, sku, ship_by in _rows(lines, "Order ID", "SKU", "Ship By")
    )


def _late_deliveries(orders: pd.DataFrame) -> tuple[LateDelivery, ...]:
    lines = _with_alert(orders, LATE_DELIVERY).sort_values(
        ["Deliver By", "Order ID", "SKU"], ascending=[False, True, True], na_position="last", kind="stable"
    )
    columns = ("Order ID", "SKU", "Deliver By", "Shipped Date", "Carrier", "Tracking Number")
    return tuple(
        LateDelivery(_text(order_id), _text(sku), _date(due), _date(shipped), _text(carrier), _text(tracking))
        for order_id, sku, due, shipped, carrier, tracking in _rows(lines, *columns)
    )


def _reorders(inventory: pd.DataFrame) -> tuple[Reorder, ...]:
    rows = inventory[inventory["Reorder Qty"].fillna(0) > 0]
    rows = rows.sort_values(["Order By", "SKU"], na_position="last", kind="stable")
    return tuple(
        Reorder(_text(sku), _number(qty), _date(order_by))
        for sku, qty, order_by in _rows(rows, "SKU", "Reorder Qty", "Order By")
    )


def _out_of_stock(inventory: pd.DataFrame) -> tuple[OutOfStock, ...]:
    rows = inventory[inventory["Alert"].fillna("").str.contains(OUT_OF_STOCK, regex=False)]
    rows = rows.sort_values(["Avg Daily Sales", "SKU"], ascending=[False, True], na_position="last", kind="stable")
    return tuple(
        OutOfStock(_text(sku), _text(name), _number(available), _number(on_order))
        for sku, name, available, on_order in _rows(rows, "SKU", "Product Name", "Available Quantity", "On Order")
    )


def _counts_due(inventory: pd.DataFrame, today: dt.date) -> tuple[CountDue, ...]:
    rows = inventory[inventory["Next Count"] <= pd.Timestamp(today)]
    rows = rows.sort_values(["Next Count", "SKU"], kind="stable")
    return tuple(
        CountDue(_text(sku), _text(name), _date(due), _date(counted))
        for sku, name, due, counted in _rows(rows, "SKU", "Product Name", "Next Count", "Count Date")
    )


def _with_alert(orders: pd.DataFrame, alert: str) -> pd.DataFrame:
    return orders[orders["Alert"].fillna("") == alert]


def _rows(table: pd.DataFrame, *columns: str) -> Iterable[tuple[Any, ...]]:
    """The values of ``columns``, row by row (quicker than ``iterrows`` on thousands of late deliveries)."""
    return zip(*(table[column].tolist() for column in columns))


def _text(value: Any) -> str | None:
    return None if _blank(value) else str(value)


def _date(value: Any) -> dt.date | None:
    return None if _blank(value) else pd.Timestamp(value).date()


def _number(value: Any) -> int | float:
    """A quantity: an int when whole; blank is 0, as in Excel's sums."""
    number = 0.0 if _blank(value) else float(value)
    return int(number) if number.is_integer() else number


def _blank(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _plain(value: Any) -> Any:
    """``value`` as JSON has it: dataclasses as objects, tuples as lists, dates as ISO strings, whole floats as ints."""
    if isinstance(value, Metric):
        return value.as_json()  # the figures only: label, days and direction are the key's
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, pd.Timestamp):  # a table's date: the day alone when it has no time of day
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(timespec="seconds")
    if isinstance(value, dt.datetime):  # a moment, such as when a refresh ran, even at midnight
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    return value
