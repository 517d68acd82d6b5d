"""One language of the site, and the work done beside it: the other languages and the downloads.

Below the MkDocs plugin (which calls these) and above `render`: how one MkDocs configuration is
pointed at one language, the child processes that build the other languages and the briefings
while the default language builds, and the JSON export. `site` (the commands) sits above the
plugin and calls the plugin through MkDocs; nothing here imports the plugin.
"""

from __future__ import annotations

import html
import importlib.util
import logging
import multiprocessing
import os
import shutil
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from .export import export_content
from .i18n import t
from .matrix import matrix_csv
from .model import ContentModel
from .output import die_with_parent, source_date, write_atomic
from .render import BRIEFING_FORMATS, RenderOptions, download_name
from .validate import load_model

PLUGIN_NAME = "policy-explainer"  # the entry point name in pyproject.toml, as written in mkdocs.yml
OG_LOCALES = {"id": "id_ID", "en": "en_US"}
log = logging.getLogger("mkdocs.plugins.policy_explainer")


def plugin_of(config: MkDocsConfig) -> Any:
    """The policy-explainer plugin of a loaded configuration (found by name: no import of the plugin)."""
    plugin = config.plugins.get(PLUGIN_NAME)
    if plugin is None:
        raise PluginError(f"{config.config_file_path}: the {PLUGIN_NAME} plugin is not in `plugins:`")
    return plugin


def language_root(root_site_url: str | None, lang: str, default: str) -> str | None:
    if not root_site_url:
        return None
    root = root_site_url.rstrip("/") + "/"
    return root if lang == default else f"{root}{lang}/"


def configure_language(config: MkDocsConfig, model: ContentModel | None, lang: str, root_site_url: str | None,
                       serving: bool = False) -> None:
    """Point one MkDocs configuration at one language: UI strings, names, URLs, switcher."""
    config.theme["language"] = lang
    if model is None:
        return
    languages, default = model.site.languages, model.site.default_language
    # site.yml `url` wins over mkdocs.yml `site_url`, except in a preview; a child build is told its root.
    root = root_site_url if root_site_url is not None else (
        model.site.url if model.site.url and not serving else config.site_url)
    config.site_url = language_root(root, lang, default)
    # MkDocs and Material print these unescaped.
    config.site_name = html.escape(model.site.title[lang])
    config.site_description = html.escape(model.site.description[lang])
    config.site_author = html.escape(model.site.publisher_name)
    config.copyright = html.escape(f"© {model.site.publisher_name} · {t('label.fingerprint', lang)} {model.fingerprint}")
    here = "" if lang == default else "../"
    config.extra["alternate"] = [
        {"name": t(f"language.{other}", other), "lang": other, "url": language_root(root, other, default),
         # from this language's root to the other's: the switcher and hreflang add the page path
         "link": "" if other == lang else (here if other == default else f"{here}{other}/")}
        for other in languages
    ]
    config.extra["pe"] = {"lang": lang, "default": default, "og_locale": OG_LOCALES.get(lang, lang),
                          # theme strings Material leaves in English (site_overrides/partials/language.html)
                          "ui": {"header": t("site.ui.header", lang), "not_found": t("site.ui.not_found", lang)}}
    # The heading anchors' title ("Permanent link") is Python-Markdown's, not Material's: set per language.
    toc = config.mdx_configs.setdefault("toc", {})
    if toc.get("permalink"):
        toc["permalink_title"] = t("site.permalink_title", lang)


def render_options(model: ContentModel, lang: str, site_url: str | None, drafts: bool,
                   briefings: bool = True) -> RenderOptions:
    return RenderOptions(lang=lang, build_date=source_date(model.content_date).date(), site_url=site_url,
                         drafts=drafts, briefing_formats=available_briefing_formats() if briefings else ())


# --- work in parallel: the other languages and the briefings --------------------------------


STAGING = ".policy-explainer-"  # MkDocs' clean step keeps hidden entries of the site folder


@dataclass
class BackgroundJobs:
    """Child processes started with the main build: one per other language, one for briefings.

    Each writes into a hidden staging folder of the site folder (so MkDocs' own clean-up of the
    site folder, which comes later, leaves it alone); `finish` moves the results into place.
    """

    site_dir: Path
    runs: list[tuple[str, Any, Connection]]  # (staging name, process, receiving end)

    def finish(self) -> None:
        """Wait for every job; a failure in any of them fails the whole build."""
        failures = []
        for name, process, conn in self.runs:
            try:
                outcome = conn.recv()
            except EOFError:  # the child died before reporting
                outcome = ("error", "stopped without a result")
            process.join()
            if outcome[0] != "ok" or process.exitcode != 0:
                failures.append(f"{name}: {outcome[1]} (exit code {process.exitcode})")
        if failures:
            self.discard()
            raise PluginError("building in parallel failed:\n" + "\n".join(failures))
        for name, _, _ in self.runs:
            staged = self.site_dir / f"{STAGING}{name}"
            if name == "briefings":
                for file in sorted(staged.iterdir()):
                    os.replace(file, self.site_dir / "downloads" / file.name)
                staged.rmdir()
            else:
                shutil.rmtree(self.site_dir / name, ignore_errors=True)
                os.replace(staged, self.site_dir / name)

    def cancel(self) -> None:
        for _, process, _ in self.runs:
            if process.is_alive():
                process.terminate()
            process.join()
        self.discard()

    def discard(self) -> None:
        for name, _, _ in self.runs:
            shutil.rmtree(self.site_dir / f"{STAGING}{name}", ignore_errors=True)


