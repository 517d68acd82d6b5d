"""Finding content files without trusting the folder: unreadable entries, symbolic links that
lead out of the content folder and special files become diagnostics instead of tracebacks,
hangs or reads of files elsewhere on the machine."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterator, Literal

from .diagnostics import Diagnostic, Message, msg

EntryKind = Literal["file", "folder", "missing", "refused"]


def files_below(directory: Path, real_root: str, diagnostics: list[Diagnostic]) -> Iterator[Path]:
    """Regular files below `directory` in path order, hidden entries left out (editor swap and
    lock files). Iterative, so a deep tree of folders cannot exhaust the stack."""
    stack: list[Iterator[str]] = []
    folders: list[Path] = []

    def enter(folder: Path) -> None:
        try:
            names = sorted(name for name in os.listdir(folder) if not name.startswith("."))
        except OSError as error:
            diagnostics.append(unreadable(folder, error, folder=True))
            return
        folders.append(folder)
        stack.append(iter(names))

    enter(directory)
    while stack:
        name = next(stack[-1], None)
        if name is None:
            stack.pop()
            folders.pop()
            continue
        path = folders[-1] / name
        kind = entry_kind(path, real_root, diagnostics)
        if kind == "folder":
            enter(path)
        elif kind == "file":
            yield path


def entry_kind(path: Path, real_root: str, diagnostics: list[Diagnostic]) -> EntryKind:
    """'file', 'folder' or 'missing' for what may be read; anything else is reported here and
    comes back as 'refused'. A link is judged by where it leads, and never followed out of `root`."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return "missing"
    except OSError as error:
        diagnostics.append(unreadable(path, error))
        return "refused"
    if stat.S_ISLNK(status.st_mode):
        target = os.path.realpath(path)
        if os.path.commonpath([target, real_root]) != real_root:
            diagnostics.append(Diagnostic(path, 1, 1, "error", "symlink-outside-content",
                                          msg("symlink-outside-content")))
            return "refused"
        try:
            status = os.stat(path)
        except OSError as error:  # a dangling link or a loop
            diagnostics.append(unreadable(path, error))
            return "refused"
        if stat.S_ISDIR(status.st_mode):  # inside the content folder anyway: reading it twice helps nobody
            diagnostics.append(Diagnostic(path, 1, 1, "warning", "ignored-file",
                                          msg("symlink-folder")))
            return "refused"
    if stat.S_ISDIR(status.st_mode):
        return "folder"
    if stat.S_ISREG(status.st_mode):
        return "file"
    diagnostics.append(special_file(path))
    return "refused"


def unreadable(path: Path, error: OSError, folder: bool = False) -> Diagnostic:
    what = "folder" if folder else "file"
    reason: str | Message = error.strerror or type(error).__name__
    if isinstance(error, FileNotFoundError) and os.path.islink(path):
        reason = msg("reason-dangling-link")
    return Diagnostic(path, 1, 1, "error", f"unreadable-{what}",
                      msg("unreadable-folder", reason=reason) if folder else msg("unreadable-file", reason=reason))


def special_file(path: Path) -> Diagnostic:
    return Diagnostic(path, 1, 1, "warning", "special-file",
                      msg("special-file"))
