"""What every reporter needs besides the report: the context, the counts, and safe text.

Content reaches the reports (messages quote keys and answers, paths are whatever the author named
the files): a reporter for people must not let it drive the terminal, and a reporter for machines
must write valid UTF-8 whatever bytes a file name holds.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TextIO

from epreuve_tools.diagnostics import Report, Severity

# Where a rule's documentation is published: `{code}` is its code in lower case (`sem-005`), `{name}`
# its name. A project that publishes the docs elsewhere sets `rules-url` in its configuration.
DEFAULT_RULES_URL = "https://github.com/epreuve-tools/epreuve-tools/blob/main/docs/diagnostics.md#{code}"


@dataclass(frozen=True, slots=True)
class RenderContext:
    color: bool = False
    # the lines of a file, by its displayed path, for the source excerpt; None when unreadable
    read_lines: Callable[[str], list[str] | None] = field(default=lambda _path: None)
    show_waived: bool = False
    rules_url: str = DEFAULT_RULES_URL
    # the run's exit code and the severity that fails it, for the reports that record the verdict
    # (SARIF invocations, JUnit failures); None when the report is not the output of a check
    exit_code: int | None = None
    fail_on: Severity = Severity.ERROR


def rule_url(code: str, pattern: str = DEFAULT_RULES_URL) -> str:
    """The address of the documentation of the rule `code`, from the `rules-url` pattern."""
    return pattern.replace("{code}", code.lower()).replace("{name}", rule_name(code))


def rule_name(code: str) -> str:
    """The kebab-case name of the rule `code` (its code in lower case for a code no rule has)."""
    from epreuve_tools.rules import REGISTRY  # every rule: only a report that names them pays for it

    rule = REGISTRY.get(code)
    return rule.name if rule is not None else code.lower()


def summary(report: Report) -> dict[str, int]:
    counts = report.counts()
    return {
        "files": report.files_checked,
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "infos": counts[Severity.INFO],
        "waived": sum(1 for d in report.diagnostics if d.waived_by is not None),
    }


# What a terminal obeys rather than shows: C0 controls but tab and line feed, DEL, C1 controls
# (U+009B is a one-character CSI), the bidirectional overrides, embeddings, isolates and marks
# that can make a line read in another order than it is written (« Trojan Source »), the line and
# paragraph separators, and lone surrogates (the undecodable bytes of a file name, which cannot
# even be written to a UTF-8 stream).
CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the raw byte the file name holds
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """`text` with every control character written as an escape (`\\x1b`, `\\u202e`), for people.

    Line feeds are kept where the caller lays text out on several lines; a carriage return, which
    would let a line overwrite the one before it on a terminal, is always escaped."""
    if CONTROLS.search(text) is not None:
        text = CONTROLS.sub(_escape, text)
    return text if keep_newlines else text.replace("\n", "\\n")


_SURROGATES = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """`text` with lone surrogates (undecodable bytes of a file name) replaced by U+FFFD, so that it
    can be written as UTF-8; everything else kept exactly."""
    return _SURROGATES.sub("\ufffd", text)


def color_wanted(choice: str, stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether to colour what goes to `stream`: `--color always|never` first, then the usual
    conventions, as `auto`: `NO_COLOR` (set and not empty) turns colour off, `FORCE_COLOR` (set
    and not empty) turns it on even in a pipe, `TERM=dumb` turns it off; else colour on a terminal.
    """
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())
