"""A release as a standard TUF repository, written with python-tuf's Metadata API (SIGNING.md §1).

Layout (consistent snapshots, so nothing published is ever rewritten and a client fetching during a
release never sees half of it):

    metadata/1.root.json                  the trust anchor to ship with a runtime
    metadata/<n>.targets.json             every current bundle: length, sha256, custom fields
    metadata/<n>.snapshot.json
    metadata/timestamp.json               the only file replaced, last, atomically
    targets/parcours/<sha256>.<id>.zip

Releasing again into the same folder continues it: a parcours whose bundle bytes did not change keeps
its version and target; one that changed gets version + 1 and a new target; targets and snapshot get a
new version only when a target changed; the timestamp always does. Files are published with a hard
link from a temporary file (`os.link` refuses to replace), so an existing file is never overwritten.

Time: the targets metadata expires a fixed delay after `epoch` (SOURCE_DATE_EPOCH or the content's
commit time), so that the same content, keys and epoch give the same bytes (Ed25519 signatures are
deterministic). Snapshot and timestamp expire after `now`: they are signing times by nature.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from epreuve_tools.bundle.pack import Content, PackedBundle, pack_parcours
from epreuve_tools.bundle.records import CONTENT_SCHEMA
from epreuve_tools.errors import UsageError
from epreuve_tools.release.atomic import write_atomic, write_new

if TYPE_CHECKING:
    from securesystemslib.signer import CryptoSigner

SPEC_VERSION: Final = "1.0.31"  # written explicitly: the bytes must not depend on the installed tuf


@dataclass(frozen=True, slots=True)
class Lifetimes:
    """How long each role's metadata stays valid: root and targets from the release's epoch,
    snapshot and timestamp from the signing time."""

    root: timedelta
    targets: timedelta
    snapshot: timedelta
    timestamp: timedelta


PRODUCTION: Final = Lifetimes(
    root=timedelta(days=365),
    targets=timedelta(days=183),
    snapshot=timedelta(days=30),
    timestamp=timedelta(days=7),
)
# A development release signs with throwaway keys and dates root and targets from the content's last
# commit: with production lifetimes, README's quickstart would stop verifying six months after the
# sample content was last touched. Nothing it signs is to be trusted, so nothing is lost by waiting.
DEVELOPMENT: Final = Lifetimes(
    root=timedelta(days=3650),
    targets=timedelta(days=3650),
    snapshot=timedelta(days=30),
    timestamp=timedelta(days=7),
)
TARGET_PREFIX: Final = "parcours/"


@dataclass(frozen=True, slots=True)
class PublishedParcours:
    parcours: str
    version: int
    epreuves: int
    changed: bool


@dataclass(frozen=True, slots=True)
class ReleaseResult:
    out: Path
    parcours: tuple[PublishedParcours, ...]
    targets_version: int
    snapshot_version: int
    timestamp_version: int
    root_keyids: dict[str, str]


def target_path(parcours_id: str) -> str:
    return f"{TARGET_PREFIX}{parcours_id}.zip"


def _at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _serializer() -> Any:
    from tuf.api.serialization.json import JSONSerializer

    return JSONSerializer(compact=False)


@dataclass(slots=True)
class _Previous:
    root: Any  # Metadata[Root]
    root_version: int
    targets: dict[str, Any]  # path -> TargetFile
    targets_version: int
    snapshot_version: int
    timestamp_version: int


def _load_previous(metadata: Path) -> _Previous | None:
    from tuf.api.metadata import Metadata, Root, Snapshot, Targets, Timestamp

    if not (metadata / "1.root.json").exists():
        return None
    version = 1
    while (metadata / f"{version + 1}.root.json").exists():
        version += 1
    root = Metadata[Root].from_bytes((metadata / f"{version}.root.json").read_bytes())
    if not (metadata / "timestamp.json").exists():
        return _Previous(root, version, {}, 0, 0, 0)
    timestamp = Metadata[Timestamp].from_bytes((metadata / "timestamp.json").read_bytes()).signed
    snapshot_version = timestamp.snapshot_meta.version
    snapshot = Metadata[Snapshot].from_bytes((metadata / f"{snapshot_version}.snapshot.json").read_bytes())
    targets_version = snapshot.signed.meta["targets.json"].version
    targets = Metadata[Targets].from_bytes((metadata / f"{targets_version}.targets.json").read_bytes())
    return _Previous(
        root, version, dict(targets.signed.targets), targets_version, snapshot_version, timestamp.version
    )


def ensure_dev_root(out: Path, signers: dict[str, CryptoSigner], epoch: int, lifetimes: Lifetimes) -> None:
    """A development release's first root, signed by its one root key (1 of 1), if it has none yet.

    A production root is never made here: it comes from `epreuve trust publish`, signed by people.
    """
    from tuf.api.metadata import Metadata, Root

    if (out / "metadata" / "1.root.json").exists():
        return
    root = Root(
        version=1, spec_version=SPEC_VERSION, expires=_at(epoch) + lifetimes.root, consistent_snapshot=True
    )
    root.add_key(signers["root"].public_key, "root")
    root.add_key(signers["targets"].public_key, "targets")
    root.add_key(signers["online"].public_key, "snapshot")
    root.add_key(signers["online"].public_key, "timestamp")
    metadata = Metadata(root)
    metadata.sign(signers["root"])
    write_new(out / "metadata" / "1.root.json", metadata.to_bytes(_serializer()))


def _check_keys(root: Any, signers: dict[str, CryptoSigner], where: Path) -> None:
    expected = {"targets": "targets", "snapshot": "online", "timestamp": "online"}
    for role, signer_name in expected.items():
        if signer_name not in signers:
            continue
        if signers[signer_name].public_key.keyid not in root.signed.roles[role].keyids:
            raise UsageError(
                f"la clé « {signer_name} » n'est pas une clé que la racine de {where} "
                f"désigne pour le rôle {role}",
                hint="signez avec une clé de la racine en vigueur (epreuve trust status la montre), "
                "ou publiez dans un dossier neuf (--out)",
            )


def _still_valid(root: Any, role: str, metadata_path: Path) -> bool:
    """Whether the published metadata of `role` still verifies under the latest root (keys rotated?)."""
    from tuf.api.metadata import Metadata

    if not metadata_path.exists():
        return False
    published = Metadata.from_bytes(metadata_path.read_bytes())
    result = root.signed.get_verification_result(role, published.signed_bytes, published.signatures)
    return bool(result.verified)


def _pack(content: Content, previous: dict[str, Any]) -> list[tuple[PackedBundle, bool]]:
    """Each parcours' bundle, at its previous version when its bytes did not change, else one more."""
    packed: list[tuple[PackedBundle, bool]] = []
    for parcours, raw in content.parcours:
        if parcours.id is None:
            continue
        before = previous.get(target_path(parcours.id))
        version = int(before.custom["version"]) if before is not None else 1
        bundle = pack_parcours(content, parcours, raw, version)
        if before is not None and before.hashes.get("sha256") == bundle.sha256:
            packed.append((bundle, False))
            continue
        if before is not None:
            bundle = pack_parcours(content, parcours, raw, version + 1)
        packed.append((bundle, True))
    return packed


