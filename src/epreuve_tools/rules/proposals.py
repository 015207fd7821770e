"""The `::: propositions` block and the proposals of QCU/QCM."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity, Span
from epreuve_tools.registry import document_rule

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve


@document_rule("SEM-009", "missing-propositions", Severity.ERROR)
def missing_propositions(epreuve: Epreuve) -> Iterator[Problem]:
    """Le bloc `::: propositions` manque, ou une QCU/QCM n'y a pas au moins deux propositions en liste.

    Pourquoi : c'est ce bloc qui porte les choix (QCU/QCM) ou les champs à remplir (QROC/QROCM) ;
    sans lui, l'apprenant n'a rien à répondre.

    Mauvais (une QCU) :
        ::: propositions
        Une phrase de passe longue et unique
        :::
    Bon :
        ::: propositions
        - Une phrase de passe longue et unique
        - Le même mot de passe partout
        :::
    """
    container = epreuve.body.containers.get("propositions")
    if container is None:
        yield Problem(
            Span.at(max(1, epreuve.body.first_line - 1), 1),
            "bloc `::: propositions` manquant",
            "ajoutez après la consigne un bloc `::: propositions` … `:::`",
        )
        return
    if epreuve.type is None or not epreuve.type.has_proposals_list:
        return
    proposals = epreuve.body.proposals
    if proposals is None:
        yield Problem(
            container.span,
            f"les propositions d'une {epreuve.type.value.upper()} doivent être une liste à puces",
            "écrivez une proposition par ligne, chacune commençant par `- `",
        )
    elif len(proposals) < 2:
        yield Problem(
            container.span,
            f"une {epreuve.type.value.upper()} a besoin d'au moins deux propositions ({len(proposals)} trouvée)",
            "ajoutez des propositions, une par ligne commençant par `- `",
        )


@document_rule("SEM-007", "empty-proposal", Severity.ERROR)
def empty_proposal(epreuve: Epreuve) -> Iterator[Problem]:
    """Une proposition de QCU/QCM est vide.

    Pourquoi : l'apprenant verrait une case à cocher sans texte, et les numéros des propositions
    suivantes (ceux de `answer`) la comptent quand même.

    Mauvais :
        ::: propositions
        - Une phrase de passe longue et unique
        -
        - Le même mot de passe partout
        :::
    Bon :
        ::: propositions
        - Une phrase de passe longue et unique
        - Le même mot de passe partout
        :::
    """
    for number, proposal in enumerate(epreuve.body.proposals or (), start=1):
        if not proposal.text.strip():
            yield Problem(
                proposal.span, f"la proposition {number} est vide", "écrivez son texte ou supprimez la ligne"
            )


@document_rule("SEM-008", "duplicate-proposal", Severity.ERROR)
def duplicate_proposal(epreuve: Epreuve) -> Iterator[Problem]:
    """Deux propositions de QCU/QCM ont le même texte (à la casse et aux espaces près).

    Pourquoi : l'apprenant ne peut pas les distinguer, et la clé ne peut désigner que l'une d'elles.

    Mauvais :
        ::: propositions
        - Le même mot de passe partout
        - le même  mot de passe partout
        :::
    Bon :
        ::: propositions
        - Le même mot de passe partout
        - Un mot de passe différent par site
        :::
    """
    seen: dict[str, int] = {}
    for number, proposal in enumerate(epreuve.body.proposals or (), start=1):
        normalised = " ".join(proposal.text.casefold().split())
        if not normalised:
            continue
        if normalised in seen:
            yield Problem(
                proposal.span,
                f"la proposition {number} répète la proposition {seen[normalised]}",
                "reformulez-la ou supprimez-la",
            )
        else:
            seen[normalised] = number
