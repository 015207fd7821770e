"""Benchmark of the preview site (`epreuve site build`, issue #11) against its floor.

    python bench/site.py [--counts 1000 5000] [--repeat N] [--keep DIR] [--json FILE]

For each count, on a corpus written by `generate.py` (same seed, same bytes):
- floor: a plain `mkdocs build` (mkdocs-material, search on, a one-page navigation) of as many trivial
  pages as the site has, in the same run: the work no preview with this engine can avoid;
- full build: `epreuve site build --full` with the check cache empty (what CI does);
- rebuild: `epreuve site build` after the instruction of one épreuve changed (another each time);
- check: `epreuve check` alone, cache warm, the part of a rebuild that is the checker's, not the site's.
Each is a subprocess, timed from outside (wall time), its peak memory read from the operating system
(`ru_maxrss` of a small wrapper's children), and its processor time (user + system, its worker processes
included: on a shared machine, the measure that other people's work disturbs the least). Targets (issue #11): full build ≤ 1.5 × floor, rebuild ≤ 10 %
of the full build; the exit code is 1 when one is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402  (bench/ is a folder of scripts, not a package)

FULL_TARGET = 1.5
REBUILD_TARGET = 0.10
EPOCH = "1767225600"
# runs a command and prints its peak resident memory (KiB on Linux) and processor time once it is done
_PEAK = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime, file=sys.stderr)\n"
    "sys.exit(code)\n"
)
FLOOR_CONFIG = """\
site_name: Plancher
theme:
  name: material
  language: fr
  font: false
plugins:
  - search:
      lang: fr
nav:
  - Accueil: index.md
"""


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    peak_mib: float
    cpu_seconds: float = 0.0  # user + system, the command's worker processes included


@dataclass(frozen=True, slots=True)
class Result:
    count: int
    pages: int
    floor: Run
    full: Run
    rebuild: Run
    check: Run  # `epreuve check` alone, cache warm: the part of a rebuild that is not the site's

    @property
    def full_ratio(self) -> float:
        return self.full.seconds / self.floor.seconds

    @property
    def rebuild_ratio(self) -> float:
        return self.rebuild.seconds / self.full.seconds


def timed(command: list[str], cwd: Path) -> Run:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_COLOR": "1"}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *command],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"échec de {' '.join(command)} :\n{done.stdout}\n{done.stderr}")
    peak_kib, cpu = done.stderr.strip().splitlines()[-1].split()
    return Run(seconds, int(peak_kib) / 1024, float(cpu))


def floor(pages: int, work: Path) -> Run:
    project = work / "plancher"
    docs = project / "docs"
    for number in range(pages):
        page = docs / ("index.md" if number == 0 else f"pages/p{number:05d}/index.md")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# Page {number}\n\nUn paragraphe de texte ordinaire, page {number}.\n", "utf-8")
    (project / "mkdocs.yml").write_text(FLOOR_CONFIG, "utf-8")
    return timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "plancher-site")], project)


def epreuve_command() -> list[str]:
    found = shutil.which("epreuve", path=str(Path(sys.executable).parent)) or shutil.which("epreuve")
    return [found] if found else [sys.executable, "-m", "epreuve_tools"]


def change_one(files: list[Path], index: int) -> None:
    path = files[index * 7919 % len(files)]
    text = path.read_text("utf-8")
    end = text.index("\n---\n", 4) + 5
    path.write_text(text[:end] + f"Modifiée ({index}). " + text[end:], "utf-8")


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda run: run.seconds)


def measure(count: int, work: Path, rebuilds: int, repeat: int = 1) -> Result:
    """One count's measures; with `repeat`, each taken that many times (interleaved) and the best kept:
    on a shared machine, the best of a few runs is the one the least disturbed."""
    results = [_measure_once(count, work, rebuilds, attempt) for attempt in range(repeat)]
    return Result(
        count,
        results[0].pages,
        best([r.floor for r in results]),
        best([r.full for r in results]),
        best([r.rebuild for r in results]),
        best([r.check for r in results]),
    )


def _measure_once(count: int, work: Path, rebuilds: int, attempt: int) -> Result:
    corpus = work / f"corpus-{count}"
    if attempt == 0:
        shutil.rmtree(corpus, ignore_errors=True)
        generate(corpus, count=count)
    command = epreuve_command()
    out = work / f"site-{count}"
    shutil.rmtree(corpus / ".epreuve_cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(out.with_name(f".{out.name}.sources"), ignore_errors=True)  # a first build: nothing kept
    full = timed([*command, "site", "build", "--full", "--out", str(out)], corpus)
    pages = sum(1 for _ in out.rglob("index.html"))
    files = sorted((corpus / "content" / "epreuves").rglob("*.md"))
    runs = []
    for index in range(rebuilds):
        change_one(files, attempt * rebuilds + index)
        runs.append(timed([*command, "site", "build", "--out", str(out)], corpus))
    check = timed([*command, "check", "content"], corpus)
    shutil.rmtree(work / "plancher", ignore_errors=True)
    shutil.rmtree(work / "plancher-site", ignore_errors=True)
    return Result(count, pages, floor(pages, work), full, best(runs), check)


def table(results: list[Result]) -> str:
    lines = [
        "| épreuves | pages | plancher s | construction complète s (Mio) | complète / plancher | "
        "reconstruction s (Mio) | reconstruction / complète | dont `epreuve check` s | "
        "processeur s : plancher, complète, reconstruction |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.count} | {r.pages} | {r.floor.seconds:.1f} | {r.full.seconds:.1f} ({r.full.peak_mib:.0f}) | "
            f"{r.full_ratio:.2f} {'PASS' if r.full_ratio <= FULL_TARGET else 'FAIL'} | "
            f"{r.rebuild.seconds:.1f} ({r.rebuild.peak_mib:.0f}) | "
            f"{r.rebuild_ratio:.1%} {'PASS' if r.rebuild_ratio <= REBUILD_TARGET else 'FAIL'} | {r.check.seconds:.1f} | "
            f"{r.floor.cpu_seconds:.1f}, {r.full.cpu_seconds:.1f}, {r.rebuild.cpu_seconds:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 5000], help="tailles du corpus")
    parser.add_argument(
        "--rebuilds", type=int, default=2, help="reconstructions mesurées (la meilleure compte)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="prendre chaque mesure N fois et garder la meilleure (machine partagée)",
    )
    parser.add_argument("--keep", type=Path, help="garder les corpus et les sites dans ce dossier")
    parser.add_argument("--json", type=Path, help="écrire les mesures dans ce fichier JSON")
    arguments = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-site-") as temporary:
        work = arguments.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        for count in arguments.counts:
            results.append(measure(count, work, arguments.rebuilds, max(1, arguments.repeat)))
            print(table(results[-1:]).splitlines()[-1], flush=True)
    print(f"\nSite d'aperçu (objectifs : complète ≤ {FULL_TARGET} × plancher, reconstruction ≤ 10 %)\n")
    print(table(results))
    if arguments.json:
        document = [
            {**asdict(r), "full_ratio": r.full_ratio, "rebuild_ratio": r.rebuild_ratio} for r in results
        ]
        arguments.json.write_text(json.dumps(document, indent=2), "utf-8")
    missed = [r for r in results if r.full_ratio > FULL_TARGET or r.rebuild_ratio > REBUILD_TARGET]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
