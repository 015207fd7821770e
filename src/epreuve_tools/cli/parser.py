"""Argument parsing in French: argparse with French headings, usage and error messages."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from epreuve_tools import __version__

_ERRORS = (
    (re.compile(r"unrecognized arguments: (.*)"), r"arguments non reconnus : \1"),
    (re.compile(r"the following arguments are required: (.*)"), r"arguments obligatoires manquants : \1"),
    (
        re.compile(r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)"),
        r"argument \1 : choix invalide \2 (choix possibles : \3)",
    ),
    (re.compile(r"argument (\S+): expected one argument"), r"argument \1 : une valeur est attendue"),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.*)"), r"argument \1 : valeur invalide \3"),
    (re.compile(r"argument (\S+): (.*)"), r"argument \1 : \2"),
    (re.compile(r"ambiguous option: (\S+) could match (.*)"), r"option ambiguë \1 : \2"),
)


def _translate(message: str) -> str:
    for pattern, replacement in _ERRORS:
        if pattern.search(message):
            return pattern.sub(replacement, message)
    return message


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: str | None, actions, groups, prefix: str | None = None) -> None:  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, prefix="utilisation : " if prefix is None else prefix)


class FrenchParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {_translate(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    from epreuve_tools.cli import (
        answer,
        bundle,
        check,
        comfort,
        diff,
        fmt,
        keys,
        new,
        release,
        rules,
        site,
        trust,
    )

    parser = FrenchParser(
        prog="epreuve",
        description="Écrire, vérifier et publier des épreuves Pix (Markdown + en-tête YAML).",
        epilog='Exemples :\n  epreuve check content/\n  epreuve answer content/epreuves/x.md "réponse" --explain\n  epreuve rule SEM-005\n  epreuve new qcu content/epreuves/ma-question.md',
    )
    parser.add_argument(
        "--version", action="version", version=f"epreuve {__version__}", help="afficher la version"
    )
    commands = parser.add_subparsers(title="commandes", metavar="COMMANDE", parser_class=FrenchParser)
    commands.required = True
    check.register(commands)
    answer.register(commands)
    rules.register(commands)
    new.register(commands)
    fmt.register(commands)
    release.register(commands)
    keys.register(commands)
    trust.register(commands)
    diff.register(commands)
    comfort.register_completion(commands)
    bundle.register(commands)
    site.register(commands)
    return parser
