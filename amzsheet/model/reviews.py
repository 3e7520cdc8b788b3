"""Review requests due: the delivered orders whose window for a review request is open, not asked yet.

Amazon allows one review request per order, with Seller Central's *Request a Review* button or a
message, from :data:`~amzsheet.contract.messages.REVIEW_WINDOW_OPENS` to
:data:`~amzsheet.contract.messages.REVIEW_WINDOW_CLOSES` days after delivery, by day. An order (its
lines on Order Tracking, one Order ID, case ignored) is due on ``today`` when:

- it is an Amazon order, FBA or FBM: an order with a Multi-Channel Fulfillment line is one of the
  seller's own shop, which Amazon only shipped;
- no line is Returned (or has a Returned Qty), and some line is not Cancelled;
- every line not cancelled has a Delivered Date, and ``today`` is from 5 days after the last of them
  to 30 days after the first (one delivery day for most orders; for a split one, the days in which
  Amazon's window is open whether it counts from the first parcel or the last);
- no line has a Review Requested date (the seller types it once they asked).

Each request links to the order's page in the Seller Central of its marketplace (see
:func:`order_marketplaces`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from amzsheet.contract.marketplaces import AMAZON_DOMAINS, MARKETPLACE_CURRENCIES, order_page
from amzsheet.contract.messages import REVIEW_WINDOW_CLOSES, REVIEW_WINDOW_OPENS
from amzsheet.contract.schema import CANCELLED, MCF, RETURNED
from amzsheet.model.compute import text_equals, text_key

#: The marketplace of an order of which nothing tells it, in a tracker of which nothing tells it either.
DEFAULT_MARKETPLACE = "US"
_BY_DOMAIN = {domain: code for code, domain in AMAZON_DOMAINS.items()}


@dataclass(frozen=True)
class ReviewRequest:
    """An order whose review request window is open, and for which no request is recorded.

    :param order_id: Amazon's Order ID.
    :param skus: the SKUs of its lines that were not cancelled, in the order of the lines.
    :param delivered_date: the day it was delivered (its last line, for an order delivered in parts).
    :param window_closes: the last day Amazon allows the request (30 days after delivery).
    :param marketplace: the code of its marketplace ("US", "UK"...), see :func:`order_marketplaces`.
    :param link: the order's page in that marketplace's Seller Central, where the Request a Review button is.
    """

    order_id: str
    skus: tuple[str, ...]
    delivered_date: dt.date
    window_closes: dt.date
    marketplace: str
    link: str


def review_requests(orders: pd.DataFrame, payments: pd.DataFrame, today: dt.date) -> tuple[ReviewRequest, ...]:
    """The orders whose review request is due on ``today`` (see the module's docstring), the window closing first first.

    :param orders: Order Tracking.
    :param payments: the Payments sheet, which tells the marketplace of the orders it has transactions of.
    """
    lines = orders[orders["Order ID"].fillna("").astype(str).str.strip() != ""]
    key = _order_key(lines["Order ID"])
    due = _orders_due(lines, key, pd.Timestamp(today))
    chosen = (key.isin(due.index) & ~text_equals(lines["Order Status"], CANCELLED)).to_numpy()
    due_lines, due_keys = lines[chosen], key.to_numpy()[chosen]  # by position: index labels may repeat
    markets = order_marketplaces(due_lines, payments, orders)
    delivered = dict(zip(due.index, due["last"].dt.date))
    closes = dict(zip(due.index, (due["first"] + pd.Timedelta(days=REVIEW_WINDOW_CLOSES)).dt.date))
    first_ids: dict[str, object] = {}  # each order's first line's Order ID, in order of first appearance
    skus: dict[str, dict[str, None]] = {}  # its distinct SKUs, in order (a dict: one loop, no groupby per order)
    for order, order_id, sku in zip(due_keys, due_lines["Order ID"], due_lines["SKU"]):
        first_ids.setdefault(order, order_id)
        if not pd.isna(sku):
            skus.setdefault(order, {})[str(sku).strip()] = None
    requests = []
    for order, first_id in first_ids.items():
        order_id, market = str(first_id).strip(), markets[order]
        link = order_page(market, order_id)
        found = tuple(skus.get(order, ()))
        requests.append(ReviewRequest(order_id, found, delivered[order], closes[order], market, link))
    return tuple(sorted(requests, key=lambda request: (request.window_closes, request.order_id)))


def _orders_due(lines: pd.DataFrame, key: pd.Series, day: pd.Timestamp) -> pd.DataFrame:
    """The orders due on ``day``, by key, with the first and the last day their lines were delivered."""
    status = text_key(lines["Order Status"])  # ignoring case, as Excel's comparisons do
    kept = status != CANCELLED.lower()
    delivered = pd.to_datetime(lines["Delivered Date"]).dt.normalize().where(kept)
    flags = pd.DataFrame(
        {
            "out": text_equals(lines["Channel"], MCF)
            | (status == RETURNED.lower())
            | (lines["Returned Qty"].fillna(0) > 0),
            "kept": kept,
            "undelivered": kept & delivered.isna(),
            "requested": lines["Review Requested"].notna(),
            "first": delivered,
            "last": delivered,
        }
    )
    per_order = flags.groupby(key, sort=False).agg(
        {"out": "any", "kept": "any", "undelivered": "any", "requested": "any", "first": "min", "last": "max"}
    )
    opens = per_order["last"] + pd.Timedelta(days=REVIEW_WINDOW_OPENS)
    closes = per_order["first"] + pd.Timedelta(days=REVIEW_WINDOW_CLOSES)
    left_out = per_order[["out", "undelivered", "requested"]].any(axis=1) | ~per_order["kept"]
    return per_order[(opens <= day) & (day <= closes) & ~left_out]


def order_marketplaces(lines: pd.DataFrame, payments: pd.DataFrame, orders: pd.DataFrame) -> dict[str, str]:
    """The marketplace code of each order of ``lines``, by its Order ID in lower case.

    The Payments sheet's Marketplace (``amazon.co.uk``) of the order's transactions says it when the tracker
    has them; else the order's Currency when one marketplace uses it (GBP: UK); else, for a currency several
    share (the euro), the tracker's main marketplace when it is one of them, or the first of them (DE, whose
    Seller Central is the European one of every euro marketplace); else the main marketplace: the one of
    most Payments transactions, else the one of the currency of most order lines, else :data:`DEFAULT_MARKETPLACE`.

    :param lines: the order lines to place.
    :param payments: the Payments sheet.
    :param orders: all of Order Tracking (for the main marketplace).
    """
    paid_key = _order_key(payments["Order ID"])
    paid_code = _each_distinct(payments["Marketplace"], _domain_code)
    paid = pd.DataFrame({"key": paid_key, "code": paid_code}).dropna()
    main = _main_marketplace(paid["code"], orders["Currency"])
    by_payments = _most_common_per_key(paid)
    key = _order_key(lines["Order ID"])
    currency = lines.groupby(key, sort=False)["Currency"].first()  # one row per order, in order of appearance
    by_currency = _each_distinct(currency, lambda value: _currency_code(value, main))
    chosen = currency.index.to_series().map(by_payments)
    chosen = chosen.where(chosen.notna(), by_currency.to_numpy()).fillna(main)
    return dict(zip(currency.index, chosen.to_numpy()))


def _order_key(order_ids: pd.Series) -> pd.Series:
    """An Order ID as orders are told apart: spaces around it and case ignored."""
    return text_key(order_ids.map(lambda value: value.strip() if isinstance(value, str) else value))


def _main_marketplace(paid_codes: pd.Series, currencies: pd.Series) -> str:
    """The code of most Payments transactions, else of the currency of most order lines (ties: the first seen)."""
    if len(paid_codes):
        return _most_common(paid_codes)
    codes = _each_distinct(currencies, lambda value: _currency_code(value, None)).dropna()
    return _most_common(codes) if len(codes) else DEFAULT_MARKETPLACE


def _each_distinct(values: pd.Series, convert: Callable[[object], str | None]) -> pd.Series:
    """``convert`` of each value, called once per distinct value (a column of 100,000 lines holds a few)."""
    codes, uniques = pd.factorize(values)
    converted = np.array([convert(value) for value in uniques] + [None], dtype=object)
    return pd.Series(converted[codes], index=values.index, dtype=object)  # code -1 (blank) takes the last: None


def _most_common(values: pd.Series) -> str:
    """The most frequent value; of equally frequent ones, the first seen (as ``Counter.most_common``)."""
    counted = values.groupby(values, sort=False).size()
    return str(counted.index[int(np.argmax(counted.to_numpy()))])


def _most_common_per_key(paid: pd.DataFrame) -> pd.Series:
    """For each ``key``, its most frequent ``code`` (ties: the first seen), as :func:`_most_common` per group."""
    counted = paid.groupby(["key", "code"], sort=False).size().reset_index(name="n")
    best = counted.loc[counted.groupby("key", sort=False)["n"].idxmax()]
    return best.set_index("key")["code"]


def _currency_code(currency: object, main: str | None) -> str | None:
    """The marketplace of an order paid in ``currency``: the only one using it, else ``main`` or the first using it."""
    if not isinstance(currency, str):
        return None
    users = [code for code, used in MARKETPLACE_CURRENCIES.items() if used == currency.strip().upper()]
    if main in users:
        return main
    return users[0] if users else None


def _domain_code(marketplace: object) -> str | None:
    """The code of a marketplace as a report names it (``Amazon.co.uk``, ``www.amazon.de``), None if unknown."""
    if not isinstance(marketplace, str):
        return None
    return _BY_DOMAIN.get(marketplace.strip().casefold().removeprefix("www."))
