"""Accessibility of embedded content and simulators (A11Y-EMB): the épreuve's `embed` key.

RGAA 2 (frames), 7 (scripts), 10.11 (reflow) and 13.9-13.12 (orientation, gestures, motion); WCAG
2.2 adds 2.5.7 (dragging). A simulator is a page of its own that the source cannot audit: what the
source can check is that it is named, sized, declared (`embed.accessibility`, filled in after a
test by hand) and, when it is indispensable, doubled by an alternative instruction.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from epreuve_tools.diagnostics import Problem, Severity, quoted
from epreuve_tools.registry import document_rule
from epreuve_tools.rules.a11y_scan import normalise

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve

_BLIND_COMPATIBLE = ("OK", "RAS")
# RGAA 10.11 / WCAG 1.4.10: content must reflow in 320 CSS pixels
MAX_FIXED_WIDTH = 320

# what says nothing of what the frame holds (RGAA 2.2): the kind of thing, not the thing
GENERIC_TITLES = frozenset(
    normalise(title)
    for title in (
        "iframe",
        "frame",
        "cadre",
        "embed",
        "contenu",
        "contenu intégré",
        "contenu embarqué",
        "simulateur",
        "simulation",
        "application",
        "appli",
        "app",
        "widget",
        "module",
        "outil",
        "exercice",
        "activité",
        "interactif",
        "titre",
        "title",
        "sans titre",
        "untitled",
        "todo",
        "à compléter",
        "xxx",
    )
)

# the items of `embed.accessibility`, in the order the guide gives them; `drag_alternative` is
# asked only when `drag` is true
DECLARATION = (
    "keyboard",
    "screen_reader",
    "drag",
    "orientation_lock",
    "complex_gestures",
    "motion",
    "tested",
)
# the value of each item that makes the simulator inaccessible, and what it means for the learner
_BARRIERS = (
    ("keyboard", False, "ne s'utilise pas au clavier seul (RGAA 7.3, WCAG 2.1.1)"),
    ("screen_reader", False, "ne se réalise pas avec un lecteur d'écran (RGAA 7.1, WCAG 4.1.2)"),
    ("orientation_lock", True, "impose une orientation de l'écran (RGAA 13.9, WCAG 1.3.4)"),
    ("complex_gestures", True, "demande des gestes complexes sans alternative (RGAA 13.10, WCAG 2.5.1)"),
    ("motion", True, "se commande en bougeant l'appareil (RGAA 13.11, WCAG 2.5.4)"),
)
# hosts no learner can reach: the simulator runs on the author's machine or a private network
_LOCAL_SUFFIXES = (".local", ".localhost", ".internal", ".lan", ".home", ".test", ".invalid", ".example")
_HAS_TEXT = re.compile(r"[^\W_]")


def _embed(epreuve: Epreuve) -> dict[str, Any] | None:
    embed = epreuve.front_matter.get("embed")
    return embed if isinstance(embed, dict) else None


def _blind_flag(epreuve: Epreuve) -> Any:
    accessibility = epreuve.front_matter.get("accessibility")
    return accessibility.get("non_voyant") if isinstance(accessibility, dict) else None


def _declaration(embed: dict[str, Any]) -> dict[str, Any] | None:
    declaration = embed.get("accessibility")
    return declaration if isinstance(declaration, dict) else None


def _has_text(value: Any) -> bool:
    return isinstance(value, str) and _HAS_TEXT.search(value) is not None


@document_rule("A11Y-EMB-001", "embed-without-title", Severity.ERROR, refs="RGAA 2.1 ; WCAG 4.1.2 (A)")
def embed_without_title(epreuve: Epreuve) -> Iterator[Problem]:
    """Le contenu intégré (`embed`) n'a pas de titre, ou un titre fait seulement d'espaces ou de ponctuation.

    Pourquoi : le lecteur d'écran annonce le cadre par son titre ; sans lui, l'apprenant non voyant
    entend « cadre » et ne sait pas ce qu'il contient ni s'il doit y entrer. Une clé `title` absente
    ou vide est déjà refusée par le schéma (SCHEMA-001, SCHEMA-004) : cette règle signale le titre
    qui n'en est pas un.

    Mauvais : `embed: {url: "https://exemple.fr/messagerie", title: " - "}`.
    Bon : `embed: {url: "https://exemple.fr/messagerie", title: "Simulateur de messagerie"}`.
    """
    embed = _embed(epreuve)
    if embed is None or not isinstance(embed.get("title"), str) or _has_text(embed["title"]):
        return
    yield Problem(
        epreuve.source_map.value(("embed", "title")),
        "le contenu intégré n'a pas de titre : il n'est fait que d'espaces ou de ponctuation",
        "dites ce que contient le cadre, par exemple « Simulateur de messagerie »",
    )


@document_rule("A11Y-EMB-002", "embed-generic-title", Severity.WARNING, refs="RGAA 2.2 ; WCAG 4.1.2 (A)")
def embed_generic_title(epreuve: Epreuve) -> Iterator[Problem]:
    """Le titre du contenu intégré ne dit pas ce qu'il contient (« simulateur », « iframe », son adresse), ou répète celui d'un média.

    Pourquoi : le titre est tout ce qu'un lecteur d'écran annonce du cadre ; « Simulateur » ne dit
    pas lequel, et un titre que porte aussi un média de l'épreuve ne permet plus de les distinguer
    (RGAA 2.2, règle axe `frame-title-unique`). Casse, accents et ponctuation sont ignorés.

    Mauvais : `title: Simulateur`, ou `title: "https://exemple.fr/messagerie"`.
    Bon : `title: "Simulateur de messagerie : boîte de réception"`.
    """
    embed = _embed(epreuve)
    if embed is None or not _has_text(embed.get("title")):
        return
    title = normalise(embed["title"])
    span = epreuve.source_map.value(("embed", "title"))
    url = embed.get("url")
    if title in GENERIC_TITLES or (isinstance(url, str) and title == normalise(url)):
        yield Problem(
            span,
            f"le titre {quoted(embed['title'])} ne dit pas ce que contient le cadre",
            "nommez ce qu'on y trouve et ce qu'on y fait, par exemple « Simulateur de messagerie : "
            "boîte de réception »",
        )
        return
    media = epreuve.front_matter.get("media")
    for item in media if isinstance(media, list) else ():
        if isinstance(item, dict) and _has_text(item.get("title")) and normalise(item["title"]) == title:
            yield Problem(
                span,
                f"le titre {quoted(embed['title'])} est aussi celui d'un média de l'épreuve",
                "donnez au cadre et au média deux titres qui les distinguent",
            )
            return


@document_rule("A11Y-EMB-003", "embed-size", Severity.WARNING, refs="RGAA 10.11 ; WCAG 1.4.10 (AA)")
def embed_size(epreuve: Epreuve) -> Iterator[Problem]:
    """Le contenu intégré n'a pas de hauteur (`height`), ou a une largeur fixe (`width`) de plus de 320 pixels.

    Pourquoi : sans hauteur, le cadre prend une hauteur par défaut qui coupe le simulateur et ajoute
    une barre de défilement intérieure, difficile à manier au clavier et avec un fort zoom. Une
    largeur fixe de plus de 320 pixels déborde sur un téléphone ou à 400 % de zoom : il faut alors
    faire défiler dans deux directions (RGAA 10.11). Sans `width`, le cadre prend la largeur de la
    page.

    Mauvais : `embed: {url: "https://exemple.fr/tableur", title: Tableur des ventes, width: 1024}`.
    Bon : `embed: {url: "https://exemple.fr/tableur", title: Tableur des ventes, height: 600}`.
    """
    embed = _embed(epreuve)
    if embed is None:
        return
    if "height" not in embed:
        yield Problem(
            epreuve.source_map.key(("embed",)),
            "le contenu intégré n'a pas de hauteur (`height`) : il sera coupé ou défilera dans son cadre",
            "ajoutez `height:` avec la hauteur utile du simulateur en pixels, par exemple `height: 600`",
        )
    width = embed.get("width")
    if isinstance(width, int) and not isinstance(width, bool) and width > MAX_FIXED_WIDTH:
        yield Problem(
            epreuve.source_map.value(("embed", "width")),
            f"largeur fixe de {width} pixels : au-delà de {MAX_FIXED_WIDTH}, le cadre déborde sur un petit "
            "écran ou avec un fort zoom",
            "retirez `width` (le cadre prend alors la largeur de la page), ou gardez 320 au plus",
        )


@document_rule(
    "A11Y-EMB-004",
    "embed-accessibility-undeclared",
    Severity.WARNING,
    refs="RGAA 7.1, 7.3, 13.9 à 13.11 ; WCAG 2.1.1 (A), 4.1.2 (A), 1.3.4 (AA), 2.5.1 (A), 2.5.7 (AA)",
)
def embed_accessibility_undeclared(epreuve: Epreuve) -> Iterator[Problem]:
    """Le contenu intégré n'a pas de déclaration d'accessibilité (`embed.accessibility`), ou elle est incomplète.

    Pourquoi : le simulateur est une page que `epreuve check` ne peut pas tester ; seul quelqu'un qui
    l'a essayé peut dire s'il se pilote au clavier, s'il se réalise avec un lecteur d'écran, s'il
    demande un glisser-déposer (et s'il existe une autre façon de faire), s'il impose une orientation,
    des gestes complexes ou des mouvements de l'appareil. La déclaration le note, avec la date du
    test (`tested`), et permet de vérifier que les publics déclarés dans `accessibility` sont
    cohérents (A11Y-EMB-007). `drag_alternative` est demandé quand `drag` vaut true.

    Mauvais : `embed: {url: "https://exemple.fr/messagerie", title: Simulateur de messagerie}`.
    Bon :
        embed:
          url: "https://exemple.fr/messagerie"
          title: "Simulateur de messagerie"
          height: 600
          accessibility: {keyboard: true, screen_reader: true, drag: false,
                          orientation_lock: false, complex_gestures: false, motion: false,
                          tested: 2025-03-14}
    """
    embed = _embed(epreuve)
    if embed is None:
        return
    declaration = _declaration(embed)
    if declaration is None:
        if "accessibility" not in embed:
            yield Problem(
                epreuve.source_map.key(("embed",)),
                "le contenu intégré n'a pas de déclaration d'accessibilité (`embed.accessibility`)",
                "testez le simulateur au clavier et avec un lecteur d'écran, puis notez le résultat : "
                "keyboard, screen_reader, drag, orientation_lock, complex_gestures, motion et tested",
            )
        return
    missing = [item for item in DECLARATION if item not in declaration]
    if declaration.get("drag") is True and "drag_alternative" not in declaration:
        missing.insert(DECLARATION.index("drag") + 1, "drag_alternative")
    if missing:
        yield Problem(
            epreuve.source_map.key(("embed", "accessibility")),
            "déclaration d'accessibilité incomplète : il manque "
            + ", ".join(f"`{item}`" for item in missing),
            "complétez-la après avoir testé le simulateur ; `tested` est la date du test (AAAA-MM-JJ)",
        )


@document_rule(
    "A11Y-EMB-005",
    "essential-embed-without-alternative",
    Severity.ERROR,
    refs="RGAA 7.1 ; WCAG 1.1.1 (A), 4.1.2 (A)",
)
def essential_embed_without_alternative(epreuve: Epreuve) -> Iterator[Problem]:
    """Un contenu intégré indispensable, dans une épreuve déclarée `non_voyant: OK` ou `RAS`, n'a ni consigne alternative ni déclaration de compatibilité.

    Pourquoi : quand il faut utiliser le simulateur pour répondre (`essential`, vrai par défaut), un
    apprenant non voyant ne peut répondre que si le simulateur se réalise au clavier et avec un
    lecteur d'écran (`embed.accessibility` : `keyboard: true` et `screen_reader: true`), ou si
    `alternative_instruction` donne en texte ce qu'il faut savoir. Sans l'un ou l'autre, la
    déclaration `non_voyant: OK` ou `RAS` est fausse, et l'épreuve serait proposée en certification
    avec aménagement.

    Mauvais : `non_voyant: OK` et un `embed` sans `alternative_instruction` ni déclaration.
    Bon : `alternative_instruction: |` suivi du contenu utile du simulateur en texte, ou
    `essential: false` si le simulateur ne fait qu'illustrer la consigne, ou `non_voyant: KO`.
    """
    embed = _embed(epreuve)
    if embed is None or embed.get("essential") is False or _blind_flag(epreuve) not in _BLIND_COMPATIBLE:
        return
    declaration = _declaration(embed) or {}
    if declaration.get("keyboard") is True and declaration.get("screen_reader") is True:
        return
    if _has_text(epreuve.front_matter.get("alternative_instruction")):
        return
    yield Problem(
        epreuve.source_map.value(("accessibility", "non_voyant")),
        f"épreuve déclarée `non_voyant: {_blind_flag(epreuve)}` alors que le contenu intégré, "
        "indispensable pour répondre, n'a pas de consigne alternative ni de déclaration de "
        "compatibilité avec un lecteur d'écran",
        "écrivez `alternative_instruction` (ce que le simulateur montre, en texte), ou déclarez "
        "`keyboard: true` et `screen_reader: true` après l'avoir testé, ou `non_voyant: KO`",
    )


@document_rule(
    "A11Y-EMB-006", "local-embed", Severity.ERROR, refs="RGAA 7.1 à 7.5 ; WCAG 4.1.2 (A), 2.1.1 (A)"
)
def local_embed(epreuve: Epreuve) -> Iterator[Problem]:
    """Le contenu intégré est servi par la machine de l'auteur ou un réseau privé : il n'est ni publié ni auditable.

    Pourquoi : un simulateur local (`localhost`, `127.0.0.1`, `192.168…`, `*.local`) n'existe que sur
    le poste qui l'a lancé ; l'apprenant verrait un cadre vide et l'audit automatique (axe dans le
    navigateur, sur le site d'aperçu) ne peut pas y entrer. Un simulateur livré avec l'épreuve doit
    être publié à une adresse https joignable, puis audité dans un navigateur comme le reste du site
    (A11Y-SITE) : `epreuve check` ne lance pas de navigateur, il signale ce que la source montre.

    Mauvais : `url: "https://localhost:8080/simulateur"`.
    Bon : `url: "https://simulateurs.exemple.fr/messagerie"`.
    """
    embed = _embed(epreuve)
    url = embed.get("url") if embed is not None else None
    if not isinstance(url, str):
        return
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:  # a malformed address is the schema's to report
        return
    if _is_local(host):
        yield Problem(
            epreuve.source_map.value(("embed", "url")),
            f"le contenu intégré est servi par {quoted(host)}, que l'apprenant ne peut pas joindre",
            "publiez le simulateur à une adresse https publique et auditez-le dans un navigateur",
        )


def _is_local(host: str) -> bool:
    if not host:
        return False
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." not in host  # a bare machine name (`https://intranet/`) resolves only inside
    return address.is_private or address.is_loopback or address.is_link_local or address.is_unspecified


@document_rule(
    "A11Y-EMB-007",
    "embed-declared-inaccessible",
    Severity.ERROR,
    refs="RGAA 7.1, 7.3, 13.9 à 13.11 ; WCAG 2.1.1 (A), 4.1.2 (A), 1.3.4 (AA), 2.5.1 (A), 2.5.7 (AA)",
)
def embed_declared_inaccessible(epreuve: Epreuve) -> Iterator[Problem]:
    """La déclaration du simulateur dit qu'il n'est pas accessible, et l'épreuve est pourtant déclarée `non_voyant: OK` ou `RAS`.

    Pourquoi : le moteur de certification ne propose aux candidats qui ont besoin d'un aménagement
    que les épreuves `OK` ou `RAS`. Un simulateur qui ne s'utilise pas au clavier ou avec un lecteur
    d'écran, qui demande un glisser-déposer sans autre moyen de faire, qui impose une orientation, des
    gestes complexes ou des mouvements de l'appareil, les mettrait en échec. Le catalogue range ce
    cas sous A11Y-EMB-004 (« erreur si… ») ; une règle n'a qu'une gravité, il prend donc le numéro
    libre suivant. Un contenu qui ne fait qu'illustrer la consigne (`essential: false`) n'empêche
    personne de répondre : il n'est pas signalé.

    Mauvais : `non_voyant: OK` avec `embed.accessibility: {keyboard: false, …}`.
    Bon : `non_voyant: KO`, ou un simulateur corrigé puis testé à nouveau (`keyboard: true`).
    """
    embed = _embed(epreuve)
    flag = _blind_flag(epreuve)
    # an embed that only illustrates (`essential: false`) does not stand between the learner and the answer
    if embed is None or embed.get("essential") is False or flag not in _BLIND_COMPATIBLE:
        return
    declaration = _declaration(embed)
    if declaration is None:
        return
    barriers = [(item, meaning) for item, bad, meaning in _BARRIERS if declaration.get(item) is bad]
    if declaration.get("drag") is True and declaration.get("drag_alternative") is not True:
        barriers.append(("drag", "demande un glisser-déposer sans autre moyen de faire (WCAG 2.5.7)"))
    for item, meaning in barriers:
        yield Problem(
            epreuve.source_map.value(("embed", "accessibility", item)),
            f"le simulateur {meaning}, mais l'épreuve est déclarée `non_voyant: {flag}`",
            "déclarez `non_voyant: KO`, ou corrigez le simulateur et testez-le à nouveau",
        )
