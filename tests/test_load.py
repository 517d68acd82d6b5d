"""Loading: YAML bytes in, exact (line, col, code) out — and hostile files refused quickly and safely.

Each case is a literal file beside the diagnostics it must give, in the manner of yamllint's
rule tests. Positions are 1-based, as an editor shows them.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import time
from pathlib import Path

import pytest

from generator import load
from generator.load import MAX_FILE_BYTES, YamlMapping, YamlSequence, load_content, load_yaml, position_of, read_file

F = Path("f.yml")


def problems(raw: bytes | str) -> list[tuple[int, int, str]]:
    """The (line, col, code) of every problem load_yaml finds in one file, in order."""
    _, diagnostics = load_yaml(F, raw.encode("utf-8") if isinstance(raw, str) else raw)
    assert all(d.path == F and d.severity == "error" for d in diagnostics)
    return sorted((d.line, d.col, d.code) for d in diagnostics)


def messages(raw: bytes | str) -> str:
    _, diagnostics = load_yaml(F, raw.encode("utf-8") if isinstance(raw, str) else raw)
    return "\n".join(d.message for d in diagnostics)


def data(raw: bytes | str):
    value, diagnostics = load_yaml(F, raw.encode("utf-8") if isinstance(raw, str) else raw)
    assert diagnostics == []
    return value


# --- well-formed files ---------------------------------------------------------------------


def test_values_and_positions_are_kept():
    value = data("id: x\nlist:\n  - a\n  - {b: 1}\nwhen: 2021-01-12\nlabel: '2021'\n")
    assert value == {"id": "x", "list": ["a", {"b": 1}], "when": dt.date(2021, 1, 12), "label": "2021"}
    assert isinstance(value, YamlMapping) and isinstance(value["list"], YamlSequence)
    assert value.key_marks["list"] == (2, 1)
    assert value.value_marks["when"] == (5, 7)
    assert value["list"].item_marks == [(3, 5), (4, 5)]
    assert value["list"][1].key_marks["b"] == (4, 6)
    assert position_of(value, ("list", 1, "b")) == (4, 9)
    assert position_of(value, ("list", 1, "b"), key=True) == (4, 6)
    # a place that does not exist: the deepest part that does
    assert position_of(value, ("list", 7, "b")) == value.value_marks["list"] == (3, 3)


def test_quoted_and_block_scalars_stay_text():
    value = data('a: "2021-01-12"\nb: \'1\'\nc: |\n  yes\nd: >-\n  null\ne: yes\nf: ~\n')
    assert value == {"a": "2021-01-12", "b": "1", "c": "yes\n", "d": "null", "e": True, "f": None}


@pytest.mark.parametrize("raw, expected", [
    ("x: <<\n", {"x": "<<"}),     # the merge key is only text in content
    ("<<: {a: 1}\n", {"<<": {"a": 1}}),  # ... so merging never happens; the key is unknown downstream
    ("x: =\n", {"x": "="}),
    ("x: 2021-02-30\n", {"x": "2021-02-30"}),  # looks like a date, is none: left for the field's check
    ("x: 2021-13-45\n", {"x": "2021-13-45"}),
])
def test_scalars_that_yaml_cannot_construct_stay_text(raw, expected):
    assert data(raw) == expected


def test_windows_line_endings_give_the_same_positions():
    unix = "id: x\nitems:\n  - a\n  - b\n"
    windows = data(unix.replace("\n", "\r\n"))
    assert windows == data(unix)
    assert windows["items"].item_marks == [(3, 5), (4, 5)]
    assert problems("a: 1\r\nb: 2\r\na: 3\r\n") == [(3, 1, "yaml-duplicate-key")]


def test_byte_order_mark_is_accepted_and_does_not_shift_columns():
    value = data(b"\xef\xbb\xbfid: x\nname: y\n")
    assert value == {"id": "x", "name": "y"}
    assert value.key_marks["id"] == (1, 1)
    assert problems(b"\xef\xbb\xbfa: 1\na: 2\n") == [(2, 1, "yaml-duplicate-key")]


def test_explicit_document_markers_are_fine():
    assert data("---\na: 1\n...\n") == {"a": 1}
    assert data("%YAML 1.1\n---\na: 1\n") == {"a": 1}


# --- broken files: snippet → exact diagnostics ----------------------------------------------------


CASES = [
    # YAML syntax
    ("flow-unclosed", "a: [1, 2\nb: 3\n", [(1, 4, "yaml-syntax")]),  # where the ']' is missing
    ("mapping-in-scalar", "a: b: c\n", [(1, 4, "yaml-syntax")]),  # the value to quote
    ("bad-indent", "a:\n  b: 1\n c: 2\n", [(3, 2, "yaml-syntax")]),
    ("unclosed-quote", 'a: "text\nb: 1\n', [(1, 4, "yaml-syntax")]),  # the quote never closed
    ("two-documents", "a: 1\n---\nb: 2\n", [(2, 1, "yaml-syntax")]),
    ("nul-character", "a: b\nc: d\x00\n", [(2, 5, "yaml-syntax")]),
    ("control-character-after-non-ascii", "a: ééé\x07\n", [(1, 7, "yaml-syntax")]),
    # duplicate keys, at the second occurrence
    ("duplicate-key", "id: a\nname: b\nid: c\n", [(3, 1, "yaml-duplicate-key")]),
    ("duplicate-key-nested", "x:\n  a: 1\n  a: 2\n", [(3, 3, "yaml-duplicate-key")]),
    ("duplicate-key-flow", "x: {a: 1, a: 2}\n", [(1, 11, "yaml-duplicate-key")]),
    ("duplicate-key-three-times", "a: 1\na: 2\na: 3\n", [(2, 1, "yaml-duplicate-key"), (3, 1, "yaml-duplicate-key")]),
    # tags, on scalars, mappings, sequences and the document
    ("tag-python-object", "a: !!python/object:os.system x\n", [(1, 4, "yaml-tag")]),
    ("tag-python-apply-on-mapping", "a: !!python/object/apply:os.system\n  args: [ls]\n", [(1, 4, "yaml-tag")]),
    ("tag-python-name", "a: !!python/name:os.system ''\n", [(1, 4, "yaml-tag")]),
    ("tag-custom", "a: !custom 1\n", [(1, 4, "yaml-tag")]),
    ("tag-str", "a: !!str 1\n", [(1, 4, "yaml-tag")]),
    ("tag-binary", "a: !!binary aGVsbG8=\n", [(1, 4, "yaml-tag")]),
    ("tag-on-sequence", "a: !!set [1]\n", [(1, 4, "yaml-tag")]),
    ("tag-on-document", "--- !foo\na: 1\n", [(1, 5, "yaml-tag")]),
    ("tag-directive", "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n", [(3, 4, "yaml-tag")]),
    # anchors and aliases
    ("anchor", "a: &x 1\n", [(1, 4, "yaml-anchor")]),
    ("anchor-on-mapping", "a: &x\n  b: 1\n", [(1, 4, "yaml-anchor")]),
    ("anchor-and-alias", "a: &x 1\nb: *x\n", [(1, 4, "yaml-anchor"), (2, 4, "yaml-anchor")]),
    ("merge-key-with-alias", "base: &b {x: 1}\nother:\n  <<: *b\n", [(1, 7, "yaml-anchor"), (3, 7, "yaml-anchor")]),
    # encoding
    ("latin-1", "a: caf\xe9\n".encode("latin-1"), [(1, 7, "yaml-encoding")]),
    ("latin-1-second-line", "a: ok\nb: na\xefve\n".encode("latin-1"), [(2, 6, "yaml-encoding")]),
    ("utf-16", "a: 1\n".encode("utf-16"), [(1, 1, "yaml-encoding")]),
    ("truncated-utf-8", "a: é".encode("utf-8")[:-1], [(1, 4, "yaml-encoding")]),
    # empty files
    ("empty", b"", [(1, 1, "empty-file")]),
    ("blank-lines", "\n  \n\n", [(1, 1, "empty-file")]),
    ("comments-only", "# a claim\n\n   # to write\n", [(1, 1, "empty-file")]),
    ("bom-only", b"\xef\xbb\xbf", [(1, 1, "empty-file")]),
    ("null", "~\n", [(1, 1, "empty-file")]),
    ("null-after-comment", "# nothing yet\nnull\n", [(2, 1, "empty-file")]),
    ("bare-document-marker", "---\n", [(2, 1, "empty-file")]),
    # tabs
    ("tab-indentation", "a:\n\tb: 1\n", [(2, 1, "yaml-tab")]),
    ("tab-in-list", "a:\n  - x\n\t- y\n", [(3, 1, "yaml-tab")]),
    # keys that are not words
    ("mapping-as-key", "? {a: 1}\n: x\n", [(1, 3, "wrong-type")]),
    ("list-as-key", "[a, b]: x\n", [(1, 1, "wrong-type")]),
    # nesting deep enough to exhaust the stack
    ("deep-block-nesting", "- " * 3000 + "x\n", [(1, 203, "yaml-syntax")]),
    ("deep-flow-nesting", "[" * 3000 + "]" * 3000 + "\n", [(1, 1001, "yaml-syntax")]),
]


@pytest.mark.parametrize("raw, expected", [pytest.param(raw, expected, id=name) for name, raw, expected in CASES])
def test_broken_file(raw, expected):
    assert problems(raw) == expected


@pytest.mark.parametrize("name, raw, expected", [pytest.param(*case, id=case[0]) for case in CASES])
def test_broken_file_with_the_pure_python_loader(monkeypatch, name, raw, expected):
    """Where libyaml is missing, PyYAML's own parser stands in: same diagnostics, same places."""
    import yaml

    monkeypatch.setattr(load, "Loader", yaml.SafeLoader)
    if name == "deep-flow-nesting":  # the pure parser has no depth limit of its own: ours comes first
        expected = [(1, load.MAX_DEPTH + 2, "yaml-syntax")]
    assert problems(raw) == expected


