"""Accessibility of tables (A11Y-TBL).

RGAA criteria 1.8 and 5.1 to 5.8, WCAG 1.3.1. A screen reader reads a data table cell by cell and
names each cell's column (and row) header as it goes: a header that is empty, a table used only to
place images side by side, or a complex table without its associations, reads as a list of
unrelated words.

Tables are Markdown pipe tables (the body's parser enables them). They have no caption syntax: the
caption of a pipe table is, by this project's convention, the paragraph right before it when that
paragraph names it (« Tableau 1 : Délais de traitement »), which the preview can turn into a
`<caption>`. Raw HTML tables are raw HTML, reported tag by tag by A11Y-PRS-003; A11Y-TBL-005 only
adds what a complex one lacks. The body is walked once, on the first rule's call (`_tables`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from epreuve_tools.diagnostics import Problem, Severity, Span, quoted
from epreuve_tools.registry import document_rule
from epreuve_tools.rules.a11y_scan import normalise, scan

if TYPE_CHECKING:
    from markdown_it.token import Token

    from epreuve_tools.model import Epreuve

# « Tableau 1 : … », « Tableau : … », « Tableau A – … », « Table 2. … »: a paragraph that titles a table
_TITLE = re.compile(
    r"^(?:tableau(?:\s+(?:n°\s*)?(?:\d+|[ivxlc]+\b|[a-z]\b))?|table\s+(?:n°\s*)?\d+)\s*[:.–—-]\s*\S",
    re.IGNORECASE,
)
_BLANK = re.compile(r"\$\{[^}]*\}")
# a first column of row labels against numeric data: counted only from this many columns and rows
MIN_COLUMNS_FOR_ROW_HEADERS = 3
MIN_ROWS_FOR_ROW_HEADERS = 2
# raw HTML tables: the tags that make one, and their attributes
_TABLE_TAG = re.compile(
    r"<(/?)(table|caption|thead|tbody|tfoot|tr|th|td)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE
)
_ATTRIBUTE = re.compile(r"""([A-Za-z_:][-A-Za-z0-9_:.]*)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
# words that say an image shows a table (compared after `normalise`): in the alt's first words, or in
# the file name. An alt that starts with « Tableau » is A11Y-IMG-009's (complex image without a
# description), which asks for the same data in text: not a second time here.
_ALT_TABLE_WORDS = frozenset(("tableur", "classeur"))
_ALT_TABLE_PHRASES = ("feuille de calcul",)
_FILE_TABLE_WORDS = frozenset(("tableau", "tableaux", "tableur", "classeur"))
ALT_HEAD_WORDS = 3


@dataclass(frozen=True, slots=True)
class Cell:
    heard: str  # what a screen reader says: text, code and image alts
    text: str  # written text only, blanks left out
    images: int
    blanks: int
    span: Span


@dataclass(slots=True)
class Table:
    span: Span  # its first line
    header: list[Cell]
    rows: list[list[Cell]]
    caption: str | None  # the paragraph right before it, when it names the table


@dataclass(frozen=True, slots=True)
class HtmlTable:
    span: Span  # its `<table` tag
    complexity: str | None  # why it is complex, None for a simple one
    missing: tuple[str, ...]  # what a complex table needs and lacks


@dataclass(slots=True)
class Tables:
    tables: list[Table] = field(default_factory=list)
    html_tables: list[HtmlTable] = field(default_factory=list)
    stray_titles: list[tuple[Span, str]] = field(default_factory=list)  # not right before a table


# One épreuve's walk, kept while its rules run (one after the other, one épreuve at a time): the
# identity test cannot mistake another épreuve for it, since the entry keeps it alive.
_last: tuple[Epreuve, Tables] | None = None


def _tables(epreuve: Epreuve) -> Tables:
    global _last  # noqa: PLW0603 (a one-entry cache; see above)
    last = _last
    if last is not None and last[0] is epreuve:
        return last[1]
    found = _Walk(epreuve).run()
    _last = (epreuve, found)
    return found


