"""Ship By and Deliver By are the day Amazon states, in the marketplace's time zone (issue 14, item 2).

Amazon writes a promise as the last second of a day in the marketplace's time zone, in UTC:
``2026-11-26T07:59:59+00:00`` is 25 November, 23:59:59 Pacific, "Ship by Nov 25" in Seller
Central. Sellers in New York, Berlin and Tokyo, each selling on the US, German and Japanese
marketplaces, must see that day, and SHIP TODAY / OVERDUE on the days Seller Central does.
The fixtures are reports in the real layouts: the 30-column Unshipped Orders report (as the
Indian sample), the older New Orders report (as the 2017 US sample, with currency,
``delivery-end-date`` and ``sales-channel``) and Amazon Fulfilled Shipments.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers import TODAY, make_orders, recalc, write_all_orders

import amzsheet
from amzsheet.contract.schema import MARKETPLACES, OVERDUE, SHIP_TODAY, Settings
from amzsheet.merge.orders import merge_orders
from amzsheet.model.compute import order_alerts
from amzsheet.reports.datetimes import parse_datetimes
from amzsheet.reports.marketplaces import (
    CURRENCIES,
    MARKETPLACE_TIME_ZONES,
    SALES_CHANNELS,
    end_of_day_dates,
    marketplace_time_zones,
)
from amzsheet.reports.reading import read_report
from amzsheet.samples.exports import UNSHIPPED_HEADER
from amzsheet.samples.reports import AFS_HEADER

SELLERS = ("America/New_York", "Europe/Berlin", "Asia/Tokyo")
MARKETS = {"US": "America/Los_Angeles", "DE": "Europe/Berlin", "JP": "Asia/Tokyo"}
YESTERDAY = TODAY - dt.timedelta(days=1)
# The header of new_orders_us_2017_redacted.tsv.
NEW_ORDERS_HEADER = (
    "order-id", "order-item-id", "purchase-date", "payments-date", "buyer-email", "buyer-name",
    "buyer-phone-number", "sku", "product-name", "quantity-purchased", "currency", "item-price", "item-tax",
    "shipping-price", "shipping-tax", "ship-service-level", "recipient-name", "ship-address-1",
    "ship-address-2", "ship-address-3", "ship-city", "ship-state", "ship-postal-code", "ship-country",
    "ship-phone-number", "delivery-start-date", "delivery-end-date", "delivery-time-zone",
    "delivery-Instructions", "sales-channel",
)  # fmt: skip


def _end_of_day(day: dt.date, zone: str) -> str:
    """23:59:59 of ``day`` in ``zone``, written in UTC as Amazon writes it."""
    moment = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=zoneinfo.ZoneInfo(zone))
    return moment.astimezone(dt.timezone.utc).isoformat()


def _write(path: Path, header: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    lines = ["\t".join(header)] + ["\t".join(row.get(name, "") for name in header) for row in rows]
    path.write_text("\n".join(lines), encoding="utf-8")  # LF, no final line end, as the Indian sample
    return path


def _unshipped(order_id: str, promise: str, item: int = 0, purchased: str = "2026-11-20T15:00:00+00:00") -> dict:
    return {
        "order-id": order_id, "order-item-id": f"5233647695{item:04d}", "purchase-date": purchased,
        "payments-date": purchased, "reporting-date": "2026-11-24T04:21:19+00:00", "promise-date": promise,
        "days-past-promise": "-1", "buyer-email": "x@marketplace.amazon.com", "buyer-name": "[REDACTED]",
        "sku": "PEDAL-1", "product-name": "Noise Gate Pedal", "quantity-purchased": "1", "quantity-shipped": "0",
        "quantity-to-ship": "1", "ship-service-level": "Standard", "ship-country": "US",
        "is-business-order": "false", "is-iba": "false", "verge-of-cancellation": "false",
        "verge-of-lateShipment": "false",
    }  # fmt: skip


def _promises() -> dict[str, tuple[str, dt.date, str]]:
    """Order ID -> (promise-date, the marketplace's day, the alert Seller Central shows on TODAY)."""
    return {
        f"{market}-{label}": (_end_of_day(day, zone), day, alert)
        for market, zone in MARKETS.items()
        for label, day, alert in (("today", TODAY, SHIP_TODAY), ("yesterday", YESTERDAY, OVERDUE))
    }


def _tracker(tmp_path: Path, seller: str) -> Path:
    workbook = tmp_path / "tracker.xlsx"
    amzsheet.init_workbook(workbook, Settings(time_zone=seller), today=TODAY)
    rows = [_unshipped(order_id, promise, item) for item, (order_id, (promise, _, _)) in enumerate(_promises().items())]
    report = _write(tmp_path / "Unshipped-Orders.txt", UNSHIPPED_HEADER, rows)
    amzsheet.refresh(workbook, [report], today=TODAY)
    return workbook


# --- The matrix: sellers in three time zones, on three marketplaces -------------------------


@pytest.mark.parametrize("seller", SELLERS)
def test_ship_by_is_the_marketplace_day_and_the_alert_is_seller_centrals(tmp_path, seller):
    orders = amzsheet.open_workbook(_tracker(tmp_path, seller)).orders.set_index("Order ID")
    for order_id, (promise, day, alert) in _promises().items():
        line = orders.loc[order_id]
        assert line["Ship By"] == pd.Timestamp(day), (order_id, promise)
        assert line["Alert"] == alert, (order_id, promise)
    assert order_alerts(orders, TODAY).to_dict() == {order_id: a for order_id, (_, _, a) in _promises().items()}


@pytest.mark.libreoffice
def test_the_excel_formula_agrees_in_libreoffice(soffice, tmp_path):
    """One tracker (New York, the seller west of two marketplaces and east of one) recalculated by LibreOffice."""
    workbook = _tracker(tmp_path, "America/New_York")
    assert amzsheet.open_workbook(workbook).settings.reference_date == TODAY
    recalculated = recalc.recalculate(workbook, tmp_path)
    checked, mismatches = recalc.compare(workbook, recalculated)
    assert checked and not [m for m in mismatches if m.sheet == "Order Tracking"]
    rows = openpyxl.load_workbook(recalculated, read_only=True, data_only=True)["Order Tracking"].iter_rows(
        min_row=2,
        values_only=True,  # under the legend
    )
    header = list(next(rows))
    alerts = {row[header.index("Order ID")]: row[header.index("Alert")] for row in rows}
    assert alerts == {order_id: alert for order_id, (_, _, alert) in _promises().items()}


# --- How the day is told ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2025-08-21T18:29:59+00:00", "2025-08-21"),  # +05:30, Kolkata
        ("2026-11-25T07:59:59+00:00", "2026-11-24"),  # -08:00, Pacific in winter
        ("2026-07-25T06:59:59+00:00", "2026-07-24"),  # -07:00, Pacific in summer
        ("2026-11-25T02:59:59+00:00", "2026-11-24"),  # -03:00, Sao Paulo
        ("2026-11-24T23:59:59+00:00", "2026-11-24"),  # +00:00, London and Dublin in winter
        ("2026-11-25T22:59:59+00:00", "2026-11-25"),  # +01:00, Central European
        ("2026-11-25T14:59:59+00:00", "2026-11-25"),  # +09:00, Tokyo
        ("2026-11-25T12:59:59+00:00", "2026-11-25"),  # +11:00, Sydney in summer: -13:00 does not exist
        ("2026-11-25T18:14:59+00:00", "2026-11-25"),  # +05:45: offsets go in quarter hours
        ("2026-11-24T23:59:59-08:00", "2026-11-24"),  # the offset Amazon wrote does not matter
        ("2026-11-24T23:59:59.000+09:00", "2026-11-24"),  # nor a fraction of a second
        # 09:59:59 to 11:59:59 UTC are 23:59:59 at two offsets a day apart (-10:00 / +14:00,
        # -12:00 / +12:00), none of them an Amazon marketplace's: the earlier day, never a late one.
        ("2026-11-25T09:59:59+00:00", "2026-11-24"),
        ("2026-11-25T11:59:59+00:00", "2026-11-24"),
        ("2026-11-25T08:59:59+00:00", "2026-11-24"),  # -09:00 only: +15:00 does not exist
        ("2026-11-25T12:00:00+00:00", None),  # not the end of a day anywhere
        ("2026-11-25T07:59:58+00:00", None),
        ("2026-11-25T08:00:00+00:00", None),
        ("2026-11-25T07:52:59+00:00", None),  # no offset ends in 7 minutes
        ("", None),
    ],
)
def test_end_of_day_tells_the_day(value, day):
    instants = parse_datetimes(pd.Series([value]), "UTC")
    result = end_of_day_dates(instants).iloc[0]
    assert (pd.isna(result) and day is None) or result == pd.Timestamp(day)


