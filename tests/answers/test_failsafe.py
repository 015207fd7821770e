"""The YAML reader matches js-yaml's ``load(text, {schema: FAILSAFE_SCHEMA})`` (pix.md §3.5 step 3).

Each expected value below is what js-yaml 4.1 returned for that text under Node.js 20 (ERROR: it threw).
PyYAML's ``BaseLoader`` alone differs on the rows marked *: empty nodes, tags, duplicated and complex keys,
U+0085/U+2028/U+FEFF, lone-surrogate escapes.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from epreuve_tools.answers.failsafe import (
    UNDEFINED,
    FailsafeError,
    JsTypeError,
    JsValue,
    js_to_string,
    load_failsafe,
)
from epreuve_tools.answers.js import js_own_keys_order

ERROR = object()

CASES = [
    pytest.param("a: Paris\nb: Lyon", {"a": "Paris", "b": "Lyon"}, id="two-keys"),
    pytest.param("a:", {"a": None}, id="empty-value-is-null"),
    pytest.param("a: ''", {"a": ""}, id="quoted-empty"),
    pytest.param("a: !!str", {"a": ""}, id="str-tag-on-empty"),
    pytest.param("a: !!seq", {"a": []}, id="seq-tag-on-empty"),
    pytest.param("a: !!map", {"a": {}}, id="map-tag-on-empty"),
    pytest.param("a: ! x", {"a": "x"}, id="non-specific-tag"),
    pytest.param("a: !!str 5", {"a": "5"}, id="str-tag"),
    pytest.param("a: !!int 5", ERROR, id="int-tag-unknown"),  # unknown tag !<tag:yaml.org,2002:int> (1:11)
    pytest.param("a: !!null ~", ERROR, id="null-tag-unknown"),  # unknown tag !<tag:yaml.org,2002:null> (1:12)
    pytest.param("a: !foo x", ERROR, id="local-tag-unknown"),  # unknown tag !<!foo> (1:10)
    pytest.param("a: ~", {"a": "~"}, id="tilde-is-a-string"),
    pytest.param("a: null", {"a": "null"}, id="null-is-a-string"),
    pytest.param("a: true", {"a": "true"}, id="true-is-a-string"),
    pytest.param("a: 1.50", {"a": "1.50"}, id="decimal-kept-as-text"),
    pytest.param("a: 0x1A", {"a": "0x1A"}, id="hex-kept-as-text"),
    pytest.param("a: 888,00", {"a": "888,00"}, id="comma-decimal-kept"),
    pytest.param("", UNDEFINED, id="empty-text-undefined"),
    pytest.param("# only a comment", None, id="comment-only-null"),
    pytest.param("---", None, id="empty-document-null"),
    pytest.param("~", "~", id="top-level-tilde"),
    pytest.param("Paris", "Paris", id="top-level-scalar"),
    pytest.param("''", "", id="top-level-empty-string"),
    pytest.param("- x\n- y", ["x", "y"], id="top-level-list"),
    pytest.param("a: [x, y]", {"a": ["x", "y"]}, id="flow-list-value"),
    pytest.param("a: {b: c}", {"a": {"b": "c"}}, id="flow-map-value"),
    pytest.param("a: 1\na: 2", ERROR, id="duplicated-key"),  # duplicated mapping key (2:1)
    pytest.param("? [a, b]\n: x", {"a,b": "x"}, id="sequence-key-joined"),
    pytest.param("? {a: b}\n: x", {"[object Object]": "x"}, id="mapping-key-object"),
    pytest.param("<<: {a: b}", {"<<": {"a": "b"}}, id="merge-key-is-plain"),
    pytest.param("a: &x v\nb: *x", {"a": "v", "b": "v"}, id="alias"),
    pytest.param("a: *x", ERROR, id="undefined-alias"),  # unidentified alias "x" (1:6)
    pytest.param("a: x\u2028b", {"a": "x\u2028b"}, id="line-separator-is-content"),
    pytest.param("a: x\x85y", {"a": "x\x85y"}, id="nel-is-content"),
    pytest.param("\ufeffa: x", {"a": "x"}, id="leading-bom-dropped"),
    pytest.param("a: x\ufeff", {"a": "x\ufeff"}, id="inner-bom-is-content"),
    pytest.param('a: "\\uD800"', {"a": "\ud800"}, id="lone-surrogate-escape"),
    pytest.param("1: x\nb: y\n0: z", {"0": "z", "1": "x", "b": "y"}, id="array-index-keys"),
    pytest.param(
        "a: x\n---\nb: y", ERROR, id="two-documents"
    ),  # expected a single document in the stream, but found more
    pytest.param("a: |\n  l1\n  l2\n", {"a": "l1\nl2\n"}, id="literal-block"),
    pytest.param("a: >-\n  l1\n  l2\n", {"a": "l1 l2"}, id="folded-block"),
    pytest.param("a: 'it''s'", {"a": "it's"}, id="single-quote-escape"),
    pytest.param('a: "tab\\there"', {"a": "tab\there"}, id="double-quote-escape"),
    pytest.param("a: b: c", ERROR, id="mapping-in-plain-value"),  # bad indentation of a mapping entry (1:5)
    pytest.param(
        "lecteur: [ a", ERROR, id="unclosed-flow"
    ),  # unexpected end of the stream within a flow collection (2:1)
    pytest.param("a:\n  - x\n  -\n", {"a": ["x", None]}, id="null-list-item"),
    pytest.param("__proto__: x", {"__proto__": "x"}, id="proto-key"),
    pytest.param("a: é", {"a": "é"}, id="accented"),
    pytest.param("{a: x, b: y}", {"a": "x", "b": "y"}, id="flow-mapping"),
    pytest.param("a: 'x\n  y'", {"a": "x y"}, id="multiline-single-quoted"),
    pytest.param("a:    spaced   ", {"a": "spaced"}, id="plain-value-trimmed"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_load_failsafe_matches_js_yaml(text: str, expected: object) -> None:
    """pix.md §3.5 step 3: js-yaml FAILSAFE, every scalar a string (js-yaml's own results)."""
    if expected is ERROR:
        with pytest.raises(FailsafeError):
            load_failsafe(text)
    else:
        assert load_failsafe(text) == expected


def test_empty_text_is_undefined_not_null() -> None:
    """pix.md §3.5: js-yaml's load('') is undefined; a comment alone is a null document."""
    assert load_failsafe("") is UNDEFINED
    assert load_failsafe("  \n") is UNDEFINED
    assert load_failsafe("# c") is None


def test_base_loader_alone_would_differ() -> None:
    """Why the reader post-processes PyYAML's events: BaseLoader reads 'a:' as '' and accepts !!int."""
    assert yaml.load("a:", Loader=yaml.BaseLoader) == {"a": ""}
    assert yaml.load("a: !!int 5", Loader=yaml.BaseLoader) == {"a": "5"}
    assert yaml.load("a: 1\na: 2", Loader=yaml.BaseLoader) == {"a": "2"}


def test_object_key_order_is_javascripts() -> None:
    """pix.md §3.5: answers are iterated with Object.entries, which puts array-index keys first."""
    assert js_own_keys_order(["b", "10", "2", "x", "01", "4294967295", "0"]) == [
        "0",
        "2",
        "10",
        "b",
        "x",
        "01",
        "4294967295",
    ]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param("x", "x", id="string"),
        pytest.param(["x", None, ["y", "z"]], "x,,y,z", id="array-join"),
        pytest.param({"a": "b"}, "[object Object]", id="object"),
        pytest.param([{"a": "b"}], "[object Object]", id="array-of-object"),
    ],
)
def test_js_to_string(value: JsValue, text: str) -> None:
    """pix.md §3.5: Pix calls `.toString()` on each answer value."""
    assert js_to_string(value) == text


