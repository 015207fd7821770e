"""`epreuve bundle verify`: verify parcours of a release as a runtime does, and install them;
`epreuve bundle inspect`: show what one bundle file holds (its archive and content rules checked,
its signature not: that is `verify`'s job, from a release and a trusted root)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epreuve_tools.errors import UsageError

if TYPE_CHECKING:  # the CLI imports the release code only when the command runs
    from epreuve_tools.release.verify import VerifiedBundle


def register(commands: Any) -> None:
    from epreuve_tools.cli.parser import FrenchParser

    parser = commands.add_parser("bundle", help="vérifier un paquet de parcours publié")
    actions = parser.add_subparsers(title="actions", metavar="ACTION", parser_class=FrenchParser)
    actions.required = True
    verify = actions.add_parser(
        "verify",
        help="vérifier des parcours d'une publication et les installer",
        description=(
            "Vérifie le parcours ID de la publication DOSSIER comme le fait le moteur : client TUF\n"
            "(python-tuf ngclient) depuis la racine de confiance ROOT_JSON, puis les règles d'archive\n"
            "et de contenu, puis installation atomique dans --dest. --state garde les métadonnées de\n"
            "confiance et les versions installées ; rien n'y est écrit si un paquet est refusé.\n"
            "--parcours se répète : les parcours sont vérifiés avec une seule lecture des métadonnées,\n"
            "tous avant d'en installer un ; un seul refus et rien n'est installé.\n"
            "Code de sortie : 0 installé ou déjà à jour, 1 refusé (code BUNDLE-0xx stable), 2 usage."
        ),
    )
    verify.add_argument(
        "--repo", required=True, metavar="DOSSIER_OU_URL", help="la publication : dossier local ou https://…"
    )
    verify.add_argument("--root", required=True, metavar="ROOT_JSON", help="racine de confiance livrée")
    verify.add_argument("--state", required=True, metavar="DOSSIER", help="état de confiance du moteur")
    verify.add_argument(
        "--parcours", required=True, action="append", metavar="ID", help="id du parcours (se répète)"
    )
    verify.add_argument("--dest", metavar="DOSSIER", help="où installer les parcours (DOSSIER/ID)")
    verify.add_argument("--format", choices=("text", "json"), default="text", help="format du résultat")
    verify.set_defaults(handler=run_verify)
    inspect = actions.add_parser(
        "inspect",
        help="montrer ce que contient un paquet (.zip)",
        description=(
            "Lit un paquet de parcours (un .zip de targets/parcours/) sans rien écrire : règles\n"
            "d'archive, bundle.json, schémas des fichiers, puis son contenu. La signature n'est PAS\n"
            "vérifiée ici : seul epreuve bundle verify, depuis la publication et sa racine, le fait.\n"
            "Code de sortie : 0 lisible, 1 refusé (code BUNDLE-0xx), 2 usage."
        ),
    )
    inspect.add_argument("path", metavar="PAQUET", help="le fichier .zip")
    inspect.add_argument("--format", choices=("text", "json"), default="text", help="format du résultat")
    inspect.set_defaults(handler=run_inspect)


def run_verify(arguments: argparse.Namespace) -> int:
    import time

    from epreuve_tools.bundle.errors import BundleError
    from epreuve_tools.release.verify import verify_bundles

    started = time.perf_counter()
    wanted: list[str] = arguments.parcours
    try:
        root = Path(arguments.root).read_bytes()
    except OSError as error:
        raise UsageError(f"racine de confiance illisible : {arguments.root} ({error.strerror})") from None
    try:
        bundles = verify_bundles(
            repo=arguments.repo,
            root=root,
            state=Path(arguments.state),
            parcours=wanted,
            dest=Path(arguments.dest) if arguments.dest else None,
        )
    except BundleError as error:
        if arguments.format == "json":
            document = {
                "status": "refused",
                # one id as before; the list when several were asked (nothing of them is installed)
                "parcours": wanted[0] if len(wanted) == 1 else wanted,
                "code": error.code,
                "message": error.message,
            }
            print(json.dumps(document, ensure_ascii=False))
        else:
            print(f"epreuve : paquet refusé : {error.render()}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    for bundle in bundles:  # JSON: one object per line, in the order asked
        if arguments.format == "json":
            print(json.dumps(_verified_document(bundle), ensure_ascii=False))
        else:
            print(_verified_sentence(bundle, elapsed if len(bundles) == 1 else None))
    if arguments.format == "text" and len(bundles) > 1:
        print(f"{len(bundles)} parcours vérifiés en {elapsed:.2f} s")
    return 0


def _verified_document(bundle: VerifiedBundle) -> dict[str, Any]:
    return {
        "status": bundle.status,
        "parcours": bundle.parcours,
        "version": bundle.version,
        "sha256": bundle.sha256,
        "path": str(bundle.path) if bundle.path else None,
        "epreuves": len(bundle.records),
    }


_SAID = {
    "installed": "installé",
    "current": "déjà à jour",
    "verified": "vérifié (rien installé sans --dest)",
}


def _verified_sentence(bundle: VerifiedBundle, elapsed: float | None) -> str:
    where = f" dans {bundle.path}" if bundle.path else ""
    timing = f", {elapsed:.2f} s" if elapsed is not None else ""
    return (
        f"{bundle.parcours} version {bundle.version} : {_SAID[bundle.status]}{where} "
        f"({len(bundle.records)} épreuves{timing})"
    )


MAX_INSPECT_BYTES = 512 * 1024 * 1024


def run_inspect(arguments: argparse.Namespace) -> int:
    from epreuve_tools.bundle.errors import BundleError
    from epreuve_tools.release.verify import check_bundle

    path = Path(arguments.path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_INSPECT_BYTES + 1)
    except OSError as error:
        raise UsageError(f"paquet illisible : {path} ({error.strerror})") from None
    try:
        manifest = _peek_manifest(data)
        parcours, version = str(manifest.get("parcours", "")), manifest.get("version")
        _, entries = check_bundle(data, parcours, version if isinstance(version, int) else -1)
    except BundleError as error:
        if arguments.format == "json":
            print(
                json.dumps(
                    {"status": "refused", "code": error.code, "message": error.message}, ensure_ascii=False
                )
            )
        else:
            print(f"epreuve : paquet refusé : {error.render()}", file=sys.stderr)
        return 1
    summary = _summary(manifest, entries)
    if arguments.format == "json":
        print(json.dumps({"status": "readable", **summary}, ensure_ascii=False, indent=2))
        return 0
    print(
        f"{path} : parcours {summary['parcours']} version {summary['version']} « {summary['title']} »\n"
        f"  {len(summary['epreuves'])} épreuves, {len(summary['assets'])} fichiers joints, "
        f"{summary['bytes']} octets ; signature non vérifiée (epreuve bundle verify)"
    )
    for record in summary["epreuves"]:
        print(f"  {record['id']:<48} {record['type']:<10} {record['skill']}")
    return 0


def _peek_manifest(data: bytes) -> dict[str, Any]:
    """bundle.json, read through the archive rules, to learn which parcours and version to check."""
    from epreuve_tools.bundle import errors as codes
    from epreuve_tools.bundle.archive import read_archive
    from epreuve_tools.bundle.errors import BundleError

    entries = read_archive(data)
    try:
        manifest = json.loads(entries["bundle.json"].decode("utf-8"))
    except (KeyError, UnicodeDecodeError, ValueError):
        raise BundleError(codes.MANIFEST_MISMATCH, "bundle.json absent ou illisible") from None
    if not isinstance(manifest, dict):
        raise BundleError(codes.MANIFEST_MISMATCH, "bundle.json n'est pas un objet JSON")
    return manifest


def _summary(manifest: dict[str, Any], entries: dict[str, bytes]) -> dict[str, Any]:
    records = []
    for epreuve_id in manifest["epreuves"]:
        record = json.loads(entries[f"epreuves/{epreuve_id}.json"])
        records.append({"id": epreuve_id, "type": record["type"], "skill": record.get("skillId", "")})
    return {
        "parcours": manifest["parcours"],
        "version": manifest["version"],
        "title": manifest["title"],
        "epreuves": records,
        "assets": sorted(name for name in entries if name.startswith("assets/")),
        "bytes": sum(len(data) for data in entries.values()),
    }
