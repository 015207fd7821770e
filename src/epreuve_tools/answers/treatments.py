"""Pix's string treatments: pre-treatment, T1, T2, the T3 edit-distance ratio, and the numeric helpers.

Each function reproduces one function of Pix's API (``1024pix/pix``), named in its docstring; the
specification is ``shared/domain/pix.md`` §3.2 and §3.4.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Final, Literal

from rapidfuzz.distance import Levenshtein

from .js import JS_WS_CLASS, js_is_nan, js_parse_float, js_trim, to_utf16_units, utf16_length

Tolerance = Literal["t1", "t2", "t3"]
ALL_TOLERANCES: Final[tuple[Tolerance, ...]] = ("t1", "t2", "t3")

# Pix's DEFAULT_RATIO / LEVENSHTEIN_DISTANCE_MAX_RATE: a ratio equal to it is accepted.
MAX_RATIO: Final = 0.25

_COMBINING_DIACRITICS = re.compile("[\u0300-\u036f]+")
_JS_WHITESPACE_RUN = re.compile(JS_WS_CLASS + "+")
_NOT_ASCII_ALNUM_OR_SPACE = re.compile("[^a-zA-Z0-9 ]+")
_JS_WHITESPACE_2_OR_MORE = re.compile(JS_WS_CLASS + "{2,}")


def pre_treat(s: str) -> str:
    """``applyPreTreatments``: Unicode NFC, then every U+00A0 (no-break space) becomes a space.

    Only U+00A0: the narrow no-break space U+202F and the other Unicode spaces are kept.
    """
    return unicodedata.normalize("NFC", s).replace("\u00a0", " ")


def t1(s: str) -> str:
    """``normalizeAndRemoveAccents`` (T1, « espaces, casse & accents »).

    ``trim()`` → ``toLowerCase()`` → NFD → remove U+0300..U+036F → remove every JS ``\\s`` character.
    Ligatures such as œ and æ are not decomposed by NFD, so they stay.
    """
    lowered = js_trim(s).lower()  # str.lower() applies the same full Unicode mapping as toLowerCase()
    stripped = _COMBINING_DIACRITICS.sub("", unicodedata.normalize("NFD", lowered))
    return _JS_WHITESPACE_RUN.sub("", stripped)


def t2(s: str) -> str:
    """``removeSpecialCharacters`` (T2, « ponctuation »).

    1. ``.replace(/[^a-zA-Z0-9 ]+/g, '')``: keep ASCII letters, ASCII digits and the space, so every other
       character goes, accented letters and œ included;
    2. ``.replace('/ {2,}/', ' ')``: a no-op in Pix, because the pattern is a *string literal*, not a
       regex, and that literal text never occurs after step 1 (it contains a slash); reproduced as nothing;
    3. ``.replace(/\\s\\s+/g, ' ')``: runs of two or more JS whitespace characters become one space.

    Leading and trailing spaces are kept: ``' Shi Foo-Bar '`` → ``' Shi FooBar '``.
    """
    kept = _NOT_ASCII_ALNUM_OR_SPACE.sub("", s)
    # Step 2, `.replace('/ {2,}/', ' ')`, intentionally does nothing here.
    return _JS_WHITESPACE_2_OR_MORE.sub(" ", kept)


def normalize_tolerances(enabled: Iterable[str]) -> tuple[Tolerance, ...]:
    """The enabled tolerances, deduplicated and in Pix's order (``_(enabled).sort()``)."""
    chosen = set(enabled)
    return tuple(t for t in ALL_TOLERANCES if t in chosen)


def apply_treatments(s: str, enabled: Iterable[str]) -> str:
    """``applyTreatments``: T1 then T2 when enabled (sorted order); ``t3`` has no string function."""
    result = s
    tolerances = set(enabled)
    if "t1" in tolerances:
        result = t1(result)
    if "t2" in tolerances:
        result = t2(result)
    return result


@lru_cache(maxsize=8192)
def treat_cached(s: str, t1_on: bool, t2_on: bool) -> tuple[str | None, str | None]:
    """T1 and T2 results of ``s`` (``None`` for a treatment that is off); cached, for answer keys."""
    after_t1 = t1(s) if t1_on else None
    after_t2 = t2(s if after_t1 is None else after_t1) if t2_on else None
    return after_t1, after_t2


def levenshtein_distance(a: str, b: str) -> int:
    """Edit distance in UTF-16 code units (insert, delete, substitute cost 1), as ``fast-levenshtein``."""
    return Levenshtein.distance(to_utf16_units(a), to_utf16_units(b))


def levenshtein_ratio(answer: str, reference: str) -> float:
    """``_getRatio`` of Pix's string-similarity-service: distance / ``answer.length``.

    The denominator is the *answer*'s length in UTF-16 code units. An empty answer gives 0 against an empty
    reference and infinity against any other.
    """
    length = utf16_length(answer)
    if length == 0:
        return 0.0 if reference == "" else math.inf
    return levenshtein_distance(answer, reference) / length


def is_close_enough(answer: str, references: Sequence[str], max_ratio: float = MAX_RATIO) -> bool:
    """``isCloseEnoughToOneOf``: the smallest ratio is ≤ ``max_ratio`` (inclusive). No reference → False."""
    return any(levenshtein_ratio(answer, reference) <= max_ratio for reference in references)


def is_numeric(s: str) -> bool:
    """``isNumeric`` of Pix's string-utils.

    ``x = s.replace(',', '.').trim().replace(' ', '')`` (only the FIRST comma and, after trimming, the FIRST
    space), then ``!isNaN(x) && !isNaN(parseFloat(x))``. So ``'123,,00'`` and ``''`` are not numeric, and
    ``'0x10'`` is (``Number`` reads hexadecimal; ``parseFloat`` reads 0).
    """
    cleaned = js_trim(s.replace(",", ".", 1)).replace(" ", "", 1)
    return not js_is_nan(cleaned) and not math.isnan(js_parse_float(cleaned))


def clean_for_number(s: str) -> str:
    """The text ``cleanStringAndParseFloat`` parses: first space removed, then first comma → dot.

    No trimming here (unlike :func:`is_numeric`), so ``' 1 000'`` becomes ``'1 000'``, which parses as 1.
    """
    return s.replace(" ", "", 1).replace(",", ".", 1)


def parse_number(s: str) -> float:
    """``cleanStringAndParseFloat``: ``parseFloat`` of :func:`clean_for_number`."""
    return js_parse_float(clean_for_number(s))
