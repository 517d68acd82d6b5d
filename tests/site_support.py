"""Helpers for the site tests: run real builds, read the HTML they write.

Plain functions (no fixtures) so they can be tried by hand:

    from tests.site_support import run_build, parse_page
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DATE_EPOCH = "2051222400"  # 2035-01-01: a fixed build date, later than every date in the content


def build_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, NO_MKDOCS_2_WARNING="1", **extra)
    return env


def run_build(content: Path, site_dir: Path, *extra: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`python -m generator build` as a user runs it (not checked: callers look at returncode)."""
    command = [sys.executable, "-m", "generator", "build", "--content", str(content), "--site-dir", str(site_dir), *extra]
    return subprocess.run(command, cwd=cwd, env=build_env(PYTHONPATH=str(ROOT)), capture_output=True, text=True,
                          timeout=900)


def run_mkdocs(config: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir), *extra]
    return subprocess.run(command, cwd=config.parent, env=build_env(), capture_output=True, text=True, timeout=900)


def tree_digest(root: Path) -> dict[str, str]:
    """Every file below `root` (relative path → sha256), to compare whole sites."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    line: int
    text: str = ""  # text directly inside, for simple elements


@dataclass
class ParsedPage:
    """The elements of one HTML file, in document order, with the text of a few kinds."""

    path: Path
    elements: list[Element] = field(default_factory=list)
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str, **attrs: str) -> list[Element]:
        def matches(e: Element) -> bool:
            for key, value in attrs.items():
                key = key.rstrip("_").replace("_", "-")
                have = e.attrs.get(key)
                if have is None or (value != "*" and value not in have.split() and value != have):
                    return False
            return True

        return [e for e in self.elements if e.tag == tag and matches(e)]

    def ids(self) -> list[str]:
        return [e.attrs["id"] for e in self.elements if "id" in e.attrs]

    def index_of_id(self, element_id: str) -> int:
        return next(i for i, e in enumerate(self.elements) if e.attrs.get("id") == element_id)


class _Collector(HTMLParser):
    def __init__(self, page: ParsedPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.script: dict[str, str] | None = None
        self.script_text: list[str] = []
        self.texts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.page.elements.append(Element(tag, values, self.getpos()[0]))
        if tag == "script":
            self.script, self.script_text = values, []
        if tag in ("style", "script"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self.page.scripts.append((self.script, "".join(self.script_text)))
            self.script = None
        if tag in ("style", "script") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script_text.append(data)
        elif not self.skip:
            self.texts.append(data)


def parse_page(path: Path) -> ParsedPage:
    page = ParsedPage(path)
    collector = _Collector(page)
    collector.feed(path.read_text(encoding="utf-8"))
    page.text = " ".join(" ".join(collector.texts).split())
    return page


def resolve(page_url: str, href: str) -> str:
    """A relative href resolved against a page URL path like '/en/claims/x/' → a site path."""
    target = href.split("#")[0]
    if not target:
        return page_url
    joined = posixpath.normpath(posixpath.join(page_url, target))
    return joined + ("/" if target.endswith("/") and not joined.endswith("/") else "")


def file_for(site_dir: Path, url_path: str) -> Path:
    """The file a static server would send for a site path like '/en/claims/x/'."""
    relative = url_path.lstrip("/")
    if relative == "" or relative.endswith("/"):
        return site_dir / relative / "index.html"
    return site_dir / relative
