"""Root changes signed by several people without sharing keys (SIGNING.md §3).

The trust folder (`trust/` beside the content, committed to git) holds:

    root/<n>.root.json      every published root, each fully signed: the history clients walk
    pending.root.json       the next root while it collects signatures (a "signing event")

`init` and `change` write `pending.root.json` unsigned; each key holder runs `sign` with their own
key, on their own machine, and commits the file (a signature is public data); `publish` checks the
thresholds with python-tuf itself (TUF §5.3.4: a new root needs a threshold of the new root keys
AND of the previous root's), then copies the root into the trust history and into the release's
`metadata/`, never over an existing file. Nothing here holds or prints a private key.

Roles are TUF's; `online` names the key pair shared by snapshot and timestamp (the CI's online key).

Teams (`teams/<name>.json`): a content team that publishes its own parcours (`<name>-…`) with its own
keys, through a targets role delegated by the top-level one. Adding a team is a reviewed commit of its
public keys; the release signs the delegation with the targets key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from epreuve_tools.diagnostics import plural
from epreuve_tools.errors import UsageError
from epreuve_tools.release.atomic import write_atomic, write_new
from epreuve_tools.release.ed25519 import is_strong_public_key
from epreuve_tools.release.repository import Team

if TYPE_CHECKING:
    from securesystemslib.signer import Signer

SPEC_VERSION: Final = "1.0.31"
ROOT_LIFETIME: Final = timedelta(days=365)
PENDING: Final = "pending.root.json"
# the roles a team names on the command line, and the TUF roles each stands for
ROLES: Final = {
    "root": ("root",),
    "targets": ("targets",),
    "online": ("snapshot", "timestamp"),
}
MAX_ROOT_BYTES: Final = 512 * 1024


class TrustProblem(UsageError):
    """A root change that cannot go on: the message says what to do instead."""


@dataclass(frozen=True, slots=True)
class RoleKeys:
    """The public keys and threshold asked for one role."""

    role: str  # a key of ROLES
    keys: tuple[Any, ...]  # SSlibKey
    threshold: int


@dataclass(frozen=True, slots=True)
class Tally:
    """Who has signed, against which threshold."""

    threshold: int
    signed: tuple[str, ...]  # key ids
    missing: tuple[str, ...]

    @property
    def met(self) -> bool:
        return len(self.signed) >= self.threshold


@dataclass(frozen=True, slots=True)
class SigningStatus:
    version: int
    new_root: Tally  # the keys the pending root names
    previous_root: Tally | None  # the keys of the root it replaces (None for the first root)

    @property
    def complete(self) -> bool:
        return self.new_root.met and (self.previous_root is None or self.previous_root.met)


def _serializer() -> Any:
    from tuf.api.serialization.json import JSONSerializer

    return JSONSerializer(compact=False)


def _read_root(path: Path) -> Any:
    from tuf.api.metadata import Metadata, Root
    from tuf.api.serialization import DeserializationError

    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_ROOT_BYTES + 1)
    except OSError as error:
        raise TrustProblem(f"racine illisible : {path} ({error.strerror})") from None
    if len(data) > MAX_ROOT_BYTES:
        raise TrustProblem(f"{path} dépasse {MAX_ROOT_BYTES // 1024} Kio : ce n'est pas une racine")
    try:
        return Metadata[Root].from_bytes(data)
    except (DeserializationError, ValueError, TypeError):
        raise TrustProblem(f"{path} n'est pas une racine TUF valide") from None


def published_roots(folder: Path) -> list[Path]:
    """The published roots of the trust folder, 1.root.json first; a gap in the numbers is refused."""
    history = folder / "root"
    paths: list[Path] = []
    while (history / f"{len(paths) + 1}.root.json").exists():
        paths.append(history / f"{len(paths) + 1}.root.json")
    if history.is_dir():
        extra = sorted(p.name for p in history.glob("*.root.json") if p not in paths)
        if extra:
            raise TrustProblem(
                f"racines hors séquence dans {history} : {', '.join(extra)}",
                hint="les racines se numérotent 1, 2, 3… sans trou ; retirez les fichiers en trop",
            )
    return paths


def latest_root(folder: Path) -> Any | None:
    roots = published_roots(folder)
    return _read_root(roots[-1]) if roots else None


def _check_role(role: RoleKeys) -> None:
    if not role.keys:
        raise TrustProblem(
            f"le rôle {role.role} n'a plus aucune clé", hint="ajoutez une clé avant d'en retirer"
        )
    if not 1 <= role.threshold <= len(role.keys):
        raise TrustProblem(
            f"seuil {role.threshold} impossible pour le rôle {role.role} : "
            f"il faut entre 1 et {len(role.keys)} (le nombre de ses clés)",
        )


def _write_pending(folder: Path, root: Any) -> Path:
    from tuf.api.metadata import Metadata

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / PENDING
    write_atomic(path, Metadata(root).to_bytes(_serializer()), mode=0o644)
    return path


def _build_root(version: int, roles: Sequence[RoleKeys], expires: datetime) -> Any:
    from tuf.api.metadata import Root

    root = Root(
        version=version,
        spec_version=SPEC_VERSION,
        expires=expires.replace(microsecond=0),
        consistent_snapshot=True,
    )
    for role in roles:
        _check_role(role)
        for tuf_role in ROLES[role.role]:
            for key in role.keys:
                root.add_key(key, tuf_role)
            root.roles[tuf_role].threshold = role.threshold
    return root


def init_root(folder: Path, roles: Sequence[RoleKeys], *, now: datetime) -> Path:
    """The first root, unsigned, into `pending.root.json`."""
    if published_roots(folder):
        raise TrustProblem(
            f"{folder} a déjà une racine publiée",
            hint="pour changer les clés : epreuve trust add-key / revoke",
        )
    if (folder / PENDING).exists():
        raise TrustProblem(
            f"une racine attend déjà ses signatures : {folder / PENDING}",
            hint="signez-la (epreuve trust sign) ou supprimez-la pour recommencer",
        )
    given = {role.role for role in roles}
    if given != set(ROLES):
        missing = ", ".join(sorted(set(ROLES) - given))
        raise TrustProblem(f"clés manquantes pour : {missing}")
    return _write_pending(folder, _build_root(1, roles, now + ROOT_LIFETIME))


def _current_roles(root: Any) -> dict[str, RoleKeys]:
    roles: dict[str, RoleKeys] = {}
    for name, (tuf_role, *_) in ROLES.items():
        role = root.roles[tuf_role]
        roles[name] = RoleKeys(name, tuple(root.keys[k] for k in role.keyids), role.threshold)
    return roles


def change_root(
    folder: Path,
    *,
    add: Iterable[tuple[str, Any]] = (),
    revoke: Iterable[tuple[str, str]] = (),
    thresholds: dict[str, int] | None = None,
    now: datetime,
) -> Path:
    """The next root: the latest published one with keys added or revoked, unsigned, in pending."""
    previous = latest_root(folder)
    if previous is None:
        raise TrustProblem(f"aucune racine publiée dans {folder}", hint="commencez par epreuve trust init")
    if (folder / PENDING).exists():
        raise TrustProblem(
            f"une racine attend déjà ses signatures : {folder / PENDING}",
            hint="publiez-la ou supprimez-la avant un autre changement (un changement à la fois)",
        )
    roles = _current_roles(previous.signed)
    for name, key in add:
        if key.keyid in {k.keyid for k in roles[name].keys}:
            raise TrustProblem(f"la clé {key.keyid[:16]}… est déjà une clé du rôle {name}")
        roles[name] = RoleKeys(name, (*roles[name].keys, key), roles[name].threshold)
    for name, keyid in revoke:
        kept = tuple(k for k in roles[name].keys if not k.keyid.startswith(keyid))
        if len(kept) == len(roles[name].keys):
            raise TrustProblem(
                f"aucune clé {keyid} dans le rôle {name}", hint="epreuve trust status liste les clés"
            )
        if len(roles[name].keys) - len(kept) > 1:
            raise TrustProblem(f"« {keyid} » désigne plusieurs clés du rôle {name} : donnez plus de chiffres")
        roles[name] = RoleKeys(name, kept, min(roles[name].threshold, max(len(kept), 1)))
    for name, threshold in (thresholds or {}).items():
        roles[name] = RoleKeys(name, roles[name].keys, threshold)
    root = _build_root(previous.signed.version + 1, list(roles.values()), now + ROOT_LIFETIME)
    return _write_pending(folder, root)


def _pending(folder: Path) -> Any:
    path = folder / PENDING
    if not path.exists():
        raise TrustProblem(
            f"aucune racine en attente de signature dans {folder}",
            hint="epreuve trust init (première racine), add-key ou revoke (changement)",
        )
    return _read_root(path)


def _tally(result: Any) -> Tally:
    return Tally(result.threshold, tuple(sorted(result.signed)), tuple(sorted(result.unsigned)))


def signing_status(folder: Path) -> SigningStatus:
    pending = _pending(folder)
    previous = latest_root(folder)
    payload = pending.signed_bytes
    new = pending.signed.get_verification_result("root", payload, pending.signatures)
    old = None
    if previous is not None:
        old = _tally(previous.signed.get_verification_result("root", payload, pending.signatures))
    return SigningStatus(pending.signed.version, _tally(new), old)


def sign_pending(folder: Path, signer: Signer) -> SigningStatus:
    """Add the signature of `signer` to the pending root; its key must be one the change needs."""
    pending = _pending(folder)
    previous = latest_root(folder)
    keyid = signer.public_key.keyid
    wanted = set(pending.signed.roles["root"].keyids)
    if previous is not None:
        wanted |= set(previous.signed.roles["root"].keyids)
    if keyid not in wanted:
        raise TrustProblem(
            f"la clé {keyid[:16]}… n'est une clé root ni de la nouvelle racine ni de l'ancienne",
            hint="seuls les détenteurs des clés root signent une racine",
        )
    pending.signatures.pop(keyid, None)  # signing twice replaces, never counts twice
    pending.sign(signer, append=True)
    write_atomic(folder / PENDING, pending.to_bytes(_serializer()), mode=0o644)
    return signing_status(folder)


def publish_pending(folder: Path, release: Path) -> int:
    """Publish the pending root once both thresholds are met; returns its version."""
    status = signing_status(folder)
    if not status.complete:
        raise TrustProblem(
            f"racine version {status.version} pas encore publiable : {describe(status)}",
            hint="chaque détenteur d'une clé root manquante lance epreuve trust sign --key SA_CLE.pem",
        )
    pending = _pending(folder)
    previous_count = len(published_roots(folder))
    if pending.signed.version != previous_count + 1:
        raise TrustProblem(
            f"la racine en attente est la version {pending.signed.version}, "
            f"la suivante serait la {previous_count + 1}",
            hint="supprimez pending.root.json et refaites le changement",
        )
    data = pending.to_bytes(_serializer())
    # the release receives every root it lacks: clients walk 1, 2, 3… from the root they ship with
    history = [*published_roots(folder)]
    (folder / "root").mkdir(parents=True, exist_ok=True)
    write_new(folder / "root" / f"{pending.signed.version}.root.json", data)
    for path in [*history, folder / "root" / f"{pending.signed.version}.root.json"]:
        write_new(release / "metadata" / path.name, path.read_bytes())
    (folder / PENDING).unlink()
    return int(pending.signed.version)


def describe(status: SigningStatus) -> str:
    """The signing state in one French line."""
    parts = [
        f"nouvelles clés root : {plural(len(status.new_root.signed), 'signature')} "
        f"sur {status.new_root.threshold} requises"
    ]
    if status.previous_root is not None:
        parts.append(
            f"anciennes clés root : {plural(len(status.previous_root.signed), 'signature')} "
            f"sur {status.previous_root.threshold} requises"
        )
    return " ; ".join(parts)


TEAM_NAME = re.compile(r"^[a-z][a-z0-9]{1,30}$")
RESERVED_ROLES: Final = frozenset({"root", "targets", "snapshot", "timestamp"})


def _team_path(folder: Path, name: str) -> Path:
    if not TEAM_NAME.match(name) or name in RESERVED_ROLES:
        raise TrustProblem(
            f"nom d'équipe invalide : {name!r}",
            hint="2 à 31 lettres minuscules ou chiffres, sans tiret (ses parcours s'appellent NOM-…), "
            "hors root, targets, snapshot, timestamp",
        )
    return folder / "teams" / f"{name}.json"


def add_team(folder: Path, name: str, keys: Sequence[Any], threshold: int) -> Path:
    """Write `teams/<name>.json`: the team's public keys and threshold. The top-level targets role
    delegates `parcours/<name>-*` to it at the next release (signed by the targets key)."""
    path = _team_path(folder, name)
    if path.exists():
        raise TrustProblem(
            f"l'équipe {name} existe déjà ({path})",
            hint="pour changer ses clés : epreuve trust remove-team puis add-team, dans le même commit",
        )
    _check_role(RoleKeys(name, tuple(keys), threshold))
    document = {
        "name": name,
        "paths": [f"parcours/{name}-*"],
        "threshold": threshold,
        "keys": {key.keyid: key.to_dict() for key in sorted(keys, key=lambda key: key.keyid)},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, (json.dumps(document, indent=2, sort_keys=True) + "\n").encode(), mode=0o644)
    return path


def remove_team(folder: Path, name: str) -> None:
    path = _team_path(folder, name)
    if not path.exists():
        raise TrustProblem(f"aucune équipe {name} dans {folder / 'teams'}")
    path.unlink()


def load_teams(folder: Path) -> tuple[Team, ...]:
    """The teams of the trust folder, each key checked as a key file would be."""
    from securesystemslib.signer import SSlibKey

    teams: list[Team] = []
    for path in sorted((folder / "teams").glob("*.json")):
        name = path.stem
        _team_path(folder, name)
        try:
            document = json.loads(path.read_text("utf-8"))
            keys = tuple(SSlibKey.from_dict(keyid, dict(key)) for keyid, key in document["keys"].items())
            threshold = int(document["threshold"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise TrustProblem(f"fichier d'équipe illisible : {path} ({error})") from None
        for key in keys:
            raw = bytes.fromhex(key.keyval.get("public", ""))
            if key.keytype != "ed25519" or not is_strong_public_key(raw):
                raise TrustProblem(f"{path} : la clé {key.keyid[:16]}… n'est pas une clé Ed25519 valide")
        _check_role(RoleKeys(name, keys, threshold))
        teams.append(Team(name, keys, threshold))
    return tuple(teams)