def _is_blank(text: str) -> bool:
    return not any(unicodedata.category(c)[0] in "LN" for c in text)


def _cell_starts(line: str) -> list[int]:
    """0-based column where each cell of a pipe-table row starts (markdown-it splits on `|` not after `\\`)."""
    start = len(line) - len(line.lstrip(" \t>"))
    pipes = []
    escaped = False
    for column in range(start, len(line)):
        char = line[column]
        if char == "|" and not escaped:
            pipes.append(column)
        escaped = char == "\\" and not escaped
    starts = [start] if not pipes or pipes[0] != start else []
    starts.extend(pipe + 1 for pipe in pipes)
    return [_text_start(line, column) for column in starts]


def _text_start(line: str, column: int) -> int:
    """The cell's first character after its spaces; in an empty cell, the space after the `|`."""
    rest = line[column:]
    spaces = len(rest) - len(rest.lstrip(" "))
    return column if rest[spaces : spaces + 1] in {"|", ""} else column + spaces


class _Walk:
    """One pass over the body's tokens."""

    def __init__(self, epreuve: Epreuve) -> None:
        body = epreuve.body
        self.tokens = body.tokens
        self.first_line = body.first_line
        self.lines = body.text.split("\n")
        self.found = Tables()
        self.starts_line = -1  # the row whose cell columns are in `starts`
        self.starts: list[int] = []

    def span(self, body_line: int, column: int = 0, length: int = 1) -> Span:
        line = body_line + self.first_line
        return Span.at(line, column + 1, line, column + 1 + max(length, 1))

    def line(self, body_line: int) -> str:
        return self.lines[body_line] if 0 <= body_line < len(self.lines) else ""

    def run(self) -> Tables:
        tokens = self.tokens
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "table_open":
                index = self.table(index)
            elif token.type == "html_block" and "<table" in token.content.lower():
                index = self.html_group(index)
            elif (
                token.type == "inline"
                and token.map is not None
                and tokens[index - 1].type == "paragraph_open"
            ):
                self.title(index, token)
            index += 1
        return self.found

    def title_before(self, index: int) -> str | None:
        """The text of the paragraph right before `tokens[index]`, if it titles a table."""
        if index < 3 or self.tokens[index - 1].type != "paragraph_close":
            return None
        text = _heard(self.tokens[index - 2])
        return text if _TITLE.match(text) else None

    def title(self, index: int, inline: Token) -> None:
        if not _may_be_title(inline):
            return
        text = _heard(inline)
        if not _TITLE.match(text):
            return
        after = self.tokens[index + 2] if index + 2 < len(self.tokens) else None
        if after is not None and (
            after.type == "table_open" or (after.type == "html_block" and "<table" in after.content.lower())
        ):
            return
        assert inline.map is not None
        line = inline.map[0]
        source = self.line(line)
        column = len(source) - len(source.lstrip(" \t>"))
        self.found.stray_titles.append((self.span(line, column, len(source) - column), text))

    # --- pipe tables ---------------------------------------------------------------------------

    def table(self, start: int) -> int:
        """Read the table opened at `tokens[start]`; the index of its closing token."""
        tokens = self.tokens
        opening = tokens[start]
        first = opening.map[0] if opening.map is not None else 0
        header: list[Cell] = []
        rows: list[list[Cell]] = []
        row: list[Cell] = []
        index = start + 1
        while index < len(tokens) and tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open":
                row = []
                rows.append(row)
            elif token.type == "inline" and token.map is not None:
                row.append(self.cell(token, len(row)))
            index += 1
        if rows:
            header = rows.pop(0)
        line = self.line(first)
        span = self.span(first, len(line) - len(line.lstrip(" \t>")), len(line.strip()))
        self.found.tables.append(Table(span, header, rows, self.title_before(start)))
        return index

    def cell(self, inline: Token, position: int) -> Cell:
        assert inline.map is not None
        line = inline.map[0]
        if self.starts_line != line:  # once per row: a row of thousands of cells stays linear
            self.starts_line, self.starts = line, _cell_starts(self.line(line))
        column = self.starts[position] if position < len(self.starts) else 0
        images = sum(1 for child in inline.children or () if child.type == "image")
        written = "".join(c.content for c in inline.children or () if c.type in {"text", "code_inline"})
        text, blanks = _BLANK.subn("", written)
        heard = _heard(inline)
        return Cell(
            heard, " ".join(text.split()), images, blanks, self.span(line, column, max(len(heard), 1))
        )

    # --- raw HTML tables -----------------------------------------------------------------------

    def html_group(self, start: int) -> int:
        """Read the HTML blocks that follow each other from `tokens[start]`; the index of the last."""
        tokens = self.tokens
        end = start
        while end + 1 < len(tokens) and tokens[end + 1].type == "html_block":
            end += 1
        described_by_text = start > 0 and tokens[start - 1].type == "paragraph_close"
        reader = _HtmlTables(described_by_text)
        for token in tokens[start : end + 1]:
            if token.map is None:
                continue
            for match in _TABLE_TAG.finditer(token.content):
                where = self.html_span(token, match.start(), match.group(0))
                reader.tag(match.group(1) == "/", match.group(2).lower(), match.group(3), where)
        self.found.html_tables.extend(reader.close())
        return end

    def html_span(self, token: Token, offset: int, tag: str) -> Span:
        assert token.map is not None
        line = token.map[0] + token.content.count("\n", 0, offset)
        found = self.line(line).find(tag.split("\n", 1)[0])
        return self.span(line, max(found, 0), len(tag.split("\n", 1)[0]))


