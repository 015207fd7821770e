"""Answer keys of QCU and QCM against their proposals."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.kinds import EpreuveType
from epreuve_tools.registry import document_rule

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve


def _proposal_count(epreuve: Epreuve) -> int | None:
    proposals = epreuve.body.proposals
    return len(proposals) if proposals else None


def _none_of(count: int) -> str:
    """« aucune des 3 propositions », but « pas la seule proposition »: never « des 1 propositions »."""
    return f"aucune des {count} propositions" if count > 1 else "pas la seule proposition"


_ONLY_ONE = "la seule proposition porte le numéro 1 : ajoutez les autres propositions"


@document_rule("SEM-005", "qcu-key-out-of-range", Severity.ERROR)
def qcu_key_out_of_range(epreuve: Epreuve) -> Iterator[Problem]:
    """La clé d'une QCU ne désigne aucune proposition : elle doit être entre 1 et le nombre de propositions.

    Pourquoi : Pix compare le numéro coché à la clé ; une clé hors des propositions ne serait jamais
    atteinte et l'épreuve ne pourrait pas être réussie. Les propositions sont numérotées à partir
    de 1 dans l'ordre où elles sont écrites.

    Mauvais : trois propositions et `answer: 4`.
    Bon : trois propositions et `answer: 2`.
    """
    count = _proposal_count(epreuve)
    if epreuve.type is not EpreuveType.QCU or count is None or not isinstance(epreuve.answer, int):
        return
    if isinstance(epreuve.answer, bool) or not 1 <= epreuve.answer <= count:
        yield Problem(
            epreuve.source_map.value(("answer",)),
            f"la clé {epreuve.answer} ne désigne {_none_of(count)}",
            f"donnez le numéro de la bonne proposition, entre 1 et {count}" if count > 1 else _ONLY_ONE,
        )


@document_rule("SEM-006", "qcm-key-invalid", Severity.ERROR)
def qcm_key_invalid(epreuve: Epreuve) -> Iterator[Problem]:
    """La clé d'une QCM doit compter au moins deux numéros distincts de propositions existantes.

    Pourquoi : Pix exige que l'apprenant coche au moins deux cases : une clé d'un seul numéro ne
    serait jamais atteinte, et elle serait une QCU. Un numéro répété ou hors des propositions est une
    erreur.

    Mauvais : `answer: [2]`, `answer: [1, 1]`, ou `answer: [1, 7]` avec trois propositions.
    Bon : `answer: [1, 3]` avec trois propositions.
    """
    if epreuve.type is not EpreuveType.QCM or not isinstance(epreuve.answer, list):
        return
    # Only integers are proposal numbers: any other item (text, list, map, true) is the schema's
    # to report (SCHEMA-003), and a list or a map cannot even be compared with the numbers seen.
    numbers = [
        (index, n) for index, n in enumerate(epreuve.answer) if isinstance(n, int) and not isinstance(n, bool)
    ]
    count = _proposal_count(epreuve)
    for index, number in numbers:
        if count is not None and not 1 <= number <= count:
            yield Problem(
                epreuve.source_map.value(("answer", index)),
                f"le numéro {number} ne désigne {_none_of(count)}",
                f"les propositions sont numérotées de 1 à {count}" if count > 1 else _ONLY_ONE,
            )
    seen: set[int] = set()
    for index, number in numbers:
        if number in seen:
            yield Problem(
                epreuve.source_map.value(("answer", index)),
                f"le numéro {number} est répété dans la clé",
                "chaque bonne proposition figure une seule fois",
            )
        seen.add(number)
    if len({number for _, number in numbers}) < 2:
        yield Problem(
            epreuve.source_map.key(("answer",)),
            "la clé d'une QCM doit compter au moins deux propositions",
            "avec une seule bonne réponse, utilisez `type: qcu`",
        )
