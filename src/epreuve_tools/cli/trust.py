"""`epreuve trust init | add-key | revoke | sign | status | publish`: root changes, signed by several people."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DEFAULT_TRUST = Path("trust")


def register(commands: Any) -> None:
    from epreuve_tools.cli.parser import FrenchParser

    parser = commands.add_parser(
        "trust",
        help="préparer, signer et publier la racine de confiance (clés et seuils)",
        description=(
            "La racine de confiance dit quelles clés signent quoi. Elle se change en trois temps :\n"
            "  1. init (la première) ou add-key / revoke (un changement) écrit trust/pending.root.json ;\n"
            "  2. chaque détenteur d'une clé root lance sign avec SA clé, sur SA machine, et commite ;\n"
            "  3. publish la publie quand les seuils sont atteints (nouvelles ET anciennes clés root).\n"
            "Rôles : root (hors ligne, plusieurs personnes), targets (la CI qui publie), online\n"
            "(snapshot et timestamp : la CI, aussi pour epreuve release refresh)."
        ),
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", parser_class=FrenchParser)
    actions.required = True

    def with_dir(action: argparse.ArgumentParser) -> argparse.ArgumentParser:
        action.add_argument(
            "--dir",
            default=str(DEFAULT_TRUST),
            metavar="DOSSIER",
            help="dossier de confiance (défaut : trust/)",
        )
        return action

    init = with_dir(actions.add_parser("init", help="préparer la première racine"))
    init.add_argument(
        "--root-key", action="append", required=True, metavar="PUB", help="clé publique root (répétable)"
    )
    init.add_argument("--root-threshold", type=int, default=1, metavar="N", help="signatures root requises")
    init.add_argument(
        "--targets-key", action="append", required=True, metavar="PUB", help="clé publique targets"
    )
    init.add_argument("--targets-threshold", type=int, default=1, metavar="N")
    init.add_argument(
        "--online-key", action="append", required=True, metavar="PUB", help="clé publique online"
    )
    init.add_argument("--online-threshold", type=int, default=1, metavar="N")
    init.set_defaults(handler=run_init)

    add = with_dir(actions.add_parser("add-key", help="ajouter une clé à un rôle (nouvelle racine)"))
    add.add_argument("--role", required=True, choices=("root", "targets", "online"))
    add.add_argument("--key", required=True, metavar="PUB", help="la clé publique (.pub)")
    add.add_argument("--threshold", type=int, metavar="N", help="nouveau seuil du rôle")
    add.set_defaults(handler=run_add)

    revoke = with_dir(actions.add_parser("revoke", help="retirer une clé d'un rôle (nouvelle racine)"))
    revoke.add_argument("--role", required=True, choices=("root", "targets", "online"))
    revoke.add_argument(
        "--keyid", required=True, metavar="ID", help="identifiant (ou son début, 8 signes au moins)"
    )
    revoke.add_argument("--threshold", type=int, metavar="N", help="nouveau seuil du rôle")
    revoke.set_defaults(handler=run_revoke)

    sign = with_dir(actions.add_parser("sign", help="signer la racine en attente avec votre clé root"))
    sign.add_argument("--key", required=True, metavar="PEM", help="votre clé privée (.pem)")
    sign.set_defaults(handler=run_sign)

    status = with_dir(actions.add_parser("status", help="qui a signé la racine en attente"))
    status.set_defaults(handler=run_status)

    team = with_dir(
        actions.add_parser(
            "add-team",
            help="déléguer les parcours NOM-… à une équipe et à ses clés",
            description=(
                "Écrit trust/teams/NOM.json : les clés publiques de l'équipe et son seuil. À la\n"
                "publication suivante, le rôle targets délègue parcours/NOM-* à l'équipe, qui signe\n"
                "ses parcours avec sa clé (--team-key NOM=FICHIER ou EPREUVE_TEAM_KEY_NOM)."
            ),
        )
    )
    team.add_argument("name", metavar="NOM", help="nom de l'équipe (lettres minuscules et chiffres)")
    team.add_argument("--key", action="append", required=True, metavar="PUB", help="clé publique (répétable)")
    team.add_argument("--threshold", type=int, default=1, metavar="N", help="signatures requises")
    team.set_defaults(handler=run_add_team)
    no_team = with_dir(actions.add_parser("remove-team", help="retirer la délégation d'une équipe"))
    no_team.add_argument("name", metavar="NOM")
    no_team.set_defaults(handler=run_remove_team)

    publish = with_dir(actions.add_parser("publish", help="publier la racine signée dans une publication"))
    publish.add_argument("--release", required=True, metavar="DOSSIER", help="la publication (metadata/)")
    publish.set_defaults(handler=run_publish)


def _keys(paths: list[str]) -> tuple[Any, ...]:
    from epreuve_tools.release.keys import load_public_key

    return tuple(load_public_key(Path(path)) for path in paths)


def _say_pending(folder: Path) -> None:
    from epreuve_tools.release.trust import describe, signing_status

    status = signing_status(folder)
    print(f"racine version {status.version} en attente dans {folder / 'pending.root.json'}")
    print(f"  {describe(status)}")


def run_init(arguments: argparse.Namespace) -> int:
    from epreuve_tools.release.trust import RoleKeys, init_root

    folder = Path(arguments.dir)
    roles = [
        RoleKeys("root", _keys(arguments.root_key), arguments.root_threshold),
        RoleKeys("targets", _keys(arguments.targets_key), arguments.targets_threshold),
        RoleKeys("online", _keys(arguments.online_key), arguments.online_threshold),
    ]
    init_root(folder, roles, now=datetime.now(UTC))
    _say_pending(folder)
    return 0


def _threshold(arguments: argparse.Namespace) -> dict[str, int]:
    return {arguments.role: arguments.threshold} if arguments.threshold is not None else {}


def run_add(arguments: argparse.Namespace) -> int:
    from epreuve_tools.release.trust import change_root

    folder = Path(arguments.dir)
    key = _keys([arguments.key])[0]
    change_root(folder, add=[(arguments.role, key)], thresholds=_threshold(arguments), now=datetime.now(UTC))
    _say_pending(folder)
    return 0


def run_revoke(arguments: argparse.Namespace) -> int:
    from epreuve_tools.release.trust import TrustProblem, change_root

    if len(arguments.keyid) < 8:
        raise TrustProblem("donnez au moins 8 signes de l'identifiant de la clé à retirer")
    folder = Path(arguments.dir)
    change_root(
        folder,
        revoke=[(arguments.role, arguments.keyid.lower())],
        thresholds=_threshold(arguments),
        now=datetime.now(UTC),
    )
    _say_pending(folder)
    return 0


def run_sign(arguments: argparse.Namespace) -> int:
    from epreuve_tools.release.keys import load_signer
    from epreuve_tools.release.trust import describe, sign_pending

    folder = Path(arguments.dir)
    signer = load_signer(Path(arguments.key), purpose="clé root")
    status = sign_pending(folder, signer)
    print(f"signé par la clé {signer.public_key.keyid[:16]}… ; {describe(status)}")
    if status.complete:
        print("  seuils atteints : epreuve trust publish --release DOSSIER")
    return 0


def run_status(arguments: argparse.Namespace) -> int:
    from epreuve_tools.release.trust import latest_root, published_roots

    folder = Path(arguments.dir)
    latest = latest_root(folder)
    if latest is not None:
        root = latest.signed
        print(f"racine publiée : version {len(published_roots(folder))}, expire le {root.expires:%Y-%m-%d}")
        for role in ("root", "targets", "snapshot", "timestamp"):
            keyids = ", ".join(k[:16] + "…" for k in root.roles[role].keyids)
            print(f"  {role} (seuil {root.roles[role].threshold}) : {keyids}")
    if (folder / "pending.root.json").exists():
        _say_pending(folder)
    elif latest is None:
        print(f"aucune racine dans {folder} : epreuve trust init")
    return 0


def run_publish(arguments: argparse.Namespace) -> int:
    from epreuve_tools.release.trust import publish_pending

    folder = Path(arguments.dir)
    version = publish_pending(folder, Path(arguments.release))
    print(f"racine version {version} publiée dans {Path(arguments.release) / 'metadata'}")
    if version == 1:
        print(
            f"  racine de confiance à livrer au moteur : {Path(arguments.release) / 'metadata' / '1.root.json'}"
        )
    return 0


def run_add_team(arguments: argparse.Namespace) -> int:
    from epreuve_tools.release.repository import team_key_variable
    from epreuve_tools.release.trust import add_team

    path = add_team(Path(arguments.dir), arguments.name, _keys(arguments.key), arguments.threshold)
    print(
        f"équipe {arguments.name} : {path} (parcours/{arguments.name}-*, seuil {arguments.threshold})\n"
        f"  commitez ce fichier ; sa clé signera avec --team-key {arguments.name}=FICHIER "
        f"ou {team_key_variable(arguments.name)}"
    )
    return 0


def run_remove_team(arguments: argparse.Namespace) -> int:
    from epreuve_tools.release.trust import remove_team

    remove_team(Path(arguments.dir), arguments.name)
    print(
        f"équipe {arguments.name} retirée : ses parcours reviennent au rôle targets à la publication suivante"
    )
    return 0
