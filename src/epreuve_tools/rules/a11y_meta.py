"""Accessibility metadata (A11Y-META): declared flags, answer leaks, alternative instruction, waivers.

The certification engine serves an épreuve to a candidate who needs adjustments only when its
flags say so (`accessibility.non_voyant` and `daltonien` OK or RAS): flags that contradict the
content put that candidate in front of an épreuve they cannot do. The texts only assistive
technologies read (alternatives, labels, titles) are checked against the answer key with the Pix
judge itself: a text it would accept as the answer gives the answer away.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from epreuve_tools.diagnostics import Problem, Severity, Span, quoted
from epreuve_tools.kinds import EpreuveType
from epreuve_tools.registry import REGISTRY, document_rule
from epreuve_tools.rules.a11y_clr import relies_on_colour as colour_picks_out
from epreuve_tools.rules.a11y_img import image_test_alt
from epreuve_tools.rules.a11y_scan import normalise, scan, tags

if TYPE_CHECKING:
    from epreuve_tools.answers import AnswerKey
    from epreuve_tools.model import Epreuve
    from epreuve_tools.parsing.markdown import Body

_FLAGS = ("non_voyant", "daltonien")  # Pix's accessibility1 and accessibility2: what certification reads
_COMPATIBLE = frozenset({"OK", "RAS"})  # what the certification engine takes as « accessible »
_TO_TEST = "A tester"
_BLIND_EXCUSED = "KO ou « Acquis Non Pertinent »"


# -- flags ---------------------------------------------------------------------------------------------


def _block(epreuve: Epreuve) -> dict[str, Any] | None:
    block = epreuve.front_matter.get("accessibility")
    return block if isinstance(block, dict) else None


def _flag(epreuve: Epreuve, name: str) -> str | None:
    block = _block(epreuve)
    value = block.get(name) if block is not None else None
    return value if isinstance(value, str) else None


def _flag_span(epreuve: Epreuve, name: str) -> Span:
    return epreuve.source_map.value(("accessibility", name))


@document_rule(
    "A11Y-META-001",
    "accessibility-flags-missing",
    Severity.ERROR,
    refs="RGAA (tenue de la déclaration) ; WCAG — (aucun critère : métadonnée de certification)",
)
def accessibility_flags_missing(epreuve: Epreuve) -> Iterator[Problem]:
    """Le bloc `accessibility` ne déclare pas `non_voyant` ou `daltonien`.

    Pourquoi : ce sont les deux valeurs que le moteur de certification lit (`accessibility1` et
    `accessibility2` de Pix) pour servir, ou non, l'épreuve à un candidat qui a besoin d'un
    aménagement. Un bloc `accessibility` commencé mais incomplet est un oubli. Une épreuve sans
    bloc du tout ne déclare rien : le paquet publié ne porte alors aucune valeur et le moteur la
    tient pour non accessible ; `epreuve new` écrit toujours le bloc (`non_voyant: A tester`).

    Mauvais :
        accessibility:
          sourds_malentendants: RAS
    Bon :
        accessibility:
          non_voyant: OK
          daltonien: RAS
          sourds_malentendants: RAS
    """
    block = _block(epreuve)
    if block is None:
        return
    for name in _FLAGS:
        if not isinstance(block.get(name), str):
            yield Problem(
                epreuve.source_map.key(("accessibility",)),
                f"le bloc `accessibility` ne déclare pas `{name}`",
                f"ajoutez `{name}:` (RAS, OK ou KO ; « A tester » tant que personne n'a vérifié)",
            )


@document_rule(
    "A11Y-META-006",
    "accessibility-flag-to-test",
    Severity.INFO,
    refs="RGAA (tenue de la déclaration) ; WCAG — (aucun critère : métadonnée de certification)",
)
def accessibility_flag_to_test(epreuve: Epreuve) -> Iterator[Problem]:
    """Un indicateur d'accessibilité vaut encore « A tester ».

    Pourquoi : tant que personne n'a vérifié l'épreuve avec un lecteur d'écran, le moteur de
    certification ne la propose pas aux candidats qui ont besoin d'un aménagement ; la publication
    doit la refuser. Cette liste dit ce qu'il reste à tester. Absent du catalogue (qui le range sous
    A11Y-META-001, une erreur), ce rappel prend le numéro libre suivant : il n'empêche pas d'écrire
    l'épreuve.

    Mauvais : `non_voyant: A tester` dans une épreuve prête à être publiée.
    Bon : `non_voyant: OK` après un essai avec NVDA, ou `KO` si l'épreuve ne s'y prête pas.
    """
    block = _block(epreuve)
    if block is None:
        return
    for name, value in block.items():
        if value == _TO_TEST:
            yield Problem(
                epreuve.source_map.value(("accessibility", name)),
                f"`{name}` vaut encore « A tester »",
                "faites passer l'épreuve avec un lecteur d'écran, puis déclarez OK, RAS ou KO",
            )


# -- what the content says about the flags -------------------------------------------------------------


def _alternative(epreuve: Epreuve) -> str | None:
    """The text alternative to the instruction, None when absent or blank."""
    value = epreuve.front_matter.get("alternative_instruction")
    return value if isinstance(value, str) and value.strip() else None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _illustration(epreuve: Epreuve) -> dict[str, Any]:
    return _mapping(epreuve.front_matter.get("illustration"))


def _media(epreuve: Epreuve) -> Iterator[tuple[int, dict[str, Any]]]:
    media = epreuve.front_matter.get("media")
    if isinstance(media, list):
        yield from ((index, item) for index, item in enumerate(media) if isinstance(item, dict))


def relies_on_colour(epreuve: Epreuve) -> bool:
    """Whether answering needs to tell colours apart: the image says so (`colour_dependent` without
    a `colour_cue`), or the text picks out by its colour a thing the learner is shown (CLR-001 and
    CLR-005, waived or not: a colour that is the subject of the épreuve still excludes)."""
    illustration = _illustration(epreuve)
    if illustration.get("colour_dependent") is True and not illustration.get("colour_cue"):
        return True
    return colour_picks_out(epreuve)


def _blind_reasons(epreuve: Epreuve) -> Iterator[str]:
    """Why the content cannot be done without sight: each reason forces `non_voyant` to KO."""
    alternative = _alternative(epreuve)
    if _illustration(epreuve).get("role") == "test" and alternative is None:
        yield "l'illustration est une image-test sans consigne alternative"
    embed = _mapping(epreuve.front_matter.get("embed"))
    # A11Y-EMB-005 says the same of an essential embed once it exists: one report, not two
    if (
        embed
        and "A11Y-EMB-005" not in REGISTRY
        and embed.get("essential") is not False
        and _mapping(embed.get("accessibility")).get("screen_reader") is not True
        and alternative is None
    ):
        yield "le contenu intégré (`embed`) n'a ni consigne alternative, ni déclaration `screen_reader: true`"


def _deaf_reasons(epreuve: Epreuve) -> Iterator[str]:
    """Why the content cannot be done without sound: each reason forces `sourds_malentendants` to KO."""
    for _, item in _media(epreuve):
        if item.get("test") is True and "A11Y-MED-006" in REGISTRY:
            continue  # a media-test's flags are A11Y-MED-006's
        has_transcript = isinstance(item.get("transcript"), str) and item["transcript"].strip()
        src = item.get("src") if isinstance(item.get("src"), str) else "?"
        if item.get("kind") == "audio" and not has_transcript:
            yield f"le son « {src} » n'a pas de transcription"
        elif (
            item.get("kind") == "video"
            and item.get("sound") is not False
            and not has_transcript
            and not item.get("captions")
        ):
            yield f"la vidéo « {src} » n'a ni sous-titres, ni transcription"


def _contradiction(
    epreuve: Epreuve, name: str, reasons: Sequence[str], allowed: str, fix: str
) -> Iterator[Problem]:
    value = _flag(epreuve, name)
    if reasons and value in _COMPATIBLE:
        yield Problem(
            _flag_span(epreuve, name),
            f"`{name}: {value}` contredit le contenu : {reasons[0]}",
            f"déclarez `{name}:` {allowed}, ou {fix}",
        )


@document_rule(
    "A11Y-META-002",
    "accessibility-flags-contradict-content",
    Severity.ERROR,
    refs="RGAA 1.4, 3.1, 4.1, 7.1 ; WCAG 1.1.1 (A), 1.2.1 (A), 1.4.1 (A)",
)
def accessibility_flags_contradict_content(epreuve: Epreuve) -> Iterator[Problem]:
    """Un indicateur d'accessibilité (`OK` ou `RAS`) contredit le contenu de l'épreuve.

    Pourquoi : le moteur de certification sert une épreuve `OK` ou `RAS` aux candidats qui ont
    besoin d'un aménagement. `non_voyant` doit valoir KO (ou « Acquis Non Pertinent ») quand
    l'épreuve a une image-test (`illustration.role: test`) ou un contenu intégré indispensable
    sans consigne alternative (`alternative_instruction`) ; `daltonien` doit valoir KO quand la
    réponse dépend d'une couleur (`illustration.colour_dependent: true` sans `colour_cue`, ou une
    consigne qui désigne par sa couleur ce qu'elle montre : A11Y-CLR-001 ou -005, même levée,
    puisqu'une couleur qui est l'objet de l'épreuve exclut tout autant) ; `sourds_malentendants` doit
    valoir KO quand un son n'a pas de transcription, ou une vidéo sonore ni sous-titres ni
    transcription. Un indicateur absent relève de A11Y-META-001, « A tester » de A11Y-META-006.
    Le cas du média-test revient à A11Y-MED-006 et celui du contenu intégré à A11Y-EMB-005, dès
    que ces règles existent : un seul diagnostic par défaut.

    Mauvais : `illustration: {role: test, …}` sans `alternative_instruction`, et `non_voyant: OK`.
    Bon : `non_voyant: KO`, ou une `alternative_instruction` qui permet de répondre sans l'image.
    """
    yield from _contradiction(
        epreuve,
        "non_voyant",
        list(_blind_reasons(epreuve)),
        _BLIND_EXCUSED,
        "écrivez une consigne alternative (`alternative_instruction`) qui permet de répondre sans voir",
    )
    yield from _contradiction(
        epreuve,
        "daltonien",
        ["la réponse dépend d'une couleur"] if relies_on_colour(epreuve) else [],
        "KO",
        "doublez la couleur d'un autre repère (libellé, motif, forme) et dites-le dans `colour_cue`",
    )
    yield from _contradiction(
        epreuve,
        "sourds_malentendants",
        list(_deaf_reasons(epreuve)),
        "KO",
        "ajoutez la transcription (`transcript`) et, pour une vidéo, les sous-titres (`captions`)",
    )


# -- answer leaks ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Text:
    """A text only assistive technologies read (or the name of a file), and where it is written."""

    what: str  # French, for the message: « le texte alternatif de l'illustration »
    text: str
    span: Span


# An answer shorter than this, once Pix's treatments have folded it, is found by chance in too many
# texts (« 1 », « 55 », « oui ») to be told from a leak; a match that only T3's edit distance allows
# needs a longer answer still (« vert » and « vers » are one edit apart).
MIN_LEAK_CHARS = 4
MIN_FUZZY_LEAK_CHARS = 8
# A short proposal (« Envoyer », « Annuler ») is a label of the screen, that any description of the
# screen names: the right proposal is looked for from this length on.
MIN_CHOICE_LEAK_CHARS = 8

_TOKEN = re.compile(r"[^\s'’]+")
_T1_T2 = ("t1", "t2")
_EDGE = re.compile(r"^\W+|\W+$")
_STEM_SPLIT = re.compile(r"[-_.+\s]+")


def _front_text(epreuve: Epreuve, path: tuple[str | int, ...], what: str) -> Iterator[_Text]:
    value: Any = epreuve.front_matter
    for part in path:
        value = value.get(part) if isinstance(value, dict) and isinstance(part, str) else None
    if isinstance(value, str) and value.strip():
        yield _Text(what, value, epreuve.source_map.value(path))


def _illustration_alt(epreuve: Epreuve) -> Iterator[_Text]:
    illustration = _illustration(epreuve)
    if illustration.get("decorative") is True:
        return  # rendered `alt=""`: nobody hears it (A11Y-IMG-002 reports the alt written anyway)
    # an image-test's alt is A11Y-IMG-010's: once it reports the alt, the leak is not reported twice
    if illustration.get("role") == "test" and next(iter(image_test_alt(epreuve)), None) is not None:
        return
    yield from _front_text(epreuve, ("illustration", "alt"), "le texte alternatif de l'illustration")


def _markdown_titles(epreuve: Epreuve) -> Iterator[_Text]:
    """`title` of links and images (`[texte](url "titre")`), read from the tokens the loader made."""
    body = epreuve.body
    lines: list[str] | None = None
    for token in body.tokens:
        if token.type != "inline" or token.map is None or "](" not in token.content:
            continue
        for child in token.children or ():
            title = child.attrs.get("title") if child.type in {"link_open", "image"} else None
            if not isinstance(title, str) or not title.strip():
                continue
            if lines is None:
                lines = body.text.split("\n")
            yield _Text("le titre d'un lien ou d'une image", title, _find(title, lines, token.map, body))


def _find(needle: str, lines: list[str], block: list[int], body: Body) -> Span:
    """Where `needle` is written in a block's lines; the block's first line when it spans lines."""
    first_line = body.first_line
    for number in range(block[0], min(block[1], len(lines))):
        column = lines[number].find(needle)
        if column >= 0:
            line = number + first_line
            return Span.at(line, column + 1, line, column + 1 + len(needle))
    return Span.at(block[0] + first_line, 1)


_HTML_TEXT_ATTRIBUTES = frozenset({"alt", "title", "aria-label"})


def _html_texts(epreuve: Epreuve) -> Iterator[_Text]:
    for fragment in scan(epreuve).html:
        for tag in tags(fragment.html):
            for attribute in tag.attributes:
                if attribute.name in _HTML_TEXT_ATTRIBUTES and attribute.value:
                    yield _Text(
                        f"l'attribut `{attribute.name}` d'une balise HTML",
                        attribute.value,
                        fragment.position(attribute.offset, len(attribute.name)),
                    )


def _file_names(epreuve: Epreuve) -> Iterator[_Text]:
    """Referenced files, by the words of their names: `reponse-jeudi.png` is read « reponse jeudi »."""
    seen: set[str] = set()
    named: list[tuple[str, Span]] = [
        (reference.src, epreuve.source_map.value(reference.json_path)) for reference in epreuve.references
    ]
    named += [(image.src, image.span) for image in scan(epreuve).images]
    for src, span in named:
        name = src.rsplit("/", 1)[-1].split("?", 1)[0].split("#", 1)[0]
        stem = name.rsplit(".", 1)[0] if "." in name else name
        words = " ".join(_STEM_SPLIT.split(stem)).strip()
        if words and src not in seen:
            seen.add(src)
            yield _Text(f"le nom du fichier « {name} »", words, span)


def accessibility_texts(epreuve: Epreuve) -> Iterator[_Text]:
    """Every text an answer could leak through: what assistive technologies read, and file names."""
    yield from _illustration_alt(epreuve)
    yield from _front_text(
        epreuve, ("illustration", "description"), "la description longue de l'illustration"
    )
    for image in scan(epreuve).images:
        if image.alt.strip():
            yield _Text("le texte alternatif d'une image", image.alt, image.span)
    for blank in epreuve.blanks:
        if blank.label and blank.label.strip():
            yield _Text(f"le libellé (`§`) du champ « {blank.key} »", blank.label, blank.span)
        if blank.placeholder and blank.placeholder.strip():
            yield _Text(f"l'indication (`#`) du champ « {blank.key} »", blank.placeholder, blank.span)
    yield from _markdown_titles(epreuve)
    yield from _html_texts(epreuve)
    yield from _front_text(epreuve, ("alternative_instruction",), "la consigne alternative")
    yield from _front_text(epreuve, ("embed", "title"), "le titre du contenu intégré")
    for index, item in _media(epreuve):
        if isinstance(item.get("title"), str) and item["title"].strip():
            yield _Text(
                "le titre d'un média", item["title"], epreuve.source_map.value(("media", index, "title"))
            )
    yield from _file_names(epreuve)


@dataclass(frozen=True, slots=True)
class _Answer:
    """One accepted answer, with a key that accepts it alone, judged as Pix judges its field."""

    shown: str  # as written in the key, or the proposal's text
    key: AnswerKey
    words: int
    folded: str  # after the key's T1/T2: what lengths are measured on


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text))


def _folded(text: str, tolerances: Sequence[str]) -> str:
    memo = (text, tuple(tolerances))
    known = _FOLDED.get(memo)
    if known is None:
        # imported here, on a miss only: an import statement costs even when the module is loaded
        from epreuve_tools.answers import apply_treatments, pre_treat

        if len(_FOLDED) >= _FOLDED_KEPT:
            _FOLDED.clear()
        known = _FOLDED[memo] = apply_treatments(pre_treat(text), tolerances).strip()
    return known


# the words and texts already folded: each text is cut into words, and the words repeat
_FOLDED: dict[tuple[str, tuple[str, ...]], str] = {}
_FOLDED_KEPT = 20_000


def _answer(
    text: str, tolerances: tuple[str, ...], make_key: Callable[[], AnswerKey], minimum: int = MIN_LEAK_CHARS
) -> _Answer | None:
    """The answer to look for, or None when it is too short; its key is made only then."""
    folded = _folded(text, tolerances)
    if len(folded) < minimum:
        return None
    words = len(_tokens(text))
    return _Answer(text, make_key(), words, folded) if words else None


def _key_answers(epreuve: Epreuve) -> list[_Answer]:
    """QROC and QROCM: each accepted string, with the tolerances of its field (none for a select)."""
    from epreuve_tools.answers import AnswerKey

    decoded = epreuve.decoded_answer
    key = decoded.key
    tolerances = key.tolerances if key is not None else epreuve.tolerances
    # only a QROC reads `format: nombre` as numbers (Pix's numeric branch)
    number_format = epreuve.format if epreuve.type is EpreuveType.QROC else None
    answers: list[_Answer] = []
    for accepted in decoded.accepted:
        field_tolerances = tuple(tolerances) if accepted.tolerated else ()

        make_key = partial(
            AnswerKey.qroc,
            [accepted.text],
            tolerances=field_tolerances,
            format=number_format,
            first_blank_is_select=not accepted.tolerated,
        )
        try:
            found = _answer(accepted.text, field_tolerances, make_key)
        except (TypeError, ValueError):  # a malformed key: the schema and the KEY rules say why
            continue
        if found is not None:
            answers.append(found)
    return answers


def _choice_answers(epreuve: Epreuve) -> tuple[list[_Answer], list[_Answer]]:
    """QCU and QCM: the right proposals' texts and the wrong ones', judged with T1 to T3."""
    from epreuve_tools.answers import ALL_TOLERANCES, AnswerKey

    proposals = epreuve.body.proposals or ()
    answer = epreuve.answer
    numbers = answer if isinstance(answer, list) else [answer]
    right = {n for n in numbers if isinstance(n, int) and not isinstance(n, bool)}
    chosen: list[_Answer] = []
    others: list[_Answer] = []
    for number, proposal in enumerate(proposals, start=1):
        make_key = partial(AnswerKey.qroc, [proposal.text])
        if number in right:
            found = _answer(proposal.text, ALL_TOLERANCES, make_key, MIN_CHOICE_LEAK_CHARS)
            if found is not None:
                chosen.append(found)
        else:
            found = _answer(proposal.text, ALL_TOLERANCES, make_key)
            if found is not None:
                others.append(found)
    return chosen, others


class _Fragments:
    """The fragments of one text a given number of words long, each folded as an answer's field
    folds it; split and folded once per length and tolerances, whatever the number of answers."""

    __slots__ = ("_folded", "_joined", "_words", "text", "tokens")

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self._folded: dict[tuple[int, tuple[str, ...]], list[tuple[str, str]]] = {}
        self._words: list[str] | None = None  # each word through T1 and T2
        self._joined = ""

    def _common(self) -> list[str]:
        """The words folded with T1 and T2, the tolerances almost every field has. T1 drops the
        spaces and T2 the apostrophes and punctuation, character by character: a fragment then
        folds to its words' folds put end to end, and the text is folded once, not per fragment."""
        if self._words is None:
            self._words = [_folded(token.group(0), _T1_T2) for token in self.tokens]
            self._joined = "".join(self._words)
        return self._words

    def may_hold(self, answer: _Answer) -> bool:
        """False when no fragment can equal the answer: with T1 and T2, the folded text must hold it."""
        if answer.key.tolerances[:2] != _T1_T2 or answer.key.is_numeric_format:
            return True
        self._common()
        return answer.folded in self._joined

    def _raw_windows(self, size: int) -> Iterator[str]:
        tokens, text = self.tokens, self.text
        for start in range(len(tokens) - size + 1):
            yield text[tokens[start].start() : tokens[start + size - 1].end()]

    def _windows(self, size: int) -> Iterator[str]:
        """As written, and without the punctuation at their ends (« jeudi. »), which T2 would
        drop anyway: without T2, the judge must see both."""
        for raw in self._raw_windows(size):
            yield raw
            trimmed = _EDGE.sub("", raw)
            if trimmed and trimmed != raw:
                yield trimmed

    def folded(self, size: int, tolerances: tuple[str, ...]) -> list[tuple[str, str]]:
        cached = self._folded.get((size, tolerances))
        if cached is None:
            if tolerances[:2] == _T1_T2:
                words = self._common()
                cached = []
                for start, window in enumerate(self._raw_windows(size)):
                    cached.append((window, "".join(words[start : start + size])))
            else:
                cached = [(window, _folded(window, tolerances)) for window in self._windows(size)]
            self._folded[(size, tolerances)] = cached
        return cached


