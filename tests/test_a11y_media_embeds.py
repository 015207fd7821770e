"""Media, embeds and colour-dependent images: the schema keys, the files they name, and their rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from epreuve_tools.analysis import analyse_epreuve, parse_epreuve
from epreuve_tools.checker import CheckOptions, run_check
from epreuve_tools.config import Config
from epreuve_tools.diagnostics import Finding
from epreuve_tools.model import transcript_is_a_file
from epreuve_tools.selection import Selection
from tests.conftest import VALID_QCU

Tree = Callable[..., Path]
ALL = Selection(("ALL",), (), {}, {})


def _findings(front: str) -> list[Finding]:
    text = VALID_QCU.format(id="abc").replace("answer: 1\n", "answer: 1\n" + front)
    findings, _ = parse_epreuve(text.encode())
    return findings


def _schema_codes(front: str) -> list[tuple[str, int, str]]:
    return [(f.code, f.span.start.line, f.message) for f in _findings(front) if f.code.startswith("SCHEMA")]


def _check(root: Path, project: Path) -> list[tuple[str, int, str]]:
    options = CheckOptions(paths=(root,), config=Config(root=project), selection=ALL, jobs=1, use_cache=False)
    report, _ = run_check(options)
    return [(d.path, d.span.start.line, d.code) for d in report.diagnostics]


# --- the schema ----------------------------------------------------------------------------------

COMPLETE = """\
illustration:
  src: images/ventes.png
  alt: "Graphique des ventes par trimestre"
  kind: graphique
  colour_dependent: true
  colour_cue: "Chaque barre porte aussi son trimestre écrit en clair"
attachments:
  - src: fichiers/budget.ods
    title: "Budget du club (tableur)"
    alternative: fichiers/budget.html
embed:
  url: "https://exemple.fr/simulateur"
  title: "Simulateur de messagerie"
  height: 600
  width: 320
  essential: false
  accessibility:
    keyboard: true
    screen_reader: true
    drag: true
    drag_alternative: true
    orientation_lock: false
    complex_gestures: false
    motion: false
    tested: 2025-03-14
media:
  - src: medias/appel.mp4
    kind: video
    title: "Appel d'un faux support technique"
    captions: medias/appel.vtt
    transcript: medias/appel.txt
    audio_description: medias/appel-ad.mp4
    visual_info: true
    descriptive_transcript: true
    sound: true
    autoplay: false
    test: false
  - src: medias/son.mp3
    kind: audio
    transcript: |
      Bonjour, ici le support technique.
    test: true
    test_reason: "L'épreuve évalue la reconnaissance à l'oreille d'un appel frauduleux"
"""


def test_every_new_key_is_accepted() -> None:
    assert _findings(COMPLETE) == []


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("illustration: {src: a.png, alt: Un graphique, kind: schema}\n", 9, "`illustration.kind`"),
        ("illustration: {src: a.png, alt: Un graphique, colour_dependent: oui}\n", 9, "`illustration"),
        ("embed: {url: 'https://a.fr', title: Simulateur, width: 0}\n", 9, "`embed.width`"),
        (
            "embed: {url: 'https://a.fr', title: Simulateur, accessibility: {clavier: true}}\n",
            9,
            "clé inconnue",
        ),
        (
            "embed: {url: 'https://a.fr', title: S, accessibility: {tested: 14/03/2025}}\n",
            9,
            "`embed.accessibility",
        ),
        ("media: [{src: a.mp4, kind: film}]\n", 9, "`media[1].kind`"),
        ("media: [{src: a.mp4, kind: video, captions: a.srt}]\n", 9, "`media[1].captions`"),
        ("media: [{kind: video}]\n", 9, "clé obligatoire « src » manquante"),
        ("media: [{src: a.mp3, kind: audio, test: true, test_reason: court}]\n", 9, "`media[1].test_reason`"),
        ("attachments: [{src: a.pdf, title: A, alternative: ''}]\n", 9, "`attachments[1].alternative`"),
    ],
)
def test_a_wrong_value_of_a_new_key_is_refused_where_it_is(front: str, line: int, message: str) -> None:
    [(code, where, text)] = _schema_codes(front)
    assert code.startswith("SCHEMA-")
    assert where == line
    assert message in text


@pytest.mark.parametrize(
    "mutation",
    [
        {"media": [{"src": "a.mp4", "kind": "video", "captions": "a.VTT"}]},
        {"media": [{"src": "a.mp4", "kind": "video", "unknown": 1}]},
        {"embed": {"url": "https://a.fr", "title": "t", "accessibility": {"tested": "2025-03-14"}}},
        {"illustration": {"src": "a.png", "alt": "x", "kind": "schéma"}},
    ],
    ids=repr,
)
def test_the_fast_validator_agrees_on_the_new_keys(mutation: dict[str, Any]) -> None:
    from epreuve_tools.schema.validate import is_valid, schema

    document = {
        "id": "abc",
        "type": "qcu",
        "competence": "4.1",
        "tube": "@motDePasse",
        "level": 1,
        "status": "validé",
        "answer": 1,
        **mutation,
    }
    assert is_valid(document, "epreuve") == Draft202012Validator(schema("epreuve")).is_valid(document)


# --- the files the new keys name ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("transcript", "is_file"),
    [
        ("medias/appel.txt", True),
        ("transcriptions/mon appel.HTML", True),
        ("  medias/appel.md  ", True),
        ("Bonjour, ici le support.", False),
        ("Bonjour.\nVoir aussi notes.txt", False),
        ("appel.mp3", False),
    ],
)
def test_a_transcript_is_a_file_when_it_is_one_line_ending_in_a_document_extension(
    transcript: str, is_file: bool
) -> None:
    assert transcript_is_a_file(transcript) is is_file


def test_every_file_a_media_or_an_alternative_names_must_exist_inside_the_tree(
    make_tree: Tree, tmp_path: Path
) -> None:
    front = """\
