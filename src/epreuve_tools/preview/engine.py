"""The one module that knows the static-site engine (mkdocs with mkdocs-material).

It completes the configuration of the `site/` project (docs_dir, site_dir, a small nav, the theme
overrides), hands the generated pages and assets to the engine in memory (nothing is written but the
site), each page's HTML body to the theme as it is (its links to folders turned into links to their
`index.html` when the project's `offline` plugin makes a site for file shares), and builds in-process,
strict: the whole site, the pages rendered by two processes when there are many and two processors;
or, when the previous build came from the same project, engine and date, only the pages whose Markdown
changed (what changed is told by a manifest of digests next to the site, `.site.sources/`; the search
index merged).

Reproducible: the same pages give the same bytes. mkdocs reads the build date from SOURCE_DATE_EPOCH
(the sitemap's `lastmod`, the gzip header of `sitemap.xml.gz`); it is set for the build, to the
caller's date, and the sitemap files, useless to a site opened from a file share, are removed anyway.
Nothing else in a mkdocs-material page depends on the clock, the machine, the order of a directory
listing or which process rendered it (tests/test_site.py builds twice in different folders and compares
every byte, and a rebuild with a full build).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from epreuve_tools.errors import UsageError
from epreuve_tools.preview.pages import Site
from epreuve_tools.worker import fork_available

# written by mkdocs whatever the theme says; they carry dates and a site listing reviewers do not need
_UNWANTED = ("sitemap.xml", "sitemap.xml.gz")
# Written into every site this command builds: only a folder that holds it (or an empty one) is
# ever replaced, since mkdocs would otherwise empty whatever folder `--out` names.
MARKER = ".epreuve-site"


class SiteBuildError(UsageError):
    """The engine refused the site (a strict-mode warning, a broken configuration)."""


@contextlib.contextmanager
def _environment(epoch: int) -> Iterator[None]:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _check_output(out: Path) -> None:
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise UsageError(
            f"{out} n'est pas un dossier : le site n'y est pas écrit", hint="donnez à --out un dossier"
        )
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(
            f"{out} contient déjà des fichiers qui ne sont pas un site construit par epreuve : rien n'est remplacé",
            hint="donnez à --out un dossier vide ou un site construit auparavant (build/site/ par défaut)",
        )


def _install(built: Path, out: Path) -> None:
    """Put the built site in place of `out` by renames in its parent: never a half-written site."""
    old = out.with_name(f".{out.name}.ancien-{os.getpid()}")
    if out.exists():
        out.rename(old)
    built.rename(out)
    if old.exists():
        shutil.rmtree(old)


@dataclass(frozen=True, slots=True)
class BuildStats:
    """What a build did: `incremental` when only the changed pages were rendered, `written` the generated
    files that changed (pages and assets), `removed` those that went away."""

    incremental: bool
    written: int
    removed: int


def sources_folder(out: Path) -> Path:
    """What a build keeps for the next one, next to the site (`.site.sources/`): the manifest of the
    generated files, the page cache, the compiled templates, an empty docs folder for the engine."""
    return out.with_name(f".{out.name}.sources")


def warm_up() -> None:
    """Import the engine and its plugins (~0.1 s): for a caller that would otherwise wait idle (for the
    check run beside it), so that the build does not do it after."""
    import importlib

    for name in (
        "importlib.metadata",  # the stamp reads the engine's versions
        "mkdocs.commands.build",
        "mkdocs.config.defaults",
        "material.plugins.search.plugin",
        "material.plugins.offline.plugin",
        "markdown.extensions.codehilite",
    ):
        importlib.import_module(name)


def build(
    site: Site,
    project: Path,
    out: Path,
    *,
    epoch: int,
    incremental: bool = True,
    on_progress: Callable[[int, int], None] | None = None,
) -> BuildStats:
    """Build `site` with the mkdocs project in `project` (its mkdocs.yml, overrides/, assets/) into `out`;
    `on_progress(done, total)` is told as the pages are rendered.

    The generated files are handed to the engine in memory; a manifest of their digests, kept in
    `sources_folder(out)`, tells which changed since the previous build. When `out` is a site built from
    the same project, engine and date, only the changed pages are rendered again (mkdocs' dirty build, the
    search index merged); otherwise `out` is replaced whole, and only when it is empty, absent, or a site
    this command built."""
    _check_output(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    sources = sources_folder(out)
    docs = sources / "docs"
    stamp = _stamp(project, epoch, site.nav)
    previous = (sources / "stamp").read_text("utf-8") if (sources / "stamp").is_file() else None
    wanted = _wanted_files(site, project)
    if previous != stamp:  # another engine, theme or date: nothing kept is trusted
        (sources / "manifest.pickle").unlink(missing_ok=True)
        (sources / SHAPES).unlink(missing_ok=True)
    if docs.exists() and (docs.is_symlink() or not docs.is_dir() or any(docs.iterdir())):
        shutil.rmtree(docs)  # the Markdown an older version wrote: the engine now reads it from memory
    docs.mkdir(parents=True, exist_ok=True)  # the engine wants a docs folder; it stays empty
    manifest = {name: _digest(data) for name, data in wanted.items()}
    written, removed = _changes(sources / "manifest.pickle", manifest)
    (sources / "stamp").unlink(missing_ok=True)  # until this build is done
    if incremental and previous == stamp and (out / MARKER).is_file():
        on_page = _page_counter(on_progress, sum(name.endswith(".md") for name in written))
        _build_dirty(
            project,
            docs,
            out,
            wanted,
            epoch=epoch,
            written=written,
            removed=removed,
            nav=site.nav,
            on_page=on_page,
        )
        full = False
    else:
        on_page = _page_counter(on_progress, len(site.pages))
        with tempfile.TemporaryDirectory(prefix=f".{out.name}.", dir=out.parent) as staging:
            built = Path(staging) / "site"
            _build_into(project, docs, built, wanted, epoch=epoch, dirty=False, nav=site.nav, on_page=on_page)
            _sort_search_index(built, {}, set())
            (built / MARKER).write_text("site construit par « epreuve site build »\n", "utf-8")
            _install(built, out)
        full = True
    _write_manifest(sources / "manifest.pickle", manifest)
    (sources / "stamp").write_text(stamp, "utf-8")
    return BuildStats(not full, len(written), len(removed))


def _page_counter(on_progress: Callable[[int, int], None] | None, total: int) -> Callable[[], None] | None:
    """What the engine calls after each page it renders, told to `on_progress` (never past `total`:
    a dirty build may render a page more than those written)."""
    if on_progress is None:
        return None
    rendered = 0
    on_progress(0, total)

    def on_page() -> None:
        nonlocal rendered
        rendered += 1
        on_progress(min(rendered, total), total)

    return on_page


def _stamp(project: Path, epoch: int, nav: Sequence[tuple[str, str]]) -> str:
    """What every page depends on besides its own Markdown: the project's files (configuration, theme
    overrides), the engine's versions, the date."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"{epoch}\0{version('mkdocs')}\0{version('mkdocs-material')}\0{nav}".encode())
    digest.update(Path(__file__).read_bytes())
    for path in sorted(project.rglob("*")):
        if path.is_file() and "assets" not in path.relative_to(project).parts[:1]:
            digest.update(path.relative_to(project).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _wanted_files(site: Site, project: Path) -> dict[str, bytes]:
    """Every file the engine is given: the project's assets, the generated pages and assets."""
    wanted: dict[str, bytes] = {}
    assets = project / "assets"
    if assets.is_dir():
        for path in sorted(assets.rglob("*")):
            if path.is_file():
                wanted["assets/" + path.relative_to(assets).as_posix()] = path.read_bytes()
    for name, text in site.pages.items():
        wanted[name] = text.encode("utf-8")
    wanted.update(site.assets)
    return wanted


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _changes(manifest_path: Path, manifest: dict[str, bytes]) -> tuple[set[str], set[str]]:
    """The files of `manifest` (path → digest) that are new or changed since the build that wrote the
    manifest kept at `manifest_path`, and those that went away (every file is new without one)."""
    known = _read_manifest(manifest_path)
    written = {name for name, digest in manifest.items() if known.get(name) != digest}
    return written, set(known) - set(manifest)


def _read_manifest(path: Path) -> dict[str, bytes]:
    import pickle

    from epreuve_tools.cache import unseal

    try:
        payload = unseal(path.read_bytes())  # sealed by this command: never unpickle what someone else wrote
        loaded = pickle.loads(payload) if payload is not None else None
    except Exception:  # absent, or from an older build: every file is new
        return {}
    if not isinstance(loaded, dict) or not all(isinstance(v, bytes) for v in loaded.values()):
        return {}
    return loaded


def _write_manifest(path: Path, manifest: dict[str, bytes]) -> None:
    import pickle

    from epreuve_tools.cache import seal

    sealed = seal(pickle.dumps(manifest, protocol=pickle.HIGHEST_PROTOCOL))
    if sealed is None:  # no key to seal it with: the next build renders every page
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.with_suffix(".tmp").write_bytes(sealed)
    path.with_suffix(".tmp").replace(path)


def _built_name(name: str) -> str:
    """The file a docs file becomes in the site: `x/index.md` → `x/index.html`, an asset stays itself."""
    return name[: -len(".md")] + ".html" if name.endswith(".md") else name


def _location(name: str) -> str:
    """A page's address in the search index: `x/index.md` → `x/index.html` (the `offline` plugin of
    site/mkdocs.yml links pages as files)."""
    return _built_name(name)


def _build_dirty(
    project: Path,
    docs: Path,
    out: Path,
    files: dict[str, bytes],
    *,
    epoch: int,
    written: set[str],
    removed: set[str],
    nav: Sequence[tuple[str, str]],
    on_page: Callable[[], None] | None = None,
) -> None:
    for name in sorted(removed):
        built = out / _built_name(name)
        built.unlink(missing_ok=True)
        # and the folders it leaves empty (an épreuve's `revue/`, then its own)
        for folder in built.parents:
            if folder == out or not folder.is_dir() or any(folder.iterdir()):
                break
            folder.rmdir()
    old_index = _read_search_index(out)
    # the engine sees only the files that changed and the navigation's pages: the others' pages are
    # already built, and their entries of the search index are kept by the merge below
    # (the navigation's pages are given for the navigation; those that did not change are not rendered)
    only = written | {path for _, path in nav}
    given = {name: files[name] for name in sorted(only) if name in files}
    _build_into(
        project, docs, out, given, epoch=epoch, dirty=True, nav=nav, on_page=on_page, kept=only - written
    )
    changed = {_location(n) for n in written | removed if n.endswith(".md")}
    _sort_search_index(out, old_index, changed)


def _read_search_index(out: Path) -> dict[str, Any]:
    path = out / "search" / "search_index.json"
    try:
        loaded = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _sort_search_index(out: Path, old: dict[str, Any], changed: set[str]) -> None:
    """The search index in page order, whatever the build: after a dirty build, the entries of the pages
    not rendered again are taken from the previous index (mkdocs only indexes the pages it renders)."""
    path = out / "search" / "search_index.json"
    index = _read_search_index(out)
    if not index:
        return
    docs = list(index.get("docs", []))
    rendered = {str(d.get("location", "")).split("#")[0] for d in docs} | changed
    kept = [d for d in old.get("docs", []) if str(d.get("location", "")).split("#")[0] not in rendered]
    merged = sorted(kept + docs, key=lambda d: str(d.get("location", "")).split("#")[0])
    index["docs"] = merged
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(data, "utf-8")
    # what a page opened from a file share loads instead (the `offline` plugin wrote it before the merge)
    if (out / "search" / "search_index.js").is_file():
        (out / "search" / "search_index.js").write_text(f"var __index = {data}", "utf-8")


def _build_into(
    project: Path,
    docs: Path,
    out: Path,
    files: dict[str, bytes],
    *,
    epoch: int,
    dirty: bool,
    nav: Sequence[tuple[str, str]],
    on_page: Callable[[], None] | None = None,
    kept: set[str] | frozenset[str] = frozenset(),
) -> None:
    """Build `files` (path in the docs folder → bytes) with the project into `out`; a dirty build renders
    only the pages it is given but `kept` (the others are already in `out`)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    config_file = project / "mkdocs.yml"
    if not config_file.is_file():
        raise UsageError(f"projet du site introuvable : {config_file}")
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    owner = os.getpid()
    # the skeletons of the page shapes a previous build of the same stamp proved (a dirty build only:
    # the caller removes them when the stamp changes); a full build proves its own
    shapes = _read_shapes(docs.parent / SHAPES) if dirty else {}
    try:
        with _environment(epoch):
            config = load_config(
                str(config_file),
                docs_dir=str(docs.resolve()),
                site_dir=str(out.resolve()),
                # a dirty build always warns that it is one: the other warnings are counted below
                strict=not dirty,
                nav=[{title: path} for title, path in nav],
                theme={
                    "name": "material",
                    "language": "fr",
                    "custom_dir": str((project / "overrides").resolve()),
                    "font": False,
                    "features": [],
                },
            )
            # the sitemap lists every page with its date, for search engines: a file share has none,
            # and rendering it walks every page at each build (the file was removed afterwards)
            config.theme.static_templates.discard("sitemap.xml")
            if dirty:  # the 404 page depends on nothing but the stamp: it is in the site already
                config.theme.static_templates.discard("404.html")
            _cached_templates(config.theme, docs.parent / "templates")
            split = not dirty and _processors() > 1 and fork_available()
            in_nav = frozenset(path for _, path in nav)
            config.plugins["epreuve-html"] = _pass_through(
                files, on_page, collect, split=split, in_nav=in_nav, kept=kept, shapes=shapes
            )
            with _without_theme_files() if dirty else contextlib.nullcontext():
                mkdocs_build(config, dirty=dirty)
            _write_shapes(docs.parent / SHAPES, shapes)
    except (Abort, ConfigurationError) as error:
        detail = "; ".join(collect.messages[:5]) or str(error)
        raise SiteBuildError(f"le moteur du site refuse la construction : {detail}") from None
    finally:
        if os.getpid() != owner:  # a second renderer that failed: never back into the caller's code
            os._exit(1)
        logger.removeHandler(collect)
    others = [m for m in collect.messages if "'dirty' build" not in m]
    if others:  # strict: mkdocs raised on its own warnings, not on those of a second renderer
        raise SiteBuildError(f"le moteur du site refuse la construction : {'; '.join(others[:5])}")
    for name in _UNWANTED:
        (out / name).unlink(missing_ok=True)


@contextlib.contextmanager
def _without_theme_files() -> Iterator[None]:
    """A dirty build does not list the theme's files: they are in the site since the full build (a
    change of theme or engine makes the next build a full one), and listing them walks the theme's
    ~14,500 files (~0.15 s of each rebuild)."""
    from mkdocs.structure.files import Files

    listing = Files.add_files_from_theme
    Files.add_files_from_theme = lambda self, env, config: None  # type: ignore[method-assign]
    try:
        yield
    finally:
        Files.add_files_from_theme = listing  # type: ignore[method-assign]


def _processors() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# Below this many pages, a second process to render half of them costs more than it saves.
SPLIT_FROM = 400


def _in_memory(content: bytes, name: str) -> str | bytes:
    """A generated file's content as the engine would have read it from the docs folder: a page as text
    (universal newlines, as mkdocs opens Markdown files), an asset as bytes."""
    if not name.endswith(".md"):
        return content
    text = content.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _pass_through(
    given: dict[str, bytes],
    on_page: Callable[[], None] | None = None,
    collect: _Collect | None = None,
    *,
    split: bool = False,
    in_nav: frozenset[str] = frozenset(),
    kept: set[str] | frozenset[str] = frozenset(),
    shapes: dict[str, _Skeleton | None] | None = None,
) -> Any:
    """A plugin that gives the engine the generated files (`given`, in memory) and hands each page's body
    to the theme as it is: the body is HTML that pages.py built and escaped, which Python-Markdown would
    only parse again, tag by tag (most of the build time). The theme's page template is rendered once
    per shape of page (`_Shapes`; `shapes`: the skeletons known, and those this build proves).

    With `split`, and many pages, the pages are read and rendered by two processes: once the navigation
    is made, the process forks; the second reads and renders its half of the pages (and reads the
    navigation's, for their titles) and nothing else, and sends back its entries of the search index
    and its warnings, which the first merges before the index is written. A page depends on its own
    Markdown and the navigation only: same bytes as in one process (tested)."""
    from mkdocs.plugins import BasePlugin, event_priority
    from mkdocs.structure.files import File, Files, file_sort_key

    class PassThrough(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        def __init__(self) -> None:
            super().__init__()
            self.bodies: dict[str, str] = {}
            self.second: tuple[int, int] | None = None  # the other renderer's process id and pipe
            self.pipe: int | None = None  # in the second renderer: where its results go
            self.navigation: set[str] = set()  # in the second renderer: the navigation's pages

        def on_files(self, files: Any, /, *, config: Any) -> Any:
            # the generated files, where mkdocs would have listed them from the docs folder: before the
            # theme's, which they hide when they have the same path
            made = sorted(
                (
                    (_kept_file_class() if name in kept else File).generated(
                        config, name, content=_in_memory(data, name)
                    )
                    for name, data in given.items()
                ),
                key=file_sort_key,
            )
            names = {file.src_uri for file in made}
            given_pages = _given_page_class()
            for file in made:  # the navigation's pages are made by mkdocs, with their titles there
                if file.is_documentation_page() and file.src_uri not in in_nav:
                    given_pages(None, file, config)
            return Files([*made, *(file for file in files if file.src_uri not in names)])

        def on_nav(self, nav: Any, /, *, config: Any, files: Any) -> Any:
            pages = files.documentation_pages()
            if split and len(pages) >= SPLIT_FROM:
                self._fork(config, files, pages, {page.file.src_uri for page in nav.pages})
            return nav

        def _fork(self, config: Any, files: Any, pages: Sequence[Any], in_nav: set[str]) -> None:
            """Fork the second renderer, once the navigation is made and before any page is read: each
            process reads and renders its share of the pages (the navigation's pages are read by both,
            for their titles, and rendered by this one)."""
            shared = [file for file in pages if file.src_uri not in in_nav]
            # the pages that search indexes cost the most: each process gets half of them
            indexed = [file for file in shared if not _unsearched(given[file.src_uri])]
            unindexed = [file for file in shared if _unsearched(given[file.src_uri])]
            theirs = {file.src_uri for file in [*indexed[1::2], *unindexed[1::2]]}
            read, write = os.pipe()
            # what exists now is never collected by either process: a collection would touch every
            # object, and the kernel would copy every page of memory the two processes share
            gc.freeze()
            pid = os.fork()
            if pid == 0:  # the second renderer: its pages, no static file nor theme template
                os.close(read)
                self.pipe = write
                self.navigation = in_nav
                if collect is not None:
                    collect.messages.clear()  # the first renderer has those logged before the fork
                for file in [f for f in files if f.src_uri not in theirs and f.src_uri not in in_nav]:
                    files.remove(file)
                config.theme.static_templates.clear()
                config.extra_templates.clear()
            else:
                os.close(write)
                self.second = (pid, read)
                for file in [f for f in files if f.src_uri in theirs]:
                    files.remove(file)

        def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
            for name in self.navigation:  # read for their titles; the first renderer renders them
                file = files.get_file_from_path(name)
                if file is not None:
                    files.remove(file)
            env.get_template = _Shapes(env.get_template, shapes if shapes is not None else {})
            return env

        def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any, files: Any) -> str:
            self.bodies[page.file.src_uri] = markdown
            return ""

        def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
            body = self.bodies.pop(page.file.src_uri, html)
            return body if config.use_directory_urls else _file_links(body)

        def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
            if on_page is not None and self.pipe is None:
                on_page()
                if self.second is not None:  # the other renderer does as many
                    on_page()
            return output

        @event_priority(100)  # before the search plugin writes its index
        def on_post_build(self, *, config: Any) -> None:
            if self.pipe is not None:
                self._send(config, None)
            if self.second is not None:
                entries, messages, error = self._receive()
                if collect is not None:
                    collect.messages.extend(messages)
                if error is not None:
                    raise SiteBuildError(f"le moteur du site refuse la construction : {error}")
                index = _search_index(config)
                if index is not None:
                    index.entries.extend(entries)

        def on_build_error(self, *, error: Exception) -> None:
            if self.pipe is not None:
                self._send(None, str(error) or type(error).__name__)
            if self.second is not None:  # this process failed: the other's work is not wanted
                import signal

                os.kill(self.second[0], signal.SIGKILL)
                self._receive()

        def _send(self, config: Any, error: str | None) -> None:
            """In the second renderer: its search entries, warnings and error to the first, then exit."""
            import pickle

            assert self.pipe is not None
            index = _search_index(config) if config is not None else None
            messages = collect.messages if collect is not None else []
            payload = (index.entries if index is not None else [], messages, error)
            with os.fdopen(self.pipe, "wb") as stream:
                stream.write(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
            os._exit(0 if error is None else 1)

        def _receive(self) -> tuple[list[Any], list[str], str | None]:
            import pickle

            assert self.second is not None
            pid, read = self.second
            self.second = None
            with os.fdopen(read, "rb") as stream:
                data = stream.read()
            _, status = os.waitpid(pid, 0)
            try:
                entries, messages, error = pickle.loads(data)  # from our own child process
            except Exception:
                return [], [], f"le second processus de rendu s'est arrêté (statut {status})"
            return entries, messages, error

    return PassThrough()


# What stands for a page's title and body in the rendering of its shape (see `_Shapes`): characters
# that any escaping or tag stripping would change, so that a template which transforms either leaves
# a trace that no real page matches (its shape is then rendered page by page)
_TITLE_MARK = "\x00EPRV-TITRE<&>\"'\x00"
_BODY_MARK = "\x00EPRV-CORPS<&>\"'\x00"
_MARK_TRACE = "EPRV-"
# The real renderings a shape's skeleton must reproduce before it stands for the template.
_SHAPE_PROOFS = 2


class _Shapes:
    """The theme's page template, rendered once per shape of page instead of once per page: the pages
    of the épreuves (thousands) differ only by their title and body, which the template inserts as they
    are. `env.get_template` wrapped: `main.html` answers with a `_ShapedTemplate`, others as before."""

    def __init__(self, get_template: Callable[..., Any], shapes: dict[str, _Skeleton | None]) -> None:
        self.get_template = get_template
        self.shapes = shapes  # by shape (`_shape`, as text); None: rendered page by page

    def __call__(self, name: Any, *args: Any, **kwargs: Any) -> Any:
        template = self.get_template(name, *args, **kwargs)
        return (
            _ShapedTemplate(template, self.shapes)
            if name == "main.html" and not args and not kwargs
            else template
        )


@dataclass(slots=True)
class _Skeleton:
    parts: list[str]  # the template's output, cut where the title and the body go
    holes: list[bool]  # what goes between parts[i] and parts[i + 1]: True the body, False the title
    proofs: int = 0  # real renderings it reproduced

    def fill(self, title: str, body: str) -> str:
        out = [self.parts[0]]
        for hole, part in zip(self.holes, self.parts[1:], strict=True):
            out.append(body if hole else title)
            out.append(part)
        return "".join(out)


_MARKS = re.compile(re.escape(_TITLE_MARK) + "|" + re.escape(_BODY_MARK))


class _ShapedTemplate:
    """`main.html` for one page: a page of a known shape is its shape's skeleton with its title and body
    put in; any other page is rendered by the template. A shape is known once its skeleton (the
    template rendered with marks for title and body) reproduced `_SHAPE_PROOFS` real renderings byte
    for byte; a skeleton that fails one is dropped for good, and its shape rendered page by page."""

    def __init__(self, template: Any, shapes: dict[str, _Skeleton | None]) -> None:
        self.template = template
        self.shapes = shapes

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)

    def render(self, context: Any) -> str:
        page: Any = context.get("page") if isinstance(context, dict) else None
        shape = _shape(page) if page is not None else None
        if shape is None:
            return str(self.template.render(context))
        key = repr(shape)
        if key in self.shapes and self.shapes[key] is None:
            return str(self.template.render(context))  # a shape whose skeleton failed
        title, body = page.meta["title"], page.content
        skeleton = self.shapes.get(key)
        if skeleton is not None and skeleton.proofs >= _SHAPE_PROOFS:
            return skeleton.fill(title, body)
        real = str(self.template.render(context))
        if skeleton is None:
            skeleton = self._skeleton(context, page, shape)
        if (
            skeleton is None
            or _MARK_TRACE in title
            or _MARK_TRACE in body
            or skeleton.fill(title, body) != real
        ):
            self.shapes[key] = None
        else:
            skeleton.proofs += 1
            self.shapes[key] = skeleton
        return real

    def _skeleton(self, context: Any, page: Any, shape: tuple[Any, ...]) -> _Skeleton | None:
        """The template's output for this page with marks for its title and body, cut at the marks."""
        meta, body = page.meta, page.content
        mark = _BODY_MARK + ("<h1" if shape[-1] else "")  # the theme adds a heading to a body without one
        page.meta = {**meta, "title": _TITLE_MARK}
        page.content = mark
        try:
            output = str(self.template.render(context))
        finally:
            page.meta, page.content = meta, body
        output = output.replace(mark, _BODY_MARK)
        holes = [found == _BODY_MARK for found in _MARKS.findall(output)]
        parts = _MARKS.split(output)
        if holes.count(True) != 1 or any(_MARK_TRACE in part for part in parts):
            return None  # the template transforms the title or the body: no skeleton for this shape
        return _Skeleton(parts, holes)


def _shape(page: Any) -> tuple[Any, ...] | None:
    """What a page's rendering depends on besides its title and body, when that is all it depends on:
    the theme's page template renders the navigation, links relative to the page's folder and the
    page's own title and body; a page outside the navigation, with a title, no table of contents and
    no neighbours gets the same output as every other page of its folder's shape (`epreuves/*/revue/`)
    with the same metadata. None for any other page (rendered by the template)."""
    meta = getattr(page, "meta", None)
    if not isinstance(meta, dict) or not isinstance(meta.get("title"), str) or not meta["title"]:
        return None
    if page.parent is not None or page.previous_page is not None or page.next_page is not None:
        return None
    if page.is_homepage or len(page.toc) or not isinstance(page.content, str):
        return None
    segments = str(page.url).split("/")
    if len(segments) < 3:
        return None
    others = repr(sorted((key, value) for key, value in meta.items() if key != "title"))
    return (segments[0], len(segments), tuple(segments[2:]), others, "<h1" in page.content)


# The proven skeletons of a build, kept for the next (see `_Shapes`), sealed: they become pages.
SHAPES = "shapes.json"


def _read_shapes(path: Path) -> dict[str, _Skeleton | None]:
    """The skeletons a previous build proved, as proven; none when the file is absent, not sealed by
    this user or not what this code writes."""
    from epreuve_tools.cache import unseal

    try:
        payload = unseal(path.read_bytes())
        loaded = json.loads(payload) if payload is not None else None
    except (OSError, ValueError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    shapes: dict[str, _Skeleton | None] = {}
    for key, value in loaded.items():
        parts = value.get("parts") if isinstance(value, dict) else None
        holes = value.get("holes") if isinstance(value, dict) else None
        if (
            isinstance(parts, list)
            and isinstance(holes, list)
            and all(isinstance(part, str) for part in parts)
            and all(isinstance(hole, bool) for hole in holes)
            and len(parts) == len(holes) + 1
            and holes.count(True) == 1
        ):
            shapes[key] = _Skeleton(parts, holes, _SHAPE_PROOFS)
    return shapes


def _write_shapes(path: Path, shapes: dict[str, _Skeleton | None]) -> None:
    from epreuve_tools.cache import seal

    proven = {
        key: {"parts": skeleton.parts, "holes": skeleton.holes}
        for key, skeleton in shapes.items()
        if skeleton is not None and skeleton.proofs >= _SHAPE_PROOFS
    }
    sealed = seal(json.dumps(proven, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    if sealed is None:  # no key to seal it with: the next build proves its shapes again
        path.unlink(missing_ok=True)
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):  # a cache: a failed write only costs renderings
        temporary.write_bytes(sealed)
        temporary.replace(path)


def _cached_templates(theme: Any, folder: Path) -> None:
    """Every Jinja environment of the theme keeps its compiled templates in `folder` between builds
    (mkdocs makes one per build, and the search plugin others for its translations), so that a rebuild
    does not compile them again (Jinja checks each template's source against what it compiled)."""
    folder.mkdir(parents=True, exist_ok=True)
    make = theme.get_env

    def get_env() -> Any:
        env = make()
        env.bytecode_cache = _sealed_bytecode_cache(folder)
        return env

    theme.get_env = get_env


def _sealed_bytecode_cache(folder: Path) -> Any:
    """Jinja's compiled templates kept in `folder` between builds, each file sealed with the user's
    cache key (`cache.seal`): Jinja unmarshals the code it finds there and runs it, so a file anyone
    else put next to the output is never loaded (Jinja's own FileSystemBytecodeCache trusts the folder)."""
    from jinja2.bccache import Bucket, BytecodeCache

    from epreuve_tools.cache import seal, unseal

    class SealedBytecodeCache(BytecodeCache):
        def load_bytecode(self, bucket: Bucket) -> None:
            try:
                payload = unseal((folder / f"{bucket.key}.cache").read_bytes())
            except OSError:
                return
            if payload is not None:
                bucket.bytecode_from_string(payload)  # checks Jinja's magic and the source's checksum

        def dump_bytecode(self, bucket: Bucket) -> None:
            sealed = seal(bucket.bytecode_to_string())
            if sealed is None:
                return
            target = folder / f"{bucket.key}.cache"
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            with contextlib.suppress(OSError):  # a cache: a failed write only costs a compilation
                temporary.write_bytes(sealed)
                temporary.replace(target)

    return SealedBytecodeCache()


def _unsearched(page: bytes) -> bool:
    """Whether a generated page asks search not to index it (its front matter, see pages.page)."""
    end = page.find(b"\n---\n", 3)
    return b"\nsearch:\n  exclude: true\n" in page[: end + 1]


@functools.cache
def _kept_file_class() -> Any:
    """mkdocs' File for a generated file already built as it is: a dirty build neither reads nor renders
    it (a generated file otherwise always counts as modified)."""
    from mkdocs.structure.files import File

    class KeptFile(File):
        def is_modified(self) -> bool:
            return False

    return KeptFile


@functools.cache
def _given_page_class() -> Any:
    """mkdocs' Page for a page whose body is handed as it is (see `_pass_through`): its Markdown, always
    empty, is not converted (Python-Markdown set up for nothing, ~0.2 ms a page); what the conversion of
    nothing gives is set instead: no content (the body replaces it), no table of contents, no title
    from the content (the page's title is in its front matter), no anchor, no link."""
    import logging

    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import get_toc

    class GivenPage(Page):
        def render(self, config: Any, files: Any) -> None:
            if self.markdown != "":  # what only Python-Markdown can convert
                super().render(config, files)
                return
            self.content = ""
            self.toc = get_toc([])
            self._title_from_render = None
            self.present_anchor_ids = set()
            if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
                self.links_to_anchors = {}

    return GivenPage


def _search_index(config: Any) -> Any:
    """The search plugin's index (mkdocs-material's), None when the project has no search."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and isinstance(getattr(index, "entries", None), list):
            return index
    return None


# a relative link to a folder (`../epreuves/x/`, `revue/`, `./#top`): no scheme, ends with a slash
_FOLDER_LINK = re.compile(r'href="((?:[^":#?/]*/)+)(#[^"]*)?"')


def _file_links(body: str) -> str:
    """The page's relative links to folders, to the folder's `index.html`: a file share shows a folder as a
    listing, not as its index page (the pages link folders, stable addresses over HTTP)."""
    if 'href="' not in body:
        return body
    return _FOLDER_LINK.sub(lambda m: f'href="{m[1]}index.html{m[2] or ""}"', body)
