"""Answer examples guard the key: every accepted example must be judged ok, every rejected one ko."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Finding, Severity, quoted
from epreuve_tools.rules.base import document_rule, rule

if TYPE_CHECKING:
    from epreuve_tools.answers.from_model import Example
    from epreuve_tools.model import Epreuve


def _misjudged(epreuve: Epreuve) -> list[tuple[Example, str]]:
    """(example, explanation) of every example the key judges against its list; computed once."""
    if "misjudged_examples" not in epreuve.derived:
        from epreuve_tools.answers import judge, render_explanation
        from epreuve_tools.answers.from_model import answer_key, examples, too_much_to_judge

        key = None if too_much_to_judge(epreuve) else answer_key(epreuve)
        misjudged: list[tuple[Example, str]] = []
        if key is not None:
            for example in examples(epreuve):
                verdict = judge(key, example.response)
                if verdict.ok != example.expected_ok:
                    misjudged.append((example, render_explanation(verdict)))
        epreuve.derived["misjudged_examples"] = misjudged
    result: list[tuple[Example, str]] = epreuve.derived["misjudged_examples"]
    return result


def _judged(epreuve: Epreuve, expected_ok: bool) -> Iterator[tuple[Example, str]]:
    return ((example, why) for example, why in _misjudged(epreuve) if example.expected_ok == expected_ok)


def _one_line(text: str, limit: int = 300) -> str:
    flat = " ; ".join(line.strip() for line in text.splitlines() if line.strip())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@document_rule("KEY-001", "accepted-example-refused", Severity.ERROR)
def accepted_example_refused(epreuve: Epreuve) -> Iterator[Finding]:
    """Une réponse de `examples.accepted` est refusée par la clé, jugée comme Pix la jugerait.

    Pourquoi : l'exemple dit ce que l'auteur veut accepter ; si la clé le refuse, des apprenants qui
    répondent juste seront comptés faux. `epreuve answer FICHIER "réponse" --explain` montre pourquoi,
    étape par étape (pré-traitement, T1, T2, distance d'édition).
    """
    for example, explanation in _judged(epreuve, expected_ok=True):
        yield rule("KEY-001").finding(
            epreuve.source_map.value(example.json_path),
            f"l'exemple accepté {quoted(example.response)} est refusé par la clé",
            _one_line(explanation),
        )


@document_rule("KEY-002", "rejected-example-accepted", Severity.ERROR)
def rejected_example_accepted(epreuve: Epreuve) -> Iterator[Finding]:
    """Une réponse de `examples.rejected` est acceptée par la clé, jugée comme Pix la jugerait.

    Pourquoi : l'exemple dit ce que l'auteur veut refuser ; si la clé l'accepte (souvent par une
    tolérance : T2 supprime les accents et la ponctuation, T3 accepte une faute sur quatre lettres),
    des réponses fausses seront comptées justes.
    """
    for example, explanation in _judged(epreuve, expected_ok=False):
        yield rule("KEY-002").finding(
            epreuve.source_map.value(example.json_path),
            f"l'exemple refusé {quoted(example.response)} est accepté par la clé",
            _one_line(explanation),
        )


@document_rule("KEY-003", "too-much-to-judge", Severity.WARNING)
def too_much_to_judge(epreuve: Epreuve) -> Iterator[Finding]:
    """Trop de réponses acceptées et d'exemples pour que les exemples soient jugés.

    Juger compare chaque exemple à chaque réponse acceptée ; au-delà de 20 000 comparaisons (une
    épreuve réelle en demande une centaine), la vérification s'en abstient pour rester rapide et les
    règles KEY-001, KEY-002, KEY-011 et KEY-020 ne sont pas appliquées à cette épreuve.
    """
    from epreuve_tools.answers.from_model import MAX_COMPARISONS, judging_workload

    workload = judging_workload(epreuve)
    if workload > MAX_COMPARISONS:
        yield rule("KEY-003").finding(
            epreuve.source_map.key(("answer",)),
            f"{workload} comparaisons pour juger les exemples (au plus {MAX_COMPARISONS}) : exemples non jugés",
            "gardez quelques réponses acceptées et quelques exemples représentatifs",
        )
