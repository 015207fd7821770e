"""ITEM-001 and ITEM-002: a right answer recognised by its length.

Haladyna, Downing & Rodriguez (2002), « A Review of Multiple-Choice Item-Writing Guidelines for
Classroom Assessment », Applied Measurement in Education 15(3), 309-334, guideline 24 (« keep the
length of choices about equal ») and 28 (avoid clues to the right answer): authors qualify the
right answer until it is true, and it grows longer than the distractors; a test-wise learner picks
the longest proposal. ITEM-001 reports one épreuve whose key is much longer than every distractor;
ITEM-002 the share, in a parcours or in the whole bank, of QCU and QCM whose key is simply longer
than every distractor: each may be fine alone, the habit is the cue.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity, Span
from epreuve_tools.kinds import EpreuveType
from epreuve_tools.registry import document_rule, project_rule
from epreuve_tools.rules.item_bank import BANK_READS, BankEpreuve, bank_of, parcours_place, percent
from epreuve_tools.rules.item_facts import right_numbers, visible_length

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve
    from epreuve_tools.project import Project

# ITEM-001: « noticeably longer » is half as long again as the longest distractor, and 20
# characters more (« Oui » against « Non, jamais » is no cue).
NOTICEABLE_RATIO = 1.5
NOTICEABLE_EXTRA = 20
# ITEM-002: « longer than every distractor » has a 10 % margin (a learner does not count
# characters); the share is a finding above MAX_LONGER_KEY_SHARE, among at least MIN_CHOICE_ITEMS
# QCU and QCM (fewer tell nothing). Chance is 1 in 4 for a QCU of four proposals, less for a QCM.
LONGER_RATIO = 1.1
MAX_LONGER_KEY_SHARE = 0.4
MIN_CHOICE_ITEMS = 8


def _split(lengths: Sequence[int], right: Sequence[int]) -> tuple[list[int], list[int]]:
    count = len(lengths)
    rights = [lengths[n - 1] for n in right if 1 <= n <= count]
    wrongs = [length for number, length in enumerate(lengths, start=1) if number not in right]
    return rights, wrongs


def noticeably_longer(lengths: Sequence[int], right: Sequence[int]) -> bool:
    """Whether every right proposal is much longer than every wrong one (ITEM-001)."""
    rights, wrongs = _split(lengths, right)
    if not rights or not wrongs:
        return False
    shortest, longest = min(rights), max(wrongs)
    return shortest >= NOTICEABLE_RATIO * longest and shortest - longest >= NOTICEABLE_EXTRA


def longer_key(lengths: Sequence[int], right: Sequence[int]) -> bool:
    """Whether every right proposal is longer than every wrong one, by a margin (ITEM-002)."""
    rights, wrongs = _split(lengths, right)
    return bool(rights and wrongs) and min(rights) > LONGER_RATIO * max(wrongs)


@document_rule("ITEM-001", "key-noticeably-longest", Severity.WARNING)
def key_noticeably_longest(epreuve: Epreuve) -> Iterator[Problem]:
    """La bonne réponse d'une QCU ou d'une QCM est nettement plus longue que chaque mauvaise réponse.

    Pourquoi : la bonne réponse est souvent nuancée et précisée jusqu'à être exacte, et s'allonge ;
    l'apprenant qui coche la plus longue réussit sans rien savoir (Haladyna, Downing et Rodriguez,
    2002, règles 24 et 28 : des propositions de longueurs voisines). « Nettement » : une fois et
    demie la plus longue des mauvaises, et 20 caractères de plus, mesurés sur le texte affiché.
    Pour une QCM, c'est la plus courte des bonnes réponses qui compte. La part des épreuves dont la
    clé est la plus longue, même de peu, est mesurée par parcours et sur la banque (ITEM-002).

    Mauvais :
        - Vous découpez la vidéo
        - Vous déposez la vidéo sur le service de partage de l'administration, puis envoyez le lien
        - Vous utilisez votre messagerie personnelle
    Bon :
        - Vous découpez la vidéo en morceaux envoyés dans plusieurs courriels
        - Vous déposez la vidéo sur le service de partage et envoyez le lien
        - Vous l'envoyez depuis votre messagerie personnelle, qui accepte les gros fichiers
    """
    if epreuve.type not in (EpreuveType.QCU, EpreuveType.QCM):
        return
    proposals = epreuve.body.proposals or ()
    lengths = [visible_length(proposal.text) for proposal in proposals]
    right = right_numbers(epreuve)
    if not noticeably_longer(lengths, right):
        return
    rights, wrongs = _split(lengths, right)
    first = min(n for n in right if 1 <= n <= len(lengths))
    which = "la bonne réponse" if len(rights) == 1 else "chaque bonne réponse"
    yield Problem(
        proposals[first - 1].span,
        f"{which} ({min(rights)} caractères au moins) est bien plus longue que chaque mauvaise "
        f"(au plus {max(wrongs)}) : la longueur désigne la réponse",
        "donnez aux propositions des longueurs voisines : resserrez la bonne, ou précisez les mauvaises "
        "avec des erreurs vraisemblables",
    )


def longer_key_share(epreuves: Sequence[BankEpreuve]) -> tuple[int, int]:
    """(QCU and QCM whose key is longer than every distractor, QCU and QCM) among `epreuves`."""
    choices = [e for e in epreuves if e.choices]
    return sum(longer_key(e.item.lengths, e.item.right) for e in choices), len(choices)


def _share_problem(longer: int, total: int, where: str, span: Span) -> Problem | None:
    if total < MIN_CHOICE_ITEMS or longer <= MAX_LONGER_KEY_SHARE * total:
        return None
    return Problem(
        span,
        f"{where}, la bonne réponse est plus longue que toutes les mauvaises dans {longer} QCU ou "
        f"QCM sur {total} ({percent(longer / total)}, au-delà de {percent(MAX_LONGER_KEY_SHARE)}) : "
        "choisir la plus longue y réussit trop souvent",
        "reprenez d'abord les épreuves signalées par ITEM-001, puis équilibrez les longueurs ; "
        "`epreuve check --quality-report FICHIER` les liste",
    )


@project_rule("ITEM-002", "longer-key-share", Severity.WARNING, reads=BANK_READS)
def longer_key_share_too_high(project: Project) -> Iterator[tuple[str, Problem]]:
    """Dans un parcours ou dans la banque, trop de QCU et de QCM ont leur bonne réponse plus longue que les autres.

    Pourquoi : une épreuve dont la clé est un peu plus longue passe ; une banque où c'est la règle
    apprend à l'apprenant à cocher la plus longue (Haladyna, Downing et Rodriguez, 2002, règles 24
    et 28). Sont comptées les QCU et les QCM dont chaque bonne réponse dépasse de plus de 10 %
    la plus longue des mauvaises (les épreuves archivées ou périmées ne comptent pas pour la
    banque) ; au-delà de 40 % (le hasard en donne 25 % pour quatre
    propositions), et dès 8 QCU ou QCM, le parcours est signalé à sa clé `epreuves`, et la banque
    entière au référentiel. Le seuil est une constante documentée (`MAX_LONGER_KEY_SHARE`).
    `epreuve check --quality-report FICHIER` donne les parts et la liste des épreuves.

    Mauvais : un parcours de 10 QCU dont 7 ont la bonne réponse la plus longue.
    Bon : un parcours où la bonne réponse n'est la plus longue que par hasard (2 ou 3 sur 10).
    """
    bank = bank_of(project)
    for parcours, members in bank.parcours:
        longer, total = longer_key_share([bank.epreuves[i] for i in members])
        problem = _share_problem(longer, total, "Dans ce parcours", parcours_place(parcours))
        if problem is not None:
            yield parcours.path, problem
    if bank.referentiel_place is not None:
        path, span = bank.referentiel_place
        longer, total = longer_key_share(bank.in_service())
        problem = _share_problem(longer, total, "Dans la banque", span)
        if problem is not None:
            yield path, problem
