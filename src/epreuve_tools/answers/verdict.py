"""The result of judging a response, with a structured explanation (rendered in French by ``explain``)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .key import Kind
from .limits import MAX_LISTED_CANDIDATES
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

    def listed(self, limit: int = MAX_LISTED_CANDIDATES) -> tuple[tuple[Candidate, ...], int]:
        """The candidates an explanation shows, and how many it leaves out.

        The first ``limit``; when none of them matched, the first that did is added, since it decided.
        """
        shown = self.candidates[:limit]
        if not any(candidate.matched for candidate in shown):
            decisive = next((c for c in self.candidates[limit:] if c.matched), None)
            if decisive is not None:
                shown = (*shown, decisive)
        return shown, len(self.candidates) - len(shown)


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

    def to_dict(self, max_candidates: int = MAX_LISTED_CANDIDATES) -> dict[str, object]:
        """A JSON-ready dictionary (non-finite numbers become ``"Infinity"``, ``"-Infinity"``, ``"NaN"``).

        Each field lists at most ``max_candidates`` accepted answers (see :meth:`FieldCheck.listed`) and
        tells how many it leaves out in ``candidates_omitted``: a hostile response would otherwise make
        the output grow with fields × accepted answers × length.
        """
        explanation = self.explanation
        data = {
            "status": self.status,
            "details": None if self.details is None else dict(self.details),
            "explanation": {
                "kind": explanation.kind,
                "messages": list(explanation.messages),
                "fields": [_field_dict(check, max_candidates) for check in explanation.fields],
                "choices": None if explanation.choices is None else dataclasses.asdict(explanation.choices),
            },
            "pix_error": self.pix_error,
        }
        cleaned = _json_safe(data)
        assert isinstance(cleaned, dict)
        return cleaned


def _steps_dict(steps: Steps) -> dict[str, object]:
    return {**dataclasses.asdict(steps), "compared": steps.compared}


def _field_dict(check: FieldCheck, max_candidates: int) -> dict[str, object]:
    # built by hand, not with dataclasses.asdict: that would deep-copy every candidate, listed or not
    shown, omitted = check.listed(max_candidates)
    return {
        "field": check.field,
        "method": check.method,
        "tolerances": list(check.tolerances),
        "select": check.select,
        "response": _steps_dict(check.response),
        "candidates": [
            {**dataclasses.asdict(candidate), "accepted": _steps_dict(candidate.accepted)}
            for candidate in shown
        ],
        "candidates_omitted": omitted,
        "matched": check.matched,
        "group": check.group,
        "numeric": None if check.numeric is None else dataclasses.asdict(check.numeric),
    }


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
