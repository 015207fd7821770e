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

import gc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from epreuve_tools.bundle.pack import Content, PackedBundle, pack_parcours, with_version
from epreuve_tools.bundle.records import CONTENT_SCHEMA
from epreuve_tools.errors import UsageError
from epreuve_tools.release.atomic import write_atomic, write_new
from epreuve_tools.release.staging import Staging, discard_unpublished

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
    notes: tuple[Any, ...] = ()  # release/changes.ParcoursChanges of each parcours that changed
    changelog: Path | None = None  # the Markdown release notes written, if anything changed


def target_path(parcours_id: str) -> str:
    return f"{TARGET_PREFIX}{parcours_id}.zip"


def _at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _serializer() -> Any:
    from tuf.api.serialization.json import JSONSerializer

    return JSONSerializer(compact=False)


@dataclass(frozen=True, slots=True)
class Team:
    """A content team publishing through a delegated targets role (SIGNING.md §1): its parcours are
    those whose id starts with `<name>-`, signed by its own keys, listed in `<n>.<name>.json`."""

    name: str
    keys: tuple[Any, ...]  # SSlibKey
    threshold: int

    @property
    def pattern(self) -> str:
        return f"{TARGET_PREFIX}{self.name}-*"

    def owns(self, parcours_id: str) -> bool:
        return parcours_id.startswith(f"{self.name}-")


@dataclass(slots=True)
class _RoleState:
    version: int
    targets: dict[str, Any]  # path -> TargetFile
    delegations: dict[str, Any] | None  # the top-level role's delegations, as a dict to compare


@dataclass(slots=True)
class _Previous:
    root: Any  # Metadata[Root]
    root_version: int
    roles: dict[str, _RoleState]  # "targets" and each delegated role that was published
    snapshot_version: int
    timestamp_version: int

    @property
    def targets_version(self) -> int:
        state = self.roles.get("targets")
        return state.version if state else 0

    @property
    def targets(self) -> dict[str, Any]:
        """Every published target, whichever role lists it."""
        return {path: target for state in self.roles.values() for path, target in state.targets.items()}


def load_published(metadata: Path) -> _Previous | None:
    from tuf.api.metadata import Metadata, Root, Snapshot, Targets, Timestamp

    if not (metadata / "1.root.json").exists():
        return None
    version = 1
    while (metadata / f"{version + 1}.root.json").exists():
        version += 1
    root = Metadata[Root].from_bytes((metadata / f"{version}.root.json").read_bytes())
    if not (metadata / "timestamp.json").exists():
        return _Previous(root, version, {}, 0, 0)
    timestamp = Metadata[Timestamp].from_bytes((metadata / "timestamp.json").read_bytes()).signed
    snapshot_version = timestamp.snapshot_meta.version
    snapshot = Metadata[Snapshot].from_bytes((metadata / f"{snapshot_version}.snapshot.json").read_bytes())
    roles: dict[str, _RoleState] = {}
    for name, meta in snapshot.signed.meta.items():
        role = name.removesuffix(".json")
        signed = Metadata[Targets].from_bytes((metadata / f"{meta.version}.{role}.json").read_bytes()).signed
        delegations = signed.delegations.to_dict() if signed.delegations is not None else None
        roles[role] = _RoleState(meta.version, dict(signed.targets), delegations)
    return _Previous(root, version, roles, snapshot_version, timestamp.version)


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


def _pack(
    content: Content, previous: dict[str, Any], on_progress: Callable[[int, int], None] | None = None
) -> list[tuple[PackedBundle, bool]]:
    """Each parcours' bundle, at its previous version when its bytes did not change, else one more."""
    packed: list[tuple[PackedBundle, bool]] = []
    for done, (parcours, raw) in enumerate(content.parcours):
        if on_progress is not None:
            on_progress(done, len(content.parcours))
        if parcours.id is None:
            continue
        before = previous.get(target_path(parcours.id))
        version = int(before.custom["version"]) if before is not None else 1
        bundle = pack_parcours(content, parcours, raw, version)
        if before is not None and before.hashes.get("sha256") == bundle.sha256:
            packed.append((bundle, False))
            continue
        if before is not None:
            bundle = with_version(bundle, version + 1)
        packed.append((bundle, True))
    if on_progress is not None:
        on_progress(len(content.parcours), len(content.parcours))
    return packed


def _target_file(bundle: PackedBundle, epoch: int) -> Any:
    from tuf.api.metadata import TargetFile

    path = target_path(bundle.parcours)
    custom = {
        "parcours": bundle.parcours,
        "version": bundle.version,
        "title": bundle.title,
        "epreuves": len(bundle.epreuves),
        "content_schema": CONTENT_SCHEMA,
        # the content's date (SOURCE_DATE_EPOCH or its last commit): a later release of older content is refused
        "content_time": epoch,
    }
    return TargetFile(len(bundle.data), {"sha256": bundle.sha256}, path, {"custom": custom})


