"""Order Tracking's Claim column: A-to-z Guarantee claims and chargebacks, from Amazon's reports.

Two reports tell of them:

- the Date Range transaction report (the Payments table), whose ``type`` is
  ``A-to-z Guarantee Claim`` or ``Chargeback Refund`` for the money Amazon takes back. These
  are the US English type names seen in real files (third-party importers list them beside
  ``Order``, ``Refund``, ``Service Fee``...); a Seller Central in another language writes
  types amzsheet does not know yet, which then fill nothing;
- the seller-fulfilled Returns report, whose ``A-to-Z Claim`` column is ``Y`` when the buyer
  filed a claim (the shared samples' ``returns_flat_file_us_2025_from_markdown.tsv`` has it).

A claim is written on every line of its order whose Claim is blank: what the seller typed
(``Withdrawn``, say, to leave a claim out of the Order Defect Rate) is never overwritten.
"""

from __future__ import annotations

import pandas as pd

from amzsheet.model.compute import text_key
from amzsheet.model.metrics import A_TO_Z, CHARGEBACK

#: Date Range ``type`` (ignoring case) -> the Claim it means.
PAYMENT_CLAIM_TYPES = {"a-to-z guarantee claim": A_TO_Z, "chargeback refund": CHARGEBACK}
#: The seller-fulfilled Returns report's column saying whether the buyer filed an A-to-z claim.
RETURNS_CLAIM_COLUMN = "A-to-Z Claim"


def payment_claims(payments: pd.DataFrame) -> pd.DataFrame:
    """The orders the Payments table shows a claim or chargeback for: one row per Order ID, with its Claim.

    An order with both keeps its A-to-z claim.
    """
    claim = text_key(payments["Type"]).map(PAYMENT_CLAIM_TYPES)
    found = pd.DataFrame({"Order ID": payments["Order ID"], "Claim": claim}).dropna()
    return _one_per_order(found)


def returns_claims(rows: pd.DataFrame) -> pd.DataFrame:
    """The orders a seller-fulfilled Returns report flags with an A-to-z claim (``Y``)."""
    if RETURNS_CLAIM_COLUMN not in rows.columns:
        return pd.DataFrame({"Order ID": pd.Series([], dtype=object), "Claim": pd.Series([], dtype=object)})
    flagged = rows[rows[RETURNS_CLAIM_COLUMN].fillna("").astype(str).str.strip().str.upper() == "Y"]
    return _one_per_order(pd.DataFrame({"Order ID": flagged["Order ID"], "Claim": A_TO_Z}).dropna())


def _one_per_order(claims: pd.DataFrame) -> pd.DataFrame:
    rank = (claims["Claim"] != A_TO_Z).astype(int)  # A-to-z first
    ordered = claims.assign(rank=rank).sort_values("rank", kind="stable")
    return ordered.drop_duplicates("Order ID")[["Order ID", "Claim"]].reset_index(drop=True)


def fill_claims(orders: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Return ``orders`` with each claim written on every line of its order whose Claim is blank.

    :param claims: Order ID and Claim (see :func:`payment_claims`, :func:`returns_claims`).
    """
    if claims.empty or orders.empty:
        return orders
    found = orders["Order ID"].map(claims.set_index("Order ID")["Claim"])
    fill = orders["Claim"].isna() & found.notna()
    if not fill.any():
        return orders
    result = orders.copy()
    result.loc[fill, "Claim"] = found[fill]
    return result
