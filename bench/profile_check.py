"""Where a cold `epreuve check` spends its time, in one process (no cache, no worker).

    python bench/profile_check.py CORPUS [--rules N] [--profile N] [--select ALL] [--repeat 3]

CORPUS is a tree written by `bench/generate.py` (or any folder with an `epreuve.toml`).
`--rules N` prints the N costliest rules (CPU time of each rule's own call, shared analyses
counted at the first rule that asks for them), each the least of `--repeat` runs (a loaded
machine only ever adds time); `--profile N` runs the check again under cProfile
and prints the N costliest functions by own time and by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import pstats
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from epreuve_tools.checker import CheckOptions, run_check
from epreuve_tools.config import Config
from epreuve_tools.rules import REGISTRY
from epreuve_tools.selection import Selection


def options(corpus: Path, select: str) -> CheckOptions:
    return CheckOptions(
        paths=(corpus / "content",),
        config=Config(root=corpus),
        selection=Selection(tuple(select.split(",")), (), {}, {}),
        use_cache=False,
        jobs=1,
    )


def rule_times(corpus: Path, select: str) -> tuple[dict[str, float], float]:
    """CPU seconds of each rule, and of the whole check."""
    spent: dict[str, float] = {}

    def timed(code: str, check: Callable[[Any], Iterable[object]]) -> Callable[[Any], Iterable[object]]:
        def run(subject: Any) -> Iterable[object]:
            start = time.process_time()
            found = list(check(subject))
            spent[code] = spent.get(code, 0.0) + time.process_time() - start
            return found

        return run

    saved = dict(REGISTRY)
    try:
        for code, rule in saved.items():
            changes: dict[str, Any] = {}
            if rule.document_check is not None:
                changes["document_check"] = timed(code, rule.document_check)
            if rule.project_check is not None:
                changes["project_check"] = timed(code + " (projet)", rule.project_check)
            if changes:
                REGISTRY[code] = dataclasses.replace(rule, **changes)
        start = time.process_time()
        run_check(options(corpus, select))
        total = time.process_time() - start
    finally:
        REGISTRY.clear()
        REGISTRY.update(saved)
    return spent, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--rules", type=int, default=30, help="règles les plus coûteuses à afficher")
    parser.add_argument("--profile", type=int, default=0, help="fonctions à afficher sous cProfile")
    parser.add_argument("--select", default="ALL", help="codes vérifiés (défaut : ALL)")
    parser.add_argument("--repeat", type=int, default=3, help="exécutions, la moindre retenue (défaut : 3)")
    arguments = parser.parse_args(argv)
    run_check(options(arguments.corpus, arguments.select))  # warm: imports, schema, caches
    spent, total = rule_times(arguments.corpus, arguments.select)
    for _ in range(arguments.repeat - 1):
        again, again_total = rule_times(arguments.corpus, arguments.select)
        spent = {code: min(seconds, again.get(code, seconds)) for code, seconds in spent.items()}
        total = min(total, again_total)
    rules = sum(spent.values())
    print(f"vérification : {total:.3f} s CPU, dont règles {rules:.3f} s ({100 * rules / total:.0f} %)")
    families: dict[str, float] = {}
    for code, seconds in spent.items():
        parts = code.split("-")
        family = "-".join(parts[:2]) if code.startswith("A11Y-") else parts[0]
        families[family] = families.get(family, 0.0) + seconds
    print("\n| famille | ms |\n|---|---:|")
    for family, seconds in sorted(families.items(), key=lambda item: -item[1]):
        print(f"| {family} | {1000 * seconds:.0f} |")
    print("\n| règle | ms |\n|---|---:|")
    for code, seconds in sorted(spent.items(), key=lambda item: -item[1])[: arguments.rules]:
        print(f"| {code} | {1000 * seconds:.1f} |")
    if arguments.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        run_check(options(arguments.corpus, arguments.select))
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(arguments.profile)
        stats.sort_stats("cumulative").print_stats(arguments.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
