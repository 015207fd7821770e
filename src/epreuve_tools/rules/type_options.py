"""Front-matter keys that the épreuve's type ignores."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.registry import document_rule

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve

_FREE_TEXT_ONLY = ("format", "tolerances")


@document_rule("SEM-020", "option-ignored-by-type", Severity.WARNING)
def option_ignored_by_type(epreuve: Epreuve) -> Iterator[Problem]:
    """Une clé de l'en-tête est sans effet pour ce type d'épreuve.

    `format` et `tolerances` ne servent qu'aux réponses libres (QROC, QROCM) ; `shuffle` ne sert
    qu'aux QCU et QCM.

    Pourquoi : une clé sans effet trompe le relecteur sur ce que voit l'apprenant (un ordre qu'il croit
    mélangé, une tolérance qu'il croit active).

    Mauvais :
        type: qroc
        shuffle: true
    Bon :
        type: qcu
        shuffle: true
    """
    if epreuve.type is None:
        return
    ignored = _FREE_TEXT_ONLY if epreuve.type.has_proposals_list else ("shuffle",)
    for key in ignored:
        if key in epreuve.front_matter:
            yield Problem(
                epreuve.source_map.key((key,)),
                f"`{key}` est sans effet pour une épreuve de type {epreuve.type.value}",
                "retirez cette clé",
            )
