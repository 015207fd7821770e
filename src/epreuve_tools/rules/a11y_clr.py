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
    mentions,
    passages,
    sends_to_look,
    shows_something,
)
from epreuve_tools.rules.a11y_scan import HtmlRef, Tag, scan, tags

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
# what every colour above starts with: the first look at an épreuve (`mentions`)
_COLOUR_STEMS = tuple(sorted({lemma[:5] for lemma in COLOURS.values()}))
_COLOUR_WORDS = frozenset(COLOURS)
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
    """Every place where a colour picks out a thing the learner must find, waivers aside: found
    once per épreuve, for CLR-001, CLR-005 and META-002 in a row (one entry, as `passages`)."""
    last = _LAST_REFERENCES
    if last.epreuve is not epreuve:
        last.epreuve, last.references = epreuve, list(_colour_references(epreuve))
    return iter(last.references)


class _References:
    __slots__ = ("epreuve", "references")

    def __init__(self) -> None:
        self.epreuve: Epreuve | None = None
        self.references: list[ColourReference] = []


_LAST_REFERENCES = _References()


def _colour_references(epreuve: Epreuve) -> Iterator[ColourReference]:
    if not mentions(epreuve, _COLOUR_STEMS):
        return
    sees = None  # whether the épreuve shows anything, asked once and only when needed
    # a passage that names no colour is left at once (C speed), most of them
    for passage in [passage for passage in passages(epreuve) if not passage.keys.isdisjoint(_COLOUR_WORDS)]:
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


# --- CLR-002: colours written in the content ------------------------------------------------------

# The named colours authors write most (CSS Color 4 values); any other name is reported without a ratio
NAMED_COLOURS: dict[str, tuple[int, int, int]] = {
    "black": (0, 0, 0),
    "white": (255, 255, 255),
    "silver": (192, 192, 192),
    "gray": (128, 128, 128),
    "grey": (128, 128, 128),
    "darkgray": (169, 169, 169),
    "darkgrey": (169, 169, 169),
    "lightgray": (211, 211, 211),
    "lightgrey": (211, 211, 211),
    "dimgray": (105, 105, 105),
    "dimgrey": (105, 105, 105),
    "maroon": (128, 0, 0),
    "red": (255, 0, 0),
    "darkred": (139, 0, 0),
    "crimson": (220, 20, 60),
    "tomato": (255, 99, 71),
    "orangered": (255, 69, 0),
    "orange": (255, 165, 0),
    "darkorange": (255, 140, 0),
    "gold": (255, 215, 0),
    "yellow": (255, 255, 0),
    "lightyellow": (255, 255, 224),
    "khaki": (240, 230, 140),
    "olive": (128, 128, 0),
    "lime": (0, 255, 0),
    "green": (0, 128, 0),
    "darkgreen": (0, 100, 0),
    "lightgreen": (144, 238, 144),
    "teal": (0, 128, 128),
    "aqua": (0, 255, 255),
    "cyan": (0, 255, 255),
    "navy": (0, 0, 128),
    "blue": (0, 0, 255),
    "darkblue": (0, 0, 139),
    "royalblue": (65, 105, 225),
    "steelblue": (70, 130, 180),
    "skyblue": (135, 206, 235),
    "lightblue": (173, 216, 230),
    "purple": (128, 0, 128),
    "fuchsia": (255, 0, 255),
    "magenta": (255, 0, 255),
    "violet": (238, 130, 238),
    "indigo": (75, 0, 130),
    "pink": (255, 192, 203),
    "hotpink": (255, 105, 180),
    "salmon": (250, 128, 114),
    "coral": (255, 127, 80),
    "brown": (165, 42, 42),
    "beige": (245, 245, 220),
    "ivory": (255, 255, 240),
}
# WCAG 2.2, 1.4.3: 4.5:1 for text (3:1 for large text, which the source cannot know)
MINIMUM_CONTRAST = 4.5
_HEX = re.compile(r"#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})\b", re.IGNORECASE)
_RGB = re.compile(
    r"rgba?\(\s*([\d.]+%?)\s*[, ]\s*([\d.]+%?)\s*[, ]\s*([\d.]+%?)\s*(?:[,/]\s*([\d.]+%?)\s*)?\)",
    re.IGNORECASE,
)
_FOREGROUND = frozenset(("color",))
_BACKGROUND = frozenset(("background-color", "background", "bgcolor"))


def parse_colour(text: str) -> tuple[int, int, int] | None:
    """An opaque sRGB colour from a CSS value (`#777`, `rgb(0 0 0)`, `navy`), or None: a colour
    with transparency, an unknown name or a keyword (`inherit`) has no ratio of its own."""
    value = text.strip().casefold()
    if value in NAMED_COLOURS:
        return NAMED_COLOURS[value]
    hex_match = _HEX.fullmatch(value)
    if hex_match is not None:
        digits = hex_match.group(1)
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        if len(digits) == 8 and digits[6:] != "ff":
            return None
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
    rgb_match = _RGB.fullmatch(value)
    if rgb_match is not None:
        alpha = rgb_match.group(4)
        if alpha is not None and _channel(alpha, 1.0) < 1.0:
            return None
        channels = tuple(round(_channel(rgb_match.group(i), 255.0)) for i in (1, 2, 3))
        if all(0 <= c <= 255 for c in channels):
            return channels[0], channels[1], channels[2]
    return None


