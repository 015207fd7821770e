"""Accessibility of the image files épreuves cite, read with Pillow and defusedxml (A11Y-IMG, -CLR-004).

RGAA criteria 1.1, 1.8, 3.2 and 3.3, WCAG 1.1.1, 1.4.3, 1.4.5 and 1.4.11. These rules look inside
the illustration and the body's images (`epreuve_tools.assets`): each file is read once per content
hash however many épreuves cite it, within the bounds stated there, and every finding is placed at
the `src` (or the `![…]`) of the épreuve that cites it. A missing file is SEM-014's alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from epreuve_tools.assets import (
    BOMB_PIXELS,
    IMAGE_USES,
    WEB_IMAGE_FORMATS,
    Citation,
    Facts,
    citations,
)
from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.project import Project
from epreuve_tools.registry import project_rule

MAX_IMAGE_BYTES = 2 * 1024 * 1024  # over it: an error (eco-design; a learner on a slow line waits)
HEAVY_IMAGE_BYTES = 500 * 1024
MAX_SIDE = 4000
MIN_INFORMATIVE_WIDTH = 200
MIN_TEXT_CONTRAST = 4.5
DARK_LUMINANCE = 0.2
# images whose text is part of what they show (RGAA 1.8 exceptions): a screenshot, a logo, a chart
_TEXT_IS_THE_IMAGE = frozenset(
    ("kind:capture", "kind:logo", "kind:graphique", "kind:schéma", "kind:carte", "kind:tableau")
)


def _images(project: Project) -> Iterator[tuple[Citation, Facts]]:
    for citation in citations(project, IMAGE_USES):
        yield citation, citation.asset.facts()


def _mebibytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " Mio"


def _kibibytes(size: int) -> str:
    return f"{round(size / 1024)} Kio"


def _unusable(facts: Facts, citation: Citation) -> Iterator[str]:
    """Why a browser would not show the file as the image the épreuve promises."""
    if facts.get("problem"):
        yield f"« {citation.src} » : {facts['problem']}"
        return
    kind, expected = facts.get("format"), citation.expected_format
    if kind not in WEB_IMAGE_FORMATS:
        what = (
            "n'est pas une image"
            if kind in ("TEXT", "UNKNOWN", "ZIP", "PDF", "HTML")
            else f"est au format {kind}"
        )
        yield f"« {citation.src} » {what} : un navigateur ne l'affiche pas comme image"
    elif expected is not None and expected != kind:
        yield f"« {citation.src} » : son extension annonce {expected}, le fichier est en {kind}"
    if facts.get("size", 0) > MAX_IMAGE_BYTES:
        yield f"« {citation.src} » pèse {_mebibytes(facts['size'])} (au plus 2 Mio)"


@project_rule(
    "A11Y-IMG-013",
    "unusable-image-file",
    Severity.ERROR,
    refs="RGAA 1.1 ; WCAG 1.1.1 (A), 1.4.4 (AA)",
    reads=("assets",),
)
def unusable_image_file(project: Project) -> Iterator[tuple[str, Problem]]:
    """Un fichier d'image cité ne s'affichera pas : illisible, tronqué, d'un format qu'un navigateur n'affiche pas, mal nommé, démesuré ou trop lourd.

    Pourquoi : l'apprenant verrait une image cassée, ou rien, et l'épreuve n'aurait plus de sens.
    Un navigateur affiche PNG, JPEG, GIF, WebP, AVIF et SVG ; pas BMP, TIFF ni PSD. Une extension
    qui ment (`.png` contenant du JPEG) est servie avec un mauvais type. Une image qui annonce plus
    de 89 millions de pixels (la limite de Pillow) est une bombe de décompression : elle est
    refusée sur son en-tête, sans rien décoder. Au-delà de 2 Mio, une image est trop lourde pour
    une connexion lente. Bornes : un fichier de plus de 64 Mio n'est pas lu ; une image de plus de
    4096 × 4096 pixels n'est pas décodée (son en-tête seul est vérifié) ; chaque fichier est lu une
    fois par contenu, quel que soit le nombre d'épreuves qui le citent.

    Mauvais : `src: images/tableur.bmp`, ou `images/tableur.png` qui contient un JPEG.
    Bon : `src: images/tableur.png`, une vraie image PNG de moins de 500 Kio.
    """
    for citation, facts in _images(project):
        for message in _unusable(facts, citation):
            yield (
                citation.path,
                Problem(
                    citation.span,
                    message,
                    "réenregistrez l'image en PNG, JPEG, WebP ou SVG, sous son vrai nom",
                ),
            )


def _heavy(facts: Facts) -> Iterator[tuple[str, str]]:
    size = facts.get("size", 0)
    if HEAVY_IMAGE_BYTES < size <= MAX_IMAGE_BYTES:
        yield f"pèse {_kibibytes(size)} (plus de 500 Kio)", "réduisez ses dimensions ou compressez-la"
    width, height = facts.get("width", 0), facts.get("height", 0)
    if max(width, height) > MAX_SIDE and width * height <= BOMB_PIXELS:
        yield f"mesure {width} × {height} pixels (plus de {MAX_SIDE})", "réduisez-la à la taille affichée"
    if facts.get("orientation", 1) not in (1, 0):
        yield (
            "a une orientation EXIF : certains navigateurs l'affichent tournée",
            "enregistrez-la déjà tournée, sans orientation EXIF",
        )
    if facts.get("mode") == "CMYK":
        yield (
            "est en CMJN (couleurs d'impression) : ses couleurs changent à l'écran",
            "convertissez-la en RVB",
        )


@project_rule(
    "A11Y-IMG-017",
    "heavy-image-file",
    Severity.WARNING,
    refs="RGAA 1.1 (qualité) ; WCAG 1.4.4 (AA), 1.4.10 (AA)",
    reads=("assets",),
)
def heavy_image_file(project: Project) -> Iterator[tuple[str, Problem]]:
    """Une image citée est lourde (plus de 500 Kio), immense (plus de 4000 pixels), tournée par EXIF ou en CMJN.

    Pourquoi : une image lourde ou immense tarde à s'afficher et se zoome mal ; une orientation
    EXIF est ignorée par certains lecteurs, qui montrent l'image couchée ; une image CMJN change de
    couleurs à l'écran. Le catalogue range ces cas avec IMG-013, en avertissement : ils prennent ici
    le numéro libre suivant de la famille, pour garder à IMG-013 sa gravité d'erreur.

    Mauvais : une photo de 4032 × 3024 pixels et 3 Mio affichée en 600 pixels de large.
    Bon : la même, réduite à 1200 pixels de large et enregistrée en JPEG de qualité 80.
    """
    for citation, facts in _images(project):
        if facts.get("problem"):
            continue  # IMG-013
        for what, hint in _heavy(facts):
            yield citation.path, Problem(citation.span, f"l'image « {citation.src} » {what}", hint)


@project_rule(
    "A11Y-IMG-018",
    "image-too-small",
    Severity.INFO,
    refs="RGAA 1.1 (qualité) ; WCAG 1.4.4 (AA)",
    reads=("assets",),
)
def image_too_small(project: Project) -> Iterator[tuple[str, Problem]]:
    """Une image qui informe fait moins de 200 pixels de large : trop petite pour être lue.

    Pourquoi : agrandie au zoom, une image minuscule devient floue ; un apprenant malvoyant ne
    peut plus y lire l'information qu'elle porte. Une icône décorative (`decorative: true`) n'est
    pas concernée, ni une image d'une seule couleur unie, qui n'a rien à lire. Le catalogue range ce cas avec IMG-013 en info : il prend ici le numéro libre
    suivant de la famille.

    Mauvais : une capture d'un tableur de 150 × 80 pixels.
    Bon : la même capture en 600 × 320 pixels, à la taille où elle se lit.
    """
    for citation, facts in _images(project):
        width = facts.get("width")
        readable = citation.informative and not facts.get("flat")
        if readable and isinstance(width, int) and 0 < width < MIN_INFORMATIVE_WIDTH:
            yield (
                citation.path,
                Problem(
                    citation.span,
                    f"l'image « {citation.src} » ne fait que {width} pixels de large",
                    "fournissez-la à la taille où elle se lit (au moins 200 pixels de large)",
                ),
            )


@project_rule(
    "A11Y-IMG-011", "image-of-text", Severity.INFO, refs="RGAA 1.8 ; WCAG 1.4.5 (AA)", reads=("assets",)
)
def image_of_text(project: Project) -> Iterator[tuple[str, Problem]]:
    """Une image semble faite surtout de texte : à faire vérifier par une personne.

    Pourquoi : du texte en image ne se grossit pas, ne change pas de police ni de couleur, et ne se
    lit pas au lecteur d'écran : s'il porte l'information, il doit être écrit en texte (RGAA 1.8).
    Ce que la règle ne peut pas décider : elle ne lit pas le texte (pas d'OCR) ; elle repère des
    lignes de petits traits sur un fond uni, ce qui ressemble aussi à un tableau ou à un schéma
    légendé. Une capture d'écran d'un logiciel (`kind: capture`), un logo, un graphique et une
    image-test (`role: test`) sont les exceptions du RGAA 1.8 et ne sont pas signalés.

    Mauvais : une image d'un paragraphe de consigne, copiée d'un document.
    Bon : le paragraphe écrit dans la consigne ; ou `kind: capture` pour la copie d'écran d'un logiciel.
    """
    for citation, facts in _images(project):
        if not facts.get("text_like") or not citation.informative or citation.has("test"):
            continue
        if any(citation.has(trait) for trait in _TEXT_IS_THE_IMAGE):
            continue
        yield (
            citation.path,
            Problem(
                citation.span,
                f"l'image « {citation.src} » semble faite surtout de texte",
                "écrivez ce texte dans la consigne ; si c'est une copie d'écran, déclarez `kind: capture`",
            ),
        )


def _svg_threats(facts: Facts) -> Iterator[str]:
    if facts.get("svg_scripts"):
        yield "contient un script (`<script>`)"
    if facts.get("svg_handlers"):
        yield "contient des attributs d'événement (`onload=`, `onclick=`…)"
    for reference in facts.get("svg_external", ()):
        yield f"charge une ressource extérieure (« {reference} »)"


@project_rule(
    "A11Y-IMG-012",
    "svg-active-content",
    Severity.ERROR,
    refs="RGAA 1.1, 1.2 ; WCAG 1.1.1 (A)",
    reads=("assets",),
)
def svg_active_content(project: Project) -> Iterator[tuple[str, Problem]]:
    """Une image SVG contient un script, un attribut d'événement ou une référence à un fichier extérieur.

    Pourquoi : une image SVG ouverte seule (un clic droit suffit) exécute ses scripts et charge ce
    qu'elle cite : une illustration ne doit rien exécuter ni rien aller chercher, et ce qu'elle
    chargerait manquerait hors ligne. Le fichier est lu par defusedxml : rien n'est exécuté ni
    chargé pendant la vérification, et un SVG à DTD ou à entités est refusé (IMG-013). Une image
    SVG affichée par `illustration` ou `![…](…)` prend son nom dans son texte alternatif : `role`
    et `<title>` ne sont pas exigés dans le fichier.

    Mauvais : `<svg onload="alert(1)">…<image href="https://exemple.fr/fond.png"/></svg>`.
    Bon : `<svg viewBox="0 0 100 50">…</svg>`, les images incluses en `data:` ou redessinées.
    """
    for citation, facts in _images(project):
        if facts.get("format") != "SVG" or facts.get("problem"):
            continue
        for threat in _svg_threats(facts):
            yield (
                citation.path,
                Problem(
                    citation.span,
                    f"l'image SVG « {citation.src} » {threat}",
                    "retirez-le du fichier : une illustration ne contient ni code ni lien vers l'extérieur",
                ),
            )


@project_rule(
    "A11Y-IMG-014",
    "dark-on-transparent",
    Severity.WARNING,
    refs="RGAA 3.3 ; WCAG 1.4.11 (AA)",
    reads=("assets",),
)
def dark_on_transparent(project: Project) -> Iterator[tuple[str, Problem]]:
    """Une image à fond transparent a un contenu surtout sombre : il disparaît sur un fond sombre.

    Pourquoi : le site d'aperçu et Pix ont un thème sombre ; un trait noir sur fond transparent y
    devient invisible (RGAA 3.3). La règle mesure la luminance relative moyenne des pixels opaques
    (moins de 0,2 : sombre) sur l'image réduite à 1024 pixels de côté.

    Mauvais : un pictogramme noir en PNG transparent.
    Bon : le même sur un fond blanc opaque, ou avec un contour clair.
    """
    for citation, facts in _images(project):
        luminance = facts.get("opaque_luminance")
        if citation.informative and isinstance(luminance, float) and luminance < DARK_LUMINANCE:
            yield (
                citation.path,
                Problem(
                    citation.span,
                    f"l'image « {citation.src} » est sombre sur fond transparent : elle disparaît sur un fond sombre",
                    "donnez-lui un fond clair opaque, ou un contour clair",
                ),
            )


@project_rule(
    "A11Y-CLR-004",
    "image-text-contrast",
    Severity.INFO,
    refs="RGAA 3.2, 3.3 ; WCAG 1.4.3 (AA), 1.4.11 (AA)",
    opt_in=True,  # experimental (the catalogue's word): a lead for a person, asked for with --select,
    reads=("assets",),
)
def image_text_contrast(project: Project) -> Iterator[tuple[str, Problem]]:
    """Expérimental : le texte d'une image semble peu contrasté avec son fond (estimation à vérifier).

    Pourquoi : un texte peu contrasté ne se lit pas pour une personne malvoyante ou sur un écran au
    soleil (RGAA 3.2 : 4,5:1 au moins). Ce que la règle ne peut pas décider : sans lecture du texte
    (pas d'OCR), elle prend le ton dominant pour le fond et le cœur des traits qui s'en détachent
    pour le texte, sur les images qui ressemblent à du texte (IMG-011) ; un dégradé, une photo, un
    texte sur plusieurs fonds, un trait de tableau pris pour du texte faussent l'estimation. C'est
    une piste pour une personne, jamais un verdict, d'où une règle à demander
    (`--select A11Y-CLR-004`). Une image-test (`role: test`) n'est pas signalée : elle est l'objet
    même de la question.

    Mauvais : une capture où un texte gris clair (#AAAAAA) est écrit sur du blanc.
    Bon : la même capture avec un texte gris foncé (#595959 ou plus sombre) : 7:1.
    """
    for citation, facts in _images(project):
        ratio = facts.get("text_contrast")
        # an image-test is the question itself: it is not changed for contrast (nor for IMG-011)
        if (
            isinstance(ratio, float)
            and ratio < MIN_TEXT_CONTRAST
            and citation.informative
            and not citation.has("test")
        ):
            shown = f"{ratio:.1f}".replace(".", ",")
            yield (
                citation.path,
                Problem(
                    citation.span,
                    f"le texte de l'image « {citation.src} » semble peu contrasté (environ {shown}:1, au moins 4,5:1 attendu)",
                    "vérifiez le contraste à l'œil ou avec un outil ; renforcez-le dans l'image si besoin",
                ),
            )
