"""TYPO-001: the French typography `epreuve fmt` would set, reported where it is missing.

The rule and the formatter share one definition (`fmt.typography`, `fmt.body`), so the rule is
quiet exactly on what `epreuve fmt` leaves unchanged. It reads the body through the tokens the
loader already parsed: no second parse.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from epreuve_tools.diagnostics import Problem, Severity, Span, plural
from epreuve_tools.registry import document_rule

if TYPE_CHECKING:  # a re-check of an unchanged tree imports no model nor parser
    from epreuve_tools.model import Epreuve

_HINT = "lancez `epreuve fmt` sur ce fichier : il pose les espaces insécables et les apostrophes ’"


def _prose_values(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    from epreuve_tools.fmt.layout import JUDGED_KEYS, PROSE_KEYS

    if isinstance(value, dict):
        for key, child in value.items():
            if key in JUDGED_KEYS:
                continue
            if isinstance(child, str) and key in PROSE_KEYS:
                yield (*path, key), child
            else:
                yield from _prose_values(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _prose_values(child, (*path, index))


@document_rule("TYPO-001", "missing-french-typography", Severity.INFO, opt_in=True)
def missing_french_typography(epreuve: Epreuve) -> Iterator[Problem]:
    """Une espace insécable ou une apostrophe typographique manque dans la prose (sur demande).

    Pourquoi : en français, « ? », « ! » et « ; » prennent une espace fine insécable avant eux,
    « : » une espace insécable, et les guillemets « » des espaces insécables à l'intérieur (Lexique
    des règles typographiques en usage à l'Imprimerie nationale) ; sans elles, le signe part seul
    à la ligne suivante sur un écran étroit. `epreuve fmt` les pose, avec l'apostrophe « ’ », dans
    la consigne, les propositions, la correction et les textes de l'en-tête (alt, title, legend,
    description…), jamais dans le code, les champs `${…}`, les liens, le HTML, ni dans `answer` et
    `examples`. La règle dit ce que `epreuve fmt` changerait. Une info, vérifiée seulement si on la
    demande (`--select TYPO-001`) : le code n'est pas dans le catalogue d'accessibilité, c'est la
    typographie de la maison.

    Mauvais : `Quelle valeur affiche la cellule A11 ?` (une espace ordinaire avant « ? »)
    Bon : `Quelle valeur affiche la cellule A11 ?` (l'espace fine insécable U+202F, posée par `epreuve fmt`)
    """
    from epreuve_tools.fmt.body import body_edits
    from epreuve_tools.fmt.layout import MARKDOWN_KEYS
    from epreuve_tools.fmt.typography import prose_edits

    locale = epreuve.locale.lower() if isinstance(epreuve.locale, str) else "fr"
    if not locale.startswith("fr"):
        return
    body = epreuve.body
    if body.text:
        for placed in body_edits(body.text, body.tokens):
            line = body.first_line + placed.line
            column = placed.column + 1
            yield Problem(Span.at(line, column, line, column + 1), placed.edit.message, _HINT)
    for path, value in _prose_values(dict(epreuve.front_matter), ()):
        edits = prose_edits(value, markdown=path[-1] in MARKDOWN_KEYS)
        if edits:
            yield Problem(
                epreuve.source_map.value(path),
                f"{path[-1]} : {plural(len(edits), 'correction typographique', 'corrections typographiques')}"
                f" à faire ({edits[0].message})",
                _HINT,
            )
