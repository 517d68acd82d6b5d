"""Every diagnostic exists in Indonesian and English (issue 10, item 3; SPEC §4 `validate --lang`).

Messages are keys of generator/locales/diagnostics.yml called through `msg("KEY", ...)`. These
tests fail when a code of the registry, a message key used in the code, or one language of a
message is missing, and they run `validate --lang id|en` end to end on broken fixture content.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from editing_support import ROOT, run_cli
from generator import validate
from generator.diagnostics import CODES, Diagnostic, Message, msg
from generator.i18n import strings

GENERATOR = ROOT / "generator"
CATALOGUE = {key: texts for key, texts in strings().items() if key.startswith("diag.")}
# Keys built at run time from a table (f-strings in the code) rather than written out.
DYNAMIC_KEYS = (
    [f"language.{lang}" for lang in ("id", "en")]
    + [f"where.{kind}" for kind in ("site", "topics", "document", "claim", "document-id", "claim-id")]
    + [f"expected.{word}" for word in set(validate._EXPECTED.values())]
    + [f"got.{word}" for word in set(validate._TYPE_WORDS.values())]
    + [f"count.{what}.{form}" for what in ("errors", "warnings") for form in ("one", "other")]
    + [key for _, key in validate._PATTERN_MESSAGES.values()] + list(validate._CUSTOM.values())
    + ["invalid-pattern", "summary", "ok", "empty"]
)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def message_keys_in_code() -> dict[str, str]:
    """Every literal key passed to msg(...) anywhere in generator/, with where it is used."""
    keys: dict[str, str] = {}
    for path in sorted(GENERATOR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "msg" and node.args:
                # A literal key, or literal keys chosen by a condition: msg("a" if x else "b").
                key = node.args[0]
                for part in [key] if isinstance(key, ast.Constant) else [key.body, key.orelse] if isinstance(key, ast.IfExp) else []:
                    if isinstance(part, ast.Constant) and isinstance(part.value, str):
                        keys.setdefault(part.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return keys


def test_every_code_of_the_registry_has_its_sentence_in_both_languages() -> None:
    missing = [code for code in CODES if f"diag.code.{code}" not in CATALOGUE]
    assert not missing, f"add diag.code.<code> with id and en to generator/locales/diagnostics.yml for {missing}"
    for code, sentence in CODES.items():
        texts = CATALOGUE[f"diag.code.{code}"]
        assert texts["en"] == sentence, f"diag.code.{code} en differs from the registry in generator/diagnostics.py"
        assert texts["id"].strip() and texts["id"] != texts["en"], f"diag.code.{code} has no Indonesian sentence"
    stray = {key.removeprefix("diag.code.") for key in CATALOGUE if key.startswith("diag.code.")} - set(CODES)
    assert not stray, f"diagnostics.yml describes codes that are not registered: {stray}"


def test_every_message_the_code_uses_exists_in_both_languages() -> None:
    used = message_keys_in_code()
    assert len(used) > 50, "the scan for msg(...) calls found too little: has the call style changed?"
    missing = {key: where for key, where in {**used, **{k: "table" for k in DYNAMIC_KEYS}}.items()
               if f"diag.{key}" not in CATALOGUE}
    assert not missing, f"message keys without a text in generator/locales/diagnostics.yml: {missing}"


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_both_languages_of_a_message_take_the_same_values(key: str) -> None:
    texts = CATALOGUE[key]
    assert placeholders(texts["id"]) == placeholders(texts["en"]), key
    if key != "diag.empty":
        assert texts["id"].strip() and texts["en"].strip(), key


def test_every_message_text_is_used() -> None:
    used = set(message_keys_in_code()) | set(DYNAMIC_KEYS)
    unused = [key for key in CATALOGUE if not key.startswith("diag.code.") and key.removeprefix("diag.") not in used]
    assert not unused, f"messages nothing uses (remove them or use them): {unused}"


def test_no_diagnostic_is_built_from_finished_text() -> None:
    """Diagnostic(..., "some English") would print English whatever --lang says."""
    offenders = []
    for path in sorted(GENERATOR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Diagnostic":
                message = node.args[5] if len(node.args) > 5 else None
                if isinstance(message, (ast.Constant, ast.JoinedStr, ast.BinOp)):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, f"use msg(KEY, ...) for these diagnostics: {offenders}"
    with pytest.raises(TypeError, match="Message"):
        Diagnostic(Path("x.yml"), 1, 1, "error", "missing-key", "plain text")  # type: ignore[arg-type]


def test_a_message_is_written_in_the_language_asked_for() -> None:
    where = msg("where.field", owner=msg("where.claim-id", id="c"), field="evidence[0]")
    diagnostic = Diagnostic(Path("claims/c.yml"), 3, 5, "error", "unknown-key",
                            msg("unknown-key", where=where, key="qoute", hint=msg("did-you-mean", choices=msg(
                                "join.or", first="'quote'", last="'note'"))))
    assert diagnostic.format("en") == ("claims/c.yml:3:5: error: claim 'c' evidence[0] has unknown key 'qoute'; "
                                       "did you mean 'quote' or 'note'? [unknown-key]")
    assert diagnostic.format("id") == ("claims/c.yml:3:5: error: klaim 'c' evidence[0] memiliki kunci tidak dikenal "
                                       "'qoute'; mungkin maksud Anda 'quote' atau 'note'? [unknown-key]")
    assert isinstance(diagnostic.localised, Message) and diagnostic.message == diagnostic.text("en")


BROKEN = {  # one edit of the minimal fixture per line
    "claims/privacy/limited-sharing.yml": [("\nclaimant: Acme", "\nclaimnt: Acme"),
                                           ("rating: unverifiable", "rating: unverifyable")],
    "claims/privacy/messages-encrypted.yml": [("en: Are backups encrypted?}", "}")],
    "claims/draft-claim.yml": [("acme-policy#ads", "acme-policy#adz")],
}


def test_validate_lang_id_prints_every_message_in_indonesian(minimal_content: Path) -> None:
    for relative, edits in BROKEN.items():
        path = minimal_content / relative
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert text.count(old) == 1, f"the fixture changed: {old!r}"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")

    english = run_cli("validate", "--lang", "en", cwd=minimal_content.parent)
    indonesian = run_cli("validate", "--lang", "id", cwd=minimal_content.parent)
    default = run_cli("validate", cwd=minimal_content.parent)
    assert english.returncode == indonesian.returncode == default.returncode == 1
    assert default.stderr == english.stderr
    en_lines, id_lines = english.stderr.splitlines(), indonesian.stderr.splitlines()
    assert len(en_lines) == len(id_lines) >= 6
    for en_line, id_line in zip(en_lines[:-1], id_lines[:-1]):
        # Same place, severity word and code, so tools parse both alike; a different message.
        en_head, id_head = en_line.split(": ", 2)[:2], id_line.split(": ", 2)[:2]
        assert en_head == id_head and en_line.rsplit(" ", 1)[1] == id_line.rsplit(" ", 1)[1]
        assert en_line != id_line
    assert ("content/claims/draft-claim.yml:12:10: error: klaim 'draft-claim' evidence[0].ref "
            "merujuk klausul tidak dikenal 'adz' dari 'acme-policy@2021-01-01'; mungkin maksud Anda 'ads'? "
            "[unknown-clause]") in id_lines
    assert ("content/claims/privacy/messages-encrypted.yml:26:5: error: klaim 'messages-encrypted' questions[0] tidak "
            "memiliki teks 'en'; tambahkan `en: ...` (bahasa Inggris) [missing-translation]") in id_lines
    assert id_lines[-1].endswith("peringatan") and "kesalahan" in id_lines[-1]


def test_validate_lang_id_reports_success_in_indonesian(minimal_content: Path) -> None:
    done = run_cli("validate", "--lang", "id", cwd=minimal_content.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok: 4 klaim, 3 dokumen, ")
    assert "peringatan" in done.stderr.splitlines()[-1]


def test_an_unknown_message_language_is_a_usage_error(minimal_content: Path) -> None:
    done = run_cli("validate", "--lang", "de", cwd=minimal_content.parent)
    assert done.returncode == 2 and "--lang" in done.stderr
