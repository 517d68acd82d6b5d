"""Editor schemas that work in editors (issue 10, item 4).

- Every `pattern` of the JSON Schemas is a valid JavaScript regular expression with the `u`
  flag (what VS Code's YAML extension compiles), checked in Chromium's own engine, and it
  accepts and refuses the same strings there as in Python.
- What the schemas can express agrees with `validate` on a corpus of good and bad files.
- `schema --content DIR` offers the content's topic ids and references as completions.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from browser_support import CHROMIUM, CHROMIUM_ARGS, chromium_available
from editing_support import ROOT, run_cli
from generator import validate
from generator.schema import SCHEMA_FILES, json_schema

MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
KINDS = ["site", "topics", "document", "claim", None]


def patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            elif key == "patternProperties" and isinstance(value, dict):
                yield from value
            yield from patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from patterns(item)


def all_patterns() -> list[str]:
    found = {p for kind in KINDS for p in patterns(json_schema(kind))}
    found |= {p for name in SCHEMA_FILES.values() for p in patterns(json.loads(
        (ROOT / "generator" / "schema" / name).read_text(encoding="utf-8")))}
    return sorted(found)


# Strings each pattern is tried on, in Python and in JavaScript: the answers must agree.
SAMPLES = ["e2ee-chats", "E2EE", "a--b", "-a", "a", "uu-27-2022#pasal-20", "doc@2021-01-04#c", "doc@v1.2_x#c-1",
           "doc@#c", "doc#", "doc@-x#c", "https://example.org/a?b=c", "http://x", "ftp://x", "https://a b",
           'https://a"b', "https://a<b", " ", "", "\t", "text", "id", "en", "pt-BR", "x-", "ÿ", "ø-x"]


# The check runs in a process of its own: a Playwright session of the browser tests may be open
# in this one, and Playwright's sync API allows one per thread.
CHROMIUM_CHECK = r"""
import json, sys
from playwright.sync_api import sync_playwright
patterns, samples = json.load(sys.stdin)
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=sys.argv[1], args=json.loads(sys.argv[2]))
    try:
        results = browser.new_page().evaluate('''([patterns, samples]) => patterns.map(p => {
            try { const r = new RegExp(p, "u"); return {ok: true, matches: samples.map(s => r.test(s))}; }
            catch (e) { return {ok: false, error: String(e)}; }
        })''', [patterns, samples])
    finally:
        browser.close()
print(json.dumps(results))
"""


@pytest.mark.browser
def test_every_schema_pattern_compiles_in_chromium_with_the_u_flag() -> None:
    if not chromium_available():
        pytest.skip(f"{CHROMIUM} not found")
    found = all_patterns()
    assert any("#" in p for p in found) and len(found) >= 4, found  # the reference pattern is among them
    python = {p: [re.search(p, s) is not None for s in SAMPLES] for p in found}
    done = subprocess.run([sys.executable, "-c", CHROMIUM_CHECK, str(CHROMIUM), json.dumps(CHROMIUM_ARGS)],
                          input=json.dumps([found, SAMPLES]), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert len(results) == len(found)
    for pattern, result in zip(found, results):
        assert result["ok"], f"not a JavaScript (u) regular expression: {pattern}: {result.get('error')}"
        assert result["matches"] == python[pattern], f"{pattern} matches differently in JavaScript"


def test_the_python_only_syntax_that_broke_editors_is_gone() -> None:
    for pattern in all_patterns():
        assert "(?P<" not in pattern and "\\Z" not in pattern and "\\A" not in pattern, pattern


# --- schema checks agree with validate ------------------------------------------------------


class EditorYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML as VS Code's YAML extension reads it (YAML 1.2 core): an unquoted date stays a string."""


EditorYamlLoader.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

# What a per-file JSON Schema can express. Not expressible, and so not in the corpus: references
# to other files (unknown-topic, unknown-document/clause, quotes), raw-html and unsafe-link in
# Markdown, unquoted version labels (YAML 1.2 editors read them as strings), YAML-level problems.
EXPRESSIBLE = {"missing-key", "unknown-key", "wrong-type", "missing-translation", "unknown-language", "empty-text",
               "invalid-id", "invalid-url", "invalid-value", "empty-list", "invalid-reference", "invalid-date",
               "invalid-version-label"}

