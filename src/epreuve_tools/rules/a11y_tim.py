"""Accessibility of time limits (A11Y-TIM): the épreuve's `timer`, RGAA 13.1, WCAG 2.2.1.

A learner cannot stop, extend or switch off Pix's timer: a time limit is only acceptable when it is
essential (WCAG 2.2.1, exception « essentiel »), said so with a reason, and long enough for a slow
reader or a screen-reader user.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.kinds import EpreuveType
from epreuve_tools.registry import document_rule

if TYPE_CHECKING:
    from epreuve_tools.diagnostics import Span
    from epreuve_tools.model import Epreuve

# The slow-reader estimate of A11Y-TIM-002. The configuration has no place for rule options, so
# these are documented constants (the rule's documentation states them).
READING_WORDS_PER_MINUTE = 80  # a slow reader, or a screen reader at a comfortable rate
SECONDS_PER_BLANK = 20  # find the field, type the answer, check it
SECONDS_PER_CLICK = 5  # reach a proposal and tick it (QCU: one, QCM: one per right proposal)
SECONDS_TO_VALIDATE = 5  # reach « Je valide » and press it

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_BLANK = re.compile(r"\$\{[^}]*\}")
# what a reader does not read: link targets, image sources, emphasis and list signs
_MARKUP = re.compile(r"\]\([^)]*\)|[*_`#>|]")

_BLIND_COMPATIBLE = ("OK", "RAS")


def _timer(epreuve: Epreuve) -> int | None:
    """The timer in seconds, None when the épreuve is not timed (or the schema refused the value)."""
    timer: Any = epreuve.front_matter.get("timer")
    if isinstance(timer, bool) or not isinstance(timer, int) or timer < 1:
        return None
    return timer


def _timer_span(epreuve: Epreuve) -> Span:
    return epreuve.source_map.value(("timer",))


def _reason(epreuve: Epreuve) -> str:
    reason = epreuve.front_matter.get("timer_reason")
    return reason.strip() if isinstance(reason, str) else ""


def _is_essential(epreuve: Epreuve) -> bool:
    return epreuve.front_matter.get("timer_essential") is True


@document_rule("A11Y-TIM-001", "timer-not-justified", Severity.WARNING, refs="RGAA 13.1 ; WCAG 2.2.1 (A)")
def timer_not_justified(epreuve: Epreuve) -> Iterator[Problem]:
    """Une épreuve minutée (`timer`) ne dit pas que la limite de temps est essentielle, ni pourquoi.

    Pourquoi : l'apprenant ne peut ni arrêter, ni prolonger le minuteur de Pix. Le RGAA (13.1) et le
    WCAG (2.2.1) n'admettent une limite de temps que si elle est essentielle : la prolonger rendrait
    l'épreuve sans objet (repérer un message frauduleux en quelques secondes). Sinon, la limite
    pénalise qui lit lentement, utilise un lecteur d'écran ou une commande vocale. Une limite
    essentielle se déclare (`timer_essential: true`) et se justifie (`timer_reason`).

    Mauvais : `timer: 60` seul.
    Bon : pas de `timer`, ou `timer: 60`, `timer_essential: true` et
    `timer_reason: "Évalue la capacité à repérer un message frauduleux en quelques secondes"`.
    """
    if _timer(epreuve) is None:
        return
    if not _is_essential(epreuve):
        yield Problem(
            _timer_span(epreuve),
            "épreuve minutée sans `timer_essential: true` : rien ne dit que la limite de temps est "
            "indispensable",
            "retirez `timer` ; si prolonger le temps rendait l'épreuve sans objet, ajoutez "
            "`timer_essential: true` et expliquez pourquoi dans `timer_reason`",
        )
    elif not _reason(epreuve):
        yield Problem(
            epreuve.source_map.value(("timer_essential",)),
            "minuteur déclaré essentiel sans justification (`timer_reason`)",
            "écrivez dans `timer_reason` pourquoi prolonger le temps invaliderait l'épreuve",
        )


def _words(text: str) -> int:
    return len(_WORD.findall(_MARKUP.sub(" ", _BLANK.sub(" ", text))))


def words_to_read(epreuve: Epreuve) -> int:
    """Words a learner reads before answering: the instruction (or its text alternative, when
    longer: that is what a screen-reader user reads) and the proposals, blanks left out."""
    body = epreuve.body
    instruction = _words(body.instruction)
    alternative = epreuve.front_matter.get("alternative_instruction")
    if isinstance(alternative, str):
        instruction = max(instruction, _words(alternative))
    propositions = body.containers.get("propositions")
    return instruction + (_words(propositions.inner) if propositions is not None else 0)


def _clicks(epreuve: Epreuve) -> int:
    if epreuve.type is EpreuveType.QCU:
        return 1
    if epreuve.type is EpreuveType.QCM:
        answer = epreuve.answer
        return len(answer) if isinstance(answer, list) else 2
    return 0


def slow_reader_seconds(epreuve: Epreuve) -> int:
    """The time a slow reader needs: reading at `READING_WORDS_PER_MINUTE`, plus each blank to
    fill, each proposal to tick and the validation."""
    reading = words_to_read(epreuve) * 60 / READING_WORDS_PER_MINUTE
    acting = len(epreuve.blanks) * SECONDS_PER_BLANK + _clicks(epreuve) * SECONDS_PER_CLICK
    return round(reading + acting + SECONDS_TO_VALIDATE)


@document_rule(
    "A11Y-TIM-002", "timer-shorter-than-reading", Severity.WARNING, refs="RGAA 13.1 ; WCAG 2.2.1 (A)"
)
def timer_shorter_than_reading(epreuve: Epreuve) -> Iterator[Problem]:
    """Le minuteur est plus court que le temps qu'il faut à un lecteur lent pour lire et répondre.

    Pourquoi : le temps se compte pour tous, mais tous ne lisent pas au même rythme. L'estimation
    compte les mots de la consigne (ou de la consigne alternative, si elle est plus longue) et des
    propositions à 80 mots par minute, plus 20 secondes par champ à remplir, 5 secondes par case à
    cocher (une pour une QCU, une par bonne proposition pour une QCM) et 5 secondes pour valider.
    La configuration n'ayant pas de réglage par règle, ces valeurs sont fixes ; un cas particulier
    se lève par une dérogation motivée. Le temps de consulter une pièce jointe, une vidéo ou un
    contenu intégré n'est pas compté : l'estimation est un minimum. Une limite déclarée essentielle
    (`timer_essential: true`) n'est pas comparée : sa durée fait partie de ce qui est évalué.

    Mauvais : `timer: 30` pour une consigne de 120 mots et quatre propositions.
    Bon : pas de `timer`, ou un minuteur au moins égal à l'estimation donnée par le message.
    """
    timer = _timer(epreuve)
    if timer is None or _is_essential(epreuve):
        return
    needed = slow_reader_seconds(epreuve)
    if timer < needed:
        yield Problem(
            _timer_span(epreuve),
            f"minuteur de {timer} s, quand un lecteur lent a besoin d'environ {needed} s "
            f"({words_to_read(epreuve)} mots à lire, puis la réponse à donner)",
            f"retirez le minuteur, ou portez-le à {needed} s au moins",
        )


@document_rule("A11Y-TIM-003", "timer-blind-unchecked", Severity.WARNING, refs="RGAA 13.1 ; WCAG 2.2.1 (A)")
def timer_blind_unchecked(epreuve: Epreuve) -> Iterator[Problem]:
    """Une épreuve minutée est déclarée compatible avec un lecteur d'écran sans qu'un relecteur ait vérifié le temps.

    Pourquoi : avec un lecteur d'écran, lire la consigne, parcourir les propositions et atteindre le
    champ de réponse prend bien plus de temps qu'à l'œil. Une épreuve minutée déclarée `non_voyant:
    OK` ou `RAS` sera servie aux candidats qui ont besoin d'un aménagement : il faut qu'une personne
    ait vérifié, avec un lecteur d'écran, que le temps suffit. Cette vérification s'enregistre
    comme une dérogation à cette règle, dont la raison dit qui a vérifié, avec quel lecteur
    d'écran (`a11y.waivers: [{rule: A11Y-TIM-003, reason: …, author: …, date: …}]`).

    Mauvais : `timer: 90` et `non_voyant: OK`, sans vérification notée.
    Bon : `non_voyant: KO`, ou une dérogation à A11Y-TIM-003 : « Réalisée en 70 s avec NVDA par
    Camille Martin ».
    """
    if _timer(epreuve) is None:
        return
    accessibility = epreuve.front_matter.get("accessibility")
    flag = accessibility.get("non_voyant") if isinstance(accessibility, dict) else None
    if flag in _BLIND_COMPATIBLE:
        yield Problem(
            epreuve.source_map.value(("accessibility", "non_voyant")),
            f"épreuve minutée déclarée `non_voyant: {flag}` : personne n'a noté que le temps suffit "
            "avec un lecteur d'écran",
            "faites-la passer avec un lecteur d'écran et notez-le par une dérogation à A11Y-TIM-003 "
            "(qui, quand, en combien de temps) ; sinon déclarez `non_voyant: KO`",
        )
