"""The ``amzsheet`` command: a thin layer over :mod:`amzsheet.api`."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import click
import pandas as pd

from amzsheet import api
from amzsheet._version import __version__
from amzsheet.briefing_text import changes_line, json_text, render_briefing, short_briefing
from amzsheet.contract.archive import ARCHIVE_SUFFIX
from amzsheet.contract.schema import MARKETPLACES
from amzsheet.errors import AmzsheetError, AmzsheetWarning
from amzsheet.merge.origins import Origins
from amzsheet.model.purchase_list import supplier_totals
from amzsheet.profit_text import render_profit
from amzsheet.storage.csv_files import write_csv


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-11-25") from None


today_option = click.option(
    "--today",
    metavar="YYYY-MM-DD",
    callback=_parse_date,
    help="Reference date for alerts and sales windows (default: today), to reproduce a run.",
)


@contextlib.contextmanager
def _progress_bar() -> Iterator[api.Progress | None]:
    """A progress bar on a terminal; nothing when piped or in CI."""
    if not sys.stdout.isatty() or os.environ.get("CI"):
        yield None
        return
    with click.progressbar(length=1, label="Refreshing", show_eta=False) as bar:

        def advance(step: str, done: int, total: int) -> None:
            bar.length = total
            bar.label = step.ljust(28)[:28]
            bar.update(done - bar.pos)

        yield advance


def _tolerant_output() -> None:
    """Let a console that cannot show a character (Chinese on Windows' cp1252) show "?" instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            if isinstance(stream, io.TextIOWrapper):  # a replaced stream (or None) may have no reconfigure()
                stream.reconfigure(errors="replace")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="amzsheet")
def cli() -> None:
    """Keep an Amazon seller's Excel tracker up to date from Seller Central reports.

    \b
    Examples:
      amzsheet init tracker.xlsx
      amzsheet refresh tracker.xlsx ~/Downloads/All-Orders-2026-11-25.txt
      amzsheet refresh tracker.xlsx ~/Downloads/amazon-reports/
    """
    _tolerant_output()


