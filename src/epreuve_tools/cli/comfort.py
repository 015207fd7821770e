"""Author comfort options of `epreuve check` (issue #13 item 6): `-q`, `--exit-zero`, `--statistics`,
`--watch`; and `epreuve completion bash|zsh`.

`--watch` checks, then polls the content tree's files (names, sizes, modification times: what the
cache itself compares) twice a second and checks again after a change; the content-hash cache makes
a re-check after one edit a fraction of a second. Polling rather than inotify: no dependency, the same
on every system and on network shares, and cheap for a few thousand files.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from epreuve_tools.diagnostics import Report

POLL_SECONDS = 0.5
WATCHED_SUFFIXES = (".md", ".yaml", ".yml", ".toml", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".vtt")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="n'afficher que les diagnostics, sans le bilan, les notes ni la barre de progression",
    )
    parser.add_argument(
        "--exit-zero", action="store_true", help="code de sortie 0 même avec des erreurs (2 et 3 restent)"
    )
    parser.add_argument(
        "--statistics",
        action="store_true",
        help="afficher le nombre de diagnostics par règle, pas leur détail",
    )
    parser.add_argument(
        "--watch", action="store_true", help="vérifier à nouveau à chaque modification (Ctrl-C pour arrêter)"
    )


def statistics(report: Report, show_waived: bool) -> str:
    """One line per rule: count, code, name, most frequent first (then by code)."""
    from epreuve_tools.output.base import rule_name

    counts = Counter(d.code for d in report.diagnostics if show_waived or d.waived_by is None)
    lines = [
        f"{count:>6}  {code:<14} {rule_name(code)}"
        for code, count in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def without_summary(rendered: str) -> str:
    """The text report without its last line, the « N fichiers vérifiés : … » summary."""
    lines = rendered.rstrip("\n").split("\n")
    return "\n".join(lines[:-1]).rstrip("\n") + ("\n" if len(lines) > 1 else "")


def _fingerprint(roots: tuple[Path, ...]) -> frozenset[tuple[str, int, int]]:
    found: set[tuple[str, int, int]] = set()
    for root in roots:
        for path in _files(root):
            try:
                info = path.stat()
            except OSError:
                continue
            found.add((str(path), info.st_size, info.st_mtime_ns))
    return frozenset(found)


def _files(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for folder, names, files in os.walk(root):
        names[:] = [n for n in names if not n.startswith(".")]  # caches, git
        for name in files:
            if name.endswith(WATCHED_SUFFIXES):
                yield Path(folder) / name


def watch(check_once: Callable[[], int], roots: tuple[Path, ...], *, clear: bool) -> int:
    """Check, then check again after every change, until interrupted (exit 0: watching is not failing)."""
    seen = _fingerprint(roots)
    check_once()
    print("epreuve : en attente de modifications (Ctrl-C pour arrêter)", file=sys.stderr, flush=True)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = _fingerprint(roots)
            if now == seen:
                continue
            seen = now
            if clear:
                sys.stdout.write("\033[2J\033[H")
            print(f"epreuve : modification vue à {time.strftime('%H:%M:%S')}", file=sys.stderr, flush=True)
            check_once()
            sys.stdout.flush()
    except KeyboardInterrupt:
        return 0


# -- shell completion -----------------------------------------------------------------------------


def register_completion(commands: Any) -> None:
    parser = commands.add_parser(
        "completion",
        help="script de complétion pour bash ou zsh",
        description=(
            "Écrit le script de complétion des commandes et options d'epreuve. Par exemple :\n"
            "  epreuve completion bash > ~/.local/share/bash-completion/completions/epreuve\n"
            "  epreuve completion zsh > ~/.zfunc/_epreuve   (avec fpath+=~/.zfunc dans ~/.zshrc)"
        ),
    )
    parser.add_argument("shell", choices=("bash", "zsh"), help="le shell")
    parser.set_defaults(handler=run_completion)


def _commands_and_options() -> dict[str, list[str]]:
    """Each command (and `command action`) with its options, read from the real parser."""
    from epreuve_tools.cli.parser import build_parser

    table: dict[str, list[str]] = {}

    def walk(parser: argparse.ArgumentParser, prefix: str) -> None:
        options = sorted(
            {o for action in parser._actions for o in action.option_strings if o.startswith("--")}
        )
        table[prefix] = options
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{prefix} {name}".strip())

    walk(build_parser(), "")
    return table


def bash_script() -> str:
    table = _commands_and_options()
    children: dict[str, list[str]] = {path: [] for path in table}
    for path in table:
        if path:
            *parent, last = path.split()
            children[" ".join(parent)].append(last)
    cases = [
        f'        "{path}") words="{" ".join([*sorted(children[path]), *options])}" ;;'
        for path, options in sorted(table.items())
    ]
    return (
        "# bash completion for epreuve (generated by `epreuve completion bash`)\n"
        "_epreuve() {\n"
        '    local cur="${COMP_WORDS[COMP_CWORD]}" path="" word words=""\n'
        '    for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do\n'
        '        case "$word" in -*) ;; *) if [[ -n "$(_epreuve_words "${path:+$path }$word")" ]]; then path="${path:+$path }$word"; fi ;; esac\n'
        "    done\n"
        '    words="$(_epreuve_words "$path")"\n'
        '    COMPREPLY=($(compgen -W "$words" -- "$cur"))\n'
        '    [[ ${#COMPREPLY[@]} -eq 0 ]] && COMPREPLY=($(compgen -f -- "$cur"))\n'
        "}\n"
        "_epreuve_words() {\n"
        "    local words\n"
        '    case "$1" in\n' + "\n".join(cases) + "\n"
        '        *) words="" ;;\n'
        "    esac\n"
        '    echo "$words"\n'
        "}\n"
        "complete -o filenames -F _epreuve epreuve\n"
    )


def zsh_script() -> str:
    return (
        "#compdef epreuve\n# zsh completion for epreuve: the bash one, through bashcompinit\nautoload -U +X bashcompinit && bashcompinit\n"
        + bash_script()
    )


def run_completion(arguments: argparse.Namespace) -> int:
    sys.stdout.write(bash_script() if arguments.shell == "bash" else zsh_script())
    return 0
