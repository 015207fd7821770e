"""Read YAML as Pix does: ``js-yaml``'s ``load(text, {schema: FAILSAFE_SCHEMA})``, into JavaScript-like values.

PyYAML's parser produces the events; this module builds the values the way js-yaml's loader does with the
FAILSAFE schema, where PyYAML's ``BaseLoader`` alone would differ:

* every scalar is a string, except an *empty* node (``a:``), which js-yaml makes ``null`` (BaseLoader: ``''``);
* the only tags accepted are ``!!str``, ``!!seq`` and ``!!map`` on a node of that kind, and the
  non-specific ``!`` (js-yaml: "unknown tag" otherwise; BaseLoader accepts any tag);
* a duplicated mapping key is an error (BaseLoader keeps the last one);
* ``<<`` is an ordinary key (FAILSAFE has no merge type; neither has BaseLoader);
* a complex key (a sequence or a mapping) becomes a string as js-yaml converts it (``[a, b]`` → ``"a,b"``,
  a mapping → ``"[object Object]"``); BaseLoader refuses unhashable keys;
* an empty text is ``undefined``; a document with an empty node, or comments alone, is ``null``; more than
  one document is an error;
* U+0085, U+2028 and U+2029 are ordinary characters, as in YAML 1.2 and js-yaml (PyYAML follows YAML 1.1,
  where they break lines), and so is a U+FEFF that does not open the text (libyaml skips one at the start
  of any line): they are swapped for unused private-use characters while PyYAML parses, then restored in
  keys and values. A U+FEFF that opens the text is dropped, as js-yaml does.

Known differences remain on hand-written, malformed-looking YAML (measured by fuzzing against js-yaml 4):
tabs in indentation or on blank lines inside a plain scalar, a document marker glued to content (``---[``),
multi-line quoted keys, some block-scalar edge cases, and more than about 1000 levels of nesting. Responses
produced by a YAML dumper (js-yaml's ``dump``, PyYAML's ``safe_dump``) read identically.

Values: ``str``; ``list`` (a JS array); ``dict`` (a JS object, keys in insertion order; use
:func:`epreuve_tools.answers.js.js_own_keys_order` for JavaScript's iteration order); ``None`` (null);
:data:`UNDEFINED`. Anchors and aliases share the same Python object, as in JavaScript.

Aliases make a short text stand for an exponentially large value ("billion laughs"): loading counts the
values as if aliases were expanded and stops past :data:`~epreuve_tools.answers.limits.MAX_RESPONSE_NODES`,
and :func:`js_to_string` stops past a text length; both raise
:class:`~epreuve_tools.answers.limits.JudgingLimitError` (js-yaml would go on), never on alias-free text.
"""

from __future__ import annotations

import enum
from typing import Final, TypeAlias

import yaml

from .limits import MAX_RESPONSE_LENGTH, MAX_RESPONSE_NODES, expansion_too_large

# libyaml's parser is the closer to js-yaml on malformed input (measured on fuzzed texts); PyYAML's own
# parser reads what libyaml refuses but js-yaml accepts, such as a "\uD800" escape (a lone surrogate).
_LOADERS: Final[tuple[type[yaml.BaseLoader] | type[yaml.CBaseLoader], ...]] = (
    (yaml.CBaseLoader, yaml.BaseLoader) if yaml.__with_libyaml__ else (yaml.BaseLoader,)
)


class _Undefined(enum.Enum):
    UNDEFINED = "undefined"


UNDEFINED: Final = _Undefined.UNDEFINED

JsValue: TypeAlias = "str | list[JsValue] | dict[str, JsValue] | None"

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_NON_SPECIFIC = ("!", "?")


class FailsafeError(ValueError):
    """The text is not YAML that js-yaml's FAILSAFE schema loads (js-yaml throws a YAMLException).

    ``problem`` is the parser's short description (in English); ``line`` and ``column`` (1-based) locate it
    when known.
    """

    def __init__(self, problem: str, line: int | None = None, column: int | None = None) -> None:
        where = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(problem + where)
        self.problem = problem
        self.line = line
        self.column = column


class JsTypeError(TypeError):
    """JavaScript would throw a TypeError here (e.g. ``null.toString()``)."""


