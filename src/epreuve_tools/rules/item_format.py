"""ITEM-010 and ITEM-011: a QCM whose every proposal is right, a QROC whose only field is a list.

Haladyna, Downing & Rodriguez (2002), « A Review of Multiple-Choice Item-Writing Guidelines for
Classroom Assessment », Applied Measurement in Education 15(3), 309-334, guidelines 18 and 29
(effective, plausible distractors): a QCM without a wrong proposal is passed by ticking everything;
a QROC whose field is a select is a QCU that gives up what a QCU has (shuffled choices, the key
checked against its proposals, the QCU statistics).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.kinds import EpreuveType
from epreuve_tools.registry import document_rule
from epreuve_tools.rules.item_facts import right_numbers

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve


@document_rule("ITEM-010", "qcm-every-proposal-right", Severity.WARNING)
def qcm_every_proposal_right(epreuve: Epreuve) -> Iterator[Problem]:
    """Toutes les propositions d'une QCM sont de bonnes réponses.

    Pourquoi : l'apprenant qui coche tout réussit, qu'il sache ou non ; l'épreuve ne distingue
    personne (Haladyna, Downing et Rodriguez, 2002, règles 18 et 29 : des mauvaises réponses
    vraisemblables). Une QCM compte au moins une mauvaise réponse, tirée d'une erreur fréquente.

    Mauvais : quatre propositions et `answer: [1, 2, 3, 4]`.
    Bon : quatre propositions dont une erreur fréquente, et `answer: [1, 2, 4]`.
    """
    if epreuve.type is not EpreuveType.QCM:
        return
    count = len(epreuve.body.proposals or ())
    right = set(right_numbers(epreuve))
    if count >= 2 and right == set(range(1, count + 1)):
        yield Problem(
            epreuve.source_map.value(("answer",)),
            f"les {count} propositions sont toutes de bonnes réponses : tout cocher réussit",
            "ajoutez des mauvaises réponses vraisemblables, tirées des erreurs fréquentes",
        )


@document_rule("ITEM-011", "qroc-select-disguised-qcu", Severity.WARNING)
def qroc_select_disguised_qcu(epreuve: Epreuve) -> Iterator[Problem]:
    """Le seul champ d'une QROC est une liste déroulante (`options=`) : c'est une QCU déguisée.

    Pourquoi : l'apprenant choisit parmi des options affichées, comme dans une QCU, mais sans ce
    qu'apporte une QCU : les options ne sont pas mélangées (leur ordre reste celui de l'auteur), la
    clé n'est pas comparée à des propositions numérotées, et les statistiques de l'épreuve ne sont
    pas celles d'une QCU. Une liste déroulante a sa place parmi d'autres champs (QROCM). Choisir
    parmi des options affichées, c'est le format à choix qu'étudient Haladyna, Downing et Rodriguez
    (2002) : autant l'écrire comme tel, et lui appliquer leurs règles.

    Mauvais :
        type: qroc
        Format : ${format options=["PDF","ODT","DOCX"]}
    Bon :
        type: qcu
        - PDF
        - ODT
        - DOCX
    """
    if epreuve.type is not EpreuveType.QROC or len(epreuve.blanks) != 1:
        return
    blank = epreuve.blanks[0]
    if blank.is_select and not blank.malformed:
        count = len(blank.options or ())
        yield Problem(
            blank.span,
            f"le seul champ de cette QROC est une liste de {count} options : c'est une QCU déguisée",
            "écrivez une QCU (`type: qcu`) dont les propositions sont ces options",
        )
