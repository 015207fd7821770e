"""The rule registry: every code the tool can report, its documentation and, for checks, its function.

A rule is a decorated function whose docstring is its documentation (shown by `epreuve rule CODE`,
in SARIF and in the docs). Its code is written once, in the decorator: the function yields
code-less `Problem`s and the registered check stamps the code into `Finding`s. Codes reported by
the loaders themselves (PARSE, SCHEMA, BLANK, BODY…) are registered with `describe`, and the
loaders emit through the returned `Rule` (`loader_codes.INVALID_YAML.finding(…)`), so a code that
is not registered cannot be reported.

This module sits outside the `rules` package, and imports only `diagnostics`: the parsers import
the loader codes, and importing anything under `epreuve_tools.rules` would import every rule.
"""

from __future__ import annotations

import enum
import inspect
import re
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from epreuve_tools.diagnostics import Finding, Problem, Severity, Span

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve
    from epreuve_tools.project import Project

CODE = re.compile(r"^[A-Z0-9]+(-[A-Z]+)*-\d{3}$")
NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Scope(enum.Enum):
    LOADER = "loader"  # reported while reading a file
    DOCUMENT = "document"  # one épreuve at a time: cacheable by content
    PROJECT = "project"  # needs the whole tree: référentiel, every id, the files on disk


