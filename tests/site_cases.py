"""The shared case file of the in-page judge: each case is an answer key (as the page embeds it), a response
(as the page composes it) and what the Python judge says of it.

`site/assets/judge.js` must say the same for every case, to the character: the status, each field's
verdict, the string finally compared, each accepted answer it was compared with and their edit distance,
the QROCM-dep group used, the error Pix would throw. Node.js replays the file in tests/test_site_judge.py,
Chromium in tests/test_site_browser.py.

The cases are hand-written tricky ones (accents, no-break spaces, ligatures, UTF-16 surrogate pairs,
the 0.25 boundary, numbers, selects, QROCM-dep groups) plus the golden cases that Pix's own code judged
(tests/answers/data/pix_golden.jsonl), turned into what a page can send.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from epreuve_tools.answers import AnswerKey, JudgingLimitError, Verdict, judge
from epreuve_tools.answers.failsafe import FailsafeError, load_failsafe
from epreuve_tools.preview.judge_data import key_data

GOLDEN = Path(__file__).parent / "answers" / "data" / "pix_golden.jsonl"
NONE: list[str] = []
T1: list[str] = ["t1"]
T3: list[str] = ["t3"]
ALL = ["t1", "t2", "t3"]

Response = str | dict[str, str]


def _qroc(accepted: list[str], tolerances: list[str] = ALL, **options: Any) -> AnswerKey:
    return AnswerKey.qroc(accepted, tolerances=tolerances, **options)


def _ind(
    blanks: dict[str, list[str]], tolerances: list[str] = ALL, selects: tuple[str, ...] = ()
) -> AnswerKey:
    return AnswerKey.qrocm_ind(blanks, tolerances=tolerances, selects=selects)


def _dep(groups: dict[str, list[str]], tolerances: list[str] = ALL) -> AnswerKey:
    return AnswerKey.qrocm_dep(groups, tolerances=tolerances)


CAPITALE = _ind({"capitale": ["Paris"], "pays": ["France"], "choix": ["oui"]}, selects=("choix",))
VILLES = _dep({"g1": ["Paris", "Lutèce"], "g2": ["Lyon"], "g3": ["Marseille"]})

# (name, key, response): the tricky cases, each one there for a reason its name gives
TRICKY: list[tuple[str, AnswerKey, Response]] = [
    # QCU / QCM: what the page sends from radios and boxes
    ("qcu-right", AnswerKey.qcu("2"), "2"),
    ("qcu-wrong", AnswerKey.qcu("2"), "1"),
    ("qcu-nothing-chosen", AnswerKey.qcu("2"), ""),
    ("qcu-space-counts", AnswerKey.qcu("2"), " 2"),
    ("qcm-right", AnswerKey.qcm(["1", "3"]), "1,3"),
    ("qcm-any-order", AnswerKey.qcm(["3", "1"]), "1,3"),
    ("qcm-missing-one", AnswerKey.qcm(["1", "3"]), "1"),
    ("qcm-one-too-many", AnswerKey.qcm(["1", "3"]), "1,2,3"),
    ("qcm-nothing", AnswerKey.qcm(["1", "3"]), ""),
    ("aband", _qroc(["Paris"]), "#ABAND#"),
    # T1: case, accents, every JS space; the pre-treatment (NFC, NBSP) on the response only
    ("t1-case-accents", _qroc(["Élève"], T1), "eleve"),
    ("t1-inner-spaces", _qroc(["mot de passe"], T1), "motdepasse"),
    ("t1-narrow-nbsp-is-js-space", _qroc(["1 000"], T1), "1\u202f000"),
    ("t0-nbsp-pre-treated", _qroc(["New York"], NONE), "New\u00a0York"),
    ("t0-narrow-nbsp-kept", _qroc(["New York"], NONE), "New\u202fYork"),
    ("t0-decomposed-response", _qroc(["école"], NONE), "e\u0301cole"),
    ("t0-decomposed-accepted-not-pre-treated", _qroc(["e\u0301cole"], NONE), "école"),
    ("t0-decomposed-accepted-qrocm-ind", _ind({"a": ["e\u0301cole"]}, NONE), {"a": "école"}),
    ("t1-ligature-kept", _qroc(["coeur"], T1), "cœur"),
    ("t1t2-ligature-removed", _qroc(["coeur"], ["t1", "t2"]), "cœur"),
    ("t1t2-ligature-both-sides", _qroc(["cœur"], ["t1", "t2"]), "coeur"),
    ("t1-sharp-s", _qroc(["strasse"], T1), "Straße"),
    ("t2-sharp-s-removed", _qroc(["strae"], ["t2"]), "straße"),
    ("t1-dotted-capital-i", _qroc(["istanbul"], T1), "İstanbul"),
    ("t1-final-sigma", _qroc(["οδος"], T1), "ΟΔΟΣ"),
    ("t1-final-sigma-lowered", _qroc(["οδος"], T1), "οδος"),
    ("t2-punctuation", _qroc(["Shi FooBar"], ["t2"]), "Shi Foo-Bar!"),
    ("t2-keeps-outer-spaces", _qroc([" Shi FooBar "], ["t2"]), " Shi Foo-Bar "),
    ("t2-collapses-spaces", _qroc(["a b"], ["t2"]), "a  \t b"),
    ("t1-bom-is-js-space", _qroc(["ab"], T1), "a\ufeffb"),
    ("t0-nel-kept", _qroc(["a\x85b"], NONE), "a\x85b"),
    ("t1-nel-not-js-space", _qroc(["ab"], T1), "a\x85b"),
    # T3: distance / length of the RESPONSE in UTF-16 code units, ≤ 0.25 accepted
    ("t3-ratio-exactly-quarter", _qroc(["abcd"], T3), "abce"),
    ("t3-ratio-third", _qroc(["abc"], T3), "abd"),
    ("t3-two-in-eight", _qroc(["abcdefgh"], T3), "abcdefxy"),
    ("t3-three-in-eight", _qroc(["abcdefgh"], T3), "abcdexyz"),
    ("t3-denominator-is-response", _qroc(["abcdefgh"], T3), "abcdef"),
    ("t3-denominator-short-response", _qroc(["abcdef"], T3), "abcd"),
    ("t3-empty-response", _qroc(["a"], T3), ""),
    ("t3-surrogate-pair-low-unit", _qroc(["a😀b"], T3), "a😁b"),
    ("t3-surrogate-pair-whole", _qroc(["ab😀cdefgh"], T3), "abcdefgh"),
    ("t3-emoji-counts-two", _qroc(["😀😀"], T3), "😀"),
    ("t3-after-t1", _qroc(["Mot de passe"], ["t1", "t3"]), "mot de pase"),
    ("t123-typo", _qroc(["gestionnaire de mots de passe"], ALL), "Gestionaire de mot de passe"),
    ("t123-two-accepted-second", _qroc(["chat", "chien"], ALL), "chiens"),
    ("qroc-accepted-with-newline", _qroc(["un\ndeux"], NONE), "deux"),
    # numbers: `format: nombre`, Pix's reading (first space, first comma)
    ("nombre-equal", _qroc(["12"], format="nombre"), "12"),
    ("nombre-comma", _qroc(["12.5"], format="nombre"), "12,5"),
    ("nombre-trailing-zero", _qroc(["12"], format="nombre"), "12,0"),
    ("nombre-thousands", _qroc(["1000"], format="nombre"), "1 000"),
    ("nombre-leading-space", _qroc(["1000"], format="nombre"), " 1 000"),
    ("nombre-two-spaces-as-text", _qroc(["1000000"], format="nombre"), "1 000 000"),
    ("nombre-hexadecimal", _qroc(["16"], format="nombre"), "0x10"),
    ("nombre-exponent", _qroc(["1000"], format="nombre"), "1e3"),
    ("nombre-negative", _qroc(["-5"], format="nombre"), "-5"),
    ("nombre-wrong", _qroc(["12"], format="nombre"), "13"),
    ("nombre-accepted-not-a-number", _qroc(["douze", "12"], format="nombre"), "12"),
    ("nombre-response-not-a-number", _qroc(["12"], format="nombre"), "douze"),
    ("nombre-empty", _qroc(["0"], format="nombre"), ""),
    # selects: no tolerance at all in a QROC or a QROCM-ind, tolerances still in a QROCM-dep
    ("select-qroc-exact", _qroc(["Oui"], first_blank_is_select=True), "Oui"),
    ("select-qroc-no-tolerance", _qroc(["Oui"], first_blank_is_select=True), "oui"),
    ("select-qrocm-ind-no-tolerance", CAPITALE, {"capitale": "paris", "pays": "france", "choix": "Oui"}),
    ("qrocm-ind-right", CAPITALE, {"capitale": "Paris", "pays": "France", "choix": "oui"}),
    ("qrocm-ind-one-wrong", CAPITALE, {"capitale": "Paris", "pays": "Belgique", "choix": "oui"}),
    ("qrocm-ind-tolerated", CAPITALE, {"capitale": " PARIS ", "pays": "Frnace", "choix": "oui"}),
    ("qrocm-ind-empty-fields", CAPITALE, {"capitale": "", "pays": "", "choix": ""}),
    ("qrocm-ind-nbsp-both-sides", _ind({"a": ["New\u00a0York"]}, NONE), {"a": "New\u00a0York"}),
    ("qrocm-ind-surrogates", _ind({"e": ["😀 ok"]}, T3), {"e": "😀 ko"}),
    ("qrocm-dep-select-tolerated", _dep({"g": ["Oui"]}), {"choix": "oui"}),
    # QROCM-dep: each field takes the first free group it matches
    ("qrocm-dep-right", VILLES, {"v1": "Lyon", "v2": "Paris"}),
    ("qrocm-dep-same-twice", VILLES, {"v1": "Paris", "v2": "Paris"}),
    ("qrocm-dep-variant", VILLES, {"v1": "Lutece", "v2": "Marseille"}),
    ("qrocm-dep-one-wrong", VILLES, {"v1": "Lyon", "v2": "Nice"}),
    (
        "qrocm-dep-index-names-first",
        _dep({"b": ["x"], "2": ["y"], "1": ["z"]}, NONE),
        {"b": "x", "2": "z", "1": "y"},
    ),
    ("qrocm-dep-index-fields-first", _dep({"g": ["x"], "h": ["x", "y"]}, NONE), {"b": "x", "1": "y"}),
    ("qrocm-dep-groups-overlap", _dep({"g": ["a", "b"], "h": ["a"]}, NONE), {"x": "a", "y": "b"}),
    # where Pix's API throws: ko, and the page says why
    ("qrocm-ind-field-not-in-key", _ind({"a": ["x"]}), {"a": "x", "b": "y"}),
    ("qrocm-ind-field-named-tostring", _ind({"a": ["x"]}), {"toString": "x"}),
    ("qrocm-ind-delete-character", _ind({"a": ["x"]}, NONE), {"a": "x\x7f"}),
    ("qrocm-ind-noncharacter", _ind({"a": ["x"]}, NONE), {"a": "x\ufffe"}),
    ("qrocm-ind-names-one-after-nfc", _ind({"é": ["x"]}, NONE), {"e\u0301": "x", "é": "x"}),
    ("qrocm-ind-key-names-one-after-nfc", _ind({"é": ["x"], "e\u0301": ["y"]}, NONE), {"é": "x"}),
    ("qrocm-ind-decomposed-name", _ind({"é": ["x"]}, NONE), {"e\u0301": "x"}),
    (
        "qrocm-ind-proto-does-not-count",
        _ind({"__proto__": ["x"], "a": ["y"]}, NONE),
        {"__proto__": "z", "a": "y"},
    ),
    ("qrocm-dep-delete-character", _dep({"g": ["x"]}), {"a": "x\x7f"}),
    # NFC over the whole JSON text composes a mark with the last letter of an escape: `\n` + U+0303
    ("qrocm-ind-mark-after-line-break", _ind({"a": ["x"]}, T1), {"a": "x\n\u0303"}),
    ("qrocm-dep-mark-after-control", _dep({"g": ["x"]}, T1), {"a": "x\x0b\u0307"}),
    ("qrocm-ind-mark-after-line-break-no-composition", _ind({"a": ["x"]}, T1), {"a": "x\n\u0345"}),
    ("qrocm-ind-line-break-kept", _ind({"a": ["un deux"]}, NONE), {"a": "un\ndeux"}),
    # bounds: not judged
    ("limit-response-too-long", _qroc(["a"], NONE), "a" * 10_001),
    ("limit-response-just-fits", _qroc(["a"], NONE), "a" * 10_000),
    ("limit-qrocm-too-long", _ind({"a": ["x"]}, NONE), {"a": "😀" * 9_990}),
    ("limit-too-much-comparing", _qroc([f"réponse {i}" for i in range(20_001)], NONE), "x"),
]


def response_text(key: AnswerKey, response: Response) -> str:
    """What `epreuve answer` is given: the text, or a QROCM's fields as JSON (from_model.response_text)."""
    if isinstance(response, dict):
        return json.dumps(response, ensure_ascii=False)
    return response


