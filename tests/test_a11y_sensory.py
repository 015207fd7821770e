"""Sensory characteristics and colour (A11Y-SNS, A11Y-CLR): French reading, exceptions, contrast."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from epreuve_tools.analysis import parse_epreuve
from epreuve_tools.diagnostics import Problem
from epreuve_tools.model import Epreuve
from epreuve_tools.rules.a11y_clr import (
    colour_in_content,
    colour_only_proposal,
    colour_only_reference,
    contrast_ratio,
    parse_colour,
    relies_on_colour,
)
from epreuve_tools.rules.a11y_sns import (
    above_not_in_reading_order,
    position_only_reference,
    proposal_refers_to_order,
    proposal_refers_to_order_unshuffled,
    shape_only_reference,
    sound_only_cue,
)

ILLUSTRATION = "illustration:\n  src: images/tableau.png\n  alt: Tableau de suivi des dossiers\n"
PROPOSALS = "\n\n::: propositions\n- Oui\n- Non\n:::\n"


def _epreuve(body: str, front: str = "", kind: str = "qcu") -> Epreuve:
    answer = "1" if kind == "qcu" else "[1, 2]"
    data = f"---\nid: x-y-z\ntype: {kind}\nanswer: {answer}\n{front}---\n{body}".encode()
    findings, epreuve = parse_epreuve(data)
    assert epreuve is not None, findings
    return epreuve


def _colour_texts(epreuve: Epreuve) -> list[str]:
    return [problem.message.split("« ")[1].rstrip(" »") for problem in colour_only_reference(epreuve)]


@pytest.mark.parametrize(
    ("instruction", "found"),
    [
        ("Cliquez sur le bouton vert pour valider.", "bouton vert"),
        ("Quelle est la valeur de la cellule en jaune ?", "cellule en jaune"),
        ("Quelle est la somme des cellules surlignées en jaune ?", "cellules surlignées en jaune"),
        ("Dans le tableau, les lignes rouges signalent un retard. Lesquelles ?", "lignes rouges"),
        ("Repérez l’icône verte.", "icône verte"),
        ("Combien de cases sur fond bleu clair voyez-vous ?", None),  # « des »/no article: describes
        ("Que contiennent ces cellules bleu foncé ?", "cellules bleu foncé"),  # a compound stays singular
    ],
)
def test_colour_that_picks_out_a_thing_shown(instruction: str, found: str | None) -> None:
    texts = _colour_texts(_epreuve(instruction + PROPOSALS, ILLUSTRATION))
    assert texts == ([found] if found else [])


@pytest.mark.parametrize(
    "instruction",
    [
        "Mettez le titre en rouge.",  # a colour to apply, named
        "Votre cheffe vous demande de les afficher en bleu foncé.",
        "Les dossiers en retard sont signalés par une ligne colorée en rouge.",  # « une »: describes
        "Vous recevez votre carte grise et appelez le numéro vert.",
        "Imprimez le document en noir et blanc, pas sur la liste rouge ni en zone blanche.",
        "Cliquez sur le lien « les chiffres en rouge sont en baisse ».",  # quoted: mentioned, not used
        "Le forfait de l'opérateur Orange est-il le moins cher ?",
        "Donnez le feu vert au projet du livre blanc en marque blanche.",
    ],
)
def test_colour_named_but_not_relied_on(instruction: str) -> None:
    assert _colour_texts(_epreuve(instruction + PROPOSALS, ILLUSTRATION)) == []


def test_colour_in_a_story_without_anything_to_see_is_read_not_seen() -> None:
    story = "Dans le tableau de suivi, les lignes rouges signalent un retard. Est-ce accessible ?"
    assert not relies_on_colour(_epreuve(story + PROPOSALS))
    # the same sentence sends the learner to look: the colour is on their screen
    assert relies_on_colour(_epreuve("Cliquez sur le bouton rouge." + PROPOSALS))


def test_colour_in_a_proposal_is_the_error_code_and_relies_on_colour() -> None:
    epreuve = _epreuve(
        "Quelles lignes sont en retard ?\n\n::: propositions\n- Les lignes rouges\n- Cellules bleues\n"
        "- Les lignes du service RH\n:::\n",
        ILLUSTRATION,
        kind="qcm",
    )
    assert list(colour_only_reference(epreuve)) == []
    spans = [(p.span.start.line, p.span.start.column) for p in colour_only_proposal(epreuve)]
    assert spans == [(12, 7), (13, 3)]
    assert relies_on_colour(epreuve)


def test_colour_in_the_alternative_instruction_is_read_at_its_own_line() -> None:
    front = (
        ILLUSTRATION
        + "alternative_instruction: |\n  Le tableau liste douze dossiers.\n  Cochez les cellules en jaune.\n"
    )
    problems = list(colour_only_reference(_epreuve("Quels dossiers ?" + PROPOSALS, front)))
    assert [(p.span.start.line, p.span.start.column) for p in problems] == [(10, 14)]


# --- CLR-002 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("foreground", "background", "ratio"),
    [
        ("black", "white", 21.0),
        ("#fff", "#ffffff", 1.0),
        ("#777", "#fff", 4.48),  # just under AA
        ("#767676", "white", 4.54),  # the lightest grey that passes on white
        ("#7f7f7f", "#171717", 4.48),  # mkdocs-material's footer: axe truncates it to 4.47 (catalogue §6.5)
        ("red", "white", 4.0),
        ("rgb(0, 0, 255)", "rgb(255 255 255)", 8.59),
    ],
)
def test_contrast_ratio_matches_known_pairs(foreground: str, background: str, ratio: float) -> None:
    first, second = parse_colour(foreground), parse_colour(background)
    assert first is not None
    assert second is not None
    assert round(contrast_ratio(first, second), 2) == ratio
    assert contrast_ratio(first, second) == contrast_ratio(second, first)


@pytest.mark.parametrize(
    "value", ["#77777780", "rgba(0, 0, 0, 0.5)", "inherit", "bleu", "#12", "rgb(300, 0, 0)"]
)
def test_a_colour_without_its_own_ratio_is_none(value: str) -> None:
    assert parse_colour(value) is None


def test_colour_in_content_gives_the_ratio_when_both_colours_are_known() -> None:
    body = (
        'Avis : <span style="color: #777; background-color: #fff">verrouillé</span> et '
        '<font color="navy">ouvert</font>.' + PROPOSALS
    )
    problems = list(colour_in_content(_epreuve(body)))
    assert [(p.span.start.line, p.span.start.column) for p in problems] == [
        (6, 21),
        (6, 85),
    ]  # at the declaration, not the tag (PRS-001's place)
    assert "contraste 4,48:1, sous le minimum de 4,5:1" in problems[0].message
    assert "navy" in problems[1].message
    assert "contraste" in problems[1].message
    assert list(colour_in_content(_epreuve('<span style="font-weight:bold">x</span>' + PROPOSALS))) == []


# --- SNS -------------------------------------------------------------------------------------------

EMBED = 'embed:\n  url: "https://simulateurs.exemple.fr/a"\n  title: "Minuteur de la messagerie"\n'


def _found(rule: Callable[[Epreuve], Iterator[Problem]], epreuve: Epreuve) -> list[str]:
    return [problem.message.split("« ", 1)[1].rsplit(" »", 1)[0] for problem in rule(epreuve)]


@pytest.mark.parametrize(
    ("instruction", "front", "found"),
    [
        ("Cliquez sur l'icône en haut à droite.", "", ["en haut à droite"]),
        ("Quel est le premier choix du menu de droite ?", ILLUSTRATION, ["de droite"]),
        ("Regardez l'image ci-contre.", ILLUSTRATION, ["ci-contre"]),
        ("Quel est le premier choix du menu de droite ?", "", []),  # nothing shown: told
        ("Cliquez sur l'icône « Paramètres », en haut à droite.", "", []),
        ("Cliquez sur le bouton Valider en bas à droite.", "", []),
        ("Cliquez sur **Envoyer**, en bas de la fenêtre.", "", []),
        ("Recopiez la formule de la cellule C3, juste en dessous.", "", []),
        ("Cliquez à droite de la cellule de la formule.", "", []),  # relative to a thing
        ("Un chemin se lit de gauche à droite : lisez-le.", ILLUSTRATION, []),
        ("Une mention en bas de page précise le prix.", ILLUSTRATION, []),  # « une »: describes
    ],
)
def test_position_only_reference(instruction: str, front: str, found: list[str]) -> None:
    assert _found(position_only_reference, _epreuve(instruction + PROPOSALS, front)) == found


@pytest.mark.parametrize(
    ("instruction", "found"),
    [
        ("Cliquez sur le petit bouton rond.", ["petit bouton rond"]),
        ("Cliquez sur l'icône en forme de loupe.", ["icône en forme de loupe"]),
        ("Cliquez sur le carré.", ["carré"]),
        ("Cliquez sur la plus grande icône.", ["plus grande icône"]),
        ("Cliquez sur la plus grande valeur, élevée au carré.", []),  # a number is no shape
        ("Appuyez sur la flèche vers le bas, puis sur la flèche de retour.", []),  # keys and controls
        ("Cliquez sur le bouton rond « Enregistrer ».", []),
    ],
)
def test_shape_only_reference(instruction: str, found: list[str]) -> None:
    assert _found(shape_only_reference, _epreuve(instruction + PROPOSALS)) == found


def test_sound_only_cue_needs_a_sound_and_no_visible_double() -> None:
    assert _found(sound_only_cue, _epreuve("Au signal sonore, cliquez sur Stop." + PROPOSALS, EMBED)) == [
        "Au signal sonore"
    ]
    assert _found(sound_only_cue, _epreuve("Au signal sonore, cliquez sur Stop." + PROPOSALS)) == []
    shown = "Au signal sonore, quand le message « Fin » s'affiche, cliquez sur Stop."
    assert _found(sound_only_cue, _epreuve(shown + PROPOSALS, EMBED)) == []
    story = "Quand vous entendez l'alarme incendie, que faites-vous ?"
    assert _found(sound_only_cue, _epreuve(story + PROPOSALS, EMBED)) == []
    act = "Quand vous entendez le bip, cliquez sur Stop."
    assert _found(sound_only_cue, _epreuve(act + PROPOSALS, EMBED)) == ["Quand vous entendez"]


ORDERED = (
    "Lesquels ?\n\n::: propositions\n- Toutes les réponses ci-dessus\n- Aucune de ces propositions\n"
    "- A et B\n- Les réponses 1 et 3\n- La première ligne du tableau\n- Les réponses du support\n:::\n"
)


def test_proposals_that_refer_to_the_others_by_order() -> None:
    shuffled = _epreuve(ORDERED, kind="qcm")
    assert _found(proposal_refers_to_order, shuffled) == [
        "réponses ci-dessus",
        "ces propositions",
        "A et B",
        "réponses 1 et 3",
    ]
    assert list(proposal_refers_to_order_unshuffled(shuffled)) == []
    kept = _epreuve(ORDERED, "shuffle: false\n", kind="qcm")
    assert list(proposal_refers_to_order(kept)) == []
    assert len(list(proposal_refers_to_order_unshuffled(kept))) == 4
    # a QROC has no proposals to shuffle
    assert (
        list(
            proposal_refers_to_order(_epreuve("Quoi ?\n\n::: propositions\nRéponses ci-dessus : ${a}\n:::\n"))
        )
        == []
    )


def test_above_is_reported_only_when_nothing_is_above() -> None:
    assert (
        len(list(above_not_in_reading_order(_epreuve("Dans le tableau ci-dessus, quoi ?" + PROPOSALS)))) == 1
    )
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n\nDans le tableau ci-dessus, quoi ?"
    assert list(above_not_in_reading_order(_epreuve(table + PROPOSALS))) == []
    assert list(above_not_in_reading_order(_epreuve("Dans le tableau ci-dessous, quoi ?" + PROPOSALS))) == []


def test_hostile_text_never_breaks_the_reading() -> None:
    for body in ("«««", "**", "`", "${", "l'", "’", "ci-dessus" * 3, "\n\n", "« en haut »", "- - -"):
        epreuve = _epreuve(body + PROPOSALS)
        for rule in (
            colour_only_reference,
            colour_only_proposal,
            colour_in_content,
            position_only_reference,
            shape_only_reference,
            sound_only_cue,
            proposal_refers_to_order,
            above_not_in_reading_order,
        ):
            list(rule(epreuve))
