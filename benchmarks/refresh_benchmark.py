"""Benchmark: refresh a large tracker workbook with one daily All Orders export.

This is a benchmark script, not a test. It answers the product issue's question:
how long does ``amzsheet.refresh`` take on a workbook holding 100,000 order lines
when a new daily export of 2,000 lines comes in, compared with the same job done
the plain way (``openpyxl.load_workbook``, append the export's rows, ``save``)?

Run it from the project root::

    python benchmarks/refresh_benchmark.py [--lines 100000] [--daily 2000] [--skus 60]
                                           [--workdir DIR] [--keep]

What happens:

1. Setup (not timed): a deterministic tracker with ``--lines`` order lines spread
   over about 3 years before TODAY (2026-11-25) and an Inventory with the seller's
   inputs filled in is saved with :func:`amzsheet.save_workbook` as ``base.xlsx``.
   A daily All Orders report of ``--daily`` lines is written in Amazon's exact
   format: about 75 % new order lines, 25 % status updates of recent lines.
2. Job A (amzsheet): ``amzsheet.refresh`` on a copy of ``base.xlsx``.
3. Job B (plain): openpyxl loads a copy, appends the report's rows, saves.

Each job runs in a fresh Python process (this script with ``--job NAME WORKBOOK
EXPORT``) that reports its own elapsed time (library import included, interpreter
start-up excluded) and its peak RSS (``ru_maxrss``) as JSON on its last line.

Targets: job A under 15 s, and job B / job A >= 2.5 on a 2-core machine.

Results are printed and written to ``WORKDIR/results.json``. Without ``--workdir``
a temporary directory is used and removed at the end unless ``--keep`` is given;
with ``--workdir`` the workbooks and the export are removed unless ``--keep`` is
given, and ``results.json`` stays.

The heavy imports (numpy, pandas, amzsheet, openpyxl) are local to the functions
that need them, so that a job process pays for its own library's import only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


TODAY = dt.date(2026, 11, 25)
SEED = 20261125
TARGET_SECONDS = 15.0
TARGET_RATIO = 2.5
ORDERS_SHEET = "Order Tracking"
EXPORT_NAME = f"All-Orders-{TODAY.isoformat()}.txt"
HISTORY_DAYS = 3 * 365
SNAPSHOT_HOUR_UTC = 6  # the base workbook was refreshed yesterday 06:00 UTC, the export is taken today 06:00 UTC
UPDATE_SHARE = 0.25

_SECOND = 10**9  # nanoseconds
_HOUR = 3600 * _SECOND
_DAY = 24 * _HOUR

_PRODUCTS = (
    ("PILLOW", "Throw Pillow Insert, Hypoallergenic"), ("SKILLET", '10.25" Cast Iron Skillet, Pre-Seasoned'),
    ("GRINDER", "Salt & Pepper Grinder Set, Stainless Steel"), ("BOARD", "Bamboo Cutting Board Set of 3"),
    ("KNIFE", "8\" Chef's Knife, High Carbon Steel"), ("SPATULA", "Silicone Spatula Set, 5 Piece"),
    ("KETTLE", "Gooseneck Pour-Over Kettle, 1.0L"), ("CANISTER", "Airtight Food Storage Canisters, Set of 4"),
    ("THERMO", "Instant Read Meat Thermometer"), ("TOWEL", "Waffle Weave Kitchen Towels, 6 Pack"),
    ("CANDLE", "Soy Wax Scented Candle, 8 oz"), ("BLANKET", "Chunky Knit Throw Blanket, 50 x 60"),
    ("COASTER", "Marble Coasters with Holder, Set of 6"), ("BASKET", "Woven Seagrass Storage Basket"),
    ("LAMP", "Dimmable LED Bedside Lamp with USB Port"), ("FRAME", "Picture Frames 8x10, Set of 4"),
    ("SHELF", "Floating Wall Shelves, Set of 3"), ("MIRROR", 'Round Wall Mirror 24", Metal Frame'),
    ("PLANTER", "Ceramic Plant Pots with Drainage, 2 Pack"), ("CLOCK", "Silent Wall Clock, 12 inch"),
)  # fmt: skip
_VARIANTS = ("White", "Black", "Sage Green", "Oatmeal", "Navy")
_SUPPLIERS = ("Ningbo Homeware Co.", "Lakeside Imports", "Qingdao Crafts Ltd.", "Cozy Nest Direct")
_CARRIERS = ("USPS", "UPS", "FedEx")
_NAMES = ("Emily Johnson", "James Nguyen", "Priya Patel", "Mateo Garcia", "Grace Kim", "Ryan O'Brien")
_PLACES = (("AUSTIN", "TX", "78704"), ("Denver", "CO", "80205"), ("Portland", "OR", "97214"), ("Tampa", "FL", "33606"))
# Tracker status -> (Amazon order-status, item-status) in an All Orders report.
_AMAZON_STATUS = {
    "Pending": ("Pending", "Unshipped"),
    "Unshipped": ("Unshipped", "Unshipped"),
    "Shipped": ("Shipped", "Shipped"),
    "Delivered": ("Shipped - Delivered to Buyer", "Shipped"),
    "Returned": ("Shipped - Returned to Seller", "Shipped"),
    "Cancelled": ("Cancelled", "Cancelled"),
}
# Job B's column mapping: All Orders header -> Order Tracking header(s), matched by name.
_PLAIN_MAPPING = (
    ("amazon-order-id", "Order ID"), ("purchase-date", "Order Date"), ("sku", "SKU"),
    ("product-name", "Product Name"), ("quantity", "Quantity"), ("item-price", "Item Total"),
    ("currency", "Currency"), ("fulfillment-channel", "Channel"), ("order-status", "Order Status"),
    ("last-updated-date", "Last Updated"), ("order-status", "Amazon Status"),
)  # fmt: skip
_PLAIN_DATES = {"purchase-date", "last-updated-date"}
_PLAIN_NUMBERS = {"quantity", "item-price"}


# ------------------------------------------------------------------------------------ synthetic data


@dataclass(frozen=True)
class Catalog:
    """The seller's products: one entry per SKU."""

    skus: np.ndarray  # object
    names: np.ndarray  # object
    asins: np.ndarray  # object
    cents: np.ndarray  # unit price in cents
    weights: np.ndarray  # probability of being an order's first item
    fba: np.ndarray  # bool: fulfilled by Amazon


