"""Issue 5, editor integration: the committed JSON Schemas, the schema line in every content
file, VS Code settings, .editorconfig, the pre-commit hook and the GitHub Actions workflow.

The schema files are golden outputs: regenerate them with `make schema` (or
`python -m generator schema --all generator/schema`) when the content format changes.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from editing_support import ROOT, run_cli
from generator.schema import SCHEMA_FILES

SCHEMA_DIR = ROOT / "generator" / "schema"
CONTENT = ROOT / "tests" / "fixtures" / "realistic"  # laid out like content/, frozen for tests
KIND_OF = {"site.yml": "site", "topics.yml": "topics"}


def content_kind(path: Path, root: Path) -> str:
    relative = path.relative_to(root)
    return KIND_OF.get(relative.as_posix()) or ("document" if relative.parts[0] == "documents" else "claim")


def content_files(root: Path) -> list[Path]:
    return sorted([root / "site.yml", root / "topics.yml", *(root / "documents").glob("*.yml"),
                   *(root / "claims").rglob("*.yml")])


def without_examples(node: object) -> object:
    """A schema without the completions `schema --content` adds (they follow the content, not the format)."""
    if isinstance(node, dict):
        return {key: without_examples(value) for key, value in node.items() if key != "examples"}
    if isinstance(node, list):
        return [without_examples(item) for item in node]
    return node


def test_committed_schema_files_are_the_generators_output(tmp_path: Path) -> None:
    done = run_cli("schema", "--all", str(tmp_path), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    generated = sorted(p.name for p in tmp_path.iterdir())
    assert generated == sorted(SCHEMA_FILES.values())
    for name in generated:
        committed = SCHEMA_DIR / name
        assert committed.is_file(), f"{committed} is missing; run `make schema`"
        # Completions of the demo content may lag behind it (a new topic is then not offered yet,
        # never flagged), so a content edit does not make this test fail; the format may not lag.
        assert without_examples(json.loads(committed.read_text(encoding="utf-8"))) == json.loads(
            (tmp_path / name).read_text(encoding="utf-8")), f"{committed} is out of date; run `make schema`"


@pytest.mark.parametrize("path", content_files(CONTENT), ids=lambda p: p.relative_to(CONTENT).as_posix())
def test_every_content_file_names_its_schema_on_the_first_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"first line is {first!r}"
    target = (path.parent / match.group(1)).resolve()
    assert target.parent == SCHEMA_DIR
    # The schema of its own kind, not the any-file schema: completions then offer only its keys.
    assert target.name == SCHEMA_FILES[content_kind(path, CONTENT)]


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A VS Code glob as a regex: `**/` is any number of folders, `*` stays within one."""
    parts = re.split(r"(\*\*/|\*)", pattern)
    return re.compile("".join({"**/": "(?:[^/]+/)*", "*": "[^/]*"}.get(p, re.escape(p)) for p in parts) + r"\Z")


def test_vscode_maps_each_schema_to_its_content_files() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    schemas = {(ROOT / path).resolve(): [glob_regex(g) for g in globs] for path, globs in settings["yaml.schemas"].items()}
    assert {p.name for p in schemas} == {SCHEMA_FILES[k] for k in ("site", "topics", "document", "claim")}
    assert all(path.is_file() for path in schemas)
    for path in content_files(CONTENT):
        relative = "content/" + path.relative_to(CONTENT).as_posix()  # where it would be in the project
        matching = [schema.name for schema, globs in schemas.items() if any(g.match(relative) for g in globs)]
        assert matching == [SCHEMA_FILES[content_kind(path, CONTENT)]], relative
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_content_files_follow_the_editorconfig() -> None:
    config = (ROOT / ".editorconfig").read_text(encoding="utf-8")
    for rule in ("root = true", "charset = utf-8", "end_of_line = lf", "insert_final_newline = true", "indent_style = space"):
        assert rule in config
    assert re.search(r"\[\*\.\{yml,[^]]*\]\nindent_size = 2", config)
    for path in [*content_files(CONTENT), *content_files(ROOT / "tests" / "fixtures" / "minimal")]:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        assert b"\r" not in raw and text.endswith("\n"), path
        assert not re.search(r"[ \t]+$", text, re.MULTILINE), f"{path}: trailing white space"
        assert "\t" not in text, f"{path}: tab"


