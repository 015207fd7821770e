"""Competences and tubes of the épreuves against the référentiel, and the référentiel itself."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from epreuve_tools.diagnostics import Problem, Severity
from epreuve_tools.project import Project
from epreuve_tools.registry import project_rule

if TYPE_CHECKING:
    from epreuve_tools.model import Referentiel


# The schema's patterns: a value that does not even have the form of an index or a tube gets
# SCHEMA-004 alone, which says how to write it (one clear message, not two).
_COMPETENCE_FORM = re.compile(r"[1-9][0-9]*\.[1-9][0-9]*")
_TUBE_FORM = re.compile(r"@[a-z][A-Za-z0-9]*")


def _suggest(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    return f"vouliez-vous dire « {close[0]} » ?" if close else "consultez referentiel.yaml"


@project_rule("SEM-002", "unknown-competence", Severity.ERROR, reads=("competence", "tube", "places"))
def unknown_competence(project: Project) -> Iterator[tuple[str, Problem]]:
    """La compétence de l'épreuve n'existe pas dans le référentiel.

    Pourquoi : l'épreuve ne serait rattachée à aucune compétence du profil de l'apprenant. Seul un
    index bien formé est cherché (un index mal formé est une erreur SCHEMA-004) ; l'aide liste les
    compétences du domaine visé (« 4.9 » : celles du domaine 4).

    Mauvais : `competence: "4.9"` quand referentiel.yaml n'a pas de compétence d'index « 4.9 ».
    Bon : `competence: "4.1"` quand referentiel.yaml définit la compétence d'index « 4.1 ».
    """
    referentiel = project.referentiel
    if referentiel is None:
        return
    for path, facts in project.epreuves.items():
        competence = facts.competence
        if (
            competence is not None
            and _COMPETENCE_FORM.fullmatch(competence)
            and competence not in referentiel.competences
        ):
            yield (
                path,
                Problem(
                    facts.competence_span,
                    f"compétence « {competence} » absente du référentiel",
                    _competence_hint(competence, referentiel),
                ),
            )


def _competence_hint(index: str, referentiel: Referentiel) -> str:
    """The competences of the domain the index names (« 4.9 » → domain 4), so that the author
    picks the right one; the domains themselves when that domain does not exist either."""
    domain_code = index.split(".", 1)[0]
    same_domain = [c for c in referentiel.competences.values() if str(c.domaine) == domain_code]
    close = difflib.get_close_matches(index, sorted(referentiel.competences), n=1, cutoff=0.6)
    guess = f"vouliez-vous dire « {close[0]} » ? " if close and not same_domain else ""
    if same_domain:
        listed = "; ".join(f"{c.index} {c.title}" for c in sorted(same_domain, key=lambda c: c.index))
        return f"compétences du domaine {domain_code} : {listed}"
    domains = "; ".join(
        f"{d.code} {d.title}" for d in sorted(referentiel.domaines.values(), key=lambda d: d.code)
    )
    return f"{guess}le domaine {domain_code} n'existe pas ; domaines du référentiel : {domains}"


@project_rule("SEM-003", "unknown-tube", Severity.ERROR, reads=("competence", "tube", "places"))
def unknown_tube(project: Project) -> Iterator[tuple[str, Problem]]:
    """Le tube (sujet) de l'épreuve n'existe pas dans le référentiel.

    Pourquoi : un acquis est un tube et un niveau (« @tableurFormules3 ») ; un tube que referentiel.yaml
    ne déclare pas donnerait un acquis que Pix ne connaît pas. L'aide propose le tube le plus proche
    (majuscules comprises).

    Mauvais : `tube: "@motdepasse"` quand le référentiel déclare `@motDePasse`.
    Bon : `tube: "@motDePasse"`.
    """
    referentiel = project.referentiel
    if referentiel is None:
        return
    known = sorted(referentiel.tubes)
    for path, facts in project.epreuves.items():
        if (
            facts.tube is not None
            and _TUBE_FORM.fullmatch(facts.tube)
            and facts.tube not in referentiel.tubes
        ):
            yield (
                path,
                Problem(
                    facts.tube_span,
                    f"tube « {facts.tube} » absent du référentiel",
                    _suggest(facts.tube, known),
                ),
            )


@project_rule("SEM-004", "tube-outside-competence", Severity.ERROR, reads=("competence", "tube", "places"))
def tube_outside_competence(project: Project) -> Iterator[tuple[str, Problem]]:
    """Le tube de l'épreuve appartient à une autre compétence que celle déclarée.

    Pourquoi : l'acquis serait rangé sous la mauvaise compétence et fausserait le profil de l'apprenant.

    Mauvais : `competence: "4.1"` avec `tube: "@tableurFormules"`, un tube que le référentiel range
    sous la compétence « 1.3 ».
    Bon : `competence: "1.3"` avec `tube: "@tableurFormules"`.
    """
    referentiel = project.referentiel
    if referentiel is None:
        return
    for path, facts in project.epreuves.items():
        tube = referentiel.tubes.get(facts.tube or "")
        if tube is None or facts.competence is None or facts.competence not in referentiel.competences:
            continue
        if tube.competence != facts.competence:
            yield (
                path,
                Problem(
                    facts.tube_span,
                    f"le tube « {tube.name} » appartient à la compétence {tube.competence}, pas à {facts.competence}",
                    f'corrigez `competence: "{tube.competence}"` ou choisissez un tube de la compétence {facts.competence}',
                ),
            )


@project_rule("SEM-017", "inconsistent-referentiel", Severity.ERROR, reads=("competence", "tube", "places"))
def inconsistent_referentiel(project: Project) -> Iterator[tuple[str, Problem]]:
    """Le référentiel se contredit : entrée en double, rattachement à un domaine ou une compétence inconnus.

    Sont signalés dans referentiel.yaml : un domaine, une compétence ou un tube définis deux fois,
    une compétence rattachée à un domaine qui n'existe pas, un tube rattaché à une compétence qui
    n'existe pas.

    Pourquoi : les épreuves, les parcours et les profils s'appuient sur le référentiel ; une entrée
    en double ou orpheline rendrait ambigu le rangement de chaque acquis.

    Mauvais :
        competences:
          - index: "4.1"
            title: Sécuriser l'environnement numérique
            domaine: 6
    Bon :
        competences:
          - index: "4.1"
            title: Sécuriser l'environnement numérique
            domaine: 4
    """
    referentiel = project.referentiel
    if referentiel is None:
        return
    where = referentiel.source_map
    labels = {"domaine": "domaine", "competence": "compétence", "tube": "tube"}
    for kind, key, json_path in referentiel.duplicates:
        yield (
            referentiel.path,
            Problem(
                where.value(json_path), f"{labels[kind]} « {key} » défini deux fois", "supprimez le doublon"
            ),
        )
    for index, competence in referentiel.competences.items():
        if competence.domaine is not None and competence.domaine not in referentiel.domaines:
            json_path = (*referentiel.locations[("competence", index)], "domaine")
            yield (
                referentiel.path,
                Problem(
                    where.value(json_path),
                    f"la compétence {index} est rattachée au domaine {competence.domaine}, qui n'existe pas",
                    "domaines définis : " + ", ".join(str(code) for code in sorted(referentiel.domaines)),
                ),
            )
    for name, tube in referentiel.tubes.items():
        if tube.competence is not None and tube.competence not in referentiel.competences:
            json_path = (*referentiel.locations[("tube", name)], "competence")
            yield (
                referentiel.path,
                Problem(
                    where.value(json_path),
                    f"le tube {name} est rattaché à la compétence {tube.competence}, qui n'existe pas",
                    _suggest(tube.competence, sorted(referentiel.competences)),
                ),
            )
