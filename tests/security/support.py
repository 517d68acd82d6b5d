"""Helpers for the security suite: run the real command line, fingerprint folders, check refusals.

Plain functions, usable by hand:

    from tests.security.support import run_cli, tree_state
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
SOURCE_DATE_EPOCH = "1704067200"  # 2024-01-01


def cli_env(**extra: str) -> dict[str, str]:
    """The environment of a user's run, importing this checkout's generator."""
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT), **extra)
    return env


def run_cli(*args: str, cwd: Path, timeout: float = 900, umask: int | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` in `cwd`, as a user runs it (the exit code is for the caller to check)."""
    preexec: Callable[[], Any] | None = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env or cli_env(),
                          capture_output=True, text=True, timeout=timeout, preexec_fn=preexec)


def tree_state(root: Path) -> dict[str, tuple[str, int, str]]:
    """Every entry below `root` without following links: (kind, mode, content hash or link target).

    Two equal states mean nothing was created, removed, replaced, rewritten or re-permissioned.
    """
    state: dict[str, tuple[str, int, str]] = {}
    for parent, folders, files in os.walk(root):
        for name in [*folders, *files]:
            path = Path(parent, name)
            info = os.lstat(path)
            mode = stat.S_IMODE(info.st_mode)
            if stat.S_ISLNK(info.st_mode):
                state[str(path.relative_to(root))] = ("link", mode, os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                state[str(path.relative_to(root))] = ("file", mode, hashlib.sha256(path.read_bytes()).hexdigest())
            else:
                state[str(path.relative_to(root))] = (stat.filemode(info.st_mode)[0], mode, "")
    return state


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int, *fragments: str) -> None:
    """The run failed with `code`, said each fragment, and showed the user no traceback."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == code, output
    for fragment in fragments:
        assert fragment in output, f"{fragment!r} not in:\n{output}"


def assert_refused(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """A usage refusal: exit 2, one `error:` line that says why, no traceback."""
    assert_clean_failure(result, 2, *fragments)
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, result.stderr
