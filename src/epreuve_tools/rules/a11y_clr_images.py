"""Colour in the illustration (A11Y-CLR-003): information an image gives by colour alone.

RGAA 3.1 (test 3.1.3), WCAG 1.4.1. The source cannot see the pixels' meaning; it reads what the
author wrote about the image (alt, legend, long description): when that text names colours, the
image probably tells something by colour, and the author must say whether it does
(`illustration.colour_dependent`). The flag that follows (`daltonien: KO` unless `colour_cue` names
another cue) is checked by A11Y-META-002.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.registry import document_rule
from epreuve_tools.rules.a11y_clr import COLOURS

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve

_TEXTS = ("alt", "legend", "description")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# « noir et blanc », « gris clair sur blanc », « fond blanc »: the rendering, not a meaning
_NEUTRAL = frozenset(("noir", "blanc", "gris"))
_BACKGROUND = frozenset(("fond", "plan", "police", "texte", "écriture", "caractères", "lettres"))


def _illustration(epreuve: Epreuve) -> dict[str, Any] | None:
    illustration = epreuve.front_matter.get("illustration")
    return illustration if isinstance(illustration, dict) else None


def colour_words(text: str) -> list[str]:
    """The colours `text` names as information: not a capitalised name (« Orange »), not black,
    white or grey as the page's own rendering (« texte noir sur fond blanc »)."""
    words = [match.group() for match in _WORD.finditer(text)]
    found = []
    for index, word in enumerate(words):
        lemma = COLOURS.get(word.casefold())
        if lemma is None or (word[:1].isupper() and index > 0):
            continue
        if lemma in _NEUTRAL:
            before = {w.casefold() for w in words[max(0, index - 2) : index]}
            after = {w.casefold() for w in words[index + 1 : index + 3]}  # « gris clair sur blanc »
            if (before | after) & _BACKGROUND or (before | after) & {"et", "sur"}:
                continue
        found.append(word)
    return found


@document_rule(
    "A11Y-CLR-003", "image-colour-undeclared", Severity.WARNING, refs="RGAA 3.1 (test 3.1.3) ; WCAG 1.4.1 (A)"
)
def image_colour_undeclared(epreuve: Epreuve) -> Iterator[Problem]:
    """Le texte de l'illustration parle de couleurs, sans dire si l'image transmet une information par la couleur seule.

    Pourquoi : une personne daltonienne ne distingue pas toujours le rouge du vert ; si l'image dit
    quelque chose par la couleur seule (« les cellules en rouge sont les dépenses », une légende par
    couleurs), elle ne peut pas répondre. `epreuve check` ne voit pas ce que les couleurs de l'image
    veulent dire : il lit le texte alternatif, la légende et la description longue, et demande à
    l'auteur de le déclarer. `colour_dependent: true` : l'information passe par la couleur ; il faut
    alors `daltonien: KO`, ou un autre repère décrit dans `colour_cue` (vérifié par A11Y-META-002).
    `colour_dependent: false` : la couleur n'y porte rien d'indispensable. Le noir, le blanc et le
    gris du rendu (« texte noir sur fond blanc ») et les noms propres (« Orange ») ne comptent pas.

    Mauvais :
        illustration:
          src: images/budget.png
          alt: "Tableur du budget : les dépenses en rouge, les recettes en vert"
    Bon :
        illustration:
          src: images/budget.png
          alt: "Tableur du budget : les dépenses en rouge, les recettes en vert"
          colour_dependent: true
          colour_cue: "Les dépenses sont aussi précédées du signe moins"
    """
    illustration = _illustration(epreuve)
    if illustration is None or "colour_dependent" in illustration or illustration.get("decorative") is True:
        return
    for key in _TEXTS:
        text = illustration.get(key)
        colours = colour_words(text) if isinstance(text, str) else []
        if colours:
            yield Problem(
                epreuve.source_map.value(("illustration", key)),
                f"l'image est décrite avec des couleurs ({', '.join(dict.fromkeys(colours))}) sans dire si "
                f"elle transmet une information par la couleur seule",
                "ajoutez `colour_dependent: true` (puis `daltonien: KO`, ou un autre repère dans "
                "`colour_cue`) ou `colour_dependent: false` si la couleur n'y porte rien d'indispensable",
            )
            return
