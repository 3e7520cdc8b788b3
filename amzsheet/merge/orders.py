"""Merge imported order lines into the Order Tracking table without losing edits.

Rules (the README's "What a refresh keeps" section says the same):

- An order line is identified by Order ID + Order Item ID where both sides have one,
  otherwise by Order ID + SKU + its position among the order's lines of that SKU; two lines
  with different Order Item IDs are never the same line, whatever their positions.
- Amazon's values (dates, product, quantity, total, channel) are taken from the newest
  order report; a report older than what the table holds changes nothing. Reports that
  add facts (shipments, returns: merge mode "fill") only fill what is blank.
- The status only moves forward (Pending, Unshipped, Shipped, Delivered, Returned,
  Cancelled). A status the seller set by hand (Order Status differs from Amazon
  Status) is never overwritten.
- The seller's columns (customer name, dates, carrier, tracking number, notes) are
  only filled where they are blank, except the columns a report overrides: the
  Amazon Fulfilled Shipments report is Amazon's own record of an FBA shipment.
- Lines are never deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from amzsheet.contract.schema import (
    DELIVERED,
    INVENTORY_COLUMNS,
    ORDER_COLUMNS,
    SHIPPED,
    STATUS_RANK,
    Settings,
    columns_owned_by,
)
from amzsheet.contract.tables import empty_table
from amzsheet.reports.base import MergeMode, Override

_AMAZON_COLUMNS = [
    name for name in columns_owned_by(ORDER_COLUMNS, "amazon") if name not in ("Order ID", "Amazon Status")
]
_FILL_COLUMNS = ["Customer Name", "Shipped Date", "Delivered Date", "Carrier", "Tracking Number", "Restocked Qty"]


@dataclass(frozen=True)
class MergeSummary:
    """What an import changed in Order Tracking.

    :param new_lines: number of order lines added.
    :param updated_lines: number of lines that existed before with at least one changed value.
    """

    new_lines: int
    updated_lines: int


def empty_orders() -> pd.DataFrame:
    """Return an empty Order Tracking table with typed columns."""
    return empty_table(ORDER_COLUMNS)


def empty_inventory() -> pd.DataFrame:
    """Return an empty Inventory table with typed columns."""
    return empty_table(INVENTORY_COLUMNS)


def merge_orders(
    orders: pd.DataFrame,
    lines: pd.DataFrame,
    settings: Settings,
    *,
    mode: MergeMode = "update",
    overrides: Mapping[str, Override] | None = None,
) -> pd.DataFrame:
    """Merge the order lines of one export into the Order Tracking table.

    A report that lists one line several times (each state of the line with its own
    last-updated date) is applied state by state, oldest first.

    :param orders: the current table (Order Tracking columns, plus any extra columns).
    :param lines: lines from :func:`amzsheet.reports.reading.read_report`.
    :param settings: handling and delivery days fill missing Ship By / Deliver By.
    :param mode: "update": the report is Amazon's record of the lines, newer values win;
        "fill": the report adds facts (shipments, returns), it only fills blanks.
        Either way the status moves forward and a hand-set status is kept.
    :param overrides: columns the report sets on a matched line even where it holds a value, with
        their rule: "replace", keep the "earliest" date, or "join" the distinct texts.
    :return: a new table: existing rows keep their positions, new lines are appended.
    """
    incoming = _conform(lines, orders)
    merged = orders
    for state in _states(incoming):
        merged = _merge_state(merged, state, settings, mode, dict(overrides or {}))
    return merged


def summarise_changes(before: pd.DataFrame, after: pd.DataFrame) -> MergeSummary:
    """Count new lines and changed lines between two versions of the same table.

    :param before: the table before the import.
    :param after: the result of :func:`merge_orders` (existing rows first, in the same order).
    """
    if after is before:  # no report changed the table
        return MergeSummary(new_lines=0, updated_lines=0)
    kept = after.iloc[: len(before)].reset_index(drop=True)
    changed = ~_same_rows(before.reset_index(drop=True), kept)
    return MergeSummary(new_lines=len(after) - len(before), updated_lines=int(changed.sum()))


def _states(incoming: pd.DataFrame) -> list[pd.DataFrame]:
    """Split lines into rounds: round k holds the k-th state (by Last Updated) of each line."""
    ids = [incoming["Order ID"].fillna(""), incoming["SKU"].fillna(""), incoming["Order Item ID"].fillna("")]
    same_snapshot = incoming.groupby([*ids, incoming["Last Updated"]], dropna=False, sort=False).cumcount()
    by_time = incoming.sort_values("Last Updated", kind="stable", na_position="first")
    state = by_time.groupby(
        [*(part.loc[by_time.index] for part in ids), same_snapshot.loc[by_time.index]], dropna=False, sort=False
    ).cumcount()
    state = state.reindex(incoming.index)
    return [incoming[state == k] for k in range(int(state.max()) + 1)] if len(incoming) else []


def _merge_state(
    orders: pd.DataFrame, incoming: pd.DataFrame, settings: Settings, mode: MergeMode, overrides: dict[str, Override]
) -> pd.DataFrame:
    matches = _match(orders, incoming)
    matched = matches >= 0
    current = orders.loc[matches[matched]].reset_index(drop=True)
    updates = _update_lines(current, incoming[matched].reset_index(drop=True), settings, mode)
    for name, rule in overrides.items():
        updates[name] = _override(updates[name], incoming.loc[matched, name].reset_index(drop=True), rule)
    merged = orders.copy()
    for name in updates.columns:
        merged.loc[matches[matched], name] = updates[name].to_numpy()
    added = _new_lines(incoming[~matched].reset_index(drop=True), settings)
    merged = pd.concat([merged, added], ignore_index=True) if len(added) else merged
    return _restore_dtypes(merged, orders)


def _override(current: pd.Series, news: pd.Series, rule: Override) -> pd.Series:
    """``current`` with the report's values ``news`` applied by ``rule`` (a blank report value changes nothing)."""
    if rule == "earliest":
        return current.where(news.isna() | (current.notna() & (current <= news)), news)
    if rule == "join":
        joined = [
            ", ".join(dict.fromkeys(part for text in (old, new) if isinstance(text, str) for part in text.split(", ")))
            for old, new in zip(current, news)
        ]
        return current.where(news.isna(), pd.Series(joined, index=current.index, dtype=object))
    return current.where(news.isna(), news)


