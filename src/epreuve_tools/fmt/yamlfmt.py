"""Formatting YAML (an épreuve's front matter, a parcours, the référentiel), keeping comments.

ruamel.yaml's round trip keeps comments and blank lines, but costs about 5 ms a document: a
document is first read with libyaml's events (about 0.1 ms), and `is_canonical` proves, when it
can, that the round trip would give it back unchanged. Only the others are round-tripped.

Layout: keys in the house order (`layout.key_order`), two spaces of indentation, list dashes
indented under their key (`key:\\n  - item`), `key: value` with one space, flow collections kept
in flow (`[t1, t2, t3]`) and written `[a, b]` / `{k: v}`, literal and folded blocks kept, strings
quoted only when needed (`layout.needs_quotes`) and then in double quotes, lines never wrapped.
A comment travels with the key it is attached to (the one above it, for a whole-line comment).

After a round trip, the result is read back with the checker's own loader and compared with what
was read before: anything but the intended changes (typography of prose values) and the document
is left as it was (`Unsafe`). NFC is applied to the whole file before, by the caller.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import FoldedScalarString, ScalarString

from epreuve_tools.diagnostics import Finding
from epreuve_tools.fmt import layout
from epreuve_tools.fmt.typography import APOSTROPHE, NARROW_NBSP, NBSP, apply_edits, prose_edits
from epreuve_tools.parsing.yaml12 import load as load12


class Unsafe(Exception):
    """The round trip would change what the loader reads: the document is left as it was."""


# ---------------------------------------------------------------- the round trip


class _Representer(RoundTripRepresenter):
    """Strings plain when `layout.needs_quotes` allows it, double-quoted otherwise."""

    in_flow = False

    def represent_sequence(self, tag: Any, sequence: Any, flow_style: Any = None) -> Any:
        return self._nested(super().represent_sequence, tag, sequence, flow_style)

    def represent_mapping(self, tag: Any, mapping: Any, flow_style: Any = None) -> Any:
        return self._nested(super().represent_mapping, tag, mapping, flow_style)

    def _nested(self, represent: Any, tag: Any, collection: Any, flow_style: Any) -> Any:
        outer = self.in_flow
        self.in_flow = outer or _is_flow(collection)
        try:
            return represent(tag, collection, flow_style)
        finally:
            self.in_flow = outer

    def represent_plain_str(self, data: str) -> Any:
        style = '"' if layout.needs_quotes(data, flow=self.in_flow) else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)


class _Judged(str):
    """A string of `answer` or `examples`: always double-quoted, its exact text in plain sight."""

    __slots__ = ()


def _represent_judged(representer: _Representer, data: _Judged) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


_Representer.add_representer(str, _Representer.represent_plain_str)
_Representer.add_representer(_Judged, _represent_judged)


def _mark_judged(node: Any) -> None:
    """Turn the plain strings under `node` into `_Judged` ones (block scalars keep their style)."""
    if isinstance(node, CommentedMap):
        for key in list(node.keys()):
            value = node[key]
            if type(value) is str:
                node[key] = _Judged(value)
            else:
                _mark_judged(value)
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            if type(value) is str:
                node[index] = _Judged(value)
            else:
                _mark_judged(value)


def _is_flow(collection: Any) -> bool:
    fa = getattr(collection, "fa", None)
    return bool(fa is not None and fa.flow_style())


class _Emitter(RoundTripEmitter):
    """Where YAML refuses a plain scalar the representer asked for, double quotes, never single."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


def _yaml() -> YAML:
    handler = YAML(typ="rt")
    handler.Representer = _Representer
    handler.Emitter = _Emitter
    handler.indent(mapping=2, sequence=4, offset=2)
    handler.width = 1_000_000  # never wrap a line: an author's line breaks are the author's
    handler.preserve_quotes = False
    handler.allow_duplicate_keys = False
    return handler


@dataclass(frozen=True, slots=True)
class Context:
    """What decides a document's layout: its schema, and whether its prose is French."""

    schema: str  # "epreuve", "parcours" or "referentiel"
    french: bool = True


def _reorder(node: Any, schema: Mapping[str, Any], context: Context, depth: int) -> None:
    if isinstance(node, CommentedMap):
        known = layout.key_order(context.schema, schema, depth)
        keys = list(node.keys())
        wanted = layout.ordered(keys, known)
        if wanted != keys:
            for key in wanted:
                node.move_to_end(key)
        for key in keys:
            _reorder(node[key], layout.child_schema(context.schema, schema, key), context, depth + 1)
    elif isinstance(node, CommentedSeq):
        for item in node:
            _reorder(item, layout.child_schema(context.schema, schema, 0), context, depth + 1)


