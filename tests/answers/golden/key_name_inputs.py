"""Hand-written golden inputs about QROCM-ind blank names (the inputs of ``../data/pix_golden_key_names.jsonl``).

Run by hand, from the repository root, then judge the rows with Pix as for the main golden file::

    python tests/answers/golden/key_name_inputs.py --out /tmp/pix-golden/key_names.jsonl
    node tests/answers/golden/run_pix.mjs --pix "$PIX" --in /tmp/pix-golden/key_names.jsonl \\
         --out tests/answers/data/pix_golden_key_names.jsonl

What the rows probe, each a family of the row names:

* ``nfc``: Pix pre-treats the whole solution YAML (NFC, no-break space → space), so a blank name written
  with a combining accent, or with a no-break space, is read as the composed one;
* ``collision``: two names that become the same are a duplicated mapping key for js-yaml, which throws
  whatever the response (Pix's ``YamlParsingError``);
* ``inherited``: a response blank named after a property of ``Object.prototype`` that the key lacks is not
  reported missing: ``solutions[name]`` is that property, and Pix's comparison throws a ``TypeError``;
* ``order``: the blanks are compared in order, so the first one the key lacks decides which error.

Same format as ``generate_inputs.py``'s rows; only the standard library is used.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

# Object.getOwnPropertyNames(Object.prototype) in Node 20
OBJECT_PROTOTYPE = (
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
)
E_COMBINING = "e\u0301"  # e + combining acute accent: NFC makes it U+00E9
E_ACUTE = "\u00e9"


def _row(
    family: str,
    answer: str,
    solution: dict[str, list[str]],
    tolerances: tuple[str, ...] = (),
    *,
    selects: tuple[str, ...] = (),
    timed_out: bool = False,
) -> dict[str, Any]:
    return {
        "family": family,
        "kind": "qrocm-ind",
        "answer": answer,
        "timed_out": timed_out,
        "solution": solution,
        "tolerances": list(tolerances),
        "selects": list(selects),
    }


def _nfc() -> list[dict[str, Any]]:
    key = {E_COMBINING: ["caf\u00e9"], "b": ["x"]}
    return [
        _row("nfc", f"{E_ACUTE}: café\nb: x", key),
        _row("nfc", f"{E_COMBINING}: café\nb: x", key),
        _row("nfc", f"{E_ACUTE}: CAFE\nb: x", key, ("t1",)),
        _row("nfc", f"{E_ACUTE}: cafe\nb: y", key, ("t3",)),
        _row("nfc", f"{E_ACUTE}: café\nb: x", key, timed_out=True),
        _row("nfc", "a b: x", {"a\u00a0b": ["x"]}),
        _row("nfc", "a\u00a0b: x", {"a\u00a0b": ["x"]}),
        # a select written with a combining accent: Pix looks the select up with the composed name, which
        # its block types do not have, so the blank gets the tolerances
        _row("nfc", f"{E_ACUTE}: OUI", {E_COMBINING: ["Oui"]}, ("t1",), selects=(E_COMBINING,)),
        _row("nfc", f"{E_ACUTE}: OUI", {E_ACUTE: ["Oui"]}, ("t1",), selects=(E_ACUTE,)),
    ]


def _collision() -> list[dict[str, Any]]:
    twice = {"a": ["x"], E_COMBINING: ["y"], E_ACUTE: ["z"]}
    spaces = {"a": ["x"], "b\u00a0c": ["y"], "b c": ["z"]}
    return [
        _row("collision", "a: x", twice),
        _row("collision", f"{E_ACUTE}: z", twice),
        _row("collision", "", twice),
        _row("collision", "a: [", twice),
        _row("collision", "toString: x", twice),
        _row("collision", "a: x", twice, ("t1", "t2", "t3"), timed_out=True),
        _row("collision", "#ABAND#", twice),
        _row("collision", "a: x", spaces),
        _row("collision", "b c: y", spaces, ("t1",)),
    ]


def _inherited() -> list[dict[str, Any]]:
    rows = []
    for name in OBJECT_PROTOTYPE:
        rows.append(_row("inherited", f"{name}: x", {"a": ["x"]}))
        rows.append(_row("inherited", f"{name}: x", {"a": ["x"]}, ("t3",)))
    # own keys of the key with those names are ordinary blanks
    rows.append(_row("inherited", "toString: x\na: y", {"toString": ["x"], "a": ["y"]}, ("t3",)))
    rows.append(_row("inherited", "constructor: X", {"constructor": ["x"]}, ("t1",)))
    # names that are not Object.prototype's are missing as usual
    rows.append(_row("inherited", "length: x", {"a": ["x"]}))
    rows.append(_row("inherited", "prototype: x", {"a": ["x"]}, ("t3",)))
    return rows


def _order() -> list[dict[str, Any]]:
    key = {"a": ["x"]}
    return [
        _row("order", "zz: x\ntoString: x", key),
        _row("order", "toString: x\nzz: x", key),
        _row("order", "a: x\nvalueOf: x", key, ("t1", "t2", "t3")),
        _row("order", "a: x\nzz: x", key),
    ]


def generate() -> list[dict[str, Any]]:
    counters: dict[str, int] = {}
    rows: list[dict[str, Any]] = []
    for case in (*_nfc(), *_collision(), *_inherited(), *_order()):
        family = case.pop("family")
        tol = "".join(case["tolerances"]) or "t0"
        prefix = f"qrocm-ind-{tol}-{family}"
        counters[prefix] = counters.get(prefix, 0) + 1
        rows.append({"name": f"{prefix}-{counters[prefix]:03d}", **case})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rows = generate()
    header = {"generator": "tests/answers/golden/key_name_inputs.py", "seed": 0, "rows": len(rows)}
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        out.write(json.dumps({"provenance": header}) + "\n")
        for row in rows:
            out.write(json.dumps(row) + "\n")  # ASCII: U+2028, U+0085… must not split lines
    print(f"{len(rows)} rows written to {args.out}")


if __name__ == "__main__":
    main()
