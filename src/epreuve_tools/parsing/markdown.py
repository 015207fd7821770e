"""The body of an épreuve: instruction, `::: propositions` and `::: correction` containers.

One configured markdown-it (CommonMark + the two containers) is built once per process.
Token maps are 0-based line ranges of the body; everything leaving this module is in file lines.

markdown-it-py is slow on some input: up to about 25 µs per line or punctuation sign, and an
unclosed `[` makes it walk the rest of its paragraph again (1 MiB of `![` took 14 s; 10,000 `![`
before a line of 980,000 `:` took 22 s). A body is measured first, at C speed, and refused
(PARSE-012) past `MAX_BODY_UNITS` lines and signs, so that no file holds the check for more than a
second or two; real épreuves count a few hundred.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from epreuve_tools.diagnostics import Finding, Span
from epreuve_tools.loader_codes import (
    BODY_TOO_COMPLEX,
    DUPLICATE_CONTAINER,
    UNCLOSED_CONTAINER,
    UNKNOWN_CONTAINER,
)

CONTAINERS = ("propositions", "correction")
_FENCE = re.compile(r"^ {0,3}:::+\s*(\S*)")

MAX_BODY_UNITS = 20_000


@functools.cache
def markdown() -> MarkdownIt:
    # pipe tables (GFM): the data tables of épreuves (A11Y-TBL); markdown-it caps the empty cells
    # it fills in (65,536), so a table costs at most about a second on hostile input
    md = MarkdownIt("commonmark").enable("table")
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
    complete: bool = True  # False when the body was too complex to parse (PARSE-012): nothing to check
    text: str = ""  # the body as written, whose first line is `first_line`


def too_complex(body: str, body_line: int) -> Finding | None:
    """PARSE-012 at the sign where the body goes past `MAX_BODY_UNITS`, if it does.

    A unit is a line or a character where markdown-it's inline parser stops to try its rules (its
    own `terminator_re`: `[`, `*`, `:`, `-`…): a run of letters costs next to nothing, each unit
    several µs, and an unclosed `[` makes the parser walk the rest of its paragraph unit by unit.
    """
    if len(body) <= MAX_BODY_UNITS:  # every unit is a character: a short body is always within the bound
        return None
    over = next(itertools.islice(markdown().inline.terminator_re.finditer(body), MAX_BODY_UNITS, None), None)
    if over is None:
        return None
    line_start = body.rfind("\n", 0, over.start()) + 1
    line = body.count("\n", 0, line_start) + body_line
    column = over.start() - line_start + 1
    limit = f"{MAX_BODY_UNITS:,}".replace(",", " ")
    return BODY_TOO_COMPLEX.finding(
        Span.at(line, column),
        f"corps trop complexe à analyser : plus de {limit} lignes et signes de ponctuation "
        "(`[`, `*`, `_`, `:`, `-`…) ; la limite est atteinte ici et l'épreuve n'est pas vérifiée",
        "une épreuve tient en quelques pages : raccourcissez la consigne, les propositions ou la "
        "correction, et placez un long document dans une pièce jointe (`attachments`)",
    )


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


@dataclass(frozen=True, slots=True)
class _Opening:
    index: int  # of the `container_*_open` token
    name: str
    first: int  # body line of the opening fence
    end: int  # body line after the container, as markdown-it closed it
    parent: int | None  # position in the openings of the container this one was opened in


def _openings(tokens: list[Token]) -> list[_Opening]:
    """Every container opening, with the container it was opened in (an unclosed one swallows the next)."""
    openings: list[_Opening] = []
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if not token.type.startswith("container_"):
            continue
        if token.type.endswith("_close"):
            if stack:
                stack.pop()
            continue
        if token.map is None:
            continue
        parent = stack[-1] if stack else None
        stack.append(len(openings))
        name = token.type[len("container_") : -len("_open")]
        openings.append(_Opening(index, name, token.map[0], token.map[1], parent))
    return openings


def parse_body(body: str, body_line: int) -> Body:
    complexity = too_complex(body, body_line)
    if complexity is not None:
        return Body(instruction="", first_line=body_line, findings=[complexity], complete=False)
    lines = body.split("\n")
    # markdown-it also ends a line at a lone `\r` (CRLF is already `\n`): blanked out, so that its
    # token maps count the same lines as everything else
    tokens = markdown().parse(body.replace("\r", " ") if "\r" in body else body)
    parsed = Body(instruction="", first_line=body_line, tokens=tokens, text=body)
    openings = _openings(tokens)
    # markdown-it reads `::: correction` after an unclosed `::: propositions` as a block inside it,
    # both closed by the last `:::`: the outer block really ends where the inner one opens
    cut: dict[int, _Opening] = {}
    for opening in openings:
        if opening.parent is not None:
            cut.setdefault(opening.parent, opening)
    container_lines: set[int] = set()
    for position, opening in enumerate(openings):
        inner = cut.get(position)
        container_lines.update(_add_container(parsed, tokens, lines, opening, inner))
    parsed.findings.extend(_unknown_fences(lines, body_line, container_lines))
    parsed.instruction = "\n".join(
        line for number, line in enumerate(lines) if number not in container_lines
    ).strip("\n")
    return parsed


def _add_container(
    parsed: Body, tokens: list[Token], lines: list[str], opening: _Opening, inner: _Opening | None
) -> range:
    """Record one container (or report it), and return the body lines it covers."""
    name, first, end, body_line = opening.name, opening.first, opening.end, parsed.first_line
    closing = _FENCE.match(lines[end]) if end < len(lines) and inner is None else None
    closed = closing is not None and not closing[1]
    if inner is not None:
        last = inner.first - 1
        while last > first and not lines[last].strip():
            last -= 1
    else:
        last = end if closed else len(lines) - 1
    span = Span.at(first + body_line, 1, last + body_line, len(lines[last]) + 1)
    opening_span = Span.at(first + body_line, 1, first + body_line, len(lines[first]) + 1)
    if inner is not None:
        where = inner.first + body_line
        parsed.findings.append(
            UNCLOSED_CONTAINER.finding(
                opening_span,
                f"bloc `::: {name}` non fermé : le bloc `::: {inner.name}` de la ligne {where} y est pris",
                f"fermez le bloc `{name}` par une ligne `:::` seule, avant la ligne {where}",
            )
        )
    elif not closed:
        parsed.findings.append(
            UNCLOSED_CONTAINER.finding(
                opening_span,
                f"bloc `::: {name}` non fermé",
                "fermez le bloc par une ligne `:::` seule",
            )
        )
    if name in parsed.containers:
        previous = parsed.containers[name].span.start.line
        parsed.findings.append(
            DUPLICATE_CONTAINER.finding(
                span,
                f"bloc `::: {name}` en double (déjà ouvert ligne {previous})",
                "une épreuve a un seul bloc de chaque sorte : fusionnez-les",
            )
        )
        return range(first, last + 1)
    inner_end = inner.first if inner is not None else end if closed else len(lines)
    parsed.containers[name] = Container(
        name, span, "\n".join(lines[first + 1 : inner_end]), first + 1 + body_line
    )
    if name == "propositions":
        parsed.proposals = _proposals(tokens, opening.index, body_line, lines)
    return range(first, last + 1)


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
                    UNKNOWN_CONTAINER.finding(
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
        findings.append(UNKNOWN_CONTAINER.finding(span, f"bloc `::: {name}` inconnu", hint))
        inside_unknown = True
    return findings
