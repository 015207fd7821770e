"""Accessibility of audio and video (A11Y-MED): the épreuve's `media` list, RGAA 4, WCAG 1.2.

Every medium needs its alternatives: captions for a video with sound, a transcript for all, an audio
description (or a transcript that describes the images) for a video whose images carry information,
and a title. A medium that *is* the test (RGAA 4.1, particular case: an alternative would give the
answer) is exempt, if it says why and the épreuve is declared KO for those it leaves out (MED-006).
Autoplay (`media[].autoplay`) is reported under A11Y-MOV-003, with the raw HTML's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from epreuve_tools.assets import GROUPS, Facts
from epreuve_tools.diagnostics import Problem, Severity, plural, quoted
from epreuve_tools.parsing.webvtt import check_webvtt
from epreuve_tools.registry import document_rule, project_rule

if TYPE_CHECKING:
    from epreuve_tools.diagnostics import Span
    from epreuve_tools.model import Epreuve
    from epreuve_tools.project import Project

_HAS_TEXT = re.compile(r"[^\W_]")
# the declared flags that keep a medium-test away from those it leaves out
_BLIND_EXCLUDED = ("KO", "Acquis Non Pertinent")
_DEAF_EXCLUDED = ("KO",)


class _Medium:
    """One item of `media`, as written (the schema reports what it refused)."""

    __slots__ = ("index", "item")

    def __init__(self, index: int, item: dict[str, Any]) -> None:
        self.index = index
        self.item = item

    @property
    def is_video(self) -> bool:
        return self.item.get("kind") == "video"

    @property
    def has_sound(self) -> bool:
        return self.item.get("kind") == "audio" or self.item.get("sound") is not False

    @property
    def is_test(self) -> bool:
        return self.item.get("test") is True

    def has(self, key: str) -> bool:
        value = self.item.get(key)
        return isinstance(value, str) and _HAS_TEXT.search(value) is not None

    def name(self) -> str:
        """How messages name the medium: its title, else its file."""
        for key in ("title", "src"):
            if self.has(key):
                return quoted(self.item[key])
        return f"n° {self.index + 1}"


def _media(epreuve: Epreuve) -> Iterator[_Medium]:
    media = epreuve.front_matter.get("media")
    if isinstance(media, list):
        for index, item in enumerate(media):
            if isinstance(item, dict):
                yield _Medium(index, item)


def _span(epreuve: Epreuve, medium: _Medium, key: str) -> Span:
    """Where `key` of the medium is written, else the medium itself (its first line)."""
    return epreuve.source_map.value(("media", medium.index, key))


def _flag(epreuve: Epreuve, name: str) -> Any:
    accessibility = epreuve.front_matter.get("accessibility")
    return accessibility.get(name) if isinstance(accessibility, dict) else None


@document_rule("A11Y-MED-001", "video-without-captions", Severity.ERROR, refs="RGAA 4.3 ; WCAG 1.2.2 (A)")
def video_without_captions(epreuve: Epreuve) -> Iterator[Problem]:
    """Une vidéo avec du son n'a pas de sous-titres (`captions`, un fichier WebVTT).

    Pourquoi : sans sous-titres, une personne sourde ou malentendante perd tout ce qui est dit et
    entendu dans la vidéo. Les sous-titres (pour sourds et malentendants) reprennent les paroles,
    disent qui parle et notent les sons utiles (« [sonnerie] »). Une vidéo muette se déclare
    `sound: false` ; une vidéo-test (`test: true`, A11Y-MED-006) en est dispensée.

    Mauvais : `media: [{src: medias/appel.mp4, kind: video, title: Appel du support}]`.
    Bon : la même avec `captions: medias/appel.vtt`.
    """
    for medium in _media(epreuve):
        if medium.is_video and medium.has_sound and not medium.is_test and not medium.has("captions"):
            yield Problem(
                _span(epreuve, medium, "kind"),
                f"la vidéo {medium.name()} a du son mais pas de sous-titres (`captions`)",
                "ajoutez un fichier WebVTT de sous-titres (paroles, locuteurs, sons utiles), "
                "ou `sound: false` pour une vidéo muette",
            )


@document_rule(
    "A11Y-MED-002", "media-without-transcript", Severity.ERROR, refs="RGAA 4.1 ; WCAG 1.2.1 (A), 1.2.3 (A)"
)
def media_without_transcript(epreuve: Epreuve) -> Iterator[Problem]:
    """Un son ou une vidéo n'a pas de transcription (`transcript`).

    Pourquoi : la transcription est la seule alternative qui sert à la fois à une personne sourde
    (pour un son), à une personne sourdaveugle (avec une plage braille) et à qui ne peut pas écouter.
    Elle reprend les paroles, les sons utiles et, pour une vidéo, ce que montrent les images.
    `transcript` contient le texte lui-même, ou le chemin d'un fichier (une ligne finissant par
    `.txt`, `.md`, `.html`, `.pdf`, `.odt` ou `.docx`). Un média-test (`test: true`, A11Y-MED-006)
    en est dispensé.

    Mauvais : `media: [{src: medias/message.mp3, kind: audio, title: Message vocal}]`.
    Bon : la même avec `transcript: medias/message.txt`.
    """
    for medium in _media(epreuve):
        if not medium.is_test and not medium.has("transcript"):
            what = "la vidéo" if medium.is_video else "le son"
            yield Problem(
                _span(epreuve, medium, "kind"),
                f"{what} {medium.name()} n'a pas de transcription (`transcript`)",
                "écrivez les paroles et les sons utiles (et pour une vidéo, ce que montrent les images) "
                "dans `transcript`, ou dans un fichier dont vous donnez le chemin",
            )


@document_rule(
    "A11Y-MED-003", "video-without-audio-description", Severity.WARNING, refs="RGAA 4.5 ; WCAG 1.2.5 (AA)"
)
def video_without_audio_description(epreuve: Epreuve) -> Iterator[Problem]:
    """Une vidéo dont les images portent une information (`visual_info: true`) n'a ni audiodescription ni transcription descriptive.

    Pourquoi : ce que la vidéo montre sans le dire (un texte affiché, un geste, une manipulation à
    l'écran) échappe à une personne aveugle. Une version audiodécrite (`audio_description`) ou une
    transcription qui décrit aussi les images (`descriptive_transcript: true`) le lui rend. La source
    ne sait pas si les images portent une information : l'auteur le déclare avec `visual_info`,
    et la règle ne dit rien sans cette déclaration.

    Mauvais : `{src: medias/demo.mp4, kind: video, visual_info: true, transcript: medias/demo.txt}`.
    Bon : la même avec `descriptive_transcript: true` (la transcription décrit les images), ou avec
    `audio_description: medias/demo-ad.mp4`.
    """
    for medium in _media(epreuve):
        if not medium.is_video or medium.is_test or medium.item.get("visual_info") is not True:
            continue
        if medium.has("audio_description"):
            continue
        if medium.item.get("descriptive_transcript") is True and medium.has("transcript"):
            continue
        yield Problem(
            _span(epreuve, medium, "visual_info"),
            f"les images de la vidéo {medium.name()} portent une information, sans audiodescription "
            "ni transcription qui les décrive",
            "décrivez les images dans la transcription et ajoutez `descriptive_transcript: true`, "
            "ou donnez une version audiodécrite (`audio_description`)",
        )


@document_rule("A11Y-MED-004", "media-without-title", Severity.WARNING, refs="RGAA 4.7 ; WCAG 1.1.1 (A)")
def media_without_title(epreuve: Epreuve) -> Iterator[Problem]:
    """Un son ou une vidéo n'a pas de titre (`title`) qui l'identifie.

    Pourquoi : le lecteur d'écran annonce le lecteur multimédia par son titre ; sans lui, l'apprenant
    entend « vidéo » ou « lecteur audio » sans savoir de quoi il s'agit ni si c'est celui dont parle
    la consigne. Le titre dit ce qu'est le média, sans donner la réponse.

    Mauvais : `media: [{src: medias/appel.mp3, kind: audio, transcript: medias/appel.txt}]`.
    Bon : la même avec `title: "Appel reçu par le service comptable"`.
    """
    for medium in _media(epreuve):
        if not medium.has("title"):
            yield Problem(
                _span(epreuve, medium, "title" if "title" in medium.item else "src"),
                f"le média {medium.name()} n'a pas de titre (`title`)",
                "donnez-lui un titre qui dit ce qu'il est, par exemple « Appel reçu par le service comptable »",
            )


@document_rule(
    "A11Y-MED-006",
    "media-test-not-justified",
    Severity.ERROR,
    refs="RGAA 4.1 à 4.5 (cas particulier) ; WCAG 1.2.1 (A), 1.2.2 (A), 1.2.3 (A)",
)
def media_test_not_justified(epreuve: Epreuve) -> Iterator[Problem]:
    """Un média-test (`test: true`) ne dit pas pourquoi (`test_reason`), ou l'épreuve n'est pas déclarée KO pour ceux qu'il exclut.

    Pourquoi : le RGAA dispense de sous-titres, de transcription et d'audiodescription un média qui
    fait partie d'un test que ces alternatives invalideraient (reconnaître un appel frauduleux à
    l'oreille). L'épreuve n'est alors pas faisable par tous : elle doit le déclarer, pour que le
    moteur de certification ne la propose pas aux candidats qui ont besoin d'un aménagement. Un son,
    ou une vidéo avec du son, exclut les personnes sourdes (`sourds_malentendants: KO`) ; une vidéo
    exclut les personnes aveugles (`non_voyant: KO`, ou `Acquis Non Pertinent`).

    Mauvais : `media: [{src: medias/appel.mp3, kind: audio, test: true}]` et `sourds_malentendants: RAS`.
    Bon : `test_reason: "L'épreuve évalue la reconnaissance à l'oreille d'un appel frauduleux"` et
    `sourds_malentendants: KO`.
    """
    for medium in _media(epreuve):
        if not medium.is_test:
            continue
        if not medium.has("test_reason"):
            yield Problem(
                _span(epreuve, medium, "test"),
                f"le média-test {medium.name()} ne dit pas pourquoi une alternative invaliderait l'épreuve",
                "ajoutez `test_reason` : ce que l'épreuve évalue et pourquoi une transcription ou des "
                "sous-titres donneraient la réponse",
            )
        if medium.has_sound and _flag(epreuve, "sourds_malentendants") not in _DEAF_EXCLUDED:
            yield _undeclared(epreuve, medium, "sourds_malentendants", "KO")
        if medium.is_video and _flag(epreuve, "non_voyant") not in _BLIND_EXCLUDED:
            yield _undeclared(epreuve, medium, "non_voyant", "KO")


def _undeclared(epreuve: Epreuve, medium: _Medium, flag: str, expected: str) -> Problem:
    value = _flag(epreuve, flag)
    declared = f"déclarée `{flag}: {value}`" if isinstance(value, str) else f"sans `{flag}`"
    return Problem(
        _span(epreuve, medium, "test"),
        f"le média-test {medium.name()} n'a pas d'alternative, mais l'épreuve est {declared}",
        f"déclarez `accessibility: {{{flag}: {expected}}}` : l'épreuve n'est pas faisable sans ce média",
    )


# --- A11Y-MED-005: the captions files themselves ---------------------------------------------------


def captions_facts(data: bytes) -> Facts:
    """The `captions` group of a cited file: its first WebVTT problem and how many there are."""
    report = check_webvtt(data)
    facts: Facts = {"problems": report.problems, "cues": report.cues}
    if report.first is not None:
        facts.update(line=report.first.line, message=report.first.message, hint=report.first.hint)
    return facts


# read through the asset library: once per content hash, kept in the tree's cache with the others
GROUPS.setdefault("captions", captions_facts)


@project_rule(
    "A11Y-MED-005",
    "invalid-captions",
    Severity.ERROR,
    refs="RGAA 4.4 ; WCAG 1.2.2 (A)",
    reads=("references",),
)
def invalid_captions(project: Project) -> Iterator[tuple[str, Problem]]:
    """Un fichier de sous-titres WebVTT (`.vtt`) est invalide : en-tête, horodatages, sous-titres vides.

    Pourquoi : un navigateur refuse tout le fichier sans la ligne `WEBVTT` au début (un fichier
    SubRip `.srt` renommé, par exemple) ; un horodatage illisible ou un bloc sans horodatage fait
    disparaître le sous-titre ; des sous-titres dans le désordre, qui se chevauchent ou qui finissent
    avant de commencer s'affichent au mauvais moment ; un sous-titre vide n'apporte rien. Le
    diagnostic est placé sur le chemin du fichier dans l'épreuve et donne la ligne du fichier. La
    langue des sous-titres et leur couverture de la durée de la vidéo ne sont pas vérifiées.

    Mauvais :
        WEBVTT

        00:00:04.000 --> 00:00:02.000
        Bonjour, ici le support technique.
    Bon :
        WEBVTT

        00:00:01.000 --> 00:00:04.000
        Bonjour, ici le support technique.
    """
    if project.assets is None:  # no file is read outside a check of the tree
        return
    for path, facts in project.epreuves.items():
        for src, span in facts.reference_spans():
            if not src.lower().endswith(".vtt"):
                continue
            target = project.resolve(path, src)
            asset = project.assets.get(target) if target is not None and target in project.files else None
            if asset is None:
                continue  # SEM-014 and SEM-015 say why
            found = asset.facts("captions")
            if "problem" in found:  # the library did not read it: too large, or changed meanwhile
                message = f"sous-titres {quoted(src)} non vérifiés : {found['problem']}"
                yield path, Problem(span, message, "un fichier de sous-titres fait quelques dizaines de Ko")
                continue
            problems = found.get("problems")
            if not isinstance(problems, int) or problems < 1 or "message" not in found:
                continue
            others = (
                f" (et {plural(problems - 1, 'autre problème', 'autres problèmes')})" if problems > 1 else ""
            )
            message = f"sous-titres {quoted(src)}, ligne {found['line']} : {found['message']}{others}"
            yield path, Problem(span, message, str(found.get("hint", "")) or None)
