"""Builds that are killed, run at once or run under a strict umask: leftovers are cleaned, builds
into one folder take turns, children die with the parent, and the site is readable by others."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .support import MINIMAL, cli_env, run_cli, tree_state

pytestmark = pytest.mark.slow


def build(site: Path, **options) -> subprocess.CompletedProcess[str]:
    return run_cli("build", "--content", str(MINIMAL), "--site-dir", str(site), cwd=site.parent, **options)


def assert_built(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith((f".{site.name}.building-",
                                                                             f".{site.name}.old")))


def test_stale_staging_folders_of_killed_builds_are_removed(tmp_path: Path):
    site = tmp_path / "site"
    for stale in (".site.building-k1ll3d", ".site.old"):
        (tmp_path / stale / "en").mkdir(parents=True)
        (tmp_path / stale / "en" / "index.html").write_text("<p>half a site</p>\n")
    (tmp_path / ".other.building-x").mkdir()  # another site's: not ours to remove
    assert_built(build(site))
    assert leftovers(site) == []
    assert (tmp_path / ".other.building-x").is_dir()
    assert (site / ".policy-explainer-site").is_file() and (site / "index.html").is_file()


def test_site_is_readable_by_other_users_whatever_the_umask(tmp_path: Path):
    site = tmp_path / "site"
    assert_built(build(site, umask=0o077))
    modes = {(kind, mode) for kind, mode, _ in tree_state(site).values()}
    assert modes == {("file", 0o644), ("d", 0o755)}
    assert stat.S_IMODE(site.stat().st_mode) == 0o755


def test_concurrent_builds_into_one_folder_take_turns(tmp_path: Path):
    site = tmp_path / "site"
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: build(site), range(3)))
    for result in results:
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 0 or (result.returncode == 2 and "another build" in result.stderr), result.stderr
    assert any(result.returncode == 0 for result in results)
    assert leftovers(site) == []
    assert (site / ".policy-explainer-site").is_file()
    reference = tmp_path / "reference" / "site"
    reference.parent.mkdir()
    assert_built(build(reference))
    assert tree_state(site) == tree_state(reference)  # whole and identical, not a mix of two builds


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_child_processes_die_with_a_killed_build(tmp_path: Path):
    site = tmp_path / "site"
    parent = subprocess.Popen([sys.executable, "-m", "generator", "build", "--content", str(MINIMAL),
                               "--site-dir", str(site)], cwd=tmp_path, env=cli_env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[int] = []
    try:
        deadline = time.monotonic() + 600
        while not children:
            assert parent.poll() is None, "the build ended before starting its parallel jobs"
            assert time.monotonic() < deadline
            children = children_of(parent.pid)
            time.sleep(0.01)
        for child in children:  # hold them still, so that only the parent's death can stop them
            os.kill(child, signal.SIGSTOP)
        parent.kill()
        parent.wait()
        staged = tree_state(tmp_path)
        for child in children:
            os.kill(child, signal.SIGCONT)
        deadline = time.monotonic() + 120  # generous: they would finish their builds if not told to stop
        while any(alive(child) for child in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(child) for child in children)
        assert tree_state(tmp_path) == staged  # nothing written after the parent died
    finally:
        for child in children:
            if alive(child):
                os.kill(child, signal.SIGKILL)
    assert_built(build(site))  # and the next build cleans up after it
    assert leftovers(site) == []
