"""`epreuve new`: compétence and tube checked against the référentiel (and completed from it), values
written into YAML safely, and the skeleton checks clean."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import Result

Tree = Callable[..., Path]
Run = Callable[..., Result]

REFERENTIEL = """\
domaines:
  - code: 3
    title: Création de contenus
  - code: 4
    title: Protection et sécurité
competences:
  - index: "3.1"
    title: Développer des documents textuels
    domaine: 3
  - index: "3.2"
    title: Développer des documents multimédia
    domaine: 3
  - index: "4.1"
    title: Sécuriser l'environnement numérique
    domaine: 4
tubes:
  - name: "@motDePasse"
    title: Mots de passe
    competence: "4.1"
  - name: "@tableurFormules"
    title: Formules de tableur
    competence: "3.1"
  - name: "@tableurGraphiques"
    title: Graphiques de tableur
    competence: "3.1"
"""


def _front_matter(path: Path) -> dict[str, object]:
    header = path.read_text("utf-8").split("---\n")[1]
    loaded = yaml.safe_load(header)
    assert isinstance(loaded, dict)
    return loaded


@pytest.mark.parametrize(
    ("options", "competence", "tube"),
    [
        (["--tube", "@tableurGraphiques"], "3.1", "@tableurGraphiques"),
        (["--competence", "3.1"], "3.1", "@tableurFormules"),
        (["--competence", "4.1", "--tube", "@motDePasse"], "4.1", "@motDePasse"),
        ([], "4.1", "@motDePasse"),
    ],
)
def test_new_completes_the_location_from_the_referentiel_and_checks_clean(
    options: list[str], competence: str, tube: str, make_tree: Tree, run_epreuve: Run
) -> None:
    root = make_tree({}, referentiel=REFERENTIEL)
    target = root / "epreuves" / "nouvelle.md"
    created = run_epreuve("new", "qcm", str(target), *options)
    assert created.code == 0, created.stderr
    header = _front_matter(target)
    assert (header["competence"], header["tube"]) == (competence, tube)
    checked = run_epreuve("check", "--format", "json", str(root))
    assert checked.code == 0, checked.stdout
    # only the reminders that the skeleton's example text is still there (BODY-004)
    assert {d["code"] for d in checked.json()["diagnostics"]} <= {
        "BODY-004",
        "A11Y-META-006",
    }  # and flags still « A tester »


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--tube", "@tableurFormule"],
            "n'a pas de tube « @tableurFormule » ; vouliez-vous dire « @tableurFormules » ?",
        ),
        (["--competence", "4.2"], "n'a pas de compétence « 4.2 » ; vouliez-vous dire « 4.1 » ?"),
        (["--competence", "3.2"], "la compétence 3.2 n'a aucun tube"),
        (["--competence", "4.1", "--tube", "@tableurFormules"], "appartient à la compétence 3.1, pas à 4.1"),
    ],
)
def test_new_refuses_what_the_referentiel_does_not_have(
    options: list[str], message: str, make_tree: Tree, run_epreuve: Run
) -> None:
    root = make_tree({}, referentiel=REFERENTIEL)
    target = root / "epreuves" / "refusee.md"
    result = run_epreuve("new", "qcu", str(target), *options)
    assert result.code == 2
    assert message in result.stderr
    assert not target.exists()


def test_values_are_written_into_yaml_safely(make_tree: Tree, run_epreuve: Run) -> None:
    root = make_tree({}, referentiel=None)  # nothing to check the values against
    target = root / "epreuves" / "piege.md"
    tube = '@a"b\nlevel: 9 # c\\d'
    competence = '1.1"\nstatus: validé'
    result = run_epreuve("new", "qroc", str(target), "--tube", tube, "--competence", competence)
    assert result.code == 0, result.stderr
    header = _front_matter(target)
    assert header["tube"] == tube
    assert header["competence"] == competence
    assert header["level"] == 1
    assert header["status"] == "proposé"


def test_new_says_why_it_cannot_create_the_file(tmp_path: Path, run_epreuve: Run) -> None:
    (tmp_path / "un-fichier").write_text("", "utf-8")
    result = run_epreuve("new", "qcu", str(tmp_path / "un-fichier" / "question.md"))
    assert result.code == 2
    assert "création impossible" in result.stderr
    assert "erreur interne" not in result.stderr


@pytest.mark.parametrize("kind", ["qcu", "qcm", "qroc", "qrocm-ind", "qrocm-dep"])
def test_the_skeleton_is_already_in_fmt_form(kind: str, make_tree: Tree, run_epreuve: Run) -> None:
    root = make_tree({}, referentiel=REFERENTIEL)
    target = root / "epreuves" / f"nouvelle-{kind}.md"
    assert run_epreuve("new", kind, str(target), "--tube", "@tableurFormules").code == 0
    before = target.read_bytes()
    result = run_epreuve("fmt", "--check", str(target))
    assert result.code == 0, result.stdout + result.stderr
    assert "0 fichier à mettre en forme" in result.stdout
    assert target.read_bytes() == before


def test_the_skeleton_is_in_fmt_form_whatever_the_values_given(make_tree: Tree, run_epreuve: Run) -> None:
    root = make_tree({}, referentiel=None)  # nothing to check the values against
    for number, (competence, tube) in enumerate([("1.1 ; x", "@a'b é"), ('1"\nstatus: validé', "@a\\b")]):
        target = root / "epreuves" / f"valeurs-{number}.md"
        assert run_epreuve("new", "qcu", str(target), "--competence", competence, "--tube", tube).code == 0
        assert run_epreuve("fmt", "--check", str(target)).code == 0, target.read_text("utf-8")
        header = _front_matter(target)
        assert (header["competence"], header["tube"]) == (competence, tube)
