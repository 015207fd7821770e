"""Analysis of one file's bytes: pure, total, and cacheable by content.

`analyse_epreuve` runs everything that depends on the file alone (decoding, front matter, schema,
body, blanks, document rules) and returns findings plus the facts project rules need. It never
raises: a bug in a rule becomes an INTERNAL-001 finding that names the rule.
"""

from __future__ import annotations

import traceback
from typing import Any

from epreuve_tools.diagnostics import FILE_START, Finding, Span
from epreuve_tools.loader_codes import FRONT_MATTER_NOT_MAPPING, INTERNAL_ERROR
from epreuve_tools.model import Epreuve, build_epreuve
from epreuve_tools.parsing.blanks import scan_blanks
from epreuve_tools.parsing.markdown import parse_body
from epreuve_tools.parsing.source import decode, split_front_matter
from epreuve_tools.parsing.yaml12 import SourceMap, load
from epreuve_tools.project import EpreuveFacts
from epreuve_tools.results import FileAnalysis, YamlAnalysis
from epreuve_tools.rules import document_checks
from epreuve_tools.schema.validate import validate
from epreuve_tools.settings import DEFAULT_SETTINGS, RuleSettings


def internal_error(where: str) -> tuple[Finding, str]:
    return (
        INTERNAL_ERROR.finding(
            FILE_START,
            f"erreur interne de l'outil ({where}) : ce n'est pas une faute de l'épreuve",
            "relancez avec -v pour voir la trace, et signalez-la avec ce fichier",
        ),
        traceback.format_exc(),
    )


def analyse_yaml(data: bytes, schema_name: str) -> YamlAnalysis:
    """Decode, parse and validate a whole-file YAML document (référentiel, parcours)."""
    text = decode(data)
    if isinstance(text, Finding):
        return YamlAnalysis((text,))
    loaded = load(text.value, line_offset=1)
    if isinstance(loaded, Finding):
        return YamlAnalysis((loaded,))
    if not isinstance(loaded.data, dict):
        return YamlAnalysis((_not_a_mapping(loaded.source_map.root),))
    findings = validate(loaded.data, loaded.source_map, schema_name)
    return YamlAnalysis(tuple(findings), loaded.data, loaded.source_map)


def _not_a_mapping(span: Span) -> Finding:
    return FRONT_MATTER_NOT_MAPPING.finding(
        span,
        "l'en-tête doit être un dictionnaire de clés (`clé: valeur`)",
        "écrivez une clé par ligne : `id: mon-epreuve`, `type: qcu`…",
    )


def parse_epreuve(data: bytes) -> tuple[list[Finding], Epreuve | None]:
    """Read an épreuve into the model; findings are the loader's and the schema's."""
    text = decode(data)
    if isinstance(text, Finding):
        return [text], None
    split = split_front_matter(text.value)
    if isinstance(split, Finding):
        return [split], None
    loaded = load(split.front_matter, line_offset=split.front_matter_line)
    if isinstance(loaded, Finding):
        return [loaded], None
    front_matter: Any = loaded.data
    if front_matter is None:
        front_matter, source_map = {}, SourceMap(root=Span.at(split.front_matter_line, 1))
    else:
        source_map = loaded.source_map
    if not isinstance(front_matter, dict):
        return [_not_a_mapping(source_map.root)], None
    findings = validate(front_matter, source_map, "epreuve")
    body = parse_body(split.body, split.body_line)
    findings.extend(body.findings)
    if not body.complete:  # too complex to parse (PARSE-012): no model, so no rule reports noise
        return findings, None
    propositions = body.containers.get("propositions")
    blanks: tuple[Any, ...] = ()
    if propositions is not None and front_matter.get("type") not in ("qcu", "qcm"):
        scan = scan_blanks(propositions.inner, propositions.inner_line)
        blanks = scan.blanks
        findings.extend(scan.findings)
    return findings, build_epreuve(
        front_matter,
        source_map,
        body,
        blanks,
        front_matter_text=split.front_matter,
        front_matter_line=split.front_matter_line,
    )


def analyse_epreuve(
    data: bytes, opt_in: frozenset[str] = frozenset(), settings: RuleSettings = DEFAULT_SETTINGS
) -> FileAnalysis:
    """Everything about one épreuve's bytes; opt-in rules run only when named in `opt_in`, and the
    rules read the project's `settings` on the model."""
    return analyse_with_model(data, opt_in, settings)[0]


def analyse_with_model(
    data: bytes, opt_in: frozenset[str] = frozenset(), settings: RuleSettings = DEFAULT_SETTINGS
) -> tuple[FileAnalysis, Epreuve | None]:
    """`analyse_epreuve`, also returning the model, for callers that need both (`epreuve answer`)."""
    try:
        findings, epreuve = parse_epreuve(data)
    except Exception:  # a bug, not bad content: keep checking the other files
        finding, trace = internal_error("lecture")
        return FileAnalysis((finding,), crash=trace), None
    if epreuve is None:
        return FileAnalysis(tuple(findings)), None
    epreuve.settings = settings
    crash = None
    for code, check, stamp in document_checks(opt_in):
        try:
            if stamp is None:
                findings.extend(check(epreuve))
            else:  # most rules find nothing: no call or object more than the check's own
                for problem in check(epreuve):
                    findings.append(stamp(problem))
        except Exception:  # a bug in one rule must not hide the others
            finding, crash = internal_error(f"règle {code}")
            findings.append(finding)
    return FileAnalysis(tuple(findings), EpreuveFacts.of(epreuve), crash), epreuve
