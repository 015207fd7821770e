"""One file's bytes → its formatted bytes: pure and total (a finding, never an exception).

What changes: the text is NFC, with `\\n` line ends (a CRLF file becomes LF: the loader reads both,
and git's `autocrlf` gives Windows authors their CRLF back), without byte-order mark, ending with one
line feed; an épreuve's fences are `---`; its front matter, a parcours or the référentiel get the
house layout (`yamlfmt`); French prose gets its typography (`typography`), in the body and in the
prose values (alt, title, legend, description…), never in `answer` nor `examples`.

A file the loader refuses gets the loader's own finding (PARSE-*, the codes `epreuve check`
reports), and is not formatted.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from epreuve_tools.analysis import _not_a_mapping
from epreuve_tools.diagnostics import Finding, Span
from epreuve_tools.fmt.body import format_body
from epreuve_tools.fmt.yamlfmt import Context, Unsafe, format_yaml
from epreuve_tools.parsing.markdown import too_complex
from epreuve_tools.parsing.source import decode, split_front_matter
from epreuve_tools.parsing.yaml12 import load


class Kind(enum.Enum):
    EPREUVE = "epreuve"
    PARCOURS = "parcours"
    REFERENTIEL = "referentiel"


@dataclass(frozen=True, slots=True)
class Formatted:
    """The formatted bytes (equal to the input when nothing changes), and what was left as it was."""

    data: bytes
    changed: bool
    # why a part was left as written (a front matter the round trip cannot keep the meaning of)
    notes: tuple[str, ...] = field(default=())


def _french(data: Any) -> bool:
    locale = data.get("locale") if isinstance(data, dict) else None
    return not isinstance(locale, str) or locale.strip().lower().startswith("fr")


def _layout(text: str, context: Context, notes: list[str]) -> str:
    try:
        return format_yaml(text, context)
    except Unsafe as reason:
        notes.append(f"en-tête YAML laissé tel quel : sa mise en forme en changerait le sens ({reason})")
        return text


def _epreuve(text: str, notes: list[str]) -> str | Finding:
    split = split_front_matter(text)
    if isinstance(split, Finding):
        return split
    loaded = load(split.front_matter, line_offset=split.front_matter_line)
    if isinstance(loaded, Finding):
        return loaded
    if loaded.data is not None and not isinstance(loaded.data, dict):
        return _not_a_mapping(loaded.source_map.root)
    front = split.front_matter
    if loaded.data is not None:
        front = _layout(front, Context("epreuve", _french(loaded.data)), notes)
    body = split.body
    if too_complex(body, split.body_line) is None and _french(loaded.data):
        body = format_body(body)
    head = "---\n" + front + "\n---\n" if front else "---\n---\n"
    return head + body


def _yaml_file(text: str, kind: Kind, notes: list[str]) -> str | Finding:
    loaded = load(text, line_offset=1)
    if isinstance(loaded, Finding):
        return loaded
    if not isinstance(loaded.data, dict):
        return text if loaded.data is None else _not_a_mapping(loaded.source_map.root)
    return _layout(text, Context(kind.value, _french(loaded.data)), notes)


def format_file(data: bytes, kind: Kind) -> Formatted | Finding:
    """`data` formatted as a file of `kind`, or the finding that stops it being read."""
    decoded = decode(data)
    if isinstance(decoded, Finding):
        return decoded
    text = decoded.value
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    notes: list[str] = []
    result = _epreuve(text, notes) if kind is Kind.EPREUVE else _yaml_file(text, kind, notes)
    if isinstance(result, Finding):
        return result
    result = result.rstrip("\n") + "\n"
    output = result.encode("utf-8")
    return Formatted(output, output != data, tuple(notes))


def format_text(text: str, kind: Kind = Kind.EPREUVE) -> str | Finding:
    """`format_file` on text (for tests and editors)."""
    result = format_file(text.encode("utf-8", errors="surrogatepass"), kind)
    return result if isinstance(result, Finding) else result.data.decode("utf-8")


__all__ = ["Formatted", "Kind", "Span", "format_file", "format_text"]
