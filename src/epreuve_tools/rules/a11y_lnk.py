"""Accessibility of links (A11Y-LNK): every link has a name, and the name says where it goes.

RGAA criteria 6.1 and 6.2, WCAG 2.4.4. Screen-reader users often list a page's links out of
context: « ici », « ici », « lien » say nothing there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.registry import document_rule
from epreuve_tools.rules.a11y_scan import normalise, scan

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve

# Appendix A of the catalogue, French then English, compared after `normalise`
GENERIC_LINK_TEXTS = frozenset(
    normalise(text)
    for text in (
        "ici",
        "cliquez ici",
        "cliquer ici",
        "clique ici",
        "cliquez",
        "par ici",
        "là",
        "lien",
        "ce lien",
        "le lien",
        "en savoir plus",
        "pour en savoir plus",
        "savoir plus",
        "lire la suite",
        "la suite",
        "suite",
        "plus",
        "voir",
        "voir plus",
        "voir ici",
        "page",
        "cette page",
        "ce site",
        "site",
        "document",
        "télécharger",
        "accéder",
        "consulter",
        "here",
        "click here",
        "more",
        "read more",
        "learn more",
        "link",
        "this link",
        "this page",
    )
)
# the catalogue's threshold: a short address (« impots.gouv.fr ») reads as a name, a long one does not
MAX_URL_TEXT = 40
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S+$", re.IGNORECASE)


@document_rule("A11Y-LNK-001", "empty-link", Severity.ERROR, refs="RGAA 6.2 ; WCAG 2.4.4 (A), 4.1.2 (A)")
def empty_link(epreuve: Epreuve) -> Iterator[Problem]:
    """Un lien n'a pas d'intitulé : ni texte, ni image avec un texte alternatif.

    Pourquoi : un lien sans nom est annoncé « lien » suivi de son adresse, ou rien du tout : on ne
    sait ni où il mène, ni s'il faut le suivre. Un lien fait d'une seule image prend son nom du
    texte alternatif de l'image, qui ne peut donc pas être vide.

    Mauvais : `[](https://www.service-public.fr)`, ou `[![](logo.png)](https://www.service-public.fr)`.
    Bon : `[le site Service-Public.fr](https://www.service-public.fr)`.
    """
    for link in scan(epreuve).links:
        if not link.text.strip():
            yield Problem(
                link.span,
                "lien sans intitulé : son image n'a pas de texte alternatif"
                if link.images
                else "lien sans intitulé",
                "écrivez entre les crochets où mène le lien, par exemple `[le site Service-Public.fr](…)`",
            )


@document_rule("A11Y-LNK-002", "generic-link-text", Severity.WARNING, refs="RGAA 6.1 ; WCAG 2.4.4 (A)")
def generic_link_text(epreuve: Epreuve) -> Iterator[Problem]:
    """L'intitulé d'un lien ne veut rien dire hors de son contexte : « ici », « cliquez ici », « en savoir plus »…

    Pourquoi : les utilisateurs de lecteur d'écran parcourent souvent la liste des liens d'une page,
    sans le texte qui les entoure : « ici » ne dit pas où le lien mène. Le RGAA admet un lien
    explicite par son contexte (la phrase qui le contient), d'où un avertissement : s'il est vraiment
    le sujet de l'épreuve, une dérogation (`a11y.waivers`) le lève.

    Mauvais : `Pour déclarer vos revenus, [cliquez ici](https://www.impots.gouv.fr).`
    Bon : `Déclarez vos revenus sur [le site impots.gouv.fr](https://www.impots.gouv.fr).`
    """
    for link in scan(epreuve).links:
        if normalise(link.text) in GENERIC_LINK_TEXTS:
            yield Problem(
                link.span,
                f"intitulé de lien vague hors contexte : « {link.text} »",
                "faites de l'intitulé la destination du lien, par exemple « le formulaire de "
                "demande de congé »",
            )


@document_rule("A11Y-LNK-003", "url-as-link-text", Severity.WARNING, refs="RGAA 6.1 ; WCAG 2.4.4 (A)")
def url_as_link_text(epreuve: Epreuve) -> Iterator[Problem]:
    """L'intitulé d'un lien est une longue adresse web (plus de 40 caractères).

    Pourquoi : un lecteur d'écran épelle l'adresse signe par signe (« h t t p s deux-points barre
    oblique… ») : elle ne dit pas où mène le lien. Une adresse courte (« impots.gouv.fr ») se lit
    comme un nom et reste admise. Une épreuve qui porte sur la lecture d'une adresse complète la
    garde avec une dérogation (`a11y.waivers`) qui le dit.

    Mauvais : `<https://www.service-public.fr/particuliers/vosdroits/F1234>`.
    Bon : `[la fiche « Congé de maternité » de Service-Public.fr](https://www.service-public.fr/…)`.
    """
    for link in scan(epreuve).links:
        text = link.text.strip()
        if len(text) > MAX_URL_TEXT and (link.autolink or _URL.match(text) or text == link.href):
            yield Problem(
                link.span,
                f"l'intitulé du lien est une adresse de {len(text)} caractères",
                "remplacez l'adresse par le nom de la page ou du service : `[nom de la page](adresse)`",
            )
