"""Benchmark of `epreuve check` against the floor of the work it cannot avoid.

    python bench/run.py [--count 10000] [--repeat 3] [--keep DIR] [--json FILE] [--seed 0]

Generates a seeded corpus (`bench/generate.py`) in a temporary folder, then measures:

- floor: one process reads every épreuve, splits the front matter, parses it with PyYAML's
  CSafeLoader and the body with markdown-it-py ("commonmark", created once); in-process timing;
- cold check: `epreuve check --no-cache` (a subprocess, wall time, cwd = the corpus);
- cache warm-up: `epreuve check` once after deleting `.epreuve_cache/`;
- re-check unchanged: `epreuve check` with a warm cache;
- re-check after one change: `epreuve check` after editing one épreuve's instruction (a different
  one each run): the most common edit; the bank-level ITEM rules read the instruction, so they
  run again, finding what did not change in their memo (per parcours, per pair of épreuves);
- re-check after one front-matter change: the same after a comment line is added at the top of an
  épreuve's front matter, which moves the positions project rules report: they run again (no target);

and checks the project's targets: cold / floor <= 1.5, one change / cold <= 0.05.
Every timing is the median of `--repeat` runs (the warm-up runs once). Exit code 1 if a check
does not exit with 0 (the corpus is valid) or a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

COLD_OVER_FLOOR = 1.5
CHANGE_OVER_COLD = 0.05
CACHE_DIR = ".epreuve_cache"


@dataclass
class Row:
    name: str
    runs: list[float]
    note: str = ""
    exit_codes: list[int] = field(default_factory=list)
    per_file: bool = True  # whether µs per épreuve means something for this row
    cpu: list[float] = field(default_factory=list)  # user + system seconds, children included

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def best(self) -> float:
        return min(self.runs)


# --- the floor --------------------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[str, str]:
    """Front matter (between the first two `---` lines) and body; ("", text) without front matter."""
    if not text.startswith("---\n"):
        return "", text
    end = text.find("\n---\n", 3)
    if end < 0:
        return "", text
    return text[4 : end + 1], text[end + 5 :]


def floor_once(content: Path, md: MarkdownIt) -> int:
    count = 0
    for folder, dirnames, filenames in os.walk(content):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(".md"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                text = handle.read()
            front_matter, body = split_front_matter(text)
            yaml.load(front_matter, Loader=yaml.CSafeLoader)
            md.parse(body)
            count += 1
    return count


def measure_floor(content: Path, repeat: int) -> tuple[Row, int]:
    md = MarkdownIt("commonmark")
    runs: list[float] = []
    count = 0
    cpu: list[float] = []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        count = floor_once(content, md)
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    name = "floor: read + split + yaml CSafeLoader + markdown-it parse"
    return Row(name, runs, "1 process, in-process", cpu=cpu), count


# --- the tool ---------------------------------------------------------------------------------


def find_epreuve(explicit: str | None) -> list[str]:
    if explicit:
        return explicit.split()
    sibling = Path(sys.executable).parent / "epreuve"
    if sibling.exists():
        return [str(sibling)]
    found = shutil.which("epreuve")
    if found:
        return [found]
    return [sys.executable, "-m", "epreuve_tools"]


class Tool:
    def __init__(self, command: list[str], corpus: Path) -> None:
        self.command = command
        self.corpus = corpus
        self.failures: list[str] = []

    def run(self, *arguments: str) -> tuple[float, float, int]:
        start_cpu = children_cpu()
        start = time.perf_counter()
        done = subprocess.run(
            [*self.command, *arguments], cwd=self.corpus, capture_output=True, text=True, check=False
        )
        elapsed = time.perf_counter() - start
        cpu = children_cpu() - start_cpu
        if done.returncode != 0:
            lines = (done.stdout + done.stderr).splitlines()
            shown = "\n".join("    " + line for line in lines[:20])
            more = f"\n    … ({len(lines) - 20} lignes de plus)" if len(lines) > 20 else ""
            self.failures.append(
                f"`epreuve {' '.join(arguments)}` : code de sortie {done.returncode}\n{shown}{more}"
            )
        return elapsed, cpu, done.returncode

    def version(self) -> str:
        done = subprocess.run([*self.command, "--version"], capture_output=True, text=True, check=False)
        return (done.stdout or done.stderr).strip()

    def repeat(
        self,
        name: str,
        arguments: tuple[str, ...],
        repeat: int,
        note: str = "",
        before: Callable[[int], object] | None = None,
    ) -> Row:
        row = Row(name, [], note)
        for index in range(repeat):
            if before is not None:
                before(index)
            elapsed, cpu, code = self.run(*arguments)
            row.runs.append(elapsed)
            row.cpu.append(cpu)
            row.exit_codes.append(code)
        return row


def children_cpu() -> float:
    """User + system seconds of the finished subprocesses (and theirs); NaN where unknown (Windows)."""
    try:
        import resource  # Unix only
    except ImportError:
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def cache_files(corpus: Path) -> set[str]:
    folder = corpus / CACHE_DIR
    return {path.name for path in folder.iterdir()} if folder.is_dir() else set()


def touch_front_matter(files: list[Path], index: int) -> str:
    """Add a comment line at the top of one épreuve's front matter (its facts' positions move)."""
    path = files[(index * 6007 + len(files) // 3) % len(files)]
    text = path.read_text("utf-8")
    path.write_text(
        text.replace("---\n", f"---\n# relu (modification {index + 1})\n", 1), "utf-8", newline="\n"
    )
    return path.name


def compile_bytecode(command: list[str]) -> str:
    """Byte-compile the measured package, as `pip install` does: an editable install run with
    PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module at every run (~40 ms)."""
    python = command[0] if command[0].endswith(("python", "python3")) else sys.executable
    done = subprocess.run(
        [
            python,
            "-c",
            "import compileall, epreuve_tools, os; print(compileall.compile_dir(os.path.dirname(epreuve_tools.__file__), quiet=1))",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return (
        "compilé d'avance"
        if done.stdout.strip() == "True"
        else f"non compilé ({(done.stderr or done.stdout).strip()[-200:]})"
    )


def change_one(files: list[Path], index: int) -> str:
    """Edit the instruction of one épreuve (a different file for each index); it stays valid."""
    path = files[(index * 7919 + len(files) // 2) % len(files)]
    text = path.read_text("utf-8")
    _, _, after = text.partition("\n---\n\n")  # the first line of the instruction follows the front matter
    first_line = after.split("\n", 1)[0]
    edited = text.replace(first_line, f"{first_line} (modification {index + 1})", 1)
    path.write_text(edited, "utf-8", newline="\n")
    return path.name


# --- report -----------------------------------------------------------------------------------


def machine() -> dict[str, object]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": model or platform.processor(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "pyyaml": yaml.__version__,
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
    }


def table(rows: list[Row], count: int) -> str:
    header = ("mesure", "médiane s", "min s", "CPU s", "µs/épreuve", "exécutions", "note")
    lines = [header]
    for row in rows:
        lines.append(
            (
                row.name,
                f"{row.median:.3f}",
                f"{row.best:.3f}",
                f"{statistics.median(row.cpu):.3f}" if row.cpu else "",
                f"{row.median / count * 1e6:,.0f}" if row.per_file else "—",
                str(len(row.runs)),
                row.note,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for number, line in enumerate(lines):
        cells = [
            cell.ljust(widths[i]) if i in (0, 6) else cell.rjust(widths[i]) for i, cell in enumerate(line)
        ]
        out.append("| " + " | ".join(cells) + " |")
        if number == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--count", type=int, default=10_000, help="nombre d'épreuves générées (défaut : 10000)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="exécutions par mesure (défaut : 3)")
    parser.add_argument("--seed", type=int, default=0, help="graine du générateur (défaut : 0)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="générer le corpus dans DIR et l'y laisser")
    parser.add_argument("--json", type=Path, metavar="FILE", help="écrire aussi les résultats en JSON")
    parser.add_argument(
        "--epreuve", metavar="CMD", help="commande à mesurer (défaut : epreuve à côté de python)"
    )
    arguments = parser.parse_args(argv)
    repeat = max(1, arguments.repeat)

    if arguments.keep is not None:
        if arguments.keep.exists() and any(arguments.keep.iterdir()):
            parser.error(f"{arguments.keep} existe et n'est pas vide")
        corpus = arguments.keep
        corpus.mkdir(parents=True, exist_ok=True)
        temporary = None
    else:
        temporary = tempfile.TemporaryDirectory(prefix="epreuve-bench-")
        corpus = Path(temporary.name)
    try:
        return _bench(arguments, corpus, repeat)
    finally:
        if temporary is not None:
            temporary.cleanup()


def measure(
    tool: Tool, files: list[Path], corpus: Path, repeat: int
) -> tuple[list[Row], list[str], set[str]]:
    """The table's rows, the épreuves edited, and the cache files that appeared after the warm-up."""
    floor, seen = measure_floor(corpus / "content", repeat)
    if seen != len(files):
        floor.note += f" ({seen} fichiers .md lus)"
    rows = [floor]
    start_row = tool.repeat(
        "process start: epreuve --version", ("--version",), repeat, "interpreter + imports"
    )
    start_row.per_file = False
    rows.append(start_row)
    rows.append(tool.repeat("cold check: epreuve check --no-cache", ("check", "--no-cache"), repeat))

    shutil.rmtree(corpus / CACHE_DIR, ignore_errors=True)
    warm = tool.repeat("cache warm-up: epreuve check (empty cache)", ("check",), 1, "writes .epreuve_cache/")
    rows.append(warm)
    fingerprints = cache_files(corpus)
    rows.append(tool.repeat("re-check unchanged: epreuve check", ("check",), repeat, "warm cache"))
    changed: list[str] = []

    def edit(index: int) -> None:
        changed.append(change_one(files, index))

    rows.append(
        tool.repeat(
            "re-check after one change: epreuve check",
            ("check",),
            repeat,
            "1 instruction edited before each run",
            before=edit,
        )
    )

    def touch(index: int) -> None:
        changed.append(touch_front_matter(files, index))

    rows.append(
        tool.repeat(
            "re-check after one front-matter change",
            ("check",),
            repeat,
            "1 front matter edited: project rules rerun",
            before=touch,
        )
    )
    stale = cache_files(corpus) - fingerprints
    return rows, changed, stale


