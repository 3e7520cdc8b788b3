"""The morning briefing as text: the to-do list of ``amzsheet status``, its JSON, and the end of the refresh summary.

Each section of :class:`~amzsheet.model.briefing.Briefing` has one renderer in :data:`RENDERERS`,
which turns it into a :class:`Section`: a headline (its count) and one line per item. ``status``
prints every section with at most :data:`LIMIT` items; the refresh summary prints the headlines
of the to-do sections only (what the refresh changed it says in lines of its own,
:func:`changes_line`). Colours are click styles: ``click.echo`` keeps them on a terminal and
drops them when the output is piped.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import click

from amzsheet.model.briefing import Briefing, LateDelivery, ShipLine, distinct_orders
from amzsheet.model.changes import RefreshChanges
from amzsheet.model.why import excel_round

#: Items shown per section; the rest are counted ("... and 3 more").
LIMIT = 5
#: Headlines per line in the refresh summary.
_PER_LINE = 3
#: Characters of a product name shown.
_NAME_WIDTH = 48
#: How a section with items looks: ``urgent`` (red) is already late, ``todo`` (yellow) is for today, ``news``
#: (cyan) is no task: what the last refresh changed.
Tone = Literal["urgent", "todo", "news"]
_COLOURS: dict[Tone, str] = {"urgent": "red", "todo": "yellow", "news": "cyan"}


@dataclass(frozen=True)
class Section:
    """One section of the briefing as text.

    :param title: its name, such as "Ship today".
    :param count: how many, such as "6 orders" ("": none).
    :param tone: how it is coloured when it has items.
    :param items: one line per item, most pressing first.
    """

    title: str
    count: str
    tone: Tone
    items: Sequence[str] = ()

    def headline(self) -> str:
        """The title and count, coloured ("Ship today: 6 orders"); "Ship today: none" when empty."""
        if not self.count:
            return f"{self.title}: " + click.style("none", fg="green")
        return click.style(f"{self.title}: {self.count}", fg=_COLOURS[self.tone], bold=True)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _orders_count(lines: Sequence[ShipLine] | Sequence[LateDelivery]) -> str:
    """How many orders, such as "6 orders", or "6 orders (7 lines)" when an order has several; "" for none."""
    if not lines:
        return ""
    orders = distinct_orders(lines)
    return _plural(orders, "order") + ("" if orders == len(lines) else f" ({_plural(len(lines), 'line')})")


def _skus_count(items: Sequence[object]) -> str:
    return _plural(len(items), "SKU") if items else ""


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else "(no date)"


def _name(name: str | None) -> str:
    if not name:
        return ""
    return name if len(name) <= _NAME_WIDTH else name[: _NAME_WIDTH - 1] + "…"


def _columns(rows: list[list[str]], numbers: tuple[int, ...] = ()) -> list[str]:
    """Rows of cells aligned in columns, the cells of columns ``numbers`` to the right (the last cell is not padded)."""
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    aligned = [
        [cell.rjust(width) if i in numbers else cell.ljust(width) for i, (cell, width) in enumerate(zip(row, widths))]
        for row in rows
    ]
    return ["  ".join([*cells, row[-1]]).rstrip() for cells, row in zip(aligned, rows)]


def _ship_today(briefing: Briefing) -> Section:
    rows = [[line.order_id or "(no Order ID)", line.sku or ""] for line in briefing.ship_today]
    return Section("Ship today", _orders_count(briefing.ship_today), "todo", _columns(rows))


def _overdue(briefing: Briefing) -> Section:
    rows = []
    for line in briefing.overdue:
        late = (briefing.as_of - line.ship_by).days if line.ship_by else None
        when = f"ship by {_day(line.ship_by)}" + (f", {_plural(late, 'day')} late" if late else "")
        rows.append([line.order_id or "(no Order ID)", line.sku or "", when])
    return Section("Overdue", _orders_count(briefing.overdue), "urgent", _columns(rows))


def _late_delivery(briefing: Briefing) -> Section:
    rows = []
    for line in briefing.late_delivery:
        shipped = f"shipped {_day(line.shipped_date)}" if line.shipped_date else ""
        parcel = " ".join(part for part in (line.carrier, line.tracking_number) if part)
        rows.append([line.order_id or "(no Order ID)", line.sku or "", f"due {_day(line.deliver_by)}", shipped, parcel])
    return Section("Late deliveries", _orders_count(briefing.late_delivery), "todo", _columns(rows))


def _reorder(briefing: Briefing) -> Section:
    rows = [[item.sku or "", f"{item.qty:,}", f"by {_day(item.order_by)}"] for item in briefing.reorder]
    units = sum(item.qty for item in briefing.reorder)
    count = f"{_skus_count(briefing.reorder)} ({_plural(int(units), 'unit')})" if briefing.reorder else ""
    return Section("Reorder", count, "todo", _columns(rows, numbers=(1,)))


def _out_of_stock(briefing: Briefing) -> Section:
    rows = []
    for item in briefing.out_of_stock:
        coming = f"{item.on_order:,} on order" if item.on_order else "none on order"
        rows.append([item.sku or "", f"{item.available:,} available", coming, _name(item.product_name)])
    return Section("Out of stock", _skus_count(briefing.out_of_stock), "urgent", _columns(rows, numbers=(1,)))


def _count_due(briefing: Briefing) -> Section:
    rows = []
    for item in briefing.count_due:
        last = f"last counted {_day(item.last_count)}" if item.last_count else "never counted"
        rows.append([item.sku or "", f"due {_day(item.next_count)}", last, _name(item.product_name)])
    return Section("Counts due", _skus_count(briefing.count_due), "todo", _columns(rows))


#: What a defect is, by the start of a metric's key.
_DEFECTS = {
    "late_shipment": "shipped late",
    "pre_fulfillment_cancel": "cancelled",
    "valid_tracking": "without tracking",
    "on_time_delivery": "delivered late",
    "order_defect": "with a claim or negative feedback",
}


def _metrics(briefing: Briefing) -> Section:
    """The seller metrics off target (a window without orders is not); all on target: none."""
    metrics = briefing.metrics or {}
    off = {key: metric for key, metric in metrics.items() if metric.ok is False}
    rows = []
    for key, metric in off.items():
        failed = next((word for prefix, word in _DEFECTS.items() if key.startswith(prefix)), "with a defect")
        direction = "above" if metric.above else "under"
        rows.append(
            [f"{metric.label}, {metric.days} days", _percent(metric.value), f"{metric.defects:,} of "
             f"{_plural(metric.orders, 'order')} {failed}", f"target {direction} {_percent(metric.target)}"]
        )  # fmt: skip
    count = f"{len(off)} of {len(metrics)}" if off else ""
    return Section("Seller metrics off target", count, "urgent", _columns(rows))


def _percent(fraction: float | None) -> str:
    """A fraction as a percentage with one decimal when it has one: 0.0625 is "6.3 %", 0.04 is "4 %"."""
    if fraction is None:
        return "no orders"
    return f"{excel_round(fraction * 100, 1):g} %"  # halves up, as Excel's percent format shows them


def _changes(briefing: Briefing) -> Section:
    change = briefing.changes
    if change is None:  # not reached: sections() leaves a missing section out
        return Section("Last refresh", "", "news")
    when = f"{change.refreshed_at:%Y-%m-%d %H:%M}" if change.refreshed_at else "(time not known)"
    reports = _plural(len(change.reports), "report") if change.reports else "no reports"
    counts = [_plural(change.lines_added, "new line")] if change.lines_added else []
    counts += _moves(change)
    counts += [_plural(change.new_skus, "new SKU")] if change.new_skus else []
    counts += [f"stock changed for {_plural(change.stock_changed_count, 'SKU')}"] if change.stock_changed_count else []
    items = [f"Stock changed: {_some_skus(change)}"] if change.stock_changed_count else []
    return Section(f"Last refresh {when}, {reports}", ", ".join(counts), "news", items)


def _moves(change: RefreshChanges) -> list[str]:
    moved = [("shipped", change.shipped), ("delivered", change.delivered)]
    moved += [("cancelled", change.cancelled), ("returned", change.returned)]
    return [f"{count:,} {status}" for status, count in moved if count]


def _some_skus(change: RefreshChanges) -> str:
    """The first :data:`LIMIT` SKUs whose stock changed, then how many more."""
    shown = change.stock_changed[:LIMIT]
    more = change.stock_changed_count - len(shown)
    return ", ".join(shown) + (f" … and {more:,} more" if more > 0 else "")


def changes_line(change: RefreshChanges) -> str | None:
    """The refresh summary's line of status moves and stock changes; None when the refresh made neither.

    Such as "Status changes: 2 shipped, 1 delivered   stock changed: 2 SKUs (MUG-BLUE, TEA)".
    """
    moves = _moves(change)
    if not moves and not change.stock_changed_count:
        return None
    count = change.stock_changed_count
    stock = f"{_plural(count, 'SKU')} ({_some_skus(change)})" if count else "none"
    return f"Status changes: {', '.join(moves) or 'none'}   stock changed: {stock}"


def _review_requests(briefing: Briefing) -> Section:
    rows = []
    for item in briefing.review_requests:
        skus = item.skus[0] + (f" +{len(item.skus) - 1}" if len(item.skus) > 1 else "") if item.skus else ""
        closes = f"closes {_day(item.window_closes)}"
        rows.append([item.order_id, skus, f"delivered {_day(item.delivered_date)}", closes, item.link])
    count = _plural(len(briefing.review_requests), "order") if briefing.review_requests else ""
    return Section("Review requests", count, "todo", _columns(rows))


#: One renderer per section of :class:`Briefing`, in the order they are shown (``tests/test_briefing_text.py``
#: checks every section has one).
RENDERERS: dict[str, Callable[[Briefing], Section]] = {
    "ship_today": _ship_today,
    "overdue": _overdue,
    "late_delivery": _late_delivery,
    "reorder": _reorder,
    "out_of_stock": _out_of_stock,
    "count_due": _count_due,
    "review_requests": _review_requests,
    "metrics": _metrics,
    "changes": _changes,
}


def sections(briefing: Briefing) -> list[Section]:
    """The briefing's sections as text, in the order of :data:`RENDERERS` (a section the tracker lacks is left out)."""
    present = briefing.sections()
    return [render(briefing) for name, render in RENDERERS.items() if name in present]


