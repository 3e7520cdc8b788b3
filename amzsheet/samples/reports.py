"""Invented Seller Central reports that follow one simulated order history, in the real layouts.

:func:`amzsheet.samples.exports.write_sample_exports` simulates a small US seller and passes the
result here as a :class:`History`.  This module writes the other reports of the same orders, with
the layouts of the shared samples' ``COLUMNS.md`` (section numbers below):

* ``fulfilled-shipments``: Amazon Fulfilled Shipments (§4), one line per shipment of a shipped FBA
  order item; a few multi-unit items ship in two parts.  Tab, LF.
* ``fba-inventory``: FBA Manage Inventory, ``GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA`` (§3), one line
  per FBA SKU at the snapshot.  Tab, LF.
* ``fba-returns``: FBA customer returns (§5) of the FBA lines that reached "Shipped - Returned to
  Seller".  Tab, LF.
* ``seller-returns``: the seller-fulfilled returns report with plain-English headers (§5), for the
  returned merchant-fulfilled lines.  Tab, LF.
* ``restock``: Restock Inventory recommendations (§6) for the FBA SKUs.  Tab, LF.
* ``date-range``: the Payments Date Range transaction CSV (§7, US 2020s, 28 columns) for the last
  30 days: every field quoted, CRLF, 7 preamble lines.

Amounts agree with the All Orders ``item-price`` (a line total) of the same line, and unshipped lines
appear in none of these reports.  Values that no real file shows are marked ``[INF]`` where they
are chosen.

The module also writes variants for importer tests: :func:`write_report_variant` (any tab-separated
report in another encoding or line ending) and :func:`write_date_range_variant` (a Date Range CSV in
one of eight Seller Central languages).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import os
import pathlib
import string
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

import numpy as np

__all__ = [
    "AFS_HEADER",
    "DATE_RANGE_HEADER",
    "DATE_RANGE_LOCALES",
    "DATE_RANGE_PREAMBLE",
    "EXTRA_REPORTS",
    "FBA_INVENTORY_HEADER",
    "FBA_RETURNS_HEADER",
    "RESTOCK_HEADER",
    "SELLER_RETURNS_HEADER",
    "write_date_range_variant",
    "write_report_variant",
    "write_tsv",
]

EXTRA_REPORTS: tuple[str, ...] = (
    "fulfilled-shipments", "fba-inventory", "fba-returns", "seller-returns", "restock", "date-range",
    "settlements",
)  # fmt: skip

AFS_HEADER: tuple[str, ...] = (
    "amazon-order-id", "merchant-order-id", "shipment-id", "shipment-item-id", "amazon-order-item-id",
    "merchant-order-item-id", "purchase-date", "payments-date", "shipment-date", "reporting-date",
    "buyer-email", "buyer-name", "buyer-phone-number", "sku", "product-name", "quantity-shipped", "currency",
    "item-price", "item-tax", "shipping-price", "shipping-tax", "gift-wrap-price", "gift-wrap-tax",
    "ship-service-level", "recipient-name", "ship-address-1", "ship-address-2", "ship-address-3", "ship-city",
    "ship-state", "ship-postal-code", "ship-country", "ship-phone-number", "bill-address-1", "bill-address-2",
    "bill-address-3", "bill-city", "bill-state", "bill-postal-code", "bill-country", "item-promotion-discount",
    "ship-promotion-discount", "carrier", "tracking-number", "estimated-arrival-date", "fulfillment-center-id",
    "fulfillment-channel", "sales-channel",
)  # fmt: skip
FBA_INVENTORY_HEADER: tuple[str, ...] = (
    "sku", "fnsku", "asin", "product-name", "condition", "your-price", "mfn-listing-exists",
    "mfn-fulfillable-quantity", "afn-listing-exists", "afn-warehouse-quantity", "afn-fulfillable-quantity",
    "afn-unsellable-quantity", "afn-reserved-quantity", "afn-total-quantity", "per-unit-volume",
    "afn-inbound-working-quantity", "afn-inbound-shipped-quantity", "afn-inbound-receiving-quantity",
    "afn-researching-quantity", "afn-reserved-future-supply", "afn-future-supply-buyable",
)  # fmt: skip
FBA_RETURNS_HEADER: tuple[str, ...] = (
    "return-date", "order-id", "sku", "asin", "fnsku", "product-name", "quantity", "fulfillment-center-id",
    "detailed-disposition", "reason", "status", "license-plate-number", "customer-comments",
)  # fmt: skip
SELLER_RETURNS_HEADER: tuple[str, ...] = (
    "Order ID", "Order date", "Return request date", "Return request status", "Amazon RMA ID", "Merchant RMA ID",
    "Label type", "Label cost", "Currency code", "Return carrier", "Tracking ID", "Label to be paid by",
    "A-to-Z Claim", "Is prime", "ASIN", "Merchant SKU", "Item Name", "Return quantity", "Return Reason",
    "In policy", "Return type", "Resolution", "Invoice number", "Return delivery date", "Order Amount",
    "Order quantity", "SafeT Action reason", "SafeT claim id", "SafeT claim state", "SafeT claim creation time",
    "SafeT claim reimbursement amount", "Refunded Amount",
)  # fmt: skip
RESTOCK_HEADER: tuple[str, ...] = (
    "Country", "Product Name", "FNSKU", "Merchant SKU", "ASIN", "Condition", "Supplier", "Supplier part no.",
    "Currency code", "Price", "Sales last 30 days", "Units Sold Last 30 Days", "Total Units", "Inbound",
    "Available", "FC transfer", "FC Processing", "Customer Order", "Unfulfillable", "Working", "Shipped",
    "Receiving", "Fulfilled by", "Total Days of Supply (including units from open shipments)",
    "Days of Supply at Amazon Fulfillment Network", "Alert", "Recommended replenishment qty",
    "Recommended ship date", "Recommended action", "Unit storage size",
)  # fmt: skip
DATE_RANGE_HEADER: tuple[str, ...] = (
    "date/time", "settlement id", "type", "order id", "sku", "description", "quantity", "marketplace",
    "account type", "fulfillment", "order city", "order state", "order postal", "tax collection model",
    "product sales", "product sales tax", "shipping credits", "shipping credits tax", "gift wrap credits",
    "giftwrap credits tax", "promotional rebates", "promotional rebates tax", "marketplace withheld tax",
    "selling fees", "fba fees", "other transaction fees", "other", "total",
)  # fmt: skip
# Copied from the real US 2017 file (date_range_transaction_us_2017.csv), double space included.
DATE_RANGE_PREAMBLE: tuple[str, ...] = (
    "Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon Webstore transactions",
    "All amounts in USD, unless specified",
    "Definitions:",
    "Sales tax collected: Includes sales tax collected from buyers for product sales, shipping, and gift wrap.",
    "Selling fees: Includes variable closing fees and referral fees.",
    "Other transaction fees: Includes shipping chargebacks, shipping holdbacks, per-item fees  and sales tax "
    "collection fees.",
    'Other: Includes non-order transaction amounts. For more details, see the "Type" and "Description" columns '
    "for each order ID.",
)
_AMOUNT_COLUMNS = DATE_RANGE_HEADER[DATE_RANGE_HEADER.index("product sales") :]
_JP_POINTS = "Amazonポイントの費用"  # JP-only amount column; COLUMNS.md gives no English name, so this is its key

_UTC = dt.timezone.utc
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ALNUM = string.ascii_letters + string.digits
_UPPER_ALNUM = string.ascii_uppercase + string.digits
_T = TypeVar("_T")

# Invented business constants [INF].
_SPLIT_SHARE = 0.06  # multi-unit FBA items shipped in two parts
_SPLIT_RETURN_SHARE = 0.4  # multi-unit FBA returns received as two unit groups
_REFERRAL_RATE = 0.15
_MIN_REFERRAL_CENTS = 30
_SUBSCRIPTION_CENTS = 3999
_SETTLEMENT_DAYS = 14
_SETTLEMENT_ANCHOR = dt.datetime(2020, 1, 2, 8, tzinfo=_UTC)  # a settlement boundary (midnight PST)
_DATE_RANGE_DAYS = 30
_LEAD_DAYS = 30  # restock: supplier lead time plus transit
_COVER_DAYS = 30  # restock: days of stock wanted after a shipment arrives
_FCS = ("ABE8", "BFI4", "CVG3", "DFW7", "IND9", "LAS2", "LEX1", "MDW2", "MKC4", "ONT8", "PHX6", "RIC2", "SDF8", "TPA1")
_CARRIERS = (("AMZN_US", 0.5), ("UPS", 0.25), ("USPS", 0.25))
_DISPOSITIONS = {  # detailed-disposition: (share, possible reasons)
    "SELLABLE": (0.6, ("UNWANTED_ITEM", "ORDERED_WRONG_ITEM", "FOUND_BETTER_PRICE", "NOT_AS_DESCRIBED")),
    "CUSTOMER_DAMAGED": (0.2, ("UNWANTED_ITEM", "NOT_COMPATIBLE")),
    "DEFECTIVE": (0.2, ("DEFECTIVE", "QUALITY_UNACCEPTABLE")),
}
_COMMENTS = {  # customer-comments by reason; about half of the returns have none
    "UNWANTED_ITEM": "Didn't need it",
    "ORDERED_WRONG_ITEM": "Wrong size",
    "FOUND_BETTER_PRICE": "Cheaper elsewhere",
    "NOT_AS_DESCRIBED": "Not as pictured",
    "NOT_COMPATIBLE": "Does not fit my drawer",
    "DEFECTIVE": "Stopped working after a week",
    "QUALITY_UNACCEPTABLE": "Feels cheap",
}
_SELLER_RETURN_REASONS = (  # (Return Reason code, who pays the label)
    ("CR-UNWANTED_ITEM", "Customer"), ("CR-ORDERED_WRONG_ITEM", "Customer"), ("CR-DEFECTIVE", "Seller"),
    ("AMZ-PG-BAD-DESC", "Seller"),
)  # fmt: skip


# --------------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Listing:
    """One catalogue product as the reports see it.

    :param unit_price: US cents per unit, before tax.
    :param fba: fulfilled by Amazon (otherwise by the merchant).
    """

    sku: str
    name: str
    asin: str
    unit_price: int
    fba: bool


@dataclass(frozen=True)
class Party:
    """The invented buyer and ship-to address of one order: personal data an importer must not store."""

    email: str
    name: str
    phone: str
    recipient: str
    address1: str
    address2: str
    city: str
    state: str
    postal: str


@dataclass(frozen=True)
class SoldLine:
    """One order line that was not cancelled, with the times of its states (UTC).

    Money is in US cents exactly as the All Orders report of the shipped line shows it:
    ``price`` is the line total (``item-price``), ``None`` means an empty field.
    ``shipped`` is ``None`` while the line is still Pending at the snapshot.
    """

    order_id: str
    item_id: str
    listing: Listing
    quantity: int
    purchased: dt.datetime
    shipped: dt.datetime | None
    delivered: dt.datetime | None
    returned: dt.datetime | None
    service_level: str
    party: Party
    price: int
    tax: int | None
    shipping: int | None
    shipping_tax: int | None

    @property
    def fba(self) -> bool:
        return self.listing.fba


@dataclass(frozen=True)
class History:
    """A simulated order history up to ``snapshot`` (``end`` 06:00 UTC), in purchase order."""

    end: dt.date
    snapshot: dt.datetime
    listings: tuple[Listing, ...]
    lines: tuple[SoldLine, ...]


# --------------------------------------------------------------------------------------------- public API


def write_reports(
    folder: str | os.PathLike, history: History, names: Collection[str], *, seed: int
) -> list[pathlib.Path]:
    """Write the reports of :data:`EXTRA_REPORTS` that are in ``names``, all from one ``history``.

    :param seed: with ``history``, fixes every invented detail (tracking numbers, stock, fees ...).
    :returns: the written paths, in :data:`EXTRA_REPORTS` order.
    """
    folder = pathlib.Path(folder)
    facts = _Facts.build(history, seed)
    writers: dict[str, Callable[[pathlib.Path, History, _Facts], pathlib.Path | list[pathlib.Path]]] = {
        "fulfilled-shipments": _write_fulfilled_shipments,
        "fba-inventory": _write_fba_inventory,
        "fba-returns": _write_fba_returns,
        "seller-returns": _write_seller_returns,
        "restock": _write_restock,
        "date-range": _write_date_range,
        "settlements": lambda out, past, known: _write_settlements(out, past, known, seed),
    }
    paths: list[pathlib.Path] = []
    for name in (name for name in EXTRA_REPORTS if name in names):
        written = writers[name](folder, history, facts)
        paths += written if isinstance(written, list) else [written]
    return paths


def _write_settlements(folder: pathlib.Path, history: History, facts: _Facts, seed: int) -> list[pathlib.Path]:
    from amzsheet.samples.settlements import write_sample_settlements  # it builds on this module

    return write_sample_settlements(folder, history, facts.items, seed=seed)


def date_range_rows(history: History, *, seed: int) -> list[dict[str, object]]:
    """The Date Range transactions of the last 30 days of ``history``, for :func:`write_date_range_variant`.

    Values are typed: ``date/time`` an aware datetime, amounts :class:`~decimal.Decimal` US dollars,
    ``quantity`` an int (or ``""``), everything else text.
    """
    return _Facts.build(history, seed).date_range


def write_report_variant(
    path: str | os.PathLike,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    encoding: str,
    line_end: str,
    bom: bool = False,
) -> pathlib.Path:
    """Write a tab-separated report without quoting, in any encoding and line ending.

    Use it to produce the variants an importer must read (see COLUMNS.md §10): cp1252 or cp932
    files, CRLF, a BOM, short rows.  Every line, the last included, ends with ``line_end``.

    :param header: column names, written as the first line.
    :param rows: lines of values (``None`` is written as an empty field); a row may be shorter
        than the header, as in real returns reports, but not longer.
    :param encoding: a Python codec name such as ``"utf-8"``, ``"utf-8-sig"`` (always with a BOM),
        ``"cp1252"`` or ``"cp932"``; characters it cannot encode raise :class:`UnicodeEncodeError`.
    :param line_end: ``"\\n"`` or ``"\\r\\n"`` (any string is accepted).
    :param bom: start with a byte order mark; needs a UTF encoding.
    :returns: ``path`` as a :class:`pathlib.Path`.
    :raises ValueError: for a row longer than the header, a value containing a tab or line break,
        or ``bom`` with a non-UTF encoding.
    """
    path = pathlib.Path(path)
    lines = [list(header)]
    for row in rows:
        cells = ["" if value is None else str(value) for value in row]
        if len(cells) > len(lines[0]) or any(ch in cell for cell in cells for ch in "\t\r\n"):
            raise ValueError(f"bad row for {path.name}: {cells!r}")
        lines.append(cells)
    text = "".join("\t".join(cells) + line_end for cells in lines)
    path.write_bytes(_with_bom(text, encoding, bom).encode(encoding))
    return path


def write_date_range_variant(
    path: str | os.PathLike,
    rows: Iterable[Mapping[str, object]],
    *,
    locale: str,
    encoding: str = "utf-8",
    line_end: str = "\r\n",
    preamble: Sequence[str] | None = None,
) -> pathlib.Path:
    """Write a Date Range transaction CSV as Seller Central shows it in ``locale``.

    Every field is quoted and comma separated.  The header names, the column set, the number
    and date formats and the ``type`` values follow ``locale`` (see :data:`DATE_RANGE_LOCALES`
    and the comments at ``_LOCALES``); names and values with no documented translation stay English.

    :param rows: one mapping per transaction, keyed by the English names of :data:`DATE_RANGE_HEADER`
        (the JP-only points column by its Japanese name).  ``date/time`` may be an aware datetime
        (naive means UTC), amounts may be int, float or :class:`~decimal.Decimal` dollars; text is
        written as given, so pre-formatted strings pass through.  Missing keys are empty fields;
        columns the locale does not have are dropped.
    :param locale: one of :data:`DATE_RANGE_LOCALES`.
    :param encoding: e.g. ``"utf-8"``, ``"utf-8-sig"``, ``"cp1252"``, ``"cp932"``.
    :param preamble: lines before the header; default the 7 English lines of the real US file
        (no localized preamble text is documented).
    :returns: ``path`` as a :class:`pathlib.Path`.
    :raises ValueError: for an unknown locale or an unknown column key.
    """
    if locale not in _LOCALES:
        raise ValueError(f"unknown locale {locale!r}; use one of {', '.join(DATE_RANGE_LOCALES)}")
    spec = _LOCALES[locale]
    keys = [key for key, _ in spec.columns]
    known = set(DATE_RANGE_HEADER) | set(keys)
    table: list[list[str]] = [[line] for line in (DATE_RANGE_PREAMBLE if preamble is None else preamble)]
    table.append([name for _, name in spec.columns])
    for row in rows:
        unknown = set(row) - known
        if unknown:
            raise ValueError(f"unknown Date Range columns: {', '.join(sorted(unknown))}")
        table.append([spec.cell(key, row.get(key)) for key in keys])
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator=line_end).writerows(table)
    path = pathlib.Path(path)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_tsv(path: pathlib.Path, header: Sequence[str], rows: list[list[str]], eol: str) -> None:
    """Write unquoted tab-separated lines (UTF-8, no BOM), every line ended by ``eol``."""
    lines = ["\t".join(header)]
    for row in rows:
        if len(row) != len(header) or any(ch in value for value in row for ch in "\t\r\n"):
            raise ValueError(f"bad row for {path.name}: {row!r}")
        lines.append("\t".join(row))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("".join(line + eol for line in lines))


# --------------------------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class _Item:
    """FBA and fee facts of one listing."""

    fnsku: str
    volume: float  # cubic feet per unit
    fba_fee: int  # cents per unit


@dataclass(frozen=True)
class _Shipment:
    """One line of Amazon Fulfilled Shipments: all or part of an FBA order line."""

    line: SoldLine
    item_id: str
    shipment_id: str
    shipment_item_id: str
    quantity: int
    price: int
    tax: int
    shipped: dt.datetime
    reported: dt.datetime
    carrier: str
    tracking: str
    arrival: dt.datetime
    fc: str


@dataclass(frozen=True)
class _FbaReturn:
    """One line of the FBA customer returns report: a group of returned units with one LPN."""

    line: SoldLine
    quantity: int
    returned: dt.datetime
    fc: str
    disposition: str
    reason: str
    lpn: str
    comment: str


@dataclass(frozen=True)
class _SellerReturn:
    """One line of the seller-fulfilled returns report."""

    line: SoldLine
    requested: dt.datetime
    rma: str
    label_cents: int
    carrier: str
    tracking: str
    payer: str
    reason: str


@dataclass(frozen=True)
class _Stock:
    """FBA stock of one SKU at the snapshot, and its last 30 days of sales."""

    listing: Listing
    item: _Item
    fulfillable: int
    unsellable: int
    customer_orders: int
    fc_transfer: int
    fc_processing: int
    working: int
    inbound_shipped: int
    receiving: int
    researching: int
    units_30: int
    sales_30: int  # cents

    @property
    def reserved(self) -> int:
        return self.customer_orders + self.fc_transfer + self.fc_processing

    @property
    def warehouse(self) -> int:
        return self.fulfillable + self.unsellable + self.reserved

    @property
    def inbound(self) -> int:
        return self.working + self.inbound_shipped + self.receiving

    @property
    def total(self) -> int:
        return self.warehouse + self.inbound


@dataclass(frozen=True)
class _Facts:
    """Everything the reports invent beyond the order history, drawn once so the reports agree."""

    items: dict[str, _Item]
    shipments: list[_Shipment]
    fba_returns: list[_FbaReturn]
    seller_returns: list[_SellerReturn]
    stock: list[_Stock]
    date_range: list[dict[str, object]]

    @classmethod
    def build(cls, history: History, seed: int) -> _Facts:
        # One generator per part, so that a change in one part leaves the others as they are.
        rngs = [np.random.default_rng([seed, 2, part]) for part in range(6)]
        items = {listing.sku: _item(rngs[0], listing) for listing in history.listings}
        fba_returns = _fba_returns(rngs[2], history)
        return cls(
            items=items,
            shipments=_shipments(rngs[1], history),
            fba_returns=fba_returns,
            seller_returns=_seller_returns(rngs[3], history),
            stock=_stock(rngs[4], history, items, fba_returns),
            date_range=_transactions(rngs[5], history, items),
        )


def _item(rng: np.random.Generator, listing: Listing) -> _Item:
    volume = round(float(rng.uniform(0.02, 0.9)), 4)
    fee = 322 if volume < 0.05 else 386 if volume < 0.15 else 475 if volume < 0.3 else 540 if volume < 0.5 else 617
    return _Item("X00" + _chars(rng, _UPPER_ALNUM, 7), volume, fee)


def _shipped_fba(history: History) -> dict[str, list[SoldLine]]:
    orders: dict[str, list[SoldLine]] = defaultdict(list)
    for line in history.lines:
        if line.fba and line.shipped is not None:
            orders[line.order_id].append(line)
    return orders


def _shipments(rng: np.random.Generator, history: History) -> list[_Shipment]:
    """All lines of an order leave in one shipment; a few multi-unit items are split in two."""
    used: set[str] = {line.item_id for line in history.lines}
    out = []
    for lines in _shipped_fba(history).values():
        assert lines[0].shipped is not None  # _shipped_fba keeps shipped lines only
        first = _new_parcel(rng, used, lines[0].shipped)
        for line in lines:
            item_id = _afs_item_id(rng, line.item_id, used)
            for parcel, quantity in _split_parcels(rng, line, history.snapshot, first, used):
                price = line.listing.unit_price * quantity
                tax = _share(line.tax or 0, quantity, line.quantity, last=parcel is not first)
                shipment_item_id = _unique(used, lambda: "D" + _chars(rng, _ALNUM, 8))
                reported = min(parcel.shipped + _hours(rng, 2, 10), history.snapshot)
                arrival = _arrival(rng, parcel.shipped, line.service_level)
                out.append(
                    _Shipment(line, item_id, parcel.shipment_id, shipment_item_id, quantity, price, tax,
                              parcel.shipped, reported, parcel.carrier, parcel.tracking, arrival, parcel.fc)
                )  # fmt: skip
    return sorted(out, key=lambda s: (s.shipped, s.line.order_id, s.shipment_item_id))


@dataclass(frozen=True)
class _Parcel:
    shipment_id: str
    shipped: dt.datetime
    carrier: str
    tracking: str
    fc: str


def _new_parcel(rng: np.random.Generator, used: set[str], shipped: dt.datetime) -> _Parcel:
    carrier = _CARRIERS[int(rng.choice(len(_CARRIERS), p=[share for _, share in _CARRIERS]))][0]
    tracking = _unique(used, lambda: _tracking_number(rng, carrier))
    shipment_id = _unique(used, lambda: "D" + _chars(rng, _ALNUM, 8))
    return _Parcel(shipment_id, shipped, carrier, tracking, _pick(rng, _FCS))


def _split_parcels(
    rng: np.random.Generator, line: SoldLine, snapshot: dt.datetime, first: _Parcel, used: set[str]
) -> list[tuple[_Parcel, int]]:
    """``[(parcel, units)]``: the order's parcel, plus a later one for part of a few multi-unit items."""
    assert line.shipped is not None
    later = first.shipped + _hours(rng, 6, 48)
    limit = min(t for t in (line.delivered, line.returned, snapshot) if t is not None)
    if line.quantity < 2 or rng.random() >= _SPLIT_SHARE or later >= limit:
        return [(first, line.quantity)]
    now = int(rng.integers(1, line.quantity))
    return [(first, now), (_new_parcel(rng, used, later), line.quantity - now)]


