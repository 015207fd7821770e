"""What the ITEM rules keep of each épreuve for the bank-level checks (`EpreuveFacts.item`).

The bank-level rules (longest key share, key positions, near-duplicates, answers that one épreuve
gives to another) run on every check over the whole tree: they read these facts, computed once per
content by the document phase and cached with its findings, never the épreuve itself. Everything
here is a plain value marshal stores (tuples, strings, numbers), folded once, so that a bank of
10,000 épreuves costs a few set operations per épreuve.

Words are folded as Pix's T1 and T2 fold an answer (lower case, no accents, only `a-z0-9`), and
cut where A11Y-META-003 cuts a text into words (spaces and apostrophes): an answer's folded words
found in a row among a text's folded words is what its judge would be asked about.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
import zlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from epreuve_tools.kinds import EpreuveType

if TYPE_CHECKING:
    from epreuve_tools.answers.from_model import AcceptedAnswer
    from epreuve_tools.model import Epreuve

_COMBINING = re.compile("[\u0300-\u036f]+")
# what T2 drops from a folded text; the apostrophes then become spaces, where words are cut
_DROPPED = re.compile(r"[^a-z0-9\s'’]+")
_APOSTROPHES_AS_SPACES = str.maketrans("'’", "  ")
# what the page does not show of the source: images and link targets, HTML tags, blanks, emphasis
_MARKUP = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|\]\([^)\n]*\)|<[^>\n]*>|\$\{[^}\n]*\}?|[*_`#>|\[\]]")

# The sketch of an épreuve for near-duplicate blocking: the smallest hashes of its pairs of
# consecutive words (both of 4 letters or more, so that « de la » or « il faut » take no slot).
SKETCH_SIZE = 8
_SKETCH_WORD = 4
# the text compared for near-duplicates is cut here: rapidfuzz on two such texts stays ~10 µs
DUPLICATE_TEXT_LIMIT = 1200


class ItemText(NamedTuple):
    """A text of an épreuve an answer could be read in, as written, and its folded words."""

    what: str  # French, for a message: « la consigne », « la proposition 2 », « la correction »
    text: str
    line: int  # file line of the text's first line
    folded: str  # folded words separated by one space, with a space at each end


class ItemAnswer(NamedTuple):
    """An answer of an épreuve, with what the judge needs to be asked about it later."""

    shown: str  # as written in the key, or the proposal's text
    folded: str  # folded words separated by one space, with a space at each end
    role: str  # "key" (QROC/QROCM accepted text), "right" or "wrong" (QCU/QCM proposal, other option of a select)
    tolerances: tuple[str, ...]
    number_format: str | None  # "nombre" for a QROC that reads numbers
    select: bool  # a select's option: judged without tolerance
    group: str | None  # the QROCM blank or group it answers (None for a QROC, a QCU or a QCM)


class ItemFacts(NamedTuple):
    """What the bank-level ITEM rules read of one épreuve (kept as a plain tuple in the facts)."""

    shuffled: bool
    lengths: tuple[int, ...]  # visible length of each QCU/QCM proposal, in order
    right: tuple[int, ...]  # numbers of the right proposals (QCU/QCM)
    family: str | None  # the prototype a declinaison derives from, or a prototype's own id
    duplicate_text: str  # instruction and proposals, folded: what near-duplicates are measured on
    sketch: tuple[int, ...]
    # as cached: sequences in ItemText and ItemAnswer order, read as such only where a rule needs them
    texts: Sequence[Sequence[Any]]
    answers: Sequence[Sequence[Any]]

    def text_items(self) -> list[ItemText]:
        return [ItemText._make(text) for text in self.texts]

    def answer_items(self) -> list[ItemAnswer]:
        return [ItemAnswer._make(answer) for answer in self.answers]


EMPTY: tuple[Any, ...] = ()


def fold_words(text: str) -> list[str]:
    """The words of `text` as T1 and T2 fold them, empty ones dropped: cut at spaces and
    apostrophes, each keeping only its `a-z0-9` (in one pass over the text, not one per word;
    `str.split` and the pattern agree on what a space is: `str.isspace`)."""
    lowered = text.replace("\u00a0", " ").lower()
    if not lowered.isascii():  # an ASCII text has no accent to strip
        lowered = _COMBINING.sub("", unicodedata.normalize("NFD", lowered))
    return _DROPPED.sub("", lowered).translate(_APOSTROPHES_AS_SPACES).split()


# a QCU/QCM proposal is folded as a text and as an answer, one after the other
@functools.lru_cache(maxsize=256)
def folded_line(text: str) -> str:
    """« mot mot » with a space at each end: a row of words is found with `in`, never inside a word."""
    return f" {' '.join(fold_words(text))} "


def visible_length(text: str) -> int:
    """The length of a proposal as the learner reads it: without markup, spaces collapsed."""
    return len(" ".join(_MARKUP.sub("", text).split()))


def shuffled(epreuve: Epreuve) -> bool:
    return epreuve.front_matter.get("shuffle") is not False


def right_numbers(epreuve: Epreuve) -> tuple[int, ...]:
    """The numbers the key of a QCU or QCM names, in order and once each (a malformed key: none)."""
    answer = epreuve.answer
    numbers = answer if isinstance(answer, list) else [answer]
    seen: list[int] = []
    for number in numbers:
        if isinstance(number, int) and not isinstance(number, bool) and number not in seen:
            seen.append(number)
    return tuple(seen)


def family(epreuve: Epreuve) -> str | None:
    genealogy = epreuve.front_matter.get("genealogy")
    if isinstance(genealogy, dict) and isinstance(genealogy.get("declinaison"), str):
        return str(genealogy["declinaison"])
    if genealogy == "prototype":
        return epreuve.id
    return None


def sketch(words: Sequence[str]) -> tuple[int, ...]:
    """The SKETCH_SIZE smallest CRC-32 of the pairs of long words (deterministic across runs)."""
    hashes = {
        zlib.crc32(f"{first} {second}".encode())
        for first, second in itertools.pairwise(words)
        if len(first) >= _SKETCH_WORD and len(second) >= _SKETCH_WORD
    }
    return tuple(sorted(hashes)[:SKETCH_SIZE])


def _instruction_parts(epreuve: Epreuve) -> Iterator[tuple[str, int]]:
    """The instruction's runs of lines outside the containers, each with its first file line."""
    body = epreuve.body
    taken: set[int] = set()
    for container in body.containers.values():
        taken.update(range(container.span.start.line, container.span.end.line + 1))
    run: list[str] = []
    start = 0
    for number, line in enumerate(body.text.split("\n"), start=body.first_line):
        if number in taken:
            if run:
                yield "\n".join(run), start
            run = []
            continue
        if not run:
            start = number
        run.append(line)
    if run:
        yield "\n".join(run), start


