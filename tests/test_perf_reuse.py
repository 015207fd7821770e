"""What keeps `epreuve check` fast: project rules kept across an edit that changes nothing they read,
and the shared walks of the accessibility rules, which must cut and fold text exactly as the
slower forms they replace."""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from epreuve_tools.diagnostics import FILE_START, Finding, Severity
from epreuve_tools.project import Project
from epreuve_tools.registry import Rule, Scope, project_rule
from epreuve_tools.rules import REGISTRY
from epreuve_tools.rules.a11y_french import _WORD, _words
from epreuve_tools.rules.a11y_prose import _MUTE_E, _VOWELS, syllables
from epreuve_tools.rules.a11y_scan import normalise
from tests.conftest import VALID_QCU
from tests.test_cache import _user_cache, check, settled, spy  # noqa: F401  (fixtures)
from tests.test_item_rules import BANK_TREE as ITEM_TREE


class _Counting:
    """A project rule that counts its runs and reports one finding on the first épreuve."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.runs = 0

    def __call__(self, project: Project) -> Iterator[tuple[str, Finding]]:
        self.runs += 1
        first = min(project.epreuves)
        yield first, Finding(self.code, FILE_START, "trouvé", None)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, _Counting]:
    rules = {"TEST-901": ("id",), "TEST-902": ("prose",), "TEST-903": None}
    made = {}
    for code, reads in rules.items():
        run = _Counting(code)
        made[code] = run
        rule = Rule(
            code,
            f"test-{code[-3:]}",
            Severity.INFO,
            Scope.PROJECT,
            "doc",
            project_check=run,
            reads=frozenset(reads) if reads is not None else None,
        )
        monkeypatch.setitem(REGISTRY, code, rule)
    return made


def _codes(found: list[tuple[str, int, str]]) -> list[str]:
    return sorted(code for _, _, code in found if code.startswith("TEST-"))


@pytest.mark.usefixtures("settled", "spy")
def test_a_project_rule_is_kept_when_nothing_it_reads_changed(
    make_tree: object, tmp_path: Path, counting: dict[str, _Counting]
) -> None:
    root = make_tree({f"epreuves/e{i}.md": VALID_QCU.format(id=f"epreuve-{i}") for i in range(3)})  # type: ignore[operator]
    assert _codes(check(root, tmp_path)) == ["TEST-901", "TEST-902", "TEST-903"]
    assert [rule.runs for rule in counting.values()] == [1, 1, 1]

    # a longer instruction: its readability counts (prose) change, its id does not
    edited = root / "epreuves" / "e1.md"
    text = edited.read_text("utf-8")
    body = text.index("\n---\n") + 5
    edited.write_text(
        text[:body] + "\nUne phrase de plus, assez longue pour compter.\n" + text[body:], "utf-8"
    )
    assert _codes(check(root, tmp_path)) == ["TEST-901", "TEST-902", "TEST-903"]  # the kept one too
    assert [rule.runs for rule in counting.values()] == [1, 2, 2]  # TEST-901 reads only ids

    # a new id: the rule that reads ids runs again
    edited.write_text(edited.read_text("utf-8").replace("epreuve-1", "epreuve-un"), "utf-8")
    assert _codes(check(root, tmp_path)) == ["TEST-901", "TEST-902", "TEST-903"]
    assert counting["TEST-901"].runs == 2

    # nothing changed: nothing runs
    assert _codes(check(root, tmp_path)) == ["TEST-901", "TEST-902", "TEST-903"]
    assert [rule.runs for rule in counting.values()] == [2, 2, 3]


@pytest.mark.usefixtures("settled", "spy")
def test_a_new_file_runs_every_project_rule_again(
    make_tree: object, tmp_path: Path, counting: dict[str, _Counting]
) -> None:
    root = make_tree({f"epreuves/e{i}.md": VALID_QCU.format(id=f"epreuve-{i}") for i in range(2)})  # type: ignore[operator]
    check(root, tmp_path)
    (root / "epreuves" / "e9.md").write_text(VALID_QCU.format(id="epreuve-9"), "utf-8")
    check(root, tmp_path)
    assert [rule.runs for rule in counting.values()] == [2, 2, 2]


def test_reads_names_fields_of_the_facts() -> None:
    with pytest.raises(ValueError, match="unknown facts"):
        project_rule("TEST-904", "test-904", Severity.INFO, reads=("idd",))


# --- the cheaper forms of the shared walks give what the plain ones gave ----------------------

_HOSTILE = [
    "Dans le tableur ci-dessous, cliquez sur l'icône en haut à droite.",
    "l'2 _l'a aujourd'hui jusqu'au L’Icône QU'il x-t'a c'est-à-dire a--gauche ſ'a ß'x l'²",
    "Straße l'ß İstanbul l'İ dé-jà K'a ﬁ'x Ǆ'a ’ '",
    "e\u0301cole ١٢ ⅷ ½ œuvre « citation » — fin… \u00a0 \u202f _x_",
    "",
]


def _reference_words(text: str) -> list[tuple[str, str, int, int]]:
    return [
        (m.group(0), m.group(0).casefold().replace("’", "'"), m.start(), m.end())
        for m in _WORD.finditer(text)
    ]


@pytest.mark.parametrize("text", _HOSTILE)
def test_words_are_cut_as_the_word_pattern_cuts_them(text: str) -> None:
    assert [tuple(word) for word in _words(text)] == _reference_words(text)


def test_words_on_every_character_near_an_apostrophe() -> None:
    for code in range(0x20, 0x2100):
        text = f"l'{chr(code)}a {chr(code)}l'a qu’{chr(code)}"
        assert [tuple(word) for word in _words(text)] == _reference_words(text), hex(code)


def _reference_normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    kept = [c if c.isalnum() or c == "'" else " " for c in text if not unicodedata.combining(c)]
    return " ".join("".join(kept).split())


@pytest.mark.parametrize("text", _HOSTILE)
def test_normalise_folds_as_before(text: str) -> None:
    assert normalise(text) == _reference_normalise(text)
    assert normalise(text) == _reference_normalise(text)  # from its memory, the same


def test_normalise_on_every_character() -> None:
    text = "".join(chr(code) for code in range(0x20, 0x3000))
    assert normalise(text) == _reference_normalise(text)


def test_syllables_are_counted_as_before_and_remembered() -> None:
    def reference(word: str) -> int:
        groups = len(_VOWELS.findall(word))
        if groups > 1 and _MUTE_E.search(word):
            groups -= 1
        return max(1, groups)

    for word in ("table", "personnelles", "qu", "Anticonstitutionnellement", "x", "Cliquez", "œuvre"):
        assert syllables(word) == reference(word)
        assert syllables(word) == reference(word)  # from its memory


def _cold_check(root: Path, project: Path) -> list[tuple[str, int, str]]:
    from epreuve_tools.checker import CheckOptions, run_check
    from epreuve_tools.config import Config
    from tests.test_cache import ALL

    options = CheckOptions(paths=(root,), config=Config(root=project), selection=ALL, jobs=1, use_cache=False)
    report, _ = run_check(options)
    return [(d.path, d.span.start.line, d.code) for d in report.diagnostics]


@pytest.mark.usefixtures("settled", "spy")
def test_answer_leaks_judge_again_only_the_pairs_of_an_edited_epreuve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ITEM-014 keeps each pair's result by what both épreuves hold: after an edit, only the pairs
    of the edited épreuve are judged, and the findings are those of a run without a cache."""
    from epreuve_tools.rules import item_leaks

    root = tmp_path / "tree"
    shutil.copytree(ITEM_TREE, root)
    judged: list[tuple[str | None, str | None]] = []
    real_leak = item_leaks._leak

    def counted(giver: Any, owner: Any, *rest: Any) -> Any:
        judged.append((giver.facts.id, owner.facts.id))
        return real_leak(giver, owner, *rest)

    monkeypatch.setattr(item_leaks, "_leak", counted)
    first = check(root, tmp_path)
    assert ("item-leak-giver", "item-leak-moyenne") in judged
    assert any(code == "ITEM-014" for _, _, code in first)

    # the function in lower case is the common word (a finding no more): only its pairs are judged
    giver = root / "epreuves" / "ecart.md"
    giver.write_text(giver.read_text("utf-8").replace("la fonction MOYENNE", "la fonction moyenne"), "utf-8")
    judged.clear()
    edited = check(root, tmp_path)
    assert judged, "the edited épreuve's pairs are judged"
    assert all("item-leak-giver" in pair for pair in judged)
    assert edited == _cold_check(root, tmp_path)
    assert not any(path.endswith("ecart.md") and code == "ITEM-014" for path, _, code in edited)

    # nothing changed: the project rules' findings are kept, nothing is judged
    judged.clear()
    assert check(root, tmp_path) == edited
    assert judged == []


