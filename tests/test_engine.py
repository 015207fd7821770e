"""The checking engine in process: internal errors, the cache, determinism."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from epreuve_tools.analyser import PARALLEL_THRESHOLD, Analyser
from epreuve_tools.analysis import analyse_epreuve
from epreuve_tools.cache import CACHE_DIR
from epreuve_tools.checker import CheckOptions, run_check
from epreuve_tools.cli import main
from epreuve_tools.config import Config
from epreuve_tools.diagnostics import Finding, Severity
from epreuve_tools.model import Epreuve
from epreuve_tools.registry import Rule, Scope
from epreuve_tools.rules import REGISTRY
from epreuve_tools.selection import Selection
from epreuve_tools.settings import DEFAULT_SETTINGS, RuleSettings
from epreuve_tools.worker import EarlyWorker
from tests.conftest import FIXTURES, ROOT, VALID_QCU

Tree = Callable[..., Path]
ALL = Selection(("ALL",), (), {}, {})


@pytest.fixture(autouse=True)
def _user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def _check(
    root: Path,
    project: Path,
    *,
    use_cache: bool = True,
    jobs: int | None = 1,
    early: bool = False,
    parallel_threshold: int = PARALLEL_THRESHOLD,
) -> list[tuple[str, int, str]]:
    report, _ = run_check(
        CheckOptions(
            paths=(root,), config=Config(root=project), selection=ALL, use_cache=use_cache, jobs=jobs
        ),
        Analyser(
            jobs,
            early=EarlyWorker.start() if early else None,
            parallel_threshold=parallel_threshold,
        ),
    )
    return [(d.path, d.span.start.line, d.code) for d in report.diagnostics]


def _crashing_rule(epreuve: Epreuve) -> Iterator[Finding]:
    if epreuve.id == "boom":
        raise RuntimeError("bug in a rule")
    yield from ()


@pytest.fixture
def crashing_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = Rule(
        "TEST-001", "test-crash", Severity.ERROR, Scope.DOCUMENT, "Test.", document_check=_crashing_rule
    )
    monkeypatch.setitem(REGISTRY, "TEST-001", rule)


@pytest.mark.usefixtures("crashing_rule")
def test_internal_error_is_reported_other_files_checked_exit_3(
    make_tree: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bad = VALID_QCU.format(id="other").replace("answer: 1", "answer: 5")
    make_tree({"epreuves/boom.md": VALID_QCU.format(id="boom"), "epreuves/other.md": bad})
    code = main(["check", "--no-cache", "--format", "json", "content"])
    captured = capsys.readouterr()
    assert code == 3
    codes = [(d["file"], d["code"]) for d in json.loads(captured.out)["diagnostics"]]
    assert ("content/epreuves/boom.md", "INTERNAL-001") in codes
    assert ("content/epreuves/other.md", "SEM-005") in codes
    assert "Traceback" not in captured.err
    assert "relancez avec -v" in captured.err
    assert main(["check", "--no-cache", "-v", "content"]) == 3
    assert "RuntimeError: bug in a rule" in capsys.readouterr().err


def test_an_unexpected_crash_of_the_command_is_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def explode(*_arguments: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("epreuve_tools.checker.run_check", explode)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    assert main(["check"]) == 3
    assert "erreur interne" in capsys.readouterr().err


def test_cache_skips_unchanged_files_and_reanalyses_changed_ones(
    make_tree: Tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_tree({f"epreuves/e{i}.md": VALID_QCU.format(id=f"epreuve-{i}") for i in range(5)})
    analysed: list[bytes] = []

    def counting(
        data: bytes, opt_in: frozenset[str] = frozenset(), settings: RuleSettings = DEFAULT_SETTINGS
    ) -> object:
        analysed.append(data)
        return analyse_epreuve(data, opt_in, settings)

    monkeypatch.setattr("epreuve_tools.analysis.analyse_epreuve", counting)
    assert _check(root, tmp_path) == []
    assert len(analysed) == 5
    assert (tmp_path / CACHE_DIR / ".gitignore").is_file()
    analysed.clear()
    assert _check(root, tmp_path) == []
    assert analysed == []
    (root / "epreuves" / "e3.md").write_text(
        VALID_QCU.format(id="epreuve-3").replace("answer: 1", "answer: 9"), "utf-8"
    )
    assert _check(root, tmp_path) == [("content/epreuves/e3.md", 8, "SEM-005")]
    assert len(analysed) == 1


def test_no_cache_writes_nothing(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree({"epreuves/a.md": VALID_QCU.format(id="a")})
    _check(root, tmp_path, use_cache=False)
    assert not (tmp_path / CACHE_DIR).exists()


def test_same_results_cold_warm_and_in_parallel(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURES / "tree", tree)
    cold = _check(tree, tmp_path, use_cache=False)
    parallel = _check(tree, tmp_path, use_cache=False, jobs=2, parallel_threshold=2)
    first = _check(tree, tmp_path, jobs=1)
    warm = _check(tree, tmp_path, jobs=1)
    assert cold == parallel == first == warm
    # a re-check after a change, analysed by the worker forked early (cache present, 2 jobs)
    changed = tree / "epreuves" / "ok_qcu.md"
    changed.write_text(changed.read_text("utf-8").replace("answer: 2", "answer: 7"), "utf-8")
    rechecked = _check(tree, tmp_path, jobs=2, early=True)
    shown = changed.relative_to(tmp_path).as_posix()
    assert sorted(set(rechecked) - set(cold)) == [(shown, 9, "SEM-005"), (shown, 11, "KEY-001")]
    assert len(cold) > 40


def test_the_same_input_gives_byte_identical_reports(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    outputs = []
    for arguments in (["--jobs", "1"], ["--jobs", "2"]):
        main(["check", "--no-cache", "--format", "sarif", *arguments, "tests/fixtures/tree"])
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
