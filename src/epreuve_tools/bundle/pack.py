"""Deterministic packing: one bundle per parcours, from `validé` épreuves only (SIGNING.md §2, §6).

Inputs come from the parsed model, never from file-system order or metadata: the parcours' items in the
order written (each selector's matches sorted by id, an épreuve listed twice kept once), text with LF
line ends, assets named by the SHA-256 of their bytes. No clock, umask, locale or hash seed reaches the
bytes: the same content gives the same bundle anywhere.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import posixpath
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from epreuve_tools.bundle.archive import LIMITS, read_archive, write_archive
from epreuve_tools.bundle.records import CONTENT_SCHEMA, build_record
from epreuve_tools.bundle.records import canonical as records_canonical
from epreuve_tools.errors import UsageError
from epreuve_tools.model import Epreuve, Parcours, build_parcours

VALIDATED: Final = "validé"
_EXTENSION: Final = re.compile(r"[a-z0-9]{1,10}")


class ChangedSinceCheck(Exception):
    """A file whose bytes are no longer those `check` analysed (edited, replaced or deleted since):
    the release stops before anything is published, rather than publish what nobody checked."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(f"{path} : {what} pendant la publication : relancez epreuve release")
        self.path = path
        self.what = what


@dataclass(slots=True)
class Content:
    """A content tree as packing needs it: épreuves by id (with their path from the root), parcours."""

    root: Path
    epreuves: dict[str, tuple[str, Epreuve]] = field(default_factory=dict)
    parcours: list[tuple[Parcours, dict[str, Any]]] = field(default_factory=list)
    # the SHA-256 of the bytes `check` analysed, by absolute path (`Report.checked`): when given, only
    # those files are packed, and only with those bytes; None packs the tree as it is (tests, bench)
    checked: Mapping[str, str] | None = None
    # What packing reads more than once, built on first use: the validated épreuve ids by competence
    # and by competence and tube (sorted; rebuilt when `epreuves` changes size), and each asset's bytes
    # by its path in the tree.
    _validated: tuple[int, dict[str, list[str]], dict[tuple[str, str], list[str]]] | None = field(
        default=None, repr=False
    )
    assets_read: dict[str, bytes] = field(default_factory=dict, repr=False)
    asset_names: dict[str, str] = field(default_factory=dict, repr=False)  # path in the tree -> entry

    def validated_of(self, competence: str, tube: str | None = None) -> list[str]:
        """The ids of the `validé` épreuves of a competence (and of one of its tubes), sorted."""
        if self._validated is None or self._validated[0] != len(self.epreuves):
            by_competence: dict[str, list[str]] = {}
            by_tube: dict[tuple[str, str], list[str]] = {}
            for epreuve_id in sorted(self.epreuves):
                epreuve = self.epreuves[epreuve_id][1]
                if epreuve.status == VALIDATED and epreuve.competence is not None:
                    by_competence.setdefault(epreuve.competence, []).append(epreuve_id)
                    if epreuve.tube is not None:
                        by_tube.setdefault((epreuve.competence, epreuve.tube), []).append(epreuve_id)
            self._validated = (len(self.epreuves), by_competence, by_tube)
        if tube is None:
            return self._validated[1].get(competence, [])
        return self._validated[2].get((competence, tube), [])


@dataclass(frozen=True, slots=True)
class PackedBundle:
    parcours: str
    version: int
    title: str
    epreuves: tuple[str, ...]
    data: bytes
    # each record as packed, by épreuve id: the release notes compare them without reading the zip again
    records: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)
    # its entries by name (`with_version` changes only bundle.json); empty when not packed here
    entries: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)
    # the SHA-256 of `data` when known (a release asks for it three times per bundle)
    digest: str = field(default="", compare=False, repr=False)

    @property
    def sha256(self) -> str:
        return self.digest or hashlib.sha256(self.data).hexdigest()


def load_content(root: Path, checked: Mapping[str, str] | None = None) -> Content:
    """Parse every épreuve and parcours of a content tree that `check` found without error.

    With `checked` (`Report.checked` of that check), a file the check did not see (excluded by the
    configuration, or created since) is left out, and one whose bytes changed or that disappeared
    since raises ChangedSinceCheck: the release packs exactly the bytes that were checked."""
    # The models pile up as they are parsed: each full pass of the cyclic collector would walk all of
    # them again (half the time of loading 10,000 épreuves). Parsing leaves few cycles (~6 objects an
    # épreuve), and the models live as long as the release: they are frozen out of the collector's
    # reach afterwards, as `check` freezes what it keeps.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_content(root, checked)
    finally:
        if collecting:
            gc.freeze()
            gc.enable()


