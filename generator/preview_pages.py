"""The preview's own pages (content errors, first build under way) and its live-reload script.

Standalone HTML with inline styles: they must show even when nothing else can be built, and
the site makes no request to any other host. Every page the preview serves carries the script,
which long-polls the preview server and reloads the same URL once that language has changed.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from .diagnostics import Diagnostic, display_path
from .i18n import t

RELOAD_PATH = "/__preview__/wait"

_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
li{margin:0 0 1.2rem}ol{padding-left:1.4rem}
.pe-where{font-family:monospace;font-weight:600}
.pe-error .pe-severity{color:#b00020}.pe-warning .pe-severity{color:#8a5a00}
pre{background:#f4f4f4;padding:.5rem .75rem;overflow-x:auto;margin:.4rem 0}
.pe-code{color:#555;font-family:monospace}
"""


def reload_script(lang: str, generation: int) -> str:
    """Long-poll the preview; reload this URL when `lang`'s generation is no longer `generation`."""
    query = json.dumps(f"{RELOAD_PATH}?lang={lang}&since={generation}&page=")
    return (
        "<script>(function(){var url=" + query + "+encodeURIComponent(location.pathname);function poll(){"
        "fetch(url,{cache:'no-store'}).then(function(r){if(!r.ok)throw r;return r.text()})"
        ".then(function(g){if(g!==String(" + str(generation) + ")){location.reload()}else{poll()}})"
        ".catch(function(){setTimeout(poll,1000)})}poll()})();</script>"
    )


def inject_script(page: str, script: str) -> str:
    """`script` just before </body> (or at the end when the page has none)."""
    index = page.rfind("</body>")
    return page + script if index < 0 else page[:index] + script + page[index:]


def error_page(diagnostics: list[Diagnostic], lang: str, generation: int) -> str:
    """Every content problem: errors first, then warnings, each with its place, line of YAML and message."""
    errors = sorted(d for d in diagnostics if d.severity == "error")
    warnings = sorted(d for d in diagnostics if d.severity != "error")
    sections = [_diagnostic_list(t("preview.errors.errors", lang, count=len(errors)), errors, lang)]
    if warnings:
        sections.append(_diagnostic_list(t("preview.errors.warnings", lang, count=len(warnings)), warnings, lang))
    body = (f"<h1>{html.escape(t('site.errors.title', lang))}</h1>\n"
            f"<p>{html.escape(t('site.errors.intro', lang))}</p>\n" + "\n".join(sections))
    return _page(lang, t("site.errors.title", lang), body, generation)


def building_page(lang: str, generation: int) -> str:
    """Shown for a language whose first build is still under way; reloads once it is there."""
    title = t("preview.building.title", lang)
    return _page(lang, title, f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(t('preview.building.intro', lang))}</p>",
                 generation)


def not_found_page(lang: str, generation: int) -> str:
    title = t("preview.not_found.title", lang)
    return _page(lang, title, f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(t('preview.not_found.intro', lang))}</p>",
                 generation)


def _diagnostic_list(heading: str, diagnostics: list[Diagnostic], lang: str) -> str:
    items = []
    for d in diagnostics:
        severity = t(f"preview.errors.{d.severity}", lang)
        line = _source_line(d.path, d.line)
        source = (f'<pre><code>{d.line} | {html.escape(line)}\n{" " * (len(str(d.line)) + 2 + max(d.col - 1, 0))}^'
                  f"</code></pre>") if line is not None else ""
        items.append(f'<li class="pe-{d.severity}"><span class="pe-where">{html.escape(display_path(d.path))}:{d.line}:{d.col}'
                     f'</span> <span class="pe-severity">{html.escape(severity)}</span>{source}'
                     f'<div class="pe-message">{html.escape(d.text(lang))} <span class="pe-code">[{html.escape(d.code)}]</span></div></li>')
    return f"<h2>{html.escape(heading)}</h2>\n<ol>\n" + "\n".join(items) + "\n</ol>"


def _source_line(path: Path, line: int) -> str | None:
    """The offending line of the file, tabs shown as spaces; None when it cannot be read."""
    try:
        lines = path.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return lines[line - 1].replace("\t", "    ") if 0 < line <= len(lines) else None


def _page(lang: str, title: str, body: str, generation: int) -> str:
    return (f'<!doctype html>\n<html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>\n"
            f"<body>\n{body}\n{reload_script(lang, generation)}</body></html>\n")
