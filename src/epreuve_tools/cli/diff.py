"""`epreuve diff OLD NEW`: what changed between two git revisions of the content, or two releases."""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path
from typing import Any

from epreuve_tools.errors import UsageError


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "diff",
        help="ce qui a changé entre deux révisions git ou deux publications",
        description=(
            "Montre, épreuve par épreuve, ce qui change entre ANCIEN et NOUVEAU : deux révisions git\\n"
            "du dépôt (commit, branche, étiquette ; le contenu est lu sans rien extraire dans la copie de\\n"
            "travail) ou deux dossiers de publication (ce que chacune publie, parcours par parcours).\\n"
            "Les changements à relire d'abord sont signalés : clé, tolérances, statut, acquis (tube et\\n"
            "niveau), compétence, type, format, minuteur ; puis les changements de texte.\\n"
            "Code de sortie : 0 (même s'il y a des changements), 2 erreur d'usage."
        ),
    )
    parser.add_argument("old", metavar="ANCIEN", help="révision git ou dossier de publication")
    parser.add_argument("new", metavar="NOUVEAU", help="révision git ou dossier de publication")
    parser.add_argument(
        "--format", choices=("markdown", "json"), default="markdown", help="format du résultat"
    )
    parser.set_defaults(handler=run)


def _is_release(argument: str) -> bool:
    return (Path(argument) / "metadata" / "timestamp.json").is_file()


def _side(argument: str, root: Path, content: Path) -> Any:
    from epreuve_tools.release.history import release_side, revision_side

    if _is_release(argument):
        return release_side(Path(argument))
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        raise UsageError(
            f"{argument!r} n'est pas un dossier de publication, et {root} n'est pas un dépôt git",
            hint="donnez deux dossiers de publication (avec metadata/timestamp.json) ou deux révisions git",
        ) from None
    folder = content.resolve().relative_to(Path(top).resolve()).as_posix()
    return revision_side(Path(top), argument, folder)


def run(arguments: argparse.Namespace) -> int:
    from epreuve_tools.config import load_config
    from epreuve_tools.release.changes import as_json, compare, markdown

    if _is_release(arguments.old) != _is_release(arguments.new):
        raise UsageError("comparez deux publications, ou deux révisions git, pas l'une avec l'autre")
    config = load_config(Path.cwd())
    content = config.root / config.content
    notes = [
        entry
        for entry in compare(
            _side(arguments.old, config.root, content), _side(arguments.new, config.root, content)
        )
        if not entry.empty
    ]
    title = f"Changements de {arguments.old} à {arguments.new}"
    if arguments.format == "json":
        print(json.dumps(as_json(title, notes), ensure_ascii=False, indent=2))
    else:
        print(markdown(title, notes), end="")
    return 0
