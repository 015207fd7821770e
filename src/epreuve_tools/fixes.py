"""Safe fixes (`epreuve check --fix`, `--diff`): only changes that cannot alter what an épreuve means.

Each fix is registered beside its rule's code (`registry.safe_fix`) and edits the front matter as a
ruamel.yaml round-trip mapping, so comments, key order and quoting stay as written:

- A11Y-META-001: a missing `accessibility` block, or a block without `non_voyant`, gets
  `non_voyant: A tester`. The certification engine serves neither a missing value nor « A tester »
  to a candidate who needs an adjustment, so nothing changes for Pix; the flag is now visible and
  listed (A11Y-META-006). `daltonien` and `sourds_malentendants` are never written: their values
  (RAS, OK, KO) are claims only a person who tried the épreuve can make, and the schema has no
  « A tester » for them. `decorative: true`, an alt text, a waiver are never guessed either.
- SCHEMA-004: a flag written in another case or without its accent (`a tester`, `À tester`, `ras`,
  `acquis non pertinent`) takes the spelling the schema and Pix know, when exactly one value matches.

A file is rewritten only when the round trip gives back its front matter byte for byte before any
fix (otherwise the diff would show changes nobody asked for: `epreuve fmt` first), and when the
result reads back, with the checker's own loader, as exactly the fixed data. The body is never
touched. Files are replaced atomically, keeping their mode.
"""

from __future__ import annotations

import copy
import difflib
import functools
import io
import os
import stat
import unicodedata
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from epreuve_tools.diagnostics import Finding
from epreuve_tools.discovery import read_regular_file
from epreuve_tools.registry import FIXES, safe_fix

_TO_TEST = "A tester"
_FLAGS = ("non_voyant", "daltonien", "sourds_malentendants")
# layouts ruamel.yaml can reproduce: (mapping indent, sequence indent, dash offset)
_LAYOUTS = ((2, 4, 2), (2, 2, 0))


def _ruamel_errors() -> tuple[type[BaseException], ...]:
    from ruamel.yaml.error import YAMLError

    return (YAMLError, ValueError, TypeError, AttributeError, RecursionError)


# -- the fixes -----------------------------------------------------------------------------------------


@safe_fix("A11Y-META-001")
def declare_blind_flag_to_test(front: MutableMapping[str, Any]) -> list[str]:
    """`non_voyant: A tester` where the flag is missing (with its block when there is none)."""
    block = front.get("accessibility")
    if block is None:  # absent, or `accessibility:` with nothing after it
        added = type(front)()  # a ruamel mapping in a ruamel document: written in block style
        added["non_voyant"] = _TO_TEST
        front["accessibility"] = added
        return [
            "bloc `accessibility` ajouté avec `non_voyant: A tester` ; déclarez `daltonien` "
            "(RAS, OK ou KO) après avoir vérifié l'épreuve : il n'admet pas « A tester »"
        ]
    if isinstance(block, MutableMapping) and "non_voyant" not in block:
        _insert_first(block, "non_voyant", _TO_TEST)
        return ["`non_voyant: A tester` ajouté au bloc `accessibility`"]
    return []


@safe_fix("SCHEMA-004")
def spell_flags_as_pix_does(front: MutableMapping[str, Any]) -> list[str]:
    """A flag value in another case, or without its accent, written as the schema spells it."""
    block = front.get("accessibility")
    if not isinstance(block, MutableMapping):
        return []
    changes = []
    for name in _FLAGS:
        value = block.get(name)
        if not isinstance(value, str):
            continue
        allowed = _flag_values(name)
        if value in allowed:
            continue
        matches = [choice for choice in allowed if _loose(choice) == _loose(value)]
        if len(matches) == 1:
            block[name] = _same_style(value, matches[0])
            changes.append(f"`{name}` : « {value} » écrit « {matches[0]} »")
    return changes


def _insert_first(mapping: MutableMapping[str, Any], key: str, value: Any) -> None:
    """`key` first in `mapping`, where the house order puts the first flag."""
    insert = getattr(mapping, "insert", None)  # a ruamel mapping keeps its comments in place
    if insert is not None:
        insert(0, key, value)
        return
    rest = dict(mapping)
    mapping.clear()
    mapping[key] = value
    mapping.update(rest)


def _flag_values(name: str) -> tuple[str, ...]:
    from epreuve_tools.schema.validate import schema

    flag = schema("epreuve")["properties"]["accessibility"]["properties"][name]
    return tuple(flag["enum"])