def _leaks(fragments: _Fragments, answer: _Answer) -> str | None:
    """The fragment that the Pix judge accepts as `answer`, if any.

    The judge is asked only about a fragment equal to the answer once folded, a number when the
    field reads numbers, or one close enough for T3 (an edit distance computed with a cut-off):
    most texts have no such fragment, and the judge explains what it does, which costs.
    """
    key = answer.key
    if len(fragments.tokens) < answer.words:
        return None
    fuzzy = "t3" in key.tolerances and len(answer.folded) >= MIN_FUZZY_LEAK_CHARS
    if not fuzzy and not fragments.may_hold(answer):
        return None
    # imported past the first looks, which most texts do not pass (an import statement costs)
    from rapidfuzz.distance import Levenshtein

    from epreuve_tools.answers import JudgingLimitError, is_numeric, judge

    for window, folded in fragments.folded(answer.words, key.tolerances):
        if folded != answer.folded and not (key.is_numeric_format and is_numeric(window)):
            if not fuzzy:
                continue
            limit = int(0.25 * len(folded)) + 1  # the judge counts UTF-16 units: a little slack
            if Levenshtein.distance(folded, answer.folded, score_cutoff=limit) > limit:
                continue
        try:
            if judge(key, window).status == "ok":
                return window
        except JudgingLimitError:
            return None
    return None


