"""Structure and table rules (A11Y-STR, A11Y-TBL): what the fixture corpus cannot show on its own."""

from __future__ import annotations

import pytest

from epreuve_tools.analysis import parse_epreuve
from epreuve_tools.model import Epreuve
from epreuve_tools.rules import REGISTRY
from epreuve_tools.rules.a11y_str import (
    blockquote_for_indentation,
    body_level_one_heading,
    emphasis_as_heading,
    fake_list,
    heading_level_skipped,
    layout_by_characters,
)
from epreuve_tools.rules.a11y_tbl import (
    _cell_starts,
    complex_html_table,
    empty_table_header,
    row_headers_not_marked,
    table_as_image,
    table_without_caption,
)
from epreuve_tools.settings import RuleSettings

HEADER_LINES = 5  # the front matter below takes lines 1 to 5: the body starts on line 6


def _epreuve(body: str, front: str = "") -> Epreuve:
    data = f"---\nid: x-y-z\ntype: qcu\nanswer: 1\n{front}---\n{body}".encode()
    findings, epreuve = parse_epreuve(data)
    assert epreuve is not None, findings
    return epreuve


def _places(problems: object) -> list[tuple[int, int]]:
    return [(p.span.start.line, p.span.start.column) for p in problems]  # type: ignore[attr-defined]


# --- A11Y-STR ---------------------------------------------------------------------------------------


def test_each_region_starts_its_own_outline_below_the_title() -> None:
    body = "## Consigne\n\n::: propositions\n- a\n- b\n:::\n\n::: correction\n## Explication\n\n#### Détail\n:::\n"
    found = list(heading_level_skipped(_epreuve(body)))
    # the correction's `##` is its first heading, not a repeat after the instruction's; `####` skips
    assert _places(found) == [(16, 1)]
    assert "après un titre de niveau 2" in found[0].message


def test_the_instruction_outline_goes_on_after_a_block() -> None:
    body = "## A\n\n::: propositions\n- a\n- b\n:::\n\n#### B\n"
    assert _places(heading_level_skipped(_epreuve(body))) == [(13, 1)]


def test_a_heading_in_a_blockquote_is_placed_after_its_sign() -> None:
    body = "Le règlement dit :\n\n> # Article 1\n"
    assert _places(body_level_one_heading(_epreuve(body))) == [(8, 3)]


def test_emphasis_is_no_heading_when_it_is_a_sentence_or_heads_nothing() -> None:
    for body in (
        "**Lisez bien.**\n\nSuite.\n",  # ends with punctuation
        "**Attention** : la suite.\n\nSuite.\n",  # emphasis then text
        "**a** et **b**\n\nSuite.\n",  # two runs
        "Suite.\n\n**Fin de la consigne**\n",  # last block
        "**Ligne un\nligne deux**\n\nSuite.\n",  # two lines
        "**" + "mot " * 30 + "**\n\nSuite.\n",  # too long for a heading
    ):
        assert not list(emphasis_as_heading(_epreuve(body))), body
    found = list(emphasis_as_heading(_epreuve("***Données***\n\nSuite.\n")))
    assert _places(found) == [(6, 1)]
    assert "« Données »" in found[0].message


def test_fake_list_counts_lines_of_one_kind_and_places_the_first_marker() -> None:
    found = list(fake_list(_epreuve("Les étapes :\n  ✓ ouvrir ;\n  ✓ fermer.\n")))
    assert _places(found) == [(7, 3)]
    assert "2 lignes" in found[0].message
    # a single arrow, or two markers of different kinds, is no list
    assert not list(fake_list(_epreuve("Voir :\n→ la page 2.\n")))
    assert not list(fake_list(_epreuve("Voir :\n→ la page 2 ;\n• la page 3.\n")))
    # `1)` after a line of text starts a real list in CommonMark: nothing to report
    assert not list(fake_list(_epreuve("Avant :\n1) lire,\n2) répondre.\n")))


