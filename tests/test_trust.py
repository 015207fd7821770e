"""Production keys and root changes (`epreuve keys`, `epreuve trust`, `release` without --dev, `release refresh`).

SIGNING.md §3: keys are Ed25519, encrypted, private to their owner and never printed; a root change
needs a threshold of the new root keys and of the previous ones, signed by each holder without
sharing keys; a rotated key is honoured by a standard client (python-tuf's ngclient) walking the
root chain from the root it shipped with.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from securesystemslib.signer import CryptoSigner

from epreuve_tools.bundle.errors import BundleError
from epreuve_tools.bundle.pack import load_content
from epreuve_tools.errors import UsageError
from epreuve_tools.release.ed25519 import is_strong_public_key
from epreuve_tools.release.keys import generate_key, load_public_key, load_signer, signer_from
from epreuve_tools.release.repository import refresh_release, write_release
from epreuve_tools.release.trust import (
    RoleKeys,
    add_team,
    change_root,
    init_root,
    load_teams,
    publish_pending,
    sign_pending,
    signing_status,
)
from epreuve_tools.release.verify import verify_bundle

from .conftest import SAMPLE_CONTENT, epreuve_executable

PASSPHRASE = "une phrase de passe de test"
NOW = datetime.now(UTC).replace(microsecond=0)
EPOCH = int(NOW.timestamp()) // 86400 * 86400
P = 2**255 - 19


# -- small-order public keys (SIGNING.md §7) --------------------------------------------------------


def _encode(x: int, y: int) -> bytes:
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def _order_eight_points() -> list[bytes]:
    """Points of order 8, found as [l]Q for points Q of the curve (l: the prime subgroup's order)."""
    d = -121665 * pow(121666, P - 2, P) % P
    order = 2**252 + 27742317777372353535851937790883648493

    def add(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
        (x1, y1), (x2, y2) = a, b
        t = d * x1 * x2 * y1 * y2 % P
        return (
            (x1 * y2 + y1 * x2) * pow(1 + t, P - 2, P) % P,
            (y1 * y2 + x1 * x2) * pow(1 - t, P - 2, P) % P,
        )

    def times(n: int, point: tuple[int, int]) -> tuple[int, int]:
        result = (0, 1)
        while n:
            if n & 1:
                result = add(result, point)
            point, n = add(point, point), n >> 1
        return result

    found: set[bytes] = set()
    for y in range(2, 200):  # points of the whole curve: their [l] multiple is their torsion part
        u, v = (y * y - 1) % P, (d * y * y + 1) % P
        x2 = u * pow(v, P - 2, P) % P
        x = pow(x2, (P + 3) // 8, P)
        if x * x % P != x2:
            x = x * pow(2, (P - 1) // 4, P) % P
        if x * x % P != x2:
            continue  # y is not the ordinate of a curve point
        torsion = times(order, (x, y))
        if times(4, torsion) != (0, 1):  # of order 8: [4]T is not yet the identity
            found.add(_encode(*torsion))
    return sorted(found)


def test_honest_keys_are_strong_and_small_order_points_are_refused() -> None:
    for _ in range(50):
        raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        assert is_strong_public_key(raw)
    small = [
        (1).to_bytes(32, "little"),  # the identity
        (P - 1).to_bytes(32, "little"),  # order 2
        bytes(32),  # order 4
        (1 << 255).to_bytes(32, "little"),  # order 4, the other sign
    ]
    assert all(not is_strong_public_key(point) for point in small)
    assert not is_strong_public_key((P + 1).to_bytes(32, "little"))  # the identity, non-canonically
    assert not is_strong_public_key((2).to_bytes(32, "little"))  # y = 2 is not on the curve
    assert not is_strong_public_key(b"\x01" * 31)


def test_points_of_order_eight_are_refused() -> None:
    points = _order_eight_points()
    assert points  # the search found some: the test is not empty
    assert all(not is_strong_public_key(point) for point in points)


def test_a_small_order_key_verifies_a_forged_signature_in_cryptography() -> None:
    """Why the check exists: the library accepts the key and the forgery (R = identity, S = 0)."""
    identity = (1).to_bytes(32, "little")
    Ed25519PublicKey.from_public_bytes(identity).verify(identity + bytes(32), b"any message")


def test_a_small_order_public_key_file_is_refused(tmp_path: Path) -> None:
    weak = Ed25519PublicKey.from_public_bytes((1).to_bytes(32, "little"))
    path = tmp_path / "weak.pub"
    path.write_bytes(weak.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    with pytest.raises(UsageError, match="ordre faible"):
        load_public_key(path)


# -- keys ---------------------------------------------------------------------------------------------


def _key(folder: Path, name: str) -> tuple[Path, str]:
    keyid = generate_key(folder / f"{name}.pem", PASSPHRASE.encode())
    return folder / f"{name}.pem", keyid


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EPREUVE_KEY_PASSPHRASE", PASSPHRASE)
    folder = tmp_path / "keys"
    folder.mkdir()
    for name in ("alice", "bob", "carol", "targets", "targets2", "online"):
        _key(folder, name)
    return folder


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": str(EPOCH)}
    environment["XDG_CACHE_HOME"] = str(cwd / ".user-cache")
    environment.pop("EPREUVE_KEY_PASSPHRASE", None)
    environment.update(env or {})
    return subprocess.run(
        [epreuve_executable(), *args], cwd=cwd, capture_output=True, text=True, env=environment,
        stdin=subprocess.DEVNULL, timeout=120, check=False,
    )  # fmt: skip


def test_keys_generate_writes_an_encrypted_private_key_and_prints_only_its_id(tmp_path: Path) -> None:
    result = _run("keys", "generate", "alice", cwd=tmp_path, env={"EPREUVE_KEY_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 0, result.stderr
    private, public = tmp_path / "alice.pem", tmp_path / "alice.pub"
    assert private.stat().st_mode & 0o777 == 0o600
    assert public.stat().st_mode & 0o777 == 0o644
    assert b"ENCRYPTED PRIVATE KEY" in private.read_bytes()
    keyid = load_public_key(public).keyid
    assert keyid in result.stdout
    assert "PRIVATE" not in result.stdout + result.stderr
    assert PASSPHRASE not in result.stdout + result.stderr
    again = _run("keys", "generate", "alice", cwd=tmp_path, env={"EPREUVE_KEY_PASSPHRASE": PASSPHRASE})
    assert again.returncode == 2
    assert "jamais écrasée" in again.stderr
    assert load_public_key(public).keyid == keyid  # untouched


def test_keys_generate_without_passphrase_or_terminal_says_how(tmp_path: Path) -> None:
    result = _run("keys", "generate", "alice", cwd=tmp_path)
    assert result.returncode == 2
    assert "EPREUVE_KEY_PASSPHRASE" in result.stderr
    assert not (tmp_path / "alice.pem").exists()
    short = _run("keys", "generate", "alice", cwd=tmp_path, env={"EPREUVE_KEY_PASSPHRASE": "court"})
    assert short.returncode == 2
    assert "trop courte" in short.stderr


def test_a_wrong_passphrase_is_a_clear_refusal(keys: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EPREUVE_KEY_PASSPHRASE", "pas la bonne phrase du tout")
    with pytest.raises(UsageError, match="phrase de passe incorrecte"):
        load_signer(keys / "alice.pem", purpose="test")


def test_a_private_key_readable_by_others_is_refused(keys: Path) -> None:
    (keys / "alice.pem").chmod(0o644)
    with pytest.raises(UsageError, match="lisible par d'autres"):
        load_signer(keys / "alice.pem", purpose="test")


def test_a_private_key_given_as_public_key_is_refused(keys: Path) -> None:
    with pytest.raises(UsageError, match="clé privée"):
        load_public_key(keys / "alice.pem")


def test_a_key_from_a_ci_variable_signs_and_its_absence_names_the_variable(
    keys: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EPREUVE_TARGETS_KEY", (keys / "targets.pem").read_text())
    signer = signer_from(None, "EPREUVE_TARGETS_KEY", purpose="clé targets")
    assert signer.public_key.keyid == load_public_key(keys / "targets.pub").keyid
    monkeypatch.delenv("EPREUVE_TARGETS_KEY")
    with pytest.raises(UsageError, match="EPREUVE_TARGETS_KEY"):
        signer_from(None, "EPREUVE_TARGETS_KEY", purpose="clé targets")


# -- root changes -------------------------------------------------------------------------------------


def _pub(keys: Path, name: str) -> Any:
    return load_public_key(keys / f"{name}.pub")


def _signer(keys: Path, name: str) -> CryptoSigner:
    return load_signer(keys / f"{name}.pem", purpose="test")


def _first_root(keys: Path, trust: Path, release: Path) -> None:
    roles = [
        RoleKeys("root", (_pub(keys, "alice"), _pub(keys, "bob")), 2),
        RoleKeys("targets", (_pub(keys, "targets"),), 1),
        RoleKeys("online", (_pub(keys, "online"),), 1),
    ]
    init_root(trust, roles, now=NOW)
    sign_pending(trust, _signer(keys, "alice"))
    sign_pending(trust, _signer(keys, "bob"))
    assert publish_pending(trust, release) == 1


def test_a_root_is_published_only_once_its_threshold_is_met(keys: Path, tmp_path: Path) -> None:
    trust, release = tmp_path / "trust", tmp_path / "release"
    roles = [
        RoleKeys("root", (_pub(keys, "alice"), _pub(keys, "bob")), 2),
        RoleKeys("targets", (_pub(keys, "targets"),), 1),
        RoleKeys("online", (_pub(keys, "online"),), 1),
    ]
    init_root(trust, roles, now=NOW)
    sign_pending(trust, _signer(keys, "alice"))
    sign_pending(trust, _signer(keys, "alice"))  # twice the same key counts once
    assert len(signing_status(trust).new_root.signed) == 1
    with pytest.raises(UsageError, match="pas encore publiable"):
        publish_pending(trust, release)
    assert not release.exists()
    with pytest.raises(UsageError, match="ni de la nouvelle racine ni de l'ancienne"):
        sign_pending(trust, _signer(keys, "carol"))
    sign_pending(trust, _signer(keys, "bob"))
    assert publish_pending(trust, release) == 1
    assert (release / "metadata" / "1.root.json").read_bytes() == (
        trust / "root" / "1.root.json"
    ).read_bytes()
    assert not (trust / "pending.root.json").exists()


def test_a_root_rotation_signed_only_by_the_new_keys_is_refused(keys: Path, tmp_path: Path) -> None:
    trust, release = tmp_path / "trust", tmp_path / "release"
    _first_root(keys, trust, release)
    change_root(trust, add=[("root", _pub(keys, "carol"))], now=NOW)
    alice_id = _pub(keys, "alice").keyid
    bob_id = _pub(keys, "bob").keyid
    (trust / "pending.root.json").unlink()
    # carol replaces alice and bob: only carol signs; the old threshold (2 of alice, bob) is not met
    change_root(trust, add=[("root", _pub(keys, "carol"))], now=NOW)
    (trust / "pending.root.json").unlink()
    change_root(trust, add=[("root", _pub(keys, "carol"))], thresholds={"root": 1}, now=NOW)
    pending = json.loads((trust / "pending.root.json").read_text())
    assert set(pending["signed"]["roles"]["root"]["keyids"]) == {alice_id, bob_id, _pub(keys, "carol").keyid}
    sign_pending(trust, _signer(keys, "carol"))
    status = signing_status(trust)
    assert status.new_root.met
    assert status.previous_root is not None
    assert not status.previous_root.met
    with pytest.raises(UsageError, match="anciennes clés root : 0 signature sur 2"):
        publish_pending(trust, release)
    assert not (release / "metadata" / "2.root.json").exists()


def test_a_role_cannot_lose_its_last_key_or_get_an_impossible_threshold(keys: Path, tmp_path: Path) -> None:
    trust, release = tmp_path / "trust", tmp_path / "release"
    _first_root(keys, trust, release)
    with pytest.raises(UsageError, match="n'a plus aucune clé"):
        change_root(trust, revoke=[("targets", _pub(keys, "targets").keyid)], now=NOW)
    with pytest.raises(UsageError, match="seuil 3 impossible"):
        change_root(trust, thresholds={"root": 3}, now=NOW)
    assert not (trust / "pending.root.json").exists()


def _verify(release: Path, state: Path, dest: Path) -> Any:
    return verify_bundle(
        repo=release,
        root=(release / "metadata" / "1.root.json").read_bytes(),
        state=state,
        parcours="tableur",
        dest=dest,
    )


def test_a_rotated_targets_key_is_followed_by_a_standard_client(keys: Path, tmp_path: Path) -> None:
    trust, release = tmp_path / "trust", tmp_path / "release"
    _first_root(keys, trust, release)
    content = load_content(SAMPLE_CONTENT)
    first = {"targets": _signer(keys, "targets"), "online": _signer(keys, "online")}
    write_release(content, release, first, epoch=EPOCH, now=NOW)
    assert _verify(release, tmp_path / "state", tmp_path / "dest").status == "installed"

    old_id = _pub(keys, "targets").keyid
    change_root(trust, add=[("targets", _pub(keys, "targets2"))], now=NOW)
    for holder in ("alice", "bob"):
        sign_pending(trust, _signer(keys, holder))
    publish_pending(trust, release)
    change_root(trust, revoke=[("targets", old_id[:12])], now=NOW)
    for holder in ("alice", "bob"):
        sign_pending(trust, _signer(keys, holder))
    assert publish_pending(trust, release) == 3

    with pytest.raises(UsageError, match="clé « targets »"):
        write_release(content, release, first, epoch=EPOCH, now=NOW)
    second = {"targets": _signer(keys, "targets2"), "online": _signer(keys, "online")}
    result = write_release(content, release, second, epoch=EPOCH, now=NOW)
    assert result.targets_version == 2  # nothing changed in the content, but the old signature is void
    # a runtime that had the old release walks the roots 2 and 3; a new one starts from 1.root.json
    assert _verify(release, tmp_path / "state", tmp_path / "dest").status == "current"
    assert _verify(release, tmp_path / "state2", tmp_path / "dest2").status == "installed"


def test_targets_signed_by_a_revoked_key_are_refused(keys: Path, tmp_path: Path) -> None:
    trust, release = tmp_path / "trust", tmp_path / "release"
    _first_root(keys, trust, release)
    write_release(
        load_content(SAMPLE_CONTENT), release,
        {"targets": _signer(keys, "targets"), "online": _signer(keys, "online")}, epoch=EPOCH, now=NOW,
    )  # fmt: skip
    change_root(trust, add=[("targets", _pub(keys, "targets2"))], now=NOW)
    for holder in ("alice", "bob"):
        sign_pending(trust, _signer(keys, holder))
    publish_pending(trust, release)
    change_root(trust, revoke=[("targets", _pub(keys, "targets").keyid)], now=NOW)
    for holder in ("alice", "bob"):
        sign_pending(trust, _signer(keys, holder))
    publish_pending(trust, release)
    # the root now names only targets2, but the published targets are still signed by the old key
    with pytest.raises(BundleError) as refused:
        _verify(release, tmp_path / "state", tmp_path / "dest")
    assert refused.value.code == "BUNDLE-002"
    assert not (tmp_path / "dest").exists() or not any((tmp_path / "dest").iterdir())


def test_refresh_signs_a_new_timestamp_and_what_nears_expiry(keys: Path, tmp_path: Path) -> None:
    trust, release = tmp_path / "trust", tmp_path / "release"
    _first_root(keys, trust, release)
    signers = {"targets": _signer(keys, "targets"), "online": _signer(keys, "online")}
    write_release(load_content(SAMPLE_CONTENT), release, signers, epoch=EPOCH, now=NOW)
    online = {"online": signers["online"]}
    assert refresh_release(release, online, now=NOW).resigned == ("timestamp",)
    assert refresh_release(release, online, now=NOW + timedelta(days=20)).resigned == (
        "snapshot",
        "timestamp",
    )
    before = {p.name: p.read_bytes() for p in (release / "metadata").iterdir()}
    with pytest.raises(UsageError, match="clé targets"):
        refresh_release(release, online, now=NOW + timedelta(days=160))
    assert {p.name: p.read_bytes() for p in (release / "metadata").iterdir()} == before
    result = refresh_release(release, signers, now=NOW + timedelta(days=160))
    assert result.resigned == ("targets", "snapshot", "timestamp")
    assert result.targets_version == 2


def test_production_release_from_the_command_line_with_keys_in_ci_variables(
    keys: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(SAMPLE_CONTENT, project / "content")
    (project / "epreuve.toml").write_text('content = "content"\n', "utf-8")
    release = project / "build" / "release"
    _first_root(keys, project / "trust", release)
    missing = _run("release", cwd=project, env={"EPREUVE_KEY_PASSPHRASE": PASSPHRASE})
    assert missing.returncode == 2
    assert "EPREUVE_ONLINE_KEY" in missing.stderr
    secrets = {
        "EPREUVE_KEY_PASSPHRASE": PASSPHRASE,
        "EPREUVE_TARGETS_KEY": (keys / "targets.pem").read_text(),
        "EPREUVE_ONLINE_KEY": (keys / "online.pem").read_text(),
    }
    result = _run("release", cwd=project, env=secrets)
    assert result.returncode == 0, result.stderr
    assert "15 parcours" in result.stdout
    for secret in secrets.values():
        assert secret not in result.stdout + result.stderr
    assert "BEGIN" not in result.stdout + result.stderr
    verified = _run(
        "bundle", "verify", "--repo", str(release), "--root", str(release / "metadata" / "1.root.json"),
        "--state", str(tmp_path / "state"), "--parcours", "tableur", "--format", "json", cwd=tmp_path,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stdout + verified.stderr
    refreshed = _run("release", "refresh", cwd=project, env=secrets)
    assert refreshed.returncode == 0, refreshed.stderr
    assert "timestamp v2" in refreshed.stdout


# -- delegated teams ------------------------------------------------------------------------------------


def _content_with_a_team_parcours(where: Path) -> Path:
    content = where / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    source = (content / "parcours" / "tableur.yaml").read_text("utf-8")
    team_parcours = source.replace("id: tableur\n", "id: interieur-tableur\n", 1)
    (content / "parcours" / "interieur-tableur.yaml").write_text(team_parcours, "utf-8")
    return content


def _team_release(keys: Path, tmp_path: Path) -> tuple[Path, Path, Any]:
    trust, release = tmp_path / "trust", tmp_path / "release"
    _first_root(keys, trust, release)
    add_team(trust, "interieur", [_pub(keys, "carol")], 1)
    content = load_content(_content_with_a_team_parcours(tmp_path))
    signers = {"targets": _signer(keys, "targets"), "online": _signer(keys, "online")}
    return trust, release, (content, signers)


def test_a_team_publishes_its_parcours_through_a_delegated_role(keys: Path, tmp_path: Path) -> None:
    trust, release, (content, signers) = _team_release(keys, tmp_path)
    teams = load_teams(trust)
    with pytest.raises(UsageError, match="équipe interieur") as missing:
        write_release(content, release, signers, epoch=EPOCH, now=NOW, teams=teams)
    assert "EPREUVE_TEAM_KEY_INTERIEUR" in (missing.value.hint or "")
    write_release(
        content, release, signers, epoch=EPOCH, now=NOW, teams=teams,
        team_signers={"interieur": _signer(keys, "carol")},
    )  # fmt: skip
    team_metadata = json.loads((release / "metadata" / "1.interieur.json").read_text())
    assert list(team_metadata["signed"]["targets"]) == ["parcours/interieur-tableur.zip"]
    top = json.loads((release / "metadata" / "1.targets.json").read_text())["signed"]
    assert "parcours/interieur-tableur.zip" not in top["targets"]
    assert top["delegations"]["roles"][0]["paths"] == ["parcours/interieur-*"]
    verified = verify_bundle(
        repo=release, root=(release / "metadata" / "1.root.json").read_bytes(),
        state=tmp_path / "state", parcours="interieur-tableur", dest=tmp_path / "dest",
    )  # fmt: skip
    assert verified.status == "installed"
    assert _verify(release, tmp_path / "state", tmp_path / "dest").status == "installed"
    # unchanged content: the team's key is not needed again
    again = write_release(content, release, signers, epoch=EPOCH, now=NOW, teams=teams)
    assert again.targets_version == 1


def test_a_team_role_signed_by_a_key_it_was_not_given_is_refused(keys: Path, tmp_path: Path) -> None:
    from tuf.api.metadata import Metadata, MetaFile

    trust, release, (content, signers) = _team_release(keys, tmp_path)
    write_release(
        content, release, signers, epoch=EPOCH, now=NOW, teams=load_teams(trust),
        team_signers={"interieur": _signer(keys, "carol")},
    )  # fmt: skip
    metadata = release / "metadata"
    forged = Metadata.from_bytes((metadata / "1.interieur.json").read_bytes())
    forged.signed.version = 2
    forged.signatures.clear()
    forged.sign(_signer(keys, "bob"))  # a key of the content team's neighbour, not in the delegation
    (metadata / "2.interieur.json").write_bytes(forged.to_bytes())
    snapshot = Metadata.from_bytes((metadata / "1.snapshot.json").read_bytes())
    snapshot.signed.version = 2
    snapshot.signed.meta["interieur.json"] = MetaFile(version=2)
    snapshot.signatures.clear()
    snapshot.sign(signers["online"])  # the online key is stolen too: only the delegation stands
    (metadata / "2.snapshot.json").write_bytes(snapshot.to_bytes())
    timestamp = Metadata.from_bytes((metadata / "timestamp.json").read_bytes())
    timestamp.signed.version += 1
    timestamp.signed.snapshot_meta = MetaFile(version=2)
    timestamp.signatures.clear()
    timestamp.sign(signers["online"])
    (metadata / "timestamp.json").write_bytes(timestamp.to_bytes())
    with pytest.raises(BundleError) as refused:
        verify_bundle(
            repo=release, root=(metadata / "1.root.json").read_bytes(),
            state=tmp_path / "state", parcours="interieur-tableur", dest=tmp_path / "dest",
        )  # fmt: skip
    assert refused.value.code == "BUNDLE-002"
    assert not (tmp_path / "dest").exists() or not any((tmp_path / "dest").iterdir())


def test_team_names_are_checked_and_team_files_are_not_trusted_blindly(keys: Path, tmp_path: Path) -> None:
    trust = tmp_path / "trust"
    for bad in ("Interieur", "a", "targets", "inter-ieur", "../x"):
        with pytest.raises(UsageError, match="nom d'équipe invalide"):
            add_team(trust, bad, [_pub(keys, "carol")], 1)
    add_team(trust, "interieur", [_pub(keys, "carol")], 1)
    with pytest.raises(UsageError, match="existe déjà"):
        add_team(trust, "interieur", [_pub(keys, "bob")], 1)
    path = trust / "teams" / "interieur.json"
    document = json.loads(path.read_text())
    (keyid,) = document["keys"]
    document["keys"][keyid]["keyval"]["public"] = (1).to_bytes(32, "little").hex()  # the identity point
    path.write_text(json.dumps(document))
    with pytest.raises(UsageError, match="pas une clé Ed25519 valide"):
        load_teams(trust)


def test_the_trust_commands_walk_a_two_person_root_to_publication(keys: Path, tmp_path: Path) -> None:
    secrets = {"EPREUVE_KEY_PASSPHRASE": PASSPHRASE}
    k = str(keys)
    init = _run(
        "trust", "init", "--root-key", f"{k}/alice.pub", "--root-key", f"{k}/bob.pub", "--root-threshold", "2",
        "--targets-key", f"{k}/targets.pub", "--online-key", f"{k}/online.pub", cwd=tmp_path,
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    assert "0 signature sur 2 requises" in init.stdout
    assert _run("trust", "sign", "--key", f"{k}/alice.pem", cwd=tmp_path, env=secrets).returncode == 0
    early = _run("trust", "publish", "--release", "release", cwd=tmp_path)
    assert early.returncode == 2
    assert "1 signature sur 2 requises" in early.stderr
    assert _run("trust", "sign", "--key", f"{k}/bob.pem", cwd=tmp_path, env=secrets).returncode == 0
    published = _run("trust", "publish", "--release", "release", cwd=tmp_path)
    assert published.returncode == 0, published.stderr
    assert (tmp_path / "release" / "metadata" / "1.root.json").exists()
    team = _run("trust", "add-team", "interieur", "--key", f"{k}/carol.pub", cwd=tmp_path)
    assert team.returncode == 0, team.stderr
    assert "EPREUVE_TEAM_KEY_INTERIEUR" in team.stdout
    status = _run("trust", "status", cwd=tmp_path)
    assert "racine publiée : version 1" in status.stdout
    assert _pub(keys, "alice").keyid[:16] in status.stdout
