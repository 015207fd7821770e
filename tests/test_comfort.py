"""Author comfort (issue #13 item 6): `check -q`, `--exit-zero`, `--statistics`, `--watch`, and shell
completion, each through the real command."""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_REFERENTIEL, VALID_QCU, epreuve_executable

BAD = VALID_QCU.format(id="mauvaise-cle").replace("answer: 1", "answer: 7")  # SEM-005


def _tree(where: Path) -> Path:
    root = where / "content"
    (root / "epreuves").mkdir(parents=True)
    (root / "referentiel.yaml").write_text(MINIMAL_REFERENTIEL, "utf-8")
    (root / "epreuves" / "ok.md").write_text(VALID_QCU.format(id="bonne-cle"), "utf-8")
    (root / "epreuves" / "bad.md").write_text(BAD, "utf-8")
    return root


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": str(cwd / ".cache-utilisateur")}
    return subprocess.run(
        [epreuve_executable(), *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def test_statistics_count_per_rule_and_quiet_drops_the_summary(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    stats = _run("check", "--statistics", str(root), cwd=tmp_path)
    assert stats.returncode == 1
    assert stats.stdout.splitlines() == ["     1  SEM-005        qcu-key-out-of-range"]
    quiet = _run("check", "-q", str(root), cwd=tmp_path)
    assert "SEM-005" in quiet.stdout
    assert "fichiers vérifiés" not in quiet.stdout
    loud = _run("check", str(root), cwd=tmp_path)
    assert "3 fichiers vérifiés : 1 erreur" in loud.stdout  # the référentiel too


def test_exit_zero_keeps_usage_errors(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    assert _run("check", "--exit-zero", str(root), cwd=tmp_path).returncode == 0
    assert _run("check", "--exit-zero", str(root / "absent"), cwd=tmp_path).returncode == 2


def _read_until(process: subprocess.Popen[bytes], marker: str, seconds: float = 60) -> str:
    """What the process writes until `marker`, read from the pipe itself (a text wrapper's buffer
    would hide lines from `select`), never blocking past the deadline."""
    assert process.stdout is not None
    descriptor = process.stdout.fileno()
    seen = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([descriptor], [], [], 0.5)
        if ready:
            chunk = os.read(descriptor, 65536)
            if not chunk:
                break
            seen += chunk
            if marker.encode() in seen:
                return seen.decode("utf-8", "replace")
    pytest.fail(f"« {marker} » never came; output so far:\n{seen.decode('utf-8', 'replace')}")


# Runs the command with Ctrl-C doing what a terminal's does. A shell without job control (a CI
# script's `cmd &`) starts its background jobs with SIGINT ignored, a process started so keeps
# ignoring it (Python then installs no KeyboardInterrupt handler, as is right for a background job),
# and the test would wait for an interruption that cannot come. `exec` keeps the default disposition.
_INTERRUPTIBLE = (
    sys.executable,
    "-c",
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
)


def test_watch_checks_again_after_a_save(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "epreuves" / "bad.md").unlink()
    environment = {
        **os.environ,
        "NO_COLOR": "1",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [*_INTERRUPTIBLE, epreuve_executable(), "check", "--watch", str(root)], cwd=tmp_path, env=environment,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        first = _read_until(process, "vérifiés :")
        assert "aucun problème" in first
        time.sleep(0.2)
        (root / "epreuves" / "bad.md").write_text(BAD, "utf-8")
        started = time.monotonic()
        second = _read_until(process, "vérifiés :")
        assert "SEM-005" in second
        assert time.monotonic() - started < 10
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
        assert process.stdout is not None
        process.stdout.close()
    assert code == 0


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash absent")
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("epreuve ch", "check"),
        ("epreuve bundle ver", "verify"),
        ("epreuve check --stat", "--statistics"),
        ("epreuve trust add-", "add-key add-team"),
    ],
)
def test_bash_completion_completes_commands_actions_and_options(
    tmp_path: Path, typed: str, expected: str
) -> None:
    script = tmp_path / "epreuve.bash"
    script.write_text(_run("completion", "bash", cwd=tmp_path).stdout, "utf-8")
    words = typed.split()
    program = (
        f"source {script}; COMP_WORDS=({' '.join(words)}); COMP_CWORD={len(words) - 1}; "
        '_epreuve; echo "${COMPREPLY[@]}"'
    )
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=30, check=False)
    assert done.stdout.split() == expected.split(), done.stderr
