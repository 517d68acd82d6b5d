"""One language of the live preview, kept in memory between saves so a save rebuilds only what changed.

MkDocs 1.6 cannot rebuild part of a site by itself: `build(dirty=True)` still re-reads every
generated page (a generated file always counts as modified) and rewrites the search index from
what it rebuilt. So the preview runs the steps of `mkdocs.commands.build.build` itself and keeps
their results (files, navigation, theme environment, every page's HTML and search entries).
After a save, `render` makes the new Markdown of every page (cheap: no HTML yet), and only the
pages whose Markdown differs go through MkDocs again: Markdown to HTML, the theme template,
the plugins' page events. The search index is then written from the kept entries of every
other page and the new entries of the rebuilt ones. A change to the navigation, the set of pages
or the site's identity (site.yml) rebuilds the whole language into a fresh folder instead.

The pages are MkDocs' own, made with the user's mkdocs.yml: the preview shows what `build`
produces, except the briefings, which only `build` writes.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import _build_extra_template, _build_page, _build_theme_template, _populate_page
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from . import render
from .languages import configure_language, plugin_of, render_options, write_export
from .model import ContentModel

log = logging.getLogger("mkdocs.plugins.policy_explainer.preview")
INCLUDED = InclusionLevel.is_included  # what `build` writes (not MkDocs' own drafts)


@dataclass
class BuiltLanguage:
    """What one full build of a language leaves behind for the next save."""

    folder: Path
    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    model: ContentModel
    rendered: render.RenderedSite
    search_entries: dict[str, list[dict[str, Any]]]  # page URL -> its search index entries, in page order


@dataclass(frozen=True)
class Update:
    """What one save did to one language."""

    lang: str
    full: bool  # a whole new build (first build, new navigation, new pages, new site identity)
    pages: int  # pages written


class LanguagePreview:
    """One language of the preview site, built into a folder below `root` and updated in place."""

    def __init__(self, config_file: Path, content_dir: Path, root: Path, lang: str, root_site_url: str,
                 drafts: bool) -> None:
        self.config_file, self.content_dir, self.root = config_file, content_dir.resolve(), root
        self.lang, self.root_site_url, self.drafts = lang, root_site_url, drafts
        self.built: BuiltLanguage | None = None
        self._builds = 0

    @property
    def folder(self) -> Path | None:
        return self.built.folder if self.built else None

    def update(self, model: ContentModel) -> Update:
        """Bring the folder up to `model`: only the changed pages when possible, else everything."""
        built = self.built
        if built is None or built.model.site != model.site:
            return self.rebuild(model)
        site_url = built.config.site_url
        rendered = render.render_site(model, render_options(model, self.lang, site_url, self.drafts, briefings=False))
        if rendered.nav != built.rendered.nav or rendered.pages_by_src.keys() != built.rendered.pages_by_src.keys():
            return self.rebuild(model)
        changed = [page for page in rendered.pages if built.rendered.pages_by_src[page.src] != page]
        self._rebuild_pages(built, model, rendered, changed)
        return Update(self.lang, full=False, pages=len(changed))

    def rebuild(self, model: ContentModel) -> Update:
        """A whole build of this language into a fresh folder; the old folder goes once it is replaced."""
        self._builds += 1
        folder = self.root / f"{self.lang}-{self._builds}"
        old, self.built = self.built, self._full_build(model, folder)
        if old is not None:
            old.config.plugins.on_shutdown()
            shutil.rmtree(old.folder, ignore_errors=True)
        return Update(self.lang, full=True, pages=len(self.built.rendered.pages))

    def close(self) -> None:
        if self.built is not None:
            self.built.config.plugins.on_shutdown()
            self.built = None

    # --- the steps of mkdocs.commands.build.build, keeping what they make ----------------------

    def _full_build(self, model: ContentModel, folder: Path) -> BuiltLanguage:
        config = load_config(str(self.config_file), site_dir=str(folder))
        plugin = plugin_of(config)
        plugin.config.update(content=str(self.content_dir), drafts=self.drafts, strict=False, language=self.lang,
                             root_site_url=self.root_site_url, briefings=False)
        plugin.preloaded = model
        config.plugins.on_startup(command="build", dirty=False)
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
        for file in files.documentation_pages(inclusion=INCLUDED):
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            _populate_page(file.page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files(inclusion=INCLUDED)
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)
        doc_files = files.documentation_pages(inclusion=INCLUDED)
        for file in doc_files:
            _build_page(file.page, config, doc_files, nav, env)
        config.plugins.on_post_build(config=config)
        self._write_export(model, folder)
        return BuiltLanguage(folder, config, files, nav, env, model, plugin.rendered,
                             _entries_by_page(_search_entries(config)))

    def _rebuild_pages(self, built: BuiltLanguage, model: ContentModel, rendered: render.RenderedSite,
                       changed: list[render.RenderedPage]) -> None:
        config, files = built.config, built.files
        plugin = plugin_of(config)
        plugin.model, plugin.rendered = model, rendered  # read by the plugin's page events
        configure_language(config, model, self.lang, self.root_site_url)  # the footer's content fingerprint
        search = _search_plugin(config)
        if search is not None:
            search.search_index = type(search.search_index)(**search.config)
        doc_files = files.documentation_pages(inclusion=INCLUDED)
        pages = []
        for page in changed:
            file = files.get_file_from_path(page.src)
            assert file is not None and file.page is not None
            file.content_string = page.markdown
            _populate_page(file.page, config, files)
            pages.append(file.page)
        for page in pages:
            _build_page(page, config, doc_files, built.nav, built.env)
        if search is not None:
            built.search_entries.update(_entries_by_page(search.search_index.entries, [p.url for p in pages]))
            search.search_index.entries = [entry for entries in built.search_entries.values() for entry in entries]
            data = search.search_index.generate_search_index(None)
            write_file(data.encode("utf-8"), str(built.folder / "search" / "search_index.json"))
        self._write_export(model, built.folder)
        built.model, built.rendered = model, rendered

    def _write_export(self, model: ContentModel, folder: Path) -> None:
        """The JSON export: one copy in the default language's folder, as `build` writes it at the root."""
        if self.lang == model.site.default_language:
            write_export(model, folder, self.drafts)


def _search_plugin(config: MkDocsConfig) -> Any:
    """Material's search plugin, whose index the preview updates page by page (None: no search)."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(getattr(plugin, "search_index", None), "entries"):
            return plugin
    return None


def _search_entries(config: MkDocsConfig) -> list[dict[str, Any]]:
    search = _search_plugin(config)
    return list(search.search_index.entries) if search is not None else []


def _entries_by_page(entries: list[dict[str, Any]], urls: list[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Search entries grouped by the page they belong to (an entry's location is page URL + #anchor)."""
    grouped: dict[str, list[dict[str, Any]]] = {url: [] for url in urls or ()}
    for entry in entries:
        grouped.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
    return grouped
