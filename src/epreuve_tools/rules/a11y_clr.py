"""Accessibility of colour (A11Y-CLR): no information by colour alone, and readable colours.

RGAA criteria 3.1 and 3.2, WCAG 1.4.1 and 1.4.3. This module holds CLR-001 (a colour that picks
out what the learner must find, in the instruction or the alternative instruction), CLR-005 (the
same inside a proposal, where it blocks the answer) and CLR-002 (a colour written in the content's
HTML, with its contrast when both colours are known). Colours in images are CLR-003's and CLR-004's,
elsewhere.

`relies_on_colour` is the question the flags-consistency rule (META-002) asks: does the épreuve
send the learner to something by its colour, waived or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.registry import document_rule
from epreuve_tools.rules.a11y_french import (
    PROPOSAL,
    TARGET_NOUNS,
    Passage,
    determined,
    forms,
    passages,
    sends_to_look,
    shows_something,
)

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve


def _lemmas(*groups: tuple[str, ...]) -> dict[str, str]:
    """Every written form of each colour, to its first form: « vertes » → « vert »."""
    return {form.casefold(): group[0] for group in groups for form in group}


# Appendix A of the catalogue, every agreement, extended with the colours authors use
COLOURS = _lemmas(
    ("rouge", "rouges"),
    ("vert", "verte", "verts", "vertes"),
    ("bleu", "bleue", "bleus", "bleues"),
    ("jaune", "jaunes"),
    ("orange", "oranges", "orangé", "orangée", "orangés", "orangées"),
    ("violet", "violette", "violets", "violettes"),
    ("rose", "roses"),
    ("gris", "grise", "grises"),
    ("noir", "noire", "noirs", "noires"),
    ("blanc", "blanche", "blancs", "blanches"),
    ("marron", "marrons"),
    ("turquoise", "turquoises"),
    ("beige", "beiges"),
    ("doré", "dorée", "dorés", "dorées"),
    ("argenté", "argentée", "argentés", "argentées"),
    ("fluo", "fluos", "fluorescent", "fluorescente", "fluorescents", "fluorescentes"),
    ("brun", "brune", "bruns", "brunes"),
    ("mauve", "mauves"),
    ("pourpre", "pourpres"),
    ("cyan", "cyans"),
    ("magenta", "magentas"),
    ("fuchsia", "fuchsias"),
    ("écarlate", "écarlates"),
    ("kaki", "kakis"),
    ("ocre", "ocres"),
    ("bordeaux",),
    ("indigo", "indigos"),
    ("bleuté", "bleutée", "bleutés", "bleutées"),
    ("rougeâtre", "rougeâtres"),
    ("verdâtre", "verdâtres"),
    ("jaunâtre", "jaunâtres"),
)
# What may stand between the thing and its colour: « les cellules surlignées en jaune », « les
# mots écrits en rouge », « la ligne de couleur verte », « les cases sur fond bleu »
_PARTICIPLES = forms(
    *(
        stem + ending
        for stem in (
            "surlign",
            "color",
            "colori",
            "écrit",
            "affich",
            "marqu",
            "entour",
            "indiqu",
            "signal",
            "soulign",
            "encadr",
            "représent",
            "trac",
            "dessin",
            "peint",
            "inscrit",
            "mis",
            "mont",
            "présent",
            "imprim",
            "tap",
            "apparu",
            "repér",
        )
        for ending in ("é", "ée", "és", "ées", "", "e", "s", "es")
    )
)
_LINKS = (
    forms("en", "sur", "fond", "de", "couleur", "qui", "est", "sont", "apparaît", "apparaissent", "s'")
    | forms("affiche", "affichent")
    | _PARTICIPLES
)
_SHADES = forms(
    "clair", "claire", "clairs", "claires", "foncé", "foncée", "foncés", "foncées", "vif", "vive", "pâle"
)
# Verbs that ask the learner to give something a colour: the colour is then named, not perceived
# (« Mettez le titre en rouge », « affichez-les en bleu foncé »)
_APPLY = forms(
    "mettez", "mettre", "passez", "passer", "écrivez", "écrire", "colorez", "colorer", "coloriez",
    "colorier", "affichez", "afficher", "surlignez", "surligner", "soulignez", "souligner", "changez",
    "changer", "modifiez", "modifier", "remplacez", "remplacer", "appliquez", "appliquer", "utiliser",
    "choisir", "imprimer", "imprimez", "écrit", "écrire",
)  # fmt: skip
# Idioms where a colour names no colour to see (appendix A, extended): by noun and colour, « * » for any
_IDIOMS = frozenset(
    (noun, colour)
    for noun, colours in (
        ("carte", ("gris", "bleu", "blanc", "vert")),
        ("numéro", ("vert",)),
        ("feu", ("vert", "rouge", "orange")),
        ("liste", ("rouge", "noir", "blanc", "gris")),
        ("zone", ("blanc", "rouge", "gris", "vert")),
        ("livre", ("blanc", "vert")),
        ("page", ("blanc",)),
        ("feuille", ("blanc",)),
        ("marque", ("blanc",)),
        ("nuit", ("blanc",)),
        ("arme", ("blanc",)),
        ("fil", ("rouge",)),
        ("point", ("noir",)),
        ("boîte", ("noir",)),
        ("trou", ("noir",)),
        ("tableau", ("blanc", "noir")),
        ("écran", ("bleu", "noir", "blanc")),
        ("chapeau", ("blanc", "noir", "gris")),
        ("matière", ("gris",)),
        ("vote", ("blanc",)),
        ("bulletin", ("blanc",)),
        ("examen", ("blanc",)),
        ("espace", ("vert",)),
        ("énergie", ("vert",)),
        ("gilet", ("jaune",)),
        ("page", ("jaune",)),
        ("carton", ("rouge", "jaune")),
        ("col", ("blanc", "bleu")),
        ("salle", ("blanc",)),
        ("drapeau", ("blanc", "rouge")),
        ("ceinture", ("noir",)),
        ("humour", ("noir",)),
        ("marché", ("noir",)),
        ("mouton", ("noir",)),
        ("série", ("noir",)),
        ("bête", ("noir",)),
        ("peur", ("bleu",)),
        ("vin", ("rouge", "blanc", "rose")),
        ("vigilance", ("*",)),
        ("alerte", ("rouge", "orange")),
        ("téléphone", ("rouge",)),
        ("tapis", ("rouge",)),
        ("label", ("vert", "rouge")),
        ("message", ("blanc",)),  # « un message blanc »: an empty message
        ("mariage", ("blanc",)),
        ("houille", ("blanc",)),
    )
    for colour in colours
)
# nouns written in their plural, to their singular: enough for the idioms' nouns
_SINGULAR = re.compile(r"(?<=[^s])s$|x$")


class ColourReference(NamedTuple):
    passage: Passage
    noun: int  # word index of the thing named by its colour
    colour: int  # word index of the colour


def _idiom(noun: str, colour: str) -> bool:
    singular = _SINGULAR.sub("", noun)
    return any((name, lemma) in _IDIOMS for name in (noun, singular) for lemma in (colour, "*"))


def _noun_of(passage: Passage, colour: int) -> int | None:
    """The word the colour at `colour` qualifies, if it is a thing the learner must find."""
    words = passage.words
    index = colour - 1
    linked = False  # reached through « en », a participle…: any noun will do (« les montants en rouge »)
    while index >= 0 and colour - index <= 4 and words[index].key in _LINKS - TARGET_NOUNS:
        linked = linked or words[index].key == "en" or words[index].key in _PARTICIPLES
        index -= 1
    if index < 0:
        return None
    noun = words[index].key
    if noun in TARGET_NOUNS:
        return index
    # a verb is no thing to find (« les afficher en bleu », « vous cliquez en bas »)
    if linked and noun.isalpha() and len(noun) > 2 and not noun.endswith(("ez", "er", "ir")):
        return index
    return None


def colour_references(epreuve: Epreuve) -> Iterator[ColourReference]:
    """Every place where a colour picks out a thing the learner must find, waivers aside."""
    sees = None  # whether the épreuve shows anything, asked once and only when needed
    for passage in passages(epreuve):
        words = passage.words
        for index, word in enumerate(words):
            lemma = COLOURS.get(word.key)
            if lemma is None or passage.is_quoted(word.start):
                continue
            first, last = passage.sentence(index)
            if word.text[:1].isupper() and index > first:
                continue  # « Orange », « Rose »: a company, a first name
            if (
                index + 2 < len(words)
                and words[index + 1].key in ("et", "sur")
                and words[index + 2].key in COLOURS
            ):
                continue  # « noir et blanc », « noir sur blanc »
            if index > 1 and words[index - 1].key in ("et", "sur") and words[index - 2].key in COLOURS:
                continue
            noun = _noun_of(passage, index)
            if noun is None or _idiom(words[noun].key, lemma) or not determined(passage, noun):
                continue
            if any(w.key in _APPLY for w in words[max(first, noun - 4) : noun + 1]):
                continue  # the learner is asked to give the colour, by its name
            if not sends_to_look(passage, first, last):
                if sees is None:
                    sees = shows_something(epreuve)
                if not sees:
                    continue  # nothing to look at: the colour is read, as in a story
            yield ColourReference(passage, noun, index)


def relies_on_colour(epreuve: Epreuve) -> bool:
    """Whether CLR-001 or CLR-005 fires on the épreuve, waived or not (read by META-002)."""
    return next(colour_references(epreuve), None) is not None


def _problem(reference: ColourReference) -> Problem:
    passage, words = reference.passage, reference.passage.words
    thing = passage.text[words[reference.noun].start : words[reference.colour].end]
    if reference.colour + 1 < len(words) and words[reference.colour + 1].key in _SHADES:
        thing = passage.text[words[reference.noun].start : words[reference.colour + 1].end]
    where = "une proposition désigne" if passage.kind == PROPOSAL else "la consigne désigne"
    return Problem(
        passage.span(words[reference.noun].start, words[reference.colour].end),
        f"{where} un élément par sa seule couleur : « {' '.join(thing.split())} »",
        "nommez l'élément autrement que par sa couleur : son libellé entre « », sa position dans "
        "le texte ou son contenu ; si la couleur est l'objet même de l'épreuve, dérogez à la règle "
        "et déclarez `daltonien: KO`",
    )


@document_rule(
    "A11Y-CLR-001", "colour-only-reference", Severity.WARNING, refs="RGAA 3.1 ; WCAG 1.4.1 (A), 1.3.3 (A)"
)
def colour_only_reference(epreuve: Epreuve) -> Iterator[Problem]:
    """La consigne désigne ce qu'il faut trouver par sa seule couleur : « le bouton vert », « les cellules en jaune ».

    Pourquoi : une personne daltonienne ou aveugle ne peut pas trouver « la case rouge » ; la
    couleur peut aider, jamais suffire (RGAA 3.1). La règle lit la consigne et la consigne
    alternative, pas la correction, et ne relève une couleur que si elle désigne une chose montrée :
    un nom précédé de « le », « la », « ce »… (« une ligne rouge » décrit, « la ligne rouge »
    désigne), quand l'épreuve montre quelque chose (image, pièce jointe, contenu intégré) ou que la
    phrase envoie chercher (« Cliquez », « Repérez »). Ne sont pas relevés : une couleur citée entre
    « », une couleur à appliquer (« mettez le titre en rouge »), les expressions (carte grise,
    numéro vert, feu vert, noir et blanc, liste rouge, zone blanche, livre blanc, marque blanche…)
    et les noms propres (« Orange »). Quand la couleur est l'objet même de l'épreuve, une dérogation
    (`a11y.waivers`) la lève, et l'épreuve se déclare `daltonien: KO`.

    Mauvais : `Cliquez sur le bouton vert pour valider.`
    Bon : `Cliquez sur le bouton « Valider ».`
    """
    for reference in colour_references(epreuve):
        if reference.passage.kind != PROPOSAL:
            yield _problem(reference)


@document_rule(
    "A11Y-CLR-005", "colour-only-proposal", Severity.ERROR, refs="RGAA 3.1 ; WCAG 1.4.1 (A), 1.3.3 (A)"
)
def colour_only_proposal(epreuve: Epreuve) -> Iterator[Problem]:
    """Une proposition désigne ce qu'elle vise par sa seule couleur : « La réponse en vert », « Les cellules rouges ».

    Pourquoi : le catalogue fait de CLR-001 une erreur dans une proposition : qui ne perçoit pas la
    couleur ne sait pas ce que la proposition désigne, et ne peut pas répondre. Une règle n'ayant
    qu'une gravité, ce cas prend le numéro libre suivant de la famille (CLR-003 et CLR-004 portent
    sur les images). Les propositions sont les éléments d'une QCU ou d'une QCM et le texte autour
    des champs d'une QROC ou d'une QROCM ; les mêmes exceptions que CLR-001 s'appliquent.

    Mauvais : `- Les cellules surlignées en jaune`
    Bon : `- Les cellules de la colonne « Retard »`
    """
    for reference in colour_references(epreuve):
        if reference.passage.kind == PROPOSAL:
            yield _problem(reference)
