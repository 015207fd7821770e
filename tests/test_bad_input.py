"""Bad and hostile input: each yields a clear diagnostic naming the file, exit code 1, no traceback."""

from __future__ import annotations

import codecs
import hashlib
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import VALID_QCU, Result


def _codes(result: Result) -> list[tuple[str, int, int, str]]:
    return [(d["file"], d["line"], d["column"], d["code"]) for d in result.json()["diagnostics"]]


BAD_FILES: dict[str, tuple[bytes, str, int, int]] = {
    # name: (content, expected code, line, column)
    "empty": (b"", "PARSE-003", 1, 1),
    "blank": (b"  \n\n", "PARSE-003", 1, 1),
    "no_front_matter": (b"# Titre\n\nTexte.\n", "PARSE-004", 1, 1),
    "unclosed_front_matter": (b"---\nid: x\n", "PARSE-004", 1, 1),
    "latin1": ("---\nid: caf\xe9\n---\n".encode("latin-1"), "PARSE-001", 2, 8),
    "nul_byte": (b"---\nid: a\x00b\n---\n", "PARSE-002", 2, 6),
    "png_as_markdown": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PARSE-002", 1, 1),
    "invalid_yaml": (b"---\nid: [unclosed\n---\n", "PARSE-005", 3, 1),
    "tab_indent": (b"---\nid: x\nexamples:\n\taccepted: []\n---\n", "PARSE-005", 4, 1),
    "duplicate_keys": (b"---\nid: x\nid: y\n---\n", "PARSE-006", 3, 1),
    "list_not_mapping": (b"---\n- a\n- b\n---\n", "PARSE-010", 2, 1),
    "python_tag": (b"---\nid: !!python/object/apply:os.system [touch /tmp/pwned]\n---\n", "PARSE-008", 2, 5),
    "unknown_type": (
        VALID_QCU.format(id="bad-type").replace("type: qcu", "type: qcx").encode(),
        "SCHEMA-004",
        3,
        7,
    ),
    "level_out_of_range": (
        VALID_QCU.format(id="bad-level").replace("level: 1", "level: 9").encode(),
        "SCHEMA-004",
        6,
        8,
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_gets_its_diagnostic_and_exit_1(
    name: str, make_tree: Callable[..., Path], run_epreuve: Callable[..., Result]
) -> None:
    content, code, line, column = BAD_FILES[name]
    root = make_tree({f"epreuves/{name}.md": content})
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()}
    result = run_epreuve("check", "--format", "json", str(root))
    assert result.code == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (f"content/epreuves/{name}.md", line, column, code) in _codes(result)
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()}
    assert after == before, "check must never write to content"


def test_latin1_message_gives_byte_offset(
    make_tree: Callable[..., Path], run_epreuve: Callable[..., Result]
) -> None:
    root = make_tree({"epreuves/latin.md": "---\nid: caf\xe9\n---\n".encode("latin-1")})
    result = run_epreuve("check", "--format", "json", str(root))
    [diagnostic] = result.json()["diagnostics"]
    assert "UTF-8" in diagnostic["message"]
    assert "octet 0xe9" in diagnostic["message"]
    assert "à l'octet 11" in diagnostic["message"]


def test_python_tag_is_refused_and_nothing_runs(
    tmp_path: Path, make_tree: Callable[..., Path], run_epreuve: Callable[..., Result]
) -> None:
    witness = tmp_path / "pwned"
    root = make_tree(
        {"epreuves/tag.md": f"---\nid: !!python/object/apply:os.system [touch {witness}]\n---\n"}
    )
    result = run_epreuve("check", str(root))
    assert result.code == 1
    assert not witness.exists()


def test_bom_and_crlf_are_accepted(
    make_tree: Callable[..., Path], run_epreuve: Callable[..., Result]
) -> None:
    text = VALID_QCU.format(id="bom-crlf").replace("\n", "\r\n")
    root = make_tree({"epreuves/bom-crlf.md": codecs.BOM_UTF8 + text.encode()})
    result = run_epreuve("check", str(root))
    assert result.code == 0, result.stdout


