"""The house layout of YAML: key order, which strings are quoted, which values are prose.

Key order: an épreuve's top level follows the example of FORMAT.md §2 (id … accessibility), with the
optional keys where `epreuve new` and the sample content put them; nested mappings, parcours and
référentiel follow the order of their JSON Schema's `properties`. Keys the format does not know
stay after the known ones, in the order they were written.

Quoting: a string of `answer` or `examples` (what the judge compares) is always double-quoted, its
exact text in plain sight, as the sample content writes it (`["55", "55,0"]`). Any other string is written plain when YAML allows it and reads it back as the same string under
YAML 1.2 AND 1.1 (a 1.1 reader sees `no` and `on` as booleans, `1.0` as a number, `2024-01-01` as
a date), otherwise in double quotes, as `epreuve new` writes `competence: "3.1"` and `tube: "@…"`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

import yaml

from epreuve_tools.parsing.yaml12 import IntegerTooLongError, resolve_plain

EPREUVE_ORDER = (
    "id",
    "type",
    "competence",
    "tube",
    "level",
    "status",
    "locale",
    "format",
    "tolerances",
    "answer",
    "shuffle",
    "examples",
    "timer",
    "timer_essential",
    "timer_reason",
    "illustration",
    "alternative_instruction",
    "attachments",
    "embed",
    "media",
    "accessibility",
    "a11y",
    "genealogy",
    "authors",
    "focus",
    "responsive",
    "tags",
)

# values that are prose, by key name, wherever they are (never under `answer` or `examples`)
PROSE_KEYS = frozenset(
    (
        "alt",
        "title",
        "legend",
        "description",
        "alternative_instruction",
        "timer_reason",
        "test_reason",
        "reason",
        "audience",
    )
)
# subtrees that hold what the judge compares: never touched
JUDGED_KEYS = frozenset(("answer", "examples"))
MARKDOWN_KEYS = frozenset(("alternative_instruction", "description"))

SCHEMAS = ("epreuve", "parcours", "referentiel")


@functools.cache
def _schema(name: str) -> dict[str, Any]:
    text = resources.files("epreuve_tools.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _resolve(schema: Mapping[str, Any], node: Any) -> Mapping[str, Any]:
    """`node` with its local `$ref` followed (one level of `#/$defs/…` is all the schemas use)."""
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        reference = node["$ref"]
        if not reference.startswith("#/$defs/"):
            break
        node = schema.get("$defs", {}).get(reference[len("#/$defs/") :], {})
    return node if isinstance(node, Mapping) else {}


def child_schema(schema_name: str, node: Mapping[str, Any], key: str | int) -> Mapping[str, Any]:
    """The schema of `node`'s child `key` (a property, or the items of an array)."""
    schema = _schema(schema_name)
    node = _resolve(schema, node)
    if isinstance(key, int):
        return _resolve(schema, node.get("items", {}))
    properties = node.get("properties", {})
    return _resolve(schema, properties.get(key, {})) if isinstance(properties, Mapping) else {}


def root_schema(schema_name: str) -> Mapping[str, Any]:
    return _schema(schema_name)


def key_order(schema_name: str, node: Mapping[str, Any], depth: int) -> tuple[str, ...]:
    """The known keys of the mapping whose schema is `node`, in the house order."""
    if schema_name == "epreuve" and depth == 0:
        return EPREUVE_ORDER
    properties = _resolve(_schema(schema_name), node).get("properties", {})
    return tuple(properties) if isinstance(properties, Mapping) else ()


def ordered(keys: list[Any], known: tuple[str, ...]) -> list[Any]:
    """`keys` in the house order: known ones by rank, then the others as they came."""
    rank = {key: index for index, key in enumerate(known)}
    first = sorted((key for key in keys if isinstance(key, str) and key in rank), key=rank.__getitem__)
    return first + [key for key in keys if not (isinstance(key, str) and key in rank)]


_YAML11 = yaml.resolver.Resolver()
# YAML 1.1's booleans that PyYAML's resolver leaves out (its type repository lists them)
_YAML11_SHORT_BOOLEANS = frozenset(("y", "Y", "n", "N"))
_STR_TAG = "tag:yaml.org,2002:str"
# what a plain scalar may not start with, or hold, in block and in flow context (conservative:
# a string that could be plain but matches here is only quoted more than needed)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS = frozenset(",[]{}")


def printable(value: str) -> bool:
    """Whether every character of `value` may stand as itself in a YAML scalar."""
    return all(
        character == " "
        or (character.isprintable() and character not in "\ufeff\u2028\u2029\x85")
        or character in "\u00a0\u202f"
        for character in value
    )


def needs_quotes(value: str, *, flow: bool) -> bool:
    """Whether `value` must be double-quoted to read back as the same string (YAML 1.2 and 1.1)."""
    if not value or value != value.strip(" ") or value[0] in _INDICATORS:
        return True
    if ": " in value or " #" in value or value.endswith(":") or "\t" in value or "\n" in value:
        return True
    if flow and (any(character in _FLOW_INDICATORS for character in value) or ":" in value):
        return True
    if not printable(value):
        return True
    try:
        if not isinstance(resolve_plain(value), str):
            return True
    except IntegerTooLongError:
        return True
    if value in _YAML11_SHORT_BOOLEANS:
        return True
    tag: Any = _YAML11.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag != _STR_TAG)


def resolve_kind(value: str) -> type:
    """The type YAML 1.2 gives the plain scalar `value` (`str` for text)."""
    try:
        return type(resolve_plain(value))
    except IntegerTooLongError:
        return int
