"""Tests for amzsheet.samples.reports: the other Seller Central reports of the simulated orders."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import pathlib
import re
from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from amzsheet.samples.exports import (
    AFS_HEADER,
    DATE_RANGE_HEADER,
    DATE_RANGE_LOCALES,
    DATE_RANGE_PREAMBLE,
    FBA_INVENTORY_HEADER,
    FBA_RETURNS_HEADER,
    REPORTS,
    RESTOCK_HEADER,
    SELLER_RETURNS_HEADER,
    sample_date_range_rows,
    write_date_range_variant,
    write_report_variant,
    write_sample_exports,
)

END = dt.date(2026, 11, 24)  # the committed sample: sample_workbooks/exports, days=120, skus=40, seed=7
AFS = "Amazon-Fulfilled-Shipments-2026-11-24.txt"
INVENTORY = "FBA-Inventory-2026-11-24.txt"
FBA_RETURNS = "FBA-Returns-2026-11-24.txt"
SELLER_RETURNS = "Returns-2026-11-24.txt"
RESTOCK = "Restock-Inventory-2026-11-24.txt"
DATE_RANGE = "Oct26-Nov24CustomTransaction.csv"
RETURNED = "Shipped - Returned to Seller"
AMOUNTS = DATE_RANGE_HEADER[DATE_RANGE_HEADER.index("product sales") :]


def _tsv(path: pathlib.Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        header, *rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
    assert all(len(row) == len(header) for row in rows), path.name
    return [dict(zip(header, row)) for row in rows]


def _date_range_table(data: bytes, encoding: str = "utf-8") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


def _returned(latest: dict, channel: str) -> dict[tuple[str, str], dict[str, str]]:
    """All Orders lines of ``channel`` whose latest state is "Shipped - Returned to Seller"."""
    return {k: r for k, r in latest.items() if r["order-status"] == RETURNED and r["fulfillment-channel"] == channel}


def _en_amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("reports")
    write_sample_exports(out, END, reports=REPORTS)
    return out


@pytest.fixture(scope="module")
def latest(folder: pathlib.Path) -> dict[tuple[str, str], dict[str, str]]:
    """The newest All Orders line of every (order id, sku)."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for path in sorted(folder.glob("All-Orders-*.txt")):
        for row in _tsv(path):
            key = (row["amazon-order-id"], row["sku"])
            if key not in found or row["last-updated-date"] >= found[key]["last-updated-date"]:
                found[key] = row
    return found


@pytest.fixture(scope="module")
def unshipped_ids(folder: pathlib.Path) -> set[str]:
    return {row["order-id"] for row in _tsv(folder / "Unshipped-Orders-2026-11-24.txt")}


@pytest.fixture(scope="module")
def afs(folder: pathlib.Path) -> list[dict[str, str]]:
    return _tsv(folder / AFS)


@pytest.fixture(scope="module")
def inventory(folder: pathlib.Path) -> list[dict[str, str]]:
    return _tsv(folder / INVENTORY)


@pytest.fixture(scope="module")
def date_range(folder: pathlib.Path) -> list[dict[str, str]]:
    header, *rows = _date_range_table((folder / DATE_RANGE).read_bytes())[7:]
    return [dict(zip(header, row)) for row in rows]


# --------------------------------------------------------------------------------------------- files and headers


def test_file_names_and_counts(folder: pathlib.Path) -> None:
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "Advertised-Product-2026-11-24.csv",
        "All-Orders-2026-07-28-to-2026-08-26.txt",
        "All-Orders-2026-08-27-to-2026-09-25.txt",
        "All-Orders-2026-09-26-to-2026-10-25.txt",
        "All-Orders-2026-10-26-to-2026-11-24.txt",
        AFS,
        INVENTORY,
        FBA_RETURNS,
        "Monthly-Storage-Fees-2026-10.txt",
        DATE_RANGE,
        RESTOCK,
        SELLER_RETURNS,
        "Settlement-22682013704.txt",
        "Settlement-22682098710.txt",
        "Unshipped-Orders-2026-11-24.txt",
    ]
    counts = {name: len(_tsv(folder / name)) for name in (AFS, INVENTORY, FBA_RETURNS, SELLER_RETURNS, RESTOCK)}
    assert counts == {AFS: 2058, INVENTORY: 26, FBA_RETURNS: 16, SELLER_RETURNS: 8, RESTOCK: 26}


