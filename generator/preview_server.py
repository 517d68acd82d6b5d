"""`serve`: the live preview on 127.0.0.1, rebuilding only what a save changed.

Three parts, each on its own thread: an HTTP server that serves each language's folder (with the
live-reload script in every page, and the error page for every URL while the content has
errors), a watcher that notices saved files, and the builder (the caller's thread) that
re-validates and updates the languages, the one being viewed first. The server is up before the
first build, so the first page appears as soon as its language is built.
"""

from __future__ import annotations

import http.server
import logging
import mimetypes
import posixpath
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

from .diagnostics import ContentError, Diagnostic
from .model import ContentModel
from .preview import LanguagePreview, snapshot_files
from .preview_pages import RELOAD_PATH, building_page, error_page, inject_script, not_found_page, reload_script
from .schema import LANGUAGES
from .validate import load_model

T = TypeVar("T")
log = logging.getLogger("mkdocs.plugins.policy_explainer.preview")
WATCH_INTERVAL = 0.1  # seconds between two looks at the content files
SETTLE = 0.05  # editors save several files, or one file in steps: wait this long for quiet
LONG_POLL = 25.0  # seconds a reload request waits before answering "nothing new"


class PreviewState:
    """What the server shows, shared between the builder and the request threads."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.languages: tuple[str, ...] = LANGUAGES
        self.folders: dict[str, Path] = {}
        self.partial: frozenset[str] = frozenset()  # languages whose folder is still being filled
        self.generations: dict[str, int] = {}
        self.problems: dict[str, list[Diagnostic]] = {}  # per language, until it is rebuilt from fixed content
        self.fingerprint = ""  # the content's, shown in every page's footer
        self.old_fingerprints: set[str] = set()
        self.viewed = ""  # the language a reader looked at last
        self.viewed_src = ""  # and the page, as a source path ("claims/x/index.md")
        # Held while a language's folder is written, so a reader gets all of a save or none of it.
        self.writing = {lang: threading.Lock() for lang in LANGUAGES}

    @property
    def default(self) -> str:
        return self.languages[0]

    def generation(self, lang: str) -> int:
        return self.generations.get(lang, 0)

    def publish(self, langs: tuple[str, ...], **changes: object) -> None:
        """Apply `changes`, then wake the pages of `langs` (they reload)."""
        with self.changed:
            for name, value in changes.items():
                setattr(self, name, value)
            for lang in langs:
                self.generations[lang] = self.generation(lang) + 1
            self.changed.notify_all()

    def wait(self, lang: str, since: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.generation(lang) != since, timeout=timeout)
            return self.generation(lang)

    def look_at(self, path: str) -> None:
        """Remember the page a reader is on: a save rebuilds it first."""
        lang, inner = self.language_of(path)
        if inner == "" or inner.endswith("/"):
            self.viewed, self.viewed_src = lang, inner + "index.md"
        elif inner.endswith("/index.html"):
            self.viewed, self.viewed_src = lang, inner[: -len("html")] + "md"

    def language_of(self, path: str) -> tuple[str, str]:
        """(language, path inside that language's folder) of a URL path."""
        first, _, rest = path.lstrip("/").partition("/")
        if first in self.languages and first != self.default:
            return first, rest
        return self.default, path.lstrip("/")


class PreviewServer:
    """Builds the preview into a temporary folder and serves it; `serve_forever` until interrupted."""

    def __init__(self, config_file: Path, content_dir: Path, port: int, drafts: bool) -> None:
        self.content_dir = content_dir
        self.url = f"http://127.0.0.1:{port}/"
        self.state = PreviewState()
        self.root = Path(tempfile.mkdtemp(prefix="policy-explainer-preview-"))
        self.previews = {lang: LanguagePreview(config_file, content_dir, self.root, lang, self.url, drafts,
                                               writing=self.state.writing[lang]) for lang in LANGUAGES}
        self.httpd = _Server(("127.0.0.1", port), _Handler)
        self.httpd.state = self.state
        self.saved = threading.Event()
        self.stopping = threading.Event()
        self._reported: list[Diagnostic] = []  # the warnings printed last
        self.restyled = threading.Event()  # mkdocs.yml, docs/ or the theme overrides changed

    def serve_forever(self) -> None:
        threads = [threading.Thread(target=self.httpd.serve_forever, name="preview-http", daemon=True),
                   threading.Thread(target=self._watch, name="preview-watch", daemon=True)]
        for thread in threads:
            thread.start()
        print(f"Serving the preview at {self.url} (Ctrl+C to stop)", file=sys.stderr)
        self._update_reporting_failures()
        while not self.stopping.is_set():
            if self.saved.wait(timeout=0.5):
                time.sleep(SETTLE)
                self.saved.clear()
                self._update_reporting_failures()

    def _update_reporting_failures(self) -> None:
        try:
            self.update()
        except Exception as error:  # noqa: BLE001 - e.g. a file removed while it was read: the next save retries
            log.exception("the preview was not updated")
            print(f"the preview was not updated: {error}", file=sys.stderr)

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for preview in self.previews.values():
            preview.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def update(self) -> None:
        """Re-validate; show the errors, or bring every language up to date, the viewed one first."""
        started = time.monotonic()
        warnings: list[Diagnostic] = []
        try:
            model = load_model(self.content_dir, strict=False, report=warnings.append)
        except ContentError as error:
            self._reported = []
            for diagnostic in error.diagnostics:
                print(diagnostic.format(), file=sys.stderr)
            print(f"content errors: the preview shows them at {self.url}", file=sys.stderr)
            diagnostics = list(error.diagnostics)
            self.state.publish(self.state.languages, problems={lang: diagnostics for lang in self.state.languages})
            return
        if warnings != self._reported:  # each save would repeat the same warnings otherwise
            for diagnostic in warnings:
                print(diagnostic.format(), file=sys.stderr)
            self._reported = warnings
        self._use_model(model)
        viewed, viewed_src = self.state.viewed, self.state.viewed_src
        first = self.previews.get(viewed)
        if first is not None and not self.restyled.is_set() and self._guarded(viewed, lambda: first.update_page(model, viewed_src)):
            self._show(viewed)
            print(f"{viewed}: {viewed_src} updated in {time.monotonic() - started:.2f} s", file=sys.stderr)
        order = sorted(model.site.languages, key=lambda lang: (lang != viewed, model.site.languages.index(lang)))
        whole = self.restyled.is_set()
        self.restyled.clear()
        for lang in order:
            if self.saved.is_set():
                if whole:
                    self.restyled.set()  # still to do, after the newer save
                return  # serve_forever comes straight back
            first_src = self.state.viewed_src if lang == self.state.viewed else "index.md"
            done = self._guarded(lang, lambda: self.previews[lang].update(
                model, interrupted=self.saved.is_set, first_src=first_src, whole=whole,
                on_first_page=lambda folder: self._show(lang, folder, partial=True)))
            if done is None:
                continue
            self._show(lang)
            if done.retired is not None:
                shutil.rmtree(done.retired, ignore_errors=True)
            what = "rebuilt" if done.full else f"{done.pages} page(s) updated"
            print(f"{lang}: {what} in {time.monotonic() - started:.2f} s", file=sys.stderr)
            if not done.complete:
                return  # a newer save is waiting: serve_forever comes straight back

    def _guarded(self, lang: str, work: Callable[[], T]) -> T | None:
        """`work`, or None when it failed: a failed MkDocs build must not end the preview."""
        try:
            return work()
        except Exception as error:  # noqa: BLE001
            log.exception("the %s pages were not rebuilt", lang)
            self.previews[lang].built = None
            print(f"{lang}: the preview was not rebuilt: {error}", file=sys.stderr)
            return None

    def _show(self, lang: str, folder: Path | None = None, partial: bool = False) -> None:
        """Serve `lang`'s folder (no longer its errors) and reload its open pages; a `partial` folder
        is still being written: its missing pages are "being built", not "not found"."""
        folder = folder or self.previews[lang].folder
        assert folder is not None
        state = self.state
        problems = {other: found for other, found in state.problems.items() if other != lang}
        partial_languages = state.partial | {lang} if partial else state.partial - {lang}
        state.publish((lang,), folders={**state.folders, lang: folder}, problems=problems, partial=partial_languages)

    def _use_model(self, model: ContentModel) -> None:
        """Pages kept from earlier saves show the content fingerprint of their own build in the
        footer; the server swaps in the current one (the only text every page shares)."""
        state = self.state
        old = {state.fingerprint} - {"", model.fingerprint}
        state.publish((), languages=model.site.languages, fingerprint=model.fingerprint,
                      old_fingerprints=state.old_fingerprints | old)

    def _watch(self) -> None:
        """Poll the files' sizes and times: simple, and the same on every system."""
        seen = snapshot_files(self.content_dir)
        roots: list[Path] = []
        configuration: dict[str, tuple[int, int]] = {}  # as the first whole build found it, then as seen
        while not self.stopping.wait(WATCH_INTERVAL):
            now = snapshot_files(self.content_dir)
            if now != seen:
                seen = now
                self.saved.set()
            if not roots:  # known once a whole build has started
                started = next((p for p in self.previews.values() if p.configuration_roots), None)
                if started is None:
                    continue
                roots, configuration = started.configuration_roots, started.configuration
            if (now_configuration := snapshot_files(*roots)) != configuration:
                configuration = now_configuration
                self.restyled.set()
                self.saved.set()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    state: PreviewState

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self._respond(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path == RELOAD_PATH:
            query = parse_qs(parts.query)
            lang = query.get("lang", [""])[0]
            state.look_at(query.get("page", [""])[0])
            since = int(query.get("since", ["0"])[0] or 0)
            self._send(200, "text/plain; charset=utf-8", str(state.wait(lang, since, LONG_POLL)).encode(), head)
            return
        lang, inner = state.language_of(path)
        is_page = inner == "" or inner.endswith("/") or inner.endswith(".html") or "." not in posixpath.basename(inner)
        if is_page:
            state.look_at(path)
        problems = state.problems.get(lang)
        if is_page and problems is not None:
            self._send_html(200, error_page(problems, lang, state.generation(lang)), head)
        elif lang not in state.folders:
            self._send_html(200, building_page(lang, state.generation(lang)), head) if is_page else self._send(503, "text/plain", b"", head)
        else:
            with state.writing[lang]:
                self._send_file(state.folders[lang], inner, lang, is_page, head)

    def _send_file(self, folder: Path, inner: str, lang: str, is_page: bool, head: bool) -> None:
        """A file of a language's folder; pages get the live-reload script and the current fingerprint."""
        state = self.server.state
        file = _file_in(folder, inner)
        if file is not None and file.is_dir():
            if inner and not inner.endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.end_headers()
                return
            file = file / "index.html"
        try:
            data = file.read_bytes() if file is not None else None
        except OSError:
            data = None
        if data is None or file is None:
            if is_page and lang in state.partial:
                self._send_html(200, building_page(lang, state.generation(lang)), head)
            elif is_page:
                self._send_html(404, not_found_page(lang, state.generation(lang)), head)
            else:
                self._send(404, "text/plain", b"", head)
            return
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type != "text/html":
            self._send(200, content_type, data, head)
            return
        text = data.decode("utf-8")
        for old in state.old_fingerprints:
            text = text.replace(old, state.fingerprint)
        self._send_html(200, inject_script(text, reload_script(lang, state.generation(lang))), head)

    def _send_html(self, status: int, page: str, head: bool) -> None:
        self._send(status, "text/html; charset=utf-8", page.encode("utf-8"), head)

    def _send(self, status: int, content_type: str, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)


def _file_in(folder: Path, inner: str) -> Path | None:
    """`inner` below `folder`, or None when the path would leave it."""
    parts = [part for part in inner.split("/") if part not in ("", ".")]
    if any(part == ".." or "\\" in part or part.startswith(".") for part in parts):
        return None
    return folder.joinpath(*parts)