@pytest.mark.usefixtures("settled", "spy")
def test_answer_leaks_of_an_unchanged_parcours_are_kept_whole_and_its_pairs_stay_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ITEM-014 keeps each parcours' leaks by its members: an edit elsewhere reads none of its
    épreuves again, and the pairs under that parcours stay in the memo, so that a later edit of one
    of its members judges only that member's pairs."""
    from epreuve_tools.rules import item_leaks

    root = tmp_path / "tree"
    shutil.copytree(ITEM_TREE, root)
    judged: list[tuple[str | None, str | None]] = []
    read: list[set[str | None]] = []
    real_leak, real_parcours = item_leaks._leak, item_leaks._parcours_leaks

    def counted(giver: Any, owner: Any, *rest: Any) -> Any:
        judged.append((giver.facts.id, owner.facts.id))
        return real_leak(giver, owner, *rest)

    def parcours_read(bank: Any, members: list[int], *rest: Any, **named: Any) -> Any:
        read.append({bank.epreuves[member].facts.id for member in members})
        return real_parcours(bank, members, *rest, **named)

    monkeypatch.setattr(item_leaks, "_leak", counted)
    monkeypatch.setattr(item_leaks, "_parcours_leaks", parcours_read)
    check(root, tmp_path)
    assert any("item-leak-terme-qroc" in pair for pair in judged)

    # an épreuve of other parcours: the parcours of the leaks are not read again
    edit = root / "epreuves" / "verrou.md"
    edit.write_text(edit.read_text("utf-8").replace("pour la pause ?", "pour la pause de midi ?"), "utf-8")
    judged.clear()
    read.clear()
    check(root, tmp_path)
    assert read, "the edited épreuve's parcours are read again"
    assert all("item-bank-verrou" in members for members in read)
    assert all("item-bank-verrou" in pair for pair in judged)

    # a member of a parcours found whole last time: only its own pairs are judged
    edit = root / "epreuves" / "terme_qroc.md"
    edit.write_text(edit.read_text("utf-8").replace("d'occasion.", "d'occasion, avec une facture."), "utf-8")
    judged.clear()
    edited = check(root, tmp_path)
    assert judged, "the edited épreuve's pairs are judged"
    assert all("item-leak-terme-qroc" in pair for pair in judged)
    assert edited == _cold_check(root, tmp_path)