def _afs_item_id(rng: np.random.Generator, item_id: str, used: set[str]) -> str:
    """About 1 in 8 FBA order-item ids start with 0, as the real ``07664457044546`` does."""
    if rng.random() >= 0.125:
        return item_id
    zeroed = "0" + item_id[1:]
    if zeroed in used:
        return item_id
    used.add(zeroed)
    return zeroed


def _tracking_number(rng: np.random.Generator, carrier: str) -> str:
    """Tracking numbers in the carriers' shapes [INF]: all must stay text."""
    if carrier == "AMZN_US":
        return "TBA" + _digits(rng, 12)
    if carrier == "UPS":
        return "1Z" + _chars(rng, _UPPER_ALNUM, 6) + _digits(rng, 10)
    if rng.random() < 0.3:
        return "0" + _digits(rng, 19)  # 20 digits with a leading zero (older USPS shape)
    return _pick(rng, ("9200190", "9400111", "9202090")) + _digits(rng, 15)  # 22 digits


def _arrival(rng: np.random.Generator, shipped: dt.datetime, level: str) -> dt.datetime:
    """20:00 Pacific on the promised day: 04:00 UTC in winter, as in the 2013 sample."""
    days = {"Standard": int(rng.integers(3, 6)), "Expedited": 2}.get(level, 1)
    day = _pacific_date(shipped) + dt.timedelta(days=days)
    return _pacific_to_utc(day, dt.time(20))


