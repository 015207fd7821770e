"""The Pix blank syntax, `${key#placeholder§label value="…" options=[…]}`, read as Pix reads it."""

from __future__ import annotations

import pytest

from epreuve_tools.parsing.blanks import Blank, scan_blanks
from epreuve_tools.rules import REGISTRY


def _one(text: str) -> Blank:
    scan = scan_blanks(text, 1)
    assert scan.findings == ()
    [blank] = scan.blanks
    return blank


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${ville}", {"key": "ville"}),
        ("${ville#Paris ?}", {"key": "ville", "placeholder": "Paris ?"}),
        ("${ville§Ville de naissance}", {"key": "ville", "label": "Ville de naissance"}),
        ("${n#0§Nombre de cellules}", {"key": "n", "placeholder": "0", "label": "Nombre de cellules"}),
        ('${v value="défaut"}', {"key": "v", "default": "défaut"}),
        ('${c options=["Oui", "Non"]}', {"key": "c", "options": ("Oui", "Non")}),
        (
            '${c#choisir§Réponse options=["a \\"b\\"","c"]}',
            {"key": "c", "placeholder": "choisir", "label": "Réponse", "options": ('a "b"', "c")},
        ),
        # a word followed by `=` in a label is text, as in Pix: only value= and options= are attributes
        ("${b§Résultat quand x=3}", {"key": "b", "label": "Résultat quand x=3"}),
        ("${x_1-b}", {"key": "x_1-b"}),
    ],
)
def test_blank_parts(text: str, expected: dict[str, object]) -> None:
    blank = _one(f"Avant {text} après")
    for name, value in expected.items():
        assert getattr(blank, name) == value
    assert blank.is_select == ("options" in expected)


def test_positions_are_file_line_and_character_column() -> None:
    scan = scan_blanks("Première ligne\nÉlève : ${nom} et ${age}", 12)
    assert [(b.key, b.span.start.line, b.span.start.column, b.span.end.column) for b in scan.blanks] == [
        ("nom", 13, 9, 15),
        ("age", 13, 19, 25),
    ]


@pytest.mark.parametrize(
    ("text", "code", "column"),
    [
        ("${ouvert", "BLANK-001", 1),
        ("${a} ${a}", "BLANK-002", 6),
        ('${a choix=["x"]}', "BLANK-003", 5),
        ("${}", "BLANK-004", 3),
        ("${é}", "BLANK-004", 3),
        ('${a value="non fermé}', "BLANK-004", 11),
        ('${a options=["x" "y"]}', "BLANK-004", 18),
        ("${a options=[]}", "BLANK-004", 13),
        ('${a value="x" value="y"}', "BLANK-004", 15),
    ],
)
def test_errors_have_code_and_column(text: str, code: str, column: int) -> None:
    scan = scan_blanks(text, 1)
    assert [(f.code, f.span.start.column) for f in scan.findings] == [(code, column)]
    assert code in REGISTRY


def test_a_malformed_blank_keeps_its_key_for_the_answer_rules() -> None:
    scan = scan_blanks('${a choix="x"} ${b', 1)
    assert [(b.key, b.malformed) for b in scan.blanks] == [("a", True), ("b", True)]


@pytest.mark.parametrize(
    ("text", "column", "suggested"),
    [
        ('${x§Votre choix optons=["Oui","Non"]}', 17, "options"),
        ('${x#indice valeur="défaut"}', 12, "value"),
        ('${x§Libellé choix=["a","b"]}', 13, None),
    ],
)
def test_an_attribute_written_in_a_label_is_not_silently_text(
    text: str, column: int, suggested: str | None
) -> None:
    # Pix would show `optons=[…]` as part of the label, and the select would become a text field
    scan = scan_blanks(text, 1)
    [finding] = scan.findings
    assert (finding.code, finding.span.start.column) == ("BLANK-003", column)
    assert finding.hint is not None
    assert (f"vouliez-vous dire « {suggested} »" in finding.hint) == (suggested is not None)
    assert [(b.key, b.malformed) for b in scan.blanks] == [("x", True)]


def test_a_word_with_equals_in_a_label_stays_text() -> None:
    assert _one("${b§Résultat quand x=3 et y = 4}").label == "Résultat quand x=3 et y = 4"


@pytest.mark.parametrize(
    ("text", "key", "column", "suggested"),
    [
        ("${réponse§Votre réponse}", "réponse", 4, "reponse"),
        ("${ville.nom}", "ville.nom", 8, "ville_nom"),
        ("${é}", "é", 3, "e"),
    ],
)
def test_an_invalid_key_is_one_error_on_the_key(text: str, key: str, column: int, suggested: str) -> None:
    scan = scan_blanks(text, 1)
    [finding] = scan.findings
    assert (finding.code, finding.span.start.column) == ("BLANK-004", column)
    assert f"« {key} » invalide" in finding.message
    assert finding.hint is not None
    assert f"« {suggested} »" in finding.hint
    # kept under the key as written, so that an answer key written the same way is not reported too
    assert [(b.key, b.malformed) for b in scan.blanks] == [(key, True)]
