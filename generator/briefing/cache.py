"""The site's briefing downloads, rendered only when what they show changed.

Every file of `downloads.briefing_files` (the whole set and one per topic, per language and
format) is keyed by the SHA-256 of: what the briefing shows (`structure.content_digest`), the
format, and the generator's own fingerprint (the source of the briefing code, templates, UI
strings and fonts, plus the versions of the PDF and DOCX engines). A key that is in the cache is
copied once the SHA-256 stored beside it agrees; any other file is rendered and stored. So an edit to one claim re-renders that claim's
topic briefings and, on a small site, the whole-set ones (a large site's whole set is a ZIP of
the topic files, archived anew each build); a code change re-renders everything; nothing stale
is ever served. The cache lives outside the site folder and is safe to delete at any time.

Below the files, `PartCache` keeps the PDF writer's laid-out parts (`parts/`), keyed by the
part's HTML: re-rendering a topic's PDF after one claim changed lays out the part holding that
claim and the contents, and takes every other part from the cache.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence
from zipfile import ZIP_STORED

from ..downloads import BUNDLE, BriefingFile, briefing_files
from ..model import ContentModel
from ..output import reproducible_zip, source_date, write_atomic
from .assembly import PartLayout
from .structure import Briefing, build_briefing, content_digest

PACKAGE = Path(__file__).resolve().parent.parent
CODE_PARTS = ("briefing/*.py", "downloads.py", "i18n.py", "markup.py", "matrix.py", "model.py", "output.py",
              "templates/briefing/*", "locales/*.yml", "fonts/*")
ENGINES = ("weasyprint", "python-docx", "pydyf", "fonttools", "pikepdf")
UNUSED_DAYS = 14  # cache entries not used for this long are removed
CHECKSUM = ".sha256"  # beside each cached file: its bytes' SHA-256, checked before it is reused


@dataclass(frozen=True)
class Outcome:
    """What one build did with its briefing files (the benchmark and the tests read it)."""

    rendered: tuple[str, ...]
    reused: tuple[str, ...]
    bundled: tuple[str, ...] = ()  # archives of other files, made anew each time (cheap: stored, not compressed)


def cache_dir_for(site_dir: Path) -> Path:
    """$XDG_CACHE_HOME/policy-explainer/briefings when set, else `.cache/briefings` beside the site folder."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "policy-explainer" / "briefings"
    return site_dir.resolve().parent / ".cache" / "briefings"


