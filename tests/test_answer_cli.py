"""`epreuve answer`: one response judged with the épreuve's own key, through the real command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, Result

Run = Callable[..., Result]
TREE = FIXTURES / "tree" / "epreuves"
QROC = TREE / "key_examples_qroc.md"
QROCM_IND = TREE / "ok_qrocm_ind.md"
QCM = TREE / "ok_qcm.md"


@pytest.mark.parametrize(
    ("file", "response", "status"),
    [
        (QROC, "Authentification", "ok"),
        (QROC, "  AUTHENTIFICATION ", "ok"),
        (QROC, "identification", "ko"),
        (QCM, "3,1", "ok"),
        (QCM, "1", "ko"),
        (QROC, "#ABAND#", "aband"),
    ],
)
def test_verdicts(file: Path, response: str, status: str, run_epreuve: Run) -> None:
    result = run_epreuve("answer", str(file), response, "--json", cwd=ROOT)
    assert result.code == 0, result.stderr
    assert result.json()["status"] == status


def test_timed_out_correct_answer(run_epreuve: Run) -> None:
    result = run_epreuve("answer", str(QROC), "authentification", "--timed-out", "--json")
    assert result.json()["status"] == "timedout"


def test_qrocm_ind_details_per_blank(run_epreuve: Run) -> None:
    result = run_epreuve("answer", str(QROCM_IND), "{somme: SOMME, moyenne: MOYENE, choix: non}", "--json")
    document = result.json()
    assert document["status"] == "ko"
    assert document["details"] == {"somme": True, "moyenne": True, "choix": False}


def test_human_output_and_explanation_in_french(run_epreuve: Run) -> None:
    result = run_epreuve("answer", str(QROC), "Authentifications", "--explain")
    assert result.code == 0
    assert result.stdout.startswith("Verdict : ok (correcte)")
    assert "distance 1, ratio 0,059 ≤ 0,25" in result.stdout


def test_a_response_that_is_not_yaml_is_ko_with_a_reason(run_epreuve: Run) -> None:
    result = run_epreuve("answer", str(QROCM_IND), "somme: [SOMME", "--json")
    assert result.code == 0
    document = result.json()
    assert document["status"] == "ko"
    assert document["pix_error"]
    assert "Traceback" not in result.stderr


def test_an_epreuve_with_errors_is_not_judged(run_epreuve: Run) -> None:
    result = run_epreuve("answer", str(TREE / "sem_qcu_key_out_of_range.md"), "1")
    assert result.code == 1
    assert "SEM-005" in result.stderr
    assert result.stdout == ""


def test_missing_file_is_a_usage_error(run_epreuve: Run) -> None:
    result = run_epreuve("answer", "absent.md", "x")
    assert result.code == 2
    assert "lecture impossible" in result.stderr
