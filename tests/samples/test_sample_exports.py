"""Tests for amzsheet.samples.exports: invented Seller Central exports in the real formats."""

from __future__ import annotations

import csv
import datetime as dt
import pathlib
from collections import Counter, defaultdict

import pytest

from amzsheet.samples.exports import ALL_ORDERS_HEADER, REPORTS, UNSHIPPED_HEADER, main, write_sample_exports

END = dt.date(2026, 11, 27)
COMMITTED = pathlib.Path(__file__).resolve().parents[2] / "sample_workbooks" / "exports"
ALL_ORDERS_COLUMNS = [
    "amazon-order-id",
    "merchant-order-id",
    "purchase-date",
    "last-updated-date",
    "order-status",
    "fulfillment-channel",
    "sales-channel",
    "order-channel",
    "url",
    "ship-service-level",
    "product-name",
    "sku",
    "asin",
    "item-status",
    "quantity",
    "currency",
    "item-price",
    "item-tax",
    "shipping-price",
    "shipping-tax",
    "gift-wrap-price",
    "gift-wrap-tax",
    "item-promotion-discount",
    "ship-promotion-discount",
    "ship-city",
    "ship-state",
    "ship-postal-code",
    "ship-country",
    "promotion-ids",
    "is-business-order",
    "purchase-order-number",
    "price-designation",
]
UNSHIPPED_COLUMNS = [
    "order-id",
    "order-item-id",
    "purchase-date",
    "payments-date",
    "reporting-date",
    "promise-date",
    "days-past-promise",
    "buyer-email",
    "buyer-name",
    "buyer-phone-number",
    "sku",
    "product-name",
    "quantity-purchased",
    "quantity-shipped",
    "quantity-to-ship",
    "ship-service-level",
    "recipient-name",
    "ship-address-1",
    "ship-address-2",
    "ship-address-3",
    "ship-city",
    "ship-state",
    "ship-postal-code",
    "ship-country",
    "is-business-order",
    "purchase-order-number",
    "price-designation",
    "is-iba",
    "verge-of-cancellation",
    "verge-of-lateShipment",
]
SHIPPED_STATES = {"Shipped", "Shipped - Delivered to Buyer", "Shipped - Returned to Seller"}


def _read(path: pathlib.Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _records(path: pathlib.Path) -> list[dict[str, str]]:
    header, *rows = _read(path)
    return [dict(zip(header, row)) for row in rows]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[pathlib.Path]:
    return write_sample_exports(tmp_path_factory.mktemp("exports"), END)


@pytest.fixture(scope="module")
def all_orders_files(written: list[pathlib.Path]) -> list[pathlib.Path]:
    return [p for p in written if p.name.startswith("All-Orders-")]


@pytest.fixture(scope="module")
def unshipped_file(written: list[pathlib.Path]) -> pathlib.Path:
    (path,) = [p for p in written if p.name.startswith("Unshipped-Orders-")]
    return path


@pytest.fixture(scope="module")
def all_orders(all_orders_files: list[pathlib.Path]) -> list[dict[str, str]]:
    return [record for path in all_orders_files for record in _records(path)]


@pytest.fixture(scope="module")
def unshipped(unshipped_file: pathlib.Path) -> list[dict[str, str]]:
    return _records(unshipped_file)


def test_file_names_and_sorted_result(written: list[pathlib.Path]) -> None:
    assert written == sorted(written)
    assert [p.name for p in written] == [
        "All-Orders-2026-07-31-to-2026-08-29.txt",
        "All-Orders-2026-08-30-to-2026-09-28.txt",
        "All-Orders-2026-09-29-to-2026-10-28.txt",
        "All-Orders-2026-10-29-to-2026-11-27.txt",
        "Unshipped-Orders-2026-11-27.txt",
    ]
    assert all(p.is_file() for p in written)


def test_headers_are_exact(all_orders_files: list[pathlib.Path], unshipped_file: pathlib.Path) -> None:
    assert list(ALL_ORDERS_HEADER) == ALL_ORDERS_COLUMNS and len(ALL_ORDERS_COLUMNS) == 32
    assert list(UNSHIPPED_HEADER) == UNSHIPPED_COLUMNS and len(UNSHIPPED_COLUMNS) == 30
    for path in all_orders_files:
        assert _read(path)[0] == ALL_ORDERS_COLUMNS
    assert _read(unshipped_file)[0] == UNSHIPPED_COLUMNS


def test_every_row_has_header_width(written: list[pathlib.Path]) -> None:
    for path in written:
        header, *rows = _read(path)
        assert rows, path.name
        assert all(len(row) == len(header) for row in rows), path.name


def test_line_endings_and_encoding(all_orders_files: list[pathlib.Path], unshipped_file: pathlib.Path) -> None:
    for path in all_orders_files:
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")
        assert data.endswith(b"\r\n")
        assert data.count(b"\n") == data.count(b"\r\n") == data.count(b"\r")
        assert all(line.endswith(b"\t\t") for line in data.split(b"\r\n")[1:-1])
    data = unshipped_file.read_bytes()
    assert b"\r" not in data and data.endswith(b"\n")
    assert not data.startswith(b"\xef\xbb\xbf")


def test_same_seed_gives_identical_bytes(tmp_path: pathlib.Path) -> None:
    first = write_sample_exports(tmp_path / "a", END, days=30, skus=30, seed=3)
    second = write_sample_exports(tmp_path / "b", END, days=30, skus=30, seed=3)
    other = write_sample_exports(tmp_path / "c", END, days=30, skus=30, seed=4)
    assert [p.name for p in first] == [p.name for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second))
    assert first[0].read_bytes() != other[0].read_bytes()