@functools.lru_cache(maxsize=1)
def generator_fingerprint() -> str:
    """A hash of everything besides the content that shapes a briefing file's bytes."""
    digest = hashlib.sha256()
    for pattern in CODE_PARTS:
        for path in sorted(PACKAGE.glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for engine in ENGINES:
        try:
            digest.update(f"{engine}={importlib.metadata.version(engine)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{engine}=none\0".encode())
    return digest.hexdigest()


def cache_key(briefing: Briefing, fmt: str) -> str:
    text = f"{content_digest(briefing)}\0{briefing.lang}\0{fmt}\0{generator_fingerprint()}"
    return hashlib.sha256(text.encode()).hexdigest()


class PartCache:
    """Laid-out PDF parts by the SHA-256 of their HTML and the generator (`pdf.LayoutStore`).

    An entry is one line of JSON (page sizes, anchors, bookmarks, the PDF's SHA-256), a
    newline, then the part's PDF bytes: plain data, never code. An entry that does not read
    back whole (damaged, cut short) is laid out again.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def _path(self, html: str) -> Path:
        key = hashlib.sha256(f"{generator_fingerprint()}\0".encode() + html.encode("utf-8")).hexdigest()
        self.used.add(f"{key}.part")
        return self.folder / f"{key}.part"

    def get(self, html: str) -> PartLayout | None:
        path = self._path(html)
        try:
            head, pdf = path.read_bytes().split(b"\n", 1)
            meta = json.loads(head)
            if meta["sha256"] != hashlib.sha256(pdf).hexdigest():
                return None  # cut short or altered on disk
            layout = PartLayout(
                pdf, tuple(tuple(size) for size in meta["sizes"]),
                tuple({name: tuple(point) for name, point in page.items()} for page in meta["anchors"]),
                tuple(tuple(tuple(mark) for mark in page) for page in meta["bookmarks"]))
            os.utime(path)  # keeps it from being pruned
            return layout
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, html: str, layout: PartLayout) -> None:
        meta = {"sizes": layout.sizes, "anchors": layout.anchors, "bookmarks": layout.bookmarks,
                "sha256": hashlib.sha256(layout.pdf).hexdigest()}
        write_atomic(self._path(html), json.dumps(meta, separators=(",", ":")).encode() + b"\n" + layout.pdf)


def write_site_briefings(model: ContentModel, folder: Path, formats: Sequence[str], drafts: bool,
                         cache_dir: Path | None, render: Callable[..., bytes] | None = None) -> Outcome:
    """Write every briefing file the site offers into `folder`, from the cache where possible."""
    render = render or render_structure
    parts = PartCache(cache_dir / "parts") if cache_dir is not None else None
    folder.mkdir(parents=True, exist_ok=True)
    rendered, reused, bundled, used = [], [], [], set()
    briefings: dict[tuple[str, str | None], Briefing] = {}
    for file in briefing_files(model, formats, drafts):
        if file.fmt == BUNDLE:
            members = ((name, (folder / name).read_bytes()) for name in file.members)
            write_atomic(folder / file.name, reproducible_zip(members, source_date(model.content_date), ZIP_STORED))
            bundled.append(file.name)
            continue
        briefing = briefings.get((file.lang, file.topic))
        if briefing is None:
            briefing = briefings[(file.lang, file.topic)] = build_briefing(model, file.lang, file.topics, drafts)
        key = f"{cache_key(briefing, file.fmt)}.{file.fmt}"
        used.update((key, f"{key}{CHECKSUM}"))
        cached = cache_dir / key if cache_dir else None
        data = _read_cached(cached) if cached is not None else None
        if data is not None:
            write_atomic(folder / file.name, data)
            reused.append(file.name)
            continue
        data = render(briefing, file.fmt, parts)
        if cached is not None:
            write_atomic(cached, data)
            write_atomic(cached.with_name(f"{key}{CHECKSUM}"), hashlib.sha256(data).hexdigest())
        write_atomic(folder / file.name, data)
        rendered.append(file.name)
    if cache_dir is not None:
        prune(cache_dir, keep=used)
    if parts is not None:
        prune(parts.folder, keep=parts.used)
    return Outcome(tuple(rendered), tuple(reused), tuple(bundled))


def render_structure(briefing: Briefing, fmt: str, parts: PartCache | None = None) -> bytes:
    if fmt == "pdf":
        from .pdf import write_pdf

        return write_pdf(briefing, parts)
    if fmt == "docx":
        from .docx import write_docx

        return write_docx(briefing)
    raise ValueError(f"the site offers no {fmt!r} briefings")


def prune(cache_dir: Path, keep: set[str]) -> None:
    """Remove entries unused for UNUSED_DAYS (other sites or older content may share the folder)."""
    limit = time.time() - UNUSED_DAYS * 86400
    for entry in cache_dir.glob("*"):
        try:
            if entry.name not in keep and entry.is_file() and entry.stat().st_mtime < limit:
                entry.unlink()
        except OSError:
            pass  # another build pruned it first


def _read_cached(path: Path) -> bytes | None:
    """A cached file's bytes if they are whole (the SHA-256 beside them agrees), else None."""
    try:
        data = path.read_bytes()
        if path.with_name(f"{path.name}{CHECKSUM}").read_text("ascii").strip() != hashlib.sha256(data).hexdigest():
            return None  # cut short or altered on disk: rendered again
        os.utime(path)  # keeps both from being pruned
        os.utime(path.with_name(f"{path.name}{CHECKSUM}"))
        return data
    except (OSError, ValueError):
        return None


__all__ = ["BriefingFile", "Outcome", "PartCache", "cache_dir_for", "cache_key", "generator_fingerprint", "write_site_briefings"]
