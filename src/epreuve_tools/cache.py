"""The analysis cache: `.epreuve_cache/` at the project root, one snapshot per content tree.

A snapshot is what the last run learnt of a tree: for each épreuve, in walk order, its path, the
SHA-256 of its bytes, the file's size, inode, modification and change times (as git's index keeps
them), and the analysis of those bytes; plus the analyses of the référentiel and parcours, by
content; and the project rules' findings with the digest of what they read. A file whose stat is
unchanged is not read again; a changed one is read and hashed, and analysed only if no file of
the tree had those bytes (a renamed or reverted file costs a hash). A file modified during the run
or less than two seconds before it started is recorded without its stat ("racy" timestamps), so
the next run hashes it again; the change time (`st_ctime`), which no user can set, is part of the
stat: an edit always shows.

The snapshot sits in a folder named after the fingerprint of the tool (version, source code,
schemas, Python): a new version or a changed rule starts afresh, so an entry is never stale.
Safe to delete at any time.

Speed: a re-check of 10,000 files must fit in about 0.2 s. The snapshot is one `marshal` blob
(10,000 entries load in ~15 ms, where the same in JSON took ~80 ms with their decoding), written
again only when something changed. marshal must never read untrusted bytes, and the cache lives
in the content repository, which may be hostile (a committed cache must not make a bad file look
clean, nor crash the tool): every snapshot is signed with HMAC-SHA256 under a key that stays in the
user's own folder (`~/.cache/epreuve-tools/`), and one whose signature does not verify is never
unmarshalled.

Nor may a hostile repository make the tool touch anything beside the cache: it can commit
`.epreuve_cache` itself, or anything in it, as a link to any place the reviewer can write to.
Every folder and file of the cache is opened relative to its parent's descriptor without
following a link (O_NOFOLLOW); `.epreuve_cache` or the version's folder that is not a real folder
of this user means no cache for the run (`AnalysisCache.notice` says so); files are created with
O_EXCL (a temporary file, then renamed over the snapshot: a link there is replaced, not written
through); an existing `.gitignore`, whatever it is, is left alone; cleaning up removes only the
names this tool writes. The key is read only if it is exactly 32 bytes of a private regular file
of this user, not a link; a new one is written whole and synced under a temporary name, then
linked to its name, which only one of racing first runs can do.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import hmac
import marshal
import os
import stat
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from epreuve_tools import __version__
from epreuve_tools.results import Row

CACHE_DIR = ".epreuve_cache"
RACY_NS = 2_000_000_000
_MAGIC = b"epreuve-cache-2\n"
# Paths are stored as one string (marshal loads it and `split` cuts it faster than a tuple of
# 10,000 strings), cut at the one character no file name can hold: a newline can be in one.
_PATH_SEPARATOR = "\0"
_MAC_SIZE = 32
UNKNOWN_STAT = (0, 0, 0, 0)  # a stat that is never trusted (racy, or unknown)

StatSignature = tuple[int, int, int, int]


# kept as signed 64-bit numbers; an inode number may use the 64th bit (some network file systems)
INODE_MASK = (1 << 63) - 1


def stat_signature(stat: os.stat_result) -> StatSignature:
    return (stat.st_size, stat.st_ino & INODE_MASK, stat.st_mtime_ns, stat.st_ctime_ns)


@functools.cache
def tool_fingerprint() -> str:
    # marshal's format may change with Python: a cache is only read by the interpreter that wrote it
    digest = hashlib.sha256(f"{__version__}\n{sys.implementation.cache_tag}\n{sys.version}".encode())
    package = os.path.dirname(os.path.abspath(__file__))
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json")):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, package).replace(os.sep, "/").encode())
                with open(path, "rb") as handle:
                    digest.update(handle.read())
    return digest.hexdigest()[:16]


def content_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Refused(Exception):
    """A cache path that is a link, not of the expected kind, or not this user's: left alone."""


