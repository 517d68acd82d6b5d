"""The content attack corpus: a hostile site that is valid (payloads in every plain-text, Markdown
and URL field, all of which must come out inert) and invalid cases (each must be a diagnostic).

Plain functions, usable by hand:

    from tests.security.content_corpus import write_hostile_content, INVALID_CASES
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable

import yaml

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
SOURCE_DATE_EPOCH = "1704067200"  # 2024-01-01

# Plain text may hold anything: all of it must be shown as the characters typed.
PLAIN = (' <script>alert("p1")</script> <img src=x onerror=alert("p2")> [x](javascript:alert("p3"))'
         ' ![p](https://other.example/p.png) " onmouseover="alert(\'p4\')" a | b | c {: onclick="alert(\'p5\')" }'
         ' <https://other.example/q> &lt;b&gt; \\| <svg/onload=alert("p6")>')
# Site title and publisher name are limited to 200 characters (Word's properties).
SHORT_PLAIN = ' <script>alert("p1")</script> [x](javascript:alert("p3")) ![p](https://other.example/p.png) a | b'
# A blank line inside a plain text would end an HTML block and let Markdown read what follows.
PLAIN_BREAK = '\n\n<script>alert("p7")</script>\n\n[y](javascript:alert("p8"))\n\n- ![i](//other.example/i.png)'
# Markdown that is valid: only what the sanitiser keeps, with hostile look-alikes that are text.
MARKDOWN = ('\n\nSee <https://other.example/ok> and [ok](https://other.example/?q=%22%3E) and [rel](../) and'
            ' `[x](javascript:alert("m1"))` and &lt;script&gt;alert("m2")&lt;/script&gt; and \\[i\\](//other.example/m3.png)')
# URLs must match ^https?://[^\s<>"]+$; what is left to try: quotes, parentheses, brackets, backticks.
URL = "https://example.org/a'onmouseover='alert(1)'/)](javascript:alert(2))/`x`/[y]"
MARKERS = ("p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "m1", "m2")


def cli_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT), **extra)
    return env


def run_cli(*args: str, cwd: Path = ROOT, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS`, as a user runs it (the exit code is for the caller to check)."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=cli_env(),
                          capture_output=True, text=True, timeout=timeout)


def read(path: Path) -> Any:
    """A content file as plain values, read by the generator's own loader (PyYAML reads less)."""
    from generator.load import load_yaml

    data, problems = load_yaml(path, path.read_bytes())
    assert not problems, problems
    return _plain(data)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


