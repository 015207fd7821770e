"""`epreuve check --fix` / `--diff`: only fixes that cannot change what an épreuve means, comments and
key order kept, idempotent, atomic, and said file by file."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from epreuve_tools import fixes
from epreuve_tools.registry import FIXES, safe_fix
from epreuve_tools.rules import REGISTRY
from tests.conftest import VALID_QCU, Result

Tree = Callable[..., Path]
Run = Callable[..., Result]

BODY = "---\nConsigne.\n"


def _all(code: str) -> bool:
    return True


def _fixed(front_matter: str, wanted: Callable[[str], bool] = _all) -> fixes.Fixed:
    return fixes.fix_text("---\n" + front_matter + BODY, wanted)


def test_every_fix_belongs_to_a_registered_rule_and_a_code_has_one_fix() -> None:
    assert set(FIXES) == {"A11Y-META-001", "SCHEMA-004"}
    assert set(FIXES) <= set(REGISTRY)
    with pytest.raises(ValueError, match="two fixes"):
        safe_fix("SCHEMA-004")(lambda front: [])


def test_a_missing_block_gets_non_voyant_a_tester_and_nothing_is_guessed() -> None:
    result = _fixed("id: x-y-z\ntype: qcu\nanswer: 1\n")
    assert (
        result.text == "---\nid: x-y-z\ntype: qcu\nanswer: 1\naccessibility:\n  non_voyant: A tester\n" + BODY
    )
    (change,) = result.changes
    assert change.startswith("A11Y-META-001 : bloc `accessibility` ajouté")
    assert "déclarez `daltonien`" in change
    empty = _fixed("id: x-y-z\naccessibility:\n")  # `accessibility:` with nothing: declares nothing
    assert empty.text == "---\nid: x-y-z\naccessibility:\n  non_voyant: A tester\n" + BODY


def test_a_block_without_non_voyant_keeps_its_comments_and_order() -> None:
    front = (
        "id: x-y-z   # l'identifiant\n"
        "answer: 1\n"
        "# les drapeaux\n"
        "accessibility:\n"
        "  # vérifiés le 3 mars\n"
        "  daltonien: RAS   # pas de couleur\n"
        "  sourds_malentendants: OK\n"
        "tags: [a, b]\n"
    )
    result = _fixed(front)
    assert (
        result.text
        == "---\n" + front.replace("  daltonien: RAS", "  non_voyant: A tester\n  daltonien: RAS") + BODY
    )
    assert result.changes == ("A11Y-META-001 : `non_voyant: A tester` ajouté au bloc `accessibility`",)


@pytest.mark.parametrize(
    ("written", "flag", "spelt"),
    [
        ("a tester", "non_voyant", "A tester"),
        ("À tester", "non_voyant", "A tester"),
        ("A_Tester", "non_voyant", "A tester"),
        ("acquis non-pertinent", "non_voyant", "Acquis Non Pertinent"),
        ("ras", "daltonien", "RAS"),
        ("Ok", "sourds_malentendants", "OK"),
        ('"ko"', "daltonien", '"KO"'),  # quoted it was, quoted it stays
    ],
)
def test_a_flag_spelling_variant_takes_the_schema_spelling(written: str, flag: str, spelt: str) -> None:
    others = "".join(f"  {name}: RAS\n" for name in ("non_voyant", "daltonien") if name != flag)
    result = _fixed(f"id: x-y-z\naccessibility:\n{others}  {flag}: {written}\n")
    assert result.text == f"---\nid: x-y-z\naccessibility:\n{others}  {flag}: {spelt}\n" + BODY
    assert result.changes == (
        f"SCHEMA-004 : `{flag}` : « {written.strip(chr(34))} » écrit « {spelt.strip(chr(34))} »",
    )


def test_what_is_not_a_spelling_variant_is_left_to_a_person() -> None:
    for value in ("a tester", "peut-être", "OK KO", "3"):  # « A tester » is no value of daltonien
        front = f"id: x-y-z\naccessibility:\n  non_voyant: OK\n  daltonien: {value}\n"
        assert not _fixed(front).changed, value
    # an image with an empty alt and no `decorative`: never guessed decorative
    image = "id: x-y-z\nillustration:\n  src: images/a.png\n  alt: ''\naccessibility:\n  non_voyant: OK\n  daltonien: RAS\n"
    assert not _fixed(image).changed


def test_fixes_are_idempotent() -> None:
    once = _fixed("id: x-y-z\n# fin de l'en-tête\n")
    assert once.changed
    twice = fixes.fix_text(once.text, _all)
    assert not twice.changed
    assert twice.text == once.text


def test_only_the_fixes_of_selected_codes_run() -> None:
    front = "id: x-y-z\naccessibility:\n  daltonien: ras\n"
    only_schema = _fixed(front, lambda code: code == "SCHEMA-004")
    assert only_schema.text == "---\nid: x-y-z\naccessibility:\n  daltonien: RAS\n" + BODY
    assert not _fixed(front, lambda code: False).changed


def test_line_ends_and_bom_are_kept() -> None:
    text = "\ufeff---\r\nid: x-y-z\r\naccessibility:\r\n  non_voyant: ras\r\n  daltonien: RAS\r\n---\r\nConsigne.\r\n"
    result = fixes.fix_text(text, _all)
    assert result.text == text.replace("non_voyant: ras", "non_voyant: RAS")


def test_a_layout_ruamel_cannot_reproduce_is_left_as_it_is_with_the_reason() -> None:
    front = "id: x-y-z\nanswer:\n    - 1\nx:   {a: 1}\naccessibility:\n  non_voyant: a tester\n"
    result = _fixed(front)
    assert result.text == "---\n" + front + BODY
    assert result.left_as_is is not None
    assert "epreuve fmt" in result.left_as_is


@pytest.mark.parametrize(
    "text",
    [
        "pas d'en-tête\n",
        "---\n- une liste\n---\n",
        "---\nid: [non fermé\n---\n",
        "---\nid: x\nid: y\n---\n",
        "---\na: &a [*a]\n---\n",
        "---\naccessibility: A tester\n---\n",  # not a mapping: the schema says so, no fix guesses
        "---\naccessibility:\r\n  non_voyant: ras\n---\n",  # mixed line ends
    ],
)
def test_hostile_or_broken_files_are_left_alone(text: str) -> None:
    result = fixes.fix_text(text, _all)
    assert result.text == text
    assert not result.changed


def test_check_diff_shows_without_writing_and_fix_writes_once(
    tmp_path: Path, make_tree: Tree, run_epreuve: Run
) -> None:
    make_tree(
        {
            "epreuves/sans-bloc.md": VALID_QCU.format(id="sans-bloc"),
            "epreuves/mal-ecrit.md": VALID_QCU.format(id="mal-ecrit").replace(
                "answer: 1\n",
                "answer: 1  # la bonne\naccessibility:\n  non_voyant: a tester\n  daltonien: ras\n",
            ),
        }
    )
    misspelt = tmp_path / "content" / "epreuves" / "mal-ecrit.md"
    misspelt.chmod(0o640)
    before = misspelt.read_bytes()
    shown = run_epreuve("check", "--diff", cwd=tmp_path)
    assert shown.code == 1
    assert "--- a/content/epreuves/mal-ecrit.md\n+++ b/content/epreuves/mal-ecrit.md\n" in shown.stdout
    assert (
        "-  non_voyant: a tester\n-  daltonien: ras\n+  non_voyant: A tester\n+  daltonien: RAS\n"
        in shown.stdout
    )
    assert "+accessibility:\n+  non_voyant: A tester\n" in shown.stdout
    assert "content/epreuves/mal-ecrit.md à corriger" in shown.stderr
    assert misspelt.read_bytes() == before
    fixed = run_epreuve("check", "--fix", "--format", "json", cwd=tmp_path)
    assert (
        "content/epreuves/mal-ecrit.md corrigé :\n  - SCHEMA-004 : `non_voyant` : « a tester » écrit « A tester »"
        in (fixed.stderr)
    )
    codes = {(d["file"], d["code"]) for d in fixed.json()["diagnostics"]}
    assert ("content/epreuves/mal-ecrit.md", "SCHEMA-004") not in codes  # the report is the fixed file's
    assert ("content/epreuves/sans-bloc.md", "A11Y-META-001") in codes  # daltonien: for a person
    assert "answer: 1  # la bonne\naccessibility:\n  non_voyant: A tester\n  daltonien: RAS\n---" in (
        misspelt.read_text("utf-8")
    )
    assert oct(os.stat(misspelt).st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in misspelt.parent.iterdir()) == ["mal-ecrit.md", "sans-bloc.md"]
    after = {p.name: p.read_bytes() for p in misspelt.parent.iterdir()}
    again = run_epreuve("check", "--fix", cwd=tmp_path)
    assert "corrigé" not in again.stderr
    assert {p.name: p.read_bytes() for p in misspelt.parent.iterdir()} == after
    assert run_epreuve("check", "--diff", cwd=tmp_path).code == 0


def test_fix_follows_the_selection(tmp_path: Path, make_tree: Tree, run_epreuve: Run) -> None:
    make_tree({"epreuves/sans-bloc.md": VALID_QCU.format(id="sans-bloc")})
    path = tmp_path / "content" / "epreuves" / "sans-bloc.md"
    before = path.read_bytes()
    assert run_epreuve("check", "--fix", "--select", "SEM,SCHEMA", cwd=tmp_path).code == 0
    assert path.read_bytes() == before
    assert run_epreuve("check", "--diff", "content/epreuves/sans-bloc.md", cwd=tmp_path).code == 1
