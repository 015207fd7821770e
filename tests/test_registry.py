"""The registry is the only way to a code: rules write theirs once, loaders emit through `Rule`s."""

from __future__ import annotations

import re

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
