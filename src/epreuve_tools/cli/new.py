"""`epreuve new TYPE FILE`: write a valid skeleton, never over an existing file."""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from typing import Any

from epreuve_tools.errors import UsageError

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
            "Écrit un squelette valide du type demandé, à compléter. L'id est le nom du fichier ;\n"
            "sans --competence/--tube, le premier tube du référentiel trouvé est proposé."
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


def _default_location(target: Path) -> tuple[str, str]:
    from epreuve_tools.analysis import analyse_yaml
    from epreuve_tools.model import build_referentiel

    for folder in target.absolute().parents:
        candidate = folder / REFERENTIEL
        if candidate.is_file():
            loaded = analyse_yaml(candidate.read_bytes(), "referentiel")
            if loaded.source_map is not None:
                referentiel = build_referentiel(str(candidate), loaded.data, loaded.source_map)
                for tube in referentiel.tubes.values():
                    if tube.competence:
                        return tube.competence, tube.name
            break
    return "1.1", "@aRenseigner"


def write_new_file(target: Path, text: str) -> None:
    """Create `target` with `text`, atomically, failing if it already exists."""
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".epreuve-new-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.link(temporary, target)  # fails if the target exists: never overwrite an author's file
    except FileExistsError:
        raise UsageError(
            f"{target} existe déjà", hint="choisissez un autre nom : `epreuve new` n'écrase jamais un fichier"
        ) from None
    finally:
        os.unlink(temporary)


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
    competence, tube = _default_location(target)
    text = skeleton(
        EpreuveType(arguments.type),
        epreuve_id=epreuve_id,
        competence=arguments.competence or competence,
        tube=arguments.tube or tube,
        level=arguments.level,
    )
    write_new_file(target, text)
    print(f"{target} créé ({arguments.type}, {arguments.competence or competence} {arguments.tube or tube}).")
    print(f"Complétez-le, puis vérifiez-le : epreuve check {target}")
    return 0