def test_js_to_string_of_null_throws() -> None:
    """pix.md §3.5: `null.toString()` is a TypeError in Pix (a blank left empty in hand-written YAML)."""
    with pytest.raises(JsTypeError):
        js_to_string(None)


def test_cyclic_array_joins_as_empty() -> None:
    """V8's Array.prototype.join gives '' for a cycle (`&a [x, *a]`)."""
    value = load_failsafe("&a [x, *a]")
    assert isinstance(value, list)
    assert js_to_string(value) == "x,"


@given(st.dictionaries(st.text(), st.text(), max_size=4))
def test_safe_dump_round_trips(data: dict[str, str]) -> None:
    """Responses built with yaml.safe_dump of a dict of strings read back as that dict.

    safe_dump's default (allow_unicode=False) escapes every non-ASCII character, so the text is ASCII and
    Pix's pre-treatment cannot change it. (With allow_unicode=True, PyYAML writes U+0085/U+2028 as YAML 1.1
    line breaks, which js-yaml reads as ordinary characters: not a safe way to build responses.)
    """
    text = yaml.safe_dump(data)
    assert text.isascii()
    assert load_failsafe(text) == (data if data else {})


def test_private_use_placeholders_never_run_out() -> None:
    """U+2028 is hidden from PyYAML behind a private-use character absent from the text, even when the
    text already holds many of them."""
    crowded = "".join(chr(code) for code in range(0xF0000, 0xF0100))
    assert load_failsafe(f"a: {crowded}\u2028x") == {"a": f"{crowded}\u2028x"}


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    """js-yaml overflows its stack on very deep nesting (the API then fails); we report a YAML error."""
    with pytest.raises(FailsafeError):
        load_failsafe("[" * 5000 + "]" * 5000)
