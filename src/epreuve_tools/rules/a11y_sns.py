"""Accessibility of sensory characteristics (A11Y-SNS): no instruction by position, shape or sound alone.

RGAA criterion 10.9, WCAG 1.3.3 (and 1.3.2 for the order of proposals). W3C's ACT rule 9bd38c
(« Content has alternative for visual reference ») gives the two ways out this module models: a
reference is fine when it also names its target (a label in « », a `**gras**` UI name, `code`, a
cell « C3 », « le bouton Valider »), or when it carries no sensory meaning (« une ligne colorée »
in a story, « de gauche à droite »). As for colour (`a11y_clr`), a place or a shape is only
reported when it points at a thing shown to the learner: a noun after « le », « la », « ce »…
in an épreuve that shows something, or in a sentence that sends the learner to look
(« Cliquez », « Repérez »). Sound is only reported when the épreuve has a sound to hear.

Codes: SNS-001 position, SNS-002 shape or size, SNS-003 sound, SNS-004 a proposal that points at
the others by their order while they are shuffled (SNS-006 when they are not), SNS-005 « ci-dessus »
where nothing is above in reading order (the catalogue makes « ci-dessus/ci-dessous » an info).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.kinds import EpreuveType
from epreuve_tools.registry import document_rule
from epreuve_tools.rules.a11y_french import (
    INSTRUCTION,
    PROPOSAL,
    TARGET_NOUNS,
    Passage,
    determined,
    forms,
    mentions,
    passages,
    sends_to_look,
    shows_something,
    shuffled,
)

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve


class Reference(NamedTuple):
    passage: Passage
    first: int  # word indexes of the reference, `last` excluded
    last: int


def _text(reference: Reference) -> str:
    words = reference.passage.words
    return " ".join(
        reference.passage.text[words[reference.first].start : words[reference.last - 1].end].split()
    )


def _span(reference: Reference) -> tuple[int, int]:
    words = reference.passage.words
    return words[reference.first].start, words[reference.last - 1].end


def _keys(passage: Passage, index: int, count: int) -> tuple[str, ...]:
    return tuple(word.key for word in passage.words[index : index + count])


# --- SNS-001: position ---------------------------------------------------------------------------

_SIDES = forms("gauche", "droite")
_HEIGHTS = forms("haut", "bas")
_OF = forms("de", "du", "des", "d'")
# a place relative to one of these is still a place on the screen (« en bas de la page »); relative
# to anything else it is relative to a thing the reader can find (« à droite de la cellule B2 »)
_SCREEN = forms("page", "écran", "fenêtre", "diapositive", "document", "feuille", "interface", "application")
_EDGES = forms("supérieur", "supérieure", "inférieur", "inférieure", "gauche", "droit", "droite")
_EDGE_NOUNS = forms("partie", "coin", "angle", "moitié", "volet", "marge", "bord", "côté")
# « de gauche à droite », « de haut en bas », « à droite et à gauche »: a direction, not a place
_DIRECTIONS = (
    ("de", "gauche", "à", "droite"),
    ("de", "droite", "à", "gauche"),
    ("de", "haut", "en", "bas"),
    ("de", "bas", "en", "haut"),
    ("d'", "en", "haut"),
    ("en", "haut", "lieu"),
)
_BEFORE_PLACE = forms(
    "situé", "située", "situés", "situées", "placé", "placée", "placés", "placées", "affiché", "affichée",
    "affichés", "affichées", "qui", "se", "s'", "trouve", "trouvent", "est", "sont", "apparaît",
    "apparaissent", "juste", "tout", "présent", "présente", "présents", "présentes", "là",
)  # fmt: skip


def _place_length(passage: Passage, index: int) -> int:
    """How many words a place expression starting at word `index` takes, or 0."""
    key = passage.words[index].key
    two = _keys(passage, index, 2)
    if key in ("ci-contre",):
        return 1
    if key in ("au-dessus", "au-dessous", "en-dessous") or two == ("en", "dessous"):
        return 0 if _relative(passage, index + (2 if key == "en" else 1)) else (2 if key == "en" else 1)
    if len(two) < 2:
        return 0
    if (key == "à" and two[1] in _SIDES) or (key == "en" and two[1] in _HEIGHTS):
        return 0 if _relative(passage, index + 2) else 2
    if two == ("à", "côté"):
        return 0 if _relative(passage, index + 2) else 2
    if key in ("dans",) and _keys(passage, index + 1, 2) in (("le", "coin"), ("l'", "angle")):
        return 3
    if key == "sur" and _keys(passage, index + 1, 2) in (("la", "gauche"), ("la", "droite")):
        return 3
    if key in ("de", "du") and two[1] in _SIDES | _HEIGHTS and index > 0:
        # « la colonne de gauche », « le bouton du haut », right after the thing
        return 2 if passage.words[index - 1].key in TARGET_NOUNS else 0
    if key in _EDGE_NOUNS and two[1] in _EDGES:
        return 2
    return 0


def _relative(passage: Passage, after: int) -> bool:
    """Whether the place is given relative to a thing (« à droite de la cellule B2 »), not the screen."""
    words = passage.words
    if after >= len(words) or words[after].key not in _OF:
        return False
    index = after + 1
    while index < len(words) and words[index].key in forms("la", "l'", "le", "chaque", "cette", "votre"):
        index += 1
    return index < len(words) and words[index].key not in _SCREEN


def _direction(passage: Passage, index: int) -> bool:
    for direction in _DIRECTIONS:
        for shift in range(len(direction)):
            start = index - shift
            if start >= 0 and _keys(passage, start, len(direction)) == direction:
                return True
    return False


def _thing_before(passage: Passage, index: int, links: frozenset[str]) -> int | None:
    """The thing a place or a shape qualifies: the target noun just before word `index`."""
    position = index - 1
    while position >= 0 and index - position <= 4 and passage.words[position].key in links:
        position -= 1
    if position >= 0 and passage.words[position].key in TARGET_NOUNS and determined(passage, position):
        return position
    return None


def _points_at_something(epreuve: Epreuve, passage: Passage, reference: Reference, thing: int | None) -> bool:
    """The shared test of SNS-001 and SNS-002: a designated thing shown, or a sentence that sends to look."""
    first, last = passage.sentence(reference.first)
    if passage.is_quoted(passage.words[reference.first].start) or passage.names_a_target(first, last):
        return False
    if sends_to_look(passage, first, last):
        return True
    return thing is not None and shows_something(epreuve)


# a place expression holds one of these words (`_place_length`): a passage without any has none
_PLACE_WORDS = (
    forms("ci-contre", "au-dessus", "au-dessous", "en-dessous", "dessous", "côté", "coin", "angle")
    | _SIDES
    | _HEIGHTS
    | _EDGES
)

_PLACE_STEMS = (
    "gauche", "droit", "haut", "en bas", "du bas", "coin", "angle", "ci-contre", "côté", "dessus",
    "dessous", "supérieur", "inférieur",
)  # fmt: skip


def place_references(epreuve: Epreuve) -> Iterator[Reference]:
    """Every place expression that points at a thing the learner must find (SNS-001)."""
    if not mentions(epreuve, _PLACE_STEMS):
        return
    for passage in passages(epreuve):
        if passage.keys.isdisjoint(_PLACE_WORDS):
            continue
        index = 0
        while index < len(passage.words):
            length = _place_length(passage, index)
            if not length or _direction(passage, index):
                index += 1
                continue
            end = index + length
            while end < len(passage.words) and (more := _place_length(passage, end)):
                end += more  # « en haut » + « à droite »: one place
            reference = Reference(passage, index, end)
            thing = _thing_before(passage, index, _BEFORE_PLACE)
            if _points_at_something(epreuve, passage, reference, thing):
                yield reference
            index = end


@document_rule("A11Y-SNS-001", "position-only-reference", Severity.WARNING, refs="RGAA 10.9 ; WCAG 1.3.3 (A)")
def position_only_reference(epreuve: Epreuve) -> Iterator[Problem]:
    """La consigne désigne ce qu'il faut trouver par sa seule place : « le bouton en haut à droite », « la colonne de gauche ».

    Pourquoi : un lecteur d'écran lit la page dans l'ordre, sans haut ni droite ; un zoom ou un
    petit écran déplace ce qui était « à droite » (RGAA 10.9). Une place aide, à condition de
    nommer aussi la chose : son libellé entre « », son nom d'interface en **gras**, en `code`, une
    cellule (« C3 ») ou un nom (« le bouton Valider »). La règle lit la consigne, les propositions
    et la consigne alternative, et ne relève une place que si la phrase envoie chercher
    (« Cliquez », « Repérez ») ou si elle situe une chose désignée (« le menu de droite ») d'une
    épreuve qui montre quelque chose. Une place relative à une chose (« à droite de la cellule »)
    et une direction (« de gauche à droite ») ne sont pas relevées ; « ci-dessus » et « ci-dessous »
    suivent l'ordre de lecture (voir A11Y-SNS-005).

    Mauvais : `Cliquez sur l'icône en haut à droite.`
    Bon : `Cliquez sur l'icône « Paramètres », en haut à droite.`
    """
    for reference in place_references(epreuve):
        yield Problem(
            reference.passage.span(*_span(reference)),
            f"la place seule désigne ce qu'il faut trouver : « {_text(reference)} »",
            "nommez aussi la chose : son libellé entre « » ou en **gras** (« l'icône « Paramètres », "
            "en haut à droite »)",
        )


# --- SNS-002: shape and size ---------------------------------------------------------------------

_SHAPE_ADJECTIVES = forms(
    "rond", "ronde", "ronds", "rondes", "carré", "carrée", "carrés", "carrées", "triangulaire",
    "triangulaires", "circulaire", "circulaires", "rectangulaire", "rectangulaires", "ovale", "ovales",
    "arrondi", "arrondie", "arrondis", "arrondies",
)  # fmt: skip
_SHAPE_NOUNS = forms(
    "cercle", "cercles", "carré", "carrés", "triangle", "triangles", "losange", "losanges", "étoile",
    "étoiles", "rond", "ronds", "rectangle", "rectangles", "flèche", "flèches",
)  # fmt: skip
_SIZES = forms(
    "petit",
    "petite",
    "petits",
    "petites",
    "grand",
    "grande",
    "grands",
    "grandes",
    "gros",
    "grosse",
    "grosses",
)
# things whose size is a way to find them; « la plus grande valeur » is a number, not a shape
_SIZED = forms(
    "bouton", "boutons", "icône", "icônes", "icone", "icones", "flèche", "flèches", "case", "cases",
    "cadre", "cadres", "encadré", "encadrés", "cercle", "cercles", "carré", "carrés", "pastille",
    "pastilles", "symbole", "symboles", "logo", "logos", "pictogramme", "pictogrammes", "picto",
    "pictos", "rond", "ronds", "triangle", "triangles", "étoile", "étoiles", "losange", "losanges",
    "rectangle", "rectangles", "forme", "formes", "vignette", "vignettes", "tuile", "tuiles",
    "bulle", "bulles", "point", "points", "zone", "zones",
)  # fmt: skip
_SHAPE_LINKS = forms("en", "de", "forme", "qui", "est", "sont", "a", "ont", "la")


def _shape_at(passage: Passage, index: int) -> tuple[int, int | None]:
    """(length, thing) of a shape or size reference at word `index`: 0 when there is none."""
    words = passage.words
    key = words[index].key
    if key in _SHAPE_ADJECTIVES and index > 0 and words[index - 1].key not in forms("au", "mètre", "mètres"):
        thing = _thing_before(passage, index, _SHAPE_LINKS)
        if thing is not None and words[thing].key not in _SHAPE_NOUNS | {"au"}:
            return 1, thing
    if _keys(passage, index, 3) in (("en", "forme", "de"), ("en", "forme", "d'")):
        return min(4, len(words) - index), _thing_before(passage, index, forms())  # with the shape named
    if (
        key in _SIZES
        and index + 1 < len(words)
        and words[index + 1].key in _SIZED
        and determined(passage, index + 1)
    ):
        return 2, index + 1
    if _keys(passage, index, 2) in {("plus", size) for size in _SIZES} and index + 2 < len(words):
        after, before = index + 2, index - 2
        if words[after].key in _SIZED and determined(passage, after):
            return 3, after
        if before >= 0 and words[before].key in _SIZED and determined(passage, before):
            return 2, before
    if key in _SHAPE_NOUNS and determined(passage, index):
        previous = words[index - 1].key if index > 0 else ""
        following = words[index + 1] if index + 1 < len(words) else None
        # « au carré »: squared; « la flèche de retour », « la flèche vers le bas »: a named key or control
        if previous != "au" and (following is None or following.key not in _OF | forms("vers", "à")):
            return 1, index
    return 0, None


def shape_references(epreuve: Epreuve) -> Iterator[Reference]:
    """Every shape or size that points at a thing the learner must find (SNS-002), one per thing:
    « le petit bouton rond » is one reference, not two."""
    previous: Reference | None = None
    for reference in _shape_references(epreuve):
        if previous is not None and previous.passage is reference.passage and reference.first < previous.last:
            previous = Reference(previous.passage, previous.first, max(previous.last, reference.last))
            continue
        if previous is not None:
            yield previous
        previous = reference
    if previous is not None:
        yield previous


# a shape or size reference holds one of these words (`_shape_at`)
_SHAPE_WORDS = _SHAPE_ADJECTIVES | _SHAPE_NOUNS | _SIZES | forms("forme")

_SHAPE_STEMS = (
    "rond", "carr", "triang", "circul", "rectang", "ovale", "arrondi", "cercle", "losange", "étoile",
    "flèche", "en forme", "petit", "grand", "gros",
)  # fmt: skip


def _shape_references(epreuve: Epreuve) -> Iterator[Reference]:
    if not mentions(epreuve, _SHAPE_STEMS):
        return
    for passage in passages(epreuve):
        if passage.keys.isdisjoint(_SHAPE_WORDS):
            continue
        index = 0
        while index < len(passage.words):
            length, thing = _shape_at(passage, index)
            if not length:
                index += 1
                continue
            reference = Reference(passage, min(index, thing if thing is not None else index), index + length)
            if thing is not None and thing > index:
                reference = Reference(passage, index, max(index + length, thing + 1))
            if _points_at_something(epreuve, passage, reference, thing):
                yield reference
            index += length


@document_rule("A11Y-SNS-002", "shape-only-reference", Severity.WARNING, refs="RGAA 10.9 ; WCAG 1.3.3 (A)")
def shape_only_reference(epreuve: Epreuve) -> Iterator[Problem]:
    """La consigne désigne ce qu'il faut trouver par sa forme ou sa taille : « le bouton rond », « la grande flèche ».

    Pourquoi : la forme et la taille ne se lisent pas avec un lecteur d'écran et changent avec le
    zoom (RGAA 10.9). Elles aident à condition de nommer aussi la chose (libellé entre « », nom
    en **gras**, « le bouton Valider »). Sont relevés : une forme après la chose (« l'icône
    ronde », « le bouton en forme de loupe »), une taille devant elle (« le petit bouton », « la
    plus grande icône ») et une forme désignée seule (« cliquez sur le carré »), quand la phrase
    envoie chercher ou que l'épreuve montre quelque chose. Une grandeur n'est pas une taille
    (« la plus grande valeur »), ni « au carré » ou « la flèche vers le bas » (une touche).

    Mauvais : `Cliquez sur le petit bouton rond.`
    Bon : `Cliquez sur le bouton « Enregistrer ».`
    """
    for reference in shape_references(epreuve):
        yield Problem(
            reference.passage.span(*_span(reference)),
            f"la forme ou la taille seule désigne ce qu'il faut trouver : « {_text(reference)} »",
            "nommez aussi la chose : son libellé entre « » ou en **gras** (« le bouton « Enregistrer » »)",
        )


# --- SNS-003: sound ------------------------------------------------------------------------------

# « au signal sonore », « après le bip »: a cue to act on
_SOUND_CUE = re.compile(
    r"\b(?:au|après\s+le|dès\s+le|attendez\s+le)\s+(?:signal\s+sonore|bip|top(?:\s+sonore)?|son|sonnerie)\b"
    r"|\b(?:signal|alerte|avertissement|indicateur)\s+sonore\b",
    re.IGNORECASE,
)
# « quand vous entendez… »: a cue only in a sentence that asks to act (« …, cliquez »), not in a
# question about a situation (« quand vous entendez l'alarme, que faites-vous ? »)
_HEARING = re.compile(
    r"\b(?:quand|lorsque?|dès\s+que?|au\s+moment\s+où)\s*['’]?\s*vous\s+(?:entendez|entendrez)\b",
    re.IGNORECASE,
)


# what says the sound is doubled by something to see: « quand le message … s'affiche »
_VISIBLE_CUES = forms(
    "affiche", "s'affiche", "affichent", "affiché", "affichée", "apparaît", "apparaissent", "clignote",
    "allume", "voyant", "message", "écrit", "lisez",
)  # fmt: skip


def _makes_sound(epreuve: Epreuve) -> bool:
    """A sound, a video or an embed: without one, a sound can only be told in words."""
    front = epreuve.front_matter
    return bool(front.get("media") or front.get("embed"))


def sound_references(epreuve: Epreuve) -> Iterator[tuple[Passage, int, int]]:
    """(passage, start, end) of every sound cue in an épreuve that makes sounds (SNS-003)."""
    if not _makes_sound(epreuve):
        return
    for passage in passages(epreuve):
        for pattern in (_SOUND_CUE, _HEARING):
            for match in pattern.finditer(passage.text):
                if passage.is_quoted(match.start()):
                    continue
                index = next((i for i, word in enumerate(passage.words) if word.start >= match.start()), 0)
                first, last = passage.sentence(index)
                if any(word.key in _VISIBLE_CUES for word in passage.words[first:last]):
                    continue  # doubled by something to see
                if pattern is _HEARING and not sends_to_look(passage, first, last):
                    continue
                yield passage, match.start(), match.end()


@document_rule("A11Y-SNS-003", "sound-only-cue", Severity.WARNING, refs="RGAA 10.9 ; WCAG 1.3.3 (A)")
def sound_only_cue(epreuve: Epreuve) -> Iterator[Problem]:
    """La consigne se repère à un son seul : « au signal sonore », « quand vous entendez le bip ».

    Pourquoi : une personne sourde ou malentendante, ou qui travaille sans le son, ne perçoit pas
    le signal : elle ne sait pas quand agir (WCAG 1.3.3). Le son doit être doublé d'un repère
    visible et lisible (un message affiché, cité entre « »). La règle ne relève un son que dans une
    épreuve qui en produit (`media`, `embed`) : ailleurs, un son ne peut être que raconté
    (« quand vous entendez l'alarme, que faites-vous ? »).

    Mauvais : `Au signal sonore, cliquez sur le bouton « Stop ».`
    Bon : `Quand le message « Enregistrement terminé » s'affiche (un signal sonore l'accompagne), cliquez sur « Stop ».`
    """
    for passage, start, end in sound_references(epreuve):
        yield Problem(
            passage.span(start, end),
            f"un son seul indique quand agir : « {' '.join(passage.text[start:end].split())} »",
            "doublez le son d'un repère visible, par exemple le message affiché au même moment, entre « »",
        )


# --- SNS-004 and SNS-006: proposals that point at the others by their order -----------------------

_PROPOSAL_NOUNS = forms(
    "réponse", "réponses", "proposition", "propositions", "choix", "affirmation", "affirmations",
    "option", "options", "item", "items", "suggestion", "suggestions", "assertion", "assertions",
    "celle", "celles", "celui", "ceux",
)  # fmt: skip
_ORDER = forms(
    "ci-dessus", "ci-dessous", "précédent", "précédente", "précédents", "précédentes", "suivant",
    "suivante", "suivants", "suivantes", "au-dessus", "au-dessous", "ci-après", "premier", "première",
    "premiers", "premières", "deuxième", "deuxièmes", "second", "seconde", "troisième", "troisièmes",
    "quatrième", "cinquième", "dernier", "dernière", "derniers", "dernières", "avant-dernier",
    "avant-dernière",
)  # fmt: skip
# « A et B », « Réponses 1 et 3 », « Les propositions A, B et C »: proposals called by their letter
_BY_LETTER = re.compile(
    r"^\s*(?:(?:les\s+)?(?:réponses|propositions)\s+)?[A-H](?:\s*,\s*[A-H])*\s+(?:et|ou)\s+[A-H]\s*[.!]?\s*$"
    r"|\b(?:réponses|propositions)\s+(?:[A-H]|[1-9])(?:\s*,\s*(?:[A-H]|[1-9]))*\s+(?:et|ou)\s+(?:[A-H]|[1-9])\b",
    re.IGNORECASE,
)


_ANY_ORDER = re.compile(
    r"ci-|précéd|suivan|dessus|dessous|premi|deuxi|second|troisi|quatri|cinqui|derni|\bces\b|\b[A-H1-9]\s+(?:et|ou)\b",
    re.IGNORECASE,
)


def _order_reference(passage: Passage) -> tuple[int, int] | None:
    """(start, end) in the proposal's text of its reference to the others by their order."""
    letters = _BY_LETTER.search(passage.text)
    if letters is not None:
        return letters.start() + len(letters.group(0)) - len(letters.group(0).lstrip()), letters.end()
    words = passage.words
    for index, word in enumerate(words):
        if word.key not in _PROPOSAL_NOUNS:
            continue
        if index > 0 and words[index - 1].key == "ces":
            return words[index - 1].start, word.end
        for near in range(max(0, index - 3), min(len(words), index + 4)):
            if words[near].key in _ORDER:
                first, last = min(near, index), max(near, index)
                return words[first].start, words[last].end
    return None


def _order_references(epreuve: Epreuve) -> Iterator[tuple[Passage, int, int]]:
    if epreuve.type not in (EpreuveType.QCU, EpreuveType.QCM) or not any(
        _ANY_ORDER.search(proposal.text) for proposal in epreuve.body.proposals or ()
    ):
        return
    for passage in passages(epreuve):
        if passage.kind == PROPOSAL and passage.proposal is not None:
            found = _order_reference(passage)
            if found is not None:
                yield passage, *found


@document_rule(
    "A11Y-SNS-004", "proposal-refers-to-order", Severity.ERROR, refs="RGAA 10.9 ; WCAG 1.3.3 (A), 1.3.2 (A)"
)
def proposal_refers_to_order(epreuve: Epreuve) -> Iterator[Problem]:
    """Une proposition renvoie aux autres par leur place alors qu'elles sont mélangées : « Toutes les réponses ci-dessus ».

    Pourquoi : une QCU ou une QCM mélange ses propositions (`shuffle`, vrai par défaut) : « les
    réponses ci-dessus », « la première proposition » ou « A et B » ne désignent plus les mêmes
    propositions d'un apprenant à l'autre, et « aucune de ces réponses » peut s'afficher en
    premier. L'épreuve devient fausse pour tous, et illisible dans l'ordre d'un lecteur d'écran.

    Mauvais : `- Toutes les réponses ci-dessus` dans une QCM sans `shuffle: false`.
    Bon : une proposition qui se suffit à elle-même, ou `shuffle: false` pour garder l'ordre (voir A11Y-SNS-006).
    """
    if shuffled(epreuve):
        yield from _order_problems(epreuve, "mélangées")


@document_rule(
    "A11Y-SNS-006",
    "proposal-refers-to-order-unshuffled",
    Severity.WARNING,
    refs="RGAA 10.9 ; WCAG 1.3.3 (A), 1.3.2 (A)",
)
def proposal_refers_to_order_unshuffled(epreuve: Epreuve) -> Iterator[Problem]:
    """Une proposition renvoie aux autres par leur place ; elles ne sont pas mélangées (`shuffle: false`).

    Pourquoi : le catalogue fait de SNS-004 un avertissement quand les propositions gardent leur
    ordre ; une règle n'ayant qu'une gravité, ce cas prend le numéro libre suivant de la famille.
    L'ordre tient, mais la proposition ne se comprend pas seule (un lecteur d'écran qui saute de
    proposition en proposition), et elle casse dès qu'on remet le mélange.

    Mauvais : `- Aucune des réponses précédentes`, avec `shuffle: false`.
    Bon : `- Aucun de ces logiciels n'est libre`, qui se lit seule.
    """
    if not shuffled(epreuve):
        yield from _order_problems(epreuve, "dans l'ordre du fichier")


def _order_problems(epreuve: Epreuve, order: str) -> Iterator[Problem]:
    for passage, start, end in _order_references(epreuve):
        yield Problem(
            passage.span(start, end),
            f"la proposition {passage.proposal} renvoie aux autres par leur place, affichées {order} : "
            f"« {' '.join(passage.text[start:end].split())} »",
            "écrivez une proposition qui se comprend seule ; si elle doit rester la dernière, "
            "ajoutez `shuffle: false`"
            if order == "mélangées"
            else "écrivez une proposition qui se comprend seule, sans renvoyer aux autres",
        )


# --- SNS-005: « ci-dessus » where nothing is above ----------------------------------------------

_ABOVE = forms("ci-dessus")


def _first_block_line(epreuve: Epreuve) -> int | None:
    """The file line of the instruction's first block that is not plain text (image, table, list…)."""
    body = epreuve.body
    containers = [c.span.start.line for c in body.containers.values()]
    end = min(containers) if containers else None
    for token in body.tokens:
        if token.map is None:
            continue
        line = token.map[0] + body.first_line
        if end is not None and line >= end:
            return None
        if token.type in (
            "table_open",
            "fence",
            "code_block",
            "html_block",
            "blockquote_open",
            "bullet_list_open",
            "ordered_list_open",
        ):
            return line
        if token.type == "inline" and "![" in token.content:
            return line
    return None


@document_rule(
    "A11Y-SNS-005", "above-not-in-reading-order", Severity.INFO, refs="RGAA 10.9 ; WCAG 1.3.3 (A), 1.3.2 (A)"
)
def above_not_in_reading_order(epreuve: Epreuve) -> Iterator[Problem]:
    """« ci-dessus » renvoie à ce qui précède, mais rien ne précède : l'illustration s'affiche après la consigne.

    Pourquoi : « ci-dessus » et « ci-dessous » sont admis quand ils suivent l'ordre de lecture
    (guide WCAG 1.3.3) : un lecteur d'écran trouve alors la chose en reculant ou en avançant.
    Le catalogue en fait une simple information. La règle ne relève que le cas qu'elle peut
    trancher : « ci-dessus » dans la consigne avant toute image, tableau ou liste, alors que
    l'illustration, un contenu intégré et les propositions s'affichent après la consigne. Ce
    cas manque au catalogue : il prend le numéro libre suivant de la famille.

    Mauvais : `Dans le tableau ci-dessus, quelle cellule…`, le tableau étant l'illustration.
    Bon : `Dans le tableau ci-dessous, quelle cellule…`
    """
    if "ci-dessus" not in epreuve.body.text.casefold():
        return
    first_block = _first_block_line(epreuve)
    for passage in passages(epreuve):
        if passage.kind != INSTRUCTION:
            continue
        for word in passage.words:
            if word.key not in _ABOVE or passage.is_quoted(word.start):
                continue
            span = passage.span(word.start, word.end)
            if first_block is None or span.start.line < first_block:
                yield Problem(
                    span,
                    "« ci-dessus » renvoie à ce qui précède, mais rien ne précède dans l'ordre de lecture",
                    "écrivez « ci-dessous » : l'illustration et les propositions s'affichent après la consigne",
                )
