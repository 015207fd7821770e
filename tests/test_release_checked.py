"""`load_content` given what `check` analysed (`Report.checked`): it packs those files with those
bytes only. The command's refusals (a file edited or deleted between the check and the packing) are
tested end to end in test_release.py; here, what is left out and what is refused, file by file."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from epreuve_tools.bundle.pack import ChangedSinceCheck, load_content

from .conftest import SAMPLE_CONTENT


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    return tmp_path / "content"


def _checked(root: Path) -> dict[str, str]:
    """What a check of the whole tree would give: the SHA-256 of every épreuve and parcours."""
    paths = [*root.glob("epreuves/**/*.md"), *root.glob("parcours/*.yaml")]
    return {os.path.abspath(path): hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}


def test_with_every_file_checked_the_content_is_the_same(tree: Path) -> None:
    unchecked, checked = load_content(tree), load_content(tree, _checked(tree))
    assert sorted(checked.epreuves) == sorted(unchecked.epreuves)
    assert [p.id for p, _ in checked.parcours] == [p.id for p, _ in unchecked.parcours]


def test_a_file_the_check_did_not_see_is_left_out(tree: Path) -> None:
    checked = _checked(tree)
    unseen = next(tree.glob("epreuves/**/tableur-nom-cellule.md"))
    del checked[os.path.abspath(unseen)]  # excluded by the configuration, or created after the check
    assert "tableur-nom-cellule" not in load_content(tree, checked).epreuves
    assert "tableur-nom-cellule" in load_content(tree).epreuves


def test_a_file_whose_bytes_changed_since_the_check_is_refused(tree: Path) -> None:
    checked = _checked(tree)
    parcours = tree / "parcours" / "tableur.yaml"
    parcours.write_text(parcours.read_text("utf-8") + "  - tableur-nb-si-ecrire\n", "utf-8")
    with pytest.raises(ChangedSinceCheck) as refused:
        load_content(tree, checked)
    assert refused.value.path == parcours
    assert "modifié pendant la publication : relancez epreuve release" in str(refused.value)


def test_a_file_replaced_by_a_folder_since_the_check_is_refused(tree: Path) -> None:
    checked = _checked(tree)
    epreuve = next(tree.glob("epreuves/**/tableur-nom-cellule.md"))
    epreuve.unlink()
    epreuve.mkdir()
    with pytest.raises(ChangedSinceCheck, match=r"tableur-nom-cellule\.md : modifié pendant"):
        load_content(tree, checked)
