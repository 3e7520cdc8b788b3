"""Generate realistic sample Amazon Seller Central exports for demos and tests.

The generated files copy the exact layout of two real report types (see
``COLUMNS.md`` sections 1 and 2 of the shared samples):

* "All Orders" (``GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL``): one
  file per 30-day period of ``last-updated-date``, tab-separated, CRLF, no quoting.
  Every state of an order (Pending, Shipped, Delivered, ...) is one line per item
  in the file of the period that contains its ``last-updated-date``, so the same
  order item appears several times and a reader must keep the latest line.
* "Unshipped Orders" (``GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING``, the
  30-column amazon.in variant with ``buyer-name``): tab-separated, LF.

On request (``reports=``), :mod:`amzsheet.samples.reports` also writes the other
Seller Central reports of the same simulated orders: Amazon Fulfilled Shipments, FBA
inventory, FBA and seller-fulfilled returns, Restock Inventory and the Payments Date Range
CSV.  That module also has the writers of localised and re-encoded variants
(:func:`write_report_variant`, :func:`write_date_range_variant`), re-exported here.

All data is invented.  The exports are taken at one moment, ``end`` at 06:00 UTC
(the ``reporting-date`` of the unshipped report); nothing later is emitted.

Usage::

    python -m amzsheet.samples.exports OUTDIR [--end YYYY-MM-DD] [--days N] [--skus N] [--seed N]
        [--reports all-orders,unshipped,...|all]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import pathlib
import string
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

import numpy as np

from amzsheet.samples.advertising import AD_REPORTS, write_ad_reports
from amzsheet.samples.reports import (
    AFS_HEADER,
    DATE_RANGE_HEADER,
    DATE_RANGE_LOCALES,
    DATE_RANGE_PREAMBLE,
    EXTRA_REPORTS,
    FBA_INVENTORY_HEADER,
    FBA_RETURNS_HEADER,
    RESTOCK_HEADER,
    SELLER_RETURNS_HEADER,
    History,
    Listing,
    Party,
    SoldLine,
    _digits,
    _iso,
    _pacific_offset,
    _pick,
    date_range_rows,
    write_date_range_variant,
    write_report_variant,
    write_reports,
    write_tsv,
)

__all__ = [
    "AFS_HEADER", "ALL_ORDERS_HEADER", "DATE_RANGE_HEADER", "DATE_RANGE_LOCALES", "DATE_RANGE_PREAMBLE",
    "DEFAULT_REPORTS", "FBA_INVENTORY_HEADER", "FBA_RETURNS_HEADER", "REPORTS", "RESTOCK_HEADER",
    "SELLER_RETURNS_HEADER", "UNSHIPPED_HEADER", "main", "sample_date_range_rows", "write_date_range_variant",
    "write_report_variant", "write_sample_exports", "write_tsv",
]  # fmt: skip

DEFAULT_REPORTS: tuple[str, ...] = ("all-orders", "unshipped")
REPORTS: tuple[str, ...] = (
    *DEFAULT_REPORTS,
    *EXTRA_REPORTS,
    "advertising",  # amzsheet.samples.advertising
    "storage-fees",  # amzsheet.samples.advertising
)

ALL_ORDERS_HEADER: tuple[str, ...] = (
    "amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status",
    "fulfillment-channel", "sales-channel", "order-channel", "url", "ship-service-level", "product-name",
    "sku", "asin", "item-status", "quantity", "currency", "item-price", "item-tax", "shipping-price",
    "shipping-tax", "gift-wrap-price", "gift-wrap-tax", "item-promotion-discount", "ship-promotion-discount",
    "ship-city", "ship-state", "ship-postal-code", "ship-country", "promotion-ids", "is-business-order",
    "purchase-order-number", "price-designation",
)  # fmt: skip
UNSHIPPED_HEADER: tuple[str, ...] = (
    "order-id", "order-item-id", "purchase-date", "payments-date", "reporting-date", "promise-date",
    "days-past-promise", "buyer-email", "buyer-name", "buyer-phone-number", "sku", "product-name",
    "quantity-purchased", "quantity-shipped", "quantity-to-ship", "ship-service-level", "recipient-name",
    "ship-address-1", "ship-address-2", "ship-address-3", "ship-city", "ship-state", "ship-postal-code",
    "ship-country", "is-business-order", "purchase-order-number", "price-designation", "is-iba",
    "verge-of-cancellation", "verge-of-lateShipment",
)  # fmt: skip

PENDING = "Pending"
SHIPPED = "Shipped"
DELIVERED = "Shipped - Delivered to Buyer"
RETURNED = "Shipped - Returned to Seller"
CANCELLED = "Cancelled"

PERIOD_DAYS = 30
SNAPSHOT_HOUR_UTC = 6
MIN_DAYS = 7
MIN_SKUS = 4

_UTC = dt.timezone.utc
_BASE_ORDERS_PER_DAY = 23.0  # weekday orders per day at `end`; ~1.18 lines per order
_TREND_START = 0.8  # demand at the start of the window relative to `end`
_WEEKEND_FACTOR = 1.2
_FBA_SHARE = 0.65
_MULTI_SKU_SHARE = 0.125
_CANCEL_SHARE = 0.03
_RETURN_SHARE = 0.01
_DELIVERED_SHARE = {True: 0.30, False: 0.60}  # keyed by "is FBA"
_KEEP_UNSHIPPED_SHARE = 0.20
_BUSINESS_SHARE = 0.02
_NO_TAX_SHARE = 0.25
# Relative order volume per UTC hour (US shoppers: evenings Pacific = 00-06 UTC).
_HOUR_WEIGHTS = (
    1.3, 1.3, 1.2, 1.1, 1.0, 0.8, 0.6, 0.4, 0.3, 0.2, 0.2, 0.2,
    0.3, 0.4, 0.6, 0.8, 0.9, 1.0, 1.0, 1.1, 1.1, 1.1, 1.2, 1.2,
)  # fmt: skip

# (sku, product name, unit price in cents).  The first _ALWAYS_INCLUDED are always in the catalogue.
_PRODUCTS: tuple[tuple[str, str, int], ...] = (
    ("KT-LABEL-48", "=Equal Parts Spice Jar Labels, 48 pack", 899),
    ("KT-TORCH-01", "Crème Brûlée Torch, Refillable Butane Kitchen Torch with Safety Lock", 2490),
    ("TH-PILLOW-1218", 'Cozy Nest 12" x 18" Throw Pillow Insert, Hypoallergenic, White', 749),
    ("KT-GRIND-SP", "Salt & Pepper Grinder Set, Stainless Steel, Adjustable Coarseness", 1999),
    ("TH-PILLOW-2020", 'Cozy Nest 20" x 20" Throw Pillow Insert, Hypoallergenic, 4 Pack', 2599),
    ("TH-PILLOW-1616", 'Cozy Nest 16" x 16" Throw Pillow Insert, Hypoallergenic, White', 1400),
    ("KT-BOARD-BAMBOO", "Bamboo Cutting Board Set of 3 with Juice Groove", 2295),
    ("KT-KNIFE-8", "8\" Chef's Knife, High Carbon Stainless Steel", 2990),
    ("KT-SPATULA-SIL", "Silicone Spatula Set, 5 Piece, Heat Resistant", 1149),
    ("KT-MEASURE-SS", "Stainless Steel Measuring Cups & Spoons, 14 Piece", 1799),
    ("KT-OILMISTER", "Olive Oil Sprayer Mister for Cooking, 200ml Glass Bottle", 999),
    ("KT-PEELER-Y", "Y-Shaped Vegetable Peeler, 2 Pack", 699),
    ("KT-FRENCHPRESS-34", "French Press Coffee Maker, 34 oz, Borosilicate Glass", 2750),
    ("KT-KETTLE-GOOSE", "Gooseneck Pour-Over Kettle, 1.0L, Matte Black", 3900),
    ("KT-CANISTER-4", "Airtight Food Storage Canisters, Set of 4 with Bamboo Lids", 3299),
    ("KT-MAT-SILICONE", "Silicone Baking Mat, Half Sheet, 2 Pack", 1290),
    ("KT-THERMO-INST", "Instant Read Meat Thermometer, Waterproof, Backlit", 1599),
    ("KT-TOWEL-6", 'Waffle Weave Kitchen Dish Towels 16" x 28", 6 Pack', 1849),
    ("KT-APRON-CANVAS", "Canvas Chef Apron with Pockets, Adjustable Neck Strap", 1495),
    ("KT-MIXBOWL-SS", "Stainless Steel Mixing Bowls with Lids, Set of 5", 3499),
    ("KT-GARLIC-PRESS", "Garlic Press & Crusher, Rust-Proof Zinc Alloy", 1099),
    ("KT-TRIVET-SIL", "Silicone Trivets & Pot Holders, 4 Pack", 949),
    ("KT-SCALE-DIG", "Digital Kitchen Scale, 11 lb / 5 kg, Tempered Glass", 1399),
    ("KT-ICECUBE-XL", 'Large Ice Cube Trays for 2" Cubes, 2 Pack with Lids', 1199),
    ("KT-SPICERACK-3", "3-Tier Bamboo Spice Rack Organizer for Cabinet", 2340),
    ("KT-PASTA-DRY", "Collapsible Pasta Drying Rack, Holds 4 lb", 1600),
    ("KT-MORTAR-GRAN", "Granite Mortar and Pestle, 2 Cup", 2699),
    ("KT-SKILLET-10", 'Pre-Seasoned Cast Iron Skillet, 10.25"', 2499),
    ("KT-DUTCH-5Q", "Enameled Cast Iron Dutch Oven, 5 Qt, Cherry Red", 5990),
    ("KT-ROLLPIN-FR", 'French Rolling Pin, Solid Maple, 18"', 1350),
    ("KT-PIZZA-STONE", 'Pizza Stone for Oven & Grill, 15" Round', 3300),
    ("KT-SQUEEZE-LEM", "Lemon Squeezer, Heavy Duty Aluminum", 1249),
    ("KT-WHISK-SET", "Balloon Whisk Set, 3 Sizes, Stainless Steel", 990),
    ("KT-COLANDER-FOLD", "Collapsible Colander, Over-the-Sink, Gray", 1549),
    ("KT-JAR-MASON", "Wide Mouth Mason Jars 16 oz, 12 Pack with Lids", 2799),
    ("HM-CANDLE-SOY", "Soy Wax Scented Candle, Fig & Cedar, 8 oz", 1800),
    ("HM-BLANKET-KNIT", 'Chunky Knit Throw Blanket, 50" x 60", Oatmeal', 4599),
    ("HM-COASTER-MARB", "Marble Coasters with Holder, Set of 6", 2199),
    ("HM-VASE-CERAMIC", "Ceramic Bud Vase Set of 3, Matte White", 1950),
    ("HM-BASKET-WOVEN", "Woven Seagrass Storage Basket with Handles, Large", 2899),
    ("HM-DOORMAT-COIR", 'Natural Coir Doormat "Hello", 17" x 30"', 2249),
    ("HM-HOOKS-ADH", "Adhesive Wall Hooks, Heavy Duty, 12 Pack", 799),
    ("HM-LAMP-LED", "Dimmable LED Bedside Lamp with USB Port", 3690),
    ("HM-CURTAIN-LINEN", 'Linen Blend Curtains 52" x 84", 2 Panels, Natural', 3999),
    ("HM-FRAME-8X10", "Picture Frames 8x10, Set of 4, Black", 2400),
    ("HM-DIFFUSER-REED", "Reed Diffuser Set, Lavender & Sage, 100 ml", 1499),
    ("HM-SHELF-FLOAT", "Floating Wall Shelves, Rustic Wood, Set of 3", 2995),
    ("HM-MIRROR-ROUND", 'Round Wall Mirror 24", Gold Metal Frame', 5499),
    ("HM-PLANTER-POT", 'Ceramic Plant Pots with Drainage, 6" & 8", 2 Pack', 2649),
    ("HM-TOWEL-BATH", "Turkish Cotton Bath Towels, Set of 4, Sage Green", 4200),
    ("HM-SHOWERCAD", "Rustproof Shower Caddy, 2 Tier, Adhesive", 1999),
    ("HM-DRAWER-ORG", "Drawer Organizer Bins, 25 Piece, Clear", 2150),
    ("HM-SOAP-DISP", "Glass Soap Dispenser with Pump, 16 oz, Amber, 2 Pack", 1699),
    ("HM-LAUNDRY-HAMP", "Collapsible Laundry Hamper with Lid, 100L", 3199),
    ("HM-WREATH-EUC", 'Eucalyptus Wreath for Front Door, 18"', 3750),
    ("HM-CLOCK-WALL", 'Silent Non-Ticking Wall Clock, 12", Modern Minimalist', 2399),
    ("HM-PILLOWCOV-FUR", 'Faux Fur Throw Pillow Cover 18" x 18", 2 Pack, Cream', 1790),
    ("HM-BOOKEND-IRON", "Heavy Duty Metal Bookends, Black, 2 Pairs", 1299),
    ("HM-TABLERUN", 'Boho Table Runner 13" x 72", Cotton & Tassels', 1500),
    ("HM-NIGHTLIGHT", "Plug-in LED Night Light, Dusk to Dawn Sensor, 4 Pack", 1349),
)
_ALWAYS_INCLUDED = 4  # "=" name, non-ASCII name, bare '"' name, "&" name

_PLACES: tuple[tuple[str, str, str], ...] = (
    ("Austin", "TX", "78704"), ("Denver", "CO", "80205"), ("Portland", "OR", "97214"),
    ("Columbus", "OH", "43215"), ("Raleigh", "NC", "27609"), ("Madison", "WI", "53703"),
    ("Tucson", "AZ", "85719"), ("Boise", "ID", "83702"), ("Richmond", "VA", "23220"),
    ("Sacramento", "CA", "95816"), ("San Diego", "CA", "92104"), ("Brooklyn", "NY", "11215"),
    ("Seattle", "WA", "98103"), ("Naperville", "IL", "60540"), ("Plano", "TX", "75024"),
    ("Tampa", "FL", "33606"), ("Orlando", "FL", "32803"), ("Atlanta", "GA", "30307"),
    ("Minneapolis", "MN", "55408"), ("Omaha", "NE", "68114"), ("Salt Lake City", "UT", "84105"),
    ("Albuquerque", "NM", "87106"), ("Louisville", "KY", "40204"), ("Pittsburgh", "PA", "15217"),
    ("Providence", "RI", "02906"), ("Burlington", "VT", "05401"), ("Charleston", "SC", "29403"),
    ("Kansas City", "MO", "64111"), ("Ann Arbor", "MI", "48104"), ("Scottsdale", "AZ", "85251"),
    ("Overland Park", "KS", "66210"), ("Anchorage", "AK", "99501"), ("Honolulu", "HI", "96815"),
    ("Memphis", "TN", "38117"), ("Hoboken", "NJ", "07030"), ("Cambridge", "MA", "02139"),
)  # fmt: skip
_FIRST_NAMES = (
    "Emily", "James", "Olivia", "Michael", "Sophia", "David", "Ava", "Daniel", "Isabella", "Matthew",
    "Mia", "Christopher", "Charlotte", "Andrew", "Amelia", "Joshua", "Harper", "Ryan", "Evelyn", "Brandon",
    "Grace", "Tyler", "Chloe", "Kevin", "Zoe", "Jason", "Nora", "Luis", "Priya", "Wei", "Fatima", "Mateo",
)  # fmt: skip
_LAST_NAMES = (
    "Johnson", "Martinez", "Nguyen", "Patel", "Thompson", "Garcia", "Robinson", "Clark", "Lewis", "Walker",
    "Hall", "Allen", "Young", "Hernandez", "King", "Wright", "Lopez", "Hill", "Scott", "Green", "Adams",
    "Baker", "Nelson", "Carter", "Mitchell", "Perez", "Roberts", "Turner", "Phillips", "Campbell", "Kim",
    "O'Brien", "Schmidt", "Rossi", "Chen", "Okafor",
)  # fmt: skip
_STREETS = (
    "Maple", "Oak", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park", "Sunset", "Lincoln",
    "Highland", "Ridge", "Willow", "Meadow", "Church", "Franklin", "Chestnut", "River", "Spring",
)  # fmt: skip
_STREET_SUFFIXES = ("St", "Ave", "Rd", "Dr", "Ln", "Blvd", "Ct", "Way", "Pl")
_EMAIL_CHARS = string.ascii_lowercase + string.digits
_ASIN_CHARS = string.ascii_uppercase + string.digits


@dataclass(frozen=True)
class _Product:
    sku: str
    name: str
    asin: str
    unit_cents: int
    fba: bool
    weight: float  # probability of being an order's first item


@dataclass(frozen=True)
class _Line:
    product: _Product
    quantity: int
    item_id: str  # 14-digit order-item-id (Unshipped report)


@dataclass(frozen=True)
class _Address:
    city: str
    state: str
    postal: str


@dataclass
class _Order:
    order_id: str
    purchased: dt.datetime
    fba: bool
    lines: list[_Line]
    service_level: str
    address: _Address
    business: bool
    tax_rate: float | None
    shipping_cents: int | None
    events: list[tuple[dt.datetime, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Buyer:
    email: str
    name: str
    phone: str
    recipient: str
    address1: str
    address2: str


class _Ids:
    """Hands out unique random identifiers (order ids, order-item ids, ASINs)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def _unique(self, make: Callable[[], str]) -> str:
        while (value := make()) in self._used:
            pass
        self._used.add(value)
        return value

    def order_id(self) -> str:
        rng = self._rng
        return self._unique(lambda: f"{_pick(rng, (111, 112, 113, 114))}-{_digits(rng, 7)}-{_digits(rng, 7)}")

    def item_id(self) -> str:
        return self._unique(lambda: str(int(self._rng.integers(10**13, 10**14))))

    def asin(self) -> str:
        return self._unique(lambda: "B0" + "".join(_pick(self._rng, _ASIN_CHARS) for _ in range(8)))


