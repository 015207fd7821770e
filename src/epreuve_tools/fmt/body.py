"""Typography in an épreuve's body: only the text markdown-it reads as inline prose.

Paragraphs, headings, list items and table cells are prose; code blocks, fences, HTML blocks,
container fences (`::: propositions`), table delimiter rows and link reference definitions are not
(markdown-it gives them no inline token). Inside prose, `typography` protects the inline markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from epreuve_tools.fmt.typography import Edit, apply_edits, prose_edits, quick_candidates


@dataclass(frozen=True, slots=True)
class PlacedEdit:
    """An edit of the body, with the body line (0-based) and column (0-based) where it starts."""

    edit: Edit
    line: int
    column: int


def _prose_ranges(tokens: Iterable[Token]) -> list[tuple[int, int]]:
    """Body line ranges [first, end) that hold inline prose, each once, in order."""
    ranges = {tuple(token.map) for token in tokens if token.type == "inline" and token.map}
    return sorted((first, end) for first, end in ranges if end > first)


def body_edits(body: str, tokens: Sequence[Token] | None = None) -> list[PlacedEdit]:
    """What typography changes in `body` (whose markdown-it tokens are `tokens`, parsed if None)."""
    if not quick_candidates(body):
        return []
    if tokens is None:
        from epreuve_tools.parsing.markdown import markdown, too_complex

        if too_complex(body, 1) is not None:
            return []  # the loader refuses it (PARSE-012): nothing is formatted
        tokens = markdown().parse(body.replace("\r", " ") if "\r" in body else body)
    starts = [0]
    for index, character in enumerate(body):
        if character == "\n":
            starts.append(index + 1)
    starts.append(len(body) + 1)
    placed: list[PlacedEdit] = []
    done = 0  # ranges may nest or overlap (a list item and its paragraph): each line once
    for range_first, range_end in _prose_ranges(tokens):
        first = max(range_first, done)
        end = min(range_end, len(starts) - 1)
        if first >= end:
            continue
        offset = starts[first]
        segment = body[offset : starts[end] - 1]
        line = first
        for edit in prose_edits(segment):
            while line + 1 < end and starts[line + 1] <= offset + edit.start:
                line += 1
            shifted = Edit(edit.start + offset, edit.end + offset, edit.new, edit.sign)
            placed.append(PlacedEdit(shifted, line, shifted.start - starts[line]))
        done = end
    return placed


def format_body(body: str) -> str:
    """`body` with French typography applied to its prose."""
    return apply_edits(body, [placed.edit for placed in body_edits(body)])