@dataclass(frozen=True)
class Plan:
    """Order lines with their whole (future included) life cycle; times are int64 ns since the epoch (UTC).

    ``line_order`` indexes the per-order arrays; everything else has one value per line.
    """

    line_order: np.ndarray
    position: np.ndarray  # position of the line within its order
    sku: np.ndarray  # index into the catalogue
    quantity: np.ndarray
    purchased: np.ndarray
    pending_at: np.ndarray
    cancelled: np.ndarray
    cancel_at: np.ndarray
    ship_at: np.ndarray
    outcome: np.ndarray  # 0 stays Shipped, 1 Delivered, 2 Returned
    end_at: np.ndarray  # time of Delivered / Returned
    holds: np.ndarray  # merchant line that stays unshipped when recent (becomes overdue)
    fba: np.ndarray


@dataclass(frozen=True)
class State:
    """Where each line of a plan stands at one moment."""

    status: np.ndarray  # object: tracker statuses
    last_updated: np.ndarray  # int64 ns
    shipped: np.ndarray  # int64 ns, or -1
    delivered: np.ndarray  # int64 ns, or -1


def utc_ns(day: dt.date, hour: int = 0) -> int:
    """Nanoseconds since the epoch of ``day`` at ``hour``:00 UTC."""
    return int(dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.timezone.utc).timestamp()) * _SECOND


