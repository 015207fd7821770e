"""`epreuve check`: find the content trees, analyse every file (cached, on every core), run the
project rules, apply selection, severities and waivers, and return one sorted Report.

This is the edge that touches the file system; the analysis itself is `analysis.py`, imported
only when a file is not in the cache. Paths are handled as strings on this path: with 10,000
files, `pathlib` alone cost more than everything else a warm re-check does.
"""

from __future__ import annotations

import contextlib
import fnmatch
import gc
import hashlib
import marshal
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from epreuve_tools.cache import (
    INODE_MASK,
    UNKNOWN_STAT,
    AnalysisCache,
    StatSignature,
    Table,
    TreeCache,
    content_key,
    stat_signature,
)
from epreuve_tools.config import Config
from epreuve_tools.diagnostics import FILE_START, Diagnostic, Finding, Report
from epreuve_tools.errors import UsageError
from epreuve_tools.project import Project
from epreuve_tools.results import (
    FileAnalysis,
    Row,
    decode_facts,
    decode_findings,
    decode_yaml,
    encode_findings,
    encode_yaml,
)
from epreuve_tools.rules import REGISTRY, Scope
from epreuve_tools.selection import Selection
from epreuve_tools.worker import EarlyWorker, WorkerError, available_cpus, fork_available

REFERENTIEL = "referentiel.yaml"
# Below this many files to analyse, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200


class Progress(Protocol):
    """Told how far the analysis of many files has gone (the command draws a bar on a terminal)."""

    def start(self, total: int) -> None: ...

    def advance(self) -> None: ...

    def stop(self) -> None: ...


# Fewer files than this are analysed too fast for a progress bar to help.
PROGRESS_THRESHOLD = 200


@dataclass(frozen=True, slots=True)
class CheckOptions:
    paths: tuple[Path, ...]
    config: Config
    selection: Selection
    use_cache: bool = True
    jobs: int | None = None
    progress: Progress | None = None


@dataclass(slots=True)
class _Tree:
    root: str  # absolute
    has_referentiel: bool
    requested: list[str] = field(default_factory=list)  # absolute
    epreuves: list[str] = field(default_factory=list)
    # four numbers per épreuve (size, inode, mtime, ctime) as walked; zeros where unknown
    signatures: list[int] = field(default_factory=list)
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


# (name, is a folder, is a link, stat signature of a Markdown file or None): plain tuples, as
# this runs once per file of the tree on every re-check
_Entry = tuple[str, bool, bool, StatSignature | None]

_SCAN_BY_DESCRIPTOR = os.scandir in os.supports_fd


def _scan(folder: str, stat_markdown: bool) -> list[_Entry]:
    """The visible entries of `folder`, sorted; Markdown files with their stat when asked.

    Through a directory descriptor where the system allows it: the kernel then resolves each
    name from the folder (`fstatat`), not the whole path (10,000 stats: 30 ms instead of 45).
    """
    entries: list[_Entry] = []
    descriptor = -1
    try:
        if _SCAN_BY_DESCRIPTOR:
            descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        with os.scandir(descriptor if descriptor >= 0 else folder) as scan:
            for entry in scan:
                name = entry.name
                if name[0] == ".":
                    continue
                signature = None
                is_dir = entry.is_dir()
                if stat_markdown and not is_dir and name.endswith(".md"):
                    try:
                        stat = entry.stat()
                        signature = (
                            stat.st_size,
                            stat.st_ino & INODE_MASK,
                            stat.st_mtime_ns,
                            stat.st_ctime_ns,
                        )
                    except OSError:
                        pass  # a broken link: reading it will say why
                entries.append((name, is_dir, entry.is_symlink(), signature))
    except OSError:
        return []
    finally:
        if descriptor >= 0:
            os.close(descriptor)
    entries.sort()
    return entries


