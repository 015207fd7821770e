"""Every refusal of SIGNING.md §5 as a runtime's client sees it, and the positive controls.

Each hostile release is built from a valid one, written by `write_release` on the sample content under
a production-shaped root (root keys alice and bob, threshold 2; one targets key; one online key for
snapshot and timestamp); where the attack assumes a stolen key, the test re-signs with that key, using
python-tuf's Metadata API as an attacker would. Archive cases are validly signed: they show that the
archive and content rules hold even when the targets key is stolen. Most refusals are tried on a
runtime that already installed the valid release (its state and destination are then not empty).

Every refusal goes through `_refused`: the exact BundleError code; the state folder and the destination
byte-identical (files, modes, links and folders); nothing else changed anywhere in the test's folder
(the release included); nothing left in the system temporary folder (redirected to an empty folder
that must stay empty) or in the working directory.

| SIGNING.md §5 case | test (this module unless named) | code |
|---|---|---|
| a target byte changed | test_a_target_byte_changed (CLI: test_release::test_flipped_byte_in_a_bundle_is_refused) | 005 |
| a target's length or hash changed in targets without re-signing | test_target_length_or_hash_changed_without_resigning_targets | 002 |
| a signature from an unknown key | test_targets_signed_by_an_unknown_key; test_trust::test_targets_signed_by_a_revoked_key_are_refused | 002 |
| threshold not met: one signature where two are required | test_one_signature_where_the_root_requires_two | 002 |
| threshold not met: twice the same key (same key id twice) | test_the_same_signature_twice_is_refused | 007 |
| threshold not met: twice the same key (one key under two key ids) | test_one_key_listed_under_two_key_ids_counts_once | 002 |
| an expired timestamp | test_expired_metadata[timestamp] (CLI: test_release::test_expired_timestamp_is_refused) | 003 |
| an expired snapshot | test_expired_metadata[snapshot] | 003 |
| an expired targets | test_expired_metadata[targets] | 003 |
| an expired root | test_expired_root | 003 |
| a timestamp older than the state's | test_rollback[timestamp] (CLI: test_release::test_rollback_to_an_older_timestamp_is_refused) | 004 |
| a snapshot older than the state's | test_rollback[snapshot] (CLI: test_release::test_rollback_to_an_older_snapshot_is_refused) | 004 |
| a targets older than the state's | test_rollback[targets] | 004 |
| an old snapshot with new targets (mix-and-match) | test_old_snapshot_with_new_targets; test_new_snapshot_with_old_targets | 004 |
| a root rotation not signed by the old threshold | test_root_rotation_not_signed_by_the_old_threshold (publishing side: test_trust::test_a_root_rotation_signed_only_by_the_new_keys_is_refused) | 002 |
| a root rotation signed only by the old keys | test_root_rotation_signed_only_by_the_old_keys | 002 |
| a metadata file larger than its bound (endless data) | test_metadata_larger_than_its_bound[timestamp, root] | 007 |
| a target longer than listed | test_a_target_longer_than_listed | 005 |
| archive: `../` or absolute entry names | test_forbidden_entry_names (and test_release_archive) | 011 |
| archive: a symlink entry | test_symlink_entry | 012 |
| archive: duplicate names | test_duplicate_entry_names | 013 |
| archive: two names that differ by case | test_names_differing_by_case | 011 |
| archive: a deflated entry | test_deflated_entry | 014 |
| archive: an entry not in bundle.json | test_entry_not_in_the_manifest | 017 |
| archive: a hash mismatch inside | test_hash_mismatch_inside | 017 |
| archive: a missing record | test_missing_record | 018 |
| archive: a record that fails its schema | test_record_failing_its_schema (and test_bundle_schemas) | 018 |
| archive: a lower parcours version than installed | test_lower_version_than_installed | 020 |
| archive: the bundle of another parcours | test_bundle_of_another_parcours (CLI: test_release::test_bundle_of_another_parcours_signed_with_a_stolen_key_is_refused) | 019 |
| positive: a first install, then "already current" | test_first_install_then_already_current (CLI: test_release::test_verify_installs_then_is_current) | - |
| positive: a newer version | test_newer_version_installs | - |
| positive: a rotated targets key | test_rotated_targets_key; test_trust::test_a_rotated_targets_key_is_followed_by_a_standard_client | - |
| positive: a rotated root with the old threshold | test_rotated_root_with_the_old_threshold | - |
| positive: a delegated team's bundle | test_a_delegated_teams_bundle; test_trust::test_a_team_publishes_its_parcours_through_a_delegated_role | - |
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import shutil
import stat
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from securesystemslib.signer import CryptoSigner, SSlibKey
from tuf.api.metadata import Metadata, MetaFile, Root, TargetFile

from epreuve_tools.bundle.archive import read_archive
from epreuve_tools.bundle.errors import BundleError
from epreuve_tools.bundle.pack import Content, load_content, pack_parcours
from epreuve_tools.bundle.records import canonical
from epreuve_tools.release.repository import SPEC_VERSION, Team, write_release
from epreuve_tools.release.verify import VerifiedBundle, verify_bundle

from .conftest import SAMPLE_CONTENT

NOW = datetime.now(UTC).replace(microsecond=0)
EPOCH = int(NOW.timestamp()) // 86400 * 86400
PAST = NOW - timedelta(days=1)
PARCOURS = "tableur"
OTHER = "traitement-de-texte"
TARGET = f"parcours/{PARCOURS}.zip"
KEY_NAMES = ("alice", "bob", "carol", "dave", "targets", "targets2", "online", "stranger")

Keys = dict[str, CryptoSigner]


# -- the valid release --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def keys() -> Keys:
    return {name: CryptoSigner.generate_ed25519() for name in KEY_NAMES}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(SAMPLE_CONTENT)


def _root(
    keys: Keys,
    version: int,
    *,
    root: Iterable[str] = ("alice", "bob"),
    root_threshold: int = 2,
    targets: Iterable[str] = ("targets",),
    targets_threshold: int = 1,
    expires: datetime | None = None,
    signed_by: Iterable[str] = ("alice", "bob"),
) -> Metadata[Root]:
    signed = Root(
        version=version,
        spec_version=SPEC_VERSION,
        expires=expires or NOW + timedelta(days=365),
        consistent_snapshot=True,
    )
    for name in root:
        signed.add_key(keys[name].public_key, "root")
    for name in targets:
        signed.add_key(keys[name].public_key, "targets")
    signed.add_key(keys["online"].public_key, "snapshot")
    signed.add_key(keys["online"].public_key, "timestamp")
    signed.roles["root"].threshold = root_threshold
    signed.roles["targets"].threshold = targets_threshold
    metadata = Metadata(signed)
    for name in signed_by:
        metadata.sign(keys[name], append=True)
    return metadata


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory, keys: Keys, content: Content) -> Path:
    out = tmp_path_factory.mktemp("valid") / "release"
    (out / "metadata").mkdir(parents=True)
    (out / "metadata" / "1.root.json").write_bytes(_root(keys, 1).to_bytes())
    write_release(content, out, {"targets": keys["targets"], "online": keys["online"]}, epoch=EPOCH, now=NOW)
    return out


@dataclass
class World:
    """One runtime (its state and destination) and a private copy of the release to attack."""

    base: Path
    release: Path
    state: Path
    dest: Path
    tmp: Path
    keys: Keys
    content: Content

    @property
    def metadata(self) -> Path:
        return self.release / "metadata"

    def verify(self, parcours: str = PARCOURS) -> VerifiedBundle:
        return verify_bundle(
            repo=self.release,
            root=(self.metadata / "1.root.json").read_bytes(),
            state=self.state,
            parcours=parcours,
            dest=self.dest,
        )

    def install(self) -> VerifiedBundle:
        verified = self.verify()
        assert verified.status in {"installed", "current"}
        return verified


@pytest.fixture
def world(
    tmp_path: Path, valid: Path, keys: Keys, content: Content, monkeypatch: pytest.MonkeyPatch
) -> World:
    shutil.copytree(valid, tmp_path / "release")
    for folder in ("state", "dest", "tmp", "cwd"):
        (tmp_path / folder).mkdir(mode=0o700)
    monkeypatch.chdir(tmp_path / "cwd")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    return World(
        tmp_path, tmp_path / "release", tmp_path / "state", tmp_path / "dest", tmp_path / "tmp", keys, content
    )


def _snapshot(folder: Path) -> dict[str, tuple[Any, ...]]:
    """Every folder, file and link under `folder`: kind, mode, and bytes or link target."""
    found: dict[str, tuple[Any, ...]] = {}
    for directory, folders, files in os.walk(folder):
        for name in [*folders, *files]:
            path = Path(directory) / name
            info = path.lstat()
            relative = path.relative_to(folder).as_posix()
            if stat.S_ISLNK(info.st_mode):
                found[relative] = ("link", os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                found[relative] = ("folder", info.st_mode)
            else:
                found[relative] = ("file", info.st_mode, path.read_bytes())
    return found


def _refused(world: World, code: str, parcours: str = PARCOURS) -> BundleError:
    """Verification refuses with exactly `code`, and nothing anywhere changed."""
    before = _snapshot(world.base)
    with pytest.raises(BundleError) as caught:
        world.verify(parcours)
    assert caught.value.code == code, caught.value.render()
    after = _snapshot(world.base)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, changed
    assert not any(world.tmp.iterdir())
    return caught.value


# -- the attacker's tools: python-tuf's Metadata API and the test keys ---------------------------------


def _load(path: Path) -> Metadata[Any]:
    return Metadata.from_bytes(path.read_bytes())


def _write(path: Path, metadata: Metadata[Any]) -> None:
    path.write_bytes(metadata.to_bytes())


def _current(world: World) -> tuple[Metadata[Any], Metadata[Any], Metadata[Any]]:
    timestamp = _load(world.metadata / "timestamp.json")
    snapshot = _load(world.metadata / f"{timestamp.signed.snapshot_meta.version}.snapshot.json")
    targets = _load(world.metadata / f"{snapshot.signed.meta['targets.json'].version}.targets.json")
    return timestamp, snapshot, targets


def _resign(metadata: Metadata[Any], *signers: CryptoSigner) -> None:
    metadata.signatures.clear()
    for signer in signers:
        metadata.sign(signer, append=True)


def _republish(
    world: World,
    edit: Callable[[Any], None] = lambda targets: None,
    *,
    targets_signers: tuple[str, ...] | None = ("targets",),
    snapshot_expires: datetime | None = None,
) -> int:
    """A new release: targets edited and signed by `targets_signers` (None: its old signatures kept,
    as when only the online key is stolen), then snapshot and timestamp, one version up each.
    Returns the new targets version."""
    _, snapshot, targets = _current(world)
    targets.signed.version += 1
    edit(targets.signed)
    if targets_signers is not None:
        _resign(targets, *(world.keys[name] for name in targets_signers))
    _write(world.metadata / f"{targets.signed.version}.targets.json", targets)
    snapshot.signed.version += 1
    snapshot.signed.meta["targets.json"] = MetaFile(version=targets.signed.version)
    if snapshot_expires is not None:
        snapshot.signed.expires = snapshot_expires
    _resign(snapshot, world.keys["online"])
    _write(world.metadata / f"{snapshot.signed.version}.snapshot.json", snapshot)
    _timestamp(world, snapshot_version=snapshot.signed.version)
    return int(targets.signed.version)


def _timestamp(world: World, *, snapshot_version: int | None = None, expires: datetime | None = None) -> None:
    timestamp = _load(world.metadata / "timestamp.json")
    timestamp.signed.version += 1
    if snapshot_version is not None:
        timestamp.signed.snapshot_meta = MetaFile(version=snapshot_version)
    if expires is not None:
        timestamp.signed.expires = expires
    _resign(timestamp, world.keys["online"])
    _write(world.metadata / "timestamp.json", timestamp)


def _bundle_file(world: World, parcours: str = PARCOURS) -> Path:
    """The bundle the current release lists for `parcours`."""
    digest = _current(world)[2].signed.targets[f"parcours/{parcours}.zip"].hashes["sha256"]
    return world.release / "targets" / "parcours" / f"{digest}.{parcours}.zip"


def _publish_bundle(
    world: World, data: bytes, *, version: int | None = None, custom: dict[str, Any] | None = None
) -> None:
    """Publish `data` as the bundle of PARCOURS, validly signed with the (stolen) targets key."""
    digest = hashlib.sha256(data).hexdigest()
    path = world.release / "targets" / "parcours" / f"{digest}.{PARCOURS}.zip"
    path.write_bytes(data)

    def swap(targets: Any) -> None:
        fields = copy.deepcopy(targets.targets[TARGET].unrecognized_fields)
        if version is not None:
            fields["custom"]["version"] = version
        fields["custom"].update(custom or {})
        targets.targets[TARGET] = TargetFile(len(data), {"sha256": digest}, TARGET, fields)

    _republish(world, swap)


# -- hostile archives -----------------------------------------------------------------------------------


def _entries(world: World, parcours: str = PARCOURS) -> dict[str, bytes]:
    return read_archive(_bundle_file(world, parcours).read_bytes())


def _relisted(entries: dict[str, bytes]) -> dict[str, bytes]:
    """The entries with a bundle.json that lists them exactly (so only the rule under test breaks)."""
    manifest = json.loads(entries["bundle.json"])
    manifest["files"] = {
        name: {"length": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in sorted(entries.items())
        if name != "bundle.json"
    }
    return {**entries, "bundle.json": canonical(manifest)}


def _zip(
    entries: Iterable[tuple[str, bytes]], *, modes: dict[str, int] | None = None, deflated: Iterable[str] = ()
) -> bytes:
    """A zip the way an attacker writes it: zipfile, any name, mode or method."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names: here they are the point
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.create_system = 3
                info.external_attr = (modes or {}).get(name, 0o100644) << 16
                info.compress_type = zipfile.ZIP_DEFLATED if name in deflated else zipfile.ZIP_STORED
                archive.writestr(info, data)
    return buffer.getvalue()


