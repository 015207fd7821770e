"""One walk over an épreuve's parsed body, shared by the accessibility rules (A11Y-IMG, -LNK, -PRS, SEC).

The body is parsed once by the loader (`parsing.markdown`); this module walks its tokens once, on
first use, and keeps what the rules read: images, links, raw HTML and the plain text of each
paragraph. markdown-it gives block tokens a line range but inline tokens no position, so each
image, link and HTML fragment is found in its block's source lines by a forward search from the
previous one: repeated fragments keep their own places, and nothing is searched twice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Span

if TYPE_CHECKING:
    from markdown_it.token import Token

    from epreuve_tools.model import Epreuve


@dataclass(frozen=True, slots=True)
class ImageRef:
    alt: str
    src: str
    span: Span
    paragraph: str  # plain text of its paragraph without the image: what a reader hears around it


@dataclass(frozen=True, slots=True)
class LinkRef:
    text: str  # plain text of the link, image alts included
    href: str
    span: Span
    autolink: bool  # `<https://…>`: the address is the text
    images: int  # images inside the link
    title: str = ""  # `[texte](adresse "titre")`
    paragraph: str = ""  # plain text of its paragraph, the link's own text included: its context


@dataclass(frozen=True, slots=True)
class HtmlRef:
    html: str  # the fragment as written
    line: int  # file line and 1-based column of its first character
    column: int
    block: bool  # an HTML block (its own lines) rather than inline HTML

    def position(self, offset: int, length: int = 1) -> Span:
        """The span of `length` characters from `offset` in the fragment."""
        newlines = self.html.count("\n", 0, offset)
        # on a later line, the column counts from that line's start (`rfind` gives the line break)
        column = self.column + offset if newlines == 0 else offset - self.html.rfind("\n", 0, offset)
        line = self.line + newlines
        return Span.at(line, column, line, column + max(length, 1))


@dataclass(slots=True)
class Scan:
    images: list[ImageRef] = field(default_factory=list)
    links: list[LinkRef] = field(default_factory=list)
    html: list[HtmlRef] = field(default_factory=list)
    # `[texte](javascript:…)` is not a link to markdown-it (it refuses the address): it stays text
    refused_links: list[tuple[Span, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)  # source text of every inline block
    _normalised: frozenset[str] | None = None

    def normalised_paragraphs(self) -> frozenset[str]:
        """The paragraphs as `normalise` gives them: folded only when an image needs them (it costs)."""
        if self._normalised is None:
            self._normalised = frozenset(normalise(text) for text in self.paragraphs)
        return self._normalised


# markdown-it's own list of refused schemes (`validateLink`), read in the text it left alone
_REFUSED_LINK = re.compile(r"\]\(\s*<?\s*((?:javascript|vbscript|data):)", re.IGNORECASE)


class _Folding(dict[int, str]):
    """What `normalise` makes of each character, worked out the first time it is met: nothing for
    a combining mark (an accent, once NFKD has split it off), itself for a letter, a digit or an
    apostrophe, a space for the rest. `str.translate` then folds a text at C speed."""

    def __missing__(self, code: int) -> str:
        if len(self) >= _FOLDING_KEPT:  # hostile text of every script: the table stays small
            self.clear()
        character = chr(code)
        if unicodedata.combining(character):
            folded = ""
        else:
            folded = character if character.isalnum() or character == "'" else " "
        self[code] = folded
        return folded


_FOLDING = _Folding()
_FOLDING_KEPT = 20_000


def normalise(text: str) -> str:
    """Case, accents, apostrophes and punctuation folded, spaces collapsed: how two texts are compared."""
    known = _NORMALISED.get(text)
    if known is not None:
        return known
    folded = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    folded = " ".join(folded.translate(_FOLDING).split())
    if len(_NORMALISED) >= _NORMALISED_KEPT:
        _NORMALISED.clear()
    _NORMALISED[text] = folded
    return folded


# the texts already folded: several rules fold the same labels, alternatives and paragraphs
_NORMALISED: dict[str, str] = {}
_NORMALISED_KEPT = 20_000


class _Cursor:
    """Finds fragments in one block's source lines, in order."""

    __slots__ = ("last", "line", "lines", "offset")

    def __init__(self, lines: list[str], first: int, last: int) -> None:
        self.lines = lines
        self.last = last
        self.line = first
        self.offset = 0

    def find(self, needle: str) -> tuple[int, int] | None:
        """(body line, 0-based column) of the next `needle`, or None (it spans a line break)."""
        for line in range(self.line, self.last):
            start = self.offset if line == self.line else 0
            found = self.lines[line].find(needle, start) if line < len(self.lines) else -1
            if found >= 0:
                self.line, self.offset = line, found + len(needle)
                return line, found
        return None

    def here(self) -> tuple[int, int]:
        return self.line, self.offset


