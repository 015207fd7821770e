"""ITEM-007: a stem ending in « un », « une », « l' » or « des » that only some proposals agree with.

Haladyna, Downing & Rodriguez (2002), « A Review of Multiple-Choice Item-Writing Guidelines for
Classroom Assessment », Applied Measurement in Education 15(3), 309-334, guideline 28c
(« grammatical inconsistencies »). Without a dictionary, agreement is read from what French
spelling shows: « l' » wants a vowel or an h, « des » a plural (-s, -x, -z), « un » and « une » a
gender that a few endings tell for sure (-tion, -ité, -ette… feminine; -ment, -isme, -oir…
masculine). A proposal whose first word says nothing is left out, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.kinds import EpreuveType
from epreuve_tools.registry import document_rule
from epreuve_tools.rules.item_words import instruction_passages

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve

_ARTICLE_AT_END = re.compile(r"(?<![\w'’])(un|une|des|l['’])\s*(?:\.\.\.|…|:)?\s*$", re.IGNORECASE)
_FIRST_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_MARKUP = re.compile(r"[*_`«»\"“”]")
_VOWEL_OR_H = frozenset("aeiouyhàâäéèêëîïôöùûüœæ")
_FEMININE = (
    "tion", "sion", "xion", "ité", "ette", "ure", "ance", "ence", "ise", "ière", "euse", "rice",
    "ude", "esse", "elle", "onne", "aison", "erie", "ée", "ille",
)  # fmt: skip
_MASCULINE = ("ment", "isme", "oir", "ier", "eau", "ail", "age", "at", "in", "on")
# common exceptions to the endings above
_FEMININE_WORDS = frozenset(
    {"image", "page", "plage", "cage", "rage", "nage", "main", "fin", "façon", "leçon"}
)
_MASCULINE_WORDS = frozenset(
    {"lycée", "musée", "trophée", "comité", "murmure", "silence", "chiffrement", "mur", "futur", "logiciel"}
)
_DETERMINERS = frozenset(
    {"le", "la", "les", "un", "une", "des", "du", "de", "ce", "cet", "cette", "ces", "son", "sa", "ses"}
)


def _gender(word: str) -> str | None:
    if word in _FEMININE_WORDS:
        return "une"
    if word in _MASCULINE_WORDS:
        return "un"
    # feminine endings first: « -tion » also ends in « -on »
    if word.endswith(_FEMININE):
        return "une"
    if word.endswith(_MASCULINE):
        return "un"
    return None


def agrees(article: str, proposal: str) -> bool | None:
    """Whether `proposal` can follow `article`; None when its spelling does not tell."""
    found = _FIRST_WORD.search(_MARKUP.sub("", proposal))
    if found is None:
        return None
    word = found.group(0).lower()
    if word in _DETERMINERS or (found.group(0)[:1].isupper() and found.start() > 0):
        return None
    if article in ("l'", "l’"):
        return word[0] in _VOWEL_OR_H
    if article == "des":
        return word[-1] in "sxz" if len(word) > 2 else None
    gender = _gender(word)
    return None if gender is None else gender == article


@document_rule("ITEM-007", "grammatical-cue", Severity.WARNING)
def grammatical_cue(epreuve: Epreuve) -> Iterator[Problem]:
    """La consigne finit par « un », « une », « l' » ou « des », et seules certaines propositions s'y accordent.

    Pourquoi : une proposition qui ne s'accorde pas avec la fin de la consigne (« une » puis
    « tableur ») est écartée par la grammaire, sans rien savoir du sujet (Haladyna, Downing et
    Rodriguez, 2002, règle 28c). L'accord est lu dans l'orthographe : « l' » devant une voyelle ou un
    h, « des » devant un pluriel en -s, -x ou -z, « un » et « une » selon quelques terminaisons sûres
    (-tion, -ité, -ette… au féminin ; -ment, -isme, -oir… au masculin). Une proposition dont le
    premier mot ne dit rien n'est pas comptée.

    Mauvais :
        Ce fichier est une :
        - feuille de calcul
        - tableur
        - traitement de texte
    Bon :
        Ce fichier est :
        - une feuille de calcul
        - un tableur
        - un traitement de texte
    """
    if epreuve.type not in (EpreuveType.QCU, EpreuveType.QCM):
        return
    stem = instruction_passages(epreuve)
    proposals = epreuve.body.proposals or ()
    if not stem or len(proposals) < 2:
        return
    last = stem[-1]
    found = _ARTICLE_AT_END.search(last.text)
    if found is None:
        return
    article = found.group(1).lower().replace("’", "'")
    verdicts = [agrees(article, proposal.text) for proposal in proposals]
    disagree = [number for number, verdict in enumerate(verdicts, start=1) if verdict is False]
    if not disagree or True not in verdicts:
        return
    shown = [str(number) for number in disagree]
    listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} et {shown[-1]}"
    yield Problem(
        last.span(found.start(1), found.end(1)),
        f"la consigne finit par « {found.group(1)} » : "
        f"{'la proposition' if len(disagree) == 1 else 'les propositions'} {listed} ne s'y "
        f"{'accorde' if len(disagree) == 1 else 'accordent'} pas, la grammaire les écarte",
        "finissez la consigne avant l'article, et mettez l'article dans chaque proposition",
    )