def rule_costs(corpus: Path) -> dict[str, float]:
    """Seconds spent in the rules during one in-process cold check (no cache, one process), by
    family: the accessibility rules (A11Y-*, including the file checks and what they decode), the
    others, and the whole check. Each rule of the registry is wrapped by a timer for this run only."""
    import dataclasses

    from epreuve_tools.checker import CheckOptions, run_check
    from epreuve_tools.config import Config
    from epreuve_tools.rules import REGISTRY
    from epreuve_tools.selection import Selection

    spent = {"a11y": 0.0, "files": 0.0, "other": 0.0}
    # the rules that look inside the cited files (`assets.py`): their cost includes the decoding
    file_codes = {f"A11Y-IMG-0{n}" for n in (11, 12, 13, 14, 17, 18)} | {
        "A11Y-CLR-004",
        "A11Y-MOV-001",
        "A11Y-MOV-002",
    }
    file_codes |= {f"A11Y-ATT-00{n}" for n in range(1, 7)}

    def timed(code: str, check: Callable[..., object]) -> Callable[..., object]:
        family = "a11y" if code.startswith("A11Y-") else "other"
        reads_files = code in file_codes
        group = f"family:{rule_family(code)}"
        spent.setdefault(group, 0.0)

        def run(subject: object) -> object:
            start = time.process_time()
            found = list(check(subject))  # type: ignore[call-overload]
            elapsed = time.process_time() - start
            spent[family] += elapsed
            spent[group] += elapsed
            if reads_files:  # the rules that look inside the cited files (assets.py)
                spent["files"] += elapsed
            return iter(found)

        return run

    # what each épreuve's facts cost (readability counts, cited files, bank facts): built for the
    # project rules, from the walks the document rules share
    from epreuve_tools import project as project_module

    facts_of = project_module.EpreuveFacts.of
    spent["family:faits des épreuves"] = 0.0

    def timed_facts(epreuve: object) -> object:
        start = time.process_time()
        try:
            return facts_of(epreuve)  # type: ignore[arg-type]
        finally:
            spent["family:faits des épreuves"] += time.process_time() - start

    saved = dict(REGISTRY)
    project_module.EpreuveFacts.of = timed_facts  # type: ignore[method-assign,assignment]
    try:
        for code, rule in saved.items():
            changes: dict[str, Any] = {}
            if rule.document_check is not None:
                changes["document_check"] = timed(code, rule.document_check)
            if rule.project_check is not None:
                changes["project_check"] = timed(code, rule.project_check)
            if changes:
                REGISTRY[code] = dataclasses.replace(rule, **changes)
        options = CheckOptions(
            paths=(corpus / "content",),
            config=Config(root=corpus),
            selection=Selection(("ALL",), (), {}, {}),
            use_cache=False,
            jobs=1,
        )
        start = time.process_time()
        run_check(options)
        spent["total"] = time.process_time() - start
    finally:
        REGISTRY.clear()
        REGISTRY.update(saved)
        project_module.EpreuveFacts.of = facts_of  # type: ignore[method-assign]
    return spent


