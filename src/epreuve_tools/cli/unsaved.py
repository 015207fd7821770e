"""`epreuve check --stdin-filename NOM [-]`: check the text an editor pipes in (its unsaved buffer)
as if it were the file NOM.

NOM gives everything but the text: the path shown, the configuration, the content tree whose other
files the project rules read from the disk. The text never reaches the cache (`CheckOptions.unsaved`):
the cache's rows say what is on the disk, and the file on the disk is not what was checked.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from epreuve_tools.errors import UsageError

if TYPE_CHECKING:
    from epreuve_tools.config import Config

STDIN = "-"
LineReader = Callable[[str], list[str] | None]
_OPTION = "--stdin-filename"


def add_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        _OPTION,
        metavar="NOM",
        help=(
            "lire le texte du fichier NOM sur l'entrée standard (le tampon d'un éditeur, non enregistré)"
            " et le vérifier comme s'il était à cet endroit ; CHEMIN vaut alors « - » ou rien"
        ),
    )


def paths(arguments: argparse.Namespace) -> tuple[str, ...]:
    """The paths to check, as given; refuses « - » without --stdin-filename, and another path with it."""
    given = tuple(arguments.paths)
    name = arguments.stdin_filename
    if name is None:
        if STDIN in given:
            raise UsageError(
                "« - » (l'entrée standard) demande --stdin-filename",
                hint="donnez le chemin du fichier que le texte remplace : --stdin-filename content/epreuves/x.md -",
            )
        return given
    if any(path != STDIN for path in given):
        raise UsageError(
            f"{_OPTION} vérifie un seul fichier, lu sur l'entrée standard : pas d'autre chemin",
            hint=f"retirez les chemins, ou gardez seulement « - » : epreuve check {_OPTION} {name} -",
        )
    for refused in ("fix", "diff", "watch"):
        if getattr(arguments, refused, False):
            raise UsageError(f"{_OPTION} ne se combine pas avec --{refused}")
    return (name,)


def config_start(arguments: argparse.Namespace) -> Path | None:
    """Where the configuration is looked for with --stdin-filename: NOM's folder when a configuration
    lies above it, whatever folder the editor runs the command from (often not the project's);
    else the working folder, as for `epreuve check NOM`."""
    from epreuve_tools.config import find_config

    name = arguments.stdin_filename
    if not name:
        return None
    folder = Path(os.path.abspath(name)).parent
    return folder if find_config(folder) is not None else None


def read(name: str, config: Config, stream: BinaryIO | None = None) -> tuple[str, bytes]:
    """(absolute path of NOM, the text read on standard input), once NOM is known to be a content file."""
    from epreuve_tools.discovery import MAX_FILE_BYTES

    absolute = _content_file(name, config)
    source = stream if stream is not None else sys.stdin.buffer
    if source.isatty():  # a person typed the command: it would wait for a text that never comes
        raise UsageError(
            f"{_OPTION} lit le texte du fichier sur l'entrée standard, qui est ici le terminal",
            hint=f"envoyez-lui le texte : epreuve check {_OPTION} {name} - < brouillon.md",
        )
    try:
        data = source.read(MAX_FILE_BYTES + 1)  # one byte more: the parser then says it is too large
    except OSError as error:
        from epreuve_tools.oserrors import describe

        raise UsageError(f"lecture de l'entrée standard impossible : {describe(error)}") from None
    return absolute, data


def _content_file(name: str, config: Config) -> str:
    """NOM as an absolute path, if it is an épreuve, a parcours or the référentiel of a content tree."""
    from epreuve_tools.discovery import REFERENTIEL, find_content_root

    absolute = os.path.abspath(name)
    if not os.path.lexists(absolute):
        raise UsageError(
            f"{_OPTION} : fichier introuvable : {name}",
            hint="donnez le chemin du fichier ouvert dans l'éditeur, tel qu'il est sur le disque",
        )
    if os.path.isdir(absolute):
        raise UsageError(f"{_OPTION} : {name} est un dossier", hint="donnez le chemin d'un fichier")
    basename = os.path.basename(absolute)
    parent = os.path.basename(os.path.dirname(absolute))
    is_yaml = basename.endswith((".yaml", ".yml"))
    if not (basename.endswith(".md") or basename == REFERENTIEL or (is_yaml and parent == "parcours")):
        raise UsageError(
            f"{_OPTION} : {name} n'est ni une épreuve (.md), ni un parcours (parcours/*.yaml), "
            "ni le référentiel",
            hint="epreuve check vérifie les fichiers de contenu ; les autres ne se vérifient pas ainsi",
        )
    content = os.path.join(os.path.abspath(Path(config.root) / config.content), "")
    if not find_content_root(absolute)[1] and not absolute.startswith(content):
        raise UsageError(
            f"{_OPTION} : {name} est hors du contenu : aucun {REFERENTIEL} au-dessus, "
            f"et hors du dossier de contenu configuré ({config.content})",
            hint="donnez un fichier du dossier de contenu (celui qui contient referentiel.yaml)",
        )
    return absolute


def lines_reader(read_lines: LineReader, shown: str, data: bytes) -> LineReader:
    """The report's source lines: the buffer's for NOM (what was checked), the disk's for the others."""
    lines = data.decode("utf-8", errors="replace").split("\n")

    def read(path: str) -> list[str] | None:
        return lines if path == shown else read_lines(path)

    return read