def test_adding_reports_keeps_the_default_files(folder: pathlib.Path) -> None:
    committed = pathlib.Path(__file__).resolve().parents[2] / "sample_workbooks" / "exports"
    for path in sorted(committed.glob("*.txt")):
        assert (folder / path.name).read_bytes() == path.read_bytes(), path.name


HEADERS = {
    AFS: (AFS_HEADER, 48, "amazon-order-id", "sales-channel"),
    INVENTORY: (FBA_INVENTORY_HEADER, 21, "sku", "afn-future-supply-buyable"),
    FBA_RETURNS: (FBA_RETURNS_HEADER, 13, "return-date", "customer-comments"),
    SELLER_RETURNS: (SELLER_RETURNS_HEADER, 32, "Order ID", "Refunded Amount"),
    RESTOCK: (RESTOCK_HEADER, 30, "Country", "Unit storage size"),
}


@pytest.mark.parametrize("name", list(HEADERS))
def test_tsv_headers_and_bytes(folder: pathlib.Path, name: str) -> None:
    header, width, first, last = HEADERS[name]
    data = (folder / name).read_bytes()
    assert data.split(b"\n", 1)[0].decode().split("\t") == list(header)
    assert (len(header), header[0], header[-1]) == (width, first, last)
    assert b"\r" not in data and data.endswith(b"\n") and not data.startswith(b"\xef\xbb\xbf")


def test_headers_equal_the_real_samples(shared_samples: pathlib.Path) -> None:
    def first_line(name: str) -> list[str]:
        return (shared_samples / name).read_text(encoding="utf-8").splitlines()[0].rstrip().split("\t")

    assert first_line("amazon_fulfilled_shipments_us_2013_redacted.tsv") == list(AFS_HEADER)
    assert first_line("amazon_fulfilled_shipments_jp_2017_excel_roundtrip_redacted.tsv") == [
        *AFS_HEADER,
        "points-granted",
    ]
    assert first_line("airbyte_fixture_GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA_header.tsv") == list(
        FBA_INVENTORY_HEADER
    )
    assert first_line("airbyte_fixture_GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA_header.tsv") == list(
        FBA_RETURNS_HEADER
    )
    assert first_line("returns_flat_file_us_2025_from_markdown.tsv") == list(SELLER_RETURNS_HEADER)
    records = (shared_samples / "airbyte_expected_records_subset.jsonl").read_text(encoding="utf-8").splitlines()
    restock = [json.loads(r)["data"] for r in records if "RESTOCK" in r]
    assert [k for k in restock[0] if k != "dataEndTime"] == list(RESTOCK_HEADER)
    preamble = (shared_samples / "date_range_transaction_us_2017.csv").read_text(encoding="utf-8").splitlines()[:7]
    assert [row[0] for row in csv.reader(preamble)] == list(DATE_RANGE_PREAMBLE)


def test_date_range_bytes(folder: pathlib.Path) -> None:
    data = (folder / DATE_RANGE).read_bytes()
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and data.count(b"\n") == data.count(b"\r\n") == len(lines) - 1
    assert lines[0] == b'"Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon Webstore transactions"'
    assert lines[6].endswith(b'see the ""Type"" and ""Description"" columns for each order ID."')
    table = _date_range_table(data)
    assert table[7] == list(DATE_RANGE_HEADER) and len(DATE_RANGE_HEADER) == 28
    assert all(len(row) == 28 for row in table[8:])
    for line in lines[7:-1]:  # every field quoted: 27 '","' separators, a quote at both ends
        assert line.startswith(b'"') and line.endswith(b'"') and line.count(b'","') >= 27


