"""FBA stock per marketplace: the FBA Stock sheet, and Inventory's Stock Counted as its sum.

The FBA Manage Inventory report does not say which marketplace it describes, and a seller
with stock in the US and Canada downloads one per marketplace. Each report's rows are kept
on the FBA Stock sheet under the marketplace the seller named (``refresh --marketplace``),
or under a blank marketplace when none was named, which suits a seller with one marketplace.

- A newer report of a marketplace replaces that marketplace's rows, and only those.
- A SKU's Stock Counted in Inventory is the sum of its rows, its FBA Inbound too, and its
  Count Date the earliest Report Time among them (a count taken earlier leaves more of the
  sales since then to subtract: the stock is never overstated).
- A report of a named marketplace replaces the rows of reports whose marketplace was not
  named; a report without a marketplace is refused once the sheet holds named ones, since
  adding it to them or replacing them would both be a guess.
- Two reports of one marketplace (or both unnamed) taken the same day that disagree are
  refused: which one is right cannot be told from the files, and file order must not decide.
"""

from __future__ import annotations

import pandas as pd

from amzsheet.contract.schema import FBA_STOCK_COLUMNS
from amzsheet.contract.tables import conform
from amzsheet.errors import ReportError
from amzsheet.merge.inventory import merge_inventory
from amzsheet.model.compute import text_key
from amzsheet.reports.reading import Report

#: The report kind whose rows are kept per marketplace.
FBA_INVENTORY_KIND = "FBA Manage Inventory"


def refuse_disagreeing_reports(exports: list[Report], marketplace: str) -> None:
    """Stop when two FBA inventory reports of one day and one marketplace give different stock.

    :param exports: the reports of one refresh.
    :param marketplace: the code the run's inventory reports are marked with ("" when none).
    :raises ReportError: naming both files, a SKU on which they differ, and what to do.
    """
    reports = [export for export in exports if export.kind == FBA_INVENTORY_KIND]
    by_day: dict[object, list[Report]] = {}
    for export in reports:
        by_day.setdefault(_report_time(export).date(), []).append(export)
    for day, same_day in by_day.items():
        for first, second in zip(same_day, same_day[1:]):
            difference = _first_difference(_counted(first), _counted(second))
            if difference is None:
                continue
            sku, one, other = difference
            where = f"for marketplace {marketplace}" if marketplace else "without --marketplace"
            raise ReportError(
                second.path,
                f"this FBA inventory report and {first.path.name} were both taken on {day} and imported {where}, "
                f"but they disagree (SKU {sku}: {one} and {other} units), so they are probably from two "
                "marketplaces; import each on its own with --marketplace (for example --marketplace US); "
                "nothing was changed",
            )


def apply_fba_report(
    fba_stock: pd.DataFrame, inventory: pd.DataFrame, export: Report, marketplace: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Record one FBA Manage Inventory report under ``marketplace`` and update Inventory's counts.

    :param fba_stock: the FBA Stock table.
    :param inventory: the Inventory table.
    :param export: the report, read by :func:`amzsheet.reports.reading.read_report`.
    :param marketplace: a code of :data:`amzsheet.contract.schema.MARKETPLACES`, or "" when the seller named none.
    :return: the FBA Stock and Inventory tables updated.
    :raises ReportError: the report has no marketplace while the sheet holds named ones.
    """
    stock = conform(fba_stock, FBA_STOCK_COLUMNS)
    named = stock["Marketplace"].fillna("")
    if not marketplace and (named != "").any():
        kept = ", ".join(sorted(set(named[named != ""])))
        raise ReportError(
            export.path,
            f"this tracker keeps FBA stock per marketplace ({kept}), and this report does not say which "
            "marketplace it is; import it again with --marketplace (for example --marketplace US); nothing was changed",
        )
    replaced = (named == marketplace) | (named == "")
    touched = set(text_key(stock.loc[replaced, "SKU"]))
    rows = _rows(export, marketplace)
    stock = pd.concat([stock[~replaced], rows], ignore_index=True).astype(stock.dtypes.to_dict())
    stock = stock.sort_values(["Marketplace", "SKU"], kind="stable", ignore_index=True)
    touched |= set(text_key(rows["SKU"]))
    totals = _totals(stock, export, touched)
    return stock, merge_inventory(inventory, totals)


def _rows(export: Report, marketplace: str) -> pd.DataFrame:
    lines = export.lines[export.lines["Stock Counted"].notna()]
    return conform(
        pd.DataFrame(
            {
                "Marketplace": marketplace or None,
                "SKU": lines["SKU"].to_numpy(),
                "Fulfillable": lines["Stock Counted"].to_numpy(),
                "Inbound": lines["FBA Inbound"].to_numpy(),
                "Report Time": lines["Count Date"].to_numpy(),
                "Report": export.path.name,
                "FNSKU": lines["FNSKU"].to_numpy() if "FNSKU" in lines else None,
                "ASIN": lines["ASIN"].to_numpy() if "ASIN" in lines else None,
            }
        ),
        FBA_STOCK_COLUMNS,
    )


def _totals(stock: pd.DataFrame, export: Report, keys: set[str]) -> pd.DataFrame:
    """One row per SKU of ``keys`` still on the sheet: the sums and the earliest time, as Inventory takes them."""
    rows = stock[text_key(stock["SKU"]).isin(keys)]
    groups = rows.groupby(text_key(rows["SKU"]).rename("_key"), sort=False)
    names = export.lines.assign(_key=text_key(export.lines["SKU"])).drop_duplicates("_key").set_index("_key")
    totals = pd.DataFrame(
        {
            "SKU": groups["SKU"].first(),
            "Stock Counted": groups["Fulfillable"].sum(min_count=1),
            "Count Date": groups["Report Time"].min(),
            "FBA Inbound": groups["Inbound"].sum(min_count=1),
        }
    )
    totals["Product Name"] = names["Product Name"].reindex(totals.index) if "Product Name" in names else None
    return totals.reset_index(drop=True)


def _report_time(export: Report) -> pd.Timestamp:
    times = export.lines["Count Date"].dropna()
    return times.max() if len(times) else pd.Timestamp(export.path.stat().st_mtime, unit="s")


def _counted(export: Report) -> pd.Series:
    lines = export.lines[export.lines["Stock Counted"].notna()]
    return pd.Series(lines["Stock Counted"].to_numpy(), index=lines["SKU"].to_numpy()).groupby(level=0).sum()


def _first_difference(one: pd.Series, other: pd.Series) -> tuple[str, str, str] | None:
    """The first SKU whose units differ between two reports (a SKU missing from one counts as 0)."""
    both = pd.concat([one.rename("a"), other.rename("b")], axis=1).fillna(0)
    differ = both[both["a"] != both["b"]]
    if differ.empty:
        return None
    sku = differ.index[0]
    return str(sku), f"{differ['a'].iloc[0]:,.0f}", f"{differ['b'].iloc[0]:,.0f}"
