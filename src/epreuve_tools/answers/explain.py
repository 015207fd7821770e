"""French rendering of a :class:`~epreuve_tools.answers.verdict.Verdict` for content designers (pure: returns
text).

Designers are not programmers: the texts say what the learner typed, what the key accepts, what each
tolerance changed, in words, and the verdict as « acceptée » / « refusée ». A tolerance is always named with
what it does (« T1 (espaces, majuscules et accents ignorés) »); quoted content is shortened between two words.
The machine form (statuses ``ok``/``ko``…) is :meth:`Verdict.to_dict`'s.
"""

from __future__ import annotations

import math
from typing import Final

from epreuve_tools.diagnostics import quoted

from .js import js_number_to_string, utf16_length
from .key import PIX_TYPE
from .treatments import MAX_RATIO, Tolerance
from .verdict import Candidate, FieldCheck, NumberReading, Status, Steps, Verdict

STATUS_LABELS: Final[dict[Status, str]] = {  # the verdict in words
    "ok": "réponse acceptée",
    "ko": "réponse refusée",
    "aband": "épreuve passée (« Je passe »), réponse non comparée",
    "timedout": "réponse juste mais donnée après la fin du temps, comptée hors délai",
}

# What each tolerance does, in the words of the author's guide (shared/domain/pix.md §3.2).
TOLERANCE_EFFECTS: Final[dict[Tolerance, str]] = {
    "t1": "espaces, majuscules et accents ignorés",
    "t2": "ponctuation ignorée : tout ce qui n'est pas une lettre sans accent, un chiffre ou une espace",
    "t3": "une faute de frappe tolérée pour quatre caractères de la réponse",
}
_STEP_EFFECTS: Final = {
    "pre": "accents écrits en deux caractères réunis et espaces insécables changées en espaces",
    "t1": "T1 (espaces, majuscules et accents ignorés)",
    "t2": "T2 (ponctuation ignorée)",
}
_QUOTE_LIMIT: Final = 60


def tolerance_name(tolerance: Tolerance) -> str:
    """« T1 (espaces, majuscules et accents ignorés) »: never a bare T1."""
    return f"{tolerance.upper()} ({TOLERANCE_EFFECTS[tolerance]})"


# Shorter, for one-line hints.
_SHORT_EFFECTS: Final[dict[Tolerance, str]] = {
    "t1": "espaces, majuscules et accents ignorés",
    "t2": "ponctuation ignorée",
    "t3": "une faute de frappe pour quatre caractères",
}


def tolerances_sentence(tolerances: tuple[Tolerance, ...], *, short: bool = False) -> str:
    if not tolerances:
        return "Aucune tolérance : la réponse doit être identique, caractère pour caractère, à une réponse acceptée."
    if short:
        return "Tolérances : " + ", ".join(f"{t.upper()} ({_SHORT_EFFECTS[t]})" for t in tolerances) + "."
    return "Tolérances : " + " ; ".join(tolerance_name(t) for t in tolerances) + "."


def pix_error_reason(pix_error: str) -> str:
    """The French reason of a ``pix_error`` (``"<Pix's error class> : <reason>"``), without the class name."""
    _, _, reason = pix_error.partition(" : ")
    return reason or pix_error


_LINE_BREAKS: Final = str.maketrans({"\n": "⏎", "\r": "⏎", "\u2028": "⏎", "\u2029": "⏎", "\x85": "⏎"})


def show(text: str) -> str:
    """Content quoted back to the author: shortened between two words, line breaks shown as ⏎ so that a
    message stays on its line."""
    return quoted(text.translate(_LINE_BREAKS), _QUOTE_LIMIT)


_q = show


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count <= 1 else plural}"


def _steps(steps: Steps) -> str:
    """« Accès » lue « acces » (T1 (…)): only the steps that changed the text are told."""
    text = _q(steps.raw)
    current = steps.raw
    changes: list[str] = []
    for name, value in (("pre", steps.pre_treated), ("t1", steps.t1), ("t2", steps.t2)):
        if value is not None and value != current:
            changes.append(f"{_q(value)} par {_STEP_EFFECTS[name]}")
            current = value
    if not changes:
        return text
    return f"{text}, lue " + ", puis ".join(changes)


def _ratio_words(candidate: Candidate, length: int) -> str:
    assert candidate.distance is not None
    assert candidate.ratio is not None
    if length == 0:
        return "réponse vide : elle ne correspond qu'à une réponse acceptée vide"
    changes = _plural(candidate.distance, "caractère à changer", "caractères à changer")
    if candidate.ratio <= MAX_RATIO:
        return f"{changes} sur {length}, pas plus d'un sur quatre"
    return f"{changes} sur {length}, plus d'un sur quatre"


def _candidate(index: int, candidate: Candidate, length: int) -> str:
    label = f"acceptée {index}" if candidate.group is None else f"groupe {_q(candidate.group)}"
    if candidate.ratio is None:
        how = "identique" if candidate.equal else "différente"
    elif candidate.equal:
        how = "identique"
    else:
        how = _ratio_words(candidate, length)
    outcome = "correspond" if candidate.matched else "ne correspond pas"
    return f"    {label} : {_steps(candidate.accepted)} : {how}, {outcome}"


def _number(reading: NumberReading) -> str:
    if not reading.numeric:
        return f"{_q(reading.text)} (pas un nombre pour Pix)"
    if math.isnan(reading.value):
        return f"{_q(reading.text)} (illisible comme nombre)"
    return f"{_q(reading.text)} se lit {js_number_to_string(reading.value).replace('.', ',')}"