def _first_record(entries: dict[str, bytes]) -> str:
    return f"epreuves/{json.loads(entries['bundle.json'])['epreuves'][0]}.json"


# -- positive controls ----------------------------------------------------------------------------------


def test_first_install_then_already_current(world: World) -> None:
    first = world.verify()
    assert (first.status, first.parcours, first.version) == ("installed", PARCOURS, 1)
    assert first.path == world.dest / PARCOURS
    manifest = json.loads((world.dest / PARCOURS / "bundle.json").read_bytes())
    assert [record["id"] for record in first.records] == manifest["epreuves"]
    assert sorted(p.name for p in world.dest.iterdir()) == [PARCOURS]
    assert sorted(p.name for p in world.state.iterdir()) == ["installed.json", "metadata"]
    before = _snapshot(world.dest)
    assert world.verify().status == "current"
    assert _snapshot(world.dest) == before
    assert not any(world.tmp.iterdir())


def test_newer_version_installs(world: World) -> None:
    world.install()
    parcours, raw = next((p, r) for p, r in world.content.parcours if p.id == PARCOURS)
    _publish_bundle(world, pack_parcours(world.content, parcours, raw, 2).data, version=2)
    newer = world.verify()
    assert (newer.status, newer.version) == ("installed", 2)
    assert json.loads((world.dest / PARCOURS / "bundle.json").read_bytes())["version"] == 2
    assert json.loads((world.state / "installed.json").read_bytes())[PARCOURS]["version"] == 2