# what the page does not show of the source: images (their alt is heard, not seen), link targets and
# titles, HTML tags, blanks
_TARGET = r"\]\((?:[^()\n]|\([^()\n]*\))*\)"
_HIDDEN = re.compile(rf"!\[[^\]\n]*{_TARGET}|{_TARGET}|<[^>\n]*>|\$\{{[^}}\n]*\}}")


def _visible(epreuve: Epreuve) -> str:
    """What every learner reads: the instruction, and for QROC/QROCM the text around the blanks."""
    body = epreuve.body
    parts = [body.instruction]
    propositions = body.containers.get("propositions")
    if propositions is not None and not (epreuve.type and epreuve.type.has_proposals_list):
        parts.append(propositions.inner)
    return _HIDDEN.sub("] ", "\n".join(parts))


def _leak(
    epreuve: Epreuve, text: str, answers: Sequence[_Answer], others: Sequence[_Answer]
) -> _Answer | None:
    """The answer `text` gives away: one the judge accepts in it, that the instruction does not
    already show, and (for proposals) without a wrong proposal beside it, which would tell nothing."""
    fragments = _Fragments(text)
    for answer in answers:
        if _leaks(fragments, answer) is None or _leaks(_Fragments(_visible(epreuve)), answer) is not None:
            continue
        if any(_leaks(fragments, other) is not None for other in others):
            return None
        return answer
    return None


