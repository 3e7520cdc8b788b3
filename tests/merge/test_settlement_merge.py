"""Settlement reports in the workbook: every amount once, whatever else was imported and in which order."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import TODAY, recalc, write_all_orders
from helpers.ooxml_check import check_workbook, format_problems
from helpers.settlement_files import CHARGEBACK, DEPOSIT, ORDER, SETTLEMENT_ID, settlement_file

import amzsheet
from amzsheet.contract.money import SETTLEMENT_COLUMNS
from amzsheet.contract.schema import PAYMENT_COLUMNS, Settings
from amzsheet.contract.tables import conform
from amzsheet.merge.settlements import merge_settlement
from amzsheet.model.money_lines import is_transfer
from amzsheet.reports.reading import read_report
from amzsheet.samples.reports import write_date_range_variant

OTHER_SETTLEMENT = "11542700000"


def _date_range(path):
    """Date Range transactions: two of the settlement (less detailed), its transfer, and one of a later settlement."""
    sale = {"date/time": "Nov 3, 2026 2:00:00 AM PST", "settlement id": SETTLEMENT_ID, "type": "Order",
            "order id": ORDER, "sku": "43110", "quantity": 2, "marketplace": "amazon.com",
            "product sales": "1234.56", "shipping credits": "4.99", "promotional rebates": "-20.00",
            "selling fees": "-185.93", "fba fees": "-12.88", "total": "1020.74"}  # fmt: skip
    fee = {"date/time": "Nov 10, 2026 2:00:00 AM PST", "settlement id": SETTLEMENT_ID, "type": "Service Fee",
           "description": "Subscription", "other transaction fees": "-39.99", "total": "-39.99"}  # fmt: skip
    transfer = {"date/time": "Nov 16, 2026 2:00:00 AM PST", "settlement id": SETTLEMENT_ID, "type": "Transfer",
                "description": "To account ending in: 123", "other": f"-{DEPOSIT}", "total": f"-{DEPOSIT}"}  # fmt: skip
    later = {"date/time": "Nov 18, 2026 2:00:00 AM PST", "settlement id": OTHER_SETTLEMENT, "type": "Order",
             "order id": "114-0000004-0000004", "sku": "MUG-01", "quantity": 1, "marketplace": "amazon.com",
             "product sales": "19.99", "selling fees": "-3.00", "total": "16.99"}  # fmt: skip
    return write_date_range_variant(path, [sale, fee, transfer, later], locale="en_US")


def _orders(tmp_path):
    line = {"purchase-date": "2026-11-02T15:00:00+00:00", "last-updated-date": "2026-11-03T15:00:00+00:00",
            "order-status": "Shipped", "fulfillment-channel": "Amazon", "sku": "MUG-01", "quantity": "1",
            "item-price": "19.99"}  # fmt: skip
    return write_all_orders(
        tmp_path / "all-orders.txt",
        [line | {"amazon-order-id": ORDER, "sku": "43110", "quantity": "2"}, line | {"amazon-order-id": CHARGEBACK}],
    )


def _refresh(folder, *runs):
    """Refresh a new workbook in ``folder`` once per run of report files; the last result."""
    folder.mkdir(exist_ok=True)
    workbook = folder / "tracker.xlsx"
    for files in runs:
        result = amzsheet.refresh(workbook, files, today=TODAY)
    return result


def _payments(tracker) -> pd.DataFrame:
    """Payments as a set of amounts, in an order that does not depend on the import order."""
    columns = ["Settlement ID", "Type", "Order ID", "Description", "Amount Type", "Total"]
    rows = tracker.payments[columns].astype(object).where(tracker.payments[columns].notna(), None)
    return rows.sort_values(columns, key=lambda values: values.astype(str)).reset_index(drop=True)


def _lines_of(tracker, settlement_id):
    payments = tracker.payments
    return payments[payments["Settlement ID"] == settlement_id]


def test_a_settlement_replaces_the_date_range_transactions_of_its_id(tmp_path):
    date_range, settlement = _date_range(tmp_path / "dr.csv"), settlement_file(tmp_path / "settlement.txt")
    before = _refresh(tmp_path, [_orders(tmp_path), date_range]).tracker
    assert len(_lines_of(before, SETTLEMENT_ID)) == 3
    tracker = _refresh(tmp_path, [settlement]).tracker
    lines = _lines_of(tracker, SETTLEMENT_ID)
    assert lines["Amount Type"].notna().all()  # only the settlement's lines: the Date Range rows are gone
    assert round(lines["Total"].sum(), 2) == float(DEPOSIT)  # to the cent
    assert _lines_of(tracker, OTHER_SETTLEMENT)["Total"].tolist() == [16.99]  # another settlement's row stays
    row = tracker.settlements.iloc[0]
    assert (row["Settlement ID"], row["Currency"], row["Total Amount"]) == (SETTLEMENT_ID, "USD", float(DEPOSIT))
    assert (row["Lines Total"], row["Difference"], row["Report"]) == (float(DEPOSIT), 0, "settlement.txt")


def test_date_range_transactions_of_an_imported_settlement_are_not_added(tmp_path):
    settlement, date_range = settlement_file(tmp_path / "settlement.txt"), _date_range(tmp_path / "dr.csv")
    first = _refresh(tmp_path / "a", [settlement], [date_range]).tracker
    second = _refresh(tmp_path / "b", [date_range], [settlement]).tracker
    together = _refresh(tmp_path / "c", [date_range, settlement]).tracker
    reversed_ = _refresh(tmp_path / "d", [settlement, date_range]).tracker
    for tracker in (first, second, together, reversed_):
        assert round(_lines_of(tracker, SETTLEMENT_ID)["Total"].sum(), 2) == float(DEPOSIT)
        pd.testing.assert_frame_equal(_payments(tracker), _payments(first))
    assert together.payments["Settlement ID"].tolist() == reversed_.payments["Settlement ID"].tolist()


def test_the_same_settlement_imported_twice_changes_nothing(tmp_path):
    once = _refresh(tmp_path, [settlement_file(tmp_path / "settlement.txt")]).tracker
    (tmp_path / "again").mkdir()
    again = settlement_file(tmp_path / "again" / "settlement.txt", line_end="\r\n")  # new bytes: imported again
    twice = _refresh(tmp_path, [again]).tracker
    pd.testing.assert_frame_equal(twice.payments, once.payments)
    pd.testing.assert_frame_equal(twice.settlements, once.settlements)


def test_a_chargeback_line_marks_its_order(tmp_path):
    tracker = _refresh(tmp_path, [_orders(tmp_path), settlement_file(tmp_path / "settlement.txt")]).tracker
    claims = tracker.orders.set_index("Order ID")["Claim"]
    assert claims[CHARGEBACK] == "Chargeback" and pd.isna(claims[ORDER])


def test_net_proceeds_add_up_to_every_amount_but_transfers(tmp_path):
    european = settlement_file(tmp_path / "de.txt", settlement_id="22000000001", european=True, currency="EUR")
    tracker = _refresh(
        tmp_path, [_orders(tmp_path), _date_range(tmp_path / "dr.csv"), settlement_file(tmp_path / "s.txt"), european]
    ).tracker
    payments = tracker.payments
    kept = payments[~is_transfer(payments)]
    for currency in ("USD", "EUR"):
        profit = tracker.profit[tracker.profit["Currency"] == currency]
        lines = kept[kept["Currency"].fillna("USD") == currency]
        assert round(profit["Net Proceeds"].sum(), 2) == round(lines["Total"].sum(), 2)
    assert tracker.settlements["Difference"].tolist() == [0, 0]
    assert tracker.settlements["Currency"].tolist() == ["USD", "EUR"]


@pytest.mark.libreoffice
def test_the_written_settlements_and_profit_match_libreoffice_and_are_valid(soffice, tmp_path):
    files = [_orders(tmp_path), _date_range(tmp_path / "dr.csv"), settlement_file(tmp_path / "settlement.txt")]
    result = _refresh(tmp_path, files)
    workbook = tmp_path / "tracker.xlsx"
    problems = check_workbook(workbook)
    assert not problems, format_problems(workbook, problems)
    checked, mismatches = recalc.compare(workbook, recalc.recalculate(workbook, tmp_path))
    report = "\n".join(f"{m.sheet}!{m.cell} {m.formula}: {m.cached!r} vs {m.recalculated!r}" for m in mismatches)
    assert not mismatches, report
    assert checked > 0
    reopened = amzsheet.open_workbook(workbook)
    assert reopened.settlements["Difference"].tolist() == [0]
    assert reopened.payments["SKU"].dropna().isin(["43110", "MUG-01", "LAMP-02"]).all()  # text, as written
    assert len(reopened.payments) == len(result.tracker.payments)


def test_what_the_seller_typed_on_replaced_payments_rows_stays_on_their_lines(tmp_path):
    """A column of the seller's own on Payments (a tick) keeps its values when a settlement replaces rows."""
    lines = read_report(settlement_file(tmp_path / "settlement.txt"), Settings()).lines
    date_range = read_report(_date_range(tmp_path / "dr.csv"), Settings()).lines
    payments = conform(date_range, PAYMENT_COLUMNS).assign(Checked=["sale ok", "fee ok", "bank ok", "later ok"])
    merged, _ = merge_settlement(payments, conform(pd.DataFrame(), SETTLEMENT_COLUMNS), lines)
    checked = merged.dropna(subset=["Checked"]).set_index("Checked")
    # The sale's tick goes to its Principal line; the other settlement's row keeps its own.
    sale = checked.loc["sale ok", ["Order ID", "Amount Type", "Description"]].tolist()
    assert sale == [ORDER, "ItemPrice", "Principal"]
    assert checked.loc["later ok", "Settlement ID"] == OTHER_SETTLEMENT
    assert len(checked) == 2  # the subscription and the transfer are named otherwise in the settlement
    # A new download of the same settlement: every tick stays on its own line.
    ticked = merged.assign(Checked=[f"tick {n}" for n in range(len(merged))])
    again, _ = merge_settlement(ticked, conform(pd.DataFrame(), SETTLEMENT_COLUMNS), lines)
    key = ["Settlement ID", "Order ID", "Amount Type", "Description", "Total", "Checked"]
    in_order = [frame[key].sort_values("Checked").reset_index(drop=True) for frame in (again, ticked)]
    pd.testing.assert_frame_equal(*in_order)
