"""`epreuve rule [CODE]`: the documentation of one rule, or the list of all."""

from __future__ import annotations

import argparse
from typing import Any

from epreuve_tools.errors import UsageError

_SEVERITIES = {"error": "erreur", "warning": "avertissement", "info": "info"}


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "rule",
        help="afficher la documentation d'une règle (ou la liste des règles)",
        description="Sans argument, liste toutes les règles ; avec un code (SEM-005), affiche sa documentation.",
    )
    parser.add_argument("code", nargs="?", metavar="CODE", help="code de la règle, par exemple SEM-005")
    parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    from epreuve_tools.rules import REGISTRY

    if arguments.code is None:
        for rule in sorted(REGISTRY.values(), key=lambda r: r.code):
            print(f"{rule.code:<13} {rule.name:<32} {_SEVERITIES[rule.severity.label]:<14} {rule.summary}")
        return 0
    code = arguments.code.upper()
    found = REGISTRY.get(code) or next((r for r in REGISTRY.values() if r.name == arguments.code), None)
    if found is None:
        import difflib

        close = difflib.get_close_matches(code, list(REGISTRY), n=1)
        hint = f"vouliez-vous dire {close[0]} ?" if close else "`epreuve rule` liste les codes"
        raise UsageError(f"règle inconnue : {arguments.code}", hint=hint)
    print(f"{found.code} ({found.name}) — gravité par défaut : {_SEVERITIES[found.severity.label]}")
    if found.refs:
        print(f"Références : {found.refs}")
    if found.locked:
        print("Règle de sécurité : toujours active, ni ignorée, ni abaissée, ni levée par une dérogation")
    print()
    print(found.doc)
    return 0
