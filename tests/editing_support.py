"""Helpers for the editing-workflow tests: run the command line as an editor would, fill skeletons.

Kept free of pytest fixtures so that the pieces can be tried by hand.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DATE_EPOCH_2021_06_01 = "1622505600"  # "today" for review ages: 2021-06-01T00:00:00Z


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` in a subprocess, from `cwd` (content paths print relative to it)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to show that a refused command wrote nothing."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# What an editor would write in place of each kind of placeholder, by the key on its line.
FILLED_VALUES = {
    "rating": "supported",
    "original_language": "en",
    "version": '"2021-01-04"',
    "effective": "2021-02-08",
    "url": "https://example.org/policy",
    "kind": "statement",
}


def fill_placeholders(text: str, refs: dict[str, str], topic: str | None = None) -> str:
    """Replace every "TODO..." value of a skeleton the way an editor would, line by line.

    `refs` gives the reference to write under each top-level list (asserted_in, evidence, regulations).
    Texts become a sentence in the language of their key; other values come from FILLED_VALUES.
    """
    section = None
    lines = []
    for line in text.splitlines():
        if top := re.match(r"^([a-z_]+):", line):
            section = top.group(1)
        match = re.match(r'^(\s*(?:- )?)([a-z_]+): "TODO[^"]*"\s*$', line)
        if match:
            indent, key = match.groups()
            if key == "ref":
                value = refs[section or ""]
            elif key == "topic":
                value = topic or "privacy"
            elif key == "id" and indent.endswith("- "):
                value = "first-clause"
            elif key in ("id", "en"):
                value = f'"Teks yang ditulis editor ({section})."' if key == "id" else f'"Text the editor wrote ({section})."'
            elif key in FILLED_VALUES:
                value = FILLED_VALUES[key]
            else:
                value = '"Written by the editor"'
            line = f"{indent}{key}: {value}"
        lines.append(line)
    return "\n".join(lines) + "\n"
