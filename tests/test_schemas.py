"""The published JSON Schemas: well formed, documented in French, shipped identical, precise errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from epreuve_tools.analysis import parse_epreuve
from epreuve_tools.diagnostics import Finding
from epreuve_tools.schema.validate import SCHEMA_NAMES
from tests.conftest import ROOT, VALID_QCU

PUBLISHED = ROOT / "schemas"
SHIPPED = ROOT / "src" / "epreuve_tools" / "schemas"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_shipped_copy_is_identical_to_the_published_schema(name: str) -> None:
    filename = f"{name}.schema.json"
    assert (SHIPPED / filename).read_bytes() == (PUBLISHED / filename).read_bytes(), (
        f"copy schemas/{filename} to src/epreuve_tools/schemas/"
    )


def _properties(schema: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(schema, dict):
        for key, sub in schema.get("properties", {}).items():
            yield f"{path}.{key}", sub
        for key, sub in schema.items():
            if key not in ("properties", "if"):  # an `if` is a condition, not a documented key
                yield from _properties(sub, f"{path}/{key}")
        for key, sub in schema.get("properties", {}).items():
            yield from _properties(sub, f"{path}.{key}")
    elif isinstance(schema, list):
        for index, item in enumerate(schema):
            yield from _properties(item, f"{path}[{index}]")


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_draft_2020_12_with_id_and_french_descriptions(name: str) -> None:
    schema = json.loads((PUBLISHED / f"{name}.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/{name}.schema.json")
    assert schema["description"]
    undocumented = [
        path for path, sub in _properties(schema) if isinstance(sub, dict) and not sub.get("description")
    ]
    assert not undocumented


def _findings(text: str) -> list[Finding]:
    findings, _ = parse_epreuve(text.encode())
    return findings


def _one(text: str) -> Finding:
    [finding] = _findings(text)
    return finding


def test_out_of_range_level_names_key_and_range() -> None:
    finding = _one(VALID_QCU.format(id="abc").replace("level: 1", "level: 9"))
    assert (finding.code, finding.span.start.line, finding.span.start.column) == ("SCHEMA-004", 6, 8)
    assert finding.message == "`level` : 9 n'est pas entre 1 et 8"


def test_unknown_key_suggests_the_closest_one() -> None:
    finding = _one(VALID_QCU.format(id="abc").replace("status: validé", "status: validé\nshufle: false"))
    assert finding.code == "SCHEMA-002"
    assert finding.message == "clé inconnue « shufle »"
    assert finding.hint == "vouliez-vous dire « shuffle » ?"


def test_unquoted_competence_is_explained() -> None:
    finding = _one(VALID_QCU.format(id="abc").replace('competence: "4.1"', "competence: 4.1"))
    assert finding.code == "SCHEMA-003"
    assert finding.message == "`competence` doit être un texte, pas 4.1"
    assert finding.hint == 'mettez la valeur entre guillemets pour qu\'elle reste un texte : "4.1"'


def test_enum_value_suggests_the_closest_one() -> None:
    finding = _one(VALID_QCU.format(id="abc").replace("status: validé", "status: valide"))
    assert finding.message == "`status` : « valide » n'est pas une valeur permise"
    assert finding.hint is not None
    assert finding.hint.startswith("vouliez-vous dire « validé » ?")


def test_missing_key_is_named_with_its_description() -> None:
    finding = _one(VALID_QCU.format(id="abc").replace("level: 1\n", ""))
    assert finding.code == "SCHEMA-001"
    assert finding.message == "clé obligatoire « level » manquante"
    assert finding.hint


def test_nested_errors_point_at_the_nested_value() -> None:
    text = VALID_QCU.format(id="abc").replace(
        "answer: 1", "answer: 1\naccessibility:\n  non_voyant: OK\n  daltonien: peut-être"
    )
    finding = _one(text)
    assert finding.message.startswith("`accessibility.daltonien` : « peut-être »")
    assert finding.span.start.line == 11


def test_blank_key_pattern_in_qrocm_answer_points_at_the_key() -> None:
    text = """---
id: abc
type: qrocm-ind
competence: "4.1"
tube: "@motDePasse"
level: 1
status: proposé
answer:
  "mauvaise clé": [x]
