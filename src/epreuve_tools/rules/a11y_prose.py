"""The prose of an épreuve, walked once and shared by the text and language rules (A11Y-TXT, -LNG).

`a11y_scan` keeps images, links and raw HTML; these rules need the words themselves and what the
markup says about them: the part of the épreuve a paragraph is in, which words are emphasised,
which sit inside an element that sets their language. Each inline block of the body becomes a
`Prose`: its text as heard (markup signs gone; a code span or a blank becomes one placeholder word
that belongs to no language), the ranges of that text that are emphasised or language-marked, and
its source lines, so that a finding lands on the word it is about by a forward search.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from epreuve_tools.diagnostics import Span
from epreuve_tools.rules.a11y_scan import tags

if TYPE_CHECKING:
    from markdown_it.token import Token

    from epreuve_tools.model import Epreuve

T = TypeVar("T")

# A code span, a blank, an image: one word to count, in no language, never in capitals.
PLACEHOLDER = "\ufffc"

INSTRUCTION = "consigne"
PROPOSITIONS = "propositions"
CORRECTION = "correction"

# A word: letters joined by hyphens or apostrophes (« l'ordinateur », « peut-être »: one word each,
# as the catalogue counts elisions once), a number, or a placeholder.
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)*|\ufffc")
# A sentence ends on . ! ? or … (closing quotes or brackets may follow) before a capital, a digit, an
# opening quote or a dash, or at the end of the block; « p. ex. » or « etc. » before a lower-case
# word does not end one.
_SENTENCE_END = re.compile(r"[.!?…]+[»”\"’)\]]*(?:\s+(?=[^\W\d_a-zà-ÿ]|[«\"“(\d–—-])|\s*\Z)")
_BLANK = re.compile(r"\$\{[^}\n]*\}?")
_CLOSING_TAG = re.compile(r"^</([A-Za-z][A-Za-z0-9-]*)\s*>$")
_VOWELS = re.compile(r"[aeiouyàâäéèêëîïôöùûüÿœæ]+", re.IGNORECASE)
# a final « e » or « es » after a consonant, or after the « u » of « qu » and « gu »: not said
_MUTE_E = re.compile(r"(?:[bcdfghjklmnpqrstvwxzç]|[qg]u)es?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Prose:
    """One inline block (paragraph, list item, heading, table cell) as a reader hears it."""

    text: str
    zone: str  # INSTRUCTION, PROPOSITIONS or CORRECTION
    first: int  # 0-based body lines of the block: [first, last)
    last: int
    heading: bool
    emphasis: tuple[tuple[int, int, str], ...]  # (start, end, "em" | "strong") in `text`
    marked: tuple[tuple[int, int], ...]  # ranges inside an element with a `lang` attribute
    link_titles: tuple[str, ...]  # `[texte](url "titre")`: a text a screen reader says too

    def is_emphasised(self, offset: int) -> bool:
        return any(start <= offset < end for start, end, _kind in self.emphasis)

    def is_marked(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.marked)


@dataclass(slots=True)
class Walk:
    """Every prose block of a body, in reading order, with the body's lines to place findings."""

    blocks: list[Prose] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    first_line: int = 1  # file line of body line 0
    # the pieces of each block's text, by the block's id (the walk holds its blocks): `pieces`
    _pieces: dict[int, list[Piece]] = field(default_factory=dict)
    # what several rules read of a block the same way, by (what, the block's id): `shared`
    _shared: dict[tuple[str, int], Any] = field(default_factory=dict)

    def locator(self, block: Prose) -> Locator:
        return Locator(self.lines, self.first_line, block.first, block.last)

    def shared(self, what: str, block: Prose, make: Callable[[Prose], T]) -> T:
        """`make(block)`, made once for all the rules that ask for `what` of this block."""
        key = (what, id(block))
        if key in self._shared:
            return cast(T, self._shared[key])
        made = self._shared[key] = make(block)
        return made

    def pieces(self, block: Prose) -> list[Piece]:
        """`block`'s text cut where sentences end, each piece with its words (WORD): cut once,
        for the readability counts and the sentence rules (A11Y-TXT-003, -006). The pieces with
        a word are the `sentences` of the text."""
        found = self._pieces.get(id(block))
        if found is None:
            found = self._pieces[id(block)] = _cut(block.text)
        return found


# (start, end, words) of a piece of a block's text: up to a sentence end, or to the end of the text
Piece = tuple[int, int, list[str]]


def _cut(text: str) -> list[Piece]:
    pieces: list[Piece] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        pieces.append((start, end, WORD.findall(text, start, end)))
        start = end
    if start < len(text):
        pieces.append((start, len(text), WORD.findall(text, start)))
    return pieces


class Locator:
    """Places fragments of one block in its source lines, in order: each search starts where the
    previous one ended, so that a repeated word keeps its own place."""

    __slots__ = ("first_line", "last", "line", "lines", "offset")

    def __init__(self, lines: list[str], first_line: int, first: int, last: int) -> None:
        self.lines = lines
        self.first_line = first_line
        self.line = first
        self.last = max(last, first + 1)
        self.offset = 0

    def find(self, needle: str) -> Span:
        """The span of the next `needle`; where the search stands when it cannot be found (the
        fragment spans a line break or markup): the right line, near the right place."""
        for line in range(self.line, min(self.last, len(self.lines))):
            start = self.offset if line == self.line else 0
            found = self.lines[line].find(needle, start) if needle else -1
            if found >= 0:
                self.line, self.offset = line, found + len(needle)
                row = line + self.first_line
                return Span.at(row, found + 1, row, found + 1 + max(len(needle), 1))
        row = self.line + self.first_line
        return Span.at(row, self.offset + 1, row, self.offset + 2)


