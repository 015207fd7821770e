"""`epreuve check`: find the content trees, analyse every file (cached, on every core), run the
project rules, apply selection, severities and waivers, and return one sorted Report.

This is the edge that touches the file system; the analysis itself is `analysis.py`, imported
only when a file is not in the cache. Paths are handled as strings on this path: with 10,000
files, `pathlib` alone cost more than everything else a warm re-check does.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from epreuve_tools.cache import AnalysisCache, content_key, stat_signature
from epreuve_tools.config import Config
from epreuve_tools.diagnostics import FILE_START, Diagnostic, Finding, Report
from epreuve_tools.errors import UsageError
from epreuve_tools.model import build_parcours, build_referentiel
from epreuve_tools.project import Project
from epreuve_tools.results import FileAnalysis, YamlAnalysis
from epreuve_tools.rules import REGISTRY, Scope
from epreuve_tools.selection import Selection
from epreuve_tools.worker import EarlyWorker, WorkerError, fork_available

if TYPE_CHECKING:
    from epreuve_tools.sourcemap import SourceMap

REFERENTIEL = "referentiel.yaml"
CONTENT_KEY_LENGTH = 64  # hex SHA-256; an entry's key may carry a suffix naming its opt-in rules
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
    root: str  # absolute
    has_referentiel: bool
    requested: list[str] = field(default_factory=list)  # absolute
    epreuves: list[str] = field(default_factory=list)
    parcours: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


class _Paths:
    """Absolute path → the path shown to the user: relative to the project root when inside it."""

    def __init__(self, project_root: Path) -> None:
        self.prefix = os.path.join(os.path.abspath(project_root), "")

    def shown(self, absolute: str) -> str:
        if absolute.startswith(self.prefix):
            absolute = absolute[len(self.prefix) :]
        return absolute.replace(os.sep, "/") if os.sep != "/" else absolute


def _content_root(path: str) -> tuple[str, bool]:
    folder = path if os.path.isdir(path) else os.path.dirname(path)
    while True:
        if os.path.isfile(os.path.join(folder, REFERENTIEL)):
            return folder, True
        parent = os.path.dirname(folder)
        if parent == folder:
            return path if os.path.isdir(path) else os.path.dirname(path), False
        folder = parent


def _entries(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as scan:
            return sorted((entry for entry in scan if not entry.name.startswith(".")), key=lambda e: e.name)
    except OSError:
        return []


def _walk(tree: _Tree, paths: _Paths, exclude: tuple[str, ...]) -> None:
    root = tree.root
    epreuves_dir = os.path.join(root, "epreuves")
    scan_all_markdown = not os.path.isdir(epreuves_dir)
    parcours_dir = os.path.join(root, "parcours")
    real_root = os.path.join(os.path.realpath(root), "")
    pending = [root]
    while pending:
        folder = pending.pop()
        in_epreuves = scan_all_markdown or folder == epreuves_dir or folder.startswith(epreuves_dir + os.sep)
        subfolders = []
        for entry in _entries(folder):
            path = entry.path
            if exclude and any(fnmatch.fnmatch(paths.shown(path), pattern) for pattern in exclude):
                continue
            if entry.is_symlink() and not os.path.realpath(path).startswith(real_root):
                continue  # never follow a link out of the tree
            if entry.is_dir():
                if entry.name != "node_modules":
                    subfolders.append(path)
                continue
            tree.files.append(path)
            if in_epreuves and entry.name.endswith(".md"):
                tree.epreuves.append(path)
            elif folder == parcours_dir and entry.name.endswith((".yaml", ".yml")):
                tree.parcours.append(path)
        pending.extend(reversed(subfolders))


def discover(requested: Iterable[Path], config: Config) -> list[_Tree]:
    trees: dict[str, _Tree] = {}
    paths = _Paths(config.root)
    for path in requested:
        absolute = os.path.abspath(path)
        if not os.path.exists(absolute):
            raise UsageError(
                f"chemin introuvable : {path}", hint="vérifiez le chemin passé à `epreuve check`"
            )
        root, has_referentiel = _content_root(absolute)
        trees.setdefault(root, _Tree(root, has_referentiel)).requested.append(absolute)
    for tree in trees.values():
        _walk(tree, paths, config.exclude)
        known = set(tree.epreuves)
        for requested_path in tree.requested:
            if (
                os.path.isfile(requested_path)
                and requested_path.endswith(".md")
                and requested_path not in known
            ):
                tree.epreuves.append(requested_path)
    return [trees[root] for root in sorted(trees)]


def _analyse_item(item: tuple[str, bytes, frozenset[str]]) -> tuple[str, FileAnalysis]:
    from epreuve_tools.analysis import analyse_epreuve

    key, data, opt_in = item
    return key, analyse_epreuve(data, opt_in)


class _Analyser:
    """Runs the analysis of the files the cache does not know: many on every core, a few in the
    early worker (`worker.py`) that has been importing the parsers since the command started."""

    def __init__(
        self, jobs: int | None, *, early: EarlyWorker | None = None, opt_in: frozenset[str] = frozenset()
    ) -> None:
        self.opt_in = opt_in
        self.workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
        self.can_fork = self.workers > 1 and fork_available()
        self.early = early

    def analyse(self, pending: dict[str, bytes]) -> Iterator[tuple[str, FileAnalysis]]:
        if not pending:
            return
        if self.can_fork and len(pending) >= PARALLEL_THRESHOLD:
            self.close()
            yield from self._pool(pending)
        elif self.early is not None:
            yield from self._in_early_worker(pending)
        else:
            yield from map(_analyse_item, self._items(pending))

    def _in_early_worker(self, pending: dict[str, bytes]) -> Iterator[tuple[str, FileAnalysis]]:
        assert self.early is not None
        done: set[str] = set()
        try:
            for key, analysis in self.early.analyse(pending.items(), self.opt_in):
                done.add(key)
                yield key, analysis
        except WorkerError:
            pass  # it died (killed, out of memory): what it did not answer is analysed here
        finally:
            self.close()
        rest = {key: data for key, data in pending.items() if key not in done}
        yield from map(_analyse_item, self._items(rest))

    def _items(self, pending: dict[str, bytes]) -> Iterator[tuple[str, bytes, frozenset[str]]]:
        return ((key, data, self.opt_in) for key, data in pending.items())

    def _pool(self, pending: dict[str, bytes]) -> Iterator[tuple[str, FileAnalysis]]:
        import multiprocessing

        from epreuve_tools.schema.validate import fast_validator

        fast_validator("epreuve")  # loaded once here, inherited by the forked workers
        chunksize = max(8, len(pending) // (self.workers * 8))
        with multiprocessing.get_context("fork").Pool(self.workers) as pool:
            yield from pool.imap_unordered(_analyse_item, self._items(pending), chunksize=chunksize)

    def close(self) -> None:
        if self.early is not None:
            self.early.close()
            self.early = None


def _read(path: str) -> bytes | Finding:
    try:
        with open(path, "rb") as handle:
            return handle.read()
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
    def __init__(self, options: CheckOptions, cache: AnalysisCache | None, analyser: _Analyser) -> None:
        self.options = options
        self.cache = cache
        self.analyser = analyser
        # an analysis made with opt-in rules is a different entry from one made without
        self.key_suffix = "".join(f"+{code}" for code in sorted(analyser.opt_in))
        self.paths = _Paths(options.config.root)
        self.findings: dict[str, list[Finding]] = {}
        self.crashes: dict[str, str] = {}
        self.waived: dict[str, dict[str, str]] = {}  # path -> waived code -> reason
        self.report = Report()
        self.started_ns = time.time_ns()

    def add(self, path: str, findings: Iterable[Finding]) -> None:
        self.findings.setdefault(path, []).extend(findings)

    def _known(self, path: str) -> tuple[str, FileAnalysis] | None:
        """The cached analysis of `path` when its stat shows it unchanged: no read, no hash."""
        if self.cache is None:
            return None
        try:
            signature = stat_signature(os.stat(path))
        except OSError:
            return None
        key = self.cache.known_key(path, signature)
        if key is None or key[CONTENT_KEY_LENGTH:] != self.key_suffix:
            return None  # unknown, or analysed with another set of opt-in rules
        analysis = self.cache.get_file(key)
        return (key, analysis) if key is not None and analysis is not None else None

    def analyse_epreuves(self, tree: _Tree, project: Project) -> None:
        by_key: dict[str, list[str]] = {}
        pending: dict[str, bytes] = {}
        for path in tree.epreuves:
            shown = self.paths.shown(path)
            known = self._known(path)
            if known is not None:
                self._take(shown, known[1], project)
                continue
            data = _read(path)
            if isinstance(data, Finding):
                self.add(shown, [data])
                continue
            key = content_key(data) + self.key_suffix
            by_key.setdefault(key, []).append(shown)
            if self.cache is not None:
                self._record(path, key)
            cached = self.cache.get_file(key) if self.cache is not None else None
            if cached is not None:
                self._take(shown, cached, project)
            else:
                pending[key] = data
        for key, analysis in self.analyser.analyse(pending):
            if self.cache is not None:
                self.cache.put_file(key, analysis)
            for shown in by_key[key]:
                self._take(shown, analysis, project)

    def _record(self, path: str, key: str) -> None:
        assert self.cache is not None
        with contextlib.suppress(OSError):
            self.cache.record_stat(path, stat_signature(os.stat(path)), key, self.started_ns)

    def _take(self, shown: str, analysis: FileAnalysis, project: Project) -> None:
        self.add(shown, analysis.findings)
        if analysis.facts is not None:
            project.epreuves[shown] = analysis.facts
        if analysis.crash is not None:
            self.crashes[shown] = analysis.crash

    def load_yaml(self, path: str, schema_name: str) -> tuple[str, YamlAnalysis | None]:
        shown = self.paths.shown(path)
        data = _read(path)
        if isinstance(data, Finding):
            self.add(shown, [data])
            return shown, None
        key = f"{schema_name}:{content_key(data)}"
        analysis = self.cache.get_yaml(key) if self.cache is not None else None
        if analysis is None:
            from epreuve_tools.analysis import analyse_yaml

            analysis = analyse_yaml(data, schema_name)
            if self.cache is not None:
                self.cache.put_yaml(key, analysis)
        self.add(shown, analysis.findings)
        return shown, analysis

    def build_project(self, tree: _Tree) -> Project:
        project = Project(content_root=self.paths.shown(tree.root) or ".")
        project.files = frozenset(self.paths.shown(path) for path in tree.files)
        if tree.has_referentiel:
            shown, loaded = self.load_yaml(os.path.join(tree.root, REFERENTIEL), "referentiel")
            if loaded is not None and loaded.source_map is not None:
                project.referentiel = build_referentiel(shown, loaded.data, loaded.source_map)
        else:
            self.report.notices.append(
                f"aucun {REFERENTIEL} trouvé pour {project.content_root} : "
                "compétences et tubes ne sont pas vérifiés (les autres vérifications ont lieu)"
            )
        for path in tree.parcours:
            shown, loaded = self.load_yaml(path, "parcours")
            if loaded is not None and loaded.source_map is not None:
                source_map: SourceMap = loaded.source_map
                project.parcours.append(build_parcours(shown, loaded.data, source_map))
        self.analyse_epreuves(tree, project)
        return project

    def run_project_rules(self, project: Project) -> None:
        for rule in REGISTRY.values():
            if rule.scope is not Scope.PROJECT or rule.project_check is None:
                continue
            try:
                for path, finding in rule.project_check(project):
                    self.add(path, [finding])
            except Exception:  # a bug in one rule must not hide the others
                from epreuve_tools.analysis import internal_error

                finding, trace = internal_error(f"règle {rule.code}")
                self.add(project.content_root, [finding])
                self.crashes[project.content_root] = trace

    def apply_waivers(self, project: Project) -> None:
        for path, facts in project.epreuves.items():
            if not facts.waivers:
                continue
            findings = self.findings.setdefault(path, [])
            used: dict[str, str] = {}
            for code, reason, span in facts.waiver_spans():
                refusal = _waiver_refusal(code)
                if refusal is not None:
                    message = f"dérogation à « {code} » impossible : {refusal}"
                    findings.append(Finding("WAIVER-002", span, message, _WAIVER_HINT))
                elif not any(f.code == code for f in findings):
                    message = f"dérogation à « {code} » inutile : aucun diagnostic"
                    findings.append(Finding("WAIVER-001", span, message, "retirez-la"))
                else:
                    used[code] = reason
            self.waived[path] = used

    def count_checked(self, tree: _Tree, requested: list[str]) -> None:
        checked = sum(
            1 for path in (*tree.epreuves, *tree.parcours) if _within(self.paths.shown(path), requested)
        )
        if not checked:
            where = ", ".join(requested)
            self.report.notices.append(
                f"aucune épreuve ni aucun parcours dans {where} (fichiers .md sous epreuves/)"
            )
        self.report.files_checked += checked

    def diagnostics(self, requested: list[str]) -> Iterator[Diagnostic]:
        selection = self.options.selection
        for path, findings in self.findings.items():
            if not _within(path, requested):
                continue
            waived = self.waived.get(path, {})
            for finding in findings:
                if selection.enabled(finding.code, path):
                    yield Diagnostic(
                        path,
                        finding.span,
                        finding.code,
                        selection.severity_of(finding.code),
                        finding.message,
                        finding.hint,
                        waived_by=waived.get(finding.code),
                    )


def _within(path: str, requested: list[str]) -> bool:
    if "" in requested or "." in requested:
        return True
    return path in requested or path.startswith(tuple(r.rstrip("/") + "/" for r in requested))


def run_check(options: CheckOptions, early: EarlyWorker | None = None) -> tuple[Report, dict[str, str]]:
    """Check the given paths; returns the report and the tracebacks of internal errors, by file.

    `early` is a worker forked when the command started (see `worker.py`); this function owns it
    from then on and always stops it.
    """
    cache = AnalysisCache(options.config.root) if options.use_cache else None
    opt_in = frozenset(
        code for code, rule in REGISTRY.items() if rule.opt_in and code in options.selection.select
    )
    analyser = _Analyser(options.jobs, early=early, opt_in=opt_in)
    try:
        if cache is not None:
            cache.load()
        run = _Run(options, cache, analyser)
        requested: list[str] = []
        for tree in discover(options.paths, options.config):
            shown_requested = [run.paths.shown(path) for path in tree.requested]
            requested.extend(shown_requested)
            project = run.build_project(tree)
            run.run_project_rules(project)
            run.apply_waivers(project)
            run.count_checked(tree, shown_requested)
    finally:
        analyser.close()
    if cache is not None:
        cache.save()
    run.report.extend(run.diagnostics(requested))
    run.report.sort()
    crashes = {path: trace for path, trace in run.crashes.items() if _within(path, requested)}
    return run.report, crashes
