"""A release is published all at once or not at all (issue #13, "Bad input"): a release killed half-way
leaves the published folder as it was and never blocks the next one; a folder that already publishes
newer content is left alone."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from epreuve_tools.bundle.pack import load_content
from epreuve_tools.errors import UsageError
from epreuve_tools.release import repository, staging
from epreuve_tools.release.keys import dev_signers
from epreuve_tools.release.repository import DEVELOPMENT, ensure_dev_root, write_release
from epreuve_tools.release.verify import verify_bundle

from .conftest import SAMPLE_CONTENT

NOW = datetime.now(UTC).replace(microsecond=0)
EPOCH = int(NOW.timestamp()) // 86400 * 86400


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def content() -> Any:
    return load_content(SAMPLE_CONTENT)


@pytest.fixture
def signers(tmp_path: Path) -> dict[str, Any]:
    return dict(dev_signers(tmp_path / "keys"))


def _release(content: Any, out: Path, signers: dict[str, Any], epoch: int = EPOCH) -> Any:
    ensure_dev_root(out, signers, epoch, DEVELOPMENT)
    return write_release(content, out, signers, epoch=epoch, now=NOW, lifetimes=DEVELOPMENT)


def _edited(content: Any) -> Any:
    """The same content with one validated épreuve's instruction changed: its parcours' bundle changes."""
    import copy

    changed = copy.copy(content)
    changed.epreuves = dict(content.epreuves)
    epreuve_id = "services-publics-france-services"
    path, epreuve = content.epreuves[epreuve_id]
    edited = copy.copy(epreuve)
    edited.body = copy.copy(epreuve.body)
    edited.body.instruction = epreuve.body.instruction + "\n\nUne phrase de plus."
    changed.epreuves[epreuve_id] = (path, edited)
    return changed


def test_a_release_killed_before_publishing_leaves_the_folder_as_it_was(
    content: Any, signers: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "release"
    _release(content, out, signers)
    before = _tree(out)

    def killed(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(repository, "_timestamp", killed)
    with pytest.raises(KeyboardInterrupt):
        _release(_edited(content), out, signers)
    assert _tree(out) == before
    assert not list(out.glob(".staging-*"))


def test_a_release_killed_while_linking_does_not_block_the_next_one(
    content: Any, signers: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "release"
    _release(content, out, signers)
    before = _tree(out)
    real_link = os.link
    calls = {"n": 0}

    def link_then_die(source: Any, target: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # one file linked, the rest never
        real_link(source, target)

    monkeypatch.setattr(staging.os, "link", link_then_die)
    with pytest.raises(KeyboardInterrupt):
        _release(_edited(content), out, signers)
    monkeypatch.setattr(staging.os, "link", real_link)
    left = set(_tree(out)) - set(before)
    assert left  # an unpublished file is there: no timestamp reaches it
    assert _tree(out)["metadata/timestamp.json"] == before["metadata/timestamp.json"]
    # a runtime still gets the previous release, intact
    root = (out / "metadata" / "1.root.json").read_bytes()
    verified = verify_bundle(repo=out, root=root, state=tmp_path / "state", parcours="tableur")
    assert verified.status == "verified"
    # the next release removes what was never published and publishes
    result = _release(_edited(content), out, signers)
    assert result.targets_version == 2
    assert not list(out.glob(".staging-*"))
    again = verify_bundle(
        repo=out, root=root, state=tmp_path / "state2", parcours="services-publics-numeriques"
    )
    assert again.version == 2


def test_a_staging_folder_left_by_a_killed_process_is_removed(
    content: Any, signers: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "release"
    _release(content, out, signers)
    stale = out / ".staging-tue"
    stale.mkdir()
    (stale / "000000").write_bytes(b"half a bundle")
    orphan = out / "metadata" / "99.snapshot.json"
    orphan.write_bytes(b"{}")
    _release(_edited(content), out, signers)
    assert not stale.exists()
    assert not orphan.exists()


def test_a_folder_publishing_newer_content_is_left_alone(
    content: Any, signers: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "release"
    _release(content, out, signers, epoch=EPOCH)
    before = _tree(out)
    with pytest.raises(UsageError, match="contenu plus récent"):
        _release(_edited(content), out, signers, epoch=EPOCH - 3600)
    assert _tree(out) == before
    # the same date (a re-run of the same commit) publishes
    assert _release(_edited(content), out, signers, epoch=EPOCH).targets_version == 2
