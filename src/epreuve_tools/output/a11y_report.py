"""`epreuve check --a11y-report FILE`: the accessibility findings as a French Markdown summary.

Shaped for the « Contenus non accessibles » section of a déclaration d'accessibilité (the model
statement of the RGAA): the non-conformities listed by RGAA criterion, then the derogations with
the reason each épreuve gives (`a11y.waivers`); then the detail per criterion, per family and per
rule, with counts and the épreuves concerned. The criteria are those each rule's `refs` name.

Everything quoted from content (paths, waiver reasons) is hostile: it is escaped so that it reads
as text wherever the Markdown is pasted, never as a link, a table cell border or HTML.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from epreuve_tools.diagnostics import Diagnostic, Report, Severity, plural
from epreuve_tools.output.base import visible
from epreuve_tools.registry import Rule

ACCESSIBILITY_PREFIX = "A11Y-"
NO_CRITERION = "hors critère"
# épreuves named in a list before « et N autres »: the report is read by people
LISTED_EPREUVES = 10

_RGAA_PART = re.compile(r"RGAA\b([^;]*)")
_ASIDE = re.compile(r"\([^)]*\)")
_RANGE = re.compile(r"\b(\d{1,2})\.(\d{1,2}) à \1\.(\d{1,2})\b")
_CRITERION = re.compile(r"(?<![\d.])(\d{1,2}\.\d{1,2})(?![\d.]*\d)")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_SEVERITY_WORDS = {Severity.ERROR: "erreur", Severity.WARNING: "avertissement", Severity.INFO: "info"}


def rgaa_criteria(refs: str) -> tuple[str, ...]:
    """The RGAA criteria a rule's references name (« RGAA 7.1 à 7.3, 13.9 ; WCAG … » gives 7.1, 7.2,
    7.3 and 13.9), in the RGAA's order; tests in parentheses (« (test 9.1.3) ») are not criteria."""
    part = _RGAA_PART.search(refs)
    if part is None:
        return ()
    text = _ASIDE.sub(" ", part.group(1))
    text = _RANGE.sub(lambda m: ", ".join(f"{m[1]}.{n}" for n in range(int(m[2]), int(m[3]) + 1)), text)
    found = dict.fromkeys(_CRITERION.findall(text))
    return tuple(sorted(found, key=_criterion_order))


def _criterion_order(criterion: str) -> tuple[int, ...]:
    return tuple(int(part) for part in criterion.split(".")) if criterion != NO_CRITERION else (999,)


