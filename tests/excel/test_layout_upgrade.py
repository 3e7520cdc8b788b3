"""What a tracker of an older layout keeps of its column widths: the seller's, not amzsheet's former defaults."""

from __future__ import annotations

from amzsheet.contract.schema import DASHBOARD_SHEET
from amzsheet.excel.carryover import Carryover, ColumnWidth
from amzsheet.excel.carryover.model import SheetLayout
from amzsheet.excel.layout_upgrade import fitted_to_layout


def _dashboard(*widths: ColumnWidth) -> Carryover:
    return Carryover(layouts=(SheetLayout(DASHBOARD_SHEET, widths=widths),))


def test_the_dashboard_of_layout_6_gives_its_column_c_to_the_profit_block():
    former = ColumnWidth(2, 11, 11.7109375)  # C:L at layout 6's 11 characters, as Excel stores them
    sellers = ColumnWidth(0, 0, 50.7109375)  # column A widened by the seller
    fitted = fitted_to_layout(_dashboard(sellers, former))
    assert fitted.layouts[0].widths == (sellers,)


def test_a_dashboard_width_the_seller_set_stays():
    sellers = ColumnWidth(2, 2, 20.7109375)
    assert fitted_to_layout(_dashboard(sellers)).layouts[0].widths == (sellers,)
