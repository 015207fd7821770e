"""The page cache of `epreuve site build` (preview/pages.py `PageCache`), kept as plain tuples: the next
build finds every épreuve's pages and facts as the previous one made them."""

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
