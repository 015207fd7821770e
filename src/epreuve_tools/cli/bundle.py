"""`epreuve bundle verify`: verify one parcours of a release as a runtime does, and install it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from epreuve_tools.errors import UsageError


def register(commands: Any) -> None:
    from epreuve_tools.cli.parser import FrenchParser

    parser = commands.add_parser("bundle", help="vérifier un paquet de parcours publié")
    actions = parser.add_subparsers(title="actions", metavar="ACTION", parser_class=FrenchParser)
    actions.required = True
    verify = actions.add_parser(
        "verify",
        help="vérifier un parcours d'une publication et l'installer",
        description=(
            "Vérifie le parcours ID de la publication DOSSIER comme le fait le moteur : client TUF\n"
            "(python-tuf ngclient) depuis la racine de confiance ROOT_JSON, puis les règles d'archive\n"
            "et de contenu, puis installation atomique dans --dest. --state garde les métadonnées de\n"
            "confiance et les versions installées ; rien n'y est écrit si le paquet est refusé.\n"
            "Code de sortie : 0 installé ou déjà à jour, 1 refusé (code BUNDLE-0xx stable), 2 usage."
        ),
    )
    verify.add_argument("--repo", required=True, metavar="DOSSIER", help="la publication (dossier local)")
    verify.add_argument("--root", required=True, metavar="ROOT_JSON", help="racine de confiance livrée")
    verify.add_argument("--state", required=True, metavar="DOSSIER", help="état de confiance du moteur")
    verify.add_argument("--parcours", required=True, metavar="ID", help="id du parcours")
    verify.add_argument("--dest", metavar="DOSSIER", help="où installer le parcours (DOSSIER/ID)")
    verify.add_argument("--format", choices=("text", "json"), default="text", help="format du résultat")
    verify.set_defaults(handler=run_verify)


def run_verify(arguments: argparse.Namespace) -> int:
    import time

    from epreuve_tools.bundle.errors import BundleError
    from epreuve_tools.release.verify import verify_bundle

    started = time.perf_counter()
    try:
        root = Path(arguments.root).read_bytes()
    except OSError as error:
        raise UsageError(f"racine de confiance illisible : {arguments.root} ({error.strerror})") from None
    try:
        bundle = verify_bundle(
            repo=Path(arguments.repo),
            root=root,
            state=Path(arguments.state),
            parcours=arguments.parcours,
            dest=Path(arguments.dest) if arguments.dest else None,
        )
    except BundleError as error:
        if arguments.format == "json":
            document = {
                "status": "refused",
                "parcours": arguments.parcours,
                "code": error.code,
                "message": error.message,
            }
            print(json.dumps(document, ensure_ascii=False))
        else:
            print(f"epreuve : paquet refusé : {error.render()}", file=sys.stderr)
        return 1
    if arguments.format == "json":
        document = {
            "status": bundle.status,
            "parcours": bundle.parcours,
            "version": bundle.version,
            "sha256": bundle.sha256,
            "path": str(bundle.path) if bundle.path else None,
            "epreuves": len(bundle.records),
        }
        print(json.dumps(document, ensure_ascii=False))
        return 0
    said = {
        "installed": "installé",
        "current": "déjà à jour",
        "verified": "vérifié (rien installé sans --dest)",
    }
    where = f" dans {bundle.path}" if bundle.path else ""
    print(
        f"{bundle.parcours} version {bundle.version} : {said[bundle.status]}{where} "
        f"({len(bundle.records)} épreuves, {time.perf_counter() - started:.2f} s)"
    )
    return 0
