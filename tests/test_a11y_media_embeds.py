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
from epreuve_tools.parsing import webvtt
from epreuve_tools.parsing.webvtt import check_webvtt
from epreuve_tools.rules.a11y_clr_images import colour_words
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


# --- WebVTT (A11Y-MED-005) -----------------------------------------------------------------------

VALID_VTT = "WEBVTT - sous-titres\n\nNOTE relu\n\n1\n00:01.000 --> 00:04.000\nBonjour\n\n00:00:04.000 --> 01:00:00.000 line:0\nFin\n"


def _vtt(text: str | bytes) -> tuple[int | None, str, int]:
    report = check_webvtt(text.encode() if isinstance(text, str) else text)
    first = report.first
    return (first.line if first else None, first.message if first else "", report.problems)


def test_a_valid_captions_file_has_no_problem_whatever_its_line_endings() -> None:
    assert _vtt(VALID_VTT) == (None, "", 0)
    assert _vtt("\ufeff" + VALID_VTT.replace("\n", "\r\n")) == (None, "", 0)
    assert check_webvtt(VALID_VTT.encode()).cues == 2
    # a missing blank line: browsers start the next cue at its timing line
    assert _vtt("WEBVTT\n00:01.000 --> 00:02.000\nUn\n00:02.000 --> 00:03.000\nDeux\n") == (None, "", 0)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "WEBVTT"),
        ("WEBVTTX\n\n00:01.000 --> 00:02.000\nx\n", 1, "WEBVTT"),
        ("1\n00:00:01,000 --> 00:00:02,000\nx\n", 1, "WEBVTT"),
        ("WEBVTT\n", 1, "aucun sous-titre"),
        ("WEBVTT\n\n00:01,000 --> 00:02.000\nx\n", 3, "illisible"),
        ("WEBVTT\n\n00:61.000 --> 01:02.000\nx\n", 3, "illisible"),
        ("WEBVTT\n\n00:02.000 --> 00:02.000\nx\n", 3, "finit"),
        ("WEBVTT\n\n00:03.000 --> 00:04.000\nx\n\n00:01.000 --> 00:02.000\ny\n", 6, "avant le précédent"),
        (
            "WEBVTT\n\n00:01.000 --> 00:04.000\nx\n\n00:03.000 --> 00:05.000\ny\n",
            6,
            "avant la fin du précédent",
        ),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\n\n", 3, "vide"),
        ("WEBVTT\n\nBonjour tout le monde\n", 3, "sans horodatage"),
    ],
)
def test_a_broken_captions_file_is_told_at_its_first_problem(text: str, line: int, words: str) -> None:
    found_line, message, count = _vtt(text)
    assert (found_line, count >= 1) == (line, True)
    assert words in message


def test_hostile_captions_are_bounded_and_never_raise() -> None:
    assert "Ko" in _vtt(b"WEBVTT\n\n" + b"x" * (webvtt.MAX_BYTES + 1))[1]
    assert _vtt(b"WEBVTT\n\n00:01.000 --> 00:02.000\n\xff\xfe\n")[:2] == (4, "le fichier n'est pas en UTF-8")
    # thousands of cues without blank lines, or of timing lines alone: one pass, no recursion
    many = "WEBVTT\n" + "".join(
        f"{i // 60:02d}:{i % 60:02d}.000 --> {i // 60:02d}:{i % 60:02d}.500\n" for i in range(3000)
    )
    assert _vtt(many)[2] == 3000  # each cue is empty
    assert _vtt("WEBVTT\n\n" + "-->\n" * 50_000)[1].startswith("horodatage illisible")


def test_the_first_problem_counts_the_others(make_tree: Tree, tmp_path: Path) -> None:
    front = 'media:\n  - {src: a.mp4, kind: video, title: Appel, captions: a.vtt, transcript: "Bonjour."}\n'
    epreuve = VALID_QCU.format(id="medias").replace("answer: 1\n", "answer: 1\n" + front)
    vtt = "WEBVTT\n\n00:02.000 --> 00:01.000\nx\n\n00:03.000 --> 00:04.000\n\n"
    root = make_tree({"epreuves/e.md": epreuve, "epreuves/a.mp4": b"\x00", "epreuves/a.vtt": vtt})
    options = CheckOptions(
        paths=(root,), config=Config(root=tmp_path), selection=ALL, jobs=1, use_cache=False
    )
    report, _ = run_check(options)
    [finding] = [d for d in report.diagnostics if d.code == "A11Y-MED-005"]
    assert (finding.span.start.line, finding.span.start.column) == (10, 55)
    assert finding.message == (
        "sous-titres « a.vtt », ligne 3 : le sous-titre finit (00:00:01.000) avant d'avoir commencé "
        "(00:00:02.000) (et 1 autre problème)"
    )