def test_distinct_skus_equal_requested(all_orders: list[dict[str, str]], tmp_path: pathlib.Path) -> None:
    assert len({r["sku"] for r in all_orders}) == 40
    small = write_sample_exports(tmp_path, END, days=10, skus=33)
    rows = [r for p in small if p.name.startswith("All-Orders-") for r in _records(p)]
    assert len({r["sku"] for r in rows}) == 33


def test_product_names(all_orders: list[dict[str, str]]) -> None:
    names = {r["product-name"] for r in all_orders}
    assert len([n for n in names if n.startswith("=")]) == 1
    assert any(not n.isascii() for n in names)
    assert any('"' in n for n in names) and any("&" in n for n in names) and any("," in n for n in names)


def test_multi_sku_orders_exist(all_orders: list[dict[str, str]]) -> None:
    skus_per_order: dict[str, set[str]] = defaultdict(set)
    for r in all_orders:
        skus_per_order[r["amazon-order-id"]].add(r["sku"])
    multi = sum(1 for skus in skus_per_order.values() if len(skus) > 1)
    assert 0.08 < multi / len(skus_per_order) < 0.18
    assert max(len(skus) for skus in skus_per_order.values()) == 3


def test_values_look_like_amazon(all_orders: list[dict[str, str]]) -> None:
    for r in all_orders[:500]:
        parts = r["amazon-order-id"].split("-")
        assert [len(p) for p in parts] == [3, 7, 7] and all(p.isdigit() for p in parts)
        assert r["purchase-date"].endswith("+00:00") and r["last-updated-date"] >= r["purchase-date"]
        fba = r["fulfillment-channel"] == "Amazon"
        assert r["merchant-order-id"] == (r["amazon-order-id"] if fba else "")
        assert r["order-channel"] == ("" if fba else "WebsiteOrderChannel")
        assert r["currency"] == "USD" and r["ship-country"] == "US" and r["sales-channel"] == "Amazon.com"
        assert len(r["asin"]) == 10 and r["asin"].startswith("B0")
    prices = {r["item-price"] for r in all_orders}
    assert any(len(p.split(".")[1]) == 1 for p in prices if p)
    assert any(len(p.split(".")[1]) == 2 for p in prices if p)


def test_unit_prices_plausible(all_orders: list[dict[str, str]]) -> None:
    for r in all_orders:
        if r["order-status"] == "Cancelled":
            assert r["quantity"] == "0" and r["item-status"] == ""
            continue
        quantity = int(r["quantity"])
        assert 1 <= quantity <= 3
        assert 6 <= float(r["item-price"]) / quantity <= 60


def test_status_mix(all_orders: list[dict[str, str]]) -> None:
    latest: dict[tuple[str, str], dict[str, str]] = {}
    for r in all_orders:
        key = (r["amazon-order-id"], r["sku"])
        if key not in latest or r["last-updated-date"] > latest[key]["last-updated-date"]:
            latest[key] = r
    counts = Counter(r["order-status"] for r in latest.values())
    total = sum(counts.values())
    assert set(counts) == SHIPPED_STATES | {"Pending", "Cancelled"}
    assert 0.01 < counts["Cancelled"] / total < 0.06
    assert 0.25 < counts["Shipped - Delivered to Buyer"] / total < 0.55
    assert 15 <= total / 120 <= 40  # order lines per day