# --------------------------------------------------------------------------------------------- AFS


def test_afs_covers_every_shipped_fba_line(afs: list[dict[str, str]], latest: dict, unshipped_ids: set[str]) -> None:
    shipped_fba = {
        key
        for key, row in latest.items()
        if row["fulfillment-channel"] == "Amazon" and row["order-status"].startswith("Shipped")
    }
    assert {(r["amazon-order-id"], r["sku"]) for r in afs} == shipped_fba
    assert not {r["amazon-order-id"] for r in afs} & unshipped_ids
    assert {r["fulfillment-channel"] for r in afs} == {"AFN"}
    assert {r["sales-channel"] for r in afs} == {"Amazon.com"}
    assert {r["carrier"] for r in afs} == {"AMZN_US", "UPS", "USPS"}


def test_afs_split_items_add_up(afs: list[dict[str, str]], latest: dict) -> None:
    parts: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for r in afs:
        parts[(r["amazon-order-id"], r["amazon-order-item-id"], r["sku"])].append(r)
    assert len(parts) == 2028
    split = {key: rows for key, rows in parts.items() if len(rows) > 1}
    assert len(split) == 30 and all(len(rows) == 2 for rows in split.values())
    for (order_id, _, sku), rows in parts.items():
        line = latest[(order_id, sku)]
        assert sum(int(r["quantity-shipped"]) for r in rows) == int(line["quantity"])
        assert sum(Decimal(r["item-price"]) for r in rows) == Decimal(line["item-price"])
        assert sum(Decimal(r["item-tax"]) for r in rows) == Decimal(line["item-tax"] or "0")
    for rows in split.values():
        assert rows[0]["shipment-id"] != rows[1]["shipment-id"]
        assert rows[0]["tracking-number"] != rows[1]["tracking-number"]
        assert rows[0]["shipment-date"] < rows[1]["shipment-date"]


def test_afs_ids_and_tracking_numbers_stay_text(afs: list[dict[str, str]]) -> None:
    item_ids = {r["amazon-order-item-id"] for r in afs}
    assert all(len(i) == 14 and i.isdigit() for i in item_ids)
    assert len([i for i in item_ids if i.startswith("0")]) == 257
    tracking = [r["tracking-number"] for r in afs]
    assert Counter(len(t) for t in tracking) == {15: 1032, 18: 496, 22: 368, 20: 162}
    assert len([t for t in tracking if t.startswith("0") and t.isdigit()]) == 162
    assert all(t.startswith("TBA") for r, t in zip(afs, tracking) if r["carrier"] == "AMZN_US")
    assert all(t.startswith("1Z") for r, t in zip(afs, tracking) if r["carrier"] == "UPS")
    assert len({r["shipment-item-id"] for r in afs}) == len(afs)
    assert all(re.fullmatch(r"D[A-Za-z0-9]{8}", r["shipment-id"]) for r in afs)


def test_afs_values(afs: list[dict[str, str]]) -> None:
    first = afs[0]
    assert first["amazon-order-id"] == "111-3540194-2848148"
    assert first["amazon-order-item-id"] == "06596228054668"
    assert (first["shipment-date"], first["estimated-arrival-date"]) == (
        "2026-07-28T08:05:27+00:00",
        "2026-07-31T03:00:00+00:00",  # 20:00 PDT
    )
    for r in afs:
        assert r["shipment-date"] == r["payments-date"] and r["purchase-date"] < r["shipment-date"]
        assert r["shipment-date"] <= r["reporting-date"] <= "2026-11-24T06:00:00+00:00"
        assert r["buyer-email"].endswith("@marketplace.amazon.com") and r["recipient-name"]
        assert r["merchant-order-id"] == r["merchant-order-item-id"] == r["bill-city"] == ""
        assert r["shipping-price"] == "0.00" and re.fullmatch(r"\d+\.\d\d", r["item-price"])


# --------------------------------------------------------------------------------------------- inventory and restock