def _may_be_title(inline: Token) -> bool:
    """Whether what `_heard` gives starts with a « t », as `_TITLE` wants: its first child with
    something to hear says so, without joining them all (most paragraphs title nothing)."""
    for child in inline.children or ():
        if child.type in {"text", "code_inline", "image"}:
            content = child.content.lstrip()
            if content:
                return content[0] in "tT"
    return False


def _heard(inline: Token) -> str:
    heard = "".join(c.content for c in inline.children or () if c.type in {"text", "code_inline", "image"})
    return " ".join(heard.split())


def _attributes(text: str) -> dict[str, str]:
    return {m.group(1).lower(): (m.group(2) or "").strip("\"'") for m in _ATTRIBUTE.finditer(text)}


@dataclass(slots=True)
class _OpenHtmlTable:
    span: Span
    described: bool
    caption: bool = False
    in_head: int = 0
    head_rows: int = 0
    rows: list[list[tuple[str, dict[str, str]]]] = field(default_factory=list)


class _HtmlTables:
    """The tables of a run of HTML blocks, read tag by tag (nested tables included)."""

    def __init__(self, described_by_text: bool) -> None:
        self.described_by_text = described_by_text
        self.open: list[_OpenHtmlTable] = []
        self.done: list[HtmlTable] = []

    def tag(self, closing: bool, name: str, attributes: str, span: Span) -> None:
        if name == "table":
            if closing:
                if self.open:
                    self.done.append(_judge(self.open.pop()))
            else:
                attrs = _attributes(attributes)
                self.open.append(_OpenHtmlTable(span, self.described_by_text or "aria-describedby" in attrs))
            return
        if not self.open:
            return
        table = self.open[-1]
        if name == "caption" and not closing:
            table.caption = True
        elif name == "thead":
            table.in_head += -1 if closing else 1
        elif name == "tr" and not closing:
            table.rows.append([])
            table.head_rows += table.in_head > 0
        elif name in {"th", "td"} and not closing:
            if not table.rows:
                table.rows.append([])
            table.rows[-1].append((name, _attributes(attributes)))

    def close(self) -> list[HtmlTable]:
        while self.open:  # a table left open: judged on what it has
            self.done.append(_judge(self.open.pop()))
        return self.done