def _check_tag(tag: str | None, expected: str, kind: str) -> None:
    if tag is None or tag in _NON_SPECIFIC or tag == expected:
        return
    if tag in (_STR, _SEQ, _MAP):
        raise FailsafeError(f"unacceptable node kind for !<{tag}> tag; it should not be a {kind}")
    raise FailsafeError(f"unknown tag !<{tag}>")


def _key_to_string(key: JsValue) -> str:
    """js-yaml's ``storeMappingPair`` key conversion, then ``String(key)``."""
    if isinstance(key, str):
        return key
    if key is None:
        return "null"
    if isinstance(key, dict):
        return "[object Object]"
    parts: list[str] = []
    for item in key:
        if isinstance(item, list):
            raise FailsafeError("nested arrays are not supported inside keys")
        if isinstance(item, dict):
            parts.append("[object Object]")
        else:
            parts.append("" if item is None else item)
    return ",".join(parts)


class _Builder:
    def __init__(self, events: list[yaml.Event]) -> None:
        self.events = events
        self.pos = 0
        self.anchors: dict[str, JsValue] = {}
        # values counted as if every alias were expanded, and how many each finished anchor stands for
        self.expanded = 0
        self.anchor_sizes: dict[str, int] = {}

    def next(self) -> yaml.Event:
        event = self.events[self.pos]
        self.pos += 1
        return event

    def node(self) -> JsValue:
        event = self.next()
        self.expanded += 1
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise FailsafeError(f'unidentified alias "{event.anchor}"')
            # an alias to an anchor still being built (a cycle) is one value: joining it gives ''
            self.expanded += self.anchor_sizes.get(event.anchor, 1) - 1
            # checked here only: without aliases, the values are bounded by the text itself
            if self.expanded > MAX_RESPONSE_NODES:
                raise expansion_too_large("réponse YAML trop volumineuse", MAX_RESPONSE_NODES, "valeurs")
            return self.anchors[event.anchor]
        if event.anchor is None:  # type: ignore[attr-defined]  # every node event has one
            return self.build(event)
        start = self.expanded - 1
        value = self.build(event)
        self.anchor_sizes[event.anchor] = self.expanded - start  # type: ignore[attr-defined]
        return value

    def build(self, event: yaml.Event) -> JsValue:
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event)
        if isinstance(event, yaml.SequenceStartEvent):
            _check_tag(event.tag, _SEQ, "sequence")
            seq: list[JsValue] = []
            if event.anchor is not None:
                self.anchors[event.anchor] = seq
                self.anchor_sizes.pop(event.anchor, None)
            while not isinstance(self.events[self.pos], yaml.SequenceEndEvent):
                seq.append(self.node())
            self.pos += 1
            return seq
        if isinstance(event, yaml.MappingStartEvent):
            _check_tag(event.tag, _MAP, "mapping")
            mapping: dict[str, JsValue] = {}
            if event.anchor is not None:
                self.anchors[event.anchor] = mapping
                self.anchor_sizes.pop(event.anchor, None)
            while not isinstance(self.events[self.pos], yaml.MappingEndEvent):
                key = _key_to_string(self.node())
                value = self.node()
                if key in mapping:
                    raise FailsafeError(f"duplicated mapping key {key!r}")
                mapping[key] = value
            self.pos += 1
            return mapping
        raise FailsafeError(f"unexpected event {type(event).__name__}")  # pragma: no cover

    def scalar(self, event: yaml.ScalarEvent) -> JsValue:
        tag = event.tag
        value: JsValue
        # A plain scalar is never empty in YAML text: an empty plain value is an absent node.
        if event.value == "" and not event.style:
            if tag in (None, *_NON_SPECIFIC):
                value = None
            elif tag == _STR:
                value = ""
            elif tag == _SEQ:
                value = []
            elif tag == _MAP:
                value = {}
            else:
                raise FailsafeError(f"unknown tag !<{tag}>")
        else:
            _check_tag(tag, _STR, "scalar")
            value = event.value
        if event.anchor is not None:
            self.anchors[event.anchor] = value
        return value


_HIDDEN: Final = "\x85\u2028\u2029\ufeff"
# Supplementary private-use planes 15 and 16: printable for PyYAML and libyaml, unused by real text.
_PLACEHOLDER_CODES: Final = range(0xF0000, 0x10FFFE)


