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

    by_line, by_item = {}, {}
    for label, (line, item) in zip(table.index, keys(table)):
        by_line[line] = label
        if item:
            by_item[item] = label  # the last line with an item id wins
    return [by_item[item] if item in by_item else by_line.get(line, -1) for line, item in keys(lines)]


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
