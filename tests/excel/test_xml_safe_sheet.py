"""Text XML cannot hold (control characters, seen in real reports' product names) never breaks a workbook."""

from __future__ import annotations

import zipfile

from defusedxml.ElementTree import fromstring
from helpers import TODAY, write_all_orders

import amzsheet
from amzsheet.excel.xml_safe_sheet import xml_text


def test_characters_xml_cannot_hold_are_dropped_and_the_rest_kept():
    assert xml_text("Mug\x0b12 oz\ufffe") == "Mug12 oz"
    assert xml_text("Tab\tand\nlines\r") == "Tab\tand\nlines\r"
    assert xml_text("Crème brûlée 🍮") == "Crème brûlée 🍮"


def test_a_sku_and_product_name_with_control_characters_refresh_into_a_readable_workbook(tmp_path):
    line = {
        "amazon-order-id": "111-0000001-0000001",
        "purchase-date": "2026-11-24T15:00:00+00:00",
        "last-updated-date": "2026-11-24T15:00:00+00:00",
        "order-status": "Pending",
        "sku": "MUG\x13-12",
        "product-name": "Mug\x0b12 oz",
        "quantity": "1",
        "item-price": "9.99",
    }
    report = write_all_orders(tmp_path / "All-Orders.txt", [line])
    workbook = tmp_path / "tracker.xlsx"
    amzsheet.refresh(workbook, [report], today=TODAY)
    with zipfile.ZipFile(workbook) as package:
        for name in package.namelist():
            if name.endswith(".xml"):
                fromstring(package.read(name))  # every part is well-formed XML (the Dashboard's included)
    orders = amzsheet.open_workbook(workbook).orders
    assert orders["Product Name"].tolist() == ["Mug12 oz"]
    assert orders["SKU"].tolist() == ["MUG-12"]
