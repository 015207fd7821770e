"""Accessibility of moving and flashing content (A11Y-MOV): animated images and media that play alone.

RGAA criteria 4.10, 13.7 and 13.8, WCAG 1.4.2, 2.2.2 and 2.3.1. MOV-001 and MOV-002 read the
animated image files an épreuve cites (`epreuve_tools.assets`: frames are decoded once per content
hash, within the bounds stated there); MOV-003 reads the raw HTML of the body.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.registry import document_rule
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