# What a rule's author writes: problems without a code, the decorator knows it.
DocumentCheck = Callable[["Epreuve"], Iterator[Problem]]
ProjectCheck = Callable[["Project"], Iterator[tuple[str, Problem]]]
# What the engine runs: the same, with the rule's code stamped in.
DocumentRun = Callable[["Epreuve"], Iterator[Finding]]
ProjectRun = Callable[["Project"], Iterator[tuple[str, Finding]]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    scope: Scope
    doc: str
    document_check: DocumentRun | None = None
    project_check: ProjectRun | None = None
    # an opt-in rule runs only when its full code is selected (`--select KEY-020`), never by a prefix
    opt_in: bool = False
    # a project rule that reports in a parcours what the épreuves it cites have become (an id
    # renamed, a tube changed): shown when any file of the tree is checked, as pre-commit names
    # only the épreuve that was edited
    follows_epreuves: bool = False
    # the norms a rule enforces, e.g. « RGAA 1.1 ; WCAG 1.1.1 (A) », shown by `epreuve rule CODE`
    refs: str = ""
    # a security rule reports whatever the configuration: never ignored, never lowered, never waived
    locked: bool = False
    # a project rule: the fields of `EpreuveFacts` it reads (None: it may read any). When an edit
    # leaves them as they were in every épreuve, and the tree's files, référentiel and parcours too,
    # its findings of the previous run are kept (`checker.py`) instead of running it again.
    reads: frozenset[str] | None = None

    @property
    def summary(self) -> str:
        """The first paragraph of the documentation, on one line."""
        first = self.doc.strip().split("\n\n")[0]
        return " ".join(first.split()).rstrip(".")

    @property
    def waivable(self) -> bool:
        """Whether an épreuve may lift it with a reasoned waiver (`a11y.waivers`).

        Accessibility rules can be lifted (the waivers feed the accessibility statement's
        derogations), and so can warnings and infos; an error that makes the file unreadable or the
        épreuve unanswerable cannot.
        """
        if self.locked or self.code.startswith(("WAIVER-", "INTERNAL-")):
            return False
        return self.code.startswith("A11Y-") or self.severity < Severity.ERROR

    def finding(self, span: Span, message: str, hint: str | None = None) -> Finding:
        return Finding(self.code, span, message, hint)

    def stamp(self, problem: Problem) -> Finding:
        return Finding(self.code, problem.span, problem.message, problem.hint)


class Registry(dict[str, Rule]):
    """The rules by code. `version` changes whenever a rule is added, replaced or removed (a test
    patching one in included), so that what is derived from the rules (the document checks to run,
    in order: `document_checks`) is made again then, and only then."""

    version = 0

    def __setitem__(self, code: str, rule: Rule) -> None:
        super().__setitem__(code, rule)
        self.version += 1

    def __delitem__(self, code: str) -> None:
        super().__delitem__(code)
        self.version += 1

    def pop(self, code: str, *default: Any) -> Any:
        self.version += 1
        return super().pop(code, *default)

    def popitem(self) -> tuple[str, Rule]:
        self.version += 1
        return super().popitem()

    def clear(self) -> None:
        self.version += 1
        super().clear()

    def update(self, *others: Any, **rules: Rule) -> None:
        self.version += 1
        super().update(*others, **rules)

    def setdefault(self, code: str, rule: Rule) -> Rule:
        self.version += 1
        return super().setdefault(code, rule)


REGISTRY = Registry()


class _Stamped:
    """A document rule as the engine runs it: its check, each problem stamped with the rule's code.
    `document_checks` hands the analysis the check and the stamp apart, so that the many rules that
    find nothing cost one call each, not two and a `map`."""

    __slots__ = ("check", "code")

    def __init__(self, check: DocumentCheck, code: str) -> None:
        self.check = check
        self.code = code

    def stamp(self, problem: Problem) -> Finding:
        return Finding(self.code, problem.span, problem.message, problem.hint)

    def __call__(self, epreuve: Epreuve) -> Iterator[Finding]:
        return map(self.stamp, self.check(epreuve))


# (code, check, stamp): a check of `document_rule` yields problems, which `stamp` makes the rule's
# findings; any other document check (a rule built by hand, a test's) yields findings (stamp None)
DocumentStep = tuple[str, Callable[["Epreuve"], Iterator[Any]], Callable[[Problem], Finding] | None]


def document_checks(opt_in: frozenset[str]) -> tuple[DocumentStep, ...]:
    """What the analysis of an épreuve runs, rule by rule in the registry's order: the opt-in rules
    only when named in `opt_in`. Made once per registry version and `opt_in`: every épreuve of a run
    asks, and going through some 250 codes for the 120 that apply costs more than the checks that
    stop at their first look."""
    known = _DOCUMENT_CHECKS.get(opt_in)
    if known is not None and known[0] == REGISTRY.version:
        return known[1]
    steps: list[DocumentStep] = []
    for rule in REGISTRY.values():
        run = rule.document_check
        if rule.scope is not Scope.DOCUMENT or run is None or (rule.opt_in and rule.code not in opt_in):
            continue
        if isinstance(run, _Stamped):
            steps.append((rule.code, run.check, run.stamp))
        else:
            steps.append((rule.code, run, None))
    _DOCUMENT_CHECKS[opt_in] = (REGISTRY.version, tuple(steps))
    return _DOCUMENT_CHECKS[opt_in][1]


_DOCUMENT_CHECKS: dict[frozenset[str], tuple[int, tuple[DocumentStep, ...]]] = {}

# The documentation every rule carries (STYLE.md B3), shown by `epreuve rule CODE` and in SARIF: a
# summary on one line, a paragraph that says why, then a bad example before a good one. An example
# label may say what it shows: « Mauvais (une QCU) : ».
_WHY = re.compile(r"(?:\A|\n\n)Pourquoi : \S")
_BAD = re.compile(r"^Mauvais(?: \([^\n]*\))? :", re.MULTILINE)
_GOOD = re.compile(r"^Bon(?: \([^\n]*\))? :", re.MULTILINE)


def doc_problem(doc: str) -> str | None:
    """What the documentation of a rule lacks, or None when it has every part."""
    text = doc.strip()
    if not text:
        return "no documentation"
    if "\n" in text.split("\n\n")[0]:
        return "the summary (first paragraph) must hold on one line"
    if not _WHY.search(text):
        return "no paragraph starting with « Pourquoi : »"
    bad, good = _BAD.search(text), _GOOD.search(text)
    if bad is None or good is None:
        return "examples « Mauvais : » and « Bon : » are both required, each at the start of a line"
    if good.start() < bad.start():
        return "the « Mauvais : » example comes before the « Bon : » one"
    return None


def _register(rule: Rule) -> Rule:
    if not CODE.match(rule.code):
        raise ValueError(f"malformed rule code {rule.code!r}")
    if not NAME.match(rule.name):
        raise ValueError(f"rule name {rule.name!r} must be kebab-case")
    if rule.code in REGISTRY:
        raise ValueError(f"rule code {rule.code} registered twice")
    if any(other.name == rule.name for other in REGISTRY.values()):
        raise ValueError(f"rule name {rule.name} registered twice")
    problem = doc_problem(rule.doc)
    if problem is not None:
        raise ValueError(f"rule {rule.code}: {problem}")
    REGISTRY[rule.code] = rule
    return rule


def describe(code: str, name: str, severity: Severity, doc: str) -> Rule:
    """Register a code that a loader reports (no check function); emit it with the returned rule."""
    return _register(Rule(code, name, severity, Scope.LOADER, inspect.cleandoc(doc)))


def document_rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    opt_in: bool = False,
    refs: str = "",
    locked: bool = False,
) -> Callable[[DocumentCheck], DocumentCheck]:
    """Register `check` under `code`; `check` itself is returned unchanged (tests call it)."""

    def decorate(check: DocumentCheck) -> DocumentCheck:
        doc = inspect.getdoc(check) or ""
        _register(
            Rule(
                code,
                name,
                severity,
                Scope.DOCUMENT,
                doc,
                document_check=_Stamped(check, code),
                opt_in=opt_in,
                refs=refs,
                locked=locked,
            )
        )
        return check

    return decorate