def _texts(epreuve: Epreuve) -> list[ItemText]:
    texts: list[ItemText] = []
    for part, line in _instruction_parts(epreuve):
        if part.strip():
            texts.append(ItemText("la consigne", part, line, folded_line(part)))
    body = epreuve.body
    if epreuve.type is not None and epreuve.type.has_proposals_list:
        for number, proposal in enumerate(body.proposals or (), start=1):
            texts.append(
                ItemText(
                    f"la proposition {number}",
                    proposal.text,
                    proposal.span.start.line,
                    folded_line(proposal.text),
                )
            )
    else:
        propositions = body.containers.get("propositions")
        if propositions is not None and propositions.inner.strip():
            visible = _MARKUP.sub(lambda m: " " * len(m.group(0)), propositions.inner)  # offsets kept
            texts.append(ItemText("les propositions", visible, propositions.inner_line, folded_line(visible)))
    correction = body.containers.get("correction")
    if correction is not None and correction.inner.strip():
        texts.append(
            ItemText("la correction", correction.inner, correction.inner_line, folded_line(correction.inner))
        )
    return texts


def _answers(epreuve: Epreuve, right: tuple[int, ...]) -> list[ItemAnswer]:
    answers: list[ItemAnswer] = []
    kind = epreuve.type
    if kind is None:
        return answers
    if kind.has_proposals_list:
        everything = ("t1", "t2", "t3")
        for number, proposal in enumerate(epreuve.body.proposals or (), start=1):
            role = "right" if number in right else "wrong"
            answers.append(
                ItemAnswer(proposal.text, folded_line(proposal.text), role, everything, None, False, None)
            )
        return answers
    decoded = epreuve.decoded_answer
    tolerances = tuple(decoded.key.tolerances) if decoded.key is not None else epreuve.tolerances
    number_format = epreuve.format if kind is EpreuveType.QROC else None
    for accepted in decoded.accepted:
        answers.append(
            ItemAnswer(
                accepted.text,
                folded_line(accepted.text),
                "key",
                tolerances if accepted.tolerated else (),
                number_format,
                not accepted.tolerated,
                accepted.group,
            )
        )
    answers.extend(_other_options(epreuve, decoded.accepted))
    return answers


def _other_options(epreuve: Epreuve, accepted: Sequence[AcceptedAnswer]) -> Iterator[ItemAnswer]:
    """The options of each select that its key does not accept: its wrong proposals."""
    kind = epreuve.type
    if kind is not EpreuveType.QROC and kind is not EpreuveType.QROCM_IND:
        return  # a QROCM-dep's groups are not its blanks
    for blank in epreuve.blanks:
        if blank.options is None or blank.malformed:
            continue
        group = None if kind is EpreuveType.QROC else blank.key
        taken = {answer.text for answer in accepted if answer.group == group}
        for option in blank.options:
            if option not in taken:
                yield ItemAnswer(option, folded_line(option), "wrong", (), None, True, group)


def item_facts(epreuve: Epreuve) -> tuple[Any, ...]:
    """The épreuve's ItemFacts, as the plain tuple the facts keep (marshal stores no NamedTuple)."""
    kind = epreuve.type
    choices = kind is not None and kind.has_proposals_list
    proposals = (epreuve.body.proposals or ()) if choices else ()
    right = right_numbers(epreuve) if choices else ()
    texts = _texts(epreuve)
    compared = [text.folded.strip() for text in texts if text.what != "la correction"]
    duplicate_text = " ".join(compared)[:DUPLICATE_TEXT_LIMIT]
    return (
        shuffled(epreuve),
        tuple(visible_length(proposal.text) for proposal in proposals),
        right,
        family(epreuve),
        duplicate_text,
        sketch(duplicate_text.split()),
        tuple(tuple(text) for text in texts),
        tuple(tuple(answer) for answer in _answers(epreuve, right)),
    )


def read(raw: Sequence[Any]) -> ItemFacts | None:
    """The ItemFacts of cached facts (built without copying); None when of another shape."""
    if len(raw) != len(ItemFacts._fields):
        return None
    return ItemFacts._make(raw)