# --------------------------------------------------------------------------------------------- public API


def write_sample_exports(
    folder: str | os.PathLike,
    end: dt.date,
    *,
    days: int = 120,
    skus: int = 40,
    seed: int = 7,
    reports: Collection[str] = DEFAULT_REPORTS,
) -> list[pathlib.Path]:
    """Write invented Seller Central reports for a small US seller, by default All Orders and Unshipped.

    The output is fully determined by the arguments.  The exports are taken at
    ``end`` 06:00 UTC: orders span the ``days`` UTC days ending on ``end`` (the
    last day only up to 06:00), and later events are not emitted.  Files with
    the same names in ``folder`` are overwritten; other files are left alone.

    :param folder: output directory; created (with parents) when missing.
    :param end: last day of the data; the last All Orders period ends on it and the
        unshipped report is named after it.  A datetime is reduced to its date.
    :param days: number of days of orders (at least 7); one All Orders file is
        written per 30 days, so the first file may start before the first order.
    :param skus: number of distinct products, between 4 and 60; each is sold at least once.
    :param seed: seed for :func:`numpy.random.default_rng`.
    :param reports: which reports to write, from :data:`REPORTS`; all follow the same orders:

        * ``"all-orders"``: ``All-Orders-<first>-to-<last>.txt``, one per 30 days;
        * ``"unshipped"``: ``Unshipped-Orders-<end>.txt``;
        * ``"fulfilled-shipments"``: ``Amazon-Fulfilled-Shipments-<end>.txt``;
        * ``"fba-inventory"``: ``FBA-Inventory-<end>.txt``;
        * ``"fba-returns"``: ``FBA-Returns-<end>.txt``;
        * ``"seller-returns"``: ``Returns-<end>.txt``;
        * ``"restock"``: ``Restock-Inventory-<end>.txt``;
        * ``"date-range"``: ``<Mon><D>-<Mon><D>CustomTransaction.csv``, the 30 days ending on ``end``;
        * ``"advertising"``: ``Advertised-Product-<end>.csv``, the 60 days ending on ``end``;
        * ``"storage-fees"``: ``Monthly-Storage-Fees-<YYYY-MM>.txt``, the month before the month of ``end``.

        Adding reports does not change the default two: their details are drawn from other
        random streams.
    :returns: the written paths, sorted by name.
    :raises ValueError: when ``days`` or ``skus`` is out of range, or a report name is unknown.
    """
    wanted = _validate_reports(reports)
    end, rng, catalog, orders = _simulated(end, days, skus, seed)
    out = pathlib.Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = _write_all_orders(out, orders, end, days) if "all-orders" in wanted else []
    if "unshipped" in wanted:
        paths.append(_write_unshipped(rng, out, orders, end))
    if wanted & set(EXTRA_REPORTS):
        paths += write_reports(out, _history(orders, catalog, end, seed), wanted, seed=seed)
    if wanted & set(AD_REPORTS):
        paths += write_ad_reports(out, _history(orders, catalog, end, seed), wanted, seed=seed)
    return sorted(paths)