def _walk(tree: _Tree, paths: _Paths, exclude: tuple[str, ...]) -> None:
    root = tree.root
    epreuves_dir = os.path.join(root, "epreuves")
    scan_all_markdown = not os.path.isdir(epreuves_dir)
    parcours_dir = os.path.join(root, "parcours")
    real_root = os.path.join(os.path.realpath(root), "")
    pending = [root]
    files, epreuves, signatures = tree.files, tree.epreuves, tree.signatures
    while pending:
        folder = pending.pop()
        in_epreuves = scan_all_markdown or folder == epreuves_dir or folder.startswith(epreuves_dir + os.sep)
        in_parcours = folder == parcours_dir
        prefix = os.path.join(folder, "")
        subfolders = []
        for name, is_dir, is_symlink, signature in _scan(folder, stat_markdown=in_epreuves):
            path = prefix + name
            if exclude and any(fnmatch.fnmatch(paths.shown(path), pattern) for pattern in exclude):
                continue
            if is_symlink and not os.path.realpath(path).startswith(real_root):
                continue  # never follow a link out of the tree
            if is_dir:
                if name != "node_modules":
                    subfolders.append(path)
                continue
            files.append(path)
            if in_epreuves and name.endswith(".md"):
                epreuves.append(path)
                signatures.extend(signature or UNKNOWN_STAT)
            elif in_parcours and name.endswith((".yaml", ".yml")):
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
                tree.signatures.extend(UNKNOWN_STAT)
    return [trees[root] for root in sorted(trees)]


def _analyse_item(item: tuple[str, bytes, frozenset[str]]) -> tuple[str, FileAnalysis]:
    from epreuve_tools.analysis import analyse_epreuve

    key, data, opt_in = item
    return key, analyse_epreuve(data, opt_in)


def _in_process(items: Iterable[tuple[str, bytes, frozenset[str]]]) -> Iterator[tuple[str, FileAnalysis]]:
    """Analyse here, with the cyclic garbage collector on (parsing makes short-lived cycles)."""
    for item in items:
        collecting = gc.isenabled()
        gc.enable()
        try:
            result = _analyse_item(item)
        finally:
            if not collecting:
                gc.disable()
        yield result


