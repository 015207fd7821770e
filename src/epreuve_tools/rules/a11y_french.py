"""French text as the sensory rules read it (A11Y-CLR, A11Y-SNS): words, sentences and marks, in place.

The rules read what the learner reads to answer: the instruction, the proposals (QCU/QCM items, or
the text around the blanks of a QROC/QROCM) and the alternative instruction; never the correction,
shown after answering. Each text is a `Passage`: its words with their offsets, its sentences, and
what an author uses to name a thing (« … », "…", `**gras**`, `code`), so that a rule asks « is
there a named target in this sentence » without parsing again. Markdown that is not read as prose
is blanked out, offsets kept: blanks `${…}`, code spans, link addresses, HTML tags, bare URLs.

Words are cut the French way: an elided article or pronoun is its own word (« l'icône » gives
« l' » and « icône »), hyphenated words stay whole (« ci-dessous », « Croix-Rouge »). Lookups use
`Word.key`: case folded, typographic apostrophe made straight.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from epreuve_tools.diagnostics import Span
from epreuve_tools.kinds import EpreuveType
from epreuve_tools.rules.a11y_scan import scan

if TYPE_CHECKING:
    from markdown_it.token import Token

    from epreuve_tools.model import Epreuve

INSTRUCTION = "instruction"
PROPOSAL = "proposal"  # a QCU/QCM item, or the text of a QROC/QROCM's `propositions` block
ALTERNATIVE = "alternative"  # `alternative_instruction`

_CLITIC = r"(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’](?=[^\W\d_])"
_WORD = re.compile(rf"(?i:\b{_CLITIC})|[^\W_]+(?:-[^\W_]+)*")
# what `_words` runs, and the elisions `_CLITIC` names, as keys
_RUN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_CLITICS = frozenset(("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"))
# prose that is not read as such: blanked out, same length, so that offsets stay the text's
_NOT_PROSE = re.compile(
    r"\$\{[^}\n]*\}"  # a blank
    r"|\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"  # a link's or an image's address (its text stays)
    r"|<[^>\n]*>"  # an HTML tag or an autolink
    r"|\bhttps?://\S+"  # a bare address
)
_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)\*\*|__(?=\S)(.+?)__", re.DOTALL)
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"\n]*\"")
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n[ \t]*\n")
# a spreadsheet cell (« C3 », « AB12 ») names its target as a label does
_CELL = re.compile(r"^[A-Z]{1,3}[0-9]{1,7}$")


class Word(NamedTuple):
    """A word of a passage (a named tuple: a passage holds hundreds, made at C speed)."""

    text: str  # as written
    key: str  # case folded, ’ made ', for the lexicons
    start: int  # offsets in the passage's text
    end: int


@dataclass(frozen=True, slots=True)
class Passage:
    kind: str  # INSTRUCTION, PROPOSAL or ALTERNATIVE
    text: str  # as written
    words: tuple[Word, ...]
    sentence_ends: tuple[int, ...]  # index of the first word after each sentence, ascending
    quoted: tuple[tuple[int, int], ...]  # « … », “…”, "…": what is quoted is mentioned, not used
    named: tuple[tuple[int, int], ...]  # quoted, bold or code: how a label or a UI name is written
    places: tuple[tuple[int, int, int], ...]  # (text offset, file line, file column) of each line
    proposal: int | None = None  # the number of a QCU/QCM proposal, from 1
    # every word's key: a rule first asks whether a word it needs is there at all (C speed)
    keys: frozenset[str] = frozenset()

    def span(self, start: int, end: int) -> Span:
        """The file span of the text from `start` to `end`, cut at the end of the line where it starts."""
        offsets = [place[0] for place in self.places]
        index = max(bisect.bisect_right(offsets, start) - 1, 0)
        offset, line, column = self.places[index]
        if index + 1 < len(offsets):
            end = min(end, offsets[index + 1] - 1)
        first = column + start - offset
        return Span.at(line, first, line, first + max(end - start, 1))

    def sentence(self, index: int) -> tuple[int, int]:
        """The range of word indexes of the sentence holding word `index`."""
        position = bisect.bisect_right(self.sentence_ends, index)
        first = self.sentence_ends[position - 1] if position > 0 else 0
        last = self.sentence_ends[position] if position < len(self.sentence_ends) else len(self.words)
        return first, last

    def is_quoted(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.quoted)

    def names_a_target(self, first: int, last: int) -> bool:
        """Whether words `first` to `last` (excluded) name a thing: a label, a UI name, a cell."""
        if first >= last:
            return False
        start, end = self.words[first].start, self.words[last - 1].end
        if any(s < end and start < e for s, e in self.named):
            return True
        words = self.words
        return any(
            _CELL.match(words[index].text)
            # a name with a capital after the thing it names: « le bouton Valider », « l'onglet Accueil »
            or (index > first and words[index].text[:1].isupper() and words[index - 1].key in TARGET_NOUNS)
            for index in range(first, last)
        )


def _words(masked: str) -> tuple[Word, ...]:
    """The words of `masked`, as `_WORD` cuts them, at a third of its cost: runs of letters and
    digits are found by a simpler pattern, and a run that is an elided article or pronoun followed
    by an apostrophe and a letter takes the apostrophe (what `_CLITIC` matches); the text is case
    folded once, its keys sliced from it when folding kept every offset (nearly always)."""
    folded = masked.casefold()
    aligned = len(folded) == len(masked)
    size = len(masked)
    make = tuple.__new__
    found: list[Word] = []
    append = found.append
    for match in _RUN.finditer(masked):
        start, end = match.span()
        key = folded[start:end] if aligned else match.group().casefold()
        if (
            end + 1 < size
            and masked[end] in "'’"
            and key in _CLITICS
            and (start == 0 or masked[start - 1] != "_")  # `\b` before it: `_` is a word character
            and masked[end + 1].isalnum()
            and not masked[end + 1].isdecimal()  # `(?=[^\W\d_])`: a letter
        ):
            append(make(Word, (masked[start : end + 1], key + "'", start, end + 1)))
        else:
            append(make(Word, (match.group(), key.replace("’", "'") if "’" in key else key, start, end)))
    return tuple(found)


def make_passage(
    kind: str, text: str, places: tuple[tuple[int, int, int], ...], proposal: int | None = None
) -> Passage:
    """Read `text` once: its marks, then its words in the prose that is left."""
    named: list[tuple[int, int]] = []
    masked = text
    if "`" in text:
        for match in _CODE.finditer(text):
            named.append((match.start(), match.end()))
        masked = _CODE.sub(lambda m: " " * len(m.group(0)), masked)
    if "${" in masked or "](" in masked or "<" in masked or "://" in masked:
        masked = _NOT_PROSE.sub(lambda m: " " * len(m.group(0)), masked)
    quoted = tuple((m.start(), m.end()) for m in _QUOTED.finditer(masked)) if _has_quotes(masked) else ()
    named.extend(quoted)
    if "**" in masked or "__" in masked:
        named.extend((m.start(), m.end()) for m in _BOLD.finditer(masked))
    words = _words(masked)
    starts = [word.start for word in words]
    ends = tuple(bisect.bisect_left(starts, m.end()) for m in _SENTENCE_END.finditer(masked))
    keys = frozenset([word.key for word in words])
    return Passage(kind, text, words, ends, quoted, tuple(named), places, proposal, keys)


def _has_quotes(text: str) -> bool:
    return "«" in text or "“" in text or '"' in text


# --- where the passages come from --------------------------------------------------------------


class _Cache:
    """The passages of the last épreuve read: every sensory rule reads the same ones in a row."""

    __slots__ = ("epreuve", "passages")

    def __init__(self) -> None:
        self.epreuve: Epreuve | None = None
        self.passages: tuple[Passage, ...] = ()


_LAST = _Cache()


def passages(epreuve: Epreuve) -> tuple[Passage, ...]:
    """The instruction's paragraphs, the proposals and the alternative instruction, as `Passage`s."""
    if _LAST.epreuve is epreuve:
        return _LAST.passages
    found = tuple(_body_passages(epreuve)) + tuple(_alternative(epreuve))
    _LAST.epreuve, _LAST.passages = epreuve, found
    return found


