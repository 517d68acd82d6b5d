"""The command line as a user runs it, in a subprocess: `validate` output and exit codes, and the
`export` and `schema` commands (SPEC §2)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator import load
from test_validate import BASELINE, EVERYWHERE, EVERYWHERE_PROBLEMS

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.+) \[(?P<code>[a-z-]+)\]$")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # works whether or not the package is installed
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def diagnostic_lines(stderr: str) -> tuple[list[tuple[str, int, int, str, str]], str]:
    """The parsed diagnostic lines and the count line that must close the output."""
    *lines, count = stderr.rstrip("\n").split("\n")
    parsed = []
    for line in lines:
        match = LINE.match(line)
        assert match, f"not a diagnostic line: {line!r}"
        parsed.append((match["file"], int(match["line"]), int(match["col"]), match["severity"], match["code"]))
    return parsed, count


@pytest.fixture
def workdir(minimal_content: Path) -> Path:
    """The folder holding `content/`: the validator's paths are printed relative to it."""
    return minimal_content.parent


# --- validate -------------------------------------------------------------------------------------


def test_valid_content_exits_0_with_warnings_and_count(workdir):
    result = run("validate", cwd=workdir)
    assert result.returncode == 0, result.stderr
    lines, count = diagnostic_lines(result.stderr)
    assert lines == [(f"content/{p}", line, col, sev, code) for p, line, col, sev, code in BASELINE]
    assert count == "0 errors, 3 warnings"
    assert result.stdout.startswith("ok: 4 claims, 3 documents, 2 topics")


def test_strict_exits_1(workdir):
    result = run("validate", "--strict", cwd=workdir)
    assert result.returncode == 1
    lines, count = diagnostic_lines(result.stderr)
    assert lines == [(f"content/{p}", line, col, "error", code) for p, line, col, _, code in BASELINE]
    assert count == "3 errors, 0 warnings"
    assert result.stdout == ""


def test_all_problems_of_all_files_in_one_run_sorted(workdir, minimal_content):
    for edit in EVERYWHERE:
        edit.apply(minimal_content)
    result = run("validate", "--content", "content", cwd=workdir)
    assert result.returncode == 1
    lines, count = diagnostic_lines(result.stderr)
    assert lines == [(f"content/{p}", line, col, sev, code) for p, line, col, sev, code in EVERYWHERE_PROBLEMS]
    assert count == f"{len(EVERYWHERE_PROBLEMS)} errors, 0 warnings"
    assert result.stdout == ""
    # the message of a line reads as the contract says: the thing, the field, the bad value
    assert "content/claims/privacy/limited-sharing.yml:5:1: error: claim 'limited-sharing' has unknown key 'claimnt'; " \
           "did you mean 'claimant' or 'claim'? [unknown-key]" in result.stderr.splitlines()


def test_paths_are_relative_to_the_current_directory(workdir):
    elsewhere = workdir / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    for content in ("../../content", str(workdir / "content")):
        result = run("validate", "--content", content, cwd=elsewhere)
        assert result.returncode == 0
        lines, _ = diagnostic_lines(result.stderr)
        assert [line[0] for line in lines] == [f"../../content/{p[0]}" for p in BASELINE]


def test_one_bad_file_in_the_bundled_content_is_pinpointed(demo_content):
    path = next((demo_content / "claims").rglob("*.yml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nstatus:", "\nstatsu:", 1), encoding="utf-8")
    line = text[: text.index("\nstatus:")].count("\n") + 2
    start = next(i for i, row in enumerate(text.splitlines(), 1) if row.strip() and not row.startswith("#"))
    result = run("validate", cwd=demo_content.parent)
    assert result.returncode == 1
    rel = path.relative_to(demo_content.parent).as_posix()
    errors = [entry for entry in diagnostic_lines(result.stderr)[0] if entry[3] == "error"]
    assert errors == [(rel, start, 1, "error", "missing-key"), (rel, line, 1, "error", "unknown-key")]


@pytest.mark.parametrize("args", [
    ["validate", "--content", "no-such-folder"],
    ["validate", "--no-such-option"],
    ["validate", "--strict=yes"],
    ["export", "--content", "no-such-folder"],
    ["no-such-command"],
    [],
])
def test_usage_errors_exit_2(workdir, args):
    result = run(*args, cwd=workdir)
    assert result.returncode == 2, (args, result.stderr)
    assert "Traceback" not in result.stderr


def test_content_that_is_a_file_is_a_usage_error(workdir):
    (workdir / "notes.txt").write_text("x")
    result = run("validate", "--content", "notes.txt", cwd=workdir)
    assert result.returncode == 2
    assert "notes.txt" in result.stderr