@cli.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@today_option
def init(workbook: str, today: dt.date | None) -> None:
    """Create an empty tracker workbook (Order Tracking, Inventory, Dashboard, Settings).

    \b
    Example:
      amzsheet init tracker.xlsx
    """
    try:
        api.init_workbook(workbook, today=today)
    except (AmzsheetError, FileExistsError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {workbook}. Next: amzsheet refresh {workbook} <All Orders report>")


@cli.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.argument("reports", nargs=-1, type=click.Path())
@today_option
@click.option(
    "--skip-bad-rows",
    is_flag=True,
    help="Import the readable lines of a report with bad lines; the bad ones go to a file next to the workbook.",
)
@click.option(
    "--marketplace",
    metavar="CODE",
    type=click.Choice(MARKETPLACES, case_sensitive=False),
    help="The marketplace (US, CA, UK, DE, ...) the FBA inventory reports of this run describe; "
    "their stock is kept per marketplace.",
)
def refresh(
    workbook: str, reports: tuple[str, ...], today: dt.date | None, skip_bad_rows: bool, marketplace: str | None
) -> None:
    """Import Amazon reports into WORKBOOK and recompute every figure.

    REPORTS are Seller Central reports (All Orders, Unshipped Orders, Amazon
    Fulfilled Shipments, FBA Manage Inventory, returns, Restock Inventory, Date
    Range transactions, settlements, Monthly Storage Fees) and Sponsored Products
    Advertised product reports, or folders holding them; each is recognised by its
    header. A report imported before is skipped. The workbook is created if it
    does not exist; your own edits in it are kept.

    \b
    Examples:
      amzsheet refresh tracker.xlsx ~/Downloads/All-Orders-2026-11-25.txt
      amzsheet refresh tracker.xlsx ~/Downloads/ --today 2026-11-25
      amzsheet refresh tracker.xlsx          (recompute only)
      amzsheet refresh tracker.xlsx ~/Downloads/FBA-Inventory-CA.txt --marketplace CA
    """
    try:
        with _progress_bar() as progress:
            result = api.refresh(
                workbook,
                reports,
                today=today,
                progress=progress,
                skip_bad_rows=skip_bad_rows,
                on_wait=lambda notice: click.echo(notice, err=True),
                marketplace=marketplace,
            )
    except AmzsheetError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(_summary(result))


@cli.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.argument("backup", required=False)
@click.option("--list", "show_list", is_flag=True, help="List the backups, newest first.")
def restore(workbook: str, backup: str | None, show_list: bool) -> None:
    """Bring back an earlier version of WORKBOOK from the backups folder beside it.

    A backup of the previous version is kept before every save (how many: Settings,
    Backups to keep). Restoring keeps the current version as a backup too.

    \b
    Examples:
      amzsheet restore tracker.xlsx --list
      amzsheet restore tracker.xlsx tracker-20261125-071502.xlsx
    """
    try:
        if show_list or backup is None:
            found = api.workbook_backups(workbook)
            if not found:
                click.echo(f"{workbook} has no backups yet (they are made before each save).")
                return
            click.echo(f"Backups of {workbook}, newest first (in {found[0].path.parent}):")
            for item in found:
                click.echo(f"  {item.path.name}  {item.taken_at:%Y-%m-%d %H:%M:%S}  {item.size / 1024:,.0f} KiB")
            if backup is None and not show_list:
                click.echo(f"To bring one back: amzsheet restore {workbook} <name>")
            return
        kept = api.restore_backup(workbook, backup)
    except AmzsheetError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Restored {workbook} from {backup}.")
    if kept:
        click.echo(f"The version it replaced is kept as {kept}.")


@cli.command()
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False))
@click.option("--supplier", metavar="NAME", help="Only this supplier's SKUs (the Supplier column of Inventory).")
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False), help="Also write the list to this CSV file.")
@today_option
def reorder(workbook: str, supplier: str | None, csv_file: str | None, today: dt.date | None) -> None:
    """Print what to order from each supplier: SKUs, quantities and costs.

    The list is Inventory's Reorder Qty and Reorder Cost, recomputed for today; the
    workbook is not changed. The CSV adds case packs, minimum order quantities,
    Amazon's restock quantity and the Why sentence of each SKU.

    \b
    Examples:
      amzsheet reorder tracker.xlsx
      amzsheet reorder tracker.xlsx --supplier "Ningbo Homeware Co." --csv ningbo.csv
    """
    if csv_file:
        _refuse_a_workbook_as_csv(workbook, csv_file)
    try:
        items = api.reorder_list(workbook, supplier, today)
        if csv_file:
            write_csv(items, csv_file)
    except AmzsheetError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise click.ClickException(f"{csv_file} cannot be written ({reason}); choose another file") from None
    if items.empty and _has_no_orders(workbook):
        click.echo(f"{workbook} has no orders yet, so nothing can be worked out; import your reports first: "
                   f"amzsheet refresh {workbook} ~/Downloads/")  # fmt: skip
        return
    click.echo(_purchase_text(workbook, items))
    if csv_file:
        click.echo(f"Written to {csv_file}")


@cli.command()
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False))
@click.option("--month", metavar="YYYY-MM", help="This month only (default: the newest month with figures).")
@click.option("--all", "every_month", is_flag=True, help="Every month, newest first.")
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False), help="Also write the rows to this CSV file.")
@today_option
def profit(workbook: str, month: str | None, every_month: bool, csv_file: str | None, today: dt.date | None) -> None:
    """Print the net profit of each SKU in a month: sales, Amazon's fees, refunds, COGS, ads and margin.

    The figures are the Profit sheet's, recomputed for today (a Unit Cost typed since the
    last refresh counts); the workbook is not changed. Each currency has lines of its own.
    The CSV file has every column of the Profit sheet.

    \b
    Examples:
      amzsheet profit tracker.xlsx
      amzsheet profit tracker.xlsx --month 2026-10 --csv october.csv
    """
    if csv_file:
        _refuse_a_workbook_as_csv(workbook, csv_file)
    try:
        rows = api.profit(workbook, month, today)
        if month is None and not every_month and not rows.empty:
            rows = rows[rows["Month"] == rows["Month"].iloc[0]]  # the newest month comes first
        if csv_file:
            shown = rows.assign(Margin=rows["Margin"].map(lambda share: "" if pd.isna(share) else f"{share:.1%}"))
            write_csv(shown, csv_file, list(rows.columns))
    except AmzsheetError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise click.ClickException(f"{csv_file} cannot be written ({reason}); choose another file") from None
    if rows.empty and month is not None:
        click.echo(f"No profit figures for {month} in {workbook}.")
    else:
        click.echo(render_profit(rows))
    if csv_file:
        click.echo(f"Written to {csv_file}")


