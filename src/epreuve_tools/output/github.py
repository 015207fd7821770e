"""GitHub Actions workflow commands: one `::error file=…,line=…::message` annotation a diagnostic.

The job log is shown in a terminal emulator: control characters from the content are escaped
(`visible`) as in the text report, then the workflow command's own escapes are applied."""

from __future__ import annotations

from epreuve_tools.diagnostics import Report, Severity
from epreuve_tools.output.base import RenderContext, visible

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
                f"file={_escape_property(visible(d.path, keep_newlines=False))}",
                f"line={d.span.start.line}",
                f"col={d.span.start.column}",
                f"endLine={d.span.end.line}",
                f"endColumn={d.span.end.column}",
                f"title={_escape_property(d.code)}",
            ]
        )
        message = visible(d.message, keep_newlines=False)
        if d.hint:
            message += "\n" + visible(d.hint, keep_newlines=False)
        lines.append(f"::{_COMMANDS[d.severity]} {properties}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
