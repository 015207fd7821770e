"""The preview site's release history (`publications/`, #13 item 5): the notes `epreuve release` writes,
read as hostile files, shown per release with each épreuve linked to its pages."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from epreuve_tools.preview.pages import Site
from epreuve_tools.preview.releases import History, parse_notes, read_history, release_pages
from epreuve_tools.release.changes import as_json, diff_parcours
from tests.conftest import VALID_QCU, Result

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


def _record(epreuve_id: str, **fields: object) -> dict[str, object]:
    return {"id": epreuve_id, "type": "QROC", "status": "validé", "solution": "a\nb", **fields}


def _notes(title: str = "Publication du 2026-01-02 (targets version 2)") -> dict[str, object]:
    """Notes as the release writes them (changes.as_json), so that the reader follows the writer."""
    before = {
        "garde": _record("garde"),
        "cle": _record("cle", solution="phrase de passe\nmot de passe long"),
        "consigne": _record("consigne", instruction="Ancienne consigne " * 10),
        "partie": _record("partie"),
    }
    after = {
        "garde": _record("garde"),
        "cle": _record("cle", solution="phrase de passe\nmot de passe long\nphrase secrète"),
        "consigne": _record("consigne", instruction="Nouvelle consigne\n\nsur deux paragraphes " * 5),
        "nouvelle": _record("nouvelle"),
    }
    changes = diff_parcours("essai", (1, tuple(before), before), (2, tuple(after), after), title="Essai")
    return as_json(title, [changes])


def _write(folder: Path, version: int, data: object) -> None:
    (folder / "changelog").mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    (folder / "changelog" / f"{version}.json").write_text(text, "utf-8")


def _pages(history: History, ids: frozenset[str] = frozenset({"cle", "consigne", "nouvelle"})) -> Site:
    site = Site()
    release_pages(site, history, ids, frozenset({"essai"}))
    return site


def test_a_release_page_lists_the_changes_by_parcours_semantic_first_with_links(tmp_path: Path) -> None:
    _write(tmp_path, 2, _notes())
    _write(tmp_path, 1, as_json("Publication du 2026-01-01 (targets version 1)", []))
    history = read_history(tmp_path)
    assert [notes.version for notes in history.releases] == [2, 1]  # newest first
    assert history.unreadable == ()
    site = _pages(history)
    assert set(site.pages) == {"publications/index.md", "publications/2/index.md", "publications/1/index.md"}
    listing = site.pages["publications/index.md"]
    assert listing.index('href="2/"') < listing.index('href="1/"')
    assert "1 épreuve ajoutée, 2 modifiées (dont 1 à relire), 1 retirée, dans 1 parcours" in listing
    release = site.pages["publications/2/index.md"]
    assert "<h1>Publication du 2026-01-02 (targets version 2)</h1>" in release
    assert "Parcours Essai (essai)" in release
    assert 'version 1 → 2 (<a href="../../parcours/essai/">' in release
    assert '<a href="../../epreuves/cle/"><code>cle</code></a>' in release
    assert '<a href="../../epreuves/cle/revue/">relecture</a>' in release
    assert "<code>partie</code> (sans page sur ce site) : retirée" in release  # no page: no dead link
    assert "à relire : clé" in release
    assert "1 réponse acceptée en plus : « phrase secrète »" in release
    # what a reviewer must look at (added, retired, key changed) by id, then the wording change
    order = [release.index(f"<code>{name}</code>") for name in ("cle", "nouvelle", "partie", "consigne")]
    assert order == sorted(order)
    assert "<details><summary>consigne : texte modifié" in release
    # a long text keeps its line breaks without a blank line in the page's single HTML block
    assert "&#10;&#10;sur deux paragraphes" in release
    assert "\n\n" not in release.split("---", 2)[2].strip()
    assert "Aucun changement." not in release


def test_hostile_notes_are_escaped_and_malformed_files_are_named_not_shown(tmp_path: Path) -> None:
    hostile = _notes(title='<script>alert(1)</script>"><img src=x onerror=alert(2)>')
    parcours = hostile["parcours"][0]  # type: ignore[index]
    parcours["title"] = "<b>gras</b>"
    parcours["epreuves"][0]["id"] = '"><script>alert(3)</script>'
    parcours["epreuves"][1]["fields"][0]["before"] = "<iframe src=javascript:alert(4)>"
    parcours["epreuves"][1]["fields"][0]["label"] = "<u>clé</u>"
    _write(tmp_path, 3, hostile)
    _write(tmp_path, 4, "{pas du json")
    _write(tmp_path, 5, {"title": "x", "parcours": [{"parcours": 1}]})
    _write(tmp_path, 6, {"title": "x", "parcours": [{**parcours, "after_version": True}]})
    _write(tmp_path, 7, "[" * 100_000 + "]" * 100_000)
    _write(
        tmp_path, 8, {"title": "x", "parcours": [{**parcours, "epreuves": [{"id": "a", "change": "moved"}]}]}
    )
    (tmp_path / "changelog" / "9.json").symlink_to(tmp_path / "changelog" / "3.json")
    (tmp_path / "changelog" / "notes.json").write_text("{}", "utf-8")  # not a release's name: ignored
    history = read_history(tmp_path)
    assert [notes.version for notes in history.releases] == [3]
    unreadable = dict(history.unreadable)
    assert set(unreadable) == {f"changelog/{n}.json" for n in (4, 5, 6, 7, 8, 9)}
    assert "JSON illisible" in unreadable["changelog/4.json"]
    assert "clé « title » absente" in unreadable["changelog/5.json"]
    assert "after_version : numéro de version attendu" in unreadable["changelog/6.json"]
    assert "pas un fichier ordinaire" in unreadable["changelog/9.json"]
    site = _pages(history)
    text = "".join(site.pages.values())  # the titles too: the theme writes them as HTML
    for raw in ("<script", "<img", "<iframe", "<b>gras", "<u>clé"):
        assert raw not in text, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in site.pages["publications/3/index.md"]
    assert "Notes illisibles, non affichées" in site.pages["publications/index.md"]
    # the title goes into the page's front matter as a JSON string: it cannot break out of it
    front = site.pages["publications/3/index.md"].split("---")[1]
    assert json.loads(front.split("title: ", 1)[1].split("\n", 1)[0]).startswith("&lt;script&gt;")


def test_parse_notes_refuses_what_the_writer_never_writes() -> None:
    good = json.dumps(_notes()).encode()
    assert parse_notes(2, good).parcours[0].parcours == "essai"
    for bad in (b"\xff", b"[]", b'{"title": 1, "parcours": []}', b'{"title": "x", "parcours": {}}'):
        with pytest.raises(ValueError, match=r"attendu|JSON illisible"):
            parse_notes(1, bad)


def test_without_a_release_folder_the_history_page_says_so() -> None:
    site = _pages(History(None))
    assert "construit sans dossier de publication" in site.pages["publications/index.md"]
    assert list(site.pages) == ["publications/index.md"]


def test_a_first_release_of_a_large_bank_is_cut_into_pages() -> None:
    records = {f"e-{n:04d}": _record(f"e-{n:04d}") for n in range(250)}
    notes = as_json("Première", [diff_parcours("tout", None, (1, tuple(records), records))])
    history = History("x", (parse_notes(1, json.dumps(notes).encode()),))
    site = _pages(history, frozenset(records))
    assert {
        "publications/1/index.md",
        "publications/1/page-2/index.md",
        "publications/1/page-3/index.md",
    } <= set(site.pages)
    second = site.pages["publications/1/page-2/index.md"]
    assert "(suite)" in second
    assert 'href="../../../epreuves/e-0150/"' in second


@pytest.fixture
def project(make_tree: Callable[..., Path]) -> Path:
    content = make_tree({"epreuves/a.md": VALID_QCU.format(id="cle")})
    (content.parent / "epreuve.toml").write_text('content = "content"\n', "utf-8")
    return content.parent


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_site_build_reads_the_default_release_folder_or_the_one_given(
    run_epreuve: Callable[..., Result], project: Path, tmp_path: Path
) -> None:
    _write(project / "build" / "release", 2, _notes())
    _write(project / "build" / "release", 3, _notes(title="<script>alert(1)</script>"))
    built = run_epreuve("site", "build", "--out", str(tmp_path / "un"), cwd=project, env=EPOCH)
    assert built.code == 0, built.stderr
    for written in (tmp_path / "un").rglob("*"):  # the theme's header, <title>, the search index
        if written.suffix in (".html", ".json"):
            assert "<script>alert" not in written.read_text("utf-8"), written
    page = (tmp_path / "un" / "publications" / "2" / "index.html").read_text("utf-8")
    assert 'href="../../epreuves/cle/index.html"' in page
    assert "Publications" in (tmp_path / "un" / "index.html").read_text("utf-8")  # in the navigation
    # the same notes elsewhere give the same pages, byte for byte
    os.rename(project / "build" / "release", tmp_path / "ailleurs")
    again = run_epreuve(
        "site",
        "build",
        "--out",
        str(tmp_path / "deux"),
        "--releases",
        str(tmp_path / "ailleurs"),
        cwd=project,
        env=EPOCH,
    )
    assert again.code == 0, again.stderr
    assert _files(tmp_path / "un") == _files(tmp_path / "deux")
    missing = run_epreuve(
        "site", "build", "--out", str(tmp_path / "trois"), "--releases", "absent", cwd=project
    )
    assert missing.code == 2
    assert "dossier de publication introuvable" in missing.stderr