def _judge(table: _OpenHtmlTable) -> HtmlTable:
    cells = [cell for row in table.rows for cell in row]
    merged = any(
        attrs.get(name, "1").strip() not in {"", "1"} for _, attrs in cells for name in ("rowspan", "colspan")
    )
    header_rows = max(table.head_rows, sum(1 for row in table.rows if row and all(n == "th" for n, _ in row)))
    if merged:
        complexity = "cellules fusionnées"
    elif header_rows >= 2:
        complexity = f"{header_rows} lignes d'en-tête"
    else:
        return HtmlTable(table.span, None, ())
    headers = [attrs for name, attrs in cells if name == "th"]
    associated = (bool(headers) and all("scope" in attrs for attrs in headers)) or any(
        "headers" in attrs for name, attrs in cells if name == "td"
    )
    missing = tuple(
        what
        for what, present in (
            ("un titre : `<caption>`", table.caption),
            ("un résumé : un paragraphe juste avant, ou `aria-describedby`", table.described),
            ("des en-têtes associés : `scope` sur chaque `<th>`, ou `headers`", associated),
        )
        if not present
    )
    return HtmlTable(table.span, complexity, missing)


# --- rules ------------------------------------------------------------------------------------


def _header_all_blank(table: Table) -> bool:
    return bool(table.header) and all(_is_blank(cell.heard) for cell in table.header)


def _only_images_or_blanks(table: Table) -> bool:
    cells = [*table.header, *(cell for row in table.rows for cell in row)]
    return not any(cell.text and not _is_blank(cell.text) for cell in cells) and any(
        cell.images or cell.blanks for cell in cells
    )


@document_rule("A11Y-TBL-001", "empty-table-header", Severity.ERROR, refs="RGAA 5.6 ; WCAG 1.3.1 (A)")
def empty_table_header(epreuve: Epreuve) -> Iterator[Problem]:
    """Une cellule de la ligne d'en-tête d'un tableau est vide.

    Pourquoi : la première ligne d'un tableau Markdown devient l'en-tête de ses colonnes : un
    lecteur d'écran la répète devant chaque cellule de la colonne. Vide, elle ne dit rien, et la
    colonne n'a pas de nom. Le coin vide d'un tableau à double entrée se nomme aussi (« Jour »,
    « Agent ») : un tableau Markdown ne peut pas le laisser sans en-tête. Un tableau dont toute la
    ligne d'en-tête est vide relève d'A11Y-TBL-002.

    Mauvais : `|   | Lundi | Mardi |`.
    Bon : `| Agent | Lundi | Mardi |`.
    """
    for table in _tables(epreuve).tables:
        if _header_all_blank(table):
            continue  # TBL-002
        for number, cell in enumerate(table.header, start=1):
            if _is_blank(cell.heard):
                yield Problem(
                    cell.span,
                    f"en-tête vide : la colonne {number} du tableau n'a pas de nom",
                    "écrivez dans la première ligne ce que contient la colonne (« Agent », « Jour »…)",
                )


@document_rule(
    "A11Y-TBL-002", "layout-table", Severity.ERROR, refs="RGAA 5.3, 5.8 ; WCAG 1.3.1 (A), 1.3.2 (A)"
)
def layout_table(epreuve: Epreuve) -> Iterator[Problem]:
    """Un tableau sert à la mise en page : sa ligne d'en-tête est vide, ou il ne contient que des images ou des champs.

    Pourquoi : un tableau Markdown est toujours un tableau de données, avec un en-tête : un
    lecteur d'écran annonce « tableau, 2 colonnes, 3 lignes » et des en-têtes vides, pour ce qui
    n'est qu'une façon de placer des images ou des champs côte à côte (RGAA 5.3, 5.8). La règle
    retient un tableau dont toute la ligne d'en-tête est vide, ou dont aucune cellule ne contient
    de texte (seulement des images, des champs `${…}` ou rien).

    Mauvais : `| | |`, `|---|---|`, puis `| ![Logo A](a.png) | ![Logo B](b.png) |`.
    Bon : les images l'une après l'autre, chacune dans son paragraphe ; ou un vrai tableau, avec
    des en-têtes et du texte.
    """
    for table in _tables(epreuve).tables:
        if _header_all_blank(table):
            why = "sa ligne d'en-tête est vide"
        elif _only_images_or_blanks(table):
            why = "ses cellules ne contiennent que des images ou des champs"
        else:
            continue
        yield Problem(
            table.span,
            f"tableau de mise en page : {why}",
            "placez les images ou les champs l'un après l'autre, hors tableau ; pour des données, "
            "nommez chaque colonne dans la première ligne",
        )


