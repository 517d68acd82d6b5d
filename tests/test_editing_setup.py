"""Issue 5, editor integration: the committed JSON Schemas, the schema line in every content
file, VS Code settings, .editorconfig, the pre-commit hook and the GitHub Actions workflow.

The schema files are golden outputs: regenerate them with `make schema` (or
`python -m generator schema --all generator/schema`) when the content format changes.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from editing_support import ROOT, run_cli
from generator.schema import SCHEMA_FILES

SCHEMA_DIR = ROOT / "generator" / "schema"
CONTENT = ROOT / "content"
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
        relative = path.relative_to(ROOT).as_posix()
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


def test_pre_commit_hook_runs_validate_and_fails_on_bad_content(minimal_content: Path) -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    assert repo["repo"] == "local" and hook["language"] == "system" and hook["pass_filenames"] is False
    assert re.match(hook["files"], "content/claims/encryption/e2ee-chats.yml")
    command = shlex.split(hook["entry"])
    assert command[:4] == ["python", "-m", "generator", "validate"]
    # Run the hook's own command as pre-commit would, with this environment's python.
    env = {"PYTHONPATH": str(ROOT), "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"}
    ok = subprocess.run([sys.executable, *command[1:], "--content", str(minimal_content)], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    (minimal_content / "claims" / "bad.yml").write_text("id: bad\n", encoding="utf-8")
    bad = subprocess.run([sys.executable, *command[1:], "--content", str(minimal_content)], env=env, capture_output=True, text=True)
    assert bad.returncode == 1 and "missing required key" in bad.stderr


def test_workflow_validates_tests_and_builds_and_can_deploy_to_pages() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers
    check = workflow["jobs"]["check"]
    runs = "\n".join(step.get("run", "") for step in check["steps"])
    assert re.search(r"apt-get install .*\bchromium chromium-driver\b", runs.replace("\\\n", " "))
    for command in ("-m generator validate", "-m pytest", "-m generator build"):
        assert command in runs
    assert runs.index("generator validate") < runs.index("pytest") < runs.index("generator build")
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "check"
    assert "vars.DEPLOY_PAGES == 'true'" in deploy["if"]  # off until the repository enables it
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy["steps"])
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact@") for step in check["steps"])


class _EditorYamlLoader(yaml.SafeLoader):
    """YAML as VS Code's YAML extension reads it (YAML 1.2 core): an unquoted date stays a string."""


_EditorYamlLoader.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def test_schemas_accept_the_demo_content_and_flag_a_misspelled_key() -> None:
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
