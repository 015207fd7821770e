"""The theme's page template rendered once per shape of page (preview/engine.py `_ShapedTemplate`): the
pages it fills in are those the template renders, byte for byte, and a template that transforms the
title or the body is rendered page by page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_site_engine import EPOCH, PROJECT, _files, _site


class _Page:
    """What the shaped template reads of a mkdocs page (the title, as mkdocs', from the metadata)."""

    def __init__(self, url: str, title: str, content: str, **meta: Any) -> None:
        self.url, self.content, self.meta = url, content, {"title": title, **meta}
        self.parent = self.previous_page = self.next_page = None
        self.is_homepage = False
        self.toc: list[Any] = []

    @property
    def title(self) -> str:
        return str(self.meta["title"])


def _shaped(source: str) -> tuple[Any, Any]:
    import jinja2

    from epreuve_tools.preview.engine import _Shapes

    template = jinja2.Environment().from_string(source)
    return template, _Shapes(lambda name: template, {})("main.html")


PAGES = [
    _Page("epreuves/a/index.html", "Épreuve a", "<h1>a</h1><p>un</p>"),
    _Page("epreuves/b/index.html", "Épreuve b", "<h1>b</h1><p>deux</p>"),
    _Page("epreuves/c/index.html", "Épreuve c", "<p>sans titre</p>"),
    _Page("epreuves/d/index.html", "A &amp; B <i>", "<h1>d</h1>&lt;script&gt;"),
    _Page("epreuves/e/revue/index.html", "Revue e", "<h1>e</h1>", search={"exclude": True}),
    _Page("epreuves/f/revue/index.html", "Revue f", "<h1>f</h1>", search={"exclude": True}),
    _Page("epreuves/g/revue/index.html", "Revue g", "<h1>g</h1>", search={"exclude": True}),
    _Page("epreuves/h/index.html", "Épreuve h", "<h1>h</h1>EPRV-"),
    _Page("epreuves/i/index.html", "Épreuve i", "<h1>i</h1><p>trois</p>"),
]


def test_pages_filled_in_are_those_the_template_renders() -> None:
    # the theme's use of title and body: raw, twice the title, a heading added to a body without one
    template, shaped = _shaped(
        "<title>{{ page.meta.title }} - site</title><a href='{{ base }}'>{{ page.meta.title }}</a>"
        '{% if "\\u003ch1" not in page.content %}<h1>{{ page.title }}</h1>{% endif %}{{ page.content }}'
    )
    for page in PAGES:
        context = {"page": page, "base": "../" * (page.url.count("/"))}
        assert shaped.render(context) == template.render(context)
    assert sum(s is not None and s.proofs >= 2 for s in shaped.shapes.values()) == 2  # learner, reviewer


def test_a_template_that_escapes_the_title_is_rendered_page_by_page() -> None:
    # a skeleton proven on titles with nothing to escape would put a later title in unescaped
    template, shaped = _shaped("<title>{{ page.meta.title | e }}</title>{{ page.content }}")
    pages = [
        _Page("epreuves/a/index.html", "un", "<h1>1</h1>"),
        _Page("epreuves/b/index.html", "deux", "<h1>2</h1>"),
        _Page("epreuves/c/index.html", "trois", "<h1>3</h1>"),
        _Page("epreuves/d/index.html", "A & B", "<h1>4</h1>"),
    ]
    for page in pages:
        assert shaped.render({"page": page}) == template.render({"page": page})
    assert list(shaped.shapes.values()) == [None]


def test_a_template_that_depends_on_the_page_address_is_rendered_page_by_page() -> None:
    template, shaped = _shaped("<link href='{{ page.url }}'>{{ page.meta.title }}{{ page.content }}")
    for page in [PAGES[0], PAGES[1], PAGES[3], PAGES[8]]:  # one shape: the same page but its address
        assert shaped.render({"page": page}) == template.render({"page": page})
    assert list(shaped.shapes.values()) == [None]


def test_pages_in_the_navigation_are_never_filled_in() -> None:
    from epreuve_tools.preview.engine import _shape

    page = _Page("epreuves/a/index.html", "a", "<h1>a</h1>")
    assert _shape(page) is not None
    page.parent = object()  # type: ignore[assignment]
    assert _shape(page) is None
    assert _shape(_Page("index.html", "Accueil", "<h1>a</h1>")) is None
    assert _shape(_Page("epreuves/a/index.html", "", "<h1>a</h1>")) is None


def test_a_site_built_by_shapes_is_the_site_built_page_by_page(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from epreuve_tools.preview import engine

    site = _site(8)
    monkeypatch.setattr(engine, "SPLIT_FROM", 10**9)
    monkeypatch.setattr(engine, "_SHAPE_PROOFS", 10**9)  # every page rendered by the template
    engine.build(site, PROJECT, tmp_path / "one" / "site", epoch=EPOCH)  # type: ignore[arg-type]
    filled = []
    fill = engine._Skeleton.fill

    def counted(self: Any, title: str, body: str) -> str:
        if self.proofs >= 2:
            filled.append(title)
        return fill(self, title, body)

    monkeypatch.setattr(engine, "_SHAPE_PROOFS", 2)
    monkeypatch.setattr(engine._Skeleton, "fill", counted)
    engine.build(site, PROJECT, tmp_path / "two" / "site", epoch=EPOCH)  # type: ignore[arg-type]
    one, two = _files(tmp_path / "one" / "site"), _files(tmp_path / "two" / "site")
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert len(filled) >= 10  # 8 learner and 8 reviewer views, two of each shape proving it


def _rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Path, list[str]]:
    """A site built, one learner view changed, and built again (a dirty build); the titles of the pages
    the second build filled in from a skeleton."""
    from epreuve_tools.preview import engine

    monkeypatch.setattr(engine, "SPLIT_FROM", 10**9)
    site = _site(6)
    out = tmp_path / "site"
    engine.build(site, PROJECT, out, epoch=EPOCH)  # type: ignore[arg-type]
    name = "epreuves/essai-003/index.md"
    site.pages[name] = site.pages[name].replace("</h1>", "</h1><p>Modifiée.</p>", 1)  # type: ignore[attr-defined]
    filled: list[str] = []
    fill = engine._Skeleton.fill

    def counted(self: Any, title: str, body: str) -> str:
        if self.proofs >= 2:
            filled.append(title)
        return fill(self, title, body)

    monkeypatch.setattr(engine._Skeleton, "fill", counted)
    return site, out, filled


def test_a_rebuild_fills_in_the_skeletons_the_full_build_proved(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from epreuve_tools.preview import engine

    site, out, filled = _rebuilt(tmp_path, monkeypatch)
    stats = engine.build(site, PROJECT, out, epoch=EPOCH)  # type: ignore[arg-type]
    assert stats.incremental
    assert stats.written == 1
    assert filled == ["Épreuve essai-003 – aperçu"]  # no page rendered to prove its shape again
    fresh = tmp_path / "ailleurs" / "site"
    engine.build(site, PROJECT, fresh, epoch=EPOCH, incremental=False)  # type: ignore[arg-type]
    one, two = _files(out), _files(fresh)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def test_skeletons_planted_beside_the_site_are_never_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The skeletons become pages: one that this user's key did not seal is ignored (the shapes are
    proved again), whoever wrote it next to the output."""
    import json

    from epreuve_tools.cache import seal, unseal
    from epreuve_tools.preview import engine

    site, out, _ = _rebuilt(tmp_path, monkeypatch)
    path = engine.sources_folder(out) / engine.SHAPES
    payload = unseal(path.read_bytes())
    assert payload is not None
    skeletons = json.loads(payload)
    for skeleton in skeletons.values():
        skeleton["parts"][0] = "<script>planted()</script>" + skeleton["parts"][0]
    planted = json.dumps(skeletons).encode("utf-8")
    sealed = seal(planted)
    assert sealed is not None
    for forged in (planted, sealed[: -len(planted) - 1] + b"\0" + planted):
        path.write_bytes(forged)
        engine.build(site, PROJECT, out, epoch=EPOCH)  # type: ignore[arg-type]
        assert not any(b"planted()" in data for data in _files(out).values())
    path.write_bytes(sealed)  # the control: sealed by this user, the skeleton is used
    site.pages["epreuves/essai-004/index.md"] += " "  # type: ignore[attr-defined]
    engine.build(site, PROJECT, out, epoch=EPOCH)  # type: ignore[arg-type]
    assert b"planted()" in (out / "epreuves" / "essai-004" / "index.html").read_bytes()
