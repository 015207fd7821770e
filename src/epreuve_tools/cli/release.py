"""`epreuve release --dev [--out DIR]`: check, pack one bundle per parcours, sign a TUF repository."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from epreuve_tools.errors import UsageError

DEV_KEYS = Path("build") / "dev-keys"
DEFAULT_OUT = Path("build") / "release"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "release",
        help="publier les parcours en paquets signés (dépôt TUF)",
        description=(
            "Vérifie le contenu comme `epreuve check` (aucune erreur admise), emballe un paquet par\n"
            "parcours à partir des seules épreuves validées et écrit une publication TUF signée :\n"
            "metadata/ (1.root.json est la racine de confiance à livrer) et targets/.\n"
            "--dev signe avec des clés jetables NON CHIFFRÉES de build/dev-keys/, créées au premier\n"
            "usage : DANGEREUX EN PRODUCTION, pour essayer la chaîne seulement.\n"
            "Date : SOURCE_DATE_EPOCH (chiffres seulement), sinon la date du dernier commit du contenu.\n"
            "Code de sortie : 0 publié, 1 contenu en erreur, 2 erreur d'usage."
        ),
    )
    parser.add_argument("--dev", action="store_true", help="clés de développement (seul mode pour l'instant)")
    parser.add_argument(
        "--out", metavar="DOSSIER", help="dossier de la publication (défaut : build/release/)"
    )
    parser.set_defaults(handler=run)


def source_date_epoch(content: Path) -> int:
    """SOURCE_DATE_EPOCH, else the commit time of the content; never the wall clock (SIGNING.md §6)."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is not None:
        if not value.isascii() or not value.isdigit():
            raise UsageError(f"SOURCE_DATE_EPOCH doit être un nombre de secondes : {value!r}")
        return int(value)
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "."],
            cwd=content,
            capture_output=True,
            text=True,
            check=True,
        )
        return int(result.stdout.strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        raise UsageError(
            "date de publication inconnue : ni SOURCE_DATE_EPOCH ni commit git du contenu",
            hint="export SOURCE_DATE_EPOCH=$(date +%s)",
        ) from None


def run(arguments: argparse.Namespace) -> int:
    import time

    from epreuve_tools.analyser import Analyser
    from epreuve_tools.checker import CheckOptions, run_check
    from epreuve_tools.config import load_config
    from epreuve_tools.diagnostics import Severity, plural
    from epreuve_tools.selection import Selection

    if not arguments.dev:
        raise UsageError(
            "seule la publication de développement existe pour l'instant : epreuve release --dev",
            hint="les clés de production (keys generate, trust) ne sont pas encore écrites",
        )
    started = time.perf_counter()
    config = load_config(Path.cwd())
    content = config.root / config.content
    epoch = source_date_epoch(content)
    selection = Selection(config.select, config.ignore, config.severity, config.per_file_ignores)
    with Analyser.for_command(None, use_cache=True) as analyser:
        report, _ = run_check(CheckOptions(paths=(content,), config=config, selection=selection), analyser)
    errors = [d for d in report.active() if d.severity >= Severity.ERROR]
    if errors or report.has_internal_error:
        for diagnostic in errors[:10]:
            print(
                f"{diagnostic.path}:{diagnostic.span.start.line}: {diagnostic.code} {diagnostic.message}",
                file=sys.stderr,
            )
        print(
            f"epreuve : publication refusée : `epreuve check` trouve {plural(len(errors), 'erreur')} dans {content}",
            file=sys.stderr,
        )
        return 1

    from epreuve_tools.bundle.pack import load_content
    from epreuve_tools.release.keys import dev_signers
    from epreuve_tools.release.repository import DEVELOPMENT, write_release

    out = Path(arguments.out) if arguments.out else config.root / DEFAULT_OUT
    signers = dev_signers(config.root / DEV_KEYS)
    result = write_release(
        load_content(content), out, signers, epoch=epoch, now=datetime.now(UTC), lifetimes=DEVELOPMENT
    )
    changed = sum(p.changed for p in result.parcours)
    print(
        f"Publication de développement (clés NON CHIFFRÉES de {DEV_KEYS}/, jamais en production) : {out}\n"
        f"  {len(result.parcours)} parcours, dont {changed} nouveaux ou modifiés ; "
        f"targets v{result.targets_version}, snapshot v{result.snapshot_version}, "
        f"timestamp v{result.timestamp_version}\n"
        f"  racine de confiance : {out / 'metadata' / '1.root.json'} "
        f"(clé root {result.root_keyids['root'][:16]}…)\n"
        f"  en {time.perf_counter() - started:.2f} s"
    )
    return 0
