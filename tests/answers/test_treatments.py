"""Pix's string treatments (pix.md §3.2), JavaScript whitespace, UTF-16 lengths and the Levenshtein ratio.

Examples marked "Pix test" come from Pix's own unit tests (``validation-treatments_test.js``,
``solution-service-qroc_test.js``); the others pin a consequence of Pix's code that pix.md derives.
"""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from epreuve_tools.answers import (
    apply_treatments,
    is_close_enough,
    levenshtein_distance,
    levenshtein_ratio,
    pre_treat,
    t1,
    t2,
)
from epreuve_tools.answers.js import JS_WHITESPACE, js_trim, to_utf16_units, utf16_length

# -- pre-treatment -----------------------------------------------------------------------------------------


def test_pre_treatment_composes_to_nfc() -> None:
    """pix.md §3.2 applyPreTreatments: NFC (Pix test: 'e\\u0301' → 'é')."""
    assert pre_treat("e\u0301") == "\u00e9"


def test_pre_treatment_turns_nbsp_into_space_only() -> None:
    """pix.md §3.2 applyPreTreatments: only U+00A0 becomes a space; U+202F and U+2007 stay."""
    assert pre_treat("\u00a0Shi\u00a0Foo-Bar\u00a0") == " Shi Foo-Bar "
    assert pre_treat("1\u202f000\u2007") == "1\u202f000\u2007"


# -- T1 ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("  foo  bar  ", "foobar", id="white-spaces"),
        pytest.param("unbreakable\u00a0spaces", "unbreakablespaces", id="unbreakable-spaces"),
        pytest.param("àâäéèêëîïôöòûùüñń", "aaaeeeeiiooouuunn", id="accents"),
        pytest.param("hameçon", "hamecon", id="cedilla"),
        pytest.param("SHI-fu-Mi", "shi-fu-mi", id="case"),
        pytest.param("æ/œ", "æ/œ", id="ligatures-untouched"),
        pytest.param("shi-foo-bar", "shi-foo-bar", id="unchanged"),
    ],
)
def test_t1_pix_examples(text: str, expected: str) -> None:
    """pix.md §3.2 T1 (Pix test normalizeAndRemoveAccents)."""
    assert t1(text) == expected


def test_t1_removes_exactly_the_javascript_whitespace() -> None:
    """pix.md §3.2 T1 `.replace(/\\s/g, '')`: JS `\\s` is WhiteSpace + LineTerminator, not Python's set.

    U+FEFF is JS whitespace (Python: not); U+001C and U+0085 are Python whitespace (JS: not);
    U+180E and U+200B are neither.
    """
    assert t1("a" + JS_WHITESPACE + "b") == "ab"
    assert t1("\ufeffa\ufeff") == "a"
    assert t1("\x1ca\x85b") == "\x1ca\x85b"
    assert t1("a\u180eb\u200bc") == "a\u180eb\u200bc"


def test_t1_lowercases_like_javascript() -> None:
    """pix.md §3.2 T1 `toLowerCase()` (full Unicode mapping, final sigma), then NFD and U+0300..U+036F
    removal: 'İ' lowercases to 'i̇', whose dot is then stripped."""
    assert t1("ΑΣ İ ß ǅ") == "αςißǆ"


def test_t1_keeps_combining_marks_outside_the_diacritics_block() -> None:
    """pix.md §3.2 T1 removes only U+0300..U+036F: U+20D7 (combining vector arrow) stays."""
    assert t1("a\u20d7") == "a\u20d7"


# -- T2 ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("?Allo?,:;.", "Allo", id="all-point-types"),
        pytest.param("\\o/", "o", id="slashes"),
        pytest.param('"quotes"', "quotes", id="quotes"),
        pytest.param("Shi-fu_mi", "Shifumi", id="underscore-and-dashes"),
        pytest.param("(anyway)", "anyway", id="parenthesis"),
        pytest.param("shi foo bar", "shi foo bar", id="unchanged"),
        pytest.param(
            "Th!!is., -/ is #! an $ % ^ & * example ;: {} of a = -_ string with `~)() punctuation",
            "This is an example of a string with punctuation",
            id="complex-phrase",
        ),
    ],
)
def test_t2_pix_examples(text: str, expected: str) -> None:
    """pix.md §3.2 T2 (Pix test removeSpecialCharacters)."""
    assert t2(text) == expected


def test_t2_keeps_leading_and_trailing_spaces() -> None:
    """pix.md §3.2 T2 (Pix test): ' Shi Foo-Bar ' → ' Shi FooBar '."""
    assert apply_treatments(" Shi Foo-Bar ", ["t2"]) == " Shi FooBar "


def test_t2_removes_every_non_ascii_letter() -> None:
    """pix.md §3.2 T2 `[^a-zA-Z0-9 ]`: accented letters go when T1 is off ('îàé êêê' → ' ')."""
    assert t2("îàé êêê") == " "
    assert t2("1\u202f000") == "1000"


