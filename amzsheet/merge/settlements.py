"""Settlement reports into the workbook: a Settlements row per settlement, its lines on Payments.

A settlement report and the Date Range transactions tell of the same money: the Date Range
report one row per transaction, the settlement one row per amount. So that no amount counts
twice, the settlement report wins:

* its lines replace every Payments row of the same Settlement ID (Date Range transactions, or
  the lines of an earlier import of the settlement);
* a Date Range transaction of a settlement already on the Settlements sheet is not added
  (:func:`amzsheet.merge.payments.merge_payments` is given the settled ids).

In one refresh, Date Range reports are applied before settlement reports (see
:mod:`amzsheet.merge.steps`), so the rows end the same whatever the order of the files.
Importing the same settlement again changes nothing.
"""

from __future__ import annotations

import pandas as pd

from amzsheet.contract.money import SETTLEMENT_COLUMNS
from amzsheet.contract.schema import PAYMENT_COLUMNS
from amzsheet.contract.tables import conform
from amzsheet.model.compute import text_key
from amzsheet.reports.settlements import SUMMARY_COLUMNS

#: What ties a Payments row to the same line of a new download of its settlement.
_SAME_LINE = ("Date/Time", "Type", "Order ID", "SKU", "Amount Type", "Description", "Total")
#: What ties a Date Range transaction to a line of its settlement report.
_SAME_ORDER = ("Type", "Order ID", "SKU")
#: Settlements columns the report fills, from :data:`~amzsheet.reports.settlements.SUMMARY_COLUMNS` and Currency.
_FILLED = ("Settlement ID", "Currency", *SUMMARY_COLUMNS)


def settlement_key(ids: pd.Series) -> pd.Series:
    """Settlement ids as they are compared: stripped, case ignored ("" when blank)."""
    return text_key(ids.astype(object).where(ids.notna(), None).map(lambda v: v.strip() if isinstance(v, str) else v))


def merge_settlement(
    payments: pd.DataFrame, settlements: pd.DataFrame, lines: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Put a settlement report's lines on Payments and its summary on Settlements.

    :param payments: the Payments table.
    :param settlements: the Settlements table.
    :param lines: from :func:`amzsheet.reports.reading.read_report` of a settlement report.
    :return: (Payments, Settlements): every Payments row of the report's settlements replaced by its
        lines (the summary line, without an amount, is left out); each settlement's row added, or
        updated in place when it is already there.
    """
    payments = conform(payments, PAYMENT_COLUMNS)
    ids = set(settlement_key(lines["Settlement ID"])) - {""}
    replaced = settlement_key(payments["Settlement ID"]).isin(ids)
    amounts = lines[lines["Total"].notna()].reindex(columns=payments.columns).astype(payments.dtypes.to_dict())
    own = [name for name in payments.columns if name not in {column.name for column in PAYMENT_COLUMNS}]
    amounts = _with_sellers_values(amounts.reset_index(drop=True), payments[replaced], own)
    merged = pd.concat([payments[~replaced], amounts], ignore_index=True)
    return merged, _with_summaries(conform(settlements, SETTLEMENT_COLUMNS), lines)


def _with_sellers_values(amounts: pd.DataFrame, replaced: pd.DataFrame, own: list[str]) -> pd.DataFrame:
    """``amounts`` with what the seller typed in columns of their own on the ``replaced`` Payments rows.

    A line of an earlier import of the settlement gives its values to the same line of the new one; a
    Date Range transaction to the first free line of the same type, order and SKU (the sale's Principal,
    a refund's first amount). Values of a row without such a line (an account-level Date Range
    transaction, which the settlement names differently) are not carried.
    """
    noted = replaced[replaced[own].notna().any(axis=1)] if own else replaced.iloc[:0]
    for columns in (_SAME_LINE, _SAME_ORDER):
        if noted.empty:
            break
        free: dict[tuple, list[int]] = {}
        blank = amounts[own].isna().all(axis=1).to_numpy()
        for position, key in enumerate(_keys(amounts, columns)):
            if blank[position]:
                free.setdefault(key, []).append(position)
        left = []
        for index, key in zip(noted.index, _keys(noted, columns)):
            if free.get(key):
                amounts.loc[free[key].pop(0), own] = noted.loc[index, own].to_numpy()
            else:
                left.append(index)
        noted = noted.loc[left]
    return amounts


def _keys(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[tuple]:
    """Each row's values in ``columns``, text compared as Excel does (case ignored), blanks as None."""
    parts = [text_key(frame[name]) if frame[name].dtype == object else frame[name].astype(object) for name in columns]
    return [tuple(None if pd.isna(value) or value == "" else value for value in row) for row in zip(*parts)]


def _with_summaries(settlements: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """``settlements`` with the row of each settlement of ``lines`` written over its old one or appended."""
    summaries = lines.assign(key=settlement_key(lines["Settlement ID"]))
    summaries = summaries[summaries["key"] != ""].drop_duplicates("key")
    summaries = summaries[["key", *_FILLED]]
    result = settlements.copy()
    keys = settlement_key(result["Settlement ID"])
    fresh = []
    for summary in summaries.itertuples(index=False):
        values = dict(zip(_FILLED, summary[1:]))
        found = keys.index[keys == summary.key]
        if len(found):
            for name, value in values.items():
                result.loc[found[0], name] = value
        else:
            fresh.append(values)
    if fresh:
        added = pd.DataFrame(fresh).reindex(columns=result.columns)
        result = pd.concat([result, added.astype(result.dtypes.to_dict())], ignore_index=True)
    return result


def settled_ids(settlements: pd.DataFrame) -> set[str]:
    """The keys (see :func:`settlement_key`) of the settlements on the Settlements sheet."""
    return set(settlement_key(settlements["Settlement ID"])) - {""}
