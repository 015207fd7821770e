"""Answer keys of QROC and QROCM against the blanks of the propositions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity, plural
from epreuve_tools.kinds import EpreuveType, answer_text
from epreuve_tools.registry import document_rule

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve


@document_rule("SEM-010", "qroc-blank-count", Severity.ERROR)
def qroc_blank_count(epreuve: Epreuve) -> Iterator[Problem]:
    """Une QROC doit avoir exactement un champ `${…}` dans ses propositions.

    Pourquoi : la clé d'une QROC est une seule liste de réponses, pour un seul champ ; pour plusieurs
    champs, utilisez `qrocm-ind` (réponses indépendantes) ou `qrocm-dep` (réponses interchangeables).

    Mauvais (`type: qroc`) :
        ::: propositions
        Ville : ${ville} ; code postal : ${code}
        :::
    Bon (`type: qroc`) :
        ::: propositions
        Ville : ${ville}
        :::
    """
    container = epreuve.body.containers.get("propositions")
    if epreuve.type is not EpreuveType.QROC or container is None:
        return
    count = len(epreuve.blanks)
    if count == 1:
        return
    if count == 0:
        message, hint = "une QROC n'a aucun champ à remplir", "ajoutez un champ, par exemple ${reponse}"
        span = container.span
    else:
        message = f"une QROC a un seul champ, celle-ci en a {count}"
        hint = "gardez un champ, ou passez en `type: qrocm-ind` / `qrocm-dep`"
        span = epreuve.blanks[1].span
    yield Problem(span, message, hint)


@document_rule("SEM-011", "qrocm-ind-keys-mismatch", Severity.ERROR)
def qrocm_ind_keys_mismatch(epreuve: Epreuve) -> Iterator[Problem]:
    """Les clés de `answer` d'une QROCM-ind doivent être exactement les clés des champs.

    Pourquoi : chaque champ `${ville}` a sa liste de réponses sous `answer.ville` ; une clé sans champ
    ne serait jamais demandée, un champ sans clé ne pourrait jamais être juste. Les clés sont comparées
    à l'identique, majuscules comprises.

    Mauvais : les champs `${ville}` et `${code}` avec
        answer:
          ville: [Paris]
          Code: ["75001"]
    Bon :
        answer:
          ville: [Paris]
          code: ["75001"]
    """
    if epreuve.type is not EpreuveType.QROCM_IND or not isinstance(epreuve.answer, dict):
        return
    blank_keys = [blank.key for blank in epreuve.blanks]
    for key in epreuve.answer:
        if key not in blank_keys:
            yield Problem(
                epreuve.source_map.key(("answer", key)),
                f"la clé de réponse « {key} » ne correspond à aucun champ",
                "champs des propositions : " + (", ".join(blank_keys) or "aucun"),
            )
    for blank in epreuve.blanks:
        if blank.key not in epreuve.answer and not blank.malformed:
            yield Problem(
                blank.span,
                f"le champ « {blank.key} » n'a pas de réponse dans `answer`",
                f"ajoutez `{blank.key}:` et la liste de ses réponses acceptées sous `answer`",
            )


@document_rule("SEM-012", "qrocm-dep-too-few-groups", Severity.ERROR)
def qrocm_dep_too_few_groups(epreuve: Epreuve) -> Iterator[Problem]:
    """Une QROCM-dep doit avoir au moins autant de groupes de réponses que de champs.

    Pourquoi : chaque champ doit correspondre à un groupe différent ; avec moins de groupes que de
    champs, aucune réponse ne peut être juste. Il peut y avoir plus de groupes (« citez deux des
    trois… »).

    Mauvais : les champs `${nav1}` et `${nav2}` avec
        answer:
          groupe1: [Firefox, Chrome, Edge]
    Bon :
        answer:
          groupe1: [Firefox]
          groupe2: [Chrome]
          groupe3: [Edge]
    """
    if epreuve.type is not EpreuveType.QROCM_DEP or not isinstance(epreuve.answer, dict):
        return
    groups, blanks = len(epreuve.answer), len(epreuve.blanks)
    if blanks and groups < blanks:
        yield Problem(
            epreuve.source_map.key(("answer",)),
            f"{plural(groups, 'groupe de réponses', 'groupes de réponses')} pour {plural(blanks, 'champ')} : "
            "l'épreuve ne peut pas être réussie",
            "ajoutez un groupe de réponses par champ au moins",
        )


@document_rule("SEM-013", "select-answer-not-an-option", Severity.ERROR)
def select_answer_not_an_option(epreuve: Epreuve) -> Iterator[Problem]:
    """Une réponse acceptée d'un menu déroulant ne figure pas parmi ses options.

    Pourquoi : Pix compare le choix de l'apprenant à la clé sans aucune tolérance : une réponse hors
    des options ne peut jamais être choisie, à un accent ou une majuscule près.

    Mauvais : le champ `${format options=["PDF", "ODT", "DOCX"]}` avec `answer: ["pdf"]`.
    Bon : le même champ avec `answer: ["PDF"]`.
    """
    if epreuve.type not in (EpreuveType.QROC, EpreuveType.QROCM_IND):
        return
    for path, blank_key, accepted in _accepted_by_blank(epreuve):
        blank = epreuve.blank(blank_key)
        if blank is None or blank.options is None:
            continue
        for index, value in enumerate(accepted):
            text = answer_text(value, epreuve.source_map.raw.get((*path, index)))
            if text is not None and text not in blank.options:
                yield Problem(
                    epreuve.source_map.value((*path, index)),
                    f"« {text} » n'est pas une option du menu « {blank_key} »",
                    "options : " + ", ".join(f"« {option} »" for option in blank.options),
                )


def _accepted_by_blank(epreuve: Epreuve) -> Iterator[tuple[tuple[str, ...], str, list[object]]]:
    answer = epreuve.answer
    if epreuve.type is EpreuveType.QROC and isinstance(answer, list) and len(epreuve.blanks) == 1:
        yield ("answer",), epreuve.blanks[0].key, answer
    elif isinstance(answer, dict):
        for key, accepted in answer.items():
            if isinstance(accepted, list):
                yield ("answer", key), key, accepted
