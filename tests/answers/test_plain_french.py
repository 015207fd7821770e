"""Issue #9 §4: the texts for designers (``--explain``, the hints of KEY-001/KEY-002) are plain French.

No status code (``ko``), no JavaScript (``===``), no Unicode jargon (``NFC``), no tolerance named without what it
does (a bare ``T2``), no example shown as JSON, and quoted content cut between two words, never inside one.
The machine form (``--json``) keeps its statuses.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from epreuve_tools.answers import AnswerKey, judge, render_explanation
from epreuve_tools.answers.explain import summarize

from .test_golden import ROWS, _key

ROOT = Path(__file__).parents[2]
TREE = ROOT / "tests" / "fixtures" / "tree" / "epreuves"

_QUOTED = re.compile(r"« .*? »")
_JARGON = (
    re.compile(r"\bko\b"),
    re.compile(r"\bok\b"),
    re.compile(r"==="),
    re.compile(r"\bNFC\b"),
    re.compile(r"\bT[123]\b(?! \()"),  # a tolerance is always followed by what it does
    re.compile(r"\b(?:aband|timedout|null|NaN|isNumeric|Object\.entries|toString\(\))\b"),
)


def _jargon(text: str) -> list[str]:
    """The jargon found outside the quoted content (which is the author's or the learner's own text)."""
    prose = _QUOTED.sub("« … »", text)
    return [match.group() for pattern in _JARGON for match in pattern.finditer(prose)]


def _verdicts() -> list[Any]:
    return [judge(_key(row), row["answer"], timed_out=row["timed_out"]) for row in ROWS]


VERDICTS = _verdicts()


def test_explanations_of_every_golden_row_are_plain_french() -> None:
    found = {
        row["name"]: _jargon(render_explanation(verdict))
        for row, verdict in zip(ROWS, VERDICTS, strict=True)
        if _jargon(render_explanation(verdict))
    }
    assert not found


def test_summaries_of_every_golden_row_are_plain_french_on_one_line() -> None:
    for row, verdict in zip(ROWS, VERDICTS, strict=True):
        summary = summarize(verdict)
        assert not _jargon(summary), (row["name"], summary)
        assert "\n" not in summary, row["name"]


def test_the_verdict_is_said_in_words() -> None:
    key = AnswerKey.qroc(["authentification"])
    assert render_explanation(judge(key, "authentification")).startswith("QROC : réponse acceptée")
    assert render_explanation(judge(key, "mot de passe")).startswith("QROC : réponse refusée")
    assert summarize(judge(key, "mot de passe")).startswith("QROC : réponse refusée ; ")


@pytest.mark.parametrize(
    ("tolerances", "response", "said"),
    [
        (["t1"], "AUTHENTIFICATION", "par T1 (espaces, majuscules et accents ignorés)"),
        (["t1", "t2"], "authenti-fication", "par T2 (ponctuation ignorée)"),
        (["t3"], "authentifcation", "1 caractère à changer sur 15, pas plus d'un sur quatre"),
    ],
)
def test_what_each_tolerance_changed_is_told(tolerances: list[str], response: str, said: str) -> None:
    verdict = judge(AnswerKey.qroc(["authentification"], tolerances=tolerances), response)
    assert verdict.ok
    assert said in render_explanation(verdict)
    assert said in summarize(verdict)


def test_long_content_is_cut_between_words() -> None:
    accepted = "la clé de chiffrement symétrique partagée entre les deux correspondants avant tout échange"
    verdict = judge(AnswerKey.qroc([accepted], tolerances=[]), "une réponse qui ne correspond pas du tout")
    for text in (render_explanation(verdict), summarize(verdict)):
        for quote in _QUOTED.findall(text):
            inner = quote[2:-2]
            if inner.endswith("…"):
                words = inner[:-1].split()
                assert words == accepted.split()[: len(words)], quote


def test_a_pix_error_is_told_without_the_error_class() -> None:
    verdict = judge(AnswerKey.qrocm_ind({"a": ["x"]}), "toString: x")
    assert verdict.pix_error is not None
    assert verdict.pix_error.startswith("TypeError : ")  # kept for machines (--json) and the golden tests
    for text in (render_explanation(verdict), summarize(verdict)):
        assert "TypeError" not in text
        assert "Pix ne peut pas" in text
        assert "refusée" in text


def _check(run_epreuve: Any, name: str) -> list[dict[str, Any]]:
    result = run_epreuve("check", str(TREE / name), "--format", "json", cwd=ROOT)
    document = json.loads(result.stdout)
    diagnostics: list[dict[str, Any]] = document["diagnostics"] if isinstance(document, dict) else document
    return [d for d in diagnostics if d["code"] in ("KEY-001", "KEY-002")]


@pytest.mark.parametrize(
    "name",
    ["key_examples_choices.md", "key_examples_number.md", "key_examples_qroc.md", "key_examples_qrocm.md"],
)
def test_key_001_002_texts_are_plain_french(name: str, run_epreuve: Any) -> None:
    findings = _check(run_epreuve, name)
    assert findings
    for finding in findings:
        assert not _jargon(finding["message"]), finding["message"]
        assert not _jargon(finding["hint"]), finding["hint"]
        assert '"' not in finding["message"]  # not the JSON text the judge is given


def test_qrocm_examples_are_shown_as_written(run_epreuve: Any) -> None:
    messages = [f["message"] for f in _check(run_epreuve, "key_examples_qrocm.md")]
    assert messages == [
        "l'exemple accepté « {d1: accès, d2: accès} » est refusé par la clé",
        "l'exemple refusé « {d1: effacement, d2: Opposition} » est accepté par la clé",
    ]


def test_json_output_keeps_the_statuses(run_epreuve: Any) -> None:
    result = run_epreuve("answer", str(TREE / "key_examples_qroc.md"), "identification", "--json", cwd=ROOT)
    document = result.json()
    assert document["status"] == "ko"
    assert set(document) == {
        "file",
        "response",
        "status",
        "details",
        "explanation",
        "pix_error",
        "missing_fields",
    }