def _fba_returns(rng: np.random.Generator, history: History) -> list[_FbaReturn]:
    out = []
    for line in history.lines:
        if not line.fba or line.returned is None:
            continue
        groups = [line.quantity]
        if line.quantity >= 2 and rng.random() < _SPLIT_RETURN_SHARE:
            groups = [1, line.quantity - 1]
        fc = _pick(rng, _FCS)
        for position, quantity in enumerate(groups):
            dispositions = list(_DISPOSITIONS)
            shares = [_DISPOSITIONS[name][0] for name in dispositions]
            disposition = dispositions[int(rng.choice(len(dispositions), p=shares))]
            reason = _pick(rng, _DISPOSITIONS[disposition][1])
            comment = _COMMENTS[reason] if rng.random() < 0.5 else ""
            when = line.returned - dt.timedelta(minutes=position * int(rng.integers(5, 90)))
            lpn = "LPN" + _chars(rng, string.ascii_uppercase, 2) + _digits(rng, 9)
            out.append(_FbaReturn(line, quantity, when, fc, disposition, reason, lpn, comment))
    return sorted(out, key=lambda r: (r.returned, r.line.order_id, r.lpn))


def _seller_returns(rng: np.random.Generator, history: History) -> list[_SellerReturn]:
    out = []
    for line in history.lines:
        if line.fba or line.returned is None or line.shipped is None:
            continue
        requested = max(line.returned - _hours(rng, 3 * 24, 8 * 24), line.shipped + dt.timedelta(days=1))
        reason, payer = _pick(rng, _SELLER_RETURN_REASONS)
        carrier = "USPS" if rng.random() < 0.7 else "UPS"
        tracking = _tracking_number(rng, carrier)
        rma = "D" + _chars(rng, _ALNUM, 8) + "RMA"
        out.append(_SellerReturn(line, requested, rma, int(rng.integers(350, 950)), carrier, tracking, payer, reason))
    return sorted(out, key=lambda r: (r.requested, r.line.order_id))


