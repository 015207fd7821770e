"""`epreuve check --fix` and `--diff`: the edge of `fixes.py` (which files, what is printed)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from epreuve_tools.config import Config
    from epreuve_tools.fixes import FileFix
    from epreuve_tools.selection import Selection


def add_arguments(parser: Any) -> None:
    parser.add_argument(
        "--fix",
        action="store_true",
        help="appliquer d'abord les corrections sûres (celles qui ne changent pas le sens), puis vérifier",
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="afficher les corrections sûres sous forme de diff, sans rien écrire ni vérifier",
    )


def run(
    arguments: argparse.Namespace, paths: tuple[Path, ...], config: Config, selection: Selection
) -> int | None:
    """Apply (`--fix`) or show (`--diff`) the safe fixes; an exit code when the command ends here
    (`--diff`: 1 when a file would change), None when the check goes on."""
    from epreuve_tools import fixes

    show_only = bool(arguments.diff)
    done = fixes.fix_files(
        _epreuves(paths, config, arguments.force_exclude), selection.enabled, write=not show_only
    )
    for file in done:
        if show_only and file.fixed.left_as_is is None:
            sys.stdout.write(file.diff())
        _tell(file, show_only)
    if show_only:
        return 1 if any(f.fixed.left_as_is is None for f in done) else 0
    return None


def _tell(file: FileFix, show_only: bool) -> None:
    """What changed in one file, on stderr: the report (or the diff) owns stdout."""
    from epreuve_tools.output.base import visible

    if file.fixed.left_as_is is not None:
        print(f"epreuve : {visible(file.path)} laissé tel quel : {file.fixed.left_as_is}", file=sys.stderr)
        return
    verb = "à corriger" if show_only else "corrigé"
    print(f"epreuve : {visible(file.path)} {verb} :", file=sys.stderr)
    for change in file.fixed.changes:
        print(f"  - {visible(change)}", file=sys.stderr)


def _epreuves(paths: tuple[Path, ...], config: Config, force_exclude: bool) -> Iterator[tuple[str, Path]]:
    """(shown path, absolute path) of each épreuve the check would show."""
    from epreuve_tools.discovery import PathDisplay, discover

    display = PathDisplay(str(config.root))
    for tree in discover(map(str, paths), config, force_exclude=force_exclude):
        whole = tree.root in tree.requested
        under = tuple(os.path.join(path, "") for path in tree.requested)
        for absolute in tree.epreuves:
            if whole or absolute in tree.requested or absolute.startswith(under):
                yield display.shown(absolute), Path(absolute)