def test_blockquote_is_a_quotation_when_introduced_attributed_or_quoted() -> None:
    quiet = (
        "Lisez cet extrait.\n\n> Le mot de passe est personnel.\n",
        "Le règlement dit :\n\n> Le mot de passe est personnel.\n",
        "> Le mot de passe est personnel.\n>\n> — Le règlement\n",
        "> « Le mot de passe est personnel. »\n",
        "> Source : le règlement intérieur\n",
        ">\n",
    )
    for body in quiet:
        assert not list(blockquote_for_indentation(_epreuve(body))), body
    # a nested blockquote is part of the outer one: one finding
    found = list(blockquote_for_indentation(_epreuve("Une règle.\n\n> Remarque\n>\n> > encore\n")))
    assert _places(found) == [(8, 1)]


def test_br_runs_are_prs_findings_unless_br_is_allowed() -> None:
    body = "Premier<br><br>Second\n"
    assert not list(layout_by_characters(_epreuve(body)))
    allowed = _epreuve(body)
    allowed.settings = RuleSettings(allowed_html=frozenset({"br"}))
    assert _places(layout_by_characters(allowed)) == [(6, 1)]


def test_code_blocks_with_a_language_or_without_a_table_are_code() -> None:
    drawn = "+----+----+\n| a  | b  |\n+----+----+\n| 1  | 2  |\n"
    assert _places(layout_by_characters(_epreuve(f"```text\n{drawn}```\n"))) == [(6, 1)]
    indented = "Texte :\n\n" + "".join(f"    {line}\n" for line in drawn.splitlines())
    assert _places(layout_by_characters(_epreuve(indented))) == [(8, 5)]  # where the code starts
    spaced = "Nom     Âge\n------  ---\nAlice   30\nBruno   41\n"
    assert _places(layout_by_characters(_epreuve(f"```\n{spaced}```\n"))) == [(6, 1)]
    boxes = "┌───┬───┐\n│ a │ b │\n└───┴───┘\n"
    assert len(list(layout_by_characters(_epreuve(f"~~~\n{boxes}~~~\n")))) == 1
    assert not list(layout_by_characters(_epreuve(f"```python\n{drawn}```\n")))
    assert not list(layout_by_characters(_epreuve("```\nls | grep a | wc -l\nls\necho\n```\n")))


def test_structure_is_read_for_each_epreuve() -> None:
    first, second = _epreuve("#### Un\n"), _epreuve("## Deux\n")
    assert len(list(heading_level_skipped(first))) == 1
    assert not list(heading_level_skipped(second))
    assert len(list(heading_level_skipped(first))) == 1


@pytest.mark.parametrize(
    "body",
    [
        "#",
        "> \n> #",
        "**",
        "***\n",
        "• \n•",
        "&nbsp;",
        "\\\n\\\n\\",
        "```\n",
        "> > > > >\n>",
        "- **a**\n\n  **b**\n",
        "a\r\\\r\\\rb",
        "::: correction\n#### x\n",
        "| a |\n|---|\n",
    ],
)
def test_hostile_bodies_give_findings_not_tracebacks(body: str) -> None:
    epreuve = _epreuve(body)
    for code, rule in REGISTRY.items():
        if code.startswith(("A11Y-STR-", "A11Y-TBL-")) and rule.document_check is not None:
            list(rule.document_check(epreuve))


# --- A11Y-TBL ---------------------------------------------------------------------------------------


def test_cell_starts_follow_markdown_it_split() -> None:
    assert _cell_starts("| a | b |") == [2, 6, 9]
    assert _cell_starts("a | `x\\|y` | c") == [0, 4, 13]
    assert _cell_starts("> |   | b |") == [3, 8, 11]  # an empty cell: the space after its `|`


def test_empty_header_is_placed_in_its_cell_even_in_a_blockquote() -> None:
    body = "Le tableau suivant :\n\n> | Agent |  | Mois |\n> |---|---|---|\n> | a | b | c |\n"
    found = list(empty_table_header(_epreuve(body)))
    assert _places(found) == [(8, 12)]
    assert "colonne 2" in found[0].message


