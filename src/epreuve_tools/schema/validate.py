"""Validate data against a published schema and explain each failure in French, at its position.

The schemas (`schemas/*.schema.json` at the repository root, shipped in the package) are the source
of truth for shapes; this module only turns jsonschema's errors into findings: SCHEMA-001 missing
key, SCHEMA-002 unknown key, SCHEMA-003 wrong type, SCHEMA-004 invalid value.

Nearly every document is valid, so validity is decided first by a validator that fastjsonschema
generates in Python (about 45 µs a document, against 290 µs for jsonschema, and no 70 ms
jsonschema import when a re-check analyses one changed file). The generated code is shipped in
`schema/compiled/` (`scripts/compile_schemas.py`): generating it costs 40 ms per process. Only a document it refuses
goes through jsonschema, which finds every error with its path; a test keeps the two in agreement.
Our schemas use no keyword that differs between draft 7, which fastjsonschema implements, and
2020-12.
"""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

from epreuve_tools.diagnostics import Finding, Span, plural, shorten
from epreuve_tools.loader_codes import INVALID_VALUE, MISSING_KEY, UNKNOWN_KEY, WRONG_TYPE
from epreuve_tools.parsing.yaml12 import JsonPath, SourceMap
from epreuve_tools.schema.fast import shipped_or_compiled

SCHEMA_NAMES = ("epreuve", "referentiel", "parcours")

_TYPE_NAMES = {
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "true ou false",
    "array": "une liste",
    "object": "un dictionnaire (clé: valeur)",
    "null": "une valeur vide",
}


# the package is installed as files (never zipped); importlib.resources alone costs 8 ms to import
_SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


@functools.cache
def _schema_bytes(name: str) -> bytes:
    return (_SCHEMAS / f"{name}.schema.json").read_bytes()


@functools.cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(_schema_bytes(name))
    return loaded


@functools.cache
def _validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(name))


@functools.cache
def fast_validator(name: str) -> Callable[[Any], Any]:
    """The validator generated ahead of time (`scripts/compile_schemas.py`) if it matches the schema."""
    return shipped_or_compiled(f"epreuve_tools.schema.compiled.{name}", _schema_bytes(name))


def _first_error(data: Any, name: str) -> fastjsonschema.JsonSchemaValueException | None:
    try:
        fast_validator(name)(data)
    except fastjsonschema.JsonSchemaValueException as error:
        return error
    return None


def is_valid(data: Any, name: str) -> bool:
    return _first_error(data, name) is None


def validate(data: Any, source_map: SourceMap, name: str) -> list[Finding]:
    refusal = _first_error(data, name)
    if refusal is None:
        return []
    errors = _validator(name).iter_errors(data)
    findings = [finding for error in errors for finding in _explain(error, source_map)]
    if not findings:
        # jsonschema's `pattern` uses Python's `$`, which also matches before a final line break
        # ("abc\n"); JSON Schema's (ECMA) `$` does not. The compiled validator is right: say where.
        findings = [_pattern_refusal(refusal, source_map)]
    return sorted(set(findings), key=lambda f: (f.span.start, f.code, f.message))


def _pattern_refusal(refusal: fastjsonschema.JsonSchemaValueException, source_map: SourceMap) -> Finding:
    path: JsonPath = tuple(refusal.path[1:]) if refusal.path else ()  # path[0] is "data"
    shown = describe_value(refusal.value)
    return INVALID_VALUE.finding(
        source_map.value(path), f"`{display_path(path)}` : {shown} n'a pas le format attendu"
    )


def describe_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "une valeur vide"
    if isinstance(value, str):
        shown = shorten(value, 40)
        return f"« {shown} »"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "une liste"
    return "un dictionnaire"


def display_path(path: Sequence[str | int]) -> str:
    shown = ""
    for part in path:
        if isinstance(part, int):
            shown += f"[{part + 1}]"
        else:
            shown += f".{part}" if shown else part
    return shown or "l'en-tête"


def _hint_from(description: Any) -> str | None:
    if not isinstance(description, str) or not description:
        return None
    return description.strip().split("\n")[0]


def _explain(error: ValidationError, source_map: SourceMap) -> Iterator[Finding]:
    path: JsonPath = tuple(error.absolute_path)
    where = display_path(path)
    keyword = error.validator
    if "propertyNames" in error.schema_path:
        yield INVALID_VALUE.finding(
            source_map.key((*path, str(error.instance))),
            f"`{where}` : nom de clé {describe_value(error.instance)} invalide",
            "une clé de champ s'écrit avec des lettres sans accent, des chiffres, `_` ou `-`",
        )
        return
    if keyword in ("oneOf", "anyOf") and error.context:
        from jsonschema.exceptions import best_match

        yield from _explain(best_match(error.context), source_map)
        return
    if keyword == "required":
        yield from _missing_keys(error, path, source_map)
        return
    if keyword == "additionalProperties":
        yield from _unknown_keys(error, path, source_map)
        return
    span = source_map.value(path)
    hint = _hint_from(error.schema.get("description")) if isinstance(error.schema, dict) else None
    if keyword == "type":
        yield _type_error(error, where, span, hint)
        return
    message, better_hint = _value_message(error, where)
    yield INVALID_VALUE.finding(
        span, message, _typographic_quotes_hint(error.instance) or better_hint or hint
    )


