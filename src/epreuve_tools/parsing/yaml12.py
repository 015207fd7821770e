"""A YAML 1.2 (core schema) loader that keeps the position of every key and value.

libyaml (through PyYAML's C parser) produces the events; this module builds the data from them in
Python, iteratively, so that it can:
- resolve plain scalars with YAML 1.2 core rules (no `yes`/`no` booleans, no sexagesimal numbers,
  no timestamps), as ruamel.yaml does for YAML 1.2;
- refuse every tag outside the core schema (`!!python/object`, `!custom`…) before anything is built;
- report duplicate keys at the duplicate;
- bound nesting depth (libyaml's own composer recurses in C and crashes on deep input) and the size
  of alias expansion ("billion laughs").
The result is plain data (dict, list, str, int, float, bool, None) plus a SourceMap.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from epreuve_tools.diagnostics import Finding, Position, Span
from epreuve_tools.loader_codes import DUPLICATE_KEY, FORBIDDEN_YAML_TAG, INVALID_YAML, YAML_TOO_COMPLEX
from epreuve_tools.registry import Rule
from epreuve_tools.sourcemap import JsonPath, SourceMap

__all__ = ["JsonPath", "Loaded", "SourceMap", "load", "resolve_plain"]

MAX_DEPTH = 64
# Counts every value built, aliases included: a front matter has about a hundred.
MAX_NODES = 20_000

_CORE = "tag:yaml.org,2002:"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# Numbers as ruamel.yaml reads YAML 1.2: the core schema plus `0b` binary and `_` digit separators.
_INT = re.compile(r"^[-+]?(?:0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$")
_FLOAT = re.compile(
    r"^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?$"
    r"|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$"
)
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_BASES = {"0b": 2, "0o": 8, "0x": 16}
# the first characters of a null, a boolean, a number, an infinity or a NaN: a plain scalar that
# starts with any other character is a string
_SPECIAL_FIRST = frozenset("~nNtTfF-+.0123456789")
# Python refuses to convert an integer of more than 4,300 decimal digits to or from text (its default
# int max str digits), which every later step does (messages, JSON, the cache): the loader refuses it first.
MAX_INTEGER_DIGITS = 4300
_INTEGER_BOUND = 10**MAX_INTEGER_DIGITS


class IntegerTooLongError(ValueError):
    """A plain integer with more than MAX_INTEGER_DIGITS decimal digits."""


def _integer(text: str) -> int | None:
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    base = _BASES.get(body[:2], 10)
    digits = (body if base == 10 else body[2:]).replace("_", "")
    if not digits:
        return None
    if base == 10:
        digits = digits.lstrip("0") or "0"  # Python's digit limit counts leading zeros too
        if len(digits) > MAX_INTEGER_DIGITS:
            raise IntegerTooLongError(text)
    number = int(digits, base)  # other bases convert in linear time, without Python's digit limit
    if number >= _INTEGER_BOUND:
        raise IntegerTooLongError(text)
    return sign * number


def resolve_plain(value: str) -> Any:
    """The value of a plain (unquoted, untagged) scalar under YAML 1.2, as ruamel.yaml reads it.

    Timestamps are the one deliberate difference: the core schema has none, and a date stays text
    (ruamel.yaml would build a `datetime`, which no JSON Schema can validate). An integer of more
    than MAX_INTEGER_DIGITS digits raises IntegerTooLongError (ruamel.yaml fails on it too).
    """
    if value and value[0] not in _SPECIAL_FIRST:  # most scalars are words: no pattern below can match
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        number = _integer(value)
        return value if number is None else number
    if _FLOAT.match(value):
        return float(value.replace("_", ""))
    if _INF.match(value):
        return -math.inf if value.startswith("-") else math.inf
    if _NAN.match(value):
        return math.nan
    return value


@dataclass(frozen=True, slots=True)
class Loaded:
    data: Any
    source_map: SourceMap


class _Refused(Exception):
    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    path: JsonPath
    start: Span
    anchor: str | None
    key: str | None = None
    key_lines: dict[str, int] = field(default_factory=dict)


_TRANSLATED_PROBLEMS = (
    (
        "mapping values are not allowed",
        "deux-points inattendu",
        "une valeur qui contient « : » doit être entre guillemets, ou l'indentation est décalée",
    ),
    (
        "could not find expected ':'",
        "deux-points attendu après une clé",
        "écrivez `clé: valeur`, avec un espace après les deux-points",
    ),
    (
        "did not find expected key",
        "clé attendue à cette indentation",
        "vérifiez l'indentation des lignes précédentes",
    ),
    (
        "did not find expected '-' indicator",
        "élément de liste attendu (`- `)",
        "les éléments d'une liste commencent tous par `- ` à la même indentation",
    ),
    (
        "found character that cannot start any token",
        "caractère inattendu",
        "un guillemet ouvert plus haut n'est peut-être pas fermé, ou la valeur commence par un caractère "
        "réservé (`@`, `` ` ``, `%`) : mettez-la entre guillemets",
    ),
    ("found undefined alias", "alias YAML non défini", "un alias `*nom` doit suivre une ancre `&nom`"),
    (
        "found unexpected end of stream",
        "fin inattendue de l'en-tête",
        "une chaîne entre guillemets ou une liste `[...]` n'est pas fermée",
    ),
    (
        "found unknown escape character",
        "séquence d'échappement inconnue dans une chaîne entre guillemets",
        "entre guillemets doubles, écrivez `\\\\` pour une barre oblique inverse, ou utilisez des guillemets simples",
    ),
)


def _character_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]


def _too_deep(span: Span) -> Finding:
    return YAML_TOO_COMPLEX.finding(
        span,
        f"en-tête YAML trop profond (plus de {MAX_DEPTH} niveaux d'imbrication)",
        "un en-tête d'épreuve n'a besoin que de deux ou trois niveaux",
    )


# libyaml 0.2.5 as bundled since PyYAML 6.0.4 stops at 1,000 levels itself, in its scanner, before
# our builder sees the events that would reach MAX_DEPTH (flow collections are scanned ahead).
# Older wheels have no such limit; tests/test_bad_input.py runs on both (nox -s tests, tests_lowest).
_LIBYAML_DEPTH_LIMIT = "exceeded maximum nesting depth"


# A word processor types these for quotes; YAML does not take them as quotes, so `titre: “a: b”`
# fails on the colon, and the fix is straight quotes.
_TYPOGRAPHIC_QUOTES = frozenset("“”„‟«»‘’‚‛‹›")


def _quotes_hint(text: str, mark: yaml.Mark | None) -> str | None:
    if mark is None:
        return None
    lines = text.split("\n")
    if mark.line >= len(lines) or not _TYPOGRAPHIC_QUOTES.intersection(lines[mark.line]):
        return None
    return (
        'utilisez des guillemets droits (") autour de la valeur : les guillemets typographiques '
        "(“ ” « ») qu'un traitement de texte met à la place ne comptent pas comme guillemets en YAML"
    )


def _syntax_finding(error: yaml.MarkedYAMLError, text: str, line_offset: int) -> Finding:
    mark = error.problem_mark or error.context_mark
    line = (mark.line if mark else 0) + line_offset
    column = (mark.column if mark else 0) + 1
    problem = error.problem or "erreur de syntaxe"
    if problem.startswith(_LIBYAML_DEPTH_LIMIT):
        return _too_deep(Span.at(line, column))
    if _character_at(text, mark) == "\t":
        return INVALID_YAML.finding(
            Span.at(line, column),
            "YAML invalide : tabulation interdite",
            "YAML n'accepte pas les tabulations pour indenter : remplacez-les par des espaces",
        )
    context = f" ({error.context})" if error.context else ""
    for english, french, hint in _TRANSLATED_PROBLEMS:
        if problem.startswith(english):
            return INVALID_YAML.finding(
                Span.at(line, column),
                f"YAML invalide : {french}",
                _quotes_hint(text, mark) or hint,
            )
    return INVALID_YAML.finding(
        Span.at(line, column),
        f"YAML invalide : {problem}{context}",
        "corrigez la syntaxe YAML à cet endroit (guillemets, indentation, deux-points)",
    )


class _Builder:
    def __init__(self, line_offset: int) -> None:
        self.line_offset = line_offset
        self.source_map = SourceMap()
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.done = False

    def span(self, start: Any, end: Any) -> Span:
        # libyaml events always carry marks (yaml.Mark from the C parser, typed as optional)
        return Span(
            Position(start.line + self.line_offset, start.column + 1),
            Position(end.line + self.line_offset, end.column + 1),
        )

    def refuse(self, rule: Rule, span: Span, message: str, hint: str) -> _Refused:
        return _Refused(rule.finding(span, message, hint))

    def count(self, nodes: int, span: Span) -> None:
        self.nodes += nodes
        if self.nodes > MAX_NODES:
            raise self.refuse(
                YAML_TOO_COMPLEX,
                span,
                f"en-tête YAML trop volumineux une fois les alias développés (plus de {MAX_NODES} valeurs)",
                "n'utilisez pas d'alias YAML (`&ancre` / `*alias`) en cascade ; écrivez les valeurs",
            )

    def child_path(self, span: Span) -> JsonPath:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        if frame.key is None:
            raise self.refuse(
                INVALID_YAML,
                span,
                "YAML invalide : une clé doit être un texte simple, pas une liste ni un dictionnaire",
                "écrivez `clé: valeur`",
            )
        return (*frame.path, frame.key)

    def emit(self, value: Any, span: Span, raw: str | None = None) -> None:
        if not self.stack:
            self.root = value
            self.source_map.root = span
            return
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            self.record((*frame.path, len(container)), span, raw)
            container.append(value)
        elif frame.key is None:
            self.take_key(frame, value, span)
        else:
            self.record((*frame.path, frame.key), span, raw)
            container[frame.key] = value
            frame.key = None

    def record(self, path: JsonPath, span: Span, raw: str | None) -> None:
        self.source_map.values[path] = span
        if raw is not None:
            self.source_map.raw[path] = raw

    def take_key(self, frame: _Frame, value: Any, span: Span) -> None:
        if isinstance(value, dict | list):
            raise self.refuse(
                INVALID_YAML,
                span,
                "YAML invalide : une clé doit être un texte simple",
                "écrivez `clé: valeur`",
            )
        key = _key_text(value)
        if key in frame.key_lines:
            raise self.refuse(
                DUPLICATE_KEY,
                span,
                f"clé « {key} » en double (déjà définie ligne {frame.key_lines[key]})",
                "supprimez l'une des deux lignes : YAML ne garde que la dernière et l'autre serait perdue",
            )
        frame.key_lines[key] = span.start.line
        frame.key = key
        self.source_map.keys[(*frame.path, key)] = span

    def scalar(self, event: yaml.ScalarEvent) -> None:
        span = self.span(event.start_mark, event.end_mark)
        self.count(1, span)
        try:
            value = self.scalar_value(event, span)
        except IntegerTooLongError:
            raise self.refuse(
                YAML_TOO_COMPLEX,
                span,
                f"nombre entier trop long ({len(event.value)} caractères, au plus {MAX_INTEGER_DIGITS} chiffres)",
                "mettez-le entre guillemets s'il s'agit d'un texte ; aucun nombre d'une épreuve, d'un parcours "
                "ou du référentiel n'a besoin d'autant de chiffres",
            ) from None
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        self.emit(value, span, None if isinstance(value, str) else event.value)

    def scalar_value(self, event: yaml.ScalarEvent, span: Span) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            # implicit[0] is true only for a plain scalar written without a tag
            return resolve_plain(event.value) if (tag is None and event.implicit[0]) else event.value
        if not tag.startswith(_CORE):
            raise self.forbidden_tag(tag, span)
        name = tag[len(_CORE) :]
        if name == "str":
            return event.value
        value = resolve_plain(event.value)
        expected = {"int": int, "float": float, "bool": bool, "null": type(None)}.get(name)
        if expected is None:
            raise self.forbidden_tag(tag, span)
        if name == "float" and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise self.refuse(
                INVALID_YAML,
                span,
                f"YAML invalide : « {event.value} » n'est pas une valeur de type !!{name}",
                "retirez l'étiquette `!!` ou corrigez la valeur",
            )
        return value

    def forbidden_tag(self, tag: str, span: Span) -> _Refused:
        shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
        return self.refuse(
            FORBIDDEN_YAML_TAG,
            span,
            f"étiquette YAML « {shown} » refusée",
            "les étiquettes YAML ne sont pas acceptées dans un en-tête d'épreuve : écrivez une valeur simple",
        )

    def start(self, event: yaml.CollectionStartEvent, container: dict[str, Any] | list[Any]) -> None:
        span = self.span(event.start_mark, event.end_mark)
        tag = event.tag
        allowed = _CORE + ("map" if isinstance(container, dict) else "seq")
        if tag not in (None, "!", allowed):
            raise self.forbidden_tag(tag, span)
        if len(self.stack) >= MAX_DEPTH:
            raise _Refused(_too_deep(span))
        self.count(1, span)
        path = self.child_path(span)
        self.stack.append(_Frame(container, path, span, event.anchor))

    def end(self, event: yaml.Event) -> None:
        frame = self.stack.pop()
        span = Span(frame.start.start, self.span(event.end_mark, event.end_mark).end)
        if frame.anchor:  # sized only when an alias may repeat it: each end would walk its subtree again
            self.anchors[frame.anchor] = (frame.container, _size(frame.container))
        self.emit(frame.container, span)

    def alias(self, event: yaml.AliasEvent) -> None:
        span = self.span(event.start_mark, event.end_mark)
        if event.anchor not in self.anchors:
            raise self.refuse(
                INVALID_YAML,
                span,
                f"alias YAML « *{event.anchor} » non défini ou récursif",
                "un alias `*nom` doit suivre une ancre `&nom` complètement définie",
            )
        value, size = self.anchors[event.anchor]
        self.count(size, span)
        self.emit(value, span)

    def feed(self, event: Any) -> None:
        kind = type(event)  # libyaml's events are of these exact classes: one lookup, not a chain of tests
        if kind is yaml.ScalarEvent:
            self.scalar(event)
        elif kind is yaml.MappingStartEvent:
            self.start(event, {})
        elif kind is yaml.SequenceStartEvent:
            self.start(event, [])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self.end(event)
        elif kind is yaml.AliasEvent:
            self.alias(event)
        elif kind is yaml.DocumentStartEvent and self.done:
            raise self.refuse(
                INVALID_YAML,
                self.span(event.start_mark, event.end_mark),
                "YAML invalide : l'en-tête contient plusieurs documents",
                "retirez la ligne `---` ou `...` en trop",
            )
        elif kind is yaml.DocumentEndEvent:
            self.done = True


def _size(value: Any) -> int:
    # Containers are built once; the size of a finished one is counted through its items' own sizes
    # only for aliases, where it matters. A shallow count plus nested containers is enough for bounds.
    if isinstance(value, dict):
        return 1 + sum(_size(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_size(v) for v in value)
    return 1


def _key_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def load(text: str, *, line_offset: int = 1) -> Loaded | Finding:
    """Load one YAML document; `line_offset` is the file line of the text's first line."""
    builder = _Builder(line_offset)
    parser = yaml.CSafeLoader(text) if yaml.__with_libyaml__ else yaml.SafeLoader(text)
    try:
        while parser.check_event():
            builder.feed(parser.get_event())
    except _Refused as refused:
        return refused.finding
    except yaml.MarkedYAMLError as error:
        return _syntax_finding(error, text, line_offset)
    except yaml.YAMLError as error:
        return INVALID_YAML.finding(Span.at(line_offset, 1), f"YAML invalide : {error}", None)
    finally:
        parser.dispose()
    return Loaded(builder.root, builder.source_map)
