"""French rendering of a :class:`~epreuve_tools.answers.verdict.Verdict`'s explanation (pure: returns text)."""

from __future__ import annotations

import math

from .js import js_number_to_string
from .key import PIX_TYPE
from .verdict import Candidate, FieldCheck, NumberReading, Steps, Verdict

STATUS_LABELS = {  # in French, for people
    "ok": "ok (correcte)",
    "ko": "ko (incorrecte)",
    "aband": "aband (passée)",
    "timedout": "timedout (correcte, hors délai)",
}


def _q(text: str) -> str:
    return f"« {text} »"


def _steps(steps: Steps) -> str:
    parts = [_q(steps.raw)]
    if steps.pre_treated is not None and steps.pre_treated != steps.raw:
        parts.append(f"pré-traitement {_q(steps.pre_treated)}")
    if steps.t1 is not None:
        parts.append(f"T1 {_q(steps.t1)}")
    if steps.t2 is not None:
        parts.append(f"T2 {_q(steps.t2)}")
    return " → ".join(parts)


def _ratio(value: float) -> str:
    if math.isinf(value):
        return "infini"
    return f"{value:.3f}".rstrip("0").rstrip(".").replace(".", ",")


def _candidate(index: int, candidate: Candidate) -> str:
    label = f"acceptée {index}" if candidate.group is None else f"groupe {_q(candidate.group)}"
    mark = "✓" if candidate.matched else "✗"
    if candidate.ratio is None:
        verdict = "identique" if candidate.equal else "différente"
    else:
        sign = "≤" if candidate.ratio <= 0.25 else ">"
        verdict = f"distance {candidate.distance}, ratio {_ratio(candidate.ratio)} {sign} 0,25"
    return f"    {label} : {_steps(candidate.accepted)} : {verdict} {mark}"


def _number(reading: NumberReading) -> str:
    if not reading.numeric:
        return f"{_q(reading.text)} (pas un nombre)"
    return f"{_q(reading.text)} → {_q(reading.cleaned)} → {js_number_to_string(reading.value)}"


def _field(check: FieldCheck) -> list[str]:
    title = "Champ" if check.field is None else f"Champ {_q(check.field)}"
    if check.select:
        title += " (liste déroulante)"
    lines: list[str] = []
    if check.numeric is not None and check.numeric.taken:
        lines.append(f"{title} : comparaison numérique")
        lines.append(f"    réponse : {_number(check.numeric.response)}")
        for reading in check.numeric.accepted:
            same = reading.value == check.numeric.response.value
            lines.append(f"    acceptée : {_number(reading)} {'✓' if same else '✗'}")
        return lines
    tolerances = ", ".join(t.upper() for t in check.tolerances) or "aucune"
    lines.append(f"{title} (tolérances : {tolerances})")
    lines.append(f"    réponse : {_steps(check.response)}")
    shown, omitted = check.listed()
    number = {id(candidate): i for i, candidate in enumerate(check.candidates, start=1)}
    lines.extend(_candidate(number[id(candidate)], candidate) for candidate in shown)
    if omitted:
        lines.append(f"    … et {omitted} autre(s) réponse(s) acceptée(s) comparée(s), non affichée(s)")
    if check.group is not None:
        lines.append(f"    → groupe utilisé : {_q(check.group)}")
    return lines


def render_explanation(verdict: Verdict) -> str:
    """A few lines of French: the status, the messages, then each field's comparison step by step."""
    explanation = verdict.explanation
    lines = [f"{PIX_TYPE[explanation.kind]} : {STATUS_LABELS[verdict.status]}"]
    lines.extend(f"  {message}" for message in explanation.messages)
    for check in explanation.fields:
        lines.extend(f"  {line}" for line in _field(check))
    if verdict.details:
        summary = ", ".join(f"{name} {'✓' if ok else '✗'}" for name, ok in verdict.details.items())
        lines.append(f"  Par champ : {summary}")
    return "\n".join(lines)
