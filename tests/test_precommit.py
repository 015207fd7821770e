"""The hooks of .pre-commit-hooks.yaml, run by the real pre-commit on a throwaway content repository
that uses this repository (at its current commit) as its hook repository. Nothing is downloaded:
the hooks are `language: system`, they run the `epreuve` command of this environment."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import MINIMAL_REFERENTIEL, ROOT, VALID_QCU, epreuve_executable

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
# another question than the clean épreuve's: two near-identical épreuves are a finding of their own
BAD_QCU = (
    VALID_QCU.format(id="cle-fausse")
    .replace("answer: 1", "answer: 7")
    .replace("Quelle pratique protège le mieux un compte ?", "Où ranger ses mots de passe en sécurité ?")
    .replace("- Une phrase de passe longue et unique", "- Dans un gestionnaire de mots de passe")
    .replace("- Le même mot de passe partout", "- Sur un papier collé à l'écran")
)


def _hooks() -> dict[str, dict[str, Any]]:
    return {hook["id"]: hook for hook in yaml.safe_load(HOOKS_FILE.read_text("utf-8"))}


def _pre_commit() -> str:
    found = Path(sys.executable).parent / "pre-commit"
    if not found.exists():
        pytest.skip("pre-commit is not installed in this environment (a test dependency)")
    return str(found)


def _git(*arguments: str, cwd: Path) -> str:
    done = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _hook_revision() -> str:
    """This repository's current commit, which must hold the hooks file as it is on disk: pre-commit
    reads hooks from a commit, never from a work tree."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("this copy of the project is not a git repository")
    revision = _git("rev-parse", "HEAD", cwd=ROOT)
    committed = subprocess.run(
        ["git", "show", f"{revision}:.pre-commit-hooks.yaml"], cwd=ROOT, capture_output=True, check=False
    ).stdout
    assert committed == HOOKS_FILE.read_bytes(), "commit .pre-commit-hooks.yaml: pre-commit reads the commit"
    return revision


Project = Callable[..., Path]


