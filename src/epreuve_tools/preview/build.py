"""`epreuve site build`, the core: check the content, parse it, make the pages, let the engine build."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from epreuve_tools.config import Config
from epreuve_tools.diagnostics import Diagnostic, Severity
from epreuve_tools.model import Parcours, Referentiel
from epreuve_tools.preview.pages import EpreuveEntry, PageCache, build_pages


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
    from epreuve_tools.analyser import Analyser
    from epreuve_tools.analysis import parse_epreuve
    from epreuve_tools.checker import CheckOptions, run_check
    from epreuve_tools.discovery import read_regular_file
    from epreuve_tools.preview import engine
    from epreuve_tools.preview.releases import read_history
    from epreuve_tools.selection import Selection

    started = time.perf_counter()
    selection = Selection(config.select, config.ignore, config.severity, config.per_file_ignores)
    progress = _CheckProgress(on_progress) if on_progress is not None else None
    with Analyser.for_command(None, use_cache=True) as analyser:
        options = CheckOptions(paths=(content,), config=config, selection=selection, progress=progress)
        report, _ = run_check(options, analyser)
    errors = [d for d in report.active() if d.severity >= Severity.ERROR]
    if strict and errors:
        return errors
    by_path: dict[str, list[Diagnostic]] = {}
    for diagnostic in report.diagnostics:
        by_path.setdefault(diagnostic.path, []).append(diagnostic)
    settings = config.rule_settings  # the raw HTML the pages keep is what `check` accepts
    cache = PageCache(
        str(engine.sources_folder(out) / "pages.pickle"), _code_stamp() + settings.cache_variant()
    )
    entries = []
    shown: set[str] = set()
    files = _epreuve_files(content)
    for done, path in enumerate(files):
        if on_progress is not None:
            on_progress(done, len(files))
        data = read_regular_file(str(path))
        if not isinstance(data, bytes):
            continue
        shown_path = _shown(config.root, path)
        shown.add(shown_path)
        relative = path.relative_to(content).as_posix()
        digest = hashlib.sha256(data).hexdigest()
        diagnostics = by_path.get(shown_path, [])
        facts = cache.facts(relative, digest)
        if facts is not None:  # unchanged since the previous build: not parsed unless a page must be made
            entries.append(EpreuveEntry(relative, None, diagnostics, facts, data, digest, settings))
            continue
        _, epreuve = parse_epreuve(data)
        if epreuve is not None:
            epreuve.settings = settings
            entries.append(
                EpreuveEntry(relative, epreuve, diagnostics, source=data, digest=digest, settings=settings)
            )
    if on_progress is not None:
        on_progress(len(files), len(files))
    others = [d for d in report.diagnostics if d.path not in shown]
    site = build_pages(
        str(content),
        entries,
        load_parcours(content),
        others,
        referentiel=_referentiel(content),
        cache=cache,
        history=read_history(releases),
    )
    cache.save()
    stats = engine.build(site, project, out, epoch=epoch, incremental=incremental, on_progress=on_progress)
    seconds = time.perf_counter() - started
    return SiteResult(len(site.pages), len(entries), len(errors), seconds, stats.incremental, stats.written)


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


def _shown(root: Path, path: Path) -> str:
    """A file's path as diagnostics show it: POSIX, relative to the project root when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
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
