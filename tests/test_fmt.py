"""`epreuve fmt`: the house layout, French typography of prose only, idempotence, meaning kept,
the cheap proof agreeing with the round trip, atomic writes, --check / --diff, bad input."""

from __future__ import annotations

import os
import shutil
import stat
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epreuve_tools.analysis import analyse_epreuve
from epreuve_tools.diagnostics import Finding
from epreuve_tools.fmt.body import format_body
from epreuve_tools.fmt.core import Kind, format_file, format_text
from epreuve_tools.fmt.layout import needs_quotes
from epreuve_tools.fmt.typography import NARROW_NBSP, NBSP, fix_prose
from epreuve_tools.fmt.yamlfmt import Context, Unsafe, is_canonical, round_trip
from epreuve_tools.fmt.yamlfmt import _same_tree as same_tree
from epreuve_tools.kinds import EpreuveType
from epreuve_tools.parsing.source import split_front_matter
from epreuve_tools.parsing.yaml12 import load
from epreuve_tools.rules import REGISTRY
from epreuve_tools.skeleton import skeleton
from tests.conftest import SAMPLE_CONTENT, Result
from tests.test_fixture_corpus import expectations

FIXTURES = Path(__file__).parent / "fixtures" / "fmt"
Run = Callable[..., Result]
EPREUVE = Context("epreuve")


def fmt(text: str, kind: Kind = Kind.EPREUVE) -> str:
    result = format_text(text, kind)
    assert not isinstance(result, Finding), result
    return result


def front_data(text: str) -> Any:
    split = split_front_matter(text)
    assert not isinstance(split, Finding)
    loaded = load(split.front_matter)
    assert not isinstance(loaded, Finding)
    return loaded.data


# ------------------------------------------------------------------ typography


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Quelle valeur ?", f"Quelle valeur{NARROW_NBSP}?"),
        ("Quelle valeur?", f"Quelle valeur{NARROW_NBSP}?"),
        (f"Quelle valeur{NBSP}?", f"Quelle valeur{NARROW_NBSP}?"),
        ("Bravo !", f"Bravo{NARROW_NBSP}!"),
        ("un ; deux", f"un{NARROW_NBSP}; deux"),
        ("Valeur : 3", f"Valeur{NBSP}: 3"),
        ("Valeur: 3", f"Valeur{NBSP}: 3"),
        (f"Valeur{NARROW_NBSP}: 3", f"Valeur{NBSP}: 3"),
        ("« Bonjour »", f"«{NBSP}Bonjour{NBSP}»"),
        ("«Bonjour»", f"«{NBSP}Bonjour{NBSP}»"),
        ("« Bonjour ! »", f"«{NBSP}Bonjour{NARROW_NBSP}!{NBSP}»"),
        ("l'ordre d'arrivée", "l’ordre d’arrivée"),
        ("Quoi ?!", f"Quoi{NARROW_NBSP}?!"),
        ("**Attention** : lire", f"**Attention**{NBSP}: lire"),
        ("`=SOMME(A1:A10)` : 55", f"`=SOMME(A1:A10)`{NBSP}: 55"),
    ],
)
def test_prose_gets_french_typography(before: str, after: str) -> None:
    assert fix_prose(before) == after
    assert fix_prose(after) == after


@pytest.mark.parametrize(
    "text",
    [
        "À 12:30 précises",  # a time
        "C:\\Users",  # a path
        "`a : b ; c ? d !` dans du code",
        "``l'apostrophe `dans` le code ?``",
        "${reponse§Votre réponse : ici}",
        '${choix options=["oui ?", "non !"]}',
        "${reponse#l'exemple : 3}",
        "<https://exemple.fr/page?x=1>",
        "https://exemple.fr/page?x=1 et www.exemple.fr:8080",
        "[le lien](https://exemple.fr/a?b=c 'titre : x')",
        '<span title="a : b">texte</span>',
        "<!-- commentaire : non ? -->",
        "&nbsp;: déjà là",
        "[voir][l'aide]",
        "![capture](images/ecran.png)",
        "mot?suite",
    ],
)
def test_what_is_not_prose_is_never_touched(text: str) -> None:
    assert fix_prose(text) == text


def test_a_line_break_is_never_taken_for_a_space() -> None:
    assert fix_prose("Quelle valeur\n? suite") == "Quelle valeur\n? suite"
    assert fix_prose("«\nBonjour\n»") == "«\nBonjour\n»"