@document_rule(
    "A11Y-META-003",
    "answer-leak",
    Severity.ERROR,
    refs="RGAA 1.4 (esprit de l'image-test) ; WCAG 1.1.1 (A), exception « test »",
)
def answer_leak(epreuve: Epreuve) -> Iterator[Problem]:
    """Un texte lu par les technologies d'assistance, ou un nom de fichier, donne une réponse acceptée.

    Pourquoi : un texte alternatif, une description longue, le libellé (`§`) ou l'indication (`#`)
    d'un champ, le titre d'un lien, d'un contenu intégré ou d'un média, la consigne alternative et
    le nom d'un fichier cité sont lus par un lecteur d'écran (ou visibles dans l'adresse) : s'ils
    contiennent la réponse, l'épreuve ne mesure plus rien pour qui les entend. Chaque fragment du
    texte, de la longueur en mots de la réponse, est jugé par le juge de Pix lui-même, avec les
    tolérances de l'épreuve (T1 à T3) : ce qu'il accepterait comme réponse la donne. Pour une QCU ou
    une QCM, la réponse est le texte de la bonne proposition, d'au moins 8 caractères (« Envoyer »
    est un libellé de l'écran que toute description nomme) ; un texte qui cite aussi une mauvaise
    proposition ne désigne pas la bonne. Une réponse de moins de 4 caractères (« 1 », « oui »)
    n'est pas recherchée, ni une réponse que la consigne affiche déjà ; une ressemblance permise
    par la seule tolérance T3 ne compte qu'à partir de 8 caractères. Le texte alternatif d'une
    image décorative n'est pas lu, et celui d'une image-test dont A11Y-IMG-010 parle déjà n'est
    pas signalé une seconde fois.

    Mauvais : `answer: [Montesquieu]` et `${auteur§Nom de l'auteur, Montesquieu}`, ou
    `src: images/reponse-montesquieu.png`.
    Bon : `${auteur§Nom de l'auteur}` et `src: images/portrait-auteur.png`.
    """
    kind = epreuve.type
    texts = list(accessibility_texts(epreuve)) if kind is not None else []
    if kind is None or not texts:
        return
    if kind.has_proposals_list:
        answers, others = _choice_answers(epreuve)
    else:
        answers, others = _key_answers(epreuve), []
    if not answers:
        return
    for text in texts:
        found = _leak(epreuve, text.text, answers, others)
        if found is not None:
            yield Problem(
                text.span,
                f"{text.what} donne une réponse acceptée : {quoted(found.shown, 40)}",
                "reformulez-le sans la réponse ; si l'image ou le média est l'objet même de la "
                "question, déclarez-le comme un test et l'épreuve KO pour le public concerné",
            )


