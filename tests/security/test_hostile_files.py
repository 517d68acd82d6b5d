"""Files the loader cannot or must not read: each is a diagnostic at FILE:1:1 with a stable code,
never a traceback, a hang, or a value read from outside the content folder."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from generator.load import load_content

from .support import MINIMAL, assert_clean_failure, run_cli

SECRET = "secret-value-from-outside"


def validate(content: Path) -> tuple[int, list[str], str]:
    """(exit code, diagnostic lines about files, all output) of `validate` run in content's parent."""
    result = run_cli("validate", "--content", content.name, cwd=content.parent, timeout=120)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    lines = [line for line in result.stderr.splitlines()
             if any(f"[{code}]" in line for code in FILE_CODES)]
    return result.returncode, lines, output


FILE_CODES = ("unreadable-file", "unreadable-folder", "symlink-outside-content", "special-file", "ignored-file")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the content with a valid-looking claim whose values must never be read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "claim.yml").write_text(f"id: {SECRET}\ntopic: [{SECRET}]\n")
    return folder


def test_symlink_to_a_file_outside_content_is_refused_unread(content: Path, outside: Path):
    (content / "claims" / "linked.yml").symlink_to(outside / "claim.yml")
    code, lines, output = validate(content)
    assert code == 1
    assert lines == ["content/claims/linked.yml:1:1: error: symbolic link leads outside the content folder and is "
                     "not read; copy the file into the content folder instead [symlink-outside-content]"]
    assert SECRET not in output


def test_symlink_to_a_folder_outside_content_is_refused_unread(content: Path, outside: Path):
    (content / "claims" / "more").symlink_to(outside)
    (content / "documents" / "up.yml").symlink_to("../../outside/claim.yml")  # relative, leading out
    code, lines, output = validate(content)
    assert code == 1
    assert [line.split(": error")[0] for line in lines] == ["content/claims/more:1:1", "content/documents/up.yml:1:1"]
    assert all("[symlink-outside-content]" in line for line in lines)
    assert SECRET not in output


def test_symlink_inside_content_is_read(content: Path):
    (content / "claims" / "privacy" / "messages-encrypted.yml").rename(content / "kept.yml.txt")
    (content / "claims" / "privacy" / "messages-encrypted.yml").symlink_to("../../kept.yml.txt")
    code, lines, output = validate(content)
    assert code == 0, output
    assert lines == []


def test_special_file_is_skipped_with_a_warning(content: Path):
    os.mkfifo(content / "claims" / "pipe.yml")  # reading it would block forever
    code, lines, _ = validate(content)
    assert code == 0
    assert lines == ["content/claims/pipe.yml:1:1: warning: not read: a pipe, socket or device is not a content "
                     "file; remove it [special-file]"]


def test_file_that_cannot_be_opened_is_an_error(content: Path):
    """A dangling link and a link loop fail in open() for root too (unlike chmod 000)."""
    (content / "claims" / "gone.yml").symlink_to("missing.yml")
    (content / "claims" / "loop.yml").symlink_to("loop.yml")
    code, lines, _ = validate(content)
    assert code == 1
    assert lines == [
        "content/claims/gone.yml:1:1: error: the file cannot be read (it is a symbolic link to nothing); "
        "check its permissions, or remove it [unreadable-file]",
        "content/claims/loop.yml:1:1: error: the file cannot be read (Too many levels of symbolic links); "
        "check its permissions, or remove it [unreadable-file]",
    ]


def test_symlink_in_place_of_a_required_file_is_checked(content: Path, outside: Path):
    (content / "site.yml").unlink()
    (content / "site.yml").symlink_to(outside / "claim.yml")
    assert_clean_failure(run_cli("validate", "--content", "content", cwd=content.parent, timeout=120), 1,
                         "content/site.yml:1:1: error: symbolic link leads outside the content folder")


# --- permissions: chmod 000 ------------------------------------------------------------------


def load_without_privileges(content: Path) -> list[tuple[str, int, int, str, str]]:
    """load_content(content) as a user who obeys file permissions; returns (path, line, col, severity, code).

    Root reads everything whatever the mode, so as root the loader runs in a forked child that
    has dropped to `nobody` (uid 65534); otherwise in this process.
    """

    def problems() -> list[tuple[str, int, int, str, str]]:
        return [(d.path.relative_to(content).as_posix(), d.line, d.col, d.severity, d.code)
                for d in load_content(content).diagnostics if d.code != "ignored-file"]

    if os.geteuid() != 0:
        return problems()
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            payload = json.dumps(problems()).encode()
        except BaseException as error:  # noqa: BLE001 - reported to the parent
            payload = json.dumps({"error": repr(error)}).encode()
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    os.waitpid(child, 0)
    result = json.loads(payload)
    assert not isinstance(result, dict), result
    return [tuple(item) for item in result]


@pytest.fixture
def shared_content() -> Path:
    """A copy of the minimal content that another user may read (pytest's tmp_path is 0700)."""
    base = Path(tempfile.mkdtemp(prefix="security-", dir="/tmp"))
    os.chmod(base, 0o755)
    target = base / "content"
    shutil.copytree(MINIMAL, target)
    for parent, folders, files in os.walk(target):
        for name in folders:
            os.chmod(os.path.join(parent, name), 0o755)
        for name in files:
            os.chmod(os.path.join(parent, name), 0o644)
    yield target
    for parent, folders, _ in os.walk(base):
        for name in folders:
            os.chmod(os.path.join(parent, name), 0o755)
    shutil.rmtree(base)


def test_unreadable_file_is_an_error(shared_content: Path):
    os.chmod(shared_content / "claims" / "draft-claim.yml", 0)
    assert load_without_privileges(shared_content) == [
        ("claims/draft-claim.yml", 1, 1, "error", "unreadable-file")]


def test_unreadable_folder_is_an_error_not_skipped(shared_content: Path):
    os.chmod(shared_content / "claims" / "privacy", 0)
    assert load_without_privileges(shared_content) == [
        ("claims/privacy", 1, 1, "error", "unreadable-folder")]


def test_unreadable_content_folder_is_one_error(shared_content: Path):
    os.chmod(shared_content, 0)
    assert load_without_privileges(shared_content) == [(".", 1, 1, "error", "unreadable-folder")]