def scan(epreuve: Epreuve) -> Scan:
    """The shared walk, made once per épreuve."""
    cached = epreuve._a11y_scan
    if isinstance(cached, Scan):
        return cached
    result = Scan()
    body = epreuve.body
    lines: list[str] | None = None  # split only when something must be placed
    for token in body.tokens:
        kind = token.type
        if token.map is None or kind not in {"inline", "html_block"}:
            continue
        content = token.content
        if kind == "inline":
            result.paragraphs.append(content)  # as written: `normalise` drops the markup signs
            # no `[`, `<` or `]`: no link, image or HTML, nothing to walk (most paragraphs)
            if "[" not in content and "<" not in content and "]" not in content:
                continue
        if lines is None:
            lines = body.text.split("\n")
        if kind == "inline":
            _inline(token, lines, body.first_line, result)
        else:
            _html_block(token, lines, body.first_line, result)
    epreuve._a11y_scan = result
    return result


def _span(body_line: int, column: int, first_line: int, length: int) -> Span:
    line = body_line + first_line
    return Span.at(line, column + 1, line, column + 1 + max(length, 1))


class _OpenLink:
    """A link being read, between its `link_open` and `link_close`."""

    __slots__ = ("autolink", "href", "images", "span", "text", "title")

    def __init__(self, href: str, span: Span, autolink: bool, title: str = "") -> None:
        self.href = href
        self.span = span
        self.autolink = autolink
        self.title = title
        self.text: list[str] = []
        self.images = 0

    def close(self, paragraph: str = "") -> LinkRef:
        text = " ".join("".join(self.text).split())
        return LinkRef(text, self.href, self.span, self.autolink, self.images, self.title, paragraph)


def _refused_links(content: str, cursor: _Cursor, first_line: int, result: Scan) -> None:
    for match in _REFUSED_LINK.finditer(content):
        where = cursor.find(match.group(0)) or cursor.here()
        result.refused_links.append(
            (_span(where[0], where[1], first_line, len(match.group(0))), match.group(1).lower())
        )


def _inline(token: Token, lines: list[str], first_line: int, result: Scan) -> None:
    assert token.map is not None
    cursor = _Cursor(lines, token.map[0], token.map[1])
    plain: list[str] = []  # the paragraph as heard, images left out
    images: list[tuple[str, str, Span]] = []
    link: _OpenLink | None = None
    closed: list[_OpenLink] = []  # made LinkRefs once the paragraph, their context, is read
    for child in token.children or ():
        kind = child.type
        if kind in {"text", "code_inline", "softbreak", "hardbreak"}:
            content = child.content if kind in {"text", "code_inline"} else " "
            plain.append(content)
            if link is not None:
                link.text.append(content)
            if kind == "text" and "](" in content:
                _refused_links(content, cursor, first_line, result)
        elif kind == "image":
            where = cursor.find("![") or cursor.here()
            images.append((child.content, str(child.attrs.get("src", "")), _span(*where, first_line, 2)))
            if link is not None:
                link.text.append(child.content)
                link.images += 1
        elif kind == "link_open":
            autolink = child.markup == "autolink"
            where = cursor.find("<" if autolink else "[") or cursor.here()
            title = child.attrs.get("title")
            link = _OpenLink(
                str(child.attrs.get("href", "")),
                _span(*where, first_line, 1),
                autolink,
                title if isinstance(title, str) else "",
            )
        elif kind == "link_close" and link is not None:
            closed.append(link)
            link = None
        elif kind == "html_inline":
            where = cursor.find(child.content) or cursor.here()
            result.html.append(HtmlRef(child.content, where[0] + first_line, where[1] + 1, block=False))
    text = " ".join("".join(plain).split())
    result.links.extend(done.close(text) for done in closed)
    for alt, src, span in images:
        result.images.append(ImageRef(alt, src, span, text))


def _html_block(token: Token, lines: list[str], first_line: int, result: Scan) -> None:
    assert token.map is not None
    first = token.map[0]
    line = lines[first] if first < len(lines) else ""
    # the block's first line as written: a `>` or list marker before it shifts its columns
    column = line.find(token.content.split("\n", 1)[0].strip()) if token.content.strip() else 0
    result.html.append(HtmlRef(token.content, first + first_line, max(column, 0) + 1, block=True))


@dataclass(frozen=True, slots=True)
class Attribute:
    name: str  # lower case
    value: str | None
    offset: int  # in the fragment


@dataclass(frozen=True, slots=True)
class Tag:
    name: str  # lower case
    offset: int  # of its `<` in the fragment
    length: int
    attributes: tuple[Attribute, ...]


_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def tags(html: str) -> Iterator[Tag]:
    """Opening (and self-closing) tags of an HTML fragment, comments left out: they render nothing."""
    if "<!--" in html:  # blanked to spaces, so that offsets stay those of the fragment
        html = _COMMENT.sub(lambda m: " " * len(m.group(0)), html)
    for match in _TAG.finditer(html):
        inside, base = match.group(2), match.start(2)
        attributes = tuple(
            Attribute(
                found.group(1).lower(),
                found.group(2).strip("\"'") if found.group(2) is not None else None,
                base + found.start(),
            )
            for found in _ATTRIBUTE.finditer(inside)
        )
        yield Tag(match.group(1).lower(), match.start(), match.end() - match.start(), attributes)