def test_inventory_identities(inventory: list[dict[str, str]], latest: dict) -> None:
    fba_skus = {sku for (_, sku), row in latest.items() if row["fulfillment-channel"] == "Amazon"}
    assert [r["sku"] for r in inventory] == sorted(fba_skus)
    for r in inventory:
        q = {k: int(v) for k, v in r.items() if k.startswith("afn-") and k != "afn-listing-exists"}
        assert q["afn-warehouse-quantity"] == (
            q["afn-fulfillable-quantity"] + q["afn-unsellable-quantity"] + q["afn-reserved-quantity"]
        )
        assert q["afn-total-quantity"] == (
            q["afn-warehouse-quantity"]
            + q["afn-inbound-working-quantity"]
            + q["afn-inbound-shipped-quantity"]
            + q["afn-inbound-receiving-quantity"]
        )
        assert (r["afn-listing-exists"], r["mfn-listing-exists"], r["condition"]) == ("Yes", "No", "New")
        assert re.fullmatch(r"X00[A-Z0-9]{7}", r["fnsku"])
    assert sum(int(r["afn-fulfillable-quantity"]) == 0 for r in inventory) == 5
    assert sum(int(r["afn-total-quantity"]) for r in inventory) == 1462


def test_pending_fba_units_are_reserved(inventory: list[dict[str, str]], latest: dict) -> None:
    pending: Counter[str] = Counter()
    for (_, sku), row in latest.items():
        if row["fulfillment-channel"] == "Amazon" and row["order-status"] == "Pending":
            pending[sku] += int(row["quantity"])
    assert pending
    for r in inventory:
        assert int(r["afn-reserved-quantity"]) >= pending[r["sku"]]


def test_restock_agrees_with_inventory(folder: pathlib.Path, inventory: list[dict[str, str]]) -> None:
    restock = _tsv(folder / RESTOCK)
    assert [r["Merchant SKU"] for r in restock] == [r["sku"] for r in inventory]
    for r, inv in zip(restock, inventory):
        assert r["Available"] == inv["afn-fulfillable-quantity"] and r["Total Units"] == inv["afn-total-quantity"]
        assert r["FNSKU"] == inv["fnsku"] and r["Price"] == inv["your-price"]
        assert int(r["FC transfer"]) + int(r["FC Processing"]) + int(r["Customer Order"]) == int(
            inv["afn-reserved-quantity"]
        )
        assert int(r["Inbound"]) == int(r["Working"]) + int(r["Shipped"]) + int(r["Receiving"])
        assert r["Alert"] in {"out_of_stock", "reorder_now", ""}
        assert (r["Alert"] == "out_of_stock") == (r["Available"] == "0")
        assert (r["Recommended ship date"] == "none") == (r["Recommended replenishment qty"] == "0")
        assert r["Recommended ship date"] == "none" or dt.date.fromisoformat(r["Recommended ship date"]) >= END
        assert re.fullmatch(r"\d\.\d{4} ft3", r["Unit storage size"])
        fixed = [r["Country"], r["Supplier"], r["Fulfilled by"], r["Currency code"], r["Condition"]]
        assert fixed == ["US", "unassigned", "Amazon", "USD", "New"]
    assert Counter(r["Alert"] for r in restock) == {"": 17, "out_of_stock": 5, "reorder_now": 4}
    idle = [r for r in restock if r["Units Sold Last 30 Days"] == "0"]
    assert len(idle) == 3
    for r in idle:  # no sales: "0.0" and no days of supply, as in the real rows
        assert r["Sales last 30 days"] == "0.0" and r["Days of Supply at Amazon Fulfillment Network"] == ""


# --------------------------------------------------------------------------------------------- returns


