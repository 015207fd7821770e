"""Raw HTML that runs code or loads content (SEC): refused whatever the configuration.

The catalogue has no code for this part: it is not an accessibility matter first, but a security
one for the preview site and the Pix runtime, which show the épreuve's HTML as written. The codes
are therefore `SEC-…`, outside the A11Y family: an `A11Y-` code can be waived per épreuve, and
these must not be. The rules are `locked`: `--ignore`, `severity` and `a11y.waivers` leave them as
they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.registry import document_rule
from epreuve_tools.rules.a11y_scan import scan, tags

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve

# elements that run code, load another document or restyle the whole page
ACTIVE_ELEMENTS = frozenset(
    ("script", "iframe", "object", "embed", "applet", "frame", "frameset", "style", "link", "meta", "base")
)
# what a browser runs when it follows the address; control characters and spaces inside the scheme
# are dropped by browsers, so they are dropped here too
_DANGEROUS_URL = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
_IGNORED_IN_URL = re.compile(r"[\x00-\x20]+")

_REFS = "OWASP XSS Prevention ; RGAA 7.1 et 2.1 pour les cadres et scripts ; WCAG 4.1.2 (A)"


def _scheme(value: str) -> str | None:
    match = _DANGEROUS_URL.match(_IGNORED_IN_URL.sub("", value))
    return match.group(1).lower() if match else None


@document_rule("SEC-001", "active-html-element", Severity.ERROR, refs=_REFS, locked=True)
def active_html_element(epreuve: Epreuve) -> Iterator[Problem]:
    """Le corps contient un élément HTML actif : `<script>`, `<iframe>`, `<object>`, `<embed>`, `<style>`…

    Pourquoi : le site d'aperçu et le moteur Pix affichent le HTML de l'épreuve tel quel : un
    `<script>` s'y exécuterait chez chaque relecteur et chaque apprenant, un `<iframe>` ou un
    `<object>` chargerait une autre page sans titre ni contrôle, un `<style>` changerait toute la
    page. C'est une faille, pas un choix de rédaction : cette règle ne se désactive pas, ne change
    pas de gravité et n'admet pas de dérogation. Un contenu intégré se déclare dans la clé `embed`
    (adresse en https et titre obligatoires).

    Mauvais : `<iframe src="https://exemple.fr/simulateur"></iframe>` dans la consigne.
    Bon : `embed: {url: "https://exemple.fr/simulateur", title: Simulateur de messagerie}`.
    """
    for fragment in scan(epreuve).html:
        for tag in tags(fragment.html):
            if tag.name in ACTIVE_ELEMENTS:
                yield Problem(
                    fragment.position(tag.offset, tag.length),
                    f"élément HTML <{tag.name}> interdit dans une épreuve",
                    "retirez-le ; un contenu intégré se déclare dans `embed` (url en https et title)",
                )


@document_rule("SEC-002", "html-event-handler", Severity.ERROR, refs=_REFS, locked=True)
def html_event_handler(epreuve: Epreuve) -> Iterator[Problem]:
    """Une balise HTML du corps porte un attribut d'événement (`onerror=`, `onclick=`, `onload=`…).

    Pourquoi : un attribut `on…` est du JavaScript, exécuté par le navigateur dès que l'événement
    arrive (`<img src=x onerror=…>` s'exécute à l'affichage). Comme `<script>`, il ne se désactive
    pas, ne change pas de gravité et n'admet pas de dérogation.

    Mauvais : `<img src="x.png" onerror="alert(1)">`.
    Bon : `![Ce que montre l'image](images/x.png)`, sans HTML.
    """
    for fragment in scan(epreuve).html:
        for tag in tags(fragment.html):
            for attribute in tag.attributes:
                if attribute.name.startswith("on") and len(attribute.name) > 2:
                    yield Problem(
                        fragment.position(attribute.offset, len(attribute.name)),
                        f"attribut d'événement `{attribute.name}` interdit dans <{tag.name}>",
                        "retirez l'attribut : une épreuve ne contient pas de code",
                    )


@document_rule("SEC-003", "dangerous-url", Severity.ERROR, refs=_REFS, locked=True)
def dangerous_url(epreuve: Epreuve) -> Iterator[Problem]:
    """Un lien, une image ou un attribut HTML a une adresse `javascript:`, `vbscript:` ou `data:`.

    Pourquoi : une adresse `javascript:` exécute du code quand on suit le lien ; une adresse `data:`
    cache un document entier (page HTML, script, image) dans l'adresse même, hors de toute
    vérification des fichiers. Une image se place dans le dossier de l'épreuve et se cite par son
    chemin. La règle ne se désactive pas, ne change pas de gravité et n'admet pas de dérogation.

    Mauvais : `[Valider](javascript:envoyer())`, ou `![Logo](data:image/png;base64,iVBOR…)`.
    Bon : `[le site impots.gouv.fr](https://www.impots.gouv.fr)`, ou `![Logo de la DGFiP](images/logo.png)`.
    """
    found = scan(epreuve)
    for span, refused in found.refused_links:
        yield Problem(span, f"adresse `{refused}` interdite dans un lien", "donnez une adresse https://")
    for image in found.images:
        scheme = _scheme(image.src)
        if scheme:
            yield Problem(
                image.span,
                f"adresse `{scheme}:` interdite pour une image",
                "enregistrez l'image dans le dossier de l'épreuve et citez son chemin",
            )
    for link in found.links:
        scheme = _scheme(link.href)
        if scheme:
            yield Problem(
                link.span, f"adresse `{scheme}:` interdite dans un lien", "donnez une adresse https://"
            )
    for fragment in found.html:
        for tag in tags(fragment.html):
            for attribute in tag.attributes:
                scheme = _scheme(attribute.value) if attribute.value else None
                if scheme:
                    yield Problem(
                        fragment.position(attribute.offset, len(attribute.name)),
                        f"adresse `{scheme}:` interdite dans l'attribut `{attribute.name}` de <{tag.name}>",
                        "retirez la balise : un lien s'écrit `[intitulé](https://…)`, une image "
                        "`![texte alternatif](images/…)`",
                    )
