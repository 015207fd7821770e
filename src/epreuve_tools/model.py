"""The typed content model: épreuves, answer keys, référentiel and parcours.

Models are built leniently from data the schema may have refused: a field of the wrong type is
left as None (the schema check already reported it), so that semantic rules still run on the rest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from epreuve_tools.kinds import EpreuveType
from epreuve_tools.settings import DEFAULT_SETTINGS, RuleSettings
from epreuve_tools.sourcemap import JsonPath, SourceMap

if TYPE_CHECKING:  # the parsers load only where a file is actually parsed
    from epreuve_tools.answers.from_model import DecodedAnswer, Example, JudgedExamples
    from epreuve_tools.parsing.blanks import Blank
    from epreuve_tools.parsing.markdown import Body


class Waiver(NamedTuple):
    """One item of `a11y.waivers`: the code it lifts, why, and its rank in the list as written."""

    rule: str
    reason: str
    rank: int


@dataclass(frozen=True, slots=True)
class FileReference:
    """A file an épreuve points at (illustration, attachment, media), as written, with where it is written."""

    src: str
    json_path: JsonPath


@dataclass(slots=True)
class Epreuve:
    id: str | None
    type: EpreuveType | None
    competence: str | None
    tube: str | None
    level: int | None
    status: str | None
    locale: str
    format: str | None
    tolerances: tuple[str, ...]
    answer: Any  # shape by type, see `answer_texts`; None when the schema refused it
    references: tuple[FileReference, ...]
    waivers: tuple[Waiver, ...]
    body: Body
    blanks: tuple[Blank, ...]
    front_matter: Mapping[str, Any]
    source_map: SourceMap
    _blank_index: dict[str, Blank] = field(default_factory=dict)
    # computed once per analysis, on first use, and shared by the rules that need them (see below)
    _decoded_answer: DecodedAnswer | None = field(default=None, repr=False, compare=False)
    _judging_workload: int | None = field(default=None, repr=False, compare=False)
    _examples: tuple[Example, ...] | None = field(default=None, repr=False, compare=False)
    _judged_examples: JudgedExamples | None = field(default=None, repr=False, compare=False)
    # the front matter as written, whose first line is `front_matter_line`: what YAML drops (a
    # comment that cut a value short) is only there
    front_matter_text: str = field(default="", repr=False, compare=False)
    front_matter_line: int = 1
    # the inline walk the accessibility rules share (`rules.a11y_scan`), made on first use
    _a11y_scan: Any = field(default=None, repr=False, compare=False)
    # the project settings the rules obey (`allowed-html`…), set by the analysis: not the file's
    settings: RuleSettings = field(default=DEFAULT_SETTINGS, repr=False, compare=False)

    def blank(self, key: str) -> Blank | None:
        if not self._blank_index:
            self._blank_index = {blank.key: blank for blank in self.blanks}
        return self._blank_index.get(key)

    # The answers package is imported on first use only: a re-check that runs no answer rule skips it.

    @property
    def decoded_answer(self) -> DecodedAnswer:
        """`answer` read once: the key Pix judges with and the accepted answers, with their places."""
        if self._decoded_answer is None:
            from epreuve_tools.answers.from_model import decode_answer

            self._decoded_answer = decode_answer(self)
        return self._decoded_answer

    @property
    def examples(self) -> tuple[Example, ...]:
        """`examples` read once, each as the runtime would send it: the workload estimate and the
        judging both go through them (building a response costs more than judging it)."""
        if self._examples is None:
            from epreuve_tools.answers.from_model import examples

            self._examples = tuple(examples(self))
        return self._examples

    @property
    def judging_workload(self) -> int:
        """About how many comparisons judging every example takes (accepted answers × examples)."""
        if self._judging_workload is None:
            from epreuve_tools.answers.from_model import estimate_workload

            self._judging_workload = estimate_workload(self)
        return self._judging_workload

    @property
    def judged_examples(self) -> JudgedExamples:
        """The examples judged with the key: those misjudged and those past the bounds."""
        if self._judged_examples is None:
            from epreuve_tools.answers.from_model import judge_examples

            self._judged_examples = judge_examples(self)
        return self._judged_examples


_RULE_CODE = re.compile(r"^[A-Z0-9]+(-[A-Z]+)*-\d{3}$")


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


# `media[].transcript` holds the text itself or a file's path: a path is one line ending so
_TRANSCRIPT_FILE = re.compile(r"[^\n]*\.(?:txt|md|html?|pdf|odt|docx)", re.IGNORECASE)


def transcript_is_a_file(transcript: str) -> bool:
    """Whether a `media[].transcript` names a file (one line ending in a document's extension)."""
    return _TRANSCRIPT_FILE.fullmatch(transcript.strip()) is not None


def _listed_paths(front_matter: Mapping[str, Any], name: str, keys: tuple[str, ...]) -> list[FileReference]:
    """The paths under `keys` of each item of the list `name` (attachments, media)."""
    items = front_matter.get(name)
    if not isinstance(items, list):
        return []
    found = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        for key in keys:
            value = item.get(key)
            if not isinstance(value, str):
                continue
            if key == "transcript":
                if not transcript_is_a_file(value):
                    continue
                value = value.strip()
            found.append(FileReference(value, (name, index, key)))
    return found


def _references(front_matter: Mapping[str, Any]) -> tuple[FileReference, ...]:
    references: list[FileReference] = []
    illustration = front_matter.get("illustration")
    if isinstance(illustration, dict) and isinstance(illustration.get("src"), str):
        references.append(FileReference(illustration["src"], ("illustration", "src")))
    references += _listed_paths(front_matter, "attachments", ("src", "alternative"))
    references += _listed_paths(front_matter, "media", ("src", "captions", "transcript", "audio_description"))
    return tuple(references)


def _waivers(front_matter: Mapping[str, Any]) -> tuple[Waiver, ...]:
    a11y = front_matter.get("a11y")
    waivers = a11y.get("waivers") if isinstance(a11y, dict) else None
    if not isinstance(waivers, list):
        return ()
    # a malformed code is the schema's to report (SCHEMA-004), not a second time as an unknown rule;
    # each waiver keeps its rank in the list, where its diagnostics point
    return tuple(
        Waiver(waiver["rule"], str(waiver.get("reason", "")), rank)
        for rank, waiver in enumerate(waivers)
        if isinstance(waiver, dict)
        and isinstance(waiver.get("rule"), str)
        and _RULE_CODE.match(waiver["rule"])
    )


def build_epreuve(
    front_matter: Mapping[str, Any],
    source_map: SourceMap,
    body: Body,
    blanks: tuple[Blank, ...],
    *,
    front_matter_text: str = "",
    front_matter_line: int = 1,
) -> Epreuve:
    raw_type = front_matter.get("type")
    try:
        kind = EpreuveType(raw_type) if isinstance(raw_type, str) else None
    except ValueError:
        kind = None
    tolerances = front_matter.get("tolerances")
    return Epreuve(
        id=_text(front_matter.get("id")),
        type=kind,
        competence=_text(front_matter.get("competence")),
        tube=_text(front_matter.get("tube")),
        level=_integer(front_matter.get("level")),
        status=_text(front_matter.get("status")),
        locale=_text(front_matter.get("locale")) or "fr-fr",
        format=_text(front_matter.get("format")),
        tolerances=tuple(t for t in tolerances if isinstance(t, str))
        if isinstance(tolerances, list)
        else ("t1", "t2", "t3"),
        answer=front_matter.get("answer"),
        references=_references(front_matter),
        waivers=_waivers(front_matter),
        body=body,
        blanks=blanks,
        front_matter=front_matter,
        source_map=source_map,
        front_matter_text=front_matter_text,
        front_matter_line=front_matter_line,
    )


@dataclass(frozen=True, slots=True)
class Domaine:
    code: int
    title: str


@dataclass(frozen=True, slots=True)
class Competence:
    index: str
    title: str
    domaine: int | None


@dataclass(frozen=True, slots=True)
class Tube:
    name: str
    title: str
    competence: str | None


@dataclass(slots=True)
class Referentiel:
    path: str
    domaines: dict[int, Domaine]
    competences: dict[str, Competence]
    tubes: dict[str, Tube]
    source_map: SourceMap
    # (kind, key) -> JSON path of the entry, for diagnostics about it
    locations: dict[tuple[str, str], JsonPath] = field(default_factory=dict)
    # entries whose key was already defined: (kind, key, JSON path of the repeat)
    duplicates: list[tuple[str, str, JsonPath]] = field(default_factory=list)

    def add(self, kind: str, key: str, path: JsonPath) -> bool:
        """Record where entry `key` of `kind` is defined; False when it was already defined."""
        if (kind, key) in self.locations:
            self.duplicates.append((kind, key, path))
            return False
        self.locations[(kind, key)] = path
        return True


def build_referentiel(path: str, data: Any, source_map: SourceMap) -> Referentiel:
    referentiel = Referentiel(path, {}, {}, {}, source_map)
    if not isinstance(data, dict):
        return referentiel
    for index, entry in enumerate(_entries(data, "domaines")):
        code = _integer(entry.get("code"))
        if code is not None and referentiel.add("domaine", str(code), ("domaines", index)):
            referentiel.domaines[code] = Domaine(code, str(entry.get("title", "")))
    for index, entry in enumerate(_entries(data, "competences")):
        competence_index = _text(entry.get("index"))
        if competence_index is not None and referentiel.add(
            "competence", competence_index, ("competences", index)
        ):
            referentiel.competences[competence_index] = Competence(
                competence_index, str(entry.get("title", "")), _integer(entry.get("domaine"))
            )
    for index, entry in enumerate(_entries(data, "tubes")):
        name = _text(entry.get("name"))
        if name is not None and referentiel.add("tube", name, ("tubes", index)):
            referentiel.tubes[name] = Tube(name, str(entry.get("title", "")), _text(entry.get("competence")))
    return referentiel


def _entries(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, dict)]