def test_fba_returns_follow_returned_lines(folder: pathlib.Path, latest: dict, inventory: list) -> None:
    rows = _tsv(folder / FBA_RETURNS)
    returned = _returned(latest, "Amazon")
    units: Counter[tuple[str, str]] = Counter()
    for r in rows:
        units[(r["order-id"], r["sku"])] += int(r["quantity"])
        line = returned[(r["order-id"], r["sku"])]
        assert r["return-date"] <= line["last-updated-date"] and r["asin"] == line["asin"]
        assert re.fullmatch(r"LPN[A-Z]{2}\d{9}", r["license-plate-number"])
        assert r["status"] == "Unit returned to inventory"
    assert units == {key: int(line["quantity"]) for key, line in returned.items()}
    assert Counter(r["detailed-disposition"] for r in rows) == {"SELLABLE": 12, "CUSTOMER_DAMAGED": 2, "DEFECTIVE": 2}
    damaged: Counter[str] = Counter()
    for r in rows:
        if r["detailed-disposition"] != "SELLABLE":
            damaged[r["sku"]] += int(r["quantity"])
    assert {r["sku"]: int(r["afn-unsellable-quantity"]) for r in inventory if r["afn-unsellable-quantity"] != "0"} == (
        damaged
    )
    fnsku = {r["sku"]: r["fnsku"] for r in inventory}
    assert all(r["fnsku"] == fnsku[r["sku"]] for r in rows)


def test_seller_returns_follow_returned_lines(folder: pathlib.Path, latest: dict) -> None:
    rows = _tsv(folder / SELLER_RETURNS)
    returned = _returned(latest, "Merchant")
    assert {(r["Order ID"], r["Merchant SKU"]) for r in rows} == set(returned)
    for r in rows:
        line = returned[(r["Order ID"], r["Merchant SKU"])]
        assert Decimal(r["Order Amount"]) == Decimal(line["item-price"]) and r["Order quantity"] == line["quantity"]
        assert Decimal(r["Refunded Amount"]) == Decimal(line["item-price"]) + Decimal(line["item-tax"] or "0")
        for name in ("Order date", "Return request date", "Return delivery date"):
            assert re.fullmatch(r"\d\d-[A-Z][a-z]{2}-2026", r[name])
        assert dt.datetime.strptime(r["Return request date"], "%d-%b-%Y") >= dt.datetime.strptime(
            r["Order date"], "%d-%b-%Y"
        )
        assert r["Merchant RMA ID"] == r["Invoice number"] == r["SafeT claim id"] == " "
        assert {r["A-to-Z Claim"], r["Is prime"], r["In policy"]} <= {"Y", "N"}
        assert re.fullmatch(r"D[A-Za-z0-9]{8}RMA", r["Amazon RMA ID"])
    assert rows[0]["Order ID"] == "111-4080368-9122217" and rows[0]["Tracking ID"] == "01928182724104048458"


# --------------------------------------------------------------------------------------------- Date Range


def test_date_range_totals_are_the_sum_of_parts(date_range: list[dict[str, str]]) -> None:
    assert len(date_range) == 769
    assert Counter(r["type"] for r in date_range) == {"Order": 753, "Refund": 9, "Service Fee": 5, "Transfer": 2}
    for r in date_range:
        assert sum(_en_amount(r[name]) for name in AMOUNTS[:-1]) == _en_amount(r["total"])
        assert all(re.fullmatch(r"0|-?\d{1,3}(,\d{3})*\.\d\d", r[name]) for name in AMOUNTS)
    big = [r["total"] for r in date_range if abs(_en_amount(r["total"])) >= 1000]
    assert big and all("," in total for total in big)
    assert [r["total"] for r in date_range if r["type"] == "Transfer"] == ["-6,072.13", "-6,227.71"]