def _field(check: FieldCheck) -> list[str]:
    title = "Champ" if check.field is None else f"Champ {_q(check.field)}"
    if check.select:
        title += " (liste déroulante, sans tolérance)"
    lines: list[str] = []
    if check.numeric is not None and check.numeric.taken:
        lines.append(f"{title}, comparé comme un nombre :")
        lines.append(f"    réponse : {_number(check.numeric.response)}")
        for reading in check.numeric.accepted:
            same = reading.value == check.numeric.response.value
            lines.append(f"    acceptée : {_number(reading)} : {'même nombre' if same else 'autre nombre'}")
        return lines
    lines.append(f"{title} :")
    lines.append(f"    réponse : {_steps(check.response)}")
    shown, omitted = check.listed()
    number = {id(candidate): i for i, candidate in enumerate(check.candidates, start=1)}
    length = utf16_length(check.response.compared)
    lines.extend(_candidate(number[id(candidate)], candidate, length) for candidate in shown)
    if omitted:
        others = _plural(omitted, "autre réponse acceptée comparée", "autres réponses acceptées comparées")
        lines.append(f"    … et {others}, non {'affichée' if omitted == 1 else 'affichées'}")
    if check.group is not None:
        lines.append(f"    → groupe utilisé : {_q(check.group)}")
    return lines


def render_explanation(verdict: Verdict) -> str:
    """A few lines of French: the verdict, the messages, then each field's comparison step by step."""
    explanation = verdict.explanation
    lines = [f"{PIX_TYPE[explanation.kind]} : {STATUS_LABELS[verdict.status]}"]
    lines.extend(f"  {message}" for message in explanation.messages)
    for check in explanation.fields:
        lines.extend(f"  {line}" for line in _field(check))
    if verdict.details:
        summary = ", ".join(
            f"{name} {'acceptée' if ok else 'refusée'}" for name, ok in verdict.details.items()
        )
        lines.append(f"  Par champ : {summary}")
    return "\n".join(lines)


# -- one-line summary, for the hints of KEY-001/KEY-002 --------------------------------------------------


def _closest(check: FieldCheck) -> Candidate | None:
    scored = [c for c in check.candidates if c.ratio is not None]
    return min(scored, key=lambda c: c.ratio or 0.0) if scored else None


def _field_summary(check: FieldCheck, *, dep: bool) -> str:
    name = "" if check.field is None else f"champ {_q(check.field)} : "
    if check.numeric is not None and check.numeric.taken:
        verdict = (
            "la valeur d'une réponse acceptée" if check.matched else "la valeur d'aucune réponse acceptée"
        )
        return (
            f"{name}{_number(check.numeric.response)} (Pix enlève la première espace et change la première "
            f"virgule en point), {verdict}"
        )
    response = _steps(check.response)
    if response != _q(check.response.raw):
        response += ","
    if check.matched:
        winner = next(c for c in check.candidates if c.matched)
        how = "" if winner.ratio is None or winner.equal else f" ({_ratio_words(winner, _length(check))})"
        group = "" if winner.group is None else f" du groupe {_q(winner.group)}"
        return f"{name}{response} correspond à {_steps(winner.accepted)}{group}{how}"
    nothing = "aucun groupe encore libre" if dep else "aucune réponse acceptée"
    closest = _closest(check)
    if closest is not None:
        return (
            f"{name}{response} ne correspond à {nothing} ; la plus proche est "
            f"{_steps(closest.accepted)} : {_ratio_words(closest, _length(check))}"
        )
    accepted = ", ".join(_q(c.accepted.raw) for c in check.candidates[:3])
    more = ", …" if len(check.candidates) > 3 else ""
    listed = f" ({accepted}{more})" if accepted else ""
    return f"{name}{response} ne correspond à {nothing}{listed}"


def _length(check: FieldCheck) -> int:
    return utf16_length(check.response.compared)


def summarize(verdict: Verdict) -> str:
    """The verdict in one line of French, for a diagnostic's hint: why the key accepts or refuses."""
    explanation = verdict.explanation
    head = f"{PIX_TYPE[explanation.kind]} : {STATUS_LABELS[verdict.status]}"
    if verdict.pix_error is not None:
        return f"{head} ; Pix ne peut pas la juger : {pix_error_reason(verdict.pix_error)}"
    if not explanation.fields:
        prefix = f"{PIX_TYPE[explanation.kind]} : "
        said = (m.removeprefix(prefix).rstrip(".") for m in explanation.messages[1:])
        return " ; ".join((head, *(m[:1].lower() + m[1:] for m in said)))
    decisive = [c for c in explanation.fields if c.matched == verdict.ok] or list(explanation.fields)
    dep = explanation.kind == "qrocm-dep"
    parts = [head, *(_field_summary(check, dep=dep) for check in decisive[:3])]
    if len(decisive) > 3:
        parts.append(f"et {_plural(len(decisive) - 3, 'autre champ', 'autres champs')}")
    compared_as_text = [c for c in decisive if c.numeric is None or not c.numeric.taken]
    if not verdict.ok and compared_as_text:  # refused: were the tolerances on?
        tolerances = tuple(sorted({t for check in compared_as_text for t in check.tolerances}))
        sentence = tolerances_sentence(tolerances, short=True).rstrip(".")
        parts.append(sentence[:1].lower() + sentence[1:])
    return " ; ".join(parts)
