"""The operating system's errors in French: `strerror` speaks the C library's language (English).

Every message that shows an OSError to the user goes through `describe`, so that an author reads
« fichier ou dossier introuvable » rather than "No such file or directory".
"""

from __future__ import annotations

import errno

_MESSAGES = {
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.EISDIR: "c'est un dossier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EEXIST: "le fichier existe déjà",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.ELOOP: "trop de liens symboliques (boucle ?)",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.ENFILE: "trop de fichiers ouverts sur le système",
    errno.EIO: "erreur d'entrée-sortie",
    errno.EBUSY: "ressource occupée",
    errno.EINVAL: "argument invalide",
    errno.ETXTBSY: "fichier occupé",
    errno.EXDEV: "lien impossible entre deux systèmes de fichiers",
    errno.ENOTEMPTY: "dossier non vide",
    errno.ENOMEM: "mémoire insuffisante",
    errno.EFBIG: "fichier trop grand",
    errno.EPIPE: "tube fermé",
}
if hasattr(errno, "EDQUOT"):  # not on every platform
    _MESSAGES[errno.EDQUOT] = "quota de disque dépassé"


def describe(error: OSError) -> str:
    """What went wrong, in French; the system's own words (and number) when there is no translation."""
    known = _MESSAGES.get(error.errno) if error.errno is not None else None
    if known is not None:
        return known
    if error.strerror:
        return f"erreur du système : {error.strerror} (errno {error.errno})"
    return f"erreur du système : {error}"
