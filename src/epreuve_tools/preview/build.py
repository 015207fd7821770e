"""`epreuve site build`, the core: check the content, parse it, make the pages, let the engine build."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from epreuve_tools.config import Config
from epreuve_tools.diagnostics import Diagnostic, Severity
from epreuve_tools.model import Referentiel
from epreuve_tools.preview.pages import EpreuveEntry, build_pages


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
) -> SiteResult | list[Diagnostic]:
    """Build the site; with `strict`, the diagnostics at error level instead when there are any."""
    from epreuve_tools.analyser import Analyser
    from epreuve_tools.bundle.pack import load_content
    from epreuve_tools.checker import CheckOptions, run_check
    from epreuve_tools.preview import engine
    from epreuve_tools.selection import Selection

    started = time.perf_counter()
    selection = Selection(config.select, config.ignore, config.severity, config.per_file_ignores)
    with Analyser.for_command(None, use_cache=True) as analyser:
        report, _ = run_check(CheckOptions(paths=(content,), config=config, selection=selection), analyser)
    errors = [d for d in report.active() if d.severity >= Severity.ERROR]
    if strict and errors:
        return errors
    loaded = load_content(content)
    by_path: dict[str, list[Diagnostic]] = {}
    for diagnostic in report.diagnostics:
        by_path.setdefault(diagnostic.path, []).append(diagnostic)
    entries = []
    shown: set[str] = set()
    for path, epreuve in loaded.epreuves.values():
        shown_path = _shown(config.root, content / path)
        shown.add(shown_path)
        entries.append(EpreuveEntry(path, epreuve, by_path.get(shown_path, [])))
    others = [d for d in report.diagnostics if d.path not in shown]
    site = build_pages(str(content), entries, loaded.parcours, others, _referentiel(content))
    stats = engine.build(site, project, out, epoch=epoch, incremental=incremental)
    seconds = time.perf_counter() - started
    return SiteResult(len(site.pages), len(entries), len(errors), seconds, stats.incremental, stats.written)


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
