"""Property tests of the judge (hypothesis)."""

from __future__ import annotations

import json
import math
import unicodedata

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from epreuve_tools.answers import AnswerKey, is_numeric, judge, parse_number, render_explanation
from epreuve_tools.answers.js import JS_WHITESPACE, js_own_keys_order

# Every code point, lone surrogates included (JavaScript strings may hold them; JSON can carry them).
ANY_CHAR = st.characters(exclude_categories=())
TRICKY = st.sampled_from(
    [
        *"aZ09 ,.;:-'\"#&*!|>?[]{}%@`~\t\n\r",
        *["é", "e\u0301", "œ", "\u00a0", "\u202f", "\ufeff", "\u2028", "\x85", "😀", "İ", "\ud800", "\x00"],
    ]
)
TEXT = st.lists(st.one_of(ANY_CHAR, TRICKY), max_size=12).map("".join)
TOLERANCES = st.lists(st.sampled_from(["t1", "t2", "t3"]), unique=True).map(tuple)
NAMES = st.lists(st.one_of(st.sampled_from(list("ab19_-")), TRICKY, ANY_CHAR), min_size=1, max_size=4).map(
    "".join
)


@st.composite
def keys(draw: st.DrawFn) -> AnswerKey:
    kind = draw(st.sampled_from(["qcu", "qcm", "qroc", "qrocm-ind", "qrocm-dep"]))
    tolerances = draw(TOLERANCES)
    fmt = draw(st.sampled_from([None, "nombre", "mots"]))
    if kind == "qcu":
        return AnswerKey.qcu(draw(TEXT))
    if kind == "qcm":
        return AnswerKey.qcm(draw(st.lists(TEXT, max_size=4)))
    if kind == "qroc":
        return AnswerKey.qroc(
            draw(st.lists(TEXT, max_size=3)),
            tolerances=tolerances,
            format=fmt,
            first_blank_is_select=draw(st.booleans()),
        )
    groups = draw(st.dictionaries(NAMES, st.lists(TEXT, max_size=3), max_size=3))
    selects = draw(st.lists(st.sampled_from(sorted(groups)), unique=True)) if groups else []
    if kind == "qrocm-ind":
        return AnswerKey.qrocm_ind(groups, tolerances=tolerances, selects=selects)
    return AnswerKey.qrocm_dep(groups, tolerances=tolerances, selects=selects)


YAML_TOKENS = st.sampled_from(
    ["a", "b", "1", "x y", ":", ": ", "- ", "\n", "\n  ", "'", '"', "[", "]", "{", "}", ",", "#", "&x ", "*x",
     "!!str ", "!!int ", "! ", "? ", "|", ">", "---", "...", "\t", "\u2028", "\ufeff", "\\u00e9", "~", "<<"]
)  # fmt: skip
RESPONSES = st.one_of(
    TEXT,
    st.lists(YAML_TOKENS, max_size=12).map("".join),
    st.dictionaries(NAMES, TEXT, max_size=3).map(yaml.safe_dump),
    st.sampled_from(["#ABAND#", "", "1,3", "a: x\nb: y"]),
)


@settings(max_examples=400, deadline=None)
@given(keys(), RESPONSES, st.booleans())
def test_judge_never_raises(key: AnswerKey, response: str, timed_out: bool) -> None:
    """The judge never raises on a string, whatever the type and the key; its result is well formed and
    its explanation renders and serialises."""
    verdict = judge(key, response, timed_out=timed_out)
    assert verdict.status in ("ok", "ko", "aband", "timedout")
    if verdict.details is not None:
        assert key.kind == "qrocm-ind"
    if verdict.pix_error is not None:
        assert verdict.status == "ko"
    assert render_explanation(verdict)
    json.dumps(verdict.to_dict(), allow_nan=False)


JS_SPACE = st.text(st.sampled_from(JS_WHITESPACE), max_size=2)


@given(
    st.lists(st.sampled_from([str(n) for n in range(1, 10)]), min_size=1, unique=True),
    st.randoms(),
    st.data(),
)
def test_qcm_ignores_order_and_spaces(numbers: list[str], random: object, data: st.DataObject) -> None:
    """pix.md §3.3: a QCM response with the right numbers in any order, each surrounded by any JavaScript
    whitespace, is ok; dropping one is ko."""
    key = AnswerKey.qcm(numbers)
    shuffled = data.draw(st.permutations(numbers))
    items = [data.draw(JS_SPACE) + n + data.draw(JS_SPACE) for n in shuffled]
    assert judge(key, ",".join(items)).status == "ok"
    if len(numbers) > 1:
        assert judge(key, ",".join(items[1:])).status == "ko"


def _typable(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text) and "\u00a0" not in text