def sort_orders(orders: pd.DataFrame) -> pd.DataFrame:
    """Sort newest order first, keeping the lines of an order together in their own order.

    Rows without an order date (typed in by hand) stay at the end in their own order.
    The lines of an order never change places, because a line without an Order Item
    ID is recognised by its position among the order's lines of the same SKU.
    """
    if _in_order(orders["Order Date"], orders["Order ID"].fillna("")):
        return orders.reset_index(drop=True)  # the usual case, and a quick look: a table amzsheet sorted before
    keys = pd.DataFrame(
        {"date": orders["Order Date"], "id": orders["Order ID"].fillna(""), "position": np.arange(len(orders))}
    )
    order = keys.sort_values(
        ["date", "id", "position"], ascending=[False, False, True], na_position="last", kind="stable"
    ).index
    return orders.loc[order].reset_index(drop=True)


def _in_order(dates: pd.Series, ids: pd.Series) -> bool:
    """Whether lines are in :func:`sort_orders`'s order: dated ones first, newest first, then by Order ID (Z to A)."""
    when = dates.to_numpy(dtype="datetime64[ns]")
    undated = np.isnat(when)
    if (undated[:-1] & ~undated[1:]).any():  # a dated line after an undated one
        return False
    ids_array = ids.to_numpy(dtype=object)
    later = when[1:] > when[:-1]  # NaT compares as False: two undated lines are ordered by their ids
    same_day = (when[1:] == when[:-1]) | (undated[1:] & undated[:-1])
    return not (later.any() or (same_day & (ids_array[1:] > ids_array[:-1])).any())


