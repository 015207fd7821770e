"""The one module that knows the static-site engine (mkdocs with mkdocs-material).

It writes the generated pages into a temporary docs folder, completes the configuration of the `site/`
project (docs_dir, site_dir, a small nav, the theme overrides) and builds in-process, strict.

Reproducible: the same pages give the same bytes. mkdocs reads the build date from SOURCE_DATE_EPOCH
(the sitemap's `lastmod`, the gzip header of `sitemap.xml.gz`); it is set for the build, to the
caller's date, and the sitemap files, useless to a site opened from a file share, are removed anyway.
Nothing else in a mkdocs-material page depends on the clock, the machine or the order of a directory
listing (tests/test_site.py builds twice in different folders and compares every byte).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from epreuve_tools.errors import UsageError
from epreuve_tools.preview.pages import Site

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


def build(site: Site, project: Path, out: Path, *, epoch: int) -> None:
    """Build `site` with the mkdocs project in `project` (its mkdocs.yml, overrides/, assets/) into `out`.

    `out` is replaced whole, and only when it is empty, absent, or a site this command built."""
    _check_output(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out.name}.", dir=out.parent) as staging:
        built = Path(staging) / "site"
        _build_into(site, project, built, epoch=epoch)
        (built / MARKER).write_text("site construit par « epreuve site build »\n", "utf-8")
        _install(built, out)


def _build_into(site: Site, project: Path, out: Path, *, epoch: int) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    config_file = project / "mkdocs.yml"
    if not config_file.is_file():
        raise UsageError(f"projet du site introuvable : {config_file}")
    with tempfile.TemporaryDirectory(prefix="epreuve-site-") as temporary:
        docs = Path(temporary) / "docs"
        if (project / "assets").is_dir():
            shutil.copytree(project / "assets", docs / "assets")
        for name, text in site.pages.items():
            target = docs / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        for name, data in site.assets.items():
            target = docs / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        collect = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collect)
        try:
            with _environment(epoch):
                config = load_config(
                    str(config_file),
                    docs_dir=str(docs),
                    site_dir=str(out.resolve()),
                    strict=True,
                    nav=[{title: path} for title, path in site.nav],
                    theme={
                        "name": "material",
                        "language": "fr",
                        "custom_dir": str((project / "overrides").resolve()),
                        "font": False,
                        "features": [],
                    },
                )
                config.plugins["epreuve-html"] = _pass_through()
                mkdocs_build(config)
        except (Abort, ConfigurationError) as error:
            detail = "; ".join(collect.messages[:5]) or str(error)
            raise SiteBuildError(f"le moteur du site refuse la construction : {detail}") from None
        finally:
            logger.removeHandler(collect)
    for name in _UNWANTED:
        (out / name).unlink(missing_ok=True)


def _pass_through() -> Any:
    """A plugin that hands each page's body to the theme as it is: the body is HTML that pages.py built and
    escaped, which Python-Markdown would only parse again, tag by tag (most of the build time)."""
    from mkdocs.plugins import BasePlugin

    class PassThrough(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        def __init__(self) -> None:
            super().__init__()
            self.bodies: dict[str, str] = {}

        def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any, files: Any) -> str:
            self.bodies[page.file.src_uri] = markdown
            return ""

        def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
            return self.bodies.pop(page.file.src_uri, html)

    return PassThrough()
