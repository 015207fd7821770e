"""What the analysis of one file yields, and its encodings: plain lists (the worker's answers, the
cache's référentiel and parcours) and rows (the cache's épreuves).

Kept apart from `analysis.py` so that a fully cached run never imports a parser or jsonschema.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable
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


# A finding as the worker sends it and the cache keeps it (plain values that marshal stores):
# code, line, column, end line, end column, message, hint.
EncodedFinding = tuple[str, int, int, int, int, str, str | None]
# An analysed épreuve's notes, None when it has neither: its encoded findings, and whether its facts
# hold waivers.
Notes = tuple[list[EncodedFinding], bool]
# The project rules' findings, as the cache keeps them: (path shown, encoded finding).
ProjectFindings = list[tuple[str, EncodedFinding]]


def encode_findings(findings: tuple[Finding, ...]) -> list[EncodedFinding]:
    encoded: list[EncodedFinding] = []
    for f in findings:
        start, end = f.span
        encoded.append((f.code, start.line, start.column, end.line, end.column, f.message, f.hint))
    return encoded


def decode_findings(raw: Iterable[EncodedFinding]) -> tuple[Finding, ...]:
    return tuple(Finding(f[0], Span.from_flat(f[1:5]), f[5], f[6]) for f in raw)


def _encode_facts(facts: EpreuveFacts) -> list[Any]:
    return [
        *facts[:6],
        [list(place) for place in facts.places],
        [[src, list(where)] for src, where in facts.references],
        [[code, reason, list(where)] for code, reason, where in facts.waivers],
        list(facts.prose),
        [[use, src, list(where), list(traits)] for use, src, where, traits in facts.assets],
        facts.item,  # already plain tuples (`rules.item_facts`)
    ]


class Row(NamedTuple):
    """An analysed épreuve as the cache keeps it, so that a re-check decodes almost nothing.

    Most épreuves of a tree have no finding and no waiver: their row is only bytes, decoded
    when project rules must run again. `facts` is marshal format 2 (no references between
    objects), so that equal facts are equal bytes: project rules are skipped when none changed.
    """

    facts: bytes | None  # the encoded facts, or None for a file that could not be read into the model
    notes: Notes | None  # None, or (encoded findings, whether the facts hold waivers)

    @classmethod
    def of(cls, analysis: FileAnalysis) -> Row:
        facts = analysis.facts
        has_waivers = facts is not None and bool(facts.waivers)
        notes = (
            (encode_findings(analysis.findings), has_waivers) if analysis.findings or has_waivers else None
        )
        blob = marshal.dumps(_encode_facts(facts), 2) if facts is not None else None
        return cls(blob, notes)


class Analysed(NamedTuple):
    """An épreuve as the process that analysed it (a worker) hands it over: its cache row, ready to
    keep (the facts already marshalled there, not rebuilt as objects here and marshalled again), and
    the traceback of an internal error, shown with -v and never cached."""

    row: Row
    crash: str | None

    @classmethod
    def of(cls, analysis: FileAnalysis) -> Analysed:
        return cls(Row.of(analysis), analysis.crash)


def decode_facts(blob: bytes) -> EpreuveFacts:
    # stored in field order: built without copying (`_make` refuses a list of another length)
    return EpreuveFacts._make(marshal.loads(blob))


def encode_yaml(analysis: YamlAnalysis) -> bytes:
    """A référentiel's or parcours' analysis as the cache keeps it: one marshal blob."""
    source_map = analysis.source_map.encode() if analysis.source_map is not None else None
    return marshal.dumps([encode_findings(analysis.findings), analysis.data, source_map])


def decode_yaml(blob: bytes) -> YamlAnalysis:
    raw = marshal.loads(blob)
    source_map = SourceMap.decode(raw[2]) if raw[2] is not None else None
    return YamlAnalysis(decode_findings(raw[0]), raw[1], source_map)


def decode_yaml_findings(blob: bytes) -> tuple[Finding, ...]:
    """Only the findings of an encoded analysis (its data and source map are not built)."""
    findings: list[EncodedFinding] = marshal.loads(blob)[0]
    return decode_findings(findings)
