"""The marketplaces' shops, currencies and Seller Centrals cover every marketplace code, and agree with the reports."""

from __future__ import annotations

from amzsheet.contract.marketplaces import AMAZON_DOMAINS, MARKETPLACE_CURRENCIES, SELLER_CENTRAL_HOSTS, order_page
from amzsheet.contract.schema import MARKETPLACES
from amzsheet.reports.marketplaces import CURRENCIES, MARKETPLACE_TIME_ZONES, SALES_CHANNELS


def test_every_marketplace_has_a_shop_a_currency_and_a_seller_central():
    assert list(AMAZON_DOMAINS) == list(MARKETPLACE_CURRENCIES) == list(SELLER_CENTRAL_HOSTS) == list(MARKETPLACES)
    assert set(MARKETPLACE_TIME_ZONES) == set(MARKETPLACES)


def test_the_reports_read_the_same_shops_and_currencies():
    assert SALES_CHANNELS["amazon.co.uk"] == "UK" and SALES_CHANNELS["amazon.com.be"] == "BE"
    assert {code: domain for domain, code in SALES_CHANNELS.items()} == AMAZON_DOMAINS
    assert all(MARKETPLACE_CURRENCIES[code] == currency for currency, code in CURRENCIES.items())


def test_an_order_id_is_quoted_in_its_link():
    assert order_page("JP", " 503-1/2 ") == "https://sellercentral.amazon.co.jp/orders-v3/order/503-1%2F2"
