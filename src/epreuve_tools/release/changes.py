"""What changed between two versions of the content, épreuve by épreuve: the release notes that
`epreuve release` writes and what `epreuve diff` shows to reviewers.

Both sides are Pix-shaped records (`bundle/records.py`), the form a runtime serves: a change that does
not reach a record does not reach a learner. Changes a reviewer must look at first are called out as
semantic: the key, the tolerances, the status, the acquis (tube and level), the competence, the type,
the answer format and the timer: each can turn a right answer into a wrong one, or move the épreuve
to another place in the framework. Wording changes are listed after them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

# record field -> (French label, semantic)
FIELDS: Final[dict[str, tuple[str, bool]]] = {
    "solution": ("clé", True),
    "t1Status": ("tolérance T1", True),
    "t2Status": ("tolérance T2", True),
    "t3Status": ("tolérance T3", True),
    "status": ("statut", True),
    "skillId": ("acquis (tube et niveau)", True),
    "competenceId": ("compétence", True),
    "type": ("type", True),
    "format": ("format de réponse", True),
    "timer": ("minuteur", True),
    "instruction": ("consigne", False),
    "proposals": ("propositions", False),
    "solutionToDisplay": ("correction", False),
    "alternativeInstruction": ("consigne alternative", False),
    "illustrationUrl": ("illustration", False),
    "illustrationAlt": ("texte alternatif de l'illustration", False),
    "attachments": ("pièces jointes", False),
    "accessibility1": ("accessibilité : non voyant", False),
    "accessibility2": ("accessibilité : daltonien", False),
    "deafAndHardOfHearing": ("accessibilité : sourds et malentendants", False),
    "shuffled": ("propositions mélangées", False),
    "focusable": ("mode focus", False),
    "locales": ("langue", False),
}
SHORT_VALUE: Final = 60
ALL_SECTION: Final = "toutes-les-epreuves"  # `epreuve diff` of content: every épreuve, any status  # longer values (instructions…) are named, not quoted, in the notes

Kind = Literal["added", "retired", "changed"]
KIND_FR: Final[dict[str, str]] = {"added": "ajoutée", "retired": "retirée", "changed": "modifiée"}


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    label: str
    semantic: bool
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class EpreuveChange:
    epreuve: str
    kind: Kind
    fields: tuple[FieldChange, ...] = ()

    @property
    def semantic(self) -> bool:
        return self.kind != "changed" or any(change.semantic for change in self.fields)


@dataclass(frozen=True, slots=True)
class ParcoursChanges:
    """One parcours between two versions; `before_version` None for a new parcours, `after_version` None
    for a parcours no longer published."""

    parcours: str
    before_version: int | None
    after_version: int | None
    changes: tuple[EpreuveChange, ...] = ()
    order_changed: bool = False
    title: str = ""

    @property
    def empty(self) -> bool:
        same_version = (self.before_version is None) == (self.after_version is None) and (
            self.before_version == self.after_version
        )
        return not self.changes and not self.order_changed and same_version


_ORDER: Final = {name: index for index, name in enumerate(FIELDS)}


def _field_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    names = sorted(set(before) | set(after), key=lambda name: (_ORDER.get(name, len(_ORDER)), name))
    changes = []
    for name in names:
        if name == "id" or before.get(name) == after.get(name):
            continue
        label, semantic = FIELDS.get(name, (name, False))
        changes.append(FieldChange(name, label, semantic, before.get(name), after.get(name)))
    return tuple(changes)


def diff_records(
    before: Mapping[str, Mapping[str, Any]], after: Mapping[str, Mapping[str, Any]]
) -> tuple[EpreuveChange, ...]:
    """Épreuves added, retired and changed (with their fields), sorted by id."""
    changes: list[EpreuveChange] = []
    for epreuve in sorted(set(before) | set(after)):
        if epreuve not in before:
            changes.append(EpreuveChange(epreuve, "added"))
        elif epreuve not in after:
            changes.append(EpreuveChange(epreuve, "retired"))
        else:
            fields = _field_changes(before[epreuve], after[epreuve])
            if fields:
                changes.append(EpreuveChange(epreuve, "changed", fields))
    return tuple(changes)


def diff_parcours(
    parcours: str,
    before: tuple[int, Sequence[str], Mapping[str, Mapping[str, Any]]] | None,
    after: tuple[int, Sequence[str], Mapping[str, Mapping[str, Any]]] | None,
    *,
    title: str = "",
) -> ParcoursChanges:
    """A parcours' changes from (version, ordered ids, records by id) on each side (None: absent)."""
    before_records = before[2] if before else {}
    after_records = after[2] if after else {}
    order_changed = False
    if before is not None and after is not None:  # the épreuves both sides publish, in each side's order
        order_changed = [i for i in before[1] if i in after_records] != [
            i for i in after[1] if i in before_records
        ]
    return ParcoursChanges(
        parcours,
        before[0] if before else None,
        after[0] if after else None,
        diff_records(before_records, after_records),
        order_changed,
        title,
    )


