"""`epreuve check --stdin-filename NOM [-]`: an editor's unsaved buffer checked as if it were NOM, the
rest of the tree read from the disk, and the cache never told that the buffer is the file."""

from __future__ import annotations

import argparse
import io
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from epreuve_tools.checker import CheckOptions, run_check
from epreuve_tools.cli import unsaved
from epreuve_tools.config import Config
from epreuve_tools.errors import UsageError
from epreuve_tools.selection import Selection
from tests.conftest import VALID_QCU, epreuve_executable

Tree = Callable[..., Path]

GOOD = VALID_QCU.format(id="bonne")
BAD = GOOD.replace("answer: 1", "answer: 7")
PARCOURS = (
    "id: parcours-un\ntitle: Un parcours\ndescription: Pour tester.\nversion: 1\nlocale: fr-fr\n"
    "audience: Agents\nepreuves:\n  - {id}\n"
)
ALL = Selection(("ALL",), (), {}, {})


def _check(cwd: Path, *arguments: str, text: str | bytes = b"") -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": str(cwd / ".user-cache")}
    environment.pop("GITHUB_ACTIONS", None)
    data = text.encode("utf-8") if isinstance(text, str) else text
    done = subprocess.run(
        [epreuve_executable(), "check", *arguments],
        cwd=cwd,
        input=data,
        capture_output=True,
        env=environment,
        timeout=120,
        check=False,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


def _cache_files(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in (root / ".epreuve_cache").rglob("*") if p.is_file()}


def test_the_buffer_is_checked_in_place_of_the_file(make_tree: Tree, tmp_path: Path) -> None:
    make_tree({"epreuves/bonne.md": GOOD})
    name = "content/epreuves/bonne.md"
    assert _check(tmp_path, name).returncode == 0  # the file on the disk is right
    done = _check(tmp_path, "--stdin-filename", name, "-", text=BAD)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    # the path is NOM's, and the line shown is the buffer's, not the disk's
    assert lines[0] == f"{name}:8:9: SEM-005 [erreur] la clé 7 ne désigne aucune des 2 propositions"
    assert lines[1] == "    8 | answer: 7"
    assert lines[-1] == "1 fichier vérifié : 1 erreur, 0 avertissement."
    # « - » may be left out
    assert _check(tmp_path, "--stdin-filename", name, text=BAD).stdout == done.stdout


def test_a_buffer_that_fixes_the_file_on_disk_is_clean(make_tree: Tree, tmp_path: Path) -> None:
    make_tree({"epreuves/bonne.md": BAD})
    done = _check(tmp_path, "--stdin-filename", "content/epreuves/bonne.md", "--format", "json", text=GOOD)
    assert done.returncode == 0, done.stdout + done.stderr
    assert '"diagnostics": []' in done.stdout


def test_the_cache_never_holds_the_buffer_as_the_file(make_tree: Tree, tmp_path: Path) -> None:
    make_tree({"epreuves/bonne.md": GOOD})
    name = "content/epreuves/bonne.md"
    assert _check(tmp_path, name).returncode == 0  # the cache now knows the file on the disk
    before = _cache_files(tmp_path)
    assert before
    assert _check(tmp_path, "--stdin-filename", name, text=BAD).returncode == 1
    assert _cache_files(tmp_path) == before
    # nor the other way round: a clean buffer leaves the error on the disk reported
    (tmp_path / name).write_text(BAD, "utf-8")
    assert _check(tmp_path, name).returncode == 1
    assert _check(tmp_path, "--stdin-filename", name, text=GOOD).returncode == 0
    assert _check(tmp_path, name).returncode == 1


def test_project_rules_read_the_other_files_from_the_disk(make_tree: Tree, tmp_path: Path) -> None:
    # the parcours on the disk cites « bonne »: the buffer renames the id, the parcours is shown
    make_tree({"epreuves/bonne.md": GOOD, "parcours/p.yaml": PARCOURS.format(id="bonne")})
    renamed = GOOD.replace("id: bonne", "id: renommee")
    done = _check(tmp_path, "--stdin-filename", "content/epreuves/bonne.md", text=renamed)
    assert "content/parcours/p.yaml" in done.stdout, done.stdout
    assert "SEM-016" in done.stdout


def test_a_parcours_can_come_from_the_buffer(make_tree: Tree, tmp_path: Path) -> None:
    make_tree({"epreuves/bonne.md": GOOD, "parcours/p.yaml": PARCOURS.format(id="bonne")})
    name = "content/parcours/p.yaml"
    assert _check(tmp_path, name).returncode == 0
    done = _check(tmp_path, "--stdin-filename", name, text=PARCOURS.format(id="absente"))
    assert done.returncode == 1
    assert done.stdout.startswith(f"{name}:8:5: SEM-016"), done.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("-",), "« - » (l'entrée standard) demande --stdin-filename"),
        (
            ("--stdin-filename", "content/epreuves/absente.md"),
            "fichier introuvable : content/epreuves/absente.md",
        ),
        (("--stdin-filename", "content/epreuves"), "est un dossier"),
        (("--stdin-filename", "notes.txt"), "n'est ni une épreuve (.md), ni un parcours"),
        (("--stdin-filename", "ailleurs/x.md"), "est hors du contenu"),
        (("--stdin-filename", "content/epreuves/bonne.md", "content"), "pas d'autre chemin"),
        (("--stdin-filename", "content/epreuves/bonne.md", "--fix"), "ne se combine pas avec --fix"),
        (("--stdin-filename", "content/epreuves/bonne.md", "--watch"), "ne se combine pas avec --watch"),
    ],
)
def test_usage_errors_in_french(
    arguments: tuple[str, ...], message: str, make_tree: Tree, tmp_path: Path
) -> None:
    make_tree({"epreuves/bonne.md": GOOD})
    (tmp_path / "notes.txt").write_text("x", "utf-8")
    (tmp_path / "ailleurs").mkdir()
    (tmp_path / "ailleurs" / "x.md").write_text(GOOD, "utf-8")
    done = _check(tmp_path, *arguments, text=GOOD)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_hostile_buffers_are_findings_never_tracebacks(make_tree: Tree, tmp_path: Path) -> None:
    make_tree({"epreuves/bonne.md": GOOD})
    name = "content/epreuves/bonne.md"
    for text in (b"", b"\xff\xfe\x00garbage", b"---\nid: [\n---\n", b"x" * (1024 * 1024 + 10)):
        done = _check(tmp_path, "--stdin-filename", name, text=text)
        assert done.returncode == 1, (text[:20], done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        assert done.stdout.startswith(name + ":")


# unit tests: the module without a process


def _arguments(*paths: str, name: str | None = None, **flags: bool) -> argparse.Namespace:
    return argparse.Namespace(
        paths=list(paths), stdin_filename=name, fix=False, diff=False, watch=False, **flags
    )


def test_paths_keep_nom_only() -> None:
    assert unsaved.paths(_arguments("content")) == ("content",)
    assert unsaved.paths(_arguments(name="content/epreuves/a.md")) == ("content/epreuves/a.md",)
    assert unsaved.paths(_arguments("-", name="content/epreuves/a.md")) == ("content/epreuves/a.md",)
    with pytest.raises(UsageError, match="demande --stdin-filename"):
        unsaved.paths(_arguments("content", "-"))


def test_read_takes_at_most_one_byte_more_than_an_epreuve(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree({"epreuves/bonne.md": GOOD})
    stream = io.BytesIO(b"y" * (3 * 1024 * 1024))
    path, data = unsaved.read(str(root / "epreuves" / "bonne.md"), Config(root=tmp_path), stream)
    assert path == str(root / "epreuves" / "bonne.md")
    assert len(data) == 1024 * 1024 + 1


def test_lines_reader_shows_the_buffer_for_nom_only() -> None:
    read = unsaved.lines_reader(lambda path: ["disque"], "content/epreuves/a.md", b"un\ndeux")
    assert read("content/epreuves/a.md") == ["un", "deux"]
    assert read("content/epreuves/b.md") == ["disque"]


def test_run_check_reads_the_buffer_and_writes_no_cache(
    make_tree: Tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    root = make_tree({"epreuves/bonne.md": GOOD, "epreuves/autre.md": VALID_QCU.format(id="autre")})
    target = str(root / "epreuves" / "bonne.md")

    def options(buffer: tuple[str, bytes] | None) -> CheckOptions:
        return CheckOptions(
            paths=(Path(target),), config=Config(root=tmp_path), selection=ALL, jobs=1, unsaved=buffer
        )

    report, _ = run_check(options(None))
    assert report.diagnostics == []
    before = _cache_files(tmp_path)
    report, _ = run_check(options((target, BAD.encode())))
    assert [(d.path, d.code) for d in report.diagnostics] == [("content/epreuves/bonne.md", "SEM-005")]
    assert _cache_files(tmp_path) == before
    report, _ = run_check(options(None))
    assert report.diagnostics == []


def test_the_configuration_is_nom_s_whatever_the_folder_the_editor_runs_in(
    make_tree: Tree, tmp_path: Path
) -> None:
    root = make_tree({"epreuves/bonne.md": GOOD})
    (tmp_path / "epreuve.toml").write_text('ignore = ["SEM-005"]\n', "utf-8")
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    name = str(root / "epreuves" / "bonne.md")
    done = _check(elsewhere, "--stdin-filename", name, "--format", "json", text=BAD)
    assert done.returncode == 0, done.stdout + done.stderr  # the project's `ignore` applies
    assert '"files": 1' in done.stdout
    shown = _check(elsewhere, "--stdin-filename", name, "--ignore", "ITEM", text=BAD)
    assert shown.stdout.startswith("content/epreuves/bonne.md:8:9: SEM-005"), shown.stdout  # project-relative


def test_a_terminal_on_standard_input_is_refused_not_awaited(make_tree: Tree, tmp_path: Path) -> None:
    class Terminal(io.BytesIO):
        def isatty(self) -> bool:
            return True

    root = make_tree({"epreuves/bonne.md": GOOD})
    with pytest.raises(UsageError, match="qui est ici le terminal"):
        unsaved.read(str(root / "epreuves" / "bonne.md"), Config(root=tmp_path), Terminal(b"x"))
