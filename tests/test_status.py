"""amzsheet status: the morning to-do list as text (coloured or plain) and JSON, read-only, and its errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import threading
import time
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner
from helpers import TODAY

import amzsheet
from amzsheet import api
from amzsheet.briefing_text import LIMIT, RENDERERS, json_text, render_briefing, short_briefing
from amzsheet.cli import cli
from amzsheet.model.briefing import Briefing, CountDue, LateDelivery, OutOfStock, Reorder, ReviewRequest, ShipLine
from amzsheet.model.metrics import Metric
from amzsheet.storage.locking import workbook_lock

ANSI = "\x1b["
SELLER_CENTRAL = "https://sellercentral.amazon.com/orders-v3/order"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _crafted() -> Briefing:
    day = dt.date(2026, 12, 3)
    return Briefing(
        as_of=day,
        ship_today=tuple(ShipLine(f"111-000{n}", "MUG-BLUE" if n % 2 else "TEA", day) for n in range(1, 8)),
        overdue=(
            ShipLine("112-0001", "MUG-BLUE", dt.date(2026, 11, 30)),
            ShipLine("112-0001", "TEA", dt.date(2026, 11, 30)),
            ShipLine(None, "KETTLE", dt.date(2026, 12, 2)),
        ),
        late_delivery=(LateDelivery("113-0001", "TEA", dt.date(2026, 12, 1), dt.date(2026, 11, 27), "UPS", "1Z9"),),
        reorder=(Reorder("MUG-BLUE", 1200, day), Reorder("TEA", 24, dt.date(2026, 12, 5))),
        out_of_stock=(OutOfStock("TEA", "Green tea, " + "very " * 10 + "fine", -2, 24),),
        count_due=(CountDue("KETTLE", "Kettle", day, None), CountDue("TEA", None, dt.date(2026, 11, 1), day)),
        review_requests=(
            ReviewRequest("114-0001", ("TEA",), dt.date(2026, 11, 4), day, "US", f"{SELLER_CENTRAL}/114-0001"),
            ReviewRequest(
                "114-0002",
                ("MUG-BLUE", "TEA"),
                dt.date(2026, 11, 27),
                dt.date(2026, 12, 27),
                "UK",
                "https://sellercentral.amazon.co.uk/orders-v3/order/114-0002",
            ),
        ),  # fmt: skip
    )


def test_every_section_of_the_briefing_has_a_renderer():
    """A new section is one Briefing field plus one renderer: a field without its renderer fails here."""
    assert list(RENDERERS) == [field.name for field in dataclasses.fields(Briefing) if field.name != "as_of"]


def test_the_text_is_each_section_with_its_count_and_first_items():
    text = click.unstyle(render_briefing(_crafted(), "tracker.xlsx"))
    assert text == (
        "tracker.xlsx, as of 2026-12-03\n"
        "Ship today: 7 orders\n"
        "  111-0001  MUG-BLUE\n"
        "  111-0002  TEA\n"
        "  111-0003  MUG-BLUE\n"
        "  111-0004  TEA\n"
        "  111-0005  MUG-BLUE\n"
        "  … and 2 more\n"
        "Overdue: 1 order (3 lines)\n"
        "  112-0001       MUG-BLUE  ship by 2026-11-30, 3 days late\n"
        "  112-0001       TEA       ship by 2026-11-30, 3 days late\n"
        "  (no Order ID)  KETTLE    ship by 2026-12-02, 1 day late\n"
        "Late deliveries: 1 order\n"
        "  113-0001  TEA  due 2026-12-01  shipped 2026-11-27  UPS 1Z9\n"
        "Reorder: 2 SKUs (1,224 units)\n"
        "  MUG-BLUE  1,200  by 2026-12-03\n"
        "  TEA          24  by 2026-12-05\n"
        "Out of stock: 1 SKU\n"
        "  TEA  -2 available  24 on order  Green tea, very very very very very very very v…\n"
        "Counts due: 2 SKUs\n"
        "  KETTLE  due 2026-12-03  never counted            Kettle\n"
        "  TEA     due 2026-11-01  last counted 2026-12-03\n"
        "Review requests: 2 orders\n"
        "  114-0001  TEA          delivered 2026-11-04  closes 2026-12-03  "
        "https://sellercentral.amazon.com/orders-v3/order/114-0001\n"
        "  114-0002  MUG-BLUE +1  delivered 2026-11-27  closes 2026-12-27  "
        "https://sellercentral.amazon.co.uk/orders-v3/order/114-0002"
    )


def test_only_the_metrics_off_target_are_listed_with_their_figures():
    metrics = {
        "late_shipment_rate_10d": Metric("Late Shipment Rate", 10, 0.0625, 48, 3, 0.04, False),
        "pre_fulfillment_cancel_rate_7d": Metric("Pre-fulfillment Cancel Rate", 7, 0.0, 20, 0, 0.025, True),
        "valid_tracking_rate_30d": Metric("Valid Tracking Rate", 30, 0.9, 40, 4, 0.95, False, above=True),
        "on_time_delivery_rate_14d": Metric("On-Time Delivery Rate", 14, None, 0, 0, 0.9, None, above=True),
    }
    text = click.unstyle(render_briefing(Briefing(as_of=TODAY, metrics=metrics), "t.xlsx"))
    assert text.splitlines()[-3:] == [
        "Seller metrics off target: 2 of 4",
        "  Late Shipment Rate, 10 days   6.3 %  3 of 48 orders shipped late      target under 4 %",
        "  Valid Tracking Rate, 30 days  90 %   4 of 40 orders without tracking  target above 95 %",
    ]


def test_an_empty_briefing_says_so():
    text = click.unstyle(render_briefing(Briefing(as_of=TODAY), "t.xlsx"))
    assert text == (
        "t.xlsx, as of 2026-11-25\nShip today: none\nOverdue: none\nLate deliveries: none\nReorder: none\n"
        "Out of stock: none\nCounts due: none\nReview requests: none\nNothing to do."
    )


def test_the_refresh_summary_ends_with_the_headlines():
    lines = [click.unstyle(line) for line in short_briefing(_crafted(), "my tracker.xlsx")]
    assert lines == [
        'To do on 2026-12-03 (the list: amzsheet status "my tracker.xlsx"):',
        "  Ship today: 7 orders   Overdue: 1 order (3 lines)   Late deliveries: 1 order",
        "  Reorder: 2 SKUs (1,224 units)   Out of stock: 1 SKU   Counts due: 2 SKUs",
        "  Review requests: 2 orders",
    ]


def test_the_json_text_is_one_object_with_one_item_a_line():
    text = json_text(_crafted())
    assert json.loads(text) == _crafted().to_json_dict()
    lines = text.splitlines()
    assert lines[:4] == ["{", '  "as_of": "2026-12-03",', '  "ship_today": [',
                         '    {"order_id": "111-0001", "sku": "MUG-BLUE", "ship_by": "2026-12-03"},']  # fmt: skip
    assert '    {"sku": "TEA", "qty": 24, "order_by": "2026-12-05"}' in lines
    items = sum(len(items) for items in _crafted().sections().values())
    assert '    {"order_id": "114-0002", "skus": ["MUG-BLUE", "TEA"], "delivered_date": "2026-11-27", ' \
        '"window_closes": "2026-12-27", "marketplace": "UK", ' \
        '"link": "https://sellercentral.amazon.co.uk/orders-v3/order/114-0002"}' in lines  # fmt: skip
    nulls = ['  "metrics": null,', '  "changes": null']  # sections the crafted briefing has no data for
    assert lines[-3:-1] == nulls
    assert len(lines) == len(["{", "as_of", "}"]) + 7 * len(["name: [", "]"]) + items + len(nulls)  # an item a line

    @dataclasses.dataclass(frozen=True)
    class WithChanges(Briefing):
        changes: dict | None = None

    changed = WithChanges(as_of=TODAY, changes={"lines_added": 3, "shipped": 2})
    assert json_text(changed).endswith('  "changes": {\n    "lines_added": 3,\n    "shipped": 2\n  }\n}')
    assert json.loads(json_text(changed))["changes"] == {"lines_added": 3, "shipped": 2}
    assert json.loads(json_text(WithChanges(as_of=TODAY)))["changes"] is None


def test_status_on_the_sample_workbook_as_text(runner, sample_workbook):
    result = runner.invoke(cli, ["status", str(sample_workbook), "--today", "2026-11-25"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{sample_workbook}, as of 2026-11-25"
    expected = amzsheet.status(sample_workbook, TODAY)
    overdue = lines.index(f"Overdue: 6 orders ({len(expected.overdue)} lines)")
    assert lines[overdue + 1].split() == [expected.overdue[0].order_id, expected.overdue[0].sku, "ship", "by",
                                          "2026-11-19,", "6", "days", "late"]  # fmt: skip
    assert lines[overdue + LIMIT + 1] == f"  … and {len(expected.overdue) - LIMIT} more"
    assert f"Reorder: {len(expected.reorder)} SKUs (" in result.output


def test_colours_on_a_terminal_and_none_when_piped(runner, sample_workbook):
    args = ["status", str(sample_workbook), "--today", "2026-11-25"]
    coloured = runner.invoke(cli, args, color=True)
    plain = runner.invoke(cli, args, color=False)
    assert coloured.exit_code == plain.exit_code == 0
    assert ANSI in coloured.output and ANSI not in plain.output
    assert click.unstyle(coloured.output) == plain.output
    assert "\x1b[31m\x1b[1mOverdue: 6 orders" in coloured.output  # red: already late
    summary = runner.invoke(cli, ["refresh", str(sample_workbook), "--today", "2026-11-25"], color=False)
    assert ANSI not in summary.output


def test_the_json_on_the_sample_workbook(runner, sample_workbook):
    result = runner.invoke(cli, ["status", str(sample_workbook), "--today", "2026-11-25", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    keys = ["as_of", "ship_today", "overdue", "late_delivery", "reorder", "out_of_stock", "count_due"]
    keys += ["review_requests", "metrics", "changes"]
    assert list(data) == keys and data["as_of"] == "2026-11-25"
    orders = amzsheet.open_workbook(sample_workbook).recompute(TODAY).orders
    for key, alert in (("ship_today", "SHIP TODAY"), ("overdue", "OVERDUE"), ("late_delivery", "LATE DELIVERY")):
        lines = orders[orders["Alert"] == alert]
        assert len(data[key]) == len(lines) > LIMIT or key == "ship_today"  # every line, not the first five
        assert {(item["order_id"], item["sku"]) for item in data[key]} == set(zip(lines["Order ID"], lines["SKU"]))
    assert len(data["ship_today"]) == 6
    assert all(list(item) == ["order_id", "sku", "ship_by"] for item in data["ship_today"] + data["overdue"])
    assert {item["ship_by"] for item in data["ship_today"]} == {"2026-11-25"}
    assert data["overdue"][0] == {"order_id": "111-7999638-1564319", "sku": "HM-BASKET-WOVEN", "ship_by": "2026-11-19"}
    inventory = amzsheet.reorder_list(sample_workbook, today=TODAY).set_index("SKU")
    assert {item["sku"]: item["qty"] for item in data["reorder"]} == inventory["Reorder Qty"].astype(int).to_dict()
    assert all(list(item) == ["sku", "qty", "order_by"] and type(item["qty"]) is int for item in data["reorder"])
    assert {item["order_by"] for item in data["reorder"]} == {"2026-11-25"}
    assert data["out_of_stock"][0] == {"sku": "HM-PLANTER-POT", "available": 0, "on_order": 0,
                                       "product_name": 'Ceramic Plant Pots with Drainage, 6" & 8", 2 Pack'}  # fmt: skip
    assert data["count_due"][0] == {"sku": "HM-TOWEL-BATH", "next_count": "2026-09-16", "last_count": "2026-08-17",
                                    "product_name": "Turkish Cotton Bath Towels, Set of 4, Sage Green"}  # fmt: skip
    tracker = amzsheet.open_workbook(sample_workbook)
    (made,) = tracker.changes["Refreshed At"]  # the sample is made by one refresh (then the seller's inputs)
    assert data["changes"] == {
        "refreshed_at": made.isoformat(),
        "as_of": "2026-11-25",
        "reports": tracker.imports["File"].tolist(),
        "lines_added": len(tracker.orders),
        "lines_updated": 0,
        "shipped": 0,
        "delivered": 0,
        "cancelled": 0,
        "returned": 0,
        "new_skus": 40,
        "stock_changed": [],
        "stock_changed_count": 0,
    }
    assert data == amzsheet.status(sample_workbook, TODAY).to_json_dict()


def test_the_day_is_today_option_else_the_reference_date_else_today_in_the_settings_time_zone(
    runner, sample_workbook, monkeypatch
):
    assert amzsheet.open_workbook(sample_workbook).settings.reference_date == TODAY
    assert api.status(sample_workbook).as_of == TODAY
    later = api.status(sample_workbook, dt.date(2026, 11, 26))
    shipped_today = {(line.order_id, line.sku) for line in api.status(sample_workbook).ship_today}
    assert later.as_of == dt.date(2026, 11, 26) and shipped_today <= {(ln.order_id, ln.sku) for ln in later.overdue}
    seen: list[str] = []
    monkeypatch.setattr(api, "_now", lambda settings: seen.append(settings.time_zone) or dt.datetime(2026, 12, 3, 6))
    amzsheet.refresh(sample_workbook)  # a refresh without --today clears the Reference date
    assert amzsheet.open_workbook(sample_workbook).settings.reference_date is None
    seen.clear()
    assert api.status(sample_workbook).as_of == dt.date(2026, 12, 3)
    assert seen == [amzsheet.open_workbook(sample_workbook).settings.time_zone]
    result = runner.invoke(cli, ["status", str(sample_workbook), "--json"])
    assert json.loads(result.output)["as_of"] == "2026-12-03"


def test_status_only_reads_even_while_excel_or_a_refresh_has_the_workbook(runner, sample_workbook):
    past = time.time() - 3600
    os.utime(sample_workbook, (past, past))
    before, stamp = sample_workbook.read_bytes(), sample_workbook.stat().st_mtime_ns
    folder = set(sample_workbook.parent.iterdir())
    (sample_workbook.parent / f"~${sample_workbook.name}").write_bytes(b"Excel")  # open in Excel: fine for reading
    released = threading.Event()
    held = threading.Event()

    def refresh_running() -> None:
        with workbook_lock(sample_workbook):
            held.set()
            released.wait(60)

    other = threading.Thread(target=refresh_running)
    other.start()
    try:
        held.wait(10)
        started = time.monotonic()
        for args in (["--json"], []):
            result = runner.invoke(cli, ["status", str(sample_workbook), "--today", "2026-11-25", *args])
            assert result.exit_code == 0, result.output
        assert time.monotonic() - started < 30  # never waits for the refresh's lock (a refresh waits 120 s)
    finally:
        released.set()
        other.join()
    assert sample_workbook.read_bytes() == before and sample_workbook.stat().st_mtime_ns == stamp
    added = set(sample_workbook.parent.iterdir()) - folder
    assert {path.name for path in added} == {f"~${sample_workbook.name}", f".{sample_workbook.name}.lock"}


def _not_a_tracker(path: Path) -> Path:
    openpyxl.Workbook().save(path)
    return path


@pytest.mark.parametrize(
    ("make", "sentence"),
    [
        (lambda folder: folder / "missing.xlsx", "cannot be opened (No such file or directory)"),
        (lambda folder: _write(folder / "orders.csv", b"sku\n"), "is a text file (.csv), not a tracker workbook"),
        (lambda folder: _write(folder / "broken.xlsx", b"not a zip"), "is damaged or not an .xlsx workbook"),
        (lambda folder: _not_a_tracker(folder / "budget.xlsx"), "is not an amzsheet tracker"),
        (lambda folder: _folder(folder / "tracker.xlsx"), "cannot be opened (Is a directory)"),
    ],
    ids=["missing", "csv", "damaged", "not-a-tracker", "folder"],
)
def test_a_bad_workbook_is_one_sentence_and_exit_code_1(runner, tmp_path, make, sentence):
    workbook = make(tmp_path)
    for args in ([], ["--json"]):
        result = runner.invoke(cli, ["status", str(workbook), *args])
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: {workbook} ") and sentence in result.output
        assert result.output.count("\n") == 1 and "Traceback" not in result.output


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def test_a_bad_today_is_a_usage_error(runner, sample_workbook):
    result = runner.invoke(cli, ["status", str(sample_workbook), "--today", "tomorrow"])
    assert result.exit_code == 2 and "'tomorrow' is not a date like 2026-11-25" in result.output


def test_the_refresh_summary_ends_with_the_briefing_of_the_refreshed_tracker(runner, sample_workbook):
    result = runner.invoke(cli, ["refresh", str(sample_workbook), "--today", "2026-11-26"])
    assert result.exit_code == 0, result.output
    briefing = amzsheet.status(sample_workbook)  # the Reference date the refresh stored
    assert briefing.as_of == dt.date(2026, 11, 26)
    expected = [click.unstyle(line) for line in short_briefing(briefing, str(sample_workbook))]
    assert result.output.splitlines()[-len(expected) :] == expected
    assert expected[1].startswith("  Ship today: none   Overdue: 12 orders (13 lines)   Late deliveries: ")
