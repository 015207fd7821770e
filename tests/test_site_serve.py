"""`epreuve site serve`: started, a file changed, the page changes (and asks to reload), stopped cleanly."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests.conftest import VALID_QCU, epreuve_executable


def _get(address: str) -> str:
    with urllib.request.urlopen(address, timeout=10) as answer:
        return str(answer.read().decode("utf-8"))


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def test_serve_rebuilds_on_change_and_stops_cleanly(make_tree: Callable[..., Path], tmp_path: Path) -> None:
    content = make_tree({"epreuves/a.md": VALID_QCU.format(id="premiere")})
    project = content.parent
    (project / "epreuve.toml").write_text('content = "content"\n', "utf-8")
    environment = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    environment["XDG_CACHE_HOME"] = str(project / ".cache")
    with subprocess.Popen(
        [epreuve_executable(), "site", "serve", "--port", "0", "--out", str(tmp_path / "site")],
        cwd=project,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as server:
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(
            target=lambda: [lines.put(line) for line in server.stdout or ()], daemon=True
        )
        reader.start()
        try:
            _exercise(lines, content, tmp_path)
        finally:
            server.send_signal(signal.SIGINT)  # Ctrl+C
            code = server.wait(timeout=60)
            reader.join(timeout=10)
            errors = server.stderr.read() if server.stderr else ""
    assert code == 0, errors
    said = []
    while not lines.empty():
        said.append(lines.get())
    assert said[-1] == "Aperçu arrêté.\n"
    assert "Traceback" not in errors


def _exercise(lines: queue.Queue[str], content: Path, tmp_path: Path) -> None:
    address = ""
    deadline = time.monotonic() + 120
    while not address and time.monotonic() < deadline:
        line = lines.get(timeout=120)
        if line.startswith("Aperçu : "):
            address = line.split()[2]
    assert address.startswith("http://127.0.0.1:"), address  # this machine only
    page = _get(address + "epreuves/premiere/")
    assert "Quelle pratique protège le mieux un compte ?" in page
    # the live-reload script, added on the way out (the built file has none)
    assert '<script src="/__epreuve/live.js"></script></body>' in page
    assert "__epreuve" not in (tmp_path / "site" / "epreuves" / "premiere" / "index.html").read_text("utf-8")
    assert "location.reload()" in _get(address + "__epreuve/live.js")
    version = _get(address + "__epreuve/version")

    source = content / "epreuves" / "a.md"
    source.write_text(source.read_text("utf-8").replace("le mieux un compte", "le mieux une boîte"), "utf-8")
    assert _wait_for(lambda: "le mieux une boîte" in _get(address + "epreuves/premiere/"), 120)
    # The pages are written during the rebuild and the version is raised once it has finished:
    # a page can show the new text a moment before the version moves.
    assert _wait_for(lambda: _get(address + "__epreuve/version") != version, 120)
    (content / "epreuves" / "b.md").write_text(VALID_QCU.format(id="seconde"), "utf-8")
    assert _wait_for(lambda: "seconde" in _get(address + "statuts/valide/"), 120)
