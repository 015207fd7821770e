"""What project-wide rules see: a summary of every épreuve, the référentiel, the parcours, the files.

`EpreuveFacts` is the part of an analysed épreuve that cross-file rules need; it is small, built
from the document alone, and cached with the document's findings.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from epreuve_tools.diagnostics import Span
from epreuve_tools.model import Epreuve, Parcours, Referentiel


@dataclass(frozen=True, slots=True)
class EpreuveFacts:
    id: str | None
    id_span: Span
    type: str | None
    competence: str | None
    competence_span: Span
    tube: str | None
    tube_span: Span
    level: int | None
    status: str | None
    references: tuple[tuple[str, Span], ...]
    waivers: tuple[tuple[str, str, Span], ...]  # (rule code, reason, where the code is written)

    @classmethod
    def of(cls, epreuve: Epreuve) -> EpreuveFacts:
        source_map = epreuve.source_map
        waiver_spans = tuple(
            (code, reason, source_map.value(("a11y", "waivers", index, "rule")))
            for index, (code, reason) in enumerate(epreuve.waivers)
        )
        return cls(
            id=epreuve.id,
            id_span=source_map.value(("id",)),
            type=epreuve.type.value if epreuve.type else None,
            competence=epreuve.competence,
            competence_span=source_map.value(("competence",)),
            tube=epreuve.tube,
            tube_span=source_map.value(("tube",)),
            level=epreuve.level,
            status=epreuve.status,
            references=tuple((ref.src, source_map.value(ref.json_path)) for ref in epreuve.references),
            waivers=waiver_spans,
        )


@dataclass(slots=True)
class Project:
    """One content tree: the folder holding `referentiel.yaml` (or the folder checked, without one)."""

    content_root: str  # POSIX path relative to the project root; "." for the root itself
    epreuves: dict[str, EpreuveFacts] = field(default_factory=dict)  # by file path
    referentiel: Referentiel | None = None
    parcours: list[Parcours] = field(default_factory=list)
    files: frozenset[str] = frozenset()  # every regular file inside the content root

    def resolve(self, epreuve_path: str, src: str) -> str | None:
        """The project-relative path `src` points at from `epreuve_path`, or None if it leaves the tree."""
        if "://" in src or src.startswith(("/", "\\")) or ":" in src.split("/", maxsplit=1)[0]:
            return None
        target = posixpath.normpath(posixpath.join(posixpath.dirname(epreuve_path), src))
        root = self.content_root
        if root in ("", "."):
            return None if target == ".." or target.startswith("../") else target
        return target if target.startswith(root + "/") else None
