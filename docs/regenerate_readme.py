"""Rewrite the README's generated column tables from the declarations (see amzsheet.contract.docs).

Usage: python docs/regenerate_readme.py [README.md]
"""

from __future__ import annotations

import sys
from pathlib import Path

from amzsheet.contract.docs import render


def main(argv: list[str]) -> int:
    """Rewrite the README named in ``argv`` (default: the repository's) in place."""
    path = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "README.md"
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
