"""Time `release` and `verify` on the generated corpus split into parcours: `python bench/release.py`
(run by `nox -s bench`).

The corpus of `generate.py` (10,000 épreuves by default) is split into one parcours per tube (about
26), which together hold every `validé` épreuve once. Measured in one process, page cache warm, the
content parsed once beforehand (parsing is `check`'s cost, measured by run.py):

- release: `write_release` into a new folder: records, assets, deterministic bundles, signed TUF
  metadata, files written and synced; against the floor of zipping (stored) and hashing the same
  entries in memory (`performance.md` §6: about 0.4 s for 10,000 files). Target: at most 2x.
- verify: every parcours verified and installed into a new state and destination (ngclient, the
  archive and content rules, the install); against the floor of reading and hashing the same
  archives. Target: at most 2x. Measured two ways: `verify_bundles` (the whole release, one refresh
  of the metadata, as a runtime takes a release) and `verify_bundle` once per parcours (as
  `epreuve bundle verify --parcours` does).

Lines « pour information » show what those floors leave out, each measured on the same data: the
records built and serialised (release), the TUF client alone, every JSON file parsed and validated
against its schema, every entry written to a file (verify and install). The issue's targets are
reported as written, against the floors it names.

Each measure shows its median wall time and its least CPU time (this process, user + system). The
verdict is on the medians, as the issue states its targets; the CPU ratio is the steadier one on a
machine that others share (it leaves out waiting for the disk, which only release and install do).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate, kebab

from epreuve_tools.bundle.archive import read_archive
from epreuve_tools.bundle.pack import Content, canonical, load_content, resolve_epreuves
from epreuve_tools.bundle.records import build_record
from epreuve_tools.bundle.schemas import schema_problem
from epreuve_tools.release.keys import dev_signers
from epreuve_tools.release.repository import DEVELOPMENT, ensure_dev_root, target_path, write_release
from epreuve_tools.release.verify import _local_fetcher, verify_bundle, verify_bundles

TARGET_RATIO = 2.0


def split_by_tube(content_root: Path) -> int:
    """Replace the generated parcours by one per tube, selecting all its épreuves; returns their count."""
    import yaml

    tubes: dict[str, str] = {}
    for path in sorted((content_root / "epreuves").rglob("*.md")):
        text = path.read_text("utf-8")
        front = yaml.load(text.split("---\n", 2)[1], Loader=yaml.CSafeLoader)
        tubes.setdefault(str(front["tube"]), str(front["competence"]))
    shutil.rmtree(content_root / "parcours")
    (content_root / "parcours").mkdir()
    for tube, competence in sorted(tubes.items()):
        slug = f"tube-{kebab(tube)}"
        (content_root / "parcours" / f"{slug}.yaml").write_text(
            f"id: {slug}\ntitle: Toutes les épreuves du tube {tube}\n"
            "description: Parcours de mesure, une partition du corpus par tube.\n"
            "version: 1\nlocale: fr-fr\naudience: Agents publics\n"
            f'epreuves:\n  - competence: "{competence}"\n    tube: "{tube}"\n',
            "utf-8",
        )
    return len(tubes)


class Times(list[float]):
    """Wall times of the runs of one measure, with their CPU times (this process, user + system) in
    `cpu`: on a shared machine the least CPU time is the steadier comparison (it leaves out the waits
    for the disk, which only the release and the install have, so it flatters them a little)."""

    def __init__(self, wall: list[float], cpu: list[float]) -> None:
        super().__init__(wall)
        self.cpu = cpu


def combined(*parts: Times) -> Times:
    """A floor made of several measures: their medians (wall) and their least CPU times, added."""
    return Times([sum(statistics.median(part) for part in parts)], [sum(min(part.cpu) for part in parts)])


def timed(action: Callable[[], Any], repeat: int, prepare: Callable[[], None] = lambda: None) -> Times:
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeat):
        prepare()
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return Times(wall, cpu)


def zip_and_hash(bundles: list[dict[str, bytes]]) -> None:
    """The floor of a release: each bundle's entries zipped (stored, fixed fields), every entry and
    every archive hashed, in memory."""
    for entries in bundles:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
            for name in sorted(entries):
                data = entries[name]
                hashlib.sha256(data).hexdigest()
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o100644 << 16
                archive.writestr(info, data)
        hashlib.sha256(buffer.getvalue()).hexdigest()


def hash_archives(paths: list[Path]) -> None:
    """The floor of a verification: read and hash every archive."""
    for path in paths:
        hashlib.sha256(path.read_bytes()).hexdigest()


def hash_and_validate(paths: list[Path], bundles: list[dict[str, bytes]]) -> None:
    """What the content checks of SIGNING.md §4 cannot avoid: the archives and every entry hashed,
    every JSON file parsed and validated against its published schema."""
    hash_archives(paths)
    for entries in bundles:
        for name, data in entries.items():
            hashlib.sha256(data).hexdigest()
            if name.endswith(".json"):
                kind = {"bundle.json": "bundle", "parcours.json": "parcours"}.get(name, "record")
                schema_problem(kind, json.loads(data))


def write_files(bundles: list[dict[str, bytes]], folder: Path) -> None:
    """What an install cannot avoid: every entry written to its own file (folders made once)."""
    shutil.rmtree(folder, ignore_errors=True)
    for number, entries in enumerate(bundles):
        made: set[Path] = set()
        for name, data in entries.items():
            path = folder / str(number) / name
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(data)


def row(
    name: str,
    times: Times,
    floor: Times | None = None,
    *,
    goal: float | None = TARGET_RATIO,
    floor_name: str = "",
) -> dict[str, Any]:
    median = statistics.median(times)
    result: dict[str, Any] = {
        "mesure": name,
        "médiane_s": median,
        "min_s": min(times),
        "cpu_min_s": min(times.cpu),
    }
    if floor is not None:
        ratio = median / statistics.median(floor)
        result["rapport"] = ratio
        result["rapport_cpu"] = min(times.cpu) / min(floor.cpu)
        result["plancher_s"] = statistics.median(floor)
        result["plancher"] = floor_name
        if goal is not None:
            result["objectif"] = f"≤ {goal:g}x {'PASS' if ratio <= goal else 'FAIL'}"
    return result


def measure_release(work: Path, content: Any, repeat: int) -> tuple[Times, Path]:
    signers = dev_signers(work / "keys")
    now = datetime.now(UTC).replace(microsecond=0)
    epoch = int(now.timestamp()) // 86400 * 86400
    out = work / "release"

    def release() -> None:
        ensure_dev_root(out, signers, epoch, DEVELOPMENT)
        write_release(content, out, signers, epoch=epoch, now=now, lifetimes=DEVELOPMENT)

    return timed(release, repeat, lambda: shutil.rmtree(out, ignore_errors=True)), out


def measure_verify(
    work: Path, out: Path, ids: list[str], repeat: int, *, install: bool, together: bool = True
) -> Times:
    root = (out / "metadata" / "1.root.json").read_bytes()

    def fresh_runtime() -> None:
        for folder in ("state", "dest"):
            shutil.rmtree(work / folder, ignore_errors=True)

    def verify() -> None:
        dest = work / "dest" if install else None
        if together:
            verify_bundles(repo=out, root=root, state=work / "state", parcours=ids, dest=dest)
            return
        for parcours in ids:
            verify_bundle(repo=out, root=root, state=work / "state", parcours=parcours, dest=dest)

    return timed(verify, repeat, fresh_runtime)


def measure_tuf_only(work: Path, out: Path, ids: list[str], repeat: int) -> Times:
    """python-tuf's ngclient alone: one refresh, then every target downloaded (length and hash checked)."""
    from tuf.ngclient import Updater

    root = (out / "metadata" / "1.root.json").read_bytes()

    def fresh() -> None:
        shutil.rmtree(work / "tuf", ignore_errors=True)
        (work / "tuf" / "metadata").mkdir(parents=True)

    def client() -> None:
        updater = Updater(
            metadata_dir=str(work / "tuf" / "metadata"),
            metadata_base_url=f"{out.resolve().as_uri()}/metadata/",
            target_base_url=f"{out.resolve().as_uri()}/targets/",
            fetcher=_local_fetcher(out),
            bootstrap=root,
        )
        updater.refresh()
        for parcours in ids:
            info = updater.get_targetinfo(target_path(parcours))
            assert info is not None
            updater.download_target(info, filepath=str(work / "tuf" / f"{parcours}.zip"))

    return timed(client, repeat, fresh)


