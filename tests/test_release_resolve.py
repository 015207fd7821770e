"""Which épreuves a parcours packs: `resolve_epreuves` against a plain reading of the rule (every
`validé` épreuve, sorted by id, filtered by each selector in turn, the first occurrence kept)."""

from __future__ import annotations

import itertools
from pathlib import Path

from epreuve_tools.bundle.pack import VALIDATED, Content, load_content, resolve_epreuves
from epreuve_tools.model import Parcours, ParcoursItem

CONTENT = Path(__file__).resolve().parents[1] / "content"


def _reference(content: Content, parcours: Parcours) -> tuple[str, ...]:
    chosen: dict[str, None] = {}
    for item in parcours.items:
        if item.epreuve_id is not None:
            found = content.epreuves.get(item.epreuve_id)
            if found is not None and found[1].status == VALIDATED:
                chosen.setdefault(item.epreuve_id)
            continue
        for epreuve_id in sorted(content.epreuves):
            epreuve = content.epreuves[epreuve_id][1]
            if (
                item.competence is not None
                and epreuve.status == VALIDATED
                and epreuve.competence == item.competence
                and (item.tube is None or epreuve.tube == item.tube)
                and (not item.levels or epreuve.level in item.levels)
            ):
                chosen.setdefault(epreuve_id)
    return tuple(chosen)


def test_every_selector_of_the_sample_content_resolves_as_the_rule_reads() -> None:
    content = load_content(CONTENT)
    epreuves = [epreuve for _, epreuve in content.epreuves.values()]
    competences = sorted({e.competence for e in epreuves if e.competence is not None})
    tubes = sorted({(e.competence, e.tube) for e in epreuves if e.competence and e.tube})
    some_id = sorted(content.epreuves)[0]
    selectors = [ParcoursItem(("epreuves", 0), competence=c) for c in competences]
    selectors += [ParcoursItem(("epreuves", 0), competence=c, tube=t) for c, t in tubes]
    selectors += [ParcoursItem(("epreuves", 0), competence=c, tube=t, levels=(1, 3)) for c, t in tubes]
    selectors += [
        ParcoursItem(("epreuves", 0), competence=competences[0], levels=(2,)),
        ParcoursItem(("epreuves", 0), competence=competences[0], tube="@absent"),
        ParcoursItem(("epreuves", 0), competence="9.9"),
        ParcoursItem(("epreuves", 0), competence=tubes[0][0], tube=tubes[-1][1]),  # another's tube
        ParcoursItem(("epreuves", 0), epreuve_id=some_id),
    ]
    checked = 0
    for pair in itertools.permutations(selectors[:12] + selectors[-5:], 2):
        parcours = Parcours("p.yaml", "p", 1, tuple(pair), {})
        assert resolve_epreuves(content, parcours) == _reference(content, parcours), pair
        checked += bool(_reference(content, parcours))
    for item in selectors:
        parcours = Parcours("p.yaml", "p", 1, (item,), {})
        assert resolve_epreuves(content, parcours) == _reference(content, parcours), item
    for parcours, _ in content.parcours:
        assert resolve_epreuves(content, parcours) == _reference(content, parcours), parcours.id
    assert checked > 100  # the pairs do select épreuves
