"""From bytes to text, and from text to front matter + body, as a total function.

Everything here returns a value or a Finding (PARSE-*), never raises on content.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from epreuve_tools.diagnostics import FILE_START, Finding, Span
from epreuve_tools.loader_codes import BINARY_FILE, EMPTY_FILE, FILE_TOO_LARGE, MISSING_FRONT_MATTER, NOT_UTF8

# An épreuve is a few kilobytes; past this size the file is refused before any parser sees it,
# which bounds the time and memory a hostile file can cost (a multi-megabyte line, deep nesting).
MAX_FILE_BYTES = 1024 * 1024

_BINARY_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "une image PNG",
    b"\xff\xd8\xff": "une image JPEG",
    b"GIF8": "une image GIF",
    b"%PDF-": "un document PDF",
    b"PK\x03\x04": "une archive ZIP (ou un document bureautique)",
    b"\x7fELF": "un exécutable",
}


@dataclass(frozen=True, slots=True)
class Text:
    """Decoded text with `\\n` line ends (CRLF accepted), without BOM."""

    value: str
    had_bom: bool


@dataclass(frozen=True, slots=True)
class Split:
    front_matter: str
    front_matter_line: int  # file line of the front matter's first line
    body: str
    body_line: int  # file line of the body's first line


def _position_of_byte(data: bytes, offset: int) -> Span:
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Span.at(line, column)


def too_large(size: str) -> Finding:
    """PARSE-007 for a file of `size` bytes (a number, or "plus de N" when reading was stopped)."""
    return FILE_TOO_LARGE.finding(
        FILE_START,
        f"fichier trop volumineux ({size} octets, maximum {MAX_FILE_BYTES})",
        "une épreuve tient en quelques kilo-octets : placez les données volumineuses dans une pièce jointe",
    )


def decode(data: bytes) -> Text | Finding:
    if len(data) > MAX_FILE_BYTES:
        return too_large(str(len(data)))
    if not data.strip():
        return EMPTY_FILE.finding(
            FILE_START,
            "fichier vide",
            "commencez par un en-tête YAML entre deux lignes `---` (voir `epreuve new`)",
        )
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return BINARY_FILE.finding(
                FILE_START,
                f"fichier binaire : c'est {kind}, pas un texte Markdown",
                "une image ou une pièce jointe se référence depuis l'en-tête d'une épreuve, elle n'est pas une épreuve",
            )
    nul = data.find(b"\x00")
    if nul >= 0:
        return BINARY_FILE.finding(
            _position_of_byte(data, nul),
            f"octet NUL à l'octet {nul} : le fichier est binaire ou corrompu",
            "enregistrez le fichier comme texte UTF-8",
        )
    had_bom = data.startswith(codecs.BOM_UTF8)
    if had_bom:
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + (len(codecs.BOM_UTF8) if had_bom else 0)
        bad = data[error.start : error.start + 1].hex()
        return NOT_UTF8.finding(
            _position_of_byte(data, error.start),
            f"le fichier n'est pas en UTF-8 : octet 0x{bad} invalide à l'octet {offset}",
            "réenregistrez le fichier en UTF-8 (Latin-1 ou Windows-1252 ne sont pas acceptés)",
        )
    return Text(text.replace("\r\n", "\n"), had_bom)


def _is_fence(line: str) -> bool:
    return line.rstrip(" \t") == "---"


def split_front_matter(text: str) -> Split | Finding:
    lines = text.split("\n")
    if not _is_fence(lines[0]):
        return MISSING_FRONT_MATTER.finding(
            Span.at(1, 1, 1, max(1, len(lines[0]) + 1)),
            "pas d'en-tête YAML : la première ligne doit être `---`",
            "commencez le fichier par `---`, les clés de l'épreuve (id, type…), puis une ligne `---`",
        )
    for index in range(1, len(lines)):
        if _is_fence(lines[index]) or lines[index].rstrip(" \t") == "...":
            return Split(
                front_matter="\n".join(lines[1:index]),
                front_matter_line=2,
                body="\n".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    return MISSING_FRONT_MATTER.finding(
        Span.at(1, 1, 1, 4),
        "en-tête YAML non fermé : aucune ligne `---` ne le termine",
        "ajoutez une ligne `---` après la dernière clé de l'en-tête",
    )
