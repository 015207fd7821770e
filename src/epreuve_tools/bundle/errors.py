"""Why a bundle or a release is refused: one stable code per reason, with a French message.

The codes are part of the interface a runtime scripts against (`epreuve bundle verify --format json`):
never renumbered, never reused. 001-009: the TUF metadata and the download, checked by python-tuf's
ngclient; 010-029: our own rules on the archive and its content, which hold even for a validly signed
bundle (a stolen key must not give a runtime a path traversal or a mixed-up parcours).
"""

from __future__ import annotations

from typing import Final

from epreuve_tools.errors import EpreuveError

REPOSITORY_UNREADABLE: Final = "BUNDLE-001"
BAD_SIGNATURE: Final = "BUNDLE-002"
EXPIRED: Final = "BUNDLE-003"
ROLLBACK: Final = "BUNDLE-004"
TARGET_MISMATCH: Final = "BUNDLE-005"
UNKNOWN_PARCOURS: Final = "BUNDLE-006"
METADATA_REFUSED: Final = "BUNDLE-007"
ARCHIVE_MALFORMED: Final = "BUNDLE-010"
FORBIDDEN_NAME: Final = "BUNDLE-011"
NOT_REGULAR_FILE: Final = "BUNDLE-012"
DUPLICATE_NAME: Final = "BUNDLE-013"
COMPRESSED_ENTRY: Final = "BUNDLE-014"
TOO_LARGE: Final = "BUNDLE-015"
HEADER_MISMATCH: Final = "BUNDLE-016"
MANIFEST_MISMATCH: Final = "BUNDLE-017"
INVALID_RECORD: Final = "BUNDLE-018"
WRONG_PARCOURS: Final = "BUNDLE-019"
LOWER_VERSION: Final = "BUNDLE-020"


class BundleError(EpreuveError):
    """A bundle or release refused: exit code 1, a stable `code` and a French message."""

    exit_code = 1

    def __init__(self, code: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.code = code

    def render(self) -> str:
        return f"{self.code} {super().render()}"
