"""Where each value and key of a YAML document is in its file, by JSON path (a light module:
the warm path of `epreuve check` rebuilds source maps from the cache without importing a parser)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from epreuve_tools.diagnostics import Span

JsonPath = tuple[str | int, ...]


@dataclass(slots=True)
class SourceMap:
    """File positions of the values and keys of a YAML document, by JSON path."""

    values: dict[JsonPath, Span] = field(default_factory=dict)
    keys: dict[JsonPath, Span] = field(default_factory=dict)
    # source text of plain scalars that did not resolve to a string (`0.50`, `1e3`, `true`)
    raw: dict[JsonPath, str] = field(default_factory=dict)
    root: Span = field(default_factory=lambda: Span.at(1, 1))

    def value(self, path: JsonPath) -> Span:
        """The span of the value at `path`, or of its closest ancestor that has one."""
        while path:
            span = self.values.get(path)
            if span is not None:
                return span
            path = path[:-1]
        return self.root

    def key(self, path: JsonPath) -> Span:
        """The span of the key that holds the value at `path` (the value's own span for list items)."""
        span = self.keys.get(path)
        return span if span is not None else self.value(path)

    def encode(self) -> list[Any]:
        def pairs(spans: dict[JsonPath, Span]) -> list[Any]:
            return [[list(path), *span.flat()] for path, span in spans.items()]

        return [
            pairs(self.values),
            pairs(self.keys),
            [[list(p), raw] for p, raw in self.raw.items()],
            self.root.flat(),
        ]

    @classmethod
    def decode(cls, raw: list[Any]) -> SourceMap:
        def spans(items: list[Any]) -> dict[JsonPath, Span]:
            return {tuple(item[0]): Span.from_flat(item[1:5]) for item in items}

        return cls(
            spans(raw[0]), spans(raw[1]), {tuple(p): text for p, text in raw[2]}, Span.from_flat(raw[3])
        )
