"""`epreuve site build`: the pages' contract, escaping of hostile content, --strict, reproducibility."""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.conftest import SAMPLE_CONTENT, VALID_QCU, Result

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}

HOSTILE_QCU = """\
---
id: hostile-qcu
type: qcu
competence: "4.1"
tube: "@motDePasse"
level: 1
status: proposé
answer: 2
illustration:
  src: images/capture.png
  alt: '"><img src=x onerror=alert(2)>'
---
Consigne <script>alert(1)</script> et [lien](javascript:alert(3)) <iframe src="https://x"></iframe>

::: propositions
- Première <b onmouseover=alert(4)>proposition</b>
- Seconde
- Troisième
:::

::: correction
La seconde. <script>alert(5)</script>
:::
"""

QCM = """\
---
id: choix-multiples
type: qcm
competence: "4.1"
tube: "@motDePasse"
level: 2
status: validé
answer: [1, 3]
shuffle: false
---
Quelles pratiques protègent un compte ?

::: propositions
- Une phrase de passe
- Le même mot de passe partout
- La double authentification
:::
"""

QROCM = """\
---
id: plusieurs-champs
type: qrocm-ind
competence: "4.1"
tube: "@motDePasse"
level: 3
status: validé
answer:
  longueur: ["12"]
  outil: ["gestionnaire"]
  nom: ["Dupont"]
  choix: ["oui"]
genealogy: prototype
authors: [Camille Martin]
accessibility:
  non_voyant: A tester
illustration:
  src: images/capture.png
  alt: Écran de réglage des mots de passe
  description: Un **formulaire** à deux champs.
a11y:
  waivers: [{rule: A11Y-FRM-005, reason: "Le libellé court est voulu par la consigne"}]
examples:
  accepted: ["longueur: 12\\noutil: gestionnaire\\nnom: Dupont\\nchoix: oui"]
  rejected: ["longueur: 4\\noutil: carnet\\nnom: Durand\\nchoix: non"]
---
Complétez.

::: propositions
Longueur minimale conseillée : ${longueur}

Un ${outil§Outil qui retient les mots de passe}

${nom}

Activé : ${choix options=["oui","non"]}
:::
"""


HOSTILE_QROC = """\
---
id: cle-hostile
type: qroc
competence: "4.1"
tube: "@motDePasse"
level: 2
status: proposé
answer: ['"></form><script>alert(6)</script>', "a\u2028b"]
---
Écrivez.

::: propositions
Votre réponse, ici : ${reponse}
:::
"""


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.label_text: dict[str, str] = {}
        self._label: str | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "label":
            self._label = dict(attrs).get("for") or ""
            self.label_text[self._label] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label = None

    def handle_data(self, data: str) -> None:
        self.text += data
        if self._label is not None:
            self.label_text[self._label] += data


def _parse(path: Path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text("utf-8"))
    return parser


def _png() -> bytes:
    stream = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(stream, "PNG")
    return stream.getvalue()


@pytest.fixture
def fixture_tree(make_tree: Callable[..., Path]) -> Path:
    content = make_tree(
        {
            "epreuves/hostile.md": HOSTILE_QCU,
            "epreuves/images/capture.png": _png(),
            "epreuves/qcm.md": QCM,
            "epreuves/qrocm.md": QROCM,
            "epreuves/simple.md": VALID_QCU.format(id="simple-qcu"),
            "epreuves/hostile-qroc.md": HOSTILE_QROC,
            "epreuves/declinaison.md": VALID_QCU.format(id="une-declinaison").replace(
                "level: 1", "level: 1\ngenealogy: {declinaison: plusieurs-champs}"
            ),
            "parcours/essai.yaml": (
                "id: essai\ntitle: Parcours <em>d'essai</em>\ndescription: Essai\nversion: 1\nlocale: fr-fr\n"
                "audience: agents\nepreuves: [choix-multiples, simple-qcu, plusieurs-champs]\n"
            ),
        }
    )
    (content.parent / "epreuve.toml").write_text('content = "content"\n', "utf-8")
    return content.parent