@pytest.mark.parametrize("raw, words", [
    ("id: a\nid: b\n", ["duplicate key 'id'", "first at line 1"]),
    ("a: !!python/object:os.system x\n", ["'!!python/object:os.system'", "not allowed"]),
    ("a: &anchor 1\nb: *anchor\n", ["'&anchor'", "'*anchor'"]),
    ("a: caf\xe9\n".encode("latin-1"), ["0xe9", "UTF-8"]),
    ("", ["empty"]),
    ("a:\n\tb: 1\n", ["tab", "spaces"]),
    ("a: [1, 2\n", ["'[' opened here is never closed"]),
    ("a: b: c\n", ["put the value in quotes"]),
    ("a: [1 2]]\n", ["YAML syntax error"]),  # no advice for this one: the parser's words
    ("a: \x00\n", ["U+0000"]),
    ("a: 1\n---\nb: 2\n", ["one YAML document", "---"]),
])
def test_messages_say_what_is_wrong(raw, words):
    text = messages(raw)
    for word in words:
        assert word in text


def test_duplicate_key_keeps_the_first_value():
    value, _ = load_yaml(F, b"claim: first\nclaim: second\n")
    assert value == {"claim": "first"}


def test_problems_after_the_first_are_found_too():
    raw = "a: &x 1\nb: !!str 2\nc: 3\nc: 4\nd: !custom\n  e: 5\n"
    assert problems(raw) == [(1, 4, "yaml-anchor"), (2, 4, "yaml-tag"), (4, 1, "yaml-duplicate-key"), (5, 4, "yaml-tag")]


