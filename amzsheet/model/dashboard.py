"""What the Dashboard's formulas compute, in pandas: currencies, the Today lists, the top products, daily sales.

Each function here is the twin of a Dashboard formula (:mod:`amzsheet.excel.dashboard_formulas`),
so the cached values amzsheet writes are the values Excel and LibreOffice show.

**Currencies.** Amounts in different currencies are never added together. The *main*
currency is the one of most order lines (ties: the first in alphabetical order); a line
without a Currency, or in a currency the last refresh did not see, counts in the main
currency. Every other currency gets figures of its own.

**Today.** The lists (orders to ship today, overdue orders, SKUs to reorder, out of stock, due
for a count) take their members from :mod:`amzsheet.model.briefing`, so the Dashboard and
``amzsheet status`` agree; the Dashboard shows the first few of each in the order its
formulas can sort them (Order IDs alphabetically; SKUs by the day they are due, then their row).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from amzsheet.contract.schema import CANCELLED, OUT_OF_STOCK
from amzsheet.model.briefing import ShipLine
from amzsheet.model.compute import (  # noqa: F401  # currencies: the Dashboard's, kept importable here
    CHART_DAYS,
    DASHBOARD_DAYS,
    TOP_PRODUCTS,
    amazon_sales,
    count_orders,
    currencies,
    text_equals,
    text_key,
)

#: Order IDs each Today list shows (the rest: "… and N more").
ORDER_IDS_SHOWN = 10
#: SKUs each Today list shows.
SKUS_SHOWN = 5
#: Excel's last day (31 Dec 9999): the sort key of a SKU without a due date, after every date.
_NO_DATE = 2958465
#: Sort keys pack a day and an Inventory row: day x this + row.
ROW_BASE = 100000
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def in_currency(orders: pd.DataFrame, codes: Sequence[str], code: str) -> pd.Series:
    """Lines whose amounts are in ``code``: the main currency (``codes[0]``) takes every line in no other one."""
    keys = text_key(orders["Currency"])
    if code != codes[0]:
        return keys == code.lower()
    return ~keys.isin([other.lower() for other in codes[1:]])


def sales_window(orders: pd.DataFrame, today: dt.date, days: int = DASHBOARD_DAYS) -> pd.Series:
    """Non-cancelled Amazon sales (not MCF) placed in the ``days`` full days before today."""
    dates = orders["Order Date"]
    cancelled = text_equals(orders["Order Status"], CANCELLED)
    start, end = pd.Timestamp(today) - pd.Timedelta(days=days), pd.Timestamp(today)
    return (dates >= start) & (dates < end) & ~cancelled & amazon_sales(orders)


def sales_by_currency(orders: pd.DataFrame, today: dt.date, codes: Sequence[str]) -> dict[str, tuple[float, int]]:
    """Sales and orders of the last 30 full days in each currency of ``codes`` ({"": ...} without currencies)."""
    window = sales_window(orders, today)
    result = {}
    for code in codes or ("",):
        lines = window & in_currency(orders, codes, code) if codes else window
        result[code] = (float(orders.loc[lines, "Item Total"].fillna(0).sum()), count_orders(orders, lines))
    return result


def daily_sales(orders: pd.DataFrame, today: dt.date, codes: Sequence[str], days: int = CHART_DAYS) -> pd.DataFrame:
    """Sales in the main currency and units (all currencies) of each of the ``days`` full days before today."""
    window = sales_window(orders, today, days)
    main = window & in_currency(orders, codes, codes[0]) if codes else window
    dates = pd.date_range(pd.Timestamp(today) - pd.Timedelta(days=days), periods=days, freq="D")
    sales = orders.loc[main, "Item Total"].fillna(0).groupby(orders.loc[main, "Order Date"].dt.normalize()).sum()
    units = orders.loc[window, "Quantity"].fillna(0).groupby(orders.loc[window, "Order Date"].dt.normalize()).sum()
    return pd.DataFrame(
        {
            "Date": dates,
            "Sales": sales.reindex(dates, fill_value=0.0).to_numpy(dtype=float),
            "Units": units.reindex(dates, fill_value=0.0).to_numpy(dtype=float),
        }
    )


def candidates(inventory: pd.DataFrame) -> list[str]:
    """The SKUs the top products are ranked among: each Inventory SKU once (first spelling), by SKU ignoring case."""
    skus = inventory["SKU"].dropna().astype(str)
    keys = text_key(skus)
    first = skus[~keys.duplicated() & (keys != "")]
    return first.iloc[np.argsort(text_key(first).to_numpy(), kind="stable")].tolist()


def ranked_candidates(
    orders: pd.DataFrame, skus: list[str], today: dt.date, codes: Sequence[str], count: int = TOP_PRODUCTS
) -> pd.DataFrame:
    """Units, Sales (main currency) and Rank of each candidate SKU (rank blank: no sales), as the hidden block.

    Ranked by Sales rounded to the cent, then Units, then the candidate's place (its SKU, ignoring case).
    """
    window = sales_window(orders, today)
    main = window & in_currency(orders, codes, codes[0]) if codes else window
    keys = pd.Series([sku.lower() for sku in skus], dtype=object)
    units = keys.map(orders.loc[window, "Quantity"].fillna(0).groupby(text_key(orders.loc[window, "SKU"])).sum())
    sales = keys.map(orders.loc[main, "Item Total"].fillna(0).groupby(text_key(orders.loc[main, "SKU"])).sum())
    table = pd.DataFrame({"SKU": skus, "Units": units.fillna(0.0), "Sales": sales.fillna(0.0)}, dtype=object)
    table[["Units", "Sales"]] = table[["Units", "Sales"]].astype(float)
    order = table.assign(cents=table["Sales"].round(2), place=range(len(table)))
    order = order[order["Sales"] > 0].sort_values(["cents", "Units", "place"], ascending=[False, False, True])
    table["Rank"] = pd.Series(range(1, len(order) + 1), index=order.index, dtype=float)
    return table


def top_products(ranked: pd.DataFrame, count: int = TOP_PRODUCTS) -> pd.DataFrame:
    """The first ``count`` rows of :func:`ranked_candidates` by rank."""
    return ranked.dropna(subset=["Rank"]).sort_values("Rank").head(count).reset_index(drop=True)


def order_places(lines: Iterable[ShipLine], index: list[str], limit: int = ORDER_IDS_SHOWN) -> list[int]:
    """Places (1-based) in the Dashboard's Order ID list ``index`` of the first ``limit`` orders of ``lines``."""
    place = {order_id.lower(): number for number, order_id in enumerate(index, start=1)}
    return sorted({place[line.order_id.lower()] for line in lines if line.order_id})[:limit]


