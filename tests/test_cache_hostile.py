"""A hostile repository must not hurt the reviewer who checks it out (issue #9, section 3).

The repository decides what `.epreuve_cache/` is: a link to any folder, a file, a folder full of
links. Whatever it is, `epreuve check` gives the right answer, writes nothing outside the cache
folder it owns, and deletes nothing it did not write.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import multiprocessing
import os
import stat
from pathlib import Path

import pytest

from epreuve_tools import cache as cache_module
from epreuve_tools.cache import CACHE_DIR, AnalysisCache
from epreuve_tools.checker import CheckOptions, run_check
from epreuve_tools.config import Config
from epreuve_tools.selection import Selection
from tests.conftest import MINIMAL_REFERENTIEL, VALID_QCU

ALL = Selection(("ALL",), (), {}, {})
BAD = VALID_QCU.format(id="bad").replace("answer: 1", "answer: 9")  # SEM-005 at line 8
FOUND = [("content/epreuves/bad.md", 8, "SEM-005")]
GITIGNORE = "# créé par epreuve : ce dossier est un cache, à ne pas versionner\n*\n"


@pytest.fixture(autouse=True)
def _user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # files just written count as settled


@pytest.fixture
def reviewer(tmp_path: Path) -> Path:
    """The reviewer's folder: their own files, and the checkout of someone else's branch."""
    home = tmp_path / "reviewer"
    (home / "photos").mkdir(parents=True)
    (home / "photos" / "vacances.jpg").write_bytes(b"\xff\xd8 irreplaceable")
    (home / "these.odt").write_text("trois ans de travail", "utf-8")
    checkout = home / "checkout"
    content = checkout / "content"
    (content / "epreuves").mkdir(parents=True)
    (content / "referentiel.yaml").write_text(MINIMAL_REFERENTIEL, "utf-8")
    (content / "epreuves" / "bad.md").write_text(BAD, "utf-8")
    (content / "epreuves" / "ok.md").write_text(VALID_QCU.format(id="epreuve-ok"), "utf-8")
    return home


class _Reads:
    """The checker's observer: which épreuves a run read from disk."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def file_read(self, path: str) -> None:
        if path.endswith(".md"):
            self.read.append(os.path.basename(path))

    def file_analysed(self, path: str) -> None:
        pass

    def project_rules_ran(self, content_root: str) -> None:
        pass

    def taken(self) -> list[str]:
        read, self.read = self.read, []
        return read


def check(project: Path, observer: _Reads | None = None) -> list[tuple[str, int, str]]:
    options = CheckOptions(
        paths=(project / "content",), config=Config(root=project), selection=ALL, jobs=1, observer=observer
    )
    report, _ = run_check(options)
    return [(d.path, d.span.start.line, d.code) for d in report.diagnostics]