def test_one_untitled_table_is_fine_and_a_title_before_an_html_table_is_not_stray() -> None:
    assert not list(table_without_caption(_epreuve("| a | b |\n|---|---|\n| 1 | 2 |\n")))
    body = "Tableau 1 : ventes.\n\n<table><tr><th>a</th></tr></table>\n"
    assert not list(table_without_caption(_epreuve(body)))
    # « Tableau à compléter : » names no table
    assert not list(table_without_caption(_epreuve("Tableau à compléter : rien.\n")))


def test_row_headers_need_labels_against_numbers() -> None:
    numbers = "| Agent | Janvier | Février |\n|---|---|---|\n| Martin | 12 | 15 |\n| Leroy | 9 | 1 200 € |\n"
    assert _places(row_headers_not_marked(_epreuve(numbers))) == [(8, 3)]
    for body in (
        numbers.replace("Leroy", "Martin"),  # labels repeat: not headers
        numbers.replace("Leroy", "2"),  # a number among the labels
        numbers.replace("| 9 |", "| Neuf |").replace("| 15 |", "| quinze |"),  # mostly words
        "| Agent | Janvier |\n|---|---|\n| Martin | 12 |\n| Leroy | 9 |\n",  # two columns
    ):
        assert not list(row_headers_not_marked(_epreuve(body))), body


def test_complex_html_table_needs_caption_summary_and_associations() -> None:
    two_header_rows = (
        "<tr><th>T1</th><th>T2</th></tr>\n<tr><th>Jan</th><th>Fév</th></tr>\n<tr><td>1</td><td>2</td></tr>\n"
    )
    found = list(complex_html_table(_epreuve(f"<table>\n{two_header_rows}</table>\n")))
    assert _places(found) == [(6, 1)]
    assert "2 lignes d'en-tête" in found[0].message
    complete = two_header_rows.replace("<th>", '<th scope="col">')
    body = f"Les ventes par trimestre.\n\n<table>\n<caption>Ventes</caption>\n{complete}</table>\n"
    assert not list(complex_html_table(_epreuve(body)))
    # `aria-describedby` is a summary; only what is missing is named
    body = f'<table aria-describedby="r">\n{two_header_rows}</table>\n'
    (problem,) = complex_html_table(_epreuve(body))
    assert "<caption>" in problem.message
    assert "résumé" not in problem.message
    # a simple table is PRS-003's alone
    assert not list(complex_html_table(_epreuve("<table><tr><th>a</th></tr><tr><td>1</td></tr></table>\n")))


def test_html_table_is_read_across_blank_lines_nested_and_unclosed() -> None:
    split = '<table>\n<tr><th>a</th></tr>\n\n<tr><td colspan="2">1</td></tr>\n</table>\n'
    assert _places(complex_html_table(_epreuve(split))) == [(6, 1)]
    nested = '<table><tr><td>\n<table><tr><td rowspan="2">x</td></tr></table>\n</td></tr></table>\n'
    assert _places(complex_html_table(_epreuve(nested))) == [(7, 1)]
    assert len(list(complex_html_table(_epreuve('<table><tr><td colspan="3">x\n')))) == 1


def test_table_as_image_is_quiet_when_the_data_is_text() -> None:
    front = 'illustration:\n  src: images/a.png\n  alt: "Tableur des ventes du trimestre"\n'
    assert len(list(table_as_image(_epreuve("Question ?\n", front)))) == 1
    for extra_front, body in (
        ("  role: test\n", "Question ?\n"),
        ("  description: Ventes de janvier 12, de février 15.\n", "Question ?\n"),
        (
            "alternative_instruction: |\n  | Mois | Ventes |\n  |---|---|\n  | Janvier | 12 |\n",
            "Question ?\n",
        ),
        ("", "| Mois | Ventes |\n|---|---|\n| Janvier | 12 |\n"),
    ):
        assert not list(table_as_image(_epreuve(body, front + extra_front))), extra_front or body
    # « tableau » late in the alt names something else (a shared document's settings)
    front = 'illustration:\n  src: images/partage.png\n  alt: "Réglage du partage du tableau"\n'
    assert not list(table_as_image(_epreuve("Question ?\n", front)))
