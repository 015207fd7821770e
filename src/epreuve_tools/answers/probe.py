"""Near-miss probe: the responses learners really type, derived from each accepted answer, judged.

For each accepted answer, `variants` makes the usual slips (case, accents, spaces, punctuation, one
or two letters wrong, swapped letters, decimal comma or point, thousands separators, typographic
apostrophes and quotes, plural or singular), and `probe` judges each with the key, so that an author
sees which the key accepts and which it refuses before learners do.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from epreuve_tools.answers.judge import judge
from epreuve_tools.answers.key import AnswerKey
from epreuve_tools.answers.limits import Budget, JudgingLimitError

_VOWEL_SWAP = str.maketrans("aeiouAEIOU", "eiouaEIOUA")
_ACCENTABLE = {"e": "é", "a": "à", "u": "ù", "o": "ô", "i": "î", "c": "ç"}
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


@dataclass(frozen=True, slots=True)
class ProbeRow:
    field: str | None  # the blank (QROCM) being varied, None for a QROC
    accepted: str
    slip: str  # what was changed, in French
    response: str  # the varied text typed in that field
    status: str  # "ok" or "ko"


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _letters(text: str) -> list[int]:
    return [index for index, char in enumerate(text) if char.isalpha()]


def _number_variants(text: str) -> Iterator[tuple[str, str]]:
    if not _NUMBER.match(text):
        return
    if "," in text:
        yield "point décimal", text.replace(",", ".")
    if "." in text:
        yield "virgule décimale", text.replace(".", ",")
    if "," in text or "." in text:
        yield "zéro final", text + "0"
        if text.endswith("0"):
            yield "zéro final omis", text[:-1]
    else:
        yield "décimale nulle", text + ",0"
    integer = text.lstrip("-").split(",")[0].split(".")[0]
    if len(integer) > 3:
        grouped = f"{integer[:-3]} {integer[-3:]}"
        for name, space in (
            ("espace", " "),
            ("espace insécable", "\u00a0"),
            ("espace fine insécable", "\u202f"),
        ):
            yield f"milliers séparés par une {name}", text.replace(integer, grouped.replace(" ", space), 1)


def _other_letter(char: str) -> str:
    """A plausible wrong letter: another vowel for a vowel, the next letter of the alphabet otherwise."""
    swapped = char.translate(_VOWEL_SWAP)
    if swapped != char:
        return swapped
    if char.isascii() and char.isalpha():
        base = "a" if char.islower() else "A"
        return chr((ord(char) - ord(base) + 1) % 26 + ord(base))
    return "x"


def _typos(text: str) -> Iterator[tuple[str, str]]:
    letters = _letters(text)
    if len(letters) < 2:
        return
    middle = letters[len(letters) // 2]
    yield "une lettre fausse", text[:middle] + _other_letter(text[middle]) + text[middle + 1 :]
    yield "une lettre oubliée", text[:middle] + text[middle + 1 :]
    yield "une lettre doublée", text[:middle] + text[middle] + text[middle:]
    first, second = letters[0], letters[1]
    if second == first + 1 and text[first] != text[second]:
        yield "deux lettres inversées", text[:first] + text[second] + text[first] + text[second + 1 :]
    if len(letters) >= 4:
        a, b = letters[len(letters) // 3], letters[2 * len(letters) // 3]
        yield "deux lettres oubliées", text[:a] + text[a + 1 : b] + text[b + 1 :]


def variants(text: str) -> list[tuple[str, str]]:
    """(slip, response) pairs: each a typical way a learner types `text` slightly otherwise."""
    found: list[tuple[str, str]] = [
        ("majuscules", text.upper()),
        ("minuscules", text.lower()),
        ("majuscule initiale", text[:1].upper() + text[1:]),
        ("espaces autour", f"  {text} "),
        ("point final", text + "."),
        ("entre guillemets", f"« {text} »"),
    ]
    stripped = _strip_accents(text)
    if stripped != text:
        found.append(("sans accents", stripped))
    else:
        index = next((i for i, c in enumerate(text) if c in _ACCENTABLE), None)
        if index is not None:
            found.append(("accent ajouté", text[:index] + _ACCENTABLE[text[index]] + text[index + 1 :]))
    if " " in text:
        found.append(("sans espaces", text.replace(" ", "")))
        found.append(("espace doublée", text.replace(" ", "  ", 1)))
    if "-" in text:
        found.append(("trait d'union remplacé par une espace", text.replace("-", " ")))
    if "'" in text:
        found.append(("apostrophe typographique", text.replace("'", "\u2019")))
    if "\u2019" in text:
        found.append(("apostrophe droite", text.replace("\u2019", "'")))
    if text.endswith(("s", "x")) and len(text) > 3 and text[-2].isascii():
        found.append(("au singulier", text[:-1]))
    elif text[-1:].isalpha():
        found.append(("au pluriel", text + "s"))
    found.extend(_number_variants(text))
    found.extend(_typos(text))
    seen = {text}
    unique = []
    for slip, response in found:
        if response not in seen:
            seen.add(response)
            unique.append((slip, response))
    return unique


class ProbeRows(list[ProbeRow]):
    """The judged variants; ``left_out`` counts the accepted answers whose variants were not all judged
    once ``limit`` (French) was reached."""

    left_out: int = 0
    limit: str | None = None


def probe(key: AnswerKey, blanks: tuple[str, ...] = (), *, budget: Budget | None = None) -> ProbeRows:
    """Judge the variants of every accepted answer. `blanks` are the QROCM blank keys, in order.

    Every judgement draws on one ``budget`` (a fresh one by default): a key with thousands of accepted
    answers would otherwise ask for millions of comparisons. Past it, the rest is counted, not judged.
    """
    rows = ProbeRows()
    shared = Budget() if budget is None else budget
    for field, accepted, base in _planned(key, blanks):
        if rows.limit is not None:
            rows.left_out += 1
            continue
        for slip, text in variants(accepted):
            response = text if base is None else json.dumps({**base, field: text}, ensure_ascii=False)
            try:
                status = "ok" if judge(key, response, budget=shared).ok else "ko"
            except JudgingLimitError as error:
                rows.limit = error.message
                rows.left_out += 1
                break
            rows.append(ProbeRow(field, accepted, slip, text, status))
    return rows


def _planned(
    key: AnswerKey, blanks: tuple[str, ...]
) -> Iterator[tuple[str | None, str, dict[str, str] | None]]:
    """(field, accepted answer, the other fields' values for a QROCM) of every accepted answer to vary."""
    if key.kind == "qroc":
        for accepted in key.qroc_solutions:
            yield None, accepted, None
    elif key.kind in ("qrocm-ind", "qrocm-dep") and blanks:
        groups = key.groups
        if key.kind == "qrocm-ind":
            base = {blank: (groups.get(blank) or ("",))[0] for blank in blanks}
            choices = {blank: groups.get(blank, ()) for blank in blanks}
        else:  # blank i answered from group i, as a learner who knows would
            ordered = [answers for answers in groups.values() if answers]
            base = {blank: ordered[i][0] if i < len(ordered) else "" for i, blank in enumerate(blanks)}
            choices = {blank: ordered[i] if i < len(ordered) else () for i, blank in enumerate(blanks)}
        for blank in blanks:
            for accepted in choices[blank]:
                yield blank, accepted, base