def _publish_root(world: World, root: Metadata[Root]) -> None:
    _write(world.metadata / f"{root.signed.version}.root.json", root)


def test_rotated_targets_key(world: World) -> None:
    world.install()
    _publish_root(world, _root(world.keys, 2, targets=("targets2",)))
    _republish(world, targets_signers=("targets2",))
    assert world.verify().status == "current"  # the installed runtime walked to root 2
    fresh = verify_bundle(
        repo=world.release, root=(world.metadata / "1.root.json").read_bytes(),
        state=world.base / "state2", parcours=PARCOURS, dest=world.base / "dest2",
    )  # fmt: skip
    assert fresh.status == "installed"


def test_rotated_root_with_the_old_threshold(world: World) -> None:
    world.install()
    # root 2 adds carol (signed by alice and bob: the old threshold, and 2 of the new 3);
    # root 3 hands the root to carol and dave, signed by bob and carol (old) and carol and dave (new)
    _publish_root(world, _root(world.keys, 2, root=("alice", "bob", "carol")))
    three = _root(world.keys, 3, root=("carol", "dave"), signed_by=("bob", "carol", "dave"))
    _publish_root(world, three)
    _republish(world)
    assert world.verify().status == "current"
    trusted = json.loads((world.state / "metadata" / "root.json").read_bytes())
    assert trusted["signed"]["version"] == 3


