"""Load ``templates/tracker.toml``: the Settings rows of a new tracker (the columns are declared in Python)."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

TEMPLATE_NAME = "tracker.toml"


@dataclass(frozen=True)
class SettingSpec:
    """One row of the Settings sheet: a named cell the formulas use.

    :param field: attribute of :class:`amzsheet.contract.schema.Settings`.
    :param label: the text in column A of the Settings sheet.
    :param defined_name: the Excel name formulas use, e.g. ``ServiceLevel``.
    :param default: the value of a new tracker.
    :param minimum: smallest value accepted (numbers only).
    :param maximum: largest value accepted (numbers only).
    :param help: one sentence for the seller.
    :param old_labels: labels the row had in earlier layouts, still read.
    :param kind: "number", "percent" (a share, shown as 98 %), "yes_no" (a Yes/No drop-down),
        "text" (the time zone) or "date" (blank allowed).
    :param added_in: the layout version that added the row; a workbook of an older layout lacks it and gets
        the default.
    """

    field: str
    label: str
    defined_name: str
    default: bool | int | float | str
    minimum: float | None
    maximum: float | None
    help: str
    old_labels: tuple[str, ...] = ()
    kind: str = "number"
    added_in: int = 1


@dataclass(frozen=True)
class Template:
    """The parsed template: the Settings rows."""

    settings: tuple[SettingSpec, ...]


def template_path() -> Path:
    """Where the template is: inside an installed package, or ``templates/`` of a checkout."""
    packaged = Path(__file__).resolve().parents[1] / "templates" / TEMPLATE_NAME
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates" / TEMPLATE_NAME


@functools.cache
def load_template() -> Template:
    """Read and check the template (once per process)."""
    with template_path().open("rb") as stream:
        data = tomllib.load(stream)
    settings = tuple(
        SettingSpec(
            field=entry["field"],
            label=entry["label"],
            defined_name=entry["name"],
            default=entry["default"],
            minimum=entry.get("minimum"),
            maximum=entry.get("maximum"),
            help=entry["help"],
            old_labels=tuple(entry.get("old_labels", ())),
            kind=entry.get("kind", _kind_of(entry["default"])),
            added_in=entry.get("added_in", 1),
        )
        for entry in data["settings"]
    )
    return Template(settings=settings)


def _kind_of(default: object) -> str:
    """The kind of a setting whose template entry names none, from its default."""
    if isinstance(default, bool):
        return "yes_no"
    return "text" if isinstance(default, str) else "number"