# -- the alternative instruction ---------------------------------------------------------------------

# the alternative is read by who cannot see: sending them back to the picture leaves them nothing
_BACK_TO_VISUAL = re.compile(
    r"\b(?:observez|regardez|voyez|examinez|repérez)\s+(?:bien\s+)?(?:l'|l’|la\s+|le\s+|les\s+|cette\s+|ce\s+)"
    r"(?:image|illustration|capture|photo|figure|schéma|vidéo|animation|graphique)"
    r"|\b(?:image|illustration|capture\s+d['’]écran|capture|photo|figure|vidéo)\s+ci-(?:dessous|dessus|contre)\b"
    r"|\bci-contre\b",
    re.IGNORECASE,
)
_GENERIC_LINK = re.compile(
    r"\[\s*(?:ici|cliquez\s+ici|cliquer\s+ici|clique\s+ici|lien|ce\s+lien|en\s+savoir\s+plus|lire\s+la\s+suite"
    r"|voir|voir\s+plus|here|click\s+here)\s*\]\(",
    re.IGNORECASE,
)


def _alternative_problem(text: str) -> tuple[str, str] | None:
    """What makes an alternative instruction useless without sight: (message, hint), or None."""
    found = _BACK_TO_VISUAL.search(text)
    if found is not None:
        return (
            f"la consigne alternative renvoie à ce qu'il faut voir : « {found.group(0)} »",
            "décrivez dans la consigne alternative ce que montre l'image : qui la lit ne la voit pas",
        )
    found = _GENERIC_LINK.search(text)
    if found is not None:
        return (
            f"la consigne alternative a un lien à l'intitulé vide de sens : « {found.group(0)[:-2]} »",
            "faites de l'intitulé la destination du lien : « la page des horaires du service »",
        )
    return None