def first_rows(inventory: pd.DataFrame, chosen: pd.Series, due: str | None, limit: int = SKUS_SHOWN) -> list[int]:
    """Sort keys (day x :data:`ROW_BASE` + row, 1-based) of the first ``limit`` chosen Inventory rows.

    Sorted by the day in column ``due`` (blank last), then by row; ``due`` None: by row alone.
    """
    rows = np.arange(1, len(inventory) + 1, dtype=np.int64)
    day: np.ndarray = np.zeros(len(inventory), dtype=np.int64)
    if due is not None:
        dates = pd.to_datetime(inventory[due])
        days = (dates.dt.floor("D") - _EXCEL_EPOCH).dt.days
        day = days.fillna(_NO_DATE).to_numpy(dtype=np.int64)
    keys = (day * ROW_BASE + rows)[chosen.fillna(False).to_numpy(dtype=bool)]
    return [int(key) for key in sorted(keys)[:limit]]


def sku_at(inventory: pd.DataFrame, key: int) -> str:
    """The SKU of the Inventory row of sort ``key`` ("" when blank)."""
    value = inventory["SKU"].iloc[key % ROW_BASE - 1]
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def out_of_stock(inventory: pd.DataFrame) -> pd.Series:
    """Inventory rows whose Alert says OUT OF STOCK (the briefing's and the Dashboard's)."""
    return inventory["Alert"].fillna("").astype(str).str.contains(OUT_OF_STOCK, regex=False)


def listing(items: Sequence[str], count: int) -> str:
    """``items`` joined by commas, then "… and N more" when ``count`` is larger; "" when there are none."""
    text = ", ".join(items)
    more = count - len(items)
    return text + (f" … and {more} more" if more > 0 else "")
