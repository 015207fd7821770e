"""Accessibility of language (A11Y-LNG): the épreuve's language, and passages in another one.

RGAA 8.3, 8.4, 8.7 and 8.8, WCAG 3.1.1 and 3.1.2: a screen reader picks its voice from the
language of the page and of each marked passage; a wrong or missing code makes it read English
words with French sounds, or the reverse.

The schema already refuses a `locale` that is not lower-case letters and dashes (SCHEMA); LNG-001
checks what it cannot: that the tag is a well-formed BCP 47 tag (subtags in their order, each of its
kind) whose language, script and region exist. LNG-003 does the same for `lang`, `xml:lang`,
`hreflang` and `srclang` in raw HTML, the only way content can set a language today.

LNG-002, -004 and -005 guess a passage's language. The guess is a heuristic, without a dictionary
or a network: a bundled list of very frequent English function words that are not French words
(the, and, of, you, your, with…) and the French function words that are not English ones (le, la,
des, et, est…). A passage is a run of at least 3 words with no function word of the épreuve's
language, no code, address or placeholder, and no sentence break, of which at least 2, and at
least a third, are function words of the other language. Brand names (Word, Excel, Teams) and
loanwords (cloud, mail) are no function words: they never make a passage. Only French and English
épreuves are guessed. Warnings: a human confirms.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from epreuve_tools.diagnostics import Problem, Severity, Span, quoted
from epreuve_tools.registry import document_rule
from epreuve_tools.rules import a11y_lng_codes as codes
from epreuve_tools.rules.a11y_prose import PLACEHOLDER, prose
from epreuve_tools.rules.a11y_scan import scan, tags

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve

# The schema's own pattern for `locale`: what does not match it is the schema's to report
_SCHEMA_LOCALE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
_LANGUAGE_ATTRIBUTES = ("lang", "xml:lang", "hreflang", "srclang")


@functools.cache
def _fixed(text: str, width: int) -> frozenset[str]:
    return frozenset(text[i : i + width] for i in range(0, len(text), width))


@functools.lru_cache(maxsize=256)  # a bank writes the same few locales again and again
def bcp47_problem(tag: str) -> str | None:
    """What is wrong with a BCP 47 language tag (case-insensitive), or None if it is valid."""
    subtags = tag.lower().split("-")
    if any(not subtag or not subtag.isalnum() or not subtag.isascii() for subtag in subtags):
        return "seuls des lettres, des chiffres et des tirets simples séparent les sous-étiquettes"
    language = subtags[0]
    if language == "x":
        return None if len(subtags) > 1 and all(len(s) <= 8 for s in subtags[1:]) else "usage privé mal formé"
    problem = _language_problem(language)
    if problem is not None:
        return problem
    return _rest_problem(subtags[1:])


def _language_problem(language: str) -> str | None:
    if not language.isalpha() or len(language) not in (2, 3):
        return f"« {language} » n'est pas une langue : 2 ou 3 lettres (fr, en, de…)"
    if len(language) == 2:
        if language not in _fixed(codes.LANGUAGES_2, 2):
            return f"langue « {language} » inconnue de la norme ISO 639-1"
        return None
    if language in codes.TWO_LETTER_OF:
        return f"« {language} » s'écrit « {codes.TWO_LETTER_OF[language]} » (BCP 47 veut le code à 2 lettres)"
    if language not in _fixed(codes.LANGUAGES_3, 3):
        return f"langue « {language} » inconnue des normes ISO 639"
    return None


def _rest_problem(subtags: list[str]) -> str | None:
    """Extlang, script, region, variants, extensions: each in its place, each of its kind."""
    stage = 0  # 0 extlang, 1 script, 2 region, 3 variants
    variants: set[str] = set()
    index = 0
    while index < len(subtags):
        subtag = subtags[index]
        if len(subtag) == 1:  # an extension or private use: its subtags follow, 2 to 8 characters
            rest = subtags[index + 1 :]
            if not rest or any(len(s) < (1 if subtag == "x" else 2) or len(s) > 8 for s in rest):
                return f"extension « {subtag} » mal formée"
            return None
        if stage == 0 and len(subtag) == 3 and subtag.isalpha():
            if subtag not in _fixed(codes.LANGUAGES_3, 3):
                return f"sous-langue « {subtag} » inconnue"
        elif stage <= 1 and len(subtag) == 4 and subtag.isalpha():
            if subtag not in _fixed(codes.SCRIPTS, 4):
                return f"écriture « {subtag} » inconnue de la norme ISO 15924"
            stage = 2
        elif stage <= 2 and (
            (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit())
        ):
            if subtag.isalpha() and subtag not in _fixed(codes.REGIONS, 2):
                return f"région « {subtag} » inconnue de la norme ISO 3166-1" + (
                    " (le Royaume-Uni s'écrit « gb »)" if subtag == "uk" else ""
                )
            stage = 3
        elif (5 <= len(subtag) <= 8) or (len(subtag) == 4 and subtag[0].isdigit()):
            if subtag in variants:
                return f"variante « {subtag} » répétée"
            variants.add(subtag)
            stage = 3
        else:
            return f"sous-étiquette « {subtag} » mal placée ou mal formée (langue-Écriture-RÉGION, par exemple fr-FR)"
        index += 1
    return None


@document_rule("A11Y-LNG-001", "invalid-locale", Severity.ERROR, refs="RGAA 8.3, 8.4 ; WCAG 3.1.1 (A)")
def invalid_locale(epreuve: Epreuve) -> Iterator[Problem]:
    """La langue de l'épreuve (`locale`) n'est pas une étiquette BCP 47 valide.

    Pourquoi : l'aperçu et Pix l'écrivent dans `<html lang>` ; un lecteur d'écran en tire la voix
    qui lit toute l'épreuve (RGAA 8.3 et 8.4). Le schéma refuse déjà ce qui n'est pas fait de
    minuscules et de tirets ; cette règle vérifie le reste : l'ordre des sous-étiquettes (langue,
    écriture, région, variantes) et l'existence de chacune (ISO 639, ISO 15924, ISO 3166-1). Sans
    `locale`, l'épreuve est en `fr-fr`.

    Mauvais : `locale: fr-uk`, `locale: fra`, ou `locale: fr-fr-fr`.
    Bon : `locale: fr-fr`, `locale: fr`, ou `locale: en-gb`.
    """
    locale = epreuve.front_matter.get("locale")
    if not isinstance(locale, str) or not _SCHEMA_LOCALE.match(locale):
        return
    problem = bcp47_problem(locale)
    if problem is not None:
        yield Problem(
            epreuve.source_map.value(("locale",)),
            f"langue « {locale} » invalide : {problem}",
            "écrivez une étiquette BCP 47 en minuscules : fr-fr, fr, en-gb…",
        )


@document_rule("A11Y-LNG-003", "invalid-lang-attribute", Severity.ERROR, refs="RGAA 8.8 ; WCAG 3.1.2 (AA)")
def invalid_lang_attribute(epreuve: Epreuve) -> Iterator[Problem]:
    """Un attribut `lang` (ou `xml:lang`, `hreflang`, `srclang`) du HTML a une valeur invalide.

    Pourquoi : un code de langue invalide est ignoré, ou fait lire le passage avec une mauvaise
    voix (RGAA 8.8). Il doit être une étiquette BCP 47 (`en`, `en-GB`), pas un nom de langue ni
    un code à la manière des systèmes (`EN_us`). Un attribut vide ne dit rien.

    Mauvais : `<span lang="anglais">cloud</span>`, ou `<span lang="EN_us">cloud</span>`.
    Bon : `<span lang="en">cloud</span>`.
    """
    for fragment in scan(epreuve).html:
        if "lang" not in fragment.html.lower():
            continue
        for tag in tags(fragment.html):
            for attribute in tag.attributes:
                if attribute.name not in _LANGUAGE_ATTRIBUTES:
                    continue
                value = (attribute.value or "").strip()
                problem = "valeur vide" if not value else bcp47_problem(value)
                if problem is not None:
                    yield Problem(
                        fragment.position(attribute.offset, len(attribute.name)),
                        f"{attribute.name}=« {value} » invalide : {problem}",
                        'écrivez un code BCP 47 : lang="en", lang="en-GB", lang="de"…',
                    )


# Very frequent English function words that are not French words (« a », « on », « an », « son »,
# « plus », « me », « us », « but », « as » are: they prove nothing)
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "you",
        "your",
        "yours",
        "with",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "to",
        "for",
        "it",
        "its",
        "we",
        "they",
        "he",
        "she",
        "his",
        "her",
        "our",
        "their",
        "them",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "how",
        "why",
        "when",
        "where",
        "there",
        "here",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "shall",
        "may",
        "might",
        "must",
        "not",
        "from",
        "by",
        "at",
        "into",
        "about",
        "just",
        "only",
        "also",
        "than",
        "then",
        "if",
        "or",
        "all",
        "any",
        "each",
        "every",
        "no",
        "my",
        "mine",
        "up",
        "out",
        "over",
        "under",
        "after",
        "before",
        "because",
        "while",
        "off",
        "again",
        "more",
        "most",
        "other",
        "some",
        "such",
        "own",
        "same",
        "very",
    ]
)
FRENCH_WORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "du",
        "de",
        "un",
        "une",
        "et",
        "est",
        "sont",
        "pour",
        "avec",
        "dans",
        "sur",
        "que",
        "qui",
        "ne",
        "pas",
        "vous",
        "votre",
        "vos",
        "nous",
        "il",
        "elle",
        "ils",
        "elles",
        "ce",
        "cette",
        "ces",
        "au",
        "aux",
        "par",
        "ou",
        "où",
        "mais",
        "leur",
        "leurs",
        "se",
        "sa",
        "ses",
        "à",
        "été",
        "être",
        "avoir",
        "je",
        "tu",
        "mon",
        "ma",
        "mes",
        "ton",
        "ta",
        "tes",
        "notre",
        "nos",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "lequel",
        "laquelle",
        "dont",
        "comme",
        "sans",
        "sous",
        "chez",
        "entre",
        "vers",
        "selon",
        "aussi",
        "très",
        "tout",
        "tous",
        "toute",
        "toutes",
        "cela",
        "ceci",
        "ça",
        "lui",
        "eux",
        "peut",
        "doit",
        "faut",
        "fait",
        "ont",
        "avez",
        "êtes",
        "sera",
        "seront",
        "était",
        "y",
        "en",
        "si",
    ]
)
_ENGLISH_CONTRACTION = re.compile(r"^[a-z]+['’](?:t|s|re|ll|ve|m|d)$")
_FRENCH_ELISION = re.compile(r"^(?:l|d|qu|n|j|c|s|m|t|jusqu|lorsqu|puisqu)['’]")
_TOKEN = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\S+|[^\W\d_]+(?:['’-][^\W\d_]+)*|\ufffc|[.!?;:«»“”()\[\]]"
)
_GUESSED = {"fr": ("en", "anglais"), "en": ("fr", "français")}
MIN_RUN_WORDS = 3
MIN_FOREIGN_WORDS = 2


# A quick first look, at C speed: a run needs function words of the other language, two different
# ones in the paragraph (an English contraction counts as one)
_LOWER_WORD = re.compile(r"[^\W\d_]+")
_CONTRACTION_HINT = re.compile(r"[a-z]['’](?:t|re|ll|ve|m)\b", re.IGNORECASE)
_ELISION_HINT = re.compile(r"\b(?:l|d|qu|n|j|c)['’]", re.IGNORECASE)


# what an English contraction ends with, in lower case: a text without any has none to count
_CONTRACTION_ENDS = tuple(f"{apostrophe}{end}" for apostrophe in "'’" for end in ("t", "re", "ll", "ve", "m"))


# Runs of ASCII letters, cheaper to find than words: a word made of ASCII letters is one of them
# (what is around it is not a letter), so they hold every English function word the words hold,
# and maybe more (« noël » gives « no »): too few among them, too few among the words.
_ASCII_RUN = re.compile(r"[a-z]+")


def _may_hold_a_run(text: str, home: str) -> bool:
    lowered = text.lower()
    if home == "fr":
        # a French text rarely ends an elision with these letters: its contractions are not searched
        contracted = any(end in lowered for end in _CONTRACTION_ENDS)
        if not contracted and len(ENGLISH_WORDS.intersection(_ASCII_RUN.findall(lowered))) < 2:
            return False
        count = len(ENGLISH_WORDS.intersection(_LOWER_WORD.findall(lowered)))
        if count >= 2 or not contracted:
            return count >= 2
        return count + len(_CONTRACTION_HINT.findall(text)) >= 2
    found = _LOWER_WORD.findall(lowered)
    return len(FRENCH_WORDS.intersection(found)) + len(_ELISION_HINT.findall(text)) >= 2


def _side(word: str, home: str) -> int:
    """+1 for a word of the other language, -1 for one of the épreuve's, 0 for neither."""
    lower = word.lower()
    english = lower in ENGLISH_WORDS or bool(_ENGLISH_CONTRACTION.match(lower))
    french = lower in FRENCH_WORDS or bool(_FRENCH_ELISION.match(lower))
    if english == french:
        return 0
    return (1 if english else -1) if home == "fr" else (1 if french else -1)


