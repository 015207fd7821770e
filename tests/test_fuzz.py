"""Fuzzing of the analysis (issue #9 §3): whatever the bytes, `epreuve check` gives diagnostics.

Mutation fuzzing of the sample content once found inputs that ended in INTERNAL-001 (exit 3). These
tests mutate the sample files of `content/` (flipped bytes, YAML and Markdown tokens, deleted or
repeated lines, values of the wrong type…) and generate front matters from the schema's keys and
bodies of blanks, containers, images, links and tables. Properties: the analysis of an épreuve never
reports INTERNAL-001, finishes within TIME_BOUND, and gives the same findings twice; the référentiel
and parcours analysis never raises; a whole check of a small mutated tree reports no internal error.

Budget: in CI each test runs a fixed number of examples, derandomized (the same inputs on every run,
so a failure is reproducible): 300 a test, the whole file in about 10 s on 2 cores. To hunt for
crashes by hand, run many more examples with a random seed (in the background: ~5 min), for instance:

    EPREUVE_FUZZ_EXAMPLES=20000 .nox/tests/bin/python -m pytest tests/test_fuzz.py -p no:cacheprovider

(EPREUVE_FUZZ_EXAMPLES is the number of examples per test; the whole-tree test runs an eighth of it.)
A crash found that way is kept, minimised, in REGRESSIONS at the end of this file.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epreuve_tools.analyser import Analyser
from epreuve_tools.analysis import analyse_epreuve, analyse_yaml
from epreuve_tools.checker import CheckOptions, run_check
from epreuve_tools.config import Config
from epreuve_tools.diagnostics import INTERNAL_ERROR_CODE
from epreuve_tools.results import FileAnalysis
from epreuve_tools.rules import REGISTRY
from epreuve_tools.schema.validate import schema
from epreuve_tools.selection import Selection
from tests.conftest import MINIMAL_REFERENTIEL, SAMPLE_CONTENT

# --- budget ------------------------------------------------------------------------------------

_HUNT = os.environ.get("EPREUVE_FUZZ_EXAMPLES")
EXAMPLES = int(_HUNT) if _HUNT else 300
# A sample épreuve is analysed in a few milliseconds; a second means the analysis went superlinear.
TIME_BOUND = 2.0


def budget(examples: int = EXAMPLES) -> settings:
    """Fixed and derandomized in CI; random when hunting by hand (EPREUVE_FUZZ_EXAMPLES)."""
    return settings(
        max_examples=max(1, examples),
        derandomize=not _HUNT,
        database=None,  # nothing written in the working tree; CI replays the same inputs anyway
        deadline=None,  # time is asserted by the property itself, with a bound meant for slow machines
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )


# --- material ----------------------------------------------------------------------------------

EPREUVE_SAMPLES = tuple(path.read_bytes() for path in sorted((SAMPLE_CONTENT / "epreuves").rglob("*.md")))
PARCOURS_SAMPLES = tuple(path.read_bytes() for path in sorted((SAMPLE_CONTENT / "parcours").glob("*.yaml")))
REFERENTIEL_SAMPLE = (SAMPLE_CONTENT / "referentiel.yaml").read_bytes()

# Characters and words that mean something to YAML, Markdown, the blank syntax or the decoder.
TOKENS = (
    ":", ": ", "-", "- ", "[", "]", "{", "}", ",", "?", "? ", "&a ", "*a", "<<: *a", "!!", "!!str ",
    "!!python/object:os.system ", "!custom ", "%YAML 1.1\n", "#", " #", "'", '"', "|", ">", "|-\n",
    "~", "null", "@", "`", "\\", "${", "}", "${a}", "${a#b§c}", "${x options=[", 'value="', "§",
    ":::", "::: propositions\n", "::: correction\n", ":::\n", "---\n", "...\n", "\t", "\x00", "\ufeff",
    "\r\n", "\r", "\n", "\n\n", "\u2028", "\u0085", "\u200b", "\u202e", "\x0c", "\x0b", "e\u0301",
    "\U0001d7d8", "\uff1a", "\U0001f600", "1e999", "0x", ".nan", "-.inf", "9" * 40, "<!--", "-->",
    "![", "](", "](images/x.png)", "<img src=x>", "| a | b |\n|---|---|\n", "    ", "*", "_", "**",
)  # fmt: skip

# YAML renditions of values of every type, to put where the schema expects another.
VALUE_TEXTS = (
    "~", "null", "", "[]", "{}", "[1, 2]", "[[1], [2]]", "[a, [b, {c: d}]]", "{a: 1}", "{a: [b]}",
    "{1: [2]}", "{null: x}", "{[a]: b}", "true", "false", "0", "-1", "3.5", "1e3", ".inf", "-.inf",
    ".nan", "0x10", "0o17", "0b101", "1_000", "9" * 30, '""', "''", '"2"', "!!str 1", "!!int '3'",
    "!!float 1", "!!null ''", "!!bool true", "!!binary aGk=", "!!set {a}", "!!omap [a: 1]",
    "!!timestamp 2024-01-01", "2024-01-01", "&a [1]", "*a", "*undefined", "|\n  bloc\n",
    ">-\n  plié\n", "\n  - a\n  - [b]\n  - {c: d}\n", "\n  k: v\n  k: w\n", "\n  - - - x\n", "@tube",
    "'@x'", "\"\\ud800\"", "\"\\x00\"", "\"\\u2028\"", "qcu", "qrocm-dep", "validé", '"4.1"', "t1",
)  # fmt: skip

_KEY_LINE = re.compile(rb"^(\s*-?\s*)([A-Za-z_][\w-]*)\s*:(.*)$")


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


# Most changes spare the opening `---`: without it a file stops at PARSE-004, before any other check
# (hypothesis favours small numbers: the rare case is the largest draw, not the smallest).


def _position(draw: st.DrawFn, data: bytes) -> int:
    low = 0 if len(data) <= 4 or draw(st.integers(0, 7)) == 7 else 4
    return draw(st.integers(low, len(data)))


def _line_index(draw: st.DrawFn, lines: list[bytes]) -> int:
    low = 0 if len(lines) <= 1 or draw(st.integers(0, 7)) == 7 else 1
    return draw(st.integers(low, len(lines) - 1))


def _insert(draw: st.DrawFn, data: bytes) -> bytes:
    token = draw(st.sampled_from(TOKENS)).encode("utf-8")
    at = _position(draw, data)
    return data[:at] + token * draw(st.integers(1, 3)) + data[at:]


def _insert_at_line_start(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    index = _line_index(draw, lines)
    lines[index] = draw(st.sampled_from(TOKENS)).encode("utf-8") + lines[index]
    return b"\n".join(lines)


def _flip_byte(draw: st.DrawFn, data: bytes) -> bytes:
    if not data:
        return data
    at = min(_position(draw, data), len(data) - 1)
    return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]


def _flip_character(draw: st.DrawFn, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="surrogateescape")
    if not text:
        return data
    at = min(_position(draw, data), len(text) - 1)
    character = draw(st.characters(codec="utf-8"))
    return (text[:at] + character + text[at + 1 :]).encode("utf-8", errors="surrogateescape")


def _delete_span(draw: st.DrawFn, data: bytes) -> bytes:
    start = _position(draw, data)
    return data[:start] + data[start + draw(st.integers(1, 40)) :]


def _delete_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    start = _line_index(draw, lines)
    del lines[start : start + draw(st.integers(1, 4))]
    return b"\n".join(lines)


def _duplicate_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    start = _line_index(draw, lines)
    chunk = lines[start : start + draw(st.integers(1, 4))]
    at = draw(st.integers(0, len(lines)))
    return b"\n".join(lines[:at] + chunk + lines[at:])


def _swap_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    first, second = _line_index(draw, lines), _line_index(draw, lines)
    lines[first], lines[second] = lines[second], lines[first]
    return b"\n".join(lines)


def _replace_value(draw: st.DrawFn, data: bytes) -> bytes:
    """A key's value replaced by a value of another type, or by another key's value."""
    lines = _lines(data)
    keyed = [index for index, line in enumerate(lines) if _KEY_LINE.match(line)]
    if not keyed:
        return data
    index = draw(st.sampled_from(keyed))
    match = _KEY_LINE.match(lines[index])
    assert match is not None
    if draw(st.booleans()):
        value = draw(st.sampled_from(VALUE_TEXTS)).encode("utf-8")
    else:
        other = _KEY_LINE.match(lines[draw(st.sampled_from(keyed))])
        assert other is not None
        value = other.group(3).strip()
    lines[index] = match.group(1) + match.group(2) + b": " + value
    return b"\n".join(lines)


def _indent(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    index = _line_index(draw, lines)
    lines[index] = draw(st.sampled_from((b" ", b"  ", b"\t", b"    "))) + lines[index]
    return b"\n".join(lines)


def _whole_file(draw: st.DrawFn, data: bytes) -> bytes:
    """Changes of the whole file: line ends, BOM, truncation, tabs for spaces."""
    change = draw(st.sampled_from(("crlf", "cr", "bom", "truncate", "tabs", "double")))
    if change == "crlf":
        return data.replace(b"\n", b"\r\n")
    if change == "cr":
        return data.replace(b"\n", b"\r")
    if change == "bom":
        return b"\xef\xbb\xbf" + data
    if change == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if change == "tabs":
        return data.replace(b"  ", b"\t")
    return data + data


MUTATIONS: tuple[Callable[[st.DrawFn, bytes], bytes], ...] = (
    _insert,
    _insert,
    _insert_at_line_start,
    _flip_byte,
    _flip_character,
    _delete_span,
    _delete_lines,
    _duplicate_lines,
    _swap_lines,
    _replace_value,
    _replace_value,
    _replace_value,
    _indent,
    _whole_file,
)


@st.composite
def mutated(draw: st.DrawFn, samples: tuple[bytes, ...], most: int = 4) -> bytes:
    """A sample file with one to `most` mutations."""
    data = draw(st.sampled_from(samples))
    for _ in range(draw(st.integers(1, most))):
        data = draw(st.sampled_from(MUTATIONS))(draw, data)
    return data


# --- generated épreuves ------------------------------------------------------------------------

_EPREUVE_SCHEMA = schema("epreuve")
_KEYS = tuple(_EPREUVE_SCHEMA["properties"])
_NESTED_KEYS = {
    key: tuple(value["properties"])
    for key, value in _EPREUVE_SCHEMA["properties"].items()
    if "properties" in value
}
_TYPES = ("qcu", "qcm", "qroc", "qrocm-ind", "qrocm-dep")
_BLANK_KEYS = ("a", "b", "ville", "r1", "x-y", "_")


def _text(max_size: int) -> st.SearchStrategy[str]:
    """Text without NUL: a NUL makes the whole file PARSE-002 (the mutations still insert some)."""
    return st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=max_size)


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    _text(12),
    st.sampled_from(("", "1", "4.1", "@motDePasse", "t1", "qcu", "OK", "RAS", "images/x.png", "SEM-005")),
)
# Map keys of any scalar type: YAML allows `1:`, `null:`, `true:` or `1.5:` where a name is expected.
_map_keys = st.one_of(
    st.sampled_from(_BLANK_KEYS),
    _text(6),
    st.integers(-2, 99),
    st.none(),
    st.booleans(),
    st.floats(),
)
_values: st.SearchStrategy[Any] = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(_map_keys, children, max_size=4),
    ),
    max_leaves=12,
)


def _right_value(key: str) -> st.SearchStrategy[Any]:
    """A value the schema may accept for `key`: its enum and examples."""
    definition = _EPREUVE_SCHEMA["properties"][key]
    choices = [*definition.get("enum", ()), *definition.get("examples", ())]
    if "default" in definition:
        choices.append(definition["default"])
    return st.sampled_from(choices) if choices else _values


def _nested(key: str) -> st.SearchStrategy[Any]:
    return st.dictionaries(st.sampled_from(_NESTED_KEYS[key]), _values, max_size=4)


_answers = st.one_of(
    st.integers(-2, 9),
    st.lists(st.integers(-1, 9), max_size=5),
    st.lists(st.one_of(_text(10), st.integers(), st.floats()), max_size=5),
    st.dictionaries(
        _map_keys,
        st.one_of(st.lists(st.one_of(_text(10), st.integers()), max_size=4), _values),
        max_size=4,
    ),
    _values,
)
_responses = st.one_of(
    _text(12),
    st.dictionaries(_map_keys, st.one_of(_text(8), _values), max_size=3),
    _values,
)


@st.composite
def front_matters(draw: st.DrawFn) -> dict[str, Any]:
    """A front matter from the schema's keys: mostly well formed, with some values of any type."""
    front: dict[str, Any] = {
        "id": "fuzz-epreuve",
        "type": draw(st.sampled_from(_TYPES)),
        "competence": "4.1",
        "tube": "@motDePasse",
        "level": 1,
        "status": "validé",
        "answer": draw(_answers),
    }
    if draw(st.booleans()):
        front["examples"] = {
            "accepted": draw(st.lists(_responses, max_size=3)),
            "rejected": draw(st.lists(_responses, max_size=3)),
        }
    for key in draw(st.lists(st.sampled_from(_KEYS), max_size=6)):
        if key in _NESTED_KEYS and draw(st.booleans()):
            front[key] = draw(_nested(key))
        else:
            front[key] = draw(st.one_of(_right_value(key), _values))
    for key in draw(st.lists(st.sampled_from(_KEYS), max_size=2)):
        front.pop(key, None)
    return front


