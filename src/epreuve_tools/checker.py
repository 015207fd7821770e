"""`epreuve check`: the orchestration of one run. For each content tree (`discovery.py`): read the
files whose stat changed, analyse those whose bytes the cache does not know (`analyser.py`), run
the project rules when what they read changed, then let the engine (`engine.py`) apply waivers,
selection and severities into one sorted Report.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from epreuve_tools import engine
from epreuve_tools.analyser import Analyser
from epreuve_tools.assets import AssetCache, AssetLibrary
from epreuve_tools.cache import (
    UNKNOWN_STAT,
    AnalysisCache,
    Snapshot,
    StatSignature,
    TreeCache,
    content_key,
    stat_signature,
)
from epreuve_tools.config import Config
from epreuve_tools.diagnostics import Finding, Report
from epreuve_tools.discovery import ContentTree, PathDisplay, discover, read_regular_file
from epreuve_tools.errors import UsageError
from epreuve_tools.memo import Memo
from epreuve_tools.project import Project
from epreuve_tools.results import (
    Analysed,
    ProjectFindings,
    Row,
    decode_facts,
    decode_findings,
    decode_yaml,
    decode_yaml_findings,
    encode_findings,
    encode_yaml,
)
from epreuve_tools.rules import REGISTRY, Rule, Scope
from epreuve_tools.selection import Selection


class Progress(Protocol):
    """Told how far the analysis of many files has gone (the command draws a bar on a terminal)."""

    def start(self, total: int) -> None: ...

    def advance(self) -> None: ...

    def stop(self) -> None: ...


class Observer(Protocol):
    """What a run does, told as it happens: the public hook through which tests watch the checker
    (which files it reads and analyses, when the project rules run) without patching it."""

    def file_read(self, path: str) -> None: ...

    def file_analysed(self, path: str) -> None: ...

    def project_rules_ran(self, content_root: str) -> None: ...


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
    force_exclude: bool = False
    observer: Observer | None = None
    # an editor's unsaved buffer (--stdin-filename): (absolute path, its text), read in place of
    # that file; the run then writes no cache, whose rows must say what is on disk
    unsaved: tuple[str, bytes] | None = None


class _TreeAssets(AssetCache):
    """The cited files' facts, kept in the tree's snapshot."""

    def __init__(self, tree: TreeCache) -> None:
        self.tree = tree

    def get(self, name: str) -> Any:
        return self.tree.get_asset(name)

    def put(self, name: str, value: Any) -> None:
        self.tree.put_asset(name, value)


# the (target, content key) of each file the project rules looked inside, in the tree's snapshot
_ASSETS_READ = "read"
# the digest of what the project rules read besides the facts, kept beside them (`_reusable`)
_PROJECT_INPUTS = "project-inputs"
# the pairwise rules' results by what they were computed from (`memo.Memo`)
_MEMO = "memo"


def _changed_fields(pairs: list[tuple[bytes | None, bytes | None]]) -> set[str] | None:
    """The fields of `EpreuveFacts` that differ in these (previous, current) encoded facts; None
    when a file gained or lost its facts (every rule then runs)."""
    from epreuve_tools.project import EpreuveFacts

    names = EpreuveFacts._fields
    changed: set[str] = set()
    for before, after in pairs:
        if before is None or after is None:
            return None
        old, new = marshal.loads(before), marshal.loads(after)
        if len(old) != len(names) or len(new) != len(names):
            return None
        changed.update(name for name, a, b in zip(names, old, new, strict=True) if a != b)
    return changed


# a file read this run: rank in the walk, path, stat taken before reading, content key, and its
# row when the cache knew these bytes
_Read = tuple[int, str, StatSignature, str, Row | None]
# what the project rules read besides the épreuves: shown path, content key, encoded analysis
_Document = tuple[str, str, bytes]


class _Run:
    def __init__(self, options: CheckOptions, cache: AnalysisCache | None, analyser: Analyser) -> None:
        self.options = options
        self.cache = cache
        self.analyser = analyser
        self.opt_in = frozenset(
            code for code, rule in REGISTRY.items() if rule.opt_in and code in options.selection.select
        )
        self.settings = options.config.rule_settings
        # analyses made with opt-in rules, or under other settings, are kept apart from the others
        self.variant = ",".join(sorted(self.opt_in))
        if self.settings.cache_variant():
            self.variant += ";" + self.settings.cache_variant()
        self.display = PathDisplay(str(options.config.root))
        self.observer = options.observer
        self.findings: dict[str, list[Finding]] = {}
        self.crashes: dict[str, str] = {}
        self.waived: dict[str, dict[str, str]] = {}  # path -> waived code -> reason
        # the paths whose diagnostics are shown: all of them (None), or only these codes
        self.shown: dict[str, set[str] | None] = {}
        self.report = Report()

    def add(self, path: str, findings: Iterable[Finding]) -> None:
        self.findings.setdefault(path, []).extend(findings)

    def read(self, path: str) -> bytes | Finding:
        unsaved = self.options.unsaved
        data = unsaved[1] if unsaved is not None and path == unsaved[0] else read_regular_file(path)
        if self.observer is not None:
            self.observer.file_read(self.display.shown(path))
        return data

    def check_tree(self, tree: ContentTree) -> None:
        """Every finding of one content tree, from the cache where its inputs did not change."""
        if self.cache is not None:
            cache = self.cache.tree(tree.root, self.variant)
        else:
            cache = TreeCache.in_memory(time.time_ns())  # this run's rows only
        content_root = self.display.shown(tree.root) or "."
        for path, problem in tree.problems:
            self.add(self.display.shown(path), [problem])
        documents: list[_Document] = []
        if tree.has_referentiel:
            self.load_yaml(tree.referentiel, "referentiel", cache, documents)
        else:
            self.report.notices.append(
                f"aucun referentiel.yaml trouvé pour {content_root} : "
                "compétences et tubes ne sont pas vérifiés (les autres vérifications ont lieu)"
            )
        for path in tree.parcours:
            self.load_yaml(path, "parcours", cache, documents)
        rows = self.analyse_epreuves(tree, cache)
        cross_file = self.project_findings(tree, content_root, documents, rows, cache)
        self.note_checked(documents, rows)
        self.apply_waivers(rows)
        self.choose_shown(tree, cross_file)

    def note_checked(self, documents: list[_Document], rows: Snapshot) -> None:
        """The content key of every file whose findings the report holds (`Report.checked`)."""
        checked, prefix = self.report.checked, self.display.prefix
        checked.update((path, key) for path, key in zip(rows.paths, rows.keys, strict=True) if path and key)
        checked.update((os.path.join(prefix, shown), key.partition(":")[2]) for shown, key, _ in documents)
        files_read = rows.assets.get(_ASSETS_READ)  # this run's (`project_findings` put it)
        if isinstance(files_read, list):
            checked.update((os.path.join(prefix, target), key) for target, key in files_read)

    def project_findings(
        self,
        tree: ContentTree,
        content_root: str,
        documents: list[_Document],
        rows: Snapshot,
        cache: TreeCache,
    ) -> list[tuple[str, Finding]]:
        """The project rules' findings, added to the run's: from the cache when no épreuve's bytes
        changed, and for each rule whose facts did not change (`_reusable`: an edit that changes
        bytes but none of the facts a rule reads keeps that rule's findings)."""
        documents_read = [(shown, key) for shown, key, _ in documents]
        digest = hashlib.sha256(
            marshal.dumps((content_root, tree.files, documents_read, *rows.facts_digest_input()), 2)
        ).digest()
        # what they read besides the épreuves' facts: the same files in the same order, same documents
        inputs = hashlib.sha256(
            marshal.dumps((content_root, tree.files, documents_read, rows.paths), 2)
        ).digest()
        known = cache.project_findings(digest)
        # the files the rules looked inside last time (images, attachments): still the same bytes?
        assets = self._asset_library(cache)
        files_read = cache.get_asset(_ASSETS_READ)
        if known is not None and assets.unchanged(files_read):
            found = [(path, decode_findings([finding])[0]) for path, finding in known]
            cache.put_project_findings(digest, known)
            assets.keep(files_read)
            cache.put_asset(_ASSETS_READ, files_read)
            cache.put_asset(_MEMO, Memo(cache.get_asset(_MEMO)).tables())
        else:
            kept_codes, kept = self._reusable(cache, inputs, assets, files_read)
            found = [(path, decode_findings([finding])[0]) for path, finding in kept]
            crashed = False
            if any(self._runs(rule, kept_codes) for rule in REGISTRY.values()):
                project = self._project(content_root, tree, documents, rows)
                project.assets = assets
                project.memo = Memo(cache.get_asset(_MEMO))
                ran, crashed = self.run_project_rules(project, kept_codes)
                found.extend(ran)
                cache.put_asset(_MEMO, project.memo.tables())
            else:
                cache.put_asset(_MEMO, Memo(cache.get_asset(_MEMO)).tables())
            if kept_codes:
                assets.keep(files_read)  # what the kept rules read stays known (`unchanged` read it again)
            cache.put_asset(_ASSETS_READ, assets.read_list())
            if not crashed:
                cache.put_project_findings(digest, [(path, encode_findings((f,))[0]) for path, f in found])
        cache.put_asset(_PROJECT_INPUTS, inputs)
        for path, finding in found:
            self.add(path, [finding])
        return found

    @staticmethod
    def _runs(rule: Rule, kept_codes: frozenset[str]) -> bool:
        return rule.scope is Scope.PROJECT and rule.project_check is not None and rule.code not in kept_codes

    def _reusable(
        self, cache: TreeCache, inputs: bytes, assets: AssetLibrary, files_read: Any
    ) -> tuple[frozenset[str], ProjectFindings]:
        """The project rules whose findings of the previous run still hold, and those findings:
        the rules that declare what facts they read (`reads`), when the edits since changed none
        of them, nor the tree's files, documents and cited files (an edit of an instruction
        changes its readability counts, which A11Y-TXT-004 reads, and nothing the others read)."""
        previous = cache.previous_project_findings()
        if previous is None or cache.get_asset(_PROJECT_INPUTS) != inputs or not assets.unchanged(files_read):
            return frozenset(), []
        pairs = cache.changed_facts()
        changed = _changed_fields(pairs) if pairs is not None else None
        if changed is None:
            return frozenset(), []
        codes = frozenset(
            code
            for code, rule in REGISTRY.items()
            if rule.scope is Scope.PROJECT and rule.reads is not None and rule.reads.isdisjoint(changed)
        )
        return codes, [(path, finding) for path, finding in previous if finding[0] in codes]

    def _asset_library(self, cache: TreeCache) -> AssetLibrary:
        """The cited files of this tree, their facts kept in its cache by content hash."""
        from epreuve_tools import cache as cache_module

        observer = self.observer
        return AssetLibrary(
            functools.partial(os.path.join, self.display.prefix),
            _TreeAssets(cache),
            started_ns=cache.started_ns,
            on_read=observer.file_read if observer is not None else None,
            racy_ns=cache_module.RACY_NS,
        )

    def _project(
        self, content_root: str, tree: ContentTree, documents: list[_Document], rows: Snapshot
    ) -> Project:
        """What project rules read, decoded only when they must run."""
        from epreuve_tools.model import build_parcours, build_referentiel

        shown_of = self.display.shown
        project = Project(content_root=content_root, files=frozenset(map(shown_of, tree.files)))
        for absolute, key, blob in rows.facts_read():
            shown = shown_of(absolute)
            project.epreuves[shown] = decode_facts(blob)
            project.facts_keys[shown] = key
        for shown, key, encoded in documents:
            loaded = decode_yaml(encoded)
            if loaded.source_map is None:
                continue
            if key.startswith("referentiel:"):
                project.referentiel = build_referentiel(shown, loaded.data, loaded.source_map)
            else:
                project.parcours.append(build_parcours(shown, loaded.data, loaded.source_map))
        return project

    def analyse_epreuves(self, tree: ContentTree, cache: TreeCache) -> Snapshot:
        """Every épreuve's row, in walk order (from the cache unless its stat changed); their
        findings added to the run's."""
        to_read = cache.reuse(tree.epreuves, tree.stats)
        unsaved = self.options.unsaved
        if unsaved is not None and unsaved[0] in tree.epreuves:  # its stat says nothing of the buffer
            to_read = sorted({*to_read, tree.epreuves.index(unsaved[0])})
        read: list[_Read] = []
        pending: dict[str, bytes] = {}
        for rank in to_read:
            path = tree.epreuves[rank]
            signature = tree.walked_stat(rank)
            if signature == UNKNOWN_STAT:
                with contextlib.suppress(OSError):
                    signature = stat_signature(os.stat(path))  # before reading: an edit after it shows
            data = self.read(path)
            if isinstance(data, Finding):
                self.add(self.display.shown(path), [data])
                cache.drop(rank)
                continue
            key = content_key(data)
            known = cache.by_key(key)
            if known is None:
                pending[key] = data
            read.append((rank, path, signature, key, known))
        self._analyse_read(read, pending, cache)
        rows = cache.current
        for absolute, findings in rows.findings():
            self.add(self.display.shown(absolute), decode_findings(findings))
        return rows

    def _analyse(self, pending: dict[str, bytes]) -> dict[str, Analysed]:
        progress = self.options.progress if len(pending) >= PROGRESS_THRESHOLD else None
        analysed: dict[str, Analysed] = {}
        if progress is not None:
            progress.start(len(pending))
        try:
            for key, analysis in self.analyser.analyse(pending, self.opt_in, self.settings):
                analysed[key] = analysis
                if progress is not None:
                    progress.advance()
        finally:
            if progress is not None:
                progress.stop()
        return analysed

    def _analyse_read(
        self,
        read: list[_Read],
        pending: dict[str, bytes],
        cache: TreeCache,
    ) -> None:
        """Analyse the files read whose bytes the cache did not know, and record every file read."""
        analysed = self._analyse(pending)
        for rank, path, signature, key, known in read:
            kept_key = key
            if known is not None:
                row = known  # bytes another file had, or this one before its stat changed
            else:
                row, crash = analysed[key]
                if self.observer is not None:
                    self.observer.file_analysed(self.display.shown(path))
                if crash is not None:
                    self.crashes[self.display.shown(path)] = crash
                    kept_key = ""  # a bug is reported, never kept
            cache.record(rank, path, signature, kept_key, row)

    def load_yaml(
        self,
        path: str,
        schema_name: str,
        cache: TreeCache,
        documents: list[_Document],
    ) -> None:
        shown = self.display.shown(path)
        data = self.read(path)
        if isinstance(data, Finding):
            self.add(shown, [data])
            return
        key = f"{schema_name}:{content_key(data)}"
        encoded = cache.get_yaml(key)
        if encoded is None:
            from epreuve_tools.analysis import analyse_yaml

            encoded = encode_yaml(analyse_yaml(data, schema_name))
        cache.put_yaml(key, encoded)
        self.add(shown, decode_yaml_findings(encoded))
        documents.append((shown, key, encoded))

    def run_project_rules(
        self, project: Project, kept: frozenset[str] = frozenset()
    ) -> tuple[list[tuple[str, Finding]], bool]:
        """The project rules' findings (but those of `kept`, reused), and whether one crashed (a bug)."""
        if self.observer is not None:
            self.observer.project_rules_ran(project.content_root)
        found: list[tuple[str, Finding]] = []
        crashed = False
        for rule in REGISTRY.values():
            if not self._runs(rule, kept) or rule.project_check is None:
                continue
            try:
                found.extend(rule.project_check(project))
            except Exception:  # a bug in one rule must not hide the others
                from epreuve_tools.analysis import internal_error

                finding, trace = internal_error(f"règle {rule.code}")
                self.add(project.content_root, [finding])
                self.crashes[project.content_root] = trace
                self.shown[project.content_root] = None  # a bug is always shown
                crashed = True
        return found, crashed

    def apply_waivers(self, rows: Snapshot) -> None:
        for absolute, blob in rows.waivers():
            facts = decode_facts(blob)
            path = self.display.shown(absolute)
            findings = self.findings.setdefault(path, [])
            added, lifted = engine.judge_waivers(findings, facts.waiver_spans())
            findings.extend(added)
            self.waived[path] = lifted

    def choose_shown(self, tree: ContentTree, cross_file: list[tuple[str, Finding]]) -> None:
        """The files of this tree whose diagnostics are shown, and how many were checked.

        The requested files, and the parcours where a rule that follows the épreuves found
        something: renaming an id in the one file that pre-commit passes must still show the
        parcours that cites the old one.
        """
        requested = [self.display.shown(path) for path in tree.requested]
        whole_tree = tree.root in tree.requested
        documents = [tree.referentiel] if tree.has_referentiel else []
        documents += tree.parcours
        checked = 0
        for absolute in (*documents, *tree.epreuves):
            shown = self.display.shown(absolute)
            if whole_tree or engine.within(shown, requested):
                self.shown[shown] = None
                checked += 1
        for path in (self.display.shown(absolute) for absolute, _ in tree.problems):
            if whole_tree or engine.within(path, requested):
                self.shown[path] = None
        document_paths = {self.display.shown(path) for path in documents}
        for path, finding in cross_file:
            if path in document_paths and REGISTRY[finding.code].follows_epreuves:
                codes = self.shown.setdefault(path, set())
                if codes is not None:
                    codes.add(finding.code)
        if not checked:
            self.report.notices.append(
                f"aucune épreuve ni aucun parcours dans {', '.join(requested)} (fichiers .md sous epreuves/)"
            )
        self.report.files_checked += checked


def run_check(options: CheckOptions, analyser: Analyser | None = None) -> tuple[Report, dict[str, str]]:
    """Check the given paths; returns the report and the tracebacks of internal errors, by file.

    `analyser` is the process policy the command decided when it started (`Analyser.for_command`);
    its worker is stopped when the analysis is done. Raises UsageError when no file was checked.
    """
    cache = AnalysisCache(options.config.root, time.time_ns()) if options.use_cache else None
    analyser = analyser if analyser is not None else Analyser(options.jobs)
    try:
        run = _Run(options, cache, analyser)
        if cache is not None and cache.notice:
            run.report.notices.append(cache.notice)
        trees = discover(map(str, options.paths), options.config, force_exclude=options.force_exclude)
        all_excluded = options.force_exclude and bool(options.paths) and not trees
        if all_excluded:
            # every file named is excluded (pre-commit names the drafts of a commit): nothing to do, as ruff
            run.report.notices.append(
                "tous les fichiers nommés sont exclus par la configuration (`exclude`, --force-exclude) : "
                "rien à vérifier"
            )
        for tree in trees:
            run.check_tree(tree)
    finally:
        analyser.stop_worker()
    if cache is not None and options.unsaved is None:
        cache.save()
    if run.report.files_checked == 0 and not all_excluded and not any(tree.problems for tree in trees):
        where = ", ".join(str(path) for path in options.paths)
        raise UsageError(
            f"aucun fichier vérifié dans {where}",
            hint="donnez un dossier de contenu (avec referentiel.yaml, epreuves/, parcours/) ou des fichiers .md",
        )
    run.report.extend(engine.diagnostics(run.findings, options.selection, waived=run.waived, shown=run.shown))
    run.report.sort()
    crashes = {path: trace for path, trace in run.crashes.items() if path in run.shown}
    return run.report, crashes
