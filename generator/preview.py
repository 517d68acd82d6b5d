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
import os
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable

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
    model: ContentModel  # of the last full build: its site identity and navigation are on every page
    rendered: render.RenderedSite  # of the last full build or the last complete update
    pages: dict[str, render.RenderedPage]  # src -> what is in the folder now, page by page
    search_entries: dict[str, list[dict[str, Any]]]  # page URL -> its search index entries, in page order


@dataclass(frozen=True)
class Update:
    """What one save did to one language."""

    lang: str
    full: bool  # a whole new build (first build, new navigation, new pages, new site identity)
    pages: int  # pages written
    complete: bool = True  # False: a newer save interrupted it; the next update finishes the work
    retired: Path | None = None  # the folder a full build replaced: remove it once nobody is sent there


def _never() -> bool:
    return False


def _ignore(folder: Path) -> None:
    pass


class LanguagePreview:
    """One language of the preview site, built into a folder below `root` and updated in place.

    `writing` is held around every file written into a served folder, so that the server can
    send whole files only.
    """

    def __init__(self, config_file: Path, content_dir: Path, root: Path, lang: str, root_site_url: str,
                 drafts: bool, writing: AbstractContextManager[Any] | None = None) -> None:
        self.config_file, self.content_dir, self.root = config_file, content_dir.resolve(), root
        self.lang, self.root_site_url, self.drafts = lang, root_site_url, drafts
        self.writing = writing or nullcontext()
        self.built: BuiltLanguage | None = None
        self._builds = 0
        # mkdocs.yml, the docs folder and the theme overrides, as the last whole build found them
        self.configuration_roots: list[Path] = []
        self.configuration: dict[str, tuple[int, int]] = {}

    @property
    def folder(self) -> Path | None:
        return self.built.folder if self.built else None


    def update_page(self, model: ContentModel, src: str) -> bool:
        """Rebuild the one page a reader is looking at, ahead of the rest; False when that is not
        possible on its own (not built yet, new site identity, page gone or not changed)."""
        built = self.built
        if built is None or built.model.site != model.site or src not in built.pages:
            return False
        options = render_options(model, self.lang, built.config.site_url, self.drafts, briefings=False)
        page = _render_alone(model, options, src)
        if page is None or page == built.pages[src]:
            return False
        self._rebuild_pages(built, model, render.RenderedSite(self.lang, (page,), built.rendered.nav, {src: page}),
                            [page], _never)
        return True

    def update(self, model: ContentModel, interrupted: Callable[[], bool] = _never, first_src: str = "",
               on_first_page: Callable[[Path], None] | None = None, whole: bool = False) -> Update:
        """Bring the folder up to `model`: only the changed pages when possible, else everything.

        `interrupted` is asked between pages: a newer save makes the rest of this work moot. A
        whole build (`whole`: the configuration or theme changed) writes `first_src` first and then
        calls `on_first_page` (see `rebuild`)."""
        built = self.built
        rebuild = partial(self.rebuild, model, first_src, on_first_page or _ignore)
        if whole or built is None or built.model.site != model.site:
            return rebuild()
        if interrupted():
            return Update(self.lang, full=False, pages=0, complete=False)
        rendered = render.render_site(model, render_options(model, self.lang, built.config.site_url, self.drafts,
                                                           briefings=False))
        if rendered.nav != built.rendered.nav or rendered.pages_by_src.keys() != built.pages.keys():
            return rebuild()
        # small pages first: a newer save can stop the work before the largest (the matrix, documents)
        changed = sorted((page for page in rendered.pages if built.pages[page.src] != page), key=lambda p: len(p.markdown))
        done = self._rebuild_pages(built, model, rendered, changed, interrupted)
        if done == len(changed):
            with self.writing:
                for path, text in rendered.files:  # feed.xml, robots.txt: small, written when they differ
                    if (path, text) not in built.rendered.files:
                        write_file(text.encode("utf-8"), str(built.folder / path))
                self._write_export(model, built.folder)
            built.rendered = rendered
        return Update(self.lang, full=False, pages=done, complete=done == len(changed))

    def rebuild(self, model: ContentModel, first_src: str = "", on_first_page: Callable[[Path], None] = _ignore) -> Update:
        """A whole build of this language into a fresh folder (the old one is `retired`).

        `on_first_page(folder)` is called once the page at `first_src` is written, before the others."""
        self._builds += 1
        folder = self.root / f"{self.lang}-{self._builds}"
        old, self.built = self.built, self._full_build(model, folder, first_src, on_first_page)
        if old is not None:
            old.config.plugins.on_shutdown()
        return Update(self.lang, full=True, pages=len(self.built.pages), retired=old.folder if old else None)

    def close(self) -> None:
        if self.built is not None:
            self.built.config.plugins.on_shutdown()
            self.built = None

    # --- the steps of mkdocs.commands.build.build, keeping what they make ----------------------

    def _full_build(self, model: ContentModel, folder: Path, first_src: str,
                    on_first_page: Callable[[Path], None]) -> BuiltLanguage:
        config = load_config(str(self.config_file), site_dir=str(folder))
        self.configuration_roots = configuration_paths(self.config_file, config)
        self.configuration = snapshot_files(*self.configuration_roots)
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
        doc_files = files.documentation_pages(inclusion=INCLUDED)
        for file in doc_files:
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
        # The page a reader waits for goes first, and is shown at once. Unlike MkDocs, the theme
        # environment is handed out before every page is read: no plugin of ours reads pages there,
        # and a page's navigation titles come from `nav`, not from the pages.
        first = files.get_file_from_path(first_src) if first_src else None
        if first is not None and first in doc_files:
            _populate_page(first.page, config, files)
            env = config.plugins.on_env(env, config=config, files=files)
            files.copy_static_files(inclusion=INCLUDED)
            _build_page(first.page, config, doc_files, nav, env)
            on_first_page(folder)
        for file in doc_files:
            if file is not first:
                _populate_page(file.page, config, files)
        if first is None:
            env = config.plugins.on_env(env, config=config, files=files)
            files.copy_static_files(inclusion=INCLUDED)
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)
        for file in doc_files:
            if file is not first:
                _build_page(file.page, config, doc_files, nav, env)
        config.plugins.on_post_build(config=config)
        self._write_export(model, folder)
        rendered = plugin.rendered
        return BuiltLanguage(folder, config, files, nav, env, model, rendered, dict(rendered.pages_by_src),
                             _entries_by_page(_search_entries(config)))

    def _rebuild_pages(self, built: BuiltLanguage, model: ContentModel, rendered: render.RenderedSite,
                       changed: list[render.RenderedPage], interrupted: Callable[[], bool]) -> int:
        """Markdown to HTML to file for `changed`, one page at a time; returns how many were done."""
        config, files = built.config, built.files
        plugin = plugin_of(config)
        plugin.model, plugin.rendered = model, rendered  # read by the plugin's page events
        configure_language(config, model, self.lang, self.root_site_url)  # the footer's content fingerprint
        search = _search_plugin(config)
        doc_files = files.documentation_pages(inclusion=INCLUDED)
        done = 0
        for page in changed:
            if interrupted():
                break
            file = files.get_file_from_path(page.src)
            assert file is not None and file.page is not None
            if search is not None:
                search.search_index = type(search.search_index)(**search.config)
            file.content_string = page.markdown
            _populate_page(file.page, config, files)
            with self.writing:
                _build_page(file.page, config, doc_files, built.nav, built.env)
            built.pages[page.src] = page
            if search is not None:
                built.search_entries[file.page.url] = list(search.search_index.entries)
            done += 1
        if search is not None and done:
            search.search_index.entries = [entry for entries in built.search_entries.values() for entry in entries]
            data = search.search_index.generate_search_index(None)
            with self.writing:
                write_file(data.encode("utf-8"), str(built.folder / "search" / "search_index.json"))
        return done

    def _write_export(self, model: ContentModel, folder: Path) -> None:
        """The JSON export: one copy in the default language's folder, as `build` writes it at the root."""
        if self.lang == model.site.default_language:
            write_export(model, folder, self.drafts)


