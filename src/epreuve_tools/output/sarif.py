"""SARIF 2.1.0, so that code-scanning interfaces show the diagnostics on the files.

A location is a URI: the path's bytes, percent-encoded, so that a file name that is not UTF-8 still
names its file; the rest of the document is valid UTF-8 (undecodable bytes shown as U+FFFD)."""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import quote

from epreuve_tools import __version__
from epreuve_tools.diagnostics import Report, Severity
from epreuve_tools.output.base import RenderContext, valid_unicode
from epreuve_tools.rules import REGISTRY

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_descriptor(code: str) -> dict[str, Any]:
    rule = REGISTRY[code]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
    }


def _uri(path: str) -> str:
    """A relative URI reference: the path's own bytes (surrogate escapes included), percent-encoded."""
    return quote(os.fsencode(path), safe="/")


def render(report: Report, context: RenderContext) -> str:
    codes = sorted({d.code for d in report.diagnostics})
    index = {code: position for position, code in enumerate(codes)}
    results = []
    for d in report.diagnostics:
        result: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _LEVELS[d.severity],
            "message": {"text": d.message + (f" (aide : {d.hint})" if d.hint else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(d.path), "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": d.span.start.line,
                            "startColumn": d.span.start.column,
                            "endLine": d.span.end.line,
                            "endColumn": max(d.span.end.column, 1),
                        },
                    }
                }
            ],
        }
        if d.waived_by is not None:
            result["suppressions"] = [{"kind": "inSource", "justification": d.waived_by}]
        results.append(result)
    document = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "epreuve",
                        "version": __version__,
                        "informationUri": "https://github.com/epreuve-tools/epreuve-tools",
                        "rules": [_rule_descriptor(code) for code in codes],
                    }
                },
                "results": results,
            }
        ],
    }
    return valid_unicode(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
