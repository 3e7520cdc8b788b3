"""Profit per month, currency and SKU: what each product earned after Amazon's fees, its cost and its ads.

Every Payments line (a Date Range transaction or a settlement report line) falls into one money
category (:data:`~amzsheet.contract.money.CATEGORIES`), by its Type, Amount Type and Description
(:func:`amzsheet.model.money_lines.categorise`); the Profit table adds them up per month (the
line's date, in the time zone of Settings), currency and SKU. Nothing is dropped: the Net Proceeds
of the table add up to every Payments Total but the bank transfers of the Date Range report (the
payout itself, not money earned).

Two costs come from other reports:

* **Storage fees** are charged as one line without a SKU. When the Storage Fees sheet holds the
  month before the charge (Amazon charges a month's storage in the next one), the charge is shared
  among the SKUs by their part of that month's estimated fees, to the cent; otherwise it stays on
  the blank SKU. Either way the month's total is what Amazon charged.
* **Ad spend** comes from the Advertising sheet, per SKU and day. Sellers whose ad invoices are
  taken from their payouts also have those invoices on Payments (in Other, blank SKU): in a month
  the Advertising sheet covers, they are taken off the blank SKU's Ad Spend, so that no ad counts
  twice; in a month it does not cover, the invoices are the only record of the ads.

COGS, Net Profit and Margin are formulas in the workbook (the seller types the unit costs); the
:class:`ProfitFrame` twins compute their cached values.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from amzsheet.contract.columns import Column
from amzsheet.contract.money import CATEGORIES
from amzsheet.model.columns import TableFrame
from amzsheet.model.compute import excel_round, text_key
from amzsheet.model.money_lines import (
    categorise,
    currency_codes,
    is_ad_invoice,
    is_transfer,
    month_of,
    sku_key,
    units_sold,
)


def profit_values(
    payments: pd.DataFrame,
    advertising: pd.DataFrame,
    storage_fees: pd.DataFrame,
    inventory: pd.DataFrame,
    default_currency: str,
    columns: tuple[Column, ...],
) -> pd.DataFrame:
    """The Profit table without its formula columns: one row per month, currency and SKU.

    :param payments: the Payments table.
    :param advertising: the Advertising table.
    :param storage_fees: the Storage Fees table, its SKU column filled (see :func:`storage_fee_skus`).
    :param inventory: Inventory (for the product names and each SKU's spelling).
    :param default_currency: the currency of lines that carry none (the orders' main currency; "" when none).
    :param columns: the Profit table's columns.
    """
    kept = payments[~is_transfer(payments)]
    amounts = categorise(kept)
    lines = pd.DataFrame(
        {
            "Month": month_of(kept["Date/Time"]),
            "Currency": currency_codes(kept["Currency"], default_currency),
            "SKU": kept["SKU"].where(kept["SKU"].notna(), None),
            "Units": units_sold(kept),
            **{name: amounts[name] for name in CATEGORIES},
            "Ad Spend": 0.0,
        }
    )
    lines = _share_storage(lines, storage_fees, default_currency)
    ads = _ad_spend(advertising, default_currency)
    lines = pd.concat([lines, ads, _ad_invoice_offsets(kept, ads, default_currency)], ignore_index=True)
    if lines.empty:
        return pd.DataFrame({column.name: pd.Series([], dtype=_dtype(column)) for column in columns})
    lines["key"] = sku_key(lines["SKU"])
    spelling = _spellings(inventory, lines)
    sums = [*("Units", *CATEGORIES, "Ad Spend")]
    grouped = lines.groupby(["Month", "Currency", "key"], sort=False)[sums].sum().reset_index()
    grouped["SKU"] = grouped["key"].map(spelling).where(grouped["key"] != "", None)
    names = inventory.assign(key=sku_key(inventory["SKU"])).dropna(subset=["Product Name"])
    grouped["Product Name"] = grouped["key"].map(names.drop_duplicates("key").set_index("key")["Product Name"])
    money = [*CATEGORIES, "Ad Spend"]
    grouped[money] = grouped[money].round(2) + 0.0  # + 0.0: no "-0.00" from amounts that cancel out
    grouped["Ad Spend"] = grouped["Ad Spend"].where(grouped["Ad Spend"] != 0)  # blank: no ads that month
    grouped = grouped.assign(blank=grouped["key"] == "").sort_values(
        ["Month", "Currency", "blank", "key"], ascending=[False, True, True, True], kind="stable"
    )
    table = grouped.drop(columns=["key", "blank"]).reset_index(drop=True)
    for column in columns:
        if column.name not in table:
            table[column.name] = pd.Series(np.nan, index=table.index, dtype=_dtype(column))
    return table[[column.name for column in columns]]


def _dtype(column: Column) -> str:
    return "object" if column.kind == "text" else "float64"


def _spellings(inventory: pd.DataFrame, lines: pd.DataFrame) -> pd.Series:
    """SKU key -> its spelling: Inventory's, else the first seen on the lines."""
    seen = pd.concat([inventory["SKU"], lines["SKU"]]).dropna().astype(str)
    return pd.Series(seen.to_numpy(), index=sku_key(seen).to_numpy()).groupby(level=0).first()


def storage_fee_skus(storage_fees: pd.DataFrame, fba_stock: pd.DataFrame, advertising: pd.DataFrame) -> pd.Series:
    """The SKU of each Storage Fees row: by its FNSKU on FBA Stock, else by its ASIN on FBA Stock or Advertising.

    An ASIN sold under several SKUs goes to the first of them. None where no SKU is known.
    """
    by_fnsku = _first_sku(fba_stock, "FNSKU")
    by_asin = pd.concat([_first_sku(fba_stock, "ASIN"), _first_sku(advertising, "ASIN")])
    by_asin = by_asin[~by_asin.index.duplicated()]
    found = text_key(storage_fees["FNSKU"]).map(by_fnsku)
    found = found.where(found.notna(), text_key(storage_fees["ASIN"]).map(by_asin))
    return found.where(found.notna(), None).astype(object)


def _first_sku(table: pd.DataFrame, column: str) -> pd.Series:
    known = table.dropna(subset=[column, "SKU"])
    keys = text_key(known[column])
    return pd.Series(known["SKU"].to_numpy(), index=keys.to_numpy())[lambda s: ~s.index.duplicated()]


def _previous_month(month: str) -> str:
    if not month:
        return ""
    period = pd.Period(month, freq="M") - 1
    return str(period)


def _share_storage(lines: pd.DataFrame, storage_fees: pd.DataFrame, default_currency: str) -> pd.DataFrame:
    """Move each month's storage charges without a SKU to the SKUs, by their shares of the month before."""
    charged = lines["SKU"].isna() & (lines["Storage Fees"] != 0)
    if not charged.any() or storage_fees.empty:
        return lines
    fees = pd.DataFrame(
        {
            "Month": storage_fees["Month"].fillna("").astype(str),
            "Currency": currency_codes(storage_fees["Currency"], default_currency),
            "SKU": storage_fees["SKU"],
            "Fee": storage_fees["Fee"].fillna(0.0),
        }
    )
    fees = fees[fees["SKU"].notna() & (fees["Fee"] > 0)]
    moved = []
    keep = lines.copy()
    charges = lines[charged].groupby(["Month", "Currency"])["Storage Fees"].sum()
    for key, amount in charges.items():
        month, currency = str(key[0]), str(key[1])  # type: ignore[index]  # a (Month, Currency) pair
        source = fees[(fees["Month"] == _previous_month(month)) & (fees["Currency"] == currency)]
        if source.empty:
            continue
        shares = source.groupby(sku_key(source["SKU"]), sort=True).agg(SKU=("SKU", "first"), Fee=("Fee", "sum"))
        cents = _split_cents(round(amount * 100), shares["Fee"].to_numpy())
        keep.loc[charged & (keep["Month"] == month) & (keep["Currency"] == currency), "Storage Fees"] = 0.0
        for sku, share in zip(shares["SKU"], cents):
            moved.append({"Month": month, "Currency": currency, "SKU": sku, "Units": 0.0, "Storage Fees": share / 100})
    if not moved:
        return lines
    added = pd.DataFrame(moved).reindex(columns=lines.columns).fillna({name: 0.0 for name in (*CATEGORIES, "Ad Spend")})
    return pd.concat([keep, added], ignore_index=True)


def _split_cents(total: int, weights: np.ndarray) -> list[int]:
    """``total`` cents split by ``weights``, each a whole number of cents, adding up exactly (largest remainders)."""
    exact = total * weights / weights.sum()
    whole = np.trunc(exact).astype(np.int64)
    short = total - int(whole.sum())
    order = np.argsort(-np.abs(exact - whole), kind="stable")
    whole[order[: abs(short)]] += int(np.sign(short))
    return whole.tolist()


def _ad_spend(advertising: pd.DataFrame, default_currency: str) -> pd.DataFrame:
    """Spend per day of the Advertising rows, a period's spend spread evenly over its days."""
    if advertising.empty:
        return pd.DataFrame(columns=["Month", "Currency", "SKU", "Ad Spend"])
    start = pd.to_datetime(advertising["Date"])
    end = pd.to_datetime(advertising["End Date"]).where(advertising["End Date"].notna(), start)
    end = end.where(end >= start, start)
    days = ((end - start).dt.days + 1).fillna(1).astype(int)
    rows = advertising.assign(start=start, days=days).loc[start.notna()]
    repeated = rows.loc[rows.index.repeat(rows["days"])]
    offset = repeated.groupby(level=0).cumcount().to_numpy()
    dates = repeated["start"].to_numpy() + offset.astype("timedelta64[D]")
    return pd.DataFrame(
        {
            "Month": month_of(pd.Series(dates)),
            "Currency": currency_codes(repeated["Currency"], default_currency).to_numpy(),
            "SKU": repeated["SKU"].where(repeated["SKU"].notna(), None).to_numpy(),
            "Ad Spend": (repeated["Spend"].fillna(0.0) / repeated["days"]).to_numpy(),
        }
    )


def _ad_invoice_offsets(payments: pd.DataFrame, ads: pd.DataFrame, default_currency: str) -> pd.DataFrame:
    """Ad invoices paid from payouts, as (negative) Ad Spend of the blank SKU in the months the Advertising covers."""
    invoices = payments[is_ad_invoice(payments)]
    if invoices.empty or ads.empty:
        return pd.DataFrame(columns=["Month", "Currency", "SKU", "Ad Spend"])
    frame = pd.DataFrame(
        {
            "Month": month_of(invoices["Date/Time"]),
            "Currency": currency_codes(invoices["Currency"], default_currency),
            "SKU": None,
            "Ad Spend": invoices["Total"].fillna(0.0),
        }
    )
    covered = set(zip(ads["Month"], ads["Currency"]))
    return frame[[pair in covered for pair in zip(frame["Month"], frame["Currency"])]]


def with_seller_columns(profit: pd.DataFrame, previous: pd.DataFrame, columns: tuple[Column, ...]) -> pd.DataFrame:
    """``profit`` with the columns the seller added to the sheet, each row's value kept by its month, currency and SKU.

    The Profit table is rebuilt at every refresh; a note typed in a column of one's own stays on its row. A
    row that no longer exists takes its notes with it (it had no money).
    """
    known = {column.name for column in columns}
    extra = [name for name in previous.columns if name not in known]
    if not extra or previous.empty:
        return profit
    keys = ["Month", "Currency", "key"]
    old = previous.assign(key=text_key(previous["SKU"]), Month=previous["Month"].fillna(""))
    old = old.assign(Currency=old["Currency"].fillna("")).drop_duplicates(keys)[[*keys, *extra]]
    new = profit.assign(key=text_key(profit["SKU"]), Month=profit["Month"].fillna(""))
    new = new.assign(Currency=new["Currency"].fillna(""))
    merged = new[keys].merge(old, on=keys, how="left")
    return pd.concat([profit, merged[extra].set_axis(profit.index)], axis=1)


class ProfitFrame(TableFrame):
    """The Profit table being recomputed (what its twins read).

    :param inventory: Inventory (Unit Cost).
    :param purchase_orders: Purchase Orders (received orders' Unit Cost).
    """

    def __init__(
        self,
        table: pd.DataFrame,
        columns: tuple[Column, ...],
        today: dt.date,
        inventory: pd.DataFrame,
        purchase_orders: pd.DataFrame,
    ):
        super().__init__(table, columns, today)
        self.inventory = inventory
        self.purchase_orders = purchase_orders

    def net_proceeds(self) -> pd.Series:
        """The sum of the money categories, to the cent."""
        return excel_round(self.table[list(CATEGORIES)].fillna(0.0).sum(axis=1), 2)

    def unit_cost(self) -> pd.Series:
        """Received purchase orders' quantity-weighted Unit Cost, else Inventory's (see :data:`UNIT_COST`)."""
        keys = text_key(self.table["SKU"])
        po = self.purchase_orders
        quantity = pd.to_numeric(po["Quantity"], errors="coerce").fillna(0.0)
        cost = pd.to_numeric(po["Unit Cost"], errors="coerce")
        costed = po["Received Date"].notna() & cost.notna()
        po_keys = text_key(po["SKU"])
        units = quantity.where(costed, 0.0).groupby(po_keys).sum()
        spent = (quantity * cost).where(costed, 0.0).groupby(po_keys).sum()
        average = excel_round(spent / units.where(units > 0), 4)
        inventory_cost = pd.to_numeric(self.inventory["Unit Cost"], errors="coerce")  # text typed: no cost
        listed = inventory_cost.groupby(text_key(self.inventory["SKU"])).mean()
        result = keys.map(average)
        result = result.where(result.notna(), keys.map(listed))
        return result.where(keys != "").astype("float64")

    def cogs(self) -> pd.Series:
        """Units x Unit Cost, to the cent; blank without a unit cost."""
        return excel_round(self.table["Units"].fillna(0.0) * self["Unit Cost"], 2)

    def net_profit(self) -> pd.Series:
        """Net Proceeds - COGS - Ad Spend, to the cent."""
        return excel_round(self["Net Proceeds"] - self["COGS"].fillna(0.0) - self.table["Ad Spend"].fillna(0.0), 2)

    def margin(self) -> pd.Series:
        """Net Profit / Sales; blank without sales."""
        sales = self.table["Sales"].fillna(0.0)
        return (self["Net Profit"] / sales.where(sales > 0)).astype("float64")
