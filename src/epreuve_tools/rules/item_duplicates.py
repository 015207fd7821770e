"""ITEM-012 and ITEM-013: near-duplicate épreuves in the bank, and in one parcours.

Haladyna, Downing & Rodriguez (2002), « A Review of Multiple-Choice Item-Writing Guidelines for
Classroom Assessment », Applied Measurement in Education 15(3), 309-334, guideline 8 (« avoid
items that cue the answer to other items » and keep items independent): two épreuves that ask
the same thing measure it twice, and the second is answered from memory of the first.

Speed: comparing every pair of 10,000 épreuves is 50 million comparisons. Candidates are found
by blocking instead: each épreuve's sketch (the smallest hashes of its pairs of long words, made
once per content by the document phase) is indexed, and only épreuves that share a sketch hash
are compared (those sharing two of them, of lengths that can reach the score), by rapidfuzz, on their instruction and proposals; a hash shared by more than
MAX_BUCKET épreuves is a stock phrase, not a sign, and is skipped. The work is bounded by the
number of épreuves times the sketch size times MAX_BUCKET.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from itertools import combinations
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity, plural
from epreuve_tools.memo import MISSING, MemoTable
from epreuve_tools.memo import digest as memo_digest
from epreuve_tools.registry import project_rule
from epreuve_tools.rules.item_bank import BANK_READS, Bank, BankEpreuve, bank_of

if TYPE_CHECKING:
    from epreuve_tools.project import Project

# rapidfuzz's `ratio` (0-100) on the folded instruction and proposals from which two épreuves are
# near-duplicates
NEAR_DUPLICATE_SCORE = 90
MAX_BUCKET = 40
# candidates share at least this many sketch hashes (of SKETCH_SIZE): one shared pair of words is chance
MIN_SHARED = 2
_RETIRED = frozenset({"archivé", "périmé"})


def near_duplicate_pairs(epreuves: Sequence[BankEpreuve]) -> list[tuple[int, int, int]]:
    """(index, index, score) of the pairs of `epreuves` that are near-duplicates, index-sorted."""
    from rapidfuzz.fuzz import ratio

    buckets: dict[int, list[int]] = defaultdict(list)
    for index, epreuve in enumerate(epreuves):
        for value in epreuve.item.sketch:
            buckets[value].append(index)
    shared: Counter[tuple[int, int]] = Counter()
    for members in buckets.values():
        if 1 < len(members) <= MAX_BUCKET:
            shared.update(combinations(members, 2))  # counted in C: the bank's hottest loop
    pairs = []
    for (first, second), count in shared.items():
        a, b = epreuves[first].item.duplicate_text, epreuves[second].item.duplicate_text
        # near-duplicates share most of their sketch, and `ratio` >= 90 needs lengths within ~20 %
        needed = min(MIN_SHARED, len(epreuves[first].item.sketch), len(epreuves[second].item.sketch))
        if count < needed or 2 * min(len(a), len(b)) < 0.9 * (len(a) + len(b)):
            continue
        score = ratio(a, b, score_cutoff=NEAR_DUPLICATE_SCORE)
        if score:
            pairs.append((first, second, round(score)))
    return sorted(pairs)


def memoised_pairs(memo: MemoTable, epreuves: Sequence[BankEpreuve]) -> list[tuple[int, int, int]]:
    """`near_duplicate_pairs`, found again when the same épreuves, in the same order, held the same
    item facts at the previous run (a parcours none of whose members changed)."""
    key = memo_digest([epreuve.digest for epreuve in epreuves])
    found = memo.get(key)
    if found is MISSING:
        found = near_duplicate_pairs(epreuves)
        memo.put(key, found)
    pairs: list[tuple[int, int, int]] = found
    return pairs


def _same_family(a: BankEpreuve, b: BankEpreuve) -> bool:
    """A declinaison and its prototype, or two declinaisons of one prototype: alike on purpose."""
    return a.item.family is not None and a.item.family == b.item.family


def bank_pairs(bank: Bank, memo: MemoTable | None = None) -> list[tuple[int, int, int]]:
    """The near-duplicate pairs of the bank worth reporting: both in service, not one family, and
    not two files of one id (SEM-001 already reports those as one épreuve written twice)."""
    pairs = near_duplicate_pairs(bank.epreuves) if memo is None else memoised_pairs(memo, bank.epreuves)
    return [
        (a, b, score)
        for a, b, score in pairs
        if not _same_family(bank.epreuves[a], bank.epreuves[b])
        and bank.epreuves[a].facts.id != bank.epreuves[b].facts.id
        and bank.epreuves[a].facts.status not in _RETIRED
        and bank.epreuves[b].facts.status not in _RETIRED
    ]


@project_rule("ITEM-012", "near-duplicate-epreuve", Severity.WARNING, reads=BANK_READS)
def near_duplicate_epreuve(project: Project) -> Iterator[tuple[str, Problem]]:
    """Deux épreuves de la banque sont presque identiques (consigne et propositions).

    Pourquoi : deux épreuves qui posent la même question mesurent deux fois la même chose, et la
    seconde se réussit de mémoire (Haladyna, Downing et Rodriguez, 2002, règle 8 : des épreuves
    indépendantes). La ressemblance est mesurée par rapidfuzz (`ratio`, de 0 à 100) sur la consigne
    et les propositions, sans la correction ; 90 et plus est signalé, aux deux épreuves. Une
    déclinaison et son prototype (`genealogy`), ou deux déclinaisons du même prototype, se
    ressemblent par construction et ne sont pas signalées ; ni une épreuve archivée ou périmée.

    Mauvais : `courriel-objet-1` et `courriel-objet-2`, la même question à un mot près.
    Bon : une seule des deux, ou la seconde déclarée `genealogy: {declinaison: courriel-objet-1}`.
    """
    bank = bank_of(project)
    # one finding per épreuve, naming its closest twin: a cluster of n copies gives n findings, not n²
    twins: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b, score in bank_pairs(bank, project.memo.table("ITEM-012")):
        twins[a].append((score, b))
        twins[b].append((score, a))
    for index in sorted(twins):
        one = bank.epreuves[index]
        score, closest = max(twins[index], key=lambda twin: (twin[0], -twin[1]))
        other = bank.epreuves[closest]
        more = len(twins[index]) - 1
        yield (
            one.path,
            Problem(
                one.facts.id_span,
                f"épreuve presque identique à « {other.name} » ({other.path}, ressemblance {score} sur 100)"
                + (f", et à {plural(more, 'autre épreuve', 'autres épreuves')}" if more else ""),
                "fusionnez-les, faites de l'une une déclinaison de l'autre (`genealogy`), ou "
                "faites-leur évaluer deux choses différentes",
            ),
        )


@project_rule("ITEM-013", "near-duplicate-in-parcours", Severity.WARNING, reads=BANK_READS)
def near_duplicate_in_parcours(project: Project) -> Iterator[tuple[str, Problem]]:
    """Un parcours cite deux épreuves presque identiques.

    Pourquoi : l'apprenant du parcours rencontre deux fois la même question et réussit la seconde
    de mémoire (Haladyna, Downing et Rodriguez, 2002, règle 8). Même mesure que ITEM-012 (rapidfuzz,
    90 sur 100 et plus), mais entre les membres d'un parcours, déclinaisons comprises : dans un
    parcours, deux déclinaisons d'un même prototype se rencontrent aussi. Signalé à la seconde des
    deux dans le parcours (à la clé `epreuves` quand un sélecteur l'a retenue).

    Mauvais :
        epreuves:
          - courriel-objet-1
          - courriel-objet-2
    Bon :
        epreuves:
          - courriel-objet-1
          - courriel-destinataires
    """
    bank = bank_of(project)
    memo = project.memo.table("ITEM-013")
    for parcours, members in bank.parcours:
        epreuves = [bank.epreuves[i] for i in members]
        places = {item.epreuve_id: item.json_path for item in parcours.items if item.epreuve_id}
        earliest: dict[int, tuple[int, int]] = {}  # each later member once, with its first twin above
        for a, b, score in memoised_pairs(memo, epreuves):
            if epreuves[a].facts.id != epreuves[b].facts.id and (b not in earliest or a < earliest[b][0]):
                earliest[b] = (a, score)
        for b, (a, score) in sorted(earliest.items()):
            first, second = epreuves[a], epreuves[b]  # members keep the parcours' order: a before b
            path = places.get(second.facts.id) if second.facts.id is not None else None
            span = (
                parcours.source_map.value(path)
                if path is not None
                else parcours.source_map.key(("epreuves",))
            )
            yield (
                parcours.path,
                Problem(
                    span,
                    f"« {second.name} » est presque identique à « {first.name} », plus haut dans ce "
                    f"parcours (ressemblance {score} sur 100)",
                    "gardez-en une seule dans le parcours, ou remplacez l'une par une épreuve sur un autre point",
                ),
            )