def test_a_delegated_teams_bundle(world: World, tmp_path: Path) -> None:
    tree = tmp_path / "team-content"
    shutil.copytree(SAMPLE_CONTENT, tree)
    source = (tree / "parcours" / "tableur.yaml").read_text("utf-8")
    (tree / "parcours" / "interieur-tableur.yaml").write_text(
        source.replace("id: tableur\n", "id: interieur-tableur\n", 1), "utf-8"
    )
    team = Team("interieur", (world.keys["carol"].public_key,), 1)
    write_release(
        load_content(tree), world.release, {"targets": world.keys["targets"], "online": world.keys["online"]},
        epoch=EPOCH, now=NOW, teams=(team,), team_signers={"interieur": world.keys["carol"]},
    )  # fmt: skip
    verified = world.verify("interieur-tableur")
    assert (verified.status, verified.parcours) == ("installed", "interieur-tableur")
    assert world.verify().status == "installed"


# -- metadata refusals (python-tuf's ngclient, mapped to our codes) -------------------------------------


def test_a_target_byte_changed(world: World) -> None:
    world.install()
    parcours, raw = next((p, r) for p, r in world.content.parcours if p.id == PARCOURS)
    _publish_bundle(world, pack_parcours(world.content, parcours, raw, 2).data, version=2)
    bundle = _bundle_file(world)
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    bundle.write_bytes(bytes(data))
    _refused(world, "BUNDLE-005")


