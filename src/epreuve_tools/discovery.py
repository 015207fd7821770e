"""What `epreuve check` checks: the content trees above the requested paths, their files, and
their bytes, read without trusting the tree.

A content tree is the first folder above a path that holds `referentiel.yaml`. Its walk is sorted,
never leaves the tree through a link, visits a folder once however many links lead to it, and says
what it could not enter (an unreadable folder, a link in a loop) instead of skipping it. Files are
read only when they are regular files, and never past the size an épreuve may have, so a FIFO or a
device named like an épreuve can neither hang a check nor fill the memory.

Paths are plain strings on this path: with 10,000 files, `pathlib` alone cost more than
everything else a warm re-check does.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field

from epreuve_tools.cache import INODE_MASK, UNKNOWN_STAT, StatColumn, StatSignature
from epreuve_tools.config import Config
from epreuve_tools.diagnostics import FILE_START, Finding
from epreuve_tools.errors import UsageError
from epreuve_tools.loader_codes import NOT_UTF8, UNREADABLE_PATH

REFERENTIEL = "referentiel.yaml"
# The size cap of parsing/source.py, read here without importing the parsers (a re-check of an
# unchanged tree imports none); a test keeps the two equal.
MAX_FILE_BYTES = 1024 * 1024
_READ_CHUNK = 64 * 1024


@dataclass(slots=True)
class ContentTree:
    root: str  # absolute
    has_referentiel: bool
    requested: list[str] = field(default_factory=list)  # absolute
    epreuves: list[str] = field(default_factory=list)
    # the stat of each épreuve as walked (UNKNOWN_STAT where it could not be taken)
    stats: StatColumn = field(default_factory=StatColumn)
    parcours: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # what the walk could not enter, by absolute path: reported like a file's findings
    problems: list[tuple[str, Finding]] = field(default_factory=list)

    @property
    def referentiel(self) -> str:
        return os.path.join(self.root, REFERENTIEL)

    def walked_stat(self, rank: int) -> StatSignature:
        return self.stats.signature(rank)

    def add_epreuve(self, path: str, signature: StatSignature | None) -> None:
        self.epreuves.append(path)
        self.stats.append(signature or UNKNOWN_STAT)


class PathDisplay:
    """Absolute path → the path shown to the user: relative to the project root when inside it."""

    def __init__(self, project_root: str) -> None:
        self.prefix = os.path.join(os.path.abspath(project_root), "")

    def shown(self, absolute: str) -> str:
        if absolute.startswith(self.prefix):
            absolute = absolute[len(self.prefix) :]
        elif absolute == self.prefix[:-1]:
            return ""
        return absolute.replace(os.sep, "/") if os.sep != "/" else absolute


def find_content_root(path: str) -> tuple[str, bool]:
    """The content tree of `path`: the first folder above it with a référentiel (even one that
    cannot be read: that is reported), else the folder itself."""
    start = path if os.path.isdir(path) else os.path.dirname(path)
    folder = start
    while True:
        if os.path.lexists(os.path.join(folder, REFERENTIEL)):
            return folder, True
        parent = os.path.dirname(folder)
        if parent == folder:
            return start, False
        folder = parent


def _problem(message: str, hint: str) -> Finding:
    return UNREADABLE_PATH.finding(FILE_START, message, hint)


def _os_reason(error: OSError) -> str:
    from epreuve_tools.oserrors import describe

    return describe(error)


# (name, is a folder, is a link, stat signature of a Markdown file or None): plain tuples, as
# this runs once per file of the tree on every re-check
_Entry = tuple[str, bool, bool, StatSignature | None]

_SCAN_BY_DESCRIPTOR = os.scandir in os.supports_fd


def _signature(entry: os.DirEntry[str]) -> StatSignature | None:
    try:
        info = entry.stat()
    except OSError:
        return None  # a broken link: reading it will say why
    return info.st_size, info.st_ino & INODE_MASK, info.st_mtime_ns, info.st_ctime_ns


def _scan(folder: str, stat_markdown: bool, problems: list[tuple[str, Finding]]) -> list[_Entry]:
    """The visible entries of `folder`, sorted; Markdown files with their stat when asked.

    Through a directory descriptor where the system allows it: the kernel then resolves each
    name from the folder (`fstatat`), not the whole path (10,000 stats: 30 ms instead of 45).
    """
    entries: list[_Entry] = []
    descriptor = -1
    try:
        if _SCAN_BY_DESCRIPTOR:
            descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        with os.scandir(descriptor if descriptor >= 0 else folder) as scan:
            for entry in scan:
                name = entry.name
                if name[0] == ".":
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError as error:  # a link in a loop: reported, and its folder still walked
                    problems.append((os.path.join(folder, name), _link_problem(error)))
                    continue
                signature = None
                if stat_markdown and not is_dir and name.endswith(".md"):
                    signature = _signature(entry)
                entries.append((name, is_dir, entry.is_symlink(), signature))
    except OSError as error:
        problems.append(
            (
                folder,
                _problem(
                    f"dossier illisible ({_os_reason(error)}) : aucun de ses fichiers n'est vérifié",
                    "donnez le droit de lire ce dossier, ou excluez-le (`exclude` dans la configuration)",
                ),
            )
        )
        return []
    finally:
        if descriptor >= 0:
            os.close(descriptor)
    entries.sort()
    return entries


def _link_problem(error: OSError) -> Finding:
    if error.errno == errno.ELOOP:
        return _problem(
            "lien symbolique en boucle : il mène à lui-même",
            "supprimez ce lien ou faites-le pointer vers un vrai fichier de l'arbre de contenu",
        )
    return _problem(f"lien illisible ({_os_reason(error)})", "supprimez ce lien ou corrigez sa cible")


def _cycle_problem() -> Finding:
    return _problem(
        "lien vers un dossier déjà parcouru (une boucle ou un doublon) : il n'est pas suivi",
        "supprimez ce lien : chaque fichier de contenu ne doit être atteint que par un chemin",
    )


def _folder_identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _walk(tree: ContentTree, display: PathDisplay, exclude: tuple[str, ...]) -> None:
    root = tree.root
    epreuves_dir = os.path.join(root, "epreuves")
    scan_all_markdown = not os.path.isdir(epreuves_dir)
    parcours_dir = os.path.join(root, "parcours")
    real_root = os.path.join(os.path.realpath(root), "")
    # a folder is entered once, however many links lead to it: a link to an ancestor would
    # otherwise be followed until the path is too long (thousands of duplicate files)
    visited = {_folder_identity(root)}
    pending = [root]
    while pending:
        folder = pending.pop()
        in_epreuves = scan_all_markdown or folder == epreuves_dir or folder.startswith(epreuves_dir + os.sep)
        in_parcours = folder == parcours_dir
        prefix = os.path.join(folder, "")
        subfolders = []
        for name, is_dir, is_symlink, signature in _scan(folder, in_epreuves, tree.problems):
            path = prefix + name
            if exclude and any(fnmatch.fnmatch(display.shown(path), pattern) for pattern in exclude):
                continue
            if is_symlink and not os.path.join(os.path.realpath(path), "").startswith(real_root):
                continue  # never follow a link out of the tree
            if is_dir:
                if name == "node_modules":
                    continue
                identity = _folder_identity(path) if is_symlink else None
                if is_symlink and identity in visited:
                    tree.problems.append((path, _cycle_problem()))
                    continue
                visited.add(identity if is_symlink else _folder_identity(path))
                subfolders.append(path)
                continue
            tree.files.append(path)
            if in_epreuves and name.endswith(".md"):
                tree.add_epreuve(path, signature)
            elif in_parcours and name.endswith((".yaml", ".yml")):
                tree.parcours.append(path)
        pending.extend(reversed(subfolders))


def _excluded(path: str, display: PathDisplay, exclude: tuple[str, ...]) -> bool:
    shown = display.shown(path)
    return any(fnmatch.fnmatch(shown, pattern) for pattern in exclude)


def discover(requested: Iterable[str], config: Config, *, force_exclude: bool = False) -> list[ContentTree]:
    """The content trees of the requested paths, walked. A path named explicitly is checked even
    when `exclude` matches it, unless `force_exclude` (as pre-commit passes every staged file)."""
    trees: dict[str, ContentTree] = {}
    display = PathDisplay(str(config.root))
    for path in requested:
        absolute = os.path.abspath(path)
        if not os.path.lexists(absolute):
            raise UsageError(
                f"chemin introuvable : {path}", hint="vérifiez le chemin passé à `epreuve check`"
            )
        if force_exclude and config.exclude and _excluded(absolute, display, config.exclude):
            continue
        root, has_referentiel = find_content_root(absolute)
        tree = trees.setdefault(root, ContentTree(root, has_referentiel))
        if absolute not in tree.requested:
            tree.requested.append(absolute)
    for tree in trees.values():
        _walk(tree, display, config.exclude)
        known = set(tree.epreuves)
        for path in tree.requested:
            if path.endswith(".md") and path not in known and not os.path.isdir(path):
                tree.add_epreuve(path, None)
                known.add(path)
    return [trees[root] for root in sorted(trees)]


def read_regular_file(path: str) -> bytes | Finding:
    """The bytes of a regular file, at most one more than an épreuve may have (the parser then
    says it is too large); anything else (a FIFO, a device, a folder) is a finding, never a wait."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        return _unreadable(error)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return _problem(
                f"ce n'est pas un fichier ordinaire ({_kind(info.st_mode)}) : il n'est pas lu",
                "une épreuve est un fichier texte ; supprimez ou renommez cette entrée",
            )
        if info.st_size > MAX_FILE_BYTES:
            return _too_large(str(info.st_size))
        data = _read_at_most(descriptor, MAX_FILE_BYTES + 1)
        # a file that grew since its stat, or a device that reports no size
        return _too_large(f"plus de {MAX_FILE_BYTES}") if len(data) > MAX_FILE_BYTES else data
    except OSError as error:
        return _unreadable(error)
    finally:
        os.close(descriptor)


def _read_at_most(descriptor: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = os.read(descriptor, min(_READ_CHUNK, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _too_large(size: str) -> Finding:
    from epreuve_tools.parsing.source import too_large

    return too_large(size)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "un tube nommé"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "un périphérique"
    if stat.S_ISSOCK(mode):
        return "une socket"
    if stat.S_ISDIR(mode):
        return "un dossier"
    return "un fichier spécial"


def _unreadable(error: OSError) -> Finding:
    return NOT_UTF8.finding(
        FILE_START,
        f"lecture impossible : {_os_reason(error)}",
        "vérifiez que le fichier existe et que vous avez le droit de le lire",
    )
