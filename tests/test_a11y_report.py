"""`epreuve check --a11y-report FILE`: a French Markdown summary per rule, family and RGAA criterion,
with the waivers and their reasons, for the derogations of an accessibility statement."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from epreuve_tools.diagnostics import Diagnostic, Report, Severity, Span
from epreuve_tools.output.a11y_report import render, rgaa_criteria
from epreuve_tools.rules import REGISTRY
from tests.conftest import FIXTURES, Result

AT = Span.at(6, 1)


def _diagnostic(path: str, code: str, severity: Severity, waived_by: str | None = None) -> Diagnostic:
    return Diagnostic(path, AT, code, severity, "message", None, waived_by=waived_by)


@pytest.mark.parametrize(
    ("refs", "criteria"),
    [
        ("RGAA 1.1 ; WCAG 1.1.1 (A)", ("1.1",)),
        ("RGAA 8.9, 10.1, 13.5 ; WCAG 1.3.1 (A)", ("8.9", "10.1", "13.5")),
        ("RGAA 7.1 à 7.3 ; WCAG 4.1.2 (A)", ("7.1", "7.2", "7.3")),
        ("RGAA 7.1, 7.3, 13.9 à 13.11 ; WCAG 2.1.1", ("7.1", "7.3", "13.9", "13.10", "13.11")),
        ("RGAA 9.1 (test 9.1.3) ; WCAG 1.3.1 (A)", ("9.1",)),
        ("RGAA 10.1, 8.9 ; WCAG 1.3.1 (A)", ("8.9", "10.1")),
        ("RGAA aucun (FALC) ; WCAG aucun", ()),
        ("RGAA (tenue de la déclaration) ; WCAG —", ()),
        ("OWASP XSS Prevention ; RGAA 7.1 et 2.1 pour les cadres", ("2.1", "7.1")),
        ("", ()),
    ],
)
def test_rgaa_criteria_are_read_from_the_rules_references(refs: str, criteria: tuple[str, ...]) -> None:
    assert rgaa_criteria(refs) == criteria


def test_every_accessibility_rule_names_its_criteria_or_says_it_has_none() -> None:
    for code, rule in REGISTRY.items():
        if code.startswith("A11Y-") and "RGAA" in rule.refs and "aucun" not in rule.refs:
            assert rgaa_criteria(rule.refs) or "(" in rule.refs, code


def test_report_lists_non_conformities_by_criterion_and_waivers_with_their_reasons() -> None:
    report = Report(
        [
            _diagnostic("content/epreuves/a.md", "A11Y-IMG-001", Severity.ERROR),
            _diagnostic("content/epreuves/a.md", "A11Y-IMG-001", Severity.ERROR),
            _diagnostic("content/epreuves/b.md", "A11Y-LNK-001", Severity.WARNING),
            _diagnostic("content/epreuves/c.md", "A11Y-TXT-003", Severity.INFO),
            _diagnostic(
                "content/epreuves/d.md", "A11Y-LNK-003", Severity.WARNING, "L'épreuve porte sur l'adresse"
            ),
            _diagnostic(
                "content/epreuves/d.md", "A11Y-LNK-003", Severity.WARNING, "L'épreuve porte sur l'adresse"
            ),
            _diagnostic("content/epreuves/e.md", "SEM-005", Severity.ERROR),  # not accessibility
        ],
        files_checked=6,
    )
    text = render(report, REGISTRY)
    assert text.startswith("# Rapport d'accessibilité des épreuves\n")
    assert "6 fichiers vérifiés, 4 épreuves concernées" in text
    assert "2 erreurs, 1 avertissement, 1 info, et 2 diagnostics levés par 1 dérogation" in text
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    assert sections == [
        "## Non-conformités",
        "## Dérogations",
        "## Par critère RGAA",
        "## Par famille",
        "## Par règle",
    ]
    non_conformities = text.split("## Non-conformités")[1].split("## Dérogations")[0]
    assert "- **Critère 1.1** (A11Y-IMG-001) : 2 diagnostics dans 1 épreuve : `content/epreuves/a.md`." in (
        non_conformities
    )
    assert "A11Y-TXT-003" not in non_conformities  # an info is a suggestion, not a non-conformity
    assert "A11Y-LNK-003" not in non_conformities  # waived
    derogations = text.split("## Dérogations")[1].split("## Par critère RGAA")[0]
    assert "**A11Y-LNK-003**, critère RGAA 6.1" in derogations
    assert "`content/epreuves/d.md` : « L'épreuve porte sur l'adresse » (2 diagnostics levés)." in derogations
    assert "SEM-005" not in text
    assert "| A11Y-IMG | 2 | 0 | 0 | 0 | 1 |" in text
    assert "| A11Y-LNK | 0 | 1 | 0 | 2 | 2 |" in text
    assert "### A11Y-IMG-001 (" in text


def test_a_clean_report_says_so() -> None:
    text = render(Report([], files_checked=3), REGISTRY)
    assert "Aucune erreur ni aucun avertissement d'accessibilité non levé." in text
    assert "Aucune épreuve ne déroge à une règle d'accessibilité." in text
    assert "## Par règle" not in text


def test_content_quoted_in_the_report_cannot_become_markdown_or_html() -> None:
    hostile_reason = "Voir <script>alert(1)</script> | [lien](javascript:x) *gras*\nligne deux"
    report = Report(
        [_diagnostic("content/epreuves/`drôle`|x.md", "A11Y-LNK-003", Severity.WARNING, hostile_reason)]
    )
    text = render(report, REGISTRY)
    assert "<script>" not in text
    assert "\\<script\\>" in text
    assert "\\[lien\\](javascript:x) \\*gras\\* ligne deux" in text
    assert "``content/epreuves/`drôle`\\|x.md``" in text
    assert "\nligne deux" not in text


def test_check_writes_the_report_atomically_and_refuses_an_unwritable_path(
    tmp_path: Path, make_tree: Callable[..., Path], run_epreuve: Callable[..., Result]
) -> None:
    waived = (FIXTURES / "tree" / "epreuves" / "ok_a11y_waiver.md").read_text("utf-8")
    make_tree({"epreuves/adresse-lue.md": waived})
    target = tmp_path / "declaration" / "rapport.md"
    target.parent.mkdir()
    result = run_epreuve("check", "--a11y-report", str(target), cwd=tmp_path)
    assert result.code == 0, result.stdout + result.stderr
    text = target.read_text("utf-8")
    assert "« L'épreuve porte sur la lecture d'une adresse web complète »" in text
    assert "`content/epreuves/adresse-lue.md`" in text
    assert [p.name for p in target.parent.iterdir()] == ["rapport.md"]  # no temporary file left behind
    assert oct(os.stat(target).st_mode & 0o777) == oct(0o644)
    refused = run_epreuve("check", "--a11y-report", str(tmp_path / "absent" / "r.md"), cwd=tmp_path)
    assert refused.code == 2
    assert "écriture du rapport d'accessibilité impossible" in refused.stderr