def build_catalog(rng: np.random.Generator, count: int) -> Catalog:
    """``count`` products with Zipf-like popularity and a fixed channel (65 % FBA)."""
    import numpy as np

    skus, names = [], []
    for index in range(count):
        code, name = _PRODUCTS[index % len(_PRODUCTS)]
        variant = _VARIANTS[(index // len(_PRODUCTS)) % len(_VARIANTS)]
        skus.append(f"CN-{code}-{index + 1:03d}")
        names.append(f"Cozy Nest {name}, {variant}")
    letters = np.array(list("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"))
    asins = ["B0" + "".join(rng.choice(letters, 8)) for _ in range(count)]
    ranks = rng.permutation(count)
    weights = 1.0 / (ranks + 1.0) ** 1.05
    return Catalog(
        skus=np.array(skus, dtype=object),
        names=np.array(names, dtype=object),
        asins=np.array(asins, dtype=object),
        cents=rng.integers(6, 60, count) * 100 - 1,
        weights=weights / weights.sum(),
        fba=rng.random(count) < 0.65,
    )


def purchase_times(rng: np.random.Generator, count: int, start: int, end: int) -> np.ndarray:
    """Sorted purchase times in [start, end), demand growing linearly from 60 % to 100 %."""
    import numpy as np

    low = 0.6
    scaled = rng.random(count) * (1 + low) / 2
    fraction = (-low + np.sqrt(low * low + 2 * (1 - low) * scaled)) / (1 - low)
    times = start + (fraction * (end - start)).astype(np.int64)
    return np.sort(times // _SECOND * _SECOND)


def plan_lines(rng: np.random.Generator, catalog: Catalog, count: int, start: int, end: int) -> Plan:
    """``count`` order lines in orders of 1-3 distinct SKUs purchased in [start, end)."""
    import numpy as np

    per_order = rng.choice([1, 2, 3], size=count, p=[0.85, 0.12, 0.03])
    orders = int(np.searchsorted(np.cumsum(per_order), count)) + 1
    per_order = per_order[:orders]
    per_order[-1] -= per_order.sum() - count
    primary = rng.choice(len(catalog.skus), size=orders, p=catalog.weights)
    line_order = np.repeat(np.arange(orders), per_order)
    position = np.arange(count) - np.repeat(np.cumsum(per_order) - per_order, per_order)
    fba = catalog.fba[primary]
    purchased = purchase_times(rng, orders, start, end)
    life = _life_cycles(rng, purchased, fba)
    return Plan(
        line_order=line_order,
        position=position,
        sku=(primary[line_order] + position) % len(catalog.skus),
        quantity=rng.choice([1, 2, 3], size=count, p=[0.8, 0.15, 0.05]),
        fba=fba[line_order],
        purchased=purchased[line_order],
        **{name: values[line_order] for name, values in life.items()},
    )


def _life_cycles(rng: np.random.Generator, purchased: np.ndarray, fba: np.ndarray) -> dict[str, np.ndarray]:
    """One life cycle per order: Pending, then Cancelled, or Shipped and maybe Delivered / Returned."""
    import numpy as np

    count = len(purchased)

    def hours(low: float, high: float) -> np.ndarray:
        return (rng.uniform(low, high, count) * _HOUR).astype(np.int64) // _SECOND * _SECOND

    slow = rng.random(count) >= 0.8
    delay = np.where(fba, hours(2, 24), np.where(slow, hours(24, 66), hours(3, 24)))
    roll = rng.random(count)
    outcome = np.where(roll < 0.01, 2, np.where(roll < 0.01 + np.where(fba, 0.30, 0.85), 1, 0))
    ship_at = purchased + delay
    return {
        "pending_at": purchased + hours(0, 1 / 6),
        "cancelled": rng.random(count) < 0.03,
        "cancel_at": purchased + hours(0.5, 30),
        "ship_at": ship_at,
        "outcome": outcome,
        "end_at": ship_at + np.where(outcome == 2, hours(5 * 24, 12 * 24), hours(2 * 24, 7 * 24)),
        "holds": ~fba & (rng.random(count) < 0.2),
    }


def state_at(plan: Plan, moment: int) -> State:
    """Status, last update and event dates of every line of ``plan`` at ``moment``."""
    import numpy as np

    held = plan.holds & (moment - plan.purchased < 3 * _DAY)
    cancelled = plan.cancelled & (plan.cancel_at <= moment)
    shipped = ~plan.cancelled & ~held & (plan.ship_at <= moment)
    ended = shipped & (plan.outcome > 0) & (plan.end_at <= moment)
    unshipped = ~plan.fba & (moment - plan.purchased > _HOUR)
    open_status = np.where(unshipped, "Unshipped", "Pending")
    status = np.where(cancelled, "Cancelled", np.where(shipped, "Shipped", open_status))
    status = np.where(ended, np.where(plan.outcome == 2, "Returned", "Delivered"), status)
    last = np.minimum(plan.pending_at, moment)
    last = np.where(cancelled, plan.cancel_at, np.where(shipped, plan.ship_at, last))
    last = np.where(ended, plan.end_at, last)
    delivered = ended & (plan.outcome == 1)
    return State(
        status=status.astype(object),
        last_updated=last,
        shipped=np.where(shipped, plan.ship_at, -1),
        delivered=np.where(delivered, plan.end_at, -1),
    )


def order_ids(rng: np.random.Generator, count: int) -> np.ndarray:
    """``count`` distinct Amazon order ids such as 113-1234567-1234567."""
    import numpy as np

    values = np.unique(rng.integers(0, 10**14, size=count + count // 10 + 16))
    while len(values) < count:  # practically never
        values = np.unique(np.concatenate([values, rng.integers(0, 10**14, size=count)]))
    values = rng.permutation(values)[:count].tolist()
    prefixes = rng.choice([111, 112, 113, 114], size=count).tolist()
    return np.array([f"{p}-{v // 10**7:07d}-{v % 10**7:07d}" for p, v in zip(prefixes, values)], dtype=object)


def datetimes(ns: np.ndarray) -> pd.Series:
    """Naive datetime64[ns] values (UTC wall time) of ns timestamps; -1 becomes NaT."""
    import numpy as np
    import pandas as pd

    values = np.asarray(ns, dtype=np.int64).astype("datetime64[ns]")
    return pd.Series(np.where(np.asarray(ns) < 0, np.datetime64("NaT"), values), dtype="datetime64[ns]")


# ------------------------------------------------------------------------------------ the base tracker


def orders_frame(plan: Plan, state: State, ids: np.ndarray, catalog: Catalog, rng: np.random.Generator) -> pd.DataFrame:
    """The Order Tracking table of ``plan`` as it stands in ``state``, newest order first."""
    import numpy as np
    import pandas as pd

    import amzsheet

    count = len(plan.sku)
    shipped_fbm = ~plan.fba & (state.shipped >= 0)
    carrier, tracking = carriers(rng, shipped_fbm)
    named = ~plan.fba & (rng.random(count) < 0.03)
    ship_by = datetimes(plan.purchased).dt.normalize() + pd.Timedelta(days=2)
    none = np.full(count, None, dtype=object)
    frame = pd.DataFrame(
        {
            "Order ID": ids[plan.line_order],
            "Order Date": datetimes(plan.purchased),
            "Customer Name": np.where(named, rng.choice(np.array(_NAMES, dtype=object), count), None),
            "SKU": catalog.skus[plan.sku],
            "Product Name": catalog.names[plan.sku],
            "Quantity": plan.quantity.astype("float64"),
            "Item Total": catalog.cents[plan.sku] * plan.quantity / 100.0,
            "Currency": np.full(count, "USD", dtype=object),
            "Channel": np.where(plan.fba, "FBA", "FBM").astype(object),
            "Order Status": state.status,
            "Ship By": ship_by,
            "Shipped Date": datetimes(state.shipped),
            "Deliver By": ship_by + pd.Timedelta(days=5),
            "Delivered Date": datetimes(state.delivered),
            "Carrier": carrier,
            "Tracking Number": tracking,
            "Alert": none,
            "Notes": none,
            "Order Item ID": none,
            "Last Updated": datetimes(state.last_updated),
            "Amazon Status": state.status,
        }
    )
    newest_first = np.lexsort((plan.position, -plan.line_order))
    empty = amzsheet.new_tracker().orders
    frame = frame.iloc[newest_first].reset_index(drop=True).reindex(columns=empty.columns)
    return frame.astype(empty.dtypes.to_dict())


def carriers(rng: np.random.Generator, shipped: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Carrier and tracking number of merchant-shipped lines (None elsewhere)."""
    import numpy as np

    count = len(shipped)
    carrier = rng.choice(np.array(_CARRIERS, dtype=object), size=count, p=[0.6, 0.25, 0.15])
    digits = rng.integers(10**17, 10**18, size=count).tolist()
    tracking = np.empty(count, dtype=object)
    for index in np.flatnonzero(shipped).tolist():
        number = digits[index]
        tracking[index] = {"USPS": f"9400{number}", "UPS": f"1Z{number:X}"[:18], "FedEx": f"{number}"[:12]}[
            carrier[index]
        ]
    return np.where(shipped, carrier, None), tracking


def inventory_frame(catalog: Catalog, orders: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Inventory with every seller input filled: cost, stock count, count date, lead time."""
    import numpy as np
    import pandas as pd

    import amzsheet

    count = len(catalog.skus)
    recent = orders[orders["Order Date"] >= pd.Timestamp(TODAY) - pd.Timedelta(days=60)]
    sold = recent.groupby("SKU")["Quantity"].sum().reindex(catalog.skus).fillna(0).to_numpy()
    frame = pd.DataFrame(
        {
            "SKU": catalog.skus,
            "Product Name": catalog.names,
            "Supplier": rng.choice(np.array(_SUPPLIERS, dtype=object), count),
            "Unit Cost": np.round(catalog.cents * rng.uniform(0.3, 0.45, count)) / 100,
            "Stock Counted": np.round(sold * rng.uniform(0.3, 1.5, count)) + rng.integers(0, 20, count),
            "Count Date": pd.Timestamp(TODAY) - pd.to_timedelta(rng.integers(3, 45, count), unit="D"),
            "Received Since Count": np.where(rng.random(count) < 0.3, rng.integers(1, 20, count) * 12, np.nan),
            "Lead Time (days)": rng.integers(7, 46, count).astype("float64"),
        }
    )
    empty = amzsheet.new_tracker().inventory
    return frame.reindex(columns=empty.columns).astype(empty.dtypes.to_dict())


# ------------------------------------------------------------------------------------ the daily export


@dataclass(frozen=True)
class Daily:
    """What the daily export holds, for writing it and checking the refresh."""

    rows: list[list[str]]
    new_ids: set[str]
    new_lines: int
    updates: dict[tuple[str, str], str]  # (order id, sku) -> tracker status after the refresh


def pick_updates(plan: Plan, before: State, wanted: int) -> np.ndarray:
    """Indices of recent base lines whose status can move forward, by order, newest order first.

    Open lines (Pending/Unshipped, except those that stay unshipped) come first,
    then Shipped lines shipped at least 2 days before the base snapshot. Only the
    last order picked may be cut short to give exactly ``wanted`` lines.
    """
    import numpy as np

    base_moment = utc_ns(TODAY - dt.timedelta(days=1), SNAPSHOT_HOUR_UTC)
    is_open = np.isin(before.status, ["Pending", "Unshipped"]) & ~(
        plan.holds & (base_moment - plan.purchased < 3 * _DAY)
    )
    in_transit = (before.status == "Shipped") & (before.shipped <= base_moment - 2 * _DAY)
    picked: list[int] = []
    for group in (is_open, in_transit):
        orders = np.unique(plan.line_order[group])[::-1]  # newest order first
        lines = np.flatnonzero(np.isin(plan.line_order, orders[: wanted + 1]) & group)
        lines = lines[np.lexsort((plan.position[lines], -plan.line_order[lines]))]
        picked.extend(lines[: wanted - len(picked)].tolist())
        if len(picked) >= wanted:
            break
    return np.array(picked, dtype=np.int64)


def moved_forward(rng: np.random.Generator, status: np.ndarray, line_order: np.ndarray) -> np.ndarray:
    """Next status of each picked line; the lines of one order move together."""
    import numpy as np

    _, order_index = np.unique(line_order, return_inverse=True)
    roll = rng.random(order_index.max() + 1 if len(order_index) else 0)[order_index]
    from_open = np.where(roll < 0.03, "Cancelled", "Shipped")
    from_shipped = np.where(roll < 0.05, "Returned", "Delivered")
    return np.where(np.isin(status, ["Pending", "Unshipped"]), from_open, from_shipped).astype(object)


def export_rows(
    plan: Plan, lines: np.ndarray, status: np.ndarray, updated: np.ndarray, ids: np.ndarray, catalog: Catalog
) -> list[list[str]]:
    """All Orders report rows (ALL_ORDERS_HEADER order) of ``plan``'s ``lines``."""
    import pandas as pd

    def iso(ns: np.ndarray) -> list[str]:
        return pd.to_datetime(ns, unit="ns").strftime("%Y-%m-%dT%H:%M:%S+00:00").tolist()

    purchased, last = iso(plan.purchased[lines]), iso(updated)
    rows = []
    for k, line in enumerate(lines.tolist()):
        order_id, sku, fba = ids[plan.line_order[line]], int(plan.sku[line]), bool(plan.fba[line])
        order_status, item_status = _AMAZON_STATUS[status[k]]
        cancelled = status[k] == "Cancelled"
        cents = int(catalog.cents[sku]) * int(plan.quantity[line])
        city, state, postal = _PLACES[int(plan.line_order[line]) % len(_PLACES)]
        rows.append([
            order_id, order_id if fba else "", purchased[k], last[k], order_status, "Amazon" if fba else "Merchant",
            "Amazon.com", "" if fba else "WebsiteOrderChannel", "", "Standard", catalog.names[sku],
            catalog.skus[sku], catalog.asins[sku], item_status, "0" if cancelled else str(plan.quantity[line]), "USD",
            "" if cancelled else f"{cents // 100}.{cents % 100:02d}", "", "", "", "", "", "", "",
            city, state, postal, "US", "", "false", "", "",
        ])  # fmt: skip
    return rows


def daily_export(
    rng: np.random.Generator, base: Plan, before: State, picked: np.ndarray, new: Plan, ids: Ids, catalog: Catalog
) -> Daily:
    """The export's rows: the picked base lines moved forward, and the new lines; newest order first."""
    import numpy as np

    start = utc_ns(TODAY - dt.timedelta(days=1), SNAPSHOT_HOUR_UTC)
    end = utc_ns(TODAY, SNAPSHOT_HOUR_UTC)
    status = moved_forward(rng, before.status[picked], base.line_order[picked])
    moment = rng.integers(start + 1, end, size=len(picked)) // _SECOND * _SECOND
    update_rows = export_rows(base, picked, status, moment, ids.base, catalog)
    after = state_at(new, end)
    new_rows = export_rows(new, np.arange(len(new.sku)), after.status, after.last_updated, ids.new, catalog)
    updates = {(row[0], row[11]): str(s) for row, s in zip(update_rows, status)}
    rows = sorted(update_rows + new_rows, key=lambda row: (row[2], row[0]), reverse=True)
    return Daily(rows, set(ids.new.tolist()), len(new_rows), updates)


def write_export(path: Path, rows: list[list[str]]) -> None:
    """Write an All Orders report: UTF-8, tab-separated, unquoted, CRLF line ends."""
    from amzsheet.samples.exports import ALL_ORDERS_HEADER, write_tsv

    write_tsv(path, ALL_ORDERS_HEADER, rows, "\r\n")


# ------------------------------------------------------------------------------------ setup


@dataclass(frozen=True)
class Ids:
    """Order ids of the base orders and of the new orders (disjoint)."""

    base: np.ndarray
    new: np.ndarray


@dataclass(frozen=True)
class Setup:
    """The files the jobs work on and what the refresh should do to them."""

    base: Path
    export: Path
    base_lines: int
    daily: Daily
    seconds: dict[str, float]


def setup(workdir: Path, lines: int, daily_lines: int, skus: int) -> Setup:
    """Build and save the base workbook and write the daily export (not timed as a job)."""
    import numpy as np

    import amzsheet

    clock = _Clock()
    rng = np.random.default_rng(SEED)
    catalog = build_catalog(rng, skus)
    base_moment = utc_ns(TODAY - dt.timedelta(days=1), SNAPSHOT_HOUR_UTC)
    base = plan_lines(rng, catalog, lines, base_moment - HISTORY_DAYS * _DAY, base_moment)
    before = state_at(base, base_moment)
    picked = pick_updates(base, before, round(UPDATE_SHARE * daily_lines))
    new = plan_lines(rng, catalog, daily_lines - len(picked), base_moment, utc_ns(TODAY, SNAPSHOT_HOUR_UTC))
    base_orders = int(base.line_order.max()) + 1
    every_id = order_ids(rng, base_orders + int(new.line_order.max()) + 1)
    ids = Ids(every_id[:base_orders], every_id[base_orders:])
    orders = orders_frame(base, before, ids.base, catalog, rng)
    tracker = amzsheet.Tracker(orders, inventory_frame(catalog, orders, rng), amzsheet.Settings(time_zone="UTC"))
    clock.mark("build tracker")
    amzsheet.save_workbook(workdir / "base.xlsx", tracker, TODAY)
    clock.mark("save base.xlsx")
    daily = daily_export(rng, base, before, picked, new, ids, catalog)
    write_export(workdir / EXPORT_NAME, daily.rows)
    clock.mark("write export")
    return Setup(workdir / "base.xlsx", workdir / EXPORT_NAME, lines, daily, clock.seconds)


class _Clock:
    """Durations of consecutive steps."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def mark(self, step: str) -> None:
        now = time.perf_counter()
        self.seconds[step] = now - self._last
        self._last = now


# ------------------------------------------------------------------------------------ the jobs (child processes)


def job_amzsheet(workbook: Path, export: Path) -> dict[str, Any]:
    """Job A: ``amzsheet.refresh``, with the time of each phase it reports."""
    started = time.perf_counter()
    import amzsheet

    marks: list[tuple[str, float]] = [("import amzsheet", started)]

    def progress(step: str, done: int, total: int) -> None:
        marks.append((step, time.perf_counter()))

    result = amzsheet.refresh(workbook, [export], today=TODAY, progress=progress)
    finished = time.perf_counter()
    ends = [moment for _, moment in marks[1:]] + [finished]
    phases = [[step, end - begin] for (step, begin), end in zip(marks, ends)]
    return {
        "seconds": finished - started,
        "phases": phases,
        "new_lines": result.new_lines,
        "updated_lines": result.updated_lines,
    }


def job_plain(workbook: Path, export: Path) -> dict[str, Any]:
    """Job B: openpyxl load, append the report's lines as rows (no merging), save."""
    started = time.perf_counter()
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    loaded = time.perf_counter()
    sheet = book[ORDERS_SHEET]
    header = [cell.value for cell in sheet[2]]  # under the legend of the alert colours
    rows = plain_rows(export, header)
    for row in rows:
        sheet.append(row)
    appended = time.perf_counter()
    book.save(workbook)
    finished = time.perf_counter()
    phases = [
        ["import + load_workbook", loaded - started],
        ["parse + append", appended - loaded],
        ["save", finished - appended],
    ]
    return {"seconds": finished - started, "phases": phases, "appended": len(rows)}


def plain_rows(export: Path, sheet_header: list[object]) -> list[list[object]]:
    """The report's lines as Order Tracking rows, columns matched by name (dates and numbers converted)."""
    import csv

    with open(export, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        pairs = [(header.index(source), sheet_header.index(target)) for source, target in _PLAIN_MAPPING]
        converters = [_plain_converter(header[source]) for source, _ in pairs]
        rows = []
        for line in reader:
            row: list[object] = [None] * len(sheet_header)
            for (source, target), convert in zip(pairs, converters):
                row[target] = convert(line[source])
            rows.append(row)
    return rows


def _plain_converter(name: str) -> Callable[[str], object]:
    if name in _PLAIN_DATES:
        return lambda text: dt.datetime.fromisoformat(text).replace(tzinfo=None) if text else None
    if name in _PLAIN_NUMBERS:
        return lambda text: float(text) if text else None
    if name == "fulfillment-channel":
        return lambda text: "FBA" if text == "Amazon" else "FBM"
    return lambda text: text or None


JOBS: dict[str, Callable[[Path, Path], dict[str, Any]]] = {"amzsheet": job_amzsheet, "plain": job_plain}


def peak_rss_mib() -> float:
    """This process's peak resident set size in MiB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def run_job_here(name: str, workbook: Path, export: Path) -> None:
    """Child side: run one job and print its measurements as JSON on the last line."""
    result = JOBS[name](workbook, export)
    result["peak_rss_mib"] = peak_rss_mib()
    print(json.dumps(result), flush=True)


# ------------------------------------------------------------------------------------ parent side


def run_job(name: str, setup_: Setup, workdir: Path, copy_name: str) -> dict[str, Any]:
    """Copy base.xlsx to ``copy_name`` and run job ``name`` on it in a fresh Python process."""
    workbook = workdir / copy_name
    shutil.copyfile(setup_.base, workbook)
    command = [sys.executable, str(Path(__file__).resolve()), "--job", name, str(workbook), str(setup_.export)]
    started = time.perf_counter()
    process = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"job {name} failed (exit {process.returncode}):\n{process.stderr[-4000:]}")
    result = json.loads(process.stdout.strip().splitlines()[-1])
    result["wall_seconds"] = wall
    result["stderr_lines"] = len(process.stderr.splitlines())
    return result


def verify(workbook: Path, setup_: Setup, job: dict[str, Any]) -> dict[str, Any]:
    """Check job A's workbook with python-calamine: row count, new order ids, moved statuses."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_name(ORDERS_SHEET).to_python()
    top = next(number for number, row in enumerate(rows) if "Order ID" in row)  # the header, under the legend
    header, body = rows[top], [row for row in rows[top + 1 :] if any(value not in ("", None) for value in row)]
    at = {name: header.index(name) for name in ("Order ID", "SKU", "Order Status")}
    statuses = {(row[at["Order ID"]], row[at["SKU"]]): row[at["Order Status"]] for row in body}
    ids = {row[at["Order ID"]] for row in body}
    expected_rows = setup_.base_lines + setup_.daily.new_lines
    wrong_status = sum(statuses.get(key) != status for key, status in setup_.daily.updates.items())
    checks = {
        "order_tracking_rows": len(body),
        "expected_rows": expected_rows,
        "new_ids_missing": len(setup_.daily.new_ids - ids),
        "updates_with_wrong_status": wrong_status,
        "reported_new_lines": job["new_lines"],
        "reported_updated_lines": job["updated_lines"],
        "expected_updated_lines": len(setup_.daily.updates),
    }
    checks["ok"] = (
        len(body) == expected_rows
        and checks["new_ids_missing"] == 0
        and wrong_status == 0
        and job["new_lines"] == setup_.daily.new_lines
        and job["updated_lines"] == len(setup_.daily.updates)
    )
    return checks


def summarise(
    setup_: Setup, jobs: dict[str, dict[str, Any]], checks: dict[str, Any], args: argparse.Namespace
) -> dict[str, Any]:
    """Everything measured, as one JSON-ready dict."""
    a, b = jobs["amzsheet"]["seconds"], jobs["plain"]["seconds"]
    return {
        "config": {
            "lines": args.lines,
            "daily": args.daily,
            "skus": args.skus,
            "today": TODAY.isoformat(),
            "seed": SEED,
        },
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "export": {
            "lines": len(setup_.daily.rows),
            "new_lines": setup_.daily.new_lines,
            "updates": len(setup_.daily.updates),
        },
        "base_xlsx_mib": setup_.base.stat().st_size / 2**20,
        "setup_seconds": setup_.seconds,
        "jobs": jobs,
        "ratio": b / a,
        "targets": {"amzsheet_seconds": TARGET_SECONDS, "ratio": TARGET_RATIO},
        "pass": {"amzsheet_seconds": a < TARGET_SECONDS, "ratio": b / a >= TARGET_RATIO},
        "verification": checks,
    }


def print_report(results: dict[str, Any]) -> None:
    """The results table, job A's phases, the verdicts and the verification."""
    print("\nsetup (not timed as a job): " + ", ".join(f"{k} {v:.1f} s" for k, v in results["setup_seconds"].items()))
    export = results["export"]
    print(f"base.xlsx {results['base_xlsx_mib']:.1f} MiB; export {export['lines']} lines "
          f"({export['new_lines']} new, {export['updates']} updates)\n")  # fmt: skip
    print(f"{'job':<10}{'seconds':>9}{'wall s':>9}{'peak MiB':>10}")
    for name, job in results["jobs"].items():
        print(f"{name:<10}{job['seconds']:>9.2f}{job['wall_seconds']:>9.2f}{job['peak_rss_mib']:>10.0f}")
    print(f"\nratio plain / amzsheet: {results['ratio']:.2f}x")
    verdicts = results["pass"]
    a = results["jobs"]["amzsheet"]["seconds"]
    print(f"amzsheet under {TARGET_SECONDS:g} s: {'PASS' if verdicts['amzsheet_seconds'] else 'FAIL'} ({a:.2f} s)")
    print(f"ratio >= {TARGET_RATIO:g}: {'PASS' if verdicts['ratio'] else 'FAIL'} ({results['ratio']:.2f}x)")
    for name, job in results["jobs"].items():
        print(f"\nphases of {name}:")
        for step, seconds in job["phases"]:
            print(f"  {step:<34}{seconds:>7.2f} s")
    checks = results["verification"]
    print(f"\nverification of a.xlsx: {'OK' if checks['ok'] else 'FAILED'}")
    print(f"  Order Tracking rows {checks['order_tracking_rows']} (expected {checks['expected_rows']}); "
          f"refresh reported {checks['reported_new_lines']} new, {checks['reported_updated_lines']} updated "
          f"(expected {checks['expected_updated_lines']}); new ids missing {checks['new_ids_missing']}; "
          f"updates with a wrong status {checks['updates_with_wrong_status']}")  # fmt: skip


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark amzsheet.refresh against openpyxl load/append/save.")
    parser.add_argument("--lines", type=int, default=100_000, help="order lines in the base workbook (default 100000)")
    parser.add_argument("--daily", type=int, default=2_000, help="lines in the daily export (default 2000)")
    parser.add_argument("--skus", type=int, default=60, help="number of SKUs (default 60)")
    parser.add_argument("--workdir", type=Path, help="folder for the files (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the workbooks and the export")
    parser.add_argument("--job", choices=sorted(JOBS), help=argparse.SUPPRESS)
    parser.add_argument("job_files", nargs="*", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def benchmark(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """Setup, both jobs, verification; returns the results (also written to results.json)."""
    print(
        f"setting up in {workdir}: {args.lines} lines, daily export of {args.daily} lines, {args.skus} SKUs ...",
        flush=True,
    )
    prepared = setup(workdir, args.lines, args.daily, args.skus)
    jobs = {}
    for name, copy_name in (("amzsheet", "a.xlsx"), ("plain", "b.xlsx")):
        print(f"running job {name} ...", flush=True)
        jobs[name] = run_job(name, prepared, workdir, copy_name)
    checks = verify(workdir / "a.xlsx", prepared, jobs["amzsheet"])
    results = summarise(prepared, jobs, checks, args)
    (workdir / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.job:
        run_job_here(args.job, *args.job_files)
        return 0
    temporary = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="amzsheet-bench-")) if temporary else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        results = benchmark(args, workdir)
        print_report(results)
    finally:
        _clean(workdir, temporary, args.keep)
    return 0 if results["verification"]["ok"] else 1


def _clean(workdir: Path, temporary: bool, keep: bool) -> None:
    if keep:
        print(f"\nfiles kept in {workdir}")
    elif temporary:
        shutil.rmtree(workdir, ignore_errors=True)
        print(f"\n{workdir} removed (results.json with it); use --keep or --workdir to keep the results")
    else:
        for name in ("base.xlsx", "a.xlsx", "b.xlsx", EXPORT_NAME):
            (workdir / name).unlink(missing_ok=True)
        print(f"\nresults in {workdir / 'results.json'}")


if __name__ == "__main__":
    raise SystemExit(main())
