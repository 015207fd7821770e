"""What the analysis of one file yields, and its cache encoding (plain JSON lists).

Kept apart from `analysis.py` so that a fully cached run never imports a parser or jsonschema.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


def _encode_findings(findings: tuple[Finding, ...]) -> list[Any]:
    return [[f.code, *f.span.flat(), f.message, f.hint] for f in findings]


def _decode_findings(raw: list[Any]) -> tuple[Finding, ...]:
    return tuple(Finding(f[0], Span.from_flat(f[1:5]), f[5], f[6]) for f in raw)


def encode_file(analysis: FileAnalysis) -> list[Any]:
    facts = analysis.facts
    encoded_facts = None
    if facts is not None:
        encoded_facts = [
            *facts[:6],
            [list(place) for place in facts.places],
            [[src, list(where)] for src, where in facts.references],
            [[code, reason, list(where)] for code, reason, where in facts.waivers],
        ]
    return [_encode_findings(analysis.findings), encoded_facts]


def decode_file(raw: list[Any]) -> FileAnalysis:
    findings = _decode_findings(raw[0]) if raw[0] else ()
    facts = raw[1]
    if facts is None:
        return FileAnalysis(findings)
    if len(facts) != len(EpreuveFacts._fields):
        raise ValueError("cached facts of another shape")
    # stored in field order: built without copying (this runs once per file of the tree, warm)
    return FileAnalysis(findings, EpreuveFacts._make(facts))


def encode_yaml(analysis: YamlAnalysis) -> list[Any]:
    source_map = analysis.source_map.encode() if analysis.source_map is not None else None
    return [_encode_findings(analysis.findings), analysis.data, source_map]


def decode_yaml(raw: list[Any]) -> YamlAnalysis:
    source_map = SourceMap.decode(raw[2]) if raw[2] is not None else None
    return YamlAnalysis(_decode_findings(raw[0]), raw[1], source_map)
