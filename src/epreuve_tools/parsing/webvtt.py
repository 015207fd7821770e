"""A small WebVTT checker: what makes captions unusable or wrong (A11Y-MED-005).

It reads what a browser reads (https://www.w3.org/TR/webvtt1/): the `WEBVTT` header, blocks
separated by blank lines, each cue an optional identifier, a timing line `start --> end` and its
text. It does not render cue text nor check styles and regions. A captions file comes from an
author and may be anything: the size is capped, decoding is strict, and the work is one pass over
the lines, so a hostile file costs at most a read of `MAX_BYTES`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

MAX_BYTES = 1024 * 1024  # an hour of dense captions is about 100 KB

_HEADER = re.compile(r"WEBVTT(?:[ \t].*)?\Z")
_TIMING = re.compile(r"(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?\Z")
_TIMESTAMP = re.compile(r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})\Z")
_NOTE = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t].*)?\Z")
_SRT_TIME = re.compile(r"\d\d:\d\d:\d\d,\d{3}")


class VttProblem(NamedTuple):
    line: int  # 1-based, in the captions file
    message: str
    hint: str


class VttReport(NamedTuple):
    """The first problem of a captions file and how many there are in all; no problem: valid."""

    first: VttProblem | None
    problems: int
    cues: int


def check_webvtt(data: bytes) -> VttReport:
    """Check captions given as bytes; never raises, whatever the bytes."""
    if len(data) > MAX_BYTES:
        problem = VttProblem(
            1,
            f"fichier de plus de {MAX_BYTES // 1024} Ko : il n'est pas lu",
            "un fichier de sous-titres fait quelques dizaines de Ko ; vérifiez que c'est le bon fichier",
        )
        return VttReport(problem, 1, 0)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem = VttProblem(
            line,
            "le fichier n'est pas en UTF-8",
            "enregistrez-le en UTF-8, le seul encodage que WebVTT admet",
        )
        return VttReport(problem, 1, 0)
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return _Checker(lines).run()


def _seconds(stamp: str) -> float | None:
    match = _TIMESTAMP.match(stamp)
    if match is None:
        return None
    hours, minutes, seconds, thousandths = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(thousandths) / 1000


def _shown(seconds: float) -> str:
    """A time as WebVTT writes it, for messages: 00:01:02.500."""
    milliseconds = round(seconds * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


class _Checker:
    __slots__ = ("count", "cues", "first", "lines", "previous_end", "previous_start")

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.first: VttProblem | None = None
        self.count = 0
        self.cues = 0
        self.previous_start = -1.0
        self.previous_end = -1.0

    def report(self, index: int, message: str, hint: str) -> None:
        self.count += 1
        if self.first is None:
            self.first = VttProblem(index + 1, message, hint)

    def run(self) -> VttReport:
        lines = self.lines
        if not _HEADER.match(lines[0]):
            srt = any(_SRT_TIME.search(line) for line in lines[:4])
            self.report(
                0,
                "la première ligne n'est pas `WEBVTT` : le navigateur refuse tout le fichier",
                "c'est un fichier SubRip (.srt) : convertissez-le en WebVTT"
                if srt
                else "commencez le fichier par la ligne `WEBVTT`, suivie d'une ligne vide",
            )
            return VttReport(self.first, self.count, 0)
        # the header's own lines; a timing line there starts the first cue (browsers read it so)
        index = 1
        while index < len(lines) and lines[index].strip() and "-->" not in lines[index]:
            index += 1
        while index < len(lines):
            if not lines[index].strip():
                index += 1
                continue
            end = index
            while end < len(lines) and lines[end].strip():
                end += 1
            self.block(index, end)
            index = end
        if self.cues == 0 and self.count == 0:
            self.report(0, "le fichier ne contient aucun sous-titre", "ajoutez les sous-titres de la vidéo")
        return VttReport(self.first, self.count, self.cues)

    def block(self, start: int, end: int) -> None:
        """One block of non-blank lines: a comment, a style, or cues (several when a blank line is missing)."""
        lines = self.lines
        if _NOTE.match(lines[start]):
            return
        if "-->" in lines[start]:
            timing = start
        elif start + 1 < end and "-->" in lines[start + 1]:
            timing = start + 1  # after the cue's identifier
        else:
            self.report(
                start,
                "bloc sans horodatage `début --> fin` : le navigateur l'ignore",
                "ajoutez la ligne d'horodatage, ou séparez ce texte du sous-titre précédent par une ligne vide",
            )
            return
        while timing < end:
            # a timing line inside the text starts the next cue (browsers read it so)
            following = next((i for i in range(timing + 1, end) if "-->" in lines[i]), end)
            self.cue(timing, following)
            timing = following

    def cue(self, timing: int, end: int) -> None:
        self.cues += 1
        line = self.lines[timing]
        match = _TIMING.match(line.strip())
        start = stop = None
        if match is not None:
            start, stop = _seconds(match.group(1)), _seconds(match.group(2))
        if start is None or stop is None:
            self.report(
                timing,
                f"horodatage illisible « {line.strip()[:60]} »",
                "écrivez `00:01:02.500 --> 00:01:05.000` (heures facultatives, un point avant les millièmes)",
            )
        elif stop <= start:
            self.report(
                timing,
                f"le sous-titre finit ({_shown(stop)}) avant d'avoir commencé ({_shown(start)})",
                "corrigez l'heure de fin, qui doit suivre celle du début",
            )
        elif start < self.previous_start:
            self.report(
                timing,
                f"le sous-titre commence ({_shown(start)}) avant le précédent ({_shown(self.previous_start)})",
                "rangez les sous-titres dans l'ordre de leur début",
            )
        elif start < self.previous_end:
            self.report(
                timing,
                f"le sous-titre commence ({_shown(start)}) avant la fin du précédent ({_shown(self.previous_end)})",
                "faites finir le sous-titre précédent avant le début de celui-ci",
            )
        if start is not None and stop is not None and stop > start:
            self.previous_start, self.previous_end = start, stop
        if not any(self.lines[i].strip() for i in range(timing + 1, end)):
            self.report(timing, "sous-titre vide", "écrivez son texte, ou retirez l'horodatage")