def _channel(text: str, scale: float) -> float:
    return float(text[:-1]) * scale / 100 if text.endswith("%") else float(text)


def relative_luminance(colour: tuple[int, int, int]) -> float:
    """WCAG 2.2 relative luminance of an sRGB colour."""

    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(v) for v in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


class _Colour(NamedTuple):
    value: str  # as written
    offset: int  # in the HTML fragment


def _tag_colours(html: str, tag: Tag) -> tuple[_Colour | None, _Colour | None]:
    """The text and background colours a tag sets (attributes or `style`), with their places."""
    foreground: _Colour | None = None
    background: _Colour | None = None
    for attribute in tag.attributes:
        if attribute.value is None:
            continue
        if attribute.name in ("color", "bgcolor"):
            found = _Colour(attribute.value.strip(), attribute.offset)
            if attribute.name == "color":
                foreground = foreground or found
            else:
                background = background or found
        elif attribute.name == "style":
            for declaration in attribute.value.split(";"):
                name, _, value = declaration.partition(":")
                name = name.strip().casefold()
                if name not in _FOREGROUND | _BACKGROUND or not value.strip():
                    continue
                # `background: #fff url(…)`: its colour is the first word
                value = (
                    value.strip().split()[0] if name == "background" and "(" not in value else value.strip()
                )
                place = html.find(declaration.strip(), attribute.offset)
                found = _Colour(value, place if place >= 0 else attribute.offset)
                if name in _FOREGROUND:
                    foreground = foreground or found
                else:
                    background = background or found
    return foreground, background


def _french(ratio: float) -> str:
    return f"{ratio:.2f}".replace(".", ",")


def _colour_problem(fragment: HtmlRef, tag: Tag) -> Problem | None:
    if tag.name == "mark":
        return Problem(
            fragment.position(tag.offset, tag.length),
            "surlignage <mark> : sa couleur ne dit rien à qui ne la voit pas",
            "dites en mots ce que le surlignage signale, par exemple en **gras** avec un libellé",
        )
    foreground, background = _tag_colours(fragment.html, tag)
    first = min((c for c in (foreground, background) if c is not None), key=lambda c: c.offset, default=None)
    if first is None:
        return None
    where = fragment.position(first.offset, len(first.value))
    hint = "retirez la couleur et dites en mots ce qu'elle signalait ; le thème garantit le contraste"
    fg = parse_colour(foreground.value) if foreground else None
    bg = parse_colour(background.value) if background else None
    if foreground and background and fg and bg:
        ratio = contrast_ratio(fg, bg)
        verdict = (
            f", sous le minimum de {MINIMUM_CONTRAST:g}:1".replace(".", ",")
            if ratio < MINIMUM_CONTRAST
            else ""
        )
        return Problem(
            where,
            f"couleur écrite dans le contenu : texte {foreground.value} sur fond {background.value}, "
            f"contraste {_french(ratio)}:1{verdict}",
            hint,
        )
    written = " sur fond ".join(c.value for c in (foreground, background) if c is not None)
    return Problem(
        where,
        f"couleur écrite dans le contenu ({written}) : l'information qu'elle porte est perdue sans "
        "elle, et son contraste avec le thème (clair ou sombre) n'est pas garanti",
        hint,
    )


@document_rule(
    "A11Y-CLR-002",
    "colour-in-content",
    Severity.ERROR,
    refs="RGAA 3.1, 3.2, 10.5 ; WCAG 1.4.1 (A), 1.4.3 (AA)",
)
def colour_in_content(epreuve: Epreuve) -> Iterator[Problem]:
    """Le contenu fixe une couleur : `style="color:…"`, `<font color>`, `bgcolor`, `<mark>`.

    Pourquoi : une couleur écrite dans l'épreuve porte souvent une information (« en rouge, les
    retards ») perdue pour qui ne la voit pas (RGAA 3.1), et elle ignore le thème : un texte gris
    foncé devient illisible en mode sombre (RGAA 3.2, 10.5). Quand le texte et le fond sont tous
    deux fixés, la règle calcule leur contraste (formule du WCAG, minimum 4,5:1). A11Y-PRS-001
    signale déjà la balise de présentation ; cette règle pointe la couleur elle-même et dit ce
    qu'elle coûte. Une couleur décrite en mots relève de CLR-001.

    Mauvais : `<span style="color:#777; background:#fff">En retard</span>` (contraste 4,48:1).
    Bon : `**En retard** :` suivi du texte, sans couleur.
    """
    for fragment in scan(epreuve).html:
        lowered = fragment.html.casefold()
        if "color" not in lowered and "background" not in lowered and "<mark" not in lowered:
            continue
        for tag in tags(fragment.html):
            problem = _colour_problem(fragment, tag)
            if problem is not None:
                yield problem
