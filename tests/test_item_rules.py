"""The item-writing quality rules (ITEM): their pure parts, the bank-level rules on their own tree,
the quality report, and their cost on a large bank."""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import pytest

from epreuve_tools.checker import CheckOptions, run_check
from epreuve_tools.config import Config
from epreuve_tools.rules import REGISTRY
from epreuve_tools.rules.item_bank import collect_banks
from epreuve_tools.rules.item_facts import ItemAnswer, fold_words, folded_line, sketch, visible_length
from epreuve_tools.rules.item_grammar import agrees
from epreuve_tools.rules.item_leaks import _everyday_word, _in_capitals, _listed, _marked
from epreuve_tools.rules.item_length import longer_key, noticeably_longer
from epreuve_tools.selection import Selection
from tests.conftest import FIXTURES, ROOT
from tests.test_fixture_corpus import BANK_LEVEL, expectations

BANK_TREE = FIXTURES / "item_tree"


def _check(path: Path) -> tuple[list[object], dict[str, Counter[tuple[int, str]]]]:
    report, crashes = run_check(
        CheckOptions(
            paths=(path,),
            config=Config(root=ROOT),
            selection=Selection(("ALL",), (), {}, {}),
            use_cache=False,
        )
    )
    assert not crashes, crashes
    found: dict[str, Counter[tuple[int, str]]] = {}
    for diagnostic in report.active():
        found.setdefault(diagnostic.path, Counter())[(diagnostic.span.start.line, diagnostic.code)] += 1
    return report.diagnostics, found


@pytest.fixture(scope="module")
def bank_report() -> dict[str, Counter[tuple[int, str]]]:
    return _check(BANK_TREE)[1]


BANK_FILES = sorted(p for p in BANK_TREE.rglob("*") if p.suffix in (".md", ".yaml"))


@pytest.mark.parametrize("path", BANK_FILES, ids=lambda p: p.relative_to(BANK_TREE).as_posix())
def test_bank_fixture_produces_exactly_its_expectations(
    path: Path, bank_report: dict[str, Counter[tuple[int, str]]]
) -> None:
    expected = expectations(path)
    if path.name.startswith("ok_"):
        assert not expected
    assert bank_report.get(path.relative_to(ROOT).as_posix(), Counter()) == expected


def test_every_bank_level_code_is_shown_by_the_bank_tree() -> None:
    shown = {code for path in BANK_FILES for (_line, code) in expectations(path)}
    assert set(BANK_LEVEL) <= shown


def test_every_item_rule_is_documented_and_not_an_error() -> None:
    codes = sorted(code for code in REGISTRY if code.startswith("ITEM-"))
    assert codes == [f"ITEM-{n:03d}" for n in range(1, 15)]
    for code in codes:
        rule = REGISTRY[code]
        assert rule.waivable, code
        assert "Haladyna" in rule.doc, code


def test_noticeably_longer_needs_both_the_ratio_and_the_characters() -> None:
    assert noticeably_longer([20, 60, 25], [2])
    assert not noticeably_longer([20, 44, 25], [2])  # 1.76 times, but 19 characters more
    assert not noticeably_longer([50, 70, 60], [2])  # 10 characters more, 1.17 times
    assert not noticeably_longer([20, 60, 25], [])  # no key
    assert noticeably_longer([10, 45, 50, 12], [2, 3])  # a QCM: the shortest right one counts
    assert not noticeably_longer([10, 45, 12, 50], [2, 3])


def test_longer_key_has_a_margin() -> None:
    assert longer_key([20, 30, 25], [2])
    assert not longer_key([20, 26, 25], [2])  # 4 % longer: no learner sees it


def test_grammar_reads_only_what_spelling_tells() -> None:
    assert agrees("une", "feuille de calcul") is True
    assert agrees("une", "traitement de texte") is False
    assert agrees("une", "tableur") is None  # -eur: no sure gender
    assert agrees("l'", "historique des versions") is True
    assert agrees("l'", "corbeille") is False
    assert agrees("des", "fichiers partagés") is True
    assert agrees("des", "fichier") is False
    assert agrees("une", "une présentation") is None  # the proposal has its own article


def test_folding_is_pix_t1_t2_word_by_word() -> None:
    assert fold_words("L'Historique  des VERSIONS, « ici »") == ["l", "historique", "des", "versions", "ici"]
    assert folded_line("Ctrl + Z") == " ctrl z "
    assert " moyenne " in folded_line("on utilise la fonction MOYENNE.")


def test_leaks_tell_a_term_from_the_same_word_in_a_sentence() -> None:
    assert _marked("Réparer évite la **fabrication** d'un appareil.", "**fabrication**")
    assert _marked("On parle d'une « hallucination ».", "hallucination")
    assert not _marked("La fabrication des équipements pèse lourd.", "fabrication")
    assert not _marked("le **limitation de la conservation** des données", "**limitation")
    word = ItemAnswer("fabrication", " fabrication ", "key", ("t1",), None, False, "fabrication")
    assert _everyday_word(word)
    assert not _everyday_word(word._replace(group=None))  # a QROC's one term is always sought
    assert not _everyday_word(word._replace(shown="FranceConnect", folded=" franceconnect "))
    assert not _everyday_word(word._replace(shown="impots.gouv.fr", folded=" impots gouv fr "))
    assert _in_capitals(word._replace(shown="MOYENNE"))
    assert not _in_capitals(word)
    listed = word._replace(shown="transport", folded=" transport ", group="transport")
    assert _listed("sa fabrication et son transport", word, [word, listed])
    assert not _listed("sa fabrication et son transport", word, [word, listed._replace(group="fabrication")])