def write_release(
    content: Content,
    out: Path,
    signers: dict[str, CryptoSigner],
    *,
    epoch: int,
    now: datetime,
    lifetimes: Lifetimes = PRODUCTION,
) -> ReleaseResult:
    """Pack every parcours and publish the release into `out` (new, or continued; see the module)."""
    from tuf.api.metadata import Metadata, MetaFile, Snapshot, TargetFile, Targets, Timestamp

    metadata_dir = out / "metadata"
    previous = _load_previous(metadata_dir)
    if previous is None:
        raise UsageError(
            f"{out} n'a pas de racine de confiance (metadata/1.root.json)",
            hint="publiez d'abord la racine signée : epreuve trust publish --release " + str(out),
        )
    _check_keys(previous.root, signers, out)
    # after a key rotation, metadata signed by a revoked key no longer verifies: sign it again
    resign = previous.targets_version > 0 and not _still_valid(
        previous.root, "targets", metadata_dir / f"{previous.targets_version}.targets.json"
    )
    resign = resign or (
        previous.snapshot_version > 0
        and not _still_valid(
            previous.root, "snapshot", metadata_dir / f"{previous.snapshot_version}.snapshot.json"
        )
    )

    packed = _pack(content, previous.targets)
    targets: dict[str, TargetFile] = {}
    published: list[PublishedParcours] = []
    for bundle, changed in packed:
        path = target_path(bundle.parcours)
        digest = hashlib.sha256(bundle.data).hexdigest()
        custom = {
            "parcours": bundle.parcours,
            "version": bundle.version,
            "title": bundle.title,
            "epreuves": len(bundle.epreuves),
            "content_schema": CONTENT_SCHEMA,
        }
        targets[path] = TargetFile(len(bundle.data), {"sha256": digest}, path, {"custom": custom})
        write_new(out / "targets" / TARGET_PREFIX / f"{digest}.{bundle.parcours}.zip", bundle.data)
        published.append(PublishedParcours(bundle.parcours, bundle.version, len(bundle.epreuves), changed))

    targets_version, snapshot_version = previous.targets_version, previous.snapshot_version
    same = set(targets) == set(previous.targets) and all(
        targets[path].to_dict() == previous.targets[path].to_dict() for path in targets
    )
    if not same or targets_version == 0 or resign:
        targets_version += 1
        snapshot_version += 1
        signed_targets = Targets(
            version=targets_version,
            spec_version=SPEC_VERSION,
            expires=_at(epoch) + lifetimes.targets,
            targets=dict(sorted(targets.items())),
        )
        targets_metadata = Metadata(signed_targets)
        targets_metadata.sign(signers["targets"])
        write_new(metadata_dir / f"{targets_version}.targets.json", targets_metadata.to_bytes(_serializer()))
        snapshot = Metadata(
            Snapshot(
                version=snapshot_version,
                spec_version=SPEC_VERSION,
                expires=now.replace(microsecond=0) + lifetimes.snapshot,
                meta={"targets.json": MetaFile(version=targets_version)},
            )
        )
        snapshot.sign(signers["online"])
        write_new(metadata_dir / f"{snapshot_version}.snapshot.json", snapshot.to_bytes(_serializer()))
    timestamp = Metadata(
        Timestamp(
            version=previous.timestamp_version + 1,
            spec_version=SPEC_VERSION,
            expires=now.replace(microsecond=0) + lifetimes.timestamp,
            snapshot_meta=MetaFile(version=snapshot_version),
        )
    )
    timestamp.sign(signers["online"])
    write_atomic(
        metadata_dir / "timestamp.json", timestamp.to_bytes(_serializer()), mode=0o644
    )  # last: it publishes
    return ReleaseResult(
        out,
        tuple(published),
        targets_version,
        snapshot_version,
        previous.timestamp_version + 1,
        {role: signer.public_key.keyid for role, signer in signers.items()},
    )


