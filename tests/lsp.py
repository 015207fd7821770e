"""A minimal Language Server Protocol client, to drive yaml-language-server as an editor does."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import IO, Any


class LanguageServer:
    def __init__(self, command: list[str], root: Path, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        self.version = 0
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": {
                    "workspace": {"configuration": True},
                    "textDocument": {"publishDiagnostics": {}},
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    def _read(self, stream: IO[bytes] | None) -> None:
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                headers[name.strip().lower()] = value.strip()
            if not headers:
                return
            self.messages.put(json.loads(stream.read(int(headers["content-length"]))))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any], timeout: float = 30) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == self.next_id and "method" not in m, timeout)
        return reply.get("result")

    def _answer_server_request(self, message: dict[str, Any]) -> None:
        if message["method"] == "workspace/configuration":
            items = message["params"]["items"]
            result: Any = [self.settings.get(item.get("section", ""), self.settings) for item in items]
        else:
            result = None
        self._send({"id": message["id"], "result": result})

    def wait(self, predicate: Any, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the language server did not answer in time")
            message = self.messages.get(timeout=remaining)
            if "method" in message and "id" in message:
                self._answer_server_request(message)
            elif predicate(message):
                return message

    def _settle(self, uri: str, quiet: float) -> list[dict[str, Any]] | None:
        """The last diagnostics published for `uri` once the server has been quiet for `quiet` s.

        yaml-language-server publishes more than once for one change (a first, empty result
        before the schema is applied; a clearing one after a close), so one publish is not an answer.
        """
        last: list[dict[str, Any]] | None = None
        while True:
            try:
                message = self.messages.get(timeout=quiet)
            except queue.Empty:
                return last
            if "method" in message and "id" in message:
                self._answer_server_request(message)
            elif (
                message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri
            ):
                last = message["params"]["diagnostics"]

    def diagnostics(self, path: Path, text: str, quiet: float = 1.0) -> list[dict[str, Any]]:
        """Open `text` as the content of `path`, and return what the server finally publishes for it."""
        uri = path.as_uri()
        self._open(uri, text)
        published = self._settle(uri, quiet)
        self._close(uri, quiet)
        if published is None:
            raise TimeoutError(f"no diagnostics published for {uri}")
        return published

    def _open(self, uri: str, text: str) -> None:
        self.version += 1
        document = {"uri": uri, "languageId": "yaml", "version": self.version, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": document})

    def _close(self, uri: str, quiet: float = 1.0) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        self._settle(uri, quiet)

    def hover(self, path: Path, text: str, line: int, character: int) -> str:
        uri = path.as_uri()
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )
        result = self.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        self._close(uri)
        contents = (result or {}).get("contents", "")
        return contents.get("value", "") if isinstance(contents, dict) else str(contents)

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except (TimeoutError, subprocess.TimeoutExpired, queue.Empty, BrokenPipeError):
            self.process.kill()
            self.process.wait(timeout=10)
        finally:
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()
