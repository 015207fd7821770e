"""ITEM-008: the key repeats a rare word of the stem that no distractor repeats (a « clang »).

Haladyna, Downing & Rodriguez (2002), « A Review of Multiple-Choice Item-Writing Guidelines for
Classroom Assessment », Applied Measurement in Education 15(3), 309-334, guideline 28b (« clang
associations, choices identical to or resembling words in the stem »). Words are compared by their
first letters (« sauvegarde », « sauvegarder »), and only words of seven letters or more that are not
the everyday words of an instruction count as rare.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.registry import document_rule
from epreuve_tools.rules.a11y_french import forms
from epreuve_tools.rules.item_words import choices, instruction_passages

if TYPE_CHECKING:
    from epreuve_tools.model import Epreuve
    from epreuve_tools.rules.a11y_french import Passage

RARE_LENGTH = 7
_STEM_LENGTH = 6
# the words any instruction or proposal uses: they tell nothing about the answer
_COMMON = forms(
    "comment", "laquelle", "lequel", "lesquelles", "lesquels", "quelle", "quelles", "pourquoi",
    "faites", "faire", "devez", "voulez", "pouvez", "souhaitez", "choisissez", "cochez", "indiquez",
    "sélectionnez", "plusieurs", "réponses", "réponse", "proposition", "propositions", "possibles",
    "suivantes", "suivants", "suivante", "suivant", "parmi", "situation", "collègue", "collègues",
    "service", "services", "travail", "agents", "toujours", "jamais", "d'abord", "ensuite", "puisque",
    "lorsque", "pendant", "depuis", "encore", "beaucoup", "quelques", "chaque", "autres", "personne",
    "message", "messages", "document", "documents", "fichier", "fichiers", "administration",
    "commence", "utilisé", "utilisée", "utiliser", "dernier", "dernière", "premier", "première",
    "nouveau", "nouvelle", "demande", "demandez", "recevez", "souhaite", "permet", "permettent",
    # what a stem says of a screen or a file: « le message affiché », « la cellule contient »
    "affiche", "affichent", "affiché", "affichée", "affichés", "affichées", "afficher", "contient",
    "contiennent", "choisir", "choisit",
)  # fmt: skip


def _stem(key: str) -> str:
    return key[:_STEM_LENGTH]


def _rare(key: str) -> bool:
    return len(key) >= RARE_LENGTH and key.isalpha() and key not in _COMMON


def _stems(passages: tuple[Passage, ...] | list[Passage]) -> set[str]:
    return {_stem(w.key) for p in passages for w in p.words if _rare(w.key)}


@document_rule("ITEM-008", "key-repeats-stem-word", Severity.INFO)
def key_repeats_stem_word(epreuve: Epreuve) -> Iterator[Problem]:
    """La bonne réponse reprend un mot rare de la consigne qu'aucune mauvaise réponse ne reprend.

    Pourquoi : l'écho entre la question et une seule proposition (« sauvegarde » dans la consigne
    et dans la bonne réponse) guide l'apprenant vers elle sans qu'il sache pourquoi (Haladyna,
    Downing et Rodriguez, 2002, règle 28b). Sont rares les mots d'au moins sept lettres qui ne sont
    pas les mots courants d'une consigne (« situation », « document », « collègue », ou ce qu'elle
    dit d'un écran : « affiché », « contient »…), comparés par leurs six premières lettres.
    Quand chaque mauvaise réponse reprend elle aussi un mot rare de la consigne, un autre que ceux
    de la bonne (des options que la consigne nomme toutes, comme les lignes d'un tableau), aucun
    écho ne distingue la bonne. Une info : le mot est parfois inévitable ; qu'alors une mauvaise
    réponse vraisemblable le reprenne aussi.

    Mauvais :
        Comment protéger la sauvegarde de vos dossiers ?
        - Chiffrer la sauvegarde
        - Renommer les dossiers
    Bon :
        Comment protéger la sauvegarde de vos dossiers ?
        - Chiffrer la sauvegarde
        - Copier la sauvegarde sur une clé personnelle
    """
    split = choices(epreuve)
    if split is None:
        return
    stem = _stems(instruction_passages(epreuve))
    if not stem:
        return
    right = _stems(split.right)
    echoed = (stem & right) - _stems(split.wrong)
    if not echoed or all((stem & _stems([wrong])) - right for wrong in split.wrong):
        return  # each wrong proposal echoes a stem word of its own (options the stem names): no echo stands out
    for passage in split.right:
        for word in passage.words:
            if _rare(word.key) and _stem(word.key) in echoed:
                yield Problem(
                    passage.span(word.start, word.end),
                    f"la bonne réponse reprend « {word.text} » de la consigne, et aucune mauvaise "
                    "réponse ne le reprend : l'écho la désigne",
                    "reformulez la bonne réponse sans ce mot, ou faites-le reprendre par une mauvaise "
                    "réponse vraisemblable",
                )
                return
