"""The bank as the bank-level ITEM rules see it: every épreuve's item facts, and each parcours' members.

Built once per project run (every ITEM project rule and the quality report share it), from the
facts the document phase cached: no épreuve is read again. A parcours' members are the épreuves it
names, then those its selectors retain (validated épreuves of a competence, tube and levels), as
the publication resolves them.

Bank-level findings are reported at the référentiel (its first key), parcours-level ones at the
parcours' `epreuves` key: they show when the whole tree, the référentiel or that parcours is
checked, not when one épreuve is (pre-commit names only the file that changed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from epreuve_tools.memo import digest as memo_digest
from epreuve_tools.project import EpreuveFacts
from epreuve_tools.rules.item_facts import ItemFacts, read

if TYPE_CHECKING:
    from epreuve_tools.diagnostics import Span
    from epreuve_tools.model import Parcours
    from epreuve_tools.project import Project


class BankEpreuve(NamedTuple):  # a NamedTuple: 10,000 are made at each run, a frozen dataclass is slower
    path: str
    facts: EpreuveFacts
    item: ItemFacts
    # 16 bytes that change when its facts do: the key of a memo of pairwise results (`memo.py`)
    digest: bytes

    @property
    def name(self) -> str:
        """How a message names it: its id, or its file when it has none."""
        return self.facts.id or self.path

    @property
    def choices(self) -> bool:
        return self.facts.type in ("qcu", "qcm")


@dataclass(slots=True)
class Bank:
    epreuves: list[BankEpreuve] = field(default_factory=list)  # in path order
    by_id: dict[str, int] = field(default_factory=dict)  # first épreuve of each id
    # each parcours with the indexes of its members, in the parcours' order, each once
    parcours: list[tuple[Parcours, list[int]]] = field(default_factory=list)
    referentiel_place: tuple[str, Span] | None = None

    def in_service(self) -> list[BankEpreuve]:
        """The épreuves a learner may meet: neither archived nor out of date, each id once (files
        sharing an id are one épreuve written twice, SEM-001's finding: counted once in the shares)."""
        return [
            e
            for index, e in enumerate(self.epreuves)
            if e.facts.status not in _RETIRED and (e.facts.id is None or self.by_id.get(e.facts.id) == index)
        ]


_RETIRED = frozenset({"archivé", "périmé"})
# the fields of `EpreuveFacts` the bank-level ITEM rules read (through `bank_of`): an edit that changes
# none of them (a layout change, a correction without an answer in it…) keeps their findings
BANK_READS = ("id", "type", "competence", "tube", "level", "status", "places", "item")
_LAST: list[tuple[Project, Bank]] = []  # the last project's bank: its rules run one after another
# every bank built since `collect_banks` was last called: the quality report reads them after a check
_BUILT: list[tuple[Project, Bank]] = []


def bank_of(project: Project) -> Bank:
    """The bank of `project`, built on first use and shared by the rules of the same run."""
    if _LAST and _LAST[0][0] is project:
        return _LAST[0][1]
    bank = _build(project)
    _LAST[:] = [(project, bank)]
    _BUILT.append((project, bank))
    return bank


def collect_banks() -> list[tuple[Project, Bank]]:
    """The banks the project rules built since the last call (one per content tree checked)."""
    built = list(_BUILT)
    _BUILT.clear()
    return built


def _build(project: Project) -> Bank:
    bank = Bank()
    for path in sorted(project.epreuves):
        facts = project.epreuves[path]
        item = read(facts.item) if facts.item else None
        if item is None:
            continue
        if facts.id is not None:
            bank.by_id.setdefault(facts.id, len(bank.epreuves))
        key = project.facts_keys.get(path)
        # the content key stands for the facts made from those bytes; a project built without one
        # (a test, a tool) has its facts hashed
        digest = bytes.fromhex(key[:32]) if key else memo_digest(facts.item)
        bank.epreuves.append(BankEpreuve(path, facts, item, digest))
    # a selector's candidates: the validated épreuves of its competence
    validated: dict[str | None, list[int]] = {}
    for index, epreuve in enumerate(bank.epreuves):
        if epreuve.facts.status == "validé":
            validated.setdefault(epreuve.facts.competence, []).append(index)
    for parcours in sorted(project.parcours, key=lambda p: p.path):
        bank.parcours.append((parcours, _members(bank, parcours, validated)))
    referentiel = project.referentiel
    if referentiel is not None:
        source_map = referentiel.source_map
        first = min(source_map.keys.values(), key=lambda span: span.start, default=source_map.root)
        bank.referentiel_place = (referentiel.path, first)
    return bank


def _members(bank: Bank, parcours: Parcours, validated: dict[str | None, list[int]]) -> list[int]:
    members: list[int] = []
    seen: set[int] = set()
    for item in parcours.items:
        if item.epreuve_id is not None:
            found = bank.by_id.get(item.epreuve_id)
            chosen: Sequence[int] = () if found is None else (found,)
        elif item.competence is not None:
            chosen = [
                index
                for index in validated.get(item.competence, ())
                if _selected(bank.epreuves[index].facts, item.competence, item.tube, item.levels)
            ]
        else:
            chosen = ()
        for index in chosen:
            if index not in seen:
                seen.add(index)
                members.append(index)
    return members


def _selected(facts: EpreuveFacts, competence: str, tube: str | None, levels: Sequence[int]) -> bool:
    return (
        facts.status == "validé"
        and facts.competence == competence
        and (tube is None or facts.tube == tube)
        and (not levels or facts.level in levels)
    )


def parcours_place(parcours: Parcours) -> Span:
    """Where a finding about the whole parcours goes: its `epreuves` key."""
    return parcours.source_map.key(("epreuves",))


def percent(share: float) -> str:
    """« 66 % » (French typography: a no-break space before the sign)."""
    return f"{round(100 * share)}\u00a0%"