def everything(folder: Path) -> dict[str, bytes | str]:
    """Every path under `folder` (links not followed) with its bytes, or its link's target."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        relative = str(path.relative_to(folder))
        if path.is_symlink():
            found[relative] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[relative] = path.read_bytes()
        else:
            found[relative] = "folder"
    return found


def user_key(tmp_path: Path) -> Path:
    return tmp_path / "user-cache" / "epreuve-tools" / "cache-key"


def version_folder(project: Path) -> Path:
    return project / CACHE_DIR / cache_module.tool_fingerprint()


# 1. The cache never follows a link, never deletes nor writes what it did not create.


def test_a_cache_folder_linked_to_the_parent_deletes_nothing(reviewer: Path) -> None:
    checkout = reviewer / "checkout"
    (checkout / CACHE_DIR).symlink_to("..")
    before = everything(reviewer)
    assert check(checkout) == FOUND
    assert check(checkout) == FOUND
    assert everything(reviewer) == before  # nothing deleted, nothing written, through the link


@pytest.mark.parametrize("kind", ["link to a folder", "link to nowhere", "file"])
def test_a_cache_that_is_not_a_real_folder_is_not_used(reviewer: Path, tmp_path: Path, kind: str) -> None:
    checkout = reviewer / "checkout"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if kind == "link to a folder":
        (checkout / CACHE_DIR).symlink_to(elsewhere)
    elif kind == "link to nowhere":
        (checkout / CACHE_DIR).symlink_to(tmp_path / "nowhere")
    else:
        (checkout / CACHE_DIR).write_text("pas un dossier", "utf-8")
    before = everything(tmp_path)
    assert check(checkout) == FOUND
    assert everything(tmp_path) == before
    notice = AnalysisCache(checkout, 0).notice
    assert notice is not None
    assert CACHE_DIR in notice
    assert "\n" not in notice


def test_a_cache_folder_of_another_user_is_not_used(reviewer: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checkout = reviewer / "checkout"
    (checkout / CACHE_DIR).mkdir()
    uid = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: uid + 1)  # the folder is now someone else's
    assert check(checkout) == FOUND
    assert list((checkout / CACHE_DIR).iterdir()) == []
    assert AnalysisCache(checkout, 0).notice is not None


def test_a_real_cache_folder_gives_no_notice(reviewer: Path) -> None:
    checkout = reviewer / "checkout"
    assert AnalysisCache(checkout, 0).notice is None
    check(checkout)
    assert AnalysisCache(checkout, 0).notice is None


def test_a_version_folder_linked_elsewhere_is_not_followed(reviewer: Path, tmp_path: Path) -> None:
    checkout = reviewer / "checkout"
    (checkout / CACHE_DIR).mkdir()
    version_folder(checkout).symlink_to(reviewer)
    before = everything(reviewer)
    assert check(checkout) == FOUND
    assert everything(reviewer) == before


def test_a_snapshot_that_is_a_link_is_replaced_not_written_through(reviewer: Path, tmp_path: Path) -> None:
    checkout = reviewer / "checkout"
    check(checkout)
    (snapshot,) = version_folder(checkout).glob("tree-*.bin")
    snapshot.unlink()
    snapshot.symlink_to(reviewer / "these.odt")
    (checkout / "content" / "epreuves" / "ok.md").write_text(VALID_QCU.format(id="epreuve-ok-2"), "utf-8")
    assert check(checkout) == FOUND  # the snapshot changes: it is written again
    assert (reviewer / "these.odt").read_text("utf-8") == "trois ans de travail"
    assert not snapshot.is_symlink()
    assert check(checkout) == FOUND


def test_cleaning_up_removes_only_what_the_cache_writes(reviewer: Path) -> None:
    checkout = reviewer / "checkout"
    cache = checkout / CACHE_DIR
    older = cache / "0123456789abcdef"  # the folder of another version of the tool
    older.mkdir(parents=True)
    (older / f"tree-{'a' * 24}.bin").write_bytes(b"old snapshot")
    (older / "analyses-03.json").write_bytes(b"older still")
    (older / "notes.txt").write_text("pas au cache", "utf-8")
    (older / f"tree-{'b' * 24}.bin").symlink_to(reviewer / "these.odt")
    emptied = cache / "fedcba9876543210"
    emptied.mkdir()
    (emptied / f"tree-{'c' * 24}.bin").write_bytes(b"old snapshot")
    (cache / "mine").mkdir()
    (cache / "mine" / "x").write_text("à moi", "utf-8")
    (cache / "README").write_text("à moi aussi", "utf-8")
    (cache / "0000000000000000").symlink_to(reviewer / "photos")
    (cache / f"analyses-{'d' * 16}.json").write_bytes(b"written by an old version")

    check(checkout)

    left = everything(cache)
    assert "fedcba9876543210" not in left  # an older version's folder, emptied
    assert f"analyses-{'d' * 16}.json" not in left
    assert f"0123456789abcdef/tree-{'a' * 24}.bin" not in left
    assert "0123456789abcdef/analyses-03.json" not in left
    assert f"0123456789abcdef/tree-{'b' * 24}.bin" not in left  # a link: unlinked, not followed
    assert left["0123456789abcdef/notes.txt"] == b"pas au cache"
    assert left["mine/x"] == "à moi".encode()
    assert left["README"] == "à moi aussi".encode()
    assert left["0000000000000000"] == f"-> {reviewer / 'photos'}"
    assert (reviewer / "these.odt").read_text("utf-8") == "trois ans de travail"
    assert (reviewer / "photos" / "vacances.jpg").exists()


# 2. The `.gitignore` is created, never written through a link, and left alone when it exists.


def test_the_gitignore_is_written_once_and_left_alone(reviewer: Path) -> None:
    checkout = reviewer / "checkout"
    check(checkout)
    ignore = checkout / CACHE_DIR / ".gitignore"
    assert ignore.read_text("utf-8") == GITIGNORE
    ignore.write_text("*\n# mon commentaire\n", "utf-8")
    (checkout / "content" / "epreuves" / "ok.md").write_text(VALID_QCU.format(id="epreuve-ok-2"), "utf-8")
    check(checkout)
    assert ignore.read_text("utf-8") == "*\n# mon commentaire\n"


@pytest.mark.parametrize("existing", [True, False])
def test_a_gitignore_that_is_a_link_is_not_followed(reviewer: Path, tmp_path: Path, existing: bool) -> None:
    checkout = reviewer / "checkout"
    (checkout / CACHE_DIR).mkdir()
    target = tmp_path / "outside" / "planted"
    target.parent.mkdir()
    if existing:
        target.write_text("intact", "utf-8")
    (checkout / CACHE_DIR / ".gitignore").symlink_to(target)
    assert check(checkout) == FOUND
    assert target.read_text("utf-8") == "intact" if existing else not target.exists()
    assert (checkout / CACHE_DIR / ".gitignore").is_symlink()
    assert list(version_folder(checkout).glob("tree-*.bin"))  # the cache itself still works


# 3. The user's key: whole, private, never through a link; racing first runs agree on one.


def _forge_clean(snapshot: Path, key: bytes) -> None:
    """Rewrite the snapshot, signed with `key`, to say that every file is clean."""
    blob = snapshot.read_bytes()
    header = len(cache_module._MAGIC) + 32
    joined, signatures, keys, facts, _notes, yaml, _project, _unsettled, *rest = marshal.loads(blob[header:])
    payload = marshal.dumps(
        (joined, signatures, keys, facts, tuple(None for _ in keys), yaml, None, (), *rest)
    )
    snapshot.write_bytes(cache_module._MAGIC + hmac.digest(key, payload, hashlib.sha256) + payload)


@pytest.mark.parametrize("length", [0, 1, 16, 31])
def test_a_short_key_is_never_used(reviewer: Path, tmp_path: Path, length: int) -> None:
    """An interrupted first run leaves an empty key: a snapshot forged with it must not be trusted."""
    checkout = reviewer / "checkout"
    assert check(checkout) == FOUND
    key_file = user_key(tmp_path)
    short = key_file.read_bytes()[:length]
    key_file.write_bytes(short)
    (snapshot,) = version_folder(checkout).glob("tree-*.bin")
    _forge_clean(snapshot, short)
    assert check(checkout) == FOUND
    assert len(key_file.read_bytes()) == 32  # made again, whole
    assert check(checkout) == FOUND


def test_a_key_that_is_a_link_is_not_followed(reviewer: Path, tmp_path: Path) -> None:
    checkout = reviewer / "checkout"
    assert check(checkout) == FOUND
    known = tmp_path / "known-key"
    known.write_bytes(b"k" * 32)
    known.chmod(0o600)
    key_file = user_key(tmp_path)
    key_file.unlink()
    key_file.symlink_to(known)
    (snapshot,) = version_folder(checkout).glob("tree-*.bin")
    _forge_clean(snapshot, b"k" * 32)
    assert check(checkout) == FOUND
    assert known.read_bytes() == b"k" * 32
    assert not key_file.is_symlink()


def test_a_key_others_can_read_is_replaced(reviewer: Path, tmp_path: Path) -> None:
    checkout = reviewer / "checkout"
    check(checkout)
    key_file = user_key(tmp_path)
    leaked = key_file.read_bytes()
    key_file.chmod(0o644)
    assert check(checkout) == FOUND
    assert key_file.read_bytes() != leaked


def test_key_file_and_folder_are_private(reviewer: Path, tmp_path: Path) -> None:
    folder = user_key(tmp_path).parent
    folder.mkdir(parents=True, mode=0o755)  # as older versions made it
    folder.chmod(0o755)
    check(reviewer / "checkout")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(user_key(tmp_path).stat().st_mode) == 0o600
    assert [path.name for path in folder.iterdir()] == ["cache-key"]  # no temporary file left


def test_a_key_folder_that_is_a_link_is_not_used(reviewer: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "user-cache").mkdir()
    user_key(tmp_path).parent.symlink_to(elsewhere)
    assert check(reviewer / "checkout") == FOUND
    assert list(elsewhere.iterdir()) == []


def test_a_run_that_loses_the_race_uses_the_winners_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    winner = os.urandom(32)
    link = os.link

    def another_run_first(source: str, target: str, **options: object) -> None:
        folder = options["dst_dir_fd"]
        assert isinstance(folder, int)
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600, dir_fd=folder)
        os.write(descriptor, winner)
        os.close(descriptor)
        link(source, target, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", another_run_first)
    assert cache_module._user_key() == winner
    assert user_key(tmp_path).read_bytes() == winner


def _first_run(_: int) -> bytes | None:
    return cache_module._user_key()


def test_racing_first_runs_end_with_one_key(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    with context.Pool(8) as pool:
        keys = pool.map(_first_run, range(32))
    assert len(set(keys)) == 1
    assert keys[0] == user_key(tmp_path).read_bytes()
    assert len(keys[0] or b"") == 32


# 4. (section 2) A file name with a newline in it does not spoil the cache of its tree.


def test_a_file_name_with_a_newline_keeps_the_cache_usable(reviewer: Path) -> None:
    checkout = reviewer / "checkout"
    epreuves = checkout / "content" / "epreuves"
    (epreuves / "deux\nlignes.md").write_text(VALID_QCU.format(id="deux-lignes"), "utf-8")
    reads = _Reads()
    assert check(checkout, reads) == FOUND
    assert sorted(reads.taken()) == ["bad.md", "deux\nlignes.md", "ok.md"]
    assert check(checkout, reads) == FOUND
    assert reads.taken() == []
    (epreuves / "ok.md").write_text(VALID_QCU.format(id="epreuve-ok-modifiee"), "utf-8")
    assert check(checkout, reads) == FOUND
    assert reads.taken() == ["ok.md"]
