"""The cache: never stale, never trusted unless this user's tool wrote it, and what it spares."""

from __future__ import annotations

import hashlib
import hmac
import io
import marshal
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from epreuve_tools import cache as cache_module
from epreuve_tools.cache import CACHE_DIR
from epreuve_tools.checker import CheckOptions, run_check
from epreuve_tools.config import Config
from epreuve_tools.selection import Selection
from tests.conftest import FIXTURES, VALID_QCU

Tree = Callable[..., Path]
ALL = Selection(("ALL",), (), {}, {})
BAD = VALID_QCU.format(id="bad").replace("answer: 1", "answer: 9")  # SEM-005 at line 8


@pytest.fixture(autouse=True)
def _user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled at once (the racy window is for the next test)."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)


class Spy:
    """What a check read from disk, analysed, and whether it ran the project rules (told through
    the checker's observer hook)."""

    def __init__(self) -> None:
        self.read: list[str] = []
        self.analysed = 0
        self.project_runs = 0
        self.after_read: Callable[[str], None] | None = None

    def file_read(self, path: str) -> None:
        self.read.append(os.path.basename(path))
        if self.after_read is not None:
            self.after_read(path)

    def file_analysed(self, path: str) -> None:
        self.analysed += 1

    def project_rules_ran(self, content_root: str) -> None:
        self.project_runs += 1

    def clear(self) -> None:
        self.read.clear()
        self.analysed = self.project_runs = 0


SPY = Spy()


@pytest.fixture
def spy() -> Iterator[Spy]:
    SPY.clear()
    SPY.after_read = None
    yield SPY
    SPY.after_read = None


def check(root: Path, project: Path, select: Selection = ALL) -> list[tuple[str, int, str]]:
    options = CheckOptions(paths=(root,), config=Config(root=project), selection=select, jobs=1, observer=SPY)
    report, _ = run_check(options)
    return [(d.path, d.span.start.line, d.code) for d in report.diagnostics]


def snapshots(project: Path) -> list[Path]:
    return sorted((project / CACHE_DIR).glob("*/tree-*.bin"))


def _epreuves(count: int) -> dict[str, str]:
    return {f"epreuves/e{i}.md": VALID_QCU.format(id=f"epreuve-{i}") for i in range(count)}


@pytest.mark.usefixtures("settled")
def test_an_unchanged_tree_is_neither_read_nor_analysed(make_tree: Tree, tmp_path: Path, spy: Spy) -> None:
    root = make_tree({**_epreuves(3), "epreuves/bad.md": BAD})
    first = check(root, tmp_path)
    assert first == [("content/epreuves/bad.md", 8, "SEM-005")]
    assert spy.analysed == 4
    assert spy.project_runs == 1
    spy.clear()
    assert check(root, tmp_path) == first
    assert [name for name in spy.read if name.endswith(".md")] == []
    assert spy.analysed == 0
    assert spy.project_runs == 0
    assert len(snapshots(tmp_path)) == 1


@pytest.mark.usefixtures("settled")
def test_an_edit_of_the_body_is_analysed_and_project_rules_are_skipped(
    make_tree: Tree, tmp_path: Path, spy: Spy
) -> None:
    root = make_tree(_epreuves(3))
    assert check(root, tmp_path) == []
    spy.clear()
    edited = root / "epreuves" / "e1.md"
    # trailing spaces: the file is analysed again, but nothing the project rules read changed (their
    # facts keep texts, folded words and line numbers: a line added above a proposal would move it)
    edited.write_text(
        edited.read_text("utf-8").replace("mot de passe partout\n", "mot de passe partout   \n"), "utf-8"
    )
    assert check(root, tmp_path) == []
    assert spy.analysed == 1
    assert spy.project_runs == 0  # the facts project rules read did not change


@pytest.mark.usefixtures("settled")
def test_an_edit_of_the_key_runs_the_project_rules_once(make_tree: Tree, tmp_path: Path, spy: Spy) -> None:
    """The key is a fact of the bank-level rules (ITEM: the longest proposal, answers given away by
    another épreuve): changing it re-runs them, once."""
    root = make_tree(_epreuves(3))
    assert check(root, tmp_path) == []
    spy.clear()
    edited = root / "epreuves" / "e1.md"
    edited.write_text(edited.read_text("utf-8").replace("answer: 1", "answer: 9"), "utf-8")
    assert check(root, tmp_path) == [("content/epreuves/e1.md", 8, "SEM-005")]
    assert spy.analysed == 1
    assert spy.project_runs == 1


