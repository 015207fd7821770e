"""A progress bar while many files are analysed, on a terminal only (STYLE: quiet in CI and pipes)."""

from __future__ import annotations

import os
import pty
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import VALID_QCU, epreuve_executable

Tree = Callable[..., Path]
BAR = "Analyse des épreuves"


def _many(make_tree: Tree, count: int = 240) -> Path:
    return make_tree({f"epreuves/e{i:03d}.md": VALID_QCU.format(id=f"epreuve-{i:03d}") for i in range(count)})


def _run_on_a_terminal(cwd: Path, extra_env: dict[str, str]) -> tuple[int, str, str]:
    """Run `epreuve check --no-cache` with its standard error on a pseudo-terminal."""
    try:
        controller, terminal = pty.openpty()
    except OSError as error:  # a container without /dev/ptmx
        pytest.skip(f"no pseudo-terminal here: {error}")
    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", **extra_env}
    for name in ("CI", "GITHUB_ACTIONS", "NO_COLOR"):
        if name not in extra_env:
            environment.pop(name, None)
    process = subprocess.Popen(
        [epreuve_executable(), "check", "--no-cache", "content"],
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
