"""The analysis cache: `.epreuve_cache/` at the project root, keyed by file content.

An entry is the analysis of one épreuve's bytes, found by the SHA-256 of those bytes, in a file
named after the fingerprint of the tool itself (version, source code and schemas): a new version or
a changed rule starts a new cache, so an entry is never stale. Safe to delete at any time.

Reading and hashing every file is most of what a re-check of a large tree costs, so the cache also
keeps, per path, the content hash it found with the file's size, inode, and modification and change
times (as git's index does). A file whose stat is unchanged is not read again. A file modified less
than two seconds before it was hashed is never recorded ("racy" timestamps), and the change time
(`st_ctime`), which no user can set, is part of the signature: an edit always shows.

The cache lives inside the content repository, which may be hostile: a committed cache must not be
able to make a bad file look clean, nor run code. So it is JSON (never pickle), and it is signed
with HMAC-SHA256 under a key that stays in the user's own folder (`~/.cache/epreuve-tools/`): a
cache this user's tool did not write is ignored.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import os
import zlib
from pathlib import Path
from typing import Any

from epreuve_tools import __version__
from epreuve_tools.results import (
    FileAnalysis,
    YamlAnalysis,
    decode_file,
    decode_yaml,
    encode_file,
    encode_yaml,
)

CACHE_DIR = ".epreuve_cache"
RACY_NS = 2_000_000_000

StatSignature = tuple[int, int, int, int]


def stat_signature(stat: os.stat_result) -> StatSignature:
    return (stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns)


@functools.cache
def tool_fingerprint() -> str:
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".json")):
        if "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
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


SHARDS = 32
# Past this many entries in one shard, the entries this run did not use are dropped from it.
MAX_PER_SHARD = 10_000


def _shard_of(text: str) -> int:
    return zlib.crc32(text.encode()) % SHARDS


class _SignedShards:
    """A dict split into SHARDS signed JSON files, so that a small change rewrites one small file."""

    def __init__(self, directory: Path, prefix: str, key: bytes | None) -> None:
        self.directory = directory
        self.prefix = prefix
        self.key = key
        self.data: dict[str, Any] = {}
        self.dirty: set[int] = set()
        self.used: set[str] = set()

    def load(self) -> None:
        if self.key is None:
            return
        for shard in range(SHARDS):
            try:
                blob = (self.directory / f"{self.prefix}-{shard:02d}.json").read_bytes()
            except OSError:
                continue
            signature, _, payload = blob.partition(b"\n")
            expected = hmac.new(self.key, payload, hashlib.sha256).hexdigest().encode()
            if not hmac.compare_digest(signature, expected):
                continue  # written by someone else, or damaged: ignore it
            with contextlib.suppress(ValueError):
                loaded = json.loads(payload)
                if isinstance(loaded, dict):
                    self.data.update(loaded)

    def get(self, name: str) -> Any:
        self.used.add(name)
        return self.data.get(name)

    def set(self, name: str, value: Any) -> None:
        self.used.add(name)
        self.data[name] = value
        self.dirty.add(_shard_of(name))

    def pop(self, name: str) -> None:
        if self.data.pop(name, None) is not None:
            self.dirty.add(_shard_of(name))

    def save(self) -> None:
        if not self.dirty or self.key is None:
            return
        shards: dict[int, dict[str, Any]] = {shard: {} for shard in self.dirty}
        for name, value in self.data.items():
            shard = _shard_of(name)
            if shard in shards:
                shards[shard][name] = value
        for shard, everything in shards.items():
            content = everything
            if len(content) > MAX_PER_SHARD:
                content = {name: value for name, value in everything.items() if name in self.used}
            payload = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
            signature = hmac.new(self.key, payload, hashlib.sha256).hexdigest().encode()
            _write_atomically(self.directory / f"{self.prefix}-{shard:02d}.json", signature + b"\n" + payload)
        self.dirty.clear()


def _write_atomically(path: Path, data: bytes) -> None:
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class AnalysisCache:
    def __init__(self, project_root: Path) -> None:
        self.root = project_root / CACHE_DIR
        self.directory = self.root / tool_fingerprint()
        key = _user_key()
        self.entries = _SignedShards(self.directory, "analyses", key)
        self.stats = _SignedShards(self.directory, "stats", key)  # path -> [*signature, content key]

    def exists(self) -> bool:
        return self.directory.is_dir()

    def load(self) -> None:
        self.entries.load()
        self.stats.load()

    def known_key(self, path: str, signature: StatSignature) -> str | None:
        """The content key recorded for `path` if its stat signature is unchanged."""
        recorded = self.stats.get(path)
        if not isinstance(recorded, list) or len(recorded) != 5 or tuple(recorded[:4]) != signature:
            return None
        key = recorded[4]
        return key if isinstance(key, str) else None

    def record_stat(self, path: str, signature: StatSignature, key: str, now_ns: int) -> None:
        _size, _inode, modified, changed = signature
        if now_ns - max(modified, changed) < RACY_NS:
            self.stats.pop(path)  # racy: the file may change again within the clock's resolution
        elif self.stats.get(path) != [*signature, key]:
            self.stats.set(path, [*signature, key])

    def get_file(self, key: str) -> FileAnalysis | None:
        raw = self.entries.get(key)
        try:
            return decode_file(raw) if raw is not None else None
        except (IndexError, TypeError, ValueError):
            return None  # an entry of another shape: analyse again

    def put_file(self, key: str, analysis: FileAnalysis) -> None:
        if analysis.crash is None:  # a crash is a bug to report, never a result to keep
            self.entries.set(key, encode_file(analysis))

    def get_yaml(self, key: str) -> YamlAnalysis | None:
        raw = self.entries.get(key)
        try:
            return decode_yaml(raw) if raw is not None else None
        except (IndexError, TypeError, ValueError):
            return None

    def put_yaml(self, key: str, analysis: YamlAnalysis) -> None:
        self.entries.set(key, encode_yaml(analysis))

    def save(self) -> None:
        if not (self.entries.dirty or self.stats.dirty) or self.entries.key is None:
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
            self.entries.save()
            self.stats.save()
        except OSError:
            return  # a read-only tree still gets checked, just without a cache
