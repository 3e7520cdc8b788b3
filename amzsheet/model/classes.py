"""ABC classes by revenue share and XYZ classes by how steadily a SKU sells.

ABC analysis ranks SKUs by revenue: the best sellers that together bring the first
``class_a_share`` of the revenue are A, the next ``class_b_share`` B, the rest C.
XYZ looks at the coefficient of variation (standard deviation / mean) of weekly
units: X sells steadily, Y varies, Z is erratic or does not sell.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from amzsheet.contract.schema import CANCELLED
from amzsheet.model.compute import amazon_sales, text_equals, text_key

ABC_DAYS = 365
XYZ_WEEKS = 13
XYZ_MIN_WEEKS = 4
#: Largest coefficient of variation of weekly units of an X and of a Y SKU.
X_LIMIT, Y_LIMIT = 0.5, 1.0


def abc_classes(revenue: pd.Series, class_a_share: float, class_b_share: float) -> pd.Series:
    """The ABC class of each SKU from its revenue.

    SKUs are ranked by revenue (ties: the order given). A SKU is A while the revenue of
    the SKUs ranked above it is below ``class_a_share`` of the total, so the SKU that
    crosses the threshold is still A; B likewise up to ``class_a_share + class_b_share``;
    C otherwise, and always for SKUs without revenue.

    :param revenue: revenue per SKU (any index).
    """
    revenue = revenue.fillna(0).clip(lower=0)
    total = revenue.sum()
    ranked = revenue.sort_values(ascending=False, kind="stable")
    before = (ranked.cumsum() - ranked) / total if total > 0 else ranked * 0
    classes = np.select(
        [ranked <= 0, before < class_a_share - 1e-12, before < class_a_share + class_b_share - 1e-12],
        ["C", "A", "B"],
        default="C",
    )
    return pd.Series(classes, index=ranked.index, dtype=object).reindex(revenue.index)


def xyz_classes(weekly: pd.DataFrame) -> pd.Series:
    """The XYZ class of each row of weekly units (one column per week), from their coefficient of variation.

    The standard deviation is the population one (ddof=0). Blank weeks (before a SKU's
    first sale) are left out; no sales at all is Z; under :data:`XYZ_MIN_WEEKS` weeks since
    the first sale, no class (None).
    """
    mean = weekly.mean(axis=1)
    variation = weekly.std(axis=1, ddof=0) / mean.where(mean > 0)
    classes = np.select([variation <= X_LIMIT + 1e-12, variation <= Y_LIMIT + 1e-12], ["X", "Y"], default="Z")
    young = weekly.notna().sum(axis=1) < XYZ_MIN_WEEKS  # a week or two says nothing about steadiness
    return pd.Series(classes, index=weekly.index, dtype=object).where(~young, None)


def weekly_units(orders: pd.DataFrame, today: dt.date, weeks: int) -> pd.DataFrame:
    """Non-cancelled units per SKU key (lower-case SKU) in each of the ``weeks`` full weeks before today.

    Week columns run from the oldest (0) to the last (``weeks - 1``, the 7 days before today).
    """
    end = pd.Timestamp(today)
    start = end - pd.Timedelta(days=7 * weeks)
    dates = orders["Order Date"]
    mask = (dates >= start) & (dates < end) & ~text_equals(orders["Order Status"], CANCELLED)
    lines = orders[mask]
    week = ((lines["Order Date"] - start).dt.days // 7).astype(int)
    table = lines["Quantity"].fillna(0).groupby([text_key(lines["SKU"]), week]).sum().unstack(fill_value=0.0)  # type: ignore[arg-type]  # stubs: a float fill_value
    return table.reindex(columns=range(weeks), fill_value=0.0).astype("float64")


def revenue_by_sku(orders: pd.DataFrame, today: dt.date, days: int = ABC_DAYS) -> pd.Series:
    """Item Total of the non-cancelled Amazon sales (not MCF) of the ``days`` full days before today, per SKU key."""
    end = pd.Timestamp(today)
    dates = orders["Order Date"]
    mask = (dates >= end - pd.Timedelta(days=days)) & (dates < end)
    mask &= ~text_equals(orders["Order Status"], CANCELLED) & amazon_sales(orders)
    return orders.loc[mask, "Item Total"].fillna(0).groupby(text_key(orders.loc[mask, "SKU"])).sum()
