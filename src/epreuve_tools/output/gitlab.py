"""GitLab Code Quality: a JSON array of Code Climate issues, shown on the changed lines of a merge request.

GitLab reads `description`, `check_name`, `fingerprint`, `severity`, `location.path` and
`location.lines.begin`. It compares the fingerprints of the branch's report with the target's to
say what a merge request introduced and what it fixed, so a fingerprint must not change when an
unrelated edit moves a finding down a few lines: it is made of the path, the code, the message
with its numbers blanked (« ligne 12 » says where, not what) and, for findings that are then
alike, their rank in the file. Waived diagnostics are left out: they are not to be fixed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from typing import Any

from epreuve_tools.diagnostics import INTERNAL_ERROR_CODE, Diagnostic, Report, Severity
from epreuve_tools.output.base import RenderContext, rule_name, rule_url, valid_unicode

# GitLab's scale is info, minor, major, critical, blocker
_SEVERITIES = {Severity.INFO: "info", Severity.WARNING: "minor", Severity.ERROR: "major"}
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


def severity(diagnostic: Diagnostic) -> str:
    """GitLab's severity: a security rule's finding is critical, the tool's own failure blocks."""
    if diagnostic.code == INTERNAL_ERROR_CODE:
        return "blocker"
    if diagnostic.code.startswith("SEC-") and diagnostic.severity is Severity.ERROR:
        return "critical"
    return _SEVERITIES[diagnostic.severity]


def _normalised(message: str) -> str:
    return _SPACES.sub(" ", _DIGITS.sub("0", message)).strip().casefold()


def fingerprints(diagnostics: list[Diagnostic]) -> list[str]:
    """One fingerprint a diagnostic, stable across runs and across edits elsewhere in the file."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for d in diagnostics:
        key = (d.path, d.code, _normalised(d.message))
        occurrence = seen[key]
        seen[key] += 1
        material = "\0".join([*key, str(occurrence)])
        out.append(hashlib.sha256(valid_unicode(material).encode("utf-8")).hexdigest())
    return out


def _issue(diagnostic: Diagnostic, fingerprint: str, context: RenderContext) -> dict[str, Any]:
    url = rule_url(diagnostic.code, context.rules_url)
    body = [diagnostic.hint] if diagnostic.hint else []
    body.append(f"Règle {diagnostic.code} ({rule_name(diagnostic.code)}) : {url}")
    return {
        "type": "issue",
        "description": f"{diagnostic.code} {diagnostic.message}",
        "check_name": diagnostic.code,
        "content": {"body": "\n\n".join(body)},
        "fingerprint": fingerprint,
        "severity": severity(diagnostic),
        "location": {
            "path": diagnostic.path,
            "lines": {"begin": diagnostic.span.start.line, "end": diagnostic.span.end.line},
        },
        "engine_name": "epreuve",
    }


def render(report: Report, context: RenderContext) -> str:
    active = report.active()
    issues = [_issue(d, f, context) for d, f in zip(active, fingerprints(active), strict=True)]
    return valid_unicode(json.dumps(issues, ensure_ascii=False, indent=2)) + "\n"
