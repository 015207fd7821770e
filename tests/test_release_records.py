"""`check_record` decides the schema first and skips the field checks the schema already made; its
verdict and message must stay those of the checks run one after the other (the reference below, the
function as it was), on valid records and on every kind of fault, several at once included."""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Callable
from typing import Any

import pytest

from epreuve_tools.bundle.errors import INVALID_RECORD, BundleError
from epreuve_tools.bundle.pack import load_content, pack_parcours
from epreuve_tools.bundle.records import _KIND_OF_TYPE, _REQUIRED, check_record
from epreuve_tools.bundle.schemas import schema_problem

from .conftest import SAMPLE_CONTENT


def _reference(name: str, record: Any, expected_id: str, asset_names: set[str]) -> None:
    """Every check in its order, the schema last (what check_record did before it decided the
    schema first); an unhashable reference is left to the schema."""

    def refuse(why: str) -> BundleError:
        return BundleError(INVALID_RECORD, f"enregistrement {name!r} invalide : {why}")

    if not isinstance(record, dict):
        raise refuse("ce n'est pas un objet JSON")
    for field, kind in _REQUIRED.items():
        if not isinstance(record.get(field), kind):
            raise refuse(f"champ `{field}` absent ou mal typé")
    if record["id"] != expected_id:
        raise refuse(f"son id {record['id']!r} n'est pas celui du fichier")
    if record["type"] not in _KIND_OF_TYPE:
        raise refuse(f"type {record['type']!r} inconnu de Pix")
    if record["status"] != "validé":
        raise refuse("seules les épreuves validées sont publiées")
    referenced = list(record["attachments"])
    if "illustrationUrl" in record:
        referenced.append(record["illustrationUrl"])
    for reference in referenced:
        if isinstance(reference, (list, dict)):
            continue
        if reference not in asset_names:
            raise refuse(f"fichier {reference!r} absent du paquet")
    problem = schema_problem("record", record)
    if problem is not None:
        raise refuse(problem)


@pytest.fixture(scope="module")
def records() -> list[tuple[str, dict[str, Any], set[str]]]:
    content = load_content(SAMPLE_CONTENT)
    found = []
    for parcours, raw in content.parcours:
        entries = pack_parcours(content, parcours, raw, 1).entries
        assets = {name for name in entries if name.startswith("assets/")}
        found += [
            (name, json.loads(data), assets) for name, data in entries.items() if name.startswith("epreuves/")
        ]
    return found


def _faults() -> list[Callable[[dict[str, Any]], None]]:
    faults: list[Callable[[dict[str, Any]], None]] = []
    for field in _REQUIRED:
        faults.append(lambda r, f=field: r.pop(f, None))
        faults.append(lambda r, f=field: r.update({f: 12}))
    faults += [
        lambda r: r.update(id="une-autre"),
        lambda r: r.update(type="QCX"),
        lambda r: r.update(status="proposé"),
        lambda r: r.update(attachments=["assets/" + "0" * 64 + ".png"]),
        lambda r: r.update(attachments=[["liste"]]),
        lambda r: r.update(attachments=[{"objet": 1}]),
        lambda r: r.update(attachments=[7]),
        lambda r: r.update(illustrationUrl="assets/" + "1" * 64 + ".png"),
        lambda r: r.update(illustrationUrl={"objet": 1}),
        lambda r: r.update(format="énorme"),
        lambda r: r.update(timer=True),
        lambda r: r.update(extra="?"),
        lambda r: r.update(locales=[]),
        lambda r: r.update(t1Status=1),
    ]
    return faults


def _outcome(check: Callable[..., None], *args: Any) -> tuple[str, str] | None:
    try:
        check(*args)
    except BundleError as refusal:
        return refusal.code, str(refusal)
    return None


def test_valid_records_pass(records: list[tuple[str, dict[str, Any], set[str]]]) -> None:
    assert len(records) > 100
    for name, record, assets in records:
        check_record(name, record, record["id"], assets)


def test_every_fault_alone_and_in_pairs_gives_the_reference_verdict(
    records: list[tuple[str, dict[str, Any], set[str]]],
) -> None:
    faults = _faults()
    samples = [records[0], next(item for item in records if item[1].get("illustrationUrl"))]
    refused = 0
    for (name, record, assets), (first, second) in itertools.product(
        samples, [(fault, None) for fault in faults] + list(itertools.combinations(faults, 2))
    ):
        changed = copy.deepcopy(record)
        first(changed)
        if second is not None:
            second(changed)
        expected = _outcome(_reference, name, changed, record["id"], assets)
        assert _outcome(check_record, name, changed, record["id"], assets) == expected, changed
        refused += expected is not None
    assert refused > len(faults)
