"""`epreuve answer FILE RESPONSE`: judge one response with the épreuve's own key, as Pix would."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epreuve_tools.errors import UsageError

if TYPE_CHECKING:
    from epreuve_tools.answers.probe import ProbeRows


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "answer",
        help="juger une réponse avec la clé d'une épreuve, comme Pix",
        description=(
            "Juge RÉPONSE avec la clé de FICHIER exactement comme le moteur Pix (tolérances, nombres,\n"
            "menus déroulants, groupes de QROCM-dep). La réponse s'écrit comme le moteur la\n"
            'reçoit : QCU "2", QCM "1,3", QROC le texte tapé, QROCM un dictionnaire YAML\n'
            'champ → texte ("ville: Paris" ou \'{ville: Paris, cp: "75001"}\').\n'
            "La réponse a au plus 10 000 caractères (alias YAML développés) ; --json liste au plus 20\n"
            "réponses acceptées par champ et dit combien il en omet.\n"
            "Code de sortie : 0 quand un verdict est rendu (quel qu'il soit), 1 si l'épreuve a des\n"
            "erreurs, 2 en cas d'erreur d'usage ou de réponse hors limites."
        ),
    )
    parser.add_argument("file", metavar="FICHIER", help="l'épreuve (.md)")
    parser.add_argument(
        "response", metavar="RÉPONSE", nargs="?", help="la réponse, telle que le moteur la reçoit"
    )
    parser.add_argument("--json", action="store_true", help="verdict en JSON")
    parser.add_argument("--explain", action="store_true", help="montrer chaque étape de la comparaison")
    parser.add_argument("--timed-out", action="store_true", help="la réponse arrive après la fin du minuteur")
    parser.add_argument(
        "--probe",
        action="store_true",
        help="essayer, pour chaque réponse acceptée, les variantes que tapent les apprenants "
        "(casse, accents, espaces, fautes, nombres…) et dire lesquelles la clé accepte",
    )
    parser.set_defaults(handler=run)


def _print_probe(rows: ProbeRows, as_json: bool) -> None:
    from epreuve_tools.diagnostics import plural

    if as_json:
        import json

        document = {"probe": [_row(row) for row in rows], "left_out": rows.left_out, "limit": rows.limit}
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return
    if rows.limit is not None:
        print(
            f"Sondage arrêté ({rows.limit}) : {plural(rows.left_out, 'réponse acceptée', 'réponses acceptées')} "
            f"{'non sondées' if rows.left_out > 1 else 'non sondée'} ou en partie.",
            file=sys.stderr,
        )
    if not rows:
        print("Rien à sonder : le sondage porte sur les réponses libres (QROC, QROCM).")
        return
    width = max(len(row.slip) for row in rows)
    current = None
    for row in rows:
        heading = f"« {row.accepted} »" + (f" (champ « {row.field} »)" if row.field else "")
        if heading != current:
            print(f"\nRéponse acceptée {heading} :")
            current = heading
        verdict = "acceptée" if row.status == "ok" else "REFUSÉE"
        print(f"  {row.slip:<{width}}  {verdict:<8}  « {row.response} »")
    accepted = sum(row.status == "ok" for row in rows)
    from epreuve_tools.diagnostics import plural

    tried = plural(len(rows), "variante essayée", "variantes essayées")
    verdicts = f"{plural(accepted, 'acceptée')}, {plural(len(rows) - accepted, 'refusée')}"
    print(f"\n{tried} : {verdicts}.")


def _row(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in ("field", "accepted", "slip", "response", "status")}


def _missing_blanks(kind: str, response: str, blanks: tuple[str, ...], path: Path) -> tuple[str, ...]:
    """The blanks a QROCM response leaves out; a usage error when it is not `champ: valeur` lines.

    The runtime always sends every blank as a YAML mapping: anything else comes from a mistyped command
    line, and Pix would answer with a TypeError or judge nothing. Unreadable YAML is left to the verdict,
    which says how Pix fails on it.
    """
    from epreuve_tools.answers import response_fields
    from epreuve_tools.answers.failsafe import FailsafeError

    if kind not in ("qrocm-ind", "qrocm-dep"):
        return ()
    try:
        fields = response_fields(response)
    except FailsafeError:
        return ()
    if fields is None:
        inline = ", ".join(f"{blank}: …" for blank in blanks[:3]) + (", …" if len(blanks) > 3 else "")
        raise UsageError(
            f"{path} : une réponse de QROCM s'écrit `champ: valeur` pour chaque champ, pas {_shown(response)}",
            hint=f"champs de l'épreuve : {', '.join(blanks) or '(aucun)'} ; écrivez par exemple "
            f"'{{{inline}}}', ou une ligne `champ: valeur` par champ",
        )
    return tuple(blank for blank in blanks if blank not in fields)


def _shown(response: str) -> str:
    flat = " ".join(response.split())
    if not flat:
        return "une réponse vide"
    return f"« {flat if len(flat) <= 60 else flat[:59] + '…'} »"


def run(arguments: argparse.Namespace) -> int:
    from epreuve_tools.analysis import analyse_with_model
    from epreuve_tools.answers import JudgingLimitError, judge, render_explanation
    from epreuve_tools.answers.explain import STATUS_LABELS, pix_error_reason
    from epreuve_tools.answers.from_model import answer_key
    from epreuve_tools.diagnostics import Diagnostic, Report, Severity
    from epreuve_tools.output import RenderContext, renderer
    from epreuve_tools.rules import REGISTRY

    path = Path(arguments.file)
    try:
        data = path.read_bytes()
    except OSError as error:
        from epreuve_tools.oserrors import describe

        raise UsageError(f"lecture impossible de {path} : {describe(error)}") from None
    # the examples are what `check` judges; here the file must only be sound enough to have a key
    # with the project's settings: HTML the project allows (`allowed-html`) blocks nothing here either
    from epreuve_tools.config import load_config

    analysis, epreuve = analyse_with_model(data, settings=load_config(Path.cwd()).rule_settings)
    blocking = [
        f
        for f in analysis.findings
        if REGISTRY[f.code].severity is Severity.ERROR and not f.code.startswith("KEY-")
    ]
    key = answer_key(epreuve) if epreuve is not None else None
    if blocking or key is None:
        report = Report(files_checked=1)
        report.extend(Diagnostic.from_finding(path.as_posix(), f, Severity.ERROR) for f in blocking)
        report.sort()
        print(renderer("text")(report, RenderContext()), end="", file=sys.stderr)
        print(f"epreuve : {path} a des erreurs : corrigez-les avant de juger une réponse.", file=sys.stderr)
        return 1
    if arguments.probe:
        from epreuve_tools.answers.probe import probe

        _print_probe(
            probe(key, tuple(blank.key for blank in epreuve.blanks) if epreuve else ()), arguments.json
        )
        return 0
    if arguments.response is None:
        raise UsageError("indiquez la RÉPONSE à juger, ou --probe pour sonder la clé")
    blanks = tuple(blank.key for blank in epreuve.blanks) if epreuve else ()
    try:
        missing = _missing_blanks(key.kind, arguments.response, blanks, path)
        verdict = judge(key, arguments.response, timed_out=arguments.timed_out)
    except JudgingLimitError as error:
        raise UsageError(
            f"{path} : réponse non jugée : {error.message}",
            hint="l'outil borne le travail d'un jugement (voir docs/guide-auteur.md, « examples »)",
        ) from None
    if arguments.json:
        import json

        document = {
            "file": path.as_posix(),
            "response": arguments.response,
            **verdict.to_dict(),
            "missing_fields": list(missing),
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    print(f"Verdict : {STATUS_LABELS[verdict.status]}")
    if missing:
        print(
            f"  Champs absents de la réponse : {', '.join(missing)} (Pix ne vérifie que les champs reçus ; "
            "le moteur les envoie toujours tous)"
        )
    if verdict.details:
        for name, ok in verdict.details.items():
            print(f"  {name} : {'juste' if ok else 'faux'}")
    if verdict.pix_error:
        print(f"  Pix ne peut pas juger cette réponse : {pix_error_reason(verdict.pix_error)}")
    if arguments.explain:
        print()
        print(render_explanation(verdict))
    return 0
