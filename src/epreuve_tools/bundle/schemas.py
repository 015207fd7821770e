"""The published JSON Schemas of a bundle's files (`schemas/bundle/`), enforced by `bundle verify`.

The schemas are the contract with runtimes (FORMAT.md §6): the verifier checks every record,
`bundle.json` and `parcours.json` against the same files it publishes, so the contract cannot drift
from what is enforced. jsonschema's messages are English: the refusal names the field and the
schema keyword that failed instead.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any, Final

KINDS: Final = ("bundle", "parcours", "record")


@functools.cache
def _validator(kind: str) -> Any:
    from jsonschema import Draft202012Validator

    text = (
        resources.files("epreuve_tools")
        .joinpath("schemas", "bundle", f"{kind}.schema.json")
        .read_text("utf-8")
    )
    return Draft202012Validator(json.loads(text))


def schema_problem(kind: str, document: Any) -> str | None:
    """None when `document` follows the `kind` schema, else which field breaks which rule, in French."""
    error = next(
        iter(sorted(_validator(kind).iter_errors(document), key=lambda e: list(e.absolute_path))), None
    )
    if error is None:
        return None
    where = "/".join(str(part) for part in error.absolute_path) or "(racine)"
    return f"champ `{where}` non conforme au schéma {kind}.schema.json (mot-clé `{error.validator}`)"
