"""`allowed-html`: the harmless inline tags a project admits reach the rules through RuleSettings;
what runs code or loads content stays an error at its exact place whatever the configuration."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from epreuve_tools.analysis import analyse_epreuve
from epreuve_tools.settings import DEFAULT_SETTINGS, HARMLESS_INLINE_TAGS, RuleSettings
from tests.conftest import VALID_QCU, Result

HEADER = "---\nid: html-permis\ntype: qcu\nanswer: 1\n---\n"  # the body starts on line 6
EVERYTHING = RuleSettings(allowed_html=frozenset(HARMLESS_INLINE_TAGS))
SPAN = RuleSettings(allowed_html=frozenset({"span"}))


def _found(body: str, settings: RuleSettings = DEFAULT_SETTINGS) -> list[tuple[int, int, str]]:
    analysis = analyse_epreuve((HEADER + body).encode(), settings=settings)
    return sorted(
        (f.span.start.line, f.span.start.column, f.code)
        for f in analysis.findings
        if f.code.startswith(("A11Y-PRS", "SEC-", "A11Y-LNG"))
    )


def test_raw_html_is_refused_by_default_with_the_setting_that_admits_it() -> None:
    body = "Appuyez sur <kbd>Entrée</kbd>.\n"
    assert _found(body) == [(6, 13, "A11Y-PRS-003")]
    analysis = analyse_epreuve((HEADER + body).encode())
    (finding,) = [f for f in analysis.findings if f.code == "A11Y-PRS-003"]
    assert finding.hint is not None
    assert 'allowed-html = ["kbd"]' in finding.hint
    assert _found(body, RuleSettings(allowed_html=frozenset({"kbd"}))) == []


def test_an_allowed_tag_carries_only_its_own_attributes() -> None:
    assert _found('Un mot <span lang="en">cloud</span>.\n', SPAN) == []
    assert _found('Un <abbr title="Portable Document Format">PDF</abbr>.\n', EVERYTHING) == []
    # `class` on span, `lang` on abbr: the attribute is reported, where it is written
    assert _found('Un <span class="rouge">mot</span>.\n', SPAN) == [(6, 10, "A11Y-PRS-003")]
    assert _found('Un <abbr lang="en">PDF</abbr>.\n', EVERYTHING) == [(6, 10, "A11Y-PRS-003")]
    assert _found("H<sub>2</sub>O et x<sup>2</sup>, puis<br>la suite.\n", EVERYTHING) == []
    # an allowed tag that is not allowed here stays refused
    assert _found("H<sub>2</sub>O\n", SPAN) == [(6, 2, "A11Y-PRS-003")]
    # presentation keeps its own code whatever the allow-list
    assert _found('Un <span style="color:red">mot</span>.\n', SPAN) == [(6, 4, "A11Y-PRS-001")]


def test_security_rules_ignore_the_configuration() -> None:
    handler = 'Texte <span onclick="voler()">ici</span>.\n'
    assert _found(handler) == [(6, 7, "A11Y-PRS-003"), (6, 13, "SEC-002")]
    assert _found(handler, EVERYTHING) == [(6, 13, "SEC-002")]  # the handler is SEC-002's alone
    address = 'Le <abbr title="javascript:alert(1)">JS</abbr>.\n'
    assert _found(address) == [(6, 4, "A11Y-PRS-003"), (6, 10, "SEC-003")]
    assert _found(address, EVERYTHING) == [(6, 10, "SEC-003")]
    for settings in (DEFAULT_SETTINGS, EVERYTHING):
        for element in ("script", "iframe", "object", "style"):
            assert _found(f"Avant <{element}>x</{element}> après.\n", settings) == [(6, 7, "SEC-001")]
        assert _found("[Valider](javascript:envoyer())\n", settings) == [(6, 9, "SEC-003")]
        assert _found("![Logo](data:image/png;base64,AAAA)\n", settings) == [(6, 1, "SEC-003")]
    assert not {"script", "iframe", "object", "style"} & set(HARMLESS_INLINE_TAGS)


def test_the_language_mark_lng_002_suggests_is_possible_once_span_is_allowed() -> None:
    unmarked = "Cliquez sur « Save the file to your computer » pour continuer.\n"
    analysis = analyse_epreuve((HEADER + unmarked).encode())
    (finding,) = [f for f in analysis.findings if f.code == "A11Y-LNG-002"]
    assert finding.hint is not None
    assert '<span lang="en">' in finding.hint
    assert 'allowed-html = ["span"]' in finding.hint
    marked = 'Cliquez sur « <span lang="en">Save the file to your computer</span> » pour continuer.\n'
    assert _found(marked) == [(6, 15, "A11Y-PRS-003")]
    assert _found(marked, SPAN) == []


def test_a_changed_setting_rechecks_the_cached_epreuves(
    tmp_path: Path, make_tree: Callable[..., Path], run_epreuve: Callable[..., Result]
) -> None:
    marked = VALID_QCU.format(id="html-permis").replace(
        "Quelle pratique", 'Quelle pratique (<abbr title="mot de passe">MDP</abbr>)'
    )
    make_tree({"epreuves/a.md": marked})
    codes = lambda result: [d["code"] for d in result.json()["diagnostics"]]  # noqa: E731
    first = run_epreuve("check", "--format", "json", cwd=tmp_path)
    assert codes(first) == ["A11Y-PRS-003"]
    assert first.code == 1
    (tmp_path / "epreuve.toml").write_text('allowed-html = ["abbr"]\n', "utf-8")
    allowed = run_epreuve("check", "--format", "json", cwd=tmp_path)
    assert codes(allowed) == [], allowed.stderr
    assert allowed.code == 0
    (tmp_path / "epreuve.toml").write_text("", "utf-8")
    assert codes(run_epreuve("check", "--format", "json", cwd=tmp_path)) == ["A11Y-PRS-003"]


def test_epreuve_answer_obeys_the_allow_list_too(
    tmp_path: Path, make_tree: Callable[..., Path], run_epreuve: Callable[..., Result]
) -> None:
    marked = VALID_QCU.format(id="html-permis").replace(
        "Quelle pratique", "Quelle pratique (<kbd>Ctrl</kbd>)"
    )
    root = make_tree({"epreuves/a.md": marked})
    epreuve = str(root / "epreuves" / "a.md")
    refused = run_epreuve("answer", epreuve, "1", cwd=tmp_path)
    assert refused.code == 1
    assert "A11Y-PRS-003" in refused.stderr
    (tmp_path / "epreuve.toml").write_text('allowed-html = ["kbd"]\n', "utf-8")
    judged = run_epreuve("answer", epreuve, "1", cwd=tmp_path)
    assert judged.code == 0, judged.stderr