@pytest.fixture
def content_repository(tmp_path: Path) -> Project:
    """A git repository of content whose .pre-commit-config.yaml uses this repository's hooks."""

    def make(files: dict[str, str], hooks: tuple[str, ...] = ("epreuve-check",), toml: str = "") -> Path:
        repository = tmp_path / "contenu"
        for relative, text in {"content/referentiel.yaml": MINIMAL_REFERENTIEL, **files}.items():
            path = repository / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
        if toml:
            (repository / "epreuve.toml").write_text(toml, "utf-8")
        config = {
            "repos": [{"repo": str(ROOT), "rev": _hook_revision(), "hooks": [{"id": hook} for hook in hooks]}]
        }
        (repository / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
        _git("init", "-q", cwd=repository)
        _git("add", "-A", cwd=repository)
        return repository

    return make


def _run_hooks(repository: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`pre-commit run` on every file of the repository, or on `--files …` when given."""
    environment = {
        **os.environ,
        # this environment's `epreuve` first: the command a `language: system` hook runs
        "PATH": str(Path(epreuve_executable()).parent) + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(repository.parent / "pre-commit-home"),  # no user cache touched
        "XDG_CACHE_HOME": str(repository.parent / "cache"),
        "NO_COLOR": "1",
        # a git that cannot reach a network: pre-commit clones the hook repository from disk
        "GIT_ALLOW_PROTOCOL": "file",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [_pre_commit(), "run", "--color", "never", *(arguments or ("--all-files",))],
        cwd=repository,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )


def test_the_hooks_file_declares_both_hooks_offline() -> None:
    hooks = _hooks()
    assert set(hooks) == {"epreuve-check", "epreuve-fmt"}
    for hook in hooks.values():
        assert hook["language"] == "system"  # nothing for pre-commit to install or download
        assert "additional_dependencies" not in hook
        assert hook["pass_filenames"] is True
    assert hooks["epreuve-check"]["entry"] == "epreuve check --force-exclude"
    assert hooks["epreuve-fmt"]["entry"] == "epreuve fmt --force-exclude"


@pytest.mark.parametrize(
    ("path", "checked"),
    [
        ("content/epreuves/4-securite/mot-de-passe.md", True),
        ("epreuves/a.md", True),
        ("content/parcours/securite.yaml", True),
        ("content/referentiel.yaml", True),
        ("content/epreuves/images/capture.png", False),
        ("README.md", False),
        ("content/parcours/brouillons/vieux.yaml", False),
        ("docs/mes-epreuves.md", False),
    ],
)
def test_the_hooks_see_content_files_only(path: str, checked: bool) -> None:
    for hook in _hooks().values():
        assert (re.search(hook["files"], path) is not None) is checked, hook["id"]


def test_pre_commit_passes_a_clean_tree_and_honours_exclude(content_repository: Project) -> None:
    repository = content_repository(
        {
            "content/epreuves/bonne.md": VALID_QCU.format(id="bonne-cle"),
            # a draft the configuration excludes: pre-commit names it, --force-exclude keeps it out
            "content/epreuves/brouillons/cassee.md": BAD_QCU,
        },
        toml='exclude = ["content/epreuves/brouillons/**"]\n',
    )
    done = _run_hooks(repository)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"épreuves \(epreuve check\)\.+Passed", done.stdout), done.stdout


def test_a_commit_of_excluded_drafts_only_passes(content_repository: Project) -> None:
    draft = "content/epreuves/brouillons/cassee.md"
    repository = content_repository({draft: BAD_QCU}, toml='exclude = ["content/epreuves/brouillons/**"]\n')
    done = _run_hooks(repository, "--files", draft)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_fmt_hook_leaves_excluded_drafts_as_written(content_repository: Project) -> None:
    draft = "content/epreuves/brouillons/cassee.md"  # « sécurité ? » would take a non-breaking space
    repository = content_repository(
        {draft: BAD_QCU}, hooks=("epreuve-fmt",), toml='exclude = ["content/epreuves/brouillons/**"]\n'
    )
    done = _run_hooks(repository, "--files", draft)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (repository / draft).read_text("utf-8") == BAD_QCU


def test_pre_commit_fails_on_a_broken_epreuve_with_our_diagnostics(content_repository: Project) -> None:
    repository = content_repository(
        {"content/epreuves/bonne.md": VALID_QCU.format(id="bonne-cle"), "content/epreuves/cassee.md": BAD_QCU}
    )
    done = _run_hooks(repository)
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"épreuves \(epreuve check\)\.+Failed", done.stdout), done.stdout
    assert "content/epreuves/cassee.md:8:9: SEM-005 [erreur]" in done.stdout
    assert "la clé 7 ne désigne aucune des 2 propositions" in done.stdout
    assert "bonne.md" not in done.stdout.split("Failed", 1)[1]


def _fmt_exists() -> bool:
    done = subprocess.run([epreuve_executable(), "fmt", "--help"], capture_output=True, check=False)
    return done.returncode == 0


def test_pre_commit_runs_the_fmt_hook(content_repository: Project) -> None:
    if not _fmt_exists():
        pytest.skip("`epreuve fmt` does not exist yet (issue #13, item 3): its hook is declared, not run")
    repository = content_repository(
        {"content/epreuves/bonne.md": VALID_QCU.format(id="bonne-cle")}, hooks=("epreuve-fmt",)
    )
    epreuve = repository / "content" / "epreuves" / "bonne.md"
    before = epreuve.read_text("utf-8")
    first = _run_hooks(repository)
    # « compte ? » takes a non-breaking space (French typography): the hook rewrites the file, and
    # pre-commit fails the commit so that the author sees and stages the change
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert epreuve.read_text("utf-8") != before
    _git("add", "-A", cwd=repository)
    second = _run_hooks(repository)  # formatted once, nothing left to change
    assert second.returncode == 0, second.stdout + second.stderr
    assert re.search(r"épreuves \(epreuve fmt\)\.+Passed", second.stdout), second.stdout