@pytest.mark.usefixtures("settled", "spy")
def test_near_duplicates_are_sought_again_only_where_a_member_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ITEM-012 and ITEM-013 keep the near-duplicate pairs of the bank and of each parcours by their
    members: an edit reads again only the bank and the parcours that hold the edited épreuve, and
    an edit of a parcours' description (every project rule runs again) reads none."""
    from epreuve_tools.rules import item_duplicates

    root = tmp_path / "tree"
    shutil.copytree(ITEM_TREE, root)
    sought: list[set[str | None]] = []
    real = item_duplicates.near_duplicate_pairs

    def counted(epreuves: Any) -> Any:
        sought.append({epreuve.facts.id for epreuve in epreuves})
        return real(epreuves)

    monkeypatch.setattr(item_duplicates, "near_duplicate_pairs", counted)
    first = check(root, tmp_path)
    assert any(code == "ITEM-013" for _, _, code in first)
    assert len(sought) > 2  # the bank, then each parcours

    edit = root / "epreuves" / "verrou.md"
    edit.write_text(edit.read_text("utf-8").replace("pour la pause ?", "pour la pause de midi ?"), "utf-8")
    sought.clear()
    check(root, tmp_path)
    assert sought, "the bank and the edited épreuve's parcours are read again"
    assert all("item-bank-verrou" in ids for ids in sought)

    edit = root / "parcours" / "doublons_et_fuites.yaml"
    edit.write_text(edit.read_text("utf-8").replace("Un parcours qui montre", "Ce parcours montre"), "utf-8")
    sought.clear()
    edited = check(root, tmp_path)
    assert sought == []
    assert edited == _cold_check(root, tmp_path)


def test_a_memo_keeps_what_this_run_used_and_the_tables_of_rules_that_did_not_run() -> None:
    from epreuve_tools.memo import MISSING, Memo, digest

    memo = Memo({"A": {b"used": 1, b"stale": 2}, "B": {b"kept": 3}, "C": "not a table"})
    table = memo.table("A")
    assert table.get(b"used") == 1
    assert table.get(b"new") is MISSING
    table.put(b"new", None)
    assert memo.tables() == {"A": {b"used": 1, b"new": None}, "B": {b"kept": 3}}
    assert Memo(["not", "a", "memo"]).tables() == {}
    # equal values give equal digests, whatever objects they share
    shared = ["mot"]
    assert digest((shared, shared)) == digest((["mot"], ["mot"])) != digest((["mot"], ["mots"]))
