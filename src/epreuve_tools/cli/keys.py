"""`epreuve keys generate NAME`: a new Ed25519 signing key, encrypted, and its public key."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(commands: Any) -> None:
    from epreuve_tools.cli.parser import FrenchParser

    parser = commands.add_parser("keys", help="créer une clé de signature")
    actions = parser.add_subparsers(title="actions", metavar="ACTION", parser_class=FrenchParser)
    actions.required = True
    generate = actions.add_parser(
        "generate",
        help="créer une clé Ed25519 chiffrée (NOM.pem) et sa clé publique (NOM.pub)",
        description=(
            "Crée NOM.pem, la clé privée chiffrée par une phrase de passe (PKCS#8 PEM, lisible par vous\n"
            "seul), et NOM.pub, la clé publique à donner à qui prépare la racine (epreuve trust).\n"
            "La phrase de passe est demandée sans écho, ou lue dans EPREUVE_KEY_PASSPHRASE ;\n"
            "jamais en argument. Seul l'identifiant de la clé est affiché.\n"
            "Gardez NOM.pem hors du dépôt git : sur une clé USB, un coffre, ou le secret de la CI."
        ),
    )
    generate.add_argument(
        "name", metavar="NOM", help="chemin de la clé, sans extension (ex. cles/alice-root)"
    )
    generate.set_defaults(handler=run_generate)


def run_generate(arguments: argparse.Namespace) -> int:
    from epreuve_tools.release.keys import KeyProblem, generate_key, read_passphrase

    name = Path(arguments.name)
    if name.suffix in {".pem", ".pub"}:
        name = name.with_suffix("")
    private = name.with_suffix(".pem")
    if not private.parent.is_dir():
        raise KeyProblem(f"dossier introuvable : {private.parent}", hint="créez-le d'abord (mkdir)")
    passphrase = read_passphrase(confirm=True, purpose=f"nouvelle clé {name.name}")
    keyid = generate_key(private, passphrase)
    print(f"clé {keyid}\n  privée (chiffrée, 0600) : {private}\n  publique : {private.with_suffix('.pub')}")
    return 0
