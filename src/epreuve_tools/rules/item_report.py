"""The item-writing quality report (`epreuve check --quality-report FILE`), in Markdown.

Per rule: the bank-level measures (ITEM-002 longer keys, ITEM-003 key positions) for the bank and
each parcours, whether or not they pass their threshold, with the épreuves concerned; the pairs of
near-duplicates (ITEM-012, -013) and the answers one épreuve gives another (ITEM-014), as `check`
reports them; and for each per-épreuve rule (ITEM-001, -004 to -011) the épreuves it reports, by
parcours. Pure: it reads the banks the project rules built and the check's diagnostics.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from epreuve_tools.rules.item_bank import Bank, BankEpreuve, percent
from epreuve_tools.rules.item_duplicates import bank_pairs, near_duplicate_pairs
from epreuve_tools.rules.item_length import MAX_LONGER_KEY_SHARE, longer_key, longer_key_share
from epreuve_tools.rules.item_position import MAX_EXCESS_OVER_CHANCE, fixed_qcu, key_positions

if TYPE_CHECKING:
    from epreuve_tools.diagnostics import Diagnostic
    from epreuve_tools.project import Project

_DOCUMENT_RULES = (
    "ITEM-001", "ITEM-004", "ITEM-005", "ITEM-006", "ITEM-007", "ITEM-008", "ITEM-009", "ITEM-010",
    "ITEM-011",
)  # fmt: skip
_NO_PARCOURS = "(dans aucun parcours)"


def _cell(text: str) -> str:
    """A value for a Markdown table cell: one line, no column break."""
    return " ".join(text.replace("|", "\\|").split())


def _names(epreuves: Iterable[BankEpreuve]) -> str:
    shown = [f"`{e.name}`" for e in epreuves]
    return ", ".join(shown) if shown else "—"


def _share(count: int, total: int) -> str:
    return f"{count} / {total} ({percent(count / total)})" if total else "0 / 0"


def _longer_section(bank: Bank) -> list[str]:
    lines = [
        "## ITEM-002 : bonne réponse plus longue que toutes les mauvaises",
        "",
        f"Seuil : {percent(MAX_LONGER_KEY_SHARE)} des QCU et QCM (dès 8).",
        "",
        "| Ensemble | QCU et QCM dont la clé est la plus longue | Épreuves concernées |",
        "|---|---|---|",
    ]
    groups: list[tuple[str, Sequence[BankEpreuve]]] = [("Banque (en service)", bank.in_service())]
    groups += [(f"Parcours `{p.id or p.path}`", [bank.epreuves[i] for i in m]) for p, m in bank.parcours]
    for label, epreuves in groups:
        longer, total = longer_key_share(epreuves)
        concerned = [e for e in epreuves if e.choices and longer_key(e.item.lengths, e.item.right)]
        lines.append(f"| {_cell(label)} | {_share(longer, total)} | {_names(concerned)} |")
    return lines


def _positions_section(bank: Bank) -> list[str]:
    lines = [
        "## ITEM-003 : place de la bonne réponse des QCU sans mélange",
        "",
        f"Seuil : {round(100 * MAX_EXCESS_OVER_CHANCE)} points au-dessus du hasard (dès 8 QCU sans mélange).",
        "",
        "| Ensemble | QCU sans mélange | Clés par place (part ; hasard) |",
        "|---|---|---|",
    ]
    groups: list[tuple[str, Sequence[BankEpreuve]]] = [("Banque (en service)", bank.in_service())]
    groups += [(f"Parcours `{p.id or p.path}`", [bank.epreuves[i] for i in m]) for p, m in bank.parcours]
    for label, epreuves in groups:
        observed, expected, total = key_positions(epreuves)
        places = "; ".join(
            f"{position} : {observed.get(position, 0)} ({percent(observed.get(position, 0) / total)} ; "
            f"{percent(expected[position] / total)})"
            for position in sorted(expected)
        )
        lines.append(f"| {_cell(label)} | {total} | {places or '—'} |")
    fixed = fixed_qcu(bank.in_service())
    if fixed:
        lines += ["", f"QCU sans mélange : {_names(fixed)}."]
    return lines


def _duplicates_section(bank: Bank) -> list[str]:
    lines = ["## ITEM-012 et ITEM-013 : épreuves presque identiques", ""]
    pairs = bank_pairs(bank)
    lines += [
        f"- `{bank.epreuves[a].name}` et `{bank.epreuves[b].name}` : {score} sur 100" for a, b, score in pairs
    ] or ["Aucune paire dans la banque."]
    for parcours, members in bank.parcours:
        epreuves = [bank.epreuves[i] for i in members]
        found = near_duplicate_pairs(epreuves)
        if found:
            lines += ["", f"Parcours `{parcours.id or parcours.path}` :", ""]
            lines += [f"- `{epreuves[a].name}` et `{epreuves[b].name}` : {s} sur 100" for a, b, s in found]
    return lines


def _by_parcours(bank: Bank) -> dict[str, list[str]]:
    """The parcours (ids) of each épreuve, by path."""
    found: dict[str, list[str]] = defaultdict(list)
    for parcours, members in bank.parcours:
        for index in members:
            found[bank.epreuves[index].path].append(parcours.id or parcours.path)
    return found


def _findings_section(bank: Bank, diagnostics: Sequence[Diagnostic]) -> list[str]:
    lines = ["## Règles par épreuve et fuites entre épreuves", ""]
    paths = {e.path: e for e in bank.epreuves}
    parcours_of = _by_parcours(bank)
    by_code: dict[str, list[Diagnostic]] = defaultdict(list)
    for diagnostic in diagnostics:
        if diagnostic.waived_by is None and diagnostic.path in paths:
            by_code[diagnostic.code].append(diagnostic)
    for code in (*_DOCUMENT_RULES, "ITEM-014"):
        found = by_code.get(code, [])
        lines += [f"### {code} : {len(found)} diagnostic{'s' if len(found) > 1 else ''}", ""]
        if not found:
            lines += ["Rien à signaler, ou règle écartée par la configuration.", ""]
            continue
        grouped: dict[str, list[str]] = defaultdict(list)
        for diagnostic in found:
            epreuve = paths[diagnostic.path]
            entry = f"`{epreuve.name}` (ligne {diagnostic.span.start.line}) : {_cell(diagnostic.message)}"
            for parcours in parcours_of.get(diagnostic.path) or [_NO_PARCOURS]:
                grouped[parcours].append(entry)
        for parcours in sorted(grouped):
            label = parcours if parcours == _NO_PARCOURS else f"parcours `{parcours}`"
            lines += [f"- {label} ({len(grouped[parcours])}) :"]
            lines += [f"  - {entry}" for entry in grouped[parcours]]
        lines.append("")
    return lines


def quality_report(banks: Sequence[tuple[Project, Bank]], diagnostics: Sequence[Diagnostic]) -> str:
    """The Markdown report of the banks checked, with the ITEM diagnostics of the check."""
    lines = ["# Rapport de qualité de rédaction des épreuves", ""]
    lines += [
        "Règles ITEM, d'après Haladyna, Downing et Rodriguez (2002), « A Review of Multiple-Choice "
        "Item-Writing Guidelines for Classroom Assessment », Applied Measurement in Education 15(3). "
        "Le détail de chaque règle : `epreuve rule ITEM-001`…",
        "",
    ]
    if not banks:
        lines += ["Aucune banque vérifiée (aucune épreuve lue).", ""]
    for project, bank in banks:
        choices = [e for e in bank.in_service() if e.choices]
        lines += [
            f"Banque `{project.content_root}` : {len(bank.epreuves)} épreuves, dont {len(choices)} QCU ou "
            f"QCM en service, {len(bank.parcours)} parcours.",
            "",
        ]
        for section in (_longer_section, _positions_section, _duplicates_section):
            lines += [*section(bank), ""]
        lines += _findings_section(bank, diagnostics)
    return "\n".join(lines).rstrip("\n") + "\n"
