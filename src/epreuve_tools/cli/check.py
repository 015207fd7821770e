"""`epreuve check [PATH...]`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epreuve_tools.cli import check_fix, comfort, quality, unsaved

if TYPE_CHECKING:
    from epreuve_tools.analyser import Analyser
    from epreuve_tools.config import Config
    from epreuve_tools.diagnostics import Report

FORMAT_NAMES = ("text", "json", "sarif", "github", "junit", "gitlab")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "check",
        help="vérifier des épreuves, parcours et référentiel",
        description=(
            "Vérifie les fichiers ou dossiers donnés (par défaut le dossier de contenu configuré, `content/`) :\n"
            "lecture, schéma, cohérence des clés de réponse, référentiel et parcours.\n"
            "Code de sortie : 0 sans erreur, 1 erreurs trouvées, 2 erreur d'usage ou de configuration,\n"
            "3 erreur interne."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="CHEMIN", help="fichiers ou dossiers à vérifier")
    parser.add_argument(
        "--format",
        choices=("auto", *FORMAT_NAMES),
        default="auto",
        help=(
            "format de sortie : text, json, sarif, github, junit, gitlab (Code Quality)"
            " (auto : github dans GitHub Actions, sinon text)"
        ),
    )
    parser.add_argument("-o", "--output", metavar="FICHIER", help="écrire le rapport dans un fichier")
    parser.add_argument(
        "--select", metavar="CODES", help="codes ou préfixes à vérifier, séparés par des virgules"
    )
    parser.add_argument(
        "--ignore", metavar="CODES", help="codes ou préfixes à ignorer, séparés par des virgules"
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "erreur", "avertissement"),
        help="gravité qui fait échouer (défaut : error)",
    )
    parser.add_argument(
        "--config", metavar="FICHIER", help="fichier de configuration (epreuve.toml ou pyproject.toml)"
    )
    parser.add_argument(
        "--force-exclude",
        action="store_true",
        help="appliquer `exclude` même aux fichiers nommés (pour pre-commit, qui les nomme tous)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="ne pas lire ni écrire le cache .epreuve_cache/"
    )
    parser.add_argument(
        "--jobs", type=_positive, metavar="N", help="nombre de processus (défaut : un par cœur)"
    )
    parser.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="couleurs dans le terminal"
    )
    parser.add_argument(
        "--show-waived", action="store_true", help="afficher aussi les diagnostics levés par dérogation"
    )
    quality.add_argument(parser)
    check_fix.add_arguments(parser)
    comfort.add_arguments(parser)
    unsaved.add_argument(parser)
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="afficher la trace des erreurs internes"
    )
    parser.add_argument(
        "--a11y-report",
        metavar="FICHIER",
        help="écrire aussi un rapport d'accessibilité en Markdown (pour la déclaration d'accessibilité)",
    )
    parser.set_defaults(handler=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un nombre entier positif")
    return value


def _codes(text: str | None) -> tuple[str, ...]:
    return tuple(code.strip().upper() for code in text.split(",") if code.strip()) if text else ()


def _color(choice: str, stream: Any) -> bool:
    from epreuve_tools.output.base import color_wanted

    return color_wanted(choice, stream)


def _read_lines(root: Path) -> Any:
    prefix = str(root)  # joined as strings: pathlib's objects cost more than the read, once per file shown

    def read(path: str) -> list[str] | None:
        try:
            with open(os.path.join(prefix, path), "rb") as stream:
                return stream.read().decode("utf-8", errors="replace").split("\n")
        except OSError:
            return None

    return read


def run(arguments: argparse.Namespace) -> int:
    from epreuve_tools.analyser import Analyser

    arguments.paths = list(unsaved.paths(arguments))  # « - » and --stdin-filename, checked first
    # first, while this process is small and single-threaded: it may fork the early worker
    with Analyser.for_command(arguments.jobs, use_cache=not arguments.no_cache) as analyser:
        if arguments.watch:
            return _watch(arguments, analyser)
        return _check(arguments, analyser)


def _watch(arguments: argparse.Namespace, analyser: Analyser) -> int:
    from epreuve_tools.config import load_config

    if arguments.fix or arguments.diff or arguments.output:
        from epreuve_tools.errors import UsageError

        raise UsageError("--watch affiche les diagnostics à l'écran : sans --fix, --diff ni -o")
    config = load_config(Path.cwd(), Path(arguments.config) if arguments.config else None)
    roots = tuple(Path(p) for p in arguments.paths) or (config.root / config.content,)
    return comfort.watch(lambda: _check(arguments, analyser), roots, clear=sys.stdout.isatty())


def _check(arguments: argparse.Namespace, analyser: Analyser) -> int:
    from epreuve_tools.checker import CheckOptions, run_check
    from epreuve_tools.cli.progress import terminal_progress
    from epreuve_tools.config import load_config
    from epreuve_tools.selection import Selection, check_prefixes

    cwd = unsaved.config_start(arguments) or Path.cwd()
    config = load_config(cwd, Path(arguments.config) if arguments.config else None)
    select = _codes(arguments.select) or config.select
    ignore = _codes(arguments.ignore) or config.ignore
    check_prefixes(select, "--select" if arguments.select else f"{config.describe_source()}, clé `select`")
    check_prefixes(ignore, "--ignore" if arguments.ignore else f"{config.describe_source()}, clé `ignore`")
    config.check_codes()
    selection = Selection(select, ignore, config.severity, config.per_file_ignores)
    paths = tuple(Path(p) for p in arguments.paths) or (config.root / config.content,)
    buffer = unsaved.read(arguments.stdin_filename, config) if arguments.stdin_filename else None
    if arguments.fix or arguments.diff:  # fixed first, so that the report shows what is left
        stop = check_fix.run(arguments, paths, config, selection)
        if stop is not None:
            return stop
    quality_report = quality.wanted(arguments)
    report, crashes = run_check(
        CheckOptions(
            paths=paths,
            config=config,
            selection=selection,
            use_cache=not arguments.no_cache and not quality_report,
            jobs=arguments.jobs,
            progress=terminal_progress(sys.stderr, quiet=arguments.quiet),
            force_exclude=arguments.force_exclude,
            unsaved=buffer,
        ),
        analyser,
    )
    if quality_report:
        quality.write(arguments, report)
    return _emit(report, crashes, arguments, config, buffer)


def _emit(
    report: Report,
    crashes: dict[str, str],
    arguments: argparse.Namespace,
    config: Config,
    buffer: tuple[str, bytes] | None = None,
) -> int:
    from epreuve_tools.config import parse_severity
    from epreuve_tools.output import RenderContext, renderer
    from epreuve_tools.output.base import DEFAULT_RULES_URL

    fmt = arguments.format
    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    stream = sys.stdout
    level = (parse_severity(arguments.fail_on) if arguments.fail_on else None) or config.fail_on
    read_lines = _read_lines(config.root)
    if buffer is not None:
        from epreuve_tools.discovery import PathDisplay

        read_lines = unsaved.lines_reader(
            read_lines, PathDisplay(str(config.root)).shown(buffer[0]), buffer[1]
        )
    context = RenderContext(
        color=arguments.output is None and fmt == "text" and _color(arguments.color, stream),
        read_lines=read_lines,
        show_waived=arguments.show_waived,
        exit_code=report.exit_code(level),  # SARIF and JUnit record the verdict
        fail_on=level,
        rules_url=config.rules_url or DEFAULT_RULES_URL,
    )
    rendered = (
        comfort.statistics(report, arguments.show_waived)
        if arguments.statistics
        else renderer(fmt)(report, context)
    )
    if arguments.quiet and fmt == "text" and not arguments.statistics:
        rendered = comfort.without_summary(rendered)
    if arguments.a11y_report:
        _write_a11y_report(Path(arguments.a11y_report), report)
    if arguments.output:
        _write_report(Path(arguments.output), rendered)
    else:
        stream.write(rendered)
    from epreuve_tools.output.base import visible

    for notice in [] if arguments.quiet else report.notices:  # no control character goes out raw
        print(f"epreuve : note : {visible(notice)}", file=sys.stderr)
    for path, trace in crashes.items():
        if arguments.verbose:
            print(f"epreuve : trace de l'erreur interne sur {path} :\n{trace}", file=sys.stderr)
    if crashes and not arguments.verbose:
        print(
            "epreuve : erreur interne sur au moins un fichier ; relancez avec -v pour la trace.",
            file=sys.stderr,
        )
    code = report.exit_code(level)
    return 0 if arguments.exit_zero and code == 1 else code


def _write_report(target: Path, rendered: str) -> None:
    """Write the report to `-o FILE`; a path that cannot be written is a usage error (exit 2)."""
    try:
        target.write_text(rendered, "utf-8")
    except OSError as error:
        from epreuve_tools.errors import UsageError
        from epreuve_tools.oserrors import describe

        raise UsageError(
            f"{target} : écriture du rapport impossible : {describe(error)}",
            hint="donnez à -o un fichier dans un dossier qui existe et où vous pouvez écrire",
        ) from None


def _write_a11y_report(target: Path, report: Report) -> None:
    """`--a11y-report FILE`, written whole or not at all; an unwritable path is exit 2."""
    from epreuve_tools.output.a11y_report import render as render_a11y
    from epreuve_tools.release.atomic import write_atomic
    from epreuve_tools.rules import REGISTRY

    try:
        write_atomic(target, render_a11y(report, REGISTRY).encode("utf-8"), mode=0o644)
    except OSError as error:
        from epreuve_tools.errors import UsageError
        from epreuve_tools.oserrors import describe

        raise UsageError(
            f"{target} : écriture du rapport d'accessibilité impossible : {describe(error)}",
            hint="donnez à --a11y-report un fichier dans un dossier qui existe et où vous pouvez écrire",
        ) from None
