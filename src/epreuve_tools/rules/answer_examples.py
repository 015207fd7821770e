"""Answer examples guard the key: every accepted example must be judged ok, every rejected one ko."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity, plural, quoted
from epreuve_tools.registry import document_rule

if TYPE_CHECKING:
    from epreuve_tools.answers.from_model import Example
    from epreuve_tools.model import Epreuve


def _judged(epreuve: Epreuve, expected_ok: bool) -> Iterator[tuple[Example, str]]:
    misjudged = epreuve.judged_examples.misjudged
    return ((example, why) for example, why in misjudged if example.expected_ok == expected_ok)


def _shown(epreuve: Epreuve, example: Example) -> str:
    from epreuve_tools.answers.from_model import written_example

    return quoted(written_example(epreuve, example))


@document_rule("KEY-001", "accepted-example-refused", Severity.ERROR)
def accepted_example_refused(epreuve: Epreuve) -> Iterator[Problem]:
    """Une réponse de `examples.accepted` est refusée par la clé, jugée comme Pix la jugerait.

    Pourquoi : l'exemple dit ce que l'auteur veut accepter ; si la clé le refuse, des apprenants qui
    répondent juste seront comptés faux. L'aide dit pourquoi la clé le refuse ; `epreuve answer FICHIER
    "réponse" --explain` montre chaque étape (accents et espaces, tolérances, fautes de frappe).

    Mauvais (une QROC) :
        answer: ["PDF"]
        examples:
          accepted: ["format PDF"]
    Bon :
        answer: ["PDF", "format PDF"]
        examples:
          accepted: ["format PDF"]
    """
    for example, summary in _judged(epreuve, expected_ok=True):
        yield Problem(
            epreuve.source_map.value(example.json_path),
            f"l'exemple accepté {_shown(epreuve, example)} est refusé par la clé",
            summary,
        )


@document_rule("KEY-002", "rejected-example-accepted", Severity.ERROR)
def rejected_example_accepted(epreuve: Epreuve) -> Iterator[Problem]:
    """Une réponse de `examples.rejected` est acceptée par la clé, jugée comme Pix la jugerait.

    Pourquoi : l'exemple dit ce que l'auteur veut refuser ; si la clé l'accepte (souvent par une
    tolérance : T2 (ponctuation ignorée) supprime aussi les lettres accentuées, T3 (fautes de frappe)
    accepte une faute pour quatre caractères), des réponses fausses seront comptées justes.

    Mauvais (une QROC, T3 comprise par défaut) :
        answer: ["Lyon"]
        examples:
          rejected: ["Lyons"]
    Bon :
        tolerances: [t1, t2]
        answer: ["Lyon"]
        examples:
          rejected: ["Lyons"]
    """
    for example, summary in _judged(epreuve, expected_ok=False):
        yield Problem(
            epreuve.source_map.value(example.json_path),
            f"l'exemple refusé {_shown(epreuve, example)} est accepté par la clé",
            summary,
        )


@document_rule("KEY-003", "too-much-to-judge", Severity.WARNING)
def too_much_to_judge(epreuve: Epreuve) -> Iterator[Problem]:
    """Trop de réponses acceptées et d'exemples pour que les exemples soient jugés.

    Juger compare chaque exemple à chaque réponse acceptée ; au-delà de 20 000 comparaisons (une
    épreuve réelle en demande une centaine), la vérification s'en abstient et les règles KEY-001,
    KEY-002, KEY-011 et KEY-020 ne sont pas appliquées à cette épreuve. De même, un exemple de plus de
    10 000 caractères (alias YAML développés) n'est pas jugé, ni ceux qui restent quand les exemples de
    l'épreuve ont fait 20 000 comparaisons ou comparé 1 000 000 de caractères ; le diagnostic est
    alors à la place du premier exemple non jugé.

    Pourquoi : la vérification reste rapide sur n'importe quel fichier, et l'auteur sait que ses
    exemples n'ont pas été jugés au lieu de les croire vérifiés.

    Mauvais : une clé de 500 réponses acceptées (toutes les communes d'un département) et 50 exemples,
    soit 25 000 comparaisons.
    Bon : quelques réponses acceptées représentatives et quelques exemples courts, écrits en entier :
        answer: ["Lyon", "Lyon 3e"]
        examples:
          accepted: ["lyon"]
          rejected: ["Paris"]
    """
    from epreuve_tools.answers.from_model import MAX_COMPARISONS, judging_workload

    workload = judging_workload(epreuve)
    if workload > MAX_COMPARISONS:
        yield Problem(
            epreuve.source_map.key(("answer",)),
            f"{workload} comparaisons pour juger les exemples (au plus {MAX_COMPARISONS}) : exemples non jugés",
            "gardez quelques réponses acceptées et quelques exemples représentatifs",
        )
        return
    not_judged = epreuve.judged_examples.not_judged
    if not_judged:
        first, reason = not_judged[0]
        others = f" (et {plural(len(not_judged) - 1, 'autre')} après lui)" if len(not_judged) > 1 else ""
        yield Problem(
            epreuve.source_map.value(first.json_path),
            f"exemple non jugé{others} : {reason}",
            "gardez des exemples courts et écrits en entier, sans ancres ni alias YAML",
        )
