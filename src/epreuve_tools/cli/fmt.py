"""`epreuve fmt [--check | --diff] [CHEMIN...]`: put épreuves, parcours and référentiel in the house form.

The edge of `epreuve_tools.fmt`: finds the files, reads them, writes them back atomically (a
temporary file beside, synced, renamed over; the file's mode kept), and reports. A file is
written only when its bytes change; a link is followed only to a file inside the tree it was
found in (the folder walked, or the content tree of a named file), never out of it.

Exit codes: 0 nothing to do or everything written; 1 `--check`/`--diff` found files to format, or
a file could not be read (its PARSE-* finding is shown, as `epreuve check` shows it), or a link leads
out of the tree; 2 usage error (a path that does not exist); 3 internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import fnmatch
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epreuve_tools.diagnostics import Diagnostic, Finding, Severity, plural
from epreuve_tools.errors import UsageError

if TYPE_CHECKING:  # the formatter loads when `fmt` runs: every other command's start skips it
    from epreuve_tools.fmt.core import Kind

REFERENTIEL = "referentiel.yaml"
_SKIPPED_FOLDERS = frozenset(("node_modules", "__pycache__"))


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "fmt",
        help="mettre en forme épreuves, parcours et référentiel",
        description=(
            "Met en forme les fichiers ou dossiers donnés (par défaut le dossier content/) : ordre des clés,\n"
            "guillemets, indentation, Unicode NFC, fins de ligne LF, et typographie française de la prose\n"
            "(espaces insécables avant : ; ? ! et dans « », apostrophe ’). Les réponses (answer, examples),\n"
            "le code, les champs ${…}, les liens et le HTML ne sont jamais modifiés ; les commentaires sont gardés.\n"
            "Les fichiers que la configuration exclut (`exclude`) sont laissés de côté dans les dossiers,\n"
            "et parmi les fichiers nommés avec --force-exclude (comme pour `epreuve check`).\n"
            "Code de sortie : 0 rien à faire ou fichiers écrits, 1 fichiers à mettre en forme (--check, --diff)\n"
            "ou fichier illisible, 2 erreur d'usage, 3 erreur interne."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="CHEMIN", help="fichiers ou dossiers à mettre en forme")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check", action="store_true", help="ne rien écrire ; lister les fichiers à mettre en forme (code 1)"
    )
    mode.add_argument(
        "--diff",
        action="store_true",
        help="ne rien écrire ; afficher les changements en diff unifié (code 1)",
    )
    parser.add_argument(
        "--force-exclude",
        action="store_true",
        help="appliquer `exclude` même aux fichiers nommés (pour pre-commit, qui les nomme tous)",
    )
    parser.add_argument(
        "--config", metavar="FICHIER", help="fichier de configuration (epreuve.toml ou pyproject.toml)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="n'afficher que les erreurs")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="afficher la trace des erreurs internes"
    )
    parser.set_defaults(handler=run)


@dataclass(frozen=True, slots=True)
class Target:
    path: str  # as shown to the user
    real: str  # where it is read and written (a link's target)
    kind: Kind


def kind_of(path: str, *, named: bool) -> Kind | None:
    """What a file is, by where it is: a named `.md` is an épreuve, as `epreuve check` reads it."""
    from epreuve_tools.fmt.core import Kind

    name = os.path.basename(path)
    parts = os.path.normpath(os.path.abspath(path)).split(os.sep)
    if name == REFERENTIEL:
        return Kind.REFERENTIEL
    if name.endswith((".yaml", ".yml")) and len(parts) > 1 and parts[-2] == "parcours":
        return Kind.PARCOURS
    if name.endswith(".md") and (named or "epreuves" in parts[:-1]):
        return Kind.EPREUVE
    return None


def _inside(real: str, tree: str) -> bool:
    return real == tree or real.startswith(os.path.join(tree, ""))


def _content_root(path: str) -> str:
    from epreuve_tools.discovery import find_content_root

    return os.path.realpath(find_content_root(os.path.abspath(path))[0])


Excluded = Callable[[str], bool]


def _nothing_excluded(path: str) -> bool:
    return False


def excluder(arguments: argparse.Namespace) -> Excluded:
    """The configuration's `exclude`, as `epreuve check` applies it: to what a folder's walk finds,
    and to the files named only with --force-exclude."""
    from epreuve_tools.config import load_config
    from epreuve_tools.discovery import PathDisplay

    config = load_config(Path.cwd(), Path(arguments.config) if arguments.config else None)
    if not config.exclude:
        return _nothing_excluded
    display = PathDisplay(str(config.root))
    patterns = config.exclude

    def excluded(path: str) -> bool:
        shown = display.shown(os.path.abspath(path))
        return any(fnmatch.fnmatch(shown, pattern) for pattern in patterns)

    return excluded


def _walk(folder: str, targets: list[Target], refused: list[str], excluded: Excluded) -> None:
    tree = os.path.realpath(folder)
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in _SKIPPED_FOLDERS)
        # a link to a folder is not entered (os.walk's default): its files are reached by their own path
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            kind = kind_of(path, named=False)
            if kind is None or excluded(path):
                continue
            real = os.path.realpath(path)
            if not _inside(real, tree):
                refused.append(path)
                continue
            targets.append(Target(path, real, kind))


def collect(
    paths: list[str], excluded: Excluded = _nothing_excluded, *, force_exclude: bool = False
) -> tuple[list[Target], list[str]]:
    """The files to format under `paths` (each once), and the links that lead out of their tree.

    `excluded` leaves out what a folder's walk finds, and the files named when `force_exclude`."""
    targets: list[Target] = []
    refused: list[str] = []
    for path in paths:
        if not os.path.lexists(path):
            raise UsageError(f"chemin introuvable : {path}", hint="vérifiez le chemin passé à `epreuve fmt`")
        if os.path.isdir(path):
            _walk(path, targets, refused, excluded)
            continue
        kind = kind_of(path, named=True)
        if kind is None or (force_exclude and excluded(path)):
            continue  # pre-commit names every staged file: what is not content is left alone
        real = os.path.realpath(path)
        if os.path.islink(path) and not _inside(real, _content_root(path)):
            refused.append(path)
            continue
        targets.append(Target(path, real, kind))
    seen: set[str] = set()
    unique = []
    for target in targets:
        if target.real not in seen:
            seen.add(target.real)
            unique.append(target)
    return unique, refused


