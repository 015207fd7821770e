"""The preview site keeps exactly the raw HTML `epreuve check` accepts: the project's `allowed-html`
(harmless inline tags, each with its own attributes), never script, style, event attributes nor
`javascript:` addresses whatever the configuration says; Markdown's own markup always stays."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from epreuve_tools.preview.pages import render_inline, render_markdown
from epreuve_tools.settings import HARMLESS_INLINE_TAGS
from tests.conftest import VALID_QCU, Result

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}
EVERY_HARMLESS = frozenset(HARMLESS_INLINE_TAGS)
# what a configuration could never hold (config.py refuses it), given anyway
EVERYTHING = EVERY_HARMLESS | {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "svg",
    "a",
    "img",
    "b",
    "u",
    "form",
}

HOSTILE = [
    ("<script>alert(1)</script>Texte", "Texte"),
    ('Image <img src="x" onerror="alert(1)">', "<p>Image </p>"),
    ('<a href="javascript:alert(1)">lien</a>', "<p>lien</p>"),
    ('<a href=" JaVaScRiPt:alert(1)">lien</a>', "<p>lien</p>"),
    ("[lien](javascript:alert(1))", "<p>[lien](javascript:alert(1))</p>"),
    ('<iframe src="https://exemple.fr"></iframe>Après', "Après"),
    ('<svg><script>alert(1)</script><circle onload="alert(2)"/></svg>Fin', "<p>Fin</p>"),
    ('<object data="x.swf"></object><embed src="x.swf">Suite', "<p>Suite</p>"),
    ("<style>body{display:none}</style>Visible", "Visible"),
    ('<p style="color:red" class="x" id="y">Couleur</p>', "Couleur"),
    ('<span style="color:red" onclick="alert(1)" lang="en">word</span>', None),  # depends on allowed
    ("<!-- note --><form action=x><input name=a></form>", ""),
    ('<table><tr><th scope="col">A</th></tr></table>', "A"),
]


@pytest.mark.parametrize(("hostile", "default"), HOSTILE)
@pytest.mark.parametrize(
    "allowed", [frozenset(), EVERY_HARMLESS, EVERYTHING], ids=["aucune", "admises", "tout"]
)
def test_nothing_active_reaches_a_page_whatever_the_configuration(
    hostile: str, default: str | None, allowed: frozenset[str]
) -> None:
    shown = render_markdown(hostile, allowed)
    for active in ("<script", "<style", "<iframe", "<svg", "<object", "<embed", "<form", "<input"):
        assert active not in shown
    for attribute in ("onerror", "onclick", "onload", "style=", 'javascript:alert(1)"', 'href=" J'):
        assert attribute not in shown
    assert "alert(1)</" not in shown  # a script's or style's content goes with it
    if default is not None and not allowed:
        assert shown.strip() == default


@pytest.mark.parametrize(
    ("raw", "allowed", "shown"),
    [
        # nothing allowed (the default): every raw tag goes, its text stays
        (
            'H<sub>2</sub>O, <span lang="en">password</span>, <br>fin',
            frozenset(),
            "<p>H2O, password, fin</p>",
        ),
        ("<kbd>Entrée</kbd> <b>gras</b> <u>souligné</u>", frozenset(), "<p>Entrée gras souligné</p>"),
        # allowed: kept, with only the attributes the tag may carry
        (
            'H<sub>2</sub>O, <span lang="en" title="t" class="c">password</span>, <br>fin',
            frozenset({"sub", "span", "br"}),
            '<p>H<sub>2</sub>O, <span lang="en">password</span>, <br>fin</p>',
        ),
        (
            '<abbr title="Portable Document Format" lang="en">PDF</abbr> <q>cité</q>',
            frozenset({"abbr"}),
            '<p><abbr title="Portable Document Format">PDF</abbr> cité</p>',
        ),
        # what is not allowed goes even when another tag is
        ("<kbd>Entrée</kbd> <b>gras</b>", frozenset({"kbd"}), "<p><kbd>Entrée</kbd> gras</p>"),
        # tags a configuration can never allow are dropped even if listed
        ("<b>gras</b> <u>souligné</u> <a href='https://x'>x</a>", EVERYTHING, "<p>gras souligné x</p>"),
    ],
)
def test_raw_html_keeps_exactly_the_allowed_tags(raw: str, allowed: frozenset[str], shown: str) -> None:
    assert render_markdown(raw, allowed).strip() == shown


def test_markdown_markup_stays_whatever_is_allowed() -> None:
    text = '**fort** *en valeur* `code` [Pix](https://pix.fr "t") ![image](a.png)  \nligne'
    expected = (
        '<p><strong>fort</strong> <em>en valeur</em> <code>code</code> <a href="https://pix.fr" title="t" '
        'rel="noopener noreferrer">Pix</a> <img src="a.png" alt="image"><br>\nligne</p>'
    )
    for allowed in (frozenset(), EVERY_HARMLESS):
        assert render_markdown(text, allowed).strip() == expected
    assert render_inline("<sup>e</sup> **x**", frozenset({"sup"})) == "<sup>e</sup> <strong>x</strong>"
    assert render_inline("<sup>e</sup> **x**") == "e <strong>x</strong>"


RAW = VALID_QCU.format(id="brut").replace(
    "::: propositions", 'Un <span lang="en">password</span> et H<sub>2</sub>O.\n\n::: propositions', 1
)


def test_the_site_follows_the_project_allowed_html_and_a_changed_setting_rebuilds_the_pages(
    run_epreuve: Callable[..., Result], make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    content = make_tree({"epreuves/brut.md": RAW})
    toml = content.parent / "epreuve.toml"
    toml.write_text('content = "content"\n', "utf-8")
    out = tmp_path / "site"

    def learner() -> str:
        built = run_epreuve("site", "build", "--out", str(out), cwd=content.parent, env=EPOCH)
        assert built.code == 0, built.stderr
        return (out / "epreuves" / "brut" / "index.html").read_text("utf-8")

    assert "Un password et H2O." in learner()
    toml.write_text('content = "content"\nallowed-html = ["span"]\n', "utf-8")
    assert 'Un <span lang="en">password</span> et H2O.' in learner()  # the same output folder, rebuilt
    toml.write_text('content = "content"\nallowed-html = ["span", "sub"]\n', "utf-8")
    assert 'Un <span lang="en">password</span> et H<sub>2</sub>O.' in learner()


def test_markdown_tables_are_kept_and_raw_table_html_is_not() -> None:
    shown = render_markdown("| Service | Effectif |\n|---|---:|\n| Accueil | 12 |\n")
    assert "<table>" in shown
    assert "<th>Service</th>" in shown
    assert "<td>Accueil</td>" in shown
    assert "style=" not in shown  # the alignment's style attribute does not reach the page
    raw = render_markdown('<table><tr><td onclick="alert(1)">a</td></tr></table>')
    assert "<table" not in raw
    assert "onclick" not in raw
