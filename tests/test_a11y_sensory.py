"""Sensory characteristics and colour (A11Y-SNS, A11Y-CLR): French reading, exceptions, contrast."""

from __future__ import annotations

import pytest

from epreuve_tools.analysis import parse_epreuve
from epreuve_tools.model import Epreuve
from epreuve_tools.rules.a11y_clr import colour_only_proposal, colour_only_reference, relies_on_colour

ILLUSTRATION = "illustration:\n  src: images/tableau.png\n  alt: Tableau de suivi des dossiers\n"
PROPOSALS = "\n\n::: propositions\n- Oui\n- Non\n:::\n"


def _epreuve(body: str, front: str = "", kind: str = "qcu") -> Epreuve:
    answer = "1" if kind == "qcu" else "[1, 2]"
    data = f"---\nid: x-y-z\ntype: {kind}\nanswer: {answer}\n{front}---\n{body}".encode()
    findings, epreuve = parse_epreuve(data)
    assert epreuve is not None, findings
    return epreuve


def _colour_texts(epreuve: Epreuve) -> list[str]:
    return [problem.message.split("« ")[1].rstrip(" »") for problem in colour_only_reference(epreuve)]


@pytest.mark.parametrize(
    ("instruction", "found"),
    [
        ("Cliquez sur le bouton vert pour valider.", "bouton vert"),
        ("Quelle est la valeur de la cellule en jaune ?", "cellule en jaune"),
        ("Quelle est la somme des cellules surlignées en jaune ?", "cellules surlignées en jaune"),
        ("Dans le tableau, les lignes rouges signalent un retard. Lesquelles ?", "lignes rouges"),
        ("Repérez l’icône verte.", "icône verte"),
        ("Combien de cases sur fond bleu clair voyez-vous ?", None),  # « des »/no article: describes
        ("Que contiennent ces cellules bleu foncé ?", "cellules bleu foncé"),  # a compound stays singular
    ],
)
def test_colour_that_picks_out_a_thing_shown(instruction: str, found: str | None) -> None:
    texts = _colour_texts(_epreuve(instruction + PROPOSALS, ILLUSTRATION))
    assert texts == ([found] if found else [])


@pytest.mark.parametrize(
    "instruction",
    [
        "Mettez le titre en rouge.",  # a colour to apply, named
        "Votre cheffe vous demande de les afficher en bleu foncé.",
        "Les dossiers en retard sont signalés par une ligne colorée en rouge.",  # « une »: describes
        "Vous recevez votre carte grise et appelez le numéro vert.",
        "Imprimez le document en noir et blanc, pas sur la liste rouge ni en zone blanche.",
        "Cliquez sur le lien « les chiffres en rouge sont en baisse ».",  # quoted: mentioned, not used
        "Le forfait de l'opérateur Orange est-il le moins cher ?",
        "Donnez le feu vert au projet du livre blanc en marque blanche.",
    ],
)
def test_colour_named_but_not_relied_on(instruction: str) -> None:
    assert _colour_texts(_epreuve(instruction + PROPOSALS, ILLUSTRATION)) == []


def test_colour_in_a_story_without_anything_to_see_is_read_not_seen() -> None:
    story = "Dans le tableau de suivi, les lignes rouges signalent un retard. Est-ce accessible ?"
    assert not relies_on_colour(_epreuve(story + PROPOSALS))
    # the same sentence sends the learner to look: the colour is on their screen
    assert relies_on_colour(_epreuve("Cliquez sur le bouton rouge." + PROPOSALS))


def test_colour_in_a_proposal_is_the_error_code_and_relies_on_colour() -> None:
    epreuve = _epreuve(
        "Quelles lignes sont en retard ?\n\n::: propositions\n- Les lignes rouges\n- Cellules bleues\n"
        "- Les lignes du service RH\n:::\n",
        ILLUSTRATION,
        kind="qcm",
    )
    assert list(colour_only_reference(epreuve)) == []
    spans = [(p.span.start.line, p.span.start.column) for p in colour_only_proposal(epreuve)]
    assert spans == [(12, 7), (13, 3)]
    assert relies_on_colour(epreuve)
