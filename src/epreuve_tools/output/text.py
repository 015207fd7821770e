"""Human output: `path:line:col: CODE message`, the source line with a caret, and the hint."""

from __future__ import annotations

from epreuve_tools.diagnostics import Diagnostic, Report, Severity
from epreuve_tools.output.base import RenderContext, summary

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_LABELS = {Severity.ERROR: "erreur", Severity.WARNING: "avertissement", Severity.INFO: "info"}


def _paint(text: str, code: str, enabled: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if enabled else text


def _excerpt(diagnostic: Diagnostic, context: RenderContext) -> list[str]:
    lines = context.read_lines(diagnostic.path)
    line = diagnostic.span.start.line
    if lines is None or not 1 <= line <= len(lines):
        return []
    source = lines[line - 1].replace("\t", " ")
    if len(source) > 160:
        return []
    start = diagnostic.span.start.column
    end = diagnostic.span.end.column if diagnostic.span.end.line == line else len(source) + 1
    width = max(1, min(end, len(source) + 1) - start)
    gutter = f"{line:>5} | "
    caret = " " * (len(gutter) - 2) + "| " + " " * (start - 1) + "^" * width
    return [gutter + source, _paint(caret, _COLORS[diagnostic.severity], context.color)]


def render_one(diagnostic: Diagnostic, context: RenderContext) -> list[str]:
    start = diagnostic.span.start
    location = _paint(f"{diagnostic.path}:{start.line}:{start.column}:", "1", context.color)
    label = _paint(
        f"{diagnostic.code} [{_LABELS[diagnostic.severity]}]", _COLORS[diagnostic.severity], context.color
    )
    out = [f"{location} {label} {diagnostic.message}"]
    out.extend(_excerpt(diagnostic, context))
    if diagnostic.hint:
        out.append(f"      = aide : {diagnostic.hint}")
    if diagnostic.waived_by is not None:
        out.append(f"      = levé par dérogation : {diagnostic.waived_by}")
    return out


def render(report: Report, context: RenderContext) -> str:
    lines: list[str] = []
    for diagnostic in report.diagnostics:
        if diagnostic.waived_by is not None and not context.show_waived:
            continue
        lines.extend(render_one(diagnostic, context))
        lines.append("")
    counts = summary(report)
    files = f"{counts['files']} fichier{'s' if counts['files'] != 1 else ''} vérifié{'s' if counts['files'] != 1 else ''}"
    parts = [
        f"{counts['errors']} erreur{'s' if counts['errors'] != 1 else ''}",
        f"{counts['warnings']} avertissement{'s' if counts['warnings'] != 1 else ''}",
    ]
    if counts["infos"]:
        parts.append(f"{counts['infos']} info{'s' if counts['infos'] != 1 else ''}")
    if counts["waived"]:
        parts.append(f"{counts['waived']} levé{'s' if counts['waived'] != 1 else ''} par dérogation")
    if counts["errors"] or counts["warnings"] or counts["infos"]:
        verdict = ", ".join(parts)
    else:  # waived diagnostics are kept in the count, so a derogation is never silent
        verdict = "aucun problème" + (f" ({parts[-1]})" if counts["waived"] else "")
    lines.append(f"{files} : {verdict}.")
    return "\n".join(lines) + "\n"