def test_sketch_is_deterministic_and_skips_short_words() -> None:
    words = ["vous", "devez", "transmettre", "une", "vidéo", "volumineuse", "au", "partenaire"]
    assert sketch(words) == sketch(list(words))
    assert sketch(["de", "la", "le", "un"]) == ()
    assert len(sketch([f"motlong{n}" for n in range(100)])) == 8


def test_visible_length_ignores_markup() -> None:
    assert visible_length("**Le  service** de `partage`") == len("Le service de partage")


def test_quality_report_lists_shares_pairs_and_findings(tmp_path: Path) -> None:
    from epreuve_tools.cli import quality

    collect_banks()
    diagnostics, _ = _check(BANK_TREE)
    target = tmp_path / "qualite.md"
    arguments = argparse.Namespace(quality_report=str(target))

    quality.write(arguments, argparse.Namespace(diagnostics=diagnostics))
    text = target.read_text("utf-8")
    assert text.startswith("# Rapport de qualité de rédaction des épreuves")
    assert "| Parcours `item-longueurs` | 7 / 8 (88\u00a0%) |" in text
    assert "1 : 8 (100\u00a0% ; 33\u00a0%)" in text
    assert "`item-dup-a` et `item-dup-b` : 98 sur 100" in text
    assert "### ITEM-014 : 5 diagnostics" in text
    assert "parcours `item-doublons-et-fuites`" in text
    assert not list(tmp_path.glob(".tmp-*"))  # written whole, through a temporary file
    assert collect_banks() == []  # the banks are handed over once


def test_quality_report_to_an_unwritable_place_is_a_usage_error(tmp_path: Path) -> None:
    from epreuve_tools.cli import quality
    from epreuve_tools.errors import UsageError

    arguments = argparse.Namespace(quality_report=str(tmp_path / "absent" / "qualite.md"))

    report = argparse.Namespace(diagnostics=[])
    with pytest.raises(UsageError):
        quality.write(arguments, report)


def test_bank_rules_stay_fast_on_a_large_bank() -> None:
    """10,000 épreuves: the ITEM project rules within 2 s even on a loaded machine (about 0.1 s at
    rest; bench/run.py measures them in a whole check): comparing every pair for near-duplicates
    would take minutes, and the stock phrase every épreuve shares must not make one huge block."""
    import random

    from epreuve_tools.model import Parcours
    from epreuve_tools.project import EpreuveFacts, Project
    from epreuve_tools.sourcemap import SourceMap

    project = Project(content_root="content")
    rng = random.Random(0)
    words = [f"mot{n:05d}x" for n in range(3000)]
    common = ["vous", "devez", "choisir", "quelle", "action", "convient"]  # a stock phrase in every épreuve
    for n in range(10_000):
        text = " ".join([*common, *rng.choices(words, k=40)])
        item = (
            True,
            (30, 25, 20),
            (1,),
            None,
            text,
            sketch(text.split()),
            (("la consigne", text, 10, f" {text} "),),
            (
                (
                    "réponse juste longue",
                    " reponse juste longue ",
                    "right",
                    ("t1", "t2", "t3"),
                    None,
                    False,
                    None,
                ),
            ),
        )
        project.epreuves[f"content/epreuves/e{n}.md"] = EpreuveFacts(
            f"e{n}", "qcu", "4.1", "@t", 1, "validé", ([2, 5, 2, 6],) * 3, (), (), item=item
        )
    from epreuve_tools.model import ParcoursItem

    project.parcours = [
        Parcours(
            f"content/parcours/p{p}.yaml",
            f"p{p}",
            1,
            tuple(ParcoursItem(("epreuves", i), epreuve_id=f"e{p * 50 + i}") for i in range(50)),
            SourceMap(),
        )
        for p in range(20)
    ]
    spent = {}
    for code in BANK_LEVEL:
        start = time.perf_counter()
        list(REGISTRY[code].project_check(project))  # type: ignore[misc]
        spent[code] = time.perf_counter() - start
    assert sum(spent.values()) < 2.0, spent


def test_copies_give_one_finding_each_and_none_for_two_files_of_one_id(make_tree: object) -> None:
    """n copies of one épreuve: n ITEM-012 findings naming the closest twin and the others, not n²;
    two files with one id are SEM-001's (one épreuve written twice), not a near-duplicate."""
    from tests.conftest import _QCU

    def copy(identifier: str) -> str:
        return _QCU.format(id=identifier, tail="")

    files = {f"epreuves/copie-{i}.md": copy(f"copie-{i}") for i in range(5)}
    files["epreuves/meme-a.md"] = files["epreuves/meme-b.md"] = copy("meme-id").replace(
        "Quelle pratique protège le mieux un compte ?", "Où noter les congés de l'équipe pour tous ?"
    )
    root = make_tree(files)  # type: ignore[operator]
    diagnostics, _ = _check(root)
    near = [d for d in diagnostics if d.code == "ITEM-012"]  # type: ignore[attr-defined]
    assert sorted(d.path.rsplit("/", 1)[-1] for d in near) == [f"copie-{i}.md" for i in range(5)]  # type: ignore[attr-defined]
    assert all("et à 3 autres épreuves" in d.message for d in near)  # type: ignore[attr-defined]