---
::: propositions
${bonne}
:::
"""
    codes = {(f.code, f.span.start.line) for f in _findings(text)}
    assert ("SCHEMA-004", 9) in codes


def test_sample_content_front_matters_are_valid(tmp_path: Path) -> None:
    for path in sorted((ROOT / "content" / "epreuves").rglob("*.md")):
        assert _findings(path.read_text("utf-8")) == [], path


def _documents() -> list[tuple[str, str, object]]:
    """Every front matter and YAML document of the fixtures, the sample content and the guide."""
    from epreuve_tools.parsing.source import Text, decode, split_front_matter
    from epreuve_tools.parsing.yaml12 import Loaded, load

    documents: list[tuple[str, str, object]] = []
    for path in sorted([*(ROOT / "content").rglob("*"), *(ROOT / "tests" / "fixtures").rglob("*")]):
        if path.suffix not in (".md", ".yaml") or not path.is_file():
            continue
        text = decode(path.read_bytes())
        if not isinstance(text, Text):
            continue
        if path.suffix == ".md":
            split = split_front_matter(text.value)
            source = None if isinstance(split, Finding) else split.front_matter
            name = "epreuve"
        else:
            source = text.value
            name = "referentiel" if path.name == "referentiel.yaml" else "parcours"
        loaded = load(source) if source is not None else None
        if isinstance(loaded, Loaded):
            documents.append((path.relative_to(ROOT).as_posix(), name, loaded.data))
    return documents


def test_the_fast_validator_agrees_with_jsonschema() -> None:
    from epreuve_tools.schema.validate import is_valid, schema

    documents = _documents()
    assert len(documents) > 60
    verdicts = set()
    for where, name, data in documents:
        reference = Draft202012Validator(schema(name)).is_valid(data)
        assert is_valid(data, name) == reference, where
        verdicts.add(reference)
    assert verdicts == {True, False}


@pytest.mark.parametrize(
    "mutation",
    [
        {"level": True},
        {"level": 3.0},
        {"level": 3.5},
        {"tags": ["a", "a"]},
        {"tolerances": []},
        {"answer": [1, 2]},
        {"genealogy": {"declinaison": "un-id"}},
        {"genealogy": {"declinaison": "Pas Un Id"}},
        {"a11y": {"waivers": [{"rule": "SEM-020", "reason": "trop court"}]}},
        {"embed": {"url": "http://x", "title": "t"}},
    ],
    ids=repr,
)
def test_the_fast_validator_agrees_on_edge_values(mutation: dict[str, object]) -> None:
    from epreuve_tools.schema.validate import is_valid, schema

    document = {
        "id": "abc",
        "type": "qcu",
        "competence": "4.1",
        "tube": "@motDePasse",
        "level": 1,
        "status": "validé",
        "answer": 1,
        **mutation,
    }
    assert is_valid(document, "epreuve") == Draft202012Validator(schema("epreuve")).is_valid(document)


def test_a_trailing_line_break_does_not_pass_a_pattern() -> None:
    # jsonschema alone would accept it: Python's `$` matches before a final line break
    text = VALID_QCU.format(id='"abc\\n"')
    finding = _one(text)
    assert (finding.code, finding.span.start.line) == ("SCHEMA-004", 2)
    assert finding.message == "`id` : « abc\n » n'a pas le format attendu"


def test_the_shipped_validators_are_generated_from_the_current_schemas() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compile_schemas.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_the_shipped_validator_is_used_when_current(name: str) -> None:
    import importlib

    from epreuve_tools.schema.validate import fast_validator

    shipped = importlib.import_module(f"epreuve_tools.schema.compiled.{name}")
    assert fast_validator(name) is shipped.validate


def test_a_stale_shipped_validator_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from epreuve_tools.schema import validate

    shipped = importlib.import_module("epreuve_tools.schema.compiled.epreuve")
    monkeypatch.setattr(shipped, "SCHEMA_SHA256", "0" * 64)
    validate.fast_validator.cache_clear()
    try:
        generated = validate.fast_validator("epreuve")
        assert generated is not shipped.validate
        assert validate.is_valid({"id": "abc"}, "epreuve") is False
    finally:
        validate.fast_validator.cache_clear()


def test_inlined_references_validate_as_the_references_did() -> None:
    """`inline_refs` writes each local `$ref` out in place (the shipped validators name no value
    before a call then), except where a definition recurs; data keywords and property names that
    look like keywords are left alone."""
    import fastjsonschema

    from epreuve_tools.schema.fast import inline_refs

    schema = {
        "type": "object",
        "properties": {
            "examples": {"type": "array", "items": {"$ref": "#/$defs/word", "description": "un mot"}},
            "tree": {"$ref": "#/$defs/node"},
            "literal": {"enum": [{"$ref": "#/$defs/word"}]},
        },
        "$defs": {
            "word": {"type": "string", "minLength": 2},
            "node": {"type": "object", "properties": {"child": {"$ref": "#/$defs/node"}}},
        },
    }
    inlined = inline_refs(schema)
    assert inlined["properties"]["examples"]["items"] == {"type": "string", "minLength": 2}
    assert inlined["properties"]["tree"]["properties"]["child"] == {"$ref": "#/$defs/node"}  # recursion kept
    assert inlined["properties"]["literal"] == {"enum": [{"$ref": "#/$defs/word"}]}  # data, not a schema
    before, after = fastjsonschema.compile(schema), fastjsonschema.compile(inlined)
    samples = [
        {"examples": ["oui", "non"]},
        {"examples": ["x"]},
        {"tree": {"child": {"child": {}}}},
        {"tree": {"child": {"child": 3}}},
        {"literal": {"$ref": "#/$defs/word"}},
        {"literal": "mot"},
    ]
    for sample in samples:
        assert _valid(before, sample) == _valid(after, sample), sample
    assert [s for s in samples if _valid(after, s)] == [samples[0], samples[2], samples[4]]


def _valid(validate: Any, data: Any) -> bool:
    import fastjsonschema

    try:
        validate(data)
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


def test_the_shipped_validators_name_no_value_before_a_call() -> None:
    """Generated from the inlined schemas: `str.format(**locals())` only on the way to an error."""
    compiled = Path(__file__).resolve().parent.parent / "src" / "epreuve_tools" / "schema" / "compiled"
    for module in compiled.rglob("*.py"):
        for line in module.read_text("utf-8").splitlines():
            assert "locals()" not in line or "raise JsonSchemaValueException" in line, (
                module.name,
                line[:120],
            )