def _delegations(teams: Sequence[Team]) -> Any | None:
    from tuf.api.metadata import DelegatedRole, Delegations

    if not teams:
        return None
    keys = {key.keyid: key for team in teams for key in team.keys}
    roles = {
        team.name: DelegatedRole(
            name=team.name,
            keyids=sorted(key.keyid for key in team.keys),
            threshold=team.threshold,
            terminating=True,
            paths=[team.pattern],
        )
        for team in sorted(teams, key=lambda team: team.name)
    }
    return Delegations(keys=dict(sorted(keys.items())), roles=roles)


def _role_of(parcours_id: str, teams: Sequence[Team]) -> str:
    return next((team.name for team in teams if team.owns(parcours_id)), "targets")


def _same_targets(new: dict[str, Any], old: dict[str, Any]) -> bool:
    return set(new) == set(old) and all(new[path].to_dict() == old[path].to_dict() for path in new)


def _verifies(delegator: Any, role: str, metadata_path: Path) -> bool:
    from tuf.api.metadata import Metadata

    if not metadata_path.exists():
        return False
    published = Metadata.from_bytes(metadata_path.read_bytes())
    return bool(
        delegator.get_verification_result(role, published.signed_bytes, published.signatures).verified
    )


def _team_signer(name: str, team_signers: Mapping[str, CryptoSigner]) -> CryptoSigner:
    if name not in team_signers:
        variable = team_key_variable(name)
        raise UsageError(
            f"les parcours de l'équipe {name} ont changé : il faut sa clé pour les signer",
            hint=f"relancez avec --team-key {name}=FICHIER ou la variable {variable}",
        )
    return team_signers[name]


def team_key_variable(name: str) -> str:
    """The CI variable that holds a team's key: EPREUVE_TEAM_KEY_<NAME>, in capitals, `-` as `_`."""
    return "EPREUVE_TEAM_KEY_" + name.upper().replace("-", "_")