def test_every_marketplace_has_a_time_zone_a_domain_and_a_currency():
    assert tuple(MARKETPLACE_TIME_ZONES) == MARKETPLACES
    assert set(SALES_CHANNELS.values()) == set(MARKETPLACES)
    assert set(CURRENCIES.values()) <= set(MARKETPLACES)
    for zone in MARKETPLACE_TIME_ZONES.values():
        zoneinfo.ZoneInfo(zone)


def test_sales_channel_then_currency_name_the_marketplace():
    channels = pd.Series(["Amazon.com", " AMAZON.CO.JP ", "www.amazon.co.uk", "Non-Amazon", None, None])
    currencies = pd.Series(["JPY", "USD", None, "EUR", "inr", "XYZ"])
    zones, guessed = marketplace_time_zones(channels, currencies)
    assert zones.tolist() == [
        "America/Los_Angeles", "Asia/Tokyo", "Europe/London", "Europe/Berlin", "Asia/Kolkata", None,
    ]  # fmt: skip
    assert guessed.tolist() == [False, False, False, True, True, False]


def _new_orders(path: Path, rows: list[dict[str, str]]) -> Path:
    common = {"order-item-id": "59686379847882", "purchase-date": "2026-11-20T14:18:23-07:00",
              "payments-date": "2026-11-20T14:18:23-07:00", "sku": "HAT-1", "product-name": "Bucket Hat",
              "quantity-purchased": "1", "item-price": "9.88", "ship-service-level": "Standard"}  # fmt: skip
    return _write(path, NEW_ORDERS_HEADER, [{**common, **row} for row in rows])


