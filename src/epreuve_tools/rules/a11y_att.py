"""Accessibility of attachments (A11Y-ATT): what the office documents and PDF files cited say of themselves.

RGAA criteria 13.3 and 13.4. The files in `attachments[].src` and `attachments[].alternative` are
read by `epreuve_tools.assets` (once per content hash, within the bounds stated there: archives
with size and ratio caps, PDF without decoding a content stream). What a file cannot say (that the
alternative holds the same information, RGAA 13.4; that a heading row is one) stays for a human.
"""

from __future__ import annotations

from collections.abc import Iterator

from epreuve_tools.assets import DOCUMENT_USES, OFFICE_FORMATS, Citation, Facts, citations
from epreuve_tools.diagnostics import Problem, Severity, plural
from epreuve_tools.project import Project
from epreuve_tools.registry import project_rule

# RGAA glossary « document bureautique » that can be made accessible, and what a browser shows
ACCESSIBLE_FORMATS = OFFICE_FORMATS | {"PDF"}
ALTERNATIVE_FORMATS = ACCESSIBLE_FORMATS | {"HTML"}
# plain text (a .csv of data, a .txt) is read by every assistive technology as it is
PLAIN_FORMATS = frozenset(("TEXT",))
MIN_PARAGRAPHS_FOR_HEADINGS = 10
_FORMAT_NAMES = {
    "TEXT": "texte brut",
    "UNKNOWN": "format inconnu",
    "ZIP": "archive zip",
    "OLE": "ancien format Office",
}
MAX_EMPTY_PARAGRAPHS = 2


def _documents(project: Project) -> Iterator[tuple[Citation, Facts]]:
    for citation in citations(project, DOCUMENT_USES):
        yield citation, citation.asset.facts()


def _format_problem(citation: Citation, facts: Facts) -> str | None:
    if facts.get("problem"):
        return f"« {citation.src} » : {facts['problem']}"
    kind, expected = facts.get("format"), citation.expected_format
    allowed = ALTERNATIVE_FORMATS if citation.use == "alternative" else ACCESSIBLE_FORMATS | PLAIN_FORMATS
    if kind in ("PNG", "JPEG", "GIF", "WEBP", "TIFF", "BMP"):
        return f"« {citation.src} » est une image : un document scanné ne se lit pas au lecteur d'écran"
    if kind not in allowed:
        what = (
            "la version accessible d'un document"
            if citation.use == "alternative"
            else "une pièce jointe accessible"
        )
        return f"« {citation.src} » ({_FORMAT_NAMES.get(str(kind), kind)}) ne peut pas être {what}"
    if expected is not None and expected != kind:
        return f"« {citation.src} » : son extension annonce {expected}, le fichier est en {kind}"
    return None


@project_rule(
    "A11Y-ATT-001",
    "attachment-format",
    Severity.ERROR,
    refs="RGAA 13.3 ; WCAG 1.1.1 (A), 1.3.1 (A)",
    reads=("assets",),
)
def attachment_format(project: Project) -> Iterator[tuple[str, Problem]]:
    """Une pièce jointe est d'un format qui ne peut pas être accessible, mal nommée, illisible ou refusée à la lecture.

    Pourquoi : seuls les documents bureautiques ouverts ou Office (ODT, ODS, ODP, DOCX, XLSX,
    PPTX), le PDF et l'EPUB peuvent porter titres, langue et alternatives (glossaire du RGAA) ; un
    texte brut (.txt, .csv) se lit tel quel, mais ne peut pas être la version accessible d'un
    autre document, qui peut être une page HTML. Une image de document (un scan) ne se lit pas.
    Bornes : un fichier de plus de 64 Mio n'est pas lu ; une archive (.docx, .odt…) de plus de
    5 000 fichiers, dont un fichier se décompresse au-delà de 16 Mio ou de 100 fois sa taille, ou
    de plus de 64 Mio décompressés en tout, est refusée : c'est une bombe de décompression.

    Mauvais : `src: fichiers/facture.jpg` (un scan), ou `fichiers/budget.docx` qui est un PDF.
    Bon : `src: fichiers/facture.pdf`, un PDF balisé avec sa couche de texte.
    """
    for citation, facts in _documents(project):
        problem = _format_problem(citation, facts)
        if problem is not None:
            yield (
                citation.path,
                Problem(
                    citation.span,
                    problem,
                    "enregistrez le document au format ODT, DOCX ou PDF balisé, sous son vrai nom",
                ),
            )


def _pdf_gaps(pdf: Facts) -> list[str]:
    if pdf.get("encrypted"):
        return ["chiffré : rien ne peut en être vérifié"]
    gaps = []
    if not pdf.get("tagged"):
        gaps.append("non balisé (pas de structure pour le lecteur d'écran)")
    if not pdf.get("language"):
        gaps.append("sans langue déclarée")
    if not pdf.get("title"):
        gaps.append("sans titre")
    elif not pdf.get("display_title"):
        gaps.append("son titre n'est pas affiché à l'ouverture (DisplayDocTitle)")
    missing = pdf.get("pages_without_text", 0)
    if missing:
        gaps.append(f"{plural(missing, 'page')} sans texte (scannée{'s' if missing > 1 else ''} ?)")
    return gaps


