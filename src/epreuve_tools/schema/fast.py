"""The fastjsonschema validator of a schema: the one `scripts/compile_schemas.py` shipped in
`schema/compiled/` when it was generated from these very bytes, else one generated now (40 ms).

Both are generated from the schema with its local `$ref`s written out in place (`inline_refs`):
fastjsonschema calls a function per `$ref`, and names the value it passes with `str.format(
**locals())` before the call, valid or not; that naming cost about 40 µs per épreuve.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Callable
from typing import Any


def shipped_or_compiled(module: str, schema_bytes: bytes) -> Callable[[Any], Any]:
    """The validator of `schema_bytes`; `module` is where the shipped one lives."""
    shipped = importlib.import_module(module)
    if hashlib.sha256(schema_bytes).hexdigest() == shipped.SCHEMA_SHA256:
        validator: Callable[[Any], Any] = shipped.validate
        return validator
    import fastjsonschema

    # fastjsonschema implements draft 7; our schemas use no keyword that differs from 2020-12
    draft7 = {**inline_refs(json.loads(schema_bytes)), "$schema": "http://json-schema.org/draft-07/schema#"}
    compiled: Callable[[Any], Any] = fastjsonschema.compile(draft7, use_default=False)
    return compiled


# keywords that say nothing about validity: a `$ref` beside only these is replaced by its target
_ANNOTATIONS = frozenset({"title", "description", "examples", "default", "$comment"})
# keywords whose value is data, not a schema: never searched for references
_DATA = frozenset({"enum", "const", "examples", "default"})
# keywords whose value maps names (of properties, not keywords) to schemas
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "dependentSchemas"})
_LOCAL = "#/$defs/"


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with each `{"$ref": "#/$defs/name"}` (beside annotations only) replaced by that
    definition, itself inlined; a definition that refers to itself keeps its `$ref` where it
    recurs, and `$defs` stays for it. Validity is unchanged: a reference is its target."""
    definitions = schema.get("$defs", {})

    def inlined(node: Any, open_names: frozenset[str]) -> Any:
        if isinstance(node, list):
            return [inlined(item, open_names) for item in node]
        if not isinstance(node, dict):
            return node
        reference = node.get("$ref")
        if (
            isinstance(reference, str)
            and reference.startswith(_LOCAL)
            and set(node) - {"$ref"} <= _ANNOTATIONS
        ):
            name = reference[len(_LOCAL) :]
            if isinstance(definitions.get(name), dict) and name not in open_names:
                return inlined(definitions[name], open_names | {name})
        result: dict[str, Any] = {}
        for key, value in node.items():
            if key in _DATA or key == "$defs":
                result[key] = value
            elif key in _SCHEMA_MAPS and isinstance(value, dict):
                result[key] = {name: inlined(item, open_names) for name, item in value.items()}
            else:
                result[key] = inlined(value, open_names)
        return result

    result: dict[str, Any] = inlined(schema, frozenset())
    return result
