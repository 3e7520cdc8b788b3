"""Customer messages: the seller's templates (the Messages sheet) filled in from an order.

``amzsheet message`` prints the text to paste into Buyer-Seller Messaging; amzsheet never sends
anything. A placeholder (:data:`~amzsheet.contract.vocabulary.MESSAGE_PLACEHOLDERS`, in braces,
case ignored) is filled from the order's lines on Order Tracking, leaving out cancelled lines
unless the whole order was cancelled:

- ``{Order ID}`` as written on Order Tracking; ``{Customer Name}`` the first name given;
- ``{Product Name}``, ``{Tracking Number}`` and ``{Carrier}``: each different value of the lines,
  in the order of the lines, joined with ", " ("Mug, Towel"), or with "; " when one of them holds a
  comma, as many Amazon product names do ("Basket with Handles, Large; Chef's Knife");
- ``{Deliver By}``: the latest Deliver By of the lines, written for the buyer as "3 Dec 2026"
  (English month names whatever the computer's language; unlike 12/03/2026, no buyer misreads it).

A placeholder that is blank for the order stops with an error naming it rather than giving a
text with a hole in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from amzsheet.contract.messages import DEFAULT_MESSAGES
from amzsheet.contract.schema import (
    CANCELLED,
    MESSAGE_COLUMNS,
    MESSAGE_PLACEHOLDERS,
    MESSAGES_SHEET,
    MONTH_ABBREVIATIONS,
)
from amzsheet.contract.tables import conform
from amzsheet.errors import MessageError
from amzsheet.model.compute import text_equals

#: A placeholder: a name in braces, on one line.
_PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")
_KNOWN = {name.casefold(): name for name in MESSAGE_PLACEHOLDERS}


def default_messages() -> pd.DataFrame:
    """The Messages table of a new tracker: :data:`~amzsheet.contract.messages.DEFAULT_MESSAGES`."""
    return conform(pd.DataFrame(list(DEFAULT_MESSAGES)), MESSAGE_COLUMNS)


def template_names(messages: pd.DataFrame) -> list[str]:
    """The names of the templates on the Messages sheet, in its order (blank names left out)."""
    return [name.strip() for name in messages["Template"].dropna() if name.strip()]


def fill_message(
    orders: pd.DataFrame, messages: pd.DataFrame, order_id: str, template: str, *, workbook: str = "The tracker"
) -> str:
    """The text of ``template`` for the order ``order_id``: its subject line (when it has one), a blank line, its text.

    :param orders: Order Tracking.
    :param messages: the Messages sheet.
    :param order_id: the order's Order ID (spaces around it and case are ignored).
    :param template: the template's name (spaces around it and case are ignored).
    :param workbook: how the errors name the workbook.
    :raises MessageError: no such order or template, two templates of that name, a placeholder amzsheet does not
        know, or one the order leaves blank.
    """
    name, subject, text = _template(messages, template, workbook)
    unknown = [found for found in _placeholders(subject + text) if found.strip().casefold() not in _KNOWN]
    if unknown:
        raise MessageError(
            f"{workbook}, sheet '{MESSAGES_SHEET}': the template '{name}' has the placeholder {{{unknown[0]}}}, which "
            f"amzsheet does not know; use {_listed(f'{{{known}}}' for known in MESSAGE_PLACEHOLDERS)}"
        )
    values = order_values(_order_lines(orders, order_id, workbook))
    needed = [_KNOWN[found.strip().casefold()] for found in _placeholders(subject + text)]
    blank = [placeholder for placeholder in dict.fromkeys(needed) if not values[placeholder]]
    if blank:
        them = "them" if len(blank) > 1 else "it"
        raise MessageError(
            f"{workbook}: order {values['Order ID']} has no {_listed(blank, 'or')} on Order Tracking, and the "
            f"template '{name}' needs {them}; type {them} on the order's line, or choose another template"
        )
    return f"Subject: {_filled(subject, values)}\n\n{_filled(text, values)}" if subject else _filled(text, values)


def order_values(lines: pd.DataFrame) -> dict[str, str]:
    """The value of each placeholder for one order's lines ("" where blank); see the module's docstring."""
    kept = lines[~text_equals(lines["Order Status"], CANCELLED)]  # ignoring case, as Excel does
    lines = kept if len(kept) else lines
    values = {name: _joined(_distinct(lines[name])) for name in MESSAGE_PLACEHOLDERS if name != "Deliver By"}
    values["Customer Name"] = next(iter(_distinct(lines["Customer Name"])), "")
    values["Order ID"] = next(iter(_distinct(lines["Order ID"])), "")
    latest = lines["Deliver By"].max()
    values["Deliver By"] = "" if pd.isna(latest) else buyer_date(latest)
    return values


def buyer_date(day: pd.Timestamp) -> str:
    """A date as a buyer anywhere reads it: "3 Dec 2026"."""
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"


def _template(messages: pd.DataFrame, template: str, workbook: str) -> tuple[str, str, str]:
    """The name (as on the sheet), subject and text of the template named ``template`` (line breaks as "\\n")."""
    names = template_names(messages)
    wanted = template.strip().casefold()
    rows = messages[messages["Template"].fillna("").str.strip().str.casefold() == wanted]
    if rows.empty or not wanted:
        known = f"its {MESSAGES_SHEET} sheet has {_listed(names)}" if names else f"its {MESSAGES_SHEET} sheet has none"
        raise MessageError(f"{workbook} has no message template named '{template.strip()}'; {known}")
    if len(rows) > 1:
        raise MessageError(
            f"{workbook}, sheet '{MESSAGES_SHEET}': {len(rows)} templates are named '{template.strip()}'; rename or "
            "delete all but one and run again"
        )
    name, subject, text = (_lines(rows.iloc[0][column]) for column in ("Template", "Subject", "Text"))
    if not text.strip():
        raise MessageError(
            f"{workbook}, sheet '{MESSAGES_SHEET}': the template '{name.strip()}' has no Text; type the message in "
            "its Text cell"
        )
    return name.strip(), subject.strip(), text


def _order_lines(orders: pd.DataFrame, order_id: str, workbook: str) -> pd.DataFrame:
    ids = orders["Order ID"].fillna("").astype(str).str.strip().str.casefold()
    lines = orders[ids == order_id.strip().casefold()]
    if lines.empty:
        raise MessageError(
            f"{workbook} has no order '{order_id.strip()}' on Order Tracking; check the Order ID, or import the "
            "report that has the order first"
        )
    return lines


def _filled(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda match: values[_KNOWN[match[1].strip().casefold()]], text)


def _placeholders(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text)


def _lines(value: object) -> str:
    """A cell's text with its line breaks as "\\n" (a cell pasted from elsewhere may hold "\\r\\n")."""
    if not isinstance(value, str):
        return ""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _distinct(values: pd.Series) -> list[str]:
    """The different non-blank texts of ``values``, stripped, in order."""
    texts = (str(value).strip() for value in values if isinstance(value, str) or not pd.isna(value))
    return list(dict.fromkeys(text for text in texts if text))


def _joined(values: list[str]) -> str:
    """Several values of one order's lines as one text: "Mug, Towel"; "Basket, Large; Knife" when one has a comma."""
    return ("; " if any("," in value for value in values) else ", ").join(values)


def _listed(names: Iterable[str], conjunction: str = "and") -> str:
    """Names as a sentence lists them: "A, B and C" (or "A, B or C")."""
    items = list(names)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