def start_background_jobs(config: MkDocsConfig, model: ContentModel, lang: str, content_dir: Path, drafts: bool,
                          strict: bool, briefings: bool = True) -> BackgroundJobs:
    """Start the other languages' builds and the briefings, each in its own process.

    MkDocs is single-threaded and keeps global state, so parallel means processes. They are
    forked when the process has no other threads (the child then inherits the model and needs
    neither imports nor a second validation), else spawned (`serve` runs threads), reloading.
    """
    site_dir = Path(config.site_dir)
    for stale in site_dir.glob(f"{STAGING}*"):
        shutil.rmtree(stale, ignore_errors=True)
    fork = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    context = multiprocessing.get_context("fork" if fork else "spawn")
    inherited = model if fork else None
    jobs: list[tuple[str, Callable[..., None], tuple[Any, ...]]] = [
        (other, _build_language, (str(config.config_file_path), str(site_dir / f"{STAGING}{other}"), other,
                                  str(content_dir), inherited, drafts, strict, briefings, bool(config.strict),
                                  config.site_url))
        for other in model.site.languages if other != lang
    ]
    if briefings and available_briefing_formats():
        jobs.append(("briefings", _write_briefings,
                     (str(content_dir), inherited, str(site_dir / f"{STAGING}briefings"), drafts, strict)))
    elif briefings:
        log.info(f"TODO: briefing writers ({'/'.join(BRIEFING_FORMATS)}) not available yet; no briefing downloads")
    runs = []
    for name, target, args in jobs:
        receive, send = context.Pipe(duplex=False)
        # Not daemonic: a daemonic process may not start children, and the PDF writer lays out its
        # parts in a pool of worker processes (notes/build-performance.md: 241 -> 160 s at 1,000 claims).
        # `finish` and `cancel` join or terminate every job, and each dies with this process (`_report`).
        process = context.Process(target=_report, args=(target, args, send, os.getpid()), name=f"policy-explainer-{name}",
                                  daemon=False)
        process.start()
        send.close()
        runs.append((name, process, receive))
    return BackgroundJobs(site_dir, runs)


def _report(target: Callable[..., None], args: tuple[Any, ...], conn: Connection, parent_pid: int) -> None:
    """Child process entry: run `target`, send ("ok"|"error", message) back to the parent."""
    die_with_parent(parent_pid)
    try:
        target(*args)
        conn.send(("ok", ""))
    except BaseException as error:  # noqa: BLE001 - everything goes back to the parent
        conn.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        conn.close()


def _build_language(config_file: str, site_dir: str, lang: str, content_dir: str, model: ContentModel | None,
                    drafts: bool, strict: bool, briefings: bool, mkdocs_strict: bool, root_site_url: str | None) -> None:
    """One MkDocs build of one language from the same mkdocs.yml."""
    quiet_mkdocs_logging(prefix=f"[{lang}] ", replace=True)
    config = load_config(config_file, site_dir=site_dir, strict=mkdocs_strict)
    plugin = plugin_of(config)
    plugin.config.update(content=content_dir, drafts=drafts, strict=strict, language=lang,
                         root_site_url=root_site_url, briefings=briefings)
    plugin.preloaded = model
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


# --- downloads -------------------------------------------------------------------------------


def available_briefing_formats() -> tuple[str, ...]:
    """Briefing formats whose writer is installed (the briefing package lands separately)."""
    if importlib.util.find_spec("generator.briefing") is None:
        return ()
    return tuple(f for f in BRIEFING_FORMATS if importlib.util.find_spec(f"generator.briefing.{f}") is not None)


def write_export(model: ContentModel, site_dir: Path, drafts: bool) -> None:
    """The JSON export and the matrix CSV, at <site>/downloads/ (one copy for both languages)."""
    write_atomic(site_dir / "downloads" / download_name("json"), export_content(model, drafts=drafts))
    write_atomic(site_dir / "downloads" / download_name("csv"), matrix_csv(model, drafts=drafts))


def _write_briefings(content_dir: str, model: ContentModel | None, folder: str, drafts: bool, strict: bool) -> None:
    """The site's briefing files (whole set and per topic, each language), reusing unchanged ones from the cache."""
    from .briefing.cache import cache_dir_for, write_site_briefings

    model = model or load_model(Path(content_dir), strict)
    staging = Path(folder)
    outcome = write_site_briefings(model, staging, available_briefing_formats(), drafts, cache_dir_for(staging.parent))
    log.debug(f"briefings: {len(outcome.rendered)} rendered, {len(outcome.reused)} reused from the cache")


# --- plumbing --------------------------------------------------------------------------------


def quiet_mkdocs_logging(level: int = logging.WARNING, prefix: str = "", replace: bool = False) -> None:
    """Show MkDocs' warnings and errors on stderr when MkDocs' own CLI is not the caller.

    `replace` (a child process) swaps out the handlers it inherited for one naming its language.
    """
    logger = logging.getLogger("mkdocs")
    if replace:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
    elif any(getattr(h, "_policy_explainer", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(f"%(levelname)-7s -  {prefix}%(message)s"))
    handler._policy_explainer = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