def _shown(value: Any) -> str:
    if value is None:
        return "(absent)"
    if isinstance(value, bool):
        return "oui" if value else "non"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return f"« {text} »" if len(text) <= SHORT_VALUE else f"({len(text)} signes)"


_REWRITTEN: Final = {
    "instruction": "consigne réécrite",
    "proposals": "propositions réécrites",
    "solutionToDisplay": "correction réécrite",
    "alternativeInstruction": "consigne alternative réécrite",
}
KEY_SHOWN: Final = 200  # a key is what reviewers check first: shown whole unless huge


def _shown_key(value: Any) -> str:
    if not isinstance(value, str):
        return _shown(value)
    text = " | ".join(line.strip() for line in value.split("\n") if line.strip())
    return f"« {text} »" if len(text) <= KEY_SHOWN else f"« {text[:KEY_SHOWN]}… »"


def _field_line(change: FieldChange) -> str:
    if change.field in _REWRITTEN:
        return _REWRITTEN[change.field]
    if change.field == "solution":
        return f"{change.label} : {_shown_key(change.before)} → {_shown_key(change.after)}"
    return f"{change.label} : {_shown(change.before)} → {_shown(change.after)}"


def _epreuve_lines(change: EpreuveChange) -> list[str]:
    if change.kind != "changed":
        return [f"- `{change.epreuve}` : {KIND_FR[change.kind]}"]
    semantic = [c for c in change.fields if c.semantic]
    wording = [c for c in change.fields if not c.semantic]
    lines = [
        f"- `{change.epreuve}` : modifiée{' — **à relire : ' + ', '.join(c.label for c in semantic) + '**' if semantic else ''}"
    ]
    lines.extend(f"  - {_field_line(c)}" for c in [*semantic, *wording])
    return lines


def markdown(title: str, parcours: Sequence[ParcoursChanges]) -> str:
    """The release notes in French Markdown: per parcours, semantic changes first."""
    lines = [f"# {title}", ""]
    shown = [p for p in parcours if not p.empty]
    if not shown:
        lines.append("Aucun changement.")
    for entry in shown:
        heading = f"## {entry.parcours}" + (f" — {entry.title}" if entry.title else "")
        lines += [heading, ""]
        if entry.before_version is None:
            lines += [
                f"nouveau parcours, version {entry.after_version}"
                if entry.after_version
                else "nouveau parcours",
                "",
            ]
        elif entry.after_version is None:
            lines += [
                f"parcours retiré (était en version {entry.before_version})"
                if entry.before_version
                else "parcours retiré",
                "",
            ]
        elif entry.before_version != entry.after_version:
            lines += [f"version {entry.before_version} → {entry.after_version}", ""]
        if entry.order_changed:
            lines += ["- ordre des épreuves modifié", ""]
        ordered = sorted(entry.changes, key=lambda c: (not c.semantic, c.epreuve))
        for change in ordered:
            lines.extend(_epreuve_lines(change))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def as_json(title: str, parcours: Sequence[ParcoursChanges]) -> dict[str, Any]:
    """The same notes as data, for tools (stable keys, values as in the records)."""
    return {
        "title": title,
        "parcours": [
            {
                "parcours": entry.parcours,
                "title": entry.title,
                "before_version": entry.before_version,
                "after_version": entry.after_version,
                "order_changed": entry.order_changed,
                "epreuves": [
                    {
                        "id": change.epreuve,
                        "change": change.kind,
                        "semantic": change.semantic,
                        "fields": [
                            {
                                "field": f.field,
                                "label": f.label,
                                "semantic": f.semantic,
                                "before": f.before,
                                "after": f.after,
                            }
                            for f in change.fields
                        ],
                    }
                    for change in entry.changes
                ],
            }
            for entry in parcours
            if not entry.empty
        ],
    }


@dataclass(slots=True)
class Side:
    """One side of a comparison: per parcours, its version, ordered ids and records."""

    parcours: dict[str, tuple[int, tuple[str, ...], dict[str, dict[str, Any]]]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)


def compare(before: Side, after: Side) -> list[ParcoursChanges]:
    """Each parcours of either side, in name order (a section of every épreuve, if any, first)."""
    names = sorted(set(before.parcours) | set(after.parcours), key=lambda name: (name != ALL_SECTION, name))
    return [
        diff_parcours(
            name,
            before.parcours.get(name),
            after.parcours.get(name),
            title=after.titles.get(name) or before.titles.get(name, ""),
        )
        for name in names
    ]
