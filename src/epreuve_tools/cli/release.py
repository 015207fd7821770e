"""`epreuve release [--dev] [--out DIR]`: check, pack one bundle per parcours, sign a TUF repository;
`epreuve release refresh`: re-sign the timestamp (and what nears expiry) for a scheduled CI job."""

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
            "Sans --dev : la racine publiée par epreuve trust publish doit être dans DOSSIER/metadata/ ;\n"
            "clé targets : --targets-key FICHIER ou la variable EPREUVE_TARGETS_KEY (le PEM) ; clé online\n"
            "(snapshot, timestamp) : --online-key ou EPREUVE_ONLINE_KEY ; phrase de passe des clés\n"
            "chiffrées : EPREUVE_KEY_PASSPHRASE ou saisie. Aucune clé n'est affichée ni écrite.\n"
            "refresh : signe un nouveau timestamp (et snapshot ou targets proches de l'expiration),\n"
            "sans rien changer au contenu : pour une tâche planifiée de la CI.\n"
            "Date : SOURCE_DATE_EPOCH (chiffres seulement), sinon la date du dernier commit du contenu.\n"
            "Code de sortie : 0 publié, 1 contenu en erreur, 2 erreur d'usage."
        ),
    )
    parser.add_argument("action", nargs="?", choices=("refresh",), help="refresh : rafraîchir les signatures")
    parser.add_argument("--dev", action="store_true", help="clés de développement jetables (build/dev-keys/)")
    parser.add_argument(
        "--out", metavar="DOSSIER", help="dossier de la publication (défaut : build/release/)"
    )
    parser.add_argument(
        "--targets-key", metavar="FICHIER", help="clé privée targets (sinon EPREUVE_TARGETS_KEY)"
    )
    parser.add_argument(
        "--online-key", metavar="FICHIER", help="clé privée online (sinon EPREUVE_ONLINE_KEY)"
    )
    parser.add_argument(
        "--team-key",
        action="append",
        default=[],
        metavar="NOM=FICHIER",
        help="clé privée d'une équipe déléguée (sinon EPREUVE_TEAM_KEY_NOM)",
    )
    parser.add_argument(
        "--trust", metavar="DOSSIER", help="dossier de confiance, pour les équipes (défaut : trust/)"
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="sans barre de progression (elle ne s'affiche que dans un terminal)",
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
    from epreuve_tools.cli.progress import on_progress, terminal_progress
    from epreuve_tools.config import load_config
    from epreuve_tools.diagnostics import Severity, plural
    from epreuve_tools.selection import Selection

    started = time.perf_counter()
    config = load_config(Path.cwd())
    out = Path(arguments.out) if arguments.out else config.root / DEFAULT_OUT
    if arguments.action == "refresh":
        return _refresh(arguments, config.root, out)
    # keys first: a missing key or passphrase stops the release before the check's minutes
    signers = _signers(arguments, config.root, need_targets=True)
    content = config.root / config.content
    epoch = source_date_epoch(content)
    selection = Selection(config.select, config.ignore, config.severity, config.per_file_ignores)
    bar = terminal_progress(sys.stderr, quiet=arguments.quiet)
    with Analyser.for_command(None, use_cache=True) as analyser:
        options = CheckOptions(paths=(content,), config=config, selection=selection, progress=bar)
        report, _ = run_check(options, analyser)
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

    from epreuve_tools.bundle.pack import ChangedSinceCheck, load_content
    from epreuve_tools.release.repository import DEVELOPMENT, PRODUCTION, ensure_dev_root, write_release

    lifetimes = DEVELOPMENT if arguments.dev else PRODUCTION
    teams = _teams(arguments, config.root)
    try:
        # only the bytes the check analysed: a file edited since refuses the release (below)
        checked_content = load_content(content, report.checked)
        if arguments.dev:
            ensure_dev_root(out, signers, epoch, lifetimes)
        with on_progress(sys.stderr, "Emballage des parcours", quiet=arguments.quiet) as progress:
            result = write_release(
                checked_content,
                out,
                signers,
                epoch=epoch,
                now=datetime.now(UTC),
                lifetimes=lifetimes,
                teams=teams,
                team_signers=_team_signers(arguments, teams),
                on_progress=progress,
            )
    except ChangedSinceCheck as refusal:
        shown = _shown(refusal.path, config.root)
        print(
            f"epreuve : publication refusée, rien n'est publié : {shown} {refusal.what} pendant la "
            "publication : relancez epreuve release",
            file=sys.stderr,
        )
        return 1
    changed = sum(p.changed for p in result.parcours)
    kind = (
        f"Publication de développement (clés NON CHIFFRÉES de {DEV_KEYS}/, jamais en production)"
        if arguments.dev
        else "Publication"
    )
    print(
        f"{kind} : {out}\n"
        f"  {len(result.parcours)} parcours, dont {changed} nouveaux ou modifiés ; "
        f"targets v{result.targets_version}, snapshot v{result.snapshot_version}, "
        f"timestamp v{result.timestamp_version}\n"
        f"  racine de confiance : {out / 'metadata' / '1.root.json'}\n"
        + (f"  notes de publication : {result.changelog}\n" if result.changelog else "")
        + f"  en {time.perf_counter() - started:.2f} s"
    )
    return 0


def _shown(path: Path, root: Path) -> str:
    """A path as `check` shows it: relative to the project root when inside it."""
    absolute = Path(os.path.abspath(path))
    return absolute.relative_to(root).as_posix() if absolute.is_relative_to(root) else str(path)


def _signers(arguments: argparse.Namespace, root: Path, *, need_targets: bool) -> dict[str, Any]:
    """The signers by role name: the development keys, or the team's from files or CI variables."""
    from epreuve_tools.release.keys import dev_signers, signer_from

    if arguments.dev:
        if arguments.targets_key or arguments.online_key:
            raise UsageError(
                "--dev signe avec les clés de développement : retirez --targets-key/--online-key"
            )
        return dict(dev_signers(root / DEV_KEYS))
    signers: dict[str, Any] = {
        "online": signer_from(arguments.online_key, "EPREUVE_ONLINE_KEY", purpose="clé online")
    }
    if need_targets or arguments.targets_key or os.environ.get("EPREUVE_TARGETS_KEY"):
        signers["targets"] = signer_from(arguments.targets_key, "EPREUVE_TARGETS_KEY", purpose="clé targets")
    return signers


def _teams(arguments: argparse.Namespace, root: Path) -> tuple[Any, ...]:
    from epreuve_tools.release.trust import load_teams

    if arguments.dev:
        return ()
    return load_teams(Path(arguments.trust) if arguments.trust else root / "trust")


def _team_signers(arguments: argparse.Namespace, teams: tuple[Any, ...]) -> dict[str, Any]:
    """Each team's signer that is at hand: `--team-key NAME=FILE`, else its CI variable if set."""
    from epreuve_tools.release.keys import signer_from
    from epreuve_tools.release.repository import team_key_variable

    files: dict[str, str] = {}
    for given in arguments.team_key:
        name, equals, file = given.partition("=")
        if not equals or not file:
            raise UsageError(f"--team-key attend NOM=FICHIER : {given!r}")
        files[name] = file
    unknown = sorted(set(files) - {team.name for team in teams})
    if unknown:
        raise UsageError(
            f"--team-key pour une équipe inconnue : {', '.join(unknown)}", hint="epreuve trust add-team"
        )
    signers = {}
    for team in teams:
        variable = team_key_variable(team.name)
        if team.name in files or os.environ.get(variable):
            signers[team.name] = signer_from(
                files.get(team.name), variable, purpose=f"clé de l'équipe {team.name}"
            )
    return signers


def _refresh(arguments: argparse.Namespace, root: Path, out: Path) -> int:
    from epreuve_tools.release.repository import DEVELOPMENT, PRODUCTION, refresh_release

    signers = _signers(arguments, root, need_targets=False)
    result = refresh_release(
        out,
        signers,
        now=datetime.now(UTC),
        lifetimes=DEVELOPMENT if arguments.dev else PRODUCTION,
        team_signers=_team_signers(arguments, _teams(arguments, root)),
    )
    print(
        f"Publication rafraîchie : {out}\n"
        f"  signé à nouveau : {', '.join(result.resigned)} ; targets v{result.targets_version}, "
        f"snapshot v{result.snapshot_version}, timestamp v{result.timestamp_version}"
    )
    return 0
