"""The QROC numeric helpers (pix.md §3.4 step 3) and the JavaScript ``Number``/``parseFloat`` they rest on.

The expected values were checked against Node.js 20 (V8); the ``isNumeric`` rows marked "Pix test" come
from Pix's ``string-utils_test.js``.
"""

from __future__ import annotations

import math

import pytest

from epreuve_tools.answers import is_numeric, parse_number
from epreuve_tools.answers.js import js_number, js_parse_float

NAN = math.nan


def _same(actual: float, expected: float) -> bool:
    return (math.isnan(actual) and math.isnan(expected)) or actual == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", 0.0, id="empty-is-0"),
        pytest.param(" \t\n", 0.0, id="blank-is-0"),
        pytest.param(" 12 ", 12.0, id="trimmed"),
        pytest.param("\ufeff12\u3000", 12.0, id="js-whitespace-trimmed"),
        pytest.param("\x1c12", NAN, id="python-only-whitespace-not-trimmed"),
        pytest.param("0x1A", 26.0, id="hex"),
        pytest.param("0o17", 15.0, id="octal"),
        pytest.param("0b11", 3.0, id="binary"),
        pytest.param("-0x1A", NAN, id="signed-hex-rejected"),
        pytest.param("1e3", 1000.0, id="exponent"),
        pytest.param("Infinity", math.inf, id="infinity"),
        pytest.param("-Infinity", -math.inf, id="minus-infinity"),
        pytest.param("infinity", NAN, id="infinity-is-case-sensitive"),
        pytest.param("+5", 5.0, id="plus-sign"),
        pytest.param("-0", -0.0, id="minus-zero"),
        pytest.param(".5", 0.5, id="leading-dot"),
        pytest.param("5.", 5.0, id="trailing-dot"),
        pytest.param("12abc", NAN, id="trailing-garbage"),
        pytest.param("1_000", NAN, id="no-numeric-separator"),
        pytest.param("1 000", NAN, id="inner-space"),
        pytest.param("١٢", NAN, id="ascii-digits-only"),
        pytest.param("1e400", math.inf, id="overflow"),
    ],
)
def test_js_number(text: str, expected: float) -> None:
    """pix.md §3.4 isNumeric `!isNaN(x)`: ECMAScript StringToNumber."""
    assert _same(js_number(text), expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("12abc", 12.0, id="longest-prefix"),
        pytest.param("0x10", 0.0, id="hex-reads-0"),
        pytest.param(".5", 0.5, id="leading-dot"),
        pytest.param("-.5e-1", -0.05, id="signed-exponent"),
        pytest.param("1e", 1.0, id="dangling-exponent"),
        pytest.param("1.5.3", 1.5, id="second-dot"),
        pytest.param("Infinityx", math.inf, id="infinity-prefix"),
        pytest.param("\u3000 \t5", 5.0, id="leading-js-whitespace"),
        pytest.param("", NAN, id="empty"),
        pytest.param("abc", NAN, id="letters"),
        pytest.param("- 5", NAN, id="sign-then-space"),
    ],
)
def test_js_parse_float(text: str, expected: float) -> None:
    """pix.md §3.4: JavaScript parseFloat."""
    assert _same(js_parse_float(text), expected)


@pytest.mark.parametrize(
    ("text", "numeric"),
    [
        pytest.param("abc", False, id="pix-abc"),
        pytest.param("123", True, id="pix-123"),
        pytest.param("12.0", True, id="pix-12.0"),
        pytest.param("13,0", True, id="pix-13,0"),
        pytest.param("abc.0", False, id="pix-abc.0"),
        pytest.param("123.a", False, id="pix-123.a"),
        pytest.param("0,123", True, id="pix-0,123"),
        pytest.param("25 000", True, id="pix-25-000"),
        pytest.param("123,,00", False, id="two-commas"),
        pytest.param("123..00", False, id="two-dots"),
        pytest.param("1 000 000", False, id="only-the-first-space-goes"),
        pytest.param("1 000,5", True, id="first-space-and-first-comma"),
        pytest.param(" 1 000", True, id="trim-then-first-space"),
        pytest.param("0x10", True, id="hex-is-numeric"),
        pytest.param("", False, id="empty-parsefloat-nan"),
        pytest.param("   ", False, id="blank"),
        pytest.param("Infinity", True, id="infinity"),
        pytest.param("1\u00a0000", False, id="nbsp-inside"),
    ],
)
def test_is_numeric(text: str, numeric: bool) -> None:
    """pix.md §3.4 step 3 isNumeric: `s.replace(',', '.').trim().replace(' ', '')`, then both
    `!isNaN(Number(x))` and `!isNaN(parseFloat(x))` (Pix's string-utils, which trims before removing the
    first space)."""
    assert is_numeric(text) is numeric


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("0123", 123.0, id="pix-0123"),
        pytest.param("1,23", 1.23, id="pix-1,23"),
        pytest.param("01,23", 1.23, id="pix-01,23"),
        pytest.param("00025 000", 25000.0, id="pix-00025-000"),
        pytest.param("1 000,5", 1000.5, id="first-space-first-comma"),
        pytest.param(" 1 000", 1.0, id="leading-space-is-the-first-space"),
        pytest.param("0x10", 0.0, id="hex-reads-0"),
        pytest.param(" - 5", NAN, id="numeric-but-nan"),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    """pix.md §3.4 step 3 cleanStringAndParseFloat: first space removed (no trim), first comma → dot."""
    assert _same(parse_number(text), value)
