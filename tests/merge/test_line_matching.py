"""Matching a report's lines to Order Tracking's: the rule, checked on generated tables (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from amzsheet.merge.orders import match_lines

_line = st.tuples(
    st.sampled_from(["111-1", "111-2", "", None]),  # Order ID
    st.sampled_from(["A", "B", "a", None]),  # SKU
    st.sampled_from(["9001", "9002", "", None]),  # Order Item ID
)


def _table(lines: list[tuple], first_label: int = 0) -> pd.DataFrame:
    frame = pd.DataFrame(lines, columns=["Order ID", "SKU", "Order Item ID"], dtype=object)
    frame.index = range(first_label, first_label + len(frame))
    return frame


def _by_the_rule(table: pd.DataFrame, lines: pd.DataFrame) -> list[int]:
    """The rule as the README states it, one line at a time."""

    def keys(frame: pd.DataFrame) -> list[tuple]:
        seen: dict[tuple, int] = {}
        found = []
        for order, sku, item in frame.itertuples(index=False):
            line = (order or "", sku or "")
            position = seen.get(line, 0)
            seen[line] = position + 1
            found.append(((*line, position), (order or "", item) if isinstance(item, str) and item else None))
        return found

    by_line, by_item, has_item = {}, {}, {}
    for label, (line, item) in zip(table.index, keys(table)):
        by_line[line] = label
        has_item[label] = item is not None
        if item:
            by_item[item] = label  # the last line with an item id wins

    def match(line: tuple, item: tuple | None) -> int:
        if item in by_item:
            return by_item[item]
        label = by_line.get(line, -1)
        if label >= 0 and item is not None and has_item[label]:
            return -1  # two lines with different item ids are two lines
        return label

    return [match(line, item) for line, item in keys(lines)]


@settings(max_examples=300, deadline=None)
@given(st.lists(_line, max_size=12), st.lists(_line, max_size=12), st.integers(0, 5))
def test_a_line_is_found_by_its_item_id_else_by_its_sku_and_position(table, lines, first_label):
    table, lines = _table(table, first_label), _table(lines)
    assert match_lines(table, lines).tolist() == _by_the_rule(table, lines)


def test_matches_are_the_tables_labels_and_minus_one_for_a_new_line():
    table = _table([("111-1", "A", "9001"), ("111-1", "A", None), ("111-2", "B", None)], first_label=10)
    lines = _table([("111-1", "A", None), ("111-1", "A", None), ("111-1", "Z", "9001"), ("111-3", "B", None)])
    assert match_lines(table, lines).tolist() == [10, 11, 10, -1]
    assert match_lines(table, _table([])).dtype == np.int64


def test_a_line_with_another_item_id_is_a_new_line_even_at_the_same_position():
    """Order 111-1 had one line of A (item 9001); a report now lists item 9002 of A first: a second line, not 9001."""
    table = _table([("111-1", "A", "9001")])
    assert match_lines(table, _table([("111-1", "A", "9002")])).tolist() == [-1]
    assert match_lines(table, _table([("111-1", "A", "9002"), ("111-1", "A", "9001")])).tolist() == [-1, 0]
    assert match_lines(table, _table([("111-1", "A", None)])).tolist() == [0]  # a report without item ids
    assert match_lines(_table([("111-1", "A", None)]), _table([("111-1", "A", "9002")])).tolist() == [0]