def foreign_runs(text: str, home: str, skip: Any = None) -> Iterator[tuple[int, int, int, int]]:
    """(start, end, words, foreign words) of each passage of `text` guessed in the other language
    than `home` ("fr" or "en"); `skip(offset)` says which words are already marked."""
    if not _may_hold_a_run(text, home):
        return
    run: list[tuple[int, int, int]] = []  # (start, end, side) of the run's words

    def close() -> Iterator[tuple[int, int, int, int]]:
        foreign = sum(1 for *_span, side in run if side > 0)
        if len(run) >= MIN_RUN_WORDS and foreign >= MIN_FOREIGN_WORDS and 3 * foreign >= len(run):
            yield run[0][0], run[-1][1], len(run), foreign
        run.clear()

    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if not (token[0].isalpha()) or token == PLACEHOLDER or "://" in token or "@" in token:
            yield from close()
            continue
        if skip is not None and skip(match.start()):
            yield from close()
            continue
        side = _side(token, home)
        if side < 0:
            yield from close()
            continue
        run.append((match.start(), match.end(), side))
    yield from close()


def _home(epreuve: Epreuve) -> tuple[str, str, str] | None:
    """(épreuve language, guessed language code, its French name), for French and English épreuves."""
    home = epreuve.locale.split("-")[0].lower()
    guessed = _GUESSED.get(home)
    return (home, *guessed) if guessed is not None else None


