"""The author guide cannot drift: every complete example in it passes `epreuve check`.

A complete example is a fenced block whose info string is `markdown` and whose text starts with
`---`. Each is written into a copy of the sample content tree and checked with it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt

from tests.conftest import ROOT, Result

GUIDE = ROOT / "docs" / "guide-auteur.md"
_ID = re.compile(r"^id:\s*(\S+)", re.MULTILINE)
_TYPE = re.compile(r"^type:\s*(\S+)", re.MULTILINE)


def examples() -> list[str]:
    tokens = MarkdownIt("commonmark").parse(GUIDE.read_text("utf-8"))
    return [
        token.content
        for token in tokens
        if token.type == "fence" and token.info.strip() == "markdown" and token.content.startswith("---\n")
    ]


def test_guide_has_a_complete_example_of_every_type() -> None:
    kinds = {match.group(1) for text in examples() if (match := _TYPE.search(text))}
    assert kinds >= {"qcu", "qcm", "qroc", "qrocm-ind", "qrocm-dep"}


def test_every_complete_example_passes_check(tmp_path: Path, run_epreuve: Callable[..., Result]) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    written = []
    for text in examples():
        match = _ID.search(text)
        assert match, f"an example has no id:\n{text}"
        target = content / "epreuves" / "guide" / f"{match.group(1)}.md"
        assert not target.exists(), f"two examples share the id {match.group(1)}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
        written.append(target)
    # with the project's own configuration (the ITEM rules included)
    result = run_epreuve(
        "check", "--no-cache", "--format", "json", "--fail-on", "warning",
        "--config", str(ROOT / "pyproject.toml"), str(content),
    )  # fmt: skip
    problems = [
        f"{d['file']}:{d['line']}: {d['code']} {d['message']}"
        for d in result.json()["diagnostics"]
        if not d["waived"]
    ]
    assert problems == []
    assert result.code == 0
    assert len(written) >= 5


def test_every_rule_code_is_documented_for_authors() -> None:
    from epreuve_tools.rules import REGISTRY

    reference = (ROOT / "docs" / "diagnostics.md").read_text("utf-8")
    assert [code for code in REGISTRY if f"| {code} |" not in reference] == []