def project_rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    follows_epreuves: bool = False,
    refs: str = "",
    opt_in: bool = False,
    reads: Iterable[str] | None = None,
) -> Callable[[ProjectCheck], ProjectCheck]:
    """Register `check` under `code`; `check` itself is returned unchanged (tests call it).

    `reads` names the fields of each épreuve's `EpreuveFacts` the rule reads, besides the tree's
    files, référentiel, parcours and the cited files' contents (which it may always read): its
    findings are then reused across an edit that changes none of them. Leave it out when unsure.
    """
    fields = _facts_fields(code, reads)

    def decorate(check: ProjectCheck) -> ProjectCheck:
        def run(project: Project) -> Iterator[tuple[str, Finding]]:
            return ((path, registered.stamp(problem)) for path, problem in check(project))

        doc = inspect.getdoc(check) or ""
        registered = _register(
            Rule(
                code,
                name,
                severity,
                Scope.PROJECT,
                doc,
                project_check=run,
                follows_epreuves=follows_epreuves,
                refs=refs,
                opt_in=opt_in,
                reads=fields,
            )
        )
        return check

    return decorate


def _facts_fields(code: str, reads: Iterable[str] | None) -> frozenset[str] | None:
    if reads is None:
        return None
    from epreuve_tools.project import EpreuveFacts  # only `diagnostics` at import (see above)

    fields = frozenset(reads)
    unknown = fields.difference(EpreuveFacts._fields)
    if unknown:
        raise ValueError(f"rule {code} reads unknown facts: {', '.join(sorted(unknown))}")
    return fields


# A safe fix (`epreuve check --fix`): edits an épreuve's front matter in place (a plain mapping for
# a dry run, a ruamel round-trip mapping, which keeps comments and key order, for the rewrite), only
# where the change cannot alter what the épreuve means for Pix; returns one French sentence per
# change, nothing when there is nothing to do. A second run changes nothing. See `fixes.py`.
Fix = Callable[[MutableMapping[str, Any]], list[str]]
FIXES: dict[str, Fix] = {}


def safe_fix(code: str) -> Callable[[Fix], Fix]:
    """Register `fix` as the safe fix of the rule `code` (one fix per code); returned unchanged."""

    def decorate(fix: Fix) -> Fix:
        if not CODE.match(code):
            raise ValueError(f"malformed rule code {code!r}")
        if code in FIXES:
            raise ValueError(f"rule {code} has two fixes")
        FIXES[code] = fix
        return fix

    return decorate