def build_records(content: Content) -> None:
    """What a release cannot take from the floor's bytes: every record built and serialised."""
    for parcours, _ in content.parcours:
        for epreuve_id in resolve_epreuves(content, parcours):
            epreuve = content.epreuves[epreuve_id][1]
            canonical(build_record(epreuve, {ref.src: "assets/x.bin" for ref in epreuve.references}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="nombre d'épreuves (défaut : 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="exécutions par mesure (défaut : 3)")
    parser.add_argument("--seed", type=int, default=0, help="graine du générateur (défaut : 0)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="travailler dans DIR et l'y laisser")
    parser.add_argument("--json", type=Path, metavar="FILE", help="écrire aussi les résultats en JSON")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-release-"))
    try:
        corpus = work / "corpus"
        if not (corpus / "content").is_dir():
            generate(corpus, args.count, args.seed)
        parcours_count = split_by_tube(corpus / "content")
        start, start_cpu = time.perf_counter(), time.process_time()
        content = load_content(corpus / "content")
        parse_seconds, parse_cpu = time.perf_counter() - start, time.process_time() - start_cpu
        release_times, out = measure_release(work, content, args.repeat)
        archives = sorted((out / "targets" / "parcours").glob("*.zip"))
        bundles = [read_archive(path.read_bytes()) for path in archives]
        ids = [json.loads(b["bundle.json"])["parcours"] for b in bundles]
        packed = sum(len(json.loads(b["bundle.json"])["epreuves"]) for b in bundles)
        zip_floor = timed(lambda: zip_and_hash(bundles), max(args.repeat, 5))
        hash_floor = timed(lambda: hash_archives(archives), max(args.repeat, 5))
        records_times = timed(lambda: build_records(content), args.repeat)
        validate_floor = timed(lambda: hash_and_validate(archives, bundles), args.repeat)
        files_floor = timed(lambda: write_files(bundles, work / "files"), args.repeat)
        install_floor = combined(validate_floor, files_floor)
        together = measure_verify(work, out, ids, args.repeat, install=True)
        rows = [
            row("plancher : zip (stocké) + SHA-256 des mêmes entrées, en mémoire", zip_floor),
            row("release (write_release, dossier neuf)", release_times, zip_floor),
            row(
                "pour information : construire et sérialiser les enregistrements (build_record + JSON canonique)",
                records_times,
                zip_floor,
                goal=None,
                floor_name="zip + SHA-256",
            ),
            row(
                "pour information : release (write_release, dossier neuf)",
                release_times,
                combined(zip_floor, records_times),
                goal=None,
                floor_name="zip + SHA-256 + enregistrements construits et sérialisés",
            ),
            row("plancher : lecture + SHA-256 des paquets", hash_floor),
            row("verify + installation, toute la publication (verify_bundles)", together, hash_floor),
            row(
                "verify + installation, un appel par parcours (verify_bundle)",
                measure_verify(work, out, ids, args.repeat, install=True, together=False),
                hash_floor,
            ),
            row(
                "pour information : vérification TUF seule (ngclient : rafraîchissement + téléchargements)",
                measure_tuf_only(work, out, ids, args.repeat),
                hash_floor,
                goal=None,
                floor_name="lecture + SHA-256 des paquets",
            ),
            row(
                "pour information : verify sans installation (verify_bundles, sans --dest)",
                measure_verify(work, out, ids, args.repeat, install=False),
                validate_floor,
                goal=None,
                floor_name="hachage + JSON + schémas",
            ),
            row(
                "pour information : écrire les mêmes entrées en fichiers (le coût du système de fichiers)",
                files_floor,
            ),
            row(
                "pour information : verify + installation (verify_bundles)",
                together,
                install_floor,
                goal=None,
                floor_name="hachage + JSON + schémas + écriture des fichiers",
            ),
        ]
        summary = (
            f"{args.count} épreuves générées, {len(content.epreuves)} lues en {parse_seconds:.1f} s "
            f"({parse_cpu:.1f} s de CPU ; hors mesure) ; {parcours_count} parcours (un par tube), {packed} épreuves validées publiées ; "
            f"{sum(len(b) for b in bundles)} entrées, {sum(p.stat().st_size for p in archives) / 1e6:.1f} Mo "
            "de paquets"
        )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(summary, end="\n\n")
    print("| mesure | médiane | min | CPU min | rapport au plancher (médianes) | rapport CPU | objectif |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for item in rows:
        ratio = f"{item['rapport']:.2f}" if "rapport" in item else ""
        if "rapport" in item and "objectif" not in item:
            ratio += f" (plancher : {item['plancher']}, {item['plancher_s'] * 1000:,.0f} ms)"
        cpu_ratio = f"{item['rapport_cpu']:.2f}" if "rapport_cpu" in item else ""
        print(
            f"| {item['mesure']} | {item['médiane_s'] * 1000:,.0f} ms | {item['min_s'] * 1000:,.0f} ms "
            f"| {item['cpu_min_s'] * 1000:,.0f} ms | {ratio} | {cpu_ratio} | {item.get('objectif', '')} |"
        )
    if args.json:
        args.json.write_text(
            json.dumps({"parcours": parcours_count, "epreuves": packed, "rows": rows}, indent=1)
        )
    return 1 if any("FAIL" in item.get("objectif", "") for item in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
