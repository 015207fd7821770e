"""JavaScript string and number semantics that Pix's answer checking relies on.

Pix judges answers in Node.js. Python's notion of whitespace, of string length and of number parsing differ
from JavaScript's, so the helpers below reproduce the ECMAScript definitions explicitly:

* ``\\s`` and ``String.prototype.trim()`` use WhiteSpace + LineTerminator (ECMA-262 §12.2, §12.3), which is
  not Python's ``str.isspace()`` set: Python also counts U+001C..U+001F and U+0085, and does not count U+FEFF.
* ``String.prototype.length`` counts UTF-16 code units: a character outside the BMP (an emoji) counts 2.
* ``Number(string)`` (ECMA-262 StringToNumber) and ``parseFloat(string)`` have their own grammars.
"""

from __future__ import annotations

import math
import re
from typing import Final

# ECMAScript WhiteSpace (TAB, VT, FF, ZWNBSP, and every Zs character) + LineTerminator (LF, CR, LS, PS).
# Zs is U+0020, U+00A0, U+1680, U+2000..U+200A, U+202F, U+205F, U+3000 (U+180E left Zs in Unicode 6.3,
# and V8 no longer counts it).
JS_WHITESPACE: Final = (
    "\t\n\v\f\r \u00a0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
# A regex character class for JS `\s`.
JS_WS_CLASS: Final = "[" + re.escape(JS_WHITESPACE) + "]"

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def js_trim(s: str) -> str:
    """``String.prototype.trim()``: strip JS whitespace (not Python's) from both ends."""
    return s.strip(JS_WHITESPACE)


def js_trim_start(s: str) -> str:
    """``String.prototype.trimStart()``."""
    return s.lstrip(JS_WHITESPACE)


def _split_astral(match: re.Match[str]) -> str:
    code = ord(match.group()) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))


def to_utf16_units(s: str) -> str:
    """The string as JavaScript sees it: one Python character per UTF-16 code unit.

    Characters outside the BMP become their surrogate pair (two lone-surrogate code points), so that
    ``len()`` is JavaScript's ``.length`` and an edit distance on the result is one on code units, as
    ``fast-levenshtein`` computes it (it walks ``charCodeAt``).
    """
    if s.isascii():
        return s
    return _ASTRAL.sub(_split_astral, s)


def utf16_length(s: str) -> int:
    """JavaScript's ``s.length``."""
    if s.isascii():
        return len(s)
    return len(s) + len(_ASTRAL.findall(s))


# StrDecimalLiteral (ECMA-262 §7.1.4.1): sign, then Infinity or a decimal literal with optional exponent.
# Only ASCII digits: Python's `\d` would accept other scripts' digits.
_DECIMAL_BODY: Final = r"(?:Infinity|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
_STR_DECIMAL = re.compile(r"[+-]?" + _DECIMAL_BODY)
_NON_DECIMAL = re.compile(r"0(?:[xX](?P<hex>[0-9a-fA-F]+)|[oO](?P<oct>[0-7]+)|[bB](?P<bin>[01]+))")


def _decimal_value(literal: str) -> float:
    """The Number value of a string that matched ``_STR_DECIMAL`` entirely."""
    unsigned = literal.lstrip("+-")
    negative = literal.startswith("-")
    value = math.inf if unsigned == "Infinity" else float(unsigned)  # float() rounds correctly, as V8
    return -value if negative else value


def _int_to_float(value: int) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf


def js_number(s: str) -> float:
    """``Number(s)`` for a string (StringToNumber): NaN when the whole trimmed string is not a number.

    ``""`` and whitespace-only strings give 0; ``0x1A``/``0o17``/``0b11`` are accepted without a sign;
    ``Infinity`` is case-sensitive; ``1_000`` and ``12abc`` are NaN.
    """
    text = js_trim(s)
    if not text:
        return 0.0
    if _STR_DECIMAL.fullmatch(text):
        return _decimal_value(text)
    match = _NON_DECIMAL.fullmatch(text)
    if match is None:
        return math.nan
    if match.group("hex") is not None:
        return _int_to_float(int(match.group("hex"), 16))
    if match.group("oct") is not None:
        return _int_to_float(int(match.group("oct"), 8))
    return _int_to_float(int(match.group("bin"), 2))


def js_parse_float(s: str) -> float:
    """``parseFloat(s)``: the longest prefix (after leading JS whitespace) that is a StrDecimalLiteral.

    ``"12abc"`` → 12, ``"0x10"`` → 0, ``".5"`` → 0.5, ``"1e"`` → 1, ``"-Infinityx"`` → -inf, ``"abc"`` → NaN.
    """
    match = _STR_DECIMAL.match(js_trim_start(s))
    if match is None:
        return math.nan
    return _decimal_value(match.group())


def js_is_nan(s: str) -> bool:
    """The global ``isNaN(s)`` on a string: ``Number(s)`` is NaN."""
    return math.isnan(js_number(s))


def js_number_to_string(value: float) -> str:
    """A readable rendering of a JS number for explanations (``55``, ``55.5``, ``Infinity``, ``NaN``).

    Close to JavaScript's ``String(number)`` for the usual values; only used for display.
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


_ARRAY_INDEX = re.compile(r"0|[1-9][0-9]*")
_MAX_ARRAY_INDEX: Final = 2**32 - 2


def is_array_index(key: str) -> bool:
    """Whether a property key is an array index, which JavaScript orders first in an object."""
    return _ARRAY_INDEX.fullmatch(key) is not None and int(key) <= _MAX_ARRAY_INDEX


def js_own_keys_order(keys: list[str]) -> list[str]:
    """``Object.keys`` order of an object whose keys were inserted in ``keys`` order.

    ECMAScript OrdinaryOwnPropertyKeys: array indices first in ascending numeric order, then the other
    string keys in insertion order. So ``{b: …, 2: …, 1: …}`` iterates ``1, 2, b``.
    """
    indices = sorted((k for k in keys if is_array_index(k)), key=int)
    if not indices:
        return list(keys)
    return indices + [k for k in keys if not is_array_index(k)]