def _container_lines(epreuve: Epreuve, name: str) -> range | None:
    container = epreuve.body.containers.get(name)
    if container is None:
        return None
    return range(container.span.start.line, container.span.end.line + 1)


def _body_passages(epreuve: Epreuve) -> list[Passage]:
    body = epreuve.body
    if not body.complete:
        return []
    lines: list[str] | None = None
    correction = _container_lines(epreuve, "correction")
    propositions = _container_lines(epreuve, "propositions")
    choices = epreuve.type in (EpreuveType.QCU, EpreuveType.QCM)
    items = body.proposals or ()
    found: list[Passage] = []
    for token in body.tokens:
        if token.type != "inline" or token.map is None or not token.content.strip():
            continue
        line = token.map[0] + body.first_line
        if correction is not None and line in correction:
            continue
        kind, number = INSTRUCTION, None
        if propositions is not None and line in propositions:
            kind = PROPOSAL
            if choices:
                number = next(
                    (
                        i
                        for i, item in enumerate(items, 1)
                        if item.span.start.line <= line <= item.span.end.line
                    ),
                    None,
                )
        if lines is None:
            lines = body.text.split("\n")
        found.append(make_passage(kind, token.content, _places(token, lines, body.first_line), number))
    return found


def _places(token: Token, lines: list[str], first_line: int) -> tuple[tuple[int, int, int], ...]:
    """Where each line of an inline token's content is written: markdown-it strips indentation,
    list markers and `>` from it, so each is looked for in its source line."""
    assert token.map is not None
    places: list[tuple[int, int, int]] = []
    offset = 0
    for number, text in enumerate(token.content.split("\n")):
        body_line = token.map[0] + number
        source = lines[body_line] if body_line < len(lines) else ""
        column = source.find(text) if text else -1
        if column < 0:
            column = len(source) - len(source.lstrip())
        places.append((offset, body_line + first_line, column + 1))
        offset += len(text) + 1
    return tuple(places)


