"""YAML syntax errors become advice that points where the fix goes (issue 10, item 3).

Each case: a snippet an editor might write, the exact (line, col) of the advice, and words of
the English and Indonesian message. The pure-Python parser gives the same advice as libyaml.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator import load
from generator.load import load_yaml

F = Path("claims/example.yml")

CASES = {
    # wrong indentation: at the start of the line to re-indent
    "key indented too far": ("id: x\nclaim:\n  id: a\n   en: b\n", (4, 4), "indent this line like the line above (2 spaces)",
                             "seperti baris di atasnya (2 spasi)"),
    "key not indented enough": ("id: x\nclaim:\n  id: a\n en: b\n", (4, 2), "indent this line like the line above (2 spaces)",
                                "seperti baris di atasnya"),
    "key of a list item indented too far": ("evidence:\n  - ref: a\n     note: b\n", (3, 6),
                                            "indent this line like the line above (4 spaces)", "4 spasi"),
    "key of a list item not indented enough": ("evidence:\n  - ref: a\n   note: b\n", (3, 4),
                                               "indent this line like the line above (4 spaces)", "4 spasi"),
    # an unquoted colon: at the start of the value to quote
    "colon in a value": ("id: x\nclaimant: WhatsApp: the company\n", (2, 11), "put the value in quotes",
                         "beri tanda kutip pada nilainya"),
    "colon in a nested value": ("evidence:\n  - ref: a\n    quote: We share: data\n", (3, 12), "put the value in quotes",
                                "tanda kutip"),
    "colon inside braces": ("claim: {id: a: b, en: c}\n", (1, 13), "inside { }, a ':' or ',' in a text needs quotes",
                            "di dalam { }"),
    # a missing `- `: at the start of the item
    "list item without a dash": ("evidence:\n  - ref: a\n    note: b\n  ref: c\n", (4, 3), "a list item needs `- `",
                                 "butir daftar memerlukan `- `"),
    "flow item without a dash": ("questions:\n  - {id: a, en: b}\n  {id: c, en: d}\n", (3, 3), "a list item needs `- `",
                                 "awali baris ini dengan '- '"),
    "first item without a dash": ("evidence:\n  ref: a\n  - ref: b\n", (2, 3), "a list item needs `- `", "butir daftar"),
    "text item without a dash": ("questions:\n  - a\n  b\n", (3, 3), "a list item needs `- `", "butir daftar"),
    # a missing colon
    "key without a colon": ("id: x\nclaimant WhatsApp\nstatus: draft\n", (2, 1), "add ':' after the key",
                            "tambahkan ':' setelah kuncinya"),
    # quotes: at the opening quote
    "unclosed double quote": ('id: x\nclaimant: "WhatsApp\nstatus: draft\n', (2, 11),
                              'the quote " opened here is never closed', "tidak pernah ditutup"),
    "unclosed single quote": ("id: x\nclaimant: 'WhatsApp\nstatus: draft\n", (2, 11),
                              "the quote ' opened here is never closed", "tidak pernah ditutup"),
    "unclosed quote closed lines later": ('id: x\nclaimant: "WhatsApp\nstatus: draft\nfoo: "bar"\n', (2, 11),
                                          'the quote " opened here is never closed', "tidak pernah ditutup"),
    "text after the closing quote": ('id: x\nclaimant: "Whats" App\n', (2, 11), "put the whole value in quotes",
                                     "setelah tanda kutip penutup"),
    "unclosed brace": ("id: x\nclaim: {id: a, en: b\nstatus: draft\n", (2, 8), "the '{' opened here is never closed",
                       "tambahkan '}'"),
    "value starting with @": ("id: @x\n", (1, 5), "cannot start with '@'; put the value in quotes", "tidak boleh diawali '@'"),
}


def advice(raw: str) -> tuple[tuple[int, int], str, str, str]:
    _, diagnostics = load_yaml(F, raw.encode())
    assert len(diagnostics) == 1, [d.message for d in diagnostics]
    (diagnostic,) = diagnostics
    return (diagnostic.line, diagnostic.col), diagnostic.code, diagnostic.text("en"), diagnostic.text("id")


@pytest.mark.parametrize("loader", ["libyaml", "pure-python"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_syntax_error_gets_advice_where_the_fix_goes(case: str, loader: str, monkeypatch) -> None:
    if loader == "pure-python":
        monkeypatch.setattr(load, "Loader", yaml.SafeLoader)
    raw, position, english, indonesian = CASES[case]
    where, code, en_text, id_text = advice(raw)
    assert (where, code) == (position, "yaml-syntax")
    assert english in en_text and indonesian in id_text
    assert "YAML syntax error" not in en_text and "did not find" not in en_text


def test_tabs_keep_their_own_code() -> None:
    assert advice("a:\n\tb: 1\n")[:2] == ((2, 1), "yaml-tab")


def test_an_error_without_advice_keeps_the_parser_words_in_both_languages() -> None:
    where, code, en_text, id_text = advice("a: [1 2]]\n")
    assert code == "yaml-syntax" and en_text.startswith("YAML syntax error: ")
    assert id_text.startswith("kesalahan sintaks YAML: ")
