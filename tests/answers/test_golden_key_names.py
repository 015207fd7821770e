"""Golden cases about QROCM-ind blank names, judged by Pix's own answer-checking code.

``data/pix_golden_key_names.jsonl`` is made like ``data/pix_golden.jsonl`` (``golden/run_pix.mjs``, same Pix
files), from the hand-written rows of ``golden/key_name_inputs.py``: blank names that Pix's pre-treatment
(NFC, no-break space → space) changes, two names that it makes one (js-yaml then throws on a duplicated key,
whatever the response), and response blanks named after ``Object.prototype``'s properties (Pix's lookup
finds them, and its comparison throws a TypeError instead of reporting the blank missing).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from .test_golden import assert_judged_as_pix

HERE = Path(__file__).parent
DATA = HERE / "data" / "pix_golden_key_names.jsonl"
GENERATOR = HERE / "golden" / "key_name_inputs.py"

_LINES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
HEADER: dict[str, Any] = _LINES[0]["provenance"]
ROWS: list[dict[str, Any]] = _LINES[1:]


@pytest.mark.parametrize("row", [pytest.param(row, id=row["name"]) for row in ROWS])
def test_golden_key_names(row: dict[str, Any]) -> None:
    assert_judged_as_pix(row)


def test_rows_are_the_generator_output() -> None:
    spec = importlib.util.spec_from_file_location("key_name_inputs", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert [
        {k: v for k, v in row.items() if k not in ("pix", "details")} for row in ROWS
    ] == module.generate()


def test_judged_by_the_same_pix_files_as_the_main_golden_file() -> None:
    main = json.loads((HERE / "data" / "pix_golden.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert HEADER["pix_files"] == main["provenance"]["pix_files"]
    assert HEADER["js-yaml"] == main["provenance"]["js-yaml"]
    assert HEADER["rows"] == len(ROWS)


def test_every_family_and_outcome_is_covered() -> None:
    outcomes = {
        (row["name"].rsplit("-", 2)[1], row["pix"] if isinstance(row["pix"], str) else row["pix"]["error"])
        for row in ROWS
    }
    assert {
        ("nfc", "ok"),
        ("nfc", "ko"),
        ("nfc", "timedout"),
        ("collision", "YamlParsingError"),
        ("collision", "aband"),
        ("inherited", "TypeError"),
        ("inherited", "YamlParsingError"),
        ("inherited", "ok"),
        ("order", "TypeError"),
        ("order", "YamlParsingError"),
    } <= outcomes
