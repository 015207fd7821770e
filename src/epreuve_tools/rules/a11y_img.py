"""Accessibility of images (A11Y-IMG): the text alternative of the illustration and of body images.

RGAA criteria 1.1 to 1.4, WCAG 1.1.1. The source is the only place these can be caught: a browser
audit (axe) takes `![](capture.png)`, rendered `alt=""`, for a decorative image and passes it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from epreuve_tools.diagnostics import Problem, Severity, Span, shorten
from epreuve_tools.kinds import EpreuveType
from epreuve_tools.registry import document_rule
from epreuve_tools.rules.a11y_scan import normalise, scan

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve

# RGAA glossary « alternative textuelle courte et concise »: 80 characters at most is « fortement recommandé »
MAX_ALT = 80
_ALT = ("illustration", "alt")

# Appendix A of the catalogue: words that name the kind of image, not what it shows
GENERIC_ALTS = frozenset(
    normalise(word)
    for word in (
        "image",
        "photo",
        "photographie",
        "illustration",
        "icône",
        "icone",
        "logo",
        "pictogramme",
        "picto",
        "schéma",
        "graphique",
        "capture",
        "capture d'écran",
        "screenshot",
        "img",
        "alt",
        "texte alternatif",
        "sans titre",
        "untitled",
        "todo",
        "à compléter",
        "xxx",
        "image de l'épreuve",
        "picture",
    )
)
_FILE_NAME = re.compile(
    r"""^(?:
        \S+\.(?:png|jpe?g|gif|webp|svg|bmp|tiff?|avif|heic)   # a file name with its extension
      | (?:https?://|www\.)\S*                                # an address
      | \S*[/\\]\S*                                           # a path
      | (?:img|dsc|dscn|dcim|pxl|mvimg)[_ -]?\d+\S*           # a camera's name
      | (?:capture\ d'[ée]cran|screenshot|capture)[ _-]+\d{4}-\d\d.*  # a screenshot tool's name
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


class _Image:
    """An illustration or a body image, with what the rules compare it with."""

    __slots__ = ("alt", "alt_span", "image_test", "legend", "paragraph", "src")

    def __init__(
        self,
        alt: str,
        src: str,
        alt_span: Span,
        *,
        paragraph: str | None,
        legend: str | None,
        image_test: bool,
    ) -> None:
        self.alt = alt
        self.src = src
        self.alt_span = alt_span
        self.paragraph = paragraph  # a body image's paragraph; None for the illustration
        self.legend = legend
        self.image_test = image_test


def _illustration(epreuve: Epreuve) -> dict[str, Any] | None:
    illustration = epreuve.front_matter.get("illustration")
    return illustration if isinstance(illustration, dict) else None


def _images(epreuve: Epreuve) -> Iterator[_Image]:
    """Every image whose alt is written: the illustration (unless decorative) then the body's."""
    illustration = _illustration(epreuve)
    if (
        illustration is not None
        and isinstance(illustration.get("alt"), str)
        and illustration.get("decorative") is not True
    ):
        legend = illustration.get("legend")
        yield _Image(
            illustration["alt"],
            str(illustration.get("src", "")),
            epreuve.source_map.value(_ALT),
            paragraph=None,
            legend=legend if isinstance(legend, str) else None,
            image_test=illustration.get("role") == "test",
        )
    for image in scan(epreuve).images:
        yield _Image(
            image.alt, image.src, image.span, paragraph=image.paragraph, legend=None, image_test=False
        )


def _is_blank(text: str) -> bool:
    """Nothing a screen reader would say: spaces, punctuation, symbols, zero-width characters."""
    return not any(unicodedata.category(c)[0] in "LN" for c in text)


@document_rule("A11Y-IMG-001", "image-without-alt", Severity.ERROR, refs="RGAA 1.1 ; WCAG 1.1.1 (A)")
def image_without_alt(epreuve: Epreuve) -> Iterator[Problem]:
    """Une image n'a pas de texte alternatif et n'est pas déclarée décorative.

    Pourquoi : un lecteur d'écran ne peut rien dire d'une image sans alternative : l'apprenant non
    voyant perd l'information dont il a besoin pour répondre. `![](capture.png)` est rendu
    `alt=""`, qu'un audit dans le navigateur prend pour une image décorative et laisse passer : seule
    la source permet de voir l'oubli. Une image vraiment décorative se déclare (`decorative: true`).

    Mauvais : `![](images/tableur.png)`, ou `illustration: {src: images/tableur.png, alt: ""}`.
    Bon : `![Tableur : colonne A, cellules A1 à A10](images/tableur.png)`, ou `alt: ""` avec
    `decorative: true` pour une image sans information.
    """
    illustration = _illustration(epreuve)
    if (
        illustration is not None
        and illustration.get("alt") == ""
        and illustration.get("decorative") is not True
    ):
        yield Problem(
            epreuve.source_map.value(_ALT),
            "l'illustration n'a pas de texte alternatif",
            "décrivez en une phrase l'information utile pour répondre ; si l'image n'apporte rien, "
            "ajoutez `decorative: true`",
        )
    for image in scan(epreuve).images:
        if not image.alt:
            yield Problem(
                image.span,
                "image sans texte alternatif",
                "écrivez entre les crochets l'information que l'image donne : `![Ce que montre l'image](…)`",
            )


@document_rule(
    "A11Y-IMG-002", "decorative-image-with-alt", Severity.ERROR, refs="RGAA 1.2 ; WCAG 1.1.1 (A), 4.1.2 (A)"
)
def decorative_image_with_alt(epreuve: Epreuve) -> Iterator[Problem]:
    """Une illustration déclarée décorative a un texte alternatif non vide.

    Pourquoi : une image décorative doit être ignorée des technologies d'assistance (alternative
    vide) ; si elle a une alternative, c'est qu'elle porte une information, et elle n'est pas
    décorative. Les deux déclarations se contredisent : l'une des deux est fausse.

    Mauvais : `decorative: true` et `alt: "Logo du ministère"`.
    Bon : `decorative: true` et `alt: ""`, ou `decorative` retiré si l'image informe.
    """
    illustration = _illustration(epreuve)
    if illustration is None or illustration.get("decorative") is not True:
        return
    alt = illustration.get("alt")
    if isinstance(alt, str) and alt.strip():
        yield Problem(
            epreuve.source_map.value(_ALT),
            "illustration déclarée décorative mais avec un texte alternatif",
            'si l\'image informe, retirez `decorative: true` ; sinon écrivez `alt: ""`',
        )


@document_rule("A11Y-IMG-003", "blank-alt", Severity.ERROR, refs="RGAA 1.2, 1.3 ; WCAG 1.1.1 (A)")
def blank_alt(epreuve: Epreuve) -> Iterator[Problem]:
    """Le texte alternatif d'une image n'est fait que d'espaces, de ponctuation ou de symboles.

    Pourquoi : `alt=" "` ou `alt="-"` n'est ni une alternative (il ne dit rien), ni une image
    décorative (l'alternative n'est pas vide) : certains lecteurs d'écran lisent alors le nom du
    fichier, ou « tiret ».

    Mauvais : `alt: "-"`, ou `![ ](images/tableur.png)`.
    Bon : `alt: "Tableur : colonne A, cellules A1 à A10"`.
    """
    for image in _images(epreuve):
        if image.alt and _is_blank(image.alt):
            yield Problem(
                image.alt_span,
                f"texte alternatif vide de sens : « {image.alt} »",
                "décrivez l'information que donne l'image ; une image sans information se déclare "
                '`decorative: true` avec `alt: ""`',
            )


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1].split("?", 1)[0]
    return name.rsplit(".", 1)[0].casefold() if "." in name else name.casefold()


@document_rule("A11Y-IMG-004", "alt-is-file-name", Severity.ERROR, refs="RGAA 1.3 ; WCAG 1.1.1 (A)")
def alt_is_file_name(epreuve: Epreuve) -> Iterator[Problem]:
    """Le texte alternatif d'une image est un nom de fichier, un chemin ou une adresse.

    Pourquoi : « IMG_1234.png » ou « images/capture-3.png » ne disent rien de ce que montre l'image ;
    c'est le plus souvent un texte laissé par l'outil qui a inséré l'image. Un texte alternatif égal
    au nom du fichier (`alt: tableur-somme` pour `tableur-somme.png`) est signalé de même.

    Mauvais : `![IMG_1234.png](images/IMG_1234.png)`, ou `alt: capture-tableur` avec
    `src: images/capture-tableur.png`.
    Bon : `alt: "Tableur : colonne A, cellules A1 à A10 contenant les nombres 1 à 10"`.
    """
    for image in _images(epreuve):
        alt = image.alt.strip()
        if not alt or _is_blank(alt):
            continue
        if _FILE_NAME.match(alt) or (image.src and alt.casefold() == _stem(image.src)):
            yield Problem(
                image.alt_span,
                f"le texte alternatif est un nom de fichier ou une adresse : « {alt} »",
                "remplacez-le par une phrase qui dit l'information que donne l'image",
            )


@document_rule("A11Y-IMG-005", "generic-alt", Severity.ERROR, refs="RGAA 1.3 ; WCAG 1.1.1 (A)")
def generic_alt(epreuve: Epreuve) -> Iterator[Problem]:
    """Le texte alternatif d'une image n'est qu'un mot générique : « image », « photo », « schéma »…

    Pourquoi : le lecteur d'écran annonce déjà une image ; « image » ou « capture d'écran » ne dit
    pas ce qu'elle montre. Les mots de remplissage (« TODO », « à compléter », « xxx ») sont des
    alternatives jamais écrites. Une image-test (`role: test`) s'identifie par son numéro (« Image 1
    de l'épreuve : … ») : le seul mot « image » ne l'identifie pas.

    Mauvais : `alt: "Capture d'écran"`, ou `![image](images/tableur.png)`.
    Bon : `alt: "Capture d'écran du tableur : somme de la colonne A"`.
    """
    for image in _images(epreuve):
        if normalise(image.alt) in GENERIC_ALTS:
            yield Problem(
                image.alt_span,
                f"texte alternatif générique : « {image.alt.strip()} »",
                "dites ce que montre l'image et ce qu'il faut en retenir pour répondre",
            )


# Appendix A of the catalogue: the start of an alt that names the kind of image before what it shows
_REDUNDANT_PREFIX = re.compile(
    r"^(?:(?:image|photo|photographie|illustration|icone|pictogramme|dessin)s?"
    r" (?:de |d'|du |des |representant |montrant |qui (?:montre|represente) )"
    r"|(?:image|picture|photo) (?:of|showing) )"
)


def _prefix(alt: str, pattern: re.Pattern[str]) -> str | None:
    """The prefix of `alt` that `pattern` finds, as the author wrote it, when a description follows."""
    folded = normalise(alt)
    match = pattern.match(folded)
    if match is None or not folded[match.end() :].strip():
        return None  # nothing after it: a generic alt, A11Y-IMG-005's
    words = len(folded[: match.end()].split())
    return " ".join(alt.strip().replace("’", "'").split()[:words]).rstrip(" ,:")


@document_rule("A11Y-IMG-006", "redundant-alt-prefix", Severity.WARNING, refs="RGAA 1.3 ; WCAG 1.1.1 (A)")
def redundant_alt_prefix(epreuve: Epreuve) -> Iterator[Problem]:
    """Le texte alternatif commence par « Image de », « Photo de », « Illustration représentant »…

    Pourquoi : le lecteur d'écran annonce déjà « image » : « image, Image d'un tableur » fait
    entendre deux fois le mot et retarde l'information. « Capture d'écran de … » n'est pas
    signalé : pour une interface de logiciel, savoir que c'est une capture peut être utile, et le
    catalogue n'en fait qu'une suggestion (une règle n'a qu'une gravité).

    Mauvais : `alt: "Image d'un tableur avec la colonne A sélectionnée"`.
    Bon : `alt: "Tableur, colonne A sélectionnée"`.
    """
    for image in _images(epreuve):
        prefix = _prefix(image.alt, _REDUNDANT_PREFIX)
        if prefix is not None:
            yield Problem(
                image.alt_span,
                f"le texte alternatif commence par « {prefix} » : le lecteur d'écran annonce déjà une image",
                "retirez ces mots et commencez par ce que montre l'image",
            )


@document_rule(
    "A11Y-IMG-007", "alt-too-long", Severity.WARNING, refs="RGAA 1.3 (test 1.3.9), 1.6 ; WCAG 1.1.1 (A)"
)
def alt_too_long(epreuve: Epreuve) -> Iterator[Problem]:
    """Le texte alternatif d'une image dépasse 80 caractères.

    Pourquoi : le RGAA demande une alternative courte et concise (80 caractères au plus est
    fortement recommandé) : elle est lue d'un bloc, sans pouvoir revenir en arrière. Ce qu'une
    image complexe (graphique, schéma, capture chargée) montre en détail va dans une description
    longue (`illustration.description`), lue à la demande.

    Mauvais : `alt:` suivi de trois phrases qui décrivent chaque cellule du tableur.
    Bon : `alt: "Tableur des dépenses du trimestre"` et le détail dans `description: |`.
    """
    for image in _images(epreuve):
        length = len(unicodedata.normalize("NFC", image.alt.strip()))
        if length > MAX_ALT:
            yield Problem(
                image.alt_span,
                f"texte alternatif de {length} caractères (au plus {MAX_ALT} recommandés)",
                "gardez l'essentiel en une phrase courte et placez le détail dans `illustration.description`",
            )


@document_rule("A11Y-IMG-008", "alt-redundant", Severity.WARNING, refs="RGAA 1.3, 1.9 ; WCAG 1.1.1 (A)")
def alt_redundant(epreuve: Epreuve) -> Iterator[Problem]:
    """Le texte alternatif d'une image répète mot pour mot le texte qui l'entoure ou sa légende.

    Pourquoi : l'apprenant qui utilise un lecteur d'écran entend deux fois la même phrase et
    n'apprend rien de l'image. Si le texte voisin dit déjà tout, l'image est décorative ; sinon
    l'alternative doit dire ce que l'image ajoute. La comparaison ignore la casse, les accents et la
    ponctuation.

    Mauvais : `alt: "Extrait du tableur"` et `legend: "Extrait du tableur"`.
    Bon : `alt: "Tableur : colonne A, cellules A1 à A10"` et `legend: "Extrait du tableur"`.
    """
    for image in _images(epreuve):
        alt = normalise(image.alt)
        if not alt:
            continue
        if image.paragraph is not None:  # a body image: the paragraph it sits in
            redundant = alt == normalise(image.paragraph)
        else:  # the illustration, shown with the instruction: its legend, or any paragraph
            redundant = (image.legend is not None and alt == normalise(image.legend)) or (
                alt in scan(epreuve).normalised_paragraphs()
            )
        if redundant:
            yield Problem(
                image.alt_span,
                "le texte alternatif répète le texte voisin ou la légende",
                "dites ce que l'image ajoute au texte ; si elle n'ajoute rien, déclarez-la "
                '`decorative: true` avec `alt: ""`',
            )


# Complex images (catalogue 2.1, RGAA 1.6): named by their kind at the start of the alt or legend,
# after what says it is a view of one (« Capture d'écran d'un tableau », « Extrait du plan »)
_VIEW_OF = re.compile(
    r"^(?:(?:capture d'ecran|capture|copie d'ecran|screenshot|extrait|debut|partie|image|photo|vue)"
    r"(?: (?:d'un|d'une|du|de la|de l'|des|de|d'|of the|of a|of))? ?)?"
)
_COMPLEX_START = re.compile(
    r"(?:graphiques?|diagrammes?|histogrammes?|courbes?|camemberts?|schemas?|organigrammes?|logigrammes?|"
    r"algorigrammes?|infographies?|tableaux?|arborescences?|charts?|diagrams?|graphs?|"
    # « carte » and « plan » also name a bank card or an action plan
    r"cartes?(?! (?:bancaire|vitale|grise|d'identite|mere|sim|de visite|cadeau|d'agent|professionnelle))|"
    r"plans?(?! (?:d'action|de travail|de formation|de classement))|"
    r"maps?|flowcharts?)\b"
)
# words that name a complex image wherever they are (« carte » alone may be a bank card)
_COMPLEX_ANYWHERE = re.compile(
    r"\b(?:histogramme|diagramme|organigramme|logigramme|algorigramme|infographie|flowchart|pie chart|"
    r"bar chart|graphique en (?:barres|colonnes|secteurs|courbes?|camembert)|carte (?:geographique|routiere|"
    r"de france|du monde|des regions|du reseau|mentale))"
)


def _complex_kind(text: str) -> bool:
    folded = normalise(text)
    view = _VIEW_OF.match(folded)
    start = view.end() if view is not None else 0
    return bool(_COMPLEX_START.match(folded, start) or _COMPLEX_ANYWHERE.search(folded))


def _has_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


@document_rule(
    "A11Y-IMG-009",
    "complex-image-without-description",
    Severity.WARNING,
    refs="RGAA 1.6, 1.7 ; WCAG 1.1.1 (A)",
)
def complex_image_without_description(epreuve: Epreuve) -> Iterator[Problem]:
    """Une image complexe (graphique, schéma, carte, organigramme, capture d'un tableau) n'a pas de description détaillée.

    Pourquoi : une alternative courte ne peut pas dire toutes les valeurs d'un graphique ni tous
    les liens d'un schéma ; le RGAA (1.6) demande alors une description détaillée, lue à la
    demande : `illustration.description`, ou `alternative_instruction` qui donne l'information
    autrement. L'image complexe se reconnaît au début de son texte alternatif ou de sa légende
    (« Graphique… », « Capture d'écran d'un tableau… ») ou à un mot sans ambiguïté
    (« organigramme », « graphique en colonnes ») : d'où un avertissement. Une image-test
    (`role: test`) relève d'A11Y-IMG-010 et des règles META.

    Mauvais : `alt: "Graphique en colonnes des effectifs par direction"` sans `description`.
    Bon : le même `alt` et `description: |` qui donne les effectifs de chaque direction.
    """
    if _has_text(epreuve.front_matter.get("alternative_instruction")):
        return
    illustration = _illustration(epreuve)
    described = illustration is not None and _has_text(illustration.get("description"))
    for image in _images(epreuve):
        if image.image_test or (image.paragraph is None and described):
            continue
        if _complex_kind(image.alt) or (image.legend is not None and _complex_kind(image.legend)):
            yield Problem(
                image.alt_span,
                "image complexe sans description détaillée : « " + shorten(image.alt.strip(), 60) + " »",
                "décrivez en détail ce qu'elle montre dans `illustration.description` (valeurs, liens, "
                "étapes), ou donnez l'information dans `alternative_instruction`"
                if image.paragraph is None
                else "donnez l'information qu'elle porte dans `alternative_instruction`, ou faites-en "
                "l'illustration de l'épreuve avec une `description`",
            )


def _accepted_answers(epreuve: Epreuve) -> Iterator[str]:
    """Texts Pix would accept as the answer: the key's texts, or the right proposals' texts."""
    answer = epreuve.answer
    if epreuve.type in (EpreuveType.QCU, EpreuveType.QCM):
        proposals = epreuve.body.proposals or ()
        numbers = answer if isinstance(answer, list) else [answer]
        for number in numbers:
            if isinstance(number, int) and not isinstance(number, bool) and 1 <= number <= len(proposals):
                yield proposals[number - 1].text
    elif isinstance(answer, list):
        yield from (str(item) for item in answer if isinstance(item, (str, int, float)))
    elif isinstance(answer, dict):
        for values in answer.values():
            if isinstance(values, list):
                yield from (str(item) for item in values if isinstance(item, (str, int, float)))


# an answer shorter than this (« 1 », « oui ») is found in too many alts by chance
_MIN_LEAK = 3


@document_rule(
    "A11Y-IMG-010",
    "image-test-alt",
    Severity.ERROR,
    refs="RGAA 1.4 (image-test) ; WCAG 1.1.1 (A), exception « test »",
)
def image_test_alt(epreuve: Epreuve) -> Iterator[Problem]:
    """Le texte alternatif d'une image-test (`role: test`) est vide ou donne la réponse.

    Pourquoi : quand décrire l'image rendrait la question sans objet, le RGAA (image-test, critères
    1.3 et 1.4) et le WCAG (exception « test » du critère 1.1.1) demandent seulement que
    l'alternative identifie l'image (« Image 1 de l'épreuve : agenda de la semaine »), sans donner la
    réponse. Une image-test n'est jamais décorative. La comparaison avec les réponses acceptées
    ignore la casse, les accents et la ponctuation, et ne retient que des mots entiers d'au moins
    trois caractères.

    Mauvais : `role: test`, `answer: ["jeudi"]` et `alt: "Agenda : le seul créneau libre est jeudi"`.
    Bon : `role: test` et `alt: "Image 1 de l'épreuve : agenda partagé de la semaine"`.
    """
    illustration = _illustration(epreuve)
    if illustration is None or illustration.get("role") != "test":
        return
    alt = illustration.get("alt")
    if not isinstance(alt, str):
        return
    span = epreuve.source_map.value(_ALT)
    if not alt.strip() or illustration.get("decorative") is True:
        yield Problem(
            span,
            "une image-test doit être identifiée par son texte alternatif",
            "écrivez par exemple « Image 1 de l'épreuve : … », sans donner la réponse, et retirez "
            "`decorative: true`",
        )
        return
    padded = f" {normalise(alt)} "
    for answer in _accepted_answers(epreuve):
        needle = normalise(answer)
        if len(needle) >= _MIN_LEAK and f" {needle} " in padded:
            yield Problem(
                span,
                f"le texte alternatif de l'image-test donne une réponse acceptée : « {answer} »",
                "identifiez l'image sans dire ce qu'il faut y trouver",
            )
            return


_LEGEND = ("illustration", "legend")


@document_rule(
    "A11Y-IMG-015", "legend-on-hidden-image", Severity.ERROR, refs="RGAA 1.9, 1.2 ; WCAG 1.1.1 (A), 4.1.2 (A)"
)
def legend_on_hidden_image(epreuve: Epreuve) -> Iterator[Problem]:
    """Une illustration a une légende (`legend`) mais pas de texte alternatif distinct : elle est décorative.

    Pourquoi : la légende est affichée sous l'image, dans une figure (`<figure>` et
    `<figcaption>`, RGAA 1.9) ; une image qu'on légende porte une information, et son
    alternative doit la dire, autrement que la légende. Déclarée décorative (`decorative: true`,
    `alt: ""`), elle est cachée aux lecteurs d'écran, qui lisent une légende sans image. Une
    alternative égale à la légende est signalée par A11Y-IMG-008, pas une seconde fois ; qu'une
    illustration sans texte alternatif ne soit pas décorative relève d'A11Y-IMG-001.

    Mauvais : `decorative: true`, `alt: ""` et `legend: "Plan du premier étage"`.
    Bon : `alt: "Plan du premier étage : l'accueil à gauche de l'entrée"` et
    `legend: "Plan du premier étage"`.
    """
    illustration = _illustration(epreuve)
    if illustration is None or not _has_text(illustration.get("legend")):
        return
    if illustration.get("decorative") is True:
        yield Problem(
            epreuve.source_map.value(_LEGEND),
            "une illustration légendée n'est pas décorative : le lecteur d'écran lira la légende d'une "
            "image qu'il ne voit pas",
            "retirez `decorative: true` et écrivez un texte alternatif qui dit ce que l'image montre",
        )


# ` #` ends a plain YAML value: what follows is a comment, silently dropped
_COMMENT = re.compile(r"\s+#")


@document_rule("A11Y-IMG-016", "alt-cut-by-comment", Severity.ERROR, refs="RGAA 1.3 ; WCAG 1.1.1 (A)")
def alt_cut_by_comment(epreuve: Epreuve) -> Iterator[Problem]:
    """Le texte alternatif de l'illustration est coupé par ` #`, que YAML lit comme un commentaire.

    Pourquoi : sans guillemets, YAML arrête une valeur à ` #` et jette la suite sans rien dire :
    `alt: Formule =SOMME(A1:A10) #total` donne l'alternative « Formule =SOMME(A1:A10) ».
    L'apprenant non voyant n'entend qu'une partie de l'information, et rien ne le montre à la
    relecture du fichier. Ce cas manque au catalogue (RGAA 1.3 : une alternative pertinente) : il
    prend le numéro libre suivant de la famille. Un commentaire voulu se met sur sa propre ligne.

    Mauvais : `alt: Bouton Envoyer #2 surligné`.
    Bon : `alt: "Bouton Envoyer #2 surligné"`.
    """
    illustration = _illustration(epreuve)
    if illustration is None or not isinstance(illustration.get("alt"), str) or not epreuve.front_matter_text:
        return
    span = epreuve.source_map.values.get(_ALT)
    if span is None or span.start.line != span.end.line:
        return
    lines = epreuve.front_matter_text.split("\n")
    index = span.start.line - epreuve.front_matter_line
    if not 0 <= index < len(lines):
        return
    line = lines[index]
    if line[span.start.column - 1 : span.start.column] in ("'", '"'):
        return  # a quoted value keeps its `#`
    rest = line[span.end.column - 1 :]
    match = _COMMENT.match(rest)
    if match is None:
        return
    column = span.end.column + match.end() - 1
    comment = rest[match.end() - 1 :].strip()
    yield Problem(
        Span.at(span.start.line, column, span.start.line, column + len(comment)),
        f"le texte alternatif s'arrête avant « {comment} » : YAML lit ` #` comme un commentaire",
        "mettez tout le texte alternatif entre guillemets, ou le commentaire sur sa propre ligne",
    )
