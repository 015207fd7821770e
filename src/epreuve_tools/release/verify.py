"""Verification as a runtime does it (SIGNING.md §4): python-tuf's ngclient, then our checks, then an
atomic install. `VerifiedBundle` is the small typed result a Python runtime uses.

Nothing is trusted before every check passed: ngclient runs on a copy of the state folder's metadata
(it persists what it verified as it goes, which is right for TUF but would leave the state changed by a
release we then refuse, e.g. a validly signed bundle that breaks an archive rule); the bundle is unpacked
into a new folder beside the destination, then renamed into place; the state (the copy of the metadata,
then `installed.json` with each parcours' version) is written last. A refusal leaves the state folder and
the destination as they were and raises BundleError with a stable code.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import json
import os
import shutil
import stat
import tempfile
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Final

from epreuve_tools.bundle import errors as codes
from epreuve_tools.bundle.archive import LIMITS, read_archive
from epreuve_tools.bundle.errors import BundleError
from epreuve_tools.bundle.records import CONTENT_SCHEMA, ID, check_record
from epreuve_tools.bundle.schemas import schema_problem
from epreuve_tools.errors import UsageError
from epreuve_tools.release.atomic import write_atomic
from epreuve_tools.release.repository import target_path

INSTALLED: Final = "installed.json"
METADATA: Final = "metadata"


@dataclass(frozen=True, slots=True)
class VerifiedBundle:
    """A bundle that passed every check: where it is unpacked (None when no destination was given),
    and its parsed records in the parcours' order. `status`: `installed`, `current` (already installed, nothing
    written), or `verified` (no destination given)."""

    parcours: str
    version: int
    sha256: str
    path: Path | None
    records: tuple[dict[str, Any], ...]
    status: str


def _local_fetcher(root: Path) -> Any:
    """An ngclient fetcher for a repository in a local folder: file:// URLs under `root` only, regular
    files only, not through a link; a missing file is a 404, as ngclient expects from a server.

    ngclient downloads through `download_bytes` (metadata) and `download_file` (targets), each with the
    most it accepts: they read at most one byte more than that, in one call, and close the file before
    returning. (The generic path, a generator of chunks that ngclient abandons at its bound, would
    leave the file open until the garbage collector found it.)"""
    from tuf.api import exceptions
    from tuf.ngclient import FetcherInterface

    real_root = os.path.realpath(root)

    class LocalFetcher(FetcherInterface):
        @staticmethod
        def _open(url: str) -> BinaryIO:
            parts = urllib.parse.urlsplit(url)
            path = os.path.realpath(urllib.parse.unquote(parts.path))
            if parts.scheme != "file" or not path.startswith(real_root + os.sep):
                raise exceptions.DownloadHTTPError(f"hors du dépôt : {url}", 404)
            try:
                descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
            except FileNotFoundError:
                raise exceptions.DownloadHTTPError(f"introuvable : {url}", 404) from None
            stream = os.fdopen(descriptor, "rb")
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                stream.close()
                raise exceptions.DownloadHTTPError(f"pas un fichier ordinaire : {url}", 404)
            return stream

        def _fetch(self, url: str) -> Iterator[bytes]:
            with self._open(url) as stream:
                data = stream.read()
            return iter((data,))

        def download_bytes(self, url: str, max_length: int) -> bytes:
            with self._open(url) as stream:
                data = stream.read(max_length + 1)
            if len(data) > max_length:
                raise exceptions.DownloadLengthMismatchError(
                    f"{url} : plus de {max_length} octets, lecture arrêtée"
                )
            return data

        @contextlib.contextmanager
        def download_file(self, url: str, max_length: int) -> Iterator[BinaryIO]:
            yield io.BytesIO(self.download_bytes(url, max_length))

    return LocalFetcher()


def _tuf_error(error: Exception, *, metadata: bool) -> BundleError:
    """ngclient's verdict as one of our stable codes; `metadata`: raised while reading the metadata,
    before the bundle's own download."""
    from tuf.api import exceptions

    if metadata and isinstance(error, exceptions.DownloadLengthMismatchError):
        # the client stops reading at its bound for each role: endless or padded metadata
        return BundleError(
            codes.METADATA_REFUSED,
            f"métadonnées refusées : un fichier dépasse la taille que le client admet pour son rôle "
            f"(lecture arrêtée) : {error}",
            hint="une métadonnée de publication fait au plus quelques centaines de kilo-octets",
        )
    if isinstance(error, exceptions.ExpiredMetadataError):
        return BundleError(
            codes.EXPIRED, f"publication expirée : {error}", hint="la publication doit être rafraîchie"
        )
    if isinstance(error, exceptions.BadVersionNumberError):
        return BundleError(
            codes.ROLLBACK, f"retour à une publication plus ancienne que celle déjà vue : {error}"
        )
    if isinstance(error, exceptions.UnsignedMetadataError):
        return BundleError(codes.BAD_SIGNATURE, f"signature invalide ou seuil non atteint : {error}")
    if isinstance(error, exceptions.LengthOrHashMismatchError | exceptions.DownloadLengthMismatchError):
        return BundleError(
            codes.TARGET_MISMATCH, f"le fichier ne correspond pas aux métadonnées signées : {error}"
        )
    if isinstance(error, exceptions.RepositoryError):
        return BundleError(codes.METADATA_REFUSED, f"métadonnées refusées : {error}")
    return BundleError(codes.REPOSITORY_UNREADABLE, f"dépôt illisible : {error}")


