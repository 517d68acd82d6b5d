"""Property-based tests: whatever bytes or YAML an editor (or an attacker) writes, loading and
validation answer with diagnostics — never an exception, never silence."""

from __future__ import annotations

import datetime as dt
import re
import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from generator import model
from generator.diagnostics import CODES, Diagnostic
from generator.load import load_yaml
from generator.validate import ValidationResult, check_content

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
FILES = sorted(p.relative_to(MINIMAL).as_posix() for p in MINIMAL.rglob("*.yml"))
# PROPERTY_EXAMPLES=5000 for a longer hunt than the suite's quick run.
SETTINGS = settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", 200)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
F = Path("f.yml")


def assert_diagnostics_only(value, diagnostics) -> None:
    assert isinstance(diagnostics, list)
    for d in diagnostics:
        assert isinstance(d, Diagnostic) and d.code in CODES
        assert d.line >= 1 and d.col >= 1
        d.format()  # every diagnostic prints
    if value is None:  # nothing usable came out: it must say why
        assert diagnostics


def assert_sound(result: ValidationResult) -> None:
    assert isinstance(result, ValidationResult)
    assert result.diagnostics == sorted(result.diagnostics)
    assert_diagnostics_only(True, result.diagnostics)
    has_errors = any(d.severity == "error" for d in result.diagnostics)
    assert (result.model is None) == has_errors


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """One copy of the minimal fixture shared by the examples of a test; each example restores
    the file it overwrites."""
    root = tmp_path_factory.mktemp("properties") / "content"
    shutil.copytree(MINIMAL, root)
    return root


def check_with(content: Path, rel: str, raw: bytes) -> ValidationResult:
    target = content / rel
    try:
        target.write_bytes(raw)
        return check_content(content)
    finally:
        shutil.copyfile(MINIMAL / rel, target)


# --- raw bytes and text ---------------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=4000))
@example(b"\xef\xbb\xbf")
@example(b"\x00")
@example(b"a: \x85b\n")
@example("- " * 5000)  # deeper than any stack
def test_any_bytes_give_diagnostics(raw):
    raw = raw.encode() if isinstance(raw, str) else raw
    value, diagnostics = load_yaml(F, raw)
    assert_diagnostics_only(value, diagnostics)


@SETTINGS
@given(st.text(max_size=2000))
@example("\ufeff")
@example("x: \ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
@example("a: 2021-02-30\nb: 2021-13-45 12:00:00\n")
@example("<<: {a: 1}\nx: =\n")
def test_any_text_gives_diagnostics(text):
    value, diagnostics = load_yaml(F, text.encode("utf-8"))
    assert_diagnostics_only(value, diagnostics)


YAML_TOKENS = [
    "\n", "\r\n", "\r", " ", "  ", "\t", ": ", ":", "- ", "-", "? ", "?", ",", "[", "]", "{", "}", "#", "# c\n",
    "'", '"', "''", '""', "\\", "|", "|-", ">", ">-", "&a ", "*a", "&b ", "*b", "<<: ", "!!python/object:os.system ",
    "!!str ", "!x ", "! ", "!!binary ", "---\n", "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "~", "null", "yes",
    "no", "on", "2021-01-12", "2021-02-30", "2021-01-12 10:00:00", "1.5", ".inf", ".nan", "0x1F", "0o17", "=",
    "id", "en", "ref", "quote", "note", "evidence", "claim", "version", "acme-policy#sharing", "é", "€", "😀",
    "\x85", "\u2028", "\x00", "\x07", "\ufeff", "<b>", "[x](javascript:y)",
]


@SETTINGS
@given(st.lists(st.sampled_from(YAML_TOKENS) | st.text(max_size=4), max_size=60).map("".join))
def test_yaml_ish_text_gives_diagnostics(text):
    value, diagnostics = load_yaml(F, text.encode("utf-8", "surrogatepass"))
    assert_diagnostics_only(value, diagnostics)


# --- content folders ------------------------------------------------------------------------------

KEYS = ["id", "en", "topic", "status", "claim", "claimant", "asserted_on", "asserted_in", "ref", "quote", "note",
        "assessment", "rating", "summary", "evidence", "regulations", "questions", "reviewed", "kind", "title",
        "publisher", "original_language", "repealed", "versions", "effective", "url", "archived_url", "retrieved",
        "clauses", "number", "heading", "text", "name", "languages", "description", "claimnt", "fr"]
SCALAR_TEXTS = ["", " ", "privacy", "acme-policy#sharing", "acme-policy@2020-01-01#storage", "test-law@2022#pasal-1",
                "test-law#pasal-2", "no-such#clause", "bad ref", "https://example.org/", "javascript:alert(1)",
                "published", "draft", "supported", "regulation", "2021-01-12", "Pasal 1", "<b>x</b>",
                "[x](javascript:y)", "[x][1]\n\n[1]: ftp://x", "We share “limited” data", "nobody can read them"]
scalars = (st.sampled_from(SCALAR_TEXTS) | st.text(max_size=20) | st.integers() | st.floats(allow_nan=True)
           | st.booleans() | st.none() | st.dates(min_value=dt.date(1, 1, 1)))
keys = st.sampled_from(KEYS) | st.text(max_size=8) | st.integers(-3, 3) | st.booleans() | st.none()
structures = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=6),
                          max_leaves=40)


