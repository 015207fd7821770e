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
from epreuve_tools.results import EncodedFinding, Notes, ProjectFindings, Row

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


# What `seal` writes before the MAC: a file of another kind, or of an older format, is never read.
_SEAL = b"epreuve-seal-1\n"


def seal(payload: bytes) -> bytes | None:
    """`payload` signed with this user's cache key, for a file this tool writes and reads back at a
    later run (the preview site's files beside its output); None without a key: keep nothing then."""
    key = _user_key()
    if key is None:
        return None
    return _SEAL + hmac.digest(key, payload, "sha256") + payload


def unseal(blob: bytes) -> bytes | None:
    """The payload `seal` signed, or None when this user's key did not sign these bytes (written by
    someone else, damaged, of an older format): only then may they be unpickled or unmarshalled, which
    would run what hostile bytes ask for."""
    key = _user_key()
    start = len(_SEAL) + _MAC_SIZE
    if key is None or not blob.startswith(_SEAL) or len(blob) < start:
        return None
    expected = hmac.digest(key, memoryview(blob)[start:], "sha256")
    return blob[start:] if hmac.compare_digest(blob[len(_SEAL) : start], expected) else None


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


class StatColumn:
    """The stat signatures of a column of files, one per row: four signed 64-bit numbers each
    (size, inode, mtime, ctime), packed in one `array('q')` so that a whole column is compared,
    stored and loaded at C speed. `UNKNOWN_STAT` (zeros) where the stat is unknown or racy."""

    __slots__ = ("_numbers",)

    def __init__(self, numbers: array[int] | None = None) -> None:
        self._numbers = numbers if numbers is not None else _signatures()

    @classmethod
    def unknown(cls, count: int) -> StatColumn:
        """`count` rows of `UNKNOWN_STAT`."""
        return cls(_signatures(bytes(32 * count)))

    @classmethod
    def from_bytes(cls, packed: bytes) -> StatColumn:
        numbers = _signatures()
        numbers.frombytes(packed)
        return cls(numbers)

    def to_bytes(self) -> bytes:
        return self._numbers.tobytes()

    def copy(self) -> StatColumn:
        return StatColumn(_signatures(self._numbers))

    def __len__(self) -> int:
        return len(self._numbers) // 4

    def append(self, signature: StatSignature) -> None:
        self._numbers.extend(signature)

    def signature(self, rank: int) -> StatSignature:
        size, inode, mtime, ctime = self._numbers[4 * rank : 4 * rank + 4]
        return size, inode, mtime, ctime

    def is_known(self, rank: int) -> bool:
        """False for `UNKNOWN_STAT`: a stat that could not be taken, or that is racy."""
        return any(self._numbers[4 * rank : 4 * rank + 4])

    def matches(self, rank: int, other: StatColumn, other_rank: int) -> bool:
        """Whether row `rank` has the very stat of row `other_rank` of `other`."""
        return self._numbers[4 * rank : 4 * rank + 4] == other._numbers[4 * other_rank : 4 * other_rank + 4]

    def put(self, rank: int, signature: StatSignature) -> None:
        self._numbers[4 * rank : 4 * rank + 4] = _signatures(signature)

    def changed_rows(self, old: StatColumn) -> list[int]:
        """The rows whose stat differs from the same row of `old` (as long, or longer)."""
        return _changed_rows(self._numbers, old._numbers, len(self))

    def take(self, rows: Sequence[int]) -> StatColumn:
        """These rows only, in this order."""
        numbers = self._numbers
        return StatColumn(_signatures(number for row in rows for number in numbers[4 * row : 4 * row + 4]))


# A snapshot as marshal stores it: long tuples (marshal loads a few of them fastest) holding the
# paths joined, the packed stats, keys, facts, notes, then the yaml analyses, the project rules'
# findings with their digest, the unsettled rows, and the facts of the files épreuves cite.
_Payload = tuple[
    str,
    bytes,
    tuple[str, ...],
    tuple[bytes | None, ...],
    tuple[Notes | None, ...],
    dict[str, bytes],
    tuple[bytes, ProjectFindings] | None,
    tuple[int, ...],
    dict[str, Any],
]


