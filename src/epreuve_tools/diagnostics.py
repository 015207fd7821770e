"""The one diagnostic type every check produces, and the report that orders and counts them."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


# Positions and spans are named tuples, not dataclasses: they are built by the hundred thousand
# when a large tree is read back from the cache, and a tuple is several times cheaper to build.
class Position(NamedTuple):
    """A place in a file: 1-based line, 1-based column counted in characters."""

    line: int
    column: int


class Span(NamedTuple):
    start: Position
    end: Position

    @classmethod
    def at(cls, line: int, column: int, end_line: int | None = None, end_column: int | None = None) -> Span:
        return cls(Position(line, column), Position(end_line or line, end_column or column))

    def flat(self) -> list[int]:
        """[line, column, end line, end column]: how spans are stored in the cache."""
        return [self.start.line, self.start.column, self.end.line, self.end.column]

    @classmethod
    def from_flat(cls, raw: Sequence[int]) -> Span:
        return cls(Position(raw[0], raw[1]), Position(raw[2], raw[3]))


FILE_START = Span.at(1, 1)


class Problem(NamedTuple):
    """What a rule says about one place, without its code: the rule's registration stamps it."""

    span: Span
    message: str
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check says about one place; the engine turns it into a Diagnostic."""

    code: str
    span: Span
    message: str
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str  # POSIX, relative to the project root when inside it
    span: Span
    code: str
    severity: Severity
    message: str  # one sentence, no trailing period
    hint: str | None = None
    waived_by: str | None = None

    @property
    def sort_key(self) -> tuple[str, Position, str]:
        return (self.path, self.span.start, self.code)

    @classmethod
    def from_finding(cls, path: str, finding: Finding, severity: Severity) -> Diagnostic:
        return cls(path, finding.span, finding.code, severity, finding.message, finding.hint)


@dataclass(slots=True)
class Report:
    """All diagnostics of a run, sorted, with the counts an exit code is decided from."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_checked: int = 0
    notices: list[str] = field(default_factory=list)
    # the SHA-256 of the bytes this report speaks of, by absolute path: each épreuve, parcours and
    # référentiel, and each cited file the rules looked inside (`release` packs only these bytes)
    checked: dict[str, str] = field(default_factory=dict)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    def sort(self) -> None:
        self.diagnostics.sort(key=lambda d: d.sort_key)

    def active(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.waived_by is None]

    def counts(self) -> Counter[Severity]:
        return Counter(d.severity for d in self.active())

    @property
    def has_internal_error(self) -> bool:
        return any(d.code == INTERNAL_ERROR_CODE for d in self.diagnostics)

    def exit_code(self, fail_on: Severity = Severity.ERROR) -> int:
        if self.has_internal_error:
            return 3
        return 1 if any(d.severity >= fail_on for d in self.active()) else 0


INTERNAL_ERROR_CODE = "INTERNAL-001"


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut between two words where there is one near the end
    (an author reads « mot de pa… » as a typo of theirs), with « … » for what was left out."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:  # a word boundary close enough not to hide most of the text
        cut = cut[:space]
    return cut.rstrip() + "…"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 0 erreur », « 1 erreur », « 2 erreurs »: in French, 0 and 1 take the singular."""
    word = singular if count < 2 else (plural_form or singular + "s")
    return f"{count} {word}"


def quoted(text: str, limit: int = 60) -> str:
    """« text » for a message, shortened: content is quoted back to its author, and may be huge."""
    return f"« {shorten(text, limit)} »"
