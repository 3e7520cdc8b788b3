"""Amazon's marketplaces as the seller meets them: each one's shop, currency and Seller Central.

The codes are those of :data:`amzsheet.contract.schema.MARKETPLACES`. The reports name a
marketplace by its shop's domain (``Amazon.co.uk``, the ``sales-channel`` of an order report, the
``marketplace`` of a Date Range report) or only by its currency.
"""

from __future__ import annotations

from urllib.parse import quote

#: Marketplace code -> the domain of its Amazon shop.
AMAZON_DOMAINS: dict[str, str] = {
    "US": "amazon.com", "CA": "amazon.ca", "MX": "amazon.com.mx", "BR": "amazon.com.br", "UK": "amazon.co.uk",
    "DE": "amazon.de", "FR": "amazon.fr", "IT": "amazon.it", "ES": "amazon.es", "NL": "amazon.nl",
    "SE": "amazon.se", "PL": "amazon.pl", "BE": "amazon.com.be", "IE": "amazon.ie", "TR": "amazon.com.tr",
    "AE": "amazon.ae", "SA": "amazon.sa", "EG": "amazon.eg", "IN": "amazon.in", "JP": "amazon.co.jp",
    "AU": "amazon.com.au", "SG": "amazon.sg",
}  # fmt: skip

#: Marketplace code -> the currency its orders are paid in (the euro is shared by DE, FR, IT, ES, NL, BE and IE).
MARKETPLACE_CURRENCIES: dict[str, str] = {
    "US": "USD", "CA": "CAD", "MX": "MXN", "BR": "BRL", "UK": "GBP", "DE": "EUR", "FR": "EUR", "IT": "EUR",
    "ES": "EUR", "NL": "EUR", "SE": "SEK", "PL": "PLN", "BE": "EUR", "IE": "EUR", "TR": "TRY", "AE": "AED",
    "SA": "SAR", "EG": "EGP", "IN": "INR", "JP": "JPY", "AU": "AUD", "SG": "SGD",
}  # fmt: skip

#: Marketplace code -> the host of its Seller Central: ``sellercentral.`` and the shop's domain, except
#: Ireland, which is run from the European Seller Central (one account for every European marketplace).
SELLER_CENTRAL_HOSTS: dict[str, str] = {
    code: "sellercentral-europe.amazon.com" if code == "IE" else f"sellercentral.{domain}"
    for code, domain in AMAZON_DOMAINS.items()
}


def order_page(marketplace: str, order_id: str) -> str:
    """The address of an order's page in the Seller Central of ``marketplace`` (a code such as "UK").

    >>> order_page("UK", "203-1234567-1234567")
    'https://sellercentral.amazon.co.uk/orders-v3/order/203-1234567-1234567'
    """
    return f"https://{SELLER_CENTRAL_HOSTS[marketplace]}/orders-v3/order/{quote(order_id.strip(), safe='')}"