def _alternative(epreuve: Epreuve) -> list[Passage]:
    text = epreuve.front_matter.get("alternative_instruction")
    if not isinstance(text, str) or not text.strip():
        return []
    span = epreuve.source_map.value(("alternative_instruction",))
    source = epreuve.front_matter_text.split("\n")
    places: list[tuple[int, int, int]] = []
    offset = 0
    row = span.start.line - epreuve.front_matter_line  # where to look for the next line
    for text_line in text.split("\n"):
        line, column = span.start.line, span.start.column
        stripped = text_line.strip()
        for candidate in range(max(row, 0), min(max(row, 0) + 50, len(source))):
            found = source[candidate].find(stripped) if stripped else -1
            if found >= 0:
                line, column, row = candidate + epreuve.front_matter_line, found + 1, candidate + 1
                break
        places.append((offset + len(text_line) - len(text_line.lstrip()), line, column))
        offset += len(text_line) + 1
    return [make_passage(ALTERNATIVE, text, tuple(places))]


def shows_something(epreuve: Epreuve) -> bool:
    """Whether the épreuve shows the learner something to look at: an image, a document, an embed,
    a video. Without one, a colour, a place or a shape in the text can only be read, not seen."""
    front: Any = epreuve.front_matter
    illustration = front.get("illustration")
    if (
        isinstance(illustration, dict)
        and illustration.get("src")
        and illustration.get("decorative") is not True
    ):
        return True
    if front.get("embed") or front.get("attachments"):
        return True
    media = front.get("media")
    if isinstance(media, list) and any(isinstance(m, dict) and m.get("kind") != "audio" for m in media):
        return True
    found = scan(epreuve)
    return bool(found.images) or any("<img" in html.html.lower() for html in found.html)


def shuffled(epreuve: Epreuve) -> bool:
    """Whether the proposals are shown in a random order: `shuffle`, true by default (QCU/QCM)."""
    return epreuve.front_matter.get("shuffle") is not False


# --- the lexicons both families share (catalogue, appendix A, extended) -------------------------


def forms(*words: str) -> frozenset[str]:
    """The lookup keys of words as written: `Word.key` is case folded."""
    return frozenset(word.casefold() for word in words)


