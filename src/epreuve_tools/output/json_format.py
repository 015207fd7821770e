"""Machine output: `{"version", "tool", "diagnostics": [...], "summary": {...}}`, 1-based positions.

The document is described by `schemas/check-report.schema.json`; `docs/rapports.md` says what
may change between versions and what never does. `VERSION` is the format's, not the tool's: its
minor number grows when a key is added, its major number when a key changes meaning or goes.

Text is kept exactly as the content has it (control characters are JSON escapes), except the
undecodable bytes of a file name: they become U+FFFD, so that the document is valid UTF-8."""

from __future__ import annotations

import json

from epreuve_tools import __version__
from epreuve_tools.diagnostics import Report
from epreuve_tools.output.base import RenderContext, rule_name, rule_url, summary, valid_unicode

VERSION = "1.0"


def render(report: Report, context: RenderContext) -> str:
    diagnostics = [
        {
            "file": d.path,
            "line": d.span.start.line,
            "column": d.span.start.column,
            "end_line": d.span.end.line,
            "end_column": d.span.end.column,
            "code": d.code,
            "rule": rule_name(d.code),
            "url": rule_url(d.code, context.rules_url),
            "severity": d.severity.label,
            "message": d.message,
            "hint": d.hint,
            "waived": d.waived_by,
        }
        for d in report.diagnostics
    ]
    document = {
        "version": VERSION,
        "tool": {"name": "epreuve", "version": __version__},
        "diagnostics": diagnostics,
        "summary": summary(report),
    }
    return valid_unicode(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