# --- the content folder ---------------------------------------------------------------------------


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def folder_problems(root: Path) -> list[tuple[str, int, int, str, str]]:
    loaded = load_content(root)
    return sorted((d.path.relative_to(root).as_posix(), d.line, d.col, d.severity, d.code) for d in loaded.diagnostics)


def test_empty_folder_reports_every_missing_part(tmp_path):
    assert folder_problems(tmp_path) == [
        ("claims", 1, 1, "error", "missing-file"),
        ("documents", 1, 1, "error", "missing-file"),
        ("site.yml", 1, 1, "error", "missing-file"),
        ("topics.yml", 1, 1, "error", "missing-file"),
    ]


def test_which_files_are_read(minimal_content):
    write(minimal_content, "claims/extra.yaml", "id: x\n")
    write(minimal_content, "claims/notes.txt", "x\n")
    write(minimal_content, "claims/.DS_Store", b"\0\0")  # hidden files that are not YAML: silently skipped
    write(minimal_content, "claims/deep/er/claim.yml", "id: nested\n")  # claims may nest
    write(minimal_content, "documents/regulations/law.yml", "id: law\n")  # documents may not
    write(minimal_content, "documents/README.md", "notes\n")
    loaded = load_content(minimal_content)
    assert sorted(s.path.relative_to(minimal_content).as_posix() for s in loaded.claims) == [
        "claims/deep/er/claim.yml", "claims/draft-claim.yml", "claims/privacy/limited-sharing.yml",
        "claims/privacy/messages-encrypted.yml", "claims/withdrawn-claim.yml"]
    assert len(loaded.documents) == 3
    assert folder_problems(minimal_content) == [
        ("claims/extra.yaml", 1, 1, "warning", "ignored-file"),
        ("claims/notes.txt", 1, 1, "warning", "ignored-file"),
        ("documents/README.md", 1, 1, "warning", "ignored-file"),
        ("documents/regulations/law.yml", 1, 1, "warning", "ignored-file"),
    ]
    by_path = {d.path.name: d.message for d in loaded.diagnostics}
    assert "rename to extra.yml" in by_path["extra.yaml"]
    assert "sub-folders" in by_path["law.yml"]


def test_unreadable_file_is_left_out_but_reported(minimal_content):
    write(minimal_content, "claims/broken.yml", "id: [\n")
    loaded = load_content(minimal_content)
    assert "broken.yml" not in [s.path.name for s in loaded.claims]
    assert folder_problems(minimal_content) == [("claims/broken.yml", 2, 1, "error", "yaml-syntax")]


def test_file_with_recoverable_problems_is_kept_but_marked(minimal_content):
    write(minimal_content, "claims/dup.yml", "id: a\nid: b\n")
    source = next(s for s in load_content(minimal_content).claims if s.path.name == "dup.yml")
    assert source.data == {"id": "a"} and not source.ok