@document_rule(
    "A11Y-META-004",
    "alternative-instruction-not-usable",
    Severity.ERROR,
    refs="RGAA 1.1, 1.3, 10.9 ; WCAG 1.1.1 (A), 1.3.3 (A)",
)
def alternative_instruction_not_usable(epreuve: Epreuve) -> Iterator[Problem]:
    """La consigne alternative est vide, renvoie à l'image qu'elle remplace, ou a un lien « ici ».

    Pourquoi : `alternative_instruction` remplace la consigne pour qui ne perçoit pas l'image, la
    vidéo ou l'animation : elle doit permettre de répondre seule. Une consigne alternative vide,
    qui renvoie à l'image (« observez la capture », « la figure ci-dessous ») ou dont un lien
    s'intitule « ici » (A11Y-LNK-002 ne lit que le corps) laisse ce lecteur sans rien. Le reste
    est vérifié ailleurs, sans être répété ici : la couleur (A11Y-CLR-001) et la position, la
    forme ou le son (A11Y-SNS) lisent aussi la consigne alternative ; qu'elle ne donne pas la
    réponse, A11Y-META-003 le vérifie ; qu'elle manque là où il en faut une (image-test, contenu
    intégré), A11Y-META-002 et A11Y-EMB-005 le disent par l'indicateur `non_voyant`.

    Mauvais : `alternative_instruction: "Observez l'image ci-dessous et indiquez le créneau libre."`
    Bon : `alternative_instruction:` qui donne sous forme de tableau les rendez-vous de chacun.
    """
    if "alternative_instruction" not in epreuve.front_matter:
        return
    value = epreuve.front_matter.get("alternative_instruction")
    span = epreuve.source_map.value(("alternative_instruction",))
    if not isinstance(value, str) or not value.strip():
        if isinstance(value, str) or value is None:
            yield Problem(
                span,
                "la consigne alternative est vide",
                "écrivez la consigne telle qu'on peut la suivre sans voir, ou retirez la clé",
            )
        return
    problem = _alternative_problem(value)
    if problem is not None:
        yield Problem(span, *problem)


