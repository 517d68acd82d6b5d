"""Which output paths and ports a command may use: checked before anything is read or written.

One policy for every command (SPEC §4, "Outputs never destroy inputs"): `build --site-dir`,
`mkdocs build`, `briefing`/`export`/`schema -o` and `schema --all` all ask here first. A refusal
is one line that says what is wrong and how to proceed; the command exits 2 with nothing touched.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import stat
from pathlib import Path
from typing import Iterable

SITE_MARKER = ".policy-explainer-site"
"""Written into every site the generator builds; a non-empty folder without it is not ours to replace."""

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
PROJECT_MARKERS = (".git", "mkdocs.yml")


class RefusedError(Exception):
    """An output path or port that the command must not use (a usage error, exit 2)."""


# --- command-line syntax: what only the raw string shows ---------------------------------------


def site_dir_argument(raw: str) -> Path:
    """argparse type for --site-dir: an empty string would silently mean the current folder."""
    if not raw.strip():
        raise argparse.ArgumentTypeError("an empty folder name would mean the current folder; name the site folder")
    return Path(raw)


def output_file_argument(raw: str) -> Path:
    """argparse type for -o FILE: a trailing slash names a folder, which Path() would forget."""
    if not raw.strip():
        raise argparse.ArgumentTypeError("an empty file name; name the output file")
    if raw.endswith(("/", os.sep)) or raw in {".", ".."}:
        raise argparse.ArgumentTypeError(f"'{raw}' names a folder; give the name of a file")
    return Path(raw)


# --- the site folder ------------------------------------------------------------------------


def check_site_dir(site_dir: Path, content_dir: Path | None, project_roots: Iterable[Path] = ()) -> None:
    """Refuse a site folder that a build would destroy inputs with; see SPEC §4.

    The build replaces the whole folder, so it must not be, contain or lie inside the content
    folder, the project's sources or a git repository, and must be new, empty or an earlier site.
    """
    target = _real(site_dir)
    shown = f"--site-dir '{site_dir}'"
    if target == Path(target.anchor):
        raise RefusedError(f"{shown} is the root of the file system; name a new or empty folder for the site")
    if content_dir is not None:
        content = _real(content_dir)
        if _within(target, content):
            raise RefusedError(f"{shown} is or lies inside the content folder '{content_dir}'; "
                               "building there would replace content files; choose a folder outside it, e.g. site")
        if _within(content, target):
            raise RefusedError(f"{shown} contains the content folder '{content_dir}'; "
                               "building there would delete it; choose a new folder, e.g. site")
    for root in {_real(r) for r in (*project_roots, PROJECT_ROOT, *_enclosing_repositories(target))}:
        if _within(root, target):
            raise RefusedError(f"{shown} is or contains the project folder '{root}'; "
                               "building there would delete it; choose a new folder inside it, e.g. site")
        for source in (root / ".git", *( [PACKAGE_DIR] if root == PROJECT_ROOT else [])):
            if _within(target, source):
                raise RefusedError(f"{shown} lies inside '{source}', which the build must not change; "
                                   "choose a new folder, e.g. site")
    if os.path.lexists(target) and not target.is_dir():
        raise RefusedError(f"{shown} is a file, not a folder; choose a new or empty folder for the site")
    if not target.is_dir():
        return
    try:
        names = set(os.listdir(target))
    except OSError as error:
        raise RefusedError(f"{shown} cannot be read ({error.strerror}); choose another folder") from error
    held = [name for name in PROJECT_MARKERS if name in names]
    if held:
        raise RefusedError(f"{shown} holds {' and '.join(held)}, so it is a project, not a site; "
                           "choose a new folder for the site, e.g. site")
    if names and SITE_MARKER not in names:
        raise RefusedError(f"{shown} is not empty and was not built by this generator (no {SITE_MARKER} file); "
                           "a site built by an older version has none: delete the folder yourself first, "
                           "or choose a new or empty folder")


def _enclosing_repositories(path: Path) -> list[Path]:
    """Folders above `path` that hold `.git` or `mkdocs.yml`: projects the site may sit in, not replace."""
    return [parent for parent in path.parents if any((parent / name).exists() for name in PROJECT_MARKERS)]


# --- single output files --------------------------------------------------------------------


def check_output_file(path: Path, content_dir: Path | None, option: str = "-o") -> None:
    """Refuse a file a command would write over: a folder, a link, a special file, or content."""
    shown = f"{option} '{path}'"
    try:
        status = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # the parent is checked below
        status = None
    except OSError as error:
        raise RefusedError(f"{shown} cannot be checked ({error.strerror}); choose another file") from error
    if status is not None:
        if stat.S_ISLNK(status.st_mode):
            raise RefusedError(f"{shown} is a symbolic link, which would be replaced by a file; "
                               "give the path of the file itself")
        if stat.S_ISDIR(status.st_mode):
            raise RefusedError(f"{shown} is a folder; give the name of a file (inside it, if you like)")
        if not stat.S_ISREG(status.st_mode):
            raise RefusedError(f"{shown} is a special file (device, pipe or socket); give the path of a regular file")
    parent = next((p for p in (path.absolute().parent, *path.absolute().parent.parents) if os.path.lexists(p)), None)
    if parent is not None and not parent.is_dir():
        raise RefusedError(f"{shown}: '{parent}' is a file, not a folder; choose another path")
    if content_dir is not None and _within(_real(path), _real(content_dir)):
        raise RefusedError(f"{shown} lies inside the content folder '{content_dir}'; "
                           "writing there would replace or add content files; choose a path outside it")


def check_output_folder(folder: Path, content_dir: Path | None, option: str = "--all") -> None:
    """Refuse a folder that files are written into when it is content, a link or not a folder."""
    shown = f"{option} '{folder}'"
    if os.path.islink(folder):
        raise RefusedError(f"{shown} is a symbolic link; give the folder itself")
    if os.path.lexists(folder) and not folder.is_dir():
        raise RefusedError(f"{shown} is not a folder; give a folder to write into")
    if content_dir is not None and _within(_real(folder), _real(content_dir)):
        raise RefusedError(f"{shown} is or lies inside the content folder '{content_dir}'; choose a folder outside it")


# --- serve ----------------------------------------------------------------------------------


def check_port(port: int, host: str = "127.0.0.1") -> None:
    """Refuse a port that is out of range or already in use, before any build starts."""
    if not 0 <= port <= 65535:
        raise RefusedError(f"--port {port} is not a port number (0-65535; 0 or none picks a free one)")
    if port == 0:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise RefusedError(f"port {port} on {host} is already in use; "
                                   "stop what uses it, choose another --port, or leave --port out for a free one") from error
            raise RefusedError(f"port {port} on {host} cannot be used ({error.strerror}); choose another --port") from error


# --- plumbing -------------------------------------------------------------------------------


def _real(path: Path) -> Path:
    """The absolute path with every symbolic link resolved, whether or not it exists yet."""
    return Path(os.path.realpath(path))


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
