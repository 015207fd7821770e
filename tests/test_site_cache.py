"""The page cache of `epreuve site build` (preview/pages.py `PageCache`), kept as plain tuples: the next
build finds every épreuve's pages and facts as the previous one made them; and the learner views made
while the check runs (`learner_pages`) are those `build_pages` makes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, VALID_QCU

EPOCH = 1767225600


@pytest.fixture
def tree(make_tree: Callable[..., Path]) -> Path:
    content = make_tree(
        {f"epreuves/e{number}.md": VALID_QCU.format(id=f"essai-{number}") for number in range(5)}
    )
    (content.parent / "epreuve.toml").write_text('content = "content"\n', "utf-8")
    return content.parent


def _build(tree: Path, out: Path) -> object:
    from epreuve_tools.config import load_config
    from epreuve_tools.preview.build import build_site

    config = load_config(tree)
    return build_site(config, config.root / config.content, ROOT / "site", out, epoch=EPOCH)


def _cache(out: Path, tree: Path) -> object:
    from epreuve_tools.config import load_config
    from epreuve_tools.preview import build, engine
    from epreuve_tools.preview.pages import PageCache

    stamp = build._code_stamp() + load_config(tree).rule_settings.cache_variant()
    return PageCache(str(engine.sources_folder(out) / "pages.pickle"), stamp)


def test_the_page_cache_gives_back_what_the_build_made(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    _build(tree, out)
    cache = _cache(out, tree)
    assert sorted(cache.old) == [f"epreuves/e{number}.md" for number in range(5)]  # type: ignore[attr-defined]
    kept = cache.old["epreuves/e3.md"]  # type: ignore[attr-defined]
    assert kept.facts.id == "essai-3"
    assert "essai-3" in kept.learner
    assert "essai-3" in kept.reviewer
    # the next build takes every page from the cache: nothing to make again
    assert _build(tree, out).changed == 0  # type: ignore[attr-defined]


def test_learner_views_made_while_the_check_runs_are_those_build_pages_makes(
    monkeypatch: pytest.MonkeyPatch, tree: Path
) -> None:
    from epreuve_tools.analysis import parse_epreuve
    from epreuve_tools.preview import pages
    from epreuve_tools.preview.pages import EpreuveEntry, PageCache, build_pages, learner_pages

    def entries() -> list[EpreuveEntry]:
        made = []
        for path in sorted((tree / "content" / "epreuves").glob("*.md")):
            source = path.read_bytes()
            _, epreuve = parse_epreuve(source)
            assert epreuve is not None
            made.append(EpreuveEntry(path.name, epreuve, source=source, digest=path.name))
        made.append(made[0])  # an id given twice: only its first file has pages
        return made

    alone = build_pages(str(tree), entries(), [])
    made = learner_pages(str(tree), entries())
    assert sorted(made) == [f"e{number}.md" for number in range(5)]
    jobs: list[tuple[int, bool, bool]] = []
    render_all = pages._render_all

    def recorded(*arguments: object) -> object:
        jobs.extend(arguments[3])  # type: ignore[arg-type]
        return render_all(*arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(pages, "_render_all", recorded)
    cache = PageCache(None, "essai")
    given = build_pages(str(tree), entries(), [], cache=cache, learners=made)
    assert given.pages == alone.pages
    assert all(not learner for _, learner, _ in jobs)  # the learner views were not made again
    assert all(reviewer for _, _, reviewer in jobs)
    assert cache.new["e2.md"].learner == made["e2.md"][0]  # and they are kept for the next build
    kept = PageCache(None, "essai")
    kept.old = cache.new  # the next build: its cache holds them, nothing to make
    assert learner_pages(str(tree), entries(), kept) == {}


def test_reviewer_views_begun_while_the_check_runs_are_those_build_pages_makes(tree: Path) -> None:
    from epreuve_tools.analysis import parse_epreuve
    from epreuve_tools.diagnostics import Diagnostic, Severity, Span
    from epreuve_tools.preview.pages import EpreuveEntry, PageCache, build_pages, reviewer_heads

    def entries() -> list[EpreuveEntry]:
        made = []
        for path in sorted((tree / "content" / "epreuves").glob("*.md")):
            source = path.read_bytes()
            _, epreuve = parse_epreuve(source)
            assert epreuve is not None
            made.append(EpreuveEntry(path.name, epreuve, source=source, digest=path.name))
        # the report comes after: its diagnostics are not in what was begun
        made[1].diagnostics.append(
            Diagnostic("e1.md", Span.at(3, 1), "ESSAI-001", Severity.WARNING, "un problème", "le corriger")
        )
        return made

    alone = build_pages(str(tree), entries(), [])
    asked = []

    def stop() -> bool:
        asked.append(True)
        return len(asked) > 3  # the check is done after three of them

    bank, heads = reviewer_heads(entries(), [], None, None, stop)
    assert sorted(heads) == ["e0.md", "e1.md", "e2.md"]
    assert "ESSAI-001" not in heads["e1.md"]
    given = build_pages(str(tree), entries(), [], reviewers=(bank, heads))
    assert given.pages == alone.pages
    assert "ESSAI-001" in given.pages["epreuves/essai-1/revue/index.md"]
    # heads made with another bank are not used
    other = build_pages(str(tree), entries(), [], reviewers=(bank, {"e1.md": "<p>autre</p>"}))
    assert "autre" in other.pages["epreuves/essai-1/revue/index.md"]
    bank.ids = frozenset()
    other = build_pages(str(tree), entries(), [], reviewers=(bank, {"e1.md": "<p>autre</p>"}))
    assert other.pages == alone.pages
    # only the épreuves whose file changed since the cache are begun
    cache = PageCache(None, "essai")
    build_pages(str(tree), entries(), [], cache=cache)
    kept = PageCache(None, "essai")
    kept.old = cache.new
    assert reviewer_heads(entries(), [], None, kept, lambda: False)[1] == {}