def write_release(
    content: Content,
    out: Path,
    signers: dict[str, CryptoSigner],
    *,
    epoch: int,
    now: datetime,
    lifetimes: Lifetimes = PRODUCTION,
    teams: Sequence[Team] = (),
    team_signers: Mapping[str, CryptoSigner] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ReleaseResult:
    """Pack every parcours and publish the release into `out` (new, or continued; see the module).
    `on_progress(done, total)` is told as the parcours are packed (the command draws a bar).

    A parcours that belongs to a team is listed in the team's delegated role, signed with the team's
    key; the top-level targets role lists the others and the delegations (signed by `targets`)."""

    metadata_dir = out / "metadata"
    discard_unpublished(out)  # what a killed release left: never published, and in the way
    previous = load_published(metadata_dir)
    if previous is None:
        raise UsageError(
            f"{out} n'a pas de racine de confiance (metadata/1.root.json)",
            hint="publiez d'abord la racine signée : epreuve trust publish --release " + str(out),
        )
    _check_keys(previous.root, signers, out)
    _refuse_older_content(previous, epoch, out)
    # Packing makes a few containers per épreuve (its record, their lists) that live until the release
    # is written and are freed by their reference counts: the cyclic collector's passes over them
    # freed nothing (~130 objects a release, from the libraries) and cost 15-60 ms of a 300 ms
    # release of 7,000 épreuves (a full pass walks every object that is not frozen).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with Staging(out) as staging:
            return _stage_release(
                content, out, signers, previous, staging,
                epoch=epoch, now=now, lifetimes=lifetimes, teams=teams, team_signers=team_signers or {},
                on_progress=on_progress,
            )  # fmt: skip
    finally:
        if collecting:
            gc.enable()


def _refuse_older_content(previous: _Previous, epoch: int, out: Path) -> None:
    """A release folder that already holds a release of newer content is left alone: building from an
    older checkout (a slow CI job overtaken by a newer one) would publish a content rollback."""
    times = [int(t.custom.get("content_time", 0)) for t in previous.targets.values()]
    newest = max(times, default=0)
    if newest > epoch:
        raise UsageError(
            f"{out} publie déjà un contenu plus récent ({_at(newest):%Y-%m-%d %H:%M} UTC) que celui-ci "
            f"({_at(epoch):%Y-%m-%d %H:%M} UTC) : rien n'est publié",
            hint="publiez depuis le dernier commit de la branche principale (ou SOURCE_DATE_EPOCH plus récent)",
        )


def _stage_release(
    content: Content,
    out: Path,
    signers: dict[str, CryptoSigner],
    previous: _Previous,
    staging: Staging,
    *,
    epoch: int,
    now: datetime,
    lifetimes: Lifetimes,
    teams: Sequence[Team],
    team_signers: Mapping[str, CryptoSigner],
    on_progress: Callable[[int, int], None] | None = None,
) -> ReleaseResult:
    from tuf.api.metadata import Metadata, Targets

    metadata_dir = out / "metadata"
    packed = _pack(content, previous.targets, on_progress)
    notes = _release_notes(out, previous, packed)
    by_role: dict[str, dict[str, Any]] = {"targets": {}}
    by_role.update({team.name: {} for team in teams if team.name in previous.roles})
    published: list[PublishedParcours] = []
    for bundle, changed in packed:
        name = target_path(bundle.parcours)
        staging.add(out / "targets" / TARGET_PREFIX / f"{bundle.sha256}.{bundle.parcours}.zip", bundle.data)
        # an unchanged bundle keeps its target as published (custom fields included)
        target = (
            previous.targets[name]
            if not changed and name in previous.targets
            else _target_file(bundle, epoch)
        )
        by_role.setdefault(_role_of(bundle.parcours, teams), {})[name] = target
        published.append(PublishedParcours(bundle.parcours, bundle.version, len(bundle.epreuves), changed))

    delegations = _delegations(teams)
    top = Targets(
        version=1,
        spec_version=SPEC_VERSION,
        expires=_at(epoch) + lifetimes.targets,
        targets=dict(sorted(by_role["targets"].items())),
        delegations=delegations,
    )
    versions: dict[str, int] = {}
    resigned = False
    for role in ["targets", *sorted(name for name in by_role if name != "targets")]:
        state = previous.roles.get(role)
        if role == "targets":
            delegator, signed = previous.root.signed, top
            unchanged = state is not None and state.delegations == (
                delegations.to_dict() if delegations is not None else None
            )
        else:
            delegator = top
            signed = Targets(
                version=1,
                spec_version=SPEC_VERSION,
                expires=_at(epoch) + lifetimes.targets,
                targets=dict(sorted(by_role[role].items())),
            )
            unchanged = state is not None
        path = metadata_dir / f"{state.version}.{role}.json" if state is not None else None
        unchanged = (
            unchanged
            and state is not None
            and path is not None
            and _same_targets(signed.targets, state.targets)
            and _verifies(delegator, role, path)  # a rotated key voids an old signature: sign again
        )
        if unchanged and state is not None:
            versions[role] = state.version
            continue
        signer = signers["targets"] if role == "targets" else _team_signer(role, team_signers)
        signed.version = state.version + 1 if state is not None else 1
        metadata = Metadata(signed)
        metadata.sign(signer)
        staging.add(metadata_dir / f"{signed.version}.{role}.json", metadata.to_bytes(_serializer()))
        versions[role] = signed.version
        resigned = True

    snapshot_version = _sign_snapshot(
        staging,
        metadata_dir,
        previous,
        versions,
        online=signers["online"],
        now=now,
        lifetimes=lifetimes,
        resigned=resigned,
    )
    timestamp = _timestamp(
        previous.timestamp_version + 1, snapshot_version, signers["online"], now, lifetimes
    )
    changelog = _write_notes(staging, out, notes, versions["targets"], epoch) if resigned else None
    staging.publish(metadata_dir / "timestamp.json", timestamp.to_bytes(_serializer()))  # last: it publishes
    return ReleaseResult(
        out,
        tuple(published),
        versions["targets"],
        snapshot_version,
        previous.timestamp_version + 1,
        {role: signer.public_key.keyid for role, signer in signers.items()},
        tuple(notes),
        changelog,
    )


def _sign_snapshot(
    staging: Staging,
    metadata_dir: Path,
    previous: _Previous,
    versions: dict[str, int],
    *,
    online: CryptoSigner,
    now: datetime,
    lifetimes: Lifetimes,
    resigned: bool,
) -> int:
    """A new snapshot when a targets role was signed anew or the published one no longer verifies."""
    from tuf.api.metadata import Metadata, MetaFile, Snapshot

    snapshot_version = previous.snapshot_version
    snapshot_valid = snapshot_version > 0 and _verifies(
        previous.root.signed, "snapshot", metadata_dir / f"{snapshot_version}.snapshot.json"
    )
    if resigned or not snapshot_valid:
        snapshot_version += 1
        snapshot = Metadata(
            Snapshot(
                version=snapshot_version,
                spec_version=SPEC_VERSION,
                expires=now.replace(microsecond=0) + lifetimes.snapshot,
                meta={
                    f"{role}.json": MetaFile(version=version) for role, version in sorted(versions.items())
                },
            )
        )
        snapshot.sign(online)
        staging.add(metadata_dir / f"{snapshot_version}.snapshot.json", snapshot.to_bytes(_serializer()))
    return snapshot_version


def _timestamp(
    version: int, snapshot_version: int, online: CryptoSigner, now: datetime, lifetimes: Lifetimes
) -> Any:
    from tuf.api.metadata import Metadata, MetaFile, Timestamp

    timestamp = Metadata(
        Timestamp(
            version=version,
            spec_version=SPEC_VERSION,
            expires=now.replace(microsecond=0) + lifetimes.timestamp,
            snapshot_meta=MetaFile(version=snapshot_version),
        )
    )
    timestamp.sign(online)
    return timestamp


def _release_notes(out: Path, previous: _Previous, packed: list[tuple[PackedBundle, bool]]) -> list[Any]:
    """What changed in each parcours whose bundle changed, or that is no longer published."""
    from epreuve_tools.release.changes import Side, compare
    from epreuve_tools.release.history import packed_side, release_side

    changed = {bundle.parcours for bundle, is_new in packed if is_new}
    published = {str(target.custom["parcours"]) for target in previous.targets.values()}
    retired = published - {bundle.parcours for bundle, _ in packed}
    before = release_side(out, only=(changed | retired) & published) if published else Side()
    after = packed_side([bundle for bundle, is_new in packed if is_new])
    return [entry for entry in compare(before, after) if not entry.empty]


def _write_notes(
    staging: Staging, out: Path, notes: list[Any], targets_version: int, epoch: int
) -> Path | None:
    """`changelog/<targets version>.md` and `.json`: written once per targets version, never rewritten."""
    from epreuve_tools.bundle.pack import canonical
    from epreuve_tools.release.changes import as_json, markdown

    if not notes:
        return None
    title = f"Publication du {_at(epoch):%Y-%m-%d} (targets version {targets_version})"
    path = out / "changelog" / f"{targets_version}.md"
    staging.add(path, markdown(title, notes).encode("utf-8"))
    staging.add(path.with_suffix(".json"), canonical(as_json(title, notes)))
    return path


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
    team_signers: Mapping[str, CryptoSigner] | None = None,
) -> RefreshResult:
    """Re-sign the timestamp, and snapshot or targets roles when they near expiry (the scheduled CI job).

    Nothing about the content changes: the same metadata is signed again with a new version. Snapshot
    is signed anew when less than half its lifetime is left, a targets role (top-level or a team's) when
    less than a quarter of it is: it then expires a full lifetime after `now` (a refresh is a signing
    time) and needs that role's key; without it the refresh stops and says so before writing anything.
    """
    from tuf.api.metadata import Metadata, MetaFile, Snapshot, Timestamp

    metadata_dir = out / "metadata"
    previous = load_published(metadata_dir)
    if previous is None or previous.timestamp_version == 0:
        raise UsageError(
            f"{out} n'est pas une publication : rien à rafraîchir",
            hint="publiez d'abord : epreuve release --out " + str(out),
        )
    _check_keys(previous.root, signers, out)
    now = now.replace(microsecond=0)
    due = [
        role
        for role, state in previous.roles.items()
        if _expires_within(metadata_dir / f"{state.version}.{role}.json", now, lifetimes.targets / 4)
        or (
            role == "targets"
            and not _still_valid(previous.root, role, metadata_dir / f"{state.version}.targets.json")
        )
    ]
    due.sort(key=lambda role: (role != "targets", role))
    role_signers: dict[str, CryptoSigner] = {}
    for role in due:  # every key first: nothing is written when one is missing
        if role == "targets":
            if "targets" not in signers:
                raise UsageError(
                    f"les métadonnées targets de {out} expirent bientôt : il faut la clé targets pour les signer",
                    hint="relancez avec --targets-key FICHIER ou la variable EPREUVE_TARGETS_KEY",
                )
            role_signers[role] = signers["targets"]
        else:
            role_signers[role] = _team_signer(role, team_signers or {})
    versions = {role: state.version for role, state in previous.roles.items()}
    for role in due:
        metadata = Metadata.from_bytes((metadata_dir / f"{versions[role]}.{role}.json").read_bytes())
        metadata.signed.version += 1
        metadata.signed.expires = now + lifetimes.targets
        metadata.signatures.clear()
        metadata.sign(role_signers[role])
        versions[role] = metadata.signed.version
        write_new(metadata_dir / f"{versions[role]}.{role}.json", metadata.to_bytes(_serializer()))
    resigned = list(due)
    snapshot_version = previous.snapshot_version
    snapshot_path = metadata_dir / f"{snapshot_version}.snapshot.json"
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
                meta={
                    f"{role}.json": MetaFile(version=version) for role, version in sorted(versions.items())
                },
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
    return RefreshResult(
        versions["targets"], snapshot_version, previous.timestamp_version + 1, tuple(resigned)
    )