def _text(value: str) -> str:
    """Content as Markdown text: one line, its special characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(visible(value).split()))


def _path(path: str) -> str:
    """A path as inline code, whatever backticks it holds."""
    shown = " ".join(visible(path).split()).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", shown)), default=0) + 1)
    padding = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{padding}{shown}{padding}{fence}"


def _paths(paths: Iterable[str]) -> str:
    ordered = sorted(set(paths))
    shown = ", ".join(_path(path) for path in ordered[:LISTED_EPREUVES])
    rest = len(ordered) - LISTED_EPREUVES
    return f"{shown} et {plural(rest, 'autre')}" if rest > 0 else shown


@dataclass(slots=True)
class _Tally:
    """What a rule, a family or a criterion gathers."""

    open: Counter[Severity] = field(default_factory=Counter)  # not waived, by severity
    waived: int = 0
    open_paths: set[str] = field(default_factory=set)
    paths: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    open_codes: set[str] = field(default_factory=set)  # with an error or a warning not waived

    def add(self, diagnostic: Diagnostic) -> None:
        self.paths.add(diagnostic.path)
        self.codes.add(diagnostic.code)
        if diagnostic.waived_by is None:
            self.open[diagnostic.severity] += 1
            self.open_paths.add(diagnostic.path)
            if diagnostic.severity >= Severity.WARNING:
                self.open_codes.add(diagnostic.code)
        else:
            self.waived += 1

    @property
    def total(self) -> int:
        return sum(self.open.values()) + self.waived

    @property
    def to_fix(self) -> int:
        """Errors and warnings not waived: what the statement lists as non-conformities."""
        return self.open[Severity.ERROR] + self.open[Severity.WARNING]


@dataclass(frozen=True, slots=True)
class _Waiver:
    path: str
    code: str
    reason: str
    lifted: int  # diagnostics it lifts


def _family(code: str) -> str:
    return "-".join(code.split("-")[:2])


def _criteria_of(code: str, rules: Mapping[str, Rule]) -> tuple[str, ...]:
    rule = rules.get(code)
    return (rule and rgaa_criteria(rule.refs)) or (NO_CRITERION,)


def render(report: Report, rules: Mapping[str, Rule]) -> str:
    """The Markdown report of the accessibility diagnostics of `report`."""
    diagnostics = [d for d in report.diagnostics if d.code.startswith(ACCESSIBILITY_PREFIX)]
    by_rule: dict[str, _Tally] = defaultdict(_Tally)
    by_family: dict[str, _Tally] = defaultdict(_Tally)
    by_criterion: dict[str, _Tally] = defaultdict(_Tally)
    lifted: Counter[tuple[str, str, str]] = Counter()
    for diagnostic in diagnostics:
        by_rule[diagnostic.code].add(diagnostic)
        by_family[_family(diagnostic.code)].add(diagnostic)
        for criterion in _criteria_of(diagnostic.code, rules):
            by_criterion[criterion].add(diagnostic)
        if diagnostic.waived_by is not None:
            lifted[(diagnostic.path, diagnostic.code, diagnostic.waived_by)] += 1
    waivers = [_Waiver(path, code, reason, count) for (path, code, reason), count in sorted(lifted.items())]
    lines = _heading(report, diagnostics, len(waivers))
    lines += _non_conformities(by_criterion)
    lines += _derogations(waivers, rules)
    lines += _criterion_table(by_criterion)
    lines += _family_table(by_family)
    lines += _rule_table(by_rule, rules)
    return "\n".join(lines).rstrip("\n") + "\n"


def _heading(report: Report, diagnostics: Sequence[Diagnostic], waivers: int) -> list[str]:
    counts = Counter(d.severity for d in diagnostics if d.waived_by is None)
    waived = sum(d.waived_by is not None for d in diagnostics)
    epreuves = {d.path for d in diagnostics}
    return [
        "# Rapport d'accessibilité des épreuves",
        "",
        f"Produit par `epreuve check` : {plural(report.files_checked, 'fichier vérifié', 'fichiers vérifiés')}, "
        f"{plural(len(epreuves), 'épreuve concernée', 'épreuves concernées')} par les règles d'accessibilité "
        f"(A11Y) : {plural(counts[Severity.ERROR], 'erreur')}, "
        f"{plural(counts[Severity.WARNING], 'avertissement')}, {plural(counts[Severity.INFO], 'info')}, "
        f"et {plural(waived, 'diagnostic levé', 'diagnostics levés')} par "
        f"{plural(waivers, 'dérogation')}.",
        "",
        "Les deux premières sections se reprennent dans la partie « Contenus non accessibles » de la "
        "déclaration d'accessibilité. Les critères RGAA sont ceux que chaque règle vérifie sur le source "
        "des épreuves : ce rapport ne remplace pas l'audit des pages où les épreuves sont affichées.",
        "",
    ]


def _non_conformities(by_criterion: Mapping[str, _Tally]) -> list[str]:
    lines = ["## Non-conformités", ""]
    open_criteria = [c for c in sorted(by_criterion, key=_criterion_order) if by_criterion[c].to_fix]
    if not open_criteria:
        return [*lines, "Aucune erreur ni aucun avertissement d'accessibilité non levé.", ""]
    lines += [
        "Critères RGAA pour lesquels des épreuves ont encore une erreur ou un avertissement (les infos, "
        "simples suggestions, n'y figurent pas) :",
        "",
    ]
    for criterion in open_criteria:
        tally = by_criterion[criterion]
        name = f"Critère {criterion}" if criterion != NO_CRITERION else "Hors critère RGAA"
        codes = ", ".join(sorted(tally.open_codes))
        lines.append(
            f"- **{name}** ({codes}) : {plural(tally.to_fix, 'diagnostic')} dans "
            f"{plural(len(tally.open_paths), 'épreuve')} : {_paths(tally.open_paths)}."
        )
    return [*lines, ""]


def _derogations(waivers: Sequence[_Waiver], rules: Mapping[str, Rule]) -> list[str]:
    lines = ["## Dérogations", ""]
    if not waivers:
        return [*lines, "Aucune épreuve ne déroge à une règle d'accessibilité.", ""]
    lines += [
        "Chaque dérogation est écrite dans l'en-tête de l'épreuve (`a11y.waivers`) avec sa justification. "
        "Dans la déclaration, classez-la : dérogation pour charge disproportionnée, ou contenu dont "
        "l'inaccessibilité tient à ce que l'épreuve évalue (une image-test, un son à reconnaître).",
        "",
    ]
    for waiver in waivers:
        rule = rules.get(waiver.code)
        what = f" ({_lower_first(_text(rule.summary))})" if rule is not None else ""
        lifted = plural(waiver.lifted, "diagnostic levé", "diagnostics levés")
        lines.append(
            f"- **{waiver.code}**, {_criteria_words(waiver.code, rules)}{what} — {_path(waiver.path)} : "
            f"« {_text(waiver.reason)} » ({lifted})."
        )
    return [*lines, ""]


def _criteria_words(code: str, rules: Mapping[str, Rule]) -> str:
    criteria = _criteria_of(code, rules)
    if criteria == (NO_CRITERION,):
        return "hors critère RGAA"
    return f"critère{'s' if len(criteria) > 1 else ''} RGAA {', '.join(criteria)}"


def _lower_first(text: str) -> str:
    """« Une image… » as « une image… » inside a sentence; an acronym (« SVG ») stays as written."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _criterion_table(by_criterion: Mapping[str, _Tally]) -> list[str]:
    lines = [
        "## Par critère RGAA",
        "",
        "| Critère | Règles | Erreurs | Avertissements | Infos | Levés | Épreuves |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for criterion in sorted(by_criterion, key=_criterion_order):
        tally = by_criterion[criterion]
        lines.append(
            f"| {criterion} | {', '.join(sorted(tally.codes))} | {_counts(tally)} | {len(tally.paths)} |"
        )
    return [*lines, ""] if by_criterion else [*lines[:2], "Aucun diagnostic d'accessibilité.", ""]


def _family_table(by_family: Mapping[str, _Tally]) -> list[str]:
    if not by_family:
        return []
    lines = [
        "## Par famille",
        "",
        "| Famille | Erreurs | Avertissements | Infos | Levés | Épreuves |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for family in sorted(by_family):
        tally = by_family[family]
        lines.append(f"| {family} | {_counts(tally)} | {len(tally.paths)} |")
    return [*lines, ""]


def _rule_table(by_rule: Mapping[str, _Tally], rules: Mapping[str, Rule]) -> list[str]:
    if not by_rule:
        return []
    lines = ["## Par règle", ""]
    for code in sorted(by_rule):
        tally = by_rule[code]
        rule = rules.get(code)
        title = f"{code} ({rule.name})" if rule is not None else code
        severity = _SEVERITY_WORDS[rule.severity] if rule is not None else "?"
        lines += [
            f"### {title}",
            "",
            f"{_text(rule.summary) if rule is not None else ''}",
            "",
            f"- Gravité par défaut : {severity} ; {_criteria_words(code, rules)}"
            + (f" ; références : {_text(rule.refs)}" if rule is not None and rule.refs else ""),
            f"- {_plain_counts(tally)}",
            f"- Épreuves concernées : {_paths(tally.paths)}",
            "",
        ]
    return lines


def _counts(tally: _Tally) -> str:
    open_ = tally.open
    return f"{open_[Severity.ERROR]} | {open_[Severity.WARNING]} | {open_[Severity.INFO]} | {tally.waived}"


def _plain_counts(tally: _Tally) -> str:
    open_ = tally.open
    return (
        f"{plural(open_[Severity.ERROR], 'erreur')}, {plural(open_[Severity.WARNING], 'avertissement')}, "
        f"{plural(open_[Severity.INFO], 'info')}, {plural(tally.waived, 'levé par dérogation', 'levés par dérogation')}"
    )
