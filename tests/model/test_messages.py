"""Customer messages: a template filled in from an order's lines, and each reason it cannot be, in one sentence."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import make_orders

from amzsheet.contract.schema import MESSAGE_COLUMNS
from amzsheet.contract.tables import conform
from amzsheet.errors import MessageError
from amzsheet.model.messages import buyer_date, default_messages, fill_message

D = pd.Timestamp
ORDERS = make_orders(
    [
        {"Order ID": "111-0000001-0000001", "SKU": "MUG", "Product Name": "Mug", "Customer Name": "Ada Lovelace",
         "Order Status": "Shipped", "Carrier": "UPS", "Tracking Number": "1Z001", "Deliver By": D("2026-12-01")},
        {"Order ID": "111-0000001-0000001", "SKU": "TOWEL", "Product Name": "Towel", "Customer Name": "Ada Lovelace",
         "Order Status": "Shipped", "Carrier": "UPS", "Tracking Number": "1Z002", "Deliver By": D("2026-12-03")},
        {"Order ID": "111-0000001-0000001", "SKU": "MUG", "Product Name": "Mug", "Order Status": "Shipped",
         "Carrier": "UPS", "Tracking Number": "1Z001", "Deliver By": D("2026-12-02 18:30")},  # a second mug
        {"Order ID": "111-0000001-0000001", "SKU": "LAMP", "Product Name": "Lamp", "Order Status": "Cancelled",
         "Deliver By": D("2026-12-20")},  # cancelled: not in the message
        {"Order ID": "222-0000002-0000002", "SKU": "BASKET", "Product Name": "Basket with Handles, Large",
         "Order Status": "Unshipped", "Deliver By": D("2026-11-28")},
        {"Order ID": "222-0000002-0000002", "SKU": "KNIFE", "Product Name": "8\" Chef's Knife",
         "Order Status": "Unshipped", "Deliver By": D("2026-11-28")},
        {"Order ID": "333-0000003-0000003", "SKU": "MUG", "Product Name": "Mug", "Order Status": "Cancelled",
         "Customer Name": "Grace Hopper"},
    ]
)  # fmt: skip


def _templates(*rows: tuple[str | None, str | None, str | None]) -> pd.DataFrame:
    return conform(pd.DataFrame(rows, columns=["Template", "Subject", "Text"]), MESSAGE_COLUMNS)


MINE = _templates(
    ("Shipped", "Order {Order ID}", "Hi {customer name},\r\n{Product Name} ({ Tracking Number }, {Carrier}) by "
     "{Deliver By}."),
    ("No subject", None, "{Product Name}"),
    (None, None, "a row without a name"),
    ("Twice", None, "one"),
    ("twice ", None, "two"),
    ("Typo", "Order {Order Id}", "{Tracking No} {Ship By}"),
    ("Empty", "Subject only", None),
)  # fmt: skip


def test_a_template_is_filled_from_the_orders_lines():
    text = fill_message(ORDERS, MINE, "111-0000001-0000001", "Shipped")
    assert (
        text == "Subject: Order 111-0000001-0000001\n\nHi Ada Lovelace,\nMug, Towel (1Z001, 1Z002, UPS) by 3 Dec 2026."
    )


@pytest.mark.parametrize(
    ("order_id", "template", "expected"),
    [
        (" 111-0000001-0000001 ", "no subject", "Mug, Towel"),  # case and spaces do not matter
        ("222-0000002-0000002", "NO SUBJECT", "Basket with Handles, Large; 8\" Chef's Knife"),  # a name has a comma
        ("333-0000003-0000003", "No subject", "Mug"),  # an order all cancelled is itself
    ],
)
def test_names_and_ids_ignore_case_and_spaces_and_values_are_joined(order_id, template, expected):
    assert fill_message(ORDERS, MINE, order_id, template) == expected


def test_the_default_templates_fill_in_for_an_order_with_all_they_need():
    messages = default_messages()
    assert fill_message(ORDERS, messages, "111-0000001-0000001", "tracking") == (
        "Subject: Your order 111-0000001-0000001: tracking number\n\n"
        "Hello,\n\n"
        "Thank you for your message. Your order 111-0000001-0000001 (Mug, Towel) has shipped with UPS, tracking "
        "number 1Z001, 1Z002, and should arrive by 3 Dec 2026.\n\n"
        "If it has not arrived by then, please reply to this message and we will look into it right away.\n\n"
        "Kind regards"
    )
    review = fill_message(ORDERS, messages, "222-0000002-0000002", "Review request")
    assert review.startswith("Subject: Your order 222-0000002-0000002\n\nHello,\n\nYour order 222-0000002-0000002 (")


@pytest.mark.parametrize(
    ("order_id", "template", "sentence"),
    [
        ("999-1", "Shipped", "t.xlsx has no order '999-1' on Order Tracking; check the Order ID, or import the report "
         "that has the order first"),
        ("111-0000001-0000001", " Nope ", "t.xlsx has no message template named 'Nope'; its Messages sheet has "
         "Shipped, No subject, Twice, twice, Typo and Empty"),
        ("111-0000001-0000001", "", "t.xlsx has no message template named ''; its Messages sheet has Shipped, No "
         "subject, Twice, twice, Typo and Empty"),
        ("111-0000001-0000001", "TWICE", "t.xlsx, sheet 'Messages': 2 templates are named 'TWICE'; rename or delete "
         "all but one and run again"),
        ("111-0000001-0000001", "typo", "t.xlsx, sheet 'Messages': the template 'Typo' has the placeholder "
         "{Tracking No}, which amzsheet does not know; use {Customer Name}, {Product Name}, {Order ID}, "
         "{Tracking Number}, {Carrier} and {Deliver By}"),
        ("111-0000001-0000001", "Empty", "t.xlsx, sheet 'Messages': the template 'Empty' has no Text; type the "
         "message in its Text cell"),
        ("222-0000002-0000002", "Shipped", "t.xlsx: order 222-0000002-0000002 has no Customer Name, Tracking "
         "Number or Carrier on Order Tracking, and the template 'Shipped' needs them; type them on the order's "
         "line, or choose another template"),
        ("333-0000003-0000003", "shipped", "t.xlsx: order 333-0000003-0000003 has no Tracking Number, Carrier or "
         "Deliver By on Order Tracking, and the template 'Shipped' needs them; type them on the order's line, "
         "or choose another template"),
    ],
)  # fmt: skip
def test_each_reason_a_message_cannot_be_filled_is_one_sentence(order_id, template, sentence):
    with pytest.raises(MessageError) as raised:
        fill_message(ORDERS, MINE, order_id, template, workbook="t.xlsx")
    assert str(raised.value) == sentence


def test_one_blank_placeholder_is_named_alone():
    with pytest.raises(MessageError, match=r"has no Customer Name on Order Tracking, and the template 'Hi' needs it;"):
        fill_message(ORDERS, _templates(("Hi", None, "Hi {Customer Name}")), "222-0000002-0000002", "hi")


def test_a_tracker_without_templates_says_so():
    with pytest.raises(
        MessageError, match=r"^t.xlsx has no message template named 'Tracking'; its Messages sheet has none$"
    ):
        fill_message(ORDERS, _templates(), "111-0000001-0000001", "Tracking", workbook="t.xlsx")


@pytest.mark.parametrize(("day", "text"), [("2026-12-03", "3 Dec 2026"), ("2027-01-31 23:59", "31 Jan 2027")])
def test_a_date_is_written_for_the_buyer_whatever_the_computers_language(day, text):
    assert buyer_date(D(day)) == text


def test_a_line_typed_cancelled_in_lower_case_is_left_out_of_the_message():
    orders = make_orders(
        [{"Order ID": "444-1", "SKU": "MUG", "Product Name": "Mug", "Order Status": "Shipped"},
         {"Order ID": "444-1", "SKU": "TEA", "Product Name": "Tea", "Order Status": "cancelled"}]
    )  # fmt: skip
    assert fill_message(orders, _templates(("Items", None, "{Product Name}")), "444-1", "items") == "Mug"
