"""Properties of the merge, over many generated sequences of report lines (hypothesis)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from amzsheet.contract.schema import STATUS_RANK, STATUSES, Settings
from amzsheet.merge.orders import empty_orders, merge_orders, sort_orders, summarise_changes

SETTINGS = Settings()
BASE = pd.Timestamp("2026-11-01")

line = st.fixed_dictionaries(
    {
        "order": st.sampled_from(["111-1", "111-2", "111-3"]),
        "sku": st.sampled_from(["A", "B"]),
        "status": st.sampled_from(STATUSES),
        "hour": st.integers(0, 200),
        "quantity": st.one_of(st.none(), st.integers(1, 3)),
    }
)


def _report(lines: list[dict]) -> pd.DataFrame:
    """Normalised order lines, one state per (order, SKU, time), as an export gives them."""
    unique = {(x["order"], x["sku"], x["hour"]): x for x in lines}.values()
    frame = pd.DataFrame(
        {
            "Order ID": [x["order"] for x in unique],
            "Order Date": [BASE] * len(unique),
            "SKU": [x["sku"] for x in unique],
            "Quantity": [x["quantity"] for x in unique],
            "Channel": ["FBM"] * len(unique),
            "Last Updated": [BASE + pd.Timedelta(hours=x["hour"]) for x in unique],
            "Amazon Status": [x["status"] for x in unique],
        }
    )
    return frame.astype({"Quantity": "float64", "Last Updated": "datetime64[ns]", "Order Date": "datetime64[ns]"})


def _merge_all(reports: list[pd.DataFrame]) -> pd.DataFrame:
    orders = empty_orders()
    for report in reports:
        orders = merge_orders(orders, report, SETTINGS)
    return orders


reports = st.lists(st.lists(line, min_size=1, max_size=8).map(_report), min_size=1, max_size=3)


@settings(max_examples=50, deadline=None)
@given(reports)
def test_importing_the_same_reports_again_changes_nothing(reports):
    once = sort_orders(_merge_all(reports))
    twice = once
    for report in reports:
        twice = merge_orders(twice, report, SETTINGS)
    changes = summarise_changes(once, twice)
    assert (changes.new_lines, changes.updated_lines) == (0, 0)


@settings(max_examples=50, deadline=None)
@given(reports)
def test_each_line_ends_at_its_most_advanced_status_whatever_the_order(reports):
    forward = _merge_all(reports).set_index(["Order ID", "SKU"]).sort_index()
    backward = _merge_all(list(reversed(reports))).set_index(["Order ID", "SKU"]).sort_index()
    assert forward.index.equals(backward.index)  # one row per order line, never duplicated or lost
    assert forward["Amazon Status"].tolist() == backward["Amazon Status"].tolist()
    everything = pd.concat(reports)
    best = everything.groupby(["Order ID", "SKU"])["Amazon Status"].agg(lambda s: max(s, key=STATUS_RANK.get))
    assert forward["Amazon Status"].to_dict() == best.to_dict()
    assert (forward["Order Status"] == forward["Amazon Status"]).all()


table_lines = st.lists(
    st.tuples(st.one_of(st.none(), st.integers(0, 3)), st.one_of(st.none(), st.sampled_from(["111-1", "111-2", "9"]))),
    max_size=12,
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(table_lines)
def test_sorting_puts_the_newest_orders_first_and_keeps_each_orders_lines_in_their_order(lines):
    orders = empty_orders().reindex(range(len(lines)))
    orders["Order Date"] = pd.Series([BASE + pd.Timedelta(days=d) if d is not None else pd.NaT for d, _ in lines])
    orders["Order ID"] = pd.Series([order for _, order in lines], dtype=object)
    orders["Notes"] = [str(n) for n in range(len(lines))]  # each line's place before sorting
    keys = pd.DataFrame(
        {"date": orders["Order Date"], "id": orders["Order ID"].fillna(""), "position": range(len(lines))}
    )
    expected = keys.sort_values(
        ["date", "id", "position"], ascending=[False, False, True], na_position="last", kind="stable"
    ).index
    once = sort_orders(orders)
    assert once["Notes"].tolist() == [str(n) for n in expected]
    assert sort_orders(once)["Notes"].tolist() == once["Notes"].tolist()  # sorted already: left as it is
