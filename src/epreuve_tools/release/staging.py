"""A release published all at once, or not at all (issue #13, "Bad input").

Every new file of a release (bundles, targets and snapshot metadata, release notes) is first written
into a staging folder inside the release folder (same file system, so publishing is a hard link),
and checked there: a name already published with other bytes stops the release before anything is
published. Then the files are linked into place and the timestamp, which is what clients read first,
is replaced last. A release killed before that leaves the published folder as it was, plus a staging
folder; a release killed while linking leaves files that no timestamp reaches. The next release
removes both before it starts (`discard_unpublished`), so a killed release never blocks the next one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Final

from epreuve_tools.errors import UsageError
from epreuve_tools.release.atomic import write_atomic

STAGING_PREFIX: Final = ".staging-"


class Staging:
    """The new files of one release, written aside until `publish`."""

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.folder = Path(tempfile.mkdtemp(dir=out, prefix=STAGING_PREFIX))
        self.pending: list[tuple[Path, Path]] = []

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def add(self, final: Path, data: bytes) -> None:
        """Stage `data` for `final`; an identical published file is kept, a different one refused now.

        Written, not yet synced: `publish` syncs every staged file before it links the first one."""
        if final.exists():
            if final.read_bytes() != data:
                raise UsageError(
                    f"{final} existe déjà avec un autre contenu : une publication n'est jamais réécrite"
                )
            return
        staged = self.folder / f"{len(self.pending):06d}"
        descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
            os.fchmod(descriptor, 0o644)  # published files are public, whatever the umask
        finally:
            os.close(descriptor)
        self.pending.append((staged, final))

    def publish(self, timestamp_path: Path, timestamp: bytes) -> None:
        """Sync every staged file, link each into place, sync the folders that received a link, then
        replace the timestamp: the release is out, and a crash before that leaves it unpublished."""
        _sync_all([staged for staged, _ in self.pending])
        for staged, final in self.pending:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.link(staged, final)
        _sync_all(sorted({final.parent for _, final in self.pending}))
        write_atomic(timestamp_path, timestamp, mode=0o644)


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync_all(paths: list[Path]) -> None:
    """fsync each path (a file or a folder), several at once: each call waits for the device, and
    the waits overlap (35 bundles: about 30 ms instead of 200 ms one after the other)."""
    if len(paths) < 2:
        for path in paths:
            _sync(path)
        return
    with ThreadPoolExecutor(max_workers=min(16, len(paths))) as pool:
        for _ in pool.map(_sync, paths):  # re-raises the first error
            pass


def _version_and_role(name: str) -> tuple[int, str] | None:
    number, _, rest = name.partition(".")
    if not number.isdigit() or not rest.endswith(".json"):
        return None
    return int(number), rest.removesuffix(".json")


def _published_versions(metadata: Path) -> dict[str, int]:
    """Each role's highest version that a published snapshot (1 to the timestamp's) lists."""
    from tuf.api.metadata import Metadata, Snapshot, Timestamp

    timestamp = Metadata[Timestamp].from_bytes((metadata / "timestamp.json").read_bytes()).signed
    current = timestamp.snapshot_meta.version
    published: dict[str, int] = {"snapshot": current}
    for version in range(1, current + 1):
        path = metadata / f"{version}.snapshot.json"
        if path.is_file():
            for name, meta in Metadata[Snapshot].from_bytes(path.read_bytes()).signed.meta.items():
                role = name.removesuffix(".json")
                published[role] = max(published.get(role, 0), meta.version)
    return published


def _discard_metadata(metadata: Path, published: dict[str, int]) -> tuple[list[Path], set[str]]:
    """Unpublished metadata files removed, and the bundle hashes the published targets roles list."""
    from tuf.api.metadata import Metadata, Targets

    removed: list[Path] = []
    listed: set[str] = set()
    for path in sorted(metadata.glob("*.json")):
        parsed = _version_and_role(path.name)
        if parsed is None or parsed[1] == "root":
            continue
        version, role = parsed
        if version > published.get(role, 0):
            path.unlink()
            removed.append(path)
        elif role != "snapshot":
            signed = Metadata[Targets].from_bytes(path.read_bytes()).signed
            listed.update(target.hashes["sha256"] for target in signed.targets.values())
    return removed, listed


def _unlink_all(paths: list[Path]) -> list[Path]:
    for path in paths:
        path.unlink()
    return paths


def discard_unpublished(out: Path) -> list[Path]:
    """Remove what a killed release left, and only that: staging folders; metadata versions newer than
    what the current timestamp reaches (or of a role no published snapshot ever listed); bundles no
    published targets metadata lists; release notes of an unpublished targets version. Root files are
    never touched (`trust publish` writes them). Returns what was removed."""
    removed: list[Path] = []
    for folder in sorted(out.glob(f"{STAGING_PREFIX}*")):
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    metadata = out / "metadata"
    if not metadata.is_dir():
        return removed
    # no timestamp yet: nothing but the roots was ever published
    published = _published_versions(metadata) if (metadata / "timestamp.json").is_file() else {}
    stale, listed = _discard_metadata(metadata, published)
    removed += stale
    bundles = sorted((out / "targets").rglob("*.zip")) if (out / "targets").is_dir() else []
    removed += _unlink_all([path for path in bundles if path.name.split(".", 1)[0] not in listed])
    notes = sorted((out / "changelog").glob("*")) if (out / "changelog").is_dir() else []
    removed += _unlink_all(
        [
            path
            for path in notes
            if path.name.split(".", 1)[0].isdigit()
            and int(path.name.split(".", 1)[0]) > published.get("targets", 0)
        ]
    )
    return removed