@document_rule(
    "A11Y-LNG-002", "unmarked-foreign-passage", Severity.WARNING, refs="RGAA 8.7 ; WCAG 3.1.2 (AA)"
)
def unmarked_foreign_passage(epreuve: Epreuve) -> Iterator[Problem]:
    """Un passage du texte semble écrit dans une autre langue que l'épreuve, sans que sa langue soit indiquée.

    Pourquoi : un lecteur d'écran lit « Save the file to your computer » avec la voix française
    (« savé té filé… ») : le passage devient incompréhensible (RGAA 8.7). La détection est une
    heuristique (voir `epreuve rule A11Y-LNG-002`) : au moins trois mots de suite sans mot-outil
    français, dont au moins deux mots-outils anglais (the, and, of, you, your, with…). Les noms de
    marque (Word, Teams) et les mots passés dans l'usage (cloud) ne la déclenchent pas ; le code
    (`` `…` ``), les adresses et les passages déjà marqués (`<span lang="en">`) sont ignorés.

    Mauvais : `Cliquez sur « Save the file to your computer ».`
    Bon : `Cliquez sur « Enregistrer le fichier sur votre ordinateur ».`, ou le passage anglais dans
    `<span lang="en">…</span>` s'il doit le rester.
    """
    languages = _home(epreuve)
    if languages is None:
        return
    home, code, name = languages
    walk = prose(epreuve)
    # the first look of `foreign_runs`, once for all the blocks: what no block of the whole can
    # reach, no block reaches (words are counted per block, contractions never span a line)
    if not _may_hold_a_run("\n".join(block.text for block in walk.blocks), home):
        return
    for block in walk.blocks:
        text = block.text
        if len(text) < 8:
            continue
        locator = None
        for start, end, _words, _foreign in foreign_runs(
            text, home, block.is_marked if block.marked else None
        ):
            locator = locator or walk.locator(block)
            passage = text[start:end]
            yield Problem(
                locator.find(passage.split()[0]),
                f"passage en {name} sans indication de langue : {quoted(passage, 50)}",
                f'traduisez-le ; s\'il doit rester en {name}, indiquez sa langue : `<span lang="{code}">…</span>` (balise à admettre dans la configuration : allowed-html = ["span"])',
            )


