"""Deterministic generator of the golden answer-judging inputs (the inputs of ``../data/pix_golden.jsonl``).

Run by hand, from the repository root::

    python tests/answers/golden/generate_inputs.py --out /tmp/pix-golden/inputs.jsonl [--seed 20240509]

Each row is one learner answer to judge, with a stable ``name`` (``<kind>-<tolerances>-<family>-<NNN>``,
tolerances ``t0`` for none). The same seed always gives the same file, byte for byte; rows with the same
inputs are written once. ``run_pix.mjs`` (next to this file) then adds Pix's result to every row. Only the
standard library is used, so any Python 3.10+ runs it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SEED = 20240509

TOLERANCE_SETS: tuple[tuple[str, ...], ...] = tuple(
    combo for size in range(4) for combo in itertools.combinations(("t1", "t2", "t3"), size)
)
FORMATS = ("mots", "nombre", "petit", "phrase", "paragraphe", "")

# Characters that trip string handling: every kind of JavaScript/Unicode whitespace, invisible or
# format characters, letters whose case mapping or normalisation is unusual, astral characters.
SPACES = (
    " ",
    "\t",
    "\n",
    "\r",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x85",
    "\xa0",
    "\u1680",
    "\u180e",
    "\u200b",
    "\u2028",
    "\u202f",
    "\u3000",
    "\ufeff",
)
LETTERS = (
    "a",
    "b",
    "c",
    "A",
    "B",
    "Z",
    "é",
    "e\u0301",
    "\u0307",
    "Ä",
    "ß",
    "æ",
    "œ",
    "Œ",
    "İ",
    "Σ",
    "ǅ",
    "Ǆ",
    "Ⅻ",
    "ﬁ",
    "😀",
    "0",
    "9",
)
PUNCT = (".", ",", "!", "?", "'", "-", ":", "#", '"', "«", "»", "’", "…")
ALPHABET = SPACES + LETTERS + PUNCT
WORDS = (
    "chat",
    "Pix",
    "cœur",
    "éléphant",
    "Noël",
    "garçon",
    "Paris",
    "mail",
    "www.pix.fr",
    "l'école",
    "1 000",
    "TCP/IP",
    "e-mail",
    "Ⅻ",
    "straße",
    "İstanbul",
    "😀 ok",
    "a b c",
)
NUMBERS = (
    "1",
    "12",
    "1 000",
    "1000",
    " 1 000",
    "1,5",
    "1.5",
    "1,50",
    "01,5",
    "-5",
    " - 5",
    "- 5",
    "+5",
    "1e3",
    "0x10",
    "Infinity",
    ".5",
    "5.",
    "123,,00",
    "1 000 000",
    "1\u00a0000",
    "1\u202f000",
    "١٢",
    "12abc",
    "",
    " ",
    "0",
    "-0",
    "00",
    "3,14",
    "3.14",
    "1,000.5",
    "NaN",
    "0b1",
    "1_000",
)
QROCM_KEYS = (
    "a",
    "b",
    "c",
    "rep",
    "0",
    "1",
    "2",
    "10",
    "toString",
    "__proto__",
    "constructor",
    "é",
    "e\u0301",
    "x y",
)


def _tol_name(tolerances: tuple[str, ...]) -> str:
    return "".join(tolerances) or "t0"


def _noise(rng: random.Random, low: int = 0, high: int = 6) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(low, high)))


def _word(rng: random.Random) -> str:
    return rng.choice(WORDS) if rng.random() < 0.6 else _noise(rng, 1, 8)


def _mutate(rng: random.Random, text: str) -> str:
    """A variant of ``text`` that some tolerance may or may not forgive."""
    ops = rng.sample(range(9), rng.randint(1, 2))
    for op in ops:
        if op == 0:
            text = text.upper()
        elif op == 1:
            text = rng.choice(SPACES) + text + rng.choice(SPACES)
        elif op == 2 and text:
            i = rng.randrange(len(text) + 1)
            text = text[:i] + rng.choice(PUNCT + SPACES) + text[i:]
        elif op == 3 and text:  # one substitution
            i = rng.randrange(len(text))
            text = text[:i] + rng.choice(LETTERS) + text[i + 1 :]
        elif op == 4 and len(text) > 1:  # one deletion
            i = rng.randrange(len(text))
            text = text[:i] + text[i + 1 :]
        elif op == 5:
            text = text.replace(" ", "\u00a0")
        elif op == 6:
            text = text.replace("é", "e\u0301").replace("è", "e\u0300")
        elif op == 7:
            text = text + rng.choice(LETTERS)
        else:
            text = text.lower()
    return text


def _typo(rng: random.Random, text: str, edits: int) -> str:
    for _ in range(edits):
        if not text:
            return rng.choice(LETTERS)
        i = rng.randrange(len(text))
        kind = rng.randrange(3)
        if kind == 0:
            text = text[:i] + rng.choice("xyz") + text[i + 1 :]
        elif kind == 1:
            text = text[:i] + text[i + 1 :]
        else:
            text = text[:i] + rng.choice("xyz") + text[i:]
    return text


# -- QCU / QCM ----------------------------------------------------------------------------------------


def _qcu(rng: random.Random) -> Iterator[dict[str, Any]]:
    for _ in range(90):
        solution = str(rng.randint(1, 4))
        answer = (
            solution
            if rng.random() < 0.35
            else rng.choice(
                (
                    solution,
                    f" {solution}",
                    f"{solution} ",
                    f"0{solution}",
                    f"{solution}.0",
                    "",
                    "#ABAND#",
                    str(rng.randint(1, 4)),
                    chr(0xFF10 + int(solution)),
                    f"{solution}\n",
                    f"{solution},",
                    "#aband#",
                    f"\u00a0{solution}",
                    f"{solution}\ufeff",
                )
            )
        )
        yield {
            "family": "choice",
            "kind": "qcu",
            "answer": answer,
            "timed_out": rng.random() < 0.2,
            "solution": solution,
        }


def _qcm(rng: random.Random) -> Iterator[dict[str, Any]]:
    for _ in range(110):
        solution = [str(n) for n in rng.sample(range(1, 6), rng.randint(1, 4))]
        picked = list(solution)
        shape = rng.randrange(8)
        if shape == 1 and len(picked) > 1:
            picked.pop()
        elif shape == 2:
            picked.append(str(rng.randint(1, 6)))
        elif shape == 3:
            rng.shuffle(picked)
        elif shape == 4:
            picked = picked + picked[:1]
        seps = (",", ", ", " ,", " , ", ",\t", ",\u00a0", ";", ",,")
        answer = rng.choice(seps).join(picked)
        if rng.random() < 0.3:
            answer = (
                rng.choice((*SPACES[:3], "\u00a0", "\ufeff", "")) + answer + rng.choice((" ", "", "\n", ","))
            )
        if rng.random() < 0.05:
            answer = rng.choice(("", "#ABAND#", ",", "1,,2"))
        yield {
            "family": "choice",
            "kind": "qcm",
            "answer": answer,
            "timed_out": rng.random() < 0.15,
            "solution": solution,
        }


# -- QROC ---------------------------------------------------------------------------------------------


def _qroc(rng: random.Random) -> Iterator[dict[str, Any]]:
    families = ("variant", "typo", "number", "noise", "empty")
    for tolerances in TOLERANCE_SETS:
        for fmt in FORMATS:
            for select in (False, True):
                count = 6 if fmt in ("mots", "nombre") else 2
                if select:
                    count = max(1, count // 2)
                for _ in range(count):
                    family = rng.choice(families)
                    yield _qroc_case(rng, family, tolerances, fmt, select)
    # Forced coverage: skip, timed out correct answers, numbers under "nombre".
    for _ in range(12):
        case = _qroc_case(rng, "variant", rng.choice(TOLERANCE_SETS), rng.choice(FORMATS), False)
        case["answer"] = "#ABAND#"
        case["family"] = "aband"
        yield case
    for _ in range(24):
        case = _qroc_case(rng, rng.choice(("variant", "number")), rng.choice(TOLERANCE_SETS), "nombre", False)
        case["family"] = "timedout"
        case["timed_out"] = True
        case["answer"] = case["solution"][0] if rng.random() < 0.7 else case["answer"]
        yield case
    for _ in range(40):
        yield _qroc_case(
            rng, "number", rng.choice(TOLERANCE_SETS), rng.choice(("nombre", "nombre", "mots")), False
        )


def _qroc_select_timed_out(rng: random.Random) -> Iterator[dict[str, Any]]:
    """A drop-down QROC answered right after the timer ran out, for every tolerance set and format."""
    for tolerances in TOLERANCE_SETS:
        for fmt in ("mots", "nombre"):
            case = _qroc_case(rng, rng.choice(("variant", "number")), tolerances, fmt, True)
            case["family"] = "select-timedout"
            case["timed_out"] = True
            if rng.random() < 0.75:
                case["answer"] = case["solution"][0] if case["solution"] else ""
            yield case


def _qroc_case(
    rng: random.Random, family: str, tolerances: tuple[str, ...], fmt: str, select: bool
) -> dict[str, Any]:
    if family == "number":
        solution = [rng.choice(NUMBERS) for _ in range(rng.randint(1, 3))]
        answer = rng.choice(NUMBERS) if rng.random() < 0.5 else _mutate(rng, rng.choice(solution))
    elif family == "typo":
        base = rng.choice(
            ("éléphant", "ordinateur", "navigateur", "chat", "courriel", "mot de passe", "abcd")
        )
        solution = [base, *([_word(rng)] if rng.random() < 0.3 else [])]
        answer = _typo(rng, base, rng.randint(0, 3))
    elif family == "noise":
        solution = [_noise(rng, 0, 7) for _ in range(rng.randint(1, 3))]
        answer = _noise(rng, 0, 7) if rng.random() < 0.4 else _mutate(rng, rng.choice(solution))
    elif family == "empty":
        solution = rng.choice(([""], ["", "a"], ["a\nb"], ["\n"], [" "], ["a", ""], []))
        answer = rng.choice(("", " ", "a", "b", "\n", "a\nb"))
    else:
        solution = [_word(rng) for _ in range(rng.randint(1, 3))]
        answer = _mutate(rng, rng.choice(solution)) if rng.random() < 0.8 else _word(rng)
    return {
        "family": family,
        "kind": "qroc",
        "answer": answer,
        "timed_out": rng.random() < 0.1,
        "solution": solution,
        "tolerances": list(tolerances),
        "format": fmt,
        "first_blank_is_select": select,
    }


# -- QROCM --------------------------------------------------------------------------------------------


def _yaml_value(rng: random.Random, value: str) -> str:
    """``value`` written as a YAML scalar in one of several styles (some of them malformed on purpose)."""
    style = rng.randrange(10)
    if style < 4:
        return json.dumps(value, ensure_ascii=False)  # what a careful dump gives
    if style < 6:
        return "'" + value.replace("'", "''") + "'"
    if style == 6:
        return "|-\n  " + value.replace("\n", "\n  ")
    return value  # plain: fine for simple text, an error or a surprise for the rest


def _yaml_mapping(rng: random.Random, pairs: list[tuple[str, str]]) -> str:
    lines = []
    for key, value in pairs:
        written_key = key if rng.random() < 0.8 else json.dumps(key, ensure_ascii=False)
        lines.append(f"{written_key}: {_yaml_value(rng, value)}")
    return "\n".join(lines)


ODD_YAML = (
    "",
    "# rien",
    "~",
    "null",
    "a",
    "a:",
    "a: ",
    "a:\n  b: c",
    "- x\n- y",
    "{a: b}",
    "[a, b]",
    "a: [x]",
    "a: {b: c}",
    "a: b\na: c",
    "a: 'x",
    'a: "x',
    "a: b: c",
    "a:\tb",
    "\ta: b",
    "a: b\n\tc",
    "a: b\n  c",
    "a: |\n  x\n  y",
    "a: >\n  x\n  y",
    "? a\n: b",
    "a: &x b\nb: *x",
    "a: !!str 1",
    "a: !!binary aGk=",
    "<<: {a: b}",
    "a: b #c",
    "a: '#b'",
    "a: @b",
    "a: `b",
    "a: %b",
    "--- \na: b",
    "a: b\n...\n",
    "a: b\n---\nc: d",
    "\ufeffa: b",
    'a: "\\u00e9"',
    'a: "\\x41"',
    'a: "\\N"',
    'a: "\\_"',
    "a: ,b",
    "a: -b",
    "a: - b",
    "a: ? b",
    "a: b\r\nb: c",
    "a: b\rb: c",
    "0: x\n1: y",
    "10: x\n2: y",
    "__proto__: x",
    "toString: x",
    "a: \u0085b",
    "a: b\u2028c",
)


def _qrocm(rng: random.Random, kind: str) -> Iterator[dict[str, Any]]:
    for tolerances in TOLERANCE_SETS:
        for _ in range(22):
            family = rng.choice(("wellformed", "wellformed", "variant", "missing", "odd", "typo"))
            yield _qrocm_case(rng, kind, family, tolerances)
    for _ in range(10):
        case = _qrocm_case(rng, kind, "wellformed", rng.choice(TOLERANCE_SETS))
        case["answer"] = "#ABAND#"
        case["family"] = "aband"
        yield case
    for _ in range(24):
        case = _qrocm_case(rng, kind, "wellformed", rng.choice(TOLERANCE_SETS))
        case["family"] = "timedout"
        case["timed_out"] = True
        yield case


def _qrocm_case(rng: random.Random, kind: str, family: str, tolerances: tuple[str, ...]) -> dict[str, Any]:
    if rng.random() < 0.3:
        keys = rng.sample(QROCM_KEYS, rng.randint(1, 3))
    else:
        keys = rng.sample(("a", "b", "c", "rep1", "rep2"), rng.randint(1, 3))
    solution = {key: [_word(rng) for _ in range(rng.randint(1, 3))] for key in keys}
    if rng.random() < 0.1:
        solution[keys[0]].append(_noise(rng, 0, 4))
    selects = [key for key in keys if rng.random() < 0.3]
    if kind == "qrocm-dep":
        blanks = [f"b{i}" for i in range(rng.randint(1, len(keys) + 1))] if rng.random() < 0.8 else list(keys)
        groups = list(solution.values())
        values = [rng.choice(rng.choice(groups)) for _ in blanks]
    else:
        blanks = list(keys)
        values = [rng.choice(solution[key]) for key in keys]
    if family == "variant":
        values = [_mutate(rng, v) if rng.random() < 0.6 else v for v in values]
    elif family == "typo":
        values = [_typo(rng, v, rng.randint(0, 2)) for v in values]
    elif family == "missing":
        blanks = [*blanks, rng.choice(("z", "rep3", "A", "a ", "0"))]
        values = [*values, _word(rng)]
    if family == "odd":
        answer = rng.choice(ODD_YAML) if rng.random() < 0.7 else _noise(rng, 1, 10)
    else:
        answer = _yaml_mapping(rng, list(zip(blanks, values, strict=True)))
    return {
        "family": family,
        "kind": kind,
        "answer": answer,
        "timed_out": rng.random() < 0.1,
        "solution": solution,
        "tolerances": list(tolerances),
        "selects": selects,
    }


# -- assembly -------------------------------------------------------------------------------------------


INPUT_FIELDS = (
    "kind",
    "answer",
    "timed_out",
    "solution",
    "tolerances",
    "format",
    "first_blank_is_select",
    "selects",
)


def input_key(row: dict[str, Any]) -> str:
    """The identity of a row's inputs (two rows with the same key are duplicates)."""
    return json.dumps({k: row[k] for k in INPUT_FIELDS if k in row}, ensure_ascii=False, sort_keys=True)