@dataclass(frozen=True, slots=True)
class ParcoursItem:
    json_path: JsonPath
    epreuve_id: str | None = None
    competence: str | None = None
    tube: str | None = None
    levels: tuple[int, ...] = ()


@dataclass(slots=True)
class Parcours:
    path: str
    id: str | None
    version: int | None
    items: tuple[ParcoursItem, ...]
    source_map: SourceMap


def build_parcours(path: str, data: Any, source_map: SourceMap) -> Parcours:
    if not isinstance(data, dict):
        return Parcours(path, None, None, (), source_map)
    items: list[ParcoursItem] = []
    raw_items = data.get("epreuves")
    for index, item in enumerate(raw_items if isinstance(raw_items, list) else []):
        if isinstance(item, str):
            items.append(ParcoursItem(("epreuves", index), epreuve_id=item))
        elif isinstance(item, dict):
            levels = item.get("levels")
            items.append(
                ParcoursItem(
                    ("epreuves", index),
                    competence=_text(item.get("competence")),
                    tube=_text(item.get("tube")),
                    levels=tuple(level for level in levels if isinstance(level, int))
                    if isinstance(levels, list)
                    else (),
                )
            )
    return Parcours(path, _text(data.get("id")), _integer(data.get("version")), tuple(items), source_map)
