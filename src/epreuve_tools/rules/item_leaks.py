"""ITEM-014: one épreuve of a parcours gives the accepted answer of another épreuve of the same parcours.

Haladyna, Downing & Rodriguez (2002), « A Review of Multiple-Choice Item-Writing Guidelines for
Classroom Assessment », Applied Measurement in Education 15(3), 309-334, guideline 8 (« avoid
items that cue the answer to other items »). The instruction, proposals and correction of each
member are read for the accepted answers of the others, and what is found is judged by the Pix
judge with the other épreuve's tolerances, with A11Y-META-003's matcher and its guards: an answer
shorter than 4 characters once folded (8 for a right proposal) is not looked for, nor one the
other épreuve's own instruction shows (even inside a formula); a select's right option is sought as a right proposal
is; a text that also holds a wrong proposal of a QCU or QCM, or another option of the same select, names no answer.

The judge accepts a word whatever its case and meaning; a leak is a text that names the answer.
So a key in capitals (a function, an acronym: « MOYENNE ») is found in capitals only (« la
moyenne » is the ordinary word), and a QROCM's answer of one lower-case word (« fabrication »,
« téléphone »: the words a parcours uses anyway; a QROC's one term is always sought) only where the
text presents it as a term, emphasis or quotes right around it
(« la **fabrication** »), or beside a sought answer of another blank or group of the same
épreuve in one paragraph (a list of what it asks: « sa fabrication et son transport »). The
everyday word in a sentence (« la fabrication des équipements pèse lourd », « votre téléphone
personnel ») names nothing.

Speed: each answer is indexed by its longest folded word; each member's words (folded once by the
document phase) meet that index in one set intersection, and only the texts that hold the whole
answer, word for word, go to the judge. A likeness that only T3's edit distance would accept is
not looked for from one épreuve to another: it would need every text against every answer.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from epreuve_tools.diagnostics import Problem, Severity, Span, quoted
from epreuve_tools.memo import MISSING, MemoTable
from epreuve_tools.memo import digest as memo_digest
from epreuve_tools.registry import project_rule
from epreuve_tools.rules.item_bank import BANK_READS, Bank, BankEpreuve, bank_of
from epreuve_tools.rules.item_facts import ItemText

if TYPE_CHECKING:
    from epreuve_tools.project import Project
    from epreuve_tools.rules.item_facts import ItemAnswer


# an answer of one word is looked for from this length on (« MOYENNE », « FranceConnect »)
MIN_SINGLE_WORD_CHARS = 7
# an everyday word: lower-case letters, with an inner hyphen or apostrophe (« sous-titres »)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# an instruction's words also read between its punctuation: « =SI(C5>30;"Relance";"OK") » shows Relance
_PUNCTUATION = re.compile(r"[^\w\s'’-]+")
# where a cached text (an ItemText as a plain tuple) keeps its folded words
_FOLDED = ItemText._fields.index("folded")
# what makes a word a term on the page: emphasis, code, quotes right around it
_EDGES = '*_`«»"“”.,;:!?() \u00a0'
_OPENING = frozenset('*_`«"“')
_CLOSING = frozenset('*_`»"”')


def _sought(epreuve: BankEpreuve) -> list[ItemAnswer]:
    """The answers of `epreuve` worth looking for in the others: long enough, not shown by itself."""
    from epreuve_tools.rules.a11y_meta import MIN_CHOICE_LEAK_CHARS, MIN_LEAK_CHARS
    from epreuve_tools.rules.item_facts import folded_line

    shown = [
        folded
        for text in epreuve.item.text_items()
        if text.what == "la consigne"
        for folded in (text.folded, folded_line(_PUNCTUATION.sub(" ", text.text)))
    ]
    sought = []
    for answer in epreuve.item.answer_items():
        if answer.role == "wrong":
            continue
        # a proposal or a select's option is a label the screen shows: looked for from 8 characters
        minimum = MIN_CHOICE_LEAK_CHARS if answer.role == "right" or answer.select else MIN_LEAK_CHARS
        if len(answer.folded.replace(" ", "")) < minimum:
            continue
        if any(answer.folded in text for text in shown):
            continue
        if " " not in answer.folded.strip() and len(answer.folded.strip()) < MIN_SINGLE_WORD_CHARS:
            continue  # « texte », « image »: the parcours' everyday words, not a secret
        sought.append(answer)
    return sought


def _everyday_word(answer: ItemAnswer) -> bool:
    """An answer of one word written in lower case to one of a QROCM's blanks or groups (« citez
    deux étapes » : « fabrication », « téléphone ») : a word of the language that the parcours uses
    anyway, unlike a name (« FranceConnect »), a function (« MOYENNE ») or the one term a QROC
    asks for (« reconditionné »)."""
    shown = answer.shown.strip()
    return (
        answer.role == "key"
        and answer.group is not None
        and " " not in answer.folded.strip()
        and shown.islower()
        and _WORD.fullmatch(shown) is not None
    )


def _in_capitals(answer: ItemAnswer) -> bool:
    """A key written in capitals (« MOYENNE », « NBVAL »): the name of a function or an acronym."""
    letters = [c for c in answer.shown if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _marked(text: str, window: str) -> bool:
    """Whether the word of `window` stands in `text` as a term, its marks right around it:
    « la **fabrication** », « une « hallucination » », not « **limitation de la conservation** »."""
    word = window.strip(_EDGES)
    start = text.find(word) if word else -1
    while start >= 0:
        left = text[:start].rstrip(" \u00a0")[-1:]
        right = text[start + len(word) :].lstrip(" \u00a0")[:1]
        if left and right and left in _OPENING and right in _CLOSING:
            return True
        start = text.find(word, start + 1)
    return False


def _paragraph(text: str, window: str) -> str:
    """The paragraph of `text` (between blank lines) where `window` first stands."""
    start = max(text.find(window), 0)
    begin = text.rfind("\n\n", 0, start)
    end = text.find("\n\n", start)
    return text[begin + 1 if begin >= 0 else 0 : end if end >= 0 else len(text)]


def _listed(paragraph: str, answer: ItemAnswer, sought: list[ItemAnswer]) -> bool:
    """Whether the paragraph also holds a sought answer of another blank or group of the same
    épreuve: it lists what the épreuve asks (« l'utiliser, d'étudier son code, de le modifier »)."""
    from epreuve_tools.rules.item_facts import folded_line

    folded = folded_line(paragraph)
    return any(
        other.group is not None and other.group != answer.group and other.folded in folded for other in sought
    )


# An answer is sought in every text of its parcours, and a text is read for every answer it holds:
# what the judge is asked (its key made once) and a text's fragments (folded once per length) are
# shared by the pairs that need them; bounded, as A11Y-META-003's folds are.
_SOUGHT: dict[tuple[Any, ...], Any] = {}
_FRAGMENTS: dict[str, Any] = {}
_KEPT = 4_096


def _remembered(cache: dict[Any, Any], key: Any, make: Callable[[], Any]) -> Any:
    found = cache.get(key, MISSING)
    if found is MISSING:
        if len(cache) >= _KEPT:
            cache.clear()
        found = cache[key] = make()
    return found


def _judged(text: ItemText, answer: ItemAnswer, wrong: list[ItemAnswer]) -> str | None:
    """The fragment of `text` the Pix judge accepts as `answer`, unless a wrong proposal is beside it."""
    from epreuve_tools.answers import AnswerKey
    from epreuve_tools.rules.a11y_meta import _answer, _Fragments, _leaks  # META-003's matcher

    def make_answer() -> Any:
        make_key = partial(
            AnswerKey.qroc,
            [answer.shown],
            tolerances=answer.tolerances,
            format=answer.number_format,
            first_blank_is_select=answer.select,
        )
        try:
            return _answer(answer.shown, answer.tolerances, make_key, minimum=1)
        except (TypeError, ValueError):  # a malformed key: the schema and the KEY rules say why
            return None

    sought = _remembered(
        _SOUGHT, (answer.shown, answer.tolerances, answer.number_format, answer.select), make_answer
    )
    if sought is None:
        return None
    window = _leaks(_remembered(_FRAGMENTS, text.text, partial(_Fragments, text.text)), sought)
    if window is None:
        return None
    if any(other.folded in text.folded for other in wrong):
        return None
    return window


def _place(text: ItemText, window: str) -> tuple[int, int, int, int]:
    """Where `window` stands in `text`: line, column, end line, end column (as `Span.at` takes them)."""
    offset = text.text.find(window)
    if offset < 0:
        return text.line, 1, text.line, 1
    line = text.line + text.text.count("\n", 0, offset)
    column = offset - (text.text.rfind("\n", 0, offset) + 1) + 1
    return line, column, line, column + len(window.split("\n", maxsplit=1)[0])


@project_rule("ITEM-014", "answer-leak-across-epreuves", Severity.WARNING, reads=BANK_READS)
def answer_leak_across_epreuves(project: Project) -> Iterator[tuple[str, Problem]]:
    """La consigne, une proposition ou la correction d'une épreuve donne la réponse d'une autre épreuve du même parcours.

    Pourquoi : l'apprenant du parcours lit dans une épreuve, ou dans sa correction, ce qu'une
    autre lui demande ; la seconde ne mesure plus rien (Haladyna, Downing et Rodriguez, 2002,
    règle 8). Chaque réponse acceptée d'une QROC ou QROCM, et chaque bonne proposition d'une QCU
    ou QCM, est cherchée dans les textes des autres membres du parcours, et ce qui est trouvé est
    jugé par le juge de Pix avec les tolérances de l'autre épreuve, comme pour A11Y-META-003 :
    une réponse de moins de 4 caractères (8 pour une proposition, 7 pour un seul mot : « texte »
    est un mot de tout le parcours, « MOYENNE » une réponse) n'est pas cherchée, ni une
    réponse que la consigne de l'autre épreuve affiche déjà (même dans une formule) ; l'option
    juste d'une liste déroulante est cherchée comme une bonne proposition ; un texte qui cite
    aussi une mauvaise proposition, ou une autre option de la même liste, ne désigne pas la
    bonne. Le texte doit nommer
    la réponse, pas un mot de même orthographe : une clé en capitales (une fonction, un sigle :
    « MOYENNE ») n'est trouvée qu'en capitales (« la moyenne » est le mot courant) ; une
    réponse d'un seul mot en minuscules à l'un des champs d'une QROCM (« citez deux étapes » :
    « fabrication », « téléphone ») ne l'est que présentée comme
    un terme, en gras, en italique, en code ou entre guillemets (« la **fabrication** »), ou
    citée dans un même paragraphe avec une réponse cherchée d'un autre champ ou groupe de la
    même épreuve (une liste de ce qu'elle demande : « sa fabrication et son transport ») ;
    « la fabrication des équipements pèse lourd » ou « votre téléphone personnel » ne nomment
    rien. Une épreuve qui en renseigne une autre est signalée une fois, à la première réponse
    trouvée. Une ressemblance que seule la tolérance T3 accepterait
    n'est pas cherchée d'une épreuve à l'autre. Signalé dans l'épreuve qui donne la réponse.

    Mauvais : la correction de `tableur-somme` explique « la fonction MOYENNE calcule la moyenne »,
    et `tableur-fonction-moyenne`, dans le même parcours, accepte `MOYENNE`.
    Bon : la correction de `tableur-somme` ne parle que de SOMME, ou les deux épreuves sont dans
    des parcours différents.
    """
    bank = bank_of(project)
    # a parcours' leaks depend only on its members' item facts, in its order: a parcours none of
    # whose members changed since the previous run is found in the memo whole, and in one that did,
    # a pair of unchanged épreuves is (`_parcours_leaks`)
    memo = project.memo.table("ITEM-014")
    reported: set[tuple[int, int]] = set()  # one finding per épreuve that gives and épreuve given
    sought: dict[int, list[ItemAnswer]] = {}
    words: dict[int, frozenset[str]] = {}
    for parcours, members in bank.parcours:
        key = b"parcours" + memo_digest([bank.epreuves[member].digest for member in members])
        known = memo.get(key)
        if known is MISSING:
            pairs: list[bytes] = []
            leaks = list(_parcours_leaks(bank, members, memo, sought=sought, words=words, pairs=pairs))
            memo.put(key, (leaks, pairs))
        else:
            leaks, pairs = known
            memo.keep(pairs)  # kept for the next run: when one member changes, the others' pairs hold
        for giver_rank, owner_rank, leak in leaks:
            giver, owner = members[giver_rank], members[owner_rank]
            if (giver, owner) not in reported:
                reported.add((giver, owner))
                yield bank.epreuves[giver].path, _problem(leak, bank.epreuves[owner], parcours.id)


def _parcours_leaks(
    bank: Bank,
    members: list[int],
    memo: MemoTable,
    *,
    sought: dict[int, list[ItemAnswer]],
    words: dict[int, frozenset[str]],
    pairs: list[bytes],
) -> Iterator[tuple[int, int, _Leak]]:
    """(giver's rank, owner's rank in `members`, leak): each pair of members once, with the first
    leak found in the order the rule reads them (givers in the parcours' order, then their words);
    the memo keys of the pairs it judged or looked up are added to `pairs`."""
    index: dict[str, list[tuple[int, int, ItemAnswer]]] = defaultdict(list)
    for owner_rank, member in enumerate(members):
        if member not in sought:
            sought[member] = _sought(bank.epreuves[member])
        for rank, answer in enumerate(sought[member]):
            index[max(answer.folded.split(), key=len)].append((owner_rank, rank, answer))
    if not index:
        return
    found_pairs: set[tuple[int, int]] = set()
    for giver_rank, giver in enumerate(members):
        found = words.get(giver)
        if found is None:
            found = frozenset(w for text in bank.epreuves[giver].item.texts for w in text[_FOLDED].split())
            words[giver] = found
        for word in sorted(found.intersection(index)):  # sorted: the same finding on every run
            for owner_rank, rank, answer in index[word]:
                owner = members[owner_rank]
                if owner == giver or (giver_rank, owner_rank) in found_pairs:
                    continue
                # a pair's result depends only on what both épreuves' item facts hold
                key = bank.epreuves[giver].digest + bank.epreuves[owner].digest + rank.to_bytes(2)
                pairs.append(key)
                leak = memo.get(key)
                if leak is MISSING:
                    leak = _leak(bank.epreuves[giver], bank.epreuves[owner], answer, sought[owner])
                    memo.put(key, leak)
                if leak is not None:
                    found_pairs.add((giver_rank, owner_rank))
                    yield giver_rank, owner_rank, leak


# where a leak stands (line, column, end line, end column), the text that gives it, the fragment
_Leak = tuple[tuple[int, int, int, int], str, str]


def _leak(
    giver: BankEpreuve, owner: BankEpreuve, answer: ItemAnswer, owner_sought: list[ItemAnswer]
) -> _Leak | None:
    wrong: list[ItemAnswer] | None = None
    # the texts as cached, each made an ItemText only when it holds the answer: most pairs hold none
    for cached in giver.item.texts:
        if answer.folded not in cached[_FOLDED]:
            continue
        text = ItemText._make(cached)
        if wrong is None:  # the wrong proposals of a QCU or QCM, or the other options of the answer's select
            wrong = [
                other
                for other in owner.item.answer_items()
                if other.role == "wrong" and other.group == answer.group
            ]
        window = _judged(text, answer, wrong)
        if window is None or not _designates(text.text, window, answer, owner_sought):
            continue
        return _place(text, window), text.what, window
    return None


def _problem(leak: _Leak, owner: BankEpreuve, parcours: str | None) -> Problem:
    (line, column, end_line, end_column), what, window = leak
    where = f" (parcours « {parcours} »)" if parcours else ""
    return Problem(
        Span.at(line, column, end_line, end_column),
        f"{what} {'donnent' if what.startswith('les ') else 'donne'} la réponse de l'épreuve « {owner.name} »{where} : {quoted(window, 40)}",
        "reformulez ce texte sans la réponse, ou placez ces deux épreuves dans des parcours différents",
    )


def _designates(text: str, window: str, answer: ItemAnswer, owner_sought: list[ItemAnswer]) -> bool:
    """Whether the fragment the judge accepts names the answer, not a word of the same spelling:
    a key in capitals is found in capitals, an everyday word as a term or in a list of the answers."""
    if _in_capitals(answer):
        return answer.shown in window
    if _everyday_word(answer):
        return _marked(text, window) or _listed(_paragraph(text, window), answer, owner_sought)
    return True
