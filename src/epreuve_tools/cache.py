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
import secrets
import tempfile
from importlib import resources
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
# Entries from earlier runs are kept up to this many, so checking a subset does not evict the rest.
MAX_ENTRIES = 200_000
RACY_NS = 2_000_000_000

StatSignature = tuple[int, int, int, int]


def stat_signature(stat: os.stat_result) -> StatSignature:
    return (stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns)


@functools.cache
def tool_fingerprint() -> str:
    digest = hashlib.sha256(__version__.encode())
    package = Path(str(resources.files("epreuve_tools")))
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
        key = secrets.token_bytes(32)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key)
        return key
    except FileExistsError:
        return path.read_bytes()
    except OSError:
        return None


class AnalysisCache:
    def __init__(self, project_root: Path) -> None:
        self.directory = project_root / CACHE_DIR
        self.path = self.directory / f"analyses-{tool_fingerprint()}.json"
        self.raw: dict[str, list[Any]] = {}
        self.fresh: dict[str, list[Any]] = {}
        self.stats: dict[str, list[Any]] = {}  # absolute path -> [*signature, content key]
        self.key = _user_key()

    def load(self) -> None:
        if self.key is None:
            return
        try:
            blob = self.path.read_bytes()
        except OSError:
            return
        signature, _, payload = blob.partition(b"\n")
        expected = hmac.new(self.key, payload, hashlib.sha256).hexdigest().encode()
        if not hmac.compare_digest(signature, expected):
            return  # written by someone else, or damaged: ignore it
        with contextlib.suppress(ValueError):
            loaded = json.loads(payload)
            if isinstance(loaded, dict) and isinstance(loaded.get("entries"), dict):
                self.raw = loaded["entries"]
                self.stats = loaded.get("stats") or {}

    def known_key(self, path: str, signature: StatSignature) -> str | None:
        """The content key recorded for `path` if its stat signature is unchanged."""
        recorded = self.stats.get(path)
        if recorded is None or tuple(recorded[:4]) != signature:
            return None
        key = recorded[4]
        return key if isinstance(key, str) else None

    def record_stat(self, path: str, signature: StatSignature, key: str, now_ns: int) -> None:
        _size, _inode, modified, changed = signature
        if now_ns - max(modified, changed) < RACY_NS:
            self.stats.pop(path, None)  # racy: the file may change again within the clock's resolution
            return
        if self.stats.get(path) != [*signature, key]:
            self.stats[path] = [*signature, key]
            self.stats_changed = True

    def _get(self, key: str) -> list[Any] | None:
        return self.fresh.get(key) or self.raw.get(key)

    def get_file(self, key: str) -> FileAnalysis | None:
        raw = self._get(key)
        try:
            return decode_file(raw) if raw is not None else None
        except (IndexError, TypeError, ValueError):
            return None  # an entry of another shape: analyse again

    def put_file(self, key: str, analysis: FileAnalysis) -> None:
        if analysis.crash is None:  # a crash is a bug to report, never a result to keep
            self.fresh[key] = encode_file(analysis)

    def get_yaml(self, key: str) -> YamlAnalysis | None:
        raw = self._get(key)
        try:
            return decode_yaml(raw) if raw is not None else None
        except (IndexError, TypeError, ValueError):
            return None

    def put_yaml(self, key: str, analysis: YamlAnalysis) -> None:
        self.fresh[key] = encode_yaml(analysis)

    stats_changed = False

    def save(self) -> None:
        if not (self.fresh or self.stats_changed) or self.key is None:
            return
        self.raw.update(self.fresh)
        if len(self.raw) > MAX_ENTRIES:
            self.raw = dict(list(self.raw.items())[-MAX_ENTRIES:])
        if len(self.stats) > MAX_ENTRIES:
            self.stats = dict(list(self.stats.items())[-MAX_ENTRIES:])
        document = {"entries": self.raw, "stats": self.stats}
        payload = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        signature = hmac.new(self.key, payload, hashlib.sha256).hexdigest().encode()
        try:
            self.directory.mkdir(exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# créé par epreuve : ce dossier est un cache, à ne pas versionner\n*\n")
            for old in self.directory.glob("analyses-*.json"):
                if old != self.path:
                    with contextlib.suppress(OSError):
                        old.unlink()
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".analyses-", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(signature + b"\n" + payload)
            os.replace(temporary, self.path)
        except OSError:
            return  # a read-only tree still gets checked, just without a cache
