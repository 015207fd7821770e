"""The engine module (preview/engine.py) on its own: the pages rendered by two processes are those
rendered by one, byte for byte, and a second renderer's failure fails the build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT, VALID_QCU

PROJECT = ROOT / "site"
EPOCH = 1767225600


def _site(count: int) -> object:
    from epreuve_tools.analysis import parse_epreuve
    from epreuve_tools.preview.pages import EpreuveEntry, build_pages

    entries = []
    for number in range(count):
        source = VALID_QCU.format(id=f"essai-{number:03d}").encode()
        _, epreuve = parse_epreuve(source)
        assert epreuve is not None
        entries.append(EpreuveEntry(f"essai-{number:03d}.md", epreuve, source=source, digest=str(number)))
    return build_pages(str(ROOT), entries, [])


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork absent")
def test_pages_rendered_by_two_processes_are_those_rendered_by_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from epreuve_tools.preview import engine

    site = _site(12)
    monkeypatch.setattr(engine, "SPLIT_FROM", 10**9)
    engine.build(site, PROJECT, tmp_path / "one" / "site", epoch=EPOCH)  # type: ignore[arg-type]
    forks = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(engine, "SPLIT_FROM", 2)
    monkeypatch.setattr(engine, "_processors", lambda: 2)
    monkeypatch.setattr(engine.os, "fork", counted)
    engine.build(site, PROJECT, tmp_path / "two" / "site", epoch=EPOCH)  # type: ignore[arg-type]
    assert len(forks) == 1
    one, two = _files(tmp_path / "one" / "site"), _files(tmp_path / "two" / "site")
    assert sorted(one) == sorted(two)
    assert len([name for name in one if name.endswith("index.html")]) > 24
    assert [name for name in one if one[name] != two[name]] == []
    # the second renderer's search entries are in the index: every learner view is found
    index = two["search/search_index.json"].decode("utf-8")
    assert all(f"epreuves/essai-{number:03d}/index.html" in index for number in range(12))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork absent")
def test_a_failure_in_the_second_renderer_fails_the_build(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from epreuve_tools.preview import engine

    site = _site(4)
    monkeypatch.setattr(engine, "SPLIT_FROM", 2)
    monkeypatch.setattr(engine, "_processors", lambda: 2)
    import mkdocs.utils

    parent = os.getpid()
    write = mkdocs.utils.write_file

    def failing_in_the_child(output: bytes, path: str) -> None:
        if os.getpid() != parent:
            raise RuntimeError("panne simulée")
        write(output, path)

    monkeypatch.setattr(mkdocs.utils, "write_file", failing_in_the_child)
    with pytest.raises(engine.SiteBuildError, match="panne simulée"):
        engine.build(site, PROJECT, tmp_path / "site", epoch=EPOCH)  # type: ignore[arg-type]
    assert not (tmp_path / "site").exists()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork absent")
def test_the_check_beside_the_reading_gives_its_report_and_a_failure_is_run_again_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from epreuve_tools.diagnostics import Report
    from epreuve_tools.preview import build

    parent = os.getpid()
    calls: list[str] = []

    def check(*_: object) -> Report:
        if os.getpid() != parent:
            raise RuntimeError("panne simulée")  # in the second process: its report never comes
        calls.append("ici")
        return Report()

    monkeypatch.setattr(build, "_run_check", check)
    monkeypatch.setattr("epreuve_tools.worker.available_cpus", lambda: 2)
    beside = build._Check(None, Path(), None)  # type: ignore[arg-type]
    assert beside.beside
    assert isinstance(beside.report(), Report)
    assert calls == ["ici"]  # run again here, once
    beside.cancel()
