"""The pure part of a check: from the findings of every file to the diagnostics the user sees.

Waivers (a finding lifted by the épreuve's own `a11y.waivers`, or a waiver that lifts nothing),
selection (`select`, `ignore`, `per-file-ignores`), configured severities, and the scope of what is
shown. No file system, no process, no clock: the checker feeds it, the reporters print it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence

from epreuve_tools.diagnostics import Diagnostic, Finding, Severity, Span
from epreuve_tools.loader_codes import UNKNOWN_WAIVER_RULE, UNUSED_WAIVER
from epreuve_tools.rules import REGISTRY
from epreuve_tools.selection import Selection

# Whatever the selection says, a file that could not be read or parsed is reported (as ruff always
# reports syntax errors): otherwise `--select KEY` would pass a file that nobody could read.
ALWAYS_REPORTED_PREFIXES = ("PARSE-", "INTERNAL-")

_WAIVER_HINT = "on ne lève que les avertissements, les infos et les règles d'accessibilité ; `epreuve rule` liste les codes"


def _waiver_refusal(code: str) -> str | None:
    if code not in REGISTRY:
        return "code de règle inconnu"
    if not REGISTRY[code].waivable:
        return "cette erreur se corrige, elle ne se lève pas"
    return None


def judge_waivers(
    findings: Sequence[Finding], waivers: Iterable[tuple[str, str, Span]]
) -> tuple[list[Finding], dict[str, str]]:
    """The findings the waivers of one file add (refused or useless waivers), and the codes they
    lift with their reasons."""
    added: list[Finding] = []
    lifted: dict[str, str] = {}
    for code, reason, span in waivers:
        refusal = _waiver_refusal(code)
        if refusal is not None:
            message = f"dérogation à « {code} » impossible : {refusal}"
            added.append(UNKNOWN_WAIVER_RULE.finding(span, message, _WAIVER_HINT))
        elif not any(finding.code == code for finding in findings):
            message = f"dérogation à « {code} » inutile : aucun diagnostic"
            added.append(UNUSED_WAIVER.finding(span, message, "retirez-la"))
        else:
            lifted[code] = reason
    return added, lifted


def is_always_reported(code: str) -> bool:
    return code.startswith(ALWAYS_REPORTED_PREFIXES)


def within(path: str, requested: Sequence[str]) -> bool:
    """Whether `path` is one of the requested paths or under one of them (all as shown)."""
    if "" in requested or "." in requested:
        return True
    return path in requested or path.startswith(tuple(r.rstrip("/") + "/" for r in requested))


def diagnostics(
    findings: Mapping[str, Sequence[Finding]],
    selection: Selection,
    *,
    waived: Mapping[str, Mapping[str, str]],
    shown: Mapping[str, Collection[str] | None],
) -> Iterator[Diagnostic]:
    """The diagnostics of the files in `shown` (all of a file's, or only the codes given), as
    selected, with their configured severity."""
    # a large bank has thousands of findings of a few dozen codes: each code's choice is made once
    # (for every file alike when no per-file ignore can tell files apart)
    severities: dict[str, Severity] = {}
    decided: dict[str, bool] = {}

    def reported(code: str, path: str) -> bool:
        if selection.per_file_ignores:
            return is_always_reported(code) or selection.enabled(code, path)
        if code not in decided:
            decided[code] = is_always_reported(code) or selection.enabled(code, path)
        return decided[code]

    for path, only in shown.items():
        lifted = waived.get(path, {})
        for finding in findings.get(path, ()):
            code = finding.code
            if only is not None and code not in only:
                continue
            if reported(code, path):
                severity = severities.get(code)
                if severity is None:
                    severity = severities[code] = selection.severity_of(code)
                yield Diagnostic(
                    path,
                    finding.span,
                    code,
                    severity,
                    finding.message,
                    finding.hint,
                    waived_by=lifted.get(code),
                )
