"""French typography in prose: no-break spaces before `; : ? !` and inside « », curly apostrophes.

The convention is the Imprimerie nationale's (« Lexique des règles typographiques en usage à
l'Imprimerie nationale »): a narrow no-break space (U+202F, « espace fine insécable ») before the
semicolon, the exclamation and the question mark; a no-break space the width of a word space
(U+00A0, « espace-mot insécable ») before the colon; a no-break space (U+00A0) after « and before ».

Only prose changes: code spans, blanks `${…}` (placeholder and options included), URLs, autolinks,
raw HTML, HTML entities, link targets and reference labels are protected. A space is never taken
across a line break (that would join lines), and a sign is touched only where it ends a word (so
`12:30`, `a?b` or `C:\\` stay as written). Everything here is pure and total.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
APOSTROPHE = "\u2019"

HIGH_SIGNS = frozenset(";?!")
SIGNS = frozenset(";:?!")
_SPACES = frozenset(" \t" + NBSP + NARROW_NBSP)
# what may follow a sign that ends a word: the end, a space, closing punctuation or emphasis
_AFTER_SIGN = frozenset(" \t\n" + NBSP + NARROW_NBSP + ")]»\"'’*_.,;:?!…")
# what may not come right before an inserted space: an opening sign (« (: » is not a word's end)
_NO_SPACE_AFTER = frozenset("([{«'\"`/\\<|=-+~^&#@$%")
# a quick test: a text with none of these characters has nothing to change
_CANDIDATES = re.compile("[;:?!«»']")
# a quicker one, blind to markup: what may need a change (a superset of `prose_edits`), so that a
# text already formatted is seldom parsed again
_AFTER = r"(?=[\s)\]»\"'’*_.,;:?!…]|$)"
_MAYBE = re.compile(
    r"[^\W\d_]'[^\W\d_]"
    rf"|(?:[ \t\u00a0]|[^\s;:?!])[;?!]{_AFTER}"
    rf"|(?:[ \t\u202f]|[^\s;:?!]):{_AFTER}"
    r"|«(?!\u00a0\S)|(?<!\S\u00a0)»"
)

_BLANK_OPEN = "${"
# raw HTML (tags, comments, processing instructions, declarations), and autolinks
_HTML = re.compile(
    r"<!--.*?-->|<\?.*?\?>|<![A-Za-z][^>]*>|<!\[CDATA\[.*?\]\]>"
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"
    r"|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>|<[^<>\s@]+@[^<>\s@]+>",
    re.DOTALL,
)
_URL = re.compile(
    r"\b(?:[A-Za-z][A-Za-z0-9+.-]{1,31}://|www\.|mailto:|tel:)[^\s<>]*|[\w.+-]+@[\w-]+\.[\w.-]+"
)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
# `[label]` of a reference link (`[texte][label]`): changing it breaks the match with its definition
_REFERENCE_LABEL = re.compile(r"\]\[[^\]\n]*\]")
# the markers that open a line of a block: indentation, quotes, list bullets and numbers
_LINE_PREFIX = re.compile(r"^[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])(?:[ \t]+|$))*", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `text[start:end]` by `new`; `sign` is the punctuation concerned, for messages."""

    start: int
    end: int
    new: str
    sign: str

    @property
    def message(self) -> str:
        if self.sign == "'":
            return "apostrophe droite : l'apostrophe typographique est « ’ »"
        if self.sign in "«»":
            where = "après «" if self.sign == "«" else "avant »"
            return f"espace insécable manquante {where}"
        kind = "espace insécable" if self.sign == ":" else "espace fine insécable"
        return f"{kind} manquante avant « {self.sign} »"


def _code_spans(text: str) -> Iterable[tuple[int, int]]:
    """CommonMark code spans: a run of n backticks closed by the next run of exactly n."""
    index = text.find("`")
    while index >= 0:
        end = index
        while end < len(text) and text[end] == "`":
            end += 1
        run = end - index
        search = end
        closing = -1
        while True:
            found = text.find("`" * run, search)
            if found < 0:
                break
            after = found + run
            if (after >= len(text) or text[after] != "`") and (found == 0 or text[found - 1] != "`"):
                closing = found
                break
            while after < len(text) and text[after] == "`":
                after += 1
            search = after
        if closing < 0:
            yield index, end  # an unmatched run is literal backticks
            index = text.find("`", end)
            continue
        yield index, closing + run
        index = text.find("`", closing + run)


def _blanks(text: str) -> Iterable[tuple[int, int]]:
    """Blanks `${…}` as the blank scanner reads them: up to the first `}` of their line."""
    index = text.find(_BLANK_OPEN)
    while index >= 0:
        line_end = text.find("\n", index)
        line_end = len(text) if line_end < 0 else line_end
        close = text.find("}", index + 2, line_end)
        end = line_end if close < 0 else close + 1
        yield index, end
        index = text.find(_BLANK_OPEN, end)


def _link_targets(text: str) -> Iterable[tuple[int, int]]:
    """`(target "title")` after `](`, parentheses balanced as CommonMark does."""
    index = text.find("](")
    while index >= 0:
        depth, position = 0, index + 1
        while position < len(text):
            character = text[position]
            if character == "\\":
                position += 2
                continue
            if character == "(":
                depth += 1
            elif character == ")":
                depth -= 1
                if depth == 0:
                    break
            elif character == "\n" and text.startswith("\n\n", position):
                break
            position += 1
        yield index + 1, min(position + 1, len(text))
        index = text.find("](", position)


