"""Accessibility of headings, lists, quotations and layout (A11Y-STR).

RGAA criteria 8.9, 9.1, 9.3, 9.4 and 10.1, WCAG 1.3.1 and 2.4.6. A screen-reader user moves through
a page by its headings and hears a list announced as a list (« liste, 3 éléments »): structure that
is only drawn (bold text, bullets typed by hand, indentation) is lost to them.

The body is walked once, on the first rule's call, and what the seven rules read is kept for the
others (`_structure`). The preview renders the épreuve's title as the page's `h1`, so body headings
start at `##`; the instruction and each block (`::: propositions`, `::: correction`) are shown in
their own region and each starts its own heading outline below that `h1`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity, Span, quoted
from epreuve_tools.registry import document_rule

if TYPE_CHECKING:
    from markdown_it.token import Token

    from epreuve_tools.model import Epreuve

# the level of the page's own title (the épreuve's, from the preview template)
TEMPLATE_LEVEL = 1
# a paragraph longer than this is emphasised text, not a heading
MAX_HEADING_LIKE = 80
# MD036's default punctuation, with the ellipsis: a sentence ends with it, a heading does not
_SENTENCE_END = ".,;:!?…。，；：！？"

# a line of a paragraph that starts like a list item but is not one to markdown-it: typed bullets,
# arrows, check marks, dashes, `2)` or `2.` after the first line, `a)`
_FAKE_ITEM = re.compile(r"(?:[•·▪▫◦‣⁃○●■□►▸▹→⇒➔➜➤✓✔✗✘☐☑✅❌–—]|\d{1,2}[.)]|[A-Za-z]\))(?=\s+\S)")

# a blockquote is taken for a quotation when it says where it comes from, or is introduced as one
_ATTRIBUTION = re.compile(r"^(?:[—–-]\s*\S|(?:source|d'après|d’après|extrait)\b)", re.IGNORECASE)
_MESSAGE_HEADER = re.compile(r"^(?:de|à|a|objet|from|to|subject|date|expéditeur)\s*:", re.IGNORECASE)
_QUOTE_OPENING = ("«", '"', "“", "‘", "‹")
_QUOTED_THING = re.compile(
    r"\b(?:courriels?|e-?mails?|mails?|messages?|sms|textos?|lettres?|courriers?|extraits?|citations?|"
    r"textes?|articles?|publications?|posts?|tweets?|commentaires?|avis|annonces?|notifications?|"
    r"conversations?|discussions?|échanges?|dialogues?|déclarations?|propos|slogans?|affiches?|"
    r"clauses?|écrit|écrite|dit|déclare|répond|affirme)\b",
    re.IGNORECASE,
)

# layout by typed spaces: two no-break spaces in a row, as written (entities or characters)
_NBSP_RUN = re.compile(r"(?:&nbsp;|&#160;|&#x0*a0;|\xa0){2,}", re.IGNORECASE)
_NBSP = re.compile(r"&nbsp;|&#160;|&#x0*a0;|\xa0", re.IGNORECASE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
# an ASCII table in a code block: a rule line (`+---+`, `|---|`, `----  ----`) with rows around it
_RULE_LINE = re.compile(r"^\s*(?:[+|][-=:+| ]*[-=]{3,}[-=:+| ]*|-{2,}(?: +-{2,})+)\s*$")
_BOX = frozenset("─━│┃┌┐└┘├┤┬┴┼═║╔╗╚╝╠╣╦╩╬")
# info strings that say a fence holds no code
_PLAIN_INFO = frozenset(("", "text", "txt", "plain", "plaintext", "ascii", "none"))

_NESTING_OPEN = frozenset(("bullet_list_open", "ordered_list_open", "table_open", "blockquote_open"))
_NESTING_CLOSE = frozenset(("bullet_list_close", "ordered_list_close", "table_close", "blockquote_close"))
_HEARD = frozenset(("text", "code_inline", "image", "html_inline"))  # what a heading's name is made of


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str  # as heard: text, code and image alts
    span: Span
    previous: int  # level of the heading before it in its region (TEMPLATE_LEVEL for the first)
    first: bool  # the first heading of its region: the one before it is the épreuve's title


@dataclass(slots=True)
class Structure:
    headings: list[Heading] = field(default_factory=list)
    emphasis_headings: list[tuple[Span, str]] = field(default_factory=list)
    fake_lists: list[tuple[Span, str, int]] = field(default_factory=list)  # first marker, marker, count
    unsourced_quotes: list[Span] = field(default_factory=list)
    layout: list[tuple[Span, str]] = field(default_factory=list)  # place, what is used for layout


# One épreuve's walk, kept while its rules run (they run one after the other, for one épreuve at a
# time): the identity test cannot mistake another épreuve for it, since the entry keeps it alive.
_last: tuple[Epreuve, Structure] | None = None


def _structure(epreuve: Epreuve) -> Structure:
    global _last  # noqa: PLW0603 (a one-entry cache; see above)
    last = _last
    if last is not None and last[0] is epreuve:
        return last[1]
    found = _Walk(epreuve).run()
    _last = (epreuve, found)
    return found


def _is_blank(text: str) -> bool:
    """Nothing a screen reader would say: spaces, punctuation, zero-width characters."""
    return not any(unicodedata.category(c)[0] in "LN" for c in text)


def _closing_index(tokens: list[Token], start: int) -> int:
    level, close_type = tokens[start].level, tokens[start].type[: -len("_open")] + "_close"
    for index in range(start + 1, len(tokens)):
        if tokens[index].type == close_type and tokens[index].level == level:
            return index
    return len(tokens)


@dataclass(slots=True)
class _Run:
    """A typed list being read, possibly over several paragraphs in a row."""

    span: Span  # its first marker
    marker: str
    count: int = 0


class _Walk:
    """One pass over the body's tokens."""

    def __init__(self, epreuve: Epreuve) -> None:
        body = epreuve.body
        self.tokens = body.tokens
        self.first_line = body.first_line
        self.lines = body.text.split("\n")
        self.found = Structure()
        self.levels: dict[str, int] = {}  # last heading level per region ("" = the instruction)
        self.region: list[str] = []  # open containers
        self.nesting = 0  # open lists, blockquotes and tables: a paragraph there is no heading
        self.pending: _Run | None = None
        self.pending_end = -1  # index of the `paragraph_close` the pending run reached
        # a `<br>` is PRS-003's (raw HTML) unless the configuration admits it (`allowed-html`)
        self.br_allowed = epreuve.settings.allows_tag("br")

    def span(self, body_line: int, column: int = 0, length: int = 1) -> Span:
        """A span at a 0-based body line and column."""
        line = body_line + self.first_line
        return Span.at(line, column + 1, line, column + 1 + max(length, 1))

    def line_start(self, body_line: int, markers: str = " \t>") -> int:
        """Column of a block's first character: after indentation and blockquote signs."""
        text = self.lines[body_line] if body_line < len(self.lines) else ""
        return len(text) - len(text.lstrip(markers))

    def run(self) -> Structure:
        tokens = self.tokens
        blockquotes = 0
        for index, token in enumerate(tokens):
            kind = token.type
            if kind.startswith("container_"):
                if kind.endswith("_open"):
                    self.region.append(kind[len("container_") : -len("_open")])
                elif self.region:
                    self.region.pop()
            elif kind in _NESTING_OPEN:
                self.nesting += 1
                if kind == "blockquote_open":
                    if blockquotes == 0:
                        self.blockquote(index)
                    blockquotes += 1
            elif kind in _NESTING_CLOSE:
                self.nesting -= 1
                blockquotes -= kind == "blockquote_close"
            elif kind == "heading_open" and index + 1 < len(tokens):
                self.heading(token, tokens[index + 1])
            elif kind == "inline" and token.map is not None and tokens[index - 1].type == "paragraph_open":
                self.paragraph(index, token)
            elif kind in {"fence", "code_block"}:
                self.code(token)
        self.flush()
        return self.found

    # --- headings ------------------------------------------------------------------------------

    def heading(self, opening: Token, inline: Token) -> None:
        if opening.map is None:
            return
        level = int(opening.tag[1:]) if opening.tag[1:].isdigit() else TEMPLATE_LEVEL
        region = self.region[-1] if self.region else ""
        first = region not in self.levels
        previous = self.levels.get(region, TEMPLATE_LEVEL)
        self.levels[region] = level
        heard = "".join(child.content for child in inline.children or () if child.type in _HEARD)
        line = opening.map[0]
        span = self.span(line, self.line_start(line))
        self.found.headings.append(Heading(level, " ".join(heard.split()), span, previous, first))

    # --- paragraphs ----------------------------------------------------------------------------

    def paragraph(self, index: int, inline: Token) -> None:
        assert inline.map is not None
        self.fake_items(index, inline, inline.map[0])
        if self.nesting == 0:
            self.emphasis_heading(index, inline, inline.map[0])
        self.breaks(inline, inline.map[0], inline.map[1])

    def emphasis_heading(self, index: int, inline: Token, line: int) -> None:
        """A one-line paragraph made of one bold or italic run, followed by more of its region."""
        content = inline.content.strip()
        if not content.startswith(("*", "_")) or "\n" in content or "${" in content:
            return
        children = [c for c in inline.children or () if not (c.type == "text" and not c.content.strip())]
        if len(children) < 3 or children[0].type not in {"strong_open", "em_open"}:
            return
        depth = 0
        for position, child in enumerate(children):
            if child.type.endswith("_open"):
                depth += 1
            elif child.type.endswith("_close"):
                depth -= 1
                if depth == 0 and position != len(children) - 1:
                    return  # `**a** et **b**`: the emphasis ends before the paragraph does
            elif depth == 0:
                return
        text = " ".join("".join(c.content for c in children if c.type in _HEARD).split())
        after = index + 2  # past `paragraph_close`
        if (
            not text
            or text[-1] in _SENTENCE_END
            or len(text) > MAX_HEADING_LIKE
            or after >= len(self.tokens)
            or self.tokens[after].type.endswith("_close")  # last of its region: it heads nothing
        ):
            return
        self.found.emphasis_headings.append((self.span(line, self.line_start(line), len(content)), text))

    def fake_items(self, index: int, inline: Token, first: int) -> None:
        """Lines that start like list items; a run goes on over paragraphs that follow each other."""
        lines = inline.content.split("\n")
        matches = [_FAKE_ITEM.match(line.lstrip()) for line in lines]
        if not (self.pending is not None and self.pending_end == index - 2 and matches[0] is not None):
            self.flush()
        for offset, match in enumerate(matches):
            if match is None:
                continue
            if self.pending is not None and _kind(match.group(0)) != _kind(self.pending.marker):
                self.flush()
            if self.pending is None:
                source = self.lines[first + offset] if first + offset < len(self.lines) else ""
                column = max(source.find(match.group(0)), 0)
                span = self.span(first + offset, column, len(match.group(0)))
                self.pending = _Run(span, match.group(0))
            self.pending.count += 1
        if matches[-1] is not None:
            self.pending_end = index + 1
        else:
            self.flush()

    def flush(self) -> None:
        if self.pending is not None and self.pending.count >= 2:
            self.found.fake_lists.append((self.pending.span, self.pending.marker, self.pending.count))
        self.pending = None

    def breaks(self, inline: Token, first: int, end: int) -> None:
        """Empty lines made of line breaks, and spaces made of no-break spaces."""
        children = inline.children or []
        br_allowed = self.br_allowed
        lines_seen = 0  # line ends read so far: the line of the next child
        in_a_row = 0  # forced line breaks with nothing but spaces between
        for child in children:
            kind = child.type
            if kind == "hardbreak" or (br_allowed and kind == "html_inline" and _BR.fullmatch(child.content)):
                in_a_row += 1
                if in_a_row == 2:
                    what = "des sauts de ligne forcés à la suite (une ligne vide dessinée)"
                    self.found.layout.append((self.span(first + lines_seen), what))
            elif kind != "softbreak" and not (kind == "text" and not child.content.strip()):
                in_a_row = 0
            lines_seen += kind in {"softbreak", "hardbreak"}
        if "\xa0" not in inline.content and "&" not in inline.content:
            return
        texts = [c.content for c in children if c.type == "text"]
        if any("\xa0\xa0" in text for text in texts):
            self.nbsp(first, end, "des espaces insécables à la suite (un retrait ou un alignement)")
        elif (
            all(c.type in {"text", "softbreak", "hardbreak"} for c in children)
            and "".join(texts).strip() == ""
        ):
            self.nbsp(first, end, "un paragraphe fait d'espaces insécables (un espacement vertical)")

    def nbsp(self, first: int, end: int, what: str) -> None:
        for line in range(first, min(end, len(self.lines))):
            match = _NBSP_RUN.search(self.lines[line]) or _NBSP.search(self.lines[line])
            if match is not None:
                self.found.layout.append((self.span(line, match.start(), match.end() - match.start()), what))
                return
        self.found.layout.append((self.span(first, self.line_start(first)), what))

    # --- blockquotes and code ------------------------------------------------------------------

    def blockquote(self, index: int) -> None:
        opening = self.tokens[index]
        if opening.map is None:
            return
        end = _closing_index(self.tokens, index)
        texts = [t.content for t in self.tokens[index + 1 : end] if t.type == "inline"]
        before = self.tokens[index - 1] if index > 0 else None
        introduction = (
            self.tokens[index - 2].content if before is not None and before.type == "paragraph_close" else ""
        )
        if not _is_quotation(texts, introduction):
            line = opening.map[0]
            self.found.unsourced_quotes.append(self.span(line, self.line_start(line, " \t")))

    def code(self, token: Token) -> None:
        words = token.info.split(maxsplit=1)
        language = words[0].lower() if words else ""
        if token.map is None or language not in _PLAIN_INFO or not _looks_like_a_table(token.content):
            return
        line = token.map[0]
        what = "un tableau dessiné en texte dans un bloc de code"
        self.found.layout.append((self.span(line, self.line_start(line)), what))