def _labels(epreuve: Epreuve) -> Iterator[tuple[str, Span, str]]:
    """(text, place, what it is) of each text a screen reader says in place of something else."""
    front = epreuve.front_matter
    source_map = epreuve.source_map
    illustration = front.get("illustration")
    if isinstance(illustration, dict):
        for key, what in (("alt", "texte alternatif"), ("description", "description de l'illustration")):
            value = illustration.get(key)
            if isinstance(value, str):
                yield value, source_map.value(("illustration", key)), what
    embed = front.get("embed")
    if isinstance(embed, dict) and isinstance(embed.get("title"), str):
        yield embed["title"], source_map.value(("embed", "title")), "titre du contenu intégré"
    attachments = front.get("attachments")
    if isinstance(attachments, list):
        for index, attachment in enumerate(attachments):
            if isinstance(attachment, dict) and isinstance(attachment.get("title"), str):
                yield (
                    attachment["title"],
                    source_map.value(("attachments", index, "title")),
                    "titre de pièce jointe",
                )
    yield from _body_labels(epreuve)


def _body_labels(epreuve: Epreuve) -> Iterator[tuple[str, Span, str]]:
    for image in scan(epreuve).images:
        yield image.alt, image.span, "texte alternatif"
    walk = prose(epreuve)
    for block in walk.blocks:
        if block.link_titles:
            locator = walk.locator(block)
            for title in block.link_titles:
                yield title, locator.find(title), "titre de lien"
    for blank in epreuve.blanks:
        if blank.label:
            yield blank.label, blank.span, "libellé de champ"


