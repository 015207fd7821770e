"""Accessibility of links (A11Y-LNK): every link has a name, and the name says where it goes.

RGAA criteria 6.1 and 6.2, WCAG 2.4.4. Screen-reader users often list a page's links out of
context: « ici », « ici », « lien » say nothing there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity, Span
from epreuve_tools.registry import document_rule
from epreuve_tools.rules.a11y_scan import HtmlRef, Tag, normalise, scan, tags

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


def _target(href: str) -> str:
    """An address as compared: `https://a.fr/` and `https://a.fr` are one target."""
    return href.strip().rstrip("/")


def _named_links(epreuve: Epreuve) -> Iterator[tuple[str, str, Span]]:
    """(text, target, place) of every link a reader lists: body links, then attachments."""
    for link in scan(epreuve).links:
        yield link.text, link.href, link.span
    for index, title, src in _attachments(epreuve):
        yield title, src, epreuve.source_map.value(("attachments", index, "title"))


def _attachments(epreuve: Epreuve) -> Iterator[tuple[int, str, str]]:
    attachments = epreuve.front_matter.get("attachments")
    if not isinstance(attachments, list):
        return
    for index, attachment in enumerate(attachments):
        if isinstance(attachment, dict):
            title, src = attachment.get("title"), attachment.get("src")
            if isinstance(title, str) and isinstance(src, str):
                yield index, title, src


@document_rule(
    "A11Y-LNK-004", "same-text-other-target", Severity.WARNING, refs="RGAA 6.1 ; WCAG 2.4.4 (A), 2.4.9 (AAA)"
)
def same_text_other_target(epreuve: Epreuve) -> Iterator[Problem]:
    """Deux liens de l'épreuve ont le même intitulé mais mènent à deux adresses différentes.

    Pourquoi : dans la liste des liens d'une page, que les lecteurs d'écran proposent, deux
    « Fiche pratique » identiques ne disent pas laquelle mène où. Les pièces jointes comptent comme
    des liens (leur `title` est l'intitulé). La comparaison ignore la casse, les accents et la
    ponctuation ; un intitulé vague (« ici », « en savoir plus ») est déjà signalé par
    A11Y-LNK-002 et ne l'est pas une seconde fois.

    Mauvais : `[Fiche pratique](https://www.service-public.fr/F1)` et
    `[Fiche pratique](https://www.service-public.fr/F2)`.
    Bon : `[Fiche « Carte grise »](…/F1)` et `[Fiche « Permis de conduire »](…/F2)`.
    """
    seen: dict[str, tuple[str, Span]] = {}
    for text, href, span in _named_links(epreuve):
        folded = normalise(text)
        if not folded or folded in GENERIC_LINK_TEXTS:
            continue
        first = seen.setdefault(folded, (_target(href), span))
        if first[0] != _target(href):
            yield Problem(
                span,
                f"l'intitulé « {text} » mène aussi, ligne {first[1].start.line}, à une autre adresse",
                "distinguez les deux intitulés par leur destination",
            )


def _words_in_order(words: list[str], text: list[str]) -> bool:
    remaining = iter(text)
    return all(word in remaining for word in words)


@document_rule(
    "A11Y-LNK-005", "title-without-link-text", Severity.ERROR, refs="RGAA 6.1 (test 6.1.5) ; WCAG 2.5.3 (A)"
)
def title_without_link_text(epreuve: Epreuve) -> Iterator[Problem]:
    """Le titre d'un lien (`[texte](adresse "titre")`) ne reprend pas son intitulé visible.

    Pourquoi : selon le lecteur d'écran et ses réglages, c'est le titre qui est lu à la place de
    l'intitulé ; qui pilote l'ordinateur à la voix dit l'intitulé qu'il voit. Le RGAA (6.1.5)
    demande que le titre reprenne l'intitulé visible, complété si besoin. Les mots de l'intitulé
    doivent se retrouver dans le titre, dans l'ordre (casse, accents et ponctuation ignorés). Un
    lien en HTML brut (`<a title>`) est déjà refusé par A11Y-PRS-003.

    Mauvais : `[Formulaire Cerfa 12345](https://www.service-public.fr/… "Télécharger le document")`.
    Bon : `[Formulaire Cerfa 12345](https://www.service-public.fr/… "Formulaire Cerfa 12345, PDF de 240 Ko")`.
    """
    for link in scan(epreuve).links:
        words = normalise(link.text).split()
        if not link.title.strip() or not words:
            continue
        if not _words_in_order(words, normalise(link.title).split()):
            yield Problem(
                link.span,
                f"le titre « {link.title} » du lien ne reprend pas son intitulé « {link.text} »",
                f"commencez le titre par l'intitulé : « {link.text}, … », ou retirez le titre",
            )


# File formats a link may lead to, and the words that announce each (compared after `normalise`)
FILE_FORMATS: dict[str, tuple[str, ...]] = {
    "pdf": ("pdf",),
    "odt": ("odt", "opendocument"),
    "ods": ("ods", "opendocument"),
    "odp": ("odp", "opendocument"),
    "doc": ("doc", "word"),
    "docx": ("docx", "word"),
    "xls": ("xls", "excel"),
    "xlsx": ("xlsx", "excel"),
    "ppt": ("ppt", "powerpoint"),
    "pptx": ("pptx", "powerpoint"),
    "csv": ("csv",),
    "txt": ("txt", "texte brut"),
    "rtf": ("rtf",),
    "epub": ("epub",),
    "zip": ("zip", "archive"),
    "mp3": ("mp3", "audio"),
    "mp4": ("mp4", "video"),
}
_EVERY_FORMAT_WORD = frozenset(word for words in FILE_FORMATS.values() for word in words)
_SIZE = re.compile(r"\d+(?:[,.]\d+)?\s?(?:o|octets?|[kmg]i?o|[kmg]b)\b", re.IGNORECASE)


def _extension(path: str) -> str | None:
    """The file format a path or address points at, by its extension, if it is one of FILE_FORMATS."""
    path = path.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    name = path.rsplit("/", 1)[-1]
    if "." not in name:
        return None
    extension = name.rsplit(".", 1)[1].lower()
    return extension if extension in FILE_FORMATS else None


def _announces(text: str, extension: str) -> tuple[bool, bool, str | None]:
    """Whether `text` gives the format of `extension` and a size, and which other format it names."""
    padded = f" {normalise(text)} "
    right = any(f" {word} " in padded for word in FILE_FORMATS[extension])
    other = None
    if not right:
        other = next((word for word in sorted(_EVERY_FORMAT_WORD) if f" {word} " in padded), None)
        other = other.upper() if other is not None and len(other) <= 4 else other
    return right, _SIZE.search(text) is not None, other


def _missing(format_given: bool, size_given: bool, extension: str) -> str:
    parts = ([] if format_given else [f"son format ({extension.upper()})"]) + (
        [] if size_given else ["sa taille"]
    )
    return " ni ".join(parts)


@document_rule(
    "A11Y-LNK-006",
    "file-link-format-size",
    Severity.INFO,
    refs="RGAA 13.3 (contexte), 6.1 ; WCAG 2.4.4 (A) (bonne pratique)",
)
def file_link_format_size(epreuve: Epreuve) -> Iterator[Problem]:
    """Un lien vers un fichier, ou une pièce jointe, n'annonce pas le format et la taille du fichier : « (PDF, 240 Ko) ».

    Pourquoi : l'apprenant doit savoir avant de cliquer qu'il télécharge un fichier, quel logiciel
    l'ouvrira et combien de temps cela prendra ; un lecteur d'écran ne le dit pas. Le format se lit
    à l'extension (`.pdf`, `.ods`…) : un intitulé qui en annonce un autre est signalé. Pour un lien
    du corps, le format et la taille peuvent être dans l'intitulé, le titre ou la phrase du lien ;
    pour une pièce jointe, dans son `title`. La taille annoncée n'est pas comparée à celle du
    fichier : cette règle lit l'épreuve seule (son résultat est gardé en cache tant que l'épreuve
    ne change pas), pas le disque.

    Mauvais : `attachments: [{src: fichiers/budget.ods, title: "Budget du club"}]`.
    Bon : `attachments: [{src: fichiers/budget.ods, title: "Budget du club (classeur ODS, 56 Ko)"}]`.
    """
    for link in scan(epreuve).links:
        extension = _extension(link.href)
        if extension is None:
            continue
        context = f"{link.text} {link.title} {link.paragraph}"
        format_given, size_given, other = _announces(context, extension)
        if not (format_given and size_given):
            yield Problem(
                link.span,
                f"le lien vers un fichier {extension.upper()} n'annonce pas {_missing(format_given, size_given, extension)}"
                + (f" (il annonce « {other} »)" if other else ""),
                f"ajoutez après l'intitulé le format et la taille, par exemple « ({extension.upper()}, 240 Ko) »",
            )
    for index, title, src in _attachments(epreuve):
        extension = _extension(src)
        if extension is None:
            continue
        format_given, size_given, other = _announces(title, extension)
        if not (format_given and size_given):
            yield Problem(
                epreuve.source_map.value(("attachments", index, "title")),
                f"l'intitulé de la pièce jointe n'annonce pas {_missing(format_given, size_given, extension)}"
                + (f" : il annonce « {other} », le fichier est un {extension.upper()}" if other else ""),
                f"ajoutez-les au `title`, par exemple « {title} ({extension.upper()}, 56 Ko) »",
            )


_NEW_WINDOW = re.compile(r"\b(?:nouvel(?:le)? (?:fenetre|onglet|page)|new (?:window|tab))\b")
_CLOSING_A = re.compile(r"</a\s*>", re.IGNORECASE)
# how far the text of an HTML link is looked for after its `<a>`: a link's text, not a page
_LINK_TEXT_REACH = 500


@document_rule(
    "A11Y-LNK-007",
    "new-window-not-announced",
    Severity.INFO,
    refs="RGAA 13.2 (bonne pratique) ; WCAG 3.2.5 (AAA) (bonne pratique)",
)
def new_window_not_announced(epreuve: Epreuve) -> Iterator[Problem]:
    """Un lien `target="_blank"` ouvre une nouvelle fenêtre sans l'annoncer.

    Pourquoi : une nouvelle fenêtre ou un nouvel onglet déroute qui ne voit pas l'écran : le bouton
    « Précédent » ne ramène plus à l'épreuve. L'intitulé, ou son `title`, le dit : « (nouvelle
    fenêtre) ». Le Markdown n'ouvre jamais de nouvelle fenêtre : seul un lien en HTML brut le
    peut, que A11Y-PRS-003 refuse déjà ; cette règle dit en plus ce qu'il faut annoncer si le lien
    est gardé (avec une dérogation).

    Mauvais : `<a href="https://www.impots.gouv.fr" target="_blank">impots.gouv.fr</a>`.
    Bon : `[impots.gouv.fr](https://www.impots.gouv.fr)`, ou le même lien HTML avec
    « impots.gouv.fr (nouvelle fenêtre) ».
    """
    lines: list[str] | None = None
    for fragment in scan(epreuve).html:
        if "target" not in fragment.html.lower():
            continue
        for tag in tags(fragment.html):
            if tag.name != "a":
                continue
            attributes = {attribute.name: attribute.value or "" for attribute in tag.attributes}
            target = attributes.get("target", "").strip().lower()
            if not target or target in ("_self", "_top", "_parent"):
                continue
            if lines is None:
                lines = epreuve.body.text.split("\n")
            said = " ".join(
                (
                    attributes.get("title", ""),
                    attributes.get("aria-label", ""),
                    _after(fragment, tag, lines, epreuve.body.first_line),
                )
            )
            if not _NEW_WINDOW.search(normalise(said)):
                yield Problem(
                    fragment.position(tag.offset, tag.length),
                    "ce lien s'ouvre dans une nouvelle fenêtre sans l'annoncer",
                    "écrivez-le en Markdown, qui ouvre le lien à sa place, ou ajoutez à l'intitulé « (nouvelle fenêtre) »",
                )


def _after(fragment: HtmlRef, tag: Tag, lines: list[str], first_line: int) -> str:
    """The text of an HTML link: after its `<a …>`, up to `</a>` (in its fragment, or in the body)."""
    inside = fragment.html[tag.offset + tag.length :]
    if fragment.block:
        closing = _CLOSING_A.search(inside)
        return inside[: closing.start()] if closing else inside[:_LINK_TEXT_REACH]
    # inline HTML: the `<a …>` alone is the fragment, its text follows it in the body
    end = fragment.position(tag.offset + tag.length - 1).start  # the tag's `>`
    index = end.line - first_line
    if not 0 <= index < len(lines):
        return ""
    rest = "\n".join(lines[index : index + 5])[end.column :][:_LINK_TEXT_REACH]
    closing = _CLOSING_A.search(rest)
    return rest[: closing.start()] if closing else rest
