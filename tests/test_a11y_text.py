"""Text and language rules (A11Y-TXT, A11Y-LNG): what the fixture corpus cannot show on its own."""

from __future__ import annotations

import pytest

from epreuve_tools.analysis import analyse_epreuve, parse_epreuve
from epreuve_tools.model import Epreuve
from epreuve_tools.rules import REGISTRY
from epreuve_tools.rules.a11y_lng import bcp47_problem, foreign_runs
from epreuve_tools.rules.a11y_prose import readability_counts, sentences, syllables
from epreuve_tools.rules.a11y_txt import kandel_moles, long_sentence, text_in_capitals


def _epreuve(body: str, front: str = "") -> Epreuve:
    data = f"---\nid: x-y-z\ntype: qcu\nanswer: 1\n{front}---\n{body}".encode()
    findings, epreuve = parse_epreuve(data)
    assert epreuve is not None, findings
    return epreuve


def _codes(body: str, opt_in: frozenset[str] = frozenset(), front: str = "") -> list[tuple[int, int, str]]:
    data = f"---\nid: x-y-z\ntype: qcu\nanswer: 1\n{front}---\n{body}".encode()
    analysis = analyse_epreuve(data, opt_in)
    return sorted(
        (f.span.start.line, f.span.start.column, f.code)
        for f in analysis.findings
        if f.code.startswith(("A11Y-TXT", "A11Y-LNG"))
    )


def test_kandel_moles_uses_the_published_constants() -> None:
    # 207 − 1.015 × 10 − 73.6 × 1.5 = 86.45
    assert kandel_moles(100, 10, 150) == pytest.approx(86.45)
    assert kandel_moles(100, 5, 200) == pytest.approx(207 - 1.015 * 20 - 73.6 * 2)


def test_syllables_drop_the_final_mute_e() -> None:
    assert [syllables(w) for w in ("table", "ordinateur", "personnelles", "données", "le", "publiques")] == [
        1,
        4,
        3,
        2,
        1,
        2,
    ]


def test_sentences_do_not_end_on_an_abbreviation_before_a_lower_case_word() -> None:
    text = "Ouvrez le fichier, p. ex. le rapport. Puis fermez-le !"
    assert [text[s:e].strip() for s, e in sentences(text)] == [
        "Ouvrez le fichier, p. ex. le rapport.",
        "Puis fermez-le !",
    ]


def test_readability_counts_only_the_instruction() -> None:
    epreuve = _epreuve("Lisez la note. Répondez vite.\n\n::: propositions\n- Oui vraiment\n:::\n")
    assert readability_counts(epreuve) == (5, 2, 8)  # li-sez la note ré-pon-dez vite


def test_long_sentence_is_placed_on_its_first_word_even_after_a_repeat() -> None:
    words = " ".join(["mot"] * 21)
    body = f"Un mot court. Un {words}.\n"
    [problem] = list(long_sentence(_epreuve(body)))
    assert (problem.span.start.line, problem.span.start.column) == (6, 15)
    assert "22 mots" in problem.message


def test_capitals_in_code_and_quotes_are_left_alone() -> None:
    assert not list(text_in_capitals(_epreuve("Tapez `=RECHERCHEV(A1)` puis lisez « NE PAS JETER ».\n")))
    [problem] = list(text_in_capitals(_epreuve("Lisez NE PAS JETER.\n")))
    assert problem.span.start.column == 7


def test_middle_dot_rule_is_opt_in() -> None:
    body = "Les agent·e·s concerné·e·s reçoivent un courriel.\n"
    assert REGISTRY["A11Y-TXT-008"].opt_in
    assert _codes(body) == []
    assert _codes(body, frozenset({"A11Y-TXT-008"})) == [(6, 5, "A11Y-TXT-008"), (6, 15, "A11Y-TXT-008")]


def test_emoji_only_proposal_is_left_to_frm_008() -> None:
    assert _codes("Quel signe ?\n\n::: propositions\n- ✅\n- ❌\n:::\n") == []
    assert _codes("👉 Lisez ceci.\n") == [(6, 1, "A11Y-TXT-001")]


def test_negation_in_bold_or_in_two_clauses_is_quiet() -> None:
    assert _codes("Laquelle n'est **pas** sûre ?\n") == []
    assert _codes("Il n'a pas lu, et il ne répond pas.\n") == []
    assert _codes("Laquelle n'est pas sûre ?\n") == [(6, 10, "A11Y-TXT-006")]


def test_acronym_expanded_by_initials_is_quiet() -> None:
    assert _codes("Le délégué à la protection des données (DPD) répond. Le DPD signe.\n") == []
    assert _codes("Le DPD signe.\n") == [(6, 4, "A11Y-TXT-005")]


def test_hostile_text_does_not_crash() -> None:
    for body in ("*" * 500 + "\n", "«" * 300 + "\n", "n' " * 400 + "pas ?\n", "\ufffc ${" * 200 + "\n"):
        _codes(body)


@pytest.mark.parametrize(
    ("tag", "valid"),
    [
        ("fr-fr", True),
        ("fr", True),
        ("en-GB", True),
        ("zh-hant-tw", True),
        ("es-419", True),
        ("de-ch-1996", True),
        ("gsw", True),
        ("x-klingon", True),
        ("fr-uk", False),
        ("fra", False),
        ("fr-fr-fr", False),
        ("qq", False),
        ("EN_us", False),
        ("anglais", False),
        ("fr-latn-latn", False),
        ("de-1996-1996", False),
        ("fr--fr", False),
    ],
)
def test_bcp47_tags(tag: str, valid: bool) -> None:
    assert (bcp47_problem(tag) is None) is valid, bcp47_problem(tag)


def test_locale_refused_by_the_schema_is_not_reported_twice() -> None:
    assert _codes("Texte.\n", front="locale: FR_fr\n") == []
    assert _codes("Texte.\n", front="locale: fra\n") == [(5, 9, "A11Y-LNG-001")]


def test_lang_attributes_of_every_kind_are_checked() -> None:
    body = 'Un <span lang="">a</span> <a hreflang="english" href="https://a.fr">b</a> <span lang="en-GB">c</span>.\n'
    assert [code for *_place, code in _codes(body)] == ["A11Y-LNG-003", "A11Y-LNG-003"]


def test_foreign_runs_are_conservative() -> None:
    def runs(text: str, home: str = "fr") -> list[str]:
        return [text[start:end] for start, end, *_counts in foreign_runs(text, home)]

    assert runs("Cliquez sur « Save the file to your computer » maintenant.") == [
        "Save the file to your computer"
    ]
    assert runs("Ouvrez Microsoft Teams et le cloud de Google Drive.") == []
    assert runs("Un mot : the. Puis : and.") == []  # a sentence break ends a run
    assert runs("Open the file and save it.", "en") == []
    assert runs("Open « le fichier de la note » now.", "en") == ["le fichier de la note"]


def test_marked_passage_is_not_reported() -> None:
    assert _codes('Cliquez sur <span lang="en">Save the file to your computer</span>.\n') == []


def test_foreign_blank_label_and_link_title() -> None:
    body = (
        'Lisez [la note](https://a.fr "Read the note of your manager") puis répondez.\n\n'
        "::: propositions\nRéponse courte : ${r§Your answer to the question}\n:::\n"
    )
    data = f"---\nid: x-y-z\ntype: qroc\nanswer: [a]\n---\n{body}".encode()
    found = sorted((f.span.start.line, f.code) for f in analyse_epreuve(data).findings if "LNG" in f.code)
    assert found == [(6, "A11Y-LNG-005"), (9, "A11Y-LNG-005")]
