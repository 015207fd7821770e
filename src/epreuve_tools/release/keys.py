"""Signing keys: a content team's Ed25519 keys, and the throwaway development keys of `release --dev`.

Production keys (SIGNING.md §3): `epreuve keys generate NAME` writes `NAME.pem`, the private key as
passphrase-encrypted PKCS#8 PEM, created 0600, and `NAME.pub`, the public key (SubjectPublicKeyInfo
PEM, what `openssl pkey -pubin` reads), and prints the key id only. A signing command reads a private
key from a file (refused when others can read it) or, on CI, from an environment variable holding the
PEM (`EPREUVE_TARGETS_KEY`, `EPREUVE_ONLINE_KEY`), so that it is never on argv, in a log or on disk.
The passphrase comes from `EPREUVE_KEY_PASSPHRASE` or a prompt without echo; never from argv.

Development keys are UNSAFE FOR PRODUCTION, by design: `build/dev-keys/{root,targets,online}.pem` are unencrypted Ed25519
PKCS#8 PEM files, so that a newcomer sees a signed release in one command. A development release must
never be shipped to a runtime: anyone with the checkout holds its keys.

Even so, the files are created as a key should be: with `os.open(..., O_CREAT | O_EXCL, 0o600)` (never
chmod-ed after, so no moment where another user can read them), in a folder created 0700, not through
a link; and a key file readable by others or replaced by a link is refused, not used. Keys are never
printed or logged: only their key ids are.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from epreuve_tools.errors import UsageError
from epreuve_tools.release.ed25519 import is_strong_public_key

if TYPE_CHECKING:
    from securesystemslib.signer import CryptoSigner

DEV_ROLES: Final = ("root", "targets", "online")
MAX_KEY_BYTES: Final = 16 * 1024


def _refuse(path: Path, why: str) -> UsageError:
    return UsageError(
        f"clé de développement refusée : {path} ({why})",
        hint="supprimez ce fichier : une nouvelle clé sera créée (et la publication de build/release/ refaite)",
    )


def _read_private(path: Path) -> bytes:
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise _refuse(path, "lien ou fichier illisible") from error
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(path, "pas un fichier ordinaire")
        if info.st_mode & 0o077:
            raise _refuse(path, f"droits {stat.filemode(info.st_mode)} : lisible par d'autres")
        if info.st_uid != os.getuid():
            raise _refuse(path, "appartient à un autre utilisateur")
        return os.read(descriptor, MAX_KEY_BYTES)
    finally:
        os.close(descriptor)


def _load(path: Path, passphrase: bytes | None = None) -> CryptoSigner:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key
    from securesystemslib.signer import CryptoSigner

    try:
        private = load_pem_private_key(_read_private(path), password=passphrase)
    except (ValueError, TypeError) as error:
        raise _refuse(path, "PEM PKCS#8 illisible") from error
    if not isinstance(private, Ed25519PrivateKey):
        raise _refuse(path, "ce n'est pas une clé Ed25519")
    # An Ed25519 PKCS#8 file holds the seed only: its public key is derived from it, so it cannot be
    # one of the small-order points that would verify forged signatures (SIGNING.md §7).
    return CryptoSigner(private)


def _create(path: Path) -> CryptoSigner:
    from securesystemslib.signer import CryptoSigner

    signer = CryptoSigner.generate_ed25519()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags, 0o600)
    try:
        os.write(descriptor, signer.private_bytes)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return signer


def dev_signers(folder: Path) -> dict[str, CryptoSigner]:
    """The development signers by role (`root`, `targets`, `online`), created on first use."""
    if folder.is_symlink():
        raise _refuse(folder, "le dossier des clés est un lien")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    if info.st_mode & 0o077 or info.st_uid != os.getuid():
        raise _refuse(folder, "dossier des clés accessible à d'autres")
    signers: dict[str, CryptoSigner] = {}
    for role in DEV_ROLES:
        path = folder / f"{role}.pem"
        signers[role] = _load(path) if os.path.lexists(path) else _create(path)
    return signers


PASSPHRASE_VARIABLE: Final = "EPREUVE_KEY_PASSPHRASE"
MIN_PASSPHRASE: Final = 12  # characters: an offline key file is open to unlimited guessing


class KeyProblem(UsageError):
    """A production key cannot be used; the message names the file or variable, never the key."""


def read_passphrase(*, confirm: bool, purpose: str) -> bytes:
    """The passphrase from EPREUVE_KEY_PASSPHRASE, else typed at a prompt without echo."""
    import getpass
    import sys

    value = os.environ.get(PASSPHRASE_VARIABLE)
    if value is None:
        if not sys.stdin.isatty():
            raise KeyProblem(
                f"phrase de passe requise ({purpose}) : pas de terminal pour la demander",
                hint=f"définissez {PASSPHRASE_VARIABLE} (secret de CI), jamais en argument de commande",
            )
        value = getpass.getpass(f"Phrase de passe ({purpose}) : ")
        if confirm and getpass.getpass("Confirmez la phrase de passe : ") != value:
            raise KeyProblem("les deux phrases de passe diffèrent")
    if confirm and len(value) < MIN_PASSPHRASE:
        raise KeyProblem(
            f"phrase de passe trop courte : au moins {MIN_PASSPHRASE} caractères",
            hint="une phrase de plusieurs mots se retient mieux qu'un mot compliqué",
        )
    return value.encode("utf-8")


def _create_exclusive(path: Path, data: bytes, mode: int) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags, mode)
    except FileExistsError:
        raise KeyProblem(
            f"{path} existe déjà : une clé n'est jamais écrasée",
            hint="choisissez un autre nom, ou supprimez l'ancienne clé si elle n'est plus dans aucune racine",
        ) from None
    try:
        os.write(descriptor, data)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def generate_key(private_path: Path, passphrase: bytes) -> str:
    """Write a new Ed25519 key (`NAME.pem` encrypted, 0600; `NAME.pub` beside it) and return its key id."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        BestAvailableEncryption,
        Encoding,
        PrivateFormat,
        PublicFormat,
    )
    from securesystemslib.signer import CryptoSigner

    public_path = private_path.with_suffix(".pub")
    if os.path.lexists(public_path):
        raise KeyProblem(f"{public_path} existe déjà : une clé n'est jamais écrasée")
    private = Ed25519PrivateKey.generate()
    signer = CryptoSigner(private)
    encrypted = private.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(passphrase))
    public = private.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    _create_exclusive(private_path, encrypted, 0o600)
    _create_exclusive(public_path, public, 0o644)
    return str(signer.public_key.keyid)