@pytest.mark.parametrize("field", ["length", "hash"])
def test_target_length_or_hash_changed_without_resigning_targets(world: World, field: str) -> None:
    """The online key is stolen, not the targets key: the targets edited keep their old signature."""
    world.install()
    other = _bundle_file(world, OTHER)

    def edit(targets: Any) -> None:
        listed = targets.targets[TARGET]
        if field == "length":
            listed.length = other.stat().st_size
        else:
            listed.hashes = {"sha256": other.name.split(".", 1)[0]}

    _republish(world, edit, targets_signers=None)
    _refused(world, "BUNDLE-002")


def test_targets_signed_by_an_unknown_key(world: World) -> None:
    world.install()
    _republish(world, targets_signers=("stranger",))
    _refused(world, "BUNDLE-002")


def test_one_signature_where_the_root_requires_two(world: World) -> None:
    world.install()
    _publish_root(world, _root(world.keys, 2, targets=("targets", "targets2"), targets_threshold=2))
    _republish(world, targets_signers=("targets",))
    _refused(world, "BUNDLE-002")
    # the control: both keys sign, the same release installs
    _republish(world, targets_signers=("targets", "targets2"))
    assert world.verify().status == "current"


def test_the_same_signature_twice_is_refused(world: World) -> None:
    """Two signatures with one key id where the root requires two: never counted twice."""
    world.install()
    _publish_root(world, _root(world.keys, 2, targets=("targets", "targets2"), targets_threshold=2))
    version = _republish(world, targets_signers=("targets",))
    path = world.metadata / f"{version}.targets.json"
    document = json.loads(path.read_bytes())
    document["signatures"] = document["signatures"] * 2
    path.write_text(json.dumps(document))
    _refused(world, "BUNDLE-007")


