"""Build the sample tracker: generated exports, a refresh, and a seller's own inputs.

The seller inputs (suppliers, unit costs, a stock count three weeks ago, lead
times) are what a seller would type into Inventory; they are chosen so that the
sample shows every alert: SKUs out of stock, SKUs to reorder, and a SKU without a
unit cost. On Order Tracking the seller typed the day they asked for a review
(Review Requested), a week after delivery, forgetting a few orders.

Usage::

    python -m amzsheet.samples.workbook sample_workbooks --end 2026-11-24 --today 2026-11-25
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from amzsheet.api import refresh, save_workbook
from amzsheet.contract.schema import COUNT_COLUMNS, MCF, PURCHASE_ORDER_COLUMNS
from amzsheet.contract.tables import conform
from amzsheet.model import compute
from amzsheet.model.tracker import Tracker
from amzsheet.samples.exports import REPORTS, write_sample_exports
from amzsheet.storage.backups import backup_folder, list_backups

SUPPLIERS = ("Ningbo Homeware Co.", "Shenzhen Kitchen Ltd.", "Lakeside Textiles", "Prairie Goods Wholesale")
COUNT_AGE_DAYS = 21
OLD_COUNT_AGE_DAYS = 100


def build_sample_workbook(folder: str | Path, end: dt.date, today: dt.date, *, seed: int = 7) -> Path:
    """Write ``folder/exports/*`` and ``folder/tracker.xlsx`` refreshed from them.

    :param folder: output folder (created if needed); an old ``exports`` folder and tracker are replaced.
    :param end: last day of the generated exports.
    :param today: the refresh's reference date.
    :param seed: random seed; the same arguments give the same files.
    :return: the path of the tracker workbook.
    """
    folder = Path(folder)
    exports = folder / "exports"
    shutil.rmtree(exports, ignore_errors=True)
    write_sample_exports(exports, end, seed=seed, reports=REPORTS)
    workbook = folder / "tracker.xlsx"
    workbook.unlink(missing_ok=True)
    result = refresh(workbook, [exports], today=today)
    save_workbook(workbook, with_seller_inputs(result.tracker, today, seed=seed), today)
    for backup in list_backups(workbook):  # the half-built sample is nobody's data
        backup.path.unlink()
    with contextlib.suppress(OSError):
        backup_folder(workbook).rmdir()
    workbook.with_name(f".{workbook.name}.lock").unlink(missing_ok=True)
    return workbook


def with_seller_inputs(tracker: Tracker, today: dt.date, *, seed: int = 7) -> Tracker:
    """Return ``tracker`` with plausible seller inputs typed into Inventory."""
    rng = np.random.default_rng(seed)
    inventory = tracker.inventory.copy()
    count = len(inventory)
    unit_price = _unit_prices(tracker.orders).reindex(inventory["SKU"]).to_numpy()
    inventory["Supplier"] = [SUPPLIERS[i % len(SUPPLIERS)] for i in range(count)]
    inventory["Unit Cost"] = np.round(unit_price * rng.uniform(0.3, 0.45, count), 2)
    inventory.loc[count // 2, "Unit Cost"] = np.nan  # one SKU whose cost the seller has not typed yet
    daily = inventory["Avg Daily Sales"].fillna(0).to_numpy()
    lead = rng.choice([10, 14, 21, 30, 45], count).astype(float)
    cover_days = rng.choice([5, 20, 45, 90, 150], count, p=[0.1, 0.25, 0.3, 0.25, 0.1])
    # The seller counts the SKUs they ship themselves; Amazon's report counted the FBA ones.
    own = inventory["Stock Counted"].isna().to_numpy()
    counted = inventory.copy()
    # Most SKUs were counted three weeks ago, every fifth one long ago (so it is due for a count).
    age = np.where(np.arange(count) % 5 == 4, OLD_COUNT_AGE_DAYS, COUNT_AGE_DAYS)
    counted["Count Date"] = pd.Timestamp(today) - pd.to_timedelta(age, unit="D")
    sold = compute.sold_since_count(tracker.orders, counted).to_numpy()
    stock = np.ceil(sold + daily * cover_days + rng.integers(0, 6, count))
    stock[:2] = sold[:2]  # sold out since the count
    received = rng.random(count) < 0.15
    inventory.loc[own, "Count Date"] = counted.loc[own, "Count Date"]
    inventory.loc[own, "Stock Counted"] = stock[own]
    inventory.loc[own, "Received Since Count"] = np.where(received, np.ceil(daily * 30 + 10), np.nan)[own]
    inventory["Lead Time (days)"] = np.where(rng.random(count) < 0.2, np.nan, lead)
    inventory["Lead Time Spread (days)"] = np.where(rng.random(count) < 0.5, rng.choice([2.0, 3.0, 5.0], count), np.nan)
    inventory["Case Pack"] = rng.choice([np.nan, np.nan, 6.0, 12.0, 24.0], count)
    inventory["Min Order Qty"] = np.where(rng.random(count) < 0.25, 50.0, np.nan)
    inventory.loc[[3, 7], "Service Level"] = [0.99, 0.9]
    purchases = _purchase_orders(inventory, today)
    counts = _counts(inventory, today, rng)
    orders = _typed_on_orders(tracker.orders, np.random.default_rng(seed + 1))
    orders = _reviews_requested(orders, today)
    return replace(tracker, orders=orders, inventory=inventory, purchase_orders=purchases, counts=counts)


def _typed_on_orders(orders: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """What a seller types on Order Tracking: the tracking number of each order they shipped
    (one order in fifty forgotten), and the feedback ratings buyers left (mostly good, a few negative)."""
    orders = orders.copy()
    codes, ids = pd.factorize(orders["Order ID"])
    numbers = np.array([f"9400{n:018d}" for n in rng.integers(0, 10**18, len(ids))], dtype=object)
    forgotten = rng.random(len(ids)) < 0.02
    shipped = (orders["Channel"] == "FBM").to_numpy() & orders["Shipped Date"].notna().to_numpy()
    typed = shipped & orders["Tracking Number"].isna().to_numpy() & ~forgotten[codes]
    orders.loc[typed, "Carrier"] = "USPS"
    orders.loc[typed, "Tracking Number"] = numbers[codes[typed]]
    stars = rng.choice([5, 4, 3, 2, 1], len(ids), p=[0.7, 0.18, 0.06, 0.03, 0.03])
    rated = rng.random(len(ids)) < 0.05
    first = ~pd.Series(codes).duplicated().to_numpy()  # a rating goes on the order's first line
    orders.loc[first & rated[codes], "Feedback"] = stars[codes[first & rated[codes]]].astype(float)
    return orders


def _reviews_requested(orders: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The seller asks for a review a week after delivery (Review Requested), and forgot one order in ten."""
    orders = orders.copy()
    asked = orders["Delivered Date"].dt.normalize() + pd.Timedelta(days=7)
    forgotten = sorted(orders["Order ID"].dropna().unique())[::10]
    done = (asked <= pd.Timestamp(today)) & (orders["Channel"] != MCF) & ~orders["Order ID"].isin(forgotten)
    orders.loc[done, "Review Requested"] = asked[done]
    return orders


def _purchase_orders(inventory: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Orders to suppliers: open ones due soon, late or undated, and one received after the count."""
    day = pd.Timestamp(today)
    rows = []
    for number, (position, expected_in, received_ago) in enumerate(
        [(0, 5, None), (1, 60, None), (2, None, None), (4, -3, None), (5, None, 4), (6, 12, None)], start=1
    ):
        item = inventory.iloc[position]
        rows.append(
            {
                "PO Number": f"PO-{number:04d}",
                "Supplier": item["Supplier"],
                "SKU": item["SKU"],
                "Quantity": 48.0 * number,
                "Order Date": day - pd.Timedelta(days=20),
                "Expected Date": day + pd.Timedelta(days=expected_in) if expected_in is not None else pd.NaT,
                "Received Date": day - pd.Timedelta(days=received_ago) if received_ago is not None else pd.NaT,
            }
        )
    return conform(pd.DataFrame(rows), PURCHASE_ORDER_COLUMNS)


def _counts(inventory: pd.DataFrame, today: dt.date, rng: np.random.Generator) -> pd.DataFrame:
    """Two shelf counts of the seller's own SKUs this week, and one of a SKU that is not in Inventory."""
    own = inventory.index[inventory["Count Date"] == pd.Timestamp(today) - pd.Timedelta(days=COUNT_AGE_DAYS)]
    rows = [
        {"Count Date": pd.Timestamp(today) - pd.Timedelta(days=2 + k), "SKU": inventory.at[i, "SKU"]}
        for k, i in enumerate(own[3:5])
    ]
    rows.append({"Count Date": pd.Timestamp(today) - pd.Timedelta(days=1), "SKU": "NOT-A-SKU"})
    counts = pd.DataFrame(rows)
    counts["Counted Qty"] = rng.integers(5, 40, len(counts)).astype(float)
    return conform(counts, COUNT_COLUMNS)


def _unit_prices(orders: pd.DataFrame) -> pd.Series:
    priced = orders[(orders["Quantity"] > 0) & orders["Item Total"].notna()]
    return (priced["Item Total"] / priced["Quantity"]).groupby(priced["SKU"]).median()


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m amzsheet.samples.workbook FOLDER --end DATE --today DATE``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder")
    parser.add_argument("--end", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--today", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    print(build_sample_workbook(args.folder, args.end, args.today, seed=args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
