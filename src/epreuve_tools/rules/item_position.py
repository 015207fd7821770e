"""ITEM-003: the right answer of QCU shown in a fixed order sits too often at the same place.

Haladyna, Downing & Rodriguez (2002), « A Review of Multiple-Choice Item-Writing Guidelines for
Classroom Assessment », Applied Measurement in Education 15(3), 309-334, guideline 20 (« vary the
location of the right answer »). Pix shuffles proposals unless `shuffle: false`: only those QCU
keep the author's habits (the key second, never last) where a learner can learn them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity, Span
from epreuve_tools.registry import project_rule
from epreuve_tools.rules.item_bank import BANK_READS, BankEpreuve, bank_of, parcours_place, percent

if TYPE_CHECKING:
    from epreuve_tools.project import Project

# a position is reported when its share of the keys exceeds what chance gives it by this much
# (chance: 25 % for four proposals), among at least MIN_FIXED_QCU QCU shown in a fixed order
MAX_EXCESS_OVER_CHANCE = 0.25
MIN_FIXED_QCU = 8


def fixed_qcu(epreuves: Sequence[BankEpreuve]) -> list[BankEpreuve]:
    """The QCU shown in the file's order, with a key among their proposals."""
    return [
        e
        for e in epreuves
        if e.facts.type == "qcu"
        and not e.item.shuffled
        and len(e.item.right) == 1
        and 1 <= e.item.right[0] <= len(e.item.lengths)
    ]


def key_positions(epreuves: Sequence[BankEpreuve]) -> tuple[Counter[int], dict[int, float], int]:
    """(keys at each position, the count chance gives each position, number of QCU) of the fixed QCU."""
    fixed = fixed_qcu(epreuves)
    observed: Counter[int] = Counter(e.item.right[0] for e in fixed)
    expected: dict[int, float] = {}
    for e in fixed:
        count = len(e.item.lengths)
        for position in range(1, count + 1):
            expected[position] = expected.get(position, 0.0) + 1 / count
    return observed, expected, len(fixed)


def skewed_position(epreuves: Sequence[BankEpreuve]) -> tuple[int, int, int, float] | None:
    """(position, keys there, fixed QCU, chance share) of the most skewed position, or None."""
    observed, expected, total = key_positions(epreuves)
    if total < MIN_FIXED_QCU:
        return None
    worst: tuple[int, int, int, float] | None = None
    for position, count in sorted(observed.items()):
        chance = expected[position] / total
        excess = count / total - chance
        if excess > MAX_EXCESS_OVER_CHANCE and (worst is None or excess > worst[1] / total - worst[3]):
            worst = (position, count, total, chance)
    return worst


def _problem(found: tuple[int, int, int, float], where: str, span: Span) -> Problem:
    position, count, total, chance = found
    return Problem(
        span,
        f"{where}, la bonne réponse est la proposition {position} dans {count} QCU sur {total} "
        f"affichées sans mélange ({percent(count / total)} ; le hasard en donnerait "
        f"{percent(chance)}) : l'apprenant peut l'apprendre",
        "répartissez la place de la bonne réponse, ou laissez Pix mélanger les propositions "
        "(retirez `shuffle: false` là où l'ordre n'a pas de sens)",
    )


@project_rule("ITEM-003", "key-position-skew", Severity.WARNING, reads=BANK_READS)
def key_position_skew(project: Project) -> Iterator[tuple[str, Problem]]:
    """Les QCU affichées sans mélange ont trop souvent leur bonne réponse à la même place.

    Pourquoi : une QCU dont les propositions ne sont pas mélangées (`shuffle: false`) montre la
    place que l'auteur a choisie ; si la bonne réponse est presque toujours la deuxième, l'apprenant
    le remarque (Haladyna, Downing et Rodriguez, 2002, règle 20). Dès 8 QCU sans mélange, une place
    qui reçoit la bonne réponse 25 points plus souvent que le hasard (25 % pour quatre propositions)
    est signalée : pour chaque parcours à sa clé `epreuves`, pour la banque au référentiel (sans les
    épreuves archivées ou périmées). Les QCU mélangées ne comptent pas : leur ordre change à chaque
    affichage.

    Mauvais : dix QCU avec `shuffle: false`, dont huit ont `answer: 2`.
    Bon : les mêmes avec des clés réparties (2, 4, 1, 3…), ou sans `shuffle: false`.
    """
    bank = bank_of(project)
    for parcours, members in bank.parcours:
        found = skewed_position([bank.epreuves[i] for i in members])
        if found is not None:
            yield parcours.path, _problem(found, "Dans ce parcours", parcours_place(parcours))
    if bank.referentiel_place is not None:
        path, span = bank.referentiel_place
        found = skewed_position(bank.in_service())
        if found is not None:
            yield path, _problem(found, "Dans la banque", span)
