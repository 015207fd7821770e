"""ITEM-005 and ITEM-006: absolute words only in the distractors, hedges only in the key.

Haladyna, Downing & Rodriguez (2002), « A Review of Multiple-Choice Item-Writing Guidelines for
Classroom Assessment », Applied Measurement in Education 15(3), 309-334, guideline 28a (« specific
determiners »): a test-wise learner knows that « toujours » and « jamais » are rarely true, and that
« généralement » or « peut » belong to the careful answer the author wrote to be right.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.registry import document_rule
from epreuve_tools.rules.a11y_french import forms
from epreuve_tools.rules.item_above import refers_to_others
from epreuve_tools.rules.item_words import choices, numbers

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve
    from epreuve_tools.rules.a11y_french import Passage, Word

ABSOLUTES = forms(
    "toujours", "jamais", "tous", "toutes", "aucun", "aucune", "rien", "systématiquement",
    "forcément", "obligatoirement", "nécessairement", "absolument", "totalement", "complètement",
    "entièrement", "uniquement", "exclusivement", "impossible", "garantit", "garantie", "suffit",
)  # fmt: skip
HEDGES = forms(
    "généralement", "souvent", "parfois", "peut", "peuvent", "peut-être", "possible", "possiblement",
    "probablement", "habituellement", "plupart", "certains", "certaines", "éventuellement",
    "notamment", "principalement",
)  # fmt: skip


def _first(passages: tuple[Passage, ...], lexicon: frozenset[str]) -> list[tuple[Passage, Word]]:
    """Each passage holding a word of `lexicon` (outside quotes), with its first such word."""
    found = []
    for passage in passages:
        word = next((w for w in passage.words if w.key in lexicon and not passage.is_quoted(w.start)), None)
        if word is not None:
            found.append((passage, word))
    return found


@document_rule("ITEM-005", "absolute-words-in-distractors", Severity.INFO)
def absolute_words_in_distractors(epreuve: Epreuve) -> Iterator[Problem]:
    """Des mots absolus (« toujours », « jamais », « aucun »…) ne figurent que dans les mauvaises réponses.

    Pourquoi : l'apprenant averti sait qu'une affirmation absolue est rarement vraie et l'écarte
    sans rien savoir du sujet (Haladyna, Downing et Rodriguez, 2002, règle 28a). Le diagnostic
    tombe quand une bonne réponse en porte aussi, ou quand le mot est cité entre guillemets ; une
    proposition qui vaut pour les autres (« Toutes les réponses ») relève de ITEM-004. Une
    info : une mauvaise réponse peut être fausse justement parce qu'elle est absolue ; qu'alors une
    bonne réponse le soit aussi ailleurs dans la banque.

    Mauvais :
        - Vous compressez la vidéo, ce qui suffit toujours à passer la limite
        - Vous déposez la vidéo sur le service de partage et envoyez le lien
    Bon :
        - Vous compressez la vidéo au format ZIP
        - Vous déposez la vidéo sur le service de partage et envoyez le lien
    """
    split = choices(epreuve)
    if split is None or _first(split.right, ABSOLUTES):
        return
    # « Toutes les réponses » is ITEM-004's (or A11Y-SNS-004's), not a specific determiner
    standing_for_others = refers_to_others(epreuve)
    wrong = tuple(p for p in split.wrong if p.proposal not in standing_for_others)
    found = _first(wrong, ABSOLUTES)
    if not found:
        return
    passage, word = found[0]
    yield Problem(
        passage.span(word.start, word.end),
        f"« {word.text} » et les mots absolus ne figurent que dans des mauvaises réponses "
        f"({numbers([p for p, _ in found])}) : ils les désignent",
        "retirez le mot absolu, ou écrivez des bonnes réponses qui en portent aussi ailleurs",
    )


@document_rule("ITEM-006", "hedge-words-in-key", Severity.INFO)
def hedge_words_in_key(epreuve: Epreuve) -> Iterator[Problem]:
    """Des mots prudents (« généralement », « peut », « souvent »…) ne figurent que dans la bonne réponse.

    Pourquoi : l'auteur nuance la réponse qu'il veut juste, et l'apprenant averti coche la seule
    proposition prudente (Haladyna, Downing et Rodriguez, 2002, règle 28a). Le diagnostic tombe
    quand une mauvaise réponse en porte aussi, ou quand le mot est cité entre guillemets. Une info.

    Mauvais :
        - Un logiciel libre peut généralement être modifié et redistribué
        - Un logiciel libre est gratuit
    Bon :
        - Un logiciel libre peut être modifié et redistribué
        - Un logiciel libre peut être utilisé sans licence
    """
    split = choices(epreuve)
    if split is None or _first(split.wrong, HEDGES):
        return
    found = _first(split.right, HEDGES)
    if not found:
        return
    passage, word = found[0]
    yield Problem(
        passage.span(word.start, word.end),
        f"« {word.text} » et les mots prudents ne figurent que dans la bonne réponse "
        f"({numbers([p for p, _ in found])}) : ils la désignent",
        "retirez la nuance, ou nuancez aussi une mauvaise réponse",
    )
