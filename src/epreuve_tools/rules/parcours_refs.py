"""Parcours point at épreuves that exist."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.project import Project
from epreuve_tools.registry import project_rule
from epreuve_tools.rules.identity import some_paths


@project_rule(
    "SEM-016",
    "unknown-parcours-epreuve",
    Severity.ERROR,
    follows_epreuves=True,
    reads=("id", "status", "competence", "tube", "level"),
)
def unknown_parcours_epreuve(project: Project) -> Iterator[tuple[str, Problem]]:
    """Un parcours cite un id d'épreuve qui n'existe pas dans l'arbre de contenu.

    Pourquoi : la publication du parcours échouerait, ou l'épreuve y manquerait. Le diagnostic apparaît
    aussi quand seule l'épreuve est vérifiée : renommer son `id` casse les parcours qui la citent.

    Mauvais :
        epreuves:
          - mot-de-pase-long
    Bon :
        epreuves:
          - mot-de-passe-long
    """
    known = {facts.id for facts in project.epreuves.values() if facts.id}
    for parcours in project.parcours:
        for item in parcours.items:
            if item.epreuve_id is not None and item.epreuve_id not in known:
                yield (
                    parcours.path,
                    Problem(
                        parcours.source_map.value(item.json_path),
                        f"épreuve « {item.epreuve_id} » introuvable",
                        "vérifiez l'id dans l'en-tête de l'épreuve (`id:`)",
                    ),
                )


@project_rule(
    "SEM-018", "duplicate-parcours-id", Severity.ERROR, reads=("id", "status", "competence", "tube", "level")
)
def duplicate_parcours_id(project: Project) -> Iterator[tuple[str, Problem]]:
    """Deux parcours portent le même `id`.

    Pourquoi : leurs publications se remplaceraient l'une l'autre.

    Mauvais : `id: tableur` dans `parcours/tableur.yaml` et dans `parcours/tableur-avance.yaml`.
    Bon : `id: tableur` et `id: tableur-avance`, un identifiant par parcours.
    """
    by_id: dict[str, list[str]] = defaultdict(list)
    for parcours in project.parcours:
        if parcours.id is not None:
            by_id[parcours.id].append(parcours.path)
    for parcours in project.parcours:
        if parcours.id is not None and len(by_id[parcours.id]) > 1:
            others = some_paths([path for path in by_id[parcours.id] if path != parcours.path])
            yield (
                parcours.path,
                Problem(
                    parcours.source_map.value(("id",)),
                    f"id de parcours « {parcours.id} » déjà utilisé par {others}",
                ),
            )


@project_rule(
    "SEM-019",
    "empty-parcours-selector",
    Severity.WARNING,
    follows_epreuves=True,
    reads=("id", "status", "competence", "tube", "level"),
)
def empty_parcours_selector(project: Project) -> Iterator[tuple[str, Problem]]:
    """Un sélecteur de parcours (`{competence, tube, levels}`) ne retient aucune épreuve validée.

    Pourquoi : les sélecteurs sont résolus à la publication, sur les seules épreuves au statut
    `validé` ; un sélecteur vide n'ajoute rien au parcours, le plus souvent par erreur (niveau
    absent, épreuves encore au statut `proposé`).

    Mauvais : quand aucune épreuve validée de `@motDePasse` n'est de niveau 7 :
        epreuves:
          - competence: "4.1"
            tube: "@motDePasse"
            levels: [7]
    Bon : quand des épreuves de niveau 1 ou 2 de ce tube sont validées :
        epreuves:
          - competence: "4.1"
            tube: "@motDePasse"
            levels: [1, 2]
    """
    for parcours in project.parcours:
        for item in parcours.items:
            if item.competence is None:
                continue
            matches = [
                facts
                for facts in project.epreuves.values()
                if facts.status == "validé"
                and facts.competence == item.competence
                and (item.tube is None or facts.tube == item.tube)
                and (not item.levels or facts.level in item.levels)
            ]
            if not matches:
                yield (
                    parcours.path,
                    Problem(
                        parcours.source_map.value(item.json_path),
                        "ce sélecteur ne retient aucune épreuve validée",
                        "élargissez la compétence, le tube ou les niveaux, ou validez des épreuves",
                    ),
                )
