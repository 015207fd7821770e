"""Release notes (`changelog/<n>.md` and `.json` in a release) and `epreuve diff`: what changed, épreuve by
épreuve, with the changes that can turn a right answer into a wrong one called out first."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from epreuve_tools.release.changes import as_json, diff_parcours, diff_records, markdown

from .conftest import SAMPLE_CONTENT, epreuve_executable

EPOCH = str(int(time.time()) // 86400 * 86400)
KEY_EPREUVE = SAMPLE_CONTENT / "epreuves" / "2-communication" / "services-publics-france-services.md"


def _record(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {"id": "x", "solution": "12", "t1Status": True, "instruction": "Combien ?"}
    base.update(fields)
    return base


def test_changes_are_sorted_and_semantic_ones_called_out() -> None:
    before = {"a": _record(), "b": _record(), "c": _record()}
    after = {"a": _record(solution="13"), "c": _record(instruction="Combien font 6 + 6 ?"), "d": _record()}
    changes = {change.epreuve: change for change in diff_records(before, after)}
    assert changes["a"].kind == "changed"
    assert changes["a"].semantic
    assert [f.field for f in changes["a"].fields] == ["solution"]
    assert changes["b"].kind == "retired"
    assert not changes["c"].semantic
    assert changes["d"].kind == "added"
    text = markdown("Notes", [diff_parcours("p", (1, ("a", "b", "c"), before), (2, ("a", "c", "d"), after))])
    assert "version 1 → 2" in text
    assert "`a` : modifiée — **à relire : clé**" in text
    assert "clé : « 12 » → « 13 »" in text
    assert text.index("`a`") < text.index("`c`")  # the semantic change first
    assert "consigne réécrite" in text


def test_order_change_is_noticed_and_an_unchanged_parcours_is_left_out() -> None:
    records = {"a": _record(), "b": _record()}
    moved = diff_parcours("p", (1, ("a", "b"), records), (1, ("b", "a"), records))
    assert moved.order_changed
    same = diff_parcours("q", (1, ("a", "b"), records), (1, ("a", "b"), records))
    assert same.empty
    document = as_json("Notes", [moved, same])
    assert [p["parcours"] for p in document["parcours"]] == ["p"]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": EPOCH}
    environment["XDG_CACHE_HOME"] = str(cwd / ".user-cache")
    return subprocess.run(
        [epreuve_executable(), *args], cwd=cwd, capture_output=True, text=True, env=environment, timeout=300,
        check=False,
    )  # fmt: skip


def _project(where: Path) -> Path:
    where.mkdir(parents=True)
    shutil.copytree(SAMPLE_CONTENT, where / "content")
    (where / "epreuve.toml").write_text('content = "content"\n', "utf-8")
    return where


def _withdraw(project: Path) -> str:
    """Send a validated épreuve back to `proposé`: it leaves its parcours' bundle at the next release."""
    path = project / "content" / KEY_EPREUVE.relative_to(SAMPLE_CONTENT)
    text = path.read_text("utf-8")
    assert "\nstatus: validé\n" in text
    path.write_text(text.replace("\nstatus: validé\n", "\nstatus: proposé\n", 1), "utf-8")
    return next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("id:"))


def test_each_release_writes_its_notes_once(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    first = _run("release", "--dev", cwd=project)
    assert first.returncode == 0, first.stderr
    notes_dir = project / "build" / "release" / "changelog"
    assert "nouveau parcours, version 1" in (notes_dir / "1.md").read_text("utf-8")
    again = _run("release", "--dev", cwd=project)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in notes_dir.iterdir()) == ["1.json", "1.md"]  # nothing changed: no notes
    epreuve_id = _withdraw(project)
    third = _run("release", "--dev", cwd=project)
    assert third.returncode == 0, third.stderr
    notes = (notes_dir / "2.md").read_text("utf-8")
    assert f"`{epreuve_id}` : retirée" in notes
    assert "notes de publication" in third.stdout
    document = json.loads((notes_dir / "2.json").read_text("utf-8"))
    changed = [e for p in document["parcours"] for e in p["epreuves"]]
    assert [e["id"] for e in changed] == [epreuve_id] * len(changed)
    assert all(p["after_version"] == p["before_version"] + 1 for p in document["parcours"])


def test_diff_of_two_releases_and_of_two_git_revisions(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "avant"], cwd=project, check=True)
    assert _run("release", "--dev", "--out", "build/avant", cwd=project).returncode == 0
    epreuve_id = _withdraw(project)
    subprocess.run([*git, "commit", "-qam", "après"], cwd=project, check=True)
    assert _run("release", "--dev", "--out", "build/apres", cwd=project).returncode == 0

    releases = _run("diff", "build/avant", "build/apres", cwd=project)
    assert releases.returncode == 0, releases.stderr
    assert f"`{epreuve_id}` : retirée" in releases.stdout
    revisions = _run("diff", "HEAD~1", "HEAD", "--format", "json", cwd=project)
    assert revisions.returncode == 0, revisions.stderr
    document = json.loads(revisions.stdout)
    everything = document["parcours"][0]
    assert everything["parcours"] == "toutes-les-epreuves"
    assert [e["id"] for e in everything["epreuves"]] == [epreuve_id]
    (status,) = everything["epreuves"][0]["fields"]
    assert (status["field"], status["before"], status["after"], status["semantic"]) == (
        "status", "validé", "proposé", True,
    )  # fmt: skip
    left = [p for p in document["parcours"][1:] for e in p["epreuves"] if e["change"] == "retired"]
    assert left  # and it left its parcours
    text = _run("diff", "HEAD~1", "HEAD", cwd=project).stdout
    assert f"`{epreuve_id}` : modifiée — **à relire : statut**" in text
    assert "statut : « validé » → « proposé »" in text
    mixed = _run("diff", "build/avant", "HEAD", cwd=project)
    assert mixed.returncode == 2
    unknown = _run("diff", "pas-une-revision", "HEAD", cwd=project)
    assert unknown.returncode == 2
    assert "révision git illisible" in unknown.stderr
