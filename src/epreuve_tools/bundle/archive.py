"""The archive rules of a bundle (SIGNING.md §2), shared by packing and verification.

A bundle is a zip that a runtime unpacks, so it is hostile even when its signature verifies: a stolen
targets key must not buy a path traversal, a link, a zip bomb or a file that two readers see differently.
So the reader does not trust `zipfile` (lenient by design: it reads past a comment, tolerates gaps and
trusts the central directory). It parses the central directory itself, requires the one canonical layout
that the writer produces (local headers back to back from offset 0, each agreeing with its central
header, the central directory right after the last entry, the end record last, no comment, no extra
field) and reads each entry's bytes from where its local header says, never more than its size. Entry
names are checked against one whitelist regex: lowercase ASCII by construction, which removes the
Unicode-normalisation, case-folding, backslash, drive-letter, `..`, absolute-path and control-character
tricks in one rule rather than emulating each file system's folding.

The writer applies the same rules before writing (names, duplicates, folder prefixes, sizes) and writes
only that canonical layout: what `pack` produces is, by construction, what `verify` accepts. It does not
read its output back (that cost a release as much as writing it): the tests read back every sample bundle
and random entries (hypothesis) and compare every byte with zipfile's.
"""

from __future__ import annotations

import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from epreuve_tools.bundle.errors import (
    ARCHIVE_MALFORMED,
    COMPRESSED_ENTRY,
    DUPLICATE_NAME,
    FORBIDDEN_NAME,
    HEADER_MISMATCH,
    NOT_REGULAR_FILE,
    TOO_LARGE,
    BundleError,
)

# One to three segments, each starting with a lowercase letter or digit (so no `.`, `..` or hidden file).
NAME: Final = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}(/[a-z0-9][a-z0-9._-]{0,99}){0,2}")
MAX_NAME_BYTES: Final = 200


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds checked before any entry is read: a signed length does not make a bomb harmless."""

    max_entry_bytes: int = 16 * 1024 * 1024
    max_total_bytes: int = 256 * 1024 * 1024
    max_entries: int = 20_000

    @property
    def max_archive_bytes(self) -> int:
        # every entry's headers (30 + 46 bytes + its name twice) on top of its bytes, plus the end record
        return self.max_total_bytes + self.max_entries * (76 + 2 * MAX_NAME_BYTES) + 22


LIMITS: Final = Limits()

# The fixed fields every entry is written with (SIGNING.md §6): no time, owner or umask leaks in.
DATE_TIME: Final = (1980, 1, 1, 0, 0, 0)
UNIX: Final = 3
ZIP_VERSION: Final = 20
REGULAR_FILE_MODE: Final = stat.S_IFREG | 0o644
_MADE_BY: Final = UNIX << 8 | ZIP_VERSION  # "version made by": the system (Unix) and the zip version

_LOCAL: Final = struct.Struct("<IHHHHHIIIHH")  # 30 bytes
_CENTRAL: Final = struct.Struct("<IHHHHHHIIIHHHHHII")  # 46 bytes
_END: Final = struct.Struct("<IHHHHIIH")  # 22 bytes
_LOCAL_SIGNATURE: Final = 0x04034B50
_CENTRAL_SIGNATURE: Final = 0x02014B50
_END_SIGNATURE: Final = 0x06054B50


def check_name(name: str) -> None:
    """Refuse an entry name outside the whitelist (BUNDLE-011)."""
    if len(name.encode("utf-8")) > MAX_NAME_BYTES or not NAME.fullmatch(name):
        raise BundleError(
            FORBIDDEN_NAME,
            f"nom d'entrée interdit dans le paquet : {name!r}",
            hint="seuls des noms relatifs en minuscules ASCII (a-z, 0-9, ., _, -) sont admis, sans `..`",
        )


def _check_names(names: list[str]) -> None:
    """No name twice, and no name that is also the folder of another (BUNDLE-013)."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise BundleError(DUPLICATE_NAME, f"entrée en double dans le paquet : {name!r}")
        seen.add(name)
    for name in names:
        parts = name.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder in seen:
                raise BundleError(
                    DUPLICATE_NAME, f"{folder!r} est à la fois un fichier et un dossier du paquet"
                )


