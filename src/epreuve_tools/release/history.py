"""The two sides `release/changes.py` compares, read from a published release, a content tree, or a
git revision of one: records by épreuve, per parcours."""

from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from epreuve_tools.bundle.archive import read_archive
from epreuve_tools.bundle.pack import Content, PackedBundle, load_content, resolve_epreuves
from epreuve_tools.bundle.records import build_record
from epreuve_tools.errors import UsageError
from epreuve_tools.release.changes import ALL_SECTION as ALL_EPREUVES
from epreuve_tools.release.changes import Side


def bundle_entry(data: bytes) -> tuple[int, tuple[str, ...], dict[str, dict[str, Any]], str]:
    """(version, ordered ids, records by id, title) of a bundle's bytes, read through the archive rules."""
    entries = read_archive(data)
    manifest = json.loads(entries["bundle.json"])
    ids = tuple(manifest["epreuves"])
    records = {i: json.loads(entries[f"epreuves/{i}.json"]) for i in ids}
    return int(manifest["version"]), ids, records, str(manifest.get("title", ""))


def published_bundle(out: Path, target: Any) -> bytes:
    """The published bytes of a target (consistent snapshots: `<sha256>.<parcours>.zip`)."""
    name = f"{target.hashes['sha256']}.{target.custom['parcours']}.zip"
    return (out / "targets" / "parcours" / name).read_bytes()


def release_side(out: Path, only: set[str] | None = None) -> Side:
    """What the release in `out` currently publishes (its latest targets), optionally for some parcours."""
    from epreuve_tools.release.repository import load_published

    previous = load_published(out / "metadata")
    if previous is None or not (out / "metadata" / "timestamp.json").exists():
        raise UsageError(f"{out} n'est pas une publication (metadata/timestamp.json absent)")
    side = Side()
    for target in previous.targets.values():
        parcours = str(target.custom["parcours"])
        if only is not None and parcours not in only:
            continue
        version, ids, records, title = bundle_entry(published_bundle(out, target))
        side.parcours[parcours] = (version, ids, records)
        side.titles[parcours] = title
    return side


def packed_side(bundles: Iterator[PackedBundle] | list[PackedBundle]) -> Side:
    """Bundles just packed: the records they were packed from (`write_archive` has read its zip back
    through the archive rules already), or their bytes read again when they carry none."""
    side = Side()
    for bundle in bundles:
        if bundle.records or not bundle.epreuves:
            version, ids, records, title = bundle.version, bundle.epreuves, bundle.records, bundle.title
        else:
            version, ids, records, title = bundle_entry(bundle.data)
        side.parcours[bundle.parcours] = (version, ids, records)
        side.titles[bundle.parcours] = title
    return side


class _SourceNames(Mapping[str, str]):
    """Assets named by their path as written: a changed file name shows in the diff of content."""

    def __getitem__(self, key: str) -> str:
        return key

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def content_side(content: Content) -> Side:
    """Every épreuve of a content tree, whatever its status, as one section (records by id)."""
    records: dict[str, dict[str, Any]] = {}
    for epreuve_id, (_, epreuve) in sorted(content.epreuves.items()):
        try:
            records[epreuve_id] = build_record(epreuve, _SourceNames())
        except (ValueError, KeyError):
            continue  # a key that cannot be read: `check` reports it; the diff shows the épreuve as absent
    side = Side()
    side.parcours[ALL_EPREUVES] = (0, tuple(records), records)
    side.titles[ALL_EPREUVES] = "Toutes les épreuves, tous statuts"
    for parcours, raw in content.parcours:
        if parcours.id is not None:
            # membership and order only: the épreuves' own changes are in the first section
            ids = resolve_epreuves(content, parcours)
            side.parcours[parcours.id] = (0, ids, {i: {"id": i} for i in ids if i in records})
            side.titles[parcours.id] = str(raw.get("title", ""))
    return side


def revision_side(repository: Path, revision: str, content_folder: str) -> Side:
    """The content tree of a git revision, extracted into a temporary folder (never checked out)."""
    with tempfile.TemporaryDirectory(prefix="epreuve-diff-") as folder:
        try:
            archive = subprocess.run(
                ["git", "archive", "--format=tar", revision, "--", content_folder],
                cwd=repository,
                capture_output=True,
                check=True,
            ).stdout
        except (OSError, subprocess.CalledProcessError) as error:
            stderr = getattr(error, "stderr", b"") or b""
            raise UsageError(
                f"révision git illisible : {revision!r} ({stderr.decode('utf-8', 'replace').strip() or error})",
                hint="donnez un commit, une branche ou une étiquette du dépôt, ou deux dossiers de publication",
            ) from None
        archive_path = Path(folder) / "content.tar"
        archive_path.write_bytes(archive)
        with tarfile.open(archive_path) as tar:
            tar.extractall(Path(folder) / "tree", filter="data")  # `data`: no links out, no devices
        root = Path(folder) / "tree" / content_folder
        if not root.is_dir():
            raise UsageError(f"{content_folder} n'existe pas dans la révision {revision}")
        return content_side(load_content(root))
