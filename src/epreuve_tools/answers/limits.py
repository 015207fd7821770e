"""Bounds on the work of judging: a response, like a content file, is hostile until proven otherwise.

Pix judges whatever it receives; this tool refuses what would cost it seconds or gigabytes, and says so
in French (:class:`JudgingLimitError`). The bounds sit far above real responses (a few fields of a few
words), so no normal judgement meets them:

* a response has at most :data:`MAX_RESPONSE_LENGTH` characters, and so has the text of each of its YAML
  values once the aliases (``&a`` / ``*a``) are expanded; a YAML response has at most
  :data:`MAX_RESPONSE_NODES` values once expanded (a "billion laughs" costs nothing more than its text);
* one judgement, or all the examples of one épreuve judged by ``epreuve check``, makes at most
  :data:`MAX_COMPARISONS` comparisons of a response with an accepted answer, over at most
  :data:`MAX_COMPARED_CHARACTERS` characters (the two strings' lengths added up, for each comparison);
* an explanation lists at most :data:`MAX_LISTED_CANDIDATES` accepted answers per field, and says how many
  it leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

MAX_RESPONSE_LENGTH: Final = 10_000
# Without aliases a value takes at least one character of text: only aliases can go past this.
MAX_RESPONSE_NODES: Final = MAX_RESPONSE_LENGTH
# Real épreuves ask for about a hundred comparisons of a few dozen characters each.
MAX_COMPARISONS: Final = 20_000
MAX_COMPARED_CHARACTERS: Final = 1_000_000
MAX_LISTED_CANDIDATES: Final = 20


class JudgingLimitError(ValueError):
    """Judging this response would go past a bound: the tool does not judge it (Pix would).

    ``message`` is French and says which bound, by how much, and what to do.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _n(number: int) -> str:
    """A number the French way: 20 000."""
    return f"{number:,}".replace(",", " ")


def response_too_long(length: int) -> JudgingLimitError:
    return JudgingLimitError(
        f"réponse trop longue : {_n(length)} caractères, l'outil n'en juge pas plus de "
        f"{_n(MAX_RESPONSE_LENGTH)}"
    )


def expansion_too_large(what: str, limit: int, unit: str) -> JudgingLimitError:
    return JudgingLimitError(
        f"{what} : une fois les alias YAML (`&a` / `*a`) développés, la réponse dépasse {_n(limit)} {unit} ; "
        "l'outil ne la juge pas (écrivez les valeurs sans ancres ni alias)"
    )


@dataclass(slots=True)
class Budget:
    """What is left of the comparison work one judgement, or one épreuve's examples, may do.

    Shared by several :func:`~epreuve_tools.answers.judge` calls, it bounds their total.
    """

    comparisons: int = MAX_COMPARISONS
    characters: int = MAX_COMPARED_CHARACTERS

    def spend(self, comparisons: int, characters: int) -> None:
        """Take the work of comparing, or raise :class:`JudgingLimitError` (nothing is taken then)."""
        if comparisons > self.comparisons or characters > self.characters:
            raise JudgingLimitError(
                f"trop de travail pour juger : {_n(comparisons)} comparaisons sur {_n(characters)} caractères "
                f"demandées, il en reste {_n(self.comparisons)} sur {_n(self.characters)} (au plus "
                f"{_n(MAX_COMPARISONS)} comparaisons et {_n(MAX_COMPARED_CHARACTERS)} caractères comparés)"
            )
        self.comparisons -= comparisons
        self.characters -= characters
