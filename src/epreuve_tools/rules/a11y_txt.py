"""Accessibility of text and cognition (A11Y-TXT): cryptic signs, capitals, long sentences, readability.

RGAA 13.5 and 13.6 for cryptic content (emoji, emoticons); the rest is the RGAA's AAA annex
(WCAG 3.1.3 to 3.1.5) and the FALC method (« Facile à lire et à comprendre »): suggestions rather
than failures, hence `info` for all but emoji and capitals, which screen readers voice badly.

Kandel–Moles (TXT-004) is Flesch's ease score adapted to French by L. Kandel and A. Moles (1958):
`207 − 1.015 × mots par phrase − 73.6 × syllabes par mot`. The constants were checked against
textstat's (`textstat/backend/utils/constants.py`, `LANG_CONFIGS["fr"]`: 207, 1.015, 73.6) and the
description of the Cordial grammar checker (http://www.cordial.fr/descr_technique/lisibilite.htm,
« 207 − 1,015 × … − 0,736 × syllabes pour 100 mots », the same per-word weight).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity, plural, quoted
from epreuve_tools.registry import document_rule, project_rule
from epreuve_tools.rules.a11y_prose import (
    CORRECTION,
    INSTRUCTION,
    PLACEHOLDER,
    WORD,
    Locator,
    Prose,
    Walk,
    prose,
)

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve, ParcoursItem
    from epreuve_tools.project import EpreuveFacts, Project

# The catalogue's thresholds
MAX_SENTENCE_WORDS = 20  # TXT-003 (a FALC profile would say 15)
MIN_READABILITY_WORDS = 100  # TXT-004: Flesch-type scores are unstable on shorter texts
MIN_READABILITY = 50  # TXT-004: below, « difficile » on Flesch's scale (30 to 50), then « très difficile »
MAX_ITALIC_WORDS = 10  # TXT-007
MIN_SHOUTED_LETTERS = 6  # TXT-002: a lone word in capitals this long is not an acronym

# Acronyms, initialisms and upper-case names that are no shouting (TXT-002) and that an adult
# reader of these épreuves knows without their expansion (TXT-005): file formats, devices,
# everyday words. Institutions (CNIL, ANSSI, DINUM…) are no shouting, but are expanded once.
COMMON_ACRONYMS = frozenset(
    (
        "OK",
        "PDF",
        "URL",
        "USB",
        "SMS",
        "MMS",
        "GPS",
        "PC",
        "TV",
        "CD",
        "DVD",
        "WIFI",
        "HTML",
        "ZIP",
        "JPEG",
        "JPG",
        "PNG",
        "TIFF",
        "WEBP",
        "ODT",
        "ODS",
        "ODP",
        "DOCX",
        "XLSX",
        "PPTX",
        "CSV",
        "TXT",
        "GIF",
        "SVG",
        "MP3",
        "MP4",
        "QR",
        "PIN",
        "CV",
        "RIB",
        "IBAN",
        "TVA",
        "SNCF",
        "EDF",
        "UE",
        "PME",
        "ID",
        "PIX",
        "IP",
        "ISO",
        "ODT",
        "ODS",
        "ODP",
        "CSV",
        "JSON",
        "XML",
        "MIT",
        "GNU",
    )
)
# Known to need an expansion once, but never shouting
INSTITUTIONAL_ACRONYMS = frozenset(
    (
        "RGPD",
        "CNIL",
        "ANSSI",
        "DINUM",
        "RGAA",
        "WCAG",
        "FALC",
        "DPD",
        "DPO",
        "RSSI",
        "DSI",
        "SILL",
        "GPL",
        "EUPL",
        "GNU",
        "AFNOR",
        "URSSAF",
        "CAF",
        "CPAM",
        "ONU",
        "OTAN",
        "UNESCO",
        "INSEE",
        "IA",
        "NFC",
        "VPN",
        "HTTPS",
        "HTTP",
        "DNS",
        "SSD",
        "RAM",
        "CPU",
        "API",
        "FAQ",
        "CGU",
        "MFA",
        "OTP",
    )
)
# Spreadsheet functions and keyboard keys are written in capitals: names, not shouting
NAMES_IN_CAPITALS = frozenset(
    (
        "SOMME",
        "MOYENNE",
        "MIN",
        "MAX",
        "NB",
        "NBVAL",
        "SI",
        "ET",
        "OU",
        "NON",
        "RECHERCHEV",
        "RECHERCHEH",
        "RECHERCHEX",
        "CONCATENER",
        "CONCAT",
        "ARRONDI",
        "AUJOURDHUI",
        "MAINTENANT",
        "SOMMEPROD",
        "EQUIV",
        "INDEX",
        "GAUCHE",
        "DROITE",
        "STXT",
        "NBCAR",
        "MAJUSCULE",
        "MINUSCULE",
        "SUPPRESPACE",
        "CTRL",
        "ALT",
        "MAJ",
        "TAB",
        "ÉCHAP",
        "ECHAP",
        "ENTRÉE",
        "SUPPR",
        "INSER",
        "FIN",
        "AUTOSOMME",
    )
)
_NOT_SHOUTING = COMMON_ACRONYMS | INSTITUTIONAL_ACRONYMS | NAMES_IN_CAPITALS

# Date and time masks (« JJ/MM/AAAA », « AAAA-MM-JJ ») are formats, not words
_MASK = re.compile(r"(?<!\w)[AJMDYHS]{1,4}(?:[/.:-][AJMDYHS]{1,4})+(?!\w)")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
# A quotation (« … », “ … ”): words reproduced as written (a subject line, a button), not the author's
_QUOTATION = re.compile(r"«[^»]*»|“[^”]*”")
_EMOTICON = re.compile(r"(?<![\w:/(])(?:[:;=][-']?[)(DPpOo3|\]\[]|\^\^|<3|[xX]D)(?![\w/])")
_ACRONYM = re.compile(r"^[A-ZÀ-ÖØ-Þ]{2,6}$")
# ne / n' … a negation adverb, within a few words (« n'en a jamais », « ne le fait pas »)
_NEGATION = re.compile(
    r"\b(?:ne|n['’])\s*(?:[^\W\d_]+['’]?\s*){0,3}?\b(pas|jamais|plus|aucun|aucune|rien|personne|guère)\b",
    re.IGNORECASE,
)
_QUESTION_WORDS = re.compile(
    r"\b(?:quel|quelle|quels|quelles|lequel|laquelle|lesquels|lesquelles|cochez|sélectionnez|choisissez|"
    r"indiquez|trouvez|repérez|identifiez|citez)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\b(?:et|mais|ou|car|puis|donc)\b", re.IGNORECASE)
# Inclusive writing with a middle dot (« agent·e·s ») or a period (« agent.e.s »)
_MIDDLE_DOT = re.compile(r"[^\W\d_]+(?:[·•‧⋅][^\W\d_]+)+|[^\W\d_]{2,}\.e(?:\.?s)?\b(?!\.\w)")


# the same ranges, for a search at C speed
_PICTOGRAPH = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u231a\u231b\u2328\u23cf\u23e9-\u23fa\u2b50\u2b55\u2b1b\u2b1c]"
)
_CAPITAL_PAIR = re.compile(r"[A-ZÀ-ÖØ-ÞŒ]{2}")


def _is_pictograph(char: str) -> bool:
    """An emoji or a pictographic dingbat (Unicode's Extended_Pictographic, approximately): the
    ranges of emoji, of miscellaneous symbols and dingbats (☀ ✅ ❌ ★ ✓), and a few single signs.
    Arrows and © ® ™ are left alone: they read as text (« Fichier → Enregistrer »)."""
    code = ord(char)
    return (
        0x1F000 <= code <= 0x1FAFF
        or 0x2600 <= code <= 0x27BF
        or code in (0x231A, 0x231B, 0x2328, 0x23CF, 0x2B50, 0x2B55, 0x2B1B, 0x2B1C)
        or 0x23E9 <= code <= 0x23FA
    )


def _blank_masks(text: str) -> str:
    return _MASK.sub(lambda m: " " * len(m.group(0)), text) if "/" in text or "-" in text else text


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _QUOTATION.finditer(text)] if ("«" in text or "“" in text) else []


def _within(offset: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)


@document_rule("A11Y-TXT-001", "emoji-or-emoticon", Severity.WARNING, refs="RGAA 13.5, 13.6 ; WCAG 1.1.1 (A)")
def emoji_or_emoticon(epreuve: Epreuve) -> Iterator[Problem]:
    """Un émoji ou une émoticône porte du sens dans le texte : ✅, ❌, 👉, ⚠️, `:-)`…

    Pourquoi : un lecteur d'écran lit le nom Unicode de l'émoji (« coche blanche en gras », « main
    avec index pointant vers la droite ») ou rien du tout, et épelle une émoticône signe par signe
    (« deux-points tiret parenthèse fermante ») : c'est un contenu cryptique sans alternative (RGAA
    13.5). Les propositions faites d'un seul émoji relèvent d'A11Y-FRM-008. Si l'émoji est le sujet
    de l'épreuve, une dérogation (`a11y.waivers`) le dit.

    Mauvais : `✅ Enregistrez le fichier avant de le fermer 😉`
    Bon : `**À faire** : enregistrez le fichier avant de le fermer.`
    """
    walk = prose(epreuve)
    for block in walk.blocks:
        text = block.text
        if text.isascii():
            if ":" in text or ";" in text or "^" in text or "<" in text or "D" in text:
                yield from _emoticons(walk, block)
            continue
        signs = [(match.start(), match.group(0)) for match in _PICTOGRAPH.finditer(text)]
        if signs and block.zone == "propositions" and _only_signs(text):
            continue  # an emoji-only proposal: A11Y-FRM-008's
        locator = walk.locator(block)
        for _index, char in signs:
            name = unicodedata.name(char, "").lower()
            yield Problem(
                locator.find(char),
                f"émoji {char} dans le texte" + (f" (lu « {name} »)" if name else ""),
                "remplacez-le par des mots, par exemple « **Attention** : » ou « **À faire** : »",
            )
        yield from _emoticons(walk, block)


def _only_signs(text: str) -> bool:
    return not any(char.isalnum() for char in text)


def _emoticons(walk: Walk, block: Prose) -> Iterator[Problem]:
    text = block.text
    if not any(sign in text for sign in (":", ";", "=", "^", "<3", "xD", "XD")):
        return
    locator: Locator | None = None
    for match in _EMOTICON.finditer(text):
        locator = locator or walk.locator(block)
        yield Problem(
            locator.find(match.group(0)),
            f"émoticône {match.group(0)} : un lecteur d'écran l'épelle signe par signe",
            "dites-le en mots, ou retirez-la",
        )


@document_rule(
    "A11Y-TXT-002", "text-in-capitals", Severity.WARNING, refs="RGAA aucun (FALC) ; WCAG aucun (FALC)"
)
def text_in_capitals(epreuve: Epreuve) -> Iterator[Problem]:
    """Des mots ou des phrases sont écrits en CAPITALES : deux mots de suite, ou un mot de 6 lettres et plus.

    Pourquoi : un texte en capitales se lit plus lentement (les mots perdent leur silhouette), gêne
    les lecteurs dyslexiques, et certains lecteurs d'écran l'épellent lettre par lettre. La méthode
    FALC les proscrit. Pour faire ressortir un mot, le gras suffit. Les sigles (RGPD, CNIL, PDF…),
    les fonctions du tableur (SOMME, MOYENNE), les touches (CTRL, SUPPR), les chiffres romains, les
    masques de date (JJ/MM/AAAA) et les citations entre guillemets (« URGENT ») restent admis ; une
    épreuve qui porte sur les capitales elles-mêmes le dit par une dérogation (`a11y.waivers`).

    Mauvais : `ATTENTION : NE COMMUNIQUEZ JAMAIS VOTRE MOT DE PASSE.`
    Bon : `**Attention** : ne communiquez jamais votre mot de passe.`
    """
    walk = prose(epreuve)
    for block in walk.blocks:
        if not _has_two_capitals(block.text):
            continue
        _masked, found, quotes = walk.shared("capitals", block, _capitals_view)
        run: list[tuple[int, str]] = []
        locator = walk.locator(block)
        for match in found:
            word = match.group(0)
            # `isupper` first, at C speed: most words are not in capitals, and need no letter count
            if (
                word.isupper()
                and sum(char.isalpha() for char in word) >= 2
                and not _within(match.start(), quotes)
            ):
                run.append((match.start(), word))
                continue
            yield from _shouting(run, locator)
            run = []
        yield from _shouting(run, locator)


def _capitals_view(block: Prose) -> tuple[str, list[re.Match[str]], list[tuple[int, int]]]:
    """A block as the capitals rules read it (A11Y-TXT-002, -005): its text with date masks blanked
    out, its words (WORD) and its quotations; made once for both."""
    text = _blank_masks(block.text)
    return text, list(WORD.finditer(text)), _quoted_ranges(text)


def _has_two_capitals(text: str) -> bool:
    """Whether `text` may hold a word in capitals: two capitals in a row (cheap, at C speed)."""
    return _CAPITAL_PAIR.search(text) is not None


def _is_name(word: str) -> bool:
    bare = word.replace("-", "").replace("'", "").replace("’", "")
    return bare in _NOT_SHOUTING or bool(_ROMAN.match(bare))


def _shouting(run: list[tuple[int, str]], locator: Locator) -> Iterator[Problem]:
    if not run:
        return
    shouted = [word for _offset, word in run if not _is_name(word)]
    long_word = any(sum(char.isalpha() for char in word) >= MIN_SHOUTED_LETTERS for word in shouted)
    if (len(run) >= 2 and shouted) or long_word:
        words = " ".join(word for _offset, word in run)
        span = locator.find(run[0][1])
        for _offset, word in run[1:]:
            locator.find(word)  # past the run, so that a repeat is found in its own place
        yield Problem(
            span,
            f"texte en capitales : {quoted(words, 40)}",
            "écrivez-le en minuscules (avec les accents) ; pour le faire ressortir, mettez-le en gras : `**mot**`",
        )


@document_rule(
    "A11Y-TXT-003", "long-sentence", Severity.INFO, refs="RGAA annexe AAA (lisibilité) ; WCAG 3.1.5 (AAA)"
)
def long_sentence(epreuve: Epreuve) -> Iterator[Problem]:
    """Une phrase de la consigne ou des propositions dépasse 20 mots.

    Pourquoi : une phrase longue se retient mal ; celui qui lit lentement, ou qui écoute une synthèse
    vocale, doit la relire pour trouver ce qu'on lui demande, et l'épreuve mesure alors sa lecture
    plutôt que la compétence. La méthode FALC conseille 12 à 15 mots par phrase ; le catalogue retient
    20. Les mots sont comptés comme on les lit : une élision (« l'ordinateur ») ou un mot composé
    (« peut-être ») compte pour un, un code ou un champ pour un. La correction, lue après la réponse,
    n'est pas comptée. Une info (WCAG 3.1.5 est de niveau AAA), une par phrase.

    Mauvais : `Dans le tableau des demandes, dont l'illustration montre le début, la colonne D indique
    l'état de chaque demande : accordée, refusée ou en cours, selon la décision de la commission.`
    Bon : `La colonne D du tableau indique l'état de chaque demande. Cet état est « Accordée »,
    « Refusée » ou « En cours ».`
    """
    walk = prose(epreuve)
    for block in walk.blocks:
        if block.zone == CORRECTION or block.text.count(" ") < MAX_SENTENCE_WORDS - 1:
            continue
        locator = walk.locator(block)
        passed: list[tuple[str, str, bool]] = []  # sentences walked past, not yet searched for
        for start, end, found in walk.pieces(block):
            if not found:
                continue  # no word: not a sentence (`sentences`)
            # every sentence is walked past, so that the next one is searched after it: only
            # when one is reported (most blocks have none), the ones before it are searched
            first = next((word for word in found if word != PLACEHOLDER), found[0])
            last = next((word for word in reversed(found) if word != PLACEHOLDER), "")
            if len(found) <= MAX_SENTENCE_WORDS:
                passed.append((first, last, len(found) > 1))
                continue
            for earlier_first, earlier_last, several in passed:
                locator.find(earlier_first)
                if several:
                    locator.find(earlier_last)
            passed.clear()
            span = locator.find(first)
            locator.find(last)
            yield Problem(
                span,
                f"phrase de {len(found)} mots : {quoted(block.text[start:end].strip(), 50)}",
                f"coupez-la en phrases de {MAX_SENTENCE_WORDS} mots au plus, une idée par phrase",
            )


def kandel_moles(words: int, sentence_count: int, syllable_count: int) -> float:
    """Kandel and Moles' ease score: 207 − 1.015 × words per sentence − 73.6 × syllables per word."""
    return 207 - 1.015 * (words / sentence_count) - 73.6 * (syllable_count / words)


class _Bank:
    """The épreuves of a project by id, and the validated ones by competence: built once for all
    the parcours, so that resolving their selectors does not walk every épreuve for each item."""

    def __init__(self, project: Project) -> None:
        self.by_id: dict[str, EpreuveFacts] = {}
        self.validated: dict[str, list[EpreuveFacts]] = {}
        for facts in project.epreuves.values():
            if facts.id:
                self.by_id[facts.id] = facts
            if facts.status == "validé" and isinstance(facts.competence, str):
                self.validated.setdefault(facts.competence, []).append(facts)


def _parcours_epreuves(
    project: Project, items: Iterable[ParcoursItem], bank: _Bank | None = None
) -> list[EpreuveFacts]:
    """The épreuves a parcours cites, and those its selectors resolve to (validated ones), once each."""
    bank = bank if bank is not None else _Bank(project)
    chosen: dict[int, EpreuveFacts] = {}
    for item in items:
        if item.epreuve_id is not None:
            facts = bank.by_id.get(item.epreuve_id)
            if facts is not None:
                chosen[id(facts)] = facts
        elif item.competence is not None:
            for facts in bank.validated.get(item.competence, ()):
                if (item.tube is None or facts.tube == item.tube) and (
                    not item.levels or facts.level in item.levels
                ):
                    chosen[id(facts)] = facts
    return list(chosen.values())


@project_rule(
    "A11Y-TXT-004",
    "hard-to-read-parcours",
    Severity.INFO,
    follows_epreuves=True,
    refs="RGAA annexe AAA (lisibilité) ; WCAG 3.1.5 (AAA)",
    reads=("id", "status", "competence", "tube", "level", "prose"),
)
def hard_to_read_parcours(project: Project) -> Iterator[tuple[str, Problem]]:
    """Les consignes des épreuves d'un parcours sont difficiles à lire (score de Kandel et Moles sous 50).

    Pourquoi : le score de Flesch adapté au français par Kandel et Moles (1958), `207 − 1,015 × mots
    par phrase − 73,6 × syllabes par mot`, baisse avec la longueur des phrases et des mots : sous
    50, un texte est « difficile » (60 à 70 : « standard »). Il n'est stable que sur un texte assez
    long : il est calculé sur les consignes de toutes les épreuves du parcours réunies (100 mots au
    moins), pas épreuve par épreuve. Les syllabes sont comptées par groupes de voyelles, une
    approximation des syllabes écrites. Une info (WCAG 3.1.5, niveau AAA).

    Mauvais : des consignes comme « La dématérialisation des procédures administratives nécessite
    l'identification préalable des interlocuteurs institutionnels compétents. »
    Bon : « Pour faire une démarche en ligne, il faut d'abord savoir à quel service s'adresser. »
    """
    bank = _Bank(project) if project.parcours else None
    for parcours in project.parcours:
        totals = [0, 0, 0]
        for facts in _parcours_epreuves(project, parcours.items, bank):
            for index, count in enumerate(facts.prose[:3]):
                totals[index] += count
        words, sentence_count, syllable_count = totals
        if words < MIN_READABILITY_WORDS or sentence_count == 0:
            continue
        score = kandel_moles(words, sentence_count, syllable_count)
        if score < MIN_READABILITY:
            yield (
                parcours.path,
                Problem(
                    parcours.source_map.key(("epreuves",)),
                    f"consignes difficiles à lire : score de Kandel et Moles {score:.0f} sur "
                    f"{plural(words, 'mot')} ({words / sentence_count:.1f} mots par phrase, "
                    f"{syllable_count / words:.2f} syllabes par mot)",
                    "raccourcissez les phrases et préférez les mots courts et courants ; visez 60 ou plus",
                ),
            )


@document_rule("A11Y-TXT-005", "unexpanded-acronym", Severity.INFO, refs="RGAA annexe AAA ; WCAG 3.1.4 (AAA)")
def unexpanded_acronym(epreuve: Epreuve) -> Iterator[Problem]:
    """Un sigle n'est pas développé à sa première apparition dans l'épreuve.

    Pourquoi : un sigle inconnu bloque la compréhension de la consigne, et un lecteur d'écran le
    lit comme un mot ou l'épelle. Développé une fois, entre parenthèses avant ou après lui
    (« le règlement général sur la protection des données (RGPD) »), il reste clair ensuite. Les
    sigles d'usage courant (PDF, USB, SMS, URL…) n'ont pas besoin de l'être. Une info (WCAG 3.1.4,
    niveau AAA).

    Mauvais : `Selon le RGPD, combien de temps pouvez-vous conserver ces données ?`
    Bon : `Selon le règlement général sur la protection des données (RGPD), combien de temps…`
    """
    walk = prose(epreuve)
    seen: set[str] = set()
    for block in walk.blocks:
        if not _has_two_capitals(block.text):
            continue
        text, found, quotes = walk.shared("capitals", block, _capitals_view)
        locator: Locator | None = None
        for index, match in enumerate(found):
            word = match.group(0)
            # `isupper` first, at C speed: an acronym is in capitals, and most words are not
            if not word.isupper() or not _ACRONYM.match(word) or word in seen or _is_name_or_common(word):
                continue
            if _in_capital_run(text, found, index) or _within(match.start(), quotes):
                continue
            seen.add(word)
            if _expanded(text, found, index):
                continue
            locator = locator or walk.locator(block)
            yield Problem(
                locator.find(word),
                f"sigle « {word} » non développé à sa première apparition",
                f"écrivez sa forme longue avant lui, puis le sigle entre parenthèses : « … ({word}) »",
            )


def _is_name_or_common(word: str) -> bool:
    return word in COMMON_ACRONYMS or word in NAMES_IN_CAPITALS or bool(_ROMAN.match(word))


def _in_capital_run(text: str, found: list[re.Match[str]], index: int) -> bool:
    """Whether the word is one of several words in capitals separated by spaces only (« MINISTÈRE DE
    LA CULTURE »: TXT-002's, not acronyms)."""
    for other in (index - 1, index + 1):
        if 0 <= other < len(found):
            word = found[other].group(0)
            first, second = sorted((found[index], found[other]), key=lambda m: m.start())
            if (
                sum(c.isalpha() for c in word) >= 2
                and word.isupper()
                and not text[first.end() : second.start()].strip()
            ):
                return True
    return False


# Articles and prepositions an expansion skips: « règlement général sur la protection des données »
_LINK_WORDS = frozenset(
    (
        *("de", "du", "des", "la", "le", "les", "l", "d", "sur", "pour", "et", "en", "à", "a", "au", "aux"),
        *("of", "the", "and", "for", "in", "on", "to"),
    )
)
_EXPLAINED_AFTER = re.compile(r"^\s*[,:–—-]?\s*[«(“]")


def _expanded(text: str, found: list[re.Match[str]], index: int) -> bool:
    """Whether the acronym is explained where it first appears: inside a parenthesis (« sans contact
    (technologie NFC) », « … des données (RGPD) »), followed by one (« RGPD (règlement…) ») or by a
    quotation (« FALC, « facile à lire… » »), or next to words whose initials spell it (« délégué à
    la protection des données… DPD », « DPO, de l'anglais Data Protection Officer »)."""
    match = found[index]
    start, end = match.span()
    opened, closed = text.rfind("(", 0, start), text.rfind(")", 0, start)
    if opened > closed and ")" in text[end:]:
        return True
    after = _EXPLAINED_AFTER.match(text[end:])
    if after is not None and any(
        c.isalpha() and c.islower() for c in text[end + after.end() : end + after.end() + 60]
    ):
        return True
    return _initials_nearby(match.group(0), [m.group(0) for m in found])


def _initial(word: str) -> str:
    word = re.sub(r"^[^\W\d_]{1,2}['’]", "", word)  # « d'amélioration » → amélioration
    folded = unicodedata.normalize("NFKD", word[:1]).encode("ascii", "ignore").decode()
    return folded.upper()


def _initials_nearby(acronym: str, words: list[str]) -> bool:
    letters = unicodedata.normalize("NFKD", acronym).encode("ascii", "ignore").decode()
    for first in range(len(words)):
        matched = 0
        for word in words[first:]:
            if matched == len(letters):
                break
            if _initial(word) == letters[matched] and word.upper() != word:
                matched += 1
            elif matched and word.lower() in _LINK_WORDS:
                continue
            else:
                break
        if matched == len(letters):
            return True
    return False


@document_rule(
    "A11Y-TXT-006", "unemphasised-negation", Severity.INFO, refs="RGAA annexe AAA ; WCAG 3.1.5 (AAA)"
)
def unemphasised_negation(epreuve: Epreuve) -> Iterator[Problem]:
    """Une question négative (« laquelle n'est pas… ») ne met pas la négation en évidence, ou une phrase en a deux.

    Pourquoi : lue vite, ou par une synthèse vocale, « laquelle n'est pas sûre » devient « laquelle
    est sûre » : l'apprenant répond à l'inverse de la question. Une négation en gras ne se manque
    pas. Une double négation (« il n'est pas impossible de ne pas… ») se comprend mal ; la méthode
    FALC demande de les éviter. Seule la consigne est lue (la correction explique). Une info.

    Mauvais : `Laquelle de ces pratiques n'est pas recommandée ?`
    Bon : `Laquelle de ces pratiques n'est **pas** recommandée ?`
    """
    walk = prose(epreuve)
    for block in walk.blocks:
        if block.zone != INSTRUCTION:
            continue
        text = block.text
        if "n" not in text or not ("ne" in text.lower() or "n'" in text or "n’" in text):
            continue
        locator: Locator | None = None
        for start, end, found in walk.pieces(block):
            if not found:
                continue
            negations = list(_NEGATION.finditer(text, start, end))
            if not negations:
                continue
            sentence = text[start:end]
            locator = locator or walk.locator(block)
            if len(negations) >= 2 and _same_clause(text, negations[0], negations[1]):
                yield Problem(
                    locator.find(negations[1].group(0).split()[0]),
                    f"double négation dans une phrase : {quoted(sentence.strip(), 50)}",
                    "tournez la phrase à la forme positive, ou coupez-la en deux phrases",
                )
                continue
            negation = negations[0]
            if len(negations) >= 2:
                continue  # two negative clauses: each may be clear on its own
            is_question = sentence.rstrip().endswith("?") or _QUESTION_WORDS.search(sentence)
            if is_question and not block.is_emphasised(negation.start(1)):
                adverb = negation.group(1)
                yield Problem(
                    locator.find(negation.group(0).split()[0]),
                    f"question négative : la négation « {adverb} » n'est pas en gras",
                    f"mettez-la en gras (`n'est **{adverb}**`), ou posez la question à la forme positive",
                )


def _same_clause(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    """Whether two negations are in one clause: nothing between them separates clauses."""
    between = text[first.end() : second.start()]
    return not _CLAUSE_BREAK.search(between)


@document_rule("A11Y-TXT-007", "long-italic", Severity.INFO, refs="RGAA aucun (FALC) ; WCAG aucun (FALC)")
def long_italic(epreuve: Epreuve) -> Iterator[Problem]:
    """Un passage en italique dépasse 10 mots.

    Pourquoi : l'italique déforme les lettres ; sur plusieurs lignes, il ralentit la lecture et
    gêne les lecteurs dyslexiques ou malvoyants. La méthode FALC le proscrit. Il convient à un titre
    d'œuvre ou à un mot étranger, pas à un paragraphe. Une info.

    Mauvais : `*Attention : le fichier doit être enregistré au format PDF avant d'être déposé sur la plateforme.*`
    Bon : `**Attention** : le fichier doit être enregistré au format PDF avant d'être déposé.`
    """
    walk = prose(epreuve)
    for block in walk.blocks:
        locator: Locator | None = None
        for start, end, kind in block.emphasis:
            if kind != "em":
                continue
            found = [match.group(0) for match in WORD.finditer(block.text, start, end)]
            if len(found) <= MAX_ITALIC_WORDS:
                continue
            locator = locator or walk.locator(block)
            yield Problem(
                locator.find(found[0]),
                f"passage de {len(found)} mots en italique",
                "écrivez-le en romain (sans italique) ; pour un mot important, le gras suffit",
            )


@document_rule(
    "A11Y-TXT-008", "middle-dot-inclusive-writing", Severity.INFO, opt_in=True, refs="RGAA aucun ; WCAG aucun"
)
def middle_dot_inclusive_writing(epreuve: Epreuve) -> Iterator[Problem]:
    """Une forme au point médian (« agent·e·s ») est mal lue par certains lecteurs d'écran (sur demande).

    Pourquoi : « agent·e·s » est lu « agent point e point s », ou épelé ; la phrase devient
    difficile à suivre. C'est un choix de rédaction de l'équipe de contenu, pas une règle du RGAA :
    la règle n'est vérifiée que si on la demande (`--select A11Y-TXT-008`). Une info.

    Mauvais : `Les agent·e·s concerné·e·s reçoivent un courriel.`
    Bon : `Les agentes et les agents concernés reçoivent un courriel.`, ou `Le personnel concerné…`
    """
    walk = prose(epreuve)
    for block in walk.blocks:
        text = block.text
        if not any(sign in text for sign in ("·", "•", "‧", "⋅", ".e")):
            continue
        locator: Locator | None = None
        for match in _MIDDLE_DOT.finditer(text):
            locator = locator or walk.locator(block)
            yield Problem(
                locator.find(match.group(0)),
                f"forme au point médian : « {match.group(0)} »",
                "écrivez les deux formes en entier (« les agentes et les agents ») ou un mot neutre",
            )
