"""`epreuve site build [--out DIR] [--strict]`: the preview site for reviewers (issue #11)."""

from __future__ import annotations

import argparse
import os
import sys
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
            "exemples jugés et les diagnostics de `epreuve check`), une page par parcours et un accueil.\n"
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
    build.set_defaults(handler=run_build)


def run_build(arguments: argparse.Namespace) -> int:
    from epreuve_tools.cli.release import source_date_epoch
    from epreuve_tools.config import load_config
    from epreuve_tools.diagnostics import plural
    from epreuve_tools.errors import UsageError
    from epreuve_tools.preview.build import build_site

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
    result = build_site(config, content, project, out, epoch=epoch, strict=arguments.strict)
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
        f"Site d'aperçu : {out}/index.html\n"
        f"  {plural(result.epreuves, 'épreuve')}, {plural(result.pages, 'page')} ; "
        f"{plural(result.errors, 'erreur')} de `check` sur les pages\n"
        f"  en {result.seconds:.2f} s"
    )
    return 0