def test_positions_are_right_with_crlf(
    make_tree: Callable[..., Path], run_epreuve: Callable[..., Result]
) -> None:
    text = VALID_QCU.format(id="crlf").replace("level: 1", "level: 12").replace("\n", "\r\n")
    root = make_tree({"epreuves/crlf.md": text.encode()})
    result = run_epreuve("check", "--format", "json", str(root))
    assert ("content/epreuves/crlf.md", 6, 8, "SCHEMA-004") in _codes(result)


def test_billion_laughs_is_refused(
    make_tree: Callable[..., Path], run_epreuve: Callable[..., Result]
) -> None:
    lines = ["---", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    root = make_tree({"epreuves/laughs.md": "\n".join([*lines, "---", ""])})
    result = run_epreuve("check", "--format", "json", str(root))
    assert result.code == 1
    assert [d["code"] for d in result.json()["diagnostics"]] == ["PARSE-009"]


def test_huge_line_is_refused_before_parsing(
    make_tree: Callable[..., Path], run_epreuve: Callable[..., Result]
) -> None:
    root = make_tree({"epreuves/huge.md": VALID_QCU.format(id="huge") + "x" * (3 * 1024 * 1024) + "\n"})
    result = run_epreuve("check", "--format", "json", str(root))
    assert [d["code"] for d in result.json()["diagnostics"]] == ["PARSE-007"]


_QROCM_MANY_BLANKS = (
    VALID_QCU.format(id="blanks")
    .replace("type: qcu", "type: qrocm-ind")
    .replace("answer: 1", "answer: {a: [x]}")
)
PATHOLOGICAL_BODIES: dict[str, tuple[str, str]] = {
    # name: (file text, the one code it must get, "" when it is parsed within the bound)
    "blockquotes": (VALID_QCU.format(id="deep") + "> " * 50_000 + "profond\n", "PARSE-012"),
    "nested-lists": (VALID_QCU.format(id="deep") + "".join("  " * i + "- item\n" for i in range(400)), ""),
    "emphasis": (VALID_QCU.format(id="deep") + "*a " * 100_000 + "\n", "PARSE-012"),
    "brackets": (VALID_QCU.format(id="deep") + "[" * 100_000 + "\n", "PARSE-012"),
    # 1 MB of `![` took 14 s to parse, and a minute on a loaded machine
    "images": (VALID_QCU.format(id="deep") + "![" * 500_000 + "\n", "PARSE-012"),
    # within the bound, the worst found: each unclosed `![` walks the rest of the line again
    "images-then-punctuation": (
        VALID_QCU.format(id="deep") + "![" * 6_000 + ":" * 7_000 + "a" * 900_000 + "\n",
        "",
    ),
    "punctuation": (VALID_QCU.format(id="deep") + ":-" * 500_000 + "\n", "PARSE-012"),
    "short-lines": (VALID_QCU.format(id="deep") + "#\n" * 500_000, "PARSE-012"),
    "link-reference-definitions": (
        VALID_QCU.format(id="deep") + "".join(f"[r{i}]: /u{i} 'titre'\n" for i in range(40_000)),
        "PARSE-012",
    ),
    "long-link-label": (VALID_QCU.format(id="deep") + "[" + "a" * 1_000_000 + "]: /u\n", ""),
    "blockquote-list-mix": (VALID_QCU.format(id="deep") + "> - " * 200_000 + "x\n", "PARSE-012"),
    "containers": (VALID_QCU.format(id="deep") + "::: propositions\n" * 50_000, "PARSE-012"),
    "many-blanks": (
        _QROCM_MANY_BLANKS.replace("- Le même", "${a} " * 150_000 + "\n- Le même"),
        "PARSE-012",
    ),
    "many-blanks-within-bound": (
        _QROCM_MANY_BLANKS.replace("- Le même", "${a} " * 6_000 + "\n- Le même"),
        "",
    ),
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL_BODIES))
def test_pathological_markdown_finishes(
    name: str, make_tree: Callable[..., Path], run_epreuve: Callable[..., Result]
) -> None:
    text, code = PATHOLOGICAL_BODIES[name]
    root = make_tree({"epreuves/deep.md": text})
    started = time.monotonic()
    result = run_epreuve("check", "--no-cache", "--format", "json", str(root))
    elapsed = time.monotonic() - started
    assert result.code in (0, 1)
    assert "Traceback" not in result.stderr
    assert elapsed < 8, f"{name}: {elapsed:.1f} s"
    codes = {d["code"] for d in result.json()["diagnostics"]}
    if code:
        assert codes == {code}  # the bound stops the analysis: no follow-up noise
    else:
        assert "PARSE-012" not in codes


