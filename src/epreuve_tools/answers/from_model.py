"""From an épreuve of our model to the judge's AnswerKey, and from an example to a response.

Numbers written unquoted in `answer` or `examples` are taken as written (`0.50` stays `0.50`), since
Pix compares text. QROCM responses are written as JSON, which is valid YAML 1.2 and which js-yaml
reads back exactly (a YAML dumper may fold lines or treat U+2028 differently).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from epreuve_tools.answers.key import AnswerKey
from epreuve_tools.kinds import EpreuveType, answer_text
from epreuve_tools.model import Epreuve
from epreuve_tools.sourcemap import JsonPath, SourceMap


def _texts(values: Any, path: JsonPath, source_map: SourceMap) -> tuple[str, ...] | None:
    if not isinstance(values, list):
        return None
    texts = [answer_text(value, source_map.raw.get((*path, index))) for index, value in enumerate(values)]
    return None if any(text is None for text in texts) else tuple(t for t in texts if t is not None)


def answer_key(epreuve: Epreuve) -> AnswerKey | None:
    """The key Pix would judge with, or None when the answer is malformed (the schema says why)."""
    answer, source_map = epreuve.answer, epreuve.source_map
    tolerances = epreuve.tolerances
    try:
        if epreuve.type is EpreuveType.QCU:
            if isinstance(answer, int) and not isinstance(answer, bool):
                return AnswerKey.qcu(str(answer))
        elif epreuve.type is EpreuveType.QCM:
            if isinstance(answer, list) and all(
                isinstance(n, int) and not isinstance(n, bool) for n in answer
            ):
                return AnswerKey.qcm(str(n) for n in answer)
        elif epreuve.type is EpreuveType.QROC:
            texts = _texts(answer, ("answer",), source_map)
            first_is_select = bool(epreuve.blanks) and epreuve.blanks[0].is_select
            if texts is not None:
                return AnswerKey.qroc(
                    texts, tolerances=tolerances, format=epreuve.format, first_blank_is_select=first_is_select
                )
        elif epreuve.type in (EpreuveType.QROCM_IND, EpreuveType.QROCM_DEP) and isinstance(answer, dict):
            groups = {
                str(name): _texts(values, ("answer", name), source_map) for name, values in answer.items()
            }
            if all(texts is not None for texts in groups.values()):
                complete = {name: texts or () for name, texts in groups.items()}
                selects = [blank.key for blank in epreuve.blanks if blank.is_select]
                build = AnswerKey.qrocm_ind if epreuve.type is EpreuveType.QROCM_IND else AnswerKey.qrocm_dep
                return build(complete, tolerances=tolerances, selects=selects, format=epreuve.format)
    except (TypeError, ValueError):
        return None
    return None


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


@dataclass(frozen=True, slots=True)
class Example:
    response: str
    json_path: JsonPath
    expected_ok: bool


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
            text = response_text(item, path, epreuve.source_map)
            if text is not None:
                yield Example(text, path, expected_ok)


# Judging is quadratic (every example against every accepted answer, with an edit distance under
# T3): a content file is hostile until proven otherwise, so the work one épreuve may ask is bounded.
# Real épreuves ask for about a hundred comparisons.
MAX_COMPARISONS = 20_000


def accepted_count(epreuve: Epreuve) -> int:
    answer = epreuve.answer
    if isinstance(answer, list):
        return len(answer)
    if isinstance(answer, dict):
        return sum(len(values) for values in answer.values() if isinstance(values, list))
    return 1


def judging_workload(epreuve: Epreuve) -> int:
    """About how many comparisons judging every example of the épreuve takes (computed once)."""
    if "judging_workload" not in epreuve.derived:
        count = max(1, sum(1 for _ in examples(epreuve)))
        epreuve.derived["judging_workload"] = accepted_count(epreuve) * count
    workload: int = epreuve.derived["judging_workload"]
    return workload


def too_much_to_judge(epreuve: Epreuve) -> bool:
    return judging_workload(epreuve) > MAX_COMPARISONS
