"""Signing keys. For now only the throwaway development keys of `epreuve release --dev`.

UNSAFE FOR PRODUCTION, by design: `build/dev-keys/{root,targets,online}.pem` are unencrypted Ed25519
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
from typing import TYPE_CHECKING, Final

from epreuve_tools.errors import UsageError

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


def _load(path: Path) -> CryptoSigner:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key
    from securesystemslib.signer import CryptoSigner

    try:
        private = load_pem_private_key(_read_private(path), password=None)
    except ValueError as error:
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