@pytest.mark.parametrize(
    "front_matter",
    ["id: " + "[" * 100_000 + "]" * 100_000, "- " * 100_000 + "x", "a: {" * 50_000 + "}" * 50_000],
    ids=["flow-lists", "block-lists", "flow-maps"],
)
def test_deep_yaml_is_refused_without_crashing(
    front_matter: str, make_tree: Callable[..., Path], run_epreuve: Callable[..., Result]
) -> None:
    # libyaml's own composer recurses in C and would crash the interpreter on this input
    root = make_tree({"epreuves/deep-yaml.md": f"---\n{front_matter}\n---\n"})
    result = run_epreuve("check", "--format", "json", str(root))
    assert result.code == 1
    assert [d["code"] for d in result.json()["diagnostics"]] == ["PARSE-009"]


def test_quadratic_judging_is_bounded(
    make_tree: Callable[..., Path], run_epreuve: Callable[..., Result]
) -> None:
    # 3,000 accepted answers x 3,000 examples would take minutes to judge: the work is capped
    words = [f"reponse{i:05d}x" for i in range(6000)]
    front = [
        "---",
        "id: trop-a-juger",
        "type: qroc",
        'competence: "4.1"',
        'tube: "@motDePasse"',
        "level: 1",
        "status: proposé",
        "answer:",
        *(f"  - {word}" for word in words[:3000]),
        "examples:",
        "  rejected:",
        *(f"    - autre{word}" for word in words[3000:]),
        "---",
        "::: propositions",
        "${r§Réponse attendue}",
        ":::",
    ]
    root = make_tree({"epreuves/trop.md": "\n".join(front) + "\n"})
    result = run_epreuve("check", "--format", "json", str(root))
    assert [d["code"] for d in result.json()["diagnostics"]] == ["KEY-003"]


def test_long_examples_made_of_aliases_are_bounded(
    make_tree: Callable[..., Path], run_epreuve: Callable[..., Result]
) -> None:
    # 19,000 examples, each an alias of a 9,000-character text, against a 9,000-character key under
    # T3: about a minute of edit distances before the judging budget; now the rest is left unjudged
    front = [
        "---",
        "id: exemples-alias",
        "type: qroc",
        'competence: "4.1"',
        'tube: "@motDePasse"',
        "level: 1",
        "status: proposé",
        f"answer: [&cle {'x' * 9000}]",
        "examples:",
        f"  accepted: [*cle, &autre {'y' * 9000}]",
        "  rejected: [" + ", ".join(["*autre"] * 19_000) + "]",
        "---",
        "::: propositions",
        "${r§Réponse attendue}",
        ":::",
    ]
    root = make_tree({"epreuves/alias.md": "\n".join(front) + "\n"})
    start = time.perf_counter()
    result = run_epreuve("check", "--format", "json", str(root))
    assert time.perf_counter() - start < 10
    diagnostics = result.json()["diagnostics"]
    assert [(d["line"], d["code"]) for d in diagnostics] == [(10, "KEY-001"), (11, "KEY-003")]
    assert "exemple non jugé (et" in diagnostics[1]["message"]
    assert "autres après lui" in diagnostics[1]["message"]  # a French plural, not « autre(s) »