def test_date_range_matches_all_orders(date_range: list[dict[str, str]], latest: dict, unshipped_ids: set) -> None:
    for r in date_range:
        if r["type"] in ("Order", "Refund"):
            line = latest[(r["order id"], r["sku"])]
            sign = 1 if r["type"] == "Order" else -1
            assert _en_amount(r["product sales"]) == sign * Decimal(line["item-price"])
            assert r["quantity"] == line["quantity"] and r["description"] == line["product-name"]
            assert r["fulfillment"] == {"Amazon": "Amazon", "Merchant": "Seller"}[line["fulfillment-channel"]]
            fba_fees = _en_amount(r["fba fees"])
            assert fba_fees < 0 if r["type"] == "Order" and r["fulfillment"] == "Amazon" else fba_fees == 0
            selling = _en_amount(r["selling fees"])
            assert (selling < 0) if r["type"] == "Order" else (selling > 0)
            if r["type"] == "Order":  # 15 % referral fee of price plus shipping, at least $0.30 per unit
                base = _en_amount(r["product sales"]) + _en_amount(r["shipping credits"])
                minimum = Decimal("0.30") * int(r["quantity"])
                assert abs(-selling - base * Decimal("0.15")) <= Decimal("0.01") or -selling == minimum
        else:
            assert r["order id"] == r["sku"] == r["quantity"] == ""
    assert not {r["order id"] for r in date_range} & unshipped_ids
    refunded = {(r["order id"], r["sku"]) for r in date_range if r["type"] == "Refund"}
    assert all(latest[key]["order-status"] == RETURNED for key in refunded)


def test_date_range_dates(date_range: list[dict[str, str]]) -> None:
    zones = Counter()
    for r in date_range:
        local, zone = r["date/time"].rsplit(" ", 1)
        moment = dt.datetime.strptime(local, "%b %d, %Y %I:%M:%S %p")
        assert local == _us_local(moment)
        if zone == "PDT":  # 2 AM PDT on Nov 1 becomes 1 AM PST
            assert moment < dt.datetime(2026, 11, 1, 2)
        else:
            assert zone == "PST" and moment >= dt.datetime(2026, 11, 1, 1)
        assert dt.datetime(2026, 10, 26) <= moment < dt.datetime(2026, 11, 24)
        zones[zone] += 1
    assert zones == {"PDT": 143, "PST": 626}
    assert date_range[0]["date/time"] == "Oct 26, 2026 2:24:28 AM PDT"
    assert date_range[-1]["date/time"] == "Nov 23, 2026 8:19:04 PM PST"


def _us_local(moment: dt.datetime) -> str:
    """``Dec 1, 2017 12:38:23 AM``: day and hour without leading zeros."""
    hour = moment.hour % 12 or 12
    return f"{moment:%b} {moment.day}, {moment.year} {hour}:{moment:%M:%S %p}"


def test_sample_rows_rewrite_the_same_file(folder: pathlib.Path, tmp_path: pathlib.Path) -> None:
    rows = sample_date_range_rows(END)
    assert rows[0]["date/time"] == dt.datetime(2026, 10, 26, 9, 24, 28, tzinfo=dt.timezone.utc)
    assert isinstance(rows[0]["total"], Decimal)
    copy = write_date_range_variant(tmp_path / "copy.csv", rows, locale="en_US")
    assert copy.read_bytes() == (folder / DATE_RANGE).read_bytes()


# --------------------------------------------------------------------------------------------- localised variants

ROW = {
    "date/time": dt.datetime(2026, 11, 1, 8, 38, 23, tzinfo=dt.timezone.utc),
    "settlement id": "22682098710",
    "type": "Order",
    "order id": "113-0013318-7697855",
    "sku": "KT-GRIND-SP",
    "description": "Salt & Pepper Grinder Set",
    "quantity": 2,
    "marketplace": "amazon.com",
    "account type": "Standard Orders",
    "fulfillment": "Amazon",
    "product sales": Decimal("1052.64"),
    "selling fees": Decimal("-157.90"),
    "fba fees": -7.72,
    "total": Decimal("887.02"),
}
JP_HEADER = [
    "日付/時間", "決済番号", "トランザクションの種類", "注文番号", "SKU", "説明", "数量", "Amazon 出品サービス",
    "フルフィルメント", "市町村", "都道府県", "郵便番号", "税金徴収型", "商品売上", "商品の売上税", "配送料",
    "配送料の税金", "ギフト包装手数料", "ギフト包装クレジットの税金", "Amazonポイントの費用", "プロモーション割引額",
    "プロモーション割引の税金", "源泉徴収税を伴うマーケットプレイス", "手数料", "FBA 手数料",
    "トランザクションに関するその他の手数料", "その他", "合計",
]  # fmt: skip