@document_rule(
    "A11Y-TBL-003", "table-without-caption", Severity.WARNING, refs="RGAA 5.4, 5.5 ; WCAG 1.3.1 (A)"
)
def table_without_caption(epreuve: Epreuve) -> Iterator[Problem]:
    """Un tableau a un titre qui ne lui est pas associé, ou l'épreuve a plusieurs tableaux sans titre.

    Pourquoi : un tableau qui a un titre doit le porter (RGAA 5.4) : l'utilisateur d'un lecteur
    d'écran qui arrive sur le tableau entend son titre avant ses cellules ; avec plusieurs
    tableaux, c'est le titre qui les distingue (« le tableau 2 »). Un tableau Markdown n'a pas de
    syntaxe de titre : par convention, son titre est le paragraphe juste avant lui, sans ligne
    entre les deux autre que la ligne vide, qui commence par « Tableau » (« Tableau 1 : Délais de
    traitement », « Tableau : … »). La règle signale un tel paragraphe séparé de son tableau (placé
    après, ou un autre paragraphe entre les deux), et, quand l'épreuve a plusieurs tableaux, chaque
    tableau sans ce titre. Un seul tableau sans titre est admis (RGAA 5.4 ne vise que le tableau
    qui a un titre). Elle ne juge pas si le titre est pertinent (RGAA 5.5).

    Mauvais : le tableau, puis `Tableau 1 : délais de traitement` en dessous.
    Bon : `Tableau 1 : délais de traitement, en jours`, une ligne vide, puis le tableau.
    """
    found = _tables(epreuve)
    for span, text in found.stray_titles:
        yield Problem(
            span,
            f"titre de tableau séparé de son tableau : {quoted(text)}",
            "placez ce paragraphe juste avant le tableau (une ligne vide entre les deux) : c'est ainsi "
            "qu'il lui est associé",
        )
    if len(found.tables) + len(found.html_tables) < 2:
        return
    for number, table in enumerate(found.tables, start=1):
        if table.caption is None:
            yield Problem(
                table.span,
                f"tableau sans titre, alors que l'épreuve en a {len(found.tables) + len(found.html_tables)} : "
                "rien ne les distingue",
                f"écrivez juste avant lui un paragraphe « Tableau {number} : … » qui dit ce qu'il contient",
            )


def _numeric(text: str) -> bool:
    """More digits than letters: a quantity, an amount, a date, not a label."""
    digits = sum(c.isdigit() for c in text)
    return digits > 0 and digits > sum(c.isalpha() for c in text)


