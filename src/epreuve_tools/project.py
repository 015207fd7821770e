"""What project-wide rules see: a summary of every épreuve, the référentiel, the parcours, the files.

`EpreuveFacts` is the part of an analysed épreuve that cross-file rules need; it is small, built
from the document alone, and cached with the document's findings.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from epreuve_tools.diagnostics import Span
from epreuve_tools.memo import Memo

if TYPE_CHECKING:  # built from cached facts, a project needs no model class
    from epreuve_tools.assets import AssetLibrary
    from epreuve_tools.model import Epreuve, Parcours, Referentiel

Flat = Sequence[int]  # a span as [line, column, end line, end column]
# Sequences rather than tuples: facts read back from the cache keep the cache's lists.
Reference = Sequence[Any]  # (src as written, Flat)
Waiver = Sequence[Any]  # (rule code, reason, Flat where the code is written)
# A file the accessibility rules look inside (`assets.py`): (use, src as written, Flat of the src,
# traits). Uses: illustration, image (in the body), attachment, alternative (an attachment's
# accessible version); traits: test, decorative, kind:<illustration.kind>, alternative.
AssetUse = Sequence[Any]


class EpreuveFacts(NamedTuple):
    """What project rules need of one épreuve.

    A large tree's facts are read back from the cache at every run, so places are kept flat and
    turned into spans only when a rule reports one.
    """

    id: str | None
    type: str | None
    competence: str | None
    tube: str | None
    level: int | None
    status: str | None
    places: Sequence[Flat]  # id, competence, tube
    references: Sequence[Reference]
    waivers: Sequence[Waiver]
    # words, sentences and syllables of the instruction: a parcours' readability (A11Y-TXT-004)
    prose: Sequence[int] = ()
    # the cited files the accessibility rules look inside (A11Y-IMG-011 to -014, -MOV, -ATT)
    assets: Sequence[AssetUse] = ()
    # what the bank-level item-writing rules read (`rules.item_facts.ItemFacts`, as a plain tuple)
    item: Sequence[Any] = ()

    @property
    def id_span(self) -> Span:
        return Span.from_flat(self.places[0])

    @property
    def competence_span(self) -> Span:
        return Span.from_flat(self.places[1])

    @property
    def tube_span(self) -> Span:
        return Span.from_flat(self.places[2])

    def reference_spans(self) -> Iterator[tuple[str, Span]]:
        for src, where in self.references:
            yield src, Span.from_flat(where)

    def asset_uses(self) -> Iterator[tuple[str, str, Span, Sequence[str]]]:
        """Each cited file the accessibility rules look inside: use, src, where, traits."""
        for use, src, where, traits in self.assets:
            yield use, src, Span.from_flat(where), traits

    def waiver_spans(self) -> Iterator[tuple[str, str, Span]]:
        for code, reason, where in self.waivers:
            yield code, reason, Span.from_flat(where)

    @classmethod
    def of(cls, epreuve: Epreuve) -> EpreuveFacts:
        from epreuve_tools.rules.a11y_prose import readability_counts  # the rules are loaded by then
        from epreuve_tools.rules.item_facts import item_facts

        source_map = epreuve.source_map
        return cls(
            id=epreuve.id,
            type=epreuve.type.value if epreuve.type else None,
            competence=epreuve.competence,
            tube=epreuve.tube,
            level=epreuve.level,
            status=epreuve.status,
            places=(
                source_map.value(("id",)).flat(),
                source_map.value(("competence",)).flat(),
                source_map.value(("tube",)).flat(),
            ),
            references=tuple((ref.src, source_map.value(ref.json_path).flat()) for ref in epreuve.references),
            waivers=tuple(
                (
                    waiver.rule,
                    waiver.reason,
                    source_map.value(("a11y", "waivers", waiver.rank, "rule")).flat(),
                )
                for waiver in epreuve.waivers
            ),
            prose=readability_counts(epreuve),
            assets=_asset_uses(epreuve),
            item=item_facts(epreuve),
        )


def _asset_uses(epreuve: Epreuve) -> tuple[tuple[str, str, list[int], tuple[str, ...]], ...]:
    """The illustration, the body's images and the attachments, with what the rules need to know."""
    from epreuve_tools.rules.a11y_scan import scan

    front_matter, source_map = epreuve.front_matter, epreuve.source_map
    uses: list[tuple[str, str, list[int], tuple[str, ...]]] = []
    illustration = front_matter.get("illustration")
    if isinstance(illustration, dict) and isinstance(illustration.get("src"), str):
        traits = []
        if illustration.get("role") == "test":
            traits.append("test")
        if illustration.get("decorative") is True:
            traits.append("decorative")
        if isinstance(illustration.get("kind"), str):
            traits.append(f"kind:{illustration['kind']}")
        where = source_map.value(("illustration", "src")).flat()
        uses.append(("illustration", illustration["src"], where, tuple(traits)))
    for image in scan(epreuve).images:
        if image.src and ":" not in image.src.split("/", 1)[0]:  # a file, not an address
            uses.append(("image", image.src, image.span.flat(), ()))
    attachments = front_matter.get("attachments")
    for index, item in enumerate(attachments if isinstance(attachments, list) else ()):
        if not isinstance(item, dict):
            continue
        alternative = item.get("alternative")
        has_alternative = isinstance(alternative, str) and bool(alternative.strip())
        alternative = alternative if isinstance(alternative, str) else ""
        if isinstance(item.get("src"), str):
            where = source_map.value(("attachments", index, "src")).flat()
            uses.append(("attachment", item["src"], where, ("alternative",) if has_alternative else ()))
        if has_alternative:
            where = source_map.value(("attachments", index, "alternative")).flat()
            uses.append(("alternative", alternative, where, ()))
    return tuple(uses)


@dataclass(slots=True)
class Project:
    """One content tree: the folder holding `referentiel.yaml` (or the folder checked, without one)."""

    content_root: str  # POSIX path relative to the project root; "." for the root itself
    epreuves: dict[str, EpreuveFacts] = field(default_factory=dict)  # by file path
    # by file path, what each épreuve's facts were made from: the content key of its bytes (`memo`)
    facts_keys: dict[str, str] = field(default_factory=dict)
    referentiel: Referentiel | None = None
    parcours: list[Parcours] = field(default_factory=list)
    files: frozenset[str] = frozenset()  # every regular file inside the content root
    # the cited files' facts (`assets.AssetLibrary`), read on first use by the rules that look inside them
    assets: AssetLibrary | None = None
    # results of the pairwise rules, kept from one run to the next by what they were computed from
    memo: Memo = field(default_factory=Memo)

    def resolve(self, epreuve_path: str, src: str) -> str | None:
        """The project-relative path `src` points at from `epreuve_path`, or None if it leaves the tree."""
        # a backslash is a separator on Windows, where a reviewer or the runtime may open the files
        src = src.replace("\\", "/")
        if "://" in src or src.startswith("/") or ":" in src.split("/", maxsplit=1)[0]:
            return None
        target = posixpath.normpath(posixpath.join(posixpath.dirname(epreuve_path), src))
        root = self.content_root
        if root in ("", "."):
            return None if target == ".." or target.startswith("../") else target
        return target if target.startswith(root + "/") else None
