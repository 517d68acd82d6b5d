"""serve: a busy port is refused at once (exit 2, which port), and SIGTERM removes the temporary site."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .support import MINIMAL, assert_refused, cli_env, run_cli


def test_busy_port_is_refused_before_building(tmp_path: Path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        started = time.monotonic()
        result = run_cli("serve", "--content", str(MINIMAL), "--port", str(port), cwd=tmp_path, timeout=120)
        elapsed = time.monotonic() - started
    assert_refused(result, f"port {port} on 127.0.0.1 is already in use")
    assert "Documentation built" not in result.stderr  # refused before building, not after
    assert elapsed < 60, elapsed  # generous: a build on a busy machine takes longer


def test_port_out_of_range_is_a_usage_error(tmp_path: Path):
    assert_refused(run_cli("serve", "--content", str(MINIMAL), "--port", "70000", cwd=tmp_path, timeout=120),
                   "--port 70000 is not a port number")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
def test_terminated_serve_removes_its_temporary_folder(tmp_path: Path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--content", str(MINIMAL), "--port", str(port)],
                              cwd=tmp_path, env=cli_env(TMPDIR=str(temp)), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300
        while True:
            assert server.poll() is None, server.communicate()
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "serve did not come up"
                time.sleep(0.5)
        assert [p.name for p in temp.iterdir() if p.name.startswith(("policy-explainer-serve-", "policy-explainer-preview-"))]
        server.send_signal(signal.SIGTERM)
        _, stderr = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    assert "Traceback" not in stderr, stderr
    assert server.returncode in (0, 128 + signal.SIGTERM), stderr
    assert [p.name for p in temp.iterdir() if p.name.startswith(("policy-explainer-serve-", "policy-explainer-preview-"))] == []
