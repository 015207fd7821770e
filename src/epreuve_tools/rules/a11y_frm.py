"""Accessibility of answer fields (A11Y-FRM): every blank gets a real label, by Pix's own rule.

RGAA criteria 11.1 and 11.2, WCAG 1.3.1, 3.3.2 and 4.1.2. How mon-pix labels a field
(`proposals-as-blocks.js`, `MINIMUM_SIZE_FOR_LABEL = 6`): a `§label` is its aria-label; otherwise the
text just before it becomes its visible label when that text is longer than 6 characters;
otherwise the field keeps an automatic aria-label, its number (« 1 », « 2 »…). A placeholder
(`#…`) is shown in the empty field only and is no label (RGAA 11.1), yet a browser audit passes it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from epreuve_tools.diagnostics import Problem, Severity, Span, plural, shorten
from epreuve_tools.kinds import EpreuveType
from epreuve_tools.registry import document_rule
from epreuve_tools.rules.a11y_scan import normalise

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve
    from epreuve_tools.parsing.blanks import Blank

# mon-pix's MINIMUM_SIZE_FOR_LABEL: the text before a field labels it only when longer than this
MINIMUM_SIZE_FOR_LABEL = 6


def _fields(epreuve: Epreuve) -> Iterator[tuple[Blank, str]]:
    """Every well-formed blank with the text before it, as Pix counts it.

    The text is counted as written, from the previous field of the line (or the line start) to the
    field. The catalogue reads it on the field's line: a label on the line above would be read by
    Pix with a line break in it, which is no better.
    """
    if not epreuve.blanks:
        return
    lines = epreuve.body.text.split("\n")
    previous_end: tuple[int, int] = (0, 0)  # (file line, column after the previous field)
    for blank in epreuve.blanks:
        line_number, column = blank.span.start
        start = previous_end[1] - 1 if previous_end[0] == line_number else 0
        previous_end = (blank.span.end.line, blank.span.end.column)
        if blank.malformed:
            continue
        index = line_number - epreuve.body.first_line
        line = lines[index] if 0 <= index < len(lines) else ""
        yield blank, line[start : column - 1]


def _unlabelled(epreuve: Epreuve) -> Iterator[tuple[Blank, str]]:
    """Blanks with no `§` label whose preceding text on their line is too short to label them."""
    for blank, before in _fields(epreuve):
        if blank.label is not None and blank.label.strip():
            continue
        if blank.label is not None or len(before) <= MINIMUM_SIZE_FOR_LABEL or not before.strip():
            yield blank, before.strip()


class _Named(NamedTuple):
    """A blank and the name a screen reader gives it, by mon-pix's rule."""

    blank: Blank
    name: str
    from_label: bool  # the `§` label (an aria-label), rather than the visible text before the field
    before: str  # the visible text before the field on its line, stripped


def _named(epreuve: Epreuve) -> Iterator[_Named]:
    """Blanks that have a real name: their `§` label, else the text before them (over 6 characters).

    mon-pix (`challenge-response-template.js`) gives the text before a field to the field only when
    the field has no `§` label: the label wins. The others are A11Y-FRM-001's and -002's.
    """
    for blank, before in _fields(epreuve):
        if blank.label is not None and blank.label.strip():
            yield _Named(blank, blank.label.strip(), True, before.strip())
        elif blank.label is None and len(before) > MINIMUM_SIZE_FOR_LABEL and before.strip():
            yield _Named(blank, before.strip(), False, before.strip())


def _hint(before: str) -> str:
    if before:
        return f"ajoutez un libellé après `§`, par exemple `§{before.rstrip(' :')} …`, ou écrivez avant le champ le texte qui le décrit (plus de 6 caractères)"
    return "ajoutez un libellé après `§` (`${clé§Ville de naissance}`), ou écrivez avant le champ, sur sa ligne, le texte qui le décrit (plus de 6 caractères)"


