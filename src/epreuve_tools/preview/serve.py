"""`epreuve site serve`: the built site over loopback HTTP, rebuilt when an author saves, pages reloaded.

A watcher looks at the content and the site project twice a second (their files' sizes and dates: no
dependency, any editor); on a change it runs the same build as `epreuve site build` (incremental: only
the pages that changed are rendered again), then raises a version number. Every HTML page served gets
one more script, `/__epreuve/live.js` (a file of the site's origin, so the pages' Content-Security-Policy
allows it), which asks for that number every second and reloads the page when it moves. The built files
are not changed: the script is added on the way out, by this server only.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"  # never reachable from another machine
VERSION_PATH = "/__epreuve/version"
SCRIPT_PATH = "/__epreuve/live.js"
POLL_SECONDS = 0.5
LIVE_SCRIPT = b"""/* epreuve site serve: reload the page when the site is rebuilt. */
(function () {
  "use strict";
  let known = null;
  async function look() {
    try {
      const answer = await fetch("/__epreuve/version", { cache: "no-store" });
      const version = (await answer.text()).trim();
      if (known === null) known = version;
      else if (version !== known) { location.reload(); return; }
    } catch (error) { /* the server is restarting or stopped: try again */ }
    setTimeout(look, 1000);
  }
  look();
})();
"""
_TAG = f'<script src="{SCRIPT_PATH}"></script>'.encode()


def snapshot(*folders: Path) -> frozenset[tuple[str, int, int]]:
    """Every file under the folders, with its size and date: a change of any is a change of this."""
    seen: set[tuple[str, int, int]] = set()
    for folder in folders:
        for directory, names, files in os.walk(folder):
            names[:] = sorted(n for n in names if not n.startswith("."))
            for name in files:
                path = os.path.join(directory, name)
                with contextlib.suppress(OSError):
                    info = os.stat(path)
                    seen.add((path, info.st_size, info.st_mtime_ns))
    return frozenset(seen)


class Live:
    """The version number the pages watch, raised after each successful rebuild."""

    def __init__(self) -> None:
        self.version = 1
        self.lock = threading.Lock()

    def bump(self) -> None:
        with self.lock:
            self.version += 1


def _handler(site: Path, live: Live) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            path = urllib.parse.urlsplit(self.path).path
            if path == VERSION_PATH:
                self._send(str(live.version).encode(), "text/plain; charset=utf-8")
                return
            if path == SCRIPT_PATH:
                self._send(LIVE_SCRIPT, "text/javascript; charset=utf-8")
                return
            local = Path(self.translate_path(self.path))
            if local.is_dir() and path.endswith("/"):
                local = local / "index.html"
            if local.suffix == ".html" and local.is_file():
                page = local.read_bytes()
                at = page.rfind(b"</body>")
                self._send(page if at < 0 else page[:at] + _TAG + page[at:], "text/html; charset=utf-8")
                return
            super().do_GET()

        def _send(self, data: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextlib.contextmanager
def serving(site: Path, port: int, live: Live) -> Iterator[str]:
    """The folder on http://127.0.0.1:port/ (a free port for 0), until the block ends."""
    server = http.server.ThreadingHTTPServer((HOST, port), _handler(site, live))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="epreuve-serve", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def watch(folders: tuple[Path, ...], rebuild: Callable[[], bool], live: Live, stop: threading.Event) -> None:
    """Rebuild when a file of `folders` changes (once it has stopped changing), until `stop` is set."""
    last = snapshot(*folders)
    while not stop.wait(POLL_SECONDS):
        current = snapshot(*folders)
        if current == last:
            continue
        time.sleep(0.1)  # an editor that writes in two steps: let it finish
        last = snapshot(*folders)
        if rebuild():
            live.bump()