def _check_sizes(sizes: list[int], limits: Limits) -> None:
    if len(sizes) > limits.max_entries:
        raise BundleError(TOO_LARGE, f"paquet de {len(sizes)} entrées (au plus {limits.max_entries})")
    for size in sizes:
        if size > limits.max_entry_bytes:
            raise BundleError(TOO_LARGE, f"entrée de {size} octets (au plus {limits.max_entry_bytes})")
    if sum(sizes) > limits.max_total_bytes:
        raise BundleError(TOO_LARGE, f"paquet de {sum(sizes)} octets (au plus {limits.max_total_bytes})")


def _add_size(sizes: list[int], size: int, total: int, limits: Limits) -> int:
    """Count one more entry against the bounds, as the reader goes (a running total, not a sum of the
    list at each entry, which made reading 20,000 entries quadratic); returns the new total."""
    total += size
    if size > limits.max_entry_bytes or total > limits.max_total_bytes:
        _check_sizes([*sizes, size], limits)  # raises, naming the bound
    sizes.append(size)
    return total


def _malformed(message: str) -> BundleError:
    return BundleError(ARCHIVE_MALFORMED, f"archive mal formée : {message}")


def write_archive(entries: Mapping[str, bytes], limits: Limits = LIMITS) -> bytes:
    """The zip holding `entries`, byte for byte the same for the same entries (SIGNING.md §6).

    Entries are sorted by the UTF-8 bytes of their names and stored, not deflated: DEFLATE output
    differs between zlib builds (zlib-ng#2216), and a stored entry cannot be a decompression bomb.
    The headers are packed here, field by field, with the values `zipfile.writestr` writes for a
    `ZipInfo` with the fixed fields above (a test compares the bytes with zipfile's): the same
    archive in a third of the time, and a layout that does not depend on the installed zipfile.
    """
    names = sorted(entries, key=lambda name: name.encode("utf-8"))
    for name in names:
        check_name(name)
    _check_names(names)
    _check_sizes([len(entries[name]) for name in names], limits)
    dos_date = (DATE_TIME[0] - 1980) << 9 | DATE_TIME[1] << 5 | DATE_TIME[2]
    dos_time = DATE_TIME[3] << 11 | DATE_TIME[4] << 5 | DATE_TIME[5] // 2
    parts: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name in names:
        raw_name = name.encode("ascii")  # the whitelist admits ASCII only: no UTF-8 flag
        data = entries[name]
        crc, size = zlib.crc32(data), len(data)
        # zipfile writes the version needed as one byte and a reserved zero byte: 20 as a short
        parts += (
            _LOCAL.pack(
                _LOCAL_SIGNATURE, ZIP_VERSION, 0, zipfile.ZIP_STORED, dos_time, dos_date,
                crc, size, size, len(raw_name), 0,
            ),
            raw_name,
            data,
        )  # fmt: skip
        central += (
            _CENTRAL.pack(
                _CENTRAL_SIGNATURE, _MADE_BY, ZIP_VERSION, 0, zipfile.ZIP_STORED, dos_time, dos_date,
                crc, size, size, len(raw_name), 0, 0, 0, 0, REGULAR_FILE_MODE << 16, offset,
            ),
            raw_name,
        )  # fmt: skip
        offset += _LOCAL.size + len(raw_name) + size
    directory = b"".join(central)
    parts += (directory, _END.pack(_END_SIGNATURE, 0, 0, len(names), len(names), len(directory), offset, 0))
    return b"".join(parts)


