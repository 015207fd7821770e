"""A11Y-FRM-003…010, A11Y-LNK-004…007, A11Y-IMG-006/009/015: what the fixture corpus cannot show alone."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from epreuve_tools.analysis import parse_epreuve
from epreuve_tools.diagnostics import Problem
from epreuve_tools.model import Epreuve
from epreuve_tools.rules import a11y_frm, a11y_img, a11y_lnk
from epreuve_tools.rules.proposals import duplicate_proposal, empty_proposal


def _epreuve(
    body: str, front: str = "", kind: str = "qrocm-ind", answer: str = "{a: [Marseille]}"
) -> Epreuve:
    data = f"---\nid: x-y-z\ntype: {kind}\nanswer: {answer}\n{front}---\n{body}".encode()
    findings, epreuve = parse_epreuve(data)
    assert epreuve is not None, findings
    return epreuve


def _lines(check: Callable[[Epreuve], Iterator[Problem]], epreuve: Epreuve) -> list[tuple[int, int]]:
    return [(problem.span.start.line, problem.span.start.column) for problem in check(epreuve)]


def test_the_label_wins_over_the_text_before_the_field_as_in_mon_pix() -> None:
    # « Ville de départ : » is long enough to label ${a}, but the `§` label is what mon-pix reads
    epreuve = _epreuve("::: propositions\nVille de départ : ${a§Réponse}\n:::\n")
    assert [(n.name, n.from_label) for n in a11y_frm._named(epreuve)] == [("Réponse", True)]
    assert _lines(a11y_frm.generic_blank_label, epreuve) == [(7, 19)]


def test_a_duplicate_label_is_reported_once_at_the_second_field() -> None:
    epreuve = _epreuve(
        "Complétez.\n\n::: propositions\n${a§Ville}\n\n${b§ville !}\n\n${c§Ville}\n:::\n",
        answer="{a: [x], b: [y], c: [z]}",
    )
    problems = list(a11y_frm.duplicate_blank_label(epreuve))
    assert [p.span.start.line for p in problems] == [11, 13]
    assert "(ligne 9)" in problems[0].message
    assert "(ligne 9)" in problems[1].message


@pytest.mark.parametrize(
    ("line", "flagged"),
    [
        ("Ville de naissance : ${a§Commune}", True),
        ("Ville de naissance : ${a§Ville de naissance de l'agent}", False),
        ("Nombre de lignes affichées : ${a§Nombre de lignes de données affichées}", False),  # words in order
        ("Copier : Ctrl + ${a§Lettre pour copier}", False),  # the label stops at its « : »
        ("Date (JJ/MM/AAAA) : ${a§Date}", False),  # an aside in brackets is no label
        ("`https://www.impots.gouv.fr/accueil` : ${a§Adresse 3}", False),  # a value shown, not a label
        ("Ce texte de plus de quarante caractères est une phrase : ${a§Réponse attendue}", False),
        ("Ville de naissance : ${a}", False),  # no `§`: the text is the label
        ("Réponse : ${a§Dossier de destination}", False),  # a generic prompt names nothing
        ("Pour additionner : ${a§Fonction qui additionne}", False),  # small words and word endings
        ("Pour additionner : ${a§Fonction de la somme}", True),
    ],
)
def test_label_in_name(line: str, flagged: bool) -> None:
    epreuve = _epreuve(f"::: propositions\n{line}\n:::\n")
    assert bool(list(a11y_frm.label_not_in_name(epreuve))) is flagged


@pytest.mark.parametrize(
    ("placeholder", "flagged"),
    [
        ("JJ/MM/AAAA", True),
        ("hh:mm", True),
        ("0,00", True),
        ("en euros", True),
        ("ex. : Lyon", True),
        ("Paris", False),
        ("A1", False),
        ("=…", False),
        ("lettre", False),
    ],
)
def test_what_counts_as_a_format_hint(placeholder: str, flagged: bool) -> None:
    epreuve = _epreuve(f"Complétez.\n\n::: propositions\nValeur saisie : ${{a#{placeholder}§Valeur}}\n:::\n")
    assert bool(list(a11y_frm.format_only_in_placeholder(epreuve))) is flagged


def test_a_format_said_in_the_instruction_or_in_words_is_said() -> None:
    said = _epreuve("Date au format JJ/MM/AAAA.\n\n::: propositions\nDate : ${a#JJ/MM/AAAA§Date}\n:::\n")
    assert not list(a11y_frm.format_only_in_placeholder(said))
    in_words = _epreuve("Indiquez les centimes.\n\n::: propositions\nTotal : ${a#0,00§Total}\n:::\n")
    assert not list(a11y_frm.format_only_in_placeholder(in_words))


def test_proposals_already_reported_by_sem_rules_are_not_reported_again() -> None:
    epreuve = _epreuve(
        "Quelles pratiques ?\n\n::: propositions\n- Oui\n- oui\n-\n- OUI !\n:::\n",
        kind="qcm",
        answer="[1, 2]",
    )
    assert _lines(duplicate_proposal, epreuve) == [(10, 1)]  # « oui »: SEM-008
    assert _lines(empty_proposal, epreuve) == [(11, 1)]  # SEM-007
    # « OUI ! » differs from « Oui » by its punctuation only: SEM-008 misses it, A11Y-FRM-008 says it
    assert _lines(a11y_frm.unreadable_proposal, epreuve) == [(12, 1)]


@pytest.mark.parametrize(
    ("proposal", "flagged"),
    [
        ("👍", True),
        ("✅ ❌", True),
        ("**  **", True),
        ("<b></b>", True),
        ("D'accord 👍", False),
        ("<", False),
        ("![Cadenas](cadenas.png)", False),
        ("![](cadenas.png)", False),
        ("42", False),
    ],
)
def test_proposals_without_words(proposal: str, flagged: bool) -> None:
    epreuve = _epreuve(
        f"Quelles pratiques ?\n\n::: propositions\n- Une réponse\n- {proposal}\n:::\n",
        kind="qcm",
        answer="[1, 2]",
    )
    assert bool(list(a11y_frm.unreadable_proposal(epreuve))) is flagged


def test_select_rules_read_the_options_as_a_screen_reader_does() -> None:
    epreuve = _epreuve(
        'Choisissez.\n\n::: propositions\nFormat du fichier : ${a§Format options=["Sélectionnez", "PDF", "pdf."]}\n:::\n'
    )
    messages = [p.message for p in a11y_frm.select_options(epreuve)]
    assert len(messages) == 2
    assert "première option" in messages[0]
    assert "options 2 et 3" in messages[1]


@pytest.mark.parametrize(
    ("instruction", "flagged"),
    [
        ("Quelle pratique adoptez-vous ?", True),
        ("Quelles pratiques adoptez-vous ?", False),
        ("Cochez les bonnes réponses.", False),
        ("Plusieurs réponses sont possibles.", False),
        ("Lesquels sont sûrs ?", False),
        ("Que faites-vous ?", True),
    ],
)
def test_qcm_instruction_says_several_answers(instruction: str, flagged: bool) -> None:
    epreuve = _epreuve(f"{instruction}\n\n::: propositions\n- Un\n- Deux\n:::\n", kind="qcm", answer="[1, 2]")
    assert bool(list(a11y_frm.qcm_not_announced(epreuve))) is flagged
    qcu = _epreuve(f"{instruction}\n\n::: propositions\n- Un\n- Deux\n:::\n", kind="qcu", answer="1")
    assert not list(a11y_frm.qcm_not_announced(qcu))


HOSTILE_BODIES = [
    '::: propositions\n${a§}${b#}${c§ options=[""]}\n:::\n',
    "::: propositions\n- ![\n- [](\n- <img\n- &#0;\n- ```\n:::\n",
    "::: propositions\n" + "${a§x} " * 200 + "\n:::\n",
    "\u200b\n::: propositions\n:::\n",
    '[a](b "t") [a](c) <a target=_blank href=x>y</a> ![Image de x](y)\n',
]


@pytest.mark.parametrize("body", HOSTILE_BODIES)
@pytest.mark.parametrize("kind", ["qcm", "qrocm-ind"])
def test_no_rule_of_these_families_fails_on_hostile_input(body: str, kind: str) -> None:
    from epreuve_tools.rules import REGISTRY

    epreuve = _epreuve(body, kind=kind, answer="[1, 2]" if kind == "qcm" else "{a: [x]}")
    for code, rule in REGISTRY.items():
        if code.startswith(("A11Y-FRM", "A11Y-LNK", "A11Y-IMG")) and rule.document_check is not None:
            list(rule.document_check(epreuve))


ATTACHMENT = 'attachments:\n  - src: fichiers/{src}\n    title: "{title}"\n'


@pytest.mark.parametrize(
    ("src", "title", "message"),
    [
        ("budget.ods", "Budget du club (classeur ODS, 56 Ko)", None),
        ("budget.ods", "Budget du club (classeur OpenDocument, 1,2 Mo)", None),
        ("budget.ods", "Budget du club", "son format (ODS) ni sa taille"),
        ("budget.ods", "Budget du club (ODS)", "sa taille"),
        ("budget.ods", "Budget du club (PDF, 56 Ko)", "il annonce « PDF », le fichier est un ODS"),
        ("notice.PDF", "Notice (PDF, 6 Ko)", None),  # the extension in capitals is the same format
        ("photo.png", "Photo du hall", None),  # an image is no document to download
        ("archive", "Archive du service", None),  # no extension: nothing to compare with
    ],
)
def test_attachments_announce_their_format_and_size(src: str, title: str, message: str | None) -> None:
    epreuve = _epreuve("Lisez le fichier joint.\n", front=ATTACHMENT.format(src=src, title=title))
    problems = list(a11y_lnk.file_link_format_size(epreuve))
    if message is None:
        assert problems == []
    else:
        assert len(problems) == 1
        assert message in problems[0].message
        assert problems[0].span.start.line == 7  # the attachment's title


def test_an_attachment_and_a_body_link_with_one_name_and_two_targets() -> None:
    epreuve = _epreuve(
        "Lisez le [budget du club](https://a.fr/budget.ods).\n",
        front=ATTACHMENT.format(src="budget.ods", title="Budget du club"),
    )
    problems = list(a11y_lnk.same_text_other_target(epreuve))
    assert [p.span.start.line for p in problems] == [7]


def test_a_new_window_is_found_in_the_text_of_an_inline_html_link() -> None:
    said = _epreuve('Voir <a href="https://a.fr" target="_blank">le site A (nouvel onglet)</a>.\n')
    assert not list(a11y_lnk.new_window_not_announced(said))
    unsaid = _epreuve('Voir <a href="https://a.fr" target="_blank">le site A</a>. Nouvel onglet</a>\n')
    assert _lines(a11y_lnk.new_window_not_announced, unsaid) == [(6, 6)]
    titled = _epreuve('Voir <a target=_blank title="Site A, nouvelle fenêtre" href="https://a.fr">A</a>.\n')
    assert not list(a11y_lnk.new_window_not_announced(titled))
    block = _epreuve('<p><a href="https://a.fr" target="_blank">\nle site A\n</a></p>\n')
    assert _lines(a11y_lnk.new_window_not_announced, block) == [(6, 4)]


def test_the_scan_keeps_a_link_title_and_its_paragraph() -> None:
    from epreuve_tools.rules.a11y_scan import scan

    epreuve = _epreuve('Le [budget](b.ods "Budget 2025") (ODS, 5 Ko) et [ici](c).\n\nAutre.\n')
    links = scan(epreuve).links
    assert [(link.title, link.paragraph) for link in links] == [
        ("Budget 2025", "Le budget (ODS, 5 Ko) et ici."),
        ("", "Le budget (ODS, 5 Ko) et ici."),
    ]


@pytest.mark.parametrize(
    ("alt", "flagged"),
    [
        ("Image d'un tableur, colonne A sélectionnée", True),
        ("Photo de la salle de réunion", True),
        ("Illustration représentant un cadenas ouvert", True),
        ("Picture of an open padlock", True),
        ("Image 1 de l'épreuve : agenda de la semaine", False),  # an image-test names itself so
        ("Capture d'écran du tableur, colonne A sélectionnée", False),  # a suggestion at most
        ("Image de", False),  # nothing after it: a generic alt, A11Y-IMG-005's
        ("Imagerie médicale : radio du poignet", False),
    ],
)
def test_redundant_alt_prefixes(alt: str, flagged: bool) -> None:
    epreuve = _epreuve(f"Voir ![{alt}](x.png).\n")
    assert bool(list(a11y_img.redundant_alt_prefix(epreuve))) is flagged


@pytest.mark.parametrize(
    ("alt", "complex_kind"),
    [
        ("Graphique des effectifs", True),
        ("Capture d'écran d'un tableau de suivi", True),
        ("Extrait du plan du premier étage", True),
        ("Note avec un organigramme du service en bas", True),
        ("Schéma : postes et serveur", True),
        ("Carte bancaire posée sur un clavier", False),
        ("Partage du tableau : toute personne peut consulter", False),
        ("Explorateur ouvert sur le dossier 2025 et son arborescence", False),
        ("Tableur : C2 sélectionnée", False),
    ],
)
def test_complex_images_are_recognised_by_their_kind(alt: str, complex_kind: bool) -> None:
    assert a11y_img._complex_kind(alt) is complex_kind


def test_a_long_description_or_an_alternative_instruction_describes_a_complex_image() -> None:
    illustration = 'illustration:\n  src: g.png\n  alt: "Graphique des effectifs"\n'
    assert list(a11y_img.complex_image_without_description(_epreuve("Voir.\n", front=illustration)))
    described = illustration + '  description: "A : 120 ; B : 95."\n'
    assert not list(a11y_img.complex_image_without_description(_epreuve("Voir.\n", front=described)))
    alternative = illustration + 'alternative_instruction: "A compte 120 agents, B 95."\n'
    assert not list(a11y_img.complex_image_without_description(_epreuve("Voir.\n", front=alternative)))
    image_test = illustration + "  role: test\n"
    assert not list(a11y_img.complex_image_without_description(_epreuve("Voir.\n", front=image_test)))
    # a body image cannot have a `description`: the illustration's does not describe it
    body = _epreuve("Voir ![Graphique des ventes](v.png).\n", front=described)
    assert _lines(a11y_img.complex_image_without_description, body) == [(10, 6)]


def test_the_preview_renders_a_legend_as_the_caption_of_its_figure(tmp_path: Path) -> None:
    from epreuve_tools.preview.pages import EpreuveEntry, Site, learner_page

    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "plan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    front = (
        'illustration:\n  src: images/plan.png\n  alt: "Accueil à gauche de l\'entrée"\n'
        '  legend: "Plan du <premier> étage"\n'
    )
    page = learner_page(
        EpreuveEntry("x.md", _epreuve("Où est l'accueil ?\n", front=front)), str(tmp_path), Site()
    )
    figure = page[page.index("<figure") : page.index("</figure>")]
    assert 'role="figure" aria-label="Plan du &lt;premier&gt; étage"' in figure
    assert 'alt="Accueil à gauche de l&#x27;entrée"' in figure
    assert "<figcaption>Plan du &lt;premier&gt; étage</figcaption>" in figure
    # without a legend, the figure stays as it was: no caption, no name
    bare = learner_page(
        EpreuveEntry("x.md", _epreuve("Où ?\n", front=front.rsplit("  legend", 1)[0])), str(tmp_path), Site()
    )
    assert "<figure><img" in bare
    assert "figcaption" not in bare
