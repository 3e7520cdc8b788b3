"""Read Amazon Seller Central order exports into normalised order lines.

A report is recognised by its header, never by its file name, and columns are
matched by header name, never by position. The result of :func:`read_export` is a
DataFrame whose columns are Order Tracking headers (``Order ID``, ``SKU``, ...),
one row per order line, dates already in the seller's time zone.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import ExportError, MissingColumnsError, UnknownExportError
from .schema import CANCELLED, FBA, FBM, UNSHIPPED, Settings
from .statuses import map_amazon_status


@dataclass(frozen=True)
class RawReport:
    """A tab-separated report split into header and padded rows (all text).

    :param path: the file read.
    :param header: header names, stripped of spaces and a byte-order mark.
    :param rows: data rows, each padded or cut to the header's width.
    :param line_numbers: 1-based line number in the file of each row.
    """

    path: Path
    header: list[str]
    rows: list[list[str]]
    line_numbers: list[int]

    def column(self, name: str) -> pd.Series:
        """Return one column as a Series of stripped strings ("" when blank)."""
        index = self.header.index(name)
        return pd.Series([row[index] for row in self.rows], dtype=object)

    def has(self, name: str) -> bool:
        """Tell whether the report has a column called ``name``."""
        return name in self.header


@dataclass(frozen=True)
class ReportKind:
    """A kind of Amazon report amzsheet imports.

    :param name: the report's name in Seller Central.
    :param signature: header names that together identify the report.
    :param required: header names the importer needs.
    :param normalise: turns a :class:`RawReport` into order lines.
    :param identity: (order-line column, report column) pairs every line must fill.
    """

    name: str
    signature: frozenset[str]
    required: tuple[str, ...]
    normalise: Callable[[RawReport, Settings], pd.DataFrame]
    identity: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Export:
    """An Amazon export that was read.

    :param path: the file.
    :param kind: the report's name, e.g. "All Orders".
    :param lines: order lines with Order Tracking column names.
    """

    path: Path
    kind: str
    lines: pd.DataFrame


_SNIFF_BYTES = 64 * 1024
_EXCEL_NUMBER = re.compile(r"^-?\d+(\.\d+)?E[+-]\d+$", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def read_export(path: str | os.PathLike, settings: Settings | None = None) -> Export:
    """Read one Amazon export file.

    :param path: an "All Orders" or "Unshipped Orders" report (tab-separated text).
    :param settings: the tracker settings; their time zone is used for dates.
    :raises UnknownExportError: the file is not a report amzsheet knows.
    :raises ExportError: a value cannot be read; the message names line and column.
    """
    settings = settings or Settings()
    path = Path(path)
    raw = _split_report(path, _decode(path))
    kind = detect_kind(raw)
    missing = [name for name in kind.required if not raw.has(name)]
    if missing:
        raise MissingColumnsError(
            path, f"this {kind.name} report lacks the column(s) {', '.join(missing)}; download the full report again"
        )
    _refuse_excel_damage(raw, ("amazon-order-id", "order-id", "order-item-id"))
    lines = kind.normalise(raw, settings)
    for column, header in kind.identity:
        blank = lines[column].isna().to_numpy()
        if blank.any():
            line = raw.line_numbers[int(blank.nonzero()[0][0])]
            raise ExportError(
                path, "this line has no value; check the file or download it again", line=line, column=header
            )
    return Export(path, kind.name, lines)


def detect_kind(raw: RawReport) -> ReportKind:
    """Return the kind of report whose signature the header matches.

    :raises UnknownExportError: no known report has this header.
    """
    names = set(raw.header)
    for kind in REPORT_KINDS:
        if kind.signature <= names:
            return kind
    first_line = "\t".join(raw.header)
    if len(first_line) > 80:
        first_line = first_line[:77] + "..."
    raise UnknownExportError(
        raw.path,
        f"not an Amazon report amzsheet knows (first line: {first_line!r}); "
        "download the All Orders or Unshipped Orders report from Seller Central",
    )


def find_exports(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Expand folders into the report files they hold.

    A file named on its own is always returned (and must be a known report); a
    folder contributes its visible files whose first line is a known report header.

    :raises ExportError: a path does not exist, or a folder holds no report.
    """
    found: list[Path] = []
    for item in map(Path, paths):
        if not item.exists():
            raise ExportError(item, "no such file or folder")
        if item.is_dir():
            reports = sorted(p for p in item.iterdir() if p.is_file() and _looks_like_report(p))
            if not reports:
                raise ExportError(
                    item, "this folder holds no Amazon report amzsheet knows; download the All Orders report into it"
                )
            found.extend(reports)
        else:
            found.append(item)
    return found


