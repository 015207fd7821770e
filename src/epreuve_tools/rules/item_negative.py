"""ITEM-009: a negative stem by « sauf », « excepté », « hormis » or « laquelle est fausse », not emphasised.

Haladyna, Downing & Rodriguez (2002), « A Review of Multiple-Choice Item-Writing Guidelines for
Classroom Assessment », Applied Measurement in Education 15(3), 309-334, guideline 17 (« word the
stem positively, avoid negatives such as NOT or EXCEPT; if used, emphasise them »). A negation by
« ne… pas » is A11Y-TXT-006's: this rule reads only the other negative stems.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.registry import document_rule
from epreuve_tools.rules.item_words import instruction_passages

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve
    from epreuve_tools.rules.a11y_french import Passage

_EXCEPT = re.compile(
    r"\b(sauf|except[ée]e?s?|hormis|à\s+l['’]exception\s+d(?:e|u|es|['’]))(?=\W|$)"
    r"|\b(?:lequel|laquelle|lesquels|lesquelles|quel|quelle|quels|quelles)\b[^.?!:]*?"
    r"\b(fausses?|faux|incorrecte?s?|inexacte?s?|erronée?s?)\b",
    re.IGNORECASE,
)
_ASKS = re.compile(
    r"\?|:\s*$|\b(?:cochez|sélectionnez|choisissez|indiquez|repérez|identifiez|lequel|laquelle|lesquels|"
    r"lesquelles|quel|quelle|quels|quelles)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.?!:]*(?:[.?!:]+|$)")


def _emphasised(passage: Passage, start: int, end: int) -> bool:
    """In bold, quoted or code (a name), or written in capitals (« SAUF »)."""
    word = passage.text[start:end]
    if word.isupper():
        return True
    return any(s <= start and end <= e for s, e in passage.named)


@document_rule("ITEM-009", "negative-stem-unemphasised", Severity.INFO)
def negative_stem_unemphasised(epreuve: Epreuve) -> Iterator[Problem]:
    """Une question négative par « sauf », « excepté », « hormis » ou « laquelle est fausse » ne met pas ce mot en évidence.

    Pourquoi : lue vite, « toutes ces pratiques sont sûres, sauf : » devient « laquelle est sûre » ;
    l'apprenant répond à l'inverse de la question (Haladyna, Downing et Rodriguez, 2002, règle 17 :
    une question positive, ou la négation mise en évidence). La négation par « ne… pas » relève de
    A11Y-TXT-006 et n'est pas signalée ici. Seules les phrases de la consigne qui demandent quelque
    chose (une question, « cochez », une phrase qui finit par deux-points) sont lues. Une info.

    Mauvais : `Toutes ces pratiques protègent un mot de passe, sauf :`
    Bon : `Toutes ces pratiques protègent un mot de passe, **sauf** :`
    """
    for passage in instruction_passages(epreuve):
        text = passage.text
        lowered = text.lower()
        if not any(
            cue in lowered for cue in ("sauf", "except", "hormis", "fau", "incorrect", "inexact", "erron")
        ):
            continue
        for sentence in _SENTENCE.finditer(text):
            if not sentence.group(0).strip() or not _ASKS.search(sentence.group(0)):
                continue
            for found in _EXCEPT.finditer(text, sentence.start(), sentence.end()):
                group = 1 if found.group(1) else 2
                start, end = found.start(group), found.end(group)
                if _emphasised(passage, start, end):
                    continue
                shown = " ".join(found.group(group).split())
                yield Problem(
                    passage.span(start, end),
                    f"question négative : « {shown} » n'est pas mis en évidence",
                    f"mettez-le en gras (`**{shown}**`), ou posez la question à la forme positive",
                )