def test_one_key_listed_under_two_key_ids_counts_once(world: World) -> None:
    """A root (validly signed) that lists the targets key twice, under a second, made-up key id, with
    threshold 2: one key holder must not meet it alone by signing under both ids."""
    world.install()
    root = _root(world.keys, 2)
    key = world.keys["targets"].public_key
    twin = SSlibKey("0" * 64, key.keytype, key.scheme, dict(key.keyval))
    root.signed.add_key(twin, "targets")
    root.signed.roles["targets"].threshold = 2
    _resign(root, world.keys["alice"], world.keys["bob"])
    _publish_root(world, root)
    version = _republish(world, targets_signers=("targets",))
    path = world.metadata / f"{version}.targets.json"
    document = json.loads(path.read_bytes())
    (signature,) = document["signatures"]
    document["signatures"].append({"keyid": twin.keyid, "sig": signature["sig"]})
    path.write_text(json.dumps(document))
    _refused(world, "BUNDLE-002")


@pytest.mark.parametrize("role", ["timestamp", "snapshot", "targets"])
def test_expired_metadata(world: World, role: str) -> None:
    world.install()
    if role == "timestamp":
        _timestamp(world, expires=PAST)
    elif role == "snapshot":
        _republish(world, snapshot_expires=PAST)
    else:

        def expire(targets: Any) -> None:
            targets.expires = PAST

        _republish(world, expire)
    _refused(world, "BUNDLE-003")


def test_expired_root(world: World) -> None:
    """The runtime walks to the latest root (validly signed, expired): a frozen release is refused."""
    world.install()
    _publish_root(world, _root(world.keys, 2, expires=PAST))
    _refused(world, "BUNDLE-003")


@pytest.mark.parametrize("role", ["timestamp", "snapshot", "targets"])
def test_rollback(world: World, role: str) -> None:
    old_timestamp = (world.metadata / "timestamp.json").read_bytes()
    _republish(world)  # targets 2, snapshot 2, timestamp 2: the runtime trusts them
    world.install()
    if role == "timestamp":
        (world.metadata / "timestamp.json").write_bytes(old_timestamp)
    elif role == "snapshot":
        _timestamp(world, snapshot_version=1)  # fresh, validly signed, pointing back at snapshot 1
    else:  # a new snapshot (3) listing targets 1 again
        _, snapshot, _ = _current(world)
        snapshot.signed.version += 1
        snapshot.signed.meta["targets.json"] = MetaFile(version=1)
        _resign(snapshot, world.keys["online"])
        _write(world.metadata / f"{snapshot.signed.version}.snapshot.json", snapshot)
        _timestamp(world, snapshot_version=snapshot.signed.version)
    _refused(world, "BUNDLE-004")


def test_old_snapshot_with_new_targets(world: World) -> None:
    """A mirror serves the old (still valid) timestamp and snapshot, with the new targets in place of
    the old: a runtime installing for the first time must not mix them."""
    old_timestamp = (world.metadata / "timestamp.json").read_bytes()
    version = _republish(world)
    (world.metadata / "timestamp.json").write_bytes(old_timestamp)
    (world.metadata / "1.targets.json").write_bytes((world.metadata / f"{version}.targets.json").read_bytes())
    _refused(world, "BUNDLE-004")


