"""Judgements per second, per type: `python bench/judge.py` (run by `nox -s bench`).

Each type is judged on a small mix of right and wrong responses, with all tolerances on. The explanation
is always built, so these numbers include it.
"""

from __future__ import annotations

import time

from epreuve_tools.answers import AnswerKey, judge

SCENARIOS: dict[str, tuple[AnswerKey, list[str]]] = {
    "qcu": (AnswerKey.qcu("2"), ["2", "1", "2 ", "#ABAND#"]),
    "qcm": (AnswerKey.qcm(["1", "3"]), ["1,3", "3, 1", "1,2,3", "2"]),
    "qroc": (
        AnswerKey.qroc(["Tour Eiffel", "la tour Eiffel", "Eiffel"]),
        ["tour eifel", "La Tour-Eiffel !", "Arc de triomphe", "Eiffel"],
    ),
    "qroc nombre": (AnswerKey.qroc(["55"], format="nombre"), ["55", "55,0", " 055 ", "cinquante-cinq"]),
    "qrocm-ind": (
        AnswerKey.qrocm_ind(
            {"ville": ["Paris", "Lutèce"], "fleuve": ["la Seine", "Seine"], "pays": ["France"]}
        ),
        [
            "ville: Paris\nfleuve: Seine\npays: France\n",
            "ville: paris\nfleuve: la seine\npays: Frnce\n",
            "ville: Lyon\nfleuve: Rhône\npays: France\n",
        ],
    ),
    "qrocm-dep": (
        AnswerKey.qrocm_dep({"g1": ["Google"], "g2": ["Yahoo"], "g3": ["Bing", "Microsoft Bing"]}),
        ["a: Google\nb: Bing\n", "a: bing\nb: google\n", "a: Google\nb: Google\n"],
    ),
}


def measure(seconds: float = 1.0) -> dict[str, float]:
    rates: dict[str, float] = {}
    for name, (key, responses) in SCENARIOS.items():
        count = 0
        start = time.perf_counter()
        while (elapsed := time.perf_counter() - start) < seconds:
            for response in responses:
                judge(key, response)
            count += len(responses)
        rates[name] = count / elapsed
    return rates


# Checking the examples of 10,000 épreuves must add little to `check`: well under a millisecond each.
TARGET_US = 100.0


def main() -> int:
    print("| type | jugements/s | µs/jugement | objectif |")
    print("|---|---:|---:|---|")
    missed = 0
    for name, rate in measure().items():
        micro = 1e6 / rate
        verdict = "PASS" if micro <= TARGET_US else "FAIL"
        missed += verdict == "FAIL"
        print(f"| {name} | {rate:,.0f} | {micro:.1f} | ≤ {TARGET_US:.0f} µs {verdict} |")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
