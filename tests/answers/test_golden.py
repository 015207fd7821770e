"""Golden cases judged by Pix's own answer-checking code.

``data/pix_golden.jsonl`` starts with a ``provenance`` line (Pix files and commits, Node.js, js-yaml, lodash,
fast-levenshtein, generator seed, date); every other line is one named case. The inputs come from
``golden/generate_inputs.py`` (seeded, deterministic); their ``pix`` result was written by
``golden/run_pix.mjs``, which imports Pix's modules from a copy outside this repository (see
``golden/README.md``). Neither Node nor Pix is needed here.

``pix`` is a status (``ok``, ``ko``, ``aband``, ``timedout``) or, where Pix's API throws,
``{"error": <class name>, "message": …}``. Our judge never raises on a string: it answers ``ko`` with
``pix_error``, a French message that starts with the name of the error Pix throws (``YamlParsingError``,
``TypeError``, ``RangeError``); that name is asserted. ``details`` is Pix's per-blank QROCM-ind result.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from epreuve_tools.answers import AnswerKey, judge, render_explanation

HERE = Path(__file__).parent
DATA = HERE / "data" / "pix_golden.jsonl"
GENERATOR = HERE / "golden" / "generate_inputs.py"

_LINES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
HEADER: dict[str, Any] = _LINES[0].get("provenance", {})
ROWS: list[dict[str, Any]] = _LINES[1:]

# Rows where our judge disagrees with Pix: real bugs in src/epreuve_tools/answers, reported, not hidden
# (strict xfail with the reason; see golden/README.md). None at present.
KNOWN_DISAGREEMENTS: dict[str, str] = {}

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


def _input_key(row: dict[str, Any]) -> str:
    return json.dumps({k: row[k] for k in INPUT_FIELDS if k in row}, sort_keys=True)


def _key(row: dict[str, Any]) -> AnswerKey:
    kind = row["kind"]
    if kind == "qcu":
        return AnswerKey.qcu(row["solution"])
    if kind == "qcm":
        return AnswerKey.qcm(row["solution"])
    if kind == "qroc":
        return AnswerKey.qroc(
            row["solution"],
            tolerances=row["tolerances"],
            format=row["format"],
            first_blank_is_select=row["first_blank_is_select"],
        )
    if kind == "qrocm-ind":
        return AnswerKey.qrocm_ind(row["solution"], tolerances=row["tolerances"], selects=row["selects"])
    return AnswerKey.qrocm_dep(row["solution"], tolerances=row["tolerances"], selects=row["selects"])


def _params() -> list[Any]:
    params = []
    for row in ROWS:
        marks = []
        if row["name"] in KNOWN_DISAGREEMENTS:
            marks.append(pytest.mark.xfail(reason=KNOWN_DISAGREEMENTS[row["name"]], strict=True))
        params.append(pytest.param(row, id=row["name"], marks=marks))
    return params


@pytest.mark.parametrize("row", _params())
def test_golden(row: dict[str, Any]) -> None:
    assert_judged_as_pix(row)


def assert_judged_as_pix(row: dict[str, Any]) -> None:
    """Our verdict on a golden row is Pix's: the same status, the same error class, the same details."""
    verdict = judge(_key(row), row["answer"], timed_out=row["timed_out"])
    pix = row["pix"]
    if isinstance(pix, dict):
        assert verdict.pix_error is not None, render_explanation(verdict)
        assert verdict.pix_error.split()[0] == pix["error"], verdict.pix_error
        assert verdict.status == "ko"
        return
    assert verdict.pix_error is None, verdict.pix_error
    assert verdict.status == pix, render_explanation(verdict)
    if "details" in row:
        assert verdict.details is not None
        assert dict(verdict.details) == row["details"]


def test_known_disagreements_name_rows() -> None:
    names = {row["name"] for row in ROWS}
    assert set(KNOWN_DISAGREEMENTS) <= names


def test_provenance_header() -> None:
    for field in (
        "pix_repository",
        "pix_commit",
        "pix_files",
        "node",
        "js-yaml",
        "lodash",
        "fast-levenshtein",
        "generator",
        "seed",
        "date",
        "rows",
    ):
        assert HEADER.get(field) not in (None, "", []), field
    assert len(HEADER["pix_commit"]) == 40
    assert all(len(f["commit"]) == 40 and len(f["sha256"]) == 64 for f in HEADER["pix_files"])
    assert HEADER["rows"] == len(ROWS)


def test_no_duplicate_inputs_and_unique_names() -> None:
    duplicates = [k for k, n in Counter(_input_key(row) for row in ROWS).items() if n > 1]
    assert not duplicates
    names = [row["name"] for row in ROWS]
    assert len(set(names)) == len(names)


def test_rows_are_the_generator_output() -> None:
    spec = importlib.util.spec_from_file_location("generate_inputs", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generated = module.generate(HEADER["seed"])
    assert [{k: v for k, v in row.items() if k not in ("pix", "details")} for row in ROWS] == generated


def test_coverage() -> None:
    """Every kind, every tolerance set of QROC/QROCM, every QROC format with and without a select."""
    tolerance_sets = {
        (),
        ("t1",),
        ("t2",),
        ("t3",),
        ("t1", "t2"),
        ("t1", "t3"),
        ("t2", "t3"),
        ("t1", "t2", "t3"),
    }
    seen = {
        (r["kind"], tuple(r.get("tolerances", ())), r.get("format"), r.get("first_blank_is_select"))
        for r in ROWS
    }
    for tolerances in tolerance_sets:
        for fmt in ("mots", "nombre", "petit", "phrase", "paragraphe", ""):
            for select in (False, True):
                assert ("qroc", tolerances, fmt, select) in seen
        for kind in ("qrocm-ind", "qrocm-dep"):
            assert (kind, tolerances, None, None) in seen
            assert any(
                r["kind"] == kind and tuple(r["tolerances"]) == tolerances and r["selects"] for r in ROWS
            )
    results = Counter((r["kind"], r["pix"] if isinstance(r["pix"], str) else "error") for r in ROWS)
    for kind in ("qcu", "qcm", "qroc", "qrocm-ind", "qrocm-dep"):
        for status in ("ok", "ko", "aband", "timedout"):
            assert results[kind, status], (kind, status)
    for kind in ("qrocm-ind", "qrocm-dep"):
        assert results[kind, "error"]
    errors = {(r["kind"], r["pix"]["error"]) for r in ROWS if isinstance(r["pix"], dict)}
    assert {
        ("qrocm-ind", "YamlParsingError"),
        ("qrocm-ind", "TypeError"),
        ("qrocm-dep", "YamlParsingError"),
        ("qrocm-dep", "TypeError"),
    } <= errors
