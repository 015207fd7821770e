"""Text that `epreuve new` writes for the author to replace, still in the body."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Finding, Problem, Severity, Span
from epreuve_tools.kinds import EpreuveType
from epreuve_tools.registry import document_rule

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve

# The instruction and the correction of a skeleton are "Écrivez ici la consigne : une question…":
# the words before the colon are the placeholder, whatever the type adds after them. The skeleton
# is in `epreuve fmt`'s form: a non-breaking space before the colon.
_PHRASE_END = re.compile("[ \u00a0\u202f]?[:.«\n]")


@dataclass(frozen=True, slots=True)
class _SkeletonText:
    phrases: dict[str, str]  # placeholder sentence → what to write instead
    proposals: frozenset[str]


@functools.cache
def skeleton_texts() -> _SkeletonText:
    """The placeholders, read from the skeletons themselves so that the two cannot drift apart."""
    # imported here: loading the rules must not load markdown-it (a re-check of an unchanged tree
    # reads no file)
    from epreuve_tools.parsing.markdown import parse_body
    from epreuve_tools.parsing.source import split_front_matter
    from epreuve_tools.skeleton import skeleton

    phrases: dict[str, str] = {}
    proposals: set[str] = set()
    for kind in EpreuveType:
        split = split_front_matter(skeleton(kind, epreuve_id="x", competence="1.1", tube="@x", level=1))
        assert not isinstance(split, Finding)  # a skeleton always has its front matter
        body = parse_body(split.body, split.body_line)
        phrases[_phrase(body.instruction)] = "votre consigne"
        correction = body.containers.get("correction")
        if correction is not None:
            phrases[_phrase(correction.inner)] = "l'explication de la bonne réponse"
        proposals.update(proposal.text for proposal in body.proposals or ())
    return _SkeletonText(phrases, frozenset(proposals))


def _phrase(text: str) -> str:
    text = text.strip()
    end = _PHRASE_END.search(text)
    return text[: end.start()] if end else text


@document_rule("BODY-004", "skeleton-text-left", Severity.WARNING)
def skeleton_text_left(epreuve: Epreuve) -> Iterator[Problem]:
    """Le corps contient encore un texte d'exemple écrit par `epreuve new`.

    Pourquoi : le squelette est une épreuve valide ; une consigne « Écrivez ici la consigne » ou une
    proposition « La bonne réponse » passeraient toutes les autres vérifications et seraient
    publiées telles quelles. Les libellés des champs (`§Votre réponse`) ne sont pas signalés : ils
    peuvent convenir.
    Mauvais : `Écrivez ici la consigne : une question claire, à une seule bonne réponse.`
    Bon : `Quel niveau de partage de votre agenda choisissez-vous ?`
    """
    texts = skeleton_texts()
    body = epreuve.body
    for phrase, instead in texts.phrases.items():
        offset = body.text.find(phrase)
        if offset >= 0:
            yield Problem(
                _span(body.text, body.first_line, offset, len(phrase)),
                f"texte d'exemple du squelette laissé : « {phrase} »",
                f"remplacez-le par {instead}",
            )
    for number, proposal in enumerate(body.proposals or (), start=1):
        if proposal.text in texts.proposals:
            yield Problem(
                proposal.span,
                f"la proposition {number} est le texte d'exemple du squelette : « {proposal.text} »",
                "remplacez-la par une vraie proposition, puis vérifiez `answer`",
            )


def _span(text: str, first_line: int, offset: int, length: int) -> Span:
    line_start = text.rfind("\n", 0, offset) + 1
    line = first_line + text.count("\n", 0, line_start)
    column = offset - line_start + 1
    return Span.at(line, column, line, column + length)
