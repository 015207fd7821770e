"""Pix-shaped challenge records (`shared/domain/pix.md` §1.2) and the other JSON files of a bundle.

A record carries the answer key in Pix's own string forms, so that a Pix-compatible engine judges a
response exactly as `epreuve answer` does: QCU `"2"`, QCM `"1, 3"` (Pix Editor's `n1, n2`), QROC the
accepted answers one per line, QROCM a mapping of blank (or group) names to lists of accepted answers,
written as JSON text, which is YAML 1.2 that js-yaml reads back literally (no folding, no escapes that
YAML and JSON would read differently). `key_from_record` reads a record back the way Pix does; a test
judges every example of the sample content with both keys.

The JSON inside a bundle is RFC 8785 canonical (`rfc8785`): one byte form whoever writes it, and
only integers, booleans, strings, lists and objects (no float, whose text form varies).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Final

from epreuve_tools.answers.key import PIX_TYPE, AnswerKey, Kind
from epreuve_tools.bundle.errors import INVALID_RECORD, BundleError
from epreuve_tools.kinds import EpreuveType
from epreuve_tools.model import Epreuve

CONTENT_SCHEMA: Final = "epreuve-bundle/1"
ID: Final = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")

_ACCESSIBILITY: Final = (
    ("non_voyant", "accessibility1"),
    ("daltonien", "accessibility2"),
    ("sourds_malentendants", "deafAndHardOfHearing"),
)
_KIND_OF_TYPE: Final[dict[str, Kind]] = {pix: kind for kind, pix in PIX_TYPE.items()}


def canonical(document: Any) -> bytes:
    """RFC 8785 bytes of a JSON document made of ints, bools, strings, lists and objects."""
    import rfc8785

    return rfc8785.dumps(document)


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def solution_text(key: AnswerKey) -> str:
    """The answer key as the `solution` string Pix stores (pix.md §2)."""
    if key.kind == "qcu":
        return key.items[0]
    if key.kind == "qcm":
        return ", ".join(key.items)
    if key.kind == "qroc":
        return "\n".join(key.items)
    return json.dumps({name: list(accepted) for name, accepted in key.groups.items()}, ensure_ascii=False)


def proposals_text(epreuve: Epreuve) -> str:
    """The `proposals` markup Pix renders: a bullet list (QCU, QCM) or the text with its `${…}` blanks."""
    if epreuve.type in (EpreuveType.QCU, EpreuveType.QCM):
        proposals = epreuve.body.proposals
        return "- " + "\n- ".join([proposal.text for proposal in proposals]) if proposals else ""
    container = epreuve.body.containers.get("propositions")
    return _lf(container.inner).strip("\n") if container is not None else ""


def build_record(epreuve: Epreuve, assets: Mapping[str, str]) -> dict[str, Any]:
    """The record of one `validé` épreuve; `assets` maps each file reference as written to its entry name.

    Raises ValueError for an épreuve whose key cannot be read: `release` only packs checked content.
    """
    key = epreuve.decoded_answer.key
    if epreuve.id is None or epreuve.type is None or key is None:
        raise ValueError(f"épreuve sans id, type ou clé lisible : {epreuve.id!r}")
    front = epreuve.front_matter
    body = epreuve.body
    correction = body.containers.get("correction")
    tolerances = key.tolerances
    record: dict[str, Any] = {
        "id": epreuve.id,
        "type": key.pix_type,
        "status": epreuve.status,
        "instruction": _lf(body.instruction),
        "proposals": proposals_text(epreuve),
        "solution": solution_text(key),
        "solutionToDisplay": _lf(correction.inner).strip("\n") if correction is not None else "",
        "t1Status": "t1" in tolerances,
        "t2Status": "t2" in tolerances,
        "t3Status": "t3" in tolerances,
        "format": epreuve.format or "mots",
        "locales": [epreuve.locale],
        "competenceId": epreuve.competence,
        # Pix names an acquis `@tube` + level; our content has no other identifier for it
        "skillId": f"{epreuve.tube}{epreuve.level}",
        "shuffled": front.get("shuffle") is True,
        "focusable": front.get("focus") is True,
        "attachments": [],
    }
    alternative = front.get("alternative_instruction")
    if isinstance(alternative, str):
        record["alternativeInstruction"] = _lf(alternative)
    timer = front.get("timer")
    if isinstance(timer, int) and not isinstance(timer, bool):
        record["timer"] = timer
    accessibility = front.get("accessibility")
    if isinstance(accessibility, dict):
        for ours, pix in _ACCESSIBILITY:
            if isinstance(accessibility.get(ours), str):
                record[pix] = accessibility[ours]
    illustration = front.get("illustration")
    if isinstance(illustration, dict) and isinstance(illustration.get("src"), str):
        record["illustrationUrl"] = assets[illustration["src"]]
        record["illustrationAlt"] = str(illustration.get("alt", ""))
    for attachment in front.get("attachments") or ():
        if isinstance(attachment, dict) and isinstance(attachment.get("src"), str):
            record["attachments"].append(assets[attachment["src"]])
    return record


def key_from_record(record: Mapping[str, Any]) -> AnswerKey:
    """The answer key as Pix reads a record: its `solution` string, tolerances and blanks.

    Selects are the blanks whose markup has `options=`, as Pix's solution adapter finds them.
    """
    from epreuve_tools.parsing.blanks import scan_blanks

    kind = _KIND_OF_TYPE[record["type"]]
    solution: str = record["solution"]
    tolerances = [name for name in ("t1", "t2", "t3") if record.get(f"{name}Status") is True]
    blanks = scan_blanks(record.get("proposals", ""), 1).blanks
    selects = [blank.key for blank in blanks if blank.is_select]
    if kind == "qcu":
        return AnswerKey.qcu(solution)
    if kind == "qcm":
        return AnswerKey.qcm(item.strip() for item in solution.split(","))
    if kind == "qroc":
        return AnswerKey.qroc(
            solution.split("\n"),
            tolerances=tolerances,
            format=record.get("format"),
            first_blank_is_select=bool(blanks) and blanks[0].is_select,
        )
    import yaml

    groups = yaml.safe_load(solution)  # JSON text, read as the YAML it is to Pix
    build = AnswerKey.qrocm_ind if kind == "qrocm-ind" else AnswerKey.qrocm_dep
    return build(groups, tolerances=tolerances, selects=selects, format=record.get("format"))


_REQUIRED: Final[dict[str, type | tuple[type, ...]]] = {
    "id": str,
    "type": str,
    "status": str,
    "instruction": str,
    "proposals": str,
    "solution": str,
    "solutionToDisplay": str,
    "t1Status": bool,
    "t2Status": bool,
    "t3Status": bool,
    "format": str,
    "locales": list,
    "attachments": list,
}


def check_record(name: str, record: Any, expected_id: str, asset_names: set[str]) -> None:
    """Refuse a record a runtime could not serve as is (BUNDLE-018): the fields Pix's engine reads,
    with their types, the id it is filed under, and assets that are in the bundle."""
    from epreuve_tools.bundle.schemas import schema_problem

    if not isinstance(record, dict):
        raise BundleError(INVALID_RECORD, f"enregistrement {name!r} invalide : ce n'est pas un objet JSON")
    problem = schema_problem("record", record)
    fault = _first_fault(record, expected_id, asset_names, schema_valid=problem is None) or problem
    if fault is not None:
        raise BundleError(INVALID_RECORD, f"enregistrement {name!r} invalide : {fault}")


def _first_fault(
    record: dict[str, Any], expected_id: str, asset_names: set[str], *, schema_valid: bool
) -> str | None:
    """The first fault the field checks find, in their order, the schema's own refusal aside.

    The schema is decided first (compiled: one call): a record it accepts has every field of
    `_REQUIRED` with its type, a type Pix knows and the status `validé`, so only the id and the assets
    remain to check. For a record it refuses, every check runs, so that the refusal names the first
    fault the way these checks put it."""
    if not schema_valid:
        for field, kind in _REQUIRED.items():
            if not isinstance(record.get(field), kind):
                return f"champ `{field}` absent ou mal typé"
    if record["id"] != expected_id:
        return f"son id {record['id']!r} n'est pas celui du fichier"
    if not schema_valid:
        if record["type"] not in _KIND_OF_TYPE:
            return f"type {record['type']!r} inconnu de Pix"
        if record["status"] != "validé":
            return "seules les épreuves validées sont publiées"
    referenced = list(record["attachments"])
    if "illustrationUrl" in record:
        referenced.append(record["illustrationUrl"])
    for reference in referenced:
        try:
            absent = reference not in asset_names
        except TypeError:  # a list or an object: the schema's refusal names it
            absent = False
        if absent:
            return f"fichier {reference!r} absent du paquet"
    return None