def dump(value, flow: bool | None) -> bytes:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow, sort_keys=False).encode("utf-8")


@SETTINGS
@given(rel=st.sampled_from(FILES), value=structures, flow=st.sampled_from([False, True, None]))
def test_arbitrary_structures_give_diagnostics(content, rel, value, flow):
    assert_sound(check_with(content, rel, dump(value, flow)))


def _drift(value, data, depth=0):
    """Change a valid file's value a little: the mistakes an editor makes, at any depth."""
    if isinstance(value, dict) and value and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(value, key=str)))
        action = data.draw(st.sampled_from(["drop", "rename", "replace", "recurse", "recurse"]))
        copy = dict(value)
        if action == "drop":
            del copy[key]
        elif action == "rename":
            copy[data.draw(st.sampled_from(KEYS))] = copy.pop(key)
        elif action == "replace":
            copy[key] = data.draw(structures)
        else:
            copy[key] = _drift(value[key], data, depth + 1)
        return copy
    if isinstance(value, list) and value and data.draw(st.booleans()):
        index = data.draw(st.integers(0, len(value) - 1))
        action = data.draw(st.sampled_from(["drop", "duplicate", "replace", "recurse", "recurse"]))
        copy = list(value)
        if action == "drop":
            del copy[index]
        elif action == "duplicate":
            copy.append(copy[index])
        elif action == "replace":
            copy[index] = data.draw(structures)
        else:
            copy[index] = _drift(value[index], data, depth + 1)
        return copy
    return data.draw(structures) if depth and data.draw(st.booleans()) else value


@SETTINGS
@given(rel=st.sampled_from(FILES), data=st.data())
def test_valid_files_changed_a_little_give_diagnostics(content, rel, data):
    original = yaml.load((MINIMAL / rel).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader)
    changed = _drift(original, data)
    assert_sound(check_with(content, rel, dump(changed, False)))


@SETTINGS
@given(rel=st.sampled_from(FILES), data=st.data())
def test_valid_files_with_characters_changed_give_diagnostics(content, rel, data):
    raw = (MINIMAL / rel).read_bytes()
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw)))
        cut = data.draw(st.integers(0, 8))
        insert = data.draw(st.sampled_from(YAML_TOKENS) | st.text(max_size=3)).encode("utf-8", "surrogatepass")
        raw = raw[:at] + insert + raw[at + cut:]
    assert_sound(check_with(content, rel, raw))


# --- no false alarms: quotes ----------------------------------------------------------------------

CLAUSE_TEXT = "We share “limited” data with partners, and we don't sell it; see ‘Annex 2’ for \"details\"."
_TYPOGRAPHIC = {"'": ["'", "‘", "’"], '"': ['"', "“", "”"], "‘": ["'", "‘", "’"], "’": ["'", "‘", "’"],
                "“": ['"', "“", "”"], "”": ['"', "“", "”"]}


@SETTINGS
@given(data=st.data())
def test_a_quote_copied_with_other_whitespace_and_quote_marks_is_found(data):
    words = CLAUSE_TEXT.split(" ")
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    spaces = st.sampled_from([" ", "  ", "\n", "\t", " \n  ", "\u00a0", "\r\n"])
    quote = data.draw(spaces).strip() + "".join(
        (data.draw(spaces) if i else "") + "".join(data.draw(st.sampled_from(_TYPOGRAPHIC.get(ch, [ch]))) for ch in word)
        for i, word in enumerate(words[start:end]))
    assert model.fold_quote_text(quote) in model.fold_quote_text(CLAUSE_TEXT)


@SETTINGS
@given(quote=st.text(min_size=1, max_size=40).filter(lambda q: q.strip()))
def test_a_quote_is_either_found_or_reported(content, quote):
    """Any quote text: found (no diagnostic) or quote-not-found at its own position, nothing else."""
    text = (MINIMAL / "claims/privacy/limited-sharing.yml").read_text(encoding="utf-8")
    text = text.replace('quote: "We share \\"limited\\" data"', "quote: " + yaml.safe_dump(quote, allow_unicode=True, width=10_000).removesuffix("\n...\n").rstrip("\n"))
    assume(text.count("\n") == 15)  # the quote stays on its line
    result = check_with(content, "claims/privacy/limited-sharing.yml", text.encode("utf-8"))
    own = [(d.line, d.col, d.code) for d in result.diagnostics if d.path.name == "limited-sharing.yml"]
    found = model.fold_quote_text(quote) in model.fold_quote_text("We share “limited” data with partners.")
    # A control character is refused on its own (limits.py: no output can hold one), as well.
    # (U+0085 is a line break to YAML, so it never reaches a value.)
    control = [(13, 12, "control-character")] if re.search("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]", quote) else []
    assert own == sorted(control + ([] if found else [(13, 12, "quote-not-found")]))