def render_briefing(briefing: Briefing, workbook: str, limit: int = LIMIT) -> str:
    """The to-do list ``amzsheet status`` prints: each section's count and its first ``limit`` items.

    :param workbook: the workbook's path as the seller gave it, for the first line.
    """
    lines = [click.style(f"{workbook}, as of {briefing.as_of.isoformat()}", bold=True)]
    shown = sections(briefing)
    todo = [section for section in shown if section.tone != "news"]
    for section in todo:
        lines.extend(_section_lines(section, limit))
    if not any(section.items for section in todo):
        lines.append(click.style("Nothing to do.", fg="green"))
    for section in shown:
        if section.tone == "news":  # no task, so after the list (and its "Nothing to do.")
            lines.extend(_section_lines(section, limit))
    return "\n".join(lines)


def _section_lines(section: Section, limit: int) -> list[str]:
    lines = [section.headline(), *(f"  {item}" for item in section.items[:limit])]
    if len(section.items) > limit:
        lines.append(f"  … and {len(section.items) - limit:,} more")
    return lines


def short_briefing(briefing: Briefing, workbook: str) -> list[str]:
    """The headlines alone, a few to a line, for the end of the refresh summary."""
    command = f'amzsheet status "{workbook}"' if " " in workbook else f"amzsheet status {workbook}"
    headlines = [section.headline() for section in sections(briefing) if section.tone != "news"]
    lines = [f"To do on {briefing.as_of.isoformat()} (the list: {command}):"]
    lines += ["  " + "   ".join(headlines[i : i + _PER_LINE]) for i in range(0, len(headlines), _PER_LINE)]
    return lines


def json_text(briefing: Briefing) -> str:
    """:meth:`Briefing.to_json_dict` as JSON text, one item of a section (or one key of a dict section) a line.

    As easy to read as to ``grep``, and still one JSON object (ASCII, so no console mangles a product name).
    """
    parts = []
    for key, value in briefing.to_json_dict().items():
        if isinstance(value, list) and value:
            body = ",\n".join(f"    {json.dumps(item)}" for item in value)
            parts.append(f"  {json.dumps(key)}: [\n{body}\n  ]")
        elif isinstance(value, dict) and value:
            body = ",\n".join(f"    {json.dumps(name)}: {json.dumps(item)}" for name, item in value.items())
            parts.append(f"  {json.dumps(key)}: {{\n{body}\n  }}")
        else:
            parts.append(f"  {json.dumps(key)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(parts) + "\n}"
