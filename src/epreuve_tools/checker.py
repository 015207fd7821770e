"""`epreuve check`: find the content trees, analyse every file (cached, on every core), run the
project rules, apply selection, severities and waivers, and return one sorted Report.

This is the edge that touches the file system; the analysis itself is `analysis.py`.
"""

from __future__ import annotations

import fnmatch
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from epreuve_tools.analysis import FileAnalysis, analyse_epreuve, internal_error, load_yaml_document
from epreuve_tools.cache import AnalysisCache, content_key
from epreuve_tools.config import Config
from epreuve_tools.diagnostics import FILE_START, Diagnostic, Finding, Report
from epreuve_tools.errors import UsageError
from epreuve_tools.model import build_parcours, build_referentiel
from epreuve_tools.project import Project
from epreuve_tools.rules import REGISTRY, Scope
from epreuve_tools.selection import Selection

REFERENTIEL = "referentiel.yaml"
# Below this many files to analyse, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200


@dataclass(frozen=True, slots=True)
class CheckOptions:
    paths: tuple[Path, ...]
    config: Config
    selection: Selection
    use_cache: bool = True
    jobs: int | None = None


@dataclass(slots=True)
class _Tree:
    root: Path
    requested: list[Path] = field(default_factory=list)
    has_referentiel: bool = False
    epreuves: list[Path] = field(default_factory=list)
    parcours: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def display(path: Path, project_root: Path) -> str:
    try:
        return path.relative_to(project_root).as_posix()
    except ValueError:
        return path.as_posix()


def _content_root(path: Path) -> tuple[Path, bool]:
    start = path if path.is_dir() else path.parent
    for folder in (start, *start.parents):
        if (folder / REFERENTIEL).is_file():
            return folder, True
    return start, False


def _excluded(path: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(path, pattern) for pattern in patterns)


def _walk(tree: _Tree, config: Config) -> None:
    root = tree.root
    epreuves_dir = root / "epreuves"
    scan_all_markdown = not epreuves_dir.is_dir()
    real_root = root.resolve()
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in ("node_modules",))
        base = Path(folder)
        for name in sorted(filenames):
            path = base / name
            relative = display(path, config.root)
            if name.startswith(".") or _excluded(relative, config.exclude):
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(real_root):
                continue  # never follow a link out of the tree
            tree.files.append(path)
            if name.endswith(".md") and (scan_all_markdown or path.is_relative_to(epreuves_dir)):
                tree.epreuves.append(path)
            elif base == root / "parcours" and name.endswith((".yaml", ".yml")):
                tree.parcours.append(path)


def discover(paths: Iterable[Path], config: Config) -> list[_Tree]:
    trees: dict[Path, _Tree] = {}
    for path in paths:
        if not path.exists():
            raise UsageError(
                f"chemin introuvable : {path}", hint="vérifiez le chemin passé à `epreuve check`"
            )
        root, has_referentiel = _content_root(path.absolute())
        tree = trees.setdefault(root, _Tree(root, has_referentiel=has_referentiel))
        tree.requested.append(path.absolute())
    for tree in trees.values():
        _walk(tree, config)
        for requested in tree.requested:
            if requested.is_file() and requested.suffix == ".md" and requested not in tree.epreuves:
                tree.epreuves.append(requested)
    return [trees[root] for root in sorted(trees)]


def _analyse_item(item: tuple[str, bytes]) -> tuple[str, FileAnalysis]:
    key, data = item
    return key, analyse_epreuve(data)