def _ooxml_gaps(kind: str, office: Facts) -> list[str]:
    gaps = []
    if not office.get("title"):
        gaps.append("sans titre dans ses propriétés")
    if kind != "DOCX":
        return gaps
    if not office.get("language"):
        gaps.append("sans langue déclarée")
    missing = office.get("images_without_alt", 0)
    if missing:
        gaps.append(f"{plural(missing, 'image')} sans texte de remplacement")
    if office.get("paragraphs", 0) >= MIN_PARAGRAPHS_FOR_HEADINGS and not office.get("headings"):
        gaps.append("aucun titre en style Titre")
    tables = office.get("tables_without_header", 0)
    if tables:
        gaps.append(f"{plural(tables, 'tableau')} sans ligne d'en-tête répétée")
    if office.get("empty_paragraphs", 0) > MAX_EMPTY_PARAGRAPHS:
        gaps.append("des paragraphes vides pour espacer")
    return gaps


def _odf_gaps(kind: str, office: Facts) -> list[str]:
    gaps = []
    if not office.get("title"):
        gaps.append("sans titre dans ses propriétés")
    if not office.get("language"):
        gaps.append("sans langue déclarée")
    missing = office.get("images_without_alt", 0)
    if missing:
        gaps.append(f"{plural(missing, 'image')} sans titre ni description")
    if (
        kind == "ODT"
        and office.get("paragraphs", 0) >= MIN_PARAGRAPHS_FOR_HEADINGS
        and not office.get("headings")
    ):
        gaps.append("aucun titre en style Titre")
    return gaps


def _spreadsheet_gaps(office: Facts) -> list[str]:
    gaps = []
    generic = office.get("generic_sheets") or []
    if generic:
        gaps.append("feuilles sans nom parlant (" + ", ".join(f"« {name} »" for name in generic) + ")")
    merged = office.get("merged_cells", 0)
    if merged:
        gaps.append(f"{plural(merged, 'cellule fusionnée', 'cellules fusionnées')}")
    return gaps


def document_gaps(facts: Facts) -> dict[str, list[str]]:
    """What the file itself shows of its accessibility, by rule: ATT-002 (PDF), -003 (OOXML),
    -004 (ODF), -005 (spreadsheets)."""
    kind = facts.get("format")
    office = facts.get("office") or {}
    gaps: dict[str, list[str]] = {}
    if kind == "PDF" and isinstance(facts.get("pdf"), dict):
        gaps["A11Y-ATT-002"] = _pdf_gaps(facts["pdf"])
    elif kind in ("DOCX", "XLSX", "PPTX"):
        gaps["A11Y-ATT-003"] = _ooxml_gaps(str(kind), office)
    elif kind in ("ODT", "ODS", "ODP"):
        gaps["A11Y-ATT-004"] = _odf_gaps(str(kind), office)
    if kind in ("XLSX", "ODS"):
        gaps["A11Y-ATT-005"] = _spreadsheet_gaps(office)
    return {code: found for code, found in gaps.items() if found}


def _gaps_of(project: Project, code: str, hint: str) -> Iterator[tuple[str, Problem]]:
    for citation, facts in _documents(project):
        found = document_gaps(facts).get(code)
        if found:
            message = f"« {citation.src} » : " + " ; ".join(found)
            yield citation.path, Problem(citation.span, message, hint)


@project_rule(
    "A11Y-ATT-002",
    "inaccessible-pdf",
    Severity.WARNING,
    refs="RGAA 13.3 ; WCAG 1.1.1 (A), 1.3.1 (A), 2.4.2 (A), 3.1.1 (A)",
    reads=("assets",),
)
def inaccessible_pdf(project: Project) -> Iterator[tuple[str, Problem]]:
    """Une pièce jointe PDF n'est pas balisée, n'a pas de langue ou de titre, ou a des pages sans texte.

    Pourquoi : sans balises, un lecteur d'écran lit le PDF dans le désordre, sans titres ni
    tableaux ; sans langue, avec la mauvaise voix ; une page sans texte est une image scannée, muette.
    La règle lit le catalogue du PDF (`/MarkInfo`, `/StructTreeRoot`, `/Lang`,
    `/ViewerPreferences`), son titre (`/Info`) et les polices de ses pages (500 au plus), sans
    décoder aucun contenu. Ce qu'elle ne peut pas décider : l'ordre de lecture, la pertinence des
    balises et des textes de remplacement (à vérifier avec PAC ou veraPDF).

    Mauvais : un PDF « imprimé » depuis un scanner, sans texte ni balises.
    Bon : un PDF exporté d'un traitement de texte avec « PDF balisé » et le titre du document.
    """
    yield from _gaps_of(
        project, "A11Y-ATT-002", "exportez-le de nouveau en « PDF balisé » avec titre et langue"
    )