@pytest.mark.parametrize("seller", SELLERS)
def test_deliver_by_of_new_orders_is_the_marketplace_day(tmp_path, seller):
    rows = [
        # The sales channel decides, even against a value that would end a day elsewhere.
        {"order-id": "111-1", "currency": "USD", "sales-channel": "Amazon.co.jp",
         "delivery-end-date": "2026-11-25T07:59:59+00:00"},
        # No sales channel: the currency (16:00 UTC is 01:00 the next day in Tokyo).
        {"order-id": "111-2", "currency": "JPY", "delivery-end-date": "2026-11-25T16:00:00+00:00"},
        # The euro is Ireland's too: 23:59:59 in Dublin is not the next day in Berlin.
        {"order-id": "111-3", "currency": "EUR", "delivery-end-date": "2026-11-24T23:59:59+00:00"},
        # The euro, a Central European end of day.
        {"order-id": "111-4", "currency": "EUR", "delivery-end-date": "2026-11-24T22:59:59+00:00"},
        # Neither: the value's own end of day (Kolkata), else the seller's day.
        {"order-id": "111-5", "delivery-end-date": "2026-11-24T18:29:59+00:00"},
        {"order-id": "111-6", "delivery-end-date": "2026-11-24T20:00:00+00:00"},
        # A date without offset is the day written.
        {"order-id": "111-7", "currency": "JPY", "delivery-end-date": "2026-11-24"},
    ]  # fmt: skip
    lines = read_report(_new_orders(tmp_path / "new.txt", rows), Settings(time_zone=seller)).lines
    deliver_by = dict(zip(lines["Order ID"], lines["Deliver By"]))
    seller_day = pd.Timestamp("2026-11-24 20:00", tz="UTC").tz_convert(seller).tz_localize(None).normalize()
    assert deliver_by == {
        "111-1": pd.Timestamp("2026-11-25"), "111-2": pd.Timestamp("2026-11-26"),
        "111-3": pd.Timestamp("2026-11-24"), "111-4": pd.Timestamp("2026-11-24"),
        "111-5": pd.Timestamp("2026-11-24"), "111-6": seller_day, "111-7": pd.Timestamp("2026-11-24"),
    }  # fmt: skip
    assert "Ship By" not in lines  # New Orders has no promise date: the merge gives the default
    # Order Date stays in the seller's time zone.
    assert lines["Order Date"].iloc[0] == pd.Timestamp("2026-11-20 21:18:23", tz="UTC").tz_convert(seller).tz_localize(
        None
    )


@pytest.mark.parametrize("seller", SELLERS)
def test_estimated_arrival_is_the_marketplace_day(tmp_path, seller):
    """20:00 Pacific on the promised day (04:00 UTC the next day), as in the 2013 US sample."""
    row = {"amazon-order-id": "111-2162328-5179422", "amazon-order-item-id": "07664457044546", "shipment-id": "S1",
           "purchase-date": "2026-11-20T12:24:57+00:00", "shipment-date": "2026-11-21T05:06:24+00:00",
           "sku": "MUG", "product-name": "Mug", "quantity-shipped": "1", "currency": "USD", "item-price": "19.99",
           "carrier": "SMARTPOST", "estimated-arrival-date": "2026-11-26T04:00:00+00:00",
           "fulfillment-channel": "AFN", "sales-channel": "Amazon.com"}  # fmt: skip
    lines = read_report(_write(tmp_path / "afs.txt", AFS_HEADER, [row]), Settings(time_zone=seller)).lines
    assert lines["Deliver By"].iloc[0] == pd.Timestamp("2026-11-25")