# Opened without following a last-component link: a hostile repository may commit
# `.epreuve_cache` (or anything in it) as a link to any place the reviewer can write to.
_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # no wait on a FIFO
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def _check_own(status: os.stat_result, kind: int) -> None:
    if stat.S_IFMT(status.st_mode) != kind or status.st_uid != os.geteuid():
        raise _Refused


def _open_folder(name: str, parent: int, *, create: bool = False) -> int:
    """A descriptor of the real folder `name` in `parent`, owned by this user (made 0700 if
    missing and `create`). Raises FileNotFoundError if missing, _Refused if it is a link, not a
    folder, or another user's."""
    if create:
        with contextlib.suppress(FileExistsError):
            os.mkdir(name, 0o700, dir_fd=parent)
    try:
        descriptor = os.open(name, _FOLDER_FLAGS, dir_fd=parent)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):  # EMLINK: a link, on FreeBSD
            raise _Refused from error
        raise
    try:
        _check_own(os.fstat(descriptor), stat.S_IFDIR)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _write_new(folder: int, data: bytes, *, sync: bool = False) -> str:
    """A new file of a fresh random name in `folder` holding `data`, readable by this user only."""
    name = f".tmp-{os.urandom(8).hex()}"
    descriptor = os.open(name, _CREATE_FLAGS, 0o600, dir_fd=folder)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            if sync:
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=folder)
        raise
    return name


def _write_atomically(folder: int, name: str, data: bytes) -> None:
    """Replace `name` in `folder` (a link there is replaced, never followed) by a file of `data`."""
    temporary = _write_new(folder, data)
    try:
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        raise


_KEY_FOLDER = "epreuve-tools"
_KEY_NAME = "cache-key"
_KEY_SIZE = 32


