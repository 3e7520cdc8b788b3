"""Sample settlement reports ("Flat File V2", Payments > All Statements) of the simulated seller.

:func:`write_sample_settlements` writes the last two closed 14-day settlements of a history: the same
orders, refunds and service fees as the sample Date Range report (same settlement ids, same money,
split into one line per amount: Principal, Tax, Shipping, Commission, FBAPerUnitFulfillmentFee...),
plus what only a settlement shows: a promotion, a storage fee, a reimbursement of lost stock and the
reserve Amazon holds back. Each report's ``total-amount`` is the sum of its lines.

:func:`write_settlement` writes any settlement in the real layout: US (``1234.56``,
``2023-01-03 10:00:00 UTC``) or European (``1.234,56``, ``03.01.2023 10:00:00 UTC``).
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
from collections.abc import Mapping, Sequence
from decimal import Decimal

import numpy as np

from amzsheet.samples.reports import (
    _SETTLEMENT_ANCHOR,
    _SETTLEMENT_DAYS,
    History,
    _Item,
    _settlement_index,
    all_transactions,
)

#: The header of the Flat File V2 settlement report (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2).
SETTLEMENT_HEADER: tuple[str, ...] = (
    "settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount", "currency",
    "transaction-type", "order-id", "merchant-order-id", "adjustment-id", "shipment-id", "marketplace-name",
    "amount-type", "amount-description", "amount", "fulfillment-id", "posted-date", "posted-date-time",
    "order-item-code", "merchant-order-item-id", "merchant-adjustment-item-id", "sku", "quantity-purchased",
    "promotion-id",
)  # fmt: skip

_UTC = dt.timezone.utc
_ORDER_LINES = (  # Date Range column -> (amount-type, amount-description) of an order's or a refund's lines
    ("product sales", "ItemPrice", "Principal"),
    ("product sales tax", "ItemPrice", "Tax"),
    ("shipping credits", "ItemPrice", "Shipping"),
    ("shipping credits tax", "ItemPrice", "ShippingTax"),
    ("promotional rebates", "Promotion", "Principal"),
    ("selling fees", "ItemFees", "Commission"),
    ("fba fees", "ItemFees", "FBAPerUnitFulfillmentFee"),
)
_ACCOUNT_LINES = {  # Date Range description -> (transaction-type, amount-type, amount-description)
    "Subscription": ("other-transaction", "other-transaction", "Subscription Fee"),
    "Cost of Advertising": ("Cost of Advertising", "Cost of Advertising", "TransactionTotalAmount"),
}
_OTHER = "other-transaction"


def write_settlement(
    path: str | os.PathLike,
    summary: Mapping[str, object],
    lines: Sequence[Mapping[str, object]],
    *,
    european: bool = False,
    line_end: str = "\n",
    bom: bool = False,
) -> pathlib.Path:
    """Write one settlement report: the summary line, then one line per amount.

    :param summary: ``settlement-id``, ``settlement-start-date``, ``settlement-end-date``, ``deposit-date``
        (aware datetimes), ``currency``; ``total-amount`` defaults to the sum of the lines' amounts.
    :param lines: mappings keyed by :data:`SETTLEMENT_HEADER` names, ``amount`` a :class:`~decimal.Decimal`;
        ``posted`` (an aware datetime, or None for an account-level line without a date) fills
        ``posted-date`` and ``posted-date-time``.
    :param european: decimal comma and dd.mm.yyyy dates, as the European marketplaces write them.
    :param line_end: ``"\\n"`` or ``"\\r\\n"``.
    :param bom: start with a UTF-8 byte order mark.
    """
    total = summary.get("total-amount", sum((Decimal(str(line["amount"])) for line in lines), Decimal(0)))
    head: dict[str, object] = {**summary, "total-amount": total}
    rows: list[dict[str, object]] = [dict(zip(SETTLEMENT_HEADER, SETTLEMENT_HEADER)), head]
    rows += [_with_posted(line) for line in lines]
    text = "".join(
        "\t".join(_cell(row.get(name, ""), european, name) for name in SETTLEMENT_HEADER) + line_end for row in rows
    )
    path = pathlib.Path(path)
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def _with_posted(line: Mapping[str, object]) -> dict[str, object]:
    posted = line.get("posted")
    row = {name: value for name, value in line.items() if name != "posted"}
    if isinstance(posted, dt.datetime):
        row |= {"posted-date": posted.astimezone(_UTC).date(), "posted-date-time": posted}
    return row


def _cell(value: object, european: bool, name: str) -> str:
    if isinstance(value, dt.datetime):
        moment = value.astimezone(_UTC)
        return moment.strftime("%d.%m.%Y %H:%M:%S UTC" if european else "%Y-%m-%d %H:%M:%S UTC")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y" if european else "%Y-%m-%d")
    if isinstance(value, (Decimal, float)) and name in ("amount", "total-amount"):
        text = f"{Decimal(str(value)):.2f}"
        if european:
            grouped = f"{Decimal(text):,.2f}"
            return grouped.replace(",", " ").replace(".", ",").replace(" ", ".")
        return text
    return str(value)


def write_sample_settlements(
    folder: str | os.PathLike, history: History, items: dict[str, _Item], *, seed: int
) -> list[pathlib.Path]:
    """Write the last two closed settlements of ``history`` as ``Settlement-<id>.txt`` (oldest first).

    :param items: the FBA facts of the listings (fees), as the other sample reports draw them.
    :param seed: the seed of the sample; with ``history`` it fixes every amount.
    """
    rows = all_transactions(np.random.default_rng([seed, 2, 5]), history, items)  # the Date Range's own draw
    rng = np.random.default_rng([seed, 3])
    current = _settlement_index(history.snapshot)
    reserve = Decimal(0)
    paths = []
    for index in (current - 2, current - 1):
        start = _SETTLEMENT_ANCHOR + dt.timedelta(days=_SETTLEMENT_DAYS * index)
        end = start + dt.timedelta(days=_SETTLEMENT_DAYS)
        members = [r for r in rows if r["type"] != "Transfer" and _settlement_index(r["date/time"]) == index]  # type: ignore[arg-type]
        if not members:  # a history shorter than the settlement
            continue
        lines = [line for row in members for line in _lines(row)]
        lines += _extras(rng, history, start, end, reserve, first=index == current - 2)
        held = [line["amount"] for line in lines if line["amount-description"] == "Current Reserve Amount"]
        reserve = -Decimal(str(held[0]))
        settlement_id = str(members[0]["settlement id"])
        summary = {
            "settlement-id": settlement_id, "settlement-start-date": start, "settlement-end-date": end,
            "deposit-date": end + dt.timedelta(days=2, hours=3), "currency": "USD",
        }  # fmt: skip
        ids = {"settlement-id": settlement_id}
        path = pathlib.Path(folder) / f"Settlement-{settlement_id}.txt"
        paths.append(write_settlement(path, summary, [ids | line for line in _ordered(lines)]))
    return paths


def _lines(row: Mapping[str, object]) -> list[dict[str, object]]:
    """The settlement lines of one Date Range transaction: one per amount that is not 0."""
    when = row["date/time"]
    if row["order id"]:
        item = {
            "transaction-type": row["type"], "order-id": row["order id"], "marketplace-name": "Amazon.com",
            "fulfillment-id": "AFN" if row["fulfillment"] == "Amazon" else "MFN", "sku": row["sku"],
            "quantity-purchased": row["quantity"], "posted": when,
        }  # fmt: skip
        lines = [item | _amount(kind, text, row[column]) for column, kind, text in _ORDER_LINES]
        withheld = [
            item | _amount("ItemWithheldTax", f"MarketplaceFacilitatorTax-{part}", -Decimal(str(row[column])))
            for column, part in (("product sales tax", "Principal"), ("shipping credits tax", "Shipping"))
        ]
        return [line for line in lines + withheld if line["amount"] != 0]
    kind, amount_type, description = _ACCOUNT_LINES[str(row["description"])]
    return [{"transaction-type": kind, "posted": when} | _amount(amount_type, description, row["total"])]


def _amount(amount_type: str, description: str, amount: object) -> dict[str, object]:
    return {"amount-type": amount_type, "amount-description": description, "amount": Decimal(str(amount or 0))}


def _extras(
    rng: np.random.Generator, history: History, start: dt.datetime, end: dt.datetime, reserve: Decimal, first: bool
) -> list[dict[str, object]]:
    """What only the settlement shows: a promotion, storage or a reimbursement, and the reserve held back."""
    lines: list[dict[str, object]] = []
    sold = [line for line in history.lines if line.shipped is not None and start <= line.shipped < end and line.fba]
    if sold:
        line = sold[int(rng.integers(len(sold)))]
        lines.append(
            {"transaction-type": "Order", "order-id": line.order_id, "marketplace-name": "Amazon.com",
             "fulfillment-id": "AFN", "sku": line.listing.sku, "quantity-purchased": line.quantity,
             "posted": line.shipped, "promotion-id": f"PRM-{int(rng.integers(10**9, 10**10))}"}
            | _amount("Promotion", "Principal", -Decimal(int(rng.integers(100, 500))) / 100)
        )  # fmt: skip
    posted = start + dt.timedelta(days=5, hours=3)
    if first and sold:
        lost = sold[int(rng.integers(len(sold)))].listing
        lines.append(
            {"transaction-type": _OTHER, "sku": lost.sku, "quantity-purchased": 1, "posted": posted}
            | _amount("FBA Inventory Reimbursement", "WAREHOUSE_LOST", Decimal(lost.unit_price) / 100)
        )
    if not first:
        storage = -Decimal(int(rng.integers(4000, 12000))) / 100
        lines.append({"transaction-type": _OTHER, "posted": posted} | _amount(_OTHER, "Storage Fee", storage))
    if reserve:
        lines.append({"transaction-type": _OTHER} | _amount(_OTHER, "Previous Reserve Amount Balance", reserve))
    held = -Decimal(int(rng.integers(5000, 20000))) / 100
    return lines + [{"transaction-type": _OTHER} | _amount(_OTHER, "Current Reserve Amount", held)]


def _ordered(lines: list[dict[str, object]]) -> list[dict[str, object]]:
    """By posting time, the lines without a date (reserves) last, each order's lines together."""
    far = dt.datetime.max.replace(tzinfo=_UTC)
    return sorted(lines, key=lambda line: (line.get("posted") or far, str(line.get("order-id", ""))))