@document_rule(
    "A11Y-FRM-001",
    "blank-without-label",
    Severity.ERROR,
    refs="RGAA 11.1, 11.2 ; WCAG 1.3.1 (A), 3.3.2 (A), 4.1.2 (A)",
)
def blank_without_label(epreuve: Epreuve) -> Iterator[Problem]:
    """Un champ `${…}` n'a pas d'autre étiquette que son numéro : ni `§libellé`, ni texte assez long avant lui.

    Pourquoi : Pix prend pour étiquette d'un champ son `§libellé`, sinon le texte qui le précède
    s'il fait plus de 6 caractères, sinon un simple numéro (« 1 ») : un lecteur d'écran annonce
    alors « champ 1 », sans dire ce qu'il faut y écrire. Le texte avant le champ se compte sur sa
    ligne, depuis le champ précédent. Un `§` suivi de rien (`${ville§}`) retire même le numéro.

    Mauvais : `Nom : ${nom}` (« Nom : » ne fait que 6 caractères), ou `${ville§}`.
    Bon : `Nom de famille : ${nom}`, ou `Nom : ${nom§Nom de famille de l'agent}`.
    """
    for blank, before in _unlabelled(epreuve):
        if blank.placeholder is None or blank.label is not None:
            empty = blank.label is not None
            yield Problem(
                blank.span,
                f"le champ `{blank.key}` a un `§` sans libellé : il n'a aucune étiquette"
                if empty
                else f"le champ `{blank.key}` n'aura pour étiquette que son numéro",
                _hint(before),
            )


@document_rule(
    "A11Y-FRM-002",
    "placeholder-as-label",
    Severity.ERROR,
    refs="RGAA 11.1 ; WCAG 3.3.2 (A), 4.1.2 (A)",
)
def placeholder_as_label(epreuve: Epreuve) -> Iterator[Problem]:
    """Un champ `${clé#indication}` n'a pour étiquette que son indication (placeholder).

    Pourquoi : l'indication s'affiche dans le champ vide et disparaît dès la première frappe ; le
    RGAA (11.1) ne la compte pas comme une étiquette, et tous les lecteurs d'écran ne la lisent pas.
    Un audit dans le navigateur laisse passer ce champ : seule la source permet de le voir. Pix ne
    donne d'étiquette qu'un `§libellé` ou un texte de plus de 6 caractères avant le champ.

    Mauvais : `${date#JJ/MM/AAAA}` seul sur sa ligne.
    Bon : `Date de l'entretien : ${date#JJ/MM/AAAA}`, ou `${date#JJ/MM/AAAA§Date de l'entretien}`.
    """
    for blank, before in _unlabelled(epreuve):
        if blank.placeholder is not None and blank.label is None:
            yield Problem(
                blank.span,
                f"le champ `{blank.key}` n'a pour étiquette que son indication « {blank.placeholder} »",
                _hint(before),
            )


def _label_problem(named: _Named) -> str:
    return f"`§{named.name}`" if named.from_label else f"le texte « {shorten(named.name, 60)} »"


# Appendix A of the catalogue and its kin, compared after `normalise`: names that say « a field », not
# which one; with a number or not (« Réponse 2 », « Champ n°1 »)
_GENERIC_LABEL = re.compile(
    r"^(?:(?:votre|ta|la|une|ma|saisir|saisissez|entrez|indiquez|ecrivez|tapez)(?: (?:votre|la|une|ta))? )?"
    r"(?:reponses?|champ|champ de saisie|champ de reponse|saisie|zone|zone de saisie|zone de texte|texte|"
    r"valeur|case|blanc|trou|question|answer|your answer|field|input|text)"
    r"(?: (?:n|no|numero) ?\d+| \d+| [a-z])?$"
)


@document_rule("A11Y-FRM-003", "generic-blank-label", Severity.WARNING, refs="RGAA 11.2 ; WCAG 2.4.6 (AA)")
def generic_blank_label(epreuve: Epreuve) -> Iterator[Problem]:
    """L'étiquette d'un champ ne dit pas ce qu'il faut y écrire : « Réponse », « Champ 2 », « Votre réponse », « ? »…

    Pourquoi : l'étiquette est ce qu'un lecteur d'écran annonce en arrivant dans le champ ; « Réponse »
    ne dit pas quelle réponse, surtout quand l'épreuve a plusieurs champs. L'étiquette est le
    `§libellé`, sinon le texte de plus de 6 caractères qui précède le champ sur sa ligne (la règle
    de Pix) ; la comparaison ignore la casse, les accents et la ponctuation. Un champ qui n'a que
    son numéro relève d'A11Y-FRM-001.

    Mauvais : `Votre réponse : ${ville}`, ou `${ville§Réponse 1}`.
    Bon : `Ville de naissance : ${ville}`, ou `${ville§Ville de naissance de l'agent}`.
    """
    for named in _named(epreuve):
        folded = normalise(named.name)
        if not folded or _GENERIC_LABEL.match(folded):
            yield Problem(
                named.blank.span,
                f"le champ `{named.blank.key}` a une étiquette qui ne dit pas quoi écrire : {_label_problem(named)}",
                "nommez ce qu'il faut écrire, par exemple `§Ville de naissance de l'agent`",
            )