def test_oe_ligature_under_t1_and_t2_leaves_cur() -> None:
    """pix.md §3.2 (derived): T1 does not decompose œ, T2 then deletes it: 'cœur' → 'cur'."""
    assert t1("cœur") == "cœur"
    assert apply_treatments("Cœur", ["t1", "t2"]) == "cur"
    assert apply_treatments("coeur", ["t1", "t2"]) == "coeur"


_STEP1 = re.compile("[^a-zA-Z0-9 ]+")
_STEP3 = re.compile("[" + re.escape(JS_WHITESPACE) + "]{2,}")


@given(st.text())
def test_t2_string_literal_replace_is_a_no_op(text: str) -> None:
    """pix.md §3.2 T2 `.replace('/ {2,}/', ' ')` is a string literal, not a regex: a no-op.

    T2 equals its first and last steps alone, so no literal '/ {2,}/' is ever replaced; in particular
    'a/ {2,}/b' loses its punctuation (→ 'a 2b') instead of becoming 'a b'.
    """
    assert t2(text) == _STEP3.sub(" ", _STEP1.sub("", text))
    assert t2("a/ {2,}/b") == "a 2b"


def test_t2_collapses_runs_of_spaces() -> None:
    """pix.md §3.2 T2 `.replace(/\\s\\s+/g, ' ')`."""
    assert t2("a   b  -  c") == "a b c"


# -- applyTreatments -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("enabled", "expected"),
    [
        pytest.param([], " Shi Foo-Bar ", id="none"),
        pytest.param(["t1000"], " Shi Foo-Bar ", id="unknown-ignored"),
        pytest.param(["t3"], " Shi Foo-Bar ", id="t3-has-no-string-function"),
        pytest.param(["t1"], "shifoo-bar", id="t1"),
        pytest.param(["t2"], " Shi FooBar ", id="t2"),
        pytest.param(["t2", "t1"], "shifoobar", id="sorted-t1-then-t2"),
    ],
)
def test_apply_treatments(enabled: list[str], expected: str) -> None:
    """pix.md §3.2 applyTreatments: sorted, t1 then t2, t3 without string function (Pix test)."""
    assert apply_treatments(" Shi Foo-Bar ", enabled) == expected


# -- JavaScript strings --------------------------------------------------------------------------------------


def test_js_trim_uses_the_javascript_whitespace_set() -> None:
    """pix.md §3.2 T1 `trim()`: Python's strip() differs on U+001C..U+001F, U+0085 and U+FEFF."""
    assert js_trim("\ufeff\u3000 a \u2028\n") == "a"
    assert js_trim("\x1ca\x85") == "\x1ca\x85"
    assert "\x1ca\x85".strip() == "a"  # what Python alone would do


def test_utf16_length_counts_code_units() -> None:
    """pix.md §3.2 T3: JS `.length` counts UTF-16 code units; an emoji counts 2."""
    assert utf16_length("a😀") == 3
    assert to_utf16_units("😀") == "\ud83d\ude00"


# -- T3 -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "reference", "ratio"),
    [
        pytest.param("quack", "quacks", 0.2, id="0.2"),
        pytest.param("quak", "qvak", 0.25, id="0.25"),
        pytest.param("a", "0123456789", 10.0, id="denominator-is-the-answer"),
        pytest.param("0123456789", "a", 1.0, id="reverse"),
        pytest.param("", "", 0.0, id="empty-empty"),
        pytest.param("", "x", math.inf, id="empty-answer-infinite"),
        pytest.param("x", "", 1.0, id="empty-reference"),
    ],
)
def test_levenshtein_ratio(answer: str, reference: str, ratio: float) -> None:
    """pix.md §3.2 T3: distance / answer length; empty answer → 0 or infinity."""
    assert levenshtein_ratio(answer, reference) == ratio


def test_ratio_threshold_is_inclusive() -> None:
    """pix.md §3.2 T3 `<= 0.25`: 'quak' is exactly 0.25 from 'qvak' (Pix test) and is accepted."""
    assert is_close_enough("quak", ["qvak", "qwak", "anything"])
    assert not is_close_enough("quaks", ["qvakes", "qwakes", "anything"])
    assert not is_close_enough("x", [])


def test_levenshtein_counts_utf16_code_units() -> None:
    """pix.md §3.2 T3 (fast-levenshtein walks charCodeAt): '😀' and '😁' share their high surrogate, so
    they are 1 apart, and the answer's length is 2."""
    assert levenshtein_distance("😀", "😁") == 1
    assert levenshtein_ratio("😀", "😁") == 0.5
    assert levenshtein_ratio("abc😀", "abc") == 0.4  # code points would say 1/4 = 0.25, accepted
    assert levenshtein_ratio("😀😀", "😀😁") == 0.25  # code points would say 1/2, rejected