def _fixed_string(value: str, markdown: bool) -> str:
    edits = prose_edits(value, markdown=markdown)
    if not edits:
        return value
    if isinstance(value, FoldedScalarString):
        folds = list(getattr(value, "fold_pos", []))
        # a folded line break reads as a space: it stays a line break, the space is not fixed
        edits = [e for e in edits if not any(e.start <= fold < max(e.end, e.start + 1) for fold in folds)]
        shifted = []
        for fold in folds:
            shift = sum(len(e.new) - (e.end - e.start) for e in edits if e.end <= fold)
            shifted.append(fold + shift)
        folded: Any = FoldedScalarString(apply_edits(value, edits))
        folded.fold_pos = shifted
        return cast("str", folded)
    if isinstance(value, ScalarString):
        return cast("str", type(value)(apply_edits(value, edits)))
    return apply_edits(value, edits)


def _retouch_prose(node: Any) -> None:
    if isinstance(node, CommentedMap):
        for key in list(node.keys()):
            value = node[key]
            if key in layout.JUDGED_KEYS:
                continue
            if isinstance(value, str) and key in layout.PROSE_KEYS:
                fixed = _fixed_string(value, key in layout.MARKDOWN_KEYS)
                if fixed is not value:
                    node[key] = fixed
            else:
                _retouch_prose(value)
    elif isinstance(node, CommentedSeq):
        for item in node:
            _retouch_prose(item)


def round_trip(text: str, context: Context) -> str:
    """`text` through ruamel.yaml in the house layout; raises Unsafe when that changes its meaning,
    or when a second pass would change it again (a comment ruamel.yaml places differently each
    time): formatting twice must give what formatting once gave."""
    result = _round_trip_once(text, context)
    if result != text and not is_canonical(result, context) and _round_trip_once(result, context) != result:
        raise Unsafe("la mise en forme ne se stabilise pas (un commentaire mal placé ?)")
    return result


def _round_trip_once(text: str, context: Context) -> str:
    handler = _yaml()
    try:
        data = handler.load(text)
        if not isinstance(data, CommentedMap):
            return text
        _reorder(data, layout.root_schema(context.schema), context, 0)
        if context.schema == "epreuve":
            for key in layout.JUDGED_KEYS & set(data):
                value = data[key]
                if type(value) is str:
                    data[key] = _Judged(value)
                else:
                    _mark_judged(value)
        if context.french:
            _retouch_prose(data)
        stream = io.StringIO()
        handler.dump(data, stream)
    except (RuamelError, ValueError, TypeError, AttributeError, RecursionError) as error:
        raise Unsafe(str(error)) from None
    result = stream.getvalue()
    if not text.endswith("\n"):
        result = result.removesuffix("\n")
    _check_meaning(text, result)
    return result


def format_yaml(text: str, context: Context) -> str:
    """`text` in the house layout (itself when it already is); raises Unsafe as `round_trip`."""
    if is_canonical(text, context):
        return text
    return round_trip(text, context)


def _blind(value: str) -> str:
    """A prose string without what typography changes: its spaces and apostrophes."""
    return _SPACES.sub("", value).replace(APOSTROPHE, "'")


_SPACES = re.compile(f"[ {NBSP}{NARROW_NBSP}]")


def _check_meaning(before: str, after: str) -> None:
    old, new = load12(before), load12(after)
    if isinstance(old, Finding) or isinstance(new, Finding):
        raise Unsafe("le résultat ne se relit pas")
    if not _same_tree(old.data, new.data):
        raise Unsafe("le résultat ne se relit pas à l'identique")


def _same_tree(before: Any, after: Any, key: Any = None, judged: bool = False) -> bool:
    """Equal data, types included (`1` is not `True`), prose strings compared blind to typography."""
    if type(before) is not type(after):
        return False
    if isinstance(before, dict):
        if set(before) != set(after):
            return False
        return all(_same_tree(before[k], after[k], k, judged or k in layout.JUDGED_KEYS) for k in before)
    if isinstance(before, list):
        return len(before) == len(after) and all(
            _same_tree(b, a, key, judged) for b, a in zip(before, after, strict=True)
        )
    if isinstance(before, str) and key in layout.PROSE_KEYS and not judged:
        return before == after or _blind(before) == _blind(after)
    if isinstance(before, float) and math.isnan(before):  # NaN equals no number, not even itself
        return math.isnan(after)
    return bool(before == after)


