"""MkDocs adapter: builds the model, hands `render`'s pages to MkDocs, and builds the other language.

Thin on purpose (MkDocs 1.x is in maintenance): the pages come from `render`, the orchestration
of the second language and the downloads from `languages`. One `mkdocs.yml` serves both languages:
this build is the default language unless the `language` option says otherwise; the others are
built in parallel, in their own process, into `<site_dir>/<lang>/`.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import languages, render
from .diagnostics import ContentError
from .matrix_html import fill_slots
from .model import ContentModel
from .output import make_public, mark_site
from .paths import RefusedError, check_site_dir
from .validate import load_model

log = get_plugin_logger(__name__)
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "tables", "toc")


class PolicyExplainerConfig(base.Config):
    content = c.Type(str, default="content")
    """Content folder (site.yml, topics.yml, documents/, claims/), relative to mkdocs.yml."""
    drafts = c.Type(bool, default=False)
    """Include draft claims (for previews; a published site leaves them out)."""
    strict = c.Type(bool, default=False)
    """Turn content warnings (stale references, laws not in force) into errors."""
    briefings = c.Type(bool, default=True)
    """Write the PDF/DOCX briefings into downloads/ (false: only the JSON export, a faster build)."""
    language = c.Optional(c.Type(str))
    """Build only this language into site_dir (set by the generator for the parallel build)."""
    root_site_url = c.Optional(c.Type(str))
    """The default language's site_url (set by the generator for the parallel build)."""


class PolicyExplainerPlugin(BasePlugin[PolicyExplainerConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.preloaded: ContentModel | None = None  # set by `site.build_site`, used by one build
        self.model: ContentModel | None = None
        self.lang = ""
        self.errors: list[str] = []
        self.rendered: render.RenderedSite | None = None
        self.jobs: languages.BackgroundJobs | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this object across `serve` rebuilds.
        self.serving = command == "serve"

    @event_priority(100)  # before Material's search plugin reads theme.language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.errors, self.rendered, self.jobs = [], None, None
        if not self.serving and self.config.language is None:  # `mkdocs build` replaces site_dir too
            try:
                check_site_dir(Path(config.site_dir), self.content_dir(config),
                               [Path(config.config_file_path).parent] if config.config_file_path else [])
            except RefusedError as error:
                raise PluginError(str(error)) from error
        self.model, self.preloaded = (self.preloaded or self.load(self.content_dir(config))), None
        if self.model is None:  # serving with content errors: show them instead of dying
            self.lang = self.config.language or "en"
            languages.configure_language(config, None, self.lang, self.config.root_site_url)
            return config
        self.lang = self.config.language or self.model.site.default_language
        if self.lang not in self.model.site.languages:
            raise PluginError(f"policy-explainer: language {self.lang!r} is not in site.yml")
        languages.configure_language(config, self.model, self.lang, self.config.root_site_url, self.serving)
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        if self.config.language is None:  # the default language starts the others, then renders its own
            self.jobs = languages.start_background_jobs(config, self.model, self.lang, self.content_dir(config),
                                                   self.config.drafts, self.config.strict, self.briefings)
        options = languages.render_options(self.model, self.lang, config.site_url, self.config.drafts, self.briefings)
        self.rendered = render.render_site(self.model, options)
        config.nav = mkdocs_nav(self.rendered.nav)
        return config

    @property
    def briefings(self) -> bool:
        """Briefings are for `build`: `mkdocs serve` would rewrite them on every save."""
        return self.config.briefings and not self.serving

    def content_dir(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path or ".").parent / self.config.content).resolve()

    def load(self, content_dir: Path) -> ContentModel | None:
        try:
            return load_model(content_dir, self.config.strict, report=lambda d: log.info(d.format()))
        except ContentError as error:
            messages = [d.format() for d in error.diagnostics]
            if not self.serving:
                raise PluginError("content errors:\n" + "\n".join(messages)) from error
            for message in messages:
                log.error(message)
            self.errors = messages
            return None

    @event_priority(100)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        pages = self.rendered.pages if self.rendered else (render.error_page(self.errors, self.lang),)
        for page in pages:
            if (old := files.get_file_from_path(page.src)) is not None:
                files.remove(old)
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src, content=page.markdown, inclusion=inclusion))
        for path, text in self.rendered.files if self.rendered else ():  # feed.xml, robots.txt
            if (old := files.get_file_from_path(path)) is not None:
                files.remove(old)
            files.append(File.generated(config, path, content=text))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        rendered = self.rendered.pages_by_src.get(page.file.src_uri) if self.rendered else None
        if rendered is not None:
            # Material prints page.meta title/description unescaped, so they are escaped here.
            page.meta["title"] = html.escape(rendered.title)
            page.meta["description"] = html.escape(rendered.description)
            page.meta["pe_kind"] = rendered.kind
            page.meta["pe_url"] = rendered.url
            if rendered.jsonld:
                page.meta["pe_jsonld"] = rendered.jsonld
            if rendered.kind == "matrix":  # the grid needs the width; its two sections are in the filters' reach
                page.meta["hide"] = ["toc"]
            if not rendered.indexed:  # Material's search plugin skips it; the sitemap template too
                page.meta["search"] = {"exclude": True}
                page.meta["pe_unlisted"] = True
            if not rendered.searchable:  # a duplicate of another page: out of search, still in the sitemap
                page.meta["search"] = {"exclude": True}
        return markdown

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        rendered = self.rendered.pages_by_src.get(page.file.src_uri) if self.rendered else None
        if rendered is not None and rendered.slots:  # the matrix grids: too large for Markdown and search
            output = fill_slots(output, dict(rendered.slots))
        return compact_html(output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.rendered is None or self.config.language is not None:
            return
        languages.write_export(self.model, Path(config.site_dir), self.config.drafts)
        if self.jobs is not None:
            jobs, self.jobs = self.jobs, None
            jobs.finish()
        mark_site(Path(config.site_dir))
        make_public(Path(config.site_dir))

    def on_build_error(self, *, error: Exception) -> None:
        if self.jobs is not None:
            jobs, self.jobs = self.jobs, None
            jobs.cancel()


_PRESERVED = re.compile(r"(<pre[\s>].*?</pre>|<textarea[\s>].*?</textarea>)", re.DOTALL)
_INDENT = re.compile(r"\n[ \t\r\n]+")


def compact_html(output: str) -> str:
    """Drop the theme templates' indentation and blank lines (about a sixth of each page), leaving
    <pre> and <textarea> alone; a newline still separates what was separated, so nothing reflows."""
    parts = _PRESERVED.split(output)
    return "".join(part if index % 2 else _INDENT.sub("\n", part) for index, part in enumerate(parts))


def mkdocs_nav(items: tuple[render.NavItem, ...]) -> list[dict[str, Any]]:
    """render's (title, src | children) pairs as MkDocs `nav` entries, titles HTML-escaped."""
    return [{html.escape(title): (target if isinstance(target, str) else mkdocs_nav(target))} for title, target in items]
