"""Files an épreuve references (illustration, attachments) exist inside the content tree."""

from __future__ import annotations

from collections.abc import Iterator

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.project import Project
from epreuve_tools.registry import project_rule


@project_rule("SEM-015", "path-outside-content", Severity.ERROR, reads=("references",))
def path_outside_content(project: Project) -> Iterator[tuple[str, Problem]]:
    """Un fichier cité sort de l'arbre de contenu (chemin absolu, `../` en trop, adresse web).

    Pourquoi : la publication n'embarque que l'arbre de contenu ; un fichier hors de l'arbre serait
    absent chez l'apprenant, et un chemin qui en sort n'est jamais lu, par sécurité.

    Mauvais :
        illustration:
          src: /home/agent/Images/schema.png
          alt: "Schéma du réseau du service"
    Bon :
        illustration:
          src: images/schema.png
          alt: "Schéma du réseau du service"
    """
    for path, facts in project.epreuves.items():
        for src, span in facts.reference_spans():
            if project.resolve(path, src) is None:
                yield (
                    path,
                    Problem(
                        span,
                        f"« {src} » sort de l'arbre de contenu « {project.content_root} »",
                        "placez le fichier dans l'arbre de contenu et donnez un chemin relatif à l'épreuve",
                    ),
                )


@project_rule("SEM-014", "missing-file", Severity.ERROR, reads=("references",))
def missing_file(project: Project) -> Iterator[tuple[str, Problem]]:
    """Un fichier cité (illustration, pièce jointe) n'existe pas.

    Pourquoi : l'apprenant verrait une image cassée ou un lien mort. Le chemin est relatif au fichier
    de l'épreuve : `images/schema.png` désigne le dossier `images` à côté de l'épreuve ; le nom est
    comparé à l'identique, majuscules et extension comprises.

    Mauvais : `src: images/Schema.PNG` quand le fichier s'appelle `images/schema.png`.
    Bon : `src: images/schema.png`.
    """
    for path, facts in project.epreuves.items():
        for src, span in facts.reference_spans():
            target = project.resolve(path, src)
            if target is not None and target not in project.files:
                yield (
                    path,
                    Problem(
                        span,
                        f"fichier « {src} » introuvable (cherché en {target})",
                        "vérifiez le nom (majuscules comprises) et l'emplacement du fichier",
                    ),
                )