def _load_content(root: Path, checked: Mapping[str, str] | None) -> Content:
    from epreuve_tools.analysis import analyse_yaml, parse_epreuve

    content = Content(root, checked=checked)
    epreuves = (
        sorted(root.glob("epreuves/**/*.md")) if (root / "epreuves").is_dir() else sorted(root.rglob("*.md"))
    )
    read: set[str] = set()
    for path in epreuves:
        data = _read_checked(content, path, read)
        if data is None:
            continue
        _, epreuve = parse_epreuve(data)
        if epreuve is not None and epreuve.id is not None:
            content.epreuves[epreuve.id] = (path.relative_to(root).as_posix(), epreuve)
    for path in sorted((root / "parcours").glob("*.yaml")):
        data = _read_checked(content, path, read)
        if data is None:
            continue
        loaded = analyse_yaml(data, "parcours")
        if loaded.source_map is not None and isinstance(loaded.data, dict):
            shown = path.relative_to(root).as_posix()
            content.parcours.append((build_parcours(shown, loaded.data, loaded.source_map), loaded.data))
    content.parcours.sort(key=lambda item: item[0].id or "")
    if checked is not None:
        _refuse_deleted(root, checked, read)
    return content


def _read_checked(content: Content, path: Path, read: set[str]) -> bytes | None:
    """A file's bytes; with `content.checked`, None for a file the check did not see, and
    ChangedSinceCheck for one whose bytes are not those it analysed."""
    from epreuve_tools.discovery import read_regular_file

    data = read_regular_file(str(path))
    if content.checked is None:
        if not isinstance(data, bytes):
            raise UsageError(f"{path} : illisible")
        return data
    absolute = os.path.abspath(path)
    expected = content.checked.get(absolute)
    if expected is None:
        return None
    read.add(absolute)
    if not isinstance(data, bytes) or hashlib.sha256(data).hexdigest() != expected:
        raise ChangedSinceCheck(path, "modifié")
    return data


def _refuse_deleted(root: Path, checked: Mapping[str, str], read: set[str]) -> None:
    """A checked épreuve or parcours that the release did not find: it was deleted or moved since."""
    prefix = os.path.join(os.path.abspath(root), "")
    for path in sorted(checked.keys() - read):
        if path.startswith(prefix) and path.endswith((".md", ".yaml")) and not os.path.lexists(path):
            raise ChangedSinceCheck(Path(path), "supprimé")


def resolve_epreuves(content: Content, parcours: Parcours) -> tuple[str, ...]:
    """The ids of the `validé` épreuves of a parcours, in its order (see rules/parcours_refs.py)."""
    chosen: dict[str, None] = {}
    for item in parcours.items:
        if item.epreuve_id is not None:
            found = content.epreuves.get(item.epreuve_id)
            if found is not None and found[1].status == VALIDATED:
                chosen.setdefault(item.epreuve_id)
        elif item.competence is not None:
            # a tube's épreuves from their own index: a parcours by tube no longer walks every
            # épreuve of the competence (33 parcours of the 10,000-épreuve corpus: 3.0 -> 0.3 ms)
            matches = content.validated_of(item.competence, item.tube)
            if not item.levels:
                chosen.update(dict.fromkeys(matches))  # a key already chosen keeps its place
                continue
            for epreuve_id in matches:
                if content.epreuves[epreuve_id][1].level in item.levels:
                    chosen.setdefault(epreuve_id)
    return tuple(chosen)