def test_body_typography_skips_code_blocks_html_and_fences() -> None:
    body = (
        "\nQuelle valeur ?\n\n```\ncode : x ?\n```\n\n    indenté : x ?\n\n<div>html : x ?</div>\n\n"
        "| a : b | c |\n|:--|--:|\n| x ? | y |\n\n::: propositions\nValeur : ${v§Valeur : ici}\n:::\n"
    )
    out = format_body(body)
    assert f"Quelle valeur{NARROW_NBSP}?" in out
    assert "code : x ?" in out
    assert "indenté : x ?" in out
    assert "<div>html : x ?</div>" in out
    assert "|:--|--:|" in out
    assert f"| a{NBSP}: b | c |" in out
    assert f"| x{NARROW_NBSP}? | y |" in out
    assert f"Valeur{NBSP}: ${{v§Valeur : ici}}" in out


# ------------------------------------------------------------------ front matter layout

MESSY = """\
---
# the comment on top stays
type: qcu   # the type
id: "ordre-des-cles"
level: 2
tube: '@tableurFormules'
competence: '3.1'
status: proposé
locale: fr-fr
custom_b: 1
answer: 2
custom_a: "yes"
accessibility:
    sourds_malentendants: RAS
    non_voyant: RAS
    daltonien: RAS
examples:
    rejected: ['1']
    accepted: ["2", 'no', "on", "1.0", "2024-01-01", "ok"]
illustration:
  alt: 'Tableur : colonne A'
  src: images/a.png
---

Quelle proposition convient ?

::: propositions
- L'une
- L'autre
:::
"""


def test_front_matter_gets_the_house_layout() -> None:
    out = fmt(MESSY)
    front = out.split("---\n")[1]
    assert front == (
        "# the comment on top stays\n"
        "id: ordre-des-cles\n"
        "type: qcu   # the type\n"
        'competence: "3.1"\n'
        'tube: "@tableurFormules"\n'
        "level: 2\n"
        "status: proposé\n"
        "locale: fr-fr\n"
        "answer: 2\n"
        "examples:\n"
        '  accepted: ["2", "no", "on", "1.0", "2024-01-01", "ok"]\n'
        '  rejected: ["1"]\n'
        "illustration:\n"
        "  src: images/a.png\n"
        f'  alt: "Tableur{NBSP}: colonne A"\n'
        "accessibility:\n"
        "  non_voyant: RAS\n"
        "  daltonien: RAS\n"
        "  sourds_malentendants: RAS\n"
        "custom_b: 1\n"
        'custom_a: "yes"\n'
    )
    assert "- L’une\n- L’autre" in out
    assert fmt(out) == out


def test_answers_and_examples_keep_their_text() -> None:
    text = MESSY.replace("answer: 2", 'answer: ["l\'écran : bleu ?"]').replace("type: qcu", "type: qroc")
    out = fmt(text)
    assert "l'écran : bleu ?" in out
    assert front_data(out)["answer"] == ["l'écran : bleu ?"]


@pytest.mark.parametrize(
    "value", ["no", "on", "yes", "off", "y", "1.0", "0777", "1_000", "2024-01-01", "~", ""]
)
def test_strings_a_yaml_reader_could_misread_are_quoted(value: str) -> None:
    assert needs_quotes(value, flow=False)


@pytest.mark.parametrize("value", ["France services", "réponse attendue", "t1", "fr-fr", "A tester"])
def test_plain_strings_stay_plain(value: str) -> None:
    assert not needs_quotes(value, flow=False)


@pytest.mark.parametrize("kind", list(EpreuveType))
def test_a_new_skeleton_keeps_its_data_and_is_stable(kind: EpreuveType) -> None:
    text = skeleton(kind, epreuve_id="mon-epreuve", competence="3.1", tube="@tableurFormules", level=2)
    out = fmt(text)
    assert front_data(out) == front_data(text)
    assert fmt(out) == out
    front = out.split("---\n")[1].removesuffix("\n")
    assert is_canonical(front, EPREUVE)
    assert round_trip(front, EPREUVE) == front


def test_a_crlf_file_with_a_bom_becomes_lf_without_bom() -> None:
    text = MESSY.replace("\n", "\r\n")
    result = format_file(b"\xef\xbb\xbf" + text.encode(), Kind.EPREUVE)
    assert not isinstance(result, Finding)
    assert b"\r" not in result.data
    assert not result.data.startswith(b"\xef\xbb\xbf")
    assert result.data.decode() == fmt(MESSY)


