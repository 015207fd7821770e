"""From an épreuve of our model to the judge's AnswerKey, and from an example to a response.

Numbers written unquoted in `answer` or `examples` are taken as written (`0.50` stays `0.50`), since
Pix compares text. QROCM responses are written as JSON, which is valid YAML 1.2 and which js-yaml
reads back exactly (a YAML dumper may fold lines or treat U+2028 differently).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from epreuve_tools.answers.key import AnswerKey
from epreuve_tools.answers.limits import MAX_COMPARISONS, MAX_RESPONSE_LENGTH, Budget, JudgingLimitError
from epreuve_tools.kinds import EpreuveType, answer_text
from epreuve_tools.model import Epreuve
from epreuve_tools.parsing.yaml12 import resolve_plain
from epreuve_tools.sourcemap import JsonPath, SourceMap

__all__ = [
    "MAX_COMPARISONS",
    "AcceptedAnswer",
    "DecodedAnswer",
    "Example",
    "JudgedExamples",
    "accepted_count",
    "answer_key",
    "decode_answer",
    "examples",
    "judge_examples",
    "judging_workload",
    "response_text",
    "too_much_to_judge",
    "written_example",
]


@dataclass(frozen=True, slots=True)
class AcceptedAnswer:
    """One accepted answer of a QROC or QROCM, as text, with where it is written."""

    text: str
    path: JsonPath
    group: str | None  # blank (QROCM-ind) or group (QROCM-dep) name
    tolerated: bool  # whether the judge applies tolerances to it (not a select)


@dataclass(frozen=True, slots=True)
class DecodedAnswer:
    """The `answer` of an épreuve read once: the key Pix judges with, and the accepted answers the rules
    go through (built by :func:`decode_answer`, kept by ``Epreuve.decoded_answer``).

    ``key`` is None when the answer is malformed (the schema says why); ``accepted`` holds the QROC/QROCM
    answers that are text even then. ``count`` is how many answers the key has, for bounding the work.
    """

    key: AnswerKey | None
    accepted: tuple[AcceptedAnswer, ...]
    count: int


def _accepted(epreuve: Epreuve) -> tuple[list[AcceptedAnswer], bool]:
    """The accepted answers of a QROC/QROCM, and whether every one of them is text in a list."""
    answer, source_map = epreuve.answer, epreuve.source_map
    found: list[AcceptedAnswer] = []
    complete = True
    if epreuve.type is EpreuveType.QROC and isinstance(answer, list):
        select = bool(epreuve.blanks) and epreuve.blanks[0].is_select
        complete = _collect(found, answer, ("answer",), source_map, group=None, tolerated=not select)
    elif epreuve.type in (EpreuveType.QROCM_IND, EpreuveType.QROCM_DEP) and isinstance(answer, dict):
        for name, values in answer.items():
            blank = epreuve.blank(name) if epreuve.type is EpreuveType.QROCM_IND else None
            tolerated = not (blank is not None and blank.is_select)
            if not isinstance(values, list):
                complete = False
                continue
            complete &= _collect(
                found, values, ("answer", name), source_map, group=str(name), tolerated=tolerated
            )
    return found, complete


def _collect(
    found: list[AcceptedAnswer],
    values: list[Any],
    path: JsonPath,
    source_map: SourceMap,
    *,
    group: str | None,
    tolerated: bool,
) -> bool:
    complete = True
    for index, value in enumerate(values):
        text = answer_text(value, source_map.raw.get((*path, index)))
        if text is None:
            complete = False
        else:
            found.append(AcceptedAnswer(text, (*path, index), group, tolerated))
    return complete


def decode_answer(epreuve: Epreuve) -> DecodedAnswer:
    """Read the épreuve's `answer` once (use ``epreuve.decoded_answer``, which keeps it)."""
    accepted, complete = _accepted(epreuve)
    return DecodedAnswer(_key(epreuve, accepted, complete), tuple(accepted), _count(epreuve.answer))