def sample_date_range_rows(end: dt.date, *, days: int = 120, skus: int = 40, seed: int = 7) -> list[dict[str, object]]:
    """The transactions of the ``"date-range"`` report of :func:`write_sample_exports`, as typed values.

    Pass them to :func:`write_date_range_variant` to get the same transactions in another
    Seller Central language or encoding.

    :returns: one dict per transaction, keyed by :data:`DATE_RANGE_HEADER`: ``date/time`` is an
        aware UTC datetime, amounts are :class:`~decimal.Decimal` US dollars, ``quantity`` an int
        (``""`` on fee and transfer rows), the rest text.
    :raises ValueError: when ``days`` or ``skus`` is out of range.
    """
    end, _, catalog, orders = _simulated(end, days, skus, seed)
    return date_range_rows(_history(orders, catalog, end, seed), seed=seed)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point: ``OUTDIR [--end YYYY-MM-DD] [--days N] [--skus N] [--seed N]``.

    :param argv: arguments without the program name; ``None`` means ``sys.argv[1:]``.
    :returns: the process exit code (0 on success; bad arguments exit with 2).
    """
    parser = argparse.ArgumentParser(
        prog="python -m amzsheet.samples.exports",
        description="Write invented Amazon Seller Central All Orders and Unshipped Orders reports.",
    )
    parser.add_argument("outdir", metavar="OUTDIR", type=pathlib.Path, help="folder to write the reports to")
    parser.add_argument("--end", type=_parse_date, default=None, help="last day of data (default: today)")
    parser.add_argument("--days", type=int, default=120, help="days of orders (default: 120)")
    parser.add_argument("--skus", type=int, default=40, help="number of products (default: 40)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default: 7)")
    parser.add_argument(
        "--reports",
        type=_parse_reports,
        default=DEFAULT_REPORTS,
        help=f"comma-separated reports, or 'all' (default: {','.join(DEFAULT_REPORTS)}; all: {','.join(REPORTS)})",
    )
    args = parser.parse_args(argv)
    end = args.end if args.end is not None else dt.date.today()
    try:
        paths = write_sample_exports(
            args.outdir, end, days=args.days, skus=args.skus, seed=args.seed, reports=args.reports
        )
    except ValueError as exc:
        parser.error(str(exc))
    for path in paths:
        print(path)
    return 0


# --------------------------------------------------------------------------------------------- small helpers


def _validate(days: int, skus: int) -> None:
    if days < MIN_DAYS:
        raise ValueError(f"days must be at least {MIN_DAYS}, got {days}")
    if not MIN_SKUS <= skus <= len(_PRODUCTS):
        raise ValueError(f"skus must be between {MIN_SKUS} and {len(_PRODUCTS)}, got {skus}")


def _validate_reports(reports: Collection[str]) -> set[str]:
    wanted = {reports} if isinstance(reports, str) else set(reports)
    unknown = sorted(wanted - set(REPORTS))
    if unknown:
        raise ValueError(f"unknown report(s) {', '.join(unknown)}; choose from {', '.join(REPORTS)}")
    return wanted


def _parse_reports(text: str) -> tuple[str, ...]:
    names = REPORTS if text.strip() == "all" else tuple(name.strip() for name in text.split(",") if name.strip())
    try:
        _validate_reports(names)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return names


def _simulated(
    end: dt.date, days: int, skus: int, seed: int
) -> tuple[dt.date, np.random.Generator, list[_Product], list[_Order]]:
    """The order history of the arguments; ``rng`` is left where the unshipped report continues it."""
    end = end.date() if isinstance(end, dt.datetime) else end
    _validate(days, skus)
    rng = np.random.default_rng(seed)
    ids = _Ids(rng)
    catalog = _build_catalog(rng, ids, skus)
    return end, rng, catalog, _simulate(rng, ids, catalog, end, days)


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def _seconds(rng: np.random.Generator, low_hours: float, high_hours: float) -> dt.timedelta:
    return dt.timedelta(seconds=int(rng.uniform(low_hours, high_hours) * 3600))


def _snapshot(end: dt.date) -> dt.datetime:
    return dt.datetime(end.year, end.month, end.day, SNAPSHOT_HOUR_UTC, tzinfo=_UTC)


def _money(cents: int | None) -> str:
    """Format like Amazon: ``7.49``, ``25.9``, ``14.0`` (at most 2 decimals, at least 1)."""
    if cents is None:
        return ""
    whole, rest = divmod(cents, 100)
    if rest % 10 == 0:
        return f"{whole}.{rest // 10}"
    return f"{whole}.{rest:02d}"


def _bool(value: bool) -> str:
    return "true" if value else "false"


# --------------------------------------------------------------------------------------------- catalogue


def _build_catalog(rng: np.random.Generator, ids: _Ids, count: int) -> list[_Product]:
    """Pick ``count`` products, with Zipf-like popularity and a fixed FBA/FBM channel each."""
    optional = rng.permutation(np.arange(_ALWAYS_INCLUDED, len(_PRODUCTS)))[: count - _ALWAYS_INCLUDED]
    indices = list(range(_ALWAYS_INCLUDED)) + [int(i) for i in optional]
    indices = [indices[int(i)] for i in rng.permutation(count)]
    weights = _popularity(rng, count)
    fba = _fba_flags(rng, count)
    catalog = []
    for slot, index in enumerate(indices):
        sku, name, cents = _PRODUCTS[index]
        catalog.append(_Product(sku, name, ids.asin(), cents, bool(fba[slot]), float(weights[slot])))
    return catalog


def _popularity(rng: np.random.Generator, count: int) -> np.ndarray:
    """Zipf weights over a random ranking; the 2-3 last-ranked products get weight 0 (sold almost never)."""
    ranks = rng.permutation(count)
    weights = 1.0 / (ranks + 1.0) ** 1.05
    dead = int(rng.integers(2, 4)) if count >= 10 else 0
    weights[ranks >= count - dead] = 0.0
    return weights / weights.sum()


def _fba_flags(rng: np.random.Generator, count: int) -> np.ndarray:
    n_fba = min(count - 1, max(1, round(_FBA_SHARE * count)))
    flags = np.zeros(count, dtype=bool)
    flags[rng.permutation(count)[:n_fba]] = True
    return flags


# --------------------------------------------------------------------------------------------- orders


def _simulate(rng: np.random.Generator, ids: _Ids, catalog: list[_Product], end: dt.date, days: int) -> list[_Order]:
    """Create all orders and their status histories up to the snapshot."""
    snapshot = _snapshot(end)
    orders = _daily_orders(rng, ids, catalog, end, days, snapshot)
    orders += _orders_for_unsold(rng, ids, catalog, end, days, orders)
    overdue = _overdue_orders(rng, ids, catalog, end)
    for order in orders:
        _assign_lifecycle(rng, order, snapshot, force_pending=_keeps_unshipped(rng, order, snapshot))
    for order in overdue:
        _assign_lifecycle(rng, order, snapshot, force_pending=True)
    return orders + overdue


def _expected_orders(day_index: int, days: int, day: dt.date) -> float:
    trend = _TREND_START + (1.0 - _TREND_START) * day_index / max(days - 1, 1)
    weekend = _WEEKEND_FACTOR if day.weekday() >= 5 else 1.0
    return _BASE_ORDERS_PER_DAY * trend * weekend


def _daily_orders(
    rng: np.random.Generator, ids: _Ids, catalog: list[_Product], end: dt.date, days: int, snapshot: dt.datetime
) -> list[_Order]:
    weights = np.array([p.weight for p in catalog])
    orders = []
    for day_index in range(days):
        day = end - dt.timedelta(days=days - 1 - day_index)
        for _ in range(int(rng.poisson(_expected_orders(day_index, days, day)))):
            purchased = _purchase_time(rng, day)
            primary = catalog[int(rng.choice(len(catalog), p=weights))]
            if purchased < snapshot:
                orders.append(_new_order(rng, ids, catalog, primary, purchased))
    return orders


def _orders_for_unsold(
    rng: np.random.Generator, ids: _Ids, catalog: list[_Product], end: dt.date, days: int, orders: list[_Order]
) -> list[_Order]:
    """Give every product that did not sell 1-2 single-item orders, so every SKU appears."""
    sold = {line.product.sku for order in orders for line in order.lines}
    extra = []
    for product in catalog:
        if product.sku in sold:
            continue
        for _ in range(int(rng.integers(1, 3))):
            day = end - dt.timedelta(days=int(rng.integers(1, days)))
            extra.append(_new_order(rng, ids, catalog, product, _purchase_time(rng, day), multi=False))
    return extra


def _overdue_orders(rng: np.random.Generator, ids: _Ids, catalog: list[_Product], end: dt.date) -> list[_Order]:
    """2-4 merchant-fulfilled orders placed 4-6 days before ``end`` that will stay unshipped."""
    fbm = [p for p in catalog if not p.fba and p.weight > 0] or [p for p in catalog if not p.fba]
    weights = np.array([p.weight for p in fbm]) + 1e-3
    orders = []
    for _ in range(int(rng.integers(2, 5))):
        day = end - dt.timedelta(days=int(rng.integers(4, 7)))
        product = fbm[int(rng.choice(len(fbm), p=weights / weights.sum()))]
        orders.append(_new_order(rng, ids, catalog, product, _purchase_time(rng, day)))
    return orders


def _purchase_time(rng: np.random.Generator, day: dt.date) -> dt.datetime:
    weights = np.array(_HOUR_WEIGHTS)
    hour = int(rng.choice(24, p=weights / weights.sum()))
    second = int(rng.integers(3600))
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=_UTC)
    return midnight + dt.timedelta(hours=hour, seconds=second)


def _new_order(
    rng: np.random.Generator,
    ids: _Ids,
    catalog: list[_Product],
    primary: _Product,
    purchased: dt.datetime,
    *,
    multi: bool = True,
) -> _Order:
    products = [primary] + (_extra_products(rng, catalog, primary) if multi else [])
    lines = [_Line(p, _quantity(rng), ids.item_id()) for p in products]
    level = _service_level(rng, primary.fba)
    return _Order(
        order_id=ids.order_id(),
        purchased=purchased,
        fba=primary.fba,
        lines=lines,
        service_level=level,
        address=_address(rng),
        business=bool(rng.random() < _BUSINESS_SHARE),
        tax_rate=None if rng.random() < _NO_TAX_SHARE else float(rng.uniform(0.06, 0.0825)),
        shipping_cents=_shipping_cents(rng, primary.fba, level),
    )


def _extra_products(rng: np.random.Generator, catalog: list[_Product], primary: _Product) -> list[_Product]:
    """Other SKUs of a multi-item order, from the same channel (Amazon splits mixed orders)."""
    if rng.random() >= _MULTI_SKU_SHARE:
        return []
    pool = [p for p in catalog if p.fba == primary.fba and p.weight > 0 and p.sku != primary.sku]
    wanted = 1 if rng.random() < 0.7 else 2
    if not pool:
        return []
    weights = np.array([p.weight for p in pool])
    picked = rng.choice(len(pool), size=min(wanted, len(pool)), replace=False, p=weights / weights.sum())
    return [pool[int(i)] for i in picked]


def _quantity(rng: np.random.Generator) -> int:
    roll = rng.random()
    return 1 if roll < 0.80 else 2 if roll < 0.95 else 3


def _service_level(rng: np.random.Generator, fba: bool) -> str:
    roll = rng.random()
    if fba:
        return "Standard" if roll < 0.70 else "Expedited" if roll < 0.90 else "SecondDay"
    return "Standard" if roll < 0.85 else "Expedited" if roll < 0.97 else "SecondDay"


def _shipping_cents(rng: np.random.Generator, fba: bool, level: str) -> int | None:
    """Shipping is charged only on some faster merchant-fulfilled orders (mostly empty)."""
    if fba or level == "Standard" or rng.random() < 0.3:
        return None
    return 599 if level == "Expedited" else 899


def _address(rng: np.random.Generator) -> _Address:
    city, state, zip5 = _pick(rng, _PLACES)
    if rng.random() < 0.5:
        city = city.upper()
    postal = f"{zip5}-{_digits(rng, 4)}" if rng.random() < 0.4 else zip5
    return _Address(city, state, postal)


# --------------------------------------------------------------------------------------------- lifecycle


def _keeps_unshipped(rng: np.random.Generator, order: _Order, snapshot: dt.datetime) -> bool:
    """About 20 % of merchant-fulfilled orders of the last 3 days are not shipped yet."""
    recent = snapshot - order.purchased < dt.timedelta(days=3)
    return not order.fba and recent and bool(rng.random() < _KEEP_UNSHIPPED_SHARE)


def _assign_lifecycle(rng: np.random.Generator, order: _Order, snapshot: dt.datetime, *, force_pending: bool) -> None:
    """Set ``order.events``: Pending, then its later states; only those up to the snapshot."""
    pending_at = min(order.purchased + dt.timedelta(seconds=int(rng.integers(0, 600))), snapshot)
    events = [(pending_at, PENDING)]
    if not force_pending:
        events += _later_events(rng, order)
    order.events = sorted(e for e in events if e[0] <= snapshot)


def _later_events(rng: np.random.Generator, order: _Order) -> list[tuple[dt.datetime, str]]:
    if rng.random() < _CANCEL_SHARE:
        return [(order.purchased + _seconds(rng, 0.5, 30), CANCELLED)]
    shipped = order.purchased + _ship_delay(rng, order.fba)
    events = [(shipped, SHIPPED)]
    roll = rng.random()
    if roll < _RETURN_SHARE:
        events.append((shipped + _seconds(rng, 5 * 24, 12 * 24), RETURNED))
    elif roll < _RETURN_SHARE + _DELIVERED_SHARE[order.fba]:
        events.append((shipped + _seconds(rng, 2 * 24, 7 * 24), DELIVERED))
    return events


def _ship_delay(rng: np.random.Generator, fba: bool) -> dt.timedelta:
    if fba:
        return _seconds(rng, 2, 24)
    return _seconds(rng, 3, 24) if rng.random() < 0.8 else _seconds(rng, 24, 66)


# --------------------------------------------------------------------------------------------- All Orders


def _write_all_orders(folder: pathlib.Path, orders: list[_Order], end: dt.date, days: int) -> list[pathlib.Path]:
    """One file per 30-day period of last-updated-date; each state of an order goes to its own period."""
    buckets: list[list[tuple[tuple, list[str]]]] = [[] for _ in range(math.ceil(days / PERIOD_DAYS))]
    for order in orders:
        for when, status in order.events:
            period = (end - when.date()).days // PERIOD_DAYS
            for position, line in enumerate(order.lines):
                key = (-order.purchased.timestamp(), order.order_id, when, position)
                buckets[period].append((key, _all_orders_row(order, line, when, status)))
    paths = []
    for period, bucket in enumerate(buckets):
        last = end - dt.timedelta(days=period * PERIOD_DAYS)
        first = last - dt.timedelta(days=PERIOD_DAYS - 1)
        path = folder / f"All-Orders-{first.isoformat()}-to-{last.isoformat()}.txt"
        write_tsv(path, ALL_ORDERS_HEADER, [row for _, row in sorted(bucket, key=lambda item: item[0])], "\r\n")
        paths.append(path)
    return paths


def _all_orders_row(order: _Order, line: _Line, when: dt.datetime, status: str) -> list[str]:
    product = line.product
    head = [
        order.order_id, order.order_id if order.fba else "", _iso(order.purchased), _iso(when), status,
        "Amazon" if order.fba else "Merchant", "Amazon.com", "" if order.fba else "WebsiteOrderChannel", "",
        order.service_level, product.name, product.sku, product.asin,
    ]  # fmt: skip
    money = _line_amounts(order, line, status)
    tail = [
        "", "", "", "", order.address.city, order.address.state, order.address.postal, "US", "",
        _bool(order.business), "", "",
    ]  # fmt: skip
    return head + money + tail


def _line_amounts(order: _Order, line: _Line, status: str) -> list[str]:
    """``item-status .. shipping-tax`` for one line in one state."""
    if status == CANCELLED:
        return ["", "0", "USD", "", "", "", ""]
    price, tax, shipping, shipping_tax = _line_money(order, line, taxed=status != PENDING)
    item_status = "Unshipped" if status == PENDING else "Shipped"
    return [item_status, str(line.quantity), "USD", _money(price), _money(tax), _money(shipping), _money(shipping_tax)]


def _line_money(order: _Order, line: _Line, *, taxed: bool) -> tuple[int, int | None, int | None, int | None]:
    """``item-price, item-tax, shipping-price, shipping-tax`` in cents (None = empty field)."""
    price = line.product.unit_cents * line.quantity
    shipping = order.shipping_cents if line is order.lines[0] else None
    rate = order.tax_rate if taxed else None
    tax = round(price * rate) if rate is not None else None
    shipping_tax = round(shipping * rate) if rate is not None and shipping is not None else None
    return price, tax, shipping, shipping_tax


# --------------------------------------------------------------------------------------------- Unshipped Orders


def _write_unshipped(
    rng: np.random.Generator, folder: pathlib.Path, orders: list[_Order], end: dt.date
) -> pathlib.Path:
    """Merchant-fulfilled orders whose latest state at the snapshot is Pending."""
    reporting = _snapshot(end)
    waiting = [o for o in orders if not o.fba and o.events and o.events[-1][1] == PENDING]
    rows: list[list[str]] = []
    for order in sorted(waiting, key=lambda o: (o.purchased, o.order_id)):
        buyer = _buyer(rng)
        rows.extend(_unshipped_row(order, line, buyer, reporting) for line in order.lines)
    path = folder / f"Unshipped-Orders-{end.isoformat()}.txt"
    write_tsv(path, UNSHIPPED_HEADER, rows, "\n")
    return path


def _unshipped_row(order: _Order, line: _Line, buyer: _Buyer, reporting: dt.datetime) -> list[str]:
    promise = _promise_date(order.purchased)
    quantity = str(line.quantity)
    return [
        order.order_id, line.item_id, _iso(order.purchased), _iso(order.purchased), _iso(reporting),
        _iso(promise), str((reporting - promise).days), buyer.email, buyer.name, buyer.phone,
        line.product.sku, line.product.name, quantity, "0", quantity, order.service_level, buyer.recipient,
        buyer.address1, buyer.address2, "", order.address.city, order.address.state, order.address.postal,
        "US", _bool(order.business), "", "", "false", "false", "false",
    ]  # fmt: skip


def _buyer(rng: np.random.Generator) -> _Buyer:
    first, last = _pick(rng, _FIRST_NAMES), _pick(rng, _LAST_NAMES)
    name = f"{first} {last}"
    recipient = name if rng.random() < 0.8 else f"{_pick(rng, _FIRST_NAMES)} {last}"
    local_part = "".join(_pick(rng, _EMAIL_CHARS) for _ in range(14))
    phone = f"+1 {int(rng.integers(201, 990))}-555-01{_digits(rng, 2)}"
    street = f"{int(rng.integers(10, 9990))} {_pick(rng, _STREETS)} {_pick(rng, _STREET_SUFFIXES)}"
    unit = f"Apt {int(rng.integers(1, 40))}{_pick(rng, 'ABCD')}" if rng.random() < 0.3 else ""
    return _Buyer(f"{local_part}@marketplace.amazon.com", name, phone, recipient, street, unit)


def _promise_date(purchased: dt.datetime) -> dt.datetime:
    """Ship-by: purchase day (Pacific) + 2 days at 23:59:59 Pacific, as UTC."""
    local_day = (purchased + _pacific_offset(purchased)).date() + dt.timedelta(days=2)
    local_end = dt.datetime.combine(local_day, dt.time(23, 59, 59), tzinfo=_UTC)
    guess = local_end + dt.timedelta(hours=8)
    return local_end - _pacific_offset(guess)


# --------------------------------------------------------------------------------------------- other reports


def _history(orders: list[_Order], catalog: list[_Product], end: dt.date, seed: int) -> History:
    """The orders as :mod:`amzsheet.samples.reports` sees them: cancelled lines dropped, money as in All Orders.

    Buyers are drawn from their own generator, so the default reports stay as they are.
    """
    rng = np.random.default_rng([seed, 1])
    listings = {p.sku: Listing(p.sku, p.name, p.asin, p.unit_cents, p.fba) for p in catalog}
    lines = []
    for order in sorted(orders, key=lambda o: (o.purchased, o.order_id)):
        times = {status: when for when, status in order.events}
        buyer = _buyer(rng)
        if CANCELLED in times:
            continue
        address = order.address
        party = Party(buyer.email, buyer.name, buyer.phone, buyer.recipient, buyer.address1, buyer.address2,
                      address.city, address.state, address.postal)  # fmt: skip
        for line in order.lines:
            price, tax, shipping, shipping_tax = _line_money(order, line, taxed=True)
            lines.append(
                SoldLine(order.order_id, line.item_id, listings[line.product.sku], line.quantity, order.purchased,
                         times.get(SHIPPED), times.get(DELIVERED), times.get(RETURNED), order.service_level, party,
                         price, tax, shipping, shipping_tax)
            )  # fmt: skip
    return History(end, _snapshot(end), tuple(listings.values()), tuple(lines))


if __name__ == "__main__":
    raise SystemExit(main())
