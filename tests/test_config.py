"""Configuration: what cannot be obeyed is an error (exit 2) naming the file and the key, with a
suggestion for a typo; severities are read in English and in the French the reports print."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import VALID_QCU, Result

Tree = Callable[..., Path]
Run = Callable[..., Result]

BAD_QCU = VALID_QCU.format(id="bad-key").replace("answer: 1", "answer: 7")
WARNING_QCU = VALID_QCU.format(id="warn").replace("level: 1", "level: 1\nformat: mots")  # SEM-020


def _check_with(tmp_path: Path, run_epreuve: Run, config: str | bytes, name: str = "epreuve.toml") -> Result:
    path = tmp_path / name
    if isinstance(config, bytes):
        path.write_bytes(config)
    else:
        path.write_text(config, "utf-8")
    (tmp_path / "content").mkdir(exist_ok=True)
    return run_epreuve("check", cwd=tmp_path)


@pytest.mark.parametrize(
    ("config", "messages"),
    [
        ('selct = ["SEM"]', ["clé de configuration inconnue « selct » ; vouliez-vous dire « select » ?"]),
        ('fail_on = "warning"', ["« fail_on »", "vouliez-vous dire « fail-on » ?"]),
        ('fail-on = "eror"', ["clé `fail-on`", "« eror » ; vouliez-vous dire « error » ?"]),
        ('fail-on = "avertisement"', ["vouliez-vous dire « avertissement » ?"]),
        ("fail-on = 2", ["clé `fail-on`", "pas un texte"]),
        ('[severity]\n"SEM-005" = "infos"', ['clé `severity."SEM-005"`', "vouliez-vous dire « info » ?"]),
        ('[severity]\n"SEM-005" = 3', ['clé `severity."SEM-005"`']),
        ('severity = "error"', ["clé `severity`", "table"]),
        ('[severity]\n"SEMM" = "error"', ["clé `severity`", "vouliez-vous dire « SEM » ?"]),
        ("content = 3", ["clé `content`"]),
        ('exclude = "brouillons"', ["clé `exclude`", "liste"]),
        ('per-file-ignores = ["SEM-005"]', ["clé `per-file-ignores`"]),
        ('[per-file-ignores]\n"x/**" = "SEM-005"', ['clé `per-file-ignores."x/**"`']),
        (
            '[per-file-ignores]\n"x/**" = ["SEM-0O5"]',
            [
                'clé `per-file-ignores."x/**"`',
                "aucun code de règle ne commence par « SEM-0O5 »",
                "vouliez-vous dire",
            ],
        ),
        ('select = ["SEMX"]', ["clé `select`", "aucun code de règle"]),
        ("select = [1,,2]", ["epreuve.toml, ligne 1, colonne ", " : TOML invalide"]),
        ("select = [", ["epreuve.toml, à la fin du fichier : TOML invalide"]),
        (
            'allowed-html = ["spam"]',
            ["clé `allowed-html`", "« spam » non admise ; vouliez-vous dire « span » ?"],
        ),
        (
            'allowed-html = ["script"]',
            ["clé `allowed-html`", "« script » non admise : cette balise exécute du code"],
        ),
        ('allowed-html = ["iframe"]', ["« iframe » non admise", "`embed`"]),
        ('allowed-html = ["marquee"]', ["« marquee » non admise", "balises admises : abbr, br"]),
        ('allowed-html = "span"', ["clé `allowed-html`", "liste de textes"]),
        ('allowed_html = ["span"]', ["« allowed_html »", "vouliez-vous dire « allowed-html » ?"]),
    ],
)
def test_what_cannot_be_obeyed_exits_2_naming_file_and_key(
    config: str, messages: list[str], tmp_path: Path, run_epreuve: Run
) -> None:
    result = _check_with(tmp_path, run_epreuve, config + "\n")
    assert result.code == 2, result.stderr
    assert str(tmp_path / "epreuve.toml") in result.stderr
    for message in messages:
        assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_configuration_that_is_not_utf8_exits_2(tmp_path: Path, run_epreuve: Run) -> None:
    result = _check_with(tmp_path, run_epreuve, b'select = ["SEM"]\n# r\xe9sum\xe9\n')
    assert result.code == 2
    assert f"{tmp_path / 'epreuve.toml'}, ligne 2 : le fichier n'est pas en UTF-8" in result.stderr


@pytest.mark.parametrize("document", ["tool = 1", "[tool]\nepreuve = 1"])
def test_a_pyproject_whose_tool_table_is_not_a_table_exits_2(
    document: str, tmp_path: Path, run_epreuve: Run
) -> None:
    result = _check_with(tmp_path, run_epreuve, document + "\n", name="pyproject.toml")
    assert result.code == 2
    assert "doit être une table TOML" in result.stderr


def test_a_configuration_that_cannot_be_read_says_why_in_french(tmp_path: Path, run_epreuve: Run) -> None:
    (tmp_path / "dossier").mkdir()
    result = run_epreuve("check", "--config", "dossier")
    assert result.code == 2
    assert "dossier : lecture impossible : c'est un dossier" in result.stderr


def test_severities_read_in_french_too(tmp_path: Path, make_tree: Tree, run_epreuve: Run) -> None:
    make_tree({"epreuves/w.md": WARNING_QCU})
    (tmp_path / "epreuve.toml").write_text('fail-on = "avertissement"\n', "utf-8")
    assert run_epreuve("check", cwd=tmp_path).code == 1
    (tmp_path / "epreuve.toml").write_text('[severity]\n"SEM-020" = "Erreur"\n', "utf-8")
    result = run_epreuve("check", "--format", "json", cwd=tmp_path)
    assert [(d["code"], d["severity"]) for d in result.json()["diagnostics"]] == [("SEM-020", "error")]
    assert result.code == 1
    (tmp_path / "epreuve.toml").unlink()
    assert run_epreuve("check", cwd=tmp_path).code == 0
    assert run_epreuve("check", "--fail-on", "avertissement", cwd=tmp_path).code == 1


def test_per_file_ignores_accept_known_prefixes(tmp_path: Path, make_tree: Tree, run_epreuve: Run) -> None:
    make_tree({"epreuves/legacy/bad.md": BAD_QCU})
    (tmp_path / "epreuve.toml").write_text(
        '[per-file-ignores]\n"content/epreuves/legacy/**" = ["SEM"]\n', "utf-8"
    )
    assert run_epreuve("check", cwd=tmp_path).code == 0


def test_an_unreadable_configuration_is_a_french_error(tmp_path: Path, run_epreuve: Run) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "epreuve.toml"
    path.write_text('select = ["SEM"]\n', "utf-8")
    path.chmod(0)
    try:
        result = run_epreuve("check", cwd=tmp_path)
    finally:
        path.chmod(0o644)
    assert result.code == 2
    assert "lecture impossible : permission refusée" in result.stderr


def test_allowed_html_is_read_in_any_case_and_reaches_the_rules(tmp_path: Path) -> None:
    from epreuve_tools.config import load_config

    (tmp_path / "epreuve.toml").write_text('allowed-html = ["SPAN", "<abbr>", "span", " br "]\n', "utf-8")
    config = load_config(tmp_path)
    assert config.allowed_html == ("abbr", "br", "span")
    assert config.rule_settings.allowed_html == frozenset({"abbr", "br", "span"})
    assert load_config(tmp_path / "epreuves").allowed_html == config.allowed_html  # found walking up
    (tmp_path / "epreuve.toml").unlink()
    assert load_config(tmp_path).rule_settings.cache_variant() == ""
