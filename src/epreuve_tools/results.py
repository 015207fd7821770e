"""What the analysis of one file yields, and its cache encoding (plain JSON lists).

Kept apart from `analysis.py` so that a fully cached run never imports a parser or jsonschema.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from epreuve_tools.diagnostics import Finding, Position, Span
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


def _flat(span: Span) -> list[int]:
    return [span.start.line, span.start.column, span.end.line, span.end.column]


def _span(raw: list[int]) -> Span:
    return Span(Position(raw[0], raw[1]), Position(raw[2], raw[3]))


def _encode_findings(findings: tuple[Finding, ...]) -> list[Any]:
    return [[f.code, *_flat(f.span), f.message, f.hint] for f in findings]


def _decode_findings(raw: list[Any]) -> tuple[Finding, ...]:
    return tuple(Finding(f[0], _span(f[1:5]), f[5], f[6]) for f in raw)


def encode_file(analysis: FileAnalysis) -> list[Any]:
    facts = analysis.facts
    if facts is None:
        return [_encode_findings(analysis.findings), None]
    return [
        _encode_findings(analysis.findings),
        [
            facts.id,
            _flat(facts.id_span),
            facts.type,
            facts.competence,
            _flat(facts.competence_span),
            facts.tube,
            _flat(facts.tube_span),
            facts.level,
            facts.status,
            [[src, _flat(span)] for src, span in facts.references],
            [[code, reason, _flat(span)] for code, reason, span in facts.waivers],
        ],
    ]


def decode_file(raw: list[Any]) -> FileAnalysis:
    findings = _decode_findings(raw[0])
    if raw[1] is None:
        return FileAnalysis(findings)
    f = raw[1]
    facts = EpreuveFacts(
        id=f[0],
        id_span=_span(f[1]),
        type=f[2],
        competence=f[3],
        competence_span=_span(f[4]),
        tube=f[5],
        tube_span=_span(f[6]),
        level=f[7],
        status=f[8],
        references=tuple((src, _span(span)) for src, span in f[9]),
        waivers=tuple((code, reason, _span(span)) for code, reason, span in f[10]),
    )
    return FileAnalysis(findings, facts)


def encode_yaml(analysis: YamlAnalysis) -> list[Any]:
    source_map = analysis.source_map.encode() if analysis.source_map is not None else None
    return [_encode_findings(analysis.findings), analysis.data, source_map]


def decode_yaml(raw: list[Any]) -> YamlAnalysis:
    source_map = SourceMap.decode(raw[2]) if raw[2] is not None else None
    return YamlAnalysis(_decode_findings(raw[0]), raw[1], source_map)