@pytest.mark.parametrize("seller", ("Asia/Tokyo", "Pacific/Auckland", "America/Los_Angeles", "UTC"))
def test_the_indian_sample_gives_the_kolkata_day(shared_samples, seller):
    path = shared_samples / "unshipped_orders_in_2025_redacted.tsv"
    lines = read_report(path, Settings(time_zone=seller)).lines
    # promise-date 2025-08-21T18:29:59+00:00 and 2025-08-22T18:29:59+00:00: 23:59:59 in India.
    assert lines["Ship By"].iloc[:2].tolist() == [pd.Timestamp("2025-08-21"), pd.Timestamp("2025-08-22")]
    assert (lines["Ship By"] == lines["Ship By"].dt.normalize()).all()


# --- Defaults and the seller's dates ----------------------------------------------------------


def test_without_promise_date_ship_by_is_order_date_plus_handling_days(tmp_path):
    workbook = tmp_path / "tracker.xlsx"
    amzsheet.init_workbook(workbook, Settings(time_zone="Asia/Tokyo", handling_days=3, delivery_days=4), today=TODAY)
    unshipped = _write(tmp_path / "u.txt", UNSHIPPED_HEADER, [_unshipped("111-1", promise="")])
    all_orders = write_all_orders(
        tmp_path / "a.txt",
        [{"amazon-order-id": "111-2", "purchase-date": "2026-11-20T15:00:00+00:00", "order-status": "Pending",
          "last-updated-date": "2026-11-20T16:00:00+00:00", "sku": "MUG", "product-name": "Mug", "quantity": "1",
          "item-price": "9.99"}],
    )  # fmt: skip
    orders = amzsheet.refresh(workbook, [unshipped, all_orders], today=TODAY).tracker.orders.set_index("Order ID")
    for order_id in ("111-1", "111-2"):
        line = orders.loc[order_id]
        assert line["Order Date"] == pd.Timestamp("2026-11-21 00:00")  # 15:00 UTC is midnight in Tokyo
        assert line["Ship By"] == pd.Timestamp("2026-11-24")  # + 3 handling days
        assert line["Deliver By"] == pd.Timestamp("2026-11-28")  # + 4 delivery days


def _current(ship_by: str, deliver_by: str) -> pd.DataFrame:
    return make_orders(
        [{"Order ID": "111-1", "Order Item ID": "52336476957402", "SKU": "PEDAL-1", "Channel": "FBM",
          "Order Date": pd.Timestamp("2026-11-20 10:00"), "Order Status": "Unshipped", "Amazon Status": "Unshipped",
          "Last Updated": pd.Timestamp("2026-11-21"), "Ship By": pd.Timestamp(ship_by),
          "Deliver By": pd.Timestamp(deliver_by)}]
    )  # fmt: skip


def _report_line() -> pd.DataFrame:
    return make_orders(
        [{"Order ID": "111-1", "Order Item ID": "52336476957402", "SKU": "PEDAL-1", "Channel": "FBM",
          "Order Date": pd.Timestamp("2026-11-20 10:00"), "Amazon Status": "Unshipped",
          "Last Updated": pd.Timestamp("2026-11-24"), "Ship By": pd.Timestamp("2026-11-24"),
          "Deliver By": pd.Timestamp("2026-11-30")}]
    )  # fmt: skip


def test_merge_keeps_a_ship_by_the_seller_typed():
    merged = merge_orders(_current("2026-11-27", "2026-12-05"), _report_line(), Settings()).iloc[0]
    assert (merged["Ship By"], merged["Deliver By"]) == (pd.Timestamp("2026-11-27"), pd.Timestamp("2026-12-05"))


def test_merge_replaces_a_date_with_a_time_of_day_written_by_earlier_versions():
    """Earlier versions wrote the promise in the seller's zone (New York: 02:59:59 on the 25th)."""
    merged = merge_orders(_current("2026-11-25 02:59:59", "2026-12-01 02:59:59"), _report_line(), Settings()).iloc[0]
    assert (merged["Ship By"], merged["Deliver By"]) == (pd.Timestamp("2026-11-24"), pd.Timestamp("2026-11-30"))
    no_dates = _report_line().assign(**{"Ship By": pd.NaT, "Deliver By": pd.NaT})
    kept = merge_orders(_current("2026-11-25 02:59:59", "2026-12-01 02:59:59"), no_dates, Settings()).iloc[0]
    assert kept["Ship By"] == pd.Timestamp("2026-11-25 02:59:59")  # no report date: nothing better to put