@document_rule(
    "A11Y-FRM-004", "duplicate-blank-label", Severity.ERROR, refs="RGAA 11.2 ; WCAG 2.4.6 (AA), 1.3.1 (A)"
)
def duplicate_blank_label(epreuve: Epreuve) -> Iterator[Problem]:
    """Deux champs de la même épreuve ont la même étiquette.

    Pourquoi : un lecteur d'écran annonce deux fois « Nom de la ville » : l'apprenant ne sait pas
    lequel des deux champs attend quoi. L'étiquette est le `§libellé`, sinon le texte de plus de
    6 caractères qui précède le champ sur sa ligne (la règle de Pix) ; la comparaison ignore la
    casse, les accents et la ponctuation.

    Mauvais : `${depart§Ville}` puis `${arrivee§Ville}`.
    Bon : `${depart§Ville de départ}` puis `${arrivee§Ville d'arrivée}`.
    """
    seen: dict[str, _Named] = {}
    for named in _named(epreuve):
        folded = normalise(named.name)
        if not folded:
            continue  # nothing a reader would say: A11Y-FRM-003
        first = seen.setdefault(folded, named)
        if first is not named:
            yield Problem(
                named.blank.span,
                f"le champ `{named.blank.key}` a la même étiquette que le champ `{first.blank.key}` "
                f"(ligne {first.blank.span.start.line}) : {_label_problem(named)}",
                "donnez à chaque champ une étiquette qui le distingue : `§Ville de départ`, `§Ville d'arrivée`",
            )


# past this length the text before a field is a sentence (a question) that its `§` label sums up,
# not a visible label that a voice-control user would say
MAX_VISIBLE_LABEL = 40


# a French label's colon, « Nom : », not the one of an address (`https://`) or a ratio (`4,5:1`)
_LABEL_COLON = re.compile(r"\s:(?:\s|$)|:\s")


_CODE_SPAN = re.compile(r"`[^`]+`")
_ASIDE = re.compile(r"\([^)]*\)")


def _visible_label(before: str) -> str:
    """The label part of the text before a field: up to its first « : » (`Coller : Ctrl + ${…}`)."""
    colon = _LABEL_COLON.search(before)
    label = before[: colon.start()] if colon is not None and colon.start() > 0 else before
    # a bracketed aside (« (JJ/MM/AAAA) », « (facultatif) ») is a hint, not what one says to reach the field
    return _ASIDE.sub(" ", label).strip() if "(" in label else label.strip()


# words a voice command can leave out (« pour », « la »): only the others must be in the name
_STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "de",
        "des",
        "du",
        "d",
        "en",
        "et",
        "la",
        "le",
        "les",
        "l",
        "ou",
        "par",
        "pour",
        "sur",
        "un",
        "une",
        "votre",
        "vos",
        "son",
        "sa",
        "ses",
    ]
)
# a word is compared by its first letters, so that « additionner » is found in « additionne »
_STEM = 5


def _stems(text: str) -> list[str]:
    """The significant words of a normalised text, elisions (« d' », « l' ») dropped, cut to their stem."""
    words = (word.rsplit("'", 1)[-1] for word in text.split())
    return [word[:_STEM] for word in words if word and word not in _STOP_WORDS]


def _words_in_order(words: list[str], name: list[str]) -> bool:
    """Whether `words` appear in `name` in this order, other words allowed between them."""
    remaining = iter(name)
    return all(word in remaining for word in words)


