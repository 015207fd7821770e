"""The published JSON Schemas of a bundle's files: shipped identical, followed by what `release` packs,
and enforced by `bundle verify` (a record the schema refuses is refused, with the field named)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from epreuve_tools.bundle.errors import BundleError
from epreuve_tools.bundle.pack import load_content, pack_parcours
from epreuve_tools.bundle.records import check_record
from epreuve_tools.bundle.schemas import KINDS, schema_problem

from .conftest import ROOT, SAMPLE_CONTENT

PUBLISHED = ROOT / "schemas" / "bundle"
SHIPPED = ROOT / "src" / "epreuve_tools" / "schemas" / "bundle"


@pytest.mark.parametrize("kind", KINDS)
def test_each_schema_is_valid_and_shipped_identical(kind: str) -> None:
    published = PUBLISHED / f"{kind}.schema.json"
    Draft202012Validator.check_schema(json.loads(published.read_text("utf-8")))
    assert (SHIPPED / f"{kind}.schema.json").read_bytes() == published.read_bytes()


@pytest.fixture(scope="module")
def bundles() -> list[dict[str, bytes]]:
    import io
    import zipfile

    content = load_content(SAMPLE_CONTENT)
    packed = []
    for parcours, raw in content.parcours:
        bundle = pack_parcours(content, parcours, raw, 1)
        with zipfile.ZipFile(io.BytesIO(bundle.data)) as archive:
            packed.append({name: archive.read(name) for name in archive.namelist()})
    return packed


def test_every_file_release_packs_follows_its_schema(bundles: list[dict[str, bytes]]) -> None:
    checked = 0
    for entries in bundles:
        assert schema_problem("bundle", json.loads(entries["bundle.json"])) is None
        assert schema_problem("parcours", json.loads(entries["parcours.json"])) is None
        for name, data in entries.items():
            if name.startswith("epreuves/"):
                assert schema_problem("record", json.loads(data)) is None, name
                checked += 1
    assert checked > 100


def _a_record(bundles: list[dict[str, bytes]]) -> tuple[str, dict[str, Any], set[str]]:
    entries = bundles[0]
    name = next(n for n in entries if n.startswith("epreuves/"))
    assets = {n for n in entries if n.startswith("assets/")}
    return name, json.loads(entries[name]), assets


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda r: r.update(extra="?"), "(racine)"),
        (lambda r: r.update(format="énorme"), "format"),
        (lambda r: r.update(accessibility1="peut-être"), "accessibility1"),
        (lambda r: r.update(skillId="tableur"), "skillId"),
    ],
)
def test_a_record_outside_its_schema_is_refused_naming_the_field(
    bundles: list[dict[str, bytes]], change: Any, field: str
) -> None:
    name, record, assets = _a_record(bundles)
    change(record)
    with pytest.raises(BundleError, match=re.escape(f"`{field}`")):
        check_record(name, record, record["id"], assets)


def test_a_manifest_with_an_unknown_key_breaks_its_schema(bundles: list[dict[str, bytes]]) -> None:
    manifest = json.loads(bundles[0]["bundle.json"])
    manifest["signed_by"] = "moi"
    assert schema_problem("bundle", manifest) is not None
    del manifest["signed_by"]
    manifest["files"]["../evil"] = {"length": 1, "sha256": "0" * 64}
    assert schema_problem("bundle", manifest) is not None


def test_schemas_are_documented_in_french() -> None:
    for path in sorted(Path(PUBLISHED).glob("*.schema.json")):
        schema = json.loads(path.read_text("utf-8"))
        assert schema["title"]
        assert schema["description"]


def _inspect(path: Path, *extra: str) -> Any:
    import subprocess

    from .conftest import epreuve_executable

    return subprocess.run(
        [epreuve_executable(), "bundle", "inspect", str(path), *extra],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_inspect_shows_what_a_bundle_holds_and_says_its_signature_is_not_checked(tmp_path: Path) -> None:
    content = load_content(SAMPLE_CONTENT)
    parcours, raw = next((p, r) for p, r in content.parcours if p.id == "tableur")
    bundle = tmp_path / "tableur.zip"
    bundle.write_bytes(pack_parcours(content, parcours, raw, 3).data)
    text = _inspect(bundle)
    assert text.returncode == 0, text.stderr
    assert "parcours tableur version 3" in text.stdout
    assert "signature non vérifiée" in text.stdout
    assert "tableur-nom-cellule" in text.stdout
    document = json.loads(_inspect(bundle, "--format", "json").stdout)
    assert document["status"] == "readable"
    assert len(document["epreuves"]) == len(json.loads(_zip_entry(bundle, "bundle.json"))["epreuves"])


def _zip_entry(path: Path, name: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def test_inspect_refuses_a_tampered_bundle_with_its_code(tmp_path: Path) -> None:
    content = load_content(SAMPLE_CONTENT)
    parcours, raw = next((p, r) for p, r in content.parcours if p.id == "tableur")
    data = bytearray(pack_parcours(content, parcours, raw, 1).data)
    marker = data.find(b'"instruction":"')
    data[marker + 16] ^= 0x01  # one byte of a record: its hash no longer matches bundle.json
    bundle = tmp_path / "tampered.zip"
    bundle.write_bytes(bytes(data))
    result = _inspect(bundle, "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document["status"] == "refused"
    assert document["code"].startswith("BUNDLE-")
    missing = _inspect(tmp_path / "absent.zip")
    assert missing.returncode == 2
    assert "paquet illisible" in missing.stderr


_EDGE_VALUES: list[Any] = [
    True,
    False,
    0,
    1,
    -1,
    1.0,
    1.5,
    None,
    "",
    "x",
    "abc\n",
    [],
    ["fr-fr"],
    ["a", "a"],
    {},
]


def test_the_compiled_validator_refuses_all_that_jsonschema_refuses(bundles: list[dict[str, bytes]]) -> None:
    # schema_problem decides validity with fastjsonschema first: it must never accept what the
    # published schema (read by jsonschema) refuses, whatever the field and the value
    from epreuve_tools.bundle.schemas import _schema_bytes

    _, record, _ = _a_record(bundles)
    reference = Draft202012Validator(json.loads(_schema_bytes("record")))
    fields = [*json.loads(_schema_bytes("record"))["properties"], "extra"]
    refused = 0
    for field in fields:
        for value in _EDGE_VALUES:
            mutated = {**record, field: value}
            if not reference.is_valid(mutated):
                assert schema_problem("record", mutated) is not None, (field, value)
                refused += 1
        without = {key: value for key, value in record.items() if key != field}
        assert (schema_problem("record", without) is None) == reference.is_valid(without), field
    assert refused > 200
    manifest = json.loads(bundles[0]["bundle.json"])
    for field in ["version", "epreuves", "files", "parcours"]:
        for value in _EDGE_VALUES:
            mutated = {**manifest, field: value}
            if not Draft202012Validator(json.loads(_schema_bytes("bundle"))).is_valid(mutated):
                assert schema_problem("bundle", mutated) is not None, (field, value)


def test_a_value_only_the_compiled_validator_refuses_is_refused_naming_its_field(
    bundles: list[dict[str, bytes]],
) -> None:
    # jsonschema's `pattern` uses Python's `$`, which matches before a final line break
    _, record, _ = _a_record(bundles)
    record["skillId"] = record["skillId"] + "\n"
    assert Draft202012Validator(json.loads((SHIPPED / "record.schema.json").read_bytes())).is_valid(record)
    assert schema_problem("record", record) == (
        "champ `skillId` non conforme au schéma record.schema.json (mot-clé `pattern`)"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_the_shipped_compiled_validator_is_used_when_current(kind: str) -> None:
    import importlib

    from epreuve_tools.bundle.schemas import fast_validator

    shipped = importlib.import_module(f"epreuve_tools.schema.compiled.bundle.{kind}")
    assert fast_validator(kind) is shipped.validate