@pytest.mark.usefixtures("settled")
def test_an_edit_that_duplicates_an_id_is_found_on_the_recheck(
    make_tree: Tree, tmp_path: Path, spy: Spy
) -> None:
    root = make_tree(_epreuves(3))
    assert check(root, tmp_path) == []
    spy.clear()
    (root / "epreuves" / "e2.md").write_text(VALID_QCU.format(id="epreuve-0"), "utf-8")
    assert check(root, tmp_path) == [
        ("content/epreuves/e0.md", 2, "SEM-001"),
        ("content/epreuves/e2.md", 2, "SEM-001"),
    ]
    assert spy.project_runs == 1
    spy.clear()
    assert check(root, tmp_path) == [
        ("content/epreuves/e0.md", 2, "SEM-001"),
        ("content/epreuves/e2.md", 2, "SEM-001"),
    ]  # found again from the cache, without running the rules
    assert spy.project_runs == 0


def _readable_png() -> bytes:
    """A real image (a bare PNG signature is a broken image: A11Y-IMG-013), wide enough to be read."""
    from PIL import Image

    stream = io.BytesIO()
    Image.new("RGB", (240, 40), "white").save(stream, "PNG")
    return stream.getvalue()


@pytest.mark.usefixtures("settled")
def test_a_deleted_illustration_is_found_though_no_epreuve_changed(make_tree: Tree, tmp_path: Path) -> None:
    with_image = VALID_QCU.format(id="illustree").replace(
        "answer: 1", "answer: 1\nillustration:\n  src: ../images/x.png\n  alt: Un cadenas fermé"
    )
    root = make_tree({"epreuves/e.md": with_image, "images/x.png": _readable_png()})
    assert [code for *_, code in check(root, tmp_path)] == []
    (root / "images" / "x.png").unlink()
    assert [code for *_, code in check(root, tmp_path)] == ["SEM-014"]


@pytest.mark.usefixtures("settled")
def test_a_parcours_edit_is_checked_against_the_cached_epreuves(make_tree: Tree, tmp_path: Path) -> None:
    parcours = (
        "id: parcours-un\ntitle: Un parcours\ndescription: Pour tester.\nversion: 1\nlocale: fr-fr\n"
        "audience: Agents\nepreuves:\n  - epreuve-0\n"
    )
    root = make_tree({**_epreuves(1), "parcours/p1.yaml": parcours})
    assert check(root, tmp_path) == []
    (root / "parcours" / "p1.yaml").write_text(parcours.replace("epreuve-0", "epreuve-9"), "utf-8")
    assert [code for *_, code in check(root, tmp_path)] == ["SEM-016"]


@pytest.mark.usefixtures("settled")
def test_a_moved_or_reverted_file_is_hashed_not_analysed(make_tree: Tree, tmp_path: Path, spy: Spy) -> None:
    root = make_tree(_epreuves(2))
    check(root, tmp_path)
    spy.clear()
    (root / "epreuves" / "e1.md").rename(root / "epreuves" / "renamed.md")
    assert check(root, tmp_path) == []
    assert spy.read.count("renamed.md") == 1
    assert spy.analysed == 0


def test_a_file_edited_during_the_racy_window_is_hashed_again(
    make_tree: Tree, tmp_path: Path, spy: Spy
) -> None:
    root = make_tree(_epreuves(1))  # written just now: within the racy window
    check(root, tmp_path)
    spy.clear()
    check(root, tmp_path)
    assert spy.read.count("e0.md") == 1  # its stat was not trusted
    assert spy.analysed == 0  # but its bytes were known