def write_atomic(path: str, data: bytes, original: bytes) -> None:
    """Replace the file at `path` by `data`: a temporary file beside it, synced, then renamed over
    it, with the file's mode. Refuses (OSError) when the file changed since it was read."""
    info = os.stat(path)
    folder = os.path.dirname(path) or "."
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".epreuve-fmt-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, info.st_mode & 0o7777)
        with open(path, "rb") as current:
            if current.read(len(original) + 1) != original:
                raise OSError(0, "le fichier a changé pendant la mise en forme ; relancez la commande")
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # the rename itself reaches the disk with its folder
        folder_descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(folder_descriptor)
        finally:
            os.close(folder_descriptor)


def _show_finding(target: Target, finding: Finding) -> None:
    from epreuve_tools.output.base import RenderContext
    from epreuve_tools.output.text import render_one

    diagnostic = Diagnostic.from_finding(target.path, finding, Severity.ERROR)
    for line in render_one(diagnostic, RenderContext()):
        print(line, file=sys.stderr)


def _diff(target: Target, before: bytes, after: bytes) -> str:
    old = before.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = after.decode("utf-8", errors="replace").splitlines(keepends=True)
    lines = difflib.unified_diff(old, new, f"a/{target.path}", f"b/{target.path}")
    return "".join(line if line.endswith("\n") else line + "\n\\ Pas de fin de ligne\n" for line in lines)


def run(arguments: argparse.Namespace) -> int:
    from epreuve_tools.discovery import read_regular_file
    from epreuve_tools.fmt.core import format_file
    from epreuve_tools.oserrors import describe

    paths = arguments.paths or ["content"]
    targets, refused = collect(paths, excluder(arguments), force_exclude=arguments.force_exclude)
    failed = 0
    to_format: list[str] = []
    for path in refused:
        print(f"{path} : lien symbolique vers l'extérieur de l'arbre, pas mis en forme", file=sys.stderr)
    for target in targets:
        data = read_regular_file(target.real)
        if isinstance(data, Finding):
            _show_finding(target, data)
            failed += 1
            continue
        result = format_file(data, target.kind)
        if isinstance(result, Finding):
            _show_finding(target, result)
            failed += 1
            continue
        for note in result.notes:
            print(f"{target.path} : {note}", file=sys.stderr)
        if not result.changed:
            continue
        to_format.append(target.path)
        if arguments.diff:
            sys.stdout.write(_diff(target, data, result.data))
        elif arguments.check:
            print(f"à mettre en forme : {target.path}")
        else:
            try:
                write_atomic(target.real, result.data, data)
            except OSError as error:
                print(f"{target.path} : écriture impossible : {describe(error)}", file=sys.stderr)
                failed += 1
                to_format.pop()
    _summary(arguments, len(targets), to_format, failed)
    if failed or refused:
        return 1
    return 1 if to_format and (arguments.check or arguments.diff) else 0


def _summary(arguments: argparse.Namespace, total: int, changed: list[str], failed: int) -> None:
    if arguments.quiet:
        return
    unchanged = total - len(changed) - failed
    if arguments.check or arguments.diff:
        done = plural(len(changed), "fichier à mettre en forme", "fichiers à mettre en forme")
    else:
        done = plural(len(changed), "fichier mis en forme", "fichiers mis en forme")
    parts = [done, plural(unchanged, "déjà en forme", "déjà en forme")]
    if failed:
        parts.append(plural(failed, "illisible", "illisibles"))
    # the diff goes to stdout, to be piped into `patch` or `git apply`: the summary then to stderr
    print(", ".join(parts) + ".", file=sys.stderr if arguments.diff else sys.stdout)
