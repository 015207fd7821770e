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
    assert result.stdout.startswith("Verdict : réponse acceptée")
    assert "1 caractère à changer sur 17, pas plus d'un sur quatre, correspond" in result.stdout


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


QROCM_DEP = TREE / "ok_qrocm_dep.md"


def _laughs(levels: int) -> str:
    lines = ["droit1: &a0 [x,x,x,x,x,x,x,x,x,x]"]
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "\n".join(lines)


@pytest.mark.parametrize("levels", [8, 12])
def test_an_alias_bomb_response_is_refused_quickly(levels: int, run_epreuve: Run) -> None:
    # 380 bytes took 20 s and 2 GB before the bound; 12 levels never ended
    result = run_epreuve("answer", str(QROCM_DEP), _laughs(levels), "--json")
    assert result.code == 2
    assert result.stdout == ""
    assert "réponse non jugée" in result.stderr
    assert "alias YAML" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_response_too_long_is_refused_with_the_bound(run_epreuve: Run) -> None:
    result = run_epreuve("answer", str(QROC), "a" * 65_000, "--json")
    assert result.code == 2
    assert "65 000 caractères, l'outil n'en juge pas plus de 10 000" in result.stderr


@pytest.mark.parametrize("response", ["Paris", "- SOMME", "", "[SOMME, MOYENNE]"])
def test_a_qrocm_response_that_is_not_field_lines_is_a_usage_error(response: str, run_epreuve: Run) -> None:
    result = run_epreuve("answer", str(QROCM_IND), response)
    assert result.code == 2
    assert "une réponse de QROCM s'écrit `champ: valeur`" in result.stderr
    assert "champs de l'épreuve : somme, moyenne, choix" in result.stderr
    assert "TypeError" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_blanks_missing_from_the_response_are_named(run_epreuve: Run) -> None:
    result = run_epreuve("answer", str(QROCM_IND), "somme: SOMME")
    assert result.code == 0
    assert "Champs absents de la réponse : moyenne, choix" in result.stdout
    document = run_epreuve("answer", str(QROCM_IND), "{somme: SOMME}", "--json").json()
    assert document["missing_fields"] == ["moyenne", "choix"]
    dep = run_epreuve("answer", str(QROCM_DEP), "droit2: accès", "--json").json()
    assert dep["missing_fields"] == ["droit1"]


def test_json_candidates_are_capped_and_counted(make_tree: Callable[..., Path], run_epreuve: Run) -> None:
    groups = "\n".join(f"  g{i}: [reponse{i}]" for i in range(60))
    text = (
        '---\nid: beaucoup-de-groupes\ntype: qrocm-dep\ncompetence: "4.2"\ntube: "@donneesPersonnelles"\n'
        f"level: 2\nstatus: proposé\ntolerances: [t1]\nanswer:\n{groups}\n---\n\n::: propositions\n"
        "${a§Premier} ${b§Second}\n:::\n"
    )
    root = make_tree({"epreuves/groupes.md": text})
    document = run_epreuve("answer", str(root / "epreuves" / "groupes.md"), "{a: x, b: y}", "--json").json()
    first = document["explanation"]["fields"][0]
    assert len(first["candidates"]) == 20
    assert first["candidates_omitted"] == 40
