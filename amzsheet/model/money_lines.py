"""What each Payments line is, for Profit: its money category, transfer or ad invoice, units, month, currency.

Every Payments line (a Date Range transaction or a settlement report line) falls into one money category
(:data:`~amzsheet.contract.money.CATEGORIES`) by its Type, Amount Type and Description, whatever the Seller
Central language of the report; :mod:`amzsheet.model.profit` adds them up, and the Dashboard's profit block
(:mod:`amzsheet.model.dashboard_profit`, whose formulas use the same word lists) counts the same.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from amzsheet.contract.money import CATEGORIES
from amzsheet.model.compute import text_key

#: Date Range transaction types (in the Seller Central languages) of the bank transfers: the payout, no money earned.
TRANSFER_TYPES = frozenset({"transfer", "übertrag", "transfert", "trasferimento", "transferencia", "振込み"})
#: Transaction types whose every amount is a refund (of a sale, a chargeback, an A-to-z claim).
REFUND_TYPES = frozenset(
    {
        "refund",
        "erstattung",
        "remboursement",
        "rimborso",
        "reembolso",
        "返金",
        "chargeback refund",
        "a-to-z guarantee claim",
    }
)
#: Transaction types of a sale.
ORDER_TYPES = frozenset({"order", "bestellung", "commande", "ordine", "pedido", "注文"})
#: The part of a sale's price that is Sales: the product's (shipping, gift wrap and taxes are Other, as the
#: Date Range report, which has no column for them, leaves them in its Total).
SALE_PRICES = frozenset({"principal"})
_STORAGE_WORDS = ("storage", "lagergebühr", "stockage", "stoccaggio", "almacenamiento", "保管")
_FEE_WORDS = ("fee", "gebühr", "frais", "tariff", "commissione", "tarifa", "手数料", "subscription", "abonnement")
#: Words of a Type, Amount Type or Description that mark an ad invoice paid from a payout.
ADVERTISING_WORDS = ("advertising", "werbe", "publicité", "pubblicità", "publicidad", "広告")


def _contains(values: pd.Series, words: tuple[str, ...]) -> pd.Series:
    """Whether each text holds one of ``words`` (ignoring case); each distinct text is looked at once."""
    codes, uniques = pd.factorize(text_key(values))
    found = np.array([any(word in str(text) for word in words) for text in uniques] + [False], dtype=bool)
    return pd.Series(found[codes], index=values.index)


def is_transfer(payments: pd.DataFrame) -> pd.Series:
    """The Date Range lines that are bank transfers (the payout), which no Profit row counts."""
    return text_key(payments["Type"]).isin(TRANSFER_TYPES) & text_key(payments["Amount Type"]).eq("")


def is_ad_invoice(payments: pd.DataFrame) -> pd.Series:
    """Lines paying a Sponsored Products invoice out of a payout (Cost of Advertising)."""
    words = [_contains(payments[name], ADVERTISING_WORDS) for name in ("Type", "Amount Type", "Description")]
    return (words[0] | words[1] | words[2]) & payments["SKU"].isna()


def categorise(payments: pd.DataFrame) -> pd.DataFrame:
    """The amount of each Payments line in each money category (one column per category, 0 elsewhere).

    A settlement line (Amount Type filled) is one amount: a refund's all goes to Refunds; ItemPrice's
    Principal is Sales and the rest of it (shipping, gift wrap, taxes) Other; ItemFees are Amazon Fees; Promotion is
    Promotions; a line without a SKU is Storage Fees, Amazon Fees or Other by its description. A Date
    Range transaction is split: Product Sales, Fees and Promotions in their columns, the rest of its Total
    (shipping credits, taxes) in Other; a refund's Total goes to Refunds; a line without an order is Storage
    Fees, Amazon Fees or Other by its type and description. Transfers are left out (all 0).
    """
    total = payments["Total"].fillna(0.0).astype("float64")
    types = text_key(payments["Type"])
    amount_type = text_key(payments["Amount Type"])
    description = text_key(payments["Description"])
    settlement_line = amount_type != ""
    refund = types.isin(REFUND_TYPES)
    transfer = is_transfer(payments)
    advertising = is_ad_invoice(payments)
    storage = _contains(payments["Description"], _STORAGE_WORDS) | _contains(payments["Type"], _STORAGE_WORDS)
    storage &= ~refund
    fee_named = _contains(payments["Description"], _FEE_WORDS) | _contains(payments["Type"], _FEE_WORDS)
    fee_named |= _contains(payments["Amount Type"], _FEE_WORDS)
    out = pd.DataFrame(0.0, index=payments.index, columns=list(CATEGORIES))

    # Settlement report lines: one amount each.
    price = settlement_line & amount_type.eq("itemprice")
    sale = price & description.isin(SALE_PRICES)
    fees = settlement_line & amount_type.eq("itemfees")
    promotion = settlement_line & amount_type.eq("promotion")
    other_line = settlement_line & ~price & ~fees & ~promotion
    rules = [
        (settlement_line & refund, "Refunds"),
        (settlement_line & ~refund & sale, "Sales"),
        (settlement_line & ~refund & fees, "Amazon Fees"),
        (settlement_line & ~refund & promotion, "Promotions"),
        (other_line & ~refund & storage & ~advertising, "Storage Fees"),
        (other_line & ~refund & fee_named & ~storage & ~advertising, "Amazon Fees"),
    ]
    placed = pd.Series(False, index=payments.index)
    for mask, category in rules:
        chosen = mask & ~placed
        out.loc[chosen, category] = total[chosen]
        placed |= chosen
    rest = settlement_line & ~placed
    out.loc[rest, "Other"] = total[rest]

    # Date Range transactions: split into their columns.
    ranged = ~settlement_line & ~transfer
    order_line = ranged & payments["Order ID"].notna() & ~refund
    out.loc[ranged & refund, "Refunds"] = total[ranged & refund]
    sales = payments["Product Sales"].fillna(0.0)
    charged = payments["Fees"].fillna(0.0)
    promoted = payments["Promotions"].fillna(0.0)
    out.loc[order_line, "Sales"] = sales[order_line]
    out.loc[order_line, "Amazon Fees"] = charged[order_line]
    out.loc[order_line, "Promotions"] = promoted[order_line]
    out.loc[order_line, "Other"] = (total - sales - charged - promoted)[order_line]
    account = ranged & ~refund & ~order_line
    account_storage = account & storage & ~advertising
    account_fee = account & fee_named & ~storage & ~advertising
    out.loc[account_storage, "Storage Fees"] = total[account_storage]
    out.loc[account_fee, "Amazon Fees"] = total[account_fee]
    rest = account & ~account_storage & ~account_fee
    out.loc[rest, "Other"] = total[rest]
    return out


def units_sold(payments: pd.DataFrame) -> pd.Series:
    """Units of each line that is a sale's item price (a Date Range Order, a settlement's Principal line)."""
    types = text_key(payments["Type"])
    sale = types.isin(ORDER_TYPES) & payments["Product Sales"].notna()
    return payments["Quantity"].fillna(0.0).where(sale, 0.0).astype("float64")


def month_of(dates: pd.Series) -> pd.Series:
    """``YYYY-MM`` of each date ("" when blank)."""
    text = pd.to_datetime(dates).dt.strftime("%Y-%m")
    return text.where(text.notna(), "").astype(object)


def currency_codes(values: pd.Series, default: str) -> pd.Series:
    """Each currency code in upper case, ``default`` where blank."""
    codes = values.fillna("").astype(str).str.strip().str.upper()
    return codes.where(codes != "", default).astype(object)


def sku_key(values: pd.Series) -> pd.Series:
    """SKUs as Excel compares them: blank is "", case does not matter."""
    return text_key(values)
