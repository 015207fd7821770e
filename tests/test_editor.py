"""The editor association documented in docs/editeur.md really points at the right schemas.

`.vscode/settings.json` maps each schema to file globs (yaml-language-server's `yaml.schemas`);
modelines `# yaml-language-server: $schema=…` do the same per file. Each association must name an
existing schema, match real files, and those files must validate against it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from epreuve_tools.parsing.yaml12 import Loaded, load
from tests.conftest import ROOT

SETTINGS = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))
MODELINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$", re.MULTILINE)


def _validate(schema_path: Path, document: Path) -> None:
    loaded = load(document.read_text("utf-8"))
    assert isinstance(loaded, Loaded), loaded
    schema = json.loads(schema_path.read_text("utf-8"))
    errors = [e.message for e in Draft202012Validator(schema).iter_errors(loaded.data)]
    assert errors == [], document


ASSOCIATIONS = [
    (schema, glob)
    for schema, globs in SETTINGS["yaml.schemas"].items()
    for glob in ([globs] if isinstance(globs, str) else globs)
]


@pytest.mark.parametrize(("schema", "glob"), ASSOCIATIONS)
def test_workspace_association_matches_valid_files(schema: str, glob: str) -> None:
    schema_path = (ROOT / schema).resolve()
    assert schema_path.is_file()
    matched = sorted(ROOT.glob(glob))
    assert matched, f"{glob} matches no file"
    for document in matched:
        _validate(schema_path, document)


def test_every_modeline_points_at_the_schema_that_validates_its_file() -> None:
    with_modeline = []
    for document in sorted((ROOT / "content").rglob("*.yaml")):
        match = MODELINE.search(document.read_text("utf-8"))
        if match:
            with_modeline.append(document)
            _validate((document.parent / match.group(1)).resolve(), document)
    assert with_modeline