def _looks_like_report(path: Path) -> bool:
    if path.name.startswith((".", "~$")):
        return False
    try:
        detect_kind(_split_report(path, _decode(path, limit=_SNIFF_BYTES), header_only=True))
    except ExportError:
        return False
    return True


def _decode(path: Path, limit: int | None = None) -> str:
    """The file's text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    :param limit: read at most this many bytes (enough to see the header).
    """
    try:
        with path.open("rb") as stream:
            data = stream.read(limit) if limit else stream.read()
    except OSError as exc:
        raise ExportError(path, f"cannot be read ({exc.strerror})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        raise UnknownExportError(path, "is a binary file, not an Amazon text report; download the .txt report")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if limit and exc.start >= len(data) - 4:  # a character cut by the limit
            return data[: exc.start].decode("utf-8-sig")
        return data.decode("cp1252", errors="replace")


def _split_report(path: Path, text: str, *, header_only: bool = False) -> RawReport:
    lines = _LINE_BREAK.split(text)
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        raise UnknownExportError(path, "is empty; download the report again")
    header = [name.strip().lstrip("\ufeff").strip() for name in lines[start].split("\t")]
    width = len(header)
    rows: list[list[str]] = []
    numbers: list[int] = []
    if not header_only:
        for number, line in enumerate(lines[start + 1 :], start=start + 2):
            if not line.strip():
                continue
            fields = [field.strip() for field in line.split("\t")]
            rows.append((fields + [""] * width)[:width])
            numbers.append(number)
    return RawReport(path, header, rows, numbers)


def _refuse_excel_damage(raw: RawReport, id_columns: Sequence[str]) -> None:
    for name in id_columns:
        if not raw.has(name):
            continue
        for position, value in enumerate(raw.column(name)):
            if _EXCEL_NUMBER.match(value):
                raise ExportError(
                    raw.path,
                    f"the id {value!r} was turned into a number by Excel, so digits are lost; "
                    "download the report again and import it without opening it in Excel",
                    line=raw.line_numbers[position],
                    column=name,
                )


def _dates(raw: RawReport, name: str, settings: Settings) -> pd.Series:
    """Parse an ISO 8601 column into naive datetimes in the seller's time zone."""
    text = raw.column(name)
    parsed = pd.Series([_iso_datetime(value) for value in text], dtype="datetime64[ns, UTC]")
    _raise_first_unparsed(raw, name, text, parsed, "is not a date and time amzsheet can read")
    return parsed.dt.tz_convert(settings.time_zone).dt.tz_localize(None).astype("datetime64[ns]")


def _iso_datetime(value: str) -> pd.Timestamp:
    """An ISO 8601 date-time in UTC (no offset: UTC); NaT when blank, unreadable or out of range."""
    if not value:
        return pd.NaT
    try:
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.timezone.utc)
        return pd.Timestamp(moment).tz_convert("UTC").as_unit("ns")
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        return pd.NaT


def _numbers(raw: RawReport, name: str) -> pd.Series:
    text = raw.column(name)
    plain = text.str.replace(_THOUSANDS, lambda m: m.group(0).replace(",", ""), regex=True)
    parsed = pd.to_numeric(plain.where(plain != ""), errors="coerce").astype("float64")
    parsed = parsed.where(np.isfinite(parsed))  # "inf", "1e400": not a quantity or a price
    _raise_first_unparsed(raw, name, text, parsed, "is not a number")
    return parsed


def _raise_first_unparsed(raw: RawReport, name: str, text: pd.Series, parsed: pd.Series, problem: str) -> None:
    bad = (text != "") & parsed.isna()
    if bad.any():
        position = int(bad.to_numpy().nonzero()[0][0])
        raise ExportError(
            raw.path,
            f"{text.iloc[position]!r} {problem}; check the file or download it again",
            line=raw.line_numbers[position],
            column=name,
        )