TYPABLE = st.lists(st.one_of(ANY_CHAR, TRICKY), max_size=10).map("".join).filter(_typable)
# Blank names that Pix reads as written: it pre-treats the key's YAML, names included (NFC, U+00A0 → space),
# but not the escapes of safe_dump's ASCII response, so another name would be missing from the key.
TYPABLE_NAMES = NAMES.filter(_typable)


@given(TYPABLE, TOLERANCES)
def test_qcu_qcm_verbatim(text: str, tolerances: tuple[str, ...]) -> None:
    """pix.md §3.3: the key's own value, sent verbatim, is ok (QCU: `===`; QCM: the numbers joined by ',')."""
    assert judge(AnswerKey.qcu(text), text).status == "ok"
    assert judge(AnswerKey.qcm(["2", text]), f"{text},2").status == "ok"


@given(
    st.lists(TYPABLE, min_size=1, max_size=3),
    TOLERANCES,
    st.sampled_from([None, "nombre"]),
    st.booleans(),
    st.data(),
)
def test_qroc_accepted_answer_typed_verbatim_is_ok(
    accepted: list[str], tolerances: tuple[str, ...], fmt: str | None, select: bool, data: st.DataObject
) -> None:
    """pix.md §3.4: an accepted line of a QROC key, typed verbatim, is ok, under any tolerances, select or not.

    Precisely: for every non-empty line s of the key that is in NFC and has no U+00A0 (so that the answer's
    pre-treatment leaves it unchanged, the solution side having none), *except* when the numeric branch is
    taken (format "nombre", s and every accepted line numeric) and s's number is NaN: Pix's isNumeric trims
    before removing the first space but cleanStringAndParseFloat does not, so ' - 5' is numeric yet reads
    as NaN, and NaN equals nothing. The author's own answer is then refused.
    """
    key = AnswerKey.qroc(accepted, tolerances=tolerances, format=fmt, first_blank_is_select=select)
    lines = key.qroc_solutions
    assume(lines)
    line = data.draw(st.sampled_from(lines))
    numeric_branch = fmt == "nombre" and is_numeric(line) and all(is_numeric(s) for s in lines)
    status = judge(key, line).status
    if numeric_branch and math.isnan(parse_number(line)):
        assert status == "ko"
    else:
        assert status == "ok"


@given(
    st.dictionaries(TYPABLE_NAMES, st.lists(TYPABLE, min_size=1, max_size=3), min_size=1, max_size=4),
    TOLERANCES,
    st.data(),
)
def test_qrocm_ind_accepted_answers_typed_verbatim_are_ok(
    blanks: dict[str, list[str]], tolerances: tuple[str, ...], data: st.DataObject
) -> None:
    """pix.md §3.5: one accepted answer per blank (names and answers NFC, no U+00A0), sent as
    yaml.safe_dump of the mapping, is ok, whatever the tolerances and selects, with every detail true
    (except a blank named '__proto__', which Pix drops from the details)."""
    selects = data.draw(st.lists(st.sampled_from(sorted(blanks)), unique=True))
    key = AnswerKey.qrocm_ind(blanks, tolerances=tolerances, selects=selects)
    response = {name: data.draw(st.sampled_from(values)) for name, values in blanks.items()}
    verdict = judge(key, yaml.safe_dump(response))
    assert verdict.status == "ok", render_explanation(verdict)
    assert verdict.details == {name: True for name in js_own_keys_order(list(blanks)) if name != "__proto__"}


@given(
    st.dictionaries(NAMES, st.lists(TEXT, min_size=1, max_size=3), min_size=1, max_size=4),
    TOLERANCES,
    st.data(),
)
def test_qrocm_dep_accepted_answers_in_group_order_are_ok(
    groups: dict[str, list[str]], tolerances: tuple[str, ...], data: st.DataObject
) -> None:
    """pix.md §3.5 dep: one accepted answer for each of some groups, sent in the groups' JavaScript order
    (array-index names first) under field names that are not array indices, is ok.

    Each answer then finds its own group before any group a later answer needs (an answer that also matches
    an earlier, unused group takes that one instead, which harms nobody). In another order, or under
    index-like field names that JavaScript reorders, greedy matching can fail (see the dep-greedy cases).
    The values may be any strings: safe_dump's ASCII text is unchanged by the pre-treatment, and QROCM-dep
    does not pre-treat the key.
    """
    key = AnswerKey.qrocm_dep(groups, tolerances=tolerances)
    order = js_own_keys_order(list(groups))
    chosen = [name for name in order if data.draw(st.booleans())] or order[:1]
    response = {f"champ{i}": data.draw(st.sampled_from(groups[name])) for i, name in enumerate(chosen)}
    verdict = judge(key, yaml.safe_dump(response, sort_keys=False))
    assert verdict.status == "ok", render_explanation(verdict)
