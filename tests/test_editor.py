"""The editor association documented in docs/editeur.md really points at the right schemas.

`.vscode/settings.json` maps each schema to file globs (yaml-language-server's `yaml.schemas`);
modelines `# yaml-language-server: $schema=…` do the same per file. Each association must name an
existing schema, match real files, and those files must validate against it.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from epreuve_tools.parsing.yaml12 import Loaded, load
from tests.conftest import ROOT
from tests.lsp import LanguageServer

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


SERVER = ROOT / "tests" / "editor" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
MODELINE_LINE = re.compile(r"^#\s*yaml-language-server:.*\n", re.MULTILINE)


@pytest.fixture(scope="module")
def server() -> Iterator[LanguageServer]:
    """The real yaml-language-server (npm), set up with the workspace's own `.vscode/settings.json`."""
    if not SERVER.exists() or shutil.which("node") is None:
        pytest.fail(
            "yaml-language-server is not installed: npm ci --prefix tests/editor (the nox tests session does it)"
        )
    settings = {
        "yaml": {
            key.removeprefix("yaml."): value for key, value in SETTINGS.items() if key.startswith("yaml.")
        }
    }
    settings["yaml"]["validate"] = True
    server = LanguageServer(["node", str(SERVER), "--stdio"], ROOT, settings)
    yield server
    server.close()


EDITED = [
    ROOT / "content" / "referentiel.yaml",
    ROOT / "content" / "parcours" / "bureautique-essentiels.yaml",
]


@pytest.mark.parametrize("path", EDITED, ids=lambda p: p.name)
def test_language_server_accepts_the_sample_file(server: LanguageServer, path: Path) -> None:
    text = MODELINE_LINE.sub("", path.read_text("utf-8"))  # the workspace settings alone must suffice
    assert server.diagnostics(path, text) == []


@pytest.mark.parametrize("path", EDITED, ids=lambda p: p.name)
def test_language_server_reports_errors_at_their_line(server: LanguageServer, path: Path) -> None:
    text = MODELINE_LINE.sub("", path.read_text("utf-8")) + "couleur: bleu\n"
    diagnostics = server.diagnostics(path, text)
    last_line = text.count("\n") - 1
    assert any(d["range"]["start"]["line"] == last_line and d.get("severity") == 1 for d in diagnostics), (
        diagnostics
    )


def test_language_server_follows_the_modeline_outside_the_globs(server: LanguageServer) -> None:
    path = ROOT / "content" / "brouillon-parcours.yaml"  # matched by no glob of the settings
    text = "# yaml-language-server: $schema=../schemas/parcours.schema.json\nid: X\n"
    diagnostics = server.diagnostics(path, text)
    assert diagnostics, "the modeline should bring the parcours schema"


def test_language_server_shows_the_french_descriptions_on_hover(server: LanguageServer) -> None:
    path = ROOT / "content" / "parcours" / "bureautique-essentiels.yaml"
    text = MODELINE_LINE.sub("", path.read_text("utf-8"))
    line = next(number for number, content in enumerate(text.split("\n")) if content.startswith("version:"))
    assert "publi" in server.hover(path, text, line, 2)