def _read_json(data: bytes, name: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise BundleError(codes.INVALID_RECORD, f"{name!r} n'est pas du JSON UTF-8 valide") from error


def _check_schemas(manifest: Any, entries: dict[str, bytes]) -> None:
    """`bundle.json` (`manifest`, parsed once) and `parcours.json` against their published schemas
    (records: `check_record`)."""
    problem = schema_problem("bundle", manifest)
    if problem is not None:
        raise BundleError(codes.MANIFEST_MISMATCH, f"bundle.json : {problem}")
    problem = schema_problem("parcours", _read_json(entries["parcours.json"], "parcours.json"))
    if problem is not None:
        raise BundleError(codes.INVALID_RECORD, f"parcours.json : {problem}")


def check_bundle(data: bytes, parcours_id: str, version: int) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Our rules on a downloaded bundle whose hash ngclient checked: the archive rules, `bundle.json`
    (every other entry listed once with its length and hash, nothing else), the parcours asked for, the
    version the signed metadata announces, and each record. Returns the manifest and the entries."""
    manifest, entries, _ = _checked(data, parcours_id, version)
    return manifest, entries


def _checked(
    data: bytes, parcours_id: str, version: int
) -> tuple[dict[str, Any], dict[str, bytes], tuple[dict[str, Any], ...]]:
    """check_bundle, and the records it parsed, in the parcours' order."""
    entries = read_archive(data)
    if "bundle.json" not in entries:
        raise BundleError(codes.MANIFEST_MISMATCH, "le paquet n'a pas de bundle.json")
    manifest = _read_json(entries["bundle.json"], "bundle.json")
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or manifest.get("content_schema") != CONTENT_SCHEMA:
        raise BundleError(
            codes.MANIFEST_MISMATCH, f"bundle.json illisible ou d'un autre format que {CONTENT_SCHEMA}"
        )
    if manifest.get("parcours") != parcours_id:
        raise BundleError(
            codes.WRONG_PARCOURS,
            f"ce paquet est celui du parcours {manifest.get('parcours')!r}, pas de {parcours_id!r}",
        )
    if manifest.get("version") != version:
        raise BundleError(
            codes.MANIFEST_MISMATCH,
            f"bundle.json annonce la version {manifest.get('version')!r}, les métadonnées signées {version}",
        )
    listed = set(files)
    present = set(entries) - {"bundle.json"}
    if listed != present:
        extra = sorted(present - listed) or sorted(listed - present)
        raise BundleError(
            codes.MANIFEST_MISMATCH, f"entrées non listées ou absentes : {', '.join(extra[:5])}"
        )
    for name in sorted(present):
        expected = files[name]
        digest = hashlib.sha256(entries[name]).hexdigest()
        if (
            not isinstance(expected, dict)
            or expected.get("length") != len(entries[name])
            or not isinstance(expected.get("sha256"), str)
            or not hmac.compare_digest(expected["sha256"], digest)
        ):
            raise BundleError(
                codes.MANIFEST_MISMATCH, f"taille ou empreinte de {name!r} différente de bundle.json"
            )
    ids = manifest.get("epreuves")
    if not isinstance(ids, list) or not all(isinstance(i, str) and ID.fullmatch(i) for i in ids):
        raise BundleError(codes.MANIFEST_MISMATCH, "liste d'épreuves de bundle.json invalide")
    records_present = {name for name in present if name.startswith("epreuves/")}
    if records_present != {f"epreuves/{i}.json" for i in ids} or len(set(ids)) != len(ids):
        raise BundleError(
            codes.INVALID_RECORD, "les enregistrements du paquet ne sont pas ceux de bundle.json"
        )
    if "parcours.json" not in entries:
        raise BundleError(codes.MANIFEST_MISMATCH, "le paquet n'a pas de parcours.json")
    _check_schemas(manifest, entries)
    assets = {name for name in present if name.startswith("assets/")}
    records = []
    for epreuve_id in ids:
        name = f"epreuves/{epreuve_id}.json"
        record = _read_json(entries[name], name)
        check_record(name, record, epreuve_id, assets)
        records.append(record)
    return manifest, entries, tuple(records)


def _installed(state: Path) -> dict[str, Any]:
    path = state / INSTALLED
    if not path.exists():
        return {}
    data = json.loads(path.read_bytes())
    return data if isinstance(data, dict) else {}


def _unpack(entries: dict[str, bytes], dest: Path, parcours_id: str) -> Path:
    """Unpack into a new folder beside the destination, then rename it into place."""
    dest.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=dest, prefix=f".{parcours_id}-"))
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        folders: set[str] = set()
        for name, data in entries.items():
            folder, _, _ = name.rpartition("/")  # names passed the whitelist: no `..`, no leading `/`
            if folder and folder not in folders:
                os.makedirs(staging / folder, exist_ok=True)
                folders.add(folder)
            descriptor = os.open(staging / name, flags, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(descriptor, view) :]
            finally:
                os.close(descriptor)
        final = dest / parcours_id
        if final.exists() or final.is_symlink():
            # POSIX cannot swap two folders in one call: the old one is moved aside, then removed
            aside = Path(tempfile.mkdtemp(dir=dest, prefix=f".{parcours_id}-old-"))
            os.replace(final, aside / "old")
            os.replace(staging, final)
            shutil.rmtree(aside)
        else:
            os.replace(staging, final)
        return final
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _commit_metadata(staged: Path, state: Path) -> None:
    current = state / METADATA
    if current.exists():
        aside = Path(tempfile.mkdtemp(dir=state, prefix=".old-"))
        os.replace(current, aside / METADATA)
        os.replace(staged, current)
        shutil.rmtree(aside)
    else:
        os.replace(staged, current)