attachments:
  - src: fichiers/budget.pdf
    title: Budget du club
    alternative: fichiers/budget.html
media:
  - src: medias/appel.mp4
    kind: video
    title: Appel
    captions: medias/appel.vtt
    transcript: medias/appel.txt
    audio_description: ../../ailleurs/appel-ad.mp4
"""
    epreuve = VALID_QCU.format(id="medias").replace("answer: 1\n", "answer: 1\n" + front)
    root = make_tree(
        {
            "epreuves/e.md": epreuve,
            "epreuves/fichiers/budget.pdf": b"%PDF-1.7\n",
            "epreuves/medias/appel.mp4": b"\x00\x00\x00\x18ftypmp42",
            "epreuves/medias/appel.txt": "Bonjour, ici le support technique.\n",
        }
    )
    found = {(line, code) for path, line, code in _check(root, tmp_path) if code.startswith("SEM-01")}
    # the alternative (line 12) and the captions (line 17) are missing; the audio description leaves the tree
    assert found == {(12, "SEM-014"), (17, "SEM-014"), (19, "SEM-015")}
    (root / "epreuves" / "fichiers" / "budget.html").write_text("<p>Budget</p>", "utf-8")
    (root / "epreuves" / "medias" / "appel.vtt").write_text("WEBVTT\n", "utf-8")
    found = {(line, code) for path, line, code in _check(root, tmp_path) if code.startswith("SEM-01")}
    assert found == {(19, "SEM-015")}


# --- A11Y-EMB ------------------------------------------------------------------------------------


def _codes(front: str, prefix: str = "A11Y-") -> list[tuple[str, int]]:
    """The codes and lines every rule reports on the QCU with `front` added to its front matter."""
    text = VALID_QCU.format(id="abc").replace("answer: 1\n", "answer: 1\n" + front)
    found = analyse_epreuve(text.encode()).findings
    return sorted((f.code, f.span.start.line) for f in found if f.code.startswith(prefix))


def _embed(extra: str = "", *, title: str = "Simulateur de messagerie", url: str = "https://a.fr/m") -> str:
    declaration = (
        "  height: 600\n  accessibility: {keyboard: true, screen_reader: true, drag: false,"
        " orientation_lock: false, complex_gestures: false, motion: false, tested: 2025-03-14}\n"
    )
    return f'embed:\n  url: "{url}"\n  title: "{title}"\n{declaration}{extra}'


def test_a_complete_declared_embed_is_quiet() -> None:
    assert _codes(_embed() + "accessibility: {non_voyant: OK}\n", "A11Y-EMB") == []


@pytest.mark.parametrize("title", ["https://a.fr/m", "Iframe", "  contenu   intégré ", "SIMULATEUR"])
def test_a_title_that_names_no_content_is_generic(title: str) -> None:
    assert _codes(_embed(title=title), "A11Y-EMB") == [("A11Y-EMB-002", 11)]


def test_an_embed_titled_like_a_media_is_reported_once() -> None:
    media = "media:\n  - {src: a.mp3, kind: audio, title: Simulateur de Messagerie, transcript: Bonjour à tous.}\n"
    assert _codes(_embed() + media, "A11Y-EMB") == [("A11Y-EMB-002", 11)]


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("https://localhost/x", True),
        ("https://127.0.0.1:8443/x", True),
        ("https://192.168.1.20/x", True),
        ("https://[::1]/x", True),
        ("https://simulateur.local/x", True),
        ("https://intranet/x", True),
        ("https://simulateurs.exemple.fr/x", False),
        ("https://8.8.8.8/x", False),
        ("https://[::1/x", False),  # malformed: the schema's to say, never a traceback
    ],
)
def test_a_local_embed_is_one_no_learner_can_reach(url: str, local: bool) -> None:
    found = _codes(_embed(url=url), "A11Y-EMB-006")
    assert found == ([("A11Y-EMB-006", 10)] if local else [])


def test_an_essential_embed_needs_an_alternative_or_a_declaration_for_the_blind_flag() -> None:
    bare = 'embed: {url: "https://a.fr/m", title: Simulateur de messagerie, height: 600}\n'
    assert ("A11Y-EMB-005", 9) in _codes("accessibility: {non_voyant: RAS}\n" + bare)
    assert ("A11Y-EMB-005", 9) not in _codes("accessibility: {non_voyant: A tester}\n" + bare)
    with_text = "alternative_instruction: La boîte contient deux courriels.\n"
    assert "A11Y-EMB-005" not in {
        c for c, _ in _codes("accessibility: {non_voyant: OK}\n" + with_text + bare)
    }
    declared = _embed() + "accessibility: {non_voyant: OK}\n"
    assert "A11Y-EMB-005" not in {c for c, _ in _codes(declared)}


def test_a_drag_without_alternative_is_a_barrier_and_asks_for_the_missing_item() -> None:
    front = _embed().replace("drag: false", "drag: true") + "accessibility: {non_voyant: OK}\n"
    assert _codes(front, "A11Y-EMB") == [("A11Y-EMB-004", 13), ("A11Y-EMB-007", 13)]
    assert _codes(front.replace("drag: true", "drag: true, drag_alternative: true"), "A11Y-EMB") == []