def _conform(lines: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    conformed = pd.DataFrame(index=lines.index, columns=orders.columns).astype(orders.dtypes.to_dict())
    for name in lines.columns.intersection(orders.columns):
        conformed[name] = lines[name].astype(orders[name].dtype) if orders[name].dtype != object else lines[name]
    return conformed


@dataclass(frozen=True)
class _LineIds:
    """The two identities of each line of a table, as arrays a pandas index can look up.

    :param lines: Order ID + SKU + the line's position among the order's lines of that SKU.
    :param items: Order ID + Order Item ID, for the lines with an Order Item ID (``has_item``).
    """

    lines: pd.MultiIndex
    items: pd.MultiIndex
    has_item: np.ndarray


def _line_ids(frame: pd.DataFrame) -> _LineIds:
    order_id = frame["Order ID"].fillna("").astype(str).to_numpy(dtype=object)
    sku = frame["SKU"].fillna("").astype(str).to_numpy(dtype=object)
    position = pd.Series(np.zeros(len(frame), dtype=np.int64)).groupby([order_id, sku], sort=False).cumcount()
    item = frame["Order Item ID"].to_numpy(dtype=object)
    has_item = np.fromiter((isinstance(i, str) and i != "" for i in item), dtype=bool, count=len(item))
    return _LineIds(
        pd.MultiIndex.from_arrays([order_id, sku, position.to_numpy()]),
        pd.MultiIndex.from_arrays([order_id[has_item], item[has_item]]),
        has_item,
    )


def match_lines(table: pd.DataFrame, lines: pd.DataFrame) -> np.ndarray:
    """For each of ``lines``, the index in ``table`` of the same order line, or -1, as the merge matches lines.

    Order ID + Order Item ID where both have one, otherwise Order ID + SKU + its position among
    the order's lines of that SKU, never two lines with different Order Item IDs (see the module's rules).
    """
    return _match(table, lines)


def _match(orders: pd.DataFrame, incoming: pd.DataFrame) -> np.ndarray:
    """Return, for each incoming line, the row index (label) in ``orders`` or -1.

    A line with an Order Item ID found in ``orders`` (the last line there with it) is that line;
    any other is found by Order ID + SKU + position, which is unique in a table, unless both lines have
    an Order Item ID (then different ones: another line of the order, which a merge adds).
    """
    table, lines = _line_ids(orders), _line_ids(incoming)
    labels = orders.index.to_numpy()
    result = np.full(len(incoming), -1, dtype=np.int64)
    by_line = table.lines.get_indexer(lines.lines)
    if len(orders):
        by_line[(by_line >= 0) & lines.has_item & table.has_item[np.maximum(by_line, 0)]] = -1
    result[by_line >= 0] = labels[by_line[by_line >= 0]]
    last = ~table.items.duplicated(keep="last")
    by_item = table.items[last].get_indexer(lines.items)
    item_labels = labels[table.has_item][last]
    rows = np.flatnonzero(lines.has_item)[by_item >= 0]
    result[rows] = item_labels[by_item[by_item >= 0]]
    return result


def _update_lines(current: pd.DataFrame, incoming: pd.DataFrame, settings: Settings, mode: MergeMode) -> pd.DataFrame:
    updated = current.copy()
    if mode == "fill":
        newer = pd.Series(False, index=current.index)
    else:
        newer = incoming["Last Updated"].isna() | current["Last Updated"].isna()
        newer |= incoming["Last Updated"] >= current["Last Updated"]
    for name in _AMAZON_COLUMNS:
        # A newer report wins; an older one still fills what the table lacks.
        take = incoming[name].notna() & (newer | current[name].isna())
        updated[name] = current[name].where(~take, incoming[name])
    # float64 first: a column of blanks maps to blanks of its own (text) dtype, which pyarrow will not compare.
    old_rank = current["Amazon Status"].map(STATUS_RANK).astype("float64").fillna(-1)
    new_rank = incoming["Amazon Status"].map(STATUS_RANK).astype("float64").fillna(-1)
    moved = new_rank > old_rank
    updated["Amazon Status"] = current["Amazon Status"].where(~moved, incoming["Amazon Status"])
    by_hand = current["Order Status"].notna() & (current["Order Status"] != current["Amazon Status"])
    updated["Order Status"] = current["Order Status"].where(by_hand, updated["Amazon Status"])
    for name in _FILL_COLUMNS:
        updated[name] = current[name].where(current[name].notna(), incoming[name])
    _replace_default_dates(updated, current, incoming, settings)
    _fill_event_dates(updated, incoming)
    return updated


def _replace_default_dates(updated: pd.DataFrame, current: pd.DataFrame, incoming: pd.DataFrame, settings: Settings):
    """Keep Ship By / Deliver By that amzsheet defaulted in step with the line, unless someone typed them.

    A date equal to amzsheet's default (order date + handling days, Ship By + delivery
    days) is recomputed when the Order Date changes, and the report's own date replaces
    it. The report's date also replaces one with a time of day, which earlier versions
    wrote from a report in the seller's time zone. A date the seller typed is never touched.
    """
    handling, delivery = pd.Timedelta(days=settings.handling_days), pd.Timedelta(days=settings.delivery_days)
    ship_is_default = _is_default(current["Ship By"], current["Order Date"].dt.normalize() + handling)
    ship_by = current["Ship By"].where(~ship_is_default, updated["Order Date"].dt.normalize() + handling)
    replace = (ship_is_default | _has_time(current["Ship By"])) & incoming["Ship By"].notna()
    updated["Ship By"] = ship_by.where(~replace, incoming["Ship By"])
    deliver_is_default = _is_default(current["Deliver By"], current["Ship By"].dt.normalize() + delivery)
    deliver_by = current["Deliver By"].where(~deliver_is_default, updated["Ship By"].dt.normalize() + delivery)
    replace = (deliver_is_default | _has_time(current["Deliver By"])) & incoming["Deliver By"].notna()
    updated["Deliver By"] = deliver_by.where(~replace, incoming["Deliver By"])


def _is_default(dates: pd.Series, defaults: pd.Series) -> pd.Series:
    """Whether each date is blank or amzsheet's default."""
    return dates.isna() | (dates == defaults)


def _has_time(dates: pd.Series) -> pd.Series:
    """Whether each date has a time of day: a report's date as earlier versions of amzsheet wrote it.

    Ship By and Deliver By are days; a seller types no time of day into them.
    """
    return dates.notna() & (dates != dates.dt.normalize())


def _fill_default_dates(lines: pd.DataFrame, settings: Settings) -> None:
    ship_by = lines["Order Date"].dt.normalize() + pd.Timedelta(days=settings.handling_days)
    lines["Ship By"] = lines["Ship By"].where(lines["Ship By"].notna(), ship_by)
    deliver_by = lines["Ship By"].dt.normalize() + pd.Timedelta(days=settings.delivery_days)
    lines["Deliver By"] = lines["Deliver By"].where(lines["Deliver By"].notna(), deliver_by)


def _fill_event_dates(lines: pd.DataFrame, incoming: pd.DataFrame) -> None:
    """Where blank, date Shipped / Delivered by the last update of a report saying so.

    Only a report whose status is exactly Shipped (or Delivered) dates that event, so
    the result does not depend on the order in which reports are imported; a line
    first seen as Delivered keeps a blank Shipped Date rather than a wrong one.
    """
    for status, column in ((SHIPPED, "Shipped Date"), (DELIVERED, "Delivered Date")):
        fill = (incoming["Amazon Status"] == status).to_numpy() & lines[column].isna().to_numpy()
        lines.loc[fill, column] = incoming.loc[fill, "Last Updated"].to_numpy()


def _new_lines(incoming: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    lines = incoming.copy()
    lines["Order Status"] = lines["Amazon Status"]
    _fill_default_dates(lines, settings)
    _fill_event_dates(lines, incoming)
    return lines


def _same_rows(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    same = pd.Series(True, index=left.index)
    for name in left.columns:
        a, b = left[name], right[name]
        same &= (a == b) | (a.isna() & b.isna())
    return same


def _restore_dtypes(merged: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    return merged.astype(like.dtypes.to_dict())