def _kind(marker: str) -> str:
    """`2)` and `3.` are one kind of marker, `a)` and `b)` another; a typed bullet is its own."""
    if marker[0].isdigit():
        return "1"
    return "a" if marker[0].isalpha() else marker


def _is_quotation(texts: list[str], introduction: str) -> bool:
    """Whether a blockquote says where it comes from, is written in quotes, or is introduced as quoted."""
    lines = [line.strip().lstrip("*_").strip() for text in texts for line in text.split("\n") if line.strip()]
    if not lines:
        return True  # an empty blockquote says nothing; nothing to announce wrongly
    if lines[0].startswith(_QUOTE_OPENING) or _ATTRIBUTION.match(lines[-1]):
        return True
    if any(_MESSAGE_HEADER.match(line) for line in lines[:4]):
        return True
    intro = introduction.strip()
    return bool(intro) and (intro.endswith(":") or _QUOTED_THING.search(intro) is not None)


def _looks_like_a_table(code: str) -> bool:
    lines = [line for line in code.split("\n") if line.strip()]
    if len(lines) < 3:
        return False
    if sum(1 for line in lines if _BOX.intersection(line)) >= 2:
        return True
    rules = sum(1 for line in lines if _RULE_LINE.match(line))
    rows = sum(1 for line in lines if line.count("|") >= 2 and not _RULE_LINE.match(line))
    spaced_rule = any(re.fullmatch(r"\s*-{2,}(?: +-{2,})+\s*", line) for line in lines)
    return rules >= 1 and (rows >= 2 or (spaced_rule and len(lines) - rules >= 2))