def expected(key: AnswerKey, verdict: Verdict | None, limit: bool) -> dict[str, Any]:
    """The Python judge's verdict, in the form both judges are compared in (see :func:`normalised`)."""
    if verdict is None:
        return {
            "status": None,
            "limit": limit,
            "pix_error": None,
            "fields": [],
            "details": None,
            "choices": None,
        }
    explanation = verdict.explanation
    fields = []
    for check in explanation.fields:
        numeric = check.numeric is not None and check.numeric.taken
        fields.append(
            {
                "name": check.field,
                "matched": check.matched,
                "compared": check.response.compared,
                "group": check.group,
                "numeric": numeric,
                "select": check.select,
                "candidates": [
                    [c.accepted.compared, c.distance, c.matched, c.group] for c in check.candidates
                ],
            }
        )
    choices = None
    if explanation.choices is not None and key.kind == "qcm":
        choices = [sorted(explanation.choices.missing), sorted(explanation.choices.unexpected)]
    return {
        "status": verdict.status,
        "limit": False,
        "pix_error": None if verdict.pix_error is None else verdict.pix_error.split(" : ")[0],
        "fields": fields,
        "details": None if verdict.details is None else [[k, v] for k, v in verdict.details.items()],
        "choices": choices,
    }


def normalised(key: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """judge.js's result in the form of :func:`expected`."""
    fields = [
        {
            "name": f["name"],
            "matched": f["matched"],
            "compared": f["compared"],
            "group": f["group"],
            "numeric": f["numeric"],
            "select": f["select"],
            "candidates": [[c["compared"], c["distance"], c["matched"], c["group"]] for c in f["candidates"]],
        }
        for f in result["fields"]
    ]
    details = None
    judged = result["status"] is not None and result["pixError"] is None
    if key["kind"] == "qrocm-ind" and judged and key["solution"]:
        details = [[f["name"], f["matched"]] for f in result["fields"] if f.get("counted", True)]
    choices = None
    if key["kind"] == "qcm" and result["choices"] is not None:
        choices = [sorted(result["choices"]["missing"]), sorted(result["choices"]["unexpected"])]
    return {
        "status": result["status"],
        "limit": result["limit"] is not None,
        "pix_error": None if result["pixError"] is None else result["pixError"]["kind"],
        "fields": fields,
        "details": details,
        "choices": choices,
    }


def _golden() -> list[tuple[str, AnswerKey, Response]]:
    """Pix's golden rows, as a page could send them: QROCM answers read into fields (text values only)."""
    cases: list[tuple[str, AnswerKey, Response]] = []
    for line in GOLDEN.read_text("utf-8").splitlines()[1:]:
        row = json.loads(line)
        if row["timed_out"]:
            continue  # the page has no timer
        kind, answer = row["kind"], row["answer"]
        key = AnswerKey.build(
            kind,
            row["solution"],
            tolerances=row.get("tolerances", ALL),
            format=row.get("format"),
            selects=row.get("selects", ()),
            first_blank_is_select=row.get("first_blank_is_select", False),
        )
        response: Response = answer
        if kind in ("qrocm-ind", "qrocm-dep"):
            try:
                loaded = load_failsafe(answer)
            except (FailsafeError, JudgingLimitError):
                continue
            if not isinstance(loaded, dict) or not all(isinstance(v, str) for v in loaded.values()):
                continue
            response = {str(k): v for k, v in loaded.items()}
        cases.append((f"golden-{row['name']}", key, response))
    return cases


def build_cases() -> list[dict[str, Any]]:
    """Every case, judged by the Python judge."""
    cases = []
    for name, key, response in [*TRICKY, *_golden()]:
        try:
            verdict: Verdict | None = judge(key, response_text(key, response))
            limit = False
        except JudgingLimitError:
            verdict, limit = None, True
        page_response: Any = list(response.items()) if isinstance(response, dict) else response
        cases.append(
            {
                "name": name,
                "key": key_data(key),
                "response": page_response,
                "expected": expected(key, verdict, limit),
            }
        )
    return cases


def write_cases(path: Path) -> list[dict[str, Any]]:
    cases = build_cases()
    path.write_text(json.dumps(cases, ensure_ascii=True, indent=1) + "\n", "utf-8")
    return cases