def _variant(tmp_path: pathlib.Path, locale: str, encoding: str = "utf-8", rows=(ROW,)) -> dict[str, str]:
    path = write_date_range_variant(tmp_path / f"{locale}.csv", rows, locale=locale, encoding=encoding)
    header, row = _date_range_table(path.read_bytes(), encoding)[7:]
    return dict(zip(header, row))


def test_de_de_cp1252_round_trip(tmp_path: pathlib.Path) -> None:
    path = write_date_range_variant(tmp_path / "de.csv", [ROW], locale="de_DE", encoding="cp1252")
    data = path.read_bytes()
    assert b'"Ums\xe4tze"' in data and data.endswith(b"\r\n")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    row = _variant(tmp_path, "de_DE", "cp1252")
    assert len(row) == 27 and "account type" not in row
    assert row["Datum/Uhrzeit"] == "01.11.2026 08:38:23 GMT+00:00"
    assert (row["Typ"], row["Menge"], row["Versand"]) == ("Bestellung", "2", "Amazon")
    assert (row["Umsätze"], row["Verkaufsgebühren"], row["Gebühren zu Versand durch Amazon"]) == (
        "1.052,64",
        "-157,90",
        "-7,72",
    )
    assert row["Gesamt"] == "887,02" and row["Andere"] == "" and row["giftwrap credits tax"] == ""


def test_ja_jp_cp932_round_trip(tmp_path: pathlib.Path) -> None:
    path = write_date_range_variant(tmp_path / "jp.csv", [ROW], locale="ja_JP", encoding="cp932")
    table = _date_range_table(path.read_bytes(), "cp932")
    assert table[7] == JP_HEADER
    row = dict(zip(table[7], table[8]))
    assert row["日付/時間"] == "2026/11/01 17:38:23 JST"
    assert (row["トランザクションの種類"], row["商品売上"], row["FBA 手数料"]) == ("注文", "1,052.64", "-7.72")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    ("locale", "date_header", "date", "sales"),
    [
        ("en_US", "date/time", "Nov 1, 2026 1:38:23 AM PDT", "1,052.64"),
        ("de_DE", "Datum/Uhrzeit", "01.11.2026 08:38:23 GMT+00:00", "1.052,64"),
        ("fr_FR", "date/heure", "01.11.2026 08:38:23 GMT+00:00", "1.052,64"),
        ("it_IT", "Data/Ora:", "01.11.2026 08:38:23 GMT+00:00", "1.052,64"),
        ("es_ES", "fecha y hora", "01.11.2026 08:38:23 GMT+00:00", "1.052,64"),
        ("es_MX", "fecha/hora", "01.11.2026 08:38:23 GMT+00:00", "1,052.64"),
        ("pt_BR", "data/hora", "01.11.2026 08:38:23 GMT+00:00", "1.052,64"),
        ("ja_JP", "日付/時間", "2026/11/01 17:38:23 JST", "1,052.64"),
    ],
)
def test_locales(tmp_path: pathlib.Path, locale: str, date_header: str, date: str, sales: str) -> None:
    row = _variant(tmp_path, locale)
    assert row[date_header] == date
    assert sales in row.values()
    assert ("account type" in row) == (locale in {"en_US", "es_MX"})
    assert set(DATE_RANGE_LOCALES) >= {locale}


