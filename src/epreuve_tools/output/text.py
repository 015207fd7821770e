"""Human output: `path:line:col: CODE message`, the source line with a caret, and the hint.

Everything that comes from the content (paths, messages quoting it, the source line) goes through
`visible`: an escape sequence in a file must show as `\\x1b`, not retitle or clear the terminal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from epreuve_tools.diagnostics import Diagnostic, Report, Severity, plural
from epreuve_tools.output.base import CONTROLS, RenderContext, summary, visible

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_LABELS = {Severity.ERROR: "erreur", Severity.WARNING: "avertissement", Severity.INFO: "info"}


def _paint(text: str, code: str, enabled: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if enabled else text


def _shown(text: str) -> str:
    # nearly every text holds no control character and no line feed: returned as it is, one search
    if "\n" not in text and CONTROLS.search(text) is None:
        return text
    return visible(text, keep_newlines=False)


def _excerpt(diagnostic: Diagnostic, context: RenderContext) -> list[str]:
    lines = context.read_lines(diagnostic.path)
    line = diagnostic.span.start.line
    if lines is None or not 1 <= line <= len(lines):
        return []
    source = lines[line - 1].removesuffix("\r").replace("\t", " ")
    start = diagnostic.span.start.column
    end = diagnostic.span.end.column if diagnostic.span.end.line == line else len(source) + 1
    end = max(start + 1, min(end, len(source) + 1))
    shown = _shown(source)
    if shown is source:  # nothing escaped: the caret's place is the column's
        before, marked = source[: start - 1], source[start - 1 : end - 1]
    else:  # the caret is placed under the escaped text: an escape is wider than the character it shows
        before, marked = _shown(source[: start - 1]), _shown(source[start - 1 : end - 1])
    if len(shown) > 160:
        return []
    gutter = f"{line:>5} | "
    caret = " " * (len(gutter) - 2) + "| " + " " * len(before) + "^" * max(1, len(marked))
    return [gutter + shown, _paint(caret, _COLORS[diagnostic.severity], context.color)]


def render_one(diagnostic: Diagnostic, context: RenderContext) -> list[str]:
    start = diagnostic.span.start
    location = _paint(f"{_shown(diagnostic.path)}:{start.line}:{start.column}:", "1", context.color)
    label = _paint(
        f"{diagnostic.code} [{_LABELS[diagnostic.severity]}]", _COLORS[diagnostic.severity], context.color
    )
    out = [f"{location} {label} {_shown(diagnostic.message)}"]
    out.extend(_excerpt(diagnostic, context))
    if diagnostic.hint:
        out.append(f"      = aide : {_shown(diagnostic.hint)}")
    if diagnostic.waived_by is not None:
        out.append(f"      = levé par dérogation : {_shown(diagnostic.waived_by)}")
    return out


def _one_file_at_a_time(read_lines: Callable[[str], list[str] | None]) -> Callable[[str], list[str] | None]:
    """`read_lines`, reading a file once for its diagnostics in a row (a report is sorted by path),
    not once per diagnostic."""
    last: list[tuple[str, list[str] | None]] = []

    def read(path: str) -> list[str] | None:
        if not last or last[0][0] != path:
            last[:] = [(path, read_lines(path))]
        return last[0][1]

    return read


def render(report: Report, context: RenderContext) -> str:
    context = dataclasses.replace(context, read_lines=_one_file_at_a_time(context.read_lines))
    lines: list[str] = []
    for diagnostic in report.diagnostics:
        if diagnostic.waived_by is not None and not context.show_waived:
            continue
        lines.extend(render_one(diagnostic, context))
        lines.append("")
    counts = summary(report)
    files = plural(counts["files"], "fichier vérifié", "fichiers vérifiés")
    parts = [plural(counts["errors"], "erreur"), plural(counts["warnings"], "avertissement")]
    if counts["infos"]:
        parts.append(plural(counts["infos"], "info"))
    if counts["waived"]:
        parts.append(plural(counts["waived"], "levé par dérogation", "levés par dérogation"))
    if counts["errors"] or counts["warnings"] or counts["infos"]:
        verdict = ", ".join(parts)
    else:  # waived diagnostics are kept in the count, so a derogation is never silent
        verdict = "aucun problème" + (f" ({parts[-1]})" if counts["waived"] else "")
    lines.append(f"{files} : {verdict}.")
    return "\n".join(lines) + "\n"
