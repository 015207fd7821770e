"""The published JSON Schemas of a bundle's files (`schemas/bundle/`), enforced by `bundle verify`.

The schemas are the contract with runtimes (FORMAT.md §6): the verifier checks every record,
`bundle.json` and `parcours.json` against the same files it publishes, so the contract cannot drift
from what is enforced. jsonschema's messages are English: the refusal names the field and the
schema keyword that failed instead.

Nearly every document is valid, so validity is decided first by the validator fastjsonschema
generates (shipped in `schema/compiled/bundle/` by `scripts/compile_schemas.py`; generated at run
time when the shipped one is not from the current schema): about 10 µs a record against 400 µs for
jsonschema, which is 80 % of verifying a bundle otherwise. Only a refused document goes through
jsonschema, to name the field. fastjsonschema is the stricter of the two where they differ (a
pattern's `$` does not match before a final line break): a document it refuses is refused even when
jsonschema finds nothing, so the verdict is never weaker than jsonschema's (tests compare them).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from importlib import resources
from typing import Any, Final

from epreuve_tools.schema.fast import shipped_or_compiled

KINDS: Final = ("bundle", "parcours", "record")


@functools.cache
def _schema_bytes(kind: str) -> bytes:
    return resources.files("epreuve_tools").joinpath("schemas", "bundle", f"{kind}.schema.json").read_bytes()


@functools.cache
def _validator(kind: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(_schema_bytes(kind)))


@functools.cache
def fast_validator(kind: str) -> Callable[[Any], Any]:
    """The validator generated ahead of time if it is from the current schema, else generated now."""
    return shipped_or_compiled(f"epreuve_tools.schema.compiled.bundle.{kind}", _schema_bytes(kind))


def schema_problem(kind: str, document: Any) -> str | None:
    """None when `document` follows the `kind` schema, else which field breaks which rule, in French."""
    from fastjsonschema import JsonSchemaValueException

    try:
        fast_validator(kind)(document)
    except JsonSchemaValueException as refusal:
        error = next(
            iter(sorted(_validator(kind).iter_errors(document), key=lambda e: list(e.absolute_path))), None
        )
        if error is None:  # refused by fastjsonschema alone (see the module): name its field
            where = "/".join(str(part) for part in (refusal.path or ["data"])[1:]) or "(racine)"
            keyword = refusal.rule or "?"
        else:
            where = "/".join(str(part) for part in error.absolute_path) or "(racine)"
            keyword = str(error.validator)
        return f"champ `{where}` non conforme au schéma {kind}.schema.json (mot-clé `{keyword}`)"
    return None
