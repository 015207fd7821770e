"""Judge a learner's response as Pix's API does (``shared/domain/pix.md`` §2.3 and §3).

``judge(key, response)`` does not raise on a string response within the bounds of ``limits``: where Pix's API
would throw (unreadable YAML, a QROCM-ind blank that the key does not have, a ``null`` value), the verdict is
``ko`` with ``pix_error`` set. Past a bound (a response too long, aliases expanding too far, too much
comparing), it raises :class:`~epreuve_tools.answers.limits.JudgingLimitError`, whose message is French.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, cast

from .explain import pix_error_reason, show, tolerances_sentence
from .failsafe import UNDEFINED, FailsafeError, JsTypeError, JsValue, js_to_string, load_failsafe
from .js import js_own_keys_order, js_parse_float, js_trim, to_utf16_units, utf16_length
from .key import AnswerKey, Groups
from .limits import MAX_RESPONSE_LENGTH, Budget, response_too_long
from .treatments import (
    MAX_RATIO,
    Tolerance,
    clean_for_number,
    is_numeric,
    levenshtein_distance,
    pre_treat,
    treat_cached,
)
from .verdict import (
    Candidate,
    ChoiceCheck,
    Explanation,
    FieldCheck,
    Method,
    NumberReading,
    NumericCheck,
    Status,
    Steps,
    Verdict,
)

ABANDON: Final = "#ABAND#"  # Answer.FAKE_VALUE_FOR_SKIPPED_QUESTIONS
# In JavaScript, `results['__proto__'] = true` sets the object's prototype instead of adding a key.
_PROTO: Final = "__proto__"
# Said when the pre-treatment changed the response (QROC, QROCM-dep: Pix leaves the accepted answers as written).
_PRE_TREATED_RESPONSE: Final = (
    "Avant de comparer, Pix réunit les accents écrits en deux caractères et change les espaces insécables en "
    "espaces, dans la réponse seulement."
)


def judge(key: AnswerKey, response: str, *, timed_out: bool = False, budget: Budget | None = None) -> Verdict:
    """The status Pix gives ``response`` for ``key``, with the explanation.

    ``#ABAND#`` is ``aband`` before anything else; a correct response given after the timer ran out
    (``timed_out``) is ``timedout`` (Pix's ``Examiner.evaluate``). The comparisons are taken from ``budget``
    (a fresh one by default; share one to bound several judgements); past it, or past the response length,
    :class:`~epreuve_tools.answers.limits.JudgingLimitError` is raised and nothing is judged.
    """
    if response == ABANDON:
        message = "« #ABAND# » : l'apprenant a cliqué sur « Je passe » ; Pix ne compare rien et compte l'épreuve passée."
        return Verdict("aband", None, Explanation(key.kind, (message,)))
    if not isinstance(response, str):  # untyped callers: Pix's validators answer ko to a non-string
        message = "La réponse n'est pas un texte : Pix la refuse."  # type: ignore[unreachable]
        return Verdict("ko", None, Explanation(key.kind, (message,)))
    if len(response) > MAX_RESPONSE_LENGTH:
        raise response_too_long(len(response))
    outcome = _JUDGES[key.kind](key, response, Budget() if budget is None else budget)
    status: Status = "ok" if outcome.ok else "ko"
    if outcome.pix_error is not None:
        summary = (
            f"Pix ne peut pas juger cette réponse : {pix_error_reason(outcome.pix_error)}. Son serveur s'arrête "
            "alors sur une erreur ; l'outil compte la réponse comme refusée."
        )
    elif outcome.ok and timed_out:
        status = "timedout"
        summary = "Réponse juste, mais donnée après la fin du temps imparti : Pix la compte hors délai."
    else:
        summary = "Réponse acceptée." if outcome.ok else "Réponse refusée."
    messages = [summary, *outcome.messages]
    explanation = Explanation(key.kind, tuple(messages), tuple(outcome.fields), outcome.choices)
    return Verdict(status, outcome.details, explanation, outcome.pix_error)


@dataclass(slots=True)
class _Outcome:
    ok: bool
    messages: list[str] = field(default_factory=list)
    fields: list[FieldCheck] = field(default_factory=list)
    choices: ChoiceCheck | None = None
    details: dict[str, bool] | None = None
    pix_error: str | None = None


# -- QCU / QCM --------------------------------------------------------------------------------------------


def _judge_qcu(key: AnswerKey, response: str, budget: Budget) -> _Outcome:
    expected = key.items[0]
    ok = response == expected
    messages = [
        f"QCU : la réponse {_q(response)} doit être exactement le numéro de la bonne proposition, "
        f"{_q(expected)}, sans aucun autre caractère."
    ]
    if not ok and js_trim(response) == expected:
        messages.append("Les espaces autour du numéro comptent : Pix compare les deux textes tels quels.")
    choices = ChoiceCheck((response,), (expected,), () if ok else (expected,), () if ok else (response,))
    return _Outcome(ok, messages, choices=choices)


def _csv_items(value: str) -> tuple[str, ...]:
    """``areCSVequivalent``'s ``split(',').map(_.trim).sort()`` (lodash trim = JS whitespace)."""
    return tuple(sorted(js_trim(item) for item in value.split(",")))


def _judge_qcm(key: AnswerKey, response: str, budget: Budget) -> _Outcome:
    given = _csv_items(response)
    expected = _csv_items(",".join(key.items))
    ok = given == expected
    missing = tuple(sorted((Counter(expected) - Counter(given)).elements()))
    unexpected = tuple(sorted((Counter(given) - Counter(expected)).elements()))
    messages = [
        f"QCM : les numéros cochés ({_list(given)}) doivent être les numéros attendus ({_list(expected)}), "
        "dans n'importe quel ordre ; les espaces autour des numéros ne comptent pas."
    ]
    if missing:
        messages.append(f"Non coché : {_list(missing)}.")
    if unexpected:
        messages.append(f"Coché en trop ou inconnu : {_list(unexpected)}.")
    return _Outcome(ok, messages, choices=ChoiceCheck(given, expected, missing, unexpected))


# -- string comparison ------------------------------------------------------------------------------------


def _steps(
    raw: str, *, pre_treated: str | None, tolerances: Sequence[Tolerance], cache: bool = True
) -> Steps:
    """``raw`` through the pipeline. Answer keys repeat, so their treatments are cached; responses are not."""
    base = raw if pre_treated is None else pre_treated
    treat = treat_cached if cache else treat_cached.__wrapped__
    after_t1, after_t2 = treat(base, "t1" in tolerances, "t2" in tolerances)
    return Steps(raw, pre_treated, after_t1, after_t2)


def _compare(
    response: Steps, accepted: Sequence[Steps], tolerances: Sequence[Tolerance], group: str | None = None
) -> list[Candidate]:
    """``isAnswerValid``: Levenshtein ratio ≤ 0.25 when T3 is enabled, strict ``includes`` otherwise."""
    answer = response.compared
    use_t3 = "t3" in tolerances
    length = utf16_length(answer) if use_t3 else 0
    candidates: list[Candidate] = []
    for steps in accepted:
        reference = steps.compared
        equal = answer == reference
        if not use_t3:
            candidates.append(Candidate(steps, equal, None, None, equal, group))
            continue
        if length == 0:  # _getRatio: an empty answer is 0 from '' and infinitely far from anything else
            distance = utf16_length(reference)
            ratio = 0.0 if reference == "" else math.inf
        else:
            distance = 0 if equal else levenshtein_distance(answer, reference)
            ratio = distance / length
        candidates.append(Candidate(steps, equal, distance, ratio, ratio <= MAX_RATIO, group))
    return candidates


def _method(tolerances: Sequence[Tolerance]) -> Method:
    return "levenshtein" if "t3" in tolerances else "exact"


# -- QROC -------------------------------------------------------------------------------------------------


def _reading(text: str) -> NumberReading:
    cleaned = clean_for_number(text)
    return NumberReading(text, is_numeric(text), cleaned, js_parse_float(cleaned))


def _spend(budget: Budget, answer: str, accepted: Sequence[str]) -> None:
    """Charge comparing ``answer`` with each of ``accepted``: one comparison and both lengths each."""
    budget.spend(len(accepted), len(answer) * len(accepted) + sum(map(len, accepted)))


def _judge_qroc(key: AnswerKey, response: str, budget: Budget) -> _Outcome:
    solutions = key.qroc_solutions
    if not solutions:
        return _Outcome(False, ["La clé de réponse ne contient aucune réponse acceptée : Pix refuse tout."])
    _spend(budget, response, solutions)
    messages: list[str] = []
    numeric: NumericCheck | None = None
    if key.is_numeric_format:
        answer_reading = _reading(response)
        readings = tuple(_reading(solution) for solution in solutions)
        taken = answer_reading.numeric and all(reading.numeric for reading in readings)
        numeric = NumericCheck(taken, answer_reading, readings)
        if taken:
            matched = any(reading.value == answer_reading.value for reading in readings)
            messages.append(
                "Format « nombre » : la réponse et toutes les réponses acceptées sont des nombres, Pix compare "
                "leurs valeurs. Pour les lire, il n'enlève que la première espace et ne change que la "
                "première virgule en point."
            )
            if math.isnan(answer_reading.value):
                messages.append(
                    "Pix reconnaît un nombre dans la réponse (en ignorant les espaces au début et à la fin), "
                    "mais ne parvient pas à le lire (les espaces y restent) : la réponse n'est égale à rien."
                )
            check = FieldCheck(
                None,
                "numeric",
                (),
                key.first_blank_is_select,
                Steps(response, None, None, None),
                (),
                matched,
                numeric=numeric,
            )
            return _Outcome(matched, messages, [check])
        if not answer_reading.numeric:
            messages.append(
                f"Format « nombre », mais la réponse {_q(response)} n'est pas un nombre pour Pix : "
                "elle est comparée comme un texte."
            )
        else:
            messages.append(
                "Format « nombre », mais une réponse acceptée n'est pas un nombre pour Pix : "
                "la réponse est comparée comme un texte."
            )
    tolerances: tuple[Tolerance, ...] = () if key.first_blank_is_select else key.tolerances
    if key.first_blank_is_select:
        messages.append(
            "Le champ est une liste déroulante : le choix doit être identique à une réponse acceptée, "
            "sans aucune tolérance."
        )
    else:
        messages.append(tolerances_sentence(tolerances))
    if pre_treat(response) != response:
        messages.append(_PRE_TREATED_RESPONSE)
    answer = _steps(response, pre_treated=pre_treat(response), tolerances=tolerances, cache=False)
    accepted = [_steps(solution, pre_treated=None, tolerances=tolerances) for solution in solutions]
    candidates = _compare(answer, accepted, tolerances)
    matched = any(candidate.matched for candidate in candidates)
    check = FieldCheck(
        None,
        _method(tolerances),
        tolerances,
        key.first_blank_is_select,
        answer,
        tuple(candidates),
        matched,
        numeric=numeric,
    )
    return _Outcome(matched, messages, [check])


# -- QROCM ------------------------------------------------------------------------------------------------


class _PixError(Exception):
    """Pix's API would throw here; the message (French) says why."""


def _parse_response(response: str) -> tuple[list[tuple[str, JsValue]], dict[str, str], JsValue]:
    """Pre-treat then load the YAML response (FAILSAFE); raise :class:`_PixError` if js-yaml would throw.

    Returns the loaded value's entries in JavaScript order, the raw (not pre-treated) text of each value
    when it can be had, and the loaded value itself.
    """
    text = pre_treat(response)
    try:
        loaded = load_failsafe(text)
    except FailsafeError as exc:
        where = f", ligne {exc.line}, colonne {exc.column}" if exc.line is not None else ""
        raise _PixError(
            f"YamlParsingError : la réponse n'est pas écrite en YAML lisible{where} ({exc.problem})"
        ) from exc
    raw_values: dict[str, str] = {}
    if text != response and isinstance(loaded, dict):
        try:
            raw = load_failsafe(response)
        except FailsafeError:
            raw = None
        if isinstance(raw, dict):
            raw_values = {k: v for k, v in raw.items() if isinstance(v, str)}
    if loaded is UNDEFINED:
        return [], raw_values, None
    return _entries(loaded), raw_values, loaded


def response_fields(response: str) -> tuple[str, ...] | None:
    """The field names of a QROCM response, in the order Pix visits them; ``None`` when the response is not a
    mapping of fields (a text alone, a list, nothing), which the runtime never sends.

    Raises :class:`~epreuve_tools.answers.failsafe.FailsafeError` when the YAML is unreadable (the verdict
    says how Pix fails then) and :class:`~epreuve_tools.answers.limits.JudgingLimitError` past the bounds.
    """
    if len(response) > MAX_RESPONSE_LENGTH:
        raise response_too_long(len(response))
    loaded = load_failsafe(pre_treat(response))
    if not isinstance(loaded, dict):
        return None
    return tuple(js_own_keys_order(list(loaded)))


def _entries(value: JsValue) -> list[tuple[str, JsValue]]:
    """``Object.entries`` of a loaded response, for the kinds that do not throw."""
    if isinstance(value, dict):
        return [(k, value[k]) for k in js_own_keys_order(list(value))]
    if isinstance(value, list):
        return [(str(i), item) for i, item in enumerate(value)]
    if isinstance(value, str):
        return [(str(i), unit) for i, unit in enumerate(to_utf16_units(value))]
    return []


def _to_text(name: str, value: JsValue) -> str:
    try:
        return js_to_string(value)
    except JsTypeError as exc:
        raise _PixError(
            f"TypeError : le champ {_q(name)} n'a pas de valeur, et Pix ne sait pas la lire"
        ) from exc
    except RecursionError as exc:  # pragma: no cover - V8 overflows its stack too
        raise _PixError("RangeError : la réponse est trop imbriquée pour être lue") from exc


def _response_steps(
    name: str, text: str, raw_values: dict[str, str], tolerances: Sequence[Tolerance]
) -> Steps:
    raw = raw_values.get(name, text)
    return _steps(raw, pre_treated=text, tolerances=tolerances, cache=False)


# Object.prototype's own properties (Node 20). When the key lacks a blank of the response, Pix's
# `solutions[name]` finds the inherited property instead of `undefined` (a function, or Object.prototype
# itself for `__proto__`): the blank is not reported missing, and calling `.includes`/`.map` on that value
# throws a TypeError.
OBJECT_PROTOTYPE_NAMES: Final = frozenset(
    {
        "constructor",
        "__defineGetter__",
        "__defineSetter__",
        "hasOwnProperty",
        "__lookupGetter__",
        "__lookupSetter__",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toString",
        "valueOf",
        "__proto__",
        "toLocaleString",
    }
)


def _qrocm_ind_blanks(key: AnswerKey) -> dict[str, tuple[str, ...]]:
    """The key's blanks as Pix reads them: it pre-treats the whole solution YAML, names included.

    Raises :class:`_PixError` when two names become one (NFC, or a no-break space turned into a space):
    js-yaml then reads a duplicated mapping key and throws, whatever the response.
    """
    blanks: dict[str, tuple[str, ...]] = {}
    written: dict[str, str] = {}
    for name, accepted in cast(Groups, key.solution):
        read = name if name.isascii() else pre_treat(name)
        if read in blanks:
            raise _PixError(
                f"YamlParsingError : la clé de réponse a deux champs, {_spelled(written[read])} "
                f"et {_spelled(name)}, qui ne diffèrent que par la façon d'écrire un accent ou une espace "
                f"insécable ; Pix les lit tous deux {_q(read)}, comme un même champ écrit deux fois, et ne "
                "peut lire la clé : aucune réponse n'est jugée"
            )
        blanks[read] = accepted
        written[read] = name
    return blanks


def _spelled(name: str) -> str:
    """A name quoted with the code points that make it different from its look-alike."""
    if name.isascii():
        return _q(name)
    points = " ".join(f"U+{ord(c):04X}" for c in name if not c.isascii())
    return f"{_q(name)} ({points})"


def _missing_blank(name: str, blanks: dict[str, tuple[str, ...]]) -> _PixError:
    if name in OBJECT_PROTOTYPE_NAMES:
        return _PixError(
            f"TypeError : le champ {_q(name)} n'est pas dans la clé de réponse, mais c'est aussi le nom d'une "
            "propriété que tout objet JavaScript possède ; Pix la prend pour la liste des réponses acceptées "
            "et s'arrête sur une erreur en la comparant"
        )
    return _PixError(
        f"YamlParsingError : le champ {_q(name)} n'existe pas dans la clé de réponse, dont les champs "
        f"sont {', '.join(_q(g) for g in blanks)}"
    )


def _judge_qrocm_ind(key: AnswerKey, response: str, budget: Budget) -> _Outcome:
    if not key.solution:
        return _Outcome(False, ["La clé de réponse ne contient aucun champ : Pix refuse tout."])
    try:
        # Pix reads the response, then the key, in one try: either unreadable is a YamlParsingError
        entries, raw_values, loaded = _parse_response(response)
        groups = _qrocm_ind_blanks(key)
        if isinstance(loaded, str) and loaded:
            raise _PixError(
                "TypeError : la réponse est un texte seul, pas une liste de lignes « champ: valeur »"
            )
        texts = [(name, _to_text(name, value)) for name, value in entries]
        # the blanks are compared in order, so the first one the key lacks decides the error
        absent = next((name for name, _ in texts if name not in groups), None)
        if absent is not None:
            raise _missing_blank(absent, groups)
    except _PixError as exc:
        return _Outcome(False, pix_error=str(exc))
    for name, text in texts:
        _spend(budget, text, groups[name])
    messages = ["QROCM-ind : chaque champ est comparé à ses propres réponses acceptées."]
    if pre_treat(response) != response:
        messages.append(
            "Avant de comparer, Pix réunit les accents écrits en deux caractères et change les espaces "
            "insécables en espaces, dans la réponse comme dans les réponses acceptées."
        )
    if not texts:
        messages.append(
            "La réponse ne contient aucun champ : Pix ne vérifie rien et l'accepte "
            "(il ne vérifie que les champs reçus)."
        )
    checks: list[FieldCheck] = []
    details: dict[str, bool] = {}
    for name, text in texts:
        select = name in key.selects
        tolerances: tuple[Tolerance, ...] = () if select else key.tolerances
        answer = _response_steps(name, text, raw_values, tolerances)
        accepted = [
            _steps(variant, pre_treated=pre_treat(variant), tolerances=tolerances) for variant in groups[name]
        ]
        candidates = _compare(answer, accepted, tolerances)
        matched = any(candidate.matched for candidate in candidates)
        if name == _PROTO:
            messages.append(
                f"Le champ {_q(_PROTO)} est comparé, mais Pix ne peut pas garder son résultat (ce nom est "
                "réservé en JavaScript) : il ne compte pas dans le verdict."
            )
        else:
            details[name] = matched
        checks.append(
            FieldCheck(name, _method(tolerances), tolerances, select, answer, tuple(candidates), matched)
        )
    missing = [name for name in groups if name not in details]
    if missing and texts:
        messages.append(f"Champs absents de la réponse, que Pix ne vérifie pas : {_list(tuple(missing))}.")
    if any(check.select for check in checks):
        messages.append("Les listes déroulantes sont comparées sans aucune tolérance.")
    messages.append(tolerances_sentence(key.tolerances))
    return _Outcome(all(details.values()), messages, checks, details=details)


def _judge_qrocm_dep(key: AnswerKey, response: str, budget: Budget) -> _Outcome:
    groups = key.groups
    if not response:
        return _Outcome(False, ["Réponse vide : Pix la refuse."])
    if not groups:
        return _Outcome(False, ["La clé de réponse ne contient aucun groupe : Pix refuse tout."])
    try:
        entries, raw_values, loaded = _parse_response(response)
        if loaded is None:
            raise _PixError(
                "TypeError : la réponse ne contient ni champ ni valeur, et Pix ne sait pas la lire"
            )
        texts = [(name, _to_text(name, value)) for name, value in entries]
    except _PixError as exc:
        return _Outcome(False, pix_error=str(exc))
    # at most, every field is compared with every accepted answer of every group
    accepted_count = sum(len(variants) for variants in groups.values())
    accepted_length = sum(len(variant) for variants in groups.values() for variant in variants)
    budget.spend(
        len(texts) * accepted_count,
        sum(len(text) for _, text in texts) * accepted_count + len(texts) * accepted_length,
    )
    tolerances = key.tolerances
    messages = [
        "QROCM-dep : les champs sont pris dans l'ordre ; chacun prend le premier groupe encore libre dont "
        "une réponse acceptée lui correspond, et ce groupe ne sert plus ensuite. Les tolérances "
        "s'appliquent aussi aux listes déroulantes.",
        tolerances_sentence(tolerances),
    ]
    if pre_treat(response) != response:
        messages.append(_PRE_TREATED_RESPONSE)
    order = js_own_keys_order(list(groups))
    accepted = {
        name: [_steps(variant, pre_treated=None, tolerances=tolerances) for variant in groups[name]]
        for name in order
    }
    remaining = list(order)
    checks: list[FieldCheck] = []
    for name, text in texts:
        answer = _response_steps(name, text, raw_values, tolerances)
        tried: list[Candidate] = []
        used: str | None = None
        for group in remaining:
            candidates = _compare(answer, accepted[group], tolerances, group)
            tried.extend(candidates)
            if any(candidate.matched for candidate in candidates):
                used = group
                break
        if used is not None:
            remaining.remove(used)
        checks.append(
            FieldCheck(
                name,
                _method(tolerances),
                tolerances,
                name in key.selects,
                answer,
                tuple(tried),
                used is not None,
                group=used,
            )
        )
    ok = all(check.matched for check in checks)
    unmatched = [check.field or "" for check in checks if not check.matched]
    if unmatched:
        messages.append(f"Aucun groupe encore libre ne correspond à : {_list(tuple(unmatched))}.")
    return _Outcome(ok, messages, checks)


_JUDGES = {
    "qcu": _judge_qcu,
    "qcm": _judge_qcm,
    "qroc": _judge_qroc,
    "qrocm-ind": _judge_qrocm_ind,
    "qrocm-dep": _judge_qrocm_dep,
}


# -- French helpers -----------------------------------------------------------------------------------------


_q = show  # content quoted back to the author: shortened between two words, on one line


def _list(items: tuple[str, ...]) -> str:
    return ", ".join(items) if items else "aucun"
