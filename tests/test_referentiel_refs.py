"""What the référentiel rules tell an author who names a competence or a tube it does not have."""

from __future__ import annotations

from epreuve_tools.checker import CheckOptions, run_check
from epreuve_tools.config import Config
from epreuve_tools.selection import Selection
from tests.conftest import FIXTURES, ROOT

TREE = FIXTURES / "tree"


def _hint_of(name: str, code: str) -> str:
    options = CheckOptions(
        paths=(TREE / "epreuves" / name,),
        config=Config(root=ROOT),
        selection=Selection((code,), (), {}, {}),
        use_cache=False,
        jobs=1,
    )
    report, _ = run_check(options)
    [diagnostic] = [d for d in report.diagnostics if d.path.endswith(name)]
    return diagnostic.hint or ""


def test_an_unknown_competence_lists_the_competences_of_its_domain() -> None:
    hint = _hint_of("sem_unknown_competence_in_domain.md", "SEM-002")
    assert hint == (
        "compétences du domaine 4 : 4.1 Sécuriser l'environnement numérique; "
        "4.2 Protéger les données personnelles et la vie privée"
    )


def test_an_unknown_domain_lists_the_domains() -> None:
    hint = _hint_of("sem_unknown_competence.md", "SEM-002")
    assert "le domaine 3 n'existe pas" in hint
    assert "1 Information et données; 4 Protection et sécurité" in hint


def test_typographic_quotes_get_one_message_that_asks_for_straight_ones() -> None:
    options = CheckOptions(
        paths=(TREE / "epreuves" / "schema_typographic_quotes.md",),
        config=Config(root=ROOT),
        # the bank-level ITEM rules compare it with the rest of the fixture tree: another matter
        selection=Selection(("ALL",), ("ITEM",), {}, {}),
        use_cache=False,
        jobs=1,
    )
    report, _ = run_check(options)
    found = [(d.span.start.line, d.code, d.hint) for d in report.diagnostics if d.path.endswith("quotes.md")]
    assert [(line, code) for line, code, _ in found] == [(4, "SCHEMA-004"), (5, "SCHEMA-004")]
    assert (found[0][2] or "").startswith('utilisez des guillemets droits : "4.1"')
    assert (found[1][2] or "").startswith('utilisez des guillemets droits : "@motDePasse"')
