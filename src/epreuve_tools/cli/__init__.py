"""The `epreuve` command: parse arguments, call one core function, render, exit.

Exit codes: 0 nothing at the failing level, 1 findings, 2 usage or configuration error,
3 internal error (a bug), 130 interrupted.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from epreuve_tools.cli.parser import build_parser
from epreuve_tools.errors import EpreuveError


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    verbose = getattr(arguments, "verbose", 0)
    try:
        code: int = arguments.handler(arguments)
    except EpreuveError as error:
        print(f"epreuve : {error.render()}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("epreuve : interrompu", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception:  # the last line of defence: a bug, reported as such
        print(
            "epreuve : erreur interne de l'outil (un bogue, pas une faute de vos fichiers).", file=sys.stderr
        )
        if verbose:
            import traceback

            traceback.print_exc()
        else:
            print("Relancez avec -v pour voir la trace et signalez-la.", file=sys.stderr)
        return 3
    return code
