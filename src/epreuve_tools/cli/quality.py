"""`epreuve check --quality-report FILE`: the item-writing quality report, beside the check's output.

Kept apart from `cli/check.py` so that the command grows by a few lines only. The report needs the
bank the project rules build as they run: a check that writes it runs without the cache, as with
`--no-cache`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from epreuve_tools.diagnostics import Report


def add_argument(parser: Any) -> None:
    parser.add_argument(
        "--quality-report",
        metavar="FICHIER",
        help="écrire aussi le rapport de qualité de rédaction (règles ITEM) en Markdown",
    )


def wanted(arguments: argparse.Namespace) -> bool:
    """Whether the report is asked for; if so, forget the banks of any earlier check."""
    if not getattr(arguments, "quality_report", None):
        return False
    from epreuve_tools.rules.item_bank import collect_banks

    collect_banks()
    return True


def write(arguments: argparse.Namespace, report: Report) -> None:
    """Write the report whole or not at all (a reader never sees half of it); exit 2 if it cannot be."""
    from epreuve_tools.release.atomic import write_atomic
    from epreuve_tools.rules.item_bank import collect_banks
    from epreuve_tools.rules.item_report import quality_report

    target = Path(arguments.quality_report)
    text = quality_report(collect_banks(), report.diagnostics)
    try:
        write_atomic(target, text.encode("utf-8"), mode=0o644)
    except OSError as error:
        from epreuve_tools.errors import UsageError
        from epreuve_tools.oserrors import describe

        raise UsageError(
            f"{target} : écriture du rapport de qualité impossible : {describe(error)}",
            hint="donnez à --quality-report un fichier dans un dossier qui existe et où vous pouvez écrire",
        ) from None
