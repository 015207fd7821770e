"""The body of an épreuve: its containers, the bound on its complexity, the skeleton's leftovers."""

from __future__ import annotations

import pytest

from epreuve_tools.analysis import analyse_epreuve
from epreuve_tools.kinds import EpreuveType
from epreuve_tools.parsing.markdown import MAX_BODY_UNITS, parse_body, too_complex
from epreuve_tools.skeleton import skeleton


def test_an_unclosed_block_does_not_swallow_the_next_one() -> None:
    body = parse_body("Consigne.\n\n::: propositions\n- a\n- b\n\n::: correction\nExplication.\n:::\n", 10)
    [finding] = body.findings
    assert (finding.code, finding.span.start.line) == ("BODY-002", 12)
    assert "`::: correction` de la ligne 16" in finding.message
    assert body.containers["propositions"].inner == "- a\n- b\n"
    assert body.containers["correction"].inner == "Explication."
    assert [p.text for p in body.proposals or ()] == ["a", "b"]
    assert body.instruction == "Consigne."


def test_a_blank_in_the_correction_is_not_read_as_a_field() -> None:
    text = skeleton(EpreuveType.QROC, epreuve_id="qroc-x", competence="4.1", tube="@motDePasse", level=1)
    text = text.replace("}\n:::\n", "}\n", 1).replace("Expliquez ici", "Le champ ${autre} explique")
    codes = [f.code for f in analyse_epreuve(text.encode()).findings]
    assert "BODY-002" in codes
    assert "SEM-010" not in codes  # the correction's `${autre}` is not a second field


@pytest.mark.parametrize("extra", [0, 1])
def test_complexity_bound_is_exact(extra: int) -> None:
    # `*` is a unit, `a` is not: the 20,001st unit is refused, at its own line and column
    body = "a" * 50 + "\n" + "a*" * (MAX_BODY_UNITS - 1 + extra)
    finding = too_complex(body, 10)
    if extra == 0:
        assert finding is None
        return
    assert finding is not None
    assert (finding.code, finding.span.start.line, finding.span.start.column) == (
        "PARSE-012",
        11,
        2 * MAX_BODY_UNITS,
    )


def test_a_too_complex_body_is_not_parsed_and_nothing_else_is_reported() -> None:
    text = "---\nid: x\ntype: qcu\n---\n" + "![" * MAX_BODY_UNITS + "\n"
    body = parse_body("![" * MAX_BODY_UNITS, 1)
    assert not body.complete
    assert body.tokens == []
    assert [
        f.code for f in analyse_epreuve(text.encode()).findings if f.code.startswith(("PARSE", "SEM", "BODY"))
    ] == ["PARSE-012"]


@pytest.mark.parametrize("kind", list(EpreuveType))
def test_every_skeleton_text_is_flagged_until_replaced(kind: EpreuveType) -> None:
    # the placeholders are read from skeleton.py: a new skeleton text is flagged without a change here
    text = skeleton(kind, epreuve_id="squelette", competence="4.1", tube="@motDePasse", level=1)
    findings = [f for f in analyse_epreuve(text.encode()).findings if f.code == "BODY-004"]
    lines = text.split("\n")
    flagged = {lines[f.span.start.line - 1] for f in findings}
    assert any(line.startswith("Écrivez ici") for line in flagged)
    assert any(line.startswith("Expliquez ici") for line in flagged)
    expected_proposals = 3 if kind in (EpreuveType.QCU, EpreuveType.QCM) else 0
    assert len(findings) == 2 + expected_proposals


def test_a_lone_carriage_return_does_not_shift_the_lines() -> None:
    # markdown-it ends a line at a lone `\r`; the tool counts lines at `\n` only (found by fuzzing)
    body = parse_body("Consigne\rsuite.\n\n::: propositions\n- a\r- b\n:::\n", 10)
    assert body.findings == []
    assert body.containers["propositions"].span.start.line == 12
    assert body.instruction == "Consigne\rsuite."
