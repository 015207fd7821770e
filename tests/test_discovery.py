"""What `epreuve check` finds and reads in a tree it does not trust, and what it shows of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from epreuve_tools import discovery
from epreuve_tools.checker import CheckOptions, run_check
from epreuve_tools.config import Config
from epreuve_tools.errors import UsageError
from epreuve_tools.parsing import source
from epreuve_tools.selection import Selection
from tests.conftest import VALID_QCU, Result

Tree = Callable[..., Path]
ALL = Selection(("ALL",), (), {}, {})


def _png() -> bytes:
    """A real, readable 320 x 200 image (the image checks decode what épreuves cite)."""
    import io

    from PIL import Image

    image = Image.new("RGB", (320, 200), "white")
    image.putpixel((10, 10), (0, 0, 0))
    stream = io.BytesIO()
    image.save(stream, "PNG")
    return stream.getvalue()


BAD = VALID_QCU.format(id="bad").replace("answer: 1", "answer: 9")  # SEM-005 at line 8
PARCOURS = (
    "id: parcours-un\ntitle: Un parcours\ndescription: Pour tester.\nversion: 1\nlocale: fr-fr\n"
    "audience: Agents\nepreuves:\n  - {id}\n"
)


@pytest.fixture(autouse=True)
def _user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def check(
    *paths: Path, project: Path, select: Selection = ALL, config: Config | None = None, force: bool = False
) -> list[tuple[str, int, str]]:
    options = CheckOptions(
        paths=paths,
        config=config or Config(root=project),
        selection=select,
        jobs=1,
        use_cache=False,
        force_exclude=force,
    )
    report, _ = run_check(options)
    return [(d.path, d.span.start.line, d.code) for d in report.diagnostics]


def test_the_size_cap_is_the_parsers(tmp_path: Path) -> None:
    assert discovery.MAX_FILE_BYTES == source.MAX_FILE_BYTES


def test_a_link_looping_on_itself_is_reported_and_its_folder_still_checked(
    make_tree: Tree, tmp_path: Path
) -> None:
    root = make_tree({"epreuves/a/bad.md": BAD})
    os.symlink("boucle.md", root / "epreuves" / "a" / "boucle.md")
    assert check(root, project=tmp_path) == [
        ("content/epreuves/a/bad.md", 8, "SEM-005"),
        ("content/epreuves/a/boucle.md", 1, "PARSE-011"),
    ]


def test_a_link_to_an_ancestor_is_not_followed_again_and_again(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree({"epreuves/a/bad.md": BAD})
    os.symlink("..", root / "epreuves" / "a" / "encore")
    found = check(root, project=tmp_path)
    assert found == [
        ("content/epreuves/a/bad.md", 8, "SEM-005"),
        ("content/epreuves/a/encore", 1, "PARSE-011"),
    ]


def test_a_fifo_named_like_an_epreuve_is_reported_without_waiting(
    make_tree: Tree, tmp_path: Path, run_epreuve: Callable[..., Result]
) -> None:
    root = make_tree({"epreuves/bad.md": BAD})
    os.mkfifo(root / "epreuves" / "tube.md")  # nobody ever writes to it: reading would wait forever
    result = run_epreuve("check", "--format", "json", str(root))
    assert result.code == 1
    found = [(d["file"], d["code"]) for d in result.json()["diagnostics"]]
    assert found == [("content/epreuves/bad.md", "SEM-005"), ("content/epreuves/tube.md", "PARSE-011")]
    assert "tube nommé" in result.stdout


def test_a_device_is_not_read_until_memory_runs_out(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree({})
    # /dev/zero has no end: a plain read() of it would fill the memory
    assert discovery.read_regular_file("/dev/zero") == discovery.read_regular_file("/dev/null")
    finding = discovery.read_regular_file("/dev/zero")
    assert not isinstance(finding, bytes)
    assert finding.code == "PARSE-011"
    assert "périphérique" in finding.message
    assert root.exists()


def test_a_file_over_the_cap_is_refused_from_its_size(tmp_path: Path) -> None:
    big = tmp_path / "gros.md"
    big.write_bytes(b"x" * (discovery.MAX_FILE_BYTES + 10))
    finding = discovery.read_regular_file(str(big))
    assert not isinstance(finding, bytes)
    assert finding.code == "PARSE-007"
    assert str(discovery.MAX_FILE_BYTES + 10) in finding.message


def _without_root_file_access() -> None:
    """Root reads any folder whatever its mode: drop the two capabilities that allow it from the
    bounding set, so that the command run next meets the refusal an author would."""
    if os.getuid() != 0:
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for capability in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
            os._exit(97)


def test_an_unreadable_folder_is_a_diagnostic_not_a_silent_skip(tmp_path: Path) -> None:
    root = tmp_path / "content"
    (root / "epreuves" / "prive").mkdir(parents=True)
    (root / "epreuves" / "a.md").write_text(VALID_QCU.format(id="epreuve-a"), "utf-8")
    (root / "epreuves" / "prive" / "b.md").write_text(BAD, "utf-8")
    (root / "epreuves" / "prive").chmod(0o000)
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "epreuve_tools", "check", "--no-cache", "--format", "json", str(root)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            preexec_fn=_without_root_file_access,
            check=False,
            timeout=60,
        )
    finally:
        (root / "epreuves" / "prive").chmod(0o755)
    if completed.returncode == 97:
        pytest.skip("this system does not let a process drop its capabilities")
    assert completed.returncode == 1, completed.stderr
    found = [(d["file"], d["code"], d["message"]) for d in json.loads(completed.stdout)["diagnostics"]]
    assert [(path, code) for path, code, _ in found] == [("content/epreuves/prive", "PARSE-011")]
    assert found[0][2].startswith("dossier illisible (permission refusée)")


def test_select_never_hides_a_file_that_could_not_be_read(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree({"epreuves/vide.md": "", "epreuves/bad.md": BAD})
    only_keys = Selection(("KEY",), (), {}, {})
    assert check(root, project=tmp_path, select=only_keys) == [("content/epreuves/vide.md", 1, "PARSE-003")]
    ignoring = Selection(("ALL",), ("PARSE", "SEM"), {}, {})
    assert check(root, project=tmp_path, select=ignoring) == [("content/epreuves/vide.md", 1, "PARSE-003")]
    per_file = Selection(("ALL",), (), {}, {"content/epreuves/*": ("PARSE-003",)})
    assert ("content/epreuves/vide.md", 1, "PARSE-003") in check(root, project=tmp_path, select=per_file)


def test_a_run_that_checks_no_file_is_a_usage_error(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree({"epreuves/a.md": VALID_QCU.format(id="epreuve-a")})
    (root / "vide").mkdir()
    with pytest.raises(UsageError, match="aucun fichier vérifié"):
        check(root / "vide", project=tmp_path)


def test_the_referentiel_counts_as_a_checked_file(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree({"epreuves/a.md": VALID_QCU.format(id="epreuve-a")})
    report, _ = run_check(CheckOptions(paths=(root,), config=Config(root=tmp_path), selection=ALL, jobs=1))
    assert report.files_checked == 2


def test_files_named_twice_are_reported_once(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree({"epreuves/bad.md": BAD})
    bad = root / "epreuves" / "bad.md"
    assert check(bad, bad, root / "epreuves", project=tmp_path) == [("content/epreuves/bad.md", 8, "SEM-005")]


def test_exclude_applies_to_named_files_only_with_force_exclude(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree({"epreuves/brouillons/bad.md": BAD, "epreuves/a.md": VALID_QCU.format(id="epreuve-a")})
    config = Config(root=tmp_path, exclude=("content/epreuves/brouillons/**",))
    bad = root / "epreuves" / "brouillons" / "bad.md"
    assert check(root, project=tmp_path, config=config) == []
    assert check(bad, project=tmp_path, config=config) == [
        ("content/epreuves/brouillons/bad.md", 8, "SEM-005")
    ]
    # the one file named is excluded: nothing to check, which is no error (a commit of drafts only)
    assert check(bad, project=tmp_path, config=config, force=True) == []
    assert check(bad, root / "epreuves" / "a.md", project=tmp_path, config=config, force=True) == []


def test_a_parcours_citing_a_renamed_id_is_shown_when_only_the_epreuve_is_checked(
    make_tree: Tree, tmp_path: Path
) -> None:
    root = make_tree(
        {
            "epreuves/a.md": VALID_QCU.format(id="nouvel-id"),
            "parcours/p.yaml": PARCOURS.format(id="ancien-id"),
        }
    )
    found = check(root / "epreuves" / "a.md", project=tmp_path)
    assert [(path, code) for path, _, code in found] == [("content/parcours/p.yaml", "SEM-016")]


def test_check_dot_inside_a_content_tree_without_configuration(
    tmp_path: Path, run_epreuve: Callable[..., Result]
) -> None:
    from tests.conftest import MINIMAL_REFERENTIEL

    root = tmp_path / "outside-any-repository" / "content"
    folder = root / "epreuves" / "theme"
    folder.mkdir(parents=True)
    (root / "referentiel.yaml").write_text(MINIMAL_REFERENTIEL, "utf-8")
    (folder / "images").mkdir()
    (folder / "images" / "schema.png").write_bytes(_png())
    illustrated = VALID_QCU.format(id="epreuve-a").replace(
        "Quelle pratique", "![Un schéma du réseau](images/schema.png)\n\nQuelle pratique"
    )
    (folder / "a.md").write_text(illustrated, "utf-8")
    (root / "epreuves" / "ailleurs.md").write_text(BAD, "utf-8")
    result = run_epreuve("check", ".", cwd=folder)
    assert result.code == 0, result.stdout + result.stderr
    assert "SEM-015" not in result.stdout
    assert "1 fichier" in result.stdout or "1 épreuve" in result.stdout


def test_a_cache_folder_that_is_a_link_is_not_used_and_the_user_is_told(
    make_tree: Tree, tmp_path: Path, run_epreuve: Callable[..., Result]
) -> None:
    root = make_tree({"epreuves/bad.md": BAD})
    beside = tmp_path / "beside"
    beside.mkdir()
    (beside / "precious.txt").write_text("keep me", "utf-8")
    (tmp_path / ".git").mkdir()  # the project root, where the cache would go
    os.symlink(beside, tmp_path / ".epreuve_cache")
    result = run_epreuve("check", str(root))
    assert result.code == 1
    assert "SEM-005" in result.stdout
    assert "note : cache .epreuve_cache/ non utilisé" in result.stderr
    assert [p.name for p in beside.iterdir()] == ["precious.txt"]


def test_checking_one_epreuve_does_not_show_unrelated_parcours_problems(
    make_tree: Tree, tmp_path: Path
) -> None:
    duplicated = PARCOURS.format(id="epreuve-a")
    root = make_tree(
        {
            "epreuves/a.md": VALID_QCU.format(id="epreuve-a"),
            "parcours/p1.yaml": duplicated.replace("title: Un parcours", "title: [pas un titre]"),
            "parcours/p2.yaml": duplicated,  # same parcours id: SEM-018, nothing to do with a.md
        }
    )
    assert check(root / "epreuves" / "a.md", project=tmp_path) == []
    whole = {code for *_, code in check(root, project=tmp_path)}
    assert {"SEM-018", "SCHEMA-003"} <= whole