@document_rule(
    "A11Y-TBL-004",
    "row-headers-not-marked",
    Severity.INFO,
    refs="RGAA 5.6 (test 5.6.2), 5.7 ; WCAG 1.3.1 (A)",
)
def row_headers_not_marked(epreuve: Epreuve) -> Iterator[Problem]:
    """La première colonne d'un tableau semble porter des en-têtes de ligne, qu'un tableau Markdown ne déclare pas.

    Pourquoi : dans un tableau à double entrée (agents en lignes, mois en colonnes), une valeur
    n'a de sens qu'avec son en-tête de ligne et son en-tête de colonne. Un tableau Markdown ne
    déclare que les en-têtes de colonne : en descendant une colonne, un lecteur d'écran dit
    « Mars, 12 », jamais l'agent. La règle retient un tableau d'au moins 3 colonnes et 2 lignes
    dont la première colonne est faite d'étiquettes toutes différentes et les autres surtout de
    nombres. Elle ne peut pas savoir si la première colonne est vraiment un en-tête, ni si la
    lecture ligne par ligne suffit à répondre : c'est une information. Si la question demande de
    croiser lignes et colonnes, réduisez le tableau (une colonne de valeurs par tableau), ou
    transposez-le si cela le rend plus simple ; sinon, laissez-le.

    Mauvais : `| Agent | Janvier | Février |` puis `| Martin | 12 | 15 |` et `| Leroy | 9 | 11 |`,
    quand la question porte sur un croisement.
    Bon : un tableau par mois, ou la question posée ligne par ligne (« Combien de dossiers Martin
    a-t-il traités en février ? » avec la ligne de Martin seule).
    """
    for table in _tables(epreuve).tables:
        rows = table.rows
        if len(table.header) < MIN_COLUMNS_FOR_ROW_HEADERS or len(rows) < MIN_ROWS_FOR_ROW_HEADERS:
            continue
        labels = [row[0].heard if row else "" for row in rows]
        if any(_is_blank(label) or _numeric(label) for label in labels) or len(set(labels)) < len(labels):
            continue
        values = [cell.heard for row in rows for cell in row[1:] if not _is_blank(cell.heard)]
        if not values or sum(map(_numeric, values)) * 3 < len(values) * 2:
            continue
        yield Problem(
            rows[0][0].span,
            f"la première colonne ({quoted(labels[0], 30)}, …) semble porter les en-têtes de ligne, "
            "qu'un tableau Markdown ne peut pas déclarer",
            "si la question croise lignes et colonnes, simplifiez le tableau ; sinon, rien à faire",
        )


@document_rule(
    "A11Y-TBL-005", "complex-html-table", Severity.ERROR, refs="RGAA 5.1, 5.2, 5.7 ; WCAG 1.3.1 (A)"
)
def complex_html_table(epreuve: Epreuve) -> Iterator[Problem]:
    """Un tableau HTML complexe (cellules fusionnées, plusieurs lignes d'en-tête) n'a pas titre, résumé et associations.

    Pourquoi : dans un tableau complexe, un lecteur d'écran ne peut pas deviner à quels en-têtes
    se rapporte une cellule : il faut les déclarer (`scope` sur chaque `<th>`, ou `headers` et `id`),
    le nommer (`<caption>`) et résumer sa structure (RGAA 5.1, 5.2, 5.7). Le HTML brut est déjà
    signalé balise par balise (A11Y-PRS-003) : cette règle dit en plus ce qui manque à un tableau
    complexe. Un paragraphe juste avant le tableau, ou `aria-describedby`, compte pour le résumé :
    la règle n'en juge pas le contenu.

    Mauvais : `<table><tr><th colspan="2">Trimestre 1</th></tr>…</table>`, sans `<caption>` ni `scope`.
    Bon : un tableau Markdown simple (une ligne d'en-tête, pas de fusion), ou plusieurs.
    """
    for table in _tables(epreuve).html_tables:
        if table.complexity is not None and table.missing:
            yield Problem(
                table.span,
                f"tableau complexe ({table.complexity}), il lui manque " + " ; ".join(table.missing),
                "le plus simple : un ou plusieurs tableaux Markdown sans fusion de cellules ; sinon, "
                "ajoutez ce qui manque",
            )


def _names_a_table(alt: str, src: str) -> bool:
    folded = normalise(alt)
    if _ALT_TABLE_WORDS.intersection(folded.split()[:ALT_HEAD_WORDS]) or folded.startswith(
        _ALT_TABLE_PHRASES
    ):
        return True
    stem = src.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return bool(_FILE_TABLE_WORDS.intersection(normalise(stem.replace("_", " ").replace("-", " ")).split()))


