"""Outputs never destroy inputs (SPEC §4): every refused output path exits 2 with one line that
says why, before anything is read or written; the whole project is byte-for-byte unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .support import assert_refused, cli_env, run_cli, tree_state


def refused_build(project: Path, site_dir: str, *fragments: str, content: str = "content") -> None:
    before = tree_state(project.parent)
    result = run_cli("build", "--content", content, "--site-dir", site_dir, cwd=project, timeout=300)
    assert_refused(result, *fragments)
    assert tree_state(project.parent) == before


@pytest.mark.parametrize(("site_dir", "fragments"), [
    ("content", ("--site-dir 'content'", "content folder")),
    ("content/claims", ("content folder",)),
    ("content/new-site", ("content folder",)),
    (".", ("--site-dir '.'", "contains the content folder")),
    ("..", ("contains the content folder",)),
    ("/", ("root of the file system",)),
    (".git/site", ("lies inside", ".git")),
    ("docs", ("not empty", "not built by this generator", "delete the folder")),
], ids=["content", "content-sub-folder", "new-folder-in-content", "dot", "parent-of-project", "root",
        "inside-git", "docs-folder"])
def test_site_dir_that_would_destroy_inputs_is_refused(project: Path, site_dir: str, fragments: tuple[str, ...]):
    refused_build(project, site_dir, *fragments)


def test_empty_site_dir_is_refused(project: Path):
    refused_build(project, "", "--site-dir", "empty")


def test_project_root_is_refused_even_with_content_elsewhere(project: Path, tmp_path: Path):
    os.replace(project / "content", tmp_path / "content")
    refused_build(project, str(project), "project", content=str(tmp_path / "content"))
    refused_build(project, ".", "project", content=str(tmp_path / "content"))


def test_folder_holding_a_repository_or_mkdocs_yml_is_refused(project: Path):
    (project / "vendor" / "repo" / ".git").mkdir(parents=True)
    (project / "other").mkdir()
    (project / "other" / "mkdocs.yml").write_text("site_name: other\n")
    refused_build(project, "vendor/repo", "holds .git")
    refused_build(project, "other", "holds mkdocs.yml")


def test_foreign_non_empty_folder_and_old_site_without_marker_are_refused(project: Path):
    (project / "notes").mkdir()
    (project / "notes" / "todo.txt").write_text("mine\n")
    refused_build(project, "notes", "'notes' is not empty", ".policy-explainer-site")
    (project / "site").mkdir()  # a site from v1: no marker
    (project / "site" / "index.html").write_text("<p>old</p>\n")
    refused_build(project, "site", "older version", "delete the folder")


def test_site_dir_that_is_a_file_is_refused(project: Path):
    (project / "site").write_text("not a folder\n")
    refused_build(project, "site", "is a file")


@pytest.mark.slow
def test_mkdocs_build_gets_the_same_check(project: Path):
    before = tree_state(project)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", "content"], cwd=project,
                            env=cli_env(), capture_output=True, text=True, timeout=600)
    assert result.returncode != 0, result.stderr
    assert "content folder" in result.stderr and "Traceback" not in result.stderr
    assert tree_state(project) == before


# --- -o FILE and schema --all -----------------------------------------------------------------


def refused_output(project: Path, args: list[str], *fragments: str) -> None:
    before = tree_state(project.parent)
    result = run_cli(*args, cwd=project, timeout=300)
    assert_refused(result, *fragments)
    assert tree_state(project.parent) == before


BRIEFING = ["briefing", "--lang", "en", "--format", "md"]


@pytest.mark.parametrize("args", [
    [*BRIEFING, "-o", "content/site.yml"],
    [*BRIEFING, "-o", "content/claims/new.md"],
    ["export", "-o", "content/site.yml"],
    ["schema", "-o", "content/topics.yml"],
    ["schema", "--all", "content"],
    ["schema", "--all", "content/claims"],
], ids=["briefing-over-content", "briefing-into-content", "export", "schema", "schema-all", "schema-all-sub"])
def test_output_inside_content_is_refused(project: Path, args: list[str]):
    refused_output(project, args, "content folder")


@pytest.mark.parametrize("command", [BRIEFING, ["export"], ["schema"]], ids=["briefing", "export", "schema"])
def test_output_that_is_a_symlink_is_refused(project: Path, command: list[str]):
    (project / "kept.txt").write_text("the link's target\n")
    (project / "out.md").symlink_to("kept.txt")
    refused_output(project, [*command, "-o", "out.md"], "symbolic link")


@pytest.mark.parametrize("command", [BRIEFING, ["export"], ["schema"]], ids=["briefing", "export", "schema"])
def test_output_that_is_a_folder_is_refused(project: Path, command: list[str]):
    (project / "out").mkdir()
    refused_output(project, [*command, "-o", "out/"], "'out/' names a folder")
    refused_output(project, [*command, "-o", "out"], "is a folder")


def test_output_that_is_a_special_file_is_refused(project: Path):
    os.mkfifo(project / "pipe")
    refused_output(project, [*BRIEFING, "-o", "pipe"], "special file")
    refused_output(project, ["schema", "-o", "pipe"], "special file")


def test_schema_all_into_a_symlink_is_refused(project: Path, tmp_path: Path):
    (tmp_path / "elsewhere").mkdir()
    (project / "schemas").symlink_to(tmp_path / "elsewhere")
    refused_output(project, ["schema", "--all", "schemas"], "symbolic link")


def test_empty_output_name_is_refused(project: Path):
    refused_output(project, ["export", "-o", ""], "empty file name")


def test_output_under_a_file_is_a_clear_error(project: Path):
    (project / "plain").write_text("x\n")
    refused_output(project, ["schema", "-o", "plain/schema.json"], "is a file, not a folder")