_last: tuple[Epreuve, Walk] | None = None


def prose(epreuve: Epreuve) -> Walk:
    """The walk of `epreuve`, made once: the rules of one épreuve run one after the other."""
    global _last  # noqa: PLW0603  (a one-entry cache: the model has no slot for it)
    cached = _last
    if cached is not None and cached[0] is epreuve:
        return cached[1]
    walk = _walk(epreuve)
    _last = (epreuve, walk)
    return walk


def _walk(epreuve: Epreuve) -> Walk:
    body = epreuve.body
    walk = Walk(lines=body.text.split("\n"), first_line=body.first_line)
    zone = INSTRUCTION
    heading = False
    for token in body.tokens:
        kind = token.type
        if kind.startswith("container_"):
            opening = kind.endswith("_open")
            name = kind[len("container_") : -len("_open" if opening else "_close")]
            zone = name if opening and name in (PROPOSITIONS, CORRECTION) else INSTRUCTION
        elif kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind == "inline" and token.map is not None:
            walk.blocks.append(_block(token, zone, heading))
    return walk


def _block(token: Token, zone: str, heading: bool) -> Prose:
    assert token.map is not None
    parts: list[str] = []
    length = 0
    open_emphasis: list[tuple[str, int]] = []
    emphasis: list[tuple[int, int, str]] = []
    open_lang: list[tuple[str, int]] = []
    marked: list[tuple[int, int]] = []
    titles: list[str] = []

    def add(piece: str) -> None:
        nonlocal length
        parts.append(piece)
        length += len(piece)

    for child in token.children or ():
        kind = child.type
        if kind == "text":
            content = child.content
            if "${" in content:
                content = _BLANK.sub(f" {PLACEHOLDER} ", content)
            add(content)
        elif kind == "code_inline":
            add(f" {PLACEHOLDER} ")
        elif kind in ("softbreak", "hardbreak", "image"):
            add(" ")
        elif kind in ("em_open", "strong_open"):
            open_emphasis.append((kind[:-5], length))
        elif kind in ("em_close", "strong_close") and open_emphasis:
            name, start = open_emphasis.pop()
            emphasis.append((start, length, name))
        elif kind == "link_open":
            title = child.attrs.get("title")
            if isinstance(title, str) and title.strip():
                titles.append(title)
        elif kind == "html_inline":
            _html(child.content, length, open_lang, marked)
            add(" ")
    for _name, start in open_lang:  # never closed: marked to the end of the block
        marked.append((start, length))
    return Prose(
        "".join(parts),
        zone,
        token.map[0],
        token.map[1],
        heading,
        tuple(emphasis),
        tuple(marked),
        tuple(titles),
    )


def _html(html: str, at: int, open_lang: list[tuple[str, int]], marked: list[tuple[int, int]]) -> None:
    """Follow the elements that set a language (`<span lang="en">` … `</span>`)."""
    closing = _CLOSING_TAG.match(html.strip())
    if closing is not None:
        name = closing.group(1).lower()
        for index in range(len(open_lang) - 1, -1, -1):
            if open_lang[index][0] == name:
                marked.append((open_lang[index][1], at))
                del open_lang[index]
                break
        return
    if html.rstrip().endswith("/>"):  # a void element marks nothing
        return
    for tag in tags(html):
        if any(attribute.name in ("lang", "xml:lang") for attribute in tag.attributes):
            open_lang.append((tag.name, at))


def words(text: str) -> Iterator[re.Match[str]]:
    return WORD.finditer(text)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of `text` that holds a word."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if WORD.search(text, start, end):
            yield start, end
        start = end
    if start < len(text) and WORD.search(text, start):
        yield start, len(text)


def syllables(word: str) -> int:
    """Spoken syllables of a French word, approximately: its groups of vowels, less a final mute
    « e » or « es » after a consonant (« ta-ble » is said in one, « per-son-nel-les » in three).

    Kandel and Moles counted spoken syllables; textstat counts hyphenation points with pyphen,
    another approximation. This one needs no dictionary and no dependency.
    """
    known = _SYLLABLES.get(word)
    if known is not None:
        return known
    groups = len(_VOWELS.findall(word))
    if groups > 1 and _MUTE_E.search(word):
        groups -= 1
    if len(_SYLLABLES) >= _SYLLABLES_KEPT:
        _SYLLABLES.clear()
    counted = _SYLLABLES[word] = max(1, groups)
    return counted


# the syllables of the words already counted: a bank reuses the same few thousand words
_SYLLABLES: dict[str, int] = {}
_SYLLABLES_KEPT = 50_000


def readability_counts(epreuve: Epreuve) -> tuple[int, int, int]:
    """(words, sentences, syllables) of the instruction: what Kandel–Moles is computed from.

    Only words with letters count (numbers and placeholders have no syllables to count).
    """
    word_count = sentence_count = syllable_count = 0
    walk = prose(epreuve)
    for block in walk.blocks:
        if block.zone != INSTRUCTION:
            continue
        for _start, _end, words_found in walk.pieces(block):
            found = [word for word in words_found if word[0].isalpha()]
            if found:
                sentence_count += 1
                word_count += len(found)
                syllable_count += sum(map(syllables, found))
    return word_count, sentence_count, syllable_count