@dataclass(slots=True)
class Snapshot:
    """What is known of one tree: a column per field, one row per épreuve in walk order.

    The previous run's, as loaded, and this run's, which the next snapshot will hold (also the
    run's own when there is no cache). A row holds the file's path (None: it could not be read,
    and leaves the snapshot), its stat, the key of its bytes ("" for a row that must not be
    reused: an internal error), its encoded facts and its notes (findings, waivers). Beside the
    rows: the référentiel's and parcours' analyses by key, and the project rules' findings with
    the digest of what they read.
    """

    paths: list[str | None] = field(default_factory=list)
    stats: StatColumn = field(default_factory=StatColumn)
    keys: list[str] = field(default_factory=list)
    facts: list[bytes | None] = field(default_factory=list)
    notes: list[Notes | None] = field(default_factory=list)
    yaml: dict[str, bytes] = field(default_factory=dict)  # schema:content key -> encoded YamlAnalysis
    project: tuple[bytes, ProjectFindings] | None = None
    unsettled: set[int] = field(default_factory=set)  # rows to read again whatever their stat
    # the files épreuves cite (`assets.py`): their stat and content key by path, their facts by key
    assets: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of_size(cls, count: int) -> Snapshot:
        """`count` rows, none known yet."""
        return cls([None] * count, StatColumn.unknown(count), [""] * count, [None] * count, [None] * count)

    def copy_rows(self) -> Snapshot:
        """A snapshot of the same rows (only): what this run starts from when no file moved."""
        return Snapshot(
            list(self.paths),
            self.stats.copy(),
            list(self.keys),
            list(self.facts),
            list(self.notes),
            unsettled=set(self.unsettled),
        )

    def __len__(self) -> int:
        return len(self.paths)

    # --- one row

    def path(self, rank: int) -> str | None:
        return self.paths[rank]

    def stat(self, rank: int) -> StatSignature:
        return self.stats.signature(rank)

    def key(self, rank: int) -> str:
        return self.keys[rank]

    def row(self, rank: int) -> Row:
        return Row(self.facts[rank], self.notes[rank])

    def is_settled(self, rank: int) -> bool:
        """Whether the row may be reused when its file's stat did not change."""
        return rank not in self.unsettled

    def holds(self, rank: int, signature: StatSignature, key: str, row: Row) -> bool:
        """Whether row `rank` already says exactly this."""
        return (
            self.keys[rank] == key
            and self.stats.signature(rank) == signature
            and self.facts[rank] == row.facts
            and self.notes[rank] == row.notes
        )

    def set(self, rank: int, path: str, signature: StatSignature, key: str, row: Row) -> None:
        self.paths[rank] = path
        self.stats.put(rank, signature)
        self.keys[rank] = key
        self.facts[rank] = row.facts
        self.notes[rank] = row.notes
        if key and any(signature):
            self.unsettled.discard(rank)
        else:
            self.unsettled.add(rank)

    def drop(self, rank: int) -> None:
        """The file at `rank` could not be read: its row leaves the snapshot."""
        self.paths[rank] = None

    # --- every row

    def by_key(self) -> dict[str, Row]:
        """The row of each content key (the last row of the key when files share their bytes)."""
        facts, notes = self.facts, self.notes
        return {key: Row(facts[row], notes[row]) for row, key in enumerate(self.keys) if key}

    def findings(self) -> Iterator[tuple[str, list[EncodedFinding]]]:
        """Each file's path and encoded findings, for the files with notes (few have any)."""
        for path, notes in zip(self.paths, self.notes, strict=True):
            if notes is not None and path is not None:
                findings, _ = notes
                yield path, findings

    def waivers(self) -> Iterator[tuple[str, bytes]]:
        """The path and encoded facts of each file whose facts hold waivers."""
        for path, facts, notes in zip(self.paths, self.facts, self.notes, strict=True):
            if notes is not None and path is not None and facts is not None:
                _, has_waivers = notes
                if has_waivers:
                    yield path, facts

    def facts_read(self) -> Iterator[tuple[str, str, bytes]]:
        """The path, content key and encoded facts of each file read into the model (what project
        rules read; the facts are made from the bytes alone, so the key stands for them too)."""
        for path, key, facts in zip(self.paths, self.keys, self.facts, strict=True):
            if path is not None and facts is not None:
                yield path, key, facts

    def facts_digest_input(self) -> tuple[list[str | None], list[str | bytes | None]]:
        """The paths, and what each row's facts stand for: hashed to know whether project rules must
        run. A row's content key stands for its facts (made from those bytes alone, by the tool and
        settings this cache is named after) at 64 characters instead of kilobytes (35 MB for 10,000
        épreuves); a row without a key (an internal error) gives its facts themselves."""
        return self.paths, [key or facts for key, facts in zip(self.keys, self.facts, strict=True)]

    # --- as marshal stores it

    @classmethod
    def from_payload(cls, payload: object) -> Snapshot:
        if not isinstance(payload, tuple) or len(payload) != 9:
            raise ValueError("snapshot of another shape")
        joined, packed, keys, facts, notes, yaml, project, unsettled, assets = payload
        paths: list[str | None] = joined.split(_PATH_SEPARATOR) if joined else []
        stats = StatColumn.from_bytes(packed)
        if not (len(paths) == len(keys) == len(facts) == len(notes) == len(stats)) or len(packed) % 32:
            raise ValueError("snapshot of another shape")
        if (
            not isinstance(yaml, dict)
            or not isinstance(assets, dict)
            or not (project is None or len(project) == 2)
        ):
            raise ValueError("snapshot of another shape")
        if any(not 0 <= row < len(paths) for row in unsettled):
            raise ValueError("snapshot of another shape")
        return cls(paths, stats, list(keys), list(facts), list(notes), yaml, project, set(unsettled), assets)

    def to_payload(self) -> _Payload:
        """The rows still in the tree (a dropped one leaves), renumbered."""
        rows = [row for row, path in enumerate(self.paths) if path is not None]
        if len(rows) == len(self.paths):
            stats, unsettled = self.stats, sorted(self.unsettled)
            keys, facts, notes = self.keys, self.facts, self.notes
        else:
            stats = self.stats.take(rows)
            renumbered = {row: new for new, row in enumerate(rows)}
            unsettled = sorted(renumbered[row] for row in self.unsettled if row in renumbered)
            keys = [self.keys[row] for row in rows]
            facts = [self.facts[row] for row in rows]
            notes = [self.notes[row] for row in rows]
        joined = _PATH_SEPARATOR.join(path for path in self.paths if path is not None)
        return (
            joined,
            stats.to_bytes(),
            tuple(keys),
            tuple(facts),
            tuple(notes),
            self.yaml,
            self.project,
            tuple(unsettled),
            self.assets,
        )