def _user_key() -> bytes | None:
    """This user's secret key for signing snapshots, made on the first run; None: no cache.

    `XDG_CACHE_HOME` (or `~/.cache`) is the user's own choice and may be a link; the folder and the
    key in it are never followed through a link, and a key that is not exactly `_KEY_SIZE` bytes of
    a private regular file of this user (an interrupted first run left it empty, or someone else
    put it there) is never used: a cache signed with a short key could be forged.
    """
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        parent = os.open(base, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except (OSError, RuntimeError):  # RuntimeError: no home folder
        return None
    try:
        folder = _open_folder(_KEY_FOLDER, parent, create=True)
        try:
            if os.fstat(folder).st_mode & 0o077:  # made by an older version with the umask's mode
                os.fchmod(folder, 0o700)
            return _read_key(folder) or _make_key(folder)
        finally:
            os.close(folder)
    except (OSError, _Refused):
        return None
    finally:
        os.close(parent)


def _read_key(folder: int) -> bytes | None:
    try:
        descriptor = os.open(_KEY_NAME, _READ_FLAGS, dir_fd=folder)
    except OSError:  # missing, a link, unreadable: made again
        return None
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        if status.st_size != _KEY_SIZE or status.st_mode & 0o077:
            return None
        try:
            _check_own(status, stat.S_IFREG)
        except _Refused:
            return None
        key = stream.read(_KEY_SIZE + 1)
    return key if len(key) == _KEY_SIZE else None


def _make_key(folder: int) -> bytes | None:
    """A new key, written whole (and synced) before it takes the key's name: no run ever reads a
    partial key. Racing first runs link their own under the name, which only one of them can do;
    every run then uses the key that holds the name."""
    temporary = _write_new(folder, os.urandom(_KEY_SIZE), sync=True)
    try:
        try:
            os.link(temporary, _KEY_NAME, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
        except FileExistsError:
            if _read_key(folder) is None:  # not another run's new key, but an unusable one
                os.replace(temporary, _KEY_NAME, src_dir_fd=folder, dst_dir_fd=folder)
        except OSError:  # no hard links on this file system: the last run to write keeps the name
            os.replace(temporary, _KEY_NAME, src_dir_fd=folder, dst_dir_fd=folder)
        os.fsync(folder)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
    return _read_key(folder)


def _signatures(numbers: Iterable[int] = ()) -> array[int]:
    return array("q", numbers)


@dataclass(slots=True)
class _Snapshot:
    """Columns, one row per épreuve in walk order (marshal loads a few long tuples fastest)."""

    paths: Sequence[str] = ()
    signatures: array[int] = field(default_factory=_signatures)  # size, inode, mtime, ctime per row
    keys: Sequence[str] = ()  # "" for a row that must not be reused (an internal error)
    facts: Sequence[bytes | None] = ()
    notes: Sequence[Any] = ()
    yaml: dict[str, Any] = field(default_factory=dict)  # schema:content key -> encoded YamlAnalysis
    project: tuple[bytes, Any] | None = None  # digest of the project rules' input, their findings
    unsettled: Sequence[int] = ()  # rows to read again whatever their stat: racy, or not reusable

    @classmethod
    def from_payload(cls, payload: Any) -> _Snapshot:
        joined, packed, keys, facts, notes, yaml, project, unsettled = payload
        paths = joined.split(_PATH_SEPARATOR) if joined else []
        signatures = _signatures()
        signatures.frombytes(packed)
        if not (len(paths) == len(keys) == len(facts) == len(notes) and len(signatures) == 4 * len(paths)):
            raise ValueError("snapshot of another shape")
        if not isinstance(yaml, dict) or not (project is None or len(project) == 2):
            raise ValueError("snapshot of another shape")
        if any(not 0 <= row < len(paths) for row in unsettled):
            raise ValueError("snapshot of another shape")
        return cls(paths, signatures, keys, facts, notes, yaml, project, unsettled)


@dataclass(slots=True)
class Table:
    """This run's rows for one tree, in walk order: what the next snapshot will hold.

    Also the run's own table when there is no cache. A file that could not be read leaves its
    row without a path.
    """

    paths: list[str | None]
    signatures: array[int]
    keys: list[str]
    facts: list[bytes | None]
    notes: list[Any]
    yaml: dict[str, Any] = field(default_factory=dict)
    project: tuple[bytes, Any] | None = None
    unsettled: set[int] = field(default_factory=set)

    @classmethod
    def of_size(cls, count: int) -> Table:
        return cls(
            [None] * count, _signatures(bytes(32 * count)), [""] * count, [None] * count, [None] * count
        )

    def set(self, rank: int, path: str, signature: Sequence[int], key: str, row: Row) -> None:
        self.paths[rank] = path
        self.signatures[4 * rank : 4 * rank + 4] = _signatures(signature)
        self.keys[rank] = key
        self.facts[rank] = row.facts
        self.notes[rank] = row.notes
        if key and any(signature):
            self.unsettled.discard(rank)
        else:
            self.unsettled.add(rank)

    def to_payload(self) -> Any:
        rows = [row for row, path in enumerate(self.paths) if path is not None]
        if len(rows) == len(self.paths):
            signatures, unsettled = self.signatures, sorted(self.unsettled)
            keys, facts, notes = self.keys, self.facts, self.notes
        else:
            signatures = _signatures(
                number for row in rows for number in self.signatures[4 * row : 4 * row + 4]
            )
            renumbered = {row: new for new, row in enumerate(rows)}
            unsettled = sorted(renumbered[row] for row in self.unsettled if row in renumbered)
            keys = [self.keys[row] for row in rows]
            facts = [self.facts[row] for row in rows]
            notes = [self.notes[row] for row in rows]
        joined = _PATH_SEPARATOR.join(path for path in self.paths if path is not None)
        return (
            joined,
            signatures.tobytes(),
            tuple(keys),
            tuple(facts),
            tuple(notes),
            self.yaml,
            self.project,
            tuple(unsettled),
        )


_CHUNK = 64  # rows compared at once when looking for the few whose stat changed


def _changed_rows(new: array[int], old: array[int], count: int) -> list[int]:
    """The rows whose four stat numbers differ, comparing 64 rows at a time (C speed)."""
    rows: list[int] = []
    for start in range(0, count, _CHUNK):
        end = min(start + _CHUNK, count)
        if new[4 * start : 4 * end] != old[4 * start : 4 * end]:
            rows.extend(
                row for row in range(start, end) if new[4 * row : 4 * row + 4] != old[4 * row : 4 * row + 4]
            )
    return rows


class TreeCache:
    """The snapshot of one content tree: read at the start of a run, rewritten at its end.

    `reuse` fills this run's table with the rows of the files whose stat did not change and says
    which files must be read; `record` adds what was found of those. `by_key`, `get_yaml` and
    `project_findings` answer from the previous snapshot.
    """

    def __init__(self, path: Path, key: bytes | None, started_ns: int, store: _Store | None = None) -> None:
        self.path = path  # its name in `store`, which reads and writes it (none: neither)
        self.key = key
        self.store = store
        self.started_ns = started_ns  # when the run started: a file modified after it is "racy"
        self.old = _Snapshot()
        self.table = Table.of_size(0)
        self._by_key: dict[str, Row] | None = None
        self._changed = False

    def load(self) -> None:
        if self.key is None or self.store is None:
            return
        blob = self.store.read(self.path.name)
        if blob is None:
            return
        start = len(_MAGIC) + _MAC_SIZE
        if not blob.startswith(_MAGIC):
            return
        expected = hmac.digest(self.key, memoryview(blob)[start:], "sha256")
        if not hmac.compare_digest(blob[len(_MAGIC) : start], expected):
            return  # written by someone else, or damaged: ignore it, never unmarshal it
        with contextlib.suppress(EOFError, ValueError, TypeError):
            self.old = _Snapshot.from_payload(marshal.loads(memoryview(blob)[start:]))

    def reuse(self, paths: list[str], walked: Sequence[int]) -> list[int]:
        """Fill the table for this walk (`walked`: four stat numbers per path, zeros if unknown)
        from the previous snapshot; the ranks of the files to read: new, changed, or unsettled.

        Most runs walk the very files of the previous one, in the same order: the table is then
        the previous one, and only the stats are compared.
        """
        old = self.old
        signatures = _signatures(walked)
        yaml = self.table.yaml
        if paths == old.paths:
            self.table = Table(
                list(paths),
                _signatures(old.signatures),
                list(old.keys),
                list(old.facts),
                list(old.notes),
                yaml,
            )
            self.table.unsettled = set(old.unsettled)
            # a file whose stat could not be taken has zeros: it differs, or its row was unsettled
            return sorted(set(_changed_rows(signatures, old.signatures, len(paths))).union(old.unsettled))
        self._changed = True
        self.table = Table.of_size(len(paths))
        self.table.yaml = yaml
        position = {known: row for row, known in enumerate(old.paths)}
        unsettled = set(old.unsettled)
        to_read = []
        for rank, path in enumerate(paths):
            row = position.get(path)
            signature = signatures[4 * rank : 4 * rank + 4]
            if (
                row is None
                or row in unsettled
                or not any(signature)
                or signature != old.signatures[4 * row : 4 * row + 4]
            ):
                to_read.append(rank)
            else:
                self.table.set(rank, path, signature, old.keys[row], Row(old.facts[row], old.notes[row]))
        return to_read

    def by_key(self, key: str) -> Row | None:
        """The row of these bytes, if a file of the previous snapshot had them (moved, reverted)."""
        if self._by_key is None:
            old = self.old
            self._by_key = {
                known: Row(old.facts[row], old.notes[row]) for row, known in enumerate(old.keys) if known
            }
        return self._by_key.get(key)

    def record(self, rank: int, path: str, signature: StatSignature, key: str, row: Row) -> None:
        """What this run found of a file it read; key "" if the row is not to be reused."""
        if self.started_ns - max(signature[2], signature[3]) < RACY_NS:
            signature = UNKNOWN_STAT  # may change again within the clock's resolution: hash it next time
        table = self.table
        if not (
            table.keys[rank] == key
            and table.signatures[4 * rank : 4 * rank + 4] == _signatures(signature)
            and table.facts[rank] == row.facts
            and table.notes[rank] == row.notes
        ):
            self._changed = True
        table.set(rank, path, signature, key, row)

    def drop(self, rank: int) -> None:
        """The file at `rank` could not be read: it leaves the snapshot."""
        self.table.paths[rank] = None
        self._changed = True

    def get_yaml(self, key: str) -> Any:
        return self.old.yaml.get(key)

    def put_yaml(self, key: str, analysis: Any) -> None:
        if self.old.yaml.get(key) is not analysis:
            self._changed = True
        self.table.yaml[key] = analysis

    def project_findings(self, digest: bytes) -> Any:
        """The project rules' findings of the previous run, if their input had this digest."""
        project = self.old.project
        return project[1] if project is not None and project[0] == digest else None

    def put_project_findings(self, digest: bytes, findings: Any) -> None:
        if self.old.project is None or self.old.project[0] != digest:
            self._changed = True
        self.table.project = (digest, findings)

    def changed(self) -> bool:
        return self._changed or len(self.table.yaml) != len(self.old.yaml)

    def signed(self) -> bytes | None:
        """The new snapshot, signed; None if there is no key or nothing changed."""
        if self.key is None or not self.changed():
            return None
        payload = marshal.dumps(self.table.to_payload())
        return _MAGIC + hmac.digest(self.key, payload, "sha256") + payload

    def save(self) -> None:
        blob = self.signed()
        if blob is not None and self.store is not None:
            self.store.write([(self.path.name, blob)])


# The names this tool writes in `.epreuve_cache/` (older versions included): cleaning up, it removes
# nothing else, and never follows a link (it may be a repository's, pointing anywhere).
_VERSION_FOLDER = r"[0-9a-f]{16}"
_OWN_IN_ROOT = r"analyses-[0-9a-f]{16}\.json|\.analyses-[a-z0-9_]{8}\.tmp"
_OWN_IN_VERSION = r"tree-[0-9a-f]{24}\.bin|(analyses|stats)-[0-9]{2}\.json|\.tmp-[a-z0-9_]{8,16}(\.json)?"
_GITIGNORE = "# créé par epreuve : ce dossier est un cache, à ne pas versionner\n*\n".encode()
_MAX_SNAPSHOT = 1 << 30  # a bigger file is not ours: not even read


class _Store:
    """The folder of this tool's version, `.epreuve_cache/<fingerprint>/`, reached from the project
    root one real folder of this user at a time (never through a link)."""

    def __init__(self, project_root: Path, fingerprint: str) -> None:
        self.project_root = project_root
        self.fingerprint = fingerprint

    def usable(self) -> bool:
        """False if `.epreuve_cache` or the version's folder exists but is not a real folder of
        this user: then the cache is neither read nor written."""
        try:
            with self._folders(create=False):
                pass
        except FileNotFoundError:
            return True  # made by `save`
        except _Refused:
            return False
        except OSError:
            return True  # unreadable: every read fails, and so does `save`, quietly
        return True

    @contextlib.contextmanager
    def _folders(self, *, create: bool) -> Iterator[tuple[int, int]]:
        """Descriptors of `.epreuve_cache/` and of the version's folder in it."""
        with contextlib.ExitStack() as stack:
            project = os.open(self.project_root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            stack.callback(os.close, project)
            root = _open_folder(CACHE_DIR, project, create=create)
            stack.callback(os.close, root)
            version = _open_folder(self.fingerprint, root, create=create)
            stack.callback(os.close, version)
            yield root, version

    def read(self, name: str) -> bytes | None:
        try:
            with self._folders(create=False) as (_, version):
                descriptor = os.open(name, _READ_FLAGS, dir_fd=version)
                with os.fdopen(descriptor, "rb") as stream:
                    status = os.fstat(descriptor)
                    if not stat.S_ISREG(status.st_mode) or status.st_size > _MAX_SNAPSHOT:
                        return None
                    return stream.read()
        except (OSError, _Refused):
            return None

    def write(self, files: Sequence[tuple[str, bytes]]) -> None:
        """Write these snapshots, after the `.gitignore` and removing older versions' caches."""
        try:
            with self._folders(create=True) as (root, version):
                _write_gitignore(root)
                _remove_other_versions(root, self.fingerprint)
                for name, data in files:
                    _write_atomically(version, name, data)
        except (OSError, _Refused):
            return  # a read-only tree still gets checked, just without a cache


def _write_gitignore(root: int) -> None:
    try:
        descriptor = os.open(".gitignore", _CREATE_FLAGS, 0o644, dir_fd=root)
    except FileExistsError:
        return  # whatever it is (a file, a link, a folder), it is left alone
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(_GITIGNORE)


def _remove_other_versions(root: int, keep: str) -> None:
    import re

    with os.scandir(root) as entries:
        names = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries]
    for name, is_folder in names:
        if is_folder and name != keep and re.fullmatch(_VERSION_FOLDER, name):
            _remove_version(root, name)
        elif not is_folder and re.fullmatch(_OWN_IN_ROOT, name):
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=root)


def _remove_version(root: int, name: str) -> None:
    """Remove the files of an older version's folder, then the folder if nothing else is in it."""
    import re

    try:
        folder = _open_folder(name, root)
    except (OSError, _Refused):
        return
    try:
        with os.scandir(folder) as entries:
            own = [
                entry.name
                for entry in entries
                if not entry.is_dir(follow_symlinks=False) and re.fullmatch(_OWN_IN_VERSION, entry.name)
            ]
        for file in own:
            with contextlib.suppress(OSError):  # a link is removed, never what it points to
                os.unlink(file, dir_fd=folder)
    finally:
        os.close(folder)
    with contextlib.suppress(OSError):  # not empty: what is left is not ours
        os.rmdir(name, dir_fd=root)


class AnalysisCache:
    """Every tree's snapshot under `.epreuve_cache/<tool fingerprint>/`.

    `notice` (French, for the user) says why the cache is not used, when it is not: the folder is
    a link, not a folder, or someone else's (a repository may commit `.epreuve_cache` as a link).
    """

    def __init__(self, project_root: Path, started_ns: int) -> None:
        self.started_ns = started_ns
        self.root = project_root / CACHE_DIR
        self.directory = self.root / tool_fingerprint()
        self.store = _Store(project_root, tool_fingerprint())
        self.notice: str | None = None
        self.key: bytes | None = None
        if self.store.usable():
            self.key = _user_key()
        else:
            self.notice = (
                f"cache {CACHE_DIR}/ non utilisé : lui ou son sous-dossier est un lien, un fichier "
                "ou le dossier d'un autre utilisateur (tout est vérifié sans lui)"
            )
        self.trees: list[TreeCache] = []

    def tree(self, content_root: str, variant: str = "") -> TreeCache:
        """The snapshot of the tree at `content_root` (absolute), for one set of opt-in rules.

        The project root is part of its name: findings name files relative to it.
        """
        name = hashlib.sha256(f"{self.root}\n{content_root}\n{variant}".encode()).hexdigest()[:24]
        tree = TreeCache(self.directory / f"tree-{name}.bin", self.key, self.started_ns, self.store)
        tree.load()
        self.trees.append(tree)
        return tree

    def save(self) -> None:
        if self.key is None:
            return
        blobs = [(tree.path.name, blob) for tree in self.trees if (blob := tree.signed()) is not None]
        if blobs:
            self.store.write(blobs)