def test_nfc() -> None:
    decomposed = MESSY.replace("proposé", "propose\u0301")
    assert "status: proposé\n" in fmt(decomposed)


def test_a_parcours_keeps_its_comment_and_folded_description() -> None:
    source = (SAMPLE_CONTENT / "parcours" / "tableur.yaml").read_text()
    out = fmt(source, Kind.PARCOURS)
    assert out.startswith("# yaml-language-server: $schema=../../schemas/parcours.schema.json\nid: tableur\n")
    assert "description: >-\n  Parcours destiné" in out
    assert "l’écriture" in out
    assert fmt(out, Kind.PARCOURS) == out


def test_a_referentiel_is_formatted_too() -> None:
    out = fmt(
        "tubes: []\ndomaines:\n- code: 1\n  title: 'Info : données'\ncompetences: []\n", Kind.REFERENTIEL
    )
    assert out == f'domaines:\n  - code: 1\n    title: "Info{NBSP}: données"\ncompetences: []\ntubes: []\n'


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("pas d'en-tête\n", "PARSE-002"),
        ("---\nid: [\n---\n", "PARSE-003"),
        ("---\n- a\n---\n", "PARSE-004"),
    ],
)
def test_bad_input_gives_the_loaders_finding(text: str, code: str) -> None:
    result = format_text(text)
    assert isinstance(result, Finding)
    assert result.code.split("-")[0] == "PARSE" or result.code == code


def test_bad_bytes_give_the_loaders_finding() -> None:
    result = format_file(b"---\nid: \xff\n---\n", Kind.EPREUVE)
    assert isinstance(result, Finding)
    assert result.code.startswith("PARSE")


def test_the_sample_content_keeps_its_meaning_and_is_stable() -> None:
    for path in sorted((SAMPLE_CONTENT / "epreuves").rglob("*.md")):
        text = path.read_text()
        out = fmt(text)
        assert fmt(out) == out, path
        before, after = front_data(text), front_data(out)
        assert before["answer"] == after["answer"], path
        assert before["examples"] == after["examples"], path
        assert same_tree(before, after), path
        front = out.split("---\n")[1].removesuffix("\n")
        assert is_canonical(front, EPREUVE), path


# ------------------------------------------------------------------ properties

_ATOMS = st.sampled_from(
    (
        *(
            "a",
            "é",
            " ",
            ":",
            "#",
            "'",
            '"',
            "-",
            "?",
            "!",
            ";",
            "«",
            "»",
            ",",
            "[",
            "]",
            "{",
            "}",
            "@",
            "&",
            "*",
        ),
        *(
            "no",
            "on",
            "1",
            "0",
            "1.5",
            "true",
            "null",
            "~",
            NBSP,
            NARROW_NBSP,
            "`",
            "${x}",
            "http://a.b/?c",
            "\\",
        ),
    )
)
_TEXT = st.lists(_ATOMS, max_size=8).map("".join)
_SCALAR = st.one_of(
    _TEXT, st.integers(-5, 3000), st.booleans(), st.none(), st.floats(allow_nan=False, width=32)
)
_KEYS = st.sampled_from(
    [
        "id",
        "type",
        "answer",
        "examples",
        "alt",
        "title",
        "illustration",
        "accessibility",
        "zeta",
        "tags",
        "on",
    ]
)
_VALUE = st.recursive(
    _SCALAR,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(_KEYS | _TEXT.filter(bool), children, max_size=3)
    ),
    max_leaves=8,
)
_FRONT = st.dictionaries(_KEYS, _VALUE, min_size=1, max_size=6)


def _dumped(data: dict[str, Any], flow: bool | None, comment: bool) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False, width=60)
    if comment:
        lines = text.split("\n")
        lines.insert(len(lines) // 2, "# un commentaire")
        text = "\n".join(lines)
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_FRONT, st.sampled_from([None, False, True]), st.booleans())
def test_fmt_is_idempotent_and_keeps_the_meaning(
    data: dict[str, Any], flow: bool | None, comment: bool
) -> None:
    front = _dumped(data, flow, comment).removesuffix("\n")
    text = f"---\n{front}\n---\n\nQuelle valeur ?\n"
    loaded = load(front)
    if isinstance(loaded, Finding) or not isinstance(loaded.data, dict):
        return  # PyYAML wrote something YAML 1.2 reads otherwise (a 1.1 boolean key): not our input
    out = fmt(text)
    assert fmt(out) == out
    after = front_data(out)
    # equal, types included, prose values compared blind to their spaces and apostrophes
    assert same_tree(loaded.data, after)
    for key in ("answer", "examples"):
        if key in loaded.data:
            assert after[key] == loaded.data[key]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_FRONT, st.sampled_from([None, False, True]), st.booleans())