def _render_front_matter(draw: st.DrawFn, front: dict[str, Any]) -> str:
    style = draw(st.sampled_from((None, False, True)))
    try:
        return yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=style)
    except yaml.YAMLError:  # a value PyYAML cannot write: JSON is YAML 1.2 too
        return json.dumps(front, ensure_ascii=False)


_words = st.sampled_from(("Quelle", "valeur", "?", "**gras**", "_it_", "`code`", "é", "\\", "<br>", "&amp;"))


@st.composite
def blanks(draw: st.DrawFn) -> str:
    key = draw(st.one_of(st.sampled_from(_BLANK_KEYS), _text(5)))
    parts = [key]
    if draw(st.booleans()):
        parts.append("#" + draw(_text(6)))
    if draw(st.booleans()):
        parts.append("§" + draw(_text(6)))
    if draw(st.booleans()):
        parts.append(f' value="{draw(_text(4))}"')
    if draw(st.booleans()):
        options = draw(st.lists(_text(4), max_size=3))
        parts.append(
            " options=" + draw(st.sampled_from((json.dumps(options, ensure_ascii=False), "[a, b]", "[")))
        )
    inner = "".join(parts)
    return "${" + inner + draw(st.sampled_from(("}", "}", "", "}}")))


_BODY_PIECES = st.one_of(
    blanks(),
    st.sampled_from(
        (
            "::: propositions",
            "::: correction",
            ":::",
            "::: autre",
            ":::: propositions",
            "::: propositions :::",
            "- ",
            "1. ",
            "> ",
            "# ",
            "```",
            "~~~",
            "---",
            "| a | b |\n|---|---|\n| ${a} | c |",
            "![alt](images/x.png)",
            '![](images/x.png "titre")',
            "![${a}](${b})",
            "[lien](https://example.org)",
            "[lien][ref]\n\n[ref]: ../hors.md",
            "<img src=images/x.png>",
            "<!-- commentaire -->",
            "    code indenté",
            "\t",
            "",
        )
    ),
    st.lists(_words, min_size=1, max_size=6).map(" ".join),
    _text(10),
)


