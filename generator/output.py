"""Writing outputs so that a failure, a killed run or a second run at once never leaves a
half-written, missing or unreadable output behind."""

from __future__ import annotations

import ctypes
import datetime as dt
import fcntl
import io
import os
import shutil
import signal
import stat
import sys
import tempfile
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from .paths import SITE_MARKER, RefusedError

LOCK_WAIT_SECONDS = 1800
"""How long a build waits for another build into the same folder before giving up."""


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file beside `path`, then rename over it in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_directory(built: Path, target: Path) -> None:
    """Swap a freshly built directory into place; the old one is removed only after the swap."""
    target = target.resolve()
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        with _signals_held():  # between the two renames there is no site at all
            os.replace(target, old)
            os.replace(built, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(built, target)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGTERM and SIGINT back for a few system calls that must not be cut in half."""
    held = {signal.SIGTERM, signal.SIGINT}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def source_date(default: dt.date | None = None) -> dt.datetime:
    """The build's timestamp: SOURCE_DATE_EPOCH when set (reproducible builds), else `default` or now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    if default is not None:
        return dt.datetime(default.year, default.month, default.day, tzinfo=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


def reproducible_zip(members: Iterable[tuple[str, bytes]], when: dt.datetime,
                     compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of `members` in the given order, every timestamp `when` (not before 1980, as zip
    requires) and no attributes from this machine: the same members give the same bytes."""
    stamp = max(when.astimezone(dt.timezone.utc), dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc))
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = compression
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, data)
    return output.getvalue()


def today() -> dt.date:
    """The date a run checks content against and writes into new files: SOURCE_DATE_EPOCH's date
    when set, else today where the editor is (local time, not UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return source_date().date()
    return dt.date.today()


# --- sites: one build at a time, leftovers removed, readable by the web server ---------------


@contextmanager
def site_lock(site_dir: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold `.<site>.lock` beside the site folder: builds into one folder run one after another.

    The lock is an flock, so it goes away with the process however that ends. The holder removes
    the file when done; a waiter that then holds a lock on the removed file tries again on the new one.
    """
    lock_path = site_dir.parent / f".{site_dir.name}.lock"
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as error:
            raise RefusedError(f"cannot create the lock file '{lock_path}' ({error.strerror}); "
                               "check that the site's parent folder is writable") from error
        while not _try_lock(fd):
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            if not told:
                print(f"waiting for another build into '{site_dir}' (process {holder}) to finish", file=sys.stderr)
                told = True
            if time.monotonic() > deadline:
                os.close(fd)
                raise RefusedError(f"another build into '{site_dir}' (process {holder}) has held "
                                   f"'{lock_path}' for over {wait:.0f} s; wait for it or stop it")
            time.sleep(0.2)
        if _same_file(fd, lock_path):
            break
        os.close(fd)  # the previous holder removed this file while we waited: lock the current one
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        Path(lock_path).unlink(missing_ok=True)
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.lstat(path))
    except FileNotFoundError:
        return False


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def remove_stale_staging(site_dir: Path) -> list[Path]:
    """Remove `.<site>.building-*` and `.<site>.old` folders that killed builds left behind.

    Only call this while holding `site_lock`: then no live build owns any of them.
    """
    building, old = f".{site_dir.name}.building-", f".{site_dir.name}.old"
    previous = site_dir.parent / old
    if previous.is_dir() and not os.path.lexists(site_dir):  # killed mid-swap: the old site comes back
        os.replace(previous, site_dir)
    stale = [site_dir.parent / name for name in sorted(os.listdir(site_dir.parent))
             if name.startswith(building) or name == old]
    removed = []
    for folder in stale:
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def mark_site(site_dir: Path) -> None:
    """Write the marker that lets later builds replace this folder (see paths.check_site_dir)."""
    write_atomic(site_dir / SITE_MARKER, "This folder was built by policy explainer "
                 "(python -m generator build); the next build replaces all of it.\n")


def make_public(folder: Path) -> None:
    """Folders 0755, files 0644, whatever the umask or mkdtemp's 0700: a web server runs as another user."""
    os.chmod(folder, 0o755)
    for parent, folders, files in os.walk(folder):
        for name in folders:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755)
        for name in files:
            path = os.path.join(parent, name)
            if stat.S_ISREG(os.lstat(path).st_mode):
                os.chmod(path, 0o644)


# --- processes ------------------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """In a child process: be terminated when the parent dies, even by SIGKILL (Linux prctl).

    Elsewhere multiprocessing's daemon flag covers the parent's normal exit only.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):
            return
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit so that `finally` blocks remove temporary folders."""

    def handle(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handle)
