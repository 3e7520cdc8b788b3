"""The benchmark's synthetic seller: a catalogue, order lines with their life cycles, the base tracker.

Everything is drawn from one seeded generator, vectorised with numpy, so that a tracker of a million
order lines is built in seconds (writing it is what takes time). Times are int64 nanoseconds since
the epoch (UTC) until they become the Order Tracking table's naive datetimes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

import amzsheet

TODAY = dt.date(2026, 11, 25)
SEED = 20261125
HISTORY_YEARS = 3  # default length of the order history
SNAPSHOT_HOUR_UTC = 6  # the base workbook was refreshed yesterday 06:00 UTC, the export is taken today 06:00 UTC

SECOND = 10**9  # nanoseconds
HOUR = 3600 * SECOND
DAY = 24 * HOUR

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


@dataclass(frozen=True)
class Ids:
    """Order ids of the base orders and of the new orders (disjoint)."""

    base: np.ndarray
    new: np.ndarray


def utc_ns(day: dt.date, hour: int = 0) -> int:
    """Nanoseconds since the epoch of ``day`` at ``hour``:00 UTC."""
    return int(dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.timezone.utc).timestamp()) * SECOND


def build_catalog(rng: np.random.Generator, count: int) -> Catalog:
    """``count`` products with Zipf-like popularity and a fixed channel (65 % FBA)."""
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
    low = 0.6
    scaled = rng.random(count) * (1 + low) / 2
    fraction = (-low + np.sqrt(low * low + 2 * (1 - low) * scaled)) / (1 - low)
    times = start + (fraction * (end - start)).astype(np.int64)
    return np.sort(times // SECOND * SECOND)


def plan_lines(rng: np.random.Generator, catalog: Catalog, count: int, start: int, end: int) -> Plan:
    """``count`` order lines in orders of 1-3 distinct SKUs purchased in [start, end)."""
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
    count = len(purchased)

    def hours(low: float, high: float) -> np.ndarray:
        return (rng.uniform(low, high, count) * HOUR).astype(np.int64) // SECOND * SECOND

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
    held = plan.holds & (moment - plan.purchased < 3 * DAY)
    cancelled = plan.cancelled & (plan.cancel_at <= moment)
    shipped = ~plan.cancelled & ~held & (plan.ship_at <= moment)
    ended = shipped & (plan.outcome > 0) & (plan.end_at <= moment)
    unshipped = ~plan.fba & (moment - plan.purchased > HOUR)
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
    values = np.unique(rng.integers(0, 10**14, size=count + count // 10 + 16))
    while len(values) < count:  # practically never
        values = np.unique(np.concatenate([values, rng.integers(0, 10**14, size=count)]))
    values = rng.permutation(values)[:count].tolist()
    prefixes = rng.choice([111, 112, 113, 114], size=count).tolist()
    return np.array([f"{p}-{v // 10**7:07d}-{v % 10**7:07d}" for p, v in zip(prefixes, values)], dtype=object)


def datetimes(ns: np.ndarray) -> pd.Series:
    """Naive datetime64[ns] values (UTC wall time) of ns timestamps; -1 becomes NaT."""
    values = np.asarray(ns, dtype=np.int64).astype("datetime64[ns]")
    return pd.Series(np.where(np.asarray(ns) < 0, np.datetime64("NaT"), values), dtype="datetime64[ns]")


# ------------------------------------------------------------------------------------ the base tracker


def orders_frame(plan: Plan, state: State, ids: np.ndarray, catalog: Catalog, rng: np.random.Generator) -> pd.DataFrame:
    """The Order Tracking table of ``plan`` as it stands in ``state``, newest order first."""
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
            "Customer Name": np.where(named, rng.choice(np.array(_NAMES, dtype=object), count), none),
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
    count = len(shipped)
    carrier = rng.choice(np.array(_CARRIERS, dtype=object), size=count, p=[0.6, 0.25, 0.15])
    digits = rng.integers(10**17, 10**18, size=count)
    tracking = np.full(count, None, dtype=object)
    for name, text in (("USPS", "9400{}".format), ("UPS", lambda n: f"1Z{n:X}"[:18]), ("FedEx", lambda n: f"{n}"[:12])):
        where = np.flatnonzero(shipped & (carrier == name))
        tracking[where] = [text(number) for number in digits[where].tolist()]
    return np.where(shipped, carrier, np.full(count, None, dtype=object)), tracking


def inventory_frame(catalog: Catalog, orders: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Inventory with every seller input filled: cost, stock count, count date, lead time."""
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