@project_rule(
    "A11Y-ATT-003",
    "inaccessible-ooxml",
    Severity.WARNING,
    refs="RGAA 13.3 ; WCAG 1.1.1 (A), 1.3.1 (A), 2.4.2 (A), 3.1.1 (A)",
    reads=("assets",),
)
def inaccessible_ooxml(project: Project) -> Iterator[tuple[str, Problem]]:
    """Une pièce jointe Word (DOCX) a des images sans texte de remplacement, pas de titres, de langue ou de titre de document.

    Pourquoi : le lecteur d'écran navigue par les titres (styles Titre 1, 2…), lit le texte de
    remplacement des images, annonce les en-têtes de tableau répétés et choisit sa voix selon la
    langue. Des paragraphes vides pour espacer s'annoncent « vide » un à un. Pour un classeur ou
    une présentation (XLSX, PPTX), seul le titre du document est vérifié. Ce que la règle ne peut
    pas décider : qu'un texte en gras joue le rôle d'un titre, la pertinence des textes de
    remplacement.

    Mauvais : un DOCX dont les intertitres sont en gras 14 pt et l'image sans texte de remplacement.
    Bon : le même avec les styles Titre 1 et 2, et « Modifier le texte de remplacement » renseigné.
    """
    yield from _gaps_of(
        project, "A11Y-ATT-003", "corrigez le document (vérificateur d'accessibilité de Word)"
    )


@project_rule(
    "A11Y-ATT-004",
    "inaccessible-odf",
    Severity.WARNING,
    refs="RGAA 13.3 ; WCAG 1.1.1 (A), 1.3.1 (A), 2.4.2 (A), 3.1.1 (A)",
    reads=("assets",),
)
def inaccessible_odf(project: Project) -> Iterator[tuple[str, Problem]]:
    """Une pièce jointe OpenDocument (ODT, ODS, ODP) a des images sans titre ni description, pas de titre de document ou de langue.

    Pourquoi : comme pour Word, le lecteur d'écran a besoin des titres (`text:h`), du titre du
    document (`dc:title`), de la langue (`fo:language`) et d'une alternative aux images
    (`svg:title` ou `svg:desc` des cadres). Ce que la règle ne peut pas décider : la pertinence de
    ces textes.

    Mauvais : un ODT dont l'image n'a ni titre ni description, sans titre dans ses propriétés.
    Bon : le même avec « Texte alternatif » renseigné et Fichier > Propriétés > Titre.
    """
    yield from _gaps_of(
        project, "A11Y-ATT-004", "corrigez le document (vérificateur d'accessibilité de LibreOffice)"
    )


@project_rule(
    "A11Y-ATT-005",
    "spreadsheet-structure",
    Severity.INFO,
    refs="RGAA 13.3 ; WCAG 1.3.1 (A)",
    reads=("assets",),
)
def spreadsheet_structure(project: Project) -> Iterator[tuple[str, Problem]]:
    """Un classeur joint a des feuilles au nom par défaut (Feuil1, Sheet1) ou des cellules fusionnées.

    Pourquoi : le lecteur d'écran annonce le nom de chaque feuille ; « Feuil1 » ne dit rien. Une
    cellule fusionnée casse la correspondance entre une donnée et son en-tête. Ce que la règle ne
    peut pas décider : qu'une ligne d'en-tête existe (elle n'a pas de marque dans le fichier).

    Mauvais : un classeur dont la feuille s'appelle « Feuil1 », le titre fusionné sur cinq colonnes.
    Bon : la feuille nommée « Frais de mission », le titre dans les propriétés du document.
    """
    yield from _gaps_of(
        project, "A11Y-ATT-005", "nommez les feuilles et défusionnez les cellules des données"
    )


@project_rule(
    "A11Y-ATT-006",
    "attachment-without-alternative",
    Severity.ERROR,
    refs="RGAA 13.3, 13.4 ; WCAG 1.1.1 (A), 1.3.1 (A)",
    reads=("assets",),
)
def attachment_without_alternative(project: Project) -> Iterator[tuple[str, Problem]]:
    """Une pièce jointe qui n'est pas accessible (ATT-001 à ATT-004) n'a pas de version accessible (`alternative`).

    Pourquoi : le RGAA (13.3) admet un document non accessible s'il est accompagné d'une version
    accessible, qui donne la même information (13.4). Ce que la règle ne peut pas décider :
    l'équivalence de cette version avec l'original, à vérifier par une personne. Les remarques
    d'ATT-005 (feuilles, cellules fusionnées), de simple information, ne comptent pas ici.

    Mauvais :
        attachments:
          - src: fichiers/notice.pdf      # un scan
            title: Notice
    Bon :
        attachments:
          - src: fichiers/notice.pdf
            title: Notice
            alternative: fichiers/notice.html
    """
    for citation, facts in _documents(project):
        if citation.use != "attachment" or citation.has("alternative"):
            continue
        failing = _format_problem(citation, facts) is not None or any(
            code != "A11Y-ATT-005" for code in document_gaps(facts)
        )
        if failing:
            yield (
                citation.path,
                Problem(
                    citation.span,
                    f"« {citation.src} » n'est pas accessible et n'a pas de version accessible",
                    "corrigez le document, ou ajoutez `alternative:` avec le chemin de sa version accessible",
                ),
            )