# Word processors replace straight quotes with these as one types; YAML then keeps them as part of
# the text (`competence: “4.1”` is the five characters “4.1”, not 4.1).
_TYPOGRAPHIC_QUOTES = "“”„‟«»‘’‚‛‹›"


def _typographic_quotes_hint(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    stripped = value.strip().strip("\u00a0\u202f")
    if not stripped or stripped[0] not in _TYPOGRAPHIC_QUOTES or stripped[-1] not in _TYPOGRAPHIC_QUOTES:
        return None
    inner = stripped[1:-1].strip("\u00a0\u202f ")
    return (
        f'utilisez des guillemets droits : "{inner}" ; les guillemets typographiques ({stripped[0]} {stripped[-1]}) '
        "que met un traitement de texte font partie de la valeur"
    )


def _missing_keys(error: ValidationError, path: JsonPath, source_map: SourceMap) -> Iterator[Finding]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    properties = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    span = source_map.key(path) if path else _first_line(source_map)
    required: Any = error.validator_value
    for key in required:
        if key in instance:
            continue
        prefix = f"`{display_path(path)}` : " if path else ""
        yield MISSING_KEY.finding(
            span,
            f"{prefix}clé obligatoire « {key} » manquante",
            _hint_from(properties.get(key, {}).get("description")),
        )


def _first_line(source_map: SourceMap) -> Span:
    start = source_map.root.start
    return Span(start, start)


def _unknown_keys(error: ValidationError, path: JsonPath, source_map: SourceMap) -> Iterator[Finding]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    schema_part = error.schema if isinstance(error.schema, dict) else {}
    allowed = sorted(schema_part.get("properties", {}))
    for key in instance:
        if key in allowed:
            continue
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"vouliez-vous dire « {close[0]} » ?" if close else "clés possibles : " + ", ".join(allowed)
        prefix = f"`{display_path(path)}` : " if path else ""
        yield UNKNOWN_KEY.finding(source_map.key((*path, key)), f"{prefix}clé inconnue « {key} »", hint)


def _type_error(error: ValidationError, where: str, span: Span, hint: str | None) -> Finding:
    expected: Any = error.validator_value
    names = [expected] if isinstance(expected, str) else list(expected)
    wanted = " ou ".join(_TYPE_NAMES.get(name, name) for name in names)
    value = error.instance
    if "string" in names and isinstance(value, int | float) and not isinstance(value, bool):
        hint = f'mettez la valeur entre guillemets pour qu\'elle reste un texte : "{value}"'
    elif "array" in names and not isinstance(value, list):
        hint = "écrivez une liste : un élément par ligne commençant par `- `, ou [a, b]"
    return WRONG_TYPE.finding(span, f"`{where}` doit être {wanted}, pas {describe_value(value)}", hint)


def _enum_message(where: str, shown: str, value: Any, limit: Any, _schema: dict[str, Any]) -> Explained:
    choices = [str(choice) for choice in limit]
    close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.5)
    hint = "valeurs permises : " + ", ".join(choices)
    if close:
        hint = f"vouliez-vous dire « {close[0]} » ? ({hint})"
    return f"`{where}` : {shown} n'est pas une valeur permise", hint


def _range_message(where: str, shown: str, _value: Any, limit: Any, schema: dict[str, Any]) -> Explained:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f"`{where}` : {shown} n'est pas entre {low} et {high}", None
    if low is not None:
        return f"`{where}` : {shown} est inférieur au minimum {low}", None
    return f"`{where}` : {shown} dépasse le maximum {limit}", None


def _count_message(where: str, _shown: str, _value: Any, limit: Any, _schema: dict[str, Any]) -> Explained:
    return f"`{where}` : au moins {plural(limit, 'élément attendu', 'éléments attendus')}", None


Explained = tuple[str, str | None]
_Explainer = Callable[[str, str, Any, Any, dict[str, Any]], Explained]
_VALUE_MESSAGES: dict[str, _Explainer] = {
    "enum": _enum_message,
    "minimum": _range_message,
    "maximum": _range_message,
    "minItems": _count_message,
    "const": lambda where, shown, _v, limit, _s: (f"`{where}` : {shown} devrait valoir « {limit} »", None),
    "pattern": lambda where, shown, _v, _l, schema: (
        f"`{where}` : {shown} n'a pas le format attendu",
        schema.get("patternErrorMessage"),
    ),
    "maxItems": lambda where, _sh, _v, limit, _s: (
        f"`{where}` : au plus {plural(limit, 'élément permis', 'éléments permis')}",
        None,
    ),
    "uniqueItems": lambda where, _sh, _v, _l, _s: (
        f"`{where}` : la liste contient des doublons",
        "retirez les éléments répétés",
    ),
    "minLength": lambda where, _sh, _v, _l, _s: (f"`{where}` : le texte est vide ou trop court", None),
    "maxLength": lambda where, _sh, _v, limit, _s: (
        f"`{where}` : texte trop long (au plus {limit} caractères)",
        None,
    ),
    "minProperties": lambda where, _sh, _v, limit, _s: (
        f"`{where}` : au moins {plural(limit, 'clé attendue', 'clés attendues')}",
        None,
    ),
}


def _value_message(error: ValidationError, where: str) -> Explained:
    schema_part = error.schema if isinstance(error.schema, dict) else {}
    explain = _VALUE_MESSAGES.get(str(error.validator))
    if explain is None:
        return f"`{where}` : valeur invalide ({error.message})", None
    limit: Any = error.validator_value
    return explain(where, describe_value(error.instance), error.instance, limit, schema_part)