def rule_family(code: str) -> str:
    """A11Y-IMG-001 -> A11Y-IMG; ITEM-003 -> ITEM; SEM-001 -> SEM."""
    parts = code.split("-")
    return "-".join(parts[:2]) if code.startswith("A11Y-") and len(parts) > 2 else parts[0]


def family_table(costs: list[dict[str, float]]) -> str:
    """The cost of each rule family, median of the runs, as a share of the whole check (CPU time)."""
    families = sorted({name for cost in costs for name in cost if name.startswith("family:")})
    rows = []
    for name in families:
        seconds = statistics.median(cost.get(name, 0.0) for cost in costs)
        share = statistics.median(cost.get(name, 0.0) / cost["total"] for cost in costs)
        rows.append((seconds, name.removeprefix("family:"), share))
    rows.sort(reverse=True)
    lines = ["| famille de règles | CPU s | part de la vérification |", "|---|---:|---:|"]
    lines += [
        f"| {name} | {seconds:.3f} | {100 * share:.1f} % |" for seconds, name, share in rows if seconds > 0
    ]
    return "\n".join(lines)


def _bench(arguments: argparse.Namespace, corpus: Path, repeat: int) -> int:
    tool = Tool(find_epreuve(arguments.epreuve), corpus)
    info = machine()
    version = tool.version()
    print(
        f"machine : {info['cpu_count']} cœurs ({info['cpu_model']}), Python {info['python']}, {info['platform']}"
    )
    print(f"outil : {version} ({' '.join(tool.command)})")
    print(f"PyYAML {info['pyyaml']} (libyaml : {'oui' if info['libyaml'] else 'non'})")
    print(f"bytecode de l'outil : {compile_bytecode(tool.command)}")
    load_before = load_average()

    start = time.perf_counter()
    files = generate(corpus, arguments.count, arguments.seed)
    generated = time.perf_counter() - start
    size = sum(path.stat().st_size for path in files)
    print(
        f"corpus : {len(files)} épreuves, {size / 1e6:.1f} Mo, graine {arguments.seed}, "
        f"généré en {generated:.1f} s dans {corpus}"
    )
    print()
    count = len(files)

    rows, changed, stale = measure(tool, files, corpus, repeat)
    floor = rows[0]
    print(table(rows, count))
    print()

    costs = [rule_costs(corpus) for _ in range(repeat)]
    share = statistics.median(cost["a11y"] / cost["total"] for cost in costs)
    other = statistics.median(cost["other"] / cost["total"] for cost in costs)
    files_share = statistics.median(cost["files"] / cost["total"] for cost in costs)
    print(
        f"règles d'accessibilité (A11Y-*, fichiers cités compris) : {100 * share:.1f} % d'une vérification "
        f"à froid dans un seul processus, dont {100 * files_share:.1f} % pour les fichiers cités "
        f"(autres règles : {100 * other:.1f} %, "
        f"vérification entière : {statistics.median(cost['total'] for cost in costs):.2f} s de CPU)"
    )
    print()
    print("coût de chaque famille de règles dans cette vérification (temps CPU, médiane) :")
    print(family_table(costs))
    print()

    cold = rows[2].median
    one_change = rows[5].median
    ratios = [
        ("cold / floor", cold / floor.median, COLD_OVER_FLOOR),
        ("one change / cold", one_change / cold, CHANGE_OVER_COLD),
    ]
    ok = True
    for name, value, target in ratios:
        verdict = "PASS" if value <= target else "FAIL"
        ok &= verdict == "PASS"
        print(f"{name:<18} = {value:6.3f}   (objectif <= {target})   {verdict}")
    codes = sorted({code for row in rows for code in row.exit_codes})
    load_after = load_average()
    if load_before is not None and load_after is not None:
        print(f"charge moyenne sur 1 min : {load_before:.2f} au début, {load_after:.2f} à la fin")
        if load_before > 0.5:
            print(
                "attention : la machine n'était pas au repos au début de la mesure ; les temps sont à refaire"
            )
    print(f"codes de sortie de epreuve check : {', '.join(map(str, codes))}")
    if stale:
        print(
            "attention : le cache a changé d'empreinte pendant la mesure (le code de l'outil a été modifié ?) : "
            + ", ".join(sorted(stale))
        )
    for failure in tool.failures[:3]:
        print(f"\nÉCHEC {failure}")
    if arguments.keep is not None:
        print(f"\ncorpus conservé dans {corpus} (fichiers modifiés : {', '.join(changed)})")

    if arguments.json is not None:
        report = {
            "machine": info,
            "tool": {"version": version, "command": tool.command},
            "corpus": {"count": count, "seed": arguments.seed, "bytes": size, "generate_s": generated},
            "repeat": repeat,
            "load_average_1min": {"start": load_before, "end": load_after},
            "rows": [{**asdict(row), "median": row.median, "min": row.best} for row in rows],
            "ratios": [
                {"name": name, "value": value, "target": target, "pass": value <= target}
                for name, value, target in ratios
            ],
            "rule_costs_s": costs,
            "a11y_share_of_cold_check": share,
            "changed_files": changed,
            "cache_fingerprint_changed": sorted(stale),
            "failures": tool.failures,
        }
        arguments.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0 if ok and not tool.failures else 1


if __name__ == "__main__":
    sys.exit(main())
