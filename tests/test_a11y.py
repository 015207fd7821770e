"""Accessibility and HTML-security rules: what the fixture corpus cannot show on its own."""

from __future__ import annotations

import subprocess
import sys

from epreuve_tools.analysis import parse_epreuve
from epreuve_tools.diagnostics import Severity
from epreuve_tools.model import Epreuve
from epreuve_tools.rules import REGISTRY
from epreuve_tools.rules.a11y_frm import blank_without_label
from epreuve_tools.rules.a11y_scan import scan
from epreuve_tools.selection import Selection


def test_security_rules_hold_whatever_the_configuration() -> None:
    selection = Selection(
        ("A11Y",), ("SEC", "SEC-001", "ALL"), {"SEC": Severity.INFO, "ALL": Severity.INFO}, {"*": ("SEC",)}
    )
    for code in ("SEC-001", "SEC-002", "SEC-003"):
        assert REGISTRY[code].locked
        assert not REGISTRY[code].waivable
        assert selection.enabled(code, "content/epreuves/x.md")
        assert selection.severity_of(code) is Severity.ERROR
    # an accessibility rule, by contrast, follows the configuration and can be waived
    assert REGISTRY["A11Y-PRS-003"].waivable
    assert selection.severity_of("A11Y-PRS-003") is Severity.INFO


def test_every_accessibility_rule_names_its_rgaa_and_wcag_criteria() -> None:
    codes = [code for code in REGISTRY if code.startswith("A11Y-")]
    assert codes
    for code in codes:
        assert "RGAA" in REGISTRY[code].refs, code
        assert "WCAG" in REGISTRY[code].refs, code


def test_rule_command_shows_the_references() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "epreuve_tools", "rule", "A11Y-IMG-001"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Références : RGAA 1.1 ; WCAG 1.1.1 (A)" in shown.stdout


def _epreuve(body: str, front: str = "") -> Epreuve:
    data = f"---\nid: x-y-z\ntype: qrocm-ind\nanswer: {{a: [x]}}\n{front}---\n{body}".encode()
    findings, epreuve = parse_epreuve(data)
    assert epreuve is not None, findings
    return epreuve


def test_positions_are_exact_for_repeated_fragments() -> None:
    epreuve = _epreuve("Voir [ici](https://a.fr) puis [ici](https://b.fr) et <b>x</b> <b>y</b>.\n")
    found = scan(epreuve)
    assert [(link.span.start.line, link.span.start.column) for link in found.links] == [(6, 6), (6, 31)]
    assert [(html.line, html.column) for html in found.html if html.html == "<b>"] == [(6, 54), (6, 63)]
    assert scan(epreuve) is found  # one walk per épreuve, shared by the rules


def test_blank_label_counts_the_text_since_the_previous_blank_on_its_line() -> None:
    # « Ville de naissance : » labels ${b}; « , et » (5 characters) does not label ${c}
    epreuve = _epreuve("::: propositions\nVille de naissance : ${b}, et ${c}\n:::\n")
    flagged = [problem.span.start.column for problem in blank_without_label(epreuve)]
    assert flagged == [31]
