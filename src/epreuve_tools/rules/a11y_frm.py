"""Accessibility of answer fields (A11Y-FRM): every blank gets a real label, by Pix's own rule.

RGAA criteria 11.1 and 11.2, WCAG 1.3.1, 3.3.2 and 4.1.2. How mon-pix labels a field
(`proposals-as-blocks.js`, `MINIMUM_SIZE_FOR_LABEL = 6`): a `§label` is its aria-label; otherwise the
text just before it becomes its visible label when that text is longer than 6 characters;
otherwise the field keeps an automatic aria-label, its number (« 1 », « 2 »…). A placeholder
(`#…`) is shown in the empty field only and is no label (RGAA 11.1), yet a browser audit passes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.registry import document_rule

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve
    from epreuve_tools.parsing.blanks import Blank

# mon-pix's MINIMUM_SIZE_FOR_LABEL: the text before a field labels it only when longer than this
MINIMUM_SIZE_FOR_LABEL = 6


def _unlabelled(epreuve: Epreuve) -> Iterator[tuple[Blank, str]]:
    """Blanks with no `§` label whose preceding text on their line is too short to label them.

    The text is counted as Pix counts it: as written, from the previous field of the line (or the
    line start) to the field. The catalogue reads it on the field's line: a label on the line above
    would be read by Pix with a line break in it, which is no better.
    """
    if not epreuve.blanks:
        return
    lines = epreuve.body.text.split("\n")
    previous_end: tuple[int, int] = (0, 0)  # (file line, column after the previous field)
    for blank in epreuve.blanks:
        line_number, column = blank.span.start
        start = previous_end[1] - 1 if previous_end[0] == line_number else 0
        previous_end = (blank.span.end.line, blank.span.end.column)
        if blank.malformed or (blank.label is not None and blank.label.strip()):
            continue
        index = line_number - epreuve.body.first_line
        line = lines[index] if 0 <= index < len(lines) else ""
        before = line[start : column - 1]
        if blank.label is not None or len(before) <= MINIMUM_SIZE_FOR_LABEL or not before.strip():
            yield blank, before.strip()


def _hint(before: str) -> str:
    if before:
        return f"ajoutez un libellé après `§`, par exemple `§{before.rstrip(' :')} …`, ou écrivez avant le champ le texte qui le décrit (plus de 6 caractères)"
    return "ajoutez un libellé après `§` (`${clé§Ville de naissance}`), ou écrivez avant le champ, sur sa ligne, le texte qui le décrit (plus de 6 caractères)"


@document_rule(
    "A11Y-FRM-001",
    "blank-without-label",
    Severity.ERROR,
    refs="RGAA 11.1, 11.2 ; WCAG 1.3.1 (A), 3.3.2 (A), 4.1.2 (A)",
)
def blank_without_label(epreuve: Epreuve) -> Iterator[Problem]:
    """Un champ `${…}` n'a pas d'autre étiquette que son numéro : ni `§libellé`, ni texte assez long avant lui.

    Pourquoi : Pix prend pour étiquette d'un champ son `§libellé`, sinon le texte qui le précède
    s'il fait plus de 6 caractères, sinon un simple numéro (« 1 ») : un lecteur d'écran annonce
    alors « champ 1 », sans dire ce qu'il faut y écrire. Le texte avant le champ se compte sur sa
    ligne, depuis le champ précédent. Un `§` suivi de rien (`${ville§}`) retire même le numéro.

    Mauvais : `Nom : ${nom}` (« Nom : » ne fait que 6 caractères), ou `${ville§}`.
    Bon : `Nom de famille : ${nom}`, ou `Nom : ${nom§Nom de famille de l'agent}`.
    """
    for blank, before in _unlabelled(epreuve):
        if blank.placeholder is None or blank.label is not None:
            empty = blank.label is not None
            yield Problem(
                blank.span,
                f"le champ `{blank.key}` a un `§` sans libellé : il n'a aucune étiquette"
                if empty
                else f"le champ `{blank.key}` n'aura pour étiquette que son numéro",
                _hint(before),
            )


@document_rule(
    "A11Y-FRM-002",
    "placeholder-as-label",
    Severity.ERROR,
    refs="RGAA 11.1 ; WCAG 3.3.2 (A), 4.1.2 (A)",
)
def placeholder_as_label(epreuve: Epreuve) -> Iterator[Problem]:
    """Un champ `${clé#indication}` n'a pour étiquette que son indication (placeholder).

    Pourquoi : l'indication s'affiche dans le champ vide et disparaît dès la première frappe ; le
    RGAA (11.1) ne la compte pas comme une étiquette, et tous les lecteurs d'écran ne la lisent pas.
    Un audit dans le navigateur laisse passer ce champ : seule la source permet de le voir. Pix ne
    donne d'étiquette qu'un `§libellé` ou un texte de plus de 6 caractères avant le champ.

    Mauvais : `${date#JJ/MM/AAAA}` seul sur sa ligne.
    Bon : `Date de l'entretien : ${date#JJ/MM/AAAA}`, ou `${date#JJ/MM/AAAA§Date de l'entretien}`.
    """
    for blank, before in _unlabelled(epreuve):
        if blank.placeholder is not None and blank.label is None:
            yield Problem(
                blank.span,
                f"le champ `{blank.key}` n'a pour étiquette que son indication « {blank.placeholder} »",
                _hint(before),
            )
