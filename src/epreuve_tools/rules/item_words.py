"""What the word-level ITEM rules share: each QCU/QCM proposal as a `Passage`, split by the key.

The passages are those the sensory rules already read (`a11y_french.passages`, made once per
épreuve): words with their place in the file, and what is bold, quoted or code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from epreuve_tools.kinds import EpreuveType
from epreuve_tools.rules.a11y_french import INSTRUCTION, PROPOSAL, Passage, passages
from epreuve_tools.rules.item_facts import right_numbers

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve


@dataclass(frozen=True, slots=True)
class Choices:
    """The proposals of a QCU or QCM as passages: the right ones and the wrong ones."""

    right: tuple[Passage, ...]
    wrong: tuple[Passage, ...]


def choices(epreuve: Epreuve) -> Choices | None:
    """The épreuve's proposals split by its key; None unless a QCU/QCM with both kinds."""
    if epreuve.type not in (EpreuveType.QCU, EpreuveType.QCM):
        return None
    right = set(right_numbers(epreuve))
    count = len(epreuve.body.proposals or ())
    if not right or not right <= set(range(1, count + 1)) or len(right) == count:
        return None
    # a proposal over several lines is several passages: its first one stands for it
    first: dict[int, Passage] = {}
    for passage in passages(epreuve):
        if passage.kind == PROPOSAL and passage.proposal is not None:
            first.setdefault(passage.proposal, passage)
    found = Choices(
        tuple(p for n, p in sorted(first.items()) if n in right),
        tuple(p for n, p in sorted(first.items()) if n not in right),
    )
    return found if found.right and found.wrong else None


def instruction_passages(epreuve: Epreuve) -> list[Passage]:
    return [passage for passage in passages(epreuve) if passage.kind == INSTRUCTION]


def numbers(found: list[Passage]) -> str:
    """« la proposition 2 », « les propositions 1 et 3 »."""
    shown = [str(p.proposal) for p in found]
    if len(shown) == 1:
        return f"la proposition {shown[0]}"
    return f"les propositions {', '.join(shown[:-1])} et {shown[-1]}"