# -- waivers -----------------------------------------------------------------------------------------

# words that stand for a reason not written yet
_PLACEHOLDER_REASONS = frozenset(
    normalise(text)
    for text in (
        "todo",
        "à compléter",
        "a completer",
        "à justifier",
        "à faire",
        "à voir",
        "voir plus tard",
        "plus tard",
        "temporaire",
        "dérogation",
        "faux positif",
        "non applicable",
        "pas applicable",
        "sans objet",
        "règle non pertinente",
        "xxxxxxxxxx",
        "nécessaire",
    )
)
# a flag that contradicts the content is corrected, never waived: the certification engine reads it
_NOT_TO_WAIVE = frozenset({"A11Y-META-001", "A11Y-META-002"})


def _waiver_items(epreuve: Epreuve) -> list[Any]:
    a11y = epreuve.front_matter.get("a11y")
    waivers = a11y.get("waivers") if isinstance(a11y, dict) else None
    return waivers if isinstance(waivers, list) else []


def _is_placeholder_reason(reason: str, rule: str) -> bool:
    folded = normalise(reason)
    return folded in _PLACEHOLDER_REASONS or folded == normalise(rule) or len(set(folded) - {" "}) < 3


def _waiver_problems(
    epreuve: Epreuve, rank: int, item: dict[str, Any], seen: dict[str, int]
) -> Iterator[Problem]:
    path = ("a11y", "waivers", rank)
    rule = item.get("rule")
    if not isinstance(rule, str):
        return  # the schema reports a waiver without a rule
    reason = item.get("reason")
    if rule in seen:
        yield Problem(
            epreuve.source_map.value((*path, "rule")),
            f"deuxième dérogation à « {rule} » (la première est la n° {seen[rule] + 1})",
            "gardez une seule dérogation par règle, avec une raison qui couvre tous les cas",
        )
    else:
        seen[rule] = rank
    if rule in _NOT_TO_WAIVE:
        yield Problem(
            epreuve.source_map.value((*path, "rule")),
            f"dérogation à « {rule} » : un indicateur d'accessibilité se corrige, il ne se lève pas",
            "le moteur de certification lit l'indicateur : corrigez-le (KO) plutôt que de lever la règle",
        )
    if isinstance(reason, str) and reason.strip() and _is_placeholder_reason(reason, rule):
        yield Problem(
            epreuve.source_map.value((*path, "reason")),
            f"raison de dérogation qui n'explique rien : {quoted(reason.strip())}",
            "dites pourquoi la règle ne s'applique pas à cette épreuve ; la raison figure dans la "
            "déclaration d'accessibilité",
        )
    author = item.get("author")
    if isinstance(author, str) and not author.strip():
        yield Problem(
            epreuve.source_map.value((*path, "author")),
            "dérogation avec un auteur vide",
            "écrivez qui a accordé la dérogation, ou retirez `author`",
        )
    date = item.get("date")
    if isinstance(date, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", date):
        try:
            datetime.date.fromisoformat(date)
        except ValueError:
            yield Problem(
                epreuve.source_map.value((*path, "date")),
                f"la date de la dérogation n'existe pas : « {date} »",
                "écrivez une date du calendrier, au format AAAA-MM-JJ",
            )


@document_rule(
    "A11Y-META-005",
    "waiver-hygiene",
    Severity.ERROR,
    refs="RGAA (déclaration d'accessibilité, dérogations) ; WCAG — (aucun critère : tenue des dérogations)",
)
def waiver_hygiene(epreuve: Epreuve) -> Iterator[Problem]:
    """Une dérogation (`a11y.waivers`) est mal tenue : en double, sans vraie raison, ou sur un indicateur.

    Pourquoi : les dérogations alimentent la partie « dérogations » de la déclaration
    d'accessibilité ; chacune doit dire pourquoi la règle ne s'applique pas. Ce qui est déjà vérifié
    ailleurs n'est pas répété : le schéma exige `rule` et une raison d'au moins 10 caractères,
    WAIVER-001 signale une dérogation inutile et WAIVER-002 un code inconnu ou qu'on ne lève pas.
    Cette règle ajoute : une deuxième dérogation à la même règle ; une raison de remplissage
    (« à compléter », « faux positif », le code de la règle) ; une dérogation à A11Y-META-001 ou
    A11Y-META-002 (un indicateur faux se corrige : le moteur de certification le lit) ; un auteur
    vide ; une date qui n'existe pas (2025-02-30). `author` et `date` restent facultatifs.

    Mauvais :
        a11y:
          waivers:
            - rule: A11Y-LNK-003
              reason: "à compléter"
    Bon :
        a11y:
          waivers:
            - rule: A11Y-LNK-003
              reason: "L'épreuve porte sur la lecture d'une adresse web complète"
              author: Camille Martin
              date: 2025-03-14
    """
    seen: dict[str, int] = {}
    for rank, item in enumerate(_waiver_items(epreuve)):
        if isinstance(item, dict):
            yield from _waiver_problems(epreuve, rank, item, seen)
