"""The near-miss probe as an info-level report in `check` (opt-in: `--select KEY-020`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity, plural, quoted
from epreuve_tools.registry import document_rule

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve


@document_rule("KEY-020", "near-miss-probe", Severity.INFO, opt_in=True)
def near_miss_probe(epreuve: Epreuve) -> Iterator[Problem]:
    """Variantes courantes d'une réponse acceptée que la clé refuse (sondage, sur demande).

    Pour chaque réponse acceptée d'une QROC ou QROCM, les fautes et graphies que tapent les apprenants
    (casse, accents, espaces, ponctuation, une ou deux lettres, lettres inversées, virgule ou point
    décimal, séparateur de milliers, apostrophe typographique, guillemets, singulier ou pluriel) sont
    jugées avec la clé ; celles qu'elle refuse sont listées. À activer par `--select KEY-020` ; le détail
    est donné par `epreuve answer FICHIER --probe`.

    Pourquoi : les exemples ne couvrent que ce que l'auteur a pensé à écrire ; le sondage montre les
    réponses justes, à une faute près, que la clé compterait fausses, pour les accepter ou les refuser
    en connaissance de cause.

    Mauvais (une QROC, sans T3) : « mot de pass » ou « mots de passe » seraient refusés.
        tolerances: [t1, t2]
        answer: ["mot de passe"]
    Bon : les tolérances par défaut (T3 comprise), qui acceptent ces fautes de frappe :
        answer: ["mot de passe"]
    """
    from epreuve_tools.answers.from_model import MAX_COMPARISONS, accepted_count, answer_key
    from epreuve_tools.answers.probe import probe
    from epreuve_tools.rules.answer_hazards import accepted_answers

    # about 20 variants per accepted answer, each judged against every accepted answer
    key = None if 20 * accepted_count(epreuve) ** 2 > MAX_COMPARISONS else answer_key(epreuve)
    if key is None or key.kind in ("qcu", "qcm"):
        return
    rows = probe(key, tuple(blank.key for blank in epreuve.blanks))
    for accepted in accepted_answers(epreuve):
        refused = [
            row for row in rows if row.accepted == accepted.text and row.field in (None, accepted.group)
        ]
        misses = [row for row in refused if row.status == "ko"]
        if misses:
            listed = " ; ".join(f"{row.slip} {quoted(row.response)}" for row in misses[:6])
            more = f" et {plural(len(misses) - 6, 'autre')}" if len(misses) > 6 else ""
            refused_word = "refusée" if len(misses) < 2 else "refusées"
            yield Problem(
                epreuve.source_map.value(accepted.path),
                f"{plural(len(misses), 'variante')} sur {len(refused)} de {quoted(accepted.text)} {refused_word} : "
                f"{listed}{more}",
                "ajoutez des réponses acceptées ou des exemples refusés, ou ajustez les tolérances",
            )
