"""Accessibility of moving and flashing content (A11Y-MOV): animated images and media that play alone.

RGAA criteria 4.10, 13.7 and 13.8, WCAG 1.4.2, 2.2.2 and 2.3.1. MOV-001 and MOV-002 read the
animated image files an épreuve cites (`epreuve_tools.assets`: frames are decoded once per content
hash, within the bounds stated there); MOV-003 reads the raw HTML of the body.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.assets import IMAGE_USES, Citation, Facts, citations
from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.project import Project
from epreuve_tools.registry import document_rule, project_rule
from epreuve_tools.rules.a11y_scan import scan, tags

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve

_MEDIA_TAGS = frozenset(("audio", "video"))


@document_rule(
    "A11Y-MOV-003", "media-autoplay", Severity.ERROR, refs="RGAA 4.10, 13.8 ; WCAG 1.4.2 (A), 2.2.2 (A)"
)
def media_autoplay(epreuve: Epreuve) -> Iterator[Problem]:
    """Un son ou une vidéo démarre seul à l'affichage (`autoplay`).

    Pourquoi : un son qui démarre seul couvre la voix du lecteur d'écran, et l'apprenant qui ne voit
    pas l'écran doit d'abord trouver comment l'arrêter (RGAA 4.10) ; une vidéo qui bouge seule
    distrait et ne se contrôle pas (RGAA 13.8). Le média doit attendre que l'apprenant le lance. Ce
    code lit l'attribut `autoplay` du HTML brut (`<video autoplay>`, `<audio autoplay>`) ; la clé
    `media[].autoplay` de l'en-tête relève du même code.

    Mauvais : `<video src="medias/demo.mp4" autoplay controls></video>`.
    Bon : déclarez le média dans l'en-tête (`media: [{src: medias/demo.mp4, kind: video}]`), sans
    lecture automatique.
    """
    media = epreuve.front_matter.get("media")
    for index, item in enumerate(media if isinstance(media, list) else ()):
        if isinstance(item, dict) and item.get("autoplay") is True:
            src = item.get("src")
            name = f"« {src} »" if isinstance(src, str) else f"n° {index + 1}"
            yield Problem(
                epreuve.source_map.value(("media", index, "autoplay")),
                f"le média {name} démarre seul à l'affichage (`autoplay: true`)",
                "retirez `autoplay` : l'apprenant lance le média quand il est prêt",
            )
    for fragment in scan(epreuve).html:
        if "autoplay" not in fragment.html.lower():
            continue
        for tag in tags(fragment.html):
            for attribute in tag.attributes:
                # a boolean attribute: present, it plays, even written `autoplay="false"`
                if attribute.name == "autoplay":
                    what = f"<{tag.name}>" if tag.name in _MEDIA_TAGS else f"la balise <{tag.name}>"
                    yield Problem(
                        fragment.position(attribute.offset, len("autoplay")),
                        f"{what} démarre seul à l'affichage (attribut `autoplay`)",
                        "retirez `autoplay` : l'apprenant lance le média quand il est prêt",
                    )


# RGAA 13.7: no more than 3 flashes in any one second; RGAA 13.8: 5 seconds of motion at most
MAX_FLASHES_PER_SECOND = 3
MAX_MOTION_MS = 5000


def _animations(project: Project) -> Iterator[tuple[Citation, Facts]]:
    """The animated images cited, with their motion facts (frames are looked at only for these)."""
    for citation in citations(project, IMAGE_USES):
        facts = citation.asset.facts()
        if facts.get("animated") and not facts.get("problem"):
            yield citation, citation.asset.facts("motion")


@project_rule(
    "A11Y-MOV-001", "flashing-image", Severity.ERROR, refs="RGAA 13.7 ; WCAG 2.3.1 (A)", reads=("assets",)
)
def flashing_image(project: Project) -> Iterator[tuple[str, Problem]]:
    """Une image animée flashe plus de 3 fois par seconde sur une grande surface.

    Pourquoi : des flashs rapides peuvent déclencher une crise chez une personne épileptique
    photosensible (RGAA 13.7). Un flash est un aller-retour de la luminance relative d'au moins
    0,1, l'état sombre sous 0,8, sur au moins 21 824 pixels carrés. Estimation (§3.2 du catalogue) :
    au plus 300 images de l'animation sont décodées, réduites à 64 pixels de côté ; la règle ignore
    la contiguïté de la zone et le seuil du « flash rouge » : un cas limite se vérifie avec un outil
    dédié (type PEAT).

    Mauvais : un GIF qui alterne noir et blanc toutes les 100 ms.
    Bon : une image fixe, ou une vidéo sans flash que l'apprenant lance lui-même.
    """
    for citation, motion in _animations(project):
        rate = motion.get("flashes_per_second", 0.0)
        if isinstance(rate, float) and rate > MAX_FLASHES_PER_SECOND:
            shown = f"{rate:.1f}".replace(".", ",")
            yield (
                citation.path,
                Problem(
                    citation.span,
                    f"l'image animée « {citation.src} » flashe environ {shown} fois par seconde (au plus 3)",
                    "remplacez-la par une image fixe, ou ralentissez l'animation",
                ),
            )


def _plays_for(motion: Facts) -> str | None:
    """How long the animation runs, said in French, when it is more than 5 seconds."""
    duration, loop = motion.get("duration_ms", 0), motion.get("loop")
    if not isinstance(duration, int) or duration <= 0:
        return None
    if loop == 0:
        return "tourne en boucle sans fin"
    plays = 1 + (loop if isinstance(loop, int) else 0)
    if duration * plays > MAX_MOTION_MS:
        return f"dure {(duration * plays) / 1000:.1f} s".replace(".", ",")
    return None


@project_rule(
    "A11Y-MOV-002", "endless-animation", Severity.ERROR, refs="RGAA 13.8 ; WCAG 2.2.2 (A)", reads=("assets",)
)
def endless_animation(project: Project) -> Iterator[tuple[str, Problem]]:
    """Une image animée (GIF, APNG, WebP, SVG animé) bouge plus de 5 secondes sans pouvoir être arrêtée.

    Pourquoi : un mouvement qu'on ne peut pas arrêter empêche de se concentrer sur la consigne,
    en particulier avec un trouble de l'attention (RGAA 13.8) ; une image ne se met pas en pause.
    La durée est la somme des durées des images (une durée de 10 ms ou moins compte 100 ms, comme
    dans les navigateurs) fois le nombre de lectures ; `loop` à 0 veut dire sans fin. Les durées
    sont lues dans les blocs du fichier, sans décoder les images (100 000 au plus).

    Mauvais : un GIF qui montre une manipulation en boucle.
    Bon : une suite de captures fixes numérotées, ou une vidéo avec ses commandes.
    """
    for citation in citations(project, IMAGE_USES):
        facts = citation.asset.facts()
        if facts.get("problem"):
            continue
        if facts.get("svg_animated_forever"):
            what: str | None = "s'anime sans fin"
        elif facts.get("animated"):
            what = _plays_for(citation.asset.facts("motion"))
        else:
            what = None
        if what is not None:
            yield (
                citation.path,
                Problem(
                    citation.span,
                    f"l'image animée « {citation.src} » {what} (au plus 5 s sans commande pour l'arrêter)",
                    "remplacez-la par une image fixe, ou par une vidéo que l'apprenant lance et arrête",
                ),
            )