@document_rule(
    "A11Y-FRM-005", "label-not-in-name", Severity.WARNING, refs="RGAA 11.2 (test 11.2.5) ; WCAG 2.5.3 (A)"
)
def label_not_in_name(epreuve: Epreuve) -> Iterator[Problem]:
    """Le `§libellé` d'un champ ne reprend pas les mots de l'étiquette visible juste avant lui.

    Pourquoi : avec un `§libellé`, le texte visible avant le champ ne le nomme plus : c'est le
    libellé qu'entend un lecteur d'écran. Qui pilote l'ordinateur à la voix dit ce qu'il voit
    (« Ville de naissance ») ; si le nom du champ ne contient pas ces mots, la commande échoue
    (WCAG 2.5.3). L'étiquette visible est le texte avant le champ sur sa ligne, jusqu'à son
    premier « : », sans ce qui est entre parenthèses ; ses mots doivent se retrouver dans le libellé, dans l'ordre (d'autres mots
    peuvent s'intercaler ; casse, accents, ponctuation, petits mots comme « pour » ou « la » et
    fins de mots ignorés : « Pour additionner » est dans « Fonction qui additionne »). Un texte de plus de 40
    caractères est une phrase que le libellé résume, pas une étiquette, et n'est pas comparé ; une
    valeur montrée en code (`https://…`) non plus, ni une invite générique (« Réponse : »).

    Mauvais : `Ville de naissance : ${ville§Commune}`.
    Bon : `Ville de naissance : ${ville§Ville de naissance de l'agent}`.
    """
    for named in _named(epreuve):
        if not named.from_label:
            continue
        visible = _visible_label(named.before)
        words = _stems(normalise(visible))
        if not words or len(visible) > MAX_VISIBLE_LABEL or not any(c.isalpha() for c in visible):
            continue
        if _CODE_SPAN.fullmatch(visible):
            continue  # a value shown to the learner (an address, a formula), that the label describes
        if _GENERIC_LABEL.match(normalise(visible)):
            continue  # « Réponse : » prompts, it names nothing: the `§` label is there to name the field
        if not _words_in_order(words, _stems(normalise(named.name))):
            yield Problem(
                named.blank.span,
                f"le libellé `§{named.name}` du champ `{named.blank.key}` ne reprend pas l'étiquette "
                f"visible « {visible} »",
                f"commencez le libellé par les mots visibles : `§{visible} …`",
            )