def test_an_edited_captions_file_is_checked_again_with_the_cache(make_tree: Tree, tmp_path: Path) -> None:
    front = "media:\n  - {src: a.mp4, kind: video, title: Appel, captions: a.vtt, transcript: Bonjour.}\n"
    epreuve = VALID_QCU.format(id="medias").replace("answer: 1\n", "answer: 1\n" + front)
    root = make_tree({"epreuves/e.md": epreuve, "epreuves/a.mp4": b"\x00", "epreuves/a.vtt": VALID_VTT})

    def med_005() -> list[int]:
        options = CheckOptions(paths=(root,), config=Config(root=tmp_path), selection=ALL, jobs=1)
        report, _ = run_check(options)
        return [d.span.start.line for d in report.diagnostics if d.code == "A11Y-MED-005"]

    assert med_005() == []
    (root / "epreuves" / "a.vtt").write_text("1\n00:00:01,000 --> 00:00:02,000\nx\n", "utf-8")
    assert med_005() == [10]


# --- A11Y-MED rules -------------------------------------------------------------------------------


def test_a_silent_video_needs_no_captions_but_a_transcript() -> None:
    front = "media:\n  - {src: a.mp4, kind: video, title: Démonstration, sound: false}\n"
    assert _codes(front, "A11Y-MED") == [("A11Y-MED-002", 10)]


def test_a_medium_test_is_exempt_from_alternatives_but_not_from_its_flags() -> None:
    front = (
        "accessibility: {non_voyant: KO, daltonien: RAS, sourds_malentendants: KO}\n"
        "media:\n  - {src: a.mp3, kind: audio, title: Appel, test: true, test_reason: Reconnaître la voix}\n"
    )
    assert _codes(front, "A11Y-MED") == []
    assert _codes(front.replace("sourds_malentendants: KO", "sourds_malentendants: OK"), "A11Y-MED") == [
        ("A11Y-MED-006", 11)
    ]
    # an audio test leaves the blind flag alone; a video test does not
    assert _codes(front.replace("non_voyant: KO", "non_voyant: OK"), "A11Y-MED") == []
    video = front.replace("kind: audio", "kind: video").replace(
        "non_voyant: KO", "non_voyant: Acquis Non Pertinent"
    )
    assert _codes(video, "A11Y-MED") == []


def test_media_of_the_wrong_shape_are_left_to_the_schema() -> None:
    for front in ("media: 3\n", "media: [3, null]\n", "media: [{src: [a], kind: [video], title: 3}]\n"):
        assert not [code for code, _ in _codes(front, "INTERNAL")]
        assert {code for code, _ in _codes(front, "A11Y-MED")} <= {"A11Y-MED-002", "A11Y-MED-004"}


# --- A11Y-CLR-003 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "colours"),
    [
        ("Tableur : les dépenses en rouge, les recettes en vert", ["rouge", "vert"]),
        ("Graphique : courbe bleue des ventes, courbe grise des achats", ["bleue", "grise"]),
        ("Rouge : en baisse", ["Rouge"]),
        ("Même texte dans deux encadrés : A noir sur blanc, B gris clair sur blanc", []),
        ("Page de connexion au texte noir sur fond blanc, avec le logo Orange", []),
        ("Photo en noir et blanc d'un ordinateur portable", []),
    ],
)
def test_colours_are_those_that_may_carry_information(text: str, colours: list[str]) -> None:
    assert colour_words(text) == colours


def test_an_illustration_described_with_colours_must_say_whether_it_depends_on_them() -> None:
    legend = "legend: 'En rouge, les mois en baisse'"
    assert _codes(f"illustration: {{src: a.png, alt: Courbe des ventes, {legend}}}\n", "A11Y-CLR") == [
        ("A11Y-CLR-003", 9)
    ]
    for quiet in (
        f"illustration: {{src: a.png, alt: Courbe des ventes, colour_dependent: true, {legend}}}\n",
        f"illustration: {{src: a.png, alt: Courbe des ventes, colour_dependent: false, {legend}}}\n",
        f"illustration: {{src: a.png, alt: '', decorative: true, {legend}}}\n",
    ):
        assert _codes(quiet, "A11Y-CLR-003") == [], quiet