@dataclass(frozen=True, slots=True)
class RefreshResult:
    targets_version: int
    snapshot_version: int
    timestamp_version: int
    resigned: tuple[str, ...]  # the roles signed anew, timestamp always last


def _expires_within(metadata_path: Path, now: datetime, margin: timedelta) -> bool:
    from tuf.api.metadata import Metadata

    expires: datetime = Metadata.from_bytes(metadata_path.read_bytes()).signed.expires
    return expires - now < margin


def refresh_release(
    out: Path,
    signers: dict[str, CryptoSigner],
    *,
    now: datetime,
    lifetimes: Lifetimes = PRODUCTION,
) -> RefreshResult:
    """Re-sign the timestamp, and snapshot or targets when they near expiry (the scheduled CI job).

    Nothing about the content changes: the same targets are listed. Snapshot is signed anew when less
    than half its lifetime is left, targets when less than a quarter of it is: then it expires a full
    lifetime after `now` (a refresh is a signing time), and needs the targets key; without it the
    refresh stops and says so, before anything is written.
    """
    from tuf.api.metadata import Metadata, MetaFile, Snapshot, Targets, Timestamp

    metadata_dir = out / "metadata"
    previous = _load_previous(metadata_dir)
    if previous is None or previous.timestamp_version == 0:
        raise UsageError(
            f"{out} n'est pas une publication : rien à rafraîchir",
            hint="publiez d'abord : epreuve release --out " + str(out),
        )
    _check_keys(previous.root, signers, out)
    now = now.replace(microsecond=0)
    targets_path = metadata_dir / f"{previous.targets_version}.targets.json"
    snapshot_path = metadata_dir / f"{previous.snapshot_version}.snapshot.json"
    resigned: list[str] = []
    targets_version, snapshot_version = previous.targets_version, previous.snapshot_version
    if _expires_within(targets_path, now, lifetimes.targets / 4) or not _still_valid(
        previous.root, "targets", targets_path
    ):
        if "targets" not in signers:
            raise UsageError(
                f"les métadonnées targets de {out} expirent bientôt : il faut la clé targets pour les signer",
                hint="relancez avec --targets-key FICHIER ou la variable EPREUVE_TARGETS_KEY",
            )
        targets_version += 1
        targets = Metadata(
            Targets(
                version=targets_version,
                spec_version=SPEC_VERSION,
                expires=now + lifetimes.targets,
                targets=dict(sorted(previous.targets.items())),
            )
        )
        targets.sign(signers["targets"])
        write_new(metadata_dir / f"{targets_version}.targets.json", targets.to_bytes(_serializer()))
        resigned.append("targets")
    if (
        resigned
        or _expires_within(snapshot_path, now, lifetimes.snapshot / 2)
        or not _still_valid(previous.root, "snapshot", snapshot_path)
    ):
        snapshot_version += 1
        snapshot = Metadata(
            Snapshot(
                version=snapshot_version,
                spec_version=SPEC_VERSION,
                expires=now + lifetimes.snapshot,
                meta={"targets.json": MetaFile(version=targets_version)},
            )
        )
        snapshot.sign(signers["online"])
        write_new(metadata_dir / f"{snapshot_version}.snapshot.json", snapshot.to_bytes(_serializer()))
        resigned.append("snapshot")
    timestamp = Metadata(
        Timestamp(
            version=previous.timestamp_version + 1,
            spec_version=SPEC_VERSION,
            expires=now + lifetimes.timestamp,
            snapshot_meta=MetaFile(version=snapshot_version),
        )
    )
    timestamp.sign(signers["online"])
    write_atomic(metadata_dir / "timestamp.json", timestamp.to_bytes(_serializer()), mode=0o644)
    resigned.append("timestamp")
    return RefreshResult(targets_version, snapshot_version, previous.timestamp_version + 1, tuple(resigned))