# Articles and demonstratives that point at one thing the reader is meant to find (« le bouton »,
# « cette zone »), as opposed to « un », « une », « des », which describe.
DEFINITE = forms("le", "la", "l'", "les", "ce", "cet", "cette", "ces", "du", "au", "aux")
_INDEFINITE = forms("un", "une")
# « des » is « de les » after these words (« la somme des cellules jaunes »), an indefinite otherwise
DES_AS_DEFINITE_AFTER = forms(
    "somme", "total", "nombre", "contenu", "valeur", "valeurs", "liste", "moyenne", "côté", "chacune",
    "chacun", "aucune", "aucun", "laquelle", "lequel", "lesquelles", "lesquels", "combien", "plupart",
    "ensemble", "texte", "nom", "noms", "intitulé", "intitulés", "parmi",
)  # fmt: skip
# Words that may stand between an article and its noun: « la petite icône », « les deux cellules »
PRENOMINAL = forms(
    "petit", "petite", "petits", "petites", "grand", "grande", "grands", "grandes", "gros", "grosse",
    "grosses", "seul", "seule", "seuls", "seules", "deux", "trois", "quatre", "cinq", "premier",
    "première", "premiers", "premières", "dernier", "dernière", "derniers", "dernières", "autre",
    "autres", "même", "mêmes", "nouveau", "nouvelle", "nouveaux", "nouvelles", "plus", "unique",
)  # fmt: skip
# What a learner is asked to find on a screen, a page or an image (catalogue, extended)
TARGET_NOUNS = forms(
    "bouton", "boutons", "case", "cases", "cellule", "cellules", "ligne", "lignes", "colonne",
    "colonnes", "zone", "zones", "lien", "liens", "mot", "mots", "icône", "icônes", "icone", "icones",
    "onglet", "onglets", "réponse", "réponses", "flèche", "flèches", "proposition", "propositions",
    "texte", "textes", "cadre", "cadres", "encadré", "encadrés", "rectangle", "rectangles", "cercle",
    "cercles", "pastille", "pastilles", "voyant", "voyants", "barre", "barres", "menu", "menus",
    "champ", "champs", "valeur", "valeurs", "chiffre", "chiffres", "nombre", "nombres", "montant",
    "montants", "courbe", "courbes", "secteur", "secteurs", "point", "points", "phrase", "phrases",
    "passage", "passages", "paragraphe", "paragraphes", "lettre", "lettres", "symbole", "symboles",
    "repère", "repères", "trait", "traits", "partie", "parties", "élément", "éléments", "option",
    "options", "rubrique", "rubriques", "bloc", "blocs", "bandeau", "bandeaux", "panneau", "panneaux",
    "fenêtre", "fenêtres", "message", "messages", "logo", "logos", "pictogramme", "pictogrammes",
    "picto", "pictos", "dossier", "dossiers", "fichier", "fichiers", "étiquette", "étiquettes",
    "puce", "puces", "forme", "formes", "plage", "plages", "segment", "segments", "tuile", "tuiles",
    "touche", "touches", "bulle", "bulles", "commentaire", "commentaires", "mention", "mentions",
    "titre", "titres", "volet", "volets", "carré", "carrés", "triangle", "triangles", "losange",
    "losanges", "étoile", "étoiles", "rond", "ronds", "image", "images", "illustration",
    "illustrations", "graphique", "graphiques", "histogramme", "histogrammes", "barre", "curseur",
    "curseurs", "interrupteur", "interrupteurs", "vignette", "vignettes", "indicateur", "indicateurs",
    "jauge", "jauges", "légende", "légendes", "badge", "badges", "marqueur", "marqueurs",
)  # fmt: skip
# Imperatives that send the learner to look for something, or act on it, on the screen
LOCATORS = forms(
    "cliquez", "double-cliquez", "appuyez", "sélectionnez", "choisissez", "cochez", "repérez",
    "regardez", "observez", "consultez", "ouvrez", "utilisez", "trouvez", "retrouvez", "voyez",
    "touchez", "glissez", "déplacez", "faites", "pointez", "survolez", "saisissez", "complétez",
    "remplissez", "tapez", "identifiez", "comparez", "relevez", "recopiez", "copiez", "comptez",
    "cherchez", "examinez", "suivez", "activez", "validez", "lisez", "indiquez", "notez",
    "cliquer", "appuyer", "sélectionner", "cocher", "repérer", "regarder", "observer",
)  # fmt: skip


def determined(passage: Passage, noun: int) -> bool:
    """Whether the noun at index `noun` is pointed at: « le bouton », « cette zone », « la somme des
    cellules », or a proposal that starts with it (« Cellules jaunes »)."""
    words = passage.words
    index = noun - 1
    skipped = 0
    while index >= 0 and words[index].key in PRENOMINAL and skipped < 2:
        index -= 1
        skipped += 1
    if index < 0:
        return passage.kind == PROPOSAL
    key = words[index].key
    if key in DEFINITE:
        return True
    if key == "des":  # « de les » after a noun: « la somme des cellules », « les dossiers des lignes »
        return index > 0 and (
            words[index - 1].key in DES_AS_DEFINITE_AFTER
            or words[index - 1].key in TARGET_NOUNS
            or (index > 1 and words[index - 2].key in DEFINITE | _INDEFINITE)
        )
    return False


def sends_to_look(passage: Passage, first: int, last: int) -> bool:
    """Whether the sentence from word `first` to `last` tells the learner to look for or act on
    something (« Cliquez », « Repérez »…)."""
    return any(word.key in LOCATORS for word in passage.words[first:last])


def mentions(epreuve: Epreuve, stems: tuple[str, ...]) -> bool:
    """A cheap first look, before any reading: whether one of `stems` (lower case) occurs anywhere
    in the body or the alternative instruction. Most épreuves name no colour or place: they stop here."""
    if _FOLDED.epreuve is not epreuve:
        alternative = epreuve.front_matter.get("alternative_instruction")
        text = epreuve.body.text + ("\n" + alternative if isinstance(alternative, str) else "")
        _FOLDED.epreuve, _FOLDED.text = epreuve, text.casefold()
    text = _FOLDED.text
    return any(stem in text for stem in stems)


class _Folded:
    """The folded text of the last épreuve looked at (one per process, as `_LAST`)."""

    __slots__ = ("epreuve", "text")

    def __init__(self) -> None:
        self.epreuve: Epreuve | None = None
        self.text = ""


_FOLDED = _Folded()
