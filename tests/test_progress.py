"""A progress bar while many files are analysed, on a terminal only (STYLE: quiet in CI and pipes)."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from epreuve_tools.cli import progress
from tests.conftest import VALID_QCU, epreuve_executable

Tree = Callable[..., Path]
BAR = "Analyse des épreuves"


def _many(make_tree: Tree, count: int = 240) -> Path:
    return make_tree({f"epreuves/e{i:03d}.md": VALID_QCU.format(id=f"epreuve-{i:03d}") for i in range(count)})


def _run_on_a_terminal(
    cwd: Path, extra_env: dict[str, str], *options: str, command: tuple[str, ...] = ()
) -> tuple[int, str, str]:
    """Run `epreuve check --no-cache [options] content` (or `epreuve COMMAND…`) with its standard
    error on a pseudo-terminal."""
    try:
        controller, terminal = pty.openpty()
    except OSError as error:  # a container without /dev/ptmx
        pytest.skip(f"no pseudo-terminal here: {error}")
    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", **extra_env}
    for name in ("CI", "GITHUB_ACTIONS", "NO_COLOR"):
        if name not in extra_env:
            environment.pop(name, None)
    process = subprocess.Popen(
        [epreuve_executable(), *(command or ("check", "--no-cache", *options, "content"))],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=environment,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    stdout, _ = process.communicate(timeout=120)
    os.close(controller)
    return process.returncode, stdout.decode(), shown.decode("utf-8", "replace")


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="no pseudo-terminal here")
def test_a_long_check_shows_a_bar_on_a_terminal_and_erases_it(make_tree: Tree, tmp_path: Path) -> None:
    _many(make_tree)
    code, stdout, terminal = _run_on_a_terminal(tmp_path, {})
    assert code == 0
    assert BAR in terminal
    assert "240/240" in terminal
    assert BAR not in stdout  # the report stays clean
    assert "fichiers vérifiés" in stdout


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="no pseudo-terminal here")
def test_no_bar_in_ci_even_on_a_terminal(make_tree: Tree, tmp_path: Path) -> None:
    _many(make_tree)
    code, _, terminal = _run_on_a_terminal(tmp_path, {"CI": "true"})
    assert code == 0
    assert BAR not in terminal


def test_no_bar_when_standard_error_is_a_pipe(make_tree: Tree, tmp_path: Path) -> None:
    _many(make_tree)
    done = subprocess.run(
        [epreuve_executable(), "check", "--no-cache", "content"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert BAR not in done.stderr


# a colour (SGR 30-38, 90-97) in an escape sequence: the bar's colours, not its cursor moves
COLOUR = re.compile(r"\x1b\[(?:[0-9]+;)*(?:3[0-8]|9[0-7])[;m]")


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="no pseudo-terminal here")
@pytest.mark.parametrize(
    ("environment", "coloured"),
    [({}, True), ({"NO_COLOR": ""}, True), ({"NO_COLOR": "1"}, False)],
)
def test_the_bar_follows_the_colour_conventions(
    environment: dict[str, str], coloured: bool, make_tree: Tree, tmp_path: Path
) -> None:
    _many(make_tree)
    code, _, terminal = _run_on_a_terminal(tmp_path, environment)
    assert code == 0
    assert BAR in terminal  # a bar without colour is still a bar
    assert (COLOUR.search(terminal) is not None) is coloured


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="no pseudo-terminal here")
def test_no_bar_with_quiet_even_on_a_terminal(make_tree: Tree, tmp_path: Path) -> None:
    _many(make_tree)
    code, _, terminal = _run_on_a_terminal(tmp_path, {}, "-q")
    assert code == 0
    assert BAR not in terminal


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="no pseudo-terminal here")
def test_no_bar_on_a_dumb_terminal(make_tree: Tree, tmp_path: Path) -> None:
    _many(make_tree)
    code, _, terminal = _run_on_a_terminal(tmp_path, {"TERM": "dumb", "FORCE_COLOR": "1"})
    assert code == 0
    assert BAR not in terminal


def test_no_bar_for_a_few_files(make_tree: Tree, tmp_path: Path) -> None:
    _many(make_tree, count=5)
    code, _, terminal = _run_on_a_terminal(tmp_path, {})
    assert code == 0
    assert BAR not in terminal


# the module itself, on a fake terminal


class FakeTerminal(io.StringIO):
    """What the bar writes, on a stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> None:
    """A person at a terminal: not in CI, not a dumb terminal, colours off (plain text to read)."""
    for name in ("CI", "GITHUB_ACTIONS", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("NO_COLOR", "1")


ERASED = "\x1b[2K"  # the line cleared when the bar goes


@pytest.mark.usefixtures("watched")
def test_a_bar_only_where_a_person_watches(monkeypatch: pytest.MonkeyPatch) -> None:
    assert progress.wanted(FakeTerminal())
    assert not progress.wanted(io.StringIO())  # a pipe, a file
    assert not progress.wanted(FakeTerminal(), quiet=True)  # -q
    assert progress.terminal_progress(io.StringIO()) is None
    assert progress.terminal_progress(FakeTerminal(), quiet=True) is None
    monkeypatch.setenv("TERM", "dumb")
    assert not progress.wanted(FakeTerminal())
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(FakeTerminal())
    with progress.on_progress(FakeTerminal(), "Construction du site") as callback:
        assert callback is None


@pytest.mark.usefixtures("watched")
def test_the_callback_draws_after_a_moment_throttled_and_erased() -> None:
    stream, clock = FakeTerminal(), Clock()
    bar = progress.TerminalProgress(stream, "Construction du site", show_after=0.3, clock=clock)
    bar.update(0, 1000)
    clock.now += 0.1
    bar.update(50, 1000)
    assert stream.getvalue() == ""  # a short step never flashes a bar
    clock.now += 0.3
    bar.update(100, 1000)
    assert "Construction du site" in stream.getvalue()
    drawn = stream.getvalue().count("Construction du site")
    for done in range(101, 900):  # 800 steps within the same tenth of a second: no redraw
        bar.update(done, 1000)
    assert stream.getvalue().count("Construction du site") == drawn
    clock.now += 0.15
    bar.update(900, 1000)
    assert stream.getvalue().count("Construction du site") == drawn + 1
    assert "900/1000" in stream.getvalue()
    bar.stop()
    assert stream.getvalue().endswith(ERASED)


@pytest.mark.usefixtures("watched")
def test_the_bar_is_erased_when_the_work_fails() -> None:
    stream = FakeTerminal()

    def publish() -> None:
        with progress.on_progress(stream, "Publication") as callback:
            assert callback is not None
            callback(0, 10)
            time.sleep(0.35)
            callback(1, 10)
            assert "Publication" in stream.getvalue()
            raise RuntimeError("interrompu")

    with pytest.raises(RuntimeError, match="interrompu"):
        publish()
    assert stream.getvalue().endswith(ERASED)


@pytest.mark.usefixtures("watched")
def test_the_checker_form_restarts_for_each_tree() -> None:
    stream, clock = FakeTerminal(), Clock()
    bar = progress.TerminalProgress(stream, clock=clock)
    for total in (3, 2):  # one content tree, then another
        bar.start(total)
        for _ in range(total):
            clock.now += 0.2
            bar.advance()
        bar.stop()
    assert "3/3" in stream.getvalue()
    assert "2/2" in stream.getvalue()
    assert "5/2" not in stream.getvalue()
    assert stream.getvalue().endswith(ERASED)


def test_build_site_tells_how_far_it_has_gone(make_tree: Tree, tmp_path: Path) -> None:
    from epreuve_tools.config import Config
    from epreuve_tools.preview.build import build_site
    from tests.conftest import ROOT

    content = make_tree({f"epreuves/e{i}.md": VALID_QCU.format(id=f"epreuve-{i}") for i in range(3)})
    told: list[tuple[int, int]] = []
    build_site(
        Config(root=tmp_path),
        content,
        ROOT / "site",
        tmp_path / "site",
        epoch=1_700_000_000,
        on_progress=lambda done, total: told.append((done, total)),
    )
    # the épreuves read (too few for the check to report its analysis), then the pages rendered
    assert told[0] == (0, 3)
    read = told.index((3, 3))
    assert told[: read + 1] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    pages = told[read + 1 :]
    total = pages[0][1]
    assert total > 3 * 2  # a learner's and a reviewer's page per épreuve, and the indexes
    assert pages == [(done, total) for done in range(total + 1)]


# piped, the long commands draw nothing


def _piped(arguments: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "TERM": "xterm-256color", "XDG_CACHE_HOME": str(cwd / ".user-cache"), **env}
    for name in ("CI", "GITHUB_ACTIONS", "NO_COLOR"):
        environment.pop(name, None)
    return subprocess.run(
        [epreuve_executable(), *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )


def test_site_build_draws_no_bar_when_piped(make_tree: Tree, tmp_path: Path) -> None:
    _many(make_tree)
    done = _piped(["site", "build", "--out", str(tmp_path / "site")], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Construction du site" not in done.stderr
    assert "\x1b[" not in done.stderr


def test_release_draws_no_bar_when_piped(make_tree: Tree, tmp_path: Path) -> None:
    _many(make_tree)
    done = _piped(["release", "--dev", "--out", "publication"], tmp_path, SOURCE_DATE_EPOCH="1700000000")
    assert done.returncode == 0, done.stderr
    assert BAR not in done.stderr
    assert "\x1b[" not in done.stderr


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="no pseudo-terminal here")
@pytest.mark.parametrize(("options", "shown"), [((), True), (("-q",), False)])
def test_release_shows_its_check_on_a_terminal(
    options: tuple[str, ...], shown: bool, make_tree: Tree, tmp_path: Path
) -> None:
    _many(make_tree)
    command = ("release", "--dev", "--out", "publication", *options)
    environment = {"SOURCE_DATE_EPOCH": "1700000000", "XDG_CACHE_HOME": str(tmp_path / ".user-cache")}
    code, stdout, terminal = _run_on_a_terminal(tmp_path, environment, command=command)
    assert code == 0, terminal
    assert (BAR in terminal) is shown
    assert "Publication de développement" in stdout


def test_write_release_tells_how_far_it_has_gone(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from epreuve_tools.bundle.pack import load_content
    from epreuve_tools.release.keys import dev_signers
    from epreuve_tools.release.repository import DEVELOPMENT, ensure_dev_root, write_release
    from tests.conftest import SAMPLE_CONTENT

    content = load_content(SAMPLE_CONTENT)
    signers = dict(dev_signers(tmp_path / "keys"))
    now = datetime.now(UTC).replace(microsecond=0)
    epoch = int(now.timestamp()) // 86400 * 86400
    ensure_dev_root(tmp_path / "out", signers, epoch, DEVELOPMENT)
    told: list[tuple[int, int]] = []
    write_release(
        content,
        tmp_path / "out",
        signers,
        epoch=epoch,
        now=now,
        lifetimes=DEVELOPMENT,
        on_progress=lambda done, total: told.append((done, total)),
    )
    total = len(content.parcours)
    assert total > 1
    assert told == [(done, total) for done in range(total + 1)]


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="no pseudo-terminal here")
def test_site_build_shows_a_bar_on_a_terminal_and_erases_it(make_tree: Tree, tmp_path: Path) -> None:
    _many(make_tree, count=60)
    environment = {"SOURCE_DATE_EPOCH": "1700000000", "XDG_CACHE_HOME": str(tmp_path / ".user-cache")}
    command = ("site", "build", "--out", "site")
    code, stdout, terminal = _run_on_a_terminal(tmp_path, environment, command=command)
    assert code == 0, terminal
    assert "Construction du site" in terminal
    assert terminal.rstrip("\r\n").endswith("\x1b[2K")  # erased: the terminal is left as it was
    assert "Construction du site" not in stdout
    assert "Site d'aperçu" in stdout
    code, _, terminal = _run_on_a_terminal(tmp_path, environment, command=(*command, "--full", "-q"))
    assert code == 0, terminal
    assert "Construction du site" not in terminal
