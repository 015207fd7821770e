"""Machine output: `{"diagnostics": [...], "summary": {...}}`, stable keys, 1-based positions.

Text is kept exactly as the content has it (control characters are JSON escapes), except the
undecodable bytes of a file name: they become U+FFFD, so that the document is valid UTF-8."""

from __future__ import annotations

import json

from epreuve_tools.diagnostics import Report
from epreuve_tools.output.base import RenderContext, summary, valid_unicode


def render(report: Report, context: RenderContext) -> str:
    diagnostics = [
        {
            "file": d.path,
            "line": d.span.start.line,
            "column": d.span.start.column,
            "end_line": d.span.end.line,
            "end_column": d.span.end.column,
            "code": d.code,
            "severity": d.severity.label,
            "message": d.message,
            "hint": d.hint,
            "waived": d.waived_by,
        }
        for d in report.diagnostics
    ]
    document = {"diagnostics": diagnostics, "summary": summary(report)}
    return valid_unicode(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
