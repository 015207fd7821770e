"""The body of an épreuve: instruction, `::: propositions` and `::: correction` containers.

One configured markdown-it (CommonMark + the two containers) is built once per process.
Token maps are 0-based line ranges of the body; everything leaving this module is in file lines.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from epreuve_tools.diagnostics import Finding, Span

CONTAINERS = ("propositions", "correction")
_FENCE = re.compile(r"^ {0,3}:::+\s*(\S*)")


@functools.cache
def markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    for name in CONTAINERS:
        md.use(container_plugin, name)
    return md


@dataclass(frozen=True, slots=True)
class Proposal:
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Container:
    name: str
    span: Span  # from the opening fence to the closing one
    inner: str  # source text between the fences
    inner_line: int  # file line of the inner text's first line


@dataclass(slots=True)
class Body:
    instruction: str
    first_line: int  # file line where the body starts (after the closing `---`)
    containers: dict[str, Container] = field(default_factory=dict)
    proposals: tuple[Proposal, ...] | None = None  # items of the bullet list in `propositions`
    tokens: list[Token] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _closing(tokens: list[Token], start: int) -> int:
    """Index of the token that closes `tokens[start]` (or the end of the stream)."""
    level = tokens[start].level
    close_type = tokens[start].type[: -len("_open")] + "_close"
    for index in range(start + 1, len(tokens)):
        if tokens[index].type == close_type and tokens[index].level == level:
            return index
    return len(tokens)


def _proposals(
    tokens: list[Token], start: int, body_line: int, lines: list[str]
) -> tuple[Proposal, ...] | None:
    """Items of the first bullet list directly inside the container opened at `tokens[start]`."""
    for index in range(start + 1, _closing(tokens, start)):
        if tokens[index].type == "bullet_list_open" and tokens[index].level == tokens[start].level + 1:
            return tuple(_items(tokens, index, body_line, lines))
    return None


def _item_text(lines: list[str], first: int, last: int, marker: str) -> str:
    """The proposal as written (raw HTML included), on one line, without its bullet."""
    head = lines[first].lstrip()
    head = head[len(marker) :] if head.startswith(marker) else head
    return " ".join(" ".join([head, *lines[first + 1 : last + 1]]).split())


def _items(tokens: list[Token], start: int, body_line: int, lines: list[str]) -> list[Proposal]:
    # The source text, not the inline tokens: a proposal made only of raw HTML (`<img …>`) is an
    # HTML block to markdown-it, with no inline text, yet it is not empty.
    items: list[Proposal] = []
    index = start + 1
    end = _closing(tokens, start)
    while index < end:
        token = tokens[index]
        if token.type == "list_item_open" and token.map is not None:
            first, last = token.map[0], max(token.map[0], token.map[1] - 1)
            while last > first and not lines[last].strip():
                last -= 1
            span = Span.at(first + body_line, 1, last + body_line, len(lines[last]) + 1)
            items.append(Proposal(_item_text(lines, first, last, token.markup), span))
            index = _closing(tokens, index)
        index += 1
    return items


def parse_body(body: str, body_line: int) -> Body:
    lines = body.split("\n")
    tokens = markdown().parse(body)
    parsed = Body(instruction="", first_line=body_line, tokens=tokens)
    container_lines: set[int] = set()
    for index, token in enumerate(tokens):
        if not (token.type.startswith("container_") and token.type.endswith("_open")) or token.map is None:
            continue
        name = token.type[len("container_") : -len("_open")]
        first, end = token.map
        closing = _FENCE.match(lines[end]) if end < len(lines) else None
        closed = closing is not None and not closing[1]
        last = end if closed else len(lines) - 1
        span = Span.at(first + body_line, 1, last + body_line, len(lines[last]) + 1)
        container_lines.update(range(first, last + 1))
        if not closed:
            parsed.findings.append(
                Finding(
                    "BODY-002",
                    Span.at(first + body_line, 1, first + body_line, len(lines[first]) + 1),
                    f"bloc `::: {name}` non fermé",
                    "fermez le bloc par une ligne `:::` seule",
                )
            )
        if name in parsed.containers:
            previous = parsed.containers[name].span.start.line
            parsed.findings.append(
                Finding(
                    "BODY-003",
                    span,
                    f"bloc `::: {name}` en double (déjà ouvert ligne {previous})",
                    "une épreuve a un seul bloc de chaque sorte : fusionnez-les",
                )
            )
            continue
        inner_end = end if closed else len(lines)
        parsed.containers[name] = Container(
            name, span, "\n".join(lines[first + 1 : inner_end]), first + 1 + body_line
        )
        if name == "propositions":
            parsed.proposals = _proposals(tokens, index, body_line, lines)
    parsed.findings.extend(_unknown_fences(lines, body_line, container_lines))
    parsed.instruction = "\n".join(
        line for number, line in enumerate(lines) if number not in container_lines
    ).strip("\n")
    return parsed


def _unknown_fences(lines: list[str], body_line: int, container_lines: set[int]) -> list[Finding]:
    findings = []
    inside_unknown = False  # the `:::` that closes an unknown block is part of that one mistake
    for number, line in enumerate(lines):
        match = _FENCE.match(line)
        if match is None or number in container_lines:
            continue
        name = match[1]
        span = Span.at(number + body_line, 1, number + body_line, len(line) + 1)
        if not name:
            if not inside_unknown:
                findings.append(
                    Finding(
                        "BODY-001",
                        span,
                        "ligne `:::` seule hors de tout bloc",
                        "supprimez-la, ou ouvrez le bloc par `::: propositions`",
                    )
                )
            inside_unknown = False
            continue
        close = difflib.get_close_matches(name, CONTAINERS, n=1)
        hint = (
            f"vouliez-vous dire `::: {close[0]}` ?" if close else "blocs possibles : propositions, correction"
        )
        findings.append(Finding("BODY-001", span, f"bloc `::: {name}` inconnu", hint))
        inside_unknown = True
    return findings