@pytest.mark.usefixtures("settled")
def test_an_edit_keeping_size_and_mtime_still_shows(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree(_epreuves(1))
    path = root / "epreuves" / "e0.md"
    assert check(root, tmp_path) == []
    before = path.stat()
    path.write_text(path.read_text("utf-8").replace("answer: 1", "answer: 7"), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the change time still moves
    assert path.stat().st_size == before.st_size
    assert check(root, tmp_path) == [("content/epreuves/e0.md", 8, "SEM-005")]


def _resign(snapshot: Path, key: bytes, payload: object) -> None:
    data = marshal.dumps(payload)
    snapshot.write_bytes(cache_module._MAGIC + hmac.digest(key, data, hashlib.sha256) + data)


def _clean_payload(snapshot: Path) -> tuple[object, ...]:
    """The snapshot's own payload, edited to say that every file is clean."""
    blob = snapshot.read_bytes()
    joined, signatures, keys, facts, _notes, yaml, _project, _unsettled, *rest = marshal.loads(
        blob[len(cache_module._MAGIC) + 32 :]
    )
    return (joined, signatures, keys, facts, tuple(None for _ in keys), yaml, None, (), *rest)


@pytest.mark.usefixtures("settled")
def test_a_snapshot_signed_with_another_key_is_ignored(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree({"epreuves/bad.md": BAD})
    assert check(root, tmp_path) == [("content/epreuves/bad.md", 8, "SEM-005")]
    (snapshot,) = snapshots(tmp_path)
    _resign(snapshot, b"k" * 32, _clean_payload(snapshot))  # "this file is clean", from someone else
    assert check(root, tmp_path) == [("content/epreuves/bad.md", 8, "SEM-005")]


@pytest.mark.usefixtures("settled")
def test_a_tampered_snapshot_is_ignored_and_its_bytes_never_unmarshalled(
    make_tree: Tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_tree({"epreuves/bad.md": BAD})
    check(root, tmp_path)
    (snapshot,) = snapshots(tmp_path)
    blob = snapshot.read_bytes()
    header = len(cache_module._MAGIC) + 32
    snapshot.write_bytes(blob[:header] + marshal.dumps(_clean_payload(snapshot)))  # old signature

    class Refusing:
        dumps = staticmethod(marshal.dumps)

        @staticmethod
        def loads(data: bytes) -> object:
            raise AssertionError("unmarshalled bytes whose signature did not verify")

    monkeypatch.setattr(cache_module, "marshal", Refusing)
    assert check(root, tmp_path) == [("content/epreuves/bad.md", 8, "SEM-005")]


@pytest.mark.usefixtures("settled")
@pytest.mark.parametrize("garbage", [b"", b"epreuve-cache-1\n", b"\x00" * 100, b"not a cache at all"])
def test_a_damaged_snapshot_is_ignored(make_tree: Tree, tmp_path: Path, garbage: bytes) -> None:
    root = make_tree({"epreuves/bad.md": BAD})
    check(root, tmp_path)
    (snapshot,) = snapshots(tmp_path)
    snapshot.write_bytes(garbage)
    assert check(root, tmp_path) == [("content/epreuves/bad.md", 8, "SEM-005")]


@pytest.mark.usefixtures("settled")
def test_a_snapshot_of_the_right_key_but_another_shape_is_ignored(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree({"epreuves/bad.md": BAD})
    check(root, tmp_path)
    (snapshot,) = snapshots(tmp_path)
    key = (tmp_path / "user-cache" / "epreuve-tools" / "cache-key").read_bytes()
    _resign(snapshot, key, ("a\nb", b"\x01" * 8, (), (), (), {}, None, ()))
    assert check(root, tmp_path) == [("content/epreuves/bad.md", 8, "SEM-005")]


@pytest.mark.usefixtures("settled")
def test_files_gone_from_the_tree_leave_the_snapshot(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree(_epreuves(20))
    check(root, tmp_path)
    (snapshot,) = snapshots(tmp_path)
    full = snapshot.stat().st_size
    for path in list((root / "epreuves").iterdir())[:15]:
        path.unlink()
    check(root, tmp_path)
    assert snapshot.stat().st_size < full / 2


@pytest.mark.usefixtures("settled")
def test_opt_in_rules_have_their_own_snapshot(make_tree: Tree, tmp_path: Path) -> None:
    strict = (FIXTURES / "tree" / "epreuves" / "ok_qroc.md").read_text("utf-8")  # refuses some slips
    root = make_tree({"epreuves/qroc.md": strict}, referentiel=None)
    plain = check(root, tmp_path)
    probed = check(root, tmp_path, Selection(("ALL", "KEY-020"), (), {}, {}))
    assert "KEY-020" not in [code for *_, code in plain]
    assert "KEY-020" in [code for *_, code in probed]
    assert len(snapshots(tmp_path)) == 2
    assert check(root, tmp_path) == plain


def test_a_racy_file_is_trusted_once_settled(
    make_tree: Tree, tmp_path: Path, spy: Spy, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_tree(_epreuves(2))
    check(root, tmp_path)  # both files are racy: recorded without their stat
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # time has passed
    spy.clear()
    check(root, tmp_path)
    assert sorted(name for name in spy.read if name.endswith(".md")) == ["e0.md", "e1.md"]
    spy.clear()
    check(root, tmp_path)
    assert [name for name in spy.read if name.endswith(".md")] == []


def test_an_inode_number_past_63_bits_still_fits_the_snapshot() -> None:
    # st_mode, st_ino, st_dev, st_nlink, st_uid, st_gid, st_size, 3 times in s, then in ns (10 to 12)
    seconds, nanoseconds = 1_700_000_000, 1_700_000_000_000_000_000
    times = (seconds,) * 6 + (nanoseconds,) * 3
    stat = os.stat_result((0o100644, 2**64 - 1, 0, 1, 0, 0, 1234, *times))
    signature = cache_module.stat_signature(stat)
    assert signature[1] == 2**63 - 1
    column = cache_module.StatColumn()
    column.append(signature)  # packed as signed 64-bit numbers
    assert column.signature(0)[:2] == (1234, 2**63 - 1)


@given(
    st.lists(st.integers(-(2**63), 2**63 - 1), min_size=0, max_size=4 * 300).map(
        lambda numbers: numbers[: len(numbers) // 4 * 4]
    ),
    st.data(),
)
def test_changed_rows_finds_exactly_the_rows_that_differ(numbers: list[int], data: st.DataObject) -> None:
    count = len(numbers) // 4
    changed = data.draw(st.sets(st.integers(0, max(count - 1, 0)), max_size=count)) if count else set()
    other = list(numbers)
    for row in changed:
        other[4 * row + data.draw(st.integers(0, 3))] ^= 1
    found = cache_module._changed_rows(
        cache_module._signatures(numbers), cache_module._signatures(other), count
    )
    assert found == sorted(changed)


def test_a_parcours_is_still_a_parcours_when_the_referentiel_cannot_be_read(
    make_tree: Tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parcours = (
        "id: parcours-un\ntitle: Un parcours\ndescription: Pour tester.\nversion: 1\nlocale: fr-fr\n"
        "audience: Agents\nepreuves:\n  - inconnue\n"
    )
    root = make_tree({**_epreuves(1), "parcours/p1.yaml": parcours})
    (root / "referentiel.yaml").unlink()
    os.mkfifo(root / "referentiel.yaml")  # there, but not a file that can be read
    codes = sorted(code for *_, code in check(root, tmp_path))
    assert codes == ["PARSE-011", "SEM-016"]


@pytest.mark.usefixtures("settled")
def test_an_edit_made_while_the_file_is_read_shows_on_the_next_check(
    make_tree: Tree, tmp_path: Path, spy: Spy
) -> None:
    root = make_tree(_epreuves(1))
    path = root / "epreuves" / "e0.md"
    check(root, tmp_path)
    path.write_text(path.read_text("utf-8").replace("Quelle", "Laquelle"), "utf-8")  # a first edit

    def edited_meanwhile(shown: str) -> None:
        if shown == "content/epreuves/e0.md":  # the author saves again just after the tool read the file
            path.write_text(path.read_text("utf-8").replace("answer: 1", "answer: 9"), "utf-8")

    spy.after_read = edited_meanwhile
    assert check(root, tmp_path) == []  # what was read was valid
    spy.after_read = None
    # edited after the run started, the file is racy: its stat is not trusted, the edit shows
    assert check(root, tmp_path) == [("content/epreuves/e0.md", 8, "SEM-005")]


def test_a_recheck_of_an_unchanged_tree_loads_no_parser_nor_model(make_tree: Tree, tmp_path: Path) -> None:
    """What keeps a re-check fast: nothing is parsed, so nothing that parses is even imported."""
    import subprocess
    import sys

    parcours = (
        "id: parcours-un\ntitle: Un parcours\ndescription: Pour tester.\nversion: 1\nlocale: fr-fr\n"
        "audience: Agents\nepreuves:\n  - epreuve-0\n"
    )
    make_tree({**_epreuves(3), "parcours/p1.yaml": parcours})
    script = (
        "import sys\n"
        "import epreuve_tools.cache\n"
        "from epreuve_tools.cli import main\n"
        "epreuve_tools.cache.RACY_NS = 0  # the files just written count as settled\n"
        "main(['check', '--jobs', '1', 'content'])\n"
        "loaded = [name for name in sys.modules if name.startswith(('epreuve_tools.', 'yaml', 'markdown_it'))]\n"
        "print(' '.join(sorted(loaded)))\n"
    )
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    command = [sys.executable, "-c", script]
    first = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, env=environment, check=False
    )
    assert first.returncode == 0, first.stderr
    assert "epreuve_tools.analysis" in first.stdout.split()  # the first check parsed everything
    again = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, env=environment, check=False
    )
    assert again.returncode == 0, again.stderr
    loaded = set(again.stdout.split())
    for heavy in (
        "epreuve_tools.analysis",
        "epreuve_tools.model",
        "epreuve_tools.parsing.yaml12",
        "yaml",
        "markdown_it",
    ):
        assert heavy not in loaded, heavy


@pytest.mark.usefixtures("settled")
def test_a_file_that_could_not_be_read_is_left_out_of_the_snapshot_then_read_again(
    make_tree: Tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spy: Spy
) -> None:
    root = make_tree({**_epreuves(3), "epreuves/bad.md": BAD})
    check(root, tmp_path)
    e1 = root / "epreuves" / "e1.md"
    e1.unlink()
    os.mkfifo(e1)  # changed into something that cannot be read
    assert [code for *_, code in check(root, tmp_path)] == ["SEM-005", "PARSE-011"]
    e1.unlink()
    e1.write_text(VALID_QCU.format(id="epreuve-1") + "\n", "utf-8")
    spy.clear()
    assert check(root, tmp_path) == [("content/epreuves/bad.md", 8, "SEM-005")]
    assert [name for name in spy.read if name.endswith(".md")] == ["e1.md"]  # only the one left out
