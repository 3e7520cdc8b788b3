"""The settlement report (Payments > All Statements > "Flat File V2"): every amount of one payout.

Amazon publishes one report per settlement (``GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2``),
tab-separated. Its first data line is the summary: the settlement's id, start and end dates,
``deposit-date``, ``total-amount`` (what reached the bank) and ``currency``, without an
``amount``. Every later line is one amount, named by ``transaction-type`` (Order, Refund,
other-transaction...), ``amount-type`` (ItemPrice, ItemFees, Promotion...) and
``amount-description`` (Principal, Commission, Subscription Fee...).

Each line becomes one Payments row (see :func:`parse_settlement`); the summary's fields are
repeated on every row, so that the merge can write the settlement's row on the Settlements
sheet (:mod:`amzsheet.merge.settlements`). European marketplaces write ``1.234,56`` and
``03.01.2023 10:00:00 UTC``; numeric-looking SKUs (``43110``) stay text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from amzsheet.contract.schema import Settings
from amzsheet.errors import ReportError
from amzsheet.reports.base import ReportKind, dates, numbers, quantities, text
from amzsheet.reports.datetimes import parse_datetimes
from amzsheet.reports.numbers import detect_decimal_mark
from amzsheet.reports.raw import RawReport

#: Columns of the Payments rows a settlement report gives, beyond the Payments sheet's: the settlement's summary.
SUMMARY_COLUMNS = ("Start", "End", "Deposit Date", "Total Amount", "Report")
#: Columns read when present (matched by name, in any order).
_OPTIONAL = (
    "deposit-date",
    "order-id",
    "marketplace-name",
    "posted-date",
    "posted-date-time",
    "sku",
    "quantity-purchased",
)
_REQUIRED = (
    "settlement-id",
    "settlement-start-date",
    "settlement-end-date",
    "total-amount",
    "currency",
    "transaction-type",
    "amount-type",
    "amount-description",
    "amount",
)
_DAY_FIRST = r"^\d{1,2}\.\d{1,2}\.\d{4}"


def decimal_mark(raw: RawReport) -> str:
    """The decimal mark of the amounts: from the amounts themselves, else ``,`` when dates are day-first."""
    values = [value for name in ("amount", "total-amount") for value in raw.column(name)]
    try:
        found = detect_decimal_mark(values)
    except ValueError:
        found = None  # contradicting amounts: each is then checked against the dates' mark
    if found:
        return found
    day_first = raw.column("settlement-start-date").str.match(_DAY_FIRST).any()
    return "," if day_first else "."


def parse_settlement(raw: RawReport, settings: Settings) -> pd.DataFrame:
    """One row per line of the file, with the Payments columns and the settlement's summary (:data:`SUMMARY_COLUMNS`).

    Product Sales, Fees and Promotions hold the line's amount on ItemPrice/Principal, ItemFees and
    Promotion lines. The summary line (no amount) has a blank Total; :mod:`amzsheet.merge.settlements`
    leaves it off Payments.
    """
    decimal = decimal_mark(raw)
    amount = numbers(raw, "amount", decimal)
    amount_type = text(raw, "amount-type")
    kind, description = amount_type.fillna("").str.casefold(), text(raw, "amount-description")
    principal = kind.eq("itemprice") & description.fillna("").str.casefold().eq("principal")
    summary = _summary(raw, settings, decimal)
    if not raw.problems:  # a value refused is told first, by its line
        _refuse_incomplete(raw, amount, numbers(raw, "total-amount", decimal))
    return pd.DataFrame(
        {
            "Date/Time": _posted(raw, settings, summary["End"]),
            "Settlement ID": text(raw, "settlement-id"),
            "Type": text(raw, "transaction-type"),
            "Order ID": text(raw, "order-id"),
            "SKU": text(raw, "sku"),
            "Description": description,
            "Quantity": quantities(raw, "quantity-purchased"),
            "Marketplace": text(raw, "marketplace-name"),
            "Product Sales": amount.where(principal),
            "Fees": amount.where(kind.eq("itemfees")),
            "Total": amount,
            "Currency": summary["Currency"],
            "Amount Type": amount_type,
            "Promotions": amount.where(kind.eq("promotion")),
            **{name: summary[name] for name in SUMMARY_COLUMNS},
        }
    )


def _summary(raw: RawReport, settings: Settings, decimal: str) -> pd.DataFrame:
    """The summary line's fields of each row's settlement (the line with a total-amount), repeated on every row."""
    ids = text(raw, "settlement-id").fillna("")
    fields = pd.DataFrame(
        {
            "Start": dates(raw, "settlement-start-date", settings),
            "End": dates(raw, "settlement-end-date", settings),
            "Deposit Date": dates(raw, "deposit-date", settings),
            "Total Amount": numbers(raw, "total-amount", decimal),
            "Currency": text(raw, "currency").str.upper(),
        }
    )
    first = fields.assign(id=ids)[fields["Total Amount"].notna()].drop_duplicates("id").set_index("id")
    summary = pd.DataFrame({name: ids.map(first[name]) for name in first.columns})
    for name in first.columns:  # a line of a settlement without a summary line keeps its own fields
        summary[name] = summary[name].where(summary[name].notna(), fields[name])
    summary["Report"] = raw.path.name
    return summary.astype({"Start": "datetime64[ns]", "End": "datetime64[ns]", "Deposit Date": "datetime64[ns]"})


def _refuse_incomplete(raw: RawReport, amount: pd.Series, total: pd.Series) -> None:
    """Refuse a file whose amounts do not add up to its total-amount: cut short, or damaged.

    Imported, such a file would replace the settlement's complete lines on Payments, and the complete
    file, imported before, would be skipped: its money would be lost.
    """
    ids = text(raw, "settlement-id").fillna("").str.strip().str.casefold()
    sums = amount.groupby(ids).sum()
    for position in np.flatnonzero(total.notna().to_numpy()):
        expected, found = float(total.iloc[position]), float(sums.get(ids.iloc[position], 0.0))
        if round(abs(expected - found), 2) >= 0.01:
            raise ReportError(
                raw.path,
                f"the amounts of settlement {raw.rows[position][raw.header.index('settlement-id')]} add up to "
                f"{found:,.2f}, not its total-amount {expected:,.2f}: the file is incomplete or damaged; "
                "download it again",
                line=raw.line_numbers[position],
                column=raw.label("total-amount"),
            )


def _posted(raw: RawReport, settings: Settings, end: pd.Series) -> pd.Series:
    """When each amount was posted: posted-date-time, else posted-date, else the settlement's end (account lines)."""
    posted = dates(raw, "posted-date-time", settings)
    if raw.has("posted-date"):
        wanted = posted.isna().to_numpy()
        values = raw.column("posted-date").where(wanted, "")
        day = parse_datetimes(values, settings.time_zone).reset_index(drop=True).astype("datetime64[ns]")
        bad = np.flatnonzero((values != "").to_numpy() & day.isna().to_numpy())
        raw.reject(bad, "posted-date", lambda value: f"{value!r} is not a date amzsheet can read; check the file")
        posted = posted.where(posted.notna(), day)
    return posted.where(posted.notna(), end).astype("datetime64[ns]")


SETTLEMENT = ReportKind(
    name="Settlement",
    target="payments",
    signature=frozenset({"settlement-id", "amount-type", "amount-description", "amount"}),
    required=_REQUIRED,
    parse=parse_settlement,
    aliases={name: () for name in _OPTIONAL},
    identity=("settlement-id",),
    id_columns=("settlement-id", "order-id"),
    event_dates={"Date/Time": "posted-date-time"},
)
