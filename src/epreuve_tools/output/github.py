"""GitHub Actions workflow commands: one `::error file=…,line=…::message` annotation a diagnostic."""

from __future__ import annotations

from epreuve_tools.diagnostics import Report, Severity
from epreuve_tools.output.base import RenderContext

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, context: RenderContext) -> str:
    lines = []
    for d in report.active():
        properties = ",".join(
            [
                f"file={_escape_property(d.path)}",
                f"line={d.span.start.line}",
                f"col={d.span.start.column}",
                f"endLine={d.span.end.line}",
                f"endColumn={d.span.end.column}",
                f"title={_escape_property(d.code)}",
            ]
        )
        message = d.message + (f"\n{d.hint}" if d.hint else "")
        lines.append(f"::{_COMMANDS[d.severity]} {properties}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