def _key(epreuve: Epreuve, accepted: list[AcceptedAnswer], complete: bool) -> AnswerKey | None:
    answer, tolerances = epreuve.answer, epreuve.tolerances
    try:
        if epreuve.type is EpreuveType.QCU:
            if isinstance(answer, int) and not isinstance(answer, bool):
                return AnswerKey.qcu(str(answer))
        elif epreuve.type is EpreuveType.QCM:
            if isinstance(answer, list) and all(
                isinstance(n, int) and not isinstance(n, bool) for n in answer
            ):
                return AnswerKey.qcm(str(n) for n in answer)
        elif not complete:
            return None
        elif epreuve.type is EpreuveType.QROC and isinstance(answer, list):
            first_is_select = bool(epreuve.blanks) and epreuve.blanks[0].is_select
            return AnswerKey.qroc(
                (a.text for a in accepted),
                tolerances=tolerances,
                format=epreuve.format,
                first_blank_is_select=first_is_select,
            )
        elif epreuve.type in (EpreuveType.QROCM_IND, EpreuveType.QROCM_DEP) and isinstance(answer, dict):
            groups: dict[str, list[str]] = {str(name): [] for name in answer}
            for item in accepted:
                groups[item.group or ""].append(item.text)
            selects = [blank.key for blank in epreuve.blanks if blank.is_select]
            build = AnswerKey.qrocm_ind if epreuve.type is EpreuveType.QROCM_IND else AnswerKey.qrocm_dep
            return build(groups, tolerances=tolerances, selects=selects, format=epreuve.format)
    except (TypeError, ValueError):
        return None
    return None


def _count(answer: Any) -> int:
    if isinstance(answer, list):
        return len(answer)
    if isinstance(answer, dict):
        return sum(len(values) for values in answer.values() if isinstance(values, list))
    return 1


def answer_key(epreuve: Epreuve) -> AnswerKey | None:
    """The key Pix would judge with, or None when the answer is malformed (the schema says why)."""
    return epreuve.decoded_answer.key


def accepted_count(epreuve: Epreuve) -> int:
    return epreuve.decoded_answer.count


def _length(example: Any, path: JsonPath, source_map: SourceMap) -> int:
    """About the length of an example's response, measured before it is built: an example made of YAML
    aliases may stand for megabytes of text, which must not be built only to be refused."""
    if isinstance(example, dict):
        return sum(
            len(str(key)) + len(answer_text(value, source_map.raw.get((*path, key))) or "") + 6
            for key, value in example.items()
        )
    return len(answer_text(example, source_map.raw.get(path)) or "")


def response_text(example: Any, path: JsonPath, source_map: SourceMap) -> str | None:
    """An example as the runtime would send it: "2", "1,3", the typed text, or a YAML mapping."""
    if isinstance(example, dict):
        texts = {
            str(key): answer_text(value, source_map.raw.get((*path, key))) for key, value in example.items()
        }
        if any(text is None for text in texts.values()):
            return None
        return json.dumps(texts, ensure_ascii=False)
    return answer_text(example, source_map.raw.get(path))