def _stock(
    rng: np.random.Generator, history: History, items: dict[str, _Item], returns: list[_FbaReturn]
) -> list[_Stock]:
    """Stock per FBA SKU: some out of stock, some low, most healthy [INF]."""
    since = history.snapshot - dt.timedelta(days=_DATE_RANGE_DAYS)
    units: dict[str, int] = defaultdict(int)
    sales: dict[str, int] = defaultdict(int)
    waiting: dict[str, int] = defaultdict(int)
    for line in history.lines:
        if line.purchased >= since:
            units[line.listing.sku] += line.quantity
            sales[line.listing.sku] += line.price
        if line.shipped is None:
            waiting[line.listing.sku] += line.quantity
    damaged: dict[str, int] = defaultdict(int)
    for ret in returns:
        if ret.disposition != "SELLABLE":
            damaged[ret.line.listing.sku] += ret.quantity
    out = []
    for listing in sorted((x for x in history.listings if x.fba), key=lambda x: x.sku):
        daily = units[listing.sku] / _DATE_RANGE_DAYS
        roll = rng.random()
        if roll < 0.12:
            fulfillable = 0
        elif daily == 0:
            fulfillable = int(rng.integers(3, 40))
        else:
            cover = rng.uniform(4, 14) if roll < 0.35 else rng.uniform(30, 90)
            fulfillable = round(daily * cover) + int(rng.integers(0, 6))
        transfer = round(daily * rng.uniform(0.5, 3)) if rng.random() < 0.45 else 0
        processing = int(rng.integers(1, 4)) if rng.random() < 0.25 else 0
        inbound = [0, 0, 0]
        if rng.random() < (0.6 if fulfillable == 0 else 0.35):
            inbound[int(rng.integers(3))] = 6 * math.ceil(max(12.0, daily * rng.uniform(25, 50)) / 6)
        researching = 1 if rng.random() < 0.06 else 0
        out.append(
            _Stock(listing, items[listing.sku], fulfillable, damaged[listing.sku], waiting[listing.sku], transfer,
                   processing, inbound[0], inbound[1], inbound[2], researching, units[listing.sku], sales[listing.sku])
        )  # fmt: skip
    return out