@st.composite
def bodies(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for piece in draw(st.lists(st.lists(_BODY_PIECES, min_size=1, max_size=4), max_size=16)):
        lines.append(draw(st.sampled_from(("", " "))).join(piece))
    return "\n".join(lines)


@st.composite
def generated_epreuves(draw: st.DrawFn) -> bytes:
    front = _render_front_matter(draw, draw(front_matters()))
    body = draw(bodies())
    text = f"---\n{front}---\n{body}\n"
    data = text.encode("utf-8", errors="surrogatepass")
    if draw(st.integers(0, 3)) == 0:
        data = draw(st.sampled_from(MUTATIONS))(draw, data)
    return data


@st.composite
def sample_front_matter_with_body(draw: st.DrawFn) -> bytes:
    """A sample's front matter over a generated body: the blanks rules meet real answer keys."""
    sample = draw(st.sampled_from(EPREUVE_SAMPLES))
    end = sample.index(b"\n---\n", 4) + 5
    return sample[:end] + draw(bodies()).encode("utf-8", errors="surrogatepass")


# --- properties --------------------------------------------------------------------------------


def assert_analysed(data: bytes, opt_in: frozenset[str] = frozenset()) -> FileAnalysis:
    """Findings, never an internal error; within the time bound; the same twice."""
    started = time.perf_counter()
    analysis = analyse_epreuve(data, opt_in)
    elapsed = time.perf_counter() - started
    # analyse_epreuve turns an exception into INTERNAL-001 and keeps the traceback in `crash`
    assert analysis.crash is None, analysis.crash
    assert INTERNAL_ERROR_CODE not in {finding.code for finding in analysis.findings}
    assert elapsed < TIME_BOUND, f"analysis took {elapsed:.2f} s"
    assert analyse_epreuve(data, opt_in) == analysis
    return analysis


@budget()
@given(mutated(EPREUVE_SAMPLES))
def test_mutated_sample_epreuves_give_diagnostics(data: bytes) -> None:
    assert_analysed(data)


@budget()
@given(generated_epreuves())
def test_generated_front_matter_and_body_give_diagnostics(data: bytes) -> None:
    assert_analysed(data)


_OPT_IN = frozenset(code for code, rule in REGISTRY.items() if rule.opt_in)


@budget()
@given(sample_front_matter_with_body())
def test_generated_bodies_under_sample_keys_give_diagnostics(data: bytes) -> None:
    assert_analysed(data)
    assert_analysed(data, _OPT_IN)


def _assert_yaml_analysed(data: bytes, schema_name: str) -> None:
    started = time.perf_counter()
    analysis = analyse_yaml(data, schema_name)  # unguarded in the checker: it must not raise
    elapsed = time.perf_counter() - started
    assert elapsed < TIME_BOUND, f"analysis took {elapsed:.2f} s"
    assert INTERNAL_ERROR_CODE not in {finding.code for finding in analysis.findings}
    assert analyse_yaml(data, schema_name).findings == analysis.findings


@budget()
@given(mutated(PARCOURS_SAMPLES))
def test_mutated_parcours_give_diagnostics(data: bytes) -> None:
    _assert_yaml_analysed(data, "parcours")


@budget()
@given(mutated((REFERENTIEL_SAMPLE,)))
def test_mutated_referentiel_gives_diagnostics(data: bytes) -> None:
    _assert_yaml_analysed(data, "referentiel")


# --- a whole check -----------------------------------------------------------------------------

ALL = Selection(("ALL",), (), {}, {})


@st.composite
def trees(draw: st.DrawFn) -> dict[str, bytes]:
    """A small content tree: référentiel, parcours and épreuves, each maybe mutated."""
    files: dict[str, bytes] = {}
    referentiel = draw(st.sampled_from((REFERENTIEL_SAMPLE, MINIMAL_REFERENTIEL.encode())))
    if draw(st.booleans()):
        referentiel = draw(mutated((referentiel,), most=2))
    files["referentiel.yaml"] = referentiel
    for index in range(draw(st.integers(0, 2))):
        files[f"parcours/p{index}.yaml"] = draw(
            st.one_of(st.sampled_from(PARCOURS_SAMPLES), mutated(PARCOURS_SAMPLES))
        )
    for index in range(draw(st.integers(1, 4))):
        files[f"epreuves/e{index}.md"] = draw(
            st.one_of(st.sampled_from(EPREUVE_SAMPLES), mutated(EPREUVE_SAMPLES), generated_epreuves())
        )
    return files


def _check(project: Path, *, use_cache: bool) -> list[tuple[str, int, int, str]]:
    report, crashes = run_check(
        CheckOptions(
            paths=(project / "content",),
            config=Config(root=project),
            selection=ALL,
            use_cache=use_cache,
            jobs=1,
        ),
        Analyser(1),
    )
    assert not crashes, crashes
    found = [(d.path, d.span.start.line, d.span.start.column, d.code) for d in report.diagnostics]
    assert INTERNAL_ERROR_CODE not in {code for *_, code in found}
    return found


@budget(EXAMPLES // 8)
@given(trees())
def test_a_check_of_a_mutated_tree_reports_no_internal_error(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        project = Path(folder)
        patch.setenv("XDG_CACHE_HOME", str(project / "user-cache"))
        for relative, content in files.items():
            path = project / "content" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        cold = _check(project, use_cache=False)
        assert _check(project, use_cache=True) == cold
        assert _check(project, use_cache=True) == cold  # from the cache


# --- crashes found, kept as regression cases ---------------------------------------------------

_QCU_HEAD = '---\nid: abc\ntype: qcu\ncompetence: "4.1"\ntube: "@motDePasse"\nlevel: 1\nstatus: validé\n'
_LIST_IN_QCM_KEY = (
    _QCU_HEAD.replace("qcu", "qcm") + "answer: [[1], 2]\n---\n::: propositions\n- a\n- b\n:::\n"
)
_LONE_CR_IN_BODY = "---\n---\n\r::: propositions"
_CONTROL_CHARACTER_IN_QROCM_EXAMPLE = (
    _QCU_HEAD.replace("qcu", "qrocm-ind")
    + 'answer: {r: [a]}\nexamples:\n  accepted: [{r: "\\x94"}]\n---\n::: propositions\n${r}\n:::\n'
)

REGRESSIONS = [
    # SEM-006 put each item of a QCM key in a set: a list or a map in the key raised TypeError
    pytest.param(_LIST_IN_QCM_KEY.encode(), id="list-in-qcm-key"),
    # markdown-it ends a line at a lone \r where the body's lines were split at \n only: the
    # container's line was past the list of lines (IndexError in parsing/markdown.py, fixed there)
    pytest.param(_LONE_CR_IN_BODY.encode(), id="lone-cr-in-body"),
    pytest.param(_CONTROL_CHARACTER_IN_QROCM_EXAMPLE.encode(), id="control-character-in-qrocm-example"),
]


@pytest.mark.parametrize("data", REGRESSIONS)
def test_crashes_found_by_fuzzing_stay_fixed(data: bytes) -> None:
    assert_analysed(data)
