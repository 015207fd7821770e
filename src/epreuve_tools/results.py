"""What the analysis of one file yields, and its encodings: plain lists (the worker's answers, the
cache's référentiel and parcours) and rows (the cache's épreuves).

Kept apart from `analysis.py` so that a fully cached run never imports a parser or jsonschema.
"""

from __future__ import annotations

import marshal
from dataclasses import dataclass
from typing import Any, NamedTuple

from epreuve_tools.diagnostics import Finding, Span
from epreuve_tools.project import EpreuveFacts
from epreuve_tools.sourcemap import SourceMap


@dataclass(frozen=True, slots=True)
class FileAnalysis:
    """An épreuve: its findings and the facts project rules need."""

    findings: tuple[Finding, ...]
    facts: EpreuveFacts | None = None
    crash: str | None = None  # traceback of an internal error, shown with -v; never cached


@dataclass(frozen=True, slots=True)
class YamlAnalysis:
    """A référentiel or parcours file: its findings and, when it could be read, its data."""

    findings: tuple[Finding, ...]
    data: Any = None
    source_map: SourceMap | None = None


def encode_findings(findings: tuple[Finding, ...]) -> list[Any]:
    return [[f.code, *f.span.flat(), f.message, f.hint] for f in findings]


def decode_findings(raw: list[Any]) -> tuple[Finding, ...]:
    return tuple(Finding(f[0], Span.from_flat(f[1:5]), f[5], f[6]) for f in raw)


def _encode_facts(facts: EpreuveFacts) -> list[Any]:
    return [
        *facts[:6],
        [list(place) for place in facts.places],
        [[src, list(where)] for src, where in facts.references],
        [[code, reason, list(where)] for code, reason, where in facts.waivers],
    ]


def encode_file(analysis: FileAnalysis) -> list[Any]:
    facts = analysis.facts
    return [encode_findings(analysis.findings), _encode_facts(facts) if facts is not None else None]


def decode_file(raw: list[Any]) -> FileAnalysis:
    findings = decode_findings(raw[0]) if raw[0] else ()
    facts = raw[1]
    if facts is None:
        return FileAnalysis(findings)
    if len(facts) != len(EpreuveFacts._fields):
        raise ValueError("cached facts of another shape")
    # stored in field order: built without copying (this runs once per file of the tree, warm)
    return FileAnalysis(findings, EpreuveFacts._make(facts))


class Row(NamedTuple):
    """An analysed épreuve as the cache keeps it, so that a re-check decodes almost nothing.

    Most épreuves of a tree have no finding and no waiver: their row is only bytes, decoded
    when project rules must run again. `facts` is marshal format 2 (no references between
    objects), so that equal facts are equal bytes: project rules are skipped when none changed.
    """

    facts: bytes | None  # the encoded facts, or None for a file that could not be read into the model
    notes: Any  # None, or (encoded findings, whether the facts hold waivers)

    @classmethod
    def of(cls, analysis: FileAnalysis) -> Row:
        facts = analysis.facts
        has_waivers = facts is not None and bool(facts.waivers)
        notes = (
            (encode_findings(analysis.findings), has_waivers) if analysis.findings or has_waivers else None
        )
        blob = marshal.dumps(_encode_facts(facts), 2) if facts is not None else None
        return cls(blob, notes)

    def has_waivers(self) -> bool:
        return self.notes is not None and bool(self.notes[1])

    def decode_facts(self) -> EpreuveFacts | None:
        return decode_facts(self.facts) if self.facts is not None else None


def decode_facts(blob: bytes) -> EpreuveFacts:
    # stored in field order: built without copying (`_make` refuses a list of another length)
    return EpreuveFacts._make(marshal.loads(blob))


def encode_yaml(analysis: YamlAnalysis) -> list[Any]:
    source_map = analysis.source_map.encode() if analysis.source_map is not None else None
    return [encode_findings(analysis.findings), analysis.data, source_map]


def decode_yaml(raw: list[Any]) -> YamlAnalysis:
    source_map = SourceMap.decode(raw[2]) if raw[2] is not None else None
    return YamlAnalysis(decode_findings(raw[0]), raw[1], source_map)