# --------------------------------------------------------------------------------------------- Date Range facts


def _transactions(rng: np.random.Generator, history: History, items: dict[str, _Item]) -> list[dict[str, object]]:
    """Order, Refund, Service Fee and Transfer rows of the last 30 days."""
    rows = all_transactions(rng, history, items)
    start = _pacific_to_utc(history.end - dt.timedelta(days=_DATE_RANGE_DAYS - 1), dt.time(0))
    return [row for row in rows if start <= row["date/time"]]  # type: ignore[operator]


def all_transactions(rng: np.random.Generator, history: History, items: dict[str, _Item]) -> list[dict[str, object]]:
    """Order, Refund, Service Fee and Transfer rows of the whole history up to the snapshot, by time."""
    base = int(rng.integers(20_000_000_000, 24_000_000_000))
    step = int(rng.integers(70_000, 95_000))

    def settlement(moment: dt.datetime) -> str:
        return str(base + step * _settlement_index(moment))

    rows: list[dict[str, object]] = []
    for line in history.lines:
        if line.shipped is not None:
            rows.append(_order_row(line, items[line.listing.sku], settlement(line.shipped)))
        if line.returned is not None:
            rows.append(_refund_row(line, settlement(line.returned)))
    first = min((line.purchased for line in history.lines), default=history.snapshot)
    rows += _service_fees(rng, first, history.snapshot, settlement)
    rows += _transfers(rng, rows, first, history.snapshot, settlement)
    rows = [row for row in rows if row["date/time"] <= history.snapshot]  # type: ignore[operator]
    return sorted(rows, key=lambda row: (row["date/time"], str(row["type"]), str(row["order id"])))


def _settlement_index(moment: dt.datetime) -> int:
    return (moment - _SETTLEMENT_ANCHOR) // dt.timedelta(days=_SETTLEMENT_DAYS)


def _order_row(line: SoldLine, item: _Item, settlement_id: str) -> dict[str, object]:
    assert line.shipped is not None
    tax, shipping, shipping_tax = line.tax or 0, line.shipping or 0, line.shipping_tax or 0
    referral = max(_MIN_REFERRAL_CENTS * line.quantity, round(_REFERRAL_RATE * (line.price + shipping)))
    amounts = {
        "product sales": line.price,
        "product sales tax": tax,
        "shipping credits": shipping,
        "shipping credits tax": shipping_tax,
        "marketplace withheld tax": -(tax + shipping_tax),
        "selling fees": -referral,
        "fba fees": -item.fba_fee * line.quantity if line.fba else 0,
    }
    return _line_row(line, line.shipped, "Order", settlement_id, amounts)


def _refund_row(line: SoldLine, settlement_id: str) -> dict[str, object]:
    """Price and tax go back to the buyer; Amazon keeps 20 % of the referral fee (at most $5)."""
    assert line.returned is not None
    tax = line.tax or 0
    referral = max(_MIN_REFERRAL_CENTS * line.quantity, round(_REFERRAL_RATE * (line.price + (line.shipping or 0))))
    kept = min(500, round(0.2 * referral))
    amounts = {
        "product sales": -line.price,
        "product sales tax": -tax,
        "marketplace withheld tax": tax,
        "selling fees": referral - kept,
    }
    return _line_row(line, line.returned, "Refund", settlement_id, amounts)


def _line_row(
    line: SoldLine, when: dt.datetime, kind: str, settlement_id: str, amounts: dict[str, int]
) -> dict[str, object]:
    party = line.party
    row: dict[str, object] = {
        "date/time": when, "settlement id": settlement_id, "type": kind, "order id": line.order_id,
        "sku": line.listing.sku, "description": line.listing.name, "quantity": line.quantity,
        "marketplace": "amazon.com", "account type": "Standard Orders",
        "fulfillment": "Amazon" if line.fba else "Seller", "order city": party.city, "order state": party.state,
        "order postal": party.postal, "tax collection model": "MarketplaceFacilitator",
    }  # fmt: skip
    return row | _amount_columns(amounts)


def _other_row(
    when: dt.datetime, kind: str, settlement_id: str, description: str, column: str, cents: int
) -> dict[str, object]:
    row: dict[str, object] = {key: "" for key in DATE_RANGE_HEADER[: DATE_RANGE_HEADER.index("product sales")]}
    row |= {"date/time": when, "settlement id": settlement_id, "type": kind, "description": description}
    return row | _amount_columns({column: cents})


def _amount_columns(cents: dict[str, int]) -> dict[str, object]:
    """All amount columns in dollars; ``total`` is the sum of the others."""
    values = {name: Decimal(cents.get(name, 0)) / 100 for name in _AMOUNT_COLUMNS[:-1]}
    values["total"] = sum(values.values(), Decimal(0))
    return values  # type: ignore[return-value]