# --- hostile files ----------------------------------------------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_refused_quickly():
    started = time.perf_counter()
    value, diagnostics = load_yaml(F, BILLION_LAUGHS.encode())
    assert time.perf_counter() - started < 0.5
    assert value is None
    assert [(d.line, d.col, d.code) for d in diagnostics] == [
        (1, 4, "yaml-anchor"), (2, 4, "yaml-anchor"), (2, 8, "yaml-anchor")]


def test_alias_bomb_in_content_folder(minimal_content):
    write(minimal_content, "claims/bomb.yml", BILLION_LAUGHS)
    from generator.validate import check_content

    started = time.perf_counter()
    result = check_content(minimal_content)
    assert time.perf_counter() - started < 2
    assert [(d.path.name, d.line, d.col, d.code) for d in result.diagnostics if d.severity == "error"] == [
        ("bomb.yml", 1, 4, "yaml-anchor"), ("bomb.yml", 2, 4, "yaml-anchor"), ("bomb.yml", 2, 8, "yaml-anchor")]


@pytest.mark.parametrize("payload", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.call [['touch', '{marker}']]",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/object/apply:builtins.open ['{marker}', 'w']",
])
def test_python_tags_are_refused_and_never_executed(tmp_path, payload):
    marker = tmp_path / "executed"
    raw = f"id: x\nclaimant: {payload.format(marker=marker)}\n"
    value, diagnostics = load_yaml(F, raw.encode())
    assert [(d.line, d.col, d.code) for d in diagnostics] == [(2, 11, "yaml-tag")]
    assert not marker.exists()
    # nothing was constructed from the tag either: what is left is plain data
    assert value["id"] == "x" and isinstance(value["claimant"], list)


def test_python_tag_in_content_folder_executes_nothing(minimal_content, tmp_path):
    from generator.validate import check_content

    marker = tmp_path / "executed"
    write(minimal_content, "site.yml", f"!!python/object/apply:os.system ['touch {marker}']\n")
    result = check_content(minimal_content)
    assert not marker.exists()
    assert result.model is None
    assert ("site.yml", 1, 1, "yaml-tag") in [(d.path.name, d.line, d.col, d.code) for d in result.diagnostics]


def test_huge_file_is_refused_by_its_size_without_being_read(tmp_path, monkeypatch):
    huge = tmp_path / "huge.yml"
    with huge.open("wb") as handle:  # 50 MB, sparse: costs no disk and no time to make
        handle.truncate(50 * 1024 * 1024)
    real_read_bytes, real_open = pathlib.Path.read_bytes, pathlib.Path.open

    def guarded_read_bytes(self):
        assert self != huge, "the huge file was read"
        return real_read_bytes(self)

    def guarded_open(self, *args, **kwargs):
        assert self != huge, "the huge file was opened"
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "read_bytes", guarded_read_bytes)
    monkeypatch.setattr(pathlib.Path, "open", guarded_open)
    started = time.perf_counter()
    source, diagnostics = read_file(huge)
    assert time.perf_counter() - started < 0.1
    assert source is None
    assert [(d.line, d.col, d.severity, d.code) for d in diagnostics] == [(1, 1, "error", "file-too-large")]
    assert "52,428,800 bytes" in diagnostics[0].message


def test_huge_file_in_content_folder(minimal_content):
    from generator.validate import check_content

    huge = minimal_content / "documents" / "huge.yml"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    result = check_content(minimal_content)
    assert time.perf_counter() - started < 2
    assert [(d.path.name, d.code) for d in result.diagnostics if d.severity == "error"] == [("huge.yml", "file-too-large")]


def test_size_limit_boundary(tmp_path):
    body = b"id: x\n"
    at_limit = write(tmp_path, "at.yml", body + b"#" * (MAX_FILE_BYTES - len(body) - 1) + b"\n")
    over = write(tmp_path, "over.yml", body + b"#" * (MAX_FILE_BYTES - len(body)) + b"\n")
    assert at_limit.stat().st_size == MAX_FILE_BYTES
    source, diagnostics = read_file(at_limit)
    assert diagnostics == [] and source.data == {"id": "x"}
    source, diagnostics = read_file(over)
    assert source is None and [d.code for d in diagnostics] == ["file-too-large"]


def test_deep_nesting_is_refused_without_a_traceback():
    for raw in ("- " * 50_000 + "x\n", "a:\n" + "".join("  " * i + "a:\n" for i in range(1, 2000))):
        value, diagnostics = load_yaml(F, raw.encode())
        assert value is None and [d.code for d in diagnostics] == ["yaml-syntax"]


def test_loader_is_the_c_one_when_available():
    import yaml

    if getattr(yaml, "CSafeLoader", None) is not None:
        assert load.Loader is yaml.CSafeLoader