class TreeCache:
    """The snapshot of one content tree: read at the start of a run, rewritten at its end.

    `reuse` fills this run's snapshot (`current`) with the rows of the files whose stat did not
    change and says which files must be read; `record` and `drop` say what was found of those.
    `by_key`, `get_yaml` and `project_findings` answer from the previous snapshot. Without a key
    and a store (`in_memory`: no cache), it only holds this run's rows.
    """

    def __init__(self, path: Path, key: bytes | None, started_ns: int, store: _Store | None = None) -> None:
        self.path = path  # its name in `store`, which reads and writes it (none: neither)
        self.key = key
        self.store = store
        self.started_ns = started_ns  # when the run started: a file modified after it is "racy"
        self.previous = Snapshot()
        self.current = Snapshot()
        self._by_key: dict[str, Row] | None = None
        self._changed = False

    @classmethod
    def in_memory(cls, started_ns: int) -> TreeCache:
        """This run's rows of a tree, for a run without a cache: nothing is read or written."""
        return cls(Path(), None, started_ns)

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
            self.previous = Snapshot.from_payload(marshal.loads(memoryview(blob)[start:]))

    def reuse(self, paths: list[str], walked: StatColumn) -> list[int]:
        """Fill this run's snapshot for this walk (`walked`: the stat of each path, unknown where
        it could not be taken) from the previous one; the ranks of the files to read: new,
        changed, or unsettled.

        Most runs walk the very files of the previous one, in the same order: this run's rows
        are then the previous ones, and only the stats are compared.
        """
        old = self.previous
        yaml, assets = self.current.yaml, self.current.assets
        if paths == old.paths:
            self.current = old.copy_rows()
            self.current.yaml, self.current.assets = yaml, assets
            # a file whose stat could not be taken is unknown: it differs, or its row was unsettled
            return sorted(set(walked.changed_rows(old.stats)).union(old.unsettled))
        self._changed = True
        current = self.current = Snapshot.of_size(len(paths))
        current.yaml, current.assets = yaml, assets
        position = {known: row for row, known in enumerate(old.paths)}
        to_read = []
        for rank, path in enumerate(paths):
            row = position.get(path)
            if (
                row is None
                or not old.is_settled(row)
                or not walked.is_known(rank)
                or not walked.matches(rank, old.stats, row)
            ):
                to_read.append(rank)
            else:
                current.set(rank, path, walked.signature(rank), old.key(row), old.row(row))
        return to_read

    def by_key(self, key: str) -> Row | None:
        """The row of these bytes, if a file of the previous snapshot had them (moved, reverted)."""
        if self._by_key is None:
            self._by_key = self.previous.by_key()
        return self._by_key.get(key)

    def record(self, rank: int, path: str, signature: StatSignature, key: str, row: Row) -> None:
        """What this run found of a file it read; key "" if the row is not to be reused."""
        if self.started_ns - max(signature[2], signature[3]) < RACY_NS:
            signature = UNKNOWN_STAT  # may change again within the clock's resolution: hash it next time
        if not self.current.holds(rank, signature, key, row):
            self._changed = True
        self.current.set(rank, path, signature, key, row)

    def drop(self, rank: int) -> None:
        """The file at `rank` could not be read: it leaves the snapshot."""
        self.current.drop(rank)
        self._changed = True

    def get_yaml(self, key: str) -> bytes | None:
        """The encoded analysis of a référentiel or parcours of this key (schema:content key)."""
        return self.previous.yaml.get(key)

    def put_yaml(self, key: str, analysis: bytes) -> None:
        if self.previous.yaml.get(key) is not analysis:
            self._changed = True
        self.current.yaml[key] = analysis

    def get_asset(self, name: str) -> Any:
        """What the previous run kept of a cited file under this name (`assets.AssetLibrary`)."""
        return self.previous.assets.get(name)

    def put_asset(self, name: str, value: Any) -> None:
        if self.previous.assets.get(name) != value:
            self._changed = True
        self.current.assets[name] = value

    def changed_facts(self) -> list[tuple[bytes | None, bytes | None]] | None:
        """The previous and current encoded facts of each row whose facts changed since the
        previous run; None when this run's rows are not the previous run's files in its order."""
        old, new = self.previous, self.current
        if old.paths != new.paths:
            return None
        return [(a, b) for a, b in zip(old.facts, new.facts, strict=True) if a is not b and a != b]

    def previous_project_findings(self) -> ProjectFindings | None:
        """The project rules' findings of the previous run, whatever their input."""
        project = self.previous.project
        return project[1] if project is not None else None

    def project_findings(self, digest: bytes) -> ProjectFindings | None:
        """The project rules' findings of the previous run, if their input had this digest."""
        project = self.previous.project
        return project[1] if project is not None and project[0] == digest else None

    def put_project_findings(self, digest: bytes, findings: ProjectFindings) -> None:
        if self.previous.project is None or self.previous.project[0] != digest:
            self._changed = True
        self.current.project = (digest, findings)

    def changed(self) -> bool:
        return (
            self._changed
            or len(self.current.yaml) != len(self.previous.yaml)
            or len(self.current.assets) != len(self.previous.assets)
        )

    def signed(self) -> bytes | None:
        """The new snapshot, signed; None if there is no key or nothing changed."""
        if self.key is None or not self.changed():
            return None
        payload = marshal.dumps(self.current.to_payload())
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
