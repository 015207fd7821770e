"""The result of judging a response, with a structured explanation (rendered in French by ``explain``)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .key import Kind
from .treatments import Tolerance

Status = Literal["ok", "ko", "aband", "timedout"]
Method = Literal["exact", "levenshtein", "numeric"]


@dataclass(frozen=True, slots=True)
class Steps:
    """One string through Pix's pipeline. A step that Pix does not apply to this string is ``None``.

    ``pre_treated`` is ``None`` on the sides Pix does not pre-treat (a QROC's or a QROCM-dep's accepted
    answers); ``t1``/``t2`` are ``None`` when that tolerance is off (or the blank is a select).
    """

    raw: str
    pre_treated: str | None
    t1: str | None
    t2: str | None

    @property
    def compared(self) -> str:
        """The string Pix finally compares."""
        for value in (self.t2, self.t1, self.pre_treated):
            if value is not None:
                return value
        return self.raw


@dataclass(frozen=True, slots=True)
class Candidate:
    """The response compared with one accepted answer.

    ``distance``/``ratio`` are set when T3 applies (``ratio`` = distance / response length in UTF-16 code
    units; ``math.inf`` for an empty response against a non-empty answer); ``matched`` is ``ratio <= 0.25``
    then, and string equality otherwise. ``group`` is the QROCM-dep group the answer belongs to.
    """

    accepted: Steps
    equal: bool
    distance: int | None
    ratio: float | None
    matched: bool
    group: str | None = None


@dataclass(frozen=True, slots=True)
class NumberReading:
    """A string read by the QROC numeric branch.

    ``numeric`` is Pix's ``isNumeric``; ``cleaned`` is the text ``cleanStringAndParseFloat`` parses (first
    space removed, first comma → dot) and ``value`` its ``parseFloat`` (may be NaN).
    """

    text: str
    numeric: bool
    cleaned: str
    value: float


@dataclass(frozen=True, slots=True)
class NumericCheck:
    """The QROC ``format: nombre`` branch: taken only when the response and every accepted answer are
    numeric (``taken``); then the response is ok when its value equals one accepted value."""

    taken: bool
    response: NumberReading
    accepted: tuple[NumberReading, ...]


@dataclass(frozen=True, slots=True)
class FieldCheck:
    """How one field (the QROC input, a QROCM blank) was judged.

    ``field`` is ``None`` for a QROC. ``tolerances`` are those applied (none for a select).
    ``group`` is the QROCM-dep group this answer used up, if any.
    """

    field: str | None
    method: Method
    tolerances: tuple[Tolerance, ...]
    select: bool
    response: Steps
    candidates: tuple[Candidate, ...]
    matched: bool
    group: str | None = None
    numeric: NumericCheck | None = None


@dataclass(frozen=True, slots=True)
class ChoiceCheck:
    """QCU/QCM: the items compared. For a QCM they are split on ``,``, trimmed and sorted."""

    response_items: tuple[str, ...]
    expected_items: tuple[str, ...]
    missing: tuple[str, ...]
    unexpected: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why the verdict is what it is: French ``messages`` plus the structured comparisons."""

    kind: Kind
    messages: tuple[str, ...]
    fields: tuple[FieldCheck, ...] = ()
    choices: ChoiceCheck | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """``status`` as Pix's ``AnswerStatus``; ``details`` is the per-blank result of a QROCM-ind.

    ``pix_error`` is set when Pix's API would throw instead of answering (unreadable YAML, a blank that
    the answer key does not have, a null value): we judge that ``ko`` and say why, in French.
    """

    status: Status
    details: Mapping[str, bool] | None
    explanation: Explanation
    pix_error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dictionary (non-finite numbers become ``"Infinity"``, ``"-Infinity"``, ``"NaN"``)."""
        data = dataclasses.asdict(self)
        data["details"] = None if self.details is None else dict(self.details)
        for check, raw in zip(self.explanation.fields, data["explanation"]["fields"], strict=True):
            raw["response"]["compared"] = check.response.compared
            for candidate, raw_candidate in zip(check.candidates, raw["candidates"], strict=True):
                raw_candidate["accepted"]["compared"] = candidate.accepted.compared
        cleaned = _json_safe(data)
        assert isinstance(cleaned, dict)
        return cleaned


def _json_safe(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        if math.isnan(value):
            return "NaN"
        return "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value
