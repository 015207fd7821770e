"""Shared helpers: run the real `epreuve` command, build content trees, read inline expectations."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE_CONTENT = ROOT / "content"


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self) -> dict:  # type: ignore[type-arg]
        return json.loads(self.stdout)


def epreuve_executable() -> str:
    """The console script installed beside the interpreter: the command users run."""
    candidate = Path(sys.executable).parent / "epreuve"
    found = candidate if candidate.exists() else shutil.which("epreuve")
    if found is None:
        pytest.fail("the `epreuve` command is not installed (pip install -e .)")
    return str(found)


@pytest.fixture
def run_epreuve(tmp_path: Path) -> Callable[..., Result]:
    """Run the real `epreuve` command in a subprocess (default cwd: a fresh temporary folder)."""

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
        environment = {**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": str(tmp_path / ".user-cache")}
        environment.pop("GITHUB_ACTIONS", None)
        environment.update(env or {})
        completed = subprocess.run(
            [epreuve_executable(), *args],
            cwd=cwd or tmp_path,
            capture_output=True,
            text=True,
            env=environment,
            timeout=120,
            check=False,
        )
        return Result(completed.returncode, completed.stdout, completed.stderr)

    return run


MINIMAL_REFERENTIEL = """\
domaines:
  - code: 4
    title: Protection et sécurité
competences:
  - index: "4.1"
    title: Sécuriser l'environnement numérique
    domaine: 4
tubes:
  - name: "@motDePasse"
    title: Mots de passe
    competence: "4.1"
"""

_QCU = """\
---
id: {id}
type: qcu
competence: "4.1"
tube: "@motDePasse"
level: 1
status: validé
answer: 1
---
Quelle pratique protège le mieux un compte ?{tail}

::: propositions
- Une phrase de passe longue et unique
- Le même mot de passe partout
:::
"""
_FILE_WORDS = [
    "agenda",
    "archive",
    "annexe",
    "bilan",
    "budget",
    "congé",
    "contrat",
    "courrier",
    "dossier",
    "facture",
    "mission",
    "planning",
    "rapport",
    "registre",
    "réunion",
    "tableau",
    "convention",
    "note",
    "arrêté",
    "circulaire",
    "avenant",
    "devis",
    "inventaire",
    "relevé",
]


class _DistinctQcu:
    """A valid QCU per id, on the same lines whatever the id: its question ends with a file reference
    made of words drawn from the id, so that two test épreuves are not near-duplicates (ITEM-012)."""

    def format(self, *, id: str) -> str:
        import hashlib

        digest = hashlib.sha256(id.encode("utf-8")).digest()
        words = " ".join(_FILE_WORDS[byte % len(_FILE_WORDS)] for byte in digest[:16])
        return _QCU.format(id=id, tail=f" Dossier {words}.")


VALID_QCU = _DistinctQcu()


@pytest.fixture
def make_tree(tmp_path: Path) -> Callable[..., Path]:
    """Write a content tree: `referentiel.yaml` (unless None) and the given files, by relative path."""

    def make(files: dict[str, str | bytes], *, referentiel: str | None = MINIMAL_REFERENTIEL) -> Path:
        root = tmp_path / "content"
        root.mkdir(exist_ok=True)
        if referentiel is not None:
            (root / "referentiel.yaml").write_text(referentiel, "utf-8")
        for relative, content in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, "utf-8")
        return root

    return make


def pytest_configure(config: pytest.Config) -> None:
    # tests/test_site_browser.py: they need Debian's Chromium (/usr/bin/chromium); `-m "not browser"` skips them
    config.addinivalue_line("markers", "browser: tests run in headless Chromium (/usr/bin/chromium)")
