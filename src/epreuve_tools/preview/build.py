"""`epreuve site build`, the core: check the content, parse it, make the pages, let the engine build."""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from epreuve_tools.config import Config
from epreuve_tools.diagnostics import Diagnostic, Report, Severity
from epreuve_tools.model import Parcours, Referentiel
from epreuve_tools.preview.pages import (
    EpreuveEntry,
    PageCache,
    build_pages,
    learner_pages,
    reviewer_heads,
)


@dataclass(frozen=True, slots=True)
class SiteResult:
    pages: int
    epreuves: int
    errors: int
    seconds: float
    incremental: bool = False  # only the changed pages were rendered
    changed: int = 0  # generated files written because they changed


def build_site(
    config: Config,
    content: Path,
    project: Path,
    out: Path,
    *,
    epoch: int,
    strict: bool = False,
    incremental: bool = True,
    releases: Path | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> SiteResult | list[Diagnostic]:
    """Build the site; with `strict`, the diagnostics at error level instead when there are any;
    `releases`: a release folder whose notes the site shows (`publications/`); `on_progress(done,
    total)`: told as the check analyses the épreuves, as they are read, then as the pages are rendered
    (the command draws a bar on a terminal)."""
    thresholds = gc.get_threshold()
    # a build makes millions of objects that live until it ends: the cyclic collector, at its usual
    # pace, walked them ~1,200 times in a first build of 1,000 épreuves (0.6 s, 15 % of this process);
    # ten times fewer collections cost 0.25 s, and the same peak memory
    gc.set_threshold(10_000, 10, 10)
    try:
        return _build_site(
            config,
            content,
            project,
            out,
            epoch=epoch,
            strict=strict,
            incremental=incremental,
            releases=releases,
            on_progress=on_progress,
        )
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()  # what the build froze can be collected again (`site serve` builds many times)


def _build_site(
    config: Config,
    content: Path,
    project: Path,
    out: Path,
    *,
    epoch: int,
    strict: bool,
    incremental: bool,
    releases: Path | None,
    on_progress: Callable[[int, int], None] | None,
) -> SiteResult | list[Diagnostic]:
    import epreuve_tools.analysis  # noqa: F401  (before the fork: both processes parse épreuves)
    from epreuve_tools.preview import engine
    from epreuve_tools.preview.releases import read_history

    started = time.perf_counter()
    # the check runs beside the reading of the épreuves (in a second process when there is a second
    # processor): the pages need its diagnostics only once every épreuve is read
    check = _Check(config, content, on_progress)
    try:
        settings = config.rule_settings  # the raw HTML the pages keep is what `check` accepts
        cache = PageCache(
            str(engine.sources_folder(out) / "pages.pickle"), _code_stamp() + settings.cache_variant()
        )
        entries, shown = _read_epreuves(config, content, cache, on_progress)
        parcours, referentiel, history = load_parcours(content), _referentiel(content), read_history(releases)
        gc.freeze()  # the épreuves live as long as the build: the collector need not walk them again
        learners = reviewers = None
        if check.beside:  # while the check may still run (its last part is one process's work)
            engine.warm_up()
            learners = learner_pages(str(content), entries, cache)
            reviewers = reviewer_heads(entries, parcours, referentiel, cache, check.ready)
        report = check.report()
    finally:
        check.cancel()
    errors = [d for d in report.active() if d.severity >= Severity.ERROR]
    if strict and errors:
        return errors
    for diagnostic in report.diagnostics:
        owner = shown.get(diagnostic.path)
        if owner is not None:
            owner.diagnostics.append(diagnostic)
    others = [d for d in report.diagnostics if d.path not in shown]
    site = build_pages(
        str(content),
        entries,
        parcours,
        others,
        referentiel=referentiel,
        cache=cache,
        history=history,
        learners=learners,
        reviewers=reviewers,
    )
    cache.save()
    stats = engine.build(site, project, out, epoch=epoch, incremental=incremental, on_progress=on_progress)
    seconds = time.perf_counter() - started
    return SiteResult(len(site.pages), len(entries), len(errors), seconds, stats.incremental, stats.written)


def _read_epreuves(
    config: Config, content: Path, cache: PageCache, on_progress: Callable[[int, int], None] | None
) -> tuple[list[EpreuveEntry], dict[str, EpreuveEntry | None]]:
    """The épreuves of the content, each parsed unless the cache knows its bytes; and the same by the
    path their diagnostics give (None: a file that does not parse, whose diagnostics no page shows)."""
    from epreuve_tools.analysis import parse_epreuve
    from epreuve_tools.discovery import read_regular_file

    settings = config.rule_settings  # the raw HTML the pages keep is what `check` accepts
    entries = []
    shown: dict[str, EpreuveEntry | None] = {}
    files = _epreuve_files(content)
    shown_path = _Shown(config.root)
    for done, path in enumerate(files):
        if on_progress is not None:
            on_progress(done, len(files))
        data = read_regular_file(str(path))
        if not isinstance(data, bytes):
            continue
        relative = path.relative_to(content).as_posix()
        digest = hashlib.sha256(data).hexdigest()
        facts = cache.facts(relative, digest)
        if facts is not None:  # unchanged since the previous build: not parsed unless a page must be made
            entry = EpreuveEntry(relative, None, [], facts, data, digest, settings)
        else:
            _, epreuve = parse_epreuve(data)
            if epreuve is None:
                shown[shown_path(path)] = None
                continue
            epreuve.settings = settings
            entry = EpreuveEntry(relative, epreuve, [], source=data, digest=digest, settings=settings)
        entries.append(entry)
        shown[shown_path(path)] = entry
    if on_progress is not None:
        on_progress(len(files), len(files))
    return entries, shown


class _Check:
    """`epreuve check` of the content, run in a forked process beside the caller's work when there are
    two processors (`beside`), else here at once; `report()` waits for its report. A check that fails in
    the second process is run again here, to raise its error where the caller expects it."""

    def __init__(
        self,
        config: Config,
        content: Path,
        on_progress: Callable[[int, int], None] | None,
    ) -> None:
        from epreuve_tools.worker import available_cpus, fork_available

        self.args = (config, content)
        self.done: Report | None = None
        self.process: tuple[int, int] | None = None
        self.beside = available_cpus() > 1 and fork_available()
        if not self.beside:
            self.done = _run_check(*self.args, on_progress)
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child's coverage is not collected
            status = 1
            try:
                os.close(read)
                data = pickle.dumps(_run_check(*self.args, None), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as stream:
                    stream.write(data)
                status = 0
            finally:
                os._exit(status)  # never back into the caller's code
        os.close(write)
        self.process = (pid, read)

    def ready(self) -> bool:
        """Whether the report can be had without waiting (the process beside has written it, or failed)."""
        if self.done is not None or self.process is None:
            return True
        import select

        readable, _, _ = select.select([self.process[1]], [], [], 0)
        return bool(readable)

    def report(self) -> Report:
        if self.done is None:
            self.done = self._receive() or _run_check(*self.args, None)
        return self.done

    def _receive(self) -> Report | None:
        assert self.process is not None
        pid, read = self.process
        self.process = None
        with os.fdopen(read, "rb") as stream:
            data = stream.read()
        _, status = os.waitpid(pid, 0)
        if status != 0:
            return None
        loaded = pickle.loads(data)  # from our own child process
        return loaded if isinstance(loaded, Report) else None

    def cancel(self) -> None:
        """Stop the check if it still runs (the caller failed)."""
        if self.process is not None:
            os.kill(self.process[0], signal.SIGKILL)
            self._receive()


def _run_check(config: Config, content: Path, on_progress: Callable[[int, int], None] | None) -> Report:
    # imported here: in the process that runs the check, not in the one that makes the pages
    from epreuve_tools.analyser import Analyser
    from epreuve_tools.checker import CheckOptions, run_check
    from epreuve_tools.selection import Selection

    selection = Selection(config.select, config.ignore, config.severity, config.per_file_ignores)

    progress = _CheckProgress(on_progress) if on_progress is not None else None
    with Analyser.for_command(None, use_cache=True) as analyser:
        options = CheckOptions(paths=(content,), config=config, selection=selection, progress=progress)
        report, _ = run_check(options, analyser)
    return report


class _CheckProgress:
    """The check's progress (`checker.Progress`), told to `on_progress`."""

    def __init__(self, on_progress: Callable[[int, int], None]) -> None:
        self.on_progress = on_progress
        self.done = self.total = 0

    def start(self, total: int) -> None:
        self.done, self.total = 0, total
        self.on_progress(0, total)

    def advance(self) -> None:
        self.done += 1
        self.on_progress(self.done, self.total)

    def stop(self) -> None:
        pass


class _Shown:
    """A file's path as diagnostics show it: POSIX, relative to the project root when inside it (its
    real path: symbolic links resolved). Each folder is resolved once: a file that is not a link is
    where its folder really is (resolving every file cost ~0.1 s per 1,000 at each rebuild)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.folders: dict[Path, Path] = {}

    def __call__(self, path: Path) -> str:
        if path.is_symlink():
            real = path.resolve()
        else:
            folder = self.folders.get(path.parent)
            if folder is None:
                folder = self.folders[path.parent] = path.parent.resolve()
            real = folder / path.name
        try:
            return real.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def _referentiel(content: Path) -> Referentiel | None:
    """The référentiel, for the titles of domains, competences and tubes; None when it cannot be read."""
    from epreuve_tools.analysis import analyse_yaml
    from epreuve_tools.discovery import read_regular_file
    from epreuve_tools.model import build_referentiel

    path = content / "referentiel.yaml"
    data = read_regular_file(str(path)) if path.is_file() else None
    if not isinstance(data, bytes):
        return None
    loaded = analyse_yaml(data, "referentiel")
    if loaded.source_map is None or not isinstance(loaded.data, dict):
        return None
    return build_referentiel("referentiel.yaml", loaded.data, loaded.source_map)


def _epreuve_files(content: Path) -> list[Path]:
    """The épreuve files, as `epreuve bundle` finds them."""
    folder = content / "epreuves"
    return sorted(folder.glob("**/*.md")) if folder.is_dir() else sorted(content.rglob("*.md"))


def load_parcours(content: Path) -> list[tuple[Parcours, dict[str, Any]]]:
    """The parcours of the content, as `epreuve bundle` reads them."""
    from epreuve_tools.analysis import analyse_yaml
    from epreuve_tools.discovery import read_regular_file
    from epreuve_tools.model import build_parcours

    found = []
    for path in sorted((content / "parcours").glob("*.yaml")):
        data = read_regular_file(str(path))
        if not isinstance(data, bytes):
            continue
        loaded = analyse_yaml(data, "parcours")
        if loaded.source_map is not None and isinstance(loaded.data, dict):
            shown = path.relative_to(content).as_posix()
            found.append((build_parcours(shown, loaded.data, loaded.source_map), loaded.data))
    found.sort(key=lambda item: item[0].id or "")
    return found


def _code_stamp() -> str:
    """The code that makes the pages (this package and the judge): cached pages of other code are not used."""
    from epreuve_tools import __version__

    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for folder in (package, package.parent / "answers"):
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