def _read_asset(content: Content, epreuve_path: str, src: str) -> tuple[str, bytes]:
    """An asset's path inside the tree and its bytes: a regular file, inside the tree, within bounds."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(epreuve_path), src.replace("\\", "/")))
    if "://" in src or target.startswith(("/", "../")) or target == "..":
        raise UsageError(f"{epreuve_path} : le fichier {src!r} sort de l'arbre de contenu")
    if target in content.assets_read:  # checked and read for another épreuve
        return target, content.assets_read[target]
    path = content.root / target
    real_root = os.path.realpath(content.root)
    if not os.path.realpath(path).startswith(real_root + os.sep):
        raise UsageError(f"{epreuve_path} : le fichier {src!r} sort de l'arbre de contenu")
    expected = content.checked.get(os.path.abspath(path)) if content.checked is not None else None
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        if expected is not None:
            raise ChangedSinceCheck(path, "supprimé") from None
        raise UsageError(f"{epreuve_path} : le fichier {src!r} est illisible") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > LIMITS.max_entry_bytes:
            raise UsageError(f"{epreuve_path} : {src!r} n'est pas un fichier ordinaire de taille admise")
        with os.fdopen(os.dup(descriptor), "rb") as stream:
            data = stream.read(LIMITS.max_entry_bytes + 1)
    finally:
        os.close(descriptor)
    if expected is not None and hashlib.sha256(data).hexdigest() != expected:
        raise ChangedSinceCheck(path, "modifié")
    content.assets_read[target] = data
    return target, data


_SAFE_INTEGER: Final = 2**53 - 1


def _plain(document: Any) -> bool:
    """Whether the standard library writes `document` as RFC 8785 does: objects with ASCII keys (JCS
    sorts keys by UTF-16 code units, the same order as Python's for ASCII), strings, booleans, None,
    and integers a double holds exactly (JCS writes numbers as ECMAScript does). Strings are escaped
    alike: quote and backslash, the short forms of b, f, n, r and t, other control characters as six
    characters with lowercase hex digits, everything else as is."""
    stack = [document]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str or kind is bool or item is None:
            continue
        if kind is int:
            if not -_SAFE_INTEGER <= item <= _SAFE_INTEGER:
                return False
        elif kind is list:
            stack.extend(item)
        elif kind is dict:
            try:  # one join for all the keys: a key that is not a string raises
                if not "".join(item).isascii():
                    return False
            except TypeError:
                return False
            stack.extend(item.values())
        else:  # a float, a tuple, a subclass: rfc8785 decides
            return False
    return True


def _not_plain(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} : pas une valeur JSON simple")  # `_plain` lets none through


def _c_encoder() -> Callable[[Any, int], list[str]] | None:
    """The standard library's C encoder, made once: `JSONEncoder.encode` makes a new one for each
    document (~0.7 µs of a record's ~7). No check for cycles: `_plain` has walked the document."""
    make = getattr(json.encoder, "c_make_encoder", None)
    escape = getattr(json.encoder, "c_encode_basestring", None)
    if make is None or escape is None:  # a Python built without its _json module
        return None
    encode: Callable[[Any, int], list[str]] = make(
        None, _not_plain, escape, None, ":", ",", True, False, True
    )
    return encode


_ENCODE: Final = _c_encoder()
_ENCODER: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def canonical(document: Any) -> bytes:
    """RFC 8785 bytes of a JSON document, as `records.canonical` gives them, an order of magnitude
    faster for the documents a bundle holds (the rfc8785 package serialises in pure Python)."""
    if _plain(document):
        text = "".join(_ENCODE(document, 0)) if _ENCODE is not None else _ENCODER.encode(document)
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: rfc8785 refuses it with its own error
            pass
    return records_canonical(document)


def _asset_name(src: str, data: bytes) -> str:
    extension = posixpath.splitext(src)[1][1:].lower()
    if not _EXTENSION.fullmatch(extension):
        extension = "bin"
    return f"assets/{hashlib.sha256(data).hexdigest()}.{extension}"


def pack_parcours(content: Content, parcours: Parcours, raw: dict[str, Any], version: int) -> PackedBundle:
    """The bundle of one parcours at `version`, byte for byte reproducible."""
    if parcours.id is None:
        raise UsageError(f"{parcours.path} : parcours sans id")
    ids = resolve_epreuves(content, parcours)
    entries: dict[str, bytes] = {}
    records: dict[str, dict[str, Any]] = {}
    for epreuve_id in ids:
        path, epreuve = content.epreuves[epreuve_id]
        assets: dict[str, str] = {}
        for reference in epreuve.references:
            target, data = _read_asset(content, path, reference.src)
            # the same file (the same target) has the same bytes and extension: hashed once
            name = content.asset_names.get(target) or _asset_name(reference.src, data)
            content.asset_names[target] = name
            entries[name] = data
            assets[reference.src] = name
        records[epreuve_id] = build_record(epreuve, assets)
        entries[f"epreuves/{epreuve_id}.json"] = canonical(records[epreuve_id])
    title = str(raw.get("title", ""))
    entries["parcours.json"] = canonical(
        {
            "id": parcours.id,
            "title": title,
            "description": str(raw.get("description", "")).replace("\r\n", "\n"),
            "audience": str(raw.get("audience", "")),
            "locale": str(raw.get("locale", "fr-fr")),
            "epreuves": list(ids),
        }
    )
    return _assemble(parcours.id, version, title=title, ids=ids, entries=entries, records=records)


def with_version(bundle: PackedBundle, version: int) -> PackedBundle:
    """The same bundle at another version: only `bundle.json` changes, the records are not built again."""
    entries = dict(bundle.entries) if bundle.entries else read_archive(bundle.data)
    entries.pop("bundle.json", None)
    return _assemble(
        bundle.parcours,
        version,
        title=bundle.title,
        ids=bundle.epreuves,
        entries=entries,
        records=bundle.records,
    )


def _assemble(
    parcours_id: str,
    version: int,
    *,
    title: str,
    ids: tuple[str, ...],
    entries: dict[str, bytes],
    records: dict[str, dict[str, Any]],
) -> PackedBundle:
    """`bundle.json` (every other entry with its length and hash) and the archive of all the entries."""
    files = {
        name: {"length": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in sorted(entries.items())
    }
    entries["bundle.json"] = canonical(
        {
            "content_schema": CONTENT_SCHEMA,
            "parcours": parcours_id,
            "version": version,
            "title": title,
            "epreuves": list(ids),
            "files": files,
        }
    )
    data = write_archive(entries)
    digest = hashlib.sha256(data).hexdigest()
    return PackedBundle(parcours_id, version, title, ids, data, records, entries, digest)