def load_public_key(path: Path) -> Any:
    """The SSlibKey of a `.pub` file (or of the public half of a `.pem` someone passed by mistake: refused)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key
    from securesystemslib.signer import SSlibKey

    try:
        data = path.read_bytes()[:MAX_KEY_BYTES]
    except OSError as error:
        raise KeyProblem(f"clé publique illisible : {path} ({error.strerror})") from None
    if b"PRIVATE KEY" in data:
        raise KeyProblem(
            f"{path} est une clé privée : donnez la clé publique (.pub)",
            hint="une clé privée ne se partage jamais, même avec les autres signataires",
        )
    try:
        public = load_pem_public_key(data)
    except ValueError:
        raise KeyProblem(f"{path} n'est pas une clé publique PEM lisible") from None
    if not isinstance(public, Ed25519PublicKey):
        raise KeyProblem(f"{path} n'est pas une clé Ed25519", hint="créez-la avec epreuve keys generate")
    if not is_strong_public_key(public.public_bytes(Encoding.Raw, PublicFormat.Raw)):
        raise KeyProblem(
            f"{path} est une clé Ed25519 d'ordre faible : elle validerait des signatures forgées",
            hint="refusée ; créez une vraie clé avec epreuve keys generate",
        )
    return SSlibKey.from_crypto(public)


def _load_pem(data: bytes, where: str, purpose: str) -> CryptoSigner:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key
    from securesystemslib.signer import CryptoSigner

    encrypted = b"ENCRYPTED PRIVATE KEY" in data
    passphrase = read_passphrase(confirm=False, purpose=purpose) if encrypted else None
    try:
        private = load_pem_private_key(data, password=passphrase)
    except (ValueError, TypeError):
        # one message for a wrong passphrase and a damaged file: the library cannot tell them apart
        raise KeyProblem(
            f"clé privée illisible : {where} (phrase de passe incorrecte, ou PEM PKCS#8 abîmé)"
        ) from None
    if not isinstance(private, Ed25519PrivateKey):
        raise KeyProblem(f"{where} n'est pas une clé Ed25519", hint="créez-la avec epreuve keys generate")
    return CryptoSigner(private)


def load_signer(path: Path, *, purpose: str) -> CryptoSigner:
    """A private key from a file that only its owner can read."""
    try:
        data = _read_private(path)
    except UsageError as error:
        raise KeyProblem(error.message.replace("clé de développement", "clé"), hint=None) from None
    return _load_pem(data, str(path), purpose)


def signer_from(file: str | None, variable: str, *, purpose: str) -> CryptoSigner:
    """The signer for a role: `--…-key FILE`, else the environment variable holding the PEM (CI)."""
    if file is not None:
        return load_signer(Path(file), purpose=purpose)
    value = os.environ.get(variable)
    if not value:
        raise KeyProblem(
            f"clé {purpose} absente : ni option de fichier, ni variable {variable}",
            hint=f"sur la CI, mettez le PEM de la clé dans le secret {variable}",
        )
    return _load_pem(value.encode("utf-8"), f"la variable {variable}", purpose)
