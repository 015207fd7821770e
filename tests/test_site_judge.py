"""The in-page judge (`site/assets/judge.js`) agrees with the Python judge, case by case, under Node.js.

tests/site_cases.py writes the case file from the Python judge; Node.js loads the very file the site
ships and judges every case; both verdicts must be equal to the character (status, per-field verdicts,
compared strings, edit distances, groups, the error Pix would throw). No browser needed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.site_cases import TRICKY, normalised, write_cases

JUDGE = Path(__file__).resolve().parents[1] / "site" / "assets" / "judge.js"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js absent : le juge de la page n'est pas rejoué")

# Judges every case of the file argv[2] with the judge argv[1]; prints the results as JSON.
RUNNER = """
const judge = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(process.argv[2], "utf-8"));
const results = cases.map((c) => {
  const result = judge.judge(c.key, c.response);
  return Object.assign(result, { sentence: judge.describe(c.key, result) });
});
process.stdout.write(JSON.stringify(results));
"""


def _replay(cases_file: Path) -> list[dict[str, Any]]:
    assert NODE is not None
    done = subprocess.run(
        [NODE, "-e", RUNNER, str(JUDGE), str(cases_file)], capture_output=True, check=True, timeout=120
    )
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    cases_file = tmp_path_factory.mktemp("juge") / "judge-cases.json"
    cases = write_cases(cases_file)
    return list(zip(cases, _replay(cases_file), strict=True))


def test_node_judge_agrees_with_the_python_judge_on_every_case(
    judged: list[tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    disagreements = [
        (case["name"], case["expected"], normalised(case["key"], result))
        for case, result in judged
        if normalised(case["key"], result) != case["expected"]
    ]
    assert disagreements == [], f"{len(disagreements)} désaccords, le premier : {disagreements[:1]}"


def test_the_case_file_covers_what_it_must(judged: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    by_name = {case["name"]: case for case, _ in judged}
    assert len(by_name) == len(judged)  # names are unique
    assert len(TRICKY) >= 90
    assert len(judged) > 650
    expected = {name: case["expected"] for name, case in by_name.items()}
    # each tricky family decides both ways, so that a judge answering always ok (or ko) fails
    assert expected["t3-ratio-exactly-quarter"]["status"] == "ok"
    assert expected["t3-ratio-third"]["status"] == "ko"
    assert expected["t3-surrogate-pair-low-unit"]["status"] == "ok"  # 1 unit of 4, not 1 character of 3
    assert expected["t0-decomposed-response"]["status"] == "ok"
    assert expected["t0-decomposed-accepted-not-pre-treated"]["status"] == "ko"
    assert expected["nombre-thousands"]["fields"][0]["numeric"] is True
    assert expected["nombre-two-spaces-as-text"]["fields"][0]["numeric"] is False
    assert expected["select-qroc-no-tolerance"]["status"] == "ko"
    assert expected["qrocm-dep-same-twice"]["status"] == "ko"
    assert expected["qrocm-ind-field-named-tostring"]["pix_error"] == "TypeError"
    assert expected["limit-response-too-long"]["limit"] is True
    assert expected["limit-too-much-comparing"]["limit"] is True
    assert expected["qrocm-ind-mark-after-line-break"]["pix_error"] == "YamlParsingError"
    assert expected["qrocm-ind-mark-after-line-break-no-composition"]["pix_error"] is None
    kinds = {case["key"]["kind"] for case, _ in judged}
    assert kinds == {"qcu", "qcm", "qroc", "qrocm-ind", "qrocm-dep"}


def test_the_verdicts_are_plain_french(judged: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    sentences = {case["name"]: result["sentence"] for case, result in judged}
    for name, sentence in sentences.items():
        assert sentence.startswith(
            ("Réponse acceptée", "Réponse refusée", "Réponse non jugée", "Épreuve passée")
        )
        assert sentence.endswith("."), (name, sentence)
        for leak in ("undefined", "null", "NaN", "[object", "Infinity", "Error"):
            assert leak not in sentence, (name, sentence)
    assert sentences["qcu-right"] == "Réponse acceptée."
    assert sentences["qcm-nothing"] == (
        "Réponse refusée : 2 bonnes propositions ne sont pas cochées "
        "(sur Pix, il faut cocher au moins deux propositions pour valider)."
    )
    assert sentences["qcm-one-too-many"] == "Réponse refusée : 1 proposition est cochée en trop."
    assert sentences["qcu-nothing-chosen"] == "Réponse refusée : aucune proposition n'est choisie."
    assert sentences["qcm-missing-one"] == (
        "Réponse refusée : 1 bonne proposition n'est pas cochée "
        "(sur Pix, il faut cocher au moins deux propositions pour valider)."
    )
    assert sentences["qrocm-ind-one-wrong"] == (
        "Réponse refusée. Par champ : « capitale » juste, « pays » faux, « choix » juste ; tolérances : "
        "T1 (espaces, majuscules et accents ignorés), T2 (ponctuation ignorée), T3 (une faute de frappe "
        "pour quatre caractères) (aucune pour les listes déroulantes)."
    )
    assert sentences["nombre-thousands"] == (
        "Réponse acceptée : comparée comme un nombre, elle vaut une réponse acceptée."
    )
    assert sentences["limit-response-too-long"].startswith("Réponse non jugée : réponse trop longue")
    assert "Pix ne peut pas la juger" in sentences["qrocm-ind-field-not-in-key"]
