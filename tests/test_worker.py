"""The worker forked when `epreuve check` starts: it analyses the changed files, and its failure
costs nothing but time (the analysis is then done in process)."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from epreuve_tools.analyser import Analyser
from epreuve_tools.analysis import analyse_epreuve
from epreuve_tools.checker import CheckOptions, run_check
from epreuve_tools.config import Config
from epreuve_tools.results import Analysed, decode_findings
from epreuve_tools.selection import Selection
from epreuve_tools.worker import EarlyWorker, fork_available
from tests.conftest import VALID_QCU, Result

Tree = Callable[..., Path]

pytestmark = pytest.mark.skipif(not fork_available(), reason="no fork on this platform")

BAD = VALID_QCU.format(id="bad").replace("answer: 1", "answer: 9").encode()
GOOD = VALID_QCU.format(id="good").encode()


def _exited(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # reaped: no zombie left behind
    return False


def test_the_worker_answers_as_the_analysis_does_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    worker = EarlyWorker.start()
    assert worker is not None
    pid = worker.pid

    def not_here(*_arguments: object) -> None:
        raise AssertionError("analysed in the parent, not in the worker")

    # patched after the fork: only the parent sees it
    monkeypatch.setattr("epreuve_tools.analysis.analyse_epreuve", not_here)
    try:
        answers = dict(worker.analyse([("bad", BAD), ("good", GOOD)], frozenset()))
    finally:
        worker.close()
    monkeypatch.undo()
    # the worker hands over the rows the cache keeps: the very bytes an analysis here would give
    assert answers == {
        "bad": Analysed.of(analyse_epreuve(BAD)),
        "good": Analysed.of(analyse_epreuve(GOOD)),
    }
    notes = answers["bad"].row.notes
    assert notes is not None
    assert [f.code for f in decode_findings(notes[0])] == ["SEM-005"]
    assert _exited(pid)


def test_a_dead_worker_falls_back_to_the_analysis_in_process(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree({"epreuves/bad.md": BAD.decode()})
    worker = EarlyWorker.start()
    assert worker is not None
    os.kill(worker.pid, signal.SIGKILL)
    options = CheckOptions(
        paths=(root,), config=Config(root=tmp_path), selection=Selection(("ALL",), (), {}, {}), jobs=2
    )
    report, crashes = run_check(options, Analyser(2, early=worker))
    assert [(d.path, d.code) for d in report.diagnostics] == [("content/epreuves/bad.md", "SEM-005")]
    assert crashes == {}
    assert _exited(worker.pid) or worker.pid == 0


def test_an_unused_worker_is_stopped_and_reaped() -> None:
    worker = EarlyWorker.start()
    assert worker is not None
    pid = worker.pid
    worker.close()
    assert _exited(pid)
    worker.close()  # closing twice is harmless


def test_the_command_gives_the_same_report_with_and_without_its_worker(
    make_tree: Tree, tmp_path: Path, run_epreuve: Callable[..., Result]
) -> None:
    root = make_tree({f"epreuves/e{i}.md": VALID_QCU.format(id=f"epreuve-{i}") for i in range(3)})
    assert run_epreuve("check", "content", cwd=tmp_path).code == 0  # fills the cache
    (root / "epreuves" / "e1.md").write_bytes(BAD)
    with_worker = run_epreuve("check", "--format", "json", "content", cwd=tmp_path)
    without = run_epreuve("check", "--format", "json", "--no-cache", "content", cwd=tmp_path)
    assert with_worker.code == without.code == 1
    assert with_worker.stdout == without.stdout
    assert '"SEM-005"' in with_worker.stdout


def test_no_early_worker_on_a_single_processor(
    make_tree: Tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from epreuve_tools import analyser, worker
    from epreuve_tools.cli import main

    started: list[bool] = []
    monkeypatch.setattr(worker.EarlyWorker, "start", classmethod(lambda cls: started.append(True)))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.chdir(tmp_path)
    make_tree({"epreuves/a.md": GOOD.decode()})
    monkeypatch.setattr(analyser, "available_cpus", lambda: 1)
    assert main(["check", "content"]) == 0
    assert started == []  # it would only compete with the check for the one processor
    monkeypatch.setattr(analyser, "available_cpus", lambda: 2)
    assert main(["check", "content"]) == 0
    assert started == [True]
    assert main(["check", "--jobs", "1", "content"]) == 0
    assert started == [True]
    capsys.readouterr()


def test_available_cpus_is_at_least_one() -> None:
    from epreuve_tools.worker import available_cpus

    assert 1 <= available_cpus() <= (os.cpu_count() or 1)


def test_no_fork_while_another_thread_runs() -> None:
    """`epreuve site serve` rebuilds while its server thread runs: a fork then could leave a lock that
    thread holds (stderr's, logging's) locked forever in the child, so everything stays in-process."""
    import threading

    from epreuve_tools.worker import fork_available

    assert fork_available()  # the tests run single-threaded
    release = threading.Event()
    server = threading.Thread(target=release.wait, name="serveur")
    server.start()
    try:
        assert not fork_available()
    finally:
        release.set()
        server.join()
    assert fork_available()