# A label with passages in the other language: text, place, what it is, the passages (`foreign_runs`),
# and whether it is in that language as a whole
_ForeignLabel = tuple[str, Span, str, list[tuple[int, int, int, int]], bool]
# the foreign labels of the last épreuve looked at: A11Y-LNG-004 and -005 read them in a row
_last_labels: tuple[Epreuve, list[_ForeignLabel]] | None = None


def _labels_with_runs(epreuve: Epreuve, home: str) -> list[_ForeignLabel]:
    global _last_labels  # noqa: PLW0603  (a one-entry cache, as `prose`)
    if _last_labels is not None and _last_labels[0] is epreuve:
        return _last_labels[1]
    found: list[_ForeignLabel] = []
    for text, span, what in _labels(epreuve):
        runs = list(foreign_runs(text, home))
        if not runs:
            continue
        total = sum(1 for match in _TOKEN.finditer(text) if match.group(0)[0].isalpha())
        foreign_words = sum(words for _start, _end, words, _foreign in runs)
        found.append((text, span, what, runs, foreign_words * 5 >= total * 4))
    _last_labels = (epreuve, found)
    return found


def _foreign_labels(epreuve: Epreuve, whole: bool) -> Iterator[Problem]:
    languages = _home(epreuve)
    if languages is None:
        return
    home, _code, name = languages
    for text, span, what, runs, is_whole in _labels_with_runs(epreuve, home):
        if is_whole != whole:
            continue
        if whole:
            yield Problem(
                span,
                f"{what} en {name} dans une épreuve en {epreuve.locale} : {quoted(text, 50)}",
                "traduisez-le : c'est sans doute un reste d'une autre version de l'épreuve",
            )
        else:
            passage = text[runs[0][0] : runs[0][1]]
            yield Problem(
                span,
                f"{what} avec un passage en {name} : {quoted(passage, 50)}",
                f"traduisez le passage : la langue d'un {what} ne peut pas être indiquée en Markdown",
            )


@document_rule(
    "A11Y-LNG-004", "foreign-passage-in-label", Severity.WARNING, refs="RGAA 8.7 ; WCAG 3.1.2 (AA)"
)
def foreign_passage_in_label(epreuve: Epreuve) -> Iterator[Problem]:
    """Un texte alternatif, un titre ou un libellé de champ contient un passage dans une autre langue.

    Pourquoi : le lecteur d'écran lit ces textes à la place de l'image, du lien ou du champ, avec la
    voix de l'épreuve ; un passage anglais y devient incompréhensible (RGAA 8.7, glossaire
    « changement de langue »). En Markdown, rien ne permet d'indiquer la langue d'un texte
    alternatif ou d'un libellé : il faut le traduire. Même détection heuristique qu'A11Y-LNG-002 ;
    un texte entièrement dans l'autre langue relève d'A11Y-LNG-005.

    Mauvais : `alt: "Bouton Save as de la fenêtre, with the default name of the file"`
    Bon : `alt: "Bouton « Enregistrer sous » de la fenêtre, avec le nom proposé pour le fichier"`
    """
    yield from _foreign_labels(epreuve, whole=False)


@document_rule(
    "A11Y-LNG-005",
    "label-in-other-language",
    Severity.WARNING,
    refs="RGAA 8.4, 8.7 ; WCAG 3.1.1 (A), 3.1.2 (AA)",
)
def label_in_other_language(epreuve: Epreuve) -> Iterator[Problem]:
    """Un texte alternatif, un titre ou un libellé est entièrement dans une autre langue que l'épreuve.

    Pourquoi : dans une épreuve déclinée d'une langue à l'autre, un texte alternatif ou un libellé
    oublié à la traduction est lu avec la mauvaise voix et ne dit rien à l'apprenant (RGAA 8.4 et
    8.7). La détection (au moins quatre mots sur cinq dans des passages de l'autre langue) est une
    heuristique, comme celle d'A11Y-LNG-002 ; elle vaut pour les épreuves en français et en anglais.

    Mauvais (une épreuve en `fr-fr`) : `alt: "Screenshot of the file menu with the save button"`
    Bon : `alt: "Menu Fichier ouvert, avec la commande Enregistrer"`
    """
    yield from _foreign_labels(epreuve, whole=True)