def _loose(text: str) -> str:
    """Case, accents, and the spaces, hyphens or underscores between words left out."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.replace("_", " ").replace("-", " ").split())


def _same_style(written: str, value: str) -> str:
    """`value` quoted as `written` was (ruamel keeps a scalar's quotes in its type)."""
    from ruamel.yaml.scalarstring import ScalarString

    return type(written)(value) if isinstance(written, ScalarString) else value


# -- one file -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fixed:
    """What the fixes make of one file's text: the new text and what changed, or why it was left."""

    text: str
    changes: tuple[str, ...] = ()
    left_as_is: str | None = None  # why a file that needed fixes was not rewritten

    @property
    def changed(self) -> bool:
        return bool(self.changes)


_LAYOUT_REFUSAL = (
    "ruamel.yaml ne reproduit pas la mise en page de l'en-tête à l'identique : "
    "lancez `epreuve fmt` sur ce fichier, puis relancez --fix"
)


def fix_text(text: str, wanted: Callable[[str], bool]) -> Fixed:
    """`text` (a whole épreuve file) with the fixes of the codes `wanted` accepts applied."""
    codes = [code for code in sorted(FIXES) if wanted(code)]
    if not codes:
        return Fixed(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    if newline == "\r\n" and text.count("\n") != text.count("\r\n"):
        return Fixed(text)  # mixed line ends: a rewrite would change lines nobody asked about
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = text[len(bom) :].replace("\r\n", "\n").split("\n")
    closing = _closing_fence(lines)
    if closing is None:
        return Fixed(text)  # no front matter: the check reports it, there is nothing safe to do
    front_matter = "".join(line + "\n" for line in lines[1:closing])
    fixed = _fix_front_matter(front_matter, codes)
    if not fixed.changed or fixed.left_as_is is not None:
        return Fixed(text, fixed.changes, fixed.left_as_is)
    rebuilt = "\n".join([lines[0], fixed.text.removesuffix("\n"), *lines[closing:]])
    return Fixed(bom + rebuilt.replace("\n", newline), fixed.changes)


def _closing_fence(lines: list[str]) -> int | None:
    if not lines or lines[0].rstrip(" \t") != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip(" \t") in ("---", "..."):
            return index
    return None


def _fix_front_matter(text: str, codes: list[str]) -> Fixed:
    """The front matter with the fixes applied: first a dry run on the data the checker reads (most
    files need nothing and stop there), then the round trip, which must give the text back exactly."""
    from epreuve_tools.parsing.yaml12 import load

    loaded = load(text) if text.strip() else None
    if isinstance(loaded, Finding):
        return Fixed(text)  # unreadable YAML is the check's to report, not ours to rewrite
    data = loaded.data if loaded is not None else {}
    if not isinstance(data, dict) or not _apply(codes, copy.deepcopy(data)):
        return Fixed(text)
    handler = _reproducing_handler(text)
    if handler is None:
        return Fixed(text, _apply(codes, copy.deepcopy(data)), _LAYOUT_REFUSAL)
    try:
        document = handler.load(text) if text.strip() else _empty_mapping()
        if document != data:
            return Fixed(text)  # ruamel and the checker read it differently: not ours to decide
        changes = _apply(codes, document)
        result = _dump(handler, document)
    except _ruamel_errors():
        return Fixed(text)
    reread = load(result)
    if isinstance(reread, Finding) or reread.data != document:
        return Fixed(text, changes, "le résultat ne se relirait pas à l'identique : rien n'est écrit")
    return Fixed(result, changes)


def _apply(codes: list[str], front: MutableMapping[str, Any]) -> tuple[str, ...]:
    return tuple(f"{code} : {change}" for code in codes for change in FIXES[code](front))


def _empty_mapping() -> Any:
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap()


def _reproducing_handler(text: str) -> Any:
    """A round-trip YAML handler whose layout gives `text` back byte for byte, None if none does."""
    for layout in _LAYOUTS:
        handler = _handler(layout)
        if not text.strip():
            return handler
        try:
            if _dump(handler, handler.load(text)) == text:
                return handler
        except _ruamel_errors():
            return None
    return None


def _handler(layout: tuple[int, int, int]) -> Any:
    from ruamel.yaml import YAML

    handler = YAML(typ="rt")
    mapping, sequence, offset = layout
    handler.indent(mapping=mapping, sequence=sequence, offset=offset)
    handler.width = 1_000_000  # never wrap: an author's lines are the author's
    handler.preserve_quotes = True
    handler.allow_duplicate_keys = False
    return handler


def _dump(handler: Any, document: Any) -> str:
    stream = io.StringIO()
    handler.dump(document, stream)
    return stream.getvalue()


# -- files ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileFix:
    path: str  # as shown to the user
    absolute: Path
    before: str
    fixed: Fixed

    def diff(self) -> str:
        """The unified diff of the change, `a/` and `b/` as git writes them."""
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.fixed.text.splitlines(keepends=True),
                f"a/{self.path}",
                f"b/{self.path}",
            )
        )


def fix_files(
    files: Iterable[tuple[str, Path]], wanted: Callable[[str, str], bool], *, write: bool
) -> list[FileFix]:
    """Fix each (shown path, absolute path) épreuve whose codes `wanted(code, shown)` accepts;
    rewrite those that change when `write`. Returns the files with changes or left as they were."""
    done = []
    for shown, absolute in files:
        data = read_regular_file(str(absolute))  # never a wait on a FIFO, never a huge read
        try:
            text = data.decode("utf-8") if isinstance(data, bytes) else None
        except UnicodeDecodeError:
            text = None
        if text is None:
            continue  # the check reports an unreadable file
        fixed = fix_text(text, functools.partial(_wanted_in, wanted, shown))
        if not fixed.changed:
            continue
        if write and fixed.left_as_is is None:
            _replace(absolute, fixed.text.encode("utf-8"))
        done.append(FileFix(shown, absolute, text, fixed))
    return done


def _wanted_in(wanted: Callable[[str, str], bool], shown: str, code: str) -> bool:
    return wanted(code, shown)


def _replace(path: Path, data: bytes) -> None:
    from epreuve_tools.release.atomic import write_atomic

    write_atomic(path, data, mode=stat.S_IMODE(os.stat(path).st_mode))