def test_bundled_content_validates():
    result = run("validate", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert all(line[3] == "warning" for line in diagnostic_lines(result.stderr)[0])


def test_hostile_content_fails_cleanly(workdir, minimal_content):
    (minimal_content / "claims" / "bomb.yml").write_text('a: &a ["lol","lol"]\nb: &b [*a,*a,*a]\n')
    (minimal_content / "claims" / "exec.yml").write_text("id: !!python/object/apply:os.system ['touch executed']\n")
    with (minimal_content / "documents" / "huge.yml").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = run("validate", cwd=workdir)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert not (workdir / "executed").exists()
    codes = {(Path(line[0]).name, line[4]) for line in diagnostic_lines(result.stderr)[0]}
    assert {("bomb.yml", "yaml-anchor"), ("exec.yml", "yaml-tag"), ("huge.yml", "file-too-large")} <= codes


# --- export ---------------------------------------------------------------------------------------


def _assert_keys_sorted(value, where="$"):
    if isinstance(value, dict):
        assert list(value) == sorted(value), f"keys not sorted at {where}"
        for key, item in value.items():
            _assert_keys_sorted(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _assert_keys_sorted(item, f"{where}[{i}]")


def test_export_is_deterministic_json_with_sorted_keys(workdir):
    first, second = run("export", cwd=workdir), run("export", cwd=workdir)
    assert first.returncode == second.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    _assert_keys_sorted(data)
    assert [c["id"] for c in data["claims"]] == ["limited-sharing", "messages-encrypted", "withdrawn-claim"]
    assert "draft-claim" not in first.stdout  # drafts only on request
    stale = next(r for c in data["claims"] if c["id"] == "messages-encrypted" for r in c["evidence"] if r["stale"])
    assert stale["stale"]["later_version"] == "2021-01-01"


def test_export_to_a_file_matches_stdout_and_is_not_written_on_errors(workdir, minimal_content):
    out = workdir / "export.json"
    assert run("export", "-o", str(out), cwd=workdir).returncode == 0
    assert out.read_text(encoding="utf-8") == run("export", cwd=workdir).stdout
    previous = out.read_bytes()
    (minimal_content / "claims" / "draft-claim.yml").write_text("id: [\n")
    result = run("export", "-o", str(out), cwd=workdir)
    assert result.returncode == 1
    assert out.read_bytes() == previous


def test_export_of_bundled_content_is_deterministic(demo_content):
    first = run("export", cwd=demo_content.parent)
    second = run("export", cwd=demo_content.parent)
    assert first.returncode == 0 and first.stdout == second.stdout


# --- schema ---------------------------------------------------------------------------------------


def _as_json(value):
    """Content values as an editor's YAML extension sees them: dates become strings."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _schema(workdir: Path, *args: str) -> dict:
    result = run("schema", *args, cwd=workdir)
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.validators.validator_for(schema).check_schema(schema)
    return schema


def _files_by_kind(content: Path) -> dict[str, list[Path]]:
    return {"site": [content / "site.yml"], "topics": [content / "topics.yml"],
            "document": sorted((content / "documents").glob("*.yml")),
            "claim": sorted((content / "claims").rglob("*.yml"))}


@pytest.mark.parametrize("content_dir", ["tests/fixtures/minimal", "content"])
def test_schema_is_valid_json_schema_and_accepts_the_content(workdir, content_dir):
    combined = _schema(workdir)
    assert combined["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for kind, paths in _files_by_kind(ROOT / content_dir).items():
        schema = _schema(workdir, "--kind", kind)
        for path in paths:
            data = _as_json(yaml.load(path.read_text(encoding="utf-8"), Loader=load.Loader))
            jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
            jsonschema.validate(data, combined, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("kind, path, old, new", [
    ("claim", "claims/draft-claim.yml", "claimant: Acme", "claimnt: Acme"),
    ("claim", "claims/draft-claim.yml", "rating: unsupported", "rating: unsuported"),
    ("claim", "claims/draft-claim.yml", "id: draft-claim", "id: Draft_Claim"),
    ("document", "documents/acme-statement.yml", "url: https://example.org/statement", "url: ftp://example.org/s"),
    ("site", "site.yml", "{id: Penjelas Kebijakan Uji, en: Test Policy Explainer}", "{id: Penjelas Kebijakan Uji}"),
])
def test_schema_catches_what_an_editor_gets_wrong(workdir, minimal_content, kind, path, old, new):
    schema = _schema(workdir, "--kind", kind)
    text = (minimal_content / path).read_text(encoding="utf-8")
    data = _as_json(yaml.load(text.replace(old, new), Loader=load.Loader))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_schema_written_to_a_file(workdir):
    out = workdir / "claim.schema.json"
    assert run("schema", "--kind", "claim", "-o", str(out), cwd=workdir).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8")) == _schema(workdir, "--kind", "claim")


def test_validate_format_github_annotates_each_problem_on_its_line(minimal_content):
    path = minimal_content / "claims" / "privacy" / "limited-sharing.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("rating: unverifiable", "rating: unverifyable"),
                    encoding="utf-8")
    result = run("validate", "--format", "github", cwd=minimal_content.parent)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert ("::error file=content/claims/privacy/limited-sharing.yml,line=9,col=11,title=invalid-value::claim "
            "'limited-sharing' assessment.rating 'unverifyable' is not one of") in lines[0]
    assert lines[0].endswith("did you mean 'unverifiable'? [invalid-value]")
    assert any(line.startswith("::warning file=content/claims/") and "title=stale-reference::" in line for line in lines)
    assert result.stderr.splitlines()[-1] == "1 error, 3 warnings"
    indonesian = run("validate", "--format", "github", "--lang", "id", cwd=minimal_content.parent)
    assert "bukan salah satu dari" in indonesian.stdout.splitlines()[0]


def test_github_annotations_escape_what_would_end_them():
    from generator.cli import github_annotation
    from generator.diagnostics import Diagnostic, msg

    diagnostic = Diagnostic(Path("content/a,b:c.yml"), 2, 3, "error", "yaml-syntax", msg("yaml-syntax", reason="50%\nnext"))
    assert github_annotation(diagnostic) == ("::error file=content/a%2Cb%3Ac.yml,line=2,col=3,title=yaml-syntax::"
                                             "YAML syntax error: 50%25%0Anext [yaml-syntax]")