class _Analyser:
    """Runs the analysis of the files the cache does not know: many on every core, a few in the
    early worker (`worker.py`) that has been importing the parsers since the command started."""

    def __init__(
        self, jobs: int | None, *, early: EarlyWorker | None = None, opt_in: frozenset[str] = frozenset()
    ) -> None:
        self.opt_in = opt_in
        self.workers = jobs if jobs is not None else min(available_cpus(), 8)
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
            yield from _in_process(self._items(pending))

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
        yield from _in_process(self._items(rest))

    def _items(self, pending: dict[str, bytes]) -> Iterator[tuple[str, bytes, frozenset[str]]]:
        return ((key, data, self.opt_in) for key, data in pending.items())

    def _pool(self, pending: dict[str, bytes]) -> Iterator[tuple[str, FileAnalysis]]:
        import multiprocessing

        from epreuve_tools.schema.validate import fast_validator

        fast_validator("epreuve")  # loaded once here, inherited by the forked workers
        chunksize = max(8, len(pending) // (self.workers * 8))
        with multiprocessing.get_context("fork").Pool(self.workers, initializer=gc.enable) as pool:
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


# a file read this run: rank in the walk, path, stat taken before reading, content key, and its
# row when the cache knew these bytes
_Read = tuple[int, str, StatSignature, str, Row | None]


class _Run:
    def __init__(self, options: CheckOptions, cache: AnalysisCache | None, analyser: _Analyser) -> None:
        self.options = options
        self.cache = cache
        self.analyser = analyser
        # analyses made with opt-in rules are kept apart from those made without
        self.variant = ",".join(sorted(analyser.opt_in))
        self.paths = _Paths(options.config.root)
        self.findings: dict[str, list[Finding]] = {}
        self.crashes: dict[str, str] = {}
        self.waived: dict[str, dict[str, str]] = {}  # path -> waived code -> reason
        self.report = Report()

    def add(self, path: str, findings: Iterable[Finding]) -> None:
        self.findings.setdefault(path, []).extend(findings)

    def check_tree(self, tree: _Tree) -> None:
        """Every finding of one content tree, from the cache where its inputs did not change."""
        cache = self.cache.tree(tree.root, self.variant) if self.cache is not None else None
        content_root = self.paths.shown(tree.root) or "."
        documents: list[tuple[str, str, Any]] = []  # shown path, content key, encoded analysis
        if tree.has_referentiel:
            self.load_yaml(os.path.join(tree.root, REFERENTIEL), "referentiel", cache, documents)
        else:
            self.report.notices.append(
                f"aucun {REFERENTIEL} trouvé pour {content_root} : "
                "compétences et tubes ne sont pas vérifiés (les autres vérifications ont lieu)"
            )
        for path in tree.parcours:
            self.load_yaml(path, "parcours", cache, documents)
        table = self.analyse_epreuves(tree, cache)
        # Project rules read nothing but this: when none of it changed, neither did their findings
        # (an edit of an instruction or a proposal, the most common one, leaves the facts as they were).
        documents_read = [(shown, key) for shown, key, _ in documents]
        digest = hashlib.sha256(
            marshal.dumps((content_root, tree.files, documents_read, table.paths, table.facts), 2)
        ).digest()
        known = cache.project_findings(digest) if cache is not None else None
        if cache is not None and known is not None:
            for path, finding in known:
                self.add(path, decode_findings([finding]))
            cache.put_project_findings(digest, known)
        else:
            project = self._project(content_root, tree, documents, table)
            found, crashed = self.run_project_rules(project)
            if cache is not None and not crashed:
                cache.put_project_findings(digest, [(path, encode_findings((f,))[0]) for path, f in found])
        self.apply_waivers(table)

    def _project(
        self, content_root: str, tree: _Tree, documents: list[tuple[str, str, Any]], table: Table
    ) -> Project:
        """What project rules read, decoded only when they must run."""
        from epreuve_tools.model import build_parcours, build_referentiel

        shown_of = self.paths.shown
        project = Project(content_root=content_root, files=frozenset(map(shown_of, tree.files)))
        project.epreuves = {
            shown_of(absolute): decode_facts(blob)
            for absolute, blob in zip(table.paths, table.facts, strict=True)
            if absolute is not None and blob is not None
        }
        for shown, key, encoded in documents:
            loaded = decode_yaml(encoded)
            if loaded.source_map is None:
                continue
            if key.startswith("referentiel:"):
                project.referentiel = build_referentiel(shown, loaded.data, loaded.source_map)
            else:
                project.parcours.append(build_parcours(shown, loaded.data, loaded.source_map))
        return project

    def analyse_epreuves(self, tree: _Tree, cache: TreeCache | None) -> Table:
        """Every épreuve's row, in walk order (from the cache unless its stat changed); their
        findings added to the run's."""
        if cache is not None:
            to_read = cache.reuse(tree.epreuves, tree.signatures)
            table = cache.table
        else:
            to_read = list(range(len(tree.epreuves)))
            table = Table.of_size(len(tree.epreuves))
        read: list[_Read] = []
        pending: dict[str, bytes] = {}
        for rank in to_read:
            path = tree.epreuves[rank]
            walked = tree.signatures[4 * rank : 4 * rank + 4]
            signature = (walked[0], walked[1], walked[2], walked[3])
            if signature == UNKNOWN_STAT:
                with contextlib.suppress(OSError):
                    signature = stat_signature(os.stat(path))  # before reading: an edit after it shows
            data = _read(path)
            if isinstance(data, Finding):
                self.add(self.paths.shown(path), [data])
                if cache is not None:
                    cache.drop(rank)
                continue
            key = content_key(data)
            known = cache.by_key(key) if cache is not None else None
            if known is None:
                pending[key] = data
            read.append((rank, path, signature, key, known))
        self._analyse_read(read, pending, table, cache)
        for absolute, notes in zip(table.paths, table.notes, strict=True):
            if notes is not None and absolute is not None:
                self.add(self.paths.shown(absolute), decode_findings(notes[0]))
        return table

    def _analyse_read(
        self,
        read: list[_Read],
        pending: dict[str, bytes],
        table: Table,
        cache: TreeCache | None,
    ) -> None:
        """Analyse the files read whose bytes the cache did not know, and record every file read."""
        progress = self.options.progress if len(pending) >= PROGRESS_THRESHOLD else None
        analysed: dict[str, FileAnalysis] = {}
        if progress is not None:
            progress.start(len(pending))
        try:
            for key, analysis in self.analyser.analyse(pending):
                analysed[key] = analysis
                if progress is not None:
                    progress.advance()
        finally:
            if progress is not None:
                progress.stop()
        for rank, path, signature, key, known in read:
            kept_key = key
            if known is not None:
                row = known  # bytes another file had, or this one before its stat changed
            else:
                analysis = analysed[key]
                if analysis.crash is not None:
                    self.crashes[self.paths.shown(path)] = analysis.crash
                    kept_key = ""  # a bug is reported, never kept
                row = Row.of(analysis)
            if cache is not None:
                cache.record(rank, path, signature, kept_key, row)
            else:
                table.set(rank, path, signature, kept_key, row)

    def load_yaml(
        self,
        path: str,
        schema_name: str,
        cache: TreeCache | None,
        documents: list[tuple[str, str, Any]],
    ) -> None:
        shown = self.paths.shown(path)
        data = _read(path)
        if isinstance(data, Finding):
            self.add(shown, [data])
            return
        key = f"{schema_name}:{content_key(data)}"
        encoded = cache.get_yaml(key) if cache is not None else None
        if encoded is None:
            from epreuve_tools.analysis import analyse_yaml

            encoded = encode_yaml(analyse_yaml(data, schema_name))
        if cache is not None:
            cache.put_yaml(key, encoded)
        self.add(shown, decode_findings(encoded[0]))
        documents.append((shown, key, encoded))

    def run_project_rules(self, project: Project) -> tuple[list[tuple[str, Finding]], bool]:
        """The project rules' findings, and whether one of them crashed (a bug)."""
        found: list[tuple[str, Finding]] = []
        crashed = False
        for rule in REGISTRY.values():
            if rule.scope is not Scope.PROJECT or rule.project_check is None:
                continue
            try:
                found.extend(rule.project_check(project))
            except Exception:  # a bug in one rule must not hide the others
                from epreuve_tools.analysis import internal_error

                finding, trace = internal_error(f"règle {rule.code}")
                self.add(project.content_root, [finding])
                self.crashes[project.content_root] = trace
                crashed = True
        for path, finding in found:
            self.add(path, [finding])
        return found, crashed

    def apply_waivers(self, table: Table) -> None:
        for absolute, facts_blob, notes in zip(table.paths, table.facts, table.notes, strict=True):
            if notes is None or absolute is None:  # no finding and no waiver: most rows
                continue
            row = Row(facts_blob, notes)
            if not row.has_waivers():
                continue
            facts = row.decode_facts()
            if facts is None:
                continue
            path = self.paths.shown(absolute)
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
        if tree.root in tree.requested:  # the whole tree (the usual case: no path per file)
            checked = len(tree.epreuves) + len(tree.parcours)
        else:
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
    cache = AnalysisCache(options.config.root, time.time_ns()) if options.use_cache else None
    opt_in = frozenset(
        code for code, rule in REGISTRY.items() if rule.opt_in and code in options.selection.select
    )
    analyser = _Analyser(options.jobs, early=early, opt_in=opt_in)
    try:
        run = _Run(options, cache, analyser)
        requested: list[str] = []
        for tree in discover(options.paths, options.config):
            shown_requested = [run.paths.shown(path) for path in tree.requested]
            requested.extend(shown_requested)
            run.check_tree(tree)
            run.count_checked(tree, shown_requested)
    finally:
        analyser.close()
    if cache is not None:
        cache.save()
    run.report.extend(run.diagnostics(requested))
    run.report.sort()
    crashes = {path: trace for path, trace in run.crashes.items() if _within(path, requested)}
    return run.report, crashes