class _NoAliases(yaml.SafeDumper):
    """Content refuses anchors and aliases, so a value used twice is written out twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _l10n(value: dict[str, str], extra: str) -> dict[str, str]:
    return {lang: text + extra for lang, text in value.items()}


def write_hostile_content(target: Path) -> Path:
    """A valid content folder with a payload in every text, Markdown and URL field."""
    shutil.copytree(MINIMAL, target)
    site = read(target / "site.yml")
    site["title"] = _l10n(site["title"], SHORT_PLAIN)
    site["description"] = _l10n(site["description"], PLAIN + PLAIN_BREAK)
    site["publisher"] = {"name": "Desk" + SHORT_PLAIN, "url": URL}
    site["url"] = "https://example.org/site'onmouseover='alert(1)'/"
    site["contact"] = "https://example.org/contact'/)](javascript:alert(2))"
    site["about"] = {"id": "Tentang" + MARKDOWN, "en": "About" + MARKDOWN}
    write(target / "site.yml", site)

    topics = read(target / "topics.yml")
    for topic in topics:
        topic["title"] = _l10n(topic["title"], PLAIN + PLAIN_BREAK)
        topic["summary"] = _l10n(topic["summary"], MARKDOWN)
    write(target / "topics.yml", topics)

    for path in sorted((target / "documents").glob("*.yml")):
        document = read(path)
        document["title"] = _l10n(document["title"], PLAIN + PLAIN_BREAK)
        document["publisher"] += PLAIN
        for version in document["versions"]:
            version["url"] = URL
            version["archived_url"] = URL + "/archive"
            for clause in version["clauses"]:
                clause["number"] = str(clause.get("number", "0")) + PLAIN
                clause["heading"] = _l10n(clause["heading"], PLAIN + PLAIN_BREAK)
                if "text" in clause:
                    clause["text"] += PLAIN + PLAIN_BREAK
                clause["summary"] = _l10n(clause["summary"], MARKDOWN)
        write(path, document)

    for path in sorted((target / "claims").rglob("*.yml")):
        claim = read(path)
        claim["claim"] = _l10n(claim["claim"], PLAIN + PLAIN_BREAK)
        claim["claimant"] += PLAIN
        claim["assessment"]["summary"] = _l10n(claim["assessment"]["summary"], MARKDOWN)
        for field in ("asserted_in", "evidence", "regulations"):
            for item in claim.get(field, []):
                if "note" in item:
                    item["note"] = _l10n(item["note"], MARKDOWN)
                if "quote" in item:  # the clause text ends in PLAIN, so this still matches
                    item["quote"] = PLAIN.strip()
        claim["questions"] = [_l10n(q, PLAIN + PLAIN_BREAK) for q in claim.get("questions", [])] or [
            {"id": "Pertanyaan" + PLAIN, "en": "Question" + PLAIN}]
        if "withdrawal" in claim:
            claim["withdrawal"]["reason"] = _l10n(claim["withdrawal"]["reason"], MARKDOWN)
        claim["corrections"] = [{"date": claim["reviewed"], "note": {"id": "Koreksi" + MARKDOWN, "en": "Fixed" + MARKDOWN}}]
        claim["editor_note"] = "never published" + PLAIN
        write(path, claim)
    return target


@dataclass(frozen=True)
class InvalidCase:
    """One mistake made to valid content, and the diagnostic code it must give."""

    name: str
    code: str
    apply: Callable[[Path], None]


def _edit(relative: str, change: Callable[[Any], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        data = read(root / relative)
        change(data)
        write(root / relative, data)
    return apply


def _summary(markdown: str) -> Callable[[Path], None]:
    def change(claim: Any) -> None:
        claim["assessment"]["summary"]["en"] = markdown
    return _edit("claims/privacy/limited-sharing.yml", change)


def _raw(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def _both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        for edit in edits:
            edit(root)
    return apply


SHARING = "claims/privacy/limited-sharing.yml"
INVALID_CASES = [
    *(InvalidCase(f"markdown-link-{name}", "unsafe-link", _summary(f"See [x]({target}).")) for name, target in [
        ("javascript", 'javascript:alert("x")'), ("mixed-case", 'JaVaScRiPt:alert("x")'),
        ("entity", "&#106;avascript:alert(1)"), ("data", "data:text/html;base64,PHNjcmlwdD4="),
        ("protocol-relative", "//other.example/x"), ("backslashes", "\\\\other.example/x"),
        ("slash-backslash", "/\\other.example/x"), ("vbscript", "vbscript:x")]),
    InvalidCase("markdown-reference-link", "unsafe-link", _summary('See [x][r].\n\n[r]: javascript:alert("x")')),
    InvalidCase("markdown-autolink-ftp", "unsafe-link", _summary("See <ftp://other.example/x>.")),
    InvalidCase("markdown-image", "image-not-allowed", _summary("![p](https://other.example/p.png)")),
    InvalidCase("markdown-image-relative", "image-not-allowed", _summary("![p](p.png)")),
    InvalidCase("markdown-reference-image", "image-not-allowed", _summary("![r][e]\n\n[e]: https://other.example/p.png")),
    InvalidCase("markdown-raw-html", "raw-html", _summary('<img src=x onerror=alert("x")>')),
    InvalidCase("markdown-deep-list", "markdown-too-deep", _summary("- " * 5000 + "x")),
    InvalidCase("markdown-deep-numbered", "markdown-too-deep", _summary("1. " * 5000 + "x")),
    InvalidCase("markdown-deep-indent", "markdown-too-deep",
                _summary("\n".join("  " * i + "- x" for i in range(120)))),
    InvalidCase("markdown-too-long", "markdown-too-long", _summary("``a`" * 6_000)),
    InvalidCase("site-title-too-long", "text-too-long",
                _edit("site.yml", lambda site: site["title"].update(en="T" * 300))),
    InvalidCase("publisher-too-long", "text-too-long",
                _edit("site.yml", lambda site: site["publisher"].update(name="P" * 300))),
    InvalidCase("claim-id-too-long", "id-too-long", _raw(SHARING, "id: limited-sharing", "id: " + "a" * 300)),
    InvalidCase("document-id-too-long", "id-too-long",
                _raw("documents/test-law.yml", "id: test-law", "id: " + "law-" * 60 + "x")),
    InvalidCase("clause-id-too-long", "id-too-long",
                _raw("documents/test-law.yml", "      - id: pasal-2", "      - id: " + "p" * 200)),
    InvalidCase("version-label-too-long", "version-label-too-long",
                _raw("documents/test-law.yml", 'version: "2022"', 'version: "' + "v" * 300 + '"')),
    *(InvalidCase(f"reserved-label-{label}", "reserved-version-label",
                  _raw("documents/test-law.yml", 'version: "2022"', f'version: "{label}"'))
      for label in ("index.html", "index.md", "INDEX", "index", "CON", "v1.")),
    InvalidCase("label-case-collision", "reserved-version-label", _both(
        _raw("documents/test-law.yml", 'version: "2008"', 'version: "v9"'),
        _raw("documents/test-law.yml", 'version: "2022"', 'version: "V9"'))),
    InvalidCase("control-character-escaped", "control-character",
                _raw(SHARING, "en: Acme shares only limited data.}", 'en: "Acme shares\\x07 only limited data."}')),
    InvalidCase("control-character-nul", "control-character",
                _raw("site.yml", "en: Test Policy Explainer}", 'en: "Test\\0 Policy Explainer"}')),
    InvalidCase("control-character-in-text", "control-character",
                _raw("documents/acme-statement.yml", 'nobody can read them."', 'nobody can read them.\\e"')),
    InvalidCase("lone-surrogate", "yaml-syntax",
                _raw("topics.yml", "title: {id: Privasi, en: Privacy}", 'title: {id: Privasi, en: "Privacy\\ud800"}')),
]


class _PageAudit(HTMLParser):
    """Everything in one HTML page that could run content as script or load from elsewhere."""

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name, self.problems = name, []
        self.script: dict[str, str] | None = None
        self.tables: list[list[int]] = []  # cells (colspans counted) of each row, per table
        self.cells: list[str] = []  # the text of every table cell
        self.in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        for key, value in values.items():
            if key.startswith("on"):
                self.problems.append(f"{self.name}: <{tag} {key}={value!r}>")
            if key in ("href", "src", "action", "formaction", "srcset", "poster", "data"):
                target = value.strip().lower()
                scheme = target.split(":", 1)[0] if ":" in target.split("/", 1)[0] else ""
                if scheme not in ("", "http", "https", "mailto") or target.startswith(("//", "\\", "/\\")):
                    self.problems.append(f"{self.name}: <{tag} {key}={value!r}>")
                if key != "href" and (scheme or target.startswith("//")):
                    self.problems.append(f"{self.name}: <{tag} {key}={value!r}> loads from elsewhere")
                loading = set(values.get("rel", "").split()) - {"canonical", "alternate", "noopener", "noreferrer"}
                if key == "href" and tag == "link" and scheme and loading:
                    self.problems.append(f"{self.name}: <link href={value!r}> loads from elsewhere")
        if tag in ("iframe", "object", "embed", "base") or (
                tag in ("img", "svg", "video", "audio", "source") and "other.example" in " ".join(values.values())):
            self.problems.append(f"{self.name}: <{tag} {values}>")
        if tag == "script":
            self.script = values
        if tag == "table":
            self.tables.append([])
        if tag == "tr" and self.tables:
            self.tables[-1].append(0)
        if tag in ("td", "th") and self.tables and self.tables[-1]:
            self.tables[-1][-1] += int(values.get("colspan") or 1)
            self.cells.append("")
            self.in_cell = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.script = None
        if tag in ("td", "th"):
            self.in_cell = False

    def handle_data(self, data: str) -> None:
        if self.in_cell:
            self.cells[-1] += data
        if self.script is not None and self.script.get("type") != "application/ld+json":
            for marker in MARKERS:
                if f'alert("{marker}")' in data or f"alert('{marker}')" in data:
                    self.problems.append(f"{self.name}: script runs {marker}: {data[:80]!r}")


def audit_site(site_dir: Path) -> tuple[list[str], int]:
    """Problems in every HTML page of a built site, and how many pages were read."""
    problems: list[str] = []
    pages = sorted(site_dir.rglob("*.html"))
    for page in pages:
        audit = _PageAudit(str(page.relative_to(site_dir)))
        audit.feed(page.read_text(encoding="utf-8"))
        audit.close()
        problems += audit.problems
    return problems, len(pages)


def table_cells(page: Path) -> list[str]:
    """The text of every table cell on a page (a `|` in a text must not split its cell)."""
    audit = _PageAudit(page.name)
    audit.feed(page.read_text(encoding="utf-8"))
    return [" ".join(cell.split()) for cell in audit.cells]