def test_the_cheap_proof_never_disagrees_with_the_round_trip(
    data: dict[str, Any], flow: bool | None, comment: bool
) -> None:
    front = _dumped(data, flow, comment).removesuffix("\n")
    loaded = load(front)
    if isinstance(loaded, Finding) or not isinstance(loaded.data, dict):
        return
    try:
        formatted = round_trip(front, EPREUVE)
    except Unsafe:  # the safety net: the file would be left as it is, which the cheap proof must not hide
        assert not is_canonical(front, EPREUVE)
        return
    assert is_canonical(formatted, EPREUVE) or round_trip(formatted, EPREUVE) == formatted
    if is_canonical(front, EPREUVE):
        assert formatted == front


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        _ATOMS | st.sampled_from(["\n", "\n\n", "- ", "> ", "```\n", "<b>", "</b>", "](x)"]), max_size=30
    )
)
def test_body_typography_is_idempotent(parts: list[str]) -> None:
    body = "".join(parts)
    once = format_body(body)
    assert format_body(once) == once
    assert once.count("\n") == body.count("\n")


# ------------------------------------------------------------------ the command


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "tree", root)
    return root


def test_check_lists_the_files_and_writes_nothing(tmp_path: Path, run_epreuve: Run) -> None:
    root = _tree(tmp_path)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = run_epreuve("fmt", "--check", str(root))
    assert result.code == 1, result
    assert "à mettre en forme : " in result.stdout
    assert "a-formater.md" in result.stdout
    assert "deja-en-forme.md" not in result.stdout
    assert "notes.md" not in result.stdout  # not an épreuve: outside `epreuves/`
    assert before == {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_diff_shows_a_unified_diff_and_writes_nothing(tmp_path: Path, run_epreuve: Run) -> None:
    root = _tree(tmp_path)
    target = root / "epreuves" / "a-formater.md"
    before = target.read_bytes()
    result = run_epreuve("fmt", "--diff", str(target))
    assert result.code == 1
    assert result.stdout.startswith(f"--- a/{target}\n+++ b/{target}\n")
    assert "-tube: '@tableurFormules'" in result.stdout
    assert '+tube: "@tableurFormules"' in result.stdout
    assert target.read_bytes() == before


def test_fmt_writes_atomically_keeping_the_mode(tmp_path: Path, run_epreuve: Run) -> None:
    root = _tree(tmp_path)
    target = root / "epreuves" / "a-formater.md"
    target.chmod(0o640)
    result = run_epreuve("fmt", str(root))
    assert result.code == 0, result
    assert "1 fichier mis en forme" in result.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".epreuve-fmt-")]
    assert run_epreuve("fmt", "--check", str(root)).code == 0
    assert run_epreuve("check", str(root)).code == 0


def test_a_link_out_of_the_tree_is_refused(tmp_path: Path, run_epreuve: Run) -> None:
    root = _tree(tmp_path)
    outside = tmp_path / "ailleurs.md"
    outside.write_bytes((root / "epreuves" / "a-formater.md").read_bytes())
    (root / "epreuves" / "lien.md").symlink_to(outside)
    before = outside.read_bytes()
    result = run_epreuve("fmt", str(root))
    assert result.code == 1
    assert "lien symbolique vers l'extérieur" in result.stderr
    assert outside.read_bytes() == before
    assert (root / "epreuves" / "lien.md").is_symlink()


def test_bad_yaml_is_reported_like_check_never_a_traceback(tmp_path: Path, run_epreuve: Run) -> None:
    root = _tree(tmp_path)
    (root / "epreuves" / "casse.md").write_text("---\nid: [\n---\n\nTexte.\n")
    result = run_epreuve("fmt", str(root))
    assert result.code == 1
    assert "PARSE-005" in result.stderr
    assert "Traceback" not in result.stderr
    assert "casse.md" in result.stderr


def test_a_missing_path_is_a_usage_error(tmp_path: Path, run_epreuve: Run) -> None:
    result = run_epreuve("fmt", str(tmp_path / "absent"))
    assert result.code == 2
    assert "chemin introuvable" in result.stderr