def configuration_paths(config_file: Path, config: MkDocsConfig) -> list[Path]:
    """What a whole build reads besides the content: a change there rebuilds everything."""
    return [config_file, Path(config.docs_dir), *(Path(d) for d in config.theme.dirs[:1])]


def snapshot_files(*paths: Path) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file in or at `paths`, hidden folders left out."""
    found: dict[str, tuple[int, int]] = {}
    files = [str(p) for p in paths if p.is_file()]
    for folder in (p for p in paths if p.is_dir()):
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            files += [os.path.join(dirpath, name) for name in filenames]
    for path in files:
        try:
            stat = os.stat(path)
        except OSError:
            continue
        found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def _render_alone(model: ContentModel, options: render.RenderOptions, src: str) -> render.RenderedPage | None:
    """The page at `src` by itself, for the kinds an editor works on (claims, documents, topics)."""
    parts = src.split("/")
    if len(parts) == 3 and parts[0] == "claims" and (claim := model.claims_by_id.get(parts[1])) is not None:
        return render.claim_page(model, options, claim) if claim in model.page_claims(options.drafts) else None
    if len(parts) == 3 and parts[0] == "topics" and parts[1] in model.topics_by_id:
        return render.topic_page(model, options, parts[1])
    if parts[0] == "documents" and len(parts) in (3, 4) and (document := model.documents_by_id.get(parts[1])):
        version = document.version(parts[2]) if len(parts) == 4 else None
        if len(parts) == 4 and version is None:
            return None
        return render.document_page(model, options, document, version)
    return None


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
