"""Golden cases judged by Pix's own logic.

``data/pix_golden.jsonl`` holds 560 fuzzed cases (awkward characters: NBSP, U+202F, U+FEFF, U+2028, U+0085,
emoji, İ, ß, œ, combining accents; numeric-looking strings; hand-written and malformed YAML). Their
``pix`` field was computed by Pix's answer-checking functions (``validation-treatments.js``,
``string-similarity-service.js``, ``string-utils.js``, ``solution-service-qroc|qrocm-ind|qrocm-dep.js``,
``areCSVequivalent``, ``Examiner``'s aband/timedout rules) run under Node.js 20 with js-yaml 4.1,
lodash 4.17 and fast-levenshtein 3; ``error`` means Pix's API throws. That harness is not part of this
repository (it is Pix's AGPL code); only its inputs and results are.

Solutions were given to Pix in its own string forms: QCU as is, QCM joined with ', ', QROC joined with
'\\n', QROCM as a JSON (flow YAML) mapping with literal characters. Cases where PyYAML's parser and js-yaml
disagree on malformed YAML (tabs in a plain scalar's continuation lines) were left out; see
``epreuve_tools.answers.failsafe``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from epreuve_tools.answers import AnswerKey, judge, render_explanation

DATA = Path(__file__).parent / "data" / "pix_golden.jsonl"


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


ROWS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize(
    "row", ROWS, ids=[f"{i:03d}-{row['kind']}-{row['pix']}" for i, row in enumerate(ROWS)]
)
def test_golden(row: dict[str, Any]) -> None:
    verdict = judge(_key(row), row["answer"], timed_out=row["timed_out"])
    if row["pix"] == "error":
        assert verdict.pix_error is not None, render_explanation(verdict)
        assert verdict.status == "ko"
        return
    assert verdict.pix_error is None, verdict.pix_error
    assert verdict.status == row["pix"], render_explanation(verdict)
    if "details" in row:
        assert verdict.details is not None
        assert dict(verdict.details) == row["details"]