def test_new_snapshot_with_old_targets(world: World) -> None:
    world.install()
    version = _republish(world)
    (world.metadata / f"{version}.targets.json").write_bytes((world.metadata / "1.targets.json").read_bytes())
    _refused(world, "BUNDLE-004")


def test_root_rotation_not_signed_by_the_old_threshold(world: World) -> None:
    """Root 2 hands the root to carol and dave; they sign, and so does alice, but bob does not: one old
    signature where the old root requires two."""
    world.install()
    _publish_root(world, _root(world.keys, 2, root=("carol", "dave"), signed_by=("alice", "carol", "dave")))
    _refused(world, "BUNDLE-002")


def test_root_rotation_signed_only_by_the_old_keys(world: World) -> None:
    world.install()
    _publish_root(world, _root(world.keys, 2, root=("carol", "dave"), signed_by=("alice", "bob")))
    _refused(world, "BUNDLE-002")


@pytest.mark.parametrize("role", ["timestamp", "root"])
def test_metadata_larger_than_its_bound(world: World, role: str) -> None:
    """Endless data: a validly signed file padded past the client's bound is not read to its end."""
    world.install()
    if role == "timestamp":
        _timestamp(world)
        path = world.metadata / "timestamp.json"
    else:
        _publish_root(world, _root(world.keys, 2))
        path = world.metadata / "2.root.json"
    path.write_bytes(path.read_bytes() + b" " * 8 * 1024 * 1024)  # still the same JSON, and signed
    error = _refused(world, "BUNDLE-007")
    assert "dépasse la taille" in error.message


def test_a_target_longer_than_listed(world: World) -> None:
    world.install()
    parcours, raw = next((p, r) for p, r in world.content.parcours if p.id == PARCOURS)
    _publish_bundle(world, pack_parcours(world.content, parcours, raw, 2).data, version=2)
    bundle = _bundle_file(world)
    bundle.write_bytes(bundle.read_bytes() + b"\0" * 1024 * 1024)
    _refused(world, "BUNDLE-005")


# -- archive refusals: validly signed with the stolen targets key ---------------------------------------


@pytest.mark.parametrize(
    "name", ["../evil.json", "/etc/cron.d/evil", "assets/../../evil", "epreuves/./a.json"]
)
def test_forbidden_entry_names(world: World, name: str) -> None:
    world.install()
    entries = _relisted({**_entries(world), name: b"{}"})
    _publish_bundle(world, _zip(entries.items()))
    _refused(world, "BUNDLE-011")


def test_symlink_entry(world: World) -> None:
    world.install()
    entries = _relisted({**_entries(world), "assets/lien.png": b"/etc/passwd"})
    _publish_bundle(world, _zip(entries.items(), modes={"assets/lien.png": 0o120777}))
    _refused(world, "BUNDLE-012")


def test_duplicate_entry_names(world: World) -> None:
    world.install()
    entries = _entries(world)
    record = _first_record(entries)
    _publish_bundle(world, _zip([*entries.items(), (record, b'{"id": "autre"}')]))
    _refused(world, "BUNDLE-013")


def test_names_differing_by_case(world: World) -> None:
    """On a case-insensitive file system the second would overwrite the first: lowercase only."""
    world.install()
    entries = _entries(world)
    record = _first_record(entries)
    twin = "epreuves/" + record.removeprefix("epreuves/").capitalize()
    _publish_bundle(world, _zip(_relisted({**entries, twin: entries[record]}).items()))
    _refused(world, "BUNDLE-011")


def test_deflated_entry(world: World) -> None:
    world.install()
    entries = _entries(world)
    _publish_bundle(world, _zip(entries.items(), deflated={_first_record(entries)}))
    _refused(world, "BUNDLE-014")