# ---------------------------------------------------------------- the cheap proof


_SIMPLE_INT = re.compile(r"^(?:0|-?[1-9][0-9]*)$")
_SIMPLE_FLOAT = re.compile(r"^-?(?:0|[1-9][0-9]*)\.[0-9]+$")
_SIMPLE_OTHER = frozenset(("true", "false"))


class _NotCanonical(Exception):
    pass


def _expect(condition: bool) -> None:
    if not condition:
        raise _NotCanonical


@dataclass(slots=True)
class _Frame:
    is_map: bool
    flow: bool
    indent: int  # block: column of the keys (map) or of the dashes (sequence)
    schema: Mapping[str, Any]
    depth: int
    judged: bool
    start: int = 0  # index of the opening bracket, for a flow collection
    keys: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # flow: the items as written, `k: v` in a map
    expecting_key: bool = True
    key: str = ""
    key_text: str = ""  # flow map: the last key as written
    key_end: tuple[int, int] = (0, 0)  # block map: line and column after the last key


def is_canonical(text: str, context: Context) -> bool:
    """True only when the round trip surely gives `text` back unchanged (False: maybe not)."""
    lines = text.removesuffix("\n").split("\n")
    if not lines[0].strip() or not lines[-1].strip():
        return False  # blank lines at either end: the round trip drops them
    for line in lines:
        if line != line.rstrip(" \t") or "\t" in line or "\r" in line:
            return False
    try:
        return _events_canonical(text, lines, context)
    except (_NotCanonical, yaml.YAMLError, RecursionError, IndexError):
        return False


def _events(text: str) -> Iterator[Any]:
    loader = yaml.CSafeLoader(text) if yaml.__with_libyaml__ else yaml.SafeLoader(text)
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


def _events_canonical(text: str, lines: list[str], context: Context) -> bool:
    stack: list[_Frame] = []
    roots = 0
    for event in _events(text):
        if isinstance(event, yaml.StreamStartEvent | yaml.StreamEndEvent):
            continue
        if isinstance(event, yaml.DocumentStartEvent | yaml.DocumentEndEvent):
            _expect(
                not event.explicit
                and not getattr(event, "version", None)
                and not getattr(event, "tags", None)
            )
            continue
        _expect(not isinstance(event, yaml.AliasEvent) and not getattr(event, "anchor", None))
        if isinstance(event, yaml.CollectionStartEvent):
            _expect(bool(event.implicit))  # no tag
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            frame = stack.pop()
            if frame.is_map:
                known = layout.key_order(context.schema, frame.schema, frame.depth)
                _expect(layout.ordered(list(frame.keys), known) == frame.keys)
            if frame.flow:
                written = _close_flow(frame, event, text)
                if stack[-1].flow:
                    _flow_part(stack[-1], written)
            _done(stack)
            continue
        if not stack:
            _expect(roots == 0 and isinstance(event, yaml.MappingStartEvent) and not event.flow_style)
            _expect(event.start_mark.column == 0)
            roots += 1
            stack.append(_Frame(True, False, 0, layout.root_schema(context.schema), 0, False))
            continue
        _node(event, stack, text, lines, context)
    return roots == 1 and not stack


def _close_flow(frame: _Frame, event: Any, text: str) -> str:
    """The collection as written, which must be its items joined as the round trip joins them."""
    written = text[frame.start : event.end_mark.index]
    wanted = ("{" if frame.is_map else "[") + ", ".join(frame.parts) + ("}" if frame.is_map else "]")
    _expect(written == wanted)
    return written


def _done(stack: list[_Frame]) -> None:
    if stack and stack[-1].is_map:
        stack[-1].expecting_key = True


def _node(event: Any, stack: list[_Frame], text: str, lines: list[str], context: Context) -> None:
    parent = stack[-1]
    if parent.is_map and parent.expecting_key:
        _key(event, parent, text, lines)
        return
    key = parent.key if parent.is_map else ""
    schema = layout.child_schema(context.schema, parent.schema, key if parent.is_map else 0)
    judged = parent.judged or (
        parent.is_map and parent.depth == 0 and context.schema == "epreuve" and key in layout.JUDGED_KEYS
    )
    collection = isinstance(event, yaml.CollectionStartEvent)
    flow = parent.flow or (collection and bool(event.flow_style))
    if not parent.flow:
        _block_position(event, parent, lines, collection and not flow)
    if isinstance(event, yaml.ScalarEvent):
        _scalar(event, parent.flow, key, judged, context=context, lines=lines, indent=parent.indent + 2)
        if parent.flow:
            scalar: Any = event
            _flow_part(parent, text[scalar.start_mark.index : scalar.end_mark.index])
        _done(stack)
        return
    mark = event.start_mark
    is_map = isinstance(event, yaml.MappingStartEvent)
    stack.append(_Frame(is_map, flow, mark.column, schema, parent.depth + 1, judged, start=mark.index))


