"""The front-matter loader: YAML 1.2 core semantics (checked against ruamel.yaml), positions, limits."""

from __future__ import annotations

import math

import pytest
from ruamel.yaml import YAML

from epreuve_tools.diagnostics import Finding, Position
from epreuve_tools.parsing.yaml12 import Loaded, load

# YAML 1.1 booleans and sexagesimals, 1.2 numbers, ruamel's extensions (0b, `_`), text that looks numeric
TRICKY_SCALARS = (  # noqa: SIM905  (one line of words reads better than 50 quoted items)
    "yes no on off y n Yes NO true True TRUE false False null Null ~ 1:20 190:20:30 "
    "0o17 017 0x1F 0b101 +12 -7 1_000 1.5 1. .5 -.5 1e3 1.5e-3 .inf -.Inf .nan "
    "2024-01-01 2024-01-01T10:00:00Z 3.1 4.10 'quoted' 0.50 888,00 "
    "1_000.5 0x_1F _1 1_ 0b +.5 1.e3 0. -0"
).split()
TRICKY_SCALARS.append("")  # the empty plain scalar: null
# Deliberate difference: YAML 1.2's core schema has no timestamp; ruamel.yaml builds a datetime.
DATES = {"2024-01-01", "2024-01-01T10:00:00Z"}


def _ours(scalar: str) -> object:
    loaded = load(f"key: {scalar}\n")
    assert isinstance(loaded, Loaded)
    return loaded.data["key"]


@pytest.mark.parametrize("scalar", TRICKY_SCALARS)
def test_plain_scalar_reads_as_ruamel_reads_yaml_1_2(scalar: str) -> None:
    reference = YAML(typ="safe", pure=True)
    reference.version = (1, 2)
    expected = reference.load(f"key: {scalar}\n")["key"]
    if scalar in DATES:
        expected = scalar
    ours = _ours(scalar)
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(ours, float)
        assert math.isnan(ours)
    else:
        assert ours == expected
        assert type(ours) is type(expected)


def test_reserved_first_character_is_refused_like_ruamel() -> None:
    result = load("tube: @tableur\n")
    assert isinstance(result, Finding)
    assert result.code == "PARSE-005"


def test_positions_of_keys_and_items_are_one_based_file_lines() -> None:
    loaded = load("id: x\nanswer:\n  ville: [Paris, « Lyon »]\n", line_offset=2)
    assert isinstance(loaded, Loaded)
    source = loaded.source_map
    assert source.keys[("answer", "ville")].start == Position(4, 3)
    assert source.values[("answer", "ville", 1)].start == Position(4, 18)
    # a missing path falls back to its closest ancestor
    assert source.value(("answer", "ville", 9)).start == Position(4, 10)


def test_columns_count_characters_not_bytes() -> None:
    loaded = load("titre: « élève » \nniveau: 3\nlibellé: été\n")
    assert isinstance(loaded, Loaded)
    assert loaded.source_map.values[("libellé",)].start == Position(3, 10)


def test_raw_text_of_numbers_is_kept() -> None:
    loaded = load("answer: [0.50, 1e3, 007]\n")
    assert isinstance(loaded, Loaded)
    assert [loaded.source_map.raw[("answer", i)] for i in range(3)] == ["0.50", "1e3", "007"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a: 1\na: 2\n", "PARSE-006"),
        ("a: !!python/name:os.system x\n", "PARSE-008"),
        ("a: !custom x\n", "PARSE-008"),
        ("a: !!binary aGVsbG8=\n", "PARSE-008"),
        ("a: !!set {x}\n", "PARSE-008"),
        ("a: !!int abc\n", "PARSE-005"),
        ("a: &x [*x]\n", "PARSE-005"),
        ("a: *undefined\n", "PARSE-005"),
        ("--- 1\n--- 2\n", "PARSE-005"),
        ("[a]: 1\n", "PARSE-005"),
    ],
)
def test_refused_yaml(text: str, code: str) -> None:
    result = load(text)
    assert isinstance(result, Finding)
    assert result.code == code


def test_standard_tags_are_accepted() -> None:
    loaded = load("a: !!str 12\nb: !!int '7'\nc: !!float 1\n")
    assert isinstance(loaded, Loaded)
    assert loaded.data == {"a": "12", "b": 7, "c": 1.0}


def test_small_aliases_are_expanded() -> None:
    loaded = load("base: &b [t1, t2]\ncopy: *b\n")
    assert isinstance(loaded, Loaded)
    assert loaded.data["copy"] == ["t1", "t2"]


def test_syntax_error_reports_yaml_line_and_column_in_the_file() -> None:
    result = load("id: x\nlevel: [1, 2\n", line_offset=2)
    assert isinstance(result, Finding)
    assert result.code == "PARSE-005"
    assert result.span.start.line == 4


@pytest.mark.parametrize(
    "text",
    ["id: " + "[" * 2_000 + "]" * 2_000, "a: {" * 2_000 + "}" * 2_000, "- " * 2_000 + "x"],
    ids=["flow-lists", "flow-maps", "block-lists"],
)
def test_deep_nesting_is_parse_009_whichever_stops_it_first(text: str) -> None:
    # Our builder stops at MAX_DEPTH on streamed events; libyaml >= the one in PyYAML 6.0.4 stops
    # flow collections at 1,000 levels in its scanner first. Both must read as the same refusal.
    finding = load(text)
    assert isinstance(finding, Finding)
    assert finding.code == "PARSE-009"
    assert finding.span.start.line == 1


@pytest.mark.parametrize(
    "scalar",
    [
        "9" * 4301,
        "-" + "9" * 5000,
        "0x" + "f" * 3600,
        "0b" + "1" * 20_000,
        "1_" * 4301 + "1",
        "!!int " + "7" * 4400,
    ],
)
def test_an_integer_too_long_for_python_is_parse_009_at_its_place(scalar: str) -> None:
    # Python refuses int <-> text past 4,300 digits: this aborted the whole run with a traceback
    finding = load(f"a: 1\nversion: {scalar}\n", line_offset=3)
    assert isinstance(finding, Finding)
    assert (finding.code, finding.span.start) == ("PARSE-009", Position(4, 10))
    assert "nombre entier trop long" in finding.message


@pytest.mark.parametrize("scalar", ["9" * 4300, "-" + "9" * 4300, "0" * 5000 + "12", "0x" + "f" * 3500])
def test_long_integers_within_the_bound_read_as_ruamel_reads_them(scalar: str) -> None:
    reference = YAML(typ="safe", pure=True)
    reference.version = (1, 2)
    ours = _ours(scalar)
    if scalar.startswith("0" * 10):  # ruamel.yaml itself fails on 5,000 leading zeros
        assert ours == 12
    else:
        assert ours == reference.load(f"key: {scalar}\n")["key"]


def test_typographic_quotes_in_a_syntax_error_ask_for_straight_ones() -> None:
    finding = load("id: ok\ntitle: “Un titre: avec deux-points”\n")
    assert isinstance(finding, Finding)
    assert finding.code == "PARSE-005"
    assert finding.span.start.line == 2
    assert finding.hint is not None
    assert finding.hint.startswith('utilisez des guillemets droits (")')
