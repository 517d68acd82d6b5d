"""A misquoted passage is reported with the words that differ (issue 10, item 3)."""

from __future__ import annotations

import pytest

from generator.validate import closest_passage, quote_hint

TEXT = ("We keep your messages in encrypted form on our servers until they are delivered. "
        "Acme shares your data with partners that help run the service.")


@pytest.mark.parametrize("quote, english, indonesian", [
    ("Acme share your data", "; the quote has 'share' where the clause has 'shares'",
     "; kutipan memuat 'share', sedangkan klausul memuat 'shares'"),
    ("We keep your messages encrypted", "; the quote lacks 'in', which the clause has",
     "; kutipan tidak memuat 'in' yang ada dalam klausul"),
    ("in encrypted form on all our servers", "; the quote has 'all', which the clause does not",
     "; kutipan memuat 'all', yang tidak ada dalam klausul"),
    ("in encripted form on servers", "; the quote has 'encripted' where the clause has 'encrypted'; "
     "the quote lacks 'our', which the clause has", "; kutipan memuat 'encripted', sedangkan klausul memuat 'encrypted'; "
     "kutipan tidak memuat 'our' yang ada dalam klausul"),
])
def test_a_near_miss_names_the_differing_words(quote: str, english: str, indonesian: str) -> None:
    assert quote not in TEXT
    hint = quote_hint(quote, TEXT, closest_passage(quote, TEXT))
    assert (hint.text("en"), hint.text("id")) == (english, indonesian)


def test_a_quote_differing_in_many_places_shows_the_closest_passage() -> None:
    quote = "Acme shars your dta with partnrs that hlp run the service"  # four separate typos
    passage = closest_passage(quote, TEXT)
    assert passage
    assert quote_hint(quote, TEXT, passage).text("en") == f'; the closest passage is "{passage}"'


def test_nothing_close_gives_no_hint() -> None:
    assert quote_hint("entirely unrelated words", TEXT, None).text("en") == ""