def _data_given_as_text(epreuve: Epreuve) -> bool:
    """A table in the body, or one in the alternative instruction."""
    found = _tables(epreuve)
    if found.tables or found.html_tables:
        return True
    alternative = epreuve.front_matter.get("alternative_instruction")
    return isinstance(alternative, str) and "|" in alternative


# « cellules A1 à A10 contenant les nombres 1 à 10 »: an alt that names cells and their values gives
# the data itself (a small range); then nothing is hidden in the image
_CELL_REFERENCE = re.compile(r"\b[A-Z]{1,2}[1-9][0-9]{0,4}\b")
_NUMBER = re.compile(r"\b\d+(?:[,.]\d+)?\b")


def _alt_states_the_data(alt: str) -> bool:
    return bool(_CELL_REFERENCE.search(alt)) and len(_NUMBER.findall(alt)) >= 2


@document_rule("A11Y-TBL-006", "table-as-image", Severity.INFO, refs="RGAA 1.8 ; WCAG 1.4.5 (AA)")
def table_as_image(epreuve: Epreuve) -> Iterator[Problem]:
    """Une image semble montrer un tableau : si ses données servent à répondre, donnez-les aussi en texte.

    Pourquoi : les données d'une capture de tableau n'existent pas pour un lecteur d'écran, au-delà
    de ce que dit le texte alternatif, forcément court ; un tableau Markdown se lit cellule par
    cellule, s'agrandit et se traduit (RGAA 1.8). La règle retient une image dont le texte
    alternatif parle d'un tableur, d'un classeur ou d'une feuille de calcul (dans ses trois premiers
    mots), ou dont le nom de fichier dit « tableau » ou « tableur », quand l'épreuve ne donne pas déjà
    les données en texte : un tableau dans le corps ou dans `alternative_instruction`, ou une
    description longue (`illustration.description`). Elle ne sait pas ce que montre l'image, si ses
    données servent à répondre, ni si son rendu exact est ce qu'on évalue (savoir lire l'écran d'un
    logiciel : RGAA 1.8 l'admet) : c'est une information. Une image-test (`role: test`) n'est pas
    concernée, ni un texte alternatif qui commence par « Tableau » : A11Y-IMG-009 (image complexe
    sans description) le signale déjà ; ni un texte alternatif qui donne lui-même les cellules et
    leurs valeurs (« cellules A1 à A10 contenant les nombres 1 à 10 »).

    Mauvais : `illustration: {src: images/ventes.png, alt: "Tableur des ventes du trimestre"}`, et
    la question porte sur le total des ventes.
    Bon : les ventes dans un tableau Markdown, ou dans `illustration.description`.
    """
    if _data_given_as_text(epreuve):
        return
    illustration: Any = epreuve.front_matter.get("illustration")
    if isinstance(illustration, dict) and isinstance(illustration.get("alt"), str):
        description = illustration.get("description")
        if (
            illustration.get("role") != "test"
            and illustration.get("decorative") is not True
            and not (isinstance(description, str) and description.strip())
            and _names_a_table(illustration["alt"], str(illustration.get("src", "")))
            and not _alt_states_the_data(illustration["alt"])
        ):
            yield Problem(
                epreuve.source_map.value(("illustration", "alt")),
                f"l'illustration semble montrer un tableau : {quoted(illustration['alt'])}",
                "si ses données servent à répondre, donnez-les en texte : un tableau Markdown dans la "
                "consigne, ou `illustration.description`",
            )
    for image in scan(epreuve).images:
        if _names_a_table(image.alt, image.src) and not _alt_states_the_data(image.alt):
            yield Problem(
                image.span,
                f"l'image semble montrer un tableau : {quoted(image.alt or image.src)}",
                "si ses données servent à répondre, donnez-les aussi dans un tableau Markdown",
            )
