"""JUnit XML, the test report every CI shows (GitLab's test tab, Jenkins, Azure, CircleCI…).

One `<testsuite>` a file with findings, one `<testcase>` a diagnostic: a `<failure>` when it fails
the check (its severity reaches `fail-on`), a passing case that says what it noticed otherwise, and
a `<skipped>` case when a waiver lifted it. A clean run is one passing case, so that the CI shows
the check ran. The document follows the JUnit schema Jenkins validates against
(`tests/schemas/junit-10.xsd`), which has no line attribute: the place is in the case's name.

XML 1.0 cannot hold most control characters, not even escaped: those from the content are written
as visible escapes (`\\x1b`), as in the text report, and undecodable bytes of a file name as U+FFFD.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from epreuve_tools.diagnostics import INTERNAL_ERROR_CODE, Diagnostic, Report, Severity, plural
from epreuve_tools.output.base import RenderContext, rule_name, rule_url, valid_unicode, visible

_LABELS = {Severity.ERROR: "erreur", Severity.WARNING: "avertissement", Severity.INFO: "info"}
# what `visible` keeps but XML 1.0 refuses: the two non-characters at the end of the BMP
_NOT_XML = re.compile("[\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", valid_unicode(visible(text)))


def _detail(d: Diagnostic, context: RenderContext) -> str:
    start = d.span.start
    lines = [f"{d.path}:{start.line}:{start.column}: {d.code} [{_LABELS[d.severity]}] {d.message}"]
    if d.hint:
        lines.append(f"aide : {d.hint}")
    if d.waived_by is not None:
        lines.append(f"levé par dérogation : {d.waived_by}")
    lines.append(f"règle {rule_name(d.code)} : {rule_url(d.code, context.rules_url)}")
    return _xml("\n".join(lines))


def _testcase(d: Diagnostic, context: RenderContext) -> tuple[ET.Element, str]:
    """The case for one diagnostic, and how it ended: failure, error, skipped or passed."""
    start = d.span.start
    case = ET.Element(
        "testcase",
        name=_xml(f"{d.code} {rule_name(d.code)} (ligne {start.line}, colonne {start.column})"),
        classname=_xml(d.path),
    )
    message = _xml(f"{d.code} {d.message}")
    if d.waived_by is not None:
        outcome = "skipped"
        ET.SubElement(case, "skipped", message=_xml(f"levé par dérogation : {d.waived_by}"))
    elif d.code == INTERNAL_ERROR_CODE:
        outcome = "error"
        ET.SubElement(case, "error", type=d.code, message=message).text = _detail(d, context)
    elif d.severity >= context.fail_on:
        outcome = "failure"
        ET.SubElement(case, "failure", type=d.code, message=message).text = _detail(d, context)
    else:
        outcome = "passed"
        ET.SubElement(case, "system-out").text = _detail(d, context)
    return case, outcome


def _suite(name: str, cases: list[tuple[ET.Element, str]]) -> ET.Element:
    outcomes = [outcome for _case, outcome in cases]
    suite = ET.Element(
        "testsuite",
        name=_xml(name),
        tests=str(len(cases)),
        failures=str(outcomes.count("failure")),
        errors=str(outcomes.count("error")),
        skipped=str(outcomes.count("skipped")),
    )
    suite.extend(case for case, _outcome in cases)
    return suite


def _clean_run(report: Report) -> ET.Element:
    case = ET.Element("testcase", name="epreuve check", classname="epreuve")
    files = plural(report.files_checked, "fichier vérifié", "fichiers vérifiés")
    ET.SubElement(case, "system-out").text = f"{files} : aucun problème."
    return _suite("epreuve check", [(case, "passed")])


def render(report: Report, context: RenderContext) -> str:
    by_file: dict[str, list[tuple[ET.Element, str]]] = {}
    for d in report.diagnostics:
        by_file.setdefault(d.path, []).append(_testcase(d, context))
    suites = [_suite(path, cases) for path, cases in by_file.items()] or [_clean_run(report)]
    root = ET.Element(
        "testsuites",
        name="epreuve check",
        tests=str(sum(int(s.get("tests", "0")) for s in suites)),
        failures=str(sum(int(s.get("failures", "0")) for s in suites)),
        errors=str(sum(int(s.get("errors", "0")) for s in suites)),
    )
    root.extend(suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
