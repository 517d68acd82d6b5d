"""The bilingual site with MkDocs: build (atomically), serve, and the parallel second language.

Material's documented multi-language setup, driven from the one top-level `mkdocs.yml`: the
default language is an ordinary MkDocs build into the site folder; every other language is a
second MkDocs build of the same configuration, with `theme.language` and `site_url` switched,
run at the same time in its own process (MkDocs is single-threaded) into `<site>/<lang>/`.
Each language thus gets Material's own UI strings and its own search index.
"""

from __future__ import annotations

import shutil
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from .diagnostics import Diagnostic
from .languages import plugin_of, quiet_mkdocs_logging
from .output import remove_stale_staging, replace_directory, site_lock
from .paths import check_site_dir
from .validate import load_model

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_NAME = "mkdocs.yml"


# --- the two commands ------------------------------------------------------------------------


def build_site(content_dir: Path, site_dir: Path, drafts: bool, strict: bool) -> None:
    """Validate, build both languages into a temporary folder, then swap it in for `site_dir`.

    A site folder that would destroy inputs is refused (RefusedError) before anything is read;
    content errors raise ContentError before anything is written; any failure leaves the
    previous `site_dir` exactly as it was. Builds into one folder take turns (`site_lock`).
    """
    check_site_dir(site_dir, content_dir, [find_config_file().parent])
    model = load_model(content_dir, strict, report=_print_diagnostic)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with site_lock(site_dir):
        remove_stale_staging(site_dir)
        check_site_dir(site_dir, content_dir)  # another build may have changed it while this one waited
        built = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
        try:
            quiet_mkdocs_logging()
            config = load_site_config(find_config_file(), built, content=content_dir, drafts=drafts, strict=strict)
            plugin_of(config).preloaded = model
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
            replace_directory(built, site_dir)
        except (ConfigurationError, PluginError) as error:  # before or outside MkDocs' own build loop
            raise Abort(f"the site was not built: {error}") from error
        finally:
            shutil.rmtree(built, ignore_errors=True)


def serve_site(content_dir: Path, port: int, drafts: bool) -> None:
    """Live preview on 127.0.0.1: a save rebuilds only what it changed; content errors are shown
    on every page, and the server stays up."""
    from .preview_server import PreviewServer

    quiet_mkdocs_logging()
    port = port or _free_port()
    server = PreviewServer(find_config_file(), content_dir, port, drafts)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


# --- configuration ---------------------------------------------------------------------------


def find_config_file() -> Path:
    """mkdocs.yml in the current folder, else the project's own."""
    here = Path.cwd() / CONFIG_NAME
    return here if here.is_file() else PROJECT_ROOT / CONFIG_NAME


def load_site_config(config_file: Path, site_dir: Path, **plugin_options: Any) -> MkDocsConfig:
    """The user's mkdocs.yml with this run's site folder and plugin options (content, drafts...)."""
    config = load_config(str(config_file), site_dir=str(site_dir))
    plugin = plugin_of(config)
    for key, value in plugin_options.items():
        plugin.config[key] = str(Path(value).resolve()) if key == "content" else value
    return config


# --- plumbing --------------------------------------------------------------------------------


def _print_diagnostic(diagnostic: Diagnostic) -> None:
    print(diagnostic.format(), file=sys.stderr)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
