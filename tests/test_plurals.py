"""Counts in messages agree in French: 0 and 1 take the singular (« 1 autre », not « 1 autres »)."""

from __future__ import annotations

import pytest

from epreuve_tools.analysis import parse_epreuve
from epreuve_tools.model import Epreuve
from epreuve_tools.rules.blank_keys import qrocm_dep_too_few_groups
from epreuve_tools.rules.choice_keys import qcm_key_invalid, qcu_key_out_of_range
from epreuve_tools.rules.identity import some_paths
from epreuve_tools.schema.validate import _VALUE_MESSAGES


def _epreuve(front_matter: str, body: str) -> Epreuve:
    text = f'---\nid: pluriels\ncompetence: "4.1"\ntube: "@motDePasse"\nlevel: 1\nstatus: validé\n{front_matter}---\n{body}'
    _, epreuve = parse_epreuve(text.encode())
    assert epreuve is not None
    return epreuve


def test_some_paths_counts_one_other_in_the_singular() -> None:
    assert some_paths(["a", "b", "c", "d"]) == "a, b, c et 1 autre"
    assert some_paths(["a", "b", "c", "d", "e"]) == "a, b, c et 2 autres"


ONE_PROPOSAL = "Question ?\n\n::: propositions\n- La seule\n:::\n"


def test_a_qcu_key_past_a_single_proposal_is_not_among_one_propositions() -> None:
    (problem,) = qcu_key_out_of_range(_epreuve("type: qcu\nanswer: 2\n", ONE_PROPOSAL))
    assert problem.message == "la clé 2 ne désigne pas la seule proposition"
    assert "entre 1 et 1" not in (problem.hint or "")


def test_a_qcu_key_past_three_proposals_keeps_the_plural() -> None:
    body = "Question ?\n\n::: propositions\n- Un\n- Deux\n- Trois\n:::\n"
    (problem,) = qcu_key_out_of_range(_epreuve("type: qcu\nanswer: 4\n", body))
    assert problem.message == "la clé 4 ne désigne aucune des 3 propositions"


def test_a_qcm_number_past_a_single_proposal_is_not_among_one_propositions() -> None:
    messages = [p.message for p in qcm_key_invalid(_epreuve("type: qcm\nanswer: [1, 2]\n", ONE_PROPOSAL))]
    assert "le numéro 2 ne désigne pas la seule proposition" in messages


def test_qrocm_dep_counts_one_group_and_one_field_in_the_singular() -> None:
    body = "Citez deux navigateurs.\n\n::: propositions\n${nav1} ${nav2}\n:::\n"
    epreuve = _epreuve("type: qrocm-dep\nanswer:\n  groupe1: [Firefox]\n", body)
    (problem,) = qrocm_dep_too_few_groups(epreuve)
    assert problem.message.startswith("1 groupe de réponses pour 2 champs :")
    assert "(s)" not in problem.message


@pytest.mark.parametrize(
    ("validator", "expected"),
    [
        ("maxItems", "`x` : au plus 1 élément permis"),
        ("minItems", "`x` : au moins 1 élément attendu"),
        ("minProperties", "`x` : au moins 1 clé attendue"),
    ],
)
def test_schema_limits_of_one_are_singular(validator: str, expected: str) -> None:
    assert _VALUE_MESSAGES[validator]("x", "", None, 1, {})[0] == expected
    assert "1 " not in _VALUE_MESSAGES[validator]("x", "", None, 3, {})[0].replace("3 ", "")


def test_the_near_miss_probe_agrees_its_counts() -> None:
    import re

    from epreuve_tools.rules.answer_probe import near_miss_probe

    epreuve = _epreuve(
        'type: qroc\ntolerances: [t1]\nanswer: ["mot de passe"]\n', "Q ?\n\n::: propositions\n${r}\n:::\n"
    )
    (problem,) = near_miss_probe(epreuve)
    assert "(s)" not in problem.message
    match = re.match(r"(\d+) (variantes?) sur \d+ de « mot de passe » (refusées?) :", problem.message)
    assert match is not None
    plural_form = int(match[1]) > 1
    assert match[2].endswith("s") == plural_form
    assert match[3].endswith("s") == plural_form
    more = re.search(r" et (\d+) (autres?)$", problem.message)
    assert more is None or more[2].endswith("s") == (int(more[1]) > 1)