def test_entry_not_in_the_manifest(world: World) -> None:
    world.install()
    _publish_bundle(world, _zip([*_entries(world).items(), ("notes.txt", b"rien")]))
    _refused(world, "BUNDLE-017")


def test_hash_mismatch_inside(world: World) -> None:
    world.install()
    entries = _entries(world)
    record = _first_record(entries)
    entries[record] = entries[record].replace(b'"instruction":"', b'"instruction":"!', 1)
    _publish_bundle(world, _zip(entries.items()))
    _refused(world, "BUNDLE-017")


def test_missing_record(world: World) -> None:
    world.install()
    entries = _entries(world)
    del entries[_first_record(entries)]
    _publish_bundle(world, _zip(_relisted(entries).items()))
    _refused(world, "BUNDLE-018")


def test_record_failing_its_schema(world: World) -> None:
    world.install()
    entries = _entries(world)
    record = _first_record(entries)
    document = json.loads(entries[record])
    document["script"] = "alert(1)"
    entries[record] = canonical(document)
    _publish_bundle(world, _zip(_relisted(entries).items()))
    _refused(world, "BUNDLE-018")


def test_lower_version_than_installed(world: World) -> None:
    parcours, raw = next((p, r) for p, r in world.content.parcours if p.id == PARCOURS)
    _publish_bundle(world, pack_parcours(world.content, parcours, raw, 3).data, version=3)
    assert world.install().version == 3
    _publish_bundle(world, pack_parcours(world.content, parcours, raw, 2).data, version=2)
    _refused(world, "BUNDLE-020")


def test_bundle_of_another_parcours(world: World) -> None:
    world.install()
    _publish_bundle(world, _bundle_file(world, OTHER).read_bytes())
    _refused(world, "BUNDLE-019")


# -- several parcours with one refresh (verify_bundles) -----------------------------------------------


def _verify_all(world: World, parcours: list[str]) -> list[VerifiedBundle]:
    from epreuve_tools.release.verify import verify_bundles

    return verify_bundles(
        repo=world.release,
        root=(world.metadata / "1.root.json").read_bytes(),
        state=world.state,
        parcours=parcours,
        dest=world.dest,
    )


def test_several_parcours_install_with_one_refresh_as_one_by_one(world: World, tmp_path: Path) -> None:
    results = _verify_all(world, [PARCOURS, OTHER])
    assert [(r.parcours, r.status, r.version) for r in results] == [
        (PARCOURS, "installed", 1),
        (OTHER, "installed", 1),
    ]
    together = (_snapshot(world.dest), json.loads((world.state / "installed.json").read_bytes()))
    one_by_one = World(
        tmp_path / "other",
        world.release,
        tmp_path / "s2",
        tmp_path / "d2",
        world.tmp,
        world.keys,
        world.content,
    )
    for parcours in (PARCOURS, OTHER):
        single = one_by_one.verify(parcours)
        assert single.records == next(r for r in results if r.parcours == parcours).records
    assert together == (
        _snapshot(one_by_one.dest),
        json.loads((one_by_one.state / "installed.json").read_bytes()),
    )
    assert [r.status for r in _verify_all(world, [OTHER, PARCOURS])] == ["current", "current"]
    assert not any(world.tmp.iterdir())


def test_one_refused_bundle_refuses_them_all_and_changes_nothing(world: World) -> None:
    _publish_bundle(world, _bundle_file(world, OTHER).read_bytes())  # PARCOURS now serves OTHER's bundle
    before = _snapshot(world.base)
    with pytest.raises(BundleError) as caught:
        _verify_all(world, [OTHER, PARCOURS])  # the first is valid and would install: nothing does
    assert caught.value.code == "BUNDLE-019"
    assert _snapshot(world.base) == before
    assert not any(world.dest.iterdir())
    assert not any(world.tmp.iterdir())
