"""Bounds on judging (answers/limits.py): hostile responses are refused quickly, normal ones are untouched."""

from __future__ import annotations

import time

import pytest

from epreuve_tools.answers import (
    MAX_COMPARISONS,
    MAX_LISTED_CANDIDATES,
    MAX_RESPONSE_LENGTH,
    AnswerKey,
    Budget,
    JudgingLimitError,
    judge,
    render_explanation,
)
from epreuve_tools.answers.failsafe import js_to_string, load_failsafe
from epreuve_tools.answers.probe import probe


def _laughs(levels: int) -> str:
    lines = ["a0: &a0 [x,x,x,x,x,x,x,x,x,x]"]
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "\n".join(lines)


@pytest.mark.parametrize("levels", [5, 8, 12])
def test_alias_bomb_in_a_response_is_refused_at_once(levels: int) -> None:
    # 8 levels (380 bytes) took 20 s and 2 GB to join before the bound; 12 levels never ended
    key = AnswerKey.qrocm_dep({"g1": ["x"], "g2": ["y"]})
    start = time.perf_counter()
    with pytest.raises(JudgingLimitError, match="alias YAML"):
        judge(key, _laughs(levels))
    assert time.perf_counter() - start < 1


def test_aliases_of_a_long_text_are_bounded_when_joined() -> None:
    value = load_failsafe(f"a: &s {'x' * 2000}\nb: [*s, *s, *s, *s, *s, *s]")
    assert isinstance(value, dict)
    with pytest.raises(JudgingLimitError, match="valeur trop longue"):
        js_to_string(value["b"])


def test_a_cycle_of_aliases_still_joins_as_in_javascript() -> None:
    assert js_to_string(load_failsafe("&a [x, [y, *a]]")) == "x,y,"


def test_aliases_that_stay_small_are_judged_as_pix_does() -> None:
    key = AnswerKey.qrocm_ind({"a": ["x,x"], "b": ["x,x"]}, tolerances=[])
    assert judge(key, "a: &l [x, x]\nb: *l").ok


def test_response_length_is_bounded() -> None:
    key = AnswerKey.qroc(["x"])
    judge(key, "x" * MAX_RESPONSE_LENGTH)
    with pytest.raises(JudgingLimitError, match="réponse trop longue : 10 001 caractères"):
        judge(key, "x" * (MAX_RESPONSE_LENGTH + 1))


def test_comparisons_are_bounded_per_judgement() -> None:
    key = AnswerKey.qroc([f"mot{i}" for i in range(MAX_COMPARISONS + 1)])
    with pytest.raises(JudgingLimitError, match="trop de travail pour juger"):
        judge(key, "mot")


def test_compared_characters_are_bounded() -> None:
    key = AnswerKey.qroc(["y" * 2000] * 100)
    with pytest.raises(JudgingLimitError, match="caractères comparés"):
        judge(key, "x" * 9000)


def test_a_shared_budget_bounds_several_judgements() -> None:
    key = AnswerKey.qroc(["a", "b"])
    budget = Budget(comparisons=5)
    judge(key, "a", budget=budget)
    judge(key, "b", budget=budget)
    with pytest.raises(JudgingLimitError):
        judge(key, "c", budget=budget)
    assert budget.comparisons == 1  # a refused judgement takes nothing


def _many_groups_verdict() -> tuple[AnswerKey, dict[str, object]]:
    key = AnswerKey.qrocm_dep({f"g{i}": [f"reponse{i}"] for i in range(60)}, tolerances=["t1"])
    verdict = judge(key, "a: reponse45\nb: autre")
    return key, verdict.to_dict()


def test_json_lists_a_bounded_number_of_candidates_and_counts_the_others() -> None:
    _, data = _many_groups_verdict()
    explanation = data["explanation"]
    assert isinstance(explanation, dict)
    first, second = explanation["fields"]
    # the matched group (46th) is listed although past the limit: it decided
    assert len(first["candidates"]) == MAX_LISTED_CANDIDATES + 1
    assert first["candidates"][-1]["group"] == "g45"
    assert first["candidates_omitted"] == 46 - MAX_LISTED_CANDIDATES - 1
    assert len(second["candidates"]) == MAX_LISTED_CANDIDATES
    assert second["candidates_omitted"] == 59 - MAX_LISTED_CANDIDATES


def test_explanation_says_how_many_candidates_it_leaves_out() -> None:
    key = AnswerKey.qrocm_dep({f"g{i}": [f"reponse{i}"] for i in range(60)}, tolerances=["t1"])
    text = render_explanation(judge(key, "a: autre"))
    assert "… et 40 autres réponses acceptées comparées, non affichées" in text
    assert "groupe « g19 »" in text
    assert "groupe « g20 »" not in text


def test_probe_stops_at_its_budget_and_counts_what_it_left_out() -> None:
    key = AnswerKey.qroc([f"reponse{i}" for i in range(400)])
    start = time.perf_counter()
    rows = probe(key)
    assert time.perf_counter() - start < 5
    assert rows.limit is not None
    assert 0 < rows.left_out < 400
    assert rows  # what was judged before the bound is kept