def generate(seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    cases = itertools.chain(
        _qcu(rng),
        _qcm(rng),
        _qroc(rng),
        _qrocm(rng, "qrocm-ind"),
        _qrocm(rng, "qrocm-dep"),
        _qroc_select_timed_out(random.Random(seed + 1)),  # added later: its own stream keeps the rows above
    )
    seen: set[str] = set()
    counters: dict[str, int] = {}
    rows: list[dict[str, Any]] = []
    for case in cases:
        family = case.pop("family")
        key = input_key(case)
        if key in seen:
            continue
        seen.add(key)
        tol = _tol_name(tuple(case["tolerances"])) if "tolerances" in case else "na"
        prefix = f"{case['kind']}-{tol}-{family}"
        counters[prefix] = counters.get(prefix, 0) + 1
        rows.append({"name": f"{prefix}-{counters[prefix]:03d}", **case})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rows = generate(args.seed)
    header = {"generator": "tests/answers/golden/generate_inputs.py", "seed": args.seed, "rows": len(rows)}
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        out.write(json.dumps({"provenance": header}) + "\n")
        for row in rows:
            out.write(json.dumps(row) + "\n")  # ASCII: U+2028, U+0085… must not split lines
    print(f"{len(rows)} rows written to {args.out}")


if __name__ == "__main__":
    main()