def protected_spans(text: str, *, markdown: bool = True) -> list[tuple[int, int]]:
    """Offsets of `text` that are not prose, sorted and possibly overlapping."""
    spans: list[tuple[int, int]] = list(_blanks(text)) if _BLANK_OPEN in text else []
    if "`" in text:
        spans.extend(_code_spans(text))
    if "<" in text:
        spans.extend(match.span() for match in _HTML.finditer(text))
    if "&" in text:
        spans.extend(match.span() for match in _ENTITY.finditer(text))
    if any(marker in text for marker in ("://", "www.", "mailto:", "tel:", "@")):
        spans.extend(match.span() for match in _URL.finditer(text))
    if markdown:
        if "](" in text:
            spans.extend(_link_targets(text))
        if "][" in text:
            spans.extend(match.span() for match in _REFERENCE_LABEL.finditer(text))
        spans.extend(match.span() for match in _LINE_PREFIX.finditer(text) if match.end() > match.start())
    spans.sort()
    return spans


def _mask(length: int, spans: Sequence[tuple[int, int]]) -> bytearray:
    mask = bytearray(length)
    for start, end in spans:
        mask[start:end] = b"\x01" * (min(end, length) - start)
    return mask


def _space_before(text: str, index: int, mask: bytearray) -> int:
    """Start of the run of spaces before `text[index]` (index itself when there is none)."""
    start = index
    while start > 0 and text[start - 1] in _SPACES and not mask[start - 1]:
        start -= 1
    return start


def _space_after(text: str, index: int, mask: bytearray) -> int:
    """End of the run of spaces after `text[index]`."""
    end = index + 1
    while end < len(text) and text[end] in _SPACES and not mask[end]:
        end += 1
    return end


def _sign_edit(text: str, index: int, mask: bytearray) -> Edit | None:
    sign = text[index]
    if index + 1 < len(text) and text[index + 1] not in _AFTER_SIGN:
        return None  # inside a word, a time or a path: `12:30`, `a?b`
    wanted = NBSP if sign == ":" else NARROW_NBSP
    start = _space_before(text, index, mask)
    if start == 0 or text[start - 1] == "\n":
        return None  # the sign opens a line: the space before it would be a line break
    before = text[start - 1]
    if start < index:
        if before == "«":
            return None  # the space after « is the guillemet's
        return None if text[start:index] == wanted else Edit(start, index, wanted, sign)
    if before in SIGNS or before in _NO_SPACE_AFTER or before.isspace():
        return None  # `?!` shares one space; `(:` is not the end of a word
    return Edit(index, index, wanted, sign)


def _opening_quote_edit(text: str, index: int, mask: bytearray) -> Edit | None:
    end = _space_after(text, index, mask)
    if end >= len(text) or text[end] in "\n»" or mask[end]:
        return None  # « at the end of a line, before markup, or empty guillemets
    if end > index + 1:
        return None if text[index + 1 : end] == NBSP else Edit(index + 1, end, NBSP, "«")
    return Edit(index + 1, index + 1, NBSP, "«")


def _closing_quote_edit(text: str, index: int, mask: bytearray) -> Edit | None:
    start = _space_before(text, index, mask)
    if start == 0 or text[start - 1] in "\n«":
        return None
    if start < index:
        return None if text[start:index] == NBSP else Edit(start, index, NBSP, "»")
    return None if text[start - 1].isspace() else Edit(index, index, NBSP, "»")


def _apostrophe_edit(text: str, index: int) -> Edit | None:
    if 0 < index < len(text) - 1 and text[index - 1].isalpha() and text[index + 1].isalpha():
        return Edit(index, index + 1, APOSTROPHE, "'")
    return None


def quick_candidates(text: str) -> bool:
    """Whether `text` may need a typography change (False: it surely does not)."""
    return _MAYBE.search(text) is not None


def prose_edits(text: str, *, markdown: bool = True) -> list[Edit]:
    """What French typography changes in `text`, in order, without overlaps."""
    if _CANDIDATES.search(text) is None:
        return []
    mask = _mask(len(text), protected_spans(text, markdown=markdown))
    edits: list[Edit] = []
    for match in _CANDIDATES.finditer(text):
        index = match.start()
        if mask[index]:
            continue
        character = text[index]
        if character in SIGNS:
            edit = _sign_edit(text, index, mask)
        elif character == "«":
            edit = _opening_quote_edit(text, index, mask)
        elif character == "»":
            edit = _closing_quote_edit(text, index, mask)
        else:
            edit = _apostrophe_edit(text, index)
        if edit is not None and (not edits or edit.start >= edits[-1].end):
            edits.append(edit)
    return edits


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """`text` with `edits` (sorted, without overlaps) applied."""
    if not edits:
        return text
    parts: list[str] = []
    position = 0
    for edit in edits:
        parts.append(text[position : edit.start])
        parts.append(edit.new)
        position = edit.end
    parts.append(text[position:])
    return "".join(parts)


def fix_prose(text: str, *, markdown: bool = True) -> str:
    """`text` with French typography applied to its prose."""
    return apply_edits(text, prose_edits(text, markdown=markdown))
