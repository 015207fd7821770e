"""Identifiers unique across the content tree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from epreuve_tools.diagnostics import Problem, Severity, plural
from epreuve_tools.project import Project
from epreuve_tools.registry import project_rule


@project_rule("SEM-001", "duplicate-id", Severity.ERROR, reads=("id", "places"))
def duplicate_id(project: Project) -> Iterator[tuple[str, Problem]]:
    """Deux épreuves du même arbre de contenu portent le même `id`.

    Pourquoi : l'identifiant relie l'épreuve à ses parcours, aux réponses des apprenants et aux
    publications ; il est unique et n'est jamais réutilisé, même après archivage. Le diagnostic est
    donné dans chacun des fichiers en cause.

    Mauvais : `id: mot-de-passe-long` dans `epreuves/4-securite/mot-de-passe-long.md` et dans
    `epreuves/4-securite/mot-de-passe-long-v2.md`.
    Bon : la copie renommée, `id: mot-de-passe-long-v2` ; l'identifiant déjà publié ne change pas.
    """
    by_id: dict[str, list[str]] = defaultdict(list)
    for path, facts in project.epreuves.items():
        if facts.id is not None:
            by_id[facts.id].append(path)
    for epreuve_id, paths in by_id.items():
        if len(paths) < 2:
            continue
        for path in paths:
            others = some_paths([other for other in sorted(paths) if other != path])
            yield (
                path,
                Problem(
                    project.epreuves[path].id_span,
                    f"id « {epreuve_id} » déjà utilisé par {others}",
                    "donnez à chaque épreuve un id qui lui est propre",
                ),
            )


def some_paths(paths: list[str], shown: int = 3) -> str:
    """A few paths and how many more: a tree where thousands share an id must not print millions."""
    more = f" et {plural(len(paths) - shown, 'autre')}" if len(paths) > shown else ""
    return ", ".join(paths[:shown]) + more