def _service_fees(
    rng: np.random.Generator, first: dt.datetime, last: dt.datetime, settlement: Callable[[dt.datetime], str]
) -> list[dict[str, object]]:
    """A monthly subscription and weekly advertising charges [INF: descriptions and columns]."""
    rows = []
    month = dt.datetime(first.year, first.month, 2, 10, tzinfo=_UTC)
    while month <= last:
        when = month + _hours(rng, 0, 4)
        rows.append(_other_row(when, "Service Fee", settlement(when), "Subscription", "other transaction fees",
                               -_SUBSCRIPTION_CENTS))  # fmt: skip
        month = dt.datetime(month.year + month.month // 12, month.month % 12 + 1, 2, 10, tzinfo=_UTC)
    week = first + dt.timedelta(days=3)
    while week <= last:
        cents = -int(rng.integers(3500, 18000))
        rows.append(_other_row(week, "Service Fee", settlement(week), "Cost of Advertising", "other transaction fees",
                               cents))  # fmt: skip
        week += dt.timedelta(days=7, seconds=int(rng.integers(-3600, 3600)))
    return rows


def _transfers(
    rng: np.random.Generator,
    rows: list[dict[str, object]],
    first: dt.datetime,
    last: dt.datetime,
    settlement: Callable[[dt.datetime], str],
) -> list[dict[str, object]]:
    """After each settlement period, its balance goes to the bank (``other`` and ``total``) [INF]."""
    balance: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        balance[_settlement_index(row["date/time"])] += row["total"]  # type: ignore[arg-type, operator]
    account = _digits(rng, 3)
    out = []
    for index in range(_settlement_index(first), _settlement_index(last)):
        boundary = _SETTLEMENT_ANCHOR + dt.timedelta(days=_SETTLEMENT_DAYS * (index + 1))
        when = boundary + _hours(rng, 1, 5)
        if balance[index] > 0 and when <= last:
            cents = -int(balance[index] * 100)
            out.append(_other_row(when, "Transfer", settlement(boundary - dt.timedelta(seconds=1)),
                                  f"To account ending in: {account}", "other", cents))  # fmt: skip
    return out


# --------------------------------------------------------------------------------------------- writers


def _write_fulfilled_shipments(folder: pathlib.Path, history: History, facts: _Facts) -> pathlib.Path:
    path = folder / f"Amazon-Fulfilled-Shipments-{history.end.isoformat()}.txt"
    write_tsv(path, AFS_HEADER, [_afs_row(s) for s in facts.shipments], "\n")
    return path


def _afs_row(s: _Shipment) -> list[str]:
    line, party = s.line, s.line.party
    bill = [""] * 7  # bill-address-1 .. bill-country are empty in the real file
    return [
        line.order_id, "", s.shipment_id, s.shipment_item_id, s.item_id, "", _iso(line.purchased), _iso(s.shipped),
        _iso(s.shipped), _iso(s.reported), party.email, party.name, party.phone, line.listing.sku, line.listing.name,
        str(s.quantity), "USD", _cents2(s.price), _cents2(s.tax), "0.00", "0.00", "0.00", "0.00", line.service_level,
        party.recipient, party.address1, party.address2, "", party.city, party.state, party.postal, "US", party.phone,
        *bill, "0.00", "0.00", s.carrier, s.tracking, _iso(s.arrival), s.fc, "AFN", "Amazon.com",
    ]  # fmt: skip


def _write_fba_inventory(folder: pathlib.Path, history: History, facts: _Facts) -> pathlib.Path:
    path = folder / f"FBA-Inventory-{history.end.isoformat()}.txt"
    write_tsv(path, FBA_INVENTORY_HEADER, [_inventory_row(s) for s in facts.stock], "\n")
    # The report has no date of its own: importers take the file's time, so make it the snapshot's.
    moment = history.snapshot.timestamp()
    os.utime(path, (moment, moment))
    return path


def _inventory_row(s: _Stock) -> list[str]:
    listing = s.listing
    counts = [s.warehouse, s.fulfillable, s.unsellable, s.reserved, s.total]
    return [
        listing.sku, s.item.fnsku, listing.asin, listing.name, "New", _cents2(listing.unit_price), "No", "", "Yes",
        *map(str, counts), f"{s.item.volume:.2f}", str(s.working), str(s.inbound_shipped), str(s.receiving),
        str(s.researching), "0", "0",
    ]  # fmt: skip


def _write_fba_returns(folder: pathlib.Path, history: History, facts: _Facts) -> pathlib.Path:
    path = folder / f"FBA-Returns-{history.end.isoformat()}.txt"
    rows = [
        [_iso(r.returned), r.line.order_id, r.line.listing.sku, r.line.listing.asin,
         facts.items[r.line.listing.sku].fnsku, r.line.listing.name, str(r.quantity), r.fc, r.disposition, r.reason,
         "Unit returned to inventory", r.lpn, r.comment]
        for r in facts.fba_returns
    ]  # fmt: skip
    write_tsv(path, FBA_RETURNS_HEADER, rows, "\n")
    return path


def _write_seller_returns(folder: pathlib.Path, history: History, facts: _Facts) -> pathlib.Path:
    path = folder / f"Returns-{history.end.isoformat()}.txt"
    write_tsv(path, SELLER_RETURNS_HEADER, [_seller_return_row(r) for r in facts.seller_returns], "\n")
    return path


def _seller_return_row(r: _SellerReturn) -> list[str]:
    """Blank fields hold a single space, as in the real file."""
    line, blank = r.line, " "
    assert line.returned is not None
    refunded = line.price + (line.tax or 0)
    return [
        line.order_id, _day_month_year(line.purchased), _day_month_year(r.requested), "Approved", r.rma, blank,
        "AmazonPrePaidLabel", _cents2(r.label_cents), "USD", r.carrier, r.tracking, r.payer, "N", "N",
        line.listing.asin, line.listing.sku, line.listing.name, str(line.quantity), r.reason, "Y", "C-Returns",
        "StandardRefund", blank, _day_month_year(line.returned), _cents2(line.price), str(line.quantity),
        blank, blank, blank, blank, blank, _cents2(refunded),
    ]  # fmt: skip


def _write_restock(folder: pathlib.Path, history: History, facts: _Facts) -> pathlib.Path:
    path = folder / f"Restock-Inventory-{history.end.isoformat()}.txt"
    write_tsv(path, RESTOCK_HEADER, [_restock_row(s, history.end) for s in facts.stock], "\n")
    return path


def _restock_row(s: _Stock, end: dt.date) -> list[str]:
    """Reorder so that stock lasts the lead time plus 30 days [INF: Amazon's model is not public]."""
    daily = s.units_30 / _DATE_RANGE_DAYS
    at_amazon = s.fulfillable + s.fc_transfer + s.fc_processing
    supply = at_amazon + s.inbound
    quantity = max(0, math.ceil(daily * (_LEAD_DAYS + _COVER_DAYS)) - supply) if daily else 0
    ship_in = max(0, math.floor(supply / daily) - _LEAD_DAYS) if quantity else None
    alert = "out_of_stock" if s.fulfillable == 0 else "reorder_now" if ship_in == 0 else ""
    ship_date = "none" if ship_in is None else (end + dt.timedelta(days=ship_in)).isoformat()
    listing = s.listing
    return [
        "US", listing.name, s.item.fnsku, listing.sku, listing.asin, "New", "unassigned", "", "USD",
        _cents2(listing.unit_price), str(s.sales_30 / 100), str(s.units_30), str(s.total), str(s.inbound),
        str(s.fulfillable), str(s.fc_transfer), str(s.fc_processing), str(s.customer_orders), str(s.unsellable),
        str(s.working), str(s.inbound_shipped), str(s.receiving), "Amazon", _days(supply, daily),
        _days(at_amazon, daily), alert, str(quantity), ship_date,
        "Restock" if quantity else "No action required", f"{s.item.volume:.4f} ft3",
    ]  # fmt: skip


def _write_date_range(folder: pathlib.Path, history: History, facts: _Facts) -> pathlib.Path:
    last = history.end
    first = last - dt.timedelta(days=_DATE_RANGE_DAYS - 1)
    name = f"{_MONTHS[first.month - 1]}{first.day}-{_MONTHS[last.month - 1]}{last.day}CustomTransaction.csv"
    return write_date_range_variant(folder / name, facts.date_range, locale="en_US")


# --------------------------------------------------------------------------------------------- Date Range locales


@dataclass(frozen=True)
class _Locale:
    columns: tuple[tuple[str, str], ...]  # (row key, header name)
    decimal: str
    thousands: str
    date: Callable[[dt.datetime], str]
    types: Mapping[str, str]

    def cell(self, key: str, value: object) -> str:
        if value is None:
            return ""
        if key == "date/time" and isinstance(value, dt.datetime):
            return self.date(value if value.tzinfo else value.replace(tzinfo=_UTC))
        if key == "type" and isinstance(value, str):
            return self.types.get(value, value)
        if (key in _AMOUNT_COLUMNS or key == _JP_POINTS) and isinstance(value, int | float | Decimal):
            return _number(Decimal(str(value)), self.decimal, self.thousands)
        return str(value)


def _us_date(moment: dt.datetime) -> str:
    """``Dec 1, 2017 12:38:23 AM PST`` (US Pacific time) [OBS]."""
    offset = _pacific_offset(moment)
    local = moment.astimezone(_UTC) + offset
    hour = local.hour % 12 or 12
    half = "AM" if local.hour < 12 else "PM"
    zone = "PDT" if offset == dt.timedelta(hours=-7) else "PST"
    return f"{_MONTHS[local.month - 1]} {local.day}, {local.year} {hour}:{local:%M:%S} {half} {zone}"


def _gmt_date(moment: dt.datetime) -> str:
    """``01.01.2015 20:29:20 GMT+00:00``, in the datetime's own offset (DE [3P])."""
    offset = moment.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(offset) // dt.timedelta(minutes=1)
    return f"{moment:%d.%m.%Y %H:%M:%S} GMT{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _jp_date(moment: dt.datetime) -> str:
    """``2017/12/01 12:38:23 JST``: the ``yyyy/MM/dd HH:mm:ss`` of [3P] plus a zone [INF]."""
    local = moment.astimezone(dt.timezone(dt.timedelta(hours=9)))
    return f"{local:%Y/%m/%d %H:%M:%S} JST"


# Localized header names.  Every name below is copied from COLUMNS.md §7 ("Localized headers",
# [3P]); a column that COLUMNS.md does not name for a locale keeps its English name.  Nothing here
# is translated by us.
_HEADER_NAMES: dict[str, dict[str, str]] = {
    "de_DE": {  # COLUMNS.md §7 DE list; "giftwrap credits tax" is "…" there, so it stays English
        "date/time": "Datum/Uhrzeit", "settlement id": "Abrechnungsnummer", "type": "Typ",
        "order id": "Bestellnummer", "sku": "SKU", "description": "Beschreibung", "quantity": "Menge",
        "marketplace": "Marketplace", "fulfillment": "Versand", "order city": "Ort der Bestellung",
        "order state": "Bundesland", "order postal": "Postleitzahl", "tax collection model": "Steuererhebungsmodell",
        "product sales": "Umsätze", "product sales tax": "Produktumsatzsteuer",
        "shipping credits": "Gutschrift für Versandkosten", "shipping credits tax": "Steuer auf Versandgutschrift",
        "gift wrap credits": "Gutschrift für Geschenkverpackung", "promotional rebates": "Rabatte aus Werbeaktionen",
        "promotional rebates tax": "Steuer auf Aktionsrabatte",
        "marketplace withheld tax": "Einbehaltene Steuer auf Marketplace", "selling fees": "Verkaufsgebühren",
        "fba fees": "Gebühren zu Versand durch Amazon", "other transaction fees": "Andere Transaktionsgebühren",
        "other": "Andere", "total": "Gesamt",
    },
    "fr_FR": {  # COLUMNS.md §7 FR list
        "date/time": "date/heure", "settlement id": "numéro de versement", "type": "type",
        "order id": "numéro de la commande", "sku": "sku", "description": "description", "quantity": "quantité",
        "marketplace": "Marketplace", "fulfillment": "traitement", "order city": "ville d'où provient la commande",
        "product sales": "ventes de produits", "selling fees": "frais de vente",
        "fba fees": "Frais Expédié par Amazon", "other transaction fees": "autres frais de transaction",
        "other": "autre", "total": "total",
    },
    "it_IT": {  # COLUMNS.md §7 IT list (the colon in "Data/Ora:" is real)
        "date/time": "Data/Ora:", "settlement id": "Numero pagamento", "type": "Tipo", "order id": "Numero ordine",
        "sku": "SKU", "description": "Descrizione", "quantity": "Quantità", "marketplace": "Marketplace",
        "fulfillment": "Gestione", "product sales": "Vendite", "total": "totale",
    },
    "es_ES": {  # COLUMNS.md §7 ES list
        "date/time": "fecha y hora", "settlement id": "identificador de pago", "type": "tipo",
        "order id": "número de pedido", "marketplace": "web de Amazon", "fulfillment": "gestión logística",
        "total": "total",
    },
    "es_MX": {  # COLUMNS.md §7 MX list
        "date/time": "fecha/hora", "settlement id": "Id. de liquidación", "type": "tipo",
        "order id": "Id. del pedido",
    },
    "pt_BR": {  # COLUMNS.md §7 BR list
        "date/time": "data/hora", "order id": "id do pedido", "description": "descrição", "quantity": "quantidade",
        "marketplace": "mercado", "fulfillment": "atendimento", "product sales": "vendas do produto",
    },
    "ja_JP": {  # COLUMNS.md §7 JP list (complete, 28 names)
        "date/time": "日付/時間", "settlement id": "決済番号", "type": "トランザクションの種類", "order id": "注文番号",
        "sku": "SKU", "description": "説明", "quantity": "数量", "marketplace": "Amazon 出品サービス",
        "fulfillment": "フルフィルメント", "order city": "市町村", "order state": "都道府県",
        "order postal": "郵便番号",
        "tax collection model": "税金徴収型", "product sales": "商品売上", "product sales tax": "商品の売上税",
        "shipping credits": "配送料", "shipping credits tax": "配送料の税金", "gift wrap credits": "ギフト包装手数料",
        "giftwrap credits tax": "ギフト包装クレジットの税金", "promotional rebates": "プロモーション割引額",
        "promotional rebates tax": "プロモーション割引の税金",
        "marketplace withheld tax": "源泉徴収税を伴うマーケットプレイス", "selling fees": "手数料",
        "fba fees": "FBA 手数料", "other transaction fees": "トランザクションに関するその他の手数料", "other": "その他",
        "total": "合計",
    },
}  # fmt: skip
# `type` values from COLUMNS.md §7: DE "Bestellung, Erstattung, Servicegebühr", JP "注文, 返金".
_TYPE_NAMES: dict[str, dict[str, str]] = {
    "de_DE": {"Order": "Bestellung", "Refund": "Erstattung", "Service Fee": "Servicegebühr"},
    "ja_JP": {"Order": "注文", "Refund": "返金"},
}
# Column sets.  Every localized list in COLUMNS.md §7 (DE, FR, IT, ES, BR, JP) goes straight from the
# marketplace column to the fulfillment column, so those layouts have no "account type" (as CA); MX
# is documented only up to "order id" and keeps the US layout.  JP's complete list also has the points
# column after "giftwrap credits tax".
_NO_ACCOUNT_TYPE = {"de_DE", "fr_FR", "it_IT", "es_ES", "pt_BR", "ja_JP"}
# Numbers: DE/FR/IT/ES comma decimal and dot thousands [3P]; BR the same [INF]; EN dot decimal [3P];
# MX and JP dot decimal [INF].  Dates: US and JP have their own forms (see the functions); for
# FR/IT/ES/MX/BR no date is documented, so they use the DE form [INF].
_FORMATS: dict[str, tuple[str, str, Callable[[dt.datetime], str]]] = {
    "en_US": (".", ",", _us_date),
    "de_DE": (",", ".", _gmt_date),
    "fr_FR": (",", ".", _gmt_date),
    "it_IT": (",", ".", _gmt_date),
    "es_ES": (",", ".", _gmt_date),
    "es_MX": (".", ",", _gmt_date),
    "pt_BR": (",", ".", _gmt_date),
    "ja_JP": (".", ",", _jp_date),
}


def _locale_columns(locale: str) -> tuple[tuple[str, str], ...]:
    names = _HEADER_NAMES.get(locale, {})
    columns = []
    for key in DATE_RANGE_HEADER:
        if key == "account type" and locale in _NO_ACCOUNT_TYPE:
            continue
        columns.append((key, names.get(key, key)))
        if key == "giftwrap credits tax" and locale == "ja_JP":
            columns.append((_JP_POINTS, _JP_POINTS))
    return tuple(columns)


_LOCALES: dict[str, _Locale] = {
    locale: _Locale(_locale_columns(locale), decimal, thousands, date, _TYPE_NAMES.get(locale, {}))
    for locale, (decimal, thousands, date) in _FORMATS.items()
}
DATE_RANGE_LOCALES: tuple[str, ...] = tuple(_LOCALES)


# --------------------------------------------------------------------------------------------- small helpers


def _pick(rng: np.random.Generator, items: Sequence[_T]) -> _T:
    return items[int(rng.integers(len(items)))]


def _digits(rng: np.random.Generator, count: int) -> str:
    return "".join(str(d) for d in rng.integers(0, 10, size=count))


def _chars(rng: np.random.Generator, alphabet: str, count: int) -> str:
    return "".join(alphabet[int(i)] for i in rng.integers(0, len(alphabet), size=count))


def _unique(used: set[str], make: Callable[[], str]) -> str:
    """A value from ``make()`` that is not in ``used`` yet (then added to it)."""
    while (value := make()) in used:
        pass
    used.add(value)
    return value


def _hours(rng: np.random.Generator, low: float, high: float) -> dt.timedelta:
    return dt.timedelta(seconds=int(rng.uniform(low, high) * 3600))


def _share(total: int, part: int, whole: int, *, last: bool) -> int:
    """``part/whole`` of ``total`` cents; the last part takes the rounding rest, so the parts add up."""
    first = round(total * (whole - part) / whole) if last else round(total * part / whole)
    return total - first if last else first


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(_UTC).isoformat(timespec="seconds")


def _pacific_offset(moment: dt.datetime) -> dt.timedelta:
    """UTC offset of US Pacific time at ``moment`` (US DST rules since 2007)."""
    year = moment.year
    march_first = dt.date(year, 3, 1)
    second_sunday = march_first + dt.timedelta(days=(6 - march_first.weekday()) % 7 + 7)
    november_first = dt.date(year, 11, 1)
    first_sunday = november_first + dt.timedelta(days=(6 - november_first.weekday()) % 7)
    dst_start = dt.datetime.combine(second_sunday, dt.time(10), tzinfo=_UTC)  # 02:00 PST
    dst_end = dt.datetime.combine(first_sunday, dt.time(9), tzinfo=_UTC)  # 02:00 PDT
    return dt.timedelta(hours=-7 if dst_start <= moment < dst_end else -8)


def _pacific_date(moment: dt.datetime) -> dt.date:
    return (moment.astimezone(_UTC) + _pacific_offset(moment)).date()


def _pacific_to_utc(day: dt.date, time: dt.time) -> dt.datetime:
    """The UTC moment of ``day`` ``time`` Pacific."""
    naive = dt.datetime.combine(day, time, tzinfo=_UTC)
    return naive - _pacific_offset(naive + dt.timedelta(hours=8))


def _day_month_year(moment: dt.datetime) -> str:
    """``10-Jul-2025``, the Pacific date [OBS]."""
    day = _pacific_date(moment)
    return f"{day.day:02d}-{_MONTHS[day.month - 1]}-{day.year}"


def _cents2(cents: int) -> str:
    """``40.99``, ``0.00``: always 2 decimals, as AFS and the returns report show amounts."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole}.{rest:02d}"


def _number(value: Decimal, decimal: str, thousands: str) -> str:
    """``0`` for zero, else 2 decimals with thousands separators (``-1,052.64`` / ``-1.052,64``)."""
    if value == 0:
        return "0"
    marks: dict[str, str | int | None] = {",": thousands, ".": decimal}
    text = f"{abs(value):,.2f}".translate(str.maketrans(marks))
    return ("-" if value < 0 else "") + text


def _days(units: int, daily: float) -> str:
    """Days of supply with one decimal, empty without sales (as in the real file)."""
    return f"{units / daily:.1f}" if daily else ""


def _with_bom(text: str, encoding: str, bom: bool) -> str:
    name = codecs.lookup(encoding).name
    if not bom or name == "utf-8-sig":
        return text
    if not name.startswith("utf"):
        raise ValueError(f"a byte order mark needs a UTF encoding, not {encoding!r}")
    return "\ufeff" + text