# --- rules ------------------------------------------------------------------------------------


@document_rule(
    "A11Y-STR-001", "heading-level-skipped", Severity.ERROR, refs="RGAA 9.1 ; WCAG 1.3.1 (A), 2.4.6 (AA)"
)
def heading_level_skipped(epreuve: Epreuve) -> Iterator[Problem]:
    """Un titre saute un niveau : `####` après `##`, ou `###` en premier titre.

    Pourquoi : un lecteur d'écran présente les titres comme un plan de la page, où chaque niveau
    est rangé sous le précédent ; un niveau qui manque fait chercher une partie qui n'existe pas.
    Le titre de l'épreuve est le titre de niveau 1 de la page (l'aperçu l'affiche) : le premier
    titre du corps est de niveau 2 (`##`). La consigne, le bloc `propositions` et le bloc
    `correction` s'affichent chacun à part : chacun commence son plan au niveau 2.

    Mauvais : `## Contexte` puis `#### Données`.
    Bon : `## Contexte` puis `### Données`.
    """
    for heading in _structure(epreuve).headings:
        if heading.level > heading.previous + 1:
            missing = heading.previous + 1
            yield Problem(
                heading.span,
                f"premier titre de niveau {heading.level} : le titre de l'épreuve est le niveau 1, "
                f"le premier titre du corps est le niveau {missing}"
                if heading.first
                else f"titre de niveau {heading.level} après un titre de niveau {heading.previous} : "
                f"le niveau {missing} manque",
                f"écrivez ce titre `{'#' * missing} …`, ou ajoutez avant lui le titre de niveau {missing} qui manque",
            )


