"""The near-miss probe: the slips learners make, judged with the key (issue 4, item 6)."""

from __future__ import annotations

from collections.abc import Callable

from epreuve_tools.answers import AnswerKey
from epreuve_tools.answers.probe import probe, variants
from tests.conftest import FIXTURES, Result

QROC = FIXTURES / "tree" / "epreuves" / "key_examples_qroc.md"


def test_variants_cover_the_usual_slips() -> None:
    slips = dict(variants("droit d'accès"))
    assert slips["majuscules"] == "DROIT D'ACCÈS"
    assert slips["sans accents"] == "droit d'acces"
    assert slips["sans espaces"] == "droitd'accès"
    assert slips["apostrophe typographique"] == "droit d\u2019accès"
    assert slips["entre guillemets"] == "« droit d'accès »"
    assert slips["une lettre oubliée"] == "droit 'accès"
    assert "au singulier" not in slips  # « accès » ends in s but is singular


def test_number_variants() -> None:
    slips = dict(variants("1000,5"))
    assert slips["point décimal"] == "1000.5"
    assert slips["zéro final"] == "1000,50"
    assert slips["milliers séparés par une espace"] == "1 000,5"
    assert slips["milliers séparés par une espace fine insécable"] == "1\u202f000,5"


def test_probe_tells_which_slips_the_key_refuses() -> None:
    strict = {row.slip: row.status for row in probe(AnswerKey.qroc(["accès"], tolerances=["t1"]))}
    assert strict["majuscules"] == "ok"  # T1: case and accents
    assert strict["point final"] == "ko"  # no T2: punctuation counts
    lenient = {row.slip: row.status for row in probe(AnswerKey.qroc(["accès"], tolerances=["t1", "t2"]))}
    assert lenient["point final"] == "ok"


def test_probe_varies_one_blank_at_a_time() -> None:
    key = AnswerKey.qrocm_ind({"ville": ["Paris"], "pays": ["France"]}, tolerances=["t1"])
    rows = probe(key, ("ville", "pays"))
    assert {row.field for row in rows} == {"ville", "pays"}
    assert all(row.status == "ok" for row in rows if row.slip == "majuscules")


def test_probe_from_the_command_line(run_epreuve: Callable[..., Result]) -> None:
    result = run_epreuve("answer", str(QROC), "--probe")
    assert result.code == 0
    assert "Réponse acceptée « authentification » :" in result.stdout
    assert "variantes essayées" in result.stdout
    document = run_epreuve("answer", str(QROC), "--probe", "--json").json()
    assert {"field", "accepted", "slip", "response", "status"} == set(document["probe"][0])


def test_answer_needs_a_response_or_probe(run_epreuve: Callable[..., Result]) -> None:
    result = run_epreuve("answer", str(QROC))
    assert result.code == 2
    assert "--probe" in result.stderr


def test_probe_in_check_is_opt_in(run_epreuve: Callable[..., Result]) -> None:
    strict = FIXTURES / "tree" / "epreuves" / "ok_qroc.md"  # T1 only: some slips are refused
    default = run_epreuve("check", "--no-cache", "--format", "json", str(strict))
    assert "KEY-020" not in {d["code"] for d in default.json()["diagnostics"]}
    prefixed = run_epreuve("check", "--no-cache", "--format", "json", "--select", "KEY", str(strict))
    assert "KEY-020" not in {d["code"] for d in prefixed.json()["diagnostics"]}
    chosen = run_epreuve("check", "--no-cache", "--format", "json", "--select", "KEY-020", str(strict))
    infos = [d for d in chosen.json()["diagnostics"] if d["code"] == "KEY-020"]
    assert infos
    assert all(d["severity"] == "info" for d in infos)
    assert chosen.code == 0
