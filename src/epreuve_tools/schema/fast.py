"""The fastjsonschema validator of a schema: the one `scripts/compile_schemas.py` shipped in
`schema/compiled/` when it was generated from these very bytes, else one generated now (40 ms)."""

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
    draft7 = {**json.loads(schema_bytes), "$schema": "http://json-schema.org/draft-07/schema#"}
    compiled: Callable[[Any], Any] = fastjsonschema.compile(draft7, use_default=False)
    return compiled