def _hide_specials(text: str) -> tuple[str, dict[str, str]]:
    """Swap U+0085/U+2028/U+2029/U+FEFF for private-use characters absent from ``text``; return the map
    that restores them."""
    present = [c for c in _HIDDEN if c in text]
    if not present:
        return text, {}
    used = set(text)
    free = (chr(code) for code in _PLACEHOLDER_CODES if chr(code) not in used)
    swap: dict[str, str] = {}
    for char in present:
        placeholder = next(free, None)
        if placeholder is None:  # pragma: no cover - a text holding ~131,000 distinct private-use characters
            break
        swap[char] = placeholder
    return text.translate({ord(c): p for c, p in swap.items()}), {p: c for c, p in swap.items()}


def _restore(value: str, restore: dict[str, str]) -> str:
    return value.translate({ord(p): c for p, c in restore.items()}) if restore else value


def _parse_events(text: str) -> list[yaml.Event]:
    error: FailsafeError | None = None
    for loader in _LOADERS:
        try:
            return list(yaml.parse(text, Loader=loader))
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            problem = exc.problem or exc.context or "invalid YAML"
            error = error or FailsafeError(problem, *((mark.line + 1, mark.column + 1) if mark else ()))
        except (yaml.YAMLError, UnicodeError, RecursionError) as exc:
            error = error or FailsafeError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    assert error is not None
    raise error


def load_failsafe(text: str) -> JsValue | _Undefined:
    """``jsYaml.load(text, {schema: FAILSAFE_SCHEMA})``; raises :class:`FailsafeError` where js-yaml throws."""
    if text.startswith("\ufeff"):
        text = text[1:]
    hidden, restore = _hide_specials(text)
    events = _parse_events(hidden)
    if restore:
        for event in events:
            if isinstance(event, yaml.ScalarEvent):
                event.value = _restore(event.value, restore)
    builder = _Builder(events)
    documents: list[JsValue] = []
    try:
        while builder.pos < len(events):
            event = builder.next()
            if isinstance(event, yaml.DocumentStartEvent):
                documents.append(builder.node())
                if len(documents) > 1:
                    raise FailsafeError("expected a single document in the stream, but found more")
    except RecursionError as exc:
        raise FailsafeError("document too deeply nested") from exc
    if documents:
        return documents[0]
    return UNDEFINED if _no_document_read(text) else None


def _no_document_read(text: str) -> bool:
    """Whether js-yaml's ``loadDocuments`` reads no document at all (then ``load`` returns undefined).

    It appends a line feed when the text does not end a line, skips leading U+0020 only, and reads documents
    while it is before that last character; so only an empty text, or spaces then one line break, give
    undefined. Comments alone make a document whose value is ``null``.
    """
    if not text:
        return True
    if not text.endswith(("\n", "\r")):
        text += "\n"
    position = len(text) - len(text.lstrip(" "))
    return position >= len(text) - 1


def js_to_string(value: JsValue, limit: int = MAX_RESPONSE_LENGTH) -> str:
    """``value.toString()``: arrays join their items with ``,`` (null → ``''``), objects give
    ``'[object Object]'``; ``null`` throws :class:`JsTypeError`, as in JavaScript.

    Joining an array made of aliases can give a text exponentially longer than the YAML: past ``limit``
    (counting one per item plus the characters of its strings, never more than the alias-free YAML text),
    :class:`~epreuve_tools.answers.limits.JudgingLimitError` is raised."""
    if isinstance(value, str):
        return value
    if value is None:
        raise JsTypeError("Cannot read properties of null (reading 'toString')")
    if isinstance(value, dict):
        return "[object Object]"
    return _join(value, set(), [limit, limit])


def _join(items: list[JsValue], seen: set[int], left: list[int]) -> str:
    # Array.prototype.join: a cyclic reference to an array being joined gives '' (V8's cycle detection).
    # `left` is [work still allowed, limit], shared by the whole join (mutated).
    seen.add(id(items))
    parts: list[str] = []
    for item in items:
        left[0] -= 1 + (len(item) if isinstance(item, str) else 0)
        if left[0] < 0:
            raise expansion_too_large("valeur trop longue", left[1], "caractères")
        if item is None:
            parts.append("")
        elif isinstance(item, str):
            parts.append(item)
        elif isinstance(item, dict):
            parts.append("[object Object]")
        elif id(item) in seen:
            parts.append("")
        else:
            parts.append(_join(item, seen, left))
    seen.discard(id(items))
    return ",".join(parts)