def test_pre_commit_config_runs_the_hook_script() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    assert repo["repo"] == "local" and hook["language"] == "script" and hook["pass_filenames"] is False
    assert hook["entry"] == "scripts/pre-commit-validate.sh"
    assert (ROOT / hook["entry"]).stat().st_mode & 0o111, "the hook script must be executable"
    assert re.match(hook["files"], "content/claims/encryption/e2ee-chats.yml")


def repository(tmp_path: Path, *, venv: bool) -> Path:
    """A project checkout as an editor has it: the generator, the scripts, content, and (if `venv`)
    a .venv whose python has the dependencies; the hook installed straight into .git/hooks."""
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True, capture_output=True)
    (repo / "generator").symlink_to(ROOT / "generator")
    shutil.copytree(ROOT / "scripts", repo / "scripts")
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", repo / "content")
    if venv:  # a wrapper, not a symlink: a symlinked python would leave its venv behind
        python = repo / ".venv" / "bin" / "python"
        python.parent.mkdir(parents=True)
        python.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n', encoding="utf-8")
        python.chmod(0o755)
    (repo / ".git" / "hooks" / "pre-commit").symlink_to("../../scripts/pre-commit-validate.sh")
    return repo


def gui_commit(repo: Path, message: str) -> subprocess.CompletedProcess[str]:
    """`git commit` as a GUI client runs it: a bare PATH, no activated environment, no PYTHONPATH."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(repo.parent), "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "e@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "e@example.org", "LANG": "C.UTF-8"}
    subprocess.run(["git", "add", "-A", "content"], cwd=repo, env=env, check=True)
    return subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=300)


def test_the_hook_checks_commits_from_a_gui_client_without_an_activated_environment(tmp_path: Path) -> None:
    repo = repository(tmp_path, venv=True)
    done = gui_commit(repo, "good content")
    assert done.returncode == 0, done.stderr
    (repo / "content" / "claims" / "bad.yml").write_text("id: bad\n", encoding="utf-8")
    done = gui_commit(repo, "bad content")
    assert done.returncode == 1
    assert "content/claims/bad.yml:1:1: error: claim 'bad' is missing required key" in done.stderr
    log = subprocess.run(["git", "log", "--oneline"], cwd=repo, capture_output=True, text=True).stdout
    assert log.count("\n") == 1, "the bad commit was made"


def test_the_hook_says_what_to_do_when_the_environment_is_missing(tmp_path: Path) -> None:
    repo = repository(tmp_path, venv=False)
    done = gui_commit(repo, "no venv")
    assert done.returncode == 1
    assert ".venv is missing" in done.stderr and "make setup" in done.stderr


def test_workflow_validates_tests_and_builds_and_can_deploy_to_pages() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers
    check = workflow["jobs"]["check"]
    runs = "\n".join(step.get("run", "") for step in check["steps"])
    assert re.search(r"apt-get install .*\bchromium chromium-driver\b", runs.replace("\\\n", " "))
    for command in ("-m generator validate", "-m pytest", "-m generator build"):
        assert command in runs
    assert "generator validate --format github" in runs  # problems annotated on their lines
    assert runs.index("generator validate") < runs.index("pytest") < runs.index("generator build")
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "check"
    assert "vars.DEPLOY_PAGES == 'true'" in deploy["if"]  # off until the repository enables it
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy["steps"])
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact@") for step in check["steps"])


class _EditorYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML as VS Code's YAML extension reads it (YAML 1.2 core): an unquoted date stays a string."""


_EditorYamlLoader.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def test_schemas_accept_the_realistic_content_and_flag_a_misspelled_key() -> None:
    jsonschema = pytest.importorskip("jsonschema")  # what the editor does while typing, checked in Python
    validators = {kind: jsonschema.Draft202012Validator(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")))
                  for kind, name in SCHEMA_FILES.items()}
    for path in content_files(CONTENT):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_EditorYamlLoader)
        for kind in (content_kind(path, CONTENT), None):
            errors = [e.message for e in validators[kind].iter_errors(data)]
            assert errors == [], f"{path} against {SCHEMA_FILES[kind]}: {errors}"
    claim = yaml.load((CONTENT / "claims" / "encryption" / "e2ee-chats.yml").read_text(encoding="utf-8"),
                      Loader=_EditorYamlLoader)
    claim["claimnt"] = claim.pop("claimant")
    messages = [e.message for e in validators["claim"].iter_errors(claim)]
    assert any("'claimant' is a required property" in m for m in messages)
    assert any("'claimnt' was unexpected" in m for m in messages)