# What a placeholder says about the expected form: a date or time mask, a digit mask, a unit, or
# the words of a format; a plain example word (« Paris ») is no format
_FORMAT_HINT = re.compile(
    r"""(?:
        (?:^|[^a-z])(?:jj|mm|aaaa|aa|hh|ss|dd|yyyy)(?:[/.:h-](?:jj|mm|aaaa|aa|hh|mn|ss|dd|yyyy))+(?:$|[^a-z])
      | ^[0x#_]+(?:[ ,./:-][0x#_]+)+$
      | €|%|\b(?:euros?|km|kg|cm|mm|mo|go|ko|px|heures?|minutes?|secondes?|jours?|ans)\b
      | \b(?:format|ex|exemple|en\ chiffres|en\ lettres|sans\ espaces?|majuscules?|minuscules?|d[ée]cimales?)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)


_DIGIT_MASK = re.compile(r"^[0x#_]+(?:[ ,./:-][0x#_]+)+$", re.IGNORECASE)
# what a digit mask (`0,00`) says, in words: « les centimes après une virgule », « deux décimales »
_DIGIT_WORDS = re.compile(r" (?:virgule|decimales?|centimes?|chiffres?) ")


@document_rule(
    "A11Y-FRM-006",
    "format-only-in-placeholder",
    Severity.WARNING,
    refs="RGAA 11.10 (test 11.10.5) ; WCAG 3.3.2 (A)",
)
def format_only_in_placeholder(epreuve: Epreuve) -> Iterator[Problem]:
    """Le format ou l'unité attendus ne sont donnés que par l'indication du champ (`#JJ/MM/AAAA`, `#en euros`).

    Pourquoi : l'indication s'efface dès la première frappe, et tous les lecteurs d'écran ne la
    lisent pas : qui se relit ne sait plus quel format était demandé. Le RGAA (11.10) veut le
    format dans l'étiquette ou la consigne. Est une indication de format un masque de date ou
    d'heure (`JJ/MM/AAAA`), un masque de chiffres (`0,00`), une unité (`€`, `km`, `heures`) ou les
    mots d'un format (« en chiffres », « ex. ») ; l'indication est retrouvée (casse, accents et
    ponctuation ignorés) dans le libellé, le texte avant le champ ou la consigne. Un masque de
    chiffres est aussi dit par les mots « virgule », « décimales », « centimes » ou « chiffres ».

    Mauvais : `Date de l'entretien : ${date#JJ/MM/AAAA}`.
    Bon : `Date de l'entretien (JJ/MM/AAAA) : ${date#JJ/MM/AAAA}`.
    """
    instruction: str | None = None
    for blank, before in _fields(epreuve):
        hint = blank.placeholder
        if not hint or not hint.strip() or not _FORMAT_HINT.search(hint.strip()):
            continue
        folded = normalise(hint)
        if not folded:
            continue
        if instruction is None:
            instruction = f" {normalise(epreuve.body.instruction)} "
        said = f" {normalise(blank.label or '')} {normalise(before)} "
        if f" {folded} " in said or f" {folded} " in instruction:
            continue
        if _DIGIT_MASK.match(hint.strip()) and (
            _DIGIT_WORDS.search(said) or _DIGIT_WORDS.search(instruction)
        ):
            continue
        yield Problem(
            blank.span,
            f"le format du champ `{blank.key}` n'est donné que par son indication « {hint.strip()} », "
            "qui s'efface à la saisie",
            f"écrivez-le aussi dans l'étiquette ou la consigne, par exemple « (format {hint.strip()}) »",
        )


@document_rule(
    "A11Y-FRM-007",
    "blanks-without-introduction",
    Severity.WARNING,
    refs="RGAA 11.5, 11.6 ; WCAG 1.3.1 (A), 3.3.2 (A)",
)
def blanks_without_introduction(epreuve: Epreuve) -> Iterator[Problem]:
    """Plusieurs champs à remplir ne sont introduits par aucune phrase : ni consigne, ni texte avant le premier champ.

    Pourquoi : Pix regroupe les champs d'une épreuve ; la phrase qui les introduit est la légende
    du groupe, qu'un lecteur d'écran annonce en y entrant. Sans elle, l'apprenant passe d'un champ
    à l'autre sans savoir à quoi ils servent ensemble. La source ne peut pas juger si la phrase
    convient comme légende : seule son absence est signalée.

    Mauvais : un corps fait du seul bloc `::: propositions` avec `Ville : ${ville}` et `Code postal : ${cp}`.
    Bon : la consigne « Complétez l'adresse de l'agent. » avant le bloc.
    """
    container = epreuve.body.containers.get("propositions")
    fields = [blank for blank in epreuve.blanks if not blank.malformed]
    if container is None or len(fields) < 2 or _has_words(epreuve.body.instruction):
        return
    first_line = fields[0].span.start.line - container.inner_line
    if _has_words("\n".join(container.inner.split("\n")[: max(first_line, 0)])):
        return
    yield Problem(
        container.span,
        f"{plural(len(fields), 'champ')} sans phrase qui les introduise",
        "écrivez avant le bloc une consigne qui dit ce que les champs demandent ensemble, par exemple "
        "« Complétez l'adresse de l'agent. »",
    )


def _has_words(text: str) -> bool:
    return any(c.isalpha() for c in _strip_markup(text))


# Markdown and HTML around the words of a proposal: an image counts by its alt, a link by its text
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>]*>")
_BLANK_FIELD = re.compile(r"\$\{[^}]*\}")


def _strip_markup(text: str) -> str:
    """The words of a Markdown text, without its markup (emphasis signs are left to `normalise`)."""
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    if "](" in text:
        text = _LINK.sub(r"\1", _IMAGE.sub(r"\1", text))
    if "&" in text:
        text = html.unescape(text)
    return _BLANK_FIELD.sub(" ", text) if "${" in text else text


def _sem_key(text: str) -> str:
    """SEM-008's comparison (case and spaces): a pair it already reports is not reported again."""
    return " ".join(text.casefold().split())


def _only_symbols(text: str) -> bool:
    """Emoji or pictographs and nothing a screen reader reads as words (`✅`, `👍🏽`)."""
    has_symbol = False
    for char in text:
        category = unicodedata.category(char)
        if category == "So":
            has_symbol = True
        elif category[0] in "LN" or category == "Sm":
            return False
    return has_symbol


def _has_math(text: str) -> bool:
    """A mathematical sign (`<`, `=`, `+`): screen readers say it (« inférieur à »), unlike punctuation."""
    return any(unicodedata.category(char) == "Sm" for char in text)


@document_rule(
    "A11Y-FRM-008",
    "unreadable-proposal",
    Severity.ERROR,
    refs="RGAA 11.1, 11.2, 3.1 ; WCAG 1.3.1 (A), 4.1.2 (A), 1.1.1 (A)",
)
def unreadable_proposal(epreuve: Epreuve) -> Iterator[Problem]:
    """Une proposition de QCU/QCM n'a pas de texte lisible, n'est qu'un émoji, ou ne se distingue d'une autre que par sa mise en forme.

    Pourquoi : le texte d'une proposition est l'étiquette de sa case à cocher : un lecteur d'écran
    ne lit pas la mise en forme (« **Oui** » et « Oui » sonnent pareil), lit mal les émojis (ou
    pas du tout), et ne dit rien d'une proposition faite de balises vides. Ce que d'autres règles
    signalent déjà ne l'est pas deux fois : proposition vide (SEM-007), en double à la casse et aux
    espaces près (SEM-008), image sans texte alternatif (A11Y-IMG-001), HTML de mise en forme ou
    de couleur (A11Y-PRS-001, -003). Restent les doublons à la mise en forme, aux accents ou à la
    ponctuation près, les propositions sans mots et celles faites d'émojis.

    Mauvais :
        ::: propositions
        - **Oui**
        - Oui
        - 👍
        :::
    Bon :
        ::: propositions
        - Oui, tout de suite
        - Oui, après vérification
        - D'accord (pouce levé)
        :::
    """
    proposals = epreuve.body.proposals or ()
    seen: dict[str, int] = {}
    sem_seen: set[str] = set()
    for number, proposal in enumerate(proposals, start=1):
        raw = proposal.text
        sem_key = _sem_key(raw)
        if not sem_key:
            continue  # empty: SEM-007
        words = _strip_markup(raw)
        folded = normalise(words)
        if not folded:
            if _only_symbols(words):
                yield Problem(
                    proposal.span,
                    f"la proposition {number} n'est faite que d'émojis ou de symboles : « {raw} »",
                    "écrivez-la en mots ; un émoji peut les accompagner, pas les remplacer",
                )
            elif not _IMAGE.search(raw) and "<img" not in raw.casefold() and not _has_math(words):
                yield Problem(
                    proposal.span,
                    f"la proposition {number} n'a aucun texte lisible : « {raw} »",
                    "écrivez le texte de la proposition",
                )
        elif folded in seen and sem_key not in sem_seen:
            formatting = _sem_key(words.replace("*", "").replace("_", "").replace("`", "")) == _sem_key(
                _strip_markup(proposals[seen[folded] - 1].text)
                .replace("*", "")
                .replace("_", "")
                .replace("`", "")
            )
            yield Problem(
                proposal.span,
                f"la proposition {number} ne se distingue de la proposition {seen[folded]} que par "
                + ("sa mise en forme" if formatting else "les accents, la ponctuation ou la mise en forme"),
                "un lecteur d'écran les lit de la même façon : reformulez l'une des deux",
            )
        seen.setdefault(folded, number)
        sem_seen.add(sem_key)


# a first option that asks to choose is a prompt, not a choice: Pix would judge it as an answer
_PROMPT_OPTION = re.compile(
    r"^(?:choisi|choix$|choisir|selectionn|select|choose|pick|veuillez|cliquez|options?$|menu$|aucun choix)"
)


@document_rule("A11Y-FRM-009", "select-options", Severity.WARNING, refs="RGAA 11.8, 11.1 ; WCAG 1.3.1 (A)")
def select_options(epreuve: Epreuve) -> Iterator[Problem]:
    """Un menu déroulant a une option vide ou en double, ou sa première option sert d'étiquette (« Choisissez… »).

    Pourquoi : un lecteur d'écran annonce chaque option : une option vide ne dit rien, deux options
    identiques (casse, accents et ponctuation ignorés) ne se distinguent pas. Une première option
    « Choisissez une réponse » est un choix comme les autres pour Pix, qui la jugerait comme une
    réponse, et n'est pas l'étiquette du menu : l'étiquette est le `§libellé` (ou le texte avant
    le champ), la consigne de choix l'indication `#`.

    Mauvais : `${format options=["Choisissez…", "PDF", "ODT", "odt"]}`.
    Bon : `${format#Choisissez§Format du document options=["PDF", "ODT"]}`.
    """
    for blank in epreuve.blanks:
        if blank.options is None or blank.malformed:
            continue
        seen: dict[str, int] = {}
        for rank, option in enumerate(blank.options, start=1):
            folded = normalise(option)
            if not folded:
                yield Problem(
                    blank.span,
                    f"l'option {rank} du menu `{blank.key}` est vide ou sans mots : « {option} »",
                    "écrivez son texte ou retirez-la",
                )
            elif rank == 1 and _PROMPT_OPTION.match(folded):
                yield Problem(
                    blank.span,
                    f"la première option du menu `{blank.key}`, « {option} », sert d'étiquette : "
                    "Pix la jugerait comme une réponse",
                    f"retirez-la des options et écrivez-la en indication : `${{{blank.key}#{option}…}}`",
                )
            elif folded in seen:
                yield Problem(
                    blank.span,
                    f"les options {seen[folded]} et {rank} du menu `{blank.key}` se lisent de la même façon : "
                    f"« {blank.options[seen[folded] - 1]} », « {option} »",
                    "gardez une seule de ces options, ou distinguez-les par des mots",
                )
            else:
                seen[folded] = rank


# an instruction that says several answers may be ticked: « plusieurs », « les bonnes réponses »,
# « lesquels », « au moins deux »… (compared after `normalise`)
_SEVERAL = re.compile(
    r"\b(?:plusieurs|une ou (?:deux|plus)|au moins (?:deux|2)|toutes? les|tous les|lesquel(?:le)?s|"
    r"quel(?:le)?s|(?:deux|trois|quatre|cinq|2|3|4|5) (?:bonnes |reponses|propositions|elements|"
    r"affirmations)|les (?:bonnes |\w+ )?(?:reponses|propositions|affirmations)|"
    r"several|all that apply|more than one)\b"
)


@document_rule("A11Y-FRM-010", "qcm-not-announced", Severity.INFO, refs="RGAA 11.10 ; WCAG 3.3.2 (A)")
def qcm_not_announced(epreuve: Epreuve) -> Iterator[Problem]:
    """La consigne d'une QCM ne dit pas que plusieurs réponses sont possibles.

    Pourquoi : rien, dans Pix, n'annonce qu'une QCM attend plusieurs cases cochées : la consigne
    seule le dit. Qui écoute les propositions une à une avec un lecteur d'écran, et ne voit pas que
    ce sont des cases à cocher, s'arrête à la première bonne réponse. Le repérage se fait par mots
    (« plusieurs », « les bonnes réponses », « lesquelles »…) : d'où une simple information.

    Mauvais : « Quelle pratique adoptez-vous ? » pour une QCM.
    Bon : « Quelles pratiques adoptez-vous ? Plusieurs réponses sont possibles. »
    """
    if epreuve.type is not EpreuveType.QCM or not epreuve.body.proposals:
        return
    instruction = epreuve.body.instruction
    if _SEVERAL.search(normalise(instruction)):
        return
    lines = epreuve.body.text.split("\n")
    first = next((number for number, line in enumerate(lines) if line.strip()), 0)
    line = epreuve.body.first_line + first
    yield Problem(
        Span.at(line, 1, line, len(lines[first]) + 1 if lines else 2),
        "la consigne de cette QCM ne dit pas que plusieurs réponses sont possibles",
        "ajoutez à la consigne « Plusieurs réponses sont possibles. »",
    )