def _text(raw: RawReport, name: str) -> pd.Series:
    if not raw.has(name):
        return pd.Series([None] * len(raw.rows), dtype=object)
    column = raw.column(name)
    return column.where(column != "", None)


def _statuses(raw: RawReport) -> pd.Series:
    order_status = raw.column("order-status")
    item_status = raw.column("item-status") if raw.has("item-status") else pd.Series([""] * len(raw.rows))
    mapped = [map_amazon_status(o, i) for o, i in zip(order_status, item_status)]
    for position, status in enumerate(mapped):
        if status is None:
            raise ExportError(
                raw.path,
                f"the order status {order_status.iloc[position]!r} is unknown to amzsheet; "
                "please report it so it can be added",
                line=raw.line_numbers[position],
                column="order-status",
            )
    return pd.Series(mapped, dtype=object)


def _channels(raw: RawReport) -> pd.Series:
    channel = raw.column("fulfillment-channel").str.lower()
    return pd.Series([FBA if value in ("amazon", "afn") else FBM for value in channel], dtype=object)


def _normalise_all_orders(raw: RawReport, settings: Settings) -> pd.DataFrame:
    status = _statuses(raw)
    quantity = _numbers(raw, "quantity")
    return pd.DataFrame(
        {
            "Order ID": _text(raw, "amazon-order-id"),
            "Order Date": _dates(raw, "purchase-date", settings),
            "SKU": _text(raw, "sku"),
            "Product Name": _text(raw, "product-name"),
            # Amazon writes 0 as the quantity of a cancelled line: keep the ordered quantity unknown.
            "Quantity": quantity.where(~((status == CANCELLED) & (quantity == 0))),
            "Item Total": _numbers(raw, "item-price"),
            "Currency": _text(raw, "currency"),
            "Channel": _channels(raw),
            "Last Updated": _dates(raw, "last-updated-date", settings),
            "Amazon Status": status,
        }
    )


def _normalise_unshipped(raw: RawReport, settings: Settings) -> pd.DataFrame:
    count = len(raw.rows)
    customer = _text(raw, "buyer-name")
    customer = customer.where(customer.notna(), _text(raw, "recipient-name"))
    reported = "reporting-date" if raw.has("reporting-date") else "purchase-date"
    quantity = "quantity-purchased"
    lines = pd.DataFrame(
        {
            "Order ID": _text(raw, "order-id"),
            "Order Date": _dates(raw, "purchase-date", settings),
            "Customer Name": customer,
            "SKU": _text(raw, "sku"),
            "Product Name": _text(raw, "product-name"),
            "Quantity": _numbers(raw, quantity),
            "Channel": pd.Series([FBM] * count, dtype=object),
            "Order Item ID": _text(raw, "order-item-id"),
            "Last Updated": _dates(raw, reported, settings),
            "Amazon Status": pd.Series([UNSHIPPED] * count, dtype=object),
        }
    )
    if raw.has("promise-date"):
        lines["Ship By"] = _dates(raw, "promise-date", settings)
    if raw.has("item-price"):
        lines["Item Total"] = _numbers(raw, "item-price")
        lines["Currency"] = _text(raw, "currency")
    return lines


REPORT_KINDS: tuple[ReportKind, ...] = (
    ReportKind(
        name="All Orders",
        signature=frozenset({"amazon-order-id", "purchase-date", "order-status", "fulfillment-channel"}),
        required=(
            "amazon-order-id",
            "purchase-date",
            "last-updated-date",
            "order-status",
            "fulfillment-channel",
            "product-name",
            "sku",
            "quantity",
            "currency",
            "item-price",
        ),
        normalise=_normalise_all_orders,
        identity=(("Order ID", "amazon-order-id"), ("SKU", "sku"), ("Order Date", "purchase-date")),
    ),
    ReportKind(
        name="Unshipped Orders",
        signature=frozenset({"order-id", "order-item-id", "purchase-date", "quantity-purchased"}),
        required=("order-id", "order-item-id", "purchase-date", "sku", "product-name", "quantity-purchased"),
        normalise=_normalise_unshipped,
        identity=(("Order ID", "order-id"), ("SKU", "sku"), ("Order Date", "purchase-date")),
    ),
)
