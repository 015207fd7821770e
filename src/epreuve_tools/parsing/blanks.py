"""The Pix blank syntax: `${key#placeholder§label value="…" options=["a","b"]}`.

Pix finds blanks with `/\\$\\{(.*?)\\}/g` (`.` stops at a line end), so a blank ends at the first `}`
of its line; this parser does the same, then reads the inside strictly and reports what it cannot
read, with its column, instead of guessing.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from epreuve_tools.diagnostics import Finding, Span
from epreuve_tools.loader_codes import (
    DUPLICATE_BLANK_KEY,
    MALFORMED_BLANK,
    UNCLOSED_BLANK,
    UNKNOWN_BLANK_ATTRIBUTE,
)
from epreuve_tools.registry import Rule

KEY = re.compile(r"[A-Za-z0-9_-]+")
# the key as the author meant it: up to the placeholder, the label or an attribute
_WRITTEN_KEY = re.compile(r"[^#§\s]+")
_ATTRIBUTE = re.compile(r" +([A-Za-z_][A-Za-z0-9_-]*)=")
# An attribute written with its value (`optons=["a"]`, `valeur="x"`) inside a placeholder or a
# label: Pix shows it as text and the blank silently loses its options or default, so it is an error.
_ATTRIBUTE_IN_TEXT = re.compile(r" +([A-Za-z_][A-Za-z0-9_-]*)=[\"\[]")
# Only the known attributes end a placeholder or a label: `${x§quand y=3}` is a label, as in Pix.
_KNOWN_ATTRIBUTE = re.compile(r" +(?:value|options)=")
_KNOWN_ATTRIBUTES = ("value", "options")


@dataclass(frozen=True, slots=True)
class Blank:
    key: str
    span: Span  # the whole `${…}`
    placeholder: str | None = None
    label: str | None = None
    default: str | None = None
    options: tuple[str, ...] | None = None
    malformed: bool = False  # reported as BLANK-00x; kept so that its key is not reported missing

    @property
    def is_select(self) -> bool:
        return self.options is not None


@dataclass(frozen=True, slots=True)
class BlankScan:
    blanks: tuple[Blank, ...]
    findings: tuple[Finding, ...]


class _Malformed(Exception):
    def __init__(self, offset: int, message: str, hint: str, code: Rule = MALFORMED_BLANK) -> None:
        # set once the key is read: the blank still exists for the answer-key rules
        self.key: str | None = None
        super().__init__(message)
        self.offset = offset
        self.message = message
        self.hint = hint
        self.code = code


def _quoted(inner: str, start: int) -> tuple[str, int]:
    """Read a double-quoted string starting at `start` (on the quote); `\\"` escapes a quote."""
    if start >= len(inner) or inner[start] != '"':
        raise _Malformed(start, 'guillemet `"` attendu', 'écrivez la valeur entre guillemets : value="texte"')
    chars: list[str] = []
    index = start + 1
    while index < len(inner):
        char = inner[index]
        if char == "\\" and index + 1 < len(inner):
            chars.append(inner[index + 1])
            index += 2
            continue
        if char == '"':
            return "".join(chars), index + 1
        chars.append(char)
        index += 1
    raise _Malformed(start, "chaîne non fermée dans le champ", 'fermez la valeur par un guillemet `"`')


def _options(inner: str, start: int) -> tuple[tuple[str, ...], int]:
    if start >= len(inner) or inner[start] != "[":
        raise _Malformed(start, "liste d'options attendue", 'écrivez options=["choix 1", "choix 2"]')
    index = start + 1
    options: list[str] = []
    while True:
        while index < len(inner) and inner[index] == " ":
            index += 1
        if index < len(inner) and inner[index] == "]" and not options:
            raise _Malformed(start, "liste d'options vide", "un menu déroulant propose au moins deux choix")
        option, index = _quoted(inner, index)
        options.append(option)
        while index < len(inner) and inner[index] == " ":
            index += 1
        if index < len(inner) and inner[index] == ",":
            index += 1
            continue
        if index < len(inner) and inner[index] == "]":
            return tuple(options), index + 1
        raise _Malformed(
            index, "liste d'options mal formée", 'séparez les choix par des virgules : ["a", "b"]'
        )


def _unknown_attribute(name: str, offset: int, where: str = "") -> _Malformed:
    close = difflib.get_close_matches(name, _KNOWN_ATTRIBUTES, n=1)
    possible = 'attributs possibles : value="…", options=[…]'
    return _Malformed(
        offset,
        f"attribut de champ inconnu « {name} »{where}",
        f"vouliez-vous dire « {close[0]} » ? ({possible})" if close else possible,
        code=UNKNOWN_BLANK_ATTRIBUTE,
    )


def _free_text(inner: str, start: int, part: str) -> tuple[str, int]:
    """Text of a placeholder or label (`part`): up to `§`, an attribute, or the end."""
    end = len(inner)
    section = inner.find("§", start)
    if section >= 0:
        end = section
    attribute = _KNOWN_ATTRIBUTE.search(inner, start)
    if attribute is not None and attribute.start() < end:
        end = attribute.start()
    misspelt = _ATTRIBUTE_IN_TEXT.search(inner, start, end)
    if misspelt is not None:
        raise _unknown_attribute(misspelt[1], misspelt.start(1), f", lu comme du texte {part}")
    return inner[start:end], end


def _invalid_key(inner: str) -> _Malformed:
    """The key as written holds a character a key cannot have (`réponse`, `ville.nom`)."""
    written = _WRITTEN_KEY.match(inner)
    if written is None:
        return _Malformed(
            0,
            "clé de champ manquante",
            "un champ commence par sa clé, faite de lettres sans accent, chiffres, `_` ou `-` : ${reponse}",
        )
    key = written.group()
    bad = next(index for index, char in enumerate(key) if not KEY.fullmatch(char))
    error = _Malformed(
        bad,
        f"clé de champ « {key} » invalide : « {key[bad]} » n'est pas permis dans une clé",
        f"une clé s'écrit avec des lettres sans accent, des chiffres, `_` ou `-` : « {_suggested_key(key)} »",
    )
    error.key = key  # the blank still exists, under the key the answer probably uses too
    return error


def _suggested_key(key: str) -> str:
    letters = "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))
    return "".join(c if KEY.fullmatch(c) else "_" for c in letters)


def _parse_inner(inner: str) -> dict[str, object]:
    key_match = KEY.match(inner)
    written = _WRITTEN_KEY.match(inner)
    if key_match is None or (written is not None and written.end() > key_match.end()):
        raise _invalid_key(inner)
    parsed: dict[str, object] = {"key": key_match.group()}
    try:
        return _parse_after_key(inner, key_match.end(), parsed)
    except _Malformed as error:
        error.key = key_match.group()
        raise


def _parse_after_key(inner: str, index: int, parsed: dict[str, object]) -> dict[str, object]:
    if index < len(inner) and inner[index] == "#":
        parsed["placeholder"], index = _free_text(inner, index + 1, "de l'indication")
    if index < len(inner) and inner[index] == "§":
        parsed["label"], index = _free_text(inner, index + 1, "du libellé")
    while index < len(inner):
        attribute = _ATTRIBUTE.match(inner, index)
        if attribute is None:
            raise _Malformed(
                index,
                f"texte inattendu « {inner[index:]} » dans le champ",
                'ordre attendu : ${clé#indication§libellé value="…" options=[…]}',
            )
        name = attribute.group(1)
        if name not in _KNOWN_ATTRIBUTES:
            raise _unknown_attribute(name, attribute.start(1))
        if ("default" if name == "value" else name) in parsed:
            raise _Malformed(attribute.start(1), f"attribut « {name} » répété", "gardez un seul " + name)
        if name == "value":
            parsed["default"], index = _quoted(inner, attribute.end())
        else:
            parsed["options"], index = _options(inner, attribute.end())
    return parsed


def scan_blanks(text: str, first_line: int) -> BlankScan:
    """Find and parse every blank of `text`, whose first line is file line `first_line`."""
    blanks: list[Blank] = []
    findings: list[Finding] = []
    seen: dict[str, int] = {}
    for offset, line in enumerate(text.split("\n")):
        line_number = first_line + offset
        column = line.find("${")
        while column >= 0:
            close = line.find("}", column + 2)
            if close < 0:
                key = KEY.match(line, column + 2)
                if key is not None and key.group() not in seen:
                    seen[key.group()] = line_number
                    blanks.append(
                        Blank(
                            key.group(),
                            Span.at(line_number, column + 1, line_number, len(line) + 1),
                            malformed=True,
                        )
                    )
                findings.append(
                    UNCLOSED_BLANK.finding(
                        Span.at(line_number, column + 1, line_number, len(line) + 1),
                        "champ `${` non fermé sur sa ligne",
                        "fermez le champ par `}` sur la même ligne : ${reponse}",
                    )
                )
                break
            span = Span.at(line_number, column + 1, line_number, close + 2)
            inner = line[column + 2 : close]
            try:
                parsed = _parse_inner(inner)
            except _Malformed as error:
                at = column + 3 + error.offset
                findings.append(error.code.finding(Span.at(line_number, at), error.message, error.hint))
                if error.key is not None and error.key not in seen:
                    seen[error.key] = line_number
                    blanks.append(Blank(error.key, span, malformed=True))
            else:
                blank = Blank(span=span, **parsed)  # type: ignore[arg-type]
                if blank.key in seen:
                    findings.append(
                        DUPLICATE_BLANK_KEY.finding(
                            span,
                            f"clé de champ « {blank.key} » en double (déjà utilisée ligne {seen[blank.key]})",
                            "chaque champ a sa propre clé, reprise dans `answer`",
                        )
                    )
                else:
                    seen[blank.key] = line_number
                    blanks.append(blank)
            column = line.find("${", close + 1)
    return BlankScan(tuple(blanks), tuple(findings))
