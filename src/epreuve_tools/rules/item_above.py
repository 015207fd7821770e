"""ITEM-004: « toutes les réponses », « aucune réponse », « les deux », « 1 et 3 » as a proposal.

Haladyna, Downing & Rodriguez (2002), « A Review of Multiple-Choice Item-Writing Guidelines for
Classroom Assessment », Applied Measurement in Education 15(3), 309-334, guidelines 25 (« none of
the above » used carefully) and 26 (avoid « all of the above »). A proposal that points at the
others by their place (« toutes les réponses ci-dessus », « aucune de ces réponses », « A et B »)
is A11Y-SNS-004's (A11Y-SNS-006 when unshuffled): this rule reports only what those leave, the
same trap without a place (« Toutes les réponses sont justes », « Aucune », « Les deux »).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity, quoted
from epreuve_tools.kinds import EpreuveType
from epreuve_tools.registry import document_rule

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve

_NOUNS = r"(?:réponses?|propositions?|affirmations?|choix|options?|solutions?|items?)"
_RIGHT = r"(?:justes?|bonnes?|vraies?|correctes?|exactes?|possibles?)"
# each alternative is the whole proposal, or its beginning for « Toutes les réponses sont… »
_ALL_OR_NONE = re.compile(
    rf"^(?:toutes?|tous)\s+(?:les\s+)?{_NOUNS}\b"
    rf"|^(?:toutes?|tous)\s+(?:sont\s+{_RIGHT}|les\s+(?:deux|trois|quatre))\b"
    r"|^tout\s+(?:ce\s+qui\s+précède|cela|ceci|ça)\b"
    rf"|^aucune?\s+(?:des\s+{_NOUNS}|{_NOUNS})\b"
    rf"|^aucune?\s+(?:n['’]est\s+{_RIGHT}|des\s+(?:deux|trois|quatre))\b"
    r"|^(?:aucune?|rien|toutes?|tous)(?:\s+de\s+(?:tout\s+)?(?:cela|ceci|ça))?\s*[.!]?\s*$"
    r"|^ni\s+l['’]une?\s+ni\s+l['’]autre\b"
    r"|^les\s+(?:deux|trois|quatre)(?:\s+(?:premières?|premiers|précédentes?|précédents))?\s*[.!]?\s*$"
    r"|^[1-9](?:\s*,\s*[1-9])*\s+(?:et|ou)\s+[1-9]\s*[.!]?\s*$",
    re.IGNORECASE,
)


def refers_to_others(epreuve: Epreuve) -> set[int]:
    """The proposals that stand for the others (this rule's, and A11Y-SNS-004/006's by their place)."""
    found = {
        number
        for number, proposal in enumerate(epreuve.body.proposals or (), start=1)
        if _ALL_OR_NONE.search(" ".join(proposal.text.replace("*", "").split()))
    }
    return found | _order_reported(epreuve) if found or _may_refer(epreuve) else found


def _may_refer(epreuve: Epreuve) -> bool:
    from epreuve_tools.rules.a11y_sns import _ANY_ORDER  # SNS's own cheap first look

    return any(_ANY_ORDER.search(proposal.text) for proposal in epreuve.body.proposals or ())


def _order_reported(epreuve: Epreuve) -> set[int]:
    """The proposals A11Y-SNS-004/006 already report as pointing at the others by their place."""
    from epreuve_tools.rules.a11y_sns import _order_references  # its detector, not a copy of it

    return {p.proposal for p, _, _ in _order_references(epreuve) if p.proposal is not None}


@document_rule("ITEM-004", "all-or-none-of-the-above", Severity.WARNING)
def all_or_none_of_the_above(epreuve: Epreuve) -> Iterator[Problem]:
    """Une proposition vaut pour les autres : « Toutes les réponses sont justes », « Aucune », « Les deux ».

    Pourquoi : qui reconnaît deux propositions justes coche « toutes » sans connaître la troisième ;
    « aucune » ne dit pas si l'apprenant sait la bonne réponse, seulement qu'il écarte celles
    qu'on lui montre (Haladyna, Downing et Rodriguez, 2002, règles 25 et 26). Une proposition qui
    désigne les autres par leur place (« ci-dessus », « ces réponses », « A et B ») relève déjà de
    A11Y-SNS-004 ou -006 et n'est pas signalée une seconde fois ici.

    Mauvais :
        - Chiffrer le fichier
        - Le déposer sur l'espace partagé
        - Toutes les réponses sont justes
    Bon : une QCM dont chaque proposition se suffit, avec ses vraies bonnes réponses :
        - Chiffrer le fichier
        - Le déposer sur l'espace partagé
        - L'envoyer en pièce jointe depuis une messagerie personnelle
    """
    if epreuve.type not in (EpreuveType.QCU, EpreuveType.QCM):
        return
    proposals = epreuve.body.proposals or ()
    found = [
        (number, proposal)
        for number, proposal in enumerate(proposals, start=1)
        if _ALL_OR_NONE.search(" ".join(proposal.text.replace("*", "").split()))
    ]
    if not found:
        return
    already = _order_reported(epreuve)
    for number, proposal in found:
        if number in already:
            continue
        yield Problem(
            proposal.span,
            f"la proposition {number} vaut pour les autres : {quoted(proposal.text.strip(), 50)}",
            "remplacez-la par une proposition qui se suffit (une erreur fréquente) ; s'il y a plusieurs "
            "bonnes réponses, faites une QCM",
        )
