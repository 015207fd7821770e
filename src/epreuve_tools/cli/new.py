"""`epreuve new TYPE FILE`: write a valid skeleton, never over an existing file."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epreuve_tools.errors import UsageError

if TYPE_CHECKING:
    from epreuve_tools.model import Referentiel

REFERENTIEL = "referentiel.yaml"
# the values of model.EpreuveType (a test keeps them equal): every command's parser is built at
# each start, and the model is not needed to list them
TYPES = ("qcu", "qcm", "qroc", "qrocm-ind", "qrocm-dep")

_ID = re.compile(r"^[a-z0-9-]{3,80}$")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "new",
        help="écrire le squelette d'une nouvelle épreuve",
        description=(
            "Écrit un squelette valide du type demandé, à compléter. L'id est le nom du fichier.\n"
            "--tube donne aussi sa compétence, --competence seule prend le premier tube de cette\n"
            "compétence ; sans l'une ni l'autre, le premier tube du référentiel trouvé est proposé."
        ),
    )
    parser.add_argument(
        "type",
        choices=TYPES,
        metavar="TYPE",
        help="qcu, qcm, qroc, qrocm-ind ou qrocm-dep",
    )
    parser.add_argument("file", metavar="FICHIER", help="chemin du fichier .md à créer")
    parser.add_argument("--competence", help='compétence, par exemple "3.1"')
    parser.add_argument("--tube", help='tube, par exemple "@tableurFormules"')
    parser.add_argument(
        "--level",
        type=int,
        default=1,
        choices=range(1, 9),
        metavar="NIVEAU",
        help="niveau de 1 à 8 (défaut : 1)",
    )
    parser.set_defaults(handler=run)


def _find_referentiel(target: Path) -> tuple[Path, Referentiel | None] | None:
    """The référentiel of the tree the new file goes into (None inside when it cannot be read)."""
    from epreuve_tools.analysis import analyse_yaml
    from epreuve_tools.model import build_referentiel

    for folder in target.absolute().parents:
        candidate = folder / REFERENTIEL
        if candidate.is_file():
            try:
                loaded = analyse_yaml(candidate.read_bytes(), "referentiel")
            except OSError:
                return candidate, None
            if loaded.source_map is None:
                return candidate, None
            return candidate, build_referentiel(str(candidate), loaded.data, loaded.source_map)
    return None


def _location(target: Path, competence: str | None, tube: str | None) -> tuple[str, str]:
    """(compétence, tube) for the new épreuve, as given and checked against the référentiel, or
    completed from it: a tube gives its compétence, a compétence its first tube."""
    from epreuve_tools.config import suggestion

    path, referentiel = _find_referentiel(target) or (None, None)
    if referentiel is None:  # nothing to check against: `check` will say so
        return competence or "1.1", tube or "@aRenseigner"
    if tube is not None:
        known = referentiel.tubes.get(tube)
        if known is None:
            raise UsageError(
                f"le référentiel {path} n'a pas de tube « {tube} »{suggestion(tube, referentiel.tubes)}",
                hint="donnez un tube de referentiel.yaml, ou ajoutez-le d'abord au référentiel",
            )
        if competence is not None and known.competence is not None and competence != known.competence:
            raise UsageError(
                f"le tube {tube} appartient à la compétence {known.competence}, pas à {competence}",
                hint=f"donnez --competence {known.competence}, ou seulement --tube",
            )
        return known.competence or competence or "1.1", tube
    if competence is not None:
        if competence not in referentiel.competences:
            raise UsageError(
                f"le référentiel {path} n'a pas de compétence « {competence} »"
                + suggestion(competence, referentiel.competences),
                hint="donnez l'index d'une compétence de referentiel.yaml, par exemple 3.1",
            )
        tubes = [t.name for t in referentiel.tubes.values() if t.competence == competence]
        if not tubes:
            raise UsageError(
                f"la compétence {competence} n'a aucun tube dans le référentiel {path}",
                hint="ajoutez-lui un tube dans referentiel.yaml, ou donnez --tube",
            )
        return competence, tubes[0]
    for known in referentiel.tubes.values():
        if known.competence:
            return known.competence, known.name
    return "1.1", "@aRenseigner"


def write_new_file(target: Path, text: str) -> None:
    """Create `target` with `text`, atomically, failing if it already exists."""
    import tempfile

    from epreuve_tools.oserrors import describe

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".epreuve-new-", suffix=".tmp")
    except OSError as error:
        raise UsageError(
            f"{target} : création impossible : {describe(error)}",
            hint="vérifiez le chemin et vos droits d'écriture dans ce dossier",
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.link(temporary, target)  # fails if the target exists: never overwrite an author's file
    except FileExistsError:
        raise UsageError(
            f"{target} existe déjà", hint="choisissez un autre nom : `epreuve new` n'écrase jamais un fichier"
        ) from None
    except OSError as error:
        raise UsageError(f"{target} : écriture impossible : {describe(error)}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _in_fmt_form(text: str) -> str:
    """The skeleton as `epreuve fmt` writes it. Its templates already are; the compétence and tube
    given on the command line may be quoted otherwise than fmt quotes them."""
    from epreuve_tools.fmt.core import format_text

    formatted = format_text(text)
    return formatted if isinstance(formatted, str) else text  # a finding: `check` will report it


def run(arguments: argparse.Namespace) -> int:
    from epreuve_tools.kinds import EpreuveType
    from epreuve_tools.skeleton import skeleton

    target = Path(arguments.file)
    if target.suffix != ".md":
        raise UsageError(f"{target} : une épreuve est un fichier .md")
    epreuve_id = target.stem
    if not _ID.match(epreuve_id):
        raise UsageError(
            f"« {epreuve_id} » ne peut pas servir d'id",
            hint="nommez le fichier en minuscules sans accent, chiffres et tirets (3 à 80), par exemple tableur-somme.md",
        )
    competence, tube = _location(target, arguments.competence, arguments.tube)
    text = skeleton(
        EpreuveType(arguments.type),
        epreuve_id=epreuve_id,
        competence=competence,
        tube=tube,
        level=arguments.level,
    )
    write_new_file(target, _in_fmt_form(text))
    print(f"{target} créé ({arguments.type}, {competence} {tube}).")
    print(f"Complétez-le, puis vérifiez-le : epreuve check {target}")
    return 0