@document_rule("A11Y-STR-002", "body-level-one-heading", Severity.ERROR, refs="RGAA 9.1 ; WCAG 1.3.1 (A)")
def body_level_one_heading(epreuve: Epreuve) -> Iterator[Problem]:
    """Le corps contient un titre de niveau 1 (`# Titre`, ou un titre souligné de `===`).

    Pourquoi : la page a déjà son titre de niveau 1, le titre de l'épreuve, qu'affiche le gabarit
    de l'aperçu. Un second niveau 1 fait croire à une seconde page, et les titres du corps doivent
    se ranger sous celui de l'épreuve : ils commencent au niveau 2.

    Mauvais : `# Consigne`.
    Bon : `## Consigne`, ou pas de titre du tout pour une consigne courte.
    """
    for heading in _structure(epreuve).headings:
        if heading.level == TEMPLATE_LEVEL:
            yield Problem(
                heading.span,
                "titre de niveau 1 dans le corps : la page a déjà le sien, le titre de l'épreuve",
                "écrivez-le `## …` (niveau 2), et décalez d'un niveau les titres qui le suivent",
            )


@document_rule(
    "A11Y-STR-003", "emphasis-as-heading", Severity.WARNING, refs="RGAA 9.1 (test 9.1.3) ; WCAG 1.3.1 (A)"
)
def emphasis_as_heading(epreuve: Epreuve) -> Iterator[Problem]:
    """Un paragraphe fait d'un seul texte en gras ou en italique sert de titre.

    Pourquoi : un texte qui a l'air d'un titre doit en être un (RGAA 9.1.3) : sinon il manque au
    plan de la page que parcourt un lecteur d'écran, et sa partie n'a pas de nom. La règle retient
    un paragraphe d'une ligne, de 80 caractères au plus, tout entier en gras ou en italique, sans
    ponctuation finale (une phrase mise en valeur en a une), suivi d'un autre bloc ; hors listes,
    citations et tableaux. Elle ne peut pas savoir si l'auteur voulait un titre ou une mise en
    valeur : d'où un avertissement.

    Mauvais : `**Données du problème**` sur sa ligne, puis le texte.
    Bon : `## Données du problème`, ou une phrase : `Voici les données du problème :`.
    """
    for span, text in _structure(epreuve).emphasis_headings:
        yield Problem(
            span,
            f"texte en gras ou en italique utilisé comme titre : {quoted(text)}",
            "faites-en un vrai titre (`## …`), ou une phrase ponctuée s'il ne titre rien",
        )