def is_url(repo: str) -> bool:
    """A release served over HTTP(S), as a runtime downloads it, rather than a local folder."""
    return repo.startswith(("https://", "http://"))


def _download(
    repo: Path | str, root: bytes, staged: Path, parcours: Sequence[str]
) -> list[tuple[Any, bytes]]:
    """ngclient's whole client workflow, run on the staged copy of the state: one refresh, then each
    parcours' target info and its bytes, whose length and hash the client checked against signed
    metadata. A URL is fetched by ngclient's own fetcher; a folder by ours (file:// under it only)."""
    from tuf.api import exceptions
    from tuf.ngclient import Updater

    if isinstance(repo, str):
        base, fetcher = repo.rstrip("/"), None
    else:
        base, fetcher = repo.resolve().as_uri(), _local_fetcher(repo)
    try:
        updater = Updater(
            metadata_dir=str(staged),
            metadata_base_url=f"{base}/metadata/",
            target_base_url=f"{base}/targets/",
            fetcher=fetcher,
            bootstrap=root,
        )
        updater.refresh()
        infos = [updater.get_targetinfo(target_path(one)) for one in parcours]
    except (exceptions.RepositoryError, exceptions.DownloadError) as error:
        raise _tuf_error(error, metadata=True) from error
    except ValueError as error:  # a bootstrap root that is not TUF metadata
        raise BundleError(codes.METADATA_REFUSED, f"racine de confiance illisible : {error}") from error
    _check_distinct_keys(staged)
    downloaded: list[tuple[Any, bytes]] = []
    for one, info in zip(parcours, infos, strict=True):
        if info is None:
            raise BundleError(codes.UNKNOWN_PARCOURS, f"le parcours {one!r} n'est pas dans cette publication")
        if info.length > LIMITS.max_archive_bytes:
            raise BundleError(codes.TOO_LARGE, f"paquet annoncé de {info.length} octets, trop grand")
        try:
            path = updater.download_target(info, filepath=str(staged.parent / f"{one}.zip"))
        except (exceptions.RepositoryError, exceptions.DownloadError) as error:
            raise _tuf_error(error, metadata=False) from error
        downloaded.append((info, Path(path).read_bytes()))
    return downloaded


