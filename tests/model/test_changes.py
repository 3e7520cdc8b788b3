"""What a refresh changed (model/changes.py): status moves, stock moves, the bounded sheet, its briefing section."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import click
import pandas as pd
import pytest
from helpers import TODAY, make_inventory, make_orders

from amzsheet.briefing_text import changes_line, json_text, render_briefing, short_briefing
from amzsheet.contract.schema import CHANGE_COLUMNS, MAX_CHANGE_ROWS, Settings, column_names
from amzsheet.contract.tables import empty_table
from amzsheet.model.briefing import Briefing, build_briefing
from amzsheet.model.changes import (
    CELL_LIMIT,
    RefreshChanges,
    append_change,
    joined,
    last_change,
    record_changes,
    split_joined,
    status_moves,
    stock_moves,
)
from amzsheet.model.tracker import Tracker

D = pd.Timestamp


def _line(order_id: str, sku: str, status: str | None, item: str | None = None) -> dict:
    return {"Order ID": order_id, "Order Item ID": item, "SKU": sku, "Order Status": status,
            "Order Date": D("2026-11-20 10:00"), "Quantity": 1}  # fmt: skip


def test_status_moves_count_lines_that_were_there_before_matched_as_the_merge_matches_them():
    before = make_orders(
        [
            _line("111-A", "MUG", "Unshipped"),
            _line("111-B", "MUG", "Shipped", item="B1"),
            _line("111-C", "TEA", "Pending"),
            _line("111-C", "TEA", "Pending"),  # a second line of the same SKU: its position tells it apart
            _line("111-D", "CUP", "Delivered"),
            _line("111-E", "CUP", "Unshipped"),
            _line("111-F", "MUG", "Shipped"),  # the seller set it by hand before the refresh: no move of the refresh
            _line("111-G", "MUG", None),  # typed without a status
        ]
    )
    after = make_orders(
        [
            _line("111-NEW", "MUG", "Delivered"),  # a new line: added, not a move
            _line("111-F", "MUG", "Shipped"),
            _line("111-E", "CUP", "Unshipped"),
            _line("111-D", "CUP", "Returned"),
            _line("111-C", "TEA", "Pending"),
            _line("111-C", "TEA", "Cancelled"),
            _line("111-B", "MUG", "Delivered", item="B1"),
            _line("111-A", "MUG", "Shipped", item="A1"),  # gained its Order Item ID from the report
            _line("111-G", "MUG", "Shipped"),
        ]
    )
    assert status_moves(before, after) == {"Shipped": 2, "Delivered": 1, "Cancelled": 1, "Returned": 1}
    assert status_moves(before, before) == {"Shipped": 0, "Delivered": 0, "Cancelled": 0, "Returned": 0}
    in_place = before.copy()
    in_place.loc[[0, 7], "Order Status"] = "Shipped"  # the same lines in the same places, two of them moved
    assert status_moves(before, in_place) == {"Shipped": 2, "Delivered": 0, "Cancelled": 0, "Returned": 0}
    assert status_moves(make_orders([]), after) == {"Shipped": 0, "Delivered": 0, "Cancelled": 0, "Returned": 0}


def _sku(sku: str, available: float | None, counted: float | None) -> dict:
    return {"SKU": sku, "Available Quantity": available, "Stock Counted": counted}


def test_stock_moves_tell_changed_skus_from_new_ones():
    before = make_inventory(
        [
            _sku("MUG", 30, 30),
            _sku("tea", 10, 10),  # the same SKU as "TEA" (Excel ignores case)
            _sku("CUP", 5, 5),
            _sku("BOWL", None, None),  # never counted...
            _sku("LID", None, 12),  # counted, but the workbook lost the value (saved by a program that computes none)
            _sku("JUG", 4, 4),
        ]
    )
    after = make_inventory(
        [
            _sku("MUG", 25, 25),
            _sku("TEA", 12, 12),
            _sku("CUP", 5, 5),
            _sku("BOWL", 8, 8),  # ...counted now: its stock became known
            _sku("LID", 12, 12),
            _sku("JUG", None, None),  # the count was cleared
            _sku("KETTLE", 3, 3),  # new to Inventory
            _sku("apron", None, None),
        ]
    )
    assert stock_moves(before, after) == (["BOWL", "JUG", "MUG", "TEA"], ["apron", "KETTLE"])
    assert stock_moves(after, after) == ([], [])


@pytest.mark.parametrize(
    ("items", "limit", "expected"),
    [
        ((), 100, None),
        (("A",), 100, "A"),
        (("AAAA", "BBBB", "CCCC"), 16, "AAAA, BBBB, CCCC"),  # exactly the limit
        (("AAAA", "BBBB", "CCCC", "DDDD"), 21, "AAAA, … and 3 more"),  # "AAAA, BBBB, … and 2 more" is 24
        (("AAAA", "BBBB", "CCCC", "DDDD", "EEEE"), 24, "AAAA, BBBB, … and 3 more"),
        (("AAAA", "BBBB"), 8, "… and 2 more"),
    ],
)
def test_a_list_too_long_for_its_cell_keeps_what_fits_and_counts_the_rest(items, limit, expected):
    assert joined(items, limit) == expected
    assert expected is None or len(expected) <= max(limit, len("… and 2 more"))


def test_thousands_of_skus_stay_under_excels_cell_limit():
    skus = [f"SKU-{n:05d}-{'X' * 30}" for n in range(2000)]  # 40 characters each, as Amazon allows
    text = joined(skus)
    assert text is not None and CELL_LIMIT - 50 < len(text) <= CELL_LIMIT
    listed = split_joined(text)
    assert text.endswith(f", … and {2000 - len(listed):,} more") and listed == tuple(skus[: len(listed)])


def _change(hour: int, **counts) -> RefreshChanges:
    return RefreshChanges(dt.datetime(2026, 11, 25, hour, 5), TODAY, ("a.txt",), **counts)


def test_the_sheet_keeps_the_newest_row_last_and_a_bounded_number_of_rows():
    table = empty_table(CHANGE_COLUMNS)
    for hour in range(5):
        table = append_change(table, _change(hour, lines_added=hour), keep=3)
    assert table["Lines Added"].tolist() == [2, 3, 4] and last_change(table) == _change(4, lines_added=4)
    assert MAX_CHANGE_ROWS == 400  # about a year of mornings
    shuffled = table.iloc[[2, 0, 1]]  # sorted newest first in Excel
    assert last_change(shuffled) == _change(4, lines_added=4)
    again = append_change(shuffled, _change(5), keep=3)
    assert again["Lines Added"].tolist() == [3, 4, 0]  # back in the order written, the oldest gone
    assert last_change(empty_table(CHANGE_COLUMNS)) is None


def test_a_row_reads_back_as_written_and_a_cut_list_keeps_its_count():
    skus = tuple(f"SKU-{n:05d}-{'X' * 30}" for n in range(2000))
    change = RefreshChanges(
        dt.datetime(2026, 11, 25, 0, 0), TODAY, ("All Orders, 1.txt", "b.txt"), 3, 4, 1, 2, 0, 1, 5, skus, 2000
    )
    table = append_change(empty_table(CHANGE_COLUMNS), change)
    assert list(table.columns) == column_names(CHANGE_COLUMNS)
    back = last_change(table)
    assert back is not None and back.stock_changed_count == 2000
    assert back.stock_changed == skus[: len(back.stock_changed)]
    assert back.reports == ("All Orders", "1.txt", "b.txt")  # a comma-space in a file name splits it
    assert back.refreshed_at == dt.datetime(2026, 11, 25) and back.as_of == TODAY
    assert (back.lines_added, back.lines_updated, back.shipped, back.delivered, back.cancelled, back.returned) == (
        3, 4, 1, 2, 0, 1,
    )  # fmt: skip
    assert back.new_skus == 5


def test_record_changes_appends_the_row_to_the_recomputed_tracker():
    before = Tracker(make_orders([_line("111-A", "MUG", "Unshipped")]), make_inventory([_sku("MUG", 4, 4)]), Settings())
    after = Tracker(
        make_orders([_line("111-A", "MUG", "Shipped"), _line("111-B", "MUG", "Unshipped")]),
        make_inventory([_sku("MUG", 3, 4)]),
        Settings(),
    )
    when = dt.datetime(2026, 11, 25, 7, 15, 3)
    logged = record_changes(before, after, refreshed_at=when, as_of=TODAY, reports=["o.txt"], lines_added=1)
    assert last_change(logged.changes) == RefreshChanges(
        when, TODAY, ("o.txt",), lines_added=1, shipped=1, stock_changed=("MUG",), stock_changed_count=1
    )
    assert logged.orders is after.orders and len(before.changes) == 0


LAST = RefreshChanges(
    refreshed_at=dt.datetime(2026, 11, 25, 6, 30),
    as_of=TODAY,
    reports=("All-Orders-2.txt", "FBA-Returns.txt"),
    lines_added=1,
    lines_updated=4,
    shipped=1,
    delivered=1,
    cancelled=1,
    returned=1,
    new_skus=1,
    stock_changed=("MUG", "TEA"),
    stock_changed_count=2,
)


def test_the_briefing_shows_the_last_row_and_leaves_changes_out_without_one():
    tracker = Tracker(make_orders([]), make_inventory([]), Settings())
    assert build_briefing(tracker, TODAY).changes is None
    assert build_briefing(tracker, TODAY).to_json_dict()["changes"] is None
    logged = tracker
    for change in (RefreshChanges(dt.datetime(2026, 11, 24, 6, 30), TODAY), LAST):
        logged = dataclasses.replace(logged, changes=append_change(logged.changes, change))
    briefing = build_briefing(logged, TODAY)
    assert briefing.changes == LAST
    assert briefing.to_json_dict()["changes"] == {
        "refreshed_at": "2026-11-25T06:30:00",
        "as_of": "2026-11-25",
        "reports": ["All-Orders-2.txt", "FBA-Returns.txt"],
        "lines_added": 1,
        "lines_updated": 4,
        "shipped": 1,
        "delivered": 1,
        "cancelled": 1,
        "returned": 1,
        "new_skus": 1,
        "stock_changed": ["MUG", "TEA"],
        "stock_changed_count": 2,
    }
    midnight = Briefing(as_of=TODAY, changes=RefreshChanges(dt.datetime(2026, 11, 25), TODAY))
    assert midnight.to_json_dict()["changes"]["refreshed_at"] == "2026-11-25T00:00:00"  # a moment, not a day
    assert json.loads(json_text(briefing))["changes"] == briefing.to_json_dict()["changes"]


def test_the_text_is_one_or_two_lines_after_the_to_do_list():
    text = click.unstyle(render_briefing(Briefing(as_of=TODAY, changes=LAST), "t.xlsx"))
    assert text.splitlines()[-3:] == [
        "Nothing to do.",
        "Last refresh 2026-11-25 06:30, 2 reports: 1 new line, 1 shipped, 1 delivered, 1 cancelled, 1 returned, "
        "1 new SKU, stock changed for 2 SKUs",
        "  Stock changed: MUG, TEA",
    ]
    quiet = RefreshChanges(dt.datetime(2026, 11, 25, 6, 30), TODAY)
    assert click.unstyle(render_briefing(Briefing(as_of=TODAY, changes=quiet), "t.xlsx")).splitlines()[-2:] == [
        "Nothing to do.",
        "Last refresh 2026-11-25 06:30, no reports: none",
    ]
    many = RefreshChanges(None, TODAY, stock_changed=tuple("ABCDEFG"), stock_changed_count=9)
    lines = click.unstyle(render_briefing(Briefing(as_of=TODAY, changes=many), "t.xlsx")).splitlines()
    assert lines[-2:] == [
        "Last refresh (time not known), no reports: stock changed for 9 SKUs",
        "  Stock changed: A, B, C, D, E … and 4 more",
    ]
    coloured = render_briefing(Briefing(as_of=TODAY, changes=LAST), "t.xlsx")
    assert "\x1b[36m\x1b[1mLast refresh 2026-11-25 06:30" in coloured  # cyan: news, not a task


def test_the_refresh_summary_says_the_moves_in_its_own_line_not_in_the_to_do_headlines():
    assert [click.unstyle(line) for line in short_briefing(Briefing(as_of=TODAY, changes=LAST), "t.xlsx")] == [
        "To do on 2026-11-25 (the list: amzsheet status t.xlsx):",
        "  Ship today: none   Overdue: none   Late deliveries: none",
        "  Reorder: none   Out of stock: none   Counts due: none",
        "  Review requests: none",
    ]
    assert changes_line(LAST) == (
        "Status changes: 1 shipped, 1 delivered, 1 cancelled, 1 returned   stock changed: 2 SKUs (MUG, TEA)"
    )
    assert changes_line(RefreshChanges(None, TODAY, stock_changed=("MUG",), stock_changed_count=1)) == (
        "Status changes: none   stock changed: 1 SKU (MUG)"
    )
    assert changes_line(RefreshChanges(None, TODAY, lines_added=5, new_skus=2)) is None