def _build(run_epreuve: Callable[..., Result], project: Path, out: Path, *extra: str) -> Result:
    return run_epreuve("site", "build", "--out", str(out), *extra, cwd=project, env=EPOCH)


def test_fixture_site_has_stable_addresses_and_the_page_contract(
    run_epreuve: Callable[..., Result], fixture_tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = _build(run_epreuve, fixture_tree, out)
    assert result.code == 0, result.stderr
    assert "(s)" not in result.stdout  # French plurals, not « erreur(s) »
    for epreuve_id in ("hostile-qcu", "choix-multiples", "plusieurs-champs", "simple-qcu"):
        assert (out / "epreuves" / epreuve_id / "index.html").is_file()
        assert (out / "epreuves" / epreuve_id / "revue" / "index.html").is_file()
    assert (out / "parcours" / "essai" / "index.html").is_file()
    assert 'lang="fr"' in (out / "index.html").read_text("utf-8")

    qcm = _parse(out / "epreuves" / "choix-multiples" / "index.html")
    boxes = [attrs for tag, attrs in qcm.tags if tag == "input" and attrs.get("name") == "reponse"]
    assert [(b["type"], b["value"]) for b in boxes] == [
        ("checkbox", "1"),
        ("checkbox", "2"),
        ("checkbox", "3"),
    ]
    qcu = _parse(out / "epreuves" / "hostile-qcu" / "index.html")
    radios = [attrs for tag, attrs in qcu.tags if tag == "input" and attrs.get("name") == "reponse"]
    assert [(r["type"], r["value"]) for r in radios] == [("radio", "1"), ("radio", "2"), ("radio", "3")]
    assert "l'apprenant les voit mélangées" in (out / "epreuves" / "hostile-qcu" / "index.html").read_text()

    qrocm = _parse(out / "epreuves" / "plusieurs-champs" / "index.html")
    fields = {
        attrs["name"]: (tag, attrs)
        for tag, attrs in qrocm.tags
        if tag in ("input", "select", "textarea") and (attrs.get("id") or "").startswith("champ-")
    }
    assert set(fields) == {"longueur", "outil", "nom", "choix"}
    assert fields["choix"][0] == "select"
    # Pix's rule: text before the blank longer than six characters is its visible label...
    assert qrocm.label_text["champ-longueur"] == "Longueur minimale conseillée :"
    assert "aria-label" not in fields["longueur"][1]
    # ...else the § label, else a numbered label
    assert fields["outil"][1]["aria-label"] == "Outil qui retient les mots de passe"
    assert fields["nom"][1]["aria-label"] == "Réponse 3"
    assert qrocm.label_text["champ-choix"] == "Activé :"


def test_learner_view_has_no_answer_and_reviewer_view_has_key_examples_and_diagnostics(
    run_epreuve: Callable[..., Result], fixture_tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert _build(run_epreuve, fixture_tree, out).code == 0
    learner_page = out / "epreuves" / "plusieurs-champs" / "index.html"
    # the key is in the page, for the in-page judge, but only as the form's data-cle attribute: nothing
    # the reviewer sees, and no other attribute, gives the answer away
    learner = _parse(learner_page)
    shown = learner.text + "".join(
        str(value) for _, attrs in learner.tags for name, value in attrs.items() if name != "data-cle"
    )
    assert "gestionnaire" not in shown
    assert "Dupont" not in shown
    keys = [attrs["data-cle"] for tag, attrs in learner.tags if tag == "form" and "data-cle" in attrs]
    assert len(keys) == 1
    assert "gestionnaire" in (keys[0] or "")
    review = (out / "epreuves" / "plusieurs-champs" / "revue" / "index.html").read_text("utf-8")
    assert "gestionnaire" in review
    assert "acceptée" in review
    assert "refusée" in review
    hostile_review = (out / "epreuves" / "hostile-qcu" / "revue" / "index.html").read_text("utf-8")
    assert "Diagnostics de <code>epreuve check</code>" in hostile_review


def test_hostile_content_is_escaped(
    run_epreuve: Callable[..., Result], fixture_tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert _build(run_epreuve, fixture_tree, out).code == 0
    for page in out.rglob("*.html"):
        tags = _parse(page).tags
        for tag, attrs in tags:
            assert not any(name.startswith("on") for name in attrs), (page, tag, attrs)
            assert tag not in ("iframe", "object", "embed"), (page, tag)  # (the theme draws its icons in SVG)
            if tag == "script":
                # only the theme's own scripts: its bundle and configuration, never one from content
                assert attrs.get("src", "").endswith(".js") or attrs.get("id") == "__config" or not attrs
            assert not (attrs.get("href") or "").startswith("javascript:"), (page, attrs)
        text = page.read_text("utf-8")
        assert "<script>alert" not in text
        assert "alert(1)" not in text  # the script is dropped with its content
        # the page's Content-Security-Policy: only the site's own scripts
        assert (
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self';"
            in text
        ), page
    learner = (out / "epreuves" / "hostile-qcu" / "index.html").read_text("utf-8")
    # `<b>` is not among the tags the project allows (none): its text stays, the tag and its handler go
    assert "Première proposition" in learner
    images = [
        attrs for tag, attrs in _parse(out / "epreuves" / "hostile-qcu" / "index.html").tags if tag == "img"
    ]
    content_images = [attrs for attrs in images if "assets/epreuves/" in (attrs.get("src") or "")]
    assert [attrs["alt"] for attrs in content_images] == ['"><img src=x onerror=alert(2)>']
    assert (out / content_images[0]["src"].replace("../../", "", 1)).is_file()
    parcours = (out / "parcours" / "essai" / "index.html").read_text("utf-8")
    assert "&lt;em&gt;d&#x27;essai&lt;/em&gt;" in parcours


def test_strict_refuses_a_tree_with_errors(
    run_epreuve: Callable[..., Result], make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    broken = VALID_QCU.format(id="casse").replace("answer: 1", "answer: 7")
    content = make_tree({"epreuves/casse.md": broken})
    project = content.parent
    out = tmp_path / "site"
    refused = _build(run_epreuve, project, out, "--strict")
    assert refused.code == 1
    assert "--strict" in refused.stderr
    assert not (out / "index.html").exists()
    built = _build(run_epreuve, project, out)
    assert built.code == 0, built.stderr
    review = (out / "epreuves" / "casse" / "revue" / "index.html").read_text("utf-8")
    assert 'class="severity-error"' in review


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_content_gives_a_byte_identical_site(
    run_epreuve: Callable[..., Result], fixture_tree: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "one" / "site", tmp_path / "two" / "deeper" / "site"
    assert _build(run_epreuve, fixture_tree, first).code == 0
    assert _build(run_epreuve, fixture_tree, second).code == 0
    one, two = _files(first), _files(second)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert not any(name.startswith("sitemap") for name in one)


def test_sample_content_builds_a_page_per_epreuve(run_epreuve: Callable[..., Result], tmp_path: Path) -> None:
    import shutil

    shutil.copytree(SAMPLE_CONTENT, tmp_path / "project" / "content")
    (tmp_path / "project" / "epreuve.toml").write_text('content = "content"\n', "utf-8")
    out = tmp_path / "site"
    result = _build(run_epreuve, tmp_path / "project", out)
    assert result.code == 0, result.stderr
    count = len(list(SAMPLE_CONTENT.glob("epreuves/**/*.md")))
    assert len(list(out.glob("epreuves/*/index.html"))) == count
    assert len(list(out.glob("epreuves/*/revue/index.html"))) == count
    assert len(list(out.glob("parcours/*/index.html"))) == len(list(SAMPLE_CONTENT.glob("parcours/*.yaml")))
    # a Markdown table is shown as a table, with its header cells, not as lines of pipes
    page = (out / "epreuves" / "tableur-tri-effectifs" / "index.html").read_text("utf-8")
    assert "<th>Service</th>" in page
    assert "<td>Accueil</td>" in page
    assert "| Accueil |" not in page


def test_other_commands_do_not_import_the_site_engine() -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom epreuve_tools.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n"
        "    pass\nprint(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_folder_of_other_files_is_never_emptied(
    run_epreuve: Callable[..., Result], fixture_tree: Path, tmp_path: Path
) -> None:
    # mkdocs empties its output folder: `--out` pointing at someone's documents must be refused
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "these.odt").write_text("trois ans de travail", "utf-8")
    result = _build(run_epreuve, fixture_tree, documents)
    assert result.code == 2
    assert "rien n'est remplacé" in result.stderr
    assert [p.name for p in documents.iterdir()] == ["these.odt"]
    site = tmp_path / "site"
    assert _build(run_epreuve, fixture_tree, site).code == 0
    assert _build(run_epreuve, fixture_tree, site).code == 0  # a site it built is replaced
    assert (site / "index.html").is_file()
    # nothing left but the generated Markdown kept for the next build
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == [".site.sources"]


def test_learner_views_carry_the_key_the_button_and_the_status_of_the_in_page_judge(
    run_epreuve: Callable[..., Result], fixture_tree: Path, tmp_path: Path
) -> None:
    import json

    out = tmp_path / "site"
    assert _build(run_epreuve, fixture_tree, out).code == 0
    assert (out / "assets" / "judge.js").is_file()
    for epreuve_id, kind in (
        ("choix-multiples", "qcm"),
        ("plusieurs-champs", "qrocm-ind"),
        ("cle-hostile", "qroc"),
    ):
        page = _parse(out / "epreuves" / epreuve_id / "index.html")
        forms = [attrs for tag, attrs in page.tags if tag == "form" and attrs.get("class") == "epreuve-form"]
        assert len(forms) == 1
        key = json.loads(forms[0]["data-cle"] or "")
        assert key["kind"] == kind
        buttons = [attrs for tag, attrs in page.tags if tag == "button" and attrs.get("type") == "submit"]
        assert [b.get("class") for b in buttons] == ["md-button"]
        status = [attrs for tag, attrs in page.tags if attrs.get("role") == "status"]
        assert [s.get("data-status") for s in status] == [""]
        scripts = [attrs.get("src") or "" for tag, attrs in page.tags if tag == "script"]
        assert "../../assets/judge.js" in scripts
    hostile = (out / "epreuves" / "cle-hostile" / "index.html").read_text("utf-8")
    assert "<script>alert" not in hostile
    assert "</form><" not in hostile
    key = json.loads(
        next(
            a["data-cle"]
            for t, a in _parse(out / "epreuves" / "cle-hostile" / "index.html").tags
            if t == "form" and "data-cle" in a
        )
        or ""
    )
    assert key["solution"] == ['"></form><script>alert(6)</script>', "a\u2028b"]
    assert "Vérifier</button>" in hostile


def _table_rows(path: Path, caption: str) -> list[list[str]]:
    """The rows (cell texts) of the table with that caption."""

    class Tables(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.tables: list[tuple[str, list[list[str]]]] = []
            self.cell: str | None = None
            self.in_caption = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "table":
                self.tables.append(("", []))
            elif tag == "caption":
                self.in_caption = True
            elif tag == "tr" and self.tables:
                self.tables[-1][1].append([])
            elif tag in ("td", "th"):
                self.cell = ""

        def handle_endtag(self, tag: str) -> None:
            if tag == "caption":
                self.in_caption = False
            elif tag in ("td", "th") and self.cell is not None and self.tables:
                self.tables[-1][1][-1].append(self.cell.strip())
                self.cell = None

        def handle_data(self, data: str) -> None:
            if self.in_caption and self.tables:
                self.tables[-1] = (self.tables[-1][0] + data, self.tables[-1][1])
            elif self.cell is not None:
                self.cell += data

    parser = Tables()
    parser.feed(path.read_text("utf-8"))
    found = [rows for name, rows in parser.tables if name.strip() == caption]
    assert found, f"no table « {caption} » in {path}"
    return found[0]


def test_reviewer_view_is_complete(
    run_epreuve: Callable[..., Result], fixture_tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert _build(run_epreuve, fixture_tree, out).code == 0
    review = out / "epreuves" / "plusieurs-champs" / "revue" / "index.html"
    metadata = {row[0]: row[1] for row in _table_rows(review, "Métadonnées") if len(row) == 2}
    assert metadata["Compétence"] == "4.1 – Sécuriser l'environnement numérique"
    assert metadata["Domaine"] == "4 – Protection et sécurité"
    assert metadata["Sujet (tube)"] == "@motDePasse – Mots de passe"
    assert metadata["Acquis"] == "@motDePasse3"
    assert metadata["Statut"] == "validé"
    assert metadata["Auteurs"] == "Camille Martin"
    assert metadata["Généalogie"] == "prototype ; déclinaisons : une-declinaison"
    assert metadata["Parcours"] == "Parcours <em>d'essai</em>"
    links = [a.get("href") for tag, a in _parse(review).tags if tag == "a"]
    # pages link pages as files: a file share shows a folder as a listing (engine.py `_file_links`)
    assert "../../../epreuves/une-declinaison/revue/index.html" in links
    child = out / "epreuves" / "une-declinaison" / "revue" / "index.html"
    assert {r[0]: r[1] for r in _table_rows(child, "Métadonnées")}["Généalogie"] == (
        "déclinaison de plusieurs-champs"
    )
    assert "../../../epreuves/plusieurs-champs/revue/index.html" in [
        a.get("href") for t, a in _parse(child).tags if t == "a"
    ]
    # the key by blank, the examples judged, the probe as `epreuve answer --probe` gives it
    assert ["outil", "gestionnaire"] in _table_rows(review, "Réponses acceptées par champ")
    assert [
        "longueur: 4\noutil: carnet\nnom: Durand\nchoix: non",
        "refusée",
        "refusée",
        "oui",
    ] in _table_rows(review, "Exemples jugés par le juge de l'outil (comme Pix)")
    probe = _table_rows(
        review,
        "Variantes courantes des réponses acceptées, jugées avec la clé (comme epreuve answer --probe)",
    )
    assert ["outil", "gestionnaire", "majuscules", "GESTIONNAIRE", "acceptée"] in probe
    assert ["choix", "oui", "majuscules", "OUI", "REFUSÉE"] in probe  # a select has no tolerance
    # what only a person can judge, the declared flags, the waiver
    assert ["Personnes non voyantes", "A tester"] in _table_rows(review, "Compatibilité déclarée")
    judged = {r[0]: r[1] for r in _table_rows(review, "À juger par une personne")}
    assert judged["Image : texte alternatif"] == "« Écran de réglage des mots de passe »"
    assert judged["Champ 2 : nom pour les lecteurs d'écran"] == "« Outil qui retient les mots de passe »"
    assert judged["Champ 1 : étiquette visible"] == "« Longueur minimale conseillée : »"
    text = review.read_text("utf-8")
    assert "<strong>formulaire</strong>" in text
    assert "Le libellé court est voulu par la consigne" in text
    # the diagnostics of check, with how to fix them
    broken = _table_rows(
        out / "epreuves" / "hostile-qcu" / "revue" / "index.html",
        "Diagnostics de epreuve check pour ce fichier",
    )
    assert any(row[1].startswith("SEC-") and row[4] for row in broken[1:])
    # a QCU's key is the right proposal's text; no probe for it
    qcu = (out / "epreuves" / "hostile-qcu" / "revue" / "index.html").read_text("utf-8")
    assert "Proposition 2 : Seconde" in qcu
    assert "Sans objet : le sondage porte sur les réponses libres" in qcu


def test_navigation_by_referentiel_status_coverage_and_quality(
    run_epreuve: Callable[..., Result], fixture_tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert _build(run_epreuve, fixture_tree, out).code == 0
    home = _parse(out / "index.html")
    links = {a.get("href") for tag, a in home.tags if tag == "a"}
    assert {
        f"{name}/index.html" for name in ("referentiel", "parcours", "statuts", "couverture", "qualite")
    } <= links
    # domain → competence → tube → level
    referentiel = (out / "referentiel" / "index.html").read_text("utf-8")
    assert "Protection et sécurité" in referentiel
    assert 'href="../competences/4-1/index.html"' in referentiel
    tube = (out / "sujets" / "motdepasse" / "index.html").read_text("utf-8")
    assert (
        tube.index('id="groupe-niveau-1"')
        < tube.index('id="groupe-niveau-2"')
        < tube.index('id="groupe-niveau-3"')
    )
    assert 'href="../../epreuves/plusieurs-champs/index.html"' in tube
    # the coverage matrix: an accessible table, empty cells said
    rows = _table_rows(
        out / "couverture" / "index.html",
        "Compétence 4.1 – Sécuriser l'environnement numérique : épreuves par sujet et par niveau",
    )
    assert rows[0] == ["Sujet", *(f"Niveau {n}" for n in range(1, 9)), "Total"]
    assert rows[1][0] == "@motDePasse – Mots de passe"
    assert rows[1][2] == "2 : 1 proposé, 1 validé"  # level 2: the QCM and the hostile QROC
    assert rows[1][3] == "1 : 1 validé"
    assert rows[1][4:9] == ["aucune"] * 5
    assert rows[1][9] == "6"
    coverage = _parse(out / "couverture" / "index.html")
    scopes = [a.get("scope") for tag, a in coverage.tags if tag == "th"]
    assert scopes.count("col") == 10
    assert scopes.count("row") == 1
    # by status, and the quality dashboard
    assert "plusieurs-champs" in (out / "statuts" / "valide" / "index.html").read_text("utf-8")
    assert "plusieurs-champs" not in (out / "statuts" / "propose" / "index.html").read_text("utf-8")
    families = {
        row[0]: row[1:]
        for row in _table_rows(
            out / "qualite" / "index.html", "Diagnostics de epreuve check par famille de règles"
        )
    }
    assert int(families["SEC"][0]) >= 1  # the hostile QCU's script
    assert int(families["A11Y-FRM"][3]) >= 0
    assert "hostile-qcu" in (out / "qualite" / "erreurs" / "index.html").read_text("utf-8")
    assert "plusieurs-champs" in (out / "qualite" / "a-tester" / "index.html").read_text("utf-8")
    without = (out / "qualite" / "sans-exemples" / "index.html").read_text("utf-8")
    assert "choix-multiples" in without
    assert "plusieurs-champs" not in without
    # search, with a named dialog; the reviewer views (which hold the key) are not indexed
    dialogs = [a for tag, a in home.tags if a.get("role") == "dialog"]
    assert [d.get("aria-label") for d in dialogs] == ["Recherche"]
    index = (out / "search" / "search_index.json").read_text("utf-8")
    locations = {doc["location"].split("#")[0] for doc in json.loads(index)["docs"]}
    assert "epreuves/plusieurs-champs/index.html" in locations
    assert not [location for location in locations if "revue/" in location]
    assert "gestionnaire" not in index
    # the same index as a script, for a site opened from a file share (the `offline` plugin)
    script = (out / "search" / "search_index.js").read_text("utf-8")
    assert script == f"var __index = {index}"


def test_long_lists_are_cut_into_pages() -> None:
    from epreuve_tools.analysis import parse_epreuve
    from epreuve_tools.preview.indexes import PAGE_SIZE, Item, paginate
    from epreuve_tools.preview.pages import EpreuveEntry, Site

    entries = {}
    for number in range(PAGE_SIZE * 2 + 5):
        epreuve_id = f"qcu-{number:04d}"
        _, epreuve = parse_epreuve(VALID_QCU.format(id=epreuve_id).encode())
        assert epreuve is not None
        entries[epreuve_id] = EpreuveEntry(f"{epreuve_id}.md", epreuve)
    site = Site()
    items = [Item("Niveau 1" if n < 150 else "Niveau 2", i) for n, i in enumerate(sorted(entries))]
    starts = paginate(site, "statuts/valide", "Validées", "<p>…</p>", items, entries=entries)
    assert sorted(site.pages) == [
        "statuts/valide/index.md",
        "statuts/valide/page-2/index.md",
        "statuts/valide/page-3/index.md",
    ]
    assert starts == {
        "Niveau 1": "statuts/valide#groupe-niveau-1",
        "Niveau 2": "statuts/valide/page-2#groupe-niveau-2",
    }
    for text in site.pages.values():
        assert len(re.findall(r'<li><a href="[^"]*epreuves/', text)) <= PAGE_SIZE
    second = site.pages["statuts/valide/page-2/index.md"]
    assert "Niveau 1 (suite)" in second
    assert 'href="../../../epreuves/qcu-0100/"' in second
    assert 'aria-current="page"' in second
    assert 'href="../page-3/"' in second
    assert 'href="../"' in second


def test_markdown_from_content_is_sanitised_and_embeds_are_sandboxed() -> None:
    from epreuve_tools.analysis import parse_epreuve
    from epreuve_tools.preview.pages import embed, render_markdown

    # (raw HTML against the project's `allowed-html`: tests/test_site_sanitize.py)
    assert render_markdown("[x](javascript:alert(1)) <b onclick=alert(2)>gras</b>") == (
        "<p>[x](javascript:alert(1)) gras</p>\n"
    )
    qcu = VALID_QCU.format(id="integre")
    for value, expected in (
        ('{url: "https://exemple.fr/a", title: "Simulateur"}', 'sandbox="allow-scripts allow-forms"'),
        ('{url: "javascript:alert(1)", title: "x"}', "doit commencer par https://"),
        ('{url: "http://exemple.fr/a", title: "x"}', "doit commencer par https://"),
        ('{url: "https://exemple.fr/a"}', "il lui faut un titre"),
        ('{url: "https://exemple.fr/a\\" onload=\\"x", title: "x"}', "doit commencer par https://"),
    ):
        _, epreuve = parse_epreuve(qcu.replace("level: 1", f"level: 1\nembed: {value}").encode())
        assert epreuve is not None
        assert expected in embed(epreuve), value
        assert "onload" not in embed(epreuve)


def test_a_rebuild_renders_only_what_changed_and_gives_the_same_bytes_as_a_full_build(
    run_epreuve: Callable[..., Result], fixture_tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    first = _build(run_epreuve, fixture_tree, out)
    assert first.code == 0, first.stderr
    assert "reconstruction partielle" not in first.stdout
    again = _build(run_epreuve, fixture_tree, out)
    assert "reconstruction partielle : 0 fichier à refaire" in again.stdout
    untouched = (out / "epreuves" / "simple-qcu" / "index.html").stat().st_mtime_ns
    # one épreuve changes status, another goes away: its pages, the lists and the search index follow
    qcm = fixture_tree / "content" / "epreuves" / "qcm.md"
    qcm.write_text(qcm.read_text("utf-8").replace("status: validé", "status: proposé"), "utf-8")
    (fixture_tree / "content" / "epreuves" / "hostile-qroc.md").unlink()
    rebuilt = _build(run_epreuve, fixture_tree, out)
    assert rebuilt.code == 0, rebuilt.stderr
    assert "reconstruction partielle" in rebuilt.stdout
    assert (out / "epreuves" / "simple-qcu" / "index.html").stat().st_mtime_ns == untouched
    assert not (out / "epreuves" / "cle-hostile").exists()
    assert "choix-multiples" in (out / "statuts" / "propose" / "index.html").read_text("utf-8")
    fresh = tmp_path / "elsewhere" / "site"
    assert _build(run_epreuve, fixture_tree, fresh, "--full").code == 0
    one, two = _files(out), _files(fresh)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def test_pages_link_folders_as_files_for_a_file_share() -> None:
    from epreuve_tools.preview.engine import _file_links

    body = (
        '<a href="../../epreuves/x/">x</a> <a href="revue/">r</a> <a href="./">p</a> <a href="../page-2/#groupe">g</a>'
        ' <a href="https://pix.fr/">Pix</a> <a href="#haut">h</a> <a href="image.png">i</a> <a href="mailto:a@b.fr">m</a>'
    )
    assert _file_links(body) == (
        '<a href="../../epreuves/x/index.html">x</a> <a href="revue/index.html">r</a> <a href="./index.html">p</a> '
        '<a href="../page-2/index.html#groupe">g</a> <a href="https://pix.fr/">Pix</a> <a href="#haut">h</a> '
        '<a href="image.png">i</a> <a href="mailto:a@b.fr">m</a>'
    )


def test_pages_made_by_worker_processes_are_those_made_in_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from epreuve_tools.analysis import parse_epreuve
    from epreuve_tools.preview import pages
    from epreuve_tools.preview.pages import EpreuveEntry, PageCache, build_pages

    def entries() -> list[EpreuveEntry]:
        made = []
        for text, epreuve_id in ((QCM, "choix-multiples"), (QROCM, "plusieurs-champs")):
            for number in range(3):
                source = text.replace(f"id: {epreuve_id}", f"id: {epreuve_id}-{number}").encode()
                _, epreuve = parse_epreuve(source)
                assert epreuve is not None
                made.append(
                    EpreuveEntry(f"{epreuve_id}-{number}.md", epreuve, source=source, digest=str(number))
                )
        return made

    alone = build_pages(str(tmp_path), entries(), [])
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pages.os, "cpu_count", lambda: 2)
    cache = PageCache(None, "essai")
    forked = build_pages(str(tmp_path), entries(), [], cache=cache)
    assert forked.pages == alone.pages
    assert len(cache.new) == 6  # what the workers made is kept for the next build


class _Planted:
    """Unpickling it makes a folder: the sign that a file planted beside the site was loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.mkdir, (str(self.marker),))


def test_files_planted_beside_the_site_are_never_unpickled(
    run_epreuve: Callable[..., Result], fixture_tree: Path, tmp_path: Path
) -> None:
    """A build keeps its page cache, its manifest and Jinja's compiled templates beside the output
    (`.site.sources/`), sealed with the user's cache key: whoever can write there (a folder committed
    to the repository, a shared output) must not get code run by the next build, which ignores what
    it did not seal and builds the same site."""
    import pickle

    from jinja2.bccache import bc_magic

    out = tmp_path / "site"
    assert _build(run_epreuve, fixture_tree, out).code == 0
    built = _files(out)
    sources = tmp_path / ".site.sources"
    kept = [
        sources / "pages.pickle",
        sources / "manifest.pickle",
        *sorted((sources / "templates").glob("*.cache")),
    ]
    assert len(kept) > 2, sorted(p.name for p in sources.rglob("*"))
    marker = tmp_path / "code-ran"
    hostile = pickle.dumps(_Planted(marker))
    for path in kept:
        plain = bc_magic + hostile if path.suffix == ".cache" else hostile
        path.write_bytes(plain)
    again = _build(run_epreuve, fixture_tree, out)
    assert again.code == 0, again.stderr
    assert not marker.exists()
    assert _files(out) == built
    # a seal of the wrong key is refused too
    for path in kept:
        path.write_bytes(b"epreuve-seal-1\n" + bytes(32) + hostile)
    assert _build(run_epreuve, fixture_tree, out).code == 0
    assert not marker.exists()