@cli.command()
@click.argument("workbook", type=click.Path())  # a folder or a missing file: the library's one sentence
@today_option
@click.option("--json", "as_json", is_flag=True, help="Print the briefing as one JSON object, every item included.")
def status(workbook: str, today: dt.date | None, as_json: bool) -> None:
    """Print the morning to-do list: orders to ship, overdue, late deliveries, reorders, stock-outs, counts, reviews.

    The workbook is only read (it may be open in Excel); its figures are
    recomputed for today, or for the Reference date of Settings when one is set.

    \b
    Examples:
      amzsheet status tracker.xlsx
      amzsheet status tracker.xlsx --today 2026-11-25 --json
    """
    try:
        briefing = api.status(workbook, today)
    except AmzsheetError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json_text(briefing))
    else:
        click.echo(render_briefing(briefing, workbook))


@cli.command()
@click.argument("workbook", type=click.Path())  # a folder or a missing file: the library's one sentence
@click.argument("order_id", metavar="ORDER-ID")
@click.argument("template")
def message(workbook: str, order_id: str, template: str) -> None:
    """Print a message to a buyer: a template of the Messages sheet filled in for an order, to paste.

    TEMPLATE is a name in the Messages sheet's Template column (case does not
    matter). Its placeholders, {Customer Name}, {Product Name}, {Order ID},
    {Tracking Number}, {Carrier} and {Deliver By}, are filled from the order's
    lines on Order Tracking. The workbook is only read, and amzsheet never sends
    anything: paste the text into Buyer-Seller Messaging in Seller Central.

    \b
    Examples:
      amzsheet message tracker.xlsx 113-8285938-4542729 Tracking
      amzsheet message tracker.xlsx 112-1273763-0186977 "Review request"
    """
    try:
        text = api.message(workbook, order_id, template)
    except AmzsheetError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(text)


_SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")


def _refuse_a_workbook_as_csv(workbook: str, csv_file: str) -> None:
    """Stop before ``--csv`` would overwrite the workbook, or any spreadsheet, with the list."""
    same = os.path.exists(csv_file) and os.path.samefile(workbook, csv_file)
    if same or Path(csv_file).suffix.lower() in _SPREADSHEET_SUFFIXES:
        raise click.ClickException(
            f"{csv_file} is a workbook, not a CSV file; give --csv a new name ending in .csv, such as purchase-list.csv"
        )


