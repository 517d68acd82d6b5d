"""History: when each language of a localised text last changed, from the content's git history.

`status` uses this to find translations that lag behind the other language. It compares text
values, not lines, so a text reflowed or moved in the file does not count as changed, and
both languages of a flow mapping on one line (`{id: ..., en: ...}`) are still told apart.
Only `git log` and `git cat-file` are run, read-only, in the repository holding the content.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .load import load_yaml

_SPACE = re.compile(r"\s+")
_MISSING = object()  # a file version that does not exist or does not parse


@dataclass(frozen=True)
class History:
    """Committed versions of content files, newest first; `available` is False without git history."""

    available: bool
    note: str
    commits: int = 0
    versions: dict[Path, tuple[tuple[dt.date, Any], ...]] = field(default_factory=dict)

    def tracked(self, path: Path) -> bool:
        return bool(self.versions.get(path.resolve()))

    def last_changed(self, path: Path, loc: tuple[Any, ...], current: Any, today: dt.date) -> dt.date | None:
        """The date since which the value at `loc` has been what it is now (None: file not in history).

        The working copy counts as a version dated `today`, so an uncommitted edit is dated today.
        """
        committed = self.versions.get(path.resolve())
        if not committed:
            return None
        changed, now = today, normalised(current)
        for date, data in committed:
            if normalised(value_at(data, loc)) != now:
                break
            changed = date
        return changed


def read_history(root: Path, paths: Iterable[Path]) -> History:
    """Read the committed versions of `paths` from the git repository that holds `root`."""
    try:
        top = _git(root, "rev-parse", "--show-toplevel")
    except FileNotFoundError:
        return History(False, "no git history: git is not installed, so translation ages were not compared")
    except subprocess.CalledProcessError:
        return History(False, f"no git history: {root} is not in a git repository, so translation ages were not compared")
    top_dir = Path(top.strip()).resolve()
    wanted = {path.resolve(): path.resolve().relative_to(top_dir).as_posix() for path in paths
              if path.resolve().is_relative_to(top_dir)}
    try:
        log = _git(top_dir, "-c", "core.quotepath=off", "log", "--format=%x00%H %cI", "--name-only", "--",
                   root.resolve().relative_to(top_dir).as_posix() or ".")
    except subprocess.CalledProcessError:
        return History(False, "no git history: the repository has no commits yet, so translation ages were not compared")

    commits: list[tuple[str, dt.date, list[str]]] = []
    for line in log.splitlines():
        if line.startswith("\x00"):
            sha, stamp = line[1:].split(" ", 1)
            commits.append((sha, dt.datetime.fromisoformat(stamp).date(), []))
        elif line.strip() and commits:
            commits[-1][2].append(line.strip())
    if not commits:
        return History(False, "no git history: the content has never been committed, so translation ages were not compared")

    by_name = {name: path for path, name in wanted.items()}
    requests = [(sha, date, name) for sha, date, names in commits for name in names if name in by_name]
    blobs = _read_blobs(top_dir, [f"{sha}:{name}" for sha, _, name in requests])
    versions: dict[Path, list[tuple[dt.date, Any]]] = {}
    for (sha, date, name), blob in zip(requests, blobs):
        versions.setdefault(by_name[name], []).append((date, _parse(name, blob)))
    untracked = len(wanted) - len(versions)
    note = f"compared with git history ({len(commits)} commit{'s' * (len(commits) != 1)})"
    if untracked:
        note += f"; {untracked} file{'s' * (untracked != 1)} not committed yet, so not compared"
    return History(True, note, len(commits), {path: tuple(items) for path, items in versions.items()})


def value_at(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return _MISSING
    return data


def normalised(value: Any) -> Any:
    return _SPACE.sub(" ", value).strip() if isinstance(value, str) else value


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, check=True,
                          encoding="utf-8", errors="replace").stdout


def _read_blobs(top: Path, specs: list[str]) -> list[bytes | None]:
    """The contents of `commit:path` objects, in one `git cat-file --batch` run (None: missing)."""
    if not specs:
        return []
    out = subprocess.run(["git", "-C", str(top), "cat-file", "--batch"], input="\n".join(specs).encode() + b"\n",
                         capture_output=True, check=True).stdout
    blobs: list[bytes | None] = []
    pos = 0
    for _ in specs:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            blobs.append(out[pos:pos + size])
            pos += size + 1
        else:  # "<spec> missing": the commit deleted the file
            blobs.append(None)
    return blobs


def _parse(name: str, blob: bytes | None) -> Any:
    """An old version, read exactly as the loader reads content; _MISSING when absent or unreadable."""
    if blob is None:
        return _MISSING
    data, diagnostics = load_yaml(Path(name), blob)
    return _MISSING if data is None or any(d.severity == "error" for d in diagnostics) else data
