"""Helpers for the real-browser tests: build the site once, serve it on 127.0.0.1, drive Chromium.

Kept free of pytest fixtures so that the pieces can be tried by hand (with tests/ on sys.path,
as pytest puts it):

    from browser_support import build_site, StaticServer, SiteLayout
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
LOCAL_HOST = "127.0.0.1"
SOURCE_DATE_EPOCH = "2051222400"  # 2035-01-01T00:00:00Z: fixed (reproducible), later than every content date

# Debian's Chromium phones home (Google hosts, component updates, sync) unless told not to;
# the machine's network is closed and this is a privacy site, so switch all of it off.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about", "chrome", "chrome-extension", "devtools"}


def chromium_available() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    return env


def build_site(content: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`python -m generator build` in a subprocess, as a user would run it; raises on failure."""
    command = [sys.executable, "-m", "generator", "build", "--content", str(content),
               "--site-dir", str(site_dir), *extra]
    done = subprocess.run(command, cwd=ROOT, env=build_env(), capture_output=True, text=True,
                          timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}\n"
                           f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}")
    return done


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that navigates away mid-download closes its socket: not a server fault.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class StaticServer:
    """A threaded http.server over one folder, on 127.0.0.1 only; use as a context manager."""

    def __init__(self, root: Path, port: int = 0) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = _Server((LOCAL_HOST, port), handler)
        self.port = int(self.httpd.server_address[1])
        self.origin = f"http://{LOCAL_HOST}:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="site-server",
                                        daemon=True)

    def __enter__(self) -> "StaticServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=10)


@dataclass
class SiteLayout:
    """Where each language lives: the default at /, the others under /<lang>/ (SPEC §3)."""

    origin: str
    languages: list[str]

    @property
    def default(self) -> str:
        return self.languages[0]

    @property
    def other(self) -> str:
        return self.languages[1]

    def prefix(self, lang: str) -> str:
        return "/" if lang == self.default else f"/{lang}/"

    def url(self, lang: str, path: str = "") -> str:
        """Absolute URL of `path` (e.g. 'claims/x/') in `lang`."""
        return f"{self.origin}{self.prefix(lang)}{path.lstrip('/')}"

    def lang_of(self, url: str) -> str:
        """Which language's site a URL of this origin belongs to."""
        path = urlsplit(url).path
        return next((lang for lang in self.languages[1:] if path.startswith(f"/{lang}/")),
                    self.default)

    def path_of(self, url: str, lang: str) -> str:
        """The contract path of a URL of the `lang` site, without prefix, query or fragment."""
        path = urlsplit(url).path
        prefix = self.prefix(lang)
        if not path.startswith(prefix):
            raise AssertionError(f"{url} is not under the {lang!r} prefix {prefix!r}")
        return path[len(prefix):]


def is_local(url: str) -> bool:
    """True if `url` stays on this machine's loopback address (or never leaves the browser)."""
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname == LOCAL_HOST


@dataclass
class RequestLog:
    """Every request a browser context made, and those that went to another host."""

    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # sub-resources answered >= 400 or failed
    page_errors: list[str] = field(default_factory=list)

    def record(self, url: str) -> None:
        self.requests.append(url)
        if not is_local(url):
            self.foreign.append(url)

    def attach(self, context: Any) -> None:
        """Record every request of every page of a Playwright context; block foreign ones."""

        def route(route: Any) -> None:
            if is_local(route.request.url):
                route.continue_()
            else:
                route.abort("blockedbyclient")

        context.route("**/*", route)
        context.on("request", lambda request: self.record(request.url))
        context.on("response", self._check_response)
        context.on("requestfailed", self._check_failure)
        context.on("page", self._watch)

    def _check_response(self, response: Any) -> None:
        # Pages themselves are checked by the tests (a draft claim's page must be a 404).
        if response.status >= 400 and response.request.resource_type != "document":
            self.broken.append(f"HTTP {response.status} {response.url}")

    def _check_failure(self, request: Any) -> None:
        # ERR_ABORTED: the page moved on before the load finished, a browser decision.
        if (is_local(request.url) and request.resource_type != "document"
                and "ERR_ABORTED" not in str(request.failure)):
            self.broken.append(f"{request.failure} {request.url}")

    def _watch(self, page: Any) -> None:
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        page.on("websocket", lambda socket: self.record(socket.url))

    def foreign_report(self) -> str:
        return "requests to hosts other than 127.0.0.1:\n  " + "\n  ".join(self.foreign)


def clause_ids(content: Path, document: str, version: str | None = None) -> list[str]:
    """Clause ids of one version (default: the current one) of a document, from its YAML."""
    import yaml

    for path in sorted((content / "documents").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("id") != document:
            continue
        versions = data["versions"]
        chosen = versions[-1] if version is None else next(
            v for v in versions if str(v["version"]) == version)
        return [clause["id"] for clause in chosen["clauses"]]
    raise LookupError(f"no document {document!r} in {content}")


def site_languages(content: Path) -> list[str]:
    import yaml

    data = yaml.safe_load((content / "site.yml").read_text(encoding="utf-8"))
    return [str(lang) for lang in data["languages"]]


def copy_content(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