def _has_no_orders(workbook: str) -> bool:
    """Whether the tracker holds no order lines (read quietly: its computed columns do not matter here)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AmzsheetWarning)
        return api.open_workbook(workbook).orders.empty


def _purchase_text(workbook: str, items) -> str:
    if items.empty:
        return f"Nothing to reorder in {workbook}."
    lines = []
    sku_width = max(8, *(len(str(sku)) for sku in items["SKU"]))
    totals = supplier_totals(items)
    for supplier, group in items.groupby("Supplier", sort=False):
        total = totals.loc[supplier]
        lines.append(f"{supplier}: {total['SKUs']:.0f} SKU(s), {total['Units']:,.0f} units, {total['Cost']:,.2f}")
        lines.append(f"  {'SKU':<{sku_width}}  {'Qty':>6}  {'Unit cost':>9}  {'Cost':>10}  {'Order by':<10}  Product")
        for row in group.itertuples(index=False):
            cost = "" if pd.isna(row[7]) else f"{row[7]:,.2f}"
            unit = "no cost" if pd.isna(row[6]) else f"{row[6]:,.2f}"
            by = "" if pd.isna(row[8]) else f"{row[8]:%Y-%m-%d}"
            product = "" if pd.isna(row[2]) else row[2]
            lines.append(f"  {row[1]:<{sku_width}}  {row[3]:>6,.0f}  {unit:>9}  {cost:>10}  {by:<10}  {product}")
        lines.append("")
    missing = int(totals["Missing Cost"].sum())
    note = f" ({missing} SKU(s) without a unit cost are not in the cost)" if missing else ""
    lines.append(
        f"Total: {len(items)} SKU(s), {items['Reorder Qty'].sum():,.0f} units, {items['Reorder Cost'].sum():,.2f}{note}"
    )
    return "\n".join(lines)


def _summary(result: api.RefreshResult) -> str:
    lines = [_headline(result)]
    names = [item.path.name for item in result.reports + result.skipped + result.ignored]
    width = max(map(len, names), default=0)
    kinds = [
        f"{export.kind} ({result.marketplace})" if result.marketplace and export.target == "inventory" else export.kind
        for export in result.reports
    ]
    kind_width = max(26, *map(len, kinds)) if kinds else 26
    for export, kind in zip(result.reports, kinds):
        rejected = f", {len(export.rejected):,} rejected" if export.rejected else ""
        lines.append(f"  {export.path.name:<{width}}  {kind:<{kind_width}}  {export.rows:>7,} lines{rejected}")
        lines.extend(f"    Note: {note}" for note in export.notes)
    for skip in result.skipped:
        when = f" on {skip.imported_at:%Y-%m-%d %H:%M}" if skip.imported_at else " (same content given twice)"
        lines.append(f"  {skip.path.name:<{width}}  already imported{when}; skipped")
    if result.ignored:
        lines.append(f"Left alone ({len(result.ignored)}):")
        lines += [f"  {item.path.name:<{width}}  {item.reason}" for item in result.ignored]
    if result.rejected_file:
        lines.append(f"Rejected lines ({len(result.rejected):,}) were written to {result.rejected_file}")
    lines.append(
        f"New order lines: {result.new_lines:,}   updated: {result.updated_lines:,}   new SKUs: {len(result.new_skus)}"
    )
    if result.changes and (moved := changes_line(result.changes)):
        lines.append(moved)
    lines.extend(_archive_lines(result))
    lines.extend(_origin_lines(result.origins))
    if result.other_trackers:
        others = ", ".join(other.name for other in result.other_trackers)
        lines.append(f"Note: this folder already holds another amzsheet tracker ({others}); if you meant it, "
                     f"refresh that one and delete {result.path.name}.")  # fmt: skip
    if result.upgraded_from:
        lines.append(f"Upgraded the workbook from layout {result.upgraded_from} to the current one.")
    if result.backup:
        lines.append(f"The previous version is kept as {result.backup}")
    lines.extend(short_briefing(result.briefing, str(result.path)))
    return "\n".join(lines)


def _archive_lines(result: api.RefreshResult) -> list[str]:
    """What moved between Order Tracking and the archive beside the workbook."""
    folder = result.path.with_suffix(ARCHIVE_SUFFIX).name
    lines = []
    if result.recalled_lines:
        lines.append(f"Back from the archive: {result.recalled_lines:,} order lines a report named.")
    if result.archived_lines:
        months = result.computed.settings.archive_after_months
        lines.append(
            f"Archived: {result.archived_lines:,} order lines of settled orders older than {months} months (or past "
            f"the row limit) moved to {folder}; amzsheet.history() reads them with the workbook's."
        )
    return lines


def _headline(result: api.RefreshResult) -> str:
    """The summary's first line: what was imported, or why the workbook was recomputed, or left as it was."""
    day = f"{result.computed_for:%Y-%m-%d}"
    if not result.written:
        return f"Nothing new since the last refresh today ({day}): {result.path} was left as it was."
    count = len(result.reports)
    if count:
        verb = f"Created a new tracker {result.path.absolute()}" if result.created else f"Refreshed {result.path}"
        return f"{verb} from {count} report{'' if count == 1 else 's'}:"
    reasons = "; ".join(filter(None, (_why(result, reason) for reason in result.reasons)))
    return f"Recomputed {result.path} for {day}{f' ({reasons})' if reasons else ''}; no reports imported."


def _why(result: api.RefreshResult, reason: api.Reason) -> str:
    """Why a refresh that imported nothing recomputed the workbook, as a clause ("": said elsewhere)."""
    reference = result.computed.settings.reference_date
    if reason == "new day" and result.last_computed_for:
        return f"last computed for {result.last_computed_for:%Y-%m-%d}"
    if reason == "edited":
        return "the workbook was changed in Excel or another program since the last refresh"
    if reason == "reference date":
        cleared = "the Reference date was cleared: the formulas follow the real today"
        return f"the Reference date is now {reference:%Y-%m-%d}" if reference else cleared
    if reason == "unrecorded":
        return "the workbook has no record of its last refresh, as from an older amzsheet"
    return ""  # upgraded: a line of its own


def _origin_lines(origins: Origins) -> list[str]:
    """What the run brought in, and a warning for each currency or marketplace new to the tracker."""
    lines = []
    parts = []
    if origins.currencies:
        parts.append(
            "currencies: " + ", ".join(f"{code} ({n:,} report lines)" for code, n in origins.currencies.items())
        )
    if origins.marketplaces:
        parts.append("marketplaces: " + ", ".join(origins.marketplaces))
    if parts:
        text = "; ".join(parts)
        lines.append(text[0].upper() + text[1:])
    for code in origins.new_currencies:
        lines.append(
            f"Warning: {code} is new to this tracker; the Dashboard and Profit keep its amounts apart, but the Unit "
            "Costs, inventory value and ABC classes take every amount in one currency: keep one tracker per currency"
        )
    for name in origins.new_marketplaces:
        lines.append(
            f"Warning: the marketplace {name} is new to this tracker; its transactions are added to the others"
        )
    return lines
