"""The registry is the only way to a code: rules write theirs once, loaders emit through `Rule`s."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from epreuve_tools.diagnostics import Finding, Problem, Span
from epreuve_tools.rules import REGISTRY
from tests.conftest import ROOT, VALID_QCU

# `Finding(` followed by a string literal: a code written by hand instead of taken from a Rule
_LITERAL_CODE = re.compile(r"""\bFinding\(\s*[rbuf]*["']""")


def test_no_finding_is_built_with_a_literal_code_outside_the_registry() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}"
        for path in sorted((ROOT / "src").rglob("*.py"))
        if path.name != "registry.py"
        for text in [path.read_text("utf-8")]
        for match in _LITERAL_CODE.finditer(text)
    ]
    assert offenders == []


def test_the_literal_code_pattern_catches_one_on_several_lines() -> None:
    assert _LITERAL_CODE.search('return Finding(\n        "PARSE-005",\n        span,')
    assert not _LITERAL_CODE.search("return Finding(code, span, message, hint)")


def test_a_rule_function_yields_problems_and_its_registered_check_stamps_its_code() -> None:
    from epreuve_tools.analysis import parse_epreuve
    from epreuve_tools.rules.choice_keys import qcu_key_out_of_range

    _, epreuve = parse_epreuve(VALID_QCU.format(id="cle").replace("answer: 1", "answer: 5").encode())
    assert epreuve is not None
    problems = list(qcu_key_out_of_range(epreuve))
    assert problems
    assert all(type(problem) is Problem for problem in problems)
    check = REGISTRY["SEM-005"].document_check
    assert check is not None
    findings = list(check(epreuve))
    assert findings == [Finding("SEM-005", p.span, p.message, p.hint) for p in problems]


def test_a_loader_rule_builds_a_finding_with_its_own_code() -> None:
    from epreuve_tools.loader_codes import INVALID_YAML

    finding = INVALID_YAML.finding(Span.at(2, 3), "YAML invalide", "corrigez")
    assert finding == Finding("PARSE-005", Span.at(2, 3), "YAML invalide", "corrigez")
    assert REGISTRY["PARSE-005"] is INVALID_YAML


_COMPLETE_DOC = """Un résumé sur une ligne.

Pourquoi : une raison.

Mauvais :
    answer: 4
Bon :
    answer: 2
"""


def test_every_registered_rule_has_a_summary_a_why_and_both_examples() -> None:
    from epreuve_tools.registry import doc_problem

    assert {code: doc_problem(rule.doc) for code, rule in REGISTRY.items() if doc_problem(rule.doc)} == {}


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        ("", "no documentation"),
        (_COMPLETE_DOC.replace("Un résumé sur une ligne.", "Un résumé\nsur deux lignes."), "one line"),
        (_COMPLETE_DOC.replace("Pourquoi : une raison.", "Une raison."), "Pourquoi"),
        (_COMPLETE_DOC.replace("Mauvais :", "Exemple :"), "both required"),
        (_COMPLETE_DOC.replace("Bon :", "Sinon :"), "both required"),
        (
            _COMPLETE_DOC.replace("Mauvais :", "Tmp :")
            .replace("Bon :", "Mauvais :")
            .replace("Tmp :", "Bon :"),
            "before",
        ),
    ],
)
def test_a_rule_without_its_documentation_parts_is_refused_at_registration(doc: str, problem: str) -> None:
    from epreuve_tools.diagnostics import Severity
    from epreuve_tools.registry import describe

    with pytest.raises(ValueError, match=problem):
        describe("TEST-901", "test-incomplete-doc", Severity.ERROR, doc)
    assert "TEST-901" not in REGISTRY


def test_a_labelled_example_counts() -> None:
    from epreuve_tools.registry import doc_problem

    assert doc_problem(_COMPLETE_DOC.replace("Mauvais :", "Mauvais (une QCU) :")) is None


def test_the_document_checks_follow_every_change_of_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks an analysis runs are made once per registry version: a rule patched in (as tests
    do) is run by the next analysis, and gone when it is taken out."""
    from dataclasses import replace

    from epreuve_tools.rules import document_checks

    def codes(steps: tuple[tuple[str, object, object], ...]) -> list[str]:
        return [code for code, _, _ in steps]

    before = document_checks(frozenset())
    assert document_checks(frozenset()) is before  # made once
    assert "A11Y-IMG-001" in codes(before)
    opt_in = [code for code, rule in REGISTRY.items() if rule.opt_in and rule.document_check is not None]
    if opt_in:  # an opt-in rule runs only when named
        assert opt_in[0] not in codes(before)
        assert opt_in[0] in codes(document_checks(frozenset(opt_in[:1])))
    added = replace(REGISTRY["A11Y-IMG-001"], code="TEST-002", name="test-added")
    monkeypatch.setitem(REGISTRY, "TEST-002", added)
    assert "TEST-002" in codes(document_checks(frozenset()))
    monkeypatch.undo()
    assert "TEST-002" not in codes(document_checks(frozenset()))
    assert document_checks(frozenset()) == before


def test_a_rule_stamps_its_problems_and_a_check_built_by_hand_runs_as_it_is() -> None:
    from epreuve_tools.diagnostics import Severity
    from epreuve_tools.model import Epreuve
    from epreuve_tools.registry import Rule, Scope, document_checks

    def by_hand(epreuve: Epreuve) -> Iterator[Finding]:
        yield from ()

    steps = {code: (check, stamp) for code, check, stamp in document_checks(frozenset())}
    _, stamp = steps["A11Y-IMG-001"]
    assert stamp is not None
    found = stamp(Problem(Span.at(3, 1), "message", "aide"))
    assert (found.code, found.span, found.message, found.hint) == (
        "A11Y-IMG-001",
        Span.at(3, 1),
        "message",
        "aide",
    )
    REGISTRY["TEST-003"] = Rule(
        "TEST-003", "test-by-hand", Severity.INFO, Scope.DOCUMENT, "doc", document_check=by_hand
    )
    try:
        steps = {code: (check, stamp) for code, check, stamp in document_checks(frozenset())}
        assert steps["TEST-003"][0] is by_hand
        assert steps["TEST-003"][1] is None
    finally:
        del REGISTRY["TEST-003"]
