"""The Payments "Date Range" transaction report: what Amazon paid and charged per order line.

The file is a quoted CSV with a few lines of explanation before the header, and
its headers, dates and numbers follow the Seller Central display language. Header
translations below are the ones seen in real files (see the shared samples'
COLUMNS.md, section 7); a language whose fee columns are not known still gives
each line's total.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from amzsheet.contract.marketplaces import MARKETPLACE_CURRENCIES
from amzsheet.contract.schema import Settings
from amzsheet.reports.base import ReportKind, dates, numbers, quantities, text
from amzsheet.reports.marketplaces import SALES_CHANNELS
from amzsheet.reports.numbers import detect_decimal_mark
from amzsheet.reports.raw import RawReport, header_key

_ALIASES: dict[str, tuple[str, ...]] = {
    "date/time": ("Datum/Uhrzeit", "date/heure", "Data/Ora", "fecha y hora", "fecha/hora", "data/hora", "日付/時間"),
    "settlement id": (
        "Abrechnungsnummer",
        "numéro de versement",
        "Numero pagamento",
        "identificador de pago",
        "Id. de liquidación",
        "決済番号",
    ),
    "type": ("Typ", "Tipo", "トランザクションの種類"),
    "order id": (
        "Bestellnummer",
        "numéro de la commande",
        "Numero ordine",
        "número de pedido",
        "Id. del pedido",
        "id do pedido",
        "注文番号",
    ),
    "description": ("Beschreibung", "Descrizione", "descrição", "説明"),
    "quantity": ("Menge", "quantité", "Quantità", "quantidade", "数量"),
    "marketplace": ("web de Amazon", "mercado", "Amazon 出品サービス"),
    "fulfillment": (
        "fulfilment",
        "Versand",
        "traitement",
        "Gestione",
        "gestión logística",
        "atendimento",
        "フルフィルメント",
    ),
    "product sales": ("Umsätze", "ventes de produits", "Vendite", "vendas do produto", "商品売上"),
    "promotional rebates": ("Rabatte aus Werbeaktionen", "プロモーション割引額"),
    "selling fees": ("Verkaufsgebühren", "frais de vente", "手数料"),
    "fba fees": ("Gebühren zu Versand durch Amazon", "Frais Expédié par Amazon", "FBA 手数料"),
    "other transaction fees": (
        "Andere Transaktionsgebühren",
        "autres frais de transaction",
        "トランザクションに関するその他の手数料",
    ),
    "other": ("Andere", "autre", "その他"),
    "total": ("Gesamt", "totale", "合計"),
}
#: Header of the date column -> decimal mark of that display language, when the numbers do not tell.
_DECIMAL_BY_DATE_HEADER = {
    header_key(label): "," for label in ("Datum/Uhrzeit", "date/heure", "Data/Ora", "fecha y hora", "data/hora")
}
_AMOUNTS = (
    "product sales",
    "promotional rebates",
    "selling fees",
    "fba fees",
    "other transaction fees",
    "other",
    "total",
)
_FEES = ("selling fees", "fba fees", "other transaction fees")


def decimal_mark(raw: RawReport) -> str:
    """The decimal mark of the file's amounts: from the amounts themselves, else from the header's language."""
    values = (value for name in _AMOUNTS if raw.has(name) for value in raw.column(name))
    try:
        found = detect_decimal_mark(values)
    except ValueError:
        found = None  # contradicting amounts: each is then checked against the language's mark
    return found or _DECIMAL_BY_DATE_HEADER.get(header_key(raw.label("date/time")), ".")


def parse_transactions(raw: RawReport, settings: Settings) -> pd.DataFrame:
    """One row per transaction (order, refund, fee, transfer...)."""
    decimal = decimal_mark(raw)
    count = len(raw.rows)
    fees = [numbers(raw, name, decimal) for name in _FEES if raw.has(name)]
    return pd.DataFrame(
        {
            "Date/Time": dates(raw, "date/time", settings),
            "Settlement ID": text(raw, "settlement id"),
            "Type": text(raw, "type"),
            "Order ID": text(raw, "order id"),
            "SKU": text(raw, "sku"),
            "Description": text(raw, "description"),
            "Quantity": quantities(raw, "quantity"),
            "Marketplace": text(raw, "marketplace"),
            "Product Sales": numbers(raw, "product sales", decimal),
            # Blank when the file's language has no fee column amzsheet knows.
            "Fees": pd.concat(fees, axis=1).sum(axis=1, min_count=1) if fees else pd.Series(np.nan, range(count)),
            "Total": numbers(raw, "total", decimal),
            "Currency": marketplace_currencies(text(raw, "marketplace")),
            "Promotions": numbers(raw, "promotional rebates", decimal),
        }
    )


def marketplace_currencies(marketplaces: pd.Series) -> pd.Series:
    """The currency of each transaction's marketplace (``amazon.de`` -> ``EUR``); None where it names none."""
    keys = marketplaces.map(lambda value: value.strip().casefold().removeprefix("www.") if value else value)
    codes = keys.map(SALES_CHANNELS)
    currencies = codes.map(MARKETPLACE_CURRENCIES)
    return currencies.astype(object).where(currencies.notna(), None)


DATE_RANGE = ReportKind(
    name="Date Range Transactions",
    target="payments",
    signature=frozenset({"date/time", "order id", "total"}),
    required=("date/time", "order id", "total"),
    parse=parse_transactions,
    aliases=_ALIASES,
    identity=("date/time", "total"),
    id_columns=("order id",),
    event_dates={"Date/Time": "date/time"},
)