def test_named_files_other_than_content_are_left_alone(tmp_path: Path, run_epreuve: Run) -> None:
    other = tmp_path / "mkdocs.yml"
    other.write_text("site_name: 'x'\n")
    result = run_epreuve("fmt", "--check", str(other))
    assert result.code == 0
    assert other.read_text() == "site_name: 'x'\n"


def test_writing_never_leaves_a_half_written_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from epreuve_tools.cli import fmt as command

    target = tmp_path / "e.md"
    target.write_bytes(b"old")

    def broken_fsync(_descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space left"):
        command.write_atomic(str(target), b"new content", b"old")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["e.md"]


def test_a_file_changed_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    from epreuve_tools.cli import fmt as command

    target = tmp_path / "e.md"
    target.write_bytes(b"edited by the author meanwhile")
    with pytest.raises(OSError, match="a changé pendant la mise en forme"):
        command.write_atomic(str(target), b"formatted", b"what fmt read")
    assert target.read_bytes() == b"edited by the author meanwhile"


# ------------------------------------------------------------------ TYPO-001

TYPO_FIXTURES = sorted((FIXTURES / "typo").glob("*.md"))


def _typo_findings(path: Path) -> Counter[tuple[int, str]]:
    analysis = analyse_epreuve(path.read_bytes(), frozenset({"TYPO-001"}))
    return Counter((f.span.start.line, f.code) for f in analysis.findings if f.code == "TYPO-001")


@pytest.mark.parametrize("path", TYPO_FIXTURES, ids=lambda p: p.name)
def test_typo_001_reports_exactly_its_fixtures_expectations(path: Path) -> None:
    expected = expectations(path)
    if path.name.startswith("ok_"):
        assert not expected
    else:
        assert expected
    assert _typo_findings(path) == expected


def test_typo_001_is_quiet_on_what_fmt_wrote() -> None:
    for path in TYPO_FIXTURES:
        formatted = fmt(path.read_text())
        analysis = analyse_epreuve(formatted.encode(), frozenset({"TYPO-001"}))
        assert not [f for f in analysis.findings if f.code == "TYPO-001"], path


def test_typo_001_is_opt_in() -> None:
    assert REGISTRY["TYPO-001"].opt_in
    analysis = analyse_epreuve((FIXTURES / "typo" / "fail_typography.md").read_bytes())
    assert not [f for f in analysis.findings if f.code == "TYPO-001"]


def test_a_literal_block_that_ends_the_front_matter_keeps_its_value_when_moved() -> None:
    # the loader reads the front matter without its last line break: `|` there keeps no newline
    text = "---\nid: bloc-final\ntransmis: 1\ntimer_reason: |\n  Le temps est l'épreuve.\n---\n\nTexte.\n"
    out = fmt(text)
    assert front_data(out) == {**front_data(text), "timer_reason": "Le temps est l’épreuve."}
    assert fmt(out) == out


def test_exclude_and_force_exclude_as_check_applies_them(tmp_path: Path, run_epreuve: Run) -> None:
    root = _tree(tmp_path)
    drafts = root / "epreuves" / "brouillons"
    drafts.mkdir()
    draft = drafts / "a-formater.md"
    draft.write_bytes((root / "epreuves" / "a-formater.md").read_bytes())
    (root / "epreuves" / "a-formater.md").unlink()
    (tmp_path / "epreuve.toml").write_text('exclude = ["content/epreuves/brouillons/**"]\n', "utf-8")
    before = draft.read_bytes()
    # a folder's walk leaves the excluded draft out, as `epreuve check content/` does
    walked = run_epreuve("fmt", "--check", "content")
    assert walked.code == 0, walked
    assert "a-formater.md" not in walked.stdout
    # named, it is formatted, unless --force-exclude (pre-commit names every staged file)
    named = run_epreuve("fmt", "--check", "content/epreuves/brouillons/a-formater.md")
    assert named.code == 1
    assert "à mettre en forme : content/epreuves/brouillons/a-formater.md" in named.stdout
    forced = run_epreuve("fmt", "--force-exclude", "content/epreuves/brouillons/a-formater.md")
    assert forced.code == 0, forced
    assert "0 fichier mis en forme" in forced.stdout
    assert draft.read_bytes() == before
    assert run_epreuve("fmt", "content/epreuves/brouillons/a-formater.md").code == 0
    assert draft.read_bytes() != before  # named without the flag: written