def test_unshipped_orders_never_shipped(all_orders: list[dict[str, str]], unshipped: list[dict[str, str]]) -> None:
    assert unshipped
    states: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in all_orders:
        states[(r["amazon-order-id"], r["sku"], r["purchase-date"])].add(r["order-status"])
    for u in unshipped:
        seen = states[(u["order-id"], u["sku"], u["purchase-date"])]
        assert seen == {"Pending"}, u["order-id"]
        assert u["quantity-shipped"] == "0" and u["quantity-to-ship"] == u["quantity-purchased"]
    item_ids = [u["order-item-id"] for u in unshipped]
    assert len(set(item_ids)) == len(item_ids) and all(len(i) == 14 and i.isdigit() for i in item_ids)


def test_some_unshipped_orders_are_overdue(unshipped: list[dict[str, str]]) -> None:
    reporting = dt.datetime(2026, 11, 27, 6, tzinfo=dt.timezone.utc)
    promises = [dt.datetime.fromisoformat(u["promise-date"]) for u in unshipped]
    assert any(p < reporting for p in promises)
    assert any(p > reporting for p in promises)
    for u, promise in zip(unshipped, promises):
        assert u["reporting-date"] == "2026-11-27T06:00:00+00:00"
        assert promise.strftime("%M:%S") == "59:59" and promise.hour in (6, 7)  # 23:59:59 Pacific
        assert int(u["days-past-promise"]) == (reporting - promise).days


def test_default_call_reproduces_the_committed_sample(tmp_path: pathlib.Path) -> None:
    """The committed exports come from ``python -m amzsheet.samples.workbook sample_workbooks --end 2026-11-24``."""
    committed = sorted(p for p in COMMITTED.iterdir() if p.name.startswith(("All-Orders", "Unshipped")))
    assert [p.name for p in committed] == [
        "All-Orders-2026-07-28-to-2026-08-26.txt",
        "All-Orders-2026-08-27-to-2026-09-25.txt",
        "All-Orders-2026-09-26-to-2026-10-25.txt",
        "All-Orders-2026-10-26-to-2026-11-24.txt",
        "Unshipped-Orders-2026-11-24.txt",
    ]
    written = write_sample_exports(tmp_path, dt.date(2026, 11, 24), days=120, skus=40, seed=7)
    assert [p.name for p in written] == [p.name for p in committed]
    for new, old in zip(written, committed):
        assert new.read_bytes() == old.read_bytes(), new.name


def test_report_selection(tmp_path: pathlib.Path) -> None:
    assert REPORTS[:2] == ("all-orders", "unshipped") and len(REPORTS) == 11
    only = write_sample_exports(tmp_path / "u", END, days=10, skus=8, reports=["unshipped"])
    assert [p.name for p in only] == ["Unshipped-Orders-2026-11-27.txt"]
    both = write_sample_exports(tmp_path / "b", END, days=10, skus=8)
    assert only[0].read_bytes() == both[-1].read_bytes()
    assert write_sample_exports(tmp_path / "n", END, days=10, skus=8, reports=()) == []
    with pytest.raises(ValueError, match="unknown report.*all-orders, unshipped, fulfilled-shipments"):
        write_sample_exports(tmp_path, END, reports=["orders"])


def test_cli_writes_files(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "out"), "--end", "2026-03-10", "--days", "14", "--skus", "12", "--seed", "1"]) == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["All-Orders-2026-02-09-to-2026-03-10.txt", "Unshipped-Orders-2026-03-10.txt"]
    assert capsys.readouterr().out.count("\n") == 2


def test_cli_reports_option(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [str(tmp_path / "out"), "--end", "2026-03-10", "--days", "14", "--skus", "12"]
    assert main([*args, "--reports", "fba-inventory, date-range"]) == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["FBA-Inventory-2026-03-10.txt", "Feb9-Mar10CustomTransaction.csv"]
    assert main([str(tmp_path / "all"), "--end", "2026-03-10", "--days", "14", "--skus", "12", "--reports", "all"]) == 0
    assert len(list((tmp_path / "all").iterdir())) == 11  # one settlement report: the history is 14 days
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        main([*args, "--reports", "settlement"])
    assert exit_info.value.code == 2 and "unknown report(s) settlement" in capsys.readouterr().err


@pytest.mark.parametrize("kwargs", [{"days": 3}, {"skus": 2}, {"skus": 500}])
def test_rejects_bad_arguments(tmp_path: pathlib.Path, kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        write_sample_exports(tmp_path, END, **kwargs)