# A text YAML reads back as the same string when written plain inside `{…}`: no indicator first, no flow
# or comment character, no space at either end.
_FLOW_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`]([^,\[\]{}#:\"]*[^\s,\[\]{}#:\"])?")


def _flow_scalar(text: str) -> str:
    """``text`` as an author writes it in a YAML flow mapping: plain when YAML reads it back as this text,
    double-quoted otherwise (``"75001"``, ``"accès "``, ``"a: b"``)."""
    # read back with our own YAML 1.2 resolver, as the front matter is: no parser to fail on content
    # (PyYAML refuses control characters), and `oui`/`yes` stay texts as they do for the author
    if text.isprintable() and _FLOW_PLAIN.fullmatch(text) and isinstance(resolve_plain(text), str):
        return text
    return json.dumps(text, ensure_ascii=False)


def written_example(epreuve: Epreuve, example: Example) -> str:
    """An example as its author wrote it, for messages: a text as typed, a QROCM example as
    ``{champ: valeur, …}`` with each value as written (numbers keep their digits, quotes only where YAML
    needs them), never as the JSON text the judge is given."""
    item: Any = epreuve.front_matter
    for step in example.json_path:
        item = item[step]
    source_map = epreuve.source_map
    if not isinstance(item, dict):
        return example.response or ""
    parts = []
    for name, value in item.items():
        raw = source_map.raw.get((*example.json_path, name))
        text = answer_text(value, raw)
        shown = raw if raw is not None and text == raw else _flow_scalar(text or "")
        parts.append(f"{_flow_scalar(str(name))}: {shown}")
    return "{" + ", ".join(parts) + "}"


@dataclass(frozen=True, slots=True)
class Example:
    """An example of `examples`; ``response`` is None when it is longer than a response may be
    (``length`` characters, about), and is then not judged."""

    response: str | None
    json_path: JsonPath
    expected_ok: bool
    length: int = 0


def examples(epreuve: Epreuve) -> Iterator[Example]:
    block = epreuve.front_matter.get("examples")
    if not isinstance(block, dict):
        return
    for name, expected_ok in (("accepted", True), ("rejected", False)):
        items = block.get(name)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            path: JsonPath = ("examples", name, index)
            length = _length(item, path, epreuve.source_map)
            if length > MAX_RESPONSE_LENGTH:
                yield Example(None, path, expected_ok, length)
                continue
            text = response_text(item, path, epreuve.source_map)
            if text is not None:
                yield Example(text, path, expected_ok, len(text))


# Judging is quadratic (every example against every accepted answer, with an edit distance under
# T3): a content file is hostile until proven otherwise, so the work one épreuve may ask is bounded,
# before judging by this estimate, then while judging by one Budget shared by its examples.
# Real épreuves ask for about a hundred comparisons.


def judging_workload(epreuve: Epreuve) -> int:
    """About how many comparisons judging every example of the épreuve takes."""
    return epreuve.judging_workload


def estimate_workload(epreuve: Epreuve) -> int:
    """Accepted answers × examples (use ``epreuve.judging_workload``, which keeps it)."""
    count = max(1, len(epreuve.examples))
    return accepted_count(epreuve) * count


def too_much_to_judge(epreuve: Epreuve) -> bool:
    return judging_workload(epreuve) > MAX_COMPARISONS


@dataclass(frozen=True, slots=True)
class JudgedExamples:
    """The examples the key judges against their list, with a one-line French summary of each verdict, and the
    examples not judged, each with the bound (French) that stopped it."""

    misjudged: tuple[tuple[Example, str], ...] = ()
    not_judged: tuple[tuple[Example, str], ...] = ()


def judge_examples(epreuve: Epreuve) -> JudgedExamples:
    """Judge every example (use ``epreuve.judged_examples``, which keeps the result)."""
    from epreuve_tools.answers.explain import summarize
    from epreuve_tools.answers.judge import judge
    from epreuve_tools.answers.limits import response_too_long

    key = None if too_much_to_judge(epreuve) else answer_key(epreuve)
    if key is None:
        return JudgedExamples()
    misjudged: list[tuple[Example, str]] = []
    not_judged: list[tuple[Example, str]] = []
    budget = Budget()
    for example in epreuve.examples:
        if example.response is None:
            not_judged.append((example, response_too_long(example.length).message))
            continue
        try:
            verdict = judge(key, example.response, budget=budget)
        except JudgingLimitError as error:
            not_judged.append((example, error.message))
            continue
        if verdict.ok != example.expected_ok:
            misjudged.append((example, summarize(verdict)))
    return JudgedExamples(tuple(misjudged), tuple(not_judged))
