"""Helpers for the `serve` tests: start the preview as a user would, poll it over HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from site_support import ROOT, build_env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Preview:
    """A running `python -m generator serve` and the output it printed so far."""

    def __init__(self, process: subprocess.Popen[str], port: int) -> None:
        self.process, self.port = process, port
        self.origin = f"http://127.0.0.1:{port}"
        self.output = ""  # what serve printed, once it has stopped

    def fetch(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.origin + path, timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def wait_for(self, path: str, predicate: Callable[[str], bool], deadline: float = 300) -> str:
        """Poll `path` until `predicate(body)` holds; fail if the server dies or never gets there."""
        end = time.monotonic() + deadline
        body = ""
        while time.monotonic() < end:
            assert self.process.poll() is None, f"serve exited with {self.process.returncode}"
            try:
                body = self.fetch(path)[1]
                if predicate(body):
                    return body
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise AssertionError(f"{path} never showed the expected page; last body starts {body[:500]!r}")


@contextmanager
def running_preview(content: Path, cwd: Path = ROOT) -> Iterator[Preview]:
    """`serve` of `content`, with the mkdocs.yml of `cwd` (the project's by default)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(content), "--port", str(port)],
        cwd=cwd, env=build_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    preview = Preview(process, port)
    try:
        yield preview
    finally:
        process.terminate()
        preview.output = process.communicate(timeout=60)[0]


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), "utf-8")


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)
