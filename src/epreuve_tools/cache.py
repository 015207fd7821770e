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
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import marshal
import os
import sys
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from epreuve_tools import __version__
from epreuve_tools.results import Row

CACHE_DIR = ".epreuve_cache"
RACY_NS = 2_000_000_000
_MAGIC = b"epreuve-cache-1\n"
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


def _user_key() -> bytes | None:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "epreuve-tools"
    path = base / "cache-key"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        base.mkdir(parents=True, exist_ok=True)
        key = os.urandom(32)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key)
        return key
    except FileExistsError:
        return path.read_bytes()
    except OSError:
        return None


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
        paths = joined.split("\n") if joined else []
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
        joined = "\n".join(path for path in self.paths if path is not None)
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

    def __init__(self, path: Path, key: bytes | None, started_ns: int) -> None:
        self.path = path
        self.key = key
        self.started_ns = started_ns  # when the run started: a file modified after it is "racy"
        self.old = _Snapshot()
        self.table = Table.of_size(0)
        self._by_key: dict[str, Row] | None = None
        self._changed = False

    def load(self) -> None:
        if self.key is None:
            return
        try:
            with open(self.path, "rb") as handle:
                blob = handle.read()
        except OSError:
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

    def save(self) -> None:
        if self.key is None or not self.changed():
            return
        payload = marshal.dumps(self.table.to_payload())
        mac = hmac.digest(self.key, payload, "sha256")
        _write_atomically(self.path, _MAGIC + mac + payload)


def _write_atomically(path: Path, data: bytes) -> None:
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class AnalysisCache:
    """Every tree's snapshot under `.epreuve_cache/<tool fingerprint>/`."""

    def __init__(self, project_root: Path, started_ns: int) -> None:
        self.started_ns = started_ns
        self.root = project_root / CACHE_DIR
        self.directory = self.root / tool_fingerprint()
        self.key = _user_key()
        self.trees: list[TreeCache] = []

    def tree(self, content_root: str, variant: str = "") -> TreeCache:
        """The snapshot of the tree at `content_root` (absolute), for one set of opt-in rules.

        The project root is part of its name: findings name files relative to it.
        """
        name = hashlib.sha256(f"{self.root}\n{content_root}\n{variant}".encode()).hexdigest()[:24]
        tree = TreeCache(self.directory / f"tree-{name}.bin", self.key, self.started_ns)
        tree.load()
        self.trees.append(tree)
        return tree

    def save(self) -> None:
        if self.key is None or not any(tree.changed() for tree in self.trees):
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.root / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# créé par epreuve : ce dossier est un cache, à ne pas versionner\n*\n")
            import shutil

            for old in self.root.iterdir():  # caches of other versions of the tool
                if old.is_dir() and old != self.directory:
                    shutil.rmtree(old, ignore_errors=True)
                elif old.is_file() and old.name != ".gitignore":
                    old.unlink()
            for tree in self.trees:
                tree.save()
        except OSError:
            return  # a read-only tree still gets checked, just without a cache