def _analyse_all(pending: dict[str, bytes], jobs: int | None) -> Iterator[tuple[str, FileAnalysis]]:
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
    if (
        workers <= 1
        or len(pending) < PARALLEL_THRESHOLD
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for key, data in pending.items():
            yield key, analyse_epreuve(data)
        return
    # fork: the workers inherit the imported modules and compiled schemas instead of re-importing
    context = multiprocessing.get_context("fork")
    chunksize = max(8, len(pending) // (workers * 8))
    with context.Pool(workers) as pool:
        yield from pool.imap_unordered(_analyse_item, pending.items(), chunksize=chunksize)


def _read(path: Path) -> bytes | Finding:
    try:
        return path.read_bytes()
    except OSError as error:
        return Finding(
            "PARSE-001",
            FILE_START,
            f"lecture impossible : {error.strerror}",
            "vérifiez que le fichier existe et que vous avez le droit de le lire",
        )


_WAIVER_HINT = "on ne lève que les avertissements, les infos et les règles d'accessibilité ; `epreuve rule` liste les codes"


def _waiver_refusal(code: str) -> str | None:
    if code not in REGISTRY:
        return "code de règle inconnu"
    if not REGISTRY[code].waivable:
        return "cette erreur se corrige, elle ne se lève pas"
    return None


class _Run:
    def __init__(self, options: CheckOptions) -> None:
        self.options = options
        self.config = options.config
        self.findings: dict[str, list[Finding]] = {}
        self.crashes: dict[str, str] = {}
        self.waived: dict[str, dict[str, str]] = {}  # path -> waived code -> reason
        self.report = Report()

    def add(self, path: str, findings: Iterable[Finding]) -> None:
        self.findings.setdefault(path, []).extend(findings)

    def analyse_epreuves(self, tree: _Tree, project: Project, cache: AnalysisCache | None) -> None:
        by_key: dict[str, list[str]] = {}
        pending: dict[str, bytes] = {}
        for path in tree.epreuves:
            shown = display(path, self.config.root)
            data = _read(path)
            if isinstance(data, Finding):
                self.add(shown, [data])
                continue
            key = content_key(data)
            by_key.setdefault(key, []).append(shown)
            cached = cache.get(key) if cache is not None else None
            if cached is not None:
                self._take(shown, cached, project)
            else:
                pending[key] = data
        for key, analysis in _analyse_all(pending, self.options.jobs):
            if cache is not None:
                cache.put(key, analysis)
            for shown in by_key[key]:
                self._take(shown, analysis, project)

    def _take(self, shown: str, analysis: FileAnalysis, project: Project) -> None:
        self.add(shown, analysis.findings)
        if analysis.facts is not None:
            project.epreuves[shown] = analysis.facts
        if analysis.crash is not None:
            self.crashes[shown] = analysis.crash

    def load_yaml(self, path: Path, schema_name: str) -> tuple[str, object | None]:
        shown = display(path, self.config.root)
        data = _read(path)
        if isinstance(data, Finding):
            self.add(shown, [data])
            return shown, None
        findings, loaded = load_yaml_document(data, schema_name)
        self.add(shown, findings)
        return shown, loaded

    def build_project(self, tree: _Tree, cache: AnalysisCache | None) -> Project:
        project = Project(content_root=display(tree.root, self.config.root) or ".")
        project.files = frozenset(display(path, self.config.root) for path in tree.files)
        if tree.has_referentiel:
            shown, loaded = self.load_yaml(tree.root / REFERENTIEL, "referentiel")
            if loaded is not None:
                project.referentiel = build_referentiel(shown, loaded.data, loaded.source_map)  # type: ignore[attr-defined]
        else:
            self.report.notices.append(
                f"aucun {REFERENTIEL} trouvé pour {project.content_root} : "
                "compétences et tubes ne sont pas vérifiés (les autres vérifications ont lieu)"
            )
        for path in tree.parcours:
            shown, loaded = self.load_yaml(path, "parcours")
            if loaded is not None:
                project.parcours.append(build_parcours(shown, loaded.data, loaded.source_map))  # type: ignore[attr-defined]
        self.analyse_epreuves(tree, project, cache)
        return project

    def run_project_rules(self, project: Project) -> None:
        for rule in REGISTRY.values():
            if rule.scope is not Scope.PROJECT or rule.project_check is None:
                continue
            try:
                for path, finding in rule.project_check(project):
                    self.add(path, [finding])
            except Exception:  # a bug in one rule must not hide the others
                finding, trace = internal_error(f"règle {rule.code}")
                self.add(project.content_root, [finding])
                self.crashes[project.content_root] = trace

    def waivers(self, project: Project) -> None:
        for path, facts in project.epreuves.items():
            if not facts.waivers:
                continue
            findings = self.findings.get(path, [])
            used: dict[str, str] = {}
            for code, reason, span in facts.waivers:
                refusal = _waiver_refusal(code)
                if refusal is not None:
                    findings.append(
                        Finding(
                            "WAIVER-002",
                            span,
                            f"dérogation à « {code} » impossible : {refusal}",
                            _WAIVER_HINT,
                        )
                    )
                elif not any(f.code == code for f in findings):
                    findings.append(
                        Finding(
                            "WAIVER-001",
                            span,
                            f"dérogation à « {code} » inutile : aucun diagnostic",
                            "retirez-la",
                        )
                    )
                else:
                    used[code] = reason
            self.findings[path] = findings
            self.waived[path] = used


def _within(path: str, requested: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") or r in ("", ".") for r in requested)


def run_check(options: CheckOptions) -> tuple[Report, dict[str, str]]:
    """Check the given paths; returns the report and the tracebacks of internal errors, by file."""
    config = options.config
    run = _Run(options)
    cache: AnalysisCache | None = None
    if options.use_cache:
        cache = AnalysisCache(config.root)
        cache.load()
    trees = discover(options.paths, config)
    requested: list[str] = []
    for tree in trees:
        requested.extend(display(path, config.root) for path in tree.requested)
        project = run.build_project(tree, cache)
        run.run_project_rules(project)
        run.waivers(project)
        run.report.files_checked += sum(
            1 for path in [*tree.epreuves, *tree.parcours] if _within(display(path, config.root), requested)
        )
    if cache is not None:
        cache.save()
    for path, findings in run.findings.items():
        if not _within(path, requested):
            continue
        waived = run.waived.get(path, {})
        for finding in findings:
            if not options.selection.enabled(finding.code, path):
                continue
            severity = options.selection.severity_of(finding.code)
            run.report.diagnostics.append(
                Diagnostic(
                    path,
                    finding.span,
                    finding.code,
                    severity,
                    finding.message,
                    finding.hint,
                    waived_by=waived.get(finding.code),
                )
            )
    run.report.sort()
    return run.report, {path: trace for path, trace in run.crashes.items() if _within(path, requested)}
