"""Every fixture file states the diagnostics it must produce, inline; the check must match exactly.

Expectations: in YAML (front matter or .yaml files) a trailing `# expect: CODE[, CODE]` on the line;
anywhere in Markdown an HTML comment `<!-- expect: L<line> CODE -->`; for a file that cannot hold a
comment (empty, binary, not UTF-8), a sidecar `<file>.expect` with one `L<line> CODE` a line. A file
named `ok_*` must produce nothing; any other fixture must declare at least one expectation.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from epreuve_tools.checker import CheckOptions, run_check
from epreuve_tools.config import Config
from epreuve_tools.rules import REGISTRY
from epreuve_tools.selection import Selection
from tests.conftest import FIXTURES, ROOT

TREE = FIXTURES / "tree"
_YAML_EXPECT = re.compile(r"#\s*expect:\s*([A-Z0-9, -]+?)\s*$")
_MD_EXPECT = re.compile(r"<!--\s*expect:\s*L(\d+)\s+([A-Z0-9-]+)\s*-->")
# Codes that a fixture tree cannot show; each is tested where it can be produced.
NOT_IN_TREE = {
    "INTERNAL-001",  # a crash (test_engine)
    "PARSE-007",  # over 1 MiB (test_bad_input)
    "KEY-003",  # thousands of answers (test_bad_input)
    "KEY-020",  # opt-in (tests/answers/test_probe)
    "A11Y-TXT-008",  # opt-in (tests/test_a11y_text)
    "A11Y-CLR-004",  # opt-in, experimental (tests/test_a11y_files)
    "TYPO-001",  # opt-in until the bank is formatted (tests/test_fmt, tests/fixtures/fmt/typo)
    "PARSE-011",  # links in a loop, FIFOs, unreadable folders: not in git (test_discovery)
}
# The bank-level item-writing rules judge a bank as a whole; this tree is a bank of clones (every
# fixture copies a valid épreuve), so they run on their own tree (tests/test_item_rules.py).
BANK_LEVEL = ("ITEM-002", "ITEM-003", "ITEM-012", "ITEM-013", "ITEM-014")
NOT_IN_TREE |= set(BANK_LEVEL)


def expectations(path: Path) -> Counter[tuple[int, str]]:
    expected: Counter[tuple[int, str]] = Counter()
    sidecar = path.with_name(path.name + ".expect")
    if sidecar.exists():
        pairs = sidecar.read_text("utf-8").split()
        return Counter((int(pairs[i][1:]), pairs[i + 1]) for i in range(0, len(pairs), 2))
    for number, line in enumerate(path.read_text("utf-8").split("\n"), start=1):
        yaml_match = _YAML_EXPECT.search(line)
        if yaml_match and not line.lstrip().startswith("<!--"):
            for code in yaml_match.group(1).split(","):
                expected[(number, code.strip())] += 1
        for line_text, code in _MD_EXPECT.findall(line):
            expected[(int(line_text), code)] += 1
    return expected


FIXTURE_FILES = sorted(p for p in TREE.rglob("*") if p.suffix in (".md", ".yaml") and p.is_file())


@pytest.fixture(scope="module")
def tree_report() -> dict[str, Counter[tuple[int, str]]]:
    config = Config(root=ROOT)
    selection = Selection(("ALL",), BANK_LEVEL, {}, {})
    report, crashes = run_check(
        CheckOptions(paths=(TREE,), config=config, selection=selection, use_cache=False)
    )
    assert not crashes, crashes
    found: dict[str, Counter[tuple[int, str]]] = {}
    for diagnostic in report.active():
        found.setdefault(diagnostic.path, Counter())[(diagnostic.span.start.line, diagnostic.code)] += 1
    return found


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.relative_to(TREE).as_posix())
def test_fixture_produces_exactly_its_expectations(
    path: Path, tree_report: dict[str, Counter[tuple[int, str]]]
) -> None:
    expected = expectations(path)
    if path.name.startswith("ok_"):
        assert not expected, "an ok_ fixture declares no expectation"
    elif path.suffix == ".md":
        assert expected, "a failing fixture must declare what it expects"
    relative = path.relative_to(ROOT).as_posix()
    assert tree_report.get(relative, Counter()) == expected


def test_every_code_is_shown_by_a_fixture_or_a_dedicated_test() -> None:
    shown = {code for path in FIXTURE_FILES for (_line, code) in expectations(path)}
    missing = set(REGISTRY) - shown - NOT_IN_TREE
    assert not missing, f"codes with no fixture: {sorted(missing)}"