def _check_distinct_keys(staged: Path) -> None:
    """Refuse trusted metadata in which one role lists the same public key under two key ids.

    python-tuf counts a threshold by key id and takes key ids as written: a root or a delegation naming
    one key twice, under a made-up second id, would let that key's holder meet a threshold of two alone
    (the flaw that hit go-tuf, tough, rust-tuf and php-tuf; SIGNING.md §7). Our tools never write such
    metadata (a key id is the hash of its key); a runtime refuses it whoever wrote it. Checked on what
    ngclient verified and persisted in the staged state: every root of the chain, and each targets
    role's delegations, before the bundle is downloaded.
    """
    from tuf.api.metadata import Metadata, Root, Targets

    paths = [*sorted((staged / "root_history").glob("*.root.json")), *sorted(staged.glob("*.json"))]
    for path in paths:
        signed: Any = Metadata.from_bytes(path.read_bytes()).signed
        keys: dict[str, Any]
        roles: dict[str, list[str]]
        if isinstance(signed, Root):
            keys, roles = signed.keys, {name: role.keyids for name, role in signed.roles.items()}
        elif isinstance(signed, Targets) and signed.delegations is not None:
            delegations = signed.delegations
            keys = delegations.keys
            roles = {name: role.keyids for name, role in (delegations.roles or {}).items()}
            if delegations.succinct_roles is not None:
                roles["succinct"] = delegations.succinct_roles.keyids
        else:
            continue
        for name, keyids in roles.items():
            values = [
                (keys[i].keytype, keys[i].scheme, str(keys[i].keyval.get("public", "")).strip().lower())
                for i in keyids
                if i in keys
            ]
            if len(set(values)) != len(values):
                raise BundleError(
                    codes.BAD_SIGNATURE,
                    f"{path.name} désigne la même clé sous deux identifiants pour le rôle {name} : "
                    "son seuil compterait deux fois une même signature",
                )


def verify_bundle(
    *, repo: Path | str, root: bytes, state: Path, parcours: str, dest: Path | None = None
) -> VerifiedBundle:
    """Run SIGNING.md §4 for one parcours of the release in the local folder or at the URL `repo`."""
    return verify_bundles(repo=repo, root=root, state=state, parcours=[parcours], dest=dest)[0]


@dataclass(frozen=True, slots=True)
class _Checked:
    parcours: str
    version: int
    sha256: str
    entries: dict[str, bytes]
    records: tuple[dict[str, Any], ...]


def verify_bundles(
    *, repo: Path | str, root: bytes, state: Path, parcours: Sequence[str], dest: Path | None = None
) -> list[VerifiedBundle]:
    """Run SIGNING.md §4 for several parcours of one release, with one refresh of the metadata (what a
    runtime does to take a release): every bundle passes every check before anything is installed,
    so a refusal of one leaves the state and the destination as they were, as for one parcours."""
    for one in parcours:
        if not ID.fullmatch(one):
            raise UsageError(f"id de parcours invalide : {one!r}")
    if len(set(parcours)) != len(parcours):
        raise UsageError("un même parcours est demandé deux fois")
    if isinstance(repo, str) and not is_url(repo):
        repo = Path(repo)
    if isinstance(repo, Path) and not repo.is_dir():
        raise BundleError(codes.REPOSITORY_UNREADABLE, f"dépôt introuvable : {repo}")
    state.mkdir(mode=0o700, parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=state, prefix=".verify-"))
    try:
        staged = work / METADATA
        if (state / METADATA).is_dir():
            shutil.copytree(state / METADATA, staged, symlinks=True)
        else:
            staged.mkdir()
        installed = _installed(state)
        checked = [
            _check_downloaded(one, info, data, installed)
            for one, (info, data) in zip(parcours, _download(repo, root, staged, parcours), strict=True)
        ]
        results: list[VerifiedBundle] = []
        changed = False
        for bundle in checked:
            before = installed.get(bundle.parcours)
            current = (
                isinstance(before, dict)
                and before.get("sha256") == bundle.sha256
                and dest is not None
                and (dest / bundle.parcours).is_dir()
            )
            path: Path | None = None
            if dest is not None:
                path = dest / bundle.parcours if current else _unpack(bundle.entries, dest, bundle.parcours)
            if dest is not None and not current:
                installed[bundle.parcours] = {"version": bundle.version, "sha256": bundle.sha256}
                changed = True
            status = "current" if current else "installed" if dest is not None else "verified"
            results.append(
                VerifiedBundle(bundle.parcours, bundle.version, bundle.sha256, path, bundle.records, status)
            )
        _commit_metadata(staged, state)
        if changed:
            write_atomic(state / INSTALLED, json.dumps(installed, sort_keys=True, indent=1).encode())
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _check_downloaded(parcours: str, info: Any, data: bytes, installed: dict[str, Any]) -> _Checked:
    """Our checks on one downloaded bundle (SIGNING.md §4.3): the signed fields, the archive and
    content rules, and a version not lower than the one installed."""
    custom = info.custom if isinstance(info.custom, dict) else {}
    version = custom.get("version")
    if not isinstance(version, int) or custom.get("parcours") != parcours:
        raise BundleError(codes.WRONG_PARCOURS, "les champs signés de la cible ne désignent pas ce parcours")
    _, entries, records = _checked(data, parcours, version)
    before = installed.get(parcours, {}) if isinstance(installed.get(parcours), dict) else {}
    if isinstance(before.get("version"), int) and version < before["version"]:
        raise BundleError(
            codes.LOWER_VERSION,
            f"version {version} plus basse que la version installée {before['version']}",
        )
    return _Checked(parcours, version, hashlib.sha256(data).hexdigest(), entries, records)
