"""`epreuve site build [--out DIR] [--strict]`: the preview site for reviewers (issue #11)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_OUT = Path("build") / "site"
# Without SOURCE_DATE_EPOCH nor a commit of the content, the site still builds, dated 1980-01-01 (as
# zip archives are): the pages never carry the wall clock.
_FALLBACK_EPOCH = 315_532_800


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "site",
        help="construire le site d'aperçu des épreuves pour la relecture",
        description="Site statique d'aperçu des épreuves (mkdocs-material), pour les relecteurs.",
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", parser_class=type(parser))
    actions.required = True
    build = actions.add_parser(
        "build",
        help="construire le site",
        description=(
            "Construit le site d'aperçu : une page par épreuve en vue de l'apprenant\n"
            "(epreuves/<id>/) et en vue de relecture (epreuves/<id>/revue/, avec la clé, les\n"
            "exemples jugés, le sondage des variantes et les diagnostics de `epreuve check`), et pour\n"
            "s'y retrouver : référentiel (domaine, compétence, sujet, niveau), parcours, statuts,\n"
            "recherche, couverture (sujets × niveaux) et qualité (diagnostics par famille de règles).\n"
            "Seules les pages qui changent sont refaites (--full : tout reconstruire).\n"
            "Les notes de `epreuve release` (--releases, défaut build/release/) forment l'historique\n"
            "des publications (publications/).\n"
            "Le site se construit même si `check` trouve des erreurs (elles sont sur les pages),\n"
            "sauf avec --strict. Même contenu, même date (SOURCE_DATE_EPOCH, sinon dernier commit\n"
            "du contenu) : site identique à l'octet.\n"
            "Code de sortie : 0 construit, 1 erreurs avec --strict, 2 erreur d'usage."
        ),
    )
    build.add_argument("--out", metavar="DOSSIER", help="dossier du site (défaut : build/site/)")
    build.add_argument(
        "--strict", action="store_true", help="refuser de construire si `epreuve check` trouve une erreur"
    )
    build.add_argument(
        "--releases",
        metavar="DOSSIER",
        help="dossier de publication dont le site montre les notes (défaut : build/release/ s'il existe)",
    )
    build.add_argument(
        "--full",
        action="store_true",
        help="tout reconstruire (par défaut, seules les pages qui changent sont refaites)",
    )
    build.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="sans barre de progression (elle ne s'affiche que dans un terminal)",
    )
    build.set_defaults(handler=run_build)
    serve = actions.add_parser(
        "serve",
        help="construire le site, le servir sur cette machine et le reconstruire à chaque modification",
        description=(
            "Construit le site, le sert sur http://127.0.0.1:PORT/ (cette machine seulement) et le\n"
            "reconstruit dès qu'un fichier du contenu ou du projet du site change : seules les pages\n"
            "concernées sont refaites, et la page ouverte dans le navigateur se recharge.\n"
            "Ctrl+C arrête le serveur. Code de sortie : 0 arrêté, 2 erreur d'usage."
        ),
    )
    serve.add_argument("--port", type=int, default=8000, help="port (défaut : 8000 ; 0 pour un port libre)")
    serve.add_argument("--out", metavar="DOSSIER", help="dossier du site (défaut : build/site/)")
    serve.add_argument(
        "--releases",
        metavar="DOSSIER",
        help="dossier de publication dont le site montre les notes (défaut : build/release/ s'il existe)",
    )
    serve.set_defaults(handler=run_serve)


@dataclass(frozen=True, slots=True)
class _Setup:
    config: Any
    content: Path
    project: Path
    out: Path
    epoch: int
    releases: Path | None


def _setup(arguments: argparse.Namespace) -> _Setup:
    from epreuve_tools.cli.release import source_date_epoch
    from epreuve_tools.config import load_config
    from epreuve_tools.errors import UsageError

    config = load_config(Path.cwd())
    content = config.root / config.content
    if not content.is_dir():
        raise UsageError(f"dossier de contenu introuvable : {content}")
    try:
        epoch = source_date_epoch(content)
    except UsageError:
        if "SOURCE_DATE_EPOCH" in os.environ:
            raise
        epoch = _FALLBACK_EPOCH
    project = config.root / "site"
    if not (project / "mkdocs.yml").is_file():
        # an editable install run outside the repository: the project next to the sources
        project = Path(__file__).resolve().parents[3] / "site"
    out = Path(arguments.out) if arguments.out else config.root / DEFAULT_OUT
    return _Setup(config, content, project, out, epoch, _releases(arguments, config.root))


def _releases(arguments: argparse.Namespace, root: Path) -> Path | None:
    """The release folder whose notes the site shows: `--releases`, else build/release/ when it exists."""
    from epreuve_tools.cli.release import DEFAULT_OUT as RELEASE_OUT
    from epreuve_tools.errors import UsageError

    if arguments.releases is None:
        default = root / RELEASE_OUT
        return default if default.is_dir() else None
    folder = Path(arguments.releases)
    if not folder.is_dir():
        raise UsageError(
            f"dossier de publication introuvable : {folder}",
            hint="donnez le dossier qu'a écrit `epreuve release --out` (build/release/ par défaut)",
        )
    return folder


def run_build(arguments: argparse.Namespace) -> int:
    from epreuve_tools.cli.progress import on_progress
    from epreuve_tools.diagnostics import plural
    from epreuve_tools.preview.build import build_site

    setup = _setup(arguments)
    with on_progress(sys.stderr, "Construction du site", quiet=arguments.quiet) as progress:
        result = build_site(
            setup.config,
            setup.content,
            setup.project,
            setup.out,
            epoch=setup.epoch,
            strict=arguments.strict,
            incremental=not arguments.full,
            releases=setup.releases,
            on_progress=progress,
        )
    if isinstance(result, list):
        for diagnostic in result[:10]:
            print(
                f"{diagnostic.path}:{diagnostic.span.start.line}: {diagnostic.code} {diagnostic.message}",
                file=sys.stderr,
            )
        print(
            f"epreuve : site non construit (--strict) : `epreuve check` trouve {plural(len(result), 'erreur')}",
            file=sys.stderr,
        )
        return 1
    print(
        f"Site d'aperçu : {setup.out}/index.html\n"
        f"  {plural(result.epreuves, 'épreuve')}, {plural(result.pages, 'page')} ; "
        f"{plural(result.errors, 'erreur')} de `check` sur les pages\n"
        f"  en {result.seconds:.2f} s"
        + (
            f" (reconstruction partielle : {plural(result.changed, 'fichier')} à refaire)"
            if result.incremental
            else ""
        )
    )
    return 0


def run_serve(arguments: argparse.Namespace) -> int:
    import signal
    import threading

    from epreuve_tools.errors import UsageError
    from epreuve_tools.preview.build import build_site
    from epreuve_tools.preview.serve import Live, serving, watch

    if not 0 <= arguments.port <= 65535:
        raise UsageError(f"port invalide : {arguments.port}", hint="un nombre de 0 à 65535")
    setup = _setup(arguments)

    def rebuild() -> bool:
        started = time.perf_counter()
        try:
            result = build_site(
                setup.config,
                setup.content,
                setup.project,
                setup.out,
                epoch=setup.epoch,
                releases=setup.releases,
            )
        except UsageError as error:  # a broken file must not stop the preview: say it, keep serving
            print(f"epreuve : site non reconstruit : {error}", file=sys.stderr, flush=True)
            return False
        if isinstance(result, list):  # only with strict, which serve never asks for
            return False
        print(f"Site reconstruit en {time.perf_counter() - started:.2f} s.", flush=True)
        return True

    if not rebuild():
        return 2
    live = Live()
    stop = threading.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: stop.set())
    try:
        with serving(setup.out, arguments.port, live) as address:
            print(f"Aperçu : {address} (Ctrl+C pour arrêter)", flush=True)
            watch((setup.content, setup.project), rebuild, live, stop)
    except OSError as error:
        raise UsageError(f"serveur impossible sur le port {arguments.port} : {error.strerror}") from None
    print("Aperçu arrêté.", flush=True)
    return 0