def _flow_part(frame: _Frame, written: str) -> None:
    if frame.is_map:
        frame.parts.append(f"{frame.key_text}: {written}")
    else:
        frame.parts.append(written)


def _block_position(event: Any, parent: _Frame, lines: list[str], block_collection: bool) -> None:
    mark = event.start_mark
    if parent.is_map:
        line, column = parent.key_end
        if not block_collection:  # `key: value` on the key's line
            _expect(
                mark.line == line and mark.column == column + 2 and lines[line][column : column + 2] == ": "
            )
            return
        _expect(mark.line > line and lines[line][column:].split("#")[0].strip() == ":")
        wanted = parent.indent + 2
        _expect(mark.column == wanted and lines[mark.line][:wanted] == " " * wanted)
        if isinstance(event, yaml.SequenceStartEvent):
            _expect(lines[mark.line][wanted : wanted + 2] == "- ")
        return
    # an item of a block sequence: `- ` then the item, on the dash's line
    _expect(not isinstance(event, yaml.SequenceStartEvent) or bool(event.flow_style))
    _expect(lines[mark.line][: mark.column] == " " * parent.indent + "- ")


def _key(event: Any, frame: _Frame, text: str, lines: list[str]) -> None:
    _expect(isinstance(event, yaml.ScalarEvent) and not event.style and event.implicit[0])
    value: str = event.value
    mark, end = event.start_mark, event.end_mark
    _expect(mark.line == end.line and layout.resolve_kind(value) is str)
    _expect(not layout.needs_quotes(value, flow=frame.flow))
    if frame.flow:
        frame.key_text = text[mark.index : end.index]
    elif lines[mark.line][: mark.column].strip():
        _expect(not frame.keys)  # the first key of a mapping item, after its `- ` (checked there)
    else:
        _expect(mark.column == frame.indent)
    frame.keys.append(value)
    frame.key = value
    frame.expecting_key = False
    frame.key_end = (end.line, end.column)


def _double_quoted(value: str) -> str:
    """How the round trip writes a printable string in double quotes."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_BLOCK_HEADERS = frozenset(("|", "|-", ">", ">-"))


def _block_scalar(event: Any, indent: int, lines: list[str]) -> None:
    """A literal or folded block as the round trip writes it: a plain header (`|`, `|-`, `>`,
    `>-`), every line indented by `indent`, no blank line at its end."""
    mark, end = event.start_mark, event.end_mark
    _expect(lines[mark.line][mark.column :].split(" #")[0] in _BLOCK_HEADERS and end.column == 0)
    content = lines[mark.line + 1 : end.line]
    _expect(bool(content) and bool(content[-1].strip()))
    prefix = " " * indent
    for line in content:
        _expect(not line or line.startswith(prefix))
    _expect(not event.value.startswith((" ", "\n")) and not event.value.endswith("\n\n"))


def _scalar(
    event: Any, flow: bool, key: str, judged: bool, *, context: Context, lines: list[str], indent: int
) -> None:
    mark, end = event.start_mark, event.end_mark
    value: str = event.value
    if event.style in ("|", ">"):
        _expect(not flow and not judged)
        _block_scalar(event, indent, lines)
    else:
        _expect(mark.line == end.line)
    if not event.style:
        _expect(event.implicit[0] and not (judged and layout.resolve_kind(value) is str))
        if layout.resolve_kind(value) is str:
            _expect(bool(value) and not layout.needs_quotes(value, flow=flow))
        else:
            _expect(bool(_SIMPLE_INT.match(value) or _SIMPLE_FLOAT.match(value)) or value in _SIMPLE_OTHER)
    elif event.style == '"':
        source = lines[mark.line][mark.column : end.column]
        wanted = judged or layout.needs_quotes(value, flow=flow)
        _expect(wanted and layout.printable(value) and source == _double_quoted(value))
    elif event.style not in ("|", ">"):
        raise _NotCanonical  # single quotes: the round trip decides
    if context.french and not judged and key in layout.PROSE_KEYS:
        _expect(not prose_edits(value, markdown=key in layout.MARKDOWN_KEYS))
