"""The sample images and attachments are exactly what scripts/illustrations.py makes."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def _illustrations(*arguments: str) -> subprocess.CompletedProcess[str]:
    script = ROOT / "scripts" / "illustrations.py"
    command = [sys.executable, str(script), *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, cwd=ROOT)


def test_committed_images_are_regenerated_identically() -> None:
    completed = _illustrations("--check")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_every_generated_file_is_referenced_by_an_epreuve() -> None:
    listed = _illustrations("--list").stdout.split()
    assert len(listed) >= 33
    texts = "\n".join(p.read_text("utf-8") for p in (ROOT / "content" / "epreuves").rglob("*.md"))
    unreferenced = [name for name in listed if name.rsplit("/", 1)[-1] not in texts]
    assert not unreferenced
