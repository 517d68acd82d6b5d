"""Issue 5: every example in the editor's guide (content/README.md) works, on a copy of the demo content.

The guide is replayed in order, as an editor following it would:

- a ```yaml block starts with `# content/PATH.yml`, naming the file it belongs in; it replaces
  that file, or is added at its end ("add at the end"), or replaces the top-level lines it names
  ("change these lines"), or replaces the lines of the same keys still holding a "TODO"
  placeholder ("fill in"). After each one `validate` must pass, except for a block marked
  "a mistake", which goes into a scratch copy and must fail.
- a ```console block is a transcript: each `$ python -m generator ...` line is run (on the scratch
  copy right after a mistake), and every other line must appear in its output, white space aside
  (so a line the terminal wraps still counts).
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from editing_support import ROOT, run_cli

GUIDE = ROOT / "content" / "README.md"
TODAY = {"SOURCE_DATE_EPOCH": "1796083200"}  # 2026-12-01: the guide is replayed on the demo, whose copies were retrieved in 2026
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
HEADER = re.compile(r"# (content/\S+\.yml)(.*)")


@dataclass(frozen=True)
class Block:
    lang: str
    body: str
    line: int  # where the block starts in the guide, for messages


def guide_blocks() -> list[Block]:
    text = GUIDE.read_text(encoding="utf-8")
    return [Block(m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1) for m in FENCE.finditer(text)]


def apply_yaml(block: Block, root: Path) -> None:
    header, _, body = block.body.partition("\n")
    match = HEADER.fullmatch(header)
    assert match, f"README.md:{block.line}: a YAML example must start with '# content/PATH.yml', not {header!r}"
    target = root / match.group(1)
    how = match.group(2)
    if "add at the end" in how:
        target.write_text(target.read_text(encoding="utf-8") + body, encoding="utf-8")
    elif "fill in" in how:
        text = target.read_text(encoding="utf-8")
        for line in body.splitlines():
            key = line.split(":", 1)[0]
            text, count = re.subn(rf'^{re.escape(key)}: "TODO[^"\n]*"$', lambda _: line, text, count=1, flags=re.MULTILINE)
            assert count == 1, f"README.md:{block.line}: no '{key.strip()}:' placeholder to fill in {target}"
        target.write_text(text, encoding="utf-8")
    elif "change these lines" in how:
        text = target.read_text(encoding="utf-8")
        # Each top-level key with its indented lines replaces the same key's entry, or is added.
        for entry in re.findall(r"^\S[^\n]*\n(?:[ ][^\n]*\n)*", body, flags=re.MULTILINE):
            key = entry.split(":", 1)[0]
            pattern = rf"^{re.escape(key)}:[^\n]*\n(?:[ ][^\n]*\n)*"
            text, count = re.subn(pattern, lambda _: entry, text, flags=re.MULTILINE)
            assert count <= 1, f"README.md:{block.line}: '{key}:' should occur at most once in {target}"
            if count == 0:
                text = text.rstrip("\n") + "\n" + entry
        target.write_text(text, encoding="utf-8")
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")


def normalised(line: str) -> str:
    return " ".join(line.split())


def check_transcript(block: Block, workdir: Path, expect_failure: bool) -> None:
    commands: list[tuple[str, list[str]]] = []
    for line in block.body.splitlines():
        if line.startswith("$ "):
            commands.append((line, []))
        elif line.strip() and line.strip() != "…":
            assert commands, f"README.md:{block.line}: a console block starts with a '$ ' command line"
            commands[-1][1].append(line)
    for command, expected in commands:
        args = shlex.split(command[2:])
        assert args[:3] == ["python", "-m", "generator"], f"README.md:{block.line}: only generator commands are run"
        done = run_cli(*args[3:], cwd=workdir, env=TODAY)
        assert done.returncode == (1 if expect_failure else 0), f"{command}\n{done.stdout}{done.stderr}"
        output = normalised(done.stdout + "\n" + done.stderr)
        for line in expected:
            assert normalised(line) in output, \
                f"README.md:{block.line}: `{command}` did not print:\n{line}\nIt printed:\n{done.stdout}{done.stderr}"


def test_the_guide_has_examples_of_each_task() -> None:
    blocks = guide_blocks()
    headers = [b.body.partition("\n")[0] for b in blocks if b.lang == "yaml"]
    assert any(h.startswith("# content/claims/") and "—" not in h for h in headers)  # a whole claim
    assert any("fill in" in h for h in headers)  # a new version, after `new version`
    assert any("change these lines" in h for h in headers)  # withdrawn
    assert sum("a mistake" in h for h in headers) >= 2  # errors to read
    transcripts = "\n".join(b.body for b in blocks if b.lang == "console")
    for command in ("new claim", "new version", "show", "validate", "validate --lang id", "status"):
        assert f"$ python -m generator {command}" in transcripts
    text = GUIDE.read_text(encoding="utf-8")
    for words in ("python -m generator serve", "DOCUMENT@VERSION#CLAUSE", "status: withdrawn", "30 days", "`url`",
                  "GUI git clients", "error page", "`TODO`", "--kind", "--topic"):
        assert words in text


def test_every_example_in_the_guide_works(demo_content: Path, tmp_path: Path) -> None:
    work = demo_content.parent
    current, after_mistake = work, False
    for number, block in enumerate(guide_blocks()):
        if block.lang == "yaml":
            if "a mistake" in block.body.partition("\n")[0]:
                current = tmp_path / f"mistake-{number}"
                shutil.copytree(work / "content", current / "content")
                apply_yaml(block, current)
                after_mistake = True
                done = run_cli("validate", cwd=current, env=TODAY)
                assert done.returncode == 1, f"README.md:{block.line}: the mistake example validates"
            else:
                current, after_mistake = work, False
                apply_yaml(block, work)
                done = run_cli("validate", cwd=work, env=TODAY)
                assert done.returncode == 0, f"README.md:{block.line}: the example does not validate:\n{done.stderr}"
        elif block.lang == "console":
            check_transcript(block, current, expect_failure=after_mistake)
        elif block.lang not in ("sh", "text"):
            pytest.fail(f"README.md:{block.line}: unexpected code block language '{block.lang}'")