CLAIM, STATEMENT = "claims/privacy/limited-sharing.yml", "documents/acme-statement.yml"
BAD = {  # name: (file, old, new, the code validate gives)
    "missing key": (CLAIM, "claimant: Acme\n", "", "missing-key"),
    "misspelled key": (CLAIM, "claimant: Acme", "claimnt: Acme", "unknown-key"),
    "invalid id": (CLAIM, "id: limited-sharing", "id: Limited_Sharing", "invalid-id"),
    "rating typo": (CLAIM, "rating: unverifiable", "rating: unverifyable", "invalid-value"),
    "status typo": (CLAIM, "status: published", "status: publish", "invalid-value"),
    "reference syntax": (CLAIM, "ref: acme-policy#sharing", "ref: acme-policy/sharing", "invalid-reference"),
    "reference with a named version syntax": (CLAIM, "ref: acme-policy#sharing", "ref: acme-policy@#sharing",
                                              "invalid-reference"),
    "impossible date": (CLAIM, "reviewed: 2021-02-01", "reviewed: 2021-02-30", "invalid-date"),
    "date in another format": (CLAIM, "reviewed: 2021-02-01", "reviewed: 01/02/2021", "invalid-date"),
    "missing translation": (CLAIM, ", en: Acme shares only limited data.}", "}", "missing-translation"),
    "unknown language": (CLAIM, "en: Acme shares only limited data.", "eng: Acme shares only limited data.",
                         "unknown-language"),
    "blank text": (CLAIM, "claimant: Acme", 'claimant: "  "', "empty-text"),
    "empty list": (CLAIM, "evidence:\n  - ref: acme-policy#sharing\n    quote: \"We share \\\"limited\\\" data\"\n"
                   "    note: {id: Klausul berbagi., en: The sharing clause.}\n", "evidence: []\n", "empty-list"),
    "text instead of list": (CLAIM, "asserted_in:\n  - ref: acme-statement#encrypted\n",
                             "asserted_in: acme-statement#encrypted\n", "wrong-type"),
    "url without scheme": (STATEMENT, "url: https://example.org/statement", "url: example.org/statement", "invalid-url"),
    "version label with a space": (STATEMENT, 'version: "2021-01-12"', 'version: "2021 01 12"',
                                   "invalid-version-label"),
    "document kind typo": (STATEMENT, "kind: statement", "kind: statment", "invalid-value"),
    "site language": ("site.yml", "languages: [id, en]", "languages: [id, en, de]", "invalid-value"),
    "topic id": ("topics.yml", "- id: empty-topic", "- id: Empty Topic", "invalid-id"),
}


def kind_of(relative: str) -> str:
    return {"site.yml": "site", "topics.yml": "topics"}.get(relative) or relative.split("/")[0].removesuffix("s")


def schema_errors(path: Path, kind: str) -> list[str]:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "generator" / "schema" / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [error.message for error in validator.iter_errors(yaml.load(path.read_text(encoding="utf-8"),
                                                                        Loader=EditorYamlLoader))]


def validate_codes(root: Path, path: Path) -> set[str]:
    result = validate.check_content(root)
    return {d.code for d in result.diagnostics if d.path == path and d.severity == "error"} & EXPRESSIBLE


def test_good_files_pass_both_the_schemas_and_validate() -> None:
    files = sorted(p for p in MINIMAL.rglob("*.yml"))
    assert len(files) >= 8
    for path in files:
        relative = path.relative_to(MINIMAL).as_posix()
        assert validate_codes(MINIMAL, path) == set(), relative
        for kind in (kind_of(relative), None):
            assert schema_errors(path, kind) == [], f"{relative} against {SCHEMA_FILES[kind]}"


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_file_fails_both_the_schemas_and_validate(case: str, tmp_path: Path) -> None:
    relative, old, new, code = BAD[case]
    root = tmp_path / "content"
    shutil.copytree(MINIMAL, root)
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the fixture changed: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert code in validate_codes(root, path)
    assert schema_errors(path, kind_of(relative)), f"{SCHEMA_FILES[kind_of(relative)]} accepts what validate refuses"
    if kind_of(relative) != "topics":  # the any-file schema is a union: it refuses too
        assert schema_errors(path, None)


# --- completions ---------------------------------------------------------------------------


def test_schema_with_content_offers_its_topics_and_references_as_examples(tmp_path: Path) -> None:
    done = run_cli("schema", "--kind", "claim", "--content", str(MINIMAL), "-o", str(tmp_path / "claim.json"), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    schema = json.loads((tmp_path / "claim.json").read_text(encoding="utf-8"))
    assert schema["properties"]["topic"]["examples"] == ["privacy", "empty-topic"]
    references = schema["$defs"]["Citation"]["properties"]["ref"]["examples"]
    assert schema["$defs"]["Assertion"]["properties"]["ref"]["examples"] == references
    assert {"acme-policy#storage", "acme-policy@2020-01-01#retired", "acme-statement#encrypted",
            "test-law@2008#pasal-1"} <= set(references)
    assert "acme-policy#retired" not in references  # gone from the current version
    pattern = re.compile(schema["$defs"]["Citation"]["properties"]["ref"]["pattern"])
    assert all(pattern.search(reference) for reference in references)


def test_schema_without_content_has_no_examples() -> None:
    done = run_cli("schema", "--kind", "claim", cwd=ROOT)
    assert done.returncode == 0 and '"examples"' not in done.stdout