@document_rule("A11Y-STR-004", "empty-heading", Severity.ERROR, refs="RGAA 9.1 ; WCAG 1.3.1 (A), 2.4.6 (AA)")
def empty_heading(epreuve: Epreuve) -> Iterator[Problem]:
    """Un titre est vide : `##` seul, ou fait de ponctuation.

    Pourquoi : un lecteur d'écran annonce « titre de niveau 2 » sans rien dire : la partie n'a pas
    de nom, et le plan de la page a un trou. Un titre vide sert souvent d'espacement : l'espace
    entre les parties appartient au thème.

    Mauvais : `##` seul sur sa ligne, ou `## ---`.
    Bon : `## Données du problème`, ou une ligne vide.
    """
    for heading in _structure(epreuve).headings:
        if _is_blank(heading.text):
            yield Problem(
                heading.span,
                "titre vide",
                "donnez un nom à la partie qu'il ouvre, ou supprimez la ligne",
            )


@document_rule("A11Y-STR-005", "fake-list", Severity.WARNING, refs="RGAA 9.3 ; WCAG 1.3.1 (A)")
def fake_list(epreuve: Epreuve) -> Iterator[Problem]:
    """Une liste est tapée à la main : lignes qui commencent par `•`, `–`, `→`, `✓`, `2)`, `a)`…

    Pourquoi : ces lignes ne forment qu'un paragraphe : un lecteur d'écran n'annonce ni une liste,
    ni le nombre d'éléments, et lit le signe (« puce », « flèche droite ») ou le colle au texte.
    La règle retient deux de ces lignes au moins, dans un paragraphe ou dans des paragraphes qui se
    suivent. Markdown fait de `-`, `*` et `1.` de vraies listes (`2)` en début de paragraphe
    aussi) ; les lignes `2)` ou `b)` au milieu d'un paragraphe n'en sont pas.

    Mauvais : `Les étapes :` puis, sur les lignes suivantes, `• ouvrir le fichier` et `• l'enregistrer`.
    Bon : `Les étapes :`, une ligne vide, puis `- ouvrir le fichier` et `- l'enregistrer`.
    """
    for span, marker, count in _structure(epreuve).fake_lists:
        yield Problem(
            span,
            f"liste numérotée à la main : {count} lignes de suite, à partir de « {marker} »"
            if marker[0].isalnum()
            else f"liste tapée à la main : {count} lignes de suite commencent par « {marker} »",
            "faites-en une liste Markdown : une ligne vide avant, puis `- élément` (ou `1. élément`) "
            "à chaque ligne",
        )