def test_variant_dates_and_types(tmp_path: pathlib.Path) -> None:
    winter = dict(ROW, **{"date/time": dt.datetime(2026, 12, 1, 20, 5, 7, tzinfo=dt.timezone.utc), "type": "Refund"})
    assert _variant(tmp_path, "en_US", rows=[winter])["date/time"] == "Dec 1, 2026 12:05:07 PM PST"
    assert _variant(tmp_path, "de_DE", rows=[winter])["Typ"] == "Erstattung"
    assert _variant(tmp_path, "ja_JP", rows=[winter])["トランザクションの種類"] == "返金"
    assert _variant(tmp_path, "fr_FR", rows=[winter])["type"] == "Refund"
    berlin = dict(ROW, **{"date/time": dt.datetime(2015, 1, 1, 21, 29, 20, tzinfo=dt.timezone(dt.timedelta(hours=1)))})
    assert _variant(tmp_path, "de_DE", rows=[berlin])["Datum/Uhrzeit"] == "01.01.2015 21:29:20 GMT+01:00"
    text = dict(ROW, **{"date/time": "Dec 1, 2017 12:38:23 AM PST", "total": "-1,052.64"})
    assert _variant(tmp_path, "de_DE", rows=[text])["Gesamt"] == "-1,052.64"  # strings pass through


def test_variant_rejects_bad_input(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="unknown locale"):
        write_date_range_variant(tmp_path / "x.csv", [ROW], locale="nl_NL")
    with pytest.raises(ValueError, match="unknown Date Range columns: product_sales"):
        write_date_range_variant(tmp_path / "x.csv", [{"product_sales": 1}], locale="en_US")


def test_utf8_sig_and_no_preamble(tmp_path: pathlib.Path) -> None:
    path = write_date_range_variant(tmp_path / "x.csv", [ROW], locale="en_US", encoding="utf-8-sig", preamble=())
    assert path.read_bytes().startswith(b'\xef\xbb\xbf"date/time","settlement id",')


def test_write_report_variant(tmp_path: pathlib.Path) -> None:
    header = ["Order ID", "Item Name", "Refunded Amount"]
    rows = [["113-0000001-0000001", "Crème Brûlée Torch", "21.38"], ["113-0000002-0000002", " "]]
    path = write_report_variant(tmp_path / "r.txt", header, rows, encoding="cp1252", line_end="\r\n")
    assert path.read_bytes() == (
        b"Order ID\tItem Name\tRefunded Amount\r\n"
        b"113-0000001-0000001\tCr\xe8me Br\xfbl\xe9e Torch\t21.38\r\n"
        b"113-0000002-0000002\t \r\n"
    )
    bom = write_report_variant(tmp_path / "b.txt", header, [], encoding="utf-8", line_end="\n", bom=True)
    assert bom.read_bytes() == "\ufeffOrder ID\tItem Name\tRefunded Amount\n".encode()
    sig = write_report_variant(tmp_path / "s.txt", header, [], encoding="utf-8-sig", line_end="\n", bom=True)
    assert sig.read_bytes() == bom.read_bytes()
    with pytest.raises(ValueError, match="UTF"):
        write_report_variant(tmp_path / "c.txt", header, [], encoding="cp1252", line_end="\n", bom=True)
    with pytest.raises(ValueError, match="bad row"):
        write_report_variant(tmp_path / "d.txt", header, [["a", "b", "c", "d"]], encoding="utf-8", line_end="\n")
    with pytest.raises(ValueError, match="bad row"):
        write_report_variant(tmp_path / "e.txt", header, [["a\tb"]], encoding="utf-8", line_end="\n")
    with pytest.raises(UnicodeEncodeError):
        write_report_variant(tmp_path / "f.txt", ["日付"], [], encoding="cp1252", line_end="\n")


def test_only_requested_reports_are_written(tmp_path: pathlib.Path) -> None:
    paths = write_sample_exports(tmp_path, END, days=20, skus=10, seed=3, reports=["fba-inventory", "restock"])
    assert [p.name for p in paths] == ["FBA-Inventory-2026-11-24.txt", "Restock-Inventory-2026-11-24.txt"]
    with pytest.raises(ValueError, match="unknown report"):
        write_sample_exports(tmp_path, END, reports=["all-orders", "settlement"])
