"""SARIF 2.1.0, so that code-scanning interfaces show the diagnostics on the files.

Every rule the tool knows is described in `tool.driver.rules` (not only those that fired: a viewer
shows a rule's help and a code-scanning service closes the alerts of a rule that no longer fires),
each with its documentation as `help` (text and Markdown) and its published page as `helpUri`.
Columns are counted in Unicode code points (`columnKind`): a span's column is an index in the
decoded Python text, where « é » and « 😀 » are one character each.

A location is a URI: the path's bytes, percent-encoded, so that a file name that is not UTF-8 still
names its file; the rest of the document is valid UTF-8 (undecodable bytes shown as U+FFFD)."""

from __future__ import annotations

import json
import os
import re
from typing import Any
from urllib.parse import quote

from epreuve_tools import __version__
from epreuve_tools.diagnostics import Report, Severity
from epreuve_tools.output.base import RenderContext, rule_url, valid_unicode
from epreuve_tools.registry import Rule
from epreuve_tools.rules import REGISTRY

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


# the labels of a rule's documentation (registry.py), shown in bold in the Markdown help
_LABEL = re.compile(r"^(Pourquoi|Mauvais|Bon)((?: \([^\n]*\))?) :", re.MULTILINE)


def _markdown(rule: Rule, url: str) -> str:
    """The rule's documentation as Markdown: its labels in bold, each example its own paragraph."""
    paragraphs = rule.doc.split("\n\n")
    out = [f"**{rule.code}** `{rule.name}` : {paragraphs[0]}"]
    for paragraph in paragraphs[1:]:
        lines = []
        for number, line in enumerate(paragraph.split("\n")):
            if number and _LABEL.match(line):  # « Bon : » right under « Mauvais : »
                lines.append("")
            lines.append(_LABEL.sub(r"**\1\2 :**", line))
        out.append("\n".join(lines))
    if rule.refs:
        out.append(f"Références : {rule.refs}")
    out.append(f"[Documentation de la règle {rule.code}]({url})")
    return "\n\n".join(out)


def _rule_descriptor(rule: Rule, context: RenderContext) -> dict[str, Any]:
    url = rule_url(rule.code, context.rules_url)
    text = rule.doc + (f"\n\nRéférences : {rule.refs}" if rule.refs else "")
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "help": {"text": f"{text}\n\nDocumentation : {url}", "markdown": _markdown(rule, url)},
        "helpUri": url,
        # an opt-in rule runs only when its code is selected by name
        "defaultConfiguration": {"level": _LEVELS[rule.severity], "enabled": not rule.opt_in},
        "properties": {"tags": [rule.code.rsplit("-", 1)[0]]},
    }
    return descriptor


def _invocation(report: Report, context: RenderContext) -> dict[str, Any]:
    """Whether the check ran to its end (findings are a successful run; an internal error is not)."""
    invocation: dict[str, Any] = {
        "executionSuccessful": context.exit_code != 3 and not report.has_internal_error
    }
    if context.exit_code is not None:
        invocation["exitCode"] = context.exit_code
    if report.notices:
        invocation["toolExecutionNotifications"] = [
            {"level": "note", "message": {"text": notice}} for notice in report.notices
        ]
    return invocation


def _uri(path: str) -> str:
    """A relative URI reference: the path's own bytes (surrogate escapes included), percent-encoded."""
    return quote(os.fsencode(path), safe="/")


def render(report: Report, context: RenderContext) -> str:
    rules = sorted(REGISTRY.values(), key=lambda rule: rule.code)
    index = {rule.code: position for position, rule in enumerate(rules)}
    results = []
    for d in report.diagnostics:
        result: dict[str, Any] = {
            "ruleId": d.code,
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
        if d.code in index:  # every reported code is registered; an index only for a real one
            result["ruleIndex"] = index[d.code]
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
                        "rules": [_rule_descriptor(rule, context) for rule in rules],
                    }
                },
                "invocations": [_invocation(report, context)],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return valid_unicode(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
