"""Review requests due: Amazon's window of 5 to 30 days after delivery, by day, and the order's Seller Central.

TODAY is 2026-11-25: an order delivered on 2026-11-20 is on day 5 (the first day of the window), one
delivered on 2026-10-26 on day 30 (the last).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from helpers import TODAY, make_inventory, make_orders

from amzsheet.contract.schema import PAYMENT_COLUMNS, Settings
from amzsheet.contract.tables import conform, empty_table
from amzsheet.model.briefing import build_briefing
from amzsheet.model.reviews import ReviewRequest, order_marketplaces, review_requests
from amzsheet.model.tracker import Tracker

D = pd.Timestamp
US = "https://sellercentral.amazon.com/orders-v3/order/"


def _line(order_id: str, delivered: str | None, status: str = "Delivered", channel: str = "FBA", **extra) -> dict:
    return {"Order ID": order_id, "SKU": extra.pop("SKU", "MUG"), "Channel": channel, "Order Status": status,
            "Currency": "USD", "Delivered Date": D(delivered) if delivered else pd.NaT, **extra}  # fmt: skip


ORDERS = make_orders(
    [
        _line("111-DAY4", "2026-11-21"),  # the window opens tomorrow
        _line("111-DAY5", "2026-11-20 23:30"),  # the day counts, not the time
        _line("111-DAY30", "2026-10-26", channel="FBM"),  # FBM too: the window's last day
        _line("111-DAY31", "2026-10-25"),  # closed yesterday
        _line("111-ASKED", "2026-11-10", **{"Review Requested": D("2026-11-17")}),
        _line("111-ASKED-ONE", "2026-11-10", SKU="MUG"),
        _line("111-ASKED-ONE", "2026-11-10", SKU="TEA", **{"Review Requested": D("2026-11-18")}),
        _line("111-MCF", "2026-11-10", channel="MCF"),  # an order of the seller's own shop
        _line("111-RETURNED", "2026-11-10", status="Returned"),
        _line("111-RETURN-QTY", "2026-11-10", **{"Returned Qty": 1.0}),
        _line("111-CANCELLED", None, status="Cancelled"),
        _line("111-PART", "2026-11-10", SKU="MUG"),
        _line("111-PART", None, status="Shipped", SKU="TEA"),  # still on its way: the order is not delivered
        _line("111-SPLIT", "2026-11-03", SKU="MUG"),  # delivered in two parcels: day 22 and ...
        _line("111-split", "2026-11-12", SKU="TEA"),  # ... day 13; the Order ID in other letters is the same order
        _line("111-SPLIT", None, status="Cancelled", SKU="LAMP"),  # a cancelled line does not hold it back
        _line("111-NO-DATE", None),  # Delivered, but the day is not known
        _line("  ", "2026-11-10"),  # no Order ID: no order page
    ]
)
EMPTY_PAYMENTS = empty_table(PAYMENT_COLUMNS)


def test_the_window_is_5_to_30_days_after_delivery_both_included_and_only_orders_not_asked_yet():
    assert review_requests(ORDERS, EMPTY_PAYMENTS, TODAY) == (
        ReviewRequest("111-DAY30", ("MUG",), dt.date(2026, 10, 26), TODAY, "US", US + "111-DAY30"),
        ReviewRequest("111-SPLIT", ("MUG", "TEA"), dt.date(2026, 11, 12), dt.date(2026, 12, 3), "US", US + "111-SPLIT"),
        ReviewRequest("111-DAY5", ("MUG",), dt.date(2026, 11, 20), dt.date(2026, 12, 20), "US", US + "111-DAY5"),
    )  # the window closing first first


@pytest.mark.parametrize(
    ("today", "due"),
    [
        ("2026-11-16", []),  # day 4 after the second parcel
        ("2026-11-17", ["111-SPLIT"]),  # day 5 after the second parcel
        ("2026-12-03", ["111-SPLIT"]),  # day 30 after the first parcel
        ("2026-12-04", []),  # day 31 after the first
    ],
)
def test_an_order_delivered_in_parts_is_due_while_both_windows_are_open(today, due):
    split = ORDERS[ORDERS["Order ID"].str.casefold() == "111-split"]
    assert [item.order_id for item in review_requests(split, EMPTY_PAYMENTS, dt.date.fromisoformat(today))] == due


def test_the_briefing_has_them_and_its_json_their_shape():
    tracker = Tracker(ORDERS, make_inventory([]), Settings()).recompute(TODAY)
    briefing = build_briefing(tracker, TODAY)
    assert [item.order_id for item in briefing.review_requests] == ["111-DAY30", "111-SPLIT", "111-DAY5"]
    assert briefing.to_json_dict()["review_requests"][1] == {
        "order_id": "111-SPLIT", "skus": ["MUG", "TEA"], "delivered_date": "2026-11-12", "window_closes": "2026-12-03",
        "marketplace": "US", "link": "https://sellercentral.amazon.com/orders-v3/order/111-SPLIT",
    }  # fmt: skip


#: Each marketplace, as a Date Range report names it, and the host of its Seller Central.
SELLER_CENTRAL = {
    "amazon.com": "sellercentral.amazon.com", "amazon.ca": "sellercentral.amazon.ca",
    "amazon.com.mx": "sellercentral.amazon.com.mx", "amazon.com.br": "sellercentral.amazon.com.br",
    "amazon.co.uk": "sellercentral.amazon.co.uk", "amazon.de": "sellercentral.amazon.de",
    "amazon.fr": "sellercentral.amazon.fr", "amazon.it": "sellercentral.amazon.it",
    "amazon.es": "sellercentral.amazon.es", "amazon.nl": "sellercentral.amazon.nl",
    "amazon.se": "sellercentral.amazon.se", "amazon.pl": "sellercentral.amazon.pl",
    "amazon.com.be": "sellercentral.amazon.com.be", "amazon.ie": "sellercentral-europe.amazon.com",
    "amazon.com.tr": "sellercentral.amazon.com.tr", "amazon.ae": "sellercentral.amazon.ae",
    "amazon.sa": "sellercentral.amazon.sa", "amazon.eg": "sellercentral.amazon.eg",
    "amazon.in": "sellercentral.amazon.in", "amazon.co.jp": "sellercentral.amazon.co.jp",
    "amazon.com.au": "sellercentral.amazon.com.au", "amazon.sg": "sellercentral.amazon.sg",
}  # fmt: skip


@pytest.mark.parametrize(("marketplace", "host"), sorted(SELLER_CENTRAL.items()))
def test_the_link_opens_the_order_in_the_seller_central_of_its_marketplace(marketplace, host):
    orders = make_orders([_line("203-0000001-0000001", "2026-11-10", Currency="EUR")])
    payments = _payments(("203-0000001-0000001", marketplace.title()), ("203-0000001-0000001", None))
    (item,) = review_requests(orders, payments, TODAY)
    assert item.link == f"https://{host}/orders-v3/order/203-0000001-0000001"


@pytest.mark.parametrize(
    ("currency", "payments", "expected"),
    [
        ("GBP", [], "UK"),  # one marketplace uses the pound
        ("JPY", [("999-OTHER", "Amazon.com")], "JP"),
        ("EUR", [], "DE"),  # the euro: the first of its marketplaces, whose Seller Central is the European one
        ("EUR", [("999-OTHER", "Amazon.fr"), ("998-OTHER", "Amazon.fr"), ("997-OTHER", "Amazon.de")], "FR"),  # main
        ("EUR", [("999-OTHER", "www.amazon.co.uk")], "DE"),  # the main marketplace does not take euros
        (None, [("999-OTHER", "Amazon.co.uk"), ("998-OTHER", "Amazon.ca"), ("997-OTHER", "Amazon.ca")], "CA"),
        (None, [], "US"),  # nothing tells it
        ("XYZ", [("999-OTHER", "Non-Amazon")], "US"),
        ("USD", [("111-ORDER", "amazon.co.uk")], "UK"),  # the order's own transactions say it first
    ],
)
def test_without_transactions_of_its_own_an_order_takes_its_currencys_marketplace_or_the_main_one(
    currency, payments, expected
):
    orders = make_orders([_line("111-ORDER", "2026-11-10", Currency=currency)])
    assert order_marketplaces(orders, _payments(*payments), orders) == {"111-order": expected}


def test_the_main_marketplace_is_the_currency_of_most_lines_when_there_are_no_transactions():
    orders = make_orders(
        [_line("1", None, Currency="CAD"), _line("2", None, Currency="CAD"), _line("3", None, Currency="USD"),
         _line("111-ORDER", "2026-11-10", Currency=None)]
    )  # fmt: skip
    assert order_marketplaces(orders.tail(1), EMPTY_PAYMENTS, orders) == {"111-order": "CA"}


def _payments(*rows: tuple[str, str | None]) -> pd.DataFrame:
    return conform(pd.DataFrame(list(rows), columns=["Order ID", "Marketplace"]), PAYMENT_COLUMNS)


def test_statuses_and_channels_typed_in_lower_case_count_as_amzsheet_spells_them():
    """Excel compares text ignoring case, and so do the review requests: "returned", "mcf", "cancelled"."""
    payments = empty_table(PAYMENT_COLUMNS)
    returned = make_orders([_line("111-RET", "2026-11-10", "returned")])
    shop = make_orders([_line("111-SHOP", "2026-11-10", channel="mcf")])
    part_cancelled = make_orders([_line("111-PART", "2026-11-10"), _line("111-PART", None, "cancelled", SKU="TEA")])
    assert review_requests(returned, payments, TODAY) == review_requests(shop, payments, TODAY) == ()
    assert [request.skus for request in review_requests(part_cancelled, payments, TODAY)] == [("MUG",)]


def test_an_order_paid_in_two_marketplaces_goes_to_the_one_of_most_transactions_then_the_first_seen():
    payments = conform(
        pd.DataFrame(
            {
                "Order ID": ["A-1", "A-1", "A-1", "B-2", "B-2", "C-3"],
                "Marketplace": ["amazon.de", "amazon.co.uk", "amazon.co.uk", "amazon.fr", "amazon.de", None],
            }
        ),
        PAYMENT_COLUMNS,
    )
    lines = make_orders([{"Order ID": order, "Currency": "EUR"} for order in ("a-1", "B-2", "C-3")])
    placed = order_marketplaces(lines, payments, lines)
    # C-3 has no marketplace of its own: the euro, in the main marketplace (UK, of most transactions) or DE
    assert placed == {"a-1": "UK", "b-2": "FR", "c-3": "DE"}


def test_index_labels_that_repeat_change_no_request():
    """A notebook may hand in lines whose index labels repeat (concatenated frames): lines pair by position."""
    repeated = ORDERS.set_axis([index % 3 for index in range(len(ORDERS))])
    assert review_requests(repeated, EMPTY_PAYMENTS, TODAY) == review_requests(ORDERS, EMPTY_PAYMENTS, TODAY)