@document_rule(
    "A11Y-STR-006", "blockquote-for-indentation", Severity.WARNING, refs="RGAA 9.4, 8.9 ; WCAG 1.3.1 (A)"
)
def blockquote_for_indentation(epreuve: Epreuve) -> Iterator[Problem]:
    """Un bloc `>` (citation) ne cite rien : il sert à mettre un texte en retrait.

    Pourquoi : `>` produit une citation, annoncée comme telle par les lecteurs d'écran ; l'aide de
    l'éditeur Pix le propose pour un « paragraphe avec retrait », une mise en forme que le thème
    doit donner (RGAA 8.9, 9.4). Un bloc est pris pour une citation quand il dit d'où il vient
    (dernière ligne `— Auteur`, `Source : …`, `D'après …`), qu'il commence par un guillemet, qu'il
    reproduit un message (`De :`, `Objet :`), ou que le paragraphe juste avant l'annonce (il finit
    par `:`, ou nomme ce qui est cité : courriel, extrait, message, article…). La règle ne lit pas
    le sens du texte : une vraie citation sans aucune de ces marques est signalée aussi ; ajoutez sa
    source, qui manque au lecteur.

    Mauvais : `> **Remarque :** les cellules vides ne sont pas comptées.`
    Bon : `**Remarque :** les cellules vides ne sont pas comptées.`, ou `Extrait du règlement :`
    suivi de la citation.
    """
    for span in _structure(epreuve).unsourced_quotes:
        yield Problem(
            span,
            "bloc de citation `>` sans source ni introduction : sert-il seulement à mettre en retrait ?",
            "pour une remarque, écrivez un paragraphe normal (le mot clé en gras) ; pour une citation, "
            "dites d'où elle vient, juste avant (« Extrait du courriel : ») ou en dernière ligne (« — Auteur »)",
        )


@document_rule(
    "A11Y-STR-007", "layout-by-characters", Severity.WARNING, refs="RGAA 8.9, 10.1, 13.5 ; WCAG 1.3.1 (A)"
)
def layout_by_characters(epreuve: Epreuve) -> Iterator[Problem]:
    """La mise en page est faite de caractères : sauts de ligne répétés, espaces insécables, tableau dessiné.

    Pourquoi : un lecteur d'écran lit ces caractères, ou les saute, mais ne voit pas la forme
    qu'ils dessinent : un tableau dessiné dans un bloc de code (`+----+`, `|`) se lit signe par
    signe, sans lignes ni colonnes, et un retrait fait d'espaces insécables disparaît au zoom ou sur
    un petit écran (RGAA 10.1). La règle signale : deux sauts de ligne forcés de suite (`\\` en fin
    de ligne, sur une ligne vide) ; deux espaces insécables de suite (`&nbsp;&nbsp;`) ou un
    paragraphe qui n'en contient que ; un bloc de code sans langage, ou marqué `text`, qui dessine un
    tableau. Les `<br>` écrits en HTML sont déjà signalés un à un par A11Y-PRS-003 ; ils ne comptent
    ici que si la configuration admet `<br>`. Un bloc de code marqué d'un langage (```` ```sql ````)
    est du code, et n'est pas examiné.

    Mauvais : `&nbsp;&nbsp;&nbsp;&nbsp;Total : 12`, ou un tableau dessiné avec `+---+---+` dans
    un bloc ```` ``` ````.
    Bon : une ligne vide entre deux paragraphes, et un tableau Markdown (`| Mois | Total |`).
    """
    for span, what in _structure(epreuve).layout:
        yield Problem(
            span,
            f"mise en page par des caractères : {what}",
            "séparez les paragraphes par une ligne vide, écrivez les données en tableau Markdown "
            "(`| a | b |`) et laissez les retraits au thème",
        )