def read_archive(data: bytes, limits: Limits = LIMITS) -> dict[str, bytes]:
    """The entries of a bundle, by name, in archive order; BundleError unless every rule holds."""
    if len(data) > limits.max_archive_bytes:
        raise BundleError(TOO_LARGE, f"archive de {len(data)} octets (au plus {limits.max_archive_bytes})")
    if len(data) < _END.size:
        raise _malformed("trop courte pour être un zip")
    signature, disk, cd_disk, on_disk, total, cd_size, cd_offset, comment = _END.unpack_from(
        data, len(data) - _END.size
    )
    if signature != _END_SIGNATURE:
        raise _malformed(
            "pas d'enregistrement de fin à la fin exacte (commentaire ou données après la fin ?)"
        )
    if comment or disk or cd_disk or on_disk != total:
        raise _malformed("commentaire d'archive ou archive en plusieurs volumes")
    if cd_offset + cd_size != len(data) - _END.size:
        raise _malformed("le répertoire central n'est pas juste avant l'enregistrement de fin")
    if total > limits.max_entries:
        raise BundleError(TOO_LARGE, f"paquet de {total} entrées (au plus {limits.max_entries})")
    entries: dict[str, bytes] = {}
    names: list[str] = []
    sizes: list[int] = []
    total_bytes = 0
    position = cd_offset
    next_local = 0  # local headers follow each other from offset 0, with no gap and no overlap
    for _ in range(total):
        if position + _CENTRAL.size > len(data) - _END.size:
            raise _malformed("répertoire central tronqué")
        (
            signature,
            made_by,
            needed,
            flags,
            method,
            _time,
            _date,
            crc,
            compressed,
            size,
            name_length,
            extra_length,
            comment_length,
            disk_start,
            _internal,
            external,
            local_offset,
        ) = _CENTRAL.unpack_from(data, position)
        if signature != _CENTRAL_SIGNATURE or disk_start:
            raise _malformed("en-tête central invalide")
        raw_name = data[position + _CENTRAL.size : position + _CENTRAL.size + name_length]
        position += _CENTRAL.size + name_length + extra_length + comment_length
        name = raw_name.decode("ascii", errors="replace")
        check_name(name)
        not_canonical = (
            flags
            or extra_length
            or comment_length
            or compressed != size
            or (made_by, needed)
            != (_MADE_BY, ZIP_VERSION)  # another reader may read a later version otherwise
        )
        _check_central(name, external, method, not_canonical)
        total_bytes = _add_size(sizes, size, total_bytes, limits)
        if local_offset != next_local:
            raise BundleError(HEADER_MISMATCH, f"l'entrée {name!r} chevauche une autre ou laisse un trou")
        entries[name] = _local_entry(
            data, local_offset, raw_name=raw_name, crc=crc, size=size, limit=cd_offset
        )
        names.append(name)
        next_local = local_offset + _LOCAL.size + name_length + size
    if position != cd_offset + cd_size:
        raise _malformed("la taille du répertoire central ne correspond pas à son contenu")
    if next_local != cd_offset:
        raise _malformed("des données se trouvent entre les entrées et le répertoire central")
    _check_names(names)
    return entries


def _check_central(name: str, external: int, method: int, not_canonical: int | bool) -> None:
    mode = external >> 16
    if not stat.S_ISREG(mode) or stat.S_IMODE(mode) & 0o7133:
        # a link, a folder or a device, or an executable or set-id file: never a bundle's content
        raise BundleError(NOT_REGULAR_FILE, f"l'entrée {name!r} n'est pas un fichier ordinaire")
    if method != zipfile.ZIP_STORED:
        raise BundleError(COMPRESSED_ENTRY, f"l'entrée {name!r} est compressée (seul le stockage est admis)")
    if not_canonical:
        raise BundleError(HEADER_MISMATCH, f"l'en-tête central de {name!r} n'est pas canonique")


def _local_entry(data: bytes, offset: int, *, raw_name: bytes, crc: int, size: int, limit: int) -> bytes:
    """The bytes of one entry, read through its local header, which must agree with the central one."""
    name = raw_name.decode("ascii")
    if offset + _LOCAL.size > limit:
        raise BundleError(HEADER_MISMATCH, f"en-tête local de {name!r} hors des entrées")
    (
        signature,
        needed,
        flags,
        method,
        _time,
        _date,
        local_crc,
        compressed,
        local_size,
        name_length,
        extra_length,
    ) = _LOCAL.unpack_from(data, offset)
    start = offset + _LOCAL.size + name_length
    if (
        signature != _LOCAL_SIGNATURE
        or needed != ZIP_VERSION
        or flags
        or method != zipfile.ZIP_STORED
        or (local_crc, compressed, local_size) != (crc, size, size)
        or extra_length
        or data[offset + _LOCAL.size : start] != raw_name
    ):
        raise BundleError(HEADER_MISMATCH, f"les en-têtes local et central de {name!r} diffèrent")
    if start + size > limit:
        raise BundleError(HEADER_MISMATCH, f"l'entrée {name!r} déborde sur le répertoire central")
    content = data[start : start + size]
    if zlib.crc32(content) != crc:
        raise BundleError(HEADER_MISMATCH, f"somme de contrôle CRC-32 fausse pour {name!r}")
    return content
